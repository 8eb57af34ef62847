//! Unit tests on hand-parsed trees (UD English EWT style) of sentences
//! written for these tests, one or more per construction.

use super::*;
use crate::syntax::conllu;
use std::path::Path;
use std::sync::OnceLock;

pub(super) fn table() -> &'static FrameTable {
    static T: OnceLock<FrameTable> = OnceLock::new();
    T.get_or_init(|| FrameTable::builtin().expect("built-in frames load"))
}

/// Reads a compact tree, one token a line: `form lemma UPOS head deprel`
/// (ids implicit), through the CoNLL-U reader.
pub(super) fn tree(compact: &str) -> Vec<Word> {
    let mut text = String::new();
    for (i, line) in compact.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let f: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(f.len(), 5, "bad test line {line:?}");
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\t_\t_\t{}\t{}\t_\t_\n",
            i + 1,
            f[0],
            f[1],
            f[2],
            f[3],
            f[4]
        ));
    }
    text.push('\n');
    let mut s = conllu::read(text.as_bytes(), Path::new("test.conllu")).expect("test tree reads");
    s.pop().expect("one sentence").words
}

/// Heads that stand for a mention in these tests: proper nouns, demonym
/// modifiers and a few agent nouns.
pub(super) fn actor(w: &[Word], i: usize) -> bool {
    const AGENTS: &[&str] = &[
        "troops",
        "force",
        "army",
        "police",
        "militia",
        "president",
        "minister",
        "government",
        "delegation",
        "diplomat",
        "mayor",
        "guard",
        "hideout",
        "village",
        "checkpoint",
    ];
    let t = &w[i];
    t.upos == "PROPN" || (t.upos == "ADJ" && t.deprel == "amod") || AGENTS.contains(&&*t.lemma)
}

/// Runs the matcher with [`actor`] and renders each match as
/// `Source relation Target[ flags]` with head forms (`-` = no target).
pub(super) fn run(compact: &str) -> Vec<String> {
    let w = tree(compact);
    let toks = DepToken::from_words(&w);
    let ms = find_with(table(), &toks, &|i| actor(&w, i));
    render(&w, &ms)
}

pub(super) fn render(w: &[Word], ms: &[FrameMatch]) -> Vec<String> {
    ms.iter()
        .map(|m| {
            let f = table().frame(m.frame);
            let mut s = format!(
                "{} {} {}",
                w[m.source].form,
                f.relation.as_deref().unwrap_or("?"),
                m.target.map(|t| w[t].form.as_str()).unwrap_or("-")
            );
            for (on, name) in [
                (m.negated, "negated"),
                (m.intent, "intent"),
                (m.weak, "weak"),
            ] {
                if on {
                    s.push(' ');
                    s.push_str(name);
                }
            }
            if let Some(a) = m.attributed_to {
                s.push_str(&format!(" said={}", w[a].form));
            }
            s
        })
        .collect()
}

pub(super) fn has(got: &[String], want: &str) {
    assert!(
        got.iter().any(|g| g == want),
        "missing {want:?} in {got:#?}"
    );
}

pub(super) fn lacks(got: &[String], bad: &str) {
    assert!(
        !got.iter().any(|g| g.starts_with(bad)),
        "unexpected {bad:?} in {got:#?}"
    );
}

