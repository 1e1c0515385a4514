#!/usr/bin/env bash
# Whole web pages (issue 10): word precision, recall and F1 per language on ../shared/data/pages-multilang
# (400 news pages' whole visible text, gold article), with the page model and without it; what the page
# model costs: within-page cleaning of the same pages twenty times over (119 MB), with and without it, five
# runs each, interleaved (wall seconds, MB/s); then the same pages as HTML (html/*.html.gz), read with each
# --html-extractor (page-model, the default; readability): ghirbal against Python trafilatura (2 processes,
# installed in bench/data/venv-trafilatura on first use), F1, and MB/s of HTML in by the medians of runs
# alternated over three rounds.
# Each page is scored on its own: document dedup is off.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=target/release/ghirbal
pages=../shared/data/pages-multilang/pages.jsonl
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for mode in "" "--no-whole-pages"; do
    echo "== ${mode:-page model on} =="
    $bin clean "$pages" -q --no-exact-dedup --no-near-dedup $mode -o "$out/c.jsonl"
    python3 ../shared/tools/score_words.py "$pages" "$out/c.jsonl"
done
echo "== keep everything =="
python3 ../shared/tools/score_words.py "$pages" - > "$out/k.score"
head -1 "$out/k.score"
for _ in $(seq 20); do cat "$pages"; done > "$out/x20.jsonl"
mb=$(wc -c < "$out/x20.jsonl" | awk '{print $1 / 1e6}')
echo "== within-page cleaning of ${mb} MB of whole pages (runs interleaved) =="
for _ in 1 2 3 4 5; do
    for mode in "" "--no-whole-pages"; do
        s=$( { /usr/bin/time -f "%e" $bin clean "$out/x20.jsonl" --no-corpus -q -o /dev/null $mode; } 2>&1 | tail -1 )
        awk -v s="$s" -v mb="$mb" -v m="${mode:-page model on}" 'BEGIN { printf "%-18s %.2f s  %.1f MB/s\n", m, s, mb / s }'
    done
done

html=../shared/data/pages-multilang/html
hmb=$(for f in "$html"/*.gz; do gzip -dc "$f"; done | wc -c | awk '{print $1 / 1e6}')
echo "== HTML in: ${hmb} MB of HTML (default: --html-extractor page-model) =="
$bin clean "$html" -q --no-exact-dedup --no-near-dedup -o "$out/h.jsonl"
python3 ../shared/tools/score_words.py "$pages" "$out/h.jsonl"
echo "== HTML in, --html-extractor readability =="
$bin clean "$html" -q --no-exact-dedup --no-near-dedup --html-extractor readability -o "$out/p.jsonl"
python3 ../shared/tools/score_words.py "$pages" "$out/p.jsonl"
venv=bench/data/venv-trafilatura
[ -x "$venv/bin/python" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q trafilatura lxml_html_clean; }
echo "== trafilatura (Python, 2 processes) =="
"$venv/bin/python" bench/peers/trafilatura_pages.py "$html" "$out/t.jsonl" 2 > /dev/null
python3 ../shared/tools/score_words.py "$pages" "$out/t.jsonl" | head -1
# A run of ghirbal takes a third of a second, where this machine's noise is a tenth: three rounds, each
# trafilatura once and each ghirbal mode three times, and the medians compared.
echo "== speed: 3 rounds, medians (wall seconds) =="
secs() { { /usr/bin/time -f "%e" "$@" > /dev/null; } 2>&1 | tail -1; }
: > "$out/g.s"; : > "$out/r.s"; : > "$out/t.s"
for _ in 1 2 3; do
    "$venv/bin/python" bench/peers/trafilatura_pages.py "$html" "$out/t.jsonl" 2 >> "$out/t.s"
    for _ in 1 2 3; do
        secs $bin clean "$html" -q --no-exact-dedup --no-near-dedup -o "$out/h.jsonl" >> "$out/g.s"
        secs $bin clean "$html" -q --no-exact-dedup --no-near-dedup --html-extractor readability -o "$out/p.jsonl" >> "$out/r.s"
    done
done
median() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
g=$(median "$out/g.s"); p=$(median "$out/r.s"); t=$(median "$out/t.s")
awk -v s="$g" -v mb="$hmb" -v all="$(sort -n "$out/g.s" | tr '\n' ' ')" 'BEGIN { printf "ghirbal              %.2f s  %5.1f MB/s of HTML  (runs: %s)\n", s, mb / s, all }'
awk -v s="$p" -v mb="$hmb" -v all="$(sort -n "$out/r.s" | tr '\n' ' ')" 'BEGIN { printf "ghirbal readability  %.2f s  %5.1f MB/s of HTML  (runs: %s)\n", s, mb / s, all }'
awk -v s="$t" -v mb="$hmb" -v all="$(sort -n "$out/t.s" | tr '\n' ' ')" 'BEGIN { printf "trafilatura          %.2f s  %5.1f MB/s of HTML  (runs: %s)\n", s, mb / s, all }'
awk -v t="$t" -v g="$g" -v p="$p" 'BEGIN { printf "ghirbal %.1fx trafilatura'"'"'s speed, %.1fx with readability (medians)\n", t / g, t / p }'
