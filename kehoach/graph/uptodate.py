"""Whether a build folder already holds what a build would write: the same inputs, options and code.

A build takes a :func:`snapshot` of its inputs before it reads them: each input file's size, modification
time and status-change time (``st_ctime``, which any write to the file moves and no tool sets back), the
inputs that were missing, the options, and a hash of kehoach's own files with the versions of the libraries
that write the outputs. Once every output is written, :func:`record` keeps the snapshot in ``OUT/.build.json``
with the sha256 of the bytes each file was extracted from and the size and modification time of every output.

:func:`up_to_date` compares a new snapshot with it. A file whose times moved but whose size did not (``touch``,
a checkout that wrote the same bytes, a copy that kept the times) is read and hashed: the same bytes are the
same input, as git's index treats them, and the record is refreshed so the next check does not read it again.
So is a file written in the last seconds before the snapshot (its time cannot tell a later write of the same
size within the same clock tick). A build that finds everything unchanged returns the report it left instead
of building again: at 100k plans, seconds instead of minutes. ``kehoach build --full`` always builds.

>>> import tempfile, pathlib, hashlib, os
>>> d = pathlib.Path(tempfile.mkdtemp()); src = d / "a.txt"; _ = src.write_text("KẾ HOẠCH")
>>> out = d / "out"; out.mkdir(); opts = {"html": False, "cypher": False, "rdf": False, "sparql_store": False}
>>> for name in ("report.json", "records.json", "graph.json"):
...     _ = (out / name).write_text("{}")
>>> snap = snapshot([str(src)], [], opts)
>>> record(out, snap, {str(src): hashlib.sha256(src.read_bytes()).hexdigest()})
>>> up_to_date(out, snapshot([str(src)], [], opts))
{}
>>> os.utime(src, ns=(0, 10**18)); up_to_date(out, snapshot([str(src)], [], opts))  # touched: the same bytes
{}
>>> _ = src.write_text("KẾ HOẠCH SỐ 2"); up_to_date(out, snapshot([str(src)], [], opts)) is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import time
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from kehoach.util import atomic_write_text

STAMP_FILE = ".build.json"
_PACKAGE = Path(__file__).resolve().parents[1]
_LIBRARIES = ("ladybug", "rdflib", "oxrdflib", "pyoxigraph", "networkx", "spacy", "pyvis", "orjson", "lxml",
              "python-docx", "pypdf", "selectolax", "trafilatura")


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of every file of the ``kehoach`` package (code, ontology, gazetteers, assets), the Python version
    and the versions of the libraries that write the outputs: any change makes every build folder stale.

    >>> len(code_version())
    16
    """
    h = hashlib.sha256(f"{sys.version_info[:2]}".encode())
    for p in sorted(p for p in _PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(str(p.relative_to(_PACKAGE)).encode() + b"\0" + p.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=\0".encode())
    return h.hexdigest()[:16]


RACY_NS = 2_000_000_000
"""A file whose times are this close to its snapshot (or later) is hashed: a write of the same size in the same
clock tick leaves the same times (2 s: the coarsest file times in use, FAT's)."""


def _stat(path: Path) -> list[int] | None:
    """Size, modification time and status-change time of an input file; None when there is nothing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def _output_stat(path: Path) -> list[int] | None:
    """Size and modification time of an output; [0, 0] for a folder (the SPARQL store: a query that opens it
    changes the folder's time, not what it holds); None when there is nothing."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [0, 0] if stat.S_ISDIR(st.st_mode) else [st.st_size, st.st_mtime_ns]


def _outputs(options: dict[str, bool]) -> list[str]:
    names = ["report.json", "records.json", "graph.json"]
    for option, name in (("rdf", "graph.trig"), ("cypher", "graph.lbug"), ("html", "graph.html"),
                         ("sparql_store", "graph.oxigraph")):
        if options.get(option):
            names.append(name)
    return names


def snapshot(files: list[Any], missing: list[Any], options: dict[str, bool]) -> dict[str, Any]:
    """What a build is about to be made of: code, options, missing inputs and each file's stat, and when.

    >>> snap = snapshot(["/nonexistent/a.txt"], [], {"rdf": True})
    >>> snap["files"], snap["options"]
    ([['/nonexistent/a.txt', -1, -1, -1]], {'rdf': True})
    """
    return {"code": code_version(), "options": dict(sorted(options.items())), "missing": sorted(map(str, missing)),
            "files": [[str(f), *(_stat(Path(f)) or [-1, -1, -1])] for f in files], "taken_ns": time.time_ns()}


def record(out: str | Path, snap: dict[str, Any], hashes: dict[str, str]) -> None:
    """Keep in ``out`` what the build just finished there was made of: its ``snapshot``, the sha256 of the bytes
    each file was extracted from (``hashes``, by path) and its outputs' sizes and times. A record that cannot be
    written only means that the next build builds again."""
    out = Path(out)
    stamp = {**snap, "files": [[*f, hashes.get(f[0])] for f in snap["files"]],
             "outputs": {name: _output_stat(out / name) for name in _outputs(snap["options"])}}
    try:
        atomic_write_text(out / STAMP_FILE, json.dumps(stamp, ensure_ascii=False) + "\n")
    except OSError:
        pass


def forget(out: str | Path) -> None:
    """Drop the record of the last build (a build that starts changes the folder)."""
    (Path(out) / STAMP_FILE).unlink(missing_ok=True)


def _file_hash(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            return hashlib.file_digest(f, "sha256").hexdigest()
    except OSError:
        return None


def _same_files(recorded: list[list[Any]], now: list[list[Any]], taken_ns: int) -> bool | None:
    """True when every file holds what it held (reading and hashing those whose times moved or are too close
    to the recorded snapshot), None when it does too but some had to be hashed, False on a change."""
    if [f[0] for f in recorded] != [f[0] for f in now]:
        return False
    hashed = False
    for (path, size, mtime, ctime, sha), (_, *current) in zip(recorded, now):
        if current[0] != size or size < 0 or not sha:
            return False
        if current == [size, mtime, ctime] and max(mtime, ctime) < taken_ns - RACY_NS:
            continue
        if _file_hash(path) != sha:
            return False
        hashed = True
    return None if hashed else True


def up_to_date(out: str | Path, snap: dict[str, Any]) -> dict[str, Any] | None:
    """The report of the last build in ``out`` when it was made of what ``snap`` (a :func:`snapshot`) says:
    the same code, options and files (by stat, or else by content hash), its outputs as it left them and no
    file failed; None otherwise (no record, a change, a damaged record or report, a failed file)."""
    out = Path(out)
    try:
        stamp = json.loads((out / STAMP_FILE).read_text(encoding="utf-8"))
        outputs = stamp["outputs"]
        if any(stamp[k] != snap[k] for k in ("code", "options", "missing")):
            return None
        if sorted(outputs) != sorted(_outputs(snap["options"])):
            return None
        if any(v is None or _output_stat(out / name) != v for name, v in outputs.items()):
            return None
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        if any(f.get("status") != "ok" for f in report.get("files", [])):
            return None  # a file that failed is tried again (it may have failed for a reason that is gone)
        same = _same_files(stamp["files"], snap["files"], stamp["taken_ns"])
        if same is False:
            return None
        if same is None:  # the same bytes under new times: keep the new times, not to hash them again
            fresh = {**stamp, "files": [[*f, r[4]] for f, r in zip(snap["files"], stamp["files"])],
                     "taken_ns": snap["taken_ns"]}
            try:
                atomic_write_text(out / STAMP_FILE, json.dumps(fresh, ensure_ascii=False) + "\n")
            except OSError:
                pass
        return report
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
