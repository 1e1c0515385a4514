"""The Python package: ghirbal.clean, ghirbal.clean_files, ghirbal.iter_clean, and their errors.

Run from the repository's root after installing the wheel: `python3 -m pytest python/tests`."""

import json
import os
import subprocess

import pytest

import ghirbal

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(ROOT, "seeds", "000_8df53257c6e777ac.txt")


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def test_clean_files_is_the_cli(tmp_path):
    out, rej = tmp_path / "o.jsonl", tmp_path / "r.jsonl"
    stats = ghirbal.clean_files([os.path.join(ROOT, "seeds")], out, rejects=rej)
    assert stats["docs_read"] == 2 and stats["docs_kept"] == 2
    assert stats["run"]["inputs"] == [os.path.join(ROOT, "seeds")]
    cli = tmp_path / "cli.jsonl"
    binary = os.environ.get("GHIRBAL_BIN", os.path.join(ROOT, "target", "debug", "ghirbal"))
    if not os.path.exists(binary):
        assert not os.environ.get("CI"), "CI builds the binary before the Python tests"
        pytest.skip("no ghirbal binary to compare with (cargo build)")
    subprocess.run([binary, "clean", os.path.join(ROOT, "seeds"), "-q", "-o", str(cli)], check=True)
    assert out.read_bytes() == cli.read_bytes(), "the same records as the CLI"


def test_clean_records_in_memory():
    with open(SEED, encoding="utf-8") as f:
        page = f.read()
    cleaned, rejects = ghirbal.clean([{"id": "seed", "text": page}, {"id": "empty", "text": "  "}, "نص قصير."])
    assert [r["id"] for r in cleaned] == ["seed", "2"]
    assert [(r["id"], r["reason"]) for r in rejects] == [("empty", "empty")]
    seed = cleaned[0]
    assert seed["title"] and seed["source"] == "<records>"
    assert any(r["reason"] == "headline_list" for r in seed["removed"])
    assert "headline_list" not in seed["text"]


def test_options_are_checked_like_the_cli():
    with pytest.raises(ValueError, match="--near-repeat must be a share in"):
        ghirbal.clean(["a"], near_repeat=1.5)
    with pytest.raises(ValueError, match="unexpected argument '--no-such-flag'"):
        ghirbal.clean(["a"], no_such_flag=True)


def test_a_bad_input_raises_naming_the_file(tmp_path):
    bad = tmp_path / "cut.jsonl.gz"
    bad.write_bytes(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03")  # a gzip header and nothing after it
    with pytest.raises(ghirbal.GhirbalError, match="cut.jsonl.gz"):
        ghirbal.clean_files([bad], tmp_path / "o.jsonl")
    with pytest.raises(ghirbal.GhirbalError, match="nosuch"):
        ghirbal.clean_files([tmp_path / "nosuch.jsonl"], tmp_path / "o.jsonl")


def test_iter_clean_goes_batch_by_batch():
    records = ("فقرة رقم %d من نص طويل بما يكفي ليبقى في الناتج بعد التنظيف." % i for i in range(25))
    batches = list(ghirbal.iter_clean(records, batch_size=10))
    assert [len(c) + len(r) for c, r in batches] == [10, 10, 5]
    ids = [r["id"] for c, _ in batches for r in c]
    assert ids == [str(i) for i in range(25)], "ids run on across batches"


def test_records_go_through_as_json_would_carry_them(tmp_path):
    # Every JSON type in the metadata; the output is what the CLI makes of the same record written by
    # Python's json module, keys in the order the CLI writes them.
    meta = {"z": 1, "a": [1.5, True, None, {"k": "ق"}], "big": 2**70, 3: "int key", "neg": -7}
    records = [{"id": "m", "text": "فقرة أولى من نص طويل بما يكفي ليبقى في الناتج بعد التنظيف.", "extra": meta}]
    cleaned, _ = ghirbal.clean(records, no_corpus=True)
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps(records[0], ensure_ascii=False) + "\n", encoding="utf-8")
    ghirbal.clean_files([src], tmp_path / "o.jsonl", no_corpus=True)
    (want,) = read_jsonl(tmp_path / "o.jsonl")
    want["source"] = "<records>"
    assert cleaned == [want]
    assert list(cleaned[0]) == list(want), "keys in the order the CLI writes them"
    assert cleaned[0]["metadata"]["extra"]["a"] == [1.5, True, None, {"k": "ق"}]
    assert cleaned[0]["metadata"]["extra"]["3"] == "int key"


def test_a_record_json_cannot_hold_is_named():
    good = {"id": "a", "text": "نص"}
    with pytest.raises(ValueError, match="record 2: NaN is not a JSON number"):
        ghirbal.clean([good, {"id": "b", "text": "نص", "score": float("nan")}])
    with pytest.raises(TypeError, match="record 3: Object of type set is not JSON serializable"):
        ghirbal.clean([good, good, {"id": "c", "text": "نص", "tags": {"x"}}])
    looped = {"id": "d", "text": "نص"}
    looped["self"] = looped
    with pytest.raises(ValueError, match="record 1: nested too deeply"):
        ghirbal.clean([looped])


def many_records(n):
    """`n` distinct records of a few kilobytes each, made as they are asked for."""
    for i in range(n):
        lines = ["سطر %d من الخبر رقم %d فيه كلمات كافية ليبقى في الناتج بعد التنظيف." % (k, i) for k in range(40)]
        yield {"id": "r%d" % i, "text": "\n".join(lines), "n": i}


@pytest.mark.parametrize("options", [{"no_corpus": True}, {}])
def test_records_stream_through_the_run_as_a_file_would(tmp_path, options):
    # Some megabytes: far more than a pipe holds, so records go in while results come out.
    src = tmp_path / "r.jsonl"
    with open(src, "w", encoding="utf-8") as f:
        for record in many_records(800):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    cleaned, rejects = ghirbal.clean(many_records(800), **options)
    ghirbal.clean_files([src], tmp_path / "o.jsonl", rejects=tmp_path / "x.jsonl", **options)
    want = [dict(r, source="<records>") for r in read_jsonl(tmp_path / "o.jsonl")]
    want_rejects = [dict(r, source="<records>") for r in read_jsonl(tmp_path / "x.jsonl")]
    assert len(cleaned) + len(rejects) == 800
    assert cleaned == want and rejects == want_rejects


def test_a_bad_record_deep_in_a_stream_stops_it_without_a_hang():
    def records():
        yield from many_records(600)
        yield {"id": "bad", "text": "نص", "tags": {"x"}}
        yield from many_records(10)

    with pytest.raises(TypeError, match="record 601: Object of type set"):
        ghirbal.clean(records())


def test_a_run_that_fails_raises_and_the_stream_stops(tmp_path):
    # The run refuses its stats file's folder only once it has cleaned the records: the records were all
    # sent, the results read, and the run's error is what is raised.
    with pytest.raises(ghirbal.GhirbalError, match="nosuch"):
        ghirbal.clean(many_records(300), stats=str(tmp_path / "nosuch" / "stats.json"))
    # A run that fails before it reads a record (its index cannot be read) closes its end of the pipe:
    # the records stop going in, and the run's error is raised.
    with pytest.raises(ghirbal.GhirbalError, match="nosuch.idx"):
        ghirbal.clean(many_records(300), index=str(tmp_path / "nosuch.idx"))
