//! The spill: what the corpus stage's reading pass found in each document, kept in a temporary file so
//! the writing pass reads it back instead of detecting again. One record per unit, in input order: the
//! lines, the within-page detectors' decisions, each line's zone on the page, and the keys the document
//! adds to the counts. The writing pass still reads a JSON record (its text and fields go to the output:
//! parsing it again costs less than keeping it) but runs no detector on it. A page — a page file read
//! whole, a WARC response, a JSON record's HTML — is kept in its record whole, as the reading pass read
//! it: the writing pass neither reads, decodes nor extracts it again (an HTML page's extraction is most of
//! its cost).
//!
//! A record is checked against the document the writing pass reads (a hash of its text): a document that
//! changed between the passes is detected again, so a changed input costs time, never wrong spans.
//!
//! Records are `postcard` (compact, varint) and length-prefixed; the file is removed when the run ends,
//! on an error and on SIGINT/SIGTERM, like the stdin spool.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::detect::{Decisions, Keys};
use crate::document::{Document, Evidence, Line, Reason, Span, TextKind};
use crate::error::Error;

use super::templates::{LineShapes, Zone};

/// One document's record.
#[derive(Debug, Serialize, Deserialize)]
pub struct Spilled {
    /// The keys the document adds to the counts (paragraphs and site-template shapes), sorted, once each.
    /// First, so that the counting between the passes decodes it alone ([`SpillReader::next_counted`]).
    pub counted: Vec<u64>,
    /// xxh3 of the document's text, to check the writing pass meets the same text.
    text_hash: u64,
    lines: Vec<Line>,
    labels: Vec<Option<Reason>>,
    hashes: Vec<u64>,
    words: Vec<usize>,
    url: Option<Span>,
    date: Option<Span>,
    title: Option<usize>,
    byline: Option<usize>,
    /// The within-page detectors' evidence.
    evidence: Vec<(usize, SpilledEvidence)>,
    /// Each line's zone on the page.
    zones: Vec<Zone>,
    /// The shapes of the lines where furniture stands.
    shapes: LineShapes,
    /// The document itself, when it is a page (a page file read whole, a WARC response, a JSON record's
    /// HTML): the writing pass takes it from here rather than reading, decoding and extracting the page
    /// a second time.
    page: Option<Page>,
}

/// [`Evidence`] as the spill file holds it: the same variants, tagged by their place (postcard's way)
/// rather than by a `rule` field, and every field written (postcard cannot read a field skipped when
/// empty). Converting it is a move of its fields; JSON text for each piece of evidence, written and parsed
/// back, cost about a twentieth of a default run on SaudiNewsNet.
#[derive(Debug, Serialize, Deserialize)]
enum SpilledEvidence {
    Template {
        kind: String,
        shape: String,
        documents: u8,
        site_documents: u8,
    },
    Shared {
        documents: u8,
    },
    Duplicate {
        first_document: u64,
        documents: u8,
    },
    Repeat {
        of_lines: Option<[usize; 2]>,
        share: Option<f64>,
    },
    Heading {
        heading_line: usize,
    },
    RelatedLink,
    AboveHeadline {
        headline_line: usize,
    },
    Credit,
    Byline {
        shape: String,
    },
    Article {
        article_lines: [usize; 2],
        words: usize,
    },
}

impl From<&Evidence> for SpilledEvidence {
    fn from(e: &Evidence) -> SpilledEvidence {
        match e.clone() {
            Evidence::Template {
                kind,
                shape,
                documents,
                site_documents,
            } => SpilledEvidence::Template {
                kind: kind.into_owned(),
                shape,
                documents,
                site_documents,
            },
            Evidence::Shared { documents } => SpilledEvidence::Shared { documents },
            Evidence::Duplicate {
                first_document,
                documents,
            } => SpilledEvidence::Duplicate {
                first_document,
                documents,
            },
            Evidence::Repeat { of_lines, share } => SpilledEvidence::Repeat { of_lines, share },
            Evidence::Heading { heading_line } => SpilledEvidence::Heading { heading_line },
            Evidence::RelatedLink => SpilledEvidence::RelatedLink,
            Evidence::AboveHeadline { headline_line } => SpilledEvidence::AboveHeadline { headline_line },
            Evidence::Credit => SpilledEvidence::Credit,
            Evidence::Byline { shape } => SpilledEvidence::Byline {
                shape: shape.into_owned(),
            },
            Evidence::Article { article_lines, words } => SpilledEvidence::Article { article_lines, words },
        }
    }
}

