//! Split stage: a page's text in, its lines out as trimmed spans into the original (no text is copied).
//!
//! Scraped pages put one paragraph on a line; blank lines are layout, not content, so they are kept as
//! lines with an empty span and skipped by the detectors.

use crate::document::{Line, Span};

/// Characters trimmed from both ends of a line: Unicode whitespace and the byte-order mark.
fn is_trim(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Every line of `text` (split on `\n`, a trailing `\r` dropped), numbered from 1, spans trimmed.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::with_capacity(text.len() / 64 + 1);
    let mut start = 0;
    let mut number = 1;
    let bytes = text.as_bytes();
    loop {
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(text.len(), |i| start + i);
        out.push(Line {
            number,
            span: trim(text, Span::new(start, end)),
        });
        if end == text.len() {
            break;
        }
        start = end + 1;
        number += 1;
    }
    // A final newline does not start one more (empty) line.
    if text.ends_with('\n') {
        out.pop();
    }
    out
}

fn trim(text: &str, span: Span) -> Span {
    let s = span.of(text);
    let left = s.len() - s.trim_start_matches(is_trim).len();
    let right = s.trim_end_matches(is_trim).len();
    if right <= left {
        Span::new(span.start + left, span.start + left)
    } else {
        Span::new(span.start + left, span.start + right)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<(usize, &str)> {
        lines(text).iter().map(|l| (l.number, l.span.of(text))).collect()
    }

    #[test]
    fn splits_and_trims() {
        let cases: &[(&str, &[(usize, &str)])] = &[
            ("", &[(1, "")]),
            ("a", &[(1, "a")]),
            ("a\n", &[(1, "a")]),
            ("  a  \r\n\nb", &[(1, "a"), (2, ""), (3, "b")]),
            ("\u{feff}سلام \u{a0}\n  \t\n", &[(1, "سلام"), (2, "")]),
        ];
        for (input, want) in cases {
            assert_eq!(&texts(input), want, "input {input:?}");
        }
    }
}
