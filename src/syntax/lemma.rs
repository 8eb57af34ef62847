//! Lemmatizer: exceptions learnt from the treebank, irregular verbs, and
//! suffix rules per XPOS for words the treebank does not have.
//!
//! A lemma is looked up, in order:
//!
//! 1. by the exact form and XPOS (`American|JJ` → `American`,
//!    `US|NNP` → `US`), the most frequent lemma in training;
//! 2. by the lowercased form and XPOS (`FOUGHT|VBD` → `fight`);
//! 3. for a past tense or participle, in the irregular verbs table
//!    (`data/irregular-verbs.txt`, facts of English written for newsgraph);
//! 4. by the longest suffix rule learnt for the XPOS: strip so many
//!    characters, append a string (`-ies|NNS` → strip 3, append `y`).
//!
//! Exact-form entries that the lowercased entry gets right are not stored.
//! Proper nouns keep their case; other words are lowercased unless
//! written in capitals throughout (acronyms keep their case, as in EWT).

use super::conllu::Sentence;
use super::model::{HashIndex, Reader, Writer, fin, mix, model_err};
use super::tagger::{Upos, Xpos};
use crate::error::Result;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Longest suffix a rule looks at, in characters.
const MAX_SUFFIX: usize = 7;

/// Lemmatizer training settings. The defaults build the committed model.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// A suffix rule longer than one character needs this many word types.
    pub min_rule_types: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions { min_rule_types: 2 }
    }
}

/// A trained lemmatizer.
#[derive(Debug, Clone, Default)]
pub struct Lemmatizer {
    /// Lemma strings, concatenated; string `i` is `pool[offs[i]..offs[i+1]]`.
    pool: String,
    offs: Vec<u32>,
    /// Exception keys ([`exact_key`], [`lower_key`]), sorted, and their lemma ids.
    ex_keys: Vec<u64>,
    ex_vals: Vec<u32>,
    /// Rule keys ([`rule_key`]), sorted; chars to strip and the id of the
    /// string to append.
    rule_keys: Vec<u64>,
    rule_strip: Vec<u8>,
    rule_app: Vec<u32>,
    /// Lemmas seen in training per class ([`known_key`]), sorted.
    known_keys: Vec<u64>,
    ex_index: HashIndex,
    rule_index: HashIndex,
    known_index: HashIndex,
}

/// A hash of a word's characters, lowercased or not, without allocating.
#[inline]
fn chars_hash(chars: impl Iterator<Item = char>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in chars {
        h = (h ^ u64::from(u32::from(c))).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn lower_chars(form: &str) -> impl Iterator<Item = char> + '_ {
    form.chars().flat_map(char::to_lowercase)
}

fn exact_key(form: &str, xpos: Xpos) -> u64 {
    let h = if form.is_ascii() {
        // ASCII bytes are the characters: the same hash, no decoding.
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in form.bytes() {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    } else {
        chars_hash(form.chars())
    };
    fin(mix(mix(1, u64::from(xpos.0)), h))
}

fn lower_key(form: &str, xpos: Xpos) -> u64 {
    fin(mix(mix(2, u64::from(xpos.0)), lower_hash(form)))
}

/// `chars_hash(lower_chars(form))`, with a fast path for ASCII words.
#[inline]
fn lower_hash(form: &str) -> u64 {
    if form.is_ascii() {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in form.bytes() {
            h = (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0000_0100_0000_01b3);
        }
        h
    } else {
        chars_hash(lower_chars(form))
    }
}

/// Key of the rule for the (lowercased) suffix `suf` under `xpos`.
fn rule_key(suf: &[char], xpos: Xpos) -> u64 {
    fin(mix(
        mix(3, u64::from(xpos.0)),
        chars_hash(suf.iter().copied()),
    ))
}

/// The last `MAX_SUFFIX` characters of `form`, lowercased, in a fixed
/// buffer, and how many there are.
fn tail(form: &str) -> ([char; MAX_SUFFIX], usize) {
    let mut buf = ['\0'; MAX_SUFFIX];
    let mut n = 0;
    for c in form.chars().rev() {
        if n == MAX_SUFFIX {
            break;
        }
        // Lowercasing may give several characters; take the first.
        buf[n] = c.to_lowercase().next().unwrap_or(c);
        n += 1;
    }
    buf[..n].reverse();
    (buf, n)
}

fn is_proper(xpos: Xpos) -> bool {
    matches!(xpos.as_str(), "NNP" | "NNPS")
}

/// Letters all upper case (at least two): an acronym or a headline word.
fn all_caps(form: &str) -> bool {
    let mut letters = 0;
    for c in form.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 2
}

/// The irregular verbs table: (past or participle, base), sorted.
fn irregulars() -> &'static [(&'static str, &'static str)] {
    static TABLE: OnceLock<Vec<(&'static str, &'static str)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v: Vec<(&str, &str)> = include_str!("data/irregular-verbs.txt")
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once(' '))
            .collect();
        v.sort_unstable();
        v
    })
}

