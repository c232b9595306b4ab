"""Helpers of the graph tests: gold records as extraction records, and lookups in a built graph."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

from kehoach.graph.resolve import subject_from_text
from kehoach.ingest.keys import match_key
from kehoach.ingest.models import ExtractedDocument


def gold_records(gold: dict, seeds_dir: Path | None = None) -> list[ExtractedDocument]:
    """Gold records; with ``seeds_dir``, citations get their "về việc" subject from the seed's own text."""
    recs = [ExtractedDocument.from_dict(copy.deepcopy(d)) for d in gold["documents"]]
    if seeds_dir is not None:
        for r in recs:
            text = (seeds_dir / r.file).read_text(encoding="utf-8")
            for c in r.cites:
                if c.number and c.number in text:
                    c.subject = subject_from_text(text[text.index(c.number):text.index(c.number) + 300])
    return recs


def plans_numbered(g, number):
    return [n for n, a in g.nodes(data=True) if a["kind"] == "Plan" and a["number"] == number]


def agency_nodes(g, name):
    return sorted(n for n, a in g.nodes(data=True) if a["kind"] == "Agency" and match_key(a["name"]) == match_key(name))


def lead_counts(g, plan_id):
    out: Counter = Counter()
    for _, task, k in g.out_edges(plan_id, keys=True):
        if k == "HAS_TASK":
            for agency, _, k2 in g.in_edges(task, keys=True):
                if k2 == "LEADS":
                    out[g.nodes[agency]["name"]] += 1
    return dict(out)
