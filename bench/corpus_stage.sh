#!/usr/bin/env bash
# The corpus stage's cost and its peers, in one run on this machine (issue 13's figures):
#   1. within-page MB/s (--no-corpus), default MB/s and their ratio, on SaudiNewsNet (70.9 MB) and on a
#      ~1 GB corpus made from it (bench/make_corpus.py, 14 rounds);
#   2. exact duplicates only (--dedup-only --no-near-dedup, one pass) against dolma's deduper (a bloom
#      filter over the raw text) on the same 1 GB of .jsonl.gz files;
#   3. MinHash near duplicates (--dedup-only) against datatrove's four-stage MinHash on round 0 (70.9 MB);
#   4. with MERGE_SCALE=1: `ghirbal merge` wall time and peak RSS on synthetic sketch sets of 1, 10 and 50
#      million documents (examples/sketch_sets.rs; 50 M needs ~25 GB of disk and ~5 minutes).
# Peers are installed in venvs under bench/data on first use (PyPI). Each run is timed once per line
# (wall seconds from /usr/bin/time, MB = 10^6 bytes of uncompressed input); rerun to see the spread.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q --example sketch_sets
bin=target/release/ghirbal
data=bench/data
snn=../shared/data/saudinewsnet-dev.jsonl.gz
big=$data/snn-14
[ -f "$big/documents/part-13.jsonl.gz" ] || python3 bench/make_corpus.py 14 "$big"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # label MB command...
    local label=$1 mb=$2; shift 2
    local s
    /usr/bin/time -o "$tmp/time" -f "%e %M" "$@" >/dev/null 2>"$tmp/stderr" || { cat "$tmp/stderr" >&2; return 1; }
    s=$(tail -1 "$tmp/time")
    awk -v l="$label" -v s="${s% *}" -v m="${s#* }" -v mb="$mb" \
        'BEGIN { printf "%-44s %7.2f s %8.1f MB/s %7.1f MiB\n", l, s, mb / s, m / 1024 }'
    echo "${s% *}" > "$tmp/last"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%-44s %7.2f\n", "  ratio default / within-page speed", a / b }'; }

echo "== within-page and default =="
mb=$(gzip -dc "$snn" | wc -c | awk '{print $1 / 1e6}')
run "SaudiNewsNet --no-corpus" "$mb" $bin clean "$snn" --text-field content -q -o /dev/null --no-corpus
w=$(cat "$tmp/last")
run "SaudiNewsNet default" "$mb" $bin clean "$snn" --text-field content -q -o /dev/null
ratio "$w" "$(cat "$tmp/last")"
bigmb=$(cat "$big"/documents/*.gz | gzip -dc | wc -c | awk '{print $1 / 1e6}')
run "1 GB corpus --no-corpus" "$bigmb" $bin clean "$big/documents" -q -o /dev/null --no-corpus
w=$(cat "$tmp/last")
run "1 GB corpus default" "$bigmb" $bin clean "$big/documents" -q -o /dev/null
ratio "$w" "$(cat "$tmp/last")"

echo "== exact duplicates only, 1 GB corpus =="
[ -x "$data/venv-dolma/bin/dolma" ] || { python3 -m venv "$data/venv-dolma" && "$data/venv-dolma/bin/pip" install -q dolma; }
run "ghirbal --dedup-only --no-near-dedup" "$bigmb" $bin clean "$big/documents" -q -o "$tmp/exact.jsonl" --dedup-only --no-near-dedup
g=$(cat "$tmp/last")
rm -rf "$big/attributes" "$tmp/bloom"
run "dolma dedupe (documents, 2 processes)" "$bigmb" "$data/venv-dolma/bin/dolma" dedupe \
    --documents "$PWD/$big/documents/*.jsonl.gz" --dedupe.name exact --dedupe.documents.key '$.text' \
    --dedupe.documents.attribute_name duplicate --dedupe.skip_empty --bloom_filter.file "$tmp/bloom" \
    --no-bloom_filter.read_only --bloom_filter.estimated_doc_count 300000 \
    --bloom_filter.desired_false_positive_rate 0.000001 --processes 2
awk -v g="$g" -v d="$(cat "$tmp/last")" 'BEGIN { printf "%-44s %7.2f\n", "  ghirbal speed / dolma speed", d / g }'
rm -rf "$big/attributes"

echo "== MinHash near duplicates, round 0 (SaudiNewsNet) =="
[ -x "$data/venv-datatrove/bin/python" ] || { python3 -m venv "$data/venv-datatrove" && "$data/venv-datatrove/bin/pip" install -q "datatrove[processing]" orjson spacy; }
mkdir -p "$tmp/r0" && cp "$big/documents/part-00.jsonl.gz" "$tmp/r0/"
run "ghirbal --dedup-only" "$mb" $bin clean "$tmp/r0" -q -o "$tmp/near.jsonl" --dedup-only
g=$(cat "$tmp/last")
run "datatrove MinHash, 4 stages, 2 workers" "$mb" "$data/venv-datatrove/bin/python" bench/peers/datatrove_minhash.py "$tmp/r0" "$tmp/dt" 2
awk -v g="$g" -v d="$(cat "$tmp/last")" 'BEGIN { printf "%-44s %7.2f\n", "  ghirbal speed / datatrove speed", d / g }'

if [ "${MERGE_SCALE:-0}" = 1 ]; then
    echo "== ghirbal merge on synthetic sketch sets =="
    for m in 1 10 50; do
        rm -f "$data"/sketches-*.sk
        target/release/examples/sketch_sets $((m * 1000000)) $((m < 8 ? 8 : 32)) "$data/sketches" 2>/dev/null
        printf "%-12s " "${m} M docs"
        python3 bench/measure.py -- $bin merge "$data"/sketches-*.sk -o "$tmp/dedup.idx" 2>/dev/null
    done
    rm -f "$data"/sketches-*.sk
fi
