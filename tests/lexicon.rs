//! The user's TOML lexicon: entities, triggers, frames and never-merge
//! pairs, and errors that name the file and line.

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

/// A good frame of eight lines, before a bad one.
const FRAME: &str = "[[frame]]
lemma = \"outflank\"
pos = \"verb\"
relation = \"attacks\"
class = \"ASSAULT\"
cameo = \"190\"
source = \"nsubj\"
target = \"obj\"
";

#[test]
fn user_frames_match_every_inflection_of_their_lemma() {
    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("frames.toml");
    fs::write(&lex, format!("# Verbs the built-in frames lack.\n{FRAME}")).unwrap();
    let doc = dir.path().join("a.txt");
    fs::write(
        &doc,
        "Armenian troops outflanked Azerbaijan near the ridge on Monday. \
         Military analysts say Armenia outflanks Azerbaijan whenever the talks stall. \
         Azerbaijan was outflanked by Armenia again on Wednesday. \
         Armenia is outflanking Azerbaijan in the north, the ministry said.",
    )
    .unwrap();
    let (lex, doc) = (lex.to_str().unwrap(), doc.to_str().unwrap());
    let out = run(&["extract", "-q", "--lexicon", lex, doc]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rels = v["relations"].as_array().unwrap();
    let quotes: Vec<&str> = rels.iter().map(|r| r["quote"].as_str().unwrap()).collect();
    for form in [
        "outflanked Azerbaijan",
        "outflanks",
        "was outflanked",
        "outflanking",
    ] {
        assert!(
            quotes.iter().any(|q| q.contains(form)),
            "{form}: {quotes:?}"
        );
    }
    assert_eq!(rels.len(), 4, "{rels:?}");
    for r in rels {
        assert_eq!(r["relation"], "attacks");
        assert_eq!(r["class"], "ASSAULT");
        assert_eq!(r["cameo"], "190");
        assert_eq!(r["rule"], "frame");
        assert_eq!(r["subject"]["entity"], "Armenia", "{r}");
        assert_eq!(r["object"]["entity"], "Azerbaijan", "{r}");
    }
    // `explain` names the frame by the file and line of its [[frame]].
    let out = run(&["explain", "-q", "--lexicon", lex, doc]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("frames.toml:2)"), "{text}");
    // The built-in frames have no row for "outflank".
    let out = run(&["extract", "-q", doc]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["relations"].as_array().unwrap().len(), 0, "{v}");
}

#[test]
fn a_user_frame_may_give_a_new_relation() {
    let dir = tempfile::tempdir().unwrap();
    let lex = dir.path().join("spying.toml");
    fs::write(
        &lex,
        r#"
[[frame]]
lemma = "wiretap"
pos = "verb"
relation = "spies_on"
class = "COERCE"
source = "nsubj"
target = "obj"
flags = []
"#,
    )
    .unwrap();
    let doc = dir.path().join("a.txt");
    fs::write(
        &doc,
        "Denmark wiretapped Sweden for years, a parliamentary inquiry found.",
    )
    .unwrap();
    let graph = dir.path().join("g.json");
    let (lex, doc, g) = (
        lex.to_str().unwrap(),
        doc.to_str().unwrap(),
        graph.to_str().unwrap(),
    );
    let args = ["build", "-q", doc, "--relation", "spies_on", "-o", g];
    // Without the lexicon the relation is unknown to --relation.
    assert_eq!(run(&args).status.code(), Some(2));
    let out = run(&[&args[..2], &["--lexicon", lex], &args[2..]].concat());
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&fs::read(&graph).unwrap()).unwrap();
    let edges = v["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 1, "{edges:?}");
    assert_eq!(edges[0]["relation"], "spies_on");
    assert_eq!(edges[0]["class"], "COERCE");
    assert_eq!(edges[0]["source"], "ent:country:DNK");
    assert_eq!(edges[0]["target"], "ent:country:SWE");
}

#[test]
fn a_user_frame_replaces_the_built_in_rows_with_its_key() {
    use newsgraph::lexicon::Lexicon;
    use newsgraph::lexicon::frames::Pos;
    use std::path::Path;
    let events = |lex: &Lexicon| {
        let t = lex.frames().expect("frames load");
        t.frames_for("pummel", Pos::Verb)
            .iter()
            .filter(|&&id| t.frame(id).is_event())
            .map(|&id| t.origin(id))
            .collect::<Vec<_>>()
    };
    let builtin = Lexicon::builtin().unwrap();
    assert_eq!(events(&builtin).len(), 1, "the built-in row of pummel");
    // A row without relation and class is a no-event row: it blocks the lemma.
    let mut b = Lexicon::builder().unwrap();
    let text = "\n[[frame]]\nlemma = \"pummel\"\npos = \"verb\"\n\n[[frame]]\nlemma = \"outflank\"\npos = \"verb\"\nrelation = \"outflanks\"\nclass = \"ASSAULT\"\nsource = \"nsubj\"\ntarget = \"obj\"\n";
    newsgraph::lexicon::user::load_str(Path::new("mine.toml"), text, &mut b).unwrap();
    let lex = b.build().unwrap();
    assert!(events(&lex).is_empty(), "{:?}", events(&lex));
    let t = lex.frames().unwrap();
    let outflank = t.frames_for("outflank", Pos::Verb);
    assert_eq!(outflank.len(), 1);
    assert_eq!(t.origin(outflank[0]), "mine.toml:6");
    assert!(lex.relation_names().contains("outflanks"));
    assert!(!builtin.relation_names().contains("outflanks"));
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
        // A [[frame]] is checked as a row of frames.tsv, named by its line.
        (
            &format!(
                "{FRAME}\n[[frame]]\nlemma = \"x\"\npos = \"verb\"\nrelation = \"a\"\nclass = \"BOMBING\"\nsource = \"nsubj\"\ntarget = \"obj\"\n"
            ),
            10,
            "unknown class",
        ),
        (
            &format!(
                "{FRAME}\n\n[[frame]]\nlemma = \"x\"\npos = \"verb\"\nrelation = \"a\"\nclass = \"ASSAULT\"\nsource = \"nsubj\"\ntarget = \"obj>subj\"\n"
            ),
            11,
            "target: unknown dependency relation",
        ),
        (
            &format!(
                "{FRAME}\n[[frame]]\nlemma = \"x\"\npos = \"verb\"\nrelation = \"a\"\nclass = \"ASSAULT\"\nsource = \"nsubj\"\ntarget = \"obj\"\nflags = [\"loud\"]\n"
            ),
            10,
            "unknown flag",
        ),
        (
            "[[frame]]\nlemma = \"x\"\npos = \"verb\"\nrelation = \"a\"\nclass = \"ASSAULT\"\nsource = \"nsubj\"\n",
            1,
            "objectless",
        ),
        (
            "[[frame]]\nlemma = \"x\"\npos = \"adverb\"\n",
            1,
            "part of speech",
        ),
        (
            "[[frame]]\nlemma = \"x\"\npos = \"verb\"\nsource = \"nsubj\"\n",
            1,
            "no-event",
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
