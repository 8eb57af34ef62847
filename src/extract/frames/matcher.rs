//! Frame selection and firing for one trigger token.
//!
//! 1. **Selection.** Among the frames of the token's (lemma, pos) whose
//!    `require` items all hold, only the most specific are used (most
//!    items, then most items with lemma values). If one of them is a
//!    no-event row, the token gives no event.
//! 2. **Firing.** A frame's source and target are each the first path
//!    alternative that reaches an actor (conjuncts included). A frame fires
//!    for every (source, target) pair; with no target only when it is
//!    flagged objectless, or, when symmetric, by pairing coordinated
//!    sources ("Chile and Peru signed a pact"). An event noun without a
//!    source of its own takes the subject of its light verb.
//! 3. **Flags.** Negation and modal intent come from the trigger and the
//!    chain of verbs that govern it (xcomp, light verb, a base-form
//!    conjunct); an event under a blocking verb ("refused to") is dropped;
//!    under an intent verb ("plans to") it is flagged intent.
//! 4. **Attribution.** A trigger inside the ccomp or parataxis of a reporting
//!    verb, or under an "according to" phrase, is attributed to the speaker;
//!    a reporting verb that reports fires nothing itself.

use super::FrameMatch;
use super::paths::{Hop, Reach, Tree};
use crate::lexicon::frames::grammar::{Dep, PathId, Paths, Sub, Univ};
use crate::lexicon::frames::{Frame, FrameId, Pos, WordKind};

/// What governs a trigger: flags inherited from the verbs above it.
#[derive(Debug, Default, Clone, Copy)]
struct Modality {
    negated: bool,
    intent: bool,
    blocked: bool,
    governor: Option<usize>,
}

fn negates(tree: &Tree, k: usize) -> bool {
    matches!(tree.dep[k].univ, Univ::Advmod | Univ::Det) && tree.is(k, WordKind::Negation)
}

fn modality(tree: &Tree, t: usize) -> Modality {
    let mut m = Modality::default();
    // "sent no troops": a negated object negates the verb.
    m.negated |= tree
        .kids(t)
        .filter(|&k| tree.dep[k] == Dep::plain(Univ::Obj))
        .any(|k| tree.kids(k).any(|d| negates(tree, d)));
    let mut cur = t;
    for _ in 0..tree.len().min(16) {
        for k in tree.kids(cur) {
            m.negated |= negates(tree, k);
            m.intent |= tree.dep[k].univ == Univ::Aux && tree.is(k, WordKind::Modal);
        }
        let Some(h) = tree.head(cur) else { break };
        let d = tree.dep[cur];
        let tok = &tree.toks[cur];
        match d.univ {
            Univ::Xcomp if tree.is_verbal(h) => {
                m.blocked |= tree.is(h, WordKind::Block);
                m.intent |= tree.is(h, WordKind::Intent) || intent_frames(tree, h);
                if m.governor.is_none() && has_frames(tree, h) {
                    m.governor = Some(h);
                }
            }
            Univ::Obj | Univ::Nsubj
                if (d.sub == Sub::None || d.sub == Sub::Pass)
                    && tree.light_verb(cur).is_some_and(|(lv, _)| lv == h) =>
            {
                if m.governor.is_none() && has_frames(tree, h) {
                    m.governor = Some(h);
                }
            }
            Univ::Conj if tree.is_nominal(cur) && tree.is_nominal(h) => {}
            Univ::Conj
                if tree.is_verbal(h)
                    && !tree.has_subject(cur)
                    && !tree.has_aux(cur)
                    && tok.form.eq_ignore_ascii_case(tok.lemma) => {}
            _ => break,
        }
        cur = h;
    }
    m
}

fn trigger_pos(tree: &Tree, i: usize) -> Option<Pos> {
    Pos::from_upos(tree.toks[i].upos)
}

fn has_frames(tree: &Tree, i: usize) -> bool {
    match (tree.lemma[i], trigger_pos(tree, i)) {
        (Some(l), Some(p)) => !tree.table.frames_of(l, p).is_empty(),
        _ => false,
    }
}

