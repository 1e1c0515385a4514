//! Duplicate clusters from sketches, in memory bounded at any scale.
//!
//! The sketches are never held together. As they arrive (in input order) a [`Scatter`] writes each
//! document's verification record (word count, signature, check: 68 bytes) to a table on disk, and its
//! exact hash and 14 band keys to bucket files cut by key range. Then each bucket in turn is read,
//! sorted, and only its runs of equal keys (the candidates) are kept, as a stream of groups in (kind,
//! key, document) order. Last, the groups of all buckets are replayed in the order of the one-pass
//! algorithm — exact groups, then band 0 to 13, each in key order and document order — over a
//! union-find that holds only documents with a candidate, reading the verification records it needs
//! from the table. A bucket's groups can also be made by a task of their own (`merge --partition`) and
//! replayed by another (`merge --groups`).
//!
//! Memory: one bucket at a time (the partition count is chosen from the expected number of documents,
//! so a bucket stays under [`BUCKET_BYTES`]), plus the documents that have a candidate. The clusters
//! are the very ones the one-pass algorithm finds (a test compares them on planted duplicates and
//! random collisions); what the run keeps afterwards is one entry per duplicate and per cluster root.
//!
//! Disk: 68 bytes per document in the table and 16 bytes per key (15 keys) in the buckets, about
//! 310 bytes per document, in a temporary folder removed at the end, on an error and on SIGINT/SIGTERM.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use rayon::slice::ParallelSliceMut;

use crate::error::Error;
use crate::fingerprint::{self, ShortCheck, ShortSig, CHECK_PERMS, LSH_BANDS, MINHASH_PERMS};

use super::duplicates::{DedupRule, Duplicate, Sketch};

/// The most bytes of keys one bucket holds in memory while it is sorted.
pub const BUCKET_BYTES: u64 = 64 << 20;
/// Bytes of one key entry in a bucket file: kind (1), padding (3), document (4), key (8).
const ENTRY: usize = 16;
/// Keys per document: the exact hash and the band keys.
const KEYS: usize = LSH_BANDS + 1;
/// The kind tag of the exact hash (band `b`'s keys are `b + 1`): exact groups are replayed first.
const EXACT: u8 = 0;
/// Bytes of one verification record: words (4), signature, check.
const RECORD: usize = 4 + MINHASH_PERMS / 2 + CHECK_PERMS / 2;
/// Candidates a member is compared with: the first few of its group (enough to join a cluster, bounded
/// when a band key is shared by many documents).
const GROUP_HEAD: usize = 4;

/// Sketches on their way to disk.
pub struct Scatter {
    rule: DedupRule,
    work: WorkDir,
    /// The verification records (none in a partition task: the replay step writes them).
    table: Option<BufWriter<File>>,
    buckets: Vec<BufWriter<File>>,
    /// Bits of a key that choose its bucket.
    bits: u32,
    /// A partition task keeps only this bucket's keys (in its one bucket file).
    only: Option<u64>,
    docs: u32,
}

impl Scatter {
    /// A scatter for about `expected` documents (a bound is enough: more buckets cost only files).
    pub fn new(rule: &DedupRule, expected: u64) -> Result<Scatter, Error> {
        Scatter::with_buckets(rule, bucket_bits(expected))
    }

    /// A scatter with `2^bits` buckets.
    pub fn with_buckets(rule: &DedupRule, bits: u32) -> Result<Scatter, Error> {
        Scatter::make(rule, bits, None, true)
    }

    /// Partition `part` of `2^bits` (`merge --partition`): only the keys of that key range, no table.
    pub fn partition(rule: &DedupRule, bits: u32, part: u64) -> Result<Scatter, Error> {
        Scatter::make(rule, bits, Some(part), false)
    }

    /// The verification records alone, for replaying partitions' groups (`merge --groups`).
    pub fn table_only(rule: &DedupRule) -> Result<Scatter, Error> {
        let mut s = Scatter::make(rule, 0, None, true)?;
        s.buckets.clear();
        Ok(s)
    }

