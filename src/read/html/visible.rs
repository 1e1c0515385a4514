//! A page's visible text read straight off its HTML by a tokenizer, with no document tree: what
//! `--html-extractor page-model` gives the page model. Text between tags is kept (entities decoded); a
//! block element (a paragraph, a list item, a table cell, a `<br>`) starts a new line; what no reader sees
//! (the `<head>`, scripts, styles, `<template>`, `<svg>`, `<select>`, `<textarea>`, `<iframe>`, comments)
//! is skipped. The tags are read as the HTML standard's tokenizer reads them (quoted attribute values may
//! hold a `>`; a script ends where the standard ends it); the tree builder's repairs of misnested tags do
//! not matter here, since only the text and the line breaks are wanted.

use super::closing;

/// What is read from a page: its `<title>`, its canonical link, its visible text (a line break at each
/// block element; lines untrimmed, blank lines kept).
#[derive(Debug, Default, PartialEq)]
pub struct Visible {
    pub title: String,
    pub canonical: Option<String>,
    pub text: String,
}

/// Elements whose content is raw text to the tokenizer (read to their end tag, never as tags).
const RAW: &[&str] = &[
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
];
/// Elements whose whole subtree no reader sees (besides the raw-text ones).
const HIDDEN: &[&str] = &["head", "template", "svg", "select"];
/// Start tags that end foreign content (an `<svg>`) left open: the HTML standard's list.
#[rustfmt::skip]
const BREAKOUT: &[&str] = &[
    "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed",
    "h1", "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr",
    "ol", "p", "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u",
    "ul", "var",
];
/// Elements that may stand in the `<head>`; any other start tag ends it (the parser starts the body).
const IN_HEAD: &[&str] = &[
    "base", "basefont", "bgsound", "link", "meta", "noscript", "script", "style", "template", "title",
];

/// A tag's name in lower case, held in place: names longer than any the tokenizer looks for, or not ASCII,
/// are told apart from those only as names of no interest ([`Name::OTHER`]).
#[derive(Clone, Copy, PartialEq, Eq)]
struct Name {
    bytes: [u8; NAME_BYTES],
    len: u8,
}

/// The longest name kept ([`Name`]): longer than every name of the lists above.
const NAME_BYTES: usize = 12;

impl Name {
    /// A name of no interest (too long, or not ASCII): equal to no name of the lists.
    const OTHER: Name = Name {
        bytes: [0; NAME_BYTES],
        len: u8::MAX,
    };

    fn new(raw: &[u8]) -> Name {
        if raw.len() > NAME_BYTES || !raw.is_ascii() {
            return Name::OTHER;
        }
        let mut bytes = [0; NAME_BYTES];
        for (b, r) in bytes.iter_mut().zip(raw) {
            *b = r.to_ascii_lowercase();
        }
        Name {
            bytes,
            len: raw.len() as u8,
        }
    }

    fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }

    /// What the tokenizer does with the element ([`kinds`]).
    fn kind(&self) -> u8 {
        if *self == Name::OTHER {
            return 0;
        }
        kinds().get(self.as_str()).copied().unwrap_or(0)
    }
}

/// What an element is to the tokenizer: flags of the lists it stands in.
const IS_RAW: u8 = 1;
const IS_HIDDEN: u8 = 2;
const IS_BREAKOUT: u8 = 4;
const IS_IN_HEAD: u8 = 8;
const IS_BLOCK: u8 = 16;

