//! Cutting a big graph down for a diagram: ego network, minimum weight,
//! relation, class, type and date filters, top-N nodes.
//!
//! The steps run in a fixed order (see [`Filter::apply`]) and every choice
//! is made on sorted data, so the same graph and filter give the same bytes.

use super::model::{Edge, KnowledgeGraph, Node};
use crate::date::DateBound;
use crate::error::{Error, Result};
use crate::ontology::{Class, EntityType};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// Whether an output shows isolated nodes (nodes without an edge):
/// `--isolated keep|drop`. The default depends on the format: dropped in
/// DOT (a diagram of thousands of unconnected boxes shows nothing), kept in
/// the data formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Isolated {
    /// Every node stays.
    Keep,
    /// Nodes without an edge go (a `--focus` node stays).
    Drop,
}

/// What to keep of a graph. The default keeps everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Keep only the neighbourhood of this entity: a node id, label, ISO
    /// code or alias (case-insensitive).
    pub focus: Option<String>,
    /// With `focus`: how many edges away from the focus a node may be
    /// (0 keeps the focus alone). Direction is ignored.
    pub hops: usize,
    /// Keep edges with at least this many evidence items (0 and 1 keep all).
    pub min_weight: usize,
    /// Keep only these relations (case-insensitive); empty keeps all.
    pub relations: Vec<String>,
    /// Keep only these classes (case-insensitive); empty keeps all.
    pub classes: Vec<String>,
    /// Keep only nodes of these types; empty keeps all.
    pub types: Vec<EntityType>,
    /// Keep edges whose date range reaches this date or later. Undated
    /// edges fail.
    pub since: Option<DateBound>,
    /// Keep edges whose date range starts on or before this date. Undated
    /// edges fail.
    pub until: Option<DateBound>,
    /// Keep the this many most connected nodes (by total weight of their
    /// remaining edges; ties by id). Nodes without an edge are not ranked.
    pub top: Option<usize>,
}

impl Filter {
    /// True when no setting would change a graph.
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// True when a filter on edges is set (weight, relation, class, dates).
    pub fn has_edge_filter(&self) -> bool {
        self.min_weight > 1
            || !self.relations.is_empty()
            || !self.classes.is_empty()
            || self.since.is_some()
            || self.until.is_some()
    }

    /// Checks the values against the vocabulary before any work: every
    /// class is a [`Class`]; every relation is in `known` (the relation
    /// vocabulary, and whatever relations the graph or the user's lexicons
    /// add); `since` is not after `until`. The error lists the valid values.
    pub fn check(&self, known: &BTreeSet<String>) -> Result<()> {
        for c in &self.classes {
            if Class::parse(&c.trim().to_uppercase()).is_none() {
                let names: Vec<&str> = Class::ALL.iter().map(|c| c.as_str()).collect();
                return Err(Error::Usage(format!(
                    "--class {c:?} is no relation class; the classes are: {} (`newsgraph relations` lists them with their relations)",
                    names.join(" ")
                )));
            }
        }
        for r in &self.relations {
            if !known.contains(&r.trim().to_lowercase()) {
                let names: Vec<&str> = known.iter().map(String::as_str).collect();
                return Err(Error::Usage(format!(
                    "--relation {r:?} is no relation; the relations are: {} (`newsgraph relations` says what each means)",
                    names.join(" ")
                )));
            }
        }
        if let (Some(since), Some(until)) = (&self.since, &self.until)
            && !since.not_after(until)
        {
            return Err(Error::Usage(format!(
                "--since {since} is after --until {until}: no date is in that range"
            )));
        }
        Ok(())
    }

