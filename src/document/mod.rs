//! Reading documents: plain-text files, folders, JSON Lines and stdin.
//!
//! [`DocumentReader`] streams documents one at a time from a list of inputs,
//! so memory does not grow with the corpus. Problems that leave the rest of
//! the input usable (a malformed JSON line, a binary file in a folder, an
//! empty document, invalid UTF-8) are reported as [`Warning`]s and the run
//! goes on; with `strict` they become errors.
//!
//! - this module: [`Document`], the reader and plain-text files;
//! - `jsonl`: JSON Lines, one document per line;
//! - `walk`: folders (which files are documents, in which order), binary
//!   files, and the document estimate for progress bars.

mod jsonl;
mod utf16;
mod walk;

pub use walk::estimate_documents;

use crate::date;
use crate::error::{Error, Result};
use jsonl::LineSource;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet, VecDeque};
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use walk::{doc_id_for, looks_binary, walk};

/// One news article: its text and its metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Id, title, date, URL and provenance.
    pub meta: DocMeta,
    /// The text, exactly as read; every offset indexes into it.
    pub text: String,
    /// Where the reader found it, for messages.
    pub origin: Origin,
}

/// Where a document was read: the file (`-` for stdin) and, for JSON
/// Lines, the 1-based line. Empty for a document made in memory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    /// The file.
    pub path: Option<Arc<Path>>,
    /// The line, where one applies.
    pub line: Option<usize>,
}

impl Origin {
    /// A warning about this document: `FILE:LINE: MESSAGE`.
    pub fn warning(&self, message: impl Into<String>, effect: Effect) -> Warning {
        let path = self
            .path
            .as_deref()
            .map_or_else(|| PathBuf::from("<document>"), Path::to_path_buf);
        Warning::new(path, self.line, message, effect)
    }
}

impl Document {
    /// A document with an id and a text and no other metadata.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            meta: DocMeta {
                id: id.into(),
                title: None,
                date: None,
                url: None,
                source: None,
            },
            text: text.into(),
            origin: Origin::default(),
        }
    }

    /// The document id.
    pub fn id(&self) -> &str {
        &self.meta.id
    }
}

/// What is known about a document besides its text. Read once, by the
/// reader, and carried unchanged into the extraction record
/// ([`crate::record::DocRecord`]) and the graph file
/// ([`crate::graph::DocumentEntry`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    /// Stable id: the JSON `id`, or the path relative to the input root.
    pub id: String,
    /// Headline, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date `YYYY-MM-DD`, if given (the reader accepts the forms
    /// of [`crate::date::parse`] and writes them so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// URL, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Free-text provenance, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// A problem the run went on past, for a person to read on stderr.
///
/// Shown as `FILE:LINE: MESSAGE; EFFECT` (`FILE: MESSAGE; EFFECT` where no
/// line applies). Under `--strict` the same problem is an error, shown
/// without the effect (nothing was skipped then).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The file concerned (`-` for stdin).
    pub path: PathBuf,
    /// The 1-based line, where one applies.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// What was done about it.
    pub effect: Effect,
}

/// What was done about a problem: something left out, something repaired,
/// or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// A `line`, `document`, `file` or `folder` was left out (the word
    /// says which).
    Skipped(&'static str),
    /// The document was kept, with a field left out or repaired; the text
    /// says how ("the document is kept undated").
    Repaired(String),
    /// Nothing was left out or changed (the text, if any, says what was
    /// done).
    Noted(String),
}

impl Warning {
    /// A warning about `path` (and `line`).
    pub fn new(
        path: impl Into<PathBuf>,
        line: Option<usize>,
        message: impl Into<String>,
        effect: Effect,
    ) -> Self {
        Warning {
            path: path.into(),
            line,
            message: message.into(),
            effect,
        }
    }

