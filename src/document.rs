//! The data every stage shares: a page's original text, lines as byte spans into it, and removals with reasons.
//!
//! Nothing here copies text: a [`Span`] is a byte range into [`Document::text`], which stays the source of truth.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub fn is_empty(&self) -> bool {
        self.start >= self.end
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// The text this span covers. Spans are only ever built on char boundaries of the same text.
    pub fn of<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }
}

/// What a document's text is, as its reader knows it. The detectors trust a text more the more its input
/// says about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum TextKind {
    /// A scraped page's text, as a page file or a WET record holds it: the detectors find its title,
    /// header and furniture from the text alone.
    #[default]
    Scraped,
    /// A field of a structured record (JSON), so the article's text rather than a whole scraped page: no
    /// line of it is guessed to be the title without the page's own evidence.
    Record,
    /// An HTML extractor's article (an HTML page, a WARC response, `--html-field`): what the extractor kept
    /// beyond the article (comments, lists of other articles) is judged by the page model without asking
    /// for a whole page's menus, which the extractor already dropped.
    Extracted,
    /// A page's whole visible text, taken because the HTML extractor found no article there: the page
    /// model judges it as a whole page whatever its title.
    WholePage,
}

impl TextKind {
    /// A record's field or an extractor's article: text an input chose, not a scraped page.
    pub fn is_chosen(self) -> bool {
        matches!(self, TextKind::Record | TextKind::Extracted)
    }
}

/// One input document, before any cleaning: a page file, a JSON record or a WARC record.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The file stem for a page file (`000_8df53257c6e777ac`), the id field of a JSON record (else
    /// `<file stem>:<line or record number>`), the `WARC-Record-ID` of a WET record.
    pub id: String,
    /// The file it came from, as the user named it (`<stdin>` for standard input).
    pub source: String,
    /// 1-based line of a JSONL file.
    pub line: Option<u64>,
    /// 1-based record of a JSON array or a WET file.
    pub record: Option<u64>,
    /// The original text (invalid UTF-8 replaced by U+FFFD).
    pub text: String,
    /// How many invalid UTF-8 sequences were replaced while decoding.
    pub invalid_utf8: usize,
    /// What the text is: a scraped page's, a record's field, an HTML extractor's article, a page's whole text.
    pub kind: TextKind,
    /// The encoding the bytes were read in, when not UTF-8 (`windows-1256`, `UTF-16LE`, ...).
    pub encoding: Option<&'static str>,
    /// The page's size as read (decompressed, before decoding), when it differs from `text`'s: legacy
    /// encodings and replaced invalid bytes change the length.
    pub raw_bytes: Option<usize>,
    /// Known from the input's fields (JSON, WARC headers) rather than found in the text.
    pub url: Option<String>,
    pub date: Option<String>,
    pub title: Option<String>,
    /// An HTML page's headline, when the page model found one whose words are all the `<title>`'s (the
    /// title less the site's name): the record's `title`. Its line stays in the text; `title` is still
    /// what the detectors know as the title (the page's text opens with it).
    pub headline: Option<String>,
    /// A JSON record's other fields, carried through to the output.
    pub metadata: Option<serde_json::Map<String, serde_json::Value>>,
    /// Something about how it was read that a person should know (it is kept all the same).
    pub note: Option<ReadNote>,
    /// What reading it computed that detection needs again (an HTML page's keys and page-model facts).
    pub prepared: Option<std::sync::Arc<crate::detect::Prepared>>,
}

/// Fewer lost characters than this never make a document garbled, whatever its length.
const MIN_LOST_CHARS: usize = 20;

impl Document {
    /// Why the document goes to the rejects before any cleaning, if it does (with what to say): it holds
    /// no text, or its text is garbled.
    pub fn refused(&self) -> Option<(RejectReason, Option<String>)> {
        if self.text.trim().is_empty() {
            return Some((RejectReason::Empty, None));
        }
        garbled(&self.text).map(|message| (RejectReason::Garbled, Some(message)))
    }
}

