"""The graph under construction: ``GraphBuilder`` accumulates nodes and edges, merging repeats in O(1).

Used by :mod:`kehoach.graph.build` (which decides what the nodes and edges are); ``finish`` gives the
networkx MultiDiGraph of the graph contract (sorted ``sources``, sorted ``evidence`` lists).

>>> b = GraphBuilder()
>>> _ = b.node("agency/x", "Agency", "b.txt", name="Sở X"); _ = b.node("agency/x", "Agency", "a.txt")
>>> b.finish().nodes["agency/x"]["sources"]
['a.txt', 'b.txt']
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kehoach.graph.ids import expand_name, slug
from kehoach.graph.resolve import Unit, parse_unit
from kehoach.ingest.keys import match_key
from kehoach.ingest.models import Agency, Evidence, ExtractedDocument
from kehoach.ontology.terms import NODE_LABELS, REL_TYPES

_DEFAULTS = {"STRING": "", "INT64": 0, "BOOLEAN": False, "STRING[]": []}
_SCALAR_PROPS = {k: frozenset(p for p, t in spec.props if t != "STRING[]") | {"label"}
                 for k, spec in NODE_LABELS.items()}
_LIST_PROPS = {k: frozenset(p for p, t in spec.props if t == "STRING[]") for k, spec in NODE_LABELS.items()}


_REL_DEFAULTS = {r: {p: _DEFAULTS[t] for p, t in spec.props} for r, spec in REL_TYPES.items()}


def _ev_key(e: dict[str, Any]) -> tuple[str, int, int, str]:
    return e["file"], e["start"], e["end"], e["text"]


# Most nodes and edges have one source and one piece of evidence: while building, ``sources`` is None, one
# file name or a set of them, and ``evidence`` None, one evidence dict or a dict of them by ``_ev_key``. An
# empty set and a one-entry dict would cost ~450 bytes an edge: at 100k plans (6.5M edges), about 3 GB.

def _add_source(attrs: dict[str, Any], source: str) -> None:
    cur = attrs["sources"]
    if cur is None:
        attrs["sources"] = source
    elif cur.__class__ is str:
        if cur != source:
            attrs["sources"] = {cur, source}
    else:
        cur.add(source)


def _add_evidence(attrs: dict[str, Any], evidence: Iterable[dict[str, Any]]) -> None:
    for e in evidence:
        cur = attrs["evidence"]
        if cur is None:
            attrs["evidence"] = e
        elif "file" in cur:  # one evidence dict
            if cur is not e and _ev_key(cur) != _ev_key(e):
                attrs["evidence"] = {_ev_key(cur): cur, _ev_key(e): e}
        else:
            cur.setdefault(_ev_key(e), e)


# a new node's attributes by label, in order: kind, id, sources, then each property (list ones filled in apart)
_NODE_TEMPLATES = {k: {"kind": k, "id": "", "sources": None, **{p: _DEFAULTS[t] for p, t in spec.props}}
                   for k, spec in NODE_LABELS.items()}
_LIST_ORDER = {k: tuple(p for p, t in spec.props if t == "STRING[]") for k, spec in NODE_LABELS.items()}


def _new_node(nid: str, kind: str) -> dict[str, Any]:
    """A new node's attributes: its kind, id, no sources yet, each property of its label at its default."""
    attrs = _NODE_TEMPLATES[kind].copy()
    attrs["id"] = nid
    for p in _LIST_ORDER[kind]:
        attrs[p] = set()
    return attrs


def _merge_node_props(attrs: dict[str, Any], kind: str, props: dict[str, Any]) -> str | None:
    """Merge ``props`` (given for a ``kind`` node) into a node: None is skipped, lists are united, a scalar is
    set while it holds its default (the first source to give it wins), ``ingested`` is or-ed; properties not of
    the label are ignored. Returns the issuer when this set it."""
    scalars, lists = _SCALAR_PROPS[kind], _LIST_PROPS[kind]
    issuer = None
    for k, v in props.items():
        if v is None:
            continue
        if k in lists:
            attrs.setdefault(k, set()).update(v)
        elif k not in scalars:
            continue
        elif k == "ingested":
            attrs[k] = bool(attrs.get(k)) or bool(v)
        elif attrs.get(k) in ("", 0, False, None):
            attrs[k] = v
            if k == "issuer" and v:
                issuer = v
    return issuer


def _fallback_label(attrs: dict[str, Any], nid: str) -> str:
    """The label of a node that was given none: its number, title or name, else its id."""
    return attrs.get("number") or attrs.get("title") or attrs.get("name") or nid


def _new_edge(rel: str) -> dict[str, Any]:
    return {"rel": rel, "sources": None, "evidence": None, **_REL_DEFAULTS[rel]}


def _merge_edge_props(attrs: dict[str, Any], props: dict[str, Any]) -> None:
    """Merge ``props`` into an edge: ``role`` keeps "basis" once given, ``requested`` is or-ed, any other
    property is set while empty."""
    for k, val in props.items():
        if k == "role":
            attrs[k] = "basis" if "basis" in (attrs[k], val) else (val or attrs[k])
        elif k == "requested":
            attrs[k] = bool(attrs[k]) or bool(val)
        elif val and not attrs.get(k):
            attrs[k] = val


