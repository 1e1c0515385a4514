//! Sharded runs for engines that schedule work across machines (Ray, Spark, Slurm arrays): the corpus
//! stage cut into map and reduce steps over compact, versioned binary files.
//!
//! 1. `ghirbal sign SHARD -o S.sketch.sig` (map): one sketch per document of the shard.
//! 2. `ghirbal merge *.sketch.sig -o dedup.idx` (reduce): the duplicate clusters, over the whole corpus.
//! 3. `ghirbal sign SHARD --index dedup.idx -o S.count.sig` (map): paragraph keys counted over the
//!    shard's documents that are not duplicates, with the first document (global input order) holding each.
//! 4. `ghirbal merge dedup.idx *.count.sig -o corpus.idx` (reduce, streaming; count files also merge
//!    into count files, for tree reduces).
//! 5. `ghirbal clean SHARD --index corpus.idx` (map): the shard's output, byte for byte what a one-machine
//!    run over all shards (in the same order) writes for it.
//!
//! Global input order is shard order (as given to the merge), then order within the shard. Every file
//! starts with a magic number, a version and its kind, and ends with its body's length and xxh3 hash: a
//! truncated, foreign or damaged file is an error, never a wrong result.

use std::collections::{BinaryHeap, HashMap};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::Xxh3;

use crate::config::{CleanOptions, CorpusOptions};
use crate::corpus;
use crate::corpus::clusters::{Clusters, Groups, Scatter};
use crate::corpus::counts::ParagraphCounts;
use crate::corpus::duplicates::{Duplicate, Sketch};
use crate::error::Error;
use crate::fingerprint::{CHECK_PERMS, LSH_BANDS, MINHASH_PERMS};
use crate::read::html::Extractor;
use crate::read::ReadOptions;

const MAGIC: &[u8; 8] = b"GHIRBAL\x1a";
/// Bumped whenever a file's layout changes; older files are refused with a message saying so.
pub const VERSION: u32 = 3;
const END: &[u8; 4] = b"END\x1a";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Kind {
    Sketches = 1,
    Dedup = 2,
    Counts = 3,
    Corpus = 4,
    Groups = 5,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Sketches => "sketch signature",
            Kind::Dedup => "dedup index",
            Kind::Counts => "count signature",
            Kind::Corpus => "corpus index",
            Kind::Groups => "candidate groups",
        }
    }
}

/// Writes a file: header, body (hashed as it goes), footer; under a temporary name, renamed when done.
struct Writer {
    out: BufWriter<File>,
    hash: Xxh3,
    len: u64,
    tmp: PathBuf,
    dest: PathBuf,
}

impl Writer {
    /// A new file of `kind`, its body opening with the settings the shard was read and cleaned with.
    fn create(dest: &Path, kind: Kind, settings: &str) -> io::Result<Writer> {
        let tmp = crate::write::temp_path(dest);
        let mut out = BufWriter::with_capacity(1 << 20, File::create(&tmp)?);
        out.write_all(MAGIC)?;
        out.write_all(&VERSION.to_le_bytes())?;
        out.write_all(&[kind as u8])?;
        let mut w = Writer {
            out,
            hash: Xxh3::new(),
            len: 0,
            tmp,
            dest: dest.to_path_buf(),
        };
        w.str(settings)?;
        Ok(w)
    }
    fn bytes(&mut self, b: &[u8]) -> io::Result<()> {
        self.hash.update(b);
        self.len += b.len() as u64;
        self.out.write_all(b)
    }
    fn u8(&mut self, v: u8) -> io::Result<()> {
        self.bytes(&[v])
    }
    fn u32(&mut self, v: u32) -> io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }
    fn u64(&mut self, v: u64) -> io::Result<()> {
        self.bytes(&v.to_le_bytes())
    }
    fn str(&mut self, s: &str) -> io::Result<()> {
        self.u32(s.len() as u32)?;
        self.bytes(s.as_bytes())
    }
    fn finish(mut self) -> io::Result<()> {
        let digest = self.hash.digest();
        self.out.write_all(END)?;
        self.out.write_all(&self.len.to_le_bytes())?;
        self.out.write_all(&digest.to_le_bytes())?;
        self.out.flush()?;
        drop(self.out);
        std::fs::rename(&self.tmp, &self.dest)
    }
}

/// Reads a file written by `Writer`, checking the header on open and the footer at `finish`.
struct Reader {
    inp: BufReader<File>,
    hash: Xxh3,
    len: u64,
    path: PathBuf,
    /// The settings the file was made with.
    settings: String,
}

