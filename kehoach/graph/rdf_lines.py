"""The graph as N-Quads lines: IRIs and literals of nodes and edges, grouped by named graph (one per source
document, one for resolution results); ``kehoach.graph.rdf`` sorts them and writes TriG and the query store.

Every IRI comes from a node id (no blank nodes); which facts go into which named graph is described in
``kehoach.graph.rdf``.

>>> import networkx as nx
>>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", id="p", title="T", sources=["a.txt"])
>>> sorted(graph_lines(g))
['https://kehoach.dev/graph/source/a-txt-18b7cb09']
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from typing import Any
from urllib.parse import quote

import networkx as nx
from rdflib import OWL, RDF, RDFS, XSD, Namespace, URIRef

from kehoach.graph.ids import file_key
from kehoach.ontology.terms import DCT, ELI, FOAF, KH, KHG, KHR, NODE_LABELS, ORG, PROV, REL_TYPES, SKOS

KHRN, KHGN = Namespace(KHR), Namespace(KHG)
PREFIXES = {"kh": KH, "khg": KHG, "eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dct": DCT,
            "foaf": FOAF, "owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD)}
RESOLUTION_GRAPH = KHGN["resolution"]



def iri_term(value: str) -> str:
    """An IRI as an N-Quads term (characters IRIs may not hold are percent-encoded).

    >>> iri_term("https://kehoach.dev/id/a b"), iri_term("https://kehoach.dev/id/5%-x%20")
    ('<https://kehoach.dev/id/a%20b>', '<https://kehoach.dev/id/5%25-x%20>')
    """
    if _BAD_IRI.search(value):
        value = _BAD_IRI.sub(lambda m: quote(m.group(0), safe=""), value)
    return f"<{value}>"


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]|%(?![0-9A-Fa-f]{2})')
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')


def _escaped(text: str) -> str:
    return text.translate(_ESCAPE) if _NEEDS_ESCAPE.search(text) else text  # translate is slow; rarely needed


_XSD_INT, _XSD_BOOL, _XSD_DATE = (iri_term(str(XSD) + t) for t in ("integer", "boolean", "date"))
T_TYPE, T_LABEL, T_SAME = iri_term(str(RDF.type)), iri_term(str(RDFS.label)), iri_term(str(OWL.sameAs))
T_STMT, T_SUBJ, T_PRED, T_OBJ = (iri_term(str(RDF) + t) for t in ("Statement", "subject", "predicate", "object"))


def _kh(name: str) -> str:
    return iri_term(KH + name)


# node property -> predicate (properties not listed here are not exported: id is the IRI, plan is hasTask)
PROPERTY_IRIS: dict[str, str] = {
    "label": T_LABEL, "sources": _kh("sourceFile"), "name": iri_term(SKOS + "prefLabel"),
    "aliases": iri_term(SKOS + "altLabel"), "number": _kh("number"), "doc_type": _kh("docType"),
    "title": _kh("title"), "date": _kh("date"), "year": _kh("year"), "issuer": _kh("issuerName"),
    "ingested": _kh("ingested"), "date_partial": _kh("datePartial"), "place": _kh("place"),
    "year_covered": _kh("yearCovered"), "level": _kh("level"), "province": _kh("provinceName"),
    "district": _kh("districtName"), "commune": _kh("communeName"), "ref": _kh("ref"), "section": _kh("section"), "timeframe": _kh("timeframe"),
    "requested": _kh("requested"), "jurisdiction": _kh("jurisdictionName"), "collective": _kh("collective"),
    "role": _kh("role"), "as_written": _kh("asWritten"), "tasks_led": _kh("tasksLed"),
    "tasks_coordinated": _kh("tasksCoordinated"),
}
PERSON_PROPERTY_IRIS = {"name": iri_term(FOAF + "name"), "title": _kh("position")}
# document type word -> subclass of kh:LegalDocument
DOC_CLASSES = {
    "nghị định": "Decree", "thông tư": "Circular", "quyết định": "Decision", "chỉ thị": "Directive",
    "kết luận": "Conclusion", "luật": "Law", "công văn": "OfficialLetter", "chương trình": "Programme",
    "đề án": "Scheme", "quy chế": "Regulation", "quy định": "Regulation", "chiến lược": "Strategy",
    "nghị quyết": "Resolution", "hướng dẫn": "Guidance", "thông báo": "Notice", "báo cáo": "Report",
}
UNIT_CLASSES = {"country": "Country", "province": "Province", "district": "District", "commune": "Commune"}
ROLE_OF = {"LEADS": _kh("Lead"), "COORDINATES": _kh("Coordinator")}
T_SOURCE, T_EVIDENCE = _kh("sourceFile"), _kh("evidence")
T_ASSOC, T_AGENT, T_ROLE = (iri_term(PROV + t) for t in ("qualifiedAssociation", "agent", "hadRole"))


def node_iri(nid: str) -> URIRef:
    """The IRI of a node id.

    >>> str(node_iri("plan/ubnd-tinh-lang-son/2023/210-kh-ubnd"))
    'https://kehoach.dev/id/plan/ubnd-tinh-lang-son/2023/210-kh-ubnd'
    """
    return KHRN[nid]


def source_graph(file: str) -> URIRef:
    """The named graph of one source document.

    >>> str(source_graph("001_96e476ef786eba14.txt"))
    'https://kehoach.dev/graph/source/001-96e476ef786eba14-txt-75493eac'
    """
    return KHGN["source/" + file_key(file)]


def literal_term(prop: str, value: Any) -> str | None:
    """An N-Quads literal (None for what is not exported: empty text, 0).

    >>> literal_term("title", 'a "b"\\n'), literal_term("year", 2023), literal_term("year", 0)
    ('"a \\\\"b\\\\"\\\\n"', '"2023"^^<http://www.w3.org/2001/XMLSchema#integer>', None)
    """
    if isinstance(value, bool):
        return f'"{"true" if value else "false"}"^^{_XSD_BOOL}'
    if isinstance(value, int):
        return f'"{value}"^^{_XSD_INT}' if value else None
    if not value:
        return None
    text = _escaped(str(value))
    if prop == "date" and len(value) == 10:
        return f'"{text}"^^{_XSD_DATE}'
    return f'"{text}"'


def _classes(attrs: dict[str, Any]) -> list[str]:
    from kehoach.ingest.keys import match_key

    kind = attrs["kind"]
    out = [iri_term(NODE_LABELS[kind].iri)]
    if kind == "LegalDocument":
        sub = DOC_CLASSES.get(match_key(attrs.get("doc_type") or ""))
        if sub:
            out.append(_kh(sub))
    elif kind == "AdministrativeUnit" and attrs.get("level") in UNIT_CLASSES:
        out.append(_kh(UNIT_CLASSES[attrs["level"]]))
    elif kind == "Agency" and attrs.get("collective"):
        out.append(_kh("CollectiveAgency"))
    return out


def node_lines(s: str, attrs: dict[str, Any], with_props: bool) -> list[str]:
    """N-Triples lines (without the final " .") describing one node."""
    lines = [f"{s} {T_TYPE} {c}" for c in _classes(attrs)]
    if not with_props:
        return lines
    props = PERSON_PROPERTY_IRIS if attrs["kind"] == "Person" else {}
    for prop, _ in NODE_LABELS[attrs["kind"]].all_props:
        if prop in ("id", "plan", "sources"):
            continue
        pred = props.get(prop) or PROPERTY_IRIS.get(prop)
        values = attrs.get(prop)
        for v in values if isinstance(values, list) else [values]:
            lit = literal_term(prop, v)
            if pred is not None and lit is not None:
                lines.append(f"{s} {pred} {lit}")
    return lines


def _h(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


EVIDENCE_MEMO = 400_000
"""Evidence spans whose description a writer remembers having written (then it forgets them all): a task's
span supports its HAS_TASK, LEADS and COORDINATES edges, and its five lines were a sixth of the TriG's lines
written twice or more (a repeated line is still written once: ``kehoach.graph.trig.trig_block``)."""


class LineContext:
    """What line generation needs across graphs: IRI caches and the resolution results.

    ``evidence_written[resolution]``: the evidence spans (their hash) already described in the graph their file
    names (False) or in the resolution graph (True); see ``EVIDENCE_MEMO`` (at most about 50 MB each)."""

    def __init__(self, g: nx.MultiDiGraph):
        res = g.graph.get("resolution", {})
        self.g = g
        self.same_as: dict[str, list[str]] = res.get("same_as", {})
        self.merged = set(self.same_as)
        self.derived = {tuple(x) for x in res.get("derived", [])}
        self._iris: dict[str, str] = {}
        self._graphs: dict[str, str] = {}
        self._node_cache: dict[str, list[str]] = {}
        self._evidence: dict[tuple[str, str, str], dict[str, list[dict[str, Any]]]] = {}
        self.evidence_written: tuple[set[str], set[str]] = (set(), set())

    def iri(self, nid: str) -> str:
        got = self._iris.get(nid)
        if got is None:
            got = self._iris[nid] = iri_term(KHR + nid)
        return got

    def node_lines(self, nid: str, s: str, attrs: dict[str, Any]) -> list[str]:
        """A node's lines in a source graph (computed once for a node that many documents name)."""
        with_props = not (nid in self.merged or not attrs.get("sources"))
        if len(attrs.get("sources") or ()) < 2:
            return node_lines(s, attrs, with_props)
        got = self._node_cache.get(nid)
        if got is None:
            got = self._node_cache[nid] = node_lines(s, attrs, with_props)
        return got

    def evidence_in(self, u: str, v: str, rel: str, evidence: list[dict[str, Any]], f: str) -> list[dict[str, Any]]:
        """The evidence of one edge found in file ``f`` (grouped once for an edge that many files support, e.g.
        a decree's ISSUED_BY: scanning all of it for each of its files would be quadratic)."""
        if len(evidence) <= 8:
            return [e for e in evidence if e.get("file") == f]
        key = (u, v, rel)
        by_file = self._evidence.get(key)
        if by_file is None:
            by_file = self._evidence[key] = defaultdict(list)
            for e in evidence:
                by_file[e.get("file")].append(e)
        return by_file.get(f, [])

    def graph_of(self, f: str) -> str:
        got = self._graphs.get(f)
        if got is None:
            got = self._graphs[f] = str(source_graph(f))
        return got


