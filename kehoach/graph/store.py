"""The built graph on disk: ``graph.json`` (networkx node-link data), the file every writer reads.

Node attributes: ``kind`` (a label of ``kehoach.ontology.terms.NODE_LABELS``) and that label's properties.
Edge attributes: ``rel`` (a type of ``REL_TYPES``), ``sources`` (list of file basenames) and ``evidence``
(list of {file, start, end, text}), plus the type's own properties. Edge keys are the ``rel`` names.

>>> import networkx as nx, tempfile
>>> g = nx.MultiDiGraph(); g.add_node("a", kind="Agency", label="Sở Ngoại vụ")
>>> d = tempfile.mkdtemp(); _ = save_graph(g, d); load_graph(d).nodes["a"]["label"]
'Sở Ngoại vụ'
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kehoach.graph.skeleton import edge_ends, node_id
from kehoach.util import atomic_path, json_line, json_loads, paused_gc

if TYPE_CHECKING:
    from kehoach.graph.spill import TaskSpill

GRAPH_FILE = "graph.json"


def link_json(u: str, v: str, k: str, attrs: dict) -> bytes:
    """The ``graph.json`` line (without separator, UTF-8) of one edge.

    >>> link_json("a", "b", "R", {"rel": "R"})
    b'{"key":"R","rel":"R","source":"a","target":"b"}'
    """
    return json_line({**attrs, "source": u, "target": v, "key": k})


def node_json(n: str, attrs: dict) -> bytes:
    """The ``graph.json`` line (without separator, UTF-8) of one node.

    >>> node_json("a", {"kind": "Agency"})
    b'{"id":"a","kind":"Agency"}'
    """
    return json_line({**attrs, "id": n})


def _links(g: nx.MultiDiGraph) -> Iterator[tuple[tuple, bytes]]:
    succ = g._succ
    for u in sorted(g):
        for v in sorted(succ[u]):
            for k, d in sorted(succ[u][v].items(), key=lambda kd: str(kd[0])):
                yield (u, v, str(k)), link_json(u, v, k, d)


def _nodes(g: nx.MultiDiGraph) -> Iterator[tuple[tuple, bytes]]:
    for n in sorted(g):
        yield (n,), node_json(n, g._node[n])


def _with_spilled(mine: Iterator[tuple[tuple, bytes]], spilled: Iterator[bytes]) -> Iterator[bytes]:
    """The lines of ``mine`` and of a spill (:func:`kehoach.graph.spill.keyed` lines) in one key order."""
    from kehoach.graph.spill import keyed, unkeyed

    for data in heapq.merge((keyed(key, line) for key, line in mine), spilled):
        yield unkeyed(data)


def _encoded(lines: Iterator[tuple[tuple, bytes]]) -> Iterator[bytes]:
    """``graph.json`` lines (each after its separator), a few thousand lines a piece."""
    buf: list[bytes] = []
    first = True
    for _, line in lines:
        buf.append(line)
        if len(buf) >= 4096:
            yield (b"\n" if first else b",\n") + b",\n".join(buf)
            first = False
            buf.clear()
    if buf:
        yield (b"\n" if first else b",\n") + b",\n".join(buf)


def _separated(lines: Iterator[bytes]) -> Iterator[bytes]:
    sep = b"\n"
    for line in lines:
        yield sep + line
        sep = b",\n"


def _lines(g: nx.MultiDiGraph, spill: TaskSpill | None = None, core: Any = None) -> Iterator[bytes]:
    """``graph.json`` in UTF-8 pieces (``core``: a binary file that gets the pieces without the spill's lines)."""
    if spill is None:
        links, nodes = _encoded(_links(g)), _encoded(_nodes(g))
    else:  # the spilled tasks' lines, merged in their place
        links = _separated(_with_spilled(_teed(_links(g), core), spill.links()))
        nodes = _separated(_with_spilled(_teed(_nodes(g), core, b'\n],"multigraph":true,"nodes":['), spill.nodes()))
    head = b'{"directed":true,"graph":' + json_line(g.graph) + b',"links":['
    if core is not None:
        core.write(head)
    yield head
    yield from links
    yield b'\n],"multigraph":true,"nodes":['
    yield from nodes
    yield b"\n]}\n"
    if core is not None:
        core.write(b"\n]}\n")


def _teed(lines: Iterator[tuple[tuple, bytes]], core: Any, first: bytes = b"") -> Iterator[tuple[tuple, bytes]]:
    """``lines``, each also written to ``core`` (a ``graph.json`` line of its own) after ``first``."""
    if core is None:
        yield from lines
        return
    core.write(first)
    sep = b"\n"
    for item in lines:
        core.write(sep + item[1])
        sep = b",\n"
        yield item


def save_graph(g: nx.MultiDiGraph, out_dir: str | Path, spill: TaskSpill | None = None,
               core: str | Path | None = None) -> Path:
    """Write ``g`` deterministically (sorted nodes and edges) to ``out_dir/graph.json``, streamed.

    The file is networkx node-link data with one link or node per line (compact JSON, keys sorted); it is
    written piece by piece, never held as one string, and replaces the old file only when complete.
    ``spill``: the tasks built out of ``g`` (:class:`kehoach.graph.spill.TaskSpill`), written in their place;
    ``core`` (with ``spill``): also write ``g`` alone there, in the same format (what the writers that take the
    spilled tasks from the spill itself read).
    """
    path = Path(out_dir) / GRAPH_FILE
    with paused_gc(), atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f, \
            _maybe_open(core if spill is not None else None) as c:
        for piece in _lines(g, spill, c):
            f.write(piece)
    try:  # the skeleton kept for maps of the old file (kehoach.graph.skeleton_cache)
        (path.parent / SKELETON_CACHE).unlink(missing_ok=True)
    except OSError:
        pass
    return path


@contextmanager
def _maybe_open(path: str | Path | None) -> Iterator[Any]:
    if path is None:
        yield None
        return
    with atomic_path(path) as tmp, open(tmp, "wb", buffering=1 << 20) as f:
        yield f


def graph_file(where: str | Path) -> Path:
    """``graph.json`` of a build folder, or ``where`` itself when it is a file."""
    where = Path(where)
    return where if where.is_file() else where / GRAPH_FILE


_NODES_MARK = b'],"multigraph":true,"nodes":['
CACHE_DIR = ".cache"
"""The build folder's cache, beside ``graph.json``: the extraction records (``kehoach.ingest.cache``) and the
skeleton of the maps."""
SKELETON_CACHE = Path(CACHE_DIR) / "skeleton.npz"
"""Where, beside ``graph.json``, :mod:`kehoach.graph.skeleton_cache` keeps its skeleton."""


class DamagedGraph(ValueError):
    """A ``graph.json`` that cannot be read (cut short, edited, not JSON); the message names the file and line."""


def damaged(path: Path, where: str, err: object) -> DamagedGraph:
    """The error for a ``graph.json`` that cannot be read at ``where`` (a line, a byte offset)."""
    return DamagedGraph(f"{path} is damaged ({where}: {err}); run 'kehoach build' again")


def saved_lines(out_dir: str | Path) -> Iterator[tuple[bool, bytes, int, int]]:
    """(in the nodes part, line, line number, byte offset) of every edge and node line of a saved
    ``graph.json``, unparsed (without the separator): for readers that parse only what they need (see
    ``kehoach.graph.skeleton``).

    >>> import tempfile
    >>> g = nx.MultiDiGraph(); _ = g.add_edge("b", "a", key="R", rel="R")
    >>> d = tempfile.mkdtemp(); _ = save_graph(g, d); [(n, line) for n, line, _, _ in saved_lines(d)]
    [(False, b'{"key":"R","rel":"R","source":"b","target":"a"}'), (True, b'{"id":"a"}'), (True, b'{"id":"b"}')]
    """
    path = graph_file(out_dir)
    with open(path, "rb") as f:
        offset = len(f.readline())  # '{"directed":true,"graph":...,"links":['
        in_nodes = False
        for number, line in enumerate(f, 2):
            at, offset = offset, offset + len(line)
            line = line.rstrip(b"\n")
            if line == _NODES_MARK:
                in_nodes = True
            elif line.startswith(b"{"):
                yield in_nodes, line.removesuffix(b","), number, at


def _lines_at(path: Path, offsets: Iterable[int]) -> Iterator[tuple[bytes, str]]:
    """The lines that begin at ``offsets`` (as :func:`saved_lines` gave them), each with where it is."""
    with open(path, "rb") as f:
        for at in offsets:
            f.seek(at)
            yield f.readline().rstrip(b"\n").removesuffix(b","), f"byte {at}"


def _section(out_dir: str | Path, nodes: bool) -> Iterator[tuple[bytes, str]]:
    """The node lines (or the edge lines, which come first: the file is read up to the nodes only) of a saved
    ``graph.json``, each with its line number."""
    for in_nodes, line, number, _ in saved_lines(out_dir):
        if in_nodes == nodes:
            yield line, f"line {number}"
        elif not nodes:
            return


def _saved_lines(out_dir: str | Path, nodes: bool, among: Container[str] | None = None,
                 at: Iterable[int] | None = None) -> Iterator[dict]:
    path = graph_file(out_dir)
    lines = _lines_at(path, at) if at is not None else _section(out_dir, nodes)
    for line, where in lines:
        try:
            if among is not None and at is None:  # the ids first, the whole line only for the part's
                if nodes and node_id(line) not in among:
                    continue
                if not nodes:
                    u, v, _ = edge_ends(line)
                    if u not in among or v not in among:
                        continue
            item = json_loads(line)
        except ValueError as err:
            raise damaged(path, where, getattr(err, "msg", err)) from None
        yield item


def iter_saved_nodes(out_dir: str | Path, among: Container[str] | None = None, at: Iterable[int] | None = None
                     ) -> Iterator[tuple[str, dict]]:
    """(id, attributes) of every node of a saved ``graph.json`` (a build folder's, or that file), in id order, one
    line parsed at a time; only those in ``among`` when it is given (or, ``at``, the node lines that begin at
    these byte offsets).

    >>> import tempfile
    >>> g = nx.MultiDiGraph(); _ = g.add_edge("b", "a", key="R", rel="R"); g.nodes["a"]["kind"] = "Agency"
    >>> d = tempfile.mkdtemp(); _ = save_graph(g, d); list(iter_saved_nodes(d))
    [('a', {'kind': 'Agency'}), ('b', {})]
    """
    for d in _saved_lines(out_dir, True, among, at):
        nid = d.pop("id")
        yield nid, d


def iter_saved_edges(out_dir: str | Path, among: Container[str] | None = None, at: Iterable[int] | None = None
                     ) -> Iterator[tuple[str, str, str, dict]]:
    """(from, to, key, attributes) of every edge of a saved ``graph.json``, in (from, to, key) order; only the
    edges between nodes of ``among`` when it is given (or, ``at``, the edge lines that begin at these byte
    offsets).

    >>> import tempfile
    >>> g = nx.MultiDiGraph(); _ = g.add_edge("b", "a", key="R", rel="R")
    >>> d = tempfile.mkdtemp(); _ = save_graph(g, d); list(iter_saved_edges(d))
    [('b', 'a', 'R', {'rel': 'R'})]
    """
    for d in _saved_lines(out_dir, False, among, at):
        yield d.pop("source"), d.pop("target"), d.pop("key"), d


def saved_graph_attrs(out_dir: str | Path) -> dict:
    """The graph-level attributes (resolution results) of a ``graph.json`` written by :func:`save_graph` (in the
    build folder ``out_dir``, or the file ``out_dir``), from its first line; ValueError for any other file.

    >>> import tempfile
    >>> g = nx.MultiDiGraph(resolution={"same_as": {}}); d = tempfile.mkdtemp(); _ = save_graph(g, d)
    >>> saved_graph_attrs(d)
    {'resolution': {'same_as': {}}}
    """
    path = graph_file(out_dir)
    with open(path, encoding="utf-8") as f:
        first = f.readline().rstrip("\n")
    head, tail = '{"directed":true,"graph":', ',"links":['
    if not (first.startswith(head) and first.endswith(tail)):
        raise ValueError(f"{path}: not a graph.json written by kehoach build")
    return json.loads(first[len(head):-len(tail)])


def load_graph(out_dir: str | Path, among: Container[str] | None = None,
               at: tuple[Iterable[int], Iterable[int]] | None = None) -> nx.MultiDiGraph:
    """Read the graph a ``kehoach build`` wrote into ``out_dir``.

    A ``graph.json`` written by :func:`save_graph` is read one line at a time (never as one string: at 100k
    plans the file is 4 GB, and parsing it whole took several times the graph's memory); any other node-link
    JSON file is read with ``json.load``. ``among``: only these nodes and the edges between them (the part of a
    big graph that a :class:`kehoach.graph.skeleton.Skeleton` chose); of a ``graph.json`` written by
    :func:`save_graph`, only the lines of that part are parsed. ``at`` (with ``among``): the byte offsets of
    the part's (edge lines, node lines), in file order (``Skeleton.lines_of``): only those lines are read.

    >>> import tempfile
    >>> g = nx.MultiDiGraph(); _ = g.add_edge("a", "b", key="R", rel="R", sources=["x.txt"]); d = tempfile.mkdtemp()
    >>> _ = g.add_edge("b", "c", key="R", rel="R"); _ = save_graph(g, d)
    >>> list(load_graph(d).edges(keys=True, data=True))
    [('a', 'b', 'R', {'rel': 'R', 'sources': ['x.txt']}), ('b', 'c', 'R', {'rel': 'R'})]
    >>> list(load_graph(d, among={"a", "b"}).edges(keys=True, data=True))
    [('a', 'b', 'R', {'rel': 'R', 'sources': ['x.txt']})]
    """
    path = Path(out_dir) / GRAPH_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run 'kehoach build PATH --out {out_dir}' first")
    try:
        attrs = saved_graph_attrs(out_dir)
    except ValueError:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
            whole = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
            return whole if among is None else whole.subgraph(among).copy()
        except (ValueError, KeyError, TypeError, nx.NetworkXError) as err:
            raise damaged(path, "not node-link JSON", err) from None
    g = nx.MultiDiGraph()
    g.graph.update(attrs)
    with paused_gc():  # millions of small dicts, none in a cycle
        g.add_nodes_from(iter_saved_nodes(out_dir, among, at[1] if at else None))
        ids = {n: n for n in g}  # each id string once, not once per edge line
        shared = _Shared()
        for u, v, k, d in iter_saved_edges(out_dir, among, at[0] if at else None):
            if "sources" in d:
                d["sources"] = shared.sources(d["sources"])
            if "evidence" in d:
                d["evidence"] = shared.evidence(d["evidence"])
            for name, value in d.items():
                if value.__class__ is str and len(value) < 16:  # rel, role: a few words, millions of times
                    d[name] = shared.word(value)
            g.add_edge(ids.get(u, u), ids.get(v, v), key=shared.word(k), **d)
    return g


class _Shared:
    """One object for what many edges hold alike, as the built graph has it: each evidence dict (a task's line
    is the evidence of its HAS_TASK, LEADS and COORDINATES edges), each list of sources, each one-item evidence
    list, each relationship type. (The graph's lists are never changed in place.) Peak memory of loading 10k
    plans: 2.0 GB without, 1.35 GB with (parsing the file whole, as before: 2.1 GB)."""

    def __init__(self) -> None:
        self.lists: dict[tuple, list] = {}
        self.items: dict[tuple, dict] = {}
        self.words: dict[str, str] = {}

    def word(self, text: str) -> str:
        return self.words.setdefault(text, text)

    def sources(self, files: list[str]) -> list[str]:
        key = tuple(files)
        got = self.lists.get(key)
        if got is None:
            got = self.lists[key] = files
        return got

    def evidence(self, items: list[dict]) -> list[dict]:
        out = []
        for e in items:
            key = (e.get("file"), e.get("start"), e.get("end"), e.get("text"))
            out.append(self.items.setdefault(key, e))
        if len(out) != 1:
            return out
        key = ("evidence", id(out[0]))  # (the dict lives as long as the graph: its id is not reused)
        got = self.lists.get(key)
        if got is None:
            got = self.lists[key] = out
        return got
