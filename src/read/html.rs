//! HTML pages: a page's bytes in, its article's text out, with the page's title and canonical URL.
//!
//! The bytes are read in the page's character set: a byte-order mark, else UTF-8 when they are valid UTF-8
//! (pages transcoded after the fact keep a stale `<meta charset>`), else the charset the HTTP response
//! declares (a WARC record's), else the one the page declares in a `<meta>` of its first 64 KB, else the one
//! `chardetng` finds.
//!
//! By default ([`Extractor::PageModel`]) the page's visible text, read by a tokenizer with no document tree
//! ([`visible`]), goes to the page model ([`crate::detect::page`]), which finds the article block among the
//! menus, teasers, comments and footers, and they are removed with their reasons as a scraper's page text's
//! are. A page in which it finds no article block goes to the extractor.
//!
//! The extractor ([`Extractor::Readability`], `--html-extractor readability`) is `dom_smoothie` (a port of
//! Mozilla's Readability; chosen over readability 0.3, the trafilatura ports and others for word F1 and
//! speed on pages-multilang — see the README), one paragraph a line; the usual cleaning then runs on it.
//! When it finds no article, or keeps no line long enough to be prose (it took a search form for the
//! article), the page's whole visible text is taken instead if the page model finds an article block in
//! it. A page with no article either way is rejected (`no_article`) with the extractor's reason, never
//! dropped.

use std::sync::Arc;

use hashbrown::HashMap;

use encoding_rs::Encoding;

mod visible;

use super::{decode_as, decode_page, Origin, ReadOptions};
use crate::detect::{page, Prepared};
use crate::document::{Document, RejectReason, Rejected, TextKind};

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
    options: &ReadOptions,
    declared: Option<&'static Encoding>,
) -> Result<Document, Rejected> {
    let id = origin.stem.to_string();
    if memchr::memchr(0, &bytes).is_some() && Encoding::for_bom(&bytes).is_none() {
        return Err(origin.reject(id, RejectReason::Binary, None));
    }
    let raw_bytes = bytes.len();
    let (html, invalid_utf8, encoding) = decode_html(bytes, options.encoding, declared);
    let article = article(&html, options.html_extractor)
        .map_err(|why| origin.reject(id.clone(), RejectReason::NoArticle, Some(why)))?;
    Ok(Document {
        id,
        source: origin.source.to_string(),
        raw_bytes: Some(raw_bytes),
        text: article.text,
        invalid_utf8,
        encoding,
        // The extracted text is the article itself, like a record's text: no line of it is guessed to be the
        // title, and the page's furniture is already gone. The whole page's text is a page's text.
        kind: if article.whole_page {
            TextKind::WholePage
        } else {
            TextKind::Extracted
        },
        url: article.url,
        title: article.title,
        headline: article.headline,
        prepared: article.prepared,
        ..Document::default()
    })
}

/// What is taken from a page.
pub struct Extracted {
    /// The article, one paragraph a line; or the page's whole visible text, one block a line, when the
    /// extractor found no article and the page model finds one in that text (`whole_page`).
    pub text: String,
    pub title: Option<String>,
    /// The canonical link.
    pub url: Option<String>,
    /// On a whole page's text, the headline the page model found, when its words are all the title's.
    pub headline: Option<String>,
    pub whole_page: bool,
    /// On a whole page's text, what the page model computed for its detection.
    pub prepared: Option<Arc<Prepared>>,
}

/// How a page's article is found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Extractor {
    /// `dom_smoothie` (Readability) on the parsed page; the page model on the page's visible text when it
    /// finds no article.
    Readability,
    /// The page model on the page's visible text read by a tokenizer; `dom_smoothie` when the page
    /// model finds no article block (on pages-multilang: about twice as fast as `Readability`, word F1
    /// 0.943 against 0.941).
    #[default]
    PageModel,
}

impl Extractor {
    pub fn as_str(self) -> &'static str {
        match self {
            Extractor::Readability => "readability",
            Extractor::PageModel => "page-model",
        }
    }
}