fn irregular(form: &str) -> Option<&'static str> {
    let t = irregulars();
    let found = if form.chars().any(char::is_uppercase) {
        let lower = form.to_lowercase();
        t.binary_search_by(|e| e.0.cmp(lower.as_str())).ok()
    } else {
        t.binary_search_by(|e| e.0.cmp(form)).ok()
    };
    found.map(|i| t[i].1)
}

/// The lemma class of an XPOS for the known-lemma check: verbs, nouns,
/// adjectives, adverbs; 0 for the others.
fn lemma_class(xpos: Xpos) -> u64 {
    match xpos.as_str() {
        "VB" | "VBD" | "VBG" | "VBN" | "VBP" | "VBZ" => 1,
        "NN" | "NNS" => 2,
        "JJ" | "JJR" | "JJS" => 3,
        "RB" | "RBR" | "RBS" => 4,
        _ => 0,
    }
}

fn known_key(class: u64, lemma_hash: u64) -> u64 {
    fin(mix(mix(4, class), lemma_hash))
}

/// Regular English inflections of an XPOS as (characters to strip,
/// string to append, ending the form must have), tried after the learnt
/// rules. An edit applies only to its own ending: "-ied" gives "-y"
/// ("studied"), never "-eed" ("freed" is not "fry").
fn regular_edits(xpos: Xpos) -> &'static [(usize, &'static str, &'static str)] {
    match xpos.as_str() {
        "VBD" | "VBN" => &[(2, "", "ed"), (1, "", "ed"), (3, "y", "ied"), (3, "", "ed")],
        "VBG" => &[
            (3, "", "ing"),
            (3, "e", "ing"),
            (4, "", "ing"),
            (4, "ie", "ying"),
        ],
        "VBZ" | "NNS" => &[(1, "", "s"), (2, "", "es"), (3, "y", "ies")],
        "JJR" | "RBR" => &[(2, "", "er"), (1, "", "er"), (3, "y", "ier"), (3, "", "er")],
        "JJS" | "RBS" => &[
            (3, "", "est"),
            (2, "", "st"),
            (4, "y", "iest"),
            (4, "", "est"),
        ],
        _ => &[],
    }
}

/// Whether the letters just before `ending` are one consonant doubled,
/// as in "stopped" or "biggest": the only case where a regular edit strips
/// more than its ending.
fn doubled_before(form: &str, ending: &str) -> bool {
    let mut rest = form[..form.len() - ending.len()]
        .chars()
        .rev()
        .map(|c| c.to_ascii_lowercase());
    match (rest.next(), rest.next()) {
        (Some(a), Some(b)) => a == b && a.is_alphabetic() && !"aeiou".contains(a),
        _ => false,
    }
}

/// Whether `form` ends with the ASCII `ending`, ignoring ASCII case
/// ("STUDIED" ends with "ied"), without allocating.
fn ends_with_ignore_case(form: &str, ending: &str) -> bool {
    let (f, e) = (form.as_bytes(), ending.as_bytes());
    f.len() >= e.len() && f[f.len() - e.len()..].eq_ignore_ascii_case(e)
}

/// How a word's lemma is made from its form: strip characters, append.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Edit {
    strip: usize,
    append: String,
}

impl Edit {
    /// The edit from `form` to `lemma`, both as given (case-sensitive).
    fn between(form: &str, lemma: &str) -> Edit {
        let common = form
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let byte = lemma
            .char_indices()
            .nth(common)
            .map_or(lemma.len(), |(b, _)| b);
        Edit {
            strip: form.chars().count() - common,
            append: lemma[byte..].to_string(),
        }
    }
}

