//! The graph model: nodes, edges, evidence and metadata.
//!
//! These types are also the JSON graph format (`newsgraph-graph/1`, written by
//! [`crate::export`] in networkx node-link shape and read back by
//! [`crate::graph::read_graph`]). Field order is the order written; change it
//! deliberately.
//!
//! Invariants kept by every constructor ([`crate::graph::GraphBuilder::finish`],
//! [`crate::graph::graph_from_json`], [`crate::graph::Filter::apply`]):
//! nodes are stored sorted by [`Node::id`], edges sorted by
//! (source, target, relation, negated, symmetric, class), so petgraph indices are
//! a function of the content; every edge endpoint names a node.

use super::wire;
use crate::document::DocMeta;
use crate::ontology::{Class, EntityType};
use crate::record::Arg;
use crate::span::Span;
use petgraph::graph::{DiGraph, NodeIndex};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// The value of [`GraphMeta::format`] written and read by this version.
pub const GRAPH_FORMAT: &str = "newsgraph-graph/1";

/// The prefix every graph format tag starts with (any version).
pub const GRAPH_FORMAT_PREFIX: &str = "newsgraph-graph/";

/// What one document contributed to one raw member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberSource {
    /// The document id.
    pub doc: String,
    /// The canonical names (in-document entity ids) that carried the member's
    /// key in this document, sorted (usually one).
    pub names: Vec<String>,
    /// Surface forms seen in this document, sorted.
    pub aliases: Vec<String>,
    /// Mentions in this document.
    pub mentions: usize,
    /// The entity type in this document, written only when it differs from
    /// [`Member::kind`] (a conflict between documents).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<EntityType>,
}

/// A raw member: everything known about one cross-document key.
///
/// The aggregate fields are derived from [`Member::sources`]; they are
/// written for readers, and recomputed from the sources when a graph file is
/// merged again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The cross-document key (`country:IRN`, `person:abbas araghchi`).
    pub key: String,
    /// The canonical name given in most documents (ties: lexicographically first).
    pub label: String,
    /// The entity type (the type given in most documents; ties: first in
    /// [`EntityType`] order).
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// ISO 3166 alpha-3 code, for countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso: Option<String>,
    /// Sorted union of the surface forms.
    pub aliases: Vec<String>,
    /// Total mentions.
    pub mentions: usize,
    /// Number of documents that mention it.
    pub documents: usize,
    /// Earliest document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<String>,
    /// Latest document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<String>,
    /// Per-document contributions, sorted by document id.
    pub sources: Vec<MemberSource>,
}

/// A node: one or more raw members merged by the cross-document rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Stable id: `ent:` + the canonical member's key with whitespace as `-`
    /// (e.g. `ent:person:abbas-araghchi`); a short digest is appended only if
    /// two keys would give the same id.
    pub id: String,
    /// Display name (the canonical member's label).
    pub label: String,
    /// The entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// ISO 3166 alpha-3 code, for countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso: Option<String>,
    /// Other names: every member's surface forms and canonical names except
    /// [`Node::label`], sorted.
    pub aliases: Vec<String>,
    /// Total mentions.
    pub mentions: usize,
    /// Number of distinct documents that mention it.
    pub documents: usize,
    /// Earliest document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<String>,
    /// Latest document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<String>,
    /// The raw members, sorted by key.
    pub members: Vec<Member>,
}

/// One supporting sentence for an edge. Offsets are code points into the
/// document text (see [`crate::span`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Evidence {
    /// The document id.
    pub doc: String,
    /// The document's date, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// 0-based sentence index in the document.
    pub sentence: usize,
    /// Where the supporting text is (written as `start`, `end`).
    #[serde(flatten)]
    pub span: Span,
    /// The supporting text.
    pub quote: String,
    /// Who acts (as written in the sentence, before any endpoint
    /// reordering), with the raw member key (not the node id) it resolved
    /// to, so a later merge can resolve it again. Written as
    /// `{"text", "start", "end", "key"}`.
    #[serde(with = "wire::arg")]
    pub subject: Arg,
    /// Whom it is done to, like [`Evidence::subject`].
    #[serde(with = "wire::arg")]
    pub object: Arg,
    /// Intended or promised rather than done.
    pub intent: bool,
    /// The speaker, for reported speech, with the raw member key when the
    /// speaker is a known entity. Written as `{"text", "start", "end",
    /// "key"?}`.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "wire::speaker"
    )]
    pub attributed_to: Option<Arg<Option<String>>>,
    /// The extraction rule that produced it.
    pub rule: String,
    /// The CAMEO code of this mention, where one fits (codes can differ
    /// between mentions of one relation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
}