/// A page's article (its HTML already decoded), or why none was found. The extractor's panics are caught.
pub fn article(html: &str, extractor: Extractor) -> Result<Extracted, String> {
    std::panic::catch_unwind(|| match extractor {
        Extractor::PageModel => page_model(html).map_or_else(|| extract(html), Ok),
        Extractor::Readability => extract(html),
    })
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
    // The page's `<title>` and visible text, read before the extractor reshapes the page: the headline
    // is looked for there.
    let page_title = doc.select_single("title").text().trim().to_string();
    let mut visible = String::new();
    visible_text(&doc.root(), &mut visible);
    let config = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut readability =
        dom_smoothie::Readability::with_document(doc, None, Some(config)).map_err(|e| e.to_string())?;
    let found = readability
        .parse()
        .map_err(|e| format!("no article found ({e})"))
        .and_then(|article| {
            // One paragraph a line: the extractor leaves blank lines and indentation between blocks.
            let mut lines: Vec<&str> = article
                .text_content
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let mut title = Some(article.title.trim().to_string()).filter(|t| !t.is_empty());
            // The `<title>`, else the extractor's (it may have cut a long site name off: «SunLive - Coin
            // swallow hospitalises boy - The Bay's News First» over «Coin swallow hospitalises boy»).
            let visible = Visible::new(&visible);
            let headline = headline_of(&page_title, &visible, &lines)
                .or_else(|| title.as_deref().and_then(|t| headline_of(t, &visible, &lines)));
            if let Some(headline) = headline {
                if headline.kept.is_none() {
                    lines.insert(headline.at, headline.line);
                }
                // The `<title>` less the site's name: the headline is the better title.
                if headline.within_title {
                    title = Some(headline.line.to_string());
                }
            }
            let text = lines.join("\n");
            if text.is_empty() {
                return Err("no article found (the extracted text is empty)".to_string());
            }
            if !text.lines().any(is_prose) {
                return Err("no article found (the extracted text has no line of prose)".to_string());
            }
            Ok(Extracted {
                text,
                title,
                url: url.clone(),
                headline: None,
                whole_page: false,
                prepared: None,
            })
        });
    // When the extractor finds nothing (or takes a search form for the article), the page's whole text
    // still gives the article if the page model finds one there, as on a scraper's page text.
    found.or_else(|why| whole_page(&stripped, url).ok_or(why))
}

/// An HTML page's headline, found in its visible text, and its place in the extracted article.
struct Headline<'v> {
    line: &'v str,
    /// Where it stands among the article's lines: under those the page shows above it (a teaser, a
    /// breadcrumb, a kicker the extractor kept).
    at: usize,
    /// Which of the article's first lines is the headline (it starts with the line found, or repeats most of
    /// the `<title>`'s words), when the extractor kept one.
    kept: Option<usize>,
    /// Its words are all the `<title>`'s: the title is the headline and the site's name.
    within_title: bool,
}

/// The page's headline: the visible line under the `<title>` that repeats most of its words with the
/// fewest others ([`page::best_headline`]), standing above the article's end (its last prose). The
/// extractor mostly drops it as the title it takes apart; a reader, and the gold of pages-multilang, read
/// it as the article's first line. What the extractor kept above it on the page is furniture that the
/// cleaning removes as such.
fn headline_of<'v>(title: &str, visible: &Visible<'v>, article: &[&str]) -> Option<Headline<'v>> {
    // Lines down to the article's last prose (all of them when it is not found as one line): a teaser the
    // extractor kept may stand above the headline, and be the article's longest line.
    let body = article
        .iter()
        .rev()
        .find(|l| is_prose(l))
        .and_then(|l| visible.position(l));
    let end = body.unwrap_or(visible.lines.len());
    let start = end.saturating_sub(HEADLINE_SEARCH);
    // A headline has at most about twice the title's words ([`page::best_headline`]): lines far longer in
    // bytes need no normalizing.
    let longest = 2 * title.len() + 64;
    let candidates: Vec<usize> = (start..end).filter(|&v| visible.lines[v].len() <= longest).collect();
    let mut text = title.replace('\n', " ");
    for &v in &candidates {
        text.push('\n');
        text.push_str(visible.lines[v]);
    }
    let lines = crate::split::lines(&text);
    let view = crate::detect::Page::new(&text, &lines);
    let found = page::best_headline(&view, 0)?;
    let key = view.key(found);
    let headline_at = candidates[found - 1];
    // A page whose `<title>` is its site's name matches the site's address: no headline.
    let line = visible.lines[headline_at];
    if line.is_ascii() && line.contains('.') && !line.contains(char::is_whitespace) {
        return None;
    }
    // Over the article's second line of prose (a lead may stand above the headline): a copy under the
    // article is a link in a list of the site's articles.
    let is_headline = |line: &str| {
        let line = crate::normalize::key(line);
        line.starts_with(key) || page::is_headline_of(view.key(0), &line)
    };
    let mut prose = 0;
    let kept = article.iter().take(page::HEADLINE_REACH).position(|&line| {
        if is_headline(line) {
            return true;
        }
        prose += usize::from(is_prose(line));
        false
    });
    let kept = kept.filter(|_| prose < 2);
    // The article's first lines that the page shows above the headline, while some prose stays under it.
    let over = article
        .iter()
        .take_while(|&&line| visible.position(line).is_some_and(|v| v < headline_at))
        .count();
    let at = match kept {
        Some(k) => k,
        None if article[over..].iter().any(|l| is_prose(l)) => over,
        None => 0,
    };
    Some(Headline {
        line,
        at,
        kept,
        within_title: page::within_title(view.key(0), key),
    })
}

