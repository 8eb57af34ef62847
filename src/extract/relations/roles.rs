//! Roles and affiliations: titles ("Y's foreign minister X", "the President
//! of Y X", "X, the Y envoy"), nationality ("the Ruritanian writer X"),
//! leadership ("X led the Y delegation", "founded by X", "X heads Y"),
//! common-noun roles ("X, a member of the party") and scorecards.

use super::ctx::{BE, Ctx, is_agent, is_prep};
use super::{Rel, affiliation};
use crate::lexicon::Description;
use crate::lexicon::rule_words::rule_words;
use crate::ontology::EntityType;
use crate::tokens::TokKind;
use std::ops::Range;

/// Role relations from titles.
pub(super) fn roles(cx: &Ctx, si: usize, r: &Range<usize>, ev: &Range<usize>, out: &mut Vec<Rel>) {
    let d = cx.d;
    let f = cx.f;
    // Titles are in text order: visit only this sentence's (linear overall).
    let first = f.titles.partition_point(|t| t.tok.start < r.start);
    for t in f.titles[first..].iter().take_while(|t| t.tok.start < r.end) {
        if t.tok.start < r.start || t.tok.end > r.end {
            continue;
        }
        let Some(rel) = &t.relation else { continue };
        // Owner before: "Iran's foreign minister", "US President", "US Balkans envoy".
        let mut owner = None;
        let mut j = t.tok.start;
        while j > r.start {
            j -= 1;
            let w = d.low(j);
            if rule_words().title_filler.contains(w) {
                continue;
            }
            // "Kenya's ex-president": a joined past word.
            if (w == "-" && !d.toks[j].space_before && j + 1 == t.tok.start)
                || (rule_words().past_role.contains(w) && d.tok(j + 1) == "-")
            {
                continue;
            }
            if d.toks[j].kind == TokKind::Possessive {
                continue;
            }
            if let Some(m) = cx.mention_at(j) {
                let mm = &f.mentions[m];
                if mm.kind == EntityType::Location && !mm.demonym {
                    j = mm.tok.start;
                    continue; // "US Balkans envoy"
                }
                if matches!(
                    mm.kind,
                    EntityType::Country
                        | EntityType::Organization
                        | EntityType::Group
                        | EntityType::Other
                ) {
                    owner = Some(m);
                    // "Iran's UN ambassador": the possessive owner wins.
                    let s0 = mm.tok.start;
                    if s0 >= r.start + 2
                        && d.toks[s0 - 1].kind == TokKind::Possessive
                        && let Some(p) = cx.mention_at(s0 - 2)
                        && f.mentions[p].kind == EntityType::Country
                    {
                        owner = Some(p);
                    }
                }
            }
            break;
        }
        // Owner after: "President of Ruritania", "Secretary-General of the UN".
        let mut after = t.tok.end;
        if owner.is_none() && d.low(after) == "of" {
            let mut q = after + 1;
            if d.low(q) == "the" {
                q += 1;
            }
            if let Some(m) = cx.mention_at(q)
                && f.mentions[m].kind != EntityType::Person
            {
                owner = Some(m);
                after = f.mentions[m].tok.end;
            }
        }
        // Owner after the name: "President Ann Roe of Ruritania".
        let mut named_first = None;
        if owner.is_none()
            && let Some(pm) = cx.mention_at(t.tok.end).filter(|&m| {
                f.mentions[m].kind == EntityType::Person && f.mentions[m].tok.start == t.tok.end
            })
            && d.low(f.mentions[pm].tok.end) == "of"
        {
            let mut q = f.mentions[pm].tok.end + 1;
            if d.low(q) == "the" {
                q += 1;
            }
            if let Some(m) = cx.mention_at(q).filter(|&m| {
                f.mentions[m].tok.start == q
                    && !f.mentions[m].demonym
                    && matches!(
                        f.mentions[m].kind,
                        EntityType::Country | EntityType::Organization | EntityType::Group
                    )
            }) {
                owner = Some(m);
                named_first = Some(pm);
            }
        }
        let Some(owner) = owner else { continue };
        if let Some(pm) = named_first {
            affiliation(out, f, rel, pm, owner, si, ev, "title");
            continue;
        }
        // Person after the title ("President Ann Roe", "Gen. X").
        let mut p = after;
        if d.tok(p) == "." || d.tok(p) == "," {
            p += 1;
        }
        let mut person = cx
            .mention_at(p)
            .filter(|&m| f.mentions[m].kind == EntityType::Person && f.mentions[m].tok.start == p);
        // Appositive: "X, who is Y's foreign minister", "X, the Y envoy".
        if person.is_none() {
            let mut j = f.mentions[owner].tok.start.min(t.tok.start);
            let mut saw_comma = false;
            let mut steps = 0;
            while j > r.start && steps < 8 {
                j -= 1;
                steps += 1;
                let w = d.low(j);
                if w == "," {
                    saw_comma = true;
                    continue;
                }
                if matches!(
                    w,
                    "who"
                        | "is"
                        | "was"
                        | "the"
                        | "a"
                        | "an"
                        | "as"
                        | "has"
                        | "been"
                        | "serves"
                        | "served"
                ) || rule_words().title_filler.contains(w)
                {
                    continue;
                }
                if let Some(m) = cx.mention_at(j)
                    && f.mentions[m].kind == EntityType::Person
                    && (saw_comma || matches!(d.low(j + 1), "is" | "was" | "as"))
                {
                    person = Some(m);
                }
                break;
            }
        }
        // "was appointed by X as the Ruritanian commander": the appointee.
        if let Some(pm) = person
            && is_agent(cx, pm, r.start)
        {
            person = cx
                .subject_left(f.mentions[pm].tok.start, r.start)
                .filter(|&s| f.mentions[s].kind == EntityType::Person);
        }
        if let Some(pm) = person {
            affiliation(out, f, rel, pm, owner, si, ev, "title");
        }
    }
    // Nationality: "Ruritanian Ann Roe", "Freedonian dissident Tom Vale".
    for k in r.clone() {
        let Some(m) = cx.mention_at(k) else { continue };
        let mm = &f.mentions[m];
        if !mm.demonym || mm.tok.start != k {
            continue;
        }
        let mut q = mm.tok.end;
        // allow a few lowercase descriptors ("dissident", "tennis star")
        while q < mm.tok.end + 3
            && q < r.end
            && d.tok(q).chars().next().is_some_and(char::is_lowercase)
            && d.toks[q].kind == TokKind::Word
        {
            q += 1;
        }
        if let Some(p) = cx.mention_at(q)
            && f.mentions[p].kind == EntityType::Person
            && f.mentions[p].tok.start == q
            && f.title_at
                .get(q.saturating_sub(1))
                .copied()
                .flatten()
                .is_none()
        {
            affiliation(out, f, "citizen_of", p, m, si, ev, "nationality");
        }
    }
    // "X led the Y delegation".
    for k in r.clone() {
        if !matches!(
            d.low(k),
            "led" | "leads" | "leading" | "heads" | "headed" | "heading"
        ) {
            continue;
        }
        let mut q = k + 1;
        if matches!(d.low(q), "the" | "a" | "an" | "his" | "her") {
            q += 1;
        }
        let Some(owner) = cx.mention_at(q) else {
            continue;
        };
        let after = f.mentions[owner].tok.end;
        let noun = d.low(after);
        let rel = match noun {
            "delegation" | "team" | "mission" | "negotiators" => "leads_delegation_of",
            _ if matches!(
                f.mentions[owner].kind,
                EntityType::Organization | EntityType::Group
            ) =>
            {
                "leads"
            }
            "forces" | "army" | "government" | "military" | "troops" => "leads",
            _ => continue,
        };
        if let Some(s) = cx.subject_left(k, r.start)
            && f.mentions[s].kind == EntityType::Person
        {
            affiliation(out, f, rel, s, owner, si, ev, "led");
        }
    }
}

