"""The embedded Cypher database (ladybug): schema from the ontology, bulk load, atomic writes, read-only queries,
and the named Cypher questions agreeing with their SPARQL twins on real data."""

from __future__ import annotations

import json
from pathlib import Path

import ladybug
import networkx as nx
import pytest

import kehoach.graph.cypher_db as cypher_db
from kehoach.graph.cypher_db import DB_NAME, write_cypher_db
from kehoach.graph.rows import node_rows, rel_rows
from kehoach.ontology.terms import NODE_LABELS, REL_TYPES
from kehoach.queries.cypher import run_cypher
from kehoach.queries.runner import QueryError, ask, list_questions

NASTY = 'Sở "Ngoại vụ" \\ }) MATCH (n) DETACH DELETE n //'


def gold_graph(gold) -> nx.MultiDiGraph:
    from kehoach.graph.build import build_graph
    from kehoach.ingest.models import ExtractedDocument

    return build_graph([ExtractedDocument.from_dict(d) for d in gold["documents"]])


def nasty_graph() -> nx.MultiDiGraph:
    """A plan whose task title and agency alias carry quote, backslash, '})' and a destructive Cypher clause."""
    from kehoach.graph.build import build_graph
    from kehoach.ingest.models import ExtractedDocument

    rec = ExtractedDocument.from_dict({
        "file": "nasty.txt", "kind": "plan",
        "plan": {"number": "7/KH-UBND", "doc_type": "Kế hoạch", "date": "2024-02-01", "title": NASTY,
                 "issuer": {"name": "Ủy ban nhân dân", "jurisdiction": "tỉnh Lai Châu"}, "province": "Lai Châu",
                 "level": "province"},
        "tasks": [{"ref": "1", "title": NASTY, "leads": ["Sở Ngoại vụ"], "coordinators": ["Công an"]},
                  {"ref": "2", "title": "Tuyên truyền", "leads": ["Công an"], "coordinators": []}],
        "agencies": [{"name": "Sở Ngoại vụ", "jurisdiction": "tỉnh Lai Châu", "collective": False,
                      "aliases": [NASTY]},
                     {"name": "Công an", "jurisdiction": "tỉnh Lai Châu", "collective": False, "aliases": []}],
    })
    return build_graph([rec])


@pytest.fixture(scope="module")
def gold_dir(gold, tmp_path_factory) -> Path:
    """The graph of the gold records with every writer the questions need (graph.json, graph.lbug, graph.trig)."""
    from kehoach.graph.rdf import write_trig
    from kehoach.graph.store import save_graph

    g = gold_graph(gold)
    out = tmp_path_factory.mktemp("gold-graph")
    save_graph(g, out)
    write_cypher_db(g, out)
    write_trig(g, out / "graph.trig")
    return out


def count(graph_dir, query: str, params=None) -> int:
    return run_cypher(graph_dir, query, params)[1][0][0]


def question_params(graph_dir) -> dict[str, list[str]]:
    """Parameter values taken from the graph itself: plans with tasks or bases, cited numbers, busy agencies."""
    plans = run_cypher(graph_dir, "MATCH (p:Plan) WHERE p.ingested RETURN p.number AS n, p.title AS t ORDER BY n, t")[1]
    numbers = run_cypher(graph_dir, "MATCH (:Plan)-[:CITES]->(d) WHERE d.number <> '' "
                                    "RETURN DISTINCT d.number AS n ORDER BY n")[1]
    agencies = run_cypher(graph_dir, "MATCH (a:Agency)-[:LEADS|COORDINATES]->(t:Task) "
                                     "RETURN a.name AS a, count(t) AS c ORDER BY c DESC, a LIMIT 3")[1]
    provinces = run_cypher(graph_dir, "MATCH (p:Plan) WHERE p.province <> '' "
                                      "RETURN DISTINCT p.province AS p ORDER BY p LIMIT 2")[1]
    numbered = [n for n, _ in plans if n]
    return {"plan": [n or t for n, t in plans if n or t] + [numbered[0].lower().replace("/", " /")][:len(numbered)],
            "number": [n for (n,) in numbers[:4]], "agency": [a for a, _ in agencies] + ["không có cơ quan này"],
            "province": [p for (p,) in provinces] + [p.upper() for (p,) in provinces[:1]] + ["Atlantis"]}


def question_cases(graph_dir):
    values = question_params(graph_dir)
    for q in list_questions():
        combos = [{}]
        for p in q.params:
            options = ([""] if not p.required else []) + values[p.name]
            combos = [dict(c, **{p.name: v}) for c in combos for v in options]
        for params in combos:
            yield q, params


