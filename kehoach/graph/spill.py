"""Tasks written out of the graph while it is built: a national graph's tasks never all sit in memory.

Tasks and their relationships (HAS_TASK, LEADS, COORDINATES) are three fifths of a national graph's nodes
and edges, and only the record of their plan ever touches them when that plan has one source record. Such a
record's task part is built apart (a small graph of its own), encoded at once as the ``graph.json`` lines
:func:`kehoach.graph.store.save_graph` would write for it, and dropped; the lines are kept in sorted runs on
disk, and ``save_graph`` merges them into ``graph.json`` in their place: the file is byte for byte the one a
build holding every task would write. What the build still needs of the tasks is counted here: the report's
counts and, for the HTML map, the tasks folded into counts on their plans (see :meth:`TaskSpill.fold_into`).

>>> import networkx as nx, tempfile
>>> part = nx.MultiDiGraph()
>>> part.add_node("p/task/1", kind="Task", id="p/task/1", label="1 Tuyên truyền")
>>> _ = part.add_edge("p", "p/task/1", key="HAS_TASK", rel="HAS_TASK")
>>> _ = part.add_edge("a", "p/task/1", key="LEADS", rel="LEADS")
>>> with TaskSpill(tempfile.mkdtemp()) as spill:
...     spill.add(part)
...     [unkeyed(x)[:29] for x in spill.links()], spill.kinds, spill.rels["LEADS"]
([b'{"key":"LEADS","rel":"LEADS",', b'{"key":"HAS_TASK","rel":"HAS_'], Counter({'Task': 1}), 1)
"""

from __future__ import annotations

import heapq
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx

from kehoach.graph.store import link_json, node_json
from kehoach.graph.task_counts import FOLDED_RELS, task_roles

RUN_BYTES = 32 * 2**20
"""Bytes of lines sorted in memory before they are written as one run."""
SEP = "\x00"
"""Joins a line's sort key (its ids) and the line (ids and JSON lines never hold it; it sorts before any
character, so ``SEP.join(key)`` strings sort as the ``key`` tuples do)."""


def keyed(key: tuple[str, ...], line: bytes) -> bytes:
    """``line`` (a ``graph.json`` line, UTF-8) behind its sort key, in UTF-8 (which sorts as the text does):
    such lines sort by key.

    >>> sorted([keyed(("a-b",), b"{2}"), keyed(("a", "c"), b"{1}")])
    [b'a\\x00c\\x00{1}', b'a-b\\x00{2}']
    """
    return (SEP.join(key) + SEP).encode("utf-8") + line


def unkeyed(data: bytes) -> bytes:
    """The ``graph.json`` line (UTF-8) of a :func:`keyed` line.

    >>> unkeyed(keyed(("a", "b", "R"), b'{"rel":"R"}'))
    b'{"rel":"R"}'
    """
    return data[data.rindex(b"\x00") + 1:]


class _Runs:
    """Sorted runs of :func:`keyed` lines on disk; ``merged`` reads them back as one sorted stream."""

    def __init__(self, folder: Path, name: str, on_run: Callable[[Path], None] | None = None):
        self.folder, self.name, self.on_run = folder, name, on_run
        self.buffer: list[bytes] = []
        self.size = 0
        self.paths: list[Path] = []

    def add(self, data: bytes) -> None:
        self.buffer.append(data)
        self.size += len(data)
        if self.size >= RUN_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self.buffer:
            return
        self.buffer.sort()
        path = self.folder / f"{self.name}-{len(self.paths)}"
        with open(path, "wb") as f:
            f.write(b"\n".join(self.buffer) + b"\n")
        self.paths.append(path)
        self.buffer, self.size = [], 0
        if self.on_run is not None:
            self.on_run(path)

    def merged(self) -> Iterator[bytes]:
        self.flush()
        return heapq.merge(*(_read_run(p) for p in self.paths))


