"""How a map of a big graph stays drawable: tasks folded into counts, kinds hidden, nodes and edges cut.

Every function here takes a graph and returns a new, smaller ``networkx.MultiDiGraph`` (the input is never
changed) plus human-readable notes. Folded tasks leave a count on their plan (``folded_tasks``) and aggregated
agency -> plan edges (``rel`` ``LEADS_TASKS`` / ``COORDINATES_TASKS``, ``count``) so the map still says who does
what when task nodes are not drawn. A national graph is first cut (:func:`shrink`) to the nodes the reduction
would keep longest; :func:`best_connected` and :func:`task_successors` find them on a networkx graph or on the
:class:`kehoach.graph.skeleton.Skeleton` of a saved one, so the rest is never loaded.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("p", kind="Plan", label="978/KH-UBND", number="978/KH-UBND")
>>> g.add_node("t", kind="Task", label="Tuyên truyền"); g.add_node("a", kind="Agency", label="Sở Ngoại vụ")
>>> _ = g.add_edge("p", "t", key="HAS_TASK", rel="HAS_TASK"); _ = g.add_edge("a", "t", key="LEADS", rel="LEADS")
>>> v, notes = fold_tasks(g)
>>> sorted(v.nodes), v.nodes["p"]["folded_tasks"], v.edges["a", "p", "LEADS_TASKS"]["count"]
(['a', 'p'], 1, 1)
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable

import networkx as nx

from kehoach.graph.skeleton import Skeleton, view_of
from kehoach.graph.task_counts import task_roles


def _kind(g: nx.MultiDiGraph, n) -> str:
    return g.nodes[n].get("kind", "")


def fold_tasks(g: nx.MultiDiGraph) -> tuple[nx.MultiDiGraph, list[str]]:
    """Remove Task nodes; count them on their plan and draw agency -> plan edges with how many tasks each
    agency leads / coordinates there."""
    tasks = [n for n in g if _kind(g, n) == "Task"]
    if not tasks:
        return g.copy(), []
    v = g.copy()
    counts: Counter = Counter()
    for t in tasks:
        plans, agencies = task_roles(g._pred, t)
        for p in plans:
            v.nodes[p]["folded_tasks"] = v.nodes[p].get("folded_tasks", 0) + 1
            for a, rel in agencies:
                counts[(a, p, rel)] += 1
    v.remove_nodes_from(tasks)
    for (a, p, rel), count in sorted(counts.items()):
        v.add_edge(a, p, key=rel, rel=rel, count=count, sources=[], evidence=[])
    return v, [f"{len(tasks)} task{'s' if len(tasks) != 1 else ''} folded into a count on their plan"]


def drop_kinds(g: nx.MultiDiGraph, kinds: set[str]) -> tuple[nx.MultiDiGraph, list[str]]:
    """Remove nodes of ``kinds`` (tasks are folded, not just removed)."""
    v, notes = (fold_tasks(g) if "Task" in kinds else (g.copy(), []))
    gone = [n for n in v if _kind(v, n) in kinds]
    v.remove_nodes_from(gone)
    others = sorted(kinds - {"Task"})
    if others:
        notes.append(f"hidden: {', '.join(others)} ({len(gone)} nodes)")
    return v, notes


CANDIDATES = 2
"""A graph with more than ``CANDIDATES * max_nodes`` nodes besides tasks is first cut to that many (see
:func:`preselect`): reducing a national graph must not sort and fold millions of nodes."""


def best_connected(g: nx.MultiDiGraph | Skeleton, size: int, within: set | None = None) -> tuple[list | None, int]:
    """The ``size`` nodes besides tasks that the reduction keeps longest, and how many nodes besides tasks there
    are; None when there are not more than ``size``. ``within``: only these nodes count, and only the edges
    between them (a focus on a skeleton).

    While the plans fill at most half of ``size``: the plans, then the highest degree, then the greatest id. A
    graph of more plans (a national one) is shown by its best-connected half ``size`` plans and the nodes most
    linked to them (the documents they cite, their places, the agencies of their tasks): the top plans alone
    would share no edge.

    >>> g = nx.MultiDiGraph([("p", "a"), ("p", "b"), ("q", "a")]); g.nodes["p"]["kind"] = "Plan"
    >>> best_connected(g, 2), best_connected(g, 4)
    ((['p', 'a'], 4), (None, 4))
    >>> g = nx.MultiDiGraph([(f"p{i}", "law") for i in range(4)] + [("p0", "x"), ("p1", "x"), ("p2", "y")])
    >>> nx.set_node_attributes(g, {f"p{i}": "Plan" for i in range(4)}, "kind")
    >>> best_connected(g, 4)
    (['p2', 'p1', 'law', 'x'], 7)
    """
    v = view_of(g)
    others = [n for n in (v.nodes() if within is None else within) if v.kind(n) != "Task"]
    if len(others) <= size:
        return None, len(others)
    plans = [n for n in others if v.kind(n) == "Plan"]
    if len(plans) <= size // 2:
        deg = v.degrees(others, within)
        return heapq.nlargest(size, others, key=lambda n: (v.kind(n) == "Plan", deg[n], str(n))), len(others)
    deg = v.degrees(plans, within)
    top = heapq.nlargest(size // 2, plans, key=lambda n: (deg[n], str(n)))
    links = v.links_to(top, within)
    linked = [n for n in links if v.kind(n) not in ("Plan", "Task")]
    deg.update(v.degrees(linked, within))
    context = heapq.nlargest(size - len(top), linked, key=lambda n: (links[n], deg[n], str(n)))
    if len(top) + len(context) < size:  # few other nodes: more plans
        top = heapq.nlargest(size - len(context), plans, key=lambda n: (deg[n], str(n)))
    return top + context, len(others)


def task_successors(g: nx.MultiDiGraph | Skeleton, nodes: Iterable, within: set | None = None) -> set:
    """The tasks of ``nodes`` (their ``HAS_TASK`` edges; those in ``within`` when it is given): what
    :func:`preselect` folds into counts on the chosen plans.

    >>> g = nx.MultiDiGraph([("p", "t", "HAS_TASK"), ("a", "t", "LEADS")]); g.nodes["t"]["kind"] = "Task"
    >>> task_successors(g, ["p", "a"]), task_successors(g, ["a"])
    ({'t'}, set())
    """
    v = view_of(g)
    return {w for u in nodes for w in v.targets(u, "HAS_TASK")
            if v.kind(w) == "Task" and (within is None or w in within)}


def preselect(g: nx.MultiDiGraph, size: int, chosen: tuple[list, int] | None = None
              ) -> tuple[nx.MultiDiGraph | None, list[str]]:
    """When ``g`` has more than ``size`` nodes besides tasks: the ``size`` nodes the reduction keeps longest
    (:func:`best_connected`), with the tasks of the plans among them folded (as :func:`fold_tasks` does) -- built
    in one pass over their edges, never copying the whole graph. Otherwise ``(None, [])``. ``chosen``: the
    nodes and the count of :func:`best_connected`, already found on a skeleton of the graph of which ``g``
    holds those nodes and their :func:`task_successors`.

    >>> g = nx.MultiDiGraph([("p", "a"), ("p", "b"), ("q", "a")]); g.nodes["p"]["kind"] = "Plan"
    >>> v, notes = preselect(g, 2); sorted(v), notes
    (['a', 'p'], ['kept the 2 best-connected of 4 nodes besides tasks'])
    """
    keep, others = chosen if chosen is not None else best_connected(g, size)
    if keep is None:
        return None, []
    nodes, succ, pred = g._node, g._succ, g._pred
    kept = set(keep)
    v = nx.MultiDiGraph()
    v.add_nodes_from((n, dict(nodes[n])) for n in sorted(keep, key=str))
    tasks: set = set()
    for u in v:
        for w, keys in succ[u].items():
            if w in kept:
                for k, d in keys.items():
                    v.add_edge(u, w, key=k, **d)
            elif "HAS_TASK" in keys and nodes[w].get("kind") == "Task":
                tasks.add(w)
    counts: Counter = Counter()
    for t in sorted(tasks, key=str):
        plans, agencies = task_roles(pred, t, kept)
        for p in plans:
            v.nodes[p]["folded_tasks"] = v.nodes[p].get("folded_tasks", 0) + 1
            for a, rel in agencies:
                counts[(a, p, rel)] += 1
    for (a, p, rel), count in sorted(counts.items()):
        v.add_edge(a, p, key=rel, rel=rel, count=count, sources=[], evidence=[])
    notes = [f"kept the {len(keep)} best-connected of {others} nodes besides tasks"]
    if tasks:
        notes.append(f"{len(tasks)} task{'s' if len(tasks) != 1 else ''} folded into a count on their plan")
    return v, notes


def shrink(g: nx.MultiDiGraph, max_nodes: int, total: int | None = None, chosen: tuple[list, int] | None = None
           ) -> tuple[nx.MultiDiGraph, list[str]]:
    """A graph of more than ``max_nodes`` nodes (``total``, when ``g`` holds only a chosen part of it) and more
    than ``CANDIDATES * max_nodes`` besides tasks, cut to those the reduction keeps longest (:func:`preselect`,
    with ``chosen`` found on a skeleton); any other graph as it is. The first step of a map, before kinds are
    hidden: a national graph is never folded or copied whole.

    >>> g = nx.MultiDiGraph([("p", i) for i in range(6)]); g.nodes["p"]["kind"] = "Plan"
    >>> v, notes = shrink(g, 2); sorted(v, key=str), notes
    ([3, 4, 5, 'p'], ['graph has 7 nodes, over max_nodes=2: kept the 4 best-connected of 7 nodes besides tasks'])
    """
    total = g.number_of_nodes() if total is None else total
    if total <= max_nodes:
        return g, []
    v, notes = preselect(g, CANDIDATES * max_nodes, chosen)
    if v is None:
        return g, []
    return v, [f"graph has {total} nodes, over max_nodes={max_nodes}: " + n for n in notes]


def reduce_graph(g: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, list[str]]:
    """Keep the map under ``max_nodes``: fold tasks first, then drop the lowest-degree nodes (leaves first;
    plans last, while they fit in the map: when plans alone would fill it, every kind goes by its degree).

    >>> g = nx.MultiDiGraph([(0, i) for i in range(1, 6)]); g.nodes[0]["kind"] = "Plan"
    >>> v, notes = reduce_graph(g, 3); sorted(v), len(notes)
    ([0, 4, 5], 1)
    """
    if g.number_of_nodes() <= max_nodes:
        return g, []
    total = g.number_of_nodes()
    v, notes = preselect(g, CANDIDATES * max_nodes)
    if v is None:
        v, notes = fold_tasks(g)
    notes = [f"graph has {total} nodes, over max_nodes={max_nodes}: " + n for n in notes]
    dropped: Counter = Counter()
    plans_fit = sum(_kind(v, n) == "Plan" for n in v) < max_nodes
    deg = dict(v.degree())  # kept as nodes go (a national map drops them in hundreds of rounds)
    last = {n: (plans_fit and _kind(v, n) == "Plan", str(n)) for n in v}
    while v.number_of_nodes() > max_nodes:
        excess = v.number_of_nodes() - max_nodes
        order = sorted(v, key=lambda n: (last[n][0], deg[n], last[n][1]))
        lowest = deg[order[0]]
        batch = [n for n in order[:excess] if deg[n] == lowest] or order[:excess]
        dropped.update(_kind(v, n) or "?" for n in batch)
        for n in batch:
            for nbrs in (v._succ[n], v._pred[n]):
                for m, keys in nbrs.items():
                    deg[m] -= len(keys)
        v.remove_nodes_from(batch)
        for n in batch:
            del deg[n]
    if dropped:
        what = ", ".join(f"{c} {k}" for k, c in sorted(dropped.items()))
        notes.append(f"dropped {sum(dropped.values())} lowest-degree nodes ({what}) to stay under "
                     f"max_nodes={max_nodes}; focus with --plan/--province/--agency to see them")
    return v, notes


# which relations go first when a map has too many edges: weak or aggregated ones, the fewest tasks first
_THIN_ORDER = {"COORDINATES_TASKS": 0, "MENTIONS": 1, "LEADS_TASKS": 2, "JURISDICTION": 3}


def thin_edges(g: nx.MultiDiGraph, max_edges: int) -> tuple[nx.MultiDiGraph, list[str]]:
    """Keep at most ``max_edges`` relations: drop coordination counts, then mentions, then lead counts (smallest
    counts first); structural relations (tasks, citations, derivation) go last.

    >>> g = nx.MultiDiGraph(); _ = g.add_edge("a", "p", key="MENTIONS", rel="MENTIONS")
    >>> _ = g.add_edge("p", "d", key="CITES", rel="CITES")
    >>> v, notes = thin_edges(g, 1); list(v.edges(keys=True)), notes
    ([('p', 'd', 'CITES')], ['dropped 1 relations (1 MENTIONS) to stay under max_edges=1'])
    """
    if g.number_of_edges() <= max_edges:
        return g, []
    order = sorted(g.edges(keys=True, data=True), key=lambda e: (
        _THIN_ORDER.get(e[3].get("rel") or e[2], 9), e[3].get("count", 0), str(e[0]), str(e[1]), str(e[2])))
    drop = order[: g.number_of_edges() - max_edges]
    v = g.copy()
    v.remove_edges_from([(u, w, k) for u, w, k, _ in drop])
    what = Counter(d.get("rel") or k for _, _, k, d in drop)
    return v, [f"dropped {len(drop)} relations ({', '.join(f'{c} {r}' for r, c in sorted(what.items()))}) "
               f"to stay under max_edges={max_edges}"]
