//! Part-of-speech tagger: an averaged perceptron over joint `UPOS|XPOS`
//! tags, greedy left to right.
//!
//! Each tag is a pair seen in training (`PROPN|NNP`, `AUX|VBZ`, …), so
//! UPOS and XPOS are predicted together and always agree with each other.
//!
//! Features are keyed on a normalised form (lowercase, digits as `0`): the
//! word, ±2 words, prefixes 1–4 and suffixes 1–5, the word shape, flags
//! (hyphen, digit, capitals, first word), neighbours' shapes and suffixes,
//! word bigrams, the parts of a hyphenated word, and the two previous
//! predicted tags. Case features are conjoined with the sentence's *case
//! mode* (normal, ALL CAPS, Title Case), and training adds case-perturbed
//! copies of a fixed share of the sentences, so headlines and datelines in
//! capitals are tagged from their words rather than their capitals.
//!
//! Frequent words that always carry one tag in training (`the`, `,`) are
//! tagged from a dictionary without scoring.
//!
//! Every feature is a 64-bit hash (FNV-1a over bytes, mixed with a
//! template number); the model keeps, per feature, the non-zero weights of
//! the tags it touches, quantised to `i16`.

use super::conllu::Sentence;
use super::model::{HashIndex, Reader, Writer, fin, fnv1a, mix, model_err};
use crate::error::Result;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Universal POS tag names, indexed by [`Upos`] ids (`_` is unknown).
pub const UPOS_NAMES: [&str; 18] = [
    "_", "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
    "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

/// Penn Treebank tags as EWT uses them, indexed by [`Xpos`] ids (`_` is
/// unknown).
pub const XPOS_NAMES: [&str; 51] = [
    "_", "#", "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX",
    "FW", "GW", "HYPH", "IN", "JJ", "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS",
    "PDT", "POS", "PRP", "PRP$", "RB", "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG",
    "VBN", "VBP", "VBZ", "WDT", "WP", "WP$", "WRB", "XX",
];

/// A universal part of speech, a small id into [`UPOS_NAMES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Upos(pub u8);

/// A Penn Treebank tag, a small id into [`XPOS_NAMES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Xpos(pub u8);

impl Upos {
    /// Adjective.
    pub const ADJ: Upos = Upos(1);
    /// Adposition.
    pub const ADP: Upos = Upos(2);
    /// Adverb.
    pub const ADV: Upos = Upos(3);
    /// Auxiliary.
    pub const AUX: Upos = Upos(4);
    /// Determiner.
    pub const DET: Upos = Upos(6);
    /// Noun.
    pub const NOUN: Upos = Upos(8);
    /// Numeral.
    pub const NUM: Upos = Upos(9);
    /// Particle.
    pub const PART: Upos = Upos(10);
    /// Pronoun.
    pub const PRON: Upos = Upos(11);
    /// Proper noun.
    pub const PROPN: Upos = Upos(12);
    /// Punctuation.
    pub const PUNCT: Upos = Upos(13);
    /// Symbol.
    pub const SYM: Upos = Upos(15);
    /// Verb.
    pub const VERB: Upos = Upos(16);
    /// Other.
    pub const X: Upos = Upos(17);

    /// The tag's name (`NOUN`), `_` for an unknown id.
    pub fn as_str(self) -> &'static str {
        UPOS_NAMES.get(usize::from(self.0)).copied().unwrap_or("_")
    }
    /// The tag named `name`, or the unknown tag `_`.
    pub fn from_name(name: &str) -> Upos {
        Upos(UPOS_NAMES.iter().position(|&n| n == name).unwrap_or(0) as u8)
    }
}

impl Xpos {
    /// The tag's name (`NNP`), `_` for an unknown id.
    pub fn as_str(self) -> &'static str {
        XPOS_NAMES.get(usize::from(self.0)).copied().unwrap_or("_")
    }
    /// The tag named `name`, or the unknown tag `_`.
    pub fn from_name(name: &str) -> Xpos {
        Xpos(XPOS_NAMES.iter().position(|&n| n == name).unwrap_or(0) as u8)
    }
}

impl std::fmt::Display for Upos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::fmt::Display for Xpos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Training settings. The defaults build the committed model.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub iterations: usize,
    /// Seed of the per-pass shuffle (xorshift; the order is fixed by it).
    pub seed: u64,
    /// Every `case_period`-th sentence gets an ALL CAPS copy, and the one
    /// half a period later a Title Case copy (0: no copies).
    pub case_period: usize,
    /// Quantised weights (the largest magnitude is 32767) smaller than
    /// this are dropped: 700 keeps dev accuracy and makes tagging faster.
    pub min_weight: i16,
    /// A word enters the tag dictionary when seen at least this often…
    pub dict_min_count: u32,
    /// …with one tag at least this share of the time.
    pub dict_min_share: f64,
    /// A normalised word gets an ambiguity class when seen this often.
    pub amb_min_count: u32,
    /// Word and context features seen fewer times than this in the
    /// training instances are left out (tag features are always kept).
    pub min_feature_count: u32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            iterations: 10,
            seed: 0x6e65_7773_6772_6170, // "newsgrap"
            case_period: 4,
            min_weight: 700,
            dict_min_count: 20,
            dict_min_share: 0.995,
            amb_min_count: 1,
            min_feature_count: 4,
        }
    }
}

/// A trained tagger. Cheap to share across threads (`&Tagger`).
#[derive(Debug, Clone, Default)]
pub struct Tagger {
    /// Joint tags: (UPOS id, XPOS id), indexed by tag number.
    tags: Vec<(u8, u8)>,
    /// Feature hashes, sorted.
    feat_keys: Vec<u64>,
    /// `offsets[f]..offsets[f + 1]` are feature `f`'s weights.
    offsets: Vec<u32>,
    /// Tag number of each weight.
    w_tags: Vec<u8>,
    /// Quantised weights.
    w_vals: Vec<i16>,
    /// Tag dictionary: exact-form hashes, sorted, and their tag numbers.
    dict_keys: Vec<u64>,
    dict_tags: Vec<u8>,
    /// Ambiguity classes of frequent normalised words.
    amb: AmbClasses,
    table: FeatTable,
    dict_index: HashIndex,
}

