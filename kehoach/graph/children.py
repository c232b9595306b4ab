"""The writers of a big build, each in a child process that reads only ``graph.json`` (and the same
machinery for the child that resolves the graph and writes ``graph.json``, see ``kehoach.graph.resolver``).

``start_writer`` starts one (the Cypher DB, or one share of the TriG) in a fresh, spawned process: it shares
no memory with the build, which has released its graph by then. ``wait_writers`` waits for all of them and
returns their own seconds; the first that fails stops the others at once (at 100k plans a writer runs for
minutes) and is reported as a ``BuildError`` naming the writer and the reason. A stopped writer's temporary
files carry its pid and are removed with it.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "graph.json").write_text('{"graph":{},"links":[\\n],"multigraph":true,"nodes":[\\n{"id": broken\\n')
>>> wait_writers([start_writer("cypher", d)])
Traceback (most recent call last):
...
kehoach.graph.children.BuildError: the embedded Cypher database (graph.lbug) could not be written: DamagedGraph: ...graph.json is damaged (line 3: unexpected character, expected a JSON value); run 'kehoach build' again
>>> wait_writers([start_writer("rdf", d, None, (0, 2)), start_writer("rdf", d, None, (1, 2))])
Traceback (most recent call last):
...
kehoach.graph.children.BuildError: the RDF graph (graph.trig) could not be written: ValueError: ... not a graph.json written by kehoach build
>>> sorted(p.name for p in d.iterdir())
['graph.json']
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from kehoach.util import atomic_path, remove_leftovers

TRIG_FILE = "graph.trig"
WRITES = {"cypher": "the embedded Cypher database (graph.lbug)", "rdf": "the RDF graph (graph.trig)",
          "spilled": "the spilled tasks' part of graph.trig and graph.lbug", "resolve": "the resolved graph (graph.json)"}


class BuildError(RuntimeError):
    """A writer of the build failed (the message names it and why); what it was writing is not left behind."""


def rdf_shares() -> int:
    """How many child processes write the TriG of a big graph, each a range of its named graphs (the cores,
    at most 4: each share parses all of ``graph.json``).

    >>> 1 <= rdf_shares() <= 4
    True
    """
    return max(1, min(4, os.cpu_count() or 1))


def share_path(out: Path, i: int) -> Path:
    """Where share ``i`` of the TriG is written (named after this process, see ``remove_leftovers``).

    >>> share_path(Path("/o"), 1).name.startswith(".graph.trig.share-")
    True
    """
    return out / f".graph.trig.share-{os.getpid()}-{i}"


def spawn_context() -> Any:
    """The multiprocessing context of the build's children (queues and events between them come from it)."""
    return multiprocessing.get_context("spawn")


class Writer:
    """One child of the build (a writer, or the resolution child): its process, the end of the pipe its result
    comes back on, what it writes (a key of ``WRITES``) and where."""

    def __init__(self, what: str, out: Path, target: Any, args: tuple) -> None:
        ctx = spawn_context()
        self.what, self.out = what, Path(out)
        self.conn, send = ctx.Pipe(duplex=False)
        self.proc = ctx.Process(target=_run, args=(send, target, args, os.getpid()), daemon=True)
        self.proc.start()
        send.close()  # only the child holds the sending end: its death is an EOF here

    def result(self) -> Any:
        """What the child returned (a writer: its seconds), or BuildError (its exception, or its crash)."""
        try:
            ok, value = self.conn.recv()
        except EOFError:
            ok, value = False, f"the child process crashed (exit code {self.proc.exitcode})"
        self.proc.join()
        self.conn.close()
        if not ok:
            raise BuildError(f"{WRITES[self.what]} could not be written: {value}")
        return value

    def stop(self) -> None:
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join()
        self.conn.close()


def die_with_parent(parent: int) -> None:
    """In a child: be killed when the process that started it dies, however it dies (Linux's
    ``PR_SET_PDEATHSIG``; elsewhere nothing). An orphaned child went on resolving and writing into the build's
    folder after the build was killed; a parent already gone ends the child at once.
    """
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def _run(send: Connection, target: Any, args: tuple, parent: int) -> None:
    """In the child: run ``target(*args)`` and send back (True, result) or (False, "Type: reason")."""
    die_with_parent(parent)
    try:
        send.send((True, target(*args)))
    except BaseException as err:  # noqa: BLE001  (reported to the parent, which raises BuildError)
        send.send((False, f"{type(err).__name__}: {' '.join(str(err).split())}"))


