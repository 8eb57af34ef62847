//! Wire datelines: the place and agency a story opens with.
//!
//! Agencies and papers open a story with where it was filed, often the date
//! and the agency, then a dash:
//!
//! | form | example (our own) |
//! |---|---|
//! | place, date (agency) dash | `OSLO, May 9 (Reuters) - Norway said …` |
//! | place (agency) dash | `NAIROBI (AP) — Kenyan police …` |
//! | place, region dash | `LVIV, Ukraine — Air raid sirens …` |
//! | place dash | `CARACAS — The opposition …` |
//! | (agency) dash | `(AFP) - Talks resumed …` |
//!
//! The place is where the reporter was, not a party to the story, and the
//! agency is the story's source, not an actor. Mentions inside the dateline
//! are kept as mentions but never fill a relation and never serve as the
//! antecedent of a pronoun.
//!
//! A dateline starts a line within the first few lines of the document and
//! ends in a dash followed by prose (a line whose rest has a lowercase
//! word). A title-case place alone before a dash ("Hamas - the group …") is
//! too weak: it needs a region, a date or an agency as well; an all-caps
//! place does not.

use crate::tokens::{TokKind, Token};
use std::ops::Range;

/// Lines of the document, from its start, where a dateline may be.
const FIRST_LINES: usize = 3;
/// The most words in one place name ("DAR ES SALAAM", "SAN JOSE DEL …").
const PLACE_WORDS: usize = 4;
/// The most words in an agency name ("Agence France-Presse").
const AGENCY_WORDS: usize = 5;

/// A wire dateline, in token ranges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The whole dateline, dash included.
    pub tok: Range<usize>,
    /// The place group and any region after it ("LVIV, Ukraine").
    pub place: Option<Range<usize>>,
    /// The agency between the parentheses.
    pub agency: Option<Range<usize>>,
}

impl Dateline {
    /// True if token `t` lies in the dateline.
    pub fn holds(&self, t: usize) -> bool {
        self.tok.contains(&t)
    }
}

struct Scan<'a> {
    text: &'a str,
    toks: &'a [Token],
}

