//! The word-window event finder: a trigger word from `triggers.tsv`, the
//! nearest actor on its left as subject and the first allowed actor on its
//! right as object, with passives, "between A and B", mediators, and
//! negation and intent flags from the words before it. Also wars named by
//! their sides.

use super::super::Doc;
use super::ctx::{BE, Ctx};
use super::{Rel, push};
use crate::lexicon::rule_words::rule_words;
use crate::lexicon::{Pos, Trigger};
use crate::ontology::{self, EntityType};
use crate::tokens::TokKind;
use std::ops::Range;

/// "attacked the plan": the criticism an attack verb stands for before a
/// criticism object.
static CRITICIZES: std::sync::LazyLock<Trigger> = std::sync::LazyLock::new(|| Trigger {
    tokens: vec![],
    relation: "criticizes".into(),
    class: "ACCUSE".into(),
    cameo: "111".into(),
    pos: Pos::Verb,
});

/// Prepositions that introduce the object of a relation.
fn object_preps(relation: &str, pos: Pos) -> (&'static [&'static str], bool, bool) {
    // (allowed governors, direct object allowed, places allowed)
    let direct = pos == Pos::Verb;
    match relation {
        "deploys" => (
            &[
                "to", "in", "into", "near", "along", "off", "toward", "towards", "on", "inside",
                "across",
            ],
            false,
            true,
        ),
        "visits" => (&["to"], direct, true),
        "negotiates_with" | "meets_with" | "cooperates_with" | "calls" => {
            (&["with", "between", "among"], direct, false)
        }
        "mediates" => (&["between", "among", "for"], direct, false),
        "signs_agreement_with" => (&["with", "between"], false, false),
        "attacks" => (
            &["on", "against", "at", "in", "into", "upon", "of"],
            direct,
            true,
        ),
        "threatens" | "warns" => (&["against", "on", "to"], direct, false),
        "sanctions" => (&["on", "against"], direct, false),
        "aids" | "supports" => (&["to", "for"], direct, false),
        "demands" => (&["on", "from", "of"], direct, false),
        "protests" => (&["against"], false, false),
        "coerces" => (&["on", "against", "of"], direct, false),
        "accuses" => (&["against", "of", "on"], direct, false),
        "rejects" => (&["from"], direct, false),
        "hosts" | "agrees_with" => (&["with"], direct, false),
        _ => (&["with", "against", "on", "to"], direct, false),
    }
}

/// Matches the longest trigger starting at token `k`.
pub(super) fn trigger_at<'l>(d: &Doc<'l>, k: usize, hi: usize) -> Option<(&'l Trigger, usize)> {
    let list = d.lex.triggers.get(d.low(k))?;
    for t in list {
        let len = t.tokens.len();
        if k + len <= hi && (0..len).all(|q| d.low(k + q) == t.tokens[q]) {
            return Some((t, len));
        }
    }
    None
}

/// Negation and intent of the trigger at token `k`, from the words before it
/// in its clause ("did not", "will", "plans to").
fn flags(d: &Doc, k: usize, lo: usize) -> (bool, bool) {
    let mut negated = false;
    let mut intent = false;
    let from = k.saturating_sub(6).max(lo);
    for q in from..k {
        if matches!(d.low(q), "," | ";" | "but" | "and" | "while" | "after") {
            negated = false;
            intent = false;
            continue;
        }
        let w = d.low(q);
        if rule_words().negation.contains(w) || w.ends_with("n't") || w.ends_with("n’t") {
            negated = true;
        }
        if rule_words().modal.contains(w) {
            intent = true;
        }
    }
    if k >= lo + 2 && d.low(k - 1) == "to" {
        let v = d.low(k - 2);
        if rule_words().intent_verb.contains(v) || v.ends_with("ed") || v.ends_with('s') {
            intent = true;
        }
    }
    (negated, intent)
}