    /// `FILE:LINE: MESSAGE`, without the effect: the form of the error
    /// `--strict` makes of it.
    pub fn problem(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{}: {}", self.path.display(), l, self.message),
            None => format!("{}: {}", self.path.display(), self.message),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.problem())?;
        match &self.effect {
            Effect::Skipped(what) => write!(f, "; {what} skipped"),
            Effect::Repaired(how) => write!(f, "; {how}"),
            Effect::Noted(how) if how.is_empty() => Ok(()),
            Effect::Noted(how) => write!(f, "; {how}"),
        }
    }
}

/// Options for [`DocumentReader`].
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Turn recoverable problems (malformed lines, bad fields, bad files)
    /// into errors.
    pub strict: bool,
    /// How stdin (`-`) is read: [`StreamFormat::Sniff`] (the default) or a
    /// format forced by `--stdin-format`.
    pub stdin: StreamFormat,
}

/// What the reader yields: a document, or a warning about skipped input.
#[derive(Debug)]
pub enum ReadEvent {
    /// A document ready for extraction.
    Document(Document),
    /// Something was skipped or repaired.
    Warning(Warning),
}

/// The kind of a single input file, from its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `.jsonl`, `.ndjson`: one JSON document per line.
    JsonLines,
    /// `.txt`, `.text`, `.md` or no extension: one plain-text article.
    Text,
}

impl FileKind {
    /// The kind of `path` from its extension (case-insensitive); `None` for
    /// a file that is no document (an image beside the articles).
    pub fn of(path: &Path) -> Option<FileKind> {
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
}

/// How [`DocumentReader::from_reader`] reads its stream (and stdin).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StreamFormat {
    /// The whole stream is one plain-text document.
    Text,
    /// One JSON document per line.
    JsonLines,
    /// JSON Lines when the first non-blank line is a JSON object, else
    /// plain text (the default for stdin): a text that starts with `{` is
    /// still a text.
    #[default]
    Sniff,
}

/// Any buffered byte stream the reader can own.
type Stream = Box<dyn BufRead + Send>;

/// One unit of pending work.
enum Source {
    /// A file to read, with the root it was found under (for relative ids).
    File {
        path: PathBuf,
        root: Option<PathBuf>,
        explicit: bool,
    },
    /// Standard input, opened when its turn comes.
    Stdin,
    /// A stream handed over by the caller, named `path` in ids and messages.
    Stream {
        path: PathBuf,
        reader: Stream,
        format: StreamFormat,
    },
}

/// Streams documents from paths, folders (recursive, sorted) and stdin (`-`).
///
/// Every problem that leaves the rest of the input usable is a
/// [`ReadEvent::Warning`] naming the file (and line): an unreadable file or
/// folder met while walking a folder, a binary file, a symlink loop, a
/// malformed JSON line, an empty document, invalid UTF-8 (decoded with
/// replacement characters; the warning gives the byte offset in the file).
/// With [`ReadOptions::strict`] each of them is an error instead. A path
/// named on the command line that cannot be read is always an error.
/// Document ids are passed on as read: the pipeline makes them unique
/// ([`crate::record`] records carry them; see `graph::DocIds`).
pub struct DocumentReader {
    pending: VecDeque<Source>,
    current: Option<LineSource>,
    options: ReadOptions,
    queued: VecDeque<ReadEvent>,
    /// Inputs that produced no document at all, checked at the end.
    docs_from_current_input: usize,
    current_input: Option<PathBuf>,
    empty_inputs: Vec<PathBuf>,
}

