//! Names from capitalization: runs of capitalized words (with particles,
//! hyphens and initials), typed by head words ("... Ministry"), given names,
//! acronyms, sports context and the words around them.

use super::Claim;
use super::gazetteer::GazCand;
use crate::extract::Doc;
use crate::lexicon::rule_words::rule_words;
use crate::lexicon::{Description, GazKind, SportsWord};
use crate::ontology::{self, EntityType};
use crate::tokens::TokKind;
use std::ops::Range;

/// A run of capitalized words taken as a name.
pub(super) struct Run {
    /// Token range.
    pub(super) tok: Range<usize>,
    /// Entity type.
    pub(super) kind: EntityType,
    /// Rule that found it.
    pub(super) rule: &'static str,
}

/// The capitalized runs of a document in text order; frees the tokens they
/// cover from gazetteer claims they absorb.
pub(super) fn runs(d: &Doc, caps_ratio: &[bool], gaz: &[GazCand], claim: &mut [Claim]) -> Vec<Run> {
    let lex = d.lex;
    let mut runs: Vec<Run> = Vec::new();
    let is_stop = |k: usize| lex.stopwords.contains(d.tok(k));
    let particle_join = |k: usize| {
        // particle (lowercase) or hyphen joining two name parts
        let w = d.low(k);
        (rule_words().name_particle.contains(w) && d.tok(k).chars().next().is_some_and(char::is_lowercase))
            || (d.tok(k) == "-" && !d.toks[k].space_before)
            // the period of an initial: "T. Vale"
            || (d.tok(k) == "."
                && k > 0
                && !d.toks[k].space_before
                && d.tok(k - 1).chars().count() == 1
                && d.is_cap(k - 1))
    };
    for (si, r) in d.sents.iter().enumerate() {
        if caps_ratio[si] {
            continue;
        }
        let words: Vec<usize> = r
            .clone()
            .filter(|&k| d.toks[k].kind == TokKind::Word)
            .collect();
        let capwords = words
            .iter()
            .filter(|&&k| d.is_cap(k) || d.toks[k].kind != TokKind::Word)
            .count();
        let headline = words.len() >= 3
            && capwords * 10 >= words.len() * 7
            && !matches!(d.tok(r.end - 1), "." | "!" | "?" | "\"" | "\u{201d}");
        let mut k = r.start;
        while k < r.end {
            let startable = claim[k] == Claim::Free && d.is_cap(k) && !is_stop(k);
            let particle_start = claim[k] == Claim::Free
                && particle_join(k)
                && d.tok(k) != "-"
                && k + 2 < r.end
                && d.tok(k + 1) == "-"
                && d.is_cap(k + 2);
            if !startable && !particle_start {
                k += 1;
                continue;
            }
            let s = k;
            let mut e = k + 1;
            loop {
                let name_word = e < r.end && claim[e] == Claim::Free && d.is_cap(e) && !is_stop(e);
                let connector = e + 1 < r.end
                    && claim[e] == Claim::Free
                    && particle_join(e)
                    && claim[e + 1] == Claim::Free
                    && (d.is_cap(e + 1) || particle_join(e + 1));
                if !(name_word || connector) {
                    break;
                }
                e += 1;
            }
            // Trim trailing connectors.
            while e > s + 1 && particle_join(e - 1) {
                e -= 1;
            }
            let cue_of =
                |a: usize, b: usize| (a..b).rev().find_map(|q| lex.cues.get(d.low(q)).copied());
            let mut cue = cue_of(s, e);
            // Extend org/location names across "of"/"for" ("Ministry of
            // Foreign Affairs", "Bank of England", "Gulf of Oman").
            while cue.is_some() && e + 1 < r.end && matches!(d.low(e), "of" | "for" | "on") {
                let mut q = e + 1;
                if d.low(q) == "the" {
                    q += 1;
                }
                if q < r.end && d.is_cap(q) && claim[q] != Claim::Title && !is_stop(q) {
                    let mut z = q;
                    while z < r.end && d.is_cap(z) && claim[z] != Claim::Title && !is_stop(z) {
                        z += 1;
                    }
                    e = z;
                    cue = cue_of(s, e).or(cue);
                } else {
                    break;
                }
            }
            let mut s2 = s;
            // Left extension over an adjacent country/demonym for organizations
            // ("Iranian Foreign Ministry", "US Department of the Treasury").
            if matches!(
                cue,
                Some(EntityType::Organization | EntityType::Group | EntityType::Location)
            ) && s > r.start
                && let Claim::Gaz(g) = claim[s - 1]
            {
                let kind = lex.entries[gaz[g].entry].kind;
                if matches!(
                    kind,
                    GazKind::CountryName
                        | GazKind::Demonym
                        | GazKind::City
                        | GazKind::Capital
                        | GazKind::Region
                ) {
                    s2 = gaz[g].tok.start;
                }
            }
            let len = e - s;
            let first = d.tok(s);
            // "US$40", "HK$2": a currency prefix names money, not a body.
            if len == 1 && d.text[d.toks[s].end..].starts_with('$') {
                k = e;
                continue;
            }
            let after_title = s2 > 0 && claim[s2 - 1] == Claim::Title
                || (s2 > 1 && claim[s2 - 2] == Claim::Title && d.tok(s2 - 1) == ".");
            let given = lex.given_names.get(first).copied();
            let acronym = len == 1
                && first.chars().count() >= 2
                && first.chars().count() <= 6
                && first
                    .chars()
                    .all(|c| c.is_uppercase() || c.is_ascii_digit());
            let sentence_initial =
                s == r.start || (s == r.start + 1 && d.toks[r.start].kind == TokKind::Punct);
            // "Vale, a striker, …", "Roe, the agency chief, …"
            let appositive_title = d.tok(e) == ","
                && (e + 1..(e + 5).min(r.end)).any(|q| {
                    claim[q] == Claim::Title
                        || lex
                            .titles
                            .get(d.low(q))
                            .is_some_and(|ts| ts.iter().any(|t| t.relation.is_some()))
                });
            let followed_by_speech = appositive_title
                || ontology::is_speech_after_name(d.low(e))
                || (d.low(e) == "," && matches!(d.low(e + 1), "who" | "whose"))
                // "said Vale .", "Roe , 31 , faces …"
                || (s2 > r.start
                    && matches!(d.low(s2 - 1), "said" | "says" | "added")
                    && (e >= r.end || d.toks[e].kind == TokKind::Punct))
                || (d.tok(e) == ","
                    && d.toks.get(e + 1).is_some_and(|t| t.kind == TokKind::Number)
                    && d.tok(e + 1).len() <= 2
                    && d.tok(e + 2) == ",");
            let prev_low = if s2 > r.start { d.low(s2 - 1) } else { "" };
            let name_words: Vec<&str> = (s..e)
                .filter(|&q| d.toks[q].kind == TokKind::Word && !particle_join(q))
                .map(|q| d.tok(q))
                .filter(|w| w.chars().count() > 1)
                .collect();
            let all_common = !name_words.is_empty() && name_words.iter().all(|w| lex.is_common(w));
            let prev2_low = if s2 >= r.start + 2 { d.low(s2 - 2) } else { "" };
            // "the city of Brell"
            let place_of = prev_low == "of" && rule_words().place_noun.contains(prev2_low);
            // "Avel river", "Brell mountains"
            let place_cue_after = d.tok(e).chars().next().is_some_and(char::is_lowercase)
                && lex.cues.get(d.low(e)) == Some(&EntityType::Location);
            let country_in_parens = d.tok(e) == "("
                && gaz
                    .get(gaz.partition_point(|g| g.tok.start <= e))
                    .is_some_and(|g| {
                        g.tok.start == e + 1
                            && lex.entries[g.entry].entity_type == EntityType::Country
                    });
            let next_is_number = d.toks.get(e).is_some_and(|t| t.kind == TokKind::Number);
            let pronoun_after = (e..(e + 10).min(r.end)).any(|q| {
                matches!(
                    d.low(q),
                    "his" | "her" | "he" | "she" | "himself" | "herself"
                )
            });
            // A club named by a city and a word ("Dynamo Brell", "Brell
            // United", "Eastport Eagles"): one organization over both.
            let city_at = |q: usize| match claim.get(q) {
                Some(&Claim::Gaz(g))
                    if !gaz[g].weak
                        && matches!(
                            lex.entries[gaz[g].entry].kind,
                            GazKind::City | GazKind::Capital
                        ) =>
                {
                    Some(g)
                }
                _ => None,
            };
            let club_ok = cue.is_none()
                && !after_title
                && given.is_none()
                && !acronym
                && !headline
                && len <= 2
                && !followed_by_speech
                && (s..e)
                    .filter(|&q| d.toks[q].kind == TokKind::Word)
                    .all(|q| {
                        let w = d.tok(q);
                        lex.sports.get(d.low(q)) == Some(&SportsWord::Club)
                            || (!lex.is_common(w) && !sentence_initial)
                            || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss"))
                    });
            let mut club: Option<Range<usize>> = None;
            if club_ok {
                if let Some(g) =
                    city_at(e).filter(|&g| gaz[g].tok.start == e && d.toks[e].space_before)
                    // "Dynamo Brell", but not "Tom Brell" (a person).
                    && (s..e).filter(|&q| d.toks[q].kind == TokKind::Word).all(|q| {
                        lex.sports.get(d.low(q)) == Some(&SportsWord::Club)
                    })
                {
                    club = Some(s..gaz[g].tok.end);
                } else if s > r.start
                    && let Some(g) =
                        city_at(s - 1).filter(|&g| gaz[g].tok.end == s && d.toks[s].space_before)
                    // "Brell United", "Eastport Eagles", but not
                    // "Tom Vale Brell": after the city, a club word or a plural.
                    && (s..e).filter(|&q| d.toks[q].kind == TokKind::Word).all(|q| {
                        let w = d.tok(q);
                        lex.sports.get(d.low(q)) == Some(&SportsWord::Club)
                            || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss"))
                    })
                {
                    let gs = gaz[g].tok.start;
                    let before = if gs > r.start { d.low(gs - 1) } else { "" };
                    if !rule_words().locative.contains(before) {
                        club = Some(gs..e);
                    }
                }
            }
            if let Some(c) = club {
                for q in c.clone() {
                    claim[q] = Claim::Free;
                }
                k = c.end;
                runs.push(Run {
                    tok: c,
                    kind: EntityType::Organization,
                    rule: "club",
                });
                continue;
            }
            let sentence_initial_stop = sentence_initial && lex.stopwords.contains(first);
            // "the newspaper X", "cargo ship X": a lowercase noun just before
            // the name says what it is (not a person).
            let before_noun = if s2 > r.start && d.tok(s2 - 1).chars().all(char::is_lowercase) {
                let w = d.low(s2 - 1);
                if rule_words().org_before.contains(w) {
                    Some(EntityType::Organization)
                } else if rule_words().thing_before.contains(w) {
                    Some(EntityType::Other)
                } else {
                    None
                }
            } else {
                None
            };
            let kind_rule: Option<(EntityType, &'static str)> = if let Some(c) =
                before_noun.filter(|_| !after_title)
            {
                Some((c, "noun-before"))
            } else if let Some(c) = cue {
                Some((c, "name-cue"))
            } else if after_title {
                Some((EntityType::Person, "title"))
            } else if place_of || place_cue_after {
                // "the city of Brell", "the Avel region"
                Some((EntityType::Location, "place-noun"))
            } else if given.is_some() && len >= 2 {
                Some((EntityType::Person, "given-name"))
            } else if is_a_place(d, e, r.end) {
                Some((EntityType::Location, "place-noun"))
            } else if acronym {
                Some((EntityType::Organization, "acronym"))
            } else if len == 3
                && d.tok(s).chars().count() == 1
                && d.tok(s + 1) == "."
                && !d.low(s + 2).starts_with("i'")
                && !lex.stopwords.contains(d.tok(s + 2))
            {
                // "T. Vale": an initial and a surname.
                Some((EntityType::Person, "initial"))
            } else if len == 1
                && first.chars().count() >= 2
                && next_is_number
                && d.tok(e).bytes().all(|b| b.is_ascii_digit())
                && !matches!(
                    d.toks
                        .get(e + 1)
                        .map(|t| d.text[t.start..t.end].chars().next()),
                    Some(Some('°' | '%' | '.'))
                )
                && !all_common
                && !sentence_initial_stop
                // Results lines are short: "Eastport 3 Brell 2", "Westshire 244 ( … )".
                && (headline || words.len() <= 12)
                && !matches!(d.tok(e + 1), ":" | "/")
            {
                // "Westshire 244", "Brell 2": a name before a score is a team.
                Some((EntityType::Organization, "team-score"))
            } else if len >= 2
                && d.tok(e) == "("
                && d.toks.get(e + 1).is_some_and(|t| t.kind == TokKind::Number)
                && !all_common
            {
                // "Tom Vale ( 12th )": a scorer and the minute.
                Some((EntityType::Person, "scorer"))
            } else if headline && !country_in_parens {
                None
            } else if len >= 2 {
                if all_common {
                    Some((EntityType::Other, "name"))
                } else {
                    Some((EntityType::Person, "name"))
                }
            } else if followed_by_speech
                && !crate::lexicon::agents::AgentTable::builtin().may_head(&first.to_lowercase())
            {
                // "Marlow said": a lone name before a speech verb is a person,
                // but "Witnesses said", "Villagers said" are common nouns.
                Some((EntityType::Person, "speaker"))
            } else if d.tok(e).chars().next().is_some_and(char::is_lowercase)
                && lex.sports.get(d.low(e)) == Some(&SportsWord::Role)
                && !(sentence_initial && lex.is_common(first))
            {
                // "Westshire captain Tom Vale": a name before a team role.
                Some((EntityType::Organization, "team-role"))
            } else if all_common || (sentence_initial && lex.stopwords.contains(first)) {
                None
            } else if rule_words().locative.contains(prev_low) && prev_low != "of" {
                Some((EntityType::Location, "locative"))
            } else if next_is_number {
                Some((EntityType::Organization, "team-score"))
            } else if (pronoun_after && !country_in_parens)
                || (prev_low != "the"
                    && d.low(e).len() > 3
                    && d.low(e).ends_with("ed")
                    && d.tok(e).chars().all(char::is_lowercase))
            {
                // "Vale negotiated with …": a bare name acting in the past
                // tense is most often a person named by surname in news prose.
                Some((EntityType::Person, "name"))
            } else {
                Some((EntityType::Organization, "name"))
            };
            if let Some((kind, rule)) = kind_rule {
                for c in claim.iter_mut().take(e).skip(s2) {
                    *c = Claim::Free;
                }
                runs.push(Run {
                    tok: s2..e,
                    kind,
                    rule,
                });
            }
            k = e.max(k + 1);
        }
    }

    runs
}

/// "Velo (Latin: …) is a village in …", "Brell, a city in …": the name
/// before "is a" / ", a" and a place noun is a place.
fn is_a_place(d: &Doc, e: usize, hi: usize) -> bool {
    let mut q = e;
    // Skip one parenthetical.
    if q < hi && d.tok(q) == "(" {
        let mut depth = 0;
        while q < hi {
            match d.tok(q) {
                "(" => depth += 1,
                ")" => {
                    depth -= 1;
                    if depth == 0 {
                        q += 1;
                        break;
                    }
                }
                _ => {}
            }
            q += 1;
        }
    }
    if q < hi && matches!(d.low(q), "is" | "was" | ",") {
        q += 1;
    } else {
        return false;
    }
    if !(q < hi && matches!(d.low(q), "a" | "an")) {
        return false;
    }
    q += 1;
    // Up to two lowercase modifiers: "a small river port", "a large city".
    for _ in 0..3 {
        if q >= hi || !d.tok(q).chars().next().is_some_and(char::is_lowercase) {
            return false;
        }
        let w = d.low(q);
        if rule_words().place_noun.contains(w)
            || d.lex.descriptions.get(w) == Some(&Description::Place)
            || d.lex.cues.get(w) == Some(&EntityType::Location)
        {
            return true;
        }
        q += 1;
    }
    false
}
