//! Table-driven tests of mention boundaries and types over the project's own
//! sentences (`tests/data/mentions.tsv`): each row names a construction, a
//! sentence and the mentions a good extractor must produce (or must not).

mod common;

use common::doc;
use newsgraph::extract::extract;
use newsgraph::lexicon::Lexicon;

const SCORED: &[&str] = &["person", "organization", "group", "country", "location"];

#[test]
fn mention_table() {
    let lex = Lexicon::builtin().expect("built-in lexicon");
    let table = include_str!("data/mentions.tsv");
    let mut failures = Vec::new();
    let mut rows = 0;
    for (ln, line) in table.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cols.len(),
            3,
            "tests/data/mentions.tsv:{}: three columns",
            ln + 1
        );
        rows += 1;
        let doc = doc(format!("row{}", ln + 1), cols[1]);
        let x = extract(&doc, &lex);
        for want in cols[2].split(" ; ") {
            let want = want.trim();
            let ok = if let Some(neg) = want.strip_prefix('!') {
                match neg.split_once('=') {
                    Some((text, ty)) => !x
                        .mentions
                        .iter()
                        .any(|m| m.text == text && m.kind.as_str() == ty),
                    None => !x
                        .mentions
                        .iter()
                        .any(|m| m.text == neg && SCORED.contains(&m.kind.as_str())),
                }
            } else {
                let (text, ty) = want.split_once('=').expect("text=type");
                x.mentions
                    .iter()
                    .any(|m| m.text == text && m.kind.as_str() == ty)
            };
            if !ok {
                let got: Vec<String> = x
                    .mentions
                    .iter()
                    .map(|m| format!("{}={}", m.text, m.kind.as_str()))
                    .collect();
                failures.push(format!(
                    "line {} [{}] {:?}: want {want}; got {}",
                    ln + 1,
                    cols[0],
                    cols[1],
                    got.join(", ")
                ));
            }
        }
    }
    assert!(rows > 0);
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Second names join the first: "also known as", and a quoted translation in
/// a gloss.
#[test]
fn second_names_join_the_first() {
    let lex = Lexicon::builtin().expect("built-in lexicon");
    let cases = [
        (
            "Hassan Dahir Aweys (Somali: Xasan), also known as Abu Musa, is a cleric. Abu Musa was arrested in 2013.",
            "Hassan Dahir Aweys",
            "Abu Musa",
        ),
        (
            "Jabhat al-Nasr (Arabic: x, \"Front of Victory\") is a militant group.",
            "Jabhat al-Nasr",
            "Front of Victory",
        ),
    ];
    for (text, first, second) in cases {
        let doc = doc("alias", text);
        let x = extract(&doc, &lex);
        let ids = |t: &str| -> Vec<String> {
            x.mentions
                .iter()
                .filter(|m| m.text == t)
                .map(|m| m.entity.clone())
                .collect()
        };
        let a = ids(first);
        let b = ids(second);
        assert!(
            !a.is_empty() && !b.is_empty(),
            "{text}: {first:?} {a:?} / {second:?} {b:?}"
        );
        assert!(
            b.iter().all(|e| a.contains(e)),
            "{text}: {first:?} {a:?} / {second:?} {b:?}"
        );
    }
}

/// A wire dateline is recorded on the document: its place and agency, the
/// agency as the story's source; neither fills a relation, and the story's
/// first sentence is quoted without it.
#[test]
fn datelines_become_document_metadata() {
    let lex = Lexicon::builtin().expect("built-in lexicon");
    let text = "LIMA, May 4 (Andina) - Peru recalled its ambassador from Chile on \
                Monday. It accused Chile of meddling in the vote.";
    let x = extract(&doc("wire", text), &lex);
    let dl = x.doc.dateline.as_ref().expect("dateline found");
    assert_eq!(dl.text, "LIMA, May 4 (Andina) -");
    assert_eq!(dl.place.as_deref(), Some("LIMA"));
    assert_eq!(dl.agency.as_deref(), Some("Andina"));
    assert_eq!(x.doc.meta.source.as_deref(), Some("Andina"));
    assert!(
        !x.relations.is_empty(),
        "the story still gives its relations"
    );
    for r in &x.relations {
        assert!(r.subject.span.start >= dl.span.end, "{r:?}");
        assert!(!r.quote.contains("Andina"), "{}", r.quote);
    }
    // An input that names its source keeps it.
    let mut named = doc("wire2", text);
    named.meta.source = Some("Desk feed".into());
    let x = extract(&named, &lex);
    assert_eq!(x.doc.meta.source.as_deref(), Some("Desk feed"));
}

/// A bare generic head ("the Council") is document-local: two stories'
/// councils are not one body. A named one ("Arctic Council") is not.
#[test]
fn bare_generic_heads_stay_in_their_document() {
    let lex = Lexicon::builtin().expect("built-in lexicon");
    let key = |id: &str, text: &str, name: &str| {
        let x = extract(&doc(id, text), &lex);
        x.entities
            .iter()
            .find(|e| e.id == name)
            .map(|e| e.key.clone())
            .unwrap_or_else(|| panic!("{name} in {:?}", x.entities))
    };
    let a = key("a", "The Council condemned Iran on Monday.", "Council");
    let b = key("b", "The Council praised Chile for the reform.", "Council");
    assert_ne!(a, b);
    assert!(a.contains(":local:a:"), "{a}");
    let named = key(
        "c",
        "The Varmland Regional Council praised Chile for the reform.",
        "Varmland Regional Council",
    );
    assert!(!named.contains(":local:"), "{named}");
}
