"""A content-hash cache of extraction records, so an unchanged file is never extracted twice.

The cache is one SQLite database, ``<cache_dir>/records.sqlite``, with a row per content hash (the sha256 of a
file's bytes) holding the record (``ExtractedDocument.to_json()``), the file's basename and the *extractor
version* (``kehoach.__version__`` plus a hash of every source file under ``kehoach/ingest``): an entry written
by other code, or for a file of the same content under another name, is a miss and is overwritten.

Every write is a transaction, so a crash never leaves half an entry. Inside :meth:`RecordCache.batch` the
entries wait and are written in one transaction (``extract_many``'s workers write a chunk of files at a time:
a file per entry, the former layout, cost a tenth of extraction in file creations). A damaged entry is a miss;
:func:`prepare` replaces a damaged database, removes the entries of other extractor versions and the
former one-file-per-entry layout.

>>> import tempfile
>>> from kehoach.ingest.models import ExtractedDocument
>>> cache = RecordCache(tempfile.mkdtemp())
>>> sha = content_hash(b"KE HOACH")
>>> cache.get(sha, "a.txt") is None
True
>>> cache.put(sha, ExtractedDocument(file="a.txt"))
>>> cache.get(sha, "a.txt").file
'a.txt'
>>> cache.get(sha, "b.txt") is None   # same bytes under another name: re-extracted (evidence names the file)
True
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import orjson

from kehoach.ingest.models import ExtractedDocument

_INGEST_DIR = Path(__file__).resolve().parent
_GAZETTEERS = _INGEST_DIR.parent / "ontology" / "gazetteers"

DB_FILE = "records.sqlite"
_SCHEMA = ("CREATE TABLE IF NOT EXISTS entries (sha TEXT PRIMARY KEY, file TEXT NOT NULL, version TEXT NOT NULL, "
           "record BLOB NOT NULL)")
_BUSY_TIMEOUT_S = 120.0  # another worker's write transaction: a chunk of records, milliseconds
_OLD_LAYOUT = re.compile(r"[0-9a-f]{2}")  # <cache_dir>/<sha[:2]>/<sha>.json, before the database
_INHERITED: list[sqlite3.Connection] = []


def content_hash(data: bytes) -> str:
    """The cache key of a file: sha256 of its bytes, hex.

    >>> content_hash(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """``kehoach.__version__`` + a hash of the ``kehoach/ingest`` sources (and its data files) and of the
    gazetteers the extractors read (``kehoach/ontology/gazetteers``): any code or gazetteer change gives a new
    version, which invalidates every cached record.

    >>> extractor_version().count("+")
    1
    """
    import kehoach

    h = hashlib.sha256()
    roots = (_INGEST_DIR, _GAZETTEERS)
    for p in sorted(p for root in roots for p in root.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".json", ".tsv", ".txt") and "__pycache__" not in p.parts:
            h.update(str(p.relative_to(_INGEST_DIR.parent)).encode())
            h.update(b"\0")
            h.update(p.read_bytes())
            h.update(b"\0")
    return f"{kehoach.__version__}+{h.hexdigest()[:16]}"


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    try:
        con.execute("PRAGMA journal_mode=WAL")  # readers never wait for the other worker's writes
        con.execute("PRAGMA synchronous=NORMAL")  # a commit is atomic; after a power cut the last ones may be lost
        con.execute(_SCHEMA)
    except sqlite3.Error:
        con.close()
        raise
    return con


class RecordCache:
    """Records on disk keyed by content hash, file basename and extractor version (see the module doc).

    A cache opens its database on first use, once per process (a forked worker opens its own).
    """

    def __init__(self, cache_dir: str | Path, version: str | None = None):
        self.dir = Path(cache_dir)
        self.path = self.dir / DB_FILE
        self.version = version or extractor_version()
        self._con: sqlite3.Connection | None = None
        self._pid = 0
        self._pending: list[tuple[str, str, str, bytes]] | None = None

    def _db(self) -> sqlite3.Connection:
        if self._con is None or self._pid != os.getpid():
            if self._con is not None:  # a connection of the process this one was forked from: never used, nor
                _INHERITED.append(self._con)  # closed (its finalizer would act on the parent's database state)
            self._con, self._pid = _connect(self.path), os.getpid()
        return self._con

    def get(self, sha: str, file: str) -> ExtractedDocument | None:
        """The cached record of ``sha`` for basename ``file``, or None (missing, stale, other name, damaged)."""
        try:
            row = self._db().execute("SELECT file, version, record FROM entries WHERE sha = ?", (sha,)).fetchone()
        except (sqlite3.Error, OSError):  # no cache here (a read-only disk, a file in the way): a miss
            return None
        if row is None or row[1] != self.version or row[0] != file:
            return None
        try:
            return ExtractedDocument.from_dict(orjson.loads(row[2]))
        except (KeyError, TypeError, ValueError, AttributeError):
            return None

    def put(self, sha: str, record: ExtractedDocument, data: bytes | None = None) -> None:
        """Store ``record`` under ``sha`` (inside :meth:`batch`: when the batch ends); ``data``: its
        ``to_json()`` when already encoded. A cache that cannot be written is skipped, not an error: it slows
        the next build, it does not fail this one."""
        entry = (sha, record.file, self.version, record.to_json() if data is None else data)
        if self._pending is not None:
            self._pending.append(entry)
        else:
            self._write([entry])

    @contextmanager
    def batch(self) -> Iterator[RecordCache]:
        """Hold the entries put inside the ``with`` block and write them in one transaction at its end.

        >>> import tempfile
        >>> cache = RecordCache(tempfile.mkdtemp(), version="v")
        >>> with cache.batch():
        ...     cache.put("ab", ExtractedDocument(file="a.txt"))
        ...     cache.get("ab", "a.txt") is None
        True
        >>> cache.get("ab", "a.txt").file
        'a.txt'
        """
        outer = self._pending
        self._pending = [] if outer is None else outer
        try:
            yield self
        finally:
            if outer is None:
                pending, self._pending = self._pending, None
                if pending:
                    self._write(pending)

    def _write(self, entries: list[tuple[str, str, str, bytes]]) -> None:
        try:
            db = self._db()
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO entries (sha, file, version, record) VALUES (?, ?, ?, ?)",
                               entries)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError):
            pass  # a read-only, full or damaged cache: the records are extracted again next time

    def close(self) -> None:
        if self._con is not None and self._pid == os.getpid():
            self._con.close()
        self._con = None


