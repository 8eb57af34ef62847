//! GEXF 1.3, Gephi's native format (also read by networkx ≥ 3.6).
//!
//! - Namespaces `http://gexf.net/1.3` and `http://gexf.net/1.3/viz`.
//! - Node and edge ids are the graph's own (`ent:…`, `rel:…`); names go in
//!   `label`. The relation is the edge `kind`, so two relations between one
//!   pair both survive Gephi's import (negated relations get the kind
//!   `not <relation>`), and also an edge attribute (networkx ignores `kind`).
//! - Typed attributes are declared before the nodes; none reuses Gephi's
//!   column names (`id`, `label`, `weight`, `timeset`, `interval`).
//! - Colours as `viz:color r g b` (networkx 3.6 fails on `hex`), node size
//!   by mentions, edge weight = evidence count (always ≥ 1).
//! - When any document has a date the graph is dynamic
//!   (`timeformat="date"`, `timerepresentation="timestamp"`) and nodes and
//!   edges carry the dates of their documents as `timestamps`.
//! - Every edge is directed, symmetric relations too (`negotiates_with`,
//!   `meets_with`, `cooperates_with`: stored once, the smaller node id as
//!   source), with the edge attribute `symmetric` = true. A `mutual` edge
//!   would be read by networkx as two edges and mix directed and undirected
//!   edges in graphology; this way every reader counts the edges of the
//!   JSON graph.

use super::style;
use super::xml::{XmlWriter, clean, collapse};
use crate::graph::{Edge, KnowledgeGraph, Node};
use std::collections::BTreeSet;

/// (id, title, type) of the node attributes.
const NODE_ATTRIBUTES: [(&str, &str, &str); 7] = [
    ("type", "type", "string"),
    ("iso", "iso", "string"),
    ("aliases", "aliases", "liststring"),
    ("mentions", "mentions", "integer"),
    ("documents", "documents", "integer"),
    ("first_date", "first_date", "string"),
    ("last_date", "last_date", "string"),
];

/// (id, title, type) of the edge attributes.
const EDGE_ATTRIBUTES: [(&str, &str, &str); 11] = [
    ("relation", "relation", "string"),
    ("class", "class", "string"),
    ("cameo", "cameo", "string"),
    ("negated", "negated", "boolean"),
    ("symmetric", "symmetric", "boolean"),
    ("evidence", "evidence", "integer"),
    ("documents", "documents", "integer"),
    ("sources", "sources", "liststring"),
    ("quote", "quote", "string"),
    ("first_date", "first_date", "string"),
    ("last_date", "last_date", "string"),
];

/// A GEXF `liststring` value: `["a", "b"]`, every element a quoted JSON
/// string.
fn list_value(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|s| serde_json::Value::String(clean(s)).to_string())
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// A `timestamps` value: `<[2025-04-12, 2025-04-19]>`.
fn timestamps<'a>(dates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let dates: BTreeSet<&str> = dates.into_iter().collect();
    (!dates.is_empty()).then(|| format!("<[{}]>", dates.into_iter().collect::<Vec<_>>().join(", ")))
}

/// Renders the graph as GEXF 1.3.
pub fn render_gexf(graph: &KnowledgeGraph) -> Vec<u8> {
    let meta = graph.meta();
    let doc_dates = graph.document_dates();
    let dynamic = !doc_dates.is_empty();

    let mut w = XmlWriter::new();
    w.open(
        "gexf",
        &[
            ("xmlns", "http://gexf.net/1.3"),
            ("xmlns:viz", "http://gexf.net/1.3/viz"),
            ("version", "1.3"),
        ],
    );
    w.open("meta", &[]);
    w.leaf("creator", &[], &meta.generator);
    let mut description = format!(
        "Knowledge graph of {} news document{}",
        meta.documents,
        if meta.documents == 1 { "" } else { "s" }
    );
    if let (Some(a), Some(b)) = (&meta.first_date, &meta.last_date) {
        description.push_str(&format!(" dated {a} to {b}"));
    }
    if let Some(f) = &meta.filter {
        description.push_str(&format!(" (filtered: {f})"));
    }
    w.leaf("description", &[], &description);
    w.close("meta");

    let mut graph_attrs = vec![("defaultedgetype", "directed")];
    if dynamic {
        graph_attrs.extend([
            ("mode", "dynamic"),
            ("timeformat", "date"),
            ("timerepresentation", "timestamp"),
        ]);
    } else {
        graph_attrs.push(("mode", "static"));
    }
    w.open("graph", &graph_attrs);
    for (class, list) in [
        ("node", &NODE_ATTRIBUTES[..]),
        ("edge", &EDGE_ATTRIBUTES[..]),
    ] {
        w.open("attributes", &[("class", class)]);
        for (id, title, kind) in list {
            w.empty("attribute", &[("id", id), ("title", title), ("type", kind)]);
        }
        w.close("attributes");
    }

    let node_count = graph.node_count().to_string();
    w.open("nodes", &[("count", &node_count)]);
    for node in graph.nodes() {
        let dates = node
            .members
            .iter()
            .flat_map(|m| m.sources.iter())
            .filter_map(|s| doc_dates.get(s.doc.as_str()).copied());
        write_node(&mut w, node, timestamps(dates).filter(|_| dynamic));
    }
    w.close("nodes");

    let edge_count = graph.edge_count().to_string();
    w.open("edges", &[("count", &edge_count)]);
    for edge in graph.edges() {
        let dates = edge.evidence.iter().filter_map(|e| e.date.as_deref());
        write_edge(&mut w, edge, timestamps(dates).filter(|_| dynamic));
    }
    w.close("edges");
    w.close("graph");
    w.close("gexf");
    w.finish()
}