impl From<SpilledEvidence> for Evidence {
    fn from(e: SpilledEvidence) -> Evidence {
        match e {
            SpilledEvidence::Template {
                kind,
                shape,
                documents,
                site_documents,
            } => Evidence::Template {
                kind: kind.into(),
                shape,
                documents,
                site_documents,
            },
            SpilledEvidence::Shared { documents } => Evidence::Shared { documents },
            SpilledEvidence::Duplicate {
                first_document,
                documents,
            } => Evidence::Duplicate {
                first_document,
                documents,
            },
            SpilledEvidence::Repeat { of_lines, share } => Evidence::Repeat { of_lines, share },
            SpilledEvidence::Heading { heading_line } => Evidence::Heading { heading_line },
            SpilledEvidence::RelatedLink => Evidence::RelatedLink,
            SpilledEvidence::AboveHeadline { headline_line } => Evidence::AboveHeadline { headline_line },
            SpilledEvidence::Credit => Evidence::Credit,
            SpilledEvidence::Byline { shape } => Evidence::Byline { shape: shape.into() },
            SpilledEvidence::Article { article_lines, words } => Evidence::Article { article_lines, words },
        }
    }
}

/// A page's document as the reading pass read it: every field of [`Document`] but its read note (a
/// document with one is read again).
#[derive(Debug, Serialize, Deserialize)]
struct Page {
    id: String,
    source: String,
    line: Option<u64>,
    record: Option<u64>,
    text: String,
    invalid_utf8: usize,
    kind: TextKind,
    encoding: Option<String>,
    raw_bytes: Option<usize>,
    url: Option<String>,
    date: Option<String>,
    title: Option<String>,
    headline: Option<String>,
    /// A JSON record's other fields, as JSON (postcard cannot read a JSON value back).
    metadata: Option<String>,
}

impl Page {
    /// The page of a document, unless it has a read note.
    fn of(doc: &Document) -> Option<Page> {
        if doc.note.is_some() {
            return None;
        }
        let metadata = match &doc.metadata {
            Some(m) => Some(serde_json::to_string(m).ok()?),
            None => None,
        };
        Some(Page {
            id: doc.id.clone(),
            source: doc.source.clone(),
            line: doc.line,
            record: doc.record,
            text: doc.text.clone(),
            invalid_utf8: doc.invalid_utf8,
            kind: doc.kind,
            encoding: doc.encoding.map(str::to_string),
            raw_bytes: doc.raw_bytes,
            url: doc.url.clone(),
            date: doc.date.clone(),
            title: doc.title.clone(),
            headline: doc.headline.clone(),
            metadata,
        })
    }

    fn document(self) -> Option<Document> {
        let metadata = match self.metadata {
            Some(json) => Some(serde_json::from_str(&json).ok()?),
            None => None,
        };
        Some(Document {
            id: self.id,
            source: self.source,
            line: self.line,
            record: self.record,
            text: self.text,
            invalid_utf8: self.invalid_utf8,
            kind: self.kind,
            // The names are encoding_rs's own, so each finds its encoding again.
            encoding: self
                .encoding
                .and_then(|name| encoding_rs::Encoding::for_label(name.as_bytes()))
                .map(encoding_rs::Encoding::name),
            raw_bytes: self.raw_bytes,
            url: self.url,
            date: self.date,
            title: self.title,
            headline: self.headline,
            metadata,
            note: None,
            prepared: None,
        })
    }
}

/// A document after the within-page detectors, as the corpus stage judges it: its lines, the decisions,
/// each line's zone and the shapes of its furniture-placed lines (zones and shapes only when
/// boilerplate is looked for).
#[derive(Debug, Clone)]
pub struct Decided {
    pub lines: Vec<Line>,
    pub decisions: Decisions,
    pub zones: Vec<Zone>,
    pub shapes: LineShapes,
}

impl Spilled {
    /// The record of a document; `page` when the document is a page read whole, which the writing pass
    /// then takes from the record ([`Spilled::take_page`]).
    pub fn new(doc: &Document, decided: Decided, counted: Vec<u64>, page: bool) -> Spilled {
        let Decided {
            lines,
            decisions: d,
            zones,
            shapes,
        } = decided;
        Spilled {
            counted,
            text_hash: text_hash(&doc.text),
            lines,
            evidence: d.evidence.iter().map(|(i, e)| (*i, SpilledEvidence::from(e))).collect(),
            labels: d.labels,
            hashes: d.keys.hashes,
            words: d.keys.words,
            url: d.url,
            date: d.date,
            title: d.title,
            byline: d.byline,
            zones,
            shapes,
            page: page.then(|| Page::of(doc)).flatten(),
        }
    }

