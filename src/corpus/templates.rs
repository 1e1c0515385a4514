//! Site-template detector (corpus stage): a page's furniture-placed lines in, their *shapes* out; once the
//! corpus is counted, the lines whose shape recurs across the pages of their site, where furniture stands.
//!
//! A site's template lines are rarely the same string twice: «عين اليوم – أبها» and «عين اليوم – جدة», a
//! link line «رابط الخبر بصحيفة …: <the page's own title>», a contact line «لمراسلة الكاتب: <email>», an
//! SMS line with each writer's code. Their *shape* is what recurs. A line's shapes, each counted per site
//! (documents of the site that have it, like paragraph keys):
//! - **masked**: digits, emails and links masked (`0`, `@`, `url`), when the line has any;
//! - **title**: the page's own title, where the line quotes it, as `{title}`;
//! - **slot**: a line of two to four parts split by a dash, colon or bar, one part of up to three words
//!   (a city, a desk, a name) as `*`;
//!   On the page's first or last line, a label of two to five words before the first separator, whatever
//!   follows it, is a slot shape too (`<label> | *…`);
//! - **lead**: the first word of the page's first or last line (a tag line «سمات …», a slider's «Next …»).
//!
//! Only lines where furniture stands are shaped and judged: above the first body paragraph or below the
//! last one (a body paragraph has [`BODY_WORDS`] words or more and is not a copy of the title). A subheading
//! inside the article introduces the paragraph after it, so it is never judged here.
//!
//! The site is the URL's host, else a record's `source`/`site`/`domain` field, else the input's folder.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::detect::{Decisions, Keys};
use crate::document::{Document, Line, Reason};
use crate::normalize;

/// A paragraph of this many words or more is body text: furniture stands above the first or below the last.
pub const BODY_WORDS: usize = 12;
/// Lines of more words (the title not counted) are not shaped.
const MAX_WORDS: usize = 16;
/// A labelled edge line («<label>: <anything>») may have this many words.
const MAX_HEAD_WORDS: usize = 40;
/// Slot shapes: at most this many words in the whole line...
const SLOT_LINE_WORDS: usize = 10;
/// ...and in the part that varies.
const SLOT_WORDS: usize = 3;
/// Lead shapes: at most this many words in the line.
const LEAD_LINE_WORDS: usize = 12;
/// A title is matched inside a line when it has this many words.
const TITLE_MIN_WORDS: usize = 3;
/// Seed of the shape keys (distinct from paragraph keys, so the two never meet in the counts).
const SHAPE_SEED: u64 = 0x6768_6972_6261_6c10;

/// How many documents of a site must show a shape for its lines to be template lines. Counts saturate at
/// 255 (the count table's limit), so a share applies to at most 255 documents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TemplateRule {
    /// Exact, masked and title shapes: nothing varies, or what varies is plainly a value (a number, an
    /// email, the title).
    pub masked_docs: u8,
    /// Slot shapes: a part that may be a city, a desk or a name.
    pub slot_docs: u8,
    /// Lead shapes: the first word alone says the least, so it needs the most documents...
    pub lead_docs: u8,
    /// ...and at least this share of the site's documents (up to 255 of them).
    pub lead_share: f64,
}

impl Default for TemplateRule {
    fn default() -> TemplateRule {
        TemplateRule {
            masked_docs: 5,
            slot_docs: 10,
            lead_docs: 20,
            lead_share: 0.1,
        }
    }
}

/// The kinds of shape, in the order a line's shapes are tried when judging it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    /// The whole line, when nothing in it varies.
    Exact,
    Masked,
    Title,
    Slot,
    Lead,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Exact => "exact",
            Kind::Masked => "masked",
            Kind::Title => "title",
            Kind::Slot => "slot",
            Kind::Lead => "lead",
        }
    }

    fn tag(self) -> u8 {
        match self {
            Kind::Exact => 5,
            Kind::Masked => 1,
            Kind::Title => 2,
            Kind::Slot => 3,
            Kind::Lead => 4,
        }
    }
}