impl DocumentReader {
    /// Prepares to read `inputs`. Folders are expanded now (sorted, recursive,
    /// following no symlink loops); files are opened lazily.
    pub fn new(inputs: &[PathBuf], options: ReadOptions) -> Result<Self> {
        let mut pending = VecDeque::new();
        let mut queued = VecDeque::new();
        // Every file is read once, by its canonical path: a symlink to a
        // file read anyway, or a file named twice, is noted and passed over.
        let mut read: HashMap<PathBuf, PathBuf> = HashMap::new();
        let mut once = |path: &Path, queued: &mut VecDeque<ReadEvent>| -> bool {
            let Ok(canonical) = fs::canonicalize(path) else {
                return true;
            };
            match read.get(&canonical) {
                Some(first) => {
                    queued.push_back(ReadEvent::Warning(Warning::new(
                        path,
                        None,
                        format!("the same file as {}", first.display()),
                        Effect::Noted("read once".into()),
                    )));
                    false
                }
                None => {
                    read.insert(canonical, path.to_path_buf());
                    true
                }
            }
        };
        for input in inputs {
            if input.as_os_str() == "-" {
                pending.push_back(Source::Stdin);
                continue;
            }
            let meta = fs::metadata(input).map_err(|e| Error::io(input, e))?;
            if meta.is_dir() {
                let mut files = Vec::new();
                let mut visited = HashSet::new();
                let mut notes = Vec::new();
                walk(input, true, &mut files, &mut visited, &mut notes)?;
                for n in notes {
                    if options.strict && n.fatal_when_strict {
                        return Err(strict_error(n.warning));
                    }
                    queued.push_back(ReadEvent::Warning(n.warning));
                }
                if files.is_empty() {
                    return Err(Error::NoDocuments {
                        path: input.clone(),
                    });
                }
                for f in files {
                    if once(&f, &mut queued) {
                        pending.push_back(Source::File {
                            path: f,
                            root: Some(input.clone()),
                            explicit: false,
                        });
                    }
                }
            } else if once(input, &mut queued) {
                pending.push_back(Source::File {
                    path: input.clone(),
                    root: None,
                    explicit: true,
                });
            }
        }
        let mut reader = Self::empty(options);
        reader.pending = pending;
        reader.queued = queued;
        Ok(reader)
    }

    /// Reads documents from a stream instead of paths (an in-memory buffer,
    /// a socket, a decompressor). `name` stands for the stream in warnings
    /// and, for a plain-text stream, gives the document id (its file name).
    pub fn from_reader(
        name: impl Into<PathBuf>,
        reader: impl BufRead + Send + 'static,
        format: StreamFormat,
        options: ReadOptions,
    ) -> Self {
        let mut r = Self::empty(options);
        r.pending.push_back(Source::Stream {
            path: name.into(),
            reader: Box::new(reader),
            format,
        });
        r
    }

    fn empty(options: ReadOptions) -> Self {
        DocumentReader {
            pending: VecDeque::new(),
            current: None,
            options,
            queued: VecDeque::new(),
            docs_from_current_input: 0,
            current_input: None,
            empty_inputs: Vec::new(),
        }
    }

    /// Inputs (files or stdin) that yielded no document; a caller may treat
    /// an empty list of documents overall as a failure.
    pub fn empty_inputs(&self) -> &[PathBuf] {
        &self.empty_inputs
    }

    fn warn(
        &mut self,
        path: &Path,
        line: Option<usize>,
        message: String,
        effect: Effect,
    ) -> Result<()> {
        let w = Warning::new(path, line, message, effect);
        if self.options.strict {
            return Err(strict_error(w));
        }
        self.queued.push_back(ReadEvent::Warning(w));
        Ok(())
    }

