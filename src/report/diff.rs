//! Diff view (`ghirbal diff`): cleaned records in, for each document a unified diff of its original text
//! against its cleaned text out, every removed run labelled with its reason.
//!
//! The original is rebuilt from the record alone — the kept lines, and each removed run's text placed
//! after `kept_before` kept lines — or, when the removed text was left out (`--no-removed-text`), from
//! the original inputs. The diff itself is `similar`'s, with a deadline so a pathological document
//! degrades instead of hanging. Text is printed as it is: no reordering for right-to-left scripts.

use std::collections::HashMap;
use std::io::{self, Write};
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use serde::Deserialize;
use similar::{DiffTag, TextDiff};

use crate::document::Reason;

/// A cleaned record as read back (the fields the diff needs).
#[derive(Debug, Deserialize)]
pub struct RecordIn {
    pub id: String,
    pub source: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    pub text: String,
    #[serde(default)]
    pub removed: Vec<RemovedIn>,
    #[serde(default)]
    pub layout: Option<LayoutIn>,
}

/// A record's `layout`, read back.
#[derive(Debug, Default, Deserialize)]
pub struct LayoutIn {
    #[serde(default)]
    pub gap: Option<String>,
    #[serde(default)]
    pub except: Vec<(usize, String)>,
}

/// The original text of a record's document, byte for byte: its pieces (kept lines, and removed runs
/// after `kept_before` kept lines) joined by the layout's gaps. `None` when the removed text was left out.
pub fn original_text(rec: &RecordIn) -> Option<String> {
    let kept: Vec<&str> = if rec.text.is_empty() {
        Vec::new()
    } else {
        rec.text.split('\n').collect()
    };
    let mut pieces: Vec<&str> = Vec::with_capacity(kept.len() + rec.removed.len());
    let mut next = 0;
    for r in &rec.removed {
        let before = r.kept_before.unwrap_or(next).min(kept.len()).max(next);
        pieces.extend(&kept[next..before]);
        next = before;
        pieces.push(r.text.as_deref()?);
    }
    pieces.extend(&kept[next..]);
    let layout = rec.layout.as_ref();
    let n = pieces.len();
    let gap = |k: usize| -> &str {
        if let Some((_, g)) = layout.and_then(|l| l.except.iter().find(|(at, _)| *at == k)) {
            return g;
        }
        if k == 0 || k == n {
            ""
        } else {
            layout.and_then(|l| l.gap.as_deref()).unwrap_or("\n")
        }
    };
    let mut out = String::new();
    for (k, p) in pieces.iter().enumerate() {
        out.push_str(gap(k));
        out.push_str(p);
    }
    out.push_str(gap(n));
    Some(out)
}

#[derive(Debug, Deserialize)]
pub struct RemovedIn {
    pub reason: Reason,
    pub lines: [usize; 2],
    #[serde(default)]
    pub kept_before: Option<usize>,
    #[serde(default)]
    pub text: Option<String>,
    /// Why, in data (see `document::Evidence`), as the record has it.
    #[serde(default)]
    pub evidence: Option<serde_json::Value>,
}

impl RemovedIn {
    /// The evidence in words, for a person: «template "عين اليوم | *": 255 of the site's 255 documents».
    pub fn why(&self) -> Option<String> {
        let e = self.evidence.as_ref()?;
        let n = |k: &str| {
            e[k].as_u64()
                .map(|v| if v >= 255 { "255+".to_string() } else { v.to_string() })
        };
        let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
        Some(match e["rule"].as_str()? {
            "template" => format!(
                "{} template \"{}\": {} of the site's {} documents",
                s("kind"),
                s("shape"),
                n("documents")?,
                n("site_documents")?
            ),
            "shared" => format!("in {} documents of the corpus", n("documents")?),
            "duplicate" => format!(
                "kept in document #{} (input order); {} documents hold it",
                e["first_document"].as_u64()?,
                n("documents")?
            ),
            "heading" => format!("under the heading on line {}", e["heading_line"].as_u64()?),
            "related_link" => "a link to another article".to_string(),
            "credit" => "a place and an agency, desk or paper; no person".to_string(),
            "article" => {
                let l = e["article_lines"].as_array()?;
                format!(
                    "outside the article (lines {}–{}: {} words of prose)",
                    l.first()?.as_u64()?,
                    l.get(1)?.as_u64()?,
                    e["words"].as_u64()?
                )
            }
            "byline" => s("shape"),
            "repeat" => match (e["of_lines"].as_array(), e["share"].as_f64()) {
                (Some(l), _) if l.len() == 2 && l[0] == l[1] => format!("copies line {}", l[0]),
                (Some(l), _) if l.len() == 2 => format!("copies lines {}–{}", l[0], l[1]),
                (_, Some(share)) => format!("{:.0}% of its word 3-grams seen before", share * 100.0),
                _ => return None,
            },
            _ => return None,
        })
    }
}