    fn make(rule: &DedupRule, bits: u32, only: Option<u64>, table: bool) -> Result<Scatter, Error> {
        let work = WorkDir::create()?;
        let table = if table { Some(work.file("table")?) } else { None };
        let files = if only.is_some() { 1 } else { 1u32 << bits };
        let buckets = (0..files)
            .map(|b| work.file(&format!("bucket-{b}")))
            .collect::<Result<_, _>>()?;
        Ok(Scatter {
            rule: rule.clone(),
            work,
            table,
            buckets,
            bits,
            only,
            docs: 0,
        })
    }

    /// The next unit's sketch (`None` for a unit without a document to compare).
    pub fn push(&mut self, sketch: Option<&Sketch>) -> Result<(), Error> {
        let doc = self.docs;
        self.docs = self
            .docs
            .checked_add(1)
            .ok_or_else(|| Error::Usage("more than 4,294,967,295 documents in one run".into()))?;
        self.write(sketch, doc).map_err(|source| Error::Write {
            path: self.work.path.clone(),
            source,
        })
    }

    fn write(&mut self, sketch: Option<&Sketch>, doc: u32) -> io::Result<()> {
        let mut record = [0u8; RECORD];
        if let Some(s) = sketch.filter(|s| s.exact != 0) {
            record[..4].copy_from_slice(&s.words.to_le_bytes());
            record[4..4 + MINHASH_PERMS / 2].copy_from_slice(&s.sig);
            record[4 + MINHASH_PERMS / 2..].copy_from_slice(&s.check);
            if self.rule.exact {
                self.key(EXACT, s.exact, doc)?;
            }
            if self.rule.near {
                for (band, &key) in s.bands.iter().enumerate() {
                    // Band keys are 32 bits: their top bits choose the bucket as the exact hash's do.
                    self.key(band as u8 + 1, u64::from(key) << 32, doc)?;
                }
            }
        }
        match &mut self.table {
            Some(t) => t.write_all(&record),
            None => Ok(()),
        }
    }

    fn key(&mut self, kind: u8, key: u64, doc: u32) -> io::Result<()> {
        let bucket = if self.bits == 0 { 0 } else { key >> (64 - self.bits) };
        let file = match self.only {
            Some(part) if part != bucket => return Ok(()),
            Some(_) => 0,
            None => bucket as usize,
        };
        let Some(out) = self.buckets.get_mut(file) else {
            return Ok(());
        };
        let mut entry = [0u8; ENTRY];
        entry[0] = kind;
        entry[4..8].copy_from_slice(&doc.to_le_bytes());
        entry[8..].copy_from_slice(&key.to_le_bytes());
        out.write_all(&entry)
    }

    /// Documents pushed so far.
    pub fn docs(&self) -> u32 {
        self.docs
    }

