//! The compiled path grammar of the frames table: dependency relations,
//! path steps, alternatives and `require` items.
//!
//! Everything here is parsed once, when the table is loaded. The matcher
//! then compares small `Copy` values (an enum pair per relation, a
//! [`LemmaId`] per word) and never a string.
//!
//! ```text
//! PATHS = PATH('|'PATH)*      alternatives, tried in order
//! PATH  = REL('>'REL)*        steps from the trigger down the tree
//! REL   = nsubj | obj | nmod:poss | ...   a basic UD relation, exact subtype
//!       | obl:P | nmod:P | advcl:P | acl:P   case (mark) child with lemma P
//!       | agent (= obl:agent) | prt (= compound:prt) | mod (amod or compound)
//! ITEM  = [!]PATHS[=LEMMA('|'LEMMA)*]
//! ```

use super::LemmaId;

/// The universal part of a UD dependency relation (before any `:`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Univ {
    Acl,
    Advcl,
    Advmod,
    Amod,
    Appos,
    Aux,
    Case,
    Cc,
    Ccomp,
    Clf,
    Compound,
    Conj,
    Cop,
    Csubj,
    Dep,
    Det,
    Discourse,
    Dislocated,
    Expl,
    Fixed,
    Flat,
    Goeswith,
    Iobj,
    List,
    Mark,
    Nmod,
    Nsubj,
    Nummod,
    Obj,
    Obl,
    Orphan,
    Parataxis,
    Punct,
    Reparandum,
    Root,
    Vocative,
    Xcomp,
    /// Anything else a parser may emit.
    Other,
}

impl Univ {
    /// Parses a universal relation name; `None` when unknown.
    pub fn parse(s: &str) -> Option<Univ> {
        use Univ::*;
        Some(match s {
            "acl" => Acl,
            "advcl" => Advcl,
            "advmod" => Advmod,
            "amod" => Amod,
            "appos" => Appos,
            "aux" => Aux,
            "case" => Case,
            "cc" => Cc,
            "ccomp" => Ccomp,
            "clf" => Clf,
            "compound" => Compound,
            "conj" => Conj,
            "cop" => Cop,
            "csubj" => Csubj,
            "dep" => Dep,
            "det" => Det,
            "discourse" => Discourse,
            "dislocated" => Dislocated,
            "expl" => Expl,
            "fixed" => Fixed,
            "flat" => Flat,
            "goeswith" => Goeswith,
            "iobj" => Iobj,
            "list" => List,
            "mark" => Mark,
            "nmod" => Nmod,
            "nsubj" => Nsubj,
            "nummod" => Nummod,
            "obj" => Obj,
            "obl" => Obl,
            "orphan" => Orphan,
            "parataxis" => Parataxis,
            "punct" => Punct,
            "reparandum" => Reparandum,
            "root" => Root,
            "vocative" => Vocative,
            "xcomp" => Xcomp,
            _ => return None,
        })
    }
}

/// The subtype of a relation, as UD English EWT uses them. A subtype that is
/// not one of these (an enhanced-style `obl:on` from some parser) reads as
/// [`Sub::Other`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[allow(missing_docs)]
pub enum Sub {
    None,
    Pass,
    Poss,
    Tmod,
    Npmod,
    Relcl,
    Agent,
    Prt,
    Unmarked,
    Outer,
    Preconj,
    Predet,
    Foreign,
    Other,
}

impl Sub {
    /// Parses a known subtype name; `None` when it is not a UD subtype
    /// (then, after `obl`/`nmod`/`advcl`/`acl`, it names a preposition).
    pub fn parse(s: &str) -> Option<Sub> {
        Some(match s {
            "pass" => Sub::Pass,
            "poss" => Sub::Poss,
            "tmod" => Sub::Tmod,
            "npmod" => Sub::Npmod,
            "relcl" => Sub::Relcl,
            "agent" => Sub::Agent,
            "prt" => Sub::Prt,
            "unmarked" => Sub::Unmarked,
            "outer" => Sub::Outer,
            "preconj" => Sub::Preconj,
            "predet" => Sub::Predet,
            "foreign" => Sub::Foreign,
            _ => return None,
        })
    }
}

/// A dependency relation: universal part and subtype.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Dep {
    /// The universal relation.
    pub univ: Univ,
    /// The subtype, [`Sub::None`] when there is none.
    pub sub: Sub,
}

impl Dep {
    /// A relation without subtype.
    pub const fn plain(univ: Univ) -> Dep {
        Dep {
            univ,
            sub: Sub::None,
        }
    }

