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

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import networkx as nx

from kehoach.util import atomic_path

GRAPH_FILE = "graph.json"


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small containers (none of them in a
    cycle): its collections, triggered by allocations, otherwise rescan the growing graph again and again.

    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


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


def load_graph(out_dir: str | Path) -> nx.MultiDiGraph:
    """Read the graph a ``kehoach build`` wrote into ``out_dir``."""
    path = Path(out_dir) / GRAPH_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run 'kehoach build PATH --out {out_dir}' first")
    data = json.loads(path.read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
