//! Compression, told by content: gzip (multi-member too) and zstd by their magic bytes, plain otherwise.

use std::io::{self, BufRead, BufReader, Read};

/// How a stream is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Compression {
    /// Tell by the first bytes of a stream.
    pub fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// Tell by a file name's last extension (for outputs).
    pub fn from_name(name: &str) -> Compression {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".gz") {
            Compression::Gzip
        } else if lower.ends_with(".zst") || lower.ends_with(".zstd") {
            Compression::Zstd
        } else {
            Compression::None
        }
    }
}

/// A buffered reader that decompresses `inner` as its first bytes say.
pub fn decoder<'a, R: Read + Send + 'a>(inner: R) -> io::Result<Box<dyn BufRead + Send + 'a>> {
    let mut buffered = BufReader::with_capacity(1 << 16, inner);
    let kind = Compression::sniff(buffered.fill_buf()?);
    Ok(match kind {
        Compression::None => Box::new(buffered),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(buffered),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            1 << 16,
            zstd::stream::read::Decoder::with_buffer(buffered)?,
        )),
    })
}

/// Read a whole (maybe compressed) byte slice. On a truncated or corrupt stream, returns what was decoded
/// together with the error.
pub fn decode_all(bytes: &[u8]) -> (Vec<u8>, Option<io::Error>) {
    if Compression::sniff(bytes) == Compression::None {
        return (bytes.to_vec(), None);
    }
    let mut out = Vec::with_capacity(bytes.len() * 4);
    match decoder(bytes).and_then(|mut r| r.read_to_end(&mut out)) {
        Ok(_) => (out, None),
        Err(err) => (out, Some(err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap_or_default();
        e.finish().unwrap_or_default()
    }

    #[test]
    fn sniffs_and_decodes() {
        let text = "سطر أول\nline two\n".as_bytes();
        let gz = gzip(text);
        let zst = zstd::encode_all(text, 3).unwrap_or_default();
        assert_eq!(Compression::sniff(&gz), Compression::Gzip);
        assert_eq!(Compression::sniff(&zst), Compression::Zstd);
        assert_eq!(Compression::sniff(text), Compression::None);
        for data in [text.to_vec(), gz.clone(), zst] {
            let (out, err) = decode_all(&data);
            assert!(err.is_none());
            assert_eq!(out, text);
        }
        // Two gzip members one after the other read as one stream.
        let mut two = gz.clone();
        two.extend(gzip(b"third\n"));
        assert_eq!(decode_all(&two).0, [text, b"third\n"].concat());
        // A truncated stream gives what it decoded and an error.
        let (_, err) = decode_all(&gz[..gz.len() - 6]);
        assert!(err.is_some());
    }
}
