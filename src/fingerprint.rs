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
    // Each window is the contiguous slice from one word's start to the end of the word
    // `SHINGLE_WORDS - 1` further on, spaces included; only the last window's starts are kept.
    let mut starts = [0usize; SHINGLE_WORDS];
    let mut words = 1;
    for space in memchr::memchr_iter(b' ', bytes) {
        if words >= SHINGLE_WORDS {
            out.push(xxh3_64_with_seed(
                &bytes[starts[words % SHINGLE_WORDS]..space],
                SHINGLE_SEED,
            ));
        }
        starts[words % SHINGLE_WORDS] = space + 1;
        words += 1;
    }
    let first = if words >= SHINGLE_WORDS {
        starts[words % SHINGLE_WORDS]
    } else {
        0
    };
    out.push(xxh3_64_with_seed(&bytes[first..], SHINGLE_SEED));
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

/// MinHash permutations per document.
pub const MINHASH_PERMS: usize = 112;
/// LSH bands × rows: 14 × 8 = 112. A pair of documents with word-shingle Jaccard `s` shares at least one
/// band with probability `1 - (1 - s^8)^14`: 0.92 at s = 0.8, 0.27 at s = 0.6, 0.01 at s = 0.4.
pub const LSH_BANDS: usize = 14;
pub const LSH_ROWS: usize = 8;
/// Words per document shingle.
pub const DOC_SHINGLE_WORDS: usize = 5;
/// Seed of the document shingle hashes.
pub const DOC_SHINGLE_SEED: u64 = 0x6768_6972_6261_6c03;
/// Seed of the band keys.
pub const BAND_SEED: u64 = 0x6768_6972_6261_6c04;

/// The permutation constants: fixed, derived from one seed by splitmix64, odd multipliers.
fn minhash_params() -> &'static ([u32; MINHASH_PERMS], [u32; MINHASH_PERMS]) {
    static PARAMS: std::sync::OnceLock<([u32; MINHASH_PERMS], [u32; MINHASH_PERMS])> = std::sync::OnceLock::new();
    PARAMS.get_or_init(|| {
        let mut state: u64 = 0x6768_6972_6261_6c05;
        let mut next = || {
            state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        };
        let mut mul = [0u32; MINHASH_PERMS];
        let mut xor = [0u32; MINHASH_PERMS];
        for i in 0..MINHASH_PERMS {
            mul[i] = (next() as u32) | 1;
            xor[i] = next() as u32;
        }
        (mul, xor)
    })
}

/// A document's MinHash signature over word `DOC_SHINGLE_WORDS`-grams of its normalized text.
///
/// Each shingle is hashed once (xxh3, 64 bits, folded to 32); the 112 permutations are cheap
/// multiply-xorshift mixes of that value. The loop over them runs with AVX2 where the processor has it
/// (checked at run time); both paths compute the very same values.
pub fn minhash(words: &[&str]) -> [u32; MINHASH_PERMS] {
    minhash_and_check(words).0
}

/// The document's MinHash signature, and its check: a second, independent signature of
/// [`CHECK_PERMS`] values over the other half of each shingle's 64-bit hash. Two documents whose
/// shingles differ but fold to the same 32 bits (among a million tiny documents, a few pairs do) have
/// equal signatures and unequal checks; a near-duplicate claim needs both to agree.
pub fn minhash_and_check(words: &[&str]) -> ([u32; MINHASH_PERMS], [u32; CHECK_PERMS]) {
    let n = DOC_SHINGLE_WORDS.min(words.len().max(1));
    let mut buf = String::new();
    let mut hashes = Vec::with_capacity(words.len());
    for window in words.windows(n) {
        buf.clear();
        for (k, w) in window.iter().enumerate() {
            if k > 0 {
                buf.push(' ');
            }
            buf.push_str(w);
        }
        hashes.push(xxh3_64_with_seed(buf.as_bytes(), DOC_SHINGLE_SEED));
    }
    signatures(&hashes)
}