/// Scorecards: the players listed in parentheses after a team's score play
/// for it ("Westshire 280 ( J. Moss 95 , R. Lane 40 )").
pub(super) fn scorecards(
    cx: &Ctx,
    si: usize,
    r: &Range<usize>,
    ev: &Range<usize>,
    out: &mut Vec<Rel>,
) {
    let d = cx.d;
    let f = cx.f;
    let first = f.mentions.partition_point(|m| m.tok.start < r.start);
    for m in (first..f.mentions.len()).take_while(|&m| f.mentions[m].tok.start < r.end) {
        let mm = &f.mentions[m];
        if mm.kind != EntityType::Organization {
            continue;
        }
        let mut q = mm.tok.end;
        let mut scores = 0;
        while q < r.end
            && (d.toks[q].kind == TokKind::Number
                || matches!(d.low(q), "-" | "and" | "for" | "not" | "out" | "/"))
        {
            scores += usize::from(d.toks[q].kind == TokKind::Number);
            q += 1;
        }
        if scores == 0 || q >= r.end || d.tok(q) != "(" {
            continue;
        }
        q += 1;
        while q < r.end && d.tok(q) != ")" {
            if let Some(p) = cx.mention_at(q) {
                let pm = &f.mentions[p];
                if pm.kind == EntityType::Person && pm.tok.start == q {
                    affiliation(out, f, "plays_for", p, m, si, ev, "scorecard");
                }
                q = pm.tok.end;
                continue;
            }
            q += 1;
        }
    }
}

