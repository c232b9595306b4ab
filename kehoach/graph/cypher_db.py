"""The embedded Cypher database: a ladybug (Kùzu fork) database file ``graph.lbug`` in the build folder.

The schema is generated from :mod:`kehoach.ontology.terms`: one node table per label (primary key ``id``) and one
relationship table per type, with every FROM/TO pair the ontology allows for it. Data is bulk-loaded with
``COPY ... FROM`` a Parquet spool file per node label and per (type, from, to) pair, never row by row, into a temporary
file that replaces ``graph.lbug`` only when complete.

The rows come from :mod:`kehoach.graph.rows`, as the Neo4j loader's and the exports' do, so every target holds
the same nodes and relationships.

>>> [s.split("(")[0] for s in schema_ddl()][:2]
['CREATE NODE TABLE Plan', 'CREATE NODE TABLE LegalDocument']
>>> "FROM Plan TO LegalDocument" in rel_table_ddl("CITES")
True
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kehoach.graph.rows import SavedRows, iter_node_rows, iter_rel_rows, node_row, rel_row
from kehoach.ontology.terms import NODE_LABELS, REL_TYPES, check_label, check_rel
from kehoach.util import atomic_path, paused_gc, release_memory

DB_NAME = "graph.lbug"
"""File name of the embedded database inside a build folder (a single ladybug database file)."""

ROW_GROUP_ROWS = 50_000
"""Rows gathered in memory per table before they are written to its Parquet spool file: bounds the memory of a
load whatever the size of the graph (each table is then loaded by one ``COPY``)."""
COPY_THREADS = 1
"""Threads of the writing database: the writer of a big build shares the cores with the RDF shares anyway, and one
thread's ``COPY`` needs less memory (at 100k plans, 3.7 against 4.1 GB at the peak; 9% more time alone)."""
REOPEN_ROWS = 200_000
"""A table of at least this many rows is copied into a freshly opened database: ladybug keeps the pages of every
earlier ``COPY`` in its buffer pool until the database is closed (at 100k plans it held 4 GB beside the last
relationship table's ``COPY``), and capping the pool instead makes the big ``COPY`` fail. With the memory the
spooling freed given back first, the writer's peak at 100k plans went from 5.6 to 4.1 GB, in the same time."""


def node_table_ddl(label: str) -> str:
    """The ``CREATE NODE TABLE`` statement of a whitelisted label.

    >>> node_table_ddl("Person")
    'CREATE NODE TABLE Person(id STRING, label STRING, sources STRING[], name STRING, title STRING, PRIMARY KEY(id))'
    """
    spec = NODE_LABELS[check_label(label)]
    cols = ", ".join(f"{name} {typ}" for name, typ in spec.all_props)
    return f"CREATE NODE TABLE {spec.name}({cols}, PRIMARY KEY(id))"


def rel_table_ddl(rel: str) -> str:
    """The ``CREATE REL TABLE`` statement of a whitelisted type, with every FROM/TO pair of the ontology.

    >>> rel_table_ddl("LEADS")
    'CREATE REL TABLE LEADS(FROM Agency TO Task, sources STRING[], evidence STRING, requested BOOLEAN)'
    """
    spec = REL_TYPES[check_rel(rel)]
    pairs = ", ".join(f"FROM {check_label(a)} TO {check_label(b)}" for a, b in spec.pairs)
    cols = ", ".join(f"{name} {typ}" for name, typ in spec.all_props)
    return f"CREATE REL TABLE {spec.name}({pairs}, {cols})"


def schema_ddl() -> list[str]:
    """Every DDL statement of the database: node tables first, then relationship tables."""
    return [node_table_ddl(n) for n in NODE_LABELS] + [rel_table_ddl(r) for r in REL_TYPES]


def _arrow_type(typ: str):
    import pyarrow as pa

    return {"STRING": pa.string(), "INT64": pa.int64(), "BOOLEAN": pa.bool_(),
            "STRING[]": pa.list_(pa.string())}[typ]


