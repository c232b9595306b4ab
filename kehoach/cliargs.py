"""What the CLI's commands are given, read and checked (a graph folder, a query or @FILE, key=value
parameters, an output path) and where their output goes. Each failure is one line on stderr and an exit code
(see ``kehoach.cli``), never a traceback; SIGTERM ends a command as Ctrl-C does (``exit_on_sigterm``).

>>> params(["plan=978/KH-UBND", "year = 2024"])
{'plan': '978/KH-UBND', 'year': ' 2024'}
>>> read_query("MATCH (n) RETURN n")
'MATCH (n) RETURN n'
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_ALL_FAILED = 0, 1, 2, 3


def err(msg: str) -> None:
    """Print ``msg`` on stderr."""
    typer.echo(msg, err=True)


def note_store_load(graph: Path) -> None:
    """Tell the user when this SPARQL question first loads the query store (minutes on a big graph)."""
    from kehoach.graph.rdfstore import STORE_DIR, TRIG_FILE, NoRoom, check_room, store_matches

    trig = graph / TRIG_FILE
    if trig.is_file() and not store_matches(graph):
        try:
            check_room(graph, trig)
        except NoRoom:
            return  # the question says why it cannot be loaded
        size = trig.stat().st_size / 2**20
        err(f"kehoach: loading the SPARQL store {graph / STORE_DIR} from {TRIG_FILE} ({size:,.0f} MB) once; "
            "about 3 minutes per GB of TriG on 2 cores; later questions reuse it")


def read_query(q: str) -> str:
    """The query ``q`` itself, or the text of the file ``@PATH`` (exit 2 when it does not exist)."""
    if q.startswith("@"):
        p = Path(q[1:])
        if not p.exists():
            err(f"kehoach: {p}: no such file")
            raise typer.Exit(EXIT_USAGE)
        return p.read_text(encoding="utf-8")
    return q


def params(param: list[str]) -> dict[str, str]:
    """``--param key=value`` options as a dict (exit 2 for one without "=")."""
    out = {}
    for p in param:
        if "=" not in p:
            err(f"kehoach: --param expects key=value, got {p!r}")
            raise typer.Exit(EXIT_USAGE)
        k, v = p.split("=", 1)
        out[k.strip()] = v
    return out


def exit_on_sigterm() -> None:
    """Make SIGTERM (a scheduler's or ``timeout``'s stop, ``kill PID``) end kehoach as Ctrl-C does: by an exception,
    so that the build stops its child processes and removes its temporary files on the way out. By default the
    process died at once, and its children went on writing into the output folder.
    """
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)


def file_output(path: Path | None) -> None:
    """Exit with a usage error when ``-o`` names a folder where a command writes one file (checked before any
    work: the file could not be renamed over the folder, and the work would be lost after the fact)."""
    if path is None:
        return
    if path.is_dir():
        err(f"kehoach: -o {path} is a folder: give a file name")
        raise typer.Exit(EXIT_USAGE)
    reason = unwritable(path)
    if reason:
        err(f"kehoach: cannot write -o {path}: {reason}")
        raise typer.Exit(EXIT_USAGE)


def unwritable(path: Path) -> str | None:
    """Why a file cannot be created at ``path`` (its nearest existing folder is a file, or cannot be written:
    no permission, a read-only file system), or None. The folders missing in between are created on writing.

    >>> import tempfile
    >>> f = Path(tempfile.mkdtemp()) / "plan.txt"
    >>> _ = f.write_text("x")
    >>> unwritable(f / "new" / "x.json") == f"{f} is a file, not a folder", unwritable(f.parent / "x.json")
    (True, None)
    """
    at = path.parent
    while not at.exists() and at != at.parent:
        at = at.parent
    if not at.is_dir():
        return f"{at} is a file, not a folder"
    if not os.access(at, os.W_OK | os.X_OK):
        return f"{at} is not writable (permission or a read-only file system)"
    return None


def strip_evidence(obj):
    """``obj`` (records as dicts) without evidence spans and agency mentions (``extract --no-evidence``)."""
    if isinstance(obj, dict):
        return {k: strip_evidence(v) for k, v in obj.items() if k not in ("evidence", "mentions")}
    if isinstance(obj, list):
        return [strip_evidence(v) for v in obj]
    return obj


def emit(text: str, output: Path | None) -> None:
    """Write ``text`` to ``output`` (atomically) or, without one, to stdout."""
    if output:
        from kehoach.util import atomic_write_text

        try:
            atomic_write_text(output, text)
        except OSError as error:  # a full disk, a folder gone read-only since the check (nothing is left half done)
            err(f"kehoach: cannot write {output}: {error.strerror or error}")
            raise typer.Exit(EXIT_ALL_FAILED) from None
    else:
        sys.stdout.write(text)
