//! Entity mentions and their in-document resolution.
//!
//! Sources of mentions, in order of trust:
//! 1. the gazetteer (countries, alternates, demonyms, capitals, cities,
//!    regions, organizations), case-checked and aligned to token boundaries;
//! 2. titles and honorifics, which mark the capitalized name after them as a
//!    person ("Foreign Minister Abbas Araghchi", "Gen. Smith");
//! 3. runs of capitalized words, typed by head words ("… Ministry",
//!    "… Forces"), given names, acronyms and context;
//! 4. pronouns (he/she) and definite descriptions ("the country"), resolved
//!    to the nearest compatible antecedent.
//!
//! Resolution gives every mention an entity: surnames join the full name,
//! demonyms and acting capitals join their country, acronyms join their
//! expansion ("Islamic State (IS)").

use super::Doc;
use crate::lexicon::{Description, GazKind, Gender, SportsWord, normalize};
use crate::ontology::{self, EntityType};
use crate::tokens::TokKind;
use std::collections::{HashMap, HashSet};
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

const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "de", "da", "di", "du", "van", "von", "der", "den", "del",
    "della", "la", "le", "dos", "das", "ul", "ad", "ar", "ash", "az", "es", "us", "bint", "y",
];
const LOCATIVE: &[&str] = &[
    "in", "at", "near", "from", "to", "into", "outside", "around", "across", "toward", "towards",
    "via", "inside", "through", "capital", "city", "of",
];
/// Nouns before "of" that make the name after it a place ("the city of X").
const PLACE_NOUNS: &[&str] = &[
    "city",
    "town",
    "village",
    "province",
    "region",
    "district",
    "governorate",
    "area",
    "capital",
    "suburb",
    "neighbourhood",
    "neighborhood",
    "port",
    "island",
    "state",
    "county",
    "municipality",
    "valley",
    "outskirts",
];
const PRONOUNS_M: &[&str] = &["he", "him", "his", "himself"];
const PRONOUNS_F: &[&str] = &["she", "her", "hers", "herself"];
const DEFINITE_STATE: &[&str] = &[
    "country",
    "government",
    "kingdom",
    "republic",
    "regime",
    "nation",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Claim {
    Free,
    Gaz(usize),
    Title,
}

struct GazCand {
    tok: Range<usize>,
    entry: usize,
    weak: bool,
}

/// Case check: exact, all-caps, or differing only in a lowercase first letter
/// of the pattern ("the Netherlands" / "The Netherlands").
fn case_ok(surface: &str, pattern: &str) -> bool {
    if surface == pattern {
        return true;
    }
    let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
    if letters >= 2 && !surface.chars().any(char::is_lowercase) {
        return true;
    }
    let mut s = surface.chars();
    let mut p = pattern.chars();
    match (s.next(), p.next()) {
        (Some(a), Some(b)) if b.is_lowercase() && a.to_lowercase().eq(b.to_lowercase()) => {
            s.as_str() == p.as_str()
        }
        _ => false,
    }
}

/// Finds and resolves the mentions of a document.
pub fn find(d: &Doc) -> Found {
    let n = d.toks.len();
    let lex = d.lex;
    let mut claim = vec![Claim::Free; n];
    // The token starting (ending) at a byte offset: tokens are in text order
    // and do not overlap, so a binary search finds it (no per-token hash
    // table, which cost a fifth of the time on long documents).
    let tok_start = |b: usize| d.toks.binary_search_by_key(&b, |t| t.start).ok();
    let tok_end = |b: usize| d.toks.binary_search_by_key(&b, |t| t.end).ok();
    let caps_ratio: Vec<bool> = d
        .sents
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
        .collect();

    // 1. Gazetteer.
    let mut gaz: Vec<GazCand> = Vec::new();
    for m in lex.find_all(d.text) {
        let (Some(ts), Some(te)) = (tok_start(m.start), tok_end(m.end)) else {
            continue;
        };
        // Compared in matching form: "Is\u{200d}rael" is "Israel" (item 11
        // of issue 13; the mention keeps the original text and offsets).
        let matched = lex.surface(&d.text[m.start..m.end]);
        let surface: &str = &matched;
        // The exact spelling first, then any the case rules accept.
        let spellings = lex.spellings(m.pattern);
        let Some((pattern, entries)) = spellings
            .iter()
            .find(|(p, _)| p == surface)
            .or_else(|| spellings.iter().find(|(p, _)| case_ok(surface, p)))
        else {
            continue;
        };
        // An all-caps short form in mixed-case text must be written as listed
        // ("US" yes, "us" no — handled above; "WHO" only as listed).
        if surface != pattern && !caps_ratio[d.sent_of[ts]] && surface.chars().count() <= 4 {
            continue;
        }
        let Some(&best) = entries.first() else {
            continue;
        };
        // "I. Austin": a surname after an initial is not a place.
        if ts >= 2
            && d.tok(ts - 1) == "."
            && !d.toks[ts - 1].space_before
            && d.tok(ts - 2).chars().count() == 1
            && d.is_cap(ts - 2)
            && lex.entries[best].kind != GazKind::CountryName
        {
            continue;
        }
        let e = &lex.entries[best];
        // A given name that starts a longer capitalized name is not a place.
        if te == ts
            && lex.given_names.contains_key(surface)
            && d.is_cap(te + 1)
            && !lex.stopwords.contains(d.tok(te + 1))
            && e.kind != GazKind::CountryName
        {
            continue;
        }
        gaz.push(GazCand {
            tok: ts..te + 1,
            entry: best,
            weak: e.kind == GazKind::WeakAlias,
        });
        for c in claim.iter_mut().take(te + 1).skip(ts) {
            *c = Claim::Gaz(gaz.len() - 1);
        }
    }

    // 2. Titles.
    let mut titles: Vec<TitleSpan> = Vec::new();
    let mut i = 0;
    while i < n {
        if claim[i] != Claim::Free {
            i += 1;
            continue;
        }
        let mut matched = None;
        if let Some(list) = lex.titles.get(d.low(i)) {
            for t in list {
                let len = t.tokens.len();
                if i + len <= n
                    && (0..len).all(|k| d.low(i + k) == t.tokens[k] && claim[i + k] == Claim::Free)
                {
                    matched = Some((len, t.relation.clone()));
                    break;
                }
            }
        }
        // "General Hospital", "General Assembly": a title word inside a name.
        if let Some((len, _)) = &matched
            && d.is_cap(i)
            && d.is_cap(i + len)
            && matches!(
                lex.cues.get(d.low(i + len)),
                Some(EntityType::Organization | EntityType::Location | EntityType::Group)
            )
        {
            matched = None;
        }
        if let Some((len, relation)) = matched {
            // A lowercase single-word title needs support: a name after it
            // or an owner before it ("general election" is no title).
            let cap = d.is_cap(i);
            let name_after = d.is_cap(i + len);
            let owner_before = i > 0
                && (d.toks[i - 1].kind == TokKind::Possessive
                    || matches!(claim[i - 1], Claim::Gaz(_)));
            if cap || name_after || owner_before || len > 1 {
                for c in claim.iter_mut().skip(i).take(len) {
                    *c = Claim::Title;
                }
                titles.push(TitleSpan {
                    tok: i..i + len,
                    relation,
                });
                i += len;
                continue;
            }
        }
        i += 1;
    }
    let mut title_at = vec![None; n];
    for (ti, t) in titles.iter().enumerate() {
        for k in t.tok.clone() {
            title_at[k] = Some(ti);
        }
    }

    // Capitalized words seen inside sentences (not first), for sentence-initial checks.
    let mut inner_caps: HashSet<&str> = HashSet::new();
    for r in &d.sents {
        for k in r.clone().skip(1) {
            if d.is_cap(k) && d.toks[k - 1].kind != TokKind::Punct {
                inner_caps.insert(d.tok(k));
            }
        }
    }

    // 3. Capitalized runs.
    struct Run {
        tok: Range<usize>,
        kind: EntityType,
        rule: &'static str,
    }
    let mut runs: Vec<Run> = Vec::new();
    let is_stop = |k: usize| lex.stopwords.contains(d.tok(k));
    let particle_join = |k: usize| {
        // particle (lowercase) or hyphen joining two name parts
        let w = d.low(k);
        (PARTICLES.contains(&w) && d.tok(k).chars().next().is_some_and(char::is_lowercase))
            || (d.tok(k) == "-" && !d.toks[k].space_before)
            // the period of an initial: "J. Adams"
            || (d.tok(k) == "."
                && k > 0
                && !d.toks[k].space_before
                && d.tok(k - 1).chars().count() == 1
                && d.is_cap(k - 1))
    };
    for (si, r) in d.sents.iter().enumerate() {
        if caps_ratio[si] {
            continue;
        }
        let words: Vec<usize> = r
            .clone()
            .filter(|&k| d.toks[k].kind == TokKind::Word)
            .collect();
        let capwords = words
            .iter()
            .filter(|&&k| d.is_cap(k) || d.toks[k].kind != TokKind::Word)
            .count();
        let headline = words.len() >= 3
            && capwords * 10 >= words.len() * 7
            && !matches!(d.tok(r.end - 1), "." | "!" | "?" | "\"" | "\u{201d}");
        let mut k = r.start;
        while k < r.end {
            let startable = claim[k] == Claim::Free && d.is_cap(k) && !is_stop(k);
            let particle_start = claim[k] == Claim::Free
                && particle_join(k)
                && d.tok(k) != "-"
                && k + 2 < r.end
                && d.tok(k + 1) == "-"
                && d.is_cap(k + 2);
            if !startable && !particle_start {
                k += 1;
                continue;
            }
            let s = k;
            let mut e = k + 1;
            loop {
                let name_word = e < r.end && claim[e] == Claim::Free && d.is_cap(e) && !is_stop(e);
                let connector = e + 1 < r.end
                    && claim[e] == Claim::Free
                    && particle_join(e)
                    && claim[e + 1] == Claim::Free
                    && (d.is_cap(e + 1) || particle_join(e + 1));
                if !(name_word || connector) {
                    break;
                }
                e += 1;
            }
            // Trim trailing connectors.
            while e > s + 1 && particle_join(e - 1) {
                e -= 1;
            }
            let cue_of =
                |a: usize, b: usize| (a..b).rev().find_map(|q| lex.cues.get(d.low(q)).copied());
            let mut cue = cue_of(s, e);
            // Extend org/location names across "of"/"for" ("Ministry of
            // Foreign Affairs", "Bank of England", "Gulf of Oman").
            while cue.is_some() && e + 1 < r.end && matches!(d.low(e), "of" | "for" | "on") {
                let mut q = e + 1;
                if d.low(q) == "the" {
                    q += 1;
                }
                if q < r.end && d.is_cap(q) && claim[q] != Claim::Title && !is_stop(q) {
                    let mut z = q;
                    while z < r.end && d.is_cap(z) && claim[z] != Claim::Title && !is_stop(z) {
                        z += 1;
                    }
                    e = z;
                    cue = cue_of(s, e).or(cue);
                } else {
                    break;
                }
            }
            let mut s2 = s;
            // Left extension over an adjacent country/demonym for organizations
            // ("Iranian Foreign Ministry", "US Department of the Treasury").
            if matches!(
                cue,
                Some(EntityType::Organization | EntityType::Group | EntityType::Location)
            ) && s > r.start
                && let Claim::Gaz(g) = claim[s - 1]
            {
                let kind = lex.entries[gaz[g].entry].kind;
                if matches!(
                    kind,
                    GazKind::CountryName
                        | GazKind::Demonym
                        | GazKind::City
                        | GazKind::Capital
                        | GazKind::Region
                ) {
                    s2 = gaz[g].tok.start;
                }
            }
            let len = e - s;
            let first = d.tok(s);
            let after_title = s2 > 0 && claim[s2 - 1] == Claim::Title
                || (s2 > 1 && claim[s2 - 2] == Claim::Title && d.tok(s2 - 1) == ".");
            let given = lex.given_names.get(first).copied();
            let acronym = len == 1
                && first.chars().count() >= 2
                && first.chars().count() <= 6
                && first
                    .chars()
                    .all(|c| c.is_uppercase() || c.is_ascii_digit());
            let sentence_initial =
                s == r.start || (s == r.start + 1 && d.toks[r.start].kind == TokKind::Punct);
            // "Mendoza, a striker, …", "Grossi, the IAEA chief, …"
            let appositive_title = d.tok(e) == ","
                && (e + 1..(e + 5).min(r.end)).any(|q| {
                    claim[q] == Claim::Title
                        || lex
                            .titles
                            .get(d.low(q))
                            .is_some_and(|ts| ts.iter().any(|t| t.relation.is_some()))
                });
            let followed_by_speech = appositive_title
                || ontology::is_speech_after_name(d.low(e))
                || (d.low(e) == "," && matches!(d.low(e + 1), "who" | "whose"))
                // "said Rios .", "Duran , 45 , takes on …"
                || (s2 > r.start
                    && matches!(d.low(s2 - 1), "said" | "says" | "added")
                    && (e >= r.end || d.toks[e].kind == TokKind::Punct))
                || (d.tok(e) == ","
                    && d.toks.get(e + 1).is_some_and(|t| t.kind == TokKind::Number)
                    && d.tok(e + 1).len() <= 2
                    && d.tok(e + 2) == ",");
            let prev_low = if s2 > r.start { d.low(s2 - 1) } else { "" };
            let name_words: Vec<&str> = (s..e)
                .filter(|&q| d.toks[q].kind == TokKind::Word && !particle_join(q))
                .map(|q| d.tok(q))
                .filter(|w| w.chars().count() > 1)
                .collect();
            let all_common = !name_words.is_empty() && name_words.iter().all(|w| lex.is_common(w));
            let prev2_low = if s2 >= r.start + 2 { d.low(s2 - 2) } else { "" };
            // "the city of Ubaydi"
            let place_of = prev_low == "of" && PLACE_NOUNS.contains(&prev2_low);
            // "Tigris river", "Zagros mountains"
            let place_cue_after = d.tok(e).chars().next().is_some_and(char::is_lowercase)
                && lex.cues.get(d.low(e)) == Some(&EntityType::Location);
            let country_in_parens = d.tok(e) == "("
                && gaz
                    .get(gaz.partition_point(|g| g.tok.start <= e))
                    .is_some_and(|g| {
                        g.tok.start == e + 1
                            && lex.entries[g.entry].entity_type == EntityType::Country
                    });
            let next_is_number = d.toks.get(e).is_some_and(|t| t.kind == TokKind::Number);
            let pronoun_after = (e..(e + 10).min(r.end)).any(|q| {
                matches!(
                    d.low(q),
                    "his" | "her" | "he" | "she" | "himself" | "herself"
                )
            });
            // A club named by a city and a word ("Dynamo Moscow", "Manchester
            // United", "Philadelphia Eagles"): one organization over both.
            let city_at = |q: usize| match claim.get(q) {
                Some(&Claim::Gaz(g))
                    if !gaz[g].weak
                        && matches!(
                            lex.entries[gaz[g].entry].kind,
                            GazKind::City | GazKind::Capital
                        ) =>
                {
                    Some(g)
                }
                _ => None,
            };
            let club_ok = cue.is_none()
                && !after_title
                && given.is_none()
                && !acronym
                && !headline
                && len <= 2
                && !followed_by_speech
                && (s..e)
                    .filter(|&q| d.toks[q].kind == TokKind::Word)
                    .all(|q| {
                        let w = d.tok(q);
                        lex.sports.get(d.low(q)) == Some(&SportsWord::Club)
                            || (!lex.is_common(w) && !sentence_initial)
                            || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss"))
                    });
            let mut club: Option<Range<usize>> = None;
            if club_ok {
                if let Some(g) =
                    city_at(e).filter(|&g| gaz[g].tok.start == e && d.toks[e].space_before)
                    // "Dynamo Moscow", but not "Sudesh Amman" (a person).
                    && (s..e).filter(|&q| d.toks[q].kind == TokKind::Word).all(|q| {
                        lex.sports.get(d.low(q)) == Some(&SportsWord::Club)
                    })
                {
                    club = Some(s..gaz[g].tok.end);
                } else if s > r.start
                    && let Some(g) =
                        city_at(s - 1).filter(|&g| gaz[g].tok.end == s && d.toks[s].space_before)
                    // "Manchester United", "Philadelphia Eagles", but not
                    // "Aden Hashi Ayro": after the city, a club word or a plural.
                    && (s..e).filter(|&q| d.toks[q].kind == TokKind::Word).all(|q| {
                        let w = d.tok(q);
                        lex.sports.get(d.low(q)) == Some(&SportsWord::Club)
                            || (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss"))
                    })
                {
                    let gs = gaz[g].tok.start;
                    let before = if gs > r.start { d.low(gs - 1) } else { "" };
                    if !LOCATIVE.contains(&before) {
                        club = Some(gs..e);
                    }
                }
            }
            if let Some(c) = club {
                for q in c.clone() {
                    claim[q] = Claim::Free;
                }
                k = c.end;
                runs.push(Run {
                    tok: c,
                    kind: EntityType::Organization,
                    rule: "club",
                });
                continue;
            }
            let sentence_initial_stop = sentence_initial && lex.stopwords.contains(first);
            let kind_rule: Option<(EntityType, &'static str)> = if let Some(c) = cue {
                Some((c, "name-cue"))
            } else if after_title {
                Some((EntityType::Person, "title"))
            } else if place_of || place_cue_after {
                // "the city of Ubaydi", "the Al Qa'im region"
                Some((EntityType::Location, "place-noun"))
            } else if given.is_some() && len >= 2 {
                Some((EntityType::Person, "given-name"))
            } else if is_a_place(d, e, r.end) {
                Some((EntityType::Location, "place-noun"))
            } else if acronym {
                Some((EntityType::Organization, "acronym"))
            } else if len == 3
                && d.tok(s).chars().count() == 1
                && d.tok(s + 1) == "."
                && !d.low(s + 2).starts_with("i'")
                && !lex.stopwords.contains(d.tok(s + 2))
            {
                // "T. Blake": an initial and a surname.
                Some((EntityType::Person, "initial"))
            } else if len == 1
                && first.chars().count() >= 2
                && next_is_number
                && d.tok(e).bytes().all(|b| b.is_ascii_digit())
                && !matches!(
                    d.toks
                        .get(e + 1)
                        .map(|t| d.text[t.start..t.end].chars().next()),
                    Some(Some('°' | '%' | '.'))
                )
                && !all_common
                && !sentence_initial_stop
                // Results lines are short: "Pohang 3 Ulsan 2", "Kent 244 ( … )".
                && (headline || words.len() <= 12)
                && !matches!(d.tok(e + 1), ":" | "/")
            {
                // "Kent 244", "Ulsan 2": a name before a score is a team.
                Some((EntityType::Organization, "team-score"))
            } else if len >= 2
                && d.tok(e) == "("
                && d.toks.get(e + 1).is_some_and(|t| t.kind == TokKind::Number)
                && !all_common
            {
                // "Cosmin Contra ( 31st )": a scorer and the minute.
                Some((EntityType::Person, "scorer"))
            } else if headline && !country_in_parens {
                None
            } else if len >= 2 {
                if all_common {
                    Some((EntityType::Other, "name"))
                } else {
                    Some((EntityType::Person, "name"))
                }
            } else if followed_by_speech {
                Some((EntityType::Person, "speaker"))
            } else if d.tok(e).chars().next().is_some_and(char::is_lowercase)
                && lex.sports.get(d.low(e)) == Some(&SportsWord::Role)
                && !(sentence_initial && lex.is_common(first))
            {
                // "Surrey captain Chris Lewis": a name before a team role.
                Some((EntityType::Organization, "team-role"))
            } else if all_common || (sentence_initial && lex.stopwords.contains(first)) {
                None
            } else if LOCATIVE.contains(&prev_low) && prev_low != "of" {
                Some((EntityType::Location, "locative"))
            } else if next_is_number {
                Some((EntityType::Organization, "team-score"))
            } else if (pronoun_after && !country_in_parens)
                || (prev_low != "the"
                    && d.low(e).len() > 3
                    && d.low(e).ends_with("ed")
                    && d.tok(e).chars().all(char::is_lowercase))
            {
                // "Araghchi negotiated with …": a bare name acting in the past
                // tense is most often a person named by surname in news prose.
                Some((EntityType::Person, "name"))
            } else {
                Some((EntityType::Organization, "name"))
            };
            if let Some((kind, rule)) = kind_rule {
                for c in claim.iter_mut().take(e).skip(s2) {
                    *c = Claim::Free;
                }
                runs.push(Run {
                    tok: s2..e,
                    kind,
                    rule,
                });
            }
            k = e.max(k + 1);
        }
    }

    // 4. Assemble mentions and entities.
    let mut found = Found {
        titles,
        title_at,
        ..Found::default()
    };
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut entity_for =
        |found: &mut Found, canonical: String, key: String, kind, iso: Option<String>| {
            if let Some(&e) = by_key.get(&key) {
                return e;
            }
            let gender = if kind == EntityType::Person {
                canonical
                    .split_whitespace()
                    .next()
                    .and_then(|f| lex.given_names.get(f).copied())
                    .unwrap_or(Gender::Unknown)
            } else {
                Gender::Unknown
            };
            found.entities.push(Entity {
                canonical,
                key: key.clone(),
                kind,
                iso,
                gender,
            });
            by_key.insert(key, found.entities.len() - 1);
            found.entities.len() - 1
        };
    let run_tokens: HashSet<usize> = runs.iter().flat_map(|r| r.tok.clone()).collect();
    let mut raw: Vec<Mention> = Vec::new();
    // One entity per normalized name in a document.
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut seen_keys: HashSet<String> = HashSet::new();
    for (gi, g) in gaz.iter().enumerate() {
        if g.tok.clone().any(|t| run_tokens.contains(&t)) {
            continue;
        }
        let e = &lex.entries[g.entry];
        if g.weak && !seen_keys.contains(&e.key) {
            continue;
        }
        let (s, t) = (g.tok.start, g.tok.end);
        let prev = if s > 0 { d.low(s - 1) } else { "" };
        // "Hong Kong Open", "Australian Open": an event, neither place nor team.
        if d.is_cap(t) && lex.sports.get(d.low(t)) == Some(&SportsWord::Event) {
            continue;
        }
        if is_team(d, &gaz, gi) {
            let canonical = e.canonical.clone();
            let norm = normalize(&canonical);
            let key = format!("organization:{norm}");
            let ent = entity_for(&mut found, canonical, key, EntityType::Organization, None);
            raw.push(Mention::over(
                d,
                s..t,
                EntityType::Organization,
                ent,
                "team",
            ));
            continue;
        }
        // "Iraqi security forces", "U.S. Marines", "U.S.-led coalition
        // aircraft": the state's armed body, a mention of the state typed as
        // a group.
        if matches!(e.kind, GazKind::CountryName | GazKind::Demonym) {
            let desc = |q: usize| {
                if q < n && claim[q] == Claim::Free {
                    lex.descriptions.get(d.low(q)).copied()
                } else {
                    None
                }
            };
            let mut q = t;
            if d.tok(q) == "-" && !d.toks[q].space_before && d.low(q + 1) == "led" {
                q += 2;
            }
            let mut mods = 0;
            while mods < 2
                && desc(q) == Some(Description::ForceModifier)
                && d.tok(q).chars().next().is_some_and(char::is_lowercase)
            {
                q += 1;
                mods += 1;
            }
            if desc(q) == Some(Description::Force)
                && (d.tok(q).chars().next().is_some_and(char::is_lowercase)
                    || d.low(q) == "marines")
            {
                // Demonym entries carry their country's name and key.
                seen_keys.insert(e.key.clone());
                let canonical = e.canonical.clone();
                let norm = normalize(&canonical);
                let ent = entity_for(
                    &mut found,
                    canonical,
                    e.key.clone(),
                    EntityType::Country,
                    e.iso.clone(),
                );
                by_name.entry(norm).or_insert(ent);
                raw.push(Mention::over(
                    d,
                    s..q + 1,
                    EntityType::Group,
                    ent,
                    "state-forces",
                ));
                continue;
            }
        }
        let (canonical, key, kind, iso, rule, demonym) = match e.kind {
            GazKind::Capital if !LOCATIVE.contains(&prev) && !d.low(t).starts_with(',') => {
                let iso = e.iso.clone().unwrap_or_default();
                let name = lex.country_name(&iso).unwrap_or(&e.canonical).to_string();
                (
                    name,
                    format!("country:{iso}"),
                    EntityType::Country,
                    e.iso.clone(),
                    "capital",
                    false,
                )
            }
            GazKind::Demonym => (
                e.canonical.clone(),
                e.key.clone(),
                e.entity_type,
                e.iso.clone(),
                "demonym",
                true,
            ),
            GazKind::StateBody => (
                e.canonical.clone(),
                e.key.clone(),
                e.entity_type,
                e.iso.clone(),
                "state-body",
                false,
            ),
            _ => (
                e.canonical.clone(),
                e.key.clone(),
                e.entity_type,
                e.iso.clone(),
                "gazetteer",
                false,
            ),
        };
        seen_keys.insert(e.key.clone());
        let norm = normalize(&canonical);
        let ent = entity_for(&mut found, canonical, key, kind, iso);
        by_name.entry(norm).or_insert(ent);
        raw.push(Mention {
            demonym,
            ..Mention::over(d, s..t, kind, ent, rule)
        });
    }
    // Names: full names first so surnames can join them.
    let name_text = |r: &Range<usize>| {
        let b = d.bytes(r);
        d.text[b].split_whitespace().collect::<Vec<_>>().join(" ")
    };
    // Person entities by the last word and by the first word of their
    // multi-word names (lowercase), so a surname or given name is looked up
    // in constant time however many names the document holds.
    let mut person_last: HashMap<String, HashSet<usize>> = HashMap::new();
    let mut person_first: HashMap<String, HashSet<usize>> = HashMap::new();
    let mut acronyms: HashMap<String, usize> = HashMap::new();
    let mut order: Vec<usize> = (0..runs.len()).collect();
    order.sort_by_key(|&i| (usize::MAX - runs[i].tok.len(), runs[i].tok.start));
    let mut run_entity: Vec<Option<(usize, EntityType, &'static str)>> = vec![None; runs.len()];
    let mut weak_typed: HashSet<usize> = HashSet::new();
    for &ri in &order {
        let r = &runs[ri];
        let text = name_text(&r.tok);
        let words: Vec<String> = r
            .tok
            .clone()
            .filter(|&k| d.toks[k].kind == TokKind::Word && !PARTICLES.contains(&d.low(k)))
            .map(|k| d.low(k).to_string())
            .collect();
        // A name given in parentheses after another ("(IS)", "(Abu Haidar)").
        if let Some(&e) = acronyms.get(&text) {
            run_entity[ri] = Some((e, found.entities[e].kind, "alias"));
            continue;
        }
        // A single word that is a known person's surname or given name.
        if words.len() == 1 && r.rule != "name-cue" {
            if let Some(&e) = acronyms.get(&text) {
                run_entity[ri] = Some((e, found.entities[e].kind, "acronym"));
                continue;
            }
            let w = &words[0];
            let cands: Vec<usize> = person_last
                .get(w)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            if cands.len() == 1 {
                run_entity[ri] = Some((cands[0], EntityType::Person, "surname"));
                continue;
            }
            let firsts: Vec<usize> = person_first
                .get(w)
                .map(|s| s.iter().copied().collect())
                .unwrap_or_default();
            if firsts.len() == 1 && r.kind == EntityType::Person {
                run_entity[ri] = Some((firsts[0], EntityType::Person, "given-name"));
                continue;
            }
        }
        let canonical = text
            .strip_prefix("The ")
            .or_else(|| text.strip_prefix("the "))
            .unwrap_or(&text)
            .to_string();
        let norm = normalize(&canonical);
        // One entity per name in a document: a later, better-typed reading
        // ("Araghchi said") upgrades an untyped one.
        // The fallback type of a lone unknown name is only a guess.
        let weak = r.rule == "name" && words.len() == 1 && r.kind == EntityType::Organization;
        let e = match by_name.get(&norm) {
            Some(&e) => {
                let ent = &mut found.entities[e];
                let upgrade = r.kind != EntityType::Other
                    && (ent.kind == EntityType::Other || (weak_typed.contains(&e) && !weak));
                if upgrade {
                    ent.kind = r.kind;
                    ent.key = format!("{}:{}", r.kind.as_str(), norm);
                    weak_typed.remove(&e);
                }
                e
            }
            None => {
                let key = format!("{}:{}", r.kind.as_str(), norm);
                let e = entity_for(&mut found, canonical, key, r.kind, None);
                by_name.insert(norm, e);
                if weak {
                    weak_typed.insert(e);
                }
                e
            }
        };
        if r.kind == EntityType::Person {
            if let Some(last) = words.last() {
                person_last.entry(last.clone()).or_default().insert(e);
            }
            if words.len() > 1 {
                person_first.entry(words[0].clone()).or_default().insert(e);
            }
        }
        // "Islamic State (IS)": the acronym in parentheses joins the name;
        // "Abboud Qanbar (Abu Haidar)": so does a person's other name.
        let t = r.tok.end;
        if t + 2 < n && d.tok(t) == "(" && d.tok(t + 2) == ")" {
            let acr = d.tok(t + 1);
            if acr.len() >= 2 && acr.chars().all(|c| c.is_uppercase()) {
                acronyms.insert(acr.to_string(), e);
            }
        }
        if r.kind == EntityType::Person && d.tok(t) == "(" {
            // Runs are in text order: the one starting at t + 1, if any, by
            // binary search (a scan of all runs here was quadratic).
            let next = runs.partition_point(|x| x.tok.start <= t);
            if let Some(inner) = runs[next..].first().filter(|x| {
                x.tok.start == t + 1
                    && d.tok(x.tok.end) == ")"
                    && matches!(
                        x.kind,
                        EntityType::Person | EntityType::Other | EntityType::Organization
                    )
                    && x.rule != "name-cue"
            }) {
                acronyms.insert(name_text(&inner.tok), e);
            }
        }
        run_entity[ri] = Some((e, r.kind, r.rule));
    }
    // Second names: "Abboud Qanbar (…), also known as Abu Haidar", "Jaish
    // al-Mansurah (Arabic: …, "Army of the Victorious Sect")".
    // The runs of each entity, so a join touches only the runs it moves.
    let mut runs_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, x) in run_entity.iter().enumerate() {
        if let Some(x) = x {
            runs_of.entry(x.0).or_default().push(i);
        }
    }
    for (ri, r) in runs.iter().enumerate() {
        let Some((e, kind, _)) = run_entity[ri] else {
            continue;
        };
        if !matches!(
            kind,
            EntityType::Person | EntityType::Organization | EntityType::Group
        ) {
            continue;
        }
        let sent_end = d.sents[d.sent_of[r.tok.start]].end;
        let run_from = |q: usize| {
            // Past a title: "also known as Sheikh Hassan".
            let mut q = q;
            while q < sent_end && (found.title_at[q].is_some() || d.tok(q) == ".") {
                q += 1;
            }
            let i = runs.partition_point(|x| x.tok.start < q);
            runs.get(i).filter(|x| x.tok.start == q).map(|_| i)
        };
        let mut q = r.tok.end;
        let mut alias = None;
        if q < sent_end && d.tok(q) == "(" {
            let close = (q..sent_end).find(|&z| d.tok(z) == ")").unwrap_or(sent_end);
            alias = (q + 1..close)
                .find(|&z| matches!(d.tok(z), "\"" | "\u{201c}") && run_from(z + 1).is_some())
                .and_then(|z| run_from(z + 1));
            q = close + 1;
        }
        if alias.is_none() {
            if q < sent_end && d.tok(q) == "," {
                q += 1;
            }
            let known = if d.low(q) == "also" { q + 1 } else { q };
            if d.low(known) == "known" && d.low(known + 1) == "as" {
                alias = run_from(known + 2);
            } else if matches!(d.low(q), "a.k.a." | "aka") {
                alias = run_from(q + 1);
            }
        }
        if let Some(a) = alias
            && a != ri
            && let Some((old, akind, arule)) = run_entity[a]
            && old != e
        {
            // A name with a head word ("Army of the Victorious Sect") types
            // both better than a guess from capitalization.
            let mut kind = kind;
            if arule == "name-cue" && !matches!(runs[ri].rule, "name-cue" | "title" | "given-name")
            {
                kind = akind;
                let ent = &mut found.entities[e];
                ent.kind = akind;
                ent.key = format!("{}:{}", akind.as_str(), normalize(&ent.canonical));
            }
            // Every mention of the second name joins the first.
            let moved = runs_of.remove(&old).unwrap_or_default();
            for &i in &moved {
                if let Some(x) = run_entity[i].as_mut() {
                    *x = (e, kind, "alias");
                }
            }
            let group = runs_of.entry(e).or_default();
            for &i in group.iter() {
                if let Some(x) = run_entity[i].as_mut() {
                    x.1 = kind;
                }
            }
            group.extend(moved);
        }
    }
    for (ri, r) in runs.iter().enumerate() {
        if let Some((e, kind, rule)) = run_entity[ri] {
            raw.push(Mention::over(d, r.tok.clone(), kind, e, rule));
        }
    }
    raw.sort_by_key(|m| (m.start, m.end));
    for m in raw.iter_mut() {
        if m.rule != "state-forces" {
            m.kind = found.entities[m.entity].kind;
        }
    }

    // 5. Pronouns and definite descriptions, resolved backwards.
    let mut extra: Vec<Mention> = Vec::new();
    {
        let mut last_person: Vec<(usize, usize)> = Vec::new(); // (token, entity)
        let mut last_country: Option<(usize, usize)> = None;
        // Organizations, groups and countries (for it/they/"the group") and
        // places (for "the village"), in text order: (token, entity,
        // sentence, is a country, is a place).
        let mut recent: Vec<(usize, usize, usize, bool, bool)> = Vec::new();
        let mut mi = 0;
        #[allow(clippy::needless_range_loop)] // k indexes several parallel arrays
        for k in 0..n {
            while mi < raw.len() && raw[mi].tok.start <= k {
                let m = &raw[mi];
                match m.kind {
                    EntityType::Person => last_person.push((m.tok.start, m.entity)),
                    EntityType::Country => last_country = Some((m.tok.start, m.entity)),
                    _ => {}
                }
                if !m.demonym && m.rule != "state-forces" {
                    match m.kind {
                        EntityType::Organization | EntityType::Group | EntityType::Country => {
                            recent.push((
                                m.tok.start,
                                m.entity,
                                m.sentence,
                                m.kind == EntityType::Country,
                                false,
                            ));
                        }
                        EntityType::Location => {
                            recent.push((m.tok.start, m.entity, m.sentence, false, true));
                        }
                        _ => {}
                    }
                }
                mi += 1;
            }
            if claim[k] != Claim::Free || run_tokens.contains(&k) {
                continue;
            }
            let w = d.low(k);
            let gender = if PRONOUNS_M.contains(&w) {
                Some(Gender::Male)
            } else if PRONOUNS_F.contains(&w) {
                Some(Gender::Female)
            } else {
                None
            };
            let sent = d.sent_of[k];
            if let Some(g) = gender {
                // In text order, so stop at the first one out of reach
                // (a scan of every earlier person would be quadratic).
                let ante = last_person
                    .iter()
                    .rev()
                    .take_while(|&&(t, _)| d.sent_of[t] + 3 >= sent)
                    .find(|&&(_, e)| {
                        let eg = found.entities[e].gender;
                        eg == g || eg == Gender::Unknown
                    });
                if let Some(&(_, e)) = ante {
                    extra.push(Mention::over(d, k..k + 1, EntityType::Person, e, "pronoun"));
                }
            } else if let Some((e, kind)) = org_pronoun(d, k, sent, w, &recent, &found) {
                extra.push(Mention::over(d, k..k + 1, kind, e, "pronoun"));
            } else if let Some((len, e, kind)) =
                definite_description(d, k, sent, &recent, &found, &claim, &run_tokens)
            {
                extra.push(Mention::over(d, k..k + len, kind, e, "definite"));
            } else if w == "the"
                && k + 1 < n
                && DEFINITE_STATE.contains(&d.low(k + 1))
                && let Some((t, e)) = last_country
                && d.sent_of[t] + 3 >= sent
            {
                extra.push(Mention::over(
                    d,
                    k..k + 2,
                    EntityType::Country,
                    e,
                    "definite",
                ));
            }
        }
    }
    raw.extend(extra);
    raw.sort_by_key(|m| (m.start, m.end));
    // Drop overlaps (keep the earlier, longer one).
    let mut mentions: Vec<Mention> = Vec::with_capacity(raw.len());
    for m in raw {
        // A language label in a gloss: "(Arabic: …, Kurdish: …)".
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

/// Whether a gazetteer place is a sports team here: a place in a score line
/// ("Pohang 3 Ulsan 2", "NEW YORK 74 59 .556"), a fixture ("v Leeds",
/// "CHICAGO AT TORONTO"), before a team role ("Surrey captain", "Blackburn
/// and Southampton skipper", "Newcastle team mate"), or a city someone
/// joined.
fn is_team(d: &Doc, gaz: &[GazCand], gi: usize) -> bool {
    let lex = d.lex;
    let g = &gaz[gi];
    let kind = lex.entries[g.entry].kind;
    if !matches!(
        kind,
        GazKind::CountryName | GazKind::Capital | GazKind::City | GazKind::Region
    ) {
        return false;
    }
    let n = d.toks.len();
    let (s, t) = (g.tok.start, g.tok.end);
    let sent = &d.sents[d.sent_of[s]];
    let sports = |k: usize| {
        if k < n {
            lex.sports.get(d.low(k)).copied()
        } else {
            None
        }
    };
    // The place whose tokens start at `k`, if any.
    let place_from = |k: usize| {
        gaz.binary_search_by_key(&k, |g| g.tok.start)
            .ok()
            .filter(|&i| {
                matches!(
                    lex.entries[gaz[i].entry].kind,
                    GazKind::CountryName | GazKind::Capital | GazKind::City | GazKind::Region
                )
            })
            .map(|i| gaz[i].tok.end)
    };
    // The place whose tokens end at `k`: candidates do not overlap, so their
    // ends are sorted like their starts.
    let place_to = |k: usize| {
        gaz[..gi]
            .binary_search_by_key(&k, |g| g.tok.end)
            .ok()
            .map(|i| &gaz[i])
            .filter(|g| {
                matches!(
                    lex.entries[g.entry].kind,
                    GazKind::CountryName | GazKind::Capital | GazKind::City | GazKind::Region
                )
            })
            .map(|g| g.tok.start)
    };
    // A score: a whole number that is not a year and not a quantity.
    let score = |k: usize| {
        if k >= sent.end || d.toks[k].kind != TokKind::Number {
            return false;
        }
        let w = d.tok(k);
        if !w.bytes().all(|b| b.is_ascii_digit()) {
            return false;
        }
        let year = w.len() == 4 && (w.starts_with("19") || w.starts_with("20"));
        let next = k + 1;
        let quantity = next < sent.end
            && ((d.toks[next].kind == TokKind::Word
                && d.tok(next).chars().next().is_some_and(char::is_lowercase))
                || d.tok(next) == "%"
                || (matches!(d.tok(next), "." | ",")
                    && !d.toks[next].space_before
                    && next + 1 < sent.end
                    && d.toks[next + 1].kind == TokKind::Number
                    && !d.toks[next + 1].space_before));
        !year && !quantity
    };
    // Score line: the place opens the line or follows a score / separator,
    // and a score follows it.
    let line_start = s == sent.start
        || d.toks[s].breaks > 0
        || d.toks[s - 1].kind == TokKind::Number
        || matches!(d.tok(s - 1), "," | ":" | ";" | "-");
    if line_start && score(t) {
        return true;
    }
    // Fixtures.
    if s > sent.start && sports(s - 1) == Some(SportsWord::Fixture) {
        return true;
    }
    if t < sent.end && sports(t) == Some(SportsWord::Fixture) && place_from(t + 1).is_some() {
        return true;
    }
    // "CHICAGO AT TORONTO" as a whole line.
    let last = if matches!(d.tok(sent.end - 1), "." | ":") {
        sent.end - 1
    } else {
        sent.end
    };
    if s == sent.start && t < last && d.low(t) == "at" && place_from(t + 1) == Some(last) {
        return true;
    }
    if t == last
        && s >= sent.start + 2
        && d.low(s - 1) == "at"
        && place_to(s - 1) == Some(sent.start)
    {
        return true;
    }
    // Team roles after the place, also across "and" ("Blackburn and
    // Southampton skipper").
    let role_at = |k: usize| {
        k < sent.end
            && d.tok(k).chars().next().is_some_and(char::is_lowercase)
            && (sports(k) == Some(SportsWord::Role)
                || (d.low(k) == "team"
                    && k + 1 < sent.end
                    && matches!(d.low(k + 1), "mate" | "mates")))
    };
    if role_at(t) {
        return true;
    }
    if t + 1 < sent.end && d.low(t) == "and" && place_from(t + 1).is_some_and(role_at) {
        return true;
    }
    // "who joined Newcastle": a city someone joins is a club.
    kind == GazKind::City && s > sent.start && d.low(s - 1) == "joined"
}

/// Resolves "it"/"its" (an organization, group or country) and
/// "they"/"their"/"them" (an organization or group). A possessive takes the
/// nearest one before it in the sentence; a subject pronoun takes the first
/// one of its sentence before it (the subject), else the first of the
/// previous sentence ("The Chess Federation is a body in
/// Peru. It was set up …" → the federation, not Peru). Expletive "it" ("it
/// is likely that", "it was decided to") is left alone.
fn org_pronoun(
    d: &Doc,
    k: usize,
    sent: usize,
    w: &str,
    recent: &[(usize, usize, usize, bool, bool)],
    found: &Found,
) -> Option<(usize, EntityType)> {
    let singular = matches!(w, "it" | "its");
    if !singular && !matches!(w, "they" | "their" | "them") {
        return None;
    }
    if w == "it"
        && (k + 1..(k + 5).min(d.toks.len()))
            .any(|q| matches!(d.low(q), "that" | "to" | "whether" | "if"))
    {
        return None;
    }
    let ok = |&&(_, _, _, country, place): &&(usize, usize, usize, bool, bool)| {
        !place && (singular || !country)
    };
    // Candidates from this sentence and the two before it, nearest first.
    let mut window = recent
        .iter()
        .rev()
        .filter(|c| c.0 < k)
        .take_while(|c| c.2 + 2 >= sent);
    let pick = if matches!(w, "its" | "their") {
        window.find(ok)
    } else {
        let cands: Vec<_> = window.filter(ok).collect();
        let first_of = |s: usize| cands.iter().rev().find(|c| c.2 == s).copied();
        first_of(sent).or_else(|| (1..=2).find_map(|b| sent.checked_sub(b).and_then(first_of)))
    }?;
    Some((pick.1, found.entities[pick.1].kind))
}

/// "the group", "the jihadist group" → the nearest organization or group in
/// this or the three sentences before; "the village", "the city" → the
/// nearest place that is not a country. Returns (token length, entity,
/// type).
fn definite_description(
    d: &Doc,
    k: usize,
    sent: usize,
    recent: &[(usize, usize, usize, bool, bool)],
    found: &Found,
    claim: &[Claim],
    run_tokens: &HashSet<usize>,
) -> Option<(usize, usize, EntityType)> {
    if d.low(k) != "the" {
        return None;
    }
    let sr = &d.sents[sent];
    let free = |q: usize| q < sr.end && claim[q] == Claim::Free && !run_tokens.contains(&q);
    let head = |q: usize| {
        if free(q) && d.tok(q).chars().next().is_some_and(char::is_lowercase) {
            d.lex.descriptions.get(d.low(q)).copied()
        } else {
            None
        }
    };
    // "the group", or one lowercase modifier first ("the jihadist group").
    let (len, kind) = match head(k + 1) {
        Some(h @ (Description::Org | Description::Place)) => (2, h),
        _ => match head(k + 2) {
            Some(h @ (Description::Org | Description::Place))
                if free(k + 1)
                    && d.toks[k + 1].kind == TokKind::Word
                    && d.tok(k + 1).chars().next().is_some_and(char::is_lowercase)
                    && (d.lex.descriptions.get(d.low(k + 1)) == Some(&Description::Modifier)
                        || (h == Description::Place
                            && !d.lex.descriptions.contains_key(d.low(k + 1)))) =>
            {
                (3, h)
            }
            _ => return None,
        },
    };
    // Not the head of a longer phrase: "the group of", "the city council".
    let after = k + len;
    if after < sr.end
        && (d.low(after) == "of"
            || (d.toks[after].kind == TokKind::Word
                && d.tok(after).chars().next().is_some_and(char::is_lowercase)
                && d.lex.descriptions.contains_key(d.low(after))))
    {
        return None;
    }
    let want_place = kind == Description::Place;
    let pick = recent
        .iter()
        .rev()
        .filter(|c| c.0 < k)
        .take_while(|c| c.2 + 3 >= sent)
        .find(|c| if want_place { c.4 } else { !c.3 && !c.4 })?;
    Some((len, pick.1, found.entities[pick.1].kind))
}

/// "Hibhib (Arabic: …) is a village in …", "Amarah, a city in …": the name
/// before "is a" / ", a" and a place noun is a place.
fn is_a_place(d: &Doc, e: usize, hi: usize) -> bool {
    let mut q = e;
    // Skip one parenthetical.
    if q < hi && d.tok(q) == "(" {
        let mut depth = 0;
        while q < hi {
            match d.tok(q) {
                "(" => depth += 1,
                ")" => {
                    depth -= 1;
                    if depth == 0 {
                        q += 1;
                        break;
                    }
                }
                _ => {}
            }
            q += 1;
        }
    }
    if q < hi && matches!(d.low(q), "is" | "was" | ",") {
        q += 1;
    } else {
        return false;
    }
    if !(q < hi && matches!(d.low(q), "a" | "an")) {
        return false;
    }
    q += 1;
    // Up to two lowercase modifiers: "a small mountain ridge", "a large city".
    for _ in 0..3 {
        if q >= hi || !d.tok(q).chars().next().is_some_and(char::is_lowercase) {
            return false;
        }
        let w = d.low(q);
        if PLACE_NOUNS.contains(&w)
            || d.lex.descriptions.get(w) == Some(&Description::Place)
            || d.lex.cues.get(w) == Some(&EntityType::Location)
        {
            return true;
        }
        q += 1;
    }
    false
}
