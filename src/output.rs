//! Writing outputs whole or not at all, and all of a run's outputs in one
//! step.
//!
//! Where an output path leads decides how it is written ([`Destination`]):
//!
//! - `-`, `/dev/stdout`, `/dev/fd/1`: standard output.
//! - A device, FIFO or socket (`/dev/null`, a named pipe), or a descriptor
//!   path (`/dev/stderr`, `/dev/fd/N`): written in place, never replaced.
//! - A regular file, or a path where nothing is yet: written to a temporary
//!   file beside it and renamed over it. A symlink is followed and its
//!   target replaced, in the target's folder; the link stays a link.
//!
//! A run writes every output to its temporary file first; [`commit`] then
//! renames all of them back to back, under one lock, and marks the run
//! committed. So:
//!
//! - **Error or panic** before the commit: the temporary files are removed
//!   (an [`AtomicFile`] removes its file when dropped); no output changed.
//! - **Ctrl-C, SIGTERM, SIGHUP**: [`install_signal_cleanup`] waits for a
//!   commit in progress, then either removes every temporary file and exits
//!   with 128 + the signal number (130, 143, 129), every previous output
//!   left as it was; or, when the commit is done, exits with status 0: every
//!   output is new and whole.
//! - **SIGKILL, power loss**: nothing can run, so a `.newsgraph-….tmp` file
//!   may stay behind (the target itself is still the previous file). Every
//!   temporary file is locked (`flock`) by the process writing it, for as
//!   long as it is written; the next run writing into the same folder
//!   removes such files whose lock is free and that are older than
//!   [`STALE_AFTER`]. Which process or machine made a file plays no part, so
//!   runs in other PID namespaces (containers, a cluster's shared folder)
//!   never remove each other's files.

use crate::error::{Error, Result};
use std::collections::BTreeSet;
use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Temporary files being written by this process.
static PENDING: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Set once [`commit`] has renamed every output of the run into place.
static COMMITTED: AtomicBool = AtomicBool::new(false);

fn pending() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    PENDING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The prefix of every temporary file (the process id and a random part
/// follow; neither is used to decide anything).
const TMP_PREFIX: &str = ".newsgraph-";
const TMP_SUFFIX: &str = ".tmp";

/// A temporary file whose lock is free is removed only once it is this old,
/// so a file another run has just created and not yet locked is safe.
pub const STALE_AFTER: Duration = Duration::from_secs(10);

/// Where an output path leads, and so how it is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Standard output (`-`, `/dev/stdout`, `/dev/fd/1`).
    Stdout,
    /// A device, FIFO, socket or descriptor path: written in place.
    Direct(PathBuf),
    /// A regular file or a new one: replaced atomically. `target` is the
    /// file that is replaced (a symlink's final target); `shown` the path
    /// as the user gave it.
    Replace {
        /// The file renamed over.
        target: PathBuf,
        /// The path as given, for messages.
        shown: PathBuf,
    },
}

/// Paths that name one of this process's descriptors.
fn descriptor_path(path: &Path) -> Option<u32> {
    let s = path.to_str()?;
    match s {
        "/dev/stdin" => return Some(0),
        "/dev/stdout" => return Some(1),
        "/dev/stderr" => return Some(2),
        _ => {}
    }
    let own = format!("/proc/{}/fd/", std::process::id());
    let n = s
        .strip_prefix("/dev/fd/")
        .or_else(|| s.strip_prefix("/proc/self/fd/"))
        .or_else(|| s.strip_prefix(own.as_str()))?;
    n.parse().ok()
}

/// How deep a chain of symlinks is followed (the kernel's limit is 40).
const MAX_LINKS: usize = 40;

