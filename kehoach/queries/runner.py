"""The analyst question library and the SPARQL runner.

Each question is a pair of files in this folder with the same name and the same columns: ``NAME.rq``
(SPARQL, on ``graph.trig``) and ``NAME.cypher`` (embedded Cypher DB or Neo4j). The ``.rq`` header comment
says what the question answers::

    # description: one line
    # param: plan (optional) — help text
    # columns: plan, agency, jurisdiction, tasks

A parameter ``NAME`` is the SPARQL variable ``?param_NAME`` (unbound when an optional parameter is omitted) and
the Cypher parameter ``$NAME`` (``""`` when omitted). Values never become query syntax: they are bound as
escaped RDF literals in a ``VALUES`` block (Oxigraph's own substitutions only bind projected variables) or
passed as Cypher parameters.

>>> "agencies-by-tasks-led" in [q.name for q in list_questions()]
True
>>> get_question("plans-citing").params[0].name
'number'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

QUERIES_DIR = Path(__file__).parent
TRIG_FILE = "graph.trig"


class QueryError(Exception):
    """A query could not run (missing graph, syntax error, missing parameter); ``str(err)`` is one line."""


class ParameterError(QueryError):
    """A question was called with a missing, unknown or malformed parameter (a usage error)."""


@dataclass(frozen=True)
class Param:
    name: str
    required: bool = True
    help: str = ""


@dataclass(frozen=True)
class Question:
    """A named analyst question: ``name``, one-line ``description``, ``params``, output ``columns``."""

    name: str
    description: str
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    notes: str = ""
    engines: tuple[str, ...] = field(default=())

    def path(self, engine: str) -> Path:
        return QUERIES_DIR / f"{self.name}.{'rq' if engine == 'sparql' else 'cypher'}"


_PARAM_LINE = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?P<opt>\(optional\))?\s*(?:[—:-]\s*(?P<help>.*))?$")


def parse_header(name: str, text: str) -> Question:
    """The ``Question`` a ``.rq`` file's leading comment describes.

    >>> q = parse_header("x", "# description: Plans.\\n# param: plan (optional) — a number\\n# columns: a, b\\nSELECT")
    >>> q.description, q.params[0].required, q.columns
    ('Plans.', False, ('a', 'b'))
    """
    desc, params, cols, notes = "", [], (), []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        body = line[1:].strip()
        key, _, value = body.partition(":")
        key = key.strip().lower()
        if key == "description":
            desc = value.strip()
        elif key == "param":
            m = _PARAM_LINE.match(value.strip())
            if m:
                params.append(Param(m.group("name"), not m.group("opt"), (m.group("help") or "").strip()))
        elif key == "columns":
            cols = tuple(c.strip() for c in value.split(",") if c.strip())
        else:
            notes.append(body)
    engines = tuple(e for e, ext in (("sparql", "rq"), ("cypher", "cypher"))
                    if (QUERIES_DIR / f"{name}.{ext}").exists())
    return Question(name, desc, tuple(params), cols, " ".join(notes), engines)


def list_questions() -> list[Question]:
    """Every question of the library, sorted by name."""
    return [parse_header(p.stem, p.read_text(encoding="utf-8")) for p in sorted(QUERIES_DIR.glob("*.rq"))]


def get_question(name: str) -> Question:
    """The question called ``name``; KeyError otherwise, naming the closest questions to ``name`` read as words
    (``kehoach.queries.suggest``) and the known names.

    >>> try:
    ...     get_question("which documents are cited most?")
    ... except KeyError as err:
    ...     print(err.args[0].splitlines()[:2])
    ["unknown question 'which documents are cited most?'; closest:", '  most-cited-documents                 Documents cited by the most plans.']
    """
    path = QUERIES_DIR / f"{name}.rq"
    if not re.fullmatch(r"[a-z0-9-]+", name or "") or not path.exists():
        from kehoach.queries.suggest import closest_questions

        known = ", ".join(q.name for q in list_questions())
        close = closest_questions(name or "")
        hint = "; closest:\n" + "".join(f"  {q.name:36} {q.description}\n" for q in close) if close else "; "
        raise KeyError(f"unknown question {name!r}{hint}known questions: {known}")
    return parse_header(name, path.read_text(encoding="utf-8"))


def normalize_value(value: Any) -> Any:
    """Parameter values as the graph stores text: NFC, new-style tone marks, whitespace collapsed.

    >>> normalize_value("  Sở Thông tin  và Truyền thông ")
    'Sở Thông tin và Truyền thông'
    """
    if not isinstance(value, str):
        return value
    from kehoach.ingest.normalize import new_style_tones

    return " ".join(new_style_tones(unicodedata.normalize("NFC", value)).split())


# --- SPARQL ------------------------------------------------------------------------------------------------
def load_store(graph_dir: str | Path):
    """The ``pyoxigraph.Store`` of a build folder: its ``graph.oxigraph/`` query store, loaded from
    ``graph.trig`` first when it is missing or stale (in memory when the folder is read-only). The default
    graph is the deduplicated union of the named graphs (see ``kehoach.graph.rdfstore``)."""
    from kehoach.graph.rdfstore import NoRoom
    from kehoach.graph.rdfstore import load_store as _load_store

    try:
        return _load_store(graph_dir)
    except NoRoom as err:
        raise QueryError(str(err)) from None
    except FileNotFoundError:
        path = Path(graph_dir) / TRIG_FILE
        raise QueryError(f"{path} not found: run 'kehoach build PATH --out {graph_dir}' (with --rdf) first") from None
    except (SyntaxError, ValueError, OSError) as err:
        raise QueryError(f"{Path(graph_dir) / TRIG_FILE}: cannot read the graph: {' '.join(str(err).split())}"
                         ) from None


def load_dataset(graph_dir: str | Path):
    """The same store as an rdflib ``Dataset`` (oxrdflib); its default graph is the deduplicated union."""
    from oxrdflib import OxigraphStore
    from rdflib import Dataset

    return Dataset(store=OxigraphStore(store=load_store(graph_dir)))


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def bind_values(query: str, params: dict[str, Any]) -> str:
    """Bind each parameter (``None`` = unbound) as a one-row ``VALUES`` block at the top of every group that
    follows a ``WHERE`` — the values are RDF literals escaped by rdflib, never pasted text.

    >>> bind_values('SELECT ?x WHERE { ?x ?p ?o }', {"v": 'a" } DROP'})
    'SELECT ?x WHERE { VALUES (?v) { ("a\\\\" } DROP") } ?x ?p ?o }'
    """
    from rdflib import Literal

    if not params:
        return query
    names = sorted(params)
    for n in names:
        if not _VAR.match(n):
            raise ParameterError(f"invalid parameter name {n!r}")
    cells = " ".join("UNDEF" if params[n] is None else Literal(params[n]).n3() for n in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({cells}) }}"
    return _WHERE.sub(lambda m: f"{m.group(0)} {block}", query)


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {_XSD + t for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                  "positiveInteger", "unsignedInt", "unsignedLong")}


def _value(term: Any) -> Any:
    """A result cell as plain Python: "" when unbound, int/float/bool for numeric and boolean literals."""
    if term is None:
        return ""
    value = term.value
    datatype = getattr(term, "datatype", None)
    if datatype is None:
        return value
    dt = datatype.value
    try:
        if dt in _INTEGERS:
            return int(value)
        if dt in (_XSD + "double", _XSD + "float"):
            return float(value)
    except ValueError:
        return value
    if dt == _XSD + "boolean":
        return value in ("true", "1")
    return value


# what is not SPARQL syntax: strings, IRIs, comments (blanked out before looking for a keyword)
_NOT_SYNTAX = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|'
                         r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_SERVICE = re.compile(r"(?i)(?<![\w:?$])SERVICE(?![\w:])")


def refuse_federation(query: str) -> None:
    """QueryError for a query with ``SERVICE`` (a federated query: Oxigraph would send part of it to another
    SPARQL endpoint over the network, and kehoach runs offline). The word in a string, an IRI, a comment or a
    name is not the keyword.

    >>> refuse_federation('SELECT * WHERE { ?s <http://x/SERVICE> "SERVICE" . ?s ex:service ?service } # SERVICE')
    >>> try:
    ...     refuse_federation("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    ... except QueryError as err:
    ...     print(str(err)[:40])
    SERVICE (a federated query, sent to anot
    """
    if _SERVICE.search(_NOT_SYNTAX.sub(" ", query)):
        raise QueryError("SERVICE (a federated query, sent to another SPARQL endpoint over the network) is not "
                         "run: kehoach answers from the build folder alone, offline")


def run_sparql(graph_dir: str | Path, query: str, params: dict[str, Any] | None = None
               ) -> tuple[list[str], list[list[Any]]]:
    """Run a SPARQL SELECT on a build folder (Oxigraph's engine on its query store; the default graph is the
    union of the named graphs, each triple once); ``params`` bind the variables of the same name.

    Unbound cells come back as "" (never None).

    >>> import tempfile, networkx as nx
    >>> from kehoach.graph.rdf import write_trig
    >>> g = nx.MultiDiGraph(); g.add_node("plan/x", kind="Plan", id="plan/x", label="9/KH", number="9/KH", sources=["a"])
    >>> d = tempfile.mkdtemp(); _ = write_trig(g, d + "/graph.trig")
    >>> run_sparql(d, "SELECT DISTINCT ?n WHERE { ?p <https://kehoach.dev/ontology#number> ?n . FILTER(?n = ?v) }",
    ...            {"v": "9/KH"})
    (['n'], [['9/KH']])
    """
    import pyoxigraph as ox

    from kehoach.util import paused_gc

    refuse_federation(query)
    store = load_store(graph_dir)
    text = bind_values(query, params or {})
    try:
        with paused_gc():  # as in run_cypher: no collections while the rows are made
            result = store.query(text)
            if not isinstance(result, ox.QuerySolutions):
                raise QueryError("only SELECT queries are supported")
            cols = [v.value for v in result.variables]
            rows = [[_value(solution[i]) for i in range(len(cols))] for solution in result]
    except QueryError:
        raise
    except Exception as err:  # pyoxigraph raises SyntaxError/ValueError/OSError for bad queries
        raise QueryError(f"SPARQL error: {' '.join(str(err).split())}") from None
    return cols, rows


def ask(name: str, graph_dir: str | Path, engine: str = "cypher", params: dict[str, Any] | None = None,
        neo4j: dict[str, Any] | None = None) -> tuple[list[str], list[list[Any]]]:
    """Answer the question ``name`` with ``engine`` (cypher | sparql | neo4j); returns (columns, rows).

    Unknown name -> KeyError; a missing required or an unknown parameter -> QueryError.

    >>> ask("plans-citing", ".", engine="sparql")
    Traceback (most recent call last):
    kehoach.queries.runner.ParameterError: plans-citing: missing required parameter(s) number (use --param KEY=VALUE)
    """
    q = get_question(name)
    params = {k: normalize_value(v) for k, v in (params or {}).items()}
    known = {p.name for p in q.params}
    extra = sorted(set(params) - known)
    if extra:
        raise ParameterError(f"{name}: unknown parameter(s) {', '.join(extra)}; it takes: "
                         f"{', '.join(sorted(known)) or 'none'}")
    missing = [p.name for p in q.params if p.required and params.get(p.name) in (None, "")]
    if missing:
        raise ParameterError(f"{name}: missing required parameter(s) {', '.join(missing)} (use --param KEY=VALUE)")
    if engine == "sparql":
        bound = {f"param_{p.name}": (params.get(p.name) or None) for p in q.params}
        return run_sparql(graph_dir, q.path("sparql").read_text(encoding="utf-8"), bound)
    path = q.path("cypher")
    if not path.exists():
        raise QueryError(f"{name}: no Cypher version ({path.name}) yet; try --engine sparql")
    cparams = {p.name: params.get(p.name) or "" for p in q.params}
    text = path.read_text(encoding="utf-8")
    if engine == "cypher":
        from kehoach.queries.cypher import run_cypher

        return run_cypher(graph_dir, text, cparams)
    if engine == "neo4j":
        from kehoach.queries.cypher import run_neo4j

        return run_neo4j(text, cparams, **{k: v for k, v in (neo4j or {}).items() if v is not None})
    raise QueryError(f"unknown engine {engine!r} (cypher | sparql | neo4j)")
