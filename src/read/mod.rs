//! Read stage: the paths a user named in, units of work out — a page file to read, a JSON line to parse,
//! a WARC response's page to extract, a document, or a reject — in input order.
//!
//! Formats: page files (`.txt`, one file is one page), JSON Lines (`.jsonl`, `.ndjson`), JSON arrays
//! (`.json`) and Common Crawl WET (`.wet`, `.warc.wet`), each maybe gzip- (`.gz`, multi-member too),
//! zstd- (`.zst`), xz- (`.xz`) or bzip2-compressed (`.bz2`); compression is told by content, the format
//! by extension, `--format`, or (for stdin and unknown extensions) by the first bytes. A UTF-8 byte-order
//! mark before JSON or WARC is skipped. Directories are walked recursively in sorted order, lazily, for
//! files of those formats. Streams are read line by line or record by record with a cap, so neither a
//! huge file nor a huge line is ever held whole.

pub mod array;
pub mod compress;
pub mod html;
pub mod json;
pub mod lines;
pub mod parquet;
pub mod tee;
pub mod wet;

use std::fs::{self, File};
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::document::{Document, Origin, ReadNote, RejectReason, Rejected, TextKind};
use crate::error::Error;
use array::{ArrayReader, Piece};
use json::Fields;
use lines::{read_line_capped, CappedLine};
use wet::{Ending, WetReader};

/// The UTF-8 byte-order mark some tools write before text.
const UTF8_BOM: &[u8] = b"\xef\xbb\xbf";

/// The format of an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One file is one page.
    Txt,
    /// One JSON object per line.
    Jsonl,
    /// A JSON array of objects (or one object).
    Json,
    /// Common Crawl WET: WARC `conversion` records.
    Wet,
    /// One file is one HTML page: its article is extracted (`html`).
    Html,
    /// Apache Parquet: one row is one record, as a JSON record (`parquet`).
    Parquet,
}

impl Format {
    /// As `--format` spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Jsonl => "jsonl",
            Format::Json => "json",
            Format::Wet => "wet",
            Format::Html => "html",
            Format::Parquet => "parquet",
        }
    }

    /// By extension, compression extensions aside (`a.jsonl.gz` is JSON Lines).
    pub fn from_path(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        let name = compress::EXTENSIONS
            .iter()
            .find_map(|e| name.strip_suffix(&format!(".{e}")))
            .unwrap_or(&name);
        let ext = name.rsplit_once('.')?.1;
        match ext {
            "txt" => Some(Format::Txt),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "json" => Some(Format::Json),
            "wet" | "warc" => Some(Format::Wet),
            "html" | "htm" => Some(Format::Html),
            "parquet" => Some(Format::Parquet),
            _ => None,
        }
    }

    /// By the first (decompressed) bytes, after a UTF-8 byte-order mark and whitespace: `{` is JSON Lines,
    /// `[` a JSON array, `WARC/` a WET file, `<!doctype html` or `<html` an HTML page.
    pub fn sniff(head: &[u8]) -> Format {
        let head = head.strip_prefix(UTF8_BOM).unwrap_or(head);
        let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
        let head = &head[start..];
        if head.starts_with(b"WARC/") {
            Format::Wet
        } else if head.starts_with(b"{") {
            Format::Jsonl
        } else if head.starts_with(b"[") {
            Format::Json
        } else if html::looks_like_html(head) {
            Format::Html
        } else {
            Format::Txt
        }
    }
}

/// How inputs are read.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// Force one format for every input (else by extension, then by content).
    pub format: Option<Format>,
    pub fields: Fields,
    /// Documents (and lines) longer than this are rejected as `too_large` without being held.
    pub max_doc_bytes: usize,
    /// Inputs that cannot be read twice (stdin, pipes, FIFOs, devices), kept in temporary files when the
    /// corpus stage reads the inputs more than once: each input as named, and the file that holds it.
    pub spooled: Vec<(PathBuf, PathBuf)>,
    /// Compressed inputs a reading pass already decompressed: each input as named, and the file that
    /// holds its decompressed bytes ([`tee`]), read instead of it.
    pub decompressed: Vec<(PathBuf, PathBuf)>,
    /// Keep the decompressed bytes of compressed stream inputs as they are read (the corpus stage's
    /// reading pass).
    pub tee: Option<tee::Tees>,
    /// Files a directory walk leaves out: this run's own outputs, when they sit inside an input folder.
    pub skip: Vec<PathBuf>,
    /// Read every input in this encoding (`--encoding`) instead of finding it out.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// How an HTML page's article is found (`--html-extractor`).
    pub html_extractor: html::Extractor,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            format: None,
            fields: Fields::default(),
            max_doc_bytes: 64 << 20,
            spooled: Vec::new(),
            decompressed: Vec::new(),
            tee: None,
            skip: Vec::new(),
            html_extractor: html::Extractor::default(),
            encoding: None,
        }
    }
}

/// One input file (or `-`, stdin), with its size as seen by the walk.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub size: u64,
    /// Known from the walk (by extension) or `--format`; `None` means: look at the content.
    pub format: Option<Format>,
    /// Where its bytes are read from, when not `path` (a spooled pipe).
    pub read_from: Option<PathBuf>,
}

