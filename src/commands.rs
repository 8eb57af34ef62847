//! Glue: one function per command, from validated arguments to the library.

use crate::cli::{
    BuildArgs, Cli, Command, Common, ExportArgs, ExtractArgs, FilterArgs, InputArgs, MergeArgs,
};
use newsgraph::date::DateBound;
use newsgraph::document::{DocumentReader, ReadOptions};
use newsgraph::error::{Error, Result};
use newsgraph::export::{self, Format};
use newsgraph::graph::{Filter, GraphBuilder, KnowledgeGraph, graph_from_json, read_graph};
use newsgraph::lexicon::Lexicon;
use newsgraph::ontology::EntityType;
use newsgraph::output::AtomicFile;
use newsgraph::output::write_atomic;
use newsgraph::pipeline::{self, Stats};
use newsgraph::record::parse_extraction_line;
use std::io::{BufRead, BufReader, Read};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use newsgraph::record::Extraction;
use std::io::IsTerminal;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Extract(a) => extract(a),
        Command::Merge(a) => merge(a),
        Command::Export(a) => export(a),
        Command::Build(a) => build(a),
    }
}

/// Messages for people, on stderr, unless --quiet: warnings, progress and
/// the closing summary. Progress is a bar (documents, docs/s, ETA) when
/// stderr is a terminal, and a plain line every 2 s when it is not.
struct Reporter {
    quiet: bool,
    started: Instant,
    last: Instant,
    /// The progress bar, when stderr is a terminal and documents are read.
    bar: Option<ProgressBar>,
    /// Documents expected, once estimated (for the ETA).
    total: Option<u64>,
    /// The estimate being made beside the run.
    estimating: Option<std::thread::JoinHandle<Option<u64>>>,
}

impl Reporter {
    fn new(c: &Common) -> Self {
        Reporter {
            quiet: c.quiet,
            started: Instant::now(),
            last: Instant::now(),
            bar: None,
            total: None,
            estimating: None,
        }
    }

    /// Starts progress reporting for a run over `inputs`: the number of
    /// documents is estimated on a thread of its own so the run starts at
    /// once; the bar shows a count until the estimate is in.
    fn start(&mut self, inputs: &[PathBuf]) {
        if self.quiet {
            return;
        }
        let inputs = inputs.to_vec();
        self.estimating = std::thread::Builder::new()
            .name("newsgraph-estimate".into())
            .spawn(move || newsgraph::document::estimate_documents(&inputs))
            .ok();
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(bar_style(false));
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            self.bar = Some(bar);
        }
    }

    fn warn(&self, msg: impl std::fmt::Display) {
        if self.quiet {
            return;
        }
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("newsgraph: warning: {msg}")),
            None => eprintln!("newsgraph: warning: {msg}"),
        }
    }

    fn progress(&mut self, s: &Stats) {
        if self.quiet {
            return;
        }
        if self.estimating.as_ref().is_some_and(|h| h.is_finished()) {
            self.total = self.estimating.take().and_then(|h| h.join().ok()).flatten();
            if let (Some(bar), Some(total)) = (&self.bar, self.total) {
                bar.set_length(total.max(s.documents as u64));
                bar.set_style(bar_style(true));
            }
        }
        if let Some(bar) = &self.bar {
            // The estimate can fall short (blank or skipped lines): grow it.
            if bar.length().is_some_and(|len| len < s.documents as u64) {
                bar.set_length(s.documents as u64);
            }
            bar.set_position(s.documents as u64);
            return;
        }
        if self.last.elapsed().as_secs_f64() < 2.0 {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let rate = s.documents as f64 / secs;
        let eta = match self.total {
            Some(total) if rate > 0.0 && total > s.documents as u64 => {
                let left = ((total - s.documents as u64) as f64 / rate).round() as u64;
                format!(", ETA {}:{:02}", left / 60, left % 60)
            }
            _ => String::new(),
        };
        let of = self.total.map(|t| format!(" of ~{t}")).unwrap_or_default();
        eprintln!(
            "newsgraph: {}{of} documents, {rate:.0} docs/s, {:.1} MB/s{eta}",
            s.documents,
            s.bytes as f64 / secs / 1e6
        );
    }

    /// Shows that extraction is done and `what` follows (on the bar only).
    fn phase(&self, s: &Stats, what: &'static str) {
        if let Some(bar) = &self.bar {
            bar.set_length(s.documents as u64);
            bar.set_position(s.documents as u64);
            let style = ProgressStyle::with_template(
                "newsgraph {spinner} {human_pos} documents extracted; {msg} ({elapsed})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner());
            bar.set_style(style);
            bar.set_message(what);
        }
    }

    /// Removes the bar, before the summary or an error message.
    fn clear(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }

    fn summary(&self, s: &Stats, extra: &str) {
        self.clear();
        if self.quiet {
            return;
        }
        eprintln!(
            "newsgraph: {} documents, {} sentences, {} words, {} mentions, {} relations{} in {:.2} s",
            s.documents,
            s.sentences,
            s.words,
            s.mentions,
            s.relations,
            extra,
            self.started.elapsed().as_secs_f64()
        );
    }
}

impl Drop for Reporter {
    /// A run that fails leaves no half-drawn bar above its error message.
    fn drop(&mut self) {
        self.clear();
    }
}

/// The bar's look: a count and rate until the total is known, then a bar
/// with an ETA.
fn bar_style(known_total: bool) -> ProgressStyle {
    let template = if known_total {
        "newsgraph {spinner} [{bar:30}] {human_pos}/~{human_len} documents, {rate}, ETA {eta}"
    } else {
        "newsgraph {spinner} {human_pos} documents, {rate}, {elapsed}"
    };
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
        .with_key("rate", |s: &ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = write!(w, "{:.0} docs/s", s.per_sec());
        })
}