impl Scan<'_> {
    fn s(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.text[t.start..t.end])
    }

    fn word(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.kind == TokKind::Word)
    }

    /// A word with no lowercase letter and at least two letters.
    fn all_caps(&self, i: usize) -> bool {
        let w = self.s(i);
        self.word(i)
            && w.chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !w.chars().any(char::is_lowercase)
    }

    fn capitalised(&self, i: usize) -> bool {
        self.word(i) && self.s(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// True if token `i` starts a new line (or the text).
    fn line_start(&self, i: usize) -> bool {
        i == 0 || self.toks[i].breaks > 0
    }

    fn dash(&self, i: usize) -> Option<usize> {
        match self.s(i) {
            "\u{2014}" | "\u{2013}" => Some(i + 1),
            "-" if self.s(i + 1) == "-" => Some(i + 2),
            "-" => Some(i + 1),
            _ => None,
        }
    }

    /// A place group from `i`: capitalised words, with attached periods and
    /// hyphens ("ST. PAUL", "PORT-AU-PRINCE"). Returns its end and whether
    /// every word is in capitals.
    fn place(&self, i: usize) -> Option<(usize, bool)> {
        if !self.capitalised(i) || crate::date::month(self.s(i)).is_some() {
            return None;
        }
        let mut k = i;
        let mut words = 0;
        let mut caps = true;
        while k < self.toks.len() && words < PLACE_WORDS {
            if self.capitalised(k)
                || (self.word(k) && k > i && self.s(k - 1) == "-" && !self.toks[k].space_before)
            {
                caps &= self.all_caps(k) || self.s(k).chars().count() == 1;
                words += 1;
                k += 1;
            } else if matches!(self.s(k), "." | "-") && k > i && !self.toks[k].space_before {
                k += 1;
            } else {
                break;
            }
            if self.toks.get(k).is_some_and(|t| t.breaks > 0) {
                break;
            }
        }
        (words > 0 && self.s(k - 1) != "-").then_some((k, caps))
    }

    /// A date from `i`: "May 9", "9 May", "May 9, 2026", "Monday", "Jan. 5".
    fn date(&self, i: usize) -> Option<usize> {
        let num = |k: usize| self.toks.get(k).is_some_and(|t| t.kind == TokKind::Number);
        let mut k = i;
        if crate::date::weekday(self.s(k)) {
            return Some(k + 1);
        }
        if crate::date::month(self.s(k)).is_some() {
            k += 1;
            if self.s(k) == "." {
                k += 1;
            }
            if !num(k) {
                return None;
            }
            k += 1;
        } else if num(k) && crate::date::month(self.s(k + 1)).is_some() {
            k += 2;
        } else {
            return None;
        }
        if self.s(k) == "," && num(k + 1) && self.s(k + 1).len() == 4 {
            k += 2;
        }
        Some(k)
    }

    /// "(Reuters)", "(AP)", "(Agence France-Presse)": the end after ")"
    /// and the range inside.
    fn agency(&self, i: usize) -> Option<(usize, Range<usize>)> {
        if self.s(i) != "(" {
            return None;
        }
        let mut k = i + 1;
        let mut words = 0;
        while k < self.toks.len() && self.s(k) != ")" {
            let ok = self.word(k) || matches!(self.s(k), "-" | "/" | "." | "&");
            if !ok || self.toks[k].breaks > 0 || words > AGENCY_WORDS {
                return None;
            }
            words += usize::from(self.word(k));
            k += 1;
        }
        (words > 0 && self.s(k) == ")" && self.capitalised(i + 1)).then_some((k + 1, i + 1..k))
    }

    /// True if the line from `i` reads as prose: some lowercase word before
    /// the next line break.
    fn prose_follows(&self, i: usize) -> bool {
        (i..self.toks.len())
            .take_while(|&k| k == i || self.toks[k].breaks == 0)
            .any(|k| self.word(k) && self.s(k).chars().next().is_some_and(char::is_lowercase))
    }

    fn at(&self, i: usize) -> Option<Dateline> {
        let mut k = i;
        let mut place = None;
        let mut caps = false;
        let mut strong = false;
        if let Some((e, c)) = self.place(i) {
            place = Some(i..e);
            caps = c;
            k = e;
            // ", Ukraine", ", Calif.": up to two region groups.
            for _ in 0..2 {
                if self.s(k) == ","
                    && let Some((e2, _)) = self.place(k + 1)
                {
                    place = Some(i..e2);
                    strong = true;
                    k = e2;
                } else {
                    break;
                }
            }
            if self.s(k) == ","
                && let Some(e3) = self.date(k + 1)
            {
                strong = true;
                k = e3;
            } else if let Some(e3) = self.date(k) {
                // "OSLO May 9 (Reuters) -"
                if self.s(e3) == "(" {
                    strong = true;
                    k = e3;
                }
            }
        }
        let mut agency = None;
        if let Some((e, r)) = self.agency(k) {
            agency = Some(r);
            strong = true;
            k = e;
        }
        if place.is_none() && agency.is_none() {
            return None;
        }
        if !(caps || strong) {
            return None;
        }
        let end = self.dash(k)?;
        (end < self.toks.len() && self.toks[end].breaks == 0 && self.prose_follows(end)).then_some(
            Dateline {
                tok: i..end,
                place,
                agency,
            },
        )
    }
}

/// The dateline of a document, if one of its first lines opens with one.
pub fn find(text: &str, toks: &[Token]) -> Option<Dateline> {
    let scan = Scan { text, toks };
    (0..toks.len())
        .filter(|&i| scan.line_start(i))
        .take(FIRST_LINES)
        .find_map(|i| scan.at(i))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokens::tokenize;

    fn parts(text: &str) -> Option<(String, Option<String>, Option<String>)> {
        let toks = tokenize(text);
        let d = find(text, &toks)?;
        let s = |r: &Range<usize>| text[toks[r.start].start..toks[r.end - 1].end].to_string();
        Some((s(&d.tok), d.place.as_ref().map(s), d.agency.as_ref().map(s)))
    }

    #[test]
    fn wire_forms() {
        let cases = [
            (
                "OSLO, May 9 (Reuters) - Norway said it would host the talks.",
                Some(("OSLO, May 9 (Reuters) -", Some("OSLO"), Some("Reuters"))),
            ),
            (
                "NAIROBI (AP) \u{2014} Kenyan police fired tear gas on Monday.",
                Some(("NAIROBI (AP) \u{2014}", Some("NAIROBI"), Some("AP"))),
            ),
            (
                "LVIV, Ukraine \u{2014} Air raid sirens sounded across the west.",
                Some(("LVIV, Ukraine \u{2014}", Some("LVIV, Ukraine"), None)),
            ),
            (
                "CARACAS -- The opposition called a general strike.",
                Some(("CARACAS --", Some("CARACAS"), None)),
            ),
            (
                "Lima, Jan. 4, 2026 (Andina) - Peru recalled its ambassador.",
                Some((
                    "Lima, Jan. 4, 2026 (Andina) -",
                    Some("Lima"),
                    Some("Andina"),
                )),
            ),
            (
                "(AFP) - Talks between the two sides resumed in Geneva.",
                Some(("(AFP) -", None, Some("AFP"))),
            ),
            (
                "Talks stall\nPORT-AU-PRINCE, Haiti (AP) - Gangs blocked the road.",
                Some((
                    "PORT-AU-PRINCE, Haiti (AP) -",
                    Some("PORT-AU-PRINCE, Haiti"),
                    Some("AP"),
                )),
            ),
        ];
        for (text, want) in cases {
            let got = parts(text);
            let want =
                want.map(|(a, b, c)| (a.to_string(), b.map(str::to_string), c.map(str::to_string)));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn prose_and_headlines_are_not_datelines() {
        for text in [
            "Hamas - the group that runs Gaza - said the talks had failed.",
            "UKRAINE - RUSSIA TALKS\nThe two sides met on Monday.",
            "The minister said - and repeated - that Oslo would host the talks.",
            "Norway said on Monday it would host the talks.",
            "LONDON 2026-05-09\nShares fell sharply in early trade.",
        ] {
            assert_eq!(parts(text), None, "{text}");
        }
    }

    #[test]
    fn only_the_first_lines_are_searched() {
        let text = "A quiet day.\nNothing moved.\nStill nothing.\nBERN - The talks resumed.";
        assert_eq!(parts(text), None);
    }
}