/// Each listed name's flags, from the lists (made once: one lookup a tag, not a search of each list).
fn kinds() -> &'static hashbrown::HashMap<&'static str, u8> {
    static KINDS: std::sync::OnceLock<hashbrown::HashMap<&'static str, u8>> = std::sync::OnceLock::new();
    KINDS.get_or_init(|| {
        let mut kinds = hashbrown::HashMap::new();
        let lists: [(&[&'static str], u8); 5] = [
            (RAW, IS_RAW),
            (HIDDEN, IS_HIDDEN),
            (BREAKOUT, IS_BREAKOUT),
            (IN_HEAD, IS_IN_HEAD),
            (super::BLOCKS, IS_BLOCK),
        ];
        for (list, flag) in lists {
            for &name in list {
                *kinds.entry(name).or_insert(0) |= flag;
            }
        }
        kinds
    })
}

/// A start or end tag.
struct Tag {
    name: Name,
    end: bool,
    /// The byte after the tag's `>` (the page's end for a tag cut short).
    after: usize,
    /// The attributes (name in lower case, value with entities decoded), for the tags whose attributes are
    /// read (`link`).
    attributes: Vec<(String, String)>,
}

/// The page's visible text, title and canonical link.
pub fn visible(html: &str) -> Visible {
    let html = newlines(html);
    let html = html.as_ref();
    let bytes = html.as_bytes();
    let mut out = Visible::default();
    // The element whose subtree is hidden, and how deep in same-named elements the tokenizer is.
    let mut hidden: Option<(Name, usize)> = None;
    let head = Name::new(b"head");
    let in_head = |hidden: &Option<(Name, usize)>| hidden.as_ref().is_some_and(|(n, _)| *n == head);
    // Whether the body has begun (text, or an element that cannot stand in the head): a `<title>` after
    // that is text of the page, one before it the page's title.
    let mut body = false;
    let mut title_seen = false;
    let mut at = 0;
    while at < bytes.len() {
        let next = memchr::memchr(b'<', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        if next > at {
            let text = &html[at..next];
            let blank = text.trim_ascii().is_empty();
            if in_head(&hidden) && !blank {
                // Text in the head ends it: the parser starts the body there.
                hidden = None;
            }
            body |= !blank && hidden.is_none();
            if hidden.is_none() {
                decode_into(text, &mut out.text, false);
            }
        }
        if next == bytes.len() {
            break;
        }
        let rest = &bytes[next..];
        if rest.starts_with(b"<!--") {
            at = memchr::memmem::find(&rest[4..], b"-->").map_or(bytes.len(), |e| next + 4 + e + 3);
            continue;
        }
        // `<!doctype>`, `<![CDATA[…]]>`, `<?xml?>`, and an end tag with no name (`</ >`): skipped to `>`.
        let nameless_end = rest.starts_with(b"</") && rest.get(2).is_some_and(|b| !b.is_ascii_alphabetic());
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") || nameless_end {
            at = memchr::memchr(b'>', rest).map_or(bytes.len(), |e| next + e + 1);
            continue;
        }
        let Some(tag) = tag(bytes, next) else {
            // A `<` that opens no tag is text.
            if hidden.is_none() {
                out.text.push('<');
            }
            at = next + 1;
            continue;
        };
        at = tag.after;
        let name = tag.name.as_str();
        let kind = tag.name.kind();
        if !tag.end && kind & IS_IN_HEAD == 0 && name != "html" && name != "head" {
            body = true;
            if in_head(&hidden) {
                hidden = None;
            }
        }
        if !tag.end && kind & IS_RAW != 0 {
            let end = closing(bytes, at, name.as_bytes());
            if name == "title" {
                let inner = &html[at..end];
                let inner = inner.get(..inner.rfind("</").unwrap_or(inner.len())).unwrap_or(inner);
                // An SVG drawing's titles are neither the page's title nor text.
                let in_drawing = hidden.is_some() && !in_head(&hidden);
                if !in_drawing && !title_seen {
                    title_seen = true;
                    decode_into(inner, &mut out.title, false);
                    out.title = out.title.trim().to_string();
                }
                // A `<title>` in the body is text there too.
                if !in_drawing && body && hidden.is_none() {
                    decode_into(inner, &mut out.text, false);
                }
            }
            at = end;
            continue;
        }
        // An HTML element ends an SVG drawing left open, as the parser ends foreign content there.
        if hidden.as_ref().is_some_and(|(n, _)| n.as_str() == "svg") && !tag.end && kind & IS_BREAKOUT != 0 {
            hidden = None;
        }
        match &mut hidden {
            Some((hidden_name, depth)) => {
                if *hidden_name == tag.name {
                    if tag.end {
                        *depth -= 1;
                        if *depth == 0 {
                            hidden = None;
                        }
                    } else {
                        *depth += 1;
                    }
                }
                if name == "link" {
                    canonical(&tag, &mut out);
                }
                continue;
            }
            None if !tag.end && kind & IS_HIDDEN != 0 => {
                hidden = Some((tag.name, 1));
                continue;
            }
            None => {}
        }
        if name == "link" {
            canonical(&tag, &mut out);
        }
        if kind & IS_BLOCK != 0 {
            out.text.push('\n');
        }
    }
    out
}

/// Line breaks as the HTML standard's input stream has them: `\r\n` and a lone `\r` are `\n`.
fn newlines(html: &str) -> std::borrow::Cow<'_, str> {
    let bytes = html.as_bytes();
    let Some(first) = memchr::memchr(b'\r', bytes) else {
        return std::borrow::Cow::Borrowed(html);
    };
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for cr in memchr::memchr_iter(b'\r', &bytes[first..]).map(|i| first + i) {
        out.push_str(&html[copied..cr]);
        if bytes.get(cr + 1) != Some(&b'\n') {
            out.push('\n');
        }
        copied = cr + 1;
    }
    out.push_str(&html[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Note a `<link rel="canonical" href="…">`'s address (the first with an absolute http(s) one).
fn canonical(tag: &Tag, out: &mut Visible) {
    if out.canonical.is_some() || tag.end {
        return;
    }
    let attribute = |name: &str| tag.attributes.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    let is_canonical = attribute("rel").is_some_and(|rel| {
        rel.split_ascii_whitespace()
            .any(|t| t.eq_ignore_ascii_case("canonical"))
    });
    if let Some(href) = attribute("href").filter(|_| is_canonical).map(str::trim) {
        if href.starts_with("http://") || href.starts_with("https://") {
            out.canonical = Some(href.to_string());
        }
    }
}

/// The tag at `start` (a `<`), or `None` when the `<` opens no tag (it is then text).
fn tag(bytes: &[u8], start: usize) -> Option<Tag> {
    let end = bytes.get(start + 1) == Some(&b'/');
    let name_start = start + 1 + usize::from(end);
    if !bytes.get(name_start)?.is_ascii_alphabetic() {
        return None;
    }
    let name_end = bytes[name_start..]
        .iter()
        .position(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'))
        .map_or(bytes.len(), |i| name_start + i);
    let name = Name::new(&bytes[name_start..name_end]);
    let read_attributes = name.as_str() == "link" && !end;
    let mut attributes = Vec::new();
    // The attributes: names, `=`, values quoted or not; a quoted value may hold a `>`.
    let mut at = name_end;
    loop {
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/') {
            at += 1;
        }
        match bytes.get(at) {
            None => return Some(tag_of(name, end, bytes.len(), attributes)),
            Some(b'>') => return Some(tag_of(name, end, at + 1, attributes)),
            _ => {}
        }
        // An attribute's name runs to whitespace, `/`, `>` or `=` (its first character may be `=`).
        let attr_start = at;
        at += 1;
        while at < bytes.len() && !matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'=') {
            at += 1;
        }
        let attr_name = &bytes[attr_start..at];
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
            at += 1;
        }
        let mut value: &[u8] = b"";
        if bytes.get(at) == Some(&b'=') {
            at += 1;
            while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                at += 1;
            }
            match bytes.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let close = memchr::memchr(quote, &bytes[at + 1..]).map_or(bytes.len(), |i| at + 1 + i);
                    value = &bytes[at + 1..close];
                    at = (close + 1).min(bytes.len());
                }
                _ => {
                    let value_start = at;
                    while at < bytes.len() && !matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>') {
                        at += 1;
                    }
                    value = &bytes[value_start..at];
                }
            }
        }
        if read_attributes {
            let value = String::from_utf8_lossy(value);
            attributes.push((String::from_utf8_lossy(attr_name).to_ascii_lowercase(), {
                let mut decoded = String::new();
                decode_into(&value, &mut decoded, true);
                decoded
            }));
        }
    }
}

