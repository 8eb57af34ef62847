//! One JSON Lines record to a [`Document`].

use super::{DocMeta, Document, DocumentReader, Effect, Stream};
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
    /// For a UTF-16 stream: the code units replaced so far.
    pub(super) utf16_bad: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
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
            let done = self.current.take();
            if let Some(src) = done {
                self.utf16_replaced(&src.path, src.utf16_bad.as_deref())?;
            }
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
                for (message, how) in notes {
                    self.warn(&path, Some(line), message, Effect::Repaired(how))?;
                }
                self.accept(&path, Some(line), doc)?
            }
            Err(message) => self.warn(&path, Some(line), message, Effect::Skipped("line"))?,
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

/// A note on a field the document was kept without or with repaired: what
/// is wrong, and what was done.
type Note = (String, String);

/// An optional string field: absent or `null` is `None`; any other
/// non-string value is `None` with a note for the warning.
fn optional_string(
    id: &str,
    field: &str,
    value: serde_json::Value,
    notes: &mut Vec<Note>,
) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => {
            notes.push((
                format!(
                    "document {id:?}: `{field}` is {}, not a string",
                    json_kind(&other)
                ),
                "the document is kept without it".into(),
            ));
            None
        }
    }
}

/// The `date` field: a string in one of the forms of [`date::parse`], or a
/// number (Unix time, or `YYYYMMDD`); anything else is left out with a note.
fn date_field(id: &str, value: serde_json::Value, notes: &mut Vec<Note>) -> Option<String> {
    let text = match value {
        serde_json::Value::Null => return None,
        serde_json::Value::String(s) if s.trim().is_empty() => return None,
        serde_json::Value::String(s) => s,
        serde_json::Value::Number(n) => n.to_string(),
        other => {
            notes.push((
                format!(
                    "document {id:?}: `date` is {}, not a date",
                    json_kind(&other)
                ),
                "the document is kept undated".into(),
            ));
            return None;
        }
    };
    match date::parse(&text) {
        Some(day) => Some(day.to_string()),
        None => {
            notes.push((
                format!(
                    "document {id:?}: date {text:?} is not a date newsgraph reads (see the README)"
                ),
                "the document is kept undated".into(),
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
type Parsed = (Document, Vec<Note>);

/// Parses one JSON Lines record; `Ok(None)` for a blank line. A document
/// is dropped only when its `id` or `text` is unusable: an optional field
/// that cannot be read (a date in no known form, a title that is a number)
/// is left out, and a lone UTF-16 surrogate escape (`"\ud800"`, which is no
/// character) is replaced with U+FFFD in whichever field it is; each with a
/// note.
pub(super) fn parse_json_doc(text: &str) -> std::result::Result<Option<Parsed>, String> {
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.is_empty() {
        return Ok(None);
    }
    let repaired = repair_surrogates(trimmed);
    let json = repaired.as_ref().map_or(trimmed, |r| r.json.as_str());
    let line: InputLine =
        serde_json::from_str(json).map_err(|e| format!("invalid JSON document: {e}"))?;
    let id = match line.id {
        serde_json::Value::String(s) if !s.is_empty() => s,
        serde_json::Value::Number(n) => n.to_string(),
        _ => return Err("`id` must be a non-empty string".into()),
    };
    let Some(text) = line.text else {
        return Err(format!("document {id:?} has no `text`"));
    };
    let mut notes = Vec::new();
    if let Some(r) = &repaired {
        for (field, n) in &r.fields {
            notes.push((
                format!(
                    "document {id:?}: `{field}` holds {n} lone UTF-16 surrogate escape{} (such as \"\\ud800\"), which no character has",
                    if *n == 1 { "" } else { "s" }
                ),
                "replaced with U+FFFD".into(),
            ));
        }
    }
    let date = date_field(&id, line.date, &mut notes);
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
        origin: super::Origin::default(),
    };
    Ok(Some((doc, notes)))
}

/// A JSON text with its lone surrogate escapes replaced.
pub(super) struct Repaired {
    /// The repaired JSON text.
    pub(super) json: String,
    /// Per top-level field (in order of first repair): how many escapes
    /// were replaced in it.
    pub(super) fields: Vec<(String, usize)>,
}

/// Replaces every `\uD800`–`\uDFFF` escape that is not half of a
/// surrogate pair with `\uFFFD`, noting the top-level field it was in;
/// `None` when there is none (the usual case, found without copying).
pub(super) fn repair_surrogates(json: &str) -> Option<Repaired> {
    let b = json.as_bytes();
    let hex4 = |at: usize| -> Option<u32> {
        let h = b.get(at..at + 4)?;
        u32::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
    };
    let escape_at = |at: usize| -> Option<u32> {
        (b.get(at) == Some(&b'\\') && b.get(at + 1) == Some(&b'u'))
            .then(|| hex4(at + 2))
            .flatten()
    };
    // Quick check: no `\u` followed by `d8`..`df` at all.
    let maybe = b
        .windows(3)
        .any(|w| w[0] == b'\\' && w[1] == b'u' && matches!(w[2], b'd' | b'D'));
    if !maybe {
        return None;
    }
    let mut out: Option<String> = None;
    let mut fields: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut in_string = false;
    let mut string_start = 0;
    let mut last_string: Option<(usize, usize)> = None;
    let mut key = String::new();
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if in_string {
            match c {
                b'"' => {
                    in_string = false;
                    last_string = Some((string_start, i));
                    i += 1;
                }
                b'\\' => match escape_at(i) {
                    Some(hi @ 0xD800..=0xDBFF)
                        if escape_at(i + 6).is_some_and(|lo| (0xDC00..=0xDFFF).contains(&lo)) =>
                    {
                        let _ = hi;
                        i += 12;
                    }
                    Some(0xD800..=0xDFFF) => {
                        let o = out.get_or_insert_with(|| String::with_capacity(json.len()));
                        o.push_str(&json[copied..i]);
                        o.push_str("\\ufffd");
                        copied = i + 6;
                        i += 6;
                        let field = if depth == 1 && key.is_empty() {
                            "a field name".to_string()
                        } else {
                            key.clone()
                        };
                        match fields.iter_mut().find(|(f, _)| *f == field) {
                            Some((_, n)) => *n += 1,
                            None => fields.push((field, 1)),
                        }
                    }
                    _ => i += 2,
                },
                _ => i += 1,
            }
            continue;
        }
        match c {
            b'"' => {
                in_string = true;
                string_start = i + 1;
            }
            b'{' | b'[' => {
                depth += 1;
                if depth == 1 {
                    key.clear();
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            b':' if depth == 1 => {
                if let Some((s, e)) = last_string {
                    key = json[s..e].to_string();
                }
            }
            b',' if depth == 1 => key.clear(),
            _ => {}
        }
        i += 1;
    }
    let mut json_out = out?;
    json_out.push_str(&json[copied..]);
    Some(Repaired {
        json: json_out,
        fields,
    })
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
            (r#"{"id":"a","text":"x","date":12345678901}"#, "date"),
            (r#"{"id":"a","text":"x","date":true}"#, "date"),
            (r#"{"id":"a","text":"x","title":42}"#, "title"),
            (r#"{"id":"a","text":"x","url":["u"]}"#, "url"),
            (r#"{"id":"a","text":"x","source":{"s":1}}"#, "source"),
        ] {
            let (d, notes) = parse_json_doc(line).unwrap().unwrap();
            assert_eq!(d.text, "x", "{line}");
            assert_eq!(notes.len(), 1, "{line}");
            assert!(notes[0].0.contains(field), "{line}: {notes:?}");
            assert!(notes[0].1.contains("kept"), "{line}: {notes:?}");
        }
        // Numbers: Unix time (seconds, milliseconds) and YYYYMMDD.
        for (line, day) in [
            (r#"{"id":"a","text":"x","date":20240305}"#, "2024-03-05"),
            (r#"{"id":"a","text":"x","date":1709632800}"#, "2024-03-05"),
            (r#"{"id":"a","text":"x","date":1709632800.5}"#, "2024-03-05"),
            (
                r#"{"id":"a","text":"x","date":1709632800000}"#,
                "2024-03-05",
            ),
            (r#"{"id":"a","text":"x","date":"1709632800"}"#, "2024-03-05"),
        ] {
            let (d, notes) = parse_json_doc(line).unwrap().unwrap();
            assert_eq!(d.meta.date.as_deref(), Some(day), "{line}");
            assert!(notes.is_empty(), "{line}");
        }
        let (d, notes) = parse_json_doc(r#"{"id":"a","text":"x","title":null,"date":" "}"#)
            .unwrap()
            .unwrap();
        assert!(d.meta.title.is_none() && d.meta.date.is_none() && notes.is_empty());
    }

    #[test]
    fn lone_surrogates_are_replaced_in_any_field() {
        let (d, notes) = parse_json_doc(
            r#"{"id":"a\ud800","text":"Is\udc00rael \ud83d\ude00 ok","title":"T\ud800\ud800","date":"2024-03-05"}"#,
        )
        .unwrap()
        .unwrap();
        assert_eq!(d.id(), "a\u{fffd}");
        assert_eq!(d.text, "Is\u{fffd}rael \u{1f600} ok");
        assert_eq!(d.meta.title.as_deref(), Some("T\u{fffd}\u{fffd}"));
        let fields: Vec<&str> = notes.iter().map(|n| n.0.as_str()).collect();
        assert_eq!(notes.len(), 3, "{fields:?}");
        assert!(fields[0].contains("`id`") && fields[1].contains("`text`"));
        assert!(fields[2].contains("`title` holds 2 lone"), "{fields:?}");
        // An escaped backslash before `u` is no escape; pairs are kept.
        assert!(repair_surrogates(r#"{"t":"\\ud800 \ud83d\ude00"}"#).is_none());
        let r = repair_surrogates(r#"{"t":["\uDFFF"],"u":{"v":"\ud800x"}}"#).unwrap();
        assert_eq!(r.json, r#"{"t":["\ufffd"],"u":{"v":"\ufffdx"}}"#);
        assert_eq!(r.fields, [("t".to_string(), 1), ("u".to_string(), 1)]);
    }
}