/// Weights kept inside a slot when a feature has this many or fewer.
const INLINE: usize = 3;

/// One slot of the feature table (16 bytes, four to a cache line): the
/// upper half of the feature's hash (the lower half picks the slot), and
/// its weights, inside the slot when there are at most [`INLINE`], else
/// the start of its range in the table's arrays, kept in `vals[0..2]`.
/// An empty slot has `len == 0`.
#[derive(Debug, Clone, Copy, Default)]
#[repr(C, align(16))]
struct Slot {
    key: u32,
    len: u8,
    tags: [u8; INLINE],
    vals: [i16; INLINE],
}

/// The lookup structure built at load time: open addressing over compact
/// slots, so that a feature mostly costs one memory read.
///
/// Slots compare 32 bits of the 64-bit hash beyond the bits that chose
/// the slot; two features of a model that agree on both are told apart by
/// neither (the second is unreachable), which is deterministic and, at
/// some 10^5 features, practically never happens.
#[derive(Debug, Clone, Default)]
struct FeatTable {
    /// The weights of the bias feature, by tag (it fires for every word).
    bias: Vec<i32>,
    slots: Vec<Slot>,
    tags: Vec<u8>,
    vals: Vec<i16>,
    mask: usize,
}

impl FeatTable {
    fn build(keys: &[u64], offsets: &[u32], tags: &[u8], vals: &[i16]) -> FeatTable {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut t = FeatTable {
            bias: vec![0; 256],
            slots: vec![Slot::default(); cap],
            tags: Vec::new(),
            vals: Vec::new(),
            mask: cap - 1,
        };
        for (i, &k) in keys.iter().enumerate() {
            let (a, b) = (offsets[i] as usize, offsets[i + 1] as usize);
            if a == b {
                continue;
            }
            if k == bias_key() {
                for (&tag, &v) in tags[a..b].iter().zip(&vals[a..b]) {
                    t.bias[usize::from(tag)] = i32::from(v);
                }
                continue;
            }
            let mut p = (k as usize) & t.mask;
            while t.slots[p].len != 0 {
                p = (p + 1) & t.mask;
            }
            let mut slot = Slot {
                key: (k >> 32) as u32,
                len: (b - a).min(255) as u8,
                ..Slot::default()
            };
            let n = usize::from(slot.len);
            if n <= INLINE {
                slot.tags[..n].copy_from_slice(&tags[a..a + n]);
                slot.vals[..n].copy_from_slice(&vals[a..a + n]);
            } else {
                let start = t.tags.len() as u32;
                slot.vals[0] = (start & 0xffff) as u16 as i16;
                slot.vals[1] = (start >> 16) as u16 as i16;
                t.tags.extend_from_slice(&tags[a..a + n]);
                t.vals.extend_from_slice(&vals[a..a + n]);
            }
            t.slots[p] = slot;
        }
        t
    }

    /// The slot of `key`, if present.
    #[inline]
    fn find(&self, key: u64) -> Option<u32> {
        if self.slots.is_empty() {
            return None;
        }
        let check = (key >> 32) as u32;
        let mut p = (key as usize) & self.mask;
        loop {
            let s = &self.slots[p];
            if s.len == 0 {
                return None;
            }
            if s.key == check {
                return Some(p as u32);
            }
            p = (p + 1) & self.mask;
        }
    }

    /// Where the out-of-slot weights of a slot start.
    #[inline]
    fn start(s: &Slot) -> usize {
        (s.vals[0] as u16 as usize) | ((s.vals[1] as u16 as usize) << 16)
    }

    /// Starts loading the out-of-slot weights of slot `p`, so that they
    /// are in cache when [`FeatTable::weights`] reads them.
    #[inline]
    fn touch(&self, p: u32) {
        let s = &self.slots[p as usize];
        if usize::from(s.len) > INLINE {
            std::hint::black_box(self.vals.get(Self::start(s)));
        }
    }

    /// The tags and weights of the feature in slot `p`.
    #[inline]
    fn weights(&self, p: u32) -> (&[u8], &[i16]) {
        let s = &self.slots[p as usize];
        let n = usize::from(s.len);
        if n <= INLINE {
            (&s.tags[..n], &s.vals[..n])
        } else {
            let a = Self::start(s);
            (&self.tags[a..a + n], &self.vals[a..a + n])
        }
    }
}

/// Ambiguity classes: for each normalised word seen often enough in
/// training, a hash of the set of tags it takes (each at least 10% of its
/// occurrences). They let the tagger look at the likely tags of the words
/// to its right, which a left-to-right tagger has not predicted yet.
#[derive(Debug, Clone, Default)]
struct AmbClasses {
    /// Word keys ([`amb_key`]), sorted.
    keys: Vec<u64>,
    /// Class hash of each word.
    vals: Vec<u64>,
    index: HashIndex,
}

impl AmbClasses {
    #[inline]
    fn get(&self, norm_hash: u64) -> u64 {
        match self.index.get(amb_key(norm_hash)) {
            Some(i) => self.vals[i as usize],
            None => AMB_UNKNOWN,
        }
    }
}

const AMB_UNKNOWN: u64 = 0x0055_4e4b;

fn amb_key(norm_hash: u64) -> u64 {
    f1(t::AMB_KEY, norm_hash)
}

// ---------------------------------------------------------------------
// Features

