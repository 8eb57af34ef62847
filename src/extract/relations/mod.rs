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
//! - **Places**: "Muscat, Oman", "a village in northern Iraq", "the Omani
//!   capital Muscat".

use super::Doc;
use super::mentions::{Found, Mention};
use super::relations_frames::frame_events;
use crate::lexicon::{Description, Pos, Trigger};
use crate::ontology::{self, EntityType};
use crate::tokens::TokKind;
use std::collections::HashSet;
use std::ops::Range;

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
    /// Speaker mention.
    pub attributed_to: Option<usize>,
    /// Rule name.
    pub rule: &'static str,
}

/// Nouns that make "attacked the …" a criticism.
const CRITICISM_OBJECTS: &[&str] = &[
    "plan",
    "plans",
    "proposal",
    "proposals",
    "report",
    "policy",
    "policies",
    "decision",
    "idea",
    "statement",
    "remarks",
    "comments",
    "move",
    "bill",
    "law",
    "speech",
    "approach",
    "strategy",
    "stance",
    "position",
    "agenda",
    "claims",
    "record",
    "budget",
    "deal",
    "resolution",
    "ruling",
    "verdict",
    "handling",
    "response",
    "rhetoric",
    "tariffs",
    "tariff",
];

static CRITICIZES: std::sync::LazyLock<Trigger> = std::sync::LazyLock::new(|| Trigger {
    tokens: vec![],
    relation: "criticizes".into(),
    class: "ACCUSE".into(),
    cameo: "111".into(),
    pos: Pos::Verb,
});

const NEGATIONS: &[&str] = &["not", "never", "no", "n't", "neither", "nor", "without"];
const MODALS: &[&str] = &[
    "will", "would", "could", "may", "might", "shall", "should", "'ll", "’ll",
];
const INTENT_VERBS: &[&str] = &[
    "plans",
    "plan",
    "planned",
    "planning",
    "intends",
    "intend",
    "intended",
    "aims",
    "aim",
    "vowed",
    "vows",
    "pledged",
    "pledges",
    "promised",
    "promises",
    "agreed",
    "agree",
    "agrees",
    "expected",
    "seeks",
    "sought",
    "wants",
    "wanted",
    "hopes",
    "hoped",
    "offered",
    "offers",
    "threatened",
    "threatens",
    "prepared",
    "preparing",
    "ready",
    "set",
    "due",
    "decided",
    "refused",
    "declined",
    "going",
];
const BE: &[&str] = &[
    "was", "were", "been", "being", "is", "are", "be", "got", "get",
];
const DIRECTIONS: &[&str] = &[
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "north",
    "south",
    "east",
    "west",
    "northeastern",
    "northwestern",
    "southeastern",
    "southwestern",
    "north-east",
    "north-west",
    "south-east",
    "south-west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "rural",
    "coastal",
    "occupied",
];
const TITLE_FILLERS: &[&str] = &[
    "foreign",
    "ministry",
    "defense",
    "defence",
    "military",
    "army",
    "government",
    "presidential",
    "national",
    "security",
    "interior",
    "justice",
    "navy",
    "policy",
    "former",
    "then",
    "new",
    "current",
    "acting",
    "special",
    "top",
    "senior",
    "chief",
    "deputy",
    "interim",
    "longtime",
    "veteran",
    "outgoing",
    "incoming",
    "powerful",
    "de",
    "facto",
];

/// Whether a mention can act or be acted upon.
pub(super) fn is_actor(m: &Mention) -> bool {
    !matches!(m.kind, EntityType::Location)
}

/// At most this many actors in one "A, B and C" compound, so that a list of
/// thousands of names does not give millions of pairwise relations.
const MAX_COMPOUND: usize = 12;

struct Ctx<'a, 'b> {
    d: &'a Doc<'b>,
    f: &'a Found,
    paren: Vec<bool>,
}

impl Ctx<'_, '_> {
    fn mention_at(&self, k: usize) -> Option<usize> {
        self.f.at_token.get(k).copied().flatten()
    }