impl Evidence {
    /// The documented sort order: (doc, start, end, subject.start,
    /// object.start), then every other field so the order is total.
    fn cmp_key(&self) -> impl Ord + '_ {
        (
            (
                &self.doc,
                self.span.start,
                self.span.end,
                self.subject.span.start,
                self.object.span.start,
            ),
            (&self.subject, &self.object, self.sentence, &self.quote),
            (
                self.intent,
                &self.attributed_to,
                &self.rule,
                &self.date,
                &self.cameo,
            ),
        )
    }
}

impl PartialOrd for Evidence {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Evidence {
    fn cmp(&self, other: &Self) -> Ordering {
        self.cmp_key().cmp(&other.cmp_key())
    }
}

/// One relation mention with its relation attributes: the unit the merge
/// works on. Also the shape of [`GraphMeta::dropped_self_loops`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Fact {
    /// Fine relation name.
    pub relation: String,
    /// PLOVER class or `AFFILIATION` / `LOCATED_IN`.
    pub class: Class,
    /// Direction does not matter.
    pub symmetric: bool,
    /// The text denies the event.
    pub negated: bool,
    /// A role held before, not now ("former envoy").
    #[serde(default, skip_serializing_if = "is_false")]
    pub past: bool,
    /// Where it was read.
    pub evidence: Evidence,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A relation between two nodes, aggregated over its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edge {
    /// Source node id (for symmetric relations, the smaller id).
    pub source: String,
    /// Target node id.
    pub target: String,
    /// The networkx multigraph key, unique among the edges of one
    /// (source, target) pair: the relation, prefixed `not ` when negated.
    pub key: String,
    /// Stable id: `rel:<relation>:<16 hex digits of a digest of the edge key>`.
    pub id: String,
    /// Fine relation name.
    pub relation: String,
    /// PLOVER class or `AFFILIATION` / `LOCATED_IN`.
    pub class: Class,
    /// The most frequent CAMEO code of the evidence (ties: smallest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// Stored once per pair; direction does not matter.
    pub symmetric: bool,
    /// The text denies the event.
    pub negated: bool,
    /// A role held before, not now: "former foreign minister of" is an
    /// edge of its own beside a current "foreign minister of".
    #[serde(default, skip_serializing_if = "is_false")]
    pub past: bool,
    /// Number of evidence items.
    pub weight: usize,
    /// Number of distinct documents among the evidence.
    pub documents: usize,
    /// Earliest evidence date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<String>,
    /// Latest evidence date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<String>,
    /// The supporting mentions, sorted and without exact duplicates.
    pub evidence: Vec<Evidence>,
}

/// One merged document. Written as the flat object `{"id", "date"?,
/// "title"?, "url"?, "source"?, "sentences", "words",
/// "relations_without_object"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "wire::DocumentOut", from = "wire::DocumentIn")]
pub struct DocumentEntry {
    /// Id, title, URL and provenance as read; the date only when it is a
    /// valid `YYYY-MM-DD`.
    pub meta: DocMeta,
    /// Sentences found.
    pub sentences: usize,
    /// Words found.
    pub words: usize,
    /// Relations without an object (events without a target) in it.
    pub relations_without_object: usize,
}

/// A cross-document merge, recorded so an analyst can check it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct MergeRecord {
    /// `surname` (a single-token person name joined to the one full name
    /// ending with it) or `same_key` (several canonical names share one key).
    pub rule: String,
    /// The node id the forms were merged into.
    pub into: String,
    /// The names involved, sorted.
    pub forms: Vec<String>,
    /// Why, in words.
    pub reason: String,
}

