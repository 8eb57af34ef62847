//! Weights: the averaged perceptron used in training, and the compact,
//! quantised model used for parsing, with its binary file format.
//!
//! # File format (all integers little-endian)
//!
//! ```text
//! magic      8 bytes  "NGPARSE\0"
//! version    u32      FORMAT_VERSION
//! features   u32      feature template version
//! labels     u8 count, then per label: u8 length + UTF-8 name
//! classes    one byte per class (1 + 2 × labels): 1 when it is scored
//! scale      f32      weight = i16 value × scale
//! clusters   u32 count, then per word in increasing hash order:
//!            u64 lowercase-form hash, u16 cluster
//! rows       u32 count, then per row in increasing key order:
//!            u64 key, u16 length; length 0xFFFF: one i16 per class
//!            (a dense row); otherwise `length` pairs (u8 class, i16)
//! checksum   32 bytes BLAKE3 of everything before it
//! ```
//!
//! Rows are written in key order and weights are quantised with one scale,
//! so the same training run gives the same bytes.

use super::Deprel;
use super::clusters::Clusters;
use super::features::FEATURE_VERSION;
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const MAGIC: &[u8; 8] = b"NGPARSE\0";
const FORMAT_VERSION: u32 = 3;
const DENSE: u16 = 0xFFFF;

/// A hasher for keys that are already well mixed: it passes them through.
#[derive(Default)]
pub(crate) struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub(crate) type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

#[derive(Clone, Copy)]
struct Entry {
    class: u16,
    /// Current weight.
    w: f32,
    /// Sum of clock × update, for averaging (Daumé's trick).
    u: f64,
}

/// Averaged perceptron weights, sparse per feature.
pub(crate) struct TrainWeights {
    n_classes: usize,
    index: KeyMap<u32>,
    rows: Vec<Vec<Entry>>,
    /// Number of decisions seen (the averaging clock).
    clock: f64,
    /// When set, only these keys get weights (frequent features).
    allowed: Option<KeyMap<()>>,
}

impl TrainWeights {
    pub(crate) fn new(n_classes: usize) -> TrainWeights {
        TrainWeights {
            n_classes,
            index: KeyMap::default(),
            rows: Vec::new(),
            clock: 1.0,
            allowed: None,
        }
    }

    /// Adds the current weights of `keys` into `scores` (zeroed first).
    pub(crate) fn score(&self, keys: &[u64], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for k in keys {
            if let Some(&r) = self.index.get(k) {
                for e in &self.rows[r as usize] {
                    scores[e.class as usize] += e.w;
                }
            }
        }
    }

    /// Restricts the weights to `keys`.
    pub(crate) fn restrict(&mut self, keys: KeyMap<()>) {
        self.allowed = Some(keys);
    }

    /// Advances the averaging clock by one decision.
    pub(crate) fn tick(&mut self) {
        self.clock += 1.0;
    }

    /// Perceptron update: `good` up, `bad` down, on every key.
    pub(crate) fn update(&mut self, keys: &[u64], good: usize, bad: usize) {
        let clock = self.clock;
        for &k in keys {
            if self.allowed.as_ref().is_some_and(|a| !a.contains_key(&k)) {
                continue;
            }
            let next = self.rows.len() as u32;
            let r = *self.index.entry(k).or_insert(next);
            if r == next {
                self.rows.push(Vec::new());
            }
            let row = &mut self.rows[r as usize];
            for (class, delta) in [(good, 1.0f32), (bad, -1.0f32)] {
                match row.iter_mut().find(|e| e.class as usize == class) {
                    Some(e) => {
                        e.w += delta;
                        e.u += clock * delta as f64;
                    }
                    None => row.push(Entry {
                        class: class as u16,
                        w: delta,
                        u: clock * delta as f64,
                    }),
                }
            }
        }
    }