def start_writer(what: str, out: Path, files: list[str] | None = None, share: tuple[int, int] = (0, 1),
                 source: Path | None = None, spilled: Path | None = None) -> Writer:
    """Start the writer ``what``: "cypher", or "rdf" for ``share`` (i, n) of the TriG (written to
    :func:`share_path`), in a spawned child process. ``source`` and ``spilled``: as
    ``write_trig_from_saved`` and ``write_cypher_db_from_saved`` take them (``spilled``: the folder of
    ``kehoach.graph.spill_writers``)."""
    if what == "cypher":
        from kehoach.graph.spill_writers import CYPHER_DIR

        cypher_rows = spilled / CYPHER_DIR if spilled is not None else None
        return Writer(what, out, _timed_cypher, (str(out), source and str(source), cypher_rows and str(cypher_rows)))
    return Writer(what, out, _timed_rdf, (str(out), files, share, str(share_path(out, share[0])),
                                          source and str(source), spilled and str(spilled)))


def start_spill_writer(out: Path, files: list[str], shares: int, folder: Path, runs: Any, done: Any,
                       rdf: bool = True, cypher: bool = True) -> Writer:
    """Start the child that spools what the writers make of the spilled tasks into ``folder`` (see
    ``kehoach.graph.spill_writers``) while the graph is resolved: it reads each run whose path arrives on the queue
    ``runs`` (None: the last was sent), then sets the event ``done`` (after which the runs may be removed)
    and returns the seconds it worked (its waits for runs left out)."""
    return Writer("spilled", out, _timed_spilled, (files, shares, str(folder), runs, done, rdf, cypher))


def wait_writers(writers: list[Writer]) -> dict[int, Any]:
    """Wait for every writer; {index in ``writers``: what it returned (a writer: its seconds)}. The first to fail stops the others, whose
    temporary files (named after their pid) are then removed, and raises its BuildError."""
    pending = {w.conn: i for i, w in enumerate(writers)}
    done: dict[int, float] = {}
    try:
        while pending:
            for conn in wait(list(pending)):
                i = pending.pop(conn)
                done[i] = writers[i].result()
    except BuildError:
        for w in writers:
            w.stop()
        for out in {w.out for w in writers}:
            remove_leftovers(out)
        raise
    return done


def join_shares(out: Path, shares: int) -> None:
    """``graph.trig`` from its shares, in order (the first is moved, the others appended), atomically."""
    with atomic_path(out / TRIG_FILE) as tmp:
        os.replace(share_path(out, 0), tmp)
        with open(tmp, "ab") as dst:
            for i in range(1, shares):
                with open(share_path(out, i), "rb") as src:
                    shutil.copyfileobj(src, dst, 1 << 24)


def _timed_cypher(out: str, source: str | None, spilled: str | None) -> float:
    """In the child: load the Cypher DB from ``out/graph.json`` (or ``source`` and the ``spilled`` rows); the
    seconds it took."""
    from kehoach.graph.cypher_db import write_cypher_db_from_saved

    start = time.perf_counter()
    write_cypher_db_from_saved(out, source, spilled)
    return round(time.perf_counter() - start, 3)


def _timed_rdf(out: str, files: list[str] | None, share: tuple[int, int], path: str, source: str | None,
               spilled: str | None) -> float:
    """In the child: write one share of the TriG to ``path``, streamed from ``out/graph.json`` (or ``source``
    and the ``spilled`` lines); seconds."""
    from kehoach.graph.rdf_stream import write_trig_from_saved

    start = time.perf_counter()
    write_trig_from_saved(out, path, files, share, source, spilled)
    return round(time.perf_counter() - start, 3)


def _timed_spilled(files: list[str], shares: int, folder: str, runs: Any, done: Any, rdf: bool,
                   cypher: bool) -> float:
    """In the child: spool the spilled tasks' RDF lines and Cypher rows, run by run as they come; the seconds
    it worked."""
    from kehoach.graph.spill_writers import write_spilled

    waited = 0.0
    start = time.perf_counter()

    def paths():
        nonlocal waited
        while True:
            clock = time.perf_counter()
            path = runs.get()
            waited += time.perf_counter() - clock
            if path is None:
                return
            yield path

    write_spilled(paths(), folder, files, shares, rdf, cypher)
    done.set()
    return round(time.perf_counter() - start - waited, 3)
