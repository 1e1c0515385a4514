//! HTML pages: a page's bytes in, its article's text out, with the page's title and canonical URL.
//!
//! The bytes are read in the page's character set: a byte-order mark, else UTF-8 when they are valid UTF-8
//! (pages transcoded after the fact keep a stale `<meta charset>`), else the charset the HTTP response
//! declares (a WARC record's), else the one the page declares in a `<meta>` of its first 64 KB, else the one
//! `chardetng` finds. The article is extracted by `dom_smoothie`
//! (a port of Mozilla's Readability; chosen over readability 0.3, the trafilatura ports and others for word
//! F1 and speed on pages-multilang — see the README), one paragraph a line; the usual cleaning then runs
//! on it. A page with no article is rejected (`no_article`) with the extractor's reason, never dropped.

use encoding_rs::Encoding;

use super::{decode_as, decode_page, Origin};
use crate::document::{Document, RejectReason, Rejected};

/// How far into a page its `<meta>` charset declaration is looked for (pages declare it after long
/// `<script>` and `<link>` blocks, past the 1,024 bytes the HTML standard's prescan reads).
const PRESCAN: usize = 64 * 1024;

/// Whether the first bytes of a file are an HTML page's (`<!doctype html`, `<html`, after whitespace).
pub fn looks_like_html(head: &[u8]) -> bool {
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..];
    let starts = |tag: &[u8]| head.len() >= tag.len() && head[..tag.len()].eq_ignore_ascii_case(tag);
    starts(b"<!doctype html") || starts(b"<html")
}

/// An HTML page's document: its article's text, title and canonical URL; or why it has none. `declared` is
/// the charset an HTTP response declares: it comes before the page's own `<meta>`.
pub fn html_doc(
    bytes: Vec<u8>,
    origin: &Origin,
    forced: Option<&'static Encoding>,
    declared: Option<&'static Encoding>,
) -> Result<Document, Rejected> {
    let id = origin.stem.to_string();
    if memchr::memchr(0, &bytes).is_some() && Encoding::for_bom(&bytes).is_none() {
        return Err(origin.reject(id, RejectReason::Binary, None));
    }
    let raw_bytes = bytes.len();
    let (html, invalid_utf8, encoding) = decode_html(bytes, forced, declared);
    let article = article(&html).map_err(|why| origin.reject(id.clone(), RejectReason::NoArticle, Some(why)))?;
    Ok(Document {
        id,
        source: origin.source.to_string(),
        raw_bytes: Some(raw_bytes),
        text: article.text,
        invalid_utf8,
        encoding,
        // The extracted text is the article itself, like a record's text: no line of it is guessed to be the
        // title, and the page's furniture is already gone.
        from_record: true,
        extracted: true,
        url: article.url,
        title: article.title,
        ..Document::default()
    })
}

/// What is taken from a page.
pub struct Extracted {
    /// The article, one paragraph a line.
    pub text: String,
    pub title: Option<String>,
    /// The canonical link.
    pub url: Option<String>,
}

/// A page's article (its HTML already decoded), or why none was found. The extractor's panics are caught.
pub fn article(html: &str) -> Result<Extracted, String> {
    std::panic::catch_unwind(|| extract(html))
        .unwrap_or_else(|_| Err("the HTML extractor failed on this page".to_string()))
}

fn extract(html: &str) -> Result<Extracted, String> {
    let stripped = without_inert(html);
    let doc = dom_query::Document::from(stripped.as_str());
    // The canonical link, read before the extractor reshapes the page.
    let url = doc
        .select("link[rel=\"canonical\"]")
        .attr("href")
        .map(|h| h.trim().to_string())
        .filter(|h| h.starts_with("http://") || h.starts_with("https://"));
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut readability =
        dom_smoothie::Readability::with_document(doc, None, Some(config)).map_err(|e| e.to_string())?;
    let article = readability.parse().map_err(|e| format!("no article found ({e})"))?;
    // One paragraph a line: the extractor leaves blank lines and indentation between blocks.
    let text: String = article
        .text_content
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    if text.is_empty() {
        return Err("no article found (the extracted text is empty)".to_string());
    }
    let title = Some(article.title.trim().to_string()).filter(|t| !t.is_empty());
    Ok(Extracted { text, title, url })
}