fn bad(path: &Path, what: &str) -> Error {
    Error::Read {
        path: path.to_path_buf(),
        source: io::Error::new(io::ErrorKind::InvalidData, what.to_string()),
    }
}

impl Reader {
    fn open(path: &Path, want: &[Kind]) -> Result<(Reader, Kind), Error> {
        let file = File::open(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut inp = BufReader::with_capacity(1 << 20, file);
        let mut head = [0u8; 13];
        inp.read_exact(&mut head)
            .map_err(|_| bad(path, "not a ghirbal signature or index file (too short)"))?;
        if &head[..8] != MAGIC {
            return Err(bad(path, "not a ghirbal signature or index file (wrong magic number)"));
        }
        let version = u32::from_le_bytes([head[8], head[9], head[10], head[11]]);
        if version != VERSION {
            return Err(bad(
                path,
                &format!("written by format version {version}; this ghirbal reads version {VERSION}: sign it again"),
            ));
        }
        let kind = [Kind::Sketches, Kind::Dedup, Kind::Counts, Kind::Corpus, Kind::Groups]
            .into_iter()
            .find(|k| *k as u8 == head[12]);
        let Some(kind) = kind.filter(|k| want.contains(k)) else {
            let wanted: Vec<&str> = want.iter().map(|k| k.name()).collect();
            return Err(bad(path, &format!("not a {} file", wanted.join(" or "))));
        };
        let mut reader = Reader {
            inp,
            hash: Xxh3::new(),
            len: 0,
            path: path.to_path_buf(),
            settings: String::new(),
        };
        reader.settings = reader.str()?;
        Ok((reader, kind))
    }
    fn bytes(&mut self, n: usize) -> Result<Vec<u8>, Error> {
        let mut b = vec![0u8; n];
        self.inp
            .read_exact(&mut b)
            .map_err(|_| bad(&self.path, "truncated (it ends before its records do)"))?;
        self.hash.update(&b);
        self.len += n as u64;
        Ok(b)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let mut b = [0u8; N];
        self.inp
            .read_exact(&mut b)
            .map_err(|_| bad(&self.path, "truncated (it ends before its records do)"))?;
        self.hash.update(&b);
        self.len += N as u64;
        Ok(b)
    }
    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.array::<1>()?[0])
    }
    fn u32(&mut self) -> Result<u32, Error> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn u64(&mut self) -> Result<u64, Error> {
        Ok(u64::from_le_bytes(self.array()?))
    }
    fn str(&mut self) -> Result<String, Error> {
        let n = self.u32()? as usize;
        if n > 1 << 24 {
            return Err(bad(&self.path, "damaged (a string longer than 16 MiB)"));
        }
        String::from_utf8(self.bytes(n)?).map_err(|_| bad(&self.path, "damaged (a string that is not UTF-8)"))
    }
    /// The next count record, `None` at the sentinel that ends them (key `u64::MAX`, count 0).
    fn count_record(&mut self) -> Result<Option<CountRecord>, Error> {
        let (k, c, f) = (self.u64()?, self.u32()?, self.u64()?);
        Ok((k != u64::MAX || c != 0).then_some((k, c, f)))
    }

    /// Check the footer: the body's length and hash must match what was read.
    fn finish(mut self) -> Result<(), Error> {
        let mut foot = [0u8; 20];
        self.inp
            .read_exact(&mut foot)
            .map_err(|_| bad(&self.path, "truncated (no end marker)"))?;
        let len = u64::from_le_bytes(foot[4..12].try_into().unwrap_or_default());
        let digest = u64::from_le_bytes(foot[12..20].try_into().unwrap_or_default());
        if &foot[..4] != END || len != self.len || digest != self.hash.digest() {
            return Err(bad(&self.path, "damaged (its checksum does not match its contents)"));
        }
        let mut rest = [0u8; 1];
        if self.inp.read(&mut rest).map_err(|source| Error::Read {
            path: self.path.clone(),
            source,
        })? != 0
        {
            return Err(bad(&self.path, "damaged (bytes after the end marker)"));
        }
        Ok(())
    }
}

