//! WARC files: records in, one document per `conversion` record (Common Crawl WET: the page's text) and per
//! `response` record holding an HTML page (a WARC of the crawl itself: the HTTP response; its article is
//! extracted, see `html`) out.
//!
//! `WARC-Target-URI` → url, `WARC-Date` → date, `WARC-Record-ID` → id. Other record types (`warcinfo`,
//! `request`, `metadata`) and responses that are not HTML (images, PDFs, `robots.txt`) are no documents
//! and are skipped. A record longer than the document cap is skipped without being held, and reported.
//!
//! A line that starts with `WARC/1.0` or `WARC/1.1` always opens the next record, whatever the
//! Content-Length before it says: a record whose length is wrong (too long, too short, missing) ends at
//! that line, so it never takes in the next record's headers, and the records after it are still read.

use std::io::{self, BufRead};

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
    /// Where the content ended, against its Content-Length.
    pub ending: Ending,
    /// A `response` record: the content is an HTTP response (status line, headers, body).
    pub response: bool,
}

/// Where a record's content ended, against its Content-Length header.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Ending {
    /// Where Content-Length said (what follows it up to the next record is blank).
    #[default]
    AsDeclared,
    /// Content-Length was missing (`None`) or wrong: it ran into the next record's `WARC/` line, or text
    /// followed it before that line. The content is all that came before that line, trailing blank lines
    /// and spaces left out.
    Resynced { declared: Option<u64>, found: u64 },
    /// The stream ended before the declared length (the file is cut short): the content is what there was.
    CutShort { declared: u64, found: u64 },
}

/// Reads conversion records one at a time.
pub struct WetReader<'a> {
    reader: Box<dyn BufRead + Send + 'a>,
    cap: usize,
    number: u64,
    line: Vec<u8>,
    /// The next record's version line was read already (it ended the record before).
    at_version: bool,
}

impl<'a> WetReader<'a> {
    pub fn new(reader: Box<dyn BufRead + Send + 'a>, cap: usize) -> WetReader<'a> {
        WetReader {
            reader,
            cap,
            number: 0,
            line: Vec::new(),
            at_version: false,
        }
    }

    /// How many records (of any type) were read so far.
    pub fn records(&self) -> u64 {
        self.number
    }

    /// The next conversion record, `Ok(None)` at the end. An error means the stream is broken (truncated
    /// compression, a file that is not WARC, a cut in a record's headers); what came before it stands.
    pub fn next_record(&mut self) -> io::Result<Option<Record>> {
        loop {
            // Find the record's version line; after the first record, reading a record's content already did.
            while !self.at_version {
                match read_line_capped(&mut *self.reader, &mut self.line, MAX_HEADER_LINE)? {
                    None => return Ok(None),
                    Some(CappedLine::Line) if self.line.starts_with(b"WARC/") => break,
                    Some(CappedLine::Line) if self.line.iter().all(u8::is_ascii_whitespace) => {}
                    Some(_) => return Err(malformed(self.number + 1, "expected a `WARC/1.0` line")),
                }
            }
            self.at_version = false;
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
                            "content-type" => record.response = value.to_ascii_lowercase().contains("msgtype=response"),
                            _ => {}
                        }
                    }
                }
            }
            record.response &= kind == "response";
            let wanted = kind == "conversion" || record.response;
            let keep = if wanted { self.cap } else { 0 };
            let (content, found, ending) = self.content(length, keep)?;
            // A response that is not an HTML page is no document (its content was read whole: an HTML
            // response over the cap is still reported).
            let wanted = wanted && (!record.response || found > self.cap as u64 || is_html_response(&content));
            if !wanted {
                if matches!(ending, Ending::CutShort { .. }) {
                    return Err(malformed(self.number, "the stream ends inside the record's content"));
                }
                continue;
            }
            if found > self.cap as u64 {
                record.too_large = Some(found);
            } else {
                record.content = content;
            }
            record.ending = ending;
            return Ok(Some(record));
        }
    }

    /// Read a record's content: up to the next record's version line (which is read too) or the end of
    /// the stream, holding at most `keep` bytes. Returns the content (when it is no longer than `keep`),
    /// its length and where it ended against the declared length.
    fn content(&mut self, declared: Option<u64>, keep: usize) -> io::Result<(Vec<u8>, u64, Ending)> {
        let mut held = Vec::new();
        // Bytes read (the version line left out), and the offset just past the last one that is not blank.
        let mut total: u64 = 0;
        let mut text_end: u64 = 0;
        let mut eof = true;
        while let Some(line) = read_raw_line(&mut *self.reader, &mut held, keep)? {
            if line.is_version() {
                held.truncate(total.min(held.len() as u64) as usize);
                self.at_version = true;
                eof = false;
                break;
            }
            if let Some(end) = line.text_end {
                text_end = total + end;
            }
            total += line.len;
        }
        let (found, ending) = match declared {
            Some(d) if text_end <= d && d <= total => (d, Ending::AsDeclared),
            Some(d) if eof && d > total => (
                text_end,
                Ending::CutShort {
                    declared: d,
                    found: text_end,
                },
            ),
            _ => (
                text_end,
                Ending::Resynced {
                    declared,
                    found: text_end,
                },
            ),
        };
        held.truncate(found.min(held.len() as u64) as usize);
        Ok((held, found, ending))
    }
}