    /// The averaged weights, pruned and quantised into a parsing model.
    /// Weights with magnitude below `prune` are dropped, then features
    /// left without weights.
    pub(crate) fn finalize(
        &self,
        labels: &[Deprel],
        clusters: &Clusters,
        allowed: &[bool],
        prune: f32,
    ) -> Model {
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> = Vec::with_capacity(keys.len());
        let mut max = 0f32;
        for (k, r) in keys {
            let mut row: Vec<(u8, f32)> = self.rows[r as usize]
                .iter()
                .filter(|e| allowed.get(e.class as usize).copied().unwrap_or(true))
                .map(|e| (e.class as u8, (e.w as f64 - e.u / self.clock) as f32))
                .filter(|&(_, a)| a.abs() >= prune && a != 0.0)
                .collect();
            if row.is_empty() {
                continue;
            }
            row.sort_unstable_by_key(|&(c, _)| c);
            for &(_, a) in &row {
                max = max.max(a.abs());
            }
            rows.push((k, row));
        }
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut b = ModelBuilder::new(labels.to_vec(), self.n_classes, scale);
        b.clusters = clusters.clone();
        b.set_allowed(allowed.to_vec());
        for (k, row) in rows {
            let q: Vec<(u8, i16)> = row
                .iter()
                .map(|&(c, a)| (c, (a / scale).round().clamp(-32767.0, 32767.0) as i16))
                .filter(|&(_, v)| v != 0)
                .collect();
            if !q.is_empty() {
                b.push(k, &q);
            }
        }
        b.build()
    }
}

/// A bucket of the feature table: one cache line with eight 32-bit key
/// fingerprints and their values. A key is looked for in one bucket only
/// (plus the next when the bucket is full), with branch-free compares.
///
/// A value is `0` for an empty slot; with the top bit set it holds a row
/// of a single weight inline (`class << 16 | weight`); otherwise it is
/// `1 +` the offset of a longer row in `long`, whose first word is its
/// length, or with the top bit set the offset of a dense row in `dense`.
#[derive(Clone, Copy, Default)]
#[repr(C, align(64))]
struct Bucket {
    fp: [u32; 8],
    val: [u32; 8],
}

const INLINE: u32 = 1 << 31;

#[inline(always)]
fn pack(c: u8, v: i16) -> u32 {
    (c as u32) << 16 | v as u16 as u32
}

#[inline(always)]
fn unpack(e: u32) -> (usize, i32) {
    (((e >> 16) & 0xFF) as usize, e as u16 as i16 as i32)
}

#[inline(always)]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32) | 1
}

#[inline(always)]
fn bucket_of(key: u64, n: usize) -> usize {
    ((((key >> 1) as u32) as u64 * n as u64) >> 32) as usize
}

/// The parsing model: quantised weights found through a bucketed table on
/// the feature key.
#[derive(Clone)]
pub(crate) struct Model {
    /// Local label index → relation.
    pub labels: Vec<Deprel>,
    pub n_classes: usize,
    /// Word clusters.
    pub clusters: Clusters,
    /// Whether each class is scored.
    pub allowed: Vec<bool>,
    /// Initial score of each class: 0, or far below when not allowed.
    base: Vec<i32>,
    /// Class of each compact index (rows are indexed by compact index).
    expand: Vec<u16>,
    scale: f32,
    /// Every row's key and value, by key (for saving and pruning).
    rows: Vec<(u64, u32)>,
    buckets: Vec<Bucket>,
    long: Vec<u32>,
    dense: Vec<i16>,
    n_weights: usize,
    /// Whether dense rows are added with AVX2.
    avx2: bool,
}

struct ModelBuilder {
    labels: Vec<Deprel>,
    clusters: Clusters,
    allowed: Vec<bool>,
    /// Compact index of each allowed class (`u8::MAX` when not allowed):
    /// rows only hold the classes that are scored.
    compact: Vec<u8>,
    /// Class of each compact index.
    expand: Vec<u16>,
    n_classes: usize,
    scale: f32,
    rows: Vec<(u64, u32)>,
    long: Vec<u32>,
    dense: Vec<i16>,
    n_weights: usize,
}

impl ModelBuilder {
    fn new(labels: Vec<Deprel>, n_classes: usize, scale: f32) -> ModelBuilder {
        ModelBuilder {
            labels,
            clusters: Clusters::default(),
            allowed: vec![true; n_classes],
            compact: (0..n_classes).map(|c| c as u8).collect(),
            expand: (0..n_classes).map(|c| c as u16).collect(),
            n_classes,
            scale,
            rows: Vec::new(),
            long: Vec::new(),
            dense: Vec::new(),
            n_weights: 0,
        }
    }