/// [`minhash_and_check`] of a text whose words are already joined by single spaces (a normalized key
/// or keys joined with a space): each shingle is hashed where it stands, nothing copied. The same values
/// as `minhash_and_check` of its words.
pub fn minhash_and_check_joined(joined: &str) -> ([u32; MINHASH_PERMS], [u32; CHECK_PERMS]) {
    let bytes = joined.as_bytes();
    if bytes.is_empty() {
        return signatures(&[]);
    }
    // Where each word starts and ends.
    let mut starts = Vec::with_capacity(bytes.len() / 5);
    let mut ends = Vec::with_capacity(bytes.len() / 5);
    starts.push(0);
    for space in memchr::memchr_iter(b' ', bytes) {
        ends.push(space);
        starts.push(space + 1);
    }
    ends.push(bytes.len());
    let n = DOC_SHINGLE_WORDS.min(starts.len());
    let hashes: Vec<u64> = (0..=starts.len() - n)
        .map(|k| xxh3_64_with_seed(&bytes[starts[k]..ends[k + n - 1]], DOC_SHINGLE_SEED))
        .collect();
    signatures(&hashes)
}

/// The signature (over each shingle hash's low and high halves mixed) and the check (over the high
/// halves) of a document's shingle hashes.
fn signatures(hashes: &[u64]) -> ([u32; MINHASH_PERMS], [u32; CHECK_PERMS]) {
    let folded: Vec<u32> = hashes.iter().map(|&h| (h ^ (h >> 32)) as u32).collect();
    let high: Vec<u32> = hashes.iter().map(|&h| (h >> 32) as u32).collect();
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f") && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX-512F and AVX2 (checked just above).
        return unsafe { (minhash_avx512(&folded), check_avx2(&high)) };
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2 (checked just above).
        return unsafe { (minhash_avx2(&folded), check_avx2(&high)) };
    }
    (minhash_of(&folded), check_of(&high))
}

/// Values of the check signature.
pub const CHECK_PERMS: usize = 16;
/// A check signature kept in 4 bits a value.
pub type ShortCheck = [u8; CHECK_PERMS / 2];

/// The check signature: its own permutations (the main ones' last 16 constants, reversed and mixed
/// differently) over the shingles' high 32 bits.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn check_avx2(high: &[u32]) -> [u32; CHECK_PERMS] {
    check_of(high)
}

#[inline(always)]
fn check_of(high: &[u32]) -> [u32; CHECK_PERMS] {
    let (mul, xor) = minhash_params();
    let mut mins = [u32::MAX; CHECK_PERMS];
    for &x in high {
        for (i, min) in mins.iter_mut().enumerate() {
            let j = MINHASH_PERMS - 1 - i;
            let mut v = (x ^ mul[j]).wrapping_mul(xor[j] | 1);
            v ^= v >> 16;
            v = v.wrapping_mul(0x7feb_352d);
            v ^= v >> 15;
            *min = (*min).min(v);
        }
    }
    mins
}

/// A check signature in 4 bits a value.
pub fn short_check(check: &[u32; CHECK_PERMS]) -> ShortCheck {
    let mut out = [0u8; CHECK_PERMS / 2];
    for (i, pair) in check.chunks(2).enumerate() {
        out[i] = (pair[0] & 0xf) as u8 | (((pair[1] & 0xf) as u8) << 4);
    }
    out
}

/// Whether two check signatures confirm a near-duplicate claim: at least half their values agree (two
/// documents 80% alike agree on about 13 of 16; two unrelated ones on 1, and on 8 or more about once in
/// a hundred million pairs).
pub fn check_agrees(a: &ShortCheck, b: &ShortCheck) -> bool {
    let equal: u32 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u32::from(x & 0xf == y & 0xf) + u32::from(x >> 4 == y >> 4))
        .sum();
    equal as usize * 2 >= CHECK_PERMS
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn minhash_avx2(hashes: &[u32]) -> [u32; MINHASH_PERMS] {
    minhash_of(hashes)
}

/// With 16 lanes a register, the 112 minima and the permutations' constants (7 registers each) stay in the
/// 32 registers AVX-512 has, where AVX2's 16 spill them to memory: the same values, about 1.7 times as fast
/// (perf samples in the sketch on SaudiNewsNet, one thread: 484 → 279).
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
fn minhash_avx512(hashes: &[u32]) -> [u32; MINHASH_PERMS] {
    minhash_of(hashes)
}

/// The permutations' minima over shingle hashes. `inline(always)`, so each vectorized caller compiles its
/// own copy.
#[inline(always)]
fn minhash_of(hashes: &[u32]) -> [u32; MINHASH_PERMS] {
    let (mul, xor) = minhash_params();
    let mut mins = [u32::MAX; MINHASH_PERMS];
    for &x in hashes {
        for i in 0..MINHASH_PERMS {
            let mut v = (x ^ xor[i]).wrapping_mul(mul[i]);
            v ^= v >> 15;
            v = v.wrapping_mul(0x2c1b_3c6d);
            v ^= v >> 12;
            mins[i] = mins[i].min(v);
        }
    }
    mins
}

