//! JSON Lines: one record per line, nodes first, then edges, each with a
//! `kind` field (`"node"` or `"edge"`), so isolated entities and node
//! attributes are there too. Nothing else (no header line): files
//! concatenate and stream. The graph metadata (documents, merges) and the
//! members behind each node are in the JSON format.
//!
//! ```text
//! {"kind":"node","id":"ent:country:IRN","label":"Iran","type":"country","iso":"IRN","aliases":[…],"mentions":12,"documents":5,"first_date":…,"last_date":…}
//! {"kind":"edge","source":…,"target":…,"key":…,"id":"rel:…",…,"evidence":[…],"source_label":"Oman","target_label":"Iran"}
//! ```

use crate::error::{Error, Result};
use crate::graph::{Edge, KnowledgeGraph, Node};
use serde::Serialize;
use std::path::PathBuf;

/// A node line: the node's own attributes, without its members.
#[derive(Serialize)]
struct NodeLine<'a> {
    kind: &'static str,
    id: &'a str,
    label: &'a str,
    #[serde(rename = "type")]
    entity_type: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    iso: Option<&'a str>,
    aliases: &'a [String],
    mentions: usize,
    documents: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_date: Option<&'a str>,
}

impl<'a> NodeLine<'a> {
    fn of(n: &'a Node) -> Self {
        NodeLine {
            kind: "node",
            id: &n.id,
            label: &n.label,
            entity_type: n.kind.as_str(),
            iso: n.iso.as_deref(),
            aliases: &n.aliases,
            mentions: n.mentions,
            documents: n.documents,
            first_date: n.first_date.as_deref(),
            last_date: n.last_date.as_deref(),
        }
    }
}

/// An edge line: the edge with its evidence and its endpoints' labels.
#[derive(Serialize)]
struct EdgeLine<'a> {
    kind: &'static str,
    #[serde(flatten)]
    edge: &'a Edge,
    source_label: &'a str,
    target_label: &'a str,
}

fn line_error(e: serde_json::Error) -> Error {
    Error::Format {
        path: PathBuf::from("<jsonl output>"),
        message: e.to_string(),
    }
}

/// Renders one JSON object per node and per edge, one per line.
pub fn render_jsonl(graph: &KnowledgeGraph) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for node in graph.nodes() {
        serde_json::to_writer(&mut out, &NodeLine::of(node)).map_err(line_error)?;
        out.push(b'\n');
    }
    for edge in graph.edges() {
        let label = |id: &str| graph.node(id).map(|n| n.label.as_str()).unwrap_or("");
        let line = EdgeLine {
            kind: "edge",
            edge,
            source_label: label(&edge.source),
            target_label: label(&edge.target),
        };
        serde_json::to_writer(&mut out, &line).map_err(line_error)?;
        out.push(b'\n');
    }
    Ok(out)
}
