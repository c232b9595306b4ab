"""How many tasks each agency leads and coordinates in each plan: counted once from the tasks, and kept on the
plan's ``MENTIONS`` edge to the agency (``tasks_led``, ``tasks_coordinated``; the map draws the same counts as
folded ``LEADS_TASKS`` / ``COORDINATES_TASKS`` edges).

Per-province and per-plan rankings then read one edge per (plan, agency) instead of joining every task: at
100k plans that is 1.7M MENTIONS edges instead of 1.3M tasks joined to 1.5M LEADS edges.

>>> g = nx.MultiDiGraph(); g.add_node("t", kind="Task")
>>> _ = g.add_edge("p", "t", key="HAS_TASK"); _ = g.add_edge("a", "t", key="LEADS")
>>> count_roles(g)
Counter({('a', 'p', 'LEADS_TASKS'): 1})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

FOLDED_RELS = {"LEADS": "LEADS_TASKS", "COORDINATES": "COORDINATES_TASKS"}
"""A task's relationship from an agency -> the agency -> plan relationship that counts it."""
COUNT_PROPS = {"LEADS_TASKS": "tasks_led", "COORDINATES_TASKS": "tasks_coordinated"}
"""The folded relationship -> the property of the plan's MENTIONS edge that holds its count."""


def task_roles(pred: dict[Any, dict[Any, dict[str, Any]]], t: Any, keep: Any = None
               ) -> tuple[list[Any], list[tuple[Any, str]]]:
    """The plans that have task ``t`` (sorted) and its (agency, folded relationship) pairs, read from a graph's
    predecessor adjacency (``g._pred``); only nodes in ``keep`` when it is given.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("p", "t", key="HAS_TASK"); _ = g.add_edge("a", "t", key="COORDINATES")
    >>> task_roles(g._pred, "t")
    (['p'], [('a', 'COORDINATES_TASKS')])
    """
    nbrs = pred[t]
    plans = sorted(u for u, keys in nbrs.items() if "HAS_TASK" in keys and (keep is None or u in keep))
    agencies = [(u, FOLDED_RELS[r]) for u, keys in nbrs.items() if keep is None or u in keep
                for r in keys if r in FOLDED_RELS]
    return plans, agencies


def count_roles(g: nx.MultiDiGraph, tasks: Iterable[Any] | None = None, counts: Counter | None = None) -> Counter:
    """Tasks per (agency, plan, ``LEADS_TASKS`` | ``COORDINATES_TASKS``) over ``tasks`` (default: every Task
    node of ``g``), added to ``counts`` when given.

    >>> g = nx.MultiDiGraph([("p", "t1", "HAS_TASK"), ("p", "t2", "HAS_TASK"), ("a", "t1", "LEADS"),
    ...                      ("a", "t2", "LEADS"), ("b", "t2", "COORDINATES")])
    >>> sorted(count_roles(g, ["t1", "t2"]).items())
    [(('a', 'p', 'LEADS_TASKS'), 2), (('b', 'p', 'COORDINATES_TASKS'), 1)]
    """
    counts = Counter() if counts is None else counts
    nodes, pred = g._node, g._pred
    for t in (n for n, a in nodes.items() if a.get("kind") == "Task") if tasks is None else tasks:
        plans, agencies = task_roles(pred, t)
        for p in plans:
            for a, rel in agencies:
                counts[(a, p, rel)] += 1
    return counts


def set_mention_counts(b: Any, counts: Counter) -> int:
    """Write ``counts`` (see :func:`count_roles`) on the plan -> agency ``MENTIONS`` edges of the graph being
    built by ``b`` (a :class:`kehoach.graph.builder.GraphBuilder`). An agency that takes part in a task is named
    in the plan, so the edge is there; were it not, it is added as derived. Returns how many were added.

    >>> from kehoach.graph.builder import GraphBuilder
    >>> b = GraphBuilder(); b.node("p", "Plan", "x.txt"); b.node("a", "Agency", "x.txt")
    'p'
    'a'
    >>> set_mention_counts(b, Counter({("a", "p", "LEADS_TASKS"): 3}))
    1
    >>> b.g.edges["p", "a", "MENTIONS"]["tasks_led"], b.g.edges["p", "a", "MENTIONS"]["tasks_coordinated"]
    (3, 0)
    """
    succ, added = b.g._succ, 0
    for (a, p, rel), n in counts.items():
        attrs = succ[p].get(a, {}).get("MENTIONS") if p in succ else None
        if attrs is None:
            b.edge(p, a, "MENTIONS", None, derived=True)
            attrs, added = succ[p][a]["MENTIONS"], added + 1
        attrs[COUNT_PROPS[rel]] = n
    return added
