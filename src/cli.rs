//! Command-line definitions (clap derive) and their translation into a checked `Config`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{CleanOptions, Config, CorpusOptions, Thresholds};
use crate::corpus::counts::BoilerplateRule;
use crate::corpus::duplicates::DedupRule;
use crate::corpus::shard;
use crate::document::Reason;
use crate::error::Error;
use crate::read::html::Extractor;
use crate::read::json::Fields;
use crate::read::{Format, ReadOptions};
use crate::report::diff::{self, DiffOptions};
use crate::report::html;

/// ghirbal (غربال, "sieve"): clean scraped web-text dumps.
///
/// Splits scraped pages into paragraphs, removes headers, headline lists, repeated titles and blocks,
/// bylines and footer lines, and writes cleaned JSON Lines with every removal and its reason.
#[derive(Debug, Parser)]
#[command(name = "ghirbal", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean scraped pages and documents into JSON Lines (one record per kept document).
    Clean(CleanArgs),
    /// Show what was cut: for each cleaned document, a unified diff of its original against its
    /// cleaned text, every removed run labelled with its reason.
    Diff(DiffArgs),
    /// Write one self-contained HTML report of a run: summary charts, boilerplate, duplicate clusters,
    /// and every document's original beside its cleaned text.
    Report(ReportArgs),
    /// Map step of a sharded run: sketch a shard's documents (or, with --index, count its paragraphs)
    /// into a signature file.
    Sign(SignArgs),
    /// Reduce step of a sharded run: merge signature files into the dedup index, count files, or the
    /// corpus index that `clean --index` reads.
    Merge(MergeArgs),
}

#[derive(Debug, clap::Args)]
pub struct SignArgs {
    /// The shard's inputs (files, directories); `clean --index` must name them the same way.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The signature file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    /// The dedup index (`ghirbal merge` of the sketch files): count the shard's paragraphs instead.
    #[arg(long, value_name = "FILE")]
    pub index: Option<PathBuf>,

    #[command(flatten)]
    pub read: ReadArgs,

    #[command(flatten)]
    pub detect: DetectArgs,

    /// Worker threads (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,
}

impl SignArgs {
    /// Check the flags and build the sign's settings.
    pub fn into_settings(self) -> Result<shard::SignSettings, Error> {
        Ok(shard::SignSettings {
            read: self.read.into_options()?,
            clean: CleanOptions {
                thresholds: self.detect.thresholds()?,
                whole_pages: !self.detect.no_whole_pages,
                ..CleanOptions::default()
            },
            inputs: self.inputs,
            output: self.output,
            index: self.index,
            threads: self.threads.unwrap_or(0),
        })
    }
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Sketch files (in shard order: that order is the corpus's input order); or a dedup index and
    /// count files; or count files alone (a partial merge, for tree reduces).
    #[arg(required = true, value_name = "FILE")]
    pub inputs: Vec<PathBuf>,

    /// The file to write.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,

    /// Keep documents whose normalized text equals an earlier one's.
    #[arg(long)]
    pub no_exact_dedup: bool,

    /// Keep near-duplicate documents.
    #[arg(long)]
    pub no_near_dedup: bool,

    /// Estimated Jaccard similarity from which two documents are near duplicates.
    #[arg(long, value_name = "SHARE", default_value_t = DedupRule::default().threshold)]
    pub near_dup_threshold: f64,

    /// Two documents at least 80% alike that differ by at most this many word 5-grams (about three
    /// changed words) are near duplicates too, whatever their length.
    #[arg(long, value_name = "SHINGLES", default_value_t = DedupRule::default().max_diff)]
    pub near_dup_max_diff: f64,

    /// With sketch files: write only the candidate groups of key range K of P (P a power of two), a
    /// partition task; `--groups` then replays all P into the dedup index.
    #[arg(long, value_name = "K/P")]
    pub partition: Option<String>,

    /// With sketch files: replay these partitions' candidate groups (all P of them, in order) into the
    /// dedup index, the same file one `merge` writes.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub groups: Vec<PathBuf>,
}

impl MergeArgs {
    /// Check the flags and build the merge's settings.
    pub fn into_settings(self) -> Result<shard::MergeSettings, Error> {
        if self.inputs.is_empty() {
            return Err(Error::Usage("merge needs input files".into()));
        }
        let partition = match &self.partition {
            None => None,
            Some(text) => {
                let parsed = text
                    .split_once('/')
                    .and_then(|(k, p)| Some((k.trim().parse::<u64>().ok()?, p.trim().parse::<u64>().ok()?)));
                match parsed {
                    Some((k, p)) if p.is_power_of_two() && p <= 1 << 10 && k < p => Some((k, p)),
                    _ => {
                        return Err(Error::Usage(format!(
                            "--partition {text}: give K/P with P a power of two up to 1024 and K below P (0/4 … 3/4)"
                        )))
                    }
                }
            }
        };
        if partition.is_some() && !self.groups.is_empty() {
            return Err(Error::Usage(
                "--partition writes groups and --groups reads them: give one".into(),
            ));
        }
        Ok(shard::MergeSettings {
            partition,
            groups: self.groups,
            inputs: self.inputs,
            output: self.output,
            dedup: DedupRule {
                exact: !self.no_exact_dedup,
                near: !self.no_near_dedup,
                threshold: self.near_dup_threshold,
                max_diff: self.near_dup_max_diff,
            },
        })
    }
}

#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// The output of `ghirbal clean` (JSON Lines, maybe .gz or .zst).
    #[arg(value_name = "CLEANED")]
    pub cleaned: PathBuf,

