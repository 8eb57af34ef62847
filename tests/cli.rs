//! End-to-end tests of the `newsgraph` binary: every command, and every kind
//! of bad input named in the foundation issue.

mod common;

use common::{bin, examples, run, stderr};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const ARTICLE: &str = "Oman Hosts New Round of Talks\n\nIranian and American negotiators held indirect talks in Muscat on Saturday, Omani officials said. Iran's foreign minister Abbas Araghchi said the talks were constructive. He added that Tehran would not negotiate under threat.\n";

#[test]
fn extract_writes_one_line_per_document_with_valid_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    fs::write(&a, ARTICLE).unwrap();
    let out = dir.path().join("x.jsonl");
    let o = run(&["extract", a.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(v["doc"]["id"], "a.txt");
    let chars: Vec<char> = ARTICLE.chars().collect();
    let mentions = v["mentions"].as_array().unwrap();
    assert!(mentions.len() >= 6, "{mentions:?}");
    for m in mentions {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(slice, m["text"].as_str().unwrap());
    }
    assert!(!v["relations"].as_array().unwrap().is_empty());
    // The summary goes to stderr, nothing to stdout.
    assert!(o.stdout.is_empty());
    assert!(stderr(&o).contains("1 documents"));
}

#[test]
fn extract_reads_stdin_and_writes_stdout() {
    let mut child = bin()
        .args(["extract", "-", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"id\":\"d1\",\"text\":\"Russia attacked Ukraine.\"}\n{\"id\":\"d2\",\"text\":\"Qatar mediated between Israel and Hamas.\"}\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        o.stderr.is_empty(),
        "--quiet prints nothing: {}",
        stderr(&o)
    );
    let out = String::from_utf8(o.stdout).unwrap();
    let ids: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["d1", "d2"]);
}

#[test]
fn unreadable_path_is_an_error_naming_it() {
    let o = run(&["extract", "/no/such/file.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/no/such/file.txt"), "{}", stderr(&o));
}

#[test]
fn directory_without_documents_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("image.png"), [0x89, b'P', b'N', b'G', 0, 0]).unwrap();
    let o = run(&["extract", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no documents"), "{}", stderr(&o));
}

#[test]
fn folder_is_read_recursively_in_sorted_order_skipping_binaries() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("sub")).unwrap();
    fs::write(dir.path().join("b.txt"), "Israel struck Gaza.").unwrap();
    fs::write(dir.path().join("sub/a.txt"), "Iran threatened Israel.").unwrap();
    fs::write(dir.path().join("a.txt"), "Turkey met Greece.").unwrap();
    fs::write(dir.path().join("blob.txt"), b"\x00\x01binary").unwrap();
    let o = run(&["extract", dir.path().to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let ids: Vec<String> = String::from_utf8(o.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(ids, ["a.txt", "b.txt", "sub/a.txt"]);
    assert!(
        stderr(&o).contains("blob.txt") && stderr(&o).contains("binary"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn invalid_utf8_is_decoded_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.txt");
    fs::write(&f, b"Iran warned Israel \xff\xfe of retaliation.").unwrap();
    let o = run(&["extract", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(
        e.contains("bad.txt") && e.contains("invalid UTF-8 at byte 19"),
        "{e}"
    );
    assert!(
        String::from_utf8(o.stdout.clone())
            .unwrap()
            .contains('\u{fffd}')
    );
}

#[test]
fn malformed_json_line_is_reported_with_file_and_line_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("docs.jsonl");
    fs::write(&f, "{\"id\":\"a\",\"text\":\"Russia attacked Ukraine.\"}\n{\"id\": oops\n\n{\"id\":\"c\",\"text\":\"Egypt hosted talks.\"}\n").unwrap();
    let o = run(&["extract", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("docs.jsonl:2:"), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8(o.stdout.clone()).unwrap().lines().count(),
        2
    );
    // --strict makes it fatal.
    let o = run(&["extract", "--strict", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("docs.jsonl:2:"), "{}", stderr(&o));
}

#[test]
fn empty_document_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("docs.jsonl");
    fs::write(
        &f,
        "{\"id\":\"a\",\"text\":\"  \"}\n{\"id\":\"b\",\"text\":\"Iran met Oman.\"}\n",
    )
    .unwrap();
    let o = run(&["extract", f.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("docs.jsonl:1:") && stderr(&o).contains("empty"),
        "{}",
        stderr(&o)
    );
    // Only empty documents: nothing useful, non-zero exit, no output file.
    fs::write(&f, "{\"id\":\"a\",\"text\":\"\"}\n").unwrap();
    let out = dir.path().join("out.jsonl");
    let o = run(&["extract", f.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn duplicate_ids_are_renamed_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("docs.jsonl");
    fs::write(
        &f,
        "{\"id\":\"a\",\"text\":\"Iran met Oman.\"}\n{\"id\":\"a\",\"text\":\"Iran met Qatar.\"}\n",
    )
    .unwrap();
    let o = run(&["extract", f.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("document id \"a\" is already taken by a different document"),
        "{}",
        stderr(&o)
    );
    // The second "a" is renamed by a digest of its content.
    let out = String::from_utf8(o.stdout.clone()).unwrap();
    let renamed = out.lines().nth(1).unwrap();
    let v: serde_json::Value = serde_json::from_str(renamed).unwrap();
    let id = v["doc"]["id"].as_str().unwrap();
    assert!(
        id.len() == 10 && id.starts_with("a#") && id[2..].chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = run(&["extract"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["extract", "--threads", "0", "x.txt"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn extraction_is_identical_for_any_thread_count() {
    let ex = examples();
    let one = run(&["extract", "--quiet", "--threads", "1", ex.to_str().unwrap()]);
    let two = run(&["extract", "--quiet", "--threads", "2", ex.to_str().unwrap()]);
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(one.stdout, two.stdout);
}

fn extract_to(dir: &Path, name: &str, text: &str) -> PathBuf {
    let input = dir.join(format!("{name}.txt"));
    fs::write(&input, text).unwrap();
    let out = dir.join(format!("{name}.jsonl"));
    let o = run(&[
        "extract",
        "--quiet",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    out
}

#[test]
fn merge_is_associative_and_order_independent() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let a = extract_to(
        d,
        "a",
        "Russian President Vladimir Putin threatened Ukraine. Putin later met Recep Tayyip Erdoğan.",
    );
    let b = extract_to(
        d,
        "b",
        "Qatar mediated between Israel and Hamas. Israel struck Gaza on Monday.",
    );
    let c = extract_to(
        d,
        "c",
        "Putin warned NATO against deploying troops. Turkey hosted talks between Russia and Ukraine.",
    );
    let p = |x: &Path| x.to_str().unwrap().to_string();
    let all = d.join("all.json");
    let ab = d.join("ab.json");
    let ab_c = d.join("ab_c.json");
    let cba = d.join("cba.json");
    assert!(
        run(&["merge", "-q", &p(&a), &p(&b), &p(&c), "-o", &p(&all)])
            .status
            .success()
    );
    assert!(
        run(&["merge", "-q", &p(&a), &p(&b), "-o", &p(&ab)])
            .status
            .success()
    );
    let o = run(&["merge", "-q", &p(&ab), &p(&c), "-o", &p(&ab_c)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        run(&["merge", "-q", &p(&c), &p(&b), &p(&a), "-o", &p(&cba)])
            .status
            .success()
    );
    let all_b = fs::read(&all).unwrap();
    assert_eq!(
        all_b,
        fs::read(&ab_c).unwrap(),
        "(A+B)+C differs from A+B+C"
    );
    assert_eq!(all_b, fs::read(&cba).unwrap(), "C+B+A differs from A+B+C");
    let g: serde_json::Value = serde_json::from_slice(&all_b).unwrap();
    assert_eq!(g["graph"]["documents"], 3);
    // Putin is one node across documents.
    let putins = g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["label"].as_str().unwrap_or("").contains("Putin"))
        .count();
    assert_eq!(putins, 1);
}

#[test]
fn merge_rejects_files_of_another_format_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("old.jsonl");
    fs::write(
        &f,
        "{\"doc\":{\"id\":\"a\"},\"mentions\":[],\"relations\":[]}\n",
    )
    .unwrap();
    let o = run(&["merge", f.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("old.jsonl:1:") && e.contains("not a newsgraph extraction"),
        "{e}"
    );
    let f2 = dir.path().join("v2.jsonl");
    fs::write(
        &f2,
        "{\"format\":\"newsgraph-extraction/2\",\"doc\":{\"id\":\"a\"}}\n",
    )
    .unwrap();
    let o = run(&["merge", f2.to_str().unwrap()]);
    assert!(
        stderr(&o).contains("newsgraph-extraction/2"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn export_converts_by_extension_and_format_flag() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let x = extract_to(
        d,
        "a",
        "Iran's foreign minister Abbas Araghchi met Omani officials in Muscat. Israel struck Iranian sites.",
    );
    let g = d.join("g.json");
    assert!(
        run(&[
            "merge",
            "-q",
            x.to_str().unwrap(),
            "-o",
            g.to_str().unwrap()
        ])
        .status
        .success()
    );
    let dot = d.join("g.dot");
    let o = run(&["export", g.to_str().unwrap(), "-o", dot.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(fs::read_to_string(&dot).unwrap().starts_with("digraph"));
    // --format overrides; stdout when no -o.
    let o = run(&["export", g.to_str().unwrap(), "--format", "dot", "-q"]);
    assert!(o.status.success());
    assert!(String::from_utf8(o.stdout).unwrap().starts_with("digraph"));
    // Unknown extension: usage error.
    let o = run(&[
        "export",
        g.to_str().unwrap(),
        "-o",
        d.join("g.svg").to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    // A file that is not a graph: clear error naming it.
    let o = run(&["export", x.to_str().unwrap(), "-o", dot.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("a.jsonl"), "{}", stderr(&o));
    // The failed export left the previous output whole.
    assert!(fs::read_to_string(&dot).unwrap().starts_with("digraph"));
}

#[test]
fn build_twice_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let ex = examples();
    let mut outs = Vec::new();
    for (i, threads) in ["1", "2"].iter().enumerate() {
        let j = dir.path().join(format!("g{i}.json"));
        let dot = dir.path().join(format!("g{i}.dot"));
        let o = run(&[
            "build",
            "-q",
            "--threads",
            threads,
            ex.to_str().unwrap(),
            "-o",
            j.to_str().unwrap(),
            "-o",
            dot.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        outs.push((fs::read(&j).unwrap(), fs::read(&dot).unwrap()));
    }
    assert_eq!(outs[0], outs[1]);
    let g: serde_json::Value = serde_json::from_slice(&outs[0].0).unwrap();
    assert!(g["edges"].as_array().unwrap().len() > 20);
    assert!(g["graph"]["documents"].as_u64().unwrap() >= 6);
}

#[test]
fn build_matches_extract_then_merge() {
    let dir = tempfile::tempdir().unwrap();
    let ex = examples();
    let built = dir.path().join("built.json");
    let x = dir.path().join("x.jsonl");
    let merged = dir.path().join("merged.json");
    assert!(
        run(&[
            "build",
            "-q",
            ex.to_str().unwrap(),
            "-o",
            built.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(
        run(&[
            "extract",
            "-q",
            ex.to_str().unwrap(),
            "-o",
            x.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert!(
        run(&[
            "merge",
            "-q",
            x.to_str().unwrap(),
            "-o",
            merged.to_str().unwrap()
        ])
        .status
        .success()
    );
    assert_eq!(fs::read(&built).unwrap(), fs::read(&merged).unwrap());
}

#[test]
fn closed_stdout_ends_quietly() {
    let mut child = bin()
        .args(["extract", "-q", examples().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn every_format_of_the_example_graph_is_identical_across_runs() {
    let dir = tempfile::tempdir().unwrap();
    let ex = examples();
    let formats = ["json", "dot", "gexf", "graphml", "csv", "jsonl"];
    let mut runs = Vec::new();
    for i in 0..2 {
        let mut args = vec![
            "build".to_string(),
            "-q".into(),
            ex.to_str().unwrap().into(),
        ];
        for f in formats {
            args.push("-o".into());
            args.push(
                dir.path()
                    .join(format!("r{i}.{f}"))
                    .to_str()
                    .unwrap()
                    .into(),
            );
        }
        let o = bin().args(&args).output().unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        let mut files: Vec<(String, Vec<u8>)> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| {
                p.file_name()
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .starts_with(&format!("r{i}."))
            })
            .map(|p| {
                (
                    p.file_name().unwrap().to_str().unwrap()[3..].to_string(),
                    fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        assert_eq!(files.len(), 7, "six formats, CSV as two files");
        runs.push(files);
    }
    assert_eq!(runs[0], runs[1]);
}

/// Graphviz accepts the real example graph without a single warning.
#[test]
#[cfg_attr(
    newsgraph_no_dot,
    ignore = "needs Graphviz `dot`, not found when the tests were built"
)]
fn the_example_graph_renders_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let dot = dir.path().join("g.dot");
    let ex = examples();
    let o = run(&[
        "build",
        "-q",
        ex.to_str().unwrap(),
        "-o",
        dot.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = Command::new("dot")
        .arg("-Tsvg")
        .arg(&dot)
        .output()
        .expect("Graphviz dot runs");
    assert!(o.status.success());
    assert!(
        o.stderr.is_empty(),
        "dot warned: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn csv_needs_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let g = dir.path().join("g.json");
    assert!(
        run(&[
            "build",
            "-q",
            examples().to_str().unwrap(),
            "-o",
            g.to_str().unwrap()
        ])
        .status
        .success()
    );
    let o = run(&["export", g.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("two files"), "{}", stderr(&o));
}

#[test]
fn parse_writes_conllu_for_a_text_and_for_files() {
    let out = run(&["parse", "--quiet", "--text", "Chad did not attack Libya."]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("# text = Chad did not attack Libya."),
        "{text}"
    );
    let words: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
        .collect();
    assert_eq!(words.len(), 6);
    assert!(words.iter().all(|w| w.len() == 10));
    assert_eq!(words.iter().filter(|w| w[6] == "0").count(), 1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex.conllu");
    let out = run(&[
        "parse",
        "--quiet",
        examples().to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let written = fs::read_to_string(&file).unwrap();
    assert_eq!(written.matches("# newdoc id = ").count(), 10);
}

#[test]
fn explain_names_the_frame_and_path_behind_a_relation() {
    // A frame relation: the window rules do not read a passive agent after
    // an object clause this long, the parse does.
    let text = "Villagers said the convoy had been attacked on the mountain road by militants.";
    let out = run(&["explain", "--quiet", "--text", text]);
    assert!(out.status.success(), "{}", stderr(&out));
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(report.contains("## sentence 1: Villagers said"), "{report}");
    // The parse, with the mention at each word in the last column.
    assert!(
        report
            .lines()
            .any(|l| l.starts_with("1\tVillagers\t") && l.ends_with("\tm0")),
        "{report}"
    );
    assert!(report.contains("mentions:"), "{report}");
    assert!(report.contains("by nominal"), "{report}");
    let rel = report
        .lines()
        .skip_while(|l| *l != "relations:")
        .nth(1)
        .unwrap_or_else(|| panic!("no relation: {report}"));
    assert!(rel.contains("-attacks->"), "{report}");
    let why = report
        .lines()
        .skip_while(|l| *l != "relations:")
        .nth(2)
        .unwrap_or_default();
    assert!(why.contains("rule "), "{report}");
    // A dropped frame match says why.
    let out = run(&[
        "explain",
        "--quiet",
        "--text",
        "The senator lamented the weather.",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    // Bad input: a missing file is an error naming it.
    let out = run(&["explain", "--quiet", "/nonexistent/news.txt"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("/nonexistent/news.txt"),
        "{}",
        stderr(&out)
    );
}
