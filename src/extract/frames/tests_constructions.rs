//! The argument-linking table `tests/data/frames_constructions.tsv` run
//! through the matcher, once a parser can turn its sentences into trees.
//!
//! [`parse_sentence`] runs the embedded analyzer (tagger, lemmatizer,
//! parser). The test is a pass-rate report: it prints how many rows pass and
//! lists the failures, and fails only on malformed rows.
//!
//! What is checked per expected relation (`Subject|relation|CLASS|Object
//! [|flags]`): a match of a frame with that relation and class, a target
//! when the object is named, and the `negated`/`intent` flags and
//! attribution (`said=`). Names are not checked here: mapping head tokens to
//! entities (demonyms, capitals, titled persons) is the caller's, and is
//! checked end to end by `tests/constructions.rs`. AFFILIATION and
//! LOCATED_IN rows come from the roles and places modules, not from frames,
//! and are skipped. `NONE` rows expect no match at all.

use super::*;
use crate::syntax::conllu::Sentence;

const TABLE: &str = include_str!("../../../tests/data/frames_constructions.tsv");

/// Parses one sentence into UD English EWT basic dependencies.
///
/// `None` (the matching checks are skipped) when the models cannot load.
fn parse_sentence(text: &str) -> Option<Sentence> {
    let analyzer = crate::syntax::analyze::Analyzer::embedded().ok()?;
    Some(
        analyzer
            .analyze_range(text, 0..text.len())
            .to_conllu(text, None),
    )
}

/// Rows the matcher is known to get wrong, with the reason: (sentence
/// prefix, reason). A row listed here that passes is reported so the list
/// can shrink.
const KNOWN_FAILURES: &[(&str, &str)] = &[
    (
        "Kuwaiti mediation between",
        "A negotiates_with B under a mediation is derived by the emit stage, not a frame",
    ),
    (
        "A ceasefire brokered by Egypt",
        "the between-phrase attaches to 'brokered', so 'ceasefire' has no nmod:between",
    ),
    (
        "Serbia declined to impose",
        "the decline row has no xcomp>obl:on target path",
    ),
];

struct Expect<'a> {
    relation: &'a str,
    class: &'a str,
    object: &'a str,
    flags: Vec<&'a str>,
}

fn parse_expected(s: &str) -> Result<Option<Vec<Expect<'_>>>, String> {
    if s.trim() == "NONE" {
        return Ok(None);
    }
    let mut out = Vec::new();
    for rel in s.split(';') {
        let f: Vec<&str> = rel.trim().split('|').collect();
        if !(4..=5).contains(&f.len()) || f[..4].iter().any(|x| x.is_empty()) {
            return Err(format!("bad relation {rel:?}"));
        }
        let flags: Vec<&str> = f.get(4).map(|x| x.split(',').collect()).unwrap_or_default();
        for fl in &flags {
            if !(matches!(*fl, "negated" | "intent" | "past") || fl.starts_with("said=")) {
                return Err(format!("unknown flag {fl:?} in {rel:?}"));
            }
        }
        out.push(Expect {
            relation: f[1],
            class: f[2],
            object: f[3],
            flags,
        });
    }
    Ok(Some(out))
}

fn rows() -> Vec<(usize, &'static str, &'static str, &'static str)> {
    TABLE
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "frames_constructions.tsv:{}: 3 columns", i + 1);
            (i + 1, f[0], f[1], f[2])
        })
        .collect()
}

fn satisfied(table: &FrameTable, ms: &[FrameMatch], e: &Expect) -> bool {
    ms.iter().any(|m| {
        let f = table.frame(m.frame);
        f.relation.as_deref() == Some(e.relation)
            && f.class.as_deref() == Some(e.class)
            && (e.object == "-" || m.target.is_some())
            && m.negated == e.flags.contains(&"negated")
            && m.intent == e.flags.contains(&"intent")
            && m.attributed_to.is_some() == e.flags.iter().any(|f| f.starts_with("said="))
    })
}

#[test]
fn frames_constructions_table_runs_through_the_matcher() {
    let table = FrameTable::builtin().expect("frames load");
    let rows = rows();
    assert!(rows.len() >= 80, "the table has its rows");
    let mut unexpected = Vec::new();
    let mut parsed = 0;
    let mut passed = 0;
    let mut known_failing = Vec::new();
    for (line, construction, sentence, expected) in rows {
        let exp = parse_expected(expected)
            .unwrap_or_else(|e| panic!("frames_constructions.tsv:{line}: {e}"));
        assert!(!construction.is_empty() && !sentence.is_empty());
        let Some(tree) = parse_sentence(sentence) else {
            continue;
        };
        parsed += 1;
        let toks = DepToken::from_words(&tree.words);
        let ms = find(&table, &toks);
        let ok = match &exp {
            None => ms.is_empty(),
            Some(list) => list
                .iter()
                .filter(|e| !matches!(e.class, "AFFILIATION" | "LOCATED_IN"))
                .all(|e| satisfied(&table, &ms, e)),
        };
        let known = KNOWN_FAILURES.iter().find(|(p, _)| sentence.starts_with(p));
        passed += usize::from(ok);
        if !ok && known.is_some() {
            known_failing.push(format!("{line}: [{construction}] {sentence}"));
        }
        match (ok, known) {
            (false, None) => unexpected.push(format!("{line}: [{construction}] {sentence}")),
            (true, Some((_, why))) => {
                eprintln!(
                    "frames_constructions.tsv:{line}: passes now, drop the known failure ({why})"
                )
            }
            _ => {}
        }
    }
    if parsed == 0 {
        eprintln!(
            "frames_constructions: no parser wired in yet (parse_sentence), rows only validated"
        );
    }
    eprintln!(
        "frames_constructions: {passed}/{parsed} rows pass; known failures {}, other failures {}:\n{}\n{}",
        known_failing.len(),
        unexpected.len(),
        known_failing.join("\n"),
        unexpected.join("\n")
    );
}
