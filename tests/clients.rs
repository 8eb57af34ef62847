//! Every export, read by its real client: Graphviz `dot`, `xmllint` with the
//! GEXF 1.3 RELAX NG and GraphML XSD schemas, networkx (node-link JSON,
//! GEXF, GraphML) and Python's csv module.
//!
//! One test per client over the fixed graphs. A client missing when the
//! tests were built marks its test ignored, with the reason, in the summary
//! of `cargo test` (see `build.rs`); `NEWSGRAPH_REQUIRE_CLIENTS=1` turns a
//! missing client into a failure. A property test feeds arbitrary hostile
//! names through every format and has every available client accept the
//! files.

mod common;
#[path = "golden/fixtures.rs"]
mod fixtures;

use newsgraph::export::{Format, render};
use newsgraph::graph::{Filter, KnowledgeGraph};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use common::require_clients;

fn schema(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/schemas")
        .join(rel)
}

/// Whether a client's checks run: `missing_when_built` (its
/// `newsgraph_no_*` cfg, see `build.rs`) says no, and the client's own test
/// is then reported as ignored in the summary. A client found when the tests
/// were built must still work: a client gone since is a failure, never a
/// silent skip (`touch build.rs` to probe again).
fn available(name: &str, missing_when_built: bool, probe: &mut Command) -> bool {
    if missing_when_built {
        assert!(
            !require_clients(),
            "{name} is required (NEWSGRAPH_REQUIRE_CLIENTS=1) but was not found"
        );
        return false;
    }
    let ok = probe.output().is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "{name} was found when the tests were built and does not work now; `touch build.rs` to probe again"
    );
    true
}

fn have_dot() -> bool {
    static HAVE: OnceLock<bool> = OnceLock::new();
    *HAVE.get_or_init(|| {
        available(
            "Graphviz dot",
            cfg!(newsgraph_no_dot),
            Command::new("dot").arg("-V"),
        )
    })
}

fn have_xmllint() -> bool {
    static HAVE: OnceLock<bool> = OnceLock::new();
    *HAVE.get_or_init(|| {
        available(
            "xmllint",
            cfg!(newsgraph_no_xmllint),
            Command::new("xmllint").arg("--version"),
        ) && {
            let schemas =
                schema("gexf-1.3/gexf.rng").exists() && schema("graphml-1.0/graphml.xsd").exists();
            assert!(schemas, "the schemas in ../shared/schemas are missing");
            true
        }
    })
}

fn have_networkx() -> bool {
    static HAVE: OnceLock<bool> = OnceLock::new();
    *HAVE.get_or_init(|| {
        available(
            "python3 with networkx >= 3.6",
            cfg!(newsgraph_no_networkx),
            Command::new("python3").args([
                "-c",
                "import networkx as nx, sys; v = tuple(int(x) for x in nx.__version__.split('.')[:2]); sys.exit(0 if v >= (3, 6) else 1)",
            ]),
        )
    })
}