def written_node(nid: str, kind: str, source: str, **props: Any) -> dict[str, Any]:
    """The attributes that ``GraphBuilder.node(nid, kind, source, **props)`` and then ``finish`` give a node
    added once: for a node written out without building a graph (a spilled task, :mod:`kehoach.graph.spill`).

    >>> b = GraphBuilder()
    >>> _ = b.node("t/1", "Task", "a.txt", ref=None, title="Họp", requested=None)
    >>> written_node("t/1", "Task", "a.txt", ref=None, title="Họp", requested=None) == b.finish().nodes["t/1"]
    True
    """
    attrs = _new_node(nid, kind)
    _merge_node_props(attrs, kind, props)
    attrs["sources"] = [source]
    for k in _LIST_ORDER[kind]:
        attrs[k] = sorted(attrs[k])
    if not attrs.get("label"):
        attrs["label"] = _fallback_label(attrs, nid)
    return attrs


def written_edge(rel: str, source: str, evidence: list[dict[str, Any]], **props: Any) -> dict[str, Any]:
    """The attributes that ``GraphBuilder.edge(u, v, rel, source, evidence, **props)`` and then ``finish`` give
    an edge added once, with at most one piece of evidence (see :func:`written_node`).

    >>> ev = {"file": "a.txt", "start": 0, "end": 3, "text": "Họp"}
    >>> b = GraphBuilder()
    >>> b.edge("a", "t", "LEADS", "a.txt", [ev], requested=None)
    >>> written_edge("LEADS", "a.txt", [ev], requested=None) == b.finish().edges["a", "t", "LEADS"]
    True
    """
    assert len(evidence) <= 1, "one piece of evidence at most: several are sorted and merged by finish"
    attrs = {"rel": rel, "sources": [source], "evidence": list(evidence), **_REL_DEFAULTS[rel]}
    if props:
        _merge_edge_props(attrs, props)
    return attrs


class _Lists:
    """The sorted lists ``finish`` gives ``sources`` and ``evidence``. A one-item list is shared by every node or
    edge with that one item (all the edges of one document have the same ``[file]``): the graph's lists are
    never modified in place, and at 100k plans 13M small lists are about 800 MB."""

    def __init__(self) -> None:
        self.single: dict[Any, list[Any]] = {}
        self.empty: list[Any] = []

    def sources(self, cur: str | set[str] | None) -> list[str]:
        if cur is None:
            return self.empty
        if cur.__class__ is str:
            hit = self.single.get(cur)
            if hit is None:
                hit = self.single[cur] = [cur]
            return hit
        return sorted(cur)

    def evidence(self, cur: dict[str, Any] | None) -> list[dict[str, Any]]:
        if cur is None:
            return self.empty
        if "file" in cur:  # one evidence dict (shared by the edges of one fact): its list too
            hit = self.single.get(id(cur))
            if hit is None:
                hit = self.single[id(cur)] = [cur]  # the list keeps ``cur`` alive: its id is not reused
            return hit
        return [cur[k] for k in sorted(cur)]


