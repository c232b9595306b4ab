"""Rows of the graph for every property-graph target: each node as (label, row) and each edge as ((type, from
label, to label), row), every property of the ontology present and typed (:func:`coerce`).

The embedded database (:mod:`kehoach.graph.cypher_db`), the Neo4j loader and the exports all take their rows
from here, so every target holds the same nodes and relationships: an edge whose type or endpoint labels the
ontology does not allow is left out everywhere (and reported by :func:`rel_rows`).

>>> g = nx.MultiDiGraph(); g.add_node("a", kind="Agency", name="Sở Ngoại vụ")
>>> node_rows(g)["Agency"][0]["name"]
'Sở Ngoại vụ'
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import networkx as nx

from kehoach.ontology.terms import NODE_LABELS, REL_TYPES
from kehoach.util import json_line

log = logging.getLogger(__name__)

_DEFAULTS: dict[str, Any] = {"STRING": "", "INT64": 0, "BOOLEAN": False, "STRING[]": []}


def _json(value: Any) -> str:
    return json_line(value).decode("utf-8")


def coerce(value: Any, typ: str) -> Any:
    """``value`` as the Cypher type ``typ`` (None and missing become ""/0/False/[]).

    >>> coerce(None, "INT64"), coerce("2024", "INT64"), coerce(("a", 1), "STRING[]"), coerce([{"a": 1}], "STRING")
    (0, 2024, ['a', '1'], '[{"a":1}]')
    """
    kind = type(value)
    if typ == "STRING" and kind is str or typ == "INT64" and kind is int or typ == "BOOLEAN" and kind is bool:
        return value  # the usual case, first
    if value is None or (value == "" and typ != "STRING"):
        return list(_DEFAULTS[typ]) if typ == "STRING[]" else _DEFAULTS[typ]
    if typ == "STRING":
        if isinstance(value, (list, dict, tuple)):
            return _json(value)
        return str(value)
    if typ == "INT64":
        return int(value)
    if typ == "BOOLEAN":
        return value.strip().lower() in ("true", "1", "yes") if isinstance(value, str) else bool(value)
    if isinstance(value, str):
        return [value]
    return [v if type(v) is str else str(v) for v in value]


def iter_node_rows(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, row) of every node of ``g`` in id order; see :func:`node_rows`.

    >>> g = nx.MultiDiGraph(); g.add_node("p", kind="Person", name="A")
    >>> [(label, row["name"]) for label, row in iter_node_rows(g)]
    [('Person', 'A')]
    """
    for nid in sorted(g.nodes, key=str):
        got = node_row(nid, g._node[nid])
        if got is not None:
            yield got


