//! HTML report (`ghirbal report`): cleaned records and rejects in, one self-contained HTML file out — a
//! summary with inline SVG charts, the most frequent boilerplate, the largest duplicate clusters, and a
//! document view (the original with removed lines struck and tagged, beside the cleaned text) with
//! filters, search and pages. No network, no external assets.
//!
//! Every piece of document text reaches the page as JSON data inside a `<script type="application/json">`
//! element (with `<`, `>` and `&` escaped) and is put into the page with `textContent`, so a document
//! holding `<script>` shows as text. Text elements get `dir="auto"`, so Arabic reads right to left.

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::diff::{rebuild, RecordIn};
use crate::document::{Reason, RejectReason};
use crate::error::Error;

/// Documents with removals embedded in the page at most; past that, an even sample of them (and the page
/// says so).
pub const MAX_CHANGED: usize = 20_000;
/// Untouched documents embedded at most: an even sample (the page says so).
pub const MAX_UNTOUCHED: usize = 1000;

/// A reject as read back.
#[derive(Deserialize)]
struct RejectIn {
    id: String,
    #[serde(default)]
    source: String,
    reason: RejectReason,
    #[serde(default)]
    duplicate_of: Option<String>,
    #[serde(default)]
    similarity: Option<f64>,
    #[serde(default)]
    message: Option<String>,
    /// What was removed, for `no_text_left`.
    #[serde(default)]
    removed: Vec<super::diff::RemovedIn>,
    /// The document's text (`clean --rejects-text`).
    #[serde(default)]
    text: Option<String>,
}

/// A cluster: its kept document's id, and each duplicate's id, reason and similarity.
type Cluster = (String, Vec<(String, RejectReason, Option<f64>)>);

/// Clusters listed in full at most (largest first); the page says when there are more.
const MAX_CLUSTERS: usize = 2000;

/// Rejected documents embedded at most; past that, an even sample (and the page says so).
pub const MAX_REJECTED: usize = 20_000;

/// One document as the page's script receives it.
#[derive(Serialize)]
struct DocView {
    id: String,
    source: String,
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    /// Original lines: text, removal reason (or null), and the removal's evidence in words (on the first
    /// line of each removed run only, else null). The cleaned text is the lines without a reason: the page
    /// derives it rather than carry every document twice.
    lines: Vec<(String, Option<&'static str>, Option<String>)>,
    /// The reasons of its removals, or its reject reason.
    reasons: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rejected: Option<RejectedView>,
}

/// Why a document was rejected, and for a near duplicate both texts side by side.
#[derive(Serialize)]
struct RejectedView {
    reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    similarity: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<String>,
    /// Whether the run kept its text (`--rejects-text`) or the inputs gave it.
    has_text: bool,
    /// The kept original and this duplicate word by word: runs of `[text, 1 if only this side has it]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pair: Option<super::duplicates::SideBySide>,
}

/// What the report found, for the caller's summary line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub kept: usize,
    pub rejected: usize,
    pub shown: usize,
}

/// `ghirbal report`, checked.
#[derive(Debug, Clone)]
pub struct ReportSettings {
    /// The output of `ghirbal clean`.
    pub cleaned: std::path::PathBuf,
    /// The rejects file of the same run.
    pub rejects: Option<std::path::PathBuf>,
    /// The `--stats` file of the same run: the run's settings and its figures by reason and by source.
    pub stats: Option<std::path::PathBuf>,
    /// The original inputs, for records written without removed text and duplicates without theirs.
    pub inputs: Vec<std::path::PathBuf>,
    pub read: crate::read::ReadOptions,
    /// The HTML file to write (`-`: stdout).
    pub output: std::path::PathBuf,
}

/// Run `ghirbal report`, saying on stderr what was written where.
pub fn command(s: &ReportSettings) -> Result<Counts, Error> {
    let counts = run(s)?;
    eprintln!(
        "ghirbal: report of {} documents ({} kept, {} rejected; {} shown) written to {}",
        counts.kept + counts.rejected,
        counts.kept,
        counts.rejected,
        counts.shown,
        if s.output.as_os_str() == "-" {
            "<stdout>".to_string()
        } else {
            s.output.display().to_string()
        }
    );
    Ok(counts)
}