impl Destination {
    /// Where `path` leads: `None` or `-` is stdout.
    ///
    /// Errors: a folder ([`Error::Usage`]); a path whose metadata cannot be
    /// read, or a symlink chain that does not end.
    pub fn of(path: Option<&Path>) -> Result<Destination> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Destination::Stdout);
        };
        match descriptor_path(path) {
            Some(1) => return Ok(Destination::Stdout),
            Some(_) => return Ok(Destination::Direct(path.to_path_buf())),
            None => {}
        }
        let shown = path.to_path_buf();
        match fs::metadata(path) {
            Ok(m) if m.is_dir() => Err(Error::Usage(format!(
                "{} is a folder; name an output file",
                path.display()
            ))),
            Ok(m) if !m.is_file() => Ok(Destination::Direct(shown)),
            Ok(_) => {
                let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
                let target = if is_link {
                    fs::canonicalize(path).map_err(|e| Error::io(path, e))?
                } else {
                    shown.clone()
                };
                Ok(Destination::Replace { target, shown })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                // Nothing there, or a symlink whose target does not exist yet.
                let target = follow_dangling(path)?;
                Ok(Destination::Replace { target, shown })
            }
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// The path to show in messages (`<stdout>` for stdout).
    pub fn shown(&self) -> PathBuf {
        match self {
            Destination::Stdout => PathBuf::from("<stdout>"),
            Destination::Direct(p) => p.clone(),
            Destination::Replace { shown, .. } => shown.clone(),
        }
    }

    /// The device and inode of the existing file this destination writes
    /// to, if any (stdout: the file it is redirected to, when it is a
    /// regular file).
    pub fn identity(&self) -> Option<(u64, u64)> {
        match self {
            Destination::Stdout => stdout_identity(),
            Destination::Direct(_) => None,
            Destination::Replace { target, .. } => file_identity(target),
        }
    }
}

