//! Micro-benchmarks of the per-document hashing the corpus stage does: normalizing a paragraph into its
//! key, the word 3-gram shingles of the within-page repeat detector, and a document's MinHash sketch.
//!
//!     cargo bench --bench hashing
//!
//! Inputs are real text: the articles of `fixtures/corpus/news.jsonl` (Arabic news), joined. Criterion
//! prints time per iteration and throughput in bytes of input.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};

use ghirbal::corpus::duplicates::Sketch;
use ghirbal::{fingerprint, normalize};

fn text() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/corpus/news.jsonl");
    let raw = std::fs::read_to_string(path).unwrap_or_default();
    raw.lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect::<Vec<_>>()
        .join("\n")
}

fn hashing(c: &mut Criterion) {
    let text = text();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let keys: Vec<String> = lines.iter().map(|l| normalize::key(l)).collect();
    let key_refs: Vec<&str> = keys.iter().map(String::as_str).collect();

    let mut g = c.benchmark_group("hashing");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("normalize", |b| {
        let mut out = String::with_capacity(text.len());
        b.iter(|| {
            for line in &lines {
                out.clear();
                normalize::key_append(black_box(line), &mut out);
            }
        })
    });
    g.bench_function("shingles", |b| {
        let mut out = Vec::new();
        b.iter(|| {
            for key in &key_refs {
                fingerprint::shingles_into(black_box(key), &mut out);
            }
        })
    });
    g.bench_function("minhash_sketch", |b| b.iter(|| Sketch::new(black_box(&key_refs))));
    g.finish();
}

criterion_group!(benches, hashing);
criterion_main!(benches);
