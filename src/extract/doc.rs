//! The document as the extraction stages see it: tokens, sentences and the
//! lexicon, with byte offsets into the original text.

use super::sentences;
use crate::lexicon::Lexicon;
use crate::tokens::{self, TokKind, Token};
use std::ops::Range;

/// A tokenized, sentence-split document, shared by the later stages.
pub struct Doc<'a> {
    /// The original text.
    pub text: &'a str,
    /// Tokens.
    pub toks: Vec<Token>,
    /// Lowercase text of each token.
    pub lower: Vec<String>,
    /// Sentences as token ranges.
    pub sents: Vec<Range<usize>>,
    /// Sentence index of each token.
    pub sent_of: Vec<usize>,
    /// The lexicon.
    pub lex: &'a Lexicon,
}

impl<'a> Doc<'a> {
    /// Tokenizes and splits `text`.
    pub fn new(text: &'a str, lex: &'a Lexicon) -> Self {
        let toks = tokens::tokenize(text);
        let lower: Vec<String> = toks
            .iter()
            .map(|t| text[t.start..t.end].to_lowercase())
            .collect();
        let starters = |w: &str| lex.stopwords.contains(w);
        let sents = sentences::split(text, &toks, &starters);
        let mut sent_of = vec![0; toks.len()];
        for (si, r) in sents.iter().enumerate() {
            for t in r.clone() {
                sent_of[t] = si;
            }
        }
        Doc {
            text,
            toks,
            lower,
            sents,
            sent_of,
            lex,
        }
    }

    /// The original text of token `i`, or "" out of range.
    pub fn tok(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => &self.text[t.start..t.end],
            None => "",
        }
    }

    /// Lowercase text of token `i`, or "" out of range.
    pub fn low(&self, i: usize) -> &str {
        self.lower.get(i).map(String::as_str).unwrap_or("")
    }

    /// True if token `i` is a word starting with an uppercase letter.
    pub fn is_cap(&self, i: usize) -> bool {
        i < self.toks.len()
            && self.toks[i].kind == TokKind::Word
            && self.tok(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Byte range of the token range `r`.
    pub fn bytes(&self, r: &Range<usize>) -> Range<usize> {
        self.toks[r.start].start..self.toks[r.end - 1].end
    }

    /// Byte range of sentence `s`, without trailing whitespace.
    pub fn sentence_bytes(&self, s: usize) -> Range<usize> {
        self.bytes(&self.sents[s])
    }

    /// Number of word tokens.
    pub fn word_count(&self) -> usize {
        self.toks
            .iter()
            .filter(|t| t.kind == TokKind::Word || t.kind == TokKind::Number)
            .count()
    }
}
