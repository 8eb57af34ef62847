//! Places: containment ("X, Y", "X in Y", "the Ruritanian capital X"),
//! venues and scorer lines, and presence ("X was posted in Y", "Y, a town
//! in the north of Z").

use super::ctx::{Ctx, compound_with_parens};
use super::window::trigger_at;
use super::{Rel, affiliation, located_in, present_in};
use crate::lexicon::rule_words::rule_words;
use crate::ontology::EntityType;
use crate::tokens::TokKind;
use std::ops::Range;

/// LOCATED_IN from "City, Country", "X in Y" and "the Omani capital Muscat".
pub(super) fn places(cx: &Ctx, si: usize, r: &Range<usize>, ev: &Range<usize>, out: &mut Vec<Rel>) {
    let d = cx.d;
    let f = cx.f;
    // Mentions are in text order: visit only this sentence's (linear overall).
    let first = f.mentions.partition_point(|m| m.tok.start < r.start);
    let ms: Vec<usize> = (first..f.mentions.len())
        .take_while(|&m| f.mentions[m].tok.start < r.end)
        .filter(|&m| f.mentions[m].tok.end <= r.end)
        .collect();
    let is_place = |o: usize| {
        let om = &f.mentions[o];
        matches!(om.kind, EntityType::Country | EntityType::Location) && !om.demonym
    };
    let contained = |m: usize, o: usize| containment(cx, m, o);
    // A list of peers: "visits to Ostia, Velden and Pardo", "Ostia, Velden,
    // Pardo": a place mention right before `m` or right after `o` across a
    // comma or a conjunction.
    let in_list = |m: usize, o: usize| {
        let (ms_, oe) = (f.mentions[m].tok.start, f.mentions[o].tok.end);
        let place_at = |k: usize| cx.mention_at(k).is_some_and(is_place);
        let sep = |k: usize| matches!(d.low(k), "," | "and" | "or" | ";");
        (ms_ >= 2 && sep(ms_ - 1) && place_at(ms_ - 2))
            || (oe + 1 < r.end && sep(oe) && place_at(oe + 1))
            || (oe + 2 < r.end
                && d.low(oe) == ","
                && matches!(d.low(oe + 1), "and" | "or")
                && place_at(oe + 2))
    };
    // Dateline or venue: "Eastport : Westshire 214 …", "LONDON - …".
    if let Some(&m0) = ms.first()
        && f.mentions[m0].tok.start == r.start
        && is_place(m0)
        && matches!(
            d.tok(f.mentions[m0].tok.end),
            ":" | "-" | "\u{2013}" | "\u{2014}"
        )
        && let Some(&m1) = ms.get(1)
        && !is_place(m1)
        && f.mentions[m1].kind != EntityType::Person
    {
        located_in(out, f, m1, m0, si, ev, "venue");
        // A results line: every team with a score played at the venue
        // ("Eastport : Westshire 301 ( … ) , Northshire 188-6 ( … )").
        if d.tok(f.mentions[m0].tok.end) == ":" {
            for &t in ms.iter().skip(2) {
                let tm = &f.mentions[t];
                if tm.kind == EntityType::Organization
                    && !cx.paren[tm.tok.start]
                    && d.toks
                        .get(tm.tok.end)
                        .is_some_and(|x| x.kind == TokKind::Number)
                {
                    located_in(out, f, t, m0, si, ev, "venue");
                }
            }
        }
    }
    // A scorers line: "Northland - Ana Varga ( 12th ) , Ion Petre ( 60th )".
    if let Some(&m0) = ms.first()
        && f.mentions[m0].tok.start == r.start
        && matches!(
            f.mentions[m0].kind,
            EntityType::Country | EntityType::Organization
        )
        && !f.mentions[m0].demonym
        && matches!(d.tok(f.mentions[m0].tok.end), "-" | "\u{2013}")
        && d.toks[f.mentions[m0].tok.end].space_before
    {
        let mut q = f.mentions[m0].tok.end + 1;
        while q < r.end {
            let Some(p) = cx.mention_at(q).filter(|&p| {
                f.mentions[p].kind == EntityType::Person && f.mentions[p].tok.start == q
            }) else {
                break;
            };
            q = f.mentions[p].tok.end;
            // "( 12th )", "( pen )"
            if d.tok(q) == "(" {
                match (q..r.end).find(|&z| d.tok(z) == ")") {
                    Some(z) => q = z + 1,
                    None => break,
                }
            }
            affiliation(out, f, "plays_for", p, m0, si, ev, "scorers");
            if matches!(d.tok(q), "," | ";") {
                q += 1;
            } else {
                break;
            }
        }
    }
    for &m in &ms {
        let mm = &f.mentions[m];
        let e = mm.tok.end;
        // "Ann Roe ( Ruritania )", "The Arena ( London )"
        if d.tok(e) == "("
            && let Some(o) = cx.mention_at(e + 1)
            && d.tok(f.mentions[o].tok.end) == ")"
            && is_place(o)
            && !mm.demonym
            && mm.kind != EntityType::Country
            && contained(m, o) != Some(false)
        {
            located_in(out, f, m, o, si, ev, "paren-place");
        }
        // "Ruritanian border guards in Brell": a few lowercase words between.
        if !matches!(mm.kind, EntityType::Country) && !mm.demonym {
            let mut q = e;
            // "the Front's campaign in Freedonia"
            let poss = usize::from(d.toks.get(e).is_some_and(|t| t.kind == TokKind::Possessive));
            q += poss;
            while q < e + poss + 3
                && q < r.end
                && d.tok(q).chars().next().is_some_and(char::is_lowercase)
                && !clause_verb(d.low(q))
                && d.low(q) != "part"
                && !matches!(
                    d.low(q),
                    "in" | "at"
                        | "and"
                        | "or"
                        | "to"
                        | "of"
                        | "from"
                        | "with"
                        | "by"
                        | "for"
                        | "on"
                        | "was"
                        | "were"
                        | "is"
                        | "are"
                        | "has"
                        | "had"
                        | "have"
                        | "said"
                        | "says"
                )
            {
                q += 1;
            }
            if q > e && matches!(d.low(q), "in" | "at") {
                let mut z = q + 1;
                if matches!(d.low(z), "the") {
                    z += 1;
                }
                if rule_words().direction.contains(d.low(z)) {
                    z += 1;
                }
                if let Some(o) = cx.mention_at(z)
                    && is_place(o)
                    && o != m
                    && contained(m, o) != Some(false)
                {
                    located_in(out, f, m, o, si, ev, "phrase-in-place");
                }
            }
        }
        // "Muscat, Oman"
        if mm.kind == EntityType::Location
            && d.tok(e) == ","
            && let Some(o) = cx.mention_at(e + 1)
        {
            let om = &f.mentions[o];
            // Only containment: the gazetteer agrees, or it knows nothing
            // against it and the two are not part of a list of peers.
            let ok = match contained(m, o) {
                Some(v) => v,
                None => !in_list(m, o),
            };
            if matches!(om.kind, EntityType::Country | EntityType::Location) && !om.demonym && ok {
                located_in(out, f, m, o, si, ev, "comma-place");
            }
        }
        // "X in (northern) Y"
        if matches!(
            mm.kind,
            EntityType::Location
                | EntityType::Organization
                | EntityType::Group
                | EntityType::Other
                | EntityType::Person
        ) && !mm.demonym
            && matches!(d.low(e), "in" | "at" | "inside")
        {
            let mut q = e + 1;
            if rule_words().direction.contains(d.low(q)) {
                q += 1;
            }
            if let Some(o) = cx.mention_at(q) {
                let om = &f.mentions[o];
                if matches!(om.kind, EntityType::Country | EntityType::Location)
                    && !om.demonym
                    && contained(m, o) != Some(false)
                {
                    located_in(out, f, m, o, si, ev, "in-place");
                }
            }
        }
        // "the Omani capital Muscat", "the Ruritanian resort of Port Avel"
        let of = usize::from(d.low(e + 1) == "of");
        if (mm.demonym || mm.kind == EntityType::Country)
            && matches!(
                d.low(e),
                "capital"
                    | "city"
                    | "port"
                    | "town"
                    | "province"
                    | "region"
                    | "resort"
                    | "village"
                    | "district"
                    | "border"
                    | "enclave"
            )
            && let Some(o) = cx.mention_at(e + 1 + of)
            && f.mentions[o].kind == EntityType::Location
        {
            located_in(out, f, o, m, si, ev, "capital-of");
        }
    }
}

