"""``records.json``: every extraction record of a build, one JSON line each, in file order.

``write_records`` writes it from records, ``iter_records`` streams it back, and ``RecordSpool`` writes each
record to a spool file as it arrives from the workers (only its head stays in memory), then ``records.json``
sorted by file from the spool.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from kehoach.graph.resolver import HeadsFile
from kehoach.ingest.models import ExtractedDocument
from kehoach.util import atomic_path, json_loads

RECORDS_FILE = "records.json"
SPOOL_FILE = ".records.spool"


def write_records(records: Iterable[ExtractedDocument], path: str | Path) -> Path:
    """Write records as a JSON array, one record per line, streamed (never one string for the whole corpus).

    >>> import tempfile, pathlib
    >>> from kehoach.ingest.models import ExtractedDocument
    >>> p = write_records([ExtractedDocument(file="a.txt")], pathlib.Path(tempfile.mkdtemp()) / "r.json")
    >>> [r["file"] for r in json.loads(p.read_text(encoding="utf-8"))]
    ['a.txt']
    """
    path = Path(path)
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        sep = b"[\n"
        for r in records:
            f.write(sep + r.to_json())
            sep = b",\n"
        f.write(b"[]\n" if sep == b"[\n" else b"\n]\n")
    return path


def iter_records(path: str | Path) -> Iterator[ExtractedDocument]:
    """The records of a ``records.json`` written by :func:`write_records`, one at a time (the file is never
    read whole; any other JSON array is read with ``json.load``).

    >>> import tempfile, pathlib
    >>> from kehoach.ingest.models import ExtractedDocument
    >>> p = write_records([ExtractedDocument(file=f) for f in "ab"], pathlib.Path(tempfile.mkdtemp()) / "r.json")
    >>> [r.file for r in iter_records(p)]
    ['a', 'b']
    """
    with open(path, "rb") as f:
        first = f.readline()
        if first.strip() not in (b"[", b"[]"):  # not one record per line
            f.seek(0)
            yield from (ExtractedDocument.from_dict(d) for d in json.load(f))
            return
        for line in f:
            line = line.rstrip().removesuffix(b",")
            if line and line != b"]":
                yield ExtractedDocument.from_dict(json_loads(line))


class RecordSpool:
    """Records as they arrive, each written at once to a spool file (one JSON line) and dropped; only its
    head (``ExtractedDocument.head()``) stays, in memory or in ``heads`` (a ``HeadsFile``). ``write_sorted``
    then writes ``records.json`` in file order from the spool.

    >>> import tempfile, pathlib
    >>> from kehoach.ingest.models import ExtractedDocument
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with RecordSpool(d / "spool") as spool:
    ...     for f in ("b.txt", "a.txt"):
    ...         spool.add(ExtractedDocument(file=f))
    ...     _ = spool.write_sorted(d / "records.json")
    >>> [r.file for r in iter_records(d / "records.json")], [h.file for h in spool.heads], (d / "spool").exists()
    (['a.txt', 'b.txt'], ['b.txt', 'a.txt'], False)
    """

    def __init__(self, path: str | Path, heads: HeadsFile | None = None):
        self.path = Path(path)
        self.heads: list[ExtractedDocument] = []
        self.heads_file = heads  # when given, the heads go there instead of into ``heads``
        self.count = 0
        self._spans: list[tuple[str, int, int]] = []
        self._f = open(self.path, "wb")

    def add(self, rec: ExtractedDocument, data: bytes | None = None) -> None:
        """Spool ``rec``; ``data``: its ``to_json()`` when already encoded (``rec`` may then be its head)."""
        data = rec.to_json() if data is None else data
        self._spans.append((rec.file, self._f.tell(), len(data)))
        self._f.write(data)
        head = rec.head() if rec.tasks or rec.agencies else rec
        if self.heads_file is not None:
            self.heads_file.add(head)
        else:
            self.heads.append(head)
        self.count += 1

    def write_sorted(self, path: str | Path) -> Path:
        """``records.json`` (the :func:`write_records` format) with the spooled records sorted by file."""
        self._f.flush()
        path = Path(path)
        with open(self.path, "rb") as src, atomic_path(path) as tmp, open(tmp, "wb") as out:
            sep = b"[\n"
            for _, offset, size in sorted(self._spans):
                src.seek(offset)
                out.write(sep + src.read(size))
                sep = b",\n"
            out.write(b"[]\n" if sep == b"[\n" else b"\n]\n")
        return path

    def __enter__(self) -> RecordSpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._f.close()
        self.path.unlink(missing_ok=True)
