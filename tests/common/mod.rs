//! Helpers shared by the integration tests (`mod common;` in each).
//!
//! Each test file is its own crate and uses only some of these.
#![allow(dead_code)]

use newsgraph::document::Document;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The `newsgraph` binary built for these tests.
pub fn bin_path() -> &'static str {
    env!("CARGO_BIN_EXE_newsgraph")
}

/// A command running the `newsgraph` binary.
pub fn bin() -> Command {
    Command::new(bin_path())
}

/// Runs `newsgraph` with `args` to the end.
pub fn run(args: &[&str]) -> Output {
    bin().args(args).output().expect("run newsgraph")
}

/// The stderr of a run, as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The repository's root folder.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled example articles.
pub fn examples() -> PathBuf {
    root().join("examples/articles")
}

/// A document with an id and a text and no other metadata.
pub fn doc(id: impl Into<String>, text: &str) -> Document {
    Document::new(id, text)
}

/// True when client programs are required (`NEWSGRAPH_REQUIRE_CLIENTS=1`,
/// as `.ci/run` sets it): a missing client is then a failure, not a skip.
pub fn require_clients() -> bool {
    std::env::var("NEWSGRAPH_REQUIRE_CLIENTS").is_ok_and(|v| v == "1")
}
