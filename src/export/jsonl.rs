//! JSON Lines: one edge per line, with its evidence and its endpoints'
//! labels, in edge order. Nothing else (no header line), so files concatenate
//! and stream; the graph metadata is in the JSON format.

use crate::error::{Error, Result};
use crate::graph::{Edge, KnowledgeGraph};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize)]
struct Line<'a> {
    #[serde(flatten)]
    edge: &'a Edge,
    source_label: &'a str,
    target_label: &'a str,
}

/// Renders one JSON object per edge and line.
pub fn render_jsonl(graph: &KnowledgeGraph) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    for edge in graph.edges() {
        let label = |id: &str| graph.node(id).map(|n| n.label.as_str()).unwrap_or("");
        let line = Line {
            edge,
            source_label: label(&edge.source),
            target_label: label(&edge.target),
        };
        serde_json::to_writer(&mut out, &line).map_err(|e| Error::Format {
            path: PathBuf::from("<jsonl output>"),
            message: e.to_string(),
        })?;
        out.push(b'\n');
    }
    Ok(out)
}
