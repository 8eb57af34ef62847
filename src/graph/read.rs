//! Reading the JSON graph file: networkx node-link JSON carrying the whole
//! [`KnowledgeGraph`] (format tag `newsgraph-graph/1` in `graph.format`).
//!
//! [`crate::export::render_json`] writes it; [`graph_from_json`] and
//! [`read_graph`] read it back and check every reference a later merge
//! relies on. Writing what was read gives the same bytes.

use super::model::{Edge, GRAPH_FORMAT, GRAPH_FORMAT_PREFIX, GraphMeta, KnowledgeGraph, Node};
use crate::date::is_iso_date;
use crate::error::{Error, Result};
use crate::record::EXTRACTION_FORMAT;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::Path;

/// The node-link document as read.
#[derive(Deserialize)]
struct NodeLinkIn {
    directed: bool,
    multigraph: bool,
    graph: GraphMeta,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

/// Just enough of a file to tell what it is.
#[derive(Deserialize)]
struct Probe {
    #[serde(default)]
    format: Option<serde_json::Value>,
    #[serde(default)]
    graph: Option<ProbeMeta>,
}

#[derive(Deserialize)]
struct ProbeMeta {
    #[serde(default)]
    format: Option<serde_json::Value>,
}

/// Reads a graph file written by the JSON exporter.
pub fn read_graph(path: &Path) -> Result<KnowledgeGraph> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    graph_from_json(&bytes, path)
}

/// Parses a graph file's bytes; `path` is used in error messages.
pub fn graph_from_json(bytes: &[u8], path: &Path) -> Result<KnowledgeGraph> {
    let format_error = |message: String| Error::Format {
        path: path.to_path_buf(),
        message,
    };
    let parse_error = |e: serde_json::Error| Error::Parse {
        path: path.to_path_buf(),
        line: e.line(),
        message: e.to_string(),
    };

    // Look at the first JSON value only, so an extraction JSON Lines file or
    // some other JSON gets a clear message instead of a parse error.
    let probe = match serde_json::Deserializer::from_slice(bytes)
        .into_iter::<Probe>()
        .next()
    {
        None => {
            return Err(format_error(
                "empty file, not a newsgraph graph".to_string(),
            ));
        }
        Some(Err(e)) if e.is_data() => {
            return Err(format_error(
                "not a newsgraph graph (format tag missing)".to_string(),
            ));
        }
        Some(Err(e)) => {
            return Err(match what_file_is(bytes) {
                Some(kind) => format_error(format!(
                    "this looks like {kind}, not a graph file: `export` and `merge` read the graph JSON that `build` and `merge` write (-o graph.json)"
                )),
                None => parse_error(e),
            });
        }
        Some(Ok(p)) => p,
    };
    let tag = probe.graph.and_then(|g| g.format);
    match tag.as_ref().and_then(|v| v.as_str()) {
        Some(GRAPH_FORMAT) => {}
        Some(other) if other.starts_with(GRAPH_FORMAT_PREFIX) => {
            return Err(format_error(format!(
                "written by {other}, this version reads {GRAPH_FORMAT}"
            )));
        }
        Some(other) => {
            return Err(format_error(format!(
                "not a newsgraph graph (format tag is {other:?}, expected {GRAPH_FORMAT})"
            )));
        }
        None => {
            let top = probe.format.as_ref().and_then(|v| v.as_str());
            return Err(format_error(match top {
                Some(EXTRACTION_FORMAT) => format!(
                    "this is an extraction file ({EXTRACTION_FORMAT}), not a graph; merge it as extractions"
                ),
                _ => match what_file_is(bytes) {
                    Some(kind) => format!(
                        "this looks like {kind}, not a graph file: `export` and `merge` read the graph JSON that `build` and `merge` write (-o graph.json)"
                    ),
                    None => "not a newsgraph graph (format tag missing)".to_string(),
                },
            }));
        }
    }

    let doc: NodeLinkIn = serde_json::from_slice(bytes).map_err(parse_error)?;
    if !doc.directed || !doc.multigraph {
        return Err(format_error(
            "not a newsgraph graph (expected \"directed\": true and \"multigraph\": true)"
                .to_string(),
        ));
    }
    validate(&doc).map_err(format_error)?;
    KnowledgeGraph::from_parts(doc.graph, doc.nodes, doc.edges).map_err(format_error)
}

