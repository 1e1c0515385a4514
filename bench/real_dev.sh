#!/usr/bin/env bash
# Real-page quality and the corpus stage's cost, on ../shared: cleans the whole SaudiNewsNet dev file with
# defaults, prints the real-dev figures (precision, recall, content lost, bylines), then times the default
# run and the within-page run (three runs each, seconds and MB/s).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=target/release/ghirbal
data=../shared/data/saudinewsnet-dev.jsonl.gz
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
$bin clean "$data" --text-field content -q -o "$out/c.jsonl" --rejects "$out/r.jsonl"
# The scorer prints per-source lines after the two overall ones; only those two are shown.
python3 ../shared/tools/score_lines.py "$data" "$out/c.jsonl" "$out/r.jsonl" > "$out/score"
head -2 "$out/score"
mb=$(gzip -dc "$data" | wc -c | awk '{print $1 / 1e6}')
for mode in "" "--no-corpus"; do
    for _ in 1 2 3; do
        s=$( { /usr/bin/time -f "%e" $bin clean "$data" --text-field content -q -o /dev/null $mode; } 2>&1 )
        awk -v s="$s" -v mb="$mb" -v m="${mode:-default}" 'BEGIN { printf "%-12s %.2f s  %.1f MB/s\n", m, s, mb / s }'
    done
done
