//! The attack suite: the binary against bad input and faults, each case one that lost or corrupted data
//! once. Every test checks that nothing is lost (documents in = kept + rejected), the exit code, that
//! messages name the file, and that no file is left that looks finished but is not.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod util;
use util::{ghirbal, records, root, skip, stderr};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ghirbal"));
    c.current_dir(root());
    c
}

fn lines_of(path: &Path) -> usize {
    std::fs::read_to_string(path).map_or(0, |t| t.lines().count())
}

/// Files under `dir` whose names say they are ghirbal's temporary files.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    let name = p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    name.ends_with(ghirbal::temp::SUFFIX) || name.starts_with(ghirbal::temp::SPOOL_PREFIX)
                })
                .collect()
        })
        .unwrap_or_default()
}

const NEWS: &str = "fixtures/corpus/news.jsonl";

fn news_docs() -> usize {
    lines_of(&root().join(NEWS))
}

/// Run `clean` with `-o` and `--rejects` in `dir`, and check that every document is in one of them.
fn clean_all(dir: &Path, args: &[&str]) -> Output {
    let out = dir.join("out.jsonl");
    let rej = dir.join("rej.jsonl");
    let mut all = vec![
        "clean",
        "-q",
        "-o",
        out.to_str().unwrap_or_default(),
        "--rejects",
        rej.to_str().unwrap_or_default(),
    ];
    all.extend(args);
    ghirbal(&all)
}

fn mkfifo(path: &Path) -> bool {
    Command::new("mkfifo").arg(path).status().is_ok_and(|s| s.success())
}

/// Feed `src` into the FIFO at `fifo` from a thread (the open blocks until ghirbal opens it).
fn feed(fifo: &Path, src: &Path) -> std::thread::JoinHandle<()> {
    let (fifo, bytes) = (fifo.to_path_buf(), std::fs::read(src).expect("read source"));
    std::thread::spawn(move || {
        if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&fifo) {
            let _ = f.write_all(&bytes);
        }
    })
}

#[test]
fn a_fifo_named_as_input_is_read_once_and_nothing_is_lost() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("in.jsonl");
    if !mkfifo(&fifo) {
        skip("no mkfifo here");
        return;
    }
    // A temporary folder of its own, to see the spool made and gone.
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).expect("mkdir");
    let writer = feed(&fifo, &root().join(NEWS));
    let (out, rej) = (dir.path().join("out.jsonl"), dir.path().join("rej.jsonl"));
    let o = bin()
        .args(["clean", "-q", fifo.to_str().unwrap_or_default(), "-o"])
        .arg(&out)
        .arg("--rejects")
        .arg(&rej)
        .env("TMPDIR", &tmp)
        .output()
        .expect("run");
    writer.join().expect("writer");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(lines_of(&out) + lines_of(&rej), news_docs(), "in = kept + rejected");
    assert!(lines_of(&rej) > 0, "the corpus stage ran (the fixture has duplicates)");
    let left: Vec<_> = std::fs::read_dir(&tmp).expect("tmp").collect();
    assert!(left.is_empty(), "the spool is removed at the end: {left:?}");
}

#[test]
fn dev_stdin_is_spooled_like_dash() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = std::fs::File::open(root().join(NEWS)).expect("open");
    let out = dir.path().join("out.jsonl");
    let rej = dir.path().join("rej.jsonl");
    let o = bin()
        .args(["clean", "/dev/stdin", "--format", "jsonl", "-q", "-o"])
        .arg(&out)
        .arg("--rejects")
        .arg(&rej)
        .stdin(input)
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(lines_of(&out) + lines_of(&rej), news_docs());
}

