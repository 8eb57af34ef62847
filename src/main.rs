//! The `newsgraph` command: parses arguments and calls the library.

mod cli;
mod commands;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    // Ctrl-C and kill remove unfinished temporary outputs (exit 130/143).
    if let Err(e) = newsgraph::output::install_signal_cleanup() {
        eprintln!("newsgraph: warning: {e}");
    }
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(newsgraph::Error::Usage(msg)) => {
            eprintln!("newsgraph: error: {msg}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("newsgraph: error: {e}");
            ExitCode::from(1)
        }
    }
}
