//! Walking input folders: which files are documents (by extension, and not
//! binary), in which order, under which id; and estimating how many
//! documents a list of inputs holds.

use super::{Effect, FileKind, Warning};
use crate::error::{Error, Result};
use std::collections::HashSet;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The id of a text file: its path relative to the input root, with `/`.
pub(super) fn doc_id_for(path: &Path, root: Option<&Path>) -> String {
    let rel = match root {
        Some(r) => path.strip_prefix(r).unwrap_or(path),
        None => path.file_name().map(Path::new).unwrap_or(path),
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// Heuristic on the first 8 KiB: a file is binary when it holds a NUL byte
/// and is not valid UTF-8 (images, archives, executables), or when more
/// than a tenth of it is control characters (UTF-16 text, data files). A
/// stray NUL or bell in otherwise good text does not make it binary.
pub(super) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let nul = head.contains(&0);
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1b))
        .count();
    let utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        // A sequence cut by the 8 KiB limit is no evidence of binary.
        Err(e) => e.error_len().is_none(),
    };
    (nul && !utf8) || control * 10 > head.len()
}

/// A problem met while walking a folder; `fatal_when_strict` is false for a
/// file that is merely of another kind (an image beside the articles).
pub(super) struct WalkNote {
    pub(super) warning: Warning,
    pub(super) fatal_when_strict: bool,
}

fn note(
    notes: &mut Vec<WalkNote>,
    path: &Path,
    message: String,
    what: &'static str,
    fatal_when_strict: bool,
) {
    notes.push(WalkNote {
        warning: Warning::new(path, None, message, Effect::Skipped(what)),
        fatal_when_strict,
    });
}

/// Collects readable document files under `dir`, sorted, recursively. The
/// `top` folder (named on the command line) must be readable; anything below
/// it that is not (a folder without permission, a dangling symlink, a symlink
/// loop) is noted and skipped.
pub(super) fn walk(
    dir: &Path,
    top: bool,
    out: &mut Vec<PathBuf>,
    visited: &mut HashSet<PathBuf>,
    notes: &mut Vec<WalkNote>,
) -> Result<()> {
    let listing = fs::canonicalize(dir).and_then(|c| Ok((c, fs::read_dir(dir)?)));
    let (canonical, listing) = match listing {
        Ok(x) => x,
        Err(e) if top => return Err(Error::io(dir, e)),
        Err(e) => {
            note(
                notes,
                dir,
                format!("cannot read folder: {e}"),
                "folder",
                true,
            );
            return Ok(());
        }
    };
    if !visited.insert(canonical) {
        let message = "folder already visited (symlink loop?)".to_string();
        note(notes, dir, message, "folder", true);
        return Ok(());
    }
    let mut entries = Vec::new();
    for entry in listing {
        match entry {
            Ok(e) => entries.push(e.path()),
            Err(e) => note(
                notes,
                dir,
                format!("cannot list an entry: {e}"),
                "entry",
                true,
            ),
        }
    }
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        match fs::metadata(&path) {
            Ok(m) if m.is_dir() => walk(&path, false, out, visited, notes)?,
            Ok(m) if !m.is_file() => {
                let message = "not a regular file (a device, socket or pipe)".to_string();
                note(notes, &path, message, "file", true);
            }
            Ok(_) => {
                if FileKind::of(&path).is_some() {
                    out.push(path);
                } else {
                    let message = "not a text or JSON Lines file".to_string();
                    note(notes, &path, message, "file", false);
                }
            }
            Err(e) => note(notes, &path, format!("cannot read: {e}"), "file", true),
        }
    }
    Ok(())
}

/// How many bytes of a JSON Lines file [`estimate_documents`] reads before
/// extrapolating from the file size.
const ESTIMATE_SAMPLE: u64 = 8 << 20;

/// Estimates how many documents `inputs` hold, for a progress bar's ETA:
/// one per text file, one per non-blank line of a JSON Lines file (counted
/// in the first 8 MiB and extrapolated by size beyond that). `None` when
/// stdin is among the inputs or nothing can be read; never an error.
pub fn estimate_documents(inputs: &[PathBuf]) -> Option<u64> {
    let mut total = 0u64;
    for input in inputs {
        if input.as_os_str() == "-" {
            return None;
        }
        total += estimate_path(input, 0);
    }
    Some(total)
}

fn estimate_path(path: &Path, depth: usize) -> u64 {
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    if meta.is_dir() {
        // Deep enough for any real archive; stops a symlink loop.
        if depth > 64 {
            return 0;
        }
        let Ok(entries) = std::fs::read_dir(path) else {
            return 0;
        };
        return entries
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| estimate_path(&e.path(), depth + 1))
            .sum();
    }
    match FileKind::of(path) {
        Some(FileKind::JsonLines) => estimate_lines(path, meta.len()).unwrap_or(0),
        Some(FileKind::Text) => 1,
        None => 0,
    }
}

/// Non-blank lines of a file, counted in its first [`ESTIMATE_SAMPLE`]
/// bytes and scaled to its full `size`.
fn estimate_lines(path: &Path, size: u64) -> std::io::Result<u64> {
    let file = std::fs::File::open(path)?;
    let mut reader = BufReader::with_capacity(1 << 16, file.take(ESTIMATE_SAMPLE));
    let (mut lines, mut read, mut blank) = (0u64, 0u64, true);
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        for &b in buf {
            if b == b'\n' {
                if !blank {
                    lines += 1;
                }
                blank = true;
            } else if !b.is_ascii_whitespace() {
                blank = false;
            }
        }
        let n = buf.len();
        read += n as u64;
        reader.consume(n);
    }
    if !blank {
        lines += 1;
    }
    if read < size && read > 0 {
        lines = (lines as f64 * size as f64 / read as f64).round() as u64;
    }
    Ok(lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_estimated_from_files_lines_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("a.jsonl"), "{}\n\n{}\n   \n{}").unwrap();
        std::fs::create_dir(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/x.txt"), "text").unwrap();
        std::fs::write(d.join("sub/README"), "text").unwrap();
        std::fs::write(d.join("sub/.hidden.txt"), "text").unwrap();
        std::fs::write(d.join("sub/pic.png"), "png").unwrap();
        assert_eq!(estimate_documents(&[d.to_path_buf()]), Some(5));
        assert_eq!(estimate_documents(&[d.join("a.jsonl")]), Some(3));
        assert_eq!(
            estimate_documents(&[d.join("a.jsonl"), PathBuf::from("-")]),
            None
        );
        assert_eq!(estimate_documents(&[d.join("missing.jsonl")]), Some(0));
    }

    #[test]
    fn binary_heuristic() {
        assert!(looks_binary(b"\x00\x01binary"));
        assert!(looks_binary(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\xff"
        ));
        assert!(looks_binary(
            &"Iran"
                .encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>()
        ));
        let mut text = "Iran met Oman in Muscat. ".repeat(20).into_bytes();
        text[40] = 0;
        assert!(!looks_binary(&text), "one stray NUL in good text");
        assert!(!looks_binary(b""));
        assert!(!looks_binary("Erdo\u{11f}an \u{1f642}".as_bytes()));
    }
}
