//! Training: online averaged perceptron with the arc-hybrid dynamic oracle
//! and exploration (Goldberg & Nivre 2012, 2013).

use super::clusters::{self, Clusters};
use super::features::{self, Atoms, tag_atom};
use super::model::{KeyMap, TrainWeights};
use super::oracle::{self, Gold, Move, State};
use super::{AttachmentScores, Deprel, Parser, best_legal, evaluate, for_each_legal};
use crate::syntax::conllu::Sentence;
use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

/// Training settings. The defaults are those of the shipped model.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainOptions {
    /// Passes over the training set.
    pub epochs: usize,
    /// Seed of the PRNG that orders sentences, explores and noises tags.
    pub seed: u64,
    /// First epoch (1-based) in which the parser follows its own
    /// predictions.
    pub explore_from: usize,
    /// Probability of following the model's own (possibly wrong) move
    /// from `explore_from` on.
    pub explore_prob: f64,
    /// Fraction of training words whose tags are replaced by a plausible
    /// wrong tag, drawn afresh every epoch.
    pub tag_noise: f64,
    /// Averaged weights with a smaller magnitude are dropped from the model.
    pub prune: f32,
    /// Features seen fewer times than this along the gold transitions of
    /// the training set get no weights (smaller, faster models).
    pub min_count: u32,
    /// Raw text (sentences of tokens) from which word clusters are learnt
    /// along with the training sentences' words.
    pub extra_text: Vec<Vec<String>>,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 0x6e65_7773_6772_6170,
            explore_from: 2,
            explore_prob: 0.9,
            tag_noise: 0.0,
            prune: 0.0,
            min_count: 3,
            extra_text: Vec::new(),
        }
    }
}

/// What one epoch achieved.
#[derive(Debug, Clone, Copy)]
pub struct EpochReport {
    /// The epoch (1-based).
    pub epoch: usize,
    /// Scores of the pruned, quantised model on the development set.
    pub dev: AttachmentScores,
    /// Share of training decisions that were wrong (cost above the best).
    pub train_error: f64,
    /// Features in the (pruned) model.
    pub features: usize,
    /// Seconds since training began.
    pub seconds: f64,
}

/// A small deterministic PRNG (SplitMix64).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// Uniform in 0..n (n > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// A training sentence reduced to atoms and a gold tree.
struct Prepared {
    atoms: Atoms,
    /// Index of each word's tag alternatives in [`Noise::alts`] (index 0 =
    /// root).
    alt: Vec<u32>,
    /// Gold tag id of each word (index 0 = root, unused).
    tag: Vec<u32>,
    gold: Gold,
    n: usize,
}

/// Plausible wrong tags: for each (word, tag), the other tags of the word
/// in training weighted by count; for a word with one tag, the tags that
/// ambiguous words of its tag also take, weighted likewise.
pub(crate) struct Noise {
    /// Tag pairs (UPOS, XPOS) by id, and their atoms.
    tags: Vec<(String, String)>,
    atoms: Vec<u64>,
    tag_ids: HashMap<(String, String), u32>,
    by_word: HashMap<u64, BTreeMap<u32, u32>>,
    confusions: BTreeMap<u32, BTreeMap<u32, u32>>,
    /// Candidate wrong tag ids with cumulative weights; 0 is empty.
    alts: Vec<Vec<(u32, u32)>>,
    alt_ids: HashMap<(u64, u32), u32>,
}

impl Noise {
    /// Learns the tag alternatives from `sentences`.
    pub(crate) fn new(sentences: &[Sentence]) -> Noise {
        let mut nz = Noise {
            tags: Vec::new(),
            atoms: Vec::new(),
            tag_ids: HashMap::new(),
            by_word: HashMap::new(),
            confusions: BTreeMap::new(),
            alts: vec![Vec::new()],
            alt_ids: HashMap::new(),
        };
        for s in sentences {
            for w in &s.words {
                let t = nz.tag_id(&w.upos, &w.xpos);
                *nz.by_word
                    .entry(features::hash_lower(&w.form))
                    .or_default()
                    .entry(t)
                    .or_default() += 1;
            }
        }
        for tags in nz.by_word.values() {
            if tags.len() > 1 {
                for &a in tags.keys() {
                    for (&b, &cb) in tags.iter() {
                        if a != b {
                            *nz.confusions.entry(a).or_default().entry(b).or_default() += cb;
                        }
                    }
                }
            }
        }
        nz
    }

