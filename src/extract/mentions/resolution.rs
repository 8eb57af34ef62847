//! Resolution of names to entities: one entity per normalized name in a
//! document, surnames and given names joining the full name, acronyms and
//! other names in parentheses ("Example Party (EP)"), and second names
//! ("also known as ...").

use super::names::Run;
use super::{Entity, Found, Mention};
use crate::extract::Doc;
use crate::lexicon::rule_words::rule_words;
use crate::lexicon::{Gender, normalize};
use crate::ontology::EntityType;
use crate::tokens::TokKind;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The document's entities by cross-document key and by normalized name.
#[derive(Default)]
pub(super) struct Registry {
    by_key: HashMap<String, usize>,
    /// One entity per normalized name in a document.
    pub(super) by_name: HashMap<String, usize>,
}

impl Registry {
    /// The entity with `key`, added to `found` if new.
    pub(super) fn entity(
        &mut self,
        d: &Doc,
        found: &mut Found,
        canonical: String,
        key: String,
        kind: EntityType,
        iso: Option<String>,
    ) -> usize {
        let lex = d.lex;
        if let Some(&e) = self.by_key.get(&key) {
            return e;
        }
        let gender = if kind == EntityType::Person {
            canonical
                .split_whitespace()
                .next()
                .and_then(|f| lex.given_names.get(f).copied())
                .unwrap_or(Gender::Unknown)
        } else {
            Gender::Unknown
        };
        found.entities.push(Entity {
            canonical,
            key: key.clone(),
            kind,
            iso,
            gender,
        });
        self.by_key.insert(key, found.entities.len() - 1);
        found.entities.len() - 1
    }
}