def graph_items(g: nx.MultiDiGraph, ctx: LineContext | None = None) -> dict[str, list[tuple]]:
    """Named graph IRI -> references to the nodes/edges whose facts it holds (no text is generated yet).

    >>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", id="p", sources=["a.txt"])
    >>> dict(graph_items(g))
    {'https://kehoach.dev/graph/source/a-txt-18b7cb09': [('n', 'p', 'a.txt')]}
    """
    ctx = ctx or LineContext(g)
    out: dict[str, list[tuple]] = defaultdict(list)
    resolution = str(RESOLUTION_GRAPH)
    for nid, attrs in g.nodes(data=True):
        sources = attrs.get("sources") or []
        if nid in ctx.merged or not sources:
            out[resolution].append(("n", nid, None))
        for f in sources:
            out[ctx.graph_of(f)].append(("n", nid, f))
    if ctx.same_as:
        out[resolution].append(("same_as",))
    for u, v, rel, attrs in g.edges(keys=True, data=True):
        sources = attrs.get("sources") or []
        if (u, v, rel) in ctx.derived or not sources:
            out[resolution].append(("e", u, v, rel, None))
        else:
            for f in sources:
                out[ctx.graph_of(f)].append(("e", u, v, rel, f))
    return out


def lines_of(name: str, items: list[tuple], ctx: LineContext) -> list[str]:
    """The N-Triples lines (without " .") that the named graph ``name`` holds; unsorted, may repeat."""
    g, resolution = ctx.g, name == str(RESOLUTION_GRAPH)
    out: list[str] = []
    for item in items:
        if item[0] == "n":
            _, nid, f = item
            attrs = g.nodes[nid]
            s = ctx.iri(nid)
            if resolution:
                out += node_lines(s, attrs, True)
            else:
                out += ctx.node_lines(nid, s, attrs)
                out.append(f"{s} {T_SOURCE} {literal_term('', f)}")
        elif item[0] == "same_as":
            for canonical, others in ctx.same_as.items():
                out += [f"{ctx.iri(canonical)} {T_SAME} {ctx.iri(o)}" for o in others]
        else:
            _, u, v, rel, f = item
            edge_lines(u, v, rel, g.edges[u, v, rel], f, ctx, out)
    return out


