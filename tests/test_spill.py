"""Tasks built out of the graph (``kehoach.graph.spill``): a national build holds only part of its graph in
memory, and writes byte for byte what a build holding every task writes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import kehoach.graph.spill as spill_module
from kehoach.graph.build import build_graph, build_graph_streamed
from kehoach.graph.html_reduce import fold_tasks
from kehoach.graph.pipeline import build_paths
from kehoach.graph.spill import TaskSpill
from kehoach.ingest.pipeline import extract_file

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus  # noqa: E402
from test_cypher_db import _dump  # noqa: E402
from test_skeleton_cache import same_skeleton  # noqa: E402

from kehoach.graph.skeleton import Skeleton  # noqa: E402
from kehoach.graph.skeleton_cache import load_skeleton  # noqa: E402


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    corpus.write_corpus(60, out, seed=5, jobs=1)
    return out


def _both_ways(inputs: list[Path], tmp_path: Path) -> dict[bool, tuple[Path, dict]]:
    """The same build resolved in a child with the tasks spilled, and in this process holding them all."""
    from kehoach.graph.pipeline import rdf_shares

    out = {}
    for spill in (False, True):
        d = tmp_path / f"spill-{spill}"
        stages: list[str] = []
        out[spill] = d, build_paths(inputs, d, jobs=1, spill_tasks=spill, child_writers=True, on_stage=stages.append)
    n = rdf_shares()
    assert stages == ["writing records.json",
                      "resolving the graph, writing graph.json and graph.html, keeping the skeleton for maps (a "
                      "child process; another spools the writers' part of the tasks meanwhile)",
                      f"writing the Cypher database and graph.trig (in {n} parts): {n + 1} child process(es)",
                      "joining the shares of graph.trig"]
    return out


def _same_outputs(builds: dict[bool, tuple[Path, dict]]) -> None:
    (plain, r1), (spilled, r2) = builds[False], builds[True]
    for name in ("graph.json", "graph.trig", "records.json"):
        assert (plain / name).read_bytes() == (spilled / name).read_bytes(), name
    assert {k: v for k, v in r1.items() if k != "timings_s"} == {k: v for k, v in r2.items() if k != "timings_s"}
    assert (spilled / "graph.html").stat().st_size > 0 and (spilled / "graph.lbug").exists()
    assert sorted(p.name for p in spilled.iterdir() if p.name.startswith(".")) == [".build.json", ".build.lock", ".cache"]
    assert _dump(plain) == _dump(spilled)  # (its writer took the spilled tasks from the spill, see below)
    assert r2["timings_s"]["resolve_child"] >= r2["timings_s"]["resolve"] > 0
    # the big build kept the skeleton of its graph.json for the maps: the one read from it
    assert "skeleton" in r2["timings_s"] and "skeleton" not in r1["timings_s"]
    kept = load_skeleton(spilled)
    assert kept is not None and same_skeleton(kept, Skeleton.read(spilled))
    assert load_skeleton(plain) is None


def test_a_spilled_build_writes_what_a_build_in_memory_writes(generated, tmp_path):
    builds = _both_ways([generated], tmp_path)
    _same_outputs(builds)
    counts = builds[True][1]["counts"]
    assert counts["Task"] > 300 and builds[True][1]["relationships"]["LEADS"] >= counts["Task"]


def test_a_spilled_build_of_the_real_documents_is_the_same(seeds_dir, tmp_path):
    """The seeds hold a plan and a news article about it: that plan has two sources, so its tasks stay in the
    graph while the others are spilled; the files are still the same."""
    _same_outputs(_both_ways([seeds_dir], tmp_path))


def test_spilled_runs_merge_into_the_same_graph_json(generated, tmp_path, monkeypatch):
    """Runs of a few kilobytes, so that dozens are merged: graph.json is still the one of the graph in memory."""
    from kehoach.graph.store import save_graph

    monkeypatch.setattr(spill_module, "RUN_BYTES", 20_000)
    recs = sorted((extract_file(p) for p in sorted(generated.rglob("*.txt"))), key=lambda r: r.file)
    save_graph(build_graph(recs), tmp_path / "plain")
    with TaskSpill(tmp_path) as spill:
        g = build_graph_streamed([r.head() for r in recs], iter(recs), spill)
        assert len(spill._links.paths) > 20
        save_graph(g, tmp_path / "spilled", spill)
    assert (tmp_path / "plain" / "graph.json").read_bytes() == (tmp_path / "spilled" / "graph.json").read_bytes()


def test_writers_fed_from_the_spill_while_resolving_write_the_same_files(generated, tmp_path, monkeypatch):
    """A big build's writers read graph.json without the spilled tasks (``save_graph(core=...)``) and take the
    tasks from what ``write_spilled`` made of the spill's runs, read as they were written, dozens of them here:
    the TriG (in three shares) and the Cypher database are those of the whole graph.json."""
    import pyarrow.parquet as pq

    from kehoach.graph.cypher_db import write_cypher_db_from_saved
    from kehoach.graph.rdf_stream import write_trig_from_saved
    from kehoach.graph.spill_writers import CYPHER_DIR, write_spilled
    from kehoach.graph.store import save_graph

    monkeypatch.setattr(spill_module, "RUN_BYTES", 20_000)
    recs = sorted((extract_file(p) for p in sorted(generated.rglob("*.txt"))), key=lambda r: r.file)
    files = [r.file for r in recs]
    plain, spilled, folder = tmp_path / "plain", tmp_path / "spilled", tmp_path / "spool"
    save_graph(build_graph(recs), plain)
    expected_trig = write_trig_from_saved(plain, files=files).read_bytes()
    write_cypher_db_from_saved(plain)
    runs: list[Path] = []
    with TaskSpill(tmp_path, runs.append) as spill:
        g = build_graph_streamed([r.head() for r in recs], iter(recs), spill)
        spill.flush()
        assert len(runs) > 20 and sorted(runs) == sorted(spill._nodes.paths + spill._links.paths)
        assert write_spilled(runs, folder, files, 3) == sum(spill.kinds.values()) + sum(spill.rels.values())
        save_graph(g, spilled, spill, core=tmp_path / "core.json")
    tasks = pq.read_table(folder / CYPHER_DIR / "Task.parquet").column("id").to_pylist()
    leads = pq.read_table(folder / CYPHER_DIR / "LEADS-Agency-Task.parquet").select(["from", "to"]).to_pylist()
    assert len(tasks) > 300 and tasks == sorted(tasks)  # stored as graph.json orders them (see write_spilled)
    assert [(r["from"], r["to"]) for r in leads] == sorted((r["from"], r["to"]) for r in leads)
    assert (plain / "graph.json").read_bytes() == (spilled / "graph.json").read_bytes()
    shares = [write_trig_from_saved(spilled, tmp_path / f"share{i}", files, (i, 3), tmp_path / "core.json", folder)
              for i in range(3)]
    assert b"".join(p.read_bytes() for p in shares) == expected_trig
    write_cypher_db_from_saved(spilled, tmp_path / "core.json", folder / CYPHER_DIR)
    assert _dump(plain) == _dump(spilled)
    assert sorted(p.name for p in folder.iterdir()) == [CYPHER_DIR]  # the partitions went as they were read


def test_only_the_tasks_of_single_source_plans_leave_the_graph(seeds_dir, tmp_path):
    recs = sorted((extract_file(p) for p in sorted(seeds_dir.glob("*.txt"))), key=lambda r: r.file)
    full = build_graph(recs)
    with TaskSpill(tmp_path) as spill:
        g = build_graph_streamed([r.head() for r in recs], iter(recs), spill)
        kept = {n for n, a in g.nodes(data=True) if a["kind"] == "Task"}
        merged = set(g.graph["resolution"]["same_as"])
        assert kept and {g.nodes[t]["plan"] for t in kept} <= merged
        tasks = {n for n, a in full.nodes(data=True) if a["kind"] == "Task"}
        assert spill.kinds["Task"] == len(tasks - kept) > 0
        assert set(g) == set(full) - (tasks - kept)
        # the map of the graph: tasks folded into counts on their plans, the same whichever way they were built
        spill.fold_into(g)
        v1, _ = fold_tasks(g)
        v2, _ = fold_tasks(full)
        assert dict(v1.nodes(data=True)) == dict(v2.nodes(data=True))
        assert sorted(v1.edges(keys=True, data="count")) == sorted(v2.edges(keys=True, data="count"))
    assert not spill.folder.exists()


def test_a_failed_resolution_child_is_reported_and_leaves_nothing_behind(generated, tmp_path):
    """The child dies half way (here its heads file is cut short): the build gets a BuildError naming what could
    not be written, and the child's temporary files are gone."""
    from kehoach.graph.children import BuildError
    from kehoach.graph.resolver import HeadsFile, resolve_in_child

    build_paths([generated], tmp_path, jobs=1, spill_tasks=True, html=False, cypher=False, rdf=False)
    recs = [extract_file(p) for p in sorted(generated.rglob("*.txt"))]
    with HeadsFile(tmp_path / "heads") as heads:
        for r in recs:
            heads.add(r.head())
    data = (tmp_path / "heads").read_bytes()
    (tmp_path / "heads").write_bytes(data[: len(data) // 2])
    before = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(BuildError, match=r"the resolved graph \(graph.json\) could not be written: \w+Error"):
        resolve_in_child(tmp_path, tmp_path / "heads", [], html=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # (the heads are the caller's to remove)


def test_a_failing_spilled_tasks_child_stops_the_resolution_and_is_reported(tmp_path):
    """The child that spools the spilled tasks for the writers fails (here a run it is told of does not exist):
    the build gets a BuildError naming what could not be written, and the other child is stopped at once."""
    import time

    from kehoach.graph.children import BuildError, Writer, spawn_context, start_spill_writer, wait_writers

    ctx = spawn_context()
    runs, done = ctx.Queue(), ctx.Event()
    runs.put(str(tmp_path / "links-0"))
    runs.put(None)
    slow = Writer("resolve", tmp_path, time.sleep, (120,))
    start = time.perf_counter()
    with pytest.raises(BuildError, match=r"spilled tasks' part of graph.trig and graph.lbug could not be written: "
                                         r"FileNotFoundError"):
        wait_writers([slow, start_spill_writer(tmp_path, ["a.txt"], 2, tmp_path / "spool", runs, done)])
    assert time.perf_counter() - start < 60 and not slow.proc.is_alive() and not done.is_set()


def test_tasks_spilled_without_their_graph_give_the_lines_of_the_graph(tmp_path):
    """A plan's tasks are spilled as their lines directly (``_RecordBuilder.spill_tasks``): ``graph.json`` is the
    one a build holding every task writes, also for a task without number or evidence, an agency named twice
    in one role, one agency leading and coordinating, and (through the graph, as before) two tasks whose ids
    collide ("1-2" printed, and "1" printed twice)."""
    from kehoach.graph.store import save_graph
    from kehoach.ingest.models import Evidence, ExtractedDocument, PlanMeta, Task

    def task(ref, title, leads=(), coords=(), ev=True, requested=False):
        return Task(ref=ref, title=title, leads=list(leads), coordinators=list(coords), requested=requested,
                    evidence=Evidence("a.txt", 10, 20, title) if ev else None)

    plain = [task("1", "Tuyên truyền", ["Sở Thông tin và Truyền thông", "Sở TT&TT"], ["Sở Ngoại vụ"]),
             task("", "", ["Sở Ngoại vụ"], ["Sở Ngoại vụ", "Công an tỉnh"], ev=False, requested=True),
             task("2.a", "Đào tạo  phóng viên", [], ["Sở Tư pháp"])]
    colliding = [task("1-2", "A"), task("1", "B", ["Sở Ngoại vụ"]), task("1", "C", [], ["Sở Ngoại vụ"])]
    for name, tasks, nodes in (("plain", plain, 3), ("colliding", colliding, 2)):  # (the collision merges two)
        rec = ExtractedDocument(file="a.txt", plan=PlanMeta(number="5/KH-UBND", province="Nghệ An"), tasks=tasks)
        save_graph(build_graph([rec]), tmp_path / f"{name}-held")
        with TaskSpill(tmp_path) as spill:
            g = build_graph_streamed([rec.head()], iter([rec]), spill)
            assert spill.kinds["Task"] == nodes
            save_graph(g, tmp_path / f"{name}-spilled", spill)
        held, spilled = ((tmp_path / f"{name}-{w}" / "graph.json").read_bytes() for w in ("held", "spilled"))
        assert spilled == held and held.count(b'"kind":"Task"') == nodes, name
