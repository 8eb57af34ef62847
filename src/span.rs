//! Character spans into a document's text.
//!
//! Invariant: a [`Span`] holds Unicode code point offsets (not bytes, not
//! UTF-16 units) into the *original* document text, `start < end`, end
//! exclusive, exactly as Python's `text[start:end]`. Extraction works on byte
//! offsets internally and converts once through [`CharMap`], so every span
//! written out slices the text to the recorded string.

use serde::{Deserialize, Serialize};

/// A half-open range of code point offsets into a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point of the span.
    pub end: usize,
}

/// Maps byte offsets of a `str` to code point offsets.
///
/// Built once per document in O(n); lookups are O(log n) for non-ASCII text
/// and O(1) for pure ASCII text.
#[derive(Debug, Clone)]
pub struct CharMap {
    /// Byte offset of every code point that starts a multi-byte char, with
    /// the number of extra bytes seen before it; empty for ASCII text.
    breaks: Vec<(usize, usize)>,
    len_bytes: usize,
}

impl CharMap {
    /// Builds the map for `text`.
    pub fn new(text: &str) -> Self {
        let mut breaks = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0usize;
            for (b, c) in text.char_indices() {
                let l = c.len_utf8();
                if l > 1 {
                    extra += l - 1;
                    breaks.push((b + l, extra));
                }
            }
        }
        CharMap {
            breaks,
            len_bytes: text.len(),
        }
    }

    /// The code point offset of byte offset `byte`, which must lie on a char
    /// boundary of the text the map was built from (or equal its length).
    pub fn char_offset(&self, byte: usize) -> usize {
        let byte = byte.min(self.len_bytes);
        if self.breaks.is_empty() {
            return byte;
        }
        // Number of extra bytes in all chars that end at or before `byte`.
        let idx = self.breaks.partition_point(|&(end, _)| end <= byte);
        let extra = if idx == 0 { 0 } else { self.breaks[idx - 1].1 };
        byte - extra
    }

    /// Converts a byte range to a [`Span`].
    pub fn span(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.char_offset(start),
            end: self.char_offset(end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_match_python_slicing() {
        for text in [
            "plain ascii",
            "Iran’s “talks” in Muscat",
            "ناحية هبهب and Erdoğan 🙂 x",
        ] {
            let map = CharMap::new(text);
            for (ci, (b, _)) in text.char_indices().enumerate() {
                assert_eq!(map.char_offset(b), ci, "{text:?} byte {b}");
            }
            assert_eq!(map.char_offset(text.len()), text.chars().count());
        }
    }
}