def plain(rows):
    return [["" if v is None else v for v in r] for r in rows]


# --- schema and load ---------------------------------------------------------------------------------------
def test_schema_is_generated_from_the_ontology(gold_dir):
    db = ladybug.Database(str(gold_dir / DB_NAME), read_only=True)
    conn = ladybug.Connection(db)
    tables = {r[1]: r[2] for r in conn.execute("CALL show_tables() RETURN *").get_all()}
    assert {n for n, t in tables.items() if t == "NODE"} == set(NODE_LABELS)
    assert {n for n, t in tables.items() if t == "REL"} == set(REL_TYPES)
    for rel, spec in REL_TYPES.items():
        pairs = {(r[0], r[1]) for r in conn.execute(f"CALL show_connection('{rel}') RETURN *").get_all()}
        assert pairs == set(spec.pairs), rel
    props = {r[1]: r[2] for r in conn.execute("CALL table_info('Plan') RETURN *").get_all()}
    assert props["year"] == "INT64" and props["sources"] == "STRING[]" and props["ingested"] == "BOOL"
    conn.close()
    db.close()


def test_every_node_and_edge_is_loaded(gold, gold_dir):
    g = gold_graph(gold)
    for label in NODE_LABELS:
        expected = sum(1 for _, d in g.nodes(data=True) if d["kind"] == label)
        assert count(gold_dir, f"MATCH (n:{label}) RETURN count(n)") == expected, label
    groups, skipped = rel_rows(g)
    assert not skipped
    for rel in REL_TYPES:
        expected = sum(1 for *_, k in g.edges(keys=True) if k == rel)
        assert count(gold_dir, f"MATCH ()-[r:{rel}]->() RETURN count(r)") == expected, rel
    assert count(gold_dir, "MATCH ()-[r]->() RETURN count(r)") == g.number_of_edges() > 300


def test_properties_keep_their_types_and_evidence(gold, gold_dir):
    g = gold_graph(gold)
    pid = next(n for n, d in g.nodes(data=True) if d["kind"] == "Plan" and d["number"] == "210/KH-UBND")
    cols, rows = run_cypher(gold_dir, "MATCH (p:Plan {id: $id}) RETURN p.year, p.ingested, p.sources, p.date",
                            {"id": pid})
    a = g.nodes[pid]
    assert rows == [[a["year"], True, a["sources"], "2023-11-01"]]
    assert len(a["sources"]) == 2                      # the article and the plan text are one node
    _, rows = run_cypher(gold_dir, "MATCH (a:Agency)-[r:LEADS]->(t:Task) RETURN a.id, t.id, r.sources, r.requested "
                                   "ORDER BY a.id, t.id")
    assert rows == [[u, v, d["sources"], d["requested"]] for u, v, k, d in
                    sorted(g.edges(keys=True, data=True)) if k == "LEADS"]


def test_evidence_is_stored_as_json_text(seeds_graph_dir):
    from kehoach.graph.store import load_graph

    g = load_graph(seeds_graph_dir)
    edges = [(u, v, d) for u, v, k, d in g.edges(keys=True, data=True) if k == "CITES" and d["evidence"]]
    assert len(edges) > 10
    for u, v, d in edges:
        _, rows = run_cypher(seeds_graph_dir, "MATCH (p:Plan {id: $u})-[r:CITES]->(d {id: $v}) "
                                              "RETURN r.evidence, r.sources, r.role", {"u": u, "v": v})
        evidence, sources, role = rows[0]
        assert json.loads(evidence) == d["evidence"] and sources == d["sources"] and role == d["role"]
        assert all(ev["text"] for ev in json.loads(evidence))


def test_bulk_load_runs_a_fixed_number_of_statements(monkeypatch, tmp_path):
    """One COPY per table, never per row nor per batch: 5 agencies or 500 cost the same number of statements,
    though 500 rows are spooled in many row groups."""
    calls = []
    real = ladybug.Connection.execute

    def spy(self, query, *args, **kwargs):
        calls.append(query)
        return real(self, query, *args, **kwargs)

    monkeypatch.setattr(ladybug.Connection, "execute", spy)
    monkeypatch.setattr(cypher_db, "ROW_GROUP_ROWS", 7)

    def graph(n):
        g = nx.MultiDiGraph()
        g.add_node("t", kind="Task", title="x")
        for i in range(n):
            g.add_node(f"a{i}", kind="Agency", name=f"Sở {i}")
            g.add_edge(f"a{i}", "t", key="LEADS", rel="LEADS")
        return g

    sizes = []
    for n in (5, 500):
        calls.clear()
        write_cypher_db(graph(n), tmp_path / str(n))
        sizes.append(len(calls))
        assert sum(q.startswith("COPY") for q in calls) == 3          # Task, Agency, LEADS
    assert sizes[0] == sizes[1]
    assert count(tmp_path / "500", "MATCH (:Agency)-[r:LEADS]->(:Task) RETURN count(r)") == 500
    assert count(tmp_path / "500", "MATCH (a:Agency) RETURN count(a)") == 500
    assert not [p for p in (tmp_path / "500").iterdir() if p.name != "graph.lbug"]  # no spool left behind


