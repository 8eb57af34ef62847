//! Hand-built extraction records for the graph and export tests.
//!
//! Included by `tests/graph_merge.rs`, `tests/export_golden.rs` and
//! `tests/clients.rs` with `#[path = "golden/fixtures.rs"] mod fixtures;`.
//! Offsets are computed from the sentences, so every span slices the
//! document text to the recorded string, as extraction guarantees.

#![allow(dead_code)]

use newsgraph::document::DocMeta;
use newsgraph::graph::{GraphBuilder, KnowledgeGraph};
use newsgraph::ontology::{EntityType, Relation};
use newsgraph::record::{
    Arg, DocRecord, EXTRACTION_FORMAT, EntityRecord, Extraction, RelationRecord,
};
use newsgraph::span::Span;

/// Builds one document's extraction from its sentences.
pub struct DocBuilder {
    x: Extraction,
    /// (first code point, text) of every sentence.
    sentences: Vec<(usize, String)>,
    text: String,
}

impl DocBuilder {
    /// A document whose text is the sentences joined by one space.
    pub fn new(id: &str, date: Option<&str>, title: &str, sentences: &[&str]) -> Self {
        let mut spans = Vec::new();
        let mut text = String::new();
        for s in sentences {
            if !text.is_empty() {
                text.push(' ');
            }
            spans.push((text.chars().count(), s.to_string()));
            text.push_str(s);
        }
        let words = text.split_whitespace().count();
        DocBuilder {
            x: Extraction {
                format: EXTRACTION_FORMAT.to_string(),
                doc: DocRecord {
                    meta: DocMeta {
                        id: id.to_string(),
                        title: Some(title.to_string()),
                        date: date.map(str::to_string),
                        url: Some(format!("https://news.example/{id}")),
                        source: None,
                    },
                    sentences: sentences.len(),
                    words,
                    dateline: None,
                },
                entities: Vec::new(),
                mentions: Vec::new(),
                relations: Vec::new(),
            },
            sentences: spans,
            text,
        }
    }

    /// Adds an entity; its mentions are the occurrences of its aliases.
    pub fn entity(mut self, id: &str, key: &str, kind: EntityType, aliases: &[&str]) -> Self {
        let mut aliases: Vec<String> = aliases.iter().map(|a| a.to_string()).collect();
        if aliases.is_empty() {
            aliases.push(id.to_string());
        }
        aliases.sort();
        aliases.dedup();
        let mentions = aliases
            .iter()
            .map(|a| self.text.matches(a.as_str()).count())
            .sum::<usize>()
            .max(1);
        let iso =
            (kind == EntityType::Country).then(|| key.trim_start_matches("country:").to_string());
        self.x.entities.push(EntityRecord {
            id: id.to_string(),
            key: key.to_string(),
            kind,
            iso,
            aliases,
            mentions,
        });
        self
    }

    /// An argument: the first occurrence of `text` in sentence `sentence`.
    fn arg(&self, sentence: usize, text: &str, entity: &str) -> Arg {
        let (start, s) = &self.sentences[sentence];
        let byte = s
            .find(text)
            .unwrap_or_else(|| panic!("{text:?} is not in sentence {sentence} {s:?}"));
        let offset = start + s[..byte].chars().count();
        Arg {
            span: Span {
                start: offset,
                end: offset + text.chars().count(),
            },
            text: text.to_string(),
            entity: entity.to_string(),
        }
    }

    /// Adds a relation read in sentence `sentence`. `subject` and `object`
    /// are (text in the sentence, in-document entity id).
    pub fn rel(
        mut self,
        relation: &str,
        class: &str,
        cameo: Option<&str>,
        sentence: usize,
        subject: (&str, &str),
        object: Option<(&str, &str)>,
    ) -> Self {
        let (start, s) = &self.sentences[sentence];
        let record = RelationRecord {
            relation: Relation::lookup(relation, class, cameo.unwrap_or(""))
                .expect("a known class"),
            subject: self.arg(sentence, subject.0, subject.1),
            object: object.map(|(t, e)| self.arg(sentence, t, e)),
            evidence: Span {
                start: *start,
                end: start + s.chars().count(),
            },
            quote: s.clone(),
            sentence,
            symmetric: false,
            negated: false,
            intent: false,
            past: false,
            attributed_to: None,
            rule: format!("fixture:{relation}"),
        };
        self.x.relations.push(record);
        self
    }

