//! GraphML (yEd, Cytoscape desktop, igraph, networkx).
//!
//! - Node and edge ids are the graph's own (`ent:country:IRN`,
//!   `rel:mediates:…`), as in every other format: GraphML ids are XML
//!   NMTOKENs, which allow colons. The rare id with a character no NMTOKEN
//!   takes (an apostrophe, a comma, a space) has it written `_xHHHH_`
//!   (`ent:organization:people_x0027_s-army`), unique (a clash gets `_2`,
//!   `_3`, …); the id as it is stays in the `entity_id` / `edge_id` data.
//! - Keys are declared separately for nodes and edges (Gephi ignores
//!   `for="all"` on edges), with `attr.type` only string, int, double or
//!   boolean. Lists (aliases) are joined with `; `; the documents of an edge
//!   are a JSON list (`["a.txt", "b.txt"]`), as GEXF writes them.
//! - Each edge has its evidence count, its documents and its first quote
//!   (the JSON graph has every quote).
//! - GraphML has no edge kind: importers that merge parallel edges (Gephi)
//!   merge relations between one pair. Use GEXF for Gephi.
//! - Every edge is directed (`edgedefault="directed"`; networkx rejects
//!   mixed graphs); a symmetric relation has `symmetric` = true.

use super::xml::XmlWriter;
use crate::graph::KnowledgeGraph;
use std::collections::{BTreeMap, BTreeSet};

/// (key id, for, attr.name, attr.type).
const KEYS: [(&str, &str, &str, &str); 29] = [
    ("g_format", "graph", "format", "string"),
    ("g_generator", "graph", "generator", "string"),
    ("g_documents", "graph", "documents", "int"),
    ("g_first_date", "graph", "first_date", "string"),
    ("g_last_date", "graph", "last_date", "string"),
    ("g_filter", "graph", "filter", "string"),
    ("n_label", "node", "label", "string"),
    ("n_entity_id", "node", "entity_id", "string"),
    ("n_type", "node", "type", "string"),
    ("n_iso", "node", "iso", "string"),
    ("n_aliases", "node", "aliases", "string"),
    ("n_mentions", "node", "mentions", "int"),
    ("n_documents", "node", "documents", "int"),
    ("n_first_date", "node", "first_date", "string"),
    ("n_last_date", "node", "last_date", "string"),
    ("e_edge_id", "edge", "edge_id", "string"),
    ("e_relation", "edge", "relation", "string"),
    ("e_label", "edge", "label", "string"),
    ("e_class", "edge", "class", "string"),
    ("e_cameo", "edge", "cameo", "string"),
    ("e_symmetric", "edge", "symmetric", "boolean"),
    ("e_negated", "edge", "negated", "boolean"),
    ("e_weight", "edge", "weight", "double"),
    ("e_documents", "edge", "documents", "int"),
    ("e_evidence", "edge", "evidence", "int"),
    ("e_sources", "edge", "sources", "string"),
    ("e_first_date", "edge", "first_date", "string"),
    ("e_last_date", "edge", "last_date", "string"),
    ("e_quote", "edge", "quote", "string"),
];

/// Letters outside ASCII that every XML 1.0 edition takes in a name: the
/// BaseChar ranges of the 4th edition (what libxml2 checks) for Latin,
/// Greek, Cyrillic, Hebrew and Arabic letters, and the CJK ideographs.
const NAME_LETTERS: [(u32, u32); 24] = [
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0x131),
    (0x134, 0x13E),
    (0x141, 0x148),
    (0x14A, 0x17E),
    (0x180, 0x1C3),
    (0x1CD, 0x1F0),
    (0x1F4, 0x1F5),
    (0x1FA, 0x217),
    (0x388, 0x38A),
    (0x38C, 0x38C),
    (0x38E, 0x3A1),
    (0x3A3, 0x3CE),
    (0x401, 0x40C),
    (0x40E, 0x44F),
    (0x451, 0x45C),
    (0x45E, 0x481),
    (0x5D0, 0x5EA),
    (0x621, 0x63A),
    (0x641, 0x64A),
    (0x4E00, 0x9FA5),
    (0x3041, 0x3094),
    (0x30A1, 0x30FA),
];

/// True for a character an XML NMTOKEN takes in every edition: ASCII
/// letters and digits, `.-_:`, and the letters of [`NAME_LETTERS`].
fn name_char(c: char) -> bool {
    let cp = c as u32;
    c.is_ascii_alphanumeric()
        || matches!(c, '-' | '_' | '.' | ':')
        || NAME_LETTERS.iter().any(|&(a, b)| (a..=b).contains(&cp))
}

/// The id as an NMTOKEN: itself when it is one, else with every other
/// character written `_xHHHH_`.
fn slug(id: &str) -> String {
    if !id.is_empty() && id.chars().all(name_char) {
        return id.to_string();
    }
    let mut s = String::with_capacity(id.len() + 8);
    for c in id.chars() {
        if name_char(c) {
            s.push(c);
        } else {
            s.push_str(&format!("_x{:04X}_", c as u32));
        }
    }
    if s.is_empty() { "_".to_string() } else { s }
}

/// Unique slugs for ids, in the given order.
fn unique_slugs<'a>(ids: impl Iterator<Item = &'a str>) -> BTreeMap<&'a str, String> {
    let mut used = BTreeSet::new();
    let mut out = BTreeMap::new();
    for id in ids {
        let base = slug(id);
        let mut s = base.clone();
        let mut n = 2;
        while used.contains(&s) {
            s = format!("{base}_{n}");
            n += 1;
        }
        used.insert(s.clone());
        out.insert(id, s);
    }
    out
}

