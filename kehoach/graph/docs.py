"""Identity of documents: ingested plans (merged across records) and cited documents.

``plan_identity`` gives the id and properties of a group of records describing one plan; ``DocResolver``
gives the id of a cited document, completing what a citation leaves implicit (issuer of "57/KH-UBND" cited
by its own issuer, year of a later mention without a date) and pointing citations of ingested plans at them.

>>> from kehoach.ingest.models import ExtractedDocument
>>> rec = ExtractedDocument.from_dict({"file": "a.txt", "plan": {"number": "210/KH-UBND", "date": "2023-11-01",
...     "issuer": {"name": "Ủy ban nhân dân", "jurisdiction": "tỉnh Lạng Sơn"}}})
>>> plan_identity([rec])[0]
'plan/ubnd-tinh-lang-son/2023/210-kh-ubnd'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kehoach.graph.ids import (
    CENTRAL_CODES,
    abbreviate_issuer,
    admin_doc_id,
    clean_number,
    file_key,
    in_province,
    issuer_key,
    named_doc_id,
    normative_doc_id,
    number_code,
    number_shape,
    party_doc_id,
    slug,
    year_of,
)
from kehoach.graph.resolve import doc_jurisdiction, parse_unit
from kehoach.ingest.keys import match_key
from kehoach.ingest.models import ExtractedDocument

_LEADERSHIP = re.compile(r"^(Bộ trưởng|Thủ trưởng|Chủ tịch|Ban Thường vụ|Thường trực|Lãnh đạo)\s+(?=\S)", re.I)


def plan_issuer(rec: ExtractedDocument) -> str:
    """The issuer of a record's plan in the conventional short form ("UBND tỉnh Lạng Sơn"), or ""."""
    iss = rec.plan.issuer
    if not iss or not iss.name:
        return ""
    return abbreviate_issuer(" ".join(filter(None, [iss.name, iss.jurisdiction])))


def commune_of(rec: ExtractedDocument) -> str:
    """The commune of a commune's plan as printed ("xã Minh Xuân"), or "".

    >>> from kehoach.ingest.models import Issuer, PlanMeta
    >>> commune_of(ExtractedDocument(file="x.txt", kind="plan", plan=PlanMeta(
    ...     issuer=Issuer("Ủy ban nhân dân", "xã Minh Xuân"), level="commune", province="Tuyên Quang")))
    'xã Minh Xuân'
    """
    p = rec.plan
    if p.level != "commune":
        return ""
    unit = parse_unit(doc_jurisdiction(rec), p.province, p.district)
    return unit.label if unit and unit.level == "commune" else ""


def is_plan_type(doc_type: str | None, number: str | None) -> bool:
    """Is a cited document a plan (Kế hoạch)? By its type word, else by the type code of its number."""
    if doc_type:
        return match_key(doc_type) == "kế hoạch"
    return number_code(number)[0] == "KH"


def _first(values) -> Any:
    for v in values:
        if v not in (None, "", 0, []):
            return v
    return None


def plan_identity(group: list[ExtractedDocument]) -> tuple[str, dict[str, Any]]:
    """Id and merged properties of the plan that a group of records (plan texts first) describes."""
    metas = [r.plan for r in group]
    issuer = _first(plan_issuer(r) for r in group) or ""
    props: dict[str, Any] = {
        "number": clean_number(_first(m.number for m in metas)),
        "doc_type": _first(m.doc_type for m in metas) or "Kế hoạch",
        "title": " ".join((_first(m.title for m in metas) or "").split()),
        "date": _first(m.date for m in metas) or "",
        "date_partial": _first(m.date_partial for m in metas) or "",
        "issuer": issuer,
        "place": _first(m.place for m in metas) or "",
        "year_covered": _first(m.year_covered for m in metas) or 0,
        "level": _first(m.level for m in metas) or "",
        "province": _first(m.province for m in metas) or "",
        "district": _first(m.district for m in metas) or "",
        "commune": _first(commune_of(r) for r in group) or "",
        "ingested": any(r.kind == "plan" for r in group),
    }
    props["year"] = year_of(props["date"], props["date_partial"], props["number"]) or 0
    number = props["number"]
    shape = number_shape(number)
    issuer_id = in_province(issuer, props["province"])  # huyện Bảo Lâm: of Cao Bằng or of Lâm Đồng
    if shape == "normative":
        pid = normative_doc_id("plan", number)
    elif shape == "party":
        pid = party_doc_id("plan", slug(in_province(doc_jurisdiction(group[0]), props["province"])), number)
    elif shape:
        pid = admin_doc_id("plan", issuer_id, props["year"] or None, number)
    elif props["title"]:
        pid = named_doc_id("plan", "Kế hoạch", props["title"], issuer_id or None)
    else:
        pid = f"plan/file/{file_key(group[0].file)}"
    return pid, props


