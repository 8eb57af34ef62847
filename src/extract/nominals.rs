//! Actors named by a common noun: "the militants", "protesters", "riot
//! police", "a rebel safehouse". Names are found by [`super::mentions`];
//! this stage adds a mention for a noun phrase whose head is an agent noun
//! ([`crate::lexicon::agents`]) and that no name stands for, so that an
//! event with such an argument ("Police detained dozens of protesters")
//! gets its edge.
//!
//! - The head comes from the parse: a `NOUN` whose lemma is an agent noun,
//!   not itself a modifier (`compound`) and not covered by a name or title.
//! - A phrase with an owner, a name among its modifiers ("Iraqi forces",
//!   "Hamas fighters", "the army of Chile"), gets no mention of its own:
//!   the relation stage lets the owner act through it.
//! - A plural of a person noun is a group ("the militants"); a singular one
//!   ("the minister") is left to the title rules, which resolve it to a
//!   name.
//! - The entity is document-local: its key holds the document id, so two
//!   documents' "the protesters" never merge into one node.
//! - The phrase is the head with its adjectival and compound modifiers
//!   ("armed men", "riot police"), never a determiner.

use super::Doc;
use super::mentions::{Entity, Found, Mention};
use crate::lexicon::Gender;
use crate::lexicon::agents::AgentTable;
use crate::ontology::EntityType;
use crate::tokens::TokKind;
use std::collections::HashMap;

/// The rule name of the mentions this stage adds.
pub const RULE: &str = "nominal";

/// Modifiers that lend an owner to the head they modify (as in the relation
/// stage's phrase reading).
fn owner_deprel(deprel: &str) -> bool {
    matches!(
        deprel,
        "amod" | "compound" | "nmod:poss" | "flat" | "flat:name" | "nmod"
    )
}

/// Modifiers kept in the phrase of a nominal mention.
fn phrase_deprel(deprel: &str) -> bool {
    matches!(deprel, "amod" | "compound" | "nummod")
}

