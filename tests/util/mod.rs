//! Helpers shared by the integration tests: run the binary in the crate's root, read what it wrote.
#![allow(dead_code)] // each test binary uses some of them

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Say that a test is skipped where `cargo test` shows it: straight to stderr, past the harness's capture
/// of `eprintln!`.
pub fn skip(why: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run `ghirbal ARGS` in the crate's root, so paths in the output are relative and stable.
pub fn ghirbal(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ghirbal"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run ghirbal")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn records(jsonl: &str) -> Vec<Value> {
    jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).expect("read file")
}

/// The texts of a cleaned JSONL output, in order.
pub fn texts(jsonl: &str) -> Vec<String> {
    records(jsonl)
        .iter()
        .map(|r| r["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).expect("gzip");
    e.finish().expect("gzip")
}

pub fn xz(data: &[u8]) -> Vec<u8> {
    liblzma::encode_all(data, 6).expect("xz")
}

pub fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::default());
    e.write_all(data).expect("bzip2");
    e.finish().expect("bzip2")
}

pub fn gunzip(data: &[u8]) -> String {
    let mut out = String::new();
    std::io::Read::read_to_string(&mut flate2::read::MultiGzDecoder::new(data), &mut out).expect("gunzip");
    out
}

/// Run `ghirbal ARGS` with `input` on its stdin.
pub fn ghirbal_stdin(args: &[&str], input: &[u8]) -> Output {
    ghirbal_stdin_env(args, input, &[])
}

/// Run `ghirbal ARGS` with `input` on its stdin and these environment variables set.
pub fn ghirbal_stdin_env(args: &[&str], input: &[u8], env: &[(&str, &str)]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ghirbal"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// A Parquet file of `(id, text)` rows, with a third column, `views` (the row's position), for metadata.
pub fn parquet_of(rows: &[(String, String)]) -> Vec<u8> {
    use std::sync::Arc;
    let ids: arrow_array::ArrayRef = Arc::new(arrow_array::StringArray::from_iter_values(
        rows.iter().map(|r| r.0.as_str()),
    ));
    let texts: arrow_array::ArrayRef = Arc::new(arrow_array::StringArray::from_iter_values(
        rows.iter().map(|r| r.1.as_str()),
    ));
    let views: arrow_array::ArrayRef = Arc::new(arrow_array::Int64Array::from_iter_values(0..rows.len() as i64));
    let batch =
        arrow_array::RecordBatch::try_from_iter([("id", ids), ("text", texts), ("views", views)]).expect("batch");
    let mut out = Vec::new();
    let mut w = parquet::arrow::ArrowWriter::try_new(&mut out, batch.schema(), None).expect("writer");
    w.write(&batch).expect("write");
    w.close().expect("close");
    out
}