/// Affiliation from common-noun roles and leadership verbs:
/// "Ann Roe was an officer in the army", "Tom Vale, a member of
/// the party", "the group was founded by X", "It is run by the Ministry",
/// "the second town held by the rebels".
pub(super) fn role_phrases(
    cx: &Ctx,
    si: usize,
    r: &Range<usize>,
    ev: &Range<usize>,
    out: &mut Vec<Rel>,
) {
    let d = cx.d;
    let f = cx.f;
    let owner_after = |k: usize| {
        let mut q = k;
        if matches!(d.low(q), "the" | "its" | "their" | "all") {
            q += 1;
        }
        cx.mention_at(q).filter(|&m| {
            let mm = &f.mentions[m];
            mm.tok.start == q
                && !mm.demonym
                && matches!(
                    mm.kind,
                    EntityType::Organization | EntityType::Group | EntityType::Country
                )
        })
    };
    for k in r.clone() {
        if cx.mention_at(k).is_some() || !d.tok(k).chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let w = d.low(k);
        // Role nouns: one-word titles with a relation, and member nouns.
        let rel: Option<String> = d
            .lex
            .titles
            .get(w)
            .and_then(|ts| {
                ts.iter()
                    .find(|t| t.tokens.len() == 1)
                    .and_then(|t| t.relation.clone())
            })
            .or_else(|| {
                (d.lex.descriptions.get(w) == Some(&Description::Member))
                    .then(|| "member_of".to_string())
            });
        if let Some(rel) = rel
            && k + 1 < r.end
            && matches!(d.low(k + 1), "of" | "in" | "for" | "with")
            && let Some(owner) = owner_after(k + 2)
        {
            // Back over modifiers to the article, then to the person.
            let mut j = k;
            let mut mods = 0;
            while j > r.start && mods < 3 && !matches!(d.low(j - 1), "a" | "an" | "the") {
                let pw = d.tok(j - 1);
                let modifier = (pw.chars().next().is_some_and(char::is_lowercase)
                    && cx.mention_at(j - 1).is_none())
                    || cx.mention_at(j - 1).is_some_and(|m| f.mentions[m].demonym);
                if !modifier {
                    break;
                }
                j -= 1;
                mods += 1;
            }
            if j > r.start + 1 && matches!(d.low(j - 1), "a" | "an" | "the") {
                let mut q = j - 2;
                if matches!(d.low(q), "is" | "was" | "became" | "as" | "remains") && q > r.start {
                    q -= 1;
                } else if d.low(q) == "," {
                    if q > r.start {
                        q -= 1;
                    }
                } else if !cx.mention_at(q).is_some_and(|m| {
                    // "appointed Tom Vale the commander for the Front"
                    let ms = f.mentions[m].tok.start;
                    ms > r.start && rule_words().appoint.contains(d.low(ms - 1))
                }) {
                    continue;
                }
                // "was appointed by X as the commander": the appointee is the
                // subject, not the agent after "by".
                if let Some(m) = cx.mention_at(q)
                    && is_agent(cx, m, r.start)
                {
                    match cx.subject_left(f.mentions[m].tok.start, r.start) {
                        Some(s) => q = f.mentions[s].tok.end - 1,
                        None => continue,
                    }
                }
                if let Some(p) = cx.mention_at(q)
                    && f.mentions[p].tok.end == q + 1
                    && matches!(
                        f.mentions[p].kind,
                        EntityType::Person | EntityType::Organization | EntityType::Group
                    )
                    && !f.mentions[p].demonym
                    // "Speaking to Reuters, the president of …": Reuters is not the president.
                    && !(f.mentions[p].tok.start > r.start
                        && is_prep(d.low(f.mentions[p].tok.start - 1)))
                {
                    affiliation(out, f, &rel, p, owner, si, ev, "role-phrase");
                }
            }
            continue;
        }
        // Leadership verbs, but not "U.S.-led" (an adjective).
        let Some(&lead) = rule_words().lead_verb.get(w) else {
            continue;
        };
        if k > r.start && d.tok(k - 1) == "-" && !d.toks[k].space_before {
            continue;
        }
        if d.low(k + 1) == "by" {
            // "was founded by X", "headed by his cousin Tom Vale".
            let mut q = k + 2;
            let mut skip = 0;
            while q < r.end
                && skip < 4
                && cx.mention_at(q).is_none()
                && (f.title_at[q].is_some()
                    || matches!(d.low(q), "the" | "former" | "late" | "then" | ".")
                    || (d.tok(q).chars().next().is_some_and(char::is_lowercase)
                        && d.lex.titles.contains_key(d.low(q))))
            {
                q += 1;
                skip += 1;
            }
            // "headed by his cousin Tom Vale": past the possessive.
            if matches!(d.low(q), "his" | "her" | "its" | "their") {
                q += 1;
                while q < r.end
                    && cx.mention_at(q).is_none()
                    && d.tok(q).chars().next().is_some_and(char::is_lowercase)
                {
                    q += 1;
                }
            }
            let Some(agent) = cx.mention_at(q) else {
                continue;
            };
            if f.mentions[agent].kind == EntityType::Location || f.mentions[agent].demonym {
                continue;
            }
            // A full passive ("was founded by") takes the clause subject; a
            // reduced one ("the constitution established by") the name just
            // before the verb.
            let full = (k.saturating_sub(3).max(r.start)..k).any(|q| BE.contains(&d.low(q)));
            let near = |m: usize| f.mentions[m].tok.end + 3 >= k;
            let subject = cx.subject_left(k, r.start).filter(|&m| {
                let mm = &f.mentions[m];
                // Not the owner in "Roe's new plan", not an adjective.
                !mm.demonym
                    && d.toks
                        .get(mm.tok.end)
                        .is_none_or(|t| t.kind != TokKind::Possessive)
                    && (full || near(m))
                    && (mm.tok.end..k).all(|q| {
                        d.tok(q) != "," || matches!(d.low(q + 1), "and" | "which" | "who" | "that")
                    })
            });
            let Some(patient) = subject.or_else(|| {
                // "the second town held by the rebels", "the port was long
                // controlled by": a place just before.
                (k.saturating_sub(4).max(r.start)..k)
                    .rev()
                    .find_map(|q| cx.mention_at(q))
            }) else {
                continue;
            };
            // "It was set up by Ann Roe, and was later run
            // by her son": skip the agent of the earlier passive.
            let mut patient = patient;
            for _ in 0..3 {
                if !is_agent(cx, patient, r.start) {
                    break;
                }
                match cx.subject_left(f.mentions[patient].tok.start, r.start) {
                    Some(p) => patient = p,
                    None => break,
                }
            }
            // "Velo is the second town held by the rebels": the subject of
            // the copula, not the description after it.
            let ps = f.mentions[patient].tok.start;
            if f.mentions[patient].rule == "definite"
                && ps > r.start
                && matches!(d.low(ps - 1), "is" | "was")
                && let Some(subj) = (r.start..ps - 1).rev().find_map(|q| cx.mention_at(q))
            {
                patient = subj;
            }
            let place_patient = matches!(
                f.mentions[patient].kind,
                EntityType::Location | EntityType::Other
            );
            let seize = matches!(lead, "seizes");
            if patient != agent
                && !is_agent(cx, patient, r.start)
                && (lead == "controls" || (seize && place_patient) || (!seize && !place_patient))
            {
                let lead = if seize { "controls" } else { lead };
                affiliation(out, f, lead, agent, patient, si, ev, "led-by");
            }
        } else if w != "led" && w != "run" && lead != "seizes" {
            // "X founded Y", "X commands Y".
            let Some(owner) = owner_after(k + 1) else {
                continue;
            };
            if let Some(s) = cx.subject_left(k, r.start)
                && matches!(
                    f.mentions[s].kind,
                    EntityType::Person | EntityType::Organization | EntityType::Group
                )
                && s != owner
            {
                affiliation(out, f, lead, s, owner, si, ev, "lead-verb");
            }
        }
    }
}
