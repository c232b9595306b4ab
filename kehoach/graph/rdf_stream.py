"""``graph.trig`` of a saved ``graph.json``, streamed: the graph is never held in memory.

Every node and edge of ``graph.json`` is turned into its lines in each named graph it belongs to (the same
lines as :mod:`kehoach.graph.rdf` writes from a loaded graph: see :func:`node_quads` and :func:`edge_quads`),
and each line is spooled to one of a few partition files by range of its graph IRI. The partitions are then
read back in order, one at a time, and each graph's lines sorted and written as a TriG block: the same bytes
as :func:`kehoach.graph.rdf.write_trig`, with memory bounded by one partition whatever the size of the graph.
``kehoach build`` runs it, once the graph is large, in one child process per core (each a ``share``: a range of
the named graphs) beside the Cypher DB loader, and joins the shares in order.

>>> import tempfile, networkx as nx
>>> from kehoach.graph.store import save_graph
>>> from kehoach.graph.rdf import to_trig
>>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", title="T", sources=["a.txt"])
>>> d = tempfile.mkdtemp(); _ = save_graph(g, d)
>>> write_trig_from_saved(d).read_text(encoding="utf-8") == to_trig(g)
True
"""

from __future__ import annotations

import bisect
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from kehoach.graph.rdf_lines import (
    RESOLUTION_GRAPH,
    T_SAME,
    T_SOURCE,
    LineContext,
    edge_lines,
    iri_term,
    literal_term,
    node_lines,
)
from kehoach.graph.store import GRAPH_FILE, iter_saved_edges, iter_saved_nodes, saved_graph_attrs
from kehoach.graph.trig import header, trig_block
from kehoach.ontology.terms import KHR
from kehoach.util import atomic_path

PARTITION_BYTES = 64 * 2**20
"""About this many bytes of lines per partition (what is sorted in memory at once). Measured on one share at
10k plans: 668 MB max RSS with 256 MiB, 398 with 128, 259 with 64, in the same time (25–26 s)."""
MAX_PARTITIONS = 256
"""At most this many partition files per share (each is open, with its buffer, while the lines are spooled):
beyond about 8 GB of lines per share the partitions grow instead."""
LINES_PER_JSON_BYTE = 5
"""Bytes of N-Triples lines per byte of ``graph.json`` (measured: 4.7 at 10k plans), to size the partitions."""
_RESOLUTION = str(RESOLUTION_GRAPH)


class StreamContext(LineContext):
    """A :class:`LineContext` that keeps nothing per node or edge (each is seen once)."""

    def __init__(self, graph_attrs: dict[str, Any]):
        import networkx as nx

        g = nx.MultiDiGraph()
        g.graph.update(graph_attrs)
        super().__init__(g)
        self._last: tuple[tuple[str, str, str], dict[str, list[dict[str, Any]]]] | None = None

    def iri(self, nid: str) -> str:
        return iri_term(KHR + nid)

    def node_lines(self, nid: str, s: str, attrs: dict[str, Any]) -> list[str]:
        return node_lines(s, attrs, not (nid in self.merged or not attrs.get("sources")))

    def evidence_in(self, u: str, v: str, rel: str, evidence: list[dict[str, Any]], f: str) -> list[dict[str, Any]]:
        if len(evidence) <= 8:
            return [e for e in evidence if e.get("file") == f]
        if self._last is None or self._last[0] != (u, v, rel):
            by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for e in evidence:
                by_file[e.get("file")].append(e)
            self._last = ((u, v, rel), by_file)
        return self._last[1].get(f, [])


def node_quads(nid: str, attrs: dict[str, Any], ctx: LineContext, keep: Callable[[str], bool] = bool
               ) -> Iterator[tuple[str, list[str]]]:
    """(named graph IRI, lines) of one node: its description in each source graph (with the file it came from)
    and, when merged or sourceless, in the resolution graph; only for the graphs ``keep`` accepts."""
    sources = [f for f in attrs.get("sources") or () if keep(ctx.graph_of(f))]
    s = ctx.iri(nid)
    if (nid in ctx.merged or not attrs.get("sources")) and keep(_RESOLUTION):
        yield _RESOLUTION, node_lines(s, attrs, True)
    if sources:
        lines = ctx.node_lines(nid, s, attrs)
        for f in sources:
            yield ctx.graph_of(f), [*lines, f"{s} {T_SOURCE} {literal_term('', f)}"]


