"""Exports of the built graph for other tools, each written atomically.

- ``graphml`` / ``gexf`` (Gephi, yEd, networkx): one file, as networkx writes it (``write_graphml_lxml``,
  ``write_gexf``), streamed; list and dict values (``sources``, ``aliases``, ``evidence``) are flattened to JSON
  strings, None to "".
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
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from kehoach.graph.rows import SavedRows, iter_node_rows, iter_rel_rows
from kehoach.graph.xml_export import flat, write_gexf, write_graphml
from kehoach.ontology.terms import NODE_LABELS, REL_TYPES, check_label, check_rel
from kehoach.util import atomic_path

FORMATS = ("graphml", "gexf", "csv", "neo4j-csv")
ARRAY_DELIMITER = "|"
_ADMIN_TYPES = {"STRING": "", "INT64": ":int", "BOOLEAN": ":boolean", "STRING[]": ":string[]"}


def export_graph(g: nx.MultiDiGraph, fmt: str, output: str | Path) -> Path:
    """Write ``g`` in format ``fmt`` (one of FORMATS) to ``output`` (a file or a folder); return ``output``."""
    return _export(fmt, output, lambda: _graph_nodes(g), lambda: _graph_edges(g),
                   lambda: (iter_node_rows(g), iter_rel_rows(g)))


def export_saved(graph_dir: str | Path, fmt: str, output: str | Path) -> Path:
    """Write the graph a ``kehoach build`` saved in ``graph_dir`` in format ``fmt``: what :func:`export_graph`
    writes for the loaded graph, the same bytes. Every format streams ``graph.json``, never holding the graph
    (at 100k plans it is 12 GB in memory): twice for ``csv`` (its columns first), and for ``graphml`` and
    ``gexf`` once per pass of their writers (:mod:`kehoach.graph.xml_export`).

    >>> import tempfile, pathlib
    >>> from kehoach.graph.store import save_graph
    >>> g = nx.MultiDiGraph(); g.add_node("a", kind="Agency", name="Sở Ngoại vụ")
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = save_graph(g, d); _ = export_saved(d, "csv", d / "csv")
    >>> (d / "csv" / "nodes.csv").read_text(encoding="utf-8").splitlines()
    ['id,kind,name', 'a,Agency,Sở Ngoại vụ']
    """
    from kehoach.graph.store import iter_saved_edges, iter_saved_nodes

    def rows():
        saved = SavedRows(graph_dir)
        return saved.nodes(), saved.rels()

    return _export(fmt, output, lambda: iter_saved_nodes(graph_dir), lambda: iter_saved_edges(graph_dir), rows)


_EXPORT_FILES = {"csv": re.compile(r"(?:nodes|edges)\.csv"),
                 "neo4j-csv": re.compile(r"(?:nodes|rels)_[A-Za-z_]+\.csv|import\.sh")}


def check_output(output: Path, fmt: str) -> None:
    """Refuse (``FileExistsError``) an output the export would destroy: a folder for a one-file format, a file
    for a folder format, or a folder holding anything but an earlier export of the same format (the export
    replaces the whole folder: ``-o ~/Documents`` would have deleted it).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "plan.docx").write_bytes(b"x")
    >>> try:
    ...     check_output(d, "csv")
    ... except FileExistsError as err:
    ...     print(str(err).split(": ", 1)[1])
    it holds other files (plan.docx), and a csv export replaces the whole folder: give a new or empty folder
    """
    if fmt in _EXPORT_FILES:
        if output.exists() and not output.is_dir():
            raise FileExistsError(f"{output}: it is a file, and a {fmt} export is a folder: give a folder")
        if output.is_dir():
            other = sorted(p.name for p in output.iterdir() if not _EXPORT_FILES[fmt].fullmatch(p.name))
            if other:
                shown = ", ".join(other[:3]) + (", …" if len(other) > 3 else "")
                raise FileExistsError(f"{output}: it holds other files ({shown}), and a {fmt} export replaces "
                                      "the whole folder: give a new or empty folder")
    elif output.is_dir():
        raise FileExistsError(f"{output}: it is a folder, and a {fmt} export is one file: give a file name")


def _graph_nodes(g: nx.MultiDiGraph) -> Iterator[tuple[Any, dict]]:
    for n in sorted(g.nodes, key=str):
        yield n, g.nodes[n]


def _graph_edges(g: nx.MultiDiGraph) -> Iterator[tuple[Any, Any, Any, dict]]:
    yield from sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))


def _export(fmt: str, output: str | Path, nodes: Callable[[], Iterable[tuple[Any, dict]]], edges: Callable[[], Iterable[tuple[Any, Any, Any, dict]]],
            rows: Callable[[], tuple[Iterable, Iterable]]) -> Path:
    output = Path(output)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    check_output(output, fmt)
    with atomic_path(output) as tmp:
        if fmt in ("graphml", "gexf"):
            with open(tmp, "wb") as f:
                (write_graphml if fmt == "graphml" else write_gexf)(nodes, edges, f)
        elif fmt == "csv":
            tmp.mkdir()
            _write_plain_csv(nodes, edges, tmp)
        else:
            tmp.mkdir()
            _write_neo4j_csv(*rows(), tmp)
    return output


def _writer(path: Path):
    f = open(path, "w", encoding="utf-8", newline="")
    return f, csv.writer(f, lineterminator="\n")


def write_plain_csv(g: nx.MultiDiGraph, folder: Path) -> None:
    """``nodes.csv`` and ``edges.csv`` with one column per attribute seen (lists/dicts as JSON)."""
    _write_plain_csv(lambda: _graph_nodes(g), lambda: _graph_edges(g), folder)


def _write_plain_csv(nodes: Callable[[], Iterable[tuple[Any, dict]]],
                     edges: Callable[[], Iterable[tuple[Any, Any, Any, dict]]], folder: Path) -> None:
    node_cols = sorted({k for _, d in nodes() for k in d} - {"kind"})
    edge_cols = sorted({k for *_, d in edges() for k in d} - {"rel"})
    f, w = _writer(folder / "nodes.csv")
    with f:
        w.writerow(["id", "kind", *node_cols])
        for n, d in nodes():
            w.writerow([n, d.get("kind", ""), *(flat(d.get(c)) for c in node_cols)])
    f, w = _writer(folder / "edges.csv")
    with f:
        w.writerow(["source", "target", "rel", *edge_cols])
        for u, v, k, d in edges():
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
    return _write_neo4j_csv(iter_node_rows(g), iter_rel_rows(g), folder)


def _write_neo4j_csv(nodes: Iterable[tuple[str, dict[str, Any]]],
                     rels: Iterable[tuple[tuple[str, str, str], dict[str, Any]]], folder: Path) -> list[str]:
    """The import files of the rows (as :mod:`kehoach.graph.rows` gives them, nodes in id order, edges in
    (from, to, type) order), written as they come: a file per label, and a part per (type, from label, to
    label) that is joined into its type's file in that order."""
    written: list[str] = []
    args: list[str] = []
    files = {}
    try:
        for label, spec in NODE_LABELS.items():
            f, w = files[label] = _writer(folder / f"nodes_{check_label(label)}.csv")
            w.writerow(["id:ID", ":LABEL", *neo4j_header(spec.all_props[1:])])  # id is the :ID column
        for label, r in nodes:
            props = NODE_LABELS[label].all_props[1:]
            files[label][1].writerow([r["id"], label, *(_admin_value(r[p], t) for p, t in props)])
    finally:
        for f, _ in files.values():
            f.close()
    for label in NODE_LABELS:
        written.append(f"nodes_{label}.csv")
        args.append(f"--nodes=nodes_{label}.csv")
    parts: dict[tuple[str, str, str], tuple[Any, Any]] = {}
    try:
        for group, r in rels:
            got = parts.get(group)
            if got is None:
                got = parts[group] = _writer(folder / (".part-" + "-".join(group)))
            props = REL_TYPES[group[0]].all_props
            got[1].writerow([r["from"], r["to"], group[0], *(_admin_value(r[p], t) for p, t in props)])
    finally:
        for f, _ in parts.values():
            f.close()
    for rel, spec in REL_TYPES.items():
        name = f"rels_{check_rel(rel)}.csv"
        f, w = _writer(folder / name)
        with f:
            w.writerow([":START_ID", ":END_ID", ":TYPE", *neo4j_header(spec.all_props)])
            for group in sorted(g for g in parts if g[0] == rel):
                part = folder / (".part-" + "-".join(group))
                with open(part, encoding="utf-8", newline="") as src:
                    shutil.copyfileobj(src, f)
                part.unlink()
        written.append(name)
        args.append(f"--relationships={name}")
    command = ("#!/bin/sh\n# Import into a new, empty database (stop the server first), from this folder:\n"
               f"neo4j-admin database import full --array-delimiter='{ARRAY_DELIMITER}' --multiline-fields=true \\\n  "
               + " \\\n  ".join(args) + " \\\n  \"${1:-neo4j}\"\n")
    (folder / "import.sh").write_text(command, encoding="utf-8")
    written.append("import.sh")
    return written
