//! The commands end to end, from a validated [`crate::config`] to files:
//!
//! ```text
//! extract   documents -> extraction records (JSON Lines)
//! merge     extraction records, graph files -> one graph -> a format
//! export    a graph file -> filter -> a format
//! build     documents -> extraction -> merge -> filter -> every format
//! ```
//!
//! Extraction runs on the parallel, ordered, streaming engine in
//! `parallel`. People are told what happens through an [`Observer`]:
//! warnings as they arise, the running totals after every document, the
//! phase of a long run. The functions here write the data; the caller
//! writes the summary.

mod parallel;

use crate::config::{
    BuildConfig, ExportConfig, ExtractConfig, Input, MergeConfig, Output, ParseConfig,
};
use crate::document::{Document, DocumentReader, ReadEvent, ReadOptions};
use crate::error::{Error, Result};
use crate::export;
use crate::graph::{GraphBuilder, KnowledgeGraph, graph_from_json, read_graph};
use crate::lexicon::Lexicon;
use crate::output::{Sink, write_atomic};
use crate::record::{Extraction, parse_extraction_line};
use crate::syntax::analyze::Analyzer;
use crate::syntax::conllu;
use std::fmt::Display;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};

/// Totals of a run, for progress and the closing summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Documents extracted.
    pub documents: usize,
    /// Sentences.
    pub sentences: usize,
    /// Words.
    pub words: usize,
    /// Bytes of text.
    pub bytes: usize,
    /// Entity mentions.
    pub mentions: usize,
    /// Relations.
    pub relations: usize,
    /// Warnings reported.
    pub warnings: usize,
}

impl Stats {
    fn add(&mut self, d: &Stats) {
        self.documents += d.documents;
        self.sentences += d.sentences;
        self.words += d.words;
        self.bytes += d.bytes;
        self.mentions += d.mentions;
        self.relations += d.relations;
    }
}