    fn last(&mut self) -> &mut RelationRecord {
        self.x.relations.last_mut().expect("a relation was added")
    }

    /// Marks the last relation symmetric.
    pub fn symmetric(mut self) -> Self {
        self.last().symmetric = true;
        self
    }

    /// Marks the last relation negated.
    pub fn negated(mut self) -> Self {
        self.last().negated = true;
        self
    }

    /// Marks the last relation as intent.
    pub fn intent(mut self) -> Self {
        self.last().intent = true;
        self
    }

    /// Attributes the last relation to a speaker in the same sentence.
    pub fn said_by(mut self, text: &str, entity: &str) -> Self {
        let sentence = self.last().sentence;
        let speaker = self.arg(sentence, text, entity);
        self.last().attributed_to = Some(speaker);
        self
    }

    /// The finished record.
    pub fn build(self) -> Extraction {
        self.x
    }
}

use EntityType::{Country, Group, Location, Organization, Person};

/// Talks in Muscat; a surname mention; a negated, attributed relation.
pub fn doc_muscat() -> Extraction {
    DocBuilder::new(
        "muscat-talks",
        Some("2025-04-12"),
        "Oman hosts US-Iran talks in Muscat",
        &[
            "Oman mediated talks between the United States and Iran in Muscat.",
            "Iran's foreign minister Abbas Araghchi met US envoy Steve Witkoff.",
            "Araghchi said Iran would not negotiate with the United States under threat.",
            "The Witkoff Group praised Oman.",
        ],
    )
    .entity("Oman", "country:OMN", Country, &["Oman"])
    .entity(
        "United States",
        "country:USA",
        Country,
        &["United States", "US"],
    )
    .entity("Iran", "country:IRN", Country, &["Iran"])
    .entity("Muscat", "location:muscat", Location, &["Muscat"])
    .entity(
        "Abbas Araghchi",
        "person:abbas araghchi",
        Person,
        &["Abbas Araghchi"],
    )
    .entity("Araghchi", "person:araghchi", Person, &["Araghchi"])
    .entity(
        "Steve Witkoff",
        "person:steve witkoff",
        Person,
        &["Steve Witkoff"],
    )
    .entity(
        "Witkoff",
        "organization:witkoff",
        Organization,
        &["Witkoff Group"],
    )
    .rel(
        "mediates",
        "CONSULT",
        Some("045"),
        0,
        ("Oman", "Oman"),
        Some(("United States", "United States")),
    )
    .rel(
        "mediates",
        "CONSULT",
        Some("045"),
        0,
        ("Oman", "Oman"),
        Some(("Iran", "Iran")),
    )
    .rel(
        "negotiates_with",
        "CONSULT",
        Some("046"),
        0,
        ("United States", "United States"),
        Some(("Iran", "Iran")),
    )
    .symmetric()
    .rel(
        "foreign_minister_of",
        "AFFILIATION",
        None,
        1,
        ("Abbas Araghchi", "Abbas Araghchi"),
        Some(("Iran", "Iran")),
    )
    .rel(
        "meets_with",
        "CONSULT",
        Some("044"),
        1,
        ("Abbas Araghchi", "Abbas Araghchi"),
        Some(("Steve Witkoff", "Steve Witkoff")),
    )
    .symmetric()
    .rel(
        "envoy_of",
        "AFFILIATION",
        None,
        1,
        ("Steve Witkoff", "Steve Witkoff"),
        Some(("US", "United States")),
    )
    .rel(
        "negotiates_with",
        "CONSULT",
        Some("046"),
        2,
        ("Iran", "Iran"),
        Some(("United States", "United States")),
    )
    .symmetric()
    .negated()
    .intent()
    .said_by("Araghchi", "Araghchi")
    .rel(
        "supports",
        "SUPPORT",
        Some("051"),
        3,
        ("Witkoff Group", "Witkoff"),
        Some(("Oman", "Oman")),
    )
    .build()
}

