//! Corpus stage: every document seen before anything is decided. A first pass over the inputs makes one
//! sketch per document and forms the duplicate clusters; a second counts, for each paragraph key and each
//! site-template shape, the documents that hold it, skipping the duplicates; the writing pass (the normal
//! run) then asks this module, for each document, whether it is a duplicate and which of its lines are
//! the site's or the corpus's. Each pass can be turned off with its part.
//!
//! The folder holds the stage whole: [`counts`] (paragraph and shape counts, the boilerplate rule),
//! [`templates`] (line shapes per site), [`duplicates`] (sketches and clusters), and [`shard`] (the same
//! passes cut into `sign`/`merge` steps over versioned files, and the index `clean --index` reads).
//!
//! Deterministic for any thread count: pass one cleans in parallel but merges in input order, hash
//! seeds are fixed, and "first" always means first in input order.

pub mod counts;
pub mod duplicates;
pub mod shard;
pub mod templates;

use std::collections::HashSet;

use rayon::prelude::*;

use crate::clean;
use crate::config::{CleanOptions, CorpusOptions};
use crate::detect::bylines;
use crate::detect::Decisions;
use crate::document::{Document, Evidence, Line, Reason};
use crate::progress::Progress;
use crate::read::{self, json, Page, ReadOptions, Unit};
use counts::{stored_key, ParagraphCounts, Verdict};
use duplicates::{Clusters, Duplicate, Sketch, Sketches};
use shard::ShardIndex;
use templates::{TemplateRule, Zone};

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
    /// A shard run's decisions, from a corpus index (`clean --index`).
    pub index: Option<ShardIndex>,
}

/// A paragraph of a kept document that an earlier document may already have: removed unless this
/// document is the first to reach the writer with it.
#[derive(Debug, Clone, Copy)]
pub struct Candidate {
    pub line: usize,
    pub key: u64,
    /// Documents of the corpus that hold the paragraph.
    pub documents: u8,
}

impl Corpus {
    /// The passes before the writing one: sketches and clusters (when duplicates are looked for), then
    /// paragraph counts over the documents that are not duplicates (when boilerplate is looked for), so
    /// an article scraped five times does not make its own subheadings boilerplate.
    pub fn count(
        pool: &rayon::ThreadPool,
        inputs: &[std::path::PathBuf],
        read: &ReadOptions,
        clean: &CleanOptions,
        options: &CorpusOptions,
        progress: &Progress,
    ) -> Corpus {
        let mut units_seen = 0;
        let passes = options.passes();
        let clusters = options.dedup_on().then(|| {
            progress.stage(&format!("sketching documents (pass 1 of {passes})"));
            let mut sketches = Sketches::default();
            for_each_document(
                pool,
                inputs,
                read,
                Some(progress),
                |index, unit| (index, sketch_unit(unit, read, clean, Need::Sketch)),
                |_, sketch| {
                    units_seen += 1;
                    sketches.push(sketch.and_then(|(_, s)| s));
                },
            );
            duplicates::cluster(sketches, &options.dedup)
        });
        let mut counts = ParagraphCounts::default();
        if options.boilerplate {
            let clusters = clusters.as_ref();
            let is_duplicate = |index: usize| clusters.is_some_and(|c| c.duplicate_of(index).is_some());
            let mut n = 0;
            progress.stage(&format!("counting paragraphs (pass {} of {passes})", passes - 1));
            for_each_document(
                pool,
                inputs,
                read,
                Some(progress),
                |index, unit| {
                    (
                        index,
                        if is_duplicate(index) {
                            None
                        } else {
                            sketch_unit(unit, read, clean, Need::Keys).map(|(keys, _)| keys)
                        },
                    )
                },
                |_, keys| {
                    n += 1;
                    if let Some(keys) = keys {
                        counts.add_document(&keys);
                    }
                },
            );
            units_seen = n;
        }
        let rule = options.rule.clone();
        let report_keys = counts
            .most_common(REPORT_PARAGRAPHS, |c| c >= rule.min_docs.min(rule.dup_min_docs))
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        Corpus {
            options: options.clone(),
            counts,
            clusters,
            units: units_seen,
            report_keys,
            index: None,
        }
    }

    /// A shard run's corpus stage, from the corpus index `ghirbal merge` wrote.
    pub fn from_index(mut index: ShardIndex, options: &CorpusOptions) -> Corpus {
        let counts = std::mem::take(&mut index.counts);
        Corpus {
            options: options.clone(),
            counts,
            clusters: None,
            units: index.docs as usize,
            report_keys: HashSet::new(),
            index: Some(index),
        }
    }

    /// In a shard run, the id of the document that unit `index` duplicates (it may be in another shard).
    pub fn duplicate_id(&self, index: usize) -> Option<String> {
        let x = self.index.as_ref()?;
        x.dups.get(&(x.offset + index as u64)).map(|d| d.first_id.clone())
    }

