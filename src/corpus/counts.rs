//! Corpus boilerplate detector: paragraph keys counted over the whole corpus in, per-paragraph decisions
//! out — `boilerplate` (removed everywhere) or `duplicate_paragraph` (kept in the first document that has
//! it, removed from later ones).
//!
//! Counting is per document, not per occurrence: a paragraph that a page repeats ten times counts once.
//! The rule:
//! - a short paragraph (under `long_words` words) in at least `min_docs` (5) documents of the whole corpus,
//!   whatever their sites, is boilerplate where furniture stands (above the first or below the last body
//!   paragraph: a menu item, «// انتهى //» of a wire service); inside the body it needs `long_min_docs`
//!   (50) and must not introduce the paragraph after it (a subheading). A site's own template lines, rarer
//!   and often with a variable part, are found per site by line shape (`templates`);
//! - a long paragraph in at least `long_min_docs` documents is boilerplate too (a disclaimer on every page);
//! - with `--dedup-paragraphs` only, a long paragraph in `dup_min_docs` (3) to `long_min_docs - 1` documents
//!   is a cross-document duplicate, kept where it first appears. Off by default: such a paragraph is most
//!   often a wire paragraph that several papers quote in articles of their own, and each keeps its text.

use hashbrown::HashTable;

/// Settings of the boilerplate rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoilerplateRule {
    /// A short paragraph in at least this many documents is boilerplate.
    pub min_docs: u8,
    /// Paragraphs of at least this many words are long.
    pub long_words: usize,
    /// A long paragraph in at least this many documents is boilerplate; in fewer (but at least
    /// `dup_min_docs`), a cross-document duplicate.
    pub long_min_docs: u8,
    /// A long paragraph in at least this many documents is a cross-document duplicate. Two papers that
    /// print one wire story share most of its paragraphs: with the default of 3, such a pair keeps its
    /// text (and is rejected whole if near-duplicate detection finds the documents alike).
    pub dup_min_docs: u8,
    /// Remove cross-document duplicate paragraphs at all (`--dedup-paragraphs`). Off by default: papers
    /// quote the same wire paragraphs in articles of their own, and each article keeps its text.
    pub duplicates: bool,
}

impl Default for BoilerplateRule {
    fn default() -> BoilerplateRule {
        BoilerplateRule {
            min_docs: 5,
            long_words: 12,
            long_min_docs: 50,
            dup_min_docs: 3,
            duplicates: false,
        }
    }
}

/// What the corpus says about one paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Boilerplate,
    /// Removed unless this document is the first (in input order) to have it.
    Duplicate,
}

impl BoilerplateRule {
    pub fn verdict(&self, docs: u8, words: usize) -> Option<Verdict> {
        if words >= self.long_words {
            if docs >= self.long_min_docs {
                Some(Verdict::Boilerplate)
            } else if self.duplicates && docs >= self.dup_min_docs {
                Some(Verdict::Duplicate)
            } else {
                None
            }
        } else if docs >= self.min_docs {
            Some(Verdict::Boilerplate)
        } else {
            None
        }
    }
}

/// How many documents hold each paragraph key. A slot is one `u64`: the key's top 56 bits and an 8-bit
/// count that saturates at 255 (thresholds are far below), so the table costs 8 bytes a slot, about 9 to
/// 16 bytes per unique paragraph with the table's load between 87% and 50%.
#[derive(Default)]
pub struct ParagraphCounts {
    table: HashTable<u64>,
}

const COUNT_BITS: u64 = 0xff;

/// The table's hash of a slot or a key: its top 56 bits, mixed (keys are xxh3 outputs already, but the
/// mix keeps the table's control bytes independent of the count bits).
fn slot_hash(key: u64) -> u64 {
    // A fixed multiplicative mix: deterministic across runs and machines.
    let k = key & !COUNT_BITS;
    (k ^ (k >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9)
}

impl ParagraphCounts {
    /// Count one document's paragraphs (each key once per document: the caller deduplicates).
    pub fn add_document(&mut self, keys: &[u64]) {
        for &key in keys {
            let k = key & !COUNT_BITS;
            let hash = slot_hash(k);
            match self.table.find_mut(hash, |&slot| slot & !COUNT_BITS == k) {
                Some(slot) => {
                    if *slot & COUNT_BITS < COUNT_BITS {
                        *slot += 1;
                    }
                }
                None => {
                    self.table.insert_unique(hash, k | 1, |&slot| slot_hash(slot));
                }
            }
        }
    }

    /// Set a key's count (from an index written by `ghirbal merge`).
    pub fn set(&mut self, key: u64, documents: u8) {
        let k = key & !COUNT_BITS;
        let hash = slot_hash(k);
        match self.table.find_mut(hash, |&slot| slot & !COUNT_BITS == k) {
            Some(slot) => *slot = k | u64::from(documents),
            None => {
                self.table
                    .insert_unique(hash, k | u64::from(documents), |&slot| slot_hash(slot));
            }
        }
    }

    /// Documents that hold the paragraph (0 to 255).
    pub fn documents(&self, key: u64) -> u8 {
        let k = key & !COUNT_BITS;
        self.table
            .find(slot_hash(k), |&slot| slot & !COUNT_BITS == k)
            .map_or(0, |slot| (slot & COUNT_BITS) as u8)
    }

    /// Unique paragraph keys counted.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }

    /// Bytes the table holds: 8 per slot and one control byte.
    pub fn memory_bytes(&self) -> usize {
        self.table.capacity() * 9
    }

    /// The `n` keys held by the most documents (ties by key), with their counts: for the corpus report.
    pub fn most_common(&self, n: usize, keep: impl Fn(u8) -> bool) -> Vec<(u64, u8)> {
        let mut all: Vec<(u64, u8)> = self
            .table
            .iter()
            .map(|&slot| (slot & !COUNT_BITS, (slot & COUNT_BITS) as u8))
            .filter(|&(_, c)| keep(c))
            .collect();
        all.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        all.truncate(n);
        all
    }
}

/// The key a lookup uses (the stored form drops the low 8 bits).
pub fn stored_key(key: u64) -> u64 {
    key & !COUNT_BITS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_documents_and_saturates() {
        let mut c = ParagraphCounts::default();
        for _ in 0..300 {
            c.add_document(&[0x1234_5678_9abc_def0, 42 << 8]);
        }
        c.add_document(&[7 << 8]);
        assert_eq!(c.documents(0x1234_5678_9abc_def0), 255);
        assert_eq!(c.documents(42 << 8), 255);
        assert_eq!(c.documents(7 << 8), 1);
        assert_eq!(c.documents(8 << 8), 0);
        assert_eq!(c.len(), 3);
    }

    #[test]
    fn verdicts() {
        let rule = BoilerplateRule {
            duplicates: true,
            ..BoilerplateRule::default()
        };
        let cases = [
            // (documents, words, verdict)
            (1, 3, None),
            (4, 3, None),
            (4, 3, None),
            (5, 3, Some(Verdict::Boilerplate)),
            (1, 30, None),
            (2, 30, None),
            (3, 30, Some(Verdict::Duplicate)),
            (49, 30, Some(Verdict::Duplicate)),
            (50, 30, Some(Verdict::Boilerplate)),
        ];
        for (docs, words, want) in cases {
            assert_eq!(rule.verdict(docs, words), want, "{docs} documents, {words} words");
        }
        // Off by default: a long paragraph of a few documents stays in each.
        assert_eq!(BoilerplateRule::default().verdict(3, 30), None);
    }
}
