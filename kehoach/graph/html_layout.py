"""Starting positions for big maps, so the browser's bounded stabilization only has to polish a layout.

vis-network starts big graphs from random positions; with a few hundred physics iterations a 2,000-node graph is
still a hairball. Here plans go on a sunflower spiral, each plan's tasks on a ring around it, and every other
node at the mean of its placed neighbours (a small deterministic offset apart), in O(nodes + edges).

>>> import networkx as nx
>>> g = nx.MultiDiGraph([("p", "t1"), ("p", "t2"), ("a", "t1")])
>>> nx.set_node_attributes(g, {"p": "Plan", "t1": "Task", "t2": "Task", "a": "Agency"}, "kind")
>>> pos = initial_positions(g)
>>> sorted(pos), pos["p"]
(['a', 'p', 't1', 't2'], (0.0, 0.0))
"""

from __future__ import annotations

import math

import networkx as nx

_GOLDEN = math.pi * (3 - math.sqrt(5))


def _spiral(i: int, spacing: float) -> tuple[float, float]:
    r = spacing * math.sqrt(i)
    return r * math.cos(i * _GOLDEN), r * math.sin(i * _GOLDEN)


def initial_positions(g: nx.MultiDiGraph, spacing: float = 420.0) -> dict:
    """Deterministic (x, y) for every node of ``g``: plans on a spiral, tasks around their plan, the rest
    between their neighbours."""
    kinds = {n: g.nodes[n].get("kind", "") for n in g}
    plans = sorted((n for n in g if kinds[n] == "Plan"), key=lambda n: (-g.degree(n), str(n)))
    pos: dict = {}
    for i, p in enumerate(plans):
        pos[p] = _spiral(i, spacing)
        tasks = sorted((t for _, t, r in g.out_edges(p, keys=True) if r == "HAS_TASK" and t not in pos), key=str)
        ring = 60 + 6 * math.sqrt(len(tasks)) * 4
        for j, t in enumerate(tasks):
            a = 2 * math.pi * j / max(len(tasks), 1)
            pos[t] = (pos[p][0] + ring * math.cos(a), pos[p][1] + ring * math.sin(a))
    rest = sorted((n for n in g if n not in pos), key=lambda n: (-g.degree(n), str(n)))
    offset = len(plans)
    for round_ in range(3):  # nodes next to placed ones first; later rounds reach nodes two or more steps away
        left = []
        for k, n in enumerate(rest):
            placed = [pos[m] for m in set(g.successors(n)) | set(g.predecessors(n)) if m in pos]
            if not placed and round_ < 2:
                left.append(n)
                continue
            if placed:
                x = sum(p[0] for p in placed) / len(placed)
                y = sum(p[1] for p in placed) / len(placed)
                a = (k + 1) * _GOLDEN
                pos[n] = (x + 40 * math.cos(a), y + 40 * math.sin(a))
            else:
                pos[n] = _spiral(offset, spacing)
                offset += 1
        rest = left
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}
