//! Nothing lost, nothing clobbered (issue 13, items 1, 2, 3, 5 and 6):
//! outputs that are devices, FIFOs or symlinks; temporary files of other
//! runs; an unwritable stderr; several outputs committed as one step; an
//! output that is an input.
//!
//! The tests never point the binary at a real device other than through a
//! FIFO they make, so running them against a broken build cannot replace
//! `/dev/null`.

#![cfg(unix)]

mod common;

use common::{bin, run, stderr};
use std::fs;
use std::io::Read;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

/// A small JSON Lines corpus: two documents that give relations, one with a
/// date newsgraph cannot read (a warning on stderr).
fn corpus(dir: &Path) -> PathBuf {
    let p = dir.join("in.jsonl");
    fs::write(
        &p,
        concat!(
            r#"{"id":"a","text":"Iran and Oman held talks in Muscat on Monday."}"#,
            "\n",
            r#"{"id":"b","text":"Israel warned Hamas after the strike.","date":"next Tuesday"}"#,
            "\n",
        ),
    )
    .unwrap();
    p
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo")
        .arg(p)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo {}", p.display());
}

/// Reads a FIFO to the end on a thread (a writer blocks until a reader
/// opens it).
fn drain(p: &Path) -> std::thread::JoinHandle<Vec<u8>> {
    let p = p.to_path_buf();
    std::thread::spawn(move || {
        let mut v = Vec::new();
        fs::File::open(&p).unwrap().read_to_end(&mut v).unwrap();
        v
    })
}

// ------------------------------------------------------------- item 1

#[test]
fn a_fifo_output_is_written_in_place_and_stays_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    for args in [
        &["build", "-q", "-o"][..],
        &["extract", "-q", "-o"],
        &["merge", "-q", "-o"],
    ] {
        let fifo = dir.path().join("pipe");
        let _ = fs::remove_file(&fifo);
        mkfifo(&fifo);
        let reader = drain(&fifo);
        let mut cmd = bin();
        cmd.args(args).arg(&fifo);
        if args[0] == "merge" {
            let x = dir.path().join("x.jsonl");
            assert!(
                run(&["extract", "-q", s(&input), "-o", s(&x)])
                    .status
                    .success()
            );
            cmd.arg(&x).args(["--format", "json"]);
        } else {
            cmd.arg(&input);
        }
        let o = cmd.output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        let got = reader.join().unwrap();
        assert!(got.starts_with(b"{"), "{args:?}: {got:?}");
        let meta = fs::symlink_metadata(&fifo).unwrap();
        assert!(meta.file_type().is_fifo(), "{args:?} replaced the FIFO");
    }
}

