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
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// What one document contributed to one key, while collecting.
#[derive(Debug, Clone)]
pub(super) struct SourceAcc {
    pub(super) kind: EntityType,
    pub(super) names: BTreeSet<String>,
    pub(super) aliases: BTreeSet<String>,
    pub(super) mentions: usize,
    pub(super) iso: Option<String>,
}

/// What one document contributes to a graph: the unit a merge adds, and
/// what decides whether two documents with one id are the same document.
#[derive(Debug, Clone, Default)]
struct Contribution {
    /// The document's entry (its id is replaced when it is renamed).
    entry: Option<DocumentEntry>,
    /// Key -> what the document says about it.
    members: BTreeMap<String, SourceAcc>,
    /// Its relation mentions (self-loops included).
    facts: BTreeSet<Fact>,
}

impl Contribution {
    /// A digest of everything the document contributes except its id: two
    /// documents with one id and the same digest are the same document.
    /// The same whether the document comes from its extraction record or
    /// from a graph file.
    fn digest(&self) -> String {
        let mut h = blake3::Hasher::new();
        let mut add = |v: &dyn erased::Value| {
            let bytes = v.bytes();
            h.update(&(bytes.len() as u64).to_le_bytes());
            h.update(&bytes);
        };
        if let Some(e) = &self.entry {
            let m = &e.meta;
            add(&(&m.title, &m.date, &m.url, &m.source));
            add(&(e.sentences, e.words, e.relations_without_object));
        }
        for (key, acc) in &self.members {
            add(&(key, acc.kind, &acc.names, &acc.aliases, acc.mentions));
        }
        for fact in &self.facts {
            let mut f = fact.clone();
            f.evidence.doc.clear();
            add(&f);
        }
        h.finalize().to_hex().to_string()
    }

    /// Gives the contribution the document id `id`.
    fn rename(&mut self, id: &str) {
        if let Some(e) = &mut self.entry {
            e.meta.id = id.to_string();
        }
        self.facts = std::mem::take(&mut self.facts)
            .into_iter()
            .map(|mut f| {
                f.evidence.doc = id.to_string();
                f
            })
            .collect();
    }
}

/// Hashing serializable values without a trait object for `Serialize`.
mod erased {
    /// A value the digest can take.
    pub(super) trait Value {
        fn bytes(&self) -> Vec<u8>;
    }

    impl<T: serde::Serialize> Value for T {
        fn bytes(&self) -> Vec<u8> {
            // Serializing these plain types cannot fail.
            serde_json::to_vec(self).unwrap_or_default()
        }
    }
}

/// What became of a document added to a [`GraphBuilder`] (or claimed in
/// [`DocIds`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    /// Added under its own id.
    New,
    /// Its id was taken by a different document: added under this id
    /// (`ID#` + a digest of its content).
    Renamed(String),
    /// The same document was already added: left out.
    Identical,
    /// Not added (a foreign format): left out.
    Rejected,
}

/// Document ids, kept unique across a run by one rule, for `build`,
/// `extract` and `merge` alike: a document whose id is taken by a
/// *different* document is renamed `ID#` + the first 8 hex digits of a
/// digest of what it contributes ([`document_digest`]; 16, then all 64
/// digits in the unlikely case those are taken too); a document whose id
/// is taken by the *same* document (same digest: the same shard merged
/// twice) is left out. The renamed id depends on the content only, so it
/// cannot point at another document, and it is the same in every run; the
/// first document in input order keeps the plain id.
#[derive(Debug, Clone, Default)]
pub struct DocIds {
    digests: HashMap<String, String>,
}

impl DocIds {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Claims `id` for a document with `digest`.
    pub fn claim(&mut self, id: &str, digest: &str) -> Added {
        match self.digests.get(id) {
            None => {
                self.digests.insert(id.to_string(), digest.to_string());
                Added::New
            }
            Some(d) if d == digest => Added::Identical,
            Some(_) => {
                for len in [8, 16, 64] {
                    let short = digest.get(..len).unwrap_or(digest);
                    let candidate = format!("{id}#{short}");
                    match self.digests.get(&candidate) {
                        None => {
                            self.digests.insert(candidate.clone(), digest.to_string());
                            return Added::Renamed(candidate);
                        }
                        Some(d) if d == digest => return Added::Identical,
                        Some(_) => {}
                    }
                }
                // Only a document listing all 64 digits of another's digest
                // as its own id gets here.
                let mut n = 2;
                loop {
                    let candidate = format!("{id}#{digest}-{n}");
                    if !self.digests.contains_key(&candidate) {
                        self.digests.insert(candidate.clone(), digest.to_string());
                        return Added::Renamed(candidate);
                    }
                    n += 1;
                }
            }
        }
    }
}

/// The digest [`DocIds`] compares documents by: everything an extraction
/// record contributes to a graph except its id (metadata, counts, entities
/// and relations). A graph file gives the same digest for the document.
pub fn document_digest(x: &Extraction) -> String {
    contribution(x, &mut Vec::new()).digest()
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
    /// The documents' ids and digests.
    ids: DocIds,
}

