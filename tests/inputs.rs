//! Inputs: formats, compression, stdin, encodings and bad input.

mod util;

#[allow(unused_imports)]
use std::path::{Path, PathBuf};
#[allow(unused_imports)]
use std::process::{Command, Output};

#[allow(unused_imports)]
use serde_json::Value;
#[allow(unused_imports)]
use std::io::Write;
use util::*;

#[test]
fn one_corpus_in_every_format_cleans_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pages: Vec<(String, String)> = ["seeds", "fixtures/pages"]
        .iter()
        .flat_map(|d| {
            std::fs::read_dir(root().join(d))
                .expect("list")
                .filter_map(|e| e.ok())
                .map(|e| e.path())
        })
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            (
                p.file_stem().unwrap_or_default().to_string_lossy().into_owned(),
                read(&p),
            )
        })
        .collect::<std::collections::BTreeMap<_, _>>()
        .into_iter()
        .collect();

    let txt = dir.path().join("txt");
    std::fs::create_dir(&txt).expect("mkdir");
    let mut jsonl = String::new();
    let mut wet = Vec::new();
    for (n, (id, text)) in pages.iter().enumerate() {
        std::fs::write(txt.join(format!("{id}.txt")), text).expect("write page");
        jsonl += &serde_json::json!({"id": id, "text": text}).to_string();
        jsonl.push('\n');
        wet.extend(format!(
            "WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://example.com/{n}\r\nWARC-Date: 2025-01-01T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nContent-Length: {}\r\n\r\n",
            text.len()
        ).bytes());
        wet.extend(text.bytes());
        wet.extend(b"\r\n\r\n");
    }
    let files = [
        ("corpus.jsonl", jsonl.as_bytes().to_vec()),
        ("corpus.jsonl.gz", gzip(jsonl.as_bytes())),
        ("corpus.jsonl.zst", zstd::encode_all(jsonl.as_bytes(), 3).expect("zstd")),
        ("corpus.jsonl.xz", xz(jsonl.as_bytes())),
        ("corpus.jsonl.bz2", bzip2(jsonl.as_bytes())),
        ("corpus.warc.wet.gz", gzip(&wet)),
        ("corpus.warc.wet.xz", xz(&wet)),
        ("corpus.warc.wet.bz2", bzip2(&wet)),
        ("corpus.parquet", parquet_of(&pages)),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }

    let clean = |input: &Path| {
        let out = ghirbal(&["clean", "-q", "--no-corpus", input.to_str().unwrap_or_default()]);
        assert_eq!(out.status.code(), Some(0), "{}: {}", input.display(), stderr(&out));
        stdout(&out)
    };
    let want = texts(&clean(&txt));
    assert_eq!(want.len(), pages.len());
    // A page file and a WET record are whole scraped pages; a JSON record's text is taken as an article,
    // where a first line is the title only on the page's evidence (here, the seeds' scraper header).
    let want_json = texts(&clean(&dir.path().join("corpus.jsonl")));
    for (name, _) in &files {
        let got = texts(&clean(&dir.path().join(name)));
        assert_eq!(&got, if name.contains("wet") { &want } else { &want_json }, "{name}");
    }
    // With the corpus stage on, the writing pass reads what the reading pass decompressed (`read::tee`):
    // the same records as from the plain file.
    let with_corpus = |name: &str| -> Vec<serde_json::Value> {
        let out = ghirbal(&["clean", "-q", dir.path().join(name).to_str().unwrap_or_default()]);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        let mut kept = records(&stdout(&out));
        for r in &mut kept {
            r.as_object_mut().map(|o| o.remove("source"));
        }
        kept
    };
    let plain = with_corpus("corpus.jsonl");
    assert!(!plain.is_empty());
    for name in [
        "corpus.jsonl.gz",
        "corpus.jsonl.zst",
        "corpus.jsonl.xz",
        "corpus.jsonl.bz2",
    ] {
        assert_eq!(with_corpus(name), plain, "{name}");
    }
    for (n, (id, _)) in pages.iter().enumerate() {
        if id.starts_with("00") {
            assert_eq!(
                want_json[n], want[n],
                "{id}: a page with a header cleans the same in JSON"
            );
        } else {
            assert!(
                want_json[n].len() >= want[n].len(),
                "{id}: JSON keeps at least what the page keeps"
            );
        }
    }
    // A Parquet row is a record: its number in the file, and its other columns in `metadata`.
    let parquet_out = records(&clean(&dir.path().join("corpus.parquet")));
    assert_eq!(
        (parquet_out[1]["id"].as_str(), parquet_out[1]["record"].as_u64()),
        (Some(pages[1].0.as_str()), Some(2))
    );
    assert_eq!(parquet_out[1]["metadata"]["views"], 1);
    let wet_out = records(&clean(&dir.path().join("corpus.warc.wet.gz")));
    assert_eq!(wet_out[0]["id"], format!("<urn:uuid:{}>", pages[0].0));
    assert_eq!(wet_out[0]["url"], "https://example.com/0");
    assert_eq!(wet_out[0]["record"], 1);
}