fn load_lexicon(a: &InputArgs) -> Result<Lexicon> {
    Lexicon::with_user_files(&a.lexicons)
}

fn threads(a: &InputArgs) -> Result<usize> {
    match a.threads {
        Some(0) => Err(Error::Usage("--threads must be at least 1".into())),
        Some(n) => Ok(n),
        None => Ok(0),
    }
}

/// Where data goes: an atomically written file, or stdout.
enum Sink {
    File(BufWriter<AtomicFile>, PathBuf),
    Stdout(BufWriter<std::io::Stdout>),
}

impl Sink {
    fn open(path: Option<&Path>) -> Result<Sink> {
        match path {
            Some(p) if p.as_os_str() != "-" => Ok(Sink::File(
                BufWriter::with_capacity(1 << 16, AtomicFile::create(p)?),
                p.to_path_buf(),
            )),
            _ => Ok(Sink::Stdout(BufWriter::new(std::io::stdout()))),
        }
    }

    fn name(&self) -> PathBuf {
        match self {
            Sink::File(_, p) => p.clone(),
            Sink::Stdout(_) => PathBuf::from("<stdout>"),
        }
    }

    fn write_all(&mut self, b: &[u8]) -> Result<()> {
        let name = self.name();
        let r = match self {
            Sink::File(w, _) => w.write_all(b),
            Sink::Stdout(w) => w.write_all(b),
        };
        r.map_err(|e| Error::io(name, e))
    }

    /// Flushes stdout so a pipe sees each record as it is made.
    fn flush_stream(&mut self) -> Result<()> {
        if let Sink::Stdout(w) = self {
            w.flush().map_err(|e| Error::io("<stdout>", e))?;
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        match self {
            Sink::File(w, p) => {
                let f = w.into_inner().map_err(|e| Error::io(&p, e.into_error()))?;
                f.commit()
            }
            Sink::Stdout(mut w) => w.flush().map_err(|e| Error::io("<stdout>", e)),
        }
    }
}

/// Opens the inputs; called on the pipeline's reading thread.
fn open_reader(
    a: &InputArgs,
    c: &Common,
) -> impl FnOnce() -> Result<DocumentReader> + Send + 'static {
    let inputs = a.inputs.clone();
    let options = ReadOptions { strict: c.strict };
    move || DocumentReader::new(&inputs, options)
}