/// One shape of a line: readable text (normalized words, `|` between parts) and its counting key.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    pub kind: Kind,
    pub text: String,
    /// For a slot shape: the normalized words of the part that varies.
    pub slot: Option<String>,
}

impl Shape {
    /// The key counted for this shape on `site`.
    pub fn key(&self, site: u64) -> u64 {
        let mut buf = Vec::with_capacity(self.text.len() + 9);
        buf.extend_from_slice(&site.to_le_bytes());
        buf.push(self.kind.tag());
        buf.extend_from_slice(self.text.as_bytes());
        xxh3_64_with_seed(&buf, SHAPE_SEED)
    }
}

/// The key that counts a site's documents.
pub fn site_key(site: u64) -> u64 {
    xxh3_64_with_seed(&site.to_le_bytes(), SHAPE_SEED ^ 0xff)
}

/// The site a document belongs to, hashed: its URL's host, else a `source`/`site`/`domain` field, else
/// the folder of the file it came from.
pub fn site_of(doc: &Document) -> u64 {
    xxh3_64_with_seed(site_name(doc).as_bytes(), SHAPE_SEED ^ 0x5173)
}

/// The site a document belongs to, by name (see [`site_of`]).
pub fn site_name(doc: &Document) -> String {
    doc.url
        .as_deref()
        .and_then(host)
        .map(str::to_string)
        .or_else(|| {
            let meta = doc.metadata.as_ref()?;
            ["source", "site", "domain", "host", "publisher"]
                .iter()
                .find_map(|f| match meta.get(*f) {
                    Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_lowercase()),
                    _ => None,
                })
        })
        .unwrap_or_else(|| folder_of(&doc.source))
}

/// The folder of an input path, as named.
pub fn folder_of(source: &str) -> String {
    let path = std::path::Path::new(source);
    path.parent().map(|p| p.display().to_string()).unwrap_or_default()
}

/// The host of a URL, without `www.`.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then_some(host)
}

/// Where a line stands on its page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Zone {
    /// Above the first body paragraph (or on a page without one).
    Top,
    Body,
    /// Below the last body paragraph.
    Bottom,
}

/// Each line's zone, from the lines still open (not removed by an earlier detector). `title` is the
/// page's title, normalized (digits as they are).
pub fn zones(lines: &[Line], keys: &Keys, labels: &[Option<Reason>], title: Option<&str>) -> Vec<Zone> {
    let title = title.filter(|t| t.split(' ').count() >= TITLE_MIN_WORDS);
    let finder = title.map(memchr::memmem::Finder::new);
    let body = |i: usize| {
        is_body(lines, keys, labels, i)
            && finder
                .as_ref()
                .is_none_or(|f| find_words_with(f, keys.key(i)).is_none())
    };
    let first = (0..lines.len()).find(|&i| body(i));
    let last = (0..lines.len()).rev().find(|&i| body(i));
    (0..lines.len())
        .map(|i| match (first, last) {
            (Some(f), _) if i < f => Zone::Top,
            (_, Some(l)) if i > l => Zone::Bottom,
            (Some(_), Some(_)) => Zone::Body,
            _ => Zone::Top,
        })
        .collect()
}

/// Whether the hyphen or tatweel at `chars[k]` separates parts of a line: it stands alone or clings to one
/// side of a word («سبق- جازان», «طلال عبدالله ـ دبي»), rather than joining a word («أبو-ظبي»).
pub fn separating_dash(chars: &[char], k: usize) -> bool {
    matches!(chars[k], '-' | 'ـ')
        && (k == 0 || k + 1 == chars.len() || !chars[k - 1].is_alphanumeric() || !chars[k + 1].is_alphanumeric())
}

/// Whether a character separates the parts of a template line.
fn is_separator(c: char) -> bool {
    matches!(c, '–' | '—' | '|' | ':' | '：' | '/' | '\\')
}

