//! Write stage: cleaned pages and rejects in, JSON Lines out.
//!
//! Records are typed serde structs borrowing from the document. Outputs are compressed by extension
//! (`.gz`, `.zst`). A file is written under a temporary name beside its final one and renamed when
//! complete, so an interrupted run never leaves a file that looks finished (devices and pipes such as
//! `/dev/null` are written in place). `--shard-size N` splits the output into numbered files of N records.
//! A closed stdout pipe (`ghirbal clean … | head`) ends the run quietly. A file named `*.parquet` is written
//! as Parquet (`parquet`): the same records as typed columns.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::clean::{Cleaned, PageStats};
use crate::document::{Document, Evidence, Reason, RejectReason, Rejected};
use crate::error::Error;
use crate::read::compress::Compression;

pub mod parquet;

/// One line of the cleaned output.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub id: &'a str,
    pub source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    pub url: Option<&'a str>,
    pub date: Option<&'a str>,
    pub title: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub text: &'a str,
    pub removed: Vec<Removed<'a>>,
    /// The whitespace and blank lines between pieces, where not one newline: the original rebuilds byte
    /// for byte from `text`, `removed` and this.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<&'a crate::clean::Layout<'a>>,
    pub stats: PageStats,
    /// A JSON record's other fields, as they came.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata: Option<&'a serde_json::Map<String, serde_json::Value>>,
}

/// One removed run of lines.
#[derive(Debug, Serialize)]
pub struct Removed<'a> {
    pub reason: Reason,
    /// First and last line numbers, 1-based and inclusive.
    pub lines: [usize; 2],
    /// How many kept lines (of `text`) come before this run.
    pub kept_before: usize,
    /// The original text of the run (absent with `--no-removed-text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
    /// Why, in data: the template and how many of the site's documents share it, the heading that
    /// introduced a block, how many documents hold a paragraph, the byline's shape.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
}

/// One line of the rejects file.
#[derive(Debug, Serialize)]
pub struct Reject<'a> {
    pub id: &'a str,
    pub source: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<u64>,
    pub reason: RejectReason,
    /// For a duplicate: the id of the earlier document that was kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<&'a str>,
    /// For a near duplicate: the estimated Jaccard similarity of their word 5-grams.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
    /// What went wrong, when there is more to say than the reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'a str>,
    /// What was removed, for `no_text_left`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removed<'a>>,
    /// The document's whole original text (`--rejects-text`): a duplicate can be read beside the document
    /// it duplicates without the inputs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

impl<'a> Reject<'a> {
    pub fn of(r: &'a Rejected) -> Reject<'a> {
        Reject {
            id: &r.id,
            source: &r.source,
            line: r.line,
            record: r.record,
            reason: r.reason,
            duplicate_of: None,
            similarity: None,
            message: r.message.as_deref(),
            removed: vec![],
            text: None,
        }
    }

    pub fn of_doc(doc: &'a Document, reason: RejectReason, removed: Vec<Removed<'a>>) -> Reject<'a> {
        Reject {
            id: &doc.id,
            source: &doc.source,
            line: doc.line,
            record: doc.record,
            reason,
            duplicate_of: None,
            similarity: None,
            message: None,
            removed,
            text: None,
        }
    }
}

