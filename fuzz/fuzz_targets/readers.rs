//! Fuzz the readers (JSON Lines, JSON arrays, WET, compression, page files) and the cleaner: any bytes,
//! read as each format, must give units without a panic, and every unit must clean without one.
#![no_main]

use std::path::PathBuf;

use ghirbal::config::CleanOptions;
use ghirbal::read::{self, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(dir) = tempfile::tempdir() else { return };
    let options = ReadOptions::default();
    for name in ["in.jsonl", "in.json", "in.wet", "in.txt"] {
        let path = dir.path().join(name);
        if std::fs::write(&path, data).is_err() {
            return;
        }
        let paths: Vec<PathBuf> = vec![path];
        for unit in read::units(&paths, &options).flatten() {
            if let Some(doc) = ghirbal::corpus::document(unit, &options) {
                let _ = ghirbal::clean::clean(&doc, &CleanOptions::default());
            }
        }
    }
});
