//! Running extraction over a stream of documents: parallel, ordered,
//! streaming, bounded in memory.
//!
//! Three kinds of thread share the work:
//!
//! ```text
//! reader thread   DocumentReader -> documents and warnings, in input order
//! rayon pool      batches of documents -> extractions (+ `prepare`, e.g. JSON)
//! caller thread   batching, then `sink` in input order, progress, warnings
//! ```
//!
//! * **Deterministic.** Every batch carries a sequence number and results are
//!   handed to `sink` strictly in input order, so the output is
//!   byte-identical for any thread count.
//! * **Streaming.** The caller's thread never waits on input while a result
//!   is ready: a batch goes to the pool as soon as the reader has nothing
//!   more at hand (or the batch is full), and each result is sunk as soon as
//!   everything before it has been. A document arriving alone on a pipe is
//!   extracted and written at once.
//! * **Bounded memory.** The reader may run ahead of the sink by at most
//!   [`Budget`] bytes of text, and at most two batches are extracted at a
//!   time, so memory does not grow with the number of documents.
//! * **Overlapped.** Reading and JSON parsing (reader thread) and merging or
//!   writing (caller thread) run beside extraction, so `--threads N` keeps N
//!   workers busy with extraction alone.

use crate::document::{Document, DocumentReader, ReadEvent, Warning};
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::lexicon::Lexicon;
use crate::record::Extraction;
use rayon::prelude::*;
use std::collections::{BTreeMap, VecDeque};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

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

/// A batch is sent to the pool once it holds this many documents.
const BATCH_DOCS: usize = 256;
/// Bytes of text per batch per worker thread (the batch target is clamped
/// to 256 KiB..4 MiB overall).
const BATCH_BYTES_PER_THREAD: usize = 256 << 10;
/// Batches being extracted at once: two keep every worker busy across the
/// tail of a batch.
const IN_FLIGHT: usize = 2;

/// What the reader thread sends to the caller's thread.
enum Msg<T> {
    /// A document, in input order.
    Doc(Document),
    /// Something the reader skipped.
    Warning(Warning),
    /// The reader failed; nothing follows.
    Failed(Error),
    /// The input is exhausted.
    End,
    /// A batch came back from the pool.
    Done(u64, BatchResult<T>),
}

/// Per document: its stats and the prepared result; or a worker panic.
type BatchResult<T> = std::thread::Result<Vec<(Stats, Result<T>)>>;

