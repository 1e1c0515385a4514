//! Duplicate-document detector: one sketch per document in input order in, clusters out, each kept in its
//! first document (input order) and rejected in the others, as `exact_duplicate` or `near_duplicate`.
//!
//! - Exact: the same normalized kept text (xxh3 over the kept paragraphs' keys).
//! - Near: MinHash over word 5-gram shingles of the normalized kept text, 112 permutations in 14 bands
//!   of 8 rows; documents sharing a band key are candidates, and a candidate pair is a duplicate when the
//!   Jaccard similarity its signatures estimate reaches the threshold (0.95 by default), or when it is
//!   at least 0.8 and the two differ by a few words only (`DedupRule::alike`). Clusters are unions of
//!   duplicate pairs (union-find), their root the first document in input order.
//!
//! The word counts keep the signature's estimation noise in check: Jaccard similarity can be no more than
//! the ratio of two documents' sizes, and a rewrite of a story differs from it by whole sentences.
//!
//! A near-duplicate claim is confirmed by a second, independent signature (16 values over the other half of
//! each shingle's 64-bit hash): the main one folds shingles to 32 bits, and distinct tiny documents whose
//! one shingle folds alike would otherwise be "duplicates" with similarity 1.0.
//!
//! A sketch: the exact hash (8 bytes), the word count (4), the band keys (14 × 4), a 4-bit signature for
//! verification (56) and the check (8). Sketches are clustered on disk, not held: see [`super::clusters`].

use crate::fingerprint::{self, ShortCheck, ShortSig, LSH_BANDS};

/// What pass one keeps of a document.
#[derive(Debug, Clone)]
pub struct Sketch {
    pub exact: u64,
    /// Words in the kept text: Jaccard can be no more than the ratio of two documents' sizes, so pairs
    /// too different in size are not compared.
    pub words: u32,
    pub bands: [u32; LSH_BANDS],
    pub sig: ShortSig,
    /// A second, independent signature that must agree before a near duplicate is claimed.
    pub check: ShortCheck,
}

/// The kept paragraphs' words joined by spaces, whatever the lines: a second scrape may break paragraphs
/// differently.
fn joined(keys: &[&str]) -> String {
    let mut joined = String::with_capacity(keys.iter().map(|k| k.len() + 1).sum());
    for k in keys.iter().filter(|k| !k.is_empty()) {
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(k);
    }
    joined
}

/// The exact hash of a document's kept text: two documents with the same normalized words have the same.
/// Never 0 (which marks "no document").
pub fn exact_hash(keys: &[&str]) -> u64 {
    exact_of(&joined(keys))
}

fn exact_of(joined: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(joined.as_bytes(), fingerprint::KEY_SEED) | 1
}

impl Sketch {
    /// A document's sketch from its kept paragraphs' normalized keys (in order).
    pub fn new(keys: &[&str]) -> Sketch {
        let joined = joined(keys);
        let exact = exact_of(&joined);
        // Normalized keys hold words joined by single spaces, so each shingle is a slice of `joined`; a
        // key that does not (none the normalizer makes) goes word by word.
        let clean = !joined.starts_with(' ')
            && !joined.ends_with(' ')
            && memchr::memmem::find(joined.as_bytes(), b"  ").is_none();
        let (full, check, words) = if clean {
            let (full, check) = fingerprint::minhash_and_check_joined(&joined);
            (full, check, fingerprint::word_count(&joined))
        } else {
            let words: Vec<&str> = keys
                .iter()
                .flat_map(|k| k.split(' '))
                .filter(|w| !w.is_empty())
                .collect();
            let (full, check) = fingerprint::minhash_and_check(&words);
            (full, check, words.len())
        };
        let words_n = u32::try_from(words).unwrap_or(u32::MAX);
        Sketch {
            exact,
            words: words_n,
            bands: fingerprint::band_keys(&full),
            sig: fingerprint::short_sig(&full),
            check: fingerprint::short_check(&check),
        }
    }
}