    /// Applies the filter, in this order: node types, edge filters, focus
    /// and hops (on the remaining edges), top-N (only nodes with an edge
    /// left are ranked). Edge filters keep every node: whether nodes
    /// without edges are shown is [`Filter::without_isolated`]'s choice,
    /// made per output (`--isolated`).
    ///
    /// Errors: [`Error::Usage`] for a focus that names no entity or several.
    pub fn apply(&self, g: &KnowledgeGraph) -> Result<KnowledgeGraph> {
        if self.is_empty() {
            return Ok(g.clone());
        }
        let focus = match &self.focus {
            Some(f) => Some(find_focus(g, f)?),
            None => None,
        };

        let relations: BTreeSet<String> = self
            .relations
            .iter()
            .map(|r| r.trim().to_lowercase())
            .collect();
        let classes: BTreeSet<String> = self
            .classes
            .iter()
            .map(|c| c.trim().to_lowercase())
            .collect();
        let types: BTreeSet<EntityType> = self.types.iter().copied().collect();

        let mut nodes: BTreeSet<&str> = g
            .nodes()
            .filter(|n| types.is_empty() || types.contains(&n.kind))
            .map(|n| n.id.as_str())
            .collect();
        if let Some(f) = focus {
            nodes.insert(f);
        }
        let mut edges: Vec<&Edge> = g
            .edges()
            .filter(|e| nodes.contains(e.source.as_str()) && nodes.contains(e.target.as_str()))
            .filter(|e| self.min_weight <= 1 || e.weight >= self.min_weight)
            .filter(|e| relations.is_empty() || relations.contains(&e.relation.to_lowercase()))
            .filter(|e| classes.is_empty() || classes.contains(&e.class.as_str().to_lowercase()))
            .filter(|e| self.dates_overlap(e))
            .collect();

        if let Some(f) = focus {
            let near = neighbourhood(f, self.hops, &edges);
            nodes.retain(|n| near.contains(n));
            edges.retain(|e| near.contains(e.source.as_str()) && near.contains(e.target.as_str()));
        }

        if let Some(top) = self.top {
            let mut strength: BTreeMap<&str, usize> = nodes.iter().map(|n| (*n, 0)).collect();
            for e in &edges {
                for end in [e.source.as_str(), e.target.as_str()] {
                    if let Some(w) = strength.get_mut(end) {
                        *w += e.weight;
                    }
                }
            }
            // Only connected nodes compete: a node without an edge is no
            // "most connected" node, whatever the ties.
            let mut ranked: Vec<(&str, usize)> =
                strength.into_iter().filter(|&(_, w)| w > 0).collect();
            ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let kept: BTreeSet<&str> = ranked.into_iter().take(top).map(|(n, _)| n).collect();
            nodes.retain(|n| kept.contains(n));
            edges.retain(|e| kept.contains(e.source.as_str()) && kept.contains(e.target.as_str()));
        }

        if self.top.is_some()
            && let Some(f) = focus
        {
            nodes.insert(f);
        }

        let kept_nodes: Vec<Node> = g
            .nodes()
            .filter(|n| nodes.contains(n.id.as_str()))
            .cloned()
            .collect();
        let mut meta = g.meta().clone();
        meta.merges.retain(|m| nodes.contains(m.into.as_str()));
        let description = self.describe(focus);
        meta.filter = Some(match meta.filter.take() {
            Some(before) => format!("{before}; {description}"),
            None => description,
        });
        KnowledgeGraph::from_parts(meta, kept_nodes, edges.into_iter().cloned().collect())
            .map_err(|e| Error::Internal(format!("filter produced an inconsistent graph: {e}")))
    }

    /// The graph without its isolated nodes (nodes without an edge), the
    /// focus excepted; the graph's filter record says so when any went.
    pub fn without_isolated(&self, g: &KnowledgeGraph) -> Result<KnowledgeGraph> {
        let focus = match &self.focus {
            Some(f) => find_focus(g, f).ok(),
            None => None,
        };
        let linked: BTreeSet<&str> = g
            .edges()
            .flat_map(|e| [e.source.as_str(), e.target.as_str()])
            .chain(focus)
            .collect();
        if linked.len() == g.node_count() {
            return Ok(g.clone());
        }
        let dropped = g.node_count() - linked.len();
        let nodes: Vec<Node> = g
            .nodes()
            .filter(|n| linked.contains(n.id.as_str()))
            .cloned()
            .collect();
        let mut meta = g.meta().clone();
        meta.merges.retain(|m| linked.contains(m.into.as_str()));
        let note = format!("isolated={dropped} dropped");
        meta.filter = Some(match meta.filter.take() {
            Some(before) => format!("{before} {note}"),
            None => note,
        });
        KnowledgeGraph::from_parts(meta, nodes, g.edges().cloned().collect())
            .map_err(|e| Error::Internal(format!("dropping isolated nodes: {e}")))
    }

