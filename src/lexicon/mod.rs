//! Lexicons: the data the extractor matches against.
//!
//! The built-in lexicon is a set of TAB-separated data files under
//! `src/lexicon/data/`, embedded at build time with `include_str!`:
//! countries (ISO 3166 alpha-3, alternates, demonyms, capitals), cities,
//! regions, organizations, given names, titles, relation triggers, name cues
//! and stopwords (loaded by `builtin`); the closed word lists of the rule
//! finders ([`rule_words`]); the relation frames ([`frames`],
//! [`Lexicon::frames`]). A user's TOML file ([`user`]) adds entities,
//! triggers, frames and never-merge pairs on top. Relation classes and
//! entity types are checked against [`crate::ontology`].

pub mod agents;
mod builtin;
pub mod frames;
pub mod rule_words;
pub mod user;
pub mod vocabulary;

pub use builtin::parse_trigger_line;

use crate::error::{Error, Result};
use crate::ontology::{Class, EntityType};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use frames::FrameTable;
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization};

/// What a gazetteer surface form denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GazKind {
    /// A country's name or alternate name.
    CountryName,
    /// A body that stands for a state ("White House", "Kremlin").
    StateBody,
    /// An organization or group name.
    Organization,
    /// A capital city (stands for its country when it acts).
    Capital,
    /// A demonym ("Iranian"): stands for its country.
    Demonym,
    /// A region, sea or continent.
    Region,
    /// A city.
    City,
    /// A short, risky alias (e.g. "IS", "AU"): used only once the full name
    /// was seen in the same document.
    WeakAlias,
}

/// One gazetteer entry: a surface form's meaning.
#[derive(Debug, Clone)]
pub struct GazEntry {
    /// What kind of form it is.
    pub kind: GazKind,
    /// The type of the entity it denotes.
    pub entity_type: EntityType,
    /// The entity's canonical name.
    pub canonical: String,
    /// The cross-document key.
    pub key: String,
    /// ISO alpha-3 of the country it is, stands for, or lies in.
    pub iso: Option<String>,
}

/// A relation trigger.
#[derive(Debug, Clone)]
pub struct Trigger {
    /// Lowercase tokens of the form.
    pub tokens: Vec<String>,
    /// Fine relation name.
    pub relation: String,
    /// PLOVER or structural class.
    pub class: String,
    /// CAMEO code (may be empty).
    pub cameo: String,
    /// Part of speech.
    pub pos: Pos,
}

/// A trigger's part of speech.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// A verb form ("struck").
    Verb,
    /// A noun ("strikes on").
    Noun,
    /// An agent noun used after an actor adjective ("Omani mediators").
    Adj,
}

/// A title or role phrase.
#[derive(Debug, Clone)]
pub struct Title {
    /// Lowercase tokens.
    pub tokens: Vec<String>,
    /// The role relation, or `None` for honorifics.
    pub relation: Option<String>,
}

/// Grammatical gender of a given name (for pronoun resolution).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gender {
    /// Mostly male.
    Male,
    /// Mostly female.
    Female,
    /// Unknown or both.
    Unknown,
}

/// A country's facts.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166 alpha-3.
    pub iso: String,
    /// Common English name.
    pub name: String,
}

/// The compiled lexicon.
pub struct Lexicon {
    /// All gazetteer entries.
    pub entries: Vec<GazEntry>,
    /// Pattern index -> its spellings, each with its entry indices (best first).
    spellings: Vec<Vec<Spelling>>,
    automaton: AhoCorasick,
    /// Titles keyed by their first token.
    pub titles: HashMap<String, Vec<Title>>,
    /// Triggers keyed by their first token.
    pub triggers: HashMap<String, Vec<Trigger>>,
    /// Given names.
    pub given_names: HashMap<String, Gender>,
    /// Words that never start a name.
    pub stopwords: HashSet<String>,
    /// Name head words -> type.
    pub cues: HashMap<String, EntityType>,
    /// Countries by ISO code.
    pub countries: HashMap<String, Country>,
    /// Pairs of keys that must never merge (from user lexicons).
    pub never_merge: Vec<(String, String)>,
    /// Ordinary lowercase English words.
    pub common: HashSet<&'static str>,
    /// Sports context words (`sports.tsv`): team roles, fixture words and
    /// event heads, lowercase.
    pub sports: HashMap<String, SportsWord>,
    /// Common nouns that refer to named entities (`descriptions.tsv`).
    pub descriptions: HashMap<String, Description>,
    /// The relation frames ([`Lexicon::frames`]): built on first use when no
    /// user file adds frames (most runs never parse a sentence), at load
    /// time when one does (so that its errors are load errors).
    frames: OnceLock<Option<FrameTable>>,
    /// The relations of the user's frames.
    frame_relations: BTreeSet<String>,
}