/// What a file that is not JSON appears to be, for an error message: an
/// export of another format, or a text file. `None` when it looks like
/// (broken) JSON.
pub fn what_file_is(bytes: &[u8]) -> Option<&'static str> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start();
    let first_line = text.lines().next().unwrap_or("");
    let lower = text.to_ascii_lowercase();
    if head.contains(&0) {
        return Some("a binary file");
    }
    if text.starts_with('<') {
        return Some(if lower.contains("<gexf") {
            "a GEXF file (an export)"
        } else if lower.contains("<graphml") {
            "a GraphML file (an export)"
        } else {
            "an XML file"
        });
    }
    let word = lower.split_whitespace().next().unwrap_or("");
    if matches!(word, "digraph" | "graph" | "strict") {
        return Some("a Graphviz DOT file (an export)");
    }
    if first_line.starts_with("Id,Label") || first_line.starts_with("Source,Target") {
        return Some("a CSV file (an export)");
    }
    if first_line.starts_with("{\"kind\":") {
        return Some("a JSON Lines export (one node or edge per line)");
    }
    if let Ok(serde_json::Value::Object(o)) = serde_json::from_str(first_line)
        && o.contains_key("text")
        && !o.contains_key("format")
    {
        return Some("a JSON Lines file of documents (run `newsgraph build` or `extract` on it)");
    }
    if text.starts_with('{') || text.starts_with('[') || text.is_empty() {
        return None;
    }
    Some("a text file")
}

/// Checks the references a later merge relies on.
fn validate(doc: &NodeLinkIn) -> std::result::Result<(), String> {
    let mut docs = BTreeSet::new();
    for d in &doc.graph.document_list {
        if !docs.insert(d.meta.id.as_str()) {
            return Err(format!("document {:?} is listed twice", d.meta.id));
        }
        if let Some(date) = d.meta.date.as_deref().filter(|d| !is_iso_date(d)) {
            return Err(format!(
                "document {:?}: date {date:?} is not YYYY-MM-DD",
                d.meta.id
            ));
        }
    }
    let mut keys = BTreeSet::new();
    for node in &doc.nodes {
        for m in &node.members {
            if !keys.insert(m.key.as_str()) {
                return Err(format!("member key {:?} appears twice", m.key));
            }
            for s in &m.sources {
                if !docs.contains(s.doc.as_str()) {
                    return Err(format!(
                        "node {:?}: member {:?} cites document {:?}, which is not in graph.document_list",
                        node.id, m.key, s.doc
                    ));
                }
            }
        }
    }
    let facts = doc
        .edges
        .iter()
        .flat_map(|e| e.evidence.iter().map(move |ev| (e.id.as_str(), ev)))
        .chain(
            doc.graph
                .dropped_self_loops
                .iter()
                .map(|f| ("graph.dropped_self_loops", &f.evidence)),
        );
    for (owner, ev) in facts {
        if !docs.contains(ev.doc.as_str()) {
            return Err(format!(
                "{owner}: evidence cites document {:?}, which is not in graph.document_list",
                ev.doc
            ));
        }
        for key in [&ev.subject.entity, &ev.object.entity] {
            if !keys.contains(key.as_str()) {
                return Err(format!(
                    "{owner}: evidence names member key {key:?}, which no node has"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(bytes: &str) -> String {
        match graph_from_json(bytes.as_bytes(), Path::new("x.json")) {
            Ok(_) => panic!("accepted {bytes}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn foreign_files_are_named() {
        assert_eq!(
            err("{}"),
            "x.json: not a newsgraph graph (format tag missing)"
        );
        assert_eq!(
            err("[1, 2]"),
            "x.json: not a newsgraph graph (format tag missing)"
        );
        assert_eq!(err(""), "x.json: empty file, not a newsgraph graph");
        assert_eq!(
            err(r#"{"graph": {"format": "newsgraph-graph/2"}}"#),
            "x.json: written by newsgraph-graph/2, this version reads newsgraph-graph/1"
        );
        assert!(
            err(r#"{"format": "newsgraph-extraction/1", "doc": {}}
{"format": "newsgraph-extraction/1"}"#)
            .contains("extraction file")
        );
        assert!(err("{\n\"graph\": ").starts_with("x.json:2: "));
        assert!(err(r#"{"graph": {"format": "newsgraph-graph/1"}}"#).contains("missing field"));
    }
}
