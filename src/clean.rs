//! Clean stage: a document and the detectors' decisions in, the cleaned page out. Pure: no IO.

use serde::Serialize;

use crate::config::CleanOptions;
use crate::detect::{self, Decisions};
use crate::document::{Document, Evidence, Line, Reason, Removal, Span};
use crate::split;

/// A cleaned page, borrowing from its document.
#[derive(Debug, Clone)]
pub struct Cleaned<'a> {
    pub url: Option<&'a str>,
    pub date: Option<&'a str>,
    pub title: Option<&'a str>,
    pub byline: Option<&'a str>,
    /// The kept lines, original text trimmed, joined by `\n`.
    pub text: String,
    pub removals: Vec<Removal>,
    pub stats: PageStats,
    /// What lies between the kept lines and the removed runs, when it is not one newline each: with the
    /// kept text and the removed texts, the original text again, byte for byte.
    pub layout: Option<Layout<'a>>,
}

/// The original's bytes between its pieces — kept lines and removed runs, in order — where they are not
/// the usual: `gap` between two pieces (when not `\n`), and `except`ions by position (0: before the first
/// piece; n: after the last of n pieces; nothing there when absent).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Layout<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gap: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub except: Vec<(usize, &'a str)>,
}

/// The layout of `text` cut into `pieces` (spans in order), if it is not the plain one.
fn layout<'a>(text: &'a str, pieces: &[Span]) -> Option<Layout<'a>> {
    if pieces.is_empty() {
        return (!text.is_empty()).then(|| Layout {
            gap: None,
            except: vec![(0, text)],
        });
    }
    let mut gaps: Vec<&str> = Vec::with_capacity(pieces.len() + 1);
    let mut at = 0;
    for p in pieces {
        gaps.push(&text[at..p.start]);
        at = p.end;
    }
    gaps.push(&text[at..]);
    // The commonest gap between pieces is the rule; the rest are exceptions.
    let inner = &gaps[1..gaps.len() - 1];
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for g in inner {
        match counts.iter_mut().find(|(x, _)| x == g) {
            Some((_, n)) => *n += 1,
            None => counts.push((g, 1)),
        }
    }
    let rule = counts.iter().max_by_key(|(_, n)| *n).map_or("\n", |(g, _)| *g);
    let last = gaps.len() - 1;
    let except: Vec<(usize, &str)> = gaps
        .iter()
        .enumerate()
        .filter(|&(k, g)| if k == 0 || k == last { !g.is_empty() } else { *g != rule })
        .map(|(k, g)| (k, *g))
        .collect();
    let gap = (rule != "\n").then_some(rule);
    (gap.is_some() || !except.is_empty()).then_some(Layout { gap, except })
}

/// Per-page counts, written with each record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct PageStats {
    /// Lines in the input, blank ones included.
    pub lines: usize,
    /// Lines with text.
    pub content_lines: usize,
    pub kept_lines: usize,
    pub removed_lines: usize,
    /// The page's bytes as read (before any decoding or replacement).
    pub bytes_in: usize,
    pub bytes_out: usize,
    /// Invalid UTF-8 sequences replaced by U+FFFD while reading.
    pub invalid_utf8: usize,
    /// The encoding the page was read in, when not UTF-8 (`windows-1256`, `UTF-16LE`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<&'static str>,
}

/// Split, detect and apply: the whole within-page pipeline for one document.
pub fn clean<'a>(doc: &'a Document, opts: &CleanOptions) -> Cleaned<'a> {
    let (lines, decisions) = decide(doc, opts);
    apply(doc, &lines, &decisions)
}

/// Split and detect: the lines and what the within-page detectors decided, before anything is applied
/// (the corpus stage adds its own decisions in between).
pub fn decide(doc: &Document, opts: &CleanOptions) -> (Vec<Line>, Decisions) {
    let lines = split::lines(&doc.text);
    if !opts.within_page {
        let decisions = detect::keys_only(&doc.text, &lines);
        return (lines, decisions);
    }
    let known = detect::Known {
        title: doc.title.as_deref(),
        author: author_of(doc),
        kind: doc.kind,
        prepared: doc.prepared.as_deref(),
    };
    let decisions = detect::detect(&doc.text, &lines, opts, &known);
    (lines, decisions)
}

