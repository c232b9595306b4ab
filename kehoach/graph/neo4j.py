"""Load a built graph into Neo4j (or any server speaking Bolt) with the official ``neo4j`` driver.

Order: a uniqueness constraint on ``id`` per label, then one batched statement per label and per
(relationship type, from label, to label)::

    UNWIND $rows AS row MERGE (n:Label {id: row.id}) SET n += row.props
    UNWIND $rows AS row MATCH (a:From {id: row.src}) MATCH (b:To {id: row.dst}) MERGE (a)-[r:TYPE]->(b) SET r += row.props

Labels and types come only from :mod:`kehoach.ontology.terms` (checked); every value travels as a parameter.
Each batch runs in a managed transaction (``session.execute_write``: retried on transient errors), so a
failed run can simply be repeated. MERGE makes loading idempotent: a second load creates nothing. The rows are
the ones the embedded database gets (:mod:`kehoach.graph.rows`), streamed from ``graph.json``: a national
graph is never held in memory, and each kind of row is sent in batches as it comes.

>>> node_statement("Agency")
'UNWIND $rows AS row MERGE (n:Agency {id: row.id}) SET n += row.props'
>>> connection_settings(uri="bolt://127.0.0.1:7687", user="neo4j", password="pw")["database"] is None
True
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kehoach.graph.rows import SavedRows, iter_node_rows, iter_rel_rows
from kehoach.ontology.terms import NODE_LABELS, REL_TYPES, check_label, check_rel


class Neo4jError(RuntimeError):
    """The server could not be reached, refused the credentials, or failed a statement."""


def connection_settings(uri: str | None = None, user: str | None = None, password: str | None = None,
                        database: str | None = None) -> dict[str, Any]:
    """Explicit settings, else NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE, else defaults.

    >>> connection_settings(uri="neo4j://db:7687", user="u", password="p", database="kh")["uri"]
    'neo4j://db:7687'
    """
    env = os.environ
    return {"uri": uri or env.get("NEO4J_URI") or "bolt://localhost:7687",
            "user": user or env.get("NEO4J_USERNAME") or "neo4j",
            "password": password if password is not None else env.get("NEO4J_PASSWORD", ""),
            "database": database or env.get("NEO4J_DATABASE") or None}


def open_driver(uri: str, user: str, password: str):
    """A verified ``neo4j`` driver, or Neo4jError saying why not (doctest-free: needs a server)."""
    import neo4j
    from neo4j import exceptions as nexc

    try:
        driver = neo4j.GraphDatabase.driver(uri, auth=(user, password), max_transaction_retry_time=60)
        driver.verify_connectivity()
    except nexc.AuthError as err:
        raise Neo4jError(f"{uri}: authentication failed for user {user!r} ({err.message})") from None
    except (nexc.ServiceUnavailable, OSError) as err:
        raise Neo4jError(f"{uri}: cannot reach the Bolt server ({err})") from None
    except (nexc.DriverError, nexc.Neo4jError, ValueError) as err:
        raise Neo4jError(f"{uri}: {err}") from None
    return driver


def constraint_statement(label: str) -> str:
    """The uniqueness constraint on ``id`` for a whitelisted label.

    >>> constraint_statement("Plan")
    'CREATE CONSTRAINT kehoach_plan_id IF NOT EXISTS FOR (n:Plan) REQUIRE n.id IS UNIQUE'
    """
    label = check_label(label)
    return f"CREATE CONSTRAINT kehoach_{label.lower()}_id IF NOT EXISTS FOR (n:{label}) REQUIRE n.id IS UNIQUE"


def node_statement(label: str) -> str:
    """The batched MERGE of nodes of one whitelisted label (rows: ``{"id", "props"}``)."""
    return f"UNWIND $rows AS row MERGE (n:{check_label(label)} {{id: row.id}}) SET n += row.props"


def rel_statement(rel: str, src: str, dst: str) -> str:
    """The batched MERGE of relationships of one type between two labels (rows: ``{"src", "dst", "props"}``).

    >>> rel_statement("LEADS", "Agency", "Task")[:65]
    'UNWIND $rows AS row MATCH (a:Agency {id: row.src}) MATCH (b:Task '
    """
    if (src, dst) not in REL_TYPES[check_rel(rel)].pairs:
        raise ValueError(f"{src} -[{rel}]-> {dst} is not allowed by the ontology")
    return (f"UNWIND $rows AS row MATCH (a:{check_label(src)} {{id: row.src}}) "
            f"MATCH (b:{check_label(dst)} {{id: row.dst}}) MERGE (a)-[r:{rel}]->(b) SET r += row.props")


def _run_batch(tx, statement: str, rows: list[dict]) -> dict[str, int]:
    counters = tx.run(statement, rows=rows).consume().counters
    return {"nodes_created": counters.nodes_created, "relationships_created": counters.relationships_created,
            "properties_set": counters.properties_set}


def _run_schema(tx, statement: str) -> int:
    return tx.run(statement).consume().counters.constraints_added


def load_graph(g: nx.MultiDiGraph, uri: str, user: str, password: str, database: str | None = None,
               batch_size: int = 1000, progress: bool = True) -> dict[str, Any]:
    """Load ``g`` into the Bolt server; return the summary (see :func:`load_graph_dir`)."""
    skipped: list[str] = []
    return load_rows(iter_node_rows(g), lambda: iter_rel_rows(g, skipped), skipped,
                     g.number_of_nodes() + g.number_of_edges(), uri, user, password, database, batch_size, progress)


def load_rows(nodes: Iterable[tuple[str, dict[str, Any]]],
              rels: Callable[[], Iterable[tuple[tuple[str, str, str], dict[str, Any]]]], skipped: list[str],
              total: int | None, uri: str, user: str, password: str, database: str | None = None,
              batch_size: int = 1000, progress: bool = True) -> dict[str, Any]:
    """Load rows (as :mod:`kehoach.graph.rows` gives them: ``nodes``, then what ``rels()`` yields) into the Bolt
    server, each kind of row in batches of ``batch_size`` as it comes (no more than one batch of each kind is
    held); ``skipped``: the edges left out, filled by then; ``total``: rows expected (for the progress bar).
    Returns the summary (see :func:`load_graph_dir`)."""
    from neo4j import exceptions as nexc

    if batch_size < 1:
        raise Neo4jError("batch size must be at least 1")
    summary: dict[str, Any] = {
        "nodes": 0, "relationships": 0,
        "nodes_created": 0, "relationships_created": 0, "properties_set": 0, "constraints_added": 0,
        "labels": {label: {"rows": 0, "created": 0} for label in NODE_LABELS},
        "types": {rel: {"rows": 0, "created": 0} for rel in REL_TYPES}, "skipped_edges": 0}
    driver = open_driver(uri, user, password)
    try:
        with driver.session(database=database) as session, _progress(progress) as bar:
            task = bar.add_task("constraints", total=total)
            for label in NODE_LABELS:
                summary["constraints_added"] += session.execute_write(_run_schema, constraint_statement(label))

            def send_nodes(label: str, batch: list[dict]) -> None:
                bar.update(task, description=f"nodes {label}")
                c = session.execute_write(_run_batch, node_statement(label), batch)
                _add(summary, c)
                summary["nodes"] += len(batch)
                summary["labels"][label]["rows"] += len(batch)
                summary["labels"][label]["created"] += c["nodes_created"]
                bar.advance(task, len(batch))

            def send_rels(group: tuple[str, str, str], batch: list[dict]) -> None:
                rel, src, dst = group
                bar.update(task, description=f"rels {src}-{rel}->{dst}")
                c = session.execute_write(_run_batch, rel_statement(rel, src, dst), batch)
                _add(summary, c)
                summary["relationships"] += len(batch)
                summary["types"][rel]["rows"] += len(batch)
                summary["types"][rel]["created"] += c["relationships_created"]
                bar.advance(task, len(batch))

            _batched(((label, {"id": r["id"], "props": {k: v for k, v in r.items() if k != "id"}})
                      for label, r in nodes), batch_size, send_nodes)
            _batched(((group, {"src": r["from"], "dst": r["to"],
                               "props": {k: v for k, v in r.items() if k not in ("from", "to")}})
                      for group, r in rels()), batch_size, send_rels)
    except nexc.AuthError as err:
        raise Neo4jError(f"{uri}: authentication failed for user {user!r} ({err.message})") from None
    except (nexc.Neo4jError, nexc.DriverError) as err:
        raise Neo4jError(f"{uri}: loading failed: {err}") from None
    finally:
        driver.close()
    summary["skipped_edges"] = len(skipped)
    summary["types"] = {k: v for k, v in summary["types"].items() if v["rows"]}
    return summary


def _batched(rows: Iterable[tuple[Any, dict]], size: int, send: Callable[[Any, list[dict]], None]) -> None:
    """Group ``(kind, row)`` pairs by kind and ``send(kind, batch)`` every ``size`` rows of a kind as they come,
    then what is left of each kind, in the order the kinds first came.

    >>> sent = []; _batched([("a", 1), ("b", 2), ("a", 3), ("a", 4)], 2, lambda k, b: sent.append((k, b)))
    >>> sent
    [('a', [1, 3]), ('a', [4]), ('b', [2])]
    """
    waiting: dict[Any, list] = {}
    for kind, row in rows:
        batch = waiting.setdefault(kind, [])
        batch.append(row)
        if len(batch) >= size:
            send(kind, batch)
            waiting[kind] = []
    for kind, batch in waiting.items():
        if batch:
            send(kind, batch)


def _add(summary: dict, counters: dict[str, int]) -> None:
    for key, value in counters.items():
        summary[key] += value


def _progress(enabled: bool):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    return Progress(TextColumn("{task.description:<40}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True, disable=not enabled)


def load_graph_dir(graph_dir: str | Path, uri: str | None = None, user: str | None = None,
                   password: str | None = None, database: str | None = None, batch_size: int = 1000,
                   progress: bool = True) -> dict[str, Any]:
    """Load the graph a ``kehoach build`` wrote into ``graph_dir`` into a Neo4j/Bolt server.

    Returns a summary: ``nodes`` / ``relationships`` (rows sent), ``nodes_created`` /
    ``relationships_created`` / ``properties_set`` / ``constraints_added`` (the server's counters),
    ``labels`` and ``types`` ({name: {"rows", "created"}}), ``skipped_edges``. Raises Neo4jError.

    >>> load_graph_dir("out", uri="bolt://127.0.0.1:7687")  # doctest: +SKIP
    {'nodes': 412, 'relationships': 1187, 'nodes_created': 412, 'relationships_created': 1187, ...}
    """
    from kehoach.graph.store import GRAPH_FILE, DamagedGraph, saved_graph_attrs
    from kehoach.graph.store import load_graph as read_graph

    settings = connection_settings(uri, user, password, database)
    path = Path(graph_dir) / GRAPH_FILE
    try:
        saved_graph_attrs(graph_dir)
    except FileNotFoundError:
        raise Neo4jError(f"{path} not found: run 'kehoach build PATH --out {graph_dir}' first") from None
    except ValueError:  # another node-link file: read whole
        try:
            g = read_graph(graph_dir)
        except DamagedGraph as err:
            raise Neo4jError(str(err)) from None
        return load_graph(g, settings["uri"], settings["user"], settings["password"], settings["database"],
                          batch_size=batch_size, progress=progress)
    rows = SavedRows(graph_dir)  # streamed: a national graph is never held (12 GB at 100k plans)
    try:
        return load_rows(rows.nodes(), rows.rels, rows.skipped, _saved_rows(path), settings["uri"],
                         settings["user"], settings["password"], settings["database"], batch_size=batch_size,
                         progress=progress)
    except DamagedGraph as err:  # what came before the damage is loaded: loading again after a build is safe
        raise Neo4jError(f"{err} (the rows before it were loaded)") from None


def _saved_rows(path: Path) -> int:
    """How many nodes and edges a ``graph.json`` written by ``save_graph`` holds (one per line), counted fast."""
    lines = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 24):
            lines += chunk.count(b"\n")
    return max(0, lines - 3)  # the head, the line between links and nodes, the end