/// Append `text` to `out` with its character references decoded as the HTML standard decodes them: named
/// ones by the standard's table (`web_atoms`), the longest name that matches, the legacy ones (`&nbsp`,
/// `&copy`) without their `;` too — but not in an attribute value when a letter, a digit or `=` follows
/// (`?a=1&copy=2` stays); numeric ones with the standard's repairs (`&#150;` is the dash Windows-1252
/// puts there, `&#0;` and what no character is becomes U+FFFD).
fn decode_into(text: &str, out: &mut String, attribute: bool) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'&', &bytes[at..]) {
        let amp = at + found;
        at = amp + 1;
        let Some((chars, end)) = reference(text, amp, attribute) else {
            continue;
        };
        out.push_str(&text[copied..amp]);
        out.extend(chars.into_iter().flatten());
        (copied, at) = (end, end);
    }
    out.push_str(&text[copied..]);
}

/// The character reference at `amp` (a `&`): its characters and the byte after it, or `None` when none is
/// there (the `&` is text).
fn reference(text: &str, amp: usize, attribute: bool) -> Option<([Option<char>; 2], usize)> {
    let bytes = text.as_bytes();
    let rest = &bytes[amp + 1..];
    if rest.first() == Some(&b'#') {
        let hex = matches!(rest.get(1), Some(b'x' | b'X'));
        let start = amp + 2 + usize::from(hex);
        let digits = bytes[start..]
            .iter()
            .take_while(|b| if hex { b.is_ascii_hexdigit() } else { b.is_ascii_digit() })
            .count();
        if digits == 0 {
            return None;
        }
        let number = u32::from_str_radix(&text[start..start + digits], if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let end = start + digits + usize::from(bytes.get(start + digits) == Some(&b';'));
        return Some(([Some(numeric(number)), None], end));
    }
    // The longest name in the table: every prefix of a name is in it too (mapped to 0 when no name).
    let mut found = None;
    let mut len = 1;
    while amp + 1 + len <= text.len() {
        let Some(name) = text.get(amp + 1..amp + 1 + len) else {
            break;
        };
        match web_atoms::NAMED_ENTITIES.get(name) {
            None => break,
            Some(&(0, _)) => {}
            Some(&(first, second)) => found = Some((len, first, second)),
        }
        len += 1;
    }
    let (len, first, second) = found?;
    let end = amp + 1 + len;
    if attribute && bytes[end - 1] != b';' && bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'=') {
        return None;
    }
    Some((
        [
            char::from_u32(first),
            (second != 0).then(|| char::from_u32(second)).flatten(),
        ],
        end,
    ))
}

