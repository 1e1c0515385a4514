//! The one error type. Context (which path, which line) is carried as data, so messages can name it.

use std::io;
use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An input could not be read; the run goes on without it and exits with 1.
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    /// A stream broke partway (a truncated compressed file, a JSON or WET file cut short, a cut in a WARC
    /// record's headers): what was read before stands, the rest of the file is lost, the run exits with 1.
    #[error("{path}: stopped reading after {after}: {source}; what came before was processed, the rest of this file was not")]
    Stream {
        path: PathBuf,
        after: String,
        source: io::Error,
    },
    /// An output could not be written.
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    /// Something asked for is not there (`diff --id` of an id no record has). Exit code 1.
    #[error("{0}")]
    NotFound(String),
    /// The settings do not make sense; the message says what to change. Exit code 2.
    #[error("{0}")]
    Usage(String),
}

impl Error {
    /// The process exit code this error calls for: 2 for usage errors, 1 for the rest.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            _ => 1,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
