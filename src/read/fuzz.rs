//! Property tests over the readers and the cleaner: arbitrary bytes in, no panic, and every document
//! accounted for. `PROPTEST_CASES=100000 cargo test --release fuzz` runs them longer.

use std::io::Write;

use proptest::prelude::*;

use super::json;
use super::lines::{read_line_capped, CappedLine};
use super::wet::WetReader;
use super::{compress, units, ReadOptions, Unit};
use crate::config::CleanOptions;
use crate::document::Origin;
use crate::pipeline;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64)
}

/// Bytes that look like the inputs: JSON punctuation, WARC headers, Arabic, newlines, NUL, invalid UTF-8.
fn input_bytes() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop_oneof![
        Just(b"{\"text\": \"".to_vec()),
        Just(b"\"}\n".to_vec()),
        Just(b"{\"id\": 1, \"text\": \"\xd9\x86\xd8\xb5\"}\n".to_vec()),
        Just(b"WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 12\r\n\r\n".to_vec()),
        Just("- عنوان خبر آخر\n".as_bytes().to_vec()),
        Just("صرّح وزير الدفاع اليوم، أن الظروف صعبة.\n".as_bytes().to_vec()),
        Just(b"\n\n\r\n".to_vec()),
        Just(vec![0u8]),
        Just(vec![0xff, 0xfe]),
        Just(vec![0x1f, 0x8b]),
        proptest::collection::vec(any::<u8>(), 0..40),
    ];
    proptest::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn fuzz_capped_lines_see_every_line(data in input_bytes(), cap in 1usize..64) {
        let mut reader: &[u8] = &data;
        let mut buf = Vec::new();
        let mut lines = 0;
        while let Ok(Some(line)) = read_line_capped(&mut reader, &mut buf, cap) {
            lines += 1;
            prop_assert!(buf.len() <= cap);
            if let CappedLine::TooLong(n) = line {
                prop_assert!(n as usize > cap);
            }
        }
        let want = data.split(|&b| b == b'\n').count() - usize::from(data.is_empty() || data.ends_with(b"\n"));
        prop_assert_eq!(lines, want);
    }

    #[test]
    fn fuzz_json_lines_become_a_document_or_a_reject(data in input_bytes()) {
        let origin = Origin { source: "f.jsonl".into(), stem: "f".into(), line: Some(1), record: None };
        match json::document_from_line(data.to_vec(), &ReadOptions::default(), &origin) {
            Ok(doc) => { pipeline::process(&doc, &CleanOptions::default()); }
            Err(rejected) => prop_assert_eq!(rejected.line, Some(1)),
        }
    }

    #[test]
    fn fuzz_wet_reader_ends(data in input_bytes(), cap in 1usize..100) {
        let mut reader = WetReader::new(Box::new(&data[..]), cap);
        let mut n = 0;
        while let Ok(Some(_)) = reader.next_record() {
            n += 1;
            prop_assert!(n <= data.len() + 1);
        }
    }

    #[test]
    fn fuzz_decompression_never_panics(data in input_bytes()) {
        let _ = compress::decode_all(&data);
    }

    #[test]
    fn fuzz_cleaning_keeps_only_original_lines(text in "(\\PC{0,60}\n){0,30}") {
        let doc = crate::document::Document { id: "x".into(), source: "x".into(), text: text.clone(), ..Default::default() };
        let cleaned = crate::clean::clean(&doc, &CleanOptions::default());
        for line in cleaned.text.lines() {
            prop_assert!(text.contains(line));
        }
        prop_assert_eq!(cleaned.stats.kept_lines + cleaned.stats.removed_lines, cleaned.stats.content_lines);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases() / 4 + 1))]

    /// Whole files of every format, plain or gzip: every unit comes out, none is lost.
    #[test]
    fn fuzz_files_of_every_format(data in input_bytes(), ext in prop_oneof![Just("txt"), Just("jsonl"), Just("json"), Just("wet")], gz in any::<bool>()) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let name = if gz { format!("in.{ext}.gz") } else { format!("in.{ext}") };
        let path = dir.path().join(name);
        let bytes = if gz {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(&data).map_err(|e| TestCaseError::fail(e.to_string()))?;
            e.finish().map_err(|e| TestCaseError::fail(e.to_string()))?
        } else {
            data.clone()
        };
        std::fs::write(&path, bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let options = ReadOptions { max_doc_bytes: 64, ..ReadOptions::default() };
        let paths = [path];
        let mut docs = 0;
        let mut broken = false;
        for unit in units(&paths, &options) {
            match unit {
                Ok(Unit::Doc(doc)) => {
                    pipeline::process(&doc, &CleanOptions::default());
                    docs += 1;
                }
                Ok(Unit::Response(response)) => {
                    if let Ok(doc) = response.document(&options) {
                        pipeline::process(&doc, &CleanOptions::default());
                    }
                    docs += 1;
                }
                Ok(_) => docs += 1,
                // A stream that breaks (bytes that look like gzip but are not) is reported, not a panic.
                Err(_) => broken = true,
            }
        }
        if ext == "jsonl" && !broken {
            let lines = data.split(|&b| b == b'\n').filter(|l| !l.iter().all(u8::is_ascii_whitespace)).count();
            prop_assert_eq!(docs, lines);
        }
    }
}
