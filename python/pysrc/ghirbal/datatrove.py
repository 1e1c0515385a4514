"""ghirbal as a datatrove pipeline step.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from ghirbal.datatrove import GhirbalCleaner

    LocalPipelineExecutor(pipeline=[
        JsonlReader("dump/"),
        GhirbalCleaner(exclusion_writer=JsonlWriter("removed/")),
        JsonlWriter("cleaned/"),
    ], tasks=4).run()

Each document's text is cleaned in place (the original wording, the removed lines gone); what was removed
goes into `doc.metadata["ghirbal"]` (each run's reason, line numbers and evidence; the title, byline, url
and date found in the page); a rejected document (empty, nothing left, a duplicate within its batch) is
dropped into the exclusion writer with `metadata["filter_reason"]` its ghirbal reject reason. datatrove's
stats count documents and lines removed by reason (`removed_lines_<reason>`) and dropped documents by reason.

Documents go to ghirbal in batches (`batch_size`, default 10,000) on its Rust threads. By default only the
within-page cleaning runs (`no_corpus=True`): datatrove pipelines bring their own deduplication. Pass
`no_corpus=False` to find duplicates and shared boilerplate within each batch too. Other keyword options are
`ghirbal clean` flags, as for `ghirbal.clean`.
"""

from __future__ import annotations

from datatrove.data import Document
from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.writers.disk_base import DiskWriter

from . import clean

__all__ = ["GhirbalCleaner"]


class GhirbalCleaner(BaseFilter):
    """Clean each document's text with ghirbal; drop the documents it rejects (see the module's text)."""

    name = "🧹 ghirbal"

    def __init__(self, exclusion_writer: DiskWriter = None, batch_size: int = 10_000, **options):
        super().__init__(exclusion_writer=exclusion_writer, batch_size=batch_size)
        self.options = dict({"no_corpus": True}, **options)

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        return self.filter_batch([doc])[0]

    def filter_batch(self, batch: list[Document]) -> list[bool | tuple[bool, str]]:
        # Positions as ids: datatrove's ids need not be unique.
        records = [{"id": str(i), "text": doc.text} for i, doc in enumerate(batch)]
        cleaned, rejects = clean(records, **self.options)
        results: list[bool | tuple[bool, str]] = [True] * len(batch)
        for r in cleaned:
            doc = batch[int(r["id"])]
            doc.text = r["text"]
            doc.metadata["ghirbal"] = {
                "removed": [
                    {k: run[k] for k in ("reason", "lines", "evidence") if k in run} for run in r["removed"]
                ],
                **{k: r[k] for k in ("title", "byline", "url", "date") if r.get(k)},
            }
            for run in r["removed"]:
                self.stat_update(f"removed_lines_{run['reason']}", value=run["lines"][1] - run["lines"][0] + 1)
            if r["removed"]:
                self.stat_update("documents_with_removals")
        for r in rejects:
            results[int(r["id"])] = (False, r["reason"])
        return results