/// Is told what a run does, for the people watching it. Only
/// [`Observer::warning`] must be implemented.
pub trait Observer {
    /// Extraction over `inputs` starts (inputs and outputs are open).
    fn started(&mut self, _inputs: &[PathBuf]) {}
    /// Something was skipped or repaired; the message names the file and,
    /// where one applies, the line.
    fn warning(&mut self, message: &dyn Display);
    /// The running totals, after every document.
    fn progress(&mut self, _totals: &Stats) {}
    /// Extraction is done and `what` follows (e.g. building the graph).
    fn phase(&mut self, _totals: &Stats, _what: &'static str) {}
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {
    fn warning(&mut self, _: &dyn Display) {}
}

/// Extracts every document of the input and writes one record per line,
/// in input order, to the output file or stdout (flushed after every
/// record, so a pipe sees each as it is made).
pub fn extract(config: &ExtractConfig, observer: &mut dyn Observer) -> Result<Stats> {
    let lexicon = Lexicon::with_user_files(&config.input.lexicons)?;
    let mut out = Sink::open(config.output.as_deref())?;
    observer.started(&config.input.paths);
    let stats = parallel::run(
        opener(&config.input),
        &lexicon,
        config.input.threads,
        |x| json_line(&x),
        observer,
        |line, _| {
            out.write_all(&line)?;
            out.flush_stream()
        },
    )?;
    if stats.documents == 0 {
        return Err(no_documents(&config.input.paths));
    }
    out.finish()?;
    Ok(stats)
}

/// Parses every document of the input (or the text given) and writes the
/// analyses as CoNLL-U, one `# newdoc id` per document and one sentence per
/// sentence of the EWT-style splitter, in input order.
pub fn parse(config: &ParseConfig, observer: &mut dyn Observer) -> Result<Stats> {
    let analyzer = Analyzer::embedded()?;
    let mut out = Sink::open(config.output.as_deref())?;
    let mut stats = Stats::default();
    let one = |doc: &Document, out: &mut Sink, stats: &mut Stats| -> Result<()> {
        let text = doc.text.as_str();
        let sentences = analyzer.analyze(text);
        let mut buf = format!("# newdoc id = {}\n", conllu_value(doc.id())).into_bytes();
        for (i, a) in sentences.iter().enumerate() {
            let id = format!("{}-{}", conllu_value(doc.id()), i + 1);
            let s = a.to_conllu(text, Some(&id));
            conllu::write(&mut buf, std::slice::from_ref(&s))
                .map_err(|e| Error::Internal(format!("cannot write CoNLL-U: {e}")))?;
            stats.words += a.words.len();
        }
        stats.documents += 1;
        stats.sentences += sentences.len();
        stats.bytes += text.len();
        out.write_all(&buf)?;
        out.flush_stream()
    };
    if let Some(text) = &config.text {
        one(&Document::new("text", text.clone()), &mut out, &mut stats)?;
    } else {
        observer.started(&config.input.paths);
        for ev in opener(&config.input)()? {
            match ev? {
                ReadEvent::Document(doc) => one(&doc, &mut out, &mut stats)?,
                ReadEvent::Warning(w) => {
                    stats.warnings += 1;
                    observer.warning(&w);
                }
            }
            observer.progress(&stats);
        }
        if stats.documents == 0 {
            return Err(no_documents(&config.input.paths));
        }
    }
    out.finish()?;
    Ok(stats)
}

/// A document id as a CoNLL-U comment value: one line.
fn conllu_value(id: &str) -> String {
    id.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Merges extraction files and graph files into one graph and writes it.
pub fn merge(config: &MergeConfig, observer: &mut dyn Observer) -> Result<KnowledgeGraph> {
    let lexicon = Lexicon::with_user_files(&config.lexicons)?;
    let mut builder = never_merge(GraphBuilder::new(), &lexicon);
    for path in &config.inputs {
        merge_input(path, &mut builder, observer, config.strict)?;
    }
    let graph = builder.finish();
    if graph.meta().documents == 0 {
        return Err(no_documents(&config.inputs));
    }
    write_graph(&graph, &config.output)?;
    Ok(graph)
}

/// Reads a graph file, filters it and writes it.
pub fn export(config: &ExportConfig) -> Result<KnowledgeGraph> {
    let graph = read_graph(&config.graph)?;
    let graph = if config.filter.is_empty() {
        graph
    } else {
        config.filter.apply(&graph)?
    };
    write_graph(&graph, &config.output)?;
    Ok(graph)
}

/// Extracts every document, merges the records into a graph (writing the
/// records too when asked), filters the graph and writes every output.
pub fn build(config: &BuildConfig, observer: &mut dyn Observer) -> Result<(Stats, KnowledgeGraph)> {
    let lexicon = Lexicon::with_user_files(&config.input.lexicons)?;
    let mut extractions = match &config.extractions {
        Some(p) => Some(Sink::open(Some(p))?),
        None => None,
    };
    let keep_lines = extractions.is_some();
    let mut builder = never_merge(GraphBuilder::new(), &lexicon);
    observer.started(&config.input.paths);
    let stats = parallel::run(
        opener(&config.input),
        &lexicon,
        config.input.threads,
        |x| {
            let line = if keep_lines {
                Some(json_line(&x)?)
            } else {
                None
            };
            Ok((x, line))
        },
        observer,
        |(x, line), observer| {
            for w in builder.add_extraction(&x) {
                observer.warning(&w);
            }
            if let (Some(sink), Some(line)) = (extractions.as_mut(), line) {
                sink.write_all(&line)?;
            }
            Ok(())
        },
    )?;
    if stats.documents == 0 {
        return Err(no_documents(&config.input.paths));
    }
    if let Some(sink) = extractions {
        sink.finish()?;
    }
    observer.phase(&stats, "building the graph");
    let graph = builder.finish();
    let graph = if config.filter.is_empty() {
        graph
    } else {
        config.filter.apply(&graph)?
    };
    for output in &config.outputs {
        write_graph(&graph, output)?;
    }
    Ok((stats, graph))
}

/// Renders and writes a graph: each part atomically, or to stdout.
pub fn write_graph(graph: &KnowledgeGraph, output: &Output) -> Result<()> {
    let parts = export::render(graph, output.format)?;
    match output.path() {
        Some(p) => {
            for part in &parts {
                write_atomic(&part.path_for(p), &part.bytes)?;
            }
        }
        // `Output::new` refuses a format of several files on stdout.
        None if parts.len() > 1 => {
            return Err(Error::Internal(format!(
                "{} output is several files and cannot go to stdout",
                output.format
            )));
        }
        None => {
            let mut out = std::io::stdout().lock();
            for part in &parts {
                out.write_all(&part.bytes)
                    .map_err(|e| Error::io("<stdout>", e))?;
            }
            out.flush().map_err(|e| Error::io("<stdout>", e))?;
        }
    }
    Ok(())
}

/// Opens the inputs; called on the engine's reading thread.
fn opener(input: &Input) -> impl FnOnce() -> Result<DocumentReader> + Send + 'static {
    let paths = input.paths.clone();
    let options = ReadOptions {
        strict: input.strict,
    };
    move || DocumentReader::new(&paths, options)
}

/// One extraction as a JSON line (made on the extraction workers).
fn json_line(x: &Extraction) -> Result<Vec<u8>> {
    let mut line = Vec::with_capacity(1 << 12);
    serde_json::to_writer(&mut line, x)
        .map_err(|e| Error::Internal(format!("cannot serialize: {e}")))?;
    line.push(b'\n');
    Ok(line)
}

fn no_documents(inputs: &[PathBuf]) -> Error {
    let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    Error::NoDocuments {
        path: PathBuf::from(names.join(", ")),
    }
}

/// Applies the lexicon's never-merge pairs to a builder.
fn never_merge(b: GraphBuilder, lex: &Lexicon) -> GraphBuilder {
    b.with_never_merge(
        lex.never_merge
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str())),
    )
}

