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

use std::collections::HashMap;

use crate::clean;
use crate::config::{CleanOptions, Config, CorpusOptions};
use crate::corpus::{Candidate, Corpus};
use crate::detect::boilerplate::stored_key;
use crate::detect::duplicates::Duplicate;
use crate::detect::Decisions;
use crate::document::{Document, Evidence, Line, ReadNote, Reason, RejectReason, Rejected};
use crate::error::Error;
use crate::progress::Progress;
use crate::read::{self, json, Page, ReadOptions, Unit};
use crate::report::corpus::CorpusReport;
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
    /// A note on how the document was read: its file, where in it, and the note (counted per file and kind,
    /// reported at the end).
    pub note: Option<(String, String, ReadNote)>,
    /// Work the writer finishes, in input order (corpus stage).
    pub pending: Option<Box<Pending>>,
    /// This document is the first of a duplicate cluster: its id, for the duplicates' `duplicate_of`.
    pub first_of_cluster: Option<String>,
    /// Texts of report-worthy boilerplate paragraphs met in this document.
    pub boilerplate_texts: Vec<(u64, String)>,
}

/// What only the writer can decide, because it depends on the documents before this one.
#[allow(clippy::large_enum_variant)] // always boxed, in `Outcome::pending`
pub enum Pending {
    /// A duplicate of unit `first`: rejected, naming the first document's id.
    Duplicate {
        doc: Document,
        first: usize,
        first_id: Option<String>,
        kind: Duplicate,
        similarity: f64,
    },
    /// A kept document with paragraphs that earlier documents may already have.
    Paragraphs {
        doc: Document,
        lines: Vec<Line>,
        decisions: Decisions,
        candidates: Vec<Candidate>,
    },
}

fn doc_summary(doc: &Document) -> Summary {
    Summary {
        docs_read: 1,
        bytes_read: doc.text.len() as u64,
        docs_with_invalid_utf8: u64::from(doc.invalid_utf8 > 0),
        ..Summary::default()
    }
}

/// Clean one document into its output line (or its reject line).
pub fn process(doc: &Document, opts: &CleanOptions) -> Outcome {
    process_with(doc, opts, None, 0)
}

/// Clean one document, unit `index` of the input, with the corpus stage's decisions when it is on.
fn process_with(doc: &Document, opts: &CleanOptions, corpus: Option<&Corpus>, index: usize) -> Outcome {
    let summary = doc_summary(doc);
    let mut line = Vec::new();
    if doc.text.trim().is_empty() {
        let mut summary = summary;
        summary.reject(RejectReason::Empty);
        write::json_line(&mut line, &Reject::of_doc(doc, RejectReason::Empty, vec![]));
        return Outcome {
            rejected: Some(line),
            summary,
            ..Outcome::default()
        };
    }
    let Some(corpus) = corpus else {
        let (lines, decisions) = clean::decide(doc, opts);
        return render(doc, &lines, &decisions, opts, summary);
    };
    if let Some((first, kind, similarity)) = corpus.duplicate_of(index) {
        let pending = Pending::Duplicate {
            doc: doc.clone(),
            first,
            first_id: corpus.duplicate_id(index),
            kind,
            similarity,
        };
        return Outcome {
            pending: Some(Box::new(pending)),
            ..Outcome::default()
        };
    }
    let (lines, mut decisions) = clean::decide(doc, opts);
    let candidates = corpus.judge_paragraphs(doc, &lines, &mut decisions, index);
    let boilerplate_texts = (0..lines.len())
        .filter(|&i| matches!(decisions.labels[i], Some(Reason::Boilerplate)) || candidates.iter().any(|c| c.line == i))
        .filter(|&i| corpus.report_keys.contains(&stored_key(decisions.keys.hashes[i])))
        .map(|i| {
            (
                stored_key(decisions.keys.hashes[i]),
                lines[i].span.of(&doc.text).to_string(),
            )
        })
        .collect();
    let first_of_cluster = corpus.is_first_of_cluster(index).then(|| doc.id.clone());
    let mut outcome = if candidates.is_empty() {
        render(doc, &lines, &decisions, opts, summary)
    } else {
        let pending = Pending::Paragraphs {
            doc: doc.clone(),
            lines,
            decisions,
            candidates,
        };
        Outcome {
            pending: Some(Box::new(pending)),
            ..Outcome::default()
        }
    };
    outcome.first_of_cluster = first_of_cluster;
    outcome.boilerplate_texts = boilerplate_texts;
    outcome
}

