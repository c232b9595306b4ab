"""Score extraction records against a gold annotation (../shared/gold/seeds.json).

Matching follows the gold README: strings compared after NFC, case folding, tone-placement normalization and
whitespace collapsing (``match_key``); document numbers with spaces removed; tasks by title prefix.

Citations are scored strictly: a predicted cite is a true positive only when its identity (number, or name
for unnumbered cites) matches a gold cite *and* its type, date, issuer, role and as_written agree.
Agencies are (name, jurisdiction) pairs. Lead/coordinator assignments are (task, agency name) pairs over
tasks matched one-to-one by title prefix; assignments of unmatched tasks count as errors.

>>> prf(8, 10, 9)
{'tp': 8, 'predicted': 10, 'gold': 9, 'precision': 0.8, 'recall': 0.889, 'f1': 0.842}
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from kehoach.ingest.keys import match_key

PLAN_FIELDS = ("number", "doc_type", "issuer.name", "issuer.jurisdiction", "place", "date", "date_partial",
               "title", "year_covered", "level", "province", "district", "signer.name", "signer.title")
CITE_FIELDS = ("type", "date", "issuer", "role", "as_written")


def prf(tp: int, predicted: int, gold: int) -> dict[str, Any]:
    p = tp / predicted if predicted else (1.0 if not gold else 0.0)
    r = tp / gold if gold else (1.0 if not predicted else 0.0)
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "predicted": predicted, "gold": gold, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(f, 3)}


def key(value: Any) -> Any:
    """Comparison key of one value: strings by ``match_key``, other values as they are."""
    if isinstance(value, str):
        return match_key(value)
    return value


def number_key(number: str | None) -> str | None:
    return match_key("".join(number.split())) if number else None


def _get(d: dict[str, Any] | None, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(d, dict):
            return None
        d = d.get(part)
    return d


def score_plan(pred: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    wrong = {}
    for f in PLAN_FIELDS:
        g, p = _get(gold, f), _get(pred, f)
        gk, pk = (number_key(g), number_key(p)) if f == "number" else (key(g), key(p))
        if gk != pk:
            wrong[f] = {"gold": g, "predicted": p}
    return {"fields": len(PLAN_FIELDS), "correct": len(PLAN_FIELDS) - len(wrong), "wrong": wrong}


def _cite_id(c: dict[str, Any]) -> tuple[str, Any]:
    if c.get("number"):
        return ("number", number_key(c["number"]))
    return ("name", key(c.get("name") or c.get("as_written") or ""))


def score_cites(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    gold_by_id = {_cite_id(c): c for c in gold}
    tp_loose = tp = 0
    errors = []
    seen = set()
    for c in pred:
        cid = _cite_id(c)
        g = gold_by_id.get(cid)
        if g is None or cid in seen:
            errors.append({"spurious": c.get("number") or c.get("name")})
            continue
        seen.add(cid)
        tp_loose += 1
        diffs = {f: {"gold": g.get(f), "predicted": c.get(f)} for f in CITE_FIELDS if key(g.get(f)) != key(c.get(f))}
        if diffs:
            errors.append({"cite": cid[1], "fields": diffs})
        else:
            tp += 1
    missed = [gid[1] for gid in gold_by_id if gid not in seen]
    errors.extend({"missed": m} for m in missed)
    return {"strict": prf(tp, len(pred), len(gold)), "identity": prf(tp_loose, len(pred), len(gold)),
            "errors": errors}


def _ref_key(r: dict[str, Any]) -> tuple[Any, ...]:
    return (number_key(r.get("number")), key(r.get("type")), key(r.get("issuer")))


def score_derives(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    p = sorted(map(_ref_key, pred), key=repr)
    g = sorted(map(_ref_key, gold), key=repr)
    return {"exact": p == g, "predicted": p, "gold": g}


def _title_match(a: str, b: str) -> bool:
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return False
    short, long_ = (ka, kb) if len(ka) <= len(kb) else (kb, ka)
    return long_.startswith(short[: max(20, min(len(short), 60))]) if len(short) >= 20 else long_ == short


def match_tasks(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index) of tasks whose titles match by prefix (in document order)."""
    pairs = []
    used: set[int] = set()
    for i, t in enumerate(pred):
        cands = [j for j, g in enumerate(gold) if j not in used and _title_match(t.get("title", ""), g.get("title", ""))]
        if not cands:
            continue
        same_ref = [j for j in cands if key(str(gold[j].get("ref"))) == key(str(t.get("ref")))]
        j = (same_ref or cands)[0]
        used.add(j)
        pairs.append((i, j))
    return pairs


def _assignment_pairs(tasks: list[dict[str, Any]], ids: list[Any], role: str) -> set[tuple[Any, str]]:
    return {(tid, key(a)) for t, tid in zip(tasks, ids) for a in t.get(role) or []}