#[test]
fn a_symlinked_output_replaces_its_target_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let real = dir.path().join("real");
    fs::create_dir(&real).unwrap();
    let target = real.join("graph.json");
    fs::write(&target, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink("real/graph.json", &link).unwrap();
    let o = run(&["build", "-q", s(&input), "-o", s(&link)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(&target)
            .unwrap()
            .contains("\"directed\"")
    );
    // The temporary file was made in the target's folder, and is gone.
    let names = |d: &Path| -> Vec<String> {
        fs::read_dir(d)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    };
    assert_eq!(names(&real), ["graph.json"]);
    // A dangling link: the target is created.
    let dangling = dir.path().join("new.dot");
    std::os::unix::fs::symlink("real/new.dot", &dangling).unwrap();
    let o = run(&["build", "-q", s(&input), "-o", s(&dangling)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        fs::read_to_string(real.join("new.dot"))
            .unwrap()
            .starts_with("digraph")
    );
}

#[test]
fn dash_and_dev_stdout_are_stdout_for_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let graph = dir.path().join("g.json");
    let x = dir.path().join("x.jsonl");
    for (args, starts) in [
        (
            vec!["build", "-q", s(&input), "-o", "-"],
            &b"{\n  \"directed\""[..],
        ),
        (vec!["build", "-q", s(&input), "-o", "/dev/stdout"], b"{\n"),
        (
            vec![
                "build",
                "-q",
                s(&input),
                "-o",
                s(&graph),
                "--extractions",
                "-",
            ],
            b"{\"format\"",
        ),
        (
            vec![
                "build",
                "-q",
                s(&input),
                "-o",
                s(&graph),
                "--extractions",
                "/dev/stdout",
            ],
            b"{\"format\"",
        ),
        (vec!["extract", "-q", s(&input), "-o", "-"], b"{\"format\""),
        (
            vec!["extract", "-q", s(&input), "-o", "/dev/stdout"],
            b"{\"format\"",
        ),
        (
            vec!["export", "-q", s(&graph), "-o", "-", "-f", "dot"],
            b"digraph",
        ),
    ] {
        if args[0] == "extract" {
            assert!(
                run(&["extract", "-q", s(&input), "-o", s(&x)])
                    .status
                    .success()
            );
        }
        let o = run(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert!(
            o.stdout.starts_with(starts),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stdout[..o.stdout.len().min(80)])
        );
    }
    let o = run(&["merge", "-q", s(&x), "-o", "-"]);
    assert!(o.status.success() && o.stdout.starts_with(b"{\n"));
    // Two outputs cannot share stdout.
    let o = run(&["build", "-q", s(&input), "-o", "-", "--extractions", "-"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("same output"), "{}", stderr(&o));
}

// ------------------------------------------------------------- item 2

#[test]
fn a_live_temporary_file_of_another_run_is_never_removed() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let out = dir.path().join("out");
    fs::create_dir(&out).unwrap();
    // Another run, in another PID namespace: its process id means nothing
    // here (no such process), but it holds the lock on its temporary file.
    let theirs = out.join(".newsgraph-4294967294-AbC123.tmp");
    fs::write(&theirs, "half a graph").unwrap();
    let held = fs::File::options().write(true).open(&theirs).unwrap();
    held.lock().unwrap();
    // An hour old: age alone does not make it stale either.
    held.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    // A killed run's file: no lock, an hour old: removed.
    let dead = out.join(".newsgraph-4294967293-XyZ789.tmp");
    fs::write(&dead, "half a graph").unwrap();
    fs::File::options()
        .write(true)
        .open(&dead)
        .unwrap()
        .set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    let o = run(&["build", "-q", s(&input), "-o", s(&out.join("g.json"))]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(theirs.exists(), "the live run's temporary file was removed");
    assert_eq!(fs::read_to_string(&theirs).unwrap(), "half a graph");
    assert!(!dead.exists(), "the dead run's temporary file was left");
    drop(held);
}

// ------------------------------------------------------------- item 3

#[test]
fn an_unwritable_stderr_never_ends_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    // Many warnings: every line has a date newsgraph cannot read.
    let noisy = dir.path().join("noisy.jsonl");
    let lines: String = (0..2000)
        .map(|i| format!("{{\"id\":\"d{i}\",\"text\":\"Iran met Oman.\",\"date\":\"soon\"}}\n"))
        .collect();
    fs::write(&noisy, lines).unwrap();
    for input in [&input, &noisy] {
        // 2>/dev/full: every write to stderr fails.
        let out = dir.path().join("g.json");
        let full = fs::File::options().write(true).open("/dev/full").unwrap();
        let o = bin()
            .args(["build", s(input), "-o", s(&out)])
            .stderr(full)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(0), "2>/dev/full");
        assert!(fs::read_to_string(&out).unwrap().contains("\"directed\""));
        fs::remove_file(&out).unwrap();

        // stderr read by `head -c 10`: the pipe closes after 10 bytes.
        let mut child = bin()
            .args(["extract", s(input)])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = child.stderr.take().unwrap();
        let mut head = [0u8; 10];
        err.read_exact(&mut head).unwrap();
        drop(err);
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(0), "stderr closed after 10 bytes");
    }
}

// ------------------------------------------------------------- item 5

#[test]
fn a_failing_second_output_leaves_every_output_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let first = dir.path().join("g.json");
    let x = dir.path().join("x.jsonl");
    fs::write(&first, "previous graph").unwrap();
    fs::write(&x, "previous extractions").unwrap();
    let missing = dir.path().join("no/such/folder/g.dot");
    let o = run(&[
        "build",
        "-q",
        s(&input),
        "--extractions",
        s(&x),
        "-o",
        s(&first),
        "-o",
        s(&missing),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&first).unwrap(), "previous graph");
    assert_eq!(fs::read_to_string(&x).unwrap(), "previous extractions");
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