    fn tag_id(&mut self, upos: &str, xpos: &str) -> u32 {
        if let Some(&id) = self.tag_ids.get(&(upos.to_string(), xpos.to_string())) {
            return id;
        }
        let id = self.tags.len() as u32;
        self.tags.push((upos.to_string(), xpos.to_string()));
        self.atoms.push(tag_atom(upos, xpos));
        self.tag_ids
            .insert((upos.to_string(), xpos.to_string()), id);
        id
    }

    /// The alternatives of a word with a tag, as an index into `alts`.
    fn alt_id(&mut self, form: &str, tag: u32) -> u32 {
        let wh = features::hash_lower(form);
        if let Some(&id) = self.alt_ids.get(&(wh, tag)) {
            return id;
        }
        let cumulative = |m: &BTreeMap<u32, u32>| {
            let mut acc = 0;
            m.iter()
                .filter(|&(&t, _)| t != tag)
                .map(|(&t, &c)| {
                    acc += c;
                    (t, acc)
                })
                .collect::<Vec<_>>()
        };
        let list = match self.by_word.get(&wh) {
            Some(tags) if tags.len() > 1 => cumulative(tags),
            _ => self
                .confusions
                .get(&tag)
                .map(cumulative)
                .unwrap_or_default(),
        };
        self.alts.push(list);
        let id = (self.alts.len() - 1) as u32;
        self.alt_ids.insert((wh, tag), id);
        id
    }

    /// A tag to use for a word whose tag is `tag` with alternatives `alt`:
    /// with probability `rate` a wrong one (when there is any).
    fn draw(&self, tag: u32, alt: u32, rate: f64, rng: &mut Rng) -> u32 {
        if rng.unit() < rate {
            let list = &self.alts[alt as usize];
            if let Some(&(_, total)) = list.last() {
                let r = (rng.next_u64() % total as u64) as u32;
                if let Some(&(t, _)) = list.iter().find(|&&(_, c)| r < c) {
                    return t;
                }
            }
        }
        tag
    }

    fn apply(&self, p: &mut Prepared, rate: f64, rng: &mut Rng) {
        for i in 1..=p.n {
            let t = self.atoms[self.draw(p.tag[i], p.alt[i], rate, rng) as usize];
            if p.atoms.p[i] != t {
                p.atoms.set_tag(i, t);
            }
        }
    }
}

/// Replaces the tags of about `rate` of the words of `target` by plausible
/// wrong tags learnt from `reference` (a word's other tags, or tags often
/// confused with its own), to estimate how tagger errors hurt the parser.
/// Deterministic for a given `seed`.
pub fn corrupt_tags(reference: &[Sentence], target: &mut [Sentence], rate: f64, seed: u64) {
    let mut nz = Noise::new(reference);
    let mut rng = Rng::new(seed);
    for s in target.iter_mut() {
        for w in s.words.iter_mut() {
            let t = nz.tag_id(&w.upos, &w.xpos);
            let alt = nz.alt_id(&w.form, t);
            let d = nz.draw(t, alt, rate, &mut rng);
            if d != t {
                let (u, x) = nz.tags[d as usize].clone();
                w.upos = u;
                w.xpos = x;
            }
        }
    }
}

/// The label inventory of a treebank: its relations in id order, `root`
/// always included. At most 127 labels.
fn label_set(sentences: &[Sentence]) -> Vec<Deprel> {
    let mut set = std::collections::BTreeSet::new();
    set.insert(Deprel::ROOT);
    for s in sentences {
        for w in &s.words {
            set.insert(Deprel::from_label(&w.deprel));
        }
    }
    set.into_iter().take(127).collect()
}

