"""The analysts' map: an interactive, offline pyvis (vis-network) HTML page of the graph.

The page needs no network: pyvis' ``in_line`` resources (vis-network, tom-select, its helper script) are
inlined, the Bootstrap CDN tags and the ``../node_modules`` comment of pyvis 0.3.2's template are removed and
replaced by a few local CSS rules (``assets/map.css``). Document text never becomes markup: the template is
rendered with autoescaping, node and edge data travel as JSON, labels are drawn on the canvas and tooltips
(``title``) are plain strings, which vis-network shows with ``innerText``.

Layout: stabilization is bounded (``STABILIZATION_ITERATIONS``), then physics is switched off
(``assets/map.js``); graphs over ``max_nodes`` are reduced (tasks folded into a count on their plan, then
lowest-degree nodes dropped) with a note.

>>> import networkx as nx, tempfile, pathlib
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", kind="Agency", label="<b>Sở Ngoại vụ</b>", name="<b>Sở Ngoại vụ</b>")
>>> g.add_node("u", kind="AdministrativeUnit", label="Nghệ An", name="Nghệ An", level="province")
>>> _ = g.add_edge("a", "u", key="JURISDICTION", rel="JURISDICTION")
>>> out = pathlib.Path(tempfile.mkdtemp()) / "map.html"
>>> info = write_html(g, out)
>>> info["nodes"], info["edges"], "<b>Sở" in out.read_text(encoding="utf-8")
(2, 1, False)
"""

from __future__ import annotations

import json
import math
import re
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx

from kehoach.graph.html_focus import FocusError, focus, focus_nodes, hide_kinds
from kehoach.graph.html_layout import initial_positions
from kehoach.graph.html_page import render_page
from kehoach.graph.html_reduce import (
    CANDIDATES,
    best_connected,
    drop_kinds,
    reduce_graph,
    shrink,
    task_successors,
    thin_edges,
)
from kehoach.ontology.terms import NODE_GROUPS
from kehoach.util import atomic_write_text, paused_gc

__all__ = ["write_html", "write_saved_html", "render_html", "FocusError", "STYLE", "STABILIZATION_ITERATIONS"]

STABILIZATION_ITERATIONS = 250      # small maps; big ones get fewer (see stabilization_iterations)
STRUCTURED_START = 150              # above this many nodes: structured start (no vis improvedLayout), fewer iterations
BIG_MAP = 400                       # above this many nodes: straight edges, edges hidden while dragging
# per node group (kehoach.ontology.terms.NODE_GROUPS): colour, shape (shapes with the label outside, so size works)
STYLE = {
    "plan": ("#2b6cb0", "diamond"), "legal": ("#718096", "square"), "task": ("#dd6b20", "dot"),
    "agency": ("#2f855a", "triangle"), "unit": ("#805ad5", "hexagon"), "person": ("#c53030", "star"),
}
_CITED_ONLY_PLAN = "#90cdf4"     # a plan known only from citations (its text is not in the corpus)
_OTHER = ("#a0aec0", "dot")
_FACTS = {  # node attributes shown in the tooltip, per kind, in this order
    "Plan": ("number", "doc_type", "title", "date", "date_partial", "issuer", "level", "province", "district",
             "commune", "year_covered", "ingested", "folded_tasks"),
    "LegalDocument": ("number", "doc_type", "name", "title", "date", "issuer"),
    "Task": ("ref", "title", "section", "timeframe", "requested"),
    "Agency": ("name", "jurisdiction", "collective", "aliases"),
    "AdministrativeUnit": ("name", "level"),
    "Person": ("name", "title"),
}


def write_html(g: nx.MultiDiGraph, path: str | Path, plan: str | None = None, province: str | None = None,
               agency: str | None = None, depth: int = 2, hide=(), max_nodes: int = 2000,
               max_edges: int | None = None) -> dict:
    """Write the offline HTML map of ``g`` (or of the part chosen by the focus options) to ``path``, atomically.

    ``plan`` (number or title), ``province`` and ``agency`` (name) focus the map on the nodes within ``depth``
    steps (all given options must hold); ``hide`` names kinds to leave out: tasks (folded into counts on their
    plan), agencies, units, people, legal. Over ``max_nodes`` nodes tasks are folded and the lowest-degree nodes
    dropped (a graph of more than twice as many nodes besides tasks is first cut to those, before kinds are
    hidden); over ``max_edges`` (default ``4 * max_nodes``) relations the weakest are dropped. Raises
    ``FocusError`` (a ValueError) when a focus matches nothing. For a graph a build saved, :func:`write_saved_html` draws the same
    map without loading the whole graph.
    Returns ``{"path", "nodes", "edges", "relations", "kinds", "notes", "seconds"}``: nodes and edges as drawn
    (parallel relations between two nodes share one drawn edge), relations as in the graph.

    >>> import networkx as nx, tempfile, pathlib
    >>> g = nx.MultiDiGraph([("p", "t")], key="HAS_TASK"); g.nodes["p"]["kind"] = "Plan"
    >>> g.nodes["t"]["kind"] = "Task"; g.nodes["p"]["number"] = "1/KH"
    >>> info = write_html(g, pathlib.Path(tempfile.mkdtemp()) / "m.html", hide=["tasks"])
    >>> info["nodes"], info["kinds"], info["notes"]
    (1, {'Plan': 1}, ['1 task folded into a count on their plan'])
    """
    t0 = time.perf_counter()
    with paused_gc():  # beside a national graph, each collection the map's copies trigger scans all of it
        view, notes = focus(g, plan=plan, province=province, agency=agency, depth=depth)
        view, more = shrink(view, max_nodes)
        return _draw(view, notes + more, path, hide, max_nodes, max_edges, t0)


