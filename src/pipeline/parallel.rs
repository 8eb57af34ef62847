//! The parallel, ordered, streaming engine under [`super::extract`] and
//! [`super::build`].
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

use super::{Observer, Stats};
use crate::document::{Document, DocumentReader, Effect, ReadEvent, Warning};
use crate::error::{Error, Result};
use crate::extract::extract;
use crate::lexicon::Lexicon;
use crate::record::Extraction;
use rayon::prelude::*;
use std::collections::{BTreeMap, VecDeque};
use std::panic::AssertUnwindSafe;
use std::sync::mpsc::{self, Sender, TryRecvError};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

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
    /// The reader panicked; the panic is resumed on the caller's thread.
    ReaderPanic(Box<dyn std::any::Any + Send>),
    /// A batch came back from the pool.
    Done(u64, BatchResult<T>),
}

/// Per document: its stats and the prepared result; or a worker panic.
type BatchResult<T> = std::thread::Result<Vec<(Stats, Result<T>)>>;

/// Reads every document from the reader that `open` creates, extracts it
/// with `lex` on `threads` workers (0 = all cores), turns it into a `T` with
/// `prepare` (on the workers, e.g. serializing it; it sees the document
/// too), and hands each `T` to `sink` in input order; `sink` returns whether
/// the document was kept (a copy of one already kept is not counted).
/// Warnings from reading go to the `observer` as they arise; it sees the
/// running totals after every document, and `sink` may tell it more.
///
/// `open` runs on a reading thread of its own, so the reader (which holds
/// stdin or a file) never has to move between threads. A read error ends
/// the run after every document read before it has been sunk.
pub(super) fn run<T, O, P, S>(
    open: O,
    lex: &Lexicon,
    threads: usize,
    prepare: P,
    observer: &mut dyn Observer,
    mut sink: S,
) -> Result<Stats>
where
    T: Send + 'static,
    O: FnOnce() -> Result<DocumentReader> + Send + 'static,
    P: Fn(&Document, Extraction) -> Result<T> + Sync,
    S: FnMut(T, &mut dyn Observer) -> Result<bool>,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("newsgraph-extract-{i}"))
        .build()
        .map_err(|e| Error::Internal(format!("cannot start {threads} threads: {e}")))?;
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
    let failed = pool.in_place_scope(|scope| {
        let submit = |batch: Vec<Document>, seq: u64| {
            let tx = tx.clone();
            let prepare = &prepare;
            scope.spawn(move |_| {
                // A panic in extraction is carried back to the caller's
                // thread (and resumed there) instead of leaving it waiting.
                let out = std::panic::catch_unwind(AssertUnwindSafe(|| {
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
                                ..Stats::default()
                            };
                            (s, prepare(d, x))
                        })
                        .collect::<Vec<_>>()
                }));
                // The caller may have stopped listening after an error.
                let _ = tx.send(Msg::Done(seq, out));
            });
        };
        let mut state = State::new();
        loop {
            let can_submit = !state.pending.is_empty() && state.in_flight < IN_FLIGHT;
            if state.ended && !can_submit && state.pending.is_empty() && state.in_flight == 0 {
                break;
            }
            // Block only when there is nothing to do now; otherwise take
            // what is at hand and send the gathered batch when it runs out,
            // so a slow input is extracted and written as it arrives.
            let msg = if can_submit {
                match rx.try_recv() {
                    Ok(m) => m,
                    Err(TryRecvError::Empty | TryRecvError::Disconnected) => {
                        state.submit(&submit);
                        continue;
                    }
                }
            } else {
                match rx.recv() {
                    Ok(m) => m,
                    // Cannot happen while `tx` lives; end rather than spin.
                    Err(_) => break,
                }
            };
            match msg {
                Msg::Doc(d) => {
                    state.pending_bytes += doc_size(&d);
                    state.pending.push(d);
                    let full =
                        state.pending.len() >= BATCH_DOCS || state.pending_bytes >= batch_bytes;
                    if full && state.in_flight < IN_FLIGHT {
                        state.submit(&submit);
                    }
                }
                Msg::Warning(w) => {
                    stats.warnings += 1;
                    match w.effect {
                        Effect::Skipped(_) => stats.skipped += 1,
                        Effect::Repaired(_) => stats.repaired += 1,
                        Effect::Noted(_) => {}
                    }
                    observer.warning(&w);
                }
                Msg::Failed(e) => {
                    state.failed = Some(e);
                    state.ended = true;
                }
                Msg::ReaderPanic(p) => std::panic::resume_unwind(p),
                Msg::End => state.ended = true,
                Msg::Done(seq, out) => {
                    state.in_flight -= 1;
                    state.done.insert(seq, out);
                    state.drain(&budget, &mut stats, &mut sink, observer)?;
                }
            }
        }
        Ok::<Option<Error>, Error>(state.failed)
    })?;
    match failed {
        Some(e) => Err(e),
        None => Ok(stats),
    }
}