/// Feature templates (the numbers are part of the model format).
mod t {
    pub const BIAS: u64 = 1;
    pub const W: u64 = 2;
    pub const WP1: u64 = 3;
    pub const WN1: u64 = 4;
    pub const WP2: u64 = 5;
    pub const WN2: u64 = 6;
    pub const PRE: u64 = 10; // + length 1..4
    pub const SUF: u64 = 20; // + length 1..5
    pub const SHAPE: u64 = 30;
    pub const FLAGS: u64 = 31;
    pub const SHAPE_P1: u64 = 32;
    pub const SHAPE_N1: u64 = 33;
    pub const SUF3_P1: u64 = 34;
    pub const SUF3_N1: u64 = 35;
    pub const W_WP1: u64 = 36;
    pub const W_WN1: u64 = 37;
    pub const WN1_WN2: u64 = 38;
    pub const HYPH_LAST: u64 = 39;
    pub const HYPH_FIRST: u64 = 40;
    pub const W_CAP: u64 = 41;
    pub const WP1_WP2: u64 = 42;
    pub const P1: u64 = 50;
    pub const P2: u64 = 51;
    pub const P12: u64 = 52;
    pub const P1_W: u64 = 53;
    pub const P1_SUF3: u64 = 54;
    pub const P1_WN1: u64 = 55;
    pub const DICT: u64 = 60;
    pub const AMB_KEY: u64 = 61;
    pub const AMB0: u64 = 70;
    pub const AMB_N1: u64 = 71;
    pub const AMB_N2: u64 = 72;
    pub const AMB_P1: u64 = 73;
    pub const AMB_N1_N2: u64 = 74;
    pub const AMB0_N1: u64 = 75;
    pub const W_AMB_N1: u64 = 76;
}

/// Number of features that depend on previous tags.
const N_DYN: usize = 6;

#[inline]
fn f1(t: u64, a: u64) -> u64 {
    fin(mix(t, a))
}

/// The bias feature's key.
#[inline]
fn bias_key() -> u64 {
    f1(t::BIAS, 0)
}

#[inline]
fn f2(t: u64, a: u64, b: u64) -> u64 {
    fin(mix(mix(t, a), b))
}

const CASE_NORMAL: u64 = 0;
const CASE_CAPS: u64 = 1;
const CASE_TITLE: u64 = 2;

/// Short function words left in lower case by Title Case headlines.
const TITLE_LOWER: [&str; 17] = [
    "a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "nor", "of", "on", "or", "the",
    "to", "with",
];

/// The sentence's case mode: ALL CAPS when at least 80% of the words with
/// two or more letters have no lower-case letter; Title Case when at least
/// 90% of the words of four or more letters start with a capital.
fn case_mode(words: &[&str]) -> u64 {
    let (mut long2, mut caps, mut long4, mut title) = (0usize, 0usize, 0usize, 0usize);
    for w in words {
        let letters = w.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 {
            long2 += 1;
            if !w.chars().any(char::is_lowercase) {
                caps += 1;
            }
        }
        if letters >= 4 {
            long4 += 1;
            if w.chars().next().is_some_and(char::is_uppercase) {
                title += 1;
            }
        }
    }
    if long2 >= 2 && caps * 10 >= long2 * 8 {
        CASE_CAPS
    } else if long4 >= 3 && title * 10 >= long4 * 9 {
        CASE_TITLE
    } else {
        CASE_NORMAL
    }
}

/// Per-sentence scratch: normalised forms and the static features of
/// each token. Reused across sentences so tagging allocates nothing per
/// token.
#[derive(Debug, Default)]
struct Ctx {
    /// Normalised forms of the sentence's words, concatenated; word `i`
    /// is `norms[nrange[i].0..nrange[i].1]`.
    norms: String,
    nrange: Vec<(usize, usize)>,
    /// Per padded position (2 pads each side): norm hash, suffix-3 hash,
    /// shape hash.
    wh: Vec<u64>,
    suf3: Vec<u64>,
    shape: Vec<u64>,
    amb: Vec<u64>,
    /// The sentence's case mode.
    mode: u64,
}

/// Writes the normalised form of `w` into `out` (lowercase, ASCII digits as `0`).
fn normalise(w: &str, out: &mut String) {
    out.clear();
    normalise_onto(w, out);
}

/// Appends the normalised form of `w` to `out`.
fn normalise_onto(w: &str, out: &mut String) {
    for c in w.chars() {
        if c.is_ascii() {
            let b = c.to_ascii_lowercase();
            out.push(if b.is_ascii_digit() { '0' } else { b });
        } else {
            out.extend(c.to_lowercase());
        }
    }
}

/// A compressed shape: `X` upper, `x` lower, `d` digit, other characters
/// themselves; runs longer than two collapsed; at most 12 symbols.
fn shape_hash(w: &str) -> u64 {
    let mut buf = [0u8; 12];
    let mut n = 0;
    let (mut last, mut run) = (0u8, 0);
    for c in w.chars() {
        let s = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'o'
        };
        if s == last {
            run += 1;
            if run > 2 {
                continue;
            }
        } else {
            last = s;
            run = 1;
        }
        if n == buf.len() {
            break;
        }
        buf[n] = s;
        n += 1;
    }
    fnv1a(&buf[..n])
}

/// Flags of a word: hyphen, digit, capital first, all capitals, first in
/// the sentence, period, length class.
fn flags(w: &str, first: bool) -> u64 {
    let mut f = 0u64;
    let mut chars = 0;
    let mut upper_all = true;
    let mut letters = 0;
    for c in w.chars() {
        chars += 1;
        match c {
            '-' => f |= 1,
            '.' => f |= 32,
            _ if c.is_ascii_digit() => f |= 2,
            _ => {}
        }
        if c.is_alphabetic() {
            letters += 1;
            if c.is_lowercase() {
                upper_all = false;
            }
        }
    }
    if w.chars().next().is_some_and(char::is_uppercase) {
        f |= 4;
    }
    if letters > 0 && upper_all {
        f |= 8;
    }
    if first {
        f |= 16;
    }
    let len_class = match chars {
        0..=1 => 0,
        2 => 1,
        3 => 2,
        4..=6 => 3,
        _ => 4,
    };
    f | (len_class << 6)
}

