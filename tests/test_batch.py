"""Parallel, cached extraction (kehoach.ingest.batch): same records as in-process, failures isolated per file."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from kehoach.ingest.batch import ExtractResult, extract_many
from kehoach.ingest.cache import DB_FILE


def _strip(d):
    if isinstance(d, dict):
        return {k: _strip(v) for k, v in d.items() if k != "path"}
    if isinstance(d, list):
        return [_strip(v) for v in d]
    return d


@pytest.fixture()
def seed_copy(seeds_dir, tmp_path) -> list[Path]:
    files = []
    for p in sorted(seeds_dir.glob("*.txt")):
        q = tmp_path / "in" / p.name
        q.parent.mkdir(exist_ok=True)
        shutil.copyfile(p, q)
        files.append(q)
    return files


def test_parallel_equals_sequential_on_seeds(seed_copy):
    seq = list(extract_many(seed_copy, jobs=1))
    par = list(extract_many(seed_copy, jobs=2, chunk_size=1))
    assert [r.path for r in par] == [str(p) for p in seed_copy]  # input order
    assert all(r.error is None for r in seq), [r.error for r in seq]
    assert [_strip(r.record.to_dict()) for r in par] == [_strip(r.record.to_dict()) for r in seq]


def test_encoded_results_carry_the_whole_record_as_json_and_only_its_head(seed_copy, tmp_path):
    import json

    plain = list(extract_many(seed_copy, jobs=1))
    cache = tmp_path / "cache"
    for cached in (False, True):  # extracted (and cached), then read back from the cache
        enc = list(extract_many(seed_copy, jobs=2, chunk_size=1, cache_dir=cache, encoded=True))
        assert [r.cached for r in enc] == [cached] * len(seed_copy)
        for r, p in zip(enc, plain, strict=True):
            assert json.loads(r.data) == p.record.to_dict()
            assert r.record.tasks == [] and r.record.agencies == []
            assert r.record.to_dict() == p.record.head().to_dict()
    assert sum(len(p.record.tasks) for p in plain) > 0  # the heads really left something out


def test_bad_files_are_isolated(seed_copy, tmp_path):
    bad = tmp_path / "in" / "zz_binary.txt"
    bad.write_bytes(b"\x00\xff\xfe" * 100 + os.urandom(64))
    empty = tmp_path / "in" / "aa_empty.txt"
    empty.write_bytes(b"")
    missing = tmp_path / "in" / "gone.txt"
    files = [empty, *seed_copy[:2], bad, missing, *seed_copy[2:]]
    results = list(extract_many(files, jobs=2, chunk_size=2))
    assert [r.path for r in results] == [str(p) for p in files]
    by = {Path(r.path).name: r for r in results}
    for name in ("aa_empty.txt", "zz_binary.txt", "gone.txt"):
        assert by[name].record is None and by[name].error and name in by[name].error
    assert all(by[p.name].record is not None and by[p.name].error is None for p in seed_copy)


def test_a_crashing_worker_only_fails_its_file(seed_copy, monkeypatch):
    """A file that kills its worker process (native crash) is reported; the pool recovers for the others."""
    import kehoach.ingest.pipeline as pipeline

    real = pipeline.extract_file

    def crashing(path, data=None, name=None):
        if Path(path).name.startswith("002"):
            os._exit(3)  # the worker dies, as on a segfault
        return real(path, data, name)

    monkeypatch.setattr(pipeline, "extract_file", crashing)  # inherited by the forked workers
    results = list(extract_many(seed_copy, jobs=2, chunk_size=2))
    assert [Path(r.path).name for r in results] == [p.name for p in seed_copy]
    failed = [Path(r.path).name for r in results if r.error]
    assert len(failed) == 1 and failed[0].startswith("002") and "crashed" in results[2].error
    assert all(r.record is not None for r in results if not r.error)


def test_cache_skips_unchanged_files_and_full_reextracts(seed_copy, tmp_path):
    cache = tmp_path / "cache"
    first = list(extract_many(seed_copy, jobs=2, cache_dir=cache))
    assert not any(r.cached for r in first) and all(r.record for r in first)
    with sqlite3.connect(cache / DB_FILE) as db:  # the two workers each wrote their chunks
        assert db.execute("SELECT count(*) FROM entries").fetchone()[0] == len(seed_copy)

    second = list(extract_many(seed_copy, jobs=2, cache_dir=cache))
    assert all(r.cached for r in second)
    assert [_strip(r.record.to_dict()) for r in second] == [_strip(r.record.to_dict()) for r in first]

    changed = seed_copy[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nPhụ lục bổ sung.\n", encoding="utf-8")
    third = {Path(r.path).name: r for r in extract_many(seed_copy, jobs=1, cache_dir=cache)}
    assert not third[changed.name].cached
    assert all(third[p.name].cached for p in seed_copy if p != changed)

    forced = list(extract_many(seed_copy, jobs=2, cache_dir=cache, full=True))
    assert not any(r.cached for r in forced) and all(r.record for r in forced)


def test_cache_is_invalidated_by_another_extractor_version(seed_copy, tmp_path, monkeypatch):
    from kehoach.ingest import cache as cache_mod

    cache = tmp_path / "cache"
    list(extract_many(seed_copy[:2], jobs=1, cache_dir=cache))
    assert all(r.cached for r in extract_many(seed_copy[:2], jobs=1, cache_dir=cache))
    monkeypatch.setattr(cache_mod, "extractor_version", lambda: "0.0.0+other")
    assert not any(r.cached for r in extract_many(seed_copy[:2], jobs=1, cache_dir=cache))


def test_a_damaged_cache_entry_is_a_miss(seed_copy, tmp_path):
    cache = tmp_path / "cache"
    list(extract_many(seed_copy[:2], jobs=1, cache_dir=cache))
    with sqlite3.connect(cache / DB_FILE) as db:
        db.execute("UPDATE entries SET record = ? WHERE file = ?", (b"{not json", seed_copy[0].name))
    first, second = extract_many(seed_copy[:2], jobs=1, cache_dir=cache)
    assert first.record is not None and not first.cached
    assert second.cached
    assert extract_many_cached(seed_copy[:2], cache) == [True, True]  # the damaged entry was rewritten


def extract_many_cached(paths, cache, jobs=1):
    return [r.cached for r in extract_many(paths, jobs=jobs, cache_dir=cache)]


def test_a_damaged_cache_database_is_replaced(seed_copy, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / DB_FILE).write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)  # a header, then garbage
    assert extract_many_cached(seed_copy[:2], cache, jobs=2) == [False, False]
    assert extract_many_cached(seed_copy[:2], cache, jobs=2) == [True, True]


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_unusable_cache_does_not_fail_the_build(seed_copy, tmp_path, jobs):
    in_the_way = tmp_path / "cache"
    in_the_way.mkdir()
    (in_the_way / DB_FILE).mkdir()  # no database can be opened there
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    for cache in (in_the_way, a_file / "cache"):  # the second cannot even be created
        results = list(extract_many(seed_copy[:2], jobs=jobs, cache_dir=cache))
        assert all(r.record is not None and not r.error and not r.cached for r in results), [r.error for r in results]


def test_the_former_cache_layout_is_removed(seed_copy, tmp_path):
    cache = tmp_path / "cache"
    (cache / "ab").mkdir(parents=True)
    (cache / "ab" / ("ab" + "0" * 62 + ".json")).write_text("{}", encoding="utf-8")
    assert extract_many_cached(seed_copy[:1], cache) == [False]
    assert sorted(p.name for p in cache.iterdir() if p.is_dir()) == []
    assert extract_many_cached(seed_copy[:1], cache) == [True]


def test_result_shape():
    r = ExtractResult(path="x")
    assert (r.record, r.error, r.cached) == (None, None, False)
