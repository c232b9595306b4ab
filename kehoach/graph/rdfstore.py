"""The query store of a build: ``graph.oxigraph/``, an on-disk Oxigraph (RocksDB) store next to ``graph.trig``.

SPARQL questions read it instead of re-parsing the TriG. It is built from ``graph.trig`` **on first use**
(``load_store``), off the build's critical path — on a national corpus it is several times the TriG's size and
its load is the slowest step of all — or eagerly by ``kehoach build --sparql-store``. It holds the same named
graphs as the TriG, plus, in its **default graph**, the set-union of their triples (each triple once):
Oxigraph's "union default graph" returns a triple once per named graph holding it, which multiplies joins and
counts. A stamp file (``source.json``) records the size and mtime of the ``graph.trig`` it was loaded from; a
store that does not match its ``graph.trig`` is rebuilt.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "graph.trig").write_text('<http://a/s> { <http://a/s> <http://a/p> "1" . }')
>>> store = load_store(d)              # no graph.oxigraph/ yet: loaded from graph.trig, then kept
>>> [s["o"].value for s in store.query("SELECT ?o WHERE { ?s ?p ?o }")], store_matches(d)
(['1'], True)
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

from kehoach.util import waiting_for

TRIG_FILE = "graph.trig"
STORE_DIR = "graph.oxigraph"
STAMP_FILE = "source.json"
STORE_LOCK = ".graph.oxigraph.lock"
"""Held by the process loading the store (see ``load_store``)."""


def trig_stamp(trig: str | Path) -> dict[str, int]:
    """What identifies one written ``graph.trig``: its size and mtime (ns).

    >>> import tempfile; p = tempfile.mktemp(); _ = open(p, "w").write("x"); trig_stamp(p)["size"]
    1
    """
    st = os.stat(trig)
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def write_stamp(store_dir: str | Path, trig: str | Path) -> None:
    """Record in ``store_dir`` which ``graph.trig`` the store was loaded with."""
    Path(store_dir, STAMP_FILE).write_text(json.dumps(trig_stamp(trig)) + "\n", encoding="utf-8")


def store_matches(graph_dir: str | Path) -> bool:
    """True when ``graph_dir`` has a ``graph.oxigraph/`` written with its current ``graph.trig``.

    >>> store_matches("/nonexistent")
    False
    """
    stamp = Path(graph_dir, STORE_DIR, STAMP_FILE)
    trig = Path(graph_dir, TRIG_FILE)
    try:
        return json.loads(stamp.read_text(encoding="utf-8")) == trig_stamp(trig)
    except (OSError, ValueError):
        return False


@lru_cache(maxsize=4)
def _open_read_only(path: str, stamp: str):
    import pyoxigraph as ox

    return ox.Store.read_only(path)


def _with_union(quads):
    """Every quad, followed by its triple in the default graph (the store keeps each triple once)."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    for q in quads:
        yield q
        yield ox.Quad(q.subject, q.predicate, q.object, default)


_BLOCK = re.compile(rb"[^\s{}]+ \{|\}")


class _Statements:
    """A binary reader of a ``graph.trig`` as ``kehoach.graph.trig`` writes it, without its graph blocks: the
    prefixes and every statement (one per line, indented), which read as Turtle. Any other line (not this
    layout) sets ``foreign`` and ends the text."""

    def __init__(self, path: str | Path):
        self.file = open(path, "rb")
        self.foreign: bytes | None = None
        self.rest = b""
        self.buf = b""
        self.pos = 0

    def _next(self) -> bytes:
        while self.foreign is None:
            chunk = self.file.read(1 << 22)
            data = self.rest + chunk
            cut = len(data) if not chunk else data.rfind(b"\n") + 1
            self.rest = data[cut:]
            kept = []
            for line in data[:cut].splitlines(keepends=True):
                if line.startswith((b"\t", b"@prefix ")):
                    kept.append(line)
                elif not _BLOCK.fullmatch(line.rstrip(b"\n")):
                    self.foreign = line[:80]
                    return b""
            if kept or not chunk:
                return b"".join(kept)
        return b""

    def read(self, size: int = -1) -> bytes:
        if self.pos >= len(self.buf):
            self.buf, self.pos = self._next(), 0
        size = len(self.buf) - self.pos if size is None or size < 0 else size
        out = self.buf[self.pos:self.pos + size]
        self.pos += len(out)
        return out

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        self.file.close()


