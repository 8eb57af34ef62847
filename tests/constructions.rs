//! Table-driven extraction tests over the project's own sentences
//! (`tests/data/sentences.tsv`): each row names a construction, a sentence
//! and the relations a good extractor must find, and may mark the row a
//! known gap (`gap` in a fourth column): a construction the extractor does
//! not handle yet.
//!
//! Every row is an exact check: a row without the mark must pass and a
//! row with it must fail. So a row that stops passing fails the test, and
//! so does a gap that starts passing (remove its mark: the table then
//! keeps the improvement). The test prints the pass rate per construction;
//! `SHOW_FAILURES=1` prints every failing row.

mod common;

use newsgraph::extract::extract;
use newsgraph::lexicon::Lexicon;
use newsgraph::ontology::{self, Family};
use newsgraph::record::Extraction;
use std::collections::BTreeMap;

#[derive(Debug)]
struct Expect {
    subject: String,
    relation: String,
    object: Option<String>,
    negated: bool,
    intent: bool,
    past: bool,
    /// `¬`: this event must not be read as done (it may appear as intent).
    absent: bool,
}

fn parse_expect(s: &str) -> Vec<Expect> {
    if s.trim() == "NONE" {
        return vec![];
    }
    s.split(" ; ")
        .map(|t| {
            let t = t.trim();
            let (absent, t) = match t.strip_prefix('¬') {
                Some(rest) => (true, rest),
                None => (false, t),
            };
            let (negated, intent, past, t) = match t.chars().next() {
                Some('!') => (true, false, false, &t[1..]),
                Some('?') => (false, true, false, &t[1..]),
                Some('~') => (false, false, true, &t[1..]),
                _ => (false, false, false, t),
            };
            let parts: Vec<&str> = t.split('|').collect();
            assert_eq!(parts.len(), 3, "bad triple {t:?}");
            Expect {
                subject: parts[0].to_string(),
                relation: parts[1].to_string(),
                object: (parts[2] != "-").then(|| parts[2].to_string()),
                negated,
                intent,
                past,
                absent,
            }
        })
        .collect()
}

fn family(rel: &str) -> &str {
    match rel {
        "accuses" | "criticizes" => "accuses",
        "threatens" | "warns" => "threatens",
        r => r,
    }
}

/// Relations whose expected triple matches in either order: the
/// ontology's symmetric relations, and `agrees_with`, which the table
/// writes for two parties agreeing jointly.
fn either_order(relation: &str) -> bool {
    ontology::is_symmetric(relation) || relation == "agrees_with"
}

/// Names an argument can go by: the entity id, and for places the country.
fn names(x: &Extraction, entity: &str) -> Vec<String> {
    let mut v = vec![entity.to_string()];
    if let Some(e) = x.entities.iter().find(|e| e.id == entity)
        && let Some(iso) = &e.iso
    {
        v.push(iso.clone());
    }
    v
}

fn satisfied(x: &Extraction, e: &Expect, lex: &Lexicon) -> bool {
    let country_iso = |name: &str| {
        lex.countries
            .values()
            .find(|c| c.name == name)
            .map(|c| c.iso.clone())
            .unwrap_or_else(|| name.to_string())
    };
    let want_s = country_iso(&e.subject);
    let want_o = e.object.as_deref().map(country_iso);
    x.relations.iter().any(|r| {
        if family(&r.relation.name) != family(&e.relation) || r.negated != e.negated {
            return false;
        }
        if r.past != e.past {
            return false;
        }
        if e.absent && r.intent {
            return false;
        }
        if e.intent && !r.intent {
            return false;
        }
        let s = names(x, &r.subject.entity);
        let o = r.object.as_ref().map(|o| names(x, &o.entity));
        let hit = |s: &[String],
                   o: &Option<Vec<String>>,
                   ws: &str,
                   wo: &Option<String>,
                   ns: &str,
                   no: Option<&str>| {
            (s.iter().any(|n| n == ws || n == ns))
                && match (wo, o) {
                    (None, _) => true,
                    (Some(w), Some(o)) => o.iter().any(|n| n == w || Some(n.as_str()) == no),
                    (Some(_), None) => false,
                }
        };
        hit(&s, &o, &want_s, &want_o, &e.subject, e.object.as_deref())
            || (either_order(&e.relation)
                && e.object.is_some()
                && o.as_ref().is_some_and(|o| {
                    let ws = want_o.clone().unwrap_or_default();
                    hit(
                        o,
                        &Some(s.clone()),
                        &ws,
                        &Some(want_s.clone()),
                        e.object.as_deref().unwrap_or(""),
                        Some(&e.subject),
                    )
                }))
    })
}

#[test]
fn construction_table() {
    let lex = Lexicon::builtin().expect("built-in lexicon");
    let table = include_str!("data/sentences.tsv");
    let mut per: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut surprises = Vec::new();
    for (i, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let gap = match cols.get(3) {
            None => false,
            Some(&"gap") => true,
            Some(other) => panic!(
                "sentences.tsv:{}: fourth column {other:?} is not `gap`",
                i + 1
            ),
        };
        assert!(
            (3..=4).contains(&cols.len()),
            "sentences.tsv:{}: expected 3 or 4 columns",
            i + 1
        );
        let doc = common::doc(format!("row{}", i + 1), cols[1]);
        let x = extract(&doc, &lex);
        let expects = parse_expect(cols[2]);
        let ok = if expects.is_empty() {
            !x.relations
                .iter()
                .any(|r| r.relation.class.family() != Family::Structure && !r.negated)
        } else {
            expects.iter().all(|e| satisfied(&x, e, &lex) != e.absent)
        };
        let entry = per.entry(cols[0].to_string()).or_default();
        entry.1 += 1;
        match (ok, gap) {
            (true, true) => surprises.push(format!(
                "sentences.tsv:{}: a known gap now passes; remove its `gap` mark: {}",
                i + 1,
                cols[1]
            )),
            (false, false) => surprises.push(format!(
                "sentences.tsv:{}: no longer passes: {}",
                i + 1,
                cols[1]
            )),
            _ => {}
        }
        if ok {
            entry.0 += 1;
        } else {
            let got: Vec<String> = x
                .relations
                .iter()
                .map(|r| {
                    format!(
                        "{}{}|{}|{}",
                        if r.negated {
                            "!"
                        } else if r.intent {
                            "?"
                        } else {
                            ""
                        },
                        r.subject.entity,
                        r.relation.name,
                        r.object.as_ref().map(|o| o.entity.as_str()).unwrap_or("-")
                    )
                })
                .collect();
            failures.push(format!(
                "{}: {}\n    want {}\n    got  {}",
                cols[0],
                cols[1],
                cols[2],
                got.join(" ; ")
            ));
        }
    }
    let (pass, total) = per.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    for (c, (p, t)) in &per {
        eprintln!("{c:20} {p}/{t}");
    }
    if std::env::var_os("SHOW_FAILURES").is_some() {
        for f in &failures {
            eprintln!("{f}");
        }
    }
    let rate = pass as f64 / total as f64;
    eprintln!("overall {pass}/{total} = {rate:.3}");
    assert!(
        surprises.is_empty(),
        "{} row(s) differ from the table:\n{}",
        surprises.len(),
        surprises.join("\n")
    );
}
