//! Per-document extraction: sentences, mentions, in-document resolution and
//! relations.
//!
//! Stages, each in its own module and each keeping byte offsets into the
//! original text until [`extract`] converts them to code point spans:
//!
//! 1. [`tokens`]: words, numbers, possessives, punctuation;
//! 2. [`sentences`]: a rule-based splitter for news prose and headlines;
//! 3. [`mentions`]: gazetteer matches, titles, capitalized names, pronouns,
//!    and their resolution to one entity per real-world referent;
//! 4. [`relations`]: trigger words and role patterns to typed relations.

pub mod mentions;
pub mod relations;
pub mod sentences;
pub mod tokens;

use crate::document::Document;
use crate::lexicon::Lexicon;
use crate::ontology::EntityType;
use crate::record::{
    Arg, DocMeta, EXTRACTION_FORMAT, EntityRecord, Evidence, Extraction, Mention as MentionRecord,
    RelationRecord,
};
use crate::span::CharMap;
use std::collections::BTreeMap;
use std::ops::Range;
use tokens::{TokKind, Token};

/// A tokenized, sentence-split document, shared by the later stages.
pub struct Doc<'a> {
    /// The original text.
    pub text: &'a str,
    /// Tokens.
    pub toks: Vec<Token>,
    /// Lowercase text of each token.
    pub lower: Vec<String>,
    /// Sentences as token ranges.
    pub sents: Vec<Range<usize>>,
    /// Sentence index of each token.
    pub sent_of: Vec<usize>,
    /// The lexicon.
    pub lex: &'a Lexicon,
}

impl<'a> Doc<'a> {
    /// Tokenizes and splits `text`.
    pub fn new(text: &'a str, lex: &'a Lexicon) -> Self {
        let toks = tokens::tokenize(text);
        let lower: Vec<String> = toks
            .iter()
            .map(|t| text[t.start..t.end].to_lowercase())
            .collect();
        let starters = |w: &str| lex.stopwords.contains(w);
        let sents = sentences::split(text, &toks, &starters);
        let mut sent_of = vec![0; toks.len()];
        for (si, r) in sents.iter().enumerate() {
            for t in r.clone() {
                sent_of[t] = si;
            }
        }
        Doc {
            text,
            toks,
            lower,
            sents,
            sent_of,
            lex,
        }
    }

    /// The original text of token `i`, or "" out of range.
    pub fn tok(&self, i: usize) -> &'a str {
        match self.toks.get(i) {
            Some(t) => &self.text[t.start..t.end],
            None => "",
        }
    }

    /// Lowercase text of token `i`, or "" out of range.
    pub fn low(&self, i: usize) -> &str {
        self.lower.get(i).map(String::as_str).unwrap_or("")
    }

    /// True if token `i` is a word starting with an uppercase letter.
    pub fn is_cap(&self, i: usize) -> bool {
        i < self.toks.len()
            && self.toks[i].kind == TokKind::Word
            && self.tok(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Byte range of the token range `r`.
    pub fn bytes(&self, r: &Range<usize>) -> Range<usize> {
        self.toks[r.start].start..self.toks[r.end - 1].end
    }

    /// Byte range of sentence `s`, without trailing whitespace.
    pub fn sentence_bytes(&self, s: usize) -> Range<usize> {
        self.bytes(&self.sents[s])
    }

    /// Number of word tokens.
    pub fn word_count(&self) -> usize {
        self.toks
            .iter()
            .filter(|t| t.kind == TokKind::Word || t.kind == TokKind::Number)
            .count()
    }
}

/// Extracts mentions and relations from one document.
pub fn extract(doc: &Document, lex: &Lexicon) -> Extraction {
    let d = Doc::new(&doc.text, lex);
    let found = mentions::find(&d);
    let rels = relations::find(&d, &found);
    let map = CharMap::new(&doc.text);
    let text = doc.text.as_str();

    let entity_id = |e: usize| found.entities[e].canonical.clone();
    let mut entity_counts: BTreeMap<usize, (usize, std::collections::BTreeSet<String>)> =
        BTreeMap::new();
    let mut mentions = Vec::with_capacity(found.mentions.len());
    for m in &found.mentions {
        let span = map.span(m.start, m.end);
        let surface = &text[m.start..m.end];
        let e = entity_counts.entry(m.entity).or_default();
        e.0 += 1;
        if m.rule != "pronoun" && m.rule != "definite" {
            e.1.insert(surface.to_string());
        }
        mentions.push(MentionRecord {
            start: span.start,
            end: span.end,
            text: surface.to_string(),
            kind: m.kind,
            entity: entity_id(m.entity),
            rule: m.rule.to_string(),
        });
    }
    let mut entities: Vec<EntityRecord> = entity_counts
        .into_iter()
        .map(|(e, (n, forms))| {
            let ent = &found.entities[e];
            EntityRecord {
                id: ent.canonical.clone(),
                key: ent.key.clone(),
                kind: ent.kind,
                iso: ent.iso.clone(),
                aliases: forms.into_iter().collect(),
                mentions: n,
            }
        })
        .collect();
    entities.sort_by(|a, b| a.id.cmp(&b.id).then(a.key.cmp(&b.key)));

    let arg = |m: &mentions::Mention| {
        let span = map.span(m.start, m.end);
        Arg {
            start: span.start,
            end: span.end,
            text: text[m.start..m.end].to_string(),
            entity: entity_id(m.entity),
        }
    };
    let relations = rels
        .iter()
        .map(|r| {
            let ev = map.span(r.evidence.start, r.evidence.end);
            RelationRecord {
                relation: r.relation.clone(),
                class: r.class.clone(),
                cameo: (!r.cameo.is_empty()).then(|| r.cameo.clone()),
                subject: arg(&found.mentions[r.subject]),
                object: r.object.map(|o| arg(&found.mentions[o])),
                evidence: Evidence {
                    start: ev.start,
                    end: ev.end,
                },
                quote: text[r.evidence.clone()].to_string(),
                sentence: r.sentence,
                symmetric: r.symmetric,
                negated: r.negated,
                intent: r.intent,
                attributed_to: r.attributed_to.map(|a| arg(&found.mentions[a])),
                rule: r.rule.to_string(),
            }
        })
        .collect();
    Extraction {
        format: EXTRACTION_FORMAT.to_string(),
        doc: DocMeta {
            id: doc.id.clone(),
            title: doc.title.clone(),
            date: doc.date.clone(),
            url: doc.url.clone(),
            source: doc.source.clone(),
            sentences: d.sents.len(),
            words: d.word_count(),
        },
        entities,
        mentions,
        relations,
    }
}

/// Entity type used when a mention's type is unknown.
pub const UNKNOWN: EntityType = EntityType::Other;
