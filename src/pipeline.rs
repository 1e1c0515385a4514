//! The `clean` run: inputs → read → split → normalize → fingerprint → detect → clean → write.
//!
//! The reader cuts the input into batches of units (page files, JSON lines, documents, rejects) on a
//! thread of its own, a batch ahead; each batch is parsed and cleaned in parallel, and a writer thread
//! writes its results in input order while the next batch is cleaned. Output bytes therefore never
//! depend on the thread count, and memory is bounded by the batches, not by the dump.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver};
use std::time::Instant;

use rayon::prelude::*;

use std::collections::HashMap;

use crate::clean;
use crate::config::{CleanOptions, Config, CorpusOptions};
use crate::corpus::counts::stored_key;
use crate::corpus::duplicates::Duplicate;
use crate::corpus::spill::{Encoded, Spilled};
use crate::corpus::{Candidate, Corpus};
use crate::detect::Decisions;
use crate::document::{Document, Evidence, Line, ReadNote, Reason, RejectReason, Rejected};
use crate::error::Error;
use crate::progress::Progress;
use crate::read::{self, ReadOptions, Unit};
use crate::report::corpus::CorpusReport;
use crate::report::summary::Summary;
use crate::write::{self, Record, Reject, Sink};

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
    /// The document's id, hashed: the writer warns of ids that several documents share.
    pub id_hash: Option<u64>,
    /// The document's site, for the figures by source.
    pub site: Option<String>,
    /// A kept document the writer checks against the earlier ones (exact duplicates alone, one pass).
    pub exact: Option<Box<ExactCheck>>,
}

/// What the writer needs to reject a kept document as an exact duplicate of an earlier one.
pub struct ExactCheck {
    hash: u64,
    id: String,
    source: String,
    line: Option<u64>,
    record: Option<u64>,
    /// The whole text, for `--rejects-text`.
    text: Option<String>,
    summary: Summary,
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
    process_with(doc, opts, None, 0, None)
}

/// Clean one document, unit `index` of the input, with the corpus stage's decisions when it is on.
fn process_with(
    doc: &Document,
    opts: &CleanOptions,
    corpus: Option<&Corpus>,
    index: usize,
    spilled: Option<Spilled>,
) -> Outcome {
    let summary = doc_summary(doc);
    let mut line = Vec::new();
    if let Some((reason, message)) = doc.refused() {
        let mut summary = summary;
        summary.reject(reason);
        let mut reject = Reject::of_doc(doc, reason, vec![]);
        reject.message = message.as_deref();
        if reason == RejectReason::Garbled {
            reject.text = opts.rejects_text.then_some(doc.text.as_str());
        }
        write::json_line(&mut line, &reject);
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
    let mut decided = corpus.decided(doc, opts, spilled);
    let candidates = corpus.judge_paragraphs(doc, &mut decided, index);
    let (lines, decisions) = (decided.lines, decided.decisions);
    let exact = corpus
        .streams_exact()
        .then(|| crate::corpus::exact_key(&lines, &decisions))
        .flatten()
        .map(|hash| {
            Box::new(ExactCheck {
                hash,
                id: doc.id.clone(),
                source: doc.source.clone(),
                line: doc.line,
                record: doc.record,
                text: opts.rejects_text.then(|| doc.text.clone()),
                summary: doc_summary(doc),
            })
        });
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
    if outcome.kept.is_some() {
        outcome.exact = exact;
    }
    outcome
}

/// Apply decisions and write the document's line (or its reject line, when nothing is left).
fn render(doc: &Document, lines: &[Line], decisions: &Decisions, opts: &CleanOptions, mut summary: Summary) -> Outcome {
    let mut line = Vec::with_capacity(doc.text.len() * 2 + 256);
    let cleaned = clean::apply(doc, lines, decisions);
    for r in &cleaned.removals {
        let chars = r.span.of(&doc.text).chars().filter(|c| !c.is_whitespace()).count();
        summary.removed(r.reason, r.count as u64, chars as u64);
    }
    if cleaned.text.is_empty() {
        summary.reject(RejectReason::NoTextLeft);
        let removed = write::removed(doc, &cleaned, opts.removed_text);
        let mut reject = Reject::of_doc(doc, RejectReason::NoTextLeft, removed);
        reject.text = opts.rejects_text.then_some(doc.text.as_str());
        write::json_line(&mut line, &reject);
        return Outcome {
            rejected: Some(line),
            summary,
            ..Outcome::default()
        };
    }
    summary.docs_kept = 1;
    for r in &cleaned.removals {
        summary.has_reason(r.reason);
    }
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
        id_hash: Some(id_hash(&r.id)),
        site: Some(crate::corpus::templates::folder_of(&r.source)),
        ..Outcome::default()
    }
}