fn write_err(path: &Path) -> impl Fn(io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

/// The settings that change what `sign` computes: how inputs are read and how pages are cleaned. Every
/// file of a sharded run carries them; `merge` refuses files made with different ones, and `clean --index`
/// refuses an index made with other settings than its own.
pub fn settings_of(read: &ReadOptions, clean: &CleanOptions) -> String {
    let t = &clean.thresholds;
    format!(
        "format={} text-field={} id-field={} max-doc-bytes={} encoding={} near-repeat={} near-short={} near-alone={}",
        read.format.map_or("auto", |f| f.as_str()),
        read.fields.text,
        read.fields.id,
        read.max_doc_bytes,
        read.encoding.map_or("auto", |e| e.name()),
        t.near,
        t.near_short,
        t.near_alone
    ) + &read
        .fields
        .html
        .as_ref()
        .map_or_else(String::new, |h| format!(" html-field={h}"))
        + &match read.html_extractor {
            Extractor::PageModel => String::new(),
            other => format!(" html-extractor={}", other.as_str()),
        }
        + if clean.within_page { "" } else { " dedup-only" }
        + if clean.whole_pages { "" } else { " no-whole-pages" }
}

/// Refuse files made with other settings.
fn same_settings(want: &str, got: &str, path: &Path, what: &str) -> Result<(), Error> {
    if want == got {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "{} was made with other settings than {what}:\n  its: {got}\n  {what}: {want}\nsign and clean every shard with the same reading and cleaning flags",
        path.display()
    )))
}

/// What `ghirbal sign` needs, checked.
#[derive(Debug, Clone)]
pub struct SignSettings {
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    /// The dedup index: count the shard's paragraphs instead of sketching its documents.
    pub index: Option<PathBuf>,
    pub read: ReadOptions,
    pub clean: CleanOptions,
    /// Worker threads; 0 means one per core.
    pub threads: usize,
}

/// `ghirbal sign`: sketch (or, with the dedup index, count) one shard. Returns whether every input could
/// be read (the exit code is 1 otherwise, as for `clean`: the signature would be incomplete).
pub fn sign(s: &SignSettings) -> Result<bool, Error> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(s.threads)
        .build()
        .map_err(|e| Error::Usage(format!("cannot start threads: {e}")))?;
    let (docs, errors) = match &s.index {
        None => sign_sketches(&pool, &s.inputs, &s.read, &s.clean, &s.output)?,
        Some(index) => {
            let dedup = load_dedup(index)?;
            sign_counts(&pool, &s.inputs, &s.read, &s.clean, &dedup, index, &s.output)?
        }
    };
    for e in &errors {
        eprintln!("ghirbal: error: {e}");
    }
    let count = crate::report::summary::count;
    eprintln!(
        "ghirbal: signed {} into {}",
        count(docs, "document", "documents"),
        s.output.display()
    );
    if !errors.is_empty() {
        eprintln!(
            "  {} not be read (see the errors above): the signature is incomplete",
            count(errors.len() as u64, "input could", "inputs could")
        );
    }
    Ok(errors.is_empty())
}

/// What `ghirbal merge` needs, checked.
#[derive(Debug, Clone)]
pub struct MergeSettings {
    /// Sketch files in shard order; or a dedup index and count files; or count files alone.
    pub inputs: Vec<PathBuf>,
    pub output: PathBuf,
    pub dedup: crate::corpus::duplicates::DedupRule,
    /// Write the candidate groups of key range `K` of `P` (a power of two) only: a partition task.
    pub partition: Option<(u64, u64)>,
    /// The partitions' candidate groups, to replay into the dedup index (all `P`, in order).
    pub groups: Vec<PathBuf>,
}

/// `ghirbal merge`: what the first file is says which merge this is — sketches into the dedup index, the
/// dedup index and count files into the corpus index, or count files into one.
pub fn merge(s: &MergeSettings) -> Result<(), Error> {
    let Some(first) = s.inputs.first() else {
        return Err(Error::Usage("merge needs input files".into()));
    };
    match kind_of(first)? {
        Kind::Sketches => {
            let options = CorpusOptions {
                boilerplate: true,
                rule: crate::corpus::counts::BoilerplateRule::default(),
                dedup: s.dedup.clone(),
            };
            if let Some((part, parts)) = s.partition {
                let groups = partition_sketches(&s.inputs, &s.dedup, part, parts, &s.output)?;
                eprintln!(
                    "ghirbal: partition {part} of {parts}: {groups} candidate groups in {}",
                    s.output.display()
                );
                return Ok(());
            }
            let m = if s.groups.is_empty() {
                merge_sketches(&s.inputs, &options, &s.output)?
            } else {
                replay_groups(&s.inputs, &s.groups, &s.dedup, &s.output)?
            };
            eprintln!(
                "ghirbal: {} shards, {} documents, {} duplicates: dedup index {}",
                m.shards,
                m.documents,
                m.duplicates,
                s.output.display()
            );
        }
        Kind::Dedup => {
            let dedup = load_dedup(first)?;
            merge_counts(&s.inputs[1..], Some(&dedup), &s.output)?;
            eprintln!("ghirbal: corpus index {}", s.output.display());
        }
        Kind::Counts => {
            merge_counts(&s.inputs, None, &s.output)?;
            eprintln!(
                "ghirbal: merged {} count files into {}",
                s.inputs.len(),
                s.output.display()
            );
        }
        Kind::Corpus => {
            return Err(Error::Usage(format!(
                "{}: a corpus index is merged already; clean with --index",
                first.display()
            )));
        }
        Kind::Groups => {
            return Err(Error::Usage(format!(
                "{}: candidate groups are replayed with the sketch files: ghirbal merge SKETCHES… --groups GROUPS… -o dedup.idx",
                first.display()
            )));
        }
    }
    Ok(())
}

