//! Pronouns ("he", "she", "it", "they") and definite descriptions ("the
//! group", "the village", "the country"), resolved to the nearest compatible
//! antecedent before them.

use super::{Claim, Found, Mention};
use crate::extract::Doc;
use crate::lexicon::rule_words::rule_words;
use crate::lexicon::{Description, Gender};
use crate::ontology::EntityType;
use crate::tokens::TokKind;
use std::collections::HashSet;

const PRONOUNS_M: &[&str] = &["he", "him", "his", "himself"];
const PRONOUNS_F: &[&str] = &["she", "her", "hers", "herself"];

/// The pronoun and definite-description mentions of a document, resolved
/// against the name mentions `raw` (sorted by start).
pub(super) fn resolve(
    d: &Doc,
    raw: &[Mention],
    found: &Found,
    claim: &[Claim],
    run_tokens: &HashSet<usize>,
) -> Vec<Mention> {
    let n = d.toks.len();
    let mut extra: Vec<Mention> = Vec::new();
    {
        let mut last_person: Vec<(usize, usize)> = Vec::new(); // (token, entity)
        let mut last_country: Option<(usize, usize)> = None;
        // Organizations, groups and countries (for it/they/"the group") and
        // places (for "the village"), in text order: (token, entity,
        // sentence, is a country, is a place).
        let mut recent: Vec<(usize, usize, usize, bool, bool)> = Vec::new();
        let mut mi = 0;
        #[allow(clippy::needless_range_loop)] // k indexes several parallel arrays
        for k in 0..n {
            while mi < raw.len() && raw[mi].tok.start <= k {
                let m = &raw[mi];
                // The dateline's place and agency are nobody's antecedent.
                if d.dateline.as_ref().is_some_and(|dl| dl.holds(m.tok.start)) {
                    mi += 1;
                    continue;
                }
                match m.kind {
                    EntityType::Person => last_person.push((m.tok.start, m.entity)),
                    EntityType::Country => last_country = Some((m.tok.start, m.entity)),
                    _ => {}
                }
                if !m.demonym && m.rule != "state-forces" {
                    match m.kind {
                        EntityType::Organization | EntityType::Group | EntityType::Country => {
                            recent.push((
                                m.tok.start,
                                m.entity,
                                m.sentence,
                                m.kind == EntityType::Country,
                                false,
                            ));
                        }
                        EntityType::Location => {
                            recent.push((m.tok.start, m.entity, m.sentence, false, true));
                        }
                        _ => {}
                    }
                }
                mi += 1;
            }
            if claim[k] != Claim::Free || run_tokens.contains(&k) {
                continue;
            }
            let w = d.low(k);
            let gender = if PRONOUNS_M.contains(&w) {
                Some(Gender::Male)
            } else if PRONOUNS_F.contains(&w) {
                Some(Gender::Female)
            } else {
                None
            };
            let sent = d.sent_of[k];
            if let Some(g) = gender {
                // In text order, so stop at the first one out of reach
                // (a scan of every earlier person would be quadratic).
                let ante = last_person
                    .iter()
                    .rev()
                    .take_while(|&&(t, _)| d.sent_of[t] + 3 >= sent)
                    .find(|&&(_, e)| {
                        let eg = found.entities[e].gender;
                        eg == g || eg == Gender::Unknown
                    });
                if let Some(&(_, e)) = ante {
                    extra.push(Mention::over(d, k..k + 1, EntityType::Person, e, "pronoun"));
                }
            } else if let Some((e, kind)) = org_pronoun(d, k, sent, w, &recent, found) {
                extra.push(Mention::over(d, k..k + 1, kind, e, "pronoun"));
            } else if let Some((len, e, kind)) =
                definite_description(d, k, sent, &recent, found, claim, run_tokens)
            {
                extra.push(Mention::over(d, k..k + len, kind, e, "definite"));
            } else if w == "the"
                && k + 1 < n
                && rule_words().definite_state.contains(d.low(k + 1))
                && let Some((t, e)) = last_country
                && d.sent_of[t] + 3 >= sent
            {
                extra.push(Mention::over(
                    d,
                    k..k + 2,
                    EntityType::Country,
                    e,
                    "definite",
                ));
            }
        }
    }
    extra
}