fn intent_frames(tree: &Tree, i: usize) -> bool {
    match (tree.lemma[i], trigger_pos(tree, i)) {
        (Some(l), Some(p)) => tree
            .table
            .frames_of(l, p)
            .iter()
            .any(|&id| tree.table.frame(id).flags.intent),
        _ => false,
    }
}

/// A reporting verb with reported content ("X said that ...", "..., X
/// said"): it gives attribution, not an event.
fn reports(tree: &Tree, t: usize) -> bool {
    tree.is(t, WordKind::Reporting)
        && (tree.dep[t].univ == Univ::Parataxis
            || tree.kids(t).any(|k| tree.dep[k].univ == Univ::Ccomp))
}

/// The speaker of reported speech around `t`: the subject of a reporting
/// verb whose ccomp/parataxis contains `t`, or of a reporting parataxis on
/// the way up, or an "according to" obl.
fn attribution(tree: &Tree, t: usize) -> Option<Reach> {
    let mut cur = t;
    let mut up: Vec<Hop> = Vec::new();
    for _ in 0..tree.len().min(32) {
        for k in tree.kids(cur) {
            let d = tree.dep[k];
            if d.univ == Univ::Obl
                && tree
                    .table
                    .reporting_preps()
                    .iter()
                    .any(|&p| tree.has_prep(k, p))
            {
                let mut hops = up.clone();
                hops.push(Hop::Down(k as u32));
                return Some(Reach { node: k, hops });
            }
            if d.univ == Univ::Parataxis
                && tree.is(k, WordKind::Reporting)
                && k != t
                && let Some(r) = tree.actor_of(k).into_iter().next()
            {
                let mut hops = up.clone();
                hops.push(Hop::Down(k as u32));
                return Some(r.prefixed(&hops));
            }
        }
        let h = tree.head(cur)?;
        up.push(Hop::Up(h as u32));
        if matches!(tree.dep[cur].univ, Univ::Ccomp | Univ::Parataxis)
            && tree.is(h, WordKind::Reporting)
        {
            return tree.actor_of(h).into_iter().next().map(|r| r.prefixed(&up));
        }
        cur = h;
    }
    None
}

/// What each path reaches from one trigger, followed once: rows share
/// their paths, and a trigger like "call" has a hundred rows.
struct Memo<'t, 'a> {
    tree: &'t Tree<'a>,
    t: usize,
    passive: bool,
    done: Vec<(PathId, Vec<Reach>)>,
}

impl Memo<'_, '_> {
    fn get(&mut self, id: PathId) -> &[Reach] {
        let i = match self.done.iter().position(|(p, _)| *p == id) {
            Some(i) => i,
            None => {
                let r = self
                    .tree
                    .follow(self.t, self.tree.table.path(id), self.passive);
                self.done.push((id, r));
                self.done.len() - 1
            }
        };
        &self.done[i].1
    }
}

fn holds(memo: &mut Memo, f: &Frame) -> bool {
    let tree = memo.tree;
    f.require.iter().all(|item| {
        let found = item.paths.0.iter().any(|&p| {
            memo.get(p)
                .iter()
                .any(|r| item.lemmas.is_empty() || tree.lemma_in(r.node, &item.lemmas))
        });
        found != item.negated
    })
}

/// The nodes of the first alternative that reaches an actor.
fn pick(memo: &mut Memo, paths: &Paths, is_actor: &dyn Fn(usize) -> bool) -> Vec<Reach> {
    let t = memo.t;
    for &p in paths.0.iter() {
        let mut got: Vec<Reach> = memo
            .get(p)
            .iter()
            .filter(|r| r.node != t && is_actor(r.node))
            .cloned()
            .collect();
        if !got.is_empty() {
            got.sort_by_key(|r| r.node);
            got.dedup_by_key(|r| r.node);
            return got;
        }
    }
    Vec::new()
}

/// The frames a trigger uses, or `None` when it gives no event.
fn select(memo: &mut Memo, frames: &[FrameId]) -> Option<Vec<FrameId>> {
    let table = memo.tree.table;
    let mut best: Option<(u16, u16)> = None;
    let mut chosen = Vec::new();
    for &id in frames {
        let f = table.frame(id);
        if best.is_some_and(|b| f.specificity < b) || !holds(memo, f) {
            continue;
        }
        if best != Some(f.specificity) {
            chosen.clear();
            best = Some(f.specificity);
        }
        chosen.push(id);
    }
    let blocked = chosen.iter().any(|&id| !table.frame(id).is_event());
    (!chosen.is_empty() && !blocked).then_some(chosen)
}