def write_saved_html(out_dir: str | Path, path: str | Path, plan: str | None = None, province: str | None = None,
                     agency: str | None = None, depth: int = 2, hide=(), max_nodes: int = 2000,
                     max_edges: int | None = None) -> dict:
    """:func:`write_html` for the graph a build saved in ``out_dir``, reading only the part the map draws.

    The focus and the first cut are found on the graph's :class:`kehoach.graph.skeleton.Skeleton` (ids, kinds, a
    few attributes and the edges as integers; kept beside ``graph.json`` after the first map, see
    :mod:`kehoach.graph.skeleton_cache`); then only the chosen nodes and their edges are read, with all
    their attributes. The page is the one ``write_html(load_graph(out_dir), path, ...)`` writes. A node-link
    file written by something else is read whole.

    >>> import networkx as nx, tempfile, pathlib
    >>> from kehoach.graph.store import save_graph
    >>> g = nx.MultiDiGraph([("p", "t", "HAS_TASK"), ("q", "u", "HAS_TASK")])
    >>> nx.set_node_attributes(g, {"p": "Plan", "q": "Plan", "t": "Task", "u": "Task"}, "kind")
    >>> g.nodes["p"]["number"] = "1/KH"; d = pathlib.Path(tempfile.mkdtemp()); _ = save_graph(g, d)
    >>> info = write_saved_html(d, d / "m.html", plan="1/KH"); info["nodes"], info["notes"]
    (2, ['focus: 2 of 4 nodes (depth 2)'])
    """
    from kehoach.graph.store import load_graph, saved_graph_attrs

    t0 = time.perf_counter()
    try:
        saved_graph_attrs(out_dir)
    except ValueError:  # node-link JSON from elsewhere (or damaged: load_graph says so)
        return write_html(load_graph(out_dir), path, plan=plan, province=province, agency=agency, depth=depth,
                          hide=hide, max_nodes=max_nodes, max_edges=max_edges)
    hide_kinds(hide)  # an unknown kind is an error before the file is read
    with paused_gc():
        return _draw_saved(out_dir, path, plan, province, agency, depth, hide, max_nodes, max_edges, t0)


def _draw_saved(out_dir: str | Path, path: str | Path, plan: str | None, province: str | None, agency: str | None,
                depth: int, hide, max_nodes: int, max_edges: int | None, t0: float) -> dict:
    from kehoach.graph.skeleton_cache import open_skeleton
    from kehoach.graph.store import load_graph

    skeleton = open_skeleton(out_dir)
    keep, notes = focus_nodes(skeleton, plan=plan, province=province, agency=agency, depth=depth)
    total = skeleton.count() if keep is None else len(keep)
    chosen = best_connected(skeleton, CANDIDATES * max_nodes, keep) if total > max_nodes else (None, 0)
    if chosen[0] is None:
        among = keep
    else:
        among = set(chosen[0]) | task_successors(skeleton, chosen[0], keep)
    at = skeleton.lines_of(among) if among is not None else None
    del skeleton
    view = load_graph(out_dir, among=among, at=at)
    view, more = shrink(view, max_nodes, total=total, chosen=chosen) if chosen[0] is not None else (view, [])
    return _draw(view, notes + more, path, hide, max_nodes, max_edges, t0)


def _draw(view: nx.MultiDiGraph, notes: list[str], path: str | Path, hide, max_nodes: int, max_edges: int | None,
          t0: float) -> dict:
    """The rest of a map once its part is chosen: hide kinds, reduce, thin, render, write."""
    kinds = hide_kinds(hide)
    if kinds:
        view, more = drop_kinds(view, kinds)
        notes += more
    view, more = reduce_graph(view, max_nodes)
    notes += more
    view, more = thin_edges(view, max_edges if max_edges is not None else 4 * max_nodes)
    notes += more
    page, counts = render_html(view, notes=notes)
    atomic_write_text(path, page)
    return {"path": str(path), **counts, "notes": notes, "seconds": round(time.perf_counter() - t0, 3)}