/// Hostile names: quotes, backslashes, DOT keywords, hyphens, right-to-left
/// script, emoji, a newline and a form feed.
pub fn doc_hostile() -> Extraction {
    DocBuilder::new(
        "hostile-names",
        Some("2025-04-19"),
        "Names that break \"naive\" writers\\",
        &[
            "Al-Qaeda threatened the \"Peace\" Council in Idlib.\u{c}",
            "The node movement and the edge alliance signed an agreement with graph Partners.",
            "حزب الله accused Israel of strikes on Beirut.",
            "The 🙂 Party, also called C:\\Users Front, backed Recep Tayyip Erdoğan.",
            "Erdoğan did not attack the Gulf\nCouncil.",
            "Iran warned.",
        ],
    )
    .entity("Al-Qaeda", "group:al-qaeda", Group, &["Al-Qaeda"])
    .entity(
        "\"Peace\" Council",
        "organization:\"peace\" council",
        Organization,
        &["\"Peace\" Council"],
    )
    .entity("Idlib", "location:idlib", Location, &["Idlib"])
    .entity(
        "node",
        "organization:node",
        Organization,
        &["node movement"],
    )
    .entity(
        "edge",
        "organization:edge",
        Organization,
        &["edge alliance"],
    )
    .entity(
        "graph Partners",
        "organization:graph partners",
        Organization,
        &["graph Partners"],
    )
    .entity("حزب الله", "group:حزب الله", Group, &["حزب الله"])
    .entity("Israel", "country:ISR", Country, &["Israel"])
    .entity("Beirut", "location:beirut", Location, &["Beirut"])
    .entity(
        "🙂 Party",
        "organization:🙂 party",
        Organization,
        &["🙂 Party", "C:\\Users Front"],
    )
    .entity(
        "Recep Tayyip Erdoğan",
        "person:recep tayyip erdoğan",
        Person,
        &["Recep Tayyip Erdoğan"],
    )
    .entity("Erdoğan", "person:erdoğan", Person, &["Erdoğan"])
    .entity(
        "Gulf\nCouncil",
        "organization:gulf council",
        Organization,
        &["Gulf\nCouncil"],
    )
    .entity("Iran", "country:IRN", Country, &["Iran"])
    .rel(
        "threatens",
        "THREATEN",
        Some("130"),
        0,
        ("Al-Qaeda", "Al-Qaeda"),
        Some(("\"Peace\" Council", "\"Peace\" Council")),
    )
    .rel(
        "located_in",
        "LOCATED_IN",
        None,
        0,
        ("\"Peace\" Council", "\"Peace\" Council"),
        Some(("Idlib", "Idlib")),
    )
    .rel(
        "signs_agreement_with",
        "SUPPORT",
        Some("057"),
        1,
        ("node movement", "node"),
        Some(("graph Partners", "graph Partners")),
    )
    .rel(
        "signs_agreement_with",
        "SUPPORT",
        Some("057"),
        1,
        ("edge alliance", "edge"),
        Some(("graph Partners", "graph Partners")),
    )
    .rel(
        "accuses",
        "ACCUSE",
        Some("112"),
        2,
        ("حزب الله", "حزب الله"),
        Some(("Israel", "Israel")),
    )
    .rel(
        "attacks",
        "ASSAULT",
        Some("195"),
        2,
        ("Israel", "Israel"),
        Some(("Beirut", "Beirut")),
    )
    .rel(
        "supports",
        "SUPPORT",
        Some("051"),
        3,
        ("🙂 Party", "🙂 Party"),
        Some(("Recep Tayyip Erdoğan", "Recep Tayyip Erdoğan")),
    )
    .rel(
        "attacks",
        "ASSAULT",
        Some("190"),
        4,
        ("Erdoğan", "Erdoğan"),
        Some(("Gulf\nCouncil", "Gulf\nCouncil")),
    )
    .negated()
    .rel("warns", "THREATEN", Some("130"), 5, ("Iran", "Iran"), None)
    .build()
}

