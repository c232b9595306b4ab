"""A deterministic generator of synthetic Vietnamese plans, with a ground-truth record per file.

    python benchmarks/corpus.py --plans 100000 --out DIR [--seed N] [--jobs N] [--formats docx=0.3,pdf=0.3]

Writes ``DIR/<province>/<NNNNNN>_<unit>_<year>.txt`` (or ``.docx``, ``.odt``, ``.pdf``, a scanned ``.pdf``
(``scan``: no text layer, a little askew and dusty), ``.html``, and ``.txt`` in Windows-1258, TCVN3 or VNI, for
the shares ``--formats`` asks) and ``DIR/ground_truth.json`` in the gold format
(``{"documents": [...], "counts": {...}}``, one document per line) so ``kehoach.ingest.evaluate.score`` works
on it. Every plan is generated from its own seed (``seed``, index), so any slice of the corpus is reproducible.

What it generates (see ../shared/domain.md): the 63 pre-2025 provinces and their districts (vocab/provinces.tsv),
annual plans on a set of topics per year, district plans that implement ("Thực hiện Kế hoạch số N/KH-UBND ngày
… của UBND tỉnh X") their province's plan of the same topic and year, the three task layouts (content items
with "Đơn vị chủ trì/phối hợp" lines; implementation paragraphs with "- " bullets, a)/b) items, "Chủ trì,
phối hợp với Y", "Phối hợp với Y", "Đề nghị …"; appendix tables with one cell per line and empty cells),
citations with the broken shapes ("Số: 99 /KH-UBND", a number without its year, "Số: /KH-UBND", a line break
inside a citation, a number without "số"), both tone conventions, NFD text, PDF-like hard wrapping, CRLF, BOM.

Ground-truth conventions follow ../shared/gold (README and notes): canonical agency names, a trailing level
word moved into the jurisdiction, collectives, one merged catch-all, cite issuers "UBND tỉnh X", derives_from =
the documents under "Thực hiện" (not "Căn cứ"), task refs "2.1" / "IV.3-b2" / "III.2-a" / "A.1.2".
A cite's ``number`` is the number as printed with spaces removed (so a number printed without its year stays
without it); ``as_written`` and aliases are given in NFC, new-style tone marks (the scorer's comparison).

>>> docs = list(generate(3, seed=7))
>>> [d.truth["plan"]["level"] for d in docs][:1]
['province']
>>> docs[1].truth["derives_from"][0]["number"] == docs[0].truth["plan"]["number"] or docs[0].truth["plan"]["number"] is None
True
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from plangen import Plan, Unit, load_provinces, render_plan, topics  # noqa: E402

FIRST_YEAR_MAX = 2024  # plans before the 2025 reform


@dataclass
class Generated:
    """One generated file: relative path, text as written (after the surface transforms), ground truth."""

    relpath: str
    text: str
    truth: dict
    counts: dict


def slug(s: str) -> str:
    """ASCII file-name slug of a Vietnamese name.

    >>> slug("Thừa Thiên Huế")
    'thua-thien-hue'
    """
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return "-".join("".join(c if c.isalnum() else " " for c in s).split())


def plan_specs(n: int, seed: int = 1) -> Iterator[Plan]:
    """The first ``n`` plans of the corpus: groups (year, topic, province) in a seeded order, each a province
    plan followed by the plans of some of its districts (which cite it).

    >>> [p.unit.level for p in plan_specs(2)]
    ['province', 'district']
    """
    provinces = load_provinces()
    tops = topics()
    emitted = 0
    year = FIRST_YEAR_MAX
    while emitted < n:
        # one decade of groups at a time, shuffled: a small corpus still mixes years, topics and provinces
        groups = [(y, t, p) for y in range(year, year - 10, -1) for t in tops for p in provinces
                  if (t.get("since") or 0) <= y and (t.get("annual") or y == t.get("since"))
                  and (p.border or not t.get("border"))]
        year -= 10
        random.Random(f"{seed}|groups|{year}").shuffle(groups)
        for y, t, p in groups:
            rng = random.Random(f"{seed}|{y}|{t['key']}|{p.name}")
            units = [Unit.of_province(p)] + [Unit.of_district(p, d) for d in p.districts if rng.random() < 0.75]
            for u in units:
                if emitted >= n:
                    return
                yield Plan(index=emitted, unit=u, year=y, topic=t, seed=seed)
                emitted += 1


def generate(n: int, seed: int = 1) -> Iterator[Generated]:
    """Generate the first ``n`` plans (text and ground truth) in memory."""
    for spec in plan_specs(n, seed):
        yield build(spec)


# what a national corpus holds besides UTF-8 text: Word files, PDFs, saved pages, old encodings
# ("numbered": a .docx whose item numbers and bullets are Word's automatic numbering, not typed)
FORMATS = {"txt": ".txt", "docx": ".docx", "pdf": ".pdf", "html": ".html", "cp1258": ".txt", "tcvn3": ".txt",
           "vni": ".txt", "scan": ".pdf", "odt": ".odt", "numbered": ".docx"}


def parse_mix(text: str) -> dict[str, float]:
    """``"docx=0.2,pdf=0.1"`` -> the share of each format (the rest is UTF-8 .txt).

    >>> parse_mix("docx=0.25,pdf=0.25")
    {'docx': 0.25, 'pdf': 0.25}
    """
    mix = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        fmt, _, share = part.partition("=")
        if fmt not in FORMATS or fmt == "txt":
            raise ValueError(f"unknown format {fmt!r} (one of {', '.join(f for f in FORMATS if f != 'txt')})")
        mix[fmt] = float(share)
    if sum(mix.values()) > 1:
        raise ValueError("the shares add up to more than 1")
    return mix


def pick_format(spec: Plan, mix: dict[str, float] | None) -> str:
    """The format of one plan's file: drawn from its own seed, so a slice of the corpus is reproducible."""
    if not mix:
        return "txt"
    r = random.Random(f"{spec.seed}|format|{spec.index}").random()
    for fmt, share in mix.items():
        if r < share:
            return fmt
        r -= share
    return "txt"