/// A text whose letters were lost before it was read: a conversion to an encoding that lacks them wrote
/// `?` in their place («?C? ???I ?????» was Arabic), or bytes that were no text were replaced by U+FFFD.
/// A quarter of its visible characters or more are `?` or U+FFFD (prose has a question mark a sentence
/// at most). Says how many, for the reject's message.
pub fn garbled(text: &str) -> Option<String> {
    if let Some(message) = mojibake(text) {
        return Some(message);
    }
    let marks = memchr::memchr_iter(b'?', text.as_bytes()).count();
    let replaced = memchr::memmem::find_iter(text.as_bytes(), "\u{fffd}".as_bytes()).count();
    let lost = marks + replaced;
    if lost < MIN_LOST_CHARS {
        return None;
    }
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    (lost * 4 >= visible).then(|| {
        format!(
            "{lost} of its {visible} visible characters ({}%) are `?` or U+FFFD: its letters were lost \
             before it was read (a conversion to an encoding without them, or bytes that were no text)",
            lost * 100 / visible.max(1)
        )
    })
}

/// A text that was UTF-8 read as Windows-1252 or Latin-1 before it was written again as UTF-8
/// («Ø§Ù„Ø¹Ø±Ø¨ÙŠØ©» was «العربية»): a quarter of its visible characters or more are pairs of a
/// two-byte UTF-8 sequence's lead read as a letter (U+00C2–U+00DF) and its continuation read as a sign
/// (U+00A0–U+00BF, or what Windows-1252 puts at 0x80–0x9F). Arabic, Cyrillic, Greek or Hebrew text so read
/// is unreadable; Latin text keeps most of its letters and only a few pairs, under the share.
fn mojibake(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    // U+00C2–U+00DF are 0xC3 0x82–0x9F in UTF-8: a byte search finds the candidates.
    let pairs = memchr::memchr_iter(0xC3, bytes)
        .filter(|&at| bytes.get(at + 1).is_some_and(|b| (0x82..=0x9F).contains(b)))
        .filter(|&at| text[at + 2..].chars().next().is_some_and(is_continuation_read_as_sign))
        .count();
    if pairs < MIN_LOST_CHARS {
        return None;
    }
    let visible = text.chars().filter(|c| !c.is_whitespace()).count();
    (pairs * 2 * 4 >= visible).then(|| {
        let sample: String = text.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
        format!(
            "{} of its {visible} visible characters ({}%) are UTF-8 read as Windows-1252 or Latin-1 and \
             written again («{sample}»): its letters are unreadable as they stand (repair them, e.g. with \
             ftfy, before cleaning)",
            pairs * 2,
            pairs * 2 * 100 / visible.max(1)
        )
    })
}

/// Whether a character is what Windows-1252 or Latin-1 makes of a UTF-8 continuation byte (0x80–0xBF).
fn is_continuation_read_as_sign(c: char) -> bool {
    matches!(
        c,
        '\u{80}'
            ..='\u{bf}'
                | '€'
                | '‚'
                | 'ƒ'
                | '„'
                | '…'
                | '†'
                | '‡'
                | 'ˆ'
                | '‰'
                | 'Š'
                | '‹'
                | 'Œ'
                | 'Ž'
                | '\u{2018}'
                | '\u{2019}'
                | '\u{201c}'
                | '\u{201d}'
                | '•'
                | '–'
                | '—'
                | '˜'
                | '™'
                | 'š'
                | '›'
                | 'œ'
                | 'ž'
                | 'Ÿ'
    )
}

/// Something odd about how a document was read that is no reason to reject it: reported on stderr once
/// per file and kind, with the first case and how many there were.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadNote {
    /// The id field (`field`) held a JSON value of this kind (`object`, `array`, `boolean`): the record
    /// got the fallback id `<file stem>:<line or record>`.
    IdNotScalar { field: String, kind: &'static str },
    /// A WET record's Content-Length was missing (`None`) or did not match where the record ends (the
    /// next `WARC/1.x` line): it was cut there, `found` bytes.
    WetLength { declared: Option<u64>, found: u64 },
}