/// How a common noun refers to a named entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Description {
    /// "Iraqi security forces": a state's armed or security body.
    Force,
    /// "security" in "Iraqi security forces".
    ForceModifier,
    /// "the group": the last organization or group.
    Org,
    /// "the village": the last place.
    Place,
    /// "a member of": the person before belongs to the owner after.
    Member,
    /// "jihadist" in "the jihadist group": a modifier allowed in a
    /// description of an organization.
    Modifier,
}

/// What a sports context word shows about a place name next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SportsWord {
    /// "Surrey captain": the place before it is a team.
    Role,
    /// "v Leeds": the place after it is a team.
    Fixture,
    /// "Hong Kong Open": the place and it form an event name.
    Event,
    /// "Leeds United": with a city it names a club.
    Club,
}

/// One spelling of a gazetteer pattern and its entry indices, best first.
pub type Spelling = (String, Vec<usize>);

/// A gazetteer match in a text, in byte offsets.
#[derive(Debug, Clone, Copy)]
pub struct GazMatch {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Pattern index (see [`Lexicon::spellings`]).
    pub pattern: usize,
}

/// Normalizes a name for keys: NFKC, lowercase, straight apostrophes,
/// single spaces.
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfkc().flat_map(char::to_lowercase) {
        let c = match c {
            '\u{2019}' | '\u{2018}' | '`' => '\'',
            '\u{2010}'..='\u{2015}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
    out
}

/// Characters that are invisible inside a name and are no part of it for
/// matching: zero-width non-joiner and joiner, word joiner, soft hyphen.
fn invisible_in_names(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{00AD}')
}

/// The form gazetteer matching sees: `s` without zero-width joiners and
/// non-joiners, word joiners and soft hyphens, in NFC. Borrowed when `s` is
/// that already (nearly always).
pub fn match_form(s: &str) -> Cow<'_, str> {
    if in_match_form(s) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .filter(|&c| !invisible_in_names(c))
            .nfc()
            .collect(),
    )
}

/// True when `s` is in matching form already (checked without copying).
fn in_match_form(s: &str) -> bool {
    !s.chars().any(invisible_in_names)
        && unicode_normalization::is_nfc_quick(s.chars()) == IsNormalized::Yes
}

/// A text in its matching form ([`match_form`]) with the way back to the
/// original's byte offsets. Built cluster by cluster (a character and the
/// combining marks after it), so a match that starts and ends on cluster
/// boundaries maps back exactly.
struct NormalizedView {
    /// The text in matching form.
    text: String,
    /// (start in `text`, start in the original) of every cluster.
    starts: Vec<(usize, usize)>,
    /// (end in `text`, end in the original) of every cluster.
    ends: Vec<(usize, usize)>,
}

impl NormalizedView {
    /// The view of `text`; `None` when the text is in matching form already.
    fn of(text: &str) -> Option<NormalizedView> {
        if in_match_form(text) {
            return None;
        }
        let mut view = NormalizedView {
            text: String::with_capacity(text.len()),
            starts: Vec::new(),
            ends: Vec::new(),
        };
        let mut cluster = String::new();
        let mut cluster_start = 0;
        let flush = |view: &mut NormalizedView, cluster: &mut String, start: usize, end: usize| {
            if cluster.is_empty() {
                return;
            }
            let at = view.text.len();
            view.text.extend(cluster.nfc());
            view.starts.push((at, start));
            view.ends.push((view.text.len(), end));
            cluster.clear();
        };
        for (i, c) in text.char_indices() {
            if invisible_in_names(c) {
                flush(&mut view, &mut cluster, cluster_start, i);
                cluster_start = i + c.len_utf8();
                continue;
            }
            let starter = canonical_combining_class(c) == 0;
            if starter && !cluster.is_empty() {
                flush(&mut view, &mut cluster, cluster_start, i);
            }
            if cluster.is_empty() {
                cluster_start = i;
            }
            cluster.push(c);
        }
        flush(&mut view, &mut cluster, cluster_start, text.len());
        Some(view)
    }

