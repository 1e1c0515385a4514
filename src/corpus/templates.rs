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
//! last one (a body paragraph has [`BODY_WORDS`] words or more, is not title-like — it closes a sentence —
//! unless it has [`SURE_BODY_WORDS`], and is not a copy of the title: a related list's long headlines are
//! no body). A subheading
//! inside the article introduces the paragraph after it, so it is never judged here.
//!
//! The site is the URL's host, else a record's `source`/`site`/`domain` field, else the input's folder.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use crate::detect::{lists, Decisions, Keys};
use crate::document::{Document, Line, Reason};
use crate::normalize;

/// A paragraph of this many words or more is body text: furniture stands above the first or below the last.
pub const BODY_WORDS: usize = 12;
/// A paragraph of this many words is body text even without a closing stop (a headline rarely has as many).
const SURE_BODY_WORDS: usize = 20;
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
pub fn zones(text: &str, lines: &[Line], keys: &Keys, labels: &[Option<Reason>], title: Option<&str>) -> Vec<Zone> {
    let title = long_title(title);
    let body = |i: usize| {
        is_body(lines, keys, labels, i)
            && (keys.words[i] >= SURE_BODY_WORDS || !lists::is_title_like(lines[i].span.of(text), keys.words[i]))
            && title.is_none_or(|t| find_words(keys.key(i), t).is_none())
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
    dash_separates(chars[k], k.checked_sub(1).map(|j| chars[j]), chars.get(k + 1).copied())
}

/// [`separating_dash`] for character `c` between `prev` and `next` (none at the ends).
fn dash_separates(c: char, prev: Option<char>, next: Option<char>) -> bool {
    matches!(c, '-' | 'ـ') && (prev.is_none_or(|p| !p.is_alphanumeric()) || next.is_none_or(|n| !n.is_alphanumeric()))
}

/// Whether a character separates the parts of a template line.
fn is_separator(c: char) -> bool {
    matches!(c, '–' | '—' | '|' | ':' | '：' | '/' | '\\')
}

/// A line's words, normalized with values masked, in one buffer, and the parts they fall in.
#[derive(Debug, Default)]
struct Parts {
    /// The words, each followed by a space.
    buf: String,
    /// Each word's span in `buf` (without its space).
    words: Vec<(usize, usize)>,
    /// Each part's words: a range of `words`. Parts are never empty.
    parts: Vec<(usize, usize)>,
    /// Whether a value (digits, an email, a link) was masked.
    masked: bool,
    /// Scratch for one piece's normalized key.
    key: String,
}

impl Parts {
    fn word(&self, k: usize) -> &str {
        let (a, b) = self.words[k];
        &self.buf[a..b]
    }

    /// Part `p`'s words joined by spaces: a slice of the buffer.
    fn part_text(&self, p: usize) -> &str {
        let (a, b) = self.parts[p];
        &self.buf[self.words[a].0..self.words[b - 1].1]
    }

    /// The words of parts `from..` joined by spaces.
    fn words_from(&self, from: usize) -> &str {
        let a = self.parts[from].0;
        let b = self.parts[self.parts.len() - 1].1;
        &self.buf[self.words[a].0..self.words[b - 1].1]
    }

    fn push_word(&mut self, word: &str) {
        self.push_word_with(|buf| buf.push_str(word));
    }

    /// A word that `write` appends to the buffer.
    fn push_word_with(&mut self, write: impl FnOnce(&mut String)) {
        let at = self.buf.len();
        write(&mut self.buf);
        self.words.push((at, self.buf.len()));
        self.buf.push(' ');
    }

    /// Close the part being filled, when it has words.
    fn close_part(&mut self) {
        let from = self.parts.last().map_or(0, |p| p.1);
        if self.words.len() > from {
            self.parts.push((from, self.words.len()));
        }
    }

    /// A piece of a token between separators: its normalized words, digit runs masked.
    fn push_piece(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        let mut key = std::mem::take(&mut self.key);
        normalize::key_into(piece, &mut key);
        for word in key.split(' ').filter(|w| !w.is_empty()) {
            if word.bytes().any(|b| b.is_ascii_digit()) {
                self.masked = true;
                self.push_word_with(|buf| mask_digits_into(word, buf));
            } else {
                self.push_word(word);
            }
        }
        self.key = key;
    }

    /// Cut `line` into parts between separators, each as normalized words with values masked. A hyphen or
    /// a tatweel separates when it stands alone or clings to one side of a word («سبق- جازان», «طلال
    /// عبدالله ـ دبي»), not inside a word («أبو-ظبي»).
    fn read(&mut self, line: &str) {
        self.buf.clear();
        self.words.clear();
        self.parts.clear();
        self.masked = false;
        for token in line.split_whitespace() {
            if token.contains('@') {
                self.push_word("@");
                self.masked = true;
                continue;
            }
            let starts = |prefix: &str| {
                token
                    .get(..prefix.len())
                    .is_some_and(|t| t.eq_ignore_ascii_case(prefix))
            };
            if starts("http") || starts("www.") {
                self.push_word("url");
                self.masked = true;
                continue;
            }
            // Split the token at separators, keeping the words between.
            let mut piece = 0;
            let mut prev: Option<char> = None;
            let mut chars = token.char_indices().peekable();
            while let Some((at, c)) = chars.next() {
                let next = chars.peek().map(|&(_, n)| n);
                if is_separator(c) || dash_separates(c, prev, next) {
                    self.push_piece(&token[piece..at]);
                    self.close_part();
                    piece = at + c.len_utf8();
                }
                prev = Some(c);
            }
            self.push_piece(&token[piece..]);
        }
        self.close_part();
    }
}

/// Every run of digits as one `0`, appended to `out`.
fn mask_digits_into(word: &str, out: &mut String) {
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
}

/// Every run of digits as one `0`.
fn mask_digits(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    mask_digits_into(word, &mut out);
    out
}

/// A title as zones and shapes look for it in lines: only one of [`TITLE_MIN_WORDS`] words or more.
fn long_title(title: Option<&str>) -> Option<&str> {
    title.filter(|t| t.split(' ').count() >= TITLE_MIN_WORDS)
}

/// A shaper of lines: its buffers of words are reused from line to line.
#[derive(Default)]
pub struct Shaper {
    parts: Parts,
}

impl Shaper {
    /// The shapes of one line. `title` is the page's normalized title with digits masked ([`title_key`]);
    /// `edge` says the line is the page's first or last.
    pub fn shapes(&mut self, line: &str, title: Option<&str>, edge: bool) -> Vec<Shape> {
        // No shape is longer than a labelled edge line: a paragraph is not cut into parts at all.
        if line.split_whitespace().nth(MAX_HEAD_WORDS + 8).is_some() {
            return Vec::new();
        }
        self.parts.read(line);
        let p = &self.parts;
        let mut out = Vec::new();
        let words = p.words.len();
        if words == 0 {
            return out;
        }
        // Every word followed by a space: the words joined are the buffer less its last space.
        let flat = &p.buf[..p.buf.len() - 1];
        if let Some(t) = long_title(title) {
            if let Some(at) = find_words(flat, t) {
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
        let len = |k: usize| p.parts[k].1 - p.parts[k].0;
        if edge
            && p.parts.len() >= 2
            && (2..=5).contains(&len(0))
            && words <= MAX_HEAD_WORDS
            && !ends_sentence
            && words - len(0) > SLOT_WORDS
        {
            out.push(Shape {
                kind: Kind::Slot,
                text: format!("{} | *…", p.part_text(0)),
                slot: Some(p.words_from(1).to_string()),
            });
        }
        if words > MAX_WORDS {
            return out;
        }
        // The parts joined by ` | `, part `star` as `*`.
        let joined = |star: Option<usize>| {
            let mut text = String::with_capacity(p.buf.len() + 3 * p.parts.len());
            for k in 0..p.parts.len() {
                if k > 0 {
                    text.push_str(" | ");
                }
                if Some(k) == star {
                    text.push('*');
                } else {
                    text.push_str(p.part_text(k));
                }
            }
            text
        };
        out.push(Shape {
            kind: if p.masked { Kind::Masked } else { Kind::Exact },
            text: joined(None),
            slot: None,
        });
        if (2..=4).contains(&p.parts.len()) && words <= SLOT_LINE_WORDS {
            for k in 0..p.parts.len() {
                if len(k) > SLOT_WORDS {
                    continue;
                }
                out.push(Shape {
                    kind: Kind::Slot,
                    text: joined(Some(k)),
                    slot: Some(p.part_text(k).to_string()),
                });
            }
        }
        if edge && (2..=LEAD_LINE_WORDS).contains(&words) {
            out.push(Shape {
                kind: Kind::Lead,
                text: format!("{} *", p.word(0)),
                slot: None,
            });
        }
        out
    }
}

/// The shapes of one line. `title` is the page's normalized title (with digits masked the same way);
/// `edge` says the line is the page's first or last. (A [`Shaper`] does the same for many lines.)
pub fn shapes(line: &str, title: Option<&str>, edge: bool) -> Vec<Shape> {
    Shaper::default().shapes(line, title, edge)
}

/// Byte offset of `needle` in `hay` as whole words (both normalized keys: words joined by single spaces).
/// Tried at each word's start only: a line has a few dozen words, and a searcher would cost more to build
/// than to run.
fn find_words(hay: &str, needle: &str) -> Option<usize> {
    let (bytes, n) = (hay.as_bytes(), needle.as_bytes());
    std::iter::once(0)
        .chain(memchr::memchr_iter(b' ', bytes).map(|space| space + 1))
        .take_while(|&at| at + n.len() <= bytes.len())
        .find(|&at| bytes[at..].starts_with(n) && (at + n.len() == bytes.len() || bytes[at + n.len()] == b' '))
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

/// The lines a page's template shapes are taken from: open content lines, and lines the page took for
/// edge furniture, where furniture stands, and the page's first and last lines whatever their length (the
/// byline aside), with whether each is the page's first or last content line.
pub fn candidates(text: &str, lines: &[Line], d: &Decisions, zones: &[Zone]) -> Vec<(usize, bool)> {
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].span.is_empty() && d.keys.words[i] > 0)
        .collect();
    // The title left in the text (an HTML page's headline) heads the page: the edge is the line under it.
    let headline = d.title.filter(|&t| d.labels[t].is_none());
    let first = content.iter().copied().find(|&i| Some(i) != headline);
    let last = content.last().copied();
    // A line that ends with a colon introduces what follows it («المقادير:», «السطر الأخير:»).
    let introduces = |i: usize| Some(i) != last && lines[i].span.of(text).trim_end().ends_with([':', '：']);
    content
        .iter()
        .copied()
        .filter(|&i| {
            let edge = Some(i) == first || Some(i) == last;
            // A line the page itself took for furniture at its edges counts too: a writer's email is taken
            // under one column and left under another, and each copy is the site's template. The title
            // left in the text (an HTML page's headline) is the page's own.
            let open = d.labels[i].is_none() || matches!(d.labels[i], Some(Reason::Footer | Reason::Dateline));
            open && (zones[i] != Zone::Body || edge) && Some(i) != d.byline && Some(i) != d.title && !introduces(i)
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
    let zones = zones(
        &doc.text,
        lines,
        &d.keys,
        &d.labels,
        title.as_ref().map(|t| t.0.as_str()),
    );
    let title = title.as_ref().map(|t| t.1.as_str());
    let mut shaper = Shaper::default();
    let shapes = candidates(&doc.text, lines, d, &zones)
        .into_iter()
        .map(|(i, edge)| (i, shaper.shapes(lines[i].span.of(&doc.text), title, edge)))
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
        let mut parts = Parts::default();
        parts.read("أبو-ظبي");
        assert_eq!(parts.parts.len(), 1);
    }

    #[test]
    fn white_space_other_than_ascii_is_no_word() {
        // Sixty no-break spaces between ASCII spaces: sixty tokens between ASCII spaces, no word.
        let line = format!("عين اليوم – أبها{}", " \u{a0}".repeat(60));
        assert_eq!(texts(&line, None, false)[0], "عين اليوم | ابها");
    }

    #[test]
    fn a_title_is_found_as_whole_words_only() {
        assert_eq!(
            find_words("رابط الخبر عنوان طويل", "عنوان طويل"),
            Some("رابط الخبر ".len())
        );
        assert_eq!(find_words("abc d", "bc d"), None, "it starts inside a word");
        assert_eq!(find_words("a bc de", "a bc d"), None, "it ends inside a word");
        // The first match starts inside a word; the one at a word's start overlaps it.
        assert_eq!(find_words("xab ab ab", "ab ab"), Some(4));
        assert_eq!(find_words("ab", "ab ab"), None);
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.sabq.org/a/b?x"), Some("sabq.org"));
        assert_eq!(host("http://user@news.example.com:8080/x"), Some("news.example.com"));
    }
}
