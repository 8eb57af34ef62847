//! A labelled dependency parser of our own: greedy arc-hybrid transitions
//! scored by an averaged perceptron, trained with a dynamic oracle on UD
//! English EWT.
//!
//! # Use
//!
//! ```no_run
//! use newsgraph::syntax::parser::{ParseWord, Parser};
//!
//! let parser = Parser::embedded()?;
//! let words = [
//!     ParseWord::new("Rebels", "NOUN", "NNS"),
//!     ParseWord::new("seized", "VERB", "VBD"),
//!     ParseWord::new("the", "DET", "DT"),
//!     ParseWord::new("port", "NOUN", "NN"),
//! ];
//! for (i, (head, rel)) in parser.parse(&words).iter().enumerate() {
//!     println!("{} -> {} {}", i + 1, head, rel.as_str());
//! }
//! # Ok::<(), newsgraph::Error>(())
//! ```
//!
//! # Design
//!
//! * **Transitions**: arc-hybrid (Kuhlmann et al. 2011) with the root at the
//!   end of the buffer and a single root word (`oracle.rs`). A parse takes
//!   `2n` transitions: linear time, whatever the sentence length.
//! * **Labels** are predicted jointly with the arc: one class per
//!   SHIFT, LEFT(label) and RIGHT(label), only legal classes are compared.
//!   Relations keep their UD subtypes (`nmod:poss`, `obl:tmod`,
//!   `compound:prt`, `acl:relcl`, …).
//! * **Training**: the dynamic oracle of Goldberg & Nivre (2012, 2013) with
//!   exploration: from the second epoch on, the parser follows its own
//!   prediction with a fixed probability, so it learns to recover from its
//!   mistakes. Order and exploration come from a seeded PRNG, so a run is
//!   reproducible. The epoch kept is the best on the development set.
//! * **Non-projective trees** (a few percent of EWT sentences) are
//!   *projectivised by lifting* before training: each non-projective arc is
//!   re-attached to its head's head until the tree is projective, labels
//!   unchanged. No sentence is skipped; the parser only outputs projective
//!   trees.
//! * **Tags**: the shipped model is trained on *jackknifed* tags: the
//!   training set is cut in ten parts and each part is tagged by a tagger
//!   trained on the other nine, so the parser sees tagger-like errors (the
//!   harness does this; [`TrainOptions::tag_noise`] offers random plausible
//!   wrong tags instead). The epoch is chosen on dev as the tagger tags it.
//! * **Features** (`features.rs`, Zhang & Nivre 2011 adapted to
//!   arc-hybrid): words, tags and word+tag of `s0 s1 s2 b0 b1 b2`, pairs
//!   and tag triples, the outermost children of `s0`, `s1`, `b0` and their
//!   labels, distances, valencies, label sets, and word clusters learnt by
//!   the trainer from raw text (`clusters.rs`; the EWT training words plus
//!   optional news text). Each is hashed to a `u64` key without allocation.
//!   Features seen fewer than [`TrainOptions::min_count`] times along the
//!   gold transitions get no weights.
//! * **Model** (`model.rs`): averaged weights pruned and quantised to
//!   `i16` with one scale, only for the (direction, label) classes seen in
//!   training; a bucketed table of 32-bit fingerprints gives each feature's
//!   row in one cache line (a one-weight row sits in the table itself).
//!   The file format is our own, deterministic (rows in key order) and
//!   checked by a BLAKE3 checksum; the embedded model
//!   (`src/syntax/data/parser.bin`) is decoded once, on first use.
//! * **Greedy**, no beam: a beam multiplies parsing time by its width,
//!   and the budget is 250,000 words per second on one core.

//! # Scores (UD English EWT v2.16, gold tokens, punctuation counted)
//!
//! | tags                          | dev UAS | dev LAS | test UAS | test LAS |
//! |-------------------------------|---------|---------|----------|----------|
//! | gold UPOS/XPOS                | 86.81   | 84.45   | 87.26    | 84.98    |
//! | predicted (embedded tagger)   | 84.44   | 81.23   | 85.20    | 82.18    |
//!
//! The model (`src/syntax/data/parser.bin`, 8.5 MB) is derived from UD
//! English EWT (CC BY-SA 4.0).

