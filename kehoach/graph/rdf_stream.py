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
    source_graph,
)
from kehoach.graph.store import GRAPH_FILE, iter_saved_edges, iter_saved_nodes, saved_graph_attrs
from kehoach.graph.trig import header, trig_block_bytes
from kehoach.ontology.terms import KHR
from kehoach.util import atomic_path

PARTITION_BYTES = 64 * 2**20
"""About this many bytes of lines per partition (what is sorted in memory at once). Measured on one share at
10k plans: 668 MB max RSS with 256 MiB, 398 with 128, 259 with 64, in the same time (25–26 s)."""
MAX_PARTITIONS = 256
"""At most this many partition files per share (each is open, with its buffer, while the lines are spooled):
beyond about 8 GB of lines per share the partitions grow instead."""
FLUSH_LINES = 250_000
"""Lines held in memory before they are written to the partitions (one block per graph)."""
BYTES_PER_FILE = 200_000
"""Bytes of N-Triples lines per source file (measured: 210 kB at 10k plans), to size the partitions of a build
from its file count."""
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


class Partitions:
    """Where each named graph's lines are spooled: the sorted graph IRIs cut into ``shares`` ranges (one per
    writer process) and each range into partitions of about ``PARTITION_BYTES`` of lines (at most
    ``MAX_PARTITIONS``), sized from ``total_bytes`` (the expected bytes of lines). Computed alike by every
    process of a build from the same file list, so that what one process spools into partition ``p`` another
    reads back with its own.

    >>> plan = Partitions(["a.txt", "b.txt", "c.txt"], 2, total_bytes=1)
    >>> [plan.share_of(p) for p in range(plan.count)], plan.partition(str(source_graph("c.txt")))
    ([0, 1], 1)
    """

    def __init__(self, files: Iterable[str], shares: int, total_bytes: float):
        names = sorted({_RESOLUTION, *(str(source_graph(f)) for f in files)})
        self.share_cuts = _cuts(names, shares)
        bounds = set(self.share_cuts)
        for i in range(max(1, shares)):
            mine = [n for n in names if bisect.bisect_right(self.share_cuts, n) == i]
            parts = min(MAX_PARTITIONS, int(-(-total_bytes * len(mine) / len(names) // PARTITION_BYTES)))
            bounds.update(_cuts(mine, parts))
        self.bounds = sorted(bounds)
        self.count = len(self.bounds) + 1

    def partition(self, name: str) -> int:
        return bisect.bisect_right(self.bounds, name)

    def share(self, name: str) -> int:
        return bisect.bisect_right(self.share_cuts, name)

    def share_of(self, part: int) -> int:
        return 0 if part == 0 else self.share(self.bounds[part - 1])


class _Spool:
    """Lines spooled to one file per partition of a :class:`Partitions` (``folder/<p>.nt``), in blocks: a line
    ``<graph IRI> <count>``, then that many lines. Lines wait in memory (up to ``FLUSH_LINES``) and are written
    one block per graph, so a graph's lines are read back in few blocks."""

    def __init__(self, folder: Path, plan: Partitions):
        self.folder, self.plan = folder, plan
        self.parts: dict[str, int] = {}
        self.files: dict[int, Any] = {}
        self.pending: dict[str, list[str]] = {}
        self.waiting = 0

    def add(self, name: str, lines: list[str]) -> None:
        got = self.pending.get(name)
        if got is None:
            self.pending[name] = list(lines)
        else:
            got += lines
        self.waiting += len(lines)
        if self.waiting >= FLUSH_LINES:
            self.flush()

    def flush(self) -> None:
        for name, lines in self.pending.items():
            part = self.parts.get(name)
            if part is None:
                part = self.parts[name] = self.plan.partition(name)
            f = self.files.get(part)
            if f is None:
                f = self.files[part] = open(self.folder / f"{part}.nt", "w", encoding="utf-8", newline="\n",
                                            buffering=1 << 20)
            f.write(f"{name} {len(lines)}\n" + "\n".join(lines) + "\n")
        self.pending, self.waiting = {}, 0

    def close(self) -> list[int]:
        """Write what waits and close the files; the partitions written."""
        self.flush()
        for f in self.files.values():
            f.close()
        return sorted(self.files)


def _read_blocks(path: Path, by_graph: dict[bytes, list[bytes]]) -> None:
    """Add the lines of each block of a partition file to its graph's list, as UTF-8 bytes: they are sorted as
    bytes (the order of their characters) and written as bytes, never decoded (the decoding took as long as
    the sort)."""
    with open(path, "rb") as f:
        lines = f.read().split(b"\n")
    i, end = 0, len(lines) - 1  # the last item is what follows the final newline: b""
    while i < end:
        name, n = lines[i].rsplit(b" ", 1)
        i += 1
        by_graph[name] += lines[i:i + int(n)]
        i += int(n)


def _graphs(parts: Iterable[int], folders: list[Path]) -> Iterator[tuple[bytes, list[bytes]]]:
    """(graph IRI, sorted lines, a repeated line repeated: ``trig_block_bytes`` writes it once), in UTF-8, of
    every graph spooled into ``parts`` in any of ``folders``, by IRI; one partition in memory at a time (its
    files are removed once read). Sorting the repeats costs less than hashing every line into a set (7% of a
    TriG share at 10k)."""
    for part in parts:
        by_graph: dict[bytes, list[bytes]] = defaultdict(list)
        for folder in folders:
            path = folder / f"{part}.nt"
            if path.exists():
                _read_blocks(path, by_graph)
                path.unlink()
        for name in sorted(by_graph):
            lines = by_graph.pop(name)
            lines.sort()
            yield name, lines


def _cuts(names: list[str], parts: int) -> list[str]:
    """The first name of every part but the first, cutting sorted ``names`` into ``parts`` about equal parts."""
    if parts <= 1 or len(names) < 2:
        return []
    return sorted({names[len(names) * k // parts] for k in range(1, parts)})


def _plan(files: list[str] | None, shares: int, source: Path | None) -> Partitions:
    """The partitions of a build: sized from its file count (``BYTES_PER_FILE``), or without a file list from
    the size of its ``graph.json`` ``source``. The TriG shares and :class:`QuadSpool` both cut them here: what
    one spools into a partition the other reads back by the same number."""
    total = (len(files) * BYTES_PER_FILE if files or source is None
             else source.stat().st_size * LINES_PER_JSON_BYTE)
    return Partitions(files or (), shares, total)


class QuadSpool:
    """The RDF lines of the spilled tasks (see ``kehoach.graph.spill``), spooled into ``folder`` as they come,
    partitioned as the build's ``shares`` will read them back: :func:`write_trig_from_saved` takes the folder
    as ``spilled``. A spilled node or edge is a task, or an edge at a task, of a plan with one source record:
    never merged nor derived, so its lines need nothing of the resolution.
    """

    def __init__(self, folder: str | Path, files: list[str], shares: int):
        self.ctx = StreamContext({})
        self.spool = _Spool(Path(folder), _plan(files, shares, None))

    def node(self, nid: str, attrs: dict[str, Any]) -> None:
        for name, lines in node_quads(nid, attrs, self.ctx):
            self.spool.add(name, lines)

    def edge(self, u: str, v: str, key: str, attrs: dict[str, Any]) -> None:
        for name, lines in edge_quads(u, v, key, attrs, self.ctx):
            if lines:
                self.spool.add(name, lines)

    def close(self) -> None:
        self.spool.close()


def write_trig_from_saved(graph_dir: str | Path, path: str | Path | None = None,
                          files: Iterable[str] | None = None, share: tuple[int, int] = (0, 1),
                          source: str | Path | None = None, spilled: str | Path | None = None) -> Path:
    """Write ``graph.trig`` (default: next to ``graph.json``) from ``graph_dir/graph.json``, atomically.

    ``files``: the source file names of the build (they balance the partitions and the shares; any graph is
    written whether listed or not). ``share=(i, n)``: write only the ``i``-th of ``n`` ranges of graphs (by IRI,
    balanced over ``files``), the prefix header with the first: the ``n`` files concatenated in order are the
    whole TriG, so ``n`` processes can write it in parallel. ``source``: read that file (``graph.json``'s
    format) instead of ``graph_dir/graph.json``; ``spilled``: a folder where a :class:`QuadSpool` put the
    lines of what ``source`` lacks (with the same ``files`` and ``n``), merged in (and removed as read).
    """
    graph_dir = Path(graph_dir)
    path = Path(path) if path is not None else graph_dir / "graph.trig"
    source = Path(source) if source is not None else graph_dir / GRAPH_FILE
    files = list(files) if files is not None else None
    ctx = StreamContext(saved_graph_attrs(source))
    index, shares = share
    plan = _plan(files, shares, source)

    def keep(name: str) -> bool:
        return plan.share(name) == index

    folder = Path(tempfile.mkdtemp(prefix=f".graph.trig.spool-{os.getpid()}-", dir=path.parent))
    try:
        spool = _Spool(folder, plan)
        for nid, attrs in iter_saved_nodes(source):
            for name, lines in node_quads(nid, attrs, ctx, keep):
                spool.add(name, lines)
        if ctx.same_as and keep(_RESOLUTION):
            spool.add(_RESOLUTION, [f"{ctx.iri(c)} {T_SAME} {ctx.iri(o)}" for c, os in ctx.same_as.items() for o in os])
        for u, v, key, attrs in iter_saved_edges(source):
            for name, lines in edge_quads(u, v, key, attrs, ctx, keep):
                if lines:
                    spool.add(name, lines)
        spool.close()
        mine = [p for p in range(plan.count) if plan.share_of(p) == index]
        folders = [folder] + ([Path(spilled)] if spilled is not None else [])
        with atomic_path(path) as tmp, open(tmp, "wb") as out:
            if index == 0:
                out.write(header().encode("utf-8"))
            for name, lines in _graphs(mine, folders):
                out.write(trig_block_bytes(name, lines))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return path
