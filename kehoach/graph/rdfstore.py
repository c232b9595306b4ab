"""The query store of a build: ``graph.oxigraph/``, an on-disk Oxigraph (RocksDB) store next to ``graph.trig``.

The build writes it with the TriG (``kehoach.graph.rdf.write_trig``); SPARQL questions read it instead of
re-parsing the TriG. It holds the same named graphs as the TriG, plus, in its **default graph**, the set-union of
their triples (each triple once): Oxigraph's "union default graph" returns a triple once per named graph holding
it, which multiplies joins and counts. A stamp file (``source.json``) records the size and mtime of the
``graph.trig`` it was written with; a store that does not match its ``graph.trig`` is not used.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "graph.trig").write_text('<http://a/s> { <http://a/s> <http://a/p> "1" . }')
>>> store = load_store(d)              # no graph.oxigraph/: graph.trig is parsed (in memory)
>>> [s["o"].value for s in store.query("SELECT ?o WHERE { ?s ?p ?o }")]
['1']
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

TRIG_FILE = "graph.trig"
STORE_DIR = "graph.oxigraph"
STAMP_FILE = "source.json"
# copies every named-graph triple into the default graph once (used when only graph.trig is available)
UNION_INTO_DEFAULT = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"


def trig_stamp(trig: str | Path) -> dict[str, int]:
    """What identifies one written ``graph.trig``: its size and mtime (ns).

    >>> import tempfile; p = tempfile.mktemp(); _ = open(p, "w").write("x"); trig_stamp(p)["size"]
    1
    """
    st = os.stat(trig)
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def write_stamp(store_dir: str | Path, trig: str | Path) -> None:
    """Record in ``store_dir`` which ``graph.trig`` the store was loaded with."""
    Path(store_dir, STAMP_FILE).write_text(json.dumps(trig_stamp(trig)) + "\n", encoding="utf-8")


def store_matches(graph_dir: str | Path) -> bool:
    """True when ``graph_dir`` has a ``graph.oxigraph/`` written with its current ``graph.trig``.

    >>> store_matches("/nonexistent")
    False
    """
    stamp = Path(graph_dir, STORE_DIR, STAMP_FILE)
    trig = Path(graph_dir, TRIG_FILE)
    try:
        return json.loads(stamp.read_text(encoding="utf-8")) == trig_stamp(trig)
    except (OSError, ValueError):
        return False


@lru_cache(maxsize=4)
def _open_read_only(path: str, stamp: str):
    import pyoxigraph as ox

    return ox.Store.read_only(path)


@lru_cache(maxsize=2)
def _parse_trig(path: str, mtime_ns: int, size: int):
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.TRIG)
    store.update(UNION_INTO_DEFAULT)
    return store


def load_store(graph_dir: str | Path):
    """The ``pyoxigraph.Store`` of a build folder, default graph = deduplicated union of the named graphs.

    Opens ``graph.oxigraph/`` read-only when it matches ``graph.trig``, else parses ``graph.trig`` into memory
    (both cached per process). FileNotFoundError without ``graph.trig``; SyntaxError/OSError for a bad file.
    """
    graph_dir = Path(graph_dir).resolve()
    trig = graph_dir / TRIG_FILE
    if not trig.exists():
        raise FileNotFoundError(str(trig))
    if store_matches(graph_dir):
        stamp = (graph_dir / STORE_DIR / STAMP_FILE).read_text(encoding="utf-8")
        return _open_read_only(str(graph_dir / STORE_DIR), stamp)
    st = trig.stat()
    return _parse_trig(str(trig), st.st_mtime_ns, st.st_size)
