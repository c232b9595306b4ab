"""Printing query results and extraction summaries: table (rich), JSON (list of row objects) or CSV.

>>> import io, contextlib
>>> buf = io.StringIO()
>>> with contextlib.redirect_stdout(buf):
...     print_rows(["agency", "tasks"], [["Sở Ngoại vụ", 3]], OutputFormat.json)
>>> buf.getvalue().strip()
'[{"agency": "Sở Ngoại vụ", "tasks": 3}]'
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Any


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def rows_as_dicts(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[dict[str, Any]]:
    return [dict(zip(columns, r)) for r in rows]


TABLE_LIMIT = 1000
"""Rows a table shows unless told otherwise (a national listing has hundreds of thousands; JSON and CSV, read
by programs, get every row)."""


def print_rows(columns: Sequence[str], rows: Sequence[Sequence[Any]], fmt: OutputFormat,
               limit: int | None = None) -> None:
    """Print an answer as a table, JSON or CSV; at most ``limit`` rows (0: all; None: ``TABLE_LIMIT`` for a
    table, all otherwise), saying on stderr how many were left out.

    >>> print_rows(["n"], [[1], [2], [3]], OutputFormat.csv, limit=2)
    n
    1
    2
    """
    if limit is None:
        limit = TABLE_LIMIT if fmt is OutputFormat.table else 0
    total = len(rows)
    if 0 < limit < total:
        rows = rows[:limit]
        print(f"showing the first {limit:,} of {total:,} rows (--limit 0 for all)", file=sys.stderr)
    if fmt is OutputFormat.json:
        sys.stdout.write(json.dumps(rows_as_dicts(columns, rows), ensure_ascii=False) + "\n")
    elif fmt is OutputFormat.csv:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if v is None else v for v in r])
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(*columns, show_lines=False)
        for r in rows:
            # markup=False-equivalent: rich.text.Text keeps document text literal ("[b]" stays "[b]")
            from rich.text import Text

            t.add_row(*(Text("" if v is None else str(v)) for v in r))
        Console(soft_wrap=False).print(t)
        Console(stderr=True).print(f"{len(rows)} row(s)", style="dim")


def records_table(records: Sequence[Any]) -> str:
    """A human summary of extraction records (plan metadata, citations, tasks with leads/coordinators)."""
    from io import StringIO

    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buf = StringIO()
    con = Console(file=buf, width=160, force_terminal=False)
    for rec in records:
        p = rec.plan
        head = f"{rec.file}  [{rec.kind}]  {p.number or '(no number)'}  {p.date or p.date_partial or ''}"
        con.print(Text(head, style="bold"))
        issuer = f"{p.issuer.name} {p.issuer.jurisdiction or ''}".strip() if p.issuer else ""
        con.print(Text(f"  {p.doc_type}: {p.title or ''}\n  issuer: {issuer}  level: {p.level or ''}  "
                       f"signer: {p.signer.name if p.signer else ''}"))
        for warning in rec.warnings:  # (how the file was read: OCR, a legacy encoding converted, …)
            con.print(Text(f"  warning: {warning}", style="yellow"))
        if rec.cites:
            t = Table("cited", "type", "date", "issuer", "role", title="citations", title_justify="left")
            for c in rec.cites:
                t.add_row(*(Text(x or "") for x in (c.number or c.name, c.type, c.date, c.issuer, c.role)))
            con.print(t)
        if rec.tasks:
            t = Table("ref", "task", "leads", "coordinators", "when", title="tasks", title_justify="left")
            for k in rec.tasks:
                t.add_row(*(Text(x or "") for x in (k.ref, k.title[:60], _agencies(k, "lead"),
                                                      _agencies(k, "coord"), k.timeframe)))
            con.print(t)
        con.print()
    return buf.getvalue()


def _agencies(task: Any, role: str) -> str:
    """A task's leads or coordinators for the table; with their jurisdictions where its names are ambiguous.

    >>> from kehoach.ingest.models import Task
    >>> _agencies(Task("1", "T", leads=["Công an"], roles=[("lead", "Công an", "huyện Cầu Ngang"),
    ...                                                    ("coord", "Công an", "xã Long Sơn")]), "coord")
    'Công an (xã Long Sơn)'
    """
    if task.roles:
        return "; ".join(f"{name} ({j})" if j else name for r, name, j in task.roles if r == role)
    return "; ".join(task.leads if role == "lead" else task.coordinators)
