//! The parsed sentence as the matcher sees it, and how a path step is read
//! from a trigger: voice, inherited subjects and objects, relative pronouns,
//! conjuncts, and the phrase span of an argument.
//!
//! The constructions are written once here for all frames:
//!
//! - passive: on a passive trigger the first step `nsubj` reads as the
//!   by-phrase and `obj` as the passive subject ("Chile was accused by Peru");
//! - a conjoined verb without a subject shares its first conjunct's subject,
//!   and its object when that object follows it ("Peru condemned and
//!   rejected the plan");
//! - an `xcomp` takes its controller's subject, or the object when the
//!   controlling verb has one ("Peru urged Chile to leave": Chile leaves);
//! - a relative pronoun stands for the noun its `acl:relcl` modifies; a
//!   reduced relative (`acl`) takes the modified noun as its subject ("a deal
//!   brokered by Chile": the deal, passive; "troops crossing the river":
//!   the troops, active);
//! - a noun that is the object of a light verb ("Peru held talks with Chile")
//!   reads `nmod:P` from the light verb's `obl:P` when it has none itself.

use super::DepToken;
use crate::lexicon::frames::grammar::{Dep, Path, PrepId, Step, Sub, Univ};
use crate::lexicon::frames::{FrameTable, LemmaId, WordKind};
use std::cell::OnceCell;
use std::ops::Range;

/// How many heads a walk up the tree may climb (guards bad input).
const MAX_DEPTH: usize = 12;

/// One move along a path, for the `explain` trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hop {
    /// To a dependent of the current node.
    Down(u32),
    /// To the head of the current node.
    Up(u32),
    /// A relative pronoun standing for this noun.
    Same(u32),
}

/// A node reached from a trigger, with the hops that reached it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reach {
    pub node: usize,
    pub hops: Vec<Hop>,
}

impl Reach {
    fn then(&self, hop: Hop, node: usize) -> Reach {
        let mut hops = Vec::with_capacity(self.hops.len() + 1);
        hops.extend_from_slice(&self.hops);
        hops.push(hop);
        Reach { node, hops }
    }

    /// The same node reached through `pre` first.
    pub fn prefixed(mut self, pre: &[Hop]) -> Reach {
        let mut hops = pre.to_vec();
        hops.append(&mut self.hops);
        self.hops = hops;
        self
    }
}

/// The UPOS classes the matcher tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Upos {
    Verb,
    Aux,
    Adj,
    /// NOUN, PROPN, PRON, NUM, X.
    Nominal,
    Det,
    Other,
}

impl Upos {
    fn read(s: &str) -> Upos {
        match s {
            "VERB" => Upos::Verb,
            "AUX" => Upos::Aux,
            "ADJ" => Upos::Adj,
            "NOUN" | "PROPN" | "PRON" | "NUM" | "X" => Upos::Nominal,
            "DET" => Upos::Det,
            _ => Upos::Other,
        }
    }
}

/// A dependency tree with compact relations, lemma ids and child lists.
pub(crate) struct Tree<'a> {
    pub toks: &'a [DepToken<'a>],
    pub table: &'a FrameTable,
    head: Vec<u32>,
    pub dep: Vec<Dep>,
    pub upos: Vec<Upos>,
    pub lemma: Vec<Option<LemmaId>>,
    /// The id of the lowercased form, looked up when first needed.
    form: Vec<OnceCell<Option<LemmaId>>>,
    kid_start: Vec<u32>,
    kids: Vec<u32>,
}

const NO_HEAD: u32 = u32::MAX;

