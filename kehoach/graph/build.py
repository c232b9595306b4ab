"""Records -> one resolved graph (networkx MultiDiGraph) with stable ids and provenance on every edge.

Node attributes: ``kind`` (a ``NODE_LABELS`` key) and every property of that label (``""``, ``0``, ``False`` or
``[]`` when unknown, never None). Edges are keyed by relationship type and carry ``rel``, ``sources`` (file
basenames), ``evidence`` (list of {file, start, end, text}) and the type's own properties. Resolution facts
(merged records, links derived rather than printed) are listed in ``g.graph["resolution"]``.

>>> from kehoach.ingest.models import ExtractedDocument
>>> rec = ExtractedDocument.from_dict({"file": "a.txt", "plan": {"number": "12/KH-UBND", "date": "2024-01-05",
...     "issuer": {"name": "Ủy ban nhân dân", "jurisdiction": "tỉnh Lai Châu"}, "province": "Lai Châu"},
...     "tasks": [{"ref": "1", "title": "Tuyên truyền", "leads": ["Sở Ngoại vụ"]}]})
>>> g = build_graph([rec])
>>> g.nodes["plan/ubnd-tinh-lai-chau/2024/12-kh-ubnd"]["label"]
'12/KH-UBND'
>>> [v for _, v, k in g.out_edges("agency/vn/tinh-lai-chau/so-ngoai-vu", keys=True) if k == "LEADS"]
['plan/ubnd-tinh-lai-chau/2024/12-kh-ubnd/task/1']
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kehoach.graph.builder import GraphBuilder, written_edge, written_node
from kehoach.graph.docs import DocRefInfo, DocResolver, plan_identity
from kehoach.graph.ids import abbreviate_issuer, clean_number, expand_name, slug, year_of
from kehoach.graph.resolve import (
    AgencyIndex,
    cluster_records,
    doc_jurisdiction,
    issued_instrument,
    parse_unit,
    title_similarity,
)
from kehoach.graph.spill import TaskSpill
from kehoach.graph.task_counts import count_roles, set_mention_counts
from kehoach.ingest.citations.subject import cite_subject, subject_from_text
from kehoach.ingest.document import Document
from kehoach.ingest.keys import match_key
from kehoach.ingest.models import Agency, Citation, Evidence, ExtractedDocument, Task
from kehoach.ingest.normalize import new_style_tones
from kehoach.util import paused_gc

_DEFAULTS = {"STRING": "", "INT64": 0, "BOOLEAN": False, "STRING[]": []}
_CENTRAL_BODIES = {"chính phủ", "thủ tướng chính phủ", "bộ chính trị", "ban bí thư", "quốc hội",
                   "ban chấp hành trung ương", "ủy ban thường vụ quốc hội"}
_LEVEL_WORD = re.compile(r"\s(tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn)\s")


def split_agency(text: str) -> tuple[str, str | None]:
    """("Ủy ban nhân dân", "tỉnh Trà Vinh") from "UBND tỉnh Trà Vinh"; the jurisdiction is None when unprinted.

    >>> split_agency("UBND tỉnh Trà Vinh")
    ('Ủy ban nhân dân', 'tỉnh Trà Vinh')
    """
    s = expand_name(" ".join(text.split()))
    m = _LEVEL_WORD.search(" " + s + " ")
    if m and m.start() > 0:
        return s[: m.start() - 1 + 1].strip(), s[m.start():].strip()
    return s, None


def _nfc(text: str) -> str:
    return new_style_tones(unicodedata.normalize("NFC", text))


class _RecordBuilder:
    """Adds one record's facts to the graph, with the plan id its group resolved to."""

    def __init__(self, b: GraphBuilder, docs: DocResolver, rec: ExtractedDocument, plan_id: str,
                 spill: TaskSpill | None = None):
        self.b, self.docs, self.rec, self.plan_id, self.spill = b, docs, rec, plan_id, spill
        self.texts: dict[str, Document | None] = {}  # this record's file, read only if a subject needs it
        self.file = rec.file
        self.agencies = AgencyIndex(rec)

    def add(self) -> None:
        rec, b, f = self.rec, self.b, self.file
        p = rec.plan
        evid = p.evidence
        b.node(self.plan_id, "Plan", f)
        juris = doc_jurisdiction(rec)
        if p.issuer and p.issuer.name:
            entry = self.agencies.lookup(p.issuer.name) if not p.issuer.jurisdiction else Agency(
                name=p.issuer.name, jurisdiction=p.issuer.jurisdiction)
            aid = self.agency_entry(entry)
            b.edge(self.plan_id, aid, "ISSUED_BY", f, b.evidence1(evid.get("issuer")))
        unit = parse_unit(juris, p.province, p.district)
        if unit:
            b.unit(unit, f, b.evidence1(evid.get("district") or evid.get("province")))
            b.edge(self.plan_id, unit.id, "APPLIES_TO", f, b.evidence1(evid.get("title")))
        if p.signer and p.signer.name:
            pid = f"person/{slug(juris) or 'unknown'}/{slug(p.signer.name)}"
            b.node(pid, "Person", f, label=p.signer.name, name=p.signer.name, title=p.signer.title or "")
            b.edge(self.plan_id, pid, "SIGNED_BY", f, b.evidence1(evid.get("signer")))
        for a in rec.agencies:
            aid = self.agency_entry(a)
            b.edge(self.plan_id, aid, "MENTIONS", f, b.evidence(a.mentions))
        cited: dict[str, tuple[str, Citation]] = {}
        for c in rec.cites:
            did = self.cite(c)
            if did and c.number:
                cited[match_key(clean_number(c.number))] = (did, c)
        for r in rec.derives_from:
            hit = cited.get(match_key(clean_number(r.number))) if r.number else None
            if hit:
                did, c = hit
            else:
                did = self.document(DocRefInfo(number=clean_number(r.number), doc_type=r.type or "",
                                               issuer=r.issuer or "", name=r.name or ""), r.evidence)
                c = None
            if did:
                b.edge(self.plan_id, did, "DERIVES_FROM", f, b.evidence([r.evidence or (c.evidence if c else None)]))
        self.tasks()

    def agency_entry(self, a: Agency) -> str:
        return self.b.agency(a, self.agencies.jurisdiction_of(a), self.rec)

    def agency_named(self, name: str, jurisdiction: str | None = None) -> str:
        return self.agency_entry(self.agencies.lookup(name, jurisdiction))

    def tasks(self) -> None:
        """The plan's tasks, with who leads and who coordinates them: into the graph, or, when this record is
        its plan's only source and a spill is given, straight into the spill as their lines (agencies still go
        into the graph). Both ways write what :meth:`task` says."""
        tids = self.task_ids()
        if self.spill is not None and len(set(tids)) == len(tids):
            self.spill_tasks(tids)
            return
        tb = GraphBuilder() if self.spill is not None else self.b
        for t, tid in zip(self.rec.tasks, tids):
            props, edges = self.task(t)
            tb.node(tid, "Task", self.file, **props)
            ev = tb.evidence1(t.evidence)
            for u, rel, extra in edges:
                tb.edge(u, tid, rel, self.file, ev, **extra)
        if self.spill is not None and self.rec.tasks:
            self.spill.add(tb.finish())

    def task(self, t: Task) -> tuple[dict[str, Any], list[tuple[str, str, dict[str, Any]]]]:
        """One task's node properties, and its edges as (from, type, properties): HAS_TASK from the plan, LEADS
        from each agency leading it, COORDINATES from each coordinating it; all share the task's evidence."""
        title = " ".join(t.title.split())
        props = dict(label=f"{t.ref} {title}".strip(), ref=t.ref, title=title, section=t.section or "",
                     timeframe=t.timeframe or "", requested=t.requested, plan=self.plan_id)
        edges: list[tuple[str, str, dict[str, Any]]] = [(self.plan_id, "HAS_TASK", {})]
        if t.roles:  # names that alone are ambiguous: each agency by its name and jurisdiction
            lead = {"requested": t.requested}
            edges += [(self.agency_named(name, j), "LEADS" if role == "lead" else "COORDINATES",
                       lead if role == "lead" else {}) for role, name, j in t.roles]
            return props, edges
        edges += [(self.agency_named(name), "LEADS", {"requested": t.requested}) for name in dict.fromkeys(t.leads)]
        edges += [(self.agency_named(name), "COORDINATES", {}) for name in dict.fromkeys(t.coordinators)]
        return props, edges

    def task_ids(self) -> list[str]:
        """The node id of each task: its plan's id and its printed number (its rank when it has none), with
        "-2", "-3" … on a number printed again."""
        seen: dict[str, int] = {}
        out = []
        for i, t in enumerate(self.rec.tasks, 1):
            base = slug(t.ref) or str(i)
            seen[base] = seen.get(base, 0) + 1
            out.append(f"{self.plan_id}/task/{base}" + (f"-{seen[base]}" if seen[base] > 1 else ""))
        return out

    def spill_tasks(self, tids: list[str]) -> None:
        """The tasks into the spill as the lines ``GraphBuilder`` and ``TaskSpill.add`` would make of them
        (``written_node``, ``written_edge``), without building their graph (a third of the resolution's time
        went to it). One id per task (the caller checks). Two names of one agency in one role give one edge, as
        the graph's merge would: the same type, source, evidence and properties."""
        for t, tid in zip(self.rec.tasks, tids):
            props, task_edges = self.task(t)
            e = t.evidence
            ev = [{"file": e.file, "start": e.start, "end": e.end, "text": e.text}] if e is not None else []
            edges: dict[tuple[str, str], dict] = {}
            for u, rel, extra in task_edges:
                if (u, rel) not in edges:
                    edges[u, rel] = written_edge(rel, self.file, ev, **extra)
            self.spill.add_task(tid, written_node(tid, "Task", self.file, **props), edges)

    # --- documents ------------------------------------------------------------------------------------
    def subject(self, c: Citation) -> str:
        """The cited document's subject: as extracted, or (a record of an older extractor, which did not read
        it: ``subject`` None) read again from the file."""
        if c.subject is not None:
            return _nfc(" ".join(c.subject.split()))
        doc = self.file_doc() if c.evidence and self.rec.path else None
        if doc is not None:
            return _nfc(cite_subject(c, self.rec.cites, doc))
        return _nfc(subject_from_text(c.as_written) or subject_from_text(c.evidence.text if c.evidence else "") or "")

    def file_doc(self) -> Document | None:
        path = self.rec.path or ""
        if path not in self.texts:
            try:
                from kehoach.ingest.readers import read_document

                self.texts[path] = Document.from_text(read_document(Path(path)).text, file=self.file, path=path)
            except Exception:  # the context is a bonus: a missing file only loses the subject
                self.texts[path] = None
        return self.texts[path]

    def cite(self, c: Citation) -> str:
        info = DocRefInfo(number=clean_number(c.number), doc_type=c.type or "", issuer=c.issuer or "",
                          date=c.date or "", name=" ".join((c.name or "").split()), subject=self.subject(c))
        did = self.document(info, c.evidence)
        if not did:
            return ""
        ev = self.b.evidence1(c.evidence)
        self.b.edge(self.plan_id, did, "CITES", self.file, ev, role=c.role or "body",
                    as_written=" ".join(c.as_written.split()))
        if c.role == "basis":
            self.b.edge(self.plan_id, did, "BASED_ON", self.file, ev)
        issued = issued_instrument(info.subject)
        if issued and self.b.g.nodes[did]["kind"] == "LegalDocument":
            self.issues(did, info, issued, ev)
        return did

    def document(self, info: DocRefInfo, evidence: Evidence | None) -> str:
        did, kind, complete = self.docs.resolve(info, self.rec)
        if not did:
            self.b.unresolved.append({"file": self.file, "as_written": info.name or info.number,
                                      "reason": "citation without number or name"})
            return ""
        if not complete:
            self.b.unresolved.append({"file": self.file, "number": info.number, "id": did,
                                      "reason": "issuer or year unknown"})
        if did in self.b.g and self.b.g.nodes[did]["kind"] != kind:
            kind = self.b.g.nodes[did]["kind"]
        props = dict(number=info.number, doc_type=info.doc_type, date=info.date, issuer=info.issuer,
                     year=year_of(info.date, info.number) or 0)
        if kind == "LegalDocument":
            props.update(name=info.name, title=info.subject or info.name)
        else:
            props.update(title=info.name or "", **self.place_props(info.issuer))
        self.b.node(did, kind, self.file, **props)
        if info.issuer:
            name, juris = split_agency(info.issuer)
            if juris is None:
                entry = self.agencies.lookup(info.issuer)
                known = match_key(entry.name) != match_key(name) or entry.jurisdiction or entry.aliases
                juris = (self.agencies.jurisdiction_of(entry) if known else
                         "trung ương" if match_key(name) in _CENTRAL_BODIES or match_key(name).startswith("bộ ")
                         else self.agencies.default_jurisdiction)
                name = entry.name if known else name
            aid = self.b.agency(Agency(name=name), juris, self.rec, with_aliases=False)
            self.b.edge(did, aid, "ISSUED_BY", self.file, self.b.evidence1(evidence))
        return did

    def place_props(self, issuer: str) -> dict[str, Any]:
        _, juris = split_agency(issuer) if issuer else ("", None)
        unit = parse_unit(juris, self.rec.plan.province, self.rec.plan.district) if juris else None
        if not unit or unit.level == "country":
            return {}
        if unit.level == "province":
            return {"level": "province", "province": unit.name}
        if unit.level == "commune":
            district = unit.parent.name if unit.parent and unit.parent.level == "district" else ""
            return {"level": "commune", "commune": unit.label, "district": district,
                    "province": self.rec.plan.province or ""}
        return {"level": unit.level, "district": unit.name, "province": self.rec.plan.province or ""}

    def issues(self, decision: str, info: DocRefInfo, issued: tuple[str, str], ev: list[dict[str, Any]]) -> None:
        """A decision "về việc ban hành Kế hoạch …": the instrument it issues becomes a node of its own."""
        doc_type, title = issued
        issuer = abbreviate_issuer(self.b.g.nodes[decision]["issuer"] or info.issuer)
        kind = "Plan" if match_key(doc_type) == "kế hoạch" else "LegalDocument"
        iid = _find_plan(self.b, issuer, title) if kind == "Plan" else None
        iid = iid or f"{'plan' if kind == 'Plan' else 'doc'}/{slug(issuer) or 'unknown'}/{slug(title, 100)}"
        props = dict(doc_type=doc_type, title=title, issuer=issuer, date=info.date,
                     year=year_of(info.date) or 0)
        if kind == "Plan":
            props.update(year_covered=year_of(*re.findall(r"năm\s+(\d{4})", title)) or 0,
                         **self.place_props(issuer))
        else:
            props["name"] = f"{doc_type} {title}"
        self.b.node(iid, kind, self.file, label=f"{doc_type} {title}", **props)
        self.b.edge(decision, iid, "ISSUES", self.file, ev, derived=True)
        for _, aid, k in list(self.b.g.out_edges(decision, keys=True)):
            if k == "ISSUED_BY":
                self.b.edge(iid, aid, "ISSUED_BY", self.file, ev, derived=True)


