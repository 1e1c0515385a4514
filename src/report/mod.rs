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

/// The records of a file ghirbal wrote, as JSON lines numbered from 1: the non-blank lines of a (maybe
/// compressed) JSON Lines file, or the rows of a Parquet file (`*.parquet`, see `write::parquet`) with its
/// columns of JSON text read back into JSON.
pub(crate) type Lines = Box<dyn Iterator<Item = Result<(usize, String), Error>>>;

pub(crate) fn lines_of(path: &Path) -> Result<Lines, Error> {
    let p = path.to_path_buf();
    if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet")) {
        let read_error = |source| Error::Read {
            path: p.clone(),
            source,
        };
        let file = std::fs::File::open(path).map_err(read_error)?;
        let mut rows = crate::read::parquet::ParquetRows::open(file).map_err(read_error)?;
        return Ok(Box::new(std::iter::from_fn(move || {
            let row = rows.next_row().transpose()?;
            Some(
                row.map(|(n, bytes)| (n as usize, untyped(&bytes)))
                    .map_err(|source| Error::Read {
                        path: p.clone(),
                        source,
                    }),
            )
        })));
    }
    Ok(Box::new(open(path)?.lines().enumerate().filter_map(
        move |(n, l)| match l {
            Ok(l) if l.trim().is_empty() => None,
            Ok(l) => Some(Ok((n + 1, l))),
            Err(source) => Some(Err(Error::Read {
                path: p.clone(),
                source,
            })),
        },
    )))
}

/// A Parquet row of ghirbal's as its JSON Lines record: the columns of JSON text (`metadata`, `layout`,
/// each removal's `evidence`) read back into JSON.
fn untyped(row: &[u8]) -> String {
    let Ok(mut record) = serde_json::from_slice::<serde_json::Value>(row) else {
        return String::from_utf8_lossy(row).into_owned();
    };
    let parse = |v: &mut serde_json::Value| {
        if let Some(parsed) = v.as_str().and_then(|s| serde_json::from_str(s).ok()) {
            *v = parsed;
        }
    };
    for key in ["metadata", "layout"] {
        if let Some(v) = record.get_mut(key) {
            parse(v);
        }
    }
    if let Some(runs) = record.get_mut("removed").and_then(serde_json::Value::as_array_mut) {
        for run in runs {
            if let Some(e) = run.get_mut("evidence") {
                parse(e);
            }
        }
    }
    record.to_string()
}

/// One record of a JSON Lines file written by ghirbal.
pub(crate) fn parse<T: serde::de::DeserializeOwned>(path: &Path, n: usize, line: &str) -> Result<T, Error> {
    serde_json::from_str(line)
        .map_err(|e| Error::Usage(format!("{}: line {n}: not a ghirbal record ({e})", path.display())))
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (the civil calendar, UTC).
pub(crate) fn civil_date(days: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Now, UTC, to the second: `2026-11-26T02:24:54Z`.
pub(crate) fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (days, s) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    format!("{}T{:02}:{:02}:{:02}Z", civil_date(days), s / 3600, s / 60 % 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_417), "2025-11-25");
        assert_eq!(civil_date(20_782), "2026-11-25");
        let now = utc_now();
        assert_eq!((now.len(), &now[10..11], &now[19..]), (20, "T", "Z"), "{now}");
    }
}
