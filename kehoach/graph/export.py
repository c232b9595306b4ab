"""Exports of the built graph for other tools, each written atomically.

- ``graphml`` / ``gexf`` (Gephi, yEd, networkx): one file; list and dict values (``sources``, ``aliases``,
  ``evidence``) are flattened to JSON strings, None to "".
- ``csv``: a folder with ``nodes.csv`` (id, kind, every property) and ``edges.csv`` (source, target, rel, ...).
- ``neo4j-csv``: a folder for ``neo4j-admin database import full`` with one file per label
  (``nodes_Plan.csv``: ``id:ID``, ``:LABEL``, typed columns such as ``year:int``, ``sources:string[]``) and one
  per relationship type (``rels_CITES.csv``: ``:START_ID``, ``:END_ID``, ``:TYPE``, ...), each with its header
  row, and ``import.sh`` holding the import command. Arrays use ``|`` as delimiter (passed in the command).
  It holds exactly the rows the embedded database and ``kehoach neo4j load`` get.

>>> import networkx as nx, tempfile, pathlib
>>> g = nx.MultiDiGraph(); g.add_node("a", kind="Agency", label="Sở Ngoại vụ", aliases=["SNV"])
>>> out = export_graph(g, "graphml", pathlib.Path(tempfile.mkdtemp()) / "g.graphml")
>>> nx.read_graphml(out).nodes["a"]["aliases"]
'["SNV"]'
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx

from kehoach.graph.rows import node_rows, rel_rows
from kehoach.ontology.terms import NODE_LABELS, REL_TYPES, check_label, check_rel
from kehoach.util import atomic_path

FORMATS = ("graphml", "gexf", "csv", "neo4j-csv")
ARRAY_DELIMITER = "|"
_ADMIN_TYPES = {"STRING": "", "INT64": ":int", "BOOLEAN": ":boolean", "STRING[]": ":string[]"}


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


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` whose attribute values are all flat (see :func:`flat`), nodes and edges sorted."""
    h = nx.MultiDiGraph()
    for n in sorted(g.nodes, key=str):
        h.add_node(str(n), **{k: flat(v) for k, v in g.nodes[n].items()})
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        h.add_edge(str(u), str(v), key=str(k), **{a: flat(b) for a, b in d.items()})
    return h


def export_graph(g: nx.MultiDiGraph, fmt: str, output: str | Path) -> Path:
    """Write ``g`` in format ``fmt`` (one of FORMATS) to ``output`` (a file or a folder); return ``output``."""
    output = Path(output)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    with atomic_path(output) as tmp:
        if fmt == "graphml":
            nx.write_graphml(flat_graph(g), tmp, encoding="utf-8")
        elif fmt == "gexf":
            nx.write_gexf(flat_graph(g), tmp, encoding="utf-8")
        elif fmt == "csv":
            tmp.mkdir()
            write_plain_csv(g, tmp)
        else:
            tmp.mkdir()
            write_neo4j_csv(g, tmp)
    return output


def _writer(path: Path):
    f = open(path, "w", encoding="utf-8", newline="")
    return f, csv.writer(f, lineterminator="\n")


def write_plain_csv(g: nx.MultiDiGraph, folder: Path) -> None:
    """``nodes.csv`` and ``edges.csv`` with one column per attribute seen (lists/dicts as JSON)."""
    node_cols = sorted({k for _, d in g.nodes(data=True) for k in d} - {"kind"})
    edge_cols = sorted({k for *_, d in g.edges(keys=True, data=True) for k in d} - {"rel"})
    f, w = _writer(folder / "nodes.csv")
    with f:
        w.writerow(["id", "kind", *node_cols])
        for n in sorted(g.nodes, key=str):
            d = g.nodes[n]
            w.writerow([n, d.get("kind", ""), *(flat(d.get(c)) for c in node_cols)])
    f, w = _writer(folder / "edges.csv")
    with f:
        w.writerow(["source", "target", "rel", *edge_cols])
        for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
            w.writerow([u, v, d.get("rel", k), *(flat(d.get(c)) for c in edge_cols)])


def _admin_value(value: Any, typ: str) -> Any:
    if typ == "STRING[]":
        return ARRAY_DELIMITER.join(value)
    if typ == "BOOLEAN":
        return "true" if value else "false"
    return value


def neo4j_header(props: tuple[tuple[str, str], ...]) -> list[str]:
    """neo4j-admin header cells for typed properties.

    >>> neo4j_header((("year", "INT64"), ("sources", "STRING[]"), ("title", "STRING")))
    ['year:int', 'sources:string[]', 'title']
    """
    return [name + _ADMIN_TYPES[typ] for name, typ in props]


def write_neo4j_csv(g: nx.MultiDiGraph, folder: Path) -> list[str]:
    """The neo4j-admin import files of ``g`` in ``folder``; returns the file names written."""
    written: list[str] = []
    args: list[str] = []
    for label, rows in node_rows(g).items():
        props = NODE_LABELS[check_label(label)].all_props[1:]      # id is the :ID column
        name = f"nodes_{label}.csv"
        f, w = _writer(folder / name)
        with f:
            w.writerow(["id:ID", ":LABEL", *neo4j_header(props)])
            for r in rows:
                w.writerow([r["id"], label, *(_admin_value(r[p], t) for p, t in props)])
        written.append(name)
        args.append(f"--nodes={name}")
    groups, _ = rel_rows(g)
    for rel, spec in REL_TYPES.items():
        name = f"rels_{check_rel(rel)}.csv"
        f, w = _writer(folder / name)
        with f:
            w.writerow([":START_ID", ":END_ID", ":TYPE", *neo4j_header(spec.all_props)])
            for (r_type, _, _), rows in groups.items():
                if r_type != rel:
                    continue
                for r in rows:
                    w.writerow([r["from"], r["to"], rel, *(_admin_value(r[p], t) for p, t in spec.all_props)])
        written.append(name)
        args.append(f"--relationships={name}")
    command = ("#!/bin/sh\n# Import into a new, empty database (stop the server first), from this folder:\n"
               f"neo4j-admin database import full --array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true \\\n  "
               + " \\\n  ".join(args) + " \\\n  \"${1:-neo4j}\"\n")
    (folder / "import.sh").write_text(command, encoding="utf-8")
    written.append("import.sh")
    return written