@dataclass
class DocRefInfo:
    """What a citation (or a ``derives_from`` entry) says about a document."""

    number: str = ""
    doc_type: str = ""
    issuer: str = ""
    date: str = ""
    name: str = ""
    subject: str = ""


class DocResolver:
    """Ids of cited documents, consistent across all records of one build."""

    def __init__(self, records: list[ExtractedDocument], ingested: dict[str, dict[str, Any]]):
        # (prefix, issuer key, number key) -> known years (None when an ingested plan has no date)
        self._years: dict[tuple[str, str, str], set[int | None]] = {}
        for props in ingested.values():
            if number_shape(props["number"]) == "administrative":
                self._add_year("plan", in_province(props["issuer"], props["province"]), props["number"],
                               props["year"] or None)
        for rec in records:
            for c in rec.cites:
                info = DocRefInfo(number=clean_number(c.number), doc_type=c.type or "", issuer=c.issuer or "",
                                  date=c.date or "")
                if number_shape(info.number) == "administrative" and info.date:
                    prefix = "plan" if is_plan_type(info.doc_type, info.number) else "doc"
                    self._add_year(prefix, self.complete_issuer(info, rec), info.number, year_of(info.date))

    def _add_year(self, prefix: str, issuer: str, number: str, year: int | None) -> None:
        self._years.setdefault((prefix, issuer_key(issuer), match_key(number)), set()).add(year)

    def complete_issuer(self, info: DocRefInfo, rec: ExtractedDocument) -> str:
        """The issuer identifying an administrative document: central codes by name, a bare or missing
        local issuer completed with the citing document's issuer when the codes agree, a district's issuer
        with the province it belongs to (the one it prints, else the citing document's)."""
        return in_province(self._issuer(info, rec), rec.plan.province)

    def _issuer(self, info: DocRefInfo, rec: ExtractedDocument) -> str:
        code = number_code(info.number)[1]
        if code in CENTRAL_CODES:
            return CENTRAL_CODES[code]
        printed = _LEADERSHIP.sub("", abbreviate_issuer(info.issuer))
        own = plan_issuer(rec)
        own_head = own.split(" ", 1)[0].upper() if own else ""
        if printed and len(printed.split()) > 2:
            return printed
        if own and (code == own_head or (printed and printed.split(" ", 1)[0].upper() == own_head)):
            return own
        return printed or code

    def party_scope(self, info: DocRefInfo, rec: ExtractedDocument) -> str:
        """"" for central Party bodies, else the province/district the body belongs to."""
        code = number_code(info.number)[1]
        if code in CENTRAL_CODES or code.endswith("TW"):
            return ""
        m = re.search(r"(Tỉnh|Huyện|Thành|Quận|Thị)\s+ủy\s+(.+)$", info.issuer or "", re.I)
        p = rec.plan
        if m and m.group(2).strip():
            level = "huyện" if m.group(1).lower() in ("huyện", "quận", "thị") else "tỉnh"
            return slug(in_province(f"{level} {m.group(2)}", p.province))
        if code.startswith("H") and p.district:
            return slug(in_province(f"huyện {p.district}", p.province))
        return slug(f"tỉnh {p.province}") if p.province else slug(doc_jurisdiction(rec))

    def resolve(self, info: DocRefInfo, rec: ExtractedDocument) -> tuple[str, str, bool]:
        """(id, kind, complete) of a cited document; ``complete`` is False when its identity had to be
        guessed (administrative number with unknown issuer or year, or no number and no name)."""
        kind = "Plan" if is_plan_type(info.doc_type, info.number) else "LegalDocument"
        prefix = "plan" if kind == "Plan" else "doc"
        shape = number_shape(info.number)
        if shape == "normative":
            return normative_doc_id(prefix, info.number), kind, True
        if shape == "party":
            return party_doc_id(prefix, self.party_scope(info, rec), info.number), kind, True
        if shape == "administrative":
            issuer = self.complete_issuer(info, rec)
            year = year_of(info.date)
            known = self._years.get((prefix, issuer_key(issuer), match_key(info.number)), set())
            if year is None and len(known - {None}) == 1:
                year = next(iter(known - {None}))
            elif year is not None and year not in known and known == {None}:
                year = None
            complete = bool(issuer) and year is not None
            return admin_doc_id(prefix, issuer, year, info.number), kind, complete
        name = info.name or info.subject
        if name:
            return named_doc_id(prefix, info.doc_type or "document", name), kind, True
        return "", kind, False
