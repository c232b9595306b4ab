"""The offline HTML map (static checks): nothing external, text never markup, focus/hide/reduction, styling.

The seeds graph comes from ``seeds_graph_dir`` (a full build of ../shared/seeds); expectations are computed
from its graph.json, never hard-coded. ``synthetic_graph`` builds bigger graphs of every node kind.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from kehoach.graph.html import STYLE, FocusError, write_html, write_saved_html
from kehoach.graph.store import load_graph
from kehoach.ontology.terms import NODE_GROUPS, NODE_LABELS

PROBE = "<img src=x onerror=alert(1)>"


def synthetic_graph(n_plans: int, tasks_per_plan: int, n_agencies: int, probe: bool = True) -> nx.MultiDiGraph:
    """Plans with tasks led/coordinated by agencies, a legal basis, a province, a signer: every node kind."""
    g = nx.MultiDiGraph()
    g.add_node("unit/p", kind="AdministrativeUnit", label="tỉnh Nghệ An", name="Nghệ An", level="province")
    g.add_node("doc/72", kind="LegalDocument", label="72/2015/NĐ-CP", number="72/2015/NĐ-CP")
    g.add_node("person/1", kind="Person", label="Bùi Đình Long", name="Bùi Đình Long")
    for a in range(n_agencies):
        name = PROBE if probe and a == 0 else f"Sở số {a}"
        g.add_node(f"agency/{a}", kind="Agency", label=name, name=name, jurisdiction="tỉnh Nghệ An")
        g.add_edge(f"agency/{a}", "unit/p", key="JURISDICTION", rel="JURISDICTION")
    for p in range(n_plans):
        pid = f"plan/{p}"
        g.add_node(pid, kind="Plan", label=f"{p + 1}/KH-UBND", number=f"{p + 1}/KH-UBND", province="Nghệ An",
                   ingested=True, title=f"Kế hoạch số {p + 1}")
        ev = [{"file": "x.txt", "start": 10, "end": 40, "text": f"Căn cứ Nghị định 72 <b>plan {p}</b>"}]
        g.add_edge(pid, "doc/72", key="CITES", rel="CITES", evidence=ev, sources=["x.txt"])
        g.add_edge(pid, "doc/72", key="BASED_ON", rel="BASED_ON", evidence=ev, sources=["x.txt"])
        g.add_edge(pid, "unit/p", key="APPLIES_TO", rel="APPLIES_TO")
        g.add_edge(pid, "person/1", key="SIGNED_BY", rel="SIGNED_BY")
        for t in range(tasks_per_plan):
            tid = f"{pid}/task/{t}"
            g.add_node(tid, kind="Task", label=f"{t} Tuyên truyền", ref=str(t), title="Tuyên truyền đối ngoại")
            g.add_edge(pid, tid, key="HAS_TASK", rel="HAS_TASK")
            g.add_edge(f"agency/{(p + t) % n_agencies}", tid, key="LEADS", rel="LEADS",
                       evidence=[{"file": "x.txt", "start": 50, "end": 60, "text": f"chủ trì nhiệm vụ {t}"}])
            g.add_edge(f"agency/{(p * 7 + t + 1) % n_agencies}", tid, key="COORDINATES", rel="COORDINATES")
    return g


class _Tags(HTMLParser):
    """Start tags and their attributes outside <script>/<style> bodies (html.parser treats those as text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in.append(tag)

    def handle_endtag(self, tag):
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data):
        if not self._in or self._in[-1] not in ("script", "style"):
            self.text.append(data)


def parse(page: str) -> _Tags:
    p = _Tags()
    p.feed(page)
    p.close()
    return p


def map_data(path: Path) -> tuple[list[dict], list[dict]]:
    """The vis-network nodes and edges embedded in a written map."""
    page = Path(path).read_text(encoding="utf-8")
    nodes = json.loads(re.search(r"nodes = new vis\.DataSet\((.*?)\);\n", page).group(1))
    edges = json.loads(re.search(r"edges = new vis\.DataSet\((.*?)\);\n", page).group(1))
    return nodes, edges


