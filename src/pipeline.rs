//! The `clean` run: inputs → read → split → normalize → fingerprint → detect → clean → write.
//!
//! The reader cuts the input into batches of units (page files, JSON lines, documents, rejects); each
//! batch is read, parsed and cleaned in parallel, and a writer thread writes its results in input order
//! while the next batch is cleaned. Output bytes therefore never depend on the thread count, and memory
//! is bounded by the batches, not by the dump.

use std::fs;
use std::io;
use std::sync::mpsc::{sync_channel, Receiver};
use std::time::Instant;

use rayon::prelude::*;

use crate::clean;
use crate::config::{CleanOptions, Config};
use crate::document::{Document, RejectReason, Rejected};
use crate::error::Error;
use crate::progress::Progress;
use crate::read::{self, json, Page, ReadOptions, Unit};
use crate::report::summary::Summary;
use crate::write::{self, Record, Reject, Sink};

/// Most units in a batch.
const BATCH_UNITS: usize = 4096;
/// Most input bytes in a batch (a single larger document is a batch of its own).
const BATCH_BYTES: u64 = 64 << 20;

/// What cleaning one unit gave: a line for the output or for the rejects, and its counts.
#[derive(Default)]
pub struct Outcome {
    pub kept: Option<Vec<u8>>,
    pub rejected: Option<Vec<u8>>,
    pub summary: Summary,
    /// An error to report on stderr (the input could not be read, or only in part).
    pub error: Option<Error>,
    /// A warning to print on stderr, with the file it is about: printed once per file.
    pub warning: Option<(String, String)>,
}

/// Clean one document into its output line (or its reject line).
pub fn process(doc: &Document, opts: &CleanOptions) -> Outcome {
    let mut summary = Summary { docs_read: 1, bytes_read: doc.text.len() as u64, ..Summary::default() };
    if doc.invalid_utf8 > 0 {
        summary.docs_with_invalid_utf8 = 1;
    }
    let mut line = Vec::with_capacity(doc.text.len() * 2 + 256);
    if doc.text.trim().is_empty() {
        summary.reject(RejectReason::Empty);
        write::json_line(&mut line, &Reject::of_doc(doc, RejectReason::Empty, vec![]));
        return Outcome { rejected: Some(line), summary, ..Outcome::default() };
    }
    let cleaned = clean::clean(doc, opts);
    for r in &cleaned.removals {
        summary.removed(r.reason, r.count as u64);
    }
    if cleaned.text.is_empty() {
        summary.reject(RejectReason::NoTextLeft);
        let removed = write::removed(doc, &cleaned, opts.removed_text);
        write::json_line(&mut line, &Reject::of_doc(doc, RejectReason::NoTextLeft, removed));
        return Outcome { rejected: Some(line), summary, ..Outcome::default() };
    }
    summary.docs_kept = 1;
    summary.lines_kept = cleaned.stats.kept_lines as u64;
    summary.bytes_written = cleaned.text.len() as u64;
    write::json_line(&mut line, &Record::new(doc, &cleaned, opts.removed_text));
    Outcome { kept: Some(line), summary, ..Outcome::default() }
}

/// A document rejected before cleaning.
fn rejected(r: &Rejected, bytes: u64) -> Outcome {
    let mut summary = Summary { docs_read: 1, bytes_read: bytes, ..Summary::default() };
    summary.reject(r.reason);
    let mut line = Vec::new();
    write::json_line(&mut line, &Reject::of(r));
    Outcome { rejected: Some(line), summary, ..Outcome::default() }
}

/// Clean a document, with a warning when its text had invalid UTF-8.
fn process_doc(doc: &Document, opts: &CleanOptions) -> Outcome {
    let mut outcome = process(doc, opts);
    if doc.invalid_utf8 > 0 {
        let at = match (doc.line, doc.record) {
            (Some(n), _) => format!(" line {n}"),
            (_, Some(n)) => format!(" record {n}"),
            _ => String::new(),
        };
        let message = format!(
            "ghirbal: warning: {}{at}: {} invalid UTF-8 sequences replaced by U+FFFD (counted in the record's stats.invalid_utf8; further ones in this file are counted, not shown)",
            doc.source, doc.invalid_utf8
        );
        outcome.warning = Some((doc.source.clone(), message));
    }
    outcome
}

