//! Reading documents: plain-text files, folders, JSON Lines and stdin.
//!
//! [`DocumentReader`] streams documents one at a time from a list of inputs,
//! so memory does not grow with the corpus. Problems that leave the rest of
//! the input usable (a malformed JSON line, a binary file in a folder, an
//! empty document, invalid UTF-8) are reported as [`Warning`]s and the run
//! goes on; with `strict` they become errors.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// One news article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id: the JSON `id`, or the path relative to the input root.
    pub id: String,
    /// The text, exactly as read; every offset indexes into it.
    pub text: String,
    /// Optional headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Optional publication date, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Optional URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Optional free-text provenance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A problem that was skipped over, for a person to read on stderr.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file concerned (`-` for stdin).
    pub path: PathBuf,
    /// The 1-based line, where one applies.
    pub line: Option<usize>,
    /// What happened.
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path.display(), l, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

/// Options for [`DocumentReader`].
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Turn recoverable problems (malformed lines, duplicate ids, bad files)
    /// into errors.
    pub strict: bool,
}

/// What the reader yields: a document, or a warning about skipped input.
#[derive(Debug)]
pub enum ReadEvent {
    /// A document ready for extraction.
    Document(Document),
    /// Something was skipped or repaired.
    Warning(Warning),
}

/// The kind of a single input file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    JsonLines,
    Text,
}

fn kind_of(path: &Path) -> Option<FileKind> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("jsonl" | "ndjson") => Some(FileKind::JsonLines),
        Some("txt" | "text" | "md") | None => Some(FileKind::Text),
        _ => None,
    }
}

/// One unit of pending work.
enum Source {
    /// A file to read, with the root it was found under (for relative ids).
    File {
        path: PathBuf,
        root: Option<PathBuf>,
        explicit: bool,
    },
    Stdin,
}

/// Streams documents from paths, folders (recursive, sorted) and stdin (`-`).
pub struct DocumentReader {
    pending: std::collections::VecDeque<Source>,
    current: Option<LineSource>,
    options: ReadOptions,
    seen_ids: HashMap<String, usize>,
    queued: std::collections::VecDeque<ReadEvent>,
    /// Inputs that produced no document at all, checked at the end.
    docs_from_current_input: usize,
    current_input: Option<PathBuf>,
    empty_inputs: Vec<PathBuf>,
}

/// A JSON Lines file being read line by line.
struct LineSource {
    path: PathBuf,
    reader: Box<dyn BufRead>,
    line: usize,
    buf: Vec<u8>,
}

impl DocumentReader {
    /// Prepares to read `inputs`. Folders are expanded now (sorted, recursive,
    /// following no symlink loops); files are opened lazily.
    pub fn new(inputs: &[PathBuf], options: ReadOptions) -> Result<Self> {
        let mut pending = std::collections::VecDeque::new();
        let mut queued = std::collections::VecDeque::new();
        for input in inputs {
            if input.as_os_str() == "-" {
                pending.push_back(Source::Stdin);
                continue;
            }
            let meta = fs::metadata(input).map_err(|e| Error::io(input, e))?;
            if meta.is_dir() {
                let mut files = Vec::new();
                let mut visited = HashSet::new();
                walk(input, &mut files, &mut visited, &mut queued)?;
                if files.is_empty() {
                    return Err(Error::NoDocuments {
                        path: input.clone(),
                    });
                }
                for f in files {
                    pending.push_back(Source::File {
                        path: f,
                        root: Some(input.clone()),
                        explicit: false,
                    });
                }
            } else {
                pending.push_back(Source::File {
                    path: input.clone(),
                    root: None,
                    explicit: true,
                });
            }
        }
        Ok(DocumentReader {
            pending,
            current: None,
            options,
            seen_ids: HashMap::new(),
            queued,
            docs_from_current_input: 0,
            current_input: None,
            empty_inputs: Vec::new(),
        })
    }

    /// Inputs (files or stdin) that yielded no document; a caller may treat
    /// an empty list of documents overall as a failure.
    pub fn empty_inputs(&self) -> &[PathBuf] {
        &self.empty_inputs
    }

    fn warn(&mut self, path: &Path, line: Option<usize>, message: String) -> Result<()> {
        if self.options.strict {
            return Err(match line {
                Some(line) => Error::Parse {
                    path: path.to_path_buf(),
                    line,
                    message,
                },
                None => Error::Format {
                    path: path.to_path_buf(),
                    message,
                },
            });
        }
        self.queued.push_back(ReadEvent::Warning(Warning {
            path: path.to_path_buf(),
            line,
            message,
        }));
        Ok(())
    }