    /// Sets the classes that are scored (before any row is pushed).
    fn set_allowed(&mut self, allowed: Vec<bool>) {
        self.compact.clear();
        self.expand.clear();
        for (c, &a) in allowed.iter().enumerate() {
            if a {
                self.compact.push(self.expand.len() as u8);
                self.expand.push(c as u16);
            } else {
                self.compact.push(u8::MAX);
            }
        }
        self.allowed = allowed;
    }

    /// Adds a row of (class, weight) pairs sorted by class, without zeros.
    /// Rows must come in increasing key order. Classes that are not
    /// scored are dropped.
    fn push(&mut self, key: u64, row: &[(u8, i16)]) {
        let compact = &self.compact;
        let row: Vec<(u8, i16)> = row
            .iter()
            .filter_map(|&(c, v)| {
                let i = compact.get(c as usize).copied().unwrap_or(u8::MAX);
                (i != u8::MAX).then_some((i, v))
            })
            .collect();
        let row = &row[..];
        let nc = self.expand.len();
        self.n_weights += row.len();
        let val = match row {
            [] => return,
            [(c, v)] => INLINE | pack(*c, *v),
            // A dense row is added with SIMD, much faster per weight than
            // scattering pairs, so rows a quarter full are kept dense.
            _ if row.len() * 4 >= nc => {
                let off = self.dense.len();
                self.dense.resize(off + nc, 0);
                for &(c, v) in row {
                    self.dense[off + c as usize] = v;
                }
                let at = self.long.len();
                self.long.push(INLINE | off as u32);
                at as u32 + 1
            }
            _ => {
                let at = self.long.len();
                self.long.push(row.len() as u32);
                self.long.extend(row.iter().map(|&(c, v)| pack(c, v)));
                at as u32 + 1
            }
        };
        self.rows.push((key, val));
    }

    fn build(self) -> Model {
        // Half full on average: few buckets overflow into the next.
        let n = (self.rows.len() / 4).max(1);
        let mut buckets = vec![Bucket::default(); n];
        for &(key, val) in &self.rows {
            let mut b = bucket_of(key, n);
            'place: loop {
                let bk = &mut buckets[b];
                for j in 0..8 {
                    if bk.fp[j] == 0 {
                        bk.fp[j] = fingerprint(key);
                        bk.val[j] = val;
                        break 'place;
                    }
                }
                b = if b + 1 == n { 0 } else { b + 1 };
            }
        }
        Model {
            labels: self.labels,
            clusters: self.clusters,
            base: self
                .allowed
                .iter()
                .map(|&a| if a { 0 } else { i32::MIN / 4 })
                .collect(),
            allowed: self.allowed,
            expand: self.expand,
            n_classes: self.n_classes,
            scale: self.scale,
            rows: self.rows,
            buckets,
            long: self.long,
            dense: self.dense,
            n_weights: self.n_weights,
            avx2: has_avx2(),
        }
    }
}

impl Model {
    /// Number of features kept.
    pub(crate) fn n_features(&self) -> usize {
        self.rows.len()
    }

    /// Number of non-zero weights.
    pub(crate) fn n_weights(&self) -> usize {
        self.n_weights
    }

    /// The (class, weight) pairs of a row value, without zeros, by class;
    /// `true` when the row is stored dense.
    fn row(&self, val: u32, out: &mut Vec<(u8, i16)>) -> bool {
        out.clear();
        let ex = &self.expand;
        let e = |x: u32| (ex[((x >> 16) & 0xFF) as usize] as u8, x as u16 as i16);
        if val & INLINE != 0 {
            out.push(e(val));
            return false;
        }
        let at = (val - 1) as usize;
        let head = self.long[at];
        if head & INLINE != 0 {
            let off = (head & !INLINE) as usize;
            let nc = self.expand.len();
            for (c, &v) in self.dense[off..off + nc].iter().enumerate() {
                if v != 0 {
                    out.push((ex[c] as u8, v));
                }
            }
            true
        } else {
            let len = head as usize;
            out.extend(self.long[at + 1..at + 1 + len].iter().map(|&x| e(x)));
            false
        }
    }

    /// A copy without the weights whose quantised magnitude is below
    /// `min` (features left without weights are dropped too).
    pub(crate) fn pruned(&self, min: i16) -> Model {
        let mut b = ModelBuilder::new(self.labels.clone(), self.n_classes, self.scale);
        b.clusters = self.clusters.clone();
        b.set_allowed(self.allowed.clone());
        let mut row = Vec::new();
        for &(key, val) in &self.rows {
            self.row(val, &mut row);
            row.retain(|&(_, v)| v.unsigned_abs() >= min.unsigned_abs());
            b.push(key, &row);
        }
        b.build()
    }

