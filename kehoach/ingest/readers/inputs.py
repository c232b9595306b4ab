"""Which files a folder given as input holds: plan documents, not kehoach's own outputs.

``kehoach build . --out out`` run twice used to read the first build's ``out/graph.html`` as a plan (refused,
so the build counted a failed file and was never up to date); a map saved with ``kehoach viz -o`` among the
plans did the same. A folder walk now leaves out the build's own output folder (``skip``), any folder that
holds a kehoach build (``.build.json``, or ``graph.json`` with ``report.json``) and any page that kehoach wrote
(its ``<meta name="generator" content="kehoach">``). A file named on its own is always taken: a map named so
is refused by the reader with that reason.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "plan.txt").write_text("KẾ HOẠCH"); (d / "out").mkdir()
>>> for name in ("graph.json", "report.json", "graph.html"):
...     _ = (d / "out" / name).write_text("{}")
>>> _ = (d / "map.html").write_text(f"<html><head>{GENERATOR_TAG}</head></html>")
>>> [f.name for f in iter_input_files([d])[0]]
['plan.txt']
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

SUPPORTED_SUFFIXES = (".txt", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".html", ".htm")
# not readable, but picked up in folders so that the user learns why ("save it as .docx")
REFUSED_SUFFIXES: tuple[str, ...] = ()
GENERATOR_TAG = '<meta name="generator" content="kehoach">'
"""Marks every page kehoach writes (the maps of ``kehoach build`` and ``kehoach viz``), near its top."""
_MARK = GENERATOR_TAG.encode()
_HEAD_BYTES = 4096


def written_by_kehoach(data: bytes) -> bool:
    """Whether ``data`` (a file's first bytes are enough) is a page kehoach wrote.

    >>> written_by_kehoach(b'<html><head><meta charset="utf-8">' + GENERATOR_TAG.encode())
    True
    """
    return _MARK in data[:_HEAD_BYTES]


def _our_page(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return written_by_kehoach(f.read(_HEAD_BYTES))
    except OSError:
        return False  # the reader will say what is wrong with it


def is_build_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a kehoach build (its record, or its graph and report)."""
    return (folder / ".build.json").is_file() or ((folder / "graph.json").is_file()
                                                   and (folder / "report.json").is_file())


def _walk(root: Path, skip: set[Path]) -> list[Path]:
    wanted = SUPPORTED_SUFFIXES + REFUSED_SUFFIXES
    out = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if not d.startswith(".") and (here / d).resolve() not in skip
                   and not is_build_folder(here / d)]
        for name in names:
            path = here / name
            suffix = path.suffix.lower()
            if name.startswith(".") or suffix not in wanted or not path.is_file():
                continue
            if suffix in (".html", ".htm") and _our_page(path):
                continue
            out.append(path)
    return sorted(out)


def iter_input_files(paths: Iterable[str | Path], skip: Iterable[str | Path] = ()) -> tuple[list[Path], list[str]]:
    """Expand files and folders; return (files, missing).

    A file named on the command line is always taken. A folder is walked recursively (sorted; hidden files and
    folders skipped) and yields the files with a supported suffix (``SUPPORTED_SUFFIXES``) or one that gets a
    clear refusal (``REFUSED_SUFFIXES``, none at present); other files (images, spreadsheets, notes) are left,
    and so are kehoach's own outputs (the folders in ``skip``, build folders, the pages it wrote). A file reached
    twice is listed once.

    >>> iter_input_files(["/nonexistent/plan.txt"])
    ([], ['/nonexistent/plan.txt'])
    """
    skipped = {Path(s).resolve() for s in skip}
    files: list[Path] = []
    missing: list[str] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(_walk(p, skipped))
        elif p.is_file():
            files.append(p)
        else:
            missing.append(str(p))
    seen: set[str] = set()
    once = []
    for f in files:  # a file reached twice (a folder and a file in it, "a" and "./a") is one input
        key = os.path.abspath(f)
        if key not in seen:
            seen.add(key)
            once.append(f)
    return once, missing


def unique_names(files: Iterable[str | Path]) -> dict[str, str]:
    """The names of the files that cannot go by their file name in records, evidence and the graph, because
    several files share it (a folder per province, each with its "ke-hoach-2024.docx"): for each, the shortest
    end of its path that tells them apart. Every other file goes by its file name (so the dict is empty for most
    builds). Keys are the paths as given (``str``); names use "/".

    >>> unique_names(["in/an-giang/plan.txt", "in/ca-mau/plan.txt", "in/ca-mau/other.txt"])
    {'in/an-giang/plan.txt': 'an-giang/plan.txt', 'in/ca-mau/plan.txt': 'ca-mau/plan.txt'}
    >>> unique_names(["x/a/plan.txt", "y/a/plan.txt"])["y/a/plan.txt"]
    'y/a/plan.txt'
    """
    by_name: dict[str, list[str]] = {}
    for f in files:
        p = str(f)
        by_name.setdefault(os.path.basename(p), []).append(p)
    out = {}
    for group in by_name.values():
        if len(set(group)) == 1:
            continue
        parts = {p: Path(p).parts for p in group}
        depth = 2
        while True:
            ends = {p: "/".join(parts[p][-depth:]) for p in group}
            if len(set(ends.values())) == len(set(group)) or depth > max(len(parts[p]) for p in group):
                break
            depth += 1
        out.update(ends)
    return out


def missing_reason(path: str | Path) -> str:
    """Why an input path gave no file: nothing there, or something that is neither a file nor a folder.

    >>> missing_reason("/nonexistent/plan.txt"), missing_reason("/dev/null")
    ('no such file or folder', 'not a file or a folder (a pipe, a device or a socket): not read')
    """
    if os.path.lexists(path) and not os.path.exists(path):
        return "a link to nothing (no such file or folder)"
    if os.path.exists(path):
        return "not a file or a folder (a pipe, a device or a socket): not read"
    return "no such file or folder"
