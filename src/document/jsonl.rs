//! One JSON Lines record to a [`Document`].

use super::{DocMeta, Document, DocumentReader, Stream};
use crate::date;
use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::PathBuf;

/// A JSON Lines file being read line by line.
pub(super) struct LineSource {
    pub(super) path: PathBuf,
    pub(super) reader: Stream,
    pub(super) line: usize,
    /// Byte offset of the start of the current line in the file.
    pub(super) offset: u64,
    pub(super) buf: Vec<u8>,
}

impl DocumentReader {
    /// Reads the next line of the current JSON Lines source.
    pub(super) fn next_line(&mut self) -> Result<()> {
        let Some(src) = self.current.as_mut() else {
            return Ok(());
        };
        src.buf.clear();
        let n = src
            .reader
            .read_until(b'\n', &mut src.buf)
            .map_err(|e| Error::io(&src.path, e))?;
        if n == 0 {
            self.current = None;
            return Ok(());
        }
        src.line += 1;
        let path = src.path.clone();
        let line = src.line;
        let offset = src.offset;
        src.offset += n as u64;
        let bytes = std::mem::take(&mut src.buf);
        let capacity = bytes.capacity();
        let text = self.decode(&path, Some(line), offset, bytes)?;
        let parsed = parse_json_doc(&text);
        if let Some(src) = self.current.as_mut() {
            // Keep the buffer's allocation for the next line, unless one
            // huge line made it huge.
            let mut buf = text.into_bytes();
            if capacity > 1 << 24 {
                buf = Vec::new();
            }
            src.buf = buf;
        }
        match parsed {
            Ok(None) => {}
            Ok(Some((doc, notes))) => {
                for note in notes {
                    self.warn(&path, Some(line), note)?;
                }
                self.accept(&path, Some(line), doc)?
            }
            Err(message) => self.warn(&path, Some(line), format!("{message}; line skipped"))?,
        }
        Ok(())
    }
}

/// The JSON shape of one input line. The optional fields are read as any
/// JSON value so that a wrong type costs only that field, not the document.
#[derive(Deserialize)]
struct InputLine {
    id: serde_json::Value,
    text: Option<String>,
    #[serde(default)]
    title: serde_json::Value,
    #[serde(default)]
    date: serde_json::Value,
    #[serde(default)]
    url: serde_json::Value,
    #[serde(default)]
    source: serde_json::Value,
}

/// An optional string field: absent or `null` is `None`; any other
/// non-string value is `None` with a note for the warning.
fn optional_string(
    id: &str,
    field: &str,
    value: serde_json::Value,
    notes: &mut Vec<String>,
) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => {
            notes.push(format!(
                "document {id:?}: `{field}` is {}, not a string; the document is kept without it",
                json_kind(&other)
            ));
            None
        }
    }
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// A parsed document and notes on optional fields it was kept without.
type Parsed = (Document, Vec<String>);

/// Parses one JSON Lines record; `Ok(None)` for a blank line. A document
/// is dropped only when its `id` or `text` is unusable: an optional field
/// that cannot be read (a date in no known form, a title that is a number)
/// is left out, with a note.
fn parse_json_doc(text: &str) -> std::result::Result<Option<Parsed>, String> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.is_empty() {
        return Ok(None);
    }
    let line: InputLine =
        serde_json::from_str(trimmed).map_err(|e| format!("invalid JSON document: {e}"))?;
    let id = match line.id {
        serde_json::Value::String(s) if !s.is_empty() => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err("`id` must be a non-empty string".into()),
    };
    let Some(text) = line.text else {
        return Err(format!("document {id:?} has no `text`"));
    };
    let mut notes = Vec::new();
    let date = match optional_string(&id, "date", line.date, &mut notes) {
        Some(d) if d.trim().is_empty() => None,
        Some(d) => match date::parse(&d) {
            Some(day) => Some(day.to_string()),
            None => {
                notes.push(format!(
                    "document {id:?}: date {d:?} is not a date newsgraph reads (see the README); the document is kept undated"
                ));
                None
            }
        },
        None => None,
    };
    let title = optional_string(&id, "title", line.title, &mut notes);
    let url = optional_string(&id, "url", line.url, &mut notes);
    let source = optional_string(&id, "source", line.source, &mut notes);
    let doc = Document {
        meta: DocMeta {
            id,
            title,
            date,
            url,
            source,
        },
        text,
    };
    Ok(Some((doc, notes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_json_lines_records() {
        let parse = |line: &str| parse_json_doc(line).unwrap().unwrap();
        let (d, notes) = parse(r#"{"id":"a","text":"Hi.","date":"2025-01-02"}"#);
        assert_eq!(d.id(), "a");
        assert_eq!(d.meta.date.as_deref(), Some("2025-01-02"));
        assert!(notes.is_empty());
        assert!(parse_json_doc("   \n").unwrap().is_none());
        assert!(parse_json_doc("{not json").is_err());
        assert!(parse_json_doc(r#"{"id":"a"}"#).is_err());
        let (d, _) = parse(r#"{"id":7,"text":"x","date":"2025-01-02T08:00Z"}"#);
        assert_eq!(d.meta.date.as_deref(), Some("2025-01-02"));
        let (d, _) = parse(r#"{"id":"a","text":"x","date":"Tue, 05 Mar 2024 10:00:00 GMT"}"#);
        assert_eq!(d.meta.date.as_deref(), Some("2024-03-05"));
    }

    #[test]
    fn unreadable_optional_fields_keep_the_document() {
        for (line, field) in [
            (r#"{"id":"a","text":"x","date":"May 5"}"#, "date"),
            (r#"{"id":"a","text":"x","date":"2024-02-30"}"#, "date"),
            // A long date cut inside a character is a note, not a panic.
            (r#"{"id":"a","text":"x","date":"2025-01-0é1"}"#, "date"),
            (r#"{"id":"a","text":"x","date":20240305}"#, "date"),
            (r#"{"id":"a","text":"x","title":42}"#, "title"),
            (r#"{"id":"a","text":"x","url":["u"]}"#, "url"),
            (r#"{"id":"a","text":"x","source":{"s":1}}"#, "source"),
        ] {
            let (d, notes) = parse_json_doc(line).unwrap().unwrap();
            assert_eq!(d.text, "x", "{line}");
            assert_eq!(notes.len(), 1, "{line}");
            assert!(notes[0].contains(field), "{line}: {notes:?}");
            assert!(notes[0].contains("kept"), "{line}: {notes:?}");
        }
        let (d, notes) = parse_json_doc(r#"{"id":"a","text":"x","title":null,"date":" "}"#)
            .unwrap()
            .unwrap();
        assert!(d.meta.title.is_none() && d.meta.date.is_none() && notes.is_empty());
    }
}