/// The LSH band keys of a signature: one 32-bit hash per band of `LSH_ROWS` values.
pub fn band_keys(sig: &[u32; MINHASH_PERMS]) -> [u32; LSH_BANDS] {
    let mut keys = [0u32; LSH_BANDS];
    for (b, key) in keys.iter_mut().enumerate() {
        let rows = &sig[b * LSH_ROWS..(b + 1) * LSH_ROWS];
        let mut bytes = [0u8; 4 * LSH_ROWS];
        for (k, v) in rows.iter().enumerate() {
            bytes[4 * k..4 * k + 4].copy_from_slice(&v.to_le_bytes());
        }
        *key = xxh3_64_with_seed(&bytes, BAND_SEED ^ b as u64) as u32;
    }
    keys
}

/// A signature kept in 4 bits a value (56 bytes): enough to estimate the Jaccard similarity of a
/// candidate pair (b-bit MinHash, Li & König 2010).
pub type ShortSig = [u8; MINHASH_PERMS / 2];

pub fn short_sig(sig: &[u32; MINHASH_PERMS]) -> ShortSig {
    let mut out = [0u8; MINHASH_PERMS / 2];
    for (i, pair) in sig.chunks(2).enumerate() {
        out[i] = (pair[0] & 0xf) as u8 | (((pair[1] & 0xf) as u8) << 4);
    }
    out
}

/// The Jaccard similarity two 4-bit signatures estimate: the share of equal values, corrected for the
/// 1/16 chance that two different minima agree in their low 4 bits.
pub fn estimate_jaccard(a: &ShortSig, b: &ShortSig) -> f64 {
    let equal: u32 = a
        .iter()
        .zip(b)
        .map(|(x, y)| u32::from(x & 0xf == y & 0xf) + u32::from(x >> 4 == y >> 4))
        .sum();
    let share = f64::from(equal) / MINHASH_PERMS as f64;
    ((share - 1.0 / 16.0) / (1.0 - 1.0 / 16.0)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod minhash_tests {
    use super::*;

    #[test]
    fn joined_text_gives_the_words_signatures() {
        let text = "قال الوزير ان المشروع الجديد سيبدا العام المقبل في الرياض";
        let all: Vec<&str> = text.split(' ').collect();
        for n in 0..=all.len() {
            let joined = all[..n].join(" ");
            assert_eq!(
                minhash_and_check_joined(&joined),
                minhash_and_check(&all[..n]),
                "{n} words"
            );
        }
    }

    fn words(s: &str) -> Vec<&str> {
        s.split(' ').collect()
    }

    #[test]
    fn similar_texts_have_similar_signatures() {
        let base: Vec<String> = (0..300).map(|i| format!("w{}", i * 7 % 211)).collect();
        let a = base.join(" ");
        let mut changed = base.clone();
        for i in (0..300).step_by(60) {
            changed[i] = "other".into();
        }
        let b = changed.join(" ");
        let c: String = (0..300).map(|i| format!("z{i}")).collect::<Vec<_>>().join(" ");
        let (sa, sb, sc) = (minhash(&words(&a)), minhash(&words(&b)), minhash(&words(&c)));
        let near = estimate_jaccard(&short_sig(&sa), &short_sig(&sb));
        let far = estimate_jaccard(&short_sig(&sa), &short_sig(&sc));
        assert!(near > 0.7, "near {near}");
        assert!(far < 0.2, "far {far}");
        assert_eq!(estimate_jaccard(&short_sig(&sa), &short_sig(&sa)), 1.0);
        assert_eq!(band_keys(&sa), band_keys(&minhash(&words(&a))));
        // The vectorized path and the portable one agree.
        let hashes: Vec<u32> = (0..1000u32).map(|i| i.wrapping_mul(2_654_435_761)).collect();
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: AVX2 was just detected.
            assert_eq!(unsafe { minhash_avx2(&hashes) }, minhash_of(&hashes));
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx512f") {
            // SAFETY: AVX-512F was just detected.
            assert_eq!(unsafe { minhash_avx512(&hashes) }, minhash_of(&hashes));
        }
        assert_ne!(band_keys(&sa), band_keys(&sc));
    }
}