/// All matches of one trigger token.
pub(crate) fn match_trigger(
    tree: &Tree,
    t: usize,
    frames: &[FrameId],
    is_actor: &dyn Fn(usize) -> bool,
    out: &mut Vec<FrameMatch>,
) {
    // A reporting verb gives attribution, not an event, unless a frame
    // with conditions of its own matches ("said Togo must reopen the
    // border": a demand on Togo).
    let reporting = reports(tree, t);
    let mut memo = Memo {
        tree,
        t,
        passive: tree.passive(t),
        done: Vec::new(),
    };
    let Some(mut chosen) = select(&mut memo, frames) else {
        return;
    };
    if reporting {
        chosen.retain(|&id| tree.table.frame(id).specificity != (0, 0));
        if chosen.is_empty() {
            return;
        }
    }
    let m = modality(tree, t);
    if m.blocked {
        return;
    }
    let attr = attribution(tree, t);
    for id in chosen {
        fire(&mut memo, id, &m, attr.as_ref(), is_actor, out);
    }
}

fn fire(
    memo: &mut Memo,
    id: FrameId,
    m: &Modality,
    attr: Option<&Reach>,
    is_actor: &dyn Fn(usize) -> bool,
    out: &mut Vec<FrameMatch>,
) {
    let (tree, t) = (memo.tree, memo.t);
    let f = tree.table.frame(id);
    let mut sources = pick(memo, &f.source, is_actor);
    if sources.is_empty()
        && trigger_pos(tree, t) == Some(Pos::Noun)
        && let Some((lv, hops)) = tree.light_verb(t)
    {
        sources = tree
            .with_conjuncts(tree.actor_of(lv))
            .into_iter()
            .filter(|r| r.node != t && is_actor(r.node))
            .map(|r| r.prefixed(&hops))
            .collect();
        sources.sort_by_key(|r| r.node);
        sources.dedup_by_key(|r| r.node);
    }
    if sources.is_empty() {
        return;
    }
    let targets = pick(memo, &f.target, is_actor);
    let mut pairs: Vec<(&Reach, Option<&Reach>)> = Vec::new();
    if targets.is_empty() {
        if f.flags.symmetric && sources.len() >= 2 {
            for (i, a) in sources.iter().enumerate() {
                for b in &sources[i + 1..] {
                    pairs.push((a, Some(b)));
                }
            }
        } else if f.flags.objectless {
            pairs.extend(sources.iter().map(|s| (s, None)));
        }
    } else {
        for s in &sources {
            for g in &targets {
                let reverse_seen = f.flags.symmetric && g.node < s.node && {
                    let (a, b) = (g.node, s.node);
                    sources.iter().any(|x| x.node == a) && targets.iter().any(|y| y.node == b)
                };
                if s.node != g.node && !reverse_seen {
                    pairs.push((s, Some(g)));
                }
            }
        }
    }
    for (s, g) in pairs {
        let mut path = format!("src {}", tree.render(t, &s.hops));
        if let Some(g) = g {
            path.push_str("; tgt ");
            path.push_str(&tree.render(t, &g.hops));
        }
        if let Some(a) = attr {
            path.push_str("; said ");
            path.push_str(&tree.render(t, &a.hops));
        }
        out.push(FrameMatch {
            trigger: t,
            frame: id,
            source: s.node,
            target: g.map(|g| g.node),
            source_span: tree.span(s.node),
            target_span: g.map(|g| tree.span(g.node)),
            negated: m.negated,
            intent: m.intent || f.flags.intent,
            weak: f.flags.weak,
            past: f.flags.past,
            symmetric: f.flags.symmetric,
            attributed_to: attr.map(|a| a.node),
            attribution_span: attr.map(|a| tree.span(a.node)),
            governor: m.governor,
            path,
        });
    }
}