/// The caller-side state of [`run`].
struct State<T> {
    /// Documents gathered for the next batch.
    pending: Vec<Document>,
    /// Their size (see [`doc_size`]).
    pending_bytes: usize,
    /// Text bytes of each submitted, not yet sunk batch, to give back to the
    /// reader's budget.
    pending_sizes: VecDeque<(u64, usize)>,
    /// Sequence number of the next batch sent to the pool.
    next_seq: u64,
    /// Sequence number of the next batch to sink.
    next_sink: u64,
    /// Batches in the pool.
    in_flight: usize,
    /// Finished batches waiting for their predecessors.
    done: BTreeMap<u64, BatchResult<T>>,
    /// The reader's error, returned once everything before it is sunk.
    failed: Option<Error>,
    /// The reader has finished (or failed).
    ended: bool,
}

impl<T> State<T> {
    fn new() -> Self {
        State {
            pending: Vec::new(),
            pending_bytes: 0,
            pending_sizes: VecDeque::new(),
            next_seq: 0,
            next_sink: 0,
            in_flight: 0,
            done: BTreeMap::new(),
            failed: None,
            ended: false,
        }
    }

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
        sink: &mut impl FnMut(T, &mut dyn Observer) -> Result<bool>,
        observer: &mut dyn Observer,
    ) -> Result<()> {
        while let Some(out) = self.done.remove(&self.next_sink) {
            let items = match out {
                Ok(items) => items,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            for (s, item) in items {
                if sink(item?, observer)? {
                    stats.add(&s);
                } else {
                    stats.skipped += 1;
                }
                observer.progress(stats);
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

/// What a document counts against the reader's [`Budget`].
fn doc_size(d: &Document) -> usize {
    d.text.len() + d.id().len() + 128
}

/// Starts the reading thread: it opens the reader and sends every event,
/// waiting for budget before each document.
fn spawn_reader<T, O>(open: O, tx: Sender<Msg<T>>, budget: Budget) -> Result<()>
where
    T: Send + 'static,
    O: FnOnce() -> Result<DocumentReader> + Send + 'static,
{
    // Not joined: if the caller stops early (an output error), a reader
    // blocked on a slow stdin must not hold it up. It ends at its next send.
    std::thread::Builder::new()
        .name("newsgraph-read".into())
        .spawn(move || {
            let read = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let reader = match open() {
                    Ok(r) => r,
                    Err(e) => {
                        let _ = tx.send(Msg::Failed(e));
                        return;
                    }
                };
                for ev in reader {
                    let msg = match ev {
                        Ok(ReadEvent::Document(d)) => {
                            if !budget.acquire(doc_size(&d)) {
                                return;
                            }
                            Msg::Doc(d)
                        }
                        Ok(ReadEvent::Warning(w)) => Msg::Warning(w),
                        Err(e) => {
                            let _ = tx.send(Msg::Failed(e));
                            return;
                        }
                    };
                    if tx.send(msg).is_err() {
                        return;
                    }
                }
                let _ = tx.send(Msg::End);
            }));
            if let Err(p) = read {
                let _ = tx.send(Msg::ReaderPanic(p));
            }
        })
        .map_err(|e| Error::io("<reader thread>", e))?;
    Ok(())
}

/// A byte budget shared by the reader (which takes) and the caller's thread
/// (which gives back once a batch is sunk): it bounds the text in memory.
#[derive(Clone)]
struct Budget(Arc<(Mutex<BudgetState>, Condvar)>);

struct BudgetState {
    used: usize,
    cap: usize,
    closed: bool,
}

impl Budget {
    fn new(cap: usize) -> Self {
        Budget(Arc::new((
            Mutex::new(BudgetState {
                used: 0,
                cap,
                closed: false,
            }),
            Condvar::new(),
        )))
    }

    /// Waits until `n` bytes fit (a document larger than the whole budget
    /// is let through alone); false once the budget is closed.
    fn acquire(&self, n: usize) -> bool {
        let (lock, cv) = &*self.0;
        let mut s = lock.lock().unwrap_or_else(PoisonError::into_inner);
        while !s.closed && s.used > 0 && s.used + n > s.cap {
            s = cv.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
        if s.closed {
            return false;
        }
        s.used += n;
        true
    }

    fn release(&self, n: usize) {
        let (lock, cv) = &*self.0;
        let mut s = lock.lock().unwrap_or_else(PoisonError::into_inner);
        s.used = s.used.saturating_sub(n);
        cv.notify_all();
    }

    fn close(&self) {
        let (lock, cv) = &*self.0;
        lock.lock().unwrap_or_else(PoisonError::into_inner).closed = true;
        cv.notify_all();
    }
}

/// Closes a [`Budget`] when dropped, so a waiting reader gives up.
struct CloseOnDrop(Budget);

impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        self.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ReadOptions;
    use std::fmt::Write as _;
    use std::path::{Path, PathBuf};

    /// A JSON Lines file of `n` small documents, some sharing text.
    fn corpus(dir: &Path, n: usize) -> PathBuf {
        let mut s = String::new();
        for i in 0..n {
            let text = match i % 3 {
                0 => "Iran and Oman held talks in Muscat on Monday.",
                1 => "The United States imposed sanctions on Iran. Oman mediated.",
                _ => "Russia attacked Ukraine. Foreign Minister Abbas Araghchi met envoys.",
            };
            let _ = writeln!(s, r#"{{"id":"d{i}","text":"{text} Item {i}."}}"#);
            if i % 50 == 7 {
                s.push_str("{not json\n");
            }
        }
        let p = dir.join("c.jsonl");
        std::fs::write(&p, s).unwrap();
        p
    }

    fn opener(p: &Path) -> impl FnOnce() -> Result<DocumentReader> + Send + 'static {
        let inputs = vec![p.to_path_buf()];
        move || DocumentReader::new(&inputs, ReadOptions::default())
    }

    fn serialize(_: &Document, x: Extraction) -> Result<Vec<u8>> {
        serde_json::to_vec(&x).map_err(|e| Error::Internal(e.to_string()))
    }

    /// Counts warnings and checks that progress comes after every document.
    #[derive(Default)]
    struct Count {
        warnings: usize,
        documents: usize,
    }

    impl Observer for Count {
        fn warning(&mut self, _: &Warning) {
            self.warnings += 1;
        }

        fn progress(&mut self, s: &Stats) {
            assert_eq!(
                s.documents,
                self.documents + 1,
                "progress after every document"
            );
            self.documents = s.documents;
        }
    }

    #[test]
    fn output_is_in_input_order_and_the_same_for_any_thread_count() {
        let dir = tempfile::tempdir().unwrap();
        let p = corpus(dir.path(), 700);
        let lex = Lexicon::builtin().unwrap();
        // The reference: one document at a time, no pipeline.
        let expected: Vec<Vec<u8>> =
            DocumentReader::new(std::slice::from_ref(&p), ReadOptions::default())
                .unwrap()
                .filter_map(|ev| match ev.unwrap() {
                    ReadEvent::Document(d) => Some(serialize(&d, extract(&d, &lex)).unwrap()),
                    ReadEvent::Warning(_) => None,
                })
                .collect();
        assert_eq!(expected.len(), 700);
        for threads in [1, 2, 5] {
            let mut got = Vec::new();
            let mut count = Count::default();
            let stats = run(
                opener(&p),
                &lex,
                threads,
                serialize,
                &mut count,
                |line, _| {
                    got.push(line);
                    Ok(true)
                },
            )
            .unwrap();
            assert!(got == expected, "{threads} threads changed the output");
            assert_eq!(stats.documents, 700);
            assert_eq!(stats.warnings, 14);
            assert_eq!(count.warnings, 14);
            assert!(stats.words > 0 && stats.mentions > 0 && stats.relations > 0);
        }
    }

    #[test]
    fn a_sink_error_ends_the_run_with_that_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = corpus(dir.path(), 2000);
        let lex = Lexicon::builtin().unwrap();
        let mut n = 0;
        let r = run(
            opener(&p),
            &lex,
            2,
            |_, x| Ok(x),
            &mut Count::default(),
            |_, _| {
                n += 1;
                if n == 10 {
                    return Err(Error::Usage("full".into()));
                }
                Ok(true)
            },
        );
        assert!(matches!(r, Err(Error::Usage(m)) if m == "full"));
        assert_eq!(n, 10);
    }

    #[test]
    fn an_unreadable_input_is_an_error() {
        let lex = Lexicon::builtin().unwrap();
        let r = run(
            opener(Path::new("/nonexistent/newsgraph/in.jsonl")),
            &lex,
            1,
            |_, x| Ok(x),
            &mut Count::default(),
            |_, _| Ok(true),
        );
        assert!(matches!(r, Err(Error::Io { .. })));
    }

    #[test]
    fn the_budget_lets_a_large_document_through_alone() {
        let b = Budget::new(10);
        assert!(b.acquire(100));
        b.release(100);
        assert!(b.acquire(6));
        let b2 = b.clone();
        let t = std::thread::spawn(move || b2.acquire(6));
        std::thread::sleep(std::time::Duration::from_millis(20));
        b.release(6);
        assert!(t.join().unwrap());
        let b3 = b.clone();
        let t = std::thread::spawn(move || b3.acquire(10));
        b.close();
        assert!(!t.join().unwrap());
    }
}