/// How a document relates to its cluster's first document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duplicate {
    Exact,
    Near,
}

/// Which kinds of duplicates to look for, and when two documents are alike.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupRule {
    pub exact: bool,
    pub near: bool,
    /// Estimated Jaccard similarity (word 5-grams) from which a candidate pair is a near duplicate.
    pub threshold: f64,
    /// ...or, with at least `MIN_FEW_WORDS_SIMILARITY`, at most this many shingles apart (about three
    /// changed words, each of which changes five shingles on each side): a short article with a word or
    /// two changed is far below `threshold`, a rewrite of a long one is far above this.
    pub max_diff: f64,
}

/// The least similarity for the few-words rule.
pub const MIN_FEW_WORDS_SIMILARITY: f64 = 0.8;

impl Default for DedupRule {
    fn default() -> DedupRule {
        DedupRule {
            exact: true,
            near: true,
            threshold: 0.95,
            max_diff: 15.0,
        }
    }
}

impl DedupRule {
    /// Whether two documents of `wa` and `wb` words with estimated similarity `j` are near duplicates.
    /// Jaccard can be no more than the ratio of the two sizes, and the shingles they do not share number
    /// about `(wa + wb) (1 - j) / (1 + j)`.
    pub fn alike(&self, wa: f64, wb: f64, j: f64) -> bool {
        let ratio = wa.min(wb) / wa.max(wb).max(1.0);
        let apart = (wa + wb) * (1.0 - j) / (1.0 + j);
        (ratio >= self.threshold && j >= self.threshold)
            || (j >= MIN_FEW_WORDS_SIMILARITY && apart <= self.max_diff && (wa - wb).abs() <= self.max_diff)
    }
}

/// The one-pass clustering over sketches held in memory: the definition [`super::clusters`] follows
/// with its memory bounded, kept to test it against.
#[cfg(test)]
pub fn one_pass(sketches: &[Option<Sketch>], rule: &DedupRule) -> super::clusters::Clusters {
    let n = sketches.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let docs: Vec<u32> = (0..n as u32)
        .filter(|&i| sketches[i as usize].as_ref().is_some_and(|s| s.exact != 0))
        .collect();
    let s = |i: u32| sketches[i as usize].as_ref().expect("a sketch");
    let mut exact_twin = vec![false; n];
    if rule.exact {
        let mut order = docs.clone();
        order.sort_by_key(|&i| (s(i).exact, i));
        for pair in order.windows(2) {
            if s(pair[0]).exact == s(pair[1]).exact {
                union(&mut parent, pair[0], pair[1]);
                exact_twin[pair[1] as usize] = true;
            }
        }
    }
    if rule.near {
        let mut order = docs.clone();
        for band in 0..LSH_BANDS {
            order.sort_by_key(|&i| (s(i).bands[band], i));
            let mut start = 0;
            while start < order.len() {
                let key = s(order[start]).bands[band];
                let end = start + order[start..].iter().take_while(|&&i| s(i).bands[band] == key).count();
                for j in start + 1..end {
                    for &i in &order[start..j.min(start + 4)] {
                        if find(&mut parent, i) == find(&mut parent, order[j]) {
                            break;
                        }
                        let (a, b) = (s(i), s(order[j]));
                        let sim = fingerprint::estimate_jaccard(&a.sig, &b.sig);
                        let confirmed = fingerprint::check_agrees(&a.check, &b.check);
                        if rule.alike(f64::from(a.words), f64::from(b.words), sim) && confirmed {
                            union(&mut parent, i, order[j]);
                            break;
                        }
                    }
                }
                start = end;
            }
        }
    }
    let mut members = Vec::new();
    let mut roots = Vec::new();
    for i in 0..n as u32 {
        let r = find(&mut parent, i);
        if r != i {
            let (kind, sim) = if exact_twin[i as usize] {
                (Duplicate::Exact, 1.0)
            } else {
                (Duplicate::Near, fingerprint::estimate_jaccard(&s(r).sig, &s(i).sig))
            };
            members.push((i, r, kind, sim));
            roots.push(r);
        }
    }
    roots.sort_unstable();
    roots.dedup();
    super::clusters::Clusters::from_parts(members, roots)
}

