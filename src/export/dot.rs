//! Graphviz DOT, for diagrams.
//!
//! Written with the `dot-writer` crate into a `Vec<u8>` (it writes IDs and
//! values raw and unwraps every write, so it is never given a real file).
//! Node IDs are synthetic (`n0`, `n1`, … in node order) and every attribute
//! value goes through [`escape_dot`] and is quoted, so Graphviz accepts any
//! name: quotes, backslashes, keywords (`node`, `edge`, `graph`), hyphens,
//! newlines, control characters, right-to-left text and emoji.
//!
//! Two legends: node shapes and fills by entity type, and edge colours by
//! class family with the line styles in use (dashed: roles and location;
//! dotted: negated; no arrow: symmetric). Edge labels are `decorate`d:
//! underlined and tied to their edge. Nodes without an edge are left out of
//! DOT by default (`--isolated`, in the pipeline).

use super::style;
use crate::graph::{Edge, KnowledgeGraph, Node};
use crate::ontology::{EntityType, Family};
use dot_writer::{Attributes, DotWriter};
use std::collections::BTreeSet;

/// The font for every label (fixed, for a stable layout).
const FONT: &str = "Helvetica";

/// Longest tooltip, in characters.
const TOOLTIP_MAX: usize = 300;

/// Escapes text for the inside of a quoted DOT string used as an escString
/// (label, tooltip): `"` and `\` are backslash-escaped, a line break becomes
/// `\n`, `&` becomes `&amp;` (Graphviz decodes HTML entities in labels), a
/// tab becomes a space and other control characters are removed.
/// Non-ASCII text is kept as is (the file is UTF-8).
pub fn escape_dot(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' | '\u{2028}' | '\u{2029}' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Sets an attribute with an escaped, quoted value.
fn set<A: Attributes>(attrs: &mut A, name: &str, value: &str) {
    attrs.set(name, &escape_dot(value), true);
}

/// Renders the graph as DOT.
pub fn render_dot(graph: &KnowledgeGraph) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut writer = DotWriter::from(&mut out);
        writer.set_pretty_print(true);
        let mut dg = writer.digraph();
        {
            let mut attrs = dg.graph_attributes();
            set(&mut attrs, "charset", "UTF-8");
            set(&mut attrs, "rankdir", "LR");
            set(&mut attrs, "overlap", "false");
            set(&mut attrs, "splines", "true");
            set(&mut attrs, "outputorder", "edgesfirst");
            set(&mut attrs, "fontname", FONT);
            set(&mut attrs, "fontsize", "12");
            set(&mut attrs, "labelloc", "t");
            set(&mut attrs, "label", &graph_label(graph));
        }
        {
            let mut attrs = dg.node_attributes();
            set(&mut attrs, "fontname", FONT);
            set(&mut attrs, "fontsize", "11");
            set(&mut attrs, "style", "filled");
            set(&mut attrs, "color", "#555555");
        }
        {
            let mut attrs = dg.edge_attributes();
            set(&mut attrs, "fontname", FONT);
            set(&mut attrs, "fontsize", "9");
            // Each label is underlined and tied to its edge by a line: in a
            // dense picture a label can sit among several edges.
            set(&mut attrs, "decorate", "true");
        }

        let types: BTreeSet<EntityType> = graph.nodes().map(|n| n.kind).collect();
        if !types.is_empty() {
            let mut legend = dg.cluster();
            set(&mut legend, "label", "Entity types");
            set(&mut legend, "style", "rounded,dashed");
            set(&mut legend, "color", "#999999");
            for kind in EntityType::ALL.into_iter().filter(|t| types.contains(t)) {
                let mut n = legend.node_named(format!("legend_{}", kind.as_str()));
                set(&mut *n, "label", kind.as_str());
                set(&mut *n, "shape", style::shape(kind));
                set(&mut *n, "fillcolor", &style::fill(kind).hex());
                set(
                    &mut *n,
                    "tooltip",
                    &format!("entity type: {}", kind.as_str()),
                );
            }
        }

        if graph.edge_count() > 0 {
            edge_legend(&mut dg, graph);
        }

        for (i, node) in graph.nodes().enumerate() {
            let mut n = dg.node_named(format!("n{i}"));
            set(&mut *n, "id", &node.id);
            set(&mut *n, "label", &node.label);
            set(&mut *n, "shape", style::shape(node.kind));
            set(&mut *n, "fillcolor", &style::fill(node.kind).hex());
            set(
                &mut *n,
                "tooltip",
                &style::truncate(&node_tooltip(node), TOOLTIP_MAX),
            );
        }

        for edge in graph.edges() {
            let (Some(s), Some(t)) = (
                graph.node_index(&edge.source),
                graph.node_index(&edge.target),
            ) else {
                continue; // endpoints always exist in a KnowledgeGraph
            };
            let mut attrs = dg
                .edge(format!("n{}", s.index()), format!("n{}", t.index()))
                .attributes();
            edge_attributes(&mut attrs, edge);
        }
    }
    out
}

/// What a family's colour stands for, in the legend.
fn family_name(f: Family) -> &'static str {
    match f {
        Family::Consult => "talks, visits, calls",
        Family::Cooperation => "agreement, support, aid",
        Family::Verbal => "demands, accusations, rejection",
        Family::Conflict => "threats, sanctions, force",
        Family::Structure => "roles, membership, location (dashed)",
    }
}

