//! The cross-document merge: [`GraphBuilder::finish`] computes the graph
//! from everything the builder collected (see `builder`), at once: raw
//! members, the groups that become nodes, node ids, edges and edge ids,
//! and the graph's metadata.

use super::builder::{GraphBuilder, SourceAcc, min_some};
use super::model::{
    Edge, Evidence, Fact, GRAPH_FORMAT, GraphMeta, KnowledgeGraph, Member, MemberSource,
    MergeRecord, Node,
};
use crate::ontology::{Class, EntityType};
use std::collections::{BTreeMap, BTreeSet};

impl GraphBuilder {
    /// Applies the cross-document rules and builds the graph.
    pub fn finish(self) -> KnowledgeGraph {
        let dates: BTreeMap<&str, &str> = self
            .docs
            .iter()
            .filter_map(|(id, d)| d.meta.date.as_deref().map(|date| (id.as_str(), date)))
            .collect();

        let members: Vec<Member> = self
            .members
            .iter()
            .map(|(key, sources)| build_member(key, sources, &dates))
            .collect();

        let groups = group_members(&members, &self.never_merge);
        let mut merges = Vec::new();
        for m in &members {
            let names: BTreeSet<&str> = m
                .sources
                .iter()
                .flat_map(|s| s.names.iter().map(String::as_str))
                .collect();
            if names.len() > 1 {
                merges.push((
                    m.key.clone(),
                    MergeRecord {
                        rule: "same_key".to_string(),
                        into: String::new(),
                        forms: names.iter().map(|s| (*s).to_string()).collect(),
                        reason: format!(
                            "{} canonical names share the key {:?}",
                            names.len(),
                            m.key
                        ),
                    },
                ));
            }
        }

        // Node ids: `ent:` + canonical key; disambiguate collisions by digest.
        let base_ids: Vec<String> = groups
            .iter()
            .map(|g| node_id_base(&members[g.canonical].key))
            .collect();
        let mut id_uses: BTreeMap<&str, usize> = BTreeMap::new();
        for id in &base_ids {
            *id_uses.entry(id.as_str()).or_default() += 1;
        }
        let mut used: BTreeSet<String> = BTreeSet::new();
        let mut node_ids: Vec<String> = Vec::with_capacity(groups.len());
        for (g, base) in groups.iter().zip(&base_ids) {
            let mut id = if id_uses.get(base.as_str()).copied().unwrap_or(0) > 1 {
                format!("{base}~{}", short_digest(&members[g.canonical].key, 8))
            } else {
                base.clone()
            };
            // Only a contrived key could collide with a disambiguated id;
            // stay unique anyway (groups come in key order: deterministic).
            let mut n = 2;
            while used.contains(&id) {
                id = format!("{base}~{n}");
                n += 1;
            }
            used.insert(id.clone());
            node_ids.push(id);
        }

        let mut key_to_node: BTreeMap<&str, &str> = BTreeMap::new();
        let mut nodes = Vec::with_capacity(groups.len());
        for (g, id) in groups.iter().zip(&node_ids) {
            for &i in &g.members {
                key_to_node.insert(members[i].key.as_str(), id.as_str());
            }
            if g.members.len() > 1 {
                let canonical = &members[g.canonical];
                let forms: BTreeSet<String> = g
                    .members
                    .iter()
                    .map(|&i| members[i].label.clone())
                    .collect();
                let others: Vec<&str> = g
                    .members
                    .iter()
                    .filter(|&&i| i != g.canonical)
                    .map(|&i| members[i].label.as_str())
                    .collect();
                merges.push((
                    canonical.key.clone(),
                    MergeRecord {
                        rule: "surname".to_string(),
                        into: id.clone(),
                        forms: forms.into_iter().collect(),
                        reason: format!(
                            "{} is the last name of exactly one person in the graph, {:?}",
                            others
                                .iter()
                                .map(|s| format!("{s:?}"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            canonical.label
                        ),
                    },
                ));
            }
            nodes.push(build_node(id, g, &members, &dates));
        }
        let mut merges: Vec<MergeRecord> = merges
            .into_iter()
            .map(|(key, mut m)| {
                if m.into.is_empty() {
                    m.into = key_to_node
                        .get(key.as_str())
                        .copied()
                        .unwrap_or_default()
                        .to_string();
                }
                m
            })
            .collect();
        merges.sort();

        // Edges.
        let mut dropped = Vec::new();
        let mut grouped: BTreeMap<EdgeKey, Vec<&Fact>> = BTreeMap::new();
        for fact in &self.facts {
            let (Some(&s), Some(&o)) = (
                key_to_node.get(fact.evidence.subject.entity.as_str()),
                key_to_node.get(fact.evidence.object.entity.as_str()),
            ) else {
                // Every fact's keys come from the same document's entity
                // table, which is always collected; keep it rather than lose it.
                debug_assert!(false, "fact with unknown member key");
                dropped.push(fact.clone());
                continue;
            };
            if s == o {
                dropped.push(fact.clone());
                continue;
            }
            let (source, target) = if fact.symmetric && o < s {
                (o, s)
            } else {
                (s, o)
            };
            grouped
                .entry(EdgeKey {
                    source: source.to_string(),
                    target: target.to_string(),
                    relation: fact.relation.clone(),
                    negated: fact.negated,
                    past: fact.past,
                    symmetric: fact.symmetric,
                    class: fact.class,
                })
                .or_default()
                .push(fact);
        }
        let mut key_uses: BTreeMap<(&str, &str, String), usize> = BTreeMap::new();
        for k in grouped.keys() {
            *key_uses
                .entry((k.source.as_str(), k.target.as_str(), k.base_key()))
                .or_default() += 1;
        }
        let edges: Vec<Edge> = grouped
            .iter()
            .map(|(k, facts)| {
                let shared = key_uses
                    .get(&(k.source.as_str(), k.target.as_str(), k.base_key()))
                    .copied()
                    .unwrap_or(0)
                    > 1;
                build_edge(k, facts, shared)
            })
            .collect();

        let meta = GraphMeta {
            format: GRAPH_FORMAT.to_string(),
            generator: format!("newsgraph {}", env!("CARGO_PKG_VERSION")),
            documents: self.docs.len(),
            sentences: self.docs.values().map(|d| d.sentences).sum(),
            words: self.docs.values().map(|d| d.words).sum(),
            relations_without_object: self.docs.values().map(|d| d.relations_without_object).sum(),
            self_loops_dropped: dropped.len(),
            first_date: dates.values().min().map(|d| (*d).to_string()),
            last_date: dates.values().max().map(|d| (*d).to_string()),
            filter: None,
            merges,
            document_list: self.docs.into_values().collect(),
            dropped_self_loops: dropped,
        };
        match KnowledgeGraph::from_parts(meta, nodes, edges) {
            Ok(g) => g,
            // Node ids are unique by construction and every edge endpoint
            // comes from `key_to_node`, so this cannot happen.
            Err(e) => unreachable!("merge produced an inconsistent graph: {e}"),
        }
    }
}

/// The identity of an edge.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct EdgeKey {
    source: String,
    target: String,
    relation: String,
    negated: bool,
    past: bool,
    symmetric: bool,
    class: Class,
}

impl EdgeKey {
    /// The networkx key before disambiguation.
    fn base_key(&self) -> String {
        crate::ontology::relation_label_raw(&self.relation, self.negated, self.past)
    }