fn prepare(s: &Sentence, labels: &[Deprel], clusters: &Clusters, noise: &mut Noise) -> Prepared {
    let mut alt = vec![0];
    let mut tag = vec![0];
    for w in &s.words {
        let t = noise.tag_id(&w.upos, &w.xpos);
        tag.push(t);
        alt.push(noise.alt_id(&w.form, t));
    }
    let mut atoms = Atoms::default();
    atoms.start();
    for w in &s.words {
        atoms.push(&w.form, &w.upos, &w.xpos, clusters);
    }
    let n = s.words.len();
    let mut heads: Vec<u32> = s.words.iter().map(|w| w.head as u32).collect();
    oracle::projectivize(&mut heads);
    let root_local = labels.iter().position(|&l| l == Deprel::ROOT).unwrap_or(0) as u8;
    let labs: Vec<u8> = s
        .words
        .iter()
        .zip(&heads)
        .map(|(w, &h)| {
            if h == 0 {
                return root_local;
            }
            let d = Deprel::from_label(&w.deprel);
            match labels.iter().position(|&l| l == d) {
                Some(i) if d != Deprel::ROOT => i as u8,
                _ => labels.iter().position(|&l| l == Deprel::DEP).unwrap_or(0) as u8,
            }
        })
        .collect();
    Prepared {
        atoms,
        alt,
        tag,
        gold: Gold::new(&heads, &labs),
        n,
    }
}

/// Whether a sentence can be trained on: a single-rooted tree.
fn usable(s: &Sentence) -> bool {
    let n = s.words.len();
    n > 0
        && s.words.iter().filter(|w| w.head == 0).count() == 1
        && s.words.iter().all(|w| w.head <= n)
}

/// The classes worth scoring: SHIFT, the root arc, and each (direction,
/// label) of at least two training arcs. An arc `d ← h` with `d < h` is
/// built by LEFT, with `d > h` by RIGHT.
fn allowed_classes(data: &[Prepared], nl: usize, root: u8) -> Vec<bool> {
    let mut count = vec![0u32; 1 + 2 * nl];
    for p in data {
        for d in 1..=p.n {
            let h = p.gold.heads[d] as usize;
            let l = p.gold.labels[d];
            let m = if h == 0 || d < h {
                Move::Left(l)
            } else {
                Move::Right(l)
            };
            count[m.class(nl)] += 1;
        }
    }
    count[0] = u32::MAX;
    count[Move::Left(root).class(nl)] = u32::MAX;
    count.into_iter().map(|c| c >= 2).collect()
}

/// The features seen at least `min` times along the gold transitions.
fn frequent_features(
    data: &[Prepared],
    nl: usize,
    root: u8,
    allowed: &[bool],
    min: u32,
) -> KeyMap<()> {
    let mut counts: KeyMap<u32> = KeyMap::default();
    let mut st = State::default();
    let mut keys = Vec::with_capacity(features::MAX_FEATURES);
    let zeros = vec![0f32; 1 + 2 * nl];
    for p in data {
        st.reset(p.n);
        while !st.terminal() {
            let (c, ga) = oracle::costs(&st, &p.gold);
            let cost = |m: Move| oracle::move_cost(m, &st, &p.gold, &c, &ga);
            let mut min_cost = u32::MAX;
            for_each_legal(&st, nl, root, allowed, |m| min_cost = min_cost.min(cost(m)));
            let Some(m) = best_legal(&st, &zeros, nl, root, allowed, |m| cost(m) == min_cost)
            else {
                break;
            };
            let (cs, cl, cr) = st.legal();
            // Forced moves (as in `run`) are not scored, so not counted.
            let forced = !cr && (!cl || !cs);
            if !forced {
                features::extract(&p.atoms, &st, &mut keys);
                for &k in &keys {
                    *counts.entry(k).or_default() += 1;
                }
            }
            st.apply(m);
        }
    }
    counts
        .into_iter()
        .filter(|&(_, c)| c >= min)
        .map(|(k, _)| (k, ()))
        .collect()
}

/// Trains a parser for `opts.epochs` epochs and returns the last epoch's
/// averaged model.
pub fn train(sentences: &[Sentence], opts: &TrainOptions) -> Parser {
    run(sentences, None, opts, &mut |_| {})
}

/// Trains a parser, scoring every epoch on `dev` (with `dev`'s own tags),
/// and returns the model of the epoch with the best labelled score.
/// `report` is called after each epoch.
pub fn train_with_dev(
    sentences: &[Sentence],
    dev: &[Sentence],
    opts: &TrainOptions,
    report: &mut dyn FnMut(&EpochReport),
) -> Parser {
    run(sentences, Some(dev), opts, report)
}

