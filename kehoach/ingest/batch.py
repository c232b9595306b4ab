"""Extracting many files: parallel, streaming, incremental; one ``ExtractResult`` per file, failures isolated.

``extract_many`` runs ``extract_one`` over a process pool (``jobs=0``: every core; ``jobs=1``: in this process),
submitting the files in chunks and keeping only a bounded window of chunks in flight, so a corpus of any size is
streamed: no more than ``window × chunk`` documents are held at once. Results come back **in input order**.

With ``cache_dir`` the workers look up each file's content hash in a ``RecordCache`` first and only extract
what is new or changed (``ExtractResult.cached`` says which); ``full=True`` re-extracts every file and
refreshes the cache. An exception in one file is that file's ``error``; a worker process that dies (a crash in
native code, out of memory) is replaced and the files of its chunk are retried one per task, so only the file
that kills a worker is reported as failed.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Số: 12/KH-UBND\\n\\nKẾ HOẠCH\\nThông tin đối ngoại năm 2024\\n", encoding="utf-8")
>>> _ = (d / "empty.txt").write_bytes(b"")
>>> [(pathlib.Path(r.path).name, r.record is not None, r.error is not None)
...  for r in extract_many([d / "a.txt", d / "empty.txt"], jobs=1)]
[('a.txt', True, False), ('empty.txt', False, True)]
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from kehoach.ingest.models import ExtractedDocument


@dataclass
class ExtractResult:
    """The outcome for one file: a ``record``, or an ``error`` ("PATH: reason"); ``cached`` when read from the cache."""

    path: str
    record: ExtractedDocument | None = None  # with ``encoded``: the record's head (no tasks, no agencies)
    error: str | None = None  # "PATH: reason" when the file failed
    cached: bool = False
    data: bytes | None = None  # with ``encoded``: the whole record, ``record.to_json()``


def _encoded(result: ExtractResult, data: bytes | None = None) -> ExtractResult:
    """``result`` as sent back by ``extract_many(encoded=True)``: the record's JSON and its head."""
    if result.record is not None:
        result.data = result.record.to_json() if data is None else data
        result.record = result.record.head()
    return result


def _unfinished(record: ExtractedDocument) -> bool:
    """Whether a record lacks what a better-equipped machine would read (a scanned page left unread without
    Tesseract): it is not cached, so that installing Tesseract is enough for the next build to read the page."""
    from kehoach.ingest.readers.ocr import NOT_READ

    return any(NOT_READ in w for w in record.warnings)


def extract_one(path: str | Path, cache_dir: str | Path | None = None, full: bool = False,
                encoded: bool = False, name: str | None = None) -> ExtractResult:
    """Extract one file (through the cache when ``cache_dir`` is given); never raises.

    ``encoded``: return the record as JSON bytes (``data``) and its head (``record``), see ``extract_many``;
    ``name``: what the record calls the file (default: its file name).

    >>> extract_one("/nonexistent/x.txt").error is not None
    True
    """
    from kehoach.ingest.pipeline import ExtractionError, extract_file
    from kehoach.ingest.readers import ReadError, read_bytes

    path = str(path)
    try:
        cache = sha = raw = None
        if cache_dir is not None:
            from kehoach.ingest.cache import content_hash, shared_cache

            cache = shared_cache(cache_dir)
            try:
                raw = read_bytes(path)  # read once: hashed here, extracted below
                sha = content_hash(raw)
            except ReadError:
                pass  # let extract_file report the read error
            if sha and not full:
                rec = cache.get(sha, name or Path(path).name)
                if rec is not None:
                    rec.path = path
                    result = ExtractResult(path=path, record=rec, cached=True)
                    return _encoded(result) if encoded else result
        rec = extract_file(path, raw, name)
        data = rec.to_json() if encoded or cache is not None else None
        if cache is not None and sha and not _unfinished(rec):
            cache.put(sha, rec, data)  # (a cache that cannot be written is skipped)
        result = ExtractResult(path=path, record=rec)
        return _encoded(result, data) if encoded else result
    except ExtractionError as err:
        return ExtractResult(path=path, error=str(err))
    except Exception as err:  # an extractor bug must not take the other files down
        return ExtractResult(path=path, error=f"{path}: internal error ({type(err).__name__}: {err})")


@dataclass(frozen=True)
class _Options:
    """How each file is extracted (``extract_one``'s keyword arguments), sent to the workers with every chunk."""

    cache_dir: str | None = None
    full: bool = False
    encoded: bool = False

    def extract(self, item: Item) -> ExtractResult:
        """Extract a path, or a (path, name) pair (a file that goes by another name than its own)."""
        path, name = (item, None) if isinstance(item, str) else item
        return extract_one(path, self.cache_dir, self.full, self.encoded, name)

    def batch(self) -> AbstractContextManager:
        """The cache entries of the files extracted inside are written together, in one transaction."""
        if self.cache_dir is None:
            return nullcontext()
        from kehoach.ingest.cache import shared_cache

        return shared_cache(self.cache_dir).batch()


Item = str | tuple[str, str]
"""A file to extract: its path, or (path, name) when it goes by another name than its own."""


def _extract_chunk(items: list[Item], opts: _Options) -> list[ExtractResult]:
    with opts.batch():
        return [opts.extract(p) for p in items]


def _in_process(items: list[Item], size: int, opts: _Options) -> Iterator[ExtractResult]:
    for i in range(0, len(items), size):
        yield from _extract_chunk(items[i:i + size], opts)