/// Renders the graph as GraphML.
pub fn render_graphml(graph: &KnowledgeGraph) -> Vec<u8> {
    let meta = graph.meta();
    let node_ids = unique_slugs(graph.nodes().map(|n| n.id.as_str()));
    let edge_ids = unique_slugs(graph.edges().map(|e| e.id.as_str()));

    let mut w = XmlWriter::new();
    w.open(
        "graphml",
        &[
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
            ),
        ],
    );
    for (id, target, name, kind) in KEYS {
        w.empty(
            "key",
            &[
                ("id", id),
                ("for", target),
                ("attr.name", name),
                ("attr.type", kind),
            ],
        );
    }
    w.open("graph", &[("id", "G"), ("edgedefault", "directed")]);
    let documents = meta.documents.to_string();
    let mut gdata = vec![
        ("g_format", meta.format.as_str()),
        ("g_generator", &meta.generator),
        ("g_documents", &documents),
    ];
    if let Some(d) = &meta.first_date {
        gdata.push(("g_first_date", d));
    }
    if let Some(d) = &meta.last_date {
        gdata.push(("g_last_date", d));
    }
    if let Some(f) = &meta.filter {
        gdata.push(("g_filter", f));
    }
    write_data(&mut w, &gdata);

    for node in graph.nodes() {
        let id = node_ids
            .get(node.id.as_str())
            .map(String::as_str)
            .unwrap_or("_");
        w.open("node", &[("id", id)]);
        let aliases = node.aliases.join("; ");
        let mentions = node.mentions.to_string();
        let documents = node.documents.to_string();
        let mut data = vec![
            ("n_label", node.label.as_str()),
            ("n_entity_id", &node.id),
            ("n_type", node.kind.as_str()),
        ];
        if let Some(iso) = &node.iso {
            data.push(("n_iso", iso));
        }
        data.extend([
            ("n_aliases", aliases.as_str()),
            ("n_mentions", &mentions),
            ("n_documents", &documents),
        ]);
        if let Some(d) = &node.first_date {
            data.push(("n_first_date", d));
        }
        if let Some(d) = &node.last_date {
            data.push(("n_last_date", d));
        }
        write_data(&mut w, &data);
        w.close("node");
    }

    for edge in graph.edges() {
        let id = edge_ids
            .get(edge.id.as_str())
            .map(String::as_str)
            .unwrap_or("_");
        let source = node_ids
            .get(edge.source.as_str())
            .map(String::as_str)
            .unwrap_or("_");
        let target = node_ids
            .get(edge.target.as_str())
            .map(String::as_str)
            .unwrap_or("_");
        w.open(
            "edge",
            &[("id", id), ("source", source), ("target", target)],
        );
        let label = super::style::relation_label(&edge.relation, edge.negated, edge.past);
        let weight = format!("{:.1}", edge.weight as f64);
        let documents = edge.documents.to_string();
        let quote = edge
            .evidence
            .first()
            .map(|e| e.quote.as_str())
            .unwrap_or("");
        let evidence = edge.evidence.len().to_string();
        let docs: BTreeSet<&str> = edge.evidence.iter().map(|e| e.doc.as_str()).collect();
        let sources = serde_json::to_string(&docs).unwrap_or_default();
        let mut data = vec![
            ("e_edge_id", edge.id.as_str()),
            ("e_relation", &edge.relation),
            ("e_label", &label),
            ("e_class", edge.class.as_str()),
        ];
        if let Some(c) = &edge.cameo {
            data.push(("e_cameo", c));
        }
        data.extend([
            ("e_symmetric", if edge.symmetric { "true" } else { "false" }),
            ("e_negated", if edge.negated { "true" } else { "false" }),
            ("e_weight", &weight),
            ("e_documents", &documents),
            ("e_evidence", &evidence),
            ("e_sources", &sources),
        ]);
        if let Some(d) = &edge.first_date {
            data.push(("e_first_date", d));
        }
        if let Some(d) = &edge.last_date {
            data.push(("e_last_date", d));
        }
        data.push(("e_quote", quote));
        write_data(&mut w, &data);
        w.close("edge");
    }
    w.close("graph");
    w.close("graphml");
    w.finish()
}

fn write_data(w: &mut XmlWriter, data: &[(&str, &str)]) {
    for (key, value) in data {
        w.leaf("data", &[("key", key)], value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_kept_and_escaped_only_where_no_nmtoken() {
        assert_eq!(
            slug("ent:person:abbas-araghchi"),
            "ent:person:abbas-araghchi"
        );
        assert_eq!(
            slug("ent:person:recep-tayyip-erdoğan"),
            "ent:person:recep-tayyip-erdoğan"
        );
        assert_eq!(slug("ent:group:ناحية"), "ent:group:ناحية");
        assert_eq!(
            slug("ent:group:people's-army"),
            "ent:group:people_x0027_s-army"
        );
        assert_eq!(slug("a b,c"), "a_x0020_b_x002C_c");
        assert_eq!(slug(""), "_");
        let ids = ["ent:a'b", "ent:a_x0027_b", "x"];
        let slugs = unique_slugs(ids.iter().copied());
        assert_eq!(slugs["ent:a'b"], "ent:a_x0027_b");
        assert_eq!(slugs["ent:a_x0027_b"], "ent:a_x0027_b_2");
        assert_eq!(slugs["x"], "x");
    }
}