_SHARED: dict[tuple[str, str], RecordCache] = {}


def shared_cache(cache_dir: str | Path) -> RecordCache:
    """The process's :class:`RecordCache` of ``cache_dir`` for the current extractor version (one connection
    per process, not one per file).

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> shared_cache(d) is shared_cache(d)
    True
    """
    key = (str(cache_dir), extractor_version())
    cache = _SHARED.get(key)
    if cache is None:
        cache = _SHARED[key] = RecordCache(cache_dir, key[1])
    return cache


def prepare(cache_dir: str | Path, version: str | None = None) -> list[str]:
    """Make ``cache_dir`` ready before workers use it, in the process that starts them; returns what it did.

    Removes the former layout (a file per entry in ``<sha[:2]>/`` folders), replaces a database that is not
    one (a damaged file), and deletes the entries of other extractor versions (they could only be misses).
    Opens and closes its own connection: none is left open to be inherited by forked workers.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / DB_FILE).write_bytes(b"not a database")
    >>> prepare(d, version="v")
    ['replaced a damaged database']
    >>> c = RecordCache(d, version="v"); c.put("ab", ExtractedDocument(file="a.txt")); c.close()
    >>> prepare(d, version="w"), RecordCache(d, version="w").get("ab", "a.txt")
    (['removed 1 entries of other extractor versions'], None)
    """
    cache_dir = Path(cache_dir)
    version = version or extractor_version()
    done: list[str] = []
    if cache_dir.is_dir():
        old = [p for p in cache_dir.iterdir() if p.is_dir() and _OLD_LAYOUT.fullmatch(p.name)]
        for p in old:
            shutil.rmtree(p, ignore_errors=True)
        if old:
            done.append("removed the former cache layout")
    path = cache_dir / DB_FILE
    for attempt in range(2):
        try:
            con = _connect(path)
        except (sqlite3.OperationalError, OSError):
            return done  # cannot be opened (a read-only disk, not a file): builds go on without a cache
        except sqlite3.DatabaseError:  # not a database, or a damaged one
            if attempt:
                return done
            try:
                for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                    p.unlink(missing_ok=True)
            except OSError:
                return done
            done.append("replaced a damaged database")
            continue
        except sqlite3.Error:
            return done
        try:
            con.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = con.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if row is None or row[0] != version:  # the entries are only scanned when the code has changed
                con.execute("BEGIN IMMEDIATE")
                removed = con.execute("DELETE FROM entries WHERE version != ?", (version,)).rowcount
                con.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('version', ?)", (version,))
                con.execute("COMMIT")
                if removed > 0:
                    done.append(f"removed {removed} entries of other extractor versions")
        except sqlite3.Error:
            pass
        finally:
            con.close()
        break
    return done


def settle(cache_dir: str | Path) -> None:
    """Once the workers are done: fold the write-ahead log into the database and close this process's
    connection, so that ``cache_dir`` holds the database file alone.

    >>> import tempfile, os
    >>> d = tempfile.mkdtemp(); shared_cache(d).put("ab", ExtractedDocument(file="a.txt")); settle(d)
    >>> os.listdir(d)
    ['records.sqlite']
    """
    for (folder, _), cache in list(_SHARED.items()):
        if folder == str(cache_dir):
            cache.close()
    path = Path(cache_dir) / DB_FILE
    if not path.is_file():
        return
    try:
        con = sqlite3.connect(path, timeout=1.0)
        try:  # never waits for another build's workers on the same cache: they fold the log when they are done
            con.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            con.close()  # the last connection to close folds the rest and removes the log
    except sqlite3.Error:
        pass
