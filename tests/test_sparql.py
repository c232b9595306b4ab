"""The SPARQL runner and the question library, on the real build and on a build of the gold records."""

from __future__ import annotations

import pytest
from graphs import gold_records

from kehoach.graph.build import build_graph
from kehoach.graph.rdf import write_trig
from kehoach.queries.runner import QueryError, ask, get_question, list_questions, run_sparql

COLUMNS = {
    "agencies-by-tasks-led": ("plan", "agency", "jurisdiction", "tasks"),
    "agencies-by-tasks-led-per-province": ("province", "agency", "tasks"),
    "agencies-by-tasks-led-overall": ("agency", "jurisdictions", "tasks"),
    "plans-citing": ("plan", "number", "issuer", "date", "role"),
    "derivation-chain": ("depth", "plan", "number", "issuer", "relation"),
    "district-plans-from": ("provincial_plan", "district_plan", "district", "commune"),
    "top-coordinators-with": ("agency", "jurisdiction", "shared_tasks"),
    "plans-missing-standard-bases": ("plan", "issuer", "missing"),
    "most-cited-documents": ("number", "name", "doc_type", "plans"),
    "tasks-by-timeframe": ("timeframe", "tasks"),
    "plans-by-province": ("province", "plan", "date", "level"),
    "agency-tasks": ("plan", "ref", "task", "role"),
    "legal-bases-of-plan": ("number", "doc_type", "issuer", "date"),
    "requests-to-party-bodies": ("plan", "agency", "task"),
}
PARAMS = {
    "plans-citing": {"number": "72/2015/NĐ-CP"}, "derivation-chain": {"plan": "99/KH-UBND"},
    "top-coordinators-with": {"agency": "Sở Thông tin và Truyền thông"}, "agency-tasks": {"agency": "Sở Ngoại vụ"},
    "legal-bases-of-plan": {"plan": "210/KH-UBND"},
}


@pytest.fixture(scope="module")
def real_dir(seeds_dir, tmp_path_factory):
    from kehoach.graph.pipeline import build_paths

    out = tmp_path_factory.mktemp("sparql")
    build_paths([seeds_dir], out, jobs=1, html=False, cypher=False)
    return out