    /// The value of `key` (0 when absent).
    #[inline(always)]
    fn lookup(&self, key: u64) -> u32 {
        let n = self.buckets.len();
        let fp = fingerprint(key);
        let mut b = bucket_of(key, n);
        loop {
            let bk = &self.buckets[b];
            let mut val = 0;
            let mut full = true;
            for j in 0..8 {
                val |= if bk.fp[j] == fp { bk.val[j] } else { 0 };
                full &= bk.fp[j] != 0;
            }
            if val != 0 || !full {
                return val;
            }
            b = if b + 1 == n { 0 } else { b + 1 };
        }
    }

    /// Sums the weights of `keys` into `scores` (zeroed first).
    ///
    /// Three passes, so that cache misses overlap instead of following one
    /// another: prefetch every key's bucket; look the keys up, adding the
    /// one-weight rows at once (an absent key adds 0) and prefetching the
    /// longer rows; add the longer rows.
    #[inline]
    pub(crate) fn score(&self, keys: &[u64], out: &mut [i32]) {
        #[cfg(target_arch = "x86_64")]
        if self.avx2 {
            // SAFETY: `avx2` is true only when the CPU was detected to have
            // AVX2.
            unsafe { self.score_avx2(keys, out) };
            return;
        }
        self.score_with(keys, out);
    }

