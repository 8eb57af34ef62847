//! No injection (issue 6): whatever an entity name, a quote, a document id,
//! a relation name or a user's lexicon entry holds, it cannot add statements
//! to a DOT file, elements to a GEXF or GraphML file, columns or rows to a
//! CSV file, or lines to a JSON Lines file.
//!
//! Each output is parsed back here, by a parser that follows each format's
//! grammar, and its statements, elements, fields and lines are counted
//! against the graph. (`tests/clients.rs` has the real clients read the
//! files; this checks their structure without any client installed.)

#[path = "golden/fixtures.rs"]
mod fixtures;

use fixtures::DocBuilder;
use newsgraph::document::Document;
use newsgraph::export::{Format, render};
use newsgraph::graph::{GraphBuilder, KnowledgeGraph};
use newsgraph::lexicon::Lexicon;
use newsgraph::ontology::EntityType;
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::Path;

/// Fragments aimed at each format's syntax.
fn attack() -> impl Strategy<Value = String> {
    prop_oneof![
        // DOT
        Just("\"; n999 [label=\"x\"]; \"".to_string()),
        Just("\\\"]; evil -> n0; //".to_string()),
        Just("} digraph { a -> b".to_string()),
        Just("<<b>html</b>>".to_string()),
        Just("/* comment */ # line".to_string()),
        Just("\\".to_string()),
        Just("\\\\\"".to_string()),
        Just("node".to_string()),
        Just("Edge".to_string()),
        Just("SUBGRAPH".to_string()),
        Just("-> --".to_string()),
        // XML
        Just("\"/><node id=\"x\"/><x a=\"".to_string()),
        Just("</data><data key=\"n_label\">".to_string()),
        Just("<![CDATA[ ]]> ]]>".to_string()),
        Just("<!-- --> <?pi?> <!DOCTYPE x [<!ENTITY e \"e\">]> &e;".to_string()),
        Just("&amp;&lt;&#0;&#x1F600;&unknown;".to_string()),
        Just("'\"<>&".to_string()),
        // CSV
        Just(",".to_string()),
        Just("\",\"".to_string()),
        Just("a,b,c\r\nx,y,z".to_string()),
        Just("\"\"\"".to_string()),
        Just("=cmd|' /C calc'!A0".to_string()),
        // JSON Lines and line structure
        Just("\n{\"source\":\"x\"}\n".to_string()),
        Just("\r".to_string()),
        Just("\u{2028}\u{2029}\u{85}".to_string()),
        // Characters no format likes
        Just("\u{0}".to_string()),
        Just("\u{1}\u{8}\u{b}\u{c}\u{1b}\u{7f}".to_string()),
        Just("\u{fffe}\u{ffff}\u{feff}".to_string()),
        Just("\u{202e}ltr\u{202c}\u{200d}".to_string()),
        Just("🙂👩‍👩‍👧 Erdoğan حزب الله".to_string()),
        "[\\PC]{1,8}",
        "[\\x00-\\x20]{1,4}",
        "[A-Za-z]{1,8}",
    ]
}

fn hostile() -> impl Strategy<Value = String> {
    prop::collection::vec(attack(), 1..4).prop_map(|v| v.concat())
}

/// A graph whose every string is hostile: entity names, the quote, the
/// document id and title, the relation name and CAMEO code.
fn hostile_graph(names: &[String], quote: &str, doc: &str, relation: &str) -> KnowledgeGraph {
    let kinds = [
        EntityType::Person,
        EntityType::Country,
        EntityType::Organization,
        EntityType::Location,
        EntityType::Group,
        EntityType::Other,
    ];
    let mut sentences: Vec<String> = names
        .windows(2)
        .map(|p| format!("{} and {} ({quote}).", p[0], p[1]))
        .collect();
    if sentences.is_empty() {
        sentences.push(format!("{} ({quote}).", names[0]));
    }
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let mut d = DocBuilder::new(doc, Some("2025-02-03"), quote, &refs);
    let mut seen = BTreeSet::new();
    for (i, n) in names.iter().enumerate() {
        if seen.insert(n.clone()) {
            let k = kinds[i % kinds.len()];
            d = d.entity(n, &format!("{}:{n}", k.as_str()), k, &[n]);
        }
    }
    for (i, p) in names.windows(2).enumerate() {
        d = d.rel(
            relation,
            "CONSULT",
            Some(quote),
            i,
            (&p[0], &p[0]),
            Some((&p[1], &p[1])),
        );
        if i % 2 == 0 {
            d = d.symmetric();
        }
    }
    let mut b = GraphBuilder::new();
    let _ = b.add_extraction(&d.build());
    b.finish()
}