/// A page's visible lines (trimmed, blank ones left out), and where each first stands.
struct Visible<'v> {
    lines: Vec<&'v str>,
    first: HashMap<&'v str, usize>,
}

impl<'v> Visible<'v> {
    fn new(text: &'v str) -> Visible<'v> {
        let lines: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let mut first = HashMap::with_capacity(lines.len());
        for (v, &line) in lines.iter().enumerate() {
            first.entry(line).or_insert(v);
        }
        Visible { lines, first }
    }

    fn position(&self, line: &str) -> Option<usize> {
        self.first.get(line).copied()
    }
}

/// How many visible lines above the article are searched for its headline.
const HEADLINE_SEARCH: usize = 400;

/// Whether a line is long enough to be prose: [`page::PROSE_WORDS`] words, CJK characters counting half.
fn is_prose(line: &str) -> bool {
    let (words, cjk) = crate::detect::words_and_cjk(&crate::normalize::key(line));
    words as f64 + cjk as f64 / 2.0 >= page::PROSE_WORDS
}

/// The page's whole visible text, one block a line under its `<title>`, when the page model finds an
/// article block in it.
fn whole_page(html: &str, url: Option<String>) -> Option<Extracted> {
    let doc = dom_query::Document::from(html);
    let title = doc.select("title").text().trim().to_string();
    let mut text = String::new();
    visible_text(&doc.root(), &mut text);
    with_article(title, &text, url)
}

/// The page's visible text read by a tokenizer ([`visible`]), one block a line under its `<title>`, when
/// the page model finds an article block in it.
fn page_model(html: &str) -> Option<Extracted> {
    let page = visible::visible(html);
    with_article(page.title, &page.text, page.canonical)
}

/// A page's whole text — its title, then its visible text's lines trimmed, blank ones left out — when the
/// page model finds an article block in it.
fn with_article(title: String, visible: &str, url: Option<String>) -> Option<Extracted> {
    let mut text = title.clone();
    for line in visible.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(line);
    }
    let lines = crate::split::lines(&text);
    let view = crate::detect::Page::new(&text, &lines);
    let facts = page::Facts::read(&view, page::Gate::WholePage)?;
    let article = facts.article(&view, &vec![None; view.len()])?;
    // The headline names the record when it is the title less the site's name.
    let headline = article
        .headline
        .filter(|&h| page::within_title(view.key(0), view.key(h)))
        .map(|h| view.line(h).to_string());
    // The page's keys and facts go on to its detection, which would make them again.
    let prepared = Prepared::new(&text, view, facts);
    Some(Extracted {
        text,
        title: Some(title).filter(|t| !t.is_empty()),
        url,
        headline,
        whole_page: true,
        prepared: Some(Arc::new(prepared)),
    })
}

/// Elements that start a new line of a page's visible text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "legend",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "td",
    "th",
    "tr",
    "ul",
];
/// [`UNSEEN`] and [`BLOCKS`] as the parser's interned names, compared as numbers, not as text: the walk
/// over a page's tree meets every element.
static ATOMS: std::sync::LazyLock<(Vec<dom_query::LocalName>, Vec<dom_query::LocalName>)> =
    std::sync::LazyLock::new(|| {
        let atoms = |names: &[&str]| names.iter().map(|&n| dom_query::LocalName::from(n)).collect();
        (atoms(UNSEEN), atoms(BLOCKS))
    });

/// Elements whose text no reader sees.
const UNSEEN: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "select", "textarea", "iframe",
];