/// Apply decisions and write the document's line (or its reject line, when nothing is left).
fn render(doc: &Document, lines: &[Line], decisions: &Decisions, opts: &CleanOptions, mut summary: Summary) -> Outcome {
    let mut line = Vec::with_capacity(doc.text.len() * 2 + 256);
    let cleaned = clean::apply(doc, lines, decisions);
    for r in &cleaned.removals {
        summary.removed(r.reason, r.count as u64);
    }
    if cleaned.text.is_empty() {
        summary.reject(RejectReason::NoTextLeft);
        let removed = write::removed(doc, &cleaned, opts.removed_text);
        write::json_line(&mut line, &Reject::of_doc(doc, RejectReason::NoTextLeft, removed));
        return Outcome {
            rejected: Some(line),
            summary,
            ..Outcome::default()
        };
    }
    summary.docs_kept = 1;
    summary.lines_kept = cleaned.stats.kept_lines as u64;
    summary.bytes_written = cleaned.text.len() as u64;
    write::json_line(&mut line, &Record::new(doc, &cleaned, opts.removed_text));
    Outcome {
        kept: Some(line),
        summary,
        ..Outcome::default()
    }
}

/// A document rejected before cleaning.
fn rejected(r: &Rejected, bytes: u64) -> Outcome {
    let mut summary = Summary {
        docs_read: 1,
        bytes_read: bytes,
        ..Summary::default()
    };
    summary.reject(r.reason);
    let mut line = Vec::new();
    write::json_line(&mut line, &Reject::of(r));
    Outcome {
        rejected: Some(line),
        summary,
        ..Outcome::default()
    }
}

/// Clean a document, with a warning when its text had invalid UTF-8, and its read note.
fn process_doc(doc: &Document, opts: &CleanOptions, corpus: Option<&Corpus>, index: usize) -> Outcome {
    let mut outcome = process_with(doc, opts, corpus, index);
    let at = match (doc.line, doc.record) {
        (Some(n), _) => format!(" line {n}"),
        (_, Some(n)) => format!(" record {n}"),
        _ => String::new(),
    };
    if let Some(note) = &doc.note {
        outcome.note = Some((doc.source.clone(), at.trim_start().to_string(), note.clone()));
    }
    if doc.invalid_utf8 > 0 {
        let message = format!(
            "ghirbal: warning: {}{at}: {} invalid UTF-8 sequences replaced by U+FFFD (counted in the record's stats.invalid_utf8; further ones in this file are counted, not shown)",
            doc.source, doc.invalid_utf8
        );
        outcome.warning = Some((doc.source.clone(), message));
    }
    outcome
}