impl ReadNote {
    /// The warning for `count` documents of `file` with this note, this one (at `at`) the first.
    pub fn warning(&self, file: &str, at: &str, count: u64) -> String {
        let (one, many) = match self {
            ReadNote::IdNotScalar { field, kind } => (
                format!("`{field}` field is not a string or a number (the first at {at}: {kind})"),
                "got the fallback id <file stem>:<line or record>".to_string(),
            ),
            ReadNote::WetLength { declared, found } => {
                let declared =
                    declared.map_or_else(|| "no valid Content-Length".to_string(), |d| format!("{d} declared"));
                (
                    format!("Content-Length is missing or wrong (the first at {at}: {declared}, {found} found)"),
                    "were read up to the next `WARC/1.x` line, which starts the next record, and kept".to_string(),
                )
            }
        };
        let records = if count == 1 { "record" } else { "records" };
        format!("ghirbal: warning: {file}: {count} {records} whose {one} {many}")
    }
}

/// Where a document (or a reject) was read: enough to find it again.
#[derive(Debug, Clone)]
pub struct Origin {
    pub source: std::sync::Arc<str>,
    pub stem: std::sync::Arc<str>,
    pub line: Option<u64>,
    pub record: Option<u64>,
}

impl Origin {
    /// `<stem>:<line or record>`, the id of a record that brings none.
    pub fn fallback_id(&self) -> String {
        match self.line.or(self.record) {
            Some(n) => format!("{}:{n}", self.stem),
            None => self.stem.to_string(),
        }
    }

    pub fn reject(&self, id: String, reason: RejectReason, message: Option<String>) -> Rejected {
        Rejected {
            id,
            source: self.source.to_string(),
            line: self.line,
            record: self.record,
            reason,
            message,
        }
    }
}

/// A document that goes to the rejects instead of the output, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub id: String,
    pub source: String,
    pub line: Option<u64>,
    pub record: Option<u64>,
    pub reason: RejectReason,
    pub message: Option<String>,
}

/// One line of a page: its 1-based number and the span of its text with surrounding whitespace trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub number: usize,
    pub span: Span,
}

/// Why a line was removed. Serialized in `snake_case` in the output (`headline_list`, `repeat`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The scraper's ` date YYYY-MM-DD URL` header line (moved to `url` and `date`).
    Header,
    /// The page title (moved to `title`) and every later copy of it.
    Title,
    /// The author / agency line under the title (moved to `byline`).
    Byline,
    /// A list of other articles' headlines at the top or bottom of the page, with its heading.
    HeadlineList,
    /// A paragraph that already appeared earlier in the page (exactly, after normalization, or nearly).
    Repeat,
    /// Navigation, share and copyright lines.
    Footer,
    /// A paragraph that many documents of the corpus share: a site's template.
    Boilerplate,
    /// A long paragraph that an earlier document (in input order) of the corpus already has.
    DuplicateParagraph,
    /// A line with no words: a separator («-----», «* * *», «×××») or a stray mark.
    Separator,
    /// A line that only dates the page («السبت، 05 مايو 2012، 14:32», «تاريخ النشر: 24 أغسطس 2012»).
    Dateline,
    /// On a whole page's text, a line before the article: menus, navigation, breadcrumbs, the site's header;
    /// in an HTML page's extracted article, a line above its headline.
    Navigation,
    /// On a whole page's text, a line after the article: share and comment furniture, related links, the
    /// site's footer.
    AfterArticle,
}

impl Reason {
    pub const ALL: [Reason; 12] = [
        Reason::Header,
        Reason::Title,
        Reason::Byline,
        Reason::HeadlineList,
        Reason::Repeat,
        Reason::Footer,
        Reason::Boilerplate,
        Reason::DuplicateParagraph,
        Reason::Separator,
        Reason::Dateline,
        Reason::Navigation,
        Reason::AfterArticle,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Header => "header",
            Reason::Title => "title",
            Reason::Byline => "byline",
            Reason::HeadlineList => "headline_list",
            Reason::Repeat => "repeat",
            Reason::Footer => "footer",
            Reason::Boilerplate => "boilerplate",
            Reason::DuplicateParagraph => "duplicate_paragraph",
            Reason::Separator => "separator",
            Reason::Dateline => "dateline",
            Reason::Navigation => "navigation",
            Reason::AfterArticle => "after_article",
        }
    }
}

