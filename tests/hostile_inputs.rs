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

// ------------------------------------------------------------- item 9

fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    let mut v = if little_endian {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    for u in text.encode_utf16() {
        v.extend(if little_endian {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    v
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = "Iran and Oman held talks in Muscat. Erdoğan met Zoë 🙂.";
    let le = write(d, "le.txt", &utf16(text, true));
    let be = write(d, "be.txt", &utf16(text, false));
    let jsonl = write(
        d,
        "feed.jsonl",
        &utf16(
            "{\"id\":\"a\",\"text\":\"Israel warned Hamas.\"}\n{\"id\":\"b\",\"text\":\"Qatar hosted talks with Egypt.\"}\n",
            false,
        ),
    );
    let o = run(&["extract", s(&le), s(&be), s(&jsonl)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("binary"), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(doc_ids(&o), ["le.txt", "be.txt", "a", "b"]);
    for r in &recs[..2] {
        assert_eq!(
            mentions(r)[..3],
            [
                ("Iran".to_string(), "country".to_string()),
                ("Oman".to_string(), "country".to_string()),
                ("Muscat".to_string(), "location".to_string())
            ]
        );
        assert_spans_slice(r, text);
    }
    assert_eq!(mentions(&recs[3])[0].0, "Qatar");
    // On stdin too.
    let o = run_stdin(&["extract", "-"], &utf16(text, true));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(mentions(&records(&o)[0])[0].0, "Iran");
    // Half a character: replaced, with a warning, the document kept.
    let mut bad = utf16("Iran met Oman", true);
    bad.extend(0xD800u16.to_le_bytes());
    let bad = write(d, "bad.txt", &bad);
    let o = run(&["extract", s(&bad)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("bad.txt: 1 invalid UTF-16 code unit"),
        "{}",
        stderr(&o)
    );
    assert_eq!(records(&o).len(), 1);
    // UTF-16 without a mark is still taken for binary, not guessed.
    let mut unmarked = utf16("Iran met Oman in Muscat.", true);
    unmarked.drain(..2);
    let folder = d.join("folder");
    fs::create_dir(&folder).unwrap();
    write(&folder, "unmarked.txt", &unmarked);
    write(&folder, "ok.txt", b"Iran met Oman.");
    let o = run(&["extract", s(&folder)]);
    assert!(
        stderr(&o).contains("unmarked.txt: binary file"),
        "{}",
        stderr(&o)
    );
}

// ------------------------------------------------------------ item 10

#[test]
fn plain_text_on_stdin_that_starts_with_a_brace_is_text() {
    let text = "{Update} Iran and Oman held talks in Muscat.\nIsrael warned Hamas.\n";
    let o = run_stdin(&["extract", "-"], text.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = records(&o);
    assert_eq!(recs.len(), 1, "{}", stderr(&o));
    assert_eq!(recs[0]["doc"]["id"], "stdin");
    assert!(mentions(&recs[0]).len() >= 4);
    assert_spans_slice(&recs[0], text);
    // JSON Lines, after blank lines, is still JSON Lines.
    let jsonl = "\n\n{\"id\":\"a\",\"text\":\"Iran met Oman.\"}\n{\"id\":\"b\",\"text\":\"Qatar met Egypt.\"}\n";
    let o = run_stdin(&["extract", "-"], jsonl.as_bytes());
    assert_eq!(doc_ids(&o), ["a", "b"], "{}", stderr(&o));
    // --stdin-format forces either reading.
    let o = run_stdin(
        &["extract", "-", "--stdin-format", "text"],
        jsonl.as_bytes(),
    );
    assert_eq!(doc_ids(&o), ["stdin"], "{}", stderr(&o));
    let o = run_stdin(
        &["extract", "-", "--stdin-format", "jsonl"],
        b"{\"id\":\"a\",\"text\":\"Iran met Oman.\"}\nnot json\n",
    );
    assert_eq!(doc_ids(&o), ["a"], "{}", stderr(&o));
    assert!(
        stderr(&o).contains("-:2: invalid JSON document"),
        "{}",
        stderr(&o)
    );
    let o = run_stdin(&["extract", "-", "--stdin-format", "xml"], b"");
    assert_eq!(o.status.code(), Some(2));
}

// ------------------------------------------------------------ item 11

#[test]
fn invisible_characters_inside_names_do_not_defeat_the_gazetteer() {
    let cases = [
        ("Is\u{200d}rael warned Hamas on Monday.", "Is\u{200d}rael"),
        ("Isra\u{ad}el warned Hamas on Monday.", "Isra\u{ad}el"),
        ("Ira\u{200c}n hosted talks in Muscat.", "Ira\u{200c}n"),
        ("Ira\u{2060}n hosted talks in Muscat.", "Ira\u{2060}n"),
        // Decomposed: "São Paulo", "Côte d'Ivoire".
        (
            "Talks opened in Sa\u{303}o Paulo on Monday.",
            "Sa\u{303}o Paulo",
        ),
        ("Co\u{302}te d'Ivoire hosted talks.", "Co\u{302}te d'Ivoire"),
    ];
    let lines: String = cases
        .iter()
        .enumerate()
        .map(|(i, (text, _))| {
            format!(
                "{}\n",
                serde_json::json!({"id": i.to_string(), "text": text})
            )
        })
        .collect();
    let o = run_stdin(&["extract", "-"], lines.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let recs = records(&o);
    for ((text, name), r) in cases.iter().zip(&recs) {
        let found = mentions(r);
        let want = if name.contains("Paulo") {
            "location"
        } else {
            "country"
        };
        assert!(
            found.contains(&(name.to_string(), want.to_string())),
            "{text:?}: {found:?}"
        );
        // Offsets index the original text, invisible characters included.
        assert_spans_slice(r, text);
    }
    // The entity is the country itself.
    let israel = &recs[0]["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "country")
        .unwrap()["key"];
    assert_eq!(israel, "country:ISR");
}

// ------------------------------------------------------------ item 12

#[cfg(unix)]
#[test]
fn a_file_is_read_once_however_many_names_lead_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("articles");
    fs::create_dir(&folder).unwrap();
    write(&folder, "a.txt", b"Iran and Oman held talks in Muscat.");
    write(&folder, "b.txt", b"Israel warned Hamas.");
    std::os::unix::fs::symlink("a.txt", folder.join("c-link.txt")).unwrap();
    let outside = dir.path().join("elsewhere.txt");
    fs::write(&outside, "Qatar hosted talks with Egypt.").unwrap();
    std::os::unix::fs::symlink(&outside, folder.join("d-outside.txt")).unwrap();
    let o = run(&["extract", s(&folder), s(&folder.join("a.txt")), s(&outside)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(doc_ids(&o), ["a.txt", "b.txt", "d-outside.txt"]);
    let err = stderr(&o);
    assert!(err.contains("c-link.txt: the same file as"), "{err}");
    assert!(err.contains("3 documents,"), "{err}");
    // Not a problem: --strict reads the same.
    let o = run(&["extract", "--strict", s(&folder)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(doc_ids(&o), ["a.txt", "b.txt", "d-outside.txt"]);
}

// ---------------------------------------------------------------- helpers

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}