/// A `--stats` file, read back: what was run and the figures the report shows as tables.
#[derive(Deserialize)]
struct StatsIn {
    #[serde(default)]
    run: Option<super::summary::Run>,
    docs_kept: u64,
    docs_rejected: u64,
    by_reason: BTreeMap<String, ReasonRow>,
    by_source: BTreeMap<String, super::summary::SourceCounts>,
}

/// One reason's figures: kept documents with lines removed for it, lines with text, characters other
/// than whitespace (as `--stats` counts them).
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ReasonRow {
    documents: u64,
    lines: u64,
    characters: u64,
}

fn read_stats(path: &Path) -> Result<StatsIn, Error> {
    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    serde_json::from_str(&text)
        .map_err(|e| Error::Usage(format!("{}: not a ghirbal --stats file ({e})", path.display())))
}

/// A removed run's figures: lines with text, characters other than whitespace (`None` without its text).
fn run_figures(r: &super::diff::RemovedIn) -> (u64, Option<u64>) {
    match &r.text {
        Some(t) => (
            crate::split::raw_lines(t).filter(|l| !l.trim().is_empty()).count() as u64,
            Some(t.chars().filter(|c| !c.is_whitespace()).count() as u64),
        ),
        None => ((r.lines[1] + 1).saturating_sub(r.lines[0]) as u64, None),
    }
}

/// The original's lines of a record: from its removed text, else from the inputs, else its kept lines.
fn original_lines(rec: &RecordIn, input: Option<&str>) -> Vec<(String, Option<&'static str>, Option<String>)> {
    let original = rebuild(rec, None)
        .or_else(|e| input.map_or(Err(e), |t| rebuild(rec, Some(t))))
        .unwrap_or_else(|_| {
            rec.text
                .split('\n')
                .map(|t| super::diff::OriginalLine {
                    text: t.to_string(),
                    removed: None,
                    run: None,
                })
                .collect()
        });
    original
        .into_iter()
        .scan(None, |last_run, l| {
            let first_of_run = l.run.is_some() && l.run != *last_run;
            if l.run.is_some() {
                *last_run = l.run;
            }
            // "" on the first line of a run without evidence: the page knows a new run began.
            let why = l
                .run
                .filter(|_| first_of_run)
                .map(|k| rec.removed.get(k).and_then(|r| r.why()).unwrap_or_default());
            Some((l.text, l.removed.map(Reason::as_str), why))
        })
        .collect()
}

