"""Loading into a Bolt server (ArcadeDB started by the ``bolt_server`` fixture, tests/bolt.py) and running the
named questions there: idempotent batched MERGE, counts equal to the embedded database, same answers."""

from __future__ import annotations

import json
import socket

import pytest
from test_cypher_db import NASTY, gold_graph, nasty_graph, plain, question_cases

from kehoach.graph.neo4j import Neo4jError, load_graph, load_graph_dir
from kehoach.ontology.terms import NODE_LABELS, REL_TYPES
from kehoach.queries.cypher import run_cypher, run_neo4j
from kehoach.queries.runner import QueryError, ask

bolt = pytest.mark.bolt


def server_count(settings, query, params=None) -> int:
    return run_neo4j(query, params, **settings)[1][0][0]


def embedded_count(graph_dir, query) -> int:
    return run_cypher(graph_dir, query)[1][0][0]


@pytest.fixture(scope="module")
def seeds_loaded(bolt_server, seeds_graph_dir):
    """The seeds graph loaded twice into the server's ``seeds`` database: (settings, first, second summary)."""
    settings = bolt_server.settings("seeds")
    first = load_graph_dir(seeds_graph_dir, **settings, batch_size=50, progress=False)
    second = load_graph_dir(seeds_graph_dir, **settings, batch_size=50, progress=False)
    return settings, first, second


@pytest.fixture(scope="module")
def gold_loaded(bolt_server, gold, tmp_path_factory):
    """The gold records' graph (many tasks) in the server's ``kehoach`` database and in a ladybug folder."""
    from kehoach.graph.cypher_db import write_cypher_db
    from kehoach.graph.store import save_graph

    g = gold_graph(gold)
    out = tmp_path_factory.mktemp("gold-bolt")
    save_graph(g, out)
    write_cypher_db(g, out)
    settings = bolt_server.settings("kehoach")
    load_graph_dir(out, **settings, progress=False)
    return settings, out


@bolt
def test_loading_twice_creates_nothing_new_and_counts_match_the_embedded_db(seeds_loaded, seeds_graph_dir):
    settings, first, second = seeds_loaded
    nodes = embedded_count(seeds_graph_dir, "MATCH (n) RETURN count(n)")
    rels = embedded_count(seeds_graph_dir, "MATCH ()-[r]->() RETURN count(r)")
    assert nodes > 50 and rels > 50
    assert first["nodes_created"] == first["nodes"] == nodes
    assert first["relationships_created"] == first["relationships"] == rels
    assert first["constraints_added"] == len(NODE_LABELS)
    assert second["nodes_created"] == 0 and second["relationships_created"] == 0
    assert second["constraints_added"] == 0
    assert server_count(settings, "MATCH (n) RETURN count(n)") == nodes
    assert server_count(settings, "MATCH ()-[r]->() RETURN count(r)") == rels
    for label in NODE_LABELS:
        q = f"MATCH (n:{label}) RETURN count(n)"
        assert server_count(settings, q) == embedded_count(seeds_graph_dir, q) == first["labels"][label]["rows"]
    for rel in REL_TYPES:
        q = f"MATCH ()-[r:{rel}]->() RETURN count(r)"
        assert server_count(settings, q) == embedded_count(seeds_graph_dir, q)


@bolt
def test_loaded_properties_round_trip(seeds_loaded, seeds_graph_dir):
    settings, *_ = seeds_loaded
    q = ("MATCH (p:Plan) RETURN p.id AS id, p.number AS n, p.year AS y, p.ingested AS i, p.sources AS s "
         "ORDER BY id")
    assert run_neo4j(q, **settings) == run_cypher(seeds_graph_dir, q)
    q = ("MATCH (p:Plan)-[r:CITES]->(d) RETURN p.id AS src, d.id AS dst, r.role AS role, r.evidence AS e "
         "ORDER BY src, dst")
    server, embedded = run_neo4j(q, **settings)[1], run_cypher(seeds_graph_dir, q)[1]
    assert server == embedded and server
    assert all(isinstance(json.loads(r[3]), list) for r in server)


@bolt
@pytest.mark.parametrize("which", ["seeds", "gold"])
def test_every_question_answers_the_same_on_bolt_and_embedded(which, request):
    if which == "seeds":
        settings, *_ = request.getfixturevalue("seeds_loaded")
        graph_dir = request.getfixturevalue("seeds_graph_dir")
    else:
        settings, graph_dir = request.getfixturevalue("gold_loaded")
    compared = nonempty = 0
    for q, params in question_cases(graph_dir):
        embedded = ask(q.name, graph_dir, engine="cypher", params=params)
        server = ask(q.name, graph_dir, engine="neo4j", params=params, neo4j=settings)
        assert server[0] == embedded[0] == list(q.columns), q.name
        assert plain(server[1]) == plain(embedded[1]), (q.name, params)
        compared += 1
        nonempty += bool(server[1])
    assert compared >= 25 and nonempty >= 10


@bolt
def test_text_with_cypher_syntax_loads_as_plain_data(bolt_server, tmp_path):
    from kehoach.graph.store import save_graph

    g = nasty_graph()
    save_graph(g, tmp_path)
    settings = bolt_server.settings("scratch")
    summary = load_graph_dir(tmp_path, **settings, progress=False)
    assert summary["nodes_created"] == g.number_of_nodes()
    assert summary["relationships_created"] == g.number_of_edges()
    assert server_count(settings, "MATCH (n) RETURN count(n)") == g.number_of_nodes()
    cols, rows = run_neo4j("MATCH (a:Agency)-[:LEADS]->(t:Task) WHERE t.title = $title "
                           "RETURN a.name AS name, a.aliases AS aliases, t.title AS title", {"title": NASTY},
                           **settings)
    assert rows == [["Sở Ngoại vụ", [NASTY], NASTY]]
    _, rows = run_neo4j("MATCH (p:Plan) RETURN p.title AS t", **settings)
    assert rows == [[NASTY]]