    fn fail(&self) -> impl Fn(io::Error) -> Error + '_ {
        |source| Error::Write {
            path: self.work.path.clone(),
            source,
        }
    }

    /// Close the files written so far.
    fn flush(&mut self) -> Result<(), Error> {
        let path = self.work.path.clone();
        let fail = |source| Error::Write {
            path: path.clone(),
            source,
        };
        if let Some(t) = &mut self.table {
            t.flush().map_err(fail)?;
        }
        for b in &mut self.buckets {
            b.flush().map_err(fail)?;
        }
        Ok(())
    }

    /// Sort bucket file `b` and hand each of its groups (runs of two or more units sharing a key), in
    /// (kind, key, unit) order, to `each`.
    fn groups_of(&self, b: usize, mut each: impl FnMut(u8, &[u32]) -> io::Result<()>) -> Result<(), Error> {
        let path = self.work.path.join(format!("bucket-{b}"));
        let mut entries: Vec<(u8, u64, u32)> = Vec::new();
        read_entries(&path, &mut entries).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let _ = std::fs::remove_file(&path);
        // Entries are distinct (one per unit and kind), so the order is the same for any thread count.
        entries.par_sort_unstable();
        let mut units = Vec::new();
        let mut start = 0;
        while start < entries.len() {
            let (kind, key, _) = entries[start];
            let end = start
                + entries[start..]
                    .iter()
                    .take_while(|e| e.0 == kind && e.1 == key)
                    .count();
            if end - start >= 2 {
                units.clear();
                units.extend(entries[start..end].iter().map(|e| e.2));
                each(kind, &units).map_err(self.fail())?;
            }
            start = end;
        }
        Ok(())
    }

    /// A partition task's groups (see [`Scatter::partition`]), in order.
    pub fn partition_groups(mut self, each: impl FnMut(u8, &[u32]) -> io::Result<()>) -> Result<(), Error> {
        self.flush()?;
        self.groups_of(0, each)
    }

    /// Sort each bucket into its groups, replay them, and return the clusters.
    pub fn cluster(mut self) -> Result<Clusters, Error> {
        self.flush()?;
        let mut sources: Vec<Box<dyn Groups>> = Vec::new();
        for b in 0..self.buckets.len() {
            let path = self.work.path.join(format!("groups-{b}"));
            let mut out = self.work.file(&format!("groups-{b}"))?;
            self.groups_of(b, |kind, units| {
                out.write_all(&[kind])?;
                out.write_all(&(units.len() as u32).to_le_bytes())?;
                for u in units {
                    out.write_all(&u.to_le_bytes())?;
                }
                Ok(())
            })?;
            out.into_inner().map_err(|e| self.fail()(e.into_error()))?;
            sources.push(Box::new(GroupFile::open(&path)?));
        }
        self.replay(&mut sources)
    }

    /// Replay the groups of every partition (each in (kind, key, unit) order; partitions in key-range
    /// order) over the verification records pushed here, as the one-pass algorithm would: exact groups
    /// first, then band by band.
    pub fn replay(mut self, sources: &mut [Box<dyn Groups>]) -> Result<Clusters, Error> {
        self.flush()?;
        let table = Table::open(&self.work.path.join("table"))?;
        let rule = self.rule.clone();
        let mut sets = Sets::default();
        let mut exact_twins = HashSet::new();
        let mut heads = Vec::with_capacity(sources.len());
        for s in sources.iter_mut() {
            heads.push(s.next_group()?);
        }
        for kind in 0..=LSH_BANDS as u8 {
            for (p, source) in sources.iter_mut().enumerate() {
                while let Some((k, group)) = heads[p].take() {
                    if k < kind {
                        return Err(Error::Usage(format!(
                            "candidate groups out of order (kind {k} after {kind})"
                        )));
                    }
                    if k > kind {
                        heads[p] = Some((k, group));
                        break;
                    }
                    if kind == EXACT {
                        // Every member after the first has the first's very text.
                        for pair in group.windows(2) {
                            sets.union(pair[0], pair[1]);
                            exact_twins.insert(pair[1]);
                        }
                    } else {
                        // Each member against the group's first few, as the one-pass algorithm does, so the
                        // same pairs are compared in the same order.
                        for j in 1..group.len() {
                            let b = table.get(group[j])?;
                            for &i in &group[..j.min(GROUP_HEAD)] {
                                if sets.find(i) == sets.find(group[j]) {
                                    break;
                                }
                                let a = table.get(i)?;
                                let sim = fingerprint::estimate_jaccard(&a.sig, &b.sig);
                                let confirmed = fingerprint::check_agrees(&a.check, &b.check);
                                if rule.alike(f64::from(a.words), f64::from(b.words), sim) && confirmed {
                                    sets.union(i, group[j]);
                                    break;
                                }
                            }
                        }
                    }
                    heads[p] = source.next_group()?;
                }
            }
        }
        let mut dups: Vec<u32> = sets.parent.keys().copied().collect();
        dups.sort_unstable();
        let mut members = Vec::with_capacity(dups.len());
        let mut roots = Vec::new();
        for doc in dups {
            let root = sets.find(doc);
            let (kind, similarity) = if exact_twins.contains(&doc) {
                (Duplicate::Exact, 1.0)
            } else {
                let (r, d) = (table.get(root)?, table.get(doc)?);
                (Duplicate::Near, fingerprint::estimate_jaccard(&r.sig, &d.sig))
            };
            members.push((doc, root, kind, similarity));
            roots.push(root);
        }
        roots.sort_unstable();
        roots.dedup();
        roots.shrink_to_fit();
        Ok(Clusters { members, roots })
    }
}

