//! The data every stage shares: a page's original text, lines as byte spans into it, and removals with reasons.
//!
//! Nothing here copies text: a [`Span`] is a byte range into [`Document::text`], which stays the source of truth.

use serde::{Deserialize, Serialize};

/// A byte range `[start, end)` into a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

/// One input document: a scraped page as read from disk, before any cleaning.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file stem (`000_8df53257c6e777ac` for `seeds/000_8df53257c6e777ac.txt`).
    pub id: String,
    /// Where it came from, as the user named it.
    pub source: String,
    /// The original text (invalid UTF-8 replaced by U+FFFD).
    pub text: String,
    /// How many invalid UTF-8 sequences were replaced while decoding.
    pub invalid_utf8: usize,
}

/// One line of a page: its 1-based number and the span of its text with surrounding whitespace trimmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
}

impl Reason {
    pub const ALL: [Reason; 6] = [
        Reason::Header,
        Reason::Title,
        Reason::Byline,
        Reason::HeadlineList,
        Reason::Repeat,
        Reason::Footer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Header => "header",
            Reason::Title => "title",
            Reason::Byline => "byline",
            Reason::HeadlineList => "headline_list",
            Reason::Repeat => "repeat",
            Reason::Footer => "footer",
        }
    }
}

/// A run of consecutive lines removed for one reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removal {
    pub reason: Reason,
    /// First and last line numbers (1-based, inclusive).
    pub first_line: usize,
    pub last_line: usize,
    /// Content lines in the run (blank lines between them are not counted).
    pub count: usize,
    /// From the start of the first line's text to the end of the last one's, in the original text.
    pub span: Span,
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
}

impl RejectReason {
    pub const ALL: [RejectReason; 4] = [
        RejectReason::Empty,
        RejectReason::NoTextLeft,
        RejectReason::Binary,
        RejectReason::Unreadable,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RejectReason::Empty => "empty",
            RejectReason::NoTextLeft => "no_text_left",
            RejectReason::Binary => "binary",
            RejectReason::Unreadable => "unreadable",
        }
    }
}
