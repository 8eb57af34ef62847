//! Scale-out on Apache Spark: `examples/spark/newsgraph_spark.py` runs
//! `newsgraph extract` over partitions with `RDD.pipe` and merges the shards
//! with `newsgraph merge`; the graph must be byte-identical to a
//! single-machine `newsgraph build` of the same documents.
//!
//! Needs Python with pyspark and Java. Ignored, with the reason in the
//! summary of `cargo test`, when either was missing when the tests were
//! built (see `build.rs`), unless `NEWSGRAPH_REQUIRE_CLIENTS` is set (as in
//! CI).

mod common;

use common::{bin_path as bin, root};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn script() -> PathBuf {
    root().join("examples/spark/newsgraph_spark.py")
}

/// Checks that a client found when the tests were built (or the test
/// would be ignored, see `build.rs`) still runs: one gone since is a
/// failure, never a silent skip (`touch build.rs` to probe again).
fn need(what: &str, program: &str, args: &[&str]) {
    let ok = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "{what} was found when the tests were built and does not run now; `touch build.rs` to probe again"
    );
}

/// The example articles, plus the shared Wikinews corpus when it is there.
fn corpus(dir: &Path) -> PathBuf {
    let mut docs = fs::read(root().join("examples/articles.jsonl")).unwrap();
    let wikinews = root().join("../shared/corpus/wikinews.jsonl");
    if let Ok(more) = fs::read(&wikinews) {
        if !docs.ends_with(b"\n") {
            docs.push(b'\n');
        }
        docs.extend(more);
    }
    let p = dir.join("docs.jsonl");
    fs::write(&p, docs).unwrap();
    p
}

#[test]
#[cfg_attr(
    newsgraph_no_spark,
    ignore = "needs pyspark and Java, not found when the tests were built"
)]
fn spark_map_reduce_equals_a_single_machine_build() {
    need("python3", "python3", &["--version"]);
    need("pyspark", "python3", &["-c", "import pyspark"]);
    need("java", "java", &["-version"]);
    let dir = tempfile::tempdir().unwrap();
    let docs = corpus(dir.path());
    let out = dir.path().join("spark");
    let o = Command::new("python3")
        .arg(script())
        .arg(&docs)
        .arg(&out)
        .args(["--bin", bin(), "--partitions", "4", "--master", "local[2]"])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "Spark run failed:\n{log}");
    let shards: Vec<_> = fs::read_dir(out.join("extractions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("part-"))
        .collect();
    assert!(shards.len() >= 4, "one shard per partition: {shards:?}");

    let single = dir.path().join("single.json");
    let b = Command::new(bin())
        .args(["build", "--quiet"])
        .arg(&docs)
        .arg("-o")
        .arg(&single)
        .output()
        .unwrap();
    assert!(b.status.success(), "{}", String::from_utf8_lossy(&b.stderr));
    let spark = fs::read(out.join("graph.json")).unwrap();
    let one = fs::read(&single).unwrap();
    assert!(
        spark == one,
        "the Spark graph ({} bytes) differs from the single-machine graph ({} bytes)",
        spark.len(),
        one.len()
    );
    let g: serde_json::Value = serde_json::from_slice(&spark).unwrap();
    let lines = fs::read_to_string(&docs)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(
        g["graph"]["documents"].as_u64(),
        Some(lines as u64),
        "every document merged"
    );
}

/// The command each partition is piped through skips an empty partition
/// (where `extract` would report "no documents") and streams the others.
#[test]
#[cfg_attr(
    newsgraph_no_python,
    ignore = "needs `python3`, not found when the tests were built"
)]
fn the_partition_command_skips_empty_partitions() {
    need("python3", "python3", &["--version"]);
    let code = format!(
        "import sys; sys.path.insert(0, {:?}); import newsgraph_spark as m; print(m.extract_command(sys.argv[1]))",
        script().parent().unwrap().display().to_string()
    );
    let o = Command::new("python3")
        .args(["-c", &code, bin()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let command = String::from_utf8(o.stdout).unwrap();
    let run = |input: &str| {
        let mut child = Command::new("/bin/sh")
            .args(["-c", &format!("exec {}", command.trim())])
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
            .write_all(input.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    let empty = run("");
    assert!(empty.status.success() && empty.stdout.is_empty());
    let two = run(concat!(
        r#"{"id":"a","text":"Iran and Oman held talks in Muscat."}"#,
        "\n",
        r#"{"id":"b","text":"Russia attacked Ukraine."}"#,
        "\n"
    ));
    assert!(
        two.status.success(),
        "{}",
        String::from_utf8_lossy(&two.stderr)
    );
    let out = String::from_utf8(two.stdout).unwrap();
    let ids: Vec<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["doc"]["id"].to_string())
        .collect();
    assert_eq!(ids, ["\"a\"", "\"b\""]);
}