const PAD_START: u64 = 0x0053_5441_5254; // "START"
const PAD_END: u64 = 0x0045_4e44; // "END"

impl Ctx {
    /// Computes the per-word hashes of a sentence that the features of
    /// each word and its neighbours use.
    fn prepare(&mut self, words: &[&str], amb: &AmbClasses) {
        self.mode = case_mode(words);
        for v in [&mut self.wh, &mut self.suf3, &mut self.shape, &mut self.amb] {
            v.clear();
            v.extend([PAD_START, PAD_START ^ 1]);
        }
        self.norms.clear();
        self.nrange.clear();
        for w in words {
            let start = self.norms.len();
            normalise_onto(w, &mut self.norms);
            let norm = &self.norms[start..];
            self.nrange.push((start, self.norms.len()));
            let h = fnv1a(norm.as_bytes());
            self.wh.push(h);
            self.amb.push(amb.get(h));
            self.suf3.push(fnv1a(suffix(norm, 3).as_bytes()));
            self.shape.push(shape_hash(w));
        }
        for v in [&mut self.wh, &mut self.suf3, &mut self.shape, &mut self.amb] {
            v.extend([PAD_END, PAD_END ^ 1]);
        }
    }

    /// Appends the static features of word `i` (of `w`) to `f`.
    fn features(&self, i: usize, w: &str, f: &mut Vec<u64>) {
        let p = i + 2; // padded position
        let (wh, sh, mode) = (&self.wh, &self.shape, self.mode);
        let fl = flags(w, i == 0);
        f.push(f1(t::BIAS, 0));
        f.push(f1(t::W, wh[p]));
        f.push(f1(t::WP1, wh[p - 1]));
        f.push(f1(t::WN1, wh[p + 1]));
        f.push(f1(t::WP2, wh[p - 2]));
        f.push(f1(t::WN2, wh[p + 2]));
        f.push(f2(t::SHAPE, mode, sh[p]));
        f.push(f2(t::FLAGS, mode, fl));
        f.push(f2(t::SHAPE_P1, mode, sh[p - 1]));
        f.push(f2(t::SHAPE_N1, mode, sh[p + 1]));
        f.push(f1(t::SUF3_P1, self.suf3[p - 1]));
        f.push(f1(t::SUF3_N1, self.suf3[p + 1]));
        f.push(f2(t::W_WP1, wh[p - 1], wh[p]));
        f.push(f2(t::W_WN1, wh[p], wh[p + 1]));
        f.push(f2(t::WN1_WN2, wh[p + 1], wh[p + 2]));
        f.push(f2(t::WP1_WP2, wh[p - 2], wh[p - 1]));
        f.push(f2(t::W_CAP, wh[p], mode * 64 + (fl & 4) + (fl & 16)));
        let am = &self.amb;
        f.push(f1(t::AMB0, am[p]));
        f.push(f1(t::AMB_N1, am[p + 1]));
        f.push(f1(t::AMB_N2, am[p + 2]));
        f.push(f1(t::AMB_P1, am[p - 1]));
        f.push(f2(t::AMB_N1_N2, am[p + 1], am[p + 2]));
        f.push(f2(t::AMB0_N1, am[p], am[p + 1]));
        f.push(f2(t::W_AMB_N1, wh[p], am[p + 1]));
        let (a, b) = self.nrange[i];
        let norm = &self.norms[a..b];
        // Prefixes and suffixes by characters, from one pass over the
        // character boundaries.
        let mut bounds = [0usize; 6];
        let mut nb = 0;
        for (b, _) in norm.char_indices().skip(1).take(4) {
            bounds[nb] = b;
            nb += 1;
        }
        for (k, &b) in bounds[..nb].iter().enumerate() {
            f.push(f1(t::PRE + k as u64 + 1, fnv1a(&norm.as_bytes()[..b])));
        }
        if nb < 4 {
            // The whole word is the next prefix.
            f.push(f1(t::PRE + nb as u64 + 1, fnv1a(norm.as_bytes())));
        }
        for (k, (b, _)) in norm.char_indices().rev().take(5).enumerate() {
            f.push(f1(t::SUF + k as u64 + 1, fnv1a(&norm.as_bytes()[b..])));
        }
        if norm.len() > 2
            && let Some((a, b)) = norm.split_once('-')
            && !a.is_empty()
            && !b.is_empty()
        {
            let last = norm.rsplit('-').next().unwrap_or(b);
            f.push(f1(t::HYPH_FIRST, fnv1a(a.as_bytes())));
            f.push(f1(t::HYPH_LAST, fnv1a(last.as_bytes())));
        }
    }

    /// The word hashes the tag-conjoined features of token `i` use.
    #[inline]
    fn raw(&self, i: usize) -> [u64; 3] {
        let p = i + 2;
        [self.wh[p], self.suf3[p], self.wh[p + 1]]
    }
}

fn suffix(s: &str, k: usize) -> &str {
    match s.char_indices().rev().nth(k.saturating_sub(1)) {
        Some((b, _)) if k > 0 => &s[b..],
        _ => s,
    }
}

fn dict_key(form: &str) -> u64 {
    f1(t::DICT, fnv1a(form.as_bytes()))
}

/// Tag numbers of the "previous tag" before the sentence start.
const START_TAG: u64 = 255;
const START_TAG2: u64 = 254;

// ---------------------------------------------------------------------
// Tagging

/// A thread's reusable buffers.
#[derive(Debug, Default)]
struct Scratch {
    ctx: Ctx,
    /// Static features of one word.
    feats: Vec<u64>,
    /// Feature-table slots of the static features of all words, word `i`
    /// at `starts[i]..starts[i + 1]`.
    slots: Vec<u32>,
    starts: Vec<u32>,
    /// Dictionary tag of each word, `u8::MAX` when not in the dictionary.
    dict: Vec<u8>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::new(Scratch::default());
}