fn process_unit(unit: Unit, index: usize, read: &ReadOptions, opts: &CleanOptions, corpus: Option<&Corpus>) -> Outcome {
    match unit {
        Unit::Doc(doc) => process_doc(&doc, opts, corpus, index),
        Unit::Reject(r) => rejected(&r, 0),
        Unit::JsonLine(origin, bytes) => match json::document_from_line(&bytes, &read.fields, &origin) {
            Ok(doc) => process_doc(&doc, opts, corpus, index),
            Err(r) => rejected(&r, bytes.len() as u64),
        },
        Unit::PageFile(input) => {
            let (page, partial) = read::read_page(&input, read.max_doc_bytes);
            let mut outcome = match page {
                Ok(Page::Text(doc)) => process_doc(&doc, opts, corpus, index),
                Ok(Page::Rejected(r)) => rejected(&r, input.size),
                Err(err) => {
                    let id = read::stem(&input.path);
                    let source = input.path.display().to_string();
                    let r = Rejected {
                        id,
                        source,
                        line: None,
                        record: None,
                        reason: RejectReason::Unreadable,
                        message: Some(err.to_string()),
                    };
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

    // The corpus stage reads the inputs twice; stdin is kept in a temporary file for the second time.
    let spool;
    let inputs = &config.inputs;
    let mut read_options = config.read.clone();
    if config.corpus.is_some() && inputs.iter().any(|p| p.as_os_str() == "-") {
        spool = tempfile::NamedTempFile::new().map_err(|source| Error::Write {
            path: std::env::temp_dir(),
            source,
        })?;
        let mut file = spool.reopen().map_err(|source| Error::Write {
            path: spool.path().to_path_buf(),
            source,
        })?;
        io::copy(&mut io::stdin().lock(), &mut file).map_err(|source| Error::Read {
            path: "-".into(),
            source,
        })?;
        read_options.stdin_file = Some(spool.path().to_path_buf());
    }
    let progress = Progress::new(config.progress);
    let corpus = match (&config.index, &config.corpus) {
        (Some(index), Some(options)) => Some(Corpus::from_index(
            crate::shard::load_for_shard(index, inputs)?,
            options,
        )),
        (None, Some(options)) => Some(Corpus::count(
            &pool,
            inputs,
            &read_options,
            &config.clean,
            options,
            &progress,
        )),
        _ => None,
    };
    let passes = config
        .corpus
        .as_ref()
        .filter(|_| config.index.is_none())
        .map_or(1, CorpusOptions::passes);
    progress.stage(&if passes > 1 {
        format!("cleaning (pass {passes} of {passes})")
    } else {
        "cleaning".to_string()
    });

    let out = Sink::create(config.output.as_deref(), config.shard_size)?;
    let rejects = config
        .rejects
        .as_deref()
        .map(|p| Sink::create(Some(p), None))
        .transpose()?;

    let mut stream_errors = 0;
    let mut units = read::units(inputs, &read_options).filter_map(|unit| match unit {
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
    let corpus = corpus.as_ref();
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_all(rx, out, rejects, &progress, &config.clean));
        let mut index = 0;
        while let Some(batch) = next_batch(&mut units) {
            let first = index;
            index += batch.len();
            let outcomes: Vec<Outcome> = pool.install(|| {
                batch
                    .into_par_iter()
                    .enumerate()
                    .map(|(k, unit)| process_unit(unit, first + k, &read_options, &config.clean, corpus))
                    .collect()
            });
            if tx.send(outcomes).is_err() {
                break; // the writer stopped: stdout was closed, or a write failed
            }
        }
        drop(tx);
        if let Some(corpus) = corpus.filter(|c| c.units != index) {
            progress.suspend_eprintln(&format!(
                "ghirbal: warning: the inputs changed between passes ({} documents in the first, {index} now): duplicate and boilerplate decisions may be off; rerun on inputs that stay put",
                corpus.units
            ));
        }
        writer.join()
    });
    drop(units);
    progress.finish();
    let (mut total, report) = match written {
        Ok(result) => result?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    total.read_errors += stream_errors;
    if let (Some(path), Some(corpus)) = (&config.corpus_report, corpus) {
        fs::write(path, report.to_json(corpus, total.docs_read)).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    }

    let elapsed = started.elapsed();
    if let Some(path) = &config.stats {
        fs::write(path, total.to_json(elapsed)).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    }
    if config.summary {
        eprintln!("{}", total.render(elapsed));
        let rejected = total.docs_rejected();
        if rejected > 0 && config.rejects.is_none() {
            eprintln!(
                "  note: {rejected} rejected documents were not written anywhere; pass --rejects FILE to keep them"
            );
        }
    }
    Ok(total)
}

/// The writer: outcomes in input order in, lines written and the run's totals out.
fn write_all(
    batches: Receiver<Vec<Outcome>>,
    mut out: Sink,
    mut rejects: Option<Sink>,
    progress: &Progress,
    opts: &CleanOptions,
) -> Result<(Summary, CorpusReport), Error> {
    let mut total = Summary::default();
    let mut closed = false;
    let mut warned = std::collections::HashSet::new();
    // Read notes, one per file and kind: the first case and how many; reported once the inputs are read.
    let mut notes: Vec<((String, String, ReadNote), u64)> = Vec::new();
    let mut note_index: HashMap<(String, std::mem::Discriminant<ReadNote>), usize> = HashMap::new();
    let mut report = CorpusReport::default();
    // Ids of documents that later ones duplicate, and long paragraphs already kept somewhere.
    let mut first_ids: HashMap<usize, String> = HashMap::new();
    // Each cross-document duplicate paragraph's first holder (its unit index in input order).
    let mut claimed: HashMap<u64, usize> = HashMap::new();
    let mut index = 0;
    for outcomes in batches {
        for mut outcome in outcomes {
            let unit = index;
            index += 1;
            if let Some(id) = outcome.first_of_cluster.take() {
                first_ids.insert(unit, id);
            }
            for (key, text) in outcome.boilerplate_texts.drain(..) {
                report.add_paragraph(key, text);
            }
            if let Some(pending) = outcome.pending.take() {
                let (warning, note) = (outcome.warning.take(), outcome.note.take());
                outcome = finish_pending(*pending, unit, opts, &first_ids, &mut claimed, &mut report);
                (outcome.warning, outcome.note) = (warning, note);
            }
            if let Some(noted) = outcome.note.take() {
                let key = (noted.0.clone(), std::mem::discriminant(&noted.2));
                match note_index.get(&key) {
                    Some(&i) => notes[i].1 += 1,
                    None => {
                        note_index.insert(key, notes.len());
                        notes.push((noted, 1));
                    }
                }
            }
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
                    Err(source) => {
                        return Err(Error::Write {
                            path: out.name(),
                            source,
                        })
                    }
                }
            }
            if let (Some(line), Some(sink)) = (&outcome.rejected, rejects.as_mut()) {
                sink.write(line).map_err(|source| Error::Write {
                    path: sink.name(),
                    source,
                })?;
            }
            total = total + outcome.summary;
            progress.advance(total.bytes_read, total.docs_read);
        }
        if closed {
            break;
        }
    }
    for ((file, at, note), count) in &notes {
        progress.suspend_eprintln(&note.warning(file, at, *count));
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
    Ok((total, report))
}

/// The writer's part of the corpus stage, for one document, in input order.
fn finish_pending(
    pending: Pending,
    unit: usize,
    opts: &CleanOptions,
    first_ids: &HashMap<usize, String>,
    claimed: &mut HashMap<u64, usize>,
    report: &mut CorpusReport,
) -> Outcome {
    match pending {
        Pending::Duplicate {
            doc,
            first,
            first_id: known_id,
            kind,
            similarity,
        } => {
            let mut summary = doc_summary(&doc);
            let reason = match kind {
                Duplicate::Exact => RejectReason::ExactDuplicate,
                Duplicate::Near => RejectReason::NearDuplicate,
            };
            summary.reject(reason);
            let first_id = known_id.as_deref().or(first_ids.get(&first).map(String::as_str));
            let similarity = (kind == Duplicate::Near).then(|| (similarity * 100.0).round() / 100.0);
            report.add_duplicate(first, first_id.unwrap_or_default(), &doc.id, reason, similarity);
            let mut line = Vec::new();
            let mut reject = Reject::of_doc(&doc, reason, vec![]);
            reject.duplicate_of = first_id;
            reject.similarity = similarity;
            write::json_line(&mut line, &reject);
            Outcome {
                rejected: Some(line),
                summary,
                ..Outcome::default()
            }
        }
        Pending::Paragraphs {
            doc,
            lines,
            mut decisions,
            candidates,
        } => {
            for c in candidates {
                let first = *claimed.entry(c.key).or_insert(unit);
                if first != unit {
                    let evidence = Evidence::Duplicate {
                        first_document: first as u64,
                        documents: c.documents,
                    };
                    decisions.remove(c.line, Reason::DuplicateParagraph, Some(evidence));
                }
            }
            render(&doc, &lines, &decisions, opts, doc_summary(&doc))
        }
    }
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
