#!/usr/bin/env python3
"""A ~1 GB JSON Lines corpus for the corpus-stage benchmark (bench/corpus_stage.sh), from SaudiNewsNet.

    python3 bench/make_corpus.py ROUNDS OUT_DIR

Round 0 is the dev file as it is; in every later round each line's words are shuffled (seeded by the
round and the line's text, so a line the corpus repeats is shuffled alike in a round: a page's
furniture and the file's own duplicate articles stay repeated). Every round is thus a new set of
articles with SaudiNewsNet's lengths, shapes, sites, repeats and duplicates, and no article of one
round duplicates another round's. Fields: `id` (`r<round>-<line>`), `text`, `title`, `source`, `url`
(the host kept), `author`; written as OUT_DIR/documents/part-<round>.jsonl.gz (the layout dolma reads).
Deterministic: the same bytes for the same ROUNDS.
"""
import gzip
import hashlib
import json
import os
import random
import sys

SRC = os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data", "saudinewsnet-dev.jsonl.gz")


def shuffle(text: str, round_: int) -> str:
    out = []
    for line in text.split("\n"):
        words = line.split(" ")
        seed = hashlib.blake2b(f"{round_}:{line}".encode(), digest_size=8).hexdigest()
        random.Random(seed).shuffle(words)
        out.append(" ".join(words))
    return "\n".join(out)


def main() -> int:
    rounds, out = int(sys.argv[1]), sys.argv[2]
    docs = os.path.join(out, "documents")
    os.makedirs(docs, exist_ok=True)
    with gzip.open(SRC, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    for r in range(rounds):
        path = os.path.join(docs, f"part-{r:02d}.jsonl.gz")
        with gzip.open(path + ".tmp", "wt", encoding="utf-8", compresslevel=1) as w:
            for i, rec in enumerate(records):
                text, title = rec.get("content") or "", rec.get("title") or ""
                if r > 0:
                    text, title = shuffle(text, r), shuffle(title, r)
                url = rec.get("url") or ""
                doc = {
                    "id": f"r{r}-{i}",
                    "text": text,
                    "title": title,
                    "source": rec.get("source") or "",
                    "url": f"{url}?r={r}" if r > 0 else url,
                    "author": rec.get("author") or "",
                }
                w.write(json.dumps(doc, ensure_ascii=False) + "\n")
        os.replace(path + ".tmp", path)
    print(f"make_corpus: {rounds} rounds of {len(records)} articles in {docs}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
