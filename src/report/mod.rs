//! Report stage: what people read about a run.

pub mod corpus;
pub mod diff;
pub mod duplicates;
pub mod html;
pub mod summary;

use std::io::BufRead;
use std::path::Path;

use crate::error::Error;

/// A write to stdout: `true` when it went through, `false` when the reader closed the pipe (the output
/// ends there, quietly), an error otherwise.
pub(crate) fn to_stdout(result: std::io::Result<()>) -> Result<bool, Error> {
    match result {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(false),
        Err(source) => Err(Error::Write {
            path: "<stdout>".into(),
            source,
        }),
    }
}

/// A (maybe compressed) file of ghirbal's output, for reading.
pub(crate) fn open(path: &Path) -> Result<Box<dyn BufRead + Send>, Error> {
    let f = std::fs::File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    crate::read::compress::decoder(f).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// The non-blank lines of a (maybe compressed) JSON Lines file, numbered from 1.
pub(crate) fn lines_of(path: &Path) -> Result<impl Iterator<Item = Result<(usize, String), Error>>, Error> {
    let p = path.to_path_buf();
    Ok(open(path)?.lines().enumerate().filter_map(move |(n, l)| match l {
        Ok(l) if l.trim().is_empty() => None,
        Ok(l) => Some(Ok((n + 1, l))),
        Err(source) => Some(Err(Error::Read {
            path: p.clone(),
            source,
        })),
    }))
}

/// One record of a JSON Lines file written by ghirbal.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(path: &Path, n: usize, line: &str) -> Result<T, Error> {
    serde_json::from_str(line)
        .map_err(|e| Error::Usage(format!("{}: line {n}: not a ghirbal record ({e})", path.display())))
}
