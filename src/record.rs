//! The extraction record: what `newsgraph extract` writes, one JSON line per
//! document, and what `newsgraph merge` reads back.
//!
//! The shape follows the evaluation contract (`doc`, `mentions`, `relations`
//! with code point offsets) and adds fields the graph stage needs: a format
//! tag, the per-document entity table with cross-document keys, and flags on
//! relations. Every `start`/`end` is a code point offset into the document
//! text (see [`crate::span`]).

use crate::ontology::EntityType;
use serde::{Deserialize, Serialize};

/// The value of [`Extraction::format`] written by this version.
pub const EXTRACTION_FORMAT: &str = "newsgraph-extraction/1";

/// Document metadata carried into the record (the text itself is not).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocMeta {
    /// The input document id.
    pub id: String,
    /// Headline, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Date `YYYY-MM-DD`, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// URL, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Provenance, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Number of sentences found.
    #[serde(default)]
    pub sentences: usize,
    /// Number of words found.
    #[serde(default)]
    pub words: usize,
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
pub struct Mention {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// `text[start..end]`.
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

/// A relation argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arg {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// `text[start..end]`.
    pub text: String,
    /// The in-document entity id.
    pub entity: String,
}

/// A code point range of supporting text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// One relation mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelationRecord {
    /// Fine relation name (`mediates`, `foreign_minister_of`).
    pub relation: String,
    /// PLOVER class or `AFFILIATION` / `LOCATED_IN`.
    pub class: String,
    /// CAMEO code, where one fits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// Who acts.
    pub subject: Arg,
    /// Whom it is done to; `None` for events without a target.
    pub object: Option<Arg>,
    /// The sentence (or clause) that supports the relation.
    pub evidence: Evidence,
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
    /// Document metadata.
    pub doc: DocMeta,
    /// The document's entities.
    pub entities: Vec<EntityRecord>,
    /// Entity mentions, in text order.
    pub mentions: Vec<Mention>,
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
