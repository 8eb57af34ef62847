//! Command-line arguments (clap) and their validation into a
//! [`Config`], once, before any work.
//!
//! Exit codes: 0 success, 1 runtime error (unreadable input, nothing to do,
//! write failure), 2 usage error (bad arguments).

use clap::{Args, Parser, Subcommand};
use newsgraph::Result;
use newsgraph::config::{
    self, BuildConfig, Command as Run, Config, ExportConfig, ExtractConfig, Input, MergeConfig,
    Output, ParseConfig,
};
use newsgraph::date::DateBound;
use newsgraph::document::StreamFormat;
use newsgraph::export::Format;
use newsgraph::graph::{Filter, Isolated};
use newsgraph::ontology::EntityType;
use std::path::PathBuf;

/// newsgraph: build a knowledge graph of who does what to whom from news.
#[derive(Debug, Parser)]
#[command(
    name = "newsgraph",
    version,
    about,
    after_help = "Exit status: 0 success, 1 runtime error, 2 usage error; \
                  130/143/129 when stopped by Ctrl-C/SIGTERM/SIGHUP before the outputs were committed \
                  (every output file is then left as it was; a signal after the commit exits 0).\n\
                  Data goes to stdout or the -o file (`-` or /dev/stdout: stdout; a device or FIFO is \
                  written in place; a symlink's target is replaced); progress and warnings go to stderr."
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
    /// Print the dependency parse (CoNLL-U) of documents or a text.
    Parse(ParseArgs),
    /// Show why each relation exists: every sentence's parse, mentions,
    /// relations with the frame and dependency path behind them, and the
    /// frame matches that were dropped.
    Explain(ExplainArgs),
    /// List the relations and classes, with what each means.
    Relations,
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
    /// Extra lexicon files (TOML) with entities, triggers, frames and never-merge pairs.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
    /// Worker threads for extraction (default: all cores). Output is the same for any value.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// How to read stdin (`-`): plain text (one document) or JSON Lines
    /// (default: JSON Lines when the first non-blank line is a JSON object).
    #[arg(long, value_name = "FORMAT", value_enum, ignore_case = true)]
    pub stdin_format: Option<StdinFormat>,
}

/// The `--stdin-format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StdinFormat {
    /// The whole of stdin is one plain-text document.
    Text,
    /// One JSON document per line.
    Jsonl,
}

/// Graph filters, applied before any export. Edge filters drop edges and
/// never nodes; whether nodes left without an edge are written is
/// `--isolated`'s choice.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Keep only the ego network of this entity: a node id, label, ISO code
    /// (IRN) or alias. Nodes farther than --hops go; the focus always stays.
    #[arg(long, value_name = "ENTITY")]
    pub focus: Option<String>,
    /// Hops around --focus.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub hops: usize,
    /// Keep edges with at least this many evidence items (nodes stay; see --isolated).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_weight: usize,
    /// Keep only edges of these relations (nodes stay; see --isolated).
    #[arg(long = "relation", value_name = "R", num_args = 1..)]
    pub relations: Vec<String>,
    /// Keep only edges of these classes (nodes stay; see --isolated).
    #[arg(long = "class", value_name = "C", num_args = 1..)]
    pub classes: Vec<String>,
    /// Keep only nodes of these types (with or without an edge; see --isolated) and the edges between them.
    #[arg(long = "type", value_name = "T", num_args = 1.., value_enum, ignore_case = true)]
    pub types: Vec<EntityType>,
    /// Keep edges seen on or after this date, YYYY, YYYY-MM or YYYY-MM-DD (nodes stay; see --isolated).
    #[arg(long, value_name = "DATE", value_parser = date_bound)]
    pub since: Option<DateBound>,
    /// Keep edges seen on or before this date, YYYY, YYYY-MM or YYYY-MM-DD (nodes stay; see --isolated).
    #[arg(long, value_name = "DATE", value_parser = date_bound)]
    pub until: Option<DateBound>,
    /// Keep the N most connected nodes (by the weight of their edges; nodes without an edge are not ranked).
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Write nodes without an edge, or leave them out (the focus stays).
    /// Default: drop for DOT (diagrams), keep for every other format.
    #[arg(long, value_name = "WHAT", value_enum, ignore_case = true)]
    pub isolated: Option<Isolated>,
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