impl Lemmatizer {
    fn string(&self, id: u32) -> &str {
        let i = id as usize;
        &self.pool[self.offs[i] as usize..self.offs[i + 1] as usize]
    }

    /// The lemma of `form` tagged `upos`/`xpos`. Borrows from the form or
    /// the model whenever it can; allocates only for rule-made lemmas that
    /// differ from the form.
    pub fn lemma<'a>(&'a self, form: &'a str, upos: Upos, xpos: Xpos) -> Cow<'a, str> {
        let _ = upos; // XPOS is finer; UPOS kept in the signature for callers.
        if let Some(i) = self.ex_index.get(exact_key(form, xpos)) {
            return Cow::Borrowed(self.string(self.ex_vals[i as usize]));
        }
        if let Some(i) = self.ex_index.get(lower_key(form, xpos)) {
            return Cow::Borrowed(self.string(self.ex_vals[i as usize]));
        }
        self.unseen(form, xpos)
    }

    /// Steps 3 and 4: irregular verbs, then suffix rules.
    fn unseen<'a>(&'a self, form: &'a str, xpos: Xpos) -> Cow<'a, str> {
        if matches!(xpos.as_str(), "VBD" | "VBN")
            && let Some(base) = irregular(form)
        {
            return Cow::Borrowed(base);
        }
        // Unseen capitalised adjectives are mostly demonyms ("Qatari"),
        // which EWT lemmatises with their capital.
        // EWT writes numbers with thousands separators without them.
        if xpos.as_str() == "CD"
            && form.contains(',')
            && form
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
            && form.bytes().next().is_some_and(|b| b.is_ascii_digit())
        {
            return Cow::Owned(form.replace(',', ""));
        }
        // Web addresses and e-mail addresses (ADD) are their own lemmas.
        // Words in capitals keep them (acronyms, as in EWT) unless they are
        // verbs, adjectives or adverbs: a headline's "FIRES|VBZ" is "fire".
        let caps_kept = all_caps(form) && !matches!(lemma_class(xpos), 1 | 3 | 4);
        let keep_case = is_proper(xpos) || caps_kept || matches!(xpos.as_str(), "JJ" | "ADD");
        let (buf, n) = tail(form);
        let nchars = form.chars().count();
        // The rules from the longest suffix down, then the regular edits of
        // the word's class; the first that makes a lemma known in training
        // for the class wins, else the longest rule.
        let class = lemma_class(xpos);
        let rules = (0..=n).rev().filter_map(|k| {
            self.rule_index
                .get(rule_key(&buf[n - k..n], xpos))
                .map(|i| {
                    (
                        usize::from(self.rule_strip[i as usize]),
                        self.string(self.rule_app[i as usize]),
                    )
                })
        });
        let regular = regular_edits(xpos)
            .iter()
            .filter(|&&(strip, _, ending)| {
                ends_with_ignore_case(form, ending)
                    && (strip <= ending.len() || doubled_before(form, ending))
            })
            .map(|&(strip, append, _)| (strip, append));
        let cands: Vec<(usize, &str)> = rules.chain(regular).collect();
        let known_as = |(strip, append): (usize, &str), class: u64| {
            if strip >= nchars {
                return false;
            }
            let cut = form
                .char_indices()
                .nth(nchars - strip)
                .map_or(form.len(), |(b, _)| b);
            let h = chars_hash(lower_chars(&form[..cut]).chain(append.chars()));
            self.known_index.get(known_key(class, h)).is_some()
        };
        let mut edit = cands.first().copied();
        if class != 0 {
            // A lemma known for the word's own class wins; else one known
            // for another open class ("freed" → "free", seen as an
            // adjective); else the longest rule.
            let other = (1..=4).filter(|&c| c != class);
            if let Some(&c) = cands.iter().find(|&&c| known_as(c, class)) {
                edit = Some(c);
            } else if let Some(&c) = cands.iter().find(|&&(strip, append)| {
                // Only a light edit crosses classes: "freed" -> "free", not
                // "aid" -> "a".
                strip <= 2
                    && nchars + append.chars().count() >= strip + 3
                    && other.clone().any(|k| known_as((strip, append), k))
            }) {
                edit = Some(c);
            }
        }
        let (strip, append) = edit.unwrap_or((0, ""));
        let strip = strip.min(nchars);
        let cut = form
            .char_indices()
            .nth(nchars - strip)
            .map_or(form.len(), |(b, _)| b);
        let needs_lower = !keep_case && form.chars().any(char::is_uppercase);
        if append.is_empty() && !needs_lower {
            return Cow::Borrowed(&form[..cut]);
        }
        let mut out = String::with_capacity(cut + append.len());
        if needs_lower {
            out.extend(lower_chars(&form[..cut]));
        } else {
            out.push_str(&form[..cut]);
        }
        if caps_kept && !is_proper(xpos) {
            out.extend(append.chars().flat_map(char::to_uppercase));
        } else {
            out.push_str(append);
        }
        Cow::Owned(out)
    }

