//! Relations: trigger words and role patterns to typed relations.
//!
//! Within each sentence:
//! - **Event triggers** (verbs, nouns, agent nouns from `triggers.tsv`): the
//!   subject is the nearest actor on the left outside parentheticals ("X, who
//!   is …,"), expanded over "A and B"; the object is the first actor on the
//!   right that is direct or governed by a preposition the relation allows
//!   ("threat *against* Iran", "talks *with*"; not "talks *in* Oman").
//!   Passive voice ("was attacked by X") swaps the roles; "between A and B"
//!   gives both pairs; negation and intent become flags; a speech verb before
//!   the trigger becomes `attributed_to`.
//! - **Roles** (`titles.tsv`): "Y's foreign minister X", "Y President X",
//!   "X, who is Y's foreign minister", "X, the Y envoy", "the President of Y
//!   X", "X led the Y delegation".
//! - **Places**: "Muscat, Oman", "a village in the north of X", "the Omani
//!   capital Muscat".
//! - **Frames** over the dependency parse, where the word-window finder
//!   found nothing.
//!
//! Modules: `ctx` holds the sentence context and the subject/object search
//! shared by the finders; `roles` titles, role phrases and leadership
//! verbs; `places` containment and presence; `window` the word-window
//! event finder; `frames` the frame matcher's events. This module runs them
//! per sentence, adds attribution, and deduplicates.

mod ctx;
mod frames;
mod places;
mod roles;
mod window;

use super::Doc;
use super::mentions::Found;
use crate::lexicon::frames::WordKind;
use crate::lexicon::rule_words::rule_words;
use crate::ontology::{self, EntityType};
use crate::tokens::TokKind;
use ctx::{Ctx, parentheticals};
use frames::{Sense, frame_events};
use places::{places, presence};
use roles::{role_phrases, roles, scorecards};
use std::collections::HashSet;
use std::ops::Range;
use window::{events, named_wars};
/// A relation found in a document (mention indices, byte evidence).
#[derive(Debug, Clone)]
pub struct Rel {
    /// Fine relation name.
    pub relation: String,
    /// Class.
    pub class: String,
    /// CAMEO code or "".
    pub cameo: String,
    /// Subject mention.
    pub subject: usize,
    /// Object mention.
    pub object: Option<usize>,
    /// Evidence byte range (the sentence).
    pub evidence: Range<usize>,
    /// Sentence index.
    pub sentence: usize,
    /// Symmetric relation.
    pub symmetric: bool,
    /// Negated.
    pub negated: bool,
    /// Intended or future.
    pub intent: bool,
    /// A role held before, not now ("former", "ex-", "then-").
    pub past: bool,
    /// The trigger token of a word-window event, for the sense check.
    pub trigger: Option<usize>,
    /// Speaker mention.
    pub attributed_to: Option<usize>,
    /// Rule name.
    pub rule: &'static str,
    /// How a frame relation was found, for `explain`: the frame's origin
    /// (`file:line`), trigger and argument paths. Empty for other rules.
    pub why: String,
}

/// Whether a word-window event noun must find its actor in the parse
/// ([`frame_senses`]).
const NOUN_ACTOR_CHECK: bool = true;

/// Which event finder [`find`] runs per sentence.
#[allow(dead_code)]
#[derive(Clone, Copy, PartialEq, Eq)]
enum Events {
    /// Frames over the dependency parse ([`frame_events`]); the word-window
    /// finder only when the sentence cannot be parsed.
    Frames,
    /// Frames, and the word-window finder where frames found nothing.
    FramesThenWindow,
    /// The word-window finder, and frames where it found nothing.
    WindowThenFrames,
    /// The word-window finder ([`events`]) alone.
    Window,
    /// Both, the window finder's relations first.
    Both,
}

/// WindowThenFrames: frames alone (and frames first) lose rows of
/// tests/data/sentences.tsv and the seed floor, mostly because the generated
/// CAMEO frames name relations differently (`back` engages_with, not
/// supports; `deploy troops` aids) and drop targetless SUPPORT/MOBILIZE events;
/// frames where the window finder found nothing add recall without those
/// losses. Switch to `Frames` once the frames table covers them.
const EVENTS: Events = Events::WindowThenFrames;