pub fn run(s: &ReportSettings) -> Result<Counts, Error> {
    let (cleaned, rejects, output) = (s.cleaned.as_path(), s.rejects.as_deref(), s.output.as_path());
    let stats = s.stats.as_deref().map(read_stats).transpose()?;
    let mut rejected: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut clusters: HashMap<String, Vec<(String, RejectReason, Option<f64>)>> = HashMap::new();
    // Lines and characters removed, by reason: kept documents' runs and those of rejects with no text
    // left (as `--stats` counts them).
    let mut by_reason: BTreeMap<&'static str, ReasonRow> = BTreeMap::new();
    let mut without_text = 0usize;
    let mut total_rejected = 0usize;
    // Which kept documents' originals duplicates are shown against, and which texts the inputs must give.
    let mut originals_wanted: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut from_inputs_wanted: std::collections::HashSet<String> = std::collections::HashSet::new();
    if let Some(path) = rejects {
        for item in super::lines_of(path)? {
            let (n, line) = item?;
            let r: RejectIn = super::parse(path, n, &line)?;
            total_rejected += 1;
            *rejected.entry(r.reason.as_str()).or_default() += 1;
            for run in &r.removed {
                let row = by_reason.entry(run.reason.as_str()).or_default();
                let (lines, chars) = run_figures(run);
                row.lines += lines;
                row.characters += chars.unwrap_or(0);
            }
            if let Some(first) = r.duplicate_of {
                originals_wanted.insert(first.clone());
                if r.text.is_none() {
                    from_inputs_wanted.insert(r.id.clone());
                }
                clusters.entry(first).or_default().push((r.id, r.reason, r.similarity));
            }
        }
    }
    let rejected_stride = total_rejected.div_ceil(MAX_REJECTED).max(1);
    // The clusters shown.
    let all_clusters = clusters.len();
    let mut top_clusters: Vec<Cluster> = clusters.into_iter().collect();
    top_clusters.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    top_clusters.truncate(MAX_CLUSTERS);

    // First pass: totals, removed characters and lines by reason, boilerplate texts, how many documents
    // had lines removed, and the originals of the duplicates' kept documents.
    let mut kept = 0usize;
    let mut boilerplate: HashMap<String, usize> = HashMap::new();
    let mut originals: HashMap<String, String> = HashMap::new();
    // Each cluster's kept document's title and source, for the cluster table.
    let mut kept_heads: HashMap<String, (Option<String>, String)> = HashMap::new();
    let (mut changed, mut untouched) = (0usize, 0usize);
    for item in super::lines_of(cleaned)? {
        let (n, line) = item?;
        let rec: RecordIn = super::parse(cleaned, n, &line)?;
        kept += 1;
        let bare = rec.removed.iter().any(|r| r.text.is_none());
        without_text += usize::from(bare);
        if rec.removed.is_empty() {
            untouched += 1;
        } else {
            changed += 1;
        }
        if originals_wanted.contains(rec.id.as_str()) {
            kept_heads.insert(rec.id.clone(), (rec.title.clone(), rec.source.clone()));
            match super::diff::original_text(&rec) {
                Some(text) => {
                    originals.insert(rec.id.clone(), text);
                }
                None => {
                    from_inputs_wanted.insert(rec.id.clone());
                }
            }
        }
        if bare {
            from_inputs_wanted.insert(rec.id.clone());
        }
        let mut reasons: Vec<Reason> = rec.removed.iter().map(|r| r.reason).collect();
        reasons.sort_unstable_by_key(|r| r.as_str());
        reasons.dedup();
        for r in reasons {
            by_reason.entry(r.as_str()).or_default().documents += 1;
        }
        for r in &rec.removed {
            let row = by_reason.entry(r.reason.as_str()).or_default();
            let (lines, chars) = run_figures(r);
            row.lines += lines;
            row.characters += chars.unwrap_or(0);
            if let (Some(t), Reason::Boilerplate) = (&r.text, r.reason) {
                for l in crate::split::raw_lines(t).filter(|l| !l.trim().is_empty()) {
                    *boilerplate.entry(l.trim().to_string()).or_default() += 1;
                }
            }
        }
    }
    // The texts the records lack, from the inputs (`--input`).
    let mut from_inputs: HashMap<String, String> = HashMap::new();
    if !s.inputs.is_empty() && !from_inputs_wanted.is_empty() {
        for unit in crate::read::units(&s.inputs, &s.read).flatten() {
            if let Some(doc) = crate::corpus::document(unit, &s.read) {
                if from_inputs_wanted.contains(&doc.id) {
                    from_inputs.insert(doc.id, doc.text);
                }
            }
        }
    }
    for id in &originals_wanted {
        if let Some(text) = from_inputs.get(id) {
            originals.entry(id.clone()).or_insert_with(|| text.clone());
        }
    }

    // Second pass: every document with removals (an even sample past MAX_CHANGED), every original of a
    // duplicate, and an even sample of the untouched ones: the report is for what was cut.
    let changed_stride = changed.div_ceil(MAX_CHANGED).max(1);
    let untouched_stride = untouched.div_ceil(MAX_UNTOUCHED).max(1);
    let (mut seen_changed, mut seen_untouched) = (0usize, 0usize);
    let mut docs = Vec::new();
    for item in super::lines_of(cleaned)? {
        let (n, line) = item?;
        let rec: RecordIn = super::parse(cleaned, n, &line)?;
        let (seen, stride) = if rec.removed.is_empty() {
            (&mut seen_untouched, untouched_stride)
        } else {
            (&mut seen_changed, changed_stride)
        };
        *seen += 1;
        if (*seen - 1) % stride != 0 && !originals_wanted.contains(&rec.id) {
            continue;
        }
        let mut reasons: Vec<&'static str> = rec.removed.iter().map(|r| r.reason.as_str()).collect();
        reasons.sort_unstable();
        reasons.dedup();
        docs.push(DocView {
            lines: original_lines(&rec, from_inputs.get(&rec.id).map(String::as_str)),
            id: rec.id,
            source: rec.source,
            title: rec.title,
            url: rec.url,
            reasons,
            rejected: None,
        });
    }
    // Then the rejected documents, each beside what it duplicates where both texts are known.
    if let Some(path) = rejects {
        let mut seen = 0usize;
        for item in super::lines_of(path)? {
            let (n, line) = item?;
            seen += 1;
            if (seen - 1) % rejected_stride != 0 {
                continue;
            }
            let r: RejectIn = super::parse(path, n, &line)?;
            docs.push(rejected_view(r, &originals, &from_inputs));
        }
    }

    let mut top_boilerplate: Vec<(String, usize)> = boilerplate.into_iter().collect();
    top_boilerplate.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top_boilerplate.truncate(20);

    let mut outcome: Vec<(String, usize)> = vec![("kept".to_string(), kept)];
    outcome.extend(rejected.iter().map(|(k, v)| (format!("rejected: {k}"), *v)));
    let chart = |f: fn(&ReasonRow) -> u64| -> Vec<(String, usize)> {
        by_reason
            .iter()
            .filter(|(_, row)| f(row) > 0)
            .map(|(k, row)| (k.to_string(), f(row) as usize))
            .collect()
    };
    let mut flags = String::new();
    if let Some(st) = &stats {
        if (st.docs_kept, st.docs_rejected) != (kept as u64, total_rejected as u64) && rejects.is_some() {
            flags += &format!(
                "<p class=\"note flag\" id=\"stats-mismatch\">The stats file counts {} kept and {} rejected documents; the files read hold {kept} and {total_rejected}: it is of another run.</p>",
                st.docs_kept, st.docs_rejected
            );
        }
    }
    let page = Page {
        kept,
        rejected: total_rejected,
        shown: docs.len(),
        sampled: (changed_stride > 1, untouched_stride > 1, changed, untouched),
        rejected_sampled: rejected_stride > 1,
        outcome,
        chars: chart(|r| r.characters),
        lines: chart(|r| r.lines),
        boilerplate: top_boilerplate,
        clusters: top_clusters,
        all_clusters,
        kept_heads,
        run: run_header(
            cleaned,
            rejects,
            without_text,
            !s.inputs.is_empty(),
            stats.as_ref().and_then(|s| s.run.as_ref()),
        ) + &flags,
        tables: tables(stats.as_ref(), &by_reason),
    };
    let html = page.render(&docs);
    let written = if output.as_os_str() == "-" {
        let mut out = io::stdout().lock();
        out.write_all(html.as_bytes()).and_then(|()| out.flush())
    } else {
        crate::write::write_file(output, html.as_bytes())
    };
    written.map_err(|source| Error::Write {
        path: output.to_path_buf(),
        source,
    })?;
    Ok(Counts {
        kept,
        rejected: total_rejected,
        shown: page.shown,
    })
}

