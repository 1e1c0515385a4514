//! JSON files (`.json`): a stream of bytes in, the bytes of one record at a time out, so a big array is
//! never held whole.
//!
//! A record is an element of a top-level array, or a top-level value that is not an array (one object,
//! or objects one after another as in JSON Lines). Elements are split at the array's own commas, outside
//! strings and nested values; each is parsed on its own later, so a malformed one is rejected and the
//! rest are still read. A file that ends inside a record or before its array's `]` is cut short: what
//! came before stands, and the reader says where it was cut.

use std::io::{self, BufRead};

/// One step of a JSON file.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece {
    /// Record `number`, whole (at most the cap).
    Record { number: u64, bytes: Vec<u8> },
    /// Record `number` was over the cap: this many bytes, skipped without being held.
    TooLarge { number: u64, bytes: u64 },
    /// The file ends inside record `number`, `bytes` bytes into it: the file is cut short.
    Cut { number: u64, bytes: u64 },
    /// The file ends after record `after`, inside an array (before its `]`): the file is cut short.
    Unclosed { after: u64 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between top-level values.
    TopLevel,
    /// Inside a top-level array, before an element.
    InArray,
    /// The file ended inside an array after a whole element: say so next.
    Unclosed,
    Done,
}

/// Why reading a value stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// A comma of the array: another element follows.
    Comma,
    /// The array's `]`.
    Close,
    /// The end of a top-level value.
    End,
    /// The end of the stream.
    Eof,
}

/// Where the scanner is inside a value.
#[derive(Debug, Default)]
struct Scan {
    depth: u32,
    in_string: bool,
    escaped: bool,
    /// A byte that is not whitespace was seen.
    seen: bool,
}

impl Scan {
    fn open(&self) -> bool {
        self.depth > 0 || self.in_string
    }
}

/// Reads the records of one JSON file.
pub struct ArrayReader<'a> {
    reader: Box<dyn BufRead + Send + 'a>,
    cap: usize,
    state: State,
    number: u64,
}

impl<'a> ArrayReader<'a> {
    pub fn new(reader: Box<dyn BufRead + Send + 'a>, cap: usize) -> ArrayReader<'a> {
        ArrayReader {
            reader,
            cap,
            state: State::TopLevel,
            number: 0,
        }
    }

    /// How many records were read so far.
    pub fn records(&self) -> u64 {
        self.number
    }

    /// The next piece, `Ok(None)` at the end. An error is the stream's own (truncated compression).
    pub fn next_piece(&mut self) -> io::Result<Option<Piece>> {
        loop {
            match self.state {
                State::Done => return Ok(None),
                State::Unclosed => {
                    self.state = State::Done;
                    return Ok(Some(Piece::Unclosed { after: self.number }));
                }
                State::TopLevel => {
                    match self.skip_whitespace()? {
                        None => {
                            self.state = State::Done;
                            return Ok(None);
                        }
                        Some(b'[') => {
                            self.reader.consume(1);
                            self.state = State::InArray;
                            continue;
                        }
                        Some(_) => {}
                    }
                    let (bytes, len, stop, scan) = self.value(false)?;
                    self.number += 1;
                    if stop == Stop::Eof {
                        self.state = State::Done;
                        if scan.open() {
                            return Ok(Some(self.cut(len)));
                        }
                    }
                    return Ok(Some(self.record(bytes, len)));
                }
                State::InArray => {
                    let (bytes, len, stop, scan) = self.value(true)?;
                    match stop {
                        Stop::Close => self.state = State::TopLevel,
                        Stop::Eof => self.state = State::Unclosed,
                        Stop::Comma | Stop::End => {}
                    }
                    // An empty array, or an empty element (`[1,,2]`, `[1,]`), holds no record.
                    if !scan.seen {
                        continue;
                    }
                    self.number += 1;
                    if stop == Stop::Eof && scan.open() {
                        self.state = State::Done;
                        return Ok(Some(self.cut(len)));
                    }
                    return Ok(Some(self.record(bytes, len)));
                }
            }
        }
    }

    fn record(&self, bytes: Vec<u8>, len: u64) -> Piece {
        if len > self.cap as u64 {
            Piece::TooLarge {
                number: self.number,
                bytes: len,
            }
        } else {
            Piece::Record {
                number: self.number,
                bytes,
            }
        }
    }

    fn cut(&self, len: u64) -> Piece {
        Piece::Cut {
            number: self.number,
            bytes: len,
        }
    }

    /// Skip whitespace; the next byte (not consumed), or `None` at the end of the stream.
    fn skip_whitespace(&mut self) -> io::Result<Option<u8>> {
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok(None);
            }
            match chunk.iter().position(|b| !b.is_ascii_whitespace()) {
                Some(i) => {
                    let next = chunk[i];
                    self.reader.consume(i);
                    return Ok(Some(next));
                }
                None => {
                    let n = chunk.len();
                    self.reader.consume(n);
                }
            }
        }
    }

    /// Read one value: an array element (up to its comma or the array's `]`, both consumed) or a top-level
    /// value (up to its end). Holds at most `cap` bytes of it; returns them, its length, why it stopped
    /// and where the scanner was then.
    fn value(&mut self, in_array: bool) -> io::Result<(Vec<u8>, u64, Stop, Scan)> {
        let mut held = Vec::new();
        let mut len: u64 = 0;
        let mut scan = Scan::default();
        loop {
            let chunk = match self.reader.fill_buf() {
                Ok(chunk) => chunk,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                return Ok((held, len, Stop::Eof, scan));
            }
            let (taken, stop) = scan.feed(chunk, in_array);
            let room = self.cap.saturating_sub(held.len()).min(taken);
            held.extend_from_slice(&chunk[..room]);
            len += taken as u64;
            // The comma or the `]` that ended an element is consumed, not kept.
            let delimiter = usize::from(matches!(stop, Some(Stop::Comma | Stop::Close)));
            self.reader.consume(taken + delimiter);
            if let Some(stop) = stop {
                return Ok((held, len, stop, scan));
            }
        }
    }
}