    /// The page the reading pass read, when the record keeps it.
    pub fn take_page(&mut self) -> Option<Document> {
        self.page.take().and_then(Page::document)
    }

    /// The lines, decisions and zones, when the record was made from this document's text.
    pub fn decided(self, doc: &Document) -> Option<Decided> {
        if self.text_hash != text_hash(&doc.text) || self.lines.last().is_some_and(|l| l.span.end > doc.text.len()) {
            return None;
        }
        let evidence = self.evidence.into_iter().map(|(i, e)| (i, Evidence::from(e))).collect();
        let decisions = Decisions {
            labels: self.labels,
            url: self.url,
            date: self.date,
            title: self.title,
            byline: self.byline,
            keys: Keys::without_text(self.hashes, self.words),
            evidence,
        };
        Some(Decided {
            lines: self.lines,
            decisions,
            zones: self.zones,
            shapes: self.shapes,
        })
    }
}

fn text_hash(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// The record of a unit, encoded: empty for a unit without a document to clean.
pub fn encode(record: Option<&Spilled>) -> Vec<u8> {
    record.and_then(|r| postcard::to_stdvec(r).ok()).unwrap_or_default()
}

/// The spill file while the reading pass writes it.
pub struct SpillWriter {
    file: BufWriter<File>,
    /// Removes the file if the writer is dropped unfinished (an error, a panic).
    done: SpillFile,
}

impl SpillWriter {
    /// A new spill file in the system's temporary folder (`ghirbal-spool-PID-spill-…`, so a run killed
    /// with `kill -9` leaves a file the next run names).
    pub fn create() -> Result<SpillWriter, Error> {
        let (file, temp) = crate::temp::TempFile::create("spill-")?;
        Ok(SpillWriter {
            file: BufWriter::with_capacity(1 << 20, file),
            done: SpillFile { temp, bytes: 0 },
        })
    }

    /// Append one unit's encoded record.
    pub fn push(&mut self, record: &[u8]) -> Result<(), Error> {
        let len = record.len() as u64;
        let mut prefix = [0u8; 10];
        let n = varint(len, &mut prefix);
        self.file
            .write_all(&prefix[..n])
            .and_then(|()| self.file.write_all(record))
            .map_err(|source| Error::Write {
                path: self.done.temp.path.clone(),
                source,
            })?;
        self.done.bytes += n as u64 + len;
        Ok(())
    }

    /// Bytes written so far.
    pub fn bytes(&self) -> u64 {
        self.done.bytes
    }

    /// Close the file for writing; the records are read back from the start.
    pub fn finish(self) -> Result<SpillFile, Error> {
        let SpillWriter { file, done } = self;
        file.into_inner().map_err(|e| Error::Write {
            path: done.temp.path.clone(),
            source: e.into_error(),
        })?;
        Ok(done)
    }
}

/// A spill file, removed when dropped.
pub struct SpillFile {
    temp: crate::temp::TempFile,
    /// Its size in bytes.
    pub bytes: u64,
}

impl SpillFile {
    /// Read the records from the start.
    pub fn records(&self) -> Result<SpillReader, Error> {
        let path = &self.temp.path;
        let file = File::open(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        Ok(SpillReader {
            file: BufReader::with_capacity(1 << 20, file),
            path: path.clone(),
        })
    }
}

/// One unit's record as the spill holds it (empty for a unit without one).
#[derive(Debug, Default)]
pub struct Encoded(Vec<u8>);

impl Encoded {
    /// The record. `None` for a unit without one, and for a record that does not decode (one this run did
    /// not write): its document is detected afresh.
    pub fn decode(self) -> Option<Spilled> {
        if self.0.is_empty() {
            return None;
        }
        postcard::from_bytes(&self.0).ok()
    }
}

/// Records, one per unit, in input order.
pub struct SpillReader {
    file: BufReader<File>,
    path: PathBuf,
}

impl SpillReader {
    /// The next unit's record, as written: `None` at the end of the file; an empty record for a unit
    /// without one.
    fn next_encoded(&mut self) -> Result<Option<Encoded>, Error> {
        let read_error = |source| Error::Read {
            path: self.path.clone(),
            source,
        };
        let Some(len) = read_varint(&mut self.file).map_err(read_error)? else {
            return Ok(None);
        };
        let mut bytes = vec![0u8; len as usize];
        self.file.read_exact(&mut bytes).map_err(read_error)?;
        Ok(Some(Encoded(bytes)))
    }

    /// The next unit's counted keys alone (a record's first field): `None` at the end of the file,
    /// `Some(None)` for a unit without a record.
    pub fn next_counted(&mut self) -> Result<Option<Option<Vec<u64>>>, Error> {
        /// A record's first field.
        #[derive(Deserialize)]
        struct Counted {
            counted: Vec<u64>,
        }
        Ok(self.next_encoded()?.map(|Encoded(bytes)| {
            postcard::take_from_bytes::<Counted>(&bytes)
                .ok()
                .map(|(c, _)| c.counted)
        }))
    }

    /// The next `n` units' records (fewer at the end of the file), as written: the caller decodes them
    /// ([`Encoded::decode`]), in parallel if it likes.
    pub fn take(&mut self, n: usize) -> Result<Vec<Encoded>, Error> {
        let mut records = Vec::with_capacity(n);
        while records.len() < n {
            match self.next_encoded()? {
                Some(record) => records.push(record),
                None => break,
            }
        }
        Ok(records)
    }
}

/// LEB128: seven bits a byte, low bits first.
fn varint(mut value: u64, out: &mut [u8; 10]) -> usize {
    let mut n = 0;
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out[n] = byte;
            return n + 1;
        }
        out[n] = byte | 0x80;
        n += 1;
    }
}

