//! Outputs are whole or absent (issue 6): a run stopped by Ctrl-C, SIGTERM
//! or SIGKILL in the middle of writing leaves the previous output files as
//! they were, and (but for SIGKILL) no temporary file; the next run removes
//! what a killed one left. A closed stdout ends a run quietly with status 0.
//!
//! All outputs of a run are one commit (issue 13, item 5): a signal at any
//! moment leaves either every previous output and status 128 + the signal,
//! or every new output and status 0; never a mix.

#![cfg(unix)]

mod common;

use common::bin;
use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// One interrupted run at a time: they are timing-sensitive.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The corpora, generated once and shared by every test of this file.
static CORPORA: std::sync::LazyLock<tempfile::TempDir> =
    std::sync::LazyLock::new(|| tempfile::tempdir().unwrap());
static MADE: Mutex<Vec<usize>> = Mutex::new(Vec::new());

/// A JSON Lines corpus of `n` documents (40,000 take seconds to extract),
/// made once per size and shared (`_dir` is where a test writes, not where
/// the corpus is).
fn corpus(_dir: &Path, n: usize) -> PathBuf {
    let p = CORPORA.path().join(format!("corpus{n}.jsonl"));
    let mut made = MADE.lock().unwrap_or_else(PoisonError::into_inner);
    if made.contains(&n) {
        return p;
    }
    made.push(n);
    let mut f = std::io::BufWriter::new(fs::File::create(&p).unwrap());
    let sentences = [
        "Foreign Minister Abbas Araghchi met Omani officials in Muscat on Monday.",
        "Qatar hosted talks between Israel and Hamas, officials said.",
        "Russia warned Ukraine against new strikes near Kharkiv.",
        "Egypt and Jordan signed an agreement on water with Israel.",
        "The United States sanctioned Iran after the talks stalled.",
    ];
    for i in 0..n {
        let text: Vec<&str> = (0..8)
            .map(|k| sentences[(i + k) % sentences.len()])
            .collect();
        writeln!(
            f,
            "{}",
            serde_json::json!({"id": format!("d{i}"), "text": text.join(" ")})
        )
        .unwrap();
    }
    f.flush().unwrap();
    p
}

fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".newsgraph-") && n.ends_with(".tmp"))
        .collect()
}

/// Waits until `child` has a temporary output file in `dir` that holds data.
fn wait_for_partial_write(child: &mut Child, dir: &Path) {
    let started = Instant::now();
    loop {
        let growing = temp_files(dir)
            .iter()
            .any(|n| fs::metadata(dir.join(n)).is_ok_and(|m| m.len() > 0));
        if growing {
            return;
        }
        if let Some(s) = child.try_wait().unwrap() {
            panic!("newsgraph ended ({s}) before it wrote anything to a temporary file");
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

struct Setup {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    input: PathBuf,
    graph: PathBuf,
    extractions: PathBuf,
}

fn setup() -> Setup {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path().join("out");
    fs::create_dir(&dir).unwrap();
    let input = corpus(d.path(), 40_000);
    let graph = dir.join("graph.json");
    let extractions = dir.join("x.jsonl");
    fs::write(&graph, "previous graph\n").unwrap();
    fs::write(&extractions, "previous extractions\n").unwrap();
    Setup {
        _dir: d,
        dir,
        input,
        graph,
        extractions,
    }
}

fn start_build(s: &Setup) -> Child {
    bin()
        .args(["build", "-q", "--threads", "1"])
        .arg(&s.input)
        .arg("-o")
        .arg(&s.graph)
        .arg("--extractions")
        .arg(&s.extractions)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run newsgraph")
}

fn assert_previous_outputs(s: &Setup) {
    assert_eq!(fs::read_to_string(&s.graph).unwrap(), "previous graph\n");
    assert_eq!(
        fs::read_to_string(&s.extractions).unwrap(),
        "previous extractions\n"
    );
}

/// Sends SIG`name` with the shell's own `kill` (no extra crate needed).
fn signal(child: &Child, name: &str) {
    let ok = Command::new("sh")
        .arg("-c")
        .arg(format!("kill -{name} {}", child.id()))
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "cannot send SIG{name}");
}

#[test]
fn ctrl_c_and_sigterm_leave_the_previous_files_and_no_temporary_file() {
    let _g = serial();
    for (sig, code) in [("INT", 130), ("TERM", 143), ("HUP", 129)] {
        let s = setup();
        let mut child = start_build(&s);
        wait_for_partial_write(&mut child, &s.dir);
        signal(&child, sig);
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "SIG{sig}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_previous_outputs(&s);
        assert_eq!(
            temp_files(&s.dir),
            Vec::<String>::new(),
            "SIG{sig} left a temporary file"
        );
    }
}

/// The outputs of a run: `Old` (every previous file), `New` (every file
/// written by the run) or a mix.
fn outputs_state(s: &Setup) -> &'static str {
    let graph = fs::read_to_string(&s.graph).unwrap();
    let x = fs::read_to_string(&s.extractions).unwrap();
    match (graph == "previous graph\n", x == "previous extractions\n") {
        (true, true) => "old",
        (false, false) => "new",
        _ => "mixed",
    }
}

#[test]
fn a_signal_at_any_moment_leaves_all_old_outputs_or_all_new_ones() {
    let _g = serial();
    let s = setup();
    // A smaller corpus: the run ends within a second or two.
    let input = corpus(s.dir.parent().unwrap(), 6_000);
    let start = |s: &Setup| {
        bin()
            .args(["build", "-q", "--threads", "1"])
            .arg(&input)
            .arg("-o")
            .arg(&s.graph)
            .arg("--extractions")
            .arg(&s.extractions)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run newsgraph")
    };
    let reset = |s: &Setup| {
        fs::write(&s.graph, "previous graph\n").unwrap();
        fs::write(&s.extractions, "previous extractions\n").unwrap();
    };
    // The moment the first output changes is the riskiest: signal then.
    // Then at moments spread over the run.
    let mut seen = std::collections::BTreeSet::new();
    for delay_ms in [
        None,
        Some(0),
        Some(50),
        Some(150),
        Some(300),
        Some(600),
        Some(1200),
    ] {
        reset(&s);
        let mut child = start(&s);
        match delay_ms {
            None => loop {
                if outputs_state(&s) != "old" || child.try_wait().unwrap().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_micros(200));
            },
            Some(ms) => std::thread::sleep(Duration::from_millis(ms)),
        }
        let _ = Command::new("sh")
            .arg("-c")
            .arg(format!("kill -TERM {} 2>/dev/null", child.id()))
            .status();
        let out = child.wait_with_output().unwrap();
        let state = outputs_state(&s);
        let code = out.status.code();
        seen.insert(state);
        // A signal that comes before the handler is installed kills the
        // process outright: the outputs are old then too.
        let killed = std::os::unix::process::ExitStatusExt::signal(&out.status) == Some(15);
        match state {
            "old" => assert!(
                code == Some(143) || killed,
                "{delay_ms:?}: old outputs, status {:?}",
                out.status
            ),
            "new" => assert_eq!(code, Some(0), "{delay_ms:?}: new outputs, status {code:?}"),
            _ => {
                panic!("{delay_ms:?}: a signal left a mix of old and new outputs (status {code:?})")
            }
        }
        assert_eq!(temp_files(&s.dir), Vec::<String>::new(), "{delay_ms:?}");
    }
    eprintln!("states seen: {seen:?}");
}

