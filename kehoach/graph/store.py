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
from pathlib import Path

import networkx as nx

from kehoach.util import atomic_write_text

GRAPH_FILE = "graph.json"


def save_graph(g: nx.MultiDiGraph, out_dir: str | Path) -> Path:
    """Write ``g`` deterministically (sorted nodes and edges) to ``out_dir/graph.json``."""
    data = nx.node_link_data(g, edges="links")
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["links"] = sorted(data["links"], key=lambda e: (e["source"], e["target"], str(e.get("key"))))
    path = Path(out_dir) / GRAPH_FILE
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
    return path


def load_graph(out_dir: str | Path) -> nx.MultiDiGraph:
    """Read the graph a ``kehoach build`` wrote into ``out_dir``."""
    path = Path(out_dir) / GRAPH_FILE
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run 'kehoach build PATH --out {out_dir}' first")
    data = json.loads(path.read_text(encoding="utf-8"))
    return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