fn process_unit(unit: Unit, read: &ReadOptions, opts: &CleanOptions) -> Outcome {
    match unit {
        Unit::Doc(doc) => process_doc(&doc, opts),
        Unit::Reject(r) => rejected(&r, 0),
        Unit::JsonLine(origin, bytes) => match json::document_from_line(&bytes, &read.fields, &origin) {
            Ok(doc) => process_doc(&doc, opts),
            Err(r) => rejected(&r, bytes.len() as u64),
        },
        Unit::PageFile(input) => {
            let (page, partial) = read::read_page(&input, read.max_doc_bytes);
            let mut outcome = match page {
                Ok(Page::Text(doc)) => process_doc(&doc, opts),
                Ok(Page::Rejected(r)) => rejected(&r, input.size),
                Err(err) => {
                    let id = read::stem(&input.path);
                    let source = input.path.display().to_string();
                    let r = Rejected { id, source, line: None, record: None, reason: RejectReason::Unreadable, message: Some(err.to_string()) };
                    let mut outcome = rejected(&r, 0);
                    outcome.error = Some(err);
                    outcome
                }
            };
            if let Some(err) = partial {
                outcome.error = Some(err);
            }
            if outcome.error.is_some() {
                outcome.summary.read_errors += 1;
            }
            outcome
        }
    }
}

/// Run `ghirbal clean`. Returns the run's summary; inputs that could not be read (in whole or in part)
/// are reported on stderr and counted in `read_errors` (the caller turns that into exit code 1).
pub fn run(config: &Config) -> Result<Summary, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", config.threads)))?;
    let started = Instant::now();

    let out = Sink::create(config.output.as_deref(), config.shard_size)?;
    let rejects = config.rejects.as_deref().map(|p| Sink::create(Some(p), None)).transpose()?;
    let progress = Progress::new(config.progress);

    let mut stream_errors = 0;
    let mut units = read::units(&config.inputs, &config.read).filter_map(|unit| match unit {
        Ok(unit) => Some(unit),
        Err(err) => {
            progress.suspend_eprintln(&format!("ghirbal: error: {err}"));
            stream_errors += 1;
            None
        }
    });

    // Workers clean batch k+1 while the writer writes batch k; the channel holds one batch, so memory
    // stays at about three batches whatever the dump's size.
    let (tx, rx) = sync_channel::<Vec<Outcome>>(1);
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_all(rx, out, rejects, &progress));
        while let Some(batch) = next_batch(&mut units) {
            let outcomes: Vec<Outcome> =
                pool.install(|| batch.into_par_iter().map(|unit| process_unit(unit, &config.read, &config.clean)).collect());
            if tx.send(outcomes).is_err() {
                break; // the writer stopped: stdout was closed, or a write failed
            }
        }
        drop(tx);
        writer.join()
    });
    drop(units);
    progress.finish();
    let mut total = match written {
        Ok(result) => result?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    total.read_errors += stream_errors;

    let elapsed = started.elapsed();
    if let Some(path) = &config.stats {
        fs::write(path, total.to_json(elapsed)).map_err(|source| Error::Write { path: path.clone(), source })?;
    }
    if config.summary {
        eprintln!("{}", total.render(elapsed));
        let rejected = total.docs_rejected();
        if rejected > 0 && config.rejects.is_none() {
            eprintln!("  note: {rejected} rejected documents were not written anywhere; pass --rejects FILE to keep them");
        }
    }
    Ok(total)
}

/// The writer: outcomes in input order in, lines written and the run's totals out.
fn write_all(batches: Receiver<Vec<Outcome>>, mut out: Sink, mut rejects: Option<Sink>, progress: &Progress) -> Result<Summary, Error> {
    let mut total = Summary::default();
    let mut closed = false;
    let mut warned = std::collections::HashSet::new();
    for outcomes in batches {
        for outcome in outcomes {
            if let Some(err) = &outcome.error {
                progress.suspend_eprintln(&format!("ghirbal: error: {err}"));
            }
            if let Some((file, warning)) = outcome.warning {
                if warned.insert(file) {
                    progress.suspend_eprintln(&warning);
                }
            }
            if let (Some(line), false) = (&outcome.kept, closed) {
                match out.write(line) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => closed = true,
                    Err(source) => return Err(Error::Write { path: out.name(), source }),
                }
            }
            if let (Some(line), Some(sink)) = (&outcome.rejected, rejects.as_mut()) {
                sink.write(line).map_err(|source| Error::Write { path: sink.name(), source })?;
            }
            total = total + outcome.summary;
            progress.advance(total.bytes_read, total.docs_read);
        }
        if closed {
            break;
        }
    }
    let name = out.name();
    match out.finish() {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => {
            other.map_err(|source| Error::Write { path: name, source })?;
        }
    }
    if let Some(sink) = rejects {
        let name = sink.name();
        sink.finish().map_err(|source| Error::Write { path: name, source })?;
    }
    Ok(total)
}

/// The next batch: at most `BATCH_UNITS` units and about `BATCH_BYTES` bytes (at least one unit).
fn next_batch(units: &mut impl Iterator<Item = Unit>) -> Option<Vec<Unit>> {
    let mut batch = Vec::new();
    let mut bytes = 0;
    for unit in units.by_ref() {
        bytes += unit.bytes();
        batch.push(unit);
        if batch.len() >= BATCH_UNITS || bytes >= BATCH_BYTES {
            break;
        }
    }
    (!batch.is_empty()).then_some(batch)
}
