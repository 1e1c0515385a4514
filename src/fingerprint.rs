//! Fingerprint stage: a normalized key in, its xxh3 hash and its word-shingle hashes out.
//!
//! Seeds are fixed named constants, so the same text hashes the same on every run, machine and thread count.

use xxhash_rust::xxh3::xxh3_64_with_seed;

/// Seed of the paragraph-key hash.
pub const KEY_SEED: u64 = 0x6768_6972_6261_6c01;
/// Seed of the word-shingle hashes.
pub const SHINGLE_SEED: u64 = 0x6768_6972_6261_6c02;
/// Words per shingle.
pub const SHINGLE_WORDS: usize = 3;

/// The hash of a whole normalized key.
#[inline]
pub fn key_hash(key: &str) -> u64 {
    xxh3_64_with_seed(key.as_bytes(), KEY_SEED)
}

/// Push the hashes of every `SHINGLE_WORDS`-word window of `key` (a space-joined normalized key) onto
/// `out`, then sort and deduplicate them. A key shorter than one window gives one shingle: itself.
pub fn shingles_into(key: &str, out: &mut Vec<u64>) {
    out.clear();
    if key.is_empty() {
        return;
    }
    let bytes = key.as_bytes();
    // Word starts; each window is the contiguous slice from one word's start to the end of the
    // word `SHINGLE_WORDS - 1` further on, spaces included.
    let mut starts: Vec<usize> = Vec::with_capacity(bytes.len() / 5 + 1);
    starts.push(0);
    starts.extend(memchr::memchr_iter(b' ', bytes).map(|i| i + 1));
    if starts.len() < SHINGLE_WORDS {
        out.push(xxh3_64_with_seed(bytes, SHINGLE_SEED));
        return;
    }
    for w in 0..=starts.len() - SHINGLE_WORDS {
        let end = starts.get(w + SHINGLE_WORDS).map_or(bytes.len(), |&s| s - 1);
        out.push(xxh3_64_with_seed(&bytes[starts[w]..end], SHINGLE_SEED));
    }
    out.sort_unstable();
    out.dedup();
}

/// Number of words in a normalized key.
pub fn word_count(key: &str) -> usize {
    if key.is_empty() {
        0
    } else {
        memchr::memchr_iter(b' ', key.as_bytes()).count() + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shingles(key: &str) -> Vec<u64> {
        let mut v = Vec::new();
        shingles_into(key, &mut v);
        v
    }

    #[test]
    fn shingle_counts() {
        assert_eq!(shingles("").len(), 0);
        assert_eq!(shingles("a").len(), 1);
        assert_eq!(shingles("a b").len(), 1);
        assert_eq!(shingles("a b c").len(), 1);
        assert_eq!(shingles("a b c d").len(), 2);
        // Repeated windows count once.
        assert_eq!(shingles("a b c a b c").len(), 3);
    }

    #[test]
    fn windows_are_word_aligned() {
        let mut want = vec![
            xxh3_64_with_seed(b"aa bb cc", SHINGLE_SEED),
            xxh3_64_with_seed(b"bb cc dd", SHINGLE_SEED),
        ];
        want.sort_unstable();
        assert_eq!(shingles("aa bb cc dd"), want);
    }

    #[test]
    fn hashes_are_stable() {
        // Fixed seeds: this value must never change between runs or releases without a note.
        assert_eq!(key_hash("سلام"), key_hash("سلام"));
        assert_ne!(key_hash("a"), key_hash("b"));
        assert_eq!(word_count("a bb c"), 3);
        assert_eq!(word_count(""), 0);
    }
}
