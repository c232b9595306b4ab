"""Rendering one synthetic plan (text + ground truth) for benchmarks/corpus.py. Vocabulary in vocab/.

The renderer writes the text through a ``Writer`` that records every agency mention, citation and task as it
prints it, so the ground truth is exactly what the text says.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from legal import CENTRAL, UNNUMBERED, cite_text, guide_for

VOCAB = Path(__file__).resolve().parent / "vocab"
PARTY = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "huyện": "Huyện ủy", "quận": "Quận ủy", "thị xã": "Thị ủy",
         "xã": "Đảng ủy", "phường": "Đảng ủy", "thị trấn": "Đảng ủy"}
YOUTH = {"tỉnh": "Tỉnh đoàn", "thành phố": "Thành đoàn", "huyện": "Huyện đoàn", "quận": "Quận đoàn",
         "thị xã": "Thị đoàn", "xã": "Đoàn xã", "phường": "Đoàn phường", "thị trấn": "Đoàn thị trấn"}
ROMAN = ["I", "II", "III", "IV", "V", "VI"]


@dataclass(frozen=True)
class Province:
    lvl: str
    name: str
    border: bool
    districts: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def load_provinces() -> list[Province]:
    out = []
    for line in (VOCAB / "provinces.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lvl, name, border, districts = line.split("\t")
        ds = tuple(tuple(d.split(" ", 1) if not d.startswith("thành phố ") and not d.startswith("thị xã ")
                         else (" ".join(d.split(" ")[:2]), " ".join(d.split(" ")[2:])))
                   for d in districts.split(";"))
        out.append(Province(lvl, name, border == "1", ds))
    return out


@lru_cache(maxsize=1)
def phrases() -> dict:
    return json.loads((VOCAB / "phrases.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def communes() -> list[str]:
    """Names for the named communes of district plans (``vocab/communes.txt``)."""
    lines = (VOCAB / "communes.txt").read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def agency_vocab() -> dict:
    return json.loads((VOCAB / "agencies.json").read_text(encoding="utf-8"))


def topics() -> list[dict]:
    return phrases()["topics"]


@dataclass(frozen=True)
class Unit:
    level: str  # province | district | commune
    lvl: str    # tỉnh | thành phố | huyện | quận | thị xã | xã | phường | thị trấn
    name: str
    province: Province

    @classmethod
    def of_province(cls, p: Province) -> Unit:
        return cls("province", p.lvl, p.name, p)

    @classmethod
    def of_district(cls, p: Province, d: tuple[str, str]) -> Unit:
        return cls("district", d[0], d[1], p)

    @property
    def jur(self) -> str:
        return f"{self.lvl} {self.name}"

    @property
    def sub(self) -> str:
        if self.level == "province":
            kinds = {t for t, _ in self.province.districts}
            parts = (["quận"] if "quận" in kinds else []) + ["huyện"] + (["thị xã"] if "thị xã" in kinds else [])
            return ", ".join(parts + (["thành phố"] if "thành phố" in kinds else []))
        return {"huyện": "xã, thị trấn", "quận": "phường"}.get(self.lvl, "phường, xã")

    def fill(self, s: str) -> str:
        return (s.replace("{lvl}", self.lvl).replace("{P}", self.name).replace("{PU}", PARTY[self.lvl])
                .replace("{SUB}", self.sub).replace("{DOAN}", YOUTH[self.lvl]))


@dataclass
class Plan:
    index: int
    unit: Unit
    year: int
    topic: dict
    seed: int = 1
    surface: dict = field(default_factory=dict)


def plan_identity(unit: Unit, year: int, topic: dict, seed: int) -> tuple[int, date]:
    """(number, issue date) of a unit's plan on a topic for a year: the same in the plan and in every citation."""
    rng = random.Random(f"{seed}|id|{unit.jur}|{unit.province.name}|{year}|{topic['key']}")
    if unit.level == "province":
        issued = date(year - 1, 10, 1) + timedelta(days=rng.randrange(140)) if topic.get("annual") else \
            date(year, 1, 10) + timedelta(days=rng.randrange(150))
    else:
        issued = plan_identity(Unit.of_province(unit.province), year, topic, seed)[1] + timedelta(days=rng.randrange(5, 45))
    slot = topics().index(topic) * 2 + (issued.year != year)
    return slot * 40 + rng.randrange(1, 40), issued


