//! Run summary: per-page counts in, totals out. `impl Add` lets rayon reduce them in any order and still
//! get the same totals; `render` is the short text printed on stderr, `to_json` what `--stats` writes.

use std::ops::Add;
use std::time::Duration;

use serde::Serialize;

use crate::document::{Reason, RejectReason};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub docs_read: u64,
    pub docs_kept: u64,
    /// Rejected pages, indexed like `RejectReason::ALL`.
    pub rejected: [u64; RejectReason::ALL.len()],
    /// Removed lines, indexed like `Reason::ALL`.
    pub lines_removed: [u64; Reason::ALL.len()],
    pub lines_kept: u64,
    pub bytes_read: u64,
    pub bytes_written: u64,
    /// Pages in which invalid UTF-8 was replaced.
    pub docs_with_invalid_utf8: u64,
    /// Inputs (files or directories) that could not be read.
    pub read_errors: u64,
    /// The first of those errors, in words (naming the file, and the line or record): for callers that
    /// raise it (the Python package).
    pub first_error: Option<String>,
    /// Kept documents with at least one line removed for each reason, indexed like `Reason::ALL`.
    pub docs_with_reason: [u64; Reason::ALL.len()],
    /// Characters removed for each reason (letters, digits and marks: whitespace not counted), indexed like
    /// `Reason::ALL`.
    pub chars_removed: [u64; Reason::ALL.len()],
    /// The same counts by site (the URL's host, else a `source`/`site` field, else the input's folder).
    pub by_source: std::collections::BTreeMap<String, SourceCounts>,
}

/// One site's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SourceCounts {
    pub documents: u64,
    pub kept: u64,
    pub rejected: u64,
    pub lines_kept: u64,
    pub lines_removed: u64,
}

impl SourceCounts {
    fn add(&mut self, o: &SourceCounts) {
        self.documents += o.documents;
        self.kept += o.kept;
        self.rejected += o.rejected;
        self.lines_kept += o.lines_kept;
        self.lines_removed += o.lines_removed;
    }
}

impl Summary {
    pub fn docs_rejected(&self) -> u64 {
        self.rejected.iter().sum()
    }

    pub fn reject(&mut self, reason: RejectReason) {
        self.rejected[RejectReason::ALL.iter().position(|r| *r == reason).unwrap_or(0)] += 1;
    }

    pub fn removed(&mut self, reason: Reason, lines: u64, chars: u64) {
        let k = Reason::ALL.iter().position(|r| *r == reason).unwrap_or(0);
        self.lines_removed[k] += lines;
        self.chars_removed[k] += chars;
    }

    /// Count one kept document as having lines removed for `reason` (once per reason).
    pub fn has_reason(&mut self, reason: Reason) {
        self.docs_with_reason[Reason::ALL.iter().position(|r| *r == reason).unwrap_or(0)] = 1;
    }

    /// Credit this (one document's) summary to its site.
    pub fn credit(&mut self, site: String) {
        let counts = SourceCounts {
            documents: self.docs_read,
            kept: self.docs_kept,
            rejected: self.docs_rejected(),
            lines_kept: self.lines_kept,
            lines_removed: self.lines_removed.iter().sum(),
        };
        self.by_source.entry(site).or_default().add(&counts);
    }

    /// The few lines printed on stderr at the end of a run.
    pub fn render(&self, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64();
        let mut s = format!(
            "ghirbal: {} read ({}) in {:.2} s, {:.1} MB/s\n  kept {}, rejected {}",
            count(self.docs_read, "document", "documents"),
            human_bytes(self.bytes_read),
            secs,
            mb_per_s(self.bytes_read, secs),
            self.docs_kept,
            self.docs_rejected(),
        );
        let rejected: Vec<String> = RejectReason::ALL
            .iter()
            .zip(self.rejected)
            .filter(|(_, n)| *n > 0)
            .map(|(r, n)| format!("{} {n}", r.as_str()))
            .collect();
        if !rejected.is_empty() {
            s += &format!(" ({})", rejected.join(", "));
        }
        let removed: Vec<String> = Reason::ALL
            .iter()
            .zip(self.lines_removed)
            .map(|(r, n)| format!("{} {n}", r.as_str()))
            .collect();
        s += &format!("\n  lines kept {}, removed: {}", self.lines_kept, removed.join(", "));
        if self.docs_with_invalid_utf8 > 0 {
            s += &format!(
                "\n  {} documents had invalid UTF-8 (replaced by U+FFFD)",
                self.docs_with_invalid_utf8
            );
        }
        if self.read_errors > 0 {
            s += &format!(
                "\n  {} not be read (see the errors above)",
                count(self.read_errors, "input could", "inputs could")
            );
        }
        s
    }