def resolve_jobs(jobs: int) -> int:
    """Worker count for ``jobs``: 0 (or less) means every core this process may use.

    >>> resolve_jobs(3)
    3
    >>> resolve_jobs(0) >= 1
    True
    """
    if jobs and jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _mp_context():
    # fork is fastest (workers inherit the loaded extractors) but unsafe once other threads run (a notebook's
    # kernel, a progress thread): then the fork server, which loads the extractors once and forks each worker
    # from itself (a spawned worker would import spaCy and the gazetteers anew: about a second each)
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["kehoach.ingest.pipeline"])  # no effect on a fork server already running
        return ctx
    return multiprocessing.get_context("spawn")


def extract_many(paths: Iterable[str | Path], jobs: int = 0, cache_dir: str | Path | None = None,
                 full: bool = False, progress: bool = False, chunk_size: int | None = None,
                 encoded: bool = False, names: dict[str, str] | None = None) -> Iterator[ExtractResult]:
    """Extract every file, yielding one ``ExtractResult`` per path **in input order**, as soon as it is ready.

    ``jobs``: worker processes (0 = all cores, 1 = in this process); ``cache_dir``: reuse records of unchanged
    files (content hash + extractor version); ``full``: ignore cached records (and rewrite them);
    ``progress``: a progress bar with files/s on stderr; ``chunk_size``: files per task (default: adaptive);
    ``encoded``: each record comes back as its JSON (``data``, encoded in the worker) with only its head in
    ``record`` (``ExtractedDocument.head()``): far cheaper to send between processes than the whole record,
    for a caller that writes records out as it receives them. ``names``: what records call the files that do not
    go by their file name, by path (``kehoach.ingest.readers.unique_names``).

    >>> list(extract_many([]))
    []
    """
    paths = [str(p) for p in paths]
    items: list[str | tuple[str, str]] = paths
    if names:
        items = [(p, names[p]) if p in names else p for p in paths]
    opts = _Options(str(cache_dir) if cache_dir is not None else None, full, encoded)
    if cache_dir is not None and paths:
        from kehoach.ingest.cache import prepare

        prepare(cache_dir)  # here, before any worker is forked
    bar = _Progress(len(paths)) if progress else None
    try:
        workers = min(resolve_jobs(jobs), len(paths))
        if workers <= 1:
            results: Iterator[ExtractResult] = _in_process(items, chunk_size or 32, opts)
        else:
            size = chunk_size or max(1, min(32, len(paths) // (workers * 8)))
            results = _parallel(items, workers, size, opts)
        for r in results:
            if bar:
                bar.advance(r)
            yield r
    finally:
        if bar:
            bar.close()
        if cache_dir is not None and paths:
            from kehoach.ingest.cache import settle

            settle(cache_dir)


def _parallel(items: list[Item], workers: int, size: int, opts: _Options) -> Iterator[ExtractResult]:
    import kehoach.ingest.pipeline  # noqa: F401  (loaded once here, inherited by forked workers)

    chunks = deque(items[i:i + size] for i in range(0, len(items), size))
    window = workers * 3
    ctx = _mp_context()
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
    inflight: deque[tuple[list[Item], Future]] = deque()
    try:
        while chunks or inflight:
            while chunks and len(inflight) < window:
                chunk = chunks.popleft()
                inflight.append((chunk, pool.submit(_extract_chunk, chunk, opts)))
            chunk, fut = inflight.popleft()
            try:
                yield from fut.result()
                continue
            except BrokenProcessPool:
                pass
            # a worker died: everything in flight is lost. New pool; retry the lost files one per task.
            pool.shutdown(wait=False, cancel_futures=True)
            lost = [chunk] + [c for c, _ in inflight]
            inflight.clear()
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
            for c in lost:
                for p in c:
                    result, pool = _isolated(pool, p, workers, ctx, opts)
                    yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolated(pool: ProcessPoolExecutor, item: Item, workers: int, ctx,
              opts: _Options) -> tuple[ExtractResult, ProcessPoolExecutor]:
    path = item if isinstance(item, str) else item[0]
    try:
        return pool.submit(opts.extract, item).result(), pool
    except BrokenProcessPool:
        pool.shutdown(wait=False, cancel_futures=True)
        err = ExtractResult(path=path, error=f"{path}: internal error (the extractor process crashed on this file)")
        return err, ProcessPoolExecutor(max_workers=workers, mp_context=ctx)


class _Progress:
    """A rich progress bar on stderr (files done/total, files/s, errors, cached); refreshed from the caller's
    thread only (no refresh thread, so forking workers stays safe)."""

    def __init__(self, total: int):
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("extract"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} files/s"), TextColumn("{task.fields[info]}"), TimeElapsedColumn(),
            console=Console(file=sys.stderr), auto_refresh=False, transient=False)
        self.task = self.progress.add_task("extract", total=total, rate="-", info="")
        self.start = time.perf_counter()
        self.last = 0.0
        self.done = self.errors = self.cached = 0
        self.progress.start()

    def advance(self, r: ExtractResult) -> None:
        self.done += 1
        self.errors += r.error is not None
        self.cached += r.cached
        now = time.perf_counter()
        if now - self.last >= 0.2:
            self._update(now)

    def _update(self, now: float) -> None:
        self.last = now
        rate = self.done / (now - self.start) if now > self.start else 0.0
        info = ", ".join(s for s in (f"{self.cached} cached" if self.cached else "",
                                     f"{self.errors} failed" if self.errors else "") if s)
        self.progress.update(self.task, completed=self.done, rate=f"{rate:,.0f}", info=info)
        self.progress.refresh()

    def close(self) -> None:
        self._update(time.perf_counter())
        self.progress.stop()