    /// Checks a document (empty text, duplicate id) and queues it.
    fn accept(&mut self, path: &Path, line: Option<usize>, mut doc: Document) -> Result<()> {
        if doc.text.trim().is_empty() {
            return self.warn(
                path,
                line,
                format!("document {:?} is empty; skipped", doc.id),
            );
        }
        let n = self.seen_ids.entry(doc.id.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            let renamed = format!("{}#{}", doc.id, n);
            let message = format!(
                "duplicate document id {:?}; this one is renamed {:?}",
                doc.id, renamed
            );
            doc.id = renamed;
            self.warn(path, line, message)?;
        }
        self.docs_from_current_input += 1;
        self.queued.push_back(ReadEvent::Document(doc));
        Ok(())
    }

    fn finish_input(&mut self) {
        if let Some(p) = self.current_input.take()
            && self.docs_from_current_input == 0
        {
            self.empty_inputs.push(p);
        }
        self.docs_from_current_input = 0;
    }

    /// Opens the next source; returns false when there is none left.
    fn open_next(&mut self) -> Result<bool> {
        let Some(src) = self.pending.pop_front() else {
            return Ok(false);
        };
        self.finish_input();
        match src {
            Source::Stdin => {
                let path = PathBuf::from("-");
                self.current_input = Some(path.clone());
                let mut reader = BufReader::new(std::io::stdin());
                // Peek: JSON Lines when the first non-blank byte is `{`.
                let first = {
                    let buf = reader.fill_buf().map_err(|e| Error::io(&path, e))?;
                    buf.iter().copied().find(|b| !b.is_ascii_whitespace())
                };
                if first == Some(b'{') {
                    self.current = Some(LineSource {
                        path,
                        reader: Box::new(reader),
                        line: 0,
                        buf: Vec::new(),
                    });
                } else {
                    let mut bytes = Vec::new();
                    reader
                        .read_to_end(&mut bytes)
                        .map_err(|e| Error::io(&path, e))?;
                    let text = self.decode(&path, bytes)?;
                    let doc = Document {
                        id: "stdin".to_string(),
                        text,
                        title: None,
                        date: None,
                        url: None,
                        source: None,
                    };
                    self.accept(&path, None, doc)?;
                }
            }
            Source::File {
                path,
                root,
                explicit,
            } => {
                self.current_input = Some(path.clone());
                let kind = kind_of(&path).unwrap_or(FileKind::Text);
                match kind {
                    FileKind::JsonLines => {
                        let file = fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
                        self.current = Some(LineSource {
                            path,
                            reader: Box::new(BufReader::with_capacity(1 << 16, file)),
                            line: 0,
                            buf: Vec::new(),
                        });
                    }
                    FileKind::Text => {
                        let bytes = match fs::read(&path) {
                            Ok(b) => b,
                            Err(e) if !explicit => {
                                self.warn(&path, None, format!("cannot read: {e}; skipped"))?;
                                return Ok(true);
                            }
                            Err(e) => return Err(Error::io(&path, e)),
                        };
                        if looks_binary(&bytes) {
                            self.warn(&path, None, "binary file, not text; skipped".into())?;
                            return Ok(true);
                        }
                        let text = self.decode(&path, bytes)?;
                        let id = doc_id_for(&path, root.as_deref());
                        let doc = Document {
                            id,
                            text,
                            title: None,
                            date: date_from_name(&path),
                            url: None,
                            source: None,
                        };
                        self.accept(&path, None, doc)?;
                    }
                }
            }
        }
        Ok(true)
    }

    /// Decodes bytes as UTF-8, strips a leading byte-order mark, and replaces
    /// invalid sequences (with a warning naming the first bad byte offset).
    fn decode(&mut self, path: &Path, bytes: Vec<u8>) -> Result<String> {
        let mut text = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let s = String::from_utf8_lossy(e.as_bytes()).into_owned();
                self.warn(
                    path,
                    None,
                    format!("invalid UTF-8 at byte {at}; decoded with replacement characters"),
                )?;
                s
            }
        };
        if text.starts_with('\u{feff}') {
            text.drain(..3);
        }
        Ok(text)
    }

    /// Reads the next line of the current JSON Lines source.
    fn next_line(&mut self) -> Result<Option<()>> {
        let Some(src) = self.current.as_mut() else {
            return Ok(None);
        };
        src.buf.clear();
        let n = src
            .reader
            .read_until(b'\n', &mut src.buf)
            .map_err(|e| Error::io(&src.path, e))?;
        if n == 0 {
            self.current = None;
            return Ok(None);
        }
        src.line += 1;
        let path = src.path.clone();
        let line = src.line;
        let mut bytes = std::mem::take(&mut src.buf);
        if line == 1 && bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
            bytes.drain(..3);
        }
        let parsed = parse_json_doc(&bytes);
        if let Some(src) = self.current.as_mut() {
            src.buf = bytes;
        }
        match parsed {
            Ok(None) => {}
            Ok(Some(doc)) => self.accept(&path, Some(line), doc)?,
            Err(message) => self.warn(&path, Some(line), format!("{message}; line skipped"))?,
        }
        Ok(Some(()))
    }
}