    /// Learns exceptions and suffix rules from the words of `sentences`
    /// (form, XPOS and lemma). Deterministic: the same sentences give the
    /// same model.
    pub fn train(sentences: &[Sentence], opts: &TrainOptions) -> Lemmatizer {
        // Counts of (form, xpos) → lemma, exact and lowercased.
        let mut exact: HashMap<(String, u8), HashMap<String, u32>> = HashMap::new();
        let mut lower: HashMap<(String, u8), HashMap<String, u32>> = HashMap::new();
        for w in sentences.iter().flat_map(|s| &s.words) {
            if w.lemma == "_" {
                continue;
            }
            let x = Xpos::from_name(&w.xpos).0;
            *exact
                .entry((w.form.clone(), x))
                .or_default()
                .entry(w.lemma.clone())
                .or_default() += 1;
            *lower
                .entry((w.form.to_lowercase(), x))
                .or_default()
                .entry(w.lemma.clone())
                .or_default() += 1;
        }
        let best = |m: &HashMap<String, u32>| -> String {
            // Most frequent, then the smallest string.
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(l, _)| l.clone())
                .unwrap_or_default()
        };
        let mut exact: Vec<((String, u8), String)> =
            exact.iter().map(|(k, m)| (k.clone(), best(m))).collect();
        let mut lower: Vec<((String, u8), String)> =
            lower.iter().map(|(k, m)| (k.clone(), best(m))).collect();
        exact.sort_unstable();
        lower.sort_unstable();

        // Suffix rules from word types: (xpos, lowercased suffix) → edit
        // counts, the edit made on the form as the unseen path applies it.
        let mut rules: HashMap<(u8, Vec<char>), HashMap<Edit, u32>> = HashMap::new();
        for ((form, x), lemma) in &exact {
            let xpos = Xpos(*x);
            let keep_case = is_proper(xpos) || all_caps(form);
            let edit = if keep_case {
                Edit::between(form, lemma)
            } else {
                Edit::between(&form.to_lowercase(), &lemma.to_lowercase())
            };
            let (buf, n) = tail(form);
            for k in 0..=n {
                *rules
                    .entry((*x, buf[n - k..n].to_vec()))
                    .or_default()
                    .entry(edit.clone())
                    .or_default() += 1;
            }
        }
        let mut rules: Vec<((u8, Vec<char>), Edit, u32)> = rules
            .into_iter()
            .map(|(k, m)| {
                let total = m.values().sum();
                let e = m
                    .into_iter()
                    .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                    .map(|(e, _)| e)
                    .unwrap_or(Edit {
                        strip: 0,
                        append: String::new(),
                    });
                (k, e, total)
            })
            .collect();
        // Shorter suffixes first, so a rule is kept only when it differs
        // from what its shorter suffixes already give.
        rules.sort_unstable_by(|a, b| (a.0.1.len(), &a.0).cmp(&(b.0.1.len(), &b.0)));