mod clusters;
mod features;
mod model;
mod oracle;
mod train;

pub use train::{EpochReport, TrainOptions, corrupt_tags, train, train_with_dev};

use crate::error::{Error, Result};
use crate::syntax::conllu::Sentence;
use features::{Atoms, MAX_FEATURES};
use model::Model;
use oracle::{Move, State};
use std::path::Path;
use std::sync::OnceLock;

/// Universal Dependencies relations this parser knows: the 37 universal
/// ones and the subtypes of English treebanks.
const DEPRELS: &[&str] = &[
    "acl",
    "acl:relcl",
    "advcl",
    "advcl:relcl",
    "advmod",
    "amod",
    "appos",
    "aux",
    "aux:pass",
    "case",
    "cc",
    "cc:preconj",
    "ccomp",
    "clf",
    "compound",
    "compound:prt",
    "conj",
    "cop",
    "csubj",
    "csubj:outer",
    "csubj:pass",
    "dep",
    "det",
    "det:predet",
    "discourse",
    "dislocated",
    "expl",
    "fixed",
    "flat",
    "flat:foreign",
    "goeswith",
    "iobj",
    "list",
    "mark",
    "nmod",
    "nmod:desc",
    "nmod:npmod",
    "nmod:poss",
    "nmod:tmod",
    "nmod:unmarked",
    "nsubj",
    "nsubj:outer",
    "nsubj:pass",
    "nummod",
    "obj",
    "obl",
    "obl:agent",
    "obl:npmod",
    "obl:tmod",
    "obl:unmarked",
    "orphan",
    "parataxis",
    "punct",
    "reparandum",
    "root",
    "vocative",
    "xcomp",
];

/// A dependency relation (with its subtype), as a compact id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Deprel(u8);

impl Deprel {
    /// The `root` relation.
    pub const ROOT: Deprel = Deprel(54);
    /// The `dep` relation (unspecified dependency).
    pub const DEP: Deprel = Deprel(21);

    /// The relation named `name` exactly (`"nmod:poss"`), if known.
    pub fn from_name(name: &str) -> Option<Deprel> {
        DEPRELS.binary_search(&name).ok().map(|i| Deprel(i as u8))
    }

    /// The relation of a treebank label: the exact name, else its
    /// universal part (`nsubj:xsubj` → `nsubj`), else `dep`.
    pub fn from_label(label: &str) -> Deprel {
        Deprel::from_name(label)
            .or_else(|| Deprel::from_name(Sentence::universal_deprel(label)))
            .unwrap_or(Deprel::DEP)
    }

    /// The relation's name, with its subtype (`"acl:relcl"`).
    pub fn as_str(self) -> &'static str {
        DEPRELS[self.0 as usize]
    }

    /// The name without its subtype (`"acl"` for `acl:relcl`), as the CoNLL
    /// 2018 evaluation compares relations.
    pub fn universal(self) -> &'static str {
        Sentence::universal_deprel(self.as_str())
    }

    /// The compact id (an index into the known relations).
    pub fn id(self) -> u8 {
        self.0
    }
}

impl std::fmt::Display for Deprel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One word to parse: its form and its tags (from the tagger). The parser
/// lowercases the form itself, without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseWord<'a> {
    /// Surface form.
    pub form: &'a str,
    /// Universal part of speech (`NOUN`).
    pub upos: &'a str,
    /// Penn Treebank tag (`NNS`).
    pub xpos: &'a str,
}

impl<'a> ParseWord<'a> {
    /// A word with its form, UPOS and XPOS.
    pub fn new(form: &'a str, upos: &'a str, xpos: &'a str) -> ParseWord<'a> {
        ParseWord { form, upos, xpos }
    }
}

/// Reusable buffers for parsing many sentences without allocating.
#[derive(Debug, Default, Clone)]
pub struct Workspace {
    atoms: Atoms,
    state: State,
    keys: Vec<u64>,
    scores: Vec<i32>,
}

/// A trained parser.
#[derive(Clone)]
pub struct Parser {
    model: Model,
    /// Local index of the `root` label.
    root: u8,
}

impl std::fmt::Debug for Parser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Parser")
            .field("labels", &self.model.labels.len())
            .field("features", &self.model.n_features())
            .finish()
    }
}

