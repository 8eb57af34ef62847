//! The `newsgraph` command: parses the arguments into a validated config
//! and runs it on the library.

mod cli;
mod commands;
mod report;

use clap::FromArgMatches;
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = cli::command().get_matches();
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    // Ctrl-C and kill remove unfinished temporary outputs (exit 130/143).
    if let Err(e) = newsgraph::output::install_signal_cleanup() {
        report::say(format_args!("newsgraph: warning: {e}"));
    }
    match cli.into_config().and_then(commands::run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(newsgraph::Error::Usage(msg)) => {
            report::say(format_args!("newsgraph: error: {msg}"));
            ExitCode::from(2)
        }
        Err(e) => {
            report::say(format_args!("newsgraph: error: {e}"));
            ExitCode::from(1)
        }
    }
}
