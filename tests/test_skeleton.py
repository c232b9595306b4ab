"""The skeleton of a saved graph answers the focus rules' questions as the loaded graph does (real seeds graph,
synthetic and random graphs), and a part read with ``among`` is the loaded graph's subgraph."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kehoach.graph.html_focus import focus_nodes
from kehoach.graph.html_reduce import best_connected, task_successors
from kehoach.graph.skeleton import FOCUS_ATTRS, NxView, Skeleton, edge_ends, node_id
from kehoach.graph.skeleton_cache import load_skeleton, open_skeleton
from kehoach.graph.store import DamagedGraph, load_graph, save_graph, saved_lines


@pytest.fixture(scope="module")
def seeds_graph(seeds_graph_dir) -> nx.MultiDiGraph:
    return load_graph(seeds_graph_dir)


def assert_same_answers(skeleton: Skeleton, g: nx.MultiDiGraph, seed: int = 0) -> None:
    """Every question of the focus rules, asked of every node: the skeleton answers as the loaded graph does."""
    view = NxView(g)
    assert skeleton.count() == view.count()
    assert sorted(skeleton.nodes()) == sorted(view.nodes())
    for kind in {view.kind(n) for n in g} | {"Plan", "Nothing"}:
        assert skeleton.of_kind(kind) == view.of_kind(kind), kind
    rels = {k for _, _, k in g.edges(keys=True)}
    assert sorted(skeleton.rel_edges(rels)) == sorted(view.rel_edges(rels))
    assert sorted(skeleton.rel_edges({"PART_OF", "NONE"})) == sorted(view.rel_edges({"PART_OF", "NONE"}))
    for n in g:
        assert skeleton.kind(n) == view.kind(n)
        full = view.attrs(n)
        want = {"kind": "Task"} if full.get("kind") == "Task" else {k: full[k] for k in FOCUS_ATTRS if k in full}
        assert skeleton.attrs(n) == want
        assert set(skeleton.neighbors(n)) == set(view.neighbors(n))
        assert sorted(skeleton.successors(n)) == sorted(view.successors(n))
        for rel in ("JURISDICTION", "HAS_TASK"):
            assert sorted(skeleton.targets(n, rel)) == sorted(view.targets(n, rel))
    nodes = list(g)
    assert skeleton.degrees(nodes) == view.degrees(nodes)
    pick = random.Random(seed)
    within = set(pick.sample(nodes, len(nodes) // 2))
    assert skeleton.degrees(sorted(within), within) == view.degrees(sorted(within), within)
    targets = pick.sample(nodes, max(1, len(nodes) // 10))
    assert skeleton.links_to(targets) == {n: c for n, c in view.links_to(targets).items() if c}
    inner = [n for n in targets if n in within]
    assert skeleton.links_to(inner, within) == {n: c for n, c in view.links_to(inner, within).items() if c}


def test_skeleton_of_the_seeds_graph_answers_as_the_loaded_graph(seeds_graph_dir, seeds_graph):
    skeleton = Skeleton.read(seeds_graph_dir)
    assert skeleton.count() > 100 and len(skeleton.rels) >= 8
    assert_same_answers(skeleton, seeds_graph)
    for options in ({"province": "Nghệ An"}, {"plan": "978/KH-UBND", "depth": 3}, {"agency": "Sở Ngoại vụ"},
                    {"agency": "Sở Ngoại vụ", "province": "Nghệ An", "depth": 1}, {"plan": "đối ngoại", "depth": 0}):
        assert focus_nodes(skeleton, **options) == focus_nodes(seeds_graph, **options)
    keep, _ = focus_nodes(skeleton, province="Nghệ An")
    assert best_connected(skeleton, 5, keep) == best_connected(seeds_graph.subgraph(keep).copy(), 5)
    assert best_connected(skeleton, 10) == best_connected(seeds_graph, 10)
    chosen, _ = best_connected(skeleton, 10)
    assert task_successors(skeleton, chosen) == task_successors(seeds_graph, chosen) != set()


def test_edge_and_node_lines_are_read_as_their_json_says(seeds_graph_dir):
    edges = nodes = 0
    from kehoach.util import json_loads

    for in_nodes, line, _, _ in saved_lines(seeds_graph_dir):
        d = json_loads(line)
        if in_nodes:
            assert node_id(line) == d["id"]
            nodes += 1
        else:
            assert edge_ends(line) == (d["source"], d["target"], d["key"])
            edges += 1
    assert nodes > 100 and edges > 500


def test_a_part_read_with_among_is_the_subgraph_of_the_loaded_graph(seeds_graph_dir, seeds_graph):
    keep = set(random.Random(7).sample(sorted(seeds_graph), 60))
    part = load_graph(seeds_graph_dir, among=keep)
    expected = seeds_graph.subgraph(keep)
    assert set(part) == keep and part.number_of_edges() == expected.number_of_edges() > 0
    def edges(g):
        return sorted((u, v, k, repr(d)) for u, v, k, d in g.edges(keys=True, data=True))

    assert edges(part) == edges(expected)
    assert dict(part.nodes(data=True)) == dict(expected.nodes(data=True))
    by_rows = load_graph(seeds_graph_dir, among=keep, at=Skeleton.read(seeds_graph_dir).lines_of(keep))
    assert edges(by_rows) == edges(expected) and dict(by_rows.nodes(data=True)) == dict(expected.nodes(data=True))


def test_a_damaged_line_is_reported_with_its_number(tmp_path):
    g = nx.MultiDiGraph([("a", "b", "R")])
    save_graph(g, tmp_path)
    path = tmp_path / "graph.json"
    path.write_text(path.read_text(encoding="utf-8").replace('{"id":"b"}', '{"id":"b",'), encoding="utf-8")
    with pytest.raises(DamagedGraph, match="line 5"):
        Skeleton.read(tmp_path)


def test_a_file_not_written_by_a_build_is_refused(tmp_path):
    (tmp_path / "graph.json").write_text('{"nodes": [], "links": []}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a graph.json written by kehoach build"):
        Skeleton.read(tmp_path)


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
_KINDS = st.sampled_from(["Plan", "Task", "Agency", "AdministrativeUnit", "LegalDocument", ""])
_RELS = st.sampled_from(["HAS_TASK", "LEADS", "JURISDICTION", "PART_OF", "CITES"])


@st.composite
def graphs(draw) -> nx.MultiDiGraph:
    """Graphs whose ids, names and evidence hold any text: quotes, backslashes, '","key":"', line breaks."""
    ids = draw(st.lists(_TEXT.filter(bool) | st.sampled_from(['a","key":"b', "c\\", 'd"', "x\ny"]),
                        min_size=1, max_size=12, unique=True))
    g = nx.MultiDiGraph()
    for n in ids:
        attrs = {"kind": draw(_KINDS), "name": draw(_TEXT), "title": draw(_TEXT), "other": draw(_TEXT)}
        g.add_node(n, **{k: v for k, v in attrs.items() if v})
    for _ in range(draw(st.integers(0, 30))):
        u, v, k = draw(st.sampled_from(ids)), draw(st.sampled_from(ids)), draw(_RELS)
        g.add_edge(u, v, key=k, rel=k, evidence=[{"text": draw(_TEXT), "file": draw(_TEXT)}], role=draw(_TEXT))
    return g


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(g=graphs())
def test_skeleton_of_any_graph_answers_as_the_loaded_graph(tmp_path_factory, g):
    d = tmp_path_factory.mktemp("g")
    save_graph(g, d)
    loaded = load_graph(d)
    skeleton = Skeleton.read(d)
    assert_same_answers(skeleton, loaded)
    keep = set(list(loaded)[::2])
    expected = sorted(loaded.subgraph(keep).edges(keys=True))
    assert sorted(load_graph(d, among=keep).edges(keys=True)) == expected
    assert sorted(load_graph(d, among=keep, at=skeleton.lines_of(keep)).edges(keys=True)) == expected
    open_skeleton(d)  # read and kept, then loaded (any id: quotes, backslashes, line breaks)
    kept = load_skeleton(d)
    assert_same_answers(kept, loaded)
    assert kept.lines_of(keep) == skeleton.lines_of(keep)