/// The contribution of one extraction record, with warnings for people.
fn contribution(x: &Extraction, warnings: &mut Vec<String>) -> Contribution {
    let doc_id = &x.doc.meta.id;
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
    let mut c = Contribution::default();

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
        let acc = c.members.entry(e.key.clone()).or_insert_with(|| SourceAcc {
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
        c.facts.insert(Fact {
            relation: r.relation.name.clone(),
            class: r.relation.class,
            symmetric: r.symmetric,
            negated: r.negated,
            past: r.past,
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
    c.entry = Some(DocumentEntry {
        meta: DocMeta {
            date,
            ..x.doc.meta.clone()
        },
        sentences: x.doc.sentences,
        words: x.doc.words,
        relations_without_object: without_object,
    });
    c
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

    /// Adds one document's extraction. Returns warnings for people (single
    /// relations are skipped when they name an entity missing from the
    /// document's entity table; see [`GraphBuilder::add`] for what happens
    /// to a document whose id is taken).
    pub fn add_extraction(&mut self, x: &Extraction) -> Vec<String> {
        let (added, mut warnings) = self.add(x);
        if matches!(added, Added::Renamed(_) | Added::Identical) {
            warnings.push(duplicate_message(&x.doc.meta.id, &added));
        }
        warnings
    }

    /// Adds one document's extraction under the id rule of [`DocIds`]:
    /// says what became of it, with warnings for people about the record
    /// (not about its id: the caller tells of that, from the outcome). A
    /// record of a foreign format is left out, with a warning.
    pub fn add(&mut self, x: &Extraction) -> (Added, Vec<String>) {
        let mut warnings = Vec::new();
        let doc_id = &x.doc.meta.id;
        if x.format != EXTRACTION_FORMAT {
            warnings.push(format!(
                "document {doc_id:?}: extraction format {:?} is not {EXTRACTION_FORMAT}; document skipped",
                x.format
            ));
            return (Added::Rejected, warnings);
        }
        let mut c = contribution(x, &mut warnings);
        let added = self.ids.claim(doc_id, &c.digest());
        match &added {
            Added::New => {}
            Added::Renamed(new) => c.rename(new),
            Added::Identical | Added::Rejected => return (added, warnings),
        }
        self.insert(c);
        (added, warnings)
    }

    fn insert(&mut self, c: Contribution) {
        let Some(entry) = c.entry else {
            return;
        };
        let id = entry.meta.id.clone();
        for (key, acc) in c.members {
            self.members.entry(key).or_default().insert(id.clone(), acc);
        }
        self.facts.extend(c.facts);
        self.docs.insert(id, entry);
    }

    /// Adds a graph built earlier (e.g. read with [`crate::graph::read_graph`]).
    /// Each of its documents is added under the id rule of [`DocIds`]: one
    /// already collected is left out (the same document) or renamed (a
    /// different one), with a warning naming them; the rest is merged as if
    /// its extractions had been added.
    pub fn add_graph(&mut self, g: &KnowledgeGraph) -> Vec<String> {
        let (outcomes, mut warnings) = self.add_graph_documents(g);
        let mut identical = BTreeSet::new();
        for (id, added) in &outcomes {
            match added {
                Added::Renamed(_) => warnings.push(duplicate_message(id, added)),
                _ => {
                    identical.insert(id.as_str());
                }
            }
        }
        if !identical.is_empty() {
            warnings.push(format!(
                "{} document(s) of this graph were already merged and are skipped: {}",
                identical.len(),
                name_list(&identical, 10)
            ));
        }
        warnings
    }

    /// [`GraphBuilder::add_graph`], saying what became of each document
    /// whose id was taken (by its id in `g`) instead of warning about it.
    pub fn add_graph_documents(
        &mut self,
        g: &KnowledgeGraph,
    ) -> (Vec<(String, Added)>, Vec<String>) {
        let mut warnings = Vec::new();
        let meta = g.meta();
        if let Some(filter) = &meta.filter {
            warnings.push(format!(
                "graph was filtered ({filter}); merging it gives a partial graph"
            ));
        }
        // Each document's contribution, gathered from the whole graph.
        let mut parts: BTreeMap<&str, Contribution> = BTreeMap::new();
        for d in &meta.document_list {
            parts.entry(d.meta.id.as_str()).or_default().entry = Some(d.clone());
        }
        for node in g.nodes() {
            for m in &node.members {
                for s in &m.sources {
                    let Some(c) = parts.get_mut(s.doc.as_str()) else {
                        continue;
                    };
                    let acc = c.members.entry(m.key.clone()).or_insert_with(|| SourceAcc {
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
        let facts = g
            .edges()
            .flat_map(|e| {
                e.evidence.iter().map(move |ev| Fact {
                    relation: e.relation.clone(),
                    class: e.class,
                    symmetric: e.symmetric,
                    negated: e.negated,
                    past: e.past,
                    evidence: ev.clone(),
                })
            })
            .chain(meta.dropped_self_loops.iter().cloned());
        for fact in facts {
            if let Some(c) = parts.get_mut(fact.evidence.doc.as_str()) {
                c.facts.insert(fact);
            }
        }
        let mut outcomes = Vec::new();
        for (id, mut c) in parts {
            let added = self.ids.claim(id, &c.digest());
            match &added {
                Added::New => {}
                Added::Renamed(new) => {
                    c.rename(new);
                    outcomes.push((id.to_string(), added.clone()));
                }
                Added::Identical | Added::Rejected => {
                    outcomes.push((id.to_string(), added));
                    continue;
                }
            }
            self.insert(c);
        }
        (outcomes, warnings)
    }
}

/// The warning for a document whose id was taken.
pub fn duplicate_message(id: &str, added: &Added) -> String {
    match added {
        Added::Renamed(new) => format!(
            "document id {id:?} is already taken by a different document; this one is renamed {new:?}"
        ),
        _ => format!("document {id:?} was already merged; this copy is skipped"),
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
