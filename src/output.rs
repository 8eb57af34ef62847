//! Writing output files whole or not at all.
//!
//! Data is written to a temporary file beside the target and renamed over it
//! only once complete, so an interrupted run leaves the previous file intact
//! and never a partial one under the target's name:
//!
//! - **Error or panic**: the temporary file is removed when its
//!   [`AtomicFile`] is dropped.
//! - **Ctrl-C, SIGTERM, SIGHUP**: [`install_signal_cleanup`] starts a thread
//!   that removes every temporary file still being written, then exits with
//!   128 + the signal number (130, 143, 129). A file being renamed into place
//!   at that moment is either renamed whole or removed, never half done: the
//!   rename and the cleanup take the same lock.
//! - **SIGKILL, power loss**: nothing can run, so a `.newsgraph-PID-….tmp`
//!   file may stay behind (the target itself is still the previous file).
//!   The next run that writes into the same folder removes such files whose
//!   process is gone (checked through `/proc`, so on Linux).

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Temporary files being written by this process.
static PENDING: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

fn pending() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The prefix of every temporary file; the process id follows.
const TMP_PREFIX: &str = ".newsgraph-";
const TMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = AtomicFile::create(path)?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.commit()
}

/// A file being written beside its final path; renamed into place by
/// [`AtomicFile::commit`], removed if dropped before (or if the process is
/// stopped by a signal, see [`install_signal_cleanup`]).
pub struct AtomicFile {
    file: Option<tempfile::NamedTempFile>,
    target: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file in the target's directory, after removing
    /// temporary files left there by newsgraph processes that were killed.
    pub fn create(path: &Path) -> Result<Self> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        remove_stale(dir);
        let prefix = format!("{TMP_PREFIX}{}-", std::process::id());
        // Register under the lock, so a signal cannot slip in between the
        // file's creation and its registration.
        let mut registry = pending();
        let file = tempfile::Builder::new()
            .prefix(&prefix)
            .suffix(TMP_SUFFIX)
            .tempfile_in(dir)
            .map_err(|e| Error::io(path, e))?;
        registry.insert(file.path().to_path_buf());
        Ok(AtomicFile {
            file: Some(file),
            target: path.to_path_buf(),
        })
    }

    /// Flushes, syncs and renames the file into place.
    pub fn commit(mut self) -> Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        // Temporary files are created private (0600); give the result the
        // permissions of the file it replaces, or the usual 0644.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&self.target)
                .map(|m| m.permissions().mode() & 0o7777)
                .unwrap_or(0o644);
            file.as_file()
                .set_permissions(std::fs::Permissions::from_mode(mode))
                .map_err(|e| Error::io(&self.target, e))?;
        }
        file.as_file()
            .sync_all()
            .map_err(|e| Error::io(&self.target, e))?;
        let tmp = file.path().to_path_buf();
        let mut registry = pending();
        let done = file.persist(&self.target);
        registry.remove(&tmp);
        drop(registry);
        done.map_err(|e| Error::io(&self.target, e.error))?;
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            let mut registry = pending();
            registry.remove(file.path());
            // NamedTempFile removes the file when dropped.
            drop(file);
        }
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self.file.as_mut() {
            Some(f) => f.write(buf),
            None => Err(std::io::Error::other("file already committed")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self.file.as_mut() {
            Some(f) => f.flush(),
            None => Ok(()),
        }
    }
}

/// Removes every temporary file this process is writing; returns how many.
/// Takes the lock that [`AtomicFile::commit`] renames under and keeps it, so
/// no file is renamed into place after this (the caller is about to exit).
fn remove_pending_and_hold() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    let mut registry = pending();
    for p in std::mem::take(&mut *registry) {
        let _ = std::fs::remove_file(p);
    }
    registry
}