/// The bucket bits for about `expected` documents: buckets of at most [`BUCKET_BYTES`] of keys.
pub fn bucket_bits(expected: u64) -> u32 {
    let bytes = expected.max(1) * (KEYS * ENTRY) as u64;
    bytes
        .div_ceil(BUCKET_BYTES)
        .next_power_of_two()
        .min(1 << 10)
        .trailing_zeros()
}

/// Candidate groups in (kind, key, unit) order: kind 0 is the exact hash, kinds 1 to 14 the bands.
pub trait Groups {
    /// The next group: its kind and its units; `None` at the end.
    fn next_group(&mut self) -> Result<Option<(u8, Vec<u32>)>, Error>;
}

/// A bucket's groups, written by [`Scatter::cluster`].
struct GroupFile {
    r: BufReader<File>,
    path: PathBuf,
}

impl GroupFile {
    fn open(path: &Path) -> Result<GroupFile, Error> {
        let file = File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(GroupFile {
            r: BufReader::with_capacity(1 << 20, file),
            path: path.to_path_buf(),
        })
    }
}

impl Groups for GroupFile {
    fn next_group(&mut self) -> Result<Option<(u8, Vec<u32>)>, Error> {
        let read_error = |source| Error::Read {
            path: self.path.clone(),
            source,
        };
        let mut head = [0u8; 5];
        match self.r.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(read_error(e)),
        }
        let n = u32::from_le_bytes([head[1], head[2], head[3], head[4]]);
        let mut units = Vec::with_capacity(n as usize);
        let mut word = [0u8; 4];
        for _ in 0..n {
            self.r.read_exact(&mut word).map_err(read_error)?;
            units.push(u32::from_le_bytes(word));
        }
        Ok(Some((head[0], units)))
    }
}

/// The clusters: each duplicate with its cluster's first unit, and the first units.
#[derive(Debug, Default, PartialEq)]
pub struct Clusters {
    /// Duplicates in unit order: the unit, its cluster's first unit, how, and how alike.
    members: Vec<(u32, u32, Duplicate, f64)>,
    /// Units that later units duplicate, in order.
    roots: Vec<u32>,
}

impl Clusters {
    #[cfg(test)]
    pub fn from_parts(members: Vec<(u32, u32, Duplicate, f64)>, roots: Vec<u32>) -> Clusters {
        Clusters { members, roots }
    }

    /// The unit's cluster's first unit (the one kept), when it is a duplicate; `Exact` when an earlier unit
    /// has the very same normalized text (that unit may itself be a near duplicate of the kept one).
    pub fn duplicate_of(&self, unit: usize) -> Option<(usize, Duplicate, f64)> {
        let unit = u32::try_from(unit).ok()?;
        let k = self.members.binary_search_by_key(&unit, |m| m.0).ok()?;
        let (_, root, kind, similarity) = self.members[k];
        Some((root as usize, kind, similarity))
    }

    /// Whether later units are duplicates of this one.
    pub fn is_first_of_cluster(&self, unit: usize) -> bool {
        u32::try_from(unit).is_ok_and(|u| self.roots.binary_search(&u).is_ok())
    }