fn id_hash(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// Clean a document, with a warning when its text had invalid UTF-8, and its read note.
fn process_doc(
    doc: &Document,
    opts: &CleanOptions,
    corpus: Option<&Corpus>,
    index: usize,
    spilled: Option<Spilled>,
) -> Outcome {
    let mut outcome = process_with(doc, opts, corpus, index, spilled);
    outcome.id_hash = Some(id_hash(&doc.id));
    outcome.site = Some(crate::corpus::templates::site_name(doc));
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

fn process_unit(
    unit: Unit,
    index: usize,
    read: &ReadOptions,
    opts: &CleanOptions,
    corpus: Option<&Corpus>,
    mut spilled: Option<Spilled>,
) -> Outcome {
    // A page the reading pass read whole is in its record: it is not read, decoded or extracted again.
    if let Some(page) = spilled.as_mut().and_then(Spilled::take_page) {
        return process_doc(&page, opts, corpus, index, spilled);
    }
    let reading = unit.read(read);
    let mut outcome = match &reading.document {
        Ok(doc) => process_doc(doc, opts, corpus, index, spilled),
        Err(r) => rejected(r, reading.bytes),
    };
    if let Some(err) = reading.error {
        outcome.error = Some(err);
        outcome.summary.read_errors += 1;
    }
    outcome
}

/// Run `ghirbal clean`. Returns the run's summary; inputs that could not be read (in whole or in part)
/// are reported on stderr and counted in `read_errors` (the caller turns that into exit code 1).
pub fn run(config: &Config) -> Result<Summary, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start {} threads: {e}", config.threads)))?;
    let started = Instant::now();
    let run_info = config.run_info();

    // The corpus stage reads the inputs more than once: what cannot be read twice (stdin, a pipe, a FIFO,
    // `/dev/stdin`, a process substitution) is kept in a temporary file on the first read, and so is what
    // the reading pass decompresses (`read::tee`). The files go when `spools` does.
    let inputs = &config.inputs;
    let mut read_options = config.read.clone();
    read_options.skip = check_outputs(config)?;
    for dir in output_dirs(config) {
        for stale in crate::temp::stale(&dir) {
            eprintln!(
                "ghirbal: warning: {} is a temporary file a killed run left behind: remove it",
                stale.display()
            );
        }
    }
    let mut spools = Vec::new();
    if config.corpus.as_ref().is_some_and(|c| c.passes() > 1) && config.index.is_none() {
        for path in inputs.iter().filter(|p| is_stream(p)) {
            let spool = spool(path)?;
            read_options.spooled.push((path.clone(), spool.path.clone()));
            spools.push(spool);
        }
    }
    let progress = Progress::new(config.progress);
    let corpus = match (&config.index, &config.corpus) {
        (Some(index), Some(options)) => {
            let shard = crate::corpus::shard::load_for_shard(index, inputs)?;
            let mine = crate::corpus::shard::settings_of(&config.read, &config.clean);
            if shard.settings != mine {
                return Err(Error::Usage(format!(
                    "{} was made with other settings than this clean:\n  its: {}\n  this clean: {mine}\nsign and clean every shard with the same reading and cleaning flags",
                    index.display(),
                    shard.settings
                )));
            }
            Some(Corpus::from_index(shard, options))
        }
        (None, Some(options)) if options.passes() > 1 => {
            // The reading pass keeps what it decompresses, for the writing pass to read back.
            let tees = read::tee::Tees::default();
            let first_read = ReadOptions {
                tee: Some(tees.clone()),
                ..read_options.clone()
            };
            let corpus = Corpus::count(&pool, inputs, &first_read, &config.clean, options, &progress)?;
            for kept in tees.take() {
                read_options.decompressed.push((kept.input, kept.file.path.clone()));
                spools.push(kept.file);
            }
            Some(corpus)
        }
        (None, Some(options)) if options.streams_exact() => Some(Corpus::streaming(options)),
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

    let out = Sink::create(
        config.output.as_deref(),
        config.shard_size,
        write::parquet::Kind::Cleaned,
    )?;
    let rejects = config
        .rejects
        .as_deref()
        .map(|p| Sink::create(Some(p), None, write::parquet::Kind::Rejects))
        .transpose()?;

    let mut stream_errors = 0;
    let mut first_stream_error = None;

    // The reader reads batch k+2 on its own thread while the workers clean batch k+1 and the writer
    // writes batch k; each channel holds one batch, so memory stays at about five batches whatever the
    // dump's size.
    let (tx, rx) = sync_channel::<Vec<Outcome>>(1);
    let corpus = corpus.as_ref();
    let mut spilled = corpus.map(Corpus::spilled).transpose()?.flatten();
    let written = std::thread::scope(|scope| {
        let writer = scope.spawn(|| write_all(rx, out, rejects, &progress, &config.clean));
        let mut index = 0;
        let mut stopped = false;
        for batch in read::read_ahead(scope, read::units(inputs, &read_options)) {
            let batch: Vec<Unit> = batch
                .into_iter()
                .filter_map(|unit| match unit {
                    Ok(unit) => Some(unit),
                    Err(err) => {
                        progress.suspend_eprintln(&format!("ghirbal: error: {err}"));
                        stream_errors += 1;
                        first_stream_error.get_or_insert_with(|| err.to_string());
                        None
                    }
                })
                .collect();
            if batch.is_empty() {
                continue;
            }
            let first = index;
            index += batch.len();
            // The reading pass's records for these units, in the same order (none past its last unit).
            let mut records = match spilled.as_mut().map(|s| s.take(batch.len())).transpose() {
                Ok(records) => records.unwrap_or_default(),
                Err(e) => {
                    drop(tx);
                    return Err(e);
                }
            };
            records.resize_with(batch.len(), Encoded::default);
            let outcomes: Vec<Outcome> = pool.install(|| {
                batch
                    .into_par_iter()
                    .zip(records)
                    .enumerate()
                    .map(|(k, (unit, record))| {
                        process_unit(unit, first + k, &read_options, &config.clean, corpus, record.decode())
                    })
                    .collect()
            });
            if tx.send(outcomes).is_err() {
                stopped = true; // the writer stopped: stdout was closed, or a write failed
                break;
            }
        }
        drop(tx);
        if let Some(corpus) = corpus.filter(|c| !c.streams_exact() && c.units != index && !stopped) {
            progress.suspend_eprintln(&format!(
                "ghirbal: warning: the inputs changed between passes ({} documents in the first, {index} now): duplicate and boilerplate decisions may be off; rerun on inputs that stay put",
                corpus.units
            ));
        }
        Ok(writer.join())
    })?;
    progress.finish();
    let (mut total, report, closed) = match written {
        Ok(result) => result?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    total.read_errors += stream_errors;
    total.first_error = total.first_error.or(first_stream_error);
    if closed {
        // `ghirbal clean … | head`: the reader wanted no more. What was written to stdout stands; the side
        // files would be partial, so none is written (their temporary files are gone already).
        if config.rejects.is_some() || config.stats.is_some() || config.corpus_report.is_some() {
            eprintln!(
                "ghirbal: stdout was closed after {} documents: the run stopped there, and --rejects, --stats and --corpus-report were not written",
                total.docs_read
            );
        }
        return Ok(total);
    }
    if let (Some(path), Some(corpus)) = (&config.corpus_report, corpus) {
        write::write_file(path, report.to_json(corpus, total.docs_read).as_bytes()).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
    }

    let elapsed = started.elapsed();
    if let Some(path) = &config.stats {
        write::write_file(path, total.to_json(&run_info, elapsed).as_bytes()).map_err(|source| Error::Write {
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

/// Refuse outputs that would overwrite an input or each other (before anything is written), and return
/// the outputs that sit inside an input folder, which the walk must leave out (said on stderr: a later
/// run over that folder would read them as input).
fn check_outputs(config: &Config) -> Result<Vec<PathBuf>, Error> {
    let outputs: Vec<(&str, &PathBuf)> = [
        ("-o", config.output.as_ref()),
        ("--rejects", config.rejects.as_ref()),
        ("--stats", config.stats.as_ref()),
        ("--corpus-report", config.corpus_report.as_ref()),
    ]
    .into_iter()
    .filter_map(|(flag, p)| Some((flag, p?)))
    .filter(|(_, p)| p.as_os_str() != "-" && !fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir()))
    .collect();
    let canonical = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = fs::canonicalize(p) {
            return Some(c);
        }
        let parent = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(fs::canonicalize(parent).ok()?.join(p.file_name()?))
    };
    let mut skip = Vec::new();
    let mut seen: Vec<(&str, PathBuf)> = Vec::new();
    for (flag, path) in outputs {
        let Some(out) = canonical(path) else { continue };
        if let Some((other, _)) = seen.iter().find(|(_, p)| *p == out) {
            return Err(Error::Usage(format!(
                "{flag} {} and {other} name the same file: give each its own",
                path.display()
            )));
        }
        for input in config.inputs.iter().filter(|p| p.as_os_str() != "-") {
            let Ok(inp) = fs::canonicalize(input) else { continue };
            if inp == out {
                return Err(Error::Usage(format!(
                    "{flag} {} is also an input: writing it would destroy it; choose another path",
                    path.display()
                )));
            }
            if inp.is_dir() && out.starts_with(&inp) {
                eprintln!(
                    "ghirbal: warning: {flag} {} is inside the input folder {}: this run leaves it out, but a later run over that folder will read it as input",
                    path.display(),
                    input.display()
                );
                skip.push(out.clone());
            }
        }
        seen.push((flag, out));
    }
    Ok(skip)
}

/// The folders the run writes files into (where a killed run's temporary files would be).
fn output_dirs(config: &Config) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = [&config.output, &config.rejects, &config.stats, &config.corpus_report]
        .into_iter()
        .flatten()
        .filter(|p| p.as_os_str() != "-")
        .map(|p| match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        })
        .collect();
    if config.corpus.is_some() {
        dirs.push(std::env::temp_dir());
    }
    dirs.sort();
    dirs.dedup();
    dirs
}

/// Whether an input can only be read once: stdin, or a path that is neither a file nor a folder.
fn is_stream(path: &Path) -> bool {
    path.as_os_str() == "-" || fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// A stream kept in a temporary file (`ghirbal-spool-PID-…` in the temporary folder), removed when the
/// run ends, on an error, and on SIGINT/SIGTERM.
fn spool(input: &Path) -> Result<crate::temp::TempFile, Error> {
    let (mut file, temp) = crate::temp::TempFile::create("")?;
    let copied = if input.as_os_str() == "-" {
        io::copy(&mut io::stdin().lock(), &mut file)
    } else {
        fs::File::open(input).and_then(|mut f| io::copy(&mut f, &mut file))
    };
    copied.map_err(|source| Error::Read {
        path: input.to_path_buf(),
        source,
    })?;
    Ok(temp)
}

/// The writer: outcomes in input order in, lines written and the run's totals out.
fn write_all(
    batches: Receiver<Vec<Outcome>>,
    mut out: Sink,
    mut rejects: Option<Sink>,
    progress: &Progress,
    opts: &CleanOptions,
) -> Result<(Summary, CorpusReport, bool), Error> {
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
    // Ids seen (hashed: 8 bytes a document), and how many documents reused one.
    let mut ids: hashbrown::HashSet<u64> = hashbrown::HashSet::new();
    let mut reused = 0u64;
    // Exact duplicates alone (one pass): each kept text's hash, with its unit and id.
    let mut exact_seen: hashbrown::HashMap<u64, (usize, Box<str>)> = hashbrown::HashMap::new();
    for outcomes in batches {
        for mut outcome in outcomes {
            let unit = index;
            index += 1;
            if let Some(h) = outcome.id_hash {
                if !ids.insert(h) {
                    reused += 1;
                }
            }
            if let Some(id) = outcome.first_of_cluster.take() {
                first_ids.insert(unit, id);
            }
            for (key, text) in outcome.boilerplate_texts.drain(..) {
                report.add_paragraph(key, text);
            }
            if let Some(check) = outcome.exact.take() {
                match exact_seen.get(&check.hash) {
                    Some((first, first_id)) => {
                        report.add_duplicate(*first, first_id, &check.id, RejectReason::ExactDuplicate, None);
                        let (warning, note, site, id_hash) = (
                            outcome.warning.take(),
                            outcome.note.take(),
                            outcome.site.take(),
                            outcome.id_hash,
                        );
                        outcome = exact_duplicate(*check, first_id);
                        (outcome.warning, outcome.note, outcome.site, outcome.id_hash) = (warning, note, site, id_hash);
                    }
                    None => {
                        exact_seen.insert(check.hash, (unit, check.id.into_boxed_str()));
                    }
                }
            }
            if let Some(pending) = outcome.pending.take() {
                let (warning, note, site) = (outcome.warning.take(), outcome.note.take(), outcome.site.take());
                outcome = finish_pending(*pending, unit, opts, &first_ids, &mut claimed, &mut report);
                (outcome.warning, outcome.note, outcome.site) = (warning, note, site);
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
                outcome.summary.first_error.get_or_insert_with(|| err.to_string());
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
            let mut summary = outcome.summary;
            if let Some(site) = outcome.site.take() {
                summary.credit(site);
            }
            total = total + summary;
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
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => closed = true,
        other => {
            other.map_err(|source| Error::Write { path: name, source })?;
        }
    }
    if reused > 0 {
        progress.suspend_eprintln(&format!(
            "ghirbal: warning: {} an id an earlier document has: ids do not name documents uniquely (choose the id field with --id-field)",
            crate::report::summary::count(reused, "document reuses", "documents reuse")
        ));
    }
    // After a closed stdout the rejects are partial: dropped unfinished, they leave no file.
    if let Some(sink) = rejects.filter(|_| !closed) {
        let name = sink.name();
        sink.finish().map_err(|source| Error::Write { path: name, source })?;
    }
    Ok((total, report, closed))
}

/// A kept document found to be an exact duplicate of the earlier `first_id` by the writer.
fn exact_duplicate(check: ExactCheck, first_id: &str) -> Outcome {
    let mut summary = check.summary;
    summary.reject(RejectReason::ExactDuplicate);
    let reject = Reject {
        id: &check.id,
        source: &check.source,
        line: check.line,
        record: check.record,
        reason: RejectReason::ExactDuplicate,
        duplicate_of: Some(first_id),
        similarity: None,
        message: None,
        removed: Vec::new(),
        text: check.text.as_deref(),
    };
    let mut line = Vec::new();
    write::json_line(&mut line, &reject);
    Outcome {
        rejected: Some(line),
        summary,
        ..Outcome::default()
    }
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
            reject.text = opts.rejects_text.then_some(doc.text.as_str());
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
