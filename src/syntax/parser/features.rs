//! Feature templates, hashed to `u64` keys without allocation.
//!
//! Each word is reduced once per sentence to a few 64-bit *atoms*: its
//! lowercased form, its tag (UPOS and XPOS together), the two combined, and
//! its word cluster when the model has clusters. A feature key mixes the
//! template number with the atoms it reads (FxHash-style multiply-rotate
//! with a fixed constant, then a murmur3 finaliser), so keys are the same on
//! every machine and run. The templates follow Zhang & Nivre (2011), read
//! from the arc-hybrid configuration: the stack `s0 s1 s2`, the buffer
//! `b0 b1 b2`, the two outermost children on each side of `s0`, `s1` and
//! `b0` (in arc-hybrid `b0` only has left children), their labels, the
//! distances `s0–b0` and `s1–s0`, valencies and label sets.

use super::clusters::Clusters;
use super::oracle::State;

/// Version of the feature templates, stored in the model file: a model is
/// only valid with the templates it was trained with.
pub(crate) const FEATURE_VERSION: u32 = 5;

const K: u64 = 0x517c_c1b7_2722_0a95;

/// One FxHash step.
#[inline(always)]
pub(crate) fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(K)
}

/// The murmur3 64-bit finaliser: spreads every input bit over the key.
#[inline(always)]
pub(crate) fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h | 1 // 0 marks an empty slot in the model's table
}

/// Hashes a string, character by character.
pub(crate) fn hash_str(s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325;
    for c in s.chars() {
        h = mix(h, c as u64);
    }
    mix(h, s.len() as u64)
}

/// Hashes the lowercase of a string without building it. Digits are
/// folded to `0` so that numbers of one shape share a feature.
pub(crate) fn hash_lower(s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325;
    let mut len = 0u64;
    for c in s.chars() {
        if c.is_ascii_digit() {
            h = mix(h, '0' as u64);
            len += 1;
        } else if c.is_ascii() {
            h = mix(h, c.to_ascii_lowercase() as u64);
            len += 1;
        } else {
            for l in c.to_lowercase() {
                h = mix(h, l as u64);
                len += 1;
            }
        }
    }
    mix(h, len)
}

/// Atom of an absent position (e.g. `s2` on a short stack).
const NONE: u64 = 0x1d8e_4e27_c47d_124f;
/// Atom of a word without a cluster.
const UNKNOWN: u64 = 0x7a3b_90c4_51e2_6d83;
/// Atom of the artificial root.
const ROOT: u64 = 0x2545_f491_4f6c_dd1d;

/// The atoms of a sentence; index 0 is the root.
#[derive(Debug, Clone, Default)]
pub(crate) struct Atoms {
    /// Lowercased form.
    pub w: Vec<u64>,
    /// Tag (UPOS and XPOS).
    pub p: Vec<u64>,
    /// Form and tag.
    pub wp: Vec<u64>,
    /// Fine and coarse word cluster.
    pub c: Vec<u64>,
    pub k: Vec<u64>,
}

impl Atoms {
    /// Clears and starts with the root's atoms.
    pub(crate) fn start(&mut self) {
        self.w.clear();
        self.p.clear();
        self.wp.clear();
        self.c.clear();
        self.k.clear();
        self.w.push(ROOT);
        self.p.push(ROOT);
        self.wp.push(ROOT);
        self.c.push(ROOT);
        self.k.push(ROOT);
    }

    /// Appends one word.
    pub(crate) fn push(&mut self, form: &str, upos: &str, xpos: &str, clusters: &Clusters) {
        let w = hash_lower(form);
        let p = tag_atom(upos, xpos);
        self.w.push(w);
        self.p.push(p);
        self.wp.push(mix(w, p));
        match clusters.get(w) {
            Some(c) => {
                self.c.push(mix(0xc1, c as u64));
                self.k.push(mix(0xc2, (c / 8) as u64));
            }
            None => {
                self.c.push(UNKNOWN);
                self.k.push(UNKNOWN);
            }
        }
    }