impl Tagger {
    /// Tags a sentence given as its words, returning one `(UPOS, XPOS)`
    /// pair per word.
    pub fn tag(&self, words: &[&str]) -> Vec<(Upos, Xpos)> {
        let mut out = Vec::with_capacity(words.len());
        self.tag_into(words, &mut out);
        out
    }

    /// Like [`Tagger::tag`], appending to `out` (no allocation once `out`
    /// and the thread's scratch space have grown).
    pub fn tag_into(&self, words: &[&str], out: &mut Vec<(Upos, Xpos)>) {
        if self.tags.is_empty() {
            out.extend(words.iter().map(|_| (Upos(0), Xpos(0))));
            return;
        }
        SCRATCH.with(|s| {
            let mut s = s.borrow_mut();
            let Scratch {
                ctx,
                feats,
                slots,
                starts,
                dict,
            } = &mut *s;
            ctx.prepare(words, &self.amb);
            let nt = self.tags.len();
            // A local array: indexed by a u8 tag without bounds checks, and
            // not aliased with the scratch vectors.
            let mut scores = [0i32; 256];
            // Pass 1: the dictionary, and the slots of every static feature
            // of the other words. The lookups are independent of each
            // other, so their cache misses overlap.
            dict.clear();
            slots.clear();
            starts.clear();
            for (i, w) in words.iter().enumerate() {
                starts.push(slots.len() as u32);
                let d = self.dict_index.get(dict_key(w));
                dict.push(d.map_or(u8::MAX, |d| self.dict_tags[d as usize]));
                if d.is_none() {
                    feats.clear();
                    ctx.features(i, w, feats);
                    for &f in feats.iter().filter(|&&f| f != bias_key()) {
                        if let Some(p) = self.table.find(f) {
                            self.table.touch(p);
                            slots.push(p);
                        }
                    }
                }
            }
            starts.push(slots.len() as u32);
            // Pass 2: greedy decoding with the previous tags.
            let (mut p1, mut p2) = (START_TAG, START_TAG2);
            for i in 0..words.len() {
                let tag = if dict[i] != u8::MAX {
                    dict[i]
                } else {
                    // The bias feature, always present, starts the scores.
                    match self.table.bias.get(..nt) {
                        Some(b) => scores[..nt].copy_from_slice(b),
                        None => scores[..nt].fill(0),
                    }
                    let stat = &slots[starts[i] as usize..starts[i + 1] as usize];
                    let dynf = dyn_parts(ctx.raw(i), p1, p2);
                    let dyn_slots = dynf.iter().filter_map(|&f| self.table.find(f));
                    for p in stat.iter().copied().chain(dyn_slots) {
                        let (tags, vals) = self.table.weights(p);
                        for (&t, &v) in tags.iter().zip(vals) {
                            scores[usize::from(t)] += i32::from(v);
                        }
                    }
                    argmax_i32(&scores[..nt]) as u8
                };
                let (u, x) = self.tags[usize::from(tag)];
                out.push((Upos(u), Xpos(x)));
                p2 = p1;
                p1 = u64::from(tag);
            }
        });
    }

    /// Number of joint tags, features and weights (for reports).
    pub fn stats(&self) -> (usize, usize, usize) {
        (self.tags.len(), self.feat_keys.len(), self.w_vals.len())
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        w.len(self.tags.len());
        for &(u, x) in &self.tags {
            w.u8(u);
            w.u8(x);
        }
        w.u64s(&self.feat_keys);
        w.u32s(&self.offsets);
        w.u8s(&self.w_tags);
        w.i16s(&self.w_vals);
        w.u64s(&self.dict_keys);
        w.u8s(&self.dict_tags);
        w.u64s(&self.amb.keys);
        w.u64s(&self.amb.vals);
    }

    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Tagger> {
        let n = r.len()?;
        if n == 0 || n > 250 {
            return Err(model_err(format!("tagger: {n} tags")));
        }
        let mut tags = Vec::with_capacity(n);
        for _ in 0..n {
            let u = r.u8()?;
            let x = r.u8()?;
            if usize::from(u) >= UPOS_NAMES.len() || usize::from(x) >= XPOS_NAMES.len() {
                return Err(model_err("tagger: unknown tag id"));
            }
            tags.push((u, x));
        }
        let feat_keys = r.u64s()?;
        let offsets = r.u32s()?;
        let w_tags = r.u8s()?;
        let w_vals = r.i16s()?;
        let dict_keys = r.u64s()?;
        let dict_tags = r.u8s()?;
        let amb_keys = r.u64s()?;
        let amb_vals = r.u64s()?;
        let ok = amb_keys.len() == amb_vals.len()
            && strictly_sorted_nonzero(&amb_keys)
            && offsets.len() == feat_keys.len() + 1
            && offsets.first() == Some(&0)
            && offsets.windows(2).all(|p| p[0] <= p[1])
            && offsets.last().map(|&l| l as usize) == Some(w_vals.len())
            && w_tags.len() == w_vals.len()
            && w_tags.iter().all(|&t| usize::from(t) < n)
            && dict_keys.len() == dict_tags.len()
            && dict_tags.iter().all(|&t| usize::from(t) < n)
            && strictly_sorted_nonzero(&feat_keys)
            && strictly_sorted_nonzero(&dict_keys);
        if !ok {
            return Err(model_err("tagger: inconsistent tables"));
        }
        let table = FeatTable::build(&feat_keys, &offsets, &w_tags, &w_vals);
        let dict_index = HashIndex::build(&dict_keys);
        Ok(Tagger {
            tags,
            feat_keys,
            offsets,
            w_tags,
            w_vals,
            dict_keys,
            dict_tags,
            amb: AmbClasses {
                index: HashIndex::build(&amb_keys),
                keys: amb_keys,
                vals: amb_vals,
            },
            table,
            dict_index,
        })
    }
}

