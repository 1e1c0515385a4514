#!/usr/bin/env python3
"""datatrove's four-stage MinHash deduplication over JSON Lines files, as its own example runs it, with
ghirbal's MinHash shape (14 bands x 8 rows, 5-gram shingles), for bench/corpus_stage.sh.

    python datatrove_minhash.py INPUT_DIR WORK_DIR WORKERS

Prints the documents kept and removed. Timed from outside.
"""
import sys

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.dedup import MinhashDedupSignature
from datatrove.pipeline.dedup.minhash import MinhashConfig, MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers.jsonl import JsonlWriter
from datatrove.utils.hashing import HashConfig


def main():
    src, work, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
    config = MinhashConfig(hash_config=HashConfig(precision=64), num_buckets=14, hashes_per_bucket=8, n_grams=5)
    tasks = workers
    common = dict(logging_dir=f"{work}/logs", skip_completed=False)

    signatures = LocalPipelineExecutor(
        pipeline=[JsonlReader(src), MinhashDedupSignature(output_folder=f"{work}/signatures", config=config, language="ar")],
        tasks=tasks, workers=workers, **common)
    buckets = LocalPipelineExecutor(
        pipeline=[MinhashDedupBuckets(input_folder=f"{work}/signatures", output_folder=f"{work}/buckets", config=config)],
        tasks=config.num_buckets, workers=workers, depends=signatures, **common)
    clusters = LocalPipelineExecutor(
        pipeline=[MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/remove_ids", config=config)],
        tasks=1, depends=buckets, **common)
    filtered = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(src),
            MinhashDedupFilter(input_folder=f"{work}/remove_ids", exclusion_writer=JsonlWriter(f"{work}/removed")),
            JsonlWriter(f"{work}/output"),
        ],
        tasks=tasks, workers=workers, depends=clusters, **common)
    filtered.run()


if __name__ == "__main__":
    main()
