//! Seeing what was cut: `ghirbal diff` and `ghirbal report` (with a real browser where there is one).

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
fn diff_of_the_seeds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cleaned = dir.path().join("cleaned.jsonl");
    let out = ghirbal(&["clean", "seeds", "-q", "-o", cleaned.to_str().unwrap_or_default()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let diff = ghirbal(&["diff", cleaned.to_str().unwrap_or_default(), "--color", "never"]);
    assert_eq!(diff.status.code(), Some(0), "{}", stderr(&diff));
    insta::assert_snapshot!("seeds_diff", stdout(&diff));
    // The hunk headers are the source's line numbers: the second seed's title is its line 2.
    assert!(
        stdout(&diff).contains("@@ -1,17 +1,5 @@ header, title, repeat"),
        "{}",
        stdout(&diff)
    );
    // --bidi isolates each line's text; the markers stay outside.
    let bidi = ghirbal(&[
        "diff",
        cleaned.to_str().unwrap_or_default(),
        "--color",
        "never",
        "--bidi",
    ]);
    let text = stdout(&bidi);
    assert!(
        text.lines()
            .any(|l| l.starts_with("-\u{2068}") && l.ends_with('\u{2069}')),
        "{text}"
    );

    let only = ghirbal(&[
        "diff",
        cleaned.to_str().unwrap_or_default(),
        "--reason",
        "repeat",
        "-C",
        "0",
    ]);
    let text = stdout(&only);
    assert!(
        text.contains("diff 004_c591a7c62088d57a") && !text.contains("diff 000_8df53257c6e777ac"),
        "{text}"
    );
    assert!(text.contains("# repeat") && !text.contains("# header"), "{text}");
    let colored = ghirbal(&["diff", cleaned.to_str().unwrap_or_default(), "--color", "always"]);
    assert!(stdout(&colored).contains('\u{1b}'));
}

#[test]
fn diff_rebuilds_from_the_inputs_when_removed_text_was_left_out() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cleaned = dir.path().join("cleaned.jsonl");
    ghirbal(&[
        "clean",
        "seeds",
        "-q",
        "--no-removed-text",
        "-o",
        cleaned.to_str().unwrap_or_default(),
    ]);
    let without = ghirbal(&["diff", cleaned.to_str().unwrap_or_default()]);
    assert_eq!(without.status.code(), Some(2));
    assert!(stderr(&without).contains("--input"), "{}", stderr(&without));
    let with = ghirbal(&[
        "diff",
        cleaned.to_str().unwrap_or_default(),
        "--input",
        "seeds",
        "--id",
        "000_8df53257c6e777ac",
    ]);
    assert_eq!(with.status.code(), Some(0), "{}", stderr(&with));
    assert!(stdout(&with).contains("# headline_list"));
}