/// What [`read_raw_line`] saw of one line.
struct RawLine {
    /// Its length, with its `\n`.
    len: u64,
    /// Its first bytes (up to 8), to tell a version line.
    head: [u8; 8],
    /// The offset just past its last byte that is not ASCII whitespace; `None` for a blank line.
    text_end: Option<u64>,
}

impl RawLine {
    fn is_version(&self) -> bool {
        &self.head == b"WARC/1.0" || &self.head == b"WARC/1.1"
    }
}

/// Read the next line of `reader` as it is (its `\r\n` too), appending it to `held` while `held` stays
/// within `keep` bytes. `Ok(None)` at the end of the stream.
fn read_raw_line(reader: &mut dyn BufRead, held: &mut Vec<u8>, keep: usize) -> io::Result<Option<RawLine>> {
    let mut line = RawLine {
        len: 0,
        head: [0; 8],
        text_end: None,
    };
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            return Ok((line.len > 0).then_some(line));
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i + 1, true),
            None => (chunk.len(), false),
        };
        let part = &chunk[..take];
        let at = line.len as usize;
        if at < line.head.len() {
            let n = (line.head.len() - at).min(part.len());
            line.head[at..at + n].copy_from_slice(&part[..n]);
        }
        if let Some(i) = part.iter().rposition(|b| !b.is_ascii_whitespace()) {
            line.text_end = Some(line.len + i as u64 + 1);
        }
        let room = keep.saturating_sub(held.len()).min(part.len());
        held.extend_from_slice(&part[..room]);
        line.len += take as u64;
        reader.consume(take);
        if done {
            return Ok(Some(line));
        }
    }
}

fn malformed(record: u64, what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("WARC record {record}: {what}"))
}

/// An HTTP response's status line and headers, and its body (decoded from chunked transfer encoding and
/// gzip or deflate content encoding).
pub fn http_parts(response: &[u8]) -> (Vec<(String, String)>, Vec<u8>) {
    let (headers, body_start) = http_head(response);
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let mut body = response[body_start..].to_vec();
    if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        body = unchunk(&body);
    }
    if header("content-encoding").is_some_and(|v| v.contains("gzip") || v.contains("deflate")) {
        let (decoded, error) = super::compress::decode_all(&body);
        if error.is_none() || !decoded.is_empty() {
            body = decoded;
        }
    }
    (headers, body)
}

/// An HTTP response's headers (names in lower case), and where its body starts.
fn http_head(response: &[u8]) -> (Vec<(String, String)>, usize) {
    let (end, body) = memchr::memmem::find(response, b"\r\n\r\n")
        .map(|i| (i, i + 4))
        .or_else(|| memchr::memmem::find(response, b"\n\n").map(|i| (i, i + 2)))
        .unwrap_or((response.len(), response.len()));
    let headers = String::from_utf8_lossy(&response[..end])
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (headers, body)
}

/// A chunked HTTP body's data (what there is, when it is cut).
fn unchunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut at = 0;
    while at < body.len() {
        let Some(eol) = memchr::memmem::find(&body[at..], b"\r\n") else {
            break;
        };
        let size_line = String::from_utf8_lossy(&body[at..at + eol]);
        let Ok(size) = usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16) else {
            break;
        };
        if size == 0 {
            break;
        }
        let start = at + eol + 2;
        let end = (start + size).min(body.len());
        out.extend_from_slice(&body[start..end]);
        at = end + 2;
    }
    out
}