/// Runs a client; fails on a non-zero exit or any unexpected stderr.
fn run(cmd: &mut Command, what: &str, allowed_stderr: impl Fn(&str) -> bool) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let unexpected: Vec<&str> = stderr.lines().filter(|l| !allowed_stderr(l)).collect();
    assert!(
        out.status.success() && unexpected.is_empty(),
        "{what}: exit {:?}\nstderr:\n{stderr}",
        out.status.code()
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Writes every format of `graph` into `dir` as `<stem>.<ext>` (CSV as
/// `<stem>.nodes.csv` and `<stem>.edges.csv`).
fn write_all(graph: &KnowledgeGraph, dir: &Path, stem: &str) {
    for format in Format::ALL {
        let base = dir.join(format!("{stem}.{}", format.extension()));
        for part in render(graph, format).unwrap() {
            std::fs::write(part.path_for(&base), &part.bytes).unwrap();
        }
    }
}

fn check_dot(dir: &Path, stem: &str) {
    if !have_dot() {
        return;
    }
    let file = dir.join(format!("{stem}.dot"));
    let svg = dir.join(format!("{stem}.svg"));
    run(
        Command::new("dot")
            .arg("-Tsvg")
            .arg(&file)
            .arg("-o")
            .arg(&svg),
        &format!("dot -Tsvg {}", file.display()),
        |_| false,
    );
}

fn check_xml(dir: &Path, stem: &str) {
    if !have_xmllint() {
        return;
    }
    let validates = |l: &str| l.ends_with(" validates");
    let gexf = dir.join(format!("{stem}.gexf"));
    run(
        Command::new("xmllint")
            .args(["--noout", "--relaxng"])
            .arg(schema("gexf-1.3/gexf.rng"))
            .arg(&gexf),
        &format!("xmllint --relaxng gexf.rng {}", gexf.display()),
        validates,
    );
    let graphml = dir.join(format!("{stem}.graphml"));
    run(
        Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(schema("graphml-1.0/graphml.xsd"))
            .arg(&graphml),
        &format!("xmllint --schema graphml.xsd {}", graphml.display()),
        validates,
    );
}

/// Reads the JSON, GEXF, GraphML and CSV files with networkx and csv and
/// prints what each holds.
const PY_READ: &str = r#"
import csv, json, sys
import networkx as nx
d, stem = sys.argv[1], sys.argv[2]
p = lambda ext: f"{d}/{stem}.{ext}"
out = {}
with open(p("json"), encoding="utf-8") as f:
    data = json.load(f)
g = nx.node_link_graph(data, edges="edges")
out["json"] = [g.number_of_nodes(), g.number_of_edges(), g.is_multigraph(), g.is_directed(), g.graph.get("format")]
g = nx.read_gexf(p("gexf"))
out["gexf"] = [g.number_of_nodes(), g.number_of_edges(), g.is_multigraph(), sorted(g.nodes())]
g = nx.read_graphml(p("graphml"))
out["graphml"] = [g.number_of_nodes(), g.number_of_edges(), sorted(g.nodes[n]["entity_id"] for n in g.nodes()),
                  sum(1 for n in g.nodes() if n == g.nodes[n]["entity_id"])]
with open(p("jsonl"), encoding="utf-8") as f:
    kinds = [json.loads(line)["kind"] for line in f]
out["jsonl"] = [kinds.count("node"), kinds.count("edge")]
rows = {}
for part in ("nodes", "edges"):
    with open(p(f"{part}.csv"), newline="", encoding="utf-8") as f:
        r = list(csv.DictReader(f))
    rows[part] = r
out["csv"] = [len(rows["nodes"]), len(rows["edges"]), sorted(r["Id"] for r in rows["nodes"]),
              sorted(r["Label"] for r in rows["nodes"])]
print(json.dumps(out))
"#;

fn check_readers(graph: &KnowledgeGraph, dir: &Path, stem: &str) {
    if !have_networkx() {
        return;
    }
    let out = run(
        Command::new("python3")
            .args(["-c", PY_READ])
            .arg(dir)
            .arg(stem),
        &format!("networkx reading {stem}.*"),
        |_| false,
    );
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let n = graph.node_count();
    let e = graph.edge_count();
    let ids: BTreeSet<&str> = graph.nodes().map(|x| x.id.as_str()).collect();
    let labels: Vec<&str> = {
        let mut l: Vec<&str> = graph.nodes().map(|x| x.label.as_str()).collect();
        l.sort();
        l
    };
    // JSON: a MultiDiGraph with every node and edge and the metadata.
    assert_eq!(v["json"][0], n, "{stem}.json nodes: {v}");
    assert_eq!(v["json"][1], e, "{stem}.json edges: {v}");
    assert_eq!(v["json"][2], true);
    assert_eq!(v["json"][3], true);
    assert_eq!(v["json"][4], "newsgraph-graph/1");
    // GEXF: every edge is directed (symmetric ones too, with an attribute),
    // so networkx counts the edges of the JSON graph (issue 13, item 17).
    let gexf_edges = e;
    assert_eq!(v["gexf"][0], n, "{stem}.gexf nodes: {v}");
    assert_eq!(v["gexf"][1], gexf_edges, "{stem}.gexf edges: {v}");
    let gexf_ids: BTreeSet<&str> = v["gexf"][3]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x.as_str())
        .collect();
    assert_eq!(gexf_ids, ids, "{stem}.gexf ids");
    // GraphML: the graph's own ids (escaped only where no NMTOKEN), the
    // original ids in data.
    assert_eq!(v["graphml"][0], n, "{stem}.graphml nodes: {v}");
    assert_eq!(v["graphml"][1], e, "{stem}.graphml edges: {v}");
    let graphml_ids: BTreeSet<&str> = v["graphml"][2]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x.as_str())
        .collect();
    assert_eq!(graphml_ids, ids, "{stem}.graphml entity ids");
    // Node ids are the graph's own wherever an XML NMTOKEN allows (item 18).
    let plain = graph
        .nodes()
        .filter(|x| {
            // ASCII ids at least; the exporter keeps more (accented letters).
            x.id.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
        })
        .count();
    assert!(
        v["graphml"][3].as_u64().unwrap() >= plain as u64,
        "{stem}.graphml ids kept: {v}"
    );
    // JSON Lines: a line per node and per edge.
    assert_eq!(v["jsonl"][0], n, "{stem}.jsonl nodes: {v}");
    assert_eq!(v["jsonl"][1], e, "{stem}.jsonl edges: {v}");
    // CSV: every row, text intact.
    assert_eq!(v["csv"][0], n, "{stem}.nodes.csv: {v}");
    assert_eq!(v["csv"][1], e, "{stem}.edges.csv: {v}");
    let csv_ids: BTreeSet<&str> = v["csv"][2]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x.as_str())
        .collect();
    assert_eq!(csv_ids, ids);
    // Labels that a spreadsheet would run as a formula carry a leading `'`.
    let csv_labels: Vec<String> = v["csv"][3]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x.as_str())
        .map(|l| match l.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
            _ => l.to_string(),
        })
        .collect();
    let mut csv_labels = csv_labels;
    csv_labels.sort();
    assert_eq!(csv_labels, labels);
}