/// A rejected document as the page shows it: its text (or its removed runs), and for a near duplicate its
/// kept original and it word by word.
fn rejected_view(r: RejectIn, originals: &HashMap<String, String>, from_inputs: &HashMap<String, String>) -> DocView {
    let text = r.text.or_else(|| from_inputs.get(&r.id).cloned());
    let original = r.duplicate_of.as_ref().and_then(|k| originals.get(k));
    let pair = match (&text, original, r.reason) {
        (Some(t), Some(o), RejectReason::NearDuplicate) => Some(super::duplicates::side_by_side(o, t)),
        _ => None,
    };
    // A near duplicate's text is in its pair; a run with nothing left shows what was removed.
    let lines = match (&pair, &text) {
        (Some(_), _) => Vec::new(),
        (None, Some(t)) => crate::split::raw_lines(t)
            .map(|l| (l.to_string(), None, None))
            .collect(),
        (None, None) => r
            .removed
            .iter()
            .flat_map(|run| {
                let why = Some(run.why().unwrap_or_default());
                let text = run.text.as_deref().unwrap_or_default();
                crate::split::raw_lines(text)
                    .enumerate()
                    .map(move |(k, l)| {
                        (
                            l.to_string(),
                            Some(run.reason.as_str()),
                            if k == 0 { why.clone() } else { None },
                        )
                    })
                    .collect::<Vec<_>>()
            })
            .collect(),
    };
    DocView {
        id: r.id,
        source: r.source,
        title: None,
        url: None,
        lines,
        reasons: vec![r.reason.as_str()],
        rejected: Some(RejectedView {
            reason: r.reason.as_str(),
            duplicate_of: r.duplicate_of,
            similarity: r.similarity,
            message: r.message,
            has_text: text.is_some(),
            pair,
        }),
    }
}