/// Auxiliaries and past forms that show a clause has a verb ("was posted",
/// "will host", "arrived").
fn clause_verb(w: &str) -> bool {
    matches!(
        w,
        "is" | "was"
            | "were"
            | "are"
            | "has"
            | "had"
            | "have"
            | "will"
            | "would"
            | "be"
            | "been"
            | "being"
            | "host"
            | "hosts"
            | "live"
            | "lives"
            | "stay"
            | "stays"
            | "remain"
            | "remains"
            | "met"
            | "held"
            | "spoke"
            | "fought"
            | "went"
            | "fled"
            | "flew"
            | "came"
    ) || (w.len() > 4 && w.ends_with("ed"))
}

/// Classes whose place is a target, not where the actor is.
const TARGET_CLASSES: &[&str] = &[
    "ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE", "AID", "PROTEST", "ACCUSE",
];

/// Presence: a person or organization is somewhere because the clause says
/// so ("Ann Roe was posted in Brell", "he was transferred to Freedonia",
/// "the EU will host a conference in Brussels", "Arrested in Brell, he
/// …"), and descriptions of what a thing is ("Velo is a village in
/// northern Ruritania", "Brell, a town in eastern Ruritania"). States are left out:
/// "Iran held talks in Oman" does not put Iran in Oman.
pub(super) fn presence(
    cx: &Ctx,
    si: usize,
    r: &Range<usize>,
    ev: &Range<usize>,
    out: &mut Vec<Rel>,
) {
    let d = cx.d;
    let f = cx.f;
    let present = |m: usize| {
        let mm = &f.mentions[m];
        // A state's forces stand for the state: "Ruritanian forces fired
        // rockets at Brell" does not put Ruritania in Brell.
        !mm.demonym
            && mm.rule != "state-forces"
            && matches!(
                mm.kind,
                EntityType::Person
                    | EntityType::Organization
                    | EntityType::Group
                    | EntityType::Location
                    | EntityType::Other
            )
    };
    let place_after = |k: usize| {
        let mut z = k;
        if d.low(z) == "the" {
            z += 1;
        }
        if rule_words().direction.contains(d.low(z)) {
            z += 1;
        }
        cx.mention_at(z).filter(|&o| {
            let om = &f.mentions[o];
            // "inside Ruritanian territory", "in Freedonian waters"
            let land = om.demonym
                && matches!(
                    d.low(om.tok.end),
                    "territory" | "soil" | "waters" | "airspace" | "side"
                );
            matches!(om.kind, EntityType::Country | EntityType::Location)
                && (!om.demonym || land)
                && om.tok.start == z
        })
    };
    for k in r.clone() {
        let w = d.low(k);
        let motion = matches!(w, "to" | "into")
            && (k.saturating_sub(2)..k)
                .any(|q| q >= r.start && rule_words().motion.contains(d.low(q)));
        if !(matches!(w, "in" | "at" | "inside" | "near" | "on" | "from") || motion) {
            continue;
        }
        let Some(p) = place_after(k + 1) else {
            continue;
        };
        // "worth US$3 million": money, not a place.
        if matches!(d.tok(f.mentions[p].tok.end), "$" | "€" | "£")
            && !d.toks[f.mentions[p].tok.end].space_before
        {
            continue;
        }
        // "from" gives where someone was only after verbs of leaving.
        if w == "from"
            && !(k.saturating_sub(3).max(r.start)..k)
                .any(|q| rule_words().from_verb.contains(d.low(q)))
            && !(k > r.start
                && cx.mention_at(k - 1).is_none()
                && d.tok(k - 1).chars().next().is_some_and(char::is_lowercase)
                && !clause_verb(d.low(k - 1)))
        {
            continue;
        }
        // "Velo (…) is a village in northern Ruritania", "Brell, a town in
        // eastern Ruritania", "a school located in Brell".
        let mut j = k;
        let mut nouns = 0;
        while j > r.start
            && nouns < 6
            && (d.tok(j - 1).chars().next().is_some_and(char::is_lowercase)
                || d.toks[j - 1].kind == TokKind::Number
                || d.tok(j - 1) == "-")
            && !matches!(
                d.low(j - 1),
                "a" | "an" | "the" | "is" | "was" | "are" | "were"
            )
            && cx.mention_at(j - 1).is_none()
        {
            j -= 1;
            nouns += 1;
        }
        // The article: "a village", or "one of the largest hospitals".
        let mut art = None;
        if nouns > 0 && j > r.start + 1 {
            if matches!(d.low(j - 1), "a" | "an") {
                art = Some(j - 1);
            } else if d.low(j - 1) == "the"
                && j > r.start + 3
                && d.low(j - 2) == "of"
                && d.low(j - 3) == "one"
            {
                art = Some(j - 3);
            }
        }
        if let Some(a) = art
            && a > r.start
        {
            let mut q = a - 1;
            if matches!(d.low(q), "is" | "was" | "are" | "were" | ",") && q > r.start {
                q -= 1;
                // Skip a parenthetical before the verb: "Velo (Latin: …) is".
                while q > r.start
                    && cx.paren[q]
                    && cx.mention_at(q).is_none_or(|m| f.mentions[m].tok.start > q)
                {
                    q -= 1;
                }
                while q > r.start && cx.paren[q] {
                    q -= 1;
                }
                if let Some(m) = cx.mention_at(q)
                    && present(m)
                    && f.mentions[m].tok.end == q + 1
                    && f.mentions[m].entity != f.mentions[p].entity
                {
                    // "North Dam (…) and South Dam (…) is a dam on …"
                    for s in compound_with_parens(cx, m, r.start) {
                        if present(s) && f.mentions[s].entity != f.mentions[p].entity {
                            located_in(out, f, s, p, si, ev, "is-a-in");
                        }
                    }
                    continue;
                }
            }
        }
        if w == "on" || w == "near" {
            continue;
        }
        // "A teacher from Brell, Ann Roe, said": the person
        // named after the comma.
        let pe0 = f.mentions[p].tok.end;
        if w == "from"
            && d.tok(pe0) == ","
            && let Some(m) = cx.mention_at(pe0 + 1)
            && f.mentions[m].kind == EntityType::Person
            && f.mentions[m].tok.start == pe0 + 1
            && (k.saturating_sub(4).max(r.start)..k).all(|q| cx.mention_at(q).is_none())
        {
            present_in(out, f, m, p, si, ev);
            continue;
        }
        // Participle before its subject: "After being held in Brell, she …"
        let pe = f.mentions[p].tok.end;
        if d.tok(pe) == ","
            && k > r.start
            && (r.start..k).all(|q| cx.mention_at(q).is_none())
            && (r.start..k).any(|q| clause_verb(d.low(q)))
            && let Some(m) = cx.mention_at(pe + 1)
            && present(m)
            && f.mentions[m].kind == EntityType::Person
        {
            present_in(out, f, m, p, si, ev);
            continue;
        }
        if w == "from"
            && !(k.saturating_sub(3).max(r.start)..k)
                .any(|q| rule_words().from_verb.contains(d.low(q)))
        {
            continue;
        }
        // Subject … verb … in P.
        let Some(m) = cx.subject_left(k, r.start) else {
            continue;
        };
        let mm = &f.mentions[m];
        if !present(m) || mm.kind == EntityType::Location || mm.tok.end >= k {
            continue;
        }
        // "X met with the Minister of Y, Z, in Brell": Z closes an
        // apposition; Z and the one who met Z were there.
        if mm.tok.end + 1 == k && d.tok(k - 1) == "," && w == "in" {
            let meet = (r.start..mm.tok.start).rev().find(|&q| {
                matches!(
                    d.low(q),
                    "met" | "meets" | "meeting" | "hosted" | "received"
                )
            });
            if let Some(v) = meet {
                present_in(out, f, m, p, si, ev);
                if let Some(s) = cx.subject_left(v, r.start)
                    && present(s)
                    && f.mentions[s].kind != EntityType::Location
                {
                    present_in(out, f, s, p, si, ev);
                }
            }
            continue;
        }
        let between = mm.tok.end..k;
        if between.len() > 8
            || between.clone().any(|q| {
                matches!(
                    d.low(q),
                    "fired" | "launched" | "shot" | "aimed" | "threw" | "hurled" | "dropped"
                ) || matches!(d.tok(q), "," | ";" | ":" | "(" | ")")
                    || cx.mention_at(q).is_some()
                    || (w != "from"
                        && trigger_at(d, q, k)
                            .is_some_and(|(t, _)| TARGET_CLASSES.contains(&t.class.as_str())))
            })
            || !between.clone().any(|q| clause_verb(d.low(q)))
        {
            continue;
        }
        present_in(out, f, m, p, si, ev);
    }
}