static EMBEDDED: &[u8] = include_bytes!("../data/parser.bin");
static EMBEDDED_PARSER: OnceLock<std::result::Result<Parser, String>> = OnceLock::new();

impl Parser {
    fn from_model(model: Model) -> Result<Parser> {
        let root = model
            .labels
            .iter()
            .position(|&l| l == Deprel::ROOT)
            .ok_or_else(|| Error::Model {
                message: "parser model has no root label".into(),
            })?;
        Ok(Parser {
            model,
            root: root as u8,
        })
    }

    /// The parser built into newsgraph (trained on UD English EWT), decoded
    /// on first use.
    pub fn embedded() -> Result<&'static Parser> {
        EMBEDDED_PARSER
            .get_or_init(|| Parser::from_bytes(EMBEDDED).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|message| Error::Model {
                message: message.clone(),
            })
    }

    /// Decodes a model in the parser's file format.
    pub fn from_bytes(bytes: &[u8]) -> Result<Parser> {
        Parser::from_model(Model::from_bytes(bytes)?)
    }

    /// Encodes the model in the parser's file format (deterministic).
    pub fn to_bytes(&self) -> Vec<u8> {
        self.model.to_bytes()
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Parser> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Parser::from_bytes(&bytes)
    }

    /// Writes the model file.
    pub fn save(&self, path: &Path) -> Result<()> {
        std::fs::write(path, self.to_bytes()).map_err(|e| Error::io(path, e))
    }

    /// A copy without the weights whose quantised magnitude (in units of
    /// the model's scale) is below `min`: a smaller, faster model.
    pub fn pruned(&self, min: i16) -> Parser {
        Parser {
            model: self.model.pruned(min),
            root: self.root,
        }
    }

    /// Number of features and of weights kept in the model.
    pub fn size(&self) -> (usize, usize) {
        (self.model.n_features(), self.model.n_weights())
    }

    /// The relations the model can predict.
    pub fn labels(&self) -> &[Deprel] {
        &self.model.labels
    }

    /// Parses one sentence: for each word, its head (1-based, 0 for the
    /// root) and relation. Exactly one word has head 0; the tree is
    /// projective. An empty sentence gives an empty result.
    pub fn parse(&self, words: &[ParseWord]) -> Vec<(usize, Deprel)> {
        let mut ws = Workspace::default();
        self.parse_with(words, &mut ws)
    }

    /// [`Parser::parse`] reusing the buffers of `ws`.
    pub fn parse_with(&self, words: &[ParseWord], ws: &mut Workspace) -> Vec<(usize, Deprel)> {
        ws.atoms.start();
        for w in words {
            ws.atoms.push(w.form, w.upos, w.xpos, &self.model.clusters);
        }
        self.run(ws, words.len());
        (1..=words.len())
            .map(|i| {
                let h = ws.state.heads[i];
                let l = ws.state.labels[i] as usize;
                (h as usize, self.model.labels[l])
            })
            .collect()
    }

    /// Runs the transition system on the atoms in `ws`.
    fn run(&self, ws: &mut Workspace, n: usize) {
        let nl = self.model.labels.len();
        ws.state.reset(n);
        ws.scores.resize(self.model.n_classes, 0);
        ws.keys.reserve(MAX_FEATURES);
        while !ws.state.terminal() {
            let m = self.predict(ws, nl);
            ws.state.apply(m);
        }
    }

    /// The best legal move in the current state.
    #[inline]
    fn predict(&self, ws: &mut Workspace, nl: usize) -> Move {
        let st = &ws.state;
        let (can_shift, can_left, can_right) = st.legal();
        if !can_left && !can_right {
            return Move::Shift;
        }
        if !can_shift && !can_right {
            // Only the root arc is left.
            return Move::Left(self.root);
        }
        features::extract(&ws.atoms, st, &mut ws.keys);
        // Classes never scored start far below the others.
        self.model.score(&ws.keys, &mut ws.scores);
        let sc = &mut ws.scores;
        let mut best = (Move::Shift, i32::MIN);
        if can_shift {
            best.1 = sc[0];
        }
        if can_left {
            let root_class = Move::Left(self.root).class(nl);
            if st.left_to_root() {
                if sc[root_class] > best.1 {
                    best = (Move::Left(self.root), sc[root_class]);
                }
            } else {
                sc[root_class] = i32::MIN;
                for (l, &v) in sc[1..1 + nl].iter().enumerate() {
                    if v > best.1 {
                        best = (Move::Left(l as u8), v);
                    }
                }
            }
        }
        if can_right {
            // RIGHT with the root label is never allowed (see `allowed`).
            for (l, &v) in sc[1 + nl..1 + 2 * nl].iter().enumerate() {
                if v > best.1 && l as u8 != self.root {
                    best = (Move::Right(l as u8), v);
                }
            }
        }
        best.0
    }
}