/// The parts of a line between separators, each as normalized words with values masked, and whether
/// anything was masked. A hyphen or a tatweel separates when it stands alone or clings to one side of
/// a word («سبق- جازان», «طلال عبدالله ـ دبي»), not inside a word («أبو-ظبي»).
fn parts(line: &str) -> (Vec<Vec<String>>, bool) {
    let mut parts: Vec<Vec<String>> = vec![Vec::new()];
    let mut masked = false;
    // Buffers reused for every token: a page's first and last lines are often long paragraphs.
    let (mut chars, mut piece, mut key) = (Vec::new(), String::new(), String::new());
    for token in line.split_whitespace() {
        if token.contains('@') {
            if let Some(p) = parts.last_mut() {
                p.push("@".into());
            }
            masked = true;
            continue;
        }
        let starts = |prefix: &str| {
            token
                .get(..prefix.len())
                .is_some_and(|t| t.eq_ignore_ascii_case(prefix))
        };
        if starts("http") || starts("www.") {
            if let Some(p) = parts.last_mut() {
                p.push("url".into());
            }
            masked = true;
            continue;
        }
        // Split the token at separators, keeping the words between.
        piece.clear();
        chars.clear();
        chars.extend(token.chars());
        for (k, &c) in chars.iter().enumerate() {
            let dash = separating_dash(&chars, k);
            if is_separator(c) || dash {
                push_words(&piece, &mut key, &mut parts, &mut masked);
                piece.clear();
                if parts.last().is_some_and(|p| !p.is_empty()) {
                    parts.push(Vec::new());
                }
            } else {
                piece.push(c);
            }
        }
        push_words(&piece, &mut key, &mut parts, &mut masked);
    }
    parts.retain(|p| !p.is_empty());
    (parts, masked)
}

fn push_words(piece: &str, key: &mut String, parts: &mut [Vec<String>], masked: &mut bool) {
    if piece.is_empty() {
        return;
    }
    key.clear();
    normalize::key_into(piece, key);
    for word in key.split(' ').filter(|w| !w.is_empty()) {
        let word = if word.bytes().any(|b| b.is_ascii_digit()) {
            *masked = true;
            mask_digits(word)
        } else {
            word.to_string()
        };
        if let Some(p) = parts.last_mut() {
            p.push(word);
        }
    }
}

/// Every run of digits as one `0`.
fn mask_digits(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut in_digits = false;
    for c in word.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('0');
            }
            in_digits = true;
        } else {
            out.push(c);
            in_digits = false;
        }
    }
    out
}

/// The shapes of one line. `title` is the page's normalized title (with digits masked the same way);
/// `edge` says the line is the page's first or last.
pub fn shapes(line: &str, title: Option<&str>, edge: bool) -> Vec<Shape> {
    // No shape is longer than a labelled edge line: a paragraph is not cut into parts at all.
    if line.split_whitespace().nth(MAX_HEAD_WORDS + 8).is_some() {
        return Vec::new();
    }
    let (parts, masked) = parts(line);
    let words: Vec<&str> = parts.iter().flatten().map(String::as_str).collect();
    let mut out = Vec::new();
    if words.is_empty() {
        return out;
    }
    let flat = words.join(" ");
    if let Some(t) = title.filter(|t| t.split(' ').count() >= TITLE_MIN_WORDS) {
        if let Some(at) = find_words(&flat, t) {
            let text = format!("{}{{title}}{}", &flat[..at], &flat[at + t.len()..]);
            if text.split(' ').count() <= MAX_WORDS {
                out.push(Shape {
                    kind: Kind::Title,
                    text,
                    slot: None,
                });
            }
        }
    }
    // A label before a colon or dash on the page's first or last line, whatever follows it («رابط الخبر
    // بصحيفة …: <the page's title>» when the record brings no title to mask).
    let ends_sentence = line.trim_end().ends_with(['.', '،', ',', ':']);
    if edge && parts.len() >= 2 && (2..=5).contains(&parts[0].len()) && words.len() <= MAX_HEAD_WORDS && !ends_sentence
    {
        let rest: Vec<&str> = parts[1..].iter().flatten().map(String::as_str).collect();
        if rest.len() > SLOT_WORDS {
            out.push(Shape {
                kind: Kind::Slot,
                text: format!("{} | *…", parts[0].join(" ")),
                slot: Some(rest.join(" ")),
            });
        }
    }
    if words.len() > MAX_WORDS {
        return out;
    }
    out.push(Shape {
        kind: if masked { Kind::Masked } else { Kind::Exact },
        text: parts.iter().map(|p| p.join(" ")).collect::<Vec<_>>().join(" | "),
        slot: None,
    });
    if (2..=4).contains(&parts.len()) && words.len() <= SLOT_LINE_WORDS {
        for (k, part) in parts.iter().enumerate() {
            if part.len() > SLOT_WORDS {
                continue;
            }
            let text = parts
                .iter()
                .enumerate()
                .map(|(j, p)| if j == k { "*".to_string() } else { p.join(" ") })
                .collect::<Vec<_>>()
                .join(" | ");
            out.push(Shape {
                kind: Kind::Slot,
                text,
                slot: Some(part.join(" ")),
            });
        }
    }
    if edge && words.len() <= LEAD_LINE_WORDS && words.len() >= 2 {
        out.push(Shape {
            kind: Kind::Lead,
            text: format!("{} *", words[0]),
            slot: None,
        });
    }
    out
}

