//! Replays, under `cargo test`, every input that ever crashed a fuzz target
//! (kept in `tests/data/fuzz/TARGET/`) and the fuzzing seeds
//! (`fuzz/seeds/TARGET/`), through the same code the fuzz targets run
//! (`fuzz/targets.rs`). See the README's Robustness section for how to fuzz.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;

/// Runs `target` on every file in `dir`; returns how many there were.
fn replay(name: &str, target: targets::Target, dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut files: Vec<_> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for f in &files {
        let data = std::fs::read(f).unwrap();
        let outcome = std::panic::catch_unwind(|| target(&data));
        assert!(
            outcome.is_ok(),
            "fuzz target {name} panics on {}",
            f.display()
        );
    }
    files.len()
}

#[test]
fn every_kept_crash_and_seed_runs_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = 0;
    for (name, target) in targets::TARGETS {
        replay(name, target, &root.join("tests/data/fuzz").join(name));
        seeds += replay(name, target, &root.join("fuzz/seeds").join(name));
    }
    assert!(seeds >= 5, "the fuzzing seeds are missing");
}