    /// Reads a parser's deprel (`nsubj:pass`, `obl`, `acl:relcl`). Never
    /// fails: unknown names read as [`Univ::Other`] / [`Sub::Other`].
    pub fn read(deprel: &str) -> Dep {
        let (u, s) = match deprel.split_once(':') {
            Some((u, s)) => (u, Some(s)),
            None => (deprel, None),
        };
        Dep {
            univ: Univ::parse(u).unwrap_or(Univ::Other),
            sub: match s {
                None => Sub::None,
                Some(s) => Sub::parse(s).unwrap_or(Sub::Other),
            },
        }
    }
}

/// An index into the table's list of (possibly multiword) prepositions and
/// clause markers (`on`, `according_to`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PrepId(pub u32);

/// One step of a path, from a node to its dependents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// A dependent with exactly this relation. Without a subtype it also
    /// accepts a parser's unknown subtype ([`Sub::Other`]).
    Rel(Dep),
    /// `obl:P`, `nmod:P`, `advcl:P`, `acl:P`: that relation (any subtype but
    /// `poss`, `tmod`, `npmod`, `relcl`) with a `case` child (a `mark` child
    /// for clauses) whose lemma, with its `fixed` children, is the
    /// preposition.
    Case(Univ, PrepId),
    /// The by-phrase of a passive: `obl:agent`, or an `obl` with case "by".
    Agent,
    /// `amod` or `compound` (a noun's modifier).
    Mod,
}

/// A path: steps from the trigger down the tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Path(pub Box<[Step]>);

/// An interned [`Path`]: rows share their paths (the whole table has about
/// 120 distinct ones), so a matcher can remember what a path reached from
/// a trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PathId(pub u32);

/// Alternative paths, tried in order. Empty for `-`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paths(pub Box<[PathId]>);

impl Paths {
    /// True for `-` (no path).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// One `require` item: a dependent on one of the paths exists (with one of
/// the lemmas), or with `negated`, no such dependent exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Require {
    /// `!`: the condition is that no such dependent exists.
    pub negated: bool,
    /// Where to look.
    pub paths: Paths,
    /// Accepted lemmas, sorted; empty = any word.
    pub lemmas: Box<[LemmaId]>,
}

/// Interns words while a table is parsed.
pub(crate) trait Interner {
    /// The id of a lowercase word, added when new.
    fn intern(&mut self, word: &str) -> LemmaId;
    /// The id of a (multiword) preposition, added when new.
    fn intern_prep(&mut self, words: &[LemmaId]) -> PrepId;
    /// The id of a path, added when new.
    fn intern_path(&mut self, path: Path) -> PathId;
}

fn parse_rel(s: &str, int: &mut impl Interner) -> Result<Step, String> {
    match s {
        "agent" | "obl:agent" => return Ok(Step::Agent),
        "prt" => {
            return Ok(Step::Rel(Dep {
                univ: Univ::Compound,
                sub: Sub::Prt,
            }));
        }
        "mod" => return Ok(Step::Mod),
        _ => {}
    }
    let (u, sub) = match s.split_once(':') {
        Some((u, sub)) => (u, Some(sub)),
        None => (s, None),
    };
    let Some(univ) = Univ::parse(u) else {
        return Err(format!("unknown dependency relation {u:?} in {s:?}"));
    };
    let Some(sub) = sub else {
        return Ok(Step::Rel(Dep::plain(univ)));
    };
    if let Some(known) = Sub::parse(sub) {
        return Ok(Step::Rel(Dep { univ, sub: known }));
    }
    if !matches!(univ, Univ::Obl | Univ::Nmod | Univ::Advcl | Univ::Acl) {
        return Err(format!(
            "unknown subtype {sub:?} in {s:?} (a preposition is allowed only after obl, nmod, advcl, acl)"
        ));
    }
    let mut words = Vec::new();
    for w in sub.split('_') {
        if w.is_empty() || w.chars().any(|c| c.is_uppercase() || c.is_whitespace()) {
            return Err(format!("bad preposition {sub:?} in {s:?}"));
        }
        words.push(int.intern(w));
    }
    Ok(Step::Case(univ, int.intern_prep(&words)))
}

/// Parses `PATHS` (`-` gives no path).
pub(crate) fn parse_paths(s: &str, int: &mut impl Interner) -> Result<Paths, String> {
    if s == "-" {
        return Ok(Paths::default());
    }
    let mut out = Vec::new();
    for alt in s.split('|') {
        let mut steps = Vec::new();
        for rel in alt.split('>') {
            if rel.is_empty() {
                return Err(format!("empty step in path {alt:?}"));
            }
            steps.push(parse_rel(rel, int)?);
        }
        out.push(int.intern_path(Path(steps.into())));
    }
    Ok(Paths(out.into()))
}

