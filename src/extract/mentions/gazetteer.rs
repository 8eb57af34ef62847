//! Gazetteer mentions: countries, alternates, demonyms, capitals, cities,
//! regions and organizations matched in the text, case-checked and aligned
//! to token boundaries; a place that is a sports team here; a state's armed
//! forces ("Ruritanian troops") as a mention of the state.

use super::resolution::Registry;
use super::{Claim, Found, Mention};
use crate::extract::Doc;
use crate::lexicon::rule_words::rule_words;
use crate::lexicon::{Description, GazKind, SportsWord, normalize};
use crate::ontology::EntityType;
use crate::tokens::TokKind;
use std::collections::HashSet;
use std::ops::Range;

/// A gazetteer match aligned to tokens.
pub(super) struct GazCand {
    /// Token range.
    pub(super) tok: Range<usize>,
    /// Index of the lexicon entry.
    pub(super) entry: usize,
    /// A short, risky alias ([`GazKind::WeakAlias`]).
    pub(super) weak: bool,
}

/// Case check: exact, all-caps, or differing only in a lowercase first letter
/// of the pattern ("the Netherlands" / "The Netherlands").
fn case_ok(surface: &str, pattern: &str) -> bool {
    if surface == pattern {
        return true;
    }
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && !surface.chars().any(char::is_lowercase) {
        return true;
    }
    let mut s = surface.chars();
    let mut p = pattern.chars();
    match (s.next(), p.next()) {
        (Some(a), Some(b)) if b.is_lowercase() && a.to_lowercase().eq(b.to_lowercase()) => {
            s.as_str() == p.as_str()
        }
        _ => false,
    }
}

/// The gazetteer matches of a document in text order; claims their tokens.
pub(super) fn candidates(d: &Doc, caps_ratio: &[bool], claim: &mut [Claim]) -> Vec<GazCand> {
    let lex = d.lex;
    // The token starting (ending) at a byte offset: tokens are in text order
    // and do not overlap, so a binary search finds it (no per-token hash
    // table, which cost a fifth of the time on long documents).
    let tok_start = |b: usize| d.toks.binary_search_by_key(&b, |t| t.start).ok();
    let tok_end = |b: usize| d.toks.binary_search_by_key(&b, |t| t.end).ok();
    let mut gaz: Vec<GazCand> = Vec::new();
    for m in lex.find_all(d.text) {
        let (Some(ts), Some(te)) = (tok_start(m.start), tok_end(m.end)) else {
            continue;
        };
        // Compared in matching form: "Is\u{200d}rael" is "Israel" (item 11
        // of issue 13; the mention keeps the original text and offsets).
        let matched = lex.surface(&d.text[m.start..m.end]);
        let surface: &str = &matched;
        // The exact spelling first, then any the case rules accept.
        let spellings = lex.spellings(m.pattern);
        let Some((pattern, entries)) = spellings
            .iter()
            .find(|(p, _)| p == surface)
            .or_else(|| spellings.iter().find(|(p, _)| case_ok(surface, p)))
        else {
            continue;
        };
        // An all-caps short form in mixed-case text must be written as listed
        // ("US" yes, "us" no — handled above; "WHO" only as listed).
        if surface != pattern && !caps_ratio[d.sent_of[ts]] && surface.chars().count() <= 4 {
            continue;
        }
        let Some(&best) = entries.first() else {
            continue;
        };
        // "T. Brell": a surname after an initial is not a place.
        if ts >= 2
            && d.tok(ts - 1) == "."
            && !d.toks[ts - 1].space_before
            && d.tok(ts - 2).chars().count() == 1
            && d.is_cap(ts - 2)
            && lex.entries[best].kind != GazKind::CountryName
        {
            continue;
        }
        // A currency prefix ("US$40", "A$5", "HK$ 2") names money, not the
        // state: a match followed at once by a dollar sign is no mention.
        if d.text[m.end..].starts_with('$') {
            continue;
        }
        let e = &lex.entries[best];
        // A given name that starts a longer capitalized name is not a place.
        if te == ts
            && lex.given_names.contains_key(surface)
            && d.is_cap(te + 1)
            && !lex.stopwords.contains(d.tok(te + 1))
            && e.kind != GazKind::CountryName
        {
            continue;
        }
        gaz.push(GazCand {
            tok: ts..te + 1,
            entry: best,
            weak: e.kind == GazKind::WeakAlias,
        });
        for c in claim.iter_mut().take(te + 1).skip(ts) {
            *c = Claim::Gaz(gaz.len() - 1);
        }
    }
    gaz
}

