//! The graph stage: the cross-document merge on petgraph, the JSON graph
//! file, and filters.
//!
//! ```text
//! Extraction (per document) ──GraphBuilder::add_extraction──┐
//! KnowledgeGraph (graph file) ──GraphBuilder::add_graph─────┤
//!                                                           └─ finish ─> KnowledgeGraph
//! KnowledgeGraph ── Filter::apply ──> KnowledgeGraph (cut down for a diagram)
//! ```
//!
//! Cross-document rules, applied in [`GraphBuilder::finish`] over everything
//! collected:
//! 1. entities with the same key (`country:IRN`) are one raw [`Member`];
//! 2. a person member whose name is one token joins the one multi-token
//!    person member whose last token equals it (case-insensitive), only when
//!    exactly one such member exists in the whole graph;
//! 3. members of different types never merge.
//!
//! Every merge is listed in [`GraphMeta::merges`]. A graph file keeps every
//! per-document contribution, so merging graph files is associative and
//! order-independent: same documents in, same bytes out.
//!
//! Files: `model` (the types, also the graph file's shape), `builder`
//! (collecting records and graphs), `merge` (building nodes, edges and ids),
//! `read` (the graph file reader), `wire` (the graph file's layout of
//! arguments and document entries), `filter` (cutting a graph down).

mod builder;
mod filter;
mod merge;
mod model;
mod read;
#[cfg(test)]
pub(crate) mod testutil;
mod wire;

pub use builder::{Added, DocIds, GraphBuilder, document_digest, duplicate_message};
pub use filter::{Filter, Isolated};
pub use model::{
    DocumentEntry, Edge, Evidence, Fact, GRAPH_FORMAT, GraphMeta, KnowledgeGraph, Member,
    MemberSource, MergeRecord, Node,
};
pub use read::{graph_from_json, read_graph, what_file_is};