// ------------------------------------------------------------- item 6

#[test]
fn an_output_that_is_an_input_is_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let input = corpus(d);
    let before = fs::read(&input).unwrap();
    let hard = d.join("hard-link.jsonl");
    fs::hard_link(&input, &hard).unwrap();
    let link = d.join("link.json");
    std::os::unix::fs::symlink("in.jsonl", &link).unwrap();
    let x = d.join("x.jsonl");
    assert!(
        run(&["extract", "-q", s(&input), "-o", s(&x)])
            .status
            .success()
    );
    let graph = d.join("g.json");
    assert!(
        run(&["merge", "-q", s(&x), "-o", s(&graph)])
            .status
            .success()
    );
    let folder = d.join("articles");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("a.txt"), "Iran met Oman in Muscat.").unwrap();
    fs::write(
        folder.join("old.jsonl"),
        "{\"id\":\"z\",\"text\":\"Oman.\"}\n",
    )
    .unwrap();
    for args in [
        vec!["build", s(&input), "-o", s(&input)],
        vec![
            "build",
            s(&input),
            "-o",
            s(&d.join("g2.json")),
            "-o",
            s(&hard),
        ],
        vec!["build", s(&input), "-o", s(&link)],
        vec!["extract", s(&input), "-o", s(&input)],
        vec!["extract", s(&input), "-o", s(&hard)],
        vec!["build", s(&input), "--extractions", s(&x), "-o", s(&x)],
        vec!["merge", s(&x), "-o", s(&x)],
        vec!["export", s(&graph), "-o", s(&graph)],
        vec!["extract", s(&folder), "-o", s(&folder.join("old.jsonl"))],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let msg = stderr(&o);
        assert!(
            msg.contains("newsgraph: error: ")
                && (msg.contains("input") || msg.contains("same output")),
            "{args:?}: {msg}"
        );
        assert!(
            !msg.contains("documents,"),
            "{args:?} read the input: {msg}"
        );
    }
    assert_eq!(fs::read(&input).unwrap(), before);
    assert!(fs::read_to_string(&x).unwrap().starts_with("{\"format\""));
    assert!(fs::read_to_string(&graph).unwrap().contains("\"directed\""));
    // stdout appended to the input (`>> in.jsonl`) would feed the run its
    // own output.
    let append = fs::File::options().append(true).open(&input).unwrap();
    let o = bin()
        .args(["extract", s(&input)])
        .stdout(append)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_eq!(fs::read(&input).unwrap(), before);
    // Different inodes are different files, whatever the names say.
    let copy = d.join("copy.jsonl");
    fs::copy(&input, &copy).unwrap();
    assert_ne!(
        fs::metadata(&copy).unwrap().ino(),
        fs::metadata(&input).unwrap().ino()
    );
    let o = run(&["extract", "-q", s(&input), "-o", s(&copy)]);
    assert!(o.status.success(), "{}", stderr(&o));
}

// ------------------------------------------------------ items 13 to 22

#[path = "golden/fixtures.rs"]
mod fixtures;

use fixtures::DocBuilder;
use newsgraph::ontology::EntityType;