/// Reads every document from the reader that `open` creates, extracts it
/// with `lex` on `threads` workers (0 = all cores), turns it into a `T` with
/// `prepare` (on the workers, e.g. serializing it), and hands each `T` to
/// `sink` in input order. Warnings from reading go to `warn` as they arise;
/// `progress` sees the running totals after every document.
///
/// `open` runs on a reading thread of its own, so the reader (which holds
/// stdin or a file) never has to move between threads. A read error ends
/// the run after every document read before it has been sunk.
pub fn run<T, O, P, W, S, G>(
    open: O,
    lex: &Lexicon,
    threads: usize,
    prepare: P,
    mut warn: W,
    mut sink: S,
    mut progress: G,
) -> Result<Stats>
where
    T: Send,
    O: FnOnce() -> Result<DocumentReader> + Send + 'static,
    P: Fn(Extraction) -> Result<T> + Sync,
    W: FnMut(&Warning),
    S: FnMut(T) -> Result<()>,
    G: FnMut(&Stats),
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("newsgraph-extract-{i}"))
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {threads} threads: {e}")))?;
    let workers = pool.current_num_threads().max(1);
    let batch_bytes = (workers * BATCH_BYTES_PER_THREAD).clamp(256 << 10, 4 << 20);
    // The reader may hold this much text not yet sunk: the batches in the
    // pool, the one being gathered, and one more queued.
    let budget = Budget::new(batch_bytes * (IN_FLIGHT + 2));
    let (tx, rx) = mpsc::channel::<Msg<T>>();
    spawn_reader(open, tx.clone(), budget.clone())?;
    // However this function ends, a reader waiting for budget stops.
    let _close = CloseOnDrop(budget.clone());

    let mut stats = Stats::default();
    pool.in_place_scope(|scope| {
        let mut state = State {
            rx,
            pending: Vec::new(),
            pending_bytes: 0,
            pending_sizes: VecDeque::new(),
            next_seq: 0,
            next_sink: 0,
            in_flight: 0,
            done: BTreeMap::new(),
            failed: None,
            ended: false,
        };
        let submit = |batch: Vec<Document>, seq: u64| {
            let tx = tx.clone();
            let prepare = &prepare;
            scope.spawn(move |_| {
                // A panic in extraction is carried back to the caller's
                // thread (and resumed there) instead of leaving it waiting.
                let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    batch
                        .par_iter()
                        .map(|d| {
                            let x = extract(d, lex);
                            let s = Stats {
                                documents: 1,
                                sentences: x.doc.sentences,
                                words: x.doc.words,
                                bytes: d.text.len(),
                                mentions: x.mentions.len(),
                                relations: x.relations.len(),
                                warnings: 0,
                            };
                            (s, prepare(x))
                        })
                        .collect::<Vec<_>>()
                }));
                // The caller may have stopped listening after an error.
                let _ = tx.send(Msg::Done(seq, out));
            });
        };
        loop {
            // Wait for something only when there is nothing to do now.
            let msg = if state.pending.is_empty() || state.in_flight >= IN_FLIGHT {
                if state.ended && state.pending.is_empty() && state.in_flight == 0 {
                    break;
                }
                match state.rx.recv() {
                    Ok(m) => Some(m),
                    // Unreachable while `tx` lives; treat as the end.
                    Err(_) => break,
                }
            } else {
                match state.rx.try_recv() {
                    Ok(m) => Some(m),
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => None,
                }
            };
            match msg {
                Some(Msg::Doc(d)) => {
                    let size = doc_size(&d);
                    state.pending_bytes += size;
                    state.pending.push(d);
                    if state.pending.len() >= BATCH_DOCS || state.pending_bytes >= batch_bytes {
                        // Full: wait for a free slot if need be (the loop
                        // receives batches coming back meanwhile).
                        if state.in_flight < IN_FLIGHT {
                            state.submit(&submit);
                        }
                    }
                }
                Some(Msg::Warning(w)) => {
                    stats.warnings += 1;
                    warn(&w);
                }
                Some(Msg::Failed(e)) => {
                    state.failed = Some(e);
                    state.ended = true;
                }
                Some(Msg::End) => state.ended = true,
                Some(Msg::Done(seq, out)) => {
                    state.in_flight -= 1;
                    state.done.insert(seq, out);
                    state.drain(&budget, &mut stats, &mut sink, &mut progress)?;
                }
                None => {
                    // Nothing at hand: send what has gathered, so a slow
                    // input is extracted and written as it arrives.
                    if !state.pending.is_empty() && state.in_flight < IN_FLIGHT {
                        state.submit(&submit);
                    }
                }
            }
            if state.ended && !state.pending.is_empty() && state.in_flight < IN_FLIGHT {
                state.submit(&submit);
            }
        }
        Ok::<(), Error>(())
    })?;
    match state_failure(&mut stats) {
        Some(e) => Err(e),
        None => Ok(stats),
    }
}

/// Placeholder so the failure can be moved out of the scope's state.
fn state_failure(_stats: &mut Stats) -> Option<Error> {
    None
}

/// The caller-side state of [`run`].
struct State<T> {
    rx: Receiver<Msg<T>>,
    pending: Vec<Document>,
    pending_bytes: usize,
    /// Text bytes of each submitted, not yet sunk batch, to give back to the
    /// reader's budget.
    pending_sizes: VecDeque<(u64, usize)>,
    next_seq: u64,
    next_sink: u64,
    in_flight: usize,
    done: BTreeMap<u64, BatchResult<T>>,
    failed: Option<Error>,
    ended: bool,
}

impl<T> State<T> {
    fn submit(&mut self, spawn: &impl Fn(Vec<Document>, u64)) {
        let batch = std::mem::take(&mut self.pending);
        self.pending_sizes
            .push_back((self.next_seq, std::mem::take(&mut self.pending_bytes)));
        spawn(batch, self.next_seq);
        self.next_seq += 1;
        self.in_flight += 1;
    }

    /// Sinks every finished batch that is next in input order.
    fn drain(
        &mut self,
        budget: &Budget,
        stats: &mut Stats,
        sink: &mut impl FnMut(T) -> Result<()>,
        progress: &mut impl FnMut(&Stats),
    ) -> Result<()> {
        while let Some(out) = self.done.remove(&self.next_sink) {
            let items = match out {
                Ok(items) => items,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            for (s, item) in items {
                sink(item?)?;
                stats.add(&s);
                progress(stats);
            }
            while let Some(&(seq, bytes)) = self.pending_sizes.front() {
                if seq > self.next_sink {
                    break;
                }
                budget.release(bytes);
                self.pending_sizes.pop_front();
            }
            self.next_sink += 1;
        }
        Ok(())
    }
}
