"""Graph building on the real extraction pipeline (acceptance): the build's files, report, stages and children."""

from __future__ import annotations

import copy
import json
import shutil
from collections import Counter
from typing import Any

import pytest
from graphs import agency_nodes, plans_numbered

from kehoach.graph.build import build_graph
from kehoach.graph.store import load_graph
from kehoach.ingest.models import ExtractedDocument


@pytest.fixture(scope="module")
def built(seeds_dir, tmp_path_factory):
    from kehoach.graph.pipeline import build_paths

    out = tmp_path_factory.mktemp("graph")
    report = build_paths([seeds_dir], out, jobs=1, html=False, cypher=False)
    return out, report, load_graph(out)


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
    from kehoach.graph.records import iter_records, write_records
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


@pytest.mark.parametrize("spill", [False, True])
def test_files_of_one_name_in_two_folders_are_two_sources(seeds_dir, tmp_path, spill):
    """A folder per province, each with its "plan.txt": every record, source and piece of evidence names its
    own file (the shortest end of its path that tells them apart), and the graph is the one of distinct names."""
    from kehoach.graph.pipeline import build_paths

    seeds = sorted(seeds_dir.glob("*.txt"))[:3]
    same, plain = tmp_path / "same", tmp_path / "plain"
    plain.mkdir()
    for i, p in enumerate(seeds):
        (same / f"p{i}").mkdir(parents=True)
        shutil.copyfile(p, same / f"p{i}" / "plan.txt")
        shutil.copyfile(p, plain / p.name)
    a = build_paths([same], tmp_path / "a", jobs=1, cypher=False, rdf=False, html=False, spill_tasks=spill)
    b = build_paths([plain], tmp_path / "b", jobs=1, cypher=False, rdf=False, html=False, spill_tasks=spill)
    assert [f["file"] for f in a["files"]] == ["p0/plan.txt", "p1/plan.txt", "p2/plan.txt"]
    assert a["counts"] == b["counts"]
    renamed = {f"p{i}/plan.txt": p.name for i, p in enumerate(seeds)}
    ga, gb = load_graph(tmp_path / "a"), load_graph(tmp_path / "b")
    assert sorted(ga.nodes) == sorted(gb.nodes)
    for n, attrs in ga.nodes(data=True):
        assert sorted(renamed[s] for s in attrs["sources"]) == sorted(gb.nodes[n]["sources"]), n
    files = {e["file"] for _, _, d in ga.edges(data=True) for e in d.get("evidence", [])}
    assert files and files <= set(renamed)


def test_a_file_reached_twice_is_one_input(seeds_dir, tmp_path):
    from kehoach.graph.pipeline import build_paths

    seed = sorted(seeds_dir.glob("*.txt"))[0]
    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(seed, src / seed.name)
    report = build_paths([src, src / seed.name, tmp_path / "in" / "." / seed.name], tmp_path / "out", jobs=1,
                         cypher=False, rdf=False, html=False)
    assert [f["file"] for f in report["files"]] == [seed.name]


def test_two_files_whose_names_differ_only_in_marks_keep_two_source_graphs(seeds_dir, tmp_path):
    """"Kế hoạch.txt" and "ke hoach.txt" share a slug: their named graphs (provenance) stay two."""
    from kehoach.graph.pipeline import build_paths

    seeds = sorted(seeds_dir.glob("*.txt"))
    src = tmp_path / "in"
    src.mkdir()
    shutil.copyfile(seeds[1], src / "Kế hoạch.txt")
    shutil.copyfile(seeds[3], src / "ke hoach.txt")
    build_paths([src], tmp_path / "out", jobs=1, cypher=False, html=False)
    trig = (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")
    graphs = sorted({line.split()[0] for line in trig.splitlines() if "/graph/source/" in line.split(" ")[0]})
    assert len(graphs) == 2 and all("/source/ke-hoach-txt-" in g for g in graphs)


def test_long_titles_that_differ_only_at_their_end_are_two_documents():
    from kehoach.graph.ids import named_doc_id

    title = "Kế hoạch thực hiện Chương trình hành động của Tỉnh ủy về nâng cao chất lượng, hiệu quả công tác " \
            "thông tin đối ngoại trong tình hình mới, giai đoạn "
    a, b = (named_doc_id("plan", "Kế hoạch", title + y, "UBND tỉnh Nghệ An") for y in ("2021-2025", "2026-2030"))
    assert a != b and len(a) == len(b) < 140


def _child_of(parent_code: str, tmp_path) -> tuple[Any, int]:
    """Start a Python process running ``parent_code`` (which starts a build child sleeping a minute and prints
    its pid); return the process and the child's pid."""
    import subprocess
    import sys

    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE, text=True, cwd=tmp_path)
    return parent, int(parent.stdout.readline())


def _gone(pid: int, within: float = 20.0) -> bool:
    import os
    import time

    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # (a zombie of an init that does not reap: gone all the same)
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                if f.read().split(") ")[-1].startswith("Z"):
                    return True
        except OSError:
            return True
        time.sleep(0.1)
    return False


_SLEEPING_CHILD = (
    "import os, sys, time\n"
    "from kehoach.graph.children import Writer, wait_writers\n"
    "children = [Writer('resolve', os.getcwd(), time.sleep, (60,))]\n"
    "print(children[0].proc.pid, flush=True)\n")


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_the_build_children_end_with_the_build(tmp_path, how):
    """Killed (SIGKILL, the OOM killer) or stopped (SIGTERM: a scheduler, ``timeout``), the build's process no
    longer leaves its children resolving and writing into the folder: they die with it."""
    import os
    import signal

    code = _SLEEPING_CHILD
    if how == "SIGTERM":  # as ``kehoach`` runs: SIGTERM raises, and the build stops its children on the way out
        code = ("from kehoach.cliargs import exit_on_sigterm\nexit_on_sigterm()\n" + code +
                "try:\n    wait_writers(children)\nfinally:\n    children[0].stop()\n")
    else:
        code += "time.sleep(60)\n"
    parent, child = _child_of(code, tmp_path)
    try:
        os.kill(parent.pid, getattr(signal, how))
        parent.wait(timeout=30)
        assert _gone(child)
        if how == "SIGTERM":
            assert parent.returncode == 128 + signal.SIGTERM
    finally:
        for pid in (parent.pid, child):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
