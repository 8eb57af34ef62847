//! What a run is asked to do, validated once, before any work.
//!
//! The command line (the binary's `cli.rs`) becomes a [`Config`]; every
//! value that cannot be used is an [`Error::Usage`] at that point (exit
//! status 2), so the [`crate::pipeline`] only meets runtime failures. The
//! types here are plain data: what to read, how many threads, where each
//! output goes and in which [`Format`], which [`Filter`] to apply.

use crate::date::DateBound;
use crate::document::StreamFormat;
use crate::error::{Error, Result};
use crate::export::Format;
use crate::graph::{Filter, Isolated};
use std::path::{Path, PathBuf};

/// A whole run: the command and whether people get messages on stderr.
#[derive(Debug, Clone)]
pub struct Config {
    /// Silence progress, warnings and the summary.
    pub quiet: bool,
    /// The command.
    pub command: Command,
}

/// The four commands.
#[derive(Debug, Clone)]
pub enum Command {
    /// Documents to extraction records.
    Extract(ExtractConfig),
    /// Extraction records and graph files to one graph.
    Merge(MergeConfig),
    /// A graph file to another format, filtered.
    Export(ExportConfig),
    /// Documents to a graph in one run.
    Build(BuildConfig),
    /// Documents or a text to CoNLL-U dependency parses.
    Parse(ParseConfig),
    /// Explain the extraction of documents or a text, sentence by sentence.
    Explain(ParseConfig),
    /// The relation vocabulary, listed.
    Relations,
}

/// Documents to read and how.
#[derive(Debug, Clone)]
pub struct Input {
    /// Text files, folders, JSON Lines files, `-` for stdin.
    pub paths: Vec<PathBuf>,
    /// The user's lexicon files (TOML), on top of the built-in one.
    pub lexicons: Vec<PathBuf>,
    /// Extraction worker threads; 0 means one per core.
    pub threads: usize,
    /// Recoverable input problems are errors.
    pub strict: bool,
    /// How stdin is read: sniffed (the default), or forced to plain text
    /// or JSON Lines.
    pub stdin: StreamFormat,
}

impl Input {
    /// Checks the thread count: `None` is one per core, 0 is refused.
    pub fn new(
        paths: Vec<PathBuf>,
        lexicons: Vec<PathBuf>,
        threads: Option<usize>,
        strict: bool,
    ) -> Result<Input> {
        let threads = match threads {
            Some(0) => return Err(Error::Usage("--threads must be at least 1".into())),
            Some(n) => n,
            None => 0,
        };
        Ok(Input {
            paths,
            lexicons,
            threads,
            strict,
            stdin: StreamFormat::Sniff,
        })
    }
}

/// Where a graph goes and in which format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// The file; `None` for stdout.
    pub path: Option<PathBuf>,
    /// The format.
    pub format: Format,
}

impl Output {
    /// The output for `-o path` (`None` or `-`: stdout) and `--format`: the
    /// format given, else the path's extension, else JSON on stdout and on
    /// a device or descriptor path (`/dev/stdout`, a FIFO). A
    /// format of two files (CSV) needs a path.
    pub fn new(path: Option<PathBuf>, format: Option<Format>) -> Result<Output> {
        let path = path.filter(|p| p.as_os_str() != "-");
        let format = match (format, &path) {
            (Some(f), _) => f,
            (None, Some(p)) => match Format::from_extension(p) {
                Some(f) => f,
                // `/dev/stdout`, `/dev/null`, a FIFO: JSON, as on stdout.
                None if crate::output::is_stream_path(p) => Format::Json,
                None => {
                    return Err(Error::Usage(format!(
                        "cannot tell the format of {}: use .dot .gv .json .jsonl .gexf .graphml .csv or --format",
                        p.display()
                    )));
                }
            },
            (None, None) => Format::Json,
        };
        if path.is_none() && format.parts() > 1 {
            return Err(Error::Usage(format!(
                "{} output is two files (nodes and edges); name an output file with -o",
                format.name()
            )));
        }
        Ok(Output { path, format })
    }

    /// The output for an `-o` value that may name its format first,
    /// `FORMAT:PATH` (`gexf:graph.xml`; a format name, a colon, a path), and
    /// `--format`; otherwise as [`Output::new`]. A file whose name starts
    /// with a format name and a colon is written `./json:notes`.
    pub fn from_arg(arg: Option<PathBuf>, format: Option<Format>) -> Result<Output> {
        if let Some(a) = &arg
            && let Some(s) = a.to_str()
            && let Some((name, path)) = s.split_once(':')
            && !path.is_empty()
            && let Ok(f) = name.parse::<Format>()
        {
            return Output::new(Some(PathBuf::from(path)), Some(f));
        }
        Output::new(arg, format)
    }