BULK_BYTES = 128 * 2**20
"""From this size of ``graph.trig`` on, :func:`fill_store` loads it in two native passes, then compacts the store;
below, quad by quad in one pass, which is faster on a small file. Measured (seconds, peak RSS of the loading
process): 82 MB 13.2 s 2.1 GB quad by quad against 17.5 s 1.2 GB in bulk; 164 MB 26.4 s 2.3 GB against 24.6 s
1.7 GB; 827 MB 191 against 150 s."""


def fill_store(store, trig: str | Path, bulk_bytes: int = BULK_BYTES) -> None:
    """Load ``graph.trig`` into ``store``: its named graphs and their union as the default graph.

    A big TriG (``bulk_bytes`` or more) with Oxigraph's bulk loader: the named graphs from the TriG, the union from
    its statements read as Turtle (:class:`_Statements`; a TriG of another layout is loaded quad by quad
    instead), then the store is compacted (unoptimized, questions ran 7x slower). A small one quad by quad.

    >>> import pyoxigraph as ox, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.trig"
    >>> _ = p.write_text('<http://a/g1> {\\n\\t<http://a/s> <http://a/p> "1" .\\n}\\n'
    ...                  '<http://a/g2> {\\n\\t<http://a/s> <http://a/p> "1" .\\n}\\n')
    >>> for bulk_bytes in (BULK_BYTES, 0):
    ...     s = ox.Store(); fill_store(s, p, bulk_bytes)
    ...     print(len(s), len(list(s.quads_for_pattern(None, None, None, ox.DefaultGraph()))))
    3 1
    3 1
    >>> _ = p.write_text('<http://a/g1> {\\n\\t<http://a/s> <http://a/p> "1" ;\\n<http://a/p> "2" . }')
    >>> s = ox.Store(); fill_store(s, p, 0); len(s), len(list(s.quads_for_pattern(None, None, None, ox.DefaultGraph())))
    (4, 2)
    """
    import pyoxigraph as ox

    if os.path.getsize(trig) < bulk_bytes:
        store.bulk_extend(_with_union(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)))
        return
    store.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
    statements = _Statements(trig)
    try:
        store.bulk_load(input=statements, format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    except SyntaxError:
        if statements.foreign is None:
            raise
    finally:
        statements.close()
    if statements.foreign is not None:  # not the layout kehoach writes: every triple again, one by one
        store.bulk_extend(_with_union(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)))
    store.optimize()


DISK_PER_TRIG = 8
"""Disk a store takes while it loads, per byte of ``graph.trig``. Measured at 10k plans: 0.83 GB of TriG, 5.91 GB
at the peak of the load (7.1x), 5.25 GB once compacted (6.3x); 150 s, 2.1 GB of memory."""
MEMORY_PER_TRIG = 26
"""Memory an in-memory store takes per byte of ``graph.trig`` (measured: 2.1 GB peak for 82 MB, quad by quad)."""


class NoRoom(OSError):
    """The query store would not fit: on disk (or, where it cannot be written, in memory). The message says how
    much it needs, how much there is, and what to do instead (``str`` is that message, without "[Errno 28]").

    >>> str(NoRoom(28, "needs 9 GB"))
    'needs 9 GB'
    """

    def __str__(self) -> str:
        return self.strerror or super().__str__()