@pytest.fixture(scope="module")
def seeds_graph(seeds_graph_dir) -> nx.MultiDiGraph:
    return load_graph(seeds_graph_dir)


def _plan_id(g: nx.MultiDiGraph, number: str) -> str:
    found = [n for n, d in g.nodes(data=True) if d.get("kind") == "Plan" and d.get("number") == number]
    assert len(found) == 1, f"expected one plan {number} in the seeds graph, got {found}"
    return found[0]


def test_no_external_resources(seeds_graph_dir, tmp_path):
    for page_path in (seeds_graph_dir / "graph.html", tmp_path / "synthetic.html"):
        if page_path.name == "synthetic.html":
            write_html(synthetic_graph(3, 5, 4), page_path)
        page = page_path.read_text(encoding="utf-8")
        tags = parse(page).tags
        refs = [(t, k, v) for t, a in tags for k, v in a.items() if k in ("src", "href") and v is not None]
        assert not [r for r in refs if re.search(r"https?://|^//", r[2] or "")], refs
        assert not [t for t, a in tags if t == "script" and "src" in a], "an external <script src>"
        assert not [t for t, a in tags if t == "link"], "a <link> tag (stylesheets must be inlined)"
        assert "cdn.jsdelivr.net" not in page and "node_modules" not in page and "cdnjs" not in page
        assert page.count("<script>") >= 4  # utils, vis-network, tom-select, ours (inlined), then the map


def test_document_text_is_never_markup(tmp_path):
    path = tmp_path / "probe.html"
    write_html(synthetic_graph(2, 3, 3), path)
    page = path.read_text(encoding="utf-8")
    parsed = parse(page)
    assert not [t for t, _ in parsed.tags if t in ("img", "b")], "document text became an element"
    assert PROBE not in page and "<b>plan" not in page
    # ...but it is all there, as text: in the node data and in the select menu
    nodes, edges = map_data(path)
    probe_nodes = [n for n in nodes if n["label"] == PROBE]
    assert len(probe_nodes) == 1 and PROBE in probe_nodes[0]["title"]
    assert PROBE + " · Agency" in "".join(parsed.text)
    assert any("<b>plan 0</b>" in e["title"] for e in edges)


def test_map_shows_the_whole_seeds_graph(seeds_graph, tmp_path):
    info = write_html(seeds_graph, tmp_path / "m.html")
    nodes, edges = map_data(tmp_path / "m.html")
    assert info["nodes"] == len(nodes) == seeds_graph.number_of_nodes()
    assert info["relations"] == seeds_graph.number_of_edges()
    pairs = {(str(u), str(v)) for u, v in seeds_graph.edges()}
    assert info["edges"] == len(edges) == len(pairs)
    assert sum(len(e["rel"].split(", ")) for e in edges) == seeds_graph.number_of_edges()
    assert info["kinds"] == dict(Counter(d["kind"] for _, d in seeds_graph.nodes(data=True)))
    assert info["notes"] == [] and info["seconds"] >= 0


def test_style_by_kind_size_by_degree_titles_plain(seeds_graph, tmp_path):
    write_html(seeds_graph, tmp_path / "m.html")
    nodes, edges = map_data(tmp_path / "m.html")
    for n in nodes:
        colour, shape = STYLE[NODE_GROUPS[n["kind"]]]
        assert n["shape"] == shape and n["kind"] in NODE_LABELS
        assert n["title"].startswith(n["kind"] + ":") and "<br" not in n["title"]
        assert all(len(line) <= 80 for line in n["title"].split("\n"))
    by_id = {n["id"]: n for n in nodes}
    agencies = sorted((n for n in seeds_graph if seeds_graph.nodes[n]["kind"] == "Agency"), key=seeds_graph.degree)
    assert by_id[agencies[-1]]["size"] > by_id[agencies[0]]["size"]
    # a relation's evidence sentence is in the edge's tooltip, with its file
    u, v, d = next((u, v, d) for u, v, d in seeds_graph.edges(data=True) if d.get("evidence"))
    edge = next(e for e in edges if e["from"] == u and e["to"] == v)
    assert " ".join(d["evidence"][0]["text"].split())[:40] in " ".join(edge["title"].split())
    assert d["evidence"][0]["file"] in edge["title"]
    assert set(re.split(r", ", ", ".join(e["label"] for e in edges))) <= {
        r.lower().replace("_", " ") for r in {d["rel"] for _, _, d in seeds_graph.edges(data=True)}}


