//! The whole analysis: raw text → sentences of words, each with its part of
//! speech, lemma, head and dependency relation.
//!
//! [`Analyzer::analyze`] splits and tokenizes the text itself, in the
//! conventions of UD English EWT ([`super::tokenize`]), so the tagger and
//! the parser only ever see tokens of the kind they were trained on.
//! [`Analyzer::analyze_range`] analyses one span as one sentence, for a
//! caller (the extractor) whose own splitter already made the sentences.
//! Every word is a byte range of the original text.

use super::conllu;
use super::lemma::Lemmatizer;
use super::model;
use super::parser::{Deprel, ParseWord, Parser, Workspace};
use super::tagger::{Tagger, Upos, Xpos};
use super::tokenize::{self, Token};
use crate::error::Result;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// One analysed word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word<'t> {
    /// Byte range of the word in the text.
    pub span: Range<usize>,
    /// The word as it stands in the text.
    pub form: &'t str,
    /// Its lemma.
    pub lemma: Cow<'t, str>,
    /// Universal part of speech.
    pub upos: Upos,
    /// Penn Treebank tag.
    pub xpos: Xpos,
    /// 1-based index of the head word in the sentence; 0 for the root.
    pub head: usize,
    /// Dependency relation to the head (UD, with subtypes).
    pub deprel: Deprel,
}

/// One analysed sentence: its byte range and its words, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Analysis<'t> {
    /// Byte range from the first word's start to the last word's end.
    pub span: Range<usize>,
    /// The words; word `i` has id `i + 1` in the tree.
    pub words: Vec<Word<'t>>,
}

impl Analysis<'_> {
    /// The 0-based index of word `i`'s head, `None` for the root.
    pub fn head_of(&self, i: usize) -> Option<usize> {
        self.words.get(i).and_then(|w| w.head.checked_sub(1))
    }

    /// The 0-based indices of the words that depend on word `i`.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.words
            .iter()
            .enumerate()
            .filter(move |(_, w)| w.head == i + 1)
            .map(|(k, _)| k)
    }

    /// The word whose byte range contains byte `at`, if any.
    pub fn word_at(&self, at: usize) -> Option<usize> {
        let k = self.words.partition_point(|w| w.span.end <= at);
        (k < self.words.len() && self.words[k].span.start <= at).then_some(k)
    }

    /// This sentence as CoNLL-U, with `# text` and `SpaceAfter=No` so that
    /// the text can be rebuilt; `id` becomes `# sent_id` when given.
    pub fn to_conllu(&self, text: &str, id: Option<&str>) -> conllu::Sentence {
        let mut comments = Vec::new();
        if let Some(id) = id {
            comments.push(format!("sent_id = {id}"));
        }
        let raw = text.get(self.span.clone()).unwrap_or("");
        let flat: String = raw
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        comments.push(format!("text = {flat}"));
        let words = self
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let next = self.words.get(i + 1).map(|n| n.span.start);
                let glued = next.is_some_and(|n| n == w.span.end);
                conllu::Word {
                    form: clean(w.form),
                    lemma: clean(&w.lemma),
                    upos: w.upos.as_str().to_string(),
                    xpos: w.xpos.as_str().to_string(),
                    feats: "_".into(),
                    head: w.head,
                    deprel: w.deprel.as_str().to_string(),
                    deps: "_".into(),
                    misc: if glued {
                        "SpaceAfter=No".into()
                    } else {
                        "_".into()
                    },
                }
            })
            .collect();
        conllu::Sentence {
            comments,
            words,
            multiword: Vec::new(),
        }
    }
}

/// A CoNLL-U field cannot hold tabs or line breaks, nor be empty.
fn clean(s: &str) -> String {
    let t: String = s
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if t.is_empty() { "_".into() } else { t }
}

/// The tagger, lemmatizer and parser together.
#[derive(Debug)]
pub struct Analyzer {
    tagger: &'static Tagger,
    lemmatizer: &'static Lemmatizer,
    parser: &'static Parser,
}

