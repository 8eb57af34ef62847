//! The relation frames table: which trigger lemma gives which relation, and
//! where its source and target are in the dependency tree.
//!
//! Built from `data/frames.tsv` (generated from the PETRARCH2 CAMEO
//! dictionary) and `data/frames_extra.tsv` (hand-written), both embedded;
//! the row format is documented in the header of `frames.tsv`. A file in the
//! same format is added with [`FrameTable::extend_from_str`], rows given
//! column by column (the `[[frame]]` tables of a user's TOML lexicon,
//! `crate::lexicon::user`) with [`FrameTable::extend_rows`]; both go
//! through one row parser, and their rows replace the rows already loaded
//! with the same (lemma, pos, require) key.
//!
//! Everything a row says is compiled once: words are interned to
//! [`LemmaId`]s, paths to [`grammar::Step`]s, and frames are indexed by
//! (lemma, part of speech). Matching a token is then one hash lookup of its
//! lemma; see `crate::extract::frames` for the matcher.
//!
//! The table also holds the closed word classes the matcher needs
//! ([`WordKind`]: reporting verbs, light verbs, negators, ...), read from
//! `data/reporting.tsv` and `data/matcher_words.tsv`.

pub mod grammar;
mod words;

pub use words::WordKind;

use crate::error::{Error, Result};
use grammar::{Interner, Path as DepPath, PathId, Paths, PrepId, Require};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

const FRAMES: &str = include_str!("data/frames.tsv");
const FRAMES_EXTRA: &str = include_str!("data/frames_extra.tsv");
const REPORTING: &str = include_str!("data/reporting.tsv");
const MATCHER_WORDS: &str = include_str!("data/matcher_words.tsv");

/// An interned lowercase word (trigger lemma, require value, preposition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LemmaId(pub u32);

/// The index of a frame in its [`FrameTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FrameId(pub u32);

/// The part of speech of a trigger (the UPOS of the token).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Pos {
    /// `VERB`.
    Verb,
    /// `NOUN`.
    Noun,
    /// `ADJ`.
    Adj,
}