#[cfg(test)]
fn find(parent: &mut [u32], mut i: u32) -> u32 {
    while parent[i as usize] != i {
        let p = parent[i as usize];
        parent[i as usize] = parent[p as usize];
        i = p;
    }
    i
}

/// Join two sets; the smaller index becomes the root, so a cluster's root is its first document.
#[cfg(test)]
fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi as usize] = lo;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Cluster as a run does: through the scatter.
    pub fn cluster(sketches: &[Option<Sketch>]) -> super::super::clusters::Clusters {
        let mut s =
            super::super::clusters::Scatter::new(&DedupRule::default(), sketches.len() as u64).expect("scatter");
        for sketch in sketches {
            s.push(sketch.as_ref()).expect("push");
        }
        s.cluster().expect("cluster")
    }

    fn sketch(text: &str) -> Option<Sketch> {
        let keys: Vec<String> = text.split('\n').map(crate::normalize::key).collect();
        let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
        Some(Sketch::new(&refs))
    }

    #[test]
    fn exact_and_near_clusters_keep_the_first() {
        let article: String = (0..200).map(|i| format!("كلمة{} ", i * 13 % 97)).collect();
        let mut near_words: Vec<String> = article.split(' ').map(str::to_string).collect();
        near_words[50] = "مختلفة".into();
        let near = near_words.join(" ");
        let other: String = (0..200).map(|i| format!("اخرى{i} ")).collect();
        let s = vec![
            sketch(&other),                               // 0
            sketch(&article),                             // 1
            None,                                         // 2: a rejected unit
            sketch(&article.replace("كلمة1 ", "كلمةُ1 ")), // 3: same after normalization
            sketch(&near),                                // 4
        ];
        let c = cluster(&s);
        assert_eq!(c.duplicate_of(0), None);
        assert_eq!(c.duplicate_of(1), None);
        assert!(c.is_first_of_cluster(1));
        assert_eq!(c.duplicate_of(2), None);
        assert_eq!(c.duplicate_of(3).map(|(r, k, _)| (r, k)), Some((1, Duplicate::Exact)));
        assert_eq!(c.duplicate_of(4).map(|(r, k, _)| (r, k)), Some((1, Duplicate::Near)));
        assert_eq!(c.duplicates(), 2);
    }
}

#[cfg(test)]
mod collision_tests {
    use super::*;

    /// Two distinct one-shingle documents whose shingle hashes fold to the same 32 bits: the main
    /// signature calls them identical, the check tells them apart, and no cluster forms.
    #[test]
    fn a_folded_hash_collision_is_no_duplicate() {
        let text = |i: u32| format!("خبر {i} عاجل");
        let fold = |i: u32| {
            let h = xxhash_rust::xxh3::xxh3_64_with_seed(text(i).as_bytes(), fingerprint::DOC_SHINGLE_SEED);
            (h ^ (h >> 32)) as u32
        };
        let mut seen = std::collections::HashMap::new();
        let pair = (0..2_000_000u32).find_map(|i| seen.insert(fold(i), i).map(|j| (j, i)));
        let Some((a, b)) = pair else {
            panic!("no 32-bit fold collision among two million texts");
        };
        let sketch = |i: u32| {
            let key = crate::normalize::key(&text(i));
            Sketch::new(&[key.as_str()])
        };
        let (sa, sb) = (sketch(a), sketch(b));
        assert_ne!(sa.exact, sb.exact);
        assert_eq!(
            fingerprint::estimate_jaccard(&sa.sig, &sb.sig),
            1.0,
            "the main signature is fooled"
        );
        assert!(!fingerprint::check_agrees(&sa.check, &sb.check), "the check is not");
        let c = super::tests::cluster(&[Some(sa), Some(sb)]);
        assert_eq!(c.duplicates(), 0);
    }
}