    /// Stable id of the edge.
    fn id(&self) -> String {
        let text = format!(
            "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
            self.source, self.target, self.relation, self.negated, self.symmetric, self.class
        );
        // Past roles are new: their ids gain a mark, older ids stay as they were.
        let text = if self.past { text + "\u{1f}past" } else { text };
        format!(
            "rel:{}:{}",
            slug_relation(&self.relation),
            short_digest(&text, 16)
        )
    }
}

/// A node under construction: indices into the member list.
struct Group {
    members: Vec<usize>,
    canonical: usize,
}

fn build_member(
    key: &str,
    sources: &BTreeMap<String, SourceAcc>,
    dates: &BTreeMap<&str, &str>,
) -> Member {
    let mut type_counts: BTreeMap<EntityType, usize> = BTreeMap::new();
    let mut name_counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut aliases = BTreeSet::new();
    let mut iso = None;
    for s in sources.values() {
        *type_counts.entry(s.kind).or_default() += 1;
        for n in &s.names {
            *name_counts.entry(n.as_str()).or_default() += 1;
        }
        aliases.extend(s.aliases.iter().cloned());
        iso = min_some(iso, s.iso.clone());
    }
    let kind = most_frequent(&type_counts).unwrap_or(EntityType::Other);
    let label = most_frequent(&name_counts)
        .map(str::to_string)
        .unwrap_or_else(|| key.to_string());
    let doc_dates: Vec<&str> = sources
        .keys()
        .filter_map(|d| dates.get(d.as_str()).copied())
        .collect();
    Member {
        key: key.to_string(),
        label,
        kind,
        iso,
        aliases: aliases.into_iter().collect(),
        mentions: sources.values().map(|s| s.mentions).sum(),
        documents: sources.len(),
        first_date: doc_dates.iter().min().map(|d| (*d).to_string()),
        last_date: doc_dates.iter().max().map(|d| (*d).to_string()),
        sources: sources
            .iter()
            .map(|(doc, s)| MemberSource {
                doc: doc.clone(),
                names: s.names.iter().cloned().collect(),
                aliases: s.aliases.iter().cloned().collect(),
                mentions: s.mentions,
                kind: (s.kind != kind).then_some(s.kind),
            })
            .collect(),
    }
}

/// Applies rules (b) and (c): a single-token person member joins the unique
/// multi-token person member whose last token equals it (case-insensitive).
/// Rule (a), identical keys, already holds: one member per key.
fn group_members(members: &[Member], never: &BTreeSet<(String, String)>) -> Vec<Group> {
    let forbidden = |a: &str, b: &str| {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        never.contains(&(a.to_string(), b.to_string()))
    };
    let mut by_last: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, m) in members.iter().enumerate() {
        if m.kind != EntityType::Person {
            continue;
        }
        let mut tokens = m.label.split_whitespace();
        if let (Some(_), Some(last)) = (tokens.next(), tokens.next_back()) {
            by_last.entry(last.to_lowercase()).or_default().push(i);
        }
    }
    let mut joins: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut joined = BTreeSet::new();
    for (i, m) in members.iter().enumerate() {
        if m.kind != EntityType::Person || m.label.split_whitespace().count() != 1 {
            continue;
        }
        if let Some([target]) = by_last
            .get(&m.label.trim().to_lowercase())
            .map(Vec::as_slice)
            && !forbidden(&m.key, &members[*target].key)
        {
            joins.entry(*target).or_default().push(i);
            joined.insert(i);
        }
    }
    members
        .iter()
        .enumerate()
        .filter(|(i, _)| !joined.contains(i))
        .map(|(i, _)| {
            let mut group = vec![i];
            group.extend(joins.get(&i).into_iter().flatten().copied());
            group.sort_by(|&a, &b| members[a].key.cmp(&members[b].key));
            Group {
                members: group,
                canonical: i,
            }
        })
        .collect()
}