/// True when `path` is written in place rather than replaced: a descriptor
/// path (`/dev/stdout`, `/dev/fd/N`) or an existing device, FIFO or socket.
/// Such outputs have no extension to tell a format by.
pub fn is_stream_path(path: &Path) -> bool {
    descriptor_path(path).is_some() || fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// The target a path leads to through symlinks whose last target does not
/// exist yet (`-o link.json` where `link.json -> out/graph.json`); the path
/// itself when it is no symlink.
fn follow_dangling(path: &Path) -> Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        match fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let next = fs::read_link(&current).map_err(|e| Error::io(&current, e))?;
                current = match current.parent() {
                    Some(dir) if next.is_relative() => dir.join(next),
                    _ => next,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(Error::io(
        path,
        std::io::Error::other("too many levels of symbolic links"),
    ))
}

/// The device and inode of the file at `path` (following symlinks), if it
/// exists.
pub fn file_identity(path: &Path) -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// The device and inode of the regular file stdout is redirected to.
fn stdout_identity() -> Option<(u64, u64)> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        let fd = std::io::stdout().as_fd().try_clone_to_owned().ok()?;
        let m = File::from(fd).metadata().ok()?;
        m.is_file().then(|| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// Writes `bytes` to `path` atomically (temporary file + rename), or in
/// place when `path` is a device or FIFO, or to stdout for `-`. A run with
/// several outputs should [`stage`] each and [`commit`] them together.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let staged = stage(&Destination::of(Some(path))?, bytes.to_vec())?;
    commit(vec![staged])
}

/// A file being written beside its final path, locked by this process while
/// it is written; renamed into place by [`commit`], removed if dropped
/// before (or if the process is stopped by a signal, see
/// [`install_signal_cleanup`]).
pub struct AtomicFile {
    file: Option<tempfile::NamedTempFile>,
    /// The file that is replaced.
    target: PathBuf,
    /// The path as the user gave it, for messages.
    shown: PathBuf,
}

impl AtomicFile {
    /// Creates the locked temporary file in the folder of `target` (the
    /// file to replace, symlinks already followed), after removing the
    /// temporary files there that no run holds any more. `shown` names the
    /// output in messages.
    pub fn create(target: &Path, shown: &Path) -> Result<Self> {
        let dir = match target.parent() {
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
            .map_err(|e| Error::io(shown, e))?;
        registry.insert(file.path().to_path_buf());
        drop(registry);
        let locked = AtomicFile {
            file: Some(file),
            target: target.to_path_buf(),
            shown: shown.to_path_buf(),
        };
        // The lock tells other runs this file is alive. Where the file
        // system has no locks, the age limit alone protects it.
        if let Some(f) = &locked.file {
            let _ = f.as_file().try_lock();
        }
        Ok(locked)
    }

    /// Makes the file ready to be renamed: the permissions of the file it
    /// replaces (or the usual 0644; temporary files are created 0600), and
    /// its data on disk.
    fn finish(&mut self) -> Result<()> {
        let Some(file) = self.file.as_ref() else {
            return Ok(());
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&self.target)
                .map(|m| m.permissions().mode() & 0o7777)
                .unwrap_or(0o644);
            file.as_file()
                .set_permissions(fs::Permissions::from_mode(mode))
                .map_err(|e| Error::io(&self.shown, e))?;
        }
        file.as_file()
            .sync_all()
            .map_err(|e| Error::io(&self.shown, e))
    }

    /// Renames the file into place; the caller holds the registry lock.
    fn rename(&mut self, registry: &mut BTreeSet<PathBuf>) -> Result<()> {
        let Some(file) = self.file.take() else {
            return Ok(());
        };
        let tmp = file.path().to_path_buf();
        let done = file.persist(&self.target);
        registry.remove(&tmp);
        done.map(drop).map_err(|e| Error::io(&self.shown, e.error))
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

/// One output of a run, complete and waiting for [`commit`].
#[must_use = "a staged output is lost unless it is committed"]
pub enum Staged {
    /// A temporary file, synced, to rename over its target.
    File(AtomicFile),
    /// Bytes for stdout or a device, written at the commit.
    Bytes(Destination, Vec<u8>),
    /// Nothing left to do (a stream already written to stdout or a device).
    Done,
}

/// Stages `bytes` for `dest`: a temporary file written and synced now, or
/// the bytes kept for stdout or a device.
pub fn stage(dest: &Destination, bytes: Vec<u8>) -> Result<Staged> {
    match dest {
        Destination::Replace { target, shown } => {
            let mut f = AtomicFile::create(target, shown)?;
            f.write_all(&bytes).map_err(|e| Error::io(shown, e))?;
            f.finish()?;
            Ok(Staged::File(f))
        }
        Destination::Stdout | Destination::Direct(_) => Ok(Staged::Bytes(dest.clone(), bytes)),
    }
}

/// True once this process has committed its outputs.
pub fn committed() -> bool {
    COMMITTED.load(Ordering::SeqCst)
}

/// Puts every staged output of a run in place, as one step: first the
/// bytes for stdout and devices (which cannot be taken back), then every
/// temporary file renamed over its target, back to back under the lock the
/// signal handler takes. Afterwards the run counts as committed: a signal
/// then ends it with status 0.
///
/// A closed stdout does not stop the files from being committed; its error
/// is returned afterwards (the caller treats it as a quiet success). If a
/// rename fails (the folder changed under the run), the outputs not yet
/// renamed keep their previous content and the error names those that were
/// replaced.
pub fn commit(outputs: Vec<Staged>) -> Result<()> {
    let mut files = Vec::new();
    let mut closed_stdout = None;
    for out in outputs {
        match out {
            Staged::File(f) => files.push(f),
            Staged::Bytes(dest, bytes) => match write_direct(&dest, &bytes) {
                Err(e) if e.is_broken_pipe() => closed_stdout = Some(e),
                other => other?,
            },
            Staged::Done => {}
        }
    }
    let mut registry = pending();
    let mut replaced: Vec<String> = Vec::new();
    for f in &mut files {
        if let Err(e) = f.rename(&mut registry) {
            if replaced.is_empty() {
                return Err(e);
            }
            return Err(Error::Format {
                path: f.shown.clone(),
                message: format!(
                    "cannot put the output in place ({e}); already replaced: {}",
                    replaced.join(", ")
                ),
            });
        }
        replaced.push(f.shown.display().to_string());
    }
    COMMITTED.store(true, Ordering::SeqCst);
    drop(registry);
    match closed_stdout {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Writes bytes to stdout or in place to a device.
fn write_direct(dest: &Destination, bytes: &[u8]) -> Result<()> {
    match dest {
        Destination::Stdout => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)
                .and_then(|()| out.flush())
                .map_err(|e| Error::io("<stdout>", e))
        }
        Destination::Direct(p) => {
            let mut f = open_direct(p)?;
            f.write_all(bytes)
                .and_then(|()| f.flush())
                .map_err(|e| Error::io(p, e))
        }
        Destination::Replace { shown, .. } => Err(Error::Internal(format!(
            "{} is a file to replace, not written directly",
            shown.display()
        ))),
    }
}

/// Opens a device, FIFO or descriptor path for writing, in place: never
/// truncated, appended to when it is a file behind a descriptor.
fn open_direct(p: &Path) -> Result<File> {
    OpenOptions::new()
        .append(true)
        .open(p)
        .map_err(|e| Error::io(p, e))
}

/// Removes every temporary file this process is writing. Takes the lock
/// that [`commit`] renames under and keeps it, so no file is renamed into
/// place after this (the caller is about to exit).
fn remove_pending_and_hold() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    let mut registry = pending();
    for p in std::mem::take(&mut *registry) {
        let _ = fs::remove_file(p);
    }
    registry
}

/// Starts a thread that, on SIGINT (Ctrl-C), SIGTERM or SIGHUP, waits for a
/// commit in progress and then: if the run's outputs are committed, exits
/// with status 0 (they are whole and new); otherwise removes the temporary
/// files of unfinished outputs and exits with 128 + the signal number (130,
/// 143, 129), the previous output files as they were. Call it once, early in
/// `main`; it does nothing off Unix.
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
                    if committed() {
                        std::process::exit(0);
                    }
                    std::process::exit(128 + sig);
                }
            })
            .map_err(|e| Error::io("<signal handler>", e))?;
    }
    Ok(())
}

