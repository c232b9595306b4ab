"""The shape of a saved graph without its text, for choosing a part of a big graph before loading it.

A national ``graph.json`` (100k plans: 1.5M nodes, 6.3M edges, 4 GB) does not fit comfortably in memory as a
networkx graph, yet a map draws a few thousand of its nodes. ``Skeleton.read`` streams the file once and keeps
every node id, its kind and (for all but tasks) the few attributes a focus reads (:data:`FOCUS_ATTRS`), and
every edge as three integers (from, to, relationship) in numpy arrays, with where each line begins. It answers
the questions the focus rules (:mod:`kehoach.graph.html_focus`) and the first cut of a big map
(:mod:`kehoach.graph.html_reduce`) ask (``of_kind``, ``attrs``, ``neighbors``, ``targets``, ``rel_edges``,
``degrees``, ``links_to``), as :class:`NxView` answers them for a networkx graph; the lines of the chosen nodes
(``lines_of``) are then read with all their attributes by ``kehoach.graph.store.load_graph(..., at=...)``.

>>> import networkx as nx, tempfile
>>> from kehoach.graph.store import save_graph
>>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", number="1/KH"); g.add_node("t", kind="Task", title="x")
>>> _ = g.add_edge("p", "t", key="HAS_TASK", rel="HAS_TASK", evidence=[{"text": "x"}])
>>> d = tempfile.mkdtemp(); _ = save_graph(g, d)
>>> s = Skeleton.read(d)
>>> s.count(), s.of_kind("Plan"), s.attrs("t"), s.neighbors("t"), s.rel_edges({"HAS_TASK"})
(2, ['p'], {'kind': 'Task'}, ['p'], [('p', 't', 'HAS_TASK')])
"""

from __future__ import annotations

from array import array
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

from kehoach.util import json_loads

FOCUS_ATTRS = ("kind", "label", "number", "title", "name", "aliases", "province", "jurisdiction", "level")
"""The node attributes the focus rules read (see :mod:`kehoach.graph.html_focus`); a task keeps only its kind."""

# A graph.json line is compact JSON with sorted keys (kehoach.util.json_line). Inside a string every '"' is
# escaped, so ',"key":"' is always a key, never a string's text; an edge's "key", "source" and "target" come
# after its evidence and are found from the end of the line, a node's "id" near its start.
_KEY, _SOURCE, _TARGET, _ID = b',"key":"', b',"source":"', b',"target":"', b',"id":"'
_TASK = b',"kind":"Task"'


def _edge_raw(line: bytes) -> tuple[bytes, bytes, bytes] | None:
    """The UTF-8 bytes of an edge line's (source, target, key); None when an escape follows the key (or the line
    is not whole)."""
    k = line.rfind(_KEY) + 8
    if k == 7:
        if not line.startswith(b'{"key":"'):
            return None
        k = 8  # no attribute before the key
    if line.find(b"\\", k) >= 0 or not line.endswith(b"}"):
        return None
    u = line.find(_SOURCE, k) + 11  # (the keys are sorted: source, then target)
    v = line.find(_TARGET, u) + 11
    if u < 11 or v < 11:
        return None
    return line[u:line.find(b'"', u)], line[v:line.find(b'"', v)], line[k:line.find(b'"', k)]


def _node_raw(line: bytes) -> bytes | None:
    """The UTF-8 bytes of a node line's id; None when it holds an escape (or the line is not whole)."""
    i = 7 if line.startswith(b'{"id":"') else line.find(_ID) + 7
    end = line.find(b'"', i)
    if i < 7 or end < 0 or line[-1:] != b"}":
        return None
    got = line[i:end]
    return None if b"\\" in got else got


def edge_ends(line: bytes) -> tuple[str, str, str]:
    r"""(from, to, key) of one ``graph.json`` edge line, read without parsing its attributes (evidence and all).

    >>> edge_ends(b'{"evidence":[{"text":"\\",\\"key\\":\\"x"}],"key":"LEADS","rel":"LEADS","source":"a","target":"t"}')
    ('a', 't', 'LEADS')
    >>> edge_ends(b'{"key":"R","source":"a\\"b","target":"c"}')
    ('a"b', 'c', 'R')
    """
    raw = _edge_raw(line)
    if raw is not None:
        return raw[0].decode(), raw[1].decode(), raw[2].decode()
    d = json_loads(line)  # an escape in an id, or not a whole line: parse it all
    return d["source"], d["target"], d["key"]


