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
//! Each layer uses only the layers below it: extraction never sees the CLI,
//! the graph stage sees only extraction records, exporters only the graph.
//! Every span is a code point range into the original text ([`span`]).

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