impl Pos {
    /// The trigger part of speech of a UPOS tag, if it can be one.
    pub fn from_upos(upos: &str) -> Option<Pos> {
        match upos {
            "VERB" => Some(Pos::Verb),
            "NOUN" => Some(Pos::Noun),
            "ADJ" => Some(Pos::Adj),
            _ => None,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The flags column of a frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flags {
    /// A rel B = B rel A.
    pub symmetric: bool,
    /// May fire with a source alone.
    pub objectless: bool,
    /// A commitment or plan, not the act.
    pub intent: bool,
    /// Low confidence (e.g. a warning that may not be coercive).
    pub weak: bool,
    /// A former role.
    pub past: bool,
}

/// One compiled row.
#[derive(Debug, Clone)]
pub struct Frame {
    /// The trigger lemma.
    pub lemma: LemmaId,
    /// The trigger part of speech.
    pub pos: Pos,
    /// Relation name; `None` for a no-event row.
    pub relation: Option<Box<str>>,
    /// PLOVER (or structural) class; `None` for a no-event row.
    pub class: Option<Box<str>>,
    /// CAMEO code with leading zeros, if any.
    pub cameo: Option<Box<str>>,
    /// Paths to the source.
    pub source: Paths,
    /// Paths to the target.
    pub target: Paths,
    /// Conditions on the trigger's dependents; all must hold.
    pub require: Box<[Require]>,
    /// Flags.
    pub flags: Flags,
    /// Precedence among frames whose requirements hold: number of require
    /// items, then number of items with lemma values. Higher wins.
    pub specificity: (u16, u16),
    /// Index of the file it came from ([`FrameTable::file`]).
    pub file: u16,
    /// 1-based line in that file.
    pub line: u32,
    /// The row as written (TAB-separated), for `explain`.
    pub row: Box<str>,
}

impl Frame {
    /// False for a no-event row (`relation` is `-`), which blocks its token.
    pub fn is_event(&self) -> bool {
        self.relation.is_some()
    }
}

/// The compiled frames table with the matcher's word classes.
#[derive(Debug, Clone)]
pub struct FrameTable {
    frames: Vec<Frame>,
    /// Rows replaced by a later file with the same key are not live.
    live: Vec<bool>,
    words: HashMap<Box<str>, LemmaId>,
    names: Vec<Box<str>>,
    kinds: Vec<u16>,
    preps: Vec<Box<[LemmaId]>>,
    prep_ids: HashMap<Box<[LemmaId]>, PrepId>,
    reporting_preps: Vec<PrepId>,
    paths: Vec<DepPath>,
    path_ids: HashMap<DepPath, PathId>,
    /// Per lemma id, the live frames for VERB, NOUN, ADJ.
    triggers: Vec<[Box<[FrameId]>; 3]>,
    files: Vec<PathBuf>,
    by: LemmaId,
}

/// One row of a frames table, column by column, as written in a line of
/// `frames.tsv` (`-` for an empty column; the header of `frames.tsv`
/// documents each column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row<'a> {
    /// Lowercase lemma of the trigger.
    pub lemma: &'a str,
    /// `VERB`, `NOUN` or `ADJ`.
    pub pos: &'a str,
    /// Relation name, or `-` for a no-event row.
    pub relation: &'a str,
    /// Class, or `-` for a no-event row.
    pub class: &'a str,
    /// CAMEO code, or `-`.
    pub cameo: &'a str,
    /// Paths to the source, or `-`.
    pub source: &'a str,
    /// Paths to the target, or `-`.
    pub target: &'a str,
    /// Comma-separated conditions, or `-`.
    pub require: &'a str,
    /// Comma-separated flags, or `-`.
    pub flags: &'a str,
}

impl<'a> Row<'a> {
    /// The columns of a TAB-separated line.
    pub fn split(line: &'a str) -> std::result::Result<Row<'a>, String> {
        let f: Vec<&str> = line.split('\t').collect();
        let [
            lemma,
            pos,
            relation,
            class,
            cameo,
            source,
            target,
            require,
            flags,
        ] = f[..]
        else {
            return Err(format!(
                "expected 9 tab-separated columns (lemma pos relation class cameo source target require flags), found {}",
                f.len()
            ));
        };
        Ok(Row {
            lemma,
            pos,
            relation,
            class,
            cameo,
            source,
            target,
            require,
            flags,
        })
    }

    /// The columns in file order.
    pub fn columns(&self) -> [&'a str; 9] {
        [
            self.lemma,
            self.pos,
            self.relation,
            self.class,
            self.cameo,
            self.source,
            self.target,
            self.require,
            self.flags,
        ]
    }

    /// The row as a line of a frames file (TAB-separated, no newline).
    pub fn to_line(&self) -> String {
        self.columns().join("\t")
    }
}

impl Interner for FrameTable {
    fn intern(&mut self, word: &str) -> LemmaId {
        if let Some(&id) = self.words.get(word) {
            return id;
        }
        let id = LemmaId(self.names.len() as u32);
        self.words.insert(word.into(), id);
        self.names.push(word.into());
        self.kinds.push(0);
        id
    }

    fn intern_prep(&mut self, words: &[LemmaId]) -> PrepId {
        if let Some(&id) = self.prep_ids.get(words) {
            return id;
        }
        let id = PrepId(self.preps.len() as u32);
        self.preps.push(words.into());
        self.prep_ids.insert(words.into(), id);
        id
    }

    fn intern_path(&mut self, path: DepPath) -> PathId {
        if let Some(&id) = self.path_ids.get(&path) {
            return id;
        }
        let id = PathId(self.paths.len() as u32);
        self.paths.push(path.clone());
        self.path_ids.insert(path, id);
        id
    }
}

fn lexerr(path: &Path, line: usize, message: impl Into<String>) -> Error {
    Error::Lexicon {
        path: path.to_path_buf(),
        line,
        message: message.into(),
    }
}

impl FrameTable {
    /// The built-in table: `frames.tsv`, then `frames_extra.tsv`, with the
    /// built-in word classes.
    pub fn builtin() -> Result<FrameTable> {
        let mut t = FrameTable::words_only()?;
        t.extend_from_str(FRAMES, Path::new("src/lexicon/data/frames.tsv"))?;
        t.extend_from_str(FRAMES_EXTRA, Path::new("src/lexicon/data/frames_extra.tsv"))?;
        Ok(t)
    }

    /// A table with the built-in word classes and no frames (for tests and
    /// for a user who brings a complete frames file).
    pub fn words_only() -> Result<FrameTable> {
        let mut t = FrameTable {
            frames: Vec::new(),
            live: Vec::new(),
            words: HashMap::new(),
            names: Vec::new(),
            kinds: Vec::new(),
            preps: Vec::new(),
            prep_ids: HashMap::new(),
            reporting_preps: Vec::new(),
            paths: Vec::new(),
            path_ids: HashMap::new(),
            triggers: Vec::new(),
            files: Vec::new(),
            by: LemmaId(0),
        };
        t.by = t.intern("by");
        let rep = Path::new("src/lexicon/data/reporting.tsv");
        let entries = words::parse_reporting(REPORTING, rep, &mut t)?;
        t.add_words(entries);
        let mw = Path::new("src/lexicon/data/matcher_words.tsv");
        let entries = words::parse_words(MATCHER_WORDS, mw, &mut t)?;
        t.add_words(entries);
        Ok(t)
    }

    fn add_words(&mut self, entries: Vec<words::Entry>) {
        for e in entries {
            match e {
                words::Entry::Word(id, k) => self.kinds[id.0 as usize] |= k as u16,
                words::Entry::Prep(p) => {
                    if !self.reporting_preps.contains(&p) {
                        self.reporting_preps.push(p);
                    }
                }
            }
        }
    }

    /// Adds the rows of a frames file in the format of `frames.tsv`. `path`
    /// names it in errors (`path:line: message`). Rows whose (lemma, pos,
    /// require) key was loaded from an earlier file replace those rows. On
    /// error the table's frames are unchanged.
    pub fn extend_from_str(&mut self, text: &str, path: &Path) -> Result<()> {
        let rows = text.lines().enumerate().filter_map(|(i, line)| {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                return None;
            }
            Some((
                i + 1,
                Row::split(line).map(|row| (row, Cow::Borrowed(line))),
            ))
        });
        self.extend_parsed(rows, path)
    }

    /// Adds rows given column by column (a user's `[[frame]]` tables), each
    /// with the 1-based line that names it in errors, as one file named
    /// `path`. A row is checked and compiled exactly as a line of a frames
    /// file ([`FrameTable::extend_from_str`]), and replaces the rows of
    /// earlier files with its (lemma, pos, require) key. On error the
    /// table's frames are unchanged.
    pub fn extend_rows<'r>(
        &mut self,
        rows: impl IntoIterator<Item = (usize, Row<'r>)>,
        path: &Path,
    ) -> Result<()> {
        // A column of a row given column by column may hold what a line
        // of a file cannot; the row as a line is its text for `explain`.
        let rows = rows.into_iter().map(|(line, row)| {
            let text = match row.columns().iter().find(|c| c.contains(['\t', '\n'])) {
                Some(c) => Err(format!("{c:?}: a column holds a tab or line break")),
                None => Ok((row, Cow::Owned(row.to_line()))),
            };
            (line, text)
        });
        self.extend_parsed(rows, path)
    }

    fn extend_parsed<'r>(
        &mut self,
        rows: impl IntoIterator<Item = (usize, std::result::Result<(Row<'r>, Cow<'r, str>), String>)>,
        path: &Path,
    ) -> Result<()> {
        if self.files.len() >= u16::MAX as usize {
            return Err(lexerr(path, 0, "too many frame files"));
        }
        let file = self.files.len() as u16;
        let mut new = Vec::new();
        for (lineno, row) in rows {
            let f = row
                .and_then(|(row, text)| self.parse_row(row, &text))
                .map_err(|m| lexerr(path, lineno, m))?;
            new.push(Frame {
                file,
                line: lineno as u32,
                ..f
            });
        }
        let keys: HashSet<(LemmaId, Pos, &str)> = new.iter().map(key).collect();
        for (i, f) in self.frames.iter().enumerate() {
            if keys.contains(&key(f)) {
                self.live[i] = false;
            }
        }
        drop(keys);
        self.files.push(path.to_path_buf());
        self.live.extend(std::iter::repeat_n(true, new.len()));
        self.frames.extend(new);
        self.reindex();
        Ok(())
    }

    fn reindex(&mut self) {
        let mut by_key: Vec<[Vec<FrameId>; 3]> = vec![Default::default(); self.names.len()];
        for (i, f) in self.frames.iter().enumerate() {
            if self.live[i] {
                by_key[f.lemma.0 as usize][f.pos.index()].push(FrameId(i as u32));
            }
        }
        self.triggers = by_key
            .into_iter()
            .map(|[v, n, a]| [v.into(), n.into(), a.into()])
            .collect();
    }

    /// Compiles a row; `text` is the row as a line (TAB-separated).
    fn parse_row(&mut self, row: Row<'_>, text: &str) -> std::result::Result<Frame, String> {
        let Row {
            lemma,
            pos,
            relation,
            class,
            cameo,
            source,
            target,
            require,
            flags,
        } = row;
        if lemma.is_empty()
            || lemma == "-"
            || lemma.chars().any(|c| c.is_uppercase() || c.is_whitespace())
        {
            return Err(format!("lemma {lemma:?} is not one lowercase word"));
        }
        let pos =
            Pos::from_upos(pos).ok_or_else(|| format!("unknown pos {pos:?} (VERB, NOUN, ADJ)"))?;
        let opt = |s: &str| (s != "-").then(|| Box::<str>::from(s));
        let (relation, class, cameo) = (opt(relation), opt(class), opt(cameo));
        if let Some(r) = &relation
            && !r.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        {
            return Err(format!("relation {r:?} is not snake_case"));
        }
        if let Some(c) = &class {
            super::check_class(c)?;
        }
        if let Some(c) = &cameo
            && !c.chars().all(|c| c.is_ascii_digit())
        {
            return Err(format!("CAMEO code {c:?} is not digits"));
        }
        let flags = parse_flags(flags)?;
        let lemma = self.intern(lemma);
        let source = grammar::parse_paths(source, self).map_err(|e| format!("source: {e}"))?;
        let target = grammar::parse_paths(target, self).map_err(|e| format!("target: {e}"))?;
        let require = grammar::parse_require(require, self).map_err(|e| format!("require: {e}"))?;
        match (&relation, &class) {
            (None, None) => {
                if cameo.is_some() || !source.is_empty() || !target.is_empty() {
                    return Err(
                        "a no-event row (relation -) has - in class, cameo, source and target"
                            .into(),
                    );
                }
            }
            (Some(_), Some(_)) => {
                if source.is_empty() {
                    return Err("an event row needs a source path".into());
                }
                if target.is_empty() && !flags.objectless {
                    return Err(
                        "an event row with no target path must be flagged objectless".into(),
                    );
                }
            }
            _ => return Err("relation and class are both - or both set".into()),
        }
        let lemma_items = require.iter().filter(|r| !r.lemmas.is_empty()).count();
        Ok(Frame {
            lemma,
            pos,
            relation,
            class,
            cameo,
            source,
            target,
            specificity: (require.len() as u16, lemma_items as u16),
            require: require.into(),
            flags,
            file: 0,
            line: 0,
            row: text.into(),
        })
    }

    /// The live frames of a trigger lemma (lowercased when needed) with a
    /// part of speech, in file order; empty when it has none.
    pub fn frames_for(&self, lemma: &str, pos: Pos) -> &[FrameId] {
        match self.lookup(lemma) {
            Some(id) => self.frames_of(id, pos),
            None => &[],
        }
    }

    /// The live frames of an interned lemma with a part of speech.
    pub fn frames_of(&self, lemma: LemmaId, pos: Pos) -> &[FrameId] {
        self.triggers
            .get(lemma.0 as usize)
            .map(|t| &*t[pos.index()])
            .unwrap_or(&[])
    }

    /// The id of a word known to the table, lowercasing it first when it
    /// has uppercase letters (the only case that allocates).
    pub fn lookup(&self, word: &str) -> Option<LemmaId> {
        if !word.chars().any(char::is_uppercase) {
            return self.words.get(word).copied();
        }
        // Short ASCII words are lowercased on the stack.
        let mut buf = [0u8; 48];
        if word.is_ascii() && word.len() <= buf.len() {
            let b = &mut buf[..word.len()];
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            return std::str::from_utf8(b)
                .ok()
                .and_then(|w| self.words.get(w).copied());
        }
        self.words.get(word.to_lowercase().as_str()).copied()
    }

    /// The text of an interned word.
    pub fn word(&self, id: LemmaId) -> &str {
        self.names.get(id.0 as usize).map(|s| &**s).unwrap_or("")
    }

    /// True if the word belongs to the class.
    pub fn is(&self, id: LemmaId, kind: WordKind) -> bool {
        self.kinds
            .get(id.0 as usize)
            .is_some_and(|k| k & kind as u16 != 0)
    }

    /// The words of a preposition or marker (`according_to` → 2 words).
    pub fn prep(&self, id: PrepId) -> &[LemmaId] {
        self.preps.get(id.0 as usize).map(|p| &**p).unwrap_or(&[])
    }

    /// An interned path.
    ///
    /// # Panics
    /// If the id is not from this table.
    pub fn path(&self, id: PathId) -> &DepPath {
        &self.paths[id.0 as usize]
    }

    /// Number of distinct paths (ids are `0..path_count()`).
    pub fn path_count(&self) -> usize {
        self.paths.len()
    }

    /// Prepositions whose obl names an attribution source ("according to").
    pub fn reporting_preps(&self) -> &[PrepId] {
        &self.reporting_preps
    }

    /// The id of "by" (the case of a passive agent).
    pub fn by(&self) -> LemmaId {
        self.by
    }

    /// A frame by id.
    ///
    /// # Panics
    /// If the id is not from this table.
    pub fn frame(&self, id: FrameId) -> &Frame {
        &self.frames[id.0 as usize]
    }

    /// The file a frame came from.
    pub fn file(&self, f: &Frame) -> &Path {
        self.files
            .get(f.file as usize)
            .map(PathBuf::as_path)
            .unwrap_or(Path::new(""))
    }

    /// `file:line` of a frame, for `explain`.
    pub fn origin(&self, id: FrameId) -> String {
        let f = self.frame(id);
        format!("{}:{}", self.file(f).display(), f.line)
    }

    /// Number of live frames.
    pub fn len(&self) -> usize {
        self.live.iter().filter(|l| **l).count()
    }

    /// True when no frame is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The live frames with their ids, in load order.
    pub fn iter(&self) -> impl Iterator<Item = (FrameId, &Frame)> {
        self.frames
            .iter()
            .enumerate()
            .filter(|(i, _)| self.live[*i])
            .map(|(i, f)| (FrameId(i as u32), f))
    }
}

fn key(f: &Frame) -> (LemmaId, Pos, &str) {
    let require = f.row.split('\t').nth(7).unwrap_or("-");
    (f.lemma, f.pos, require)
}

fn parse_flags(s: &str) -> std::result::Result<Flags, String> {
    let mut f = Flags::default();
    if s == "-" {
        return Ok(f);
    }
    for flag in s.split(',') {
        match flag {
            "symmetric" => f.symmetric = true,
            "objectless" => f.objectless = true,
            "intent" => f.intent = true,
            "weak" => f.weak = true,
            "past" => f.past = true,
            other => {
                return Err(format!(
                    "unknown flag {other:?} (symmetric, objectless, intent, weak, past)"
                ));
            }
        }
    }
    Ok(f)
}

#[cfg(test)]
mod tests;
