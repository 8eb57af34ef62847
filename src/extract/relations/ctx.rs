//! The sentence context the relation finders share: the document, its
//! mentions and the parenthetical tokens, with the search for a trigger's
//! subject (left) and object (right) and for compounds ("A, B and C").

use super::super::Doc;
use super::super::mentions::{Found, Mention};
use crate::ontology::EntityType;
use crate::tokens::TokKind;
use std::ops::Range;

/// Forms of "be" (and "get") that make a following participle passive.
pub(super) const BE: &[&str] = &[
    "was", "were", "been", "being", "is", "are", "be", "got", "get",
];

/// Whether a mention can act or be acted upon.
pub(super) fn is_actor(m: &Mention) -> bool {
    !matches!(m.kind, EntityType::Location)
}

/// At most this many actors in one "A, B and C" compound, so that a list of
/// thousands of names does not give millions of pairwise relations.
const MAX_COMPOUND: usize = 12;

/// A document's mentions with the tokens inside parentheticals marked.
pub(super) struct Ctx<'a, 'b> {
    /// The document.
    pub(super) d: &'a Doc<'b>,
    /// Its mentions.
    pub(super) f: &'a Found,
    /// Token index -> inside a parenthetical.
    pub(super) paren: Vec<bool>,
}

impl Ctx<'_, '_> {
    pub(super) fn mention_at(&self, k: usize) -> Option<usize> {
        self.f.at_token.get(k).copied().flatten()
    }

    /// Mentions joined to `m` by "and" / "," / "or" on the left, in order.
    pub(super) fn compound_left(&self, m: usize, lo: usize) -> Vec<usize> {
        let mut out = vec![m];
        let mut k = self.f.mentions[m].tok.start;
        while k >= lo + 2 && out.len() < MAX_COMPOUND {
            // "Iran and the United States"
            if self.d.low(k - 1) == "the" && k >= lo + 3 {
                k -= 1;
            }
            let sep = self.d.low(k - 1);
            // "Iran–US talks": a dash between two names, no spaces.
            let dash = matches!(sep, "-" | "\u{2013}" | "\u{2014}" | "/")
                && !self.d.toks[k - 1].space_before
                && !self.d.toks[k].space_before;
            if !matches!(sep, "and" | "," | "or" | "&") && !dash {
                break;
            }
            // allow ", and"
            let mut j = k - 2;
            if sep == "and" && self.d.low(j) == "," && j > lo {
                j -= 1;
            }
            match self.mention_at(j) {
                Some(p) if is_actor(&self.f.mentions[p]) && !out.contains(&p) => {
                    out.insert(0, p);
                    k = self.f.mentions[p].tok.start;
                }
                _ => break,
            }
        }
        out
    }

    /// Mentions joined to `m` by "and" / "," on the right.
    pub(super) fn compound_right(&self, m: usize, hi: usize) -> Vec<usize> {
        let mut out = vec![m];
        let mut k = self.f.mentions[m].tok.end;
        while k + 1 < hi && out.len() < MAX_COMPOUND {
            let sep = self.d.low(k);
            if !matches!(sep, "and" | "," | "or" | "&") {
                break;
            }
            let mut j = k + 1;
            if sep == "," && self.d.low(j) == "and" && j + 1 < hi {
                j += 1;
            }
            // skip a determiner after "and" (", the US envoy" is an apposition)
            if sep != "," && matches!(self.d.low(j), "the" | "its" | "their") && j + 1 < hi {
                j += 1;
            }
            match self.mention_at(j) {
                Some(p) if is_actor(&self.f.mentions[p]) && !out.contains(&p) => {
                    out.push(p);
                    k = self.f.mentions[p].tok.end;
                }
                _ => break,
            }
        }
        out
    }