        let mut lem = Lemmatizer::default();
        let mut strings: HashMap<String, u32> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        let mut intern = |s: &str, order: &mut Vec<String>| -> u32 {
            let next = strings.len() as u32;
            *strings.entry(s.to_string()).or_insert_with(|| {
                order.push(s.to_string());
                next
            })
        };
        let mut rule_rows: Vec<(u64, u8, u32)> = Vec::new();
        let mut kept: HashMap<u64, (usize, String)> = HashMap::new();
        for ((x, suf), edit, total) in &rules {
            if suf.len() > 1 && *total < opts.min_rule_types {
                continue;
            }
            // What the rules kept so far give for this suffix.
            let inherited = (0..suf.len())
                .rev()
                .find_map(|k| kept.get(&rule_key(&suf[suf.len() - k..], Xpos(*x))));
            let same =
                inherited.is_some_and(|(strip, app)| *strip == edit.strip && *app == edit.append);
            if same || (inherited.is_none() && edit.strip == 0 && edit.append.is_empty()) {
                continue;
            }
            let app = intern(&edit.append, &mut order);
            let key = rule_key(suf, Xpos(*x));
            rule_rows.push((key, edit.strip.min(255) as u8, app));
            kept.insert(key, (edit.strip, edit.append.clone()));
        }
        rule_rows.sort_unstable();
        rule_rows.dedup_by_key(|r| r.0);
        lem.pool = order.concat();
        lem.offs = offsets(&order);
        lem.rule_keys = rule_rows.iter().map(|r| r.0).collect();
        lem.rule_strip = rule_rows.iter().map(|r| r.1).collect();
        lem.rule_app = rule_rows.iter().map(|r| r.2).collect();
        lem.rule_index = HashIndex::build(&lem.rule_keys);

        let mut known: Vec<u64> = sentences
            .iter()
            .flat_map(|s| &s.words)
            .filter_map(|w| {
                let class = lemma_class(Xpos::from_name(&w.xpos));
                (class != 0 && w.lemma != "_")
                    .then(|| known_key(class, chars_hash(lower_chars(&w.lemma))))
            })
            .collect();
        known.sort_unstable();
        known.dedup();
        lem.known_index = HashIndex::build(&known);
        lem.known_keys = known;

        // Exceptions: the lowercased entries the rules get wrong, then the
        // exact entries the lowercased path gets wrong.
        let mut ex_rows: Vec<(u64, u32)> = Vec::new();
        let mut lower_map: HashMap<u64, String> = HashMap::new();
        // All lowercased entries are kept: a word in capitals ("THE",
        // "FOUGHT") needs its lowercased entry even where the rules get the
        // lowercase word right.
        for ((form, x), lemma) in &lower {
            let id = intern(lemma, &mut order);
            ex_rows.push((lower_key(form, Xpos(*x)), id));
            lower_map.insert(lower_key(form, Xpos(*x)), lemma.clone());
        }
        for ((form, x), lemma) in &exact {
            let key = lower_key(form, Xpos(*x));
            let via_lower = lower_map.get(&key).cloned();
            let got = match via_lower {
                Some(l) => l,
                None => lem.unseen(form, Xpos(*x)).into_owned(),
            };
            if got != *lemma {
                let id = intern(lemma, &mut order);
                ex_rows.push((exact_key(form, Xpos(*x)), id));
            }
        }
        ex_rows.sort_unstable();
        ex_rows.dedup_by_key(|r| r.0);

        // Final tables, strings in order of first use (deterministic: the
        // loops above run over sorted vectors).
        lem.pool = order.concat();
        lem.offs = offsets(&order);
        lem.ex_keys = ex_rows.iter().map(|r| r.0).collect();
        lem.ex_vals = ex_rows.iter().map(|r| r.1).collect();
        lem.ex_index = HashIndex::build(&lem.ex_keys);
        lem
    }

    /// Number of exceptions and rules (for reports).
    pub fn stats(&self) -> (usize, usize) {
        (self.ex_keys.len(), self.rule_keys.len())
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.str(&self.pool);
        w.u32s(&self.offs);
        w.u64s(&self.ex_keys);
        w.u32s(&self.ex_vals);
        w.u64s(&self.rule_keys);
        w.u8s(&self.rule_strip);
        w.u32s(&self.rule_app);
        w.u64s(&self.known_keys);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Lemmatizer> {
        let pool = r.str()?.to_string();
        let offs = r.u32s()?;
        let ex_keys = r.u64s()?;
        let ex_vals = r.u32s()?;
        let rule_keys = r.u64s()?;
        let rule_strip = r.u8s()?;
        let rule_app = r.u32s()?;
        let known_keys = r.u64s()?;
        let n = offs.len().saturating_sub(1) as u32;
        let ok = !offs.is_empty()
            && offs[0] == 0
            && offs.windows(2).all(|p| p[0] <= p[1])
            && offs.last().map(|&l| l as usize) == Some(pool.len())
            && offs.iter().all(|&o| pool.is_char_boundary(o as usize))
            && ex_keys.len() == ex_vals.len()
            && ex_vals.iter().all(|&v| v < n)
            && rule_keys.len() == rule_strip.len()
            && rule_keys.len() == rule_app.len()
            && rule_app.iter().all(|&v| v < n)
            && sorted_nonzero(&ex_keys)
            && sorted_nonzero(&rule_keys)
            && sorted_nonzero(&known_keys);
        if !ok {
            return Err(model_err("lemmatizer: inconsistent tables"));
        }
        Ok(Lemmatizer {
            ex_index: HashIndex::build(&ex_keys),
            rule_index: HashIndex::build(&rule_keys),
            known_index: HashIndex::build(&known_keys),
            known_keys,
            pool,
            offs,
            ex_keys,
            ex_vals,
            rule_keys,
            rule_strip,
            rule_app,
        })
    }
}

