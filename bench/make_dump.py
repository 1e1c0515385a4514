#!/usr/bin/env python3
"""Build a deterministic dump of scraped-looking Arabic news pages for benchmarking ghirbal.

    python3 bench/make_dump.py [--data PATH] [--mb 520] [--force] OUT_DIR

Each article of the SaudiNewsNet sample (one JSON object per line: source, url,
date_extracted, title, author, content) becomes one page file, dressed the way the
scraped pages in seeds/ and pages-dev/ look:

    [ date YYYY-MM-DD URL]            header line, sometimes
    [- headline x 5..15]              other articles' titles, sometimes
    title                             sometimes twice
    [author]                          byline, when the article has one
    paragraph                         content lines, sometimes blank lines between
    ...
    [title + body again]              about half the pages

The articles are cycled in rounds until the dump holds at least --mb megabytes
(1 MB = 10^6 bytes, as in ghirbal's stats); every page's choices come from
random.Random(f"{round}:{index}"), so rounds differ from each other and the dump
is byte-identical from run to run. Files go to
OUT_DIR/<round:02d>/<index//1000:03d>/<round:02d>_<index:05d>.txt and a summary,
OUT_DIR/DUMP_INFO.json (not a *.txt, so ghirbal never reads it), is written last:
its presence means the dump is complete.

Only the article titles are held in memory (for the headline lists); the gzip file
is streamed once per round.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

DEFAULT_DATA = "/work/shared/data/saudinewsnet-dev.jsonl.gz"
INFO_NAME = "DUMP_INFO.json"
FORMAT_VERSION = 1  # bump when the page layout below changes

# How often each optional part appears.
P_HEADER = 0.6
P_HEADLINES = 0.35
P_TITLE_TWICE = 0.4
P_BLANK_LINES = 0.35
P_REPEAT_TAIL = 0.5
HEADLINE_WINDOW = 300  # headlines come from articles near this one (same site, same days)


def articles(path: str):
    """Stream (index, article) pairs from the gzipped JSON Lines file."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        index = 0
        for line in f:
            if not line.strip():
                continue
            yield index, json.loads(line)
            index += 1


def render(rnd: int, index: int, art: dict, titles: list[str]) -> str:
    rng = random.Random(f"{rnd}:{index}")
    title = (art.get("title") or "").strip()
    author = (art.get("author") or "").strip()
    paragraphs = [p.strip() for p in (art.get("content") or "").split("\n")]
    paragraphs = [p for p in paragraphs if p]

    lines: list[str] = []
    if rng.random() < P_HEADER:
        date = (art.get("date_extracted") or "")[:10]
        lines.append(f" date {date} {art.get('url') or ''}".rstrip())
    if rng.random() < P_HEADLINES and len(titles) > 1:
        k = rng.randint(5, 15)
        lo = max(0, index - HEADLINE_WINDOW)
        hi = min(len(titles), index + HEADLINE_WINDOW + 1)
        picks = rng.sample(range(lo, hi), min(k + 1, hi - lo))
        picks = [i for i in picks if i != index and titles[i]][:k]
        lines.extend(f"- {titles[i]}" for i in picks)
    if title:
        lines.append(title)
        if rng.random() < P_TITLE_TWICE:
            lines.append(title)
    if author:
        lines.append(author)
    sep = "\n\n" if rng.random() < P_BLANK_LINES else "\n"
    body = sep.join(paragraphs)
    if body:
        lines.append(body)
    if rng.random() < P_REPEAT_TAIL and paragraphs:
        if title:
            lines.append(title)
        lines.append("\n".join(paragraphs))
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help=f"gzipped JSON Lines articles (default {DEFAULT_DATA})")
    ap.add_argument("--mb", type=float, default=520, help="minimum dump size in MB of 10^6 bytes (default 520)")
    ap.add_argument("--force", action="store_true", help="delete OUT_DIR's contents first if it is not empty")
    ap.add_argument("out_dir", metavar="OUT_DIR")
    args = ap.parse_args()

    out = Path(args.out_dir)
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"make_dump: {out} is not empty; use --force to replace it", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)

    start = time.monotonic()
    titles = [(a.get("title") or "").strip().replace("\n", " ") for _, a in articles(args.data)]
    if not titles:
        print(f"make_dump: no articles in {args.data}", file=sys.stderr)
        return 2

    target = int(args.mb * 1_000_000)
    total = files = 0
    dirs: dict[str, list[int]] = {}  # "RR/CCC" -> [files, bytes], in write (= sorted) order
    rnd = 0
    done = False
    while not done:
        for index, art in articles(args.data):
            rel = f"{rnd:02d}/{index // 1000:03d}"
            entry = dirs.get(rel)
            if entry is None:
                entry = dirs[rel] = [0, 0]
                (out / rel).mkdir(parents=True, exist_ok=True)
            data = render(rnd, index, art, titles).encode("utf-8")
            with open(out / rel / f"{rnd:02d}_{index:05d}.txt", "wb") as f:
                f.write(data)
            entry[0] += 1
            entry[1] += len(data)
            files += 1
            total += len(data)
            if total >= target:
                done = True
                break
        print(f"make_dump: round {rnd:02d}{' (partial)' if done else ''}: {total / 1e6:.1f} MB, {files} files", file=sys.stderr)
        rnd += 1

    info = {
        "format_version": FORMAT_VERSION,
        "data": os.path.abspath(args.data),
        "data_bytes": os.path.getsize(args.data),
        "mb": args.mb,
        "bytes": total,
        "files": files,
        "rounds": rnd,
        "dirs": {k: {"files": v[0], "bytes": v[1]} for k, v in dirs.items()},
    }
    (out / INFO_NAME).write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    secs = time.monotonic() - start
    print(f"total_bytes={total} files={files} rounds={rnd} mb={total / 1e6:.1f} seconds={secs:.1f} dir={out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