/// An undated follow-up: a second canonical name for one key, sanctions,
/// and a self-loop (Tehran standing for Iran).
pub fn doc_followup() -> Extraction {
    DocBuilder::new(
        "followup",
        None,
        "Second round of talks",
        &[
            "Steve Witkoff and Abbas Araqchi held talks in Muscat, Oman.",
            "The United States imposed sanctions on Iran.",
            "Tehran rejected Iran's critics.",
            "Oman mediated between the United States and Iran again.",
        ],
    )
    .entity(
        "Steve Witkoff",
        "person:steve witkoff",
        Person,
        &["Steve Witkoff"],
    )
    .entity(
        "Abbas Araqchi",
        "person:abbas araghchi",
        Person,
        &["Abbas Araqchi"],
    )
    .entity("Muscat", "location:muscat", Location, &["Muscat"])
    .entity("Oman", "country:OMN", Country, &["Oman"])
    .entity("United States", "country:USA", Country, &["United States"])
    .entity("Iran", "country:IRN", Country, &["Iran", "Tehran"])
    .entity("Tehran", "country:IRN", Country, &["Tehran"])
    .rel(
        "negotiates_with",
        "CONSULT",
        Some("046"),
        0,
        ("Steve Witkoff", "Steve Witkoff"),
        Some(("Abbas Araqchi", "Abbas Araqchi")),
    )
    .symmetric()
    .rel(
        "located_in",
        "LOCATED_IN",
        None,
        0,
        ("Muscat", "Muscat"),
        Some(("Oman", "Oman")),
    )
    .rel(
        "sanctions",
        "SANCTION",
        Some("163"),
        1,
        ("United States", "United States"),
        Some(("Iran", "Iran")),
    )
    .rel(
        "rejects",
        "REJECT",
        Some("120"),
        2,
        ("Tehran", "Tehran"),
        Some(("Iran", "Iran")),
    )
    .rel(
        "mediates",
        "CONSULT",
        Some("045"),
        3,
        ("Oman", "Oman"),
        Some(("Iran", "Iran")),
    )
    .build()
}

/// A second Araghchi: makes the bare surname ambiguous.
pub fn doc_second_araghchi() -> Extraction {
    DocBuilder::new(
        "second-araghchi",
        Some("2025-05-02"),
        "A namesake",
        &["Sayed Araghchi visited Oman."],
    )
    .entity(
        "Sayed Araghchi",
        "person:sayed araghchi",
        Person,
        &["Sayed Araghchi"],
    )
    .entity("Oman", "country:OMN", Country, &["Oman"])
    .rel(
        "visits",
        "CONSULT",
        Some("042"),
        0,
        ("Sayed Araghchi", "Sayed Araghchi"),
        Some(("Oman", "Oman")),
    )
    .build()
}

/// The golden corpus.
pub fn corpus() -> Vec<Extraction> {
    vec![doc_muscat(), doc_hostile(), doc_followup()]
}

/// Merges extractions in the given order, asserting no warnings.
pub fn merge(docs: &[Extraction]) -> KnowledgeGraph {
    let mut b = GraphBuilder::new();
    for d in docs {
        let w = b.add_extraction(d);
        assert!(
            w.is_empty(),
            "unexpected warnings for {}: {w:?}",
            d.doc.meta.id
        );
    }
    b.finish()
}

/// A two-document graph built from arbitrary names and a quote, for the
/// property tests: every name becomes an entity, and relations link them.
pub fn hostile_graph(names: &[String], quote: &str) -> KnowledgeGraph {
    let kinds = [
        Person,
        Country,
        Organization,
        Location,
        Group,
        EntityType::Other,
    ];
    let mut sentences: Vec<String> = Vec::new();
    for pair in names.windows(2) {
        sentences.push(format!("{} met {} ({quote}).", pair[0], pair[1]));
    }
    if sentences.is_empty() {
        sentences.push(format!(
            "{} spoke ({quote}).",
            names.first().map(String::as_str).unwrap_or("x")
        ));
    }
    let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
    let mut builder = GraphBuilder::new();
    for (n, date) in [("p1", Some("2025-01-02")), ("p2", None)] {
        let mut doc = DocBuilder::new(n, date, quote, &refs);
        let mut seen = std::collections::BTreeSet::new();
        for (i, name) in names.iter().enumerate() {
            if seen.insert(name.clone()) {
                let kind = kinds[i % kinds.len()];
                doc = doc.entity(name, &format!("{}:{name}", kind.as_str()), kind, &[name]);
            }
        }
        for (i, pair) in names.windows(2).enumerate() {
            let relation = if n == "p1" {
                "meets_with"
            } else {
                "criticizes"
            };
            doc = doc.rel(
                relation,
                "CONSULT",
                Some("040"),
                i,
                (&pair[0], &pair[0]),
                Some((&pair[1], &pair[1])),
            );
            if i % 2 == 1 {
                doc = doc.symmetric();
            }
        }
        let _ = builder.add_extraction(&doc.build());
    }
    builder.finish()
}