    /// Checks a document (empty text), notes where it was read and queues
    /// it.
    fn accept(&mut self, path: &Path, line: Option<usize>, mut doc: Document) -> Result<()> {
        if doc.text.trim().is_empty() {
            return self.warn(
                path,
                line,
                format!("document {:?} is empty", doc.meta.id),
                Effect::Skipped("document"),
            );
        }
        doc.origin = Origin {
            path: Some(Arc::from(path)),
            line,
        };
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
                let reader = BufReader::with_capacity(1 << 16, std::io::stdin());
                let format = self.options.stdin;
                self.open_stream(PathBuf::from("-"), Box::new(reader), format)?;
            }
            Source::Stream {
                path,
                reader,
                format,
            } => self.open_stream(path, reader, format)?,
            Source::File {
                path,
                root,
                explicit,
            } => {
                self.current_input = Some(path.clone());
                let kind = FileKind::of(&path).unwrap_or(FileKind::Text);
                let file = match fs::File::open(&path) {
                    Ok(f) => f,
                    Err(e) if !explicit => {
                        self.warn(
                            &path,
                            None,
                            format!("cannot read: {e}"),
                            Effect::Skipped("file"),
                        )?;
                        return Ok(true);
                    }
                    Err(e) => return Err(Error::io(&path, e)),
                };
                match kind {
                    FileKind::JsonLines => {
                        let reader = BufReader::with_capacity(1 << 16, file);
                        self.open_stream(path, Box::new(reader), StreamFormat::JsonLines)?;
                    }
                    FileKind::Text => {
                        let mut bytes = Vec::new();
                        let mut file = file;
                        if let Err(e) = file.read_to_end(&mut bytes) {
                            if explicit {
                                return Err(Error::io(&path, e));
                            }
                            self.warn(
                                &path,
                                None,
                                format!("cannot read: {e}"),
                                Effect::Skipped("file"),
                            )?;
                            return Ok(true);
                        }
                        let id = doc_id_for(&path, root.as_deref());
                        let date = date_from_name(&path);
                        self.text_document(&path, id, date, bytes)?;
                    }
                }
            }
        }
        Ok(true)
    }

    /// Starts reading a stream: JSON Lines line by line, plain text whole.
    /// A stream in UTF-16 with a byte-order mark is decoded as it is read.
    fn open_stream(&mut self, path: PathBuf, reader: Stream, format: StreamFormat) -> Result<()> {
        self.current_input = Some(path.clone());
        let (mut reader, utf16_bad) = utf16_stream(reader).map_err(|e| Error::io(&path, e))?;
        let json = match format {
            StreamFormat::JsonLines => true,
            StreamFormat::Text => false,
            StreamFormat::Sniff => {
                let (json, read) =
                    first_line_is_object(&mut reader).map_err(|e| Error::io(&path, e))?;
                reader = Box::new(std::io::Cursor::new(read).chain(reader));
                json
            }
        };
        if json {
            let head = reader.fill_buf().map_err(|e| Error::io(&path, e))?;
            if utf16_bad.is_none() && looks_binary(head) {
                return self.warn(
                    &path,
                    None,
                    "binary file, not JSON Lines".into(),
                    Effect::Skipped("file"),
                );
            }
            self.current = Some(LineSource {
                path,
                reader,
                line: 0,
                offset: 0,
                buf: Vec::new(),
                utf16_bad,
            });
            return Ok(());
        }
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(&path, e))?;
        self.utf16_replaced(&path, utf16_bad.as_deref())?;
        let id = if path.as_os_str() == "-" {
            "stdin".to_string()
        } else {
            doc_id_for(&path, None)
        };
        self.text_document(&path, id, None, bytes)
    }

    /// Warns when decoding UTF-16 replaced code units.
    fn utf16_replaced(&mut self, path: &Path, bad: Option<&AtomicUsize>) -> Result<()> {
        let n = bad.map_or(0, |b| b.load(Ordering::Relaxed));
        if n == 0 {
            return Ok(());
        }
        self.warn(
            path,
            None,
            format!(
                "{n} invalid UTF-16 code unit{} (half a character)",
                if n == 1 { "" } else { "s" }
            ),
            Effect::Repaired("replaced with U+FFFD".into()),
        )
    }

    /// Checks, decodes and queues a whole plain-text document.
    fn text_document(
        &mut self,
        path: &Path,
        id: String,
        date: Option<String>,
        bytes: Vec<u8>,
    ) -> Result<()> {
        if let Some(little_endian) = utf16::bom(&bytes) {
            let (text, bad) = utf16::decode(&bytes, little_endian);
            let counted = AtomicUsize::new(bad);
            self.utf16_replaced(path, Some(&counted))?;
            let mut doc = Document::new(id, text);
            doc.meta.date = date;
            return self.accept(path, None, doc);
        }
        if looks_binary(&bytes) {
            return self.warn(
                path,
                None,
                "binary file, not text".into(),
                Effect::Skipped("file"),
            );
        }
        let text = self.decode(path, None, 0, bytes)?;
        let mut doc = Document::new(id, text);
        doc.meta.date = date;
        self.accept(path, None, doc)
    }

    /// Decodes bytes as UTF-8, strips a leading byte-order mark, and replaces
    /// invalid sequences, with a warning naming the first bad byte's offset
    /// in the file (`base` is the offset of `bytes` in it).
    fn decode(
        &mut self,
        path: &Path,
        line: Option<usize>,
        base: u64,
        bytes: Vec<u8>,
    ) -> Result<String> {
        let mut text = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let at = base + e.utf8_error().valid_up_to() as u64;
                let s = String::from_utf8_lossy(e.as_bytes()).into_owned();
                self.warn(
                    path,
                    line,
                    format!("invalid UTF-8 at byte {at}"),
                    Effect::Repaired("decoded with replacement characters".into()),
                )?;
                s
            }
        };
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Ok(text)
    }
}