/// `newsgraph parse`: tokens, parts of speech, lemmas and dependencies.
#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Text files, folders (recursive), JSON Lines files, or `-` for stdin.
    #[arg(value_name = "INPUT", required_unless_present = "text")]
    pub inputs: Vec<PathBuf>,
    /// Parse this text instead of reading inputs.
    #[arg(long, value_name = "TEXT", conflicts_with = "inputs")]
    pub text: Option<String>,
    /// Output file (default: stdout).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Shared options.
    #[command(flatten)]
    pub common: Common,
}

/// `newsgraph explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Text files, folders (recursive), JSON Lines files, or `-` for stdin.
    #[arg(value_name = "INPUT", required_unless_present = "text")]
    pub inputs: Vec<PathBuf>,
    /// Explain this text instead of reading inputs.
    #[arg(long, value_name = "TEXT", conflicts_with = "inputs")]
    pub text: Option<String>,
    /// Extra lexicon files (TOML) with entities, triggers, frames and never-merge pairs.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
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
    /// Output graph file (default, or `-`: stdout); the format from its
    /// extension, or FORMAT:FILE (gexf:graph.xml). CSV is two files: -o g.csv
    /// writes g.nodes.csv and g.edges.csv.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the extension; JSON on stdout).
    #[arg(short, long, value_name = "FORMAT", value_enum, ignore_case = true)]
    pub format: Option<Format>,
    /// Lexicon files (TOML) whose never-merge pairs apply to the merge.
    #[arg(long = "lexicon", value_name = "FILE")]
    pub lexicons: Vec<PathBuf>,
    /// Write nodes without an edge, or leave them out. Default: drop for
    /// DOT (diagrams), keep for every other format.
    #[arg(long, value_name = "WHAT", value_enum, ignore_case = true)]
    pub isolated: Option<Isolated>,
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
    /// Output file (default, or `-`: stdout); the format from its
    /// extension, or FORMAT:FILE (gexf:graph.xml). CSV is two files: -o g.csv
    /// writes g.nodes.csv and g.edges.csv.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format (default: from the extension; JSON on stdout).
    #[arg(short, long, value_name = "FORMAT", value_enum, ignore_case = true)]
    pub format: Option<Format>,
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
    /// Output file (`-`: stdout); several -o write several formats from one
    /// run, each by its extension or as FORMAT:FILE (dot:graph.txt). CSV is
    /// two files: -o g.csv writes g.nodes.csv and g.edges.csv.
    #[arg(short, long, value_name = "FILE")]
    pub output: Vec<PathBuf>,
    /// Output format, for a single -o (with several, use FORMAT:FILE).
    #[arg(short, long, value_name = "FORMAT", value_enum, ignore_case = true)]
    pub format: Option<Format>,
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

/// Parses a `--since`/`--until` value for clap.
fn date_bound(s: &str) -> std::result::Result<DateBound, String> {
    config::date_bound(s).map_err(|e| e.to_string())
}

impl Cli {
    /// Validates every value into a [`Config`]; a value that cannot be used
    /// is an [`newsgraph::Error::Usage`].
    pub fn into_config(self) -> Result<Config> {
        let (quiet, command) = match self.command {
            Command::Extract(a) => (
                a.common.quiet,
                Run::Extract(ExtractConfig {
                    input: a.input.into_input(a.common.strict)?,
                    output: a.output,
                }),
            ),
            Command::Merge(a) => (
                a.common.quiet,
                Run::Merge(MergeConfig {
                    output: Output::from_arg(a.output, a.format)?,
                    inputs: a.inputs,
                    lexicons: a.lexicons,
                    strict: a.common.strict,
                    isolated: a.isolated,
                }),
            ),
            Command::Export(a) => (
                a.common.quiet,
                Run::Export(ExportConfig {
                    output: Output::from_arg(a.output, a.format)?,
                    graph: a.graph,
                    isolated: a.filter.isolated,
                    filter: a.filter.into_filter()?,
                }),
            ),
            Command::Parse(a) => (
                a.common.quiet,
                Run::Parse(ParseConfig {
                    input: Input::new(a.inputs, Vec::new(), Some(1), a.common.strict)?,
                    text: a.text,
                    output: a.output,
                }),
            ),
            Command::Explain(a) => (
                a.common.quiet,
                Run::Explain(ParseConfig {
                    input: Input::new(a.inputs, a.lexicons, Some(1), a.common.strict)?,
                    text: a.text,
                    output: a.output,
                }),
            ),
            Command::Build(a) => {
                if a.output.is_empty() {
                    return Err(newsgraph::Error::Usage(
                        "build needs an output: -o FILE (several -o for several formats, -o - for stdout)"
                            .into(),
                    ));
                }
                if a.format.is_some() && a.output.len() > 1 {
                    return Err(newsgraph::Error::Usage(
                        "-f/--format names the format of a single -o; with several -o, give each its format by extension or as FORMAT:FILE (jsonl:a.csv)"
                            .into(),
                    ));
                }
                (
                    a.common.quiet,
                    Run::Build(BuildConfig {
                        input: a.input.into_input(a.common.strict)?,
                        outputs: a
                            .output
                            .into_iter()
                            .map(|p| Output::from_arg(Some(p), a.format))
                            .collect::<Result<_>>()?,
                        extractions: a.extractions,
                        isolated: a.filter.isolated,
                        filter: a.filter.into_filter()?,
                    }),
                )
            }
            Command::Relations => (false, Run::Relations),
        };
        Ok(Config { quiet, command })
    }
}