class Writer:
    """Collects lines and the ground truth of what they say."""

    def __init__(self, plan: Plan, rng: random.Random):
        self.plan, self.u, self.rng = plan, plan.unit, rng
        self.lines: list[str] = []
        self.agencies: dict[tuple[str, str | None], dict] = {}
        self.cites: dict[str, dict] = {}
        self.tasks: list[dict] = []
        self.derives: list[dict] = []
        self.last_key: str | None = None
        self.signer: dict | None = None

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def agency(self, spec: dict, scope_unit: Unit | None = None, form: int | None = None) -> str:
        """Print an agency (a vocab entry) and record it; returns the printed form."""
        u = scope_unit or self.u
        forms = spec["forms"]
        printed = u.fill(forms[form if form is not None else self.rng.randrange(len(forms))])
        name = u.fill(spec["name"])
        jur = jurisdiction(spec, u)
        rec = self.agencies.setdefault((name, jur), {"name": name, "jurisdiction": jur,
                                                     "collective": bool(spec.get("collective")), "aliases": []})
        if printed != name and printed not in rec["aliases"] and printed.lower() != name.lower():
            rec["aliases"].append(printed)
        return printed

    def cite(self, doc: dict, role: str, shape: str = "so", with_date: bool = True, subject: bool = True) -> str:
        """Print a citation of ``doc`` ("Type số N ngày … của ISSUER subject") and record it (the first span; a
        date printed only at a later mention)."""
        head, as_written, number = cite_text(doc, shape, self.rng)
        text = head
        if number and with_date and doc.get("date"):
            text += " " + fmt_date(date.fromisoformat(doc["date"]), self.rng)
        if number and doc.get("agency"):
            text += " của " + self.agency(doc["agency"], doc.get("agency_unit"))
        key = number or doc["name"]
        self.last_key = key
        if key not in self.cites:
            self.cites[key] = {"number": number, "name": None if number else doc["name"], "type": doc["type"],
                               "date": doc.get("date") if number and with_date else None,
                               "issuer": doc.get("issuer") if number else None, "role": role,
                               "as_written": as_written}
        elif number and with_date and doc.get("date") and self.cites[key]["date"] is None:
            self.cites[key]["date"] = doc["date"]  # the gold's dates come from any mention in the file
        if subject and doc.get("subject"):
            subj = doc["subject"]
            if doc.get("nested"):  # "… thực hiện Kết luận số 57-KL/TW của Bộ Chính trị": a cite of its own
                subj = subj.replace("{nested}", self.cite(doc["nested"], role, with_date=False, subject=False))
                self.last_key = key
            text += " " + subj
        return text

    def task(self, ref: str, text: str, leads: list[tuple[str, str | None]], coords: list[tuple[str, str | None]],
             section: str, timeframe: str | None = None, requested: bool = False) -> None:
        """Record a task; ``leads``, ``coords``: (canonical name, jurisdiction) of each agency. ``roles`` (beyond
        the gold format's names): every (role, name, jurisdiction), for the graph's resolution of the names."""
        names = [n for n, _ in leads]
        roles = [["lead", n, j] for n, j in dict.fromkeys(leads)] + \
            [["coord", n, j] for n, j in dict.fromkeys(coords) if (n, j) not in leads]
        self.tasks.append({"ref": ref, "title": title80(text), "leads": list(dict.fromkeys(names)),
                           "coordinators": list(dict.fromkeys(n for n, _ in coords if n not in names)),
                           "timeframe": timeframe, "section": section, "requested": requested, "roles": roles})