/// Resolves "it"/"its" (an organization, group or country) and
/// "they"/"their"/"them" (an organization or group). A possessive takes the
/// nearest one before it in the sentence; a subject pronoun takes the first
/// one of its sentence before it (the subject), else the first of the
/// previous sentence ("The Rowing League is a body in
/// Peru. It was set up …" → the federation, not Peru). Expletive "it" ("it
/// is likely that", "it was decided to") is left alone.
fn org_pronoun(
    d: &Doc,
    k: usize,
    sent: usize,
    w: &str,
    recent: &[(usize, usize, usize, bool, bool)],
    found: &Found,
) -> Option<(usize, EntityType)> {
    let singular = matches!(w, "it" | "its");
    if !singular && !matches!(w, "they" | "their" | "them") {
        return None;
    }
    if w == "it"
        && (k + 1..(k + 5).min(d.toks.len()))
            .any(|q| matches!(d.low(q), "that" | "to" | "whether" | "if"))
    {
        return None;
    }
    let ok = |&&(_, _, _, country, place): &&(usize, usize, usize, bool, bool)| {
        !place && (singular || !country)
    };
    // Candidates from this sentence and the two before it, nearest first.
    let mut window = recent
        .iter()
        .rev()
        .filter(|c| c.0 < k)
        .take_while(|c| c.2 + 2 >= sent);
    let pick = if matches!(w, "its" | "their") {
        window.find(ok)
    } else {
        let cands: Vec<_> = window.filter(ok).collect();
        let first_of = |s: usize| cands.iter().rev().find(|c| c.2 == s).copied();
        first_of(sent).or_else(|| (1..=2).find_map(|b| sent.checked_sub(b).and_then(first_of)))
    }?;
    Some((pick.1, found.entities[pick.1].kind))
}

/// "the group", "the jihadist group" → the nearest organization or group in
/// this or the three sentences before; "the village", "the city" → the
/// nearest place that is not a country. Returns (token length, entity,
/// type).
fn definite_description(
    d: &Doc,
    k: usize,
    sent: usize,
    recent: &[(usize, usize, usize, bool, bool)],
    found: &Found,
    claim: &[Claim],
    run_tokens: &HashSet<usize>,
) -> Option<(usize, usize, EntityType)> {
    if d.low(k) != "the" {
        return None;
    }
    let sr = &d.sents[sent];
    let free = |q: usize| q < sr.end && claim[q] == Claim::Free && !run_tokens.contains(&q);
    let head = |q: usize| {
        if free(q) && d.tok(q).chars().next().is_some_and(char::is_lowercase) {
            d.lex.descriptions.get(d.low(q)).copied()
        } else {
            None
        }
    };
    // "the group", or one lowercase modifier first ("the jihadist group").
    let (len, kind) = match head(k + 1) {
        Some(h @ (Description::Org | Description::Place)) => (2, h),
        _ => match head(k + 2) {
            Some(h @ (Description::Org | Description::Place))
                if free(k + 1)
                    && d.toks[k + 1].kind == TokKind::Word
                    && d.tok(k + 1).chars().next().is_some_and(char::is_lowercase)
                    && (d.lex.descriptions.get(d.low(k + 1)) == Some(&Description::Modifier)
                        || (h == Description::Place
                            && !d.lex.descriptions.contains_key(d.low(k + 1)))) =>
            {
                (3, h)
            }
            _ => return None,
        },
    };
    // Not the head of a longer phrase: "the group of", "the city council".
    let after = k + len;
    if after < sr.end
        && (d.low(after) == "of"
            || (d.toks[after].kind == TokKind::Word
                && d.tok(after).chars().next().is_some_and(char::is_lowercase)
                && d.lex.descriptions.contains_key(d.low(after))))
    {
        return None;
    }
    let want_place = kind == Description::Place;
    let pick = recent
        .iter()
        .rev()
        .filter(|c| c.0 < k)
        .take_while(|c| c.2 + 3 >= sent)
        .find(|c| if want_place { c.4 } else { !c.3 && !c.4 })?;
    Some((len, pick.1, found.entities[pick.1].kind))
}
