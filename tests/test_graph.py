"""Graph building and resolution: on gold records (graph logic) and on the real extraction pipeline (acceptance)."""

from __future__ import annotations

import copy
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from kehoach.graph.build import build_graph
from kehoach.graph.resolve import subject_from_text
from kehoach.graph.store import load_graph
from kehoach.ingest.keys import match_key
from kehoach.ingest.models import Citation, ExtractedDocument
from kehoach.ontology.terms import NODE_LABELS, REL_TYPES


def gold_records(gold: dict, seeds_dir: Path | None = None) -> list[ExtractedDocument]:
    """Gold records; with ``seeds_dir``, citations get their "về việc" subject from the seed's own text."""
    recs = [ExtractedDocument.from_dict(copy.deepcopy(d)) for d in gold["documents"]]
    if seeds_dir is not None:
        for r in recs:
            text = (seeds_dir / r.file).read_text(encoding="utf-8")
            for c in r.cites:
                if c.number and c.number in text:
                    c.subject = subject_from_text(text[text.index(c.number):text.index(c.number) + 300])
    return recs


@pytest.fixture(scope="module")
def gold_graph(gold, seeds_dir):
    return build_graph(gold_records(gold, seeds_dir))


@pytest.fixture(scope="module")
def built(seeds_dir, tmp_path_factory):
    from kehoach.graph.pipeline import build_paths

    out = tmp_path_factory.mktemp("graph")
    report = build_paths([seeds_dir], out, jobs=1, html=False, cypher=False)
    return out, report, load_graph(out)


def plans_numbered(g, number):
    return [n for n, a in g.nodes(data=True) if a["kind"] == "Plan" and a["number"] == number]


def agency_nodes(g, name):
    return sorted(n for n, a in g.nodes(data=True) if a["kind"] == "Agency" and match_key(a["name"]) == match_key(name))


def lead_counts(g, plan_id):
    out: Counter = Counter()
    for _, task, k in g.out_edges(plan_id, keys=True):
        if k == "HAS_TASK":
            for agency, _, k2 in g.in_edges(task, keys=True):
                if k2 == "LEADS":
                    out[g.nodes[agency]["name"]] += 1
    return dict(out)


# --- graph logic on gold records -------------------------------------------------------------------------
def test_every_node_and_edge_carries_its_schema(gold_graph):
    for n, a in gold_graph.nodes(data=True):
        spec = NODE_LABELS[a["kind"]]
        for prop, _ in spec.all_props:
            assert prop in a and a[prop] is not None, (n, prop)
        assert a["id"] == n and a["label"]
    for u, v, k, a in gold_graph.edges(keys=True, data=True):
        assert a["rel"] == k and (gold_graph.nodes[u]["kind"], gold_graph.nodes[v]["kind"]) in REL_TYPES[k].pairs
        assert a["sources"], (u, v, k)
        assert all(p in a for p, _ in REL_TYPES[k].all_props)


def test_news_article_and_plan_text_are_one_plan(gold_graph, gold):
    [pid] = plans_numbered(gold_graph, "210/KH-UBND")
    node = gold_graph.nodes[pid]
    assert node["sources"] == sorted(gold["same_plan"][0]["files"])
    assert node["date"] == "2023-11-01" and node["ingested"] is True
    assert pid == "plan/ubnd-tinh-lang-son/2023/210-kh-ubnd"
    assert gold_graph.graph["resolution"]["same_as"][pid]


def test_same_plan_is_decided_by_content_not_by_file_name(gold):
    recs = gold_records(gold)
    for r in recs:  # rename: the news article and the plan text no longer share anything but content
        r.file = {"000_3391a5570458726a.txt": "zz_news.txt", "002_b85c26701672cfe5.txt": "aa_plan.txt"}.get(r.file, r.file)
    g = build_graph(recs)
    [pid] = plans_numbered(g, "210/KH-UBND")
    assert g.nodes[pid]["sources"] == ["aa_plan.txt", "zz_news.txt"]
    # a plan of another province with the same title words is not merged
    other = ExtractedDocument.from_dict(next(d for d in gold["documents"] if d["file"].startswith("000")))
    other.file, other.plan.issuer.jurisdiction, other.plan.number = "x.txt", "tỉnh Cao Bằng", None
    g2 = build_graph(gold_records(gold) + [other])
    assert len(plans_numbered(g2, "210/KH-UBND")) == 1
    assert any("x.txt" in a["sources"] and n != plans_numbered(g2, "210/KH-UBND")[0]
               for n, a in g2.nodes(data=True) if a["kind"] == "Plan")


