//! Repeat detector: a page's remaining lines in, the paragraphs that already appeared earlier out.
//!
//! "Already appeared" is judged on normalized text (see `normalize`), so a second scrape that changed
//! spacing, diacritics, tatweel, letter forms, commas or digits still matches. A paragraph matches when its
//! key equals an earlier kept paragraph's, or when most of its word 3-gram shingles were already seen in
//! the page (near-repeats where a few words differ, a repeat that is only half of a paragraph, or two
//! paragraphs joined on one line). The first copy is kept.
//!
//! The title is matched exactly only, and a copy of it is removed only next to other removed lines (see
//! the end of `detect`).
//!
//! Some matches are weak evidence on their own: a list item, a short line (a «***» or a two-word subheading may well
//! occur twice in an article) and a paragraph that only partly matches (writers restate their lead with a
//! few words changed). An exact repeat of a list item or of under `MIN_STRONG_WORDS` words, and a near-repeat whose share of
//! seen shingles is under `Thresholds::near_alone`, are removed only when they sit next to a removed
//! repeat, inside a repeated block.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use super::lists::bullet_len;
use super::Page;
use crate::config::Thresholds;
use crate::document::{Evidence, Reason};
use crate::fingerprint;

/// Exact repeats with at least this many words are removed on their own.
const MIN_STRONG_WORDS: usize = 6;
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
type HashMap64 = std::collections::HashMap<u64, usize, BuildHasherDefault<IdentityHasher>>;
type SeenMap = std::collections::HashMap<u64, bool, BuildHasherDefault<IdentityHasher>>;