    /// Whether unit `index` is a duplicate: of which unit, how, and how similar.
    pub fn duplicate_of(&self, index: usize) -> Option<(usize, Duplicate, f64)> {
        if let Some(x) = &self.index {
            let d = x.dups.get(&(x.offset + index as u64))?;
            return Some((d.first as usize, d.kind, d.similarity));
        }
        self.clusters.as_ref()?.duplicate_of(index)
    }

    pub fn is_first_of_cluster(&self, index: usize) -> bool {
        self.clusters.as_ref().is_some_and(|c| c.is_first_of_cluster(index))
    }

    /// Mark boilerplate in a kept document's decisions and return its cross-document duplicate candidates
    /// (for the writer to settle in input order). A shard run settles them here: the index knows the
    /// first document of the corpus that holds each paragraph.
    pub fn judge_paragraphs(&self, doc: &Document, lines: &[Line], d: &mut Decisions, index: usize) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        if !self.options.boilerplate {
            return candidates;
        }
        let title = templates::page_title(doc, lines, d);
        let zones = templates::zones(lines, &d.keys, &d.labels, title.as_ref().map(|t| t.0.as_str()));
        self.judge_templates(doc, lines, d, title.as_ref().map(|t| t.1.as_str()), &zones);
        let kept: Vec<usize> = clean::kept_lines(lines, d).filter(|&i| Some(i) != d.byline).collect();
        let mut seen = HashSet::new();
        for i in kept {
            let key = stored_key(d.keys.hashes[i]);
            let docs = self.counts.documents(key);
            // In an article's text (a record that brings its title) a short line shared across sites must be
            // far commoner to be boilerplate: a decree quoted by ten papers, a recipe's «المقادير:», a sign-off
            // or a condolence formula are the article's, and a site's own furniture is the templates' to find.
            // A whole page's text interleaves menus with paragraphs: there the corpus-wide count decides. A
            // line ending with a colon introduces what follows it.
            let article = doc.title.is_some();
            let line = lines[i].span.of(&doc.text).trim_end();
            let introduces_next = line.ends_with([':', '：']) && introduces_any(lines, d, i);
            let verdict = self.options.rule.verdict(docs, d.keys.words[i]).filter(|v| {
                *v != Verdict::Boilerplate
                    || (!introduces_next
                        && (!article
                            || d.keys.words[i] >= self.options.rule.long_words
                            || docs >= self.options.rule.long_min_docs))
            });
            match verdict {
                // A recurring subheading («أداء القطاعات» in a daily market report) introduces the body
                // paragraph after it: it is the article's, not the site's.
                Some(Verdict::Boilerplate) if zones[i] == Zone::Body && introduces(lines, d, i) => {}
                Some(Verdict::Boilerplate) => {
                    d.remove(i, Reason::Boilerplate, Some(Evidence::Shared { documents: docs }));
                }
                // A paragraph twice in one page was already seen by the repeat detector; count it once.
                Some(Verdict::Duplicate) if seen.insert(key) => match &self.index {
                    Some(x) => {
                        if let Some(&first) = x.first_holder.get(&key).filter(|&&f| f != x.offset + index as u64) {
                            let evidence = Evidence::Duplicate {
                                first_document: first,
                                documents: docs,
                            };
                            d.remove(i, Reason::DuplicateParagraph, Some(evidence));
                        }
                    }
                    None => candidates.push(Candidate {
                        line: i,
                        key,
                        documents: docs,
                    }),
                },
                _ => {}
            }
        }
        candidates
    }
}

impl Corpus {
    /// Lines where furniture stands whose shape recurs on the site's pages: boilerplate, or the byline when
    /// the part that varies is a person's name («<name> – <site>»).
    fn judge_templates(&self, doc: &Document, lines: &[Line], d: &mut Decisions, title: Option<&str>, zones: &[Zone]) {
        let rule = TemplateRule::default();
        let site = templates::site_of(doc);
        let site_docs = self.counts.documents(stored_key(templates::site_key(site)));
        for (i, edge) in templates::candidates(&doc.text, lines, d, zones) {
            let line = lines[i].span.of(&doc.text);
            for shape in templates::shapes(line, title, edge) {
                let docs = self.counts.documents(stored_key(shape.key(site)));
                if !rule.holds(shape.kind, docs, site_docs) {
                    continue;
                }
                if shape.slot.as_deref().is_some_and(bylines::is_name) {
                    if d.byline.is_none() {
                        d.byline = Some(i);
                    }
                } else {
                    let evidence = Evidence::Template {
                        kind: shape.kind.as_str(),
                        shape: shape.text,
                        documents: docs,
                        site_documents: site_docs,
                    };
                    d.remove(i, Reason::Boilerplate, Some(evidence));
                }
                break;
            }
        }
    }
}

