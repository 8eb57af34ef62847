//! The frame matcher: one dependency-parsed sentence plus the frames table
//! ([`crate::lexicon::frames`]) in, relation candidates out.
//!
//! The input is an abstract parse ([`DepToken`]: form, lemma, UPOS, head,
//! deprel per token, UD English EWT basic dependencies with subtypes), so
//! any parser's output can be wrapped without copying strings. The output is
//! one [`FrameMatch`] per (trigger, frame, source, target): token indices of
//! the argument heads, their phrase spans, flags and the dependency path that
//! produced it. Mapping heads to entity mentions is the caller's: pass a
//! predicate to [`find_with`] that says which heads are actors (mentions);
//! path alternatives are then tried until one reaches an actor.
//!
//! Constructions handled once, for all frames (our own examples):
//!
//! | construction | example | effect |
//! |---|---|---|
//! | passive | "Chile was accused by Peru" | `nsubj` reads the by-phrase, `obj` the passive subject |
//! | coordination | "Chile and Peru accused Bolivia and Ecuador" | one match per conjunct pair; conjoined verbs share subject (and a following object) |
//! | control | "Chile agreed to host talks" | the xcomp takes the controller; intent under intent verbs, dropped under "refused to" |
//! | relative clause | "Chile, which hosted the talks, ..." | the relative pronoun reads as the modified noun |
//! | reduced relative | "talks brokered by Peru" | the modified noun fills the passive subject |
//! | reported speech | "Peru said Chile had closed the border" | `attributed_to` = the speaker; the reporting verb fires nothing |
//! | negation, modals | "Chile did not attack", "Chile will host" | `negated`, `intent` |
//! | event nouns | "Peru's strikes on Chile", "Peru held talks with Chile" | nmod sources/targets; light verbs lend subject and obl |
//! | between A and B | "talks between Chile and Peru" | both conjuncts; symmetric frames pair them |
//!
//! Cost: a token whose UPOS is not VERB/NOUN/ADJ costs nothing; the others
//! one hash lookup of the lemma. A sentence without triggers allocates
//! nothing. Output is sorted by (trigger, source, target, frame).

mod matcher;
mod paths;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_constructions;
#[cfg(test)]
mod tests_nominal;

use crate::lexicon::frames::{FrameId, FrameTable, Pos, WordKind};
use crate::syntax::conllu::Word;
use std::ops::Range;

/// One token of a dependency-parsed sentence, borrowing the parser's
/// strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepToken<'a> {
    /// Surface form.
    pub form: &'a str,
    /// Lemma (lowercase except proper nouns, as in UD English EWT).
    pub lemma: &'a str,
    /// Universal part of speech (`VERB`, `NOUN`, ...).
    pub upos: &'a str,
    /// 1-based index of the head, 0 for the root.
    pub head: usize,
    /// Dependency relation with subtype (`nsubj:pass`, `obl`, `acl:relcl`).
    pub deprel: &'a str,
}

impl<'a> DepToken<'a> {
    /// Views the words of a CoNLL-U sentence.
    pub fn from_words(words: &'a [Word]) -> Vec<DepToken<'a>> {
        words
            .iter()
            .map(|w| DepToken {
                form: &w.form,
                lemma: &w.lemma,
                upos: &w.upos,
                head: w.head,
                deprel: &w.deprel,
            })
            .collect()
    }
}

/// One relation candidate. Token indices are 0-based into the sentence;
/// spans are token ranges (end exclusive).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameMatch {
    /// The trigger token.
    pub trigger: usize,
    /// The frame that fired ([`FrameTable::frame`] gives relation, class,
    /// CAMEO code).
    pub frame: FrameId,
    /// Head token of the source phrase.
    pub source: usize,
    /// Head token of the target phrase; `None` for an objectless event.
    pub target: Option<usize>,
    /// The source phrase: the head's subtree without relative or other
    /// clauses, conjuncts, appositions and punctuation ("Azerbaijani
    /// forces"), to find the mention in.
    pub source_span: Range<usize>,
    /// The target phrase, as for the source.
    pub target_span: Option<Range<usize>>,
    /// Negated ("did not attack", "no talks").
    pub negated: bool,
    /// A plan or commitment: modal ("will host"), intent verb ("plans to
    /// send"), or an intent frame.
    pub intent: bool,
    /// The frame is flagged weak.
    pub weak: bool,
    /// The frame is flagged past.
    pub past: bool,
    /// The frame is symmetric (A rel B = B rel A).
    pub symmetric: bool,
    /// Head of the speaker's phrase when the event is reported speech
    /// ("Peru said ...", "according to Xinhua"): attribution, not an actor.
    pub attributed_to: Option<usize>,
    /// The speaker's phrase.
    pub attribution_span: Option<Range<usize>>,
    /// A governing trigger with frames of its own: the verb of an xcomp
    /// ("agreed" in "agreed to host talks") or the light verb of an event
    /// noun ("carried out" strikes). Its own match may say the same thing;
    /// the caller can keep one.
    pub governor: Option<usize>,
    /// How the arguments were found, for `explain`: `src 2-nsubj>1; tgt
    /// 2-xcomp>4-obj>5[; said 2<ccomp-1-nsubj>0]`, each path from the
    /// trigger with 1-based token ids; `-rel>N` goes down to a dependent,
    /// `<rel-N` up to the head, `=N` is a relative pronoun's antecedent.
    pub path: String,
}

impl FrameMatch {
    fn key(&self) -> (usize, usize, Option<usize>, FrameId) {
        (self.trigger, self.source, self.target, self.frame)
    }
}

/// The default actor test when no mentions are known: a noun, proper noun,
/// pronoun (not a relative one) or an adjective modifier (a demonym:
/// "Omani mediation").
pub fn is_nominal(table: &FrameTable, tok: &DepToken) -> bool {
    match tok.upos {
        "NOUN" | "PROPN" | "X" => true,
        "PRON" => !table
            .lookup(tok.lemma)
            .is_some_and(|l| table.is(l, WordKind::Relpron)),
        "ADJ" => tok.deprel == "amod",
        _ => false,
    }
}

/// Matches a sentence with the default actor test ([`is_nominal`]).
pub fn find(table: &FrameTable, sent: &[DepToken]) -> Vec<FrameMatch> {
    find_with(table, sent, &|i| {
        sent.get(i).is_some_and(|t| is_nominal(table, t))
    })
}

/// Matches a sentence. `is_actor(i)` says whether token `i` heads a phrase
/// that can be a source or target (e.g. it or its phrase holds a mention);
/// each source and target path alternative is tried in order until one
/// reaches such a token.
pub fn find_with(
    table: &FrameTable,
    sent: &[DepToken],
    is_actor: &dyn Fn(usize) -> bool,
) -> Vec<FrameMatch> {
    let mut triggers: Vec<(usize, &[FrameId])> = Vec::new();
    for (i, t) in sent.iter().enumerate() {
        let Some(pos) = Pos::from_upos(t.upos) else {
            continue;
        };
        let frames = table.frames_for(t.lemma, pos);
        if !frames.is_empty() {
            triggers.push((i, frames));
        }
    }
    if triggers.is_empty() {
        return Vec::new();
    }
    let tree = paths::Tree::new(sent, table);
    let mut out = Vec::new();
    for (t, frames) in triggers {
        matcher::match_trigger(&tree, t, frames, is_actor, &mut out);
    }
    out.sort_by(|a, b| a.key().cmp(&b.key()).then_with(|| a.path.cmp(&b.path)));
    out.dedup_by(|a, b| a.key() == b.key());
    out
}