fn write_node(w: &mut XmlWriter, node: &Node, stamps: Option<String>) {
    let label = collapse(&node.label);
    let mut attrs = vec![("id", node.id.as_str()), ("label", label.as_str())];
    if let Some(s) = &stamps {
        attrs.push(("timestamps", s));
    }
    w.open("node", &attrs);
    let mentions = node.mentions.to_string();
    let documents = node.documents.to_string();
    let aliases = list_value(&node.aliases);
    let mut values = vec![("type", node.kind.as_str())];
    if let Some(iso) = &node.iso {
        values.push(("iso", iso));
    }
    values.extend([
        ("aliases", aliases.as_str()),
        ("mentions", &mentions),
        ("documents", &documents),
    ]);
    if let Some(d) = &node.first_date {
        values.push(("first_date", d));
    }
    if let Some(d) = &node.last_date {
        values.push(("last_date", d));
    }
    write_attvalues(w, &values);
    let c = style::fill(node.kind);
    let (r, g, b) = (c.0.to_string(), c.1.to_string(), c.2.to_string());
    w.empty("viz:color", &[("r", &r), ("g", &g), ("b", &b)]);
    let size = format!("{:.2}", style::node_size(node.mentions));
    w.empty("viz:size", &[("value", &size)]);
    w.close("node");
}

fn write_edge(w: &mut XmlWriter, edge: &Edge, stamps: Option<String>) {
    // Gephi keys an edge by (source, target, kind): the multigraph key keeps
    // a relation and its negation apart.
    let kind = collapse(&edge.key);
    let label = collapse(&style::relation_label(
        &edge.relation,
        edge.negated,
        edge.past,
    ));
    let weight = edge.weight.max(1).to_string();
    let mut attrs = vec![
        ("id", edge.id.as_str()),
        ("source", edge.source.as_str()),
        ("target", edge.target.as_str()),
        ("type", "directed"),
        ("kind", kind.as_str()),
        ("label", label.as_str()),
        ("weight", weight.as_str()),
    ];
    if let Some(s) = &stamps {
        attrs.push(("timestamps", s));
    }
    w.open("edge", &attrs);
    let evidence = edge.evidence.len().to_string();
    let documents = edge.documents.to_string();
    let docs: BTreeSet<&str> = edge.evidence.iter().map(|e| e.doc.as_str()).collect();
    let sources = list_value(&docs.into_iter().map(str::to_string).collect::<Vec<_>>());
    let quote = edge
        .evidence
        .first()
        .map(|e| e.quote.as_str())
        .unwrap_or("");
    let mut values = vec![
        ("relation", edge.relation.as_str()),
        ("class", edge.class.as_str()),
    ];
    if let Some(c) = &edge.cameo {
        values.push(("cameo", c));
    }
    values.extend([
        ("negated", bool_str(edge.negated)),
        ("symmetric", bool_str(edge.symmetric)),
        ("evidence", &evidence),
        ("documents", &documents),
        ("sources", &sources),
        ("quote", quote),
    ]);
    if let Some(d) = &edge.first_date {
        values.push(("first_date", d));
    }
    if let Some(d) = &edge.last_date {
        values.push(("last_date", d));
    }
    write_attvalues(w, &values);
    let c = style::edge_colour(edge.class.family());
    let (r, g, b) = (c.0.to_string(), c.1.to_string(), c.2.to_string());
    w.empty("viz:color", &[("r", &r), ("g", &g), ("b", &b)]);
    w.close("edge");
}

fn write_attvalues(w: &mut XmlWriter, values: &[(&str, &str)]) {
    w.open("attvalues", &[]);
    for (key, value) in values {
        w.empty("attvalue", &[("for", key), ("value", value)]);
    }
    w.close("attvalues");
}

fn bool_str(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_values_quote_every_element() {
        assert_eq!(list_value(&[]), "[]");
        assert_eq!(
            list_value(&["Iran".into(), "say \"hi\"\\".into(), "a\u{c}b".into()]),
            r#"["Iran", "say \"hi\"\\", "ab"]"#
        );
    }

    #[test]
    fn timestamps_are_sorted_and_distinct() {
        assert_eq!(
            timestamps(["2025-04-19", "2025-04-12", "2025-04-19"]).unwrap(),
            "<[2025-04-12, 2025-04-19]>"
        );
        assert_eq!(timestamps([]), None);
    }
}