    /// The rejects file of the same run (--rejects), for the outcome chart and the duplicate clusters.
    #[arg(value_name = "REJECTS")]
    pub rejects: Option<PathBuf>,

    /// The HTML file to write (`-`: stdout).
    #[arg(short, long, value_name = "FILE", default_value = "report.html")]
    pub output: PathBuf,

    /// The run's --stats file: its settings in the header, its figures by reason and by source as tables.
    #[arg(long, value_name = "FILE")]
    pub stats: Option<PathBuf>,

    /// The original inputs, to show documents written with --no-removed-text and duplicates rejected
    /// without their text.
    #[arg(long = "input", value_name = "PATH")]
    pub inputs: Vec<PathBuf>,

    /// The JSON field holding the text, for --input JSON records.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,
}

impl ReportArgs {
    /// The report's settings.
    pub fn into_settings(self) -> html::ReportSettings {
        html::ReportSettings {
            cleaned: self.cleaned,
            rejects: self.rejects,
            stats: self.stats,
            inputs: self.inputs,
            read: inputs_read_options(self.text_field),
            output: self.output,
        }
    }
}

/// How `diff` and `report` read their `--input` files: defaults, with the text in `text_field`.
fn inputs_read_options(text_field: String) -> ReadOptions {
    ReadOptions {
        fields: Fields {
            text: text_field,
            ..Fields::default()
        },
        ..ReadOptions::default()
    }
}

/// How an HTML page's article is found (`--html-extractor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractorArg {
    Readability,
    PageModel,
}

/// When to color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorArg {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    Always,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The output of `ghirbal clean` (JSON Lines, maybe .gz or .zst).
    #[arg(value_name = "CLEANED")]
    pub file: PathBuf,

    /// Only this document (repeat the flag for more).
    #[arg(long = "id", value_name = "ID")]
    pub ids: Vec<String>,

    /// Only documents with removals for these reasons, and only those hunks (comma-separated:
    /// header, title, byline, headline_list, repeat, footer, boilerplate, duplicate_paragraph).
    #[arg(long = "reason", value_name = "REASONS", value_delimiter = ',')]
    pub reasons: Vec<String>,

    /// Lines of context around each hunk.
    #[arg(short = 'C', long, value_name = "N", default_value_t = 3)]
    pub context: usize,

    /// The original inputs, to rebuild documents whose removed text was left out (--no-removed-text), or
    /// duplicates rejected without their text.
    #[arg(long = "input", value_name = "PATH")]
    pub inputs: Vec<PathBuf>,

    /// The run's rejects: show rejected duplicates (those of --id, or all) beside the documents they
    /// duplicate, with the similarity and how many words differ.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,

    /// The JSON field holding the text, for --input JSON records.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,

    /// Color the diff.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorArg,

    /// Isolate each line's text with Unicode directional isolates, so a terminal that lays out
    /// right-to-left text keeps the `-`/`+` markers in their column (`--bidi` alone: always; auto: when
    /// stdout is a terminal known to reorder, mlterm or Konsole).
    #[arg(long, value_enum, value_name = "WHEN", num_args = 0..=1, default_value = "auto", default_missing_value = "always", require_equals = true)]
    pub bidi: BidiArg,
}

