"""ghirbal (غربال, "sieve") from Python: clean scraped web-text dumps.

    import ghirbal
    cleaned, rejects = ghirbal.clean([{"id": "a", "text": "..."}], no_corpus=True)
    stats = ghirbal.clean_files(["dump.jsonl.gz"], "cleaned.jsonl", rejects="rejects.jsonl")

Options are the `ghirbal clean` flags as keyword arguments (`near_repeat=0.5` is `--near-repeat 0.5`,
`no_corpus=True` is `--no-corpus`), checked by the same rules, with the same messages, as on the command line.
The work runs in Rust, on as many threads as there are cores (`threads=N`), with the GIL released.
"""

import gc
import json
import os
import tempfile

from . import _ghirbal
from ._ghirbal import GhirbalError, read_records, run_clean, write_records

# Records stream through pipes to and from the run where the system links its descriptors as files
# (`/dev/fd`); elsewhere they go through temporary files, one step after another.
_STREAMS = hasattr(_ghirbal, "clean_records") and os.path.isdir("/dev/fd")

__all__ = ["clean", "clean_files", "iter_clean", "GhirbalError"]


def _flags(options):
    """`ghirbal clean` flags from keyword options."""
    args = []
    for name, value in options.items():
        flag = "--" + name.replace("_", "-")
        if value is None or value is False:
            continue
        if value is True:
            args.append(flag)
        elif isinstance(value, (list, tuple)):
            for v in value:
                args += [flag, str(v)]
        else:
            args += [flag, str(value)]
    return args


def clean_files(inputs, output, rejects=None, **options):
    """`ghirbal clean INPUTS -o OUTPUT [--rejects REJECTS] [flags]` as a function.

    `inputs` is a path or a list of paths (files, folders, any format and compression the CLI reads).
    Returns the run's figures (the `--stats` JSON, as a dict). Raises ValueError for bad options and
    GhirbalError when the run fails or an input cannot be read (naming the file, and the line or record).
    """
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    args = [os.fspath(p) for p in inputs] + ["-o", os.fspath(output), "-q"]
    if rejects is not None:
        args += ["--rejects", os.fspath(rejects)]
    return json.loads(run_clean(args + _flags(options)))


def clean(records, text_field="text", id_field="id", _first=0, **options):
    """Clean records in memory: an iterable of dicts (with `text_field` and maybe `id_field`) or strings.

    Returns `(cleaned, rejects)`: lists of dicts with the same schema as the JSON Lines the CLI writes
    (`source` is `"<records>"`; a string record's id is its position). The records go through one run, so
    the corpus stage (boilerplate by frequency, duplicate documents) sees them all: it keeps them in a
    temporary file, not in memory. The records are converted to and from JSON in Rust and stream through
    pipes: they go in while the run cleans the first ones, and the results become dicts as the run writes
    them. A record JSON cannot hold raises TypeError (ValueError for NaN), naming its position. For an
    unbounded stream, use `iter_clean`.
    """
    with tempfile.TemporaryDirectory(prefix="ghirbal-py-") as tmp:
        flags = _flags(dict(options, text_field=text_field, id_field=id_field))
        if _STREAMS:
            with _no_cycle_collection():
                return _ghirbal.clean_records(records, tmp, flags, text_field, id_field, _first)
        source = os.path.join(tmp, "records.jsonl")
        write_records(records, source, text_field, id_field, _first)
        out, rej = os.path.join(tmp, "cleaned.jsonl"), os.path.join(tmp, "rejects.jsonl")
        run_clean([source, "-o", out, "-q", "--rejects", rej] + flags)
        return _read(out), _read(rej)


class _no_cycle_collection:
    """Python's cycle collector would walk the new dicts many times over while they are made (a tenth of
    the time): it is paused meanwhile (dicts of strings and numbers make no cycles)."""

    def __enter__(self):
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.enabled:
            gc.enable()


def _read(path):
    """A run's output file as dicts."""
    with _no_cycle_collection():
        return read_records(path, "<records>")


def iter_clean(records, batch_size=10000, text_field="text", id_field="id", **options):
    """Clean an unbounded stream of records within each page only (no corpus stage), a batch at a time:
    yields `(cleaned, rejects)` per batch of `batch_size` records, holding one batch at a time."""
    batch, first = [], 0
    options = dict(options, no_corpus=True)
    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            yield clean(batch, text_field=text_field, id_field=id_field, _first=first, **options)
            first += len(batch)
            batch = []
    if batch:
        yield clean(batch, text_field=text_field, id_field=id_field, _first=first, **options)
