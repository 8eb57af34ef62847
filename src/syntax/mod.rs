//! Syntax: a part-of-speech tagger, lemmatizer and labelled dependency
//! parser of our own, trained on Universal Dependencies English EWT
//! (CC BY-SA 4.0; see NOTICE).
//!
//! Stages, one module each:
//!
//! 1. [`conllu`]: reading and writing CoNLL-U (training data and output).
//! 2. [`tokenize`]: raw text → sentences of tokens (byte offsets), EWT style.
//! 3. [`tagger`]: tokens → UPOS and XPOS (averaged perceptron).
//! 4. [`lemma`]: form + tags → lemma.
//! 5. [`parser`]: words and tags → labelled dependency tree (arc-hybrid,
//!    averaged perceptron, dynamic oracle).
//! 6. [`analyze`]: the whole chain from text to analysed sentences.
//!
//! [`model`] holds the embedded tagger and lemmatizer file format;
//! [`eval`] scores an analysis against gold (CoNLL 2018 definitions).
//!
//! The models are built by the `newsgraph-train` command from the treebank
//! in `../shared/resources/ud-english-ewt/`; the treebank itself is never
//! copied into this repository.

pub mod analyze;
pub mod conllu;
pub mod eval;
pub mod lemma;
pub mod model;
pub mod parser;
pub mod tagger;
pub mod tokenize;
