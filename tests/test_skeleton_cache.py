"""The skeleton kept beside a saved graph is the one read from it; a changed graph, a damaged or foreign cache
and a folder that cannot be written all fall back to reading ``graph.json``."""

from __future__ import annotations

import os
import shutil

import networkx as nx
import numpy as np
import pytest
from test_skeleton import assert_same_answers

from kehoach.graph import skeleton_cache
from kehoach.graph.html import write_saved_html
from kehoach.graph.skeleton import Skeleton
from kehoach.graph.skeleton_cache import cache_file, load_skeleton, open_skeleton
from kehoach.graph.store import load_graph, save_graph


@pytest.fixture
def saved(seeds_graph_dir, tmp_path):
    """A folder holding a copy of the seeds build's graph.json (the session's build folder stays untouched)."""
    shutil.copyfile(seeds_graph_dir / "graph.json", tmp_path / "graph.json")
    return tmp_path


@pytest.fixture
def reads(monkeypatch):
    """How many times the skeleton is read from graph.json."""
    count = []
    real = Skeleton.read.__func__

    def counting(cls, out_dir):
        count.append(out_dir)
        return real(cls, out_dir)

    monkeypatch.setattr(Skeleton, "read", classmethod(counting))
    return count


def same_skeleton(a: Skeleton, b: Skeleton) -> bool:
    arrays = ("kind_codes", "src", "dst", "rel", "edge_at", "node_rows", "node_at")
    return (a.ids == b.ids and a.kinds == b.kinds and a.rels == b.rels and a.attr_table() == b.attr_table() and
            all(np.array_equal(getattr(a, k), getattr(b, k)) for k in arrays) and
            all(np.array_equal(x, y) for x, y in zip(a.order(), b.order(), strict=True)))


def test_the_kept_skeleton_is_the_one_read(saved, reads):
    first = open_skeleton(saved)
    assert len(reads) == 1 and cache_file(saved).is_file()
    again = open_skeleton(saved)
    assert len(reads) == 1  # loaded, not read
    assert same_skeleton(again, first) and same_skeleton(again, Skeleton.read(saved))
    assert_same_answers(again, load_graph(saved))
    plans = again.of_kind("Plan")
    assert again.lines_of(plans) == first.lines_of(plans) and plans


def test_maps_drawn_from_the_kept_skeleton_are_the_same_pages(saved, reads, tmp_path_factory, monkeypatch):
    out = tmp_path_factory.mktemp("maps")
    options = ({}, {"province": "Nghệ An"}, {"agency": "Sở Ngoại vụ", "depth": 1}, {"max_nodes": 40})
    for i, opts in enumerate(options):
        write_saved_html(saved, out / f"read-{i}.html", **opts)
    assert len(reads) == 1
    from kehoach.graph import store

    def no_whole_read(*_a, **_k):
        raise AssertionError("graph.json read whole")

    for i, opts in enumerate(options):
        if opts:  # a part of the graph: the kept skeleton chooses it, only its lines are read
            monkeypatch.setattr(store, "saved_lines", no_whole_read)
        write_saved_html(saved, out / f"kept-{i}.html", **opts)  # (the whole seeds graph fits in the map)
        assert (out / f"kept-{i}.html").read_bytes() == (out / f"read-{i}.html").read_bytes(), opts
    assert len(reads) == 1


def test_a_new_graph_json_is_read_again(saved, reads):
    open_skeleton(saved)
    g = nx.MultiDiGraph([("p", "t", "HAS_TASK")])
    g.nodes["p"]["kind"] = "Plan"
    save_graph(g, saved)  # a build writing graph.json removes the kept skeleton
    assert not cache_file(saved).exists()
    assert open_skeleton(saved).rel_edges({"HAS_TASK"}) == [("p", "t", "HAS_TASK")] and len(reads) == 2


def test_a_graph_json_changed_behind_the_cache_is_read_again(saved, reads, tmp_path_factory):
    open_skeleton(saved)
    other = tmp_path_factory.mktemp("other")
    g = nx.MultiDiGraph([("a", "b", "PART_OF")])
    save_graph(g, other)
    os.replace(other / "graph.json", saved / "graph.json")  # replaced by hand: the cache is still there
    assert cache_file(saved).exists() and load_skeleton(saved) is None
    assert open_skeleton(saved).nodes() == ["a", "b"] and len(reads) == 2
    assert load_skeleton(saved).nodes() == ["a", "b"]  # kept again, for the new file


@pytest.mark.parametrize("damage", ["garbage", "cut", "format", "missing array", "number out of range",
                                    "float array"])
def test_a_damaged_or_foreign_cache_is_read_again(saved, reads, damage, monkeypatch):
    first = open_skeleton(saved)
    path = cache_file(saved)
    if damage == "garbage":
        path.write_bytes(b"not a zip file")
    elif damage == "cut":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    elif damage == "format":
        monkeypatch.setattr(skeleton_cache, "FORMAT", skeleton_cache.FORMAT + 1)
    else:
        with np.load(path) as z:
            arrays = {k: z[k] for k in z.files if k != "in_ptr"}
        if damage == "number out of range":  # a node number past the last node
            arrays["in_ptr"], arrays["dst"] = first.order()[3], arrays["dst"].copy()
            arrays["dst"][-1] = len(first.ids)
        elif damage == "float array":
            arrays["in_ptr"] = first.order()[3].astype(float)
        with open(path, "wb") as f:
            np.savez(f, **arrays)
    assert load_skeleton(saved) is None
    assert same_skeleton(open_skeleton(saved), first) and len(reads) == 2
    assert load_skeleton(saved) is not None  # replaced by a good one


def test_a_folder_that_cannot_keep_the_cache_reads_each_time(saved, reads):
    (saved / ".cache").write_text("a file where the cache folder would be", encoding="utf-8")
    first = open_skeleton(saved)
    assert same_skeleton(open_skeleton(saved), first) and len(reads) == 2
    assert (saved / ".cache").read_text(encoding="utf-8").startswith("a file")
    assert not list(saved.glob(".cache*tmp*")) and sorted(p.name for p in saved.iterdir()) == [".cache", "graph.json"]


def test_a_build_that_cannot_keep_the_skeleton_goes_on(saved, monkeypatch):
    """The resolution child's ``keep_skeleton`` is best effort: graph.json is written by then."""
    from kehoach.graph.resolver import keep_skeleton

    assert keep_skeleton(saved) and load_skeleton(saved) is not None
    cache_file(saved).unlink()

    def no_memory(cls, out_dir):
        raise MemoryError

    monkeypatch.setattr(Skeleton, "read", classmethod(no_memory))
    assert keep_skeleton(saved) is False and not cache_file(saved).exists()
    monkeypatch.undo()
    cache_file(saved).parent.rmdir()
    cache_file(saved).parent.write_bytes(b"")  # '.cache' is a file: nothing can be kept
    assert keep_skeleton(saved) is False
