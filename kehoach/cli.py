"""kehoach: a knowledge graph of Vietnamese government plans.

\b
Exit codes (all commands):
  0  success
  1  some input files failed (each named on stderr with its reason); the others were processed
  2  usage error (unknown option, missing path, bad query name or parameter)
  3  nothing could be processed (every input failed, or the query/engine failed)
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

import typer

from kehoach.cliargs import (  # noqa: F401  (EXIT_OK, EXIT_SOME_FAILED: the exit codes are imported from here)
    EXIT_ALL_FAILED,
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_USAGE,
    exit_on_sigterm,
)
from kehoach.cliargs import emit as _emit
from kehoach.cliargs import err as _err
from kehoach.cliargs import file_output as _file_output
from kehoach.cliargs import note_store_load as _note_store_load
from kehoach.cliargs import params as _params
from kehoach.cliargs import read_query as _read_query
from kehoach.cliargs import strip_evidence as _strip_evidence
from kehoach.clifmt import OutputFormat, print_rows

app = typer.Typer(
    name="kehoach",
    help=__doc__,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)



class ExtractFormat(str, Enum):
    json = "json"
    jsonl = "jsonl"
    table = "table"


@app.command()
def extract(
    paths: list[Path] = typer.Argument(..., help="Files or folders (walked recursively)."),
    format: ExtractFormat = typer.Option(ExtractFormat.json, "--format", "-f", help="json | jsonl | table"),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    evidence: bool = typer.Option(True, "--evidence/--no-evidence", help="Include evidence spans in JSON."),
) -> None:
    """Extract one record per file (plan metadata, citations, tasks, agencies) in the gold record format.

    Exit code 0 when every file was extracted, 1 when some failed (each failure is one line on stderr:
    'kehoach: FILE: reason'), 2 on usage errors, 3 when no file could be extracted.
    """
    from kehoach.ingest.batch import extract_many
    from kehoach.ingest.readers import iter_input_files, missing_reason, unique_names

    _file_output(output)
    files, missing = iter_input_files(paths)
    for m in missing:
        _err(f"kehoach: {m}: {missing_reason(m)}")
    if not files:
        _err("kehoach: no input files")
        raise typer.Exit(EXIT_USAGE)
    records = []
    failed = 0
    for result in extract_many(files, names=unique_names(files)):
        if result.error:
            failed += 1
            _err(f"kehoach: {result.error}")
        else:
            records.append(result.record)
    dicts = [r.to_dict() for r in records]
    if not evidence:
        dicts = [_strip_evidence(d) for d in dicts]
    if format is ExtractFormat.table:
        from kehoach.clifmt import records_table

        text = records_table(records)
    elif format is ExtractFormat.jsonl:
        text = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dicts)
    else:
        text = json.dumps(dicts, ensure_ascii=False, indent=2) + "\n"
    _emit(text, output)
    if failed:
        raise typer.Exit(EXIT_ALL_FAILED if not records else EXIT_SOME_FAILED)


@app.command()
def evaluate(
    paths: list[Path] = typer.Argument(..., help="The annotated files (e.g. ../shared/seeds)."),
    gold: Path = typer.Option(..., "--gold", help="Gold annotation JSON (e.g. ../shared/gold/seeds.json)."),
    details: bool = typer.Option(False, "--details", help="Print per-document errors too."),
) -> None:
    """Score extraction against a gold annotation (precision/recall/F1 per part)."""
    from kehoach.ingest.batch import extract_many
    from kehoach.ingest.evaluate import load_gold, score
    from kehoach.ingest.readers import iter_input_files

    files, _ = iter_input_files(paths)
    records = [r.record.to_dict() for r in extract_many(files) if r.record is not None]
    result = score(records, load_gold(gold))
    out = result if details else result["summary"]
    typer.echo(json.dumps(out, ensure_ascii=False, indent=2))


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Files or folders of plan documents."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    jobs: int = typer.Option(0, "--jobs", "-j", help="Worker processes (0 = all cores)."),
    full: bool = typer.Option(False, "--full", help="Build again even when nothing changed, re-extracting every "
                              "file (ignore the cache)."),
    html: bool = typer.Option(True, "--html/--no-html", help="Write graph.html."),
    cypher: bool = typer.Option(True, "--cypher/--no-cypher", help="Write the embedded Cypher database."),
    rdf: bool = typer.Option(True, "--rdf/--no-rdf", help="Write graph.trig."),
    sparql_store: bool = typer.Option(False, "--sparql-store", help="Also load the SPARQL query store now "
                                      "(graph.oxigraph/; otherwise the first SPARQL question loads it)."),
) -> None:
    """Extract, resolve and write the graph: graph.json, graph.trig, the Cypher DB, graph.html, report.json."""
    from kehoach.graph.pipeline import build_paths
    from kehoach.ingest.readers import iter_input_files, missing_reason

    files, missing = iter_input_files(paths)
    for m in missing:
        _err(f"kehoach: {m}: {missing_reason(m)}")
    if not files:
        _err("kehoach: no input files")
        raise typer.Exit(EXIT_USAGE)
    if out.exists() and not out.is_dir():
        _err(f"kehoach: --out {out} is a file: the build writes a folder")
        raise typer.Exit(EXIT_USAGE)
    from kehoach.graph.pipeline import BuildError

    stages = _StageStatus() if sys.stderr.isatty() else None
    try:
        report = build_paths(paths, out, jobs=jobs, full=full, html=html, cypher=cypher, rdf=rdf,
                             sparql_store=sparql_store and rdf, on_stage=stages)
    except (BuildError, OSError) as err:  # a writer failed (disk full, no permission): said in one line
        _err(f"kehoach: build failed: {' '.join(str(err).split())}")
        raise typer.Exit(EXIT_ALL_FAILED) from None
    finally:
        if stages:
            stages.stop()
    failed = [f for f in report["files"] if f["status"] != "ok"]
    for f in failed:
        _err(f"kehoach: {f['path']}: {f['reason']}")
    counts = report.get("counts", {})
    if report.get("up_to_date"):
        _err(f"kehoach: nothing changed since the last build of {out} (inputs, options, kehoach): left as it "
             "is; --full builds again")
    typer.echo(f"built {out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()), err=True)
    if failed or missing:
        ok = len(report["files"]) - len(failed)
        raise typer.Exit(EXIT_ALL_FAILED if ok == 0 else EXIT_SOME_FAILED)


@contextmanager
def _working(label: str) -> Iterator[None]:
    """On a terminal, a spinner with ``label`` and the time so far while the block runs (an export of a 100k
    graph takes minutes); nothing otherwise."""
    if not sys.stderr.isatty():
        yield
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=Console(stderr=True), transient=True) as bar:
        bar.add_task(label, total=None)
        yield


class _StageStatus:
    """On a terminal, after the extraction bar: a spinner with the build stage running and the time so far
    (at 100k plans resolution and the writers take about 13 minutes)."""

    def __init__(self) -> None:
        self.status = None
        self.start = time.perf_counter()

    def __call__(self, label: str) -> None:
        from rich.console import Console

        text = f"build: {label} (at {time.perf_counter() - self.start:,.0f} s)"
        if self.status is None:
            self.status = Console(stderr=True).status(text)
            self.status.start()
        else:
            self.status.update(text)

    def stop(self) -> None:
        if self.status is not None:
            self.status.stop()


@app.command()
def sparql(
    query: str = typer.Argument(..., help="A SPARQL query, or @FILE to read it from a file."),
    graph: Path = typer.Option(Path("out"), "--graph", "-g", help="Folder written by 'kehoach build'."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    limit: int | None = typer.Option(None, "--limit", min=0, help="Rows to print (0 = all; default: all, "
                                     "but a table shows the first 1,000)."),
) -> None:
    """Run a SPARQL query on the built graph (graph.trig)."""
    from kehoach.queries.runner import QueryError, run_sparql

    _note_store_load(graph)
    try:
        cols, rows = run_sparql(graph, _read_query(query))
    except QueryError as err:
        _err(f"kehoach: {err}")
        raise typer.Exit(EXIT_ALL_FAILED) from None
    print_rows(cols, rows, format, limit)


@app.command()
def query(
    query: str = typer.Argument(..., help="A Cypher query, or @FILE to read it from a file."),
    graph: Path = typer.Option(Path("out"), "--graph", "-g", help="Folder written by 'kehoach build'."),
    param: list[str] = typer.Option([], "--param", "-p", help="Query parameter key=value (as $key)."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    limit: int | None = typer.Option(None, "--limit", min=0, help="Rows to print (0 = all; default: all, "
                                     "but a table shows the first 1,000)."),
) -> None:
    """Run a Cypher query on the embedded graph database."""
    from kehoach.queries.cypher import run_cypher
    from kehoach.queries.runner import QueryError

    try:
        cols, rows = run_cypher(graph, _read_query(query), _params(param))
    except QueryError as err:
        _err(f"kehoach: {err}")
        raise typer.Exit(EXIT_ALL_FAILED) from None
    print_rows(cols, rows, format, limit)


class Engine(str, Enum):
    cypher = "cypher"
    sparql = "sparql"
    neo4j = "neo4j"


@app.command()
def ask(
    name: str | None = typer.Argument(None, help="Question name (omit to list the questions)."),
    graph: Path = typer.Option(Path("out"), "--graph", "-g", help="Folder written by 'kehoach build'."),
    engine: Engine = typer.Option(Engine.cypher, "--engine", "-e", help="cypher (embedded) | sparql | neo4j"),
    param: list[str] = typer.Option([], "--param", "-p", help="Question parameter key=value."),
    format: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    limit: int | None = typer.Option(None, "--limit", min=0, help="Rows to print (0 = all; default: all, "
                                     "but a table shows the first 1,000)."),
    uri: str | None = typer.Option(None, "--uri", envvar="NEO4J_URI"),
    user: str | None = typer.Option(None, "--user", envvar="NEO4J_USERNAME"),
    password: str | None = typer.Option(None, "--password", envvar="NEO4J_PASSWORD"),
    database: str | None = typer.Option(None, "--database", envvar="NEO4J_DATABASE"),
) -> None:
    """Answer a named analyst question (kehoach/queries/NAME.cypher|.rq). Without NAME, list them."""
    from kehoach.queries.runner import ParameterError, QueryError, list_questions
    from kehoach.queries.runner import ask as run_question

    if not name:
        for q in list_questions():
            typer.echo(f"{q.name:32} {q.description}")
        return
    if engine == Engine.sparql:
        _note_store_load(graph)
    try:
        cols, rows = run_question(name, graph, engine=engine.value, params=_params(param),
                                  neo4j={"uri": uri, "user": user, "password": password, "database": database})
    except (KeyError, ParameterError) as err:
        _err(f"kehoach: {err.args[0] if err.args else err}")
        raise typer.Exit(EXIT_USAGE) from None
    except QueryError as err:
        _err(f"kehoach: {err}")
        raise typer.Exit(EXIT_ALL_FAILED) from None
    print_rows(cols, rows, format, limit)


@app.command()
def viz(
    graph: Path = typer.Option(Path("out"), "--graph", "-g", help="Folder written by 'kehoach build'."),
    output: Path = typer.Option(Path("map.html"), "--output", "-o"),
    plan: str | None = typer.Option(None, "--plan", help="Focus on the plan with this number (or title)."),
    province: str | None = typer.Option(None, "--province", help="Focus on one province."),
    agency: str | None = typer.Option(None, "--agency", help="Focus on one agency."),
    depth: int = typer.Option(2, "--depth", help="Neighbourhood depth around the focus."),
    hide: list[str] = typer.Option([], "--hide", help="Hide a node kind: tasks, agencies, units, people, legal."),
) -> None:
    """Write an interactive, offline HTML map of the graph (pyvis)."""
    from kehoach.graph.html import write_saved_html
    from kehoach.graph.store import DamagedGraph

    if not (graph.is_file() or (graph / "graph.json").is_file()):
        _err(f"kehoach: {graph / 'graph.json'} not found: run 'kehoach build PATH --out {graph}' first")
        raise typer.Exit(EXIT_USAGE)
    _file_output(output)
    from kehoach.graph.skeleton_cache import cache_file

    first = "" if cache_file(graph).is_file() else " (the first map of this graph.json reads all of it)"
    try:  # only the part of the graph the map draws is read (see kehoach.graph.skeleton): 100k plans, 7-30 s
        with _working(f"viz: choosing and reading the part of {graph} to draw{first}"):
            info = write_saved_html(graph, output, plan=plan, province=province, agency=agency, depth=depth,
                                    hide=hide)
    except DamagedGraph as err:
        _err(f"kehoach: {err}")
        raise typer.Exit(EXIT_ALL_FAILED) from None
    except ValueError as err:  # a focus (--plan/--province/--agency) that matches nothing, an unknown --hide
        _err(f"kehoach: {err}")
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as err:  # writing the map: a full disk, a folder gone read-only (nothing is left half done)
        _err(f"kehoach: cannot write {output}: {err.strerror or err}")
        raise typer.Exit(EXIT_ALL_FAILED) from None
    for note in info.get("notes", []):
        _err(note)
    typer.echo(f"wrote {output} ({info.get('nodes', 0)} nodes, {info.get('edges', 0)} edges)", err=True)


neo4j_app = typer.Typer(help="Load the graph into a Neo4j (or any Bolt) server.", no_args_is_help=True)
app.add_typer(neo4j_app, name="neo4j")


@neo4j_app.command("load")
def neo4j_load(
    graph: Path = typer.Option(Path("out"), "--graph", "-g", help="Folder written by 'kehoach build'."),
    uri: str = typer.Option("bolt://localhost:7687", "--uri", envvar="NEO4J_URI"),
    user: str = typer.Option("neo4j", "--user", envvar="NEO4J_USERNAME"),
    password: str = typer.Option("", "--password", envvar="NEO4J_PASSWORD"),
    database: str | None = typer.Option(None, "--database", envvar="NEO4J_DATABASE"),
    batch_size: int = typer.Option(1000, "--batch-size"),
) -> None:
    """Create constraints, then MERGE nodes and relationships in batches (idempotent)."""
    from kehoach.graph.neo4j import Neo4jError, load_graph_dir

    try:
        summary = load_graph_dir(graph, uri=uri, user=user, password=password, database=database,
                                 batch_size=batch_size)
    except Neo4jError as err:
        _err(f"kehoach: {err}")
        raise typer.Exit(EXIT_ALL_FAILED) from None
    typer.echo(json.dumps(summary, ensure_ascii=False))


class ExportFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"
    neo4j_csv = "neo4j-csv"


@app.command()
def export(
    graph: Path = typer.Option(Path("out"), "--graph", "-g", help="Folder written by 'kehoach build'."),
    format: ExportFormat = typer.Option(..., "--format", "-f"),
    output: Path = typer.Option(..., "--output", "-o", help="File (graphml, gexf) or folder (csv, neo4j-csv)."),
) -> None:
    """Export the graph for other tools: GraphML / GEXF (Gephi), CSV, neo4j-admin import files."""
    from kehoach.graph.export import export_saved
    from kehoach.graph.store import GRAPH_FILE, DamagedGraph

    if not (graph / GRAPH_FILE).is_file():
        _err(f"kehoach: {graph / GRAPH_FILE} not found: run 'kehoach build PATH --out {graph}' first")
        raise typer.Exit(EXIT_USAGE)
    try:
        with _working(f"export: {format.value} from {graph / GRAPH_FILE}"):
            written = export_saved(graph, format.value, output)
    except FileExistsError as err:  # an output it would destroy (a folder of other files, a file for a folder)
        _err(f"kehoach: {err}")
        raise typer.Exit(EXIT_USAGE) from None
    except (DamagedGraph, OSError) as err:  # (nothing is left of the output: it is written to a temporary path)
        _err(f"kehoach: {err}")
        raise typer.Exit(EXIT_ALL_FAILED) from None
    typer.echo(f"wrote {written}", err=True)


def main() -> None:  # console-script entry point
    exit_on_sigterm()
    app()


if __name__ == "__main__":
    main()
