//! Table loading tests: every built-in row compiles, errors name file:line,
//! user rows replace rows with the same key.

use super::*;
use std::path::Path;

fn rows(text: &str) -> usize {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .count()
}

#[test]
fn frames_table_compiles_every_builtin_row() {
    let t = FrameTable::builtin().expect("built-in frames load");
    let n = rows(FRAMES) + rows(FRAMES_EXTRA);
    assert_eq!(t.frames.len(), n, "every row compiled");
    // The generator leaves out keys owned by frames_extra.tsv, so no row
    // of frames.tsv is replaced.
    assert_eq!(t.len(), n, "no built-in row replaced another");
    assert!(!t.frames_for("talk", Pos::Noun).is_empty());
    assert!(!t.frames_for("Agree", Pos::Verb).is_empty());
    assert!(t.frames_for("agree", Pos::Adj).is_empty());
    assert!(t.frames_for("zzzz", Pos::Verb).is_empty());
    let say = t.lookup("say").expect("say is interned");
    assert!(t.is(say, WordKind::Reporting));
    assert!(!t.is(say, WordKind::Light));
    assert_eq!(t.reporting_preps().len(), 1);
}

#[test]
fn frames_table_picks_precedence_inputs() {
    let t = FrameTable::builtin().unwrap();
    let call = t.frames_for("call", Pos::Verb);
    let crit = call
        .iter()
        .map(|&id| t.frame(id))
        .find(|f| f.relation.as_deref() == Some("criticizes") && f.file == 1)
        .expect("the criticism sense of call");
    assert_eq!(crit.specificity, (2, 1));
    assert!(
        t.origin(FrameId(0))
            .starts_with("src/lexicon/data/frames.tsv:")
    );
}

#[test]
fn frames_table_errors_name_file_and_line() {
    let mut t = FrameTable::words_only().unwrap();
    let cases = [
        (
            "# c\nx\tVERB\tr\tASSAULT\t190\tnsubj\tobj\t-\n",
            2,
            "9 tab-separated",
        ),
        (
            "x\tPRON\tr\tASSAULT\t190\tnsubj\tobj\t-\t-\n",
            1,
            "unknown pos",
        ),
        (
            "x\tVERB\tr\tNOPE\t190\tnsubj\tobj\t-\t-\n",
            1,
            "unknown class",
        ),
        (
            "x\tVERB\tr\tASSAULT\t190\tnsubj\tsubj\t-\t-\n",
            1,
            "target: unknown",
        ),
        (
            "x\tVERB\tr\tASSAULT\t190\tnsubj\tobj\t=a\t-\n",
            1,
            "require",
        ),
        (
            "x\tVERB\tr\tASSAULT\t190\tnsubj\tobj\t-\tloud\n",
            1,
            "unknown flag",
        ),
        (
            "\n\nx\tVERB\tr\tASSAULT\t190\t-\tobj\t-\t-\n",
            3,
            "needs a source",
        ),
        (
            "x\tVERB\tr\tASSAULT\t190\tnsubj\t-\t-\t-\n",
            1,
            "objectless",
        ),
        ("x\tVERB\t-\t-\t-\tnsubj\t-\t-\t-\n", 1, "no-event"),
        (
            "X\tVERB\tr\tASSAULT\t190\tnsubj\tobj\t-\t-\n",
            1,
            "lowercase",
        ),
    ];
    for (text, line, what) in cases {
        let e = t.extend_from_str(text, Path::new("user.tsv")).unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with(&format!("user.tsv:{line}: ")) && msg.contains(what),
            "{text:?} gave {msg}"
        );
        assert!(matches!(e, Error::Lexicon { .. }));
    }
    assert!(t.is_empty(), "failed files add nothing");
}

#[test]
fn frames_user_rows_replace_rows_with_the_same_key() {
    let mut t = FrameTable::builtin().unwrap();
    let before = t.frames_for("host", Pos::Verb).len();
    let user = "host\tVERB\tentertains\tCONSULT\t043\tnsubj\tobj\t-\tobjectless\n\
                zorble\tVERB\tattacks\tASSAULT\t190\tnsubj\tobj\t-\t-\n";
    t.extend_from_str(user, Path::new("mine.tsv")).unwrap();
    let host = t.frames_for("host", Pos::Verb);
    assert_eq!(host.len(), before, "one row replaced by one row");
    assert!(
        host.iter()
            .any(|&id| t.frame(id).relation.as_deref() == Some("entertains"))
    );
    assert!(
        !host
            .iter()
            .any(|&id| t.frame(id).relation.as_deref() == Some("hosts")
                && t.frame(id).require.is_empty())
    );
    let z = t.frames_for("zorble", Pos::Verb);
    assert_eq!(z.len(), 1);
    assert_eq!(t.origin(z[0]), "mine.tsv:2");
}

#[test]
fn frames_rows_given_by_column_compile_as_lines_do() {
    let line = "zorble\tVERB\tattacks\tASSAULT\t190\tnsubj\tobj|obl:on\tprt=up\tweak";
    let mut by_line = FrameTable::words_only().unwrap();
    by_line
        .extend_from_str(line, Path::new("rows.tsv"))
        .unwrap();
    let mut by_row = FrameTable::words_only().unwrap();
    let row = Row::split(line).unwrap();
    assert_eq!(row.to_line(), line);
    by_row
        .extend_rows([(7, row)], Path::new("rows.toml"))
        .unwrap();
    // Both tables intern the same words in the same order: equal ids.
    let (a, b) = (by_line.frame(FrameId(0)), by_row.frame(FrameId(0)));
    assert_eq!(
        (
            &a.relation,
            &a.class,
            &a.cameo,
            a.flags,
            a.specificity,
            &a.row
        ),
        (
            &b.relation,
            &b.class,
            &b.cameo,
            b.flags,
            b.specificity,
            &b.row
        )
    );
    assert_eq!(
        (a.lemma, &a.source, &a.target, &a.require),
        (b.lemma, &b.source, &b.target, &b.require)
    );
    assert_eq!(a.source.0.len(), 1);
    assert_eq!(a.target.0.len(), 2);
    assert_eq!(by_row.origin(FrameId(0)), "rows.toml:7");
    // The same checks, named by the line given with the row.
    let cases = [
        (
            Row {
                class: "NOPE",
                ..row
            },
            "unknown class",
        ),
        (
            Row {
                source: "subj",
                ..row
            },
            "source: unknown",
        ),
        (
            Row {
                flags: "loud",
                ..row
            },
            "unknown flag",
        ),
        (
            Row {
                relation: "a\tb",
                ..row
            },
            "tab or line break",
        ),
    ];
    for (bad, what) in cases {
        let e = by_row
            .extend_rows([(3, row), (12, bad)], Path::new("user.toml"))
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with("user.toml:12: ") && msg.contains(what),
            "{bad:?} gave {msg}"
        );
    }
    assert_eq!(by_row.len(), 1, "failed rows add nothing");
}