/// Finds relations in a document.
pub fn find(d: &Doc, f: &Found) -> Vec<Rel> {
    find_traced(d, f, None)
}

/// Finds relations in a document, and with `trace` records, per sentence,
/// the frame matches that gave no relation and why (for `explain`).
pub fn find_traced(d: &Doc, f: &Found, mut trace: Option<&mut Vec<(usize, String)>>) -> Vec<Rel> {
    let mut paren = vec![false; d.toks.len()];
    let mut out: Vec<Rel> = Vec::new();
    for r in &d.sents {
        for (a, b) in parentheticals(d, r, f) {
            for p in paren.iter_mut().take(b).skip(a) {
                *p = true;
            }
        }
    }
    let cx = Ctx { d, f, paren };
    for (si, r) in d.sents.iter().enumerate() {
        let evidence = d.sentence_bytes(si);
        let start_len = out.len();
        roles(&cx, si, r, &evidence, &mut out);
        role_phrases(&cx, si, r, &evidence, &mut out);
        scorecards(&cx, si, r, &evidence, &mut out);
        named_wars(&cx, si, r, &evidence, &mut out);
        places(&cx, si, r, &evidence, &mut out);
        presence(&cx, si, r, &evidence, &mut out);
        match EVENTS {
            Events::Frames => {
                if frame_events(d, f, si, &evidence, &mut out, trace.as_deref_mut(), None).is_none()
                {
                    events(&cx, si, r, &evidence, &mut out);
                }
            }
            Events::FramesThenWindow => {
                if frame_events(d, f, si, &evidence, &mut out, trace.as_deref_mut(), None)
                    .is_none_or(|n| n == 0)
                {
                    events(&cx, si, r, &evidence, &mut out);
                }
            }
            Events::WindowThenFrames => {
                let before = out.len();
                events(&cx, si, r, &evidence, &mut out);
                if out.len() == before {
                    frame_events(d, f, si, &evidence, &mut out, trace.as_deref_mut(), None);
                } else {
                    frame_senses(d, f, si, &evidence, &mut out, before, trace.as_deref_mut());
                }
            }
            Events::Window => events(&cx, si, r, &evidence, &mut out),
            Events::Both => {
                events(&cx, si, r, &evidence, &mut out);
                frame_events(d, f, si, &evidence, &mut out, trace.as_deref_mut(), None);
            }
        }
        // A reading without a target says less than one of the same actor
        // and class with a target in the same sentence ("Peru voiced
        // condemnation of the Chilean raid": the light verb's own reading
        // and the noun's): only the fuller one stays.
        let ent = |m: usize| f.mentions[m].entity;
        let targeted: HashSet<(usize, String, bool)> = out[start_len..]
            .iter()
            .filter(|x| x.object.is_some())
            .map(|x| (ent(x.subject), x.class.clone(), x.negated))
            .collect();
        let mut k = start_len;
        while k < out.len() {
            let x = &out[k];
            if x.object.is_none()
                && targeted.contains(&(ent(x.subject), x.class.clone(), x.negated))
            {
                if let Some(t) = trace.as_deref_mut() {
                    t.push((
                        si,
                        format!(
                            "{} without a target dropped: the same reading has one",
                            x.relation
                        ),
                    ));
                }
                out.remove(k);
            } else {
                k += 1;
            }
        }
        // Attribution: a speech verb with a speaker before the relation.
        let speech: Vec<(usize, usize)> = r
            .clone()
            .filter(|&k| ontology::is_attribution_verb(d.low(k)) && f.at_token[k].is_none())
            .filter_map(|k| cx.subject_left(k, r.start).map(|s| (k, s)))
            .collect();
        for rel in out.iter_mut().skip(start_len) {
            // Frames read attribution from the parse.
            if rel.rule.starts_with("frame") {
                continue;
            }
            let subj_tok = f.mentions[rel.subject].tok.start;
            if let Some(&(_, speaker)) = speech
                .iter()
                .rev()
                .find(|&&(k, s)| k < subj_tok && s != rel.subject)
            {
                rel.attributed_to = Some(speaker);
            }
        }
    }
    // News outlets report events; they take part only as their targets
    // ("banned the Daily Courier", "accused Channel 9 of bias").
    out.retain(|r| match outlet_misuse(f, r) {
        None => true,
        Some(why) => {
            if let Some(t) = trace.as_deref_mut() {
                t.push((r.sentence, format!("{} dropped: {why}", r.relation)));
            }
            false
        }
    });
    past_roles(d, f, &mut out);
    // A dateline says where and by whom the story was filed: its place and
    // agency are no party to the events ("OSLO (Reuters) - Norway said …").
    if let Some(dl) = &d.dateline {
        let inside = |m: usize| dl.holds(f.mentions[m].tok.start);
        out.retain(|r| {
            let keep = !inside(r.subject) && !r.object.is_some_and(inside);
            if !keep && let Some(t) = trace.as_deref_mut() {
                t.push((
                    r.sentence,
                    format!("{} dropped: argument in the dateline", r.relation),
                ));
            }
            keep
        });
        for r in &mut out {
            if r.attributed_to.is_some_and(inside) {
                r.attributed_to = None;
            }
        }
    }
    // Deduplicate.
    let mut seen = HashSet::new();
    out.retain(|r| seen.insert((r.subject, r.object, r.relation.clone(), r.negated)));
    out.sort_by_key(|r| {
        (
            r.evidence.start,
            f.mentions[r.subject].start,
            r.object.map(|o| f.mentions[o].start),
        )
    });
    out
}