impl Scan {
    /// Scan `chunk`: how many of its bytes belong to the value, and why it stopped, if it did.
    fn feed(&mut self, chunk: &[u8], in_array: bool) -> (usize, Option<Stop>) {
        let mut i = 0;
        while i < chunk.len() {
            if self.in_string {
                if self.escaped {
                    self.escaped = false;
                    i += 1;
                    continue;
                }
                // Inside a string only a quote or a backslash matters: jump to the next one.
                match memchr::memchr2(b'"', b'\\', &chunk[i..]) {
                    None => i = chunk.len(),
                    Some(k) => {
                        i += k + 1;
                        if chunk[i - 1] == b'\\' {
                            self.escaped = true;
                        } else {
                            self.in_string = false;
                            if !in_array && self.depth == 0 {
                                return (i, Some(Stop::End));
                            }
                        }
                    }
                }
                continue;
            }
            let b = chunk[i];
            match b {
                b'"' => {
                    self.in_string = true;
                    self.seen = true;
                }
                b'{' | b'[' => {
                    self.depth += 1;
                    self.seen = true;
                }
                b'}' | b']' if self.depth > 0 => {
                    self.depth -= 1;
                    if !in_array && self.depth == 0 {
                        return (i + 1, Some(Stop::End));
                    }
                }
                b']' if in_array => return (i, Some(Stop::Close)),
                b',' if in_array && self.depth == 0 => return (i, Some(Stop::Comma)),
                _ if b.is_ascii_whitespace() => {
                    if !in_array && self.depth == 0 && self.seen {
                        return (i, Some(Stop::End));
                    }
                }
                // A stray closing bracket at the top level is a value of its own (a malformed one), so
                // the reader always moves on.
                b'}' | b']' if !in_array => {
                    self.seen = true;
                    return (i + 1, Some(Stop::End));
                }
                _ => self.seen = true,
            }
            i += 1;
        }
        (i, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(data: &[u8], cap: usize, buffer: usize) -> Vec<Piece> {
        let reader = Box::new(io::BufReader::with_capacity(buffer, data));
        let mut r = ArrayReader::new(reader, cap);
        let mut out = Vec::new();
        while let Ok(Some(piece)) = r.next_piece() {
            out.push(piece);
        }
        out
    }

    fn record(number: u64, bytes: &str) -> Piece {
        Piece::Record {
            number,
            bytes: bytes.as_bytes().to_vec(),
        }
    }

    #[test]
    fn records_of_a_json_file() {
        let cases: Vec<(&str, Vec<Piece>)> = vec![
            (
                r#"[{"id":1,"text":"a, [b] {c}"}, {"t":"q\"],"}]"#,
                vec![
                    record(1, r#"{"id":1,"text":"a, [b] {c}"}"#),
                    record(2, r#" {"t":"q\"],"}"#),
                ],
            ),
            ("[]", vec![]),
            ("  \n", vec![]),
            ("[1,,2,]", vec![record(1, "1"), record(2, "2")]),
            (r#"{"a":[1]}"#, vec![record(1, r#"{"a":[1]}"#)]),
            // Objects one after another (JSON Lines under a `.json` name), arrays one after another.
            (
                "{\"a\":1}\n{\"b\":\"x\\\\\"}\n",
                vec![record(1, r#"{"a":1}"#), record(2, r#"{"b":"x\\"}"#)],
            ),
            ("[1] [2]", vec![record(1, "1"), record(2, "2")]),
            // What follows the array is read as values too, and rejected later when it is not JSON.
            ("[1] junk", vec![record(1, "1"), record(2, "junk")]),
            ("[1]]", vec![record(1, "1"), record(2, "]")]),
            // Cut short: inside a record, or between records before the `]`.
            (
                r#"[{"id":1,"text":"a"},{"id":2,"te"#,
                vec![record(1, r#"{"id":1,"text":"a"}"#), Piece::Cut { number: 2, bytes: 11 }],
            ),
            (
                r#"[{"id":1,"text":"a"}"#,
                vec![record(1, r#"{"id":1,"text":"a"}"#), Piece::Unclosed { after: 1 }],
            ),
            (
                r#"[{"id":1},"#,
                vec![record(1, r#"{"id":1}"#), Piece::Unclosed { after: 1 }],
            ),
            ("[", vec![Piece::Unclosed { after: 0 }]),
            (r#"{"text": "a"#, vec![Piece::Cut { number: 1, bytes: 11 }]),
        ];
        for (data, want) in cases {
            // A small buffer splits strings, escapes and brackets across reads.
            for buffer in [1, 3, 1 << 16] {
                assert_eq!(pieces(data.as_bytes(), 1000, buffer), want, "{data:?}, buffer {buffer}");
            }
        }
    }

    #[test]
    fn a_record_over_the_cap_is_skipped_not_held() {
        let data = format!(r#"[{{"text":"{}"}},{{"text":"b"}}]"#, "a".repeat(100));
        assert_eq!(
            pieces(data.as_bytes(), 50, 16),
            [Piece::TooLarge { number: 1, bytes: 111 }, record(2, r#"{"text":"b"}"#)]
        );
    }
}