    /// Replaces a word's tag atom (training with noised tags).
    pub(crate) fn set_tag(&mut self, i: usize, p: u64) {
        self.p[i] = p;
        self.wp[i] = mix(self.w[i], p);
    }
}

/// The tag atom of a UPOS/XPOS pair.
pub(crate) fn tag_atom(upos: &str, xpos: &str) -> u64 {
    mix(hash_str(upos), hash_str(xpos))
}

/// Upper bound on the number of keys per configuration.
pub(crate) const MAX_FEATURES: usize = 112;

/// The word/tag/label view of one position of the configuration.
#[derive(Clone, Copy)]
struct Pos {
    w: u64,
    p: u64,
    wp: u64,
    c: u64,
    k: u64,
    /// Label of its arc (children only), plus one; 0 when none.
    l: u64,
}

const ABSENT: Pos = Pos {
    w: NONE,
    p: NONE,
    wp: NONE,
    c: NONE,
    k: NONE,
    l: 0,
};

#[inline(always)]
fn pos(a: &Atoms, st: &State, node: Option<u32>) -> Pos {
    match node {
        Some(x) => {
            let i = x as usize;
            Pos {
                w: a.w[i],
                p: a.p[i],
                wp: a.wp[i],
                c: a.c[i],
                k: a.k[i],
                l: st.labels[i] as u64 + 1,
            }
        }
        None => ABSENT,
    }
}

#[inline(always)]
fn child(v: &[u32], node: Option<u32>) -> Option<u32> {
    node.and_then(|x| {
        let c = v[x as usize];
        (c != 0).then_some(c)
    })
}

fn dist_bucket(a: u32, b: u32) -> u64 {
    let d = a.abs_diff(b);
    match d {
        0..=5 => d as u64,
        6..=9 => 6,
        10..=14 => 7,
        _ => 8,
    }
}