/// The legend of edges: one sample edge per colour (class family) in the
/// graph, and the line styles in use: dotted for a negated relation, no
/// arrow for a symmetric one. Sample edges join invisible points.
fn edge_legend(dg: &mut dot_writer::Scope<'_, '_>, graph: &KnowledgeGraph) {
    let families: BTreeSet<Family> = graph.edges().map(|e| e.class.family()).collect();
    let negated = graph.edges().any(|e| e.negated);
    let symmetric = graph.edges().any(|e| e.symmetric);
    let mut legend = dg.cluster();
    set(&mut legend, "label", "Relations (line colour and style)");
    set(&mut legend, "style", "rounded,dashed");
    set(&mut legend, "color", "#999999");
    let mut samples: Vec<(String, Family, Option<&str>, bool)> = families
        .iter()
        .map(|&f| {
            let line = (f == Family::Structure).then_some("dashed");
            (family_name(f).to_string(), f, line, false)
        })
        .collect();
    if negated {
        samples.push((
            "negated: \"did not attack\" (dotted)".into(),
            Family::Conflict,
            Some("dotted"),
            false,
        ));
    }
    if symmetric {
        samples.push((
            "symmetric: meets, negotiates (no arrow)".into(),
            Family::Consult,
            None,
            true,
        ));
    }
    for (i, (label, family, line, undirected)) in samples.into_iter().enumerate() {
        for end in ["a", "b"] {
            let mut n = legend.node_named(format!("legend_edge_{i}{end}"));
            set(&mut *n, "label", "");
            set(&mut *n, "shape", "point");
            set(&mut *n, "style", "invis");
            set(&mut *n, "width", "0.05");
        }
        let colour = style::edge_colour(family).hex();
        let mut attrs = legend
            .edge(format!("legend_edge_{i}a"), format!("legend_edge_{i}b"))
            .attributes();
        set(&mut attrs, "label", &label);
        set(&mut attrs, "color", &colour);
        set(&mut attrs, "fontcolor", &colour);
        set(&mut attrs, "tooltip", &label);
        if let Some(line) = line {
            set(&mut attrs, "style", line);
        }
        if undirected {
            set(&mut attrs, "dir", "none");
        }
    }
}

fn edge_attributes<A: Attributes>(attrs: &mut A, edge: &Edge) {
    let family = edge.class.family();
    let colour = style::edge_colour(family).hex();
    let mut label = style::relation_label(&edge.relation, edge.negated, edge.past);
    if edge.weight > 1 {
        label.push_str(&format!(" ({})", edge.weight));
    }
    set(attrs, "id", &edge.id);
    set(attrs, "label", &label);
    set(attrs, "color", &colour);
    set(attrs, "fontcolor", &colour);
    set(
        attrs,
        "penwidth",
        &format!("{:.2}", style::pen_width(edge.weight)),
    );
    let line = if edge.negated {
        Some("dotted")
    } else if family == Family::Structure {
        Some("dashed")
    } else {
        None
    };
    if let Some(line) = line {
        set(attrs, "style", line);
    }
    if edge.symmetric {
        set(attrs, "dir", "none");
    }
    let quote = edge
        .evidence
        .first()
        .map(|e| e.quote.as_str())
        .unwrap_or("");
    set(attrs, "tooltip", &style::truncate(quote, TOOLTIP_MAX));
}

fn node_tooltip(node: &Node) -> String {
    let mut tip = match &node.iso {
        Some(iso) => format!("{} ({}, {iso})", node.label, node.kind.as_str()),
        None => format!("{} ({})", node.label, node.kind.as_str()),
    };
    tip.push_str(&format!(
        "\n{} mention{} in {} document{}",
        node.mentions,
        plural(node.mentions),
        node.documents,
        plural(node.documents)
    ));
    if !node.aliases.is_empty() {
        tip.push_str("\nalso: ");
        tip.push_str(&node.aliases.join(", "));
    }
    tip
}

fn graph_label(graph: &KnowledgeGraph) -> String {
    let meta = graph.meta();
    let mut label = format!(
        "newsgraph: {} document{}",
        meta.documents,
        plural(meta.documents)
    );
    match (&meta.first_date, &meta.last_date) {
        (Some(a), Some(b)) if a != b => label.push_str(&format!(", {a} to {b}")),
        (Some(a), _) => label.push_str(&format!(", {a}")),
        _ => {}
    }
    label
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_table() {
        for (raw, escaped) in [
            ("Iran", "Iran"),
            ("United States", "United States"),
            (r#"say "no""#, r#"say \"no\""#),
            (r"back\slash\", r"back\\slash\\"),
            (r"\N \G \l", r"\\N \\G \\l"),
            ("two\nlines", r"two\nlines"),
            ("crlf\r\nend", r"crlf\nend"),
            ("tab\there", "tab here"),
            ("form\u{c}feed\u{0}nul\u{7f}del", "formfeednuldel"),
            ("AT&T &amp;", "AT&amp;T &amp;amp;"),
            ("Erdoğan 🙂 ناحية", "Erdoğan 🙂 ناحية"),
            ("node", "node"),
            ("", ""),
        ] {
            assert_eq!(escape_dot(raw), escaped, "{raw:?}");
        }
    }

    #[test]
    fn escaped_text_never_ends_a_quoted_string() {
        for raw in ["\"", "\\", "\\\"", "a\\", "\"\\\"\\", "x\n\\"] {
            let e = escape_dot(raw);
            // Every `"` is preceded by an odd run of backslashes.
            let bytes = e.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'"' {
                    let run = bytes[..i].iter().rev().take_while(|&&c| c == b'\\').count();
                    assert_eq!(run % 2, 1, "{raw:?} -> {e:?}");
                }
            }
            let trailing = bytes.iter().rev().take_while(|&&c| c == b'\\').count();
            assert_eq!(trailing % 2, 0, "{raw:?} -> {e:?}");
            assert!(!e.contains('\n'));
        }
    }
}
