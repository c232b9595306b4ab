"""Small helpers shared by the writers: atomic writes (temp file, then rename), fast JSON lines.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
>>> atomic_write_text(p, "xin chào")
>>> p.read_text(encoding="utf-8")
'xin chào'
"""

from __future__ import annotations

import gc
import itertools
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import orjson

_TMP_SERIAL = itertools.count()


_JSON_LINE = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def json_line(obj: Any) -> bytes:
    """``obj`` as compact JSON with sorted keys, in UTF-8: the bytes of ``json.dumps(obj, ensure_ascii=False,
    sort_keys=True, separators=(",", ":"))`` encoded, written several times faster (orjson). The format of
    every line of ``graph.json`` and ``records.json``.

    >>> json_line({"b": 1, "a": "Sở Ngoại vụ"}).decode("utf-8")
    '{"a":"Sở Ngoại vụ","b":1}'
    """
    return orjson.dumps(obj, option=_JSON_LINE)


def json_loads(data: bytes | str) -> Any:
    """Parse one JSON document (bytes in UTF-8, or text); what :func:`json_line` wrote comes back equal.

    >>> json_loads(json_line({"a": [1, "hai"]}))
    {'a': [1, 'hai']}
    """
    return orjson.loads(data)


def atomic_write_bytes(path: str | Path, data: bytes) -> None:
    """Write ``data`` to a temporary sibling (``.NAME.tmp-PID-N``, created exclusively with the usual
    permissions), then rename it over ``path``: a reader sees the old file or the new one, never a part."""
    path = Path(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        tmp = path.parent / f".{path.name}.tmp-{os.getpid()}-{next(_TMP_SERIAL)}"
        try:
            fd = os.open(tmp, flags, 0o666)
            break
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # left by a dead process that had this pid
            pass
    else:
        raise FileExistsError(f"no free temporary name next to {path}")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary sibling path to write a file *or directory* into; rename it over ``path`` on success
    (a file over a file, a folder over a folder: anything else raises, the temporary path removed).

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()) / "db"
    >>> with atomic_path(d) as tmp:
    ...     _ = tmp.mkdir()
    >>> d.is_dir()
    True
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.tmp-{os.getpid()}"
    _remove(tmp)
    try:
        yield tmp
        old = path.parent / f".{path.name}.old-{os.getpid()}"
        if path.exists():
            if path.is_dir() != tmp.is_dir():  # a folder is never replaced by a file, nor a file by a folder
                raise (IsADirectoryError if path.is_dir() else NotADirectoryError)(
                    f"{path} is a {'folder' if path.is_dir() else 'file'}: not replaced by a "
                    f"{'folder' if tmp.is_dir() else 'file'}")
            os.replace(path, old)
        os.replace(tmp, path)
        _remove(old)
    except BaseException:
        _remove(tmp)
        raise


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p, ignore_errors=True)
    elif p.exists() or p.is_symlink():
        p.unlink(missing_ok=True)


def release_memory() -> int:
    """Give the memory of freed objects back to the system: empty kehoach's memo caches (``functools`` caches:
    they are rebuilt on use), collect, and ask the C allocator to return free pages. Returns how many caches
    were emptied.

    A build's caches (name keys, slugs …) are filled while the graph is built, so their small entries sit in
    the same allocator arenas as the graph's objects: while they live, freeing the graph returns almost
    nothing (10k plans: 1.28 GB kept; emptied caches: 0.22 GB).

    >>> release_memory() >= 0
    True
    """
    import ctypes
    import sys

    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "kehoach" or name.startswith("kehoach.")):
            continue
        for value in list(vars(module).values()):
            # (looked up on the type: a namespace object such as rdflib's XSD answers any attribute, with a warning)
            if callable(getattr(type(value), "cache_clear", None)) and getattr(value, "__module__", None) == name:
                value.cache_clear()
                cleared += 1
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the pages stay with the process until reused
        pass
    return cleared


_LEFTOVER = re.compile(r"^\..+\.(?:tmp|spool|share)-(\d+)(?:[-.].*)?$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_leftovers(folder: str | Path) -> list[str]:
    """Remove what an interrupted run left in ``folder``: temporary files and folders named after a process
    (``.graph.json.tmp-PID``, ``.graph.trig.spool-PID-…``, ``.graph.trig.share-PID-N`` …) whose process is gone.
    A running process's files are kept. Returns the names removed.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / f".graph.json.tmp-{os.getpid()}").write_text("mine, still running")
    >>> (d / ".graph.trig.spool-999999999-x").mkdir(); _ = (d / "graph.json").write_text("{}")
    >>> remove_leftovers(d), sorted(p.name.split("-")[0] for p in d.iterdir())
    (['.graph.trig.spool-999999999-x'], ['.graph.json.tmp', 'graph.json'])
    """
    folder = Path(folder)
    removed = []
    if not folder.is_dir():
        return removed
    for entry in sorted(folder.iterdir()):
        m = _LEFTOVER.match(entry.name)
        if m and not _alive(int(m.group(1))):
            _remove(entry)
            removed.append(entry.name)
    return removed


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small containers (none of them in a
    cycle): its collections, triggered by allocations, otherwise rescan the growing graph again and again.

    >>> with paused_gc():
    ...     gc.isenabled()
    False
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


LOCK_FILE = ".build.lock"


class FolderBusy(OSError):
    """Another process is writing the folder (``holder``: its process id, as it wrote it in the lock file)."""

    def __init__(self, folder: str | Path, holder: str):
        super().__init__(f"another kehoach build (process {holder or '?'}) is writing {folder}: wait for it to "
                         "finish, or build into another folder")
        self.holder = holder


@contextmanager
def writing_folder(folder: str | Path) -> Iterator[None]:
    """Hold ``folder``'s lock (``.build.lock``, an exclusive ``flock``) while writing it: two builds into one folder
    would leave outputs of both, and a record of either. The system releases it when the process ends, however
    it ends. Raises :class:`FolderBusy` when another process holds it (where ``fcntl`` is missing: no lock).

    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> with writing_folder(d):
    ...     try:
    ...         with writing_folder(d):
    ...             pass
    ...     except FolderBusy as err:
    ...         err.holder == str(os.getpid())
    True
    """
    try:
        import fcntl
    except ImportError:  # (not a POSIX system)
        yield
        return
    fd = os.open(Path(folder) / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusy(folder, os.pread(fd, 32, 0).decode("ascii", "replace").strip()) from None
        except OSError:  # a file system without locks (some network mounts): build unlocked, as before
            yield
            return
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # (releases the lock)


@contextmanager
def waiting_for(lock_file: str | Path) -> Iterator[None]:
    """Hold the exclusive ``flock`` of ``lock_file``, waiting for any other process that holds it: for work that
    two processes must not do at once and the second should then find done (the SPARQL store's first load).
    Where the file cannot be created (a folder that cannot be written) or locked, no lock.

    >>> import tempfile
    >>> with waiting_for(Path(tempfile.mkdtemp()) / ".x.lock"):
    ...     pass
    """
    try:
        import fcntl

        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    except (ImportError, OSError):
        yield
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            pass  # (a file system without locks)
        yield
    finally:
        os.close(fd)