def test_big_tables_load_into_a_reopened_database_and_give_the_same_database(monkeypatch, tmp_path,
                                                                            seeds_graph_dir):
    """A table of REOPEN_ROWS rows or more is copied into a freshly opened database (ladybug keeps every earlier
    COPY's pages until it is closed): the database is the same as one opened database gives."""
    from kehoach.graph.cypher_db import write_cypher_db_from_saved

    whole = tmp_path / "whole"
    whole.mkdir()
    (whole / "graph.json").symlink_to(seeds_graph_dir / "graph.json")
    write_cypher_db_from_saved(whole)
    opened = []
    real_open = cypher_db._Opened._open
    monkeypatch.setattr(cypher_db._Opened, "_open", lambda self: (opened.append(self.path), real_open(self))[1])
    monkeypatch.setattr(cypher_db, "ROW_GROUP_ROWS", 7)
    monkeypatch.setattr(cypher_db, "REOPEN_ROWS", 20)
    reopened = tmp_path / "reopened"
    reopened.mkdir()
    (reopened / "graph.json").symlink_to(seeds_graph_dir / "graph.json")
    write_cypher_db_from_saved(reopened)
    assert len(opened) >= 6                      # the first, then Task, HAS_TASK, LEADS, MENTIONS, …
    a, b = _dump(whole), _dump(reopened)
    assert sum(map(len, a.values())) > 500 and a == b
    assert sorted(p.name for p in reopened.iterdir()) == ["graph.json", "graph.lbug"]


def test_a_failed_write_leaves_the_previous_database(monkeypatch, tmp_path):
    g = nasty_graph()
    write_cypher_db(g, tmp_path)
    before = count(tmp_path, "MATCH (n) RETURN count(n)")
    real = cypher_db._copy

    def failing(conn, table, frame, options=""):
        if table == "LEADS":
            raise RuntimeError("disk full")
        return real(conn, table, frame, options)

    monkeypatch.setattr(cypher_db, "_copy", failing)
    g.add_node("extra", kind="Person", name="Nguyễn Văn A")
    with pytest.raises(RuntimeError, match="disk full"):
        write_cypher_db(g, tmp_path)
    assert count(tmp_path, "MATCH (n) RETURN count(n)") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [DB_NAME]


def test_edges_the_ontology_does_not_allow_are_left_out_and_reported():
    g = nx.MultiDiGraph()
    g.add_node("t", kind="Task")
    g.add_node("p", kind="Plan")
    g.add_edge("t", "p", key="HAS_TASK", rel="HAS_TASK")          # reversed
    g.add_edge("p", "t", key="DROP", rel="DROP")                  # unknown type
    groups, skipped = rel_rows(g)
    assert groups == {} and len(skipped) == 2
    assert any("unknown type 'DROP'" in s for s in skipped)
    assert node_rows(g)["Task"][0]["requested"] is False


# --- queries -----------------------------------------------------------------------------------------------
def test_queries_are_read_only_and_errors_are_query_errors(gold_dir, tmp_path):
    n = count(gold_dir, "MATCH (n) RETURN count(n)")
    with pytest.raises(QueryError, match="read-only"):
        run_cypher(gold_dir, "MATCH (n) DETACH DELETE n")
    with pytest.raises(QueryError, match="Cypher error"):
        run_cypher(gold_dir, "MATCH (n RETURN n")
    with pytest.raises(QueryError, match="not found"):
        run_cypher(tmp_path, "MATCH (n) RETURN n")
    assert count(gold_dir, "MATCH (n) RETURN count(n)") == n