#[test]
fn xz_and_bzip2_inputs_are_found_in_a_directory_and_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = read(&root().join("seeds/004_c591a7c62088d57a.txt"));
    let line = |id: &str| format!("{}\n", serde_json::json!({"id": id, "text": page}));
    let files = [
        ("a.jsonl.xz", xz(line("a").as_bytes())),
        ("b.jsonl.bz2", bzip2(line("b").as_bytes())),
        ("c.txt.xz", xz(page.as_bytes())),
        ("d.txt.bz2", bzip2(page.as_bytes())),
        // Told by content, not by name: xz bytes under a plain name are still decompressed.
        ("e.jsonl", xz(line("e").as_bytes())),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(name), bytes).expect("write");
    }
    let out = ghirbal(&["clean", "-q", "--no-corpus", dir.path().to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&stdout(&out));
    let ids: Vec<&str> = recs.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    assert!(recs.iter().all(|r| r["text"] == recs[2]["text"]), "one page, five ways");
    assert_eq!(recs[2]["date"], "2025-10-08");

    // A cut xz stream keeps what was decoded before the cut and exits 1, naming the file.
    let many: String = (0..200).map(|n| line(&format!("r{n}"))).collect();
    let packed = xz(many.as_bytes());
    let cut = dir.path().join("cut.jsonl.xz");
    std::fs::write(&cut, &packed[..packed.len() * 3 / 4]).expect("write");
    let out = ghirbal(&["clean", "-q", "--no-corpus", cut.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("cut.jsonl.xz: stopped reading after line"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn jsonl_fields_map_and_bad_lines_are_rejected_with_their_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rejects = dir.path().join("rejects.jsonl");
    let out = ghirbal(&[
        "clean",
        "fixtures/jsonl/mixed.jsonl",
        "-q",
        "--rejects",
        rejects.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let kept = records(&stdout(&out));
    let ids: Vec<&str> = kept.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["good-1", "mixed:7"]);
    assert_eq!(kept[0]["url"], "https://example.com/a");
    assert_eq!(kept[0]["line"], 1);
    assert_eq!(kept[1]["line"], 7);
    let rejected: Vec<(u64, String)> = records(&read(&rejects))
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap_or(0),
                r["reason"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want = [
        (2, "malformed_json"),
        (3, "missing_text"),
        (4, "bad_text_field"),
        (5, "empty"),
    ];
    assert_eq!(rejected, want.map(|(l, r)| (l, r.to_string())));
    let first = &records(&read(&rejects))[0];
    assert!(
        first["message"].as_str().is_some_and(|m| m.contains("malformed JSON")),
        "{first}"
    );
}

#[test]
fn saudinewsnet_shaped_records_keep_their_fields() {
    let line = serde_json::json!({
        "source": "okaz",
        "url": "http://www.okaz.com.sa/new/Issues/20150721/Con20150721784578.htm",
        "date_extracted": "2015-07-21 02:51:32",
        "title": "عنوان الخبر",
        "author": "محمد الحامد (بوسطن)",
        "content": "عنوان الخبر\nاحتفل النادي السعودي في بوسطن بعيد الفطر السعيد حيث نظمت رحلة بحرية لجزيرة جورج إيلاند مع عدد من الطلاب والطالبات.",
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("snn.jsonl.gz");
    std::fs::write(&path, gzip(format!("{line}\n").as_bytes())).expect("write");
    let out = ghirbal(&[
        "clean",
        "-q",
        "--text-field",
        "content",
        path.to_str().unwrap_or_default(),
    ]);
    let r = &records(&stdout(&out))[0];
    assert_eq!(r["id"], "snn:1");
    assert_eq!(r["title"], "عنوان الخبر");
    assert_eq!(r["date"], "2015-07-21 02:51:32");
    assert_eq!(r["url"], line["url"]);
    assert_eq!(r["metadata"]["author"], "محمد الحامد (بوسطن)");
    assert_eq!(r["metadata"]["source"], "okaz");
    assert!(
        r["text"].as_str().is_some_and(|t| t.starts_with("احتفل")),
        "the title printed atop the text goes: {r}"
    );
}

#[test]
fn a_truncated_stream_keeps_what_was_decoded_and_exits_1() {
    for name in ["cut.jsonl.gz", "cut.jsonl.zst"] {
        let path = format!("fixtures/truncated/{name}");
        let out = ghirbal(&["clean", "-q", &path, "seeds"]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = stderr(&out);
        assert!(
            err.contains(&path) && err.contains("stopped reading after line"),
            "{err}"
        );
        let kept = records(&stdout(&out));
        let from_cut = kept.iter().filter(|r| r["source"] == path.as_str()).count();
        assert!((1..40).contains(&from_cut), "{name}: {from_cut} records kept");
        assert_eq!(kept.len(), from_cut + 2, "the seeds after it are still read");
    }
}

#[test]
fn stdin_is_read_with_its_format_sniffed_or_given() {
    let run = ghirbal_stdin;
    let page = read(&root().join("seeds/004_c591a7c62088d57a.txt"));
    let out = run(&["clean", "-q", "-"], page.as_bytes());
    let r = &records(&stdout(&out))[0];
    assert_eq!(
        (r["id"].as_str(), r["source"].as_str()),
        (Some("stdin"), Some("<stdin>"))
    );
    assert_eq!(r["date"], "2025-10-08");

    let jsonl = format!("{}\n", serde_json::json!({"id": "x", "text": page}));
    for args in [vec!["clean", "-q", "-"], vec!["clean", "-q", "--format", "jsonl", "-"]] {
        let out = run(&args, &gzip(jsonl.as_bytes()));
        assert_eq!(records(&stdout(&out))[0]["id"], "x", "{args:?}");
    }
}

#[test]
fn a_byte_order_mark_is_skipped_before_json_and_warc() {
    const BOM: &[u8] = b"\xef\xbb\xbf";
    let page = read(&root().join("seeds/004_c591a7c62088d57a.txt"));
    let line = |id: &str| format!("{}\n", serde_json::json!({"id": id, "text": page}));
    let jsonl = [BOM, line("a").as_bytes(), line("b").as_bytes()].concat();
    let array = [BOM, format!("[{}, {}]", line("a"), line("b")).as_bytes()].concat();
    let wet = [
        BOM,
        &std::fs::read(root().join("fixtures/wet/wrong_lengths.warc.wet")).expect("fixture"),
    ]
    .concat();
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [(&str, &[u8], &[&str]); 3] = [
        ("bom.jsonl", &jsonl, &["a", "b"]),
        ("bom.json", &array, &["a", "b"]),
        (
            "bom.wet",
            &wet,
            &[
                "<urn:uuid:A>",
                "<urn:uuid:B>",
                "<urn:uuid:C>",
                "<urn:uuid:D>",
                "<urn:uuid:E>",
            ],
        ),
    ];
    for (name, bytes, want) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        // From a file (format by extension) and from stdin (format sniffed past the mark).
        let from_file = ghirbal(&["clean", "-q", "--no-corpus", path.to_str().unwrap_or_default()]);
        let from_stdin = ghirbal_stdin(&["clean", "-q", "--no-corpus", "-"], bytes);
        for out in [from_file, from_stdin] {
            assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
            let recs = records(&stdout(&out));
            let ids: Vec<&str> = recs.iter().filter_map(|r| r["id"].as_str()).collect();
            assert_eq!(ids, want, "{name}");
        }
    }
}

#[test]
fn a_wet_record_with_a_wrong_length_ends_at_the_next_record() {
    // Record 2 declares 5000 bytes (it would take in record 3), record 4 declares 40 of its 233, record 5
    // declares none; records 3 and 6 are right.
    let path = "fixtures/wet/wrong_lengths.warc.wet";
    let out = ghirbal(&["clean", "-q", "--no-corpus", path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let recs = records(&stdout(&out));
    let got: Vec<(&str, u64)> = recs
        .iter()
        .map(|r| (r["url"].as_str().unwrap_or(""), r["record"].as_u64().unwrap_or(0)))
        .collect();
    let want: Vec<(String, u64)> = "ABCDE"
        .chars()
        .zip(2..)
        .map(|(c, n)| (format!("https://example.com/{c}"), n))
        .collect();
    assert_eq!(got, want.iter().map(|(u, n)| (u.as_str(), *n)).collect::<Vec<_>>());
    for r in &recs {
        let whole = format!(
            "{}\n{}",
            r["title"].as_str().unwrap_or(""),
            r["text"].as_str().unwrap_or("")
        );
        assert!(!whole.contains("WARC") && !whole.contains("Content-"), "{r}");
        let lines = whole.lines().filter(|l| !l.trim().is_empty()).count();
        assert_eq!(lines, 2, "each record whole: {whole}");
    }
    let err = stderr(&out);
    assert_eq!(err.matches("warning").count(), 1, "{err}");
    assert!(
        err.contains(&format!("{path}: 3 records whose Content-Length is missing or wrong (the first at record 2: 5000 declared, 272 found)")),
        "{err}"
    );

    // Cut inside the last record's content: what it had is kept, the run exits 1 and says where.
    let dir = tempfile::tempdir().expect("temp dir");
    let cut = dir.path().join("cut.warc.wet");
    let bytes = std::fs::read(root().join(path)).expect("fixture");
    std::fs::write(&cut, &bytes[..bytes.len() - 60]).expect("write");
    let out = ghirbal(&["clean", "-q", "--no-corpus", cut.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("cut.warc.wet: stopped reading after record 6: WARC record 6: the stream ends"),
        "{err}"
    );
    let recs = records(&stdout(&out));
    assert_eq!(recs.len(), 5);
    assert_eq!(recs[4]["url"], "https://example.com/E");
}

#[test]
fn a_cut_json_array_keeps_its_whole_records_and_exits_1() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rejects = dir.path().join("rejects.jsonl");
    let stats = dir.path().join("stats.json");
    let path = "fixtures/truncated/cut.json";
    let out = ghirbal(&[
        "clean",
        "--no-corpus",
        path,
        "--rejects",
        rejects.to_str().unwrap_or_default(),
        "--stats",
        stats.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{path}: stopped reading after record 2: the file ends inside record 3, which is rejected (cut short)"
        )),
        "{err}"
    );
    let ids: Vec<String> = records(&stdout(&out)).iter().map(|r| r["id"].to_string()).collect();
    assert_eq!(ids, ["\"1\"", "\"2\""]);
    let rejected = records(&read(&rejects));
    assert_eq!(rejected.len(), 1);
    let r = &rejected[0];
    assert_eq!(
        (r["id"].as_str(), r["record"].as_u64(), r["reason"].as_str()),
        (Some("cut:3"), Some(3), Some("malformed_json"))
    );
    assert!(r["message"].as_str().is_some_and(|m| m.contains("cut short")), "{r}");
    let s: Value = serde_json::from_str(&read(&stats)).expect("stats JSON");
    assert_eq!((s["docs_read"].as_u64(), s["docs_kept"].as_u64()), (Some(3), Some(2)));

    // Cut between records (no closing `]`): every record kept, still exit 1. A malformed element in
    // the middle is rejected alone and the rest read.
    let text = "ارتفعت أسعار النفط في تعاملات اليوم بعد تراجع المخزونات الأمريكية أكثر من المتوقع.";
    let good = |id: u32| serde_json::json!({"id": id, "text": format!("{text} {id}")}).to_string();
    let cases = [
        (
            "unclosed.json",
            format!("[{}, {}", good(1), good(2)),
            1,
            "the file ends before the array's closing `]`",
        ),
        (
            "bad_middle.json",
            format!("[{}, {{\"id\": 9, \"text\": }}, {}]", good(1), good(2)),
            0,
            "",
        ),
    ];
    for (name, data, code, message) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, data).expect("write");
        let out = ghirbal(&["clean", "-q", "--no-corpus", file.to_str().unwrap_or_default()]);
        assert_eq!(out.status.code(), Some(code), "{name}: {}", stderr(&out));
        assert!(stderr(&out).contains(message), "{name}: {}", stderr(&out));
        assert_eq!(records(&stdout(&out)).len(), 2, "{name}");
    }
}

#[test]
fn an_id_that_is_not_a_string_or_number_falls_back_with_one_warning_per_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("odd_ids.jsonl");
    let text = "أعلنت وزارة الصحة افتتاح مستشفى جديد في المدينة يضم مئتي سرير وقسما للطوارئ";
    let lines: Vec<String> = [
        serde_json::json!("ok"),
        serde_json::json!({"a": 1}),
        serde_json::json!([1]),
        serde_json::json!(true),
    ]
    .iter()
    .enumerate()
    .map(|(n, id)| serde_json::json!({"id": id, "text": format!("{text} {n}")}).to_string() + "\n")
    .collect();
    std::fs::write(&path, lines.concat()).expect("write");
    let out = ghirbal(&["clean", "-q", "--no-corpus", path.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids: Vec<String> = records(&stdout(&out))
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(ids, ["ok", "odd_ids:2", "odd_ids:3", "odd_ids:4"]);
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("odd_ids.jsonl: 3 records whose `id` field is not a string or a number (the first at line 2: object) got the fallback id"),
        "{err}"
    );
}

#[test]
fn oversized_documents_are_rejected_without_being_held() {
    let dir = tempfile::tempdir().expect("temp dir");
    // One 200 MB line between two small records: rejected `too_large`, the others kept.
    let path = dir.path().join("huge.jsonl");
    let mut f = std::fs::File::create(&path).expect("create");
    writeln!(
        f,
        "{}",
        serde_json::json!({"id": "a", "text": "نص قصير يبقى في المخرجات كما هو."})
    )
    .expect("write");
    write!(f, "{{\"id\": \"big\", \"text\": \"").expect("write");
    let chunk = "كلام ".repeat(10_000);
    for _ in 0..(200 << 20) / chunk.len() {
        f.write_all(chunk.as_bytes()).expect("write");
    }
    writeln!(f, "\"}}").expect("write");
    writeln!(
        f,
        "{}",
        serde_json::json!({"id": "c", "text": "نص قصير آخر يبقى في المخرجات كما هو."})
    )
    .expect("write");
    drop(f);
    let rejects = dir.path().join("rejects.jsonl");
    let out = ghirbal(&[
        "clean",
        "-q",
        path.to_str().unwrap_or_default(),
        "--rejects",
        rejects.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let ids: Vec<String> = records(&stdout(&out))
        .iter()
        .map(|r| r["id"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(ids, ["a", "c"]);
    let r = &records(&read(&rejects))[0];
    assert_eq!((r["reason"].as_str(), r["line"].as_u64()), (Some("too_large"), Some(2)));

    // A small cap applies to page files too.
    let out = ghirbal(&[
        "clean",
        "-q",
        "seeds",
        "--max-doc-bytes",
        "4000",
        "--rejects",
        rejects.to_str().unwrap_or_default(),
    ]);
    assert_eq!(records(&stdout(&out)).len(), 1);
    assert_eq!(records(&read(&rejects))[0]["reason"], "too_large");
}

#[test]
fn an_unreadable_entry_is_named_and_the_rest_processed() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(root().join("seeds/000_8df53257c6e777ac.txt"), dir.path().join("a.txt")).expect("copy");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("nowhere"), dir.path().join("b.txt")).expect("symlink");
    let out = ghirbal(&["clean", "-q", dir.path().to_str().unwrap_or_default()]);
    if cfg!(unix) {
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("b.txt"), "{}", stderr(&out));
    }
    assert_eq!(records(&stdout(&out)).len(), 1);
}

#[test]
fn outputs_compress_by_extension_and_split_into_shards() {
    let dir = tempfile::tempdir().expect("temp dir");
    let plain = stdout(&ghirbal(&["clean", "-q", "--no-corpus", "seeds", "fixtures/pages"]));
    for name in ["out.jsonl.gz", "out.jsonl.zst", "out.jsonl.xz", "out.jsonl.bz2"] {
        let path = dir.path().join(name);
        let out = ghirbal(&[
            "clean",
            "-q",
            "--no-corpus",
            "seeds",
            "fixtures/pages",
            "-o",
            path.to_str().unwrap_or_default(),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let bytes = std::fs::read(&path).expect("read output");
        let text = match name.rsplit_once('.').map(|(_, e)| e) {
            Some("gz") => gunzip(&bytes),
            Some("zst") => String::from_utf8(zstd::decode_all(&bytes[..]).expect("unzstd")).expect("UTF-8"),
            Some("xz") => String::from_utf8(liblzma::decode_all(&bytes[..]).expect("unxz")).expect("UTF-8"),
            _ => {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut bzip2::read::MultiBzDecoder::new(&bytes[..]), &mut text)
                    .expect("bunzip2");
                text
            }
        };
        assert_eq!(text, plain, "{name}");
    }
    let base = dir.path().join("shard.jsonl");
    let out = ghirbal(&[
        "clean",
        "-q",
        "--no-corpus",
        "seeds",
        "fixtures/pages",
        "-o",
        base.to_str().unwrap_or_default(),
        "--shard-size",
        "4",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let shards: Vec<String> = (0..2)
        .map(|n| read(&dir.path().join(format!("shard-{n:05}.jsonl"))))
        .collect();
    assert_eq!(records(&shards[0]).len(), 4);
    assert_eq!(shards.concat(), plain);
    assert!(!dir.path().join("shard-00002.jsonl").exists());
}

#[test]
fn a_closed_pipe_is_a_clean_exit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("many.jsonl");
    let page = read(&root().join("seeds/004_c591a7c62088d57a.txt"));
    let line = format!("{}\n", serde_json::json!({"text": page}));
    std::fs::write(&path, line.repeat(3000)).expect("write");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ghirbal"))
        .args(["clean", "--no-corpus", path.to_str().unwrap_or_default()])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = [0u8; 100];
    std::io::Read::read_exact(child.stdout.as_mut().expect("stdout"), &mut first).expect("read");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains("error"), "{}", stderr(&out));
}

#[test]
fn invalid_utf8_is_replaced_counted_and_reported_once_per_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    // UTF-8 Arabic with stray bytes: the text stays UTF-8, the bad bytes are replaced and counted.
    let path = dir.path().join("stray.jsonl");
    let mut bytes = Vec::new();
    for n in 0..3 {
        bytes.extend(format!("{{\"id\": \"r{n}\", \"text\": \"صرّح وزير الدفاع اليوم ").as_bytes());
        bytes.extend(b"\xe9 ");
        bytes.extend("أن الظروف ".as_bytes());
        bytes.extend(b"\xff\"}\n");
    }
    std::fs::write(&path, bytes).expect("write");
    let out = ghirbal(&["clean", "--no-corpus", path.to_str().unwrap_or_default()]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert_eq!(err.matches("invalid UTF-8 sequences replaced").count(), 1, "{err}");
    assert!(err.contains("3 documents had invalid UTF-8"), "{err}");
    let recs = records(&stdout(&out));
    assert_eq!(recs.len(), 3);
    assert!(recs.iter().all(|r| r["stats"]["invalid_utf8"] == 2), "{recs:?}");

    // A whole line in Latin-1 is a legacy encoding: decoded, not replaced.
    let path = dir.path().join("latin1.jsonl");
    std::fs::write(&path, b"{\"id\": \"l\", \"text\": \"caf\xe9 cr\xe8me\"}\n").expect("write");
    let out = ghirbal(&["clean", "--no-corpus", "-q", path.to_str().unwrap_or_default()]);
    let recs = records(&stdout(&out));
    assert_eq!(recs[0]["text"], "café crème");
    assert_eq!(recs[0]["stats"]["encoding"], "windows-1252");
}

#[test]
fn html_pages_give_their_articles_and_a_page_without_one_is_a_reject() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rejects = dir.path().join("r.jsonl");
    let out = ghirbal(&[
        "clean",
        "fixtures/html",
        "-q",
        "--no-corpus",
        "--rejects",
        rejects.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let kept = records(&stdout(&out));
    let by_id = |id: &str| kept.iter().find(|r| r["id"] == id).cloned().unwrap_or_default();
    // The id is the file's name without its format and compression extensions.
    let ids: Vec<&str> = kept.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["broken", "harbour", "most"]);
    let harbour = by_id("harbour");
    assert_eq!(
        harbour["url"], "https://gazette.example/news/harbour-bridge-reopens",
        "the canonical link"
    );
    assert_eq!(harbour["title"], "Harbour bridge reopens after two years of repairs");
    let text = harbour["text"].as_str().unwrap_or_default();
    // The headline the extractor dropped heads the article: the page's first line, as a reader sees it.
    assert!(
        text.starts_with("Harbour bridge reopens after two years of repairs\nThe harbour bridge opened")
            && text.ends_with("while the new surface settles."),
        "{text}"
    );
    assert_eq!(text.lines().count(), 6, "one paragraph a line: {text}");
    for furniture in ["Related stories", "Privacy policy", "Sport", "data-pwned"] {
        assert!(!text.contains(furniture), "{furniture} in {text}");
    }
    // Broken HTML is read as a browser reads it; a declared windows-1251 page (gzipped) is decoded by it.
    assert!(by_id("broken")["text"]
        .as_str()
        .unwrap_or_default()
        .contains("four lanes of traffic"));
    assert!(by_id("most")["text"]
        .as_str()
        .unwrap_or_default()
        .starts_with("Мост через гавань снова открыт\nМост через гавань снова открылся"));
    // A page without an article is a reject with a reason, not lost.
    let rejected = records(&read(&rejects));
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(rejected[0]["id"], "no_article");
    assert!(
        ["no_article", "no_text_left"].contains(&rejected[0]["reason"].as_str().unwrap_or_default()),
        "{rejected:?}"
    );
    // A binary body named .html is rejected as binary.
    let bin = dir.path().join("x.html");
    std::fs::write(&bin, b"<html>\x00\x01\x02\x00garbage").expect("write");
    let out = ghirbal(&[
        "clean",
        bin.to_str().unwrap_or_default(),
        "-q",
        "--no-corpus",
        "--rejects",
        rejects.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(records(&read(&rejects))[0]["reason"], "binary");
}

#[test]
fn the_page_model_extractor_reads_a_page_by_its_visible_text_and_says_what_it_cut() {
    let prose = [
        "The council said on Monday that the new bridge would open to traffic in the spring, after two years of work on its foundations.",
        "It will carry four lanes of traffic and a cycle path on each side, and the old ferry will stop running once it opens.",
        "Residents of the south bank, who have waited for a crossing since the old one closed, welcomed the news at a meeting in the hall.",
    ];
    // A menu of eight links above the article and a footer of seven below: the page model's menu run.
    let menu = "Home News Sport Business Culture Weather Jobs Motors".replace(' ', "</a><br><a href=/>");
    let footer = "About Privacy Terms Careers Advertise Contact Archive".replace(' ', "</a><br><a href=/>");
    let (menu, footer) = (
        format!("<div><a href=/>{menu}</a></div>"),
        format!("<div><a href=/>{footer}</a></div>"),
    );
    let page = format!(
        "<!DOCTYPE html><html><head><title>New bridge to open in spring | The Gazette</title>\
         <link rel=\"canonical\" href=\"https://gazette.example/bridge\"></head><body>{menu}\
         <h1>New bridge to open in spring</h1><p>{}</p><p>{}</p><p>{}</p>{footer}</body></html>",
        prose[0], prose[1], prose[2]
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bridge.html");
    std::fs::write(&file, page).expect("write");
    let path = file.to_str().unwrap_or_default();
    for extractor in ["page-model", "readability"] {
        let out = ghirbal(&["clean", path, "-q", "--no-corpus", "--html-extractor", extractor]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let kept = records(&stdout(&out));
        assert_eq!(kept.len(), 1, "{extractor}");
        let text = kept[0]["text"].as_str().unwrap_or_default();
        assert!(text.ends_with(&prose.join("\n")), "{extractor}: {text}");
        assert!(!text.contains("Privacy"), "{extractor}: {text}");
        assert_eq!(kept[0]["url"], "https://gazette.example/bridge", "{extractor}");
        // The headline, which is the `<title>` less the site's name, names the record.
        assert_eq!(kept[0]["title"], "New bridge to open in spring", "{extractor}");
        let reasons: Vec<&str> = kept[0]["removed"]
            .as_array()
            .map(|r| r.iter().filter_map(|x| x["reason"].as_str()).collect())
            .unwrap_or_default();
        if extractor == "page-model" {
            // The menus were in the text the page model read, so they are cut there, with their reason.
            assert!(reasons.contains(&"navigation"), "{reasons:?}");
            assert!(!text.contains("Weather"), "{text}");
        }
    }
}

#[test]
fn a_warc_of_html_responses_gives_their_articles_and_skips_what_is_no_page() {
    let prose = "The harbour bridge opened to traffic again on Tuesday morning, two years after engineers closed it when cracks were found in two of its supporting piers.";
    let page = format!(
        "<!DOCTYPE html><html><head><title>Bridge reopens</title></head><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Bridge reopens</h1><p>{prose}</p><p>{prose} The council was pleased.</p><p>{prose} Buses crossed at seven.</p></article><footer>About us</footer></body></html>"
    );
    let russian = page.replace("bridge", "мост");
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&russian);
    let record = |kind: &str, id: &str, url: &str, content_type: &str, http: &[u8]| {
        let mut out = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2012-03-14T07:00:00Z\r\nWARC-Record-ID: {id}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        out.extend_from_slice(http);
        out.extend_from_slice(b"\r\n\r\n");
        out
    };
    let http = |content_type: &str, body: &[u8]| {
        let mut out = format!("HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n").into_bytes();
        out.extend_from_slice(body);
        out
    };
    let mut warc = record("warcinfo", "<urn:0>", "", "application/warc-fields", b"software: test");
    warc.extend(record(
        "request",
        "<urn:1>",
        "https://gazette.example/bridge",
        "application/http; msgtype=request",
        b"GET /bridge HTTP/1.1",
    ));
    warc.extend(record(
        "response",
        "<urn:2>",
        "https://gazette.example/bridge",
        "application/http; msgtype=response",
        &http("text/html; charset=utf-8", page.as_bytes()),
    ));
    warc.extend(record(
        "response",
        "<urn:3>",
        "https://gazette.example/logo.png",
        "application/http; msgtype=response",
        &http("image/png", b"\x89PNG\r\n\x00\x00"),
    ));
    warc.extend(record(
        "response",
        "<urn:4>",
        "https://gazette.example/ru",
        "application/http; msgtype=response",
        &http("text/html; charset=windows-1251", &cp1251),
    ));
    warc.extend(record(
        "response",
        "<urn:5>",
        "https://gazette.example/bin",
        "application/http; msgtype=response",
        &http("text/html", b"<html>\x00\x01\x02\x00"),
    ));
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crawl.warc.gz");
    std::fs::write(&path, gzip(&warc)).expect("write");
    let rejects = dir.path().join("r.jsonl");
    let out = ghirbal(&[
        "clean",
        path.to_str().unwrap_or_default(),
        "-q",
        "--no-corpus",
        "--rejects",
        rejects.to_str().unwrap_or_default(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let kept = records(&stdout(&out));
    let ids: Vec<&str> = kept.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids, ["<urn:2>", "<urn:4>"], "HTML responses only");
    assert_eq!(
        kept[0]["url"], "https://gazette.example/bridge",
        "the WARC header's URL"
    );
    assert_eq!(kept[0]["date"], "2012-03-14T07:00:00Z");
    let text = kept[0]["text"].as_str().unwrap_or_default();
    assert!(
        text.starts_with("Bridge reopens\nThe harbour bridge opened") && !text.contains("About us"),
        "{text}"
    );
    // The charset the HTTP response declares.
    assert!(
        kept[1]["text"].as_str().unwrap_or_default().contains("мост"),
        "{}",
        kept[1]
    );
    // A binary body is a reject that says so; the image and the request are no documents.
    let rejected = records(&read(&rejects));
    assert_eq!(rejected.len(), 1, "{rejected:?}");
    assert_eq!(
        (rejected[0]["id"].as_str(), rejected[0]["reason"].as_str()),
        (Some("<urn:5>"), Some("binary"))
    );
}
