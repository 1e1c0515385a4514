//! Corpus stage: every document seen before anything is decided. Pass one reads all inputs and counts:
//! paragraph keys per document (for boilerplate) and one sketch per document (for duplicates). Between
//! the passes the duplicate clusters are formed. Pass two (the normal run) asks this module, for each
//! document, whether it is a duplicate and what its paragraphs are.
//!
//! Deterministic for any thread count: pass one cleans in parallel but merges in input order, hash
//! seeds are fixed, and "first" always means first in input order.

use std::collections::HashSet;

use rayon::prelude::*;

use crate::clean;
use crate::config::{CleanOptions, CorpusOptions};
use crate::detect::boilerplate::{stored_key, ParagraphCounts, Verdict};
use crate::detect::duplicates::{self, Clusters, Duplicate, Sketch, Sketches};
use crate::detect::Decisions;
use crate::document::{Document, Line, Reason};
use crate::read::{self, json, Page, ReadOptions, Unit};

/// Keys listed in the corpus report.
const REPORT_PARAGRAPHS: usize = 200;

/// What pass one learned about the corpus.
pub struct Corpus {
    pub options: CorpusOptions,
    pub counts: ParagraphCounts,
    pub clusters: Option<Clusters>,
    /// Units seen in pass one (pass two must see the same).
    pub units: usize,
    /// The most widespread boilerplate and duplicate paragraphs, for the report.
    pub report_keys: HashSet<u64>,
}

/// A paragraph of a kept document that an earlier document may already have: removed unless this
/// document is the first to reach the writer with it.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    pub line: usize,
    pub key: u64,
}

impl Corpus {
    /// Pass one over the inputs.
    pub fn count(pool: &rayon::ThreadPool, inputs: &[std::path::PathBuf], read: &ReadOptions, clean: &CleanOptions, options: &CorpusOptions) -> Corpus {
        let mut counts = ParagraphCounts::default();
        let mut sketches = Sketches::default();
        // Errors are reported by pass two, which meets them in the same places.
        let mut units = read::units(inputs, read).filter_map(Result::ok);
        let mut n = 0;
        loop {
            let batch: Vec<Unit> = units.by_ref().take(4096).collect();
            if batch.is_empty() {
                break;
            }
            let seen: Vec<Option<(Vec<u64>, Sketch)>> = pool.install(|| batch.into_par_iter().map(|unit| sketch_unit(unit, read, clean)).collect());
            for item in seen {
                n += 1;
                match item {
                    Some((keys, sketch)) => {
                        if options.boilerplate {
                            counts.add_document(&keys);
                        }
                        sketches.push(Some(sketch));
                    }
                    None => sketches.push(None),
                }
            }
        }
        let clusters = (options.dedup.exact || options.dedup.near).then(|| duplicates::cluster(sketches, &options.dedup));
        let rule = options.rule.clone();
        let report_keys =
            counts.most_common(REPORT_PARAGRAPHS, |c| c >= rule.min_docs.min(2)).into_iter().map(|(k, _)| k).collect();
        Corpus { options: options.clone(), counts, clusters, units: n, report_keys }
    }

    /// Whether unit `index` is a duplicate: of which unit, how, and how similar.
    pub fn duplicate_of(&self, index: usize) -> Option<(usize, Duplicate, f64)> {
        self.clusters.as_ref()?.duplicate_of(index)
    }

    pub fn is_first_of_cluster(&self, index: usize) -> bool {
        self.clusters.as_ref().is_some_and(|c| c.is_first_of_cluster(index))
    }

    /// Mark boilerplate in a kept document's decisions and return its cross-document duplicate candidates.
    pub fn judge_paragraphs(&self, lines: &[Line], d: &mut Decisions) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        if !self.options.boilerplate {
            return candidates;
        }
        let kept: Vec<usize> = clean::kept_lines(lines, d).collect();
        let mut seen = HashSet::new();
        for i in kept {
            let key = stored_key(d.keys.hashes[i]);
            let docs = self.counts.documents(key);
            match self.options.rule.verdict(docs, d.keys.words[i]) {
                Some(Verdict::Boilerplate) => d.labels[i] = Some(Reason::Boilerplate),
                // A paragraph twice in one page was already seen by the repeat detector; count it once.
                Some(Verdict::Duplicate) if seen.insert(key) => candidates.push(Candidate { line: i, key }),
                _ => {}
            }
        }
        candidates
    }
}

/// Pass one for one unit: its kept paragraphs' keys (each once) and its sketch.
fn sketch_unit(unit: Unit, read: &ReadOptions, clean: &CleanOptions) -> Option<(Vec<u64>, Sketch)> {
    let doc = document(unit, read)?;
    if doc.text.trim().is_empty() {
        return None;
    }
    let (lines, d) = clean::decide(&doc, clean);
    // The byline stays in the text, but two scrapes of one article may credit it differently.
    let kept: Vec<usize> = clean::kept_lines(&lines, &d).filter(|&i| Some(i) != d.byline).collect();
    if kept.is_empty() {
        return None;
    }
    let mut keys: Vec<u64> = kept.iter().map(|&i| stored_key(d.keys.hashes[i])).collect();
    keys.sort_unstable();
    keys.dedup();
    let texts: Vec<&str> = kept.iter().map(|&i| d.keys.key(i)).collect();
    Some((keys, Sketch::new(&texts)))
}

/// The document a unit holds, if it holds one that will be cleaned.
pub fn document(unit: Unit, read: &ReadOptions) -> Option<Document> {
    match unit {
        Unit::Doc(doc) => Some(doc),
        Unit::Reject(_) => None,
        Unit::JsonLine(origin, bytes) => json::document_from_line(&bytes, &read.fields, &origin).ok(),
        Unit::PageFile(input) => match read::read_page(&input, read.max_doc_bytes).0 {
            Ok(Page::Text(doc)) => Some(doc),
            _ => None,
        },
    }
}
