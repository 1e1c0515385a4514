//! Common Crawl WET files: WARC records in, one document per `conversion` record out.
//!
//! `WARC-Target-URI` → url, `WARC-Date` → date, `WARC-Record-ID` → id. Other record types (`warcinfo`)
//! are skipped. A record longer than the document cap is skipped without being held, and reported.

use std::io::{self, BufRead, Read};

use super::lines::{read_line_capped, CappedLine};

/// Longest header line kept.
const MAX_HEADER_LINE: usize = 64 << 10;

/// One WARC record that carries a document.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// 1-based number of the record in the file (all record types counted).
    pub number: u64,
    pub id: Option<String>,
    pub url: Option<String>,
    pub date: Option<String>,
    /// The content; empty when `too_large` is set.
    pub content: Vec<u8>,
    /// The content's length when it was over the cap (and skipped).
    pub too_large: Option<u64>,
}

/// Reads conversion records one at a time.
pub struct WetReader<'a> {
    reader: Box<dyn BufRead + Send + 'a>,
    cap: usize,
    number: u64,
    line: Vec<u8>,
}

impl<'a> WetReader<'a> {
    pub fn new(reader: Box<dyn BufRead + Send + 'a>, cap: usize) -> WetReader<'a> {
        WetReader {
            reader,
            cap,
            number: 0,
            line: Vec::new(),
        }
    }

    /// How many records (of any type) were read so far.
    pub fn records(&self) -> u64 {
        self.number
    }

    /// The next conversion record, `Ok(None)` at the end. An error means the stream is broken (truncated
    /// compression, a malformed record); what came before it stands.
    pub fn next_record(&mut self) -> io::Result<Option<Record>> {
        loop {
            // Find the record's version line.
            loop {
                match read_line_capped(&mut *self.reader, &mut self.line, MAX_HEADER_LINE)? {
                    None => return Ok(None),
                    Some(CappedLine::Line) if self.line.starts_with(b"WARC/") => break,
                    Some(CappedLine::Line) if self.line.iter().all(u8::is_ascii_whitespace) => {}
                    Some(_) => return Err(malformed(self.number + 1, "expected a `WARC/1.0` line")),
                }
            }
            self.number += 1;
            let mut record = Record {
                number: self.number,
                ..Record::default()
            };
            let mut kind = String::new();
            let mut length = None;
            loop {
                match read_line_capped(&mut *self.reader, &mut self.line, MAX_HEADER_LINE)? {
                    None => return Err(malformed(self.number, "the stream ends inside the record's headers")),
                    Some(CappedLine::TooLong(_)) => return Err(malformed(self.number, "a header line is too long")),
                    Some(CappedLine::Line) if self.line.is_empty() => break,
                    Some(CappedLine::Line) => {
                        let line = String::from_utf8_lossy(&self.line);
                        let Some((name, value)) = line.split_once(':') else {
                            continue;
                        };
                        let value = value.trim().to_string();
                        match name.trim().to_ascii_lowercase().as_str() {
                            "warc-type" => kind = value,
                            "warc-target-uri" => record.url = Some(value),
                            "warc-date" => record.date = Some(value),
                            "warc-record-id" => record.id = Some(value),
                            "content-length" => length = value.parse::<u64>().ok(),
                            _ => {}
                        }
                    }
                }
            }
            let Some(length) = length else {
                return Err(malformed(self.number, "no valid Content-Length header"));
            };
            let wanted = kind == "conversion";
            if !wanted || length > self.cap as u64 {
                let skipped = io::copy(&mut (&mut self.reader).take(length), &mut io::sink())?;
                if skipped < length {
                    return Err(malformed(self.number, "the stream ends inside the record's content"));
                }
                if wanted {
                    record.too_large = Some(length);
                    return Ok(Some(record));
                }
                continue;
            }
            let mut content = Vec::with_capacity(length as usize);
            (&mut self.reader).take(length).read_to_end(&mut content)?;
            if (content.len() as u64) < length {
                return Err(malformed(self.number, "the stream ends inside the record's content"));
            }
            record.content = content;
            return Ok(Some(record));
        }
    }
}

fn malformed(record: u64, what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("WARC record {record}: {what}"))
}

/// Write one conversion record (for tests).
#[cfg(test)]
pub fn record_bytes(id: &str, url: &str, date: &str, content: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: {url}\r\nWARC-Date: {date}\r\nWARC-Record-ID: {id}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        content.len()
    )
    .into_bytes();
    out.extend_from_slice(content);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(data: &[u8], cap: usize) -> (Vec<Record>, Option<String>) {
        let mut r = WetReader::new(Box::new(data), cap);
        let mut out = Vec::new();
        loop {
            match r.next_record() {
                Ok(Some(rec)) => out.push(rec),
                Ok(None) => return (out, None),
                Err(e) => return (out, Some(e.to_string())),
            }
        }
    }

    #[test]
    fn conversion_records_only() {
        let mut data = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 5\r\n\r\nabcde\r\n\r\n".to_vec();
        data.extend(record_bytes(
            "<urn:uuid:1>",
            "https://a.example/x",
            "2025-01-02T03:04:05Z",
            "نص\nسطر".as_bytes(),
        ));
        data.extend(record_bytes(
            "<urn:uuid:2>",
            "https://b.example/y",
            "2025-01-03T00:00:00Z",
            b"0123456789 long",
        ));
        let (records, err) = read_all(&data, 12);
        assert_eq!(err, None);
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].number, 2);
        assert_eq!(records[0].id.as_deref(), Some("<urn:uuid:1>"));
        assert_eq!(records[0].url.as_deref(), Some("https://a.example/x"));
        assert_eq!(records[0].content, "نص\nسطر".as_bytes());
        assert_eq!(records[1].too_large, Some(15));
    }

    #[test]
    fn a_truncated_record_is_an_error_after_the_good_ones() {
        let mut data = record_bytes("<urn:uuid:1>", "u", "d", b"abc");
        let second = record_bytes("<urn:uuid:2>", "u", "d", b"abcdefgh");
        data.extend_from_slice(&second[..second.len() - 8]);
        let (records, err) = read_all(&data, 1000);
        assert_eq!(records.len(), 1);
        assert!(err.is_some_and(|e| e.contains("record 2")));
    }
}