def test_a_plan_number_reused_in_another_year_is_another_plan(gold):
    """Numbers restart every year: the Cầu Ngang plan 99/KH-UBND of 2023 and a 99/KH-UBND of November 2019 are
    two plans; a copy dated "10/2023" is the 2023 plan; an undated copy that fits both joins neither."""
    def copy_of_cau_ngang(file: str, **plan: Any) -> ExtractedDocument:
        d = copy.deepcopy(next(d for d in gold["documents"] if d["file"].startswith("001")))
        d["file"], d["plan"] = file, {**d["plan"], **plan}
        return ExtractedDocument.from_dict(d)

    def sources(g) -> list[list[str]]:
        return sorted(g.nodes[p]["sources"] for p in plans_numbered(g, "99/KH-UBND"))

    other_year = copy_of_cau_ngang("y2019.txt", date=None, date_partial="2019-11", year_covered=2020)
    same_month = copy_of_cau_ngang("m2023.txt", date=None, date_partial="2023-10")
    g = build_graph(gold_records(gold) + [other_year, same_month])
    assert sources(g) == [["001_96e476ef786eba14.txt", "m2023.txt"], ["y2019.txt"]]
    assert {g.nodes[p]["year"] for p in plans_numbered(g, "99/KH-UBND")} == {2023, 2019}
    undated = copy_of_cau_ngang("undated.txt", date=None, date_partial=None, year_covered=None)
    g = build_graph(gold_records(gold) + [other_year, undated])
    assert sources(g) == [["001_96e476ef786eba14.txt"], ["undated.txt"], ["y2019.txt"]]
    g = build_graph(gold_records(gold) + [undated])  # only one plan it can be
    assert sources(g) == [["001_96e476ef786eba14.txt", "undated.txt"]]
    # undated with another year covered: not the 2023 plan for 2024
    g = build_graph(gold_records(gold) + [copy_of_cau_ngang("u2.txt", date=None, year_covered=2019)])
    assert sources(g) == [["001_96e476ef786eba14.txt"], ["u2.txt"]]
    # without a number, the same title: it fits both years, joins neither, and does not join them together
    titled = copy_of_cau_ngang("titled.txt", number=None, date=None, year_covered=None)
    g = build_graph(gold_records(gold) + [other_year, titled])
    assert sorted(g.nodes[p]["sources"] for p in plans_numbered(g, "99/KH-UBND")) == \
        [["001_96e476ef786eba14.txt"], ["y2019.txt"]]
    assert any(a["sources"] == ["titled.txt"] for _, a in g.nodes(data=True) if a["kind"] == "Plan")
    g = build_graph(gold_records(gold) + [titled])
    assert sources(g) == [["001_96e476ef786eba14.txt", "titled.txt"]]


def test_building_is_independent_of_record_order(gold):
    a = build_graph(gold_records(gold))
    b = build_graph(list(reversed(gold_records(gold))))
    assert sorted(a.nodes) == sorted(b.nodes)
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))


def test_lead_counts_per_plan_match_gold(gold_graph, gold):
    for file, expected in gold["counts"].items():
        [pid] = [n for n, a in gold_graph.nodes(data=True) if a["kind"] == "Plan" and a["ingested"] and file in a["sources"]]
        assert lead_counts(gold_graph, pid) == expected["by_lead"], file
        tasks = [v for _, v, k in gold_graph.out_edges(pid, keys=True) if k == "HAS_TASK"]
        assert len(tasks) == expected["tasks"], file


def test_same_agency_name_in_two_provinces_is_two_nodes(gold_graph):
    nodes = agency_nodes(gold_graph, "Sở Thông tin và Truyền thông")
    juris = {gold_graph.nodes[n]["jurisdiction"] for n in nodes}
    assert juris == {"tỉnh Lạng Sơn", "tỉnh Trà Vinh", "tỉnh Nghệ An", "tỉnh Lai Châu"}
    assert len(nodes) == 4
    lang_son = next(n for n in nodes if gold_graph.nodes[n]["jurisdiction"] == "tỉnh Lạng Sơn")
    assert {"000_3391a5570458726a.txt", "002_b85c26701672cfe5.txt"} <= set(gold_graph.nodes[lang_son]["sources"])