/// Whether open line `i` is followed by any open line.
fn introduces_any(lines: &[Line], d: &Decisions, i: usize) -> bool {
    (i + 1..lines.len()).any(|j| !lines[j].span.is_empty() && d.labels[j].is_none())
}

/// Whether open line `i` is followed by a paragraph of body text (it is a subheading).
fn introduces(lines: &[Line], d: &Decisions, i: usize) -> bool {
    (i + 1..lines.len())
        .find(|&j| !lines[j].span.is_empty() && d.labels[j].is_none())
        .is_some_and(|j| templates::is_body(lines, &d.keys, &d.labels, j))
}

/// Read every unit of the inputs in batches, map each in parallel (with its index in input order), and
/// hand the results to `merge` in input order. Returns the inputs' read errors (`clean` leaves them to its
/// writing pass, which meets them in the same places; `sign` reports them).
pub fn for_each_document<T: Send>(
    pool: &rayon::ThreadPool,
    inputs: &[std::path::PathBuf],
    read: &ReadOptions,
    progress: Option<&Progress>,
    map: impl Fn(usize, Unit) -> (usize, T) + Sync,
    mut merge: impl FnMut(usize, T),
) -> Vec<crate::Error> {
    let mut errors = Vec::new();
    let mut units = read::units(inputs, read).filter_map(|unit| match unit {
        Ok(unit) => Some(unit),
        Err(e) => {
            errors.push(e);
            None
        }
    });
    let mut index = 0;
    let mut bytes = 0;
    loop {
        let batch: Vec<Unit> = units.by_ref().take(4096).collect();
        if batch.is_empty() {
            break;
        }
        bytes += batch.iter().map(Unit::bytes).sum::<u64>();
        let first = index;
        index += batch.len();
        let results: Vec<(usize, T)> = pool.install(|| {
            batch
                .into_par_iter()
                .enumerate()
                .map(|(k, unit)| map(first + k, unit))
                .collect()
        });
        for (i, result) in results {
            merge(i, result);
        }
        if let Some(p) = progress {
            p.advance(bytes, index as u64);
        }
    }
    drop(units);
    errors
}

/// What a corpus pass needs of each document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// The sketch, for duplicate documents (pass one, `sign`).
    Sketch,
    /// The keys counted: paragraphs and site-template shapes (pass two, `sign --index`).
    Keys,
}

/// One unit's id, and its sketch or its keys (each once), as `need` says.
pub fn sketch_with_id(
    unit: Unit,
    read: &ReadOptions,
    clean: &CleanOptions,
    need: Need,
) -> Option<(String, Option<Sketch>, Vec<u64>)> {
    let doc = document(unit, read)?;
    let (keys, sketch) = sketch_doc(&doc, clean, need)?;
    Some((doc.id, sketch, keys))
}

/// One unit's sketch or its keys (each once), as `need` says.
fn sketch_unit(unit: Unit, read: &ReadOptions, clean: &CleanOptions, need: Need) -> Option<(Vec<u64>, Option<Sketch>)> {
    sketch_doc(&document(unit, read)?, clean, need)
}

fn sketch_doc(doc: &Document, clean: &CleanOptions, need: Need) -> Option<(Vec<u64>, Option<Sketch>)> {
    if doc.text.trim().is_empty() {
        return None;
    }
    let (lines, d) = clean::decide(doc, clean);
    // The byline stays in the text, but it is the document's credit rather than its content: two scrapes
    // of one article may credit it differently, and a paragraph of another page that reads like a common
    // byline («الرياض – واس») is not boilerplate for that. It is left out of the sketch and the counts.
    let kept: Vec<usize> = clean::kept_lines(&lines, &d).filter(|&i| Some(i) != d.byline).collect();
    if kept.is_empty() {
        return None;
    }
    if need == Need::Sketch {
        let texts: Vec<&str> = kept.iter().map(|&i| d.keys.key(i)).collect();
        return Some((Vec::new(), Some(Sketch::new(&texts))));
    }
    let mut keys: Vec<u64> = kept.iter().map(|&i| stored_key(d.keys.hashes[i])).collect();
    keys.extend(templates::document_keys(doc, &lines, &d).into_iter().map(stored_key));
    keys.sort_unstable();
    keys.dedup();
    Some((keys, None))
}

/// The document a unit holds, if it holds one that will be cleaned.
pub fn document(unit: Unit, read: &ReadOptions) -> Option<Document> {
    match unit {
        Unit::Doc(doc) => Some(doc),
        Unit::Reject(_) => None,
        Unit::JsonLine(origin, bytes) => json::document_from_line(&bytes, read, &origin).ok(),
        Unit::PageFile(input) => match read::read_page(&input, read).0 {
            Ok(Page::Text(doc)) => Some(doc),
            _ => None,
        },
    }
}
