//! Tests of the reader over in-memory streams.

use super::*;

fn read_all(bytes: &[u8], format: StreamFormat, strict: bool) -> Vec<Result<ReadEvent>> {
    let cursor = std::io::Cursor::new(bytes.to_vec());
    let options = ReadOptions {
        strict,
        ..ReadOptions::default()
    };
    DocumentReader::from_reader("in.jsonl", cursor, format, options).collect()
}

fn ids(events: &[Result<ReadEvent>]) -> Vec<&str> {
    events
        .iter()
        .filter_map(|e| match e {
            Ok(ReadEvent::Document(d)) => Some(d.id()),
            _ => None,
        })
        .collect()
}

fn warnings(events: &[Result<ReadEvent>]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            Ok(ReadEvent::Warning(w)) => Some(w.to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn ids_are_passed_on_as_read_with_where_they_were_read() {
    // Making ids unique is the pipeline's (graph::DocIds), by content.
    let input = br#"{"id":"a","text":"one"}
{"id":"a","text":"two"}
"#;
    let ev = read_all(input, StreamFormat::JsonLines, false);
    assert_eq!(ids(&ev), ["a", "a"]);
    assert!(warnings(&ev).is_empty());
    let lines: Vec<Option<usize>> = ev
        .iter()
        .filter_map(|e| match e {
            Ok(ReadEvent::Document(d)) => Some(d.origin.line),
            _ => None,
        })
        .collect();
    assert_eq!(lines, [Some(1), Some(2)]);
}

#[test]
fn strict_errors_say_what_is_wrong_not_what_would_have_been_skipped() {
    let ev = read_all(b"{not json\n", StreamFormat::JsonLines, false);
    assert!(
        warnings(&ev)[0].ends_with("; line skipped"),
        "{:?}",
        warnings(&ev)
    );
    let ev = read_all(b"{not json\n", StreamFormat::JsonLines, true);
    let err = ev
        .iter()
        .find_map(|e| e.as_ref().err())
        .unwrap()
        .to_string();
    assert!(
        err.starts_with("in.jsonl:1: invalid JSON document"),
        "{err}"
    );
    assert!(
        err.ends_with("(--strict)") && !err.contains("skipped"),
        "{err}"
    );
}

#[test]
fn invalid_utf8_in_a_json_line_names_the_file_offset() {
    let mut input = b"{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"x".to_vec();
    let bad_at = input.len();
    input.extend_from_slice(b"\xff y\"}\n");
    let ev = read_all(&input, StreamFormat::JsonLines, false);
    assert_eq!(ids(&ev), ["a", "b"]);
    let w = warnings(&ev);
    assert_eq!(w.len(), 1);
    assert!(
        w[0].starts_with(&format!("in.jsonl:2: invalid UTF-8 at byte {bad_at}")),
        "{w:?}"
    );
}

#[test]
fn streams_sniff_their_format_and_strip_a_bom() {
    let ev = read_all(
        b"\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"x\"}\n",
        StreamFormat::Sniff,
        false,
    );
    assert_eq!(ids(&ev), ["a"]);
    let ev = read_all(b"\xEF\xBB\xBFIran met Oman.", StreamFormat::Sniff, false);
    match &ev[..] {
        [Ok(ReadEvent::Document(d))] => {
            assert_eq!(d.id(), "in.jsonl");
            assert_eq!(d.text, "Iran met Oman.");
        }
        other => panic!("{other:?}"),
    }
}