    /// Each duplicate in unit order: the unit, its cluster's first unit, how, and how alike.
    pub fn members(&self) -> impl Iterator<Item = (u32, u32, Duplicate, f64)> + '_ {
        self.members.iter().copied()
    }

    /// Units rejected as duplicates.
    pub fn duplicates(&self) -> usize {
        self.members.len()
    }

    /// Bytes held: one entry per duplicate and per cluster's first unit.
    pub fn memory_bytes(&self) -> usize {
        self.members.capacity() * std::mem::size_of::<(u32, u32, Duplicate, f64)>() + self.roots.capacity() * 4
    }
}

/// Union-find over the units that have a candidate: a unit not in `parent` is its own root, and a set's
/// root is its smallest unit (its first in input order).
#[derive(Default)]
struct Sets {
    parent: HashMap<u32, u32>,
}

impl Sets {
    fn find(&mut self, mut i: u32) -> u32 {
        while let Some(&p) = self.parent.get(&i) {
            if let Some(&g) = self.parent.get(&p) {
                self.parent.insert(i, g);
            }
            i = p;
        }
        i
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent.insert(hi, lo);
        }
    }
}

/// One unit's verification record.
struct Verify {
    words: u32,
    sig: ShortSig,
    check: ShortCheck,
}

/// The verification records, read where they lie.
struct Table {
    file: File,
    path: PathBuf,
}

impl Table {
    fn open(path: &Path) -> Result<Table, Error> {
        let file = File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(Table {
            file,
            path: path.to_path_buf(),
        })
    }

    fn get(&self, doc: u32) -> Result<Verify, Error> {
        let mut record = [0u8; RECORD];
        read_at(&self.file, &mut record, u64::from(doc) * RECORD as u64).map_err(|source| Error::Read {
            path: self.path.clone(),
            source,
        })?;
        let mut sig = [0u8; MINHASH_PERMS / 2];
        let mut check = [0u8; CHECK_PERMS / 2];
        sig.copy_from_slice(&record[4..4 + MINHASH_PERMS / 2]);
        check.copy_from_slice(&record[4 + MINHASH_PERMS / 2..]);
        Ok(Verify {
            words: u32::from_le_bytes([record[0], record[1], record[2], record[3]]),
            sig,
            check,
        })
    }
}

#[cfg(unix)]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(not(unix))]
fn read_at(file: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    use std::io::Seek;
    let mut f = file;
    f.seek(io::SeekFrom::Start(at))?;
    f.read_exact(buf)
}

fn read_entries(path: &Path, out: &mut Vec<(u8, u64, u32)>) -> io::Result<()> {
    let file = File::open(path)?;
    let len = file.metadata()?.len() as usize / ENTRY;
    out.reserve_exact(len);
    let mut r = BufReader::with_capacity(1 << 20, file);
    let mut entry = [0u8; ENTRY];
    loop {
        match r.read_exact(&mut entry) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        }
        let doc = u32::from_le_bytes([entry[4], entry[5], entry[6], entry[7]]);
        let mut key = [0u8; 8];
        key.copy_from_slice(&entry[8..]);
        out.push((entry[0], u64::from_le_bytes(key), doc));
    }
}

/// The temporary folder of one clustering (`ghirbal-spool-PID-clusters-…`), removed when dropped and by
/// the SIGINT/SIGTERM handler.
struct WorkDir {
    path: PathBuf,
}

impl WorkDir {
    fn create() -> Result<WorkDir, Error> {
        let dir = std::env::temp_dir();
        let prefix = format!("{}{}-clusters-", crate::temp::SPOOL_PREFIX, std::process::id());
        let ((), path) = crate::temp::create_registered(&dir, &prefix, |path| {
            let mut builder = std::fs::DirBuilder::new();
            // This user's alone, as `tempfile`'s own folders are.
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(path)
        })
        .map_err(|source| Error::Write { path: dir, source })?;
        Ok(WorkDir { path })
    }

    fn file(&self, name: &str) -> Result<BufWriter<File>, Error> {
        let path = self.path.join(name);
        File::create(&path)
            .map(|f| BufWriter::with_capacity(64 << 10, f))
            .map_err(|source| Error::Write { path, source })
    }
}

