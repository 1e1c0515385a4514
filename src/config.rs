//! Settings: validated, with defaults, free of clap and of IO. The CLI builds one; tests build their own.

use std::path::PathBuf;

use crate::corpus::counts::BoilerplateRule;
use crate::corpus::duplicates::DedupRule;
use crate::read::ReadOptions;

/// Thresholds of the within-page detectors.
#[derive(Debug, Clone, PartialEq)]
pub struct Thresholds {
    /// A paragraph of 8 shingles or more is a near-repeat when at least this share of its word 3-grams
    /// already appeared in the page.
    pub near: f64,
    /// The same share for shorter paragraphs (3 to 7 shingles), where one coincidence weighs more.
    pub near_short: f64,
    /// A near-repeat below this share is removed only inside a repeated block (next to another repeat).
    pub near_alone: f64,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            near: 0.6,
            near_short: 0.8,
            near_alone: 0.8,
        }
    }
}

/// What the cleaning of one page needs to know.
#[derive(Debug, Clone, PartialEq)]
pub struct CleanOptions {
    pub thresholds: Thresholds,
    /// Put the text of each removed run into the record (the default), so the output alone shows each cut.
    pub removed_text: bool,
    /// Put each rejected document's whole text into its reject (`--rejects-text`).
    pub rejects_text: bool,
    /// Remove the byline from the text (reason `byline`). Off by default: the byline is recorded in the
    /// `byline` field and kept in the text, since a wrong guess would cut article text.
    pub strip_byline: bool,
    /// Run the within-page detectors (off with `--dedup-only`: each document's lines are kept whole).
    pub within_page: bool,
    /// Find the article in a page whose text is a whole page's (menus and footers around it), and mark
    /// the rest `navigation` and `after_article` (off with `--no-whole-pages`).
    pub whole_pages: bool,
}

impl Default for CleanOptions {
    fn default() -> CleanOptions {
        CleanOptions {
            thresholds: Thresholds::default(),
            removed_text: true,
            rejects_text: false,
            strip_byline: false,
            within_page: true,
            whole_pages: true,
        }
    }
}

/// Everything `ghirbal clean` needs, checked.
#[derive(Debug, Clone)]
pub struct Config {
    /// Files and directories, in the order given.
    pub inputs: Vec<PathBuf>,
    /// `None` writes to stdout.
    pub output: Option<PathBuf>,
    pub rejects: Option<PathBuf>,
    pub stats: Option<PathBuf>,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
    /// Show a progress bar (only ever on a terminal).
    pub progress: bool,
    /// Print the summary on stderr at the end.
    pub summary: bool,
    pub clean: CleanOptions,
    /// Formats, fields and limits of the readers.
    pub read: ReadOptions,
    /// Split the output into numbered files of this many records.
    pub shard_size: Option<u64>,
    /// The corpus stage (boilerplate by frequency, duplicate documents); `None` turns it off.
    pub corpus: Option<CorpusOptions>,
    /// Where to write the corpus report.
    pub corpus_report: Option<PathBuf>,
    /// A sharded run's corpus index: the corpus stage's decisions come from it.
    pub index: Option<PathBuf>,
}

impl Config {
    /// What this run is, for `--stats` and the report's header.
    pub fn run_info(&self) -> crate::report::summary::Run {
        let corpus = match &self.corpus {
            None => "off".to_string(),
            Some(c) => {
                let (b, d) = (&c.rule, &c.dedup);
                let mut parts = vec![match c.boilerplate {
                    true => format!(
                        "boilerplate min-docs={} long-words={} long-min-docs={} dup-min-docs={} dedup-paragraphs={}",
                        b.min_docs, b.long_words, b.long_min_docs, b.dup_min_docs, b.duplicates
                    ),
                    false => "boilerplate=off".to_string(),
                }];
                parts.push(format!(
                    "exact-dedup={} near-dedup={} near-threshold={} near-max-diff={}",
                    d.exact, d.near, d.threshold, d.max_diff
                ));
                if let Some(index) = &self.index {
                    parts.push(format!("index={}", index.display()));
                }
                parts.join(" ")
            }
        };
        crate::report::summary::Run {
            version: env!("CARGO_PKG_VERSION").to_string(),
            inputs: self.inputs.iter().map(|p| p.display().to_string()).collect(),
            started: crate::report::utc_now(),
            settings: crate::corpus::shard::settings_of(&self.read, &self.clean),
            corpus,
        }
    }
}

/// Settings of the corpus stage.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CorpusOptions {
    /// Remove paragraphs by how many documents share them.
    pub boilerplate: bool,
    pub rule: BoilerplateRule,
    pub dedup: DedupRule,
}

impl CorpusOptions {
    /// Whether duplicate documents are looked for (a sketch pass).
    pub fn dedup_on(&self) -> bool {
        self.dedup.exact || self.dedup.near
    }

    /// Passes over the inputs, the writing one included: a reading pass when any part is on, but exact
    /// duplicates alone, which the writer finds in input order.
    pub fn passes(&self) -> usize {
        1 + usize::from(self.dedup.near || self.boilerplate)
    }

    /// Only exact duplicates are looked for: the writer finds them in one pass.
    pub fn streams_exact(&self) -> bool {
        self.dedup.exact && self.passes() == 1
    }
}