impl<'a> Tree<'a> {
    /// Builds the tree. A head that is 0, out of range or the token itself
    /// makes the token a root.
    pub fn new(toks: &'a [DepToken<'a>], table: &'a FrameTable) -> Tree<'a> {
        let n = toks.len();
        let head: Vec<u32> = toks
            .iter()
            .enumerate()
            .map(|(i, t)| {
                if t.head == 0 || t.head > n || t.head == i + 1 {
                    NO_HEAD
                } else {
                    (t.head - 1) as u32
                }
            })
            .collect();
        let mut kid_start = vec![0u32; n + 1];
        for &h in &head {
            if h != NO_HEAD {
                kid_start[h as usize + 1] += 1;
            }
        }
        for i in 0..n {
            kid_start[i + 1] += kid_start[i];
        }
        let mut fill = kid_start.clone();
        let mut kids = vec![0u32; kid_start[n] as usize];
        for (i, &h) in head.iter().enumerate() {
            if h != NO_HEAD {
                kids[fill[h as usize] as usize] = i as u32;
                fill[h as usize] += 1;
            }
        }
        let upos: Vec<Upos> = toks.iter().map(|t| Upos::read(t.upos)).collect();
        // In UD an oblique attaches to a predicate and a nominal modifier
        // to a noun; an `obl` under a noun ("aid to X" parsed as obl) is
        // read as the `nmod` it is.
        let dep = toks
            .iter()
            .zip(&head)
            .map(|(t, &h)| {
                let d = Dep::read(t.deprel);
                if d.univ == Univ::Obl
                    && h != NO_HEAD
                    && upos[h as usize] == Upos::Nominal
                    && toks[h as usize].upos == "NOUN"
                {
                    Dep {
                        univ: Univ::Nmod,
                        sub: d.sub,
                    }
                } else {
                    d
                }
            })
            .collect();
        Tree {
            toks,
            table,
            dep,
            upos,
            lemma: toks.iter().map(|t| table.lookup(t.lemma)).collect(),
            form: vec![OnceCell::new(); n],
            head,
            kid_start,
            kids,
        }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.toks.len()
    }

    /// The head of a token, if it has one.
    pub fn head(&self, i: usize) -> Option<usize> {
        match self.head.get(i) {
            Some(&h) if h != NO_HEAD => Some(h as usize),
            _ => None,
        }
    }

    /// The dependents of a token, in sentence order.
    pub fn kids(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        let (a, b) = match (self.kid_start.get(i), self.kid_start.get(i + 1)) {
            (Some(&a), Some(&b)) => (a as usize, b as usize),
            _ => (0, 0),
        };
        self.kids[a..b].iter().map(|&k| k as usize)
    }

    /// True if the token's lemma is in the word class.
    pub fn is(&self, i: usize, kind: WordKind) -> bool {
        self.lemma[i].is_some_and(|l| self.table.is(l, kind))
    }

    /// True if the token's lemma, or its lowercased form, is one of
    /// `lemmas` (sorted).
    pub fn lemma_in(&self, i: usize, lemmas: &[LemmaId]) -> bool {
        let found = |l: Option<LemmaId>| l.is_some_and(|l| lemmas.binary_search(&l).is_ok());
        found(self.lemma[i]) || found(self.form_id(i))
    }

    /// The id of the token's lowercased form when it differs from the
    /// lemma ("talks" for "talk", "According" for "accord").
    fn form_id(&self, i: usize) -> Option<LemmaId> {
        *self.form[i].get_or_init(|| {
            let t = &self.toks[i];
            if t.form.eq_ignore_ascii_case(t.lemma) {
                None
            } else {
                self.table.lookup(t.form)
            }
        })
    }

    /// A noun-like token (a nominal trigger or argument).
    pub fn is_nominal(&self, i: usize) -> bool {
        self.upos[i] == Upos::Nominal
    }

    /// A verb-like clause head.
    pub fn is_verbal(&self, i: usize) -> bool {
        matches!(self.upos[i], Upos::Verb | Upos::Aux | Upos::Adj)
    }

    fn has_dep(&self, i: usize, univ: Univ) -> bool {
        self.kids(i).any(|k| self.dep[k].univ == univ)
    }

    /// True if the token has its own subject.
    pub fn has_subject(&self, i: usize) -> bool {
        self.kids(i)
            .any(|k| matches!(self.dep[k].univ, Univ::Nsubj | Univ::Csubj))
    }

    /// True if the token has an auxiliary.
    pub fn has_aux(&self, i: usize) -> bool {
        self.has_dep(i, Univ::Aux)
    }