/// Whether mention `m` names a news outlet or platform: an organization
/// whose name ends in an outlet word ("… Times", "… News", "Reuters").
fn is_outlet(f: &Found, m: usize) -> bool {
    let mm = &f.mentions[m];
    if matches!(mm.kind, EntityType::Country | EntityType::Location) || mm.demonym {
        return false;
    }
    let name = &f.entities[mm.entity].canonical;
    name.rsplit(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .is_some_and(|w| rule_words().outlet_word.contains(w.to_lowercase().as_str()))
}

/// Why an event relation misuses a news outlet, if it does: an outlet as
/// the actor of an event ("Reuters reported the strikes" is no strike by
/// Reuters), or as the counterpart of a contact or cooperation ("told
/// the Gazette", "in an interview with Channel 9").
fn outlet_misuse(f: &Found, r: &Rel) -> Option<&'static str> {
    if matches!(r.class.as_str(), "AFFILIATION" | "LOCATED_IN") {
        return None;
    }
    if is_outlet(f, r.subject) {
        return Some("a news outlet reports events, it is not their actor");
    }
    let target_ok = matches!(
        r.class.as_str(),
        "ASSAULT" | "COERCE" | "SANCTION" | "ACCUSE" | "REJECT" | "PROTEST" | "THREATEN"
    );
    if !target_ok && r.object.is_some_and(|o| is_outlet(f, o)) {
        return Some("a news outlet is the medium of a statement, not a party to it");
    }
    None
}

#[allow(clippy::too_many_arguments)]
fn push(
    out: &mut Vec<Rel>,
    f: &Found,
    relation: &str,
    class: &str,
    cameo: &str,
    subject: usize,
    object: Option<usize>,
    si: usize,
    evidence: &Range<usize>,
    flags: (bool, bool),
    rule: &'static str,
) {
    if let Some(o) = object
        && f.mentions[o].entity == f.mentions[subject].entity
    {
        return;
    }
    // "The rebels … began their advance": the named mention of the same entity
    // earlier in the sentence stands for a pronoun.
    let named = |m: usize| {
        let mm = &f.mentions[m];
        if mm.rule != "pronoun" {
            return m;
        }
        (0..m)
            .rev()
            .take_while(|&q| f.mentions[q].sentence == mm.sentence)
            .find(|&q| f.mentions[q].entity == mm.entity && f.mentions[q].rule != "pronoun")
            .unwrap_or(m)
    };
    let subject = named(subject);
    let object = object.map(named);
    out.push(Rel {
        relation: relation.to_string(),
        class: class.to_string(),
        cameo: cameo.to_string(),
        subject,
        object,
        evidence: evidence.clone(),
        sentence: si,
        symmetric: ontology::is_symmetric(relation),
        negated: flags.0,
        intent: flags.1,
        past: false,
        trigger: None,
        attributed_to: None,
        rule,
        why: String::new(),
    });
}