impl Input {
    fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }

    fn origin(&self) -> Origin {
        let (source, stem) = if self.is_stdin() {
            ("<stdin>".to_string(), "stdin".to_string())
        } else {
            (self.path.display().to_string(), stem(&self.path))
        };
        Origin {
            source: Arc::from(source),
            stem: Arc::from(stem),
            line: None,
            record: None,
        }
    }
}

/// A file's stem without compression and format extensions: `dump.jsonl.gz` → `dump`.
pub fn stem(path: &Path) -> String {
    let mut name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    for _ in 0..2 {
        if Format::from_path(Path::new(&name)).is_some() || compress::has_extension(&name) {
            if let Some((base, _)) = name.rsplit_once('.') {
                name = base.to_string();
            }
        }
    }
    name
}

/// Expand files and directories into inputs, in order, lazily: a directory is walked as the run goes,
/// so memory does not grow with the number of files in a dump. A path that cannot be read comes out as
/// an error in its place; the run reports it and goes on.
pub fn inputs<'a>(paths: &'a [PathBuf], format: Option<Format>) -> Inputs<'a> {
    Inputs {
        paths: paths.iter(),
        walk: None,
        format,
        skip: &[],
    }
}

pub struct Inputs<'a> {
    paths: std::slice::Iter<'a, PathBuf>,
    /// The folder being walked (as named, and canonical) and its walk.
    walk: Option<(PathBuf, PathBuf, walkdir::IntoIter)>,
    format: Option<Format>,
    /// Canonical paths a walk leaves out.
    skip: &'a [PathBuf],
}

impl<'a> Inputs<'a> {
    /// Leave these files (canonical paths) out of directory walks.
    pub fn skipping(mut self, skip: &'a [PathBuf]) -> Inputs<'a> {
        self.skip = skip;
        self
    }

    fn skipped(&self, path: &Path) -> bool {
        let name = path.file_name();
        self.skip.iter().any(|s| s.file_name() == name) && fs::canonicalize(path).is_ok_and(|c| self.skip.contains(&c))
    }
}

impl Iterator for Inputs<'_> {
    type Item = Result<Input, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((dir, top, walk)) = &mut self.walk {
                match walk.next() {
                    None => self.walk = None,
                    Some(Err(err)) => {
                        let path = err.path().unwrap_or(dir).to_path_buf();
                        let source = err
                            .into_io_error()
                            .unwrap_or_else(|| io::Error::other("filesystem loop"));
                        return Some(Err(Error::Read { path, source }));
                    }
                    Some(Ok(entry)) => {
                        // Links are followed within the folder; one that leads out of it is not (a link
                        // to `/` would read the machine), and is named.
                        if entry.path_is_symlink()
                            && fs::canonicalize(entry.path()).is_ok_and(|target| !target.starts_with(&*top))
                        {
                            if entry.file_type().is_dir() {
                                walk.skip_current_dir();
                            }
                            let source = io::Error::other(
                                "a link out of the input folder is not followed; name its target on the command line to read it",
                            );
                            return Some(Err(Error::Read {
                                path: entry.into_path(),
                                source,
                            }));
                        }
                        let by_name = Format::from_path(entry.path());
                        let kind = entry.file_type();
                        if kind.is_file() && by_name.is_some() && !self.skipped(entry.path()) {
                            let size = entry.metadata().map_or(0, |m| m.len());
                            let format = self.format.or(by_name);
                            return Some(Ok(Input {
                                path: entry.into_path(),
                                size,
                                format,
                                read_from: None,
                            }));
                        }
                        if !kind.is_file() && !kind.is_dir() && by_name.is_some() {
                            // A FIFO, socket or device inside a folder could block the walk forever: it is
                            // skipped, and said so (name it on the command line to read it).
                            let source = io::Error::other(
                                "not a regular file (a FIFO, socket or device inside a folder is skipped; name it on the command line to read it)",
                            );
                            return Some(Err(Error::Read {
                                path: entry.into_path(),
                                source,
                            }));
                        }
                    }
                }
                continue;
            }
            let path = self.paths.next()?.clone();
            if path.as_os_str() == "-" {
                return Some(Ok(Input {
                    path,
                    size: 0,
                    format: self.format,
                    read_from: None,
                }));
            }
            match fs::metadata(&path) {
                Err(source) => return Some(Err(Error::Read { path, source })),
                Ok(meta) if meta.is_dir() => {
                    let walk = walkdir::WalkDir::new(&path)
                        .follow_links(true)
                        .sort_by_file_name()
                        .into_iter();
                    let top = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
                    self.walk = Some((path, top, walk));
                }
                Ok(meta) => {
                    let format = self.format.or_else(|| Format::from_path(&path));
                    return Some(Ok(Input {
                        path,
                        size: meta.len(),
                        format,
                        read_from: None,
                    }));
                }
            }
        }
    }
}

/// A unit of work for the cleaning workers, in input order.
pub enum Unit {
    /// A page file: read (and decompressed) by the worker.
    PageFile(Input),
    /// One JSON record's bytes (a JSONL line, an element of a JSON array), parsed by the worker.
    JsonLine(Origin, Vec<u8>),
    /// A document read whole.
    Doc(Document),
    /// A WARC response's page, its article extracted by the worker.
    Response(Response),
    /// Rejected while reading (too large, malformed file).
    Reject(Rejected),
}