/// The name a shard goes by in the index: its inputs, as given.
pub fn shard_name(inputs: &[PathBuf]) -> String {
    inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Map step one: one sketch per document of the shard.
pub fn sign_sketches(
    pool: &rayon::ThreadPool,
    inputs: &[PathBuf],
    read: &ReadOptions,
    clean: &CleanOptions,
    out: &Path,
) -> Result<(u64, Vec<Error>), Error> {
    let mut w = SketchFile::create(out, &settings_of(read, clean), &shard_name(inputs))?;
    let mut result = Ok(());
    let errors = corpus::for_each_document(
        pool,
        inputs,
        read,
        None,
        |i, unit| {
            (
                i,
                corpus::sketch_with_id(unit, read, clean, corpus::Need::Sketch).and_then(|(id, s, _)| Some((id, s?))),
            )
        },
        |_, item| {
            if result.is_ok() {
                result = w.push(item.as_ref().map(|(id, s)| (s, id.as_str())));
            }
        },
    );
    result?;
    let docs = w.docs;
    w.finish()?;
    Ok((docs, errors))
}

/// A sketch file as `sign` writes it: one record per unit, in input order.
pub struct SketchFile {
    w: Writer,
    path: PathBuf,
    /// Units written.
    pub docs: u64,
}

impl SketchFile {
    /// A new sketch file of the shard `name`, signed with `settings` (see [`settings_of`]).
    pub fn create(path: &Path, settings: &str, name: &str) -> Result<SketchFile, Error> {
        let mut w = Writer::create(path, Kind::Sketches, settings).map_err(write_err(path))?;
        w.str(name).map_err(write_err(path))?;
        Ok(SketchFile {
            w,
            path: path.to_path_buf(),
            docs: 0,
        })
    }

    /// The next unit: its sketch and id, or `None` for a unit without a document to compare.
    pub fn push(&mut self, item: Option<(&Sketch, &str)>) -> Result<(), Error> {
        self.docs += 1;
        let w = &mut self.w;
        let written = match item {
            None => w.u8(0),
            Some((s, id)) => (|| {
                w.u8(1)?;
                w.u64(s.exact)?;
                w.u32(s.words)?;
                for b in s.bands {
                    w.u32(b)?;
                }
                w.bytes(&s.sig)?;
                w.bytes(&s.check)?;
                w.str(id)
            })(),
        };
        written.map_err(write_err(&self.path))
    }

    pub fn finish(mut self) -> Result<(), Error> {
        self.w.u8(2).map_err(write_err(&self.path))?; // end of documents
        self.w.finish().map_err(write_err(&self.path))
    }
}

/// One sketch file's documents, in order: the sketch and the id. Returns the shard's name and settings.
fn read_sketches(path: &Path, mut each: impl FnMut(Option<(Sketch, String)>)) -> Result<(String, String), Error> {
    let (mut r, _) = Reader::open(path, &[Kind::Sketches])?;
    let settings = r.settings.clone();
    let name = r.str()?;
    loop {
        match r.u8()? {
            0 => each(None),
            1 => {
                let exact = r.u64()?;
                let words = r.u32()?;
                let mut bands = [0u32; LSH_BANDS];
                for b in &mut bands {
                    *b = r.u32()?;
                }
                let sig = r.array::<{ MINHASH_PERMS / 2 }>()?;
                let check = r.array::<{ CHECK_PERMS / 2 }>()?;
                let id = r.str()?;
                each(Some((
                    Sketch {
                        exact,
                        words,
                        bands,
                        sig,
                        check,
                    },
                    id,
                )));
            }
            2 => break,
            _ => return Err(bad(path, "damaged (an unknown record tag)")),
        }
    }
    r.finish()?;
    Ok((name, settings))
}

/// A duplicate as the index records it.
#[derive(Debug, Clone, PartialEq)]
pub struct DupEntry {
    pub first: u64,
    pub kind: Duplicate,
    pub similarity: f64,
    pub first_id: String,
}

/// The dedup index: shards (name, documents, offset) and the duplicates by global index.
#[derive(Debug, Default)]
pub struct DedupIndex {
    pub shards: Vec<(String, u64, u64)>,
    pub dups: Vec<(u64, DupEntry)>,
    /// The settings every shard was signed with.
    pub settings: String,
}

/// Reduce step one: cluster every shard's sketches (in the order given) into the dedup index.
pub fn merge_sketches(inputs: &[PathBuf], options: &CorpusOptions, out: &Path) -> Result<Merged, Error> {
    let mut scatter = Scatter::new(&options.dedup, expected_sketches(inputs))?;
    let (shards, settings) = scan_sketches(inputs, &mut scatter)?;
    let clusters = scatter.cluster()?;
    write_dedup_index(inputs, out, &settings, &shards, &clusters)
}

/// A bound on the documents of sketch files (a record takes 135 bytes or more), to size the buckets.
fn expected_sketches(inputs: &[PathBuf]) -> u64 {
    let bytes: u64 = inputs
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    bytes / 135
}

/// A shard in the dedup index: its name, its documents, and where they start in the corpus.
type ShardEntry = (String, u64, u64);

/// Push every sketch of the files, in order; returns the shards and the settings they were all signed
/// with.
fn scan_sketches(inputs: &[PathBuf], scatter: &mut Scatter) -> Result<(Vec<ShardEntry>, String), Error> {
    let mut shards = Vec::new();
    let mut offset = 0u64;
    let mut settings: Option<(String, &Path)> = None;
    for path in inputs {
        let mut n = 0u64;
        let mut pushed = Ok(());
        let (name, these) = read_sketches(path, |item| {
            n += 1;
            if pushed.is_ok() {
                pushed = scatter.push(item.as_ref().map(|(s, _)| s));
            }
        })?;
        pushed?;
        match &settings {
            Some((first, first_path)) => {
                same_settings(first, &these, path, &format!("{}", first_path.display()))?;
            }
            None => settings = Some((these, path)),
        }
        shards.push((name, n, offset));
        offset += n;
    }
    Ok((shards, settings.map(|(s, _)| s).unwrap_or_default()))
}

/// The dedup rule as a partition file records it, to check the replay uses the same.
fn rule_text(rule: &crate::corpus::duplicates::DedupRule) -> String {
    format!(
        "exact={} near={} threshold={} max-diff={}",
        rule.exact, rule.near, rule.threshold, rule.max_diff
    )
}

/// A partition task (`merge --partition K/P`): the candidate groups of key range `part` of `parts`.
/// Returns how many groups it wrote.
pub fn partition_sketches(
    inputs: &[PathBuf],
    rule: &crate::corpus::duplicates::DedupRule,
    part: u64,
    parts: u64,
    out: &Path,
) -> Result<u64, Error> {
    let mut scatter = Scatter::partition(rule, parts.trailing_zeros(), part)?;
    let (_, settings) = scan_sketches(inputs, &mut scatter)?;
    let mut w = Writer::create(out, Kind::Groups, &settings).map_err(write_err(out))?;
    let head = (|| -> io::Result<()> {
        w.u64(part)?;
        w.u64(parts)?;
        w.u64(u64::from(scatter.docs()))?;
        w.str(&rule_text(rule))
    })();
    head.map_err(write_err(out))?;
    let mut groups = 0u64;
    scatter.partition_groups(|kind, units| {
        groups += 1;
        w.u8(kind)?;
        w.u32(units.len() as u32)?;
        for &u in units {
            w.u32(u)?;
        }
        Ok(())
    })?;
    w.u8(u8::MAX).map_err(write_err(out))?; // end of groups
    w.finish().map_err(write_err(out))?;
    Ok(groups)
}

/// A partition file's groups, read as the replay asks for them.
struct GroupReader {
    r: Option<Reader>,
}

impl Groups for GroupReader {
    fn next_group(&mut self) -> Result<Option<(u8, Vec<u32>)>, Error> {
        let Some(r) = self.r.as_mut() else {
            return Ok(None);
        };
        let kind = r.u8()?;
        if kind == u8::MAX {
            if let Some(r) = self.r.take() {
                r.finish()?;
            }
            return Ok(None);
        }
        let n = r.u32()?;
        if n as usize > 1 << 28 {
            return Err(bad(&r.path, "damaged (a group of more than 2^28 documents)"));
        }
        let mut units = Vec::with_capacity(n as usize);
        for _ in 0..n {
            units.push(r.u32()?);
        }
        Ok(Some((kind, units)))
    }
}

/// The replay step (`merge SKETCHES… --groups GROUPS…`): the partitions' groups, replayed over the
/// sketches' verification records, into the dedup index: the same file `merge` writes in one task.
pub fn replay_groups(
    inputs: &[PathBuf],
    groups: &[PathBuf],
    rule: &crate::corpus::duplicates::DedupRule,
    out: &Path,
) -> Result<Merged, Error> {
    let mut scatter = Scatter::table_only(rule)?;
    let (shards, settings) = scan_sketches(inputs, &mut scatter)?;
    let mut sources: Vec<Box<dyn Groups>> = Vec::new();
    for (k, path) in groups.iter().enumerate() {
        let (mut r, _) = Reader::open(path, &[Kind::Groups])?;
        same_settings(&settings, &r.settings.clone(), path, "the sketch files")?;
        let (part, parts, docs, rule_there) = (r.u64()?, r.u64()?, r.u64()?, r.str()?);
        if parts != groups.len() as u64 || part != k as u64 {
            return Err(Error::Usage(format!(
                "{}: partition {part} of {parts}, given as number {k} of {}: give every partition once, in order",
                path.display(),
                groups.len()
            )));
        }
        if docs != u64::from(scatter.docs()) || rule_there != rule_text(rule) {
            return Err(Error::Usage(format!(
                "{}: made from {docs} documents with {rule_there}; these sketches hold {} and this merge uses {}",
                path.display(),
                scatter.docs(),
                rule_text(rule)
            )));
        }
        sources.push(Box::new(GroupReader { r: Some(r) }));
    }
    let clusters = scatter.replay(&mut sources)?;
    write_dedup_index(inputs, out, &settings, &shards, &clusters)
}

/// Write the dedup index: the shards, then each duplicate in unit order, as it comes, with its first's id
/// (read from the sketch files, for the clusters' first documents only).
fn write_dedup_index(
    inputs: &[PathBuf],
    out: &Path,
    settings: &str,
    shards: &[ShardEntry],
    clusters: &Clusters,
) -> Result<Merged, Error> {
    let mut first_ids: HashMap<u64, String> = HashMap::new();
    let mut index = 0u64;
    for path in inputs {
        read_sketches(path, |item| {
            if clusters.is_first_of_cluster(index as usize) {
                first_ids.insert(index, item.map(|(_, id)| id).unwrap_or_default());
            }
            index += 1;
        })?;
    }
    let mut w = Writer::create(out, Kind::Dedup, settings).map_err(write_err(out))?;
    let dups = clusters.members().map(|(i, first, kind, similarity)| {
        let first_id = first_ids.get(&u64::from(first)).map_or("", String::as_str);
        (u64::from(i), u64::from(first), kind, similarity, first_id)
    });
    let written = write_dedup_body(&mut w, shards, clusters.duplicates(), dups);
    written.map_err(write_err(out))?;
    w.finish().map_err(write_err(out))?;
    Ok(Merged {
        shards: shards.len(),
        documents: index,
        duplicates: clusters.duplicates(),
    })
}

/// What a sketch merge did.
pub struct Merged {
    pub shards: usize,
    pub documents: u64,
    pub duplicates: usize,
}

fn write_dedup(w: &mut Writer, idx: &DedupIndex) -> io::Result<()> {
    let dups = idx
        .dups
        .iter()
        .map(|(i, d)| (*i, d.first, d.kind, d.similarity, d.first_id.as_str()));
    write_dedup_body(w, &idx.shards, idx.dups.len(), dups)
}

/// The dedup index's body: the shards, then `n` duplicates (unit, its first unit, how, how alike, the
/// first's id), in unit order.
fn write_dedup_body<'a>(
    w: &mut Writer,
    shards: &[ShardEntry],
    n: usize,
    dups: impl Iterator<Item = (u64, u64, Duplicate, f64, &'a str)>,
) -> io::Result<()> {
    w.u64(shards.len() as u64)?;
    for (name, docs, offset) in shards {
        w.str(name)?;
        w.u64(*docs)?;
        w.u64(*offset)?;
    }
    w.u64(n as u64)?;
    for (i, first, kind, similarity, first_id) in dups {
        w.u64(i)?;
        w.u64(first)?;
        w.u8(match kind {
            Duplicate::Exact => 0,
            Duplicate::Near => 1,
        })?;
        w.u64(similarity.to_bits())?;
        w.str(first_id)?;
    }
    Ok(())
}

fn read_dedup(r: &mut Reader) -> Result<DedupIndex, Error> {
    let mut idx = DedupIndex {
        settings: r.settings.clone(),
        ..DedupIndex::default()
    };
    for _ in 0..r.u64()? {
        idx.shards.push((r.str()?, r.u64()?, r.u64()?));
    }
    for _ in 0..r.u64()? {
        let i = r.u64()?;
        let first = r.u64()?;
        let kind = if r.u8()? == 0 {
            Duplicate::Exact
        } else {
            Duplicate::Near
        };
        let similarity = f64::from_bits(r.u64()?);
        let first_id = r.str()?;
        idx.dups.push((
            i,
            DupEntry {
                first,
                kind,
                similarity,
                first_id,
            },
        ));
    }
    Ok(idx)
}

/// Read a dedup index (or the dedup part of a corpus index).
pub fn load_dedup(path: &Path) -> Result<DedupIndex, Error> {
    let (mut r, kind) = Reader::open(path, &[Kind::Dedup, Kind::Corpus])?;
    let idx = read_dedup(&mut r)?;
    if kind == Kind::Dedup {
        r.finish()?;
    } else {
        // Read past the counts, to check the file whole.
        while r.count_record()?.is_some() {}
        r.finish()?;
    }
    Ok(idx)
}

impl DedupIndex {
    /// The shard a run's inputs name, and where its documents start in the global order.
    pub fn shard(&self, inputs: &[PathBuf], path: &Path) -> Result<(u64, u64), Error> {
        let name = shard_name(inputs);
        self.shards
            .iter()
            .find(|s| s.0 == name)
            .map(|s| (s.2, s.1))
            .ok_or_else(|| {
                bad(
                    path,
                    &format!(
                        "has no shard named {name:?}: sign, merge and clean must name each shard's inputs the same way"
                    ),
                )
            })
    }
}

/// One count record: paragraph key, documents holding it, first holder (global index).
type CountRecord = (u64, u32, u64);

/// Map step two: the shard's paragraph counts over documents that are not duplicates.
pub fn sign_counts(
    pool: &rayon::ThreadPool,
    inputs: &[PathBuf],
    read: &ReadOptions,
    clean: &CleanOptions,
    dedup: &DedupIndex,
    dedup_path: &Path,
    out: &Path,
) -> Result<(u64, Vec<Error>), Error> {
    let settings = settings_of(read, clean);
    same_settings(&settings, &dedup.settings, dedup_path, "this sign")?;
    let (offset, _) = dedup.shard(inputs, dedup_path)?;
    let dups: std::collections::HashSet<u64> = dedup.dups.iter().map(|(i, _)| *i).collect();
    let mut counts: HashMap<u64, (u32, u64)> = HashMap::new();
    let mut docs = 0u64;
    let errors = corpus::for_each_document(
        pool,
        inputs,
        read,
        None,
        |i, unit| {
            (
                i,
                if dups.contains(&(offset + i as u64)) {
                    None
                } else {
                    corpus::sketch_with_id(unit, read, clean, corpus::Need::Keys).map(|(_, _, keys)| keys)
                },
            )
        },
        |i, keys| {
            docs += 1;
            for key in keys.into_iter().flatten() {
                let e = counts.entry(key).or_insert((0, offset + i as u64));
                e.0 += 1;
            }
        },
    );
    let mut records: Vec<CountRecord> = counts.into_iter().map(|(k, (c, f))| (k, c, f)).collect();
    records.sort_unstable();
    write_counts(out, Kind::Counts, None, &settings, records.into_iter().map(Ok))?;
    Ok((docs, errors))
}

fn write_counts(
    out: &Path,
    kind: Kind,
    dedup: Option<&DedupIndex>,
    settings: &str,
    records: impl Iterator<Item = Result<CountRecord, Error>>,
) -> Result<(), Error> {
    let mut w = Writer::create(out, kind, settings).map_err(write_err(out))?;
    if let Some(d) = dedup {
        write_dedup(&mut w, d).map_err(write_err(out))?;
    }
    // The count is not known before the merge ends: records, then a zero-count sentinel.
    let mut n = 0u64;
    for rec in records {
        let (k, c, f) = rec?;
        w.u64(k).map_err(write_err(out))?;
        w.u32(c).map_err(write_err(out))?;
        w.u64(f).map_err(write_err(out))?;
        n += 1;
    }
    w.u64(u64::MAX).map_err(write_err(out))?;
    w.u32(0).map_err(write_err(out))?;
    w.u64(n).map_err(write_err(out))?;
    w.finish().map_err(write_err(out))
}

/// Streams one count file's records.
struct CountStream {
    r: Option<Reader>,
}

impl CountStream {
    fn open(path: &Path) -> Result<CountStream, Error> {
        let (r, _) = Reader::open(path, &[Kind::Counts])?;
        Ok(CountStream { r: Some(r) })
    }
    fn settings(&self) -> String {
        self.r.as_ref().map(|r| r.settings.clone()).unwrap_or_default()
    }
    fn next(&mut self) -> Result<Option<CountRecord>, Error> {
        let Some(r) = self.r.as_mut() else { return Ok(None) };
        let record = r.count_record()?;
        if record.is_none() {
            if let Some(r) = self.r.take() {
                r.finish()?;
            }
        }
        Ok(record)
    }
}

/// Reduce step two: merge count files (k-way, streaming) into a count file, or, with the dedup index,
/// into the corpus index.
pub fn merge_counts(inputs: &[PathBuf], dedup: Option<&DedupIndex>, out: &Path) -> Result<(), Error> {
    let mut streams: Vec<CountStream> = inputs.iter().map(|p| CountStream::open(p)).collect::<Result<_, _>>()?;
    let settings = match dedup {
        Some(d) => d.settings.clone(),
        None => streams.first().map(CountStream::settings).unwrap_or_default(),
    };
    for (stream, path) in streams.iter().zip(inputs) {
        same_settings(&settings, &stream.settings(), path, "the other files of this merge")?;
    }
    let mut heap = BinaryHeap::new();
    for (s, stream) in streams.iter_mut().enumerate() {
        if let Some((k, c, f)) = stream.next()? {
            heap.push(std::cmp::Reverse((k, s, c, f)));
        }
    }
    let mut pending: Option<CountRecord> = None;
    let mut error = None;
    let merged = std::iter::from_fn(|| loop {
        let Some(std::cmp::Reverse((k, s, c, f))) = heap.pop() else {
            return pending.take().map(Ok);
        };
        match streams[s].next() {
            Ok(Some((k2, c2, f2))) => heap.push(std::cmp::Reverse((k2, s, c2, f2))),
            Ok(None) => {}
            Err(e) => {
                error = Some(e);
                return None;
            }
        }
        match pending {
            Some((pk, pc, pf)) if pk == k => pending = Some((k, pc.saturating_add(c), pf.min(f))),
            Some(done) => {
                pending = Some((k, c, f));
                return Some(Ok(done));
            }
            None => pending = Some((k, c, f)),
        }
    });
    let kind = if dedup.is_some() { Kind::Corpus } else { Kind::Counts };
    let result = write_counts(out, kind, dedup, &settings, merged);
    if let Some(e) = error {
        let _ = std::fs::remove_file(out);
        return Err(e);
    }
    result
}

/// What `clean --index` needs of a corpus index, for one shard.
pub struct ShardIndex {
    pub offset: u64,
    pub docs: u64,
    pub dups: HashMap<u64, DupEntry>,
    pub counts: ParagraphCounts,
    /// First holder (global index) of the paragraphs held by two documents or more.
    pub first_holder: HashMap<u64, u64>,
    /// The settings the shards were signed with.
    pub settings: String,
}

/// Load the corpus index for the shard named by `inputs`.
pub fn load_for_shard(path: &Path, inputs: &[PathBuf]) -> Result<ShardIndex, Error> {
    let (mut r, _) = Reader::open(path, &[Kind::Corpus])?;
    let dedup = read_dedup(&mut r)?;
    let settings = dedup.settings.clone();
    let (offset, docs) = dedup.shard(inputs, path)?;
    let dups = dedup
        .dups
        .into_iter()
        .filter(|(i, _)| (offset..offset + docs).contains(i))
        .collect();
    let mut counts = ParagraphCounts::default();
    let mut first_holder = HashMap::new();
    while let Some((k, c, f)) = r.count_record()? {
        counts.set(k, c.min(255) as u8);
        if c >= 2 {
            first_holder.insert(k, f);
        }
    }
    r.finish()?;
    Ok(ShardIndex {
        offset,
        docs,
        dups,
        counts,
        first_holder,
        settings,
    })
}

/// The kind of a signature or index file (its header checked).
pub fn kind_of(path: &Path) -> Result<Kind, Error> {
    Reader::open(
        path,
        &[Kind::Sketches, Kind::Dedup, Kind::Counts, Kind::Corpus, Kind::Groups],
    )
    .map(|(_, k)| k)
}