#[test]
fn frames_passive_by_phrase_is_the_source() {
    let got = run("Chile Chile PROPN 3 nsubj:pass
        was be AUX 3 aux:pass
        attacked attack VERB 0 root
        by by ADP 5 case
        Peru Peru PROPN 3 obl:agent
        . . PUNCT 3 punct");
    assert_eq!(got, ["Peru attacks Chile"]);
    // Without a by-phrase there is no source, so no relation.
    let got = run("Chile Chile PROPN 3 nsubj:pass
        was be AUX 3 aux:pass
        attacked attack VERB 0 root
        . . PUNCT 3 punct");
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn frames_conjuncts_distribute_over_subjects_and_objects() {
    let got = run("Chile Chile PROPN 4 nsubj
        and and CCONJ 3 cc
        Peru Peru PROPN 1 conj
        accused accuse VERB 0 root
        Bolivia Bolivia PROPN 4 obj
        and and CCONJ 7 cc
        Ecuador Ecuador PROPN 5 conj
        . . PUNCT 4 punct");
    assert_eq!(
        got,
        [
            "Chile accuses Bolivia",
            "Chile accuses Ecuador",
            "Peru accuses Bolivia",
            "Peru accuses Ecuador"
        ]
    );
}

#[test]
fn frames_conjoined_verbs_share_subject_and_following_object() {
    let got = run("Troops troops NOUN 2 nsubj
        entered enter VERB 0 root
        the the DET 4 det
        town town NOUN 2 obj
        and and CCONJ 6 cc
        arrested arrest VERB 2 conj
        the the DET 8 det
        mayor mayor NOUN 6 obj
        . . PUNCT 2 punct");
    has(&got, "Troops coerces mayor");
    // Right node raising: "rejected" has no object; the first conjunct's
    // object follows it, so it is shared.
    let w = tree(
        "Chile Chile PROPN 2 nsubj
        condemned condemn VERB 0 root
        and and CCONJ 4 cc
        rejected reject VERB 2 conj
        Peru Peru PROPN 7 nmod:poss
        's 's PART 5 case
        claims claim NOUN 2 obj
        . . PUNCT 2 punct",
    );
    let toks = DepToken::from_words(&w);
    let ms = find(table(), &toks);
    let got = render(&w, &ms);
    has(&got, "Chile criticizes claims");
    has(&got, "Chile rejects claims");
    let rej = ms.iter().find(|m| m.trigger == 3).expect("rejected fires");
    assert_eq!(rej.path, "src 4<conj-2-nsubj>1; tgt 4<conj-2-obj>7");
    assert_eq!(rej.target_span, Some(4..7));
}

#[test]
fn frames_control_takes_the_controller_and_flags_intent() {
    let w = tree(
        "Kenya Kenya PROPN 2 nsubj
        agreed agree VERB 0 root
        to to PART 4 mark
        host host VERB 2 xcomp
        talks talk NOUN 4 obj
        between between ADP 7 case
        Sudan Sudan PROPN 5 nmod
        and and CCONJ 9 cc
        Chad Chad PROPN 7 conj
        . . PUNCT 2 punct",
    );
    let toks = DepToken::from_words(&w);
    let ms = find_with(table(), &toks, &|i| actor(&w, i));
    let got = render(&w, &ms);
    has(&got, "Kenya agrees_with Sudan intent");
    has(&got, "Kenya agrees_with Chad intent");
    has(&got, "Sudan negotiates_with Chad");
    // "host talks between A and B" is CAMEO 039 (intent to mediate) in the
    // generated table, which outranks the plain hosting row.
    let host: Vec<_> = ms.iter().filter(|m| m.trigger == 3).collect();
    assert_eq!(host.len(), 2);
    assert!(host.iter().all(|m| m.source == 0 && m.intent));
    assert_eq!(host[0].governor, Some(1));
    assert_eq!(host[0].path, "src 4<xcomp-2-nsubj>1; tgt 4-obj>5-nmod>7");
    assert_eq!(
        host[1].path,
        "src 4<xcomp-2-nsubj>1; tgt 4-obj>5-nmod>7-conj>9"
    );
    // The symmetric talks pair once.
    assert_eq!(ms.iter().filter(|m| m.trigger == 4).count(), 1);
}

#[test]
fn frames_refusal_is_reject_not_a_negated_event() {
    let got = run("Bolivia Bolivia PROPN 2 nsubj
        refused refuse VERB 0 root
        to to PART 4 mark
        meet meet VERB 2 xcomp
        the the DET 7 det
        Chilean Chilean ADJ 7 amod
        delegation delegation NOUN 4 obj
        . . PUNCT 2 punct");
    assert_eq!(got, ["Bolivia rejects delegation"]);
}

#[test]
fn frames_negation_and_modals() {
    let got = run("Chad Chad PROPN 4 nsubj
        did do AUX 4 aux
        not not PART 4 advmod
        attack attack VERB 0 root
        Libya Libya PROPN 4 obj
        and and CCONJ 7 cc
        occupy occupy VERB 4 conj
        Faya Faya PROPN 7 obj
        . . PUNCT 4 punct");
    has(&got, "Chad attacks Libya negated");
    // A base-form conjunct shares the auxiliary chain.
    assert!(
        got.iter()
            .filter(|g| g.contains("Faya"))
            .all(|g| g.ends_with("negated")),
        "{got:?}"
    );
    let got = run("Chad Chad PROPN 3 nsubj
        never never ADV 3 advmod
        attacked attack VERB 0 root
        Libya Libya PROPN 3 obj
        . . PUNCT 3 punct");
    assert_eq!(got, ["Chad attacks Libya negated"]);
    let got = run("Chile Chile PROPN 3 nsubj
        will will AUX 3 aux
        host host VERB 0 root
        the the DET 5 det
        summit summit NOUN 3 obj
        . . PUNCT 3 punct");
    assert_eq!(got, ["Chile hosts - intent"]);
}

#[test]
fn frames_reported_speech_is_attributed() {
    let got = run("Egypt Egypt PROPN 2 nsubj
        said say VERB 0 root
        Israel Israel PROPN 5 nsubj
        had have AUX 5 aux
        struck strike VERB 2 ccomp
        Lebanon Lebanon PROPN 5 obj
        . . PUNCT 2 punct");
    assert_eq!(got, ["Israel attacks Lebanon said=Egypt"]);
    let w = tree(
        "Israel Israel PROPN 2 nsubj
        struck strike VERB 0 root
        Lebanon Lebanon PROPN 2 obj
        , , PUNCT 6 punct
        Egypt Egypt PROPN 6 nsubj
        said say VERB 2 parataxis
        . . PUNCT 2 punct",
    );
    let toks = DepToken::from_words(&w);
    let ms = find_with(table(), &toks, &|i| actor(&w, i));
    assert_eq!(render(&w, &ms), ["Israel attacks Lebanon said=Egypt"]);
    assert_eq!(
        ms[0].path,
        "src 2-nsubj>1; tgt 2-obj>3; said 2-parataxis>6-nsubj>5"
    );
}

#[test]
fn frames_outlets_are_attribution_never_actors() {
    // The reporting verb fires none of its own frames.
    let got = run("Xinhua Xinhua PROPN 2 nsubj
        reported report VERB 0 root
        that that SCONJ 6 mark
        Peru Peru PROPN 6 nsubj
        had have AUX 6 aux
        shelled shell VERB 2 ccomp
        Arica Arica PROPN 6 obj
        . . PUNCT 2 punct");
    assert_eq!(got, ["Peru attacks Arica said=Xinhua"]);
    let w = tree(
        "According accord VERB 3 case
        to to ADP 1 fixed
        Xinhua Xinhua PROPN 6 obl
        , , PUNCT 6 punct
        Peru Peru PROPN 6 nsubj
        expelled expel VERB 0 root
        two two NUM 9 nummod
        Chilean Chilean ADJ 9 amod
        diplomats diplomat NOUN 6 obj
        . . PUNCT 6 punct",
    );
    let toks = DepToken::from_words(&w);
    let ms = find_with(table(), &toks, &|i| actor(&w, i));
    assert_eq!(render(&w, &ms), ["Peru sanctions diplomats said=Xinhua"]);
    assert_eq!(ms[0].attribution_span, Some(0..3));
    assert_eq!(ms[0].target_span, Some(6..9));
}

#[test]
fn frames_relative_pronoun_stands_for_the_noun() {
    let w = tree(
        "Qatar Qatar PROPN 8 nsubj
        , , PUNCT 4 punct
        which which PRON 4 nsubj
        mediated mediate VERB 1 acl:relcl
        the the DET 6 det
        truce truce NOUN 4 obj
        , , PUNCT 4 punct
        hosted host VERB 0 root
        the the DET 10 det
        delegations delegation NOUN 8 obj
        . . PUNCT 8 punct",
    );
    let toks = DepToken::from_words(&w);
    let ms = find_with(table(), &toks, &|i| actor(&w, i));
    let got = render(&w, &ms);
    has(&got, "Qatar mediates -");
    // The obj=delegation row is the most specific; its target paths find
    // nothing, and it is objectless.
    has(&got, "Qatar hosts -");
    let med = ms.iter().find(|m| m.trigger == 3).expect("mediated fires");
    assert_eq!(med.path, "src 4-nsubj>3=1");
    assert_eq!(
        med.source_span,
        0..1,
        "the relative clause is not in the span"
    );
    // Passive relative clause.
    let got = run("Sudan Sudan PROPN 10 nsubj
        , , PUNCT 5 punct
        which which PRON 5 nsubj:pass
        was be AUX 5 aux:pass
        accused accuse VERB 1 acl:relcl
        by by ADP 7 case
        Chad Chad PROPN 5 obl:agent
        , , PUNCT 5 punct
        then then ADV 10 advmod
        denied deny VERB 0 root
        it it PRON 10 obj
        . . PUNCT 10 punct");
    has(&got, "Chad accuses Sudan");
    // Relative pronoun as object.
    let got = run("Arica Arica PROPN 8 nsubj:pass
        , , PUNCT 5 punct
        which which PRON 5 obj
        Peru Peru PROPN 5 nsubj
        shelled shell VERB 1 acl:relcl
        , , PUNCT 5 punct
        was be AUX 8 aux:pass
        evacuated evacuate VERB 0 root
        . . PUNCT 8 punct");
    has(&got, "Peru attacks Arica");
}

#[test]
fn frames_reduced_relative_fills_the_passive_subject() {
    let got = run("A a DET 3 det
        prisoner prisoner NOUN 3 compound
        swap swap NOUN 11 nsubj
        brokered broker VERB 3 acl
        by by ADP 6 case
        Egypt Egypt PROPN 4 obl:agent
        between between ADP 8 case
        Israel Israel PROPN 4 obl
        and and CCONJ 10 cc
        Hamas Hamas PROPN 8 conj
        happened happen VERB 0 root
        . . PUNCT 11 punct");
    assert_eq!(got, ["Egypt mediates Israel", "Egypt mediates Hamas"]);
    // With "ceasefire" the generated broker/obj=ceasefire row outranks the
    // hand-written one; it reads the between-phrase under the object.
    let got = run("A a DET 2 det
        ceasefire ceasefire NOUN 10 nsubj
        brokered broker VERB 2 acl
        by by ADP 5 case
        Egypt Egypt PROPN 3 obl:agent
        between between ADP 7 case
        Israel Israel PROPN 2 nmod
        and and CCONJ 9 cc
        Hamas Hamas PROPN 7 conj
        held hold VERB 0 root
        . . PUNCT 10 punct");
    has(&got, "Egypt mediates Israel");
    has(&got, "Egypt mediates Hamas");
    has(&got, "Israel declares_ceasefire Hamas");
    let got = run("Talks talk NOUN 5 nsubj
        mediated mediate VERB 1 acl
        by by ADP 4 case
        Norway Norway PROPN 2 obl:agent
        resumed resume VERB 0 root
        . . PUNCT 5 punct");
    assert_eq!(got, ["Norway mediates -"]);
}

#[test]
fn frames_object_control_and_negated_matrix_verbs() {
    // The object of "urged" controls the xcomp; the attack is urged, not
    // made (a request verb makes it intent).
    let w = tree(
        "Peru Peru PROPN 2 nsubj
        urged urge VERB 0 root
        Chile Chile PROPN 2 obj
        to to PART 5 mark
        attack attack VERB 2 xcomp
        Bolivia Bolivia PROPN 5 obj
        . . PUNCT 2 punct",
    );
    let toks = DepToken::from_words(&w);
    let ms = find_with(table(), &toks, &|i| actor(&w, i));
    let got = render(&w, &ms);
    has(&got, "Chile attacks Bolivia intent");
    let m = ms.iter().find(|m| m.trigger == 4).expect("attack fires");
    assert_eq!(m.path, "src 5<xcomp-2-obj>3; tgt 5-obj>6");
    // Negation on the matrix verb reaches the embedded event.
    let got = run("Chile Chile PROPN 4 nsubj
        did do AUX 4 aux
        not not PART 4 advmod
        agree agree VERB 0 root
        to to PART 6 mark
        meet meet VERB 4 xcomp
        Peru Peru PROPN 6 obj
        . . PUNCT 4 punct");
    assert!(!got.is_empty());
    assert!(got.iter().all(|g| g.contains("negated")), "{got:?}");
    has(&got, "Chile agrees_with Peru negated intent");
}

#[test]
fn frames_event_noun_without_source_gives_nothing() {
    // "condemned the air strikes": the strikes have no actor of their own
    // ("air" is not one), so only the criticism comes out.
    let got = run("Chile Chile PROPN 2 nsubj
        condemned condemn VERB 0 root
        the the DET 5 det
        air air NOUN 5 compound
        strikes strike NOUN 2 obj
        . . PUNCT 2 punct");
    assert_eq!(got, ["Chile criticizes -"]);
}