fn sorted_nonzero(k: &[u64]) -> bool {
    k.first().is_none_or(|&f| f != 0) && k.windows(2).all(|p| p[0] < p[1])
}

fn offsets(strings: &[String]) -> Vec<u32> {
    let mut offs = Vec::with_capacity(strings.len() + 1);
    let mut at = 0u32;
    offs.push(0);
    for s in strings {
        at += s.len() as u32;
        offs.push(at);
    }
    offs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits() {
        let rows = [
            ("studies", "study", 3, "y"),
            ("walked", "walk", 2, ""),
            ("went", "go", 4, "go"),
            ("cats", "cats", 0, ""),
        ];
        for (form, lemma, strip, append) in rows {
            let e = Edit::between(form, lemma);
            assert_eq!((e.strip, e.append.as_str()), (strip, append), "{form}");
        }
    }

    #[test]
    fn lemmas_from_the_embedded_model() {
        let m = crate::syntax::model::embedded().expect("embedded model");
        // (form, XPOS, lemma): UPOS is not used.
        let rows = [
            ("fought", "VBD", "fight"),
            ("freed", "VBD", "free"),
            ("refereed", "VBN", "referee"),
            ("won", "VBD", "win"),
            ("studied", "VBD", "study"),
            ("stopped", "VBD", "stop"),
            ("met", "VBD", "meet"),
            ("sought", "VBD", "seek"),
            ("went", "VBD", "go"),
            ("was", "VBD", "be"),
            ("were", "VBD", "be"),
            ("is", "VBZ", "be"),
            ("FOUGHT", "VBD", "fight"),
            ("Fought", "VBD", "fight"),
            ("withheld", "VBN", "withhold"),
            ("brokered", "VBN", "broker"),
            ("militias", "NNS", "militia"),
            ("casualties", "NNS", "casualty"),
            ("children", "NNS", "child"),
            ("talks", "NNS", "talk"),
            ("shelling", "VBG", "shell"),
            ("better", "JJR", "good"),
            ("n't", "RB", "not"),
            ("Qatar", "NNP", "Qatar"),
            ("Americans", "NNPS", "American"),
            ("Qatari", "JJ", "Qatari"),
            ("1,000", "CD", "1000"),
            ("THE", "DT", "the"),
            ("BOMBARDS", "VBZ", "bombard"),
            ("NATO", "NN", "NATO"),
            ("", "NN", ""),
        ];
        for (form, xpos, lemma) in rows {
            let got = m.lemmatizer.lemma(form, Upos(0), Xpos::from_name(xpos));
            assert_eq!(got, lemma, "{form}|{xpos}");
        }
    }

    #[test]
    fn lower_hash_fast_path_agrees() {
        for w in ["Fought", "THE", "naïve", "İstanbul", "x"] {
            assert_eq!(lower_hash(w), chars_hash(lower_chars(w)), "{w}");
        }
    }

    #[test]
    fn irregular_table() {
        let rows = [
            ("fought", Some("fight")),
            ("met", Some("meet")),
            ("sought", Some("seek")),
            ("went", Some("go")),
            ("was", Some("be")),
            ("Brought", Some("bring")),
            ("walked", None),
        ];
        for (form, base) in rows {
            assert_eq!(irregular(form), base, "{form}");
        }
        let t = irregulars();
        assert!(t.windows(2).all(|p| p[0].0 < p[1].0), "unique and sorted");
    }
}