impl<'a> Record<'a> {
    pub fn new(doc: &'a Document, cleaned: &'a Cleaned<'a>, removed_text: bool) -> Record<'a> {
        Record {
            id: &doc.id,
            source: &doc.source,
            line: doc.line,
            record: doc.record,
            url: cleaned.url,
            date: cleaned.date,
            title: cleaned.title,
            byline: cleaned.byline,
            text: &cleaned.text,
            removed: removed(doc, cleaned, removed_text),
            layout: cleaned.layout.as_ref(),
            stats: cleaned.stats,
            metadata: doc.metadata.as_ref(),
        }
    }
}

/// The removed runs of a cleaned page, as written.
pub fn removed<'a>(doc: &'a Document, cleaned: &Cleaned<'a>, with_text: bool) -> Vec<Removed<'a>> {
    cleaned
        .removals
        .iter()
        .map(|r| Removed {
            reason: r.reason,
            lines: [r.first_line, r.last_line],
            kept_before: r.kept_before,
            text: with_text.then(|| r.span.of(&doc.text)),
            evidence: r.evidence.clone(),
        })
        .collect()
}

/// Serialize one record as a JSON line onto `buf`.
pub fn json_line<T: Serialize>(buf: &mut Vec<u8>, record: &T) {
    // Serializing these plain structs into memory cannot fail: no maps with non-string keys, no IO.
    serde_json::to_writer(&mut *buf, record).expect("records serialize");
    buf.push(b'\n');
}

/// Where a stream of JSON lines goes: stdout, one file, or numbered shards of `shard_size` records.
pub struct Sink {
    target: Target,
    current: Option<Out>,
    /// The file being written: its temporary and final names.
    pending: Option<(PathBuf, PathBuf)>,
    /// Records in the current shard, and the shard's number.
    in_shard: u64,
    shard: u64,
    shard_size: Option<u64>,
    /// Files completed so far.
    written: Vec<PathBuf>,
    /// Which records, for a Parquet file's columns.
    kind: parquet::Kind,
}

enum Target {
    Stdout,
    /// Written in place: a device or a pipe.
    Device(PathBuf),
    File(PathBuf),
}

/// One open output, maybe compressed.
enum Out {
    Plain(BufWriter<Box<dyn Write + Send>>),
    Gzip(flate2::write::GzEncoder<BufWriter<Box<dyn Write + Send>>>),
    Zstd(zstd::stream::write::Encoder<'static, BufWriter<Box<dyn Write + Send>>>),
    Xz(liblzma::write::XzEncoder<BufWriter<Box<dyn Write + Send>>>),
    Bzip2(bzip2::write::BzEncoder<BufWriter<Box<dyn Write + Send>>>),
    Parquet(Box<parquet::ParquetOut>),
}

impl Sink {
    /// `None` or `-` is stdout. `shard_size` splits a file output into numbered files. `kind` says which
    /// records go there (a Parquet file's columns).
    pub fn create(path: Option<&Path>, shard_size: Option<u64>, kind: parquet::Kind) -> Result<Sink, Error> {
        let target = match path {
            None => Target::Stdout,
            Some(p) if p.as_os_str() == "-" => Target::Stdout,
            // Renaming a temporary file over a device would replace the device with a plain file.
            Some(p) if fs::metadata(p).is_ok_and(|m| !m.is_file() && !m.is_dir()) => Target::Device(p.to_path_buf()),
            Some(p) => Target::File(p.to_path_buf()),
        };
        let mut sink = Sink {
            target,
            current: None,
            pending: None,
            in_shard: 0,
            shard: 0,
            shard_size,
            written: Vec::new(),
            kind,
        };
        sink.open_next().map_err(|source| Error::Write {
            path: sink.name(),
            source,
        })?;
        Ok(sink)
    }

    fn open_next(&mut self) -> io::Result<()> {
        let out = match &self.target {
            Target::Stdout => Out::new(Box::new(io::stdout()), Compression::None)?,
            Target::Device(p) => Out::new(Box::new(fs::OpenOptions::new().write(true).open(p)?), Compression::None)?,
            Target::File(p) => {
                let dest = match self.shard_size {
                    Some(_) => shard_path(p, self.shard),
                    None => p.clone(),
                };
                let tmp = temp_path(&dest);
                // Registered before it exists: a signal the instant it is made still removes it.
                crate::temp::register(&tmp);
                let file = File::create(&tmp).inspect_err(|_| crate::temp::forget(&tmp))?;
                self.pending = Some((tmp, dest));
                if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet")) {
                    let buffered: Box<dyn Write + Send> = Box::new(BufWriter::with_capacity(1 << 20, file));
                    Out::Parquet(Box::new(parquet::ParquetOut::new(buffered, self.kind)?))
                } else {
                    Out::new(Box::new(file), Compression::from_name(&p.to_string_lossy()))?
                }
            }
        };
        self.current = Some(out);
        Ok(())
    }

    /// Close the current output and give its file the final name.
    fn close_current(&mut self) -> io::Result<()> {
        if let Some(out) = self.current.take() {
            out.finish()?;
        }
        if let Some((tmp, dest)) = self.pending.take() {
            let renamed = fs::rename(&tmp, &dest);
            if renamed.is_err() {
                let _ = fs::remove_file(&tmp);
            }
            crate::temp::forget(&tmp);
            renamed?;
            self.written.push(dest);
        }
        Ok(())
    }

