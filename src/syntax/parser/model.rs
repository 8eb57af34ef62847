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
//! scale      f32      weight = i16 value × scale
//! rows       u32 count, then per row in increasing key order:
//!            u64 key, u16 length; length 0xFFFF: one i16 per class
//!            (a dense row); otherwise `length` pairs (u8 class, i16)
//! checksum   32 bytes BLAKE3 of everything before it
//! ```
//!
//! Rows are written in key order and weights are quantised with one scale,
//! so the same training run gives the same bytes.

use super::Deprel;
use super::features::FEATURE_VERSION;
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

const MAGIC: &[u8; 8] = b"NGPARSE\0";
const FORMAT_VERSION: u32 = 1;
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

type KeyMap<V> = HashMap<u64, V, BuildHasherDefault<KeyHasher>>;

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
}

impl TrainWeights {
    pub(crate) fn new(n_classes: usize) -> TrainWeights {
        TrainWeights {
            n_classes,
            index: KeyMap::default(),
            rows: Vec::new(),
            clock: 1.0,
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

    /// Advances the averaging clock by one decision.
    pub(crate) fn tick(&mut self) {
        self.clock += 1.0;
    }

    /// Perceptron update: `good` up, `bad` down, on every key.
    pub(crate) fn update(&mut self, keys: &[u64], good: usize, bad: usize) {
        let clock = self.clock;
        for &k in keys {
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
    pub(crate) fn finalize(&self, labels: &[Deprel], prune: f32) -> Model {
        let mut keys: Vec<(u64, u32)> = self.index.iter().map(|(&k, &r)| (k, r)).collect();
        keys.sort_unstable();
        let mut rows: Vec<(u64, Vec<(u8, f32)>)> = Vec::with_capacity(keys.len());
        let mut max = 0f32;
        for (k, r) in keys {
            let mut row: Vec<(u8, f32)> = self.rows[r as usize]
                .iter()
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

/// One slot of the open-addressing table: the key and its row. Rows of
/// one or two weights live in the slot itself (no second cache miss);
/// longer rows point into `sparse` (packed `class << 16 | weight`) or, when
/// nearly full, `dense` (one `i16` per class). The top byte of `a` is the
/// kind.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    a: u32,
    b: u32,
}

const ONE: u32 = 1 << 24;
const TWO: u32 = 2 << 24;
const SPARSE: u32 = 3 << 24;
const DENSE_ROW: u32 = 4 << 24;
const KIND: u32 = 0xFF << 24;

#[inline(always)]
fn pack(c: u8, v: i16) -> u32 {
    (c as u32) << 16 | v as u16 as u32
}

#[inline(always)]
fn unpack(e: u32) -> (usize, i32) {
    (((e >> 16) & 0xFF) as usize, e as u16 as i16 as i32)
}

/// The parsing model: quantised weights found through an open-addressing
/// table on the feature key.
#[derive(Clone)]
pub(crate) struct Model {
    /// Local label index → relation.
    pub labels: Vec<Deprel>,
    pub n_classes: usize,
    scale: f32,
    slots: Vec<Slot>,
    mask: usize,
    sparse: Vec<u32>,
    dense: Vec<i16>,
    n_rows: usize,
    n_weights: usize,
}

struct ModelBuilder {
    labels: Vec<Deprel>,
    n_classes: usize,
    scale: f32,
    rows: Vec<Slot>,
    sparse: Vec<u32>,
    dense: Vec<i16>,
    n_weights: usize,
}

impl ModelBuilder {
    fn new(labels: Vec<Deprel>, n_classes: usize, scale: f32) -> ModelBuilder {
        ModelBuilder {
            labels,
            n_classes,
            scale,
            rows: Vec::new(),
            sparse: Vec::new(),
            dense: Vec::new(),
            n_weights: 0,
        }
    }

    /// Adds a row of (class, weight) pairs sorted by class, without zeros.
    fn push(&mut self, key: u64, row: &[(u8, i16)]) {
        self.n_weights += row.len();
        let slot = match row {
            [] => return,
            [(c, v)] => Slot {
                key,
                a: ONE | pack(*c, *v),
                b: 0,
            },
            [(c1, v1), (c2, v2)] => Slot {
                key,
                a: TWO | pack(*c1, *v1),
                b: pack(*c2, *v2),
            },
            _ if row.len() * 3 >= self.n_classes * 2 => {
                let off = self.dense.len();
                self.dense.resize(off + self.n_classes, 0);
                for &(c, v) in row {
                    self.dense[off + c as usize] = v;
                }
                Slot {
                    key,
                    a: DENSE_ROW,
                    b: off as u32,
                }
            }
            _ => {
                let off = self.sparse.len();
                self.sparse.extend(row.iter().map(|&(c, v)| pack(c, v)));
                Slot {
                    key,
                    a: SPARSE | row.len() as u32,
                    b: off as u32,
                }
            }
        };
        self.rows.push(slot);
    }

    fn build(self) -> Model {
        let cap = (self.rows.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut slots = vec![Slot::default(); cap];
        for s in &self.rows {
            let mut i = (s.key as usize) & mask;
            while slots[i].key != 0 {
                i = (i + 1) & mask;
            }
            slots[i] = *s;
        }
        Model {
            labels: self.labels,
            n_classes: self.n_classes,
            scale: self.scale,
            slots,
            mask,
            sparse: self.sparse,
            dense: self.dense,
            n_rows: self.rows.len(),
            n_weights: self.n_weights,
        }
    }
}

impl Model {
    /// Number of features kept.
    pub(crate) fn n_features(&self) -> usize {
        self.n_rows
    }

    /// Number of non-zero weights.
    pub(crate) fn n_weights(&self) -> usize {
        self.n_weights
    }

    /// The (class, weight) pairs of a row, without zeros, by class.
    fn row(&self, s: &Slot, out: &mut Vec<(u8, i16)>) {
        out.clear();
        let e = |x: u32| ((x >> 16) as u8, x as u16 as i16);
        match s.a & KIND {
            ONE => out.push(e(s.a)),
            TWO => {
                out.push(e(s.a));
                out.push(e(s.b));
            }
            SPARSE => {
                let off = s.b as usize;
                let len = (s.a & !KIND) as usize;
                out.extend(self.sparse[off..off + len].iter().map(|&x| e(x)));
            }
            _ => {
                let off = s.b as usize;
                for (c, &v) in self.dense[off..off + self.n_classes].iter().enumerate() {
                    if v != 0 {
                        out.push((c as u8, v));
                    }
                }
            }
        }
    }

    /// The rows in key order.
    fn sorted_rows(&self) -> Vec<&Slot> {
        let mut rows: Vec<&Slot> = self.slots.iter().filter(|s| s.key != 0).collect();
        rows.sort_unstable_by_key(|s| s.key);
        rows
    }

    /// A copy without the weights whose quantised magnitude is below
    /// `min` (features left without weights are dropped too).
    pub(crate) fn pruned(&self, min: i16) -> Model {
        let mut b = ModelBuilder::new(self.labels.clone(), self.n_classes, self.scale);
        let mut row = Vec::new();
        for s in self.sorted_rows() {
            self.row(s, &mut row);
            row.retain(|&(_, v)| v.unsigned_abs() >= min.unsigned_abs());
            b.push(s.key, &row);
        }
        b.build()
    }

    /// Sums the weights of `keys` into `scores` (zeroed first).
    ///
    /// Three passes, so that cache misses overlap instead of following one
    /// another: prefetch every key's slot; probe the slots, adding the
    /// short rows kept in them and prefetching the longer ones; add the
    /// longer rows.
    #[inline]
    pub(crate) fn score(&self, keys: &[u64], scores: &mut [i32]) {
        scores.iter_mut().for_each(|s| *s = 0);
        let nc = self.n_classes;
        for &k in keys {
            prefetch(&self.slots[(k as usize) & self.mask]);
        }
        let mut later = [(0u32, 0u32); 160];
        let mut n_later = 0;
        for &k in keys {
            let mut i = (k as usize) & self.mask;
            loop {
                let s = &self.slots[i];
                if s.key == k {
                    match s.a & KIND {
                        ONE => {
                            let (c, v) = unpack(s.a);
                            scores[c] += v;
                        }
                        TWO => {
                            let (c, v) = unpack(s.a);
                            scores[c] += v;
                            let (c, v) = unpack(s.b);
                            scores[c] += v;
                        }
                        SPARSE => {
                            prefetch(&self.sparse[s.b as usize]);
                            if n_later < later.len() {
                                later[n_later] = (s.a, s.b);
                                n_later += 1;
                            }
                        }
                        _ => {
                            let off = s.b as usize;
                            prefetch(&self.dense[off]);
                            prefetch(&self.dense[off + nc / 2]);
                            prefetch(&self.dense[off + nc - 1]);
                            if n_later < later.len() {
                                later[n_later] = (s.a, s.b);
                                n_later += 1;
                            }
                        }
                    }
                    break;
                }
                if s.key == 0 {
                    break;
                }
                i = (i + 1) & self.mask;
            }
        }
        for &(a, b) in &later[..n_later] {
            let off = b as usize;
            if a & KIND == SPARSE {
                let len = (a & !KIND) as usize;
                for &e in &self.sparse[off..off + len] {
                    let (c, v) = unpack(e);
                    scores[c] += v;
                }
            } else {
                let row = &self.dense[off..off + nc];
                for (acc, &v) in scores[..nc].iter_mut().zip(row) {
                    *acc += v as i32;
                }
            }
        }
    }

    /// The model in its file format.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let rows = self.sorted_rows();
        let mut out = Vec::with_capacity(self.n_weights * 3 + rows.len() * 10 + 64);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.push(self.labels.len() as u8);
        for l in &self.labels {
            let s = l.as_str();
            out.push(s.len() as u8);
            out.extend_from_slice(s.as_bytes());
        }
        out.extend_from_slice(&self.scale.to_le_bytes());
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        let mut row = Vec::new();
        for s in rows {
            out.extend_from_slice(&s.key.to_le_bytes());
            self.row(s, &mut row);
            if s.a & KIND == DENSE_ROW {
                out.extend_from_slice(&DENSE.to_le_bytes());
                let off = s.b as usize;
                for &v in &self.dense[off..off + self.n_classes] {
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
        let scale = f32::from_le_bytes(r.array()?);
        let n_rows = r.u32()? as usize;
        let mut b = ModelBuilder::new(labels, n_classes, scale);
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