impl Unit {
    /// Input bytes this unit stands for (for batching and the summary).
    pub fn bytes(&self) -> u64 {
        match self {
            Unit::PageFile(input) => input.size,
            Unit::JsonLine(_, bytes) => bytes.len() as u64,
            Unit::Doc(doc) => doc.text.len() as u64,
            Unit::Response(r) => r.bytes(),
            Unit::Reject(_) => 0,
        }
    }
}

/// What reading one unit gave: its document or why it has none, and what the reading met. Both corpus
/// passes and the within-page run read units through [`Unit::read`].
pub struct Reading {
    /// The document, or the reject that stands for the unit.
    pub document: Result<Document, Rejected>,
    /// Input bytes a reject stands for (the summary counts them).
    pub bytes: u64,
    /// A page read whole and without an error (a page file, a WARC response, a JSON record's HTML): the
    /// corpus stage's spill may keep it for the writing pass.
    pub whole_page: bool,
    /// An error met while reading: a page file that could not be read, or only in part (what was read
    /// is the document).
    pub error: Option<Error>,
}

impl Unit {
    /// Read, parse or extract the unit's document.
    pub fn read(self, options: &ReadOptions) -> Reading {
        let reading = |document: Result<Document, Rejected>, bytes: u64, whole_page: bool| Reading {
            whole_page: whole_page && document.is_ok(),
            document,
            bytes,
            error: None,
        };
        match self {
            Unit::Doc(doc) => reading(Ok(doc), 0, false),
            Unit::Reject(r) => reading(Err(r), 0, false),
            Unit::Response(response) => {
                let bytes = response.bytes();
                reading(response.document(options), bytes, true)
            }
            Unit::JsonLine(origin, bytes) => {
                let n = bytes.len() as u64;
                let document = json::document_from_line(bytes, options, &origin);
                let page = document
                    .as_ref()
                    .is_ok_and(|doc| matches!(doc.kind, TextKind::Extracted | TextKind::WholePage));
                reading(document, n, page)
            }
            Unit::PageFile(input) => match read_page(&input, options) {
                (Ok(Page::Text(doc)), partial) => Reading {
                    document: Ok(doc),
                    bytes: input.size,
                    whole_page: partial.is_none(),
                    error: partial,
                },
                (Ok(Page::Rejected(r)), partial) => Reading {
                    document: Err(r),
                    bytes: input.size,
                    whole_page: false,
                    error: partial,
                },
                (Err(err), _) => {
                    let r = Rejected {
                        id: stem(&input.path),
                        source: input.path.display().to_string(),
                        line: None,
                        record: None,
                        reason: RejectReason::Unreadable,
                        message: Some(err.to_string()),
                    };
                    Reading {
                        document: Err(r),
                        bytes: 0,
                        whole_page: false,
                        error: Some(err),
                    }
                }
            },
        }
    }
}

/// Most units in a batch.
const BATCH_UNITS: usize = 4096;
/// Most input bytes in a batch (a single larger document is a batch of its own).
const BATCH_BYTES: u64 = 64 << 20;

/// A batch of units in input order, each read error in its place.
pub type Batch = Vec<Result<Unit, Error>>;

/// Read `units` on a thread of their own, one batch ahead of the caller (at most [`BATCH_UNITS`] units
/// and about [`BATCH_BYTES`] bytes a batch): the next batch is read and decompressed while the caller
/// cleans this one, so reading, which runs on one thread, is not waited for. Dropping the receiver
/// stops the reading.
pub fn read_ahead<'scope, 'env>(
    scope: &'scope std::thread::Scope<'scope, 'env>,
    units: Units<'env>,
) -> std::sync::mpsc::Receiver<Batch> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(1);
    scope.spawn(move || {
        let mut units = units;
        loop {
            let mut batch = Vec::new();
            let mut bytes = 0;
            for unit in units.by_ref() {
                bytes += unit.as_ref().map_or(0, Unit::bytes);
                batch.push(unit);
                if batch.len() >= BATCH_UNITS || bytes >= BATCH_BYTES {
                    break;
                }
            }
            if batch.is_empty() || tx.send(batch).is_err() {
                return;
            }
        }
    });
    rx
}

/// Every unit of every input, in order. Errors (an unreadable path, a truncated stream) come out in
/// their place; what was read before them stands.
pub fn units<'a>(paths: &'a [PathBuf], options: &'a ReadOptions) -> Units<'a> {
    Units {
        inputs: inputs(paths, options.format).skipping(&options.skip),
        options,
        stream: None,
        deferred: None,
    }
}

pub struct Units<'a> {
    inputs: Inputs<'a>,
    options: &'a ReadOptions,
    stream: Option<Stream>,
    /// The error that ended the last stream, given after the unit it came with.
    deferred: Option<Error>,
}

/// What a stream gave.
enum Next {
    Unit(Unit),
    /// The stream's last unit (a cut record, kept or rejected) and why it ended there.
    Last(Unit, Error),
    End,
}

/// An open input read a unit at a time.
enum Stream {
    Jsonl {
        reader: Box<dyn BufRead + Send>,
        origin: Origin,
        path: PathBuf,
        line: u64,
        buf: Vec<u8>,
    },
    Json {
        reader: ArrayReader<'static>,
        origin: Origin,
        path: PathBuf,
    },
    Wet {
        reader: WetReader<'static>,
        origin: Origin,
        path: PathBuf,
    },
    Parquet {
        rows: parquet::ParquetRows,
        origin: Origin,
        path: PathBuf,
    },
}