def _find_plan(b: GraphBuilder, issuer: str, title: str) -> str | None:
    """The first Plan node (in creation order) of this issuer whose title matches (an ingested plan issued by a
    decision); only this issuer's plans are compared."""
    nodes = b.g.nodes
    key = match_key(issuer)
    for _, nid in b.plans_by_issuer.get(key, ()):
        a = nodes[nid]
        if match_key(a["issuer"]) == key and title_similarity(a["title"], title) >= 0.85:
            return nid
    return None


def build_graph(records: list[ExtractedDocument]) -> nx.MultiDiGraph:
    """Build and resolve the graph of a set of extraction records (deterministic: order does not matter).

    >>> from kehoach.ingest.models import ExtractedDocument
    >>> build_graph([ExtractedDocument(file="a.txt")]).nodes["plan/file/a-txt-18b7cb09"]["kind"]
    'Plan'
    """
    records = sorted(records, key=lambda r: r.file)
    return build_graph_streamed(list(records), records)  # (the first pass empties its list)


def record_head(rec: ExtractedDocument) -> ExtractedDocument:
    """What resolution needs of a record (metadata, citations, derivations), without its tasks and agencies.

    >>> from kehoach.ingest.models import Task
    >>> record_head(ExtractedDocument(file="a.txt", tasks=[Task(ref="1", title="T")])).tasks
    []
    """
    return rec.head()