/// A LEB128 value, or `None` at a clean end of input.
fn read_varint(r: &mut impl Read) -> io::Result<Option<u64>> {
    let mut value = 0u64;
    for k in 0..10 {
        let mut byte = [0u8];
        if r.read(&mut byte)? == 0 {
            return if k == 0 {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        value |= u64::from(byte[0] & 0x7f) << (7 * k);
        if byte[0] & 0x80 == 0 {
            return Ok(Some(value));
        }
    }
    Err(io::Error::new(io::ErrorKind::InvalidData, "length prefix too long"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CleanOptions;

    fn doc(text: &str) -> Document {
        Document {
            id: "d".into(),
            text: text.to_string(),
            ..Document::default()
        }
    }

    fn fresh(lines: Vec<Line>, decisions: Decisions) -> Decided {
        Decided {
            lines,
            decisions,
            zones: Vec::new(),
            shapes: Vec::new(),
        }
    }

    #[test]
    fn a_record_gives_back_the_decisions_it_was_made_from() {
        let d = doc("عنوان الخبر\nكتب: أحمد\n\nفقرة أولى من النص فيها كلمات كثيرة\nفقرة أولى من النص فيها كلمات كثيرة");
        let (lines, decisions) = crate::clean::decide(&d, &CleanOptions::default());
        let zones = vec![Zone::Body; lines.len()];
        let decided = Decided {
            lines: lines.clone(),
            decisions: decisions.clone(),
            zones: zones.clone(),
            shapes: vec![(1, crate::corpus::templates::shapes("كتب: أحمد", None, false))],
        };
        let record = Spilled::new(&d, decided.clone(), vec![7, 9], false);
        let bytes = encode(Some(&record));
        let back: Spilled = postcard::from_bytes(&bytes).expect("decodes");
        assert_eq!(back.counted, vec![7, 9]);
        let back = back.decided(&d).expect("same text");
        assert_eq!(back.lines, lines);
        assert_eq!(back.zones, zones);
        assert_eq!(back.shapes, decided.shapes);
        let dd = back.decisions;
        assert_eq!(dd.labels, decisions.labels);
        assert_eq!(dd.evidence, decisions.evidence);
        assert_eq!(dd.keys.hashes, decisions.keys.hashes);
        assert_eq!((dd.title, dd.byline), (decisions.title, decisions.byline));
    }

    #[test]
    fn every_kind_of_evidence_comes_back_from_the_spill() {
        let all = vec![
            Evidence::Template {
                kind: "slot".into(),
                shape: "كتب | *".into(),
                documents: 12,
                site_documents: 255,
            },
            Evidence::Shared { documents: 3 },
            Evidence::Duplicate {
                first_document: 1 << 40,
                documents: 2,
            },
            Evidence::Repeat {
                of_lines: Some([2, 4]),
                share: None,
            },
            Evidence::Repeat {
                of_lines: None,
                share: Some(0.625),
            },
            Evidence::Heading { heading_line: 7 },
            Evidence::RelatedLink,
            Evidence::AboveHeadline { headline_line: 3 },
            Evidence::Credit,
            Evidence::Byline {
                shape: "name alone".into(),
            },
            Evidence::Article {
                article_lines: [5, 40],
                words: 812,
            },
        ];
        let d = doc("سطر أول\nسطر ثان");
        let (lines, mut decisions) = crate::clean::decide(&d, &CleanOptions::default());
        decisions.evidence = all.iter().cloned().enumerate().collect();
        let record = Spilled::new(&d, fresh(lines, decisions), vec![], false);
        let back: Spilled = postcard::from_bytes(&encode(Some(&record))).expect("decodes");
        let evidence: Vec<Evidence> = back
            .decided(&d)
            .expect("same text")
            .decisions
            .evidence
            .into_iter()
            .map(|(_, e)| e)
            .collect();
        assert_eq!(evidence, all);
    }

    #[test]
    fn a_changed_text_is_detected_again() {
        let d = doc("سطر أول\nسطر ثان");
        let (lines, decisions) = crate::clean::decide(&d, &CleanOptions::default());
        let record = Spilled::new(&d, fresh(lines, decisions), vec![], false);
        assert!(record.decided(&doc("سطر أول\nسطر آخر")).is_none());
    }

    #[test]
    fn records_come_back_in_order_with_the_empty_ones() {
        let mut w = SpillWriter::create().expect("spill");
        let d = doc("نص");
        let (lines, decisions) = crate::clean::decide(&d, &CleanOptions::default());
        let record = Spilled::new(&d, fresh(lines, decisions), vec![1; 200], false);
        w.push(&encode(Some(&record))).expect("push");
        w.push(&encode(None)).expect("push");
        w.push(&encode(Some(&record))).expect("push");
        let file = w.finish().expect("finish");
        let mut r = file.records().expect("open");
        let got: Vec<Option<Spilled>> = r.take(5).expect("read").into_iter().map(Encoded::decode).collect();
        assert_eq!(got.len(), 3);
        assert!(got[0].is_some() && got[1].is_none() && got[2].is_some());
        assert_eq!(got[2].as_ref().map(|s| s.counted.len()), Some(200));
        let path = file.temp.path.clone();
        drop(r);
        drop(file);
        assert!(!path.exists());
    }

    #[test]
    fn a_page_comes_back_whole_once_and_one_with_a_read_note_is_read_again() {
        let mut metadata = serde_json::Map::new();
        metadata.insert("views".into(), serde_json::json!(1.5e-7));
        metadata.insert(
            "tags".into(),
            serde_json::json!(["a", {"b": null, "c": 18446744073709551615u64}]),
        );
        let page = Document {
            id: "p".into(),
            source: "x.warc.gz".into(),
            line: Some(3),
            record: Some(2),
            text: "سطر أول\nسطر ثان".into(),
            invalid_utf8: 1,
            kind: TextKind::Extracted,
            encoding: Some("windows-1256"),
            raw_bytes: Some(40),
            url: Some("https://a.b/c".into()),
            date: Some("2012".into()),
            title: Some("t".into()),
            headline: Some("h".into()),
            metadata: Some(metadata),
            note: None,
            // (Needed by the reading pass's detection only: the writing pass never detects.)
            prepared: None,
        };
        let (lines, decisions) = crate::clean::decide(&page, &CleanOptions::default());
        let decided = fresh(lines, decisions);
        let record = Spilled::new(&page, decided.clone(), vec![], true);
        let mut back: Spilled = postcard::from_bytes(&encode(Some(&record))).expect("decodes");
        assert_eq!(format!("{:?}", back.take_page()), format!("{:?}", Some(&page)));
        assert!(back.take_page().is_none(), "a page is taken once");
        assert!(back.decided(&page).is_some(), "the decisions stay");
        let mut not_asked = Spilled::new(&page, decided.clone(), vec![], false);
        assert!(not_asked.take_page().is_none());
        let noted = Document {
            note: Some(crate::document::ReadNote::WetLength {
                declared: None,
                found: 3,
            }),
            ..page
        };
        assert!(Spilled::new(&noted, decided, vec![], true).take_page().is_none());
    }
}