def test_text_with_cypher_syntax_is_stored_and_matched_as_data(tmp_path):
    g = nasty_graph()
    write_cypher_db(g, tmp_path)
    assert count(tmp_path, "MATCH (n) RETURN count(n)") == g.number_of_nodes()
    _, rows = run_cypher(tmp_path, "MATCH (a:Agency)-[:LEADS]->(t:Task) WHERE t.title = $title "
                                   "RETURN a.name, a.aliases, t.title", {"title": NASTY})
    assert rows == [["Sở Ngoại vụ", [NASTY], NASTY]]
    cols, rows = ask("agencies-by-tasks-led", tmp_path, engine="cypher", params={"plan": "7/KH-UBND"})
    assert [r[1:] for r in rows] == [["Công an", "tỉnh Lai Châu", 1], ["Sở Ngoại vụ", "tỉnh Lai Châu", 1]]


def test_agencies_by_tasks_led_matches_the_gold_counts(gold, gold_dir):
    """Nghệ An's 978/KH-UBND: how many tasks each agency leads, as the hand annotation counts them."""
    expected = gold["counts"]["003_7ee35a000a85f826.txt"]["by_lead"]
    cols, rows = ask("agencies-by-tasks-led", gold_dir, engine="cypher", params={"plan": "978/KH-UBND"})
    assert cols == ["plan", "agency", "jurisdiction", "tasks"]
    assert {r[1]: r[3] for r in rows} == expected
    assert rows[0][1:] == ["Sở Thông tin và Truyền thông", "tỉnh Nghệ An", 18]
    assert [r[3] for r in rows] == sorted((r[3] for r in rows), reverse=True)


def test_aggregate_questions_count_what_the_graph_holds(gold, gold_dir):
    """The counting questions (rewritten with count(*) for speed) give the counts taken from the graph itself."""
    from collections import Counter

    g = gold_graph(gold)
    kind = {n: d.get("kind") for n, d in g.nodes(data=True)}
    leads = [(u, v) for u, v, k in g.edges(keys=True) if k == "LEADS"]
    by_name = Counter(g.nodes[u]["name"] for u, _ in leads)
    by_province = Counter((g.nodes[p].get("province") or "", g.nodes[u]["name"])
                          for u, t in leads for p in g.predecessors(t) if kind[p] == "Plan")
    timeframes = Counter(d.get("timeframe") or "" for _, d in g.nodes(data=True) if d.get("kind") == "Task")
    citing = Counter(v for u, v, k in g.edges(keys=True) if k == "CITES" and kind[u] == "Plan")
    assert len(leads) > 50 and len(by_name) > 10

    overall = ask("agencies-by-tasks-led-overall", gold_dir, engine="cypher")[1]
    assert {r[0]: r[2] for r in overall} == dict(by_name)
    per_province = ask("agencies-by-tasks-led-per-province", gold_dir, engine="cypher")[1]
    assert {(r[0], r[1]): r[2] for r in per_province} == dict(by_province)
    assert {r[0]: r[1] for r in ask("tasks-by-timeframe", gold_dir, engine="cypher")[1]} == dict(timeframes)
    most_cited = ask("most-cited-documents", gold_dir, engine="cypher")[1]
    assert sorted(r[3] for r in most_cited) == sorted(citing.values())


def test_every_question_has_a_cypher_version_with_the_same_columns(gold_dir):
    questions = list_questions()
    assert len(questions) >= 14
    for q in questions:
        path = q.path("cypher")
        assert path.exists(), path.name
        text = path.read_text(encoding="utf-8")
        assert text.startswith("// description: ")
        assert f"// columns: {', '.join(q.columns)}" in text
        params = {p.name: "x" for p in q.params}
        assert run_cypher(gold_dir, text, params)[0] == list(q.columns), q.name


@pytest.mark.parametrize("which", ["gold", "seeds"])
def test_cypher_and_sparql_answer_every_question_alike(which, request):
    graph_dir = request.getfixturevalue("gold_dir" if which == "gold" else "seeds_graph_dir")
    compared = nonempty = 0
    for q, params in question_cases(graph_dir):
        c_cols, c_rows = ask(q.name, graph_dir, engine="cypher", params=params)
        s_cols, s_rows = ask(q.name, graph_dir, engine="sparql", params=params)
        assert c_cols == s_cols == list(q.columns), q.name
        assert plain(c_rows) == plain(s_rows), (q.name, params)
        compared += 1
        nonempty += bool(c_rows)
    assert compared >= 25 and nonempty >= 10