def jurisdiction(spec: dict, u: Unit) -> str | None:
    """The jurisdiction of a vocab entry printed for unit ``u``: None for a catch-all, "trung ương" for a central
    body, else the unit's ("tỉnh Lạng Sơn", "xã Tân Lập")."""
    scope = spec.get("scope", "self")
    return None if scope == "none" else "trung ương" if scope == "central" else u.jur


def title80(text: str) -> str:
    """The first <= 80 characters of a task's text, cut at a word boundary."""
    s = " ".join(text.split())
    if len(s) > 80:
        cut = s[:81]
        s = cut[:cut.rfind(" ")] if " " in cut else s[:80]
    return s.rstrip(" .,;:")


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def fmt_date(d: date, rng: random.Random, long_form: bool | None = None) -> str:
    if long_form if long_form is not None else rng.random() < 0.3:
        return f"ngày {d.day:02d} tháng {d.month} năm {d.year}"
    return f"ngày {d.day:02d}/{d.month}/{d.year}" if rng.random() < 0.6 else f"ngày {d.day}/{d.month}/{d.year}"


def render_plan(plan: Plan) -> tuple[str, dict]:
    """Text and ground-truth record of one plan."""
    from sections import body  # the sections of the plan (I … IV, appendix)

    rng = random.Random(f"{plan.seed}|plan|{plan.index}")
    plan.surface = {"old_tone": rng.random() < 0.25, "nfd": rng.random() < 0.08, "wrap": rng.random() < 0.15,
                    "crlf": rng.random() < 0.05, "bom": rng.random() < 0.03}
    w = Writer(plan, rng)
    u, y, topic = plan.unit, plan.year, plan.topic
    number, issued = plan_identity(u, y, topic, plan.seed)
    ph = phrases()
    ub = {"name": "Ủy ban nhân dân", "forms": ["ỦY BAN NHÂN DÂN"]}
    # header
    shape = rng.random()
    printed_no = f"{number} /KH-UBND" if shape < 0.08 else "/KH-UBND" if shape < 0.12 else f"{number}/KH-UBND"
    gt_number = None if shape >= 0.08 and shape < 0.12 else f"{number}/KH-UBND"
    w.add(w.agency(ub, form=0), u.jur.upper(), "", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
          "Độc lập - Tự do - Hạnh phúc", "", f"Số: {printed_no}")
    place = "Thành phố Hồ Chí Minh" if u.name == "Hồ Chí Minh" else u.name
    blank_day = rng.random() < 0.07
    w.add(f"{place}, ngày {'     ' if blank_day else f'{issued.day:02d}'} tháng {issued.month:02d} năm {issued.year}", "")
    # title
    title = u.fill(topic["title"]).replace("{Y}", str(y)).replace(" {P}", " " + u.jur)
    printed_title = title.upper() if rng.random() < 0.3 else title
    w.add("KẾ HOẠCH")
    if len(printed_title) > 60 and rng.random() < 0.5:
        words = printed_title.split(" ")
        w.add(" ".join(words[:len(words) // 2]), " ".join(words[len(words) // 2:]))
    else:
        w.add(printed_title)
    w.add("")
    # preamble
    prov = Unit.of_province(u.province)
    # a plan cites only what exists when it is issued; before the first basis document, a law
    basis = [d for d in CENTRAL if d.get("basis") and d["date"] <= issued.isoformat()] or UNNUMBERED[:2]
    for doc in rng.sample(basis, min(len(basis), rng.randint(1, 2))):
        w.add(f"Căn cứ {w.cite(doc, 'basis', shape=_shape(rng))};")
    implemented = []
    if u.level == "district":
        pno, pdate = plan_identity(prov, y, topic, plan.seed)
        ptitle = prov.fill(topic["title"]).replace("{Y}", str(y)).replace(" {P}", " " + prov.jur)
        upper_ub = {"name": "Ủy ban nhân dân", "forms": ["UBND {lvl} {P}", "Ủy ban nhân dân {lvl} {P}"]}
        implemented.append({"type": "Kế hoạch", "number": f"{pno}/KH-UBND", "date": pdate.isoformat(),
                            "issuer": f"UBND {prov.jur}", "agency": upper_ub, "agency_unit": prov,
                            "issuer_print": None, "subject": f"về {ptitle[:1].lower() + ptitle[1:]}"})
    guide = guide_for(topic, y, prov, plan.seed) if u.level == "province" else None
    if guide and guide.get("date", "") > issued.isoformat():
        guide = None  # not issued yet
    if guide:
        implemented.append(guide)
    if implemented:
        parts = []
        for d in implemented:
            parts.append(w.cite(d, "basis", shape=_shape(rng)))
            c = w.cites[w.last_key]
            w.derives.append({"number": c["number"], "type": c["type"], "issuer": c["issuer"]})
        w.add(f"Thực hiện {'; '.join(parts)};")
    w.add(f"{w.agency({'name': 'Ủy ban nhân dân', 'forms': ['Ủy ban nhân dân {lvl}', 'UBND {lvl}']})} "
          f"ban hành Kế hoạch {title[:1].lower() + title[1:]} như sau:", "")
    body(w, rng, ph, number=printed_no, issued=issued)
    plan_rec = {"number": gt_number, "doc_type": "Kế hoạch", "issuer": {"name": "Ủy ban nhân dân", "jurisdiction": u.jur},
                "place": place, "date": None if blank_day else issued.isoformat(),
                "date_partial": f"{issued.year}-{issued.month:02d}" if blank_day else None, "title": title,
                "year_covered": y if topic.get("annual") else None, "level": u.level, "province": u.province.name,
                "district": u.name if u.level == "district" else None, "signer": w.signer}
    truth = {"file": "", "kind": "plan", "plan": plan_rec, "cites": list(w.cites.values()),
             "derives_from": w.derives, "tasks": w.tasks, "agencies": list(w.agencies.values())}
    return surface("\n".join(w.lines) + "\n", plan.surface, rng), truth


def _shape(rng: random.Random) -> str:
    r = rng.random()
    return "space" if r < 0.05 else "break" if r < 0.10 else "noyear" if r < 0.14 else "so"


# ---- surface transforms (the ground truth is unaffected: the scorer compares NFC, tone- and space-normalized)

_OLD_TONE = {"ủy": "uỷ", "Ủy": "Uỷ", "ỦY": "UỶ", "hòa": "hoà", "Hòa": "Hoà", "HÒA": "HOÀ", "hóa": "hoá",
             "Hóa": "Hoá", "HÓA": "HOÁ", "thỏa": "thoả", "họa": "hoạ", "tòa": "toà", "khỏe": "khoẻ", "Thủy": "Thuỷ"}
_OLD_RE = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, _OLD_TONE)) + r")(?!\w)")
_MARKER = re.compile(r"^(?:\d+[.)]|[a-zđ][.)]|[-+–]|[IVX]+\.)")


def surface(text: str, s: dict, rng: random.Random) -> str:
    if s.get("old_tone"):
        text = _OLD_RE.sub(lambda m: _OLD_TONE[m.group(1)] if rng.random() < 0.8 else m.group(1), text)
    if s.get("wrap"):
        text = "\n".join(_wrap(line, rng.randint(70, 95)) for line in text.split("\n"))
    if s.get("nfd"):
        text = unicodedata.normalize("NFD", text)
    if s.get("crlf"):
        text = text.replace("\n", "\r\n")
    return text


def _wrap(line: str, width: int) -> str:
    """PDF-like hard wrap at spaces, never leaving a list marker at the start of a continuation line."""
    out = []
    while len(line) > width:
        cut = line.rfind(" ", 0, width)
        while cut > 0 and _MARKER.match(line[cut + 1:]):
            cut = line.rfind(" ", 0, cut)
        if cut <= 0:
            break
        out.append(line[:cut] + (" " if len(out) % 2 else ""))
        line = line[cut + 1:]
    out.append(line)
    return "\n".join(out)
