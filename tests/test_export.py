"""Exports: GraphML and GEXF read back by networkx, plain CSV, and neo4j-admin import files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest
from test_cypher_db import NASTY, gold_graph, nasty_graph

from kehoach.graph.export import ARRAY_DELIMITER, export_graph, flat
from kehoach.graph.rows import node_rows, rel_rows


@pytest.fixture(scope="module")
def g(gold):
    return gold_graph(gold)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_the_same_counts(g, tmp_path, fmt, reader):
    out = export_graph(g, fmt, tmp_path / f"graph.{fmt}")
    h = reader(out)
    assert h.number_of_nodes() == g.number_of_nodes() > 200
    assert h.number_of_edges() == g.number_of_edges() > 500
    agency = next(n for n, d in g.nodes(data=True) if d["kind"] == "Agency" and d["aliases"])
    assert json.loads(h.nodes[agency]["aliases"]) == g.nodes[agency]["aliases"]
    kinds = {d["kind"] for _, d in h.nodes(data=True)}
    assert kinds == {d["kind"] for _, d in g.nodes(data=True)}


def test_gexf_keeps_text_with_markup_and_cypher_literal(tmp_path):
    g = nasty_graph()
    h = nx.read_gexf(export_graph(g, "gexf", tmp_path / "x.gexf"))
    titles = {d.get("title") for _, d in h.nodes(data=True)}
    assert NASTY in titles


def test_plain_csv_has_one_row_per_node_and_edge(g, tmp_path):
    out = export_graph(g, "csv", tmp_path / "csv")
    nodes, edges = read_csv(out / "nodes.csv"), read_csv(out / "edges.csv")
    assert nodes[0][:2] == ["id", "kind"] and edges[0][:3] == ["source", "target", "rel"]
    assert len(nodes) - 1 == g.number_of_nodes() and len(edges) - 1 == g.number_of_edges()
    ids = {r[0] for r in nodes[1:]}
    assert all(r[0] in ids and r[1] in ids for r in edges[1:])


def test_neo4j_csv_headers_and_rows(g, tmp_path):
    out = export_graph(g, "neo4j-csv", tmp_path / "import")
    plan = read_csv(out / "nodes_Plan.csv")
    head = plan[0]
    assert head[:2] == ["id:ID", ":LABEL"]
    assert {"year:int", "sources:string[]", "ingested:boolean", "title"} <= set(head)
    leads = read_csv(out / "rels_LEADS.csv")
    assert leads[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and "requested:boolean" in leads[0]
    # every row of the embedded database, and only those
    rows = node_rows(g)
    total = 0
    ids = set()
    for label, expected in rows.items():
        data = read_csv(out / f"nodes_{label}.csv")[1:]
        assert len(data) == len(expected)
        assert all(r[1] == label for r in data)
        ids |= {r[0] for r in data}
        total += len(data)
    assert total == g.number_of_nodes()
    groups, _ = rel_rows(g)
    n_rels = 0
    for path in out.glob("rels_*.csv"):
        data = read_csv(path)[1:]
        assert all(r[0] in ids and r[1] in ids for r in data)
        n_rels += len(data)
    assert n_rels == sum(len(v) for v in groups.values()) == g.number_of_edges()
    # arrays are split on the delimiter the import command passes
    i = head.index("sources:string[]")
    by_id = {r["id"]: r for r in rows["Plan"]}
    assert all(r[i].split(ARRAY_DELIMITER) == by_id[r[0]]["sources"] for r in plan[1:] if r[i])
    assert f"--array-delimiter='{ARRAY_DELIMITER}'" in (out / "import.sh").read_text(encoding="utf-8")


def test_export_replaces_a_previous_folder_and_rejects_unknown_formats(g, tmp_path):
    out = tmp_path / "csv"
    out.mkdir()
    (out / "nodes.csv").write_text("old", encoding="utf-8")
    export_graph(g, "csv", out)
    assert sorted(p.name for p in out.iterdir()) == ["edges.csv", "nodes.csv"]
    assert (out / "nodes.csv").read_text(encoding="utf-8") != "old"
    with pytest.raises(ValueError, match="unknown export format"):
        export_graph(g, "xlsx", tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def test_cli_export(g, tmp_path):
    from typer.testing import CliRunner

    from kehoach.cli import app
    from kehoach.graph.store import save_graph

    save_graph(g, tmp_path)
    result = CliRunner().invoke(app, ["export", "--graph", str(tmp_path), "--format", "graphml",
                                      "--output", str(tmp_path / "g.graphml")])
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == g.number_of_nodes()


@pytest.mark.parametrize("fmt", ["csv", "neo4j-csv"])
def test_export_streamed_from_graph_json_writes_the_same_files(g, tmp_path, fmt):
    """`kehoach export` streams graph.json for the CSV formats (a national graph is never held): every file is
    the one the loaded graph gives, byte for byte, and no part file is left."""
    from kehoach.graph.export import export_saved
    from kehoach.graph.store import load_graph, save_graph

    save_graph(g, tmp_path)
    expected = export_graph(load_graph(tmp_path), fmt, tmp_path / "held")
    got = export_saved(tmp_path, fmt, tmp_path / "streamed")
    names = sorted(p.name for p in expected.iterdir())
    assert sorted(p.name for p in got.iterdir()) == names and len(names) >= 2
    for name in names:
        assert (got / name).read_bytes() == (expected / name).read_bytes(), name
    assert sum(len(read_csv(got / n)) for n in names if n.endswith(".csv")) > g.number_of_nodes() + g.number_of_edges()


def test_cli_export_without_a_build(tmp_path):
    from typer.testing import CliRunner

    from kehoach.cli import EXIT_USAGE, app

    result = CliRunner().invoke(app, ["export", "--graph", str(tmp_path), "--format", "csv", "--output",
                                      str(tmp_path / "csv")])
    assert result.exit_code == EXIT_USAGE and "graph.json not found" in result.output
    assert not (tmp_path / "csv").exists()


@pytest.mark.parametrize("command", [["viz", "-o", "{out}/m.html"], ["export", "--format", "csv", "-o", "{out}/csv"],
                                     ["export", "--format", "neo4j-csv", "-o", "{out}/n4j"],
                                     ["export", "--format", "graphml", "-o", "{out}/g.graphml"],
                                     ["export", "--format", "gexf", "-o", "{out}/g.gexf"]])
def test_a_damaged_graph_json_is_reported_not_a_traceback(g, tmp_path, command):
    """A graph.json cut short or edited: the commands that read it name the file and the line, exit 3, and
    leave no output behind."""
    from typer.testing import CliRunner

    from kehoach.cli import EXIT_ALL_FAILED, app
    from kehoach.graph.store import save_graph

    save_graph(g, tmp_path)
    path = tmp_path / "graph.json"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[len(lines) // 2] = '{"id": "cut sh\n'
    path.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    args = [a.format(out=out) for a in command]
    result = CliRunner().invoke(app, [args[0], "--graph", str(tmp_path), *args[1:]])
    assert result.exit_code == EXIT_ALL_FAILED, result.output
    assert f"graph.json is damaged (line {len(lines) // 2 + 1}:" in result.output and "Traceback" not in result.output
    assert list(out.iterdir()) == []


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The graph networkx's own writers are given: values flattened, nodes and edges sorted."""
    h = nx.MultiDiGraph()
    for n in sorted(g.nodes, key=str):
        h.add_node(str(n), **{k: flat(v) for k, v in g.nodes[n].items()})
    for u, v, k, d in sorted(g.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        h.add_edge(str(u), str(v), key=str(k))
        h.edges[str(u), str(v), str(k)].update({a: flat(b) for a, b in d.items()})
    return h


def odd_graph() -> nx.MultiDiGraph:
    """Markup and newlines in labels, every value type, a node without attributes, edges with an ``id``, a
    ``label`` and a ``key`` of their own (which networkx's GEXF writer treats apart)."""
    g = nasty_graph()
    g.add_node("a", kind="Agency", id="a", label='Sở <x> & "y"\n', n=3, ok=True, share=0.5, aliases=["x"])
    g.add_node("b", kind="Plan", label="")
    g.add_node("lonely")
    g.add_node("c", id="c-own")  # GEXF names the node, and the ends of its edges, by this id
    g.add_edge("c", "a", key="R", rel="R")
    g.add_edge("b", "a", key="R", rel="R", requested=False, sources=["x"], label="ℓ")
    g.add_edge("a", "b", key="S", rel="S", id="1", key2=1.5)
    g.add_edge("a", "b", "T")
    g.edges["a", "b", "T"].update({"key": "own", "rel": "T"})  # networkx keeps the key's place
    return g


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
@pytest.mark.parametrize("which", ["gold", "odd", "empty"])
def test_graphml_and_gexf_are_the_bytes_networkx_writes(g, tmp_path, fmt, which, monkeypatch):
    """The exports are streamed (never a graph in memory), yet they are the files networkx's writers give for the
    flattened graph (``write_graphml_lxml``, ``write_gexf``), byte for byte."""
    monkeypatch.setattr("time.strftime", lambda fmt, *t: "2026-12-03")  # GEXF's date: one day for both writers
    graph = {"gold": g, "odd": odd_graph(), "empty": nx.MultiDiGraph()}[which]
    expected = tmp_path / f"nx.{fmt}"
    (nx.write_graphml_lxml if fmt == "graphml" else nx.write_gexf)(flat_graph(graph), expected)
    assert export_graph(graph, fmt, tmp_path / f"ours.{fmt}").read_bytes() == expected.read_bytes()


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_from_graph_json_are_the_bytes_of_the_loaded_graph(g, tmp_path, fmt, monkeypatch):
    """`kehoach export` streams graph.json (the nested graph is never held): the file is the one the loaded graph
    gives, byte for byte."""
    monkeypatch.setattr("time.strftime", lambda fmt, *t: "2026-12-03")  # GEXF's date: one day for both writers
    from kehoach.graph.export import export_saved
    from kehoach.graph.store import load_graph, save_graph

    save_graph(g, tmp_path)
    expected = export_graph(load_graph(tmp_path), fmt, tmp_path / f"held.{fmt}").read_bytes()
    assert export_saved(tmp_path, fmt, tmp_path / f"streamed.{fmt}").read_bytes() == expected
    assert expected.count(b"<edge ") >= g.number_of_edges() > 100


@pytest.fixture(scope="module")
def examples_graph(tmp_path_factory):
    from kehoach.graph.pipeline import build_paths

    out = tmp_path_factory.mktemp("examples")
    build_paths([Path(__file__).parents[1] / "examples"], out, jobs=1, cypher=False, rdf=False)
    return out


@pytest.mark.parametrize("fmt, target, why", [
    ("csv", "folder of plans", "holds other files"),
    ("neo4j-csv", "folder of plans", "holds other files"),
    ("csv", "a plan", "is a file"),
    ("graphml", "folder of plans", "is a folder"),
    ("gexf", "folder of plans", "is a folder"),
])
def test_an_export_never_destroys_what_it_would_replace(examples_graph, tmp_path, fmt, target, why):
    """`-o` naming the user's folder of plans (or one plan) used to replace it with the export, deleting it."""
    from typer.testing import CliRunner

    from kehoach.cli import app

    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "ke-hoach.docx").write_bytes(b"PK mine")
    output = plans if target == "folder of plans" else plans / "ke-hoach.docx"
    res = CliRunner().invoke(app, ["export", "-g", str(examples_graph), "-f", fmt, "-o", str(output)])
    assert res.exit_code == 2 and why in res.output, res.output
    assert (plans / "ke-hoach.docx").read_bytes() == b"PK mine" and sorted(p.name for p in plans.iterdir()) == \
        ["ke-hoach.docx"]


