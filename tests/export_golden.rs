//! Golden files for every export format, from the hand-built corpus in
//! `tests/golden/fixtures.rs` (hostile names included).
//!
//! Regenerate deliberately and review the diff:
//! `UPDATE_GOLDEN=1 cargo test --test export_golden`.

#[path = "golden/fixtures.rs"]
mod fixtures;

use newsgraph::export::{Format, RenderedFile, render};
use newsgraph::graph::{Filter, KnowledgeGraph};
use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

/// Compares `actual` with the golden file `name`, or rewrites it when
/// `UPDATE_GOLDEN=1`. On a mismatch, prints the differing lines.
fn check(name: &str, actual: &[u8]) {
    let path = golden_dir().join(name);
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; run UPDATE_GOLDEN=1 cargo test --test export_golden",
            path.display()
        )
    });
    if expected == actual {
        return;
    }
    let exp = String::from_utf8_lossy(&expected);
    let act = String::from_utf8_lossy(actual);
    let (el, al): (Vec<&str>, Vec<&str>) = (exp.lines().collect(), act.lines().collect());
    let mut report = String::new();
    let mut shown = 0;
    for i in 0..el.len().max(al.len()) {
        let (e, a) = (el.get(i), al.get(i));
        if e != a {
            report.push_str(&format!(
                "line {}:\n  expected: {}\n  actual:   {}\n",
                i + 1,
                e.map(|s| format!("{s:?}"))
                    .unwrap_or_else(|| "(none)".into()),
                a.map(|s| format!("{s:?}"))
                    .unwrap_or_else(|| "(none)".into()),
            ));
            shown += 1;
            if shown == 20 {
                report.push_str("… (more differences)\n");
                break;
            }
        }
    }
    panic!(
        "{name} differs from the golden file ({} vs {} bytes):\n{report}\
         If the change is intended: UPDATE_GOLDEN=1 cargo test --test export_golden",
        expected.len(),
        actual.len()
    );
}

fn file_name(stem: &str, format: Format, part: &RenderedFile) -> String {
    match part.part {
        Some(p) => format!("{stem}.{p}.{}", format.extension()),
        None => format!("{stem}.{}", format.extension()),
    }
}

fn check_all_formats(stem: &str, graph: &KnowledgeGraph) {
    for format in Format::ALL {
        let parts = render(graph, format).unwrap();
        for part in &parts {
            check(&file_name(stem, format, part), &part.bytes);
        }
        // Same graph, same bytes: render again.
        assert_eq!(
            render(graph, format).unwrap(),
            parts,
            "{format} is not deterministic"
        );
    }
}

#[test]
fn corpus_in_every_format() {
    check_all_formats("corpus", &fixtures::merge(&fixtures::corpus()));
}

#[test]
fn ego_network_of_iran() {
    let graph = fixtures::merge(&fixtures::corpus());
    let filter = Filter {
        focus: Some("iran".into()),
        hops: 1,
        min_weight: 1,
        ..Filter::default()
    };
    let ego = filter.apply(&graph).unwrap();
    for format in [Format::Dot, Format::Json] {
        for part in render(&ego, format).unwrap() {
            check(&file_name("ego-iran", format, &part), &part.bytes);
        }
    }
}

#[test]
fn empty_graph_in_every_format() {
    check_all_formats("empty", &fixtures::merge(&[]));
}
