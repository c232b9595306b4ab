"""The graph as RDF: TriG with one named graph per source document plus one graph for resolution results.

The quads (``kehoach.graph.rdf_lines``) are produced as N-Triples lines, one named graph at a time, sorted
(graphs by IRI, then subject, predicate, object), and written as TriG directly (``kehoach.graph.trig``); with ``store=True`` they are also bulk-loaded with the rdflib API on the Oxigraph store
(oxrdflib, ``Dataset.parse(format="ox-nquads")``) into the on-disk query store ``graph.oxigraph/`` (which
``kehoach build`` otherwise leaves to the first SPARQL question, see ``kehoach.graph.rdfstore``). Every IRI
comes from a node id (no blank nodes) and the prefix header is written sorted, so building twice gives
byte-identical TriG.

- a source document's graph (``khg:source/<file key>``, see ``kehoach.graph.ids.file_key``) holds what that
  file asserts: the nodes it names with their properties, the relationships it prints, each relationship's statement (``rdf:Statement`` with
  ``kh:role``/``kh:asWritten``/``kh:requested``, and on a ``kh:mentions`` statement ``kh:tasksLed``/
  ``kh:tasksCoordinated``, counted from the resolved plan's tasks) and evidence (``kh:Evidence``: file, start, end, text; one
  resource per span of text, shared by every statement read there: a task's line supports its HAS_TASK, LEADS
  and COORDINATES statements), and
  PROV qualified associations (``prov:hadRole kh:Lead | kh:Coordinator``) of tasks with their agencies;
- the resolution graph (``khg:resolution``) holds merged plans (their merged description and ``owl:sameAs``
  of the per-record ids) and links derived by resolution (what a decision issues).

>>> import networkx as nx
>>> g = nx.MultiDiGraph(); g.add_node("plan/x", kind="Plan", id="plan/x", label="X", title="X", sources=["a.txt"])
>>> "a kh:Plan" in to_trig(g)
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO

import networkx as nx
from rdflib import Dataset

from kehoach.graph.rdf_lines import (  # noqa: F401  (re-exported: the IRIs of nodes and graphs)
    PREFIXES,
    RESOLUTION_GRAPH,
    LineContext,
    graph_items,
    graph_lines,
    lines_of,
    node_iri,
    source_graph,
)
from kehoach.graph.rdfstore import STORE_DIR, write_stamp
from kehoach.graph.trig import header as trig_header
from kehoach.graph.trig import trig_block_bytes
from kehoach.util import atomic_path

CHUNK_QUADS = 200_000  # quads per bulk load / serializer call (fewer, larger loads: fewer store files)


def sorted_graphs(g: nx.MultiDiGraph) -> Iterator[tuple[str, list[str]]]:
    """(named graph IRI, its N-Triples lines without " .", sorted and unique) for every graph, by IRI; each
    graph's lines are generated only when it is reached.

    >>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", id="p", title="T", sources=["a.txt"])
    >>> [(name.rsplit("/", 1)[1], len(lines)) for name, lines in sorted_graphs(g)]
    [('a-txt-18b7cb09', 3)]
    """
    ctx = LineContext(g)
    buckets = graph_items(g, ctx)
    for name in sorted(buckets):
        yield name, sorted(set(lines_of(name, buckets.pop(name), ctx)))


def nquads_chunks(g: nx.MultiDiGraph, size: int = CHUNK_QUADS, triples: bool = True
                  ) -> Iterator[tuple[bytes, bytes]]:
    """(N-Quads, N-Triples) byte chunks of whole named graphs, graphs by IRI, lines sorted and unique in each
    (``triples=False``: the N-Triples part is left empty).

    >>> g = nx.MultiDiGraph(); g.add_node("p", kind="Plan", id="p", title="T", sources=["a.txt"])
    >>> nq, nt = next(nquads_chunks(g)); nq.count(b"\\n"), nt.count(b"\\n"), nq.endswith(b"a-txt-18b7cb09> .\\n")
    (3, 3, True)
    """
    yield from _chunks(sorted_graphs(g), size, triples, None)


def _chunks(graphs: Iterator[tuple[str, list[str]]], size: int, triples: bool, trig: BinaryIO | None
            ) -> Iterator[tuple[bytes, bytes]]:
    """N-Quads/N-Triples chunks of ``graphs`` (see :func:`nquads_chunks`); each graph's TriG block is also
    written to ``trig`` when given."""
    quads: list[str] = []
    nts: list[str] = []
    count = 0
    for name, lines in graphs:
        if trig is not None:
            trig.write(_block(name, lines))
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


def _block(name: str, lines: list[str]) -> bytes:
    """The UTF-8 TriG block of one named graph (``kehoach.graph.trig.trig_block_bytes``)."""
    return trig_block_bytes(name.encode(), [line.encode() for line in lines])


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
    ['https://kehoach.dev/graph/source/a-txt-18b7cb09']
    """
    ds, _ = _dataset()
    for nq, _ in nquads_chunks(g, triples=False):
        ds.parse(data=nq, format="ox-nquads", transactional=False)
    return ds


def _write(g: nx.MultiDiGraph, out: BinaryIO, ds: Dataset | None) -> None:
    out.write(trig_header().encode("utf-8"))
    if ds is None:
        for name, lines in sorted_graphs(g):
            out.write(_block(name, lines))
        return
    for nq, nt in _chunks(sorted_graphs(g), CHUNK_QUADS, True, out):
        # the named graphs, and their union (deduplicated by the store) as default graph
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
                inner.optimize()  # compacts what the bulk loads wrote (see kehoach.graph.rdfstore.build_store)
        finally:
            if ds is not None:
                ds.close()  # the store is closed (RocksDB lock released) before its folder is renamed
            del ds, inner
        if db_tmp is not None:
            write_stamp(db_tmp, trig_tmp)
    return path