/// When to isolate each line's direction in `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BidiArg {
    /// When stdout is a terminal known to lay out right-to-left text itself.
    Auto,
    Always,
    Never,
}

/// Whether stdout is a terminal that lays out right-to-left text itself (mlterm; Konsole, whose
/// bidirectional rendering is on unless turned off).
fn reordering_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
        && (std::env::var("TERM").is_ok_and(|t| t.starts_with("mlterm"))
            || std::env::var_os("KONSOLE_VERSION").is_some())
}

impl DiffArgs {
    /// Check the flags and build the diff's settings.
    pub fn into_settings(self) -> Result<diff::DiffSettings, Error> {
        let mut reasons = Vec::new();
        for r in &self.reasons {
            let reason = Reason::ALL
                .into_iter()
                .find(|x| x.as_str() == r.trim())
                .ok_or_else(|| {
                    let all: Vec<&str> = Reason::ALL.iter().map(|x| x.as_str()).collect();
                    Error::Usage(format!("--reason: no reason `{r}`; the reasons are {}", all.join(", ")))
                })?;
            reasons.push(reason);
        }
        let color = match self.color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never,
        };
        Ok(diff::DiffSettings {
            file: self.file,
            inputs: self.inputs,
            rejects: self.rejects,
            read: inputs_read_options(self.text_field),
            show: DiffOptions {
                ids: self.ids,
                reasons,
                context: self.context,
                color,
                bidi: match self.bidi {
                    BidiArg::Always => true,
                    BidiArg::Never => false,
                    BidiArg::Auto => reordering_terminal(),
                },
            },
        })
    }
}

/// Input formats, as `--format` spells them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// One file is one page.
    Txt,
    /// One JSON object per line.
    Jsonl,
    /// A JSON array of objects.
    Json,
    /// Common Crawl WET (WARC conversion records).
    Wet,
    /// One file is one HTML page: its article is extracted.
    Html,
    /// Apache Parquet: one row is one record (columns as a JSON record's fields).
    Parquet,
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Format {
        match f {
            FormatArg::Txt => Format::Txt,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Json => Format::Json,
            FormatArg::Wet => Format::Wet,
            FormatArg::Html => Format::Html,
            FormatArg::Parquet => Format::Parquet,
        }
    }
}

/// How pages are cleaned where it changes what the corpus stage counts: shared by `clean` and `sign`, which
/// must clean a shard the same way (a sharded run's files record these settings, and `clean --index`
/// refuses an index signed with other ones).
#[derive(Debug, clap::Args)]
pub struct DetectArgs {
    /// A paragraph is a near-repeat when at least this share of its word 3-grams already appeared in
    /// the page (paragraphs of 8 or more shingles).
    #[arg(long, value_name = "SHARE", default_value_t = Thresholds::default().near)]
    pub near_repeat: f64,

    /// Never treat a page's text as a whole page's (by default, a page with menus and many lines around a
    /// block of prose keeps that block alone: the rest is `navigation` or `after_article`).
    #[arg(long)]
    pub no_whole_pages: bool,
}

impl DetectArgs {
    /// The repeat detector's thresholds, checked.
    pub fn thresholds(&self) -> Result<Thresholds, Error> {
        let defaults = Thresholds::default();
        if !(self.near_repeat > 0.0 && self.near_repeat <= 1.0) {
            return Err(Error::Usage(format!(
                "--near-repeat must be a share in (0, 1], got {}; try the default, {}",
                self.near_repeat, defaults.near
            )));
        }
        Ok(Thresholds {
            near: self.near_repeat,
            near_short: defaults.near_short.max(self.near_repeat),
            near_alone: defaults.near_alone.max(self.near_repeat),
        })
    }
}

