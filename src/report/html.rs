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
    reason: RejectReason,
    #[serde(default)]
    duplicate_of: Option<String>,
    #[serde(default)]
    similarity: Option<f64>,
    /// The document's text (`clean --rejects-text`).
    #[serde(default)]
    text: Option<String>,
}

/// A cluster: its kept document's id, and each duplicate's id, reason and similarity.
type Cluster = (String, Vec<(String, RejectReason, Option<f64>)>);

/// Words at most shown side by side for one duplicate: how it differs from the document it duplicates.
const MAX_DIFF_PLACES: usize = 40;

/// Clusters listed in full at most (largest first); the page says when there are more.
const MAX_CLUSTERS: usize = 2000;

/// One document as the page's script receives it.
#[derive(Serialize)]
struct DocView {
    id: String,
    source: String,
    title: Option<String>,
    /// Original lines: text, removal reason (or null), and the removal's evidence in words (on the first
    /// line of each removed run only, else null). The cleaned text is the lines without a reason: the page
    /// derives it rather than carry every document twice.
    lines: Vec<(String, Option<&'static str>, Option<String>)>,
    reasons: Vec<&'static str>,
}

/// What the report found, for the caller's summary line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub kept: usize,
    pub rejected: usize,
    pub shown: usize,
}

/// Write the report for `cleaned` (and `rejects`) to `output`.
/// `ghirbal report`, checked.
#[derive(Debug, Clone)]
pub struct ReportSettings {
    /// The output of `ghirbal clean`.
    pub cleaned: std::path::PathBuf,
    /// The rejects file of the same run.
    pub rejects: Option<std::path::PathBuf>,
    /// The HTML file to write (`-`: stdout).
    pub output: std::path::PathBuf,
}