/// Records a role or membership of `member` in `owner` (class AFFILIATION).
#[allow(clippy::too_many_arguments)]
fn affiliation(
    out: &mut Vec<Rel>,
    f: &Found,
    relation: &str,
    member: usize,
    owner: usize,
    si: usize,
    ev: &Range<usize>,
    rule: &'static str,
) {
    push(
        out,
        f,
        relation,
        "AFFILIATION",
        "",
        member,
        Some(owner),
        si,
        ev,
        (false, false),
        rule,
    );
}

/// Records that mention `m` lies in place `o` (class LOCATED_IN).
fn located_in(
    out: &mut Vec<Rel>,
    f: &Found,
    m: usize,
    o: usize,
    si: usize,
    ev: &Range<usize>,
    rule: &'static str,
) {
    push(
        out,
        f,
        "located_in",
        "LOCATED_IN",
        "",
        m,
        Some(o),
        si,
        ev,
        (false, false),
        rule,
    );
}

/// Records that mention `m` was in place `p` (`present_in`, class LOCATED_IN).
fn present_in(out: &mut Vec<Rel>, f: &Found, m: usize, p: usize, si: usize, ev: &Range<usize>) {
    push(
        out,
        f,
        "present_in",
        "LOCATED_IN",
        "",
        m,
        Some(p),
        si,
        ev,
        (false, false),
        "presence",
    );
}

/// Marks roles held before as past: a `past_role` word ("former", "ex-",
/// "then-", "the late") right before the title, with only the owner, a
/// possessive or title words between ("former Ruritanian envoy Ann Roe",
/// "Ann Roe, the former envoy of Ruritania", "Ruritania's ex-envoy Ann
/// Roe"), or inside a short role phrase ("Ann Roe, a former member of the
/// party"). "then" and "ex" count only joined by a hyphen, so "the
/// minister then met" is no past role; "a former aide to President Ann
/// Roe" makes the aide's role past, not the president's.
fn past_roles(d: &Doc, f: &Found, out: &mut [Rel]) {
    let words = &rule_words().past_role;
    let past_at = |k: usize| {
        let w = d.low(k);
        (words.contains(w) && (!matches!(w, "then" | "ex") || d.tok(k + 1) == "-"))
            || crate::extract::mentions::past_prefix(w).is_some()
    };
    // Walks back from a title start over the owner, possessives, hyphens and
    // title words to a past word.
    let title_past = |start: usize, sent_start: usize| {
        let mut j = start;
        while j > sent_start {
            j -= 1;
            if past_at(j) {
                return true;
            }
            let skip = f.at_token[j].is_some()
                || d.toks[j].kind == TokKind::Possessive
                || d.tok(j) == "-"
                || rule_words().title_filler.contains(d.low(j));
            if !skip {
                return false;
            }
        }
        false
    };
    for r in out.iter_mut().filter(|r| r.class == "AFFILIATION") {
        let Some(o) = r.object else { continue };
        let (a, b) = (&f.mentions[r.subject].tok, &f.mentions[o].tok);
        let (lo, hi) = (a.start.min(b.start), a.end.max(b.end));
        let sent_start = d.sents[r.sentence].start;
        r.past = match r.rule {
            "title" => {
                // The title of the pair: between the two, or right before.
                let first = f.titles.partition_point(|t| t.tok.end + 4 <= lo);
                f.titles[first..]
                    .iter()
                    .take_while(|t| t.tok.start < hi)
                    .filter(|t| t.relation.as_deref() == Some(r.relation.as_str()))
                    .any(|t| past_at(t.tok.start) || title_past(t.tok.start, sent_start))
            }
            "role-phrase" => (lo..hi).any(|k| f.at_token[k].is_none() && past_at(k)),
            _ => false,
        };
    }
}