    /// The lemma of a case (or mark) child followed by its fixed children
    /// equals the preposition.
    fn marked_by(&self, node: usize, markers: &[Univ], prep: &[LemmaId]) -> bool {
        let Some((&first, rest)) = prep.split_first() else {
            return false;
        };
        self.kids(node).any(|k| {
            markers.contains(&self.dep[k].univ)
                && self.word_is(k, first)
                && (rest.is_empty() || {
                    let mut fixed = self.kids(k).filter(|&f| self.dep[f].univ == Univ::Fixed);
                    rest.iter()
                        .all(|&l| fixed.next().is_some_and(|f| self.word_is(f, l)))
                        && fixed.next().is_none()
                })
        })
    }

    /// The token's lemma, or its lowercased form, is the word ("According"
    /// has the lemma "accord" in EWT).
    fn word_is(&self, i: usize, id: LemmaId) -> bool {
        self.lemma[i] == Some(id) || self.form_id(i) == Some(id)
    }

    /// True if `node` is an obl or nmod introduced by the preposition.
    pub fn has_prep(&self, node: usize, prep: PrepId) -> bool {
        self.marked_by(node, &[Univ::Case], self.table.prep(prep))
    }

    /// Does dependent `k` match the step?
    pub fn step_matches(&self, k: usize, step: Step) -> bool {
        let d = self.dep[k];
        let plain = matches!(d.sub, Sub::None | Sub::Other);
        match step {
            Step::Rel(want) if want.sub == Sub::None => d.univ == want.univ && plain,
            Step::Rel(want) => d == want,
            Step::Case(univ, prep) => {
                let markers: &[Univ] = match univ {
                    Univ::Advcl | Univ::Acl => &[Univ::Mark, Univ::Case],
                    _ => &[Univ::Case],
                };
                d.univ == univ
                    && !matches!(d.sub, Sub::Poss | Sub::Tmod | Sub::Npmod | Sub::Relcl)
                    && self.marked_by(k, markers, self.table.prep(prep))
            }
            Step::Agent => {
                d == (Dep {
                    univ: Univ::Obl,
                    sub: Sub::Agent,
                }) || (d.univ == Univ::Obl
                    && plain
                    && self.marked_by(k, &[Univ::Case], &[self.table.by()]))
            }
            Step::Mod => matches!(d.univ, Univ::Amod | Univ::Compound) && plain,
        }
    }

    /// True if the trigger is in the passive voice: a passive subject or
    /// auxiliary or a by-agent; a past participle modifying a noun ("talks
    /// mediated by Oman"); a conjunct without subject or object after a
    /// passive verb ("was arrested and charged").
    pub fn passive(&self, t: usize) -> bool {
        let mut cur = t;
        for _ in 0..MAX_DEPTH {
            let mut active = false;
            for k in self.kids(cur) {
                let d = self.dep[k];
                if d.sub == Sub::Pass || d.sub == Sub::Agent {
                    return true;
                }
                active |= matches!(d.univ, Univ::Nsubj | Univ::Csubj);
            }
            if active {
                return false;
            }
            let d = self.dep[cur];
            match (d.univ, self.head(cur)) {
                (Univ::Acl, Some(_)) if d.sub != Sub::Relcl => {
                    let form = self.toks[cur].form.as_bytes();
                    let ing = form.len() > 3 && form[form.len() - 3..].eq_ignore_ascii_case(b"ing");
                    return self.upos[cur] == Upos::Verb && !ing;
                }
                (Univ::Conj, Some(h)) if !self.has_dep(cur, Univ::Obj) && self.is_verbal(h) => {
                    cur = h
                }
                _ => return false,
            }
        }
        false
    }

    /// If `r` is a relative pronoun inside an `acl:relcl`, the noun the
    /// clause modifies stands for it.
    fn resolve(&self, r: Reach) -> Reach {
        let n = r.node;
        if !(self.is(n, WordKind::Relpron) && matches!(self.upos[n], Upos::Nominal | Upos::Det)) {
            return r;
        }
        let mut cur = n;
        for _ in 0..MAX_DEPTH {
            let Some(h) = self.head(cur) else { break };
            if self.dep[cur]
                == (Dep {
                    univ: Univ::Acl,
                    sub: Sub::Relcl,
                })
            {
                return r.then(Hop::Same(h as u32), h);
            }
            cur = h;
        }
        r
    }

    fn own(&self, t: usize, keep: impl Fn(usize) -> bool) -> Vec<Reach> {
        self.kids(t)
            .filter(|&k| keep(k))
            .map(|k| {
                self.resolve(Reach {
                    node: k,
                    hops: vec![Hop::Down(k as u32)],
                })
            })
            .collect()
    }

