//! The cross-document merge: associativity and order independence, the
//! surname rule, type separation, duplicate documents, and the lossless
//! JSON round trip.

#[path = "golden/fixtures.rs"]
mod fixtures;

use fixtures::{
    DocBuilder, corpus, doc_followup, doc_hostile, doc_muscat, doc_second_araghchi, merge,
};
use newsgraph::Error;
use newsgraph::export::render_json;
use newsgraph::graph::{Filter, GraphBuilder, KnowledgeGraph, graph_from_json, read_graph};
use newsgraph::ontology::EntityType;
use newsgraph::record::Extraction;
use std::path::Path;

fn json(g: &KnowledgeGraph) -> String {
    String::from_utf8(render_json(g).unwrap()).unwrap()
}

/// Merges graphs (and extractions) with a fresh builder, asserting no warnings.
fn merge_graphs(graphs: &[&KnowledgeGraph], docs: &[Extraction]) -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    for g in graphs {
        let w = b.add_graph(g);
        assert!(w.is_empty(), "{w:?}");
    }
    for d in docs {
        let w = b.add_extraction(d);
        assert!(w.is_empty(), "{w:?}");
    }
    b.finish()
}

/// Writes and reads back through JSON bytes, as a graph file would be.
fn through_file(g: &KnowledgeGraph) -> KnowledgeGraph {
    graph_from_json(&render_json(g).unwrap(), Path::new("shard.json")).unwrap()
}

#[test]
fn merging_is_associative_and_order_independent() {
    let (a, b, c) = (doc_muscat(), doc_hostile(), doc_followup());
    let abc = json(&merge(&[a.clone(), b.clone(), c.clone()]));

    // Every order of the extractions.
    for order in [
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
        [2, 0, 1],
        [2, 1, 0],
    ] {
        let docs = [&a, &b, &c];
        let ordered: Vec<Extraction> = order.iter().map(|&i| docs[i].clone()).collect();
        assert_eq!(json(&merge(&ordered)), abc, "order {order:?}");
    }
    // merge(merge(A, B), C) and merge(A, merge(B, C)), in memory and via files.
    let ab = merge(&[a.clone(), b.clone()]);
    let bc = merge(&[b.clone(), c.clone()]);
    assert_eq!(json(&merge_graphs(&[&ab], std::slice::from_ref(&c))), abc);
    assert_eq!(json(&merge_graphs(&[&bc], std::slice::from_ref(&a))), abc);
    assert_eq!(
        json(&merge_graphs(
            &[&through_file(&ab)],
            std::slice::from_ref(&c)
        )),
        abc
    );
    assert_eq!(
        json(&merge_graphs(
            &[
                &through_file(&bc),
                &through_file(&merge(std::slice::from_ref(&a)))
            ],
            &[]
        )),
        abc
    );
    // One graph per document, merged in either order.
    let singles: Vec<KnowledgeGraph> = [&a, &b, &c]
        .iter()
        .map(|d| merge(&[(*d).clone()]))
        .collect();
    assert_eq!(
        json(&merge_graphs(&[&singles[0], &singles[1], &singles[2]], &[])),
        abc
    );
    assert_eq!(
        json(&merge_graphs(&[&singles[2], &singles[1], &singles[0]], &[])),
        abc
    );
    // Re-merging a finished graph alone changes nothing.
    assert_eq!(json(&merge_graphs(&[&merge(&corpus())], &[])), abc);
}

#[test]
fn a_later_document_can_undo_a_surname_merge_associatively() {
    let d = doc_second_araghchi();
    let mut all = corpus();
    all.push(d.clone());
    let at_once = merge(&all);
    let in_steps = merge_graphs(&[&through_file(&merge(&corpus()))], &[d]);
    assert_eq!(json(&in_steps), json(&at_once));

    // With two full names ending in "Araghchi", the bare surname stays apart.
    let bare = at_once
        .node("ent:person:araghchi")
        .expect("bare surname node");
    assert_eq!(bare.members.len(), 1);
    assert!(at_once.node("ent:person:sayed-araghchi").is_some());
    let abbas = at_once.node("ent:person:abbas-araghchi").unwrap();
    assert_eq!(abbas.members.len(), 1);
    assert!(
        !at_once
            .meta()
            .merges
            .iter()
            .any(|m| m.rule == "surname" && m.forms.iter().any(|f| f == "Araghchi")),
        "{:?}",
        at_once.meta().merges
    );
}