def test_task_leads_resolve_to_the_document_agency(gold_graph):
    # Cầu Ngang's plan: Sở TT&TT is Trà Vinh's department, Phòng Văn hóa và Thông tin the district's office
    leads = {(gold_graph.nodes[a]["name"], gold_graph.nodes[a]["jurisdiction"])
             for a, t, k in gold_graph.edges(keys=True) if k == "LEADS" and "/99-kh-ubnd/" in t}
    assert ("Sở Thông tin và Truyền thông", "tỉnh Trà Vinh") in leads
    assert ("Phòng Văn hóa và Thông tin", "huyện Cầu Ngang") in leads


def test_districts_are_part_of_their_province(gold_graph):
    district = next(n for n, a in gold_graph.nodes(data=True)
                    if a["kind"] == "AdministrativeUnit" and a["level"] == "district")
    [parent] = [v for _, v, k in gold_graph.out_edges(district, keys=True) if k == "PART_OF"]
    assert gold_graph.nodes[parent]["name"] == "Trà Vinh" and gold_graph.nodes[parent]["level"] == "province"


def test_decision_issues_the_provincial_plan_the_district_plan_derives_from(gold_graph):
    [cau_ngang] = plans_numbered(gold_graph, "99/KH-UBND")
    [decision] = [v for _, v, k in gold_graph.out_edges(cau_ngang, keys=True) if k == "DERIVES_FROM"]
    assert gold_graph.nodes[decision]["number"] == "1466/QĐ-UBND"
    [issued] = [v for _, v, k in gold_graph.out_edges(decision, keys=True) if k == "ISSUES"]
    plan = gold_graph.nodes[issued]
    assert plan["kind"] == "Plan" and plan["province"] == "Trà Vinh" and plan["year_covered"] == 2024
    assert plan["issuer"] == "UBND tỉnh Trà Vinh" and "thông tin đối ngoại" in plan["title"]


def test_citation_of_an_ingested_plan_points_at_it(gold):
    recs = gold_records(gold)
    citing = ExtractedDocument.from_dict({"file": "zz.txt", "plan": {
        "number": "5/KH-UBND", "date": "2024-02-01", "issuer": {"name": "Ủy ban nhân dân", "jurisdiction": "xã Mỹ Long"},
        "province": "Trà Vinh", "district": "Cầu Ngang", "level": "commune"}})
    citing.cites = [Citation(number="99/KH-UBND", type="Kế hoạch", issuer="UBND huyện Cầu Ngang",
                             date="2023-10-12", role="basis"),
                    Citation(number="978/KH-UBND", type="Kế hoạch", issuer="UBND tỉnh Nghệ An")]  # no date
    g = build_graph(recs + [citing])
    [cau_ngang] = plans_numbered(g, "99/KH-UBND")
    [nghe_an] = plans_numbered(g, "978/KH-UBND")
    cited = {v for u, v, k in g.edges(keys=True) if k == "CITES" and "zz.txt" in g.edges[u, v, k]["sources"]}
    assert cited == {cau_ngang, nghe_an}
    assert g.nodes[cau_ngang]["ingested"] and "zz.txt" in g.nodes[cau_ngang]["sources"]


