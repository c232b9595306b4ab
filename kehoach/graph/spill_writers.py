"""The spilled tasks' part of the writers, done while the graph is still being resolved.

A big build resolves its graph in one child process, with the tasks of single-source plans spilled to sorted
runs on disk (``kehoach.graph.spill``): three fifths of the graph's nodes and edges, final as soon as they are
spilled. Meanwhile a core of the machine would wait. Here another child reads each run as it is written and
spools its RDF lines (``kehoach.graph.rdf_stream.QuadSpool``), then, once all are written, the Cypher rows of
all of them in ``graph.json`` order (``kehoach.graph.cypher_db.RowSpool``). The writers then read only the
rest of the graph (written beside ``graph.json`` by ``save_graph(..., core=...)``) and merge these in; what
they write is the same.

>>> import tempfile, pathlib, networkx as nx
>>> from kehoach.graph.spill import TaskSpill
>>> d = pathlib.Path(tempfile.mkdtemp()); part = nx.MultiDiGraph()
>>> part.add_node("p/task/1", kind="Task", title="T", sources=["a.txt"])
>>> _ = part.add_edge("p", "p/task/1", key="HAS_TASK", rel="HAS_TASK", sources=["a.txt"])
>>> with TaskSpill(d) as spill:
...     spill.add(part); spill.flush()
...     write_spilled(spill._nodes.paths + spill._links.paths, d / "out", ["a.txt"], 1)
2
>>> sorted(p.name for p in (d / "out").iterdir())
['0.nt', 'cypher']
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from pathlib import Path

from kehoach.util import json_loads

CYPHER_DIR = "cypher"
"""The sub-folder of the spilled rows for the Cypher database (the RDF partitions are beside it)."""


def write_spilled(runs: Iterable[str | Path], folder: str | Path, files: list[str], shares: int,
                  rdf: bool = True, cypher: bool = True) -> int:
    """Read every run (``nodes-N`` or ``links-N`` files of a ``TaskSpill``, in any order, as they come) and
    spool its RDF lines into ``folder`` (partitioned for ``shares`` TriG writers over ``files``); once the last
    has come, spool the Cypher rows of all of them, merged in ``graph.json`` order (the order a database's
    tables load in is the order its tasks are stored in, and tasks in id order, each plan's together, are
    what the questions that walk from agencies to tasks read fastest), into ``folder/cypher``. Returns the
    number of lines read (each run's lines once)."""
    from kehoach.graph.rdf_stream import QuadSpool

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    quads = QuadSpool(folder, files, shares) if rdf else None
    count = 0
    seen: list[Path] = []
    for run in runs:
        run = Path(run)
        seen.append(run)
        if quads is None:
            continue
        for links, d in _parsed(_lines(run), run.name.startswith("links")):
            if links:
                quads.edge(d.pop("source"), d.pop("target"), d.pop("key"), d)
            else:
                quads.node(d.pop("id"), d)
            count += 1
    if quads is not None:
        quads.close()
    if cypher:
        count = _cypher_rows(seen, folder / CYPHER_DIR)
    return count


def _lines(run: Path) -> Iterator[bytes]:
    with open(run, "rb") as f:
        yield from f


def _parsed(lines: Iterable[bytes], links: bool) -> Iterator[tuple[bool, dict]]:
    for data in lines:
        yield links, json_loads(data[data.rindex(b"\x00") + 1:])


def _cypher_rows(runs: list[Path], folder: Path) -> int:
    """The Cypher rows of every run, nodes then edges, each merged in key order (the runs are sorted)."""
    from kehoach.graph.cypher_db import RowSpool

    rows = RowSpool(folder)
    count = 0
    for links in (False, True):
        mine = [r for r in runs if r.name.startswith("links") == links]
        for _, d in _parsed(heapq.merge(*(_lines(r) for r in mine)), links):
            if links:
                rows.edge(d.pop("source"), d.pop("target"), d.pop("key"), d)
            else:
                rows.node(d.pop("id"), d)
            count += 1
    rows.close()
    return count
