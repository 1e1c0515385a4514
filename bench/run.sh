#!/usr/bin/env bash
# ghirbal throughput / memory benchmark.
#
#   bash bench/run.sh [MB]          (default 520)
#
# Builds the release binary, makes bench/data/dump-<MB> (deterministic, see
# bench/make_dump.py) if it is missing, then times `ghirbal clean` over
#   quarter   about 1/4 of the dump (the first page directories in sorted order)
#   full      the whole dump
#   full-j1   the whole dump with --threads 1
#   page-only the whole dump with --no-corpus (within-page cleaning only)
# and prints a table: input MB, pages, seconds, MB/s (from ghirbal's --stats JSON)
# and the peak RSS of the ghirbal process (bench/measure.py). The table is also
# saved to bench/data/results-<MB>-<commit>.txt.
#
# Environment:
#   GHIRBAL=path   benchmark this binary instead of building one (no cargo run)
#   BENCH_DATA=path  articles file for make_dump.py (default: its own default)
set -euo pipefail

MB="${1:-520}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

OUT=bench/data
DUMP="$OUT/dump-$MB"
mkdir -p "$OUT"

if [[ -n "${GHIRBAL:-}" ]]; then
    BIN="$GHIRBAL"
else
    cargo build --release
    BIN="$ROOT/target/release/ghirbal"
fi
[[ -x "$BIN" ]] || { echo "run.sh: no executable at $BIN" >&2; exit 1; }

# (Re)make the dump when it is missing, incomplete, or from an older page layout.
if ! python3 - "$DUMP" <<'EOF'
import json, os, sys
sys.path.insert(0, "bench")
import make_dump
try:
    with open(os.path.join(sys.argv[1], make_dump.INFO_NAME), encoding="utf-8") as f:
        ok = json.load(f).get("format_version") == make_dump.FORMAT_VERSION
except OSError:
    ok = False
sys.exit(0 if ok else 1)
EOF
then
    echo "== making $DUMP" >&2
    python3 bench/make_dump.py --force --mb "$MB" ${BENCH_DATA:+--data "$BENCH_DATA"} "$DUMP"
fi

# About a quarter of the dump: whole rounds while they fit, then page directories of the next one.
mapfile -t QUARTER < <(python3 - "$DUMP" <<'EOF'
import json, os, sys
dump = sys.argv[1]
with open(os.path.join(dump, "DUMP_INFO.json"), encoding="utf-8") as f:
    info = json.load(f)
goal, acc, picked = info["bytes"] / 4, 0, []
for rel, d in info["dirs"].items():
    if acc >= goal:
        break
    picked.append(rel)
    acc += d["bytes"]
by_round = {}
for rel in info["dirs"]:
    by_round.setdefault(rel.split("/")[0], []).append(rel)
for rnd, rels in by_round.items():
    chosen = [r for r in rels if r in picked]
    if chosen == rels:
        print(os.path.join(dump, rnd))
    else:
        for r in chosen:
            print(os.path.join(dump, r))
EOF
)

# Read every page once so all runs see the same (warm) page cache.
echo "== warming the page cache" >&2
find "$DUMP" -name '*.txt' -print0 | xargs -0 cat > /dev/null

# The cleaned records go to stdout (`-o -`), which measure.py points at /dev/null. Not `-o /dev/null`:
# ghirbal builds before 8b0bef0 write -o through a temporary file renamed over the destination, which,
# run as root, replaces the /dev/null device with a plain file; stdout is safe with any commit.
run() {  # run NAME ARGS...  (ARGS: inputs and extra flags for ghirbal clean)
    local name="$1"; shift
    echo "== $name" >&2
    python3 bench/measure.py --json "$OUT/measure-$MB-$name.json" --stdout /dev/null -- \
        "$BIN" clean "$@" -o - --stats "$OUT/stats-$MB-$name.json" -q >&2
}

run quarter "${QUARTER[@]}"
run full "$DUMP"
run full-j1 "$DUMP" --threads 1
# Within-page cleaning only (no corpus stage): one pass instead of three.
run page-only "$DUMP" --no-corpus

COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then COMMIT="$COMMIT-dirty"; fi
RESULTS="$OUT/results-$MB-$COMMIT.txt"

python3 - "$OUT" "$MB" "$COMMIT" "$BIN" <<'EOF' | tee "$RESULTS"
import json, os, platform, subprocess, sys
out, mb, commit, binary = sys.argv[1:]
cpu = "?"
try:
    with open("/proc/cpuinfo") as f:
        cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
except (OSError, StopIteration):
    pass
try:
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
except OSError:
    version = "?"
print(f"ghirbal bench: {version}, commit {commit}, dump-{mb}, {os.cpu_count()} cpus ({cpu}), {platform.system()}")
print(f"{'run':<9} {'input_MB':>9} {'pages':>8} {'seconds':>8} {'MB/s':>7} {'peak_RSS_MiB':>12} {'wall_s':>7}")
rss = {}
for name in ("quarter", "full", "full-j1", "page-only"):
    with open(os.path.join(out, f"stats-{mb}-{name}.json")) as f:
        s = json.load(f)
    with open(os.path.join(out, f"measure-{mb}-{name}.json")) as f:
        m = json.load(f)
    rss[name] = m["peak_rss_mb"]
    print(f"{name:<9} {s['bytes_read'] / 1e6:>9.1f} {s['docs_read']:>8} {s['seconds']:>8.2f} "
          f"{s['mb_per_s']:>7.1f} {m['peak_rss_mb']:>12.1f} {m['wall_s']:>7.2f}")
if rss.get("quarter"):
    print(f"peak RSS full/quarter: {rss['full'] / rss['quarter']:.2f}x (flat memory: close to 1)")
EOF
echo "(saved to $RESULTS)" >&2