impl Iterator for Units<'_> {
    type Item = Result<Unit, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(err) = self.deferred.take() {
            return Some(Err(err));
        }
        loop {
            if let Some(stream) = &mut self.stream {
                match next_in_stream(stream, self.options) {
                    Ok(Next::Unit(unit)) => return Some(Ok(unit)),
                    Ok(Next::Last(unit, err)) => {
                        self.stream = None;
                        self.deferred = Some(err);
                        return Some(Ok(unit));
                    }
                    Ok(Next::End) => self.stream = None,
                    Err(err) => {
                        self.stream = None;
                        return Some(Err(err));
                    }
                }
                continue;
            }
            let input = match self.inputs.next()? {
                Ok(input) => input,
                Err(err) => return Some(Err(err)),
            };
            match open(input, self.options) {
                Ok(Opened::Unit(unit)) => return Some(Ok(unit)),
                Ok(Opened::Stream(stream)) => self.stream = Some(stream),
                Err(err) => return Some(Err(err)),
            }
        }
    }
}

enum Opened {
    Unit(Unit),
    Stream(Stream),
}

fn open(mut input: Input, options: &ReadOptions) -> Result<Opened, Error> {
    let decompressed = options.decompressed.iter().find(|(p, _)| *p == input.path);
    input.read_from = decompressed
        .or_else(|| options.spooled.iter().find(|(p, _)| *p == input.path))
        .map(|(_, kept)| kept.clone());
    let read_error = |source: io::Error| Error::Read {
        path: input.path.clone(),
        source,
    };
    // A page file with a known format is read by the worker, in parallel.
    if matches!(input.format, Some(Format::Txt | Format::Html)) && !input.is_stdin() {
        return Ok(Opened::Unit(Unit::PageFile(input)));
    }
    // A Parquet file is read by its footer first: it needs the file itself (a file spooled from a pipe too).
    let parquet_named = input.format == Some(Format::Parquet);
    if parquet_named || (input.format.is_none() && starts_with_parquet_magic(&input)) {
        let file = match &input.read_from {
            Some(kept) => File::open(kept),
            None if input.is_stdin() => {
                return Err(Error::Usage(
                    "Parquet cannot be read from stdin (its index is at its end): name the file".to_string(),
                ))
            }
            None => File::open(&input.path),
        }
        .map_err(read_error)?;
        let rows = parquet::ParquetRows::open(file).map_err(read_error)?;
        return Ok(Opened::Stream(Stream::Parquet {
            rows,
            origin: input.origin(),
            path: input.path,
        }));
    }
    let raw: Box<dyn Read + Send> = match &input.read_from {
        Some(kept) => Box::new(File::open(kept).map_err(read_error)?),
        None if input.is_stdin() => Box::new(io::stdin()),
        None => Box::new(File::open(&input.path).map_err(read_error)?),
    };
    let (mut reader, compression) = match decompressed {
        Some(_) => (
            Box::new(io::BufReader::with_capacity(1 << 16, raw)) as Box<dyn BufRead + Send>,
            compress::Compression::None,
        ),
        None => compress::decoder_and_kind(raw).map_err(read_error)?,
    };
    let format = match input.format {
        Some(f) => f,
        None => Format::sniff(reader.fill_buf().map_err(read_error)?),
    };
    // A page's byte-order mark is left to the page decoder, which also tells UTF-16 by it.
    if format != Format::Txt && reader.fill_buf().map_err(read_error)?.starts_with(UTF8_BOM) {
        reader.consume(UTF8_BOM.len());
    }
    let origin = input.origin();
    if let Some(tees) = options
        .tee
        .as_ref()
        .filter(|_| compression != compress::Compression::None)
    {
        if matches!(format, Format::Jsonl | Format::Json | Format::Wet) {
            reader = tees.wrap(&input.path, reader);
        }
    }
    match format {
        Format::Txt | Format::Html if !input.is_stdin() => Ok(Opened::Unit(Unit::PageFile(input))),
        Format::Txt | Format::Html => {
            let mut bytes = Vec::new();
            let cap = options.max_doc_bytes as u64;
            reader
                .by_ref()
                .take(cap + 1)
                .read_to_end(&mut bytes)
                .map_err(read_error)?;
            if bytes.len() as u64 > cap {
                let message = format!("over --max-doc-bytes ({cap})");
                return Ok(Opened::Unit(Unit::Reject(origin.reject(
                    origin.fallback_id(),
                    RejectReason::TooLarge,
                    Some(message),
                ))));
            }
            let page = match format {
                Format::Html => html::html_doc(bytes, &origin, options, None),
                _ => page_doc(bytes, &origin, options.encoding),
            };
            Ok(Opened::Unit(match page {
                Ok(doc) => Unit::Doc(doc),
                Err(rejected) => Unit::Reject(rejected),
            }))
        }
        Format::Jsonl => Ok(Opened::Stream(Stream::Jsonl {
            reader,
            origin,
            path: input.path,
            line: 0,
            buf: Vec::new(),
        })),
        // Named Parquet files were opened above; a stream (stdin) cannot be read as Parquet.
        Format::Parquet => Err(Error::Usage(format!(
            "{}: Parquet is read from a named file only (its index is at its end)",
            input.path.display()
        ))),
        Format::Wet => Ok(Opened::Stream(Stream::Wet {
            reader: WetReader::new(reader, options.max_doc_bytes),
            origin,
            path: input.path,
        })),
        Format::Json => Ok(Opened::Stream(Stream::Json {
            reader: ArrayReader::new(reader, options.max_doc_bytes),
            origin,
            path: input.path,
        })),
    }
}