def render_html(view: nx.MultiDiGraph, notes=(), title: str = "kehoach") -> tuple[str, dict]:
    """The page for ``view`` as drawn (no focus, no reduction) and its counts.

    >>> page, counts = render_html(nx.MultiDiGraph())
    >>> counts["nodes"], "https://" in page.split("<body>")[0].split("<script>")[0]
    (0, False)
    """
    order = sorted(view, key=str)
    nodes = [_vis_node(view, n) for n in order]
    if len(nodes) > STRUCTURED_START:  # a structured start: the bounded stabilization then only polishes it
        pos = initial_positions(view)
        for n, vis_node in zip(order, nodes, strict=True):
            vis_node["x"], vis_node["y"] = pos[n]
    edges, relations = _vis_edges(view)
    menu = {n["id"]: n["menu"] for n in nodes}
    for n in nodes:
        del n["menu"]
    kinds = Counter(view.nodes[n].get("kind", "?") for n in view)
    legend = [(k, STYLE.get(NODE_GROUPS.get(k, ""), _OTHER)[0], c) for k, c in sorted(kinds.items())]
    page = render_page(nodes, edges, _options(len(nodes), len(edges)), menu=menu, legend=legend,
                       notes=list(notes), title=title)
    check_offline(page)
    return page, {"nodes": len(nodes), "edges": len(edges), "relations": relations, "kinds": dict(sorted(kinds.items()))}


# --- nodes and edges as vis-network data -------------------------------------------------------------------