/// Event relations from triggers.
pub(super) fn events(cx: &Ctx, si: usize, r: &Range<usize>, ev: &Range<usize>, out: &mut Vec<Rel>) {
    let d = cx.d;
    let f = cx.f;
    let mut k = r.start;
    let mut consult_parties: Vec<usize> = Vec::new();
    let mut pending_mediators: Vec<(usize, &Trigger, (bool, bool))> = Vec::new();
    // Events pushed so far carry their trigger token (for the sense check).
    let mut tagged = out.len();
    let mut current: Option<usize> = None;
    while k < r.end {
        for rel in &mut out[tagged..] {
            rel.trigger = rel.trigger.or(current);
        }
        tagged = out.len();
        if f.at_token[k].is_some() {
            k += 1;
            continue;
        }
        let Some((t, len)) = trigger_at(d, k, r.end) else {
            k += 1;
            continue;
        };
        let end = k + len;
        current = Some(k);
        let fl = flags(d, k, r.start);
        // "attacked the plan" is criticism, not assault.
        let criticism = t.relation == "attacks"
            && t.pos == Pos::Verb
            && (end..(end + 5).min(r.end))
                .any(|q| rule_words().criticism_object.contains(d.low(q)));
        let t: &Trigger = if criticism { &CRITICIZES } else { t };
        let (allowed, direct, places) = object_preps(&t.relation, t.pos);
        // Passive: "was attacked by X", "was wounded in a night raid by X".
        let be_before = t.pos == Pos::Verb
            && k > r.start
            && (BE.contains(&d.low(k - 1))
                || (k > r.start + 1 && BE.contains(&d.low(k - 2)) && d.low(k - 1).ends_with("ly")));
        let by_at = if d.low(end) == "by" {
            Some(end)
        } else if be_before {
            (end..(end + 7).min(r.end))
                .take_while(|&q| {
                    cx.mention_at(q).is_none()
                        && (d.toks[q].kind == TokKind::Number
                            || d.tok(q).chars().next().is_some_and(char::is_lowercase))
                })
                .find(|&q| {
                    d.low(q) == "by" && q > end && matches!(d.low(end), "in" | "during" | "on")
                })
        } else {
            None
        };
        let passive = be_before && by_at.is_some();
        // Reduced passive: "talks facilitated by Egypt", "a raid conducted by".
        let reduced_passive = !passive
            && t.pos == Pos::Verb
            && d.low(end) == "by"
            && d.low(end - 1).ends_with("ed")
            && k > r.start
            && f.at_token[k - 1].is_none()
            && d.toks[k - 1].kind == TokKind::Word;
        if reduced_passive && t.relation == "mediates" {
            if let Some(a) = cx.mention_at(end + 1).or_else(|| cx.mention_at(end + 2)) {
                pending_mediators.push((a, t, fl));
            }
            k = end;
            continue;
        }
        let passive = passive || reduced_passive;
        let (subjects, objects): (Vec<usize>, Vec<usize>) = if passive {
            let by = by_at.unwrap_or(end);
            let agent = cx.mention_at(by + 1).or_else(|| cx.mention_at(by + 2));
            let patient = cx.subject_left(k, r.start);
            match (agent, patient) {
                (Some(a), Some(p)) => (cx.compound_right(a, r.end), cx.compound_left(p, r.start)),
                (Some(a), None) => (cx.compound_right(a, r.end), vec![]),
                _ => (vec![], vec![]),
            }
        } else {
            // Subject: nearest actor on the left; for nouns also "by X" after.
            let mut subj = cx.subject_left(k, r.start);
            if t.pos != Pos::Verb {
                // A noun's subject must be close: "US strikes", "Israel's attack",
                // "Ruritanian mediators"; "talks" after a verb takes the verb's subject.
                if let Some(s) = subj {
                    let gap = k - f.mentions[s].tok.end;
                    let between_ok = (f.mentions[s].tok.end..k).all(|q| {
                        let w = d.low(q);
                        d.toks[q].kind == TokKind::Possessive
                            || matches!(
                                w,
                                "-" | "–"
                                    | "—"
                                    | "officials"
                                    | "forces"
                                    | "troops"
                                    | "military"
                                    | "government"
                                    | "delegates"
                                    | "leaders"
                                    | "indirect"
                                    | "direct"
                                    | "new"
                                    | "fresh"
                                    | "renewed"
                                    | "air"
                                    | "missile"
                                    | "drone"
                                    | "nuclear"
                                    | "peace"
                                    | "bilateral"
                                    | "trade"
                                    | "high-level"
                                    | "face-to-face"
                                    | "naval"
                                    | "navy"
                                    | "army"
                                    // "held a second round of talks"
                                    | "round"
                                    | "rounds"
                                    | "series"
                                    | "first"
                                    | "second"
                                    | "another"
                                    | "of"
                                    | "already"
                                    | "also"
                                    | "had"
                                    | "has"
                                    | "have"
                            )
                            || is_verbish(w)
                            || w == "the"
                            || w == "a"
                            || w == "an"
                            || w == "its"
                            || w == "their"
                    });
                    if gap > 6 || !between_ok {
                        subj = None;
                    }
                }
                if subj.is_none() && d.low(end) == "by" {
                    subj = cx.mention_at(end + 1);
                }
            }
            let subjects = subj
                .map(|s| cx.compound_left(s, r.start))
                .unwrap_or_default();
            let obj = if d.low(end) == "between" || (d.low(end) == "by" && t.pos != Pos::Verb) {
                None
            } else {
                cx.object_right(end, r.end, allowed, direct, places)
            };
            let objects = obj.map(|o| cx.compound_right(o, r.end)).unwrap_or_default();
            (subjects, objects)
        };
        // "between A and B"
        let between: Vec<usize> = {
            let mut q = end;
            let mut found = vec![];
            while q < r.end && q < end + 4 {
                if d.low(q) == "between" || d.low(q) == "among" {
                    let mut z = q + 1;
                    if matches!(d.low(z), "the") {
                        z += 1;
                    }
                    if let Some(m) = cx.mention_at(z) {
                        found = cx.compound_right(m, r.end);
                    }
                    break;
                }
                q += 1;
            }
            found
        };
        let symmetric = ontology::is_symmetric(&t.relation);
        let rule = match (passive, t.pos) {
            (true, _) => "passive",
            (false, Pos::Verb) => "verb",
            (false, Pos::Noun) => "noun",
            (false, Pos::Adj) => "agent-noun",
        };
        let mut emitted = false;
        if between.len() >= 2 {
            if subjects.is_empty() || symmetric {
                for a in 0..between.len() {
                    for b in a + 1..between.len() {
                        push(
                            out,
                            f,
                            &t.relation,
                            &t.class,
                            &t.cameo,
                            between[a],
                            Some(between[b]),
                            si,
                            ev,
                            fl,
                            "between",
                        );
                    }
                }
                consult_parties.extend(&between);
            } else {
                for &s in &subjects {
                    for &o in &between {
                        push(
                            out,
                            f,
                            &t.relation,
                            &t.class,
                            &t.cameo,
                            s,
                            Some(o),
                            si,
                            ev,
                            fl,
                            "between",
                        );
                    }
                }
                if t.relation == "mediates" || t.relation == "hosts" {
                    for a in 0..between.len() {
                        for b in a + 1..between.len() {
                            push(
                                out,
                                f,
                                "negotiates_with",
                                "CONSULT",
                                "046",
                                between[a],
                                Some(between[b]),
                                si,
                                ev,
                                fl,
                                "mediated-parties",
                            );
                        }
                    }
                }
            }
            emitted = true;
        }
        if !emitted && !subjects.is_empty() && !objects.is_empty() {
            for &s in &subjects {
                for &o in &objects {
                    push(
                        out,
                        f,
                        &t.relation,
                        &t.class,
                        &t.cameo,
                        s,
                        Some(o),
                        si,
                        ev,
                        fl,
                        rule,
                    );
                }
            }
            if t.class == "CONSULT" && t.relation != "mediates" {
                consult_parties.extend(subjects.iter().chain(&objects));
            }
            emitted = true;
        }
        if !emitted && symmetric && subjects.len() >= 2 {
            for a in 0..subjects.len() {
                for b in a + 1..subjects.len() {
                    push(
                        out,
                        f,
                        &t.relation,
                        &t.class,
                        &t.cameo,
                        subjects[a],
                        Some(subjects[b]),
                        si,
                        ev,
                        fl,
                        "compound",
                    );
                }
            }
            consult_parties.extend(&subjects);
            emitted = true;
        }
        if !emitted && t.relation == "mediates" && subjects.len() == 1 {
            pending_mediators.push((subjects[0], t, fl));
            emitted = true;
        }
        if !emitted
            && !subjects.is_empty()
            && (ontology::is_objectless(&t.class) || passive)
            && t.pos == Pos::Verb
        {
            for &s in &subjects {
                push(
                    out,
                    f,
                    &t.relation,
                    &t.class,
                    &t.cameo,
                    s,
                    None,
                    si,
                    ev,
                    fl,
                    "no-target",
                );
            }
            emitted = true;
        }
        if !emitted && subjects.len() == 1 && t.class == "THREATEN" && t.pos == Pos::Verb {
            // "Ruritania warned against any attack": a threat without a named target.
            let next = d.low(end);
            if matches!(
                next,
                "against" | "that" | "of" | "it" | "they" | "he" | "she"
            ) || next == ","
            {
                // "warned against …" is coercive by itself; "warned of/that …"
                // only with conflict words ("warned of a slowdown" is not).
                let coercive = next == "against"
                    || (end + 1..(end + 10).min(r.end)).any(|q| {
                        matches!(
                            d.low(q),
                            "retaliation"
                                | "consequences"
                                | "response"
                                | "war"
                                | "attack"
                                | "attacks"
                                | "strikes"
                                | "force"
                                | "action"
                                | "escalation"
                                | "retaliate"
                                | "respond"
                                | "strike"
                                | "military"
                                | "punish"
                                | "price"
                        )
                    });
                if coercive {
                    push(
                        out,
                        f,
                        &t.relation,
                        &t.class,
                        &t.cameo,
                        subjects[0],
                        None,
                        si,
                        ev,
                        fl,
                        "no-target",
                    );
                }
            }
        }
        k = end;
    }
    for rel in &mut out[tagged..] {
        rel.trigger = rel.trigger.or(current);
    }
    // Mediators of talks in the same sentence.
    let mut parties: Vec<usize> = Vec::new();
    for p in consult_parties {
        if !parties
            .iter()
            .any(|&q| f.mentions[q].entity == f.mentions[p].entity)
        {
            parties.push(p);
        }
    }
    for (m, t, fl) in pending_mediators {
        for &p in &parties {
            push(
                out,
                f,
                &t.relation,
                &t.class,
                &t.cameo,
                m,
                Some(p),
                si,
                ev,
                fl,
                "mediator",
            );
        }
    }
}