def build_graph_streamed(heads: list[ExtractedDocument], records: Iterable[ExtractedDocument],
                         spill: TaskSpill | None = None) -> nx.MultiDiGraph:
    """Build the graph in two passes so that no more than one full record is held at a time.

    ``heads`` (see :func:`record_head`) resolve plan identities and cited documents; ``records`` then yields the
    full record of every head, **in the order of the heads sorted by file** (e.g. read back from
    ``records.json``), and each is added to the graph and dropped. The ``heads`` list is emptied: the heads
    are freed once the plans are resolved, before the graph grows (at 100k plans they are about 1 GB).
    ``spill`` (a :class:`kehoach.graph.spill.TaskSpill`): the tasks of every plan with one source record are
    written there instead of into the graph (``save_graph(g, out, spill)`` puts them back in ``graph.json``);
    at 100k plans that halves the graph in memory.

    >>> recs = [ExtractedDocument(file="b.txt"), ExtractedDocument(file="a.txt")]
    >>> g = build_graph_streamed([record_head(r) for r in recs], iter(sorted(recs, key=lambda r: r.file)))
    >>> sorted(n for n, d in g.nodes(data=True) if d["kind"] == "Plan")
    ['plan/file/a-txt-18b7cb09', 'plan/file/b-txt-ffa0da5d']
    """
    with paused_gc():
        b = GraphBuilder()
        plan_of, docs, files = _resolve_heads(b, heads)
        sources_of = Counter(plan_of.values())
        expected = iter(files)
        for rec in records:
            want = next(expected, None)
            if rec.file != want:
                raise ValueError(f"records out of order: got {rec.file!r}, expected {want!r}")
            b.begin_record()
            pid = plan_of[rec.file]
            _RecordBuilder(b, docs, rec, pid, spill if sources_of[pid] == 1 else None).add()
        missing = next(expected, None)
        if missing is not None:
            raise ValueError(f"no record for {missing!r}")
        set_mention_counts(b, count_roles(b.g, counts=Counter(spill.folded_rels) if spill else None))
        return b.finish()


def _resolve_heads(b: GraphBuilder, heads: list[ExtractedDocument]) -> tuple[dict[str, str], DocResolver, list[str]]:
    """The first pass: a Plan node per cluster of records, the cited-document resolver and the files in order.
    Empties ``heads``; nothing returned holds a head."""
    order = sorted(heads, key=lambda r: r.file)
    heads.clear()
    plan_of: dict[str, str] = {}
    ingested: dict[str, dict[str, Any]] = {}
    for group in cluster_records(order):
        pid, props = plan_identity(group)
        ingested[pid] = props
        label = props["number"] or props["title"] or group[0].file
        b.node(pid, "Plan", None, label=label, **props)
        for r in group:
            plan_of[r.file] = pid
            own = plan_identity([r])[0]
            if own != pid:
                b.same_as.setdefault(pid, set()).add(own)
    return plan_of, DocResolver(order, ingested), [h.file for h in order]