    /// The nearest actor left of token `k` in the sentence, skipping
    /// parentheticals and stopping at clause breaks.
    pub(super) fn subject_left(&self, k: usize, lo: usize) -> Option<usize> {
        let mut j = k;
        let mut steps = 0;
        while j > lo {
            j -= 1;
            steps += 1;
            if steps > 25 {
                return None;
            }
            if self.paren[j] {
                continue;
            }
            let w = self.d.low(j);
            if matches!(w, ";" | ":") {
                return None;
            }
            if let Some(m) = self.mention_at(j) {
                let mm = &self.f.mentions[m];
                // Skip places governed by a locative preposition.
                let mut b0 = mm.tok.start;
                if b0 > lo && self.d.low(b0 - 1) == "the" {
                    b0 -= 1;
                }
                // A compound governed as a whole: "citizens from Ruritania
                // and Freedonia" (joined by "and"/"or", not an apposition).
                let joined = b0 > lo && matches!(self.d.low(b0 - 1), "and" | "or");
                let head = if joined {
                    self.compound_left(m, lo)[0]
                } else {
                    m
                };
                let mut h0 = self.f.mentions[head].tok.start;
                if h0 > lo && self.d.low(h0 - 1) == "the" {
                    h0 -= 1;
                }
                let before = b0.checked_sub(1).map(|b| self.d.low(b)).unwrap_or("");
                let before_head = h0.checked_sub(1).map(|b| self.d.low(b)).unwrap_or("");
                let locative = |w: &str| {
                    matches!(
                        w,
                        "in" | "at" | "near" | "from" | "into" | "across" | "of" | "on"
                    )
                };
                let gov_loc = locative(before) || locative(before_head);
                // The agent of an earlier passive is not the subject of what
                // follows ("seized by the militia, and accused of …").
                if is_actor(mm) && !gov_loc && !is_agent(self, m, lo) {
                    return Some(m);
                }
                j = self.f.mentions[head].tok.start.min(mm.tok.start);
            }
        }
        None
    }

    /// The first actor right of token `k` that is direct or governed by an
    /// allowed preposition.
    pub(super) fn object_right(
        &self,
        k: usize,
        hi: usize,
        allowed: &[&str],
        direct: bool,
        places: bool,
    ) -> Option<usize> {
        let mut governor: Option<&str> = None;
        // A direct object comes before any preposition or comma.
        let mut direct = direct;
        let mut j = k;
        let mut steps = 0;
        while j < hi {
            steps += 1;
            if steps > 14 {
                return None;
            }
            let w = self.d.low(j);
            if w == "," || is_prep(w) {
                direct = false;
            }
            if let Some(m) = self.mention_at(j) {
                let mm = &self.f.mentions[m];
                let ok_kind = is_actor(mm) || places;
                let ok_gov = match governor {
                    None => direct,
                    Some(g) => allowed.contains(&g),
                };
                if ok_kind && ok_gov {
                    return Some(m);
                }
                if governor.is_some() && !ok_gov {
                    governor = None;
                    j = mm.tok.end;
                    continue;
                }
                j = mm.tok.end;
                continue;
            }
            if matches!(w, ";" | ":" | "." | "?" | "!") {
                return None;
            }
            if w == "," && governor.is_none() && steps > 1 {
                return None;
            }
            if matches!(
                w,
                "and"
                    | "but"
                    | "while"
                    | "after"
                    | "before"
                    | "as"
                    | "because"
                    | "who"
                    | "which"
                    | "that"
                    | "amid"
                    | "despite"
                    | "when"
                    | "since"
            ) && steps > 1
            {
                return None;
            }
            let keep = w == "of" && governor.is_some_and(|g| allowed.contains(&g));
            if is_prep(w) && !keep {
                governor = Some(self.d.lower[j].as_str());
            }
            j += 1;
        }
        None
    }
}

/// Whether `w` is a preposition that can govern an object.
pub(super) fn is_prep(w: &str) -> bool {
    matches!(
        w,
        "with"
            | "against"
            | "on"
            | "upon"
            | "at"
            | "to"
            | "toward"
            | "towards"
            | "into"
            | "over"
            | "between"
            | "among"
            | "from"
            | "of"
            | "in"
            | "by"
            | "for"
            | "through"
            | "near"
            | "along"
            | "off"
            | "inside"
            | "across"
            | "during"
            | "under"
            | "about"
            | "onto"
    )
}