    /// The `--stats` file: what was run (`run`), then the counts.
    pub fn to_json(&self, run: &Run, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64();
        let stats = Stats {
            run,
            docs_read: self.docs_read,
            docs_kept: self.docs_kept,
            docs_rejected: self.docs_rejected(),
            rejected: RejectReason::ALL
                .iter()
                .zip(self.rejected)
                .map(|(r, n)| (r.as_str(), n))
                .collect(),
            lines_kept: self.lines_kept,
            lines_removed: Reason::ALL
                .iter()
                .zip(self.lines_removed)
                .map(|(r, n)| (r.as_str(), n))
                .collect(),
            bytes_read: self.bytes_read,
            bytes_written: self.bytes_written,
            docs_with_invalid_utf8: self.docs_with_invalid_utf8,
            read_errors: self.read_errors,
            by_reason: Reason::ALL
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let counts = ReasonCounts {
                        documents: self.docs_with_reason[k],
                        lines: self.lines_removed[k],
                        characters: self.chars_removed[k],
                    };
                    (r.as_str(), counts)
                })
                .collect(),
            by_source: &self.by_source,
            seconds: (secs * 1000.0).round() / 1000.0,
            mb_per_s: (mb_per_s(self.bytes_read, secs) * 10.0).round() / 10.0,
        };
        // Plain struct of numbers and string-keyed maps: serialization cannot fail.
        serde_json::to_string_pretty(&stats).expect("stats serialize") + "\n"
    }
}

/// What a run was: enough to tell two runs apart and to redo one. The report shows it as its header.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Run {
    pub version: String,
    /// The inputs as the user named them.
    pub inputs: Vec<String>,
    /// When the run started, UTC (`2026-11-26T02:24:54Z`).
    pub started: String,
    /// Reading and cleaning settings, in `sign`'s words (`format=auto text-field=text ...`).
    pub settings: String,
    /// The corpus stage's settings (`off` when it did not run).
    pub corpus: String,
}

#[derive(Serialize)]
struct ReasonCounts {
    /// Kept documents with lines removed for the reason.
    documents: u64,
    /// Lines with text (blank lines inside a removed run are not counted).
    lines: u64,
    /// Characters other than whitespace.
    characters: u64,
}

#[derive(Serialize)]
struct Stats<'a> {
    run: &'a Run,
    docs_read: u64,
    docs_kept: u64,
    docs_rejected: u64,
    rejected: std::collections::BTreeMap<&'static str, u64>,
    lines_kept: u64,
    lines_removed: std::collections::BTreeMap<&'static str, u64>,
    bytes_read: u64,
    bytes_written: u64,
    docs_with_invalid_utf8: u64,
    read_errors: u64,
    by_reason: std::collections::BTreeMap<&'static str, ReasonCounts>,
    by_source: &'a std::collections::BTreeMap<String, SourceCounts>,
    seconds: f64,
    mb_per_s: f64,
}

impl Add for Summary {
    type Output = Summary;

    fn add(mut self, o: Summary) -> Summary {
        self.docs_read += o.docs_read;
        self.docs_kept += o.docs_kept;
        for (a, b) in self.rejected.iter_mut().zip(o.rejected) {
            *a += b;
        }
        for (a, b) in self.lines_removed.iter_mut().zip(o.lines_removed) {
            *a += b;
        }
        self.lines_kept += o.lines_kept;
        self.bytes_read += o.bytes_read;
        self.bytes_written += o.bytes_written;
        self.docs_with_invalid_utf8 += o.docs_with_invalid_utf8;
        self.read_errors += o.read_errors;
        self.first_error = self.first_error.or(o.first_error);
        for (a, b) in self.docs_with_reason.iter_mut().zip(o.docs_with_reason) {
            *a += b;
        }
        for (a, b) in self.chars_removed.iter_mut().zip(o.chars_removed) {
            *a += b;
        }
        for (site, counts) in o.by_source {
            self.by_source.entry(site).or_default().add(&counts);
        }
        self
    }
}

fn mb_per_s(bytes: u64, secs: f64) -> f64 {
    if secs > 0.0 {
        bytes as f64 / 1e6 / secs
    } else {
        0.0
    }
}

fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1_000_000_000 => format!("{:.2} GB", n as f64 / 1e9),
        n if n >= 1_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        n if n >= 1_000 => format!("{:.1} KB", n as f64 / 1e3),
        n => format!("{n} B"),
    }
}

/// `1 document`, `2 documents`.
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_add_up_in_any_order() {
        let mut a = Summary {
            docs_read: 2,
            docs_kept: 1,
            ..Summary::default()
        };
        a.reject(RejectReason::Empty);
        a.removed(Reason::Repeat, 3, 40);
        a.credit("site-a".into());
        let mut b = Summary {
            docs_read: 1,
            docs_kept: 1,
            ..Summary::default()
        };
        b.removed(Reason::Repeat, 2, 10);
        b.credit("site-b".into());
        let ab = a.clone() + b.clone();
        assert_eq!(ab, b + a);
        assert_eq!(ab.docs_read, ab.docs_kept + ab.docs_rejected());
        assert_eq!(ab.lines_removed[4], 5);
        assert_eq!(ab.chars_removed[4], 50);
        assert_eq!(ab.by_source.values().map(|c| c.documents).sum::<u64>(), ab.docs_read);
    }
}