/// Whether an HTTP response's `Content-Type` says HTML (or, without one, its body looks like it).
fn is_html_response(response: &[u8]) -> bool {
    let (headers, _) = http_head(response);
    match headers.iter().find(|(n, _)| n == "content-type") {
        Some((_, v)) => {
            let v = v.to_ascii_lowercase();
            v.contains("text/html") || v.contains("application/xhtml")
        }
        // No type said: the body's first bytes tell (decoded only then).
        None => {
            let body = http_parts(response).1;
            super::html::looks_like_html(&body[..body.len().min(1024)])
        }
    }
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

/// Write one response record holding `http` (an HTTP response), for tests.
#[cfg(test)]
pub fn response_bytes(id: &str, url: &str, http: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2012-03-14T07:00:00Z\r\nWARC-Record-ID: {id}\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    out.extend_from_slice(http);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_responses_are_documents_and_other_responses_are_skipped() {
        let page =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Hi</p></body></html>";
        let image = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\x00\x01";
        let chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<html\r\n7\r\n>x</htm\r\n2\r\nl>\r\n0\r\n\r\n";
        let mut data = b"WARC/1.0\r\nWARC-Type: request\r\nContent-Length: 3\r\n\r\nGET\r\n\r\n".to_vec();
        data.extend(response_bytes("<urn:a>", "https://a.example/", page));
        data.extend(response_bytes("<urn:b>", "https://a.example/logo.png", image));
        data.extend(response_bytes("<urn:c>", "https://a.example/c", chunked));
        let (records, error) = read_all(&data, 1 << 20);
        assert_eq!(error, None);
        let ids: Vec<_> = records.iter().map(|r| r.id.clone().unwrap_or_default()).collect();
        assert_eq!(ids, ["<urn:a>", "<urn:c>"]);
        assert!(records.iter().all(|r| r.response));
        assert_eq!(http_parts(&records[1].content).1, b"<html>x</html>");
    }

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

    /// A conversion record whose Content-Length header says `declared` (or nothing) whatever its content.
    fn with_length(id: &str, content: &[u8], declared: Option<usize>) -> Vec<u8> {
        let mut out = b"WARC/1.0\r\nWARC-Type: conversion\r\n".to_vec();
        out.extend(format!("WARC-Record-ID: {id}\r\n").bytes());
        if let Some(n) = declared {
            out.extend(format!("Content-Length: {n}\r\n").bytes());
        }
        out.extend(b"\r\n");
        out.extend(content);
        out.extend(b"\r\n\r\n");
        out
    }

    fn summary(records: &[Record]) -> Vec<(u64, String, Ending)> {
        records
            .iter()
            .map(|r| (r.number, String::from_utf8_lossy(&r.content).into_owned(), r.ending))
            .collect()
    }

    #[test]
    fn a_wrong_content_length_ends_at_the_next_record() {
        let second = with_length("<2>", b"second", Some(6));
        let cases: [(Option<usize>, Ending); 4] = [
            // Too long: it would take in the next record's headers and content.
            (
                Some(500),
                Ending::Resynced {
                    declared: Some(500),
                    found: 13,
                },
            ),
            // Too short: the rest of the text comes before the next record's line.
            (
                Some(4),
                Ending::Resynced {
                    declared: Some(4),
                    found: 13,
                },
            ),
            (
                None,
                Ending::Resynced {
                    declared: None,
                    found: 13,
                },
            ),
            // Right, with the content's own line break: kept byte for byte.
            (Some(14), Ending::AsDeclared),
        ];
        for (declared, ending) in cases {
            let mut data = with_length("<1>", b"first\nrecord.\n", declared);
            data.extend(&second);
            data.extend(with_length("<3>", b"third", Some(5)));
            let (records, err) = read_all(&data, 1000);
            assert_eq!(err, None, "{declared:?}");
            let first = if ending == Ending::AsDeclared {
                "first\nrecord.\n"
            } else {
                "first\nrecord."
            };
            assert_eq!(
                summary(&records),
                [
                    (1, first.to_string(), ending),
                    (2, "second".to_string(), Ending::AsDeclared),
                    (3, "third".to_string(), Ending::AsDeclared),
                ],
                "{declared:?}"
            );
        }
    }

    #[test]
    fn a_wrong_length_in_a_skipped_or_too_large_record_loses_nothing_after_it() {
        let mut data = b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 9000\r\n\r\nabcde\r\n\r\n".to_vec();
        data.extend(with_length("<2>", &[b'x'; 40], Some(9000)));
        data.extend(with_length("<3>", b"third", Some(5)));
        let (records, err) = read_all(&data, 20);
        assert_eq!(err, None);
        assert_eq!(records.len(), 2);
        assert_eq!((records[0].number, records[0].too_large), (2, Some(40)));
        assert_eq!(summary(&records[1..]), [(3, "third".to_string(), Ending::AsDeclared)]);
    }

    #[test]
    fn a_cut_record_keeps_what_it_had() {
        let mut data = record_bytes("<urn:uuid:1>", "u", "d", b"abc");
        let second = record_bytes("<urn:uuid:2>", "u", "d", b"abcdefgh");
        data.extend_from_slice(&second[..second.len() - 8]);
        let (records, err) = read_all(&data, 1000);
        assert_eq!(err, None);
        assert_eq!(
            summary(&records),
            [
                (1, "abc".to_string(), Ending::AsDeclared),
                (2, "abcd".to_string(), Ending::CutShort { declared: 8, found: 4 }),
            ]
        );
        // A cut inside the headers, or a file that is not WARC, is an error after the good records.
        let (records, err) = read_all(&data[..data.len() - 20], 1000);
        assert_eq!(records.len(), 1);
        assert!(err.is_some_and(|e| e.contains("record 2")));
        let (records, err) = read_all(b"not a WARC file\n", 1000);
        assert!(records.is_empty() && err.is_some_and(|e| e.contains("expected a `WARC/1.0` line")));
    }
}