impl Drop for WorkDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
        crate::temp::forget(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::duplicates::one_pass;

    /// Sketches with planted exact and near duplicates, documents without a sketch, and small
    /// vocabularies so that band keys collide by chance too.
    fn corpus(n: usize, seed: u64) -> Vec<Option<Sketch>> {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as usize
        };
        let mut texts: Vec<Option<String>> = Vec::new();
        for i in 0..n {
            let text = match next() % 10 {
                0 if i > 0 => texts[next() % i].clone(),
                1 | 2 if i > 0 => texts[next() % i].clone().map(|t| {
                    let mut words: Vec<&str> = t.split(' ').collect();
                    let k = next() % words.len();
                    words[k] = "تغيير";
                    words.join(" ")
                }),
                3 => None,
                _ => {
                    let len = 5 + next() % 60;
                    Some(
                        (0..len)
                            .map(|_| format!("w{}", next() % 40))
                            .collect::<Vec<_>>()
                            .join(" "),
                    )
                }
            };
            texts.push(text);
        }
        texts.iter().map(|t| t.as_deref().map(|t| Sketch::new(&[t]))).collect()
    }

    #[test]
    fn the_same_clusters_as_in_one_pass_whatever_the_buckets() {
        for (n, seed) in [(400, 1), (1500, 7), (3000, 42)] {
            let sketches = corpus(n, seed);
            for rule in [
                DedupRule::default(),
                DedupRule {
                    near: false,
                    ..DedupRule::default()
                },
                DedupRule {
                    exact: false,
                    threshold: 0.7,
                    ..DedupRule::default()
                },
            ] {
                let want = one_pass(&sketches, &rule);
                assert!(
                    want.duplicates() >= n / 20,
                    "the corpus plants duplicates: {} of {n}, {rule:?}",
                    want.duplicates()
                );
                for bits in [0, 1, 3] {
                    let mut s = Scatter::with_buckets(&rule, bits).expect("scatter");
                    for sketch in &sketches {
                        s.push(sketch.as_ref()).expect("push");
                    }
                    let got = s.cluster().expect("cluster");
                    assert_eq!(got, want, "{n} documents, seed {seed}, {bits} bucket bits, {rule:?}");
                }
            }
        }
    }

    /// Groups held in memory, as a partition file holds them.
    struct Held(std::collections::VecDeque<(u8, Vec<u32>)>);

    impl Groups for Held {
        fn next_group(&mut self) -> Result<Option<(u8, Vec<u32>)>, Error> {
            Ok(self.0.pop_front())
        }
    }

    #[test]
    fn partitions_replayed_give_the_same_clusters() {
        let sketches = corpus(2000, 3);
        let rule = DedupRule::default();
        let want = one_pass(&sketches, &rule);
        for bits in [0, 1, 2] {
            let mut sources: Vec<Box<dyn Groups>> = Vec::new();
            for part in 0..1u64 << bits {
                let mut s = Scatter::partition(&rule, bits, part).expect("partition");
                for sketch in &sketches {
                    s.push(sketch.as_ref()).expect("push");
                }
                let mut held = std::collections::VecDeque::new();
                s.partition_groups(|kind, units| {
                    held.push_back((kind, units.to_vec()));
                    Ok(())
                })
                .expect("groups");
                sources.push(Box::new(Held(held)));
            }
            let mut table = Scatter::table_only(&rule).expect("table");
            for sketch in &sketches {
                table.push(sketch.as_ref()).expect("push");
            }
            assert_eq!(table.replay(&mut sources).expect("replay"), want, "{bits} bits");
        }
    }

    #[test]
    fn the_work_folder_is_gone_afterwards() {
        let s = Scatter::with_buckets(&DedupRule::default(), 2).expect("scatter");
        let path = s.work.path.clone();
        assert!(path.join("bucket-3").exists());
        drop(s.cluster().expect("cluster"));
        assert!(!path.exists());
    }
}