def _read_run(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        for data in f:
            yield data[:-1]


class TaskSpill:
    """The task parts of single-source plans, as sorted ``graph.json`` lines in ``folder`` (a new private folder
    inside it, removed on exit); see the module docstring.

    ``kinds`` and ``rels`` count what was spilled (nodes by kind, edges by type); ``folded`` counts tasks per
    plan and ``folded_rels`` tasks per (agency, plan, LEADS_TASKS or COORDINATES_TASKS). ``on_run`` is called
    with the path of every run once it is written (node runs are named ``nodes-N``, edge runs ``links-N``):
    another process may read it from then on, until the spill is closed.
    """

    def __init__(self, folder: str | Path, on_run: Callable[[Path], None] | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix=f".tasks.spool-{os.getpid()}-", dir=folder))
        self._nodes = _Runs(self.folder, "nodes", on_run)
        self._links = _Runs(self.folder, "links", on_run)
        self.kinds: Counter = Counter()
        self.rels: Counter = Counter()
        self.folded: Counter = Counter()
        self.folded_rels: Counter = Counter()

    def add(self, part: nx.MultiDiGraph) -> None:
        """Spill the Task nodes of ``part`` and all its edges (each has a Task at one end)."""
        nodes, pred = part._node, part._pred
        for n, attrs in nodes.items():
            if attrs.get("kind") == "Task":
                self._nodes.add(keyed((n,), node_json(n, attrs)))
                self.kinds["Task"] += 1
                plans, agencies = task_roles(pred, n)
                for p in plans:
                    self.folded[p] += 1
                    for a, rel in agencies:
                        self.folded_rels[(a, p, rel)] += 1
        for u, nbrs in part._succ.items():  # (not part.edges: a cached view would keep the part alive)
            for v, keys in nbrs.items():
                for k, attrs in keys.items():
                    self._links.add(keyed((u, v, k), link_json(u, v, k, attrs)))
                    self.rels[k] += 1

    def add_task(self, tid: str, attrs: dict, edges: dict[tuple[str, str], dict]) -> None:
        """Spill one Task node (``attrs``, its final attributes) and its edges ((from, type) -> attributes,
        in the order they were made): what :meth:`add` does with a part holding them, counts included.

        >>> with TaskSpill(tempfile.mkdtemp()) as spill:
        ...     spill.add_task("p/task/1", {"kind": "Task"}, {("p", "HAS_TASK"): {"rel": "HAS_TASK"},
        ...                                                   ("a", "LEADS"): {"rel": "LEADS"}})
        ...     spill.folded_rels, spill.rels["LEADS"]
        (Counter({('a', 'p', 'LEADS_TASKS'): 1}), 1)
        """
        self._nodes.add(keyed((tid,), node_json(tid, attrs)))
        self.kinds["Task"] += 1
        by_source: dict[str, list[str]] = {}
        for u, rel in edges:
            by_source.setdefault(u, []).append(rel)
        plans = sorted(u for u, rels in by_source.items() if "HAS_TASK" in rels)
        agencies = [(u, FOLDED_RELS[r]) for u, rels in by_source.items() for r in rels if r in FOLDED_RELS]
        for p in plans:
            self.folded[p] += 1
            for a, rel in agencies:
                self.folded_rels[(a, p, rel)] += 1
        for (u, rel), eattrs in edges.items():
            self._links.add(keyed((u, tid, rel), link_json(u, tid, rel, eattrs)))
            self.rels[rel] += 1

    def flush(self) -> None:
        """Write what waits in memory as runs (every run is then on disk and announced to ``on_run``)."""
        self._nodes.flush()
        self._links.flush()

    def nodes(self) -> Iterator[bytes]:
        """Every spilled node's line behind its id (see :func:`keyed`), by id."""
        return self._nodes.merged()

    def links(self) -> Iterator[bytes]:
        """Every spilled edge's line behind its (from, to, key) (see :func:`keyed`), in that order."""
        return self._links.merged()

    def fold_into(self, g: nx.MultiDiGraph) -> None:
        """Give ``g`` (the graph without the spilled tasks) what the HTML map draws of them: ``folded_tasks`` on
        each plan and an agency -> plan ``LEADS_TASKS`` / ``COORDINATES_TASKS`` edge with its ``count``, as
        ``kehoach.graph.html_reduce.fold_tasks`` draws tasks. Changes ``g``: for a graph about to be dropped."""
        nodes, succ, pred = g._node, g._succ, g._pred
        for p, n in self.folded.items():
            if p in nodes:
                nodes[p]["folded_tasks"] = n
        empty: list = []  # (never changed: shared by every folded edge, as the graph's one-item lists are)
        # in the records' order (deterministic), straight into the adjacency: at 100k plans 1.4M edges, and
        # add_edge cost more than the rest of the map
        for (a, p, rel), n in self.folded_rels.items():
            if a in nodes and p in nodes:
                attrs = {"rel": rel, "count": n, "sources": empty, "evidence": empty}
                keys = succ[a].get(p)
                if keys is None:
                    succ[a][p] = pred[p][a] = {rel: attrs}
                else:
                    keys[rel] = attrs

    def close(self) -> None:
        """Remove the runs and forget the folded counts (``kinds`` and ``rels`` stay)."""
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folded, self.folded_rels = Counter(), Counter()

    def __enter__(self) -> TaskSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
