"""Accuracy against the generator's ground truth beyond the records' F1 (for ``run.py``): per source format,
task titles, the build's plan merges, and the graph's task roles.
"""

from __future__ import annotations

import json
from pathlib import Path


def accuracy_by_format(records: list[dict], truth: dict, score) -> dict:
    """F1 of cites, tasks and leads for the records of each source format (a .txt by its encoding, a PDF read by
    OCR apart), when there is more than one."""
    groups: dict[str, list[dict]] = {}
    for r in records:
        src = r.get("source") or {}
        fmt = src.get("format") or "?"
        if fmt == "pdf" and any("read by OCR" in w for w in r.get("warnings") or ()):
            fmt = "pdf/scan"
        groups.setdefault(f"txt/{src.get('encoding')}" if fmt == "txt" else fmt, []).append(r)
    if len(groups) < 2:
        return {}
    out = {}
    for fmt, recs in sorted(groups.items()):
        names = {r["file"] for r in recs}
        part = {"documents": [d for d in truth["documents"] if d["file"] in names],
                "counts": {f: c for f, c in truth["counts"].items() if f in names}}
        s = score(recs, part)["summary"]
        out[fmt] = {"documents": len(recs), **{k: s[k]["f1"] for k in ("cites", "tasks", "leads")}}
    return out


def task_titles(records: list[dict], truth: dict) -> dict:
    """Share of the truth's tasks whose extracted title is the same text (spaces aside): the tasks F1 matches a
    task by its reference, so a title with the next paragraph's first words glued on is still a match there."""
    by_file = {r["file"]: {t["ref"]: t for t in r["tasks"]} for r in records}
    same = n = 0
    for d in truth["documents"]:
        got = by_file.get(d["file"], {})
        for t in d["tasks"]:
            n += 1
            p = got.get(t["ref"])
            same += bool(p) and p["title"].split() == t["title"].split()
    return {"same": same, "truth": n, "share": round(same / n, 4) if n else 1.0}


def plan_merges(graph: Path, truth_path: Path) -> dict:
    """Records the build merged into a plan another record describes (``merged_plans`` of report.json), against
    the records the ground truth says do (same province, issuer jurisdiction, number and issue year). The
    generator writes every plan once, so its truth is 0 and every merge is a false one (plan numbers restart
    every year: "444/KH-UBND" of 2015 and of 2019 are two plans)."""
    import corpus as gen

    seen: set[tuple] = set()
    truth = 0
    for d in gen.iter_truth(truth_path):
        p = d["plan"]
        if p["number"]:
            key = (p["province"], (p.get("issuer") or {}).get("jurisdiction"), p["number"],
                   (p["date"] or p["date_partial"] or "")[:4])
            truth += key in seen
            seen.add(key)
    merged = json.loads((graph / "report.json").read_text(encoding="utf-8")).get("merged_plans", {})
    return {"merged": sum(len(v) for v in merged.values()), "truth": truth}


ROLES_QUERY = """
MATCH (t:Task)<-[r:LEADS|COORDINATES]-(a:Agency)
UNWIND t.sources AS file
WITH file, t, r, a WHERE file IN $files
RETURN file, t.ref, label(r), a.name, a.jurisdiction
"""


def graph_roles(graph: Path, truth: dict) -> dict:
    """The graph's task roles against the ground truth: F1 of (file, task ref, role, agency name, jurisdiction)
    over the truth's documents. It scores the resolution of each task's agency names to the graph's agencies
    (the records give a task's agencies by name only: "Ủy ban nhân dân" of a named district and the issuer's
    are two nodes). A catch-all, which the truth gives no jurisdiction, is the issuer's in the graph."""
    from kehoach.queries.cypher import run_cypher

    want: set[tuple] = set()
    for d in truth["documents"]:
        issuer = ((d["plan"] or {}).get("issuer") or {}).get("jurisdiction") or ""
        for t in d["tasks"]:
            for role, name, jur in t.get("roles") or ():
                want.add((d["file"], t["ref"], "COORDINATES" if role == "coord" else "LEADS", name, jur or issuer))
    files = sorted({d["file"] for d in truth["documents"]})
    _, rows = run_cypher(graph, ROLES_QUERY, {"files": files})
    got = {tuple(r) for r in rows}
    tp = len(want & got)
    p = tp / len(got) if got else 0.0
    r = tp / len(want) if want else 0.0
    return {"tp": tp, "graph": len(got), "truth": len(want), "f1": round(2 * p * r / (p + r), 4) if tp else 0.0}
