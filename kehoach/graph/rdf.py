"""The graph as RDF: TriG with one named graph per source document plus one graph for resolution results.

Written with the rdflib API on the Oxigraph store (oxrdflib): the quads are produced as sorted N-Quads text,
bulk-loaded through ``Dataset.parse(format="ox-nquads")`` into the on-disk query store
(``graph.oxigraph/``, see ``kehoach.graph.rdfstore``) and serialized as TriG by Oxigraph's native serializer,
chunk by chunk, in that sorted order (named graphs by IRI, then subject, predicate, object). Every IRI comes
from a node id (no blank nodes) and the prefix header is written sorted, so building twice gives
byte-identical TriG.

- a source document's graph (``khg:source/<file>``) holds what that file asserts: the nodes it names with
  their properties, the relationships it prints, each relationship's statement (``rdf:Statement`` with
  ``kh:role``/``kh:asWritten``/``kh:requested``) and evidence (``kh:Evidence``: file, start, end, text), and
  PROV qualified associations (``prov:hadRole kh:Lead | kh:Coordinator``) of tasks with their agencies;
- the resolution graph (``khg:resolution``) holds merged plans (their merged description and ``owl:sameAs``
  of the per-record ids) and links derived by resolution (what a decision issues).

>>> import networkx as nx
>>> g = nx.MultiDiGraph(); g.add_node("plan/x", kind="Plan", id="plan/x", label="X", title="X", sources=["a.txt"])
>>> "a kh:Plan" in to_trig(g)
True
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote

import networkx as nx
from rdflib import OWL, RDF, RDFS, XSD, Dataset, Namespace, URIRef

from kehoach.graph.ids import slug
from kehoach.graph.rdfstore import STORE_DIR, write_stamp
from kehoach.ontology.terms import DCT, ELI, FOAF, KH, KHG, KHR, NODE_LABELS, ORG, PROV, REL_TYPES, SKOS
from kehoach.util import atomic_path

KHRN, KHGN = Namespace(KHR), Namespace(KHG)
PREFIXES = {"kh": KH, "khg": KHG, "eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dct": DCT,
            "foaf": FOAF, "owl": str(OWL), "rdf": str(RDF), "rdfs": str(RDFS), "xsd": str(XSD)}
RESOLUTION_GRAPH = KHGN["resolution"]
CHUNK_QUADS = 200_000  # quads per bulk load / serializer call (fewer, larger loads: fewer store files)


def _iri(value: str) -> str:
    """An IRI as an N-Quads term (characters IRIs may not hold are percent-encoded).

    >>> _iri("https://kehoach.dev/id/a b")
    '<https://kehoach.dev/id/a%20b>'
    """
    if _BAD_IRI.search(value):
        value = _BAD_IRI.sub(lambda m: quote(m.group(0), safe=""), value)
    return f"<{value}>"


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPE = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r'[\\"\n\r]')


def _escaped(text: str) -> str:
    return text.translate(_ESCAPE) if _NEEDS_ESCAPE.search(text) else text  # translate is slow; rarely needed


_XSD_INT, _XSD_BOOL, _XSD_DATE = (_iri(str(XSD) + t) for t in ("integer", "boolean", "date"))
T_TYPE, T_LABEL, T_SAME = _iri(str(RDF.type)), _iri(str(RDFS.label)), _iri(str(OWL.sameAs))
T_STMT, T_SUBJ, T_PRED, T_OBJ = (_iri(str(RDF) + t) for t in ("Statement", "subject", "predicate", "object"))


def _kh(name: str) -> str:
    return _iri(KH + name)


# node property -> predicate (properties not listed here are not exported: id is the IRI, plan is hasTask)
PROPERTY_IRIS: dict[str, str] = {
    "label": T_LABEL, "sources": _kh("sourceFile"), "name": _iri(SKOS + "prefLabel"),
    "aliases": _iri(SKOS + "altLabel"), "number": _kh("number"), "doc_type": _kh("docType"),
    "title": _kh("title"), "date": _kh("date"), "year": _kh("year"), "issuer": _kh("issuerName"),
    "ingested": _kh("ingested"), "date_partial": _kh("datePartial"), "place": _kh("place"),
    "year_covered": _kh("yearCovered"), "level": _kh("level"), "province": _kh("provinceName"),
    "district": _kh("districtName"), "ref": _kh("ref"), "section": _kh("section"), "timeframe": _kh("timeframe"),
    "requested": _kh("requested"), "jurisdiction": _kh("jurisdictionName"), "collective": _kh("collective"),
    "role": _kh("role"), "as_written": _kh("asWritten"),
}
PERSON_PROPERTY_IRIS = {"name": _iri(FOAF + "name"), "title": _kh("position")}
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
T_ASSOC, T_AGENT, T_ROLE = (_iri(PROV + t) for t in ("qualifiedAssociation", "agent", "hadRole"))


def node_iri(nid: str) -> URIRef:
    """The IRI of a node id.

    >>> str(node_iri("plan/ubnd-tinh-lang-son/2023/210-kh-ubnd"))
    'https://kehoach.dev/id/plan/ubnd-tinh-lang-son/2023/210-kh-ubnd'
    """
    return KHRN[nid]


def source_graph(file: str) -> URIRef:
    """The named graph of one source document.

    >>> str(source_graph("001_96e476ef786eba14.txt"))
    'https://kehoach.dev/graph/source/001-96e476ef786eba14-txt'
    """
    return KHGN["source/" + slug(file, 200)]


def _literal(prop: str, value: Any) -> str | None:
    """An N-Quads literal (None for what is not exported: empty text, 0).

    >>> _literal("title", 'a "b"\\n'), _literal("year", 2023), _literal("year", 0)
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
    from kehoach.ingest.normalize import match_key

    kind = attrs["kind"]
    out = [_iri(NODE_LABELS[kind].iri)]
    if kind == "LegalDocument":
        sub = DOC_CLASSES.get(match_key(attrs.get("doc_type") or ""))
        if sub:
            out.append(_kh(sub))
    elif kind == "AdministrativeUnit" and attrs.get("level") in UNIT_CLASSES:
        out.append(_kh(UNIT_CLASSES[attrs["level"]]))
    elif kind == "Agency" and attrs.get("collective"):
        out.append(_kh("CollectiveAgency"))
    return out