def _dump(graph_dir) -> dict[str, list]:
    """Every node (per label) and relationship (per type) of a database, with all properties, sorted."""
    out = {}
    for label, spec in NODE_LABELS.items():
        cols = ", ".join(f"n.{p}" for p, _ in spec.all_props)
        out[label] = sorted(map(repr, run_cypher(graph_dir, f"MATCH (n:{label}) RETURN {cols}")[1]))
    for rel, spec in REL_TYPES.items():
        cols = ", ".join(f"r.{p}" for p, _ in spec.all_props)
        out[rel] = sorted(map(repr, run_cypher(graph_dir, f"MATCH (a)-[r:{rel}]->(b) RETURN a.id, b.id, {cols}")[1]))
    return out


def test_the_child_process_writer_loads_the_same_database(seeds_dir, tmp_path):
    """`kehoach build` of a big graph loads the Cypher DB from graph.json in a child process, in parallel with
    the RDF writer: forced here on the seeds, it must give the database the in-process writer gives."""
    from kehoach.graph.pipeline import build_paths

    inproc = build_paths([seeds_dir], tmp_path / "a", jobs=1, html=False, rdf=False, child_writers=False)
    child = build_paths([seeds_dir], tmp_path / "b", jobs=1, html=False, child_writers=True)
    assert "writers_wait" in child["timings_s"] and "writers_wait" not in inproc["timings_s"]
    assert (tmp_path / "b" / "graph.trig").exists()
    a, b = _dump(tmp_path / "a"), _dump(tmp_path / "b")
    assert sum(map(len, a.values())) > 500 and a == b


def test_a_build_folder_with_quotes_in_its_name_loads(tmp_path):
    """The spool files are named in a COPY statement: a quote or backslash in the folder is a literal."""
    g = nx.MultiDiGraph()
    g.add_node("a", kind="Agency", name="Sở Ngoại vụ")
    g.add_node("t", kind="Task", title="x")
    g.add_edge("a", "t", key="LEADS", rel="LEADS")
    out = tmp_path / "it's a \\ dir"
    out.mkdir()
    write_cypher_db(g, out)
    assert count(out, "MATCH (:Agency)-[r:LEADS]->(:Task) RETURN count(r)") == 1


@pytest.mark.parametrize("name", ["agency-tasks", "plans-missing-standard-bases", "requests-to-party-bodies",
                                  "plans-by-province"])
def test_listing_questions_narrow_to_one_province(gold, gold_dir, name):
    """The national listings take an optional province: each province's rows are the rows of that province's
    plans in the full listing (taken from the graph), and the provinces' rows together are the full listing."""
    from kehoach.queries.runner import ask

    g = gold_graph(gold)
    agency = {"agency": "Sở Ngoại vụ"} if name == "agency-tasks" else {}
    cols, whole = ask(name, gold_dir, engine="cypher", params=agency)
    provinces = sorted({d["province"] for _, d in g.nodes(data=True) if d.get("kind") == "Plan" and d["province"]})
    plan_of = {}  # listed plan name -> its province
    for _, d in g.nodes(data=True):
        if d.get("kind") == "Plan":
            plan_of.setdefault(d["number"] or d["title"], d["province"])
    col = cols.index("plan")
    together = []
    for prov in provinces:
        _, rows = ask(name, gold_dir, engine="cypher", params=dict(agency, province=prov.upper()))
        assert rows == [r for r in whole if plan_of.get(r[col]) == prov], prov
        together += rows
    assert len(provinces) >= 2 and whole
    assert sorted(map(tuple, together)) == sorted(map(tuple, (r for r in whole if plan_of.get(r[col]))))


def test_a_database_written_by_an_older_kehoach_says_to_rebuild(tmp_path, seeds_graph_dir):
    """A graph.lbug without a property the questions now read (MENTIONS.tasks_led, added later) fails with the
    engine's error plus what is missing and the command that rewrites it."""
    from kehoach.graph.cypher_db import write_cypher_db_from_saved

    (tmp_path / "graph.json").symlink_to(seeds_graph_dir / "graph.json")
    path = write_cypher_db_from_saved(tmp_path)
    assert ask("agencies-by-tasks-led-per-province", tmp_path, engine="cypher")[1]
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute("ALTER TABLE MENTIONS DROP tasks_led")
    conn.close()
    db.close()
    with pytest.raises(QueryError) as err:
        ask("agencies-by-tasks-led-per-province", tmp_path, engine="cypher")
    assert "tasks_led" in str(err.value) and "older kehoach" in str(err.value) and "kehoach build" in str(err.value)
    with pytest.raises(QueryError) as err:            # an error of the query itself gets no such hint
        run_cypher(seeds_graph_dir, "MATCH (p:Plan) RETURN p.no_such_property")
    assert "older kehoach" not in str(err.value)
