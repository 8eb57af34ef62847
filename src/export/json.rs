//! networkx node-link JSON: the graph file newsgraph reads back.
//!
//! ```text
//! {"directed": true, "multigraph": true,
//!  "graph": {GraphMeta: format, generator, counts, merges, document_list, …},
//!  "nodes": [{"id": "ent:…", label, type, iso, aliases, mentions, documents,
//!             first_date, last_date, members: [{key, label, …, sources}]}],
//!  "edges": [{"source", "target", "key", "id": "rel:…", relation, class, cameo,
//!             symmetric, negated, weight, documents, first_date, last_date,
//!             evidence: [{doc, date, sentence, start, end, quote,
//!                         subject: {text, start, end, key}, object: {…},
//!                         intent, attributed_to, rule, cameo}]}]}
//! ```
//!
//! Loads with `networkx.node_link_graph(data, edges="edges")` into a
//! `MultiDiGraph`. 2-space indent, trailing newline. Reading it back
//! ([`crate::graph::read_graph`]) and writing again gives the same bytes.

use crate::error::Result;
use crate::graph::{KnowledgeGraph, graph_to_json};

/// Renders the graph as node-link JSON.
pub fn render_json(graph: &KnowledgeGraph) -> Result<Vec<u8>> {
    graph_to_json(graph)
}
