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