    fn dates_overlap(&self, e: &Edge) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        let (Some(first), Some(last)) = (&e.first_date, &e.last_date) else {
            return false;
        };
        let since_ok = self.since.as_ref().is_none_or(|s| s.reached_by(last));
        let until_ok = self.until.as_ref().is_none_or(|u| u.not_passed_by(first));
        since_ok && until_ok
    }

    /// A readable record of the settings, kept in [`crate::graph::GraphMeta::filter`].
    fn describe(&self, focus: Option<&str>) -> String {
        let mut parts = Vec::new();
        if let Some(f) = focus {
            parts.push(format!("focus={f} hops={}", self.hops));
        }
        if self.min_weight > 1 {
            parts.push(format!("min_weight={}", self.min_weight));
        }
        if !self.relations.is_empty() {
            parts.push(format!("relations={}", sorted_join(&self.relations)));
        }
        if !self.classes.is_empty() {
            parts.push(format!("classes={}", sorted_join(&self.classes)));
        }
        if !self.types.is_empty() {
            let types: BTreeSet<&str> = self.types.iter().map(|t| t.as_str()).collect();
            parts.push(format!(
                "types={}",
                types.into_iter().collect::<Vec<_>>().join(",")
            ));
        }
        if let Some(s) = &self.since {
            parts.push(format!("since={s}"));
        }
        if let Some(u) = &self.until {
            parts.push(format!("until={u}"));
        }
        if let Some(t) = self.top {
            parts.push(format!("top={t}"));
        }
        parts.join(" ")
    }
}

fn sorted_join(items: &[String]) -> String {
    let set: BTreeSet<String> = items.iter().map(|s| s.trim().to_lowercase()).collect();
    set.into_iter().collect::<Vec<_>>().join(",")
}

/// Finds the focus node: exact id; then, case-insensitive, the id (also
/// without `ent:`) or label; an ISO 3166 alpha-3 code; an alias; a member
/// key or label.
fn find_focus<'g>(g: &'g KnowledgeGraph, wanted: &str) -> Result<&'g str> {
    let want = wanted.trim();
    if let Some(n) = g.node(want) {
        return Ok(n.id.as_str());
    }
    let lower = want.to_lowercase();
    let tiers: [&dyn Fn(&Node) -> bool; 4] = [
        &|n: &Node| {
            let id = n.id.to_lowercase();
            id == lower
                || id.strip_prefix("ent:") == Some(&lower)
                || n.label.to_lowercase() == lower
        },
        // An ISO 3166 code (`IRN`, `irn`): the country's (places in a
        // country carry its code too).
        &|n: &Node| {
            n.kind == EntityType::Country
                && n.iso
                    .as_deref()
                    .is_some_and(|iso| iso.to_lowercase() == lower)
        },
        &|n: &Node| n.aliases.iter().any(|a| a.to_lowercase() == lower),
        &|n: &Node| {
            n.members
                .iter()
                .any(|m| m.key.to_lowercase() == lower || m.label.to_lowercase() == lower)
        },
    ];
    for matches in tiers {
        let found: Vec<&str> = g
            .nodes()
            .filter(|n| matches(n))
            .map(|n| n.id.as_str())
            .collect();
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(one),
            many => {
                return Err(Error::Usage(format!(
                    "focus {wanted:?} is ambiguous: it names {}; give a node id",
                    many.join(", ")
                )));
            }
        }
    }
    Err(Error::Usage(format!(
        "focus {wanted:?}: no entity has this id, name or alias"
    )))
}