def edge_quads(u: str, v: str, rel: str, attrs: dict[str, Any], ctx: LineContext,
               keep: Callable[[str], bool] = bool) -> Iterator[tuple[str, list[str]]]:
    """(named graph IRI, lines) of one edge: its statement and evidence in each source graph, or the
    resolution graph for a derived or sourceless edge; only for the graphs ``keep`` accepts."""
    sources = attrs.get("sources") or []
    if (u, v, rel) in ctx.derived or not sources:
        if not keep(_RESOLUTION):
            return
        out: list[str] = []
        edge_lines(u, v, rel, attrs, None, ctx, out)
        yield _RESOLUTION, out
        return
    for f in sources:
        name = ctx.graph_of(f)
        if keep(name):
            out = []
            edge_lines(u, v, rel, attrs, f, ctx, out)
            yield name, out


class _Partitions:
    """Lines spooled to files by range of their graph IRI (``bounds``: the first IRI of every partition but the
    first), in blocks: a line ``<graph number> <count>``, then that many lines."""

    def __init__(self, folder: Path, bounds: list[str]):
        self.folder, self.bounds = folder, bounds
        self.ids: dict[str, int] = {}
        self.names: list[str] = []
        self.files: dict[int, Any] = {}

    def add(self, name: str, lines: list[str]) -> None:
        gid = self.ids.get(name)
        if gid is None:
            gid = self.ids[name] = len(self.names)
            self.names.append(name)
        part = bisect.bisect_right(self.bounds, name)
        f = self.files.get(part)
        if f is None:
            f = self.files[part] = open(self.folder / f"{part}.nt", "w", encoding="utf-8", newline="\n",
                                            buffering=1 << 20)
        f.write(f"{gid} {len(lines)}\n" + "\n".join(lines) + "\n")

    def graphs(self) -> Iterator[tuple[str, list[str]]]:
        """(graph IRI, sorted unique lines) of every graph, by IRI; one partition in memory at a time."""
        for f in self.files.values():
            f.close()
        for part in sorted(self.files):
            path = self.folder / f"{part}.nt"
            by_graph: dict[int, set[str]] = defaultdict(set)
            with open(path, encoding="utf-8", newline="\n") as f:
                for head in f:
                    gid, n = head.split()
                    by_graph[int(gid)].update(line[:-1] for line in islice(f, int(n)))
            path.unlink()
            for name, gid in sorted((self.names[gid], gid) for gid in by_graph):
                yield name, sorted(by_graph.pop(gid))


def _cuts(names: list[str], parts: int) -> list[str]:
    """The first name of every part but the first, cutting sorted ``names`` into ``parts`` about equal parts."""
    if parts <= 1 or len(names) < 2:
        return []
    return sorted({names[len(names) * k // parts] for k in range(1, parts)})


def write_trig_from_saved(graph_dir: str | Path, path: str | Path | None = None,
                          files: Iterable[str] | None = None, share: tuple[int, int] = (0, 1)) -> Path:
    """Write ``graph.trig`` (default: next to ``graph.json``) from ``graph_dir/graph.json``, atomically.

    ``files``: the source file names of the build (they balance the partitions and the shares; any graph is
    written whether listed or not). ``share=(i, n)``: write only the ``i``-th of ``n`` ranges of graphs (by IRI,
    balanced over ``files``), the prefix header with the first: the ``n`` files concatenated in order are the
    whole TriG, so ``n`` processes can write it in parallel.
    """
    graph_dir = Path(graph_dir)
    path = Path(path) if path is not None else graph_dir / "graph.trig"
    ctx = StreamContext(saved_graph_attrs(graph_dir))
    index, shares = share
    names = sorted({_RESOLUTION, *(ctx.graph_of(f) for f in files or ())})
    cuts = _cuts(names, shares)

    def keep(name: str) -> bool:
        return bisect.bisect_right(cuts, name) == index

    mine = [n for n in names if keep(n)]
    size = (graph_dir / GRAPH_FILE).stat().st_size * LINES_PER_JSON_BYTE * len(mine) / len(names)
    spool = Path(tempfile.mkdtemp(prefix=f".graph.trig.spool-{os.getpid()}-", dir=path.parent))
    try:
        parts = _Partitions(spool, _cuts(mine, min(MAX_PARTITIONS, int(-(-size // PARTITION_BYTES)))))
        for nid, attrs in iter_saved_nodes(graph_dir):
            for name, lines in node_quads(nid, attrs, ctx, keep):
                parts.add(name, lines)
        if ctx.same_as and keep(_RESOLUTION):
            parts.add(_RESOLUTION, [f"{ctx.iri(c)} {T_SAME} {ctx.iri(o)}" for c, os in ctx.same_as.items() for o in os])
        for u, v, key, attrs in iter_saved_edges(graph_dir):
            for name, lines in edge_quads(u, v, key, attrs, ctx, keep):
                if lines:
                    parts.add(name, lines)
        with atomic_path(path) as tmp, open(tmp, "wb") as out:
            if index == 0:
                out.write(header().encode("utf-8"))
            for name, lines in parts.graphs():
                out.write(trig_block(name, lines).encode("utf-8"))
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    return path
