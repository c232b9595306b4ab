"""The graph as RDF: TriG with one named graph per source document plus one graph for resolution results.

Written with the rdflib API on the Oxigraph store (oxrdflib). Every IRI comes from a node id (no blank nodes)
and the serialization is sorted, so building twice gives byte-identical TriG.

- a source document's graph (``khg:source/<file>``) holds what that file asserts: the nodes it names with
  their properties, the relationships it prints, each relationship's statement (``rdf:Statement`` with
  ``kh:role``/``kh:asWritten``/``kh:requested``) and evidence (``kh:Evidence``: file, start, end, text), and
  PROV qualified associations (``prov:hadRole kh:Lead | kh:Coordinator``) of tasks with their agencies;
- the resolution graph (``khg:resolution``) holds merged plans (their merged description and ``owl:sameAs``
  of the per-record ids) and links derived by resolution (what a decision issues).

>>> import networkx as nx
>>> g = nx.MultiDiGraph(); g.add_node("plan/x", kind="Plan", id="plan/x", label="X", title="X", sources=["a.txt"])
>>> "kh:Plan" in to_trig(g)
True
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import OWL, RDF, RDFS, XSD, Dataset, Literal, Namespace, URIRef
from rdflib.plugins.serializers.trig import TrigSerializer

from kehoach.graph.ids import slug
from kehoach.ontology.terms import DCT, ELI, FOAF, KH, KHG, KHR, NODE_LABELS, ORG, PROV, REL_TYPES, SKOS
from kehoach.util import atomic_write_bytes

KHN, KHRN, KHGN = Namespace(KH), Namespace(KHR), Namespace(KHG)
SKOSN, DCTN, PROVN, FOAFN = Namespace(SKOS), Namespace(DCT), Namespace(PROV), Namespace(FOAF)
PREFIXES = {"kh": KH, "khg": KHG, "eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dct": DCT,
            "foaf": FOAF, "owl": str(OWL), "rdfs": str(RDFS), "xsd": str(XSD)}
RESOLUTION_GRAPH = KHGN["resolution"]

# node property -> predicate (properties not listed here are not exported: id is the IRI, plan is hasTask)
PROPERTY_IRIS: dict[str, URIRef] = {
    "label": RDFS.label, "sources": KHN.sourceFile, "name": SKOSN.prefLabel, "aliases": SKOSN.altLabel,
    "number": KHN.number, "doc_type": KHN.docType, "title": KHN.title, "date": KHN.date, "year": KHN.year,
    "issuer": KHN.issuerName, "ingested": KHN.ingested, "date_partial": KHN.datePartial, "place": KHN.place,
    "year_covered": KHN.yearCovered, "level": KHN.level, "province": KHN.provinceName,
    "district": KHN.districtName, "ref": KHN.ref, "section": KHN.section, "timeframe": KHN.timeframe,
    "requested": KHN.requested, "jurisdiction": KHN.jurisdictionName, "collective": KHN.collective,
    "role": KHN.role, "as_written": KHN.asWritten,
}
PERSON_PROPERTY_IRIS = {"name": FOAFN.name, "title": KHN.position}
# document type word -> subclass of kh:LegalDocument
DOC_CLASSES = {
    "nghị định": "Decree", "thông tư": "Circular", "quyết định": "Decision", "chỉ thị": "Directive",
    "kết luận": "Conclusion", "luật": "Law", "công văn": "OfficialLetter", "chương trình": "Programme",
    "đề án": "Scheme", "quy chế": "Regulation", "quy định": "Regulation", "chiến lược": "Strategy",
    "nghị quyết": "Resolution", "hướng dẫn": "Guidance", "thông báo": "Notice", "báo cáo": "Report",
}
UNIT_CLASSES = {"country": "Country", "province": "Province", "district": "District", "commune": "Commune"}
ROLE_OF = {"LEADS": KHN.Lead, "COORDINATES": KHN.Coordinator}


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


def _literal(prop: str, value: Any) -> Literal | None:
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value) if value else None
    if not value:
        return None
    if prop == "date" and len(value) == 10:
        return Literal(value, datatype=XSD.date)
    return Literal(value)


def _classes(attrs: dict[str, Any]) -> list[URIRef]:
    kind = attrs["kind"]
    out = [URIRef(NODE_LABELS[kind].iri)]
    if kind == "LegalDocument":
        from kehoach.ingest.normalize import match_key

        sub = DOC_CLASSES.get(match_key(attrs.get("doc_type") or ""))
        if sub:
            out.append(KHN[sub])
    elif kind == "AdministrativeUnit" and attrs.get("level") in UNIT_CLASSES:
        out.append(KHN[UNIT_CLASSES[attrs["level"]]])
    elif kind == "Agency" and attrs.get("collective"):
        out.append(KHN.CollectiveAgency)
    return out


def _node_triples(nid: str, attrs: dict[str, Any], with_props: bool) -> list[tuple]:
    s = node_iri(nid)
    triples = [(s, RDF.type, c) for c in _classes(attrs)]
    if not with_props:
        return triples
    props = PERSON_PROPERTY_IRIS if attrs["kind"] == "Person" else {}
    for prop, _ in NODE_LABELS[attrs["kind"]].all_props:
        if prop in ("id", "plan", "sources"):
            continue
        pred = props.get(prop) or PROPERTY_IRIS.get(prop)
        values = attrs.get(prop)
        for v in values if isinstance(values, list) else [values]:
            lit = _literal(prop, v)
            if pred is not None and lit is not None:
                triples.append((s, pred, lit))
    if attrs.get("label"):
        triples.append((s, RDFS.label, Literal(attrs["label"])))
    return triples


def _h(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def to_dataset(g: nx.MultiDiGraph) -> Dataset:
    """The RDF dataset of a built graph, on the Oxigraph store."""
    ds = Dataset(store="Oxigraph")
    for p, ns in PREFIXES.items():
        ds.bind(p, ns, override=True)
    res = g.graph.get("resolution", {})
    merged = set(res.get("same_as", {}))
    derived = {tuple(x) for x in res.get("derived", [])}
    quads: list[tuple] = []

    def add(triples: list[tuple], graph: URIRef) -> None:
        ctx = ds.graph(graph)
        quads.extend((s, p, o, ctx) for s, p, o in triples)

    for nid, attrs in sorted(g.nodes(data=True)):
        sources = attrs.get("sources") or []
        in_resolution = nid in merged or not sources
        if in_resolution:
            add(_node_triples(nid, attrs, True), RESOLUTION_GRAPH)
        for f in sources:
            add(_node_triples(nid, attrs, not in_resolution)
                + [(node_iri(nid), KHN.sourceFile, Literal(f))], source_graph(f))
    for canonical, others in sorted(res.get("same_as", {}).items()):
        add([(node_iri(canonical), OWL.sameAs, node_iri(o)) for o in others], RESOLUTION_GRAPH)
    for u, v, rel, attrs in sorted(g.edges(keys=True, data=True), key=lambda e: e[:3]):
        _edge_quads(u, v, rel, attrs, (u, v, rel) in derived, add)
    ds.addN(quads)
    return ds


def _edge_quads(u: str, v: str, rel: str, attrs: dict[str, Any], derived: bool, add) -> None:
    s, o, p = node_iri(u), node_iri(v), URIRef(REL_TYPES[rel].iri)
    sources = attrs.get("sources") or []
    graphs = [RESOLUTION_GRAPH] if derived or not sources else [source_graph(f) for f in sources]
    evidence = attrs.get("evidence") or []
    props = {k: attrs.get(k) for k, _ in REL_TYPES[rel].props}
    stmt = KHRN[f"statement/{_h(u, rel, v)}"]
    for graph, f in zip(graphs, [None] if derived or not sources else sources):
        triples = [(s, p, o)]
        evs = [e for e in evidence if f is None or e.get("file") == f]
        if evs or any(props.values()):
            triples += [(stmt, RDF.type, RDF.Statement), (stmt, RDF.subject, s), (stmt, RDF.predicate, p),
                        (stmt, RDF.object, o)]
            triples += [(stmt, PROPERTY_IRIS[k], lit) for k, val in sorted(props.items())
                        if (lit := _literal(k, val)) is not None]
            if f:
                triples.append((stmt, KHN.sourceFile, Literal(f)))
        for e in evs:
            ev = KHRN[f"evidence/{_h(u, rel, v, e['file'], str(e['start']), str(e['end']), e['text'])}"]
            triples += [(stmt, KHN.evidence, ev), (ev, RDF.type, KHN.Evidence), (ev, KHN.file, Literal(e["file"])),
                        (ev, KHN.start, Literal(int(e["start"]))), (ev, KHN.end, Literal(int(e["end"]))),
                        (ev, KHN.text, Literal(e["text"]))]
        if rel in ROLE_OF:
            assoc = KHRN[f"{v}/association/{_h(u, rel)}"]
            triples += [(o, PROVN.qualifiedAssociation, assoc), (assoc, RDF.type, PROVN.Association),
                        (assoc, PROVN.agent, s), (assoc, PROVN.hadRole, ROLE_OF[rel])]
        add(triples, graph)


class _PlainTrigSerializer(TrigSerializer):
    """rdflib's TriG serializer writing ``xsd:string`` literals (as Oxigraph returns them) as plain strings."""

    def label(self, node, position):  # noqa: D102 - rdflib API
        if isinstance(node, Literal) and node.datatype == XSD.string:
            node = Literal(str(node))
        return super().label(node, position)


def serialize_trig(ds: Dataset) -> bytes:
    """TriG with named graphs, subjects, predicates and objects in a stable order."""
    ser = _PlainTrigSerializer(ds)
    ser.contexts = sorted((c for c in ser.contexts if len(c)), key=lambda c: str(c.identifier))
    buf = io.BytesIO()
    ser.serialize(buf, encoding="utf-8")
    return buf.getvalue()


def to_trig(g: nx.MultiDiGraph) -> str:
    """The TriG text of a built graph."""
    return serialize_trig(to_dataset(g)).decode("utf-8")


def write_trig(g: nx.MultiDiGraph, path: str | Path) -> Path:
    """Write ``graph.trig`` atomically; return its path.

    >>> import tempfile
    >>> write_trig(nx.MultiDiGraph(), tempfile.mkdtemp() + "/graph.trig").name
    'graph.trig'
    """
    path = Path(path)
    atomic_write_bytes(path, serialize_trig(to_dataset(g)))
    return path