fn run(
    sentences: &[Sentence],
    dev: Option<&[Sentence]>,
    opts: &TrainOptions,
    report: &mut dyn FnMut(&EpochReport),
) -> Parser {
    let start = Instant::now();
    let sentences: Vec<Sentence> = sentences.iter().filter(|s| usable(s)).cloned().collect();
    let labels = label_set(&sentences);
    let nl = labels.len();
    let n_classes = 1 + 2 * nl;
    let root = labels.iter().position(|&l| l == Deprel::ROOT).unwrap_or(0) as u8;
    let clusters = clusters::build(
        sentences
            .iter()
            .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
            .chain(
                opts.extra_text
                    .iter()
                    .map(|s| s.iter().map(String::as_str).collect()),
            ),
    );
    let mut noise = Noise::new(&sentences);
    let mut data: Vec<Prepared> = sentences
        .iter()
        .map(|s| prepare(s, &labels, &clusters, &mut noise))
        .collect();
    let allowed = allowed_classes(&data, nl, root);
    let mut weights = TrainWeights::new(n_classes);
    if opts.min_count > 1 {
        weights.restrict(frequent_features(&data, nl, root, &allowed, opts.min_count));
    }
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut st = State::default();
    let mut keys = Vec::with_capacity(features::MAX_FEATURES);
    let mut scores = vec![0f32; n_classes];
    let mut best: Option<(f64, Parser)> = None;
    let mut last: Option<Parser> = None;

    for epoch in 1..=opts.epochs.max(1) {
        for i in (1..order.len()).rev() {
            let j = rng.below(i + 1);
            order.swap(i, j);
        }
        let explore = epoch >= opts.explore_from;
        let (mut decisions, mut wrong) = (0u64, 0u64);
        for &si in &order {
            let p = &mut data[si];
            if opts.tag_noise > 0.0 {
                noise.apply(p, opts.tag_noise, &mut rng);
            }
            st.reset(p.n);
            while !st.terminal() {
                let (cs, cl, cr) = st.legal();
                if !cl && !cr {
                    st.apply(Move::Shift);
                    continue;
                }
                if !cs && !cr {
                    st.apply(Move::Left(root));
                    continue;
                }
                features::extract(&p.atoms, &st, &mut keys);
                weights.score(&keys, &mut scores);
                let (c, ga) = oracle::costs(&st, &p.gold);
                let cost = |m: Move| oracle::move_cost(m, &st, &p.gold, &c, &ga);
                let Some(pred) = best_legal(&st, &scores, nl, root, &allowed, |_| true) else {
                    break;
                };
                let mut min_cost = u32::MAX;
                for_each_legal(&st, nl, root, &allowed, |m| {
                    min_cost = min_cost.min(cost(m))
                });
                let Some(gold) =
                    best_legal(&st, &scores, nl, root, &allowed, |m| cost(m) == min_cost)
                else {
                    break;
                };
                decisions += 1;
                if cost(pred) > min_cost {
                    wrong += 1;
                    weights.update(&keys, gold.class(nl), pred.class(nl));
                }
                weights.tick();
                let next = if explore && rng.unit() < opts.explore_prob {
                    pred
                } else {
                    gold
                };
                st.apply(next);
            }
        }
        let parser = Parser {
            model: weights.finalize(&labels, &clusters, &allowed, opts.prune),
            root,
        };
        let dev_scores = dev.map(|d| evaluate(&parser, d)).unwrap_or_default();
        let rep = EpochReport {
            epoch,
            dev: dev_scores,
            train_error: wrong as f64 / decisions.max(1) as f64,
            features: parser.model.n_features(),
            seconds: start.elapsed().as_secs_f64(),
        };
        report(&rep);
        if dev.is_some() {
            let las = dev_scores.las();
            if best.as_ref().is_none_or(|(b, _)| las > *b) {
                best = Some((las, parser.clone()));
            }
        }
        last = Some(parser);
    }
    match (best, last) {
        (Some((_, p)), _) | (None, Some(p)) => p,
        // At least one epoch always runs.
        (None, None) => Parser {
            model: weights.finalize(&labels, &clusters, &allowed, opts.prune),
            root,
        },
    }
}
