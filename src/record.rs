//! The extraction record: what `newsgraph extract` writes, one JSON line per
//! document, and what `newsgraph merge` reads back.
//!
//! The shape follows the evaluation contract (`doc`, `mentions`, `relations`
//! with code point offsets) and adds fields the graph stage needs: a format
//! tag, the per-document entity table with cross-document keys, and flags on
//! relations. Every span is a code point range into the document text (see
//! [`crate::span`]), written as the two fields `start` and `end`.

use crate::document::DocMeta;
use crate::ontology::{EntityType, Relation};
use crate::span::Span;
use serde::{Deserialize, Serialize};

/// The value of [`Extraction::format`] written by this version.
pub const EXTRACTION_FORMAT: &str = "newsgraph-extraction/1";

/// A document as the record describes it: its metadata (the text itself is
/// not carried) and what extraction counted in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRecord {
    /// Id, title, date, URL and provenance, as read.
    #[serde(flatten)]
    pub meta: DocMeta,
    /// Number of sentences found.
    #[serde(default)]
    pub sentences: usize,
    /// Number of words found.
    #[serde(default)]
    pub words: usize,
    /// The wire dateline the text opens with ("OSLO, May 9 (Reuters) -").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dateline: Option<DatelineRecord>,
}

/// A wire dateline: where and by whom the story was filed. Its place and
/// agency take no part in relations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatelineRecord {
    /// Where the dateline is in the document text, dash included.
    #[serde(flatten)]
    pub span: Span,
    /// The text at [`DatelineRecord::span`].
    pub text: String,
    /// The place, as written ("LVIV, Ukraine").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// The agency, as written ("Reuters").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agency: Option<String>,
}

/// One entity of one document, as resolved inside the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityRecord {
    /// The in-document id: the canonical name (mentions refer to it).
    pub id: String,
    /// The cross-document key (`country:IRN`, `person:abbas araghchi`).
    pub key: String,
    /// The entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// ISO 3166 alpha-3 code for countries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iso: Option<String>,
    /// Distinct surface forms seen in the document, sorted.
    pub aliases: Vec<String>,
    /// Number of mentions in the document.
    pub mentions: usize,
}

/// One entity mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentionRecord {
    /// Where it is in the document text.
    #[serde(flatten)]
    pub span: Span,
    /// The text at [`MentionRecord::span`].
    pub text: String,
    /// The entity type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// The in-document entity id it resolves to.
    pub entity: String,
    /// How the mention was found and resolved (`gazetteer`, `title`,
    /// `surname`, `pronoun`, …).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub rule: String,
}

/// A stretch of a document's text that names an entity: a relation's
/// subject, object or speaker. The same type serves the record and the
/// graph; `E` says what the argument refers to: the in-document entity id in
/// a record, the raw member key in the graph (for a speaker, a key when the
/// speaker is a known entity).
///
/// Written here as `{"start", "end", "text", "entity"}`; the graph file
/// writes it as `{"text", "start", "end", "key"}` (see
/// [`crate::graph::Evidence`]). Ordered by text, then span, then reference.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Arg<E = String> {
    /// Where it is in the document text.
    #[serde(flatten)]
    pub span: Span,
    /// The text at [`Arg::span`].
    pub text: String,
    /// What it refers to.
    pub entity: E,
}

impl<E: Ord> Ord for Arg<E> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (&self.text, self.span, &self.entity).cmp(&(&other.text, other.span, &other.entity))
    }
}

impl<E: Ord> PartialOrd for Arg<E> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// One relation mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationRecord {
    /// The relation: name, class and CAMEO code (written as the three
    /// fields `relation`, `class`, `cameo`).
    #[serde(flatten)]
    pub relation: Relation,
    /// Who acts.
    pub subject: Arg,
    /// Whom it is done to; `None` for events without a target.
    pub object: Option<Arg>,
    /// The sentence (or clause) that supports the relation.
    pub evidence: Span,
    /// The evidence text (the quote shown to analysts).
    #[serde(default)]
    pub quote: String,
    /// 0-based sentence index in the document.
    #[serde(default)]
    pub sentence: usize,
    /// Direction does not matter (negotiates_with, meets_with, …).
    #[serde(default, skip_serializing_if = "is_false")]
    pub symmetric: bool,
    /// The text denies the event ("did not attack").
    #[serde(default, skip_serializing_if = "is_false")]
    pub negated: bool,
    /// Intended, promised or future rather than done ("will hold talks").
    #[serde(default, skip_serializing_if = "is_false")]
    pub intent: bool,
    /// A role that was held, not held now ("former foreign minister").
    #[serde(default, skip_serializing_if = "is_false")]
    pub past: bool,
    /// The speaker, for reported speech.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_to: Option<Arg>,
    /// The extraction rule that produced it.
    #[serde(default)]
    pub rule: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Everything extracted from one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Extraction {
    /// Format tag, [`EXTRACTION_FORMAT`].
    pub format: String,
    /// The document.
    pub doc: DocRecord,
    /// The document's entities.
    pub entities: Vec<EntityRecord>,
    /// Entity mentions, in text order.
    pub mentions: Vec<MentionRecord>,
    /// Relation mentions, in text order.
    pub relations: Vec<RelationRecord>,
}

/// Parses one line of an extraction file (what `newsgraph extract` writes,
/// what `newsgraph merge` reads).
///
/// The format tag is checked first, so a line written by another version,
/// or a JSON line that is no extraction at all, gets a message saying so
/// rather than a complaint about some missing field deep inside. The error
/// is a message for a person; the caller adds the file and line.
pub fn parse_extraction_line(line: &[u8]) -> std::result::Result<Extraction, String> {
    let v: serde_json::Value =
        serde_json::from_slice(line).map_err(|e| format!("invalid JSON: {e}"))?;
    match v.get("format").and_then(|f| f.as_str()) {
        Some(EXTRACTION_FORMAT) => {}
        Some(other) => {
            return Err(format!(
                "extraction written as {other:?}; this version reads {EXTRACTION_FORMAT:?} (re-run `newsgraph extract`)"
            ));
        }
        None => {
            return Err(format!(
                "not a newsgraph extraction record (no \"format\": {EXTRACTION_FORMAT:?})"
            ));
        }
    }
    serde_json::from_value(v).map_err(|e| format!("invalid extraction record: {e}"))
}