fn strictly_sorted_nonzero(k: &[u64]) -> bool {
    k.first().is_none_or(|&f| f != 0) && k.windows(2).all(|p| p[0] < p[1])
}

/// Index of the highest score, the lowest index on ties.
#[inline]
fn argmax_i32(s: &[i32]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate().skip(1) {
        if v > s[best] {
            best = i;
        }
    }
    best
}

// ---------------------------------------------------------------------
// Training

/// Identity hasher for keys that are already hashes.
#[derive(Default)]
struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// One weight being learnt, with lazy averaging.
#[derive(Debug, Clone, Copy)]
struct Acc {
    tag: u8,
    w: i32,
    total: i64,
    stamp: u64,
}

#[derive(Default)]
struct Learner {
    index: IdMap<u32>,
    rows: Vec<Vec<Acc>>,
    now: u64,
}

impl Learner {
    fn score(&self, feats: impl Iterator<Item = u64>, scores: &mut [i64]) {
        scores.iter_mut().for_each(|x| *x = 0);
        for f in feats {
            if let Some(&r) = self.index.get(&f) {
                for a in &self.rows[r as usize] {
                    scores[usize::from(a.tag)] += i64::from(a.w);
                }
            }
        }
    }

    fn update(&mut self, f: u64, tag: u8, delta: i32) {
        let next = self.rows.len() as u32;
        let r = *self.index.entry(f).or_insert(next);
        if r == next {
            self.rows.push(Vec::new());
        }
        let now = self.now;
        let row = &mut self.rows[r as usize];
        let a = match row.iter().position(|a| a.tag == tag) {
            Some(k) => &mut row[k],
            None => {
                row.push(Acc {
                    tag,
                    w: 0,
                    total: 0,
                    stamp: now,
                });
                let k = row.len() - 1;
                &mut row[k]
            }
        };
        a.total += i64::from(a.w) * (now - a.stamp) as i64;
        a.stamp = now;
        a.w += delta;
    }
}

/// Deterministic xorshift64* generator for the shuffle.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// A case-perturbed copy of a sentence's forms: ALL CAPS or Title Case.
pub fn perturb_case(forms: &[String], caps: bool) -> Vec<String> {
    forms
        .iter()
        .enumerate()
        .map(|(i, f)| {
            if caps {
                f.to_uppercase()
            } else if i > 0 && TITLE_LOWER.contains(&f.as_str()) {
                f.clone()
            } else {
                let mut c = f.chars();
                match c.next() {
                    Some(first) => first.to_uppercase().chain(c).collect(),
                    None => String::new(),
                }
            }
        })
        .collect()
}