/// Graph-level metadata (networkx keeps it in `G.graph`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphMeta {
    /// Format tag, [`GRAPH_FORMAT`].
    pub format: String,
    /// `newsgraph <version>`.
    pub generator: String,
    /// Number of merged documents.
    pub documents: usize,
    /// Sum of sentences.
    pub sentences: usize,
    /// Sum of words.
    pub words: usize,
    /// Relations without an object (not edges).
    pub relations_without_object: usize,
    /// Relation mentions whose two arguments resolved to one node.
    pub self_loops_dropped: usize,
    /// Earliest document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<String>,
    /// Latest document date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<String>,
    /// Set when the graph was cut down by a [`crate::graph::Filter`]: what was
    /// applied. Such a graph is not a complete merge of its documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// Cross-document merges, sorted.
    pub merges: Vec<MergeRecord>,
    /// The merged documents, sorted by id.
    pub document_list: Vec<DocumentEntry>,
    /// The relation mentions counted in `self_loops_dropped`, kept so that a
    /// later merge (which may resolve differently) loses nothing.
    pub dropped_self_loops: Vec<Fact>,
}

/// The merged knowledge graph: a petgraph `DiGraph` of [`Node`]s and
/// [`Edge`]s plus [`GraphMeta`].
#[derive(Debug, Clone)]
pub struct KnowledgeGraph {
    graph: DiGraph<Node, Edge>,
    meta: GraphMeta,
    index: BTreeMap<String, NodeIndex>,
}

impl KnowledgeGraph {
    /// Builds a graph from parts, sorting nodes and edges into the canonical
    /// order. Fails with a message when node ids repeat or an edge names a
    /// missing node.
    pub(crate) fn from_parts(
        meta: GraphMeta,
        mut nodes: Vec<Node>,
        mut edges: Vec<Edge>,
    ) -> std::result::Result<Self, String> {
        nodes.sort_by(|a, b| a.id.cmp(&b.id));
        edges.sort_by(|a, b| edge_order(a).cmp(&edge_order(b)));
        let mut graph = DiGraph::with_capacity(nodes.len(), edges.len());
        let mut index = BTreeMap::new();
        for node in nodes {
            let id = node.id.clone();
            let ix = graph.add_node(node);
            if index.insert(id.clone(), ix).is_some() {
                return Err(format!("node id {id:?} appears twice"));
            }
        }
        for edge in edges {
            let Some(&s) = index.get(&edge.source) else {
                return Err(format!(
                    "edge {:?}: unknown source node {:?}",
                    edge.id, edge.source
                ));
            };
            let Some(&t) = index.get(&edge.target) else {
                return Err(format!(
                    "edge {:?}: unknown target node {:?}",
                    edge.id, edge.target
                ));
            };
            graph.add_edge(s, t, edge);
        }
        Ok(KnowledgeGraph { graph, meta, index })
    }

    /// The underlying petgraph graph (node and edge indices follow the
    /// canonical order).
    pub fn graph(&self) -> &DiGraph<Node, Edge> {
        &self.graph
    }

    /// Graph metadata.
    pub fn meta(&self) -> &GraphMeta {
        &self.meta
    }

    /// Nodes in canonical order (sorted by id).
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = &Node> + '_ {
        self.graph.raw_nodes().iter().map(|n| &n.weight)
    }

    /// Edges in canonical order.
    pub fn edges(&self) -> impl ExactSizeIterator<Item = &Edge> + '_ {
        self.graph.raw_edges().iter().map(|e| &e.weight)
    }

    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&ix| &self.graph[ix])
    }

    /// The petgraph index of the node with this id.
    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.index.get(id).copied()
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Map from document id to its date, for exporters that need dates of a
    /// node's documents.
    pub fn document_dates(&self) -> BTreeMap<&str, &str> {
        self.meta
            .document_list
            .iter()
            .filter_map(|d| {
                d.meta
                    .date
                    .as_deref()
                    .map(|date| (d.meta.id.as_str(), date))
            })
            .collect()
    }
}

/// The canonical edge order.
pub(crate) fn edge_order(e: &Edge) -> impl Ord + '_ {
    (
        &e.source,
        &e.target,
        &e.relation,
        e.negated,
        e.past,
        e.symmetric,
        &e.class,
    )
}
