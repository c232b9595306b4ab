"""The build report (``report.json``): per-file status, counts per node kind and relationship type, resolution.

>>> import networkx as nx
>>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan"); g.graph["resolution"] = {"unresolved": []}
>>> r = build_report([{"path": "a.txt", "file": "a.txt", "status": "ok", "reason": ""}], g)
>>> r["counts"]["files"], r["counts"]["Plan"]
(1, 1)
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import networkx as nx

from kehoach.ontology.terms import NODE_LABELS, REL_TYPES

if TYPE_CHECKING:
    from kehoach.graph.spill import TaskSpill


def build_report(files: list[dict[str, Any]], g: nx.MultiDiGraph, spill: TaskSpill | None = None) -> dict[str, Any]:
    """Summarize a build: ``files`` rows ({path, file, status, reason}) and the resolved graph (with the tasks
    ``spill`` holds, when the build wrote them out of ``g``)."""
    kinds = Counter(a.get("kind") for _, a in g.nodes(data=True))
    rels = Counter(k for _, _, k in g.edges(keys=True))
    if spill is not None:
        kinds.update(spill.kinds)
        rels.update(spill.rels)
    ok = sum(1 for f in files if f["status"] == "ok")
    res = g.graph.get("resolution", {})
    counts: dict[str, int] = {"files": len(files), "ok": ok, "failed": len(files) - ok,
                              "nodes": sum(kinds.values()), "edges": sum(rels.values())}
    counts.update({k: kinds[k] for k in NODE_LABELS if kinds.get(k)})
    counts["unresolved_citations"] = len(res.get("unresolved", []))
    return {
        "files": files,
        "counts": counts,
        "nodes": {k: kinds.get(k, 0) for k in NODE_LABELS},
        "relationships": {k: rels.get(k, 0) for k in REL_TYPES},
        "unresolved_citations": res.get("unresolved", []),
        "merged_plans": res.get("same_as", {}),
        "derived_links": res.get("derived", []),
    }