    /// The original offset of a cluster starting at `at` in the view.
    fn original_start(&self, at: usize) -> Option<usize> {
        let i = self.starts.binary_search_by_key(&at, |p| p.0).ok()?;
        Some(self.starts[i].1)
    }

    /// The original offset of a cluster ending at `at` in the view.
    fn original_end(&self, at: usize) -> Option<usize> {
        let i = self.ends.binary_search_by_key(&at, |p| p.0).ok()?;
        Some(self.ends[i].1)
    }
}

/// Collects entries and patterns before the automaton is built.
#[derive(Default)]
pub struct LexiconBuilder {
    entries: Vec<GazEntry>,
    forms: HashMap<String, Vec<usize>>,
    titles: HashMap<String, Vec<Title>>,
    triggers: HashMap<String, Vec<Trigger>>,
    given_names: HashMap<String, Gender>,
    stopwords: HashSet<String>,
    cues: HashMap<String, EntityType>,
    countries: HashMap<String, Country>,
    never_merge: Vec<(String, String)>,
    sports: HashMap<String, SportsWord>,
    descriptions: HashMap<String, Description>,
    /// The built-in frames with the user's, once a user file adds frames.
    frames: Option<FrameTable>,
    frame_relations: BTreeSet<String>,
}

/// Lowercase tokens of a phrase, as the extractor's tokenizer splits them.
pub fn phrase_tokens(phrase: &str) -> Vec<String> {
    crate::tokens::tokenize(phrase)
        .iter()
        .map(|t| phrase[t.start..t.end].to_lowercase())
        .collect()
}