/// Adds nominal mentions to `found` (kept sorted, `at_token` updated).
/// `doc_id` makes the entities document-local.
pub fn add(d: &Doc, found: &mut Found, doc_id: &str) {
    let table = AgentTable::builtin();
    let mut added: Vec<Mention> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // Tokens taken by a nominal mention added here.
    let mut taken = vec![false; d.toks.len()];
    for (si, r) in d.sents.iter().enumerate() {
        // Parse only a sentence with a candidate head no name covers.
        let candidate = r.clone().any(|k| {
            d.toks[k].kind == TokKind::Word
                && found.at_token[k].is_none()
                && found.title_at[k].is_none()
                && table.may_head(d.low(k))
        });
        if !candidate {
            continue;
        }
        // Not kept: the relation stage parses again only the sentences it
        // needs, and a huge document never holds every parse at once.
        let Some(a) = d.syntax_once(si) else {
            continue;
        };
        let a = a.as_ref();
        let r_start = d.toks.get(r.start).map_or(0, |t| t.start);
        // The token that starts each word, and whether a name covers it.
        let tok_at = |byte: usize| d.toks.binary_search_by_key(&byte, |t| t.start).ok();
        let covered = |w: usize| {
            let s = &a.words[w].span;
            let lo = d.toks.partition_point(|t| t.end <= s.start);
            (lo..d.toks.len())
                .take_while(|&k| d.toks[k].start < s.end)
                .any(|k| found.at_token[k].is_some() || found.title_at[k].is_some())
        };
        let n = a.words.len();
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, w) in a.words.iter().enumerate() {
            if w.head > 0 && w.head <= n {
                kids[w.head - 1].push(i);
            }
        }
        for (w, word) in a.words.iter().enumerate() {
            // A capitalised common noun first in its sentence is often
            // tagged PROPN ("Protesters gathered …").
            let first = w == 0
                || a.words[..w]
                    .iter()
                    .all(|p| p.upos.as_str() == "PUNCT" || p.span.end <= r_start);
            let noun = word.upos.as_str() == "NOUN" || (first && word.upos.as_str() == "PROPN");
            if !noun || word.deprel.as_str() == "compound" {
                continue;
            }
            // The form first: the lemmatizer can cut a capitalised plural
            // to another word ("Villagers" is not "village").
            let Some((lemma, agent)) = table.by_form(&word.form.to_lowercase()).or_else(|| {
                let lemma = word.lemma.to_lowercase();
                table.get(&lemma).map(|a| (lemma, a))
            }) else {
                continue;
            };
            let plural = matches!(word.xpos.as_str(), "NNS" | "NNPS");
            let kind = agent.kind_for(plural);
            if matches!(kind, EntityType::Person | EntityType::Other) || covered(w) {
                continue;
            }
            // A predicate or apposition describes another mention, it is
            // not one: "X is a small town in Y", "X is one of the largest
            // banks", "X, a port city, …".
            let has_cop = |h: usize| kids[h].iter().any(|&c| a.words[c].deprel.as_str() == "cop");
            let parent = a.head_of(w);
            if has_cop(w)
                || word.deprel.as_str() == "appos"
                || (word.deprel.as_str() == "nmod" && parent.is_some_and(has_cop))
            {
                continue;
            }
            // An owner among the modifiers (two levels down): the name acts.
            // An nmod owns only with "of" ("the army of Chile"), not a place
            // ("aid workers in Nigeria" are not Nigeria).
            let owns = |c: usize| {
                owner_deprel(a.words[c].deprel.as_str())
                    && (a.words[c].deprel.as_str() != "nmod"
                        || kids[c].iter().any(|&k| {
                            a.words[k].deprel.as_str() == "case" && a.words[k].lemma == "of"
                        }))
            };
            let owned = kids[w].iter().any(|&c| {
                owns(c)
                    && (covered(c)
                        || kids[c]
                            .iter()
                            .any(|&g| owner_deprel(a.words[g].deprel.as_str()) && covered(g)))
            });
            if owned {
                continue;
            }
            // The phrase: the head and the modifiers right before it.
            let mut lo = w;
            while lo > 0 {
                let j = lo - 1;
                let dj = &a.words[j];
                let inside = a.head_of(j).is_some_and(|h| h > j && h <= w);
                if !inside || !phrase_deprel(dj.deprel.as_str()) || covered(j) {
                    break;
                }
                lo = j;
            }
            let (Some(t0), Some(t_head)) =
                (tok_at(a.words[lo].span.start), tok_at(word.span.start))
            else {
                continue;
            };
            let mut t1 = t_head;
            while t1 < d.toks.len() && d.toks[t1].end <= word.span.end {
                t1 += 1;
            }
            if t1 <= t0 || (t0..t1).any(|k| found.at_token[k].is_some() || taken[k]) {
                continue;
            }
            // One entity per head lemma and type in the document: "the
            // militants … the militants" are the same band.
            let key = format!("{}:local:{doc_id}:{lemma}", kind.as_str());
            let entity = *by_key.entry(key.clone()).or_insert_with(|| {
                found.entities.push(Entity {
                    canonical: d.text[d.toks[t0].start..d.toks[t1 - 1].end].to_string(),
                    key,
                    kind,
                    iso: None,
                    gender: Gender::Unknown,
                });
                found.entities.len() - 1
            });
            let mention = Mention {
                start: d.toks[t0].start,
                end: d.toks[t1 - 1].end,
                tok: t0..t1,
                kind,
                entity,
                rule: RULE,
                sentence: si,
                demonym: false,
            };
            taken[t0..t1].iter_mut().for_each(|x| *x = true);
            added.push(mention);
        }
    }
    if added.is_empty() {
        return;
    }
    // Merge in start order, after the names that start at the same place,
    // and renumber `at_token`.
    added.sort_by_key(|m| m.start);
    let old = std::mem::take(&mut found.mentions);
    let mut new_index = Vec::with_capacity(old.len());
    let mut merged = Vec::with_capacity(old.len() + added.len());
    let mut extra = added.into_iter().peekable();
    for m in old {
        while extra.peek().is_some_and(|x| x.start < m.start) {
            merged.push(extra.next().expect("peeked"));
        }
        new_index.push(merged.len());
        merged.push(m);
    }
    merged.extend(extra);
    for x in found.at_token.iter_mut().flatten() {
        *x = new_index[*x];
    }
    for (i, m) in merged.iter().enumerate() {
        if m.rule == RULE {
            for k in m.tok.clone() {
                found.at_token[k] = Some(i);
            }
        }
    }
    found.mentions = merged;
}
