//! Write stage: cleaned pages and rejects in, JSON Lines out.
//!
//! Records are typed serde structs borrowing from the document. A file is written under a temporary name
//! beside its final one and renamed when complete, so an interrupted run never leaves a file that looks
//! finished (devices and pipes such as `/dev/null` are written in place). A closed stdout pipe (`ghirbal clean … | head`) ends the run quietly.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::clean::{Cleaned, PageStats};
use crate::document::{Document, Reason, RejectReason};
use crate::error::Error;

/// One line of the cleaned output.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub url: Option<&'a str>,
    pub date: Option<&'a str>,
    pub title: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub text: &'a str,
    pub removed: Vec<Removed<'a>>,
    pub stats: PageStats,
}

/// One removed run of lines.
#[derive(Debug, Serialize)]
pub struct Removed<'a> {
    pub reason: Reason,
    /// First and last line numbers, 1-based and inclusive.
    pub lines: [usize; 2],
    /// The original text of the run (absent with `--no-removed-text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<&'a str>,
}

/// One line of the rejects file.
#[derive(Debug, Serialize)]
pub struct Reject<'a> {
    pub id: &'a str,
    pub source: &'a str,
    pub reason: RejectReason,
    /// What went wrong, for `unreadable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What was removed, for `no_text_left`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<Removed<'a>>,
}

impl<'a> Record<'a> {
    pub fn new(doc: &'a Document, cleaned: &'a Cleaned<'a>, removed_text: bool) -> Record<'a> {
        Record {
            id: &doc.id,
            source: &doc.source,
            url: cleaned.url,
            date: cleaned.date,
            title: cleaned.title,
            byline: cleaned.byline,
            text: &cleaned.text,
            removed: removed(doc, cleaned, removed_text),
            stats: cleaned.stats,
        }
    }
}

/// The removed runs of a cleaned page, as written.
pub fn removed<'a>(doc: &'a Document, cleaned: &Cleaned<'a>, with_text: bool) -> Vec<Removed<'a>> {
    cleaned
        .removals
        .iter()
        .map(|r| Removed { reason: r.reason, lines: [r.first_line, r.last_line], text: with_text.then(|| r.span.of(&doc.text)) })
        .collect()
}

/// Serialize one record as a JSON line onto `buf`.
pub fn json_line<T: Serialize>(buf: &mut Vec<u8>, record: &T) {
    // Serializing these plain structs into memory cannot fail: no maps with non-string keys, no IO.
    serde_json::to_writer(&mut *buf, record).expect("records serialize");
    buf.push(b'\n');
}

/// Where a stream of JSON lines goes: stdout, or a file written under a temporary name and renamed.
pub struct Sink {
    out: BufWriter<Box<dyn Write + Send>>,
    /// (temporary path, final path) for a file.
    file: Option<(PathBuf, PathBuf)>,
    name: PathBuf,
}

impl Sink {
    /// `None` or `-` is stdout.
    pub fn create(path: Option<&Path>) -> Result<Sink, Error> {
        match path {
            None => Ok(Sink::stdout()),
            Some(p) if p.as_os_str() == "-" => Ok(Sink::stdout()),
            // A device or a pipe (`/dev/null`, `>(gzip > x)`) is written in place: renaming a temporary
            // file over it would replace the device with a plain file.
            Some(p) if fs::metadata(p).is_ok_and(|m| !m.is_file()) => {
                let file = fs::OpenOptions::new().write(true).open(p).map_err(|source| Error::Write { path: p.to_path_buf(), source })?;
                Ok(Sink { out: BufWriter::with_capacity(1 << 20, Box::new(file)), file: None, name: p.to_path_buf() })
            }
            Some(p) => {
                let tmp = temp_path(p);
                let file = File::create(&tmp).map_err(|source| Error::Write { path: p.to_path_buf(), source })?;
                Ok(Sink {
                    out: BufWriter::with_capacity(1 << 20, Box::new(file)),
                    file: Some((tmp, p.to_path_buf())),
                    name: p.to_path_buf(),
                })
            }
        }
    }

    fn stdout() -> Sink {
        Sink { out: BufWriter::with_capacity(1 << 20, Box::new(io::stdout())), file: None, name: PathBuf::from("<stdout>") }
    }

    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)
    }

    pub fn name(&self) -> &Path {
        &self.name
    }

    /// Flush, and give a file its final name.
    pub fn finish(mut self) -> io::Result<()> {
        self.out.flush()?;
        if let Some((tmp, dest)) = self.file.take() {
            drop(self.out);
            fs::rename(&tmp, &dest)?;
        }
        Ok(())
    }
}

/// `dir/.name.ghirbal-tmp`: beside the destination, so the rename stays on one filesystem.
fn temp_path(dest: &Path) -> PathBuf {
    let name = dest.file_name().map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!(".{name}.ghirbal-tmp"))
}