@pytest.fixture(scope="module")
def gold_dir(gold, seeds_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("sparql-gold")
    write_trig(build_graph(gold_records(gold, seeds_dir)), out / "graph.trig")
    return out


def rows_as_dicts(cols, rows):
    return [dict(zip(cols, r)) for r in rows]


def test_library_has_the_agreed_questions_and_columns():
    qs = {q.name: q for q in list_questions()}
    assert set(COLUMNS) <= set(qs)
    for name, cols in COLUMNS.items():
        assert qs[name].columns == cols, name
        assert qs[name].description, name
    assert [p.name for p in qs["plans-citing"].params] == ["number"]
    assert not qs["agencies-by-tasks-led"].params[0].required


@pytest.mark.parametrize("name", sorted(COLUMNS))
def test_every_question_runs_with_its_columns_and_no_nulls(real_dir, name):
    cols, rows = ask(name, real_dir, engine="sparql", params=PARAMS.get(name))
    assert tuple(cols) == COLUMNS[name]
    assert all(v is not None for r in rows for v in r)
    assert (cols, rows) == ask(name, real_dir, engine="sparql", params=PARAMS.get(name))


def check_978_counts(graph_dir, gold):
    cols, rows = ask("agencies-by-tasks-led", graph_dir, engine="sparql", params={"plan": "978/KH-UBND"})
    got = {r["agency"]: r["tasks"] for r in rows_as_dicts(cols, rows)}
    assert {r["plan"] for r in rows_as_dicts(cols, rows)} == {"978/KH-UBND"}
    assert got == gold["counts"]["003_7ee35a000a85f826.txt"]["by_lead"]
    assert got["Sở Thông tin và Truyền thông"] == 18
    tasks = [r[3] for r in rows]
    assert tasks == sorted(tasks, reverse=True)


def test_agencies_by_tasks_led_gives_gold_counts_on_gold_records(gold_dir, gold):
    check_978_counts(gold_dir, gold)


def test_agencies_by_tasks_led_gives_gold_counts_on_real_build(real_dir, gold):
    check_978_counts(real_dir, gold)


@pytest.mark.parametrize("which", ["gold_dir", "real_dir"])
def test_derivation_chain_reaches_tra_vinh_plan(request, which):
    cols, rows = ask("derivation-chain", request.getfixturevalue(which), engine="sparql", params={"plan": "99/KH-UBND"})
    rows = rows_as_dicts(cols, rows)
    assert rows[0]["depth"] == 1 and rows[0]["number"] == "1466/QĐ-UBND"
    issued = [r for r in rows if r["relation"] == "ISSUES"]
    assert issued and issued[0]["depth"] == 2 and "Trà Vinh" in issued[0]["plan"]
    assert issued[0]["issuer"] == "UBND tỉnh Trà Vinh"
    cols, rows = ask("district-plans-from", request.getfixturevalue(which), engine="sparql")
    assert ["99/KH-UBND", "Cầu Ngang", ""] in [r[1:] for r in rows]


@pytest.mark.parametrize("which", ["gold_dir", "real_dir"])
def test_plans_citing_a_decree(request, which):
    cols, rows = ask("plans-citing", request.getfixturevalue(which), engine="sparql",
                     params={"number": "72/2015/NĐ-CP"})
    rows = rows_as_dicts(cols, rows)
    assert {r["issuer"] for r in rows} == {"UBND tỉnh Lạng Sơn", "UBND tỉnh Lai Châu"}
    assert "210/KH-UBND" in {r["plan"] for r in rows} and {r["role"] for r in rows} == {"basis"}
    # spaces and case in the parameter do not matter; a value is never query syntax
    assert ask("plans-citing", request.getfixturevalue(which), engine="sparql",
               params={"number": " 72/2015/nđ-cp"})[1] == [list(r.values()) for r in rows]
    assert ask("plans-citing", request.getfixturevalue(which), engine="sparql",
               params={"number": '72") } UNION { ?p ?x ?y } #'})[1] == []


def test_missing_standard_bases(gold_dir):
    cols, rows = ask("plans-missing-standard-bases", gold_dir, engine="sparql")
    missing = {(r[0], r[2]) for r in rows}
    assert ("978/KH-UBND", "72/2015/NĐ-CP") in missing and ("99/KH-UBND", "22/2016/TT-BTTTT") in missing
    assert not any(plan == "210/KH-UBND" for plan, _ in missing)


def test_unknown_question_and_bad_parameters(real_dir):
    with pytest.raises(KeyError, match="known questions"):
        ask("no-such-question", real_dir, engine="sparql")
    with pytest.raises(QueryError, match="missing required"):
        ask("plans-citing", real_dir, engine="sparql")
    with pytest.raises(QueryError, match="unknown parameter"):
        ask("plans-citing", real_dir, engine="sparql", params={"number": "1", "bogus": "2"})
    with pytest.raises(KeyError):
        get_question("../etc/passwd")


def test_run_sparql_errors_are_query_errors(real_dir, tmp_path):
    with pytest.raises(QueryError, match="not found"):
        run_sparql(tmp_path, "SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="SPARQL"):
        run_sparql(real_dir, "SELECT WHERE {")
    cols, rows = run_sparql(real_dir, "PREFIX kh: <https://kehoach.dev/ontology#> "
                                      "SELECT DISTINCT ?n WHERE { ?p kh:number ?n . FILTER(?n = ?want) }",
                            {"want": "99/KH-UBND"})
    assert cols == ["n"] and rows == [["99/KH-UBND"]]



def test_the_sparql_store_is_loaded_on_first_use_and_reloaded_when_stale(seeds_dir, tmp_path):
    """`kehoach build` writes only graph.trig; the first question loads graph.oxigraph/ from it (stamped), and a
    rebuilt graph.trig makes the store stale, so the next question reloads it."""
    import os

    from kehoach.graph.pipeline import build_paths
    from kehoach.graph.rdfstore import STORE_DIR, _parse_trig, load_store, store_matches

    out = tmp_path / "g"
    build_paths([seeds_dir], out, jobs=1, html=False, cypher=False)
    assert not (out / STORE_DIR).exists()
    answer = ask("agencies-by-tasks-led", out, engine="sparql", params={"plan": "978/KH-UBND"})
    assert store_matches(out) and answer[1]
    st = (out / "graph.trig").stat()
    in_memory = _parse_trig(str(out / "graph.trig"), st.st_mtime_ns, st.st_size)
    assert len(load_store(out)) == len(in_memory) > 1000  # named graphs + their union, as the in-memory parse
    os.utime(out / "graph.trig", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # as if rebuilt
    assert not store_matches(out)
    assert ask("agencies-by-tasks-led", out, engine="sparql", params={"plan": "978/KH-UBND"}) == answer
    assert store_matches(out)


@pytest.mark.parametrize("bulk_bytes", [0, 1 << 40])
def test_the_store_holds_every_quad_of_the_trig_and_their_union(seeds_dir, tmp_path, bulk_bytes):
    """The store, bulk-loaded (named graphs from the TriG, the default graph from its statements read as Turtle)
    or loaded quad by quad (a small TriG), holds exactly the TriG's quads, each named graph's triples once more
    in the default graph, and nothing else; so does a TriG of another layout."""
    import pyoxigraph as ox

    from kehoach.graph.pipeline import build_paths
    from kehoach.graph.rdfstore import fill_store

    out = tmp_path / "g"
    build_paths([seeds_dir], out, jobs=1, html=False, cypher=False)
    quads = set(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))
    expected = quads | {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads}
    assert len(quads) > 1000 and len({q.graph_name for q in quads}) > 5
    store = ox.Store()
    fill_store(store, out / "graph.trig", bulk_bytes)
    assert set(store) == expected
    other = tmp_path / "other.trig"  # the same quads, a graph block per quad on one line
    other.write_text("".join(f"{q.graph_name} {{ {q.subject} {q.predicate} {q.object} . }}\n" for q in quads),
                     encoding="utf-8")
    store = ox.Store()
    fill_store(store, other, bulk_bytes)
    assert set(store) == expected


def test_a_folder_where_the_store_cannot_be_written_is_queried_from_memory(seeds_dir, tmp_path, monkeypatch):
    import kehoach.graph.rdfstore as rdfstore
    from kehoach.graph.pipeline import build_paths

    out = tmp_path / "g"
    build_paths([seeds_dir], out, jobs=1, html=False, cypher=False)

    def refuse(graph_dir):
        raise PermissionError(f"{graph_dir}: read-only file system")

    monkeypatch.setattr(rdfstore, "build_store", refuse)
    cols, rows = ask("agencies-by-tasks-led", out, engine="sparql", params={"plan": "978/KH-UBND"})
    assert not (out / rdfstore.STORE_DIR).exists()
    assert dict((r[1], r[3]) for r in rows)["Sở Thông tin và Truyền thông"] == 18



def test_plans_by_province_filters_by_province(real_dir):
    """The optional `province` parameter keeps one province's plans (any letter case); omitted, every province.
    (The Cypher twin answers alike: tests/test_cypher_db.py compares both engines with province values.)"""
    every = ask("plans-by-province", real_dir, engine="sparql")[1]
    provinces = sorted({r[0] for r in every})
    assert len(provinces) >= 3  # Lạng Sơn, Nghệ An, Trà Vinh ... among the seeds
    for name in provinces:
        _, rows = ask("plans-by-province", real_dir, engine="sparql", params={"province": name.upper()})
        assert rows and {r[0] for r in rows} == {name} and rows == [r for r in every if r[0] == name]
    assert ask("plans-by-province", real_dir, engine="sparql", params={"province": "Atlantis"})[1] == []


def test_the_cli_says_when_a_question_first_loads_the_store(seeds_dir, tmp_path):
    """The first SPARQL question of a build loads graph.oxigraph/ (minutes on a big graph): the CLI says so,
    once; the next question reuses the store and says nothing about it."""
    from typer.testing import CliRunner

    from kehoach.cli import app
    from kehoach.graph.pipeline import build_paths

    out = tmp_path / "g"
    build_paths([seeds_dir], out, jobs=1, html=False, cypher=False)
    runner = CliRunner()
    first = runner.invoke(app, ["ask", "district-plans-from", "--engine", "sparql", "--graph", str(out)])
    assert first.exit_code == 0, first.output
    assert "loading the SPARQL store" in first.output and "graph.trig" in first.output
    again = runner.invoke(app, ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--graph", str(out)])
    assert again.exit_code == 0 and "loading the SPARQL store" not in again.output


@pytest.fixture()
def unloaded(seeds_dir, tmp_path):
    """A build of the seeds whose SPARQL store is not loaded yet."""
    from kehoach.graph.pipeline import build_paths

    out = tmp_path / "g"
    build_paths([seeds_dir], out, jobs=1, html=False, cypher=False)
    return out


def test_a_store_that_would_not_fit_on_the_disk_is_refused_before_loading(unloaded, monkeypatch):
    """The store needs several times the TriG's size (66 GB at 100k plans): with less free space, the question
    fails at once and says what it needs, what there is and what to ask instead; nothing is loaded or left."""
    import shutil

    from typer.testing import CliRunner

    import kehoach.graph.rdfstore as rdfstore
    from kehoach.cli import EXIT_ALL_FAILED, app

    trig = unloaded / "graph.trig"
    free = trig.stat().st_size * rdfstore.DISK_PER_TRIG - 1
    real = shutil.disk_usage
    monkeypatch.setattr(rdfstore.shutil, "disk_usage", lambda p: real(p)._replace(free=free))
    monkeypatch.setattr(rdfstore, "fill_store", lambda *a, **k: pytest.fail("the store was loaded"))
    with pytest.raises(QueryError, match=r"needs about .* on disk while it loads, and .* are free in .*"
                                         r"kehoach ask --engine cypher"):
        ask("district-plans-from", unloaded, engine="sparql")
    result = CliRunner().invoke(app, ["sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", "--graph", str(unloaded)])
    assert result.exit_code == EXIT_ALL_FAILED and "needs about" in result.output
    assert "loading the SPARQL store" not in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in unloaded.iterdir() if "oxigraph" in p.name) == []
    monkeypatch.undo()
    monkeypatch.setattr(rdfstore.shutil, "disk_usage", lambda p: real(p)._replace(free=free + 1))
    assert ask("district-plans-from", unloaded, engine="sparql")[1]  # with room, the same question loads it


def test_where_the_store_cannot_be_written_a_graph_too_big_for_memory_is_refused(unloaded, monkeypatch):
    """A read-only folder: the TriG is parsed into memory only when that fits (26x its size: 2.1 GB for 82 MB)."""
    import kehoach.graph.rdfstore as rdfstore

    def refuse(graph_dir):
        raise PermissionError(f"{graph_dir}: read-only file system")

    monkeypatch.setattr(rdfstore, "build_store", refuse)
    size = (unloaded / "graph.trig").stat().st_size
    monkeypatch.setattr(rdfstore, "available_memory", lambda: size * rdfstore.MEMORY_PER_TRIG - 1)
    with pytest.raises(QueryError, match="needs about .* in memory .*, and .* are of memory available"):
        ask("district-plans-from", unloaded, engine="sparql")
    monkeypatch.setattr(rdfstore, "available_memory", lambda: size * rdfstore.MEMORY_PER_TRIG)
    assert ask("district-plans-from", unloaded, engine="sparql")[1]


def test_a_disk_that_fills_up_while_the_store_loads_is_said_so(unloaded, monkeypatch):
    """No room after all (another program wrote meanwhile): said as such, not parsed into memory instead."""
    import errno

    import kehoach.graph.rdfstore as rdfstore

    def full(graph_dir):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rdfstore, "build_store", full)
    monkeypatch.setattr(rdfstore, "_parse_trig", lambda *a: pytest.fail("parsed into memory"))
    with pytest.raises(QueryError, match=r"could not be written in .* \(No space left on device\)"):
        ask("district-plans-from", unloaded, engine="sparql")


def test_a_question_asked_while_another_loads_the_store_waits_and_loads_nothing(seeds_dir, tmp_path, monkeypatch):
    """Two first questions at once each loaded the store, one replacing the other's folder under it ("Corruption:
    Sst file size mismatch"). Now the second waits for the first (its lock) and opens the store it loaded."""
    import subprocess
    import sys
    import threading

    from kehoach.graph import rdfstore
    from kehoach.graph.pipeline import build_paths

    out = tmp_path / "g"
    build_paths([seeds_dir], out, jobs=1, html=False, cypher=False)
    loader = subprocess.Popen([sys.executable, "-c", (
        "import sys\n"
        "from kehoach.graph.rdfstore import STORE_LOCK, build_store\n"
        "from kehoach.util import waiting_for\n"
        f"with waiting_for({str(out / rdfstore.STORE_LOCK)!r}):\n"
        "    print('locked', flush=True); sys.stdin.readline()\n"
        f"    build_store({str(out)!r})\n")], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    loads: list = []
    answers: dict = {}
    try:
        assert loader.stdout.readline().strip() == "locked"
        monkeypatch.setattr(rdfstore, "build_store", lambda d: loads.append(d))  # (a second load would show here)
        asker = threading.Thread(target=lambda: answers.update(a=ask("most-cited-documents", out, engine="sparql")))
        asker.start()
        asker.join(2)
        assert asker.is_alive()  # waiting for the loader
        loader.communicate("\n", timeout=120)
        asker.join(60)
    finally:
        if loader.poll() is None:
            loader.kill()
    assert not asker.is_alive() and loads == [] and answers["a"][1]


def test_a_federated_query_is_refused_before_anything_reaches_the_network(real_dir):
    """Nothing reaches the network at run time: Oxigraph would send a SERVICE block to the endpoint it names
    (its own HTTP client: here it failed on the name lookup, "SPARQL error: failed to lookup address")."""
    for query in ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                  "select * where { ?s ?p ?o . service silent <http://example.org/sparql> { ?s ?q ?r } }"):
        with pytest.raises(QueryError, match="offline"):
            run_sparql(real_dir, query)
    cols, rows = run_sparql(real_dir, 'SELECT ?o WHERE { ?s ?p ?o FILTER(?o = "SERVICE") } # SERVICE')
    assert cols == ["o"] and rows == []


def test_a_cypher_install_is_refused_before_anything_reaches_the_network(tmp_path):
    """ladybug's INSTALL downloads an extension from its site ("Failed to download extension: httpfs at URL
    https://extension.ladybugdb.com/…"): refused, as the rest of kehoach runs offline."""
    from kehoach.queries.cypher import run_cypher

    for query in ("INSTALL httpfs", "MATCH (n) RETURN count(n);\n  install json"):
        with pytest.raises(QueryError, match="offline"):
            run_cypher(tmp_path, query)


def _plan_text(unit: str, place: str, number: str, date: str, basis: str, year: int) -> str:
    """A short plan of our own: the issuer block, number, date, title, a basis sentence and one task."""
    return (f"ỦY BAN NHÂN DÂN\n{unit.upper()}\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
            f"Số: {number}\n\n{place}, ngày {date}\n\nKẾ HOẠCH\nCông tác thông tin đối ngoại {unit} năm {year}\n\n"
            f"{basis}, Ủy ban nhân dân {unit} xây dựng Kế hoạch như sau:\n\nI. NHIỆM VỤ\n\n"
            "1. Văn phòng HĐND và UBND chủ trì tuyên truyền về biên giới.\n")


@pytest.mark.parametrize("engine", ["cypher", "sparql"])
def test_district_plans_from_lists_commune_plans_with_no_district_plan_between(tmp_path, engine):
    # after the 2025 reform a commune's plan derives from its province's plan; before it, a commune's plan that
    # derives from its district's plan is not listed (it reaches the province through the district's plan)
    from kehoach.graph.pipeline import build_paths

    src = tmp_path / "in"
    src.mkdir()
    prov = "Thực hiện Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ"
    (src / "tinh.txt").write_text(_plan_text("tỉnh Tuyên Quang", "Tuyên Quang", "40/KH-UBND", "10 tháng 01 năm 2026",
                                             prov, 2026), encoding="utf-8")
    (src / "xa.txt").write_text(_plan_text(
        "xã Minh Xuân", "Minh Xuân", "05/KH-UBND", "20 tháng 01 năm 2026",
        "Thực hiện Kế hoạch số 40/KH-UBND ngày 10/01/2026 của UBND tỉnh Tuyên Quang", 2026), encoding="utf-8")
    (src / "tinh2024.txt").write_text(_plan_text("tỉnh Tuyên Quang", "Tuyên Quang", "12/KH-UBND",
                                                 "05 tháng 01 năm 2024", prov, 2024), encoding="utf-8")
    (src / "huyen.txt").write_text(_plan_text(
        "huyện Yên Sơn", "Yên Sơn", "08/KH-UBND", "15 tháng 01 năm 2024",
        "Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2024 của UBND tỉnh Tuyên Quang", 2024), encoding="utf-8")
    (src / "xa2024.txt").write_text(_plan_text(
        "xã Lực Hành", "Lực Hành", "03/KH-UBND", "25 tháng 01 năm 2024",
        "Thực hiện Kế hoạch số 08/KH-UBND ngày 15/01/2024 của UBND huyện Yên Sơn", 2024), encoding="utf-8")
    out = tmp_path / "out"
    build_paths([src], out, jobs=1, html=False, cypher=engine == "cypher")
    cols, rows = ask("district-plans-from", out, engine=engine)
    assert cols == ["provincial_plan", "district_plan", "district", "commune"]
    assert sorted(rows) == [["12/KH-UBND", "08/KH-UBND", "Yên Sơn", ""], ["40/KH-UBND", "05/KH-UBND", "", "xã Minh Xuân"]]
    assert ask("district-plans-from", out, engine=engine, params={"plan": "40/KH-UBND"})[1] == [
        ["40/KH-UBND", "05/KH-UBND", "", "xã Minh Xuân"]]