/// The figures by reason and by source, as tables: from the run's `--stats` when given (by reason also
/// counted from the records otherwise).
fn tables(stats: Option<&StatsIn>, counted: &BTreeMap<&'static str, ReasonRow>) -> String {
    let mut out = String::from("<h3>Removed lines by reason</h3><table id=\"by-reason\"><thead><tr><th>reason</th><th class=\"num\">documents</th><th class=\"num\">lines</th><th class=\"num\">characters</th></tr></thead><tbody>");
    let rows: Vec<(String, ReasonRow)> = match stats {
        Some(s) => s.by_reason.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
        None => counted.iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
    };
    for (reason, row) in rows.iter().filter(|(_, r)| r.documents + r.lines > 0) {
        out += &format!(
            "<tr data-reason=\"{}\"><td><bdi>{}</bdi></td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(reason),
            escape(reason),
            thousands(row.documents as usize),
            thousands(row.lines as usize),
            thousands(row.characters as usize)
        );
    }
    out += "</tbody></table><p class=\"run\">documents: kept documents with lines removed for the reason; lines: lines with text (blank lines inside a removed run not counted), of kept documents and of those rejected with no text left; characters: all but whitespace.";
    out += match stats {
        Some(_) => " From the run's <code>--stats</code>.</p>",
        None => " Counted from the records (characters only where the removed text was written).</p>",
    };
    out += "<h3>By source</h3>";
    match stats {
        Some(s) => {
            out += "<table id=\"by-source\"><thead><tr><th>source</th><th class=\"num\">documents</th><th class=\"num\">kept</th><th class=\"num\">rejected</th><th class=\"num\">lines kept</th><th class=\"num\">lines removed</th></tr></thead><tbody>";
            let mut rows: Vec<(&String, &super::summary::SourceCounts)> = s.by_source.iter().collect();
            rows.sort_by(|a, b| b.1.documents.cmp(&a.1.documents).then(a.0.cmp(b.0)));
            for (source, c) in rows.iter().take(200) {
                out += &format!(
                    "<tr><td dir=\"auto\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                    escape(source),
                    thousands(c.documents as usize),
                    thousands(c.kept as usize),
                    thousands(c.rejected as usize),
                    thousands(c.lines_kept as usize),
                    thousands(c.lines_removed as usize)
                );
            }
            out += "</tbody></table>";
            if rows.len() > 200 {
                out += &format!("<p class=\"run\">the 200 largest of {} sources</p>", rows.len());
            }
            out += "<p class=\"run\">A source is the URL's host, else a <code>source</code>/<code>site</code> field, else the input's folder.</p>";
        }
        None => {
            out += "<p class=\"note\" id=\"no-stats\">Pass the run's <code>--stats</code> file (<code>ghirbal report … --stats stats.json</code>) for the figures by source and the run's settings.</p>";
        }
    }
    out
}

struct Page {
    kept: usize,
    rejected: usize,
    shown: usize,
    /// Whether documents with removals, and untouched ones, were sampled; and how many of each there are.
    sampled: (bool, bool, usize, usize),
    outcome: Vec<(String, usize)>,
    chars: Vec<(String, usize)>,
    lines: Vec<(String, usize)>,
    boilerplate: Vec<(String, usize)>,
    clusters: Vec<Cluster>,
    all_clusters: usize,
    /// The title and source of each cluster's kept document.
    kept_heads: HashMap<String, (Option<String>, String)>,
    /// Whether the rejected documents shown are a sample.
    rejected_sampled: bool,
    /// What the report was made from, and what it cannot show (HTML).
    run: String,
    /// The figures by reason and by source (HTML).
    tables: String,
}