def test_district_plans_of_two_provinces_sharing_a_district_name_stay_apart():
    """Two provinces have a huyện Bảo Lâm (Cao Bằng, Lâm Đồng); their plans 342/KH-UBND of 2010 are two plans, a
    news article joins the one of its own province, and a commune's citation reaches the plan of its province."""
    def plan(file, province, date, kind="plan", number="342/KH-UBND"):
        return ExtractedDocument.from_dict({"file": file, "kind": kind, "plan": {
            "number": number, "date": date, "title": "Kế hoạch thông tin đối ngoại năm 2010", "province": province,
            "district": "Bảo Lâm", "level": "district",
            "issuer": {"name": "Ủy ban nhân dân", "jurisdiction": "huyện Bảo Lâm"}}})

    cao_bang, lam_dong = plan("a.txt", "Cao Bằng", "2010-03-01"), plan("b.txt", "Lâm Đồng", "2010-04-02")
    news = plan("c.txt", "Lâm Đồng", "2010-04-02", kind="news")
    commune = ExtractedDocument.from_dict({"file": "d.txt", "plan": {
        "number": "7/KH-UBND", "date": "2010-05-01", "province": "Lâm Đồng", "district": "Bảo Lâm",
        "level": "commune", "issuer": {"name": "Ủy ban nhân dân", "jurisdiction": "xã Lộc An"}}})
    commune.cites = [Citation(number="342/KH-UBND", type="Kế hoạch", issuer="UBND huyện Bảo Lâm", role="basis")]
    g = build_graph([cao_bang, lam_dong, news, commune])
    plans = {g.nodes[n]["province"]: n for n in plans_numbered(g, "342/KH-UBND")}
    assert set(plans) == {"Cao Bằng", "Lâm Đồng"} and plans["Cao Bằng"] != plans["Lâm Đồng"]
    assert set(g.nodes[plans["Lâm Đồng"]]["sources"]) >= {"b.txt", "c.txt"}
    assert "c.txt" not in g.nodes[plans["Cao Bằng"]]["sources"]
    cited = {v for u, v, k in g.edges(keys=True) if k == "CITES" and "d.txt" in g.edges[u, v, k]["sources"]}
    assert cited == {plans["Lâm Đồng"]}


# --- acceptance on the real extraction pipeline -------------------------------------------------------------
def test_build_writes_every_file_and_a_report(built):
    out, report, _ = built
    for name in ("graph.json", "records.json", "graph.trig", "report.json"):
        assert (out / name).is_file(), name
    assert [f["status"] for f in report["files"]] == ["ok"] * 5
    assert report["counts"]["Plan"] >= 5 and report["counts"]["files"] == 5
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["counts"] == report["counts"]


def test_real_build_merges_news_and_plan_into_one_node(built):
    _, _, g = built
    [pid] = plans_numbered(g, "210/KH-UBND")
    assert {"000_3391a5570458726a.txt", "002_b85c26701672cfe5.txt"} <= set(g.nodes[pid]["sources"])
    assert g.nodes[pid]["date"] == "2023-11-01"


def test_real_build_keeps_one_department_per_province(built):
    _, _, g = built
    nodes = agency_nodes(g, "Sở Thông tin và Truyền thông")
    juris = [g.nodes[n]["jurisdiction"] for n in nodes]
    assert len(juris) == len(set(juris)) >= 4


def test_real_build_reaches_tra_vinh_plan(built):
    _, _, g = built
    [cau_ngang] = plans_numbered(g, "99/KH-UBND")
    reach = {v for _, v, k in g.out_edges(cau_ngang, keys=True) if k == "DERIVES_FROM"}
    reach |= {w for v in reach for _, w, k in g.out_edges(v, keys=True) if k == "ISSUES"}
    assert any(g.nodes[n]["kind"] == "Plan" and g.nodes[n]["province"] == "Trà Vinh" for n in reach)


def test_real_build_edges_keep_evidence_offsets_into_the_files(built, seeds_dir):
    _, _, g = built
    checked = 0
    for _, _, k, a in g.edges(keys=True, data=True):
        for ev in a["evidence"]:
            text = (seeds_dir / ev["file"]).read_text(encoding="utf-8")
            assert text[ev["start"]:ev["end"]] == ev["text"], (k, ev)
            checked += 1
    assert checked > 50


def test_bad_file_is_reported_and_the_others_are_built(seeds_dir, tmp_path):
    from kehoach.graph.pipeline import build_paths

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    src = seeds_dir / "001_96e476ef786eba14.txt"
    (tmp_path / "in" / src.name).write_bytes(src.read_bytes())
    report = build_paths([tmp_path / "in"], tmp_path / "out", jobs=1, html=False, cypher=False)
    status = {f["file"]: (f["status"], f["reason"]) for f in report["files"]}
    assert status[src.name] == ("ok", "")
    assert status["empty.txt"][0] == "failed" and status["empty.txt"][1]
    assert plans_numbered(load_graph(tmp_path / "out"), "99/KH-UBND")