#[test]
fn unambiguous_surname_joins_the_full_name() {
    let g = merge(&corpus());
    assert!(g.node("ent:person:araghchi").is_none());
    let abbas = g.node("ent:person:abbas-araghchi").unwrap();
    let keys: Vec<&str> = abbas.members.iter().map(|m| m.key.as_str()).collect();
    assert_eq!(keys, ["person:abbas araghchi", "person:araghchi"]);
    assert_eq!(abbas.label, "Abbas Araghchi");
    assert_eq!(abbas.mentions, 4);
    assert_eq!(abbas.documents, 2);
    assert!(abbas.aliases.contains(&"Araghchi".to_string()));
    let merge = g
        .meta()
        .merges
        .iter()
        .find(|m| m.rule == "surname" && m.into == "ent:person:abbas-araghchi")
        .unwrap();
    assert_eq!(merge.forms, ["Abbas Araghchi", "Araghchi"]);
    // Case-insensitive, non-ASCII surname.
    let erdogan = g.node("ent:person:recep-tayyip-erdoğan").unwrap();
    assert_eq!(erdogan.members.len(), 2);
    // The speaker keeps its raw key in the evidence.
    let negated = g
        .edges()
        .find(|e| e.relation == "negotiates_with" && e.negated)
        .unwrap();
    let speaker = negated.evidence[0].attributed_to.as_ref().unwrap();
    assert_eq!(speaker.entity.as_deref(), Some("person:araghchi"));
}

#[test]
fn different_types_never_merge() {
    let g = merge(&corpus());
    // "Witkoff" the organization is one token ending "Steve Witkoff", but
    // it is not a person.
    let org = g.node("ent:organization:witkoff").unwrap();
    assert_eq!(org.kind, EntityType::Organization);
    assert_eq!(g.node("ent:person:steve-witkoff").unwrap().members.len(), 1);

    // Same surface name, different types and keys: two nodes.
    let doc = DocBuilder::new(
        "jordan",
        Some("2025-03-01"),
        "Jordan",
        &["Jordan praised Jordan."],
    )
    .entity("Jordan", "country:JOR", EntityType::Country, &["Jordan"])
    .entity(
        "Michael Jordan",
        "person:michael jordan",
        EntityType::Person,
        &["Jordan"],
    )
    .build();
    let g = merge(&[doc]);
    assert_eq!(g.node_count(), 2);
}

#[test]
fn symmetric_relations_are_stored_once_per_pair() {
    let g = merge(&corpus());
    let talks: Vec<_> = g
        .edges()
        .filter(|e| e.relation == "negotiates_with" && !e.negated)
        .collect();
    // United States–Iran and Witkoff–Araghchi, each once, endpoints sorted.
    assert_eq!(talks.len(), 2);
    for e in &talks {
        assert!(e.symmetric);
        assert!(e.source < e.target, "{} {}", e.source, e.target);
    }
    // Negation is part of the edge identity, and of the networkx key.
    let not_talks = g
        .edges()
        .find(|e| e.relation == "negotiates_with" && e.negated)
        .unwrap();
    assert_eq!(not_talks.key, "not negotiates_with");
    assert_eq!(
        (not_talks.source.as_str(), not_talks.target.as_str()),
        ("ent:country:IRN", "ent:country:USA")
    );
}

#[test]
fn counts_self_loops_and_objectless_relations() {
    let g = merge(&corpus());
    let meta = g.meta();
    assert_eq!(meta.documents, 3);
    assert_eq!(meta.relations_without_object, 1); // "Iran warned."
    assert_eq!(meta.self_loops_dropped, 1); // "Tehran rejected Iran's critics."
    assert_eq!(meta.dropped_self_loops[0].relation, "rejects");
    assert!(g.edges().all(|e| e.source != e.target));
    assert_eq!(meta.first_date.as_deref(), Some("2025-04-12"));
    assert_eq!(meta.last_date.as_deref(), Some("2025-04-19"));
    // Mediation evidence from a dated and an undated document.
    let mediates = g
        .edges()
        .find(|e| e.relation == "mediates" && e.target == "ent:country:IRN")
        .unwrap();
    assert_eq!((mediates.weight, mediates.documents), (2, 2));
    assert_eq!(mediates.first_date.as_deref(), Some("2025-04-12"));
}

#[test]
fn duplicate_documents_are_skipped_with_a_warning() {
    let mut b = GraphBuilder::new();
    assert!(b.add_extraction(&doc_muscat()).is_empty());
    let w = b.add_extraction(&doc_muscat());
    assert_eq!(w.len(), 1);
    assert!(w[0].contains("\"muscat-talks\""), "{w:?}");
    assert_eq!(json(&b.finish()), json(&merge(&[doc_muscat()])));

    // Overlapping shards: the shared document is left out of the later one,
    // exactly, so the result equals merging each document once.
    let ab = merge(&[doc_muscat(), doc_hostile()]);
    let bc = merge(&[doc_hostile(), doc_followup()]);
    let mut b = GraphBuilder::new();
    assert!(b.add_graph(&ab).is_empty());
    let w = b.add_graph(&bc);
    assert_eq!(w.len(), 1);
    assert!(w[0].contains("\"hostile-names\""), "{w:?}");
    assert_eq!(json(&b.finish()), json(&merge(&corpus())));

    // A graph merged with itself is itself.
    let mut b = GraphBuilder::new();
    b.add_graph(&ab);
    assert!(!b.add_graph(&ab).is_empty());
    assert_eq!(json(&b.finish()), json(&ab));
}