/// The page without what no reader sees and no extractor reads: comments, `<style>` sheets and
/// `<script>` code (a JSON-LD `<script>` stays: it may name the title). They are a third of the bytes of
/// pages-multilang's pages, which the HTML parser then need not build into the tree.
fn without_inert(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let (mut copied, mut at) = (0, 0);
    while let Some(found) = memchr::memchr(b'<', &bytes[at..]) {
        let start = at + found;
        let rest = &bytes[start..];
        let end = if rest.starts_with(b"<!--") {
            Some(memchr::memmem::find(&rest[4..], b"-->").map_or(bytes.len(), |e| start + 4 + e + 3))
        } else if let Some(name) = [&b"script"[..], b"style"].into_iter().find(|n| opens(&rest[1..], n)) {
            let open_end = memchr::memchr(b'>', rest).map_or(rest.len(), |e| e + 1);
            let json_ld = name == b"script" && find_ignore_case(&rest[..open_end], b"ld+json").is_some();
            (!json_ld).then(|| closing(bytes, start + open_end, name))
        } else {
            None
        };
        match end {
            Some(end) => {
                out.push_str(&html[copied..start]);
                (copied, at) = (end, end);
            }
            None => at = start + 1,
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// Whether `rest` (what follows a `<` or a `</`) names the element `name`: the name, then whitespace,
/// `>` or `/`.
fn opens(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(rest[name.len()], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/')
}

/// The byte after the `</name ...>` that ends the raw text begun at `from`, or the page's end when none
/// does (as a browser reads an unclosed `<script>`). A script's text is read as the HTML standard reads
/// it: after a `<!--` in it, a `<script>` (an old page's `document.write("<script>…</script>")`) opens a
/// part whose `</script>` does not end the script, until its `-->`.
fn closing(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    #[derive(PartialEq)]
    enum State {
        Data,
        Escaped,
        DoubleEscaped,
    }
    let script = name == b"script";
    let mut state = State::Data;
    let mut at = from;
    while let Some(found) = memchr::memchr2(b'<', b'-', &bytes[at..]) {
        let start = at + found;
        let rest = &bytes[start..];
        at = start + 1;
        if rest.starts_with(b"</") && opens(&rest[2..], name) {
            if state != State::DoubleEscaped {
                return memchr::memchr(b'>', rest).map_or(bytes.len(), |e| start + e + 1);
            }
            state = State::Escaped;
        } else if !script {
        } else if rest.starts_with(b"<!--") {
            if state == State::Data {
                state = State::Escaped;
            }
            at = start + 4;
        } else if rest.starts_with(b"-->") {
            state = State::Data;
            at = start + 3;
        } else if state == State::Escaped && rest.starts_with(b"<") && opens(&rest[1..], name) {
            state = State::DoubleEscaped;
        }
    }
    bytes.len()
}

/// The page's text, in its character set: the text, the invalid sequences replaced, the encoding's name
/// when not UTF-8.
fn decode_html(
    bytes: Vec<u8>,
    forced: Option<&'static Encoding>,
    declared: Option<&'static Encoding>,
) -> (String, usize, Option<&'static str>) {
    if forced.is_some() || Encoding::for_bom(&bytes).is_some() || simdutf8::basic::from_utf8(&bytes).is_ok() {
        return decode_as(bytes, forced);
    }
    match declared
        .or_else(|| declared_charset(&bytes))
        .filter(|e| *e != encoding_rs::UTF_8)
    {
        Some(declared) => decode_as(bytes, Some(declared)),
        None => decode_page(bytes),
    }
}

/// The charset a page declares in a `<meta charset=…>` or `<meta http-equiv="content-type"
/// content="…; charset=…">` among its first [`PRESCAN`] bytes, when `encoding_rs` knows its label.
fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let mut at = 0;
    while let Some(found) = find_ignore_case(&head[at..], b"<meta") {
        let start = at + found + 5;
        let end = memchr::memchr(b'>', &head[start..]).map_or(head.len(), |e| start + e);
        let tag = &head[start..end];
        at = end;
        let Some(c) = find_ignore_case(tag, b"charset") else {
            continue;
        };
        let rest = &tag[c + 7..];
        let rest = rest.trim_ascii_start();
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
        let rest = rest.trim_ascii_start();
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let label_end = rest
            .iter()
            .position(|b| matches!(b, b'"' | b'\'' | b';' | b'/' | b' ' | b'\t' | b'\r' | b'\n'))
            .unwrap_or(rest.len());
        if let Some(encoding) = Encoding::for_label(&rest[..label_end]) {
            return Some(encoding);
        }
    }
    None
}

fn find_ignore_case(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_charset_is_honoured_and_valid_utf8_wins_over_a_stale_one() {
        let (cp1251, _, _) = encoding_rs::WINDOWS_1251
            .encode("<html><head><meta charset=\"windows-1251\"></head><body>Привет</body></html>");
        let (text, invalid, name) = decode_html(cp1251.into_owned(), None, None);
        assert!(text.contains("Привет") && invalid == 0, "{text}");
        assert_eq!(name, Some("windows-1251"));
        let http_equiv =
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-7\">\xc1\xe8\xde\xed\xe1";
        assert!(decode_html(http_equiv.to_vec(), None, None).0.ends_with("Αθήνα"));
        // Declared windows-1251, but the bytes are UTF-8: read as UTF-8.
        let stale = "<meta charset=windows-1251><p>Привет</p>".as_bytes().to_vec();
        assert_eq!(
            decode_html(stale, None, None),
            ("<meta charset=windows-1251><p>Привет</p>".to_string(), 0, None)
        );
    }

    #[test]
    fn html_is_told_by_its_first_bytes() {
        assert!(looks_like_html(b"  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<HTML lang=en>"));
        assert!(!looks_like_html(b"plain <html> text"));
    }

    #[test]
    fn scripts_styles_and_comments_go_before_the_parse() {
        let page = concat!(
            "<html><head><style>p { x: '<p>' }</style><SCRIPT type=x>if (a < b) document.write('</p>')</SCRIPT >",
            r#"<script type="application/ld+json">{"headline": "T"}</script></head>"#,
            "<body><!-- <p>hidden</p> --><p>kept <scripts>too</scripts></p><script>unclosed"
        );
        assert_eq!(
            without_inert(page),
            concat!(
                "<html><head>",
                r#"<script type="application/ld+json">{"headline": "T"}</script></head>"#,
                "<body><p>kept <scripts>too</scripts></p>"
            )
        );
        // What is left when nothing is inert, byte for byte; a `<` alone is text.
        assert_eq!(without_inert("a < b <p>c</p> <!-"), "a < b <p>c</p> <!-");
        // A script that writes a script: its `</script>` ends nothing inside `<!--` … `-->`.
        let writes =
            "<script><!--\ndocument.write('<script src=x></script>'); if (a-->b) {}\n//--></script><p>text</p>";
        assert_eq!(without_inert(writes), "<p>text</p>");
        // Without `<!--`, the first `</script>` ends it, as in a browser.
        assert_eq!(
            without_inert("<script>a('</script>'); b</script><p>t</p>"),
            "'); b</script><p>t</p>"
        );
    }
}
