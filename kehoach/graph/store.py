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

import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx

from kehoach.util import atomic_path, paused_gc

GRAPH_FILE = "graph.json"


def _lines(g: nx.MultiDiGraph) -> Iterator[str]:
    dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode
    succ = g._succ
    yield '{"directed":true,"graph":' + dumps(g.graph) + ',"links":['
    sep = "\n"
    for u in sorted(g):
        for v in sorted(succ[u]):
            for k, d in sorted(succ[u][v].items(), key=lambda kd: str(kd[0])):
                yield sep + dumps({**d, "source": u, "target": v, "key": k})
                sep = ",\n"
    yield '\n],"multigraph":true,"nodes":['
    sep = "\n"
    for n in sorted(g):
        yield sep + dumps({**g._node[n], "id": n})
        sep = ",\n"
    yield "\n]}\n"


def save_graph(g: nx.MultiDiGraph, out_dir: str | Path) -> Path:
    """Write ``g`` deterministically (sorted nodes and edges) to ``out_dir/graph.json``, streamed.

    The file is networkx node-link data with one link or node per line (compact JSON, keys sorted); it is
    written piece by piece, never held as one string, and replaces the old file only when complete.
    """
    path = Path(out_dir) / GRAPH_FILE
    with paused_gc(), atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        buf: list[str] = []
        for line in _lines(g):
            buf.append(line)
            if len(buf) >= 4096:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))
    return path


_NODES_MARK = '],"multigraph":true,"nodes":['


def _saved_lines(out_dir: str | Path, nodes: bool) -> Iterator[dict]:
    path = Path(out_dir) / GRAPH_FILE
    with open(path, encoding="utf-8") as f:
        f.readline()  # '{"directed":true,"graph":...,"links":['
        in_nodes = False
        for line in f:
            line = line.rstrip("\n")
            if line == _NODES_MARK:
                if not nodes:
                    return
                in_nodes = True
            elif line.startswith("{") and in_nodes == nodes:
                yield json.loads(line.removesuffix(","))


def iter_saved_nodes(out_dir: str | Path) -> Iterator[tuple[str, dict]]:
    """(id, attributes) of every node of a saved ``graph.json``, in id order, one line parsed at a time.

    >>> import tempfile
    >>> g = nx.MultiDiGraph(); _ = g.add_edge("b", "a", key="R", rel="R"); g.nodes["a"]["kind"] = "Agency"
    >>> d = tempfile.mkdtemp(); _ = save_graph(g, d); list(iter_saved_nodes(d))
    [('a', {'kind': 'Agency'}), ('b', {})]
    """
    for d in _saved_lines(out_dir, True):
        nid = d.pop("id")
        yield nid, d


def iter_saved_edges(out_dir: str | Path) -> Iterator[tuple[str, str, str, dict]]:
    """(from, to, key, attributes) of every edge of a saved ``graph.json``, in (from, to, key) order.

    >>> import tempfile
    >>> g = nx.MultiDiGraph(); _ = g.add_edge("b", "a", key="R", rel="R")
    >>> d = tempfile.mkdtemp(); _ = save_graph(g, d); list(iter_saved_edges(d))
    [('b', 'a', 'R', {'rel': 'R'})]
    """
    for d in _saved_lines(out_dir, False):
        yield d.pop("source"), d.pop("target"), d.pop("key"), d


def load_graph(out_dir: str | Path) -> nx.MultiDiGraph:
    """Read the graph a ``kehoach build`` wrote into ``out_dir``."""
    path = Path(out_dir) / GRAPH_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run 'kehoach build PATH --out {out_dir}' first")
    data = json.loads(path.read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
