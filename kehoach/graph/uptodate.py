"""Whether a build folder already holds what a build would write: the same inputs, options and code.

Once every output of ``kehoach build`` is written, :func:`record` keeps in ``OUT/.build.json`` what the build
was made of: each input file's size and modification time (compared as make and ninja compare them; the record
cache then compares contents), the inputs that were missing, the options, a hash of kehoach's own files with the
versions of the libraries that write the outputs, and the size and modification time of every output. A build
that finds all of them unchanged (:func:`up_to_date`) returns the report it left instead of building again: at
100k plans, seconds instead of minutes. ``kehoach build --full`` always builds.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); src = d / "a.txt"; _ = src.write_text("KẾ HOẠCH")
>>> out = d / "out"; out.mkdir(); opts = {"html": False, "cypher": False, "rdf": False, "sparql_store": False}
>>> for name in ("report.json", "records.json", "graph.json"):
...     _ = (out / name).write_text("{}")
>>> record(out, [str(src)], [], opts)
>>> up_to_date(out, [str(src)], [], opts)
{}
>>> _ = src.write_text("KẾ HOẠCH SỐ 2"); up_to_date(out, [str(src)], [], opts) is None
True
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
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


def _stat(path: Path) -> list[int] | None:
    """Size and modification time of a file; [0, 0] for a folder (the SPARQL store: a query that opens it
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


def _inputs(files: list[Any], missing: list[Any], options: dict[str, bool]) -> dict[str, Any]:
    return {"code": code_version(), "options": dict(sorted(options.items())), "missing": sorted(map(str, missing)),
            "files": [[str(f), *(_stat(Path(f)) or [-1, -1])] for f in files]}


def record(out: str | Path, files: list[Any], missing: list[Any], options: dict[str, bool]) -> None:
    """Keep what the build just finished in ``out`` was made of (its inputs' and outputs' sizes and times).
    A record that cannot be written only means that the next build builds again."""
    out = Path(out)
    stamp = _inputs(files, missing, options)
    stamp["outputs"] = {name: _stat(out / name) for name in _outputs(options)}
    try:
        atomic_write_text(out / STAMP_FILE, json.dumps(stamp, ensure_ascii=False) + "\n")
    except OSError:
        pass


def forget(out: str | Path) -> None:
    """Drop the record of the last build (a build that starts changes the folder)."""
    (Path(out) / STAMP_FILE).unlink(missing_ok=True)


def up_to_date(out: str | Path, files: list[Any], missing: list[Any],
               options: dict[str, bool]) -> dict[str, Any] | None:
    """The report of the last build in ``out`` when it was made of the same inputs, options and code, its
    outputs are as it left them and no file failed; None otherwise (no record, a change, a damaged record or
    report, a failed file)."""
    out = Path(out)
    try:
        stamp = json.loads((out / STAMP_FILE).read_text(encoding="utf-8"))
        outputs = stamp.pop("outputs")
        if stamp != _inputs(files, missing, options) or sorted(outputs) != sorted(_outputs(options)):
            return None
        if any(v is None or _stat(out / name) != v for name, v in outputs.items()):
            return None
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        if any(f.get("status") != "ok" for f in report.get("files", [])):
            return None  # a file that failed is tried again (it may have failed for a reason that is gone)
        return report
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