/// One extraction as a JSON line (done on the extraction workers).
fn json_line(x: &Extraction) -> Result<Vec<u8>> {
    let mut line = Vec::with_capacity(1 << 12);
    serde_json::to_writer(&mut line, x)
        .map_err(|e| Error::Internal(format!("cannot serialize: {e}")))?;
    line.push(b'\n');
    Ok(line)
}

fn extract(a: ExtractArgs) -> Result<()> {
    let mut rep = Reporter::new(&a.common);
    let n_threads = threads(&a.input)?;
    let lex = load_lexicon(&a.input)?;
    let reader = open_reader(&a.input, &a.common);
    let mut out = Sink::open(a.output.as_deref())?;
    rep.start(&a.input.inputs);
    let stats = {
        let rep_cell = std::cell::RefCell::new(&mut rep);
        pipeline::run(
            reader,
            &lex,
            n_threads,
            |x| json_line(&x),
            |w| rep_cell.borrow().warn(w),
            |line| {
                out.write_all(&line)?;
                out.flush_stream()
            },
            |s| rep_cell.borrow_mut().progress(s),
        )?
    };
    if stats.documents == 0 {
        return Err(no_documents(&a.input.inputs));
    }
    out.finish()?;
    rep.summary(&stats, "");
    Ok(())
}

fn no_documents(inputs: &[PathBuf]) -> Error {
    let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    Error::NoDocuments {
        path: PathBuf::from(names.join(", ")),
    }
}

/// Validates filter arguments into a [`Filter`].
fn filter_from(a: &FilterArgs) -> Result<Filter> {
    let mut types = Vec::new();
    for t in &a.types {
        types.push(EntityType::parse(&t.to_ascii_lowercase()).ok_or_else(|| {
            Error::Usage(format!(
                "unknown type {t:?}; expected person, country, organization, location, group or other"
            ))
        })?);
    }
    let bound = |d: &Option<String>| -> Result<Option<DateBound>> {
        d.as_deref()
            .map(|d| {
                DateBound::parse(d).ok_or_else(|| {
                    Error::Usage(format!("date {d:?} is not YYYY, YYYY-MM or YYYY-MM-DD"))
                })
            })
            .transpose()
    };
    let (since, until) = (bound(&a.since)?, bound(&a.until)?);
    Ok(Filter {
        focus: a.focus.clone(),
        // Defaults that change nothing are normalized so an unfiltered run
        // is recognized as such (and its graph is not marked filtered).
        hops: if a.focus.is_some() { a.hops } else { 0 },
        min_weight: if a.min_weight <= 1 { 0 } else { a.min_weight },
        relations: a.relations.clone(),
        classes: a.classes.clone(),
        types,
        since,
        until,
        top: a.top,
    })
}

/// The format for an output: `--format`, else the extension, else JSON.
fn format_for(path: Option<&Path>, explicit: Option<&str>) -> Result<Format> {
    if let Some(f) = explicit {
        return f.parse();
    }
    match path {
        Some(p) if p.as_os_str() != "-" => Format::from_extension(p).ok_or_else(|| {
            Error::Usage(format!(
                "cannot tell the format of {}: use .dot .gv .json .jsonl .gexf .graphml .csv or --format",
                p.display()
            ))
        }),
        _ => Ok(Format::Json),
    }
}

