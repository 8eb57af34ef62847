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
    BuildConfig, ExportConfig, ExtractConfig, Input, MergeConfig, Output, ParseConfig, isolated_for,
};
use crate::document::{
    Document, DocumentReader, Effect, Origin, ReadEvent, ReadOptions, Warning, input_files,
};
use crate::error::{Error, Result};
use crate::export;
use crate::graph::{
    Added, DocIds, Filter, GraphBuilder, Isolated, KnowledgeGraph, document_digest,
    graph_from_json, read_graph, what_file_is,
};
use crate::lexicon::Lexicon;
use crate::output::{Destination, Sink, Staged, commit, stage};
use crate::record::{Extraction, parse_extraction_line};
use crate::syntax::analyze::Analyzer;
use crate::syntax::conllu;
use std::io::{BufRead, BufReader, Read};
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
    /// Lines, documents and files left out (each also a warning).
    pub skipped: usize,
    /// Fields left out or repaired in documents that were kept (each also
    /// a warning).
    pub repaired: usize,
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
    /// Something was skipped or repaired; the warning names the file and,
    /// where one applies, the line, and says what was done.
    fn warning(&mut self, warning: &Warning);
    /// The running totals, after every document.
    fn progress(&mut self, _totals: &Stats) {}
    /// Extraction is done and `what` follows (e.g. building the graph).
    fn phase(&mut self, _totals: &Stats, _what: &'static str) {}
}

/// An observer that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {
    fn warning(&mut self, _: &Warning) {}
}

/// Extracts every document of the input and writes one record per line,
/// in input order, to the output file or stdout (flushed after every
/// record, so a pipe sees each as it is made).
pub fn extract(config: &ExtractConfig, observer: &mut dyn Observer) -> Result<Stats> {
    let dest = Destination::of(config.output.as_deref())?;
    check_outputs(
        &input_files(&config.input.paths),
        std::slice::from_ref(&dest),
    )?;
    let lexicon = Lexicon::with_user_files(&config.input.lexicons)?;
    let mut out = Sink::open(&dest)?;
    observer.started(&config.input.paths);
    let mut ids = DocIds::new();
    let strict = config.input.strict;
    let stats = parallel::run(
        opener(&config.input),
        &lexicon,
        config.input.threads,
        |d, x| {
            let digest = document_digest(&x);
            let id = x.doc.meta.id.clone();
            Ok((d.origin.clone(), id, digest, json_line(&x)?))
        },
        observer,
        |(origin, id, digest, line), observer| {
            let line = match ids.claim(&id, &digest) {
                Added::New => line,
                Added::Renamed(new) => {
                    id_collision(&origin, &id, &Added::Renamed(new.clone()), strict, observer)?;
                    let mut x = parse_extraction_line(&line).map_err(Error::Internal)?;
                    x.doc.meta.id = new;
                    json_line(&x)?
                }
                other => {
                    id_collision(&origin, &id, &other, strict, observer)?;
                    return Ok(false);
                }
            };
            out.write_all(&line)?;
            out.flush_stream()?;
            Ok(true)
        },
    )?;
    if stats.documents == 0 {
        return Err(no_documents(&config.input.paths));
    }
    commit(vec![out.finish()?])?;
    Ok(stats)
}

/// Parses every document of the input (or the text given) and writes the
/// analyses as CoNLL-U, one `# newdoc id` per document and one sentence per
/// sentence of the EWT-style splitter, in input order.
pub fn parse(config: &ParseConfig, observer: &mut dyn Observer) -> Result<Stats> {
    let analyzer = Analyzer::embedded()?;
    each_document(config, observer, &|doc: &Document, stats: &mut Stats| {
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
        stats.sentences += sentences.len();
        Ok(buf)
    })
}

/// Explains every document of the input (or the text given): each
/// sentence's parse, mentions, relations and the frames behind them
/// ([`crate::extract::explain`]).
pub fn explain(config: &ParseConfig, observer: &mut dyn Observer) -> Result<Stats> {
    let lexicon = Lexicon::with_user_files(&config.input.lexicons)?;
    each_document(config, observer, &|doc: &Document, stats: &mut Stats| {
        let e = crate::extract::explain::explain(doc, &lexicon);
        stats.sentences += e.sentences;
        stats.words += e.words;
        stats.mentions += e.mentions;
        stats.relations += e.relations;
        let mut s = e.text;
        s.push('\n');
        Ok(s.into_bytes())
    })
}