impl InputArgs {
    fn into_input(self, strict: bool) -> Result<Input> {
        let mut input = Input::new(self.inputs, self.lexicons, self.threads, strict)?;
        input.stdin = match self.stdin_format {
            None => StreamFormat::Sniff,
            Some(StdinFormat::Text) => StreamFormat::Text,
            Some(StdinFormat::Jsonl) => StreamFormat::JsonLines,
        };
        Ok(input)
    }
}

impl FilterArgs {
    fn into_filter(self) -> Result<Filter> {
        let filter = config::normalized(Filter {
            focus: self.focus,
            hops: self.hops,
            min_weight: self.min_weight,
            relations: self.relations,
            classes: self.classes,
            types: self.types,
            since: self.since,
            until: self.until,
            top: self.top,
        });
        config::check_filter(&filter)?;
        Ok(filter)
    }
}

/// The command line with the lists that are data: the classes and the
/// relations in the long help (`--help`) of `--class` and `--relation`.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    use newsgraph::lexicon::vocabulary;
    use newsgraph::ontology::Class;
    let classes: Vec<&str> = Class::ALL.iter().map(|c| c.as_str()).collect();
    let relations: Vec<&str> = vocabulary::relations().iter().map(|r| r.name).collect();
    let class_help = format!(
        "Keep only edges of these classes (case-insensitive; nodes stay, see --isolated). \
         Classes: {}.",
        classes.join(", ")
    );
    let relation_help = format!(
        "Keep only edges of these relations (case-insensitive; nodes stay, see --isolated). \
         Relations (`newsgraph relations` says what each means, and its class): {}.",
        relations.join(", ")
    );
    let mut cmd = Cli::command();
    for sub in ["export", "build"] {
        let (c, r) = (class_help.clone(), relation_help.clone());
        cmd = cmd.mut_subcommand(sub, |s| {
            s.mut_arg("classes", |a| a.long_help(c))
                .mut_arg("relations", |a| a.long_help(r))
        });
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn values_are_validated_into_a_config() {
        let config = |args: &[&str]| {
            Cli::try_parse_from(std::iter::once("newsgraph").chain(args.iter().copied()))
                .map_err(|e| e.to_string())
                .and_then(|c| c.into_config().map_err(|e| e.to_string()))
        };
        let c = config(&[
            "build", "in", "-o", "g.json", "-o", "g.GV", "--type", "Country",
        ])
        .unwrap();
        let Run::Build(b) = c.command else {
            panic!("not build")
        };
        let formats: Vec<Format> = b.outputs.iter().map(|o| o.format).collect();
        assert_eq!(formats, [Format::Json, Format::Dot]);
        assert_eq!(b.filter.types, [EntityType::Country]);
        assert_eq!(b.input.threads, 0);
        for bad in [
            &["extract", "--threads", "0", "in"][..],
            &["export", "g.json", "--format", "pdf"],
            &["export", "g.json", "-o", "g.svg"],
            &["export", "g.json", "--format", "csv"],
            &["export", "g.json", "--since", "last week"],
            &["export", "g.json", "--type", "thing"],
            &["export", "g.json", "--class", "FOO"],
            &[
                "export", "g.json", "--since", "2025-05", "--until", "2025-04",
            ],
            &["build", "in", "-o", "a.json", "-o", "b.dot", "-f", "dot"],
            &["build", "in", "-q"],
        ] {
            assert!(config(bad).is_err(), "{bad:?}");
        }
        let c = config(&[
            "export",
            "g.json",
            "--format",
            "gv",
            "--type",
            "organisation",
        ])
        .unwrap();
        let Run::Export(e) = c.command else {
            panic!("not export")
        };
        assert_eq!(e.output.format, Format::Dot);
        assert_eq!(e.filter.types, [EntityType::Organization]);
    }
}
