#!/usr/bin/env python3
"""Run `ghirbal clean` over many shards on a Ray cluster, with the same bytes as one machine.

The corpus stage is cut into map and reduce steps (see the README, "Running on a cluster"):

    sign (map) -> merge --partition K/P (map over key ranges) -> merge --groups (reduce)
         -> sign --index (map) -> merge, tree (reduce) -> clean --index (map)

Ray schedules the steps and retries a task whose worker dies (`max_retries`). Every step writes its file
under a temporary name and renames it when complete, so a retried task simply writes it again.

    python3 cluster/ghirbal_ray.py --ghirbal target/release/ghirbal --work /tmp/run \
        --output cleaned.jsonl --rejects rejects.jsonl SHARD [SHARD ...]

A SHARD is one file or directory, named the same way in every step. Without --address, Ray starts a
local cluster (--workers CPUs); with --address (or RAY_ADDRESS) the driver joins an existing one, and the
shards, the work directory and the binary must then be reachable from every node (shared storage).

For tests: GHIRBAL_KILL_ONCE=PATH makes the first clean task that finds no file at PATH create it and
kill its own worker process mid-shard, to show the engine's retry gives the same result.
"""
import argparse
import os
import shutil
import subprocess
import sys

import ray


def run(cmd):
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()}")
    return done.stderr


@ray.remote(max_retries=3, retry_exceptions=True)
def sign(ghirbal, shard, out, index=None):
    cmd = [ghirbal, "sign", shard, "-o", out, "--threads", "1"]
    if index:
        cmd += ["--index", index]
    run(cmd)
    return out


@ray.remote(max_retries=3, retry_exceptions=True)
def merge(ghirbal, inputs, out):
    run([ghirbal, "merge", *inputs, "-o", out])
    return out


@ray.remote(max_retries=3, retry_exceptions=True)
def partition(ghirbal, sketches, part, parts, out):
    run([ghirbal, "merge", *sketches, "--partition", f"{part}/{parts}", "-o", out])
    return out


@ray.remote(max_retries=3, retry_exceptions=True)
def replay(ghirbal, sketches, groups, out):
    run([ghirbal, "merge", *sketches, "--groups", *groups, "-o", out])
    return out


@ray.remote(max_retries=3, retry_exceptions=True)
def clean(ghirbal, shard, index, out, rejects):
    marker = os.environ.get("GHIRBAL_KILL_ONCE")
    if marker and not os.path.exists(marker):
        with open(marker, "w") as f:
            f.write(shard)
        # Start the shard, then die mid-way: the worker process is gone, Ray retries the task.
        subprocess.Popen([ghirbal, "clean", shard, "--index", index, "-q", "-o", out, "--rejects", rejects])
        os._exit(1)
    run([ghirbal, "clean", shard, "--index", index, "-q", "-o", out, "--rejects", rejects, "--threads", "1"])
    return out, rejects


def tree_merge(ghirbal, files, work, fan_in=4):
    """Merge count files in rounds of `fan_in`, in parallel, until one is left."""
    level = 0
    while len(files) > 1:
        groups = [files[i:i + fan_in] for i in range(0, len(files), fan_in)]
        files = ray.get([merge.remote(ghirbal, g, os.path.join(work, f"counts-{level}-{n}.sig")) for n, g in enumerate(groups)])
        level += 1
    return files[0]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("shards", nargs="+")
    p.add_argument("--ghirbal", default="ghirbal")
    p.add_argument("--work", required=True, help="directory for signature and index files")
    p.add_argument("--output", required=True)
    p.add_argument("--rejects", required=True)
    p.add_argument("--address", default=os.environ.get("RAY_ADDRESS"), help="an existing Ray cluster")
    p.add_argument("--workers", type=int, default=2, help="CPUs of the local cluster")
    p.add_argument("--partitions", type=int, default=4,
                   help="key-range partitions of the sketch merge, run as parallel tasks (a power of two; "
                        "raised so that each holds about 256 MiB of keys at most)")
    a = p.parse_args()

    ghirbal = shutil.which(a.ghirbal) or a.ghirbal
    os.makedirs(a.work, exist_ok=True)
    if a.address:
        ray.init(address=a.address)
    else:
        # A local cluster talks over loopback only.
        ray.init(num_cpus=a.workers, include_dashboard=False, log_to_driver=False, configure_logging=False,
                 _node_ip_address="127.0.0.1")
    try:
        n = len(a.shards)
        sketch = [os.path.join(a.work, f"shard-{i:05}.sketch.sig") for i in range(n)]
        ray.get([sign.remote(ghirbal, s, o) for s, o in zip(a.shards, sketch)])
        dedup = os.path.join(a.work, "dedup.idx")
        # The sketch merge in key-range partitions, in parallel, each holding only its keys; then one task
        # replays their candidate groups into the dedup index. Shard order is the corpus's input order.
        # A partition holds about 30 bytes of keys per document / P in memory; a sketch record is 135 bytes
        # or more, so this bounds the documents from the files' sizes.
        docs = sum(os.path.getsize(f) for f in sketch) // 135
        parts = max(1, a.partitions)
        while parts < 1024 and docs * 240 // parts > 256 << 20:
            parts *= 2
        parts = 1 << (parts - 1).bit_length()
        groups = ray.get([partition.remote(ghirbal, sketch, k, parts, os.path.join(a.work, f"groups-{k:04}.sig"))
                          for k in range(parts)])
        ray.get(replay.remote(ghirbal, sketch, groups, dedup))

        counts = [os.path.join(a.work, f"shard-{i:05}.count.sig") for i in range(n)]
        ray.get([sign.remote(ghirbal, s, o, dedup) for s, o in zip(a.shards, counts)])
        corpus = os.path.join(a.work, "corpus.idx")
        ray.get(merge.remote(ghirbal, [dedup, tree_merge(ghirbal, counts, a.work)], corpus))

        outs = [(os.path.join(a.work, f"shard-{i:05}.jsonl"), os.path.join(a.work, f"shard-{i:05}.rejects.jsonl")) for i in range(n)]
        ray.get([clean.remote(ghirbal, s, corpus, o, r) for s, (o, r) in zip(a.shards, outs)])
    finally:
        ray.shutdown()
    # Concatenated in shard order: the bytes a one-machine run writes.
    with open(a.output, "wb") as out, open(a.rejects, "wb") as rej:
        for o, r in outs:
            with open(o, "rb") as f:
                shutil.copyfileobj(f, out)
            with open(r, "rb") as f:
                shutil.copyfileobj(f, rej)
    print(f"ghirbal_ray: {n} shards cleaned into {a.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
