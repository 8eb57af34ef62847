//! Scoring an analysis against gold, over the same gold tokens.
//!
//! The definitions are those of the CoNLL 2018 shared task, restricted to
//! the case where both sides have the same syntactic words (gold
//! tokenisation):
//!
//! - every word counts, punctuation included;
//! - UPOS, XPOS: the column is equal;
//! - lemma: equal, or the gold lemma is `_` (unannotated);
//! - UAS: the head is equal; LAS: the head and the universal part of the
//!   relation (`nmod:poss` compares as `nmod`) are equal;
//! - words are the integer-id lines, as [`conllu::read`](super::conllu::read)
//!   gives them: multiword token lines are not scored (their words are)
//!   and empty nodes are skipped.
//!
//! For predictions made from raw text, where the tokens differ, use the
//! shared character-aligning script `../shared/tools/eval_parse.py`.

use super::conllu::Sentence;
use crate::error::{Error, Result};
use std::fmt;

/// Counts of correct words per measure; the rates are `correct / words`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    /// Gold words scored.
    pub words: usize,
    /// Words with the right UPOS.
    pub upos: usize,
    /// Words with the right XPOS.
    pub xpos: usize,
    /// Words with the right lemma (or a gold lemma of `_`).
    pub lemma: usize,
    /// Words with the right head.
    pub uas: usize,
    /// Words with the right head and universal relation.
    pub las: usize,
}

impl Scores {
    fn rate(&self, n: usize) -> f64 {
        if self.words == 0 {
            0.0
        } else {
            n as f64 / self.words as f64
        }
    }
    /// UPOS accuracy in [0, 1].
    pub fn upos_acc(&self) -> f64 {
        self.rate(self.upos)
    }
    /// XPOS accuracy in [0, 1].
    pub fn xpos_acc(&self) -> f64 {
        self.rate(self.xpos)
    }
    /// Lemma accuracy in [0, 1].
    pub fn lemma_acc(&self) -> f64 {
        self.rate(self.lemma)
    }
    /// Unlabelled attachment score in [0, 1].
    pub fn uas_acc(&self) -> f64 {
        self.rate(self.uas)
    }
    /// Labelled attachment score in [0, 1].
    pub fn las_acc(&self) -> f64 {
        self.rate(self.las)
    }
}

impl fmt::Display for Scores {
    /// `words 25094  UPOS 95.12  XPOS 94.80  lemma 97.30  UAS 85.00  LAS 82.00`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "words {}  UPOS {:.2}  XPOS {:.2}  lemma {:.2}  UAS {:.2}  LAS {:.2}",
            self.words,
            100.0 * self.upos_acc(),
            100.0 * self.xpos_acc(),
            100.0 * self.lemma_acc(),
            100.0 * self.uas_acc(),
            100.0 * self.las_acc()
        )
    }
}