fn build_node(id: &str, g: &Group, members: &[Member], dates: &BTreeMap<&str, &str>) -> Node {
    let canonical = &members[g.canonical];
    let group: Vec<&Member> = g.members.iter().map(|&i| &members[i]).collect();
    let docs: BTreeSet<&str> = group
        .iter()
        .flat_map(|m| m.sources.iter().map(|s| s.doc.as_str()))
        .collect();
    let doc_dates: Vec<&str> = docs.iter().filter_map(|d| dates.get(d).copied()).collect();
    let mut aliases: BTreeSet<String> = BTreeSet::new();
    for m in &group {
        aliases.extend(m.aliases.iter().cloned());
        for s in &m.sources {
            aliases.extend(s.names.iter().cloned());
        }
    }
    aliases.remove(&canonical.label);
    Node {
        id: id.to_string(),
        label: canonical.label.clone(),
        kind: canonical.kind,
        iso: canonical
            .iso
            .clone()
            .or_else(|| group.iter().filter_map(|m| m.iso.clone()).min()),
        aliases: aliases.into_iter().collect(),
        mentions: group.iter().map(|m| m.mentions).sum(),
        documents: docs.len(),
        first_date: doc_dates.iter().min().map(|d| (*d).to_string()),
        last_date: doc_dates.iter().max().map(|d| (*d).to_string()),
        members: group.into_iter().cloned().collect(),
    }
}