/// Renders and writes a graph: each part atomically, or to stdout.
fn write_graph(graph: &KnowledgeGraph, path: Option<&Path>, format: Format) -> Result<()> {
    let parts = export::render(graph, format)?;
    match path {
        Some(p) if p.as_os_str() != "-" => {
            for part in &parts {
                write_atomic(&part.path_for(p), &part.bytes)?;
            }
        }
        _ if parts.len() > 1 => {
            return Err(Error::Usage(format!(
                "{} output is two files (nodes and edges); name an output file with -o",
                format.name()
            )));
        }
        _ => {
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

fn graph_summary(rep: &Reporter, g: &KnowledgeGraph) {
    if !rep.quiet {
        eprintln!(
            "newsgraph: graph of {} documents: {} entities, {} edges",
            g.meta().documents,
            g.node_count(),
            g.edge_count()
        );
    }
}

/// Reads one merge input: an extraction JSON Lines file (streamed) or a
/// graph JSON file.
fn merge_input(path: &Path, b: &mut GraphBuilder, rep: &Reporter, strict: bool) -> Result<usize> {
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
            rep.warn(format!("{}: {w}", path.display()));
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
                    rep.warn(format!("{}:{lineno}: {w}", path.display()));
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
            Err(message) => rep.warn(format!(
                "{}:{lineno}: {message}; line skipped",
                path.display()
            )),
        }
    }
    Ok(n)
}

/// Applies the lexicon's never-merge pairs to a builder.
fn never_merge(b: GraphBuilder, lex: &Lexicon) -> GraphBuilder {
    b.with_never_merge(
        lex.never_merge
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str())),
    )
}

fn merge(a: MergeArgs) -> Result<()> {
    let rep = Reporter::new(&a.common);
    let format = format_for(a.output.as_deref(), a.format.as_deref())?;
    let lex = Lexicon::with_user_files(&a.lexicons)?;
    let mut b = never_merge(GraphBuilder::new(), &lex);
    for p in &a.inputs {
        merge_input(p, &mut b, &rep, a.common.strict)?;
    }
    let g = b.finish();
    if g.meta().documents == 0 {
        return Err(no_documents(&a.inputs));
    }
    write_graph(&g, a.output.as_deref(), format)?;
    graph_summary(&rep, &g);
    Ok(())
}

fn export(a: ExportArgs) -> Result<()> {
    let rep = Reporter::new(&a.common);
    let format = format_for(a.output.as_deref(), a.format.as_deref())?;
    let filter = filter_from(&a.filter)?;
    let g = read_graph(&a.graph)?;
    let g = if filter.is_empty() {
        g
    } else {
        filter.apply(&g)?
    };
    write_graph(&g, a.output.as_deref(), format)?;
    graph_summary(&rep, &g);
    Ok(())
}

fn build(a: BuildArgs) -> Result<()> {
    let mut rep = Reporter::new(&a.common);
    let n_threads = threads(&a.input)?;
    let formats = a
        .output
        .iter()
        .map(|p| format_for(Some(p), a.format.as_deref()))
        .collect::<Result<Vec<_>>>()?;
    let filter = filter_from(&a.filter)?;
    let lex = load_lexicon(&a.input)?;
    let reader = open_reader(&a.input, &a.common);
    let mut extractions = match &a.extractions {
        Some(p) => Some(Sink::open(Some(p))?),
        None => None,
    };
    let keep_lines = extractions.is_some();
    let mut b = never_merge(GraphBuilder::new(), &lex);
    rep.start(&a.input.inputs);
    let stats = {
        let rep_cell = std::cell::RefCell::new(&mut rep);
        pipeline::run(
            reader,
            &lex,
            n_threads,
            |x| {
                let line = if keep_lines {
                    Some(json_line(&x)?)
                } else {
                    None
                };
                Ok((x, line))
            },
            |w| rep_cell.borrow().warn(w),
            |(x, line)| {
                for w in b.add_extraction(&x) {
                    rep_cell.borrow().warn(w);
                }
                if let (Some(sink), Some(line)) = (extractions.as_mut(), line) {
                    sink.write_all(&line)?;
                }
                Ok(())
            },
            |s| rep_cell.borrow_mut().progress(s),
        )?
    };
    if stats.documents == 0 {
        return Err(no_documents(&a.input.inputs));
    }
    if let Some(sink) = extractions {
        sink.finish()?;
    }
    rep.phase(&stats, "building the graph");
    let g = b.finish();
    let g = if filter.is_empty() {
        g
    } else {
        filter.apply(&g)?
    };
    for (p, f) in a.output.iter().zip(formats) {
        write_graph(&g, Some(p), f)?;
    }
    rep.summary(
        &stats,
        &format!(", {} entities, {} edges", g.node_count(), g.edge_count()),
    );
    Ok(())
}
