"""``kehoach build``: files -> records -> resolved graph -> every writer, plus ``report.json``.

Writes into ``out``: ``graph.json`` (the file every writer reads), ``records.json``, ``graph.trig`` (rdf),
the embedded Cypher database (cypher), ``graph.html`` (html) and ``report.json``; extraction records
are cached by content hash in ``out/.cache`` (``full=True`` re-extracts every file). A file that fails is
reported with its reason and never takes the others down; every file is written atomically.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("KẾ HOẠCH\\nThông tin đối ngoại\\n")
>>> r = build_paths([d / "a.txt"], d / "out", html=False, cypher=False)
>>> r["files"][0]["status"], (d / "out" / "graph.trig").exists()
('ok', True)
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kehoach.graph.build import build_graph
from kehoach.graph.report import build_report
from kehoach.graph.store import paused_gc, save_graph
from kehoach.ingest.models import ExtractedDocument
from kehoach.util import atomic_path, atomic_write_text

REPORT_FILE = "report.json"
RECORDS_FILE = "records.json"
TRIG_FILE = "graph.trig"


CACHE_DIR = ".cache"


def _show_progress(total: int) -> bool:
    return total >= 20 and sys.stderr.isatty()


def write_records(records: Iterable[ExtractedDocument], path: str | Path) -> Path:
    """Write records as a JSON array, one record per line, streamed (never one string for the whole corpus).

    >>> import tempfile, pathlib
    >>> from kehoach.ingest.models import ExtractedDocument
    >>> p = write_records([ExtractedDocument(file="a.txt")], pathlib.Path(tempfile.mkdtemp()) / "r.json")
    >>> [r["file"] for r in json.loads(p.read_text(encoding="utf-8"))]
    ['a.txt']
    """
    path = Path(path)
    encode = json.JSONEncoder(ensure_ascii=False).encode
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        sep = "[\n"
        for r in records:
            f.write(sep + encode(r.to_dict()))
            sep = ",\n"
        f.write("[]\n" if sep == "[\n" else "\n]\n")
    return path


def build_paths(paths: Iterable[str | Path], out: str | Path, jobs: int = 0, full: bool = False,
                html: bool = True, cypher: bool = True, rdf: bool = True) -> dict[str, Any]:
    """Extract every file under ``paths``, build and resolve the graph, write it to ``out``; return the report.

    ``report["timings_s"]`` gives the wall time of every stage (extract, records_json, resolve, graph_json,
    rdf, cypher_db, html).
    """
    from kehoach.ingest.batch import extract_many
    from kehoach.ingest.readers import iter_input_files

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[stage] = round(now - clock, 3)
        clock = now

    files, missing = iter_input_files(list(paths))
    rows: list[dict[str, Any]] = [{"path": m, "file": Path(m).name, "status": "failed",
                                   "reason": "no such file or folder"} for m in missing]
    records = []
    results = extract_many(files, jobs=jobs, cache_dir=out / CACHE_DIR, full=full,
                           progress=_show_progress(len(files)))
    with paused_gc():  # records pile up: no collector passes over them while they do
        for result in results:
            name = Path(result.path).name
            if result.record is not None and not result.error:
                records.append(result.record)
                rows.append({"path": str(result.path), "file": name, "status": "ok", "reason": ""})
            else:
                reason = result.error or "no record"
                prefix = f"{result.path}: "
                rows.append({"path": str(result.path), "file": name, "status": "failed",
                             "reason": reason[len(prefix):] if reason.startswith(prefix) else reason})
    rows.sort(key=lambda r: (r["path"], r["file"]))
    records.sort(key=lambda r: r.file)
    lap("extract")
    write_records(records, out / RECORDS_FILE)
    lap("records_json")
    any_record = bool(records)
    g = build_graph(records)
    del records  # the graph holds what the writers need
    lap("resolve")
    save_graph(g, out)
    lap("graph_json")
    if rdf:
        from kehoach.graph.rdf import write_trig

        write_trig(g, out / TRIG_FILE)
        lap("rdf")
    if cypher:
        from kehoach.graph.cypher_db import write_cypher_db

        write_cypher_db(g, out)
        lap("cypher_db")
    if html:
        from kehoach.graph.html import write_html

        write_html(g, out / "graph.html")
        lap("html")
    report = build_report(rows, g)
    report["timings_s"] = timings
    atomic_write_text(out / REPORT_FILE, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    if not any_record and rows:
        print("kehoach: no file could be extracted", file=sys.stderr)
    return report
