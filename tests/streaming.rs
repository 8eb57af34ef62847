//! `newsgraph extract -` in a pipe: each document is extracted and written
//! as soon as it arrives, while stdin is still open.

use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

#[test]
fn extract_in_a_pipe_writes_each_document_as_it_arrives() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(["extract", "-", "--quiet"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    // Lines are read on a thread so a missing flush fails the test
    // instead of hanging it.
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if tx.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    for (i, text) in [
        "Iran and Oman held talks in Muscat.",
        "Russia attacked Ukraine.",
    ]
    .iter()
    .enumerate()
    {
        writeln!(stdin, r#"{{"id":"d{i}","text":"{text}"}}"#).unwrap();
        stdin.flush().unwrap();
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("document {i} was not written while stdin stayed open"));
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["doc"]["id"], format!("d{i}"));
    }
    drop(stdin);
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    reader.join().unwrap();
    assert!(rx.try_recv().is_err(), "one line per document");
}