class GraphBuilder:
    """Accumulates nodes and edges; merging the same id twice unions sources, evidence and aliases.

    While building, ``sources`` is one file name or a set of them, list properties are sets, and ``evidence`` is
    one evidence dict or a dict of them keyed by (file, start, end, text), so a merge costs O(1) whatever the
    number of sources; ``finish`` turns them into the sorted lists of the graph's contract.
    """

    def __init__(self) -> None:
        self.g = nx.MultiDiGraph()
        self.same_as: dict[str, set[str]] = {}
        self.derived: set[tuple[str, str, str]] = set()
        self.unresolved: list[dict[str, Any]] = []
        # issuer key -> (creation rank, id) of Plan nodes, in creation order ("": every plan, checked on use)
        self.plans_by_issuer: dict[str, list[tuple[int, str]]] = {}
        self._plan_seq: dict[str, int] = {}
        self._agencies: dict[tuple, tuple[str, str, Unit | None, str]] = {}
        self._strings: dict[str, str] = {}
        self._done: dict[Any, Any] = {}

    def intern(self, s: str) -> str:
        """One shared object per distinct string (file names, agency labels, evidence texts repeated across
        documents such as "Sở Thông tin và Truyền thông chủ trì")."""
        return self._strings.setdefault(s, s)

    def node(self, nid: str, kind: str, source: str | None, **props: Any) -> str:
        g_nodes = self.g._node
        attrs = g_nodes.get(nid)
        if attrs is None:
            self.g.add_node(nid, **_new_node(nid, kind))
            attrs = g_nodes[nid]
            if kind == "Plan":  # indexed under "" until its issuer is known
                self._plan_seq[nid] = len(self._plan_seq)
                self.plans_by_issuer.setdefault("", []).append((self._plan_seq[nid], nid))
        issuer = _merge_node_props(attrs, kind, props)
        if issuer and attrs["kind"] == "Plan":
            bisect.insort(self.plans_by_issuer.setdefault(match_key(issuer), []), (self._plan_seq[nid], nid))
        if source:
            _add_source(attrs, source)
        return nid

    def edge(self, u: str, v: str, rel: str, source: str | None, evidence: list[dict[str, Any]] = (),
             derived: bool = False, **props: Any) -> None:
        succ = self.g._succ
        keys = succ[u].get(v) if u in succ else None
        attrs = keys.get(rel) if keys else None
        if attrs is None:
            attrs = _new_edge(rel)
            if keys is not None:
                keys[rel] = attrs
            elif u in succ and v in succ:  # what MultiDiGraph.add_edge does, without its per-call overhead
                succ[u][v] = self.g._pred[v][u] = {rel: attrs}
            else:
                self.g.add_edge(u, v, key=rel, **attrs)
                attrs = succ[u][v][rel]
        if source:
            _add_source(attrs, source)
        if evidence:
            _add_evidence(attrs, evidence)
        _merge_edge_props(attrs, props)
        if derived:
            self.derived.add((u, v, rel))

    def evidence(self, items: Iterable[Evidence | None]) -> list[dict[str, Any]]:
        """Evidence as {file, start, end, text} dicts, one shared dict per Evidence of the current record
        (a task's evidence is on its HAS_TASK, LEADS and COORDINATES edges: stored once)."""
        out = []
        for e in items:
            if e is not None:
                key = ("ev", id(e))
                hit = self._done.get(key)
                if hit is None:
                    d = {"file": self.intern(e.file), "start": e.start, "end": e.end, "text": self.intern(e.text)}
                    hit = self._done[key] = (e, d)
                out.append(hit[1])
        return out

    def evidence1(self, e: Evidence | None) -> list[dict[str, Any]]:
        return self.evidence([e])

    # --- units and agencies --------------------------------------------------------------------------
    def begin_record(self) -> None:
        """Forget what the previous record added (the memo of ``unit`` and ``agency`` is per record)."""
        self._done.clear()

    def unit(self, unit: Unit, source: str | None, evidence: list[dict[str, Any]] = ()) -> str:
        if not evidence:  # the same unit again for the same record adds nothing
            if unit.id in self._done:
                return unit.id
            self._done[unit.id] = unit
        self.node(unit.id, "AdministrativeUnit", source, label=unit.label, name=unit.name, level=unit.level)
        if unit.parent:
            self.unit(unit.parent, source)
            self.edge(unit.id, unit.parent.id, "PART_OF", source, evidence)
        return unit.id

    def agency(self, a: Agency, jurisdiction: str, rec: ExtractedDocument, with_aliases: bool = True) -> str:
        done = (id(a), jurisdiction, with_aliases)
        if done in self._done:  # the same entry again for the same record adds nothing
            return self._done[done][1]
        key = (a.name, jurisdiction, rec.plan.province, rec.plan.district)
        hit = self._agencies.get(key)
        if hit is None:
            name = " ".join(expand_name(a.name).split())
            unit = parse_unit(jurisdiction, rec.plan.province, rec.plan.district)
            scope = unit.id.removeprefix("unit/") if unit else (slug(jurisdiction) or "unknown")
            label = f"{name} ({jurisdiction})" if jurisdiction else name
            hit = self._agencies[key] = (f"agency/{scope}/{slug(name)}", self.intern(name), unit, self.intern(label))
        aid, name, unit, label = hit
        aliases = [x for x in a.aliases if match_key(x) != match_key(name)] if with_aliases else []
        self.node(aid, "Agency", rec.file, label=label, name=name, jurisdiction=jurisdiction or "",
                  collective=a.collective, aliases=aliases)
        if unit:
            self.unit(unit, rec.file)
            self.edge(aid, unit.id, "JURISDICTION", rec.file, self.evidence(a.mentions[:1]))
        self._done[done] = (a, aid)  # keeps ``a`` alive: its id is not reused while the memo holds it
        return aid

    def finish(self) -> nx.MultiDiGraph:
        lists = _Lists()
        # (the graph's own dicts, not its views: a cached view refers back to the graph, and a small graph
        # built per record, see kehoach.graph.spill, would live on in that cycle while the collector is paused)
        for nid, attrs in self.g._node.items():
            attrs["sources"] = lists.sources(attrs.get("sources"))  # (an edge's end never added as a node: none)
            for k, v in attrs.items():
                if isinstance(v, set):
                    attrs[k] = sorted(v)
            if not attrs.get("label"):
                attrs["label"] = _fallback_label(attrs, nid)
        for nbrs in self.g._succ.values():
            for keys in nbrs.values():
                for attrs in keys.values():
                    attrs["sources"] = lists.sources(attrs["sources"])
                    attrs["evidence"] = lists.evidence(attrs["evidence"])
        self.g.graph["resolution"] = {
            "same_as": {k: sorted(v) for k, v in sorted(self.same_as.items())},
            "derived": [list(t) for t in sorted(self.derived)],
            "unresolved": self.unresolved,
        }
        self._agencies.clear()
        self._strings.clear()
        return self.g
