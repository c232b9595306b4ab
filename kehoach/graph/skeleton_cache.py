"""A saved graph's skeleton kept beside it, so that only the first map of a big graph reads the whole file.

Reading the :class:`kehoach.graph.skeleton.Skeleton` of a national ``graph.json`` (100k plans: 7.8M lines,
4 GB) takes about 20 s on one core, most of what ``kehoach viz`` costs. :func:`open_skeleton` reads it once and
keeps it in ``.cache/skeleton.npz`` beside ``graph.json``: numpy arrays and JSON text, no pickles, stamped with
the ``graph.json`` it was read from (size, modification time, inode, device) and the skeleton's format. A later
call whose ``graph.json`` has the same stamp loads the arrays (about a second at 100k) instead. A cache that is
stale, damaged or of another format is read again from ``graph.json`` and replaced; a folder that cannot be
written keeps no cache (the skeleton is read each time, as before). Writing a new ``graph.json``
(``kehoach.graph.store.save_graph``) removes the cache, so a stale one does not sit on the disk.

>>> import networkx as nx, tempfile
>>> from kehoach.graph.store import save_graph
>>> g = nx.MultiDiGraph([("p", "t", "HAS_TASK")]); g.nodes["p"]["kind"] = "Plan"
>>> d = tempfile.mkdtemp(); _ = save_graph(g, d)
>>> first = open_skeleton(d); cache_file(d).is_file()
True
>>> again = open_skeleton(d); again.ids == first.ids, again.rel_edges({"HAS_TASK"})
(True, [('p', 't', 'HAS_TASK')])
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np

from kehoach.graph.skeleton import FOCUS_ATTRS, Skeleton
from kehoach.graph.store import SKELETON_CACHE, graph_file
from kehoach.util import atomic_path, json_line, json_loads

FORMAT = 1
"""The layout of the cache file; a cache of another format is read again."""

_ARRAYS = ("kind_codes", "src", "dst", "rel", "edge_at", "node_rows", "node_at")
_ORDER = ("out", "in", "out_ptr", "in_ptr")


def cache_file(out_dir: str | Path) -> Path:
    """Where the skeleton of the ``graph.json`` of ``out_dir`` is kept.

    >>> cache_file("out").as_posix()
    'out/.cache/skeleton.npz'
    """
    return graph_file(out_dir).parent / SKELETON_CACHE


def graph_stamp(out_dir: str | Path) -> list[int]:
    """What identifies the ``graph.json`` of ``out_dir`` as written: size, modification time, inode, device."""
    st = graph_file(out_dir).stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev]


def _meta(stamp: list[int]) -> dict:
    return {"format": FORMAT, "graph": stamp, "focus_attrs": list(FOCUS_ATTRS)}


def _text(obj: object) -> np.ndarray:
    return np.frombuffer(json_line(obj), dtype=np.uint8)


def save_skeleton(s: Skeleton, out_dir: str | Path, stamp: list[int]) -> bool:
    """Keep ``s``, read from the ``graph.json`` of ``out_dir`` that had ``stamp``; False when the folder cannot
    be written (or the disk is full): nothing is left behind then."""
    arrays = {name: getattr(s, name) for name in _ARRAYS}
    arrays.update(zip(_ORDER, s.order(), strict=True))
    arrays["meta"] = _text(_meta(stamp))
    arrays["ids"] = _text(s.ids)
    arrays["kinds"] = _text(s.kinds)
    arrays["rels"] = _text(s.rels)
    arrays["attrs"] = _text(sorted(s.attr_table().items()))
    try:
        with atomic_path(cache_file(out_dir)) as tmp, open(tmp, "wb") as f:
            np.savez(f, **arrays)
    except (OSError, TypeError, ValueError):  # (TypeError: a text JSON cannot hold; the map is drawn anyway)
        return False
    return True


def load_skeleton(out_dir: str | Path) -> Skeleton | None:
    """The kept skeleton of the ``graph.json`` of ``out_dir``, or None when there is none that fits it now."""
    path = cache_file(out_dir)
    try:
        stamp = graph_stamp(out_dir)
        with np.load(path, allow_pickle=False) as z:
            if json_loads(z["meta"].tobytes()) != _meta(stamp):
                return None
            a = {name: z[name] for name in (*_ARRAYS, *_ORDER)}
            ids, kinds, rels = (json_loads(z[k].tobytes()) for k in ("ids", "kinds", "rels"))
            attrs = {int(i): d for i, d in json_loads(z["attrs"].tobytes())}
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
        return None
    if not _consistent(a, len(ids), len(kinds), len(rels)):
        return None
    return Skeleton(ids, kinds, a["kind_codes"], attrs, a["src"], a["dst"], a["rel"], rels, a["edge_at"],
                    a["node_rows"], a["node_at"], order=tuple(a[k] for k in _ORDER))


def _consistent(a: dict[str, np.ndarray], n: int, kinds: int, rels: int) -> bool:
    """Whether the arrays fit together: lengths, and every number within what it numbers."""
    m = len(a["src"])

    def within(name: str, size: int) -> bool:
        x = a[name]
        return x.dtype.kind in "iu" and (len(x) == 0 or (int(x.min()) >= 0 and int(x.max()) < size))

    return (len(a["kind_codes"]) == n and len(a["out_ptr"]) == len(a["in_ptr"]) == n + 1 and
            all(len(a[k]) == m for k in ("dst", "rel", "edge_at", "out", "in")) and
            len(a["node_rows"]) == len(a["node_at"]) and
            all(within(k, n) for k in ("src", "dst", "node_rows")) and within("kind_codes", kinds) and
            within("rel", rels) and within("out", m) and within("in", m) and
            within("out_ptr", m + 1) and within("in_ptr", m + 1))


def open_skeleton(out_dir: str | Path) -> Skeleton:
    """The skeleton of the ``graph.json`` of ``out_dir``: the kept one when it fits, else read (and kept).

    Raises what :meth:`Skeleton.read` raises (not a graph.json a build wrote; a damaged line)."""
    kept = load_skeleton(out_dir)
    return kept if kept is not None else read_skeleton(out_dir)[0]


def read_skeleton(out_dir: str | Path) -> tuple[Skeleton, bool]:
    """The skeleton read from the ``graph.json`` of ``out_dir``, and whether it is now kept (not when the file
    was replaced while it was read, nor where the folder cannot be written).

    Raises what :meth:`Skeleton.read` raises."""
    before = graph_stamp(out_dir)
    s = Skeleton.read(out_dir)
    return s, graph_stamp(out_dir) == before and save_skeleton(s, out_dir, before)
