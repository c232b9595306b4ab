"""Resolution of a big build in a child process of its own: the build's process never holds the graph.

At 100k plans the resolved graph is gigabytes of small Python objects; once freed, much of that memory stays
with the process that held it (its allocator's arenas), and that process then waits for the writers while they
grow. Here the heads of the records (what resolution needs first, see ``ExtractedDocument.head``) are written to
a file as they arrive instead of kept in memory, and one spawned child reads them back, resolves the graph
(with the tasks spilled, see ``kehoach.graph.spill``), writes ``graph.json`` and the HTML map, builds the
report, and exits: its memory goes back to the system whole.

>>> import tempfile, pathlib
>>> from kehoach.ingest.models import ExtractedDocument
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> with HeadsFile(d / ".heads") as heads:
...     heads.add(ExtractedDocument(file="b.txt")); heads.add(ExtractedDocument(file="a.txt"))
>>> [h.file for h in read_heads(d / ".heads")], heads.count
(['b.txt', 'a.txt'], 2)
"""

from __future__ import annotations

import os
import pickle
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from kehoach.ingest.models import ExtractedDocument


def heads_path(out: Path) -> Path:
    """Where a build writes its heads (named after its process, see ``kehoach.util.remove_leftovers``)."""
    return Path(out) / f".heads.spool-{os.getpid()}"


class HeadsFile:
    """Heads pickled one after another into ``path``."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.count = 0
        self._f = open(self.path, "wb")

    def add(self, head: ExtractedDocument) -> None:
        pickle.dump(head, self._f, protocol=pickle.HIGHEST_PROTOCOL)  # each its own pickle: no memo kept
        self.count += 1

    def close(self) -> None:
        self._f.close()

    def __enter__(self) -> HeadsFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_heads(path: str | Path) -> Iterator[ExtractedDocument]:
    """The heads of a :class:`HeadsFile`, in the order they were added."""
    with open(path, "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


def resolve_saved(out: str | Path, heads_file: str | Path, rows: list[dict[str, Any]], html: bool,
                  runs: Any = None, done: Any = None, core: str | None = None) -> dict[str, Any]:
    """Resolve the graph of ``out/records.json`` (heads from ``heads_file``, which is removed), write
    ``graph.json`` and, with ``html``, ``graph.html``; return ``{"report": …, "timings": {resolve, graph_json,
    html}}``. What the resolution child runs; see :func:`resolve_in_child`.

    ``runs``, ``done``, ``core``: the path of every run of the spilled tasks is put on the queue ``runs`` as it
    is written (then None), the graph without them is also written to ``core``, and the runs are kept until
    the event ``done`` is set (see ``kehoach.graph.children.start_spill_writer``)."""
    from kehoach.graph.build import build_graph_streamed
    from kehoach.graph.records import RECORDS_FILE, iter_records
    from kehoach.graph.report import build_report
    from kehoach.graph.spill import TaskSpill
    from kehoach.graph.store import save_graph
    from kehoach.util import paused_gc

    out = Path(out)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    on_run = (lambda path: runs.put(str(path))) if runs is not None else None
    with paused_gc():
        heads = list(read_heads(heads_file))
        Path(heads_file).unlink(missing_ok=True)
        with TaskSpill(out, on_run) as spill:
            g = build_graph_streamed(heads, iter_records(out / RECORDS_FILE), spill)
            if runs is not None:
                spill.flush()
                runs.put(None)
            timings["resolve"] = round(time.perf_counter() - clock, 3)
            clock = time.perf_counter()
            save_graph(g, out, spill, core=core)
            timings["graph_json"] = round(time.perf_counter() - clock, 3)
            report = build_report(rows, g, spill)
            if html:
                from kehoach.graph.html import write_html

                clock = time.perf_counter()
                spill.fold_into(g)  # graph.json is written: g only serves the map now
                write_html(g, out / "graph.html")
                timings["html"] = round(time.perf_counter() - clock, 3)
            if done is not None:
                g.clear()  # (its memory, for the skeleton)
                del g
                clock = time.perf_counter()
                keep_skeleton(out)
                timings["skeleton"] = round(time.perf_counter() - clock, 3)
                clock = time.perf_counter()
                done.wait()
                timings["spill_wait"] = round(time.perf_counter() - clock, 3)
    return {"report": report, "timings": timings}


def keep_skeleton(out: str | Path) -> bool:
    """Read the skeleton of the ``graph.json`` just written in ``out`` and keep it for the maps
    (:mod:`kehoach.graph.skeleton_cache`), so that the first ``kehoach viz`` of a national graph does not read
    the whole file. The resolution child does it while the spill child finishes, in the time it used to spend
    waiting for it (at 100k plans: 22.5–23.7 s, against waits of 18–23 s). False when it could not be kept (a
    folder that cannot be written, too little memory left): the build goes on, and the first map reads the file
    as before.

    >>> import networkx as nx, tempfile
    >>> from kehoach.graph.skeleton_cache import load_skeleton
    >>> from kehoach.graph.store import save_graph
    >>> d = tempfile.mkdtemp(); _ = save_graph(nx.MultiDiGraph([("p", "t", "HAS_TASK")]), d)
    >>> keep_skeleton(d), load_skeleton(d).rel_edges({"HAS_TASK"})
    (True, [('p', 't', 'HAS_TASK')])
    """
    from kehoach.graph.skeleton_cache import read_skeleton

    try:
        return read_skeleton(out)[1]
    except (OSError, ValueError, MemoryError):  # (a cache: the graph.json it would serve is written)
        return False


def resolve_in_child(out: Path, heads_file: Path, rows: list[dict[str, Any]], html: bool,
                     spilled: tuple[list[str], int, Path, Path, bool, bool] | None = None) -> dict[str, Any]:
    """Run :func:`resolve_saved` in a spawned child process and return its result (``timings`` also gets
    ``resolve_child``: the child's wall time, start and exit included); BuildError when it fails.

    ``spilled`` = (files, shares, folder, core, rdf, cypher): meanwhile, another child spools what the RDF
    (``shares`` TriG writers over ``files``) and Cypher writers make of the spilled tasks into ``folder`` (see
    ``kehoach.graph.spill_writers``; ``timings["spilled"]``: its seconds of work), and the graph without them is
    also written to ``core``: the writers then read ``core`` and ``folder``, not ``graph.json``."""
    from kehoach.graph.children import Writer, spawn_context, start_spill_writer, wait_writers

    start = time.perf_counter()
    children = []
    try:
        if spilled is None:
            children.append(Writer("resolve", out, resolve_saved, (str(out), str(heads_file), rows, html)))
        else:
            files, shares, folder, core, rdf, cypher = spilled
            ctx = spawn_context()
            runs, done = ctx.Queue(), ctx.Event()
            children.append(Writer("resolve", out, resolve_saved,
                                   (str(out), str(heads_file), rows, html, runs, done, str(core))))
            children.append(start_spill_writer(out, files, shares, Path(folder), runs, done, rdf, cypher))
        got = wait_writers(children)
    finally:
        for child in children:
            child.stop()
    result = got[0]
    if spilled is not None:
        result["timings"]["spilled"] = got[1]
    result["timings"]["resolve_child"] = round(time.perf_counter() - start, 3)
    return result