/// A numeric character reference's character, repaired as the HTML standard repairs it.
fn numeric(number: u32) -> char {
    /// What Windows-1252 puts at 0x80–0x9F, where pages mean it (`&#150;`); 0 where it has nothing.
    const C1: [u16; 32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D,
        0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,
        0x017E, 0x0178,
    ];
    match number {
        0 => char::REPLACEMENT_CHARACTER,
        0x80..=0x9F if C1[(number - 0x80) as usize] != 0 => {
            char::from_u32(u32::from(C1[(number - 0x80) as usize])).unwrap_or(char::REPLACEMENT_CHARACTER)
        }
        _ => char::from_u32(number).unwrap_or(char::REPLACEMENT_CHARACTER),
    }
}

fn tag_of(name: Name, end: bool, after: usize, attributes: Vec<(String, String)>) -> Tag {
    Tag {
        name,
        end,
        after,
        attributes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(html: &str) -> Vec<String> {
        visible(html)
            .text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(String::from)
            .collect()
    }

    #[test]
    fn blocks_make_lines_and_inline_elements_do_not() {
        let html = "<html><head><title>A &amp; B</title><style>p{}</style></head>\
                    <body><h1>Head<b>line</b></h1><p>One <a href='x>y'>two</a> three<br>four</p>\
                    <ul><li>x<li>y</ul>tail</body></html>";
        assert_eq!(lines(html), ["Headline", "One two three", "four", "x", "y", "tail"]);
        assert_eq!(visible(html).title, "A & B");
    }

    #[test]
    fn what_no_reader_sees_is_skipped() {
        let html = "<head><script>if (a < b) x('</p>')</script><meta x=1></head><body>\
                    <!-- <p>gone</p> --><template><p>t</p></template><svg><text>s</text><svg>in</svg>v</svg>\
                    <select><option>o</select><textarea>ta</textarea><noscript>ns</noscript><p>seen</p>";
        assert_eq!(lines(html), ["seen"]);
        // A drawing left open ends at the next HTML element, as the parser ends it; `</ >` is no text.
        assert_eq!(lines("<svg><path d='M0'><p>after</p></ > end"), ["after", "end"]);
    }

    #[test]
    fn a_head_without_its_end_tag_ends_where_the_body_starts() {
        assert_eq!(
            lines("<html><head><meta charset=utf-8><div>body text</div>"),
            ["body text"]
        );
        assert_eq!(lines("<head><title>T</title>loose text<p>p</p>"), ["loose text", "p"]);
    }

    #[test]
    fn a_lone_less_than_sign_is_text_and_entities_are_decoded() {
        assert_eq!(lines("<p>1 < 2 &lt; 3&nbsp;x &#1605;</p>"), ["1 < 2 < 3\u{a0}x م"]);
        assert_eq!(
            visible("<title>a\r\nb\rc</title>").title,
            "a\nb\nc",
            "line breaks as the standard reads them"
        );
        assert_eq!(newlines("\r\r\nx\r"), "\n\nx\n");
        // Every listed name fits in a tag's inline name, and is found there in any case.
        for &name in RAW
            .iter()
            .chain(HIDDEN)
            .chain(BREAKOUT)
            .chain(IN_HEAD)
            .chain(super::super::BLOCKS)
        {
            assert!(name.len() <= NAME_BYTES, "{name}");
            assert_ne!(Name::new(name.to_ascii_uppercase().as_bytes()).kind(), 0, "{name}");
        }
        assert_eq!(Name::new(b"my-very-long-element").kind(), 0);
        assert_eq!(Name::new("pé".as_bytes()).kind(), 0);
        // As the HTML standard reads them: legacy names without `;`, the longest name, Windows-1252's
        // characters for C1 numbers, U+FFFD for no character, a lone `&` as text.
        assert_eq!(
            lines("<p>&copy 2012 &notit; &#150; &#x97;&#0;&#xD800; a & b &#; &bogus;</p>"),
            ["© 2012 ¬it; – —\u{fffd}\u{fffd} a & b &#; &bogus;"]
        );
    }

    #[test]
    fn broken_and_hostile_markup_is_read_once_through() {
        // Each of these would take quadratic time (or never end) if a construct left open were scanned
        // again from each `<` or `&`; 200 KB of each is read in one pass.
        let n = 50_000;
        for page in [
            "<a ".repeat(n),
            "<a href='".repeat(n),
            "<!--".repeat(n),
            "<title>".repeat(n),
            "<svg>".repeat(n),
            "&amp".repeat(n),
            "&#x".repeat(n),
            "</".repeat(n),
            "<<<<".repeat(n),
        ] {
            let read = visible(&page);
            assert!(read.text.len() <= page.len(), "no text is made up");
        }
        assert_eq!(lines(&"<".repeat(5)), ["<<<<<"]);
    }

    #[test]
    fn the_canonical_link_is_read() {
        let html = r#"<head><link rel="stylesheet" href="s.css"><LINK REL="Canonical" HREF="https://x.com/a?b=1&amp;c=2"></head>"#;
        assert_eq!(visible(html).canonical.as_deref(), Some("https://x.com/a?b=1&c=2"));
        assert_eq!(visible(r#"<link rel=canonical href="/rel">"#).canonical, None);
        // In an attribute, a legacy name without `;` before a letter, digit or `=` is text.
        let query = r#"<link rel=canonical href="https://x.com/?a=1&copy=2&amp;b&lt">"#;
        assert_eq!(
            visible(query).canonical.as_deref(),
            Some("https://x.com/?a=1&copy=2&b<")
        );
    }

    #[test]
    fn a_title_in_the_head_is_the_title_and_one_in_the_body_or_a_drawing_is_not() {
        let page = visible("<head><title>Page &amp; site</title></head><body><svg><title>icon</title></svg><title>in body</title><p>x</p>");
        assert_eq!(page.title, "Page & site");
        assert_eq!(page.text.split_whitespace().collect::<Vec<_>>(), ["in", "body", "x"]);
        // With no `<head>` tag, a title before the body is still the page's, not its text.
        let page = visible("<html><title>T</title><body><p>x</p>");
        assert_eq!((page.title.as_str(), page.text.trim()), ("T", "x"));
        let page = visible("<p>first</p><title>late</title>");
        assert_eq!(page.title, "late");
        assert_eq!(page.text.split_whitespace().collect::<Vec<_>>(), ["first", "late"]);
    }
}
