"""Python trafilatura on a folder of .html.gz pages, with N worker processes (the same 2 cores ghirbal
gets): writes {id, text} JSON Lines for score_words.py and prints the wall seconds of the whole run.

usage: trafilatura_pages.py HTML_DIR OUT.jsonl [PROCESSES]"""
import gzip, json, os, sys, time
from multiprocessing import Pool

import trafilatura


def extract(path):
    name = os.path.basename(path)
    page_id = name[: -len(".html.gz")] if name.endswith(".html.gz") else name.rsplit(".", 1)[0]
    raw = gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()
    try:
        text = trafilatura.extract(raw) or ""
    except Exception:  # a page it cannot read counts as empty, as in the score
        text = ""
    return {"id": page_id, "text": text}


if __name__ == "__main__":
    folder, out = sys.argv[1], sys.argv[2]
    procs = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    paths = sorted(os.path.join(folder, n) for n in os.listdir(folder))
    start = time.perf_counter()
    with Pool(procs) as pool:
        rows = pool.map(extract, paths, chunksize=8)
    secs = time.perf_counter() - start
    with open(out, "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{secs:.2f}")