/// How inputs are read: shared by `clean` and `sign`, which must read a shard the same way.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// Read every input as this format (default: by extension; for stdin and unknown extensions, by
    /// the first bytes).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,

    /// The field holding a JSON record's text.
    #[arg(long, value_name = "NAME", default_value = "text")]
    pub text_field: String,

    /// The field holding a JSON record's id (when absent: `<file stem>:<line number>`).
    #[arg(long, value_name = "NAME", default_value = "id")]
    pub id_field: String,

    /// The field holding a JSON record's page as HTML: its article is extracted and cleaned (instead of
    /// --text-field's text); the record's url and title fields come before the page's own.
    #[arg(long, value_name = "NAME")]
    pub html_field: Option<String>,

    /// How an HTML page's article is found: `page-model` (the page model on the page's visible text, read
    /// without building a document tree; a page where it finds no article goes to the extractor) or
    /// `readability` (dom_smoothie, a port of Readability, on the parsed page: about half as fast, as
    /// exact on the whole, better on some languages' pages, worse on others').
    #[arg(long, value_enum, value_name = "WAY", default_value = "page-model")]
    pub html_extractor: ExtractorArg,

    /// Documents (and JSONL lines, WARC records) over this many bytes are rejected as `too_large`
    /// without being held in memory: a number of bytes, or with a unit (`512KB`, `64MiB`, `1G`).
    #[arg(long, value_name = "SIZE", default_value = "64MiB", value_parser = parse_size)]
    pub max_doc_bytes: usize,

    /// Read every input in this encoding (`windows-1256`, `iso-8859-6`, `utf-16le`, `utf-8`, ... any
    /// WHATWG label) instead of finding it out. The output is always UTF-8.
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// An encoding by its WHATWG label.
pub fn parse_encoding(s: &str) -> Result<&'static encoding_rs::Encoding, String> {
    encoding_rs::Encoding::for_label(s.trim().as_bytes()).ok_or_else(|| {
        format!("`{s}` is not an encoding ghirbal knows; try windows-1256, iso-8859-6, utf-16le or utf-8")
    })
}