/// The example articles built into every format in `dir` (as `g.*`).
fn example_graph(dir: &Path) -> PathBuf {
    let graph = dir.join("g.json");
    let o = run(&[
        "build",
        "-q",
        s(&common::examples()),
        "-o",
        s(&graph),
        "-o",
        s(&dir.join("g.dot")),
        "-o",
        s(&dir.join("g.gexf")),
        "-o",
        s(&dir.join("g.graphml")),
        "-o",
        s(&dir.join("g.csv")),
        "-o",
        s(&dir.join("g.jsonl")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    graph
}

fn json(p: &Path) -> serde_json::Value {
    serde_json::from_slice(&fs::read(p).unwrap()).unwrap()
}

/// Ids of the nodes of a graph JSON file that have no edge.
fn isolated_ids(g: &serde_json::Value) -> Vec<String> {
    let mut linked = std::collections::BTreeSet::new();
    for e in g["edges"].as_array().unwrap() {
        linked.insert(e["source"].as_str().unwrap().to_string());
        linked.insert(e["target"].as_str().unwrap().to_string());
    }
    g["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .filter(|id| !linked.contains(id))
        .collect()
}

/// Node ids (the `id` attribute) and edge count of a DOT file written by
/// newsgraph, legend left out.
fn dot_nodes_and_edges(p: &Path) -> (Vec<String>, usize) {
    let text = fs::read_to_string(p).unwrap();
    let mut nodes = Vec::new();
    let mut edges = 0;
    for line in text.lines().map(str::trim) {
        if line.starts_with("legend_") {
            continue;
        }
        if line.contains(" -> ") {
            edges += 1;
        } else if let Some(rest) = line.strip_prefix('n').and_then(|l| l.split_once(" [id=\"")) {
            nodes.push(rest.1.split('"').next().unwrap().to_string());
        }
    }
    (nodes, edges)
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let x = DocBuilder::new(
        "@SUM(A1)",
        Some("2025-04-12"),
        "t",
        &["=HYPERLINK(\"http://x\") met -Oman in +Muscat."],
    )
    .entity(
        "=HYPERLINK(\"http://x\")",
        "person:=hyperlink",
        EntityType::Person,
        &[],
    )
    .entity("-Oman", "country:OMN", EntityType::Country, &[])
    .rel(
        "meets_with",
        "CONSULT",
        Some("043"),
        0,
        ("=HYPERLINK(\"http://x\")", "=HYPERLINK(\"http://x\")"),
        Some(("-Oman", "-Oman")),
    )
    .build();
    let records = dir.path().join("x.jsonl");
    fs::write(&records, serde_json::to_string(&x).unwrap() + "\n").unwrap();
    let o = run(&[
        "merge",
        "-q",
        s(&records),
        "-o",
        s(&dir.path().join("g.csv")),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let read = |name: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_path(dir.path().join(name))
            .unwrap()
            .records()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let nodes = read("g.nodes.csv");
    let edges = read("g.edges.csv");
    let formula = |c: &str| c.starts_with(['=', '+', '-', '@', '\t', '\r']);
    for row in nodes.iter().chain(&edges) {
        for cell in row {
            assert!(
                !formula(cell),
                "a cell a spreadsheet runs: {cell:?} in {row:?}"
            );
        }
    }
    let labels: Vec<&str> = nodes.iter().map(|r| &r[1]).collect();
    assert!(labels.contains(&"'=HYPERLINK(\"http://x\")"), "{labels:?}");
    assert!(labels.contains(&"'-Oman"), "{labels:?}");
    let quote = &edges[0][13];
    assert!(quote.starts_with("'=HYPERLINK"), "{quote}");
    // The ids of the nodes file are those of the edges file.
    let ids: std::collections::BTreeSet<&str> = nodes.iter().map(|r| &r[0]).collect();
    assert!(ids.contains(&edges[0][0]) && ids.contains(&edges[0][1]));
    // Item 20: the CAMEO code stays text.
    assert_eq!(&edges[0][8], "CAMEO:043");
    assert!(edges[0][8].parse::<f64>().is_err());
}

#[test]
fn isolated_nodes_are_a_choice_with_a_default_per_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let graph = example_graph(d);
    let g = json(&graph);
    let isolated = isolated_ids(&g);
    assert!(
        !isolated.is_empty(),
        "the examples have unconnected entities"
    );
    // DOT leaves them out by default; every data format keeps them.
    let (dot_nodes, dot_edges) = dot_nodes_and_edges(&d.join("g.dot"));
    assert_eq!(dot_edges, g["edges"].as_array().unwrap().len());
    assert!(
        isolated.iter().all(|i| !dot_nodes.contains(i)),
        "DOT drew isolated nodes"
    );
    assert_eq!(
        dot_nodes.len(),
        g["nodes"].as_array().unwrap().len() - isolated.len()
    );
    let jsonl = fs::read_to_string(d.join("g.jsonl")).unwrap();
    for id in &isolated {
        assert!(
            jsonl.contains(&format!("\"id\":{}", serde_json::json!(id))),
            "{id}"
        );
    }
    // --isolated overrides either way.
    let kept = d.join("kept.dot");
    let o = run(&[
        "export",
        "-q",
        s(&graph),
        "--isolated",
        "keep",
        "-o",
        s(&kept),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        dot_nodes_and_edges(&kept).0.len(),
        g["nodes"].as_array().unwrap().len()
    );
    let dropped = d.join("dropped.json");
    let o = run(&[
        "export",
        "-q",
        s(&graph),
        "--isolated",
        "drop",
        "-o",
        s(&dropped),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(isolated_ids(&json(&dropped)).is_empty());
    // Edge filters drop edges, never nodes: the choice is --isolated's.
    for filter in [
        &["--min-weight", "1"][..],
        &["--min-weight", "2"],
        &["--class", "ASSAULT"],
        &["--relation", "mediates"],
        &["--since", "2025-06"],
    ] {
        let out = d.join("f.json");
        let mut args = vec!["export", "-q", s(&graph), "-o", s(&out)];
        args.extend_from_slice(filter);
        let o = run(&args);
        assert!(o.status.success(), "{filter:?}: {}", stderr(&o));
        assert_eq!(json(&out)["nodes"], g["nodes"], "{filter:?} dropped nodes");
    }
    // --top ranks connected nodes only.
    let top = d.join("top.json");
    let o = run(&["export", "-q", s(&graph), "--top", "200", "-o", s(&top)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        isolated_ids(&json(&top)).is_empty(),
        "--top kept unconnected nodes"
    );
    // --help says what every filter does to isolated nodes.
    let help = String::from_utf8(run(&["export", "--help"]).stdout).unwrap();
    for flag in [
        "--min-weight",
        "--relation",
        "--class",
        "--since",
        "--until",
        "--top",
        "--isolated",
    ] {
        let at = help
            .find(&format!("      {flag}"))
            .unwrap_or_else(|| panic!("{flag}"));
        let entry: String = help[at..].lines().take(4).collect();
        assert!(
            entry.contains("isolated") || entry.contains("without an edge"),
            "{flag}: {entry}"
        );
    }
}

#[test]
fn filter_values_are_checked_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let graph = example_graph(dir.path());
    for (args, says) in [
        (vec!["--class", "FOO"], "ASSAULT"),
        (vec!["--relation", "attack"], "attacks"),
        (
            vec!["--since", "2025-06", "--until", "2025-05"],
            "after --until",
        ),
    ] {
        let mut all = vec!["export", s(&graph), "-o", "-"];
        all.extend(args.iter().copied());
        let o = run(&all);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(says), "{args:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty());
    }
    // Case does not matter; a relation of the vocabulary absent from the
    // graph is no error.
    let o = run(&[
        "export",
        "-q",
        s(&graph),
        "--class",
        "assault",
        "--relation",
        "Sues",
        "-o",
        "-",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = run(&[
        "build",
        "-q",
        s(&common::examples()),
        "--relation",
        "attack",
        "-o",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // The lists: in --help, and with descriptions in `newsgraph relations`.
    let help = String::from_utf8(run(&["export", "--help"]).stdout).unwrap();
    assert!(
        help.contains("LOCATED_IN") && help.contains("negotiates_with"),
        "{help}"
    );
    let o = run(&["relations"]);
    assert!(o.status.success());
    let list = String::from_utf8(o.stdout).unwrap();
    assert!(
        list.contains("CONSULT\n") && list.contains("  mediates "),
        "{list}"
    );
}

#[test]
fn focus_takes_ids_labels_aliases_and_iso_codes() {
    let dir = tempfile::tempdir().unwrap();
    let graph = example_graph(dir.path());
    let mut seen = Vec::new();
    for focus in ["IRN", "irn", "Iran", "ent:country:IRN", "country:IRN"] {
        let out = dir.path().join("ego.json");
        let o = run(&["export", "-q", s(&graph), "--focus", focus, "-o", s(&out)]);
        assert!(o.status.success(), "{focus}: {}", stderr(&o));
        seen.push(fs::read(&out).unwrap());
    }
    assert!(
        seen.windows(2).all(|w| w[0] == w[1]),
        "every name picks the same node"
    );
}

#[test]
fn every_format_counts_the_edges_of_the_json_graph() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let g = json(&example_graph(d));
    let nodes = g["nodes"].as_array().unwrap().len();
    let edges = g["edges"].as_array().unwrap().len();
    let symmetric = g["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["symmetric"] == true)
        .count();
    assert!(symmetric > 0);
    // GEXF: one directed edge per edge, symmetric ones marked as such.
    let gexf = fs::read_to_string(d.join("g.gexf")).unwrap();
    assert_eq!(gexf.matches("<edge ").count(), edges);
    assert!(!gexf.contains("type=\"mutual\""));
    assert_eq!(
        gexf.matches("<attvalue for=\"symmetric\" value=\"true\"/>")
            .count(),
        symmetric
    );
    // GraphML: the same ids as the JSON graph; evidence count and documents.
    let graphml = fs::read_to_string(d.join("g.graphml")).unwrap();
    for n in g["nodes"].as_array().unwrap() {
        let id = n["id"].as_str().unwrap();
        if id.is_ascii() && !id.contains(['\'', ',', ' ']) {
            assert!(graphml.contains(&format!("<node id=\"{id}\">")), "{id}");
        }
    }
    assert_eq!(graphml.matches("<data key=\"e_evidence\">").count(), edges);
    assert_eq!(graphml.matches("<data key=\"e_sources\">[").count(), edges);
    // JSON Lines: nodes (isolated ones too) and edges, with their kind.
    let lines: Vec<serde_json::Value> = fs::read_to_string(d.join("g.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.iter().filter(|l| l["kind"] == "node").count(), nodes);
    assert_eq!(lines.iter().filter(|l| l["kind"] == "edge").count(), edges);
    assert!(
        lines
            .iter()
            .all(|l| l["kind"] == "node" || l["kind"] == "edge")
    );
    // CSV: the two files the help names.
    let csv_edges = fs::read_to_string(d.join("g.edges.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    let csv_nodes = fs::read_to_string(d.join("g.nodes.csv"))
        .unwrap()
        .lines()
        .count()
        - 1;
    assert_eq!((csv_nodes, csv_edges), (nodes, edges));
    let help = String::from_utf8(run(&["build", "--help"]).stdout).unwrap();
    assert!(help.contains("g.nodes.csv and g.edges.csv"), "{help}");
}

#[test]
#[cfg_attr(
    newsgraph_no_networkx,
    ignore = "needs Python with networkx >= 3.6, not found when the tests were built"
)]
fn networkx_counts_the_same_nodes_and_edges_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    example_graph(d);
    let script = r#"
import json, sys
import networkx as nx
d = sys.argv[1]
with open(f"{d}/g.json") as f:
    j = nx.node_link_graph(json.load(f), edges="edges")
x = nx.read_gexf(f"{d}/g.gexf")
m = nx.read_graphml(f"{d}/g.graphml")
same = all(n == m.nodes[n]["entity_id"] or "_x" in n for n in m.nodes())
print(json.dumps([[g.number_of_nodes(), g.number_of_edges()] for g in (j, x, m)]
                 + [same and set(j.nodes()) >= {n for n in m.nodes() if "_x" not in n}]))
"#;
    let o = Command::new("python3")
        .args(["-c", script])
        .arg(d)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0], v[1], "JSON against GEXF: {v}");
    assert_eq!(v[0], v[2], "JSON against GraphML: {v}");
    assert_eq!(v[3], true, "GraphML node ids are the JSON ids: {v}");
}

#[test]
fn the_dot_legend_explains_edge_colours_and_styles() {
    let dir = tempfile::tempdir().unwrap();
    let graph = example_graph(dir.path());
    let top = dir.path().join("top.dot");
    let o = run(&["export", "-q", s(&graph), "--top", "45", "-o", s(&top)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let dot = fs::read_to_string(&top).unwrap();
    for needle in [
        "label=\"Relations (line colour and style)\"",
        "label=\"talks, visits, calls\", color=\"#2171B5\"",
        "label=\"threats, sanctions, force\", color=\"#C0392B\"",
        "(dashed)\", color=\"#808080\"",
        "style=\"dotted\"",
        "(no arrow)\", color=\"#2171B5\", fontcolor=\"#2171B5\", tooltip=\"symmetric: meets, negotiates (no arrow)\", dir=\"none\"",
        "decorate=\"true\"",
    ] {
        assert!(dot.contains(needle), "{needle}");
    }
}

#[test]
#[cfg_attr(
    newsgraph_no_dot,
    ignore = "needs Graphviz `dot`, not found when the tests were built"
)]
fn dot_lays_every_edge_label_out_next_to_its_edge() {
    let dir = tempfile::tempdir().unwrap();
    let graph = example_graph(dir.path());
    let top = dir.path().join("top.dot");
    let o = run(&["export", "-q", s(&graph), "--top", "45", "-o", s(&top)]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Every edge label is laid out next to its own edge.
    let o = Command::new("dot")
        .arg("-Tjson")
        .arg(&top)
        .output()
        .unwrap();
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let names: Vec<&str> = v["objects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap_or(""))
        .collect();
    for e in v["edges"].as_array().unwrap() {
        let tail = e["tail"].as_u64().unwrap() as usize;
        let (Some(lp), Some(pos)) = (e["lp"].as_str(), e["pos"].as_str()) else {
            continue;
        };
        if names.get(tail).is_some_and(|n| n.starts_with("legend_")) {
            continue;
        }
        let point = |t: &str| -> (f64, f64) {
            let t = t.trim_start_matches("e,").trim_start_matches("s,");
            let (x, y) = t.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        };
        let (lx, ly) = point(lp);
        // The spline: cubic Bézier segments p0 (p1 p2 p3)…, after the
        // arrow ends `s,…` / `e,…`.
        let pts: Vec<(f64, f64)> = pos
            .split_whitespace()
            .filter(|t| !t.starts_with("e,") && !t.starts_with("s,"))
            .map(point)
            .collect();
        let mut near = f64::INFINITY;
        for seg in pts.windows(4).step_by(3) {
            for k in 0..=20 {
                let t = f64::from(k) / 20.0;
                let b = |i: usize| -> (f64, f64) { seg[i] };
                let (w0, w1, w2, w3) = (
                    (1.0 - t).powi(3),
                    3.0 * (1.0 - t).powi(2) * t,
                    3.0 * (1.0 - t) * t * t,
                    t.powi(3),
                );
                let x = w0 * b(0).0 + w1 * b(1).0 + w2 * b(2).0 + w3 * b(3).0;
                let y = w0 * b(0).1 + w1 * b(1).1 + w2 * b(2).1 + w3 * b(3).1;
                near = near.min(((x - lx).powi(2) + (y - ly).powi(2)).sqrt());
            }
        }
        assert!(
            near < 60.0,
            "label {} is {near:.0} pt from its edge",
            e["label"]
        );
    }
}

#[test]
fn error_messages_say_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let graph = example_graph(d);
    // A GEXF file given to export: what export reads, and what this is.
    let o = run(&["export", s(&d.join("g.gexf")), "-o", s(&d.join("x.dot"))]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("looks like a GEXF file") && err.contains("graph JSON"),
        "{err}"
    );
    assert!(!err.contains("expected value"), "{err}");
    // build without -o: no usage line that makes --quiet look required.
    let o = run(&["build", s(&common::examples()), "-q"]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("-o FILE") && !err.contains("--quiet"), "{err}");
    // -f with several -o is refused; FORMAT:PATH names each.
    let o = run(&[
        "build",
        "-q",
        s(&common::examples()),
        "-o",
        s(&d.join("a.csv")),
        "-o",
        s(&d.join("b.json")),
        "-f",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("FORMAT:FILE"), "{}", stderr(&o));
    let jsonl_in_csv = d.join("a.csv");
    let spec = format!("jsonl:{}", jsonl_in_csv.display());
    let o = run(&["export", "-q", s(&graph), "-o", &spec]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        fs::read_to_string(&jsonl_in_csv)
            .unwrap()
            .starts_with("{\"kind\":\"node\"")
    );
}