fn is_verbish(w: &str) -> bool {
    matches!(
        w,
        "concluded"
            | "sent"
            | "provided"
            | "delivered"
            | "pledged"
            | "humanitarian"
            | "financial"
            | "economic"
            | "held"
            | "began"
            | "started"
            | "resumed"
            | "opened"
            | "launched"
            | "carried"
            | "out"
            | "conducted"
            | "renewed"
            | "continued"
            | "staged"
            | "hold"
            | "holds"
            | "hosted"
            | "attended"
            | "joined"
    )
}

/// Wars named by their sides: "the Ruritania-Freedonia War", "the A–B war".
pub(super) fn named_wars(
    cx: &Ctx,
    si: usize,
    r: &Range<usize>,
    ev: &Range<usize>,
    out: &mut Vec<Rel>,
) {
    let d = cx.d;
    let f = cx.f;
    for k in r.clone() {
        if !matches!(d.low(k), "war" | "conflict") || k < r.start + 3 {
            continue;
        }
        let (Some(b), Some(a)) = (cx.mention_at(k - 1), cx.mention_at(k - 3)) else {
            continue;
        };
        let (mb, ma) = (&f.mentions[b], &f.mentions[a]);
        if matches!(d.tok(k - 2), "-" | "\u{2013}" | "/")
            && ma.tok.end == k - 2
            && mb.tok.start == k - 1
            && ma.kind == EntityType::Country
            && mb.kind == EntityType::Country
        {
            push(
                out,
                f,
                "fights",
                "ASSAULT",
                "190",
                a,
                Some(b),
                si,
                ev,
                (false, false),
                "war-name",
            );
        }
    }
}