#[test]
fn bad_records_are_reported_not_merged_silently() {
    let mut doc = doc_muscat();
    doc.relations[0].subject.entity = "Atlantis".into();
    doc.doc.meta.date = Some("12 April 2025".into());
    let mut b = GraphBuilder::new();
    let w = b.add_extraction(&doc);
    assert_eq!(w.len(), 2, "{w:?}");
    assert!(w.iter().any(|m| m.contains("not YYYY-MM-DD")));
    assert!(w.iter().any(|m| m.contains("\"Atlantis\"")));
    let g = b.finish();
    assert!(g.meta().document_list[0].meta.date.is_none());

    let mut foreign = doc_muscat();
    foreign.format = "newsgraph-extraction/9".into();
    let mut b = GraphBuilder::new();
    assert!(b.add_extraction(&foreign)[0].contains("newsgraph-extraction/9"));
    assert_eq!(b.finish().meta().documents, 0);
}

#[test]
fn repeated_evidence_counts_once() {
    let mut doc = doc_muscat();
    let first = doc.relations[0].clone();
    doc.relations.push(first);
    assert_eq!(json(&merge(&[doc])), json(&merge(&[doc_muscat()])));
}

#[test]
fn json_round_trip_is_lossless() {
    let dir = tempfile::tempdir().unwrap();
    let g = merge(&corpus());
    let filtered = Filter {
        focus: Some("Oman".into()),
        hops: 1,
        ..Filter::default()
    }
    .apply(&g)
    .unwrap();
    for (name, graph) in [
        ("full.json", &g),
        ("filtered.json", &filtered),
        ("empty.json", &merge(&[])),
    ] {
        let bytes = render_json(graph).unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let back = read_graph(&path).unwrap();
        assert_eq!(render_json(&back).unwrap(), bytes, "{name}");
        assert_eq!(back.node_count(), graph.node_count());
        assert_eq!(back.edge_count(), graph.edge_count());
    }
    // A filtered graph says so when merged again.
    let mut b = GraphBuilder::new();
    assert!(b.add_graph(&filtered)[0].contains("filtered"));
}

#[test]
fn foreign_and_damaged_graph_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let good = String::from_utf8(render_json(&merge(&corpus())).unwrap()).unwrap();
    let cases = [
        (
            "other.json",
            r#"{"nodes": [], "edges": []}"#.to_string(),
            "other.json: not a newsgraph graph (format tag missing)",
        ),
        (
            "future.json",
            good.replace("newsgraph-graph/1", "newsgraph-graph/2"),
            "future.json: written by newsgraph-graph/2, this version reads newsgraph-graph/1",
        ),
        (
            "dangling.json",
            good.replace(
                "\"target\": \"ent:country:USA\"",
                "\"target\": \"ent:country:XXX\"",
            ),
            "unknown target node \"ent:country:XXX\"",
        ),
        (
            "truncated.json",
            good[..good.len() / 2].to_string(),
            "truncated.json:",
        ),
    ];
    for (name, text, expected) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let err = read_graph(&path).unwrap_err();
        assert!(err.to_string().contains(expected), "{name}: {err}");
        assert!(err.to_string().contains(name), "{name}: {err}");
    }
    let missing = read_graph(&dir.path().join("missing.json")).unwrap_err();
    assert!(matches!(missing, Error::Io { .. }));
}

/// A past role ("former foreign minister") is an edge of its own beside the
/// current one, keyed and labelled `former …`, and survives a file round
/// trip and a re-merge.
#[test]
fn past_roles_are_their_own_edges() {
    let lex = newsgraph::lexicon::Lexicon::builtin().unwrap();
    let doc = |id: &str, text: &str| {
        let mut d = newsgraph::document::Document::new(id.to_string(), text.to_string());
        d.meta.date = Some("2026-03-01".into());
        newsgraph::extract::extract(&d, &lex)
    };
    let a = doc(
        "then",
        "Former Peruvian foreign minister Rosa Quispe met the delegation in Lima.",
    );
    let b = doc(
        "now",
        "Peruvian foreign minister Rosa Quispe flew to Quito on Monday.",
    );
    let g = merge_graphs(&[], &[a.clone(), b.clone()]);
    let roles: Vec<(&str, bool)> = g
        .edges()
        .filter(|e| e.relation == "foreign_minister_of")
        .map(|e| (e.key.as_str(), e.past))
        .collect();
    assert_eq!(
        roles,
        [
            ("foreign_minister_of", false),
            ("former foreign_minister_of", true)
        ],
        "{}",
        json(&g)
    );
    let again = merge_graphs(&[&through_file(&g)], &[]);
    assert_eq!(json(&again), json(&g));
}
