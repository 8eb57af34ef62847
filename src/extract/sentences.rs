//! Sentence splitting on tokens.
//!
//! A rule-based splitter for news: it breaks at `.`, `!` and `?` (with any
//! closing quotes) before a capitalized word, never after titles and
//! abbreviations ("Mr.", "Gen.", "Jan."), initials ("J. D. Vance") or a
//! dotted initialism followed by a name ("U.S. President"), and at line
//! breaks, so a headline without a final period is a sentence of its own.

use crate::tokens::{TokKind, Token};
use std::ops::Range;

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Adm", "Amb", "Ave", "Brig", "Capt", "Cmdr", "Co", "Col", "Corp", "Cpl", "Dept", "Dr", "Fr",
    "Ft", "Gen", "Gov", "Hon", "Inc", "Jr", "Lt", "Ltd", "Maj", "Mr", "Mrs", "Ms", "Mt", "No",
    "Pres", "Prof", "Rep", "Rev", "Sen", "Sgt", "Sr", "St", "Supt", "Jan", "Feb", "Mar", "Apr",
    "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "approx", "est", "Gov't", "Messrs",
];

fn is_closer(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "\u{201d}" | "\u{2019}" | ")" | "]" | "\u{bb}"
    )
}

fn is_opener(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "\u{201c}" | "\u{2018}" | "(" | "[" | "\u{ab}"
    )
}

fn starts_upper_or_digit(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
}

/// Splits tokens into sentences; returns token index ranges covering all
/// tokens, in order, none empty.
pub fn split(text: &str, tokens: &[Token], starters: &dyn Fn(&str) -> bool) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let s = |i: usize| &text[tokens[i].start..tokens[i].end];
    let mut i = 0;
    while i < tokens.len() {
        // A line break before token i.
        if i > start && tokens[i].breaks > 0 {
            let prev = s(i - 1);
            let cur = s(i);
            let wrapped = tokens[i].breaks == 1
                && cur.chars().next().is_some_and(char::is_lowercase)
                && (prev.chars().last().is_some_and(char::is_lowercase) || prev == ",");
            if !wrapped {
                out.push(start..i);
                start = i;
            }
        }
        let t = s(i);
        let terminal = matches!(t, "." | "!" | "?" | "\u{2026}")
            || (tokens[i].kind == TokKind::Word && t.ends_with('.') && t.len() > 2);
        if terminal {
            // Swallow closing quotes/brackets and repeated marks.
            let mut j = i + 1;
            while j < tokens.len()
                && tokens[j].breaks == 0
                && !tokens[j].space_before
                && (is_closer(s(j)) || matches!(s(j), "." | "!" | "?"))
            {
                j += 1;
            }
            if j >= tokens.len() {
                break;
            }
            let next = s(j);
            let next_ok = starts_upper_or_digit(next) || is_opener(next);
            let mut split_here = next_ok && tokens[j].breaks == 0;
            if split_here && t == "." && i > start {
                let prev = s(i - 1);
                let prev_tok = tokens[i - 1];
                let adjacent = prev_tok.end == tokens[i].start;
                if adjacent && prev_tok.kind == TokKind::Word {
                    let single_initial = prev.chars().count() == 1
                        && prev.chars().next().is_some_and(char::is_uppercase);
                    if single_initial || ABBREVIATIONS.contains(&prev) {
                        split_here = false;
                    }
                }
            }
            if split_here && tokens[i].kind == TokKind::Word {
                // "U.S. President": only split before a clear sentence starter.
                split_here = starters(next) || is_opener(next);
            }
            if split_here {
                out.push(start..j);
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    cap_length(out, text, tokens)
}

/// No sentence is longer than this many tokens. Real news sentences stay far
/// below it (the dev sets peak under 150); text without sentence punctuation
/// (a scraped table, one endless line) is cut into pieces so that the
/// per-sentence work of the later stages, and the evidence quoted for each
/// relation, stay bounded and extraction stays linear in the text's length.
pub const MAX_SENTENCE_TOKENS: usize = 256;

/// Cuts sentences longer than [`MAX_SENTENCE_TOKENS`], preferring a cut
/// after a `,` `;` or `:` in the last quarter of each piece.
fn cap_length(sents: Vec<Range<usize>>, text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    if sents.iter().all(|r| r.len() <= MAX_SENTENCE_TOKENS) {
        return sents;
    }
    let mut out = Vec::with_capacity(sents.len());
    for r in sents {
        let mut start = r.start;
        while r.end - start > MAX_SENTENCE_TOKENS {
            let hard = start + MAX_SENTENCE_TOKENS;
            let soft = (hard - MAX_SENTENCE_TOKENS / 4..hard)
                .rev()
                .find(|&i| matches!(&text[tokens[i].start..tokens[i].end], "," | ";" | ":"))
                .map_or(hard, |i| i + 1);
            out.push(start..soft);
            start = soft;
        }
        out.push(start..r.end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn sentences(text: &str) -> Vec<String> {
        let toks = tokenize(text);
        let starters = |w: &str| matches!(w, "The" | "He" | "She" | "It" | "They" | "In");
        split(text, &toks, &starters)
            .into_iter()
            .map(|r| text[toks[r.start].start..toks[r.end - 1].end].to_string())
            .collect()
    }

    #[test]
    fn splitter_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "US President Donald Trump spoke. He left.",
                &["US President Donald Trump spoke.", "He left."],
            ),
            (
                "Talks were held in the U.S. The envoy left.",
                &["Talks were held in the U.S.", "The envoy left."],
            ),
            (
                "The U.S. President met Mr. Witkoff today.",
                &["The U.S. President met Mr. Witkoff today."],
            ),
            (
                "J. D. Vance arrived. Gen. Smith spoke.",
                &["J. D. Vance arrived.", "Gen. Smith spoke."],
            ),
            (
                "He said, “We agree.” Then he left.",
                &["He said, “We agree.”", "Then he left."],
            ),
            (
                "Omani Mediation Praised\nBadr Albusaidi spoke.",
                &["Omani Mediation Praised", "Badr Albusaidi spoke."],
            ),
            ("Why now? Nobody knows!", &["Why now?", "Nobody knows!"]),
            (
                "a line that was\nwrapped by an editor.",
                &["a line that was\nwrapped by an editor."],
            ),
            (
                "It cost 5.5 billion. Markets fell.",
                &["It cost 5.5 billion.", "Markets fell."],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(&sentences(text), want, "{text:?}");
        }
    }
}