/// Reads one merge input: an extraction JSON Lines file (streamed) or a
/// graph JSON file. Returns the number of documents it held.
fn merge_input(
    path: &Path,
    b: &mut GraphBuilder,
    observer: &mut dyn Observer,
    strict: bool,
) -> Result<usize> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut reader = BufReader::new(file);
    // Sniff: a graph file is one JSON object whose first line is "{" alone
    // or holds "directed"; extraction lines each hold a whole record.
    let first = {
        let buf = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        String::from_utf8_lossy(&buf[..buf.len().min(4096)]).into_owned()
    };
    let first_line = first.lines().next().unwrap_or("").trim();
    let is_graph = first_line == "{" || first_line.contains("\"directed\"");
    if is_graph {
        let mut bytes = Vec::new();
        reader
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io(path, e))?;
        let g = graph_from_json(&bytes, path)?;
        for w in b.add_graph(&g) {
            observer.warning(&format!("{}: {w}", path.display()));
        }
        return Ok(g.meta().documents);
    }
    let mut n = 0;
    let mut line = Vec::new();
    let mut lineno = 0;
    loop {
        line.clear();
        let got = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| Error::io(path, e))?;
        if got == 0 {
            break;
        }
        lineno += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match parse_extraction_line(&line) {
            Ok(x) => {
                for w in b.add_extraction(&x) {
                    observer.warning(&format!("{}:{lineno}: {w}", path.display()));
                }
                n += 1;
            }
            Err(message) if strict || lineno == 1 => {
                return Err(Error::Parse {
                    path: path.to_path_buf(),
                    line: lineno,
                    message,
                });
            }
            Err(message) => observer.warning(&format!(
                "{}:{lineno}: {message}; line skipped",
                path.display()
            )),
        }
    }
    Ok(n)
}