/// Headless Chromium, when the machine has it (`.ci/run` installs Debian's `chromium`).
fn chromium() -> Option<String> {
    let candidates = [
        std::env::var("CHROMIUM").unwrap_or_default(),
        "chromium".into(),
        "chromium-browser".into(),
    ];
    let found = candidates.into_iter().filter(|c| !c.is_empty()).find(|c| {
        Command::new(c)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found.is_none() && std::env::var_os("CI").is_some() {
        panic!("CI must have chromium (.ci/run installs it)");
    }
    found
}

/// The DOM of `page` after its scripts ran, as headless Chromium serializes it.
fn rendered_dom(browser: &str, page: &Path, profile: &Path) -> String {
    let out = Command::new("timeout")
        .args(["120", browser])
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("run chromium");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Clean `inputs`, write the report, and render it: the DOM, and the kept and rejected counts.
fn rendered_report(browser: &str, inputs: &[&str]) -> (String, usize, usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (cleaned, rejects, html) = (
        dir.path().join("c.jsonl"),
        dir.path().join("r.jsonl"),
        dir.path().join("report.html"),
    );
    let path = |p: &Path| p.to_str().unwrap_or_default().to_string();
    let (c, r) = (path(&cleaned), path(&rejects));
    let mut args = vec!["clean", "-q", "-o", &c, "--rejects", &r];
    args.extend(inputs);
    ghirbal(&args);
    let out = ghirbal(&["report", &c, &r, "-o", &path(&html)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let dom = rendered_dom(browser, &html, &dir.path().join("profile"));
    (dom, records(&read(&cleaned)).len(), records(&read(&rejects)).len())
}

#[test]
fn the_report_renders_in_a_browser_and_runs_no_document_script() {
    let Some(browser) = chromium() else {
        skip("no chromium");
        return;
    };
    let (dom, kept, rejected) = rendered_report(&browser, &["seeds", "fixtures/report", "fixtures/bad"]);
    assert_eq!((kept, rejected), (4, 6));
    assert!(
        dom.contains("id=\"count-read\">10<") && dom.contains("id=\"count-kept\">4<"),
        "{}",
        &dom[..dom.len().min(3000)]
    );
    assert!(
        dom.contains("<del class=\"removed\" data-reason=\"headline_list\""),
        "a removed line tagged with its reason"
    );
    assert!(dom.contains("class=\"doc\" data-id=\"000_8df53257c6e777ac\""));
    // An Arabic line, removed or not, reads right to left; the reason tag beside it does not turn it.
    assert!(
        dom.contains("class=\"line\" dir=\"rtl\"><bdi class=\"tag\""),
        "a removed Arabic line is rtl"
    );
    // The evidence is shown beside the reason.
    assert!(dom.contains("copies lines"), "a repeat's evidence");
    // The document's markup is shown as text, and none of it ran.
    assert!(
        dom.contains("&lt;script&gt;document.body.setAttribute"),
        "script shown as text"
    );
    assert!(!dom.contains("data-pwned=\"1\""), "a document's script ran");
    assert!(!dom.contains("<img src=\"x\""));
    assert!(dom.contains("<title>ghirbal report</title>"));
}

#[test]
fn the_report_on_pages_dev_opens_with_its_counts() {
    let dev = root().join("../shared/data/pages-dev/pages");
    let Some(browser) = chromium().filter(|_| dev.is_dir()) else {
        skip("no chromium or no pages-dev");
        return;
    };
    let (dom, kept, rejected) = rendered_report(&browser, &[dev.to_str().unwrap_or_default()]);
    let commas = |n: usize| {
        let d = n.to_string();
        d.chars()
            .enumerate()
            .flat_map(|(k, c)| (k > 0 && (d.len() - k) % 3 == 0).then_some(',').into_iter().chain([c]))
            .collect::<String>()
    };
    assert!(
        dom.contains(&format!("id=\"count-kept\">{}<", commas(kept))),
        "kept {kept}"
    );
    assert!(dom.contains(&format!("id=\"count-rejected\">{}<", commas(rejected))));
    // Charts give units and shares.
    assert!(
        dom.contains(" documents (") && dom.contains("%)</text>"),
        "chart values with units and shares"
    );
    assert_eq!(
        dom.matches("<article class=\"doc\"").count(),
        20,
        "one page of documents"
    );
    // Every kept document with removals and every rejected one is in the page.
    assert!(dom.contains(&format!("{} documents", kept + rejected)));
    assert!(dom.contains("exact_duplicate"));
    // Every cluster is listed, each duplicate with its kind, and the kept id opens the document.
    assert!(
        dom.contains("class=\"open-doc\"") && dom.contains("<small>(exact)</small>"),
        "cluster table"
    );
}

#[test]
fn a_duplicate_is_shown_beside_the_document_it_duplicates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (out, rej) = (dir.path().join("out.jsonl"), dir.path().join("rej.jsonl"));
    let o = ghirbal(&[
        "clean",
        "fixtures/corpus/news.jsonl",
        "-q",
        "--rejects-text",
        "-o",
        out.to_str().unwrap_or_default(),
        "--rejects",
        rej.to_str().unwrap_or_default(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rejects = records(&read(&rej));
    let near = rejects
        .iter()
        .find(|r| r["reason"] == "near_duplicate")
        .expect("a near duplicate");
    assert!(near["text"].is_string(), "--rejects-text puts the text in: {near}");
    let id = near["id"].as_str().unwrap_or_default();
    let d = ghirbal(&[
        "diff",
        out.to_str().unwrap_or_default(),
        "--rejects",
        rej.to_str().unwrap_or_default(),
        "--id",
        id,
    ]);
    assert_eq!(d.status.code(), Some(0), "{}", stderr(&d));
    let shown = stdout(&d);
    let kept = near["duplicate_of"].as_str().unwrap_or_default();
    assert!(
        shown.starts_with(&format!("duplicate {id} (near_duplicate, similarity ")),
        "{shown}"
    );
    assert!(
        shown.contains(&format!("of {kept}")) && shown.contains("words: "),
        "{shown}"
    );
    assert!(
        shown.contains("[-") || shown.contains("{+"),
        "the differing words are marked: {shown}"
    );
    // Without --rejects-text and without --input, the texts are not there: said, exit 1.
    let bare = dir.path().join("bare.jsonl");
    ghirbal(&[
        "clean",
        "fixtures/corpus/news.jsonl",
        "-q",
        "-o",
        "/dev/null",
        "--rejects",
        bare.to_str().unwrap_or_default(),
    ]);
    let d = ghirbal(&[
        "diff",
        out.to_str().unwrap_or_default(),
        "--rejects",
        bare.to_str().unwrap_or_default(),
        "--id",
        id,
    ]);
    assert_eq!(d.status.code(), Some(1));
    assert!(stderr(&d).contains("--rejects-text"), "{}", stderr(&d));
}

#[test]
fn a_report_says_what_it_was_made_from_and_what_it_cannot_show() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (cleaned, html) = (dir.path().join("c.jsonl"), dir.path().join("r.html"));
    let o = ghirbal(&[
        "clean",
        "seeds",
        "-q",
        "--no-removed-text",
        "-o",
        cleaned.to_str().unwrap_or_default(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = ghirbal(&[
        "report",
        cleaned.to_str().unwrap_or_default(),
        "-o",
        html.to_str().unwrap_or_default(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&html);
    assert!(
        page.contains(&format!("ghirbal {}", env!("CARGO_PKG_VERSION"))),
        "the version"
    );
    assert!(
        page.contains("id=\"no-rejects\"") && page.contains("id=\"count-rejected\">?<"),
        "no rejects: unknown, not 0"
    );
    assert!(page.contains("id=\"no-removed-text\"") && page.contains("2 records were written with"));
    assert!(
        !embedded(&page)
            .iter()
            .any(|d| d["lines"].to_string().contains("\"headline_list\"")),
        "no removed line to show"
    );
    // With the inputs, the removed lines are shown from them.
    let o = ghirbal(&[
        "report",
        cleaned.to_str().unwrap_or_default(),
        "--input",
        "seeds",
        "-o",
        html.to_str().unwrap_or_default(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(&html);
    assert!(page.contains("shown from the inputs"));
    let seed = embedded(&page)
        .into_iter()
        .find(|d| d["id"] == "000_8df53257c6e777ac")
        .expect("the seed");
    let removed = seed["lines"]
        .as_array()
        .map_or(0, |l| l.iter().filter(|l| l[1] == "headline_list").count());
    assert_eq!(removed, 15, "the 15 headlines struck: {seed}");
}

/// Clean the corpus fixture with its rejects' texts and its stats; the paths of the output, the rejects
/// and the stats.
fn cleaned_news(dir: &Path) -> (String, String, String) {
    let p = |name: &str| dir.join(name).to_str().unwrap_or_default().to_string();
    let (out, rej, stats) = (p("o.jsonl"), p("r.jsonl"), p("s.json"));
    let o = ghirbal(&[
        "clean",
        "fixtures/corpus/news.jsonl",
        "-q",
        "--rejects-text",
        "-o",
        &out,
        "--rejects",
        &rej,
        "--stats",
        &stats,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    (out, rej, stats)
}

/// The documents a report embeds, as its page's script reads them.
fn embedded(page: &str) -> Vec<Value> {
    let open = "<script type=\"application/json\" id=\"data\">";
    let start = page.find(open).expect("data") + open.len();
    let end = start + page[start..].find("</script>").expect("end of data");
    serde_json::from_str(&page[start..end]).expect("data is JSON")
}

#[test]
fn the_report_shows_each_duplicate_against_its_original_when_texts_were_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (out, rej, stats) = cleaned_news(dir.path());
    let html = dir.path().join("r.html").to_str().unwrap_or_default().to_string();
    let o = ghirbal(&["report", &out, &rej, "--stats", &stats, "-o", &html]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = read(Path::new(&html));
    let docs = embedded(&page);
    // Every rejected document is in the page, and every kept document with removals.
    let rejects = records(&read(Path::new(&rej)));
    for r in &rejects {
        assert!(
            docs.iter().any(|d| d["id"] == r["id"] && d["rejected"].is_object()),
            "{r}"
        );
    }
    let changed = records(&read(Path::new(&out)))
        .into_iter()
        .filter(|r| r["removed"].as_array().is_some_and(|a| !a.is_empty()))
        .count();
    assert_eq!(
        docs.iter()
            .filter(|d| d["rejected"].is_null() && d["reasons"] != serde_json::json!([]))
            .count(),
        changed
    );
    // The near duplicate carries both texts word by word, each side's own words marked, and its original.
    let near = docs
        .iter()
        .find(|d| d["rejected"]["reason"] == "near_duplicate")
        .expect("a near duplicate");
    let pair = &near["rejected"]["pair"];
    let kept = near["rejected"]["duplicate_of"].as_str().unwrap_or_default();
    assert!(docs.iter().any(|d| d["id"] == kept), "its original is in the page");
    let side = |k: &str| pair[k].as_array().cloned().unwrap_or_default();
    assert!(
        side("original").iter().any(|r| r[1] == 1) && side("duplicate").iter().any(|r| r[1] == 1),
        "{pair}"
    );
    let text = |k: &str| {
        side(k)
            .iter()
            .map(|r| r[0].as_str().unwrap_or_default().to_string())
            .collect::<String>()
    };
    let reject = rejects.iter().find(|r| r["id"] == near["id"]).expect("its reject");
    assert_eq!(text("duplicate"), reject["text"].as_str().unwrap_or_default());
    // Each cluster member opens its document.
    assert!(page.contains(&format!(
        "class=\"open-doc dup\" data-id=\"{}\"",
        near["id"].as_str().unwrap_or_default()
    )));
    // The run's settings and the figures by reason and by source, from --stats.
    assert!(page.contains("id=\"run-settings\"") && page.contains("near-threshold=0.95"));
    assert!(page.contains("<table id=\"by-reason\">") && page.contains("<table id=\"by-source\">"));
}

#[test]
fn a_rejected_duplicate_opens_beside_its_original_in_a_browser_and_the_filter_counts_are_the_stats() {
    let Some(browser) = chromium() else {
        skip("no chromium");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let (out, rej, stats) = cleaned_news(dir.path());
    let html = dir.path().join("r.html");
    let o = ghirbal(&[
        "report",
        &out,
        &rej,
        "--stats",
        &stats,
        "-o",
        html.to_str().unwrap_or_default(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let near = records(&read(Path::new(&rej)))
        .into_iter()
        .find(|r| r["reason"] == "near_duplicate")
        .expect("a near duplicate");
    let (id, kept) = (
        near["id"].as_str().unwrap_or_default(),
        near["duplicate_of"].as_str().unwrap_or_default(),
    );
    // The view's state is in the URL: opening `#q=ID` shows that document first.
    let page = PathBuf::from(format!("{}#q={id}", html.display()));
    let dom = rendered_dom(&browser, &page, &dir.path().join("profile"));
    assert!(
        dom.contains(&format!("<article class=\"doc rejected opened\" data-id=\"{id}\">")),
        "{}",
        &dom[dom.len().saturating_sub(4000)..]
    );
    assert!(
        dom.contains(&format!("<h3>kept original: {kept}</h3>"))
            && dom.contains(&format!("<h3>this duplicate: {id}</h3>"))
    );
    assert!(
        dom.contains("<mark class=\"only\">"),
        "the words one side alone has are marked"
    );
    // Each reason's count in the filter is the run's --stats figure.
    let stats: Value = serde_json::from_str(&read(Path::new(&stats))).expect("stats JSON");
    let mut options = 0;
    for (reason, n) in stats["by_reason"]
        .as_object()
        .expect("by_reason")
        .iter()
        .map(|(k, v)| (k, &v["documents"]))
        .chain(stats["rejected"].as_object().expect("rejected").iter())
        .filter(|(_, n)| n.as_u64() > Some(0))
    {
        assert!(
            dom.contains(&format!("<option value=\"{reason}\" data-count=\"{n}\">")),
            "{reason}: {n}"
        );
        options += 1;
    }
    assert!(options >= 3, "{options} reasons");
}

#[test]
fn the_stats_the_corpus_report_and_a_duplicate_pairs_diff_read_the_same_from_run_to_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (out, rej, stats) = cleaned_news(dir.path());
    // What changes from run to run is left out: when, and how fast.
    let mut s: Value = serde_json::from_str(&read(Path::new(&stats))).expect("stats JSON");
    s["run"]["started"] = "<started>".into();
    s["run"]["version"] = "<version>".into();
    s["seconds"] = 0.into();
    s["mb_per_s"] = 0.into();
    insta::assert_snapshot!("news_stats", serde_json::to_string_pretty(&s).unwrap_or_default());
    let corpus = dir.path().join("corpus.json");
    let o = ghirbal(&[
        "clean",
        "fixtures/corpus/news.jsonl",
        "-q",
        "-o",
        "/dev/null",
        "--corpus-report",
        corpus.to_str().unwrap_or_default(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut c: Value = serde_json::from_str(&read(&corpus)).expect("corpus report JSON");
    // Bytes of the temporary files depend on the platform's encoding of nothing; the rest must not move.
    for k in ["spill_bytes", "duplicate_table_bytes"] {
        if c.get(k).is_some() {
            c[k] = "<bytes>".into();
        }
    }
    insta::assert_snapshot!(
        "news_corpus_report",
        serde_json::to_string_pretty(&c).unwrap_or_default()
    );
    let near = records(&read(Path::new(&rej)))
        .into_iter()
        .find(|r| r["reason"] == "near_duplicate")
        .expect("a near duplicate");
    let d = ghirbal(&[
        "diff",
        &out,
        "--rejects",
        &rej,
        "--id",
        near["id"].as_str().unwrap_or_default(),
        "--color",
        "never",
    ]);
    assert_eq!(d.status.code(), Some(0), "{}", stderr(&d));
    insta::assert_snapshot!("news_duplicate_diff", stdout(&d));
}
