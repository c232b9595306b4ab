"""``kehoach build``: files -> records -> resolved graph -> every writer, plus ``report.json``.

Writes into ``out``: ``graph.json`` (the file every writer reads), ``records.json``, ``graph.trig`` (rdf; the
SPARQL store ``graph.oxigraph/`` is loaded from it on first use),
the embedded Cypher database (cypher), ``graph.html`` (html) and ``report.json``; extraction records
are cached by content hash in ``out/.cache/records.sqlite`` (``full=True`` re-extracts every file). A file
that fails is reported with its reason and never takes the others down; every file is written atomically.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("KẾ HOẠCH\\nThông tin đối ngoại\\n")
>>> r = build_paths([d / "a.txt"], d / "out", html=False, cypher=False)
>>> r["files"][0]["status"], (d / "out" / "graph.trig").exists()
('ok', True)
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from kehoach.graph.build import build_graph_streamed
from kehoach.graph.children import TRIG_FILE, BuildError, join_shares, rdf_shares, share_path, wait_writers  # noqa: F401  (BuildError: the CLI imports it from here)
from kehoach.graph.children import start_writer as _start_child
from kehoach.graph.records import RECORDS_FILE, SPOOL_FILE, RecordSpool, iter_records
from kehoach.graph.report import build_report
from kehoach.graph.resolver import HeadsFile, heads_path, resolve_in_child
from kehoach.graph.store import CACHE_DIR, save_graph
from kehoach.graph.uptodate import forget, record, snapshot, up_to_date
from kehoach.util import (
    atomic_write_text,
    paused_gc,
    release_memory,
    remove_leftovers,
    writing_folder,
)

REPORT_FILE = "report.json"
SPILLED = ".writers.spool"
"""(+ ``-PID``) The folder where a big build's writers get the spilled tasks spooled while it resolves (see
``kehoach.graph.spill_writers``)."""
CORE_GRAPH = ".graph-core.spool"
"""(+ ``-PID``) ``graph.json`` without the spilled tasks, which the writers of a big build read."""


def _show_progress(total: int) -> bool:
    return total >= 20 and sys.stderr.isatty()


BIG_BUILD_FILES = 5_000
"""From this many input files, a build resolves its graph in a child process (``kehoach.graph.resolver``; the
heads of the records wait in a file, not in memory), with the tasks of plans with one source record built out
of the graph in memory and put back only into ``graph.json`` (``kehoach.graph.spill``; at 100k plans the
graph's peak memory halves); the writers then read ``graph.json`` in child processes."""

CHILD_WRITER_MIN = 100_000
"""Graphs from this many nodes + edges are written to RDF and the Cypher DB by child processes (below it,
starting them costs more than it saves)."""


def _use_child(g: Any, child_writers: bool | None) -> bool:
    if child_writers is not None:
        return child_writers
    return g.number_of_nodes() + g.number_of_edges() >= CHILD_WRITER_MIN


def build_paths(paths: Iterable[str | Path], out: str | Path, jobs: int = 0, full: bool = False,
                html: bool = True, cypher: bool = True, rdf: bool = True,
                sparql_store: bool = False, child_writers: bool | None = None,
                on_stage: Callable[[str], None] | None = None, spill_tasks: bool | None = None) -> dict[str, Any]:
    """Extract every file under ``paths``, build and resolve the graph, write it to ``out``; return the report.

    ``report["timings_s"]`` gives the wall time of every stage (extract, records_json, resolve, graph_json,
    rdf, cypher_db, html). ``sparql_store`` also loads the SPARQL query store ``graph.oxigraph/`` now
    (otherwise the first SPARQL question builds it, see ``kehoach.graph.rdfstore``). ``child_writers``: once
    ``graph.json`` and the HTML are written, release the graph and write the RDF and the Cypher DB in two child
    processes, in parallel, each streaming ``graph.json`` (None: when the graph has at least
    ``CHILD_WRITER_MIN`` nodes and edges); ``timings_s["rdf"]`` and ``["cypher_db"]`` are then the children's
    own wall times and ``writers_wait`` how long this process waited for both. ``on_stage`` is called with a
    short description of each stage after extraction as it starts ("resolving the graph", …): at 100k plans
    they take about 13 minutes, and extraction has its own progress bar. ``spill_tasks``: resolve in a child
    process with the tasks of single-source plans built out of the graph in memory (None: from
    ``BIG_BUILD_FILES`` input files); the writers then always run as child processes, whatever
    ``child_writers`` says, and ``timings_s`` has the child's ``resolve_child`` (its wall time).

    Unless ``full``, a folder that already holds this build (the same inputs, options and code, its outputs
    untouched: see ``kehoach.graph.uptodate``) is left as it is and its report returned, with ``up_to_date``.
    Another build writing ``out`` at the same time is refused (``kehoach.util.FolderBusy``).
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with writing_folder(out):  # (another build writing ``out``: FolderBusy)
        return _build_paths(paths, out, jobs, full, html, cypher, rdf, sparql_store, child_writers, on_stage,
                            spill_tasks)


def _build_paths(paths: Iterable[str | Path], out: Path, jobs: int, full: bool, html: bool, cypher: bool, rdf: bool,
                 sparql_store: bool, child_writers: bool | None, on_stage: Callable[[str], None] | None,
                 spill_tasks: bool | None) -> dict[str, Any]:
    """:func:`build_paths` with ``out`` locked."""
    from kehoach.ingest.batch import extract_many
    from kehoach.ingest.readers import iter_input_files, missing_reason, unique_names

    stale = remove_leftovers(out)  # an interrupted build's temporary files (at 100k plans: tens of GB)
    if stale:
        print(f"kehoach: removed {len(stale)} leftover(s) of an interrupted build in {out}", file=sys.stderr)
    timings: dict[str, float] = {}
    clock = time.perf_counter()
    tell = on_stage or (lambda label: None)

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 3)
        clock = now

    files, missing = iter_input_files(list(paths), skip=[out])  # (not this build's own outputs)
    names = unique_names(files)  # two files of one name (a folder per province) are two sources
    options = {"html": html, "cypher": cypher, "rdf": rdf, "sparql_store": sparql_store}
    snap = snapshot(files, missing, options)  # before any file is read: a file written later is seen next time
    if not full:
        done = up_to_date(out, snap)
        if done is not None:  # the same inputs, options and code: what ``out`` holds is what this build would write
            done["up_to_date"] = True
            return done
    forget(out)
    rows: list[dict[str, Any]] = [{"path": m, "file": Path(m).name, "status": "failed",
                                   "reason": missing_reason(m)} for m in missing]
    if spill_tasks is None:
        spill_tasks = len(files) >= BIG_BUILD_FILES
    results = extract_many(files, jobs=jobs, cache_dir=out / CACHE_DIR, full=full,
                           progress=_show_progress(len(files)), encoded=True, names=names)
    heads_file = HeadsFile(heads_path(out)) if spill_tasks else None
    try:
        hashes: dict[str, str] = {}
        report = _build_from(results, out, rows, hashes, names, timings, lap, tell, heads_file, html=html, cypher=cypher,
                             rdf=rdf, sparql_store=sparql_store, child_writers=child_writers)
        record(out, snap, hashes)
        return report
    finally:
        if heads_file is not None:
            heads_file.close()
            heads_file.path.unlink(missing_ok=True)


def _build_from(results: Iterable[Any], out: Path, rows: list[dict[str, Any]], hashes: dict[str, str],
                names: dict[str, str], timings: dict[str, float],
                lap: Callable[[str], None], tell: Callable[[str], None], heads_file: HeadsFile | None, *,
                html: bool, cypher: bool, rdf: bool, sparql_store: bool, child_writers: bool | None) -> dict[str, Any]:
    """:func:`build_paths` once extraction has started: spool the results (``hashes``: each file's sha256, by
    path, as extracted; ``names``: what the records call the files not called by their file name), resolve,
    write."""
    # pass 1: each record is spooled to disk as it arrives; only its head (metadata, citations) stays
    with paused_gc(), RecordSpool(out / SPOOL_FILE, heads_file) as spool:
        for result in results:
            name = result.record.file if result.record is not None else names.get(result.path, Path(result.path).name)
            if result.record is not None and not result.error:
                spool.add(result.record, result.data)
                hashes[str(result.path)] = result.record.sha256
                rows.append({"path": str(result.path), "file": name, "status": "ok", "reason": ""})
            else:
                reason = result.error or "no record"
                prefix = f"{result.path}: "
                rows.append({"path": str(result.path), "file": name, "status": "failed",
                             "reason": reason[len(prefix):] if reason.startswith(prefix) else reason})
        result = None  # the last result holds a head: only ``spool.heads`` may
        rows.sort(key=lambda r: (r["path"], r["file"]))
        lap("extract")
        tell("writing records.json")
        spool.write_sorted(out / RECORDS_FILE)
        heads, spool.heads = spool.heads, []  # only this list holds them: emptied once the plans are resolved
        any_record = spool.count > 0
    lap("records_json")
    if heads_file is not None:  # pass 2 in a child process, which leaves only the files it wrote
        heads_file.close()
        files = [r["file"] for r in rows if r["status"] == "ok"]
        folder, core = out / f"{SPILLED}-{os.getpid()}", out / f"{CORE_GRAPH}-{os.getpid()}"
        early = rdf or cypher
        tell("resolving the graph, writing graph.json" + (" and graph.html" if html else "")
             + (", keeping the skeleton for maps" if early else "") + " (a child process"
             + ("; another spools the writers' part of the tasks meanwhile)" if early else ")"))
        try:
            done = resolve_in_child(out, heads_file.path, rows, html,
                                    (files, rdf_shares(), folder, core, rdf, cypher) if early else None)
            timings.update(done["timings"])
            return _run_writers(out, done["report"], rows, timings, cypher=cypher, rdf=rdf,
                                sparql_store=sparql_store, any_record=any_record, tell=tell,
                                source=core if early else None, spilled=folder if early else None)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            core.unlink(missing_ok=True)
    # pass 2: full records streamed back from records.json, one at a time
    tell("resolving the graph")
    g = build_graph_streamed(heads, iter_records(out / RECORDS_FILE))
    del heads
    lap("resolve")
    tell("writing graph.json")
    save_graph(g, out)
    lap("graph_json")
    if _use_child(g, child_writers):
        held = [g]
        del g  # only _finish_in_children holds the graph now: it drops it before the writers start
        return _finish_in_children(held, out, rows, timings, html=html, cypher=cypher, rdf=rdf,
                                   sparql_store=sparql_store, any_record=any_record, tell=tell)
    if rdf:
        from kehoach.graph.rdf import write_trig

        tell("writing graph.trig")
        write_trig(g, out / TRIG_FILE, store=sparql_store)
        lap("rdf")
    if cypher:
        from kehoach.graph.cypher_db import write_cypher_db

        tell("writing the Cypher database")
        write_cypher_db(g, out)
        lap("cypher_db")
    if html:
        from kehoach.graph.html import write_html

        tell("writing graph.html")
        write_html(g, out / "graph.html")
        lap("html")
    return _write_report(out, build_report(rows, g), timings, any_record, rows)


def _write_report(out: Path, report: dict[str, Any], timings: dict[str, float], any_record: bool,
                  rows: list[dict[str, Any]]) -> dict[str, Any]:
    report["timings_s"] = timings
    atomic_write_text(out / REPORT_FILE, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    if not any_record and rows:
        print("kehoach: no file could be extracted", file=sys.stderr)
    return report


def _finish_in_children(held: list[Any], out: Path, rows: list[dict[str, Any]], timings: dict[str, float], *, html: bool,
                        cypher: bool, rdf: bool, sparql_store: bool, any_record: bool,
                        tell: Callable[[str], None]) -> dict[str, Any]:
    """A big graph: HTML and the report from the graph in memory, then the graph is released and the Cypher
    writer and :func:`rdf_shares` RDF writers run in child processes, each streaming ``graph.json``
    (``timings_s["cypher_db"]`` and ``["rdf"]`` are their own times, in parallel, the latter with joining the
    shares; ``report_release`` the report and the release of the graph; ``writers_wait`` how long this process
    waited for the children)."""
    g = held.pop()
    clock = time.perf_counter()
    with paused_gc():  # a full collection now would walk every object of the graph (100k plans: ~50 s)
        if html:
            from kehoach.graph.html import write_html

            tell("writing graph.html")
            write_html(g, out / "graph.html")
            timings["html"] = round(time.perf_counter() - clock, 3)
        report = build_report(rows, g)
        g.clear()  # freed by reference counts, not by the cycle collector
    del g
    release_memory()  # the graph's memory goes back to the system before the children grow
    timings["report_release"] = round(time.perf_counter() - clock - timings.get("html", 0), 3)
    return _run_writers(out, report, rows, timings, cypher=cypher, rdf=rdf, sparql_store=sparql_store,
                        any_record=any_record, tell=tell)


def _run_writers(out: Path, report: dict[str, Any], rows: list[dict[str, Any]], timings: dict[str, float], *,
                 cypher: bool, rdf: bool, sparql_store: bool, any_record: bool,
                 tell: Callable[[str], None], source: Path | None = None,
                 spilled: Path | None = None) -> dict[str, Any]:
    """The Cypher writer and :func:`rdf_shares` RDF writers in child processes, streaming ``graph.json`` (or
    ``source`` and the ``spilled`` folder of ``kehoach.graph.spill_writers``, when given)."""
    clock = time.perf_counter()
    files = [r["file"] for r in rows if r["status"] == "ok"]
    n = rdf_shares() if rdf else 0
    parts = (["the Cypher database"] if cypher else []) + ([f"graph.trig (in {n} parts)"] if rdf else [])
    if parts:
        tell(f"writing {' and '.join(parts)}: {int(cypher) + n} child process(es)")
    writers = ([_start_child("cypher", out, source=source, spilled=spilled)] if cypher else []) + [
        _start_child("rdf", out, files, (i, n), source, spilled) for i in range(n)]
    try:
        seconds = wait_writers(writers)  # the first writer to fail stops the others
        for i, w in enumerate(writers):
            if w.what == "cypher":
                timings["cypher_db"] = seconds[i]
        if rdf:
            joined = time.perf_counter()
            tell("joining the shares of graph.trig")
            join_shares(out, n)
            rdf_s = max(s for i, s in seconds.items() if writers[i].what == "rdf")
            timings["rdf"] = round(rdf_s + time.perf_counter() - joined, 3)
            timings["rdf_shares"] = n
            if sparql_store:
                from kehoach.graph.rdfstore import build_store

                tell("loading the SPARQL store")
                build_store(out)
    finally:
        for w in writers:
            w.stop()
        for i in range(n):
            share_path(out, i).unlink(missing_ok=True)
    timings["writers_wait"] = round(time.perf_counter() - clock, 3)
    return _write_report(out, report, timings, any_record, rows)