/// Writes the feature keys of a configuration into `out` (cleared first).
pub(crate) fn extract(a: &Atoms, st: &State, out: &mut Vec<u64>) {
    out.clear();
    let n0 = st.stack_at(0);
    let n1 = st.stack_at(1);
    let n2 = st.stack_at(2);
    let q0 = st.buffer(0);
    let q1 = st.buffer(1);
    let q2 = st.buffer(2);
    let s0 = pos(a, st, n0);
    let s1 = pos(a, st, n1);
    let s2 = pos(a, st, n2);
    let b0 = pos(a, st, q0);
    let b1 = pos(a, st, q1);
    let b2 = pos(a, st, q2);
    let s0l1 = pos(a, st, child(&st.lc1, n0));
    let s0l2 = pos(a, st, child(&st.lc2, n0));
    let s0r1 = pos(a, st, child(&st.rc1, n0));
    let s0r2 = pos(a, st, child(&st.rc2, n0));
    let s1l1 = pos(a, st, child(&st.lc1, n1));
    let s1l2 = pos(a, st, child(&st.lc2, n1));
    let s1r1 = pos(a, st, child(&st.rc1, n1));
    let s1r2 = pos(a, st, child(&st.rc2, n1));
    let b0l1 = pos(a, st, child(&st.lc1, q0));
    let b0l2 = pos(a, st, child(&st.lc2, q0));

    // Position of the root (end of the buffer) for distances.
    let place = |x: Option<u32>| -> u32 {
        match x {
            Some(0) => st.n as u32 + 1,
            Some(v) => v,
            None => 0,
        }
    };
    let d01 = match (n0, q0) {
        (Some(_), Some(_)) => dist_bucket(place(n0), place(q0)),
        _ => 15,
    };
    let d10 = match (n1, n0) {
        (Some(_), Some(_)) => dist_bucket(place(n1), place(n0)),
        _ => 15,
    };
    let val = |v: &[u8], x: Option<u32>| -> u64 { x.map_or(99, |i| v[i as usize] as u64) };
    let set = |v: &[u64], x: Option<u32>| -> u64 { x.map_or(7, |i| v[i as usize]) };
    let s0lv = val(&st.lval, n0);
    let s0rv = val(&st.rval, n0);
    let s1rv = val(&st.rval, n1);
    let b0lv = val(&st.lval, q0);
    let s0ls = set(&st.lset, n0);
    let s0rs = set(&st.rset, n0);
    let s1rs = set(&st.rset, n1);
    let b0ls = set(&st.lset, q0);

    let mut t = 0u64;
    let mut f = |vals: &[u64]| {
        t += 1;
        let mut h = mix(0x9e37_79b9_7f4a_7c15, t);
        for &v in vals {
            h = mix(h, v);
        }
        out.push(finish(h));
    };

    // Single positions.
    f(&[s0.wp]);
    f(&[s0.p]);
    f(&[s1.wp]);
    f(&[s1.p]);
    f(&[s2.p]);
    f(&[b0.wp]);
    f(&[b0.w]);
    f(&[b0.p]);
    f(&[b1.wp]);
    f(&[b1.p]);
    f(&[b2.p]);

    // Pairs s0–b0.
    f(&[s0.wp, b0.wp]);
    f(&[s0.wp, b0.w]);
    f(&[s0.w, b0.wp]);
    f(&[s0.wp, b0.p]);
    f(&[s0.p, b0.wp]);
    f(&[s0.w, b0.w]);
    f(&[s0.p, b0.p]);
    f(&[b0.p, b1.p]);
    // Pairs s1–s0 and s1–b0.
    f(&[s1.wp, s0.wp]);
    f(&[s1.wp, s0.p]);
    f(&[s1.p, s0.wp]);
    f(&[s1.w, s0.w]);
    f(&[s1.p, s0.p]);
    f(&[s1.p, b0.p]);

    // Tag triples.
    f(&[b0.p, b1.p, b2.p]);
    f(&[s0.p, b0.p, b1.p]);
    f(&[s1.p, s0.p, b0.p]);
    f(&[s2.p, s1.p, s0.p]);
    f(&[s0.p, s0l1.p, b0.p]);
    f(&[s0.p, s0r1.p, b0.p]);
    f(&[s0.p, b0.p, b0l1.p]);
    f(&[s1.p, s1r1.p, s0.p]);
    f(&[s1.p, s1l1.p, s0.p]);
    f(&[s1.p, s0.p, s0l1.p]);
    f(&[s1.p, s0.p, s0r1.p]);
    f(&[s1.p, s0.p, b1.p]);

    // Distances.
    f(&[s0.p, d01]);
    f(&[b0.p, d01]);
    f(&[s0.w, b0.w, d01]);
    f(&[s0.p, b0.p, d01]);
    f(&[s1.p, d10]);
    f(&[s1.p, s0.p, d10]);

    // Valency.
    f(&[s0.p, s0rv]);
    f(&[s0.p, s0lv]);
    f(&[s1.p, s1rv]);
    f(&[b0.p, b0lv]);

    // Children: tags and labels of the outermost, labels of the next.
    for c in [s0l1, s0r1, s1l1, s1r1, b0l1] {
        f(&[c.p]);
        f(&[c.l]);
    }
    for c in [s0l2, s0r2, s1r2, b0l2] {
        f(&[c.l]);
    }
    f(&[s0.p, s0l1.l, s0l2.l]);
    f(&[s0.p, s0r1.l, s0r2.l]);
    f(&[s1.p, s1r1.l, s1r2.l]);
    f(&[s1.p, s1l1.l, s1l2.l]);
    f(&[b0.p, b0l1.l, b0l2.l]);

    // Label sets.
    f(&[s0.p, s0rs]);
    f(&[s0.p, s0ls]);
    f(&[s1.p, s1rs]);
    f(&[b0.p, b0ls]);

    // Word clusters.
    f(&[s0.c]);
    f(&[b0.c]);
    f(&[s1.c]);
    f(&[b1.c]);
    f(&[s0.c, b0.c]);
    f(&[s0.c, b0.p]);
    f(&[s0.p, b0.c]);
    f(&[s1.c, s0.c]);
    f(&[s0.k, b0.k, b1.k]);
    f(&[s1.k, s0.k, b0.k]);
    debug_assert!(out.len() <= MAX_FEATURES);
}
