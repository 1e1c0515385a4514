//! Corpus stage: every document seen before anything is decided. A reading pass runs the within-page
//! detectors on each document once, makes its sketch (for duplicate documents) and writes what it found
//! to the [`spill`]: the lines, the decisions, each line's zone and the shapes of its furniture. The
//! duplicate clusters are formed from the sketches, and the paragraph and site-template shape counts are
//! summed from the spill over the documents that are not duplicates. The writing pass (the normal run)
//! then reads each JSON record again for its text and fields (a page it takes from the spill whole),
//! takes its decisions back from the spill, and asks this module whether it is a duplicate and which of
//! its lines are the site's or the corpus's.
//!
//! The folder holds the stage whole: [`counts`] (paragraph and shape counts, the boilerplate rule),
//! [`templates`] (line shapes per site), [`duplicates`] (sketches and clusters), [`spill`] (the reading
//! pass's records) and [`shard`] (the same work cut into `sign`/`merge` steps over versioned files, and
//! the index `clean --index` reads). Where the decisions come from is one [`Source`].
//!
//! Deterministic for any thread count: the reading pass works in parallel but merges in input order, hash
//! seeds are fixed, and "first" always means first in input order.

pub mod clusters;
pub mod counts;
pub mod duplicates;
pub mod shard;
pub mod spill;
pub mod templates;

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use crate::clean;
use crate::config::{CleanOptions, CorpusOptions};
use crate::detect::bylines;
use crate::detect::Decisions;
use crate::document::{Document, Evidence, Line, Reason};
use crate::error::Error;
use crate::progress::Progress;
use crate::read::{self, ReadOptions, Unit};
use clusters::{Clusters, Scatter};
use counts::{stored_key, ParagraphCounts, Verdict};
use duplicates::{Duplicate, Sketch};
use shard::ShardIndex;
use spill::{Decided, SpillFile, SpillReader, SpillWriter, Spilled};
use templates::{LineShapes, TemplateRule, Zone};

/// Keys listed in the corpus report.
const REPORT_PARAGRAPHS: usize = 200;

/// What the corpus stage knows before the writing pass.
pub struct Corpus {
    pub options: CorpusOptions,
    pub counts: ParagraphCounts,
    /// Where the duplicate and first-holder decisions come from.
    pub source: Source,
    /// Units seen before the writing pass (the writing pass must see the same).
    pub units: usize,
    /// The most widespread boilerplate and duplicate paragraphs, for the report.
    pub report_keys: HashSet<u64>,
}