/// One line of a rebuilt original: its text, why it was removed (`None`: kept, or blank), and which of the
/// record's removed runs it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OriginalLine {
    pub text: String,
    pub removed: Option<Reason>,
    pub run: Option<usize>,
}

/// Rebuild a record's original lines. `original` is the document's text from the inputs, when given.
pub fn rebuild(rec: &RecordIn, original: Option<&str>) -> Result<Vec<OriginalLine>, String> {
    if let Some(text) = original {
        let mut lines: Vec<OriginalLine> = crate::split::raw_lines(text)
            .map(|l| OriginalLine {
                text: l.trim_end().to_string(),
                removed: None,
                run: None,
            })
            .collect();
        for (k, r) in rec.removed.iter().enumerate() {
            for n in r.lines[0]..=r.lines[1] {
                if let Some(line) = lines.get_mut(n.saturating_sub(1)).filter(|l| !l.text.trim().is_empty()) {
                    line.removed = Some(r.reason);
                    line.run = Some(k);
                }
            }
        }
        return Ok(lines);
    }
    let kept: Vec<&str> = if rec.text.is_empty() {
        Vec::new()
    } else {
        rec.text.split('\n').collect()
    };
    let mut out = Vec::new();
    let mut next_kept = 0;
    for (run, r) in rec.removed.iter().enumerate() {
        let text = r.text.as_deref().ok_or_else(|| {
            format!(
                "record {}: its removed text was left out (--no-removed-text); pass the original inputs with --input",
                rec.id
            )
        })?;
        let before = r.kept_before.unwrap_or(next_kept).min(kept.len());
        for k in &kept[next_kept.min(before)..before] {
            out.push(OriginalLine {
                text: (*k).to_string(),
                removed: None,
                run: None,
            });
        }
        next_kept = next_kept.max(before);
        for l in crate::split::raw_lines(text) {
            let blank = l.trim().is_empty();
            out.push(OriginalLine {
                text: l.trim_end().to_string(),
                removed: (!blank).then_some(r.reason),
                run: (!blank).then_some(run),
            });
        }
    }
    for k in &kept[next_kept..] {
        out.push(OriginalLine {
            text: (*k).to_string(),
            removed: None,
            run: None,
        });
    }
    Ok(out)
}

/// What to show.
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// Only these documents (all when empty).
    pub ids: Vec<String>,
    /// Only documents with removals for these reasons, and only their hunks (all when empty).
    pub reasons: Vec<Reason>,
    /// Lines of context around each hunk.
    pub context: usize,
    pub color: bool,
    /// Isolate each line's text (U+2068 … U+2069), so a terminal that lays out right-to-left text keeps
    /// the `-`/`+` markers in their column.
    pub bidi: bool,
}

struct Styles {
    header: Style,
    hunk: Style,
    removed: Style,
    label: Style,
    context: Style,
}

impl Styles {
    fn new(color: bool) -> Styles {
        if !color {
            let plain = Style::new();
            return Styles {
                header: plain,
                hunk: plain,
                removed: plain,
                label: plain,
                context: plain,
            };
        }
        Styles {
            header: Style::new().bold(),
            hunk: AnsiColor::Cyan.on_default(),
            removed: AnsiColor::Red.on_default(),
            label: AnsiColor::Yellow.on_default().bold(),
            context: Style::new().dimmed(),
        }
    }
}

/// Whether a record is selected by the options.
pub fn selected(rec: &RecordIn, opts: &DiffOptions) -> bool {
    (opts.ids.is_empty() || opts.ids.contains(&rec.id))
        && (opts.reasons.is_empty() || rec.removed.iter().any(|r| opts.reasons.contains(&r.reason)))
}

