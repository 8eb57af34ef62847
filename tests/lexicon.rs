//! The user's TOML lexicon: entities, triggers and never-merge pairs, and
//! errors that name the file and line.

use std::fs;
use std::process::Command;

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn user_entities_and_triggers_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("my.toml");
    fs::write(
        &lex,
        r#"
[[entity]]
name = "Zorvathi Liberation Front"
type = "group"
aliases = ["ZLF"]

[[trigger]]
relation = "attacks"
class = "ASSAULT"
cameo = "190"
pos = "verb"
forms = ["zorblasted"]
"#,
    )
    .unwrap();
    let doc = dir.path().join("a.txt");
    fs::write(&doc, "The ZLF zorblasted Armenia on Sunday.").unwrap();
    let out = run(&[
        "extract",
        "-q",
        "--lexicon",
        lex.to_str().unwrap(),
        doc.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rel = &v["relations"][0];
    assert_eq!(rel["relation"], "attacks");
    assert_eq!(rel["subject"]["entity"], "Zorvathi Liberation Front");
    assert_eq!(rel["object"]["entity"], "Armenia");
    // Without the lexicon, "zorblasted" (a made-up verb; a real one may be in the CAMEO frames) is no trigger.
    let out = run(&["extract", "-q", doc.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        v["relations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["relation"] != "attacks")
    );
}

#[test]
fn bad_entries_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("a.txt");
    fs::write(&doc, "Iran met Oman.").unwrap();
    for (body, line, needle) in [
        (
            "[[entity]]\nname = \"X\"\ntype = \"planet\"\n",
            1,
            "unknown entity type",
        ),
        (
            "\n\n[[trigger]]\nrelation = \"attacks\"\nclass = \"BOMBING\"\npos = \"verb\"\nforms = [\"x\"]\n",
            3,
            "unknown class",
        ),
        ("[[entity]\nname = 1\n", 1, ""),
        (
            "[[trigger]]\nrelation = \"a\"\nclass = \"ASSAULT\"\npos = \"adverb\"\nforms = [\"x\"]\n",
            1,
            "part of speech",
        ),
    ] {
        let lex = dir.path().join("bad.toml");
        fs::write(&lex, body).unwrap();
        let out = run(&[
            "extract",
            "--lexicon",
            lex.to_str().unwrap(),
            doc.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("bad.toml:{line}:")),
            "{body:?}: {err}"
        );
        assert!(err.contains(needle), "{body:?}: {err}");
    }
}

#[test]
fn never_merge_pairs_keep_a_surname_apart() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    fs::write(
        &a,
        "Foreign Minister Carlos Mendoza met Peruvian officials.",
    )
    .unwrap();
    fs::write(&b, "Mendoza, a striker, scored twice.").unwrap();
    let inputs = [a.to_str().unwrap(), b.to_str().unwrap()];
    let g1 = dir.path().join("g1.json");
    assert!(
        run(&[
            "build",
            "-q",
            inputs[0],
            inputs[1],
            "-o",
            g1.to_str().unwrap()
        ])
        .status
        .success()
    );
    let merged: serde_json::Value = serde_json::from_slice(&fs::read(&g1).unwrap()).unwrap();
    let lex = dir.path().join("n.toml");
    fs::write(
        &lex,
        "[[never_merge]]\na = \"person:carlos mendoza\"\nb = \"person:mendoza\"\n",
    )
    .unwrap();
    let g2 = dir.path().join("g2.json");
    let o = run(&[
        "build",
        "-q",
        "--lexicon",
        lex.to_str().unwrap(),
        inputs[0],
        inputs[1],
        "-o",
        g2.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let apart: serde_json::Value = serde_json::from_slice(&fs::read(&g2).unwrap()).unwrap();
    let persons = |g: &serde_json::Value| {
        g["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["type"] == "person")
            .count()
    };
    assert_eq!(
        persons(&apart),
        persons(&merged) + 1,
        "never_merge keeps Mendoza apart"
    );
}