/// A size in bytes: a number, maybe with a unit (K, KB, KiB, M, MB, MiB, G, GB, GiB; KB and K are 1000,
/// KiB is 1024), any case, a space allowed between.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = (&t[..split], t[split..].trim());
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{s}` is not a size: write bytes (67108864) or with a unit (64MiB, 512KB)"))?;
    let scale: f64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kb" => 1e3,
        "kib" => 1024.0,
        "m" | "mb" => 1e6,
        "mib" => 1024.0 * 1024.0,
        "g" | "gb" => 1e9,
        "gib" => 1024.0 * 1024.0 * 1024.0,
        _ => {
            return Err(format!(
                "`{s}`: unknown unit `{unit}` (use KB, KiB, MB, MiB, GB or GiB)"
            ))
        }
    };
    let bytes = value * scale;
    if !(bytes >= 1.0 && bytes < usize::MAX as f64) {
        return Err(format!("`{s}` is out of range"));
    }
    Ok(bytes as usize)
}

impl ReadArgs {
    pub fn into_options(self) -> Result<ReadOptions, Error> {
        if self.max_doc_bytes == 0 {
            return Err(Error::Usage("--max-doc-bytes must be at least 1".into()));
        }
        Ok(ReadOptions {
            format: self.format.map(Format::from),
            fields: Fields {
                text: self.text_field,
                id: self.id_field,
                html: self.html_field,
            },
            max_doc_bytes: self.max_doc_bytes,
            encoding: self.encoding,
            html_extractor: match self.html_extractor {
                ExtractorArg::Readability => Extractor::Readability,
                ExtractorArg::PageModel => Extractor::PageModel,
            },
            ..ReadOptions::default()
        })
    }
}

#[derive(Debug, clap::Args)]
pub struct CleanArgs {
    /// Files and directories (walked recursively, in sorted order, for .txt, .jsonl, .ndjson, .json and
    /// .wet files, each maybe .gz or .zst); `-` reads stdin.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Write cleaned records here; `-` or no -o writes to stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write rejected documents here, one JSON object each with its reason (empty, no_text_left,
    /// malformed_json, too_large, ...) and where it was (source, line or record).
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,

    /// Write the run's summary as JSON here.
    #[arg(long, value_name = "FILE")]
    pub stats: Option<PathBuf>,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Split the output into numbered files of N records each (`cleaned-00000.jsonl`, ...).
    #[arg(long, value_name = "N")]
    pub shard_size: Option<u64>,

    /// Worker threads (default: one per core). Output is byte-identical for any value.
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<usize>,

    /// Leave the removed text out of each record's `removed` list (line numbers and reasons stay).
    #[arg(long)]
    pub no_removed_text: bool,

    /// Put each rejected document's whole text into its reject (`text`), so `ghirbal diff` can show a
    /// duplicate beside the document it duplicates without the inputs.
    #[arg(long)]
    pub rejects_text: bool,

    /// Remove the detected byline from the text (it is always recorded in the `byline` field).
    #[arg(long)]
    pub strip_byline: bool,

    #[command(flatten)]
    pub detect: DetectArgs,

    /// Turn the corpus stage off (boilerplate by frequency, duplicate documents): one pass, no second read.
    #[arg(long)]
    pub no_corpus: bool,

    /// Only drop duplicate documents: no within-page cleaning, no boilerplate, each kept document's
    /// lines written whole. With --no-near-dedup, exact duplicates only, in one pass.
    #[arg(long)]
    pub dedup_only: bool,

    /// Keep paragraphs however many documents share them (no `boilerplate`, no `duplicate_paragraph`).
    #[arg(long)]
    pub no_boilerplate: bool,

    /// Keep documents whose normalized text equals an earlier one's.
    #[arg(long)]
    pub no_exact_dedup: bool,

    /// Keep near-duplicate documents (MinHash over word 5-grams).
    #[arg(long)]
    pub no_near_dedup: bool,

    /// A short paragraph in at least this many documents is boilerplate (2 to 255).
    #[arg(long, value_name = "N", default_value_t = BoilerplateRule::default().min_docs)]
    pub boilerplate_min_docs: u8,

    /// Paragraphs of at least this many words are long: shared by a few documents, they are
    /// cross-document duplicates (kept in the first) rather than boilerplate.
    #[arg(long, value_name = "WORDS", default_value_t = BoilerplateRule::default().long_words)]
    pub long_paragraph_words: usize,

    /// A long paragraph in at least this many documents is boilerplate after all (2 to 255).
    #[arg(long, value_name = "N", default_value_t = BoilerplateRule::default().long_min_docs)]
    pub long_boilerplate_min_docs: u8,

    /// A long paragraph in at least this many documents (and fewer than --long-boilerplate-min-docs) is
    /// a cross-document duplicate: kept in the first document, removed from later ones (2 to 255).
    #[arg(long, value_name = "N", default_value_t = BoilerplateRule::default().dup_min_docs)]
    pub dup_paragraph_min_docs: u8,

    /// Remove long paragraphs that an earlier document already has (`duplicate_paragraph`), so each
    /// paragraph is kept once in the corpus. Off by default: it cuts wire paragraphs that several papers
    /// quote from articles of their own. Turn it on for training-data builds that want each paragraph once.
    #[arg(long)]
    pub dedup_paragraphs: bool,

    /// Estimated Jaccard similarity of word 5-grams from which two documents are near duplicates.
    #[arg(long, value_name = "SHARE", default_value_t = DedupRule::default().threshold)]
    pub near_dup_threshold: f64,

    /// Two documents at least 80% alike that differ by at most this many word 5-grams (about three
    /// changed words) are near duplicates too, whatever their length.
    #[arg(long, value_name = "SHINGLES", default_value_t = DedupRule::default().max_diff)]
    pub near_dup_max_diff: f64,

    /// Clean one shard of a sharded run with the corpus index `ghirbal merge` wrote: duplicate and
    /// boilerplate decisions come from the whole corpus. Name the shard's inputs as `sign` did.
    #[arg(long, value_name = "FILE")]
    pub index: Option<PathBuf>,

    /// Write the corpus report here (JSON): the most widespread boilerplate paragraphs with their
    /// document counts, and every duplicate cluster.
    #[arg(long, value_name = "FILE")]
    pub corpus_report: Option<PathBuf>,

    /// No progress bar and no summary on stderr (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
}

impl CleanArgs {
    /// Check the flags and build the run's settings.
    pub fn into_config(self) -> Result<Config, Error> {
        let thresholds = self.detect.thresholds()?;
        if self.shard_size == Some(0) {
            return Err(Error::Usage("--shard-size must be at least 1".into()));
        }
        if self.shard_size.is_some() && self.output.as_ref().is_none_or(|o| o.as_os_str() == "-") {
            return Err(Error::Usage(
                "--shard-size needs -o FILE: shards are files named after it".into(),
            ));
        }
        if self.inputs.iter().filter(|p| p.as_os_str() == "-").count() > 1 {
            return Err(Error::Usage("`-` (stdin) can be named only once".into()));
        }
        if self.boilerplate_min_docs < 2 || self.long_boilerplate_min_docs < 2 || self.dup_paragraph_min_docs < 2 {
            return Err(Error::Usage(
                "--boilerplate-min-docs, --long-boilerplate-min-docs and --dup-paragraph-min-docs must be 2 to 255"
                    .into(),
            ));
        }
        if !(self.near_dup_threshold > 0.0 && self.near_dup_threshold <= 1.0) {
            return Err(Error::Usage(format!(
                "--near-dup-threshold must be a share in (0, 1], got {}",
                self.near_dup_threshold
            )));
        }
        if self.index.is_some()
            && (self.no_corpus || self.corpus_report.is_some() || self.inputs.iter().any(|p| p.as_os_str() == "-"))
        {
            return Err(Error::Usage(
                "--index cannot go with --no-corpus, --corpus-report or stdin".into(),
            ));
        }
        if self.no_corpus && self.corpus_report.is_some() {
            return Err(Error::Usage(
                "--corpus-report needs the corpus stage: drop --no-corpus".into(),
            ));
        }
        if self.threads == Some(0) {
            return Err(Error::Usage(
                "--threads must be at least 1 (leave it out for one per core)".into(),
            ));
        }
        if self.dedup_only && (self.no_corpus || (self.no_exact_dedup && self.no_near_dedup)) {
            return Err(Error::Usage(
                "--dedup-only needs duplicates to look for: drop --no-corpus, or one of --no-exact-dedup and --no-near-dedup"
                    .into(),
            ));
        }
        let no_boilerplate = self.no_boilerplate || self.dedup_only;
        let corpus_on = !(self.no_corpus || (no_boilerplate && self.no_exact_dedup && self.no_near_dedup));
        Ok(Config {
            inputs: self.inputs,
            output: self.output,
            rejects: self.rejects,
            stats: self.stats,
            threads: self.threads.unwrap_or(0),
            progress: !self.quiet,
            summary: !self.quiet,
            clean: CleanOptions {
                thresholds,
                removed_text: !self.no_removed_text,
                rejects_text: self.rejects_text,
                strip_byline: self.strip_byline,
                within_page: !self.dedup_only,
                whole_pages: !self.detect.no_whole_pages,
            },
            read: self.read.into_options()?,
            shard_size: self.shard_size,
            corpus: corpus_on.then_some(CorpusOptions {
                boilerplate: !no_boilerplate,
                rule: BoilerplateRule {
                    min_docs: self.boilerplate_min_docs,
                    long_words: self.long_paragraph_words,
                    long_min_docs: self.long_boilerplate_min_docs,
                    dup_min_docs: self.dup_paragraph_min_docs,
                    duplicates: self.dedup_paragraphs,
                },
                dedup: DedupRule {
                    exact: !self.no_exact_dedup,
                    near: !self.no_near_dedup,
                    threshold: self.near_dup_threshold,
                    max_diff: self.near_dup_max_diff,
                },
            }),
            corpus_report: self.corpus_report,
            index: self.index,
        })
    }
}