def graph_lines(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Named graph IRI -> the N-Triples lines (without " .") it holds; unsorted, may repeat.

    (Materializes every graph at once: for small graphs and tests; the writer streams with ``graph_items``.)

    >>> g = nx.MultiDiGraph(); g.add_node("u/x", kind="AdministrativeUnit", id="u/x", level="province")
    >>> graph_lines(g)[str(RESOLUTION_GRAPH)][1]
    '<https://kehoach.dev/id/u/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://kehoach.dev/ontology#Province>'
    """
    ctx = LineContext(g)
    return {name: lines_of(name, items, ctx) for name, items in graph_items(g, ctx).items()}


_T_EVIDENCE_CLASS, _T_FILE, _T_START, _T_END, _T_TEXT = (_kh(t) for t in ("Evidence", "file", "start", "end", "text"))
_T_ASSOCIATION = iri_term(PROV + "Association")
_INT_TAIL = f'"^^{_XSD_INT}'


class _RelTerms:
    """What every edge of one relationship type shares: its predicate and its properties (sorted by name)."""

    def __init__(self, rel: str):
        self.pred = iri_term(REL_TYPES[rel].iri)
        self.props = sorted(k for k, _ in REL_TYPES[rel].props)
        self.role = ROLE_OF.get(rel)


_REL_TERMS = {rel: _RelTerms(rel) for rel in REL_TYPES}


def edge_lines(u: str, v: str, rel: str, attrs: dict[str, Any], f: str | None, ctx: LineContext,
                out: list[str]) -> None:
    """The lines of one edge in the graph of source file ``f`` (None: the resolution graph)."""
    terms = _REL_TERMS[rel]
    s, o, p = ctx.iri(u), ctx.iri(v), terms.pred
    evidence = attrs.get("evidence") or []
    props = [(k, lit) for k in terms.props if (lit := literal_term(k, attrs.get(k))) is not None]
    described = any(attrs.get(k) for k in terms.props)
    out.append(f"{s} {p} {o}")
    evs = evidence if f is None else ctx.evidence_in(u, v, rel, evidence, f)
    if evs or described:
        stmt = f"<{KHR}statement/{_h(u, rel, v)}>"
        out += [f"{stmt} {T_TYPE} {T_STMT}", f"{stmt} {T_SUBJ} {s}", f"{stmt} {T_PRED} {p}", f"{stmt} {T_OBJ} {o}"]
        out += [f"{stmt} {PROPERTY_IRIS[k]} {lit}" for k, lit in props]
        if f:
            out.append(f"{stmt} {T_SOURCE} {literal_term('', f)}")
        seen = ctx.evidence_written[f is None]
        for e in evs:
            file, start, end, text = e["file"], int(e["start"]), int(e["end"]), e["text"]
            hid = _h(file, str(start), str(end), text)
            ev = f"<{KHR}evidence/{hid}>"  # one per span, whatever it supports
            out.append(f"{stmt} {T_EVIDENCE} {ev}")
            if hid in seen:
                continue  # its description is already in this graph (the span's file names the graph)
            if len(seen) >= EVIDENCE_MEMO:
                seen.clear()
            seen.add(hid)
            out += [f"{ev} {T_TYPE} {_T_EVIDENCE_CLASS}",
                    f"{ev} {_T_FILE} {literal_term('', file)}", f'{ev} {_T_START} "{start}{_INT_TAIL}',
                    f'{ev} {_T_END} "{end}{_INT_TAIL}', f"{ev} {_T_TEXT} {literal_term('', text)}"]
    if terms.role is not None:
        a = iri_term(f"{KHR}{v}/association/{_h(u, rel)}")
        out += [f"{o} {T_ASSOC} {a}", f"{a} {T_TYPE} {_T_ASSOCIATION}", f"{a} {T_AGENT} {s}", f"{a} {T_ROLE} {terms.role}"]