def build(spec: Plan, fmt: str = "txt") -> Generated:
    text, truth = render_plan(spec)
    name = f"{spec.index:06d}_{slug(spec.unit.name)}_{spec.year}{FORMATS[fmt]}"
    truth["file"] = name
    counts = {"tasks": len(truth["tasks"]), "tasks_by_section": {}, "by_lead": {}}
    for t in truth["tasks"]:
        counts["tasks_by_section"][t["section"]] = counts["tasks_by_section"].get(t["section"], 0) + 1
        for a in dict.fromkeys(t["leads"]):
            counts["by_lead"][a] = counts["by_lead"].get(a, 0) + 1
    return Generated(f"{slug(spec.unit.province.name)}/{name}", text, truth, counts)


def write_file(g: Generated, path: Path, fmt: str, bom: bool = False) -> int:
    """Write one generated plan at ``path`` in ``fmt``; return its size in bytes."""
    from kehoach.ingest.readers.legacy import encode_legacy
    from kehoach.ingest.readers.render import render_docx, render_html, render_odt, render_pdf, render_scan
    from kehoach.ingest.readers.text import to_cp1258

    if fmt == "numbered":
        render_docx(g.text, path, numbered=True)
        return path.stat().st_size
    if fmt in ("docx", "odt", "pdf", "html"):
        {"docx": render_docx, "odt": render_odt, "pdf": render_pdf, "html": render_html}[fmt](g.text, path)
        return path.stat().st_size
    if fmt == "scan":  # a scan of the printed plan at 200 dpi, a little askew, with a little dust
        rnd = random.Random(f"{g.relpath}|scan")
        render_scan(g.text, path, skew=rnd.uniform(0, 0.6), specks=rnd.uniform(0, 0.0005), seed=rnd.randrange(2**31))
        return path.stat().st_size
    if fmt in ("tcvn3", "vni"):
        data = encode_legacy(g.text, fmt)
    elif fmt == "cp1258":
        data = to_cp1258(g.text)
    else:
        data = (b"\xef\xbb\xbf" if bom else b"") + g.text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def _write_chunk(args: tuple[list[Plan], str, dict[str, float] | None]) -> list[tuple[str, str, str, int]]:
    specs, out, mix = args
    rows = []
    for spec in specs:
        fmt = pick_format(spec, mix)
        g = build(spec, fmt)
        path = Path(out) / g.relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        size = write_file(g, path, fmt, bom=bool(spec.surface.get("bom")))
        rows.append((g.truth["file"], json.dumps(g.truth, ensure_ascii=False, separators=(",", ":")),
                     json.dumps(g.counts, ensure_ascii=False, separators=(",", ":")), size))
    return rows