/// Scores `pred` against `gold`. Both must have the same sentences with
/// the same word forms in the same order.
///
/// Errors: [`Error::Mismatch`] naming the first sentence whose words differ.
pub fn evaluate(gold: &[Sentence], pred: &[Sentence]) -> Result<Scores> {
    if gold.len() != pred.len() {
        return Err(Error::Mismatch {
            sentence: gold.len().min(pred.len()) + 1,
            message: format!(
                "gold has {} sentences, prediction {}",
                gold.len(),
                pred.len()
            ),
        });
    }
    let mut s = Scores::default();
    for (k, (g, p)) in gold.iter().zip(pred).enumerate() {
        if g.words.len() != p.words.len() {
            return Err(Error::Mismatch {
                sentence: k + 1,
                message: format!(
                    "gold has {} words, prediction {}",
                    g.words.len(),
                    p.words.len()
                ),
            });
        }
        for (i, (gw, pw)) in g.words.iter().zip(&p.words).enumerate() {
            if gw.form != pw.form {
                return Err(Error::Mismatch {
                    sentence: k + 1,
                    message: format!(
                        "word {}: gold {:?}, prediction {:?}",
                        i + 1,
                        gw.form,
                        pw.form
                    ),
                });
            }
            s.words += 1;
            s.upos += usize::from(gw.upos == pw.upos);
            s.xpos += usize::from(gw.xpos == pw.xpos);
            s.lemma += usize::from(gw.lemma == "_" || gw.lemma == pw.lemma);
            let head = gw.head == pw.head;
            s.uas += usize::from(head);
            s.las += usize::from(
                head && Sentence::universal_deprel(&gw.deprel)
                    == Sentence::universal_deprel(&pw.deprel),
            );
        }
    }
    Ok(s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::conllu::Word;

    /// `form/lemma/UPOS/XPOS/head/deprel` words, space-separated.
    fn sent(spec: &str) -> Sentence {
        let words = spec
            .split(' ')
            .map(|w| {
                let c: Vec<&str> = w.split('/').collect();
                Word {
                    form: c[0].into(),
                    lemma: c[1].into(),
                    upos: c[2].into(),
                    xpos: c[3].into(),
                    head: c[4].parse().unwrap(),
                    deprel: c[5].into(),
                    ..Word::default()
                }
            })
            .collect();
        Sentence {
            words,
            ..Sentence::default()
        }
    }

    const GOLD: &str = "Rebels/rebel/NOUN/NNS/2/nsubj \
seized/seize/VERB/VBD/0/root the/the/DET/DT/4/det town/town/NOUN/NN/2/obj ././PUNCT/./2/punct";

    #[test]
    fn table() {
        // (prediction, words, upos, xpos, lemma, uas, las)
        let rows: &[(&str, [usize; 6])] = &[
            (GOLD, [5, 5, 5, 5, 5, 5]),
            // wrong UPOS only
            (
                "Rebels/rebel/PROPN/NNS/2/nsubj seized/seize/VERB/VBD/0/root the/the/DET/DT/4/det town/town/NOUN/NN/2/obj ././PUNCT/./2/punct",
                [5, 4, 5, 5, 5, 5],
            ),
            // wrong XPOS and lemma
            (
                "Rebels/rebel/NOUN/NNS/2/nsubj seized/seized/VERB/VBN/0/root the/the/DET/DT/4/det town/town/NOUN/NN/2/obj ././PUNCT/./2/punct",
                [5, 5, 4, 4, 5, 5],
            ),
            // punctuation attached wrongly counts against UAS and LAS
            (
                "Rebels/rebel/NOUN/NNS/2/nsubj seized/seize/VERB/VBD/0/root the/the/DET/DT/4/det town/town/NOUN/NN/2/obj ././PUNCT/./4/punct",
                [5, 5, 5, 5, 4, 4],
            ),
            // right head, wrong label
            (
                "Rebels/rebel/NOUN/NNS/2/obj seized/seize/VERB/VBD/0/root the/the/DET/DT/4/det town/town/NOUN/NN/2/obj ././PUNCT/./2/punct",
                [5, 5, 5, 5, 5, 4],
            ),
            // subtypes are ignored in LAS
            (
                "Rebels/rebel/NOUN/NNS/2/nsubj:pass seized/seize/VERB/VBD/0/root the/the/DET/DT/4/det:x town/town/NOUN/NN/2/obj ././PUNCT/./2/punct",
                [5, 5, 5, 5, 5, 5],
            ),
        ];
        let gold = [sent(GOLD)];
        for (pred, [w, u, x, l, ua, la]) in rows {
            let s = evaluate(&gold, &[sent(pred)]).unwrap();
            assert_eq!(
                (s.words, s.upos, s.xpos, s.lemma, s.uas, s.las),
                (*w, *u, *x, *l, *ua, *la),
                "{pred}"
            );
        }
    }

    #[test]
    fn gold_underscore_lemma_matches_anything() {
        let g = sent("Hmm/_/INTJ/UH/0/root");
        let p = sent("Hmm/hmm/INTJ/UH/0/root");
        assert_eq!(evaluate(&[g], &[p]).unwrap().lemma, 1);
    }

    #[test]
    fn mismatches_are_errors() {
        let g = [sent(GOLD)];
        assert!(evaluate(&g, &[]).is_err());
        assert!(evaluate(&g, &[sent("Rebels/rebel/NOUN/NNS/0/root")]).is_err());
        let p = sent(&GOLD.replace("town/", "city/"));
        let e = evaluate(&g, &[p]).unwrap_err();
        assert!(e.to_string().contains("sentence 1"), "{e}");
    }

    #[test]
    fn display_gives_percentages() {
        let s = Scores {
            words: 4,
            upos: 3,
            xpos: 2,
            lemma: 4,
            uas: 1,
            las: 0,
        };
        assert_eq!(
            s.to_string(),
            "words 4  UPOS 75.00  XPOS 50.00  lemma 100.00  UAS 25.00  LAS 0.00"
        );
    }
}
