//! Collecting for the cross-document merge.
//!
//! [`GraphBuilder`] collects per-document facts (from extraction records or
//! from graph files written earlier) and [`GraphBuilder::finish`] (in
//! `merge`) computes the graph from the whole collection at once. Because a
//! graph file keeps every per-document contribution (member sources,
//! evidence with raw keys, dropped self-loops, per-document counts), merging
//! is associative and order-independent: merging graph files gives the same
//! bytes as merging their extractions in one go.

use super::model::{DocumentEntry, Evidence, Fact, KnowledgeGraph};
use crate::date::is_iso_date;
use crate::document::DocMeta;
use crate::ontology::EntityType;
use crate::record::{Arg, EXTRACTION_FORMAT, Extraction};
use std::collections::{BTreeMap, BTreeSet};

/// What one document contributed to one key, while collecting.
#[derive(Debug, Clone)]
pub(super) struct SourceAcc {
    pub(super) kind: EntityType,
    pub(super) names: BTreeSet<String>,
    pub(super) aliases: BTreeSet<String>,
    pub(super) mentions: usize,
    pub(super) iso: Option<String>,
}

/// Collects extraction records and graphs, then builds a [`KnowledgeGraph`].
///
/// ```
/// use newsgraph::graph::GraphBuilder;
/// let mut builder = GraphBuilder::new();
/// // for x in extractions { for w in builder.add_extraction(&x) { eprintln!("{w}") } }
/// let graph = builder.finish();
/// assert_eq!(graph.node_count(), 0);
/// ```
#[derive(Debug, Clone, Default)]
pub struct GraphBuilder {
    pub(super) docs: BTreeMap<String, DocumentEntry>,
    /// key -> doc -> contribution.
    pub(super) members: BTreeMap<String, BTreeMap<String, SourceAcc>>,
    pub(super) facts: BTreeSet<Fact>,
    /// Pairs of member keys the cross-document rules must never join
    /// (from user lexicons), each stored in sorted order.
    pub(super) never_merge: BTreeSet<(String, String)>,
}

