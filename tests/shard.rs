//! Sharded runs: sign, merge, clean --index, and a real engine (Ray).

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

/// Twelve shards made from the fixtures (seed pages, fixture pages, the news corpus cut in six), in a
/// temporary directory; the same documents on one machine are these paths in this order.
fn make_shards(dir: &Path) -> Vec<String> {
    let mut shards = Vec::new();
    for src in ["seeds/000_8df53257c6e777ac.txt", "seeds/004_c591a7c62088d57a.txt"]
        .iter()
        .map(|s| s.to_string())
        .chain(
            ["article_list", "bottom_list", "scrape_variants", "unbulleted_list"]
                .iter()
                .map(|n| format!("fixtures/pages/{n}.txt")),
        )
    {
        let dest = dir.join(format!(
            "shard{:02}-{}",
            shards.len(),
            Path::new(&src).file_name().unwrap_or_default().to_string_lossy()
        ));
        std::fs::copy(root().join(&src), &dest).expect("copy");
        shards.push(dest.display().to_string());
    }
    let news = read(&root().join("fixtures/corpus/news.jsonl"));
    let lines: Vec<&str> = news.lines().collect();
    for chunk in lines.chunks(2) {
        let dest = dir.join(format!("shard{:02}.jsonl", shards.len()));
        std::fs::write(&dest, chunk.join("\n") + "\n").expect("write");
        shards.push(dest.display().to_string());
    }
    shards
}