/// Lets the parse decide the sense of word-window events in sentence `si`
/// (those in `out[from..]`): where only specific frames (no-event rows and
/// rows that name their dependents' lemmas) matched the trigger word, and
/// none gives the window's class ("a drone called the Falcon"
/// is no phone call; "called the plan a farce" is criticism), the window's
/// reading is dropped and the frames' readings of the sentence are taken
/// instead.
fn frame_senses(
    d: &Doc,
    f: &Found,
    si: usize,
    evidence: &Range<usize>,
    out: &mut Vec<Rel>,
    from: usize,
    mut trace: Option<&mut Vec<(usize, String)>>,
) {
    if out[from..]
        .iter()
        .all(|r| r.trigger.is_none() && r.object.is_some())
    {
        return;
    }
    let mut senses: Vec<Sense> = Vec::new();
    let mut framed: Vec<Rel> = Vec::new();
    if frame_events(d, f, si, evidence, &mut framed, None, Some(&mut senses)).is_none() {
        return;
    }
    // A participle that modifies a noun with no by-agent ("a drone called
    // the Falcon", "the border town known as Bral") has no subject of its
    // own: the actor on its left acts in another clause. (Not kept for a
    // huge document: see `Doc::syntax_once`.)
    let parse = d.syntax_once(si);
    let a = parse.as_deref();
    // `subject` is the mention the window took as the actor: when it lies in
    // the modified noun's own phrase ("an Omani patrol boat stationed in
    // X") the participle describes it, and the reading stands.
    let bare_participle = |t: usize, subject: usize| {
        let Some(a) = a else { return false };
        let Some(w) = a.word_at(d.toks[t].start) else {
            return false;
        };
        let word = &a.words[w];
        let head = word.head;
        // Only where the parse found the sentence's main verb: a noun at the
        // root with participles is more likely a clause the tagger misread
        // ("delegations met in X", "a naval group positioned in X added").
        let verb_root = a
            .words
            .iter()
            .any(|x| x.head == 0 && x.upos.as_str() == "VERB");
        // A participle before its noun ("the kidnapped engineers", "the
        // shelled town") describes it and has no actor at all (only where
        // the parse found the main verb: a misread main verb shows up as
        // an amod in a sentence with no verb at the root).
        if verb_root
            && word.deprel.as_str() == "amod"
            && word.upos.as_str() == "VERB"
            && matches!(word.xpos.as_str(), "VBN" | "VBD")
            && head > w + 1
        {
            return true;
        }
        if word.deprel.as_str() != "acl" || word.xpos.as_str() != "VBN" || !verb_root || head == 0 {
            return false;
        }
        let children = |h: usize| a.words.iter().enumerate().filter(move |(_, c)| c.head == h);
        let by_agent = children(w + 1).any(|(ci, c)| {
            matches!(c.deprel.as_str(), "obl:agent" | "nsubj")
                || (c.deprel.as_str() == "obl"
                    && children(ci + 1)
                        .any(|(_, g)| g.deprel.as_str() == "case" && g.lemma == "by"))
        });
        // Is the subject's word under the modified noun (not through the
        // participle)?
        let inside = a
            .word_at(d.toks[f.mentions[subject].tok.start].start)
            .is_some_and(|mut x| {
                for _ in 0..a.words.len() {
                    if x + 1 == head {
                        return true;
                    }
                    if x == w || a.words[x].head == 0 {
                        return false;
                    }
                    x = a.words[x].head - 1;
                }
                false
            });
        !by_agent && !inside
    };
    // The word of a mention's first token, and whether word `x` lies under
    // word `top` in the parse.
    let word_of = |m: usize| a.and_then(|a| a.word_at(d.toks[f.mentions[m].tok.start].start));
    let under = |a: &crate::syntax::analyze::Analysis, mut x: usize, top: usize| {
        for _ in 0..a.words.len() {
            if x == top {
                return true;
            }
            if a.words[x].head == 0 {
                return false;
            }
            x = a.words[x].head - 1;
        }
        false
    };
    // A verb whose plain reading is a statement about its object:
    // criticism, rejection or protest.
    let statement_verb = |lemma: &str| {
        d.lex.frames().is_some_and(|table| {
            table
                .frames_for(lemma, crate::lexicon::frames::Pos::Verb)
                .iter()
                .map(|&id| table.frame(id))
                .any(|fr| {
                    fr.specificity == (0, 0)
                        && matches!(fr.class.as_deref(), Some("ACCUSE" | "REJECT" | "PROTEST"))
                })
        })
    };
    // An event noun's actor is in its own phrase ("Ruritania's strikes",
    // "strikes by X", "Ruritanian strikes") or is the subject of the light
    // verb it is the object of ("X launched strikes on Y"): a name elsewhere
    // in the sentence ("X condemned the strikes on Y") is not its actor.
    let noun_without_actor = |t: usize, subject: usize| {
        let Some(a) = a else { return false };
        let (Some(w), Some(sw)) = (
            a.word_at(d.toks[t].start),
            a.word_at(d.toks[f.mentions[subject].tok.start].start),
        ) else {
            return false;
        };
        if a.words[w].upos.as_str() != "NOUN" {
            return false;
        }
        if under(a, sw, w) {
            return false;
        }
        // The verb the noun phrase hangs from, through objects and
        // prepositional phrases ("launched strikes on Y", "held a round of
        // talks with Y", "took part in the strikes"): its subject is the
        // actor. (Only light verbs, or verbs without event frames of their
        // own, were tried: "condemned the strikes on Y" then loses its false
        // attack, but more right edges went than wrong ones on the audited
        // sample, and every dev set lost matches.)
        let mut cur = w;
        for _ in 0..3 {
            let word = &a.words[cur];
            if word.head == 0 || !matches!(word.deprel.as_str(), "obj" | "obl" | "nmod") {
                break;
            }
            let h = word.head - 1;
            if a.words[h].upos.as_str() == "VERB" {
                // A verb that speaks about the event ("condemned the
                // strikes on Y", "spoke out against the attack") has
                // the critic as subject, not the actor.
                if statement_verb(&a.words[h].lemma) {
                    return true;
                }
                return !a.words.iter().enumerate().any(|(i, x)| {
                    x.head == h + 1 && x.deprel.as_str() == "nsubj" && under(a, sw, i)
                });
            }
            cur = h;
        }
        true
    };
    // The subject of a passive verb of force or pressure is who it was done
    // to: in "the envoy was shot in Tarn" the envoy is no attacker (the
    // frames read the by-phrase as the actor). Not so for a deployment:
    // "Turkish troops were deployed" is still Turkey deploying.
    let passive_victim = |t: usize, subject: usize| {
        let (Some(a), Some(sw)) = (a, word_of(subject)) else {
            return false;
        };
        let Some(w) = a.word_at(d.toks[t].start) else {
            return false;
        };
        a.words
            .iter()
            .enumerate()
            .any(|(i, x)| x.head == w + 1 && x.deprel.as_str() == "nsubj:pass" && under(a, sw, i))
    };
    // A place named as where something happened ("in Reading, Berkshire, a
    // stabbing killed three") is no actor of the sentence's event.
    let place_phrase = |subject: usize| {
        let (Some(a), Some(sw)) = (a, word_of(subject)) else {
            return false;
        };
        let mut x = sw;
        for _ in 0..a.words.len() {
            let word = &a.words[x];
            if word.head == 0 {
                return false;
            }
            let dep = word.deprel.as_str();
            if matches!(dep, "flat" | "compound" | "appos" | "conj" | "amod") {
                x = word.head - 1;
                continue;
            }
            return (dep.starts_with("obl") || dep.starts_with("nmod"))
                && a.words.iter().any(|c| {
                    c.head == x + 1
                        && c.deprel.as_str() == "case"
                        && matches!(
                            c.lemma.as_ref(),
                            "in" | "at" | "near" | "inside" | "outside" | "throughout" | "across"
                        )
                });
        }
        false
    };
    // "a party called the Greens", "the site is called X", "also called
    // X": "call" as a participle or in the passive names; it is no phone
    // call.
    let naming_call = |t: usize| {
        let Some(a) = a else { return false };
        let Some(w) = a.word_at(d.toks[t].start) else {
            return false;
        };
        let word = &a.words[w];
        let child = |rels: &[&str]| {
            a.words
                .iter()
                .any(|x| x.head == w + 1 && rels.contains(&x.deprel.as_str()))
        };
        // "was called by the president" is a call.
        word.lemma == "call"
            && !child(&["obl:agent"])
            && ((word.deprel.as_str() == "acl"
                && word.xpos.as_str() == "VBN"
                // "a party called X"; after a name the parse more likely
                // misread a main verb ("President X called Y").
                && word.head > 0
                && a.words[word.head - 1].upos.as_str() == "NOUN")
                || child(&["aux:pass", "nsubj:pass"]))
    };
    let mut dropped = false;
    let mut k = from;
    while k < out.len() {
        let r = &out[k];
        let overruled = r.trigger.is_some_and(|t| {
            let start = d.toks[t].start;
            let here = senses.iter().filter(|s| s.start == start);
            (here.clone().next().is_some()
                && here.clone().all(|s| s.specific)
                && !here
                    .clone()
                    .any(|s| s.class.as_deref() == Some(r.class.as_str())))
                || bare_participle(t, r.subject)
                || (NOUN_ACTOR_CHECK && noun_without_actor(t, r.subject))
                || (matches!(
                    r.class.as_str(),
                    "ASSAULT" | "COERCE" | "SANCTION" | "THREATEN" | "ACCUSE"
                ) && passive_victim(t, r.subject))
                || place_phrase(r.subject)
                || (r.class == "CONSULT" && naming_call(t))
        });
        if overruled {
            if let Some(t) = trace.as_deref_mut() {
                t.push((
                    si,
                    format!(
                        "{} dropped: the parse gives the trigger another sense",
                        r.relation
                    ),
                ));
            }
            out.remove(k);
            dropped = true;
        } else {
            k += 1;
        }
    }
    // A window reading without a target gives way to the parse's readings
    // of the same actor and class that have one: "Ghana refused to meet the
    // Togolese envoy" is a refusal towards Togo, "Chile declined a request
    // from Peru" one towards Peru.
    let mut k = from;
    while k < out.len() {
        let r = &out[k];
        if r.object.is_some() || r.rule == "frame" {
            k += 1;
            continue;
        }
        let (subject, class) = (r.subject, r.class.clone());
        let (better, rest): (Vec<Rel>, Vec<Rel>) = framed
            .into_iter()
            .partition(|g| g.subject == subject && g.class == class && g.object.is_some());
        framed = rest;
        if better.is_empty() {
            k += 1;
            continue;
        }
        if let Some(t) = trace.as_deref_mut() {
            t.push((
                si,
                format!(
                    "{} without a target gave way to the parse's reading with one",
                    out[k].relation
                ),
            ));
        }
        let n = better.len();
        out.splice(k..=k, better);
        k += n;
    }
    // Control from the parse, as the frames read it: an event under
    // "refused to" did not happen; one under "plans to" or "asked X to" is
    // a plan or a request, not a deed. The chain runs up through xcomp and,
    // for an event noun, the verb it is the object of ("urged Y to halt the
    // strikes").
    if let (Some(a), Some(table)) = (a, d.lex.frames()) {
        let mut k = from;
        while k < out.len() {
            let Some(w) = out[k].trigger.and_then(|t| a.word_at(d.toks[t].start)) else {
                k += 1;
                continue;
            };
            let (mut blocked, mut intent) = (false, false);
            let mut cur = w;
            for _ in 0..8 {
                let word = &a.words[cur];
                let dep = word.deprel.as_str();
                let climbs =
                    dep == "xcomp" || (dep == "obj" && cur == w && word.upos.as_str() == "NOUN");
                if word.head == 0 || !climbs {
                    break;
                }
                let h = word.head - 1;
                if let Some(l) = table.lookup(&a.words[h].lemma) {
                    blocked |= table.is(l, WordKind::Block);
                    intent |= table.is(l, WordKind::Intent);
                }
                cur = h;
            }
            if blocked {
                if let Some(t) = trace.as_deref_mut() {
                    t.push((
                        si,
                        format!("{} dropped: under a verb that blocks it", out[k].relation),
                    ));
                }
                out.remove(k);
                dropped = true;
                continue;
            }
            out[k].intent |= intent;
            k += 1;
        }
    }
    if dropped {
        // The parse's readings, less those a kept window reading already
        // gives.
        let ent = |m: usize| f.mentions[m].entity;
        let key = |r: &Rel| {
            (
                ent(r.subject),
                r.object.map(ent),
                r.class.clone(),
                r.negated,
            )
        };
        let have: HashSet<_> = out[from..].iter().map(key).collect();
        out.extend(framed.into_iter().filter(|r| !have.contains(&key(r))));
    }
}