def node_id(line: bytes) -> str:
    r"""The id of one ``graph.json`` node line.

    >>> node_id(b'{"id":"plan/x","kind":"Plan"}'), node_id(b'{"aliases":["a"],"id":"b\\\\","kind":"Agency"}')
    ('plan/x', 'b\\')
    """
    raw = _node_raw(line)
    return raw.decode() if raw is not None else json_loads(line)["id"]


class Skeleton:
    """Node ids, kinds and focus attributes, and the edges as integer arrays, of a saved graph."""

    def __init__(self, ids: list[str], kinds: list[str], kind_codes: np.ndarray, attrs: dict[int, dict],
                 src: np.ndarray, dst: np.ndarray, rel: np.ndarray, rels: list[str], edge_at: np.ndarray,
                 node_rows: np.ndarray, node_at: np.ndarray, order: tuple[np.ndarray, ...] | None = None) -> None:
        self.ids, self.kinds, self.kind_codes, self._attrs = ids, kinds, kind_codes, attrs
        self.src, self.dst, self.rel, self.rels = src, dst, rel, rels  # the edges in file order
        self.edge_at = edge_at  # where each edge's line begins
        self.node_rows, self.node_at = node_rows, node_at  # the nodes in file order, where their lines begin
        self.index = dict(zip(ids, range(len(ids))))
        if order is None:  # (kept with the skeleton by kehoach.graph.skeleton_cache: the sorts take a second)
            out, in_ = np.argsort(src, kind="stable"), np.argsort(dst, kind="stable")
            n = len(ids)
            order = out, in_, np.searchsorted(src[out], np.arange(n + 1)), np.searchsorted(dst[in_], np.arange(n + 1))
        self._out, self._in, self._out_ptr, self._in_ptr = order

    def attr_table(self) -> dict[int, dict]:
        """The focus attributes of every node but tasks, by node number (for a copy; see :meth:`attrs`)."""
        return self._attrs

    def order(self) -> tuple[np.ndarray, ...]:
        """The edges sorted by source and by target, and where each node's run begins in each (for a copy)."""
        return self._out, self._in, self._out_ptr, self._in_ptr

    @classmethod
    def read(cls, out_dir: str | Path) -> Skeleton:
        """The skeleton of the ``graph.json`` a build wrote in ``out_dir`` (ValueError: not such a file;
        ``kehoach.graph.store.DamagedGraph``: a line that is not JSON)."""
        from kehoach.graph.store import damaged, graph_file, saved_graph_attrs, saved_lines

        saved_graph_attrs(out_dir)  # ValueError: not a graph.json a build wrote
        index: dict[bytes, int] = {}  # each id's UTF-8 bytes (as the file has them) -> its number
        src, dst, rel = array("q"), array("q"), array("B")
        edge_at, node_rows, node_at = array("q"), array("q"), array("q")
        rel_codes: dict[bytes, int] = {}
        kinds: dict[str, int] = {"": 0}
        kind_of = bytearray()  # each node's kind, by number (0: none)
        attrs: dict[int, dict] = {}
        last, last_i = b"", -1

        def number(n: bytes) -> int:
            i = index.get(n)
            if i is None:
                i = index[n] = len(index)
                kind_of.append(0)
            return i

        for nodes, line, row, at in saved_lines(out_dir):  # 8M lines at 100k plans: this loop is the cost
            try:
                if not nodes:
                    u, v, k = _edge_raw(line) or [x.encode() for x in edge_ends(line)]  # (an escape: parsed)
                    if u != last:  # the edges come sorted by their source
                        last, last_i = u, number(u)
                    src.append(last_i)
                    dst.append(number(v))
                    rel.append(rel_codes.setdefault(k, len(rel_codes)))
                    edge_at.append(at)
                    continue
                if _TASK in line:
                    i, kind = number(_node_raw(line) or node_id(line).encode()), "Task"
                else:
                    d = json_loads(line)
                    i, kind = number(d["id"].encode()), d.get("kind", "")
                    attrs[i] = {k: d[k] for k in FOCUS_ATTRS if k in d}
                kind_of[i] = kinds.setdefault(kind, len(kinds))
                node_rows.append(i)
                node_at.append(at)
            except (ValueError, KeyError) as err:
                raise damaged(graph_file(out_dir), f"line {row}", getattr(err, "msg", err)) from None
        if len(kinds) > 255:
            raise damaged(graph_file(out_dir), "nodes", f"{len(kinds)} node kinds")

        def ints(a: array) -> np.ndarray:
            return np.frombuffer(a, dtype=np.int64) if len(a) else np.zeros(0, dtype=np.int64)

        ids = [n.decode() for n in index]
        return cls(ids, list(kinds), np.frombuffer(kind_of, dtype=np.uint8).copy(), attrs, ints(src),
                   ints(dst), np.frombuffer(rel, dtype=np.uint8).copy() if len(rel) else np.zeros(0, np.uint8),
                   [k.decode() for k in rel_codes], ints(edge_at), ints(node_rows), ints(node_at))

    def _inside(self, nodes: Collection[str]) -> np.ndarray:
        inside = np.zeros(len(self.ids), dtype=bool)
        inside[[self.index[n] for n in nodes]] = True
        return inside

    def lines_of(self, among: Collection[str]) -> tuple[list[int], list[int]]:
        """Where the lines of the part on ``among`` begin in the file, in file order: (its edges', its nodes')
        (for ``kehoach.graph.store.load_graph(..., at=...)``, which then reads those lines only)."""
        inside = self._inside(among)
        return (self.edge_at[inside[self.src] & inside[self.dst]].tolist(),
                self.node_at[inside[self.node_rows]].tolist())

    # --- the questions of the focus rules (the same as NxView's) ----------------------------------------

    def count(self) -> int:
        """How many nodes."""
        return len(self.ids)

    def nodes(self) -> list[str]:
        """Every node id."""
        return self.ids

    def kind(self, n: str) -> str:
        """The node's kind ("" when it has none)."""
        return self.kinds[self.kind_codes[self.index[n]]]

    def attrs(self, n: str) -> dict:
        """The node's focus attributes (:data:`FOCUS_ATTRS`)."""
        i = self.index[n]
        got = self._attrs.get(i)
        if got is not None:
            return got
        kind = self.kinds[self.kind_codes[i]]
        return {"kind": kind} if kind else {}

    def of_kind(self, kind: str) -> list[str]:
        """The ids of the nodes of ``kind``, sorted."""
        if kind not in self.kinds:
            return []
        return sorted(self.ids[i] for i in np.flatnonzero(self.kind_codes == self.kinds.index(kind)).tolist())

    def _outs(self, i: int) -> np.ndarray:
        return self._out[self._out_ptr[i]:self._out_ptr[i + 1]]

    def _ins(self, i: int) -> np.ndarray:
        return self._in[self._in_ptr[i]:self._in_ptr[i + 1]]

    def successors(self, n: str) -> list[str]:
        """The nodes ``n`` has an edge to (each once)."""
        ids = self.ids
        return [ids[j] for j in dict.fromkeys(self.dst[self._outs(self.index[n])].tolist())]

    def neighbors(self, n: str) -> list[str]:
        """The nodes ``n`` has an edge to or from."""
        i, ids = self.index[n], self.ids
        both = self.dst[self._outs(i)].tolist() + self.src[self._ins(i)].tolist()
        return [ids[j] for j in dict.fromkeys(both)]

    def targets(self, n: str, rel: str) -> list[str]:
        """The nodes ``n`` has a ``rel`` edge to."""
        if rel not in self.rels:
            return []
        out = self._outs(self.index[n])
        return [self.ids[j] for j in self.dst[out[self.rel[out] == self.rels.index(rel)]].tolist()]

    def rel_edges(self, rels: Collection[str]) -> list[tuple[str, str, str]]:
        """(from, to, relationship) of every edge of one of ``rels``, in file order."""
        codes = [c for c, r in enumerate(self.rels) if r in rels]
        hit = np.flatnonzero(np.isin(self.rel, codes))
        ids, names = self.ids, self.rels
        return [(ids[u], ids[v], names[r]) for u, v, r in
                zip(self.src[hit].tolist(), self.dst[hit].tolist(), self.rel[hit].tolist(), strict=True)]

    def degrees(self, nodes: Iterable[str], within: Collection[str] | None = None) -> dict[str, int]:
        """Each node's degree (edges in and out, parallel ones each), counting only edges between nodes of
        ``within`` when it is given."""
        if within is None:
            deg = np.diff(self._out_ptr) + np.diff(self._in_ptr)
        else:
            inside = self._inside(within)
            both = inside[self.src] & inside[self.dst]
            size = len(self.ids)
            deg = np.bincount(self.src[both], minlength=size) + np.bincount(self.dst[both], minlength=size)
        return {n: int(deg[self.index[n]]) for n in nodes}


    def links_to(self, targets: Collection[str], within: Collection[str] | None = None) -> dict[str, int]:
        """How many edges each other node has to or from ``targets``, and to the tasks they have an edge to
        (an agency -> a plan's task), counting only edges between nodes of ``within`` when it is given; nodes
        without any are left out."""
        size = len(self.ids)
        src, dst = self.src, self.dst
        inside = self._inside(within) if within is not None else np.ones(size, dtype=bool)
        ok = inside[src] & inside[dst]
        tgt = self._inside(targets)
        is_task = self.kind_codes == (self.kinds.index("Task") if "Task" in self.kinds else 255)
        count = np.bincount(dst[ok & tgt[src] & ~tgt[dst]], minlength=size)
        count += np.bincount(src[ok & tgt[dst] & ~tgt[src]], minlength=size)
        their_tasks = np.zeros(size, dtype=bool)
        their_tasks[dst[ok & tgt[src] & is_task[dst]]] = True
        count += np.bincount(src[ok & their_tasks[dst] & ~tgt[src] & ~is_task[src]], minlength=size)
        ids = self.ids
        return {ids[i]: int(count[i]) for i in np.flatnonzero(count).tolist()}