#[allow(clippy::needless_range_loop)] // `i` indexes four per-line arrays at once
pub fn detect(
    page: &Page,
    title: Option<usize>,
    title_hash: Option<u64>,
    labels: &mut [Option<Reason>],
    th: &Thresholds,
    evidence: &mut Vec<(usize, Evidence)>,
) {
    let mut keys = HashSet64::with_capacity_and_hasher(page.len(), Default::default());
    let words: usize = page.words.iter().sum();
    // Each shingle seen so far, and whether a line that is no list item (the article's prose) had it.
    let mut seen = SeenMap::with_capacity_and_hasher(words, Default::default());
    let mut shingles = Vec::new();
    let mut weak = Vec::new();
    let mut title_copies = Vec::new();
    // The first line of each key, and the short exact repeats with the line they repeat.
    let mut first_at = HashMap64::with_capacity_and_hasher(page.len(), Default::default());
    let mut short_copies: Vec<(usize, usize)> = Vec::new();

    for i in 0..page.len() {
        if !page.is_content(i) || page.words[i] == 0 {
            continue;
        }
        if Some(i) == title {
            // The title counts for exact copies only: a body line that quotes it («رابط الخبر: …») is no repeat.
            keys.insert(page.hashes[i]);
            first_at.entry(page.hashes[i]).or_insert(i);
            continue;
        }
        if labels[i].is_some() {
            continue;
        }
        let hash = page.hashes[i];
        if Some(hash) == title_hash {
            title_copies.push(i);
            continue;
        }
        // A list item («- نصف كوب من الأرز») may well recur in one article: weak, like a short line.
        let item = bullet_len(page.line(i)).is_some();
        let of = |at: &HashMap64| at.get(&hash).map(|&j| [page.lines[j].number; 2]);
        if keys.contains(&hash) && page.words[i] >= MIN_STRONG_WORDS && !item {
            labels[i] = Some(Reason::Repeat);
            evidence.push((
                i,
                Evidence::Repeat {
                    of_lines: of(&first_at),
                    share: None,
                },
            ));
            continue;
        }
        fingerprint::shingles_into(page.key(i), &mut shingles);
        if shingles.len() >= MIN_SHINGLES {
            let hits = shingles.iter().filter(|s| seen.contains_key(s)).count();
            let share = hits as f64 / shingles.len() as f64;
            let strong = share >= th.near_short
                || (shingles.len() >= SHORT_SHINGLES && share >= th.near && share >= th.near_alone);
            // A list item is judged against the article's prose only, and must be long: items of one list
            // share their words («• عدم السماح لها بتسجيل لاعبين أجانب … 50 مليون» then «… 25 مليون»), and a
            // short item may name what a paragraph told («- كأس الأندية الآسيوية … عام 2000م.»). A highlight
            // box that copies whole sentences of the article still goes; the others only inside a repeated block.
            let share = if item {
                let hits = shingles.iter().filter(|s| seen.get(s) == Some(&true)).count();
                hits as f64 / shingles.len() as f64
            } else {
                share
            };
            if strong && (!item || (shingles.len() >= SHORT_SHINGLES && share >= th.near_short.max(th.near_alone))) {
                labels[i] = Some(Reason::Repeat);
                let share = Some((share * 100.0).round() / 100.0);
                evidence.push((i, Evidence::Repeat { of_lines: None, share }));
                continue;
            }
            if strong || (shingles.len() >= SHORT_SHINGLES && share >= th.near) {
                weak.push(i);
            }
        }
        if keys.contains(&hash) {
            weak.push(i);
            if let Some(&from) = first_at.get(&hash) {
                short_copies.push((i, from));
            }
        }
        keys.insert(hash);
        first_at.entry(hash).or_insert(i);
        for &s in &shingles {
            *seen.entry(s).or_insert(false) |= !item;
        }
    }

    // Short exact repeats that copy a block line by line, in order (a chorus, a repeated box of short
    // lines), are a repeated block of their own when the block has `MIN_STRONG_WORDS` words.
    let content = |j: usize| page.is_content(j) && page.words[j] > 0;
    let next_of = |j: usize| (j + 1..page.len()).find(|&k| content(k));
    let mut k = 0;
    while k < short_copies.len() {
        let mut end = k + 1;
        while end < short_copies.len()
            && next_of(short_copies[end - 1].0) == Some(short_copies[end].0)
            && next_of(short_copies[end - 1].1) == Some(short_copies[end].1)
        {
            end += 1;
        }
        let words: usize = short_copies[k..end].iter().map(|&(i, _)| page.words[i]).sum();
        if end - k >= 2 && words >= MIN_STRONG_WORDS {
            for &(i, from) in &short_copies[k..end] {
                if labels[i].is_none() {
                    labels[i] = Some(Reason::Repeat);
                    let of_lines = Some([page.lines[from].number; 2]);
                    evidence.push((i, Evidence::Repeat { of_lines, share: None }));
                }
            }
        }
        k = end;
    }

    // Short exact repeats go when they sit inside a repeated block: next to a removed repeat or title copy.
    // Title copies go when they sit next to anything removed (the title itself, a header, a list, the start
    // of a repeated block) or at either end of the page; a quote of the title inside the body stays.
    loop {
        let mut changed = false;
        weak.dedup();
        for (&i, is_title) in weak
            .iter()
            .map(|i| (i, false))
            .chain(title_copies.iter().map(|i| (i, true)))
        {
            if labels[i].is_some() {
                continue;
            }
            let prev = (0..i).rev().find(|&j| content(j));
            let next = (i + 1..page.len()).find(|&j| content(j));
            let remove = if is_title {
                prev.is_none_or(|j| labels[j].is_some()) || next.is_none_or(|j| labels[j].is_some())
            } else {
                let copy = |j: usize| Some(j) != title && matches!(labels[j], Some(Reason::Repeat | Reason::Title));
                prev.is_some_and(copy) || next.is_some_and(copy)
            };
            if remove {
                labels[i] = Some(if is_title { Reason::Title } else { Reason::Repeat });
                if !is_title {
                    let of_lines = first_at
                        .get(&page.hashes[i])
                        .filter(|&&j| j != i)
                        .map(|&j| [page.lines[j].number; 2]);
                    evidence.push((i, Evidence::Repeat { of_lines, share: None }));
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::config::{CleanOptions, Thresholds};
    use crate::document::Reason;
    use crate::split;

    /// Twenty distinct words, then a copy with `changed` of them replaced: what happens to the copy,
    /// alone after other text, and inside a repeated block.
    fn copy_label(changed: usize, thresholds: Thresholds) -> (Option<Reason>, Option<Reason>) {
        let words: Vec<String> = (0..20).map(|i| format!("كلمة{i}")).collect();
        let original = words.join(" ");
        let mut copy = words.clone();
        for i in 0..changed {
            copy[(i + 1) * 20 / (changed + 1)] = format!("بديل{i}");
        }
        let copy = copy.join(" ");
        let other = "نص آخر مختلف تماما عن الفقرة الأولى ولا يشبهها في شيء من كلماتها أبدا";
        let more = "فقرة ثانية أطول قليلا تأتي بعد الأولى وتكمل الخبر بتفاصيل لا تتكرر في غيرها";
        let opts = CleanOptions {
            thresholds,
            ..CleanOptions::default()
        };
        let label = |text: &str, line: usize| {
            let lines = split::lines(text);
            crate::detect::detect(
                text,
                &lines,
                &opts,
                &crate::detect::Known {
                    title: Some("عنوان"),
                    author: None,
                    kind: crate::document::TextKind::Scraped,
                    prepared: None,
                },
            )
            .labels[line]
        };
        let alone = label(&format!("{original}\n{other}\n{copy}\n"), 2);
        let block = label(&format!("{original}\n{more}\n{other}\n{copy}\n{more}\n"), 3);
        (alone, block)
    }

    #[test]
    fn near_repeat_thresholds() {
        let repeat = Some(Reason::Repeat);
        let cases = [
            // (words changed, alone, inside a repeated block); 18 shingles of 3 words each
            (0, repeat, repeat),
            (1, repeat, repeat), // 15 of 18 shingles seen: 0.83
            (2, None, repeat),   // 12 of 18: 0.67, between `near` and `near_alone`
            (5, None, None),     // 3 of 18
        ];
        for (changed, alone, block) in cases {
            assert_eq!(
                copy_label(changed, Thresholds::default()),
                (alone, block),
                "{changed} words changed"
            );
        }
        // A stricter --near-repeat keeps the two-word change even inside a block.
        let strict = Thresholds {
            near: 0.7,
            near_short: 0.8,
            near_alone: 0.8,
        };
        assert_eq!(copy_label(2, strict), (None, None));
    }
}