/// Removes the `.newsgraph-….tmp` files in `dir` that no run is writing:
/// their lock is free (a process's locks go when it ends, however it ends)
/// and they are older than [`STALE_AFTER`]. Best effort: errors are ignored.
fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX)) {
            continue;
        }
        let path = entry.path();
        if pending().contains(&path) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age >= STALE_AFTER);
        if !old {
            continue;
        }
        let Ok(f) = File::open(&path) else {
            continue;
        };
        if f.try_lock().is_ok() {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Where a stream of data goes: a temporary file (buffered), stdout, or a
/// device written in place.
pub enum Sink {
    /// A file written whole or not at all.
    File(BufWriter<AtomicFile>, PathBuf),
    /// A device or FIFO, written as the data comes.
    Direct(BufWriter<File>, PathBuf),
    /// Standard output.
    Stdout(BufWriter<std::io::Stdout>),
}

impl Sink {
    /// Opens a destination for streaming.
    pub fn open(dest: &Destination) -> Result<Sink> {
        Ok(match dest {
            Destination::Stdout => Sink::Stdout(BufWriter::new(std::io::stdout())),
            Destination::Direct(p) => Sink::Direct(BufWriter::new(open_direct(p)?), p.clone()),
            Destination::Replace { target, shown } => Sink::File(
                BufWriter::with_capacity(1 << 16, AtomicFile::create(target, shown)?),
                shown.clone(),
            ),
        })
    }

    fn name(&self) -> PathBuf {
        match self {
            Sink::File(_, p) | Sink::Direct(_, p) => p.clone(),
            Sink::Stdout(_) => PathBuf::from("<stdout>"),
        }
    }

    /// Writes all of `b`.
    pub fn write_all(&mut self, b: &[u8]) -> Result<()> {
        let r = match self {
            Sink::File(w, _) => w.write_all(b),
            Sink::Direct(w, _) => w.write_all(b),
            Sink::Stdout(w) => w.write_all(b),
        };
        r.map_err(|e| Error::io(self.name(), e))
    }

    /// Flushes stdout or a device so a reader sees each record as it is
    /// made (a file is flushed when it is finished).
    pub fn flush_stream(&mut self) -> Result<()> {
        let r = match self {
            Sink::File(..) => Ok(()),
            Sink::Direct(w, _) => w.flush(),
            Sink::Stdout(w) => w.flush(),
        };
        r.map_err(|e| Error::io(self.name(), e))
    }

    /// Flushes everything; a file is synced and staged for [`commit`].
    pub fn finish(self) -> Result<Staged> {
        match self {
            Sink::File(w, p) => {
                let mut f = w.into_inner().map_err(|e| Error::io(&p, e.into_error()))?;
                f.finish()?;
                Ok(Staged::File(f))
            }
            Sink::Direct(mut w, p) => {
                w.flush().map_err(|e| Error::io(&p, e))?;
                Ok(Staged::Done)
            }
            Sink::Stdout(mut w) => {
                w.flush().map_err(|e| Error::io("<stdout>", e))?;
                Ok(Staged::Done)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn destinations() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        assert_eq!(Destination::of(None).unwrap(), Destination::Stdout);
        assert_eq!(
            Destination::of(Some(Path::new("-"))).unwrap(),
            Destination::Stdout
        );
        assert_eq!(
            Destination::of(Some(Path::new("/dev/stdout"))).unwrap(),
            Destination::Stdout
        );
        assert_eq!(
            Destination::of(Some(Path::new("/dev/null"))).unwrap(),
            Destination::Direct(PathBuf::from("/dev/null"))
        );
        assert!(matches!(
            Destination::of(Some(d)),
            Err(Error::Usage(m)) if m.contains("folder")
        ));
        let new = d.join("new.json");
        assert_eq!(
            Destination::of(Some(&new)).unwrap(),
            Destination::Replace {
                target: new.clone(),
                shown: new.clone()
            }
        );
        #[cfg(unix)]
        {
            fs::create_dir(d.join("real")).unwrap();
            let link = d.join("link.json");
            std::os::unix::fs::symlink("real/g.json", &link).unwrap();
            // Dangling: the target is where the file will be.
            let Destination::Replace { target, .. } = Destination::of(Some(&link)).unwrap() else {
                panic!("not replaced")
            };
            assert_eq!(target, d.join("real/g.json"));
        }
    }

    #[test]
    fn commit_replaces_and_drop_leaves_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("g.json");
        write_atomic(&target, b"old").unwrap();
        let mut f = AtomicFile::create(&target, &target).unwrap();
        f.write_all(b"new, unfinished").unwrap();
        let tmp = f.file.as_ref().unwrap().path().to_path_buf();
        assert!(pending().contains(&tmp));
        drop(f);
        assert_eq!(fs::read(&target).unwrap(), b"old");
        assert_eq!(names(dir.path()), ["g.json"]);
        // (Other tests may be writing at the same time: look at ours only.)
        assert!(!pending().contains(&tmp) && !tmp.exists());
    }

    #[test]
    fn only_unlocked_old_temporary_files_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let old = std::time::SystemTime::now() - Duration::from_secs(3600);
        let age = |p: &Path| {
            File::options()
                .write(true)
                .open(p)
                .unwrap()
                .set_modified(old)
                .unwrap()
        };
        // A dead run's file: old, no lock. Its pid is ours: pids decide nothing.
        let stale = d.join(format!(".newsgraph-{}-x1.tmp", std::process::id()));
        fs::write(&stale, b"partial").unwrap();
        age(&stale);
        // A live run's file (in another PID namespace, say): locked.
        let live = d.join(".newsgraph-1-x2.tmp");
        fs::write(&live, b"partial").unwrap();
        age(&live);
        let holder = File::open(&live).unwrap();
        holder.lock().unwrap();
        // A file just made, not yet locked by its run.
        let fresh = d.join(".newsgraph-2-x3.tmp");
        fs::write(&fresh, b"").unwrap();
        let other = d.join(".newsgraph-notes.txt");
        fs::write(&other, b"keep").unwrap();
        write_atomic(&d.join("g.json"), b"x").unwrap();
        assert!(!stale.exists());
        assert!(live.exists() && fresh.exists() && other.exists());
        drop(holder);
    }
}
