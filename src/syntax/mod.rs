//! Syntax: a part-of-speech tagger, lemmatizer and labelled dependency
//! parser of our own, trained on Universal Dependencies English EWT
//! (CC BY-SA 4.0; see NOTICE).
//!
//! Stages, one module each:
//!
//! 1. [`conllu`]: reading and writing CoNLL-U (training data and output).
//!
//! The models are built by the `newsgraph-train` command from the treebank
//! in `../shared/resources/ud-english-ewt/`; the treebank itself is never
//! copied into this repository.

pub mod conllu;
pub mod eval;
pub mod lemma;
pub mod model;
pub mod tagger;
pub mod tokenize;
