//! The test suite itself (issue 13, item 23): a test whose client is
//! missing is reported as ignored, never as a silent `ok`, and the memory
//! the suite needs is stated in the README (the one-line 100 MB document
//! of `tests/hostile.rs` checks that its peak stays within it).

mod common;

use std::fs;

/// Every test file, with its text.
fn test_files() -> Vec<(String, String)> {
    let dir = common::root().join("tests");
    let mut files: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn no_test_skips_silently() {
    for (name, text) in test_files() {
        if name == "hostile_suite.rs" {
            continue;
        }
        for (i, line) in text.lines().enumerate() {
            let l = line.to_ascii_lowercase();
            // A notice on stderr followed by an early `return` reports `ok`.
            let runtime_skip =
                l.contains("eprintln!") && (l.contains("skipping") || l.contains("not available"));
            assert!(
                !runtime_skip,
                "tests/{name}:{}: a test that skips at run time passes silently; \
                 mark it #[cfg_attr(newsgraph_no_<client>, ignore = \"...\")] (build.rs) instead:\n{line}",
                i + 1
            );
        }
    }
}

#[test]
fn the_readme_states_the_memory_the_suite_needs() {
    let readme = fs::read_to_string(common::root().join("README.md")).unwrap();
    let at = readme
        .find("needs about ")
        .expect("README: \"cargo test needs about N GB of memory\"");
    let rest = &readme[at..at + 60.min(readme.len() - at)];
    assert!(rest.contains(" GB of memory"), "{rest}");
    assert!(
        readme.contains("NEWSGRAPH_BIG_LINE_MB"),
        "README: how to run the suite with less"
    );
}
