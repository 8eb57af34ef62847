//! Small builders of extraction records for unit tests.

use crate::document::DocMeta;
use crate::ontology::{EntityType, Relation};
use crate::record::{Arg, DocRecord, EXTRACTION_FORMAT, EntityRecord, Extraction, RelationRecord};
use crate::span::Span;

/// A document with entities `(canonical name, key, type)` and relations.
pub(crate) fn doc(
    id: &str,
    date: Option<&str>,
    entities: &[(&str, &str, EntityType)],
    relations: Vec<RelationRecord>,
) -> Extraction {
    Extraction {
        format: EXTRACTION_FORMAT.to_string(),
        doc: DocRecord {
            meta: DocMeta {
                id: id.to_string(),
                title: Some(format!("Title of {id}")),
                date: date.map(str::to_string),
                url: None,
                source: None,
            },
            sentences: relations.len().max(1),
            words: 10 * relations.len().max(1),
            dateline: None,
        },
        entities: entities
            .iter()
            .map(|&(name, key, kind)| EntityRecord {
                id: name.to_string(),
                key: key.to_string(),
                kind,
                iso: (kind == EntityType::Country)
                    .then(|| key.trim_start_matches("country:").to_string()),
                aliases: vec![name.to_string()],
                mentions: 1,
            })
            .collect(),
        mentions: Vec::new(),
        relations,
    }
}

/// A relation between two in-document entity ids in sentence `sentence`.
pub(crate) fn rel(
    relation: &str,
    class: &str,
    subject: &str,
    object: &str,
    sentence: usize,
) -> RelationRecord {
    let start = sentence * 100;
    let quote = format!("{subject} {relation} {object}.");
    let s_end = start + subject.chars().count();
    let o_start = start + quote.chars().count() - 1 - object.chars().count();
    RelationRecord {
        relation: Relation::lookup(relation, class, "").expect("a known class"),
        subject: Arg {
            span: Span { start, end: s_end },
            text: subject.to_string(),
            entity: subject.to_string(),
        },
        object: Some(Arg {
            span: Span {
                start: o_start,
                end: o_start + object.chars().count(),
            },
            text: object.to_string(),
            entity: object.to_string(),
        }),
        evidence: Span {
            start,
            end: start + quote.chars().count(),
        },
        quote,
        sentence,
        symmetric: false,
        negated: false,
        intent: false,
        past: false,
        attributed_to: None,
        rule: "test".to_string(),
    }
}