/// Write one document's diff.
pub fn write_diff(out: &mut dyn Write, rec: &RecordIn, all: &[OriginalLine], opts: &DiffOptions) -> io::Result<()> {
    let st = Styles::new(opts.color);
    // Blank lines are layout, not text: left out of the diff, but counted, so hunk headers give the
    // source's line numbers.
    let (numbers, lines): (Vec<usize>, Vec<OriginalLine>) = all
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.trim().is_empty())
        .map(|(n, l)| (n + 1, l.clone()))
        .unzip();
    let lines = lines.as_slice();
    let old: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let new: Vec<&str> = if rec.text.is_empty() {
        Vec::new()
    } else {
        rec.text.split('\n').map(str::trim_end).collect()
    };
    // A removed line is compared under a key no cleaned line can have, so the diff aligns kept lines
    // with kept lines and never with an identical removed copy (a repeat, a title printed twice).
    let keys: Vec<String> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if l.removed.is_some() {
                format!("\u{0}{i}")
            } else {
                l.text.clone()
            }
        })
        .collect();
    let old_keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let diff = TextDiff::configure()
        .timeout(Duration::from_secs(2))
        .diff_slices(&old_keys, &new);

    writeln!(
        out,
        "{}diff {} ({}){}",
        st.header.render(),
        rec.id,
        rec.source,
        st.header.render_reset()
    )?;
    writeln!(
        out,
        "{}--- original ({} lines){}",
        st.header.render(),
        all.len(),
        st.header.render_reset()
    )?;
    writeln!(
        out,
        "{}+++ cleaned ({} lines){}",
        st.header.render(),
        new.len(),
        st.header.render_reset()
    )?;
    for group in diff.grouped_ops(opts.context) {
        let reasons = hunk_reasons(&group, lines);
        if !opts.reasons.is_empty() && !reasons.iter().any(|r| opts.reasons.contains(r)) {
            continue;
        }
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let (o, n) = (
            first.old_range().start..last.old_range().end,
            first.new_range().start..last.new_range().end,
        );
        let names: Vec<&str> = reasons.iter().map(|r| r.as_str()).collect();
        // The source's line numbers: the first line of the hunk, and how many lines it spans there.
        let (from, span) = match (numbers.get(o.start), o.end.checked_sub(1).and_then(|e| numbers.get(e))) {
            (Some(&a), Some(&b)) if o.end > o.start => (a, b + 1 - a),
            _ => (numbers.get(o.start).copied().unwrap_or(all.len() + 1), 0),
        };
        writeln!(
            out,
            "{}@@ -{},{} +{},{} @@ {}{}",
            st.hunk.render(),
            from,
            span,
            n.start + 1,
            n.len(),
            names.join(", "),
            st.hunk.render_reset()
        )?;
        for op in &group {
            match op.tag() {
                DiffTag::Equal => {
                    for line in &old[op.old_range()] {
                        let text = isolate(line, opts.bidi);
                        writeln!(out, "{} {text}{}", st.context.render(), st.context.render_reset())?;
                    }
                }
                DiffTag::Delete | DiffTag::Replace | DiffTag::Insert => {
                    let mut current: Option<usize> = None;
                    for i in op.old_range() {
                        let run = lines[i].run;
                        if let Some(k) = run.filter(|_| run != current) {
                            let r = lines[i].removed.map_or("", |r| r.as_str());
                            let why = rec.removed.get(k).and_then(RemovedIn::why);
                            let why = why.map(|w| format!(": {w}")).unwrap_or_default();
                            writeln!(out, "{}# {r}{why}{}", st.label.render(), st.label.render_reset())?;
                        }
                        current = run.or(current);
                        let text = isolate(old[i], opts.bidi);
                        writeln!(out, "{}-{text}{}", st.removed.render(), st.removed.render_reset())?;
                    }
                    for line in &new[op.new_range()] {
                        writeln!(out, "+{}", isolate(line, opts.bidi))?;
                    }
                }
            }
        }
    }
    writeln!(out)
}

/// A line's text, isolated for a bidi terminal when asked (first-strong isolate … pop directional isolate).
fn isolate(text: &str, bidi: bool) -> std::borrow::Cow<'_, str> {
    if bidi && !text.is_empty() {
        format!("\u{2068}{text}\u{2069}").into()
    } else {
        text.into()
    }
}

/// The reasons of the removed lines in a hunk, in order, each once.
fn hunk_reasons(group: &[similar::DiffOp], lines: &[OriginalLine]) -> Vec<Reason> {
    let mut reasons = Vec::new();
    for op in group.iter().filter(|op| op.tag() != DiffTag::Equal) {
        for i in op.old_range() {
            if let Some(r) = lines[i].removed.filter(|r| !reasons.contains(r)) {
                reasons.push(r);
            }
        }
    }
    reasons
}

/// Originals read from the inputs, by id.
pub type Originals = HashMap<String, String>;

/// `ghirbal diff`, checked: what to read and what to show.
#[derive(Debug, Clone)]
pub struct DiffSettings {
    /// The output of `ghirbal clean`.
    pub file: std::path::PathBuf,
    /// The original inputs, for documents whose removed text was left out.
    pub inputs: Vec<std::path::PathBuf>,
    /// The run's rejects: rejected duplicates are shown beside the documents they duplicate.
    pub rejects: Option<std::path::PathBuf>,
    pub read: crate::read::ReadOptions,
    pub show: DiffOptions,
}