/// Why a line was removed, in data: what a person needs to judge the removal without rerunning anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Evidence {
    /// A site template: lines of this shape stand where furniture stands on `documents` of the site's
    /// `site_documents` pages (both count to 255, which means "255 or more").
    Template {
        /// `masked` (numbers, emails, links), `title` (the page's title), `slot` (a city, desk or name), `lead`
        /// (the first word of a page's first or last line).
        kind: Cow<'static, str>,
        /// The shape, in normalized words: `*` the part that varies, `|` between parts.
        shape: String,
        documents: u8,
        site_documents: u8,
    },
    /// The same paragraph (after normalization) in `documents` documents of the corpus (255: or more).
    Shared { documents: u8 },
    /// A long paragraph the document numbered `first_document` (0-based, in input order: the same number in
    /// a sharded run) holds and keeps; `documents` documents of the corpus hold it.
    Duplicate { first_document: u64, documents: u8 },
    /// Repeats of earlier lines of the page: `of_lines`, the first and last line (1-based) the run copies
    /// word for word (after normalization); `share`, for a near repeat, the least share of a line's word
    /// 3-grams the page already had.
    Repeat {
        #[serde(skip_serializing_if = "Option::is_none")]
        of_lines: Option<[usize; 2]>,
        #[serde(skip_serializing_if = "Option::is_none")]
        share: Option<f64>,
    },
    /// Under a heading that introduces other articles (`heading_line`, 1-based).
    Heading { heading_line: usize },
    /// A one-line link to another article («للمزيد: …», "Read more").
    RelatedLink,
    /// Above the headline (`headline_line`, 1-based) of an article an HTML extractor took from its page: a
    /// teaser, a poll, a breadcrumb or a kicker the extractor kept.
    AboveHeadline { headline_line: usize },
    /// A credit that names a place and an agency, a desk or a paper, and no person («بكين - أ ف ب»).
    Credit,
    /// The byline's shape (`name and place`, `name alone`, `signature`, `author description`, `author field`).
    Byline { shape: Cow<'static, str> },
    /// Outside the article of a whole page: the article block is `article_lines` (first and last, 1-based),
    /// with `words` words of prose.
    Article { article_lines: [usize; 2], words: usize },
}

impl Evidence {
    /// The evidence of a run that goes on with a line of this evidence, if the two can be one run: equal
    /// evidence, or repeats (their copied lines and shares merge).
    pub fn merge(run: Option<&Evidence>, line: Option<&Evidence>) -> Option<Option<Evidence>> {
        match (run, line) {
            (Some(Evidence::Repeat { of_lines: a, share: s }), Some(Evidence::Repeat { of_lines: b, share: t })) => {
                let of_lines = match (a, b) {
                    (Some(a), Some(b)) => Some([a[0].min(b[0]), a[1].max(b[1])]),
                    (a, b) => a.or(*b),
                };
                let share = match (s, t) {
                    (Some(s), Some(t)) => Some(s.min(*t)),
                    (s, t) => s.or(*t),
                };
                Some(Some(Evidence::Repeat { of_lines, share }))
            }
            (a, b) if a == b => Some(a.cloned()),
            _ => None,
        }
    }
}

/// A run of consecutive lines removed for one reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    pub reason: Reason,
    /// First and last line numbers (1-based, inclusive).
    pub first_line: usize,
    pub last_line: usize,
    /// Content lines in the run (blank lines between them are not counted).
    pub count: usize,
    /// Kept lines before the run: where it sits in the cleaned text, so the original can be rebuilt from
    /// the record alone (`ghirbal diff`).
    pub kept_before: usize,
    /// From the start of the first line's text to the end of the last one's, in the original text.
    pub span: Span,
    /// What made the run's lines go, where there is more to say than the reason.
    pub evidence: Option<Evidence>,
}

