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
//!   ends.
//! - `Cameo` holds the CAMEO code as text that no reader takes for a
//!   number: `CAMEO:045` (pandas would read a bare `045` as 45).
//! - Formula injection: spreadsheet programs run a cell that starts with
//!   `=`, `+`, `-`, `@` (or a tab or carriage return) as a formula. Every
//!   text cell that starts so gets a leading `'`, as OWASP recommends
//!   ("CSV Injection"): `=HYPERLINK(…)` is written `'=HYPERLINK(…)`. Ids
//!   get the same treatment in the nodes file and in `Source`/`Target`, so
//!   the two files still join.
//! - For an output `g.csv` the files are `g.nodes.csv` and `g.edges.csv`.

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

/// A text cell a spreadsheet will not run as a formula: a leading `'`
/// before `=`, `+`, `-`, `@`, a tab or a carriage return.
fn cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// A CAMEO code as text no reader takes for a number: `CAMEO:045`.
fn cameo(code: Option<&str>) -> String {
    code.map(|c| format!("CAMEO:{c}")).unwrap_or_default()
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
                &*cell(&n.id),
                &cell(&n.label),
                n.kind.as_str(),
                &cell(n.iso.as_deref().unwrap_or("")),
                &cell(&n.aliases.join("; ")),
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
                &*cell(&e.source),
                &cell(&e.target),
                if e.symmetric {
                    "Undirected"
                } else {
                    "Directed"
                },
                &cell(&e.key),
                &cell(&super::style::relation_label(
                    &e.relation,
                    e.negated,
                    e.past,
                )),
                &e.weight.max(1).to_string(),
                &timeset(e.evidence.iter().filter_map(|x| x.date.as_deref())),
                e.class.as_str(),
                &cameo(e.cameo.as_deref()),
                if e.negated { "true" } else { "false" },
                &e.documents.to_string(),
                e.first_date.as_deref().unwrap_or(""),
                e.last_date.as_deref().unwrap_or(""),
                &cell(quote),
                &cell(&e.id),
            ])
            .map_err(csv_error)?;
    }
    let nodes = nodes.into_inner().map_err(csv_error)?;
    let edges = edges.into_inner().map_err(csv_error)?;
    Ok((nodes, edges))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_codes_stay_text() {
        for (raw, written) in [
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("Iran", "Iran"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(cell(raw), written, "{raw:?}");
        }
        assert_eq!(cameo(Some("045")), "CAMEO:045");
        assert_eq!(cameo(None), "");
    }
}