def test_focus_on_a_plan(seeds_graph, tmp_path):
    pid = _plan_id(seeds_graph, "978/KH-UBND")
    und = seeds_graph.to_undirected(as_view=True)
    sizes = {}
    for depth in (1, 2):
        info = write_html(seeds_graph, tmp_path / f"p{depth}.html", plan="978/KH-UBND", depth=depth)
        shown = {n["id"] for n in map_data(tmp_path / f"p{depth}.html")[0]}
        sizes[depth] = shown
        assert pid in shown and info["nodes"] == len(shown) < seeds_graph.number_of_nodes()
        dist = nx.single_source_shortest_path_length(und, pid, cutoff=depth)
        assert shown <= set(dist), "a node farther than depth from the plan"
        assert set(seeds_graph.successors(pid)) <= shown  # everything the plan links to
        assert any(n.startswith("focus:") for n in info["notes"])
    assert sizes[1] < sizes[2]
    other = _plan_id(seeds_graph, "210/KH-UBND")  # Lạng Sơn's plan shares only central documents with it
    assert other not in sizes[2]
    assert write_html(seeds_graph, tmp_path / "t.html", plan="triển khai thực hiện kết luận")["nodes"] > 1
    with pytest.raises(FocusError, match="no plan matches"):
        write_html(seeds_graph, tmp_path / "x.html", plan="12345/KH-UBND")
    assert not (tmp_path / "x.html").exists()


def test_focus_on_province_and_agency(seeds_graph, tmp_path):
    info = write_html(seeds_graph, tmp_path / "na.html", province="Nghệ An")
    shown = {n["id"]: n for n in map_data(tmp_path / "na.html")[0]}
    assert _plan_id(seeds_graph, "978/KH-UBND") in shown and _plan_id(seeds_graph, "210/KH-UBND") not in shown
    provinces = {seeds_graph.nodes[n].get("province") for n in shown} - {"", None}
    assert provinces == {"Nghệ An"}
    assert not [n for n in shown if seeds_graph.nodes[n]["kind"] == "Agency"
                and seeds_graph.nodes[n]["jurisdiction"] not in ("tỉnh Nghệ An", "trung ương", "")], info
    name = "Sở Thông tin và Truyền thông"
    same_name = [n for n, d in seeds_graph.nodes(data=True) if d["kind"] == "Agency" and d.get("name") == name]
    info = write_html(seeds_graph, tmp_path / "a.html", agency=name, depth=0)
    assert {n["id"] for n in map_data(tmp_path / "a.html")[0]} == set(same_name)
    if len(same_name) > 1:
        assert any(f"matches {len(same_name)} nodes" in n for n in info["notes"])
    write_html(seeds_graph, tmp_path / "b.html", agency=name, province="Nghệ An", depth=1)
    shown = {n["id"] for n in map_data(tmp_path / "b.html")[0]}
    assert [n for n in same_name if n in shown] == [n for n in same_name
                                                   if seeds_graph.nodes[n]["jurisdiction"] == "tỉnh Nghệ An"]