/// Trains a tagger on `sentences` (words with UPOS and XPOS).
///
/// The result depends only on the sentences, their order and `opts`: the
/// same inputs give a model with the same bytes.
pub fn train(sentences: &[Sentence], opts: &TrainOptions) -> Tagger {
    // Joint tag set, sorted by (UPOS, XPOS) id.
    let mut pairs: Vec<(u8, u8)> = sentences
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| (Upos::from_name(&w.upos).0, Xpos::from_name(&w.xpos).0))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs.truncate(250);
    let tag_of = |w: &super::conllu::Word| -> u8 {
        let p = (Upos::from_name(&w.upos).0, Xpos::from_name(&w.xpos).0);
        pairs.binary_search(&p).unwrap_or(0) as u8
    };

    // Tag dictionary from the sentences as written.
    let mut counts: HashMap<&str, HashMap<u8, u32>> = HashMap::new();
    for w in sentences.iter().flat_map(|s| &s.words) {
        *counts
            .entry(&w.form)
            .or_default()
            .entry(tag_of(w))
            .or_default() += 1;
    }
    let mut dict: Vec<(u64, u8)> = Vec::new();
    for (form, tags) in &counts {
        let total: u32 = tags.values().sum();
        // The most frequent tag, the lowest number on ties.
        let (&tag, &n) = tags
            .iter()
            .max_by_key(|(t, n)| (**n, std::cmp::Reverse(**t)))
            .unwrap_or((&0, &0));
        if total >= opts.dict_min_count && f64::from(n) >= opts.dict_min_share * f64::from(total) {
            dict.push((dict_key(form), tag));
        }
    }
    dict.sort_unstable();
    dict.dedup_by_key(|d| d.0);
    let dict_map: IdMap<u8> = dict.iter().copied().collect();

    // Ambiguity classes of normalised words: from all sentences for the
    // model, and, for the training instances, jackknifed: a sentence in fold
    // `k % AMB_FOLDS` sees the classes of the other folds only, so the
    // perceptron learns how far to trust a class on unseen text.
    let mut norm = String::new();
    let mut per_fold: Vec<HashMap<u64, HashMap<u8, u32>>> = vec![HashMap::new(); AMB_FOLDS];
    let mut all: HashMap<u64, HashMap<u8, u32>> = HashMap::new();
    for (k, s) in sentences.iter().enumerate() {
        for w in &s.words {
            normalise(&w.form, &mut norm);
            let h = fnv1a(norm.as_bytes());
            let t = tag_of(w);
            *per_fold[k % AMB_FOLDS]
                .entry(h)
                .or_default()
                .entry(t)
                .or_default() += 1;
            *all.entry(h).or_default().entry(t).or_default() += 1;
        }
    }
    let amb = amb_classes(&all, None, opts.amb_min_count);
    let fold_amb: Vec<AmbClasses> = per_fold
        .iter()
        .map(|fold| amb_classes(&all, Some(fold), opts.amb_min_count))
        .collect();

    // Training instances: the sentences and their case-perturbed copies.
    struct Inst {
        feats: Vec<u64>,
        starts: Vec<usize>,
        raw: Vec<[u64; 3]>,
        gold: Vec<u8>,
        dict: Vec<Option<u8>>,
    }
    let mut insts = Vec::new();
    let mut ctx = Ctx::default();
    let mut add = |forms: &[String], gold: Vec<u8>, amb: &AmbClasses| {
        let words: Vec<&str> = forms.iter().map(String::as_str).collect();
        ctx.prepare(&words, amb);
        let mut feats = Vec::new();
        let mut starts = Vec::new();
        for (i, w) in words.iter().enumerate() {
            starts.push(feats.len());
            ctx.features(i, w, &mut feats);
        }
        starts.push(feats.len());
        insts.push(Inst {
            feats,
            starts,
            raw: (0..words.len()).map(|i| ctx.raw(i)).collect(),
            gold,
            dict: words
                .iter()
                .map(|w| dict_map.get(&dict_key(w)).copied())
                .collect(),
        });
    };
    for (k, s) in sentences.iter().enumerate() {
        let forms: Vec<String> = s.words.iter().map(|w| w.form.clone()).collect();
        let gold: Vec<u8> = s.words.iter().map(tag_of).collect();
        let fa = &fold_amb[k % AMB_FOLDS];
        add(&forms, gold.clone(), fa);
        if opts.case_period > 0 {
            if k % opts.case_period == 1 {
                add(&perturb_case(&forms, true), gold, fa);
            } else if k % opts.case_period == 1 + opts.case_period / 2 {
                add(&perturb_case(&forms, false), gold, fa);
            }
        }
    }

    // Frequency pruning of the static features.
    let mut fcount: IdMap<u32> = IdMap::default();
    for inst in &insts {
        for &f in &inst.feats {
            *fcount.entry(f).or_default() += 1;
        }
    }
    for inst in &mut insts {
        let mut feats = Vec::with_capacity(inst.feats.len());
        let mut starts = Vec::with_capacity(inst.starts.len());
        for w in inst.starts.windows(2) {
            starts.push(feats.len());
            feats.extend(
                inst.feats[w[0]..w[1]]
                    .iter()
                    .filter(|f| fcount.get(f).copied().unwrap_or(0) >= opts.min_feature_count),
            );
        }
        starts.push(feats.len());
        inst.feats = feats;
        inst.starts = starts;
    }

    let nt = pairs.len();
    let mut learner = Learner::default();
    let mut scores = vec![0i64; nt];
    let mut order: Vec<usize> = (0..insts.len()).collect();
    let mut rng = Rng(opts.seed | 1);
    for _ in 0..opts.iterations {
        rng.shuffle(&mut order);
        for &k in &order {
            let inst = &insts[k];
            let (mut p1, mut p2) = (START_TAG, START_TAG2);
            for i in 0..inst.gold.len() {
                let gold = inst.gold[i];
                let pred = match inst.dict[i] {
                    Some(t) => t,
                    None => {
                        let stat = &inst.feats[inst.starts[i]..inst.starts[i + 1]];
                        let dynf = dyn_parts(inst.raw[i], p1, p2);
                        learner.score(stat.iter().chain(dynf.iter()).copied(), &mut scores);
                        let pred = argmax_i64(&scores) as u8;
                        learner.now += 1;
                        if pred != gold {
                            for &f in stat.iter().chain(dynf.iter()) {
                                learner.update(f, gold, 1);
                                learner.update(f, pred, -1);
                            }
                        }
                        pred
                    }
                };
                p2 = p1;
                p1 = u64::from(pred);
            }
        }
    }

    finish(learner, pairs, dict, amb, opts)
}

/// Folds of the jackknifed ambiguity classes.
const AMB_FOLDS: usize = 10;

/// Ambiguity classes from tag counts per normalised word, less the counts
/// of `minus` (a held-out fold) when given. A class is the set of tags
/// with at least 10% of the word's occurrences.
fn amb_classes(
    all: &HashMap<u64, HashMap<u8, u32>>,
    minus: Option<&HashMap<u64, HashMap<u8, u32>>>,
    min_count: u32,
) -> AmbClasses {
    let mut pairs: Vec<(u64, u64)> = Vec::new();
    for (h, tags) in all {
        let held = minus.and_then(|m| m.get(h));
        let count = |t: u8, n: u32| n - held.and_then(|m| m.get(&t)).copied().unwrap_or(0);
        let total: u32 = tags.iter().map(|(&t, &n)| count(t, n)).sum();
        if total < min_count.max(1) {
            continue;
        }
        let mut set: Vec<u8> = tags
            .iter()
            .filter(|&(&t, &n)| count(t, n) * 10 >= total && count(t, n) > 0)
            .map(|(&t, _)| t)
            .collect();
        set.sort_unstable();
        pairs.push((amb_key(*h), fnv1a(&set) | 1));
    }
    pairs.sort_unstable();
    let keys: Vec<u64> = pairs.iter().map(|a| a.0).collect();
    AmbClasses {
        index: HashIndex::build(&keys),
        keys,
        vals: pairs.iter().map(|a| a.1).collect(),
    }
}

/// Features of a token that depend on the two previous tags, from its
/// [`Ctx::raw`] hashes.
#[inline]
fn dyn_parts([w, suf3, wn1]: [u64; 3], p1: u64, p2: u64) -> [u64; N_DYN] {
    [
        f1(t::P1, p1),
        f1(t::P2, p2),
        f2(t::P12, p1, p2),
        f2(t::P1_W, p1, w),
        f2(t::P1_SUF3, p1, suf3),
        f2(t::P1_WN1, p1, wn1),
    ]
}

fn argmax_i64(s: &[i64]) -> usize {
    let mut best = 0;
    for (i, &v) in s.iter().enumerate().skip(1) {
        if v > s[best] {
            best = i;
        }
    }
    best
}

