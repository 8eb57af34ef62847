//! `newsgraph explain`: why each relation exists, sentence by sentence.
//!
//! For every sentence the report gives its dependency parse (CoNLL-U, with
//! the mention that covers each word in the last column), the mentions with
//! the entity each resolves to and the rule that found it, the relations
//! with the rule, frame (`file:line`) and dependency path that produced
//! them, and the frame matches that were dropped, with the reason. It is
//! meant for people: the layout may change between versions, unlike the
//! extraction JSON Lines.

use super::{Doc, analyse};
use crate::document::Document;
use crate::lexicon::Lexicon;
use std::fmt::Write as _;

/// The explanation of one document.
#[derive(Debug, Clone, Default)]
pub struct Explanation {
    /// The report, for people.
    pub text: String,
    /// Sentences in the document.
    pub sentences: usize,
    /// Words (tokens that are not punctuation).
    pub words: usize,
    /// Mentions found, nominal ones included.
    pub mentions: usize,
    /// Relations found.
    pub relations: usize,
}

/// Explains the extraction of one document.
pub fn explain(doc: &Document, lex: &Lexicon) -> Explanation {
    let d = Doc::new(&doc.text, lex);
    let mut dropped: Vec<(usize, String)> = Vec::new();
    let (found, rels) = analyse(&d, &doc.meta.id, Some(&mut dropped));
    let text = doc.text.as_str();
    let flat = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let name = |m: usize| {
        let mm = &found.mentions[m];
        format!(
            "m{m} \"{}\" ({})",
            flat(&text[mm.start..mm.end]),
            found.entities[mm.entity].canonical
        )
    };
    let mut out = String::new();
    let _ = writeln!(out, "# document {}", flat(doc.id()));
    if let Some(dl) = &d.dateline {
        let part = |r: &Option<std::ops::Range<usize>>| {
            r.as_ref()
                .map_or("-".to_string(), |r| flat(&text[d.bytes(r)]))
        };
        let _ = writeln!(
            out,
            "dateline: {} (place {}, agency {}): no actor, no antecedent",
            flat(&text[d.bytes(&dl.tok)]),
            part(&dl.place),
            part(&dl.agency)
        );
    }
    for (si, r) in d.sents.iter().enumerate() {
        let bytes = d.sentence_bytes(si);
        let _ = writeln!(out, "\n## sentence {}: {}", si + 1, flat(&text[bytes]));
        // The parse, with the mention at each word.
        if let Some(a) = d.syntax(si) {
            for (w, word) in a.words.iter().enumerate() {
                let at = d
                    .toks
                    .partition_point(|t| t.end <= word.span.start)
                    .min(d.toks.len().saturating_sub(1));
                let m = found
                    .at_token
                    .get(at)
                    .copied()
                    .flatten()
                    .filter(|&m| found.mentions[m].start < word.span.end);
                let _ = writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    w + 1,
                    word.form,
                    word.lemma,
                    word.upos.as_str(),
                    word.head,
                    word.deprel.as_str(),
                    m.map(|m| format!("m{m}")).unwrap_or_else(|| "_".into())
                );
            }
        }
        let first = found.mentions.partition_point(|m| m.tok.end <= r.start);
        let ms: Vec<usize> = (first..found.mentions.len())
            .take_while(|&m| found.mentions[m].tok.start < r.end)
            .collect();
        if !ms.is_empty() {
            let _ = writeln!(out, "mentions:");
        }
        for m in ms {
            let mm = &found.mentions[m];
            let e = &found.entities[mm.entity];
            let _ = writeln!(
                out,
                "  {}  {} → {} [{}] by {}",
                name(m),
                mm.kind.as_str(),
                e.canonical,
                e.key,
                mm.rule
            );
        }
        let here: Vec<_> = rels.iter().filter(|r| r.sentence == si).collect();
        if !here.is_empty() {
            let _ = writeln!(out, "relations:");
        }
        for r in here {
            let mut flags = Vec::new();
            if r.negated {
                flags.push("negated");
            }
            if r.intent {
                flags.push("intent");
            }
            if r.past {
                flags.push("past");
            }
            if r.symmetric {
                flags.push("symmetric");
            }
            let _ = writeln!(
                out,
                "  {} -{}-> {}  {}{}{}{}",
                name(r.subject),
                r.relation,
                r.object.map(name).unwrap_or_else(|| "-".into()),
                r.class,
                if r.cameo.is_empty() {
                    String::new()
                } else {
                    format!(" CAMEO {}", r.cameo)
                },
                if flags.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", flags.join(", "))
                },
                r.attributed_to
                    .map(|a| format!(" said by {}", name(a)))
                    .unwrap_or_default()
            );
            let _ = writeln!(
                out,
                "      rule {}{}",
                r.rule,
                if r.why.is_empty() {
                    " (word-window rule: no parse path)".to_string()
                } else {
                    format!(": {}", r.why)
                }
            );
        }
        let gone: Vec<&String> = dropped
            .iter()
            .filter(|(s, _)| *s == si)
            .map(|(_, w)| w)
            .collect();
        if !gone.is_empty() {
            let _ = writeln!(out, "not used:");
        }
        for g in gone {
            let _ = writeln!(out, "  {g}");
        }
    }
    Explanation {
        text: out,
        sentences: d.sents.len(),
        words: d.word_count(),
        mentions: found.mentions.len(),
        relations: rels.len(),
    }
}
