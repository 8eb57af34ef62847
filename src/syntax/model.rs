//! The model file: our own compact, deterministic binary format holding the
//! tagger and the lemmatizer.
//!
//! Layout (all integers little-endian):
//!
//! ```text
//! magic    8 bytes  "NGSYNTAX"
//! version  u32      FORMAT_VERSION
//! length   u64      bytes of the body that follows
//! body              tagger section, then lemmatizer section
//! check    u64      FNV-1a 64 of the body
//! ```
//!
//! Each section is a sequence of arrays, each written as a `u32` element
//! count followed by its elements; strings are a `u32` byte length and
//! UTF-8 bytes. Sections are written from sorted data only, so the same
//! training run gives the same bytes.
//!
//! The model trained on UD English EWT (CC BY-SA 4.0) is embedded in the
//! binary ([`embedded`]) and decoded once, on first use.

use super::lemma::Lemmatizer;
use super::tagger::Tagger;
use crate::error::{Error, Result};
use std::sync::OnceLock;

/// The magic bytes that open a model file.
pub const MAGIC: &[u8; 8] = b"NGSYNTAX";
/// The version of the layout; a model of another version is refused.
pub const FORMAT_VERSION: u32 = 1;

/// The embedded model, built by `newsgraph-train-tagger` from UD English EWT.
static EMBEDDED: &[u8] = include_bytes!("data/tagger.bin");

/// A tagger and the lemmatizer that goes with it.
#[derive(Debug, Clone)]
pub struct Model {
    /// The part-of-speech tagger.
    pub tagger: Tagger,
    /// The lemmatizer.
    pub lemmatizer: Lemmatizer,
}

impl Model {
    /// Encodes the model in the file format.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = Writer::default();
        self.tagger.write(&mut body);
        self.lemmatizer.write(&mut body);
        let mut out = Writer::default();
        out.bytes(MAGIC);
        out.u32(FORMAT_VERSION);
        out.u64(body.buf.len() as u64);
        out.bytes(&body.buf);
        out.u64(fnv1a(&body.buf));
        out.buf
    }

    /// Decodes a model file.
    ///
    /// Errors: [`Error::Model`] when the bytes are not a model of this
    /// version or are damaged.
    pub fn from_bytes(data: &[u8]) -> Result<Model> {
        let mut r = Reader::new(data);
        if r.take(8)? != MAGIC {
            return Err(model_err("not a newsgraph syntax model (bad magic)"));
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(model_err(format!(
                "model format version {version}, expected {FORMAT_VERSION}"
            )));
        }
        let len = usize::try_from(r.u64()?).map_err(|_| model_err("body too long"))?;
        let body = r.take(len)?;
        let check = r.u64()?;
        if check != fnv1a(body) {
            return Err(model_err("checksum mismatch (damaged model)"));
        }
        if !r.is_empty() {
            return Err(model_err("trailing bytes after the model"));
        }
        let mut b = Reader::new(body);
        let tagger = Tagger::read(&mut b)?;
        let lemmatizer = Lemmatizer::read(&mut b)?;
        if !b.is_empty() {
            return Err(model_err("trailing bytes in the model body"));
        }
        Ok(Model { tagger, lemmatizer })
    }

    /// Writes the model file.
    pub fn save(&self, path: &std::path::Path) -> Result<()> {
        std::fs::write(path, self.to_bytes()).map_err(|e| Error::io(path, e))
    }

    /// Reads a model file.
    pub fn load(path: &std::path::Path) -> Result<Model> {
        let data = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Model::from_bytes(&data)
    }
}

/// The embedded EWT model, decoded on the first call (a few milliseconds)
/// and shared afterwards.
///
/// Errors: [`Error::Model`] if the embedded bytes cannot be decoded (a
/// build from a tree without a trained model).
pub fn embedded() -> Result<&'static Model> {
    static CELL: OnceLock<std::result::Result<Model, String>> = OnceLock::new();
    match CELL.get_or_init(|| Model::from_bytes(EMBEDDED).map_err(|e| e.to_string())) {
        Ok(m) => Ok(m),
        Err(message) => Err(model_err(format!("embedded model: {message}"))),
    }
}

pub(crate) fn model_err(message: impl Into<String>) -> Error {
    Error::Model {
        message: message.into(),
    }
}

/// FNV-1a, 64 bits: the hash of strings in models (fixed, seedless).
#[inline]
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Mixes `b` into the hash state `a` (multiply-rotate, as in FxHash).
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    (a.rotate_left(5) ^ b).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// The murmur3 finaliser, never 0 (0 marks an empty slot of a
/// [`HashIndex`]).
#[inline]
pub(crate) fn fin(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^= x >> 33;
    x | 1
}

/// Little-endian writer for model sections.
#[derive(Debug, Default)]
pub(crate) struct Writer {
    pub(crate) buf: Vec<u8>,
}