    /// The grammatical subject of a clause head (active or passive): its
    /// own, or shared through conj, xcomp (control), advcl, or a reduced
    /// relative clause.
    pub fn subject(&self, t: usize, depth: usize) -> Vec<Reach> {
        let own = self.own(t, |k| matches!(self.dep[k].univ, Univ::Nsubj | Univ::Csubj));
        if !own.is_empty() || depth > MAX_DEPTH {
            return own;
        }
        let Some(h) = self.head(t) else {
            return own;
        };
        let up = [Hop::Up(h as u32)];
        let d = self.dep[t];
        let inherited = match d.univ {
            Univ::Conj | Univ::Advcl if self.is_verbal(h) => self.subject(h, depth + 1),
            Univ::Xcomp => self.controller(h, depth + 1),
            Univ::Acl if d.sub != Sub::Relcl && self.upos[t] == Upos::Verb => {
                return vec![Reach {
                    node: h,
                    hops: up.to_vec(),
                }];
            }
            _ => Vec::new(),
        };
        inherited.into_iter().map(|r| r.prefixed(&up)).collect()
    }

    /// Who controls an xcomp of `h`: its object, else an obl with a control
    /// preposition ("called on Chile to ..."), else its subject.
    fn controller(&self, h: usize, depth: usize) -> Vec<Reach> {
        let objs = self.own(h, |k| matches!(self.dep[k].univ, Univ::Obj | Univ::Iobj));
        if !objs.is_empty() {
            return objs;
        }
        let obl = self.own(h, |k| {
            self.dep[k].univ == Univ::Obl
                && self
                    .kids(k)
                    .any(|c| self.dep[c].univ == Univ::Case && self.is(c, WordKind::Control))
        });
        if !obl.is_empty() {
            return obl;
        }
        self.subject(h, depth)
    }

    /// The by-phrase of a passive.
    pub fn agent(&self, t: usize) -> Vec<Reach> {
        self.own(t, |k| self.step_matches(k, Step::Agent))
    }

