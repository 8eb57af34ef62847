//! The closed word classes the frame matcher reads from the parse
//! (`reporting.tsv`, `matcher_words.tsv`), kept as bits per interned lemma.

use super::grammar::Interner;
use crate::error::{Error, Result};
use crate::lexicon::builtin::two_columns;
use std::path::Path;

/// A closed word class the matcher uses. Each is one bit in a per-lemma set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[repr(u16)]
pub enum WordKind {
    /// A reporting verb: its ccomp/parataxis is reported speech.
    Reporting = 1,
    /// A (multiword) preposition whose obl names the source ("according to").
    ReportingCase = 1 << 1,
    /// A control verb whose embedded event did not happen ("refuse").
    Block = 1 << 2,
    /// A preposition whose obl controls an xcomp ("call on X to ...").
    Control = 1 << 3,
    /// A control verb whose embedded event is intended ("plan", "vow").
    Intent = 1 << 4,
    /// A light verb taking an event noun as object ("hold talks").
    Light = 1 << 5,
    /// A modal auxiliary of intent ("will").
    Modal = 1 << 6,
    /// A negator: advmod "not"/"never", det "no".
    Negation = 1 << 7,
    /// A relative pronoun ("which", "who").
    Relpron = 1 << 8,
}

impl WordKind {
    fn parse(s: &str) -> Option<WordKind> {
        Some(match s {
            "block" => WordKind::Block,
            "control" => WordKind::Control,
            "intent" => WordKind::Intent,
            "light" => WordKind::Light,
            "modal" => WordKind::Modal,
            "negation" => WordKind::Negation,
            "relpron" => WordKind::Relpron,
            _ => return None,
        })
    }
}

/// Where a word-list entry goes: the bit for a single lemma, or a
/// multiword preposition.
pub(crate) enum Entry {
    /// One lemma with a kind.
    Word(super::LemmaId, WordKind),
    /// A preposition (by its id) for `according to`-style attribution.
    Prep(super::grammar::PrepId),
}

fn err(path: &Path, line: usize, message: String) -> Error {
    Error::Lexicon {
        path: path.to_path_buf(),
        line,
        message,
    }
}

fn check_word(w: &str, path: &Path, line: usize) -> Result<()> {
    if w.is_empty() || w.chars().any(|c| c.is_uppercase() || c.is_whitespace()) {
        return Err(err(path, line, format!("{w:?} is not a lowercase lemma")));
    }
    Ok(())
}

/// Reads `reporting.tsv` (`lemma kind`, kind `verb` or `case`).
pub(crate) fn parse_reporting(
    text: &str,
    path: &Path,
    int: &mut impl Interner,
) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    for (lineno, lemma, kind) in two_columns(text, path)? {
        check_word(lemma, path, lineno)?;
        match kind {
            "verb" => out.push(Entry::Word(int.intern(lemma), WordKind::Reporting)),
            "case" => {
                let words: Vec<_> = lemma.split('_').map(|w| int.intern(w)).collect();
                out.push(Entry::Prep(int.intern_prep(&words)));
            }
            other => {
                return Err(err(
                    path,
                    lineno,
                    format!("unknown kind {other:?} (verb, case)"),
                ));
            }
        }
    }
    Ok(out)
}

/// Reads `matcher_words.tsv` (`kind lemma`).
pub(crate) fn parse_words(text: &str, path: &Path, int: &mut impl Interner) -> Result<Vec<Entry>> {
    let mut out = Vec::new();
    for (lineno, kind, lemma) in two_columns(text, path)? {
        let Some(k) = WordKind::parse(kind) else {
            return Err(err(
                path,
                lineno,
                format!(
                    "unknown kind {kind:?} (block, control, intent, light, modal, negation, relpron)"
                ),
            ));
        };
        check_word(lemma, path, lineno)?;
        out.push(Entry::Word(int.intern(lemma), k));
    }
    Ok(out)
}
