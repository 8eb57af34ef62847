//! Glue: one function per command, from validated arguments to the library.

use crate::cli::{BuildArgs, Cli, Command, Common, ExportArgs, ExtractArgs, InputArgs, MergeArgs};
use newsgraph::document::{DocumentReader, ReadOptions};
use newsgraph::error::{Error, Result};
use newsgraph::lexicon::Lexicon;
use newsgraph::output::AtomicFile;
use newsgraph::pipeline::{self, Stats};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Extract(a) => extract(a),
        Command::Merge(a) => merge(a),
        Command::Export(a) => export(a),
        Command::Build(a) => build(a),
    }
}

/// Messages for people, on stderr, unless --quiet.
struct Reporter {
    quiet: bool,
    started: Instant,
    last: Instant,
}

impl Reporter {
    fn new(c: &Common) -> Self {
        Reporter {
            quiet: c.quiet,
            started: Instant::now(),
            last: Instant::now(),
        }
    }

    fn warn(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            eprintln!("newsgraph: warning: {msg}");
        }
    }

    fn progress(&mut self, s: &Stats) {
        if self.quiet || self.last.elapsed().as_secs_f64() < 2.0 {
            return;
        }
        self.last = Instant::now();
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        eprintln!(
            "newsgraph: {} documents, {:.0} docs/s, {:.1} MB/s",
            s.documents,
            s.documents as f64 / secs,
            s.bytes as f64 / secs / 1e6
        );
    }

    fn summary(&self, s: &Stats, extra: &str) {
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

fn open_reader(a: &InputArgs, c: &Common) -> Result<DocumentReader> {
    DocumentReader::new(&a.inputs, ReadOptions { strict: c.strict })
}

fn extract(a: ExtractArgs) -> Result<()> {
    let mut rep = Reporter::new(&a.common);
    let n_threads = threads(&a.input)?;
    let lex = load_lexicon(&a.input)?;
    let reader = open_reader(&a.input, &a.common)?;
    let mut out = Sink::open(a.output.as_deref())?;
    let mut line = Vec::with_capacity(1 << 14);
    let stats = {
        let rep_cell = std::cell::RefCell::new(&mut rep);
        pipeline::run(
            reader,
            &lex,
            n_threads,
            |w| rep_cell.borrow().warn(w),
            |x| {
                line.clear();
                serde_json::to_writer(&mut line, &x)
                    .map_err(|e| Error::Usage(format!("cannot serialize: {e}")))?;
                line.push(b'\n');
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

fn merge(_a: MergeArgs) -> Result<()> {
    Err(Error::Usage("merge: graph stage not wired yet".into()))
}

fn export(_a: ExportArgs) -> Result<()> {
    Err(Error::Usage("export: graph stage not wired yet".into()))
}

fn build(_a: BuildArgs) -> Result<()> {
    Err(Error::Usage("build: graph stage not wired yet".into()))
}