/// Where a run's corpus decisions come from.
pub enum Source {
    /// Counted by this run's reading pass: the duplicate clusters (when duplicates are looked for) and
    /// the spill of each document's lines and decisions, which the writing pass reads back.
    Counted {
        clusters: Option<Clusters>,
        spill: SpillFile,
    },
    /// A shard run's corpus index, written by `ghirbal merge` (`clean --index`).
    Index(ShardIndex),
    /// Exact duplicates alone, which the writer finds in input order: no reading pass.
    Streaming,
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
    /// The reading pass: each document is read and detected once; its sketch goes to the clusters (when
    /// duplicates are looked for), its lines, decisions and counted keys to the spill. Then the paragraph
    /// and shape counts are summed from the spill over the documents that are not duplicates (when
    /// boilerplate is looked for), so an article scraped five times does not make its own subheadings
    /// boilerplate.
    pub fn count(
        pool: &rayon::ThreadPool,
        inputs: &[std::path::PathBuf],
        read: &ReadOptions,
        clean: &CleanOptions,
        options: &CorpusOptions,
        progress: &Progress,
    ) -> Result<Corpus, Error> {
        progress.stage("reading and detecting (pass 1 of 2)");
        let mut units = 0;
        let mut scatter = match options.dedup_on() {
            true => Some(Scatter::new(&options.dedup, expected_units(inputs))?),
            false => None,
        };
        let mut spill = SpillWriter::create()?;
        let mut spill_error = None;
        // Pages go into the spill whole only while the temporary folder keeps the decompressed copies'
        // margin free (looked at every 256 MiB of spill): a dump of page files would need its size again
        // there. A page not kept is read again by the writing pass, to the same document.
        let keep_pages = AtomicBool::new(read::tee::room(read::tee::MIN_FREE));
        let mut looked = 0;
        for_each_document(
            pool,
            inputs,
            read,
            Some(progress),
            |index, unit| {
                (
                    index,
                    first_look(unit, read, clean, options, keep_pages.load(Ordering::Relaxed)),
                )
            },
            |_, (sketch, record)| {
                units += 1;
                let pushed = match scatter.as_mut() {
                    Some(s) => s.push(sketch.as_ref()),
                    None => Ok(()),
                };
                if let Err(e) = pushed.and_then(|()| spill.push(&record)) {
                    spill_error.get_or_insert(e);
                }
                if spill.bytes() / read::tee::CHECK_EVERY > looked {
                    looked = spill.bytes() / read::tee::CHECK_EVERY;
                    if !read::tee::room(read::tee::MIN_FREE) {
                        keep_pages.store(false, Ordering::Relaxed);
                    }
                }
            },
        );
        if let Some(e) = spill_error {
            return Err(e);
        }
        let spill = spill.finish()?;
        let clusters = pool.install(|| scatter.map(Scatter::cluster).transpose())?;
        let mut counts = ParagraphCounts::default();
        if options.boilerplate {
            let is_duplicate = |index: usize| clusters.as_ref().is_some_and(|c| c.duplicate_of(index).is_some());
            let mut records = spill.records()?;
            let mut index = 0;
            while let Some(counted) = records.next_counted()? {
                if let Some(counted) = counted.filter(|_| !is_duplicate(index)) {
                    counts.add_document(&counted);
                }
                index += 1;
            }
        }
        let rule = options.rule.clone();
        let report_keys = counts
            .most_common(REPORT_PARAGRAPHS, |c| c >= rule.min_docs.min(rule.dup_min_docs))
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        Ok(Corpus {
            options: options.clone(),
            counts,
            source: Source::Counted { clusters, spill },
            units,
            report_keys,
        })
    }

    /// A run that looks for exact duplicates only: the writer finds them as the documents come.
    pub fn streaming(options: &CorpusOptions) -> Corpus {
        Corpus {
            options: options.clone(),
            counts: ParagraphCounts::default(),
            source: Source::Streaming,
            units: 0,
            report_keys: HashSet::new(),
        }
    }

    /// Whether the writer finds the exact duplicates (see [`Source::Streaming`]).
    pub fn streams_exact(&self) -> bool {
        matches!(self.source, Source::Streaming)
    }

    /// A shard run's corpus stage, from the corpus index `ghirbal merge` wrote.
    pub fn from_index(mut index: ShardIndex, options: &CorpusOptions) -> Corpus {
        let counts = std::mem::take(&mut index.counts);
        Corpus {
            options: options.clone(),
            counts,
            units: index.docs as usize,
            source: Source::Index(index),
            report_keys: HashSet::new(),
        }
    }

    /// The reading pass's records, from the first, for the writing pass (none in a shard run).
    pub fn spilled(&self) -> Result<Option<SpillReader>, Error> {
        match &self.source {
            Source::Counted { spill, .. } => spill.records().map(Some),
            Source::Index(_) | Source::Streaming => Ok(None),
        }
    }

    /// Bytes the duplicate clusters hold in memory.
    pub fn duplicate_table_bytes(&self) -> usize {
        match &self.source {
            Source::Counted { clusters: Some(c), .. } => c.memory_bytes(),
            _ => 0,
        }
    }

    /// Bytes of the reading pass's spill on disk.
    pub fn spill_bytes(&self) -> u64 {
        match &self.source {
            Source::Counted { spill, .. } => spill.bytes,
            Source::Index(_) | Source::Streaming => 0,
        }
    }

    /// In a shard run, the id of the document that unit `index` duplicates (it may be in another shard).
    pub fn duplicate_id(&self, index: usize) -> Option<String> {
        let Source::Index(x) = &self.source else {
            return None;
        };
        x.dups.get(&(x.offset + index as u64)).map(|d| d.first_id.clone())
    }