/// Run `ghirbal diff`: rejected duplicates beside their originals (with `--rejects`), and the kept
/// documents' diffs. Returns how many documents were shown.
pub fn command(s: &DiffSettings) -> Result<usize, crate::Error> {
    let Some(rejects) = &s.rejects else {
        return run(&s.file, &s.inputs, &s.read, &s.show);
    };
    let shown = super::duplicates::run(&s.file, rejects, &s.inputs, &s.read, &s.show.ids, s.show.context)?;
    // Ids that are no duplicate are kept documents: their diff as usual.
    let rest: Vec<String> = s.show.ids.iter().filter(|id| !shown.contains(id)).cloned().collect();
    if s.show.ids.is_empty() || rest.is_empty() {
        return Ok(shown.len());
    }
    let show = DiffOptions {
        ids: rest,
        ..s.show.clone()
    };
    Ok(shown.len() + run(&s.file, &s.inputs, &s.read, &show)?)
}

/// Run `ghirbal diff`: returns how many documents were shown.
pub fn run(
    file: &std::path::Path,
    inputs: &[std::path::PathBuf],
    read: &crate::read::ReadOptions,
    opts: &DiffOptions,
) -> Result<usize, crate::Error> {
    use crate::error::Error;
    let parse = |n: usize, line: &str| -> Result<RecordIn, Error> { super::parse(file, n, line) };

    // With --input, the originals of the selected documents are read first.
    let mut originals = Originals::new();
    if !inputs.is_empty() {
        let mut wanted = std::collections::HashSet::new();
        for item in super::lines_of(file)? {
            let (n, line) = item?;
            let rec = parse(n, &line)?;
            if selected(&rec, opts) {
                wanted.insert(rec.id);
            }
        }
        for unit in crate::read::units(inputs, read).flatten() {
            if let Some(doc) = crate::corpus::document(unit, read) {
                if wanted.contains(&doc.id) {
                    originals.insert(doc.id, doc.text);
                }
            }
        }
    }

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut shown = 0;
    let mut found = std::collections::HashSet::new();
    for item in super::lines_of(file)? {
        let (n, line) = item?;
        let rec = parse(n, &line)?;
        if opts.ids.contains(&rec.id) {
            found.insert(rec.id.clone());
        }
        if !selected(&rec, opts) {
            continue;
        }
        // The original byte for byte when the record can give it (its removed text and layout), so the
        // diff's line numbers are the source's; else the inputs'; else the pieces the record holds.
        let whole = original_text(&rec);
        let original = originals.get(&rec.id).map(String::as_str).or(whole.as_deref());
        let lines = rebuild(&rec, original).map_err(Error::Usage)?;
        if !super::to_stdout(write_diff(&mut out, &rec, &lines, opts))? {
            return Ok(shown);
        }
        shown += 1;
    }
    super::to_stdout(out.flush())?;
    let missing: Vec<&str> = opts
        .ids
        .iter()
        .filter(|id| !found.contains(*id))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(Error::NotFound(format!(
            "{}: no record has the id {} (a rejected document is in the rejects file, not here)",
            file.display(),
            missing.join(", ")
        )));
    }
    Ok(shown)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(text: &str, removed: Vec<RemovedIn>) -> RecordIn {
        RecordIn {
            id: "p".into(),
            source: "p.txt".into(),
            title: None,
            url: None,
            text: text.into(),
            removed,
            layout: None,
        }
    }

    #[test]
    fn rebuilds_the_original_from_the_record() {
        let r = rec(
            "body one\nbody two",
            vec![
                RemovedIn {
                    reason: Reason::HeadlineList,
                    lines: [1, 2],
                    kept_before: Some(0),
                    text: Some("- a\n- b".into()),
                    evidence: None,
                },
                RemovedIn {
                    reason: Reason::Repeat,
                    lines: [5, 6],
                    kept_before: Some(2),
                    text: Some("body one\n\nbody two".into()),
                    evidence: None,
                },
            ],
        );
        let lines = rebuild(&r, None).unwrap_or_default();
        let got: Vec<(&str, Option<Reason>)> = lines.iter().map(|l| (l.text.as_str(), l.removed)).collect();
        assert_eq!(
            got,
            [
                ("- a", Some(Reason::HeadlineList)),
                ("- b", Some(Reason::HeadlineList)),
                ("body one", None),
                ("body two", None),
                ("body one", Some(Reason::Repeat)),
                ("", None),
                ("body two", Some(Reason::Repeat)),
            ]
        );
        let without_text = rec(
            "x",
            vec![RemovedIn {
                reason: Reason::Repeat,
                lines: [2, 2],
                kept_before: Some(1),
                text: None,
                evidence: None,
            }],
        );
        assert!(rebuild(&without_text, None).is_err());
        assert_eq!(
            rebuild(&without_text, Some("x\nx\n")).map(|l| l[1].removed),
            Ok(Some(Reason::Repeat))
        );
    }
}
