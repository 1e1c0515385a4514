//! The corpus stage: site templates, shared paragraphs, duplicate documents.

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

/// The canonical form of a text for an independent exact-duplicate count: letters and digits only,
/// without Arabic diacritics and tatweel, hamza forms folded. Written here apart from `normalize`.
fn canonical(text: &str) -> String {
    text.chars()
        .filter(|c| !('\u{064b}'..='\u{0652}').contains(c) && *c != '\u{0640}')
        .map(|c| match c {
            'أ' | 'إ' | 'آ' => 'ا',
            other => other,
        })
        .filter(|c| c.is_alphanumeric())
        .collect()
}

fn corpus_run(extra: &[&str]) -> (Vec<Value>, Vec<Value>, Output) {
    let dir = tempfile::tempdir().expect("temp dir");
    let rejects = dir.path().join("rejects.jsonl");
    let mut args = vec![
        "clean",
        "-q",
        "fixtures/corpus/news.jsonl",
        "--rejects",
        rejects.to_str().unwrap_or_default(),
    ];
    args.extend(extra);
    let out = ghirbal(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    (records(&stdout(&out)), records(&read(&rejects)), out)
}

#[test]
fn exact_duplicates_match_an_independent_count() {
    let mut seen = std::collections::HashSet::new();
    let mut independent = Vec::new();
    for r in records(&read(&root().join("fixtures/corpus/news.jsonl"))) {
        // The desk's sign-off is boilerplate, removed before documents are compared.
        let text = r["text"]
            .as_str()
            .unwrap_or_default()
            .replace("خدمة الأخبار المحلية", "");
        if !seen.insert(canonical(&text)) {
            independent.push(r["id"].as_str().unwrap_or_default().to_string());
        }
    }
    let (kept, rejected, _) = corpus_run(&[]);
    let exact: Vec<String> = rejected
        .iter()
        .filter(|r| r["reason"] == "exact_duplicate")
        .map(|r| r["id"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(exact, independent);
    assert_eq!(exact.len(), 3);
    let of: Vec<&str> = rejected.iter().filter_map(|r| r["duplicate_of"].as_str()).collect();
    assert_eq!(of, ["n01", "n05", "n01", "n06"]);
    let near = &rejected[3];
    assert_eq!(
        (near["id"].as_str(), near["reason"].as_str()),
        (Some("n12"), Some("near_duplicate"))
    );
    assert!(near["similarity"].as_f64().is_some_and(|s| s >= 0.9));
    assert_eq!(kept.len() + rejected.len(), 12, "every document accounted for");
}

#[test]
fn boilerplate_goes_everywhere_and_a_shared_paragraph_stays_in_the_first() {
    // By default a paragraph several documents share stays in each of them.
    let (kept, _, _) = corpus_run(&[]);
    let stock = "وتأتي هذه الخطوة ضمن سلسلة من المبادرات";
    let holders = kept
        .iter()
        .filter(|r| r["text"].as_str().is_some_and(|t| t.contains(stock)))
        .count();
    assert!(
        holders >= 3,
        "a shared paragraph stays everywhere by default: {holders}"
    );

    let (kept, _, _) = corpus_run(&["--dedup-paragraphs"]);
    let reasons = |r: &Value| -> Vec<String> {
        r["removed"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| x["reason"].as_str())
            .map(str::to_string)
            .collect()
    };
    for r in &kept {
        let text = r["text"].as_str().unwrap_or_default();
        assert!(
            !text.contains("خدمة الأخبار المحلية") && !text.contains("88591"),
            "{}",
            r["id"]
        );
    }
    assert!(reasons(&kept[0]).contains(&"boilerplate".to_string()));
    let with_stock: Vec<&str> = kept
        .iter()
        .filter(|r| r["text"].as_str().is_some_and(|t| t.contains(stock)))
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(with_stock, ["n02"], "kept in the first document that has it");
    for id in ["n03", "n04"] {
        let r = kept.iter().find(|r| r["id"] == id).cloned().unwrap_or(Value::Null);
        assert!(reasons(&r).contains(&"duplicate_paragraph".to_string()), "{r}");
        let removal = r["removed"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|x| x["reason"] == "duplicate_paragraph")
            .cloned()
            .unwrap_or(Value::Null);
        // n02, the second document of the input, keeps it.
        assert_eq!(removal["evidence"]["first_document"], 1, "{removal}");
        assert_eq!(removal["evidence"]["documents"], 3, "{removal}");
    }
}

#[test]
fn the_corpus_report_lists_boilerplate_and_clusters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let report = dir.path().join("report.json");
    corpus_run(&["--corpus-report", report.to_str().unwrap_or_default()]);
    let r: Value = serde_json::from_str(&read(&report)).expect("report JSON");
    let first = &r["paragraphs"][0];
    assert_eq!(
        (first["text"].as_str(), first["documents"].as_u64()),
        (Some("خدمة الأخبار المحلية"), Some(6))
    );
    assert_eq!(first["verdict"], "boilerplate");
    let clusters = r["clusters"].as_array().cloned().unwrap_or_default();
    assert_eq!(clusters.len(), 3);
    assert_eq!(
        (clusters[0]["kept"].as_str(), clusters[0]["size"].as_u64()),
        (Some("n01"), Some(3))
    );
    // The duplicate table holds an entry (24 bytes) per duplicate and one (4) per cluster's first document.
    let duplicates: usize = clusters
        .iter()
        .map(|c| c["duplicates"].as_array().map_or(0, Vec::len))
        .sum();
    assert_eq!(duplicates, 4);
    assert_eq!(r["duplicate_table_bytes"], 4 * 24 + 3 * 4);
    assert!(r["spill_bytes"].as_u64().is_some_and(|b| b > 0));
}

#[test]
fn each_part_of_the_corpus_stage_can_be_turned_off() {
    let (kept, rejected, _) = corpus_run(&["--no-corpus"]);
    assert_eq!((kept.len(), rejected.len()), (12, 0));
    assert!(kept
        .iter()
        .any(|r| r["text"].as_str().is_some_and(|t| t.contains("خدمة الأخبار المحلية"))));

    let (_, rejected, _) = corpus_run(&["--no-near-dedup"]);
    assert!(rejected.iter().all(|r| r["reason"] == "exact_duplicate"));

    // Without the exact pass, identical documents are still near duplicates (similarity 1).
    let (_, rejected, _) = corpus_run(&["--no-exact-dedup"]);
    assert_eq!(rejected.len(), 4);
    assert!(rejected.iter().all(|r| r["reason"] == "near_duplicate"));

    let (kept, rejected, _) = corpus_run(&["--no-boilerplate"]);
    assert_eq!(rejected.len(), 4);
    assert!(kept
        .iter()
        .any(|r| r["text"].as_str().is_some_and(|t| t.contains("خدمة الأخبار المحلية"))));
}

/// Exact duplicates alone are found in one pass, by the writer: the same documents as the full stage
/// calls exact duplicates, each naming the first document with its text, and stdin is not spooled.
#[test]
fn exact_duplicates_alone_take_one_pass() {
    let (_, full, _) = corpus_run(&[]);
    let (kept, exact, _) = corpus_run(&["--no-near-dedup", "--no-boilerplate"]);
    let ids = |rs: &[Value]| -> Vec<String> {
        rs.iter()
            .filter(|r| r["reason"] == "exact_duplicate")
            .map(|r| r["id"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(ids(&exact), ids(&full));
    assert_eq!(exact.len(), 3);
    let of: Vec<&str> = exact.iter().filter_map(|r| r["duplicate_of"].as_str()).collect();
    assert_eq!(of, ["n01", "n05", "n01"]);
    assert_eq!(kept.len() + exact.len(), 12, "every document accounted for");
    // One pass: stdin is read once, with no temporary copy (there is no temporary folder to make one in).
    let input = read(&root().join("fixtures/corpus/news.jsonl"));
    let out = ghirbal_stdin_env(
        &[
            "clean",
            "-q",
            "--no-near-dedup",
            "--no-boilerplate",
            "-",
            "--rejects",
            "/dev/stdout",
        ],
        input.as_bytes(),
        &[("TMPDIR", "/nonexistent/ghirbal-test")],
    );
    assert_eq!(ids(&records(&stdout(&out))), ids(&exact));
}

/// `--dedup-only` drops duplicate documents and touches nothing else: every kept record's text is its
/// input's lines, trimmed, with no removal.
#[test]
fn dedup_only_keeps_each_text_whole() {
    let (kept, rejected, _) = corpus_run(&["--dedup-only"]);
    assert_eq!(rejected.len(), 4);
    assert_eq!(kept.len(), 8);
    let inputs: std::collections::HashMap<String, String> = records(&read(&root().join("fixtures/corpus/news.jsonl")))
        .into_iter()
        .map(|r| {
            let text: Vec<&str> = r["text"]
                .as_str()
                .unwrap_or_default()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            (r["id"].as_str().unwrap_or_default().to_string(), text.join("\n"))
        })
        .collect();
    for r in &kept {
        let id = r["id"].as_str().unwrap_or_default();
        assert_eq!(r["text"].as_str(), inputs.get(id).map(String::as_str), "{id}");
        assert_eq!(r["removed"].as_array().map(Vec::len), Some(0), "{id}");
    }
    let (_, exact, _) = corpus_run(&["--dedup-only", "--no-near-dedup"]);
    assert!(exact.iter().all(|r| r["reason"] == "exact_duplicate"));
    let out = ghirbal(&["clean", "--dedup-only", "--no-corpus", "fixtures/corpus/news.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--dedup-only needs duplicates"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_corpus_stage_is_deterministic_and_reads_stdin_twice() {
    let one = corpus_run(&["--threads", "1"]).2.stdout;
    assert!(
        one == corpus_run(&["--threads", "4"]).2.stdout,
        "1 and 4 threads differ"
    );

    let out = ghirbal_stdin(
        &["clean", "-q", "-"],
        read(&root().join("fixtures/corpus/news.jsonl")).as_bytes(),
    );
    assert_eq!(texts(&stdout(&out)), texts(&String::from_utf8_lossy(&one)));
}

/// The records kept when a JSON Lines fixture whose text is in `content` is cleaned with the defaults.
fn clean_content(fixture: &str) -> Vec<Value> {
    let out = ghirbal(&["clean", fixture, "--text-field", "content", "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    records(&stdout(&out))
}

/// A site's «<site> – <city>» line goes as a template (with its evidence) on every page, while a recurring
/// subheading that introduces the paragraph after it stays; one JSON record's pages are one site by `url`.
/// (The site's name is one no lexicon reads: «صحيفة …» beside a city is a credit each page's own rules take.)
#[test]
fn a_site_template_goes_and_a_recurring_subheading_stays() {
    let kept = clean_content("fixtures/templates/site.jsonl");
    assert_eq!(kept.len(), 12);
    for r in &kept {
        let text = r["text"].as_str().unwrap_or_default();
        assert!(!text.contains("شبكة المرصد"), "{}: the site line stays", r["id"]);
        assert!(text.contains("أداء القطاعات"), "{}: the subheading went", r["id"]);
        let evidence = &r["removed"][0]["evidence"];
        assert_eq!(evidence["rule"], "template", "{r}");
        assert_eq!(evidence["kind"], "slot", "{r}");
        assert_eq!(evidence["documents"], 12, "{r}");
    }
    // Without the corpus stage nothing is learned, and the site line stays.
    let out = ghirbal(&[
        "clean",
        "fixtures/templates/site.jsonl",
        "--text-field",
        "content",
        "-q",
        "--no-corpus",
    ]);
    let kept = records(&stdout(&out));
    assert!(kept
        .iter()
        .all(|r| r["text"].as_str().is_some_and(|t| t.contains("شبكة المرصد"))));
}

/// A writer's email under twelve columns of one site: eight pages take it for their contact block
/// themselves, and those copies count toward the site's template, which takes it from the other four.
#[test]
fn furniture_a_page_took_itself_counts_toward_its_sites_template() {
    let kept = clean_content("fixtures/templates/columns.jsonl");
    assert_eq!(kept.len(), 12);
    for r in &kept {
        assert!(
            !r["text"].as_str().unwrap_or_default().contains("@example.com"),
            "{}: the email stays",
            r["id"]
        );
        let first = &r["removed"][0];
        let by_page = r["id"].as_str().is_some_and(|id| id < "c08");
        if by_page {
            assert_eq!(first["reason"], "footer", "{r}");
        } else {
            assert_eq!(first["reason"], "boilerplate", "{r}");
            assert_eq!(first["evidence"]["documents"], 12, "{r}");
        }
    }
}

#[test]
fn the_stats_add_up_by_reason_and_by_source() {
    let dir = tempfile::tempdir().expect("temp dir");
    let stats = dir.path().join("stats.json");
    let out = ghirbal(&[
        "clean",
        "fixtures/corpus/news.jsonl",
        "seeds",
        "-q",
        "-o",
        "/dev/null",
        "--stats",
        stats.to_str().unwrap_or_default(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let s: Value = serde_json::from_str(&read(&stats)).expect("stats JSON");
    let n = |v: &Value| v.as_u64().unwrap_or(0);
    let sources = s["by_source"].as_object().cloned().unwrap_or_default();
    assert!(sources.len() >= 2, "{s}");
    for (field, total) in [
        ("documents", "docs_read"),
        ("kept", "docs_kept"),
        ("rejected", "docs_rejected"),
        ("lines_kept", "lines_kept"),
    ] {
        let sum: u64 = sources.values().map(|v| n(&v[field])).sum();
        assert_eq!(sum, n(&s[total]), "{field}: {s}");
    }
    let reasons = s["by_reason"].as_object().cloned().unwrap_or_default();
    for (reason, counts) in &reasons {
        assert_eq!(n(&counts["lines"]), n(&s["lines_removed"][reason]), "{reason}");
        assert!(n(&counts["documents"]) <= n(&s["docs_kept"]));
        assert_eq!(n(&counts["lines"]) == 0, n(&counts["characters"]) == 0, "{reason}");
    }
    let removed_lines: u64 = sources.values().map(|v| n(&v["lines_removed"])).sum();
    let kept_docs_removed: u64 = reasons.values().map(|v| n(&v["lines"])).sum();
    assert!(
        removed_lines >= kept_docs_removed,
        "by source counts rejected documents' lines too"
    );
}

/// The records kept when `lines` (JSON objects, one a line) are cleaned with the defaults.
fn clean_json_lines(lines: &[String]) -> Vec<Value> {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("input.jsonl");
    std::fs::write(&input, lines.join("\n") + "\n").expect("write input");
    let out = ghirbal(&["clean", input.to_str().unwrap_or_default(), "-q"]);
    assert!(out.status.success(), "{}", stderr(&out));
    records(&stdout(&out))
}

/// A line shared by many pages is boilerplate when it has words; a section's number alone («(2)», over the
/// section's heading) recurs by chance and stays.
#[test]
fn a_shared_number_is_no_boilerplate() {
    let topics = ["الاقتصاد", "التعليم", "الصحة", "النقل", "الزراعة", "السياحة"];
    let lines: Vec<String> = topics
        .iter()
        .enumerate()
        .map(|(k, topic)| {
            let text = [
                format!("ناقش المجلس في جلسته رقم {k} خطة جديدة لقطاع {topic} تمتد خمس سنوات وتشمل مشاريع كثيرة."),
                "(1)".to_string(),
                format!("وقال المسؤول عن ملف {topic} إن التنفيذ يبدأ في الربع {k} من العام بعد إقرار الميزانية."),
                "الجلسة الصباحية للمجلس".to_string(),
                "(2)".to_string(),
                format!("لجنة {topic}"),
                format!("وأضاف أن لجنة {topic} سترفع تقريرها الأول إلى المجلس خلال {k} أشهر من بدء العمل بالخطة."),
            ]
            .join("\n");
            serde_json::json!({ "id": format!("d{k}"), "text": text }).to_string()
        })
        .collect();
    let kept = clean_json_lines(&lines);
    assert_eq!(kept.len(), topics.len());
    for r in &kept {
        let text = r["text"].as_str().unwrap_or_default();
        assert!(text.contains("(1)") && text.contains("(2)"), "{r}");
        assert!(!text.contains("الجلسة الصباحية"), "{r}");
        assert_eq!(r["removed"][0]["evidence"]["rule"], "shared", "{r}");
    }
}

/// A series' list of its episodes under each one: headlines of twelve words, as long as a short paragraph
/// but without a closing stop, so the last paragraph of the article stays the one above them, and every
/// episode's line goes as the site's template.
#[test]
fn a_list_of_long_headlines_below_the_article_goes_as_template() {
    let places = ["العلا", "تبوك", "أبها", "الطائف", "جازان", "نجران"];
    let episodes: Vec<String> = places
        .iter()
        .enumerate()
        .map(|(k, place)| {
            format!(
                "رحلات الصيف ({}): يوم طويل في {place} بين الجبال والوديان والقرى القديمة",
                k + 1
            )
        })
        .collect();
    let lines: Vec<String> =
        places
            .iter()
            .enumerate()
            .map(|(k, place)| {
                let mut text =
                    vec![
                format!("وصلنا إلى {place} في الصباح الباكر بعد رحلة طويلة عبر الطريق السريع، وكان الجو معتدلا."),
                format!("زرنا في {place} السوق القديم والتقينا بأهلها الذين حدثونا عن تاريخ المدينة وعاداتها الجميلة."),
                format!("وفي المساء عدنا إلى الفندق ونحن نخطط لليوم التالي من الرحلة رقم {}.", k + 1),
            ];
                text.extend(episodes.iter().cloned());
                serde_json::json!({
                    "id": format!("e{k}"),
                    "url": format!("https://rihlat.example/series/{k}"),
                    "title": format!("رحلات الصيف ({}): {place}", k + 1),
                    "text": text.join("\n"),
                })
                .to_string()
            })
            .collect();
    let kept = clean_json_lines(&lines);
    assert_eq!(kept.len(), places.len());
    for r in &kept {
        let text = r["text"].as_str().unwrap_or_default();
        assert_eq!(text.lines().count(), 3, "{r}");
        assert!(!text.contains("رحلات الصيف"), "{r}");
        let removed = r["removed"].as_array().map(Vec::as_slice).unwrap_or_default();
        assert!(removed.iter().all(|x| x["evidence"]["rule"] == "template"), "{r}");
    }
}