/// Byte offset of `needle` in `hay` as whole words.
fn find_words(hay: &str, needle: &str) -> Option<usize> {
    find_words_with(&memchr::memmem::Finder::new(needle), hay)
}

/// [`find_words`] with a finder built once for many lines.
fn find_words_with(finder: &memchr::memmem::Finder, hay: &str) -> Option<usize> {
    let (bytes, n) = (hay.as_bytes(), finder.needle().len());
    finder.find_iter(bytes).find(|&at| {
        let starts = at == 0 || bytes[at - 1] == b' ';
        let ends = at + n == bytes.len() || bytes[at + n] == b' ';
        starts && ends
    })
}

/// The page's title as shapes see it: normalized, digits masked.
pub fn title_key(title: &str) -> String {
    mask_key(&normalize::key(title))
}

/// A normalized key with its digit runs masked.
fn mask_key(key: &str) -> String {
    key.split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if w.bytes().any(|b| b.is_ascii_digit()) {
                mask_digits(w)
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// An open line of body text.
pub fn is_body(lines: &[Line], keys: &Keys, labels: &[Option<Reason>], i: usize) -> bool {
    !lines[i].span.is_empty() && labels[i].is_none() && keys.words[i] >= BODY_WORDS
}

/// The lines a page's template shapes are taken from: open content lines where furniture stands, and
/// the page's first and last lines whatever their length (the byline aside), with whether each is the
/// page's first or last content line.
pub fn candidates(text: &str, lines: &[Line], d: &Decisions, zones: &[Zone]) -> Vec<(usize, bool)> {
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].span.is_empty() && d.keys.words[i] > 0)
        .collect();
    let (first, last) = (content.first().copied(), content.last().copied());
    // A line that ends with a colon introduces what follows it («المقادير:», «السطر الأخير:»).
    let introduces = |i: usize| Some(i) != last && lines[i].span.of(text).trim_end().ends_with([':', '：']);
    content
        .iter()
        .copied()
        .filter(|&i| {
            let edge = Some(i) == first || Some(i) == last;
            d.labels[i].is_none() && (zones[i] != Zone::Body || edge) && Some(i) != d.byline && !introduces(i)
        })
        .map(|i| (i, Some(i) == first || Some(i) == last))
        .collect()
}

/// A page's title, normalized: the record's, else the line the title detector took. As zones see it
/// (digits as they are) and as shapes see it (digits masked).
pub fn page_title(doc: &Document, lines: &[Line], d: &Decisions) -> Option<(String, String)> {
    let title = doc.title.as_deref().or(d.title.map(|t| lines[t].span.of(&doc.text)))?;
    let key = normalize::key(title);
    let masked = mask_key(&key);
    Some((key, masked))
}

