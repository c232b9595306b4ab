"""Which part of the graph a map shows: the nodes around a plan, a province or an agency (``--depth`` steps).

The rules (:func:`match_plans`, :func:`match_province`, :func:`match_agencies`, :func:`neighbourhood`) ask their
questions of a networkx graph or of the :class:`kehoach.graph.skeleton.Skeleton` of a saved one (ids, kinds and
a few attributes of a 4 GB ``graph.json``), and find the same nodes in both; :func:`focus` returns the part of a
networkx graph, :func:`focus_nodes` the ids. The reduction of what is chosen is in ``kehoach.graph.html_reduce``.

>>> import networkx as nx
>>> g = nx.MultiDiGraph([("p", "t", "HAS_TASK"), ("a", "t", "LEADS")])
>>> nx.set_node_attributes(g, {"p": "Plan", "t": "Task", "a": "Agency"}, "kind"); g.nodes["a"]["name"] = "Sở Ngoại vụ"
>>> match_agencies(g, "sở ngoại vụ"), sorted(neighbourhood(g, ["a"], 2))
(['a'], ['a', 'p', 't'])
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from collections.abc import Iterable

import networkx as nx

from kehoach.graph.skeleton import NxView, Skeleton, view_of
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


def match_plans(g: nx.MultiDiGraph | Skeleton, plan: str) -> list:
    """Plan nodes whose number is ``plan`` (or starts with ``plan/``), else whose title or label contains it.

    >>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", number="978/KH-UBND", title="Kế hoạch TTĐN")
    >>> match_plans(g, "978"), match_plans(g, "ttđn")
    (['p'], ['p'])
    """
    v = view_of(g)
    q = norm(plan)
    plans = v.of_kind("Plan")
    for test in (lambda d: norm(d.get("number")) == q,
                 lambda d: norm(d.get("number")).startswith(q + "/"),
                 lambda d: q in norm(d.get("title")) or q in norm(d.get("label"))):
        found = [n for n in plans if q and test(v.attrs(n))]
        if found:
            return found
    return []


def match_agencies(g: nx.MultiDiGraph | Skeleton, agency: str) -> list:
    """Agency nodes named ``agency`` (name, label or an alias), else whose name contains it."""
    v = view_of(g)
    q = norm(agency)
    agencies = v.of_kind("Agency")

    def names(d):
        return [norm(d.get("name")), norm(d.get("label"))] + [norm(a) for a in d.get("aliases") or ()]

    exact = [n for n in agencies if q and q in names(v.attrs(n))]
    return exact or [n for n in agencies if q and any(q in x for x in names(v.attrs(n)))]


def match_province(g: nx.MultiDiGraph | Skeleton, province: str) -> list:
    """Nodes that belong to a province: the unit and its parts, plans for it, agencies of it."""
    view = view_of(g)
    q = norm(province)
    units = {n for n in view.of_kind("AdministrativeUnit")
             if q in (norm(view.attrs(n).get("name")), norm(view.attrs(n).get("label")))}
    part_of = view.rel_edges({"PART_OF"})
    grew = True
    while grew:  # districts and communes that are part of a matched unit
        parts = {u for u, v, _ in part_of if v in units and u not in units}
        units |= parts
        grew = bool(parts)
    found = set(units)
    if q:
        found.update(n for n in view.of_kind("Plan") if norm(view.attrs(n).get("province")) == q)
        found.update(n for n in view.of_kind("Agency") if norm(view.attrs(n).get("jurisdiction")) == q)
    found.update(u for u, v, _ in view.rel_edges({"JURISDICTION", "APPLIES_TO"}) if v in units)
    return sorted(found)


def is_hub(g: nx.MultiDiGraph | Skeleton | NxView, n) -> bool:
    """A territory, a legal document or a central body (the walk of ``neighbourhood`` stops there)."""
    v = view_of(g)
    d = v.attrs(n)
    if d.get("kind") in HUB_KINDS:
        return True
    if d.get("kind") != "Agency":
        return False
    return norm(d.get("jurisdiction")) in CENTRAL or any(
        v.attrs(u).get("level") == "country" for u in v.targets(n, "JURISDICTION"))


def neighbourhood(g: nx.MultiDiGraph | Skeleton, seeds: Iterable, depth: int) -> set:
    """Nodes within ``depth`` steps of ``seeds`` (edges in both directions). Hubs (``is_hub``) are reached
    but not walked through, so one decree does not pull in every plan that cites it.

    >>> g = nx.MultiDiGraph([("p1", "d"), ("p2", "d"), ("p1", "t")]); g.nodes["d"]["kind"] = "LegalDocument"
    >>> sorted(neighbourhood(g, ["p1"], 2))
    ['d', 'p1', 't']
    """
    v = view_of(g)
    seen = {s: 0 for s in seeds}
    queue = deque(seen)
    while queue:
        n = queue.popleft()
        if seen[n] >= depth or (seen[n] > 0 and is_hub(v, n)):
            continue
        for m in v.neighbors(n):
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
    keep, notes = focus_nodes(g, plan=plan, province=province, agency=agency, depth=depth)
    if keep is None:
        return g, notes  # nothing to focus on: the graph itself (every later step copies before it changes)
    return g.subgraph(keep).copy(), notes


def focus_nodes(g: nx.MultiDiGraph | Skeleton, plan: str | None = None, province: str | None = None,
                agency: str | None = None, depth: int = 2) -> tuple[set | None, list[str]]:
    """The nodes of :func:`focus` (None: no focus option given, the whole graph) and its notes, for a networkx
    graph or the :class:`kehoach.graph.skeleton.Skeleton` of a saved one.

    >>> g = nx.MultiDiGraph([("p", "t")]); g.nodes["p"]["kind"] = "Plan"; g.nodes["p"]["number"] = "1/KH"
    >>> keep, notes = focus_nodes(g, plan="1/KH", depth=1); sorted(keep), notes, focus_nodes(g)
    (['p', 't'], ['focus: 2 of 2 nodes (depth 1)'], (None, []))
    """
    v = view_of(g)
    if depth < 0:
        raise FocusError(f"depth must be 0 or more, got {depth}")
    keep: set | None = None
    notes = []
    for option, value, matcher in (("plan", plan, match_plans), ("province", province, match_province),
                                   ("agency", agency, match_agencies)):
        if value is None or str(value).strip() == "":
            continue
        seeds = matcher(v, str(value))
        if not seeds:
            raise FocusError(f"no {option} matches {value!r} in the graph")
        if option != "province" and len(seeds) > 1:
            shown = "; ".join(str(v.attrs(s).get("label") or s) for s in seeds[:5])
            notes.append(f"{option} {value!r} matches {len(seeds)} nodes ({shown}): showing all of them")
        # a province's own plans and agencies are already seeds: one step less reaches their tasks and bases
        reach = neighbourhood(v, seeds, depth if option != "province" else max(depth - 1, 0))
        keep = reach if keep is None else keep & reach
    if keep is None:
        return None, notes
    if not keep:
        raise FocusError("the focus options together match nothing (no node is near all of them)")
    notes.append(f"focus: {len(keep)} of {v.count()} nodes (depth {depth})")
    return keep, notes