def test_the_two_pass_build_equals_the_in_memory_build(built, seeds_dir, tmp_path):
    """`kehoach build` holds only record heads and streams full records back from records.json: its records.json
    is the records sorted by file, and its graph is the graph of all records built in memory, byte for byte."""
    from kehoach.graph.build import build_graph
    from kehoach.graph.pipeline import iter_records, write_records
    from kehoach.graph.store import save_graph
    from kehoach.ingest.pipeline import extract_file

    out, _, _ = built
    records = sorted((extract_file(p) for p in sorted(seeds_dir.glob("*.txt"))), key=lambda r: r.file)
    write_records(records, tmp_path / "records.json")
    assert (out / "records.json").read_bytes() == (tmp_path / "records.json").read_bytes()
    assert [r.file for r in iter_records(out / "records.json")] == [r.file for r in records]
    save_graph(build_graph(records), tmp_path)
    assert (out / "graph.json").read_bytes() == (tmp_path / "graph.json").read_bytes()
    assert not (out / ".records.spool").exists()


def test_load_graph_reads_graph_json_line_by_line_into_the_same_graph(built, tmp_path):
    """At 100k plans graph.json is 4 GB: read whole and parsed at once it took several times the graph's memory.
    Read line by line it gives the same graph as networkx's node-link reader; other node-link files still load."""
    import json

    import networkx as nx

    out, _, g = built
    data = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    ref = nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    assert g.graph == ref.graph and g.graph["resolution"]["same_as"]
    assert list(g.nodes(data=True)) == list(ref.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(ref.edges(keys=True, data=True))
    (tmp_path / "graph.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    other = load_graph(tmp_path)
    assert list(other.edges(keys=True, data=True)) == list(ref.edges(keys=True, data=True))


def test_the_streamed_build_refuses_records_out_of_order():
    from kehoach.graph.build import build_graph_streamed, record_head
    from kehoach.ingest.models import ExtractedDocument

    recs = [ExtractedDocument(file=f) for f in ("a.txt", "b.txt")]
    with pytest.raises(ValueError, match="out of order"):
        build_graph_streamed([record_head(r) for r in recs], iter(recs[::-1]))
    with pytest.raises(ValueError, match="no record for 'b.txt'"):
        build_graph_streamed([record_head(r) for r in recs], iter(recs[:1]))


def test_graph_and_records_are_released_before_the_writer_children_start(seeds_dir, tmp_path, monkeypatch):
    """A big build hands RDF and the Cypher DB to child processes: by then this process must hold neither the
    graph nor the records' heads (at 100k plans they are most of its memory)."""
    import gc
    import weakref

    import kehoach.graph.pipeline as pipeline

    refs: dict[str, Any] = {}
    real_build, real_start = pipeline.build_graph_streamed, pipeline._start_child

    def build(heads, records, spill=None):
        refs["heads"] = {id(h): h.file for h in heads}  # (slots: no weakref)
        g = real_build(heads, records, spill)
        refs["graph"] = weakref.ref(g)
        return g

    alive: dict[str, int] = {}

    def start(what, *args, **kwargs):
        gc.collect()
        heads = [o for o in gc.get_objects() if type(o) is ExtractedDocument and refs["heads"].get(id(o)) == o.file]
        alive[what] = len(heads) + (refs["graph"]() is not None)
        return real_start(what, *args, **kwargs)

    monkeypatch.setattr(pipeline, "build_graph_streamed", build)
    monkeypatch.setattr(pipeline, "_start_child", start)
    report = pipeline.build_paths([seeds_dir], tmp_path, jobs=1, html=False, child_writers=True)
    assert len(refs["heads"]) == 5 and report["counts"]["Plan"] >= 4
    assert alive == {"rdf": 0, "cypher": 0}


def test_heads_are_freed_before_the_records_are_added(seeds_dir):
    """The heads (metadata and citations of every record: ~1 GB at 100k plans) only serve the first pass:
    none is alive when the full records start coming, so the graph grows into their memory."""
    import gc

    from kehoach.graph.build import build_graph_streamed
    from kehoach.ingest.pipeline import extract_file

    recs = sorted((extract_file(p) for p in sorted(seeds_dir.glob("*.txt"))), key=lambda r: r.file)
    heads = [r.head() for r in recs]
    ids = {id(h) for h in heads}
    alive_at_first_record = []

    def records():
        gc.collect()
        alive_at_first_record.append(sum(1 for o in gc.get_objects() if id(o) in ids and type(o) is ExtractedDocument))
        yield from recs

    g = build_graph_streamed(heads, records())
    assert heads == [] and alive_at_first_record == [0]
    assert sum(1 for _, d in g.nodes(data=True) if d["kind"] == "Plan") >= 4


def test_a_failing_writer_child_stops_the_others_at_once(tmp_path):
    """At 100k plans a writer child runs for minutes: when one fails, the build reports it without waiting for
    the others, which are stopped."""
    import time

    from kehoach.graph.children import BuildError, Writer, start_writer, wait_writers

    (tmp_path / "graph.json").write_text('{"graph":{},"links":[\n],"multigraph":true,"nodes":[\n{"id": broken\n')
    slow = Writer("cypher", tmp_path, time.sleep, (120,))
    start = time.perf_counter()
    with pytest.raises(BuildError, match="RDF graph .* could not be written"):
        wait_writers([slow, start_writer("rdf", tmp_path, None, (0, 1))])
    assert time.perf_counter() - start < 60
    assert not slow.proc.is_alive() and slow.proc.exitcode is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.json"]


def test_build_reports_each_stage_after_extraction(seeds_dir, tmp_path):
    """What ``kehoach build`` shows on a terminal once the extraction bar is done, in order."""
    from kehoach.graph.pipeline import build_paths, rdf_shares

    seen: list[str] = []
    build_paths([seeds_dir], tmp_path / "big", jobs=1, child_writers=True, on_stage=seen.append)
    n = rdf_shares()
    assert seen == ["writing records.json", "resolving the graph", "writing graph.json", "writing graph.html",
                    f"writing the Cypher database and graph.trig (in {n} parts): {n + 1} child process(es)",
                    "joining the shares of graph.trig"]
    seen.clear()
    build_paths([seeds_dir], tmp_path / "small", jobs=1, child_writers=False, html=False, on_stage=seen.append)
    assert seen == ["writing records.json", "resolving the graph", "writing graph.json", "writing graph.trig",
                    "writing the Cypher database"]


def test_mentions_carry_how_many_of_the_plans_tasks_each_agency_leads_and_coordinates(built):
    """tasks_led / tasks_coordinated on plan -> agency MENTIONS are the counts of the plan's LEADS / COORDINATES
    (the merged 210/KH-UBND included), and every agency that takes part in a task has that edge."""
    from collections import Counter

    _, _, g = built
    expected: Counter = Counter()
    for t, d in g.nodes(data=True):
        if d.get("kind") == "Task":
            [plan] = [u for u, _, k in g.in_edges(t, keys=True) if k == "HAS_TASK"]
            for a, _, k in g.in_edges(t, keys=True):
                if k in ("LEADS", "COORDINATES"):
                    expected[(plan, a, "tasks_led" if k == "LEADS" else "tasks_coordinated")] += 1
    got = Counter()
    for p, a, k, d in g.edges(keys=True, data=True):
        if k == "MENTIONS":
            for prop in ("tasks_led", "tasks_coordinated"):
                if d[prop]:
                    got[(p, a, prop)] = d[prop]
    assert got == expected
    assert sum(n for (_, _, prop), n in got.items() if prop == "tasks_led") > 60
    [pid] = plans_numbered(g, "210/KH-UBND")
    assert any(p == pid for p, _, _ in got)


def test_cited_subjects_are_read_at_extraction_as_resolution_read_them(seed_records):
    """Extraction reads each citation's "về việc" subject (the resolver no longer re-reads the files); a record
    without subjects (an older extractor's) is resolved by reading the file: both give the same graph."""
    from kehoach.graph.store import node_json

    recs = [ExtractedDocument.from_dict(copy.deepcopy(d)) for d in seed_records]
    subjects = [c.subject for r in recs for c in r.cites]
    assert None not in subjects and sum(bool(s) for s in subjects) >= 3  # the seeds print some "về việc"
    old = copy.deepcopy(recs)
    for r in old:
        for c in r.cites:
            c.subject = None
    new_g, old_g = build_graph(recs), build_graph(old)
    assert sorted(node_json(*n) for n in new_g.nodes(data=True)) == sorted(node_json(*n) for n in old_g.nodes(data=True))
    assert sorted((u, v, k) for u, v, k in new_g.edges(keys=True)) == sorted((u, v, k) for u, v, k in old_g.edges(keys=True))
    issued = [(u, v) for u, v, k in new_g.edges(keys=True) if k == "ISSUES"]
    assert issued  # a decision "về việc ban hành Kế hoạch …" is linked to what it issues