/// Averages, quantises and prunes the learnt weights into a [`Tagger`].
fn finish(
    l: Learner,
    pairs: Vec<(u8, u8)>,
    dict: Vec<(u64, u8)>,
    amb: AmbClasses,
    opts: &TrainOptions,
) -> Tagger {
    let now = l.now.max(1);
    let mut feats: Vec<(u64, Vec<(u8, f64)>)> = l
        .index
        .iter()
        .map(|(&f, &r)| {
            let mut row: Vec<(u8, f64)> = l.rows[r as usize]
                .iter()
                .map(|a| {
                    let total = a.total + i64::from(a.w) * (now - a.stamp) as i64;
                    (a.tag, total as f64 / now as f64)
                })
                .filter(|&(_, v)| v != 0.0)
                .collect();
            row.sort_unstable_by_key(|a| a.0);
            (f, row)
        })
        .collect();
    feats.sort_unstable_by_key(|f| f.0);
    let max = feats
        .iter()
        .flat_map(|f| f.1.iter().map(|a| a.1.abs()))
        .fold(0.0f64, f64::max);
    let scale = if max > 0.0 { 32767.0 / max } else { 1.0 };
    let mut tagger = Tagger {
        tags: pairs,
        amb,
        offsets: vec![0],
        ..Tagger::default()
    };
    for (f, row) in feats {
        let start = tagger.w_vals.len();
        for (tag, v) in row {
            let q = (v * scale).round().clamp(-32767.0, 32767.0) as i16;
            if q.unsigned_abs() >= opts.min_weight.unsigned_abs().max(1) {
                tagger.w_tags.push(tag);
                tagger.w_vals.push(q);
            }
        }
        if tagger.w_vals.len() > start {
            tagger.feat_keys.push(f);
            tagger.offsets.push(tagger.w_vals.len() as u32);
        }
    }
    tagger.dict_keys = dict.iter().map(|d| d.0).collect();
    tagger.dict_tags = dict.iter().map(|d| d.1).collect();
    tagger.table = FeatTable::build(
        &tagger.feat_keys,
        &tagger.offsets,
        &tagger.w_tags,
        &tagger.w_vals,
    );
    tagger.dict_index = HashIndex::build(&tagger.dict_keys);
    tagger
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(sentence: &str) -> Vec<String> {
        let m = crate::syntax::model::embedded().expect("embedded model");
        let words: Vec<&str> = sentence.split(' ').collect();
        m.tagger
            .tag(&words)
            .iter()
            .map(|(u, x)| format!("{u}|{x}"))
            .collect()
    }

    #[test]
    fn tags_news_sentences() {
        // (sentence, word index, expected UPOS|XPOS)
        let rows: &[(&str, usize, &str)] = &[
            ("Rebels seized the port town on Monday .", 1, "VERB|VBD"),
            ("Rebels seized the port town on Monday .", 6, "PROPN|NNP"),
            (
                "The ceasefire was brokered by Qatar and Egypt .",
                3,
                "VERB|VBN",
            ),
            (
                "The ceasefire was brokered by Qatar and Egypt .",
                2,
                "AUX|VBD",
            ),
            ("She said the talks would resume next week .", 4, "AUX|MD"),
            // Headlines in capitals are tagged from their words.
            ("REBELS SEIZE PORT TOWN AFTER HEAVY FIGHTING", 1, "VERB|VBP"),
            ("REBELS SEIZE PORT TOWN AFTER HEAVY FIGHTING", 4, "ADP|IN"),
            (
                "NORTH KOREA FIRES BALLISTIC MISSILE TOWARD JAPAN",
                2,
                "VERB|VBZ",
            ),
            // Title Case.
            (
                "North Korea Fires Ballistic Missile Toward Japan",
                2,
                "VERB|VBZ",
            ),
            ("UN Envoy Says Talks Will Resume", 2, "VERB|VBZ"),
            ("Minister Resigns Over Budget Row", 2, "ADP|IN"),
            // A dateline.
            (
                "DOHA , March 4 ( Reuters ) - Qatar said it had brokered a truce .",
                0,
                "PROPN|NNP",
            ),
            (
                "DOHA , March 4 ( Reuters ) - Qatar said it had brokered a truce .",
                12,
                "VERB|VBN",
            ),
        ];
        for &(sentence, i, want) in rows {
            let got = tags(sentence);
            assert_eq!(got[i], want, "{sentence}: {got:?}");
        }
    }

    #[test]
    fn empty_and_odd_input() {
        let m = crate::syntax::model::embedded().expect("embedded model");
        assert!(m.tagger.tag(&[]).is_empty());
        let odd = ["", " ", "\u{0}", "ǅ", "---", "1,000,000", "🙂"];
        assert_eq!(m.tagger.tag(&odd).len(), odd.len());
    }

    #[test]
    fn tag_names_round_trip() {
        for (i, n) in UPOS_NAMES.iter().enumerate() {
            assert_eq!(Upos::from_name(n), Upos(i as u8));
        }
        for (i, n) in XPOS_NAMES.iter().enumerate() {
            assert_eq!(Xpos::from_name(n).as_str(), *n);
            assert_eq!(Xpos::from_name(n), Xpos(i as u8));
        }
        assert_eq!(Upos::from_name("NOPE").as_str(), "_");
    }

    #[test]
    fn case_modes() {
        let rows: &[(&str, u64)] = &[
            ("Rebels seized the town .", CASE_NORMAL),
            ("REBELS SEIZE TOWN", CASE_CAPS),
            (
                "DOHA , March 4 ( Reuters ) - Qatar said it had brokered a truce .",
                CASE_NORMAL,
            ),
            ("Rebels Seize Port Town in Dawn Raid", CASE_TITLE),
        ];
        for &(s, mode) in rows {
            let words: Vec<&str> = s.split(' ').collect();
            assert_eq!(case_mode(&words), mode, "{s}");
        }
    }

    #[test]
    fn perturbed_copies() {
        let forms: Vec<String> = ["the", "talks", "in", "Doha"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(perturb_case(&forms, true), ["THE", "TALKS", "IN", "DOHA"]);
        assert_eq!(perturb_case(&forms, false), ["The", "Talks", "in", "Doha"]);
    }
}