    /// The file, or `None` for stdout.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

/// `newsgraph extract`.
#[derive(Debug, Clone)]
pub struct ExtractConfig {
    /// What to read.
    pub input: Input,
    /// The extraction file; `None` for stdout.
    pub output: Option<PathBuf>,
}

/// `newsgraph parse`.
#[derive(Debug, Clone)]
pub struct ParseConfig {
    /// What to read (ignored when `text` is given).
    pub input: Input,
    /// A text given on the command line, parsed instead of the inputs.
    pub text: Option<String>,
    /// The CoNLL-U file; `None` for stdout.
    pub output: Option<PathBuf>,
}

/// `newsgraph merge`.
#[derive(Debug, Clone)]
pub struct MergeConfig {
    /// Extraction files and graph files.
    pub inputs: Vec<PathBuf>,
    /// Lexicon files whose never-merge pairs apply.
    pub lexicons: Vec<PathBuf>,
    /// A malformed extraction line is an error.
    pub strict: bool,
    /// Where the graph goes.
    pub output: Output,
    /// Whether nodes without an edge are written (`None`: the format's
    /// default, see [`isolated_for`]).
    pub isolated: Option<Isolated>,
}

/// `newsgraph export`.
#[derive(Debug, Clone)]
pub struct ExportConfig {
    /// The graph file to read.
    pub graph: PathBuf,
    /// Where the graph goes.
    pub output: Output,
    /// What to keep of it.
    pub filter: Filter,
    /// Whether nodes without an edge are written (`None`: the format's
    /// default, see [`isolated_for`]).
    pub isolated: Option<Isolated>,
}

/// `newsgraph build`.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    /// What to read.
    pub input: Input,
    /// Every output, each in its format.
    pub outputs: Vec<Output>,
    /// Where the extraction records go too, if anywhere.
    pub extractions: Option<PathBuf>,
    /// What to keep of the graph before writing it.
    pub filter: Filter,
    /// Whether nodes without an edge are written (`None`: each format's
    /// default, see [`isolated_for`]).
    pub isolated: Option<Isolated>,
}

/// Whether an output in `format` keeps isolated nodes: as asked, else
/// dropped in DOT (diagrams) and kept in every data format.
pub fn isolated_for(asked: Option<Isolated>, format: Format) -> Isolated {
    asked.unwrap_or(match format {
        Format::Dot => Isolated::Drop,
        Format::Json | Format::Jsonl | Format::Gexf | Format::Graphml | Format::Csv => {
            Isolated::Keep
        }
    })
}

/// Checks the filter values that need no graph: every `--class` is a
/// class, `--since` is not after `--until` (the relations are checked
/// against the vocabulary and the graph by the pipeline).
pub fn check_filter(filter: &Filter) -> Result<()> {
    let relations_unchecked = Filter {
        relations: Vec::new(),
        ..filter.clone()
    };
    relations_unchecked.check(&std::collections::BTreeSet::new())
}

/// Reads a `--since`/`--until` value: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
pub fn date_bound(s: &str) -> Result<DateBound> {
    DateBound::parse(s)
        .ok_or_else(|| Error::Usage(format!("date {s:?} is not YYYY, YYYY-MM or YYYY-MM-DD")))
}

/// A filter whose defaults that change nothing are normalized, so an
/// unfiltered run is recognized as such (and its graph is not marked
/// filtered): hops count only with a focus, a minimum weight of 1 is none.
pub fn normalized(mut filter: Filter) -> Filter {
    if filter.focus.is_none() {
        filter.hops = 0;
    }
    if filter.min_weight <= 1 {
        filter.min_weight = 0;
    }
    filter
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_take_their_format_from_the_extension_or_the_flag() {
        let out = |p: Option<&str>, f| Output::new(p.map(PathBuf::from), f);
        assert_eq!(out(Some("g.gv"), None).unwrap().format, Format::Dot);
        assert_eq!(out(None, None).unwrap().format, Format::Json);
        assert_eq!(out(Some("-"), None).unwrap().path, None);
        assert_eq!(
            out(Some("g.txt"), Some(Format::Gexf)).unwrap().format,
            Format::Gexf
        );
        for bad in [out(Some("g.svg"), None), out(None, Some(Format::Csv))] {
            assert!(matches!(bad, Err(Error::Usage(_))), "{bad:?}");
        }
    }

    #[test]
    fn values_are_checked() {
        assert!(matches!(
            Input::new(vec![], vec![], Some(0), false),
            Err(Error::Usage(_))
        ));
        assert_eq!(Input::new(vec![], vec![], None, false).unwrap().threads, 0);
        assert!(date_bound("2025-04").is_ok());
        assert!(matches!(date_bound("last week"), Err(Error::Usage(_))));
        let f = normalized(Filter {
            hops: 1,
            min_weight: 1,
            ..Filter::default()
        });
        assert!(f.is_empty());
    }
}
