//! Unit tests on hand-parsed trees (UD English EWT style) of sentences
//! written for these tests, one or more per construction.

use super::*;
use crate::syntax::conllu;
use std::path::Path;
use std::sync::OnceLock;

fn table() -> &'static FrameTable {
    static T: OnceLock<FrameTable> = OnceLock::new();
    T.get_or_init(|| FrameTable::builtin().expect("built-in frames load"))
}

/// Reads a compact tree, one token a line: `form lemma UPOS head deprel`
/// (ids implicit), through the CoNLL-U reader.
fn tree(compact: &str) -> Vec<Word> {
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
fn actor(w: &[Word], i: usize) -> bool {
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
fn run(compact: &str) -> Vec<String> {
    let w = tree(compact);
    let toks = DepToken::from_words(&w);
    let ms = find_with(table(), &toks, &|i| actor(&w, i));
    render(&w, &ms)
}

fn render(w: &[Word], ms: &[FrameMatch]) -> Vec<String> {
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

fn has(got: &[String], want: &str) {
    assert!(
        got.iter().any(|g| g == want),
        "missing {want:?} in {got:#?}"
    );
}

fn lacks(got: &[String], bad: &str) {
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
    let got = run("Israel Israel PROPN 2 nsubj
        struck strike VERB 0 root
        Lebanon Lebanon PROPN 2 obj
        , , PUNCT 6 punct
        Egypt Egypt PROPN 6 nsubj
        said say VERB 2 parataxis
        . . PUNCT 2 punct");
    assert_eq!(got, ["Israel attacks Lebanon said=Egypt"]);
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
fn frames_event_nouns_take_possessors_demonyms_and_by_phrases() {
    let got = run("Peru Peru PROPN 3 nmod:poss
        's 's PART 1 case
        strikes strike NOUN 6 nsubj
        on on ADP 5 case
        Arica Arica PROPN 3 nmod
        killed kill VERB 0 root
        two two NUM 8 nummod
        soldiers soldier NOUN 6 obj
        . . PUNCT 6 punct");
    assert_eq!(got, ["Peru attacks Arica"]);
    let got = run("Strikes strike NOUN 6 nsubj
        on on ADP 3 case
        Arica Arica PROPN 1 nmod
        by by ADP 5 case
        Peru Peru PROPN 1 nmod
        resumed resume VERB 0 root
        . . PUNCT 6 punct");
    assert_eq!(got, ["Peru attacks Arica"]);
    let got = run("Omani Omani ADJ 2 amod
        mediation mediation NOUN 7 nsubj
        between between ADP 4 case
        Iran Iran PROPN 2 nmod
        and and CCONJ 6 cc
        Egypt Egypt PROPN 4 conj
        ended end VERB 0 root
        . . PUNCT 7 punct");
    assert_eq!(got, ["Omani mediates Iran", "Omani mediates Egypt"]);
}

#[test]
fn frames_argument_spans_hold_the_demonym() {
    let w = tree(
        "Azerbaijani Azerbaijani ADJ 2 amod
        forces force NOUN 8 nsubj
        , , PUNCT 4 punct
        which which PRON 4 nsubj
        crossed cross VERB 2 acl:relcl
        the the DET 7 det
        border border NOUN 5 obj
        shelled shell VERB 0 root
        Armenian Armenian ADJ 10 amod
        villages village NOUN 8 obj
        . . PUNCT 8 punct",
    );
    let toks = DepToken::from_words(&w);
    let ms = find_with(table(), &toks, &|i| actor(&w, i));
    let shell = ms.iter().find(|m| m.trigger == 7).expect("shelled fires");
    assert_eq!((shell.source, shell.target), (1, Some(9)));
    assert_eq!(shell.source_span, 0..2);
    assert_eq!(shell.target_span, Some(8..10));
}

#[test]
fn frames_light_verbs_lend_subject_and_obl() {
    let w = tree(
        "Pakistan Pakistan PROPN 2 nsubj
        carried carry VERB 0 root
        out out ADP 2 compound:prt
        strikes strike NOUN 2 obj
        on on ADP 7 case
        militant militant ADJ 7 amod
        hideouts hideout NOUN 4 nmod
        . . PUNCT 2 punct",
    );
    let toks = DepToken::from_words(&w);
    let ms = find_with(table(), &toks, &|i| actor(&w, i) && i != 5);
    let got = render(&w, &ms);
    assert_eq!(
        got,
        ["Pakistan attacks hideouts", "Pakistan attacks hideouts"]
    );
    let noun = ms.iter().find(|m| m.trigger == 3).expect("strikes fires");
    assert_eq!(noun.governor, Some(1), "carry out has frames of its own");
    assert_eq!(noun.path, "src 4<obj-2-nsubj>1; tgt 4-nmod>7");
    // "with Togo" attached to the verb.
    let got = run("Ghana Ghana PROPN 2 nsubj
        held hold VERB 0 root
        talks talk NOUN 2 obj
        with with ADP 5 case
        Togo Togo PROPN 2 obl
        . . PUNCT 2 punct");
    has(&got, "Ghana negotiates_with Togo");
    // Negated through the object's determiner.
    let got = run("Ghana Ghana PROPN 2 nsubj
        held hold VERB 0 root
        no no DET 4 det
        talks talk NOUN 2 obj
        with with ADP 6 case
        Togo Togo PROPN 4 nmod
        . . PUNCT 2 punct");
    has(&got, "Ghana negotiates_with Togo negated");
}

#[test]
fn frames_between_and_symmetric_pairs() {
    let got = run("Talks talk NOUN 6 nsubj
        between between ADP 3 case
        Serbia Serbia PROPN 1 nmod
        and and CCONJ 5 cc
        Kosovo Kosovo PROPN 3 conj
        ended end VERB 0 root
        . . PUNCT 6 punct");
    assert_eq!(got, ["Serbia negotiates_with Kosovo"]);
    // Coordinated subjects of a symmetric objectless frame pair up.
    let got = run("Malawi Malawi PROPN 4 nsubj
        and and CCONJ 3 cc
        Zambia Zambia PROPN 1 conj
        signed sign VERB 0 root
        a a DET 7 det
        transit transit NOUN 7 compound
        agreement agreement NOUN 4 obj
        . . PUNCT 4 punct");
    assert!(!got.is_empty());
    assert!(
        got.iter()
            .all(|g| g == "Malawi signs_agreement_with Zambia"),
        "{got:?}"
    );
}

#[test]
fn frames_senses_of_call() {
    // Naming: the no-event row blocks the token.
    let got = run("A a DET 2 det
        militia militia NOUN 7 nsubj
        called call VERB 2 acl
        the the DET 6 det
        Desert Desert PROPN 6 compound
        Lions Lions PROPN 3 xcomp
        attacked attack VERB 0 root
        Gao Gao PROPN 7 obj
        . . PUNCT 7 punct");
    assert_eq!(got, ["militia attacks Gao"]);
    // Criticism: object plus a pejorative xcomp.
    let got = run("Peru Peru PROPN 3 nmod:poss
        's 's PART 1 case
        president president NOUN 4 nsubj
        called call VERB 0 root
        the the DET 6 det
        raid raid NOUN 4 obj
        a a DET 8 det
        crime crime NOUN 4 xcomp
        . . PUNCT 4 punct");
    assert_eq!(got, ["president criticizes -"]);
    // Request: "call on".
    let got = run("Norway Norway PROPN 2 nsubj
        called call VERB 0 root
        on on ADP 4 case
        Israel Israel PROPN 2 obl
        to to PART 6 mark
        open open VERB 2 xcomp
        the the DET 8 det
        crossings crossing NOUN 6 obj
        . . PUNCT 2 punct");
    has(&got, "Norway demands Israel");
    lacks(&got, "Norway calls");
}

#[test]
fn frames_warn_without_object_is_no_event() {
    let got = run("Economists economist NOUN 2 nsubj
        warned warn VERB 0 root
        of of ADP 5 case
        a a DET 5 det
        slowdown slowdown NOUN 2 obl
        . . PUNCT 2 punct");
    assert!(got.is_empty(), "{got:?}");
    let got = run("China China PROPN 2 nsubj
        warned warn VERB 0 root
        Manila Manila PROPN 2 obj
        . . PUNCT 2 punct");
    assert_eq!(got, ["China warns Manila weak"]);
}

#[test]
fn frames_intent_verbs_flag_the_embedded_event() {
    let w = tree(
        "Indonesia Indonesia PROPN 2 nsubj
        plans plan VERB 0 root
        to to PART 4 mark
        send send VERB 2 xcomp
        peacekeepers peacekeeper NOUN 4 obj
        to to ADP 7 case
        Lebanon Lebanon PROPN 4 obl
        . . PUNCT 2 punct",
    );
    let toks = DepToken::from_words(&w);
    let ms = find_with(table(), &toks, &|i| actor(&w, i));
    let got = render(&w, &ms);
    has(&got, "Indonesia agrees_with Lebanon intent");
    assert!(
        ms.iter().all(|m| m.intent),
        "everything under plan is intent: {got:?}"
    );
    assert!(
        ms.iter()
            .filter(|m| m.trigger == 3)
            .all(|m| m.governor == Some(1))
    );
}

#[test]
fn frames_adjective_triggers() {
    let got = run("Sweden Sweden PROPN 3 nsubj
        was be AUX 3 cop
        critical critical ADJ 0 root
        of of ADP 6 case
        the the DET 6 det
        veto veto NOUN 3 obl
        . . PUNCT 3 punct");
    assert_eq!(got, ["Sweden criticizes -"]);
}

#[test]
fn frames_no_triggers_and_bad_trees_are_safe() {
    let w = tree(
        "The the DET 2 det
        weather weather NOUN 3 nsubj
        improved improve VERB 0 root
        . . PUNCT 3 punct",
    );
    assert!(find(table(), &DepToken::from_words(&w)).is_empty());
    assert!(find(table(), &[]).is_empty());
    // A head cycle and out-of-range heads must not hang or panic.
    let tok = |form, lemma, upos, head, deprel| DepToken {
        form,
        lemma,
        upos,
        head,
        deprel,
    };
    let bad = [
        tok("Chile", "Chile", "PROPN", 2, "nsubj"),
        tok("attacked", "attack", "VERB", 3, "conj"),
        tok("and", "attack", "VERB", 2, "xcomp"),
        tok("Peru", "Peru", "PROPN", 99, "obj"),
        tok("which", "which", "PRON", 5, "nsubj"),
    ];
    let _ = find(table(), &bad);
}

#[test]
fn frames_output_is_sorted_and_deterministic() {
    let w = tree(
        "Chile Chile PROPN 4 nsubj
        and and CCONJ 3 cc
        Peru Peru PROPN 1 conj
        accused accuse VERB 0 root
        Bolivia Bolivia PROPN 4 obj
        and and CCONJ 7 cc
        Ecuador Ecuador PROPN 5 conj
        . . PUNCT 4 punct",
    );
    let toks = DepToken::from_words(&w);
    let a = find(table(), &toks);
    let b = find(table(), &toks);
    assert_eq!(a, b);
    assert!(a.windows(2).all(|p| p[0].key() <= p[1].key()));
}

/// Speed smoke test: `cargo test --release --lib frames_speed -- --ignored
/// --nocapture` prints sentences per second on a few trees.
#[test]
#[ignore]
fn frames_speed_smoke() {
    let trees = [
        tree(
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
        ),
        tree(
            "Norway Norway PROPN 2 nsubj
            called call VERB 0 root
            on on ADP 4 case
            Israel Israel PROPN 2 obl
            to to PART 6 mark
            open open VERB 2 xcomp
            the the DET 8 det
            crossings crossing NOUN 6 obj
            . . PUNCT 2 punct",
        ),
        tree(
            "The the DET 2 det
            weather weather NOUN 3 nsubj
            improved improve VERB 0 root
            . . PUNCT 3 punct",
        ),
    ];
    let toks: Vec<Vec<DepToken>> = trees.iter().map(|w| DepToken::from_words(w)).collect();
    let n = 20_000;
    for t in &toks {
        let start = std::time::Instant::now();
        let mut found = 0;
        for _ in 0..n {
            found += find(table(), t).len();
        }
        let secs = start.elapsed().as_secs_f64();
        eprintln!(
            "{:>7.0} sentences/s, {} tokens ({found} matches)",
            n as f64 / secs,
            t.len()
        );
    }
}
