//! Header detector: the scraper's first line ` date YYYY-MM-DD URL` in, its date and url spans out.

use super::Page;
use crate::document::Span;

pub struct Header {
    pub line: usize,
    pub date: Span,
    pub url: Option<Span>,
}

/// Recognize line `i` (the page's first content line) as a header: the word `date`, an ISO date (a time
/// may follow it, as `2025-10-08T12:00:00Z`), then optionally one URL, and nothing else.
pub fn detect(page: &Page, i: usize) -> Option<Header> {
    let line = page.line(i);
    let base = page.lines[i].span.start;
    let mut tokens = tokens(line);
    let (_, word) = tokens.next()?;
    if !word.eq_ignore_ascii_case("date") && !word.eq_ignore_ascii_case("date:") {
        return None;
    }
    let (date_at, date) = tokens.next()?;
    if !is_iso_date(date) {
        return None;
    }
    let url = match tokens.next() {
        None => None,
        Some((at, url)) if is_url(url) => Some(Span::new(base + at, base + at + url.len())),
        Some(_) => return None,
    };
    if tokens.next().is_some() {
        return None;
    }
    Some(Header {
        line: i,
        date: Span::new(base + date_at, base + date_at + date.len()),
        url,
    })
}

/// Whitespace-separated tokens with their byte offsets.
fn tokens(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split(char::is_whitespace)
        .filter(|t| !t.is_empty())
        .map(move |t| (t.as_ptr() as usize - s.as_ptr() as usize, t))
}

fn is_iso_date(t: &str) -> bool {
    let b = t.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
        && (b.len() == 10 || b[10] == b'T' || b[10] == b' ')
}

fn is_url(t: &str) -> bool {
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split;

    fn header(line: &str) -> Option<(String, Option<String>)> {
        let lines = split::lines(line);
        let page = Page::new(line, &lines);
        let i = page.next_content(0)?;
        detect(&page, i).map(|h| (h.date.of(line).to_string(), h.url.map(|u| u.of(line).to_string())))
    }

    #[test]
    fn header_lines() {
        let some = |d: &str, u: Option<&str>| Some((d.to_string(), u.map(str::to_string)));
        let cases = [
            (
                " date 2025-10-08 https://sarabic.ae/20251008/x",
                some("2025-10-08", Some("https://sarabic.ae/20251008/x")),
            ),
            (
                "date 2015-07-26 http://www.okaz.com.sa/a.htm",
                some("2015-07-26", Some("http://www.okaz.com.sa/a.htm")),
            ),
            ("   date 2015-07-26", some("2015-07-26", None)),
            (
                "Date: 2015-07-26T10:00:00Z https://x.y/z",
                some("2015-07-26T10:00:00Z", Some("https://x.y/z")),
            ),
            ("date 2015-07 https://x.y", None),
            ("date of the meeting was 2015-07-26", None),
            ("date 2015-07-26 https://x.y and more words", None),
            ("updated 2015-07-26 https://x.y", None),
            ("بيلاؤوسوف: الوضع الحالي", None),
        ];
        for (line, want) in cases {
            assert_eq!(header(line), want, "{line:?}");
        }
    }
}
