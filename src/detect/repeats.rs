//! Repeat detector: a page's remaining lines in, the paragraphs that already appeared earlier out.
//!
//! "Already appeared" is judged on normalized text (see `normalize`), so a second scrape that changed
//! spacing, diacritics, tatweel, letter forms, commas or digits still matches. A paragraph matches when its
//! key equals an earlier kept paragraph's, or when most of its word 3-gram shingles were already seen in
//! the page (near-repeats where a few words differ, a repeat that is only half of a paragraph, or two
//! paragraphs joined on one line). The first copy is kept.
//!
//! Very short lines are weak evidence on their own (a «***» or a two-word subheading may well occur twice
//! in an article), so an exact repeat of under `MIN_STRONG_WORDS` words is removed only when it sits next to
//! a removed repeat, inside a repeated block.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use super::Page;
use crate::config::Thresholds;
use crate::document::Reason;
use crate::fingerprint;

/// Exact repeats with at least this many words are removed on their own.
const MIN_STRONG_WORDS: usize = 4;
/// Near-repeat matching needs at least this many distinct shingles.
const MIN_SHINGLES: usize = 3;
/// Below this many shingles, the stricter `near_short` threshold applies.
const SHORT_SHINGLES: usize = 8;

/// The sets hold xxh3 outputs, which are already uniformly spread: hashing them again is wasted work.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashSet64 = HashSet<u64, BuildHasherDefault<IdentityHasher>>;

pub fn detect(page: &Page, title: Option<usize>, labels: &mut [Option<Reason>], th: &Thresholds) {
    let title_hash = title.map(|t| page.hashes[t]);
    let mut keys = HashSet64::default();
    let mut seen = HashSet64::default();
    let mut shingles = Vec::new();
    let mut weak = Vec::new();

    for i in 0..page.len() {
        if !page.is_content(i) || page.words[i] == 0 {
            continue;
        }
        if Some(i) == title {
            fingerprint::shingles_into(page.key(i), &mut shingles);
            keys.insert(page.hashes[i]);
            seen.extend(shingles.iter().copied());
            continue;
        }
        if labels[i].is_some() {
            continue;
        }
        let hash = page.hashes[i];
        if Some(hash) == title_hash {
            labels[i] = Some(Reason::Title);
            continue;
        }
        if keys.contains(&hash) && page.words[i] >= MIN_STRONG_WORDS {
            labels[i] = Some(Reason::Repeat);
            continue;
        }
        fingerprint::shingles_into(page.key(i), &mut shingles);
        if shingles.len() >= MIN_SHINGLES {
            let hits = shingles.iter().filter(|s| seen.contains(s)).count();
            let need = if shingles.len() < SHORT_SHINGLES { th.near_short } else { th.near };
            if hits as f64 >= need * shingles.len() as f64 {
                labels[i] = Some(Reason::Repeat);
                continue;
            }
        }
        if keys.contains(&hash) {
            weak.push(i);
        }
        keys.insert(hash);
        seen.extend(shingles.iter().copied());
    }

    // Short exact repeats go when they sit inside a repeated block: next to a removed repeat or title copy.
    let removed_copy = |l: Option<Reason>| matches!(l, Some(Reason::Repeat | Reason::Title));
    loop {
        let mut changed = false;
        for &i in &weak {
            if labels[i].is_some() {
                continue;
            }
            let prev = (0..i).rev().find(|&j| page.is_content(j));
            let next = (i + 1..page.len()).find(|&j| page.is_content(j));
            let prev_copy = prev.is_some_and(|j| Some(j) != title && removed_copy(labels[j]));
            let next_copy = next.is_some_and(|j| removed_copy(labels[j]));
            if prev_copy || next_copy {
                labels[i] = Some(Reason::Repeat);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}