    /// Mentions joined to `m` by "and" / "," / "or" on the left, in order.
    fn compound_left(&self, m: usize, lo: usize) -> Vec<usize> {
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
    fn compound_right(&self, m: usize, hi: usize) -> Vec<usize> {
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
    fn subject_left(&self, k: usize, lo: usize) -> Option<usize> {
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
                // A compound governed as a whole: "citizens from Jordan and
                // Iraq" (joined by "and"/"or", not an apposition).
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
                // follows ("captured by the battalion, and accused of …").
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
    fn object_right(
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

fn is_prep(w: &str) -> bool {
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

/// Prepositions that introduce the object of a relation.
fn object_preps(relation: &str, pos: Pos) -> (&'static [&'static str], bool, bool) {
    // (allowed governors, direct object allowed, places allowed)
    let direct = pos == Pos::Verb;
    match relation {
        "deploys" => (
            &[
                "to", "in", "into", "near", "along", "off", "toward", "towards", "on", "inside",
                "across",
            ],
            false,
            true,
        ),
        "visits" => (&["to"], direct, true),
        "negotiates_with" | "meets_with" | "cooperates_with" | "calls" => {
            (&["with", "between", "among"], direct, false)
        }
        "mediates" => (&["between", "among", "for"], direct, false),
        "signs_agreement_with" => (&["with", "between"], false, false),
        "attacks" => (
            &["on", "against", "at", "in", "into", "upon", "of"],
            direct,
            true,
        ),
        "threatens" | "warns" => (&["against", "on", "to"], direct, false),
        "sanctions" => (&["on", "against"], direct, false),
        "aids" | "supports" => (&["to", "for"], direct, false),
        "demands" => (&["on", "from", "of"], direct, false),
        "protests" => (&["against"], false, false),
        "coerces" => (&["on", "against", "of"], direct, false),
        "accuses" => (&["against", "of", "on"], direct, false),
        "rejects" => (&["from"], direct, false),
        "hosts" | "agrees_with" => (&["with"], direct, false),
        _ => (&["with", "against", "on", "to"], direct, false),
    }
}

/// Marks tokens inside parentheticals: "( … )" and ", who/which/the … ,".
fn parentheticals(d: &Doc, r: &Range<usize>, f: &Found) -> Vec<(usize, usize)> {
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
        // The comma after an introductory phrase ("In addition, the EU …")
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
                if frame_events(d, f, si, &evidence, &mut out).is_none() {
                    events(&cx, si, r, &evidence, &mut out);
                }
            }
            Events::FramesThenWindow => {
                if frame_events(d, f, si, &evidence, &mut out).is_none_or(|n| n == 0) {
                    events(&cx, si, r, &evidence, &mut out);
                }
            }
            Events::WindowThenFrames => {
                let before = out.len();
                events(&cx, si, r, &evidence, &mut out);
                if out.len() == before {
                    frame_events(d, f, si, &evidence, &mut out);
                }
            }
            Events::Window => events(&cx, si, r, &evidence, &mut out),
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

#[allow(clippy::too_many_arguments)]
pub(super) fn push(
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
    // "Marines … began their assault": the named mention of the same entity
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
        attributed_to: None,
        rule,
    });
}

/// Role relations from titles.
fn roles(cx: &Ctx, si: usize, r: &Range<usize>, ev: &Range<usize>, out: &mut Vec<Rel>) {
    let d = cx.d;
    let f = cx.f;
    // Titles are in text order: visit only this sentence's (linear overall).
    let first = f.titles.partition_point(|t| t.tok.start < r.start);
    for t in f.titles[first..].iter().take_while(|t| t.tok.start < r.end) {
        if t.tok.start < r.start || t.tok.end > r.end {
            continue;
        }
        let Some(rel) = &t.relation else { continue };
        // Owner before: "Iran's foreign minister", "US President", "US Middle East envoy".
        let mut owner = None;
        let mut j = t.tok.start;
        while j > r.start {
            j -= 1;
            let w = d.low(j);
            if TITLE_FILLERS.contains(&w) {
                continue;
            }
            if d.toks[j].kind == TokKind::Possessive {
                continue;
            }
            if let Some(m) = cx.mention_at(j) {
                let mm = &f.mentions[m];
                if mm.kind == EntityType::Location && !mm.demonym {
                    j = mm.tok.start;
                    continue; // "US Middle East envoy"
                }
                if matches!(
                    mm.kind,
                    EntityType::Country
                        | EntityType::Organization
                        | EntityType::Group
                        | EntityType::Other
                ) {
                    owner = Some(m);
                    // "Iran's UN ambassador": the possessive owner wins.
                    let s0 = mm.tok.start;
                    if s0 >= r.start + 2
                        && d.toks[s0 - 1].kind == TokKind::Possessive
                        && let Some(p) = cx.mention_at(s0 - 2)
                        && f.mentions[p].kind == EntityType::Country
                    {
                        owner = Some(p);
                    }
                }
            }
            break;
        }
        // Owner after: "President of Syria", "Secretary-General of the UN".
        let mut after = t.tok.end;
        if owner.is_none() && d.low(after) == "of" {
            let mut q = after + 1;
            if d.low(q) == "the" {
                q += 1;
            }
            if let Some(m) = cx.mention_at(q)
                && f.mentions[m].kind != EntityType::Person
            {
                owner = Some(m);
                after = f.mentions[m].tok.end;
            }
        }
        let Some(owner) = owner else { continue };
        // Person after the title ("President Donald Trump", "Gen. X").
        let mut p = after;
        if d.tok(p) == "." || d.tok(p) == "," {
            p += 1;
        }
        let mut person = cx
            .mention_at(p)
            .filter(|&m| f.mentions[m].kind == EntityType::Person && f.mentions[m].tok.start == p);
        // Appositive: "X, who is Y's foreign minister", "X, the Y envoy".
        if person.is_none() {
            let mut j = f.mentions[owner].tok.start.min(t.tok.start);
            let mut saw_comma = false;
            let mut steps = 0;
            while j > r.start && steps < 8 {
                j -= 1;
                steps += 1;
                let w = d.low(j);
                if w == "," {
                    saw_comma = true;
                    continue;
                }
                if matches!(
                    w,
                    "who"
                        | "is"
                        | "was"
                        | "the"
                        | "a"
                        | "an"
                        | "as"
                        | "has"
                        | "been"
                        | "serves"
                        | "served"
                ) || TITLE_FILLERS.contains(&w)
                {
                    continue;
                }
                if let Some(m) = cx.mention_at(j)
                    && f.mentions[m].kind == EntityType::Person
                    && (saw_comma || matches!(d.low(j + 1), "is" | "was" | "as"))
                {
                    person = Some(m);
                }
                break;
            }
        }
        // "was appointed by X as the Iraqi commander": the appointee.
        if let Some(pm) = person
            && is_agent(cx, pm, r.start)
        {
            person = cx
                .subject_left(f.mentions[pm].tok.start, r.start)
                .filter(|&s| f.mentions[s].kind == EntityType::Person);
        }
        if let Some(pm) = person {
            affiliation(out, f, rel, pm, owner, si, ev, "title");
        }
    }
    // Nationality: "Australian Rodney Eyles", "Iranian dissident Ali Karimi".
    for k in r.clone() {
        let Some(m) = cx.mention_at(k) else { continue };
        let mm = &f.mentions[m];
        if !mm.demonym || mm.tok.start != k {
            continue;
        }
        let mut q = mm.tok.end;
        // allow a few lowercase descriptors ("dissident", "tennis star")
        while q < mm.tok.end + 3
            && q < r.end
            && d.tok(q).chars().next().is_some_and(char::is_lowercase)
            && d.toks[q].kind == TokKind::Word
        {
            q += 1;
        }
        if let Some(p) = cx.mention_at(q)
            && f.mentions[p].kind == EntityType::Person
            && f.mentions[p].tok.start == q
            && f.title_at
                .get(q.saturating_sub(1))
                .copied()
                .flatten()
                .is_none()
        {
            affiliation(out, f, "citizen_of", p, m, si, ev, "nationality");
        }
    }
    // "X led the Y delegation".
    for k in r.clone() {
        if !matches!(
            d.low(k),
            "led" | "leads" | "leading" | "heads" | "headed" | "heading"
        ) {
            continue;
        }
        let mut q = k + 1;
        if matches!(d.low(q), "the" | "a" | "an" | "his" | "her") {
            q += 1;
        }
        let Some(owner) = cx.mention_at(q) else {
            continue;
        };
        let after = f.mentions[owner].tok.end;
        let noun = d.low(after);
        let rel = match noun {
            "delegation" | "team" | "mission" | "negotiators" => "leads_delegation_of",
            _ if matches!(
                f.mentions[owner].kind,
                EntityType::Organization | EntityType::Group
            ) =>
            {
                "leads"
            }
            "forces" | "army" | "government" | "military" | "troops" => "leads",
            _ => continue,
        };
        if let Some(s) = cx.subject_left(k, r.start)
            && f.mentions[s].kind == EntityType::Person
        {
            affiliation(out, f, rel, s, owner, si, ev, "led");
        }
    }
}

/// LOCATED_IN from "City, Country", "X in Y" and "the Omani capital Muscat".
fn places(cx: &Ctx, si: usize, r: &Range<usize>, ev: &Range<usize>, out: &mut Vec<Rel>) {
    let d = cx.d;
    let f = cx.f;
    // Mentions are in text order: visit only this sentence's (linear overall).
    let first = f.mentions.partition_point(|m| m.tok.start < r.start);
    let ms: Vec<usize> = (first..f.mentions.len())
        .take_while(|&m| f.mentions[m].tok.start < r.end)
        .filter(|&m| f.mentions[m].tok.end <= r.end)
        .collect();
    let is_place = |o: usize| {
        let om = &f.mentions[o];
        matches!(om.kind, EntityType::Country | EntityType::Location) && !om.demonym
    };
    // Dateline or venue: "Chesterfield : Worcestershire 238 …", "LONDON - …".
    if let Some(&m0) = ms.first()
        && f.mentions[m0].tok.start == r.start
        && is_place(m0)
        && matches!(
            d.tok(f.mentions[m0].tok.end),
            ":" | "-" | "\u{2013}" | "\u{2014}"
        )
        && let Some(&m1) = ms.get(1)
        && !is_place(m1)
        && f.mentions[m1].kind != EntityType::Person
    {
        located_in(out, f, m1, m0, si, ev, "venue");
        // A results line: every team with a score played at the venue
        // ("Hove : Sussex 363 ( … ) , Lancashire 197-8 ( … )").
        if d.tok(f.mentions[m0].tok.end) == ":" {
            for &t in ms.iter().skip(2) {
                let tm = &f.mentions[t];
                if tm.kind == EntityType::Organization
                    && !cx.paren[tm.tok.start]
                    && d.toks
                        .get(tm.tok.end)
                        .is_some_and(|x| x.kind == TokKind::Number)
                {
                    located_in(out, f, t, m0, si, ev, "venue");
                }
            }
        }
    }
    // A scorers line: "Northland - Ana Varga ( 12th ) , Ion Petre ( 60th )".
    if let Some(&m0) = ms.first()
        && f.mentions[m0].tok.start == r.start
        && matches!(
            f.mentions[m0].kind,
            EntityType::Country | EntityType::Organization
        )
        && !f.mentions[m0].demonym
        && matches!(d.tok(f.mentions[m0].tok.end), "-" | "\u{2013}")
        && d.toks[f.mentions[m0].tok.end].space_before
    {
        let mut q = f.mentions[m0].tok.end + 1;
        while q < r.end {
            let Some(p) = cx.mention_at(q).filter(|&p| {
                f.mentions[p].kind == EntityType::Person && f.mentions[p].tok.start == q
            }) else {
                break;
            };
            q = f.mentions[p].tok.end;
            // "( 31st )", "( pen )"
            if d.tok(q) == "(" {
                match (q..r.end).find(|&z| d.tok(z) == ")") {
                    Some(z) => q = z + 1,
                    None => break,
                }
            }
            affiliation(out, f, "plays_for", p, m0, si, ev, "scorers");
            if matches!(d.tok(q), "," | ";") {
                q += 1;
            } else {
                break;
            }
        }
    }
    for &m in &ms {
        let mm = &f.mentions[m];
        let e = mm.tok.end;
        // "Pete Sampras ( U.S. )", "The Oval ( London )"
        if d.tok(e) == "("
            && let Some(o) = cx.mention_at(e + 1)
            && d.tok(f.mentions[o].tok.end) == ")"
            && is_place(o)
            && !mm.demonym
            && mm.kind != EntityType::Country
        {
            located_in(out, f, m, o, si, ev, "paren-place");
        }
        // "Iraqi security forces in Baghdad": a few lowercase words between.
        if !matches!(mm.kind, EntityType::Country) && !mm.demonym {
            let mut q = e;
            // "AQI's effort in Iraq"
            let poss = usize::from(d.toks.get(e).is_some_and(|t| t.kind == TokKind::Possessive));
            q += poss;
            while q < e + poss + 3
                && q < r.end
                && d.tok(q).chars().next().is_some_and(char::is_lowercase)
                && !clause_verb(d.low(q))
                && d.low(q) != "part"
                && !matches!(
                    d.low(q),
                    "in" | "at"
                        | "and"
                        | "or"
                        | "to"
                        | "of"
                        | "from"
                        | "with"
                        | "by"
                        | "for"
                        | "on"
                        | "was"
                        | "were"
                        | "is"
                        | "are"
                        | "has"
                        | "had"
                        | "have"
                        | "said"
                        | "says"
                )
            {
                q += 1;
            }
            if q > e && matches!(d.low(q), "in" | "at") {
                let mut z = q + 1;
                if matches!(d.low(z), "the") {
                    z += 1;
                }
                if DIRECTIONS.contains(&d.low(z)) {
                    z += 1;
                }
                if let Some(o) = cx.mention_at(z)
                    && is_place(o)
                    && o != m
                {
                    located_in(out, f, m, o, si, ev, "phrase-in-place");
                }
            }
        }
        // "Muscat, Oman"
        if mm.kind == EntityType::Location
            && d.tok(e) == ","
            && let Some(o) = cx.mention_at(e + 1)
        {
            let om = &f.mentions[o];
            if matches!(om.kind, EntityType::Country | EntityType::Location) && !om.demonym {
                located_in(out, f, m, o, si, ev, "comma-place");
            }
        }
        // "X in (northern) Y"
        if matches!(
            mm.kind,
            EntityType::Location
                | EntityType::Organization
                | EntityType::Group
                | EntityType::Other
                | EntityType::Person
        ) && !mm.demonym
            && matches!(d.low(e), "in" | "at" | "inside")
        {
            let mut q = e + 1;
            if DIRECTIONS.contains(&d.low(q)) {
                q += 1;
            }
            if let Some(o) = cx.mention_at(q) {
                let om = &f.mentions[o];
                if matches!(om.kind, EntityType::Country | EntityType::Location) && !om.demonym {
                    located_in(out, f, m, o, si, ev, "in-place");
                }
            }
        }
        // "the Omani capital Muscat", "the Egyptian resort of Sharm el-Sheikh"
        let of = usize::from(d.low(e + 1) == "of");
        if (mm.demonym || mm.kind == EntityType::Country)
            && matches!(
                d.low(e),
                "capital"
                    | "city"
                    | "port"
                    | "town"
                    | "province"
                    | "region"
                    | "resort"
                    | "village"
                    | "district"
                    | "border"
                    | "enclave"
            )
            && let Some(o) = cx.mention_at(e + 1 + of)
            && f.mentions[o].kind == EntityType::Location
        {
            located_in(out, f, o, m, si, ev, "capital-of");
        }
    }
}

/// Wars named by their sides: "the Iran-Iraq War", "the Iran–Iraq war".
fn named_wars(cx: &Ctx, si: usize, r: &Range<usize>, ev: &Range<usize>, out: &mut Vec<Rel>) {
    let d = cx.d;
    let f = cx.f;
    for k in r.clone() {
        if !matches!(d.low(k), "war" | "conflict") || k < r.start + 3 {
            continue;
        }
        let (Some(b), Some(a)) = (cx.mention_at(k - 1), cx.mention_at(k - 3)) else {
            continue;
        };
        let (mb, ma) = (&f.mentions[b], &f.mentions[a]);
        if matches!(d.tok(k - 2), "-" | "\u{2013}" | "/")
            && ma.tok.end == k - 2
            && mb.tok.start == k - 1
            && ma.kind == EntityType::Country
            && mb.kind == EntityType::Country
        {
            push(
                out,
                f,
                "fights",
                "ASSAULT",
                "190",
                a,
                Some(b),
                si,
                ev,
                (false, false),
                "war-name",
            );
        }
    }
}

/// Scorecards: the players listed in parentheses after a team's score play
/// for it ("Kent 280 ( J. Moss 95 , R. Lane 40 )").
fn scorecards(cx: &Ctx, si: usize, r: &Range<usize>, ev: &Range<usize>, out: &mut Vec<Rel>) {
    let d = cx.d;
    let f = cx.f;
    let first = f.mentions.partition_point(|m| m.tok.start < r.start);
    for m in (first..f.mentions.len()).take_while(|&m| f.mentions[m].tok.start < r.end) {
        let mm = &f.mentions[m];
        if mm.kind != EntityType::Organization {
            continue;
        }
        let mut q = mm.tok.end;
        let mut scores = 0;
        while q < r.end
            && (d.toks[q].kind == TokKind::Number
                || matches!(d.low(q), "-" | "and" | "for" | "not" | "out" | "/"))
        {
            scores += usize::from(d.toks[q].kind == TokKind::Number);
            q += 1;
        }
        if scores == 0 || q >= r.end || d.tok(q) != "(" {
            continue;
        }
        q += 1;
        while q < r.end && d.tok(q) != ")" {
            if let Some(p) = cx.mention_at(q) {
                let pm = &f.mentions[p];
                if pm.kind == EntityType::Person && pm.tok.start == q {
                    affiliation(out, f, "plays_for", p, m, si, ev, "scorecard");
                }
                q = pm.tok.end;
                continue;
            }
            q += 1;
        }
    }
}

/// Verbs of leading or controlling: "founded by X", "X heads Y".
const LEAD_VERBS: &[(&str, &str)] = &[
    ("founded", "founded"),
    ("established", "founded"),
    ("created", "founded"),
    ("formed", "founded"),
    ("headed", "leads"),
    ("heads", "leads"),
    ("led", "leads"),
    ("run", "leads"),
    ("runs", "leads"),
    ("ran", "leads"),
    ("commanded", "commands"),
    ("commands", "commands"),
    ("chaired", "leads"),
    ("chairs", "leads"),
    ("controlled", "controls"),
    ("controls", "controls"),
    ("owned", "owns"),
    ("owns", "owns"),
    // A place captured or seized by X is held by X ("the barrage was
    // captured by the Islamic State"); a captured person is not.
    ("captured", "seizes"),
    ("seized", "seizes"),
];

/// Verbs that give someone a role: "appointed X the commander for Y".
const APPOINT: &[&str] = &["appointed", "named", "made", "elected", "designated"];

/// Whether mention `m` is the agent of a passive ("by X", "by his brother X").
fn is_agent(cx: &Ctx, m: usize, lo: usize) -> bool {
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
        // "by US Special Operations": a name right before this one.
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
            // "by the Kenyan 9th Rapid Response Brigade"
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

/// Affiliation from common-noun roles and leadership verbs:
/// "Dorin was an officer in the army", "Lena Fors, a member of
/// the party", "the group was founded by X", "It is run by the Ministry",
/// "the second town held by the rebels".
fn role_phrases(cx: &Ctx, si: usize, r: &Range<usize>, ev: &Range<usize>, out: &mut Vec<Rel>) {
    let d = cx.d;
    let f = cx.f;
    let owner_after = |k: usize| {
        let mut q = k;
        if matches!(d.low(q), "the" | "its" | "their" | "all") {
            q += 1;
        }
        cx.mention_at(q).filter(|&m| {
            let mm = &f.mentions[m];
            mm.tok.start == q
                && !mm.demonym
                && matches!(
                    mm.kind,
                    EntityType::Organization | EntityType::Group | EntityType::Country
                )
        })
    };
    for k in r.clone() {
        if cx.mention_at(k).is_some() || !d.tok(k).chars().next().is_some_and(char::is_lowercase) {
            continue;
        }
        let w = d.low(k);
        // Role nouns: one-word titles with a relation, and member nouns.
        let rel: Option<String> = d
            .lex
            .titles
            .get(w)
            .and_then(|ts| {
                ts.iter()
                    .find(|t| t.tokens.len() == 1)
                    .and_then(|t| t.relation.clone())
            })
            .or_else(|| {
                (d.lex.descriptions.get(w) == Some(&Description::Member))
                    .then(|| "member_of".to_string())
            });
        if let Some(rel) = rel
            && k + 1 < r.end
            && matches!(d.low(k + 1), "of" | "in" | "for" | "with")
            && let Some(owner) = owner_after(k + 2)
        {
            // Back over modifiers to the article, then to the person.
            let mut j = k;
            let mut mods = 0;
            while j > r.start && mods < 3 && !matches!(d.low(j - 1), "a" | "an" | "the") {
                let pw = d.tok(j - 1);
                let modifier = (pw.chars().next().is_some_and(char::is_lowercase)
                    && cx.mention_at(j - 1).is_none())
                    || cx.mention_at(j - 1).is_some_and(|m| f.mentions[m].demonym);
                if !modifier {
                    break;
                }
                j -= 1;
                mods += 1;
            }
            if j > r.start + 1 && matches!(d.low(j - 1), "a" | "an" | "the") {
                let mut q = j - 2;
                if matches!(d.low(q), "is" | "was" | "became" | "as" | "remains") && q > r.start {
                    q -= 1;
                } else if d.low(q) == "," {
                    if q > r.start {
                        q -= 1;
                    }
                } else if !cx.mention_at(q).is_some_and(|m| {
                    // "appointed Abu Ghadiya the commander for AQI"
                    let ms = f.mentions[m].tok.start;
                    ms > r.start && APPOINT.contains(&d.low(ms - 1))
                }) {
                    continue;
                }
                // "was appointed by X as the commander": the appointee is the
                // subject, not the agent after "by".
                if let Some(m) = cx.mention_at(q)
                    && is_agent(cx, m, r.start)
                {
                    match cx.subject_left(f.mentions[m].tok.start, r.start) {
                        Some(s) => q = f.mentions[s].tok.end - 1,
                        None => continue,
                    }
                }
                if let Some(p) = cx.mention_at(q)
                    && f.mentions[p].tok.end == q + 1
                    && matches!(
                        f.mentions[p].kind,
                        EntityType::Person | EntityType::Organization | EntityType::Group
                    )
                    && !f.mentions[p].demonym
                    // "Speaking to AFP, the president of …": AFP is not the president.
                    && !(f.mentions[p].tok.start > r.start
                        && is_prep(d.low(f.mentions[p].tok.start - 1)))
                {
                    affiliation(out, f, &rel, p, owner, si, ev, "role-phrase");
                }
            }
            continue;
        }
        // Leadership verbs, but not "U.S.-led" (an adjective).
        let Some(&(_, lead)) = LEAD_VERBS.iter().find(|(v, _)| *v == w) else {
            continue;
        };
        if k > r.start && d.tok(k - 1) == "-" && !d.toks[k].space_before {
            continue;
        }
        if d.low(k + 1) == "by" {
            // "was founded by X", "headed by his cousin Omar Field".
            let mut q = k + 2;
            let mut skip = 0;
            while q < r.end
                && skip < 4
                && cx.mention_at(q).is_none()
                && (f.title_at[q].is_some()
                    || matches!(d.low(q), "the" | "former" | "late" | "then" | ".")
                    || (d.tok(q).chars().next().is_some_and(char::is_lowercase)
                        && d.lex.titles.contains_key(d.low(q))))
            {
                q += 1;
                skip += 1;
            }
            // "headed by his cousin Omar Field": past the possessive.
            if matches!(d.low(q), "his" | "her" | "its" | "their") {
                q += 1;
                while q < r.end
                    && cx.mention_at(q).is_none()
                    && d.tok(q).chars().next().is_some_and(char::is_lowercase)
                {
                    q += 1;
                }
            }
            let Some(agent) = cx.mention_at(q) else {
                continue;
            };
            if f.mentions[agent].kind == EntityType::Location || f.mentions[agent].demonym {
                continue;
            }
            // A full passive ("was founded by") takes the clause subject; a
            // reduced one ("the constitution established by") the name just
            // before the verb.
            let full = (k.saturating_sub(3).max(r.start)..k).any(|q| BE.contains(&d.low(q)));
            let near = |m: usize| f.mentions[m].tok.end + 3 >= k;
            let subject = cx.subject_left(k, r.start).filter(|&m| {
                let mm = &f.mentions[m];
                // Not the owner in "Rouhani's new plan", not an adjective.
                !mm.demonym
                    && d.toks
                        .get(mm.tok.end)
                        .is_none_or(|t| t.kind != TokKind::Possessive)
                    && (full || near(m))
                    && (mm.tok.end..k).all(|q| {
                        d.tok(q) != "," || matches!(d.low(q + 1), "and" | "which" | "who" | "that")
                    })
            });
            let Some(patient) = subject.or_else(|| {
                // "the second town held by the rebels", "the port was long
                // controlled by": a place just before.
                (k.saturating_sub(4).max(r.start)..k)
                    .rev()
                    .find_map(|q| cx.mention_at(q))
            }) else {
                continue;
            };
            // "It was set up by Ruth Kell, and was later run
            // by her son": skip the agent of the earlier passive.
            let mut patient = patient;
            for _ in 0..3 {
                if !is_agent(cx, patient, r.start) {
                    break;
                }
                match cx.subject_left(f.mentions[patient].tok.start, r.start) {
                    Some(p) => patient = p,
                    None => break,
                }
            }
            // "Arden is the second town held by the rebels": the subject of
            // the copula, not the description after it.
            let ps = f.mentions[patient].tok.start;
            if f.mentions[patient].rule == "definite"
                && ps > r.start
                && matches!(d.low(ps - 1), "is" | "was")
                && let Some(subj) = (r.start..ps - 1).rev().find_map(|q| cx.mention_at(q))
            {
                patient = subj;
            }
            let place_patient = matches!(
                f.mentions[patient].kind,
                EntityType::Location | EntityType::Other
            );
            let seize = matches!(lead, "seizes");
            if patient != agent
                && !is_agent(cx, patient, r.start)
                && (lead == "controls" || (seize && place_patient) || (!seize && !place_patient))
            {
                let lead = if seize { "controls" } else { lead };
                affiliation(out, f, lead, agent, patient, si, ev, "led-by");
            }
        } else if w != "led" && w != "run" && lead != "seizes" {
            // "X founded Y", "X commands Y".
            let Some(owner) = owner_after(k + 1) else {
                continue;
            };
            if let Some(s) = cx.subject_left(k, r.start)
                && matches!(
                    f.mentions[s].kind,
                    EntityType::Person | EntityType::Organization | EntityType::Group
                )
                && s != owner
            {
                affiliation(out, f, lead, s, owner, si, ev, "lead-verb");
            }
        }
    }
}

/// Auxiliaries and past forms that show a clause has a verb ("was posted",
/// "will host", "arrived").
fn clause_verb(w: &str) -> bool {
    matches!(
        w,
        "is" | "was"
            | "were"
            | "are"
            | "has"
            | "had"
            | "have"
            | "will"
            | "would"
            | "be"
            | "been"
            | "being"
            | "host"
            | "hosts"
            | "live"
            | "lives"
            | "stay"
            | "stays"
            | "remain"
            | "remains"
            | "met"
            | "held"
            | "spoke"
            | "fought"
            | "went"
            | "fled"
            | "flew"
            | "came"
    ) || (w.len() > 4 && w.ends_with("ed"))
}

/// Verbs of motion whose "to P" gives where the mover ends up.
const MOTION: &[&str] = &[
    "transferred",
    "moved",
    "travelled",
    "traveled",
    "returned",
    "fled",
    "went",
    "came",
    "flew",
    "deported",
    "extradited",
    "relocated",
    "escaped",
];

/// Verbs after which "from P" says where someone was.
const FROM_VERBS: &[&str] = &[
    "kidnapped",
    "abducted",
    "airlifted",
    "evacuated",
    "returned",
    "fled",
    "escaped",
    "deported",
    "expelled",
    "released",
    "hails",
    "arrived",
    "withdrew",
    "transferred",
    "flew",
    "rescued",
];

/// Classes whose place is a target, not where the actor is.
const TARGET_CLASSES: &[&str] = &[
    "ASSAULT", "COERCE", "THREATEN", "SANCTION", "MOBILIZE", "AID", "PROTEST", "ACCUSE",
];

/// Presence: a person or organization is somewhere because the clause says
/// so ("Dorin was posted in Mombasa", "he was transferred to Saudi Arabia",
/// "the EU will host a conference in Brussels", "Captured in Lodwar, he
/// …"), and descriptions of what a thing is ("Kobo is a village in
/// northern Kenya", "Garissa, a town in eastern Kenya"). States are left out:
/// "Iran held talks in Oman" does not put Iran in Oman.
fn presence(cx: &Ctx, si: usize, r: &Range<usize>, ev: &Range<usize>, out: &mut Vec<Rel>) {
    let d = cx.d;
    let f = cx.f;
    let present = |m: usize| {
        let mm = &f.mentions[m];
        // A state's forces stand for the state: "Russian forces launched
        // missiles at Kyiv" does not put Russia in Kyiv.
        !mm.demonym
            && mm.rule != "state-forces"
            && matches!(
                mm.kind,
                EntityType::Person
                    | EntityType::Organization
                    | EntityType::Group
                    | EntityType::Location
                    | EntityType::Other
            )
    };
    let place_after = |k: usize| {
        let mut z = k;
        if d.low(z) == "the" {
            z += 1;
        }
        if DIRECTIONS.contains(&d.low(z)) {
            z += 1;
        }
        cx.mention_at(z).filter(|&o| {
            let om = &f.mentions[o];
            // "inside Syrian territory", "in Iraqi waters"
            let land = om.demonym
                && matches!(
                    d.low(om.tok.end),
                    "territory" | "soil" | "waters" | "airspace" | "side"
                );
            matches!(om.kind, EntityType::Country | EntityType::Location)
                && (!om.demonym || land)
                && om.tok.start == z
        })
    };
    for k in r.clone() {
        let w = d.low(k);
        let motion = matches!(w, "to" | "into")
            && (k.saturating_sub(2)..k).any(|q| q >= r.start && MOTION.contains(&d.low(q)));
        if !(matches!(w, "in" | "at" | "inside" | "near" | "on" | "from") || motion) {
            continue;
        }
        let Some(p) = place_after(k + 1) else {
            continue;
        };
        // "valued at US$4.2 billion": money, not a place.
        if matches!(d.tok(f.mentions[p].tok.end), "$" | "€" | "£")
            && !d.toks[f.mentions[p].tok.end].space_before
        {
            continue;
        }
        // "from" gives where someone was only after verbs of leaving.
        if w == "from"
            && !(k.saturating_sub(3).max(r.start)..k).any(|q| FROM_VERBS.contains(&d.low(q)))
            && !(k > r.start
                && cx.mention_at(k - 1).is_none()
                && d.tok(k - 1).chars().next().is_some_and(char::is_lowercase)
                && !clause_verb(d.low(k - 1)))
        {
            continue;
        }
        // "Kobo (…) is a village in northern Kenya", "Garissa, a town in
        // eastern Kenya", "a mosque located in Brandbergen".
        let mut j = k;
        let mut nouns = 0;
        while j > r.start
            && nouns < 6
            && (d.tok(j - 1).chars().next().is_some_and(char::is_lowercase)
                || d.toks[j - 1].kind == TokKind::Number
                || d.tok(j - 1) == "-")
            && !matches!(
                d.low(j - 1),
                "a" | "an" | "the" | "is" | "was" | "are" | "were"
            )
            && cx.mention_at(j - 1).is_none()
        {
            j -= 1;
            nouns += 1;
        }
        // The article: "a village", or "one of the largest hospitals".
        let mut art = None;
        if nouns > 0 && j > r.start + 1 {
            if matches!(d.low(j - 1), "a" | "an") {
                art = Some(j - 1);
            } else if d.low(j - 1) == "the"
                && j > r.start + 3
                && d.low(j - 2) == "of"
                && d.low(j - 3) == "one"
            {
                art = Some(j - 3);
            }
        }
        if let Some(a) = art
            && a > r.start
        {
            let mut q = a - 1;
            if matches!(d.low(q), "is" | "was" | "are" | "were" | ",") && q > r.start {
                q -= 1;
                // Skip a parenthetical before the verb: "Hibhib (Arabic: …) is".
                while q > r.start
                    && cx.paren[q]
                    && cx.mention_at(q).is_none_or(|m| f.mentions[m].tok.start > q)
                {
                    q -= 1;
                }
                while q > r.start && cx.paren[q] {
                    q -= 1;
                }
                if let Some(m) = cx.mention_at(q)
                    && present(m)
                    && f.mentions[m].tok.end == q + 1
                    && f.mentions[m].entity != f.mentions[p].entity
                {
                    // "Samarra Barrage (…) and Tharthar Barrage (…) is a barrage on …"
                    for s in compound_with_parens(cx, m, r.start) {
                        if present(s) && f.mentions[s].entity != f.mentions[p].entity {
                            located_in(out, f, s, p, si, ev, "is-a-in");
                        }
                    }
                    continue;
                }
            }
        }
        if w == "on" || w == "near" {
            continue;
        }
        // "A nurse from Lodwar, Mary Akinyi, said": the person
        // named after the comma.
        let pe0 = f.mentions[p].tok.end;
        if w == "from"
            && d.tok(pe0) == ","
            && let Some(m) = cx.mention_at(pe0 + 1)
            && f.mentions[m].kind == EntityType::Person
            && f.mentions[m].tok.start == pe0 + 1
            && (k.saturating_sub(4).max(r.start)..k).all(|q| cx.mention_at(q).is_none())
        {
            present_in(out, f, m, p, si, ev);
            continue;
        }
        // Participle before its subject: "After being held in Lodwar, she …"
        let pe = f.mentions[p].tok.end;
        if d.tok(pe) == ","
            && k > r.start
            && (r.start..k).all(|q| cx.mention_at(q).is_none())
            && (r.start..k).any(|q| clause_verb(d.low(q)))
            && let Some(m) = cx.mention_at(pe + 1)
            && present(m)
            && f.mentions[m].kind == EntityType::Person
        {
            present_in(out, f, m, p, si, ev);
            continue;
        }
        if w == "from"
            && !(k.saturating_sub(3).max(r.start)..k).any(|q| FROM_VERBS.contains(&d.low(q)))
        {
            continue;
        }
        // Subject … verb … in P.
        let Some(m) = cx.subject_left(k, r.start) else {
            continue;
        };
        let mm = &f.mentions[m];
        if !present(m) || mm.kind == EntityType::Location || mm.tok.end >= k {
            continue;
        }
        // "X met with the Minister of Y, Z, in Canberra": Z closes an
        // apposition; Z and the one who met Z were there.
        if mm.tok.end + 1 == k && d.tok(k - 1) == "," && w == "in" {
            let meet = (r.start..mm.tok.start).rev().find(|&q| {
                matches!(
                    d.low(q),
                    "met" | "meets" | "meeting" | "hosted" | "received"
                )
            });
            if let Some(v) = meet {
                present_in(out, f, m, p, si, ev);
                if let Some(s) = cx.subject_left(v, r.start)
                    && present(s)
                    && f.mentions[s].kind != EntityType::Location
                {
                    present_in(out, f, s, p, si, ev);
                }
            }
            continue;
        }
        let between = mm.tok.end..k;
        if between.len() > 8
            || between.clone().any(|q| {
                matches!(
                    d.low(q),
                    "fired" | "launched" | "shot" | "aimed" | "threw" | "hurled" | "dropped"
                ) || matches!(d.tok(q), "," | ";" | ":" | "(" | ")")
                    || cx.mention_at(q).is_some()
                    || (w != "from"
                        && trigger_at(d, q, k)
                            .is_some_and(|(t, _)| TARGET_CLASSES.contains(&t.class.as_str())))
            })
            || !between.clone().any(|q| clause_verb(d.low(q)))
        {
            continue;
        }
        present_in(out, f, m, p, si, ev);
    }
}

/// The mentions joined to `m` by "and" / "," on the left, skipping a
/// parenthetical after each ("A (Arabic: …) and B (Arabic: …)").
fn compound_with_parens(cx: &Ctx, m: usize, lo: usize) -> Vec<usize> {
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

/// Matches the longest trigger starting at token `k`.
fn trigger_at<'l>(d: &Doc<'l>, k: usize, hi: usize) -> Option<(&'l Trigger, usize)> {
    let list = d.lex.triggers.get(d.low(k))?;
    for t in list {
        let len = t.tokens.len();
        if k + len <= hi && (0..len).all(|q| d.low(k + q) == t.tokens[q]) {
            return Some((t, len));
        }
    }
    None
}

fn flags(d: &Doc, k: usize, lo: usize) -> (bool, bool) {
    let mut negated = false;
    let mut intent = false;
    let from = k.saturating_sub(6).max(lo);
    for q in from..k {
        if matches!(d.low(q), "," | ";" | "but" | "and" | "while" | "after") {
            negated = false;
            intent = false;
            continue;
        }
        let w = d.low(q);
        if NEGATIONS.contains(&w) || w.ends_with("n't") || w.ends_with("n’t") {
            negated = true;
        }
        if MODALS.contains(&w) {
            intent = true;
        }
    }
    if k >= lo + 2 && d.low(k - 1) == "to" {
        let v = d.low(k - 2);
        if INTENT_VERBS.contains(&v) || v.ends_with("ed") || v.ends_with('s') {
            intent = true;
        }
    }
    (negated, intent)
}

/// Event relations from triggers.
fn events(cx: &Ctx, si: usize, r: &Range<usize>, ev: &Range<usize>, out: &mut Vec<Rel>) {
    let d = cx.d;
    let f = cx.f;
    let mut k = r.start;
    let mut consult_parties: Vec<usize> = Vec::new();
    let mut pending_mediators: Vec<(usize, &Trigger, (bool, bool))> = Vec::new();
    while k < r.end {
        if f.at_token[k].is_some() {
            k += 1;
            continue;
        }
        let Some((t, len)) = trigger_at(d, k, r.end) else {
            k += 1;
            continue;
        };
        let end = k + len;
        let fl = flags(d, k, r.start);
        // "attacked the plan" is criticism, not assault.
        let criticism = t.relation == "attacks"
            && t.pos == Pos::Verb
            && (end..(end + 5).min(r.end)).any(|q| CRITICISM_OBJECTS.contains(&d.low(q)));
        let t: &Trigger = if criticism { &CRITICIZES } else { t };
        let (allowed, direct, places) = object_preps(&t.relation, t.pos);
        // Passive: "was attacked by X", "was wounded in a night raid by X".
        let be_before = t.pos == Pos::Verb
            && k > r.start
            && (BE.contains(&d.low(k - 1))
                || (k > r.start + 1 && BE.contains(&d.low(k - 2)) && d.low(k - 1).ends_with("ly")));
        let by_at = if d.low(end) == "by" {
            Some(end)
        } else if be_before {
            (end..(end + 7).min(r.end))
                .take_while(|&q| {
                    cx.mention_at(q).is_none()
                        && (d.toks[q].kind == TokKind::Number
                            || d.tok(q).chars().next().is_some_and(char::is_lowercase))
                })
                .find(|&q| {
                    d.low(q) == "by" && q > end && matches!(d.low(end), "in" | "during" | "on")
                })
        } else {
            None
        };
        let passive = be_before && by_at.is_some();
        // Reduced passive: "talks facilitated by Egypt", "a raid conducted by".
        let reduced_passive = !passive
            && t.pos == Pos::Verb
            && d.low(end) == "by"
            && d.low(end - 1).ends_with("ed")
            && k > r.start
            && f.at_token[k - 1].is_none()
            && d.toks[k - 1].kind == TokKind::Word;
        if reduced_passive && t.relation == "mediates" {
            if let Some(a) = cx.mention_at(end + 1).or_else(|| cx.mention_at(end + 2)) {
                pending_mediators.push((a, t, fl));
            }
            k = end;
            continue;
        }
        let passive = passive || reduced_passive;
        let (subjects, objects): (Vec<usize>, Vec<usize>) = if passive {
            let by = by_at.unwrap_or(end);
            let agent = cx.mention_at(by + 1).or_else(|| cx.mention_at(by + 2));
            let patient = cx.subject_left(k, r.start);
            match (agent, patient) {
                (Some(a), Some(p)) => (cx.compound_right(a, r.end), cx.compound_left(p, r.start)),
                (Some(a), None) => (cx.compound_right(a, r.end), vec![]),
                _ => (vec![], vec![]),
            }
        } else {
            // Subject: nearest actor on the left; for nouns also "by X" after.
            let mut subj = cx.subject_left(k, r.start);
            if t.pos != Pos::Verb {
                // A noun's subject must be close: "US strikes", "Israel's attack",
                // "Omani mediators"; "talks" after a verb takes the verb's subject.
                if let Some(s) = subj {
                    let gap = k - f.mentions[s].tok.end;
                    let between_ok = (f.mentions[s].tok.end..k).all(|q| {
                        let w = d.low(q);
                        d.toks[q].kind == TokKind::Possessive
                            || matches!(
                                w,
                                "-" | "–"
                                    | "—"
                                    | "officials"
                                    | "forces"
                                    | "troops"
                                    | "military"
                                    | "government"
                                    | "delegates"
                                    | "leaders"
                                    | "indirect"
                                    | "direct"
                                    | "new"
                                    | "fresh"
                                    | "renewed"
                                    | "air"
                                    | "missile"
                                    | "drone"
                                    | "nuclear"
                                    | "peace"
                                    | "bilateral"
                                    | "trade"
                                    | "high-level"
                                    | "face-to-face"
                                    | "naval"
                                    | "navy"
                                    | "army"
                                    // "held a first round of talks"
                                    | "round"
                                    | "rounds"
                                    | "series"
                                    | "first"
                                    | "second"
                                    | "another"
                                    | "of"
                                    | "already"
                                    | "also"
                                    | "had"
                                    | "has"
                                    | "have"
                            )
                            || is_verbish(w)
                            || w == "the"
                            || w == "a"
                            || w == "an"
                            || w == "its"
                            || w == "their"
                    });
                    if gap > 6 || !between_ok {
                        subj = None;
                    }
                }
                if subj.is_none() && d.low(end) == "by" {
                    subj = cx.mention_at(end + 1);
                }
            }
            let subjects = subj
                .map(|s| cx.compound_left(s, r.start))
                .unwrap_or_default();
            let obj = if d.low(end) == "between" || (d.low(end) == "by" && t.pos != Pos::Verb) {
                None
            } else {
                cx.object_right(end, r.end, allowed, direct, places)
            };
            let objects = obj.map(|o| cx.compound_right(o, r.end)).unwrap_or_default();
            (subjects, objects)
        };
        // "between A and B"
        let between: Vec<usize> = {
            let mut q = end;
            let mut found = vec![];
            while q < r.end && q < end + 4 {
                if d.low(q) == "between" || d.low(q) == "among" {
                    let mut z = q + 1;
                    if matches!(d.low(z), "the") {
                        z += 1;
                    }
                    if let Some(m) = cx.mention_at(z) {
                        found = cx.compound_right(m, r.end);
                    }
                    break;
                }
                q += 1;
            }
            found
        };
        let symmetric = ontology::is_symmetric(&t.relation);
        let rule = match (passive, t.pos) {
            (true, _) => "passive",
            (false, Pos::Verb) => "verb",
            (false, Pos::Noun) => "noun",
            (false, Pos::Adj) => "agent-noun",
        };
        let mut emitted = false;
        if between.len() >= 2 {
            if subjects.is_empty() || symmetric {
                for a in 0..between.len() {
                    for b in a + 1..between.len() {
                        push(
                            out,
                            f,
                            &t.relation,
                            &t.class,
                            &t.cameo,
                            between[a],
                            Some(between[b]),
                            si,
                            ev,
                            fl,
                            "between",
                        );
                    }
                }
                consult_parties.extend(&between);
            } else {
                for &s in &subjects {
                    for &o in &between {
                        push(
                            out,
                            f,
                            &t.relation,
                            &t.class,
                            &t.cameo,
                            s,
                            Some(o),
                            si,
                            ev,
                            fl,
                            "between",
                        );
                    }
                }
                if t.relation == "mediates" || t.relation == "hosts" {
                    for a in 0..between.len() {
                        for b in a + 1..between.len() {
                            push(
                                out,
                                f,
                                "negotiates_with",
                                "CONSULT",
                                "046",
                                between[a],
                                Some(between[b]),
                                si,
                                ev,
                                fl,
                                "mediated-parties",
                            );
                        }
                    }
                }
            }
            emitted = true;
        }
        if !emitted && !subjects.is_empty() && !objects.is_empty() {
            for &s in &subjects {
                for &o in &objects {
                    push(
                        out,
                        f,
                        &t.relation,
                        &t.class,
                        &t.cameo,
                        s,
                        Some(o),
                        si,
                        ev,
                        fl,
                        rule,
                    );
                }
            }
            if t.class == "CONSULT" && t.relation != "mediates" {
                consult_parties.extend(subjects.iter().chain(&objects));
            }
            emitted = true;
        }
        if !emitted && symmetric && subjects.len() >= 2 {
            for a in 0..subjects.len() {
                for b in a + 1..subjects.len() {
                    push(
                        out,
                        f,
                        &t.relation,
                        &t.class,
                        &t.cameo,
                        subjects[a],
                        Some(subjects[b]),
                        si,
                        ev,
                        fl,
                        "compound",
                    );
                }
            }
            consult_parties.extend(&subjects);
            emitted = true;
        }
        if !emitted && t.relation == "mediates" && subjects.len() == 1 {
            pending_mediators.push((subjects[0], t, fl));
            emitted = true;
        }
        if !emitted
            && !subjects.is_empty()
            && (ontology::is_objectless(&t.class) || passive)
            && t.pos == Pos::Verb
        {
            for &s in &subjects {
                push(
                    out,
                    f,
                    &t.relation,
                    &t.class,
                    &t.cameo,
                    s,
                    None,
                    si,
                    ev,
                    fl,
                    "no-target",
                );
            }
            emitted = true;
        }
        if !emitted && subjects.len() == 1 && t.class == "THREATEN" && t.pos == Pos::Verb {
            // "Iran warned against further threats": a threat without a named target.
            let next = d.low(end);
            if matches!(
                next,
                "against" | "that" | "of" | "it" | "they" | "he" | "she"
            ) || next == ","
            {
                // "warned against …" is coercive by itself; "warned of/that …"
                // only with conflict words ("warned of a slowdown" is not).
                let coercive = next == "against"
                    || (end + 1..(end + 10).min(r.end)).any(|q| {
                        matches!(
                            d.low(q),
                            "retaliation"
                                | "consequences"
                                | "response"
                                | "war"
                                | "attack"
                                | "attacks"
                                | "strikes"
                                | "force"
                                | "action"
                                | "escalation"
                                | "retaliate"
                                | "respond"
                                | "strike"
                                | "military"
                                | "punish"
                                | "price"
                        )
                    });
                if coercive {
                    push(
                        out,
                        f,
                        &t.relation,
                        &t.class,
                        &t.cameo,
                        subjects[0],
                        None,
                        si,
                        ev,
                        fl,
                        "no-target",
                    );
                }
            }
        }
        k = end;
    }
    // Mediators of talks in the same sentence.
    let mut parties: Vec<usize> = Vec::new();
    for p in consult_parties {
        if !parties
            .iter()
            .any(|&q| f.mentions[q].entity == f.mentions[p].entity)
        {
            parties.push(p);
        }
    }
    for (m, t, fl) in pending_mediators {
        for &p in &parties {
            push(
                out,
                f,
                &t.relation,
                &t.class,
                &t.cameo,
                m,
                Some(p),
                si,
                ev,
                fl,
                "mediator",
            );
        }
    }
}

fn is_verbish(w: &str) -> bool {
    matches!(
        w,
        "concluded"
            | "sent"
            | "provided"
            | "delivered"
            | "pledged"
            | "humanitarian"
            | "financial"
            | "economic"
            | "held"
            | "began"
            | "started"
            | "resumed"
            | "opened"
            | "launched"
            | "carried"
            | "out"
            | "conducted"
            | "renewed"
            | "continued"
            | "staged"
            | "hold"
            | "holds"
            | "hosted"
            | "attended"
            | "joined"
    )
}
