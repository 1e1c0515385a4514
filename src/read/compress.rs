//! Compression, told by content: gzip (multi-member too), zstd, xz and bzip2 (multi-stream too) by their
//! magic bytes, plain otherwise.

use std::io::{self, BufRead, BufReader, Read};

/// How a stream is compressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
    Xz,
    Bzip2,
}

/// Extensions of compressed inputs, recognized in directory walks and taken off a name for its format.
pub const EXTENSIONS: &[&str] = &["gz", "zst", "zstd", "xz", "bz2"];

impl Compression {
    /// Tell by the first bytes of a stream.
    pub fn sniff(head: &[u8]) -> Compression {
        if head.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else if head.starts_with(&[0xfd, b'7', b'z', b'X', b'Z', 0x00]) {
            Compression::Xz
        } else if is_bzip2(head) {
            Compression::Bzip2
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
        } else if lower.ends_with(".xz") {
            Compression::Xz
        } else if lower.ends_with(".bz2") {
            Compression::Bzip2
        } else {
            Compression::None
        }
    }
}

/// The name ends in a compression extension (`.gz`, `.zst`, `.zstd`, `.xz`, `.bz2`).
pub fn has_extension(name: &str) -> bool {
    Compression::from_name(name) != Compression::None
}

/// `BZh` and a block size digit, then the magic of a first block (the digits of pi) or of the end of an
/// empty stream (those of sqrt(pi)): three letters alone would take a text that opens with "BZh9" for bzip2.
fn is_bzip2(head: &[u8]) -> bool {
    const BLOCK: [u8; 6] = [0x31, 0x41, 0x59, 0x26, 0x53, 0x59];
    const END: [u8; 6] = [0x17, 0x72, 0x45, 0x38, 0x50, 0x90];
    head.len() >= 10
        && head.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&head[3])
        && (head[4..10] == BLOCK || head[4..10] == END)
}

/// A buffered reader that decompresses `inner` as its first bytes say.
pub fn decoder<'a, R: Read + Send + 'a>(inner: R) -> io::Result<Box<dyn BufRead + Send + 'a>> {
    decoder_and_kind(inner).map(|(reader, _)| reader)
}

/// [`decoder`], and the compression it found.
pub fn decoder_and_kind<'a, R: Read + Send + 'a>(inner: R) -> io::Result<(Box<dyn BufRead + Send + 'a>, Compression)> {
    let mut buffered = BufReader::with_capacity(1 << 16, inner);
    let kind = Compression::sniff(buffered.fill_buf()?);
    let reader: Box<dyn BufRead + Send + 'a> = match kind {
        Compression::None => Box::new(buffered),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(buffered),
        )),
        Compression::Zstd => Box::new(BufReader::with_capacity(
            1 << 16,
            zstd::stream::read::Decoder::with_buffer(buffered)?,
        )),
        Compression::Xz => {
            let stream = liblzma::stream::Stream::new_stream_decoder(u64::MAX, liblzma::stream::CONCATENATED)?;
            Box::new(BufReader::with_capacity(
                1 << 16,
                liblzma::bufread::XzDecoder::new_stream(buffered, stream),
            ))
        }
        Compression::Bzip2 => Box::new(BufReader::with_capacity(
            1 << 16,
            bzip2::bufread::MultiBzDecoder::new(buffered),
        )),
    };
    Ok((reader, kind))
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
pub(crate) mod tests {
    use super::*;
    use std::io::Write;

    pub fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap_or_default();
        e.finish().unwrap_or_default()
    }

    pub fn zstd(data: &[u8]) -> Vec<u8> {
        zstd::encode_all(data, 3).unwrap_or_default()
    }

    pub fn xz(data: &[u8]) -> Vec<u8> {
        liblzma::encode_all(data, 6).unwrap_or_default()
    }

    pub fn bzip2(data: &[u8]) -> Vec<u8> {
        let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
        e.write_all(data).unwrap_or_default();
        e.finish().unwrap_or_default()
    }

    #[test]
    fn sniffs_and_decodes() {
        let text = "سطر أول\nline two\n".as_bytes();
        assert_eq!(Compression::sniff(text), Compression::None);
        assert_eq!(Compression::sniff(b"BZh9 is how a text may open"), Compression::None);
        let (out, err) = decode_all(text);
        assert!(err.is_none());
        assert_eq!(out, text);
        type Compress = fn(&[u8]) -> Vec<u8>;
        let cases: [(Compression, Compress); 4] = [
            (Compression::Gzip, gzip),
            (Compression::Zstd, zstd),
            (Compression::Xz, xz),
            (Compression::Bzip2, bzip2),
        ];
        for (kind, compress) in cases {
            let packed = compress(text);
            assert_eq!(Compression::sniff(&packed), kind);
            let (out, err) = decode_all(&packed);
            assert!(err.is_none(), "{kind:?}: {err:?}");
            assert_eq!(out, text, "{kind:?}");
            // Two members (streams) one after the other read as one stream.
            let mut two = packed.clone();
            two.extend(compress(b"third\n"));
            assert_eq!(decode_all(&two).0, [text, b"third\n"].concat(), "{kind:?}");
            // A truncated stream gives what it decoded and an error.
            let (_, err) = decode_all(&packed[..packed.len() - 6]);
            assert!(err.is_some(), "{kind:?}: a truncated stream is an error");
        }
        // An empty bzip2 stream is told by its end-of-stream magic.
        assert_eq!(Compression::sniff(&bzip2(b"")), Compression::Bzip2);
    }

    #[test]
    fn compression_extensions() {
        let cases = [
            ("a.jsonl.gz", true),
            ("a.wet.XZ", true),
            ("a.json.bz2", true),
            ("a.txt.zst", true),
            ("a.txt", false),
            ("xz", false),
            ("a.tbz2", false),
        ];
        for (name, want) in cases {
            assert_eq!(has_extension(name), want, "{name}");
        }
    }
}
