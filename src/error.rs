//! Errors a caller can match on.
//!
//! Every variant that comes from input names the file (and the line where
//! one applies), so a message can be shown to a person as is.

use std::path::PathBuf;

/// The crate's error type.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A line of a JSON Lines file is not valid for its format.
    #[error("{path}:{line}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A whole file is not valid for its format (e.g. a graph JSON file).
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// An input yielded no documents at all.
    #[error("{path}: no documents found")]
    NoDocuments {
        /// The input path.
        path: PathBuf,
    },
    /// A lexicon file (embedded or the user's) has a bad entry.
    #[error("{path}:{line}: {message}")]
    Lexicon {
        /// The lexicon file.
        path: PathBuf,
        /// The 1-based line number (0 when the whole file is at fault).
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A command-line value that cannot be used (exit status 2; every
    /// other variant is a runtime failure, exit status 1).
    #[error("{0}")]
    Usage(String),
    /// A failure that is neither the input's nor the command line's fault:
    /// worker threads that cannot start, a value that cannot be serialized,
    /// an inconsistency newsgraph found in its own results.
    #[error("internal error: {0}")]
    Internal(String),
    /// An embedded or saved model (tagger, lemmatizer) cannot be decoded.
    #[error("model: {message}")]
    Model {
        /// What is wrong.
        message: String,
    },
    /// Two analyses that should cover the same words do not (evaluation).
    #[error("sentence {sentence}: {message}")]
    Mismatch {
        /// The 1-based sentence number.
        sentence: usize,
        /// What differs.
        message: String,
    },
}

impl Error {
    /// Builds an [`Error::Io`] for `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// True when the error is a closed pipe on output (e.g. `| head`),
    /// which a command-line tool treats as a quiet success.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
