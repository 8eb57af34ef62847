//! Notes which client programs the tests can run, so that a test whose
//! client is missing is reported by `cargo test` as "ignored" with the
//! reason, in the summary, instead of passing silently.
//!
//! For each missing client a `newsgraph_no_<client>` cfg is set, which the
//! tests in `tests/clients.rs` and `tests/spark.rs` turn into
//! `#[ignore = "..."]`. With `NEWSGRAPH_REQUIRE_CLIENTS=1` (as `.ci/run`
//! sets it) nothing is set: every client test runs and fails when its
//! client is missing. The probe runs again when `PATH` or that variable
//! changes; after installing a client otherwise, `touch build.rs`.
//! The library and the binary do not use these cfgs.

use std::process::{Command, Stdio};

fn works(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=NEWSGRAPH_REQUIRE_CLIENTS");
    let clients: [(&str, &dyn Fn() -> bool); 5] = [
        ("dot", &|| works("dot", &["-V"])),
        ("xmllint", &|| works("xmllint", &["--version"])),
        ("python", &|| works("python3", &["--version"])),
        ("networkx", &|| {
            works(
                "python3",
                &[
                    "-c",
                    "import networkx as nx, sys; v = tuple(int(x) for x in nx.__version__.split('.')[:2]); sys.exit(0 if v >= (3, 6) else 1)",
                ],
            )
        }),
        ("spark", &|| {
            works("python3", &["-c", "import pyspark"]) && works("java", &["-version"])
        }),
    ];
    let required = std::env::var("NEWSGRAPH_REQUIRE_CLIENTS").is_ok_and(|v| v == "1");
    for (name, available) in clients {
        println!("cargo::rustc-check-cfg=cfg(newsgraph_no_{name})");
        if !required && !available() {
            println!("cargo::rustc-cfg=newsgraph_no_{name}");
        }
    }
}