impl GraphBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Forbids the cross-document rules to join these pairs of member keys
    /// (`person:john smith`, `person:smith`), in either order.
    pub fn with_never_merge<'a>(
        mut self,
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        for (a, b) in pairs {
            let (a, b) = if a <= b { (a, b) } else { (b, a) };
            self.never_merge.insert((a.to_string(), b.to_string()));
        }
        self
    }

    /// Number of documents collected so far.
    pub fn document_count(&self) -> usize {
        self.docs.len()
    }

    /// Adds one document's extraction. Returns warnings for people (the
    /// document is skipped when its id was already added or its format tag
    /// is foreign; single relations are skipped when they name an entity
    /// missing from the document's entity table).
    pub fn add_extraction(&mut self, x: &Extraction) -> Vec<String> {
        let mut warnings = Vec::new();
        let doc_id = &x.doc.meta.id;
        if x.format != EXTRACTION_FORMAT {
            warnings.push(format!(
                "document {doc_id:?}: extraction format {:?} is not {EXTRACTION_FORMAT}; document skipped",
                x.format
            ));
            return warnings;
        }
        if self.docs.contains_key(doc_id) {
            warnings.push(format!(
                "document {doc_id:?} was already merged; this copy is skipped"
            ));
            return warnings;
        }
        let date = match x.doc.meta.date.as_deref().map(str::trim) {
            Some(d) if is_iso_date(d) => Some(d.to_string()),
            Some("") | None => None,
            Some(d) => {
                warnings.push(format!(
                    "document {doc_id:?}: date {d:?} is not YYYY-MM-DD; treated as undated"
                ));
                None
            }
        };

        // The entity table: in-document id -> key (first entry wins).
        let mut keys: BTreeMap<&str, &str> = BTreeMap::new();
        for e in &x.entities {
            match keys.get(e.id.as_str()) {
                Some(&k) if k != e.key => warnings.push(format!(
                    "document {doc_id:?}: entity {:?} has two keys ({k:?}, {:?}); using the first",
                    e.id, e.key
                )),
                Some(_) => {}
                None => {
                    keys.insert(&e.id, &e.key);
                }
            }
            let per_doc = self.members.entry(e.key.clone()).or_default();
            let acc = per_doc.entry(doc_id.clone()).or_insert_with(|| SourceAcc {
                kind: e.kind,
                names: BTreeSet::new(),
                aliases: BTreeSet::new(),
                mentions: 0,
                iso: None,
            });
            acc.kind = acc.kind.min(e.kind);
            acc.names.insert(e.id.clone());
            acc.aliases.extend(e.aliases.iter().cloned());
            acc.mentions += e.mentions;
            acc.iso = min_some(acc.iso.take(), e.iso.clone());
        }

        let mut without_object = 0usize;
        for r in &x.relations {
            let Some(object) = &r.object else {
                without_object += 1;
                continue;
            };
            let resolve = |entity: &str, role: &str| -> Result<String, String> {
                keys.get(entity).map(|k| (*k).to_string()).ok_or_else(|| {
                    format!(
                        "document {doc_id:?}: relation {:?} at {}..{}: {role} entity {entity:?} is not in the entity table; relation skipped",
                        r.relation.name, r.evidence.start, r.evidence.end
                    )
                })
            };
            let (subject_key, object_key) = match (
                resolve(&r.subject.entity, "subject"),
                resolve(&object.entity, "object"),
            ) {
                (Ok(s), Ok(o)) => (s, o),
                (Err(w), _) | (_, Err(w)) => {
                    warnings.push(w);
                    continue;
                }
            };
            // The same arguments, now referring to member keys.
            let speaker = r.attributed_to.as_ref().map(|a| Arg {
                span: a.span,
                text: a.text.clone(),
                entity: keys.get(a.entity.as_str()).map(|k| (*k).to_string()),
            });
            self.facts.insert(Fact {
                relation: r.relation.name.clone(),
                class: r.relation.class,
                symmetric: r.symmetric,
                negated: r.negated,
                evidence: Evidence {
                    doc: doc_id.clone(),
                    date: date.clone(),
                    sentence: r.sentence,
                    span: r.evidence,
                    quote: r.quote.clone(),
                    subject: Arg {
                        entity: subject_key,
                        ..r.subject.clone()
                    },
                    object: Arg {
                        entity: object_key,
                        ..object.clone()
                    },
                    intent: r.intent,
                    attributed_to: speaker,
                    rule: r.rule.clone(),
                    cameo: r.relation.cameo.clone(),
                },
            });
        }

        self.docs.insert(
            doc_id.clone(),
            DocumentEntry {
                meta: DocMeta {
                    date,
                    ..x.doc.meta.clone()
                },
                sentences: x.doc.sentences,
                words: x.doc.words,
                relations_without_object: without_object,
            },
        );
        warnings
    }

    /// Adds a graph built earlier (e.g. read with [`crate::graph::read_graph`]).
    /// Documents already collected are left out of it, exactly, with a
    /// warning naming them; the rest is merged as if its extractions had
    /// been added.
    pub fn add_graph(&mut self, g: &KnowledgeGraph) -> Vec<String> {
        let mut warnings = Vec::new();
        let meta = g.meta();
        if let Some(filter) = &meta.filter {
            warnings.push(format!(
                "graph was filtered ({filter}); merging it gives a partial graph"
            ));
        }
        let duplicates: BTreeSet<&str> = meta
            .document_list
            .iter()
            .map(|d| d.meta.id.as_str())
            .filter(|id| self.docs.contains_key(*id))
            .collect();
        if !duplicates.is_empty() {
            warnings.push(format!(
                "{} document(s) of this graph were already merged and are skipped: {}",
                duplicates.len(),
                name_list(&duplicates, 10)
            ));
        }
        let keep = |doc: &str| !duplicates.contains(doc);

        for node in g.nodes() {
            for m in &node.members {
                for s in m.sources.iter().filter(|s| keep(&s.doc)) {
                    let per_doc = self.members.entry(m.key.clone()).or_default();
                    let acc = per_doc.entry(s.doc.clone()).or_insert_with(|| SourceAcc {
                        kind: s.kind.unwrap_or(m.kind),
                        names: BTreeSet::new(),
                        aliases: BTreeSet::new(),
                        mentions: 0,
                        iso: None,
                    });
                    acc.names.extend(s.names.iter().cloned());
                    acc.aliases.extend(s.aliases.iter().cloned());
                    acc.mentions += s.mentions;
                    acc.iso = min_some(acc.iso.take(), m.iso.clone());
                }
            }
        }
        for edge in g.edges() {
            for ev in edge.evidence.iter().filter(|e| keep(&e.doc)) {
                self.facts.insert(Fact {
                    relation: edge.relation.clone(),
                    class: edge.class,
                    symmetric: edge.symmetric,
                    negated: edge.negated,
                    evidence: ev.clone(),
                });
            }
        }
        for fact in meta
            .dropped_self_loops
            .iter()
            .filter(|f| keep(&f.evidence.doc))
        {
            self.facts.insert(fact.clone());
        }
        for d in meta.document_list.iter().filter(|d| keep(&d.meta.id)) {
            self.docs.insert(d.meta.id.clone(), d.clone());
        }
        warnings
    }
}

pub(super) fn min_some(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// Up to `max` names quoted and joined, with a count of the rest.
fn name_list(names: &BTreeSet<&str>, max: usize) -> String {
    let mut out: Vec<String> = names.iter().take(max).map(|n| format!("{n:?}")).collect();
    if names.len() > max {
        out.push(format!("and {} more", names.len() - max));
    }
    out.join(", ")
}
