"""Checking a built graph against the ontology and the SHACL shapes (pyshacl).

>>> import networkx as nx
>>> from kehoach.graph.rdf import to_dataset
>>> g = nx.MultiDiGraph()
>>> g.add_node("plan/x", kind="Plan", id="plan/x", label="X", title="X", ingested=True, sources=["a.txt"])
>>> validate(union_graph(to_dataset(g)))[0]
True
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Dataset, Graph

from kehoach.ontology import ONTOLOGY_DIR

ONTOLOGY_FILE = ONTOLOGY_DIR / "kehoach.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


def load_ontology() -> Graph:
    """kehoach.ttl as an rdflib Graph."""
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


def union_graph(ds: Dataset) -> Graph:
    """All triples of every graph of a dataset in one (set-semantics) Graph."""
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def load_trig_union(path: str | Path) -> Graph:
    """The union graph of a ``graph.trig`` file."""
    ds = Dataset()
    ds.parse(str(path), format="trig")
    return union_graph(ds)


def validate(data: Graph) -> tuple[bool, str]:
    """(conforms, report text) of ``data`` against shapes.ttl, with the ontology mixed in for class targets."""
    from pyshacl import validate as shacl_validate

    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    conforms, _, text = shacl_validate(data, shacl_graph=shapes, ont_graph=load_ontology(), inference="none",
                                       advanced=True, allow_warnings=False)
    return bool(conforms), str(text)