/// A record's author field (`author`, `byline`, `authors`, `creator`), when it is a string.
pub fn author_of(doc: &Document) -> Option<&str> {
    let meta = doc.metadata.as_ref()?;
    ["author", "byline", "authors", "creator"]
        .iter()
        .find_map(|f| match meta.get(*f) {
            Some(serde_json::Value::String(s)) if !s.trim().is_empty() => Some(s.trim()),
            _ => None,
        })
}

/// The kept lines' indices: content lines with no removal reason and at least one word.
pub fn kept_lines<'d>(lines: &'d [Line], d: &'d Decisions) -> impl Iterator<Item = usize> + 'd {
    (0..lines.len()).filter(|&i| !lines[i].span.is_empty() && d.labels[i].is_none() && d.keys.words[i] > 0)
}

/// Apply decisions to a document's lines.
pub fn apply<'a>(doc: &'a Document, lines: &[Line], d: &Decisions) -> Cleaned<'a> {
    let text = doc.text.as_str();
    let mut out = String::with_capacity(text.len());
    let mut removals: Vec<Removal> = Vec::new();
    let mut stats = PageStats {
        lines: lines.len(),
        bytes_in: doc.raw_bytes.unwrap_or(text.len()),
        invalid_utf8: doc.invalid_utf8,
        encoding: doc.encoding,
        ..PageStats::default()
    };

    // Whether the content line before this one was removed: a run goes on only across blank lines.
    let mut in_run = false;
    let mut kept_spans = Vec::new();
    let mut notes = d.evidence.iter().peekable();
    for (i, (line, label)) in lines.iter().zip(&d.labels).enumerate() {
        while notes.next_if(|(at, _)| *at < i).is_some() {}
        let evidence = notes.peek().filter(|(at, _)| *at == i).map(|(_, e)| e);
        if line.span.is_empty() {
            continue;
        }
        stats.content_lines += 1;
        match label {
            None => {
                in_run = false;
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(line.span.of(text));
                kept_spans.push(line.span);
                stats.kept_lines += 1;
            }
            Some(reason) => {
                stats.removed_lines += 1;
                extend(&mut removals, *reason, evidence, line, in_run, stats.kept_lines);
                in_run = true;
            }
        }
    }
    stats.bytes_out = out.len();
    let mut pieces: Vec<Span> = kept_spans.into_iter().chain(removals.iter().map(|r| r.span)).collect();
    pieces.sort_unstable_by_key(|s| s.start);

    // Fields the input brought (JSON, WARC headers) win over what the text's header says.
    Cleaned {
        url: doc.url.as_deref().or(d.url.map(|s| s.of(text))),
        date: doc.date.as_deref().or(d.date.map(|s| s.of(text))),
        title: doc
            .headline
            .as_deref()
            .or(doc.title.as_deref())
            .or(d.title.map(|i| lines[i].span.of(text))),
        byline: d.byline.map(|i| lines[i].span.of(text)),
        text: out,
        removals,
        stats,
        layout: layout(text, &pieces),
    }
}

/// Add a removed line to the last run when it continues it (same reason and evidence, only blank lines
/// between), else start a new run.
fn extend(
    removals: &mut Vec<Removal>,
    reason: Reason,
    evidence: Option<&Evidence>,
    line: &Line,
    in_run: bool,
    kept_before: usize,
) {
    if let Some(last) = removals.last_mut().filter(|_| in_run) {
        if last.reason == reason {
            if let Some(merged) = Evidence::merge(last.evidence.as_ref(), evidence) {
                last.evidence = merged;
                last.last_line = line.number;
                last.count += 1;
                last.span.end = line.span.end;
                return;
            }
        }
    }
    removals.push(Removal {
        reason,
        first_line: line.number,
        last_line: line.number,
        count: 1,
        kept_before,
        span: Span::new(line.span.start, line.span.end),
        evidence: evidence.cloned(),
    });
}
