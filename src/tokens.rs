//! Tokens: words, numbers, possessives and punctuation, with byte offsets.
//!
//! One tokenizer for the whole crate: the lexicon splits its phrases with it
//! and the extractor its documents, so both agree on every boundary.
//!
//! Hyphens are their own tokens ("al-Qaeda" is `al`, `-`, `Qaeda`) so that
//! gazetteer matches such as "US" in "US-Iran talks" fall on token
//! boundaries. Dotted initialisms ("U.S.", "U.N.") are one token; a title's
//! period ("Mr.") is a separate token. A possessive `'s` / `’s` is a token of
//! its own, so "Iran’s" yields the mention "Iran".

/// The kind of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokKind {
    /// Letters (and internal apostrophes), or a dotted initialism.
    Word,
    /// Starts with a digit.
    Number,
    /// `'s` or `’s`.
    Possessive,
    /// Any other single character.
    Punct,
}

/// A token: byte range into the text and the line breaks before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte start.
    pub start: usize,
    /// Byte end.
    pub end: usize,
    /// Kind.
    pub kind: TokKind,
    /// Number of line breaks between the previous token and this one
    /// (capped at 2).
    pub breaks: u8,
    /// Whether whitespace precedes the token.
    pub space_before: bool,
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}'
}

/// Length in bytes of a dotted initialism ("U.S.", "e.g.") at the start of
/// `s`: two or more single letters each followed by a period.
fn dotted_len(s: &str) -> Option<usize> {
    let mut it = s.char_indices();
    let mut n = 0;
    let mut end = 0;
    while let (Some((_, l)), Some((j, '.'))) = (it.next(), it.next()) {
        if !l.is_alphabetic() {
            break;
        }
        n += 1;
        end = j + 1;
    }
    (n >= 2).then_some(end)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining(c)
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F | 0x200D)
}

/// Splits `text` into tokens in one pass.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    let mut breaks: u8 = 0;
    let mut space = false;
    let mut prev_cr = false;
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() || c == '\u{feff}' || c == '\u{200b}' {
            // CRLF counts once; a lone CR counts as a break.
            if c == '\n' && !prev_cr || c == '\r' || c == '\u{2029}' || c == '\u{2028}' {
                breaks = breaks.saturating_add(1).min(2);
            }
            prev_cr = c == '\r';
            space = true;
            continue;
        }
        prev_cr = false;
        let start = i;
        let mut end = i + c.len_utf8();
        let kind;
        if is_apostrophe(c)
            && matches!(chars.peek(), Some((_, 's' | 'S')))
            && !out.is_empty()
            && !space
        {
            // Possessive: the `s` must end the word.
            let mut look = chars.clone();
            look.next();
            let after = look.peek().map(|&(_, ch)| ch);
            if after.is_none_or(|ch| !is_word_char(ch)) {
                chars.next();
                end = i + c.len_utf8() + 1;
                out.push(Token {
                    start,
                    end,
                    kind: TokKind::Possessive,
                    breaks,
                    space_before: space,
                });
                breaks = 0;
                space = false;
                continue;
            }
        }
        if c.is_ascii_digit() || (c.is_numeric() && !c.is_alphabetic()) {
            kind = TokKind::Number;
            while let Some(&(j, ch)) = chars.peek() {
                if ch.is_alphanumeric() {
                    end = j + ch.len_utf8();
                    chars.next();
                } else if matches!(ch, '.' | ',' | ':')
                    && bytes.get(j + 1).is_some_and(|b| b.is_ascii_digit())
                {
                    end = j + 1;
                    chars.next();
                } else {
                    break;
                }
            }
        } else if is_word_char(c) {
            kind = TokKind::Word;
            // Dotted initialism: X.Y. (single letters with dots).
            let dotted_end = dotted_len(&text[i..]).map(|n| i + n);
            if let Some(de) = dotted_end {
                while chars.peek().is_some_and(|&(j, _)| j < de) {
                    chars.next();
                }
                end = de;
            } else {
                while let Some(&(j, ch)) = chars.peek() {
                    if is_word_char(ch) {
                        end = j + ch.len_utf8();
                        chars.next();
                    } else if is_apostrophe(ch) {
                        // Internal apostrophe (O'Brien, don't), not a possessive.
                        let mut look = chars.clone();
                        look.next();
                        match look.peek() {
                            Some(&(_, n)) if is_word_char(n) => {
                                let mut look2 = look.clone();
                                look2.next();
                                let after = look2.peek().map(|&(_, a)| a);
                                if (n == 's' || n == 'S') && after.is_none_or(|a| !is_word_char(a))
                                {
                                    break;
                                }
                                chars.next();
                                end = j + ch.len_utf8();
                            }
                            _ => break,
                        }
                    } else {
                        break;
                    }
                }
            }
        } else {
            kind = TokKind::Punct;
        }
        out.push(Token {
            start,
            end,
            kind,
            breaks,
            space_before: space,
        });
        breaks = 0;
        space = false;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn token_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Iran’s nuclear program",
                &["Iran", "’s", "nuclear", "program"],
            ),
            ("the U.S. President", &["the", "U.S.", "President"]),
            ("Mr. Witkoff", &["Mr", ".", "Witkoff"]),
            ("al-Qaeda's leader", &["al", "-", "Qaeda", "'s", "leader"]),
            ("O'Brien didn't", &["O'Brien", "didn't"]),
            (
                "1,000 troops; 5.0 mi",
                &["1,000", "troops", ";", "5.0", "mi"],
            ),
            ("US-Iran talks.", &["US", "-", "Iran", "talks", "."]),
            ("J. D. Vance", &["J", ".", "D", ".", "Vance"]),
            ("Erdoğan 🙂 met", &["Erdoğan", "🙂", "met"]),
        ];
        for (text, want) in cases {
            assert_eq!(&words(text), want, "{text:?}");
        }
    }

    #[test]
    fn line_breaks_are_counted() {
        let t = tokenize("A\r\nB\rC\n\n\nD");
        let b: Vec<u8> = t.iter().map(|t| t.breaks).collect();
        assert_eq!(b, vec![0, 1, 1, 2]);
    }
}