impl LexiconBuilder {
    /// Adds a gazetteer entry with its surface forms.
    pub fn add_entry<'a>(&mut self, entry: GazEntry, forms: impl IntoIterator<Item = &'a str>) {
        let idx = self.entries.len();
        self.entries.push(entry);
        for f in forms {
            let f = f.trim();
            if f.is_empty() {
                continue;
            }
            let list = self.forms.entry(f.to_string()).or_default();
            if !list.contains(&idx) {
                list.push(idx);
            }
        }
    }

    /// Adds a trigger.
    pub fn add_trigger(&mut self, t: Trigger) {
        if let Some(first) = t.tokens.first() {
            self.triggers.entry(first.clone()).or_default().push(t);
        }
    }

    /// Adds a pair of keys that must never merge.
    pub fn add_never_merge(&mut self, a: String, b: String) {
        self.never_merge.push((a, b));
    }

    /// Adds relation frames given column by column, as one file named
    /// `path`, each row with the line that names it in errors (see
    /// [`FrameTable::extend_rows`]: checked like a built-in row, and
    /// replacing the rows with its key). The built-in frames are loaded
    /// here the first time.
    pub fn add_frames<'r>(
        &mut self,
        rows: impl IntoIterator<Item = (usize, frames::Row<'r>)>,
        path: &Path,
    ) -> Result<()> {
        let rows: Vec<(usize, frames::Row<'r>)> = rows.into_iter().collect();
        if rows.is_empty() {
            return Ok(());
        }
        let table = match &mut self.frames {
            Some(t) => t,
            None => self.frames.insert(FrameTable::builtin()?),
        };
        table.extend_rows(rows.iter().copied(), path)?;
        self.frame_relations.extend(
            rows.iter()
                .filter(|(_, r)| r.relation != "-")
                .map(|(_, r)| r.relation.to_string()),
        );
        Ok(())
    }

    /// Compiles the automaton.
    pub fn build(mut self) -> Result<Lexicon> {
        let mut forms: Vec<(String, Vec<usize>)> = self.forms.into_iter().collect();
        forms.sort_by(|a, b| a.0.cmp(&b.0));
        let entries = &self.entries;
        for (_, idxs) in forms.iter_mut() {
            idxs.sort_by_key(|&i| (entries[i].kind, i));
        }
        // The automaton ignores ASCII case, so spellings that differ only in
        // case ("al-Qaeda", "Al-Qaeda") share one pattern; each keeps its own
        // entries and the extractor checks the case against every spelling.
        let mut grouped: Vec<(String, Vec<Spelling>)> = Vec::new();
        let mut by_lower: HashMap<String, usize> = HashMap::new();
        for (form, idxs) in forms {
            let lower = form.to_ascii_lowercase();
            match by_lower.get(&lower) {
                Some(&g) => grouped[g].1.push((form, idxs)),
                None => {
                    by_lower.insert(lower.clone(), grouped.len());
                    grouped.push((lower, vec![(form, idxs)]));
                }
            }
        }
        let patterns: Vec<String> = grouped.iter().map(|(f, _)| f.clone()).collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&patterns)
            .map_err(|e| Error::Lexicon {
                path: PathBuf::from("<built-in>"),
                line: 0,
                message: format!("cannot build the gazetteer: {e}"),
            })?;
        for list in self.triggers.values_mut() {
            // Longest forms first so "held talks with" wins over "held".
            list.sort_by_key(|t| std::cmp::Reverse(t.tokens.len()));
        }
        for list in self.titles.values_mut() {
            list.sort_by_key(|t| std::cmp::Reverse(t.tokens.len()));
        }
        Ok(Lexicon {
            entries: self.entries,
            spellings: grouped.into_iter().map(|(_, v)| v).collect(),
            automaton,
            titles: self.titles,
            triggers: self.triggers,
            given_names: self.given_names,
            stopwords: self.stopwords,
            cues: self.cues,
            countries: self.countries,
            never_merge: self.never_merge,
            common: builtin::common_words(),
            sports: self.sports,
            descriptions: self.descriptions,
            frames: match self.frames {
                Some(t) => OnceLock::from(Some(t)),
                None => OnceLock::new(),
            },
            frame_relations: self.frame_relations,
        })
    }
}

/// Parses a part of speech name.
pub fn parse_pos(s: &str) -> std::result::Result<Pos, String> {
    match s {
        "verb" => Ok(Pos::Verb),
        "noun" => Ok(Pos::Noun),
        "adj" => Ok(Pos::Adj),
        other => Err(format!(
            "unknown part of speech {other:?} (verb, noun, adj)"
        )),
    }
}

/// Checks a class name against [`crate::ontology::Class`].
pub fn check_class(s: &str) -> std::result::Result<(), String> {
    Class::parse_or_explain(s).map(|_| ())
}

impl Lexicon {
    /// The built-in lexicon.
    pub fn builtin() -> Result<Lexicon> {
        Self::builder().and_then(LexiconBuilder::build)
    }

    /// A builder preloaded with the built-in data, to add user entries to.
    pub fn builder() -> Result<LexiconBuilder> {
        let mut b = LexiconBuilder::default();
        b.load_builtin()?;
        Ok(b)
    }

    /// The built-in lexicon extended by user TOML files.
    pub fn with_user_files(paths: &[PathBuf]) -> Result<Lexicon> {
        let mut b = Self::builder()?;
        for p in paths {
            user::load(p, &mut b)?;
        }
        b.build()
    }

    /// The spellings of a pattern as listed (they differ only in ASCII
    /// case), each with its gazetteer entries, best first.
    pub fn spellings(&self, pattern: usize) -> &[Spelling] {
        &self.spellings[pattern]
    }

