"""Agencies: every public body a plan names, canonicalized, with its jurisdiction, aliases and evidence.

The gazetteer (``kehoach/ontology/gazetteers/agencies.json``) and open-class patterns find the names
(``matchers``); ``recognize`` canonicalizes them for the plan's jurisdiction (``context``); this module
groups mentions into ``Agency`` records (one per name and jurisdiction, in order of first mention).

>>> from kehoach.ingest.document import Document
>>> from kehoach.ingest.models import Issuer, PlanMeta
>>> plan = PlanMeta(issuer=Issuer("Ủy ban nhân dân", "tỉnh Nghệ An"), level="province", province="Nghệ An")
>>> doc = Document.from_text("Nơi nhận:\\n- Thường trực Tỉnh uỷ;\\n- Sở TT&TT;\\n- UBND các huyện, thành, thị.\\n")
>>> [(a.name, a.jurisdiction, a.collective) for a in extract_agencies(doc, plan)]
... # doctest: +NORMALIZE_WHITESPACE
[('Tỉnh ủy', 'tỉnh Nghệ An', False), ('Sở Thông tin và Truyền thông', 'tỉnh Nghệ An', False),
 ('Ủy ban nhân dân các huyện, thành phố, thị xã', 'tỉnh Nghệ An', True)]
"""

from __future__ import annotations

from collections import OrderedDict

from kehoach.ingest.agencies.context import Context
from kehoach.ingest.agencies.gazetteer import gazetteer, lookup
from kehoach.ingest.agencies.recognize import Mention, recognize, run_at
from kehoach.ingest.document import Document
from kehoach.ingest.keys import match_key, printed_form
from kehoach.ingest.models import Agency, PlanMeta

__all__ = ["Context", "Mention", "agency_key", "doc_mentions", "extract_agencies", "gazetteer", "lookup",
           "run_at"]

_CACHE: OrderedDict[int, tuple[Document, PlanMeta | None, list[Mention]]] = OrderedDict()


def agency_key(name: str, jurisdiction: str | None) -> tuple[str, str]:
    """Identity of an agency within a document: its name and jurisdiction, compared by ``match_key``.

    >>> agency_key("Uỷ ban nhân dân", "tỉnh Lạng Sơn") == agency_key("ỦY BAN NHÂN DÂN", "Tỉnh Lạng Sơn")
    True
    """
    return match_key(name), match_key(jurisdiction or "")


def doc_mentions(doc: Document, plan: PlanMeta | None) -> list[Mention]:
    """The agency mentions of ``doc`` (computed once per document and plan; tasks reuse them).

    >>> doc = Document.from_text("Phối hợp với Sở Ngoại vụ.")
    >>> [(m.name, m.slot) for m in doc_mentions(doc, None)]
    [('Sở Ngoại vụ', 'coord')]
    """
    hit = _CACHE.get(id(doc))
    if hit is not None and hit[0] is doc and hit[1] is plan:
        return hit[2]
    ctx = Context.from_plan(plan, doc.text)
    # site text around the document, and an article's byline (its author's unit is not an agency of the plan)
    skip = [(s.start, s.end) for s in doc.layout.sections if s.kind in ("chrome", "byline")] if doc.layout else None
    mentions = recognize(doc.text, ctx, skip)
    _CACHE[id(doc)] = (doc, plan, mentions)
    while len(_CACHE) > 8:
        _CACHE.popitem(last=False)
    return mentions


def extract_agencies(doc: Document, plan: PlanMeta) -> list[Agency]:
    """Agencies named in ``doc``: canonical name, jurisdiction, collective flag, printed aliases, evidence."""
    groups: dict[tuple[str, str], Agency] = {}
    for m in doc_mentions(doc, plan):
        if not m.listed:
            continue
        k = agency_key(m.name, m.jurisdiction)
        agency = groups.get(k)
        if agency is None:
            agency = groups[k] = Agency(name=m.name, jurisdiction=m.jurisdiction, collective=m.collective)
        ev = doc.evidence(m.start, m.end)
        agency.mentions.append(ev)
        printed = printed_form(ev.text)
        if match_key(printed) != match_key(m.name) and printed not in agency.aliases:
            agency.aliases.append(printed)
    return list(groups.values())