/// The report's header: the version, the files read, the day, and the run itself when its `--stats` was
/// given (version, inputs, start, settings); and a flag for each thing the files cannot tell (no rejects,
/// no removed text).
fn run_header(
    cleaned: &Path,
    rejects: Option<&Path>,
    without_text: usize,
    from_inputs: bool,
    run: Option<&super::summary::Run>,
) -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400) as i64;
    let mut out = format!(
        "<p class=\"run\" id=\"run\">ghirbal {} · report of <code>{}</code>{} · made {}</p>",
        env!("CARGO_PKG_VERSION"),
        escape(&cleaned.display().to_string()),
        rejects.map_or_else(String::new, |r| format!(
            " and <code>{}</code>",
            escape(&r.display().to_string())
        )),
        super::civil_date(days)
    );
    if let Some(r) = run {
        let inputs: Vec<String> = r.inputs.iter().map(|i| format!("<code>{}</code>", escape(i))).collect();
        out += &format!(
            "<dl class=\"run\" id=\"run-settings\"><dt>run</dt><dd>ghirbal {} clean of {}, started {}</dd><dt>reading and cleaning</dt><dd><code>{}</code></dd><dt>corpus stage</dt><dd><code>{}</code></dd></dl>",
            escape(&r.version),
            inputs.join(", "),
            escape(&r.started),
            escape(&r.settings),
            escape(&r.corpus)
        );
    }
    if rejects.is_none() {
        out += "<p class=\"note flag\" id=\"no-rejects\">No rejects file was given: rejected documents are not counted (\"rejected\" is unknown, not 0) and duplicate clusters are not shown. Pass the run's <code>--rejects</code> file after the output.</p>";
    }
    if without_text > 0 {
        let shown = match from_inputs {
            true => "their removed lines are shown from the inputs (<code>--input</code>), and their characters are not counted",
            false => "their removed lines are not shown and their characters not counted. Pass the inputs with <code>--input</code> to show them",
        };
        out += &format!(
            "<p class=\"note flag\" id=\"no-removed-text\">{without_text} records were written with <code>--no-removed-text</code>: {shown}.</p>"
        );
    }
    out
}

/// Escape text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON that is safe inside a `<script>` element: no `<`, `>`, `&`, nor line separators unescaped.
pub fn script_json<T: Serialize>(value: &T) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "[]".into());
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029")
}

/// `12345` → `12,345`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A horizontal bar chart as inline SVG, wide enough for its longest value (the page scrolls it rather
/// than shrink its text): each bar's value with its unit and its share of the whole; a label too long for
/// its column is cut with `…` and given whole in a tooltip.
fn bars(id: &str, rows: &[(String, usize)], units: (&str, &str)) -> String {
    if rows.is_empty() {
        return format!("<p class=\"none\" id=\"{id}\">none</p>");
    }
    const LABEL_CHARS: usize = 26;
    let max = rows.iter().map(|r| r.1).max().unwrap_or(1).max(1);
    let total: usize = rows.iter().map(|r| r.1).sum::<usize>().max(1);
    let height = rows.len() * 24 + 4;
    let mut svg = format!("<svg id=\"{id}\" class=\"chart\" width=\"560\" height=\"{height}\" role=\"img\">");
    for (i, (label, value)) in rows.iter().enumerate() {
        let y = i * 24 + 2;
        let w = (value * 200 / max).max(1);
        let shown: String = if label.chars().count() > LABEL_CHARS {
            label.chars().take(LABEL_CHARS - 1).chain(['…']).collect()
        } else {
            label.clone()
        };
        let share = *value as f64 * 100.0 / total as f64;
        let unit = if *value == 1 { units.0 } else { units.1 };
        svg += &format!(
            "<g><title>{}: {} {unit} ({share:.1}%)</title><text x=\"0\" y=\"{}\" class=\"label\">{}</text><rect x=\"190\" y=\"{y}\" width=\"{w}\" height=\"18\" class=\"bar\"></rect><text x=\"{}\" y=\"{}\" class=\"value\">{} {unit} ({share:.1}%)</text></g>",
            escape(label),
            thousands(*value),
            y + 14,
            escape(&shown),
            196 + w,
            y + 14,
            thousands(*value)
        );
    }
    svg + "</svg>"
}

