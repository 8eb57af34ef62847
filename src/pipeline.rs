//! Running extraction over a stream of documents: parallel, ordered,
//! bounded in memory.
//!
//! Documents are read in batches; each batch is extracted on a rayon pool and
//! handed on in input order, so the output is byte-identical for any thread
//! count, and memory holds one batch of texts at a time.

use crate::document::{DocumentReader, ReadEvent, Warning};
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::lexicon::Lexicon;
use crate::record::Extraction;
use rayon::prelude::*;

/// Totals of a run, for the closing summary.
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

/// Texts of at most this many bytes are gathered before a parallel step.
const BATCH_BYTES: usize = 4 << 20;
/// And at most this many documents.
const BATCH_DOCS: usize = 512;

/// Reads every document from `reader`, extracts it with `lex` on `threads`
/// threads (0 = all cores), and hands each extraction to `sink` in input
/// order. Warnings go to `warn` as they arise.
pub fn run(
    reader: DocumentReader,
    lex: &Lexicon,
    threads: usize,
    mut warn: impl FnMut(&Warning),
    mut sink: impl FnMut(Extraction) -> Result<()>,
    mut progress: impl FnMut(&Stats),
) -> Result<Stats> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let mut stats = Stats::default();
    let mut batch = Vec::new();
    let mut batch_bytes = 0;
    let mut flush = |batch: &mut Vec<crate::document::Document>, stats: &mut Stats| -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let out: Vec<Extraction> =
            pool.install(|| batch.par_iter().map(|d| extract(d, lex)).collect());
        for (doc, x) in batch.iter().zip(out) {
            stats.documents += 1;
            stats.bytes += doc.text.len();
            stats.sentences += x.doc.sentences;
            stats.words += x.doc.words;
            stats.mentions += x.mentions.len();
            stats.relations += x.relations.len();
            sink(x)?;
        }
        batch.clear();
        progress(stats);
        Ok(())
    };
    for ev in reader {
        match ev? {
            ReadEvent::Warning(w) => {
                stats.warnings += 1;
                warn(&w);
            }
            ReadEvent::Document(d) => {
                batch_bytes += d.text.len();
                batch.push(d);
                if batch.len() >= BATCH_DOCS || batch_bytes >= BATCH_BYTES {
                    flush(&mut batch, &mut stats)?;
                    batch_bytes = 0;
                }
            }
        }
    }
    flush(&mut batch, &mut stats)?;
    Ok(stats)
}