/// The shapes of each line where furniture stands, with its index, in line order.
pub type LineShapes = Vec<(usize, Vec<Shape>)>;

/// Each line's zone on a page, after the within-page detectors, and the shapes of its furniture-placed
/// lines ([`candidates`]).
pub fn page_furniture(doc: &Document, lines: &[Line], d: &Decisions) -> (Vec<Zone>, LineShapes) {
    let title = page_title(doc, lines, d);
    let zones = zones(lines, &d.keys, &d.labels, title.as_ref().map(|t| t.0.as_str()));
    let masked = title.as_ref().map(|t| t.1.as_str());
    let shapes = candidates(&doc.text, lines, d, &zones)
        .into_iter()
        .map(|(i, edge)| (i, shapes(lines[i].span.of(&doc.text), masked, edge)))
        .filter(|(_, shapes)| !shapes.is_empty())
        .collect();
    (zones, shapes)
}

/// The keys a document adds to the corpus counts for its site: its site's document key, and each shape of
/// its furniture-placed lines.
pub fn document_keys(doc: &Document, shapes: &LineShapes) -> Vec<u64> {
    let site = site_of(doc);
    let mut keys = vec![site_key(site)];
    keys.extend(shapes.iter().flat_map(|(_, s)| s).map(|s| s.key(site)));
    keys
}

impl TemplateRule {
    /// Whether a shape seen in `docs` of a site's `site_docs` documents makes its lines template lines.
    pub fn holds(&self, kind: Kind, docs: u8, site_docs: u8) -> bool {
        match kind {
            Kind::Exact | Kind::Masked | Kind::Title => docs >= self.masked_docs,
            Kind::Slot => docs >= self.slot_docs,
            Kind::Lead => docs >= self.lead_docs && f64::from(docs) >= self.lead_share * f64::from(site_docs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str, title: Option<&str>, edge: bool) -> Vec<String> {
        let t = title.map(title_key);
        shapes(line, t.as_deref(), edge).into_iter().map(|s| s.text).collect()
    }

    #[test]
    fn a_site_and_city_line_has_a_slot_on_each_side() {
        assert_eq!(
            texts("عين اليوم – أبها", None, false),
            ["عين اليوم | ابها", "* | ابها", "عين اليوم | *"]
        );
        assert_eq!(
            texts("طلال عبدالله ـ دبي", None, false)[1..],
            ["* | دبي", "طلال عبدالله | *"]
        );
        assert_eq!(texts("عبدالله البرقاوي- سبق- جازان", None, false).len(), 4);
    }

    #[test]
    fn values_and_the_title_are_masked() {
        assert_eq!(
            texts("لمراسلة الكاتب: aaltayer@alriyadh.net", None, false)[0],
            "لمراسله الكاتب | @"
        );
        let got = texts(
            "رابط الخبر بصحيفة الوئام: تسريع 5 طلاب من تعليم القريات لصفوف أعلى",
            Some("تسريع 5 طلاب من تعليم القريات لصفوف أعلى"),
            true,
        );
        assert_eq!(got[0], "رابط الخبر بصحيفه الويام {title}");
        assert!(got.contains(&"رابط *".to_string()), "{got:?}");
    }

    #[test]
    fn a_sentence_has_no_slot_and_a_word_inside_a_hyphen_stays_whole() {
        let line = "وقال المتحدث إن الاجتماع ناقش عدداً من القضايا المهمة في المنطقة اليوم";
        let kinds: Vec<Kind> = shapes(line, None, false).into_iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Kind::Exact]);
        let long = format!("{line} {line}");
        assert!(shapes(&long, None, true).is_empty(), "a paragraph has no shape");
        let (parts, _) = parts("أبو-ظبي");
        assert_eq!(parts.len(), 1);
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.sabq.org/a/b?x"), Some("sabq.org"));
        assert_eq!(host("http://user@news.example.com:8080/x"), Some("news.example.com"));
    }
}