    /// All leftmost-longest gazetteer matches in `text` (any case; the caller
    /// checks case and word boundaries, comparing [`Lexicon::surface`] of
    /// the matched text with the spellings).
    ///
    /// Matching runs on the text as [`match_form`] normalizes it (zero-width
    /// joiners and non-joiners, soft hyphens and word joiners removed, NFC
    /// applied), so "Is\u{200d}rael" and a decomposed "Sa\u{303}o Paulo"
    /// are found; every offset is still a byte offset into `text` itself.
    pub fn find_all(&self, text: &str) -> Vec<GazMatch> {
        let Some(view) = NormalizedView::of(text) else {
            return self
                .automaton
                .find_iter(text)
                .map(|m| GazMatch {
                    start: m.start(),
                    end: m.end(),
                    pattern: m.pattern().as_usize(),
                })
                .collect();
        };
        self.automaton
            .find_iter(&view.text)
            .filter_map(|m| {
                Some(GazMatch {
                    start: view.original_start(m.start())?,
                    end: view.original_end(m.end())?,
                    pattern: m.pattern().as_usize(),
                })
            })
            .collect()
    }

    /// The form of a matched stretch of text that is compared with the
    /// gazetteer's spellings: [`match_form`].
    pub fn surface<'t>(&self, matched: &'t str) -> Cow<'t, str> {
        match_form(matched)
    }

    /// True if `word` (any case) is an ordinary English word.
    pub fn is_common(&self, word: &str) -> bool {
        if word.bytes().all(|b| b.is_ascii_lowercase()) {
            return self.common.contains(word);
        }
        self.common.contains(word.to_lowercase().as_str())
    }

    /// The names of every relation this lexicon's triggers and titles give,
    /// with those of the user's frames (the user's lexicons included; the
    /// built-in frames give relations of the vocabulary,
    /// [`vocabulary::relations`]).
    pub fn relation_names(&self) -> BTreeSet<String> {
        let triggers = self.triggers.values().flatten().map(|t| t.relation.clone());
        let titles = self
            .titles
            .values()
            .flatten()
            .filter_map(|t| t.relation.clone());
        let frames = self.frame_relations.iter().cloned();
        triggers.chain(titles).chain(frames).collect()
    }

    /// The relation frames: the built-in table ([`FrameTable::builtin`],
    /// built on the first call) with the frames of the user's files. `None`
    /// only when the built-in frame data does not load, which the tests
    /// rule out.
    pub fn frames(&self) -> Option<&FrameTable> {
        self.frames
            .get_or_init(|| FrameTable::builtin().ok())
            .as_ref()
    }

    /// The kind of gazetteer place an entity key names (city, region,
    /// capital, country), for containment checks; `None` when the key is
    /// not a gazetteer place.
    pub fn place_kind(&self, key: &str) -> Option<GazKind> {
        self.entries
            .iter()
            .find(|e| {
                e.key == key
                    && matches!(
                        e.kind,
                        GazKind::City | GazKind::Region | GazKind::Capital | GazKind::CountryName
                    )
            })
            .map(|e| e.kind)
    }

    /// The common English name of a country by ISO alpha-3 code.
    pub fn country_name(&self, iso: &str) -> Option<&str> {
        self.countries.get(iso).map(|c| c.name.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_form_keeps_the_way_back_to_the_original() {
        assert!(matches!(match_form("Israel"), Cow::Borrowed(_)));
        assert_eq!(match_form("Is\u{200d}ra\u{ad}el"), "Israel");
        assert_eq!(match_form("Sa\u{303}o"), "São");
        let text = "x Is\u{200d}rael, Sa\u{303}o Paulo";
        let view = NormalizedView::of(text).unwrap();
        assert_eq!(view.text, "x Israel, São Paulo");
        let at = |s: &str| view.text.find(s).unwrap();
        // "Israel" maps to the original bytes 2..11 (the joiner inside).
        let (s, e) = (at("Israel"), at("Israel") + "Israel".len());
        assert_eq!(
            (view.original_start(s), view.original_end(e)),
            (Some(2), Some(2 + "Is\u{200d}rael".len()))
        );
        let (s, e) = (at("São"), at("São") + "São".len());
        let orig = text.find("Sa\u{303}o").unwrap();
        assert_eq!(
            (view.original_start(s), view.original_end(e)),
            (Some(orig), Some(orig + "Sa\u{303}o".len()))
        );
        // Inside a cluster is no boundary.
        assert_eq!(view.original_end(at("São") + 2), None);
        assert!(NormalizedView::of("plain text").is_none());
    }
}