/// Run `ghirbal report`, saying on stderr what was written where.
pub fn command(s: &ReportSettings) -> Result<Counts, Error> {
    let counts = run(&s.cleaned, s.rejects.as_deref(), &s.output)?;
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

pub fn run(cleaned: &Path, rejects: Option<&Path>, output: &Path) -> Result<Counts, Error> {
    let mut rejected: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut clusters: HashMap<String, Vec<(String, RejectReason, Option<f64>)>> = HashMap::new();
    // Duplicates' texts, when the run kept them (`--rejects-text`): shown against their originals.
    let mut dup_texts: HashMap<String, String> = HashMap::new();
    if let Some(path) = rejects {
        for item in super::lines_of(path)? {
            let (n, line) = item?;
            let r: RejectIn = super::parse(path, n, &line)?;
            *rejected.entry(r.reason.as_str()).or_default() += 1;
            if let Some(first) = r.duplicate_of {
                if let Some(text) = r.text {
                    dup_texts.insert(r.id.clone(), text);
                }
                clusters.entry(first).or_default().push((r.id, r.reason, r.similarity));
            }
        }
    }
    let total_rejected: usize = rejected.values().sum();
    // The clusters shown, and the kept documents whose originals their duplicates are shown against.
    let all_clusters = clusters.len();
    let mut top_clusters: Vec<Cluster> = clusters.into_iter().collect();
    top_clusters.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    top_clusters.truncate(MAX_CLUSTERS);
    let wanted: std::collections::HashSet<&str> = top_clusters
        .iter()
        .filter(|(_, dups)| dups.iter().any(|d| dup_texts.contains_key(&d.0)))
        .map(|(kept, _)| kept.as_str())
        .collect();

    // First pass: totals, removed characters and lines by reason, boilerplate texts, how many documents
    // had lines removed, and the originals of the clusters' kept documents.
    let mut kept = 0usize;
    let mut chars: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut lines_removed: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut boilerplate: HashMap<String, usize> = HashMap::new();
    let mut without_text = 0usize;
    let mut originals: HashMap<String, String> = HashMap::new();
    let (mut changed, mut untouched) = (0usize, 0usize);
    for item in super::lines_of(cleaned)? {
        let (n, line) = item?;
        let rec: RecordIn = super::parse(cleaned, n, &line)?;
        kept += 1;
        without_text += usize::from(rec.removed.iter().any(|r| r.text.is_none()));
        if rec.removed.is_empty() {
            untouched += 1;
        } else {
            changed += 1;
        }
        if wanted.contains(rec.id.as_str()) {
            if let Some(text) = super::diff::original_text(&rec) {
                originals.insert(rec.id.clone(), text);
            }
        }
        for r in &rec.removed {
            let name = r.reason.as_str();
            *lines_removed.entry(name).or_default() += r.lines[1] + 1 - r.lines[0];
            if let Some(t) = &r.text {
                *chars.entry(name).or_default() += t.chars().filter(|c| !c.is_whitespace()).count();
                if r.reason == Reason::Boilerplate {
                    for l in t.lines().filter(|l| !l.trim().is_empty()) {
                        *boilerplate.entry(l.trim().to_string()).or_default() += 1;
                    }
                }
            }
        }
    }
    // Second pass: every document with removals (an even sample past MAX_CHANGED), and an even sample of
    // the untouched ones: the report is for what was cut.
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
        if (*seen - 1) % stride != 0 {
            continue;
        }
        let original = rebuild(&rec, None).unwrap_or_else(|_| {
            // Removed text was left out: show the kept lines only.
            rec.text
                .split('\n')
                .map(|t| super::diff::OriginalLine {
                    text: t.to_string(),
                    removed: None,
                    run: None,
                })
                .collect()
        });
        let mut reasons: Vec<&'static str> = rec.removed.iter().map(|r| r.reason.as_str()).collect();
        reasons.sort_unstable();
        reasons.dedup();
        docs.push(DocView {
            id: rec.id,
            source: rec.source,
            title: rec.title.clone(),
            lines: original
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
                .collect(),
            reasons,
        });
    }

    let mut top_boilerplate: Vec<(String, usize)> = boilerplate.into_iter().collect();
    top_boilerplate.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    top_boilerplate.truncate(20);
    // Each duplicate against its kept document, word by word, where both texts are known.
    let mut dup_diffs: HashMap<String, String> = HashMap::new();
    for (kept, dups) in &top_clusters {
        let Some(original) = originals.get(kept) else { continue };
        for (id, _, _) in dups {
            if let Some(text) = dup_texts.get(id) {
                let c = super::duplicates::word_changes(original, text, 3);
                let mut shown = format!(
                    "{} words only in {kept}, {} only in {id}\n",
                    c.only_first, c.only_second
                );
                for place in c.places.iter().take(MAX_DIFF_PLACES) {
                    shown += &format!("~ {place}\n");
                }
                if c.places.len() > MAX_DIFF_PLACES {
                    shown += &format!("… and {} more places\n", c.places.len() - MAX_DIFF_PLACES);
                }
                dup_diffs.insert(id.clone(), shown);
            }
        }
    }

    let mut outcome: Vec<(String, usize)> = vec![("kept".to_string(), kept)];
    outcome.extend(rejected.iter().map(|(k, v)| (format!("rejected: {k}"), *v)));
    let page = Page {
        kept,
        rejected: total_rejected,
        shown: docs.len(),
        sampled: (changed_stride > 1, untouched_stride > 1, changed, untouched),
        outcome,
        chars: chars.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        lines: lines_removed.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        boilerplate: top_boilerplate,
        clusters: top_clusters,
        all_clusters,
        dup_diffs,
        run: run_header(cleaned, rejects, without_text),
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
    /// Each duplicate's differences from its kept document, by duplicate id (when texts were kept).
    dup_diffs: HashMap<String, String>,
    /// What the report was made from, and what it cannot show (HTML).
    run: String,
}

/// The report's header: the version, the files read, the day; and a flag for each thing the files
/// cannot tell (no rejects, no removed text).
fn run_header(cleaned: &Path, rejects: Option<&Path>, without_text: usize) -> String {
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
        civil_date(days)
    );
    if rejects.is_none() {
        out += "<p class=\"note flag\" id=\"no-rejects\">No rejects file was given: rejected documents are not counted (\"rejected\" is unknown, not 0) and duplicate clusters are not shown. Pass the run's <code>--rejects</code> file after the output.</p>";
    }
    if without_text > 0 {
        out += &format!(
            "<p class=\"note flag\" id=\"no-removed-text\">{without_text} records were written with <code>--no-removed-text</code>: their removed lines are not shown and their characters not counted. <code>ghirbal diff --input</code> shows them from the inputs.</p>"
        );
    }
    out
}

/// `YYYY-MM-DD` of a day counted from 1970-01-01 (the civil calendar, UTC).
fn civil_date(days: i64) -> String {
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
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
                    match self.dup_diffs.get(id) {
                        Some(diff) => format!(
                            "<details class=\"dup\"><summary>{} <small>({how})</small></summary><pre dir=\"auto\">{}</pre></details>",
                            escape(id),
                            escape(diff)
                        ),
                        None => format!("<span class=\"dup\">{} <small>({how})</small></span>", escape(id)),
                    }
                })
                .collect();
            clusters += &format!(
                "<tr><td class=\"n\">{}</td><td><a href=\"#documents\" class=\"open-doc\" data-id=\"{}\">{}</a></td><td>{}</td></tr>",
                dups.len() + 1,
                escape(kept),
                escape(kept),
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
        let sample_note = match (changed_sampled, untouched_sampled) {
            (false, false) => String::new(),
            (false, true) => format!(
                "<p class=\"note\" id=\"sample-note\">This report shows every one of the {changed} kept documents that had lines removed, and an even sample of the {untouched} that had none ({} documents in all).</p>",
                self.shown
            ),
            _ => format!(
                "<p class=\"note\" id=\"sample-note\">This report shows an even sample: {} of the {} kept documents ({changed} had lines removed, {untouched} had none).</p>",
                self.shown, self.kept
            ),
        };
        let reasons: Vec<&str> = Reason::ALL.iter().map(|r| r.as_str()).collect();
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
    fn civil_dates() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_417), "2025-11-25");
        assert_eq!(civil_date(20_782), "2026-11-25");
    }

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