/// Nodes within `hops` edges of `start`, ignoring direction.
fn neighbourhood<'a>(start: &'a str, hops: usize, edges: &[&'a Edge]) -> BTreeSet<&'a str> {
    let mut adjacent: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in edges {
        adjacent.entry(&e.source).or_default().insert(&e.target);
        adjacent.entry(&e.target).or_default().insert(&e.source);
    }
    let mut seen = BTreeSet::from([start]);
    let mut queue = VecDeque::from([(start, 0usize)]);
    while let Some((n, d)) = queue.pop_front() {
        if d == hops {
            continue;
        }
        for &m in adjacent.get(n).into_iter().flatten() {
            if seen.insert(m) {
                queue.push_back((m, d + 1));
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::GraphBuilder;
    use crate::graph::testutil::{doc, rel};

    fn graph() -> KnowledgeGraph {
        let mut b = GraphBuilder::new();
        let a = doc(
            "a",
            Some("2025-04-12"),
            &[
                ("Oman", "country:OMN", EntityType::Country),
                ("Iran", "country:IRN", EntityType::Country),
                ("United States", "country:USA", EntityType::Country),
                (
                    "Abbas Araghchi",
                    "person:abbas araghchi",
                    EntityType::Person,
                ),
                ("Muscat", "location:muscat", EntityType::Location),
            ],
            vec![
                rel("mediates", "CONSULT", "Oman", "Iran", 0),
                rel("mediates", "CONSULT", "Oman", "United States", 1),
                rel(
                    "foreign_minister_of",
                    "AFFILIATION",
                    "Abbas Araghchi",
                    "Iran",
                    2,
                ),
                rel("located_in", "LOCATED_IN", "Oman", "Muscat", 3),
            ],
        );
        let c = doc(
            "c",
            Some("2025-05-02"),
            &[
                ("Oman", "country:OMN", EntityType::Country),
                ("Iran", "country:IRN", EntityType::Country),
                ("United States", "country:USA", EntityType::Country),
            ],
            vec![
                rel("mediates", "CONSULT", "Oman", "Iran", 0),
                rel("threatens", "THREATEN", "United States", "Iran", 1),
            ],
        );
        assert!(b.add_extraction(&a).is_empty());
        assert!(b.add_extraction(&c).is_empty());
        b.finish()
    }

    fn ids(g: &KnowledgeGraph) -> Vec<&str> {
        g.nodes().map(|n| n.id.as_str()).collect()
    }

    #[test]
    fn empty_filter_keeps_everything() {
        let g = graph();
        let f = Filter::default().apply(&g).unwrap();
        assert_eq!(f.node_count(), g.node_count());
        assert_eq!(f.edge_count(), g.edge_count());
        assert!(f.meta().filter.is_none());
    }

    #[test]
    fn focus_and_hops() {
        let g = graph();
        let one = Filter {
            focus: Some("abbas araghchi".into()),
            hops: 1,
            ..Filter::default()
        }
        .apply(&g)
        .unwrap();
        assert_eq!(ids(&one), ["ent:country:IRN", "ent:person:abbas-araghchi"]);
        let two = Filter {
            focus: Some("ent:person:abbas-araghchi".into()),
            hops: 2,
            ..Filter::default()
        }
        .apply(&g)
        .unwrap();
        assert_eq!(
            ids(&two),
            [
                "ent:country:IRN",
                "ent:country:OMN",
                "ent:country:USA",
                "ent:person:abbas-araghchi"
            ]
        );
        assert_eq!(two.edge_count(), 4);
        assert_eq!(
            two.meta().filter.as_deref(),
            Some("focus=ent:person:abbas-araghchi hops=2")
        );
    }

    #[test]
    fn unknown_and_ambiguous_focus_are_usage_errors() {
        let g = graph();
        let e = Filter {
            focus: Some("Atlantis".into()),
            ..Filter::default()
        }
        .apply(&g)
        .unwrap_err();
        assert!(
            matches!(&e, Error::Usage(m) if m.contains("\"Atlantis\"")),
            "{e}"
        );
    }

    #[test]
    fn edge_filters_keep_nodes_and_isolated_ones_go_on_request() {
        let g = graph();
        let f = Filter {
            min_weight: 2,
            ..Filter::default()
        };
        let kept = f.apply(&g).unwrap();
        assert_eq!(kept.node_count(), g.node_count());
        assert_eq!(kept.edge_count(), 1);
        let trimmed = f.without_isolated(&kept).unwrap();
        assert_eq!(ids(&trimmed), ["ent:country:IRN", "ent:country:OMN"]);
        assert!(
            trimmed
                .meta()
                .filter
                .as_deref()
                .unwrap()
                .contains("isolated=3 dropped")
        );
        let f = Filter {
            classes: vec!["affiliation".into(), "threaten".into()],
            ..Filter::default()
        };
        assert_eq!(f.apply(&g).unwrap().edge_count(), 2);
        let f = Filter {
            relations: vec!["Located_In".into()],
            ..Filter::default()
        };
        let trimmed = f.without_isolated(&f.apply(&g).unwrap()).unwrap();
        assert_eq!(ids(&trimmed), ["ent:country:OMN", "ent:location:muscat"]);
        // The focus stays, even without an edge.
        let f = Filter {
            focus: Some("IRN".into()),
            relations: vec!["located_in".into()],
            ..Filter::default()
        };
        let trimmed = f.without_isolated(&f.apply(&g).unwrap()).unwrap();
        assert_eq!(ids(&trimmed), ["ent:country:IRN"]);
    }

    #[test]
    fn values_are_checked_against_the_vocabulary() {
        let known: BTreeSet<String> = ["mediates".to_string()].into();
        let ok = Filter {
            relations: vec!["Mediates".into()],
            classes: vec!["consult".into()],
            ..Filter::default()
        };
        assert!(ok.check(&known).is_ok());
        for bad in [
            Filter {
                relations: vec!["attack".into()],
                ..Filter::default()
            },
            Filter {
                classes: vec!["FOO".into()],
                ..Filter::default()
            },
            Filter {
                since: DateBound::parse("2025-05"),
                until: DateBound::parse("2025-04"),
                ..Filter::default()
            },
        ] {
            assert!(matches!(bad.check(&known), Err(Error::Usage(_))), "{bad:?}");
        }
    }

    #[test]
    fn date_ranges_overlap() {
        let g = graph();
        let count = |since: Option<&str>, until: Option<&str>| {
            Filter {
                since: since.map(|s| DateBound::parse(s).unwrap()),
                until: until.map(|u| DateBound::parse(u).unwrap()),
                ..Filter::default()
            }
            .apply(&g)
            .map(|f| f.edge_count())
        };
        assert_eq!(count(Some("2025-05"), None).unwrap(), 2); // mediates (a..c), threatens
        assert_eq!(count(None, Some("2025-04")).unwrap(), 4);
        assert_eq!(count(Some("2025-04-13"), Some("2025-05-01")).unwrap(), 1);
        assert_eq!(count(Some("2026"), None).unwrap(), 0);
    }

    #[test]
    fn types_and_top() {
        let g = graph();
        let f = Filter {
            types: vec![EntityType::Country],
            ..Filter::default()
        }
        .apply(&g)
        .unwrap();
        assert_eq!(
            ids(&f),
            ["ent:country:IRN", "ent:country:OMN", "ent:country:USA"]
        );
        let f = Filter {
            top: Some(2),
            ..Filter::default()
        }
        .apply(&g)
        .unwrap();
        // Iran: 2 + 1 + 1 = 4, Oman: 2 + 1 + 1 = 4 (tie, by id).
        assert_eq!(ids(&f), ["ent:country:IRN", "ent:country:OMN"]);
    }
}