/// The mentions of the gazetteer candidates that no capitalized run covers,
/// with their entities.
pub(super) fn mentions(
    d: &Doc,
    gaz: &[GazCand],
    claim: &[Claim],
    run_tokens: &HashSet<usize>,
    found: &mut Found,
    reg: &mut Registry,
) -> Vec<Mention> {
    let n = d.toks.len();
    let lex = d.lex;
    let mut raw: Vec<Mention> = Vec::new();
    let mut seen_keys: HashSet<String> = HashSet::new();
    for (gi, g) in gaz.iter().enumerate() {
        if g.tok.clone().any(|t| run_tokens.contains(&t)) {
            continue;
        }
        let e = &lex.entries[g.entry];
        if g.weak && !seen_keys.contains(&e.key) {
            continue;
        }
        let (s, t) = (g.tok.start, g.tok.end);
        let prev = if s > 0 { d.low(s - 1) } else { "" };
        // "Brell Open", "Ruritanian Open": an event, neither place nor team.
        if d.is_cap(t) && lex.sports.get(d.low(t)) == Some(&SportsWord::Event) {
            continue;
        }
        if is_team(d, gaz, gi) {
            let canonical = e.canonical.clone();
            let norm = normalize(&canonical);
            let key = format!("organization:{norm}");
            let ent = reg.entity(d, found, canonical, key, EntityType::Organization, None);
            raw.push(Mention::over(
                d,
                s..t,
                EntityType::Organization,
                ent,
                "team",
            ));
            continue;
        }
        // "Ruritanian security forces", "Freedonian Marines",
        // "Ruritanian-led coalition aircraft": the state's armed body, a mention of the state typed as
        // a group.
        if matches!(e.kind, GazKind::CountryName | GazKind::Demonym) {
            let desc = |q: usize| {
                if q < n && claim[q] == Claim::Free {
                    lex.descriptions.get(d.low(q)).copied()
                } else {
                    None
                }
            };
            let mut q = t;
            if d.tok(q) == "-" && !d.toks[q].space_before && d.low(q + 1) == "led" {
                q += 2;
            }
            let mut mods = 0;
            while mods < 2
                && desc(q) == Some(Description::ForceModifier)
                && d.tok(q).chars().next().is_some_and(char::is_lowercase)
            {
                q += 1;
                mods += 1;
            }
            if desc(q) == Some(Description::Force)
                && (d.tok(q).chars().next().is_some_and(char::is_lowercase)
                    || d.low(q) == "marines")
            {
                // Demonym entries carry their country's name and key.
                seen_keys.insert(e.key.clone());
                let canonical = e.canonical.clone();
                let norm = normalize(&canonical);
                let ent = reg.entity(
                    d,
                    found,
                    canonical,
                    e.key.clone(),
                    EntityType::Country,
                    e.iso.clone(),
                );
                reg.by_name.entry(norm).or_insert(ent);
                raw.push(Mention::over(
                    d,
                    s..q + 1,
                    EntityType::Group,
                    ent,
                    "state-forces",
                ));
                continue;
            }
        }
        let (canonical, key, kind, iso, rule, demonym) = match e.kind {
            GazKind::Capital
                if !rule_words().locative.contains(prev) && !d.low(t).starts_with(',') =>
            {
                let iso = e.iso.clone().unwrap_or_default();
                let name = lex.country_name(&iso).unwrap_or(&e.canonical).to_string();
                (
                    name,
                    format!("country:{iso}"),
                    EntityType::Country,
                    e.iso.clone(),
                    "capital",
                    false,
                )
            }
            GazKind::Demonym => (
                e.canonical.clone(),
                e.key.clone(),
                e.entity_type,
                e.iso.clone(),
                "demonym",
                true,
            ),
            GazKind::StateBody => (
                e.canonical.clone(),
                e.key.clone(),
                e.entity_type,
                e.iso.clone(),
                "state-body",
                false,
            ),
            _ => (
                e.canonical.clone(),
                e.key.clone(),
                e.entity_type,
                e.iso.clone(),
                "gazetteer",
                false,
            ),
        };
        seen_keys.insert(e.key.clone());
        let norm = normalize(&canonical);
        let ent = reg.entity(d, found, canonical, key, kind, iso);
        reg.by_name.entry(norm).or_insert(ent);
        raw.push(Mention {
            demonym,
            ..Mention::over(d, s..t, kind, ent, rule)
        });
    }
    raw
}

