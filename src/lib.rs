//! newsgraph: a knowledge-graph builder for news.
//!
//! The pipeline, one module per stage:
//!
//! ```text
//! document  read text files, folders, JSON Lines, stdin      -> Document
//! extract   sentences, mentions, resolution, relations       -> record::Extraction
//! graph     cross-document merge on petgraph                 -> graph::KnowledgeGraph
//! export    one module per format (DOT, JSON, ...)           -> bytes
//! ```
//!
//! [`pipeline`] runs the stages end to end for each command from a
//! validated [`config::Config`], telling a [`pipeline::Observer`] what
//! happens. Beneath every stage: [`ontology`] (the vocabulary), [`span`],
//! [`error`], [`tokens`], [`date`] and [`output`].
//!
//! Each layer uses only the layers below it: extraction never sees the CLI,
//! the graph stage sees only extraction records, exporters only the graph
//! (`scripts/check-layers.sh` checks it). Every span is a code point range
//! into the original text ([`span`]).

pub mod config;
pub mod date;
pub mod document;
pub mod error;
pub mod export;
pub mod extract;
pub mod graph;
pub mod lexicon;
pub mod ontology;
pub mod output;
pub mod pipeline;
pub mod record;
pub mod span;
pub mod syntax;
pub mod tokens;

pub use error::{Error, Result};