    /// [`Model::score`] compiled for AVX2 (the fingerprint compares and row
    /// additions use 256-bit vectors).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn score_avx2(&self, keys: &[u64], out: &mut [i32]) {
        self.score_with(keys, out);
    }

    #[inline(always)]
    fn score_with(&self, keys: &[u64], out: &mut [i32]) {
        let nc = self.expand.len();
        let mut acc = [0i32; 256];
        let scores = &mut acc[..nc.min(256)];
        let n = self.buckets.len();
        for &k in keys {
            prefetch(&self.buckets[bucket_of(k, n)]);
        }
        let mut later = [0u32; 160];
        let mut n_later = 0;
        for &k in keys {
            let val = self.lookup(k);
            if val == 0 || val & INLINE != 0 {
                let (c, v) = unpack(val);
                scores[c] += v;
            } else if n_later < later.len() {
                prefetch(&self.long[(val - 1) as usize]);
                later[n_later] = val - 1;
                n_later += 1;
            }
        }
        for &at in &later[..n_later] {
            let at = at as usize;
            let head = self.long[at];
            if head & INLINE != 0 {
                let off = (head & !INLINE) as usize;
                let row = &self.dense[off..off + nc];
                for (a, &v) in scores[..nc].iter_mut().zip(row) {
                    *a += v as i32;
                }
            } else {
                let len = head as usize;
                for &e in &self.long[at + 1..at + 1 + len] {
                    let (c, v) = unpack(e);
                    scores[c] += v;
                }
            }
        }
        out[..self.n_classes].copy_from_slice(&self.base);
        for (&c, &v) in self.expand.iter().zip(scores.iter()) {
            out[c as usize] = v;
        }
    }

    /// The model in its file format.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.n_weights * 3 + self.rows.len() * 10 + 64);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.push(self.labels.len() as u8);
        for l in &self.labels {
            let s = l.as_str();
            out.push(s.len() as u8);
            out.extend_from_slice(s.as_bytes());
        }
        out.extend(self.allowed.iter().map(|&a| u8::from(a)));
        out.extend_from_slice(&self.scale.to_le_bytes());
        let clusters = self.clusters.sorted();
        out.extend_from_slice(&(clusters.len() as u32).to_le_bytes());
        for (h, c) in clusters {
            out.extend_from_slice(&h.to_le_bytes());
            out.extend_from_slice(&c.to_le_bytes());
        }
        out.extend_from_slice(&(self.rows.len() as u32).to_le_bytes());
        let mut row = Vec::new();
        for &(key, val) in &self.rows {
            out.extend_from_slice(&key.to_le_bytes());
            self.row(val, &mut row);
            // In the file, rows are dense only where that is smaller.
            if row.len() * 3 >= self.n_classes * 2 {
                out.extend_from_slice(&DENSE.to_le_bytes());
                let mut dense = vec![0i16; self.n_classes];
                for &(c, v) in &row {
                    dense[c as usize] = v;
                }
                for v in dense {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            } else {
                out.extend_from_slice(&(row.len() as u16).to_le_bytes());
                for &(c, v) in &row {
                    out.push(c);
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
        }
        let sum = blake3::hash(&out);
        out.extend_from_slice(sum.as_bytes());
        out
    }

    /// Reads a model from its file format.
    pub(crate) fn from_bytes(bytes: &[u8]) -> Result<Model> {
        if bytes.len() < MAGIC.len() + 32 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(model_err("not a newsgraph parser model (bad magic)"));
        }
        let (body, sum) = bytes.split_at(bytes.len() - 32);
        if blake3::hash(body).as_bytes() != sum {
            return Err(model_err("parser model checksum mismatch (corrupt file)"));
        }
        let mut r = Reader {
            b: body,
            i: MAGIC.len(),
        };
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(model_err(format!(
                "parser model format version {version}, expected {FORMAT_VERSION}"
            )));
        }
        let fv = r.u32()?;
        if fv != FEATURE_VERSION {
            return Err(model_err(format!(
                "parser model feature version {fv}, expected {FEATURE_VERSION}"
            )));
        }
        let n_labels = r.u8()? as usize;
        let mut labels = Vec::with_capacity(n_labels);
        for _ in 0..n_labels {
            let len = r.u8()? as usize;
            let name = std::str::from_utf8(r.take(len)?)
                .map_err(|_| model_err("label name is not UTF-8"))?;
            let d = Deprel::from_name(name)
                .ok_or_else(|| model_err(format!("unknown relation {name:?} in model")))?;
            labels.push(d);
        }
        let n_classes = 1 + 2 * n_labels;
        if n_classes > 256 {
            return Err(model_err("too many labels"));
        }
        let allowed: Vec<bool> = r.take(n_classes)?.iter().map(|&a| a != 0).collect();
        let scale = f32::from_le_bytes(r.array()?);
        let n_clusters = r.u32()? as usize;
        let mut clusters = Clusters::default();
        clusters.map.reserve(n_clusters.min(body.len() / 10));
        for _ in 0..n_clusters {
            let h = r.u64()?;
            let c = r.u16()?;
            clusters.map.insert(h, c);
        }
        let n_rows = r.u32()? as usize;
        let mut b = ModelBuilder::new(labels, n_classes, scale);
        b.clusters = clusters;
        b.set_allowed(allowed);
        b.rows.reserve(n_rows.min(body.len() / 10));
        let mut prev = 0u64;
        let mut row: Vec<(u8, i16)> = Vec::new();
        for _ in 0..n_rows {
            let key = r.u64()?;
            if key <= prev || key & 1 == 0 {
                return Err(model_err("feature keys out of order"));
            }
            prev = key;
            let len = r.u16()?;
            row.clear();
            if len == DENSE {
                let raw = r.take(2 * n_classes)?;
                for (c, x) in raw.chunks_exact(2).enumerate() {
                    let v = i16::from_le_bytes([x[0], x[1]]);
                    if v != 0 {
                        row.push((c as u8, v));
                    }
                }
            } else {
                let raw = r.take(3 * len as usize)?;
                for x in raw.chunks_exact(3) {
                    if x[0] as usize >= n_classes {
                        return Err(model_err("class index out of range"));
                    }
                    row.push((x[0], i16::from_le_bytes([x[1], x[2]])));
                }
            }
            b.push(key, &row);
        }
        if r.i != body.len() {
            return Err(model_err("trailing bytes after the last row"));
        }
        Ok(b.build())
    }
}

/// Whether the CPU has AVX2 (detected once per model).
fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Hints the CPU to fetch the cache line of `x`.
#[inline(always)]
fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint; it never faults or changes memory,
    // and SSE is part of the x86_64 baseline.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
            (x as *const T).cast::<i8>(),
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

fn model_err(message: impl Into<String>) -> Error {
    Error::Model {
        message: message.into(),
    }
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .i
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| model_err("parser model is truncated"))?;
        let s = &self.b[self.i..end];
        self.i = end;
        Ok(s)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }
    fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16> {
        Ok(u16::from_le_bytes(self.array()?))
    }
    fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array()?))
    }
}
