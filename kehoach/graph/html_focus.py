"""Which part of the graph the HTML map shows: focus (plan, province, agency, depth), hidden kinds, size limit.

Every function here takes a graph and returns a new, smaller ``networkx.MultiDiGraph`` (the input is never
changed) plus human-readable notes. Nodes and edges keep their attributes; folded tasks leave a count on their
plan (``folded_tasks``) and aggregated agency -> plan edges (``rel`` ``LEADS_TASKS`` / ``COORDINATES_TASKS``,
``count``) so the map still says who does what when task nodes are not drawn.

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
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Iterable

import networkx as nx

from kehoach.graph.task_counts import task_roles
from kehoach.ontology.terms import NODE_LABELS

# --hide names -> node kind (singular, plural, the NODE_GROUPS name and the label itself are all accepted)
HIDE_NAMES = {"tasks": "Task", "agencies": "Agency", "units": "AdministrativeUnit", "people": "Person",
              "legal": "LegalDocument", "plans": "Plan"}
_HIDE_ALIASES = {**HIDE_NAMES, "task": "Task", "agency": "Agency", "unit": "AdministrativeUnit",
                 "person": "Person", "persons": "Person", "plan": "Plan",
                 **{k.casefold(): k for k in NODE_LABELS}}
# shared by documents of every province: reachable in a neighbourhood, but the walk does not continue through
# them (territories, legal documents, and central bodies: agencies whose jurisdiction is the country)
HUB_KINDS = frozenset({"AdministrativeUnit", "LegalDocument"})
CENTRAL = frozenset({"trung ương", "việt nam", "central"})


class FocusError(ValueError):
    """A focus option (plan, province, agency, hide) matched nothing or is not known."""


def norm(text: object) -> str:
    """Normalize a name for matching: NFC, case-folded, single spaces, no leading 'tỉnh'/'thành phố'.

    >>> norm("  Tỉnh  Nghệ An ")
    'nghệ an'
    """
    s = unicodedata.normalize("NFC", str(text or "")).casefold()
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"^(tỉnh|thành phố|tp\.?) ", "", s)


def hide_kinds(names: Iterable[str]) -> set[str]:
    """Node kinds named by ``--hide`` values (``tasks``, ``agencies``, ``units``, ``people``, ``legal``).

    >>> sorted(hide_kinds(["tasks", "Legal"]))
    ['LegalDocument', 'Task']
    """
    kinds = set()
    for name in names or ():
        for part in str(name).split(","):
            key = part.strip().casefold()
            if not key:
                continue
            if key not in _HIDE_ALIASES:
                raise FocusError(f"cannot hide {part.strip()!r}: use one of {', '.join(HIDE_NAMES)}")
            kinds.add(_HIDE_ALIASES[key])
    return kinds


def _kind(g: nx.MultiDiGraph, n) -> str:
    return g.nodes[n].get("kind", "")


def match_plans(g: nx.MultiDiGraph, plan: str) -> list:
    """Plan nodes whose number is ``plan`` (or starts with ``plan/``), else whose title or label contains it.

    >>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", number="978/KH-UBND", title="Kế hoạch TTĐN")
    >>> match_plans(g, "978"), match_plans(g, "ttđn")
    (['p'], ['p'])
    """
    q = norm(plan)
    plans = sorted(n for n in g if _kind(g, n) == "Plan")
    for test in (lambda d: norm(d.get("number")) == q,
                 lambda d: norm(d.get("number")).startswith(q + "/"),
                 lambda d: q in norm(d.get("title")) or q in norm(d.get("label"))):
        found = [n for n in plans if q and test(g.nodes[n])]
        if found:
            return found
    return []


def match_agencies(g: nx.MultiDiGraph, agency: str) -> list:
    """Agency nodes named ``agency`` (name, label or an alias), else whose name contains it."""
    q = norm(agency)
    agencies = sorted(n for n in g if _kind(g, n) == "Agency")

    def names(d):
        return [norm(d.get("name")), norm(d.get("label"))] + [norm(a) for a in d.get("aliases") or ()]

    exact = [n for n in agencies if q and q in names(g.nodes[n])]
    return exact or [n for n in agencies if q and any(q in x for x in names(g.nodes[n]))]


def match_province(g: nx.MultiDiGraph, province: str) -> list:
    """Nodes that belong to a province: the unit and its parts, plans for it, agencies of it."""
    q = norm(province)
    units = {n for n in g if _kind(g, n) == "AdministrativeUnit"
             and q in (norm(g.nodes[n].get("name")), norm(g.nodes[n].get("label")))}
    grew = True
    while grew:  # districts and communes that are part of a matched unit
        parts = {u for u, v, r in g.edges(keys=True) if r == "PART_OF" and v in units and u not in units}
        units |= parts
        grew = bool(parts)
    found = set(units)
    for n, d in g.nodes(data=True):
        kind = d.get("kind")
        if kind == "Plan" and q and norm(d.get("province")) == q:
            found.add(n)
        elif kind == "Agency" and q and norm(d.get("jurisdiction")) == q:
            found.add(n)
    for u, v, r in g.edges(keys=True):
        if v in units and r in ("JURISDICTION", "APPLIES_TO"):
            found.add(u)
    return sorted(found)


def is_hub(g: nx.MultiDiGraph, n) -> bool:
    """A territory, a legal document or a central body (the walk of ``neighbourhood`` stops there)."""
    d = g.nodes[n]
    if d.get("kind") in HUB_KINDS:
        return True
    if d.get("kind") != "Agency":
        return False
    return norm(d.get("jurisdiction")) in CENTRAL or any(
        r == "JURISDICTION" and g.nodes[u].get("level") == "country" for _, u, r in g.out_edges(n, keys=True))


def neighbourhood(g: nx.MultiDiGraph, seeds: Iterable, depth: int) -> set:
    """Nodes within ``depth`` steps of ``seeds`` (edges in both directions). Hubs (``is_hub``) are reached
    but not walked through, so one decree does not pull in every plan that cites it.

    >>> g = nx.MultiDiGraph([("p1", "d"), ("p2", "d"), ("p1", "t")]); g.nodes["d"]["kind"] = "LegalDocument"
    >>> sorted(neighbourhood(g, ["p1"], 2))
    ['d', 'p1', 't']
    """
    seen = {s: 0 for s in seeds}
    queue = deque(seen)
    while queue:
        n = queue.popleft()
        if seen[n] >= depth or (seen[n] > 0 and is_hub(g, n)):
            continue
        for m in list(g.successors(n)) + list(g.predecessors(n)):
            if m not in seen:
                seen[m] = seen[n] + 1
                queue.append(m)
    return set(seen)


def focus(g: nx.MultiDiGraph, plan: str | None = None, province: str | None = None,
          agency: str | None = None, depth: int = 2) -> tuple[nx.MultiDiGraph, list[str]]:
    """The subgraph around the given plan / province / agency (several options: the nodes all of them reach).

    >>> g = nx.MultiDiGraph([("p", "t"), ("a", "t"), ("q", "u")])
    >>> nx.set_node_attributes(g, {"p": "Plan", "q": "Plan", "t": "Task", "a": "Agency", "u": "Task"}, "kind")
    >>> g.nodes["p"]["number"] = "1/KH"
    >>> sorted(focus(g, plan="1/KH", depth=2)[0])
    ['a', 'p', 't']
    """
    if depth < 0:
        raise FocusError(f"depth must be 0 or more, got {depth}")
    keep: set | None = None
    notes = []
    for option, value, matcher in (("plan", plan, match_plans), ("province", province, match_province),
                                   ("agency", agency, match_agencies)):
        if value is None or str(value).strip() == "":
            continue
        seeds = matcher(g, str(value))
        if not seeds:
            raise FocusError(f"no {option} matches {value!r} in the graph")
        if option != "province" and len(seeds) > 1:
            shown = "; ".join(str(g.nodes[s].get("label") or s) for s in seeds[:5])
            notes.append(f"{option} {value!r} matches {len(seeds)} nodes ({shown}): showing all of them")
        # a province's own plans and agencies are already seeds: one step less reaches their tasks and bases
        reach = neighbourhood(g, seeds, depth if option != "province" else max(depth - 1, 0))
        keep = reach if keep is None else keep & reach
    if keep is None:
        return g, notes  # nothing to focus on: the graph itself (every later step copies before it changes)
    if not keep:
        raise FocusError("the focus options together match nothing (no node is near all of them)")
    notes.append(f"focus: {len(keep)} of {g.number_of_nodes()} nodes (depth {depth})")
    return g.subgraph(keep).copy(), notes


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


def preselect(g: nx.MultiDiGraph, size: int) -> tuple[nx.MultiDiGraph | None, list[str]]:
    """When ``g`` has more than ``size`` nodes besides tasks: the ``size`` nodes the reduction keeps longest
    (plans first, then the highest degree, then the greatest id), with the tasks of those plans already folded
    (as :func:`fold_tasks` does) -- built in one pass over their edges, never copying the whole graph.
    Otherwise ``(None, [])``.

    >>> g = nx.MultiDiGraph([("p", "a"), ("p", "b"), ("q", "a")]); g.nodes["p"]["kind"] = "Plan"
    >>> v, notes = preselect(g, 2); sorted(v), notes
    (['a', 'p'], ['kept the 2 best-connected of 4 nodes besides tasks'])
    """
    nodes, succ, pred = g._node, g._succ, g._pred
    others = [n for n in g if nodes[n].get("kind") != "Task"]
    if len(others) <= size:
        return None, []

    def rank(n):
        d = sum(map(len, succ[n].values())) + sum(map(len, pred[n].values()))
        return nodes[n].get("kind") == "Plan", d, str(n)

    keep = heapq.nlargest(size, others, key=rank)
    kept = set(keep)
    v = nx.MultiDiGraph()
    v.add_nodes_from((n, dict(nodes[n])) for n in sorted(keep, key=str))
    tasks: set = set()
    for u in v:
        for w, keys in succ[u].items():
            if w in kept:
                for k, d in keys.items():
                    v.add_edge(u, w, key=k, **d)
            elif nodes[w].get("kind") == "Task":
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
    notes = [f"kept the {size} best-connected of {len(others)} nodes besides tasks"]
    if tasks:
        notes.append(f"{len(tasks)} task{'s' if len(tasks) != 1 else ''} folded into a count on their plan")
    return v, notes


def reduce_graph(g: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, list[str]]:
    """Keep the map under ``max_nodes``: fold tasks first, then drop the lowest-degree nodes (leaves first,
    plans last).

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
    while v.number_of_nodes() > max_nodes:
        excess = v.number_of_nodes() - max_nodes
        deg = dict(v.degree())
        order = sorted(v, key=lambda n: (_kind(v, n) == "Plan", deg[n], str(n)))
        lowest = deg[order[0]]
        batch = [n for n in order[:excess] if deg[n] == lowest] or order[:excess]
        dropped.update(_kind(v, n) or "?" for n in batch)
        v.remove_nodes_from(batch)
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
