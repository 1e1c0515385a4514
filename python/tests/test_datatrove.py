"""The datatrove step: a tiny pipeline, reader → GhirbalCleaner → writer, on the fixtures."""

import gzip
import json
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

try:
    import datatrove  # noqa: F401
except ImportError:
    assert not os.environ.get("CI"), "CI installs datatrove for this test"
    pytest.skip("datatrove is not installed", allow_module_level=True)

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from ghirbal.datatrove import GhirbalCleaner


def read_folder(folder):
    rows = []
    for name in sorted(os.listdir(folder)):
        with gzip.open(os.path.join(folder, name), "rt", encoding="utf-8") as f:
            rows += [json.loads(line) for line in f if line.strip()]
    return rows


def test_a_datatrove_pipeline_cleans_in_place_and_drops_rejects(tmp_path):
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(os.path.join(ROOT, "fixtures", "corpus")),
            GhirbalCleaner(exclusion_writer=JsonlWriter(str(tmp_path / "removed")), no_corpus=False),
            JsonlWriter(str(tmp_path / "cleaned")),
        ],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    ).run()
    kept, removed = read_folder(tmp_path / "cleaned"), read_folder(tmp_path / "removed")
    # fixtures/corpus/news.jsonl: 12 articles, 3 exact and 1 near duplicates; every one accounted for.
    assert len(kept) + len(removed) == 12
    assert sorted(r["metadata"]["filter_reason"] for r in removed) == ["exact_duplicate"] * 3 + ["near_duplicate"]
    # Texts cleaned in place: the site's shared sign-off is gone, and each removal is in the metadata.
    assert all("خدمة الأخبار المحلية" not in r["text"] for r in kept)
    reasons = {run["reason"] for r in kept for run in r["metadata"]["ghirbal"]["removed"]}
    assert "boilerplate" in reasons
    stats = json.load(open(tmp_path / "logs" / "stats.json"))
    names = json.dumps(stats)
    assert "removed_lines_boilerplate" in names and "dropped_exact_duplicate" in names
