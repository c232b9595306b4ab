"""RDF/TriG: named graphs per source, resolution graph, determinism, SHACL conformance, declared vocabulary."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import OWL, RDF, Dataset, URIRef
from test_ontology import declared

from kehoach.graph.rdf import RESOLUTION_GRAPH, source_graph
from kehoach.graph.shacl import load_ontology, load_trig_union, validate
from kehoach.ontology.terms import KH

FILES = ["000_3391a5570458726a.txt", "001_96e476ef786eba14.txt", "002_b85c26701672cfe5.txt",
         "003_7ee35a000a85f826.txt", "004_d57df0e5ceaaeeb4.txt"]
KHS = URIRef(KH + "sourceFile")


@pytest.fixture(scope="module")
def two_builds(seeds_dir, tmp_path_factory):
    from kehoach.graph.pipeline import build_paths

    outs = []
    for i in range(2):
        out = tmp_path_factory.mktemp(f"rdf{i}")
        build_paths([seeds_dir], out, jobs=1, html=False, cypher=False)
        outs.append(out)
    return outs


@pytest.fixture(scope="module")
def dataset(two_builds) -> Dataset:
    ds = Dataset(default_union=True)
    ds.parse(str(two_builds[0] / "graph.trig"), format="trig")
    return ds


def test_building_twice_gives_byte_identical_trig(two_builds):
    a, b = (o / "graph.trig" for o in two_builds)
    assert a.read_bytes() == b.read_bytes()
    assert (two_builds[0] / "graph.json").read_bytes() == (two_builds[1] / "graph.json").read_bytes()
    assert b"_:" not in a.read_bytes()  # no blank nodes


def test_one_named_graph_per_source_document_plus_resolution(dataset):
    names = {c.identifier for c in dataset.contexts() if len(c)}
    assert {source_graph(f) for f in FILES} | {RESOLUTION_GRAPH} <= names
    for f in FILES:
        files = {str(o) for o in dataset.graph(source_graph(f)).objects(None, KHS)}
        assert files == {f}, f  # a source graph only holds what that file asserts


def test_resolution_graph_holds_the_merge(dataset):
    res = dataset.graph(RESOLUTION_GRAPH)
    merged = [(s, o) for s, o in res.subject_objects(OWL.sameAs)]
    assert any(str(s).endswith("/2023/210-kh-ubnd") for s, _ in merged)
    number = URIRef(KH + "number")
    assert any(str(o) == "210/KH-UBND" for o in res.objects(None, number))


def test_statements_keep_evidence_offsets(dataset, seeds_dir):
    ev_file, start, end, text = (URIRef(KH + x) for x in ("file", "start", "end", "text"))
    union = dataset
    checked = 0
    for ev in union.subjects(RDF.type, URIRef(KH + "Evidence")):
        f = str(union.value(ev, ev_file))
        content = (seeds_dir / f).read_text(encoding="utf-8")
        assert content[int(union.value(ev, start)):int(union.value(ev, end))] == str(union.value(ev, text))
        checked += 1
    assert checked > 50


def test_one_evidence_resource_per_span_of_text(dataset, two_builds):
    """A task's line is the evidence of its HAS_TASK, LEADS and COORDINATES statements: one kh:Evidence, which
    all of them point to; and there are as many kh:Evidence as distinct spans in graph.json."""
    import json

    from kehoach.graph.store import iter_saved_edges

    spans = {(e["file"], e["start"], e["end"], e["text"])
             for *_, d in iter_saved_edges(two_builds[0]) for e in d.get("evidence") or []}
    evidence = set(dataset.subjects(RDF.type, URIRef(KH + "Evidence")))
    assert len(evidence) == len(spans) > 50
    has_evidence = URIRef(KH + "evidence")
    by_subject = {}
    for stmt in dataset.subjects(RDF.type, RDF.Statement):
        pred = dataset.value(stmt, RDF.predicate)
        by_subject.setdefault(dataset.value(stmt, RDF.object), {})[pred] = set(dataset.objects(stmt, has_evidence))
    shared = [preds for preds in by_subject.values()
              if {URIRef(KH + "hasTask"), URIRef(KH + "leads")} <= set(preds)
              and preds[URIRef(KH + "hasTask")] == preds[URIRef(KH + "leads")] != set()]
    assert len(shared) > 20, json.dumps(len(by_subject))


def test_shapes_conform(two_builds):
    conforms, report = validate(load_trig_union(two_builds[0] / "graph.trig"))
    assert conforms, report[:3000]


def test_shapes_catch_a_broken_graph(two_builds):
    data = load_trig_union(two_builds[0] / "graph.trig")
    part_of = URIRef(KH + "partOf")
    district = next(s for s in data.subjects(RDF.type, URIRef(KH + "District")))
    data.remove((district, part_of, None))
    task = next(data.subjects(RDF.type, URIRef(KH + "Task")), None)
    if task is not None:
        data.remove((None, URIRef(KH + "hasTask"), task))
    conforms, report = validate(data)
    assert not conforms and "partOf" in report


def test_every_class_and_property_used_is_declared_in_the_ontology(two_builds):
    names = declared(load_ontology())
    data = load_trig_union(two_builds[0] / "graph.trig")
    used_props = set(data.predicates())
    used_classes = set(data.objects(None, RDF.type))
    missing = sorted(str(t) for t in (used_props | used_classes) - names - {RDF.type})
    assert not missing, missing


def _quads(data: bytes, fmt) -> set:
    import pyoxigraph as ox

    return set(ox.parse(data, format=fmt))


def test_trig_holds_exactly_the_quads_of_the_graph(two_builds):
    """The TriG written directly (prefixed names, grouped subjects, bare integers) parses to the very quads of
    the N-Quads that the query store loads."""
    import pyoxigraph as ox

    from kehoach.graph.rdf import nquads_chunks
    from kehoach.graph.store import load_graph

    g = load_graph(two_builds[0])
    nquads = b"".join(nq for nq, _ in nquads_chunks(g, triples=False))
    trig = (two_builds[0] / "graph.trig").read_bytes()
    expected = _quads(nquads, ox.RdfFormat.N_QUADS)
    assert len(expected) > 1000
    assert _quads(trig, ox.RdfFormat.TRIG) == expected
    assert b"\n\t\tkh:" in trig and b" a kh:Plan" in trig  # grouped by subject, vocabulary prefixed


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["title", "year", "requested", "date", "number"]),
                          st.one_of(_TEXT, st.integers(-10**12, 10**12), st.booleans(),
                                    st.dates().map(str))), max_size=12),
       st.lists(st.text("abc/ %<>é", min_size=1, max_size=8), min_size=1, max_size=3))
def test_trig_of_any_literals_and_ids_parses_to_the_same_quads(props, ids):
    """Whatever a literal holds (quotes, backslashes, newlines, any script) and whatever an id holds, a TriG
    block parses to the quads of its lines."""
    import pyoxigraph as ox

    from kehoach.graph.rdf_lines import PROPERTY_IRIS, iri_term, literal_term
    from kehoach.graph.trig import header, trig_block, trig_block_bytes

    lines = {f"{iri_term('https://kehoach.dev/id/' + i)} {iri_term('http://www.w3.org/1999/02/22-rdf-syntax-ns#type')} "
             f"{iri_term('https://kehoach.dev/ontology#Plan')}" for i in ids}
    for i, (prop, value) in zip(ids * len(props), props):
        lit = literal_term(prop, value)
        if lit is not None:
            lines.add(f"{iri_term('https://kehoach.dev/id/' + i)} {PROPERTY_IRIS[prop]} {lit}")
    lines = sorted(lines)
    name = "https://kehoach.dev/graph/source/x"
    nquads = "".join(f"{line} <{name}> .\n" for line in lines).encode("utf-8")
    trig = (header() + trig_block(name, lines)).encode("utf-8")
    assert _quads(trig, ox.RdfFormat.TRIG) == _quads(nquads, ox.RdfFormat.N_QUADS)
    # the streamed writer sorts the lines as UTF-8 bytes, never decoded: the same order, the same block
    encoded = sorted(line.encode("utf-8") for line in reversed(lines))
    assert trig_block_bytes(name.encode(), encoded) == trig_block(name, lines).encode("utf-8")


def test_trig_streamed_from_graph_json_is_the_same_bytes(two_builds, tmp_path, monkeypatch):
    """The child-process writer (graph.json -> partitions -> TriG, never the whole graph in memory) writes the
    very bytes of the in-memory writer, however many partitions it cuts the graphs into."""
    import kehoach.graph.rdf_stream as rdf_stream

    expected = (two_builds[0] / "graph.trig").read_bytes()
    files = [f"{name}" for name in FILES]
    for part_bytes, most in ((1 << 30, 256), (20_000, 256), (20_000, 2)):
        monkeypatch.setattr(rdf_stream, "PARTITION_BYTES", part_bytes)
        monkeypatch.setattr(rdf_stream, "MAX_PARTITIONS", most)
        got = rdf_stream.write_trig_from_saved(two_builds[0], tmp_path / f"{part_bytes}-{most}.trig", files)
        assert got.read_bytes() == expected, (part_bytes, most)
    assert sorted(p.name for p in tmp_path.iterdir()) == [  # no spool left
        "1073741824-256.trig", "20000-2.trig", "20000-256.trig"]
    shares = [rdf_stream.write_trig_from_saved(two_builds[0], tmp_path / f"share{i}", files, (i, 3)).read_bytes()
              for i in range(3)]
    assert b"".join(shares) == expected and all(shares)  # three processes can write it, each a range of graphs


def test_an_evidence_span_is_described_once_per_graph_and_forgetting_changes_nothing(two_builds, tmp_path,
                                                                                     monkeypatch):
    """A span supporting several edges (a task's: HAS_TASK, LEADS, COORDINATES) gets its description lines once
    per graph from the line writer; with a memo that forgets at every span the TriG is the same bytes."""
    import kehoach.graph.rdf_lines as rdf_lines
    import kehoach.graph.rdf_stream as rdf_stream
    from kehoach.graph.store import load_graph

    lines = rdf_lines.graph_lines(load_graph(two_builds[0]))
    typed = [(name, ln) for name, graph in lines.items() for ln in graph
             if ln.endswith(" <https://kehoach.dev/ontology#Evidence>")]
    assert typed and len(typed) == len(set(typed))
    uses = sum(ln.split(" ")[1] == "<https://kehoach.dev/ontology#evidence>" for graph in lines.values() for ln in graph)
    assert uses > 1.5 * len(typed)  # spans are shared: each described once all the same
    monkeypatch.setattr(rdf_lines, "EVIDENCE_MEMO", 1)
    got = rdf_stream.write_trig_from_saved(two_builds[0], tmp_path / "forgetful.trig", FILES)
    assert got.read_bytes() == (two_builds[0] / "graph.trig").read_bytes()