/// Whether a named file starts with Parquet's magic bytes (`PAR1`).
fn starts_with_parquet_magic(input: &Input) -> bool {
    if input.is_stdin() {
        return false;
    }
    let mut head = [0u8; 4];
    let path = input.read_from.as_ref().unwrap_or(&input.path);
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"PAR1")
}

fn next_in_stream(stream: &mut Stream, options: &ReadOptions) -> Result<Next, Error> {
    match stream {
        Stream::Parquet { rows, origin, path } => {
            let done = rows.rows();
            let row = rows.next_row().map_err(|source| Error::Stream {
                path: path.clone(),
                after: format!("row {done}"),
                source,
            })?;
            Ok(match row {
                None => Next::End,
                Some((number, bytes)) => {
                    let at = Origin {
                        record: Some(number),
                        ..origin.clone()
                    };
                    if bytes.len() > options.max_doc_bytes {
                        let message = format!(
                            "a row of {} bytes as JSON, over --max-doc-bytes ({})",
                            bytes.len(),
                            options.max_doc_bytes
                        );
                        Next::Unit(Unit::Reject(at.reject(
                            at.fallback_id(),
                            RejectReason::TooLarge,
                            Some(message),
                        )))
                    } else {
                        Next::Unit(Unit::JsonLine(at, bytes))
                    }
                }
            })
        }
        Stream::Jsonl {
            reader,
            origin,
            path,
            line,
            buf,
        } => loop {
            let read = read_line_capped(&mut **reader, buf, options.max_doc_bytes).map_err(|source| Error::Stream {
                path: path.clone(),
                after: format!("line {line}"),
                source,
            })?;
            *line += 1;
            let at = Origin {
                line: Some(*line),
                ..origin.clone()
            };
            match read {
                None => return Ok(Next::End),
                Some(CappedLine::TooLong(n)) => {
                    let message = format!("a line of {n} bytes, over --max-doc-bytes ({})", options.max_doc_bytes);
                    return Ok(Next::Unit(Unit::Reject(at.reject(
                        at.fallback_id(),
                        RejectReason::TooLarge,
                        Some(message),
                    ))));
                }
                // Blank lines between records are layout, not documents.
                Some(CappedLine::Line) if buf.iter().all(u8::is_ascii_whitespace) => continue,
                Some(CappedLine::Line) => return Ok(Next::Unit(Unit::JsonLine(at, buf.clone()))),
            }
        },
        Stream::Json { reader, origin, path } => {
            let done = reader.records();
            let piece = reader.next_piece().map_err(|source| Error::Stream {
                path: path.clone(),
                after: format!("record {done}"),
                source,
            })?;
            let at = |number| Origin {
                record: Some(number),
                ..origin.clone()
            };
            let cut_short = |after: u64, what: String| Error::Stream {
                path: path.clone(),
                after: format!("record {after}"),
                source: io::Error::new(io::ErrorKind::UnexpectedEof, what),
            };
            Ok(match piece {
                None => Next::End,
                Some(Piece::Record { number, bytes }) => Next::Unit(Unit::JsonLine(at(number), bytes)),
                Some(Piece::TooLarge { number, bytes }) => {
                    let at = at(number);
                    let message = format!(
                        "a record of {bytes} bytes, over --max-doc-bytes ({})",
                        options.max_doc_bytes
                    );
                    Next::Unit(Unit::Reject(at.reject(
                        at.fallback_id(),
                        RejectReason::TooLarge,
                        Some(message),
                    )))
                }
                Some(Piece::Cut { number, bytes }) => {
                    let at = at(number);
                    let message = format!("the file ends {bytes} bytes into this record: it is cut short");
                    let reject = at.reject(at.fallback_id(), RejectReason::MalformedJson, Some(message));
                    let why = format!("the file ends inside record {number}, which is rejected (cut short)");
                    Next::Last(Unit::Reject(reject), cut_short(number - 1, why))
                }
                Some(Piece::Unclosed { after }) => {
                    return Err(cut_short(
                        after,
                        "the file ends before the array's closing `]` (cut short)".into(),
                    ))
                }
            })
        }
        Stream::Wet { reader, origin, path } => {
            let done = reader.records();
            let record = reader.next_record().map_err(|source| Error::Stream {
                path: path.clone(),
                after: format!("record {done}"),
                source,
            })?;
            let Some(record) = record else { return Ok(Next::End) };
            let at = Origin {
                record: Some(record.number),
                ..origin.clone()
            };
            let number = record.number;
            let ending = record.ending;
            let unit = wet_unit(record, &at, options);
            Ok(match ending {
                Ending::CutShort { declared, found } => {
                    let what = format!(
                        "WARC record {number}: the stream ends {found} bytes into its content, of {declared} its Content-Length declares (cut short); those {found} bytes are read as the record"
                    );
                    let err = Error::Stream {
                        path: path.clone(),
                        after: format!("record {number}"),
                        source: io::Error::new(io::ErrorKind::UnexpectedEof, what),
                    };
                    Next::Last(unit, err)
                }
                Ending::AsDeclared | Ending::Resynced { .. } => Next::Unit(unit),
            })
        }
    }
}

