//! Duplicates beside their originals (`ghirbal diff --rejects`): a run's output and rejects in, for each
//! rejected duplicate a diff of the kept document's original text against the duplicate's out, with the
//! kind and the similarity the corpus stage measured, and how many words differ.
//!
//! The kept document's original is rebuilt from its record (`original_text`); the duplicate's text comes
//! from its reject (`clean --rejects-text`) or from the inputs (`--input`).

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;
use similar::{ChangeTag, TextDiff};

use super::diff::{original_text, RecordIn};
use crate::error::Error;
use crate::read::ReadOptions;

/// A reject as read back (the fields this view needs).
#[derive(Debug, Deserialize)]
struct RejectIn {
    id: String,
    reason: String,
    #[serde(default)]
    duplicate_of: Option<String>,
    #[serde(default)]
    similarity: Option<f64>,
    #[serde(default)]
    text: Option<String>,
}

/// Show the duplicates among `ids` (all duplicates when empty) beside the documents they duplicate.
/// Returns the ids shown.
pub fn run(
    cleaned: &Path,
    rejects: &Path,
    inputs: &[PathBuf],
    read: &ReadOptions,
    ids: &[String],
    context: usize,
) -> Result<Vec<String>, Error> {
    let mut dups: Vec<RejectIn> = Vec::new();
    for item in super::lines_of(rejects)? {
        let (n, line) = item?;
        let r: RejectIn = super::parse(rejects, n, &line)?;
        if r.duplicate_of.is_some() && (ids.is_empty() || ids.contains(&r.id)) {
            dups.push(r);
        }
    }
    let kept_ids: HashSet<&str> = dups.iter().filter_map(|d| d.duplicate_of.as_deref()).collect();
    let mut originals: HashMap<String, String> = HashMap::new();
    for item in super::lines_of(cleaned)? {
        let (n, line) = item?;
        let rec: RecordIn = super::parse(cleaned, n, &line)?;
        if kept_ids.contains(rec.id.as_str()) {
            if let Some(text) = original_text(&rec) {
                originals.insert(rec.id, text);
            }
        }
    }
    // What the records do not hold, the inputs do.
    let missing: HashSet<String> = dups
        .iter()
        .filter(|d| d.text.is_none())
        .map(|d| d.id.clone())
        .chain(
            kept_ids
                .iter()
                .filter(|k| !originals.contains_key(**k))
                .map(|k| k.to_string()),
        )
        .collect();
    let mut from_inputs: HashMap<String, String> = HashMap::new();
    if !missing.is_empty() && !inputs.is_empty() {
        for unit in crate::read::units(inputs, read).flatten() {
            if let Some(doc) = crate::corpus::document(unit, read) {
                if missing.contains(&doc.id) {
                    from_inputs.insert(doc.id, doc.text);
                }
            }
        }
    }

    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut shown = Vec::new();
    for d in &dups {
        let kept = d.duplicate_of.as_deref().unwrap_or_default();
        let original = originals.get(kept).or_else(|| from_inputs.get(kept));
        let duplicate = d.text.as_ref().or_else(|| from_inputs.get(&d.id));
        let (Some(original), Some(duplicate)) = (original, duplicate) else {
            return Err(Error::NotFound(format!(
                "{}: the texts of {} and {kept} are not in the records; clean with --rejects-text, or pass the inputs with --input",
                rejects.display(),
                d.id
            )));
        };
        if !super::to_stdout(show(&mut out, d, kept, original, duplicate, context))? {
            return Ok(shown);
        }
        shown.push(d.id.clone());
    }
    super::to_stdout(out.flush())?;
    Ok(shown)
}

/// How two texts differ word by word: words only the first has, words only the second has, and each
/// place they differ in a few words of context (`[-first's words-]{+second's+}`; newlines as ` ⏎ `).
pub struct WordChanges {
    pub only_first: usize,
    pub only_second: usize,
    pub places: Vec<String>,
}

