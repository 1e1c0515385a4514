//! Split stage: a page's text in, its lines out as trimmed spans into the original (no text is copied).
//!
//! Scraped pages put one paragraph on a line; blank lines are layout, not content, so they are kept as
//! lines with an empty span and skipped by the detectors.

use crate::document::{Line, Span};

/// Characters trimmed from both ends of a line: Unicode whitespace and the byte-order mark.
fn is_trim(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Every line of `text`, numbered from 1, spans trimmed. Lines end as any writer ends them: `\n`, `\r\n`,
/// a lone `\r` (old Mac files), U+2028 or U+2029 (text cut from web pages and JSON); a break at the very
/// end starts no more line.
pub fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::with_capacity(text.len() / 64 + 1);
    out.extend(spans(text).enumerate().map(|(k, span)| Line {
        number: k + 1,
        span: trim(text, span),
    }));
    out
}

/// Each line of `text` as written, without its break (the lines [`lines`] numbers, untrimmed).
pub fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    spans(text).map(|span| span.of(text))
}

/// Each line's span in `text`, its break left out.
fn spans(text: &str) -> impl Iterator<Item = Span> + '_ {
    let bytes = text.as_bytes();
    let mut start = Some(0);
    std::iter::from_fn(move || {
        let from = start?;
        let brk = next_break(bytes, from);
        start = brk.map(|(at, len)| at + len).filter(|&next| next < text.len());
        Some(Span::new(from, brk.map_or(text.len(), |(at, _)| at)))
    })
}

/// The first line break at or after `from`: where it starts and its length in bytes.
fn next_break(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut at = from;
    while let Some(i) = memchr::memchr3(b'\n', b'\r', 0xE2, &bytes[at..]) {
        let i = at + i;
        match bytes[i] {
            b'\n' => return Some((i, 1)),
            b'\r' => return Some((i, if bytes.get(i + 1) == Some(&b'\n') { 2 } else { 1 })),
            // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; other characters share their lead byte.
            _ if bytes.get(i + 1) == Some(&0x80) && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) => {
                return Some((i, 3))
            }
            _ => at = i + 1,
        }
    }
    None
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
            // Old Mac files, and the Unicode line and paragraph separators.
            ("a\rb\r\rc\r", &[(1, "a"), (2, "b"), (3, ""), (4, "c")]),
            ("a\u{2028}b\u{2029}\u{2029}c", &[(1, "a"), (2, "b"), (3, ""), (4, "c")]),
            // Characters that share the separators' first byte are text.
            ("“a” – b…", &[(1, "“a” – b…")]),
        ];
        for (input, want) in cases {
            assert_eq!(&texts(input), want, "input {input:?}");
            let raw: Vec<&str> = raw_lines(input).collect();
            assert_eq!(raw.len(), want.len(), "input {input:?}");
        }
    }
}