/// A WET record's document, or its reject.
fn wet_unit(record: wet::Record, at: &Origin, options: &ReadOptions) -> Unit {
    let id = record.id.clone().unwrap_or_else(|| at.fallback_id());
    if let Some(n) = record.too_large {
        let message = format!(
            "a record of {n} bytes, over --max-doc-bytes ({})",
            options.max_doc_bytes
        );
        return Unit::Reject(at.reject(id, RejectReason::TooLarge, Some(message)));
    }
    if record.response {
        // The page of an HTTP response: its article, in the charset the response declares (when the bytes
        // do not say otherwise); the WARC header's URL first.
        let (headers, body) = wet::http_parts(&record.content);
        let charset = headers
            .iter()
            .find(|(n, _)| n == "content-type")
            .and_then(|(_, v)| v.to_ascii_lowercase().split("charset=").nth(1).map(str::to_string))
            .and_then(|c| encoding_rs::Encoding::for_label(c.trim_matches(['"', '\'', ' ', ';']).as_bytes()));
        let origin = Origin {
            stem: Arc::from(id.as_str()),
            ..at.clone()
        };
        return Unit::Response(Response {
            origin,
            body,
            charset,
            url: record.url,
            date: record.date,
        });
    }
    if memchr::memchr(0, &record.content).is_some() {
        return Unit::Reject(at.reject(id, RejectReason::Binary, None));
    }
    let note = match record.ending {
        Ending::Resynced { declared, found } => Some(ReadNote::WetLength { declared, found }),
        Ending::AsDeclared | Ending::CutShort { .. } => None,
    };
    let raw_bytes = record.content.len();
    let (text, invalid_utf8, encoding) = decode_as(record.content, options.encoding);
    Unit::Doc(Document {
        raw_bytes: (raw_bytes != text.len()).then_some(raw_bytes),
        encoding,
        id,
        source: at.source.to_string(),
        record: at.record,
        text,
        invalid_utf8,
        url: record.url,
        date: record.date,
        note,
        ..Document::default()
    })
}

/// A WARC response record's page: its HTML body, the charset its HTTP header declares, and the URL and
/// date of its WARC header. Its article is extracted by a worker ([`Response::document`]), not by the
/// reader.
pub struct Response {
    origin: Origin,
    body: Vec<u8>,
    charset: Option<&'static encoding_rs::Encoding>,
    url: Option<String>,
    date: Option<String>,
}

impl Response {
    /// The body's size.
    pub fn bytes(&self) -> u64 {
        self.body.len() as u64
    }

    /// The page's article as a document, the WARC header's URL before the page's canonical link.
    pub fn document(self, options: &ReadOptions) -> Result<Document, Rejected> {
        let mut doc = html::html_doc(self.body, &self.origin, options, self.charset)?;
        doc.record = self.origin.record;
        doc.url = self.url.or(doc.url);
        doc.date = self.date;
        Ok(doc)
    }
}

/// A page's text from its bytes: binary is rejected, text decoded.
fn page_doc(
    mut bytes: Vec<u8>,
    origin: &Origin,
    forced: Option<&'static encoding_rs::Encoding>,
) -> Result<Document, Rejected> {
    // UTF-16 saved without its byte-order mark reads as UTF-16 (its ASCII characters' zero bytes are no
    // binary's).
    let forced = forced.or_else(|| unmarked_utf16(&bytes));
    let bom = encoding_rs::Encoding::for_bom(&bytes).map(|(e, _)| e).or(forced);
    // Trailing NULs are padding some old scrapers left; NULs inside text that is not UTF-16 mean binary.
    if bom.is_none_or(|e| e == encoding_rs::UTF_8) {
        while bytes.last() == Some(&0) {
            bytes.pop();
        }
        if memchr::memchr(0, &bytes).is_some() {
            return Err(origin.reject(origin.fallback_id(), RejectReason::Binary, None));
        }
    }
    let raw_bytes = bytes.len();
    let (text, invalid_utf8, encoding) = decode_as(bytes, forced);
    Ok(Document {
        raw_bytes: (raw_bytes != text.len()).then_some(raw_bytes),
        id: origin.stem.to_string(),
        source: origin.source.to_string(),
        text,
        invalid_utf8,
        encoding,
        ..Document::default()
    })
}

/// Bytes looked at to tell UTF-16 saved without its byte-order mark.
const UTF16_SNIFF: usize = 4096;

/// The UTF-16 a page is in when it has no byte-order mark: in its first [`UTF16_SNIFF`] bytes its zero bytes
/// (the high bytes of its spaces, newlines, digits and Latin letters) all fall on one side of each pair, at
/// least one pair in twenty, and they decode cleanly to text with no control characters but line breaks
/// and tabs. Binary files hold zeros on both sides; text in one byte per character holds none (one search
/// tells, for any page). The page is decoded whole once, by the caller.
fn unmarked_utf16(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(UTF16_SNIFF)];
    if bytes.len() < 4 || bytes.len() % 2 != 0 || memchr::memchr(0, head).is_none() {
        return None;
    }
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return None;
    }
    let zeros = |side: usize| head.iter().skip(side).step_by(2).filter(|&&b| b == 0).count();
    let pairs = head.len() / 2;
    let encoding = match (zeros(0), zeros(1)) {
        (0, odd) if odd * 20 >= pairs => encoding_rs::UTF_16LE,
        (even, 0) if even * 20 >= pairs => encoding_rs::UTF_16BE,
        _ => return None,
    };
    // Not the last bytes of the page unless the head is the whole page: a character cut at the head's end
    // waits in the decoder rather than counting as an error.
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(decoder.max_utf8_buffer_length(head.len()).unwrap_or(3 * head.len()));
    let (_, _, had_errors) = decoder.decode_to_string(head, &mut text, head.len() == bytes.len());
    let clean = !had_errors && !text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    clean.then_some(encoding)
}

