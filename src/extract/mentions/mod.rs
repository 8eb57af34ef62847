//! Entity mentions and their in-document resolution.
//!
//! Sources of mentions, in order of trust:
//! 1. the gazetteer (countries, alternates, demonyms, capitals, cities,
//!    regions, organizations), case-checked and aligned to token boundaries;
//! 2. titles and honorifics, which mark the capitalized name after them as a
//!    person ("Foreign Minister Ann Roe", "Gen. Smith");
//! 3. runs of capitalized words, typed by head words ("… Ministry",
//!    "… Forces"), given names, acronyms and context;
//! 4. pronouns (he/she) and definite descriptions ("the country"), resolved
//!    to the nearest compatible antecedent.
//!
//! Resolution gives every mention an entity: surnames join the full name,
//! demonyms and acting capitals join their country, acronyms join their
//! expansion ("Example Party (EP)").
//!
//! Modules, one per stage of [`find`]: `gazetteer` (1, and the gazetteer
//! mentions with their entities), `titles` (2), `names` (3), `resolution`
//! (names to entities), `pronouns` (4).

mod gazetteer;
mod names;
mod pronouns;
mod resolution;
mod titles;

pub(crate) use titles::past_prefix;

use super::Doc;
use crate::lexicon::Gender;
use crate::ontology::EntityType;
use crate::tokens::TokKind;
use resolution::Registry;
use std::collections::HashSet;
use std::ops::Range;

/// A mention, in byte offsets and token indices.
#[derive(Debug, Clone)]
pub struct Mention {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Token range.
    pub tok: Range<usize>,
    /// Entity type.
    pub kind: EntityType,
    /// Index into [`Found::entities`].
    pub entity: usize,
    /// Rule that found it.
    pub rule: &'static str,
    /// Sentence index.
    pub sentence: usize,
    /// An adjective form ("Iranian"), which acts through a following noun.
    pub demonym: bool,
}

impl Mention {
    /// A mention over the token range `tok` (not a demonym).
    fn over(
        d: &Doc,
        tok: Range<usize>,
        kind: EntityType,
        entity: usize,
        rule: &'static str,
    ) -> Self {
        Mention {
            start: d.toks[tok.start].start,
            end: d.toks[tok.end - 1].end,
            sentence: d.sent_of[tok.start],
            tok,
            kind,
            entity,
            rule,
            demonym: false,
        }
    }
}

/// A resolved entity of the document.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Canonical name (the in-document id).
    pub canonical: String,
    /// Cross-document key.
    pub key: String,
    /// Type.
    pub kind: EntityType,
    /// ISO alpha-3 for countries; for places, the country they lie in.
    pub iso: Option<String>,
    /// Gender from the given name, for pronouns.
    pub gender: Gender,
}

/// A title or role phrase in the text.
#[derive(Debug, Clone)]
pub struct TitleSpan {
    /// Token range.
    pub tok: Range<usize>,
    /// The role relation, `None` for honorifics.
    pub relation: Option<String>,
}

/// All mentions of a document.
#[derive(Debug, Default)]
pub struct Found {
    /// Mentions sorted by start.
    pub mentions: Vec<Mention>,
    /// Entities.
    pub entities: Vec<Entity>,
    /// Titles found.
    pub titles: Vec<TitleSpan>,
    /// Token index -> mention index.
    pub at_token: Vec<Option<usize>>,
    /// Token index -> title index.
    pub title_at: Vec<Option<usize>>,
}

/// What has claimed a token so far: nothing, a gazetteer candidate (by
/// index), or a title.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Claim {
    Free,
    Gaz(usize),
    Title,
}

/// Sentences written mostly in capitals (headlines, tables): names in them
/// are not found from capitalization.
fn caps_sentences(d: &Doc) -> Vec<bool> {
    d.sents
        .iter()
        .map(|r| {
            let words: Vec<&str> = r
                .clone()
                .filter(|&i| d.toks[i].kind == TokKind::Word)
                .map(|i| d.tok(i))
                .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
                .collect();
            let upper = words
                .iter()
                .filter(|w| !w.chars().any(char::is_lowercase))
                .count();
            words.len() >= 3 && upper * 10 >= words.len() * 6
        })
        .collect()
}

/// Finds and resolves the mentions of a document.
pub fn find(d: &Doc) -> Found {
    let n = d.toks.len();
    let mut claim = vec![Claim::Free; n];
    let caps_ratio = caps_sentences(d);

    // 1. Gazetteer.
    let gaz = gazetteer::candidates(d, &caps_ratio, &mut claim);

    // 2. Titles.
    let (titles, title_at) = titles::find(d, &mut claim);

    // 3. Capitalized runs.
    let runs = names::runs(d, &caps_ratio, &gaz, &mut claim);

    // 4. Assemble mentions and entities.
    let mut found = Found {
        titles,
        title_at,
        ..Found::default()
    };
    let mut reg = Registry::default();
    let run_tokens: HashSet<usize> = runs.iter().flat_map(|r| r.tok.clone()).collect();
    let mut raw = gazetteer::mentions(d, &gaz, &claim, &run_tokens, &mut found, &mut reg);
    resolution::resolve_runs(d, &runs, &mut found, &mut reg, &mut raw);
    raw.sort_by_key(|m| (m.start, m.end));
    for m in raw.iter_mut() {
        if m.rule != "state-forces" {
            m.kind = found.entities[m.entity].kind;
        }
    }

    // 5. Pronouns and definite descriptions, resolved backwards.
    let extra = pronouns::resolve(d, &raw, &found, &claim, &run_tokens);
    raw.extend(extra);
    raw.sort_by_key(|m| (m.start, m.end));
    // Drop overlaps (keep the earlier, longer one).
    let mut mentions: Vec<Mention> = Vec::with_capacity(raw.len());
    for m in raw {
        // A language label in a gloss: "(Latin: …, Greek: …)".
        if m.tok.len() == 1
            && m.tok.start > 0
            && matches!(d.tok(m.tok.start - 1), "(" | "," | ";")
            && d.tok(m.tok.end) == ":"
            && m.rule != "pronoun"
        {
            continue;
        }
        if let Some(last) = mentions.last()
            && m.start < last.end
        {
            continue;
        }
        mentions.push(m);
    }
    let mut at_token = vec![None; n];
    for (mi, m) in mentions.iter().enumerate() {
        for k in m.tok.clone() {
            at_token[k] = Some(mi);
        }
    }
    found.mentions = mentions;
    found.at_token = at_token;
    found
}
