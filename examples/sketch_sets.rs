//! Synthetic sketch files for measuring `ghirbal merge` at scale (bench/merge_scale.sh).
//!
//!     cargo run --release --example sketch_sets -- DOCS SHARDS OUT_PREFIX
//!
//! Writes SHARDS sketch files `OUT_PREFIX-00000.sk`, … holding DOCS documents in all: random sketches
//! (whose 32-bit band keys collide by chance, as real ones do at scale), 5 % exact copies of an earlier
//! document, 5 % near copies (two band keys and one signature byte changed: an estimated similarity
//! of about 0.98), and 1 % units without a sketch. Deterministic: the same files for the same arguments.

use ghirbal::corpus::duplicates::Sketch;
use ghirbal::corpus::shard::SketchFile;
use ghirbal::fingerprint::LSH_BANDS;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn sketch(&mut self) -> Sketch {
        let mut bands = [0u32; LSH_BANDS];
        for b in &mut bands {
            *b = self.next() as u32;
        }
        let mut sig = [0u8; 56];
        for chunk in sig.chunks_mut(8) {
            chunk.copy_from_slice(&self.next().to_le_bytes());
        }
        Sketch {
            exact: self.next() | 1,
            words: 50 + (self.next() % 900) as u32,
            bands,
            sig,
            check: self.next().to_le_bytes(),
        }
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [docs, shards, prefix] = args.as_slice() else {
        return Err("usage: sketch_sets DOCS SHARDS OUT_PREFIX".into());
    };
    let (docs, shards): (u64, u64) = (docs.parse()?, shards.parse()?);
    let mut rng = Rng(0x6768_6972_6261_6c99);
    // Earlier sketches that copies are made of (a window, so memory stays flat).
    let mut recent: Vec<Sketch> = Vec::new();
    let per_shard = docs.div_ceil(shards);
    let mut made = 0u64;
    for shard in 0..shards {
        let path = format!("{prefix}-{shard:05}.sk");
        let mut file = SketchFile::create(path.as_ref(), "synthetic", &format!("shard-{shard}"))?;
        for _ in 0..per_shard.min(docs - made) {
            let roll = rng.next() % 100;
            let sketch = match roll {
                0 => None,
                1..=5 if !recent.is_empty() => Some(recent[rng.next() as usize % recent.len()].clone()),
                6..=10 if !recent.is_empty() => {
                    let mut s = recent[rng.next() as usize % recent.len()].clone();
                    s.exact = rng.next() | 1;
                    for _ in 0..2 {
                        s.bands[rng.next() as usize % LSH_BANDS] = rng.next() as u32;
                    }
                    s.sig[rng.next() as usize % 56] ^= 0x11;
                    Some(s)
                }
                _ => Some(rng.sketch()),
            };
            if let Some(s) = &sketch {
                if recent.len() < 100_000 {
                    recent.push(s.clone());
                } else {
                    let at = rng.next() as usize % recent.len();
                    recent[at] = s.clone();
                }
            }
            let id = format!("d{made}");
            file.push(sketch.as_ref().map(|s| (s, id.as_str())))?;
            made += 1;
        }
        file.finish()?;
    }
    eprintln!("sketch_sets: {made} documents in {shards} files {prefix}-*.sk");
    Ok(())
}
