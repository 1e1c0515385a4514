#!/usr/bin/env bash
# The Python package against the CLI on the same records, same run (issue 14): SaudiNewsNet (70.9 MB of JSON
# Lines), within-page cleaning and the default pipeline; `ghirbal.clean_files` (the CLI's work as a function)
# and `ghirbal.clean` (records in memory: Python dicts in, dicts out, JSON both ways). A release wheel is built
# into a venv in bench/data/venv-python (maturin from PyPI). Then Parquet output next to JSON Lines output.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
venv=bench/data/venv-python
[ -x "$venv/bin/maturin" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q "maturin>=1.5,<2"; }
"$venv/bin/maturin" build --release -q -m python/Cargo.toml -o "$venv/wheels" 2>/dev/null
"$venv/bin/pip" install -q --force-reinstall --no-deps "$venv"/wheels/ghirbal-*.whl
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gzip -dc ../shared/data/saudinewsnet-dev.jsonl.gz > "$out/snn.jsonl"
mb=$(wc -c < "$out/snn.jsonl" | awk '{print $1 / 1e6}')
for mode in "--no-corpus" ""; do
    s=$( { /usr/bin/time -f "%e" target/release/ghirbal clean "$out/snn.jsonl" --text-field content -q -o "$out/c.jsonl" $mode; } 2>&1 | tail -1 )
    awk -v s="$s" -v mb="$mb" -v m="CLI ${mode:-default}" 'BEGIN { printf "%-36s %.2f s  %.1f MB/s\n", m, s, mb / s }'
    "$venv/bin/python" - "$out/snn.jsonl" "$out/p.jsonl" "$mb" "$mode" <<'PY'
import json, sys, time, ghirbal
src, dst, mb, mode = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
opts = {"no_corpus": True} if mode else {}
t = time.perf_counter()
ghirbal.clean_files([src], dst, text_field="content", **opts)
s = time.perf_counter() - t
print(f"{'clean_files ' + (mode or 'default'):36} {s:.2f} s  {mb / s:.1f} MB/s")
records = [json.loads(l) for l in open(src, encoding="utf-8")]
t = time.perf_counter()
cleaned, rejects = ghirbal.clean(records, text_field="content", **opts)
s = time.perf_counter() - t
print(f"{'clean (dicts in, dicts out) ' + (mode or 'default'):36} {s:.2f} s  {mb / s:.1f} MB/s  ({len(cleaned)} kept, {len(rejects)} rejected)")
PY
done
for ext in jsonl parquet; do
    s=$( { /usr/bin/time -f "%e" target/release/ghirbal clean "$out/snn.jsonl" --text-field content -q --no-corpus -o "$out/o.$ext"; } 2>&1 | tail -1 )
    awk -v s="$s" -v mb="$mb" -v m="CLI --no-corpus -o o.$ext" -v size="$(wc -c < "$out/o.$ext")" 'BEGIN { printf "%-36s %.2f s  %.1f MB/s  (%.1f MB written)\n", m, s, mb / s, size / 1e6 }'
done
