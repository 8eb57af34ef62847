//! The body of every fuzz target, shared by the cargo-fuzz binaries in
//! `fuzz/fuzz_targets/` and by `tests/fuzz_regressions.rs`, which replays
//! each crashing input ever found (`tests/data/fuzz/TARGET/`) and the seeds
//! (`fuzz/seeds/TARGET/`) under `cargo test`.
//!
//! Each function must not panic, whatever the bytes; the assertions in it
//! are the properties the fuzzer checks besides "no panic".

#![allow(dead_code)]

use newsgraph::document::{Document, DocumentReader, ReadEvent, ReadOptions, StreamFormat};
use newsgraph::export::{Format, render, render_json};
use newsgraph::graph::{GraphBuilder, graph_from_json};
use newsgraph::lexicon::{Lexicon, LexiconBuilder};
use newsgraph::record::parse_extraction_line;
use std::collections::HashSet;
use std::io::Cursor;
use std::path::Path;
use std::sync::LazyLock;

/// A fuzz target: takes any bytes, must not panic.
pub type Target = fn(&[u8]);

/// The targets by name, as `cargo fuzz run NAME` knows them.
pub const TARGETS: [(&str, Target); 5] = [
    ("extract", extract),
    ("documents", documents),
    ("extraction_record", extraction_record),
    ("graph", graph),
    ("lexicon", lexicon),
];

static LEXICON: LazyLock<Lexicon> =
    LazyLock::new(|| Lexicon::builtin().expect("the built-in lexicon loads"));

fn document(id: &str, text: String) -> Document {
    Document::new(id, text)
}

/// The extractor on arbitrary text: every span slices the text to the
/// string recorded with it; the extraction merges into a graph.
pub fn extract(data: &[u8]) {
    let doc = document("fuzz", String::from_utf8_lossy(data).into_owned());
    let x = newsgraph::extract::extract(&doc, &LEXICON);
    let chars: Vec<char> = doc.text.chars().collect();
    let slice = |s: usize, e: usize| -> String {
        assert!(
            s <= e && e <= chars.len(),
            "span {s}..{e} out of {}",
            chars.len()
        );
        chars[s..e].iter().collect()
    };
    for m in &x.mentions {
        assert_eq!(slice(m.span.start, m.span.end), m.text);
    }
    for r in &x.relations {
        assert_eq!(slice(r.evidence.start, r.evidence.end), r.quote);
        for a in [
            Some(&r.subject),
            r.object.as_ref(),
            r.attributed_to.as_ref(),
        ]
        .into_iter()
        .flatten()
        {
            assert_eq!(slice(a.span.start, a.span.end), a.text);
        }
    }
    let mut b = GraphBuilder::new();
    b.add_extraction(&x);
    b.finish();
}

/// The document reader on an arbitrary stream (the first byte picks plain
/// text, JSON Lines or sniffing, and strict mode): it ends, and hands out
/// only non-empty documents with unique ids; strict mode never warns.
pub fn documents(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let format = match mode % 3 {
        0 => StreamFormat::Text,
        1 => StreamFormat::JsonLines,
        _ => StreamFormat::Sniff,
    };
    let strict = mode & 0x80 != 0;
    let options = ReadOptions {
        strict,
        ..ReadOptions::default()
    };
    let reader =
        DocumentReader::from_reader("fuzz.jsonl", Cursor::new(rest.to_vec()), format, options);
    // The reader passes ids on as read; `DocIds` (the pipeline's rule)
    // makes them unique: no id is handed out twice.
    let mut ids = HashSet::new();
    let mut rule = newsgraph::graph::DocIds::new();
    for event in reader {
        match event {
            Ok(ReadEvent::Document(d)) => {
                assert!(!d.text.trim().is_empty());
                let digest = {
                    use std::hash::{Hash, Hasher};
                    let mut h = std::collections::hash_map::DefaultHasher::new();
                    d.text.hash(&mut h);
                    format!("{:016x}", h.finish())
                };
                let id = match rule.claim(d.id(), &digest) {
                    newsgraph::graph::Added::New => d.id().to_string(),
                    newsgraph::graph::Added::Renamed(new) => new,
                    _ => continue,
                };
                assert!(ids.insert(id.clone()), "id {id:?} handed out twice");
            }
            Ok(ReadEvent::Warning(w)) => assert!(!strict, "strict mode warned: {w}"),
            Err(_) => break,
        }
    }
}

/// The extraction-record reader of `merge` on arbitrary lines, the merge of
/// whatever it accepts, and every exporter on the result.
pub fn extraction_record(data: &[u8]) {
    let mut b = GraphBuilder::new();
    let mut any = false;
    for line in data.split(|&c| c == b'\n') {
        if let Ok(x) = parse_extraction_line(line) {
            b.add_extraction(&x);
            any = true;
        }
    }
    if !any {
        return;
    }
    let g = b.finish();
    for f in Format::ALL {
        let _ = render(&g, f);
    }
}

/// The graph-file reader of `export` and `merge` on arbitrary bytes. A graph
/// it accepts writes back to bytes that read back to the same bytes, merges
/// with itself, and renders in every format.
pub fn graph(data: &[u8]) {
    let Ok(g) = graph_from_json(data, Path::new("fuzz.json")) else {
        return;
    };
    let Ok(once) = render_json(&g) else {
        return;
    };
    let back = graph_from_json(&once, Path::new("again.json")).expect("a written graph reads back");
    assert_eq!(
        render_json(&back).ok(),
        Some(once),
        "round trip is not stable"
    );
    let mut b = GraphBuilder::new();
    b.add_graph(&g);
    b.add_graph(&g);
    b.finish();
    for f in Format::ALL {
        let _ = render(&g, f);
    }
}

const ARTICLE: &str = "Foreign Minister Abbas Araghchi met the Wagner Group envoy in Muscat. \
He said Oman pummeled the proposal; the Pact hosted talks between Iran and Qatar.";

/// The user-lexicon reader (`--lexicon FILE.toml`) on arbitrary text, then
/// the lexicon it builds on a short article.
pub fn lexicon(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut b = LexiconBuilder::default();
    if newsgraph::lexicon::user::load_str(Path::new("fuzz.toml"), text, &mut b).is_err() {
        return;
    }
    let Ok(lex) = b.build() else {
        return;
    };
    newsgraph::extract::extract(&document("a", ARTICLE.into()), &lex);
}
