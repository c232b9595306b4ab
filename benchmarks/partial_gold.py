"""Score extraction against partial annotations of real documents kept outside the project (not part of the suite).

    python benchmarks/partial_gold.py DIR [DIR ...]

Each DIR holds text files and ``expected.json``: a list of ``{"file": ..., "kind": ..., "plan": {...}, "cites":
[...], "derives_from": [...]}`` (or a dict keyed by file) in the record format, with only the fields an annotator
judged — an excerpt of a web page cut at its end leaves the rest unjudged. A field's value that starts with "("
is an annotator's note, not judged either. Real documents stay outside the project: the folders are the
annotator's, not ours.

Printed: kind, plan fields, cites (precision and recall by identity: number, else the name's first 25
characters), the judged fields of the cites found (date, issuer, role), and the documents whose derives-from is
exactly the expected one. Matching as the gold's (``kehoach.ingest.keys.match_key``, quotes ignored).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from kehoach import extract_file
from kehoach.ingest.keys import match_key

PLAN_FIELDS = ("number", "place", "date", "title", "year_covered", "level", "province", "district",
               "issuer.name", "issuer.jurisdiction")


def _k(value) -> str | None:
    return None if value is None else match_key(re.sub(r"[\"'“”‘’]", "", str(value)))


def _identity(c: dict) -> str:
    if c.get("number"):
        return "#" + "".join(c["number"].split()).casefold()
    return "@" + (_k(c.get("name")) or "")[:25]


def _judged(value) -> bool:
    return not (isinstance(value, str) and value.startswith("("))


def _get(d: dict, dotted: str):
    for part in dotted.split("."):
        if not isinstance(d, dict) or part not in d:
            return KeyError
        d = d[part]
    return d


def score_dirs(dirs: list[Path]) -> dict[str, list[int]]:
    """{measure: [right, judged]} over every annotated file of ``dirs`` (cites: tp, found, expected)."""
    t = {"kind": [0, 0], "plan_fields": [0, 0], "cites": [0, 0, 0], "cite_fields": [0, 0], "derives": [0, 0]}
    for d in dirs:
        exp = json.loads((d / "expected.json").read_text(encoding="utf-8"))
        items = exp.items() if isinstance(exp, dict) else ((e["file"], e) for e in exp)
        for name, e in items:
            try:
                r = extract_file(d / name).to_dict()
            except Exception:  # a file refused or failed: everything judged counts as wrong
                r = {"kind": None, "plan": {}, "cites": [], "derives_from": []}
            if "kind" in e:
                t["kind"][1] += 1
                t["kind"][0] += r["kind"] == e["kind"]
            for f in PLAN_FIELDS:
                want = _get(e.get("plan") or {}, f)
                if want is not KeyError and _judged(want):
                    got = _get(r.get("plan") or {}, f)
                    t["plan_fields"][1] += 1
                    t["plan_fields"][0] += _k(None if got is KeyError else got) == _k(want)
            if isinstance(e.get("cites"), list):
                gold = {_identity(c): c for c in e["cites"] if isinstance(c, dict)}
                pred = {_identity(c): c for c in r["cites"]}
                t["cites"][0] += len(gold.keys() & pred.keys())
                t["cites"][1] += len(pred)
                t["cites"][2] += len(gold)
                for k in gold.keys() & pred.keys():
                    for f in ("date", "issuer", "role"):
                        if f in gold[k] and _judged(gold[k][f]):
                            t["cite_fields"][1] += 1
                            t["cite_fields"][0] += _k(pred[k].get(f)) == _k(gold[k][f])
            if isinstance(e.get("derives_from"), list):
                t["derives"][1] += 1
                t["derives"][0] += (sorted(_identity(x) for x in e["derives_from"] if isinstance(x, dict))
                                    == sorted(_identity(x) for x in r["derives_from"]))
    return t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", type=Path)
    t = score_dirs(ap.parse_args().dirs)
    tp, found, gold = t["cites"]
    print(f"kind {t['kind'][0]}/{t['kind'][1]}; plan fields {t['plan_fields'][0]}/{t['plan_fields'][1]}; "
          f"cites precision {tp / max(1, found):.3f} recall {tp / max(1, gold):.3f} ({tp} of {gold} expected, "
          f"{found} found); cite fields {t['cite_fields'][0]}/{t['cite_fields'][1]}; "
          f"derives-from exact {t['derives'][0]}/{t['derives'][1]}")


if __name__ == "__main__":
    main()