/// Append the visible text of `node`'s subtree to `out`, a line break at each block element. A stack,
/// not recursion: a page may nest elements thousands deep.
fn visible_text(node: &dom_query::NodeRef, out: &mut String) {
    use dom_query::NodeData;
    let mut stack = vec![(*node, false)];
    while let Some((node, done)) = stack.pop() {
        // The node read in place, not copied: a text's words go out; an element's name (the parser gives
        // HTML names in lower case) says whether it is seen and starts a line. The document and other
        // nodes are looked into.
        let (seen, block) = node.query_or((true, false), |n| match &n.data {
            NodeData::Text { contents } => {
                out.push_str(contents);
                (false, false)
            }
            NodeData::Element(e) => {
                let (unseen, blocks) = &*ATOMS;
                (!unseen.contains(&e.name.local), blocks.contains(&e.name.local))
            }
            _ => (true, false),
        });
        if !seen {
            continue;
        }
        if done {
            if block {
                out.push('\n');
            }
            continue;
        }
        if block {
            out.push('\n');
        }
        stack.push((node, true));
        for child in node.children().into_iter().rev() {
            stack.push((child, false));
        }
    }
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

    const PROSE: &str =
        "The council said on Monday that the new bridge would open to traffic in the spring, after two \
                         years of work on its foundations.";

    #[test]
    fn the_headline_the_extractor_drops_heads_the_article_and_names_it() {
        // A breadcrumb ending with the headline stands above it; a date line the extractor keeps stands
        // between the headline and the prose.
        let page = |article: &str| {
            format!(
                "<html><head><title>Bridge to open in spring - The Gazette</title></head><body>\
                 <div>Home &gt; News &gt; Bridge to open in spring</div><h1>Bridge to open in spring</h1>\
                 <article>{article}<p>14 March 2012</p><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></article>\
                 </body></html>"
            )
        };
        let a = article(&page(""), Extractor::Readability).expect("an article");
        assert!(!a.whole_page);
        assert!(a.text.starts_with("Bridge to open in spring\n"), "{}", a.text);
        assert_eq!(a.text.lines().filter(|l| l.contains("Bridge")).count(), 1, "{}", a.text);
        // The `<title>` less the site's name.
        assert_eq!(a.title.as_deref(), Some("Bridge to open in spring"));
        // An article that keeps a headline of its own gets no second one.
        let own =
            article(&page("<h2>The bridge opens in the spring</h2>"), Extractor::Readability).expect("an article");
        assert!(!own.text.contains("Bridge to open"), "{}", own.text);
    }

    /// A list of links, one item each.
    fn links(items: &[&str]) -> String {
        items
            .iter()
            .map(|m| format!("<li><a href=\"/{m}\">{m}</a></li>"))
            .collect()
    }

    /// A site's menu of sections.
    fn menu() -> String {
        links(&[
            "Home", "News", "Sport", "Business", "Culture", "Weather", "Jobs", "Motors",
        ])
    }

    #[test]
    fn detection_takes_the_keys_and_facts_the_page_model_made_when_it_read_the_page() {
        let menu = menu();
        let html = format!(
            "<html><head><title>Bridge to open in spring - The Gazette</title></head><body><ul>{menu}</ul>\
             <h1>Bridge to open in spring</h1><p>By Jane Smith</p><p>{PROSE}</p><p>{PROSE} Again.</p>\
             <p>{PROSE} Once more.</p><ul>{menu}</ul><p>Copyright 2012 The Gazette</p></body></html>"
        );
        let a = article(&html, Extractor::PageModel).expect("an article");
        assert!(a.whole_page && a.prepared.is_some());
        let doc = |text: String, prepared: Option<Arc<Prepared>>| Document {
            id: "p".into(),
            text,
            kind: TextKind::WholePage,
            title: a.title.clone(),
            prepared,
            ..Document::default()
        };
        let options = crate::config::CleanOptions::default();
        let fresh = crate::clean::decide(&doc(a.text.clone(), None), &options).1;
        let taken = crate::clean::decide(&doc(a.text.clone(), a.prepared.clone()), &options).1;
        assert!(
            fresh
                .labels
                .iter()
                .any(|l| *l == Some(crate::document::Reason::Navigation)),
            "{:?}",
            fresh.labels
        );
        assert_eq!(taken.labels, fresh.labels);
        assert_eq!(taken.evidence, fresh.evidence);
        assert_eq!(taken.keys.hashes, fresh.keys.hashes);
        // Facts of another text are not taken: a changed text is read afresh.
        let changed = a.text.replacen("Home", "Start", 1);
        let fresh = crate::clean::decide(&doc(changed.clone(), None), &options).1;
        let stale = crate::clean::decide(&doc(changed, a.prepared.clone()), &options).1;
        assert_eq!(stale.labels, fresh.labels);
        assert_eq!(stale.keys.hashes, fresh.keys.hashes);
    }

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

    #[test]
    fn a_page_whose_article_the_extractor_misses_gives_its_whole_text_to_the_page_model() {
        // What is left when the extractor takes a job-search form for the article (a real page of the dev
        // set): the form's lines are no prose, so the page's whole text goes to the page model.
        assert!(![
            "Jobs",
            "Search for a job",
            "Keywords:",
            "Make Model Price from Price to"
        ]
        .iter()
        .any(|l| is_prose(l)));
        assert!(is_prose(
            "HEALTH experts are meeting South Tyneside shoppers as part of a drive"
        ));
        assert!(
            is_prose("国家统计局今天发布的数据显示，全国居民消费价格"),
            "CJK characters count half a word"
        );
        let prose = "The council said on Monday that the new bridge would open to traffic in the spring, after two years of work on its foundations.";
        let menu = menu();
        let footer = links(&[
            "About",
            "Privacy",
            "Terms",
            "Careers",
            "Advertise",
            "Contact",
            "Archive",
        ]);
        let html = format!(
            "<html><head><title>New bridge to open in spring</title><style>p {{}}</style></head><body><ul>{menu}</ul>\
             <div><h1>New bridge to open in spring</h1><p>{prose}</p><p>{prose}<br>{prose}</p>\
             <p>{prose}</p></div><form><h3>Jobs</h3><p>Search for a <b>job</b></p><p>Keywords:</p>\
             <input name=q></form><ul>{footer}</ul><script>x()</script></body></html>"
        );
        let a = whole_page(&html, None).expect("the page model finds the article");
        assert_eq!(a.title.as_deref(), Some("New bridge to open in spring"));
        let lines: Vec<&str> = a.text.lines().collect();
        assert_eq!(
            lines[..2],
            ["New bridge to open in spring", "Home"],
            "the title first, a block a line"
        );
        assert_eq!(lines.iter().filter(|l| **l == prose).count(), 4, "{}", a.text);
        assert!(
            lines.contains(&"Search for a job") && lines.contains(&"Privacy"),
            "the page model, not the reader, takes the furniture out"
        );
        assert!(!a.text.contains("x()") && !a.text.contains("p {}"));
        // A page with no article anywhere is still no article.
        let empty = format!("<html><head><title>Jobs</title></head><body><ul>{menu}</ul><form><p>Search for a job</p></form></body></html>");
        assert!(whole_page(&empty, None).is_none());
        assert!(article(&empty, Extractor::Readability).is_err());
        assert!(article(&empty, Extractor::PageModel).is_err());

        // `--html-extractor page-model`: the tokenizer's visible text is the parsed page's, and goes to
        // the page model first, canonical link and all.
        let linked = html.replace(
            "<style>",
            r#"<link rel="canonical" href="https://gazette.example/bridge"><style>"#,
        );
        let fast = article(&linked, Extractor::PageModel).expect("the page model finds the article");
        assert!(fast.whole_page);
        assert_eq!(fast.text, a.text, "the same text as from the parsed page");
        assert_eq!(fast.title, a.title);
        assert_eq!(fast.url.as_deref(), Some("https://gazette.example/bridge"));
        assert_eq!(fast.headline.as_deref(), Some("New bridge to open in spring"));
        // Under a `<title>` that adds the site's name, the headline names the record.
        let named = linked.replace(
            "<title>New bridge to open in spring<",
            "<title>New bridge to open in spring | The Gazette<",
        );
        let fast = article(&named, Extractor::PageModel).expect("the page model finds the article");
        assert_eq!(
            fast.title.as_deref(),
            Some("New bridge to open in spring | The Gazette")
        );
        assert_eq!(fast.headline.as_deref(), Some("New bridge to open in spring"));
        // A page without menus is no whole page to the page model: the extractor reads it.
        let plain = format!(
            "<html><head><title>New bridge</title></head><body><article><h1>New bridge</h1><p>{prose}</p>\
             <p>{prose}</p></article></body></html>"
        );
        let read = article(&plain, Extractor::PageModel).expect("the extractor finds the article");
        assert!(!read.whole_page);
        // The headline the extractor dropped heads the article again.
        assert_eq!(read.text, format!("New bridge\n{prose}\n{prose}"));
    }
}
