//! Input that should be read (issue 13, items 4, 7, 8, 9, 10, 11, 12):
//! bad optional fields keep their document, dates of real feeds, shared
//! document ids, UTF-16, plain text on stdin, invisible characters inside
//! names, symlinked files.

mod common;

use common::{bin, run, stderr};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsgraph");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

/// The extraction records on stdout.
fn records(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one record per line"))
        .collect()
}

fn doc_ids(o: &Output) -> Vec<String> {
    records(o)
        .iter()
        .map(|r| r["doc"]["id"].as_str().unwrap().to_string())
        .collect()
}

/// Mentions of a record as (text, type).
fn mentions(r: &serde_json::Value) -> Vec<(String, String)> {
    r["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["text"].as_str().unwrap().to_string(),
                m["type"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every mention's offsets slice the text to its string.
fn assert_spans_slice(r: &serde_json::Value, text: &str) {
    let chars: Vec<char> = text.chars().collect();
    for m in r["mentions"].as_array().unwrap() {
        let (a, b) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[a..b].iter().collect();
        assert_eq!(slice, m["text"].as_str().unwrap(), "{m}");
    }
}

// ------------------------------------------------------------ items 4, 8

#[test]
fn one_bad_optional_field_never_drops_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("feed.jsonl");
    // Each line has real text and one field that is bad or unusual.
    let lines = [
        r#"{"id":"rfc","text":"Iran and Oman held talks in Muscat.","date":"Tue, 05 Mar 2024 10:00:00 GMT"}"#,
        r#"{"id":"oracle","text":"Iran and Oman held talks in Muscat.","date":"05-MAR-2024 10:00:00.00"}"#,
        r#"{"id":"slashes","text":"Iran and Oman held talks in Muscat.","date":"2024/03/05"}"#,
        r#"{"id":"epoch","text":"Iran and Oman held talks in Muscat.","date":1709632800}"#,
        r#"{"id":"epoch-ms","text":"Iran and Oman held talks in Muscat.","date":1709632800000}"#,
        r#"{"id":"epoch-string","text":"Iran and Oman held talks in Muscat.","date":"1709632800"}"#,
        r#"{"id":"feb-30","text":"Iran and Oman held talks in Muscat.","date":"2024-02-30"}"#,
        r#"{"id":"title-number","text":"Iran and Oman held talks in Muscat.","title":42}"#,
        r#"{"id":"surrogate-title","text":"Iran and Oman held talks in Muscat.","title":"Talks \ud800"}"#,
        r#"{"id":"surrogate-text","text":"Iran and Oman held \udc00 talks in Muscat."}"#,
        r#"{"id":"surrogate-id\ud800","text":"Iran and Oman held talks in Muscat."}"#,
        r#"{"id":"pair","text":"Iran and Oman held talks in Muscat \ud83d\ude00."}"#,
        r#"{not json at all"#,
    ];
    fs::write(&input, lines.join("\n") + "\n").unwrap();
    let o = run(&["extract", s(&input)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(
        recs.len(),
        12,
        "every line with text is kept: {}",
        stderr(&o)
    );
    let by_id = |id: &str| {
        recs.iter()
            .find(|r| r["doc"]["id"] == id)
            .unwrap_or_else(|| panic!("{id} dropped"))
    };
    for id in [
        "rfc",
        "oracle",
        "slashes",
        "epoch",
        "epoch-ms",
        "epoch-string",
    ] {
        assert_eq!(by_id(id)["doc"]["date"], "2024-03-05", "{id}");
    }
    assert!(
        by_id("feb-30")["doc"].get("date").is_none(),
        "2024-02-30 is no date"
    );
    assert!(by_id("title-number")["doc"].get("title").is_none());
    assert_eq!(by_id("surrogate-title")["doc"]["title"], "Talks \u{fffd}");
    assert_eq!(by_id("surrogate-id\u{fffd}")["doc"]["words"], 7);
    let text = "Iran and Oman held \u{fffd} talks in Muscat.";
    let r = by_id("surrogate-text");
    assert!(mentions(r).len() >= 3, "{r}");
    assert_spans_slice(r, text);
    // The summary counts the skipped line and the repaired fields.
    let err = stderr(&o);
    let summary = err.lines().last().unwrap();
    assert!(
        summary.contains("12 documents (1 line skipped, 5 fields repaired"),
        "{summary}"
    );
    for warning in [
        "feed.jsonl:7: document \"feb-30\": date \"2024-02-30\" is not a date",
        "feed.jsonl:8: document \"title-number\": `title` is a number",
        "feed.jsonl:9: document \"surrogate-title\": `title` holds 1 lone UTF-16 surrogate",
        "feed.jsonl:10: document \"surrogate-text\": `text` holds 1 lone UTF-16 surrogate",
        "feed.jsonl:11: document \"surrogate-id\u{fffd}\": `id` holds 1 lone UTF-16 surrogate",
        "feed.jsonl:13: invalid JSON document",
    ] {
        assert!(err.contains(warning), "{warning}\n{err}");
    }
    // --strict: the first problem is fatal, and says no "skipped".
    let o = run(&["extract", "--strict", s(&input)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("(--strict)") && !err.contains("skipped"),
        "{err}"
    );
}

// ------------------------------------------------------------- item 7

#[test]
fn shared_ids_follow_one_rule_in_build_extract_and_merge() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = d.join("docs.jsonl");
    fs::write(
        &input,
        concat!(
            r#"{"id":"a","text":"Iran and Oman held talks in Muscat."}"#,
            "\n",
            r#"{"id":"a","text":"Russia attacked Ukraine near Kharkiv."}"#,
            "\n",
            r#"{"id":"a#2","text":"Qatar hosted talks with Egypt."}"#,
            "\n",
            r#"{"id":"a","text":"Iran and Oman held talks in Muscat."}"#,
            "\n",
        ),
    )
    .unwrap();
    // extract: a, a#<digest>, a#2; the identical copy of "a" is left out.
    let o = run(&["extract", s(&input)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ids = doc_ids(&o);
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert_eq!((ids[0].as_str(), ids[2].as_str()), ("a", "a#2"));
    let renamed = ids[1].clone();
    assert!(
        renamed.starts_with("a#") && renamed.len() == 10 && renamed != "a#2",
        "{renamed}"
    );
    assert!(
        stderr(&o).contains(&format!("renamed \"{renamed}\"")),
        "{}",
        stderr(&o)
    );
    // build: the same ids, and the evidence of the renamed document is its own.
    let graph = d.join("g.json");
    let x = d.join("x.jsonl");
    let o = run(&["build", s(&input), "-o", s(&graph), "--extractions", s(&x)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let g: serde_json::Value = serde_json::from_slice(&fs::read(&graph).unwrap()).unwrap();
    let mut listed: Vec<&str> = g["graph"]["document_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    listed.sort_unstable();
    let mut expected = vec!["a", renamed.as_str(), "a#2"];
    expected.sort_unstable();
    assert_eq!(listed, expected);
    for e in g["edges"].as_array().unwrap() {
        for ev in e["evidence"].as_array().unwrap() {
            let quote = ev["quote"].as_str().unwrap();
            let expected = match ev["doc"].as_str().unwrap() {
                "a" => "Muscat",
                "a#2" => "Qatar",
                other => {
                    assert_eq!(other, renamed);
                    "Russia"
                }
            };
            assert!(quote.contains(expected), "{ev}");
        }
    }
    // merge of the build's extractions gives the same graph.
    let merged = d.join("m.json");
    let o = run(&["merge", "-q", s(&x), "-o", s(&merged)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read(&merged).unwrap(), fs::read(&graph).unwrap());
    // Shards extracted apart, with "a" in both: the same rule, the same ids.
    let one = d.join("one.jsonl");
    let two = d.join("two.jsonl");
    fs::write(
        &one,
        r#"{"id":"a","text":"Iran and Oman held talks in Muscat."}"#,
    )
    .unwrap();
    fs::write(
        &two,
        concat!(
            r#"{"id":"a","text":"Russia attacked Ukraine near Kharkiv."}"#,
            "\n",
            r#"{"id":"a#2","text":"Qatar hosted talks with Egypt."}"#,
        ),
    )
    .unwrap();
    let (x1, x2) = (d.join("x1.jsonl"), d.join("x2.jsonl"));
    assert!(
        run(&["extract", "-q", s(&one), "-o", s(&x1)])
            .status
            .success()
    );
    assert!(
        run(&["extract", "-q", s(&two), "-o", s(&x2)])
            .status
            .success()
    );
    let sharded = d.join("sharded.json");
    let o = run(&["merge", s(&x1), s(&x2), s(&x1), "-o", s(&sharded)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("renamed \"{renamed}\"")),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("same content; document skipped"),
        "{}",
        stderr(&o)
    );
    assert_eq!(fs::read(&sharded).unwrap(), fs::read(&graph).unwrap());
    // Merging graph files follows it too.
    let (g1, g2) = (d.join("g1.json"), d.join("g2.json"));
    assert!(run(&["merge", "-q", s(&x1), "-o", s(&g1)]).status.success());
    assert!(run(&["merge", "-q", s(&x2), "-o", s(&g2)]).status.success());
    let from_graphs = d.join("from-graphs.json");
    let o = run(&["merge", "-q", s(&g1), s(&g2), "-o", s(&from_graphs)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(fs::read(&from_graphs).unwrap(), fs::read(&graph).unwrap());
    // --strict: any collision is fatal, in every command.
    for args in [
        vec!["extract", "--strict", s(&input)],
        vec![
            "build",
            "--strict",
            s(&input),
            "-o",
            s(&d.join("strict.json")),
        ],
        vec![
            "merge",
            "--strict",
            s(&x1),
            s(&x2),
            "-o",
            s(&d.join("strict.json")),
        ],
        vec![
            "merge",
            "--strict",
            s(&x1),
            s(&x1),
            "-o",
            s(&d.join("strict.json")),
        ],
        vec![
            "merge",
            "--strict",
            s(&g1),
            s(&g2),
            "-o",
            s(&d.join("strict.json")),
        ],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("(--strict)"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert!(!d.join("strict.json").exists());
}

// ---------------------------------------------------------------- helpers

#[allow(dead_code)]
fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}