fn build_edge(k: &EdgeKey, facts: &[&Fact], shared_key: bool) -> Edge {
    // Facts arrive sorted and unique (a BTreeSet), but facts that differ
    // only in relation attributes cannot share an edge key, so the evidence
    // is unique too; sort it by the documented evidence order.
    let mut evidence: Vec<Evidence> = facts.iter().map(|f| f.evidence.clone()).collect();
    evidence.sort();
    evidence.dedup();
    let mut cameo_counts: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &evidence {
        if let Some(c) = &e.cameo {
            *cameo_counts.entry(c.as_str()).or_default() += 1;
        }
    }
    let docs: BTreeSet<&str> = evidence.iter().map(|e| e.doc.as_str()).collect();
    let dates: Vec<&str> = evidence.iter().filter_map(|e| e.date.as_deref()).collect();
    let id = k.id();
    let key = if shared_key {
        format!("{} ({})", k.base_key(), id)
    } else {
        k.base_key()
    };
    Edge {
        source: k.source.clone(),
        target: k.target.clone(),
        key,
        id,
        relation: k.relation.clone(),
        class: k.class,
        cameo: most_frequent(&cameo_counts).map(str::to_string),
        symmetric: k.symmetric,
        negated: k.negated,
        past: k.past,
        weight: evidence.len(),
        documents: docs.len(),
        first_date: dates.iter().min().map(|d| (*d).to_string()),
        last_date: dates.iter().max().map(|d| (*d).to_string()),
        evidence,
    }
}

/// The key with the highest count; ties go to the smallest key.
fn most_frequent<K: Ord + Copy>(counts: &BTreeMap<K, usize>) -> Option<K> {
    let mut best: Option<(K, usize)> = None;
    for (&k, &n) in counts {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((k, n));
        }
    }
    best.map(|(k, _)| k)
}

/// `ent:` + the key with every whitespace run as `-`, and control characters
/// and the noncharacters U+FFFE/U+FFFF removed (so the id is the same in
/// every format, XML included).
fn node_id_base(key: &str) -> String {
    let mut id = String::with_capacity(key.len() + 4);
    id.push_str("ent:");
    let mut in_space = false;
    for c in key.trim().chars() {
        if c.is_whitespace() {
            if !in_space {
                id.push('-');
            }
            in_space = true;
        } else if !c.is_control() && !matches!(c, '\u{FFFE}' | '\u{FFFF}') {
            id.push(c);
            in_space = false;
        }
    }
    id
}