/// Gives each capitalized run an entity and pushes its mention to `raw`:
/// full names first so surnames can join them.
pub(super) fn resolve_runs(
    d: &Doc,
    runs: &[Run],
    found: &mut Found,
    reg: &mut Registry,
    raw: &mut Vec<Mention>,
) {
    let n = d.toks.len();
    let name_text = |r: &Range<usize>| {
        let b = d.bytes(r);
        d.text[b].split_whitespace().collect::<Vec<_>>().join(" ")
    };
    // Person entities by the last word and by the first word of their
    // multi-word names (lowercase), so a surname or given name is looked up
    // in constant time however many names the document holds.
    let mut person_last: HashMap<String, HashSet<usize>> = HashMap::new();
    let mut person_first: HashMap<String, HashSet<usize>> = HashMap::new();
    let mut acronyms: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by_key(|&i| (usize::MAX - runs[i].tok.len(), runs[i].tok.start));
    let mut run_entity: Vec<Option<(usize, EntityType, &'static str)>> = vec![None; runs.len()];
    let mut weak_typed: HashSet<usize> = HashSet::new();
    for &ri in &order {
        let r = &runs[ri];
        let text = name_text(&r.tok);
        let words: Vec<String> = r
            .tok
            .clone()
            .filter(|&k| {
                d.toks[k].kind == TokKind::Word && !rule_words().name_particle.contains(d.low(k))
            })
            .map(|k| d.low(k).to_string())
            .collect();
        // A name given in parentheses after another ("(EP)", "(Abu Tarek)").
        if let Some(&e) = acronyms.get(&text) {
            run_entity[ri] = Some((e, found.entities[e].kind, "alias"));
            continue;
        }
        // A single word that is a known person's surname or given name.
        if words.len() == 1 && r.rule != "name-cue" {
            if let Some(&e) = acronyms.get(&text) {
                run_entity[ri] = Some((e, found.entities[e].kind, "acronym"));
                continue;
            }
            let w = &words[0];
            let cands: Vec<usize> = person_last
                .get(w)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            if cands.len() == 1 {
                run_entity[ri] = Some((cands[0], EntityType::Person, "surname"));
                continue;
            }
            let firsts: Vec<usize> = person_first
                .get(w)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            if firsts.len() == 1 && r.kind == EntityType::Person {
                run_entity[ri] = Some((firsts[0], EntityType::Person, "given-name"));
                continue;
            }
        }
        let canonical = text
            .strip_prefix("The ")
            .or_else(|| text.strip_prefix("the "))
            .unwrap_or(&text)
            .to_string();
        let norm = normalize(&canonical);
        // One entity per name in a document: a later, better-typed reading
        // ("Vale said") upgrades an untyped one.
        // The fallback type of a lone unknown name is only a guess.
        let weak = r.rule == "name" && words.len() == 1 && r.kind == EntityType::Organization;
        let e = match reg.by_name.get(&norm) {
            Some(&e) => {
                let ent = &mut found.entities[e];
                let upgrade = r.kind != EntityType::Other
                    && (ent.kind == EntityType::Other || (weak_typed.contains(&e) && !weak));
                if upgrade {
                    ent.kind = r.kind;
                    ent.key = format!("{}:{}", r.kind.as_str(), norm);
                    weak_typed.remove(&e);
                }
                e
            }
            None => {
                let key = format!("{}:{}", r.kind.as_str(), norm);
                let e = reg.entity(d, found, canonical, key, r.kind, None);
                reg.by_name.insert(norm, e);
                if weak {
                    weak_typed.insert(e);
                }
                e
            }
        };
        if r.kind == EntityType::Person {
            if let Some(last) = words.last() {
                person_last.entry(last.clone()).or_default().insert(e);
            }
            if words.len() > 1 {
                person_first.entry(words[0].clone()).or_default().insert(e);
            }
        }
        // "Example Party (EP)": the acronym in parentheses joins the name;
        // "Tom Vale (Abu Tarek)": so does a person's other name.
        let t = r.tok.end;
        if t + 2 < n && d.tok(t) == "(" && d.tok(t + 2) == ")" {
            let acr = d.tok(t + 1);
            if acr.len() >= 2 && acr.chars().all(|c| c.is_uppercase()) {
                acronyms.insert(acr.to_string(), e);
            }
        }
        if r.kind == EntityType::Person && d.tok(t) == "(" {
            // Runs are in text order: the one starting at t + 1, if any, by
            // binary search (a scan of all runs here was quadratic).
            let next = runs.partition_point(|x| x.tok.start <= t);
            if let Some(inner) = runs[next..].first().filter(|x| {
                x.tok.start == t + 1
                    && d.tok(x.tok.end) == ")"
                    && matches!(
                        x.kind,
                        EntityType::Person | EntityType::Other | EntityType::Organization
                    )
                    && x.rule != "name-cue"
            }) {
                acronyms.insert(name_text(&inner.tok), e);
            }
        }
        run_entity[ri] = Some((e, r.kind, r.rule));
    }
    // Second names: "Tom Vale (…), also known as Abu Tarek", "Jaysh
    // al-Example (Arabic: …, "Army of the Example")".
    // The runs of each entity, so a join touches only the runs it moves.
    let mut runs_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, x) in run_entity.iter().enumerate() {
        if let Some(x) = x {
            runs_of.entry(x.0).or_default().push(i);
        }
    }
    for (ri, r) in runs.iter().enumerate() {
        let Some((e, kind, _)) = run_entity[ri] else {
            continue;
        };
        if !matches!(
            kind,
            EntityType::Person | EntityType::Organization | EntityType::Group
        ) {
            continue;
        }
        let sent_end = d.sents[d.sent_of[r.tok.start]].end;
        let run_from = |q: usize| {
            // Past a title: "also known as Sheikh Tarek".
            let mut q = q;
            while q < sent_end && (found.title_at[q].is_some() || d.tok(q) == ".") {
                q += 1;
            }
            let i = runs.partition_point(|x| x.tok.start < q);
            runs.get(i).filter(|x| x.tok.start == q).map(|_| i)
        };
        let mut q = r.tok.end;
        let mut alias = None;
        if q < sent_end && d.tok(q) == "(" {
            let close = (q..sent_end).find(|&z| d.tok(z) == ")").unwrap_or(sent_end);
            alias = (q + 1..close)
                .find(|&z| matches!(d.tok(z), "\"" | "\u{201c}") && run_from(z + 1).is_some())
                .and_then(|z| run_from(z + 1));
            q = close + 1;
        }
        if alias.is_none() {
            if q < sent_end && d.tok(q) == "," {
                q += 1;
            }
            let known = if d.low(q) == "also" { q + 1 } else { q };
            if d.low(known) == "known" && d.low(known + 1) == "as" {
                alias = run_from(known + 2);
            } else if matches!(d.low(q), "a.k.a." | "aka") {
                alias = run_from(q + 1);
            }
        }
        if let Some(a) = alias
            && a != ri
            && let Some((old, akind, arule)) = run_entity[a]
            && old != e
        {
            // A name with a head word ("Army of the Example") types
            // both better than a guess from capitalization.
            let mut kind = kind;
            if arule == "name-cue" && !matches!(runs[ri].rule, "name-cue" | "title" | "given-name")
            {
                kind = akind;
                let ent = &mut found.entities[e];
                ent.kind = akind;
                ent.key = format!("{}:{}", akind.as_str(), normalize(&ent.canonical));
            }
            // Every mention of the second name joins the first.
            let moved = runs_of.remove(&old).unwrap_or_default();
            for &i in &moved {
                if let Some(x) = run_entity[i].as_mut() {
                    *x = (e, kind, "alias");
                }
            }
            let group = runs_of.entry(e).or_default();
            for &i in group.iter() {
                if let Some(x) = run_entity[i].as_mut() {
                    x.1 = kind;
                }
            }
            group.extend(moved);
        }
    }
    for (ri, r) in runs.iter().enumerate() {
        if let Some((e, kind, rule)) = run_entity[ri] {
            raw.push(Mention::over(d, r.tok.clone(), kind, e, rule));
        }
    }
}
