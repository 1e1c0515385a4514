//! The decompressed bytes of a compressed stream input (JSON Lines, a JSON array, WARC), kept in a
//! temporary file while the corpus stage's reading pass reads them, so that the writing pass reads them
//! back instead of decompressing the input a second time: decompression runs on the one reading thread
//! (on the 1 GB corpus, keeping the copy took the default run from 15.8 s to 13.4 s).
//!
//! A copy is kept only when its input was read to the end without an error (a cut or corrupt input is
//! read again, and reports its error again), and only while the temporary folder keeps [`MIN_FREE`]
//! bytes free (where the free space can be told: on Unix); otherwise the writing pass decompresses that
//! input again. The copies are removed when the run ends, on an error and on SIGINT/SIGTERM, like the
//! other temporary files.

use std::fs::File;
use std::io::{self, BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::temp::{self, TempFile};

/// Copies stop being made (and one being made is dropped) when the temporary folder has less free.
pub const MIN_FREE: u64 = 2 << 30;
/// Bytes written between two looks at the free space.
pub const CHECK_EVERY: u64 = 256 << 20;

/// One input's decompressed copy, complete.
#[derive(Debug)]
pub struct Kept {
    pub input: PathBuf,
    pub file: TempFile,
}

/// The copies a reading pass made (shared by the readers it opens).
#[derive(Debug, Clone)]
pub struct Tees {
    kept: Arc<Mutex<Vec<Kept>>>,
    /// Bytes the temporary folder must keep free for copies to be made.
    min_free: u64,
}

impl Default for Tees {
    fn default() -> Tees {
        Tees {
            kept: Arc::default(),
            min_free: MIN_FREE,
        }
    }
}

impl Tees {
    /// Keep what `reader` (the decompressed stream of `input`) gives, as it is consumed, when there is
    /// room for it; `reader` as it is otherwise.
    pub fn wrap<'a>(&self, input: &Path, reader: Box<dyn BufRead + Send + 'a>) -> Box<dyn BufRead + Send + 'a> {
        if !room(self.min_free) {
            return reader;
        }
        let Ok((file, temp)) = TempFile::create("plain-") else {
            return reader;
        };
        Box::new(TeeReader {
            inner: reader,
            out: Some((BufWriter::with_capacity(1 << 20, file), temp)),
            input: input.to_path_buf(),
            written: 0,
            min_free: self.min_free,
            kept: Arc::clone(&self.kept),
        })
    }

    /// The complete copies, in the order their inputs were read to the end.
    pub fn take(&self) -> Vec<Kept> {
        self.kept
            .lock()
            .map(|mut k| std::mem::take(&mut *k))
            .unwrap_or_default()
    }
}

/// Whether the temporary folder has `min_free` bytes free (no when it cannot tell).
pub fn room(min_free: u64) -> bool {
    temp::available_bytes(&std::env::temp_dir()).is_some_and(|free| free >= min_free)
}

/// A reader that writes every byte consumed from `inner` to a file.
struct TeeReader<'a> {
    inner: Box<dyn BufRead + Send + 'a>,
    /// The copy being written; `None` once given up.
    out: Option<(BufWriter<File>, TempFile)>,
    input: PathBuf,
    written: u64,
    min_free: u64,
    kept: Arc<Mutex<Vec<Kept>>>,
}

impl TeeReader<'_> {
    /// The input was read to its end: the copy is complete.
    fn finish(&mut self) {
        let Some((writer, temp)) = self.out.take() else {
            return;
        };
        if writer.into_inner().is_ok() {
            if let Ok(mut kept) = self.kept.lock() {
                kept.push(Kept {
                    input: self.input.clone(),
                    file: temp,
                });
            }
        }
    }
}

impl Read for TeeReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let chunk = self.fill_buf()?;
        let n = chunk.len().min(buf.len());
        buf[..n].copy_from_slice(&chunk[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for TeeReader<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let at_end = match self.inner.fill_buf() {
            Ok(chunk) => chunk.is_empty(),
            Err(e) => {
                // A cut or corrupt input: the writing pass reads it again (and meets the error again).
                self.out = None;
                return Err(e);
            }
        };
        if at_end {
            self.finish();
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, n: usize) {
        if n > 0 {
            if let Some((writer, _)) = &mut self.out {
                let copied = match self.inner.fill_buf() {
                    Ok(chunk) if chunk.len() >= n => writer.write_all(&chunk[..n]).is_ok(),
                    _ => false,
                };
                self.written += n as u64;
                let full = self.written % CHECK_EVERY < n as u64 && !room(self.min_free);
                if !copied || full {
                    self.out = None;
                }
            }
        }
        self.inner.consume(n);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::read::compress::{decoder, tests::gzip};

    fn read_all(tees: &Tees, bytes: Vec<u8>) -> io::Result<Vec<u8>> {
        let reader = decoder(io::Cursor::new(bytes))?;
        let mut reader = tees.wrap(Path::new("in.jsonl.gz"), reader);
        let mut out = Vec::new();
        let mut line = Vec::new();
        // Lines and whole reads mixed, as the readers do.
        reader.read_until(b'\n', &mut line)?;
        out.extend_from_slice(&line);
        reader.read_to_end(&mut out)?;
        Ok(out)
    }

    /// Copies made whatever the free space (a test machine may have little).
    fn tees() -> Tees {
        Tees {
            min_free: 0,
            ..Tees::default()
        }
    }

    #[test]
    fn a_stream_read_to_its_end_is_kept_whole() {
        let text: Vec<u8> = (0..20_000)
            .flat_map(|i| format!("{{\"id\":{i},\"text\":\"سطر\"}}\n").into_bytes())
            .collect();
        let tees = tees();
        assert_eq!(read_all(&tees, gzip(&text)).expect("reads"), text);
        let kept = tees.take();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].input, Path::new("in.jsonl.gz"));
        assert_eq!(std::fs::read(&kept[0].file.path).expect("copy"), text);
        let path = kept[0].file.path.clone();
        drop(kept);
        assert!(!path.exists(), "the copy is removed with its owner");
    }

    #[test]
    fn a_cut_stream_is_not_kept() {
        let text = "{\"id\":1}\n".repeat(5_000).into_bytes();
        let packed = gzip(&text);
        let tees = tees();
        assert!(read_all(&tees, packed[..packed.len() - 20].to_vec()).is_err());
        assert!(tees.take().is_empty());
    }
}