impl Page {
    fn render(&self, docs: &[DocView]) -> String {
        let mut boiler = String::new();
        for (text, n) in &self.boilerplate {
            boiler += &format!(
                "<tr><td class=\"n\">{n}</td><td dir=\"auto\">{}</td></tr>",
                escape(text)
            );
        }
        let mut clusters = String::new();
        for (kept, dups) in &self.clusters {
            // Each duplicate with its kind and similarity; the kept id opens it in the document view.
            let list: Vec<String> = dups
                .iter()
                .map(|(id, reason, sim)| {
                    let how = match (reason, sim) {
                        (RejectReason::NearDuplicate, Some(s)) => format!("near, {s:.2}"),
                        (RejectReason::NearDuplicate, None) => "near".to_string(),
                        _ => "exact".to_string(),
                    };
                    format!(
                        "<a href=\"#documents\" class=\"open-doc dup\" data-id=\"{}\">{}</a> <small>({how})</small>",
                        escape(id),
                        escape(id)
                    )
                })
                .collect();
            clusters += &format!(
                "<tr><td class=\"n\">{}</td><td><a href=\"#documents\" class=\"open-doc\" data-id=\"{}\">{}</a>{}</td><td>{}</td></tr>",
                dups.len() + 1,
                escape(kept),
                escape(kept),
                match self.kept_heads.get(kept) {
                    Some((title, source)) => format!(
                        " <span class=\"source\">{}</span>{}",
                        escape(source),
                        title.as_deref().map_or_else(String::new, |t| format!(
                            "<div class=\"title\" dir=\"auto\">{}</div>",
                            escape(t)
                        ))
                    ),
                    None => String::new(),
                },
                list.join(", ")
            );
        }
        if self.all_clusters > self.clusters.len() {
            clusters += &format!(
                "<tr><td colspan=\"3\" class=\"note\">the {} largest of {} clusters</td></tr>",
                self.clusters.len(),
                self.all_clusters
            );
        }
        let (changed_sampled, untouched_sampled, changed, untouched) = self.sampled;
        let with_removals = match changed_sampled {
            false => format!("every one of the {changed} kept documents that had lines removed"),
            true => format!("an even sample of the {changed} kept documents that had lines removed"),
        };
        let rejected = match self.rejected_sampled {
            false => format!("every one of the {} rejected documents", self.rejected),
            true => format!("an even sample of the {} rejected documents", self.rejected),
        };
        let untouched = match untouched_sampled {
            false => format!("all {untouched} that had none"),
            true => format!("an even sample of the {untouched} that had none"),
        };
        let sample_note = format!(
            "<p class=\"note\" id=\"sample-note\">{} documents shown: {with_removals}, {rejected}, and {untouched}.</p>",
            thousands(self.shown)
        );
        let reasons = serde_json::json!({
            "removed": Reason::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            "rejected": RejectReason::ALL.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
        });
        TEMPLATE
            .replace("{{KEPT}}", &thousands(self.kept))
            .replace(
                "{{REJECTED}}",
                &if self.run.contains("id=\"no-rejects\"") {
                    "?".to_string()
                } else {
                    thousands(self.rejected)
                },
            )
            .replace("{{RUN}}", &self.run)
            .replace("{{TABLES}}", &self.tables)
            .replace("{{READ}}", &thousands(self.kept + self.rejected))
            .replace("{{SHOWN}}", &self.shown.to_string())
            .replace("{{SAMPLE_NOTE}}", &sample_note)
            .replace(
                "{{CHART_OUTCOME}}",
                &bars("chart-outcome", &self.outcome, ("document", "documents")),
            )
            .replace(
                "{{CHART_CHARS}}",
                &bars("chart-chars", &self.chars, ("character", "characters")),
            )
            .replace("{{CHART_LINES}}", &bars("chart-lines", &self.lines, ("line", "lines")))
            .replace(
                "{{BOILERPLATE}}",
                if boiler.is_empty() {
                    "<tr><td colspan=\"2\">none</td></tr>"
                } else {
                    &boiler
                },
            )
            .replace(
                "{{CLUSTERS}}",
                if clusters.is_empty() {
                    "<tr><td colspan=\"3\">none</td></tr>"
                } else {
                    &clusters
                },
            )
            .replace("{{REASONS}}", &script_json(&reasons))
            .replace("{{DATA}}", &script_json(&docs))
    }
}

const TEMPLATE: &str = include_str!("report.html");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_from_a_document_can_close_the_script_or_open_a_tag() {
        let json = script_json(&vec!["</script><script>alert(1)</script>", "a & b", "\u{2028}"]);
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        assert!(!json.contains('\u{2028}'));
        assert_eq!(
            escape("<b x=\"1\">'&'</b>"),
            "&lt;b x=&quot;1&quot;&gt;&#39;&amp;&#39;&lt;/b&gt;"
        );
    }
}