def write_corpus(n: int, out: str | Path, seed: int = 1, jobs: int = 0, chunk: int = 200,
                 mix: dict[str, float] | None = None) -> dict:
    """Write ``n`` plans and ``ground_truth.json`` under ``out``; return a summary (files, bytes, seconds).
    ``mix``: the share of plans written in each other format (``parse_mix``; default: all UTF-8 .txt)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    specs = list(plan_specs(n, seed))
    chunks = [(specs[i:i + chunk], str(out), mix) for i in range(0, len(specs), chunk)]
    jobs = jobs or os.cpu_count() or 1
    total_bytes = 0
    truth_tmp = out / ".ground_truth.json.tmp"
    counts: list[str] = []
    with truth_tmp.open("w", encoding="utf-8") as f:
        f.write('{"schema":"kehoach-gold/synthetic-1","documents":[\n')
        first = True
        if jobs > 1 and len(chunks) > 1:
            import multiprocessing

            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                results = pool.imap(_write_chunk, chunks)
                first, total_bytes = _emit(results, f, counts, first)
        else:
            first, total_bytes = _emit(map(_write_chunk, chunks), f, counts, first)
        f.write('\n],\n"counts":{\n' + ",\n".join(counts) + "\n}}\n")
    os.replace(truth_tmp, out / "ground_truth.json")
    return {"plans": len(specs), "bytes": total_bytes, "seconds": round(time.perf_counter() - start, 2)}


def _emit(results, f, counts: list[str], first: bool) -> tuple[bool, int]:
    total = 0
    for rows in results:
        for name, truth, count, size in rows:
            f.write(("" if first else ",\n") + truth)
            first = False
            counts.append(json.dumps(name, ensure_ascii=False) + ":" + count)
            total += size
    return first, total


def iter_truth(path: str | Path, files: set[str] | None = None) -> Iterator[dict]:
    """Stream the documents of a ``ground_truth.json`` written by ``write_corpus`` (one per line), optionally only
    those whose ``file`` is in ``files`` — without loading the whole file."""
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            line = line.rstrip().rstrip(",")
            if not line.startswith('{"file"') and not line.startswith('{"kind"'):
                continue
            if files is not None and json.loads(line)["file"] not in files:
                continue
            yield json.loads(line)


def load_truth(path: str | Path, files: set[str] | None = None) -> dict:
    """A gold-shaped dict (documents + counts) for ``evaluate.score``, optionally restricted to ``files``."""
    docs = list(iter_truth(path, files))
    counts = {}
    for d in docs:
        c = {"tasks": len(d["tasks"]), "tasks_by_section": {}, "by_lead": {}}
        for t in d["tasks"]:
            c["tasks_by_section"][t["section"]] = c["tasks_by_section"].get(t["section"], 0) + 1
            for a in dict.fromkeys(t["leads"]):
                c["by_lead"][a] = c["by_lead"].get(a, 0) + 1
        counts[d["file"]] = c
    return {"documents": docs, "counts": counts}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plans", type=int, required=True, help="number of plans to generate")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=0, help="writer processes (0 = all cores)")
    ap.add_argument("--formats", default="", help="shares of other formats, e.g. docx=0.3,pdf=0.3,tcvn3=0.05 "
                    f"(of {', '.join(f for f in FORMATS if f != 'txt')}; the rest is UTF-8 .txt)")
    a = ap.parse_args(argv)
    try:
        mix = parse_mix(a.formats)
    except ValueError as err:
        ap.error(str(err))
    s = write_corpus(a.plans, a.out, seed=a.seed, jobs=a.jobs, mix=mix)
    print(f"wrote {s['plans']} plans ({s['bytes'] / 1e6:.1f} MB) to {a.out} in {s['seconds']} s "
          f"({s['plans'] / max(s['seconds'], 1e-9):,.0f} plans/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
