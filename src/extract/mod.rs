//! Per-document extraction: sentences, mentions, in-document resolution and
//! relations.
//!
//! Stages, each in its own module and each keeping byte offsets into the
//! original text until [`extract`] converts them to code point spans:
//!
//! 1. [`crate::tokens`] and [`sentences`], brought together in a [`Doc`]:
//!    words, numbers, possessives, punctuation; a rule-based splitter for
//!    news prose and headlines;
//! 2. [`mentions`]: gazetteer matches, titles, capitalized names, pronouns,
//!    and their resolution to one entity per real-world referent;
//! 3. [`nominals`]: actors named by a common noun ("the militants"), from
//!    the parse;
//! 4. [`relations`]: role patterns, trigger words, and relation frames over
//!    the dependency parse ([`frames`]) to typed relations.
//!
//! [`explain`] prints what each stage saw and did, sentence by sentence.

pub mod dateline;
mod doc;
pub mod explain;
pub mod frames;
pub mod mentions;
pub mod nominals;
pub mod relations;
pub mod sentences;

pub use doc::Doc;

use crate::document::Document;
use crate::lexicon::Lexicon;
use crate::ontology::{EntityType, Relation};
use crate::record::{
    Arg, DatelineRecord, DocRecord, EXTRACTION_FORMAT, EntityRecord, Extraction, MentionRecord,
    RelationRecord,
};
use crate::span::CharMap;
use std::collections::BTreeMap;

/// The stages after tokenizing: mentions (names, then nominal actors) and
/// relations, with `trace` collecting the frame matches that gave nothing.
fn analyse(
    d: &Doc,
    doc_id: &str,
    trace: Option<&mut Vec<(usize, String)>>,
) -> (mentions::Found, Vec<relations::Rel>) {
    let mut found = mentions::find(d);
    localise_generic(&mut found, doc_id);
    nominals::add(d, &mut found, doc_id);
    let rels = relations::find_traced(d, &found, trace);
    (found, rels)
}

/// Makes an entity named by a bare generic head ("the Council", "the
/// Ministry", "University") document-local: two documents' "Council" are
/// rarely one body, and the merge must not join them by the word alone. A
/// gazetteer entry keeps its key: someone listed it as one body.
fn localise_generic(found: &mut mentions::Found, doc_id: &str) {
    let generic = &crate::lexicon::rule_words::rule_words().generic_head;
    let listed: std::collections::HashSet<usize> = found
        .mentions
        .iter()
        .filter(|m| m.rule == "gazetteer")
        .map(|m| m.entity)
        .collect();
    for (i, e) in found.entities.iter_mut().enumerate() {
        if listed.contains(&i) {
            continue;
        }
        let Some((kind, name)) = e.key.split_once(':') else {
            continue;
        };
        if generic.contains(name) {
            e.key = format!("{kind}:local:{doc_id}:{name}");
        }
    }
}

/// Extracts mentions and relations from one document.
pub fn extract(doc: &Document, lex: &Lexicon) -> Extraction {
    let d = Doc::new(&doc.text, lex);
    let (found, rels) = analyse(&d, &doc.meta.id, None);
    // A nominal mention is output only as an argument of a relation: "the
    // ministry" that does nothing is not worth a node.
    let mut used = vec![false; found.mentions.len()];
    for r in &rels {
        for m in [Some(r.subject), r.object, r.attributed_to]
            .into_iter()
            .flatten()
        {
            used[m] = true;
        }
    }
    let keep = |i: usize| used[i] || found.mentions[i].rule != nominals::RULE;
    let map = CharMap::new(&doc.text);
    let text = doc.text.as_str();

    let entity_id = |e: usize| found.entities[e].canonical.clone();
    let mut entity_counts: BTreeMap<usize, (usize, std::collections::BTreeSet<String>)> =
        BTreeMap::new();
    let mut mentions = Vec::with_capacity(found.mentions.len());
    for (_, m) in found.mentions.iter().enumerate().filter(|&(i, _)| keep(i)) {
        let span = map.span(m.start, m.end);
        let surface = &text[m.start..m.end];
        let e = entity_counts.entry(m.entity).or_default();
        e.0 += 1;
        if m.rule != "pronoun" && m.rule != "definite" {
            e.1.insert(surface.to_string());
        }
        mentions.push(MentionRecord {
            span,
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

    let arg = |m: &mentions::Mention| Arg {
        span: map.span(m.start, m.end),
        text: text[m.start..m.end].to_string(),
        entity: entity_id(m.entity),
    };
    let relations = rels
        .iter()
        // The relation is looked up once, here; every class the extractor
        // and the lexicon use is in the ontology (the lexicon checks its
        // triggers), so nothing is dropped.
        .filter_map(|r| Some((r, Relation::lookup(&r.relation, &r.class, &r.cameo)?)))
        .map(|(r, relation)| RelationRecord {
            relation,
            subject: arg(&found.mentions[r.subject]),
            object: r.object.map(|o| arg(&found.mentions[o])),
            evidence: map.span(r.evidence.start, r.evidence.end),
            quote: text[r.evidence.clone()].to_string(),
            sentence: r.sentence,
            symmetric: r.symmetric,
            negated: r.negated,
            intent: r.intent,
            past: r.past,
            attributed_to: r.attributed_to.map(|a| arg(&found.mentions[a])),
            rule: r.rule.to_string(),
        })
        .collect();
    let dateline = d.dateline.as_ref().map(|dl| {
        let bytes = d.bytes(&dl.tok);
        let part = |r: &std::ops::Range<usize>| text[d.bytes(r)].to_string();
        DatelineRecord {
            span: map.span(bytes.start, bytes.end),
            text: text[bytes].to_string(),
            place: dl.place.as_ref().map(part),
            agency: dl.agency.as_ref().map(part),
        }
    });
    let mut meta = doc.meta.clone();
    // The agency is the story's source when the input names none.
    if meta.source.is_none() {
        meta.source = dateline.as_ref().and_then(|x| x.agency.clone());
    }
    Extraction {
        format: EXTRACTION_FORMAT.to_string(),
        doc: DocRecord {
            meta,
            sentences: d.sents.len(),
            words: d.word_count(),
            dateline,
        },
        entities,
        mentions,
        relations,
    }
}

/// Entity type used when a mention's type is unknown.
pub const UNKNOWN: EntityType = EntityType::Other;