    /// The direct object: its own, or for a conjoined verb without one the
    /// first conjunct's object when that follows it ("condemned and
    /// rejected the plan").
    fn object(&self, t: usize) -> Vec<Reach> {
        let own = self.own(t, |k| self.dep[k] == Dep::plain(Univ::Obj));
        if !own.is_empty() {
            return own;
        }
        match (self.dep[t].univ, self.head(t)) {
            (Univ::Conj, Some(h)) if self.is_verbal(h) && !self.has_subject(t) => self
                .own(h, |k| self.dep[k] == Dep::plain(Univ::Obj) && k > t)
                .into_iter()
                .map(|r| r.prefixed(&[Hop::Up(h as u32)]))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The subject role (who acts) of a verb: the agent when passive.
    pub fn actor_of(&self, v: usize) -> Vec<Reach> {
        if self.passive(v) {
            self.agent(v)
        } else {
            self.subject(v, 0)
        }
    }

    /// The light verb an event noun is the object of, through conjoined
    /// nouns ("held talks and a summit"): (verb, hops from the noun).
    pub fn light_verb(&self, t: usize) -> Option<(usize, Vec<Hop>)> {
        let mut cur = t;
        let mut hops = Vec::new();
        for _ in 0..MAX_DEPTH {
            let h = self.head(cur)?;
            let d = self.dep[cur];
            hops.push(Hop::Up(h as u32));
            let object = d == Dep::plain(Univ::Obj)
                || d == (Dep {
                    univ: Univ::Nsubj,
                    sub: Sub::Pass,
                });
            if object && self.upos[h] == Upos::Verb && self.is(h, WordKind::Light) {
                return Some((h, hops));
            }
            if d.univ != Univ::Conj || !self.is_nominal(h) {
                return None;
            }
            cur = h;
        }
        None
    }

    /// The nodes the first step of a path reaches from trigger `t`, with the
    /// passive reading applied.
    fn first(&self, t: usize, step: Step, passive: bool) -> Vec<Reach> {
        const NSUBJ: Dep = Dep::plain(Univ::Nsubj);
        const OBJ: Dep = Dep::plain(Univ::Obj);
        const NSUBJ_PASS: Dep = Dep {
            univ: Univ::Nsubj,
            sub: Sub::Pass,
        };
        match step {
            Step::Rel(NSUBJ) if passive => self.agent(t),
            Step::Rel(NSUBJ) => self.subject(t, 0),
            Step::Rel(OBJ) if passive => self.subject(t, 0),
            Step::Rel(OBJ) => self.object(t),
            Step::Rel(NSUBJ_PASS) if passive => self.subject(t, 0),
            Step::Rel(NSUBJ_PASS) => Vec::new(),
            Step::Agent => self.agent(t),
            _ => {
                let own = self.own(t, |k| self.step_matches(k, step));
                if !own.is_empty() {
                    return own;
                }
                match (step, self.light_verb(t)) {
                    (Step::Case(Univ::Nmod, p), Some((lv, hops))) => self
                        .own(lv, |k| self.step_matches(k, Step::Case(Univ::Obl, p)))
                        .into_iter()
                        .map(|r| r.prefixed(&hops))
                        .collect(),
                    _ => own,
                }
            }
        }
    }

    /// Adds the conjuncts of every reached node ("A and B").
    pub fn with_conjuncts(&self, reached: Vec<Reach>) -> Vec<Reach> {
        let mut out = Vec::with_capacity(reached.len());
        for r in reached {
            for k in self.kids(r.node) {
                if self.dep[k].univ == Univ::Conj {
                    out.push(self.resolve(r.then(Hop::Down(k as u32), k)));
                }
            }
            out.push(r);
        }
        out
    }

    /// Every node one path reaches from trigger `t`, conjuncts included.
    pub fn follow(&self, t: usize, path: &Path, passive: bool) -> Vec<Reach> {
        let Some((&first, rest)) = path.0.split_first() else {
            return Vec::new();
        };
        let mut cur = self.with_conjuncts(self.first(t, first, passive));
        for &step in rest {
            let mut next = Vec::new();
            for r in &cur {
                for k in self.kids(r.node) {
                    if self.step_matches(k, step) {
                        next.push(self.resolve(r.then(Hop::Down(k as u32), k)));
                    }
                }
            }
            cur = self.with_conjuncts(next);
        }
        cur
    }

    /// The token span of an argument's phrase: its subtree without relative
    /// and other clauses, conjuncts, appositions and punctuation.
    pub fn span(&self, node: usize) -> Range<usize> {
        let (mut lo, mut hi) = (node, node);
        let mut stack = vec![node];
        let mut budget = self.len();
        while let Some(i) = stack.pop() {
            lo = lo.min(i);
            hi = hi.max(i);
            for k in self.kids(i) {
                let skip = matches!(
                    self.dep[k].univ,
                    Univ::Acl
                        | Univ::Conj
                        | Univ::Cc
                        | Univ::Appos
                        | Univ::Parataxis
                        | Univ::Punct
                        | Univ::Advcl
                        | Univ::Ccomp
                        | Univ::Dislocated
                        | Univ::Reparandum
                );
                if !skip && budget > 0 {
                    budget -= 1;
                    stack.push(k);
                }
            }
        }
        lo..hi + 1
    }

    /// Renders hops from `start` as `2-xcomp>4-obj>5` (1-based ids; `<rel-`
    /// climbs to a head; `=N` a relative pronoun's antecedent).
    pub fn render(&self, start: usize, hops: &[Hop]) -> String {
        use std::fmt::Write;
        let mut s = format!("{}", start + 1);
        let mut cur = start;
        for &h in hops {
            let _ = match h {
                Hop::Down(k) => {
                    let k = k as usize;
                    let rel = self.toks.get(k).map(|t| t.deprel).unwrap_or("?");
                    cur = k;
                    write!(s, "-{rel}>{}", k + 1)
                }
                Hop::Up(k) => {
                    let rel = self.toks.get(cur).map(|t| t.deprel).unwrap_or("?");
                    cur = k as usize;
                    write!(s, "<{rel}-{}", k + 1)
                }
                Hop::Same(k) => {
                    cur = k as usize;
                    write!(s, "={}", k + 1)
                }
            };
        }
        s
    }
}