def _text(value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _short(text: str, width: int = 28, lines: int = 2) -> str:
    """A label on at most ``lines`` lines of ``width`` characters."""
    wrapped = textwrap.wrap(" ".join(str(text).split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: width - 1] + "…"
    return "\n".join(wrapped)


def _display(d: dict, n) -> str:
    return str(d.get("label") or d.get("name") or d.get("number") or d.get("title") or n)


def _wrap(key: str, value: str, width: int = 80) -> list[str]:
    value = " ".join(value.split())
    if len(value) > 600:
        value = value[:599] + "…"
    return textwrap.wrap(f"{key}: {value}" if key else value, width, subsequent_indent="    ") or [key]


def _evidence(items) -> Iterator[str]:
    """Each evidence item as a tooltip line, lazily (a tooltip shows the first: a national hub has thousands)."""
    if isinstance(items, str):  # the Cypher/Neo4j form: a JSON string
        try:
            items = json.loads(items)
        except ValueError:
            items = [{"text": items}]
    for ev in items or ():
        if isinstance(ev, dict) and ev.get("text"):
            where = f" ({ev['file']}:{ev.get('start', '')}-{ev.get('end', '')})" if ev.get("file") else ""
            yield f"“{ev['text']}”{where}"


def _node_title(g: nx.MultiDiGraph, n) -> str:
    d = g.nodes[n]
    kind = d.get("kind", "")
    lines = _wrap(kind or "node", _display(d, n))
    for key in _FACTS.get(kind, ()):
        value = d.get(key)
        if value in (None, "", [], 0) and key != "ingested":
            continue
        if key == "ingested" and value is None:
            continue
        label = {"ingested": "text in corpus", "folded_tasks": "tasks (folded)"}.get(key, key)
        lines += _wrap(label, _text(value))
    rels = Counter(r.lower().replace("_", " ") for _, _, r in g.out_edges(n, keys=True))
    rels_in = Counter(r.lower().replace("_", " ") for _, _, r in g.in_edges(n, keys=True))
    if rels or rels_in:
        parts = [f"{r} {c}" for r, c in sorted(rels.items())] + [f"{c}× {r} (in)" for r, c in sorted(rels_in.items())]
        lines += _wrap("relations", " · ".join(parts))
    if d.get("sources"):
        lines += _wrap("sources", _text(d["sources"]))
    first = next((e for _, _, ed in sorted(g.in_edges(n, data=True), key=lambda e: str(e[0]))
                  for e in _evidence(ed.get("evidence"))), None)
    if first is None:
        first = next((e for _, _, ed in sorted(g.out_edges(n, data=True), key=lambda e: str(e[1]))
                      for e in _evidence(ed.get("evidence"))), None)
    if first is not None:
        lines += _wrap("evidence", first)
    return "\n".join(lines)


def _vis_node(g: nx.MultiDiGraph, n) -> dict:
    d = g.nodes[n]
    kind = d.get("kind", "")
    colour, shape = STYLE.get(NODE_GROUPS.get(kind, ""), _OTHER)
    if kind == "Plan" and d.get("ingested") is False:
        colour = _CITED_ONLY_PLAN
    text = _display(d, n)
    if kind == "Task":
        text = " ".join(x for x in (str(d.get("ref") or ""), str(d.get("title") or text)) if x)
    label = _short(text, 28, 2 if kind != "Task" else 1)
    if d.get("folded_tasks"):
        label += f"\n+{d['folded_tasks']} tasks"
    degree = g.degree(n)
    size = min(10 + 3.2 * math.sqrt(degree), 48) + (4 if kind == "Plan" else 0)
    return {"id": str(n), "label": label, "title": _node_title(g, n), "shape": shape, "size": round(size, 1),
            "color": colour, "kind": kind, "area": str(d.get("province") or d.get("jurisdiction") or ""),
            "menu": f"{text} · {kind}"}


def _vis_edges(g: nx.MultiDiGraph) -> tuple[list[dict], int]:
    """One drawn edge per (source, target): parallel relations are listed on it ("cites, based on")."""
    grouped: dict[tuple, list] = {}
    relations = 0
    for u, v, key, d in g.edges(keys=True, data=True):
        grouped.setdefault((str(u), str(v)), []).append((str(d.get("rel") or key), d))
        relations += 1
    edges = []
    for i, ((u, v), rels) in enumerate(sorted(grouped.items())):
        rels.sort(key=lambda r: r[0])
        names, lines, count = [], [], 0
        for rel, d in rels:
            name = rel.lower().replace("_", " ")
            if d.get("count"):
                count += d["count"]
                name = name.replace(" tasks", f" {d['count']} tasks")
            names.append(name)
            lines += _wrap("", rel + (f" ({d['count']})" if d.get("count") else ""))
            ev = next(_evidence(d.get("evidence")), None)
            if ev is not None:
                lines += _wrap("evidence", ev)
            if d.get("sources"):
                lines += _wrap("sources", _text(d["sources"]))
        head = _wrap("", f"{_display(g.nodes[u] if u in g else {}, u)} → {_display(g.nodes[v] if v in g else {}, v)}")
        edge = {"id": f"e{i}", "from": u, "to": v, "label": ", ".join(names), "title": "\n".join(head + lines),
                "rel": ", ".join(r for r, _ in rels), "arrows": "to"}
        if count:
            edge["width"] = round(1 + math.log2(count), 2)
        edges.append(edge)
    return edges, relations


def stabilization_iterations(n_nodes: int) -> int:
    """Physics iterations before the layout is frozen: 250 up to ``STRUCTURED_START`` nodes, fewer (at least
    80) above, where the nodes start from ``initial_positions`` and only need polishing.

    >>> stabilization_iterations(50), stabilization_iterations(300), stabilization_iterations(2000)
    (250, 125, 80)
    """
    if n_nodes <= STRUCTURED_START:
        return STABILIZATION_ITERATIONS
    return max(80, int(STABILIZATION_ITERATIONS * STRUCTURED_START / n_nodes))


def _options(n_nodes: int, n_edges: int) -> dict:
    big = n_nodes > BIG_MAP
    return {
        "physics": {
            "enabled": True, "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "centralGravity": 0.012, "springLength": 110,
                                 "springConstant": 0.08, "damping": 0.5, "avoidOverlap": 0.1},
            "maxVelocity": 60, "minVelocity": 1.0, "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": stabilization_iterations(n_nodes), "updateInterval": 25,
                              "fit": True},
        },
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= STRUCTURED_START},
        "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif"}, "borderWidth": 1},
        "edges": {"font": {"size": 9, "align": "middle", "color": "#4a5568", "strokeWidth": 2},
                  "color": {"color": "#a0aec0", "highlight": "#2d3748", "inherit": False},
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
                  "smooth": False if big or n_edges > 600 else {"enabled": True, "type": "continuous"}},
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "navigationButtons": False},
    }


# --- the offline check ---------------------------------------------------------------------------------------

class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "srcset", "data", "action", "poster") and value is not None:
                self.refs.append((tag, name, value))


def external_refs(page: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) of every src/href-like attribute in ``page`` (script and style bodies excluded).

    >>> external_refs('<p><img src="https://x/y.png"></p><script>var s = "<a href=1>";</script>')
    [('img', 'src', 'https://x/y.png')]
    """
    parser = _Refs()
    parser.feed(page)
    parser.close()
    return parser.refs


def check_offline(page: str) -> None:
    """Raise RuntimeError if the page would load anything: no src/href at all, no http(s) URL in one."""
    refs = external_refs(page)
    if refs:
        raise RuntimeError(f"the map would load external resources: {refs[:5]}")
    if re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", page.split("<script", 1)[0], re.I):
        raise RuntimeError("the map has a src/href attribute in its head")
