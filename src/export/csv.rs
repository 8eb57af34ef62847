//! CSV for Gephi's spreadsheet import: a nodes file and an edges file.
//!
//! - Nodes: `Id,Label,Type,ISO,Aliases,Mentions,Documents,First date,Last date,Timeset`.
//! - Edges: `Source,Target,Type,Kind,Label,Weight,Timeset,Class,Cameo,Negated,Documents,First date,Last date,Quote,Id`.
//!   `Type` is the direction (`Directed`, or `Undirected` for symmetric
//!   relations), as Gephi reads it; `Kind` is the relation, prefixed `not `
//!   when negated (the edge's multigraph key), so Gephi keeps a relation and
//!   its negation between one pair apart.
//! - `Timeset` is `<[2025-04-12, 2025-04-19]>` (the documents' dates), empty
//!   when undated. Lists are joined with `; `. RFC 4180 quoting, `\n` line
//!   ends, text kept as is.

use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;
use std::collections::BTreeSet;
use std::path::PathBuf;

const NODE_HEADER: [&str; 10] = [
    "Id",
    "Label",
    "Type",
    "ISO",
    "Aliases",
    "Mentions",
    "Documents",
    "First date",
    "Last date",
    "Timeset",
];

const EDGE_HEADER: [&str; 15] = [
    "Source",
    "Target",
    "Type",
    "Kind",
    "Label",
    "Weight",
    "Timeset",
    "Class",
    "Cameo",
    "Negated",
    "Documents",
    "First date",
    "Last date",
    "Quote",
    "Id",
];

fn csv_error(e: impl std::fmt::Display) -> Error {
    Error::Format {
        path: PathBuf::from("<csv output>"),
        message: e.to_string(),
    }
}

fn timeset<'a>(dates: impl IntoIterator<Item = &'a str>) -> String {
    let dates: BTreeSet<&str> = dates.into_iter().collect();
    if dates.is_empty() {
        String::new()
    } else {
        format!("<[{}]>", dates.into_iter().collect::<Vec<_>>().join(", "))
    }
}

/// Renders the nodes file and the edges file, in that order.
pub fn render_csv(graph: &KnowledgeGraph) -> Result<(Vec<u8>, Vec<u8>)> {
    let doc_dates = graph.document_dates();
    let mut nodes = csv::Writer::from_writer(Vec::new());
    nodes.write_record(NODE_HEADER).map_err(csv_error)?;
    for n in graph.nodes() {
        let dates = n
            .members
            .iter()
            .flat_map(|m| m.sources.iter())
            .filter_map(|s| doc_dates.get(s.doc.as_str()).copied());
        nodes
            .write_record([
                n.id.as_str(),
                &n.label,
                n.kind.as_str(),
                n.iso.as_deref().unwrap_or(""),
                &n.aliases.join("; "),
                &n.mentions.to_string(),
                &n.documents.to_string(),
                n.first_date.as_deref().unwrap_or(""),
                n.last_date.as_deref().unwrap_or(""),
                &timeset(dates),
            ])
            .map_err(csv_error)?;
    }

    let mut edges = csv::Writer::from_writer(Vec::new());
    edges.write_record(EDGE_HEADER).map_err(csv_error)?;
    for e in graph.edges() {
        let quote = e.evidence.first().map(|x| x.quote.as_str()).unwrap_or("");
        edges
            .write_record([
                e.source.as_str(),
                &e.target,
                if e.symmetric {
                    "Undirected"
                } else {
                    "Directed"
                },
                &e.key,
                &super::style::relation_label(&e.relation, e.negated),
                &e.weight.max(1).to_string(),
                &timeset(e.evidence.iter().filter_map(|x| x.date.as_deref())),
                e.class.as_str(),
                e.cameo.as_deref().unwrap_or(""),
                if e.negated { "true" } else { "false" },
                &e.documents.to_string(),
                e.first_date.as_deref().unwrap_or(""),
                e.last_date.as_deref().unwrap_or(""),
                quote,
                &e.id,
            ])
            .map_err(csv_error)?;
    }
    let nodes = nodes.into_inner().map_err(csv_error)?;
    let edges = edges.into_inner().map_err(csv_error)?;
    Ok((nodes, edges))
}