// ---------------------------------------------------------------------- DOT

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Id(String),
    Quoted(String),
    Html(String),
    EdgeOp,
    P(char),
}

/// Tokenizes DOT as Graphviz does: quoted strings end at an unescaped `"`,
/// HTML strings at the balancing `>`; comments are skipped.
fn dot_tokens(s: &str) -> Result<Vec<Tok>, String> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut out = Vec::new();
    let mut line_start = true;
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line_start = true;
            i += 1;
            continue;
        }
        if ch.is_whitespace() {
            i += 1;
            continue;
        }
        let at_line_start = line_start;
        line_start = false;
        let line_comment =
            (ch == '#' && at_line_start) || (ch == '/' && c.get(i + 1) == Some(&'/'));
        if line_comment {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && c.get(i + 1) == Some(&'*') {
            let end = (i + 2..c.len().saturating_sub(1))
                .find(|&j| c[j] == '*' && c[j + 1] == '/')
                .ok_or("unclosed comment")?;
            i = end + 2;
        } else if ch == '"' {
            let mut v = String::new();
            i += 1;
            loop {
                match c.get(i) {
                    None => return Err("unclosed string".into()),
                    Some('"') => break,
                    Some('\\') if i + 1 < c.len() => {
                        v.push(c[i]);
                        v.push(c[i + 1]);
                        i += 2;
                    }
                    Some(&x) => {
                        v.push(x);
                        i += 1;
                    }
                }
            }
            i += 1;
            out.push(Tok::Quoted(v));
        } else if ch == '<' {
            let mut depth = 0;
            let start = i;
            loop {
                match c.get(i) {
                    None => return Err("unclosed HTML string".into()),
                    Some('<') => depth += 1,
                    Some('>') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i += 1;
            out.push(Tok::Html(c[start..i].iter().collect()));
        } else if ch == '-' && matches!(c.get(i + 1), Some('>' | '-')) {
            out.push(Tok::EdgeOp);
            i += 2;
        } else if ch.is_alphanumeric() || ch == '_' || ch == '.' || ch == '-' || !ch.is_ascii() {
            // An ID or a numeral (which may start with a minus).
            let start = i;
            if ch == '-' {
                i += 1;
            }
            while i < c.len()
                && (c[i].is_alphanumeric() || c[i] == '_' || c[i] == '.' || !c[i].is_ascii())
                && !c[i].is_whitespace()
            {
                i += 1;
            }
            i = i.max(start + 1);
            out.push(Tok::Id(c[start..i].iter().collect()));
        } else if "{}[];,=:".contains(ch) {
            out.push(Tok::P(ch));
            i += 1;
        } else {
            return Err(format!("stray character {ch:?} outside any string"));
        }
    }
    Ok(out)
}

/// Statements of a DOT graph: (node statements, edge statements, others).
#[derive(Debug, Default)]
struct DotCount {
    nodes: Vec<String>,
    edges: usize,
    legend_edges: usize,
    other: usize,
}

fn keyword(t: &Tok, k: &str) -> bool {
    matches!(t, Tok::Id(s) if s.eq_ignore_ascii_case(k))
}

fn is_id(t: &Tok) -> bool {
    matches!(t, Tok::Id(_) | Tok::Quoted(_) | Tok::Html(_))
        && !["node", "edge", "graph", "digraph", "subgraph", "strict"]
            .iter()
            .any(|k| keyword(t, k))
}

struct DotParser {
    t: Vec<Tok>,
    i: usize,
    count: DotCount,
}

impl DotParser {
    fn peek(&self) -> Option<&Tok> {
        self.t.get(self.i)
    }

    fn eat(&mut self, want: &Tok) -> Result<(), String> {
        if self.peek() == Some(want) {
            self.i += 1;
            Ok(())
        } else {
            Err(format!(
                "expected {want:?} at token {}, found {:?}",
                self.i,
                self.peek()
            ))
        }
    }

    fn id(&mut self) -> Result<String, String> {
        match self.peek() {
            Some(t) if is_id(t) => {
                let s = match t {
                    Tok::Id(s) | Tok::Quoted(s) | Tok::Html(s) => s.clone(),
                    _ => unreachable!(),
                };
                self.i += 1;
                Ok(s)
            }
            other => Err(format!(
                "expected an ID at token {}, found {other:?}",
                self.i
            )),
        }
    }

    fn graph(&mut self) -> Result<(), String> {
        if self.peek().is_some_and(|t| keyword(t, "strict")) {
            self.i += 1;
        }
        match self.peek() {
            Some(t) if keyword(t, "digraph") || keyword(t, "graph") => self.i += 1,
            other => return Err(format!("not a graph: {other:?}")),
        }
        if self.peek().is_some_and(is_id) {
            self.id()?;
        }
        self.block()?;
        if self.i != self.t.len() {
            return Err(format!("{} tokens after the graph", self.t.len() - self.i));
        }
        Ok(())
    }

    fn block(&mut self) -> Result<(), String> {
        self.eat(&Tok::P('{'))?;
        loop {
            match self.peek() {
                Some(Tok::P('}')) => {
                    self.i += 1;
                    return Ok(());
                }
                Some(Tok::P(';')) => self.i += 1,
                Some(_) => self.stmt()?,
                None => return Err("unclosed {".into()),
            }
        }
    }

    fn attrs(&mut self) -> Result<(), String> {
        while self.peek() == Some(&Tok::P('[')) {
            self.i += 1;
            loop {
                match self.peek() {
                    Some(Tok::P(']')) => {
                        self.i += 1;
                        break;
                    }
                    Some(Tok::P(';' | ',')) => self.i += 1,
                    _ => {
                        self.id()?;
                        if self.peek() == Some(&Tok::P('=')) {
                            self.i += 1;
                            self.id()?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn stmt(&mut self) -> Result<(), String> {
        let t = self.peek().cloned().ok_or("statement expected")?;
        if keyword(&t, "subgraph") || t == Tok::P('{') {
            if keyword(&t, "subgraph") {
                self.i += 1;
                if self.peek().is_some_and(is_id) {
                    self.id()?;
                }
            }
            self.count.other += 1;
            return self.block();
        }
        if keyword(&t, "graph") || keyword(&t, "node") || keyword(&t, "edge") {
            self.i += 1;
            self.count.other += 1;
            return self.attrs();
        }
        let first = self.id()?;
        if self.peek() == Some(&Tok::P('=')) {
            self.i += 1;
            self.id()?;
            self.count.other += 1;
            return Ok(());
        }
        self.port()?;
        let mut edges = 0;
        while self.peek() == Some(&Tok::EdgeOp) {
            self.i += 1;
            self.id()?;
            self.port()?;
            edges += 1;
        }
        self.attrs()?;
        if edges > 0 && first.starts_with("legend_") {
            // A sample edge of the relation legend.
            self.count.legend_edges += edges;
        } else if edges > 0 {
            self.count.edges += edges;
        } else {
            self.count.nodes.push(first);
        }
        Ok(())
    }

    fn port(&mut self) -> Result<(), String> {
        while self.peek() == Some(&Tok::P(':')) {
            self.i += 1;
            self.id()?;
        }
        Ok(())
    }
}

fn check_dot(g: &KnowledgeGraph, bytes: &[u8]) {
    let s = std::str::from_utf8(bytes).expect("DOT is UTF-8");
    let tokens = dot_tokens(s).unwrap_or_else(|e| panic!("DOT does not tokenize: {e}\n{s}"));
    let mut p = DotParser {
        t: tokens,
        i: 0,
        count: DotCount::default(),
    };
    p.graph()
        .unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{s}"));
    let entities: Vec<&String> = p
        .count
        .nodes
        .iter()
        .filter(|n| !n.starts_with("legend_"))
        .collect();
    assert_eq!(entities.len(), g.node_count(), "DOT node statements\n{s}");
    assert_eq!(p.count.edges, g.edge_count(), "DOT edge statements\n{s}");
    // The relation legend: a sample edge per class family and line style.
    assert!(
        p.count.legend_edges <= 7,
        "{} legend edges\n{s}",
        p.count.legend_edges
    );
    // The header (graph, node, edge defaults), the legends and their settings.
    assert!(
        p.count.other <= 15,
        "{} other statements\n{s}",
        p.count.other
    );
}

// ---------------------------------------------------------------------- XML

/// Element counts of an XML file, which must be well-formed and hold only
/// characters XML 1.0 allows (also as character references).
fn xml_elements(bytes: &[u8]) -> Vec<(String, Vec<(String, String)>)> {
    use quick_xml::events::Event;
    let s = std::str::from_utf8(bytes).expect("XML is UTF-8");
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{d7ff}').contains(&c)
            || ('\u{e000}'..='\u{fffd}').contains(&c)
            || c >= '\u{10000}'
    };
    if let Some(bad) = s.chars().find(|&c| !allowed(c)) {
        panic!("character {bad:?} is not allowed in XML 1.0\n{s}");
    }
    let mut r = quick_xml::Reader::from_str(s);
    r.config_mut().check_end_names = true;
    let mut out = Vec::new();
    let mut depth = 0usize;
    loop {
        let ev = r
            .read_event()
            .unwrap_or_else(|e| panic!("XML is not well-formed: {e}\n{s}"));
        let (el, empty) = match ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(_) => {
                depth -= 1;
                continue;
            }
            Event::Text(t) => {
                let raw = t.as_ref().to_string();
                check_char_refs(&raw, allowed);
                continue;
            }
            Event::GeneralRef(r) => {
                // `&name;` in text: check it like one in an attribute.
                let name = r.as_ref().to_string();
                check_char_refs(&format!("&{name};"), allowed);
                continue;
            }
            Event::DocType(_) => panic!("a DOCTYPE in the output\n{s}"),
            Event::Eof => break,
            _ => continue,
        };
        let name = el.name().as_ref().to_string();
        let mut attrs = Vec::new();
        for a in el.attributes() {
            let a = a.unwrap_or_else(|e| panic!("bad attribute in <{name}>: {e}\n{s}"));
            let raw = a.value.to_string();
            check_char_refs(&raw, allowed);
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .unwrap_or_else(|e| panic!("bad attribute value in <{name}>: {e}\n{s}"))
                .into_owned();
            attrs.push((a.key.as_ref().to_string(), value));
        }
        out.push((name, attrs));
        if !empty {
            depth += 1;
        }
    }
    assert_eq!(depth, 0, "unclosed elements\n{s}");
    out
}

/// Character references must name allowed characters; entity references
/// must be the five predefined ones.
fn check_char_refs(raw: &str, allowed: impl Fn(char) -> bool) {
    for part in raw.split('&').skip(1) {
        let Some((name, _)) = part.split_once(';') else {
            panic!("a bare & in {raw:?}");
        };
        let c = if let Some(hex) = name.strip_prefix("#x") {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = name.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            assert!(
                ["amp", "lt", "gt", "quot", "apos"].contains(&name),
                "entity &{name}; in {raw:?}"
            );
            continue;
        };
        assert!(
            c.is_some_and(&allowed),
            "reference &{name}; to a character XML forbids"
        );
    }
}

fn count(els: &[(String, Vec<(String, String)>)], name: &str) -> usize {
    els.iter().filter(|(n, _)| n == name).count()
}

fn check_gexf(g: &KnowledgeGraph, bytes: &[u8]) {
    let els = xml_elements(bytes);
    assert_eq!(count(&els, "node"), g.node_count(), "GEXF <node> elements");
    assert_eq!(count(&els, "edge"), g.edge_count(), "GEXF <edge> elements");
    let ids: BTreeSet<&str> = els
        .iter()
        .filter(|(n, _)| n == "node")
        .filter_map(|(_, a)| a.iter().find(|(k, _)| k == "id").map(|(_, v)| v.as_str()))
        .collect();
    assert_eq!(ids.len(), g.node_count(), "GEXF node ids are distinct");
    // Every attvalue names a declared attribute, and no element repeats one.
    let declared: BTreeSet<&str> = els
        .iter()
        .filter(|(n, _)| n == "attribute")
        .filter_map(|(_, a)| a.iter().find(|(k, _)| k == "id").map(|(_, v)| v.as_str()))
        .collect();
    let mut per_element: Vec<String> = Vec::new();
    for (n, a) in &els {
        if n == "node" || n == "edge" {
            per_element.clear();
        }
        if n == "attvalue" {
            let key = a
                .iter()
                .find(|(k, _)| k == "for")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            assert!(
                declared.contains(key.as_str()),
                "attvalue for undeclared {key:?}"
            );
            assert!(
                !per_element.contains(&key),
                "attvalue {key:?} twice on one element"
            );
            per_element.push(key);
        }
    }
}

fn check_graphml(g: &KnowledgeGraph, bytes: &[u8]) {
    let els = xml_elements(bytes);
    assert_eq!(
        count(&els, "node"),
        g.node_count(),
        "GraphML <node> elements"
    );
    assert_eq!(
        count(&els, "edge"),
        g.edge_count(),
        "GraphML <edge> elements"
    );
    assert_eq!(count(&els, "graph"), 1, "GraphML <graph> elements");
    let declared: BTreeSet<&str> = els
        .iter()
        .filter(|(n, _)| n == "key")
        .filter_map(|(_, a)| a.iter().find(|(k, _)| k == "id").map(|(_, v)| v.as_str()))
        .collect();
    let mut per_element: Vec<String> = Vec::new();
    for (n, a) in &els {
        if n == "node" || n == "edge" || n == "graph" {
            per_element.clear();
        }
        if n == "data" {
            let key = a
                .iter()
                .find(|(k, _)| k == "key")
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            assert!(
                declared.contains(key.as_str()),
                "data for undeclared key {key:?}"
            );
            assert!(
                !per_element.contains(&key),
                "data {key:?} twice on one element"
            );
            per_element.push(key);
        }
    }
}

// ------------------------------------------------------------ CSV and JSON

fn check_csv(g: &KnowledgeGraph, part: &str, bytes: &[u8]) {
    let mut r = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let width = r.headers().expect("a header row").len();
    let rows: Vec<csv::StringRecord> = r
        .records()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{part} CSV: a row has another number of fields: {e}"));
    assert!(rows.iter().all(|row| row.len() == width));
    let want = if part == "nodes" {
        g.node_count()
    } else {
        g.edge_count()
    };
    assert_eq!(rows.len(), want, "{part} CSV rows");
    if part == "nodes" {
        let ids: BTreeSet<&str> = rows.iter().map(|r| &r[0]).collect();
        let graph_ids: BTreeSet<&str> = g.nodes().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, graph_ids, "node ids survive CSV intact");
    }
}

fn check_json(g: &KnowledgeGraph, format: Format, bytes: &[u8]) {
    let s = std::str::from_utf8(bytes).expect("JSON is UTF-8");
    match format {
        Format::Json => {
            let v: serde_json::Value = serde_json::from_str(s).expect("valid JSON");
            assert_eq!(v["nodes"].as_array().map(Vec::len), Some(g.node_count()));
            assert_eq!(v["edges"].as_array().map(Vec::len), Some(g.edge_count()));
        }
        _ => {
            let lines: Vec<&str> = s.lines().collect();
            assert_eq!(
                lines.len(),
                g.node_count() + g.edge_count(),
                "one JSON line per node and per edge"
            );
            for l in lines {
                let v: serde_json::Value = serde_json::from_str(l).expect("each line is JSON");
                assert!(v.is_object());
                assert!(v["kind"] == "node" || v["kind"] == "edge", "{v}");
            }
        }
    }
}

fn check_every_format(g: &KnowledgeGraph) {
    for format in Format::ALL {
        let parts = render(g, format).expect("renders");
        for part in parts {
            match format {
                Format::Dot => check_dot(g, &part.bytes),
                Format::Gexf => check_gexf(g, &part.bytes),
                Format::Graphml => check_graphml(g, &part.bytes),
                Format::Csv => check_csv(g, part.part.unwrap_or("nodes"), &part.bytes),
                Format::Json | Format::Jsonl => check_json(g, format, &part.bytes),
            }
        }
    }
}

#[test]
fn the_structure_checkers_see_a_benign_graph_right() {
    let g = fixtures::merge(&fixtures::corpus());
    assert!(g.node_count() > 10 && g.edge_count() > 10);
    check_every_format(&g);
    // And they do catch an injected statement, element, field and line.
    let dot = String::from_utf8(render(&g, Format::Dot).unwrap()[0].bytes.clone()).unwrap();
    let injected = dot.replacen("label=\"Iran\"", "label=\"Iran\"]; evil [label=\"x\"", 1);
    assert!(std::panic::catch_unwind(|| check_dot(&g, injected.as_bytes())).is_err());
    let gexf = String::from_utf8(render(&g, Format::Gexf).unwrap()[0].bytes.clone()).unwrap();
    let injected = gexf.replacen("<node ", "<node id=\"evil\"/><node ", 1);
    assert!(std::panic::catch_unwind(|| check_gexf(&g, injected.as_bytes())).is_err());
    let csv = render(&g, Format::Csv).unwrap();
    let nodes = String::from_utf8(csv[0].bytes.clone()).unwrap();
    let injected = nodes.replacen("Iran", "Iran,extra", 1);
    let part = csv[0].part.unwrap_or("nodes");
    assert!(std::panic::catch_unwind(|| check_csv(&g, part, injected.as_bytes())).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn hostile_names_quotes_ids_and_relations_add_nothing(
        names in prop::collection::vec(hostile(), 1..5),
        quote in hostile(),
        doc in hostile(),
        relation in hostile(),
    ) {
        let g = hostile_graph(&names, &quote, &doc, &relation);
        prop_assert!(g.node_count() >= 1, "the hostile entities reached the graph");
        prop_assert!(names.len() < 2 || g.edge_count() >= 1 || names.windows(2).all(|p| p[0] == p[1]));
        check_every_format(&g);
    }
}

/// The built-in lexicon, to extend with the hostile user entries.
fn lexicon_with(toml_text: &str) -> Option<Lexicon> {
    let mut b = Lexicon::builder().expect("built-in lexicon");
    newsgraph::lexicon::user::load_str(Path::new("hostile.toml"), toml_text, &mut b).ok()?;
    b.build().ok()
}

fn user_lexicon(a: &str, b: &str, relation: &str, cameo: &str) -> String {
    use toml::{Table, Value};
    let entity = |name: &str, alias: &str| {
        let mut t = Table::new();
        t.insert("name".into(), Value::String(name.into()));
        t.insert("type".into(), Value::String("organization".into()));
        t.insert(
            "aliases".into(),
            Value::Array(vec![Value::String(alias.into())]),
        );
        Value::Table(t)
    };
    let mut trigger = Table::new();
    trigger.insert("relation".into(), Value::String(relation.into()));
    trigger.insert("class".into(), Value::String("ASSAULT".into()));
    trigger.insert("cameo".into(), Value::String(cameo.into()));
    trigger.insert("pos".into(), Value::String("verb".into()));
    trigger.insert(
        "forms".into(),
        Value::Array(vec![Value::String("pummeled".into())]),
    );
    let mut root = Table::new();
    root.insert(
        "entity".into(),
        Value::Array(vec![entity(a, "Zorvian Pact"), entity(b, "Quellish Front")]),
    );
    root.insert("trigger".into(), Value::Array(vec![Value::Table(trigger)]));
    toml::to_string(&root).expect("TOML text")
}

fn graph_from_lexicon(lex: &Lexicon) -> KnowledgeGraph {
    let mut doc = Document::new(
        "lex",
        "The Zorvian Pact pummeled the Quellish Front near the border on Monday.",
    );
    doc.meta.date = Some("2025-02-03".into());
    let x = newsgraph::extract::extract(&doc, lex);
    let mut b = GraphBuilder::new();
    let _ = b.add_extraction(&x);
    b.finish()
}

#[test]
fn a_hostile_lexicon_entry_reaches_the_graph_and_adds_nothing() {
    let a = "Pact\"]; evil -> n0; </node><node id=\"x\"/>,\"\n";
    let b = "Front &amp; \u{1}\u{0} <![CDATA[";
    let lex =
        lexicon_with(&user_lexicon(a, b, "pummels\"];\n<x/>,", "19\"0")).expect("lexicon loads");
    let g = graph_from_lexicon(&lex);
    let labels: Vec<&str> = g.nodes().map(|n| n.label.as_str()).collect();
    assert!(labels.iter().any(|l| l.starts_with("Pact")), "{labels:?}");
    assert!(g.edge_count() >= 1, "the user's trigger made an edge");
    check_every_format(&g);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn hostile_lexicon_entries_add_nothing(
        a in hostile(),
        b in hostile(),
        relation in hostile(),
        cameo in hostile(),
    ) {
        let Some(lex) = lexicon_with(&user_lexicon(&a, &b, &relation, &cameo)) else {
            // Rejected with an error (e.g. an empty name): nothing to export.
            return Ok(());
        };
        check_every_format(&graph_from_lexicon(&lex));
    }
}
