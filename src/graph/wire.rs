//! How the graph file writes the types it shares with the extraction record.
//!
//! An argument and a document's metadata are one type each across the
//! crate ([`Arg`], [`DocMeta`]), but the graph file has always laid them out
//! its own way: an argument as `{"text", "start", "end", "key"}` (the
//! record writes `{"start", "end", "text", "entity"}`), a document with its
//! date before its title. These adapters keep that contract byte for byte.

use super::model::DocumentEntry;
use crate::document::DocMeta;
use crate::record::Arg;
use crate::span::Span;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A subject or object: `{"text", "start", "end", "key"}`.
pub(super) mod arg {
    use super::*;

    #[derive(Serialize)]
    struct Out<'a> {
        text: &'a str,
        start: usize,
        end: usize,
        key: &'a str,
    }

    #[derive(Deserialize)]
    struct In {
        text: String,
        start: usize,
        end: usize,
        key: String,
    }

    pub(in crate::graph) fn serialize<S: Serializer>(a: &Arg, s: S) -> Result<S::Ok, S::Error> {
        Out {
            text: &a.text,
            start: a.span.start,
            end: a.span.end,
            key: &a.entity,
        }
        .serialize(s)
    }

    pub(in crate::graph) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Arg, D::Error> {
        let a = In::deserialize(d)?;
        Ok(Arg {
            span: Span {
                start: a.start,
                end: a.end,
            },
            text: a.text,
            entity: a.key,
        })
    }
}

/// A speaker: `{"text", "start", "end", "key"?}`.
pub(super) mod speaker {
    use super::*;

    #[derive(Serialize)]
    struct Out<'a> {
        text: &'a str,
        start: usize,
        end: usize,
        #[serde(skip_serializing_if = "Option::is_none")]
        key: Option<&'a str>,
    }

    #[derive(Deserialize)]
    struct In {
        text: String,
        start: usize,
        end: usize,
        #[serde(default)]
        key: Option<String>,
    }

    pub(in crate::graph) fn serialize<S: Serializer>(
        a: &Option<Arg<Option<String>>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        a.as_ref()
            .map(|a| Out {
                text: &a.text,
                start: a.span.start,
                end: a.span.end,
                key: a.entity.as_deref(),
            })
            .serialize(s)
    }

    pub(in crate::graph) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Arg<Option<String>>>, D::Error> {
        Ok(Option::<In>::deserialize(d)?.map(|a| Arg {
            span: Span {
                start: a.start,
                end: a.end,
            },
            text: a.text,
            entity: a.key,
        }))
    }
}

/// A document entry as written: metadata fields flat, date first.
#[derive(Serialize)]
pub(super) struct DocumentOut {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    sentences: usize,
    words: usize,
    relations_without_object: usize,
}

/// A document entry as read.
#[derive(Deserialize)]
pub(super) struct DocumentIn {
    id: String,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    source: Option<String>,
    sentences: usize,
    words: usize,
    relations_without_object: usize,
}

impl From<DocumentEntry> for DocumentOut {
    fn from(d: DocumentEntry) -> Self {
        let DocMeta {
            id,
            title,
            date,
            url,
            source,
        } = d.meta;
        DocumentOut {
            id,
            date,
            title,
            url,
            source,
            sentences: d.sentences,
            words: d.words,
            relations_without_object: d.relations_without_object,
        }
    }
}

impl From<DocumentIn> for DocumentEntry {
    fn from(d: DocumentIn) -> Self {
        DocumentEntry {
            meta: DocMeta {
                id: d.id,
                title: d.title,
                date: d.date,
                url: d.url,
                source: d.source,
            },
            sentences: d.sentences,
            words: d.words,
            relations_without_object: d.relations_without_object,
        }
    }
}