/// The legal move with the highest score among those `keep` accepts
/// (ties go to the lower class, so results are deterministic).
#[inline]
fn best_legal<S: PartialOrd + Copy>(
    st: &State,
    scores: &[S],
    nl: usize,
    root: u8,
    allowed: &[bool],
    mut keep: impl FnMut(Move) -> bool,
) -> Option<Move> {
    let mut best: Option<(Move, S)> = None;
    for_each_legal(st, nl, root, allowed, |m| {
        if keep(m) {
            let s = scores[m.class(nl)];
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((m, s));
            }
        }
    });
    best.map(|(m, _)| m)
}

/// Calls `f` on every legal move, in class order, among the classes
/// `allowed` (all when it is empty).
#[inline]
fn for_each_legal(st: &State, nl: usize, root: u8, allowed: &[bool], mut f: impl FnMut(Move)) {
    let mut consider = |m: Move| {
        if allowed.get(m.class(nl)).copied().unwrap_or(true) {
            f(m)
        }
    };
    let (can_shift, can_left, can_right) = st.legal();
    if can_shift {
        consider(Move::Shift);
    }
    if can_left {
        if st.left_to_root() {
            consider(Move::Left(root));
        } else {
            for l in 0..nl as u8 {
                if l != root {
                    consider(Move::Left(l));
                }
            }
        }
    }
    if can_right {
        for l in 0..nl as u8 {
            if l != root {
                consider(Move::Right(l));
            }
        }
    }
}

/// Attachment scores over a set of words.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttachmentScores {
    /// Words scored (punctuation included).
    pub words: usize,
    /// Words with the right head.
    pub heads: usize,
    /// Words with the right head and relation (universal part compared).
    pub labelled: usize,
}

impl AttachmentScores {
    /// Unlabelled attachment score, in percent.
    pub fn uas(&self) -> f64 {
        100.0 * self.heads as f64 / self.words.max(1) as f64
    }

    /// Labelled attachment score, in percent.
    pub fn las(&self) -> f64 {
        100.0 * self.labelled as f64 / self.words.max(1) as f64
    }
}