/// Why a whole document went to the rejects instead of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// The input held no text at all (empty or whitespace only).
    Empty,
    /// Every line was removed as noise: nothing of an article was left.
    NoTextLeft,
    /// The file holds NUL bytes: it is binary, not text.
    Binary,
    /// The file could not be read (the message says why).
    Unreadable,
    /// Over `--max-doc-bytes`: skipped without being held in memory.
    TooLarge,
    /// A JSONL line that is not valid JSON (the message says where).
    MalformedJson,
    /// A JSON value that is not an object.
    NotAnObject,
    /// A JSON object without the text field.
    MissingText,
    /// A JSON object whose text field is not a string.
    BadTextField,
    /// The same normalized text as an earlier document (`duplicate_of` names it).
    ExactDuplicate,
    /// Nearly the same text as an earlier document (MinHash; `duplicate_of` names it).
    NearDuplicate,
    /// An HTML page in which no article was found (the message says why).
    NoArticle,
    /// A text whose letters were lost before it was read: a quarter of it or more is `?` or U+FFFD.
    Garbled,
}

impl RejectReason {
    pub const ALL: [RejectReason; 13] = [
        RejectReason::Empty,
        RejectReason::NoTextLeft,
        RejectReason::Binary,
        RejectReason::Unreadable,
        RejectReason::TooLarge,
        RejectReason::MalformedJson,
        RejectReason::NotAnObject,
        RejectReason::MissingText,
        RejectReason::BadTextField,
        RejectReason::ExactDuplicate,
        RejectReason::NearDuplicate,
        RejectReason::NoArticle,
        RejectReason::Garbled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::Empty => "empty",
            RejectReason::NoTextLeft => "no_text_left",
            RejectReason::Binary => "binary",
            RejectReason::Unreadable => "unreadable",
            RejectReason::TooLarge => "too_large",
            RejectReason::MalformedJson => "malformed_json",
            RejectReason::NotAnObject => "not_an_object",
            RejectReason::MissingText => "missing_text",
            RejectReason::BadTextField => "bad_text_field",
            RejectReason::ExactDuplicate => "exact_duplicate",
            RejectReason::NearDuplicate => "near_duplicate",
            RejectReason::NoArticle => "no_article",
            RejectReason::Garbled => "garbled",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::garbled;

    #[test]
    fn text_whose_letters_became_question_marks_is_garbled() {
        // Arabic written out through an encoding without its letters, as an old scraper left it.
        let lost = "?C? ???I ????? C??E?IE EC?? ???? ??C?? ?E??E C???? C??E?IE ?C??C??E C???E?E? ???? 12 ?? 2012";
        assert!(garbled(lost).is_some_and(|m| m.contains("are `?` or U+FFFD")));
        // Bytes that were no text, replaced on reading.
        assert!(garbled(&"\u{fffd}\u{fffd}x ".repeat(20)).is_some());
    }

    #[test]
    fn questions_and_a_few_replaced_bytes_are_no_garbling() {
        let questions = "Why now? Who pays? When does it start? What changes for tenants? Is it legal?\n".repeat(10);
        assert_eq!(garbled(&questions), None);
        // Fewer than 20 lost characters, whatever the share.
        assert_eq!(garbled("???? ?? ???"), None);
        assert_eq!(garbled("café \u{fffd} crème \u{fffd}"), None);
        let arabic = "هل يعود اللاعب؟ ومتى؟ ولماذا الآن؟ ".repeat(30);
        assert_eq!(garbled(&arabic), None);
    }

    /// What Windows-1252 makes of UTF-8 bytes, as a scraper that decoded a page wrongly wrote it.
    fn misread(text: &str) -> String {
        encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(text.as_bytes())
            .0
            .into_owned()
    }

    #[test]
    fn utf8_read_as_windows_1252_is_garbled() {
        let arabic = "بحث وزير الخارجية اليوم مع نظيره الفرنسي تطورات الأوضاع في المنطقة.\n".repeat(3);
        assert!(garbled(&misread(&arabic)).is_some_and(|m| m.contains("UTF-8 read as Windows-1252")));
        let russian = "Министр иностранных дел обсудил с французским коллегой ситуацию в регионе.";
        assert!(garbled(&misread(russian)).is_some());
        // Latin text so read keeps its letters: a few pairs, under the share. Accented text as it should be
        // has none.
        let french = "Le ministre a discuté avec son homologue de la situation régionale, à Paris et à Genève.\n";
        assert_eq!(garbled(&misread(&french.repeat(5))), None);
        assert_eq!(garbled(&format!("ÉTÉ À PARIS « Ça » {}", french.repeat(5))), None);
    }
}
