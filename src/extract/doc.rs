//! The document as the extraction stages see it: tokens, sentences and the
//! lexicon, with byte offsets into the original text.

use super::dateline::{self, Dateline};
use super::sentences;
use crate::lexicon::Lexicon;
use crate::syntax::analyze::{Analysis, Analyzer};
use crate::tokens::{self, TokKind, Token};
use std::cell::{Cell, OnceCell, RefCell};
use std::ops::Range;
use std::rc::Rc;

/// How much of a document's text [`Doc::syntax_once`] keeps parses for:
/// 16 MiB, a long article hundreds of times over (a kept parse takes about
/// 13 bytes per byte of text, so at most about 200 MB per document). The
/// sentences beyond it are parsed again when a later stage needs them
/// (at most twice in all: the last parse is kept for the next caller),
/// trading time for bounded memory.
pub const KEEP_PARSES_UP_TO: usize = 16 << 20;

/// A sentence's analysis as [`Doc::syntax_once`] gives it: kept with the
/// document, or shared with the document's one-sentence cache.
pub enum Parse<'d, 'a> {
    /// Kept for the document's lifetime.
    Kept(&'d Analysis<'a>),
    /// Made for a sentence beyond the keeping budget.
    Shared(Rc<Analysis<'a>>),
}

impl<'a> std::ops::Deref for Parse<'_, 'a> {
    type Target = Analysis<'a>;
    fn deref(&self) -> &Analysis<'a> {
        match self {
            Parse::Kept(a) => a,
            Parse::Shared(a) => a,
        }
    }
}

impl<'a> AsRef<Analysis<'a>> for Parse<'_, 'a> {
    fn as_ref(&self) -> &Analysis<'a> {
        self
    }
}

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
    /// The wire dateline the document opens with, if any.
    pub dateline: Option<Dateline>,
    /// Each sentence's syntactic analysis, made the first time a stage asks
    /// for it ([`Doc::syntax`]): sentences no rule looks at are never parsed.
    syntax: Vec<OnceCell<Analysis<'a>>>,
    /// Bytes of sentence text whose parses [`Doc::syntax_once`] has kept.
    kept: Cell<usize>,
    /// The last parse [`Doc::syntax_once`] made beyond the budget, so that
    /// stages working sentence by sentence parse a sentence once.
    last: RefCell<Option<(usize, Rc<Analysis<'a>>)>>,
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
        let mut sents = sentences::split(text, &toks, &starters);
        let dateline = dateline::find(text, &toks);
        // The dateline is a sentence of its own: the story's first sentence
        // is parsed and quoted without it.
        if let Some(dl) = &dateline
            && let Some(si) = sents.iter().position(|r| r.contains(&dl.tok.end))
            && sents[si].start < dl.tok.end
        {
            let r = sents[si].clone();
            sents.splice(si..=si, [r.start..dl.tok.end, dl.tok.end..r.end]);
        }
        let mut sent_of = vec![0; toks.len()];
        for (si, r) in sents.iter().enumerate() {
            for t in r.clone() {
                sent_of[t] = si;
            }
        }
        let syntax = (0..sents.len()).map(|_| OnceCell::new()).collect();
        Doc {
            text,
            toks,
            lower,
            sents,
            sent_of,
            lex,
            dateline,
            syntax,
            kept: Cell::new(0),
            last: RefCell::new(None),
        }
    }

    /// The syntactic analysis of sentence `s` (part of speech, lemma, head
    /// and relation of every word), parsed on first use. Words are EWT-style
    /// tokens of the sentence's text ("Iran's" is two words where the
    /// extractor's tokens may differ); [`Doc::word_of`] maps a token to its
    /// word. `None` when the models cannot be loaded or `s` is out of range.
    pub fn syntax(&self, s: usize) -> Option<&Analysis<'a>> {
        let cell = self.syntax.get(s)?;
        if let Some(a) = cell.get() {
            return Some(a);
        }
        let analyzer = Analyzer::embedded().ok()?;
        let range = self.sentence_bytes(s);
        Some(cell.get_or_init(|| analyzer.analyze_range(self.text, range)))
    }

    /// The syntactic analysis of sentence `s` for a stage that looks at many
    /// sentences once: while the sentences kept so far hold less than
    /// [`KEEP_PARSES_UP_TO`] bytes of text it is kept for the later stages
    /// (as [`Doc::syntax`]); beyond that it is kept only until another
    /// sentence is asked for, so that a huge document does not hold every
    /// parse at the same time.
    pub fn syntax_once(&self, s: usize) -> Option<Parse<'_, 'a>> {
        let cell = self.syntax.get(s)?;
        if let Some(a) = cell.get() {
            return Some(Parse::Kept(a));
        }
        let range = self.sentence_bytes(s);
        let len = range.len();
        if self.kept.get() + len <= KEEP_PARSES_UP_TO {
            self.kept.set(self.kept.get() + len);
            return self.syntax(s).map(Parse::Kept);
        }
        if let Some((at, a)) = &*self.last.borrow()
            && *at == s
        {
            return Some(Parse::Shared(Rc::clone(a)));
        }
        let analyzer = Analyzer::embedded().ok()?;
        let a = Rc::new(analyzer.analyze_range(self.text, range));
        *self.last.borrow_mut() = Some((s, Rc::clone(&a)));
        Some(Parse::Shared(a))
    }

    /// The word of sentence `sent_of[t]`'s analysis that holds token `t`'s
    /// first byte, if the sentence can be analysed.
    pub fn word_of(&self, t: usize) -> Option<usize> {
        let tok = self.toks.get(t)?;
        self.syntax(*self.sent_of.get(t)?)?.word_at(tok.start)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_map_to_words_of_their_sentence_parse() {
        let lex = Lexicon::builtin().unwrap();
        let text = "Chad's army shelled the town. Niger condemned the attack.";
        let d = Doc::new(text, &lex);
        assert_eq!(d.sents.len(), 2);
        let chad = (0..d.toks.len()).find(|&t| d.tok(t) == "Chad").unwrap();
        let a = d.syntax(0).unwrap();
        let w = d.word_of(chad).unwrap();
        assert_eq!(a.words[w].form, "Chad");
        let niger = (0..d.toks.len()).find(|&t| d.tok(t) == "Niger").unwrap();
        let b = d.syntax(1).unwrap();
        let w = d.word_of(niger).unwrap();
        assert_eq!(b.words[w].form, "Niger");
        assert_eq!(b.words[w].deprel.as_str(), "nsubj");
        assert_eq!(b.words[b.head_of(w).unwrap()].lemma, "condemn");
        assert!(d.syntax(2).is_none());
    }
}
