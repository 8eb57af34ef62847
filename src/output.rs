//! Writing output files whole or not at all.
//!
//! Data is written to a temporary file beside the target and renamed over it
//! only once complete, so an interrupted run leaves the previous file intact.

use crate::error::{Error, Result};
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut tmp = AtomicFile::create(path)?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    tmp.commit()
}

/// A file being written beside its final path; renamed into place by
/// [`AtomicFile::commit`], removed if dropped before.
pub struct AtomicFile {
    file: Option<tempfile::NamedTempFile>,
    target: std::path::PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file in the target's directory.
    pub fn create(path: &Path) -> Result<Self> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let file = tempfile::Builder::new()
            .prefix(".newsgraph-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(path, e))?;
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
        file.persist(&self.target)
            .map_err(|e| Error::io(&self.target, e.error))?;
        Ok(())
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