impl Iterator for DocumentReader {
    type Item = Result<ReadEvent>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(ev) = self.queued.pop_front() {
                return Some(Ok(ev));
            }
            if self.current.is_some() {
                match self.next_line() {
                    Ok(_) => continue,
                    Err(e) => {
                        self.current = None;
                        return Some(Err(e));
                    }
                }
            }
            match self.open_next() {
                Ok(true) => continue,
                Ok(false) => {
                    self.finish_input();
                    return None;
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

/// The JSON shape of one input line.
#[derive(Deserialize)]
struct InputLine {
    id: serde_json::Value,
    text: Option<String>,
    title: Option<String>,
    date: Option<String>,
    url: Option<String>,
    source: Option<String>,
}

/// Parses one JSON Lines record; `Ok(None)` for a blank line.
fn parse_json_doc(bytes: &[u8]) -> std::result::Result<Option<Document>, String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => return Err(format!("invalid UTF-8 at byte {}", e.valid_up_to())),
    };
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
    let date = match line.date {
        Some(d) if valid_date(&d) => Some(d),
        Some(d) if d.len() > 10 && valid_date(&d[..10]) => Some(d[..10].to_string()),
        Some(d) if d.trim().is_empty() => None,
        Some(d) => return Err(format!("document {id:?}: date {d:?} is not YYYY-MM-DD")),
        None => None,
    };
    Ok(Some(Document {
        id,
        text,
        title: line.title,
        date,
        url: line.url,
        source: line.source,
    }))
}

/// True for `YYYY-MM-DD` with a plausible month and day.
pub fn valid_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    if !(digits(0..4) && digits(5..7) && digits(8..10)) {
        return false;
    }
    let m: u32 = d[5..7].parse().unwrap_or(0);
    let day: u32 = d[8..10].parse().unwrap_or(0);
    (1..=12).contains(&m) && (1..=31).contains(&day)
}

/// A date at the start of a file name (`2025-04-12-talks.txt`), if any.
fn date_from_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let head = name.get(..10)?;
    valid_date(head).then(|| head.to_string())
}

/// The id of a text file: its path relative to the input root, with `/`.
fn doc_id_for(path: &Path, root: Option<&Path>) -> String {
    let rel = match root {
        Some(r) => path.strip_prefix(r).unwrap_or(path),
        None => path.file_name().map(Path::new).unwrap_or(path),
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Heuristic: NUL bytes in the first 8 KiB mean binary.
fn looks_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8192).any(|&b| b == 0)
}

/// Collects readable document files under `dir`, sorted, recursively.
fn walk(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    visited: &mut HashSet<PathBuf>,
    queued: &mut std::collections::VecDeque<ReadEvent>,
) -> Result<()> {
    let canonical = fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
    if !visited.insert(canonical) {
        queued.push_back(ReadEvent::Warning(Warning {
            path: dir.to_path_buf(),
            line: None,
            message: "directory already visited (symlink loop?); skipped".into(),
        }));
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, out, visited, queued)?,
            Ok(_) => {
                if kind_of(&path).is_some() {
                    out.push(path);
                } else {
                    queued.push_back(ReadEvent::Warning(Warning {
                        path: path.clone(),
                        line: None,
                        message: "not a text or JSON Lines file; skipped".into(),
                    }));
                }
            }
            Err(e) => queued.push_back(ReadEvent::Warning(Warning {
                path: path.clone(),
                line: None,
                message: format!("cannot read: {e}; skipped"),
            })),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_json_lines_records() {
        let d = parse_json_doc(br#"{"id":"a","text":"Hi.","date":"2025-01-02"}"#)
            .unwrap()
            .unwrap();
        assert_eq!(d.id, "a");
        assert_eq!(d.date.as_deref(), Some("2025-01-02"));
        assert!(parse_json_doc(b"   \n").unwrap().is_none());
        assert!(parse_json_doc(b"{not json").is_err());
        assert!(parse_json_doc(br#"{"id":"a"}"#).is_err());
        assert!(parse_json_doc(br#"{"id":"a","text":"x","date":"May 5"}"#).is_err());
    }

    #[test]
    fn dates_are_checked() {
        assert!(valid_date("2026-02-06"));
        assert!(!valid_date("2026-13-06"));
        assert!(!valid_date("26-02-06"));
    }
}
