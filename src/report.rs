//! Messages for people, on stderr: warnings, progress and the closing
//! summary, silenced by `--quiet`. The [`Reporter`] is the binary's
//! [`Observer`] of the pipeline.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use newsgraph::document::{Effect, Warning, estimate_documents};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::pipeline::{Observer, Stats};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::time::Instant;

/// Writes one line to stderr. A stderr that cannot be written (`2>/dev/full`,
/// a closed pipe) never ends or fails the run: the line is dropped.
pub fn say(args: std::fmt::Arguments<'_>) {
    let mut err = std::io::stderr().lock();
    let _ = err.write_fmt(args).and_then(|()| err.write_all(b"\n"));
}

/// Messages for people, on stderr, unless --quiet: warnings, progress and
/// the closing summary. Progress is a bar (documents, docs/s, ETA) when
/// stderr is a terminal, and a plain line every 2 s when it is not.
pub struct Reporter {
    quiet: bool,
    started: Instant,
    last: Instant,
    /// The progress bar, when stderr is a terminal and documents are read.
    bar: Option<ProgressBar>,
    /// Documents expected, once estimated (for the ETA).
    total: Option<u64>,
    /// The estimate being made beside the run.
    estimating: Option<std::thread::JoinHandle<Option<u64>>>,
    /// What was left out, by unit (`line`, `document`, `file`, …).
    skipped: BTreeMap<&'static str, usize>,
    /// Fields left out or repaired in kept documents.
    repaired: usize,
}

impl Reporter {
    /// A reporter; `quiet` silences it.
    pub fn new(quiet: bool) -> Self {
        Reporter {
            quiet,
            started: Instant::now(),
            last: Instant::now(),
            bar: None,
            total: None,
            estimating: None,
            skipped: BTreeMap::new(),
            repaired: 0,
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
            .spawn(move || estimate_documents(&inputs))
            .ok();
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(bar_style(false));
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            self.bar = Some(bar);
        }
    }

    fn warn(&mut self, w: &Warning) {
        match &w.effect {
            Effect::Skipped(what) => *self.skipped.entry(what).or_default() += 1,
            Effect::Repaired(_) => self.repaired += 1,
            Effect::Noted(_) => {}
        }
        if self.quiet {
            return;
        }
        let msg = w;
        match &self.bar {
            Some(bar) => bar.suspend(|| say(format_args!("newsgraph: warning: {msg}"))),
            None => say(format_args!("newsgraph: warning: {msg}")),
        }
    }

    fn show_progress(&mut self, s: &Stats) {
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
        say(format_args!(
            "newsgraph: {}{of} documents, {rate:.0} docs/s, {:.1} MB/s{eta}",
            s.documents,
            s.bytes as f64 / secs / 1e6
        ));
    }

    /// Shows that extraction is done and `what` follows (on the bar only).
    fn show_phase(&self, s: &Stats, what: &'static str) {
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

    /// What was left out and repaired, for a summary: `` (nothing) or
    /// ` (2 lines skipped, 1 field repaired; see the warnings above)`.
    fn losses(&self) -> String {
        let plural = |n: usize, word: &str| {
            if n == 1 {
                format!("1 {word}")
            } else {
                format!("{n} {word}s")
            }
        };
        let mut parts: Vec<String> = self
            .skipped
            .iter()
            .map(|(what, n)| format!("{} skipped", plural(*n, what)))
            .collect();
        if self.repaired > 0 {
            parts.push(format!("{} repaired", plural(self.repaired, "field")));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!(" ({}; see the warnings above)", parts.join(", "))
        }
    }

    /// The closing summary of an extraction: totals, what was left out or
    /// repaired, `extra`, the time.
    pub fn summary(&self, s: &Stats, extra: &str) {
        self.clear();
        if self.quiet {
            return;
        }
        say(format_args!(
            "newsgraph: {} documents{}, {} sentences, {} words, {} mentions, {} relations{} in {:.2} s",
            s.documents,
            self.losses(),
            s.sentences,
            s.words,
            s.mentions,
            s.relations,
            extra,
            self.started.elapsed().as_secs_f64()
        ));
    }

    /// The closing summary of a command that writes a graph.
    pub fn graph_summary(&self, g: &KnowledgeGraph) {
        if !self.quiet {
            say(format_args!(
                "newsgraph: graph of {} documents{}: {} entities, {} edges",
                g.meta().documents,
                self.losses(),
                g.node_count(),
                g.edge_count()
            ));
        }
    }
}

impl Observer for Reporter {
    fn started(&mut self, inputs: &[PathBuf]) {
        self.start(inputs);
    }

    fn warning(&mut self, warning: &Warning) {
        self.warn(warning);
    }

    fn progress(&mut self, totals: &Stats) {
        self.show_progress(totals);
    }

    fn phase(&mut self, totals: &Stats, what: &'static str) {
        self.show_phase(totals, what);
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