pub fn word_changes(first: &str, second: &str, context: usize) -> WordChanges {
    let words = TextDiff::configure()
        .timeout(Duration::from_secs(2))
        .diff_words(first, second);
    let (mut only_first, mut only_second) = (0, 0);
    for change in words.iter_all_changes() {
        let word = !change.value().trim().is_empty();
        match change.tag() {
            ChangeTag::Delete if word => only_first += 1,
            ChangeTag::Insert if word => only_second += 1,
            _ => {}
        }
    }
    // Articles are often one paragraph a line, so a line diff would show whole paragraphs for one word.
    let mut places = Vec::new();
    for group in words.grouped_ops(context.max(1) * 2) {
        let mut line = String::new();
        for op in &group {
            for change in words.iter_changes(op) {
                let v = change.value();
                match change.tag() {
                    ChangeTag::Equal => line.push_str(v),
                    ChangeTag::Delete => line.push_str(&format!("[-{v}-]")),
                    ChangeTag::Insert => line.push_str(&format!("{{+{v}+}}")),
                }
            }
        }
        places.push(line.replace('\n', " ⏎ "));
    }
    WordChanges {
        only_first,
        only_second,
        places,
    }
}

/// A piece of one side's text, and 1 when only that side has it.
pub type Piece = (String, u8);

/// A kept original and its duplicate, word by word: each text as pieces, and how many words only each has.
#[derive(Debug, serde::Serialize)]
pub struct SideBySide {
    pub original: Vec<Piece>,
    pub duplicate: Vec<Piece>,
    pub only_original: usize,
    pub only_duplicate: usize,
}

/// Two texts side by side, word by word.
pub fn side_by_side(original: &str, duplicate: &str) -> SideBySide {
    let words = TextDiff::configure()
        .timeout(Duration::from_secs(2))
        .diff_words(original, duplicate);
    let (mut a, mut b): (Vec<Piece>, Vec<Piece>) = (Vec::new(), Vec::new());
    // Whitespace is never marked: a mark covers the words alone.
    let push = |runs: &mut Vec<Piece>, text: &str, only: u8| {
        let only = if text.trim().is_empty() { 0 } else { only };
        match runs.last_mut() {
            Some((t, o)) if *o == only => t.push_str(text),
            _ => runs.push((text.to_string(), only)),
        }
    };
    let (mut only_first, mut only_second) = (0, 0);
    for change in words.iter_all_changes() {
        let v = change.value();
        let word = !v.trim().is_empty();
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut a, v, 0);
                push(&mut b, v, 0);
            }
            ChangeTag::Delete => {
                only_first += usize::from(word);
                push(&mut a, v, 1);
            }
            ChangeTag::Insert => {
                only_second += usize::from(word);
                push(&mut b, v, 1);
            }
        }
    }
    SideBySide {
        original: a,
        duplicate: b,
        only_original: only_first,
        only_duplicate: only_second,
    }
}

fn show(
    out: &mut impl Write,
    d: &RejectIn,
    kept: &str,
    original: &str,
    duplicate: &str,
    context: usize,
) -> io::Result<()> {
    let similarity = d
        .similarity
        .map_or_else(String::new, |s| format!(", similarity {s:.2}"));
    writeln!(out, "duplicate {} ({}{similarity}) of {kept}", d.id, d.reason)?;
    let changes = word_changes(original, duplicate, context);
    writeln!(
        out,
        "words: {} only in {kept}, {} only in {}",
        changes.only_first, changes.only_second, d.id
    )?;
    writeln!(out, "--- {kept} (kept)")?;
    writeln!(out, "+++ {} (rejected)", d.id)?;
    for place in &changes.places {
        writeln!(out, "~ {place}")?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_by_side_marks_each_sides_own_words_and_rebuilds_both_texts() {
        let s = side_by_side("the cat sat on the mat", "the dog sat on the mat today");
        let (a, b, only_a, only_b) = (s.original, s.duplicate, s.only_original, s.only_duplicate);
        let text = |runs: &[Piece]| runs.iter().map(|r| r.0.as_str()).collect::<String>();
        assert_eq!(text(&a), "the cat sat on the mat");
        assert_eq!(text(&b), "the dog sat on the mat today");
        assert_eq!((only_a, only_b), (1, 2));
        assert!(a.contains(&("cat".to_string(), 1)), "{a:?}");
        assert!(b.iter().any(|(t, o)| *o == 1 && t.contains("today")), "{b:?}");
    }
}
