//! Command-line arguments (clap) and their validation into a config.
//!
//! Exit codes: 0 success, 1 runtime error (unreadable input, nothing to do,
//! write failure), 2 usage error (bad arguments).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// newsgraph: build a knowledge graph of who does what to whom from news.
#[derive(Debug, Parser)]
#[command(
    name = "newsgraph",
    version,
    about,
    after_help = "Exit status: 0 success, 1 runtime error, 2 usage error \
                  (130/143 when stopped by Ctrl-C/SIGTERM; output files are then left as they were).\n\
                  Data goes to stdout or the -o file; progress and warnings go to stderr."
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract mentions and relations, one JSON line per document.
    Extract(ExtractArgs),
    /// Merge extraction files (and/or graph JSON files) into one graph.
    Merge(MergeArgs),
    /// Convert a graph JSON file to another format.
    Export(ExportArgs),
    /// Read, extract, merge and export in one go.
    Build(BuildArgs),
}

/// Options shared by every command.
#[derive(Debug, Args, Clone)]
pub struct Common {
    /// Silence progress, warnings and the summary on stderr.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Make recoverable input problems (malformed lines, duplicate ids) fatal.
    #[arg(long, global = true)]
    pub strict: bool,
}

/// Input options for commands that read documents.
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Text files, folders (recursive), JSON Lines files, or `-` for stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Extra lexicon files (TOML) with entities, triggers and never-merge pairs.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
    /// Worker threads for extraction (default: all cores). Output is the same for any value.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

/// Graph filters, applied before any export.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Keep only the ego network of this entity (id, label or alias).
    #[arg(long, value_name = "ENTITY")]
    pub focus: Option<String>,
    /// Hops around --focus.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub hops: usize,
    /// Keep edges with at least this many evidence items.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_weight: usize,
    /// Keep only these relations (e.g. attacks threatens).
    #[arg(long = "relation", value_name = "R", num_args = 1..)]
    pub relations: Vec<String>,
    /// Keep only these classes (e.g. ASSAULT CONSULT).
    #[arg(long = "class", value_name = "C", num_args = 1..)]
    pub classes: Vec<String>,
    /// Keep only nodes of these types (person country organization location group other).
    #[arg(long = "type", value_name = "T", num_args = 1..)]
    pub types: Vec<String>,
    /// Keep edges seen on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Keep edges seen on or before this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Keep the N most connected nodes.
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
}

/// `newsgraph extract`.
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Inputs and lexicons.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output file (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
}

/// `newsgraph merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Extraction JSON Lines files and/or graph JSON files.
    #[arg(required = true, value_name = "EXTRACTIONS")]
    pub inputs: Vec<PathBuf>,
    /// Output graph file (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the extension; JSON on stdout).
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Lexicon files (TOML) whose never-merge pairs apply to the merge.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
}

/// `newsgraph export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A graph JSON file written by `merge` or `build`.
    #[arg(value_name = "GRAPH")]
    pub graph: PathBuf,
    /// Output file (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format: dot, json, jsonl, gexf, graphml, csv (default: from the extension).
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
}

/// `newsgraph build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Inputs and lexicons.
    #[command(flatten)]
    pub input: InputArgs,
    /// Output file; several -o give several formats from one run.
    #[arg(short, long, value_name = "FILE", required = true)]
    pub output: Vec<PathBuf>,
    /// Output format (default: from each extension).
    #[arg(short, long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Also write the extraction JSON Lines here.
    #[arg(long, value_name = "FILE")]
    pub extractions: Option<PathBuf>,
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
}
