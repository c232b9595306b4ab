"""Plain data models of the extraction stage (the "extraction record" of ../shared/gold/README.md).

Every extractor returns these dataclasses; ``ExtractedDocument.to_dict()`` gives exactly the gold record
format plus ``evidence`` fields (source file, character offsets into the file *as read*, exact text).

>>> ev = Evidence(file="a.txt", start=0, end=4, text="Số: ")
>>> Citation(number="72/2015/NĐ-CP", type="Nghị định", role="basis", as_written="Nghị định số 72/2015/NĐ-CP",
...          evidence=ev).to_dict()["number"]
'72/2015/NĐ-CP'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import orjson

RECORD_SCHEMA = "kehoach-record/1"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: ``file`` basename, ``[start, end)`` offsets into the decoded text, exact ``text``."""

    file: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Evidence | None:
        if not d:
            return None
        return cls(file=d.get("file", ""), start=int(d.get("start", 0)), end=int(d.get("end", 0)),
                   text=d.get("text", ""))


@dataclass(slots=True)
class Issuer:
    name: str | None = None
    jurisdiction: str | None = None


@dataclass(slots=True)
class Signer:
    name: str
    title: str | None = None


@dataclass(slots=True)
class PlanMeta:
    """Metadata of the plan a file holds (or, for ``kind == "news"``, of the plan it reports)."""

    number: str | None = None
    doc_type: str = "Kế hoạch"
    issuer: Issuer | None = None
    place: str | None = None
    date: str | None = None
    date_partial: str | None = None
    title: str | None = None
    year_covered: int | None = None
    level: str | None = None
    province: str | None = None
    district: str | None = None
    signer: Signer | None = None
    evidence: dict[str, Evidence] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {
            "number": self.number,
            "doc_type": self.doc_type,
            "issuer": asdict(self.issuer) if self.issuer else None,
            "place": self.place,
            "date": self.date,
            "date_partial": self.date_partial,
            "title": self.title,
            "year_covered": self.year_covered,
            "level": self.level,
            "province": self.province,
            "district": self.district,
            "signer": asdict(self.signer) if self.signer else None,
        }
        d["evidence"] = {k: v.to_dict() for k, v in sorted(self.evidence.items())}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PlanMeta:
        issuer = d.get("issuer")
        signer = d.get("signer")
        return cls(
            number=d.get("number"),
            doc_type=d.get("doc_type") or "Kế hoạch",
            issuer=Issuer(**issuer) if issuer else None,
            place=d.get("place"),
            date=d.get("date"),
            date_partial=d.get("date_partial"),
            title=d.get("title"),
            year_covered=d.get("year_covered"),
            level=d.get("level"),
            province=d.get("province"),
            district=d.get("district"),
            signer=Signer(**signer) if signer else None,
            evidence={k: Evidence.from_dict(v) for k, v in (d.get("evidence") or {}).items() if v},
        )


@dataclass(slots=True)
class Citation:
    """A cited document. ``number`` normalized (spaces removed) or None for documents cited by name."""

    number: str | None = None
    name: str | None = None
    type: str | None = None
    date: str | None = None
    issuer: str | None = None
    role: str = "body"  # "basis" (preamble) | "body"
    as_written: str = ""
    evidence: Evidence | None = None
    mentions: list[Evidence] = field(default_factory=list)  # later short mentions of the same document
    subject: str | None = None  # "về việc …" / what the document is about; "" when none is printed, None: not read

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "name": self.name,
            "type": self.type,
            "date": self.date,
            "issuer": self.issuer,
            "role": self.role,
            "as_written": self.as_written,
            "subject": self.subject,
            "evidence": self.evidence.to_dict() if self.evidence else None,
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Citation:
        return cls(
            number=d.get("number"), name=d.get("name"), type=d.get("type"), date=d.get("date"),
            issuer=d.get("issuer"), role=d.get("role") or "body", as_written=d.get("as_written") or "",
            evidence=Evidence.from_dict(d.get("evidence")),
            mentions=[e for e in (Evidence.from_dict(m) for m in d.get("mentions") or []) if e],
            subject=d.get("subject"),
        )


@dataclass(slots=True)
class DocRef:
    """A document this plan says it implements (``derives_from``)."""

    number: str | None = None
    type: str | None = None
    issuer: str | None = None
    name: str | None = None
    evidence: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "type": self.type, "issuer": self.issuer, "name": self.name,
                "evidence": self.evidence.to_dict() if self.evidence else None}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocRef:
        return cls(number=d.get("number"), type=d.get("type"), issuer=d.get("issuer"), name=d.get("name"),
                   evidence=Evidence.from_dict(d.get("evidence")))