/// Whether a gazetteer place is a sports team here: a place in a score line
/// ("Eastport 3 Brell 2", "EASTPORT 60 41 .594"), a fixture ("v Brell",
/// "EASTPORT AT BRELL"), before a team role ("Westshire captain", "Eastport
/// and Brell skipper", "Brell team mate"), or a city someone joined.
fn is_team(d: &Doc, gaz: &[GazCand], gi: usize) -> bool {
    let lex = d.lex;
    let g = &gaz[gi];
    let kind = lex.entries[g.entry].kind;
    if !matches!(
        kind,
        GazKind::CountryName | GazKind::Capital | GazKind::City | GazKind::Region
    ) {
        return false;
    }
    let n = d.toks.len();
    let (s, t) = (g.tok.start, g.tok.end);
    let sent = &d.sents[d.sent_of[s]];
    let sports = |k: usize| {
        if k < n {
            lex.sports.get(d.low(k)).copied()
        } else {
            None
        }
    };
    // The place whose tokens start at `k`, if any.
    let place_from = |k: usize| {
        gaz.binary_search_by_key(&k, |g| g.tok.start)
            .ok()
            .filter(|&i| {
                matches!(
                    lex.entries[gaz[i].entry].kind,
                    GazKind::CountryName | GazKind::Capital | GazKind::City | GazKind::Region
                )
            })
            .map(|i| gaz[i].tok.end)
    };
    // The place whose tokens end at `k`: candidates do not overlap, so their
    // ends are sorted like their starts.
    let place_to = |k: usize| {
        gaz[..gi]
            .binary_search_by_key(&k, |g| g.tok.end)
            .ok()
            .map(|i| &gaz[i])
            .filter(|g| {
                matches!(
                    lex.entries[g.entry].kind,
                    GazKind::CountryName | GazKind::Capital | GazKind::City | GazKind::Region
                )
            })
            .map(|g| g.tok.start)
    };
    // A score: a whole number that is not a year and not a quantity.
    let score = |k: usize| {
        if k >= sent.end || d.toks[k].kind != TokKind::Number {
            return false;
        }
        let w = d.tok(k);
        if !w.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        let year = w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
        let next = k + 1;
        let quantity = next < sent.end
            && ((d.toks[next].kind == TokKind::Word
                && d.tok(next).chars().next().is_some_and(char::is_lowercase))
                || d.tok(next) == "%"
                || (matches!(d.tok(next), "." | ",")
                    && !d.toks[next].space_before
                    && next + 1 < sent.end
                    && d.toks[next + 1].kind == TokKind::Number
                    && !d.toks[next + 1].space_before));
        !year && !quantity
    };
    // Score line: the place opens the line or follows a score / separator,
    // and a score follows it.
    let line_start = s == sent.start
        || d.toks[s].breaks > 0
        || d.toks[s - 1].kind == TokKind::Number
        || matches!(d.tok(s - 1), "," | ":" | ";" | "-");
    if line_start && score(t) {
        return true;
    }
    // Fixtures.
    if s > sent.start && sports(s - 1) == Some(SportsWord::Fixture) {
        return true;
    }
    if t < sent.end && sports(t) == Some(SportsWord::Fixture) && place_from(t + 1).is_some() {
        return true;
    }
    // "EASTPORT AT BRELL" as a whole line.
    let last = if matches!(d.tok(sent.end - 1), "." | ":") {
        sent.end - 1
    } else {
        sent.end
    };
    if s == sent.start && t < last && d.low(t) == "at" && place_from(t + 1) == Some(last) {
        return true;
    }
    if t == last
        && s >= sent.start + 2
        && d.low(s - 1) == "at"
        && place_to(s - 1) == Some(sent.start)
    {
        return true;
    }
    // Team roles after the place, also across "and" ("Eastport and
    // Brell skipper").
    let role_at = |k: usize| {
        k < sent.end
            && d.tok(k).chars().next().is_some_and(char::is_lowercase)
            && (sports(k) == Some(SportsWord::Role)
                || (d.low(k) == "team"
                    && k + 1 < sent.end
                    && matches!(d.low(k + 1), "mate" | "mates")))
    };
    if role_at(t) {
        return true;
    }
    if t + 1 < sent.end && d.low(t) == "and" && place_from(t + 1).is_some_and(role_at) {
        return true;
    }
    // "who joined Brell": a city someone joins is a club.
    kind == GazKind::City && s > sent.start && d.low(s - 1) == "joined"
}
