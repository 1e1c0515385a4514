//! The corpus report (`--corpus-report`): what the corpus stage cut, for a person to check — the most
//! widespread paragraphs with their document counts and verdicts, and every duplicate cluster.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::corpus::counts::Verdict;
use crate::corpus::Corpus;
use crate::document::RejectReason;

/// Paragraphs listed at most.
const MAX_PARAGRAPHS: usize = 200;

/// Gathered by the writer, in input order.
#[derive(Default)]
pub struct CorpusReport {
    /// Text of each report-worthy paragraph key, as first met.
    paragraphs: HashMap<u64, String>,
    /// Clusters by their first unit.
    clusters: BTreeMap<usize, Cluster>,
}

#[derive(Serialize)]
struct Cluster {
    kept: String,
    size: usize,
    duplicates: Vec<Member>,
}

#[derive(Serialize)]
struct Member {
    id: String,
    reason: RejectReason,
    similarity: Option<f64>,
}

#[derive(Serialize)]
struct Paragraph<'a> {
    /// Documents (not duplicates) holding it, up to 255 (the counter's range).
    documents: u8,
    /// The count reached 255: at least that many documents hold it.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    at_least: bool,
    verdict: &'static str,
    text: &'a str,
}

#[derive(Serialize)]
struct Rule {
    boilerplate_min_docs: u8,
    long_paragraph_words: usize,
    long_boilerplate_min_docs: u8,
    dup_paragraph_min_docs: u8,
    near_duplicate_threshold: f64,
    near_duplicate_max_diff: f64,
}

#[derive(Serialize)]
struct Report<'a> {
    documents_read: u64,
    unique_paragraphs: usize,
    paragraph_table_bytes: usize,
    /// What the duplicate clusters hold in memory: an entry per duplicate and per kept first document.
    duplicate_table_bytes: usize,
    /// The reading pass's spill on disk.
    spill_bytes: u64,
    rule: Rule,
    paragraphs: Vec<Paragraph<'a>>,
    clusters: Vec<&'a Cluster>,
}

impl CorpusReport {
    pub fn add_paragraph(&mut self, key: u64, text: String) {
        self.paragraphs.entry(key).or_insert(text);
    }

    pub fn add_duplicate(
        &mut self,
        first: usize,
        first_id: &str,
        id: &str,
        reason: RejectReason,
        similarity: Option<f64>,
    ) {
        let cluster = self.clusters.entry(first).or_insert_with(|| Cluster {
            kept: first_id.to_string(),
            size: 1,
            duplicates: Vec::new(),
        });
        cluster.size += 1;
        cluster.duplicates.push(Member {
            id: id.to_string(),
            reason,
            similarity,
        });
    }

    pub fn to_json(&self, corpus: &Corpus, documents_read: u64) -> String {
        let rule = &corpus.options.rule;
        let paragraphs = corpus
            .counts
            .most_common(usize::MAX, |_| true)
            .into_iter()
            .filter_map(|(key, docs)| {
                let text = self.paragraphs.get(&key)?;
                let words = crate::fingerprint::word_count(&crate::normalize::key(text));
                // A text is kept only for lines removed as boilerplate (by the corpus-wide count or as a
                // site template) or as a duplicate paragraph.
                let verdict = match rule.verdict(docs, words) {
                    Some(Verdict::Duplicate) => "duplicate_paragraph",
                    _ => "boilerplate",
                };
                Some(Paragraph {
                    documents: docs,
                    at_least: docs == u8::MAX,
                    verdict,
                    text,
                })
            })
            .take(MAX_PARAGRAPHS)
            .collect();
        // Largest clusters first, then in input order.
        let mut clusters: Vec<(&usize, &Cluster)> = self.clusters.iter().collect();
        clusters.sort_by(|a, b| b.1.size.cmp(&a.1.size).then(a.0.cmp(b.0)));
        let report = Report {
            documents_read,
            unique_paragraphs: corpus.counts.len(),
            paragraph_table_bytes: corpus.counts.memory_bytes(),
            duplicate_table_bytes: corpus.duplicate_table_bytes(),
            spill_bytes: corpus.spill_bytes(),
            rule: Rule {
                boilerplate_min_docs: rule.min_docs,
                long_paragraph_words: rule.long_words,
                long_boilerplate_min_docs: rule.long_min_docs,
                dup_paragraph_min_docs: rule.dup_min_docs,
                near_duplicate_threshold: corpus.options.dedup.threshold,
                near_duplicate_max_diff: corpus.options.dedup.max_diff,
            },
            paragraphs,
            clusters: clusters.into_iter().map(|(_, c)| c).collect(),
        };
        // Plain structs of strings and numbers: serialization cannot fail.
        serde_json::to_string_pretty(&report).expect("report serializes") + "\n"
    }
}
