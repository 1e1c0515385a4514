//! The `clean` run: inputs → read → split → normalize → fingerprint → detect → clean → write.
//!
//! Inputs are cut into batches; each batch is read and cleaned in parallel, and its results are written
//! in input order before the next batch starts. Output bytes therefore never depend on the thread count,
//! and memory is bounded by the batch, not by the dump.

use std::fs;
use std::io;
use std::time::Instant;

use rayon::prelude::*;

use crate::clean;
use crate::config::{CleanOptions, Config};
use crate::document::{Document, RejectReason};
use crate::error::Error;
use crate::progress::Progress;
use crate::read::{self, Input};
use crate::report::summary::Summary;
use crate::write::{self, Record, Reject, Sink};

/// Most pages in a batch.
const BATCH_PAGES: usize = 4096;
/// Most input bytes in a batch (a single larger page is a batch of its own).
const BATCH_BYTES: u64 = 64 << 20;

/// What cleaning one input gave: a line for the output or for the rejects, and its counts.
pub struct Outcome {
    pub kept: Option<Vec<u8>>,
    pub rejected: Option<Vec<u8>>,
    pub summary: Summary,
    /// An error to report on stderr (the input could not be read).
    pub error: Option<Error>,
    /// A warning to print on stderr (once per file).
    pub warning: Option<String>,
}

/// Clean one document into its output line (or its reject line).
pub fn process(doc: &Document, opts: &CleanOptions) -> Outcome {
    let mut summary = Summary { pages_read: 1, bytes_read: doc.text.len() as u64, ..Summary::default() };
    if doc.invalid_utf8 > 0 {
        summary.pages_with_invalid_utf8 = 1;
    }
    let mut line = Vec::with_capacity(doc.text.len() * 2 + 256);
    if doc.text.trim().is_empty() {
        summary.reject(RejectReason::Empty);
        let reject = Reject { id: &doc.id, source: &doc.source, reason: RejectReason::Empty, message: None, removed: vec![] };
        write::json_line(&mut line, &reject);
        return Outcome { kept: None, rejected: Some(line), summary, error: None, warning: None };
    }
    let cleaned = clean::clean(doc, opts);
    for r in &cleaned.removals {
        summary.removed(r.reason, r.count as u64);
    }
    if cleaned.text.is_empty() {
        summary.reject(RejectReason::NoTextLeft);
        let reject = Reject {
            id: &doc.id,
            source: &doc.source,
            reason: RejectReason::NoTextLeft,
            message: None,
            removed: write::removed(doc, &cleaned, opts.removed_text),
        };
        write::json_line(&mut line, &reject);
        return Outcome { kept: None, rejected: Some(line), summary, error: None, warning: None };
    }
    summary.pages_kept = 1;
    summary.lines_kept = cleaned.stats.kept_lines as u64;
    summary.bytes_written = cleaned.text.len() as u64;
    write::json_line(&mut line, &Record::new(doc, &cleaned, opts.removed_text));
    Outcome { kept: Some(line), rejected: None, summary, error: None, warning: None }
}

fn read_and_process(input: &Input, opts: &CleanOptions) -> Outcome {
    match read::read_page(&input.path) {
        Ok(read::Page::Text(doc)) => {
            let mut outcome = process(&doc, opts);
            if doc.invalid_utf8 > 0 {
                outcome.warning = Some(format!(
                    "ghirbal: warning: {}: {} invalid UTF-8 sequences replaced by U+FFFD (counted in the record's stats.invalid_utf8)",
                    doc.source, doc.invalid_utf8
                ));
            }
            outcome
        }
        Ok(read::Page::Binary { id, source }) => {
            let mut summary = Summary { pages_read: 1, bytes_read: input.size, ..Summary::default() };
            summary.reject(RejectReason::Binary);
            let mut line = Vec::new();
            write::json_line(&mut line, &Reject { id: &id, source: &source, reason: RejectReason::Binary, message: None, removed: vec![] });
            Outcome { kept: None, rejected: Some(line), summary, error: None, warning: None }
        }
        Err(err) => {
            let mut summary = Summary { pages_read: 1, read_errors: 1, ..Summary::default() };
            summary.reject(RejectReason::Unreadable);
            let id = input.path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            let source = input.path.display().to_string();
            let mut line = Vec::new();
            let reject = Reject { id: &id, source: &source, reason: RejectReason::Unreadable, message: Some(err.to_string()), removed: vec![] };
            write::json_line(&mut line, &reject);
            Outcome { kept: None, rejected: Some(line), summary, error: Some(err), warning: None }
        }
    }
}