/// A relation name reduced to `[a-z0-9_]` for use inside ids.
fn slug_relation(relation: &str) -> String {
    relation
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The first `hex_len` hex digits of the BLAKE3 digest of `text`.
fn short_digest(text: &str, hex_len: usize) -> String {
    let hex = blake3::hash(text.as_bytes()).to_hex();
    hex.as_str()[..hex_len.min(hex.len())].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_ids_are_slugged_keys() {
        for (key, id) in [
            ("country:IRN", "ent:country:IRN"),
            ("person:abbas araghchi", "ent:person:abbas-araghchi"),
            (
                "organization:united  nations",
                "ent:organization:united-nations",
            ),
            ("person:a\tb\nc", "ent:person:a-b-c"),
            ("group:al-qaeda", "ent:group:al-qaeda"),
            ("other:x\u{0}\u{FFFE}y\u{c}z", "ent:other:xy-z"),
        ] {
            assert_eq!(node_id_base(key), id);
        }
    }

    #[test]
    fn most_frequent_breaks_ties_by_order() {
        let counts: BTreeMap<&str, usize> = [("b", 2), ("a", 2), ("c", 1)].into_iter().collect();
        assert_eq!(most_frequent(&counts), Some("a"));
        let counts: BTreeMap<&str, usize> = [("b", 3), ("a", 2)].into_iter().collect();
        assert_eq!(most_frequent(&counts), Some("b"));
        assert_eq!(most_frequent::<&str>(&BTreeMap::new()), None);
    }

    use crate::graph::testutil::{doc, rel};
    use crate::record::Extraction;
    use EntityType::{Organization, Person};

    fn merged(docs: &[Extraction]) -> KnowledgeGraph {
        let mut b = GraphBuilder::new();
        for d in docs {
            assert!(b.add_extraction(d).is_empty());
        }
        b.finish()
    }

    #[test]
    fn surname_joins_only_an_unambiguous_full_name() {
        let a = doc(
            "a",
            None,
            &[
                ("Abbas Araghchi", "person:abbas araghchi", Person),
                ("ARAGHCHI", "person:araghchi", Person),
            ],
            vec![],
        );
        let g = merged(std::slice::from_ref(&a));
        assert_eq!(g.node_count(), 1);
        let merge = &g.meta().merges[0];
        assert_eq!(merge.rule, "surname");
        assert_eq!(merge.into, "ent:person:abbas-araghchi");
        assert_eq!(merge.forms, ["ARAGHCHI", "Abbas Araghchi"]);

        let b = doc(
            "b",
            None,
            &[("Sayed Araghchi", "person:sayed araghchi", Person)],
            vec![],
        );
        let g = merged(&[a, b]);
        assert_eq!(g.node_count(), 3);
        assert!(g.meta().merges.is_empty());
    }

    #[test]
    fn surname_rule_never_crosses_types() {
        let a = doc(
            "a",
            None,
            &[
                ("Steve Witkoff", "person:steve witkoff", Person),
                ("Witkoff", "organization:witkoff", Organization),
            ],
            vec![rel("supports", "SUPPORT", "Witkoff", "Steve Witkoff", 0)],
        );
        let g = merged(&[a]);
        assert_eq!(g.node_count(), 2);
        assert_eq!(g.edge_count(), 1);
        assert_eq!(g.meta().self_loops_dropped, 0);
    }

    #[test]
    fn label_is_the_most_frequent_name_then_the_first() {
        let key = "person:abbas araghchi";
        let d = |id: &str, name: &str| doc(id, None, &[(name, key, Person)], vec![]);
        let g = merged(&[d("a", "Abbas Araqchi"), d("b", "Abbas Araghchi")]);
        assert_eq!(g.nodes().next().unwrap().label, "Abbas Araghchi");
        let g = merged(&[
            d("a", "Abbas Araqchi"),
            d("b", "Abbas Araghchi"),
            d("c", "Abbas Araqchi"),
        ]);
        let node = g.nodes().next().unwrap();
        assert_eq!(node.label, "Abbas Araqchi");
        assert_eq!(node.aliases, ["Abbas Araghchi"]);
        assert_eq!(g.meta().merges[0].rule, "same_key");
    }

    #[test]
    fn relation_slugs() {
        assert_eq!(slug_relation("negotiates_with"), "negotiates_with");
        assert_eq!(slug_relation("Foreign Minister-of"), "foreign_minister_of");
    }
}