def _gb(n: float) -> str:
    return f"{n / 1e9:,.1f} GB"


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation (``MemAvailable`` of Linux), or None when unknown.

    >>> available_memory() is None or available_memory() > 0
    True
    """
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def check_room(graph_dir: str | Path, trig: str | Path, memory: bool = False) -> None:
    """Raise :class:`NoRoom` before loading when the store of ``trig`` would not fit in ``graph_dir``'s file
    system (``DISK_PER_TRIG`` times the TriG) or, ``memory``, in the memory available (``MEMORY_PER_TRIG``).

    At 100k plans the TriG is 8.3 GB: its store needs about 66 GB of disk and an hour to load; a question that
    asks for it on a smaller disk says so at once instead of failing when the disk is full.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "graph.trig").write_text("x" * 10)
    >>> check_room(d, d / "graph.trig")   # 80 bytes: room
    """
    size = os.path.getsize(trig)
    if memory:
        need, have, where = size * MEMORY_PER_TRIG, available_memory(), "of memory available"
    else:
        need, have, where = size * DISK_PER_TRIG, shutil.disk_usage(graph_dir).free, f"free in {graph_dir}"
    if have is not None and need > have:
        held = "in memory (the folder cannot be written)" if memory else "on disk while it loads"
        raise NoRoom(errno.ENOSPC, f"the SPARQL store of {trig} ({_gb(size)} of TriG) needs about {_gb(need)} "
                     f"{held}, and {_gb(have)} are {where}: make room, or ask the embedded Cypher database "
                     "instead (kehoach ask --engine cypher, kehoach query), which the build has written")


def build_store(graph_dir: str | Path) -> Path:
    """Write ``graph_dir/graph.oxigraph/`` from ``graph_dir/graph.trig`` (atomically, stamped) and return it;
    :class:`NoRoom` first when it would not fit on the disk (see :func:`check_room`)."""
    import pyoxigraph as ox

    from kehoach.util import atomic_path

    graph_dir = Path(graph_dir)
    trig = graph_dir / TRIG_FILE
    check_room(graph_dir, trig)
    stamp = trig_stamp(trig)
    with atomic_path(graph_dir / STORE_DIR) as tmp:
        store = ox.Store(str(tmp))
        try:
            fill_store(store, trig)
            store.flush()
        finally:
            del store  # closed (RocksDB lock released) before its folder is renamed
        Path(tmp, STAMP_FILE).write_text(json.dumps(stamp) + "\n", encoding="utf-8")
    return graph_dir / STORE_DIR


@lru_cache(maxsize=2)
def _parse_trig(path: str, mtime_ns: int, size: int):
    import pyoxigraph as ox

    store = ox.Store()
    fill_store(store, path)
    return store


def load_store(graph_dir: str | Path):
    """The ``pyoxigraph.Store`` of a build folder, default graph = deduplicated union of the named graphs.

    Opens ``graph.oxigraph/`` read-only when it matches ``graph.trig``; otherwise builds it first from
    ``graph.trig`` (the first SPARQL question of a build pays for it), or, when the folder is not writable,
    parses ``graph.trig`` into memory (cached per process). FileNotFoundError without ``graph.trig``;
    :class:`NoRoom` when the store would not fit (on disk; in memory where the folder cannot be written);
    SyntaxError/OSError for a bad file.
    """
    graph_dir = Path(graph_dir).resolve()
    trig = graph_dir / TRIG_FILE
    if not trig.exists():
        raise FileNotFoundError(str(trig))
    if not store_matches(graph_dir):
        check_room(graph_dir, trig)  # (refused before anything is written, the lock file included)
        # one process loads it; another asking meanwhile waits, then opens it (two loads replaced each other's
        # folder under the one that had opened it: "Corruption: Sst file size mismatch")
        with waiting_for(graph_dir / STORE_LOCK):
            if not store_matches(graph_dir):
                try:
                    build_store(graph_dir)
                except NoRoom:
                    raise
                except OSError as err:
                    if err.errno in (errno.ENOSPC, errno.EDQUOT):  # the disk filled up all the same: not in memory
                        raise NoRoom(err.errno, f"the SPARQL store of {trig} could not be written in {graph_dir} "
                                     f"({err.strerror or err}): make room, or ask the embedded Cypher database "
                                     "instead (kehoach ask --engine cypher, kehoach query)") from None
                    check_room(graph_dir, trig, memory=True)
                    st = trig.stat()
                    return _parse_trig(str(trig), st.st_mtime_ns, st.st_size)
    stamp = (graph_dir / STORE_DIR / STAMP_FILE).read_text(encoding="utf-8")
    return _open_read_only(str(graph_dir / STORE_DIR), stamp)