/// Run `ghirbal clean`. Returns the run's summary; inputs that could not be read are reported on stderr
/// and counted in `read_errors` (the caller turns that into exit code 1).
pub fn run(config: &Config) -> Result<Summary, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", config.threads)))?;
    let started = Instant::now();

    let mut walk_errors = 0;
    let mut inputs = read::inputs(&config.inputs).filter_map(|input| match input {
        Ok(input) => Some(input),
        Err(err) => {
            eprintln!("ghirbal: error: {err}");
            walk_errors += 1;
            None
        }
    });

    let out = Sink::create(config.output.as_deref())?;
    let rejects = config.rejects.as_deref().map(|p| Sink::create(Some(p))).transpose()?;
    let progress = Progress::new(config.progress);

    // Workers clean batch k+1 while this thread's writer writes batch k; the channel holds one batch, so
    // memory stays at about three batches whatever the dump's size.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Outcome>>(1);
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_all(rx, out, rejects, &progress));
        while let Some(batch) = next_batch(&mut inputs) {
            let outcomes: Vec<Outcome> = pool.install(|| batch.par_iter().map(|input| read_and_process(input, &config.clean)).collect());
            if tx.send(outcomes).is_err() {
                break; // the writer stopped: stdout was closed, or a write failed
            }
        }
        drop(tx);
        writer.join()
    });
    progress.finish();
    let summary = match written {
        Ok(result) => result?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    drop(inputs);
    let mut total = summary;
    total.read_errors += walk_errors;

    let elapsed = started.elapsed();
    if let Some(path) = &config.stats {
        fs::write(path, total.to_json(elapsed)).map_err(|source| Error::Write { path: path.clone(), source })?;
    }
    if config.summary {
        eprintln!("{}", total.render(elapsed));
        let rejected = total.pages_rejected();
        if rejected > 0 && config.rejects.is_none() {
            eprintln!("  note: {rejected} rejected pages were not written anywhere; pass --rejects FILE to keep them");
        }
    }
    Ok(total)
}

/// The writer: outcomes in input order in, lines written and the run's totals out.
fn write_all(
    batches: std::sync::mpsc::Receiver<Vec<Outcome>>,
    mut out: Sink,
    mut rejects: Option<Sink>,
    progress: &Progress,
) -> Result<Summary, Error> {
    let mut total = Summary::default();
    let mut closed = false;
    for outcomes in batches {
        for outcome in outcomes {
            if let Some(err) = &outcome.error {
                progress.suspend_eprintln(&format!("ghirbal: error: {err}"));
            }
            if let Some(warning) = &outcome.warning {
                progress.suspend_eprintln(warning);
            }
            if let Some(line) = &outcome.kept {
                if !closed {
                    closed = write_or_closed(&mut out, line)?;
                }
            }
            if let (Some(line), Some(sink)) = (&outcome.rejected, rejects.as_mut()) {
                sink.write(line).map_err(|source| Error::Write { path: sink.name().to_path_buf(), source })?;
            }
            total = total + outcome.summary;
            progress.advance(total.bytes_read, total.pages_read);
        }
        if closed {
            break;
        }
    }
    let out_name = out.name().to_path_buf();
    match out.finish() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other.map_err(|source| Error::Write { path: out_name, source })?,
    }
    if let Some(sink) = rejects {
        let name = sink.name().to_path_buf();
        sink.finish().map_err(|source| Error::Write { path: name, source })?;
    }
    Ok(total)
}

/// Write one line; `Ok(true)` when stdout's reader has gone away (a clean end, not an error).
fn write_or_closed(out: &mut Sink, line: &[u8]) -> Result<bool, Error> {
    match out.write(line) {
        Ok(()) => Ok(false),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(true),
        Err(source) => Err(Error::Write { path: out.name().to_path_buf(), source }),
    }
}

/// The next batch: at most `BATCH_PAGES` inputs and about `BATCH_BYTES` bytes (at least one input).
fn next_batch(inputs: &mut impl Iterator<Item = Input>) -> Option<Vec<Input>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    for input in inputs.by_ref() {
        bytes += input.size;
        batch.push(input);
        if batch.len() >= BATCH_PAGES || bytes >= BATCH_BYTES {
            break;
        }
    }
    (!batch.is_empty()).then_some(batch)
}
