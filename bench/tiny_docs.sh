#!/usr/bin/env bash
# False near-duplicates among distinct tiny documents: N (default 1,000,000) documents of three words,
# all different («خبر 17 عاجل»), each one word 5-gram... one shingle. A 32-bit shingle hash gives about
# N²/2³³ colliding pairs (116 at a million); the check signature must bring that to 0. Prints the count
# of near_duplicate rejects (must be 0) and the run's time, with and without near-duplicate detection
# (the difference is MinHash and its check).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
cargo build --release -q
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 -c "
import json, sys
with open('$dir/tiny.jsonl', 'w') as f:
    for i in range($n):
        f.write(json.dumps({'id': str(i), 'text': f'خبر {i} عاجل'}, ensure_ascii=False) + '\n')
"
bin=target/release/ghirbal
t0=$(date +%s.%N)
$bin clean "$dir/tiny.jsonl" -q --no-boilerplate -o /dev/null --rejects "$dir/rej.jsonl"
t1=$(date +%s.%N)
$bin clean "$dir/tiny.jsonl" -q --no-boilerplate --no-near-dedup -o /dev/null
t2=$(date +%s.%N)
near=$(grep -c '"near_duplicate"' "$dir/rej.jsonl" || true)
exact=$(grep -c '"exact_duplicate"' "$dir/rej.jsonl" || true)
echo "documents $n, near_duplicate rejects $near, exact_duplicate rejects $exact"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "with near-duplicate detection %.2f s, without %.2f s\n", b - a, c - b }'