/// Decode in the forced encoding (`--encoding`), else as [`decode_page`] finds it.
pub fn decode_as(
    bytes: Vec<u8>,
    forced: Option<&'static encoding_rs::Encoding>,
) -> (String, usize, Option<&'static str>) {
    let Some(encoding) = forced else {
        return decode_page(bytes);
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
    let invalid = if had_errors {
        text.matches('\u{fffd}').count()
    } else {
        0
    };
    let name = (encoding != encoding_rs::UTF_8).then(|| encoding.name());
    (text.into_owned(), invalid, name)
}

/// Decode a whole page: UTF-8 when it is valid UTF-8 (the fast path); else the encoding its byte-order
/// mark names (UTF-16) or, failing that, the legacy encoding a detector finds most likely (Windows-1256,
/// ISO-8859-6, ...) when the bytes decode in it cleanly; else UTF-8 with invalid sequences replaced and
/// counted. Returns the text, the replacements and the name of a non-UTF-8 encoding read.
pub fn decode_page(bytes: Vec<u8>) -> (String, usize, Option<&'static str>) {
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        let (text, invalid) = decode(bytes);
        return (text, invalid, None);
    }
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(&bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
        let invalid = if had_errors {
            text.matches('\u{fffd}').count()
        } else {
            0
        };
        let name = (encoding != encoding_rs::UTF_8).then(|| encoding.name());
        return (text.into_owned(), invalid, name);
    }
    // Mostly UTF-8 with a few bad bytes (a cut or a stray Latin-1 byte) stays UTF-8, replaced and counted:
    // a legacy encoding's bytes seldom form valid multi-byte UTF-8 sequences.
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    if valid > 4 * invalid {
        let (text, invalid) = decode(bytes);
        return (text, invalid, None);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(&bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    if encoding != encoding_rs::UTF_8 {
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes);
        if !had_errors {
            return (text.into_owned(), 0, Some(encoding.name()));
        }
    }
    let (text, invalid) = decode(bytes);
    (text, invalid, None)
}

/// What reading one page file gave.
enum Page {
    Text(Document),
    Rejected(Rejected),
}

/// Read one page file (maybe compressed). Invalid UTF-8 is replaced (and counted), never fatal. A
/// truncated compressed file gives what was decoded, and the error beside it.
fn read_page(input: &Input, options: &ReadOptions) -> (Result<Page, Error>, Option<Error>) {
    let max_doc_bytes = options.max_doc_bytes;
    let origin = input.origin();
    let id = origin.stem.to_string();
    if input.size > max_doc_bytes as u64 && !compress::has_extension(&origin.source) {
        let message = format!("{} bytes, over --max-doc-bytes ({max_doc_bytes})", input.size);
        return (
            Ok(Page::Rejected(origin.reject(id, RejectReason::TooLarge, Some(message)))),
            None,
        );
    }
    let bytes = match fs::read(input.read_from.as_ref().unwrap_or(&input.path)) {
        Ok(bytes) => bytes,
        Err(source) => {
            return (
                Err(Error::Read {
                    path: input.path.clone(),
                    source,
                }),
                None,
            )
        }
    };
    let (bytes, error) = compress::decode_all(&bytes);
    let error = error.map(|source| Error::Stream {
        path: input.path.clone(),
        after: format!("{} decoded bytes", bytes.len()),
        source,
    });
    if bytes.len() > max_doc_bytes {
        let message = format!("{} bytes, over --max-doc-bytes ({max_doc_bytes})", bytes.len());
        return (
            Ok(Page::Rejected(origin.reject(id, RejectReason::TooLarge, Some(message)))),
            error,
        );
    }
    // An HTML page by its name, or by its first bytes when its name does not say.
    let html = input.format == Some(Format::Html)
        || (input.format.is_none() && Format::sniff(&bytes[..bytes.len().min(1024)]) == Format::Html);
    let doc = match html {
        true => html::html_doc(bytes, &origin, options, None),
        false => page_doc(bytes, &origin, options.encoding),
    };
    let page = match doc {
        Ok(doc) => Page::Text(doc),
        Err(rejected) => Page::Rejected(rejected),
    };
    (Ok(page), error)
}

/// UTF-8 text from bytes: as is when valid, else with each invalid sequence replaced by U+FFFD and counted.
pub fn decode(bytes: Vec<u8>) -> (String, usize) {
    // Arabic text is all multi-byte sequences, where a SIMD validator is several times faster than std's.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just validated these exact bytes as UTF-8.
        return (unsafe { String::from_utf8_unchecked(bytes) }, 0);
    }
    let invalid = bytes.utf8_chunks().filter(|c| !c.invalid().is_empty()).count();
    (String::from_utf8_lossy(&bytes).into_owned(), invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legacy_arabic_and_utf16_are_decoded() {
        let arabic = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في العاصمة";
        let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(arabic);
        let (text, invalid, encoding) = decode_page(cp1256.into_owned());
        assert_eq!((text.as_str(), invalid, encoding), (arabic, 0, Some("windows-1256")));
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(arabic.encode_utf16().flat_map(u16::to_le_bytes));
        let (text, invalid, encoding) = decode_page(utf16);
        assert_eq!((text.as_str(), invalid, encoding), (arabic, 0, Some("UTF-16LE")));
        let mut mostly_utf8 = arabic.as_bytes().to_vec();
        mostly_utf8.extend(b" caf\xe9");
        let (text, invalid, encoding) = decode_page(mostly_utf8);
        assert_eq!((invalid, encoding), (1, None));
        assert!(text.starts_with(arabic));
    }

    #[test]
    fn formats_are_sniffed_past_a_byte_order_mark() {
        let cases: [(&[u8], Format); 8] = [
            (b"{\"text\": 1}", Format::Jsonl),
            (b"\xef\xbb\xbf{\"text\": 1}", Format::Jsonl),
            (b"\xef\xbb\xbf \n[{}]", Format::Json),
            (b"\xef\xbb\xbfWARC/1.0\r\n", Format::Wet),
            (b"  WARC/1.1\r\n", Format::Wet),
            (b"\xef\xbb\xbfplain page", Format::Txt),
            (b"\xff\xfe{\x00", Format::Txt),
            (b"", Format::Txt),
        ];
        for (head, want) in cases {
            assert_eq!(Format::sniff(head), want, "{head:?}");
        }
    }

    /// What `units` gives for one file: `doc <id>`, `reject <reason> <record>` or `error <message>`.
    fn unit_list(name: &str, data: &[u8]) -> Vec<String> {
        let dir = tempfile::tempdir().ok();
        let Some(path) = dir.as_ref().map(|d| d.path().join(name)) else {
            return vec![];
        };
        if fs::write(&path, data).is_err() {
            return vec![];
        }
        let options = ReadOptions::default();
        let paths = [path];
        units(&paths, &options)
            .map(|unit| match unit {
                Ok(Unit::PageFile(_)) => "page".to_string(),
                Ok(unit) => match unit.read(&options).document {
                    Ok(doc) => format!("doc {}", doc.id),
                    Err(r) => format!("reject {} {:?}", r.reason.as_str(), r.record),
                },
                Err(err) => format!("error {}", err.to_string().split(": ").nth(1).unwrap_or_default()),
            })
            .collect()
    }

    #[test]
    fn a_cut_file_gives_what_it_had_then_the_error() {
        let cut_json = br#"[{"id":1,"text":"a"},{"id":2,"te"#;
        assert_eq!(
            unit_list("cut.json", cut_json),
            [
                "doc 1",
                "reject malformed_json Some(2)",
                "error stopped reading after record 1"
            ]
        );
        let unclosed = br#"[{"id":1,"text":"a"}"#;
        assert_eq!(
            unit_list("unclosed.json", unclosed),
            ["doc 1", "error stopped reading after record 1"]
        );
        let mut wet = wet::record_bytes("<1>", "u", "d", b"first");
        let second = wet::record_bytes("<2>", "u", "d", b"second page");
        wet.extend(&second[..second.len() - 8]);
        assert_eq!(
            unit_list("cut.wet", &wet),
            ["doc <1>", "doc <2>", "error stopped reading after record 2"]
        );
    }

    #[test]
    fn utf16_without_its_mark_is_told_from_binary() {
        let text = "القاهرة - أعلنت الوزارة اليوم خطة جديدة.\nوقال الوزير إن الخطة تشمل 12 حافزا.\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(unmarked_utf16(&le), Some(encoding_rs::UTF_16LE));
        assert_eq!(unmarked_utf16(&be), Some(encoding_rs::UTF_16BE));
        // Longer than the bytes looked at, with a character of two units (an emoji) across their end.
        let long = format!("{}😀{}", "a".repeat(UTF16_SNIFF / 2 - 1), text.repeat(10));
        let long: Vec<u8> = long.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(unmarked_utf16(&long), Some(encoding_rs::UTF_16LE));
        let origin = Origin {
            source: "page.txt".into(),
            stem: "page".into(),
            line: None,
            record: None,
        };
        let doc = page_doc(le, &origin, None).expect("decoded");
        assert_eq!(doc.text, text);
        assert_eq!(doc.encoding, Some("UTF-16LE"));
        // Zeros on both sides of the pairs, or a control character once decoded: binary.
        let binary: Vec<u8> = (0u8..=255).cycle().take(600).map(|b| b % 7).collect();
        assert_eq!(unmarked_utf16(&binary), None);
        assert!(page_doc(binary, &origin, None).is_err());
        // Text in one byte per character holds no zeros.
        assert_eq!(unmarked_utf16("plain text, one byte each".as_bytes()), None);
    }

    #[test]
    fn decodes_lossily_and_counts() {
        assert_eq!(decode(b"abc".to_vec()), ("abc".to_string(), 0));
        assert_eq!(
            decode(b"a\xffb\xfe\xfec".to_vec()),
            ("a\u{fffd}b\u{fffd}\u{fffd}c".to_string(), 3)
        );
    }
}

#[cfg(test)]
mod fuzz;
