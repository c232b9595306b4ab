"""Run Cypher: on the embedded ladybug database of a build folder (read-only), or on a Neo4j/Bolt server.

Both return ``(columns, rows)`` (rows are lists, in the query's order) and raise
:class:`kehoach.queries.runner.QueryError` with a one-line reason. User values only ever travel as parameters.

>>> import networkx as nx, tempfile
>>> from kehoach.graph.cypher_db import write_cypher_db
>>> g = nx.MultiDiGraph(); g.add_node("a1", kind="Agency", name="Sở Ngoại vụ", jurisdiction="tỉnh Nghệ An")
>>> d = tempfile.mkdtemp(); _ = write_cypher_db(g, d)
>>> run_cypher(d, "MATCH (a:Agency) WHERE a.name = $name RETURN a.jurisdiction AS j", {"name": "Sở Ngoại vụ"})
(['j'], [['tỉnh Nghệ An']])
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from kehoach.graph.cypher_db import db_path
from kehoach.queries.runner import QueryError
from kehoach.util import paused_gc

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def used_params(query: str, params: dict[str, Any] | None) -> dict[str, Any]:
    """The subset of ``params`` the query refers to as ``$name``.

    >>> used_params("MATCH (p:Plan) WHERE p.number = $plan RETURN p", {"plan": "99/KH-UBND", "x": 1})
    {'plan': '99/KH-UBND'}
    """
    names = set(_PARAM.findall(query))
    return {k: v for k, v in (params or {}).items() if k in names}


@lru_cache(maxsize=4)
def _open(path: str, ino: int, mtime_ns: int, size: int):
    import ladybug

    return ladybug.Database(path, read_only=True)


def open_database(path: str | Path):
    """The read-only ``ladybug.Database`` of a database file, opened once per process and reused while the file
    is the same (inode, mtime, size): opening costs tens to hundreds of ms, a small query about one.

    >>> import networkx as nx, tempfile
    >>> from kehoach.graph.cypher_db import write_cypher_db
    >>> d = tempfile.mkdtemp(); p = write_cypher_db(nx.MultiDiGraph(), d)
    >>> open_database(p) is open_database(p)
    True
    """
    st = Path(path).stat()
    return _open(str(path), st.st_ino, st.st_mtime_ns, st.st_size)


# what is not Cypher syntax: strings, quoted names, comments (blanked out before looking for a statement)
_NOT_SYNTAX = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`|//[^\n]*|/\*.*?\*/', re.S)
_INSTALL = re.compile(r"(?i)(?:^|;)\s*INSTALL\b")


def refuse_install(query: str) -> None:
    """QueryError for an ``INSTALL`` statement: ladybug downloads the extension it names from its site, and
    kehoach runs offline (the extensions it needs are in the package).

    >>> refuse_install("MATCH (a:Agency) WHERE a.name = 'INSTALL x' RETURN a // INSTALL")
    >>> try:
    ...     refuse_install("install httpfs; LOAD httpfs")
    ... except QueryError as err:
    ...     print(str(err)[:35])
    INSTALL (ladybug would download the
    """
    if _INSTALL.search(_NOT_SYNTAX.sub(" ", query)):
        raise QueryError("INSTALL (ladybug would download the extension from the network) is not run: kehoach "
                         "answers from the build folder alone, offline")


def run_cypher(graph_dir: str | Path, query: str, params: dict[str, Any] | None = None
               ) -> tuple[list[str], list[list[Any]]]:
    """Run ``query`` on ``graph_dir/graph.lbug`` opened read-only (see :func:`open_database`); the last
    statement's result."""
    import ladybug

    refuse_install(query)
    path = db_path(graph_dir)
    if not path.exists():
        raise QueryError(f"{path} not found: run 'kehoach build PATH --out {graph_dir}' (with --cypher) first")
    try:
        db = open_database(path)
    except RuntimeError as err:
        raise QueryError(f"{path}: cannot open the database: {err}") from None
    conn = ladybug.Connection(db)
    try:
        # tens of thousands of rows are as many new lists: the cyclic collector, triggered by allocations, would
        # otherwise run again and again while they are made (100k plans: half the time of a 30k-row answer)
        with paused_gc():
            result = conn.execute(query, used_params(query, params))
            if isinstance(result, list):
                result = result[-1]
            rows = [list(r) for r in result.get_all()]
        wide = [i for i, t in enumerate(result.get_column_data_types()) if t == "INT128"]
        for row in rows if wide else ():  # sum() of INT64 is an INT128, a Decimal in Python: an int, as on Neo4j
            for i in wide:
                if row[i] is not None:
                    row[i] = int(row[i])
        return list(result.get_column_names()), rows
    except RuntimeError as err:
        raise QueryError(f"Cypher error: {err}{_older_schema(conn, path, graph_dir)}") from None
    finally:
        conn.close()


def _older_schema(conn, path: Path, graph_dir: str | Path) -> str:
    """A hint to add to an error when the database lacks properties of the ontology (written by an older kehoach)."""
    from kehoach.graph.cypher_db import missing_columns

    try:
        missing = missing_columns(conn)
    except RuntimeError:
        return ""
    if not missing:
        return ""
    shown = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
    return (f" ({path} was written by an older kehoach and lacks {shown}: "
            f"run 'kehoach build PATH --out {graph_dir}' again)")


_CLAUSE_END = re.compile(r"\b(ORDER\s+BY|SKIP|LIMIT|UNION)\b", re.I)
_AS = re.compile(r"\s+AS\s+`?([^`\s]+)`?\s*$", re.I)


def _top_level(text: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside brackets and string literals."""
    parts, depth, quote, cur = [], 0, "", []
    for ch in text:
        if quote:
            quote = "" if ch == quote and (not cur or cur[-1] != "\\") else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def return_columns(query: str) -> list[str]:
    """The column names of a query's last RETURN clause (alias, else the expression as written).

    >>> return_columns("MATCH (a) RETURN DISTINCT a.name AS agency, count(DISTINCT t) AS tasks, a.x ORDER BY tasks")
    ['agency', 'tasks', 'a.x']
    """
    body = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("//"))
    found = list(re.finditer(r"\bRETURN\b", body, re.I))
    if not found:
        return []
    clause = body[found[-1].end():]
    end = _CLAUSE_END.search(clause)
    clause = re.sub(r"^\s*DISTINCT\b", "", clause[:end.start()] if end else clause, flags=re.I)
    cols = []
    for item in _top_level(clause):
        item = " ".join(item.split())
        m = _AS.search(item)
        cols.append(m.group(1) if m else item)
    return [c for c in cols if c]


def _plain(value: Any) -> Any:
    """Driver values as plain data: nodes and relationships become dicts of their properties."""
    from neo4j.graph import Node, Relationship
    from neo4j.graph import Path as GPath

    if isinstance(value, Node):
        return {"_labels": sorted(value.labels), **dict(value)}
    if isinstance(value, Relationship):
        return {"_type": value.type, **dict(value)}
    if isinstance(value, GPath):
        return [_plain(n) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def run_neo4j(query: str, params: dict[str, Any] | None = None, uri: str | None = None, user: str | None = None,
              password: str | None = None, database: str | None = None) -> tuple[list[str], list[list[Any]]]:
    """Run ``query`` in a read transaction on a Bolt server (settings as in ``kehoach neo4j load``).

    >>> run_neo4j("MATCH (a:Agency) RETURN a.name AS agency ORDER BY agency", uri="bolt://127.0.0.1:7687")  # doctest: +SKIP
    (['agency'], [['Sở Ngoại vụ'], ...])
    """
    from neo4j import exceptions as nexc

    from kehoach.graph.neo4j import Neo4jError, connection_settings, open_driver

    s = connection_settings(uri, user, password, database)
    try:
        driver = open_driver(s["uri"], s["user"], s["password"])
    except Neo4jError as err:
        raise QueryError(str(err)) from None

    def work(tx):
        result = tx.run(query, used_params(query, params))
        rows = [[_plain(v) for v in rec.values()] for rec in result]
        # ArcadeDB's Bolt endpoint sends no field names for an empty result; Neo4j always does
        columns = list(result.keys()) or (return_columns(query) if not rows else [])
        return columns, rows, (missing_properties(tx, query) if not rows else [])

    try:
        with driver.session(database=s["database"]) as session:
            columns, rows, missing = session.execute_read(work)
    except (nexc.Neo4jError, nexc.DriverError) as err:
        raise QueryError(f"Cypher error ({s['uri']}): {err}") from None
    finally:
        driver.close()
    if missing:
        raise QueryError(f"no answer: the query reads {', '.join(missing)}, which this database lacks (loaded by "
                         f"an older kehoach): run 'kehoach neo4j load GRAPH_DIR' again (it updates what is there)")
    return columns, rows


_READ = re.compile(r"\.\s*([A-Za-z_][A-Za-z0-9_]*)")


def missing_properties(tx, query: str) -> list[str]:
    """``Type.property`` / ``Label.property`` of the ontology that ``query`` reads and that the first relationship
    of that type (node of that label) in the database lacks: loaded by an older kehoach, before the property was
    added (each loaded element gets every property of its type, empty or not). ``tx``: a driver transaction."""
    from kehoach.ontology.terms import NODE_LABELS, REL_TYPES, check_label, check_rel

    read = set(_READ.findall(query))
    out = []
    for name, spec, pattern, sample in (
            [(r, t, rf"\[\s*\w*\s*:\s*{r}\b", f"MATCH ()-[x:{check_rel(r)}]->() RETURN keys(x) AS k LIMIT 1")
             for r, t in REL_TYPES.items()] +
            [(n, t, rf"\(\s*\w*\s*:\s*{n}\b", f"MATCH (x:{check_label(n)}) RETURN keys(x) AS k LIMIT 1")
             for n, t in NODE_LABELS.items()]):
        props = [p for p, _ in spec.all_props if p in read and p != "id"]
        if props and re.search(pattern, query):
            rec = tx.run(sample).single()
            if rec is not None:
                out += [f"{name}.{p}" for p in props if p not in rec["k"]]
    return out
