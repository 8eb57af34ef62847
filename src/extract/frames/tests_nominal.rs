//! Unit tests on hand-parsed trees, part 2: event nouns, light verbs,
//! between-phrases, senses, word-class rows, robustness and speed.

use super::tests::{actor, has, lacks, render, run, table, tree};
use super::*;

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

#[test]
fn frames_user_rows_behave_like_built_in_ones() {
    let mut t = FrameTable::builtin().unwrap();
    let user = "# our own frame\n\
                rebuke\tNOUN\tcriticizes\tACCUSE\t111\tnmod:poss|amod\tnmod:of|nmod:to\t-\tobjectless\n";
    t.extend_from_str(user, std::path::Path::new("my_frames.tsv"))
        .unwrap();
    let w = tree(
        "Chile Chile PROPN 3 nmod:poss
        's 's PART 1 case
        rebuke rebuke NOUN 6 nsubj
        of of ADP 5 case
        Peru Peru PROPN 3 nmod
        angered anger VERB 0 root
        Lima Lima PROPN 6 obj
        . . PUNCT 6 punct",
    );
    let toks = DepToken::from_words(&w);
    let ms = find_with(&t, &toks, &|i| actor(&w, i));
    let m = ms
        .iter()
        .find(|m| m.trigger == 2)
        .expect("the user frame fires");
    assert_eq!((m.source, m.target), (0, Some(4)));
    assert_eq!(t.origin(m.frame), "my_frames.tsv:2");
}