def test_hide_kinds_and_fold_tasks(seeds_graph, tmp_path):
    info = write_html(seeds_graph, tmp_path / "h.html", hide=["agencies", "people"])
    kinds = Counter(n["kind"] for n in map_data(tmp_path / "h.html")[0])
    assert not kinds["Agency"] and not kinds["Person"] and kinds["Plan"] == info["kinds"]["Plan"]
    with pytest.raises(FocusError, match="cannot hide"):
        write_html(seeds_graph, tmp_path / "h.html", hide=["budgets"])
    g = synthetic_graph(3, 6, 4)
    write_html(g, tmp_path / "f.html", hide=["tasks"])
    nodes, edges = map_data(tmp_path / "f.html")
    assert not [n for n in nodes if n["kind"] == "Task"]
    leads = Counter((u, p) for u, t, k in g.edges(keys=True) if k == "LEADS"
                    for p, _, r in g.in_edges(t, keys=True) if r == "HAS_TASK")
    drawn = {(e["from"], e["to"]): e for e in edges if "LEADS_TASKS" in e["rel"]}
    assert set(drawn) == set(leads)
    for pair, count in leads.items():
        assert f"leads {count} tasks" in drawn[pair]["label"]
    assert all(n["label"].endswith("+6 tasks") for n in nodes if n["kind"] == "Plan")


def test_reduction_above_max_nodes(tmp_path):
    g = synthetic_graph(30, 40, 30)  # 1,263 nodes
    info = write_html(g, tmp_path / "r.html", max_nodes=1000)
    nodes, _ = map_data(tmp_path / "r.html")
    assert not [n for n in nodes if n["kind"] == "Task"] and len(nodes) == info["nodes"] == 63
    assert any("over max_nodes=1000" in n and "1200 tasks folded" in n for n in info["notes"])
    info = write_html(g, tmp_path / "r2.html", max_nodes=40)
    nodes, _ = map_data(tmp_path / "r2.html")
    assert len(nodes) == info["nodes"] == 40
    assert sum(n["kind"] == "Plan" for n in nodes) == 30  # plans are the last to go
    assert any(n.startswith("dropped 23 lowest-degree nodes") for n in info["notes"])
    big = write_html(synthetic_graph(40, 47, 40), tmp_path / "big.html")  # 1,963 nodes: drawn as is
    assert big["nodes"] == 1963 and big["notes"] == []
    assert all("x" in n and "y" in n for n in map_data(tmp_path / "big.html")[0])


def test_a_map_of_more_plans_than_it_can_draw_shows_them_with_what_links_them(tmp_path):
    """A national graph: more plans than the map holds. The best-connected plans come with the documents, places
    and agencies most linked to them, and the map has edges (the top plans alone share none)."""
    g = synthetic_graph(300, 4, 25)  # 300 plans, 1,200 tasks
    info = write_html(g, tmp_path / "n.html", max_nodes=60)
    nodes, edges = map_data(tmp_path / "n.html")
    kinds = Counter(n["kind"] for n in nodes)
    assert len(nodes) == info["nodes"] == 60 and 10 <= kinds["Plan"] <= 50, kinds
    assert kinds["LegalDocument"] == kinds["AdministrativeUnit"] == 1 and kinds["Agency"] >= 5
    rels = Counter(r for e in edges for r in e["rel"].split(", "))
    assert rels["CITES"] == kinds["Plan"] and rels["LEADS_TASKS"] > 0 and rels["JURISDICTION"] > 0
    assert any("kept the 120 best-connected of 328 nodes besides tasks" in n for n in info["notes"])


def test_written_atomically_and_deterministically(seeds_graph, tmp_path):
    path = tmp_path / "m.html"
    write_html(seeds_graph, path)
    first = path.read_bytes()
    write_html(seeds_graph, path)
    assert path.read_bytes() == first
    with pytest.raises(FocusError):
        write_html(seeds_graph, path, province="Atlantis")
    assert path.read_bytes() == first and [p.name for p in tmp_path.iterdir()] == ["m.html"]


def test_cli_viz(seeds_graph_dir, tmp_path):
    from typer.testing import CliRunner

    from kehoach.cli import app

    out = tmp_path / "na.html"
    result = CliRunner().invoke(app, ["viz", "--graph", str(seeds_graph_dir), "-o", str(out),
                                      "--province", "Nghệ An", "--hide", "people"])
    assert result.exit_code == 0, result.output
    nodes, _ = map_data(out)
    assert nodes and not [n for n in nodes if n["kind"] == "Person"]
    assert f"({len(nodes)} nodes" in result.output


