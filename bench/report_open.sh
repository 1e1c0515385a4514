#!/usr/bin/env bash
# The report of SaudiNewsNet's dev file: its size, and how long headless Chromium takes to have it ready
# (the page records `data-ready-ms`, from navigation start to its first render).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
bin=target/release/ghirbal
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
$bin clean ../shared/data/saudinewsnet-dev.jsonl.gz --text-field content -q -o "$out/c.jsonl" --rejects "$out/r.jsonl" --rejects-text --stats "$out/s.json"
$bin report "$out/c.jsonl" "$out/r.jsonl" --stats "$out/s.json" -o "$out/report.html"
size=$(stat -c %s "$out/report.html")
for _ in 1 2 3; do
    ms=$(chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$out/profile-$RANDOM" --dump-dom "file://$out/report.html" 2>/dev/null \
        | grep -o 'data-ready-ms="[0-9]*"' | grep -o '[0-9]*')
    echo "report $((size / 1000000)).$(((size % 1000000) / 100000)) MB, ready in ${ms} ms"
done