/// Starts a thread that, on SIGINT (Ctrl-C), SIGTERM or SIGHUP, removes the
/// temporary files of unfinished outputs and exits with status 128 + the
/// signal number (130, 143, 129). Previous output files stay as they were.
/// Call it once, early in `main`; it does nothing off Unix.
pub fn install_signal_cleanup() -> Result<()> {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])
            .map_err(|e| Error::io("<signal handler>", e))?;
        std::thread::Builder::new()
            .name("newsgraph-signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    let _held = remove_pending_and_hold();
                    std::process::exit(128 + sig);
                }
            })
            .map_err(|e| Error::io("<signal handler>", e))?;
    }
    Ok(())
}

/// Removes `.newsgraph-PID-….tmp` files in `dir` whose process no longer
/// runs (left by a run that was killed). Best effort: errors are ignored,
/// and nothing is removed where liveness cannot be checked (no `/proc`).
fn remove_stale(dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = stale_pid(&name.to_string_lossy()) else {
            continue;
        };
        if pid != std::process::id() && !proc.join(pid.to_string()).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The process id in a temporary file's name `.newsgraph-PID-XXXXXX.tmp`.
fn stale_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(TMP_PREFIX)?.strip_suffix(TMP_SUFFIX)?;
    let (pid, random) = rest.split_once('-')?;
    if random.is_empty() {
        return None;
    }
    pid.parse().ok()
}

/// Where a stream of data goes: an [`AtomicFile`] (buffered), or stdout.
pub enum Sink {
    /// A file written whole or not at all.
    File(BufWriter<AtomicFile>, PathBuf),
    /// Standard output.
    Stdout(BufWriter<std::io::Stdout>),
}

impl Sink {
    /// Opens `path` (a temporary file beside it), or stdout for `None`
    /// or `-`.
    pub fn open(path: Option<&Path>) -> Result<Sink> {
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

    /// Writes all of `b`.
    pub fn write_all(&mut self, b: &[u8]) -> Result<()> {
        let r = match self {
            Sink::File(w, _) => w.write_all(b),
            Sink::Stdout(w) => w.write_all(b),
        };
        r.map_err(|e| Error::io(self.name(), e))
    }

    /// Flushes stdout so a pipe sees each record as it is made (a file is
    /// flushed when it is finished).
    pub fn flush_stream(&mut self) -> Result<()> {
        if let Sink::Stdout(w) = self {
            w.flush().map_err(|e| Error::io("<stdout>", e))?;
        }
        Ok(())
    }

    /// Flushes and, for a file, renames it into place.
    pub fn finish(self) -> Result<()> {
        match self {
            Sink::File(w, p) => {
                let f = w.into_inner().map_err(|e| Error::io(&p, e.into_error()))?;
                f.commit()
            }
            Sink::Stdout(mut w) => w.flush().map_err(|e| Error::io("<stdout>", e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_carry_the_process_id() {
        assert_eq!(stale_pid(".newsgraph-123-aBc9.tmp"), Some(123));
        assert_eq!(stale_pid(".newsgraph-aBc9.tmp"), None);
        assert_eq!(stale_pid(".newsgraph-123-.tmp"), None);
        assert_eq!(stale_pid("newsgraph-123-x.tmp"), None);
    }

    #[test]
    fn commit_replaces_and_drop_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("g.json");
        write_atomic(&target, b"old").unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"new, unfinished").unwrap();
        let tmp = f.file.as_ref().unwrap().path().to_path_buf();
        assert!(pending().contains(&tmp));
        drop(f);
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        // (Other tests may be writing at the same time: look at ours only.)
        assert!(!pending().contains(&tmp) && !tmp.exists());
    }

    #[test]
    fn stale_files_of_dead_processes_are_removed() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        // No process has a pid this large (the kernel's limit is 2^22).
        let stale = dir.path().join(".newsgraph-4294967294-x1.tmp");
        let mine = dir
            .path()
            .join(format!(".newsgraph-{}-x2.tmp", std::process::id()));
        let other = dir.path().join(".newsgraph-notes.tmp");
        for p in [&stale, &mine, &other] {
            std::fs::write(p, b"partial").unwrap();
        }
        write_atomic(&dir.path().join("g.json"), b"x").unwrap();
        assert!(!stale.exists());
        assert!(mine.exists() && other.exists());
    }
}
