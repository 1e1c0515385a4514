//! Lines of a stream with a cap on their length: a single 1 GB line is skipped and counted, never held.

use std::io::{self, BufRead};

/// One line read by [`read_line_capped`].
#[derive(Debug, PartialEq, Eq)]
pub enum CappedLine {
    /// The line is in the buffer (without its `\n`, nor a `\r` before it).
    Line,
    /// The line was longer than the cap: this many bytes were skipped, and the buffer is empty.
    TooLong(u64),
}

/// Read the next line of `reader` into `buf` (cleared first), holding at most `cap` bytes of it.
/// `Ok(None)` at the end of the stream.
pub fn read_line_capped(reader: &mut dyn BufRead, buf: &mut Vec<u8>, cap: usize) -> io::Result<Option<CappedLine>> {
    buf.clear();
    let mut total: u64 = 0;
    let mut too_long = false;
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            if total == 0 {
                return Ok(None);
            }
            break;
        }
        let (take, done) = match memchr::memchr(b'\n', chunk) {
            Some(i) => (i, true),
            None => (chunk.len(), false),
        };
        total += take as u64;
        if !too_long {
            if buf.len() + take > cap {
                too_long = true;
                buf.clear();
                buf.shrink_to(1 << 16);
            } else {
                buf.extend_from_slice(&chunk[..take]);
            }
        }
        reader.consume(if done { take + 1 } else { take });
        if done {
            total += 1;
            break;
        }
    }
    if too_long {
        return Ok(Some(CappedLine::TooLong(total)));
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(CappedLine::Line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_caps() {
        let data = b"short\r\n0123456789abcdef\n\nlast";
        let mut reader: &[u8] = data;
        let mut buf = Vec::new();
        let mut got = Vec::new();
        while let Some(line) = read_line_capped(&mut reader, &mut buf, 10).unwrap_or(None) {
            got.push((line, String::from_utf8_lossy(&buf).into_owned()));
        }
        assert_eq!(
            got,
            [
                (CappedLine::Line, "short".to_string()),
                (CappedLine::TooLong(17), String::new()),
                (CappedLine::Line, String::new()),
                (CappedLine::Line, "last".to_string()),
            ]
        );
    }
}