def node_row(nid: Any, attrs: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(label, row) of one node, or None (logged) when its ``kind`` is not a label of the ontology.

    >>> node_row("u1", {"kind": "AdministrativeUnit", "name": "Trà Vinh"})[1]["level"]
    ''
    """
    kind = attrs.get("kind")
    if kind not in NODE_LABELS:
        log.warning("node %r: kind %r is not a label of the ontology; left out", nid, kind)
        return None
    row = {name: coerce(attrs.get(name), typ) for name, typ in NODE_LABELS[kind].all_props}
    row["id"] = str(nid)
    return kind, row


def node_rows(g: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """The nodes of ``g`` grouped by label, each a dict of every property of that label (sorted by id).

    Nodes whose ``kind`` is not a label of the ontology are left out (logged).

    >>> g = nx.MultiDiGraph(); g.add_node("u1", kind="AdministrativeUnit", label="Trà Vinh", name="Trà Vinh")
    >>> node_rows(g)["AdministrativeUnit"][0]
    {'id': 'u1', 'label': 'Trà Vinh', 'sources': [], 'name': 'Trà Vinh', 'level': ''}
    """
    out: dict[str, list[dict[str, Any]]] = {n: [] for n in NODE_LABELS}
    for kind, row in iter_node_rows(g):
        out[kind].append(row)
    return out


def iter_rel_rows(g: nx.MultiDiGraph, skipped: list[str] | None = None
                  ) -> Iterator[tuple[tuple[str, str, str], dict[str, Any]]]:
    """((type, from label, to label), row) of every allowed edge in (from, to, type) order; see :func:`rel_rows`.
    Edges the ontology does not allow are described in ``skipped`` (when given) and logged.

    >>> g = nx.MultiDiGraph(); g.add_node("a", kind="Agency"); g.add_node("t", kind="Task")
    >>> _ = g.add_edge("a", "t", key="LEADS", rel="LEADS")
    >>> [(group, row["to"]) for group, row in iter_rel_rows(g)]
    [(('LEADS', 'Agency', 'Task'), 't')]
    """
    nodes, succ = g._node, g._succ
    for u in sorted(succ, key=str):
        for v in sorted(succ[u], key=str):
            for key, attrs in sorted(succ[u][v].items(), key=lambda kd: str(kd[0])):
                got = rel_row(u, v, key, attrs, nodes[u].get("kind"), nodes[v].get("kind"), skipped)
                if got is not None:
                    yield got


def rel_row(u: Any, v: Any, key: Any, attrs: dict[str, Any], kind_u: str | None, kind_v: str | None,
            skipped: list[str] | None) -> tuple[tuple[str, str, str], dict[str, Any]] | None:
    """((type, from label, to label), row) of one edge between nodes of kinds ``kind_u`` and ``kind_v``, or None
    when the ontology does not allow it (logged, and described in ``skipped`` when given).

    >>> rel_row("p", "a", "MENTIONS", {}, "Plan", "Agency", None)[1]["tasks_led"]
    0
    """
    rel = attrs.get("rel", key)
    spec = REL_TYPES.get(rel)
    pair = (kind_u, kind_v)
    if spec is None or pair not in spec.pairs:
        why = f"unknown type {rel!r}" if spec is None else f"{pair[0]} -> {pair[1]} is not allowed"
        log.warning("edge %s; left out", f"{u} -[{rel}]-> {v}: {why}")
        if skipped is not None:
            skipped.append(f"{u} -[{rel}]-> {v}: {why}")
        return None
    row = {"from": str(u), "to": str(v)}
    row.update({name: coerce(attrs.get(name), typ) for name, typ in spec.all_props})
    return (rel, pair[0], pair[1]), row


def rel_rows(g: nx.MultiDiGraph) -> tuple[dict[tuple[str, str, str], list[dict[str, Any]]], list[str]]:
    """The edges of ``g`` grouped by (type, from label, to label): rows ``{"from", "to", **props}``.

    Returns ``(groups, skipped)``: edges whose type, or whose pair of endpoint labels, the ontology does not
    allow are described in ``skipped`` and kept out of every target.

    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="Agency"); g.add_node("t", kind="Task"); g.add_node("p", kind="Plan")
    >>> _ = g.add_edge("a", "t", key="LEADS", rel="LEADS", sources=["x.txt"], evidence=[])
    >>> _ = g.add_edge("t", "p", key="LEADS", rel="LEADS")
    >>> groups, skipped = rel_rows(g)
    >>> groups[("LEADS", "Agency", "Task")]
    [{'from': 'a', 'to': 't', 'sources': ['x.txt'], 'evidence': '[]', 'requested': False}]
    >>> skipped
    ['t -[LEADS]-> p: Task -> Plan is not allowed']
    """
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    skipped: list[str] = []
    for group, row in iter_rel_rows(g, skipped):
        groups[group].append(row)
    return dict(sorted(groups.items())), skipped


class SavedRows:
    """The rows of a saved ``graph.json`` (a build folder's, or that file), streamed line by line: the graph is
    never held, only each node's label (to type the relationships). :meth:`nodes` first, then :meth:`rels`;
    the same rows :func:`iter_node_rows` and :func:`iter_rel_rows` give for the loaded graph.

    >>> import tempfile
    >>> from kehoach.graph.store import save_graph
    >>> g = nx.MultiDiGraph(); g.add_node("a", kind="Agency", name="Sở Ngoại vụ"); g.add_node("t", kind="Task")
    >>> _ = g.add_edge("a", "t", key="LEADS", rel="LEADS"); _ = g.add_edge("t", "a", key="LEADS", rel="LEADS")
    >>> d = tempfile.mkdtemp(); _ = save_graph(g, d); rows = SavedRows(d)
    >>> [label for label, _ in rows.nodes()], [(group, row["to"]) for group, row in rows.rels()], rows.skipped
    (['Agency', 'Task'], [(('LEADS', 'Agency', 'Task'), 't')], ['t -[LEADS]-> a: Task -> Agency is not allowed'])
    """

    def __init__(self, source: Any) -> None:
        self.source = source
        self.skipped: list[str] = []
        self._kinds: dict[str, str] = {}

    def nodes(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(label, row) of every node the ontology allows, in id order."""
        from kehoach.graph.store import iter_saved_nodes

        for nid, attrs in iter_saved_nodes(self.source):
            self._kinds[nid] = attrs.get("kind")
            got = node_row(nid, attrs)
            if got is not None:
                yield got

    def rels(self) -> Iterator[tuple[tuple[str, str, str], dict[str, Any]]]:
        """((type, from label, to label), row) of every edge the ontology allows, in (from, to, type) order
        (after :meth:`nodes`); the others are described in ``skipped``."""
        from kehoach.graph.store import iter_saved_edges

        kinds = self._kinds
        for u, v, key, attrs in iter_saved_edges(self.source):
            got = rel_row(u, v, key, attrs, kinds.get(u), kinds.get(v), self.skipped)
            if got is not None:
                yield got
        kinds.clear()  # (at 100k plans 1.5M ids)

