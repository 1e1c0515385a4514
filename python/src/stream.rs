//! `ghirbal.clean()`'s records streamed through one run: the records go to the run through a pipe while
//! the run cleans them, and its output comes back through pipes while it writes, so turning records into
//! JSON, cleaning, and turning the results into dicts overlap instead of running one after another.
//!
//! The run reads and writes paths: `records.jsonl`, `cleaned.jsonl` and `rejects.jsonl` in a folder the
//! caller gives, links to the pipes' ends (`/dev/fd/N`). A path that is neither a file nor a folder is a
//! stream to the run: its input is read once (kept in a temporary file first when the corpus stage needs
//! two passes), and its outputs are written in place, not under a temporary name.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};
use std::thread;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::records::{append_lines, append_record, utf8};
use crate::{config_of, failed, GhirbalError};

/// Records are written to the run this many bytes at a time; results are parsed about this many at a time.
const CHUNK: usize = 1 << 20;

/// Clean `records` (dicts or strings, as `write_records` takes them) in one run of `ghirbal clean` with
/// `flags`, streaming them through pipes linked from `dir` (an empty folder). Returns the cleaned records
/// and the rejects as lists of dicts, `source` set to `<records>`. Errors: a record JSON cannot hold
/// (`TypeError`/`ValueError` naming its position), bad flags (`ValueError`), a failed run (`GhirbalError`).
#[pyfunction]
#[pyo3(signature = (records, dir, flags, text_field, id_field, first = 0))]
pub fn clean_records(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    dir: PathBuf,
    flags: Vec<String>,
    text_field: &str,
    id_field: &str,
    first: usize,
) -> PyResult<(Py<PyList>, Py<PyList>)> {
    let (input_read, input_write) = pipe()?;
    let (output_read, output_write) = pipe()?;
    let (rejects_read, rejects_write) = pipe()?;
    let input = link(&dir, "records.jsonl", &input_read)?;
    let output = link(&dir, "cleaned.jsonl", &output_write)?;
    let rejects = link(&dir, "rejects.jsonl", &rejects_write)?;
    let mut args = vec![
        path_arg(&input),
        "-o".into(),
        path_arg(&output),
        "--rejects".into(),
        path_arg(&rejects),
        "-q".into(),
    ];
    args.extend(flags);
    let config = config_of(args)?;

    // The run's ends of the pipes close when the run is over, whatever happened: a run that failed before
    // reading its input makes the writes below fail (no reader) instead of waiting forever, and the
    // readers of its outputs see their end.
    let run = thread::spawn(move || {
        let summary = ghirbal::run(&config);
        drop((input_read, output_write, rejects_write));
        summary
    });
    let (cleaned_chunks, cleaned_reader) = read_in_chunks(output_read);
    let (reject_chunks, rejects_reader) = read_in_chunks(rejects_read);

    let cleaned = PyList::empty(py);
    let mut taken = 0;

    // Records in, results taken as they come.
    let mut sink = File::from(input_write);
    let mut line = Vec::with_capacity(2 * CHUNK);
    let mut bad_record = None;
    let mut sent = Ok(());
    for (n, record) in records.try_iter()?.enumerate() {
        if let Err(e) = record.and_then(|r| append_record(&r, &mut line, text_field, id_field, first + n)) {
            bad_record = Some(e);
            break;
        }
        if line.len() >= CHUNK {
            sent = py.detach(|| sink.write_all(&line));
            line.clear();
            if sent.is_err() {
                break;
            }
            while let Ok(chunk) = cleaned_chunks.try_recv() {
                take(chunk, &cleaned, &mut taken)?;
            }
        }
    }
    if sent.is_ok() && bad_record.is_none() {
        sent = py.detach(|| sink.write_all(&line));
    }
    drop(sink);

    // The rest of the results, as the run writes them.
    // A receiver is not `Sync`: it waits for the next chunk behind a lock, without the GIL.
    let (cleaned_chunks, reject_chunks) = (Mutex::new(cleaned_chunks), Mutex::new(reject_chunks));
    let next = |chunks: &Mutex<mpsc::Receiver<Chunk>>| py.detach(|| chunks.lock().ok()?.recv().ok());
    while let Some(chunk) = next(&cleaned_chunks) {
        take(chunk, &cleaned, &mut taken)?;
    }
    let rejected = PyList::empty(py);
    let mut rejects_taken = 0;
    while let Some(chunk) = next(&reject_chunks) {
        take(chunk, &rejected, &mut rejects_taken)?;
    }
    let (summary, read_cleaned, read_rejects) =
        py.detach(|| (run.join(), cleaned_reader.join(), rejects_reader.join()));
    if let Some(e) = bad_record {
        return Err(e);
    }
    let summary = summary
        .map_err(|_| GhirbalError::new_err("the run stopped on an internal error"))?
        .map_err(|e| GhirbalError::new_err(e.to_string()))?;
    failed(&summary)?;
    for read in [read_cleaned, read_rejects] {
        read.map_err(|_| GhirbalError::new_err("reading the run's output stopped on an internal error"))?
            .map_err(|e| GhirbalError::new_err(format!("reading the run's output: {e}")))?;
    }
    // The run read all it was given (it would have failed otherwise), so a failed write is a run that
    // stopped reading: its error, above, says why; this is the fallback.
    sent.map_err(|e| GhirbalError::new_err(format!("writing the records to the run: {e}")))?;
    Ok((cleaned.unbind(), rejected.unbind()))
}

/// Append a chunk of results to `list` as dicts; `taken` counts the records appended so far.
fn take(chunk: Chunk, list: &Bound<'_, PyList>, taken: &mut usize) -> PyResult<()> {
    let text = chunk.map_err(|()| PyValueError::new_err("the run's output is not UTF-8"))?;
    *taken += append_lines(list, &text, Some("<records>"), "the run's output", *taken)?;
    Ok(())
}

/// Whole result lines, checked as UTF-8 (`Err` when they are not).
type Chunk = Result<String, ()>;

/// Read a pipe's lines on a thread of its own, about [`CHUNK`] bytes at a time, and send each chunk
/// checked as UTF-8. The thread returns the read error, if any.
fn read_in_chunks(from: OwnedFd) -> (mpsc::Receiver<Chunk>, thread::JoinHandle<std::io::Result<()>>) {
    let (send, receive) = mpsc::channel();
    let reader = thread::spawn(move || {
        let mut from = BufReader::with_capacity(CHUNK, File::from(from));
        let mut bytes = Vec::with_capacity(2 * CHUNK);
        loop {
            let read = from.read_until(b'\n', &mut bytes)?;
            if read == 0 || bytes.len() >= CHUNK {
                let chunk = std::mem::replace(&mut bytes, Vec::with_capacity(2 * CHUNK));
                if !chunk.is_empty() && send.send(utf8(chunk)).is_err() {
                    return Ok(());
                }
            }
            if read == 0 {
                return Ok(());
            }
        }
    });
    (receive, reader)
}

/// A pipe's two ends (read, write), closed on exec.
fn pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors `pipe` writes.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: `pipe` succeeded: both descriptors are open and owned by nothing else.
    let ends = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    for fd in [&ends.0, &ends.1] {
        // SAFETY: the descriptor is open.
        unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    Ok(ends)
}

/// `dir/name`, a link to a descriptor of this process.
fn link(dir: &Path, name: &str, fd: &OwnedFd) -> std::io::Result<PathBuf> {
    let path = dir.join(name);
    std::os::unix::fs::symlink(format!("/dev/fd/{}", fd.as_raw_fd()), &path)?;
    Ok(path)
}

fn path_arg(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}