def test_cli_viz_unknown_focus(seeds_graph_dir, tmp_path):
    from typer.testing import CliRunner

    from kehoach.cli import EXIT_USAGE, app

    out = tmp_path / "x.html"
    result = CliRunner().invoke(app, ["viz", "--graph", str(seeds_graph_dir), "-o", str(out), "--plan", "0/XX"])
    assert result.exit_code == EXIT_USAGE and "no plan matches '0/XX'" in result.output and not out.exists()


def test_edges_thinned_above_max_edges(tmp_path):
    g = synthetic_graph(60, 30, 50)  # 1,913 nodes, 5,690 relations: folded tasks leave ~5,000 agency -> plan counts
    info = write_html(g, tmp_path / "e.html", max_nodes=500, max_edges=1200)
    nodes, edges = map_data(tmp_path / "e.html")
    assert info["relations"] <= 1200 < g.number_of_edges() and info["edges"] == len(edges)
    assert any(n.startswith("dropped") and "COORDINATES_TASKS" in n and "max_edges=1200" in n for n in info["notes"])
    rels = Counter(r for e in edges for r in e["rel"].split(", "))
    assert rels["CITES"] == rels["BASED_ON"] == 60 and rels["LEADS_TASKS"] > 0  # structure and leads stay
    assert not rels["COORDINATES_TASKS"]


@pytest.mark.parametrize("options", [
    {}, {"plan": "978/KH-UBND"}, {"plan": "978/KH-UBND", "depth": 0}, {"province": "Nghệ An", "depth": 1},
    {"province": "Nghệ An", "depth": 3}, {"agency": "Sở Ngoại vụ"}, {"agency": "Sở Ngoại vụ", "province": "Nghệ An"},
    {"plan": "đối ngoại", "agency": "Công an", "depth": 3}, {"hide": ["tasks", "people"]}, {"province": "Lạng Sơn", "hide": ["legal"]},
    {"max_nodes": 40}, {"province": "Nghệ An", "max_nodes": 12, "max_edges": 30}])
def test_map_read_from_the_saved_graph_is_the_map_of_the_whole_graph(seeds_graph_dir, seeds_graph, tmp_path, options):
    """`kehoach viz` reads the part of graph.json it draws, chosen on the graph's skeleton: the page is the one the
    fully loaded graph gives, byte for byte, with the same notes."""
    expected = write_html(seeds_graph, tmp_path / "full.html", **options)
    got = write_saved_html(seeds_graph_dir, tmp_path / "saved.html", **options)
    assert got["nodes"] == expected["nodes"] >= 1 and got["notes"] == expected["notes"]
    assert (tmp_path / "saved.html").read_bytes() == (tmp_path / "full.html").read_bytes()


@pytest.mark.parametrize("options", [{}, {"hide": ["agencies"]}, {"province": "Nghệ An"}, {"agency": PROBE, "depth": 3},
                                     {"agency": PROBE, "hide": ["tasks"]}, {"plan": "Kế hoạch số", "hide": ["people"]},
                                     {"max_nodes": 30}, {"plan": "Kế hoạch số", "max_nodes": 40, "hide": ["legal"]}])
def test_map_of_a_saved_graph_cut_before_loading_is_the_same(tmp_path, options):
    """Far over ``max_nodes`` (more than twice as many nodes besides tasks): the nodes kept are chosen on the
    skeleton and only they and their tasks are read; the page and notes are those of the whole graph."""
    from kehoach.graph.store import save_graph

    save_graph(synthetic_graph(60, 20, 25), tmp_path)
    full = load_graph(tmp_path)
    options = {"max_nodes": 20, "max_edges": 60, **options}
    expected = write_html(full, tmp_path / "full.html", **options)
    got = write_saved_html(tmp_path, tmp_path / "saved.html", **options)
    assert any("best-connected" in n for n in expected["notes"]), expected["notes"]
    assert got["notes"] == expected["notes"]
    assert (tmp_path / "saved.html").read_bytes() == (tmp_path / "full.html").read_bytes()