def _copy(conn, table: str, paths: list[str], options: str = "") -> None:
    """One bulk ``COPY`` of a whole table from its Parquet spool files (the paths are ours, quoted as literals)."""
    literals = ", ".join("'" + p.replace("\\", "\\\\").replace("'", "\\'") + "'" for p in paths)
    conn.execute(f"COPY {table} FROM [{literals}]{options}")


class _TableSpool:
    """Rows of one table gathered column-wise and written to a Parquet file every ``size`` rows (a row group:
    memory stays bounded); ``_Opened.copy`` then loads the whole file with one ``COPY``. A table copied once,
    into an empty table, is ladybug's bulk path: appending batch after batch to a large relationship table
    rewrote it each time (at 40k plans, 81 s of COPY against 29 s; at 100k plans, copying MENTIONS in parts of
    800k rows took 307 s for the second part)."""

    def __init__(self, path: Path, table: str, columns: tuple[tuple[str, str], ...], options: str = "",
                 size: int = 0):
        import pyarrow as pa

        self.table, self.columns, self.options = table, columns, options
        self.size = size or ROW_GROUP_ROWS
        self.path = path
        self.schema = pa.schema([(name, _arrow_type(typ)) for name, typ in columns])
        self.data: dict[str, list[Any]] = {name: [] for name, _ in columns}
        self.rows = 0
        self.written = False
        self._writer = None
        self.extra: list[tuple[Path, int]] = []  # (file, rows) written by another process for this table

    def add(self, row: dict[str, Any]) -> None:
        for name, col in self.data.items():
            col.append(row[name])
        if len(col) >= self.size:
            self._write()

    def _write(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        n = len(next(iter(self.data.values())))
        if not n:
            return
        if self._writer is None:
            self._writer = pq.ParquetWriter(str(self.path), self.schema, compression="none")
        self._writer.write_table(pa.table(self.data, schema=self.schema))
        self.data = {name: [] for name, _ in self.columns}
        self.rows += n

    def finish(self) -> None:
        """Write what is left and close the file (its rows leave memory)."""
        self._write()
        if self._writer is not None:
            self._writer.close()
            self._writer, self.written = None, True


def write_cypher_db(g: nx.MultiDiGraph, out_dir: str | Path) -> Path:
    """Write ``g`` as the ladybug database ``out_dir/graph.lbug`` (replaced atomically) and return its path.

    Rows are streamed from the graph into one Parquet spool file per table (row groups of ``ROW_GROUP_ROWS``),
    each then bulk-loaded by one ``COPY``.

    >>> import tempfile, ladybug
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("a", kind="Agency", label="Sở Ngoại vụ", name="Sở Ngoại vụ", aliases=["SNV"])
    >>> g.add_node("t", kind="Task", label="Tuyên truyền", title="Tuyên truyền")
    >>> _ = g.add_edge("a", "t", key="LEADS", rel="LEADS", sources=["x.txt"], evidence=[])
    >>> path = write_cypher_db(g, tempfile.mkdtemp())
    >>> conn = ladybug.Connection(ladybug.Database(str(path), read_only=True))
    >>> conn.execute("MATCH (a:Agency)-[:LEADS]->(t:Task) RETURN a.aliases, t.title").get_all()
    [[['SNV'], 'Tuyên truyền']]
    """
    return _write_db(Path(out_dir) / DB_NAME, iter_node_rows(g), lambda: iter_rel_rows(g))


def write_cypher_db_from_saved(graph_dir: str | Path, source: str | Path | None = None,
                               spilled: str | Path | None = None) -> Path:
    """Write ``graph_dir/graph.lbug`` from the ``graph.json`` saved there, streamed line by line: the graph is
    never held in memory (only each node's label, to type the relationships). Same database as
    :func:`write_cypher_db` of the loaded graph. ``source``: read that file (``graph.json``'s format)
    instead; ``spilled``: a :class:`RowSpool` folder holding the rows ``source`` lacks.

    >>> import tempfile, ladybug
    >>> from kehoach.graph.store import save_graph
    >>> g = nx.MultiDiGraph(); g.add_node("a", kind="Agency", name="Sở Ngoại vụ"); g.add_node("t", kind="Task")
    >>> _ = g.add_edge("a", "t", key="LEADS", rel="LEADS", sources=["x.txt"], evidence=[])
    >>> d = tempfile.mkdtemp(); _ = save_graph(g, d); path = write_cypher_db_from_saved(d)
    >>> conn = ladybug.Connection(ladybug.Database(str(path), read_only=True))
    >>> conn.execute("MATCH (a:Agency)-[r:LEADS]->(t:Task) RETURN a.name, r.sources").get_all()
    [['Sở Ngoại vụ', ['x.txt']]]
    """
    rows = SavedRows(source or graph_dir)
    return _write_db(Path(graph_dir) / DB_NAME, rows.nodes(), rows.rels, Path(spilled) if spilled is not None else None)


class _Opened:
    """The database being written and its connection; reopened before a big ``COPY`` (see ``REOPEN_ROWS``)."""

    def __init__(self, path: Path) -> None:
        self.path, self.copied = path, 0
        self._open()

    def _open(self) -> None:
        import ladybug

        self.db = ladybug.Database(str(self.path), max_num_threads=COPY_THREADS)
        self.conn = ladybug.Connection(self.db)

    def copy(self, table: _TableSpool) -> None:
        """Bulk-load the table's finished spool file and its ``extra`` files (nothing when no row came), then
        remove them."""
        table.finish()
        paths = ([table.path] if table.written else []) + [path for path, _ in table.extra]
        rows = table.rows + sum(n for _, n in table.extra)
        if not paths:
            return
        if rows >= REOPEN_ROWS and self.copied:
            self.close()
            self._open()
        try:
            _copy(self.conn, table.table, [str(p) for p in paths], table.options)
        finally:
            for path in paths:
                path.unlink(missing_ok=True)
        self.copied += rows

    def close(self) -> None:
        self.conn.close()
        self.db.close()


def _release_arrow() -> None:
    """Give the memory pyarrow's pool keeps for reuse back to the system (the spooling is over)."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def _new_table(folder: Path, key: str | tuple[str, str, str]) -> _TableSpool:
    """The spool of one table: a node label, or a (type, from label, to label) relationship group."""
    if isinstance(key, str):
        return _TableSpool(folder / f"{key}.parquet", check_label(key), NODE_LABELS[key].all_props)
    rel, src, dst = key
    cols = (("from", "STRING"), ("to", "STRING"), *REL_TYPES[rel].all_props)
    options = f" (from='{check_label(src)}', to='{check_label(dst)}')"
    return _TableSpool(folder / f"{rel}-{src}-{dst}.parquet", check_rel(rel), cols, options)


SPILLED_INDEX = "tables.json"
"""The index of a :class:`RowSpool`'s folder: [table key, file name, rows] of every file."""


class RowSpool:
    """The rows of the spilled tasks (their Task nodes and the edges at them; see ``kehoach.graph.spill``),
    spooled as they come into one Parquet file per table in ``folder``, with an index: what
    :func:`write_cypher_db_from_saved` loads beside its own rows when given the folder as ``spilled``.

    >>> import tempfile, json
    >>> d = Path(tempfile.mkdtemp()) / "rows"; spool = RowSpool(d)
    >>> spool.node("p/task/1", {"kind": "Task", "title": "T"}); spool.edge("a", "p/task/1", "LEADS", {"rel": "LEADS"})
    >>> spool.close(); json.loads((d / SPILLED_INDEX).read_text())
    [['Task', 'Task.parquet', 1], [['LEADS', 'Agency', 'Task'], 'LEADS-Agency-Task.parquet', 1]]
    """

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.tables: dict[Any, _TableSpool] = {}

    def _add(self, key: Any, row: dict[str, Any]) -> None:
        table = self.tables.get(key)
        if table is None:
            table = self.tables[key] = _new_table(self.folder, key)
        table.add(row)

    def node(self, nid: str, attrs: dict[str, Any]) -> None:
        got = node_row(nid, attrs)
        if got is not None:
            self._add(*got)

    def edge(self, u: str, v: str, key: str, attrs: dict[str, Any]) -> None:
        """An edge whose target is a spilled Task (its source's label is the one its type allows)."""
        spec = REL_TYPES[check_rel(attrs.get("rel", key))]
        pairs = [pair for pair in spec.pairs if pair[1] == "Task"]
        if len(pairs) != 1:
            raise ValueError(f"{u} -[{spec.name}]-> {v}: not an edge of a spilled task")
        got = rel_row(u, v, key, attrs, *pairs[0], None)
        if got is not None:
            self._add(*got)

    def close(self) -> None:
        """Finish every file and write the index."""
        import json

        index = []
        for key, table in self.tables.items():
            table.finish()
            if table.written:
                index.append([key, table.path.name, table.rows])
        (self.folder / SPILLED_INDEX).write_text(json.dumps(index), encoding="utf-8")


def _spilled_tables(folder: Path, tables: dict[Any, _TableSpool], spool: Path) -> None:
    """Attach the files of a :class:`RowSpool` folder to ``tables`` (adding the tables only they fill)."""
    import json

    for key, name, rows in json.loads((folder / SPILLED_INDEX).read_text(encoding="utf-8")):
        key = key if isinstance(key, str) else tuple(key)
        table = tables.get(key)
        if table is None:
            table = tables[key] = _new_table(spool, key)
        table.extra.append((folder / name, rows))


def _write_db(target: Path, node_rows: Iterable[tuple[str, dict[str, Any]]],
              rel_rows: Callable[[], Iterable[tuple[tuple[str, str, str], dict[str, Any]]]],
              spilled: Path | None = None) -> Path:
    """Create the schema in a temporary database, bulk-copy every node row, then every relationship row
    (``rel_rows`` is called once the nodes are in), and move it over ``target``. ``spilled``: a
    :class:`RowSpool` folder whose rows are copied with the others."""
    import shutil
    import tempfile

    with paused_gc(), atomic_path(target) as tmp:
        spool = Path(tempfile.mkdtemp(prefix=f".{target.name}.spool-{os.getpid()}-", dir=target.parent))
        db = _Opened(tmp)
        try:
            for stmt in schema_ddl():
                db.conn.execute(stmt)
            tables: dict[Any, _TableSpool] = {}
            for label, row in node_rows:
                if label not in tables:
                    tables[label] = _new_table(spool, label)
                tables[label].add(row)
            if spilled is not None:
                _spilled_tables(Path(spilled), tables, spool)
            for label in NODE_LABELS:  # every node before any relationship
                if label in tables:
                    db.copy(tables.pop(label))
            for key, row in rel_rows():
                table = tables.get(key)
                if table is None:
                    table = tables[key] = _new_table(spool, key)
                table.add(row)
            for table in tables.values():
                table.finish()
            _release_arrow()
            release_memory()  # what parsing and spooling freed, before ladybug's COPYs take their share
            for key in sorted(tables):
                db.copy(tables[key])
            db.conn.execute("CHECKPOINT")
        finally:
            db.close()
            shutil.rmtree(spool, ignore_errors=True)
        for extra in tmp.parent.glob(tmp.name + ".*"):   # a WAL left behind would be replayed into nothing
            extra.unlink()
    return target


def missing_columns(conn) -> list[str]:
    """The ``Table.property`` names the ontology has and the open database lacks (a database written by an
    older kehoach: the questions that read them fail until ``kehoach build`` writes it again).

    >>> import tempfile, ladybug
    >>> conn = ladybug.Connection(ladybug.Database(str(write_cypher_db(nx.MultiDiGraph(), tempfile.mkdtemp()))))
    >>> missing_columns(conn)
    []
    >>> _ = conn.execute("ALTER TABLE MENTIONS DROP tasks_led"); missing_columns(conn)
    ['MENTIONS.tasks_led']
    """
    out = []
    for name, props in [(n, s.all_props) for n, s in NODE_LABELS.items()] + [(r, s.all_props)
                                                                             for r, s in REL_TYPES.items()]:
        try:
            have = {row[1] for row in conn.execute(f"CALL table_info('{name}') RETURN *").get_all()}
        except RuntimeError:  # no such table at all
            have = set()
        out += [f"{name}.{p}" for p, _ in props if p not in have]
    return out


def db_path(graph_dir: str | Path) -> Path:
    """Where the embedded database of a build folder lives.

    >>> db_path("out").name
    'graph.lbug'
    """
    return Path(graph_dir) / DB_NAME