#[test]
fn a_fifo_inside_a_walked_folder_is_named_and_skipped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tree = dir.path().join("dump");
    std::fs::create_dir(&tree).expect("mkdir");
    std::fs::copy(root().join("seeds/000_8df53257c6e777ac.txt"), tree.join("a.txt")).expect("copy");
    if !mkfifo(&tree.join("b.txt")) {
        skip("no mkfifo here");
        return;
    }
    let o = clean_all(dir.path(), &[tree.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(1), "a skipped input is an error");
    assert!(
        stderr(&o).contains("b.txt") && stderr(&o).contains("not a regular file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(lines_of(&dir.path().join("out.jsonl")), 1, "the other page is cleaned");
}

#[test]
fn an_output_that_is_an_input_is_refused_before_anything_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("s.jsonl");
    std::fs::copy(root().join(NEWS), &input).expect("copy");
    let before = std::fs::read(&input).expect("read");
    for flag in ["-o", "--rejects", "--stats", "--corpus-report"] {
        let o = ghirbal(&[
            "clean",
            input.to_str().unwrap_or_default(),
            flag,
            input.to_str().unwrap_or_default(),
        ]);
        assert_eq!(o.status.code(), Some(2), "{flag}: {}", stderr(&o));
        assert!(stderr(&o).contains("is also an input"), "{}", stderr(&o));
        assert_eq!(
            std::fs::read(&input).expect("read"),
            before,
            "{flag}: the input is untouched"
        );
    }
    let same = dir.path().join("o.jsonl");
    let o = ghirbal(&[
        "clean",
        input.to_str().unwrap_or_default(),
        "-o",
        same.to_str().unwrap_or_default(),
        "--rejects",
        same.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn an_output_inside_an_input_folder_is_not_read_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tree = dir.path().join("dump");
    std::fs::create_dir(&tree).expect("mkdir");
    std::fs::copy(root().join(NEWS), tree.join("news.jsonl")).expect("copy");
    let out = tree.join("cleaned.jsonl");
    std::fs::write(&out, "{\"id\": \"old\", \"text\": \"an earlier run's output\"}\n").expect("write");
    let o = ghirbal(&[
        "clean",
        tree.to_str().unwrap_or_default(),
        "-o",
        out.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("inside the input folder"), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{} documents read", news_docs())),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_closed_stdout_leaves_no_partial_side_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let rej = dir.path().join("rej.jsonl");
    let stats = dir.path().join("stats.json");
    // Enough documents that the writer is still going when the reader goes away.
    let big = dir.path().join("big.jsonl");
    let news = std::fs::read_to_string(root().join(NEWS)).expect("read");
    let mut text = String::new();
    for i in 0..600 {
        for (k, line) in news.lines().enumerate() {
            let mut v: Value = serde_json::from_str(line).expect("json");
            v["id"] = Value::String(format!("{i}-{k}"));
            // Every word made this document's own: no two documents are alike, all are kept.
            let own: Vec<String> = v["text"]
                .as_str()
                .unwrap_or_default()
                .split(' ')
                .map(|w| format!("{w}{i}"))
                .collect();
            v["text"] = Value::String(own.join(" "));
            text += &format!("{v}\n");
        }
    }
    std::fs::write(&big, text).expect("write");
    let mut child = bin()
        .args(["clean", big.to_str().unwrap_or_default(), "-q", "--rejects"])
        .arg(&rej)
        .arg("--stats")
        .arg(&stats)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut first = String::new();
    if let Some(out) = child.stdout.take() {
        BufReader::new(out).read_line(&mut first).expect("read a line");
    } // stdout closed here
    let status = child.wait().expect("wait");
    assert!(first.starts_with('{'), "one record came through");
    assert_eq!(status.code(), Some(0));
    assert!(
        !rej.exists() && !stats.exists(),
        "partial side files are not renamed into place"
    );
    assert!(temp_files(dir.path()).is_empty(), "{:?}", temp_files(dir.path()));
}

#[test]
fn a_failing_output_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out.jsonl");
    let o = ghirbal(&[
        "clean",
        NEWS,
        "-q",
        "-o",
        out.to_str().unwrap_or_default(),
        "--rejects",
        "/nonexistent-ghirbal-dir/rej.jsonl",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/nonexistent-ghirbal-dir/rej.jsonl"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "no output that looks finished");
    assert!(temp_files(dir.path()).is_empty(), "{:?}", temp_files(dir.path()));
}

#[test]
fn sigterm_removes_the_stdin_spool_and_the_partial_output() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("held.jsonl");
    if !mkfifo(&fifo) {
        skip("no mkfifo here");
        return;
    }
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).expect("mkdir");
    // The writer sends some records and keeps the FIFO open: ghirbal is still spooling when it is told to stop.
    let news = std::fs::read(root().join(NEWS)).expect("read");
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let fifo_w = fifo.clone();
    let writer = std::thread::spawn(move || {
        if let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(&fifo_w) {
            let _ = f.write_all(&news);
            let _ = f.flush();
            let _ = rx.recv_timeout(std::time::Duration::from_secs(20));
        }
    });
    let out = dir.path().join("out.jsonl");
    let mut child = bin()
        .args(["clean", fifo.to_str().unwrap_or_default(), "-q", "-o"])
        .arg(&out)
        .env("TMPDIR", &tmp)
        .spawn()
        .expect("spawn");
    // Wait for the spool to appear, then stop the run.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while temp_files(&tmp).is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert!(!temp_files(&tmp).is_empty(), "the spool was made");
    let killed = Command::new("kill").args(["-TERM", &child.id().to_string()]).status();
    assert!(killed.is_ok_and(|s| s.success()));
    let status = child.wait().expect("wait");
    let _ = tx.send(());
    // A run stopped before it opened the FIFO leaves the writer waiting in `open` for a reader: be that
    // reader (and drain what it writes), so the writer ends either way.
    std::thread::sleep(std::time::Duration::from_millis(200));
    if !writer.is_finished() {
        let fifo_r = fifo.clone();
        std::thread::spawn(move || {
            if let Ok(mut f) = std::fs::File::open(&fifo_r) {
                let _ = std::io::copy(&mut f, &mut std::io::sink());
            }
        });
    }
    writer.join().expect("writer");
    assert_eq!(status.code(), Some(130));
    assert!(temp_files(&tmp).is_empty(), "the spool is gone: {:?}", temp_files(&tmp));
    assert!(temp_files(dir.path()).is_empty() && !out.exists());
}

#[test]
fn a_killed_run_s_temporary_file_is_named_by_the_next_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stale = dir.path().join(".out.jsonl.4000000000.ghirbal-tmp");
    std::fs::write(&stale, "half a record").expect("write");
    let out = dir.path().join("out.jsonl");
    let o = ghirbal(&["clean", NEWS, "-o", out.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stderr(&o).contains(".out.jsonl.4000000000.ghirbal-tmp") && stderr(&o).contains("killed run"));
}

#[test]
fn small_promises_of_the_cli() {
    // Sizes take units.
    let o = ghirbal(&[
        "clean",
        NEWS,
        "-q",
        "--no-corpus",
        "--max-doc-bytes",
        "64MiB",
        "-o",
        "/dev/null",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = ghirbal(&["clean", NEWS, "-q", "--max-doc-bytes", "64 furlongs"]);
    assert_eq!(o.status.code(), Some(2));
    // One document is one document.
    let o = ghirbal(&["clean", "seeds/000_8df53257c6e777ac.txt", "-o", "/dev/null"]);
    assert!(stderr(&o).contains("1 document read"), "{}", stderr(&o));
    // Ids that name several documents are said.
    let o = ghirbal(&["clean", NEWS, NEWS, "-o", "/dev/null"]);
    assert!(stderr(&o).contains("reuse an id"), "{}", stderr(&o));

    let dir = tempfile::tempdir().expect("temp dir");
    let cleaned = dir.path().join("c.jsonl");
    let o = ghirbal(&["clean", "seeds", "-q", "-o", cleaned.to_str().unwrap_or_default()]);
    assert_eq!(o.status.code(), Some(0));
    // `diff --id` of an id no record has is an error naming it.
    let o = ghirbal(&["diff", cleaned.to_str().unwrap_or_default(), "--id", "nosuch"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("nosuch"), "{}", stderr(&o));
    // `report -o -` writes the page to stdout, and no file named `-`.
    let o = bin()
        .args(["report", cleaned.to_str().unwrap_or_default(), "-o", "-"])
        .current_dir(dir.path())
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).contains("<html"));
    assert!(!dir.path().join("-").exists());
}

#[test]
fn every_document_is_kept_or_rejected_with_a_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (out, rej) = (dir.path().join("out.jsonl"), dir.path().join("rej.jsonl"));
    let o = ghirbal(&[
        "clean",
        "fixtures",
        "-o",
        out.to_str().unwrap_or_default(),
        "--rejects",
        rej.to_str().unwrap_or_default(),
    ]);
    let kept = records(&std::fs::read_to_string(dir.path().join("out.jsonl")).unwrap_or_default());
    let rejected = records(&std::fs::read_to_string(dir.path().join("rej.jsonl")).unwrap_or_default());
    let err = stderr(&o);
    let read: usize = err
        .lines()
        .find_map(|l| l.strip_prefix("ghirbal: ")?.split(' ').next()?.parse().ok())
        .unwrap_or(0);
    assert!(read > 0, "{err}");
    assert_eq!(kept.len() + rejected.len(), read, "{err}");
    assert!(rejected.iter().all(|r| r["reason"].is_string()));
}

#[test]
fn links_out_of_a_walked_folder_are_named_not_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let tree = dir.path().join("dump");
    std::fs::create_dir_all(tree.join("a")).expect("mkdir");
    std::fs::copy(root().join("seeds/000_8df53257c6e777ac.txt"), tree.join("a/p.txt")).expect("copy");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("..", tree.join("a/loop")).expect("link");
        std::os::unix::fs::symlink(root().join("seeds"), tree.join("a/out")).expect("link");
    }
    let o = ghirbal(&["clean", tree.to_str().unwrap_or_default(), "-o", "/dev/null"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("a/out") && err.contains("link out of the input folder"),
        "{err}"
    );
    assert!(err.contains("a/loop"), "{err}");
    assert!(
        err.contains("1 document read"),
        "only the page inside the folder: {err}"
    );
}

#[test]
fn legacy_encodings_are_read_in_every_format_and_can_be_forced() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = "قال وزير الخارجية إن المحادثات ستستأنف الأسبوع المقبل في العاصمة";
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(text);
    let line = [b"{\"id\": \"a\", \"text\": \"".as_slice(), &cp1256, b"\"}\n"].concat();
    std::fs::write(dir.path().join("cp.jsonl"), &line).expect("write");
    std::fs::write(dir.path().join("cp.txt"), &cp1256).expect("write");
    for (name, extra) in [("cp.jsonl", None), ("cp.txt", None), ("cp.txt", Some("windows-1256"))] {
        let path = dir.path().join(name);
        let mut args = vec!["clean", path.to_str().unwrap_or_default(), "-q", "--no-corpus"];
        if let Some(e) = extra {
            args.extend(["--encoding", e]);
        }
        let o = ghirbal(&args);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let r = records(&String::from_utf8_lossy(&o.stdout));
        assert_eq!(r[0]["text"], text, "{name} {extra:?}");
        assert_eq!(r[0]["stats"]["encoding"], "windows-1256", "{name}");
    }
    let o = ghirbal(&["clean", "seeds", "--encoding", "klingon"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_sharded_run_refuses_mismatched_settings_and_sign_reports_read_errors() {
    let dir = tempfile::tempdir().expect("temp dir");
    let p = |name: &str| dir.path().join(name).display().to_string();
    // `sign` of a missing input: an error naming it, exit 1.
    let o = ghirbal(&["sign", "/nonexistent-ghirbal-shard", "-o", &p("x.sig")]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("/nonexistent-ghirbal-shard"), "{}", stderr(&o));

    let ok = |args: &[&str]| {
        let o = ghirbal(args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    };
    ok(&["sign", NEWS, "-o", &p("a.sketch.sig")]);
    // Two shards signed with different cleaning settings do not merge.
    ok(&["sign", NEWS, "--near-repeat", "0.5", "-o", &p("b.sketch.sig")]);
    let o = ghirbal(&["merge", &p("a.sketch.sig"), &p("b.sketch.sig"), "-o", &p("bad.idx")]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("other settings"), "{}", stderr(&o));

    ok(&["merge", &p("a.sketch.sig"), "-o", &p("dedup.idx")]);
    ok(&["sign", NEWS, "--index", &p("dedup.idx"), "-o", &p("a.count.sig")]);
    ok(&["merge", &p("dedup.idx"), &p("a.count.sig"), "-o", &p("corpus.idx")]);
    // `clean --index` with other settings than the sign's is refused; with the same ones it runs.
    let o = ghirbal(&[
        "clean",
        NEWS,
        "--index",
        &p("corpus.idx"),
        "--near-repeat",
        "0.5",
        "-o",
        "/dev/null",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("near-repeat=0.5"), "{}", stderr(&o));
    // The HTML extractor makes the documents too: a clean with the other one is refused.
    let o = ghirbal(&[
        "clean",
        NEWS,
        "--index",
        &p("corpus.idx"),
        "--html-extractor",
        "readability",
        "-o",
        "/dev/null",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("html-extractor=readability"), "{}", stderr(&o));
    ok(&["clean", NEWS, "--index", &p("corpus.idx"), "-q", "-o", "/dev/null"]);
}

#[test]
fn the_original_rebuilds_byte_for_byte_from_each_record() {
    use ghirbal::report::diff::{original_text, RecordIn};
    // Page files (the header's leading space, blank lines, a BOM, CRLF), and JSON records.
    let dir = tempfile::tempdir().expect("temp dir");
    let odd = dir.path().join("odd.txt");
    std::fs::write(
        &odd,
        "\u{feff} date 2025-10-08 https://example.com/a\r\n\r\nعنوان الخبر\r\nعنوان الخبر\r\n\r\n\r\n  نص الخبر الأول هنا، وهو نص طويل بما يكفي ليكون فقرة من فقرات المقال.  \r\n* * *\r\n\tنص ثانٍ.\r\n\r\n",
    )
    .expect("write");
    let mut originals: Vec<(String, String)> = Vec::new();
    for entry in std::fs::read_dir(root().join("seeds"))
        .expect("seeds")
        .chain(std::fs::read_dir(root().join("fixtures/pages")).expect("pages"))
    {
        let path = entry.expect("entry").path();
        originals.push((
            path.file_stem().unwrap_or_default().to_string_lossy().into_owned(),
            std::fs::read_to_string(&path).expect("read"),
        ));
    }
    originals.push(("odd".into(), std::fs::read_to_string(&odd).expect("read")));
    for line in std::fs::read_to_string(root().join(NEWS)).expect("read").lines() {
        let v: Value = serde_json::from_str(line).expect("json");
        originals.push((
            v["id"].as_str().unwrap_or_default().to_string(),
            v["text"].as_str().unwrap_or_default().to_string(),
        ));
    }
    let o = ghirbal(&[
        "clean",
        "-q",
        "--no-corpus",
        "seeds",
        "fixtures/pages",
        NEWS,
        odd.to_str().unwrap_or_default(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut checked = 0;
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        let rec: RecordIn = serde_json::from_str(line).expect("record");
        let Some((_, want)) = originals.iter().find(|(id, _)| *id == rec.id) else {
            continue;
        };
        assert_eq!(original_text(&rec).as_deref(), Some(want.as_str()), "{}", rec.id);
        checked += 1;
    }
    assert!(checked >= 15, "{checked} records checked");
}