/// Parses `gold` with its own tags and scores the result against its
/// heads and relations, as the CoNLL 2018 evaluation does on gold tokens
/// (punctuation counted, subtypes ignored).
pub fn evaluate(parser: &Parser, gold: &[Sentence]) -> AttachmentScores {
    let mut sc = AttachmentScores::default();
    let mut ws = Workspace::default();
    for s in gold {
        let words: Vec<ParseWord> = s
            .words
            .iter()
            .map(|w| ParseWord::new(&w.form, &w.upos, &w.xpos))
            .collect();
        let out = parser.parse_with(&words, &mut ws);
        for (w, (h, rel)) in s.words.iter().zip(out) {
            sc.words += 1;
            if w.head == h {
                sc.heads += 1;
                if Sentence::universal_deprel(&w.deprel) == rel.universal() {
                    sc.labelled += 1;
                }
            }
        }
    }
    sc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relation_names_round_trip_and_are_sorted() {
        assert!(DEPRELS.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Deprel::ROOT.as_str(), "root");
        assert_eq!(Deprel::DEP.as_str(), "dep");
        for name in DEPRELS {
            assert_eq!(Deprel::from_name(name).map(|d| d.as_str()), Some(*name));
        }
        assert_eq!(Deprel::from_label("nsubj:xsubj").as_str(), "nsubj");
        assert_eq!(Deprel::from_label("nonsense").as_str(), "dep");
        assert_eq!(Deprel::from_label("acl:relcl").universal(), "acl");
    }

    /// Two news-style sentences of our own, in CoNLL-U.
    const OWN: &str = "\
1\tRebels\trebel\tNOUN\tNNS\t_\t2\tnsubj\t_\t_
2\tseized\tseize\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthe\tthe\tDET\tDT\t_\t4\tdet\t_\t_
4\tport\tport\tNOUN\tNN\t_\t2\tobj\t_\t_
5\ton\ton\tADP\tIN\t_\t6\tcase\t_\t_
6\tMonday\tMonday\tPROPN\tNNP\t_\t2\tobl\t_\t_
7\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tminister\tminister\tNOUN\tNN\t_\t3\tnsubj\t_\t_
3\tresigned\tresign\tVERB\tVBD\t_\t0\troot\t_\t_
4\tafter\tafter\tADP\tIN\t_\t6\tcase\t_\t_
5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_
6\tvote\tvote\tNOUN\tNN\t_\t3\tobl\t_\t_
7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

";

    fn own_parser() -> (Vec<Sentence>, Parser) {
        let sents = crate::syntax::conllu::read(OWN.as_bytes(), Path::new("own")).unwrap();
        let opts = TrainOptions {
            epochs: 8,
            min_count: 1,
            ..TrainOptions::default()
        };
        // Twice over: a (direction, label) class seen once is not scored.
        let twice: Vec<Sentence> = sents.iter().chain(&sents).cloned().collect();
        let p = train(&twice, &opts);
        (sents, p)
    }

    #[test]
    fn learns_its_training_sentences_and_round_trips() {
        let (sents, p) = own_parser();
        let sc = evaluate(&p, &sents);
        assert_eq!(sc.heads, sc.words, "{sc:?}");
        assert_eq!(sc.labelled, sc.words, "{sc:?}");
        let bytes = p.to_bytes();
        let q = Parser::from_bytes(&bytes).unwrap();
        assert_eq!(q.to_bytes(), bytes);
        assert_eq!(evaluate(&q, &sents), sc);
        // Training is deterministic.
        assert_eq!(own_parser().1.to_bytes(), bytes);
    }

    #[test]
    fn any_input_gives_one_rooted_tree_in_linear_time() {
        let (_, p) = own_parser();
        assert!(p.parse(&[]).is_empty());
        let one = p.parse(&[ParseWord::new("Hello", "INTJ", "UH")]);
        assert_eq!(one, vec![(0, Deprel::ROOT)]);
        // A long run-on sentence: 2n transitions, one root, heads in range.
        let words: Vec<ParseWord> = (0..3000)
            .map(|i| match i % 3 {
                0 => ParseWord::new("troops", "NOUN", "NNS"),
                1 => ParseWord::new("entered", "VERB", "VBD"),
                _ => ParseWord::new(",", "PUNCT", ","),
            })
            .collect();
        let out = p.parse(&words);
        assert_eq!(out.len(), words.len());
        assert_eq!(out.iter().filter(|(h, _)| *h == 0).count(), 1);
        assert!(
            out.iter()
                .enumerate()
                .all(|(i, (h, _))| *h <= words.len() && *h != i + 1)
        );
    }

    #[test]
    fn bad_model_bytes_are_errors() {
        assert!(Parser::from_bytes(b"").is_err());
        assert!(Parser::from_bytes(b"NGPARSE\0 and then some junk bytes, not enough").is_err());
    }
}