/// What the gazetteer says of "place `m` lies in place `o`": `Some(true)`
/// when both are gazetteer places of different levels in the same country
/// (a city in its region or country, a region in its country),
/// `Some(false)` when it contradicts it (different countries, two places of
/// one level such as two cities or two states, or a country inside
/// anything), `None` when it does not know one of them.
fn containment(cx: &Ctx, m: usize, o: usize) -> Option<bool> {
    use crate::lexicon::GazKind;
    let f = cx.f;
    let (em, eo) = (
        &f.entities[f.mentions[m].entity],
        &f.entities[f.mentions[o].entity],
    );
    let level = |key: &str| match cx.d.lex.place_kind(key)? {
        GazKind::CountryName => Some(3),
        GazKind::Region => Some(2),
        GazKind::City | GazKind::Capital => Some(1),
        _ => None,
    };
    let lm = if em.key.starts_with("country:") {
        Some(3)
    } else {
        level(&em.key)
    };
    if lm == Some(3) {
        return Some(false);
    }
    let lo = if eo.key.starts_with("country:") {
        Some(3)
    } else {
        level(&eo.key)
    };
    let (lm, lo) = (lm?, lo?);
    match (&em.iso, &eo.iso) {
        (Some(a), Some(b)) if a != b => Some(false),
        // A supranational region ("the Middle East") has no country.
        (Some(_), None) if lo == 2 => Some(true),
        (Some(_), Some(_)) => Some(lm < lo),
        _ => None,
    }
}