def test_an_export_replaces_an_earlier_export_of_its_format(examples_graph, tmp_path):
    from kehoach.graph.export import export_saved

    for fmt in ("csv", "neo4j-csv"):
        first = sorted(p.name for p in export_saved(examples_graph, fmt, tmp_path / fmt).iterdir())
        assert sorted(p.name for p in export_saved(examples_graph, fmt, tmp_path / fmt).iterdir()) == first


@pytest.mark.parametrize("command", ["viz", "extract"])
def test_a_one_file_output_naming_a_folder_is_refused_before_any_work(examples_graph, tmp_path, command):
    from typer.testing import CliRunner

    from kehoach.cli import app

    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine", encoding="utf-8")
    args = (["viz", "-g", str(examples_graph)] if command == "viz" else
            ["extract", str(Path(__file__).parents[1] / "examples")]) + ["-o", str(folder)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2 and "is a folder: give a file name" in res.output
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_atomic_path_never_puts_a_file_in_place_of_a_folder(tmp_path):
    from kehoach.util import atomic_path

    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x").write_text("mine", encoding="utf-8")
    with pytest.raises(IsADirectoryError):
        with atomic_path(tmp_path / "d") as tmp:
            tmp.write_text("a file", encoding="utf-8")
    assert (tmp_path / "d" / "x").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]