/// A stream that starts with a UTF-16 byte-order mark, decoded to UTF-8 as
/// it is read, with the counter of replaced code units; any other stream
/// as it is.
fn utf16_stream(mut reader: Stream) -> std::io::Result<(Stream, Option<Arc<AtomicUsize>>)> {
    let head = reader.fill_buf()?;
    let head = if head.len() < 2 {
        // A mark split over reads: look at two bytes for sure.
        let mut two = head.to_vec();
        let n = two.len();
        reader.consume(n);
        let mut rest = Vec::new();
        (&mut reader).take(2 - n as u64).read_to_end(&mut rest)?;
        two.extend(rest);
        reader = Box::new(std::io::Cursor::new(two).chain(reader));
        reader.fill_buf()?.to_vec()
    } else {
        head[..2].to_vec()
    };
    match utf16::bom(&head) {
        Some(little_endian) => {
            reader.consume(2);
            let bad = Arc::new(AtomicUsize::new(0));
            let decoded = utf16::Utf16Reader::new(reader, little_endian, bad.clone());
            Ok((
                Box::new(BufReader::with_capacity(1 << 16, decoded)),
                Some(bad),
            ))
        }
        None => Ok((reader, None)),
    }
}

/// Reads up to the first line that is not blank and says whether it is a
/// JSON object (after a UTF-8 byte-order mark, with lone surrogate escapes
/// allowed); returns it with the bytes read, to be put back in front.
fn first_line_is_object(reader: &mut Stream) -> std::io::Result<(bool, Vec<u8>)> {
    let mut read = Vec::new();
    loop {
        let start = read.len();
        if reader.read_until(b'\n', &mut read)? == 0 {
            return Ok((false, read));
        }
        let line = String::from_utf8_lossy(&read[start..]);
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if line.is_empty() {
            continue;
        }
        let repaired = jsonl::repair_surrogates(line);
        let json = repaired.as_ref().map_or(line, |r| r.json.as_str());
        let object =
            serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(json).is_ok();
        return Ok((object, read));
    }
}

/// The files a [`DocumentReader`] of `inputs` reads: the files named, and
/// the document files found in the folders named (stdin left out). Nothing
/// is reported: problems are the reader's to tell. Used to check, before a
/// run, that no output is one of its inputs.
pub fn input_files(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        if fs::metadata(input).is_ok_and(|m| m.is_dir()) {
            let mut visited = HashSet::new();
            let _ = walk(input, true, &mut files, &mut visited, &mut Vec::new());
        } else {
            files.push(input.clone());
        }
    }
    files
}

/// The error `--strict` makes of a warning.
fn strict_error(w: Warning) -> Error {
    match w.line {
        Some(line) => Error::Parse {
            path: w.path,
            line,
            message: format!("{} (--strict)", w.message),
        },
        None => Error::Format {
            path: w.path,
            message: format!("{} (--strict)", w.message),
        },
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
                    Ok(()) => continue,
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

/// A date at the start of a file name (`2025-04-12-talks.txt`), if any.
fn date_from_name(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_str()?;
    let head = name.get(..10)?;
    date::is_iso_date(head).then(|| head.to_string())
}

#[cfg(test)]
mod tests;