impl Analyzer {
    /// The analyzer over the models embedded in the binary, decoded once
    /// per process (the first call pays the load time).
    pub fn embedded() -> Result<&'static Analyzer> {
        static CELL: OnceLock<Analyzer> = OnceLock::new();
        if let Some(a) = CELL.get() {
            return Ok(a);
        }
        let m = model::embedded()?;
        let parser = Parser::embedded()?;
        Ok(CELL.get_or_init(|| Analyzer {
            tagger: &m.tagger,
            lemmatizer: &m.lemmatizer,
            parser,
        }))
    }

    /// Splits `text` into sentences and analyses each.
    pub fn analyze<'t>(&self, text: &'t str) -> Vec<Analysis<'t>> {
        let mut ws = Workspace::default();
        tokenize::sentences(text)
            .iter()
            .map(|s| self.analyze_tokens(text, &s.tokens, &mut ws))
            .collect()
    }

    /// Analyses `text[range]` as one sentence (tokenized, not split).
    pub fn analyze_range<'t>(&self, text: &'t str, range: Range<usize>) -> Analysis<'t> {
        let toks = tokenize::tokens_in(text, range);
        self.analyze_tokens(text, &toks, &mut Workspace::default())
    }

    /// Analyses one sentence of tokens of `text`, reusing `ws`.
    pub fn analyze_tokens<'t>(
        &self,
        text: &'t str,
        toks: &[Token],
        ws: &mut Workspace,
    ) -> Analysis<'t> {
        if toks.is_empty() {
            return Analysis::default();
        }
        let forms: Vec<&'t str> = toks.iter().map(|t| t.form(text)).collect();
        let tags = self.tagger.tag(&forms);
        let words: Vec<ParseWord> = forms
            .iter()
            .zip(&tags)
            .map(|(f, (u, x))| ParseWord::new(f, u.as_str(), x.as_str()))
            .collect();
        let tree = self.parser.parse_with(&words, ws);
        let words = toks
            .iter()
            .zip(forms)
            .zip(tags)
            .zip(tree)
            .map(|(((t, form), (upos, xpos)), (head, deprel))| Word {
                span: t.start..t.end,
                form,
                lemma: self.lemmatizer.lemma(form, upos, xpos),
                upos,
                xpos,
                head,
                deprel,
            })
            .collect();
        let mut a = Analysis {
            span: toks[0].start..toks[toks.len() - 1].end,
            words,
        };
        mark_agents(&mut a);
        a
    }
}

/// Labels the by-phrase of a passive `obl:agent`, as UD English does.
///
/// The treebank has few of them (about 300 in 200,000 words), and the
/// parser attaches "by" phrases well but often labels them plain `obl`. A
/// phrase headed by "by" under a verb that has a passive auxiliary or
/// subject, or that is a past participle modifying a noun ("a truce
/// brokered by Egypt"), is the agent; the relation extractor keys on it.
fn mark_agents(a: &mut Analysis) {
    let (Some(obl), Some(agent)) = (Deprel::from_name("obl"), Deprel::from_name("obl:agent"))
    else {
        return;
    };
    for i in 0..a.words.len() {
        if a.words[i].deprel != obl {
            continue;
        }
        let Some(h) = a.head_of(i) else { continue };
        let by = a.children(i).any(|c| {
            a.words[c].deprel.as_str() == "case" && a.words[c].form.eq_ignore_ascii_case("by")
        });
        let passive = a.words[h].xpos.as_str() == "VBN"
            && (a
                .children(h)
                .any(|c| matches!(a.words[c].deprel.as_str(), "aux:pass" | "nsubj:pass"))
                || a.words[h].deprel.as_str() == "acl");
        if by && passive {
            a.words[i].deprel = agent;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_slice_the_text_and_form_one_tree() {
        let a = Analyzer::embedded().unwrap();
        let text = "Kenya's army said it had not shelled the town.\nTalks resumed on Friday.";
        let out = a.analyze(text);
        assert_eq!(out.len(), 2);
        for s in &out {
            assert_eq!(s.words.iter().filter(|w| w.head == 0).count(), 1);
            for w in &s.words {
                assert_eq!(&text[w.span.clone()], w.form);
                assert!(w.head <= s.words.len());
            }
        }
        let army = out[0].words.iter().position(|w| w.form == "army").unwrap();
        assert_eq!(out[0].words[army].lemma, "army");
        let shelled = out[0].words.iter().find(|w| w.form == "shelled").unwrap();
        assert_eq!(shelled.lemma, "shell");
        assert_eq!(shelled.upos.as_str(), "VERB");
    }

    #[test]
    fn a_range_is_one_sentence_with_offsets_into_the_text() {
        let a = Analyzer::embedded().unwrap();
        let text = "Headline here\nTroops met no resistance. They left.";
        let start = text.find("Troops").unwrap();
        let s = a.analyze_range(text, start..text.len());
        assert_eq!(s.words.iter().filter(|w| w.head == 0).count(), 1);
        assert_eq!(s.words[0].form, "Troops");
        assert_eq!(s.span, start..text.len());
        assert_eq!(s.word_at(start + 1), Some(0));
        let c = s.to_conllu(text, Some("x-1"));
        assert_eq!(c.words.len(), s.words.len());
        assert!(c.comments.iter().any(|l| l == "sent_id = x-1"));
    }

    #[test]
    fn empty_text_gives_nothing() {
        let a = Analyzer::embedded().unwrap();
        assert!(a.analyze("  \n ").is_empty());
        assert!(a.analyze_range("abc", 1..1).words.is_empty());
        assert!(a.analyze_range("é", 0..1).words.is_empty());
    }
}