fn one_machine(shards: &[String], dir: &Path) -> (Vec<u8>, Vec<u8>) {
    let rejects = dir.join("one.rejects.jsonl");
    let mut args = vec!["clean", "-q", "--rejects", rejects.to_str().unwrap_or_default()];
    args.extend(shards.iter().map(String::as_str));
    let out = ghirbal(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    (out.stdout, std::fs::read(&rejects).expect("rejects"))
}

#[test]
fn a_sharded_run_writes_what_one_machine_writes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let shards = make_shards(dir.path());
    assert!(shards.len() >= 8);
    let (want_out, want_rejects) = one_machine(&shards, dir.path());
    assert!(String::from_utf8_lossy(&want_rejects).contains("exact_duplicate"));
    assert!(String::from_utf8_lossy(&want_out).contains("boilerplate"));

    let p = |name: String| dir.path().join(name).display().to_string();
    let ok = |args: &[&str]| {
        let out = ghirbal(args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    };
    let sketches: Vec<String> = (0..shards.len()).map(|i| p(format!("{i}.sketch.sig"))).collect();
    for (s, sig) in shards.iter().zip(&sketches) {
        ok(&["sign", s, "-o", sig]);
    }
    let dedup = p("dedup.idx".into());
    let mut args = vec!["merge", "-o", dedup.as_str()];
    args.extend(sketches.iter().map(String::as_str));
    ok(&args);
    // The same merge in four key-range partitions, replayed: the same index, byte for byte.
    let groups: Vec<String> = (0..4).map(|k| p(format!("groups-{k}.sig"))).collect();
    for (k, g) in groups.iter().enumerate() {
        let part = format!("{k}/4");
        let mut args = vec!["merge", "--partition", part.as_str(), "-o", g.as_str()];
        args.extend(sketches.iter().map(String::as_str));
        ok(&args);
    }
    let replayed = p("replayed.idx".into());
    let mut args = vec!["merge", "-o", replayed.as_str()];
    args.extend(sketches.iter().map(String::as_str));
    args.push("--groups");
    args.extend(groups.iter().map(String::as_str));
    ok(&args);
    assert!(
        std::fs::read(&replayed).ok() == std::fs::read(&dedup).ok(),
        "partitions replayed give the one-task index"
    );
    let mut args = vec!["merge", "-o", replayed.as_str()];
    args.extend(sketches.iter().map(String::as_str));
    args.extend(["--groups", groups[1].as_str(), groups[0].as_str()]);
    let out = ghirbal(&args);
    assert_eq!(out.status.code(), Some(2), "partitions out of order are refused");
    let counts: Vec<String> = (0..shards.len()).map(|i| p(format!("{i}.count.sig"))).collect();
    for (s, sig) in shards.iter().zip(&counts) {
        ok(&["sign", s, "--index", &dedup, "-o", sig]);
    }
    // A tree: two partial merges, then the index.
    let (left, right) = (p("left.sig".into()), p("right.sig".into()));
    let half = counts.len() / 2;
    let mut args = vec!["merge", "-o", left.as_str()];
    args.extend(counts[..half].iter().map(String::as_str));
    ok(&args);
    let mut args = vec!["merge", "-o", right.as_str()];
    args.extend(counts[half..].iter().map(String::as_str));
    ok(&args);
    let corpus = p("corpus.idx".into());
    ok(&["merge", &dedup, &left, &right, "-o", &corpus]);

    let (mut got_out, mut got_rejects) = (Vec::new(), Vec::new());
    for (i, s) in shards.iter().enumerate() {
        let rejects = p(format!("{i}.rejects.jsonl"));
        let out = ghirbal(&["clean", s, "--index", &corpus, "-q", "--rejects", &rejects]);
        assert!(out.status.success(), "{}", stderr(&out));
        got_out.extend(out.stdout);
        got_rejects.extend(std::fs::read(&rejects).expect("rejects"));
    }
    assert!(got_out == want_out, "sharded output differs from one machine's");
    assert!(got_rejects == want_rejects, "sharded rejects differ from one machine's");

    // The corpus index carries the dedup index: counting a shard from either gives the same file.
    let again = p("again.count.sig".into());
    ok(&["sign", &shards[7], "--index", &corpus, "-o", &again]);
    assert!(
        std::fs::read(&again).ok() == std::fs::read(&counts[7]).ok(),
        "counts from corpus.idx differ"
    );

    // Damaged, foreign and misnamed files are errors, never a wrong result.
    let truncated = p("truncated.sig".into());
    let bytes = std::fs::read(&sketches[6]).expect("read sig");
    std::fs::write(&truncated, &bytes[..bytes.len() - 30]).expect("write");
    let out = ghirbal(&["merge", &sketches[0], &truncated, "-o", &p("x.idx".into())]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("truncated.sig")
            && (stderr(&out).contains("truncated") || stderr(&out).contains("damaged")),
        "{}",
        stderr(&out)
    );
    assert!(!dir.path().join("x.idx").exists());
    let out = ghirbal(&["merge", &shards[6], "-o", &p("y.idx".into())]);
    assert!(stderr(&out).contains("not a ghirbal signature"), "{}", stderr(&out));
    let out = ghirbal(&["clean", "seeds", "--index", &corpus]);
    assert!(stderr(&out).contains("has no shard named"), "{}", stderr(&out));
}

#[test]
fn the_ray_driver_matches_one_machine_and_survives_a_killed_worker() {
    let has_ray = Command::new("python3")
        .args(["-c", "import ray"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_ray {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have ray (.ci/run installs it)"
        );
        skip("no ray");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let shards = make_shards(dir.path());
    let (want_out, want_rejects) = one_machine(&shards, dir.path());
    let marker = dir.path().join("killed-once");
    let (out, rejects) = (dir.path().join("ray.jsonl"), dir.path().join("ray.rejects.jsonl"));
    // Bounded, so a cluster that cannot start fails the test instead of hanging CI.
    let run = Command::new("timeout")
        .args(["600", "python3"])
        .arg(root().join("cluster/ghirbal_ray.py"))
        .args(["--ghirbal", env!("CARGO_BIN_EXE_ghirbal"), "--workers", "2"])
        .arg("--work")
        .arg(dir.path().join("work"))
        .arg("--output")
        .arg(&out)
        .arg("--rejects")
        .arg(&rejects)
        .args(&shards)
        .env("GHIRBAL_KILL_ONCE", &marker)
        .env_remove("RAY_ADDRESS")
        .output()
        .expect("run the driver");
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(marker.exists(), "a clean task was killed once");
    assert!(
        std::fs::read(&out).expect("output") == want_out,
        "Ray output differs from one machine's"
    );
    assert!(std::fs::read(&rejects).expect("rejects") == want_rejects);
}