/// Parses the `require` column: comma-separated items, `-` for none.
pub(crate) fn parse_require(s: &str, int: &mut impl Interner) -> Result<Vec<Require>, String> {
    if s == "-" {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for item in s.split(',') {
        let (negated, rest) = match item.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, item),
        };
        let (paths, lemmas) = match rest.split_once('=') {
            Some((p, l)) => (p, Some(l)),
            None => (rest, None),
        };
        if paths.is_empty() || paths == "-" {
            return Err(format!("require item {item:?} has no path"));
        }
        let paths = parse_paths(paths, int)?;
        let mut ids = Vec::new();
        if let Some(l) = lemmas {
            for w in l.split('|') {
                if w.is_empty() || w.chars().any(char::is_whitespace) {
                    return Err(format!("bad lemma {w:?} in require item {item:?}"));
                }
                ids.push(int.intern(&w.to_lowercase()));
            }
        }
        ids.sort_unstable();
        ids.dedup();
        out.push(Require {
            negated,
            paths,
            lemmas: ids.into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[derive(Default)]
    struct Int(HashMap<String, u32>, Vec<Vec<LemmaId>>, Vec<Path>);
    impl Interner for Int {
        fn intern(&mut self, w: &str) -> LemmaId {
            let n = self.0.len() as u32;
            LemmaId(*self.0.entry(w.to_string()).or_insert(n))
        }
        fn intern_prep(&mut self, words: &[LemmaId]) -> PrepId {
            self.1.push(words.to_vec());
            PrepId(self.1.len() as u32 - 1)
        }
        fn intern_path(&mut self, path: Path) -> PathId {
            self.2.push(path);
            PathId(self.2.len() as u32 - 1)
        }
    }

    fn step(i: &Int, p: &Paths, alt: usize, n: usize) -> Step {
        i.2[p.0[alt].0 as usize].0[n]
    }

    #[test]
    fn frames_grammar_reads_relations_and_prepositions() {
        let mut i = Int::default();
        let p = parse_paths(
            "nsubj|obj>nmod:between|prt|mod|agent|obl:on_behalf_of",
            &mut i,
        )
        .unwrap();
        assert_eq!(p.0.len(), 6);
        assert_eq!(step(&i, &p, 0, 0), Step::Rel(Dep::plain(Univ::Nsubj)));
        assert!(matches!(step(&i, &p, 1, 1), Step::Case(Univ::Nmod, _)));
        assert_eq!(
            step(&i, &p, 2, 0),
            Step::Rel(Dep {
                univ: Univ::Compound,
                sub: Sub::Prt
            })
        );
        assert_eq!(step(&i, &p, 3, 0), Step::Mod);
        assert_eq!(step(&i, &p, 4, 0), Step::Agent);
        assert_eq!(i.1.last().map(Vec::len), Some(3));
        let p = parse_paths("nmod:poss", &mut i).unwrap();
        assert_eq!(
            step(&i, &p, 0, 0),
            Step::Rel(Dep {
                univ: Univ::Nmod,
                sub: Sub::Poss
            })
        );
        assert!(parse_paths("-", &mut i).unwrap().is_empty());
    }

    #[test]
    fn frames_grammar_rejects_bad_paths() {
        let mut i = Int::default();
        assert!(parse_paths("subj", &mut i).is_err());
        assert!(parse_paths("obj>", &mut i).is_err());
        assert!(parse_paths("nsubj:foo", &mut i).is_err());
        assert!(parse_require("=x", &mut i).is_err());
        let r = parse_require("!obj,obl:on|obl:upon,xcomp=Liar|lie", &mut i).unwrap();
        assert_eq!(r.len(), 3);
        assert!(r[0].negated && r[0].lemmas.is_empty());
        assert_eq!(r[1].paths.0.len(), 2);
        assert_eq!(r[2].lemmas.len(), 2);
    }

    #[test]
    fn frames_grammar_reads_parser_deprels() {
        assert_eq!(
            Dep::read("nsubj:pass"),
            Dep {
                univ: Univ::Nsubj,
                sub: Sub::Pass
            }
        );
        assert_eq!(Dep::read("obl:on").sub, Sub::Other);
        assert_eq!(Dep::read("weird").univ, Univ::Other);
    }
}
