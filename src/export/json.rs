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

use crate::error::{Error, Result};
use crate::graph::{Edge, GraphMeta, KnowledgeGraph, Node};
use serde::Serialize;
use std::path::PathBuf;

/// The node-link document as written.
#[derive(Serialize)]
struct NodeLinkOut<'a> {
    directed: bool,
    multigraph: bool,
    graph: &'a GraphMeta,
    nodes: Vec<&'a Node>,
    edges: Vec<&'a Edge>,
}

/// Renders the graph as networkx node-link JSON: 2-space indent, trailing
/// newline, fields in declaration order.
pub fn render_json(graph: &KnowledgeGraph) -> Result<Vec<u8>> {
    let doc = NodeLinkOut {
        directed: true,
        multigraph: true,
        graph: graph.meta(),
        nodes: graph.nodes().collect(),
        edges: graph.edges().collect(),
    };
    let mut out = serde_json::to_vec_pretty(&doc).map_err(|e| Error::Format {
        path: PathBuf::from("<json output>"),
        message: e.to_string(),
    })?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::graph_from_json;
    use std::path::Path;

    #[test]
    fn empty_graph_round_trips() {
        let g = crate::graph::GraphBuilder::new().finish();
        let bytes = render_json(&g).unwrap();
        let back = graph_from_json(&bytes, Path::new("g.json")).unwrap();
        assert_eq!(render_json(&back).unwrap(), bytes);
    }
}
