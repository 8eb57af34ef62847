//! Word clusters learnt from raw text, as features that do not depend on
//! the tagger (it errs on one word in twenty).
//!
//! Each word is described by the words seen just before and just after it
//! (counts over the most frequent words, square-rooted and normalised),
//! and the words are grouped by spherical k-means in two levels: 32 coarse
//! clusters, each split into up to 8 fine ones. Initial centroids are words
//! at evenly spaced frequency ranks, so the result depends only on the
//! text. Words seen fewer than [`MIN_FIT`] times do not move centroids;
//! words seen at least [`MIN_ASSIGN`] times are then given their nearest
//! cluster.

use super::features::hash_lower;
use super::model::KeyMap;
use std::collections::HashMap;

/// Words that shape the centroids are seen at least this often.
const MIN_FIT: u32 = 5;
/// Words that get a cluster are seen at least this often.
const MIN_ASSIGN: u32 = 2;
/// Context words: the most frequent ones.
const CONTEXT: usize = 300;
const COARSE: usize = 32;
const FINE: usize = 8;

/// Fine cluster of each known word (`coarse * 8 + fine`), by word hash.
#[derive(Debug, Clone, Default)]
pub(crate) struct Clusters {
    pub map: KeyMap<u16>,
}

impl Clusters {
    /// The fine cluster of a word hash, if known.
    #[inline]
    pub(crate) fn get(&self, word: u64) -> Option<u16> {
        self.map.get(&word).copied()
    }

    /// The (hash, cluster) pairs in hash order.
    pub(crate) fn sorted(&self) -> Vec<(u64, u16)> {
        let mut v: Vec<(u64, u16)> = self.map.iter().map(|(&k, &c)| (k, c)).collect();
        v.sort_unstable();
        v
    }
}

/// Learns clusters from sentences of words.
pub(crate) fn build<'a>(sentences: impl Iterator<Item = Vec<&'a str>>) -> Clusters {
    // Word ids by first appearance, counts, and the sequences as ids.
    let mut ids: HashMap<u64, u32> = HashMap::new();
    let mut hashes: Vec<u64> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut seqs: Vec<Vec<u32>> = Vec::new();
    for s in sentences {
        let seq: Vec<u32> = s
            .iter()
            .map(|w| {
                let h = hash_lower(w);
                let id = *ids.entry(h).or_insert_with(|| {
                    hashes.push(h);
                    counts.push(0);
                    (hashes.len() - 1) as u32
                });
                counts[id as usize] += 1;
                id
            })
            .collect();
        seqs.push(seq);
    }
    let n = hashes.len();
    // Frequency ranks, ties broken by hash for determinism.
    let mut by_freq: Vec<u32> = (0..n as u32).collect();
    by_freq.sort_unstable_by_key(|&i| (std::cmp::Reverse(counts[i as usize]), hashes[i as usize]));
    let mut ctx_of = vec![u32::MAX; n];
    for (r, &i) in by_freq.iter().take(CONTEXT).enumerate() {
        ctx_of[i as usize] = r as u32;
    }
    // Dimensions: left context (CONTEXT + other + boundary), then right.
    let half = CONTEXT + 2;
    let dims = 2 * half;
    let words: Vec<u32> = by_freq
        .iter()
        .copied()
        .filter(|&i| counts[i as usize] >= MIN_ASSIGN)
        .collect();
    let mut row_of = vec![u32::MAX; n];
    for (r, &i) in words.iter().enumerate() {
        row_of[i as usize] = r as u32;
    }
    let mut vecs = vec![0f32; words.len() * dims];
    let ctx = |x: Option<&u32>| -> usize {
        match x {
            None => CONTEXT + 1,
            Some(&i) => {
                let c = ctx_of[i as usize];
                if c == u32::MAX { CONTEXT } else { c as usize }
            }
        }
    };
    for seq in &seqs {
        for (j, &w) in seq.iter().enumerate() {
            let r = row_of[w as usize];
            if r == u32::MAX {
                continue;
            }
            let base = r as usize * dims;
            let left = ctx(if j == 0 { None } else { seq.get(j - 1) });
            let right = ctx(seq.get(j + 1));
            vecs[base + left] += 1.0;
            vecs[base + half + right] += 1.0;
        }
    }
    for v in vecs.chunks_exact_mut(dims) {
        let mut norm = 0f32;
        for x in v.iter_mut() {
            *x = x.sqrt();
            norm += *x * *x;
        }
        let norm = norm.sqrt().max(1e-6);
        v.iter_mut().for_each(|x| *x /= norm);
    }
    let fit: Vec<usize> = (0..words.len())
        .filter(|&r| counts[words[r] as usize] >= MIN_FIT)
        .collect();
    let all: Vec<usize> = (0..words.len()).collect();
    let coarse = kmeans(&vecs, dims, &fit, COARSE, 15);
    let coarse_of = assign(&vecs, dims, &all, &coarse);
    let mut map = KeyMap::default();
    for c in 0..coarse.len() / dims {
        let fit_c: Vec<usize> = fit.iter().copied().filter(|&r| coarse_of[r] == c).collect();
        let all_c: Vec<usize> = all.iter().copied().filter(|&r| coarse_of[r] == c).collect();
        if all_c.is_empty() {
            continue;
        }
        let fine = if fit_c.is_empty() {
            kmeans(&vecs, dims, &all_c, 1, 1)
        } else {
            kmeans(&vecs, dims, &fit_c, FINE, 10)
        };
        let fine_of = assign(&vecs, dims, &all_c, &fine);
        for (&r, &f) in all_c.iter().zip(&fine_of) {
            map.insert(hashes[words[r] as usize], (c * FINE + f) as u16);
        }
    }
    Clusters { map }
}

/// Spherical k-means over the rows `rows` of `vecs`; rows are in
/// frequency order, and the initial centroids are evenly spaced in it.
fn kmeans(vecs: &[f32], dims: usize, rows: &[usize], k: usize, iters: usize) -> Vec<f32> {
    let k = k.min(rows.len()).max(1);
    let mut cent = vec![0f32; k * dims];
    for c in 0..k {
        if let Some(&r) = rows.get(c * rows.len() / k) {
            cent[c * dims..(c + 1) * dims].copy_from_slice(&vecs[r * dims..(r + 1) * dims]);
        }
    }
    for _ in 0..iters {
        let of = assign(vecs, dims, rows, &cent);
        let mut sum = vec![0f32; k * dims];
        for (&r, &c) in rows.iter().zip(&of) {
            for (s, &x) in sum[c * dims..(c + 1) * dims]
                .iter_mut()
                .zip(&vecs[r * dims..(r + 1) * dims])
            {
                *s += x;
            }
        }
        for c in 0..k {
            let s = &mut sum[c * dims..(c + 1) * dims];
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                s.iter_mut().for_each(|x| *x /= norm);
                cent[c * dims..(c + 1) * dims].copy_from_slice(s);
            }
        }
    }
    cent
}

/// The nearest centroid (largest dot product, lowest index on ties).
fn assign(vecs: &[f32], dims: usize, rows: &[usize], cent: &[f32]) -> Vec<usize> {
    let k = cent.len() / dims;
    rows.iter()
        .map(|&r| {
            let v = &vecs[r * dims..(r + 1) * dims];
            let mut best = (0, f32::MIN);
            for c in 0..k {
                let d: f32 = v
                    .iter()
                    .zip(&cent[c * dims..(c + 1) * dims])
                    .map(|(a, b)| a * b)
                    .sum();
                if d > best.1 {
                    best = (c, d);
                }
            }
            best.0
        })
        .collect()
}