#[test]
fn sigkill_mid_write_keeps_the_old_output_whole_and_the_next_run_cleans_up() {
    let _g = serial();
    let s = setup();
    let mut child = start_build(&s);
    wait_for_partial_write(&mut child, &s.dir);
    child.kill().unwrap(); // SIGKILL: nothing in the process can react
    let status = child.wait().unwrap();
    assert_eq!(status.code(), None, "killed by a signal");
    assert_previous_outputs(&s);
    // The killed run's temporary file is still there; the next run that
    // writes into the folder removes it (its lock went with the process;
    // it must also be older than a few seconds, so it is made older here),
    // and writes its outputs whole.
    let left = temp_files(&s.dir);
    assert!(!left.is_empty(), "SIGKILL cannot clean up");
    for name in &left {
        fs::File::options()
            .write(true)
            .open(s.dir.join(name))
            .unwrap()
            .set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
    }
    let small = s.dir.join("../small.txt");
    fs::write(&small, "Iran met Oman in Muscat.").unwrap();
    let o = bin()
        .args(["build", "-q"])
        .arg(&small)
        .arg("-o")
        .arg(&s.graph)
        .arg("--extractions")
        .arg(&s.extractions)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(temp_files(&s.dir), Vec::<String>::new());
    let g: serde_json::Value = serde_json::from_slice(&fs::read(&s.graph).unwrap()).unwrap();
    assert_eq!(g["graph"]["documents"], 1);
    assert_eq!(
        fs::read_to_string(&s.extractions).unwrap().lines().count(),
        1
    );
}

#[test]
fn a_closed_stdout_ends_the_run_quietly_with_status_0() {
    let _g = serial();
    let d = tempfile::tempdir().unwrap();
    let input = corpus(d.path(), 40_000);
    // Like `newsgraph extract big.jsonl | head -n 1`.
    let mut child = bin()
        .arg("extract")
        .arg(&input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'));
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("error") && !err.contains("panicked"), "{err}");

    // `newsgraph export graph.json --format dot | head -c 10`.
    let graph = d.path().join("g.json");
    let o = bin()
        .args(["build", "-q"])
        .arg(corpus(d.path(), 3_000))
        .arg("-o")
        .arg(&graph)
        .output()
        .unwrap();
    assert!(o.status.success());
    for format in ["dot", "json", "jsonl", "gexf", "graphml"] {
        let mut child = bin()
            .args(["export", "--format", format])
            .arg(&graph)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut head = [0u8; 10];
        std::io::Read::read_exact(&mut stdout, &mut head).unwrap();
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{format}: {err}");
        assert!(
            !err.contains("error") && !err.contains("panicked"),
            "{format}: {err}"
        );
    }
}