    /// Whether unit `index` is a duplicate: of which unit, how, and how similar.
    pub fn duplicate_of(&self, index: usize) -> Option<(usize, Duplicate, f64)> {
        match &self.source {
            Source::Index(x) => {
                let d = x.dups.get(&(x.offset + index as u64))?;
                Some((d.first as usize, d.kind, d.similarity))
            }
            Source::Counted { clusters, .. } => clusters.as_ref()?.duplicate_of(index),
            Source::Streaming => None,
        }
    }

    pub fn is_first_of_cluster(&self, index: usize) -> bool {
        match &self.source {
            Source::Counted { clusters: Some(c), .. } => c.is_first_of_cluster(index),
            _ => false,
        }
    }

    /// A kept document as the within-page detectors left it: read back from the spill when its record
    /// was made from this text, else detected now.
    pub fn decided(&self, doc: &Document, clean: &CleanOptions, spilled: Option<Spilled>) -> Decided {
        match spilled.and_then(|s| s.decided(doc)) {
            Some(decided) => decided,
            None => decide(doc, clean, self.options.boilerplate),
        }
    }

    /// Mark boilerplate in a kept document's decisions and return its cross-document duplicate candidates
    /// (for the writer to settle in input order). A shard run settles them here: the index knows the
    /// first document of the corpus that holds each paragraph.
    pub fn judge_paragraphs(&self, doc: &Document, decided: &mut Decided, index: usize) -> Vec<Candidate> {
        let mut candidates = Vec::new();
        if !self.options.boilerplate {
            return candidates;
        }
        let Decided {
            lines,
            decisions: d,
            zones,
            shapes,
        } = decided;
        let (lines, zones) = (&lines[..], &zones[..]);
        self.judge_templates(doc, d, shapes);
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
            // A line of numbers alone («(2)», «1-», «2012») recurs across pages by chance, not by a template:
            // how many pages hold it says nothing.
            let lettered = line.chars().any(char::is_alphabetic);
            let verdict = self.options.rule.verdict(docs, d.keys.words[i]).filter(|v| {
                *v != Verdict::Boilerplate
                    || (lettered
                        && !introduces_next
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
                Some(Verdict::Duplicate) if seen.insert(key) => match &self.source {
                    Source::Index(x) => {
                        if let Some(&first) = x.first_holder.get(&key).filter(|&&f| f != x.offset + index as u64) {
                            let evidence = Evidence::Duplicate {
                                first_document: first,
                                documents: docs,
                            };
                            d.remove(i, Reason::DuplicateParagraph, Some(evidence));
                        }
                    }
                    Source::Counted { .. } | Source::Streaming => candidates.push(Candidate {
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
    fn judge_templates(&self, doc: &Document, d: &mut Decisions, shapes: &LineShapes) {
        let rule = TemplateRule::default();
        let site = templates::site_of(doc);
        let site_docs = self.counts.documents(stored_key(templates::site_key(site)));
        for (i, line_shapes) in shapes {
            let i = *i;
            // Counted, but already taken out by the page's own rules.
            if d.labels[i].is_some() {
                continue;
            }
            for shape in line_shapes {
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
                        kind: shape.kind.as_str().into(),
                        shape: shape.text.clone(),
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
    let mut index = 0;
    let mut bytes = 0;
    std::thread::scope(|scope| {
        for batch in read::read_ahead(scope, read::units(inputs, read)) {
            let batch: Vec<Unit> = batch
                .into_iter()
                .filter_map(|unit| unit.map_err(|e| errors.push(e)).ok())
                .collect();
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
    });
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

fn sketch_doc(doc: &Document, clean: &CleanOptions, need: Need) -> Option<(Vec<u64>, Option<Sketch>)> {
    if doc.refused().is_some() {
        return None;
    }
    let (lines, d) = clean::decide(doc, clean);
    let kept = kept_for_corpus(&lines, &d);
    if kept.is_empty() {
        return None;
    }
    if need == Need::Sketch {
        return Some((Vec::new(), Some(sketch_of(&d, &kept))));
    }
    let (_, shapes) = templates::page_furniture(doc, &lines, &d);
    Some((counted_keys(doc, &d, &kept, &shapes), None))
}

/// A bound on the units the inputs hold, to size the duplicate buckets: a document takes 64 bytes or
/// more (a bound that is too high costs only files).
fn expected_units(inputs: &[std::path::PathBuf]) -> u64 {
    let bytes: u64 = inputs
        .iter()
        .map(|p| {
            walkdir::WalkDir::new(p)
                .into_iter()
                .filter_map(Result::ok)
                .filter_map(|e| e.metadata().ok())
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len())
                .sum::<u64>()
        })
        .sum();
    bytes / 64
}

/// What the reading pass keeps of one unit: its sketch (when duplicates are looked for) and its spill
/// record (empty for a unit with no document to clean).
fn first_look(
    unit: Unit,
    read: &ReadOptions,
    clean: &CleanOptions,
    options: &CorpusOptions,
    keep_pages: bool,
) -> (Option<Sketch>, Vec<u8>) {
    let Some((doc, page)) = read_document(unit, read).filter(|(d, _)| d.refused().is_none()) else {
        return (None, spill::encode(None));
    };
    let decided = decide(&doc, clean, options.boilerplate);
    let kept = kept_for_corpus(&decided.lines, &decided.decisions);
    let sketch = (options.dedup_on() && !kept.is_empty()).then(|| sketch_of(&decided.decisions, &kept));
    let counted = if options.boilerplate && !kept.is_empty() {
        counted_keys(&doc, &decided.decisions, &kept, &decided.shapes)
    } else {
        Vec::new()
    };
    let record = Spilled::new(&doc, decided, counted, page && keep_pages);
    (sketch, spill::encode(Some(&record)))
}

/// Run the within-page detectors on a document, with each line's zone and the furniture's shapes when
/// boilerplate is looked for.
fn decide(doc: &Document, clean: &CleanOptions, boilerplate: bool) -> Decided {
    let (lines, decisions) = clean::decide(doc, clean);
    let (zones, shapes) = if boilerplate {
        templates::page_furniture(doc, &lines, &decisions)
    } else {
        (Vec::new(), Vec::new())
    };
    Decided {
        lines,
        decisions,
        zones,
        shapes,
    }
}

/// The lines the corpus stage compares and counts: the kept ones but the byline. The byline stays in the
/// text, but it is the document's credit rather than its content: two scrapes of one article may credit
/// it differently, and a paragraph of another page that reads like a common byline («الرياض – واس») is
/// not boilerplate for that.
fn kept_for_corpus(lines: &[Line], d: &Decisions) -> Vec<usize> {
    clean::kept_lines(lines, d).filter(|&i| Some(i) != d.byline).collect()
}

/// The exact hash of a document's kept text (byline aside), when it keeps any: what two exact duplicates
/// share.
pub fn exact_key(lines: &[Line], d: &Decisions) -> Option<u64> {
    let kept = kept_for_corpus(lines, d);
    let keys: Vec<&str> = kept.iter().map(|&i| d.keys.key(i)).collect();
    (!keys.is_empty()).then(|| duplicates::exact_hash(&keys))
}

fn sketch_of(d: &Decisions, kept: &[usize]) -> Sketch {
    let texts: Vec<&str> = kept.iter().map(|&i| d.keys.key(i)).collect();
    Sketch::new(&texts)
}

/// The keys a document adds to the counts: its kept paragraphs' and its site-template shapes', once each.
fn counted_keys(doc: &Document, d: &Decisions, kept: &[usize], shapes: &LineShapes) -> Vec<u64> {
    let mut keys: Vec<u64> = kept.iter().map(|&i| stored_key(d.keys.hashes[i])).collect();
    keys.extend(templates::document_keys(doc, shapes).into_iter().map(stored_key));
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The document a unit holds, if it holds one that will be cleaned.
pub fn document(unit: Unit, read: &ReadOptions) -> Option<Document> {
    read_document(unit, read).map(|(doc, _)| doc)
}

/// [`document`], and whether it is a page read whole (a page file read without an error, a WARC
/// response, a JSON record's HTML): the spill keeps such a page for the writing pass. A JSON record's
/// text is not kept: parsing it again costs less than writing and reading it.
fn read_document(unit: Unit, read: &ReadOptions) -> Option<(Document, bool)> {
    let reading = unit.read(read);
    let whole_page = reading.whole_page;
    reading.document.ok().map(|doc| (doc, whole_page))
}
