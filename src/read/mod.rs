//! Read stage: the paths a user named in, documents out.
//!
//! Directories are walked recursively for `.txt` files in sorted order, so a dump is always read in the
//! same order; a file named on the command line is read whatever its extension. One file is one page.

use std::fs;
use std::path::{Path, PathBuf};

use crate::document::Document;
use crate::error::Error;

/// One input file, with its size as seen by the walk (for batching and progress).
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub size: u64,
}

/// Expand files and directories into page files, in order, lazily: a directory is walked as the run
/// goes, so memory does not grow with the number of files in a dump. A path that cannot be read comes
/// out as an error in its place; the run reports it and goes on.
pub fn inputs(paths: &[PathBuf]) -> Inputs<'_> {
    Inputs { paths: paths.iter(), walk: None }
}

pub struct Inputs<'a> {
    paths: std::slice::Iter<'a, PathBuf>,
    walk: Option<(PathBuf, walkdir::IntoIter)>,
}

impl Iterator for Inputs<'_> {
    type Item = Result<Input, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((dir, walk)) = &mut self.walk {
                match walk.next() {
                    None => self.walk = None,
                    Some(Err(err)) => {
                        let path = err.path().unwrap_or(dir).to_path_buf();
                        let source = err.into_io_error().unwrap_or_else(|| std::io::Error::other("filesystem loop"));
                        return Some(Err(Error::Read { path, source }));
                    }
                    Some(Ok(entry)) => {
                        if entry.file_type().is_file() && is_page_file(entry.path()) {
                            let size = entry.metadata().map_or(0, |m| m.len());
                            return Some(Ok(Input { path: entry.into_path(), size }));
                        }
                    }
                }
                continue;
            }
            let path = self.paths.next()?.clone();
            match fs::metadata(&path) {
                Err(source) => return Some(Err(Error::Read { path, source })),
                Ok(meta) if meta.is_dir() => {
                    let walk = walkdir::WalkDir::new(&path).follow_links(true).sort_by_file_name().into_iter();
                    self.walk = Some((path, walk));
                }
                Ok(meta) => return Some(Ok(Input { path, size: meta.len() })),
            }
        }
    }
}

fn is_page_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("txt"))
}

/// What reading one page file gave.
pub enum Page {
    Text(Document),
    /// The file holds NUL bytes.
    Binary { id: String, source: String },
}

/// Read one page file. Invalid UTF-8 is replaced (and counted), never fatal.
pub fn read_page(path: &Path) -> Result<Page, Error> {
    let bytes = fs::read(path).map_err(|source| Error::Read { path: path.to_path_buf(), source })?;
    let id = path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    let source = path.display().to_string();
    if memchr::memchr(0, &bytes).is_some() {
        return Ok(Page::Binary { id, source });
    }
    let (text, invalid_utf8) = decode(bytes);
    Ok(Page::Text(Document { id, source, text, invalid_utf8 }))
}

/// UTF-8 text from bytes: as is when valid, else with each invalid sequence replaced by U+FFFD and counted.
pub fn decode(bytes: Vec<u8>) -> (String, usize) {
    // Arabic text is all multi-byte sequences, where a SIMD validator is several times faster than std's.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `simdutf8` has just validated these exact bytes as UTF-8.
        return (unsafe { String::from_utf8_unchecked(bytes) }, 0);
    }
    let invalid = bytes.utf8_chunks().filter(|c| !c.invalid().is_empty()).count();
    (String::from_utf8_lossy(&bytes).into_owned(), invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_lossily_and_counts() {
        assert_eq!(decode(b"abc".to_vec()), ("abc".to_string(), 0));
        assert_eq!(decode(b"a\xffb\xfe\xfec".to_vec()), ("a\u{fffd}b\u{fffd}\u{fffd}c".to_string(), 3));
    }
}
