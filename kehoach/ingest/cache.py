"""A content-hash cache of extraction records, so an unchanged file is never extracted twice.

An entry is ``<cache_dir>/<sha[:2]>/<sha>.json`` where ``sha`` is the sha256 of the file's bytes. It holds the
record (``ExtractedDocument.to_dict()``), the file's basename and the *extractor version*
(``kehoach.__version__`` plus a hash of every source file under ``kehoach/ingest``): an entry written by other
code, or for a file of the same content under another name, is a miss and is overwritten. Writes are atomic
(temporary file, then rename), so a crash never leaves a half-written entry; a damaged entry is a miss.

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
import json
from functools import lru_cache
from pathlib import Path

import orjson

from kehoach.ingest.models import ExtractedDocument
from kehoach.util import atomic_write_bytes

_INGEST_DIR = Path(__file__).resolve().parent
_GAZETTEERS = _INGEST_DIR.parent / "ontology" / "gazetteers"


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


class RecordCache:
    """Records on disk keyed by content hash, file basename and extractor version (see the module doc)."""

    def __init__(self, cache_dir: str | Path, version: str | None = None):
        self.dir = Path(cache_dir)
        self.version = version or extractor_version()

    def path(self, sha: str) -> Path:
        """Where the entry of content hash ``sha`` lives.

        >>> RecordCache("/c", version="v").path("abcdef").as_posix()
        '/c/ab/abcdef.json'
        """
        return self.dir / sha[:2] / f"{sha}.json"

    def get(self, sha: str, file: str) -> ExtractedDocument | None:
        """The cached record of ``sha`` for basename ``file``, or None (missing, stale, other name, damaged)."""
        p = self.path(sha)
        try:
            entry = orjson.loads(p.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("version") != self.version or entry.get("file") != file:
            return None
        try:
            return ExtractedDocument.from_dict(entry["record"])
        except (KeyError, TypeError, ValueError):
            return None

    def put(self, sha: str, record: ExtractedDocument, data: bytes | None = None) -> None:
        """Store ``record`` (atomically) under ``sha``; ``data``: its ``to_json()`` when already encoded."""
        head = json.dumps({"version": self.version, "file": record.file}, ensure_ascii=False,
                          separators=(",", ":"))
        data = record.to_json() if data is None else data
        atomic_write_bytes(self.path(sha), b"".join((head[:-1].encode("utf-8"), b',"record":', data, b"}")))