/// Marks tokens inside parentheticals: "( … )" and ", who/which/the … ,".
pub(super) fn parentheticals(d: &Doc, r: &Range<usize>, f: &Found) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut k = r.start;
    while k < r.end {
        let w = d.tok(k);
        if w == "("
            && let Some(e) = (k + 1..r.end).find(|&j| d.tok(j) == ")")
        {
            spans.push((k, e + 1));
            k = e + 1;
            continue;
        }
        // The comma after an introductory phrase ("Meanwhile, the EU …")
        // opens the main clause, not a parenthetical.
        if w == ","
            && k + 1 < r.end
            && (k > r.start + 3 || (r.start..k).any(|q| f.at_token[q].is_some()))
        {
            let next = d.low(k + 1);
            let opener = matches!(
                next,
                "who"
                    | "whose"
                    | "which"
                    | "the"
                    | "a"
                    | "an"
                    | "including"
                    | "its"
                    | "his"
                    | "her"
                    | "their"
                    | "also"
                    | "then"
                    | "now"
                    | "himself"
                    | "herself"
            ) || f.at_token[k + 1].is_some()
                && k + 2 < r.end
                && d.toks[k + 2].kind == TokKind::Possessive;
            if opener
                && let Some(e) =
                    (k + 1..r.end).find(|&j| d.tok(j) == "," || matches!(d.tok(j), "." | ";"))
                && d.tok(e) == ","
            {
                spans.push((k, e + 1));
                k = e + 1;
                continue;
            }
        }
        k += 1;
    }
    spans
}

/// Whether mention `m` is the agent of a passive ("by X", "by his brother X").
pub(super) fn is_agent(cx: &Ctx, m: usize, lo: usize) -> bool {
    let d = cx.d;
    let mut q = cx.f.mentions[m].tok.start;
    let mut steps = 0;
    while q > lo && steps < 4 {
        q -= 1;
        steps += 1;
        let w = d.low(q);
        if w == "by" {
            return true;
        }
        // "by Ruritanian Special Forces": a name right before this one.
        if steps == 1
            && let Some(p) = cx.mention_at(q)
            && d.toks[q + 1].space_before
        {
            q = cx.f.mentions[p].tok.start;
            continue;
        }
        if !(d.tok(q).chars().next().is_some_and(char::is_lowercase)
            || cx.f.title_at[q].is_some()
            || w == "."
            || d.toks[q].kind == TokKind::Number)
            || cx.mention_at(q).is_some()
        {
            // "by the Ruritanian 5th Mountain Brigade"
            if steps <= 2
                && let Some(p) = cx.mention_at(q)
                && cx.f.mentions[p].demonym
            {
                q = cx.f.mentions[p].tok.start;
                continue;
            }
            return false;
        }
    }
    false
}

/// The mentions joined to `m` by "and" / "," on the left, skipping a
/// parenthetical after each ("A (Latin: …) and B (Latin: …)").
pub(super) fn compound_with_parens(cx: &Ctx, m: usize, lo: usize) -> Vec<usize> {
    let d = cx.d;
    let f = cx.f;
    let mut out = vec![m];
    let mut k = f.mentions[m].tok.start;
    while k >= lo + 2 && out.len() < MAX_COMPOUND {
        if !matches!(d.low(k - 1), "and" | ",") {
            break;
        }
        let mut j = k - 2;
        while j > lo && cx.paren[j] {
            j -= 1;
        }
        match cx.mention_at(j) {
            Some(p) if f.mentions[p].tok.end == j + 1 && !out.contains(&p) => {
                out.insert(0, p);
                k = f.mentions[p].tok.start;
            }
            _ => break,
        }
    }
    out
}