/// Runs `one` on every document of the input (or on the text given) in
/// order and writes what it returns to the output, committed at the end.
fn each_document(
    config: &ParseConfig,
    observer: &mut dyn Observer,
    one: &dyn Fn(&Document, &mut Stats) -> Result<Vec<u8>>,
) -> Result<Stats> {
    let dest = Destination::of(config.output.as_deref())?;
    check_outputs(
        &input_files(&config.input.paths),
        std::slice::from_ref(&dest),
    )?;
    let mut out = Sink::open(&dest)?;
    let mut stats = Stats::default();
    let write = |doc: &Document, out: &mut Sink, stats: &mut Stats| -> Result<()> {
        let buf = one(doc, stats)?;
        stats.documents += 1;
        stats.bytes += doc.text.len();
        out.write_all(&buf)?;
        out.flush_stream()
    };
    if let Some(text) = &config.text {
        write(&Document::new("text", text.clone()), &mut out, &mut stats)?;
    } else {
        observer.started(&config.input.paths);
        for ev in opener(&config.input)()? {
            match ev? {
                ReadEvent::Document(doc) => write(&doc, &mut out, &mut stats)?,
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
    commit(vec![out.finish()?])?;
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
    let dests = destinations(&config.output)?;
    check_outputs(&config.inputs, &dests)?;
    let lexicon = Lexicon::with_user_files(&config.lexicons)?;
    let mut builder = never_merge(GraphBuilder::new(), &lexicon);
    for path in &config.inputs {
        merge_input(path, &mut builder, observer, config.strict)?;
    }
    let graph = builder.finish();
    if graph.meta().documents == 0 {
        return Err(no_documents(&config.inputs));
    }
    let staged = stage_graph(&graph, &config.output, config.isolated, &Filter::default())?;
    commit(staged)?;
    Ok(graph)
}

/// Reads a graph file, filters it and writes it.
pub fn export(config: &ExportConfig) -> Result<KnowledgeGraph> {
    let dests = destinations(&config.output)?;
    check_outputs(std::slice::from_ref(&config.graph), &dests)?;
    let graph = read_graph(&config.graph)?;
    config
        .filter
        .check(&known_relations(graph.edges().map(|e| e.relation.clone())))?;
    let graph = if config.filter.is_empty() {
        graph
    } else {
        config.filter.apply(&graph)?
    };
    commit(stage_graph(
        &graph,
        &config.output,
        config.isolated,
        &config.filter,
    )?)?;
    Ok(graph)
}

/// The relation names a `--relation` filter may name: the vocabulary, and
/// `more` (the relations of a graph, or of the user's lexicons).
fn known_relations(more: impl Iterator<Item = String>) -> std::collections::BTreeSet<String> {
    crate::lexicon::vocabulary::relations()
        .iter()
        .map(|r| r.name.to_string())
        .chain(more)
        .collect()
}

/// Extracts every document, merges the records into a graph (writing the
/// records too when asked), filters the graph and writes every output.
pub fn build(config: &BuildConfig, observer: &mut dyn Observer) -> Result<(Stats, KnowledgeGraph)> {
    let extraction_dest = match &config.extractions {
        Some(p) => Some(Destination::of(Some(p))?),
        None => None,
    };
    let mut dests: Vec<Destination> = extraction_dest.iter().cloned().collect();
    for output in &config.outputs {
        dests.extend(destinations(output)?);
    }
    check_outputs(&input_files(&config.input.paths), &dests)?;
    let lexicon = Lexicon::with_user_files(&config.input.lexicons)?;
    config
        .filter
        .check(&known_relations(lexicon.relation_names().into_iter()))?;
    let mut extractions = match &extraction_dest {
        Some(d) => Some(Sink::open(d)?),
        None => None,
    };
    let keep_lines = extractions.is_some();
    let mut builder = never_merge(GraphBuilder::new(), &lexicon);
    observer.started(&config.input.paths);
    let strict = config.input.strict;
    let stats = parallel::run(
        opener(&config.input),
        &lexicon,
        config.input.threads,
        |d, x| {
            let line = if keep_lines {
                Some(json_line(&x)?)
            } else {
                None
            };
            Ok((d.origin.clone(), x, line))
        },
        observer,
        |(origin, mut x, line), observer| {
            let (added, warnings) = builder.add(&x);
            for w in warnings {
                observer.warning(&origin.warning(w, Effect::Noted(String::new())));
            }
            if matches!(added, Added::Renamed(_) | Added::Identical) {
                id_collision(&origin, &x.doc.meta.id, &added, strict, observer)?;
            }
            let line = match (&added, line) {
                (Added::Identical | Added::Rejected, _) => return Ok(false),
                (Added::Renamed(new), Some(_)) => {
                    x.doc.meta.id = new.clone();
                    Some(json_line(&x)?)
                }
                (_, line) => line,
            };
            if let (Some(sink), Some(line)) = (extractions.as_mut(), line) {
                sink.write_all(&line)?;
            }
            Ok(true)
        },
    )?;
    if stats.documents == 0 {
        return Err(no_documents(&config.input.paths));
    }
    let mut staged = Vec::new();
    if let Some(sink) = extractions {
        staged.push(sink.finish()?);
    }
    observer.phase(&stats, "building the graph");
    let graph = builder.finish();
    let graph = if config.filter.is_empty() {
        graph
    } else {
        config.filter.apply(&graph)?
    };
    // Every output complete before any is put in place: one commit.
    for output in &config.outputs {
        staged.extend(stage_graph(
            &graph,
            output,
            config.isolated,
            &config.filter,
        )?);
    }
    commit(staged)?;
    Ok((stats, graph))
}

/// Renders and writes a graph as it is: every part atomically (all parts
/// in one commit), or to stdout or a device.
pub fn write_graph(graph: &KnowledgeGraph, output: &Output) -> Result<()> {
    commit(stage_graph(
        graph,
        output,
        Some(Isolated::Keep),
        &Filter::default(),
    )?)
}

/// Renders a graph and stages every part for [`commit`]; nodes without an
/// edge are left out when `isolated` (or, when not given, the format's
/// default) says so. `filter` is the one applied, whose focus stays.
pub fn stage_graph(
    graph: &KnowledgeGraph,
    output: &Output,
    isolated: Option<Isolated>,
    filter: &Filter,
) -> Result<Vec<Staged>> {
    let trimmed;
    let graph = match isolated_for(isolated, output.format) {
        Isolated::Keep => graph,
        Isolated::Drop => {
            trimmed = filter.without_isolated(graph)?;
            &trimmed
        }
    };
    let parts = export::render(graph, output.format)?;
    let dests = destinations(output)?;
    if dests.len() != parts.len() {
        return Err(Error::Internal(format!(
            "{} output is {} files, {} destinations",
            output.format,
            parts.len(),
            dests.len()
        )));
    }
    parts
        .into_iter()
        .zip(&dests)
        .map(|(part, dest)| stage(dest, part.bytes))
        .collect()
}

/// Where each part of an output goes (two files for CSV).
fn destinations(output: &Output) -> Result<Vec<Destination>> {
    match output.path() {
        Some(p) => (0..output.format.parts())
            .map(|i| Destination::of(Some(&export::part_path(p, output.format.part_name(i)))))
            .collect(),
        // `Output::new` refuses a format of several files on stdout.
        None if output.format.parts() > 1 => Err(Error::Internal(format!(
            "{} output is several files and cannot go to stdout",
            output.format
        ))),
        None => Ok(vec![Destination::Stdout]),
    }
}

/// Refuses, before anything is read, outputs that would destroy an input
/// or each other: an output that is an input file (the same device and
/// inode, whatever the names; files inside input folders included), two
/// outputs that are one file, and more than one output on stdout.
pub fn check_outputs(inputs: &[PathBuf], outputs: &[Destination]) -> Result<()> {
    let mut seen: Vec<(&Destination, Option<(u64, u64)>)> = Vec::new();
    for dest in outputs {
        let id = dest.identity();
        for (other, other_id) in &seen {
            let same = match (dest, other) {
                (Destination::Stdout, Destination::Stdout) => true,
                (
                    Destination::Replace { target: a, .. },
                    Destination::Replace { target: b, .. },
                ) => a == b || (id.is_some() && id == *other_id),
                (Destination::Direct(a), Destination::Direct(b)) => a == b,
                _ => false,
            };
            if same {
                return Err(Error::Usage(format!(
                    "{} and {} are the same output; give each output its own file",
                    other.shown().display(),
                    dest.shown().display()
                )));
            }
        }
        seen.push((dest, id));
    }
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        let Some(input_id) = crate::output::file_identity(input) else {
            continue;
        };
        for (dest, id) in &seen {
            if *id == Some(input_id) {
                return Err(Error::Usage(format!(
                    "output {} is the input {}; writing it would destroy the input, so choose another output file",
                    dest.shown().display(),
                    input.display()
                )));
            }
        }
    }
    Ok(())
}

/// Tells of a document whose id was taken (see [`DocIds`]): a warning, or
/// under `--strict` an error naming where the document was read.
fn id_collision(
    origin: &Origin,
    id: &str,
    added: &Added,
    strict: bool,
    observer: &mut dyn Observer,
) -> Result<()> {
    let (message, effect) = match added {
        Added::Renamed(new) => (
            format!("document id {id:?} is already taken by a different document"),
            Effect::Repaired(format!("this one is renamed {new:?}")),
        ),
        _ => (
            format!("document {id:?} was already read, with the same content"),
            Effect::Skipped("document"),
        ),
    };
    let w = origin.warning(message, effect);
    if strict {
        return Err(match w.line {
            Some(line) => Error::Parse {
                path: w.path,
                line,
                message: format!("{} (--strict)", w.message),
            },
            None => Error::Format {
                path: w.path,
                message: format!("{} (--strict)", w.message),
            },
        });
    }
    observer.warning(&w);
    Ok(())
}

/// Opens the inputs; called on the engine's reading thread.
fn opener(input: &Input) -> impl FnOnce() -> Result<DocumentReader> + Send + 'static {
    let paths = input.paths.clone();
    let options = ReadOptions {
        strict: input.strict,
        stdin: input.stdin,
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
        let (outcomes, warnings) = b.add_graph_documents(&g);
        let origin = Origin {
            path: Some(std::sync::Arc::from(path)),
            line: None,
        };
        for w in warnings {
            observer.warning(&origin.warning(w, Effect::Noted(String::new())));
        }
        for (id, added) in &outcomes {
            id_collision(&origin, id, added, strict, observer)?;
        }
        return Ok(g.meta().documents);
    }
    let mut n = 0;
    let mut line = Vec::new();
    let mut lineno = 0;
    let path_arc: std::sync::Arc<Path> = std::sync::Arc::from(path);
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
        let origin = Origin {
            path: Some(path_arc.clone()),
            line: Some(lineno),
        };
        match parse_extraction_line(&line) {
            Ok(x) => {
                let (added, warnings) = b.add(&x);
                for w in warnings {
                    observer.warning(&origin.warning(w, Effect::Noted(String::new())));
                }
                match added {
                    Added::New => n += 1,
                    Added::Renamed(_) => {
                        id_collision(&origin, &x.doc.meta.id, &added, strict, observer)?;
                        n += 1;
                    }
                    Added::Identical => {
                        id_collision(&origin, &x.doc.meta.id, &added, strict, observer)?
                    }
                    Added::Rejected => {}
                }
            }
            Err(message) if strict || lineno == 1 => {
                let message = match what_file_is(first.as_bytes()) {
                    Some(kind) if lineno == 1 => format!(
                        "this looks like {kind}: `merge` reads the extraction files of `extract` (JSON Lines) and the graph JSON of `build` and `merge`"
                    ),
                    _ if strict => format!("{message} (--strict)"),
                    _ => message,
                };
                return Err(Error::Parse {
                    path: path.to_path_buf(),
                    line: lineno,
                    message,
                });
            }
            Err(message) => observer.warning(&origin.warning(message, Effect::Skipped("line"))),
        }
    }
    Ok(n)
}