/// Reads both CSV files back with the `csv` crate (no external client).
fn check_csv_in_rust(graph: &KnowledgeGraph, dir: &Path, stem: &str) {
    for (part, count, first) in [
        ("nodes", graph.node_count(), "Id"),
        ("edges", graph.edge_count(), "Source"),
    ] {
        let path = dir.join(format!("{stem}.{part}.csv"));
        let mut r = csv::Reader::from_path(&path).unwrap();
        assert_eq!(&r.headers().unwrap()[0], first);
        let rows: Vec<csv::StringRecord> = r.records().collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), count, "{}", path.display());
    }
}

fn check_everything(graph: &KnowledgeGraph, stem: &str) {
    let dir = tempfile::tempdir().unwrap();
    write_all(graph, dir.path(), stem);
    check_csv_in_rust(graph, dir.path(), stem);
    check_dot(dir.path(), stem);
    check_xml(dir.path(), stem);
    check_readers(graph, dir.path(), stem);
}

/// The fixed graphs: the golden corpus, an ego network of it, an empty
/// graph, and an undated one (a static GEXF graph).
fn graphs() -> Vec<(&'static str, KnowledgeGraph)> {
    let corpus = fixtures::merge(&fixtures::corpus());
    let ego = Filter {
        focus: Some("Iran".into()),
        hops: 1,
        ..Filter::default()
    }
    .apply(&corpus)
    .unwrap();
    vec![
        ("corpus", corpus),
        ("ego", ego),
        ("empty", fixtures::merge(&[])),
        ("undated", fixtures::merge(&[fixtures::doc_followup()])),
    ]
}

/// Writes every fixed graph in every format and runs `check` on each.
fn for_every_graph(check: impl Fn(&KnowledgeGraph, &Path, &str)) {
    let dir = tempfile::tempdir().unwrap();
    for (stem, graph) in graphs() {
        write_all(&graph, dir.path(), stem);
        check(&graph, dir.path(), stem);
    }
}

#[test]
fn every_graph_reads_back_as_csv() {
    for_every_graph(check_csv_in_rust);
}

#[test]
#[cfg_attr(
    newsgraph_no_dot,
    ignore = "needs Graphviz `dot`, not found when the tests were built"
)]
fn graphviz_reads_every_graph() {
    for_every_graph(|_, dir, stem| check_dot(dir, stem));
}

#[test]
#[cfg_attr(
    newsgraph_no_xmllint,
    ignore = "needs `xmllint`, not found when the tests were built"
)]
fn xmllint_validates_every_graph() {
    for_every_graph(|_, dir, stem| check_xml(dir, stem));
}

#[test]
#[cfg_attr(
    newsgraph_no_networkx,
    ignore = "needs Python with networkx >= 3.6, not found when the tests were built"
)]
fn networkx_reads_every_graph() {
    for_every_graph(check_readers);
}

/// Pieces that break naive writers.
fn hostile_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("node".to_string()),
        Just("edge".to_string()),
        Just("graph".to_string()),
        Just("digraph".to_string()),
        Just("subgraph".to_string()),
        Just("Al-Qaeda".to_string()),
        Just("2024Olympics".to_string()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("\\\"".to_string()),
        Just("\\N \\G \\l".to_string()),
        Just("&amp; &#0; &lt;".to_string()),
        Just("<b>x</b>".to_string()),
        Just("]]> -- <!--".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{c}".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{7f}\u{85}".to_string()),
        Just("\u{FFFE}\u{FFFF}".to_string()),
        Just("حزب الله".to_string()),
        Just("\u{202e}evil\u{202c}".to_string()),
        Just("🙂👩‍👩‍👧".to_string()),
        Just("Erdoğan".to_string()),
        Just("  ".to_string()),
        Just("{ } [ ] ; = ,".to_string()),
        "[\\PC]{1,6}",
        "[\\x00-\\x1f]{1,3}",
        "[a-zA-Z ]{1,8}",
    ]
}

fn hostile_name() -> impl Strategy<Value = String> {
    prop::collection::vec(hostile_piece(), 1..4).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn any_names_are_accepted_by_every_available_client(
        names in prop::collection::vec(hostile_name(), 1..5),
        quote in hostile_name(),
    ) {
        let graph = fixtures::hostile_graph(&names, &quote);
        check_everything(&graph, "case");
    }
}