impl Writer {
    pub(crate) fn bytes(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
    }
    pub(crate) fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    pub(crate) fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    pub(crate) fn len(&mut self, n: usize) {
        // Model arrays are far below 4 G elements.
        self.u32(u32::try_from(n).unwrap_or(u32::MAX));
    }
    pub(crate) fn str(&mut self, s: &str) {
        self.len(s.len());
        self.bytes(s.as_bytes());
    }
    pub(crate) fn u8s(&mut self, v: &[u8]) {
        self.len(v.len());
        self.bytes(v);
    }
    pub(crate) fn i16s(&mut self, v: &[i16]) {
        self.len(v.len());
        for x in v {
            self.buf.extend_from_slice(&x.to_le_bytes());
        }
    }
    pub(crate) fn u32s(&mut self, v: &[u32]) {
        self.len(v.len());
        for x in v {
            self.u32(*x);
        }
    }
    pub(crate) fn u64s(&mut self, v: &[u64]) {
        self.len(v.len());
        for x in v {
            self.u64(*x);
        }
    }
}

/// Little-endian reader; every read is checked against the end.
#[derive(Debug)]
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.pos == self.data.len()
    }
    pub(crate) fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.data.len())
            .ok_or_else(|| model_err("truncated model"))?;
        let s = &self.data[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn arr<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0u8; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }
    pub(crate) fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    pub(crate) fn u32(&mut self) -> Result<u32> {
        Ok(u32::from_le_bytes(self.arr()?))
    }
    pub(crate) fn u64(&mut self) -> Result<u64> {
        Ok(u64::from_le_bytes(self.arr()?))
    }
    pub(crate) fn len(&mut self) -> Result<usize> {
        Ok(self.u32()? as usize)
    }
    /// An array of `n` elements of `size` bytes each, checked first.
    fn block(&mut self, size: usize) -> Result<&'a [u8]> {
        let n = self.len()?;
        let bytes = n
            .checked_mul(size)
            .ok_or_else(|| model_err("array too long"))?;
        self.take(bytes)
    }
    pub(crate) fn str(&mut self) -> Result<&'a str> {
        let b = self.block(1)?;
        std::str::from_utf8(b).map_err(|_| model_err("string is not UTF-8"))
    }
    pub(crate) fn u8s(&mut self) -> Result<Vec<u8>> {
        Ok(self.block(1)?.to_vec())
    }
    pub(crate) fn i16s(&mut self) -> Result<Vec<i16>> {
        Ok(self
            .block(2)?
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect())
    }
    pub(crate) fn u32s(&mut self) -> Result<Vec<u32>> {
        Ok(self
            .block(4)?
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
    pub(crate) fn u64s(&mut self) -> Result<Vec<u64>> {
        Ok(self
            .block(8)?
            .chunks_exact(8)
            .map(|c| {
                let mut a = [0u8; 8];
                a.copy_from_slice(c);
                u64::from_le_bytes(a)
            })
            .collect())
    }
}

/// Open-addressing map from a non-zero 64-bit key (already a good hash) to
/// a `u32`, built once at load time; lookups compare the whole key.
#[derive(Debug, Clone, Default)]
pub(crate) struct HashIndex {
    keys: Vec<u64>,
    vals: Vec<u32>,
    mask: usize,
}

impl HashIndex {
    /// Builds the index of `keys[i] → i`. Keys must be distinct and non-zero.
    pub(crate) fn build(keys: &[u64]) -> Self {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut t = HashIndex {
            keys: vec![0; cap],
            vals: vec![0; cap],
            mask: cap - 1,
        };
        for (i, &k) in keys.iter().enumerate() {
            let mut p = (k as usize) & t.mask;
            while t.keys[p] != 0 {
                p = (p + 1) & t.mask;
            }
            t.keys[p] = k;
            t.vals[p] = i as u32;
        }
        t
    }

    /// The value stored for `key`.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<u32> {
        if self.keys.is_empty() {
            return None;
        }
        let mut p = (key as usize) & self.mask;
        loop {
            let k = self.keys[p];
            if k == key {
                return Some(self.vals[p]);
            }
            if k == 0 {
                return None;
            }
            p = (p + 1) & self.mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_refuses_truncated_arrays() {
        let mut w = Writer::default();
        w.u32s(&[1, 2, 3]);
        let bytes = &w.buf[..w.buf.len() - 1];
        assert!(Reader::new(bytes).u32s().is_err());
        let mut r = Reader::new(&w.buf);
        assert_eq!(r.u32s().unwrap(), vec![1, 2, 3]);
        assert!(r.is_empty());
    }

    #[test]
    fn bad_models_are_errors_not_panics() {
        for bytes in [
            &b""[..],
            b"NGSYNTAX",
            b"NGSYNTAX\x09\0\0\0",
            b"garbage garbage",
        ] {
            assert!(matches!(Model::from_bytes(bytes), Err(Error::Model { .. })));
        }
    }

    #[test]
    fn hash_index_finds_its_keys() {
        let keys: Vec<u64> = (1..1000u64)
            .map(|i| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1)
            .collect();
        let t = HashIndex::build(&keys);
        for (i, &k) in keys.iter().enumerate() {
            assert_eq!(t.get(k), Some(i as u32));
        }
        assert_eq!(t.get(2), None);
    }
}