@dataclass(slots=True)
class Task:
    """An assignable unit of a plan with the agencies (canonical names) that lead and coordinate it."""

    ref: str
    title: str
    leads: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    timeframe: str | None = None
    section: str = "content"  # "content" | "implementation" | "appendix"
    requested: bool = False
    evidence: Evidence | None = None
    # (role, name, jurisdiction) of each agency, "lead" or "coord", given only where a name alone does not say
    # which agency of the document it is ("Ủy ban nhân dân" of the issuing district and of a named commune)
    roles: list[tuple[str, str, str | None]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = {"ref": self.ref, "title": self.title, "leads": list(self.leads),
             "coordinators": list(self.coordinators), "timeframe": self.timeframe, "section": self.section,
             "requested": self.requested, "evidence": self.evidence.to_dict() if self.evidence else None}
        if self.roles:
            d["roles"] = [list(r) for r in self.roles]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Task:
        return cls(ref=str(d.get("ref") or ""), title=d.get("title") or "", leads=list(d.get("leads") or []),
                   coordinators=list(d.get("coordinators") or []), timeframe=d.get("timeframe"),
                   section=d.get("section") or "content", requested=bool(d.get("requested")),
                   evidence=Evidence.from_dict(d.get("evidence")),
                   roles=[(str(r[0]), str(r[1]), r[2]) for r in d.get("roles") or ()])


@dataclass(slots=True)
class Agency:
    """An agency (or collective group of agencies) mentioned in a document, canonicalized."""

    name: str
    jurisdiction: str | None = None
    collective: bool = False
    aliases: list[str] = field(default_factory=list)
    mentions: list[Evidence] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "jurisdiction": self.jurisdiction, "collective": self.collective,
                "aliases": list(self.aliases), "mentions": [m.to_dict() for m in self.mentions]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Agency:
        return cls(name=d["name"], jurisdiction=d.get("jurisdiction"), collective=bool(d.get("collective")),
                   aliases=list(d.get("aliases") or []),
                   mentions=[e for e in (Evidence.from_dict(m) for m in d.get("mentions") or []) if e])


@dataclass(slots=True)
class ExtractedDocument:
    """One record per input file, in the gold format (``to_dict``), with evidence for every fact."""

    file: str
    kind: str = "plan"  # "plan" | "news"
    plan: PlanMeta = field(default_factory=PlanMeta)
    cites: list[Citation] = field(default_factory=list)
    derives_from: list[DocRef] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    path: str | None = None
    sha256: str | None = None
    source_format: str | None = None  # txt | docx | pdf | html
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "plan": self.plan.to_dict(),
            "cites": [c.to_dict() for c in self.cites],
            "derives_from": [r.to_dict() for r in self.derives_from],
            "tasks": [t.to_dict() for t in self.tasks],
            "agencies": [a.to_dict() for a in self.agencies],
            "source": {"path": self.path, "sha256": self.sha256, "format": self.source_format,
                       "encoding": self.encoding},
            "warnings": list(self.warnings),
        }

    def to_json(self) -> bytes:
        """``to_dict()`` as one line of UTF-8 JSON (how ``records.json`` and the record cache store it).

        >>> ExtractedDocument(file="à.txt").to_json().decode()[:15]
        '{"file":"à.txt"'
        """
        return orjson.dumps(self.to_dict())

    def head(self) -> ExtractedDocument:
        """The record without its tasks and agencies (its metadata, citations and derivations): what plan
        resolution needs, and small to send between processes.

        >>> ExtractedDocument(file="a.txt", tasks=[Task(ref="1", title="T")]).head().tasks
        []
        """
        return replace(self, tasks=[], agencies=[])

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ExtractedDocument:
        """Read a record (ours, or a gold annotation: they share the field names)."""
        src = d.get("source") or {}
        return cls(
            file=d["file"],
            kind=d.get("kind") or "plan",
            plan=PlanMeta.from_dict(d.get("plan") or {}),
            cites=[Citation.from_dict(c) for c in d.get("cites") or []],
            derives_from=[DocRef.from_dict(r) for r in d.get("derives_from") or []],
            tasks=[Task.from_dict(t) for t in d.get("tasks") or []],
            agencies=[Agency.from_dict(a) for a in d.get("agencies") or []],
            path=src.get("path"),
            sha256=src.get("sha256"),
            source_format=src.get("format"),
            encoding=src.get("encoding"),
            warnings=list(d.get("warnings") or []),
        )


def field_names(cls: type) -> list[str]:
    """Names of a dataclass's fields, in order.

    >>> field_names(Issuer)
    ['name', 'jurisdiction']
    """
    return [f.name for f in fields(cls)]
