"""The spilled tasks' part of the writers, done while the graph is still being resolved.

A big build resolves its graph in one child process, with the tasks of single-source plans spilled to sorted
runs on disk (``kehoach.graph.spill``): three fifths of the graph's nodes and edges, final as soon as they are
spilled. Meanwhile a core of the machine would wait. Here another child reads each run as it is written and
spools what the writers make of it: the RDF lines (``kehoach.graph.rdf_stream.QuadSpool``) and the Cypher
rows (``kehoach.graph.cypher_db.RowSpool``). The writers then read only the rest of the graph (written beside
``graph.json`` by ``save_graph(..., core=...)``) and merge these in; what they write is the same.

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

import json
from collections.abc import Iterable
from pathlib import Path

CYPHER_DIR = "cypher"
"""The sub-folder of the spilled rows for the Cypher database (the RDF partitions are beside it)."""


def write_spilled(runs: Iterable[str | Path], folder: str | Path, files: list[str], shares: int,
                  rdf: bool = True, cypher: bool = True) -> int:
    """Read every run (``nodes-N`` or ``links-N`` files of a ``TaskSpill``, in any order, as they come) and
    spool its RDF lines into ``folder`` (partitioned for ``shares`` TriG writers over ``files``) and its Cypher
    rows into ``folder/cypher``; the number of lines read."""
    from kehoach.graph.cypher_db import RowSpool
    from kehoach.graph.rdf_stream import QuadSpool

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sinks = ([QuadSpool(folder, files, shares)] if rdf else []) + ([RowSpool(folder / CYPHER_DIR)] if cypher else [])
    count = 0
    for run in runs:
        run = Path(run)
        links = run.name.startswith("links")
        with open(run, "rb") as f:
            for data in f:
                d = json.loads(data[data.rindex(b"\x00") + 1:])
                if links:
                    u, v, key = d.pop("source"), d.pop("target"), d.pop("key")
                    for sink in sinks:
                        sink.edge(u, v, key, d)
                else:
                    nid = d.pop("id")
                    for sink in sinks:
                        sink.node(nid, d)
                count += 1
    for sink in sinks:
        sink.close()
    return count