    /// The output's name for messages.
    pub fn name(&self) -> PathBuf {
        match &self.target {
            Target::Stdout => PathBuf::from("<stdout>"),
            Target::Device(p) | Target::File(p) => p.clone(),
        }
    }

    /// Write one record's line. With shards, a full shard is closed (renamed) and the next one opened.
    pub fn write(&mut self, line: &[u8]) -> io::Result<()> {
        if self.shard_size.is_some_and(|size| self.in_shard == size) {
            self.close_current()?;
            self.shard += 1;
            self.in_shard = 0;
            self.open_next()?;
        }
        self.in_shard += 1;
        match &mut self.current {
            Some(out) => out.write_all(line),
            None => Ok(()),
        }
    }

    /// Flush and close, and give the file its final name. Returns the files written.
    pub fn finish(mut self) -> io::Result<Vec<PathBuf>> {
        self.close_current()?;
        Ok(std::mem::take(&mut self.written))
    }
}

/// A sink dropped before `finish` (an error, a run cut short) leaves no file that looks finished: the
/// file being written is removed. Shards already completed stay, each whole.
impl Drop for Sink {
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.pending.take() {
            drop(self.current.take());
            let _ = fs::remove_file(&tmp);
            crate::temp::forget(&tmp);
        }
    }
}

/// Write a whole small file (`--stats`, a report) under a temporary name, then rename it into place: a
/// reader never sees half of it, and a failure leaves nothing behind.
pub fn write_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    if fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return fs::write(path, contents);
    }
    let tmp = temp_path(path);
    crate::temp::register(&tmp);
    let result = fs::write(&tmp, contents).and_then(|()| fs::rename(&tmp, path));
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    crate::temp::forget(&tmp);
    result
}

impl Out {
    fn new(inner: Box<dyn Write + Send>, kind: Compression) -> io::Result<Out> {
        let buffered = BufWriter::with_capacity(1 << 20, inner);
        Ok(match kind {
            Compression::None => Out::Plain(buffered),
            Compression::Gzip => Out::Gzip(flate2::write::GzEncoder::new(buffered, flate2::Compression::default())),
            Compression::Zstd => Out::Zstd(zstd::stream::write::Encoder::new(buffered, 3)?),
            // The xz and bzip2 tools' own default levels.
            Compression::Xz => Out::Xz(liblzma::write::XzEncoder::new(buffered, 6)),
            Compression::Bzip2 => Out::Bzip2(bzip2::write::BzEncoder::new(buffered, bzip2::Compression::best())),
        })
    }

    fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Out::Plain(w) => w.write_all(bytes),
            Out::Gzip(w) => w.write_all(bytes),
            Out::Zstd(w) => w.write_all(bytes),
            Out::Xz(w) => w.write_all(bytes),
            Out::Bzip2(w) => w.write_all(bytes),
            Out::Parquet(w) => w.write_record(bytes),
        }
    }

    fn finish(self) -> io::Result<()> {
        let mut inner = match self {
            Out::Plain(w) => w,
            Out::Gzip(w) => w.finish()?,
            Out::Zstd(w) => w.finish()?,
            Out::Xz(w) => w.finish()?,
            Out::Bzip2(w) => w.finish()?,
            Out::Parquet(w) => return w.finish(),
        };
        inner.flush()
    }
}

/// `dir/.name.PID.ghirbal-tmp`: beside the destination, so the rename stays on one filesystem, and
/// unique to the process, so two runs writing one file (an engine retrying a task whose first attempt
/// is still running) never write into each other's temporary file: each renames a complete one.
pub fn temp_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!(".{name}.{}.ghirbal-tmp", std::process::id()))
}

/// `cleaned.jsonl.gz`, shard 3 → `cleaned-00003.jsonl.gz`: the number goes before the extensions.
pub fn shard_path(path: &Path, shard: u64) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let (stem, ext) = match name.find('.') {
        Some(0) | None => (name.as_str(), ""),
        Some(i) => (&name[..i], &name[i..]),
    };
    path.with_file_name(format!("{stem}-{shard:05}{ext}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_names() {
        assert_eq!(
            shard_path(Path::new("out/cleaned.jsonl.gz"), 3),
            PathBuf::from("out/cleaned-00003.jsonl.gz")
        );
        assert_eq!(shard_path(Path::new("cleaned"), 0), PathBuf::from("cleaned-00000"));
    }
}
