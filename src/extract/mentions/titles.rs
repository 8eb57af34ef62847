//! Titles and honorifics ("Foreign Minister", "Gen."), which mark the
//! capitalized name after them as a person and give roles.

use super::{Claim, TitleSpan};
use crate::extract::Doc;
use crate::ontology::EntityType;
use crate::tokens::TokKind;

/// The titles of a document in text order, and token index -> title index;
/// claims their tokens.
pub(super) fn find(d: &Doc, claim: &mut [Claim]) -> (Vec<TitleSpan>, Vec<Option<usize>>) {
    let n = d.toks.len();
    let lex = d.lex;
    let mut titles: Vec<TitleSpan> = Vec::new();
    let mut i = 0;
    while i < n {
        if claim[i] != Claim::Free {
            i += 1;
            continue;
        }
        let mut matched = None;
        // "ex-president", "then-minister": one token, a past title (the
        // relation stage marks the role past).
        let first = past_prefix(d.low(i)).unwrap_or(d.low(i));
        if let Some(list) = lex.titles.get(first) {
            for t in list {
                let len = t.tokens.len();
                let word = |k: usize| if k == 0 { first } else { d.low(i + k) };
                if i + len <= n
                    && (0..len).all(|k| word(k) == t.tokens[k] && claim[i + k] == Claim::Free)
                {
                    matched = Some((len, t.relation.clone()));
                    break;
                }
            }
        }
        // "General Hospital", "General Assembly": a title word inside a name.
        if let Some((len, _)) = &matched
            && d.is_cap(i)
            && d.is_cap(i + len)
            && matches!(
                lex.cues.get(d.low(i + len)),
                Some(EntityType::Organization | EntityType::Location | EntityType::Group)
            )
        {
            matched = None;
        }
        if let Some((len, relation)) = matched {
            // A lowercase single-word title needs support: a name after it
            // or an owner before it ("general election" is no title).
            let cap = d.is_cap(i);
            let name_after = d.is_cap(i + len);
            let owner_before = i > 0
                && (d.toks[i - 1].kind == TokKind::Possessive
                    || matches!(claim[i - 1], Claim::Gaz(_)));
            if cap || name_after || owner_before || len > 1 {
                for c in claim.iter_mut().skip(i).take(len) {
                    *c = Claim::Title;
                }
                titles.push(TitleSpan {
                    tok: i..i + len,
                    relation,
                });
                i += len;
                continue;
            }
        }
        i += 1;
    }
    let mut title_at = vec![None; n];
    for (ti, t) in titles.iter().enumerate() {
        for k in t.tok.clone() {
            title_at[k] = Some(ti);
        }
    }
    (titles, title_at)
}

/// The title after a joined past prefix: "ex-president" → "president",
/// "then-minister" → "minister".
pub(crate) fn past_prefix(word: &str) -> Option<&str> {
    ["ex-", "then-", "ex\u{2011}"]
        .iter()
        .find_map(|p| word.strip_prefix(p))
        .filter(|rest| !rest.is_empty())
}