class NxView:
    """The questions of the focus rules (those :class:`Skeleton` answers), asked of a networkx graph.

    >>> g = nx.MultiDiGraph([("p", "t", "HAS_TASK")]); g.nodes["p"]["kind"] = "Plan"
    >>> v = NxView(g); v.of_kind("Plan"), v.neighbors("t"), v.degrees(["p"])
    (['p'], ['p'], {'p': 1})
    """

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g

    def count(self) -> int:
        return self.g.number_of_nodes()

    def nodes(self) -> list[Any]:
        return list(self.g)

    def kind(self, n: Any) -> str:
        return self.g._node[n].get("kind", "")

    def attrs(self, n: Any) -> dict:
        return self.g._node[n]

    def of_kind(self, kind: str) -> list[Any]:
        return sorted(n for n, d in self.g._node.items() if d.get("kind", "") == kind)

    def successors(self, n: Any) -> list[Any]:
        return list(self.g._succ[n])

    def neighbors(self, n: Any) -> list[Any]:
        return list(self.g._succ[n]) + list(self.g._pred[n])

    def targets(self, n: Any, rel: str) -> list[Any]:
        return [v for v, keys in self.g._succ[n].items() if rel in keys]

    def rel_edges(self, rels: Collection[str]) -> list[tuple[Any, Any, str]]:
        return [(u, v, k) for u, nbrs in self.g._succ.items() for v, keys in nbrs.items() for k in keys if k in rels]

    def degrees(self, nodes: Iterable[Any], within: Collection[Any] | None = None) -> dict[Any, int]:
        succ, pred = self.g._succ, self.g._pred
        if within is None:
            return {n: sum(map(len, succ[n].values())) + sum(map(len, pred[n].values())) for n in nodes}
        inside = set(within)
        return {n: sum(len(k) for v, k in succ[n].items() if v in inside) +
                sum(len(k) for u, k in pred[n].items() if u in inside) for n in nodes}


    def links_to(self, targets: Collection[Any], within: Collection[Any] | None = None) -> dict[Any, int]:
        succ, pred, nodes = self.g._succ, self.g._pred, self.g._node
        tgt = set(targets)
        inside = set(within) if within is not None else None
        links: dict[Any, int] = {}
        tasks = set()
        for p in tgt:
            for nbrs in (succ[p], pred[p]):
                for n, keys in nbrs.items():
                    if n not in tgt and (inside is None or n in inside):
                        links[n] = links.get(n, 0) + len(keys)
            tasks.update(t for t in succ[p] if nodes[t].get("kind") == "Task" and (inside is None or t in inside))
        for t in tasks:
            for u, keys in pred[t].items():
                if u not in tgt and nodes[u].get("kind") != "Task" and (inside is None or u in inside):
                    links[u] = links.get(u, 0) + len(keys)
        return links


def view_of(g: Any) -> Skeleton | NxView:
    """``g`` itself when it is a :class:`Skeleton` (or already a view), else a :class:`NxView` of it."""
    return g if isinstance(g, Skeleton | NxView) else NxView(g)