def score_tasks(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    pairs = match_tasks(pred, gold)
    pred_ids: list[Any] = [("p", i) for i in range(len(pred))]
    for i, j in pairs:
        pred_ids[i] = ("g", j)
    gold_ids = [("g", j) for j in range(len(gold))]
    out: dict[str, Any] = {"tasks": prf(len(pairs), len(pred), len(gold))}
    for role in ("leads", "coordinators"):
        p = _assignment_pairs(pred, pred_ids, role)
        g = _assignment_pairs(gold, gold_ids, role)
        out[role] = prf(len(p & g), len(p), len(g))
        out[role + "_errors"] = {
            "spurious": sorted(str(x) for x in p - g), "missed": sorted(str(x) for x in g - p)}
    matched_g = {j for _, j in pairs}
    matched_p = {i for i, _ in pairs}
    out["missed_tasks"] = [gold[j].get("title") for j in range(len(gold)) if j not in matched_g]
    out["spurious_tasks"] = [pred[i].get("title") for i in range(len(pred)) if i not in matched_p]
    return out


def _agency_key(a: dict[str, Any]) -> tuple[Any, Any]:
    return (key(a.get("name")), key(a.get("jurisdiction")))


def score_agencies(pred: list[dict[str, Any]], gold: list[dict[str, Any]]) -> dict[str, Any]:
    p = {_agency_key(a) for a in pred}
    g = {_agency_key(a) for a in gold}
    pn = {k[0] for k in p}
    gn = {k[0] for k in g}
    return {"strict": prf(len(p & g), len(p), len(g)), "names": prf(len(pn & gn), len(pn), len(gn)),
            "spurious": sorted(map(str, p - g)), "missed": sorted(map(str, g - p))}


def lead_counts(tasks: list[dict[str, Any]]) -> dict[str, int]:
    """How many tasks each agency leads (a task with several leads counts once per lead)."""
    c: Counter[str] = Counter()
    for t in tasks:
        for a in dict.fromkeys(t.get("leads") or []):
            c[a] += 1
    return dict(c)


def score(records: list[dict[str, Any]], gold: dict[str, Any]) -> dict[str, Any]:
    """Score a list of records (``ExtractedDocument.to_dict()``) against the gold file's content."""
    by_file = {r["file"]: r for r in records}
    per_doc: dict[str, Any] = {}
    totals = Counter()
    for g in gold["documents"]:
        r = by_file.get(g["file"])
        if r is None:
            per_doc[g["file"]] = {"missing": True}
            continue
        d: dict[str, Any] = {
            "kind": {"gold": g["kind"], "predicted": r.get("kind"), "ok": g["kind"] == r.get("kind")},
            "plan": score_plan(r.get("plan") or {}, g["plan"]),
            "cites": score_cites(r.get("cites") or [], g["cites"]),
            "derives_from": score_derives(r.get("derives_from") or [], g["derives_from"]),
            "tasks": score_tasks(r.get("tasks") or [], g["tasks"]),
            "agencies": score_agencies(r.get("agencies") or [], g["agencies"]),
        }
        gc = gold.get("counts", {}).get(g["file"])
        if gc is not None:
            pc = {key(k): v for k, v in lead_counts(r.get("tasks") or []).items()}
            gk = {key(k): v for k, v in gc["by_lead"].items()}
            d["counts"] = {"ok": pc == gk and len(r.get("tasks") or []) == gc["tasks"],
                           "tasks": {"gold": gc["tasks"], "predicted": len(r.get("tasks") or [])},
                           "diff": {k: {"gold": gk.get(k), "predicted": pc.get(k)}
                                    for k in sorted(set(pc) | set(gk)) if pc.get(k) != gk.get(k)}}
        per_doc[g["file"]] = d
        totals["plan_fields"] += d["plan"]["fields"]
        totals["plan_correct"] += d["plan"]["correct"]
        totals["kind_ok"] += d["kind"]["ok"]
        totals["derives_exact"] += d["derives_from"]["exact"]
        for part, sub in (("cites", "strict"), ("cites_identity", "identity")):
            s = d["cites"][sub]
            totals[part + "_tp"] += s["tp"]
            totals[part + "_pred"] += s["predicted"]
            totals[part + "_gold"] += s["gold"]
        for part in ("tasks", "leads", "coordinators"):
            s = d["tasks"][part]
            totals[part + "_tp"] += s["tp"]
            totals[part + "_pred"] += s["predicted"]
            totals[part + "_gold"] += s["gold"]
        s = d["agencies"]["strict"]
        totals["agencies_tp"] += s["tp"]
        totals["agencies_pred"] += s["predicted"]
        totals["agencies_gold"] += s["gold"]
    n = len(gold["documents"])
    summary = {
        "documents": n,
        "kind_correct": totals["kind_ok"],
        "plan_fields_correct": f'{totals["plan_correct"]}/{totals["plan_fields"]}',
        "derives_from_exact": f'{totals["derives_exact"]}/{n}',
    }
    for part in ("cites", "cites_identity", "tasks", "leads", "coordinators", "agencies"):
        summary[part] = prf(totals[part + "_tp"], totals[part + "_pred"], totals[part + "_gold"])
    summary["counts_ok"] = {f: d["counts"]["ok"] for f, d in per_doc.items() if "counts" in d}
    return {"summary": summary, "documents": per_doc}


def load_gold(path: str | Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text(encoding="utf-8"))