def _node_lines(s: str, attrs: dict[str, Any], with_props: bool) -> list[str]:
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
            lit = _literal(prop, v)
            if pred is not None and lit is not None:
                lines.append(f"{s} {pred} {lit}")
    return lines


def _h(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


class _Context:
    """What line generation needs across graphs: IRI caches and the resolution results."""

    def __init__(self, g: nx.MultiDiGraph):
        res = g.graph.get("resolution", {})
        self.g = g
        self.same_as: dict[str, list[str]] = res.get("same_as", {})
        self.merged = set(self.same_as)
        self.derived = {tuple(x) for x in res.get("derived", [])}
        self._iris: dict[str, str] = {}
        self._graphs: dict[str, str] = {}
        self._node_lines: dict[str, list[str]] = {}

    def iri(self, nid: str) -> str:
        got = self._iris.get(nid)
        if got is None:
            got = self._iris[nid] = _iri(KHR + nid)
        return got

    def node_lines(self, nid: str, s: str, attrs: dict[str, Any]) -> list[str]:
        """A node's lines in a source graph (computed once for a node that many documents name)."""
        with_props = not (nid in self.merged or not attrs.get("sources"))
        if len(attrs.get("sources") or ()) < 2:
            return _node_lines(s, attrs, with_props)
        got = self._node_lines.get(nid)
        if got is None:
            got = self._node_lines[nid] = _node_lines(s, attrs, with_props)
        return got

    def graph_of(self, f: str) -> str:
        got = self._graphs.get(f)
        if got is None:
            got = self._graphs[f] = str(source_graph(f))
        return got


def graph_items(g: nx.MultiDiGraph, ctx: _Context | None = None) -> dict[str, list[tuple]]:
    """Named graph IRI -> references to the nodes/edges whose facts it holds (no text is generated yet).

    >>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", id="p", sources=["a.txt"])
    >>> dict(graph_items(g))
    {'https://kehoach.dev/graph/source/a-txt': [('n', 'p', 'a.txt')]}
    """
    ctx = ctx or _Context(g)
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


def lines_of(name: str, items: list[tuple], ctx: _Context) -> list[str]:
    """The N-Triples lines (without " .") that the named graph ``name`` holds; unsorted, may repeat."""
    g, resolution = ctx.g, name == str(RESOLUTION_GRAPH)
    out: list[str] = []
    for item in items:
        if item[0] == "n":
            _, nid, f = item
            attrs = g.nodes[nid]
            s = ctx.iri(nid)
            if resolution:
                out += _node_lines(s, attrs, True)
            else:
                out += ctx.node_lines(nid, s, attrs)
                out.append(f"{s} {T_SOURCE} {_literal('', f)}")
        elif item[0] == "same_as":
            for canonical, others in ctx.same_as.items():
                out += [f"{ctx.iri(canonical)} {T_SAME} {ctx.iri(o)}" for o in others]
        else:
            _, u, v, rel, f = item
            _edge_lines(u, v, rel, g.edges[u, v, rel], f, ctx, out)
    return out


def graph_lines(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Named graph IRI -> the N-Triples lines (without " .") it holds; unsorted, may repeat.

    (Materializes every graph at once: for small graphs and tests; the writer streams with ``graph_items``.)

    >>> g = nx.MultiDiGraph(); g.add_node("u/x", kind="AdministrativeUnit", id="u/x", level="province")
    >>> graph_lines(g)[str(RESOLUTION_GRAPH)][1]
    '<https://kehoach.dev/id/u/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://kehoach.dev/ontology#Province>'
    """
    ctx = _Context(g)
    return {name: lines_of(name, items, ctx) for name, items in graph_items(g, ctx).items()}


def _edge_lines(u: str, v: str, rel: str, attrs: dict[str, Any], f: str | None, ctx: _Context,
                out: list[str]) -> None:
    """The lines of one edge in the graph of source file ``f`` (None: the resolution graph)."""
    s, o, p = ctx.iri(u), ctx.iri(v), _iri(REL_TYPES[rel].iri)
    evidence = attrs.get("evidence") or []
    props = sorted((k, lit) for k, _ in REL_TYPES[rel].props if (lit := _literal(k, attrs.get(k))) is not None)
    described = any(attrs.get(k) for k, _ in REL_TYPES[rel].props)
    stmt = _iri(f"{KHR}statement/{_h(u, rel, v)}")
    assoc = [f"{o} {T_ASSOC} {(a := _iri(f'{KHR}{v}/association/{_h(u, rel)}'))}", f"{a} {T_TYPE} {_iri(PROV + 'Association')}",
             f"{a} {T_AGENT} {s}", f"{a} {T_ROLE} {ROLE_OF[rel]}"] if rel in ROLE_OF else []
    lines = [f"{s} {p} {o}"]
    evs = [e for e in evidence if f is None or e.get("file") == f]
    if evs or described:
        lines += [f"{stmt} {T_TYPE} {T_STMT}", f"{stmt} {T_SUBJ} {s}", f"{stmt} {T_PRED} {p}",
                  f"{stmt} {T_OBJ} {o}"]
        lines += [f"{stmt} {PROPERTY_IRIS[k]} {lit}" for k, lit in props]
        if f:
            lines.append(f"{stmt} {T_SOURCE} {_literal('', f)}")
    for e in evs:
        ev = _iri(f"{KHR}evidence/{_h(u, rel, v, e['file'], str(e['start']), str(e['end']), e['text'])}")
        lines += [f"{stmt} {T_EVIDENCE} {ev}", f"{ev} {T_TYPE} {_kh('Evidence')}",
                  f"{ev} {_kh('file')} {_literal('', e['file'])}",
                  f'{ev} {_kh("start")} "{int(e["start"])}"^^{_XSD_INT}',
                  f'{ev} {_kh("end")} "{int(e["end"])}"^^{_XSD_INT}', f"{ev} {_kh('text')} {_literal('', e['text'])}"]
    out += lines + assoc


def nquads_chunks(g: nx.MultiDiGraph, size: int = CHUNK_QUADS, triples: bool = True
                  ) -> Iterator[tuple[bytes, bytes]]:
    """(N-Quads, N-Triples) byte chunks of whole named graphs, graphs by IRI, lines sorted and unique in each
    (``triples=False``: the N-Triples part is left empty).

    >>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", id="p", title="T", sources=["a.txt"])
    >>> nq, nt = next(nquads_chunks(g)); nq.count(b"\\n"), nt.count(b"\\n"), nq.endswith(b"a-txt> .\\n")
    (3, 3, True)
    """
    quads: list[str] = []
    nts: list[str] = []
    count = 0
    ctx = _Context(g)
    buckets = graph_items(g, ctx)
    for name in sorted(buckets):
        lines = sorted(set(lines_of(name, buckets.pop(name), ctx)))
        tail = f" <{name}> .\n"
        quads.append(tail.join(lines) + tail)
        if triples:
            nts.append(" .\n".join(lines) + " .\n")
        count += len(lines)
        if count >= size:
            yield "".join(quads).encode("utf-8"), "".join(nts).encode("utf-8")
            quads, nts, count = [], [], 0
    if quads:
        yield "".join(quads).encode("utf-8"), "".join(nts).encode("utf-8")


def trig_header() -> bytes:
    """The ``@prefix`` lines of the TriG, sorted (Oxigraph's own order of prefixes is not stable)."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())).encode("utf-8")


def trig_body(nquads: bytes) -> bytes:
    """TriG of an N-Quads chunk by Oxigraph's serializer, in the input order, without its prefix lines."""
    import pyoxigraph as ox

    text = ox.serialize(ox.parse(nquads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.TRIG,
                        prefixes=PREFIXES) or b""
    start = 0
    while text.startswith(b"@prefix ", start):
        start = text.index(b"\n", start) + 1
    return text[start:]


def _dataset(path: str | Path | None = None) -> tuple[Dataset, Any]:
    """An rdflib Dataset on a (new) Oxigraph store, in memory or at ``path``; also returns the pyoxigraph store."""
    import pyoxigraph as ox
    from oxrdflib import OxigraphStore

    inner = ox.Store(str(path)) if path is not None else ox.Store()
    ds = Dataset(store=OxigraphStore(store=inner))
    for p, ns in PREFIXES.items():
        ds.bind(p, ns, override=True)
    return ds, inner


def to_dataset(g: nx.MultiDiGraph) -> Dataset:
    """The RDF dataset of a built graph (its named graphs), on an in-memory Oxigraph store.

    >>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", id="p", title="T", sources=["a.txt"])
    >>> sorted(str(c.identifier) for c in to_dataset(g).graphs() if len(c))
    ['https://kehoach.dev/graph/source/a-txt']
    """
    ds, _ = _dataset()
    for nq, _ in nquads_chunks(g, triples=False):
        ds.parse(data=nq, format="ox-nquads", transactional=False)
    return ds


def _write(g: nx.MultiDiGraph, out: BinaryIO, ds: Dataset | None) -> None:
    out.write(trig_header())
    for nq, nt in nquads_chunks(g, triples=ds is not None):
        out.write(trig_body(nq))
        if ds is not None:  # the named graphs, and their union (deduplicated by the store) as default graph
            ds.parse(data=nq, format="ox-nquads", transactional=False)
            ds.parse(data=nt, format="ox-ntriples", transactional=False)


def to_trig(g: nx.MultiDiGraph) -> str:
    """The TriG text of a built graph."""
    import io

    buf = io.BytesIO()
    _write(g, buf, None)
    return buf.getvalue().decode("utf-8")


def write_trig(g: nx.MultiDiGraph, path: str | Path, store: bool = True) -> Path:
    """Write ``graph.trig`` and (``store``) the query store ``graph.oxigraph/`` next to it, both atomically.

    >>> import tempfile
    >>> p = write_trig(nx.MultiDiGraph(), tempfile.mkdtemp() + "/graph.trig")
    >>> p.name, (p.parent / "graph.oxigraph").is_dir()
    ('graph.trig', True)
    """
    path = Path(path)
    with ExitStack() as stack:
        db_tmp = stack.enter_context(atomic_path(path.with_name(STORE_DIR))) if store else None
        trig_tmp = stack.enter_context(atomic_path(path))
        ds, inner = _dataset(db_tmp) if db_tmp is not None else (None, None)
        try:
            with open(trig_tmp, "wb") as out:
                _write(g, out, ds)
            if inner is not None:
                inner.flush()
        finally:
            if ds is not None:
                ds.close()  # the store is closed (RocksDB lock released) before its folder is renamed
            del ds, inner
        if db_tmp is not None:
            write_stamp(db_tmp, trig_tmp)
    return path
