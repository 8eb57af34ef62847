//! UTF-16 text with a byte-order mark (what some Windows tools save):
//! decoded to UTF-8 as it is read, whole files and streams alike. A lone
//! surrogate (half a character) becomes U+FFFD and is counted, so the
//! reader can warn. UTF-16 without a byte-order mark is not guessed at.

use std::io::{BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The byte order a UTF-16 byte-order mark at the start of `bytes` names:
/// `Some(true)` little-endian (`FF FE`), `Some(false)` big-endian (`FE FF`).
pub(super) fn bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// Decodes a whole UTF-16 text after its byte-order mark; returns the text
/// and the number of code units replaced with U+FFFD (a lone surrogate, or
/// an odd byte at the end).
pub(super) fn decode(bytes: &[u8], little_endian: bool) -> (String, usize) {
    let body = bytes.get(2..).unwrap_or_default();
    let units = body.chunks_exact(2).map(|p| unit(p, little_endian));
    let mut bad = 0;
    let mut text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                bad += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if body.len() % 2 == 1 {
        bad += 1;
        text.push(char::REPLACEMENT_CHARACTER);
    }
    (text, bad)
}

fn unit(pair: &[u8], little_endian: bool) -> u16 {
    let b = [pair[0], pair[1]];
    if little_endian {
        u16::from_le_bytes(b)
    } else {
        u16::from_be_bytes(b)
    }
}

/// A stream of UTF-16 (byte-order mark already consumed) read as UTF-8.
pub(super) struct Utf16Reader<R> {
    inner: R,
    little_endian: bool,
    /// Decoded UTF-8 not yet read, from `pos`.
    out: Vec<u8>,
    pos: usize,
    /// A byte of a code unit whose other byte has not come yet.
    odd: Option<u8>,
    /// A high surrogate waiting for its low half.
    high: Option<u16>,
    /// Code units replaced with U+FFFD so far.
    bad: Arc<AtomicUsize>,
    done: bool,
}

impl<R: BufRead> Utf16Reader<R> {
    /// Reads `inner`, which starts after the byte-order mark; replacements
    /// are counted in `bad`.
    pub(super) fn new(inner: R, little_endian: bool, bad: Arc<AtomicUsize>) -> Self {
        Utf16Reader {
            inner,
            little_endian,
            out: Vec::new(),
            pos: 0,
            odd: None,
            high: None,
            bad,
            done: false,
        }
    }

    fn push(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.out
            .extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }

    fn lone(&mut self) {
        self.bad.fetch_add(1, Ordering::Relaxed);
        self.push(char::REPLACEMENT_CHARACTER);
    }

    fn take_unit(&mut self, u: u16) {
        match (self.high.take(), u) {
            (Some(h), 0xDC00..=0xDFFF) => {
                let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                match char::from_u32(c) {
                    Some(c) => self.push(c),
                    None => self.lone(),
                }
            }
            (h, _) => {
                if h.is_some() {
                    self.lone();
                }
                match u {
                    0xD800..=0xDBFF => self.high = Some(u),
                    0xDC00..=0xDFFF => self.lone(),
                    _ => match char::from_u32(u32::from(u)) {
                        Some(c) => self.push(c),
                        None => self.lone(),
                    },
                }
            }
        }
    }

    /// Decodes the next chunk of input into `out`.
    fn refill(&mut self) -> std::io::Result<()> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !self.done {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                self.done = true;
                if self.high.take().is_some() {
                    self.lone();
                }
                if self.odd.take().is_some() {
                    self.lone();
                }
                break;
            }
            let chunk = chunk.to_vec();
            self.inner.consume(chunk.len());
            let mut bytes = chunk.as_slice();
            if let Some(first) = self.odd.take()
                && let Some((&second, rest)) = bytes.split_first()
            {
                self.take_unit(unit(&[first, second], self.little_endian));
                bytes = rest;
            }
            let mut pairs = bytes.chunks_exact(2);
            for p in pairs.by_ref() {
                self.take_unit(unit(p, self.little_endian));
            }
            if let [last] = pairs.remainder() {
                self.odd = Some(*last);
            }
        }
        Ok(())
    }
}

impl<R: BufRead> Read for Utf16Reader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.out.len() {
            self.refill()?;
        }
        let n = buf.len().min(self.out.len() - self.pos);
        buf[..n].copy_from_slice(&self.out[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(s: &str, le: bool) -> Vec<u8> {
        let mut v = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    }

    #[test]
    fn whole_texts_and_streams_decode_alike() {
        let text = "Iran met Oman in Muscat. Erdoğan 🙂 ناحية\n{\"id\":1}\n";
        for le in [true, false] {
            let bytes = encode(text, le);
            assert_eq!(bom(&bytes), Some(le));
            assert_eq!(decode(&bytes, le), (text.to_string(), 0));
            // Through a reader with a tiny buffer: pairs split across reads.
            let bad = Arc::new(AtomicUsize::new(0));
            let inner = std::io::BufReader::with_capacity(3, &bytes[2..]);
            let mut out = String::new();
            Utf16Reader::new(inner, le, bad.clone())
                .read_to_string(&mut out)
                .unwrap();
            assert_eq!(out, text);
            assert_eq!(bad.load(Ordering::Relaxed), 0);
        }
        assert_eq!(bom(b"\xEF\xBB\xBFx"), None);
    }

    #[test]
    fn lone_surrogates_and_odd_bytes_are_replaced_and_counted() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in [0x0041u16, 0xD800, 0x0042, 0xDC00] {
            bytes.extend(u.to_le_bytes());
        }
        bytes.push(0x43);
        let (text, bad) = decode(&bytes, true);
        assert_eq!(text, "A\u{fffd}B\u{fffd}\u{fffd}");
        assert_eq!(bad, 3);
        let counter = Arc::new(AtomicUsize::new(0));
        let mut out = String::new();
        Utf16Reader::new(&bytes[2..], true, counter.clone())
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
        assert_eq!(counter.load(Ordering::Relaxed), 3);
    }
}