@bolt
def test_cli_neo4j_load_prints_the_summary(bolt_server, gold, tmp_path):
    from typer.testing import CliRunner

    from kehoach.cli import app
    from kehoach.graph.store import save_graph

    save_graph(gold_graph(gold), tmp_path)
    s = bolt_server.settings("plain")
    args = ["neo4j", "load", "--graph", str(tmp_path), "--uri", s["uri"], "--user", s["user"],
            "--password", s["password"], "--database", s["database"], "--batch-size", "7"]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    created = json.loads(first.stdout.strip().splitlines()[-1])
    assert created["nodes_created"] > 200 and created["relationships_created"] > 500
    again = json.loads(runner.invoke(app, args).stdout.strip().splitlines()[-1])
    assert (again["nodes_created"], again["relationships_created"]) == (0, 0)


@bolt
def test_a_database_loaded_by_an_older_kehoach_says_to_load_it_again(bolt_server, gold, tmp_path):
    """MENTIONS got tasks_led / tasks_coordinated after the first releases. On a database loaded before, the
    ranking questions that read them would answer nothing: they say what is missing and how to mend it, and
    loading again (MERGE, then SET) mends it."""
    import neo4j

    from kehoach.graph.store import save_graph

    save_graph(gold_graph(gold), tmp_path)
    s = bolt_server.settings("older")
    load_graph_dir(tmp_path, **s, progress=False)
    _, expected = ask("agencies-by-tasks-led", tmp_path, engine="neo4j", neo4j=s)
    with neo4j.GraphDatabase.driver(s["uri"], auth=(s["user"], s["password"])) as driver, \
            driver.session(database=s["database"]) as session:
        session.run("MATCH ()-[m:MENTIONS]->() REMOVE m.tasks_led, m.tasks_coordinated").consume()
    for name in ("agencies-by-tasks-led", "agencies-by-tasks-led-per-province"):
        with pytest.raises(QueryError, match=r"reads MENTIONS\.tasks_led, .* run 'kehoach neo4j load"):
            ask(name, tmp_path, engine="neo4j", neo4j=s)
    assert ask("agency-tasks", tmp_path, engine="neo4j", neo4j=s,  # (a question that does not read them)
               params={"agency": "nonexistent"})[1] == []
    assert ask("agencies-by-tasks-led-overall", tmp_path, engine="neo4j", neo4j=s)[1]  # (counts the tasks)
    load_graph_dir(tmp_path, **s, progress=False)
    assert ask("agencies-by-tasks-led", tmp_path, engine="neo4j", neo4j=s)[1] == expected and expected


@bolt
def test_wrong_password_is_a_clear_error(bolt_server, tmp_path):
    g = nasty_graph()
    s = dict(bolt_server.settings("scratch"), password="wrong")
    with pytest.raises(Neo4jError, match="authentication failed"):
        load_graph(g, **s, progress=False)
    with pytest.raises(QueryError, match="authentication failed"):
        run_neo4j("RETURN 1 AS x", **s)


def test_unreachable_server_and_missing_graph_are_clear_errors(tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]          # nobody listens once closed
    uri = f"bolt://127.0.0.1:{port}"
    with pytest.raises(Neo4jError, match="cannot reach"):
        load_graph(nasty_graph(), uri=uri, user="neo4j", password="x", progress=False)
    with pytest.raises(Neo4jError, match="not found"):
        load_graph_dir(tmp_path, uri=uri, user="neo4j", password="x", progress=False)
    with pytest.raises(QueryError, match="cannot reach"):
        run_neo4j("RETURN 1", uri=uri, user="neo4j", password="x")


@bolt
def test_streamed_load_sends_what_the_held_graph_sends(bolt_server, seeds_graph_dir, tmp_path):
    """`load_graph_dir` streams graph.json (a national graph is never held); it sends the rows, and leaves out
    the edges, that loading the same graph held in memory does."""
    from kehoach.graph.neo4j import _saved_rows
    from kehoach.graph.store import load_graph as read_graph
    from kehoach.graph.store import save_graph

    g = read_graph(seeds_graph_dir)
    task = next(n for n, d in g.nodes(data=True) if d.get("kind") == "Task")
    plan = next(n for n, d in g.nodes(data=True) if d.get("kind") == "Plan")
    g.add_edge(task, plan, key="LEADS", rel="LEADS")  # the ontology does not allow it: left out
    save_graph(g, tmp_path)
    assert _saved_rows(tmp_path / "graph.json") == g.number_of_nodes() + g.number_of_edges()
    streamed = load_graph_dir(tmp_path, **bolt_server.settings("streamed"), batch_size=7, progress=False)
    held = load_graph(g, **bolt_server.settings("held"), batch_size=7, progress=False)
    assert streamed == held
    assert streamed["skipped_edges"] == 1 and streamed["relationships"] == g.number_of_edges() - 1
    assert streamed["nodes_created"] == g.number_of_nodes() > 50


@bolt
def test_a_damaged_graph_json_is_a_neo4j_error(bolt_server, tmp_path):
    from kehoach.graph.store import save_graph

    save_graph(nasty_graph(), tmp_path)
    path = tmp_path / "graph.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"kind":"Task"', '"kind":Task'), encoding="utf-8")
    with pytest.raises(Neo4jError, match=r"graph.json is damaged \(line \d+:"):
        load_graph_dir(tmp_path, **bolt_server.settings("scratch"), progress=False)
