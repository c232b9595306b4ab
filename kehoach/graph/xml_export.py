"""GraphML and GEXF written as the graph is read, never held: at 100k plans the flattened graph networkx's
writers want in memory would be about 12 GB.

Both take the graph as two callables, ``nodes()`` -> (id, attributes) and ``edges()`` -> (from, to, key,
attributes), each called again for every pass (``kehoach.graph.store.iter_saved_nodes`` reads ``graph.json``
again). Values are flattened as they are read (:func:`flat`, which the CSV export uses too).

- GraphML: :func:`write_graphml` writes what networkx's streaming writer ``write_graphml_lxml`` writes for the
  flattened graph, the same bytes (lxml's incremental writer, keys from a first pass).
- GEXF: networkx has no streaming GEXF writer; :func:`write_gexf` writes what ``networkx.write_gexf`` writes for
  the same graph, the same bytes (attribute declarations first, from a first pass over the nodes and edges;
  then each node and edge serialized by ElementTree on its own).

Tests compare both with networkx's writers, byte for byte.

>>> import io
>>> nodes = lambda: iter([("a", {"kind": "Agency", "label": "Sở X"}), ("b", {"kind": "Plan"})])
>>> edges = lambda: iter([("b", "a", "ISSUED_BY", {"rel": "ISSUED_BY"})])
>>> out = io.BytesIO(); write_gexf(nodes, edges, out)
>>> h = nx.read_gexf(io.BytesIO(out.getvalue())); h.nodes["a"]["label"], list(h.edges(data="rel"))
('Sở X', [('b', 'a', 'ISSUED_BY')])
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any
from xml.etree.ElementTree import Element, SubElement, tostring

import networkx as nx
from networkx.readwrite.gexf import GEXF
from networkx.readwrite.graphml import GraphML


def flat(value: Any) -> Any:
    """A value GraphML/GEXF can hold: scalars stay, lists/dicts become JSON, None becomes "".

    >>> flat(["a.txt", "b.txt"]), flat(None), flat(3)
    ('["a.txt", "b.txt"]', '', 3)
    """
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict, set)):
        return json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


Nodes = Callable[[], Iterable[tuple[Any, dict]]]
Edges = Callable[[], Iterable[tuple[Any, Any, Any, dict]]]


def write_graphml(nodes: Nodes, edges: Edges, out: IO[bytes]) -> None:
    """GraphML of the graph: the bytes networkx's streaming writer (``nx.write_graphml_lxml``) writes for the
    flattened graph, with lxml's incremental writer inside ``with`` blocks (networkx's leaves lxml's writer
    open when reading the graph fails, and the interpreter then crashes collecting it). Two passes: the keys,
    one per attribute name, value type and scope in order of first use; then each node and edge."""
    from lxml import etree

    keys: dict[tuple[str, str, str], str] = {}

    def data(element: Any, scope: str, attrs: dict, declare: bool = False) -> None:
        for k, v in attrs.items():
            v = flat(v)
            key = (str(k), _GRAPHML.get_xml_type(type(v)), scope)
            if declare:
                keys.setdefault(key, f"d{len(keys)}")
            else:
                etree.SubElement(element, "data", key=keys[key]).text = str(v)

    for _, d in nodes():
        data(None, "node", d, declare=True)
    for *_, d in edges():
        data(None, "edge", d, declare=True)
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element("graphml", {"xmlns": _GRAPHML.NS_GRAPHML, "xmlns:xsi": _GRAPHML.NS_XSI,
                                    "xsi:schemaLocation": _GRAPHML.SCHEMALOCATION}):
            for (name, typ, scope), kid in reversed(keys.items()):  # networkx inserts each key first
                xf.write(etree.Element("key", {"id": kid, "for": scope, "attr.name": name, "attr.type": typ}),
                         pretty_print=True)
            with xf.element("graph", edgedefault="directed"):
                for n, d in nodes():
                    e = etree.Element("node", id=str(n))
                    data(e, "node", d)
                    xf.write(e, pretty_print=True)
                for u, v, k, d in edges():
                    e = etree.Element("edge", source=str(u), target=str(v), id=str(k))
                    data(e, "edge", d)
                    xf.write(e, pretty_print=True)


_GRAPHML = GraphML()  # networkx's GraphML names, namespaces and types
_GRAPHML.construct_types()
_SPEC = GEXF()  # networkx's GEXF 1.2draft names, namespaces and types
_SPEC.construct_types()
_SPEC.set_version("1.2draft")

# what networkx's GEXF writer takes out of a node's or an edge's data into the element's own attributes
_NODE_OWN = ("id", "label", "pid", "start", "end")
_EDGE_OWN = ("id", "label", "weight", "type", "start", "end")


def _node_data(n: str, attrs: dict) -> tuple[dict[str, str], dict[str, Any]]:
    data = dict(attrs)
    own = {"id": str(data.pop("id", n)), "label": str(data.pop("label", n))}
    for k in _NODE_OWN[2:]:
        if k in data:
            own[k] = str(data.pop(k))
    return own, data


def _edge_data(eid: str, k: str, attrs: dict) -> tuple[dict[str, str], dict[str, Any]]:
    data = {**attrs, "key": k}
    own = {"id": str(data.pop("id", eid))}
    for name in _EDGE_OWN[1:]:
        if name in data:
            own[name] = str(data.pop(name))
    # networkx renames the multigraph key in place
    return own, {("networkx_key" if name == "key" else name): v for name, v in data.items()}


def _edge_id(d: dict, explicit: set[str], counter: Iterator[int]) -> str:
    """The id networkx gives an edge: its ``id`` attribute, else the next number that no edge's ``id`` uses
    (``explicit``: every edge's ``id`` attribute; the numbers only grow, so none is given twice)."""
    if d.get("id") is not None:
        return str(d["id"])
    eid = next(counter)
    while str(eid) in explicit:
        eid = next(counter)
    return str(eid)


class _Attributes:
    """The GEXF attribute declarations (id, title, type) of nodes and edges, numbered in order of first use."""

    def __init__(self) -> None:
        self.xml_type = _SPEC.xml_type
        self.ids: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
        self.declared: dict[str, list[Element]] = {"node": [], "edge": []}
        self._next = itertools.count()

    def see(self, cls: str, data: dict[str, Any]) -> None:
        for k, v in data.items():
            if k not in self.ids[cls]:
                if type(v) not in self.xml_type or isinstance(v, (list, dict)):
                    raise TypeError(f"attribute value type is not allowed: {type(v)}")
                self.ids[cls][k] = new = str(next(self._next))
                self.declared[cls].append(Element("attribute", id=new, title=k, type=self.xml_type[type(v)]))

    def values(self, element: Element, cls: str, data: dict[str, Any]) -> None:
        if not data:
            return
        values = SubElement(element, "attvalues")
        for k, v in data.items():
            e = SubElement(values, "attvalue")
            e.attrib["for"] = self.ids[cls][k]
            e.attrib["value"] = str(v).lower() if isinstance(v, bool) else _float_text(v)


def _float_text(v: Any) -> str:
    text = str(v)
    if isinstance(v, float):
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return text


def _indented(element: Element, level: int) -> bytes:
    """``element`` as networkx's pretty-printed GEXF has it at depth ``level`` (its tail included)."""
    _INDENT.indent(element, level)
    return tostring(element, encoding="unicode").encode("utf-8")


class _Indent(nx.readwrite.gexf.GEXFWriter):
    """networkx's GEXF pretty-printer (``indent``), without the document its writer would start."""

    def __init__(self) -> None:
        pass


_INDENT = _Indent()


def write_gexf(nodes: Nodes, edges: Edges, out: IO[bytes]) -> None:
    """GEXF 1.2 of the graph: the bytes ``nx.write_gexf`` writes for the flattened graph (same day), written
    node by node and edge by edge."""
    attrs = _Attributes()
    renamed: dict[str, str] = {}  # networkx names an edge's ends by their nodes' ``id`` attribute, if any
    for n, d in nodes():
        own, data = _node_data(str(n), {k: flat(v) for k, v in d.items()})
        attrs.see("node", data)
        if own["id"] != str(n):
            renamed[str(n)] = own["id"]
    explicit: set[str] = set()
    for *_, k, d in edges():
        attrs.see("edge", _edge_data("", str(k), {a: flat(b) for a, b in d.items()})[1])
        if d.get("id") is not None:
            explicit.add(str(d["id"]))
    root = Element("gexf", {"xmlns": _SPEC.NS_GEXF, "xmlns:xsi": _SPEC.NS_XSI,
                            "xsi:schemaLocation": _SPEC.SCHEMALOCATION, "version": _SPEC.VERSION})
    out.write(b"<?xml version='1.0' encoding='utf-8'?>\n")
    out.write(tostring(root, encoding="unicode").encode("utf-8").removesuffix(b" />") + b">\n  ")
    meta = Element("meta")
    SubElement(meta, "creator").text = f"NetworkX {nx.__version__}"
    meta.set("lastmodifieddate", time.strftime("%Y-%m-%d"))
    out.write(_indented(meta, 1))
    out.write(b'<graph defaultedgetype="directed" mode="static" name="">\n    ')
    for cls in ("edge", "node"):  # networkx inserts each class's declarations first: the later one, edges, on top
        if attrs.declared[cls]:
            block = Element("attributes", mode="static", **{"class": cls})
            block.extend(attrs.declared[cls])
            out.write(_indented(block, 2))
    _write_items(out, "nodes", _node_elements(nodes, attrs), "\n    ")
    _write_items(out, "edges", _edge_elements(edges, attrs, renamed, explicit), "\n  ")
    out.write(b"</graph>\n</gexf>\n")


def _write_items(out: IO[bytes], name: str, elements: Iterator[Element], tail: str) -> None:
    """``<nodes>`` or ``<edges>`` (followed by ``tail``) and its children, each indented at depth 3."""
    prev = None
    for e in elements:
        out.write(_indented(prev, 3) if prev is not None else f"<{name}>\n      ".encode())
        prev = e
    if prev is None:
        out.write(f"<{name} />{tail}".encode())
        return
    _INDENT.indent(prev, 3)
    prev.tail = "\n    "  # the last child's tail closes its parent's line
    out.write(tostring(prev, encoding="unicode").encode("utf-8") + f"</{name}>{tail}".encode())


def _node_elements(nodes: Nodes, attrs: _Attributes) -> Iterator[Element]:
    for n, d in nodes():
        own, data = _node_data(str(n), {k: flat(v) for k, v in d.items()})
        e = Element("node", **own)
        attrs.values(e, "node", data)
        yield e


def _edge_elements(edges: Edges, attrs: _Attributes, renamed: dict[str, str], explicit: set[str]) -> Iterator[Element]:
    counter = itertools.count()
    for u, v, k, d in edges():
        own, data = _edge_data(_edge_id(d, explicit, counter), str(k), {a: flat(b) for a, b in d.items()})
        e = Element("edge", source=renamed.get(str(u), str(u)), target=renamed.get(str(v), str(v)), **own)
        attrs.values(e, "edge", data)
        yield e
