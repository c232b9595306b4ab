"""Resolution helpers: administrative units, agencies per document, same-plan clustering, issued instruments.

Resolution happens once, here: which records describe the same plan (a news article and the plan's text),
which agency a task's lead names in a given document, which unit a jurisdiction string means, what a decision
issues ("Quyết định … về việc ban hành Kế hoạch …").

>>> parse_unit("huyện Cầu Ngang", province="Trà Vinh").id
'unit/vn/tinh-tra-vinh/huyen-cau-ngang'
>>> title_similarity("Hoạt động TTĐN năm 2024", "hoạt động TTĐN năm 2024")
1.0
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from kehoach.graph.ids import CENTRAL_CITIES, in_province, slug
from kehoach.ingest.citations.subject import subject_from_text  # noqa: F401  (re-exported)
from kehoach.ingest.keys import match_key
from kehoach.ingest.models import Agency, ExtractedDocument

COUNTRY_ID = "unit/vn"
_CENTRAL = {"trung ương", "trung uong", "việt nam", "toàn quốc", "quốc gia"}
_FOREIGN = {"quốc tế", "nước ngoài"}
_PREFIXES = (
    ("tỉnh", "province"), ("thành phố", "city"), ("huyện", "district"), ("quận", "district"),
    ("thị xã", "district"), ("thị trấn", "commune"), ("xã", "commune"), ("phường", "commune"),
)


@dataclass(frozen=True)
class Unit:
    """An administrative unit: id, printed form (``label``), bare ``name``, ``level`` and ``parent`` id."""

    id: str
    label: str
    name: str
    level: str  # country | province | district | commune
    parent: Unit | None = None


COUNTRY = Unit(COUNTRY_ID, "Việt Nam", "Việt Nam", "country")


def _split_prefix(text: str) -> tuple[str, str]:
    key = match_key(text)
    for prefix, kind in _PREFIXES:
        if key.startswith(prefix + " "):
            return kind, " ".join(text.split()[len(prefix.split()):])
    return "", " ".join(text.split())


def province_unit(name: str, prefix: str = "tỉnh") -> Unit:
    """The province-level unit called ``name`` ("Lạng Sơn")."""
    label = f"{prefix} {name}"
    return Unit(f"{COUNTRY_ID}/{slug(label)}", label, name, "province", COUNTRY)


def parse_unit(text: str | None, province: str | None = None, district: str | None = None) -> Unit | None:
    """The unit a jurisdiction string names, read in the context of a document's province and district.

    "trung ương" is the country; "quốc tế" and unknown strings give None. A district or commune without its
    parent in the text belongs to the document's province (and district).

    >>> parse_unit("tỉnh Lạng Sơn").label, parse_unit("trung ương").level
    ('tỉnh Lạng Sơn', 'country')
    """
    if not text or not text.strip():
        return None
    key = match_key(text)
    if key in _CENTRAL:
        return COUNTRY
    if key in _FOREIGN:
        return None
    kind, name = _split_prefix(text)
    if not kind:
        # bare place name: the document's province or district
        if province and key == match_key(province):
            return province_unit(province)
        if district and key == match_key(district):
            kind, name = "district", text
        else:
            return None
    if kind == "city":
        if match_key(name) in CENTRAL_CITIES or (province and match_key(name) == match_key(province)
                                                  and not district):
            return province_unit(name, "thành phố")
        kind = "district"
    if kind == "province":
        return province_unit(name)
    parent = province_unit(province) if province else COUNTRY
    label = " ".join(text.split())
    if kind == "district":
        return Unit(f"{parent.id}/{slug(label)}", label, name, "district", parent)
    # commune: under the document's district when there is one (under its province when that is known)
    if district:
        parent = Unit(f"{parent.id}/{slug('huyện ' + district)}", f"huyện {district}", district, "district", parent)
    return Unit(f"{parent.id}/{slug(label)}", label, name, "commune", parent)


def doc_jurisdiction(rec: ExtractedDocument) -> str:
    """The issuer's jurisdiction of a record ("tỉnh Lạng Sơn"), derived from level/province/district if absent."""
    p = rec.plan
    if p.issuer and p.issuer.jurisdiction:
        return p.issuer.jurisdiction
    if p.district:
        return f"huyện {p.district}"
    if p.province:
        return f"tỉnh {p.province}"
    return ""


def title_similarity(a: str | None, b: str | None) -> float:
    """Similarity of two plan titles in [0, 1]: the best of token containment and character ratio."""
    ka, kb = _title_key(a), _title_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    ta, tb = ka.split(), kb.split()
    common = sum(min(ta.count(w), tb.count(w)) for w in set(ta))
    containment = common / min(len(ta), len(tb)) if min(len(ta), len(tb)) >= 4 else 0.0
    return max(containment, SequenceMatcher(None, ka, kb).ratio())


_TITLE_NOISE = re.compile(r"^(kế hoạch|về việc|v/v|thực hiện|triển khai)\s+")


def _title_key(title: str | None) -> str:
    k = re.sub(r"[^\w\s]", " ", match_key(title or ""))
    k = " ".join(k.split())
    prev = None
    while prev != k:
        prev, k = k, _TITLE_NOISE.sub("", k)
    return k


def same_plan(a: ExtractedDocument, b: ExtractedDocument, threshold: float = 0.85) -> bool:
    """Do two records describe the same plan? Same issuer and jurisdiction (a district's in the same province),
    compatible number, issue date and year covered, similar titles (never decided by file name).

    Plan numbers restart every year, so the same number from the same issuer is one plan only when the issue
    dates agree as far as both print them ("2019-11" fits "2019-11-20", not "2015-12-13"); when one of them
    prints no date at all, the years covered must agree. Records without a number need agreeing years covered
    and similar titles.

    >>> from kehoach.ingest.models import ExtractedDocument
    >>> def rec(**plan):
    ...     plan = {"number": "444/KH-UBND", "issuer": {"name": "UBND", "jurisdiction": "huyện Ea Kar"}, **plan}
    ...     return ExtractedDocument.from_dict({"file": "x.txt", "plan": plan})
    >>> same_plan(rec(date="2015-12-13"), rec(date_partial="2019-11"))
    False
    >>> same_plan(rec(date="2019-11-20"), rec(date_partial="2019-11")), same_plan(rec(), rec(year_covered=2020))
    (True, True)
    """
    pa, pb = a.plan, b.plan
    block = _plan_block(a)
    if block is None or block != _plan_block(b):
        return False
    if not _dates_fit(pa, pb):
        return False
    covered = _compatible(pa.year_covered, pb.year_covered)
    na, nb = "".join((pa.number or "").split()), "".join((pb.number or "").split())
    if na and nb:
        return match_key(na) == match_key(nb) and (covered or bool(_date_key(pa) and _date_key(pb)))
    return covered and title_similarity(pa.title, pb.title) >= threshold


def _compatible(x, y) -> bool:
    return x is None or y is None or x == "" or y == "" or x == y


def _date_key(p) -> str:
    """The issue date as far as printed: "2015-12-13", "2019-11", "2019" or ""."""
    return p.date or p.date_partial or ""


def _dates_fit(pa, pb) -> bool:
    """Whether two issue dates can be the same day: one, as far as printed, begins the other."""
    ka, kb = _date_key(pa), _date_key(pb)
    return ka.startswith(kb) or kb.startswith(ka)


def _plan_block(rec: ExtractedDocument) -> tuple[str, str] | None:
    """The blocking key of ``same_plan``: (issuer name key, jurisdiction key), a district's jurisdiction with its
    province when known (huyện Bảo Lâm of Cao Bằng is not that of Lâm Đồng); None when a record can match none."""
    p = rec.plan
    if not (p.issuer and p.issuer.name):
        return None
    juris = doc_jurisdiction(rec)
    return (match_key(p.issuer.name), match_key(in_province(juris, p.province))) if juris else None


def cluster_records(records: list[ExtractedDocument]) -> list[list[ExtractedDocument]]:
    """Group records that describe one plan (single linkage over ``same_plan``), in file order.

    Plan texts come before news articles inside a group. Linear in the number of records: ``same_plan`` needs
    the same issuer and jurisdiction (the block), and records that both carry a number match on number and
    date alone, so they are grouped by dictionary; only a record without a number is compared (by title) with
    the other records of its block. Two groups of numbered records that ``same_plan`` keeps apart are never
    joined through a third record (see ``_numbered_links``).

    >>> from kehoach.ingest.models import ExtractedDocument
    >>> meta = {"number": "5/KH-UBND", "issuer": {"name": "UBND", "jurisdiction": "tỉnh Nam Định"}}
    >>> recs = [ExtractedDocument.from_dict({"file": f, "plan": meta}) for f in ("b.txt", "a.txt")]
    >>> [[r.file for r in g] for g in cluster_records(recs + [ExtractedDocument(file="c.txt")])]
    [['a.txt', 'b.txt'], ['c.txt']]
    """
    recs = sorted(records, key=lambda r: r.file)
    parent = list(range(len(recs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    numbered: set[int] = set()  # roots of groups holding a numbered record (final once numbers are linked)

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
            if ri in numbered or rj in numbered:
                numbered.add(min(ri, rj))

    blocks: dict[tuple[str, str], list[int]] = {}
    for i, rec in enumerate(recs):
        key = _plan_block(rec)
        if key is not None:
            blocks.setdefault(key, []).append(i)
    for members in blocks.values():
        by_number: dict[str, list[int]] = {}
        unnumbered: list[int] = []
        for i in members:
            number = "".join((recs[i].plan.number or "").split())
            if number:
                by_number.setdefault(match_key(number), []).append(i)
            else:
                unnumbered.append(i)
        for same_number in by_number.values():
            for i, j in _numbered_links(recs, same_number):
                union(i, j)
            numbered.update(find(i) for i in same_number)
        # a record without a number joins what it fits by title, but never brings two numbered plans together:
        # when it fits several (the same title in two years, its own year unknown) it joins none of them
        for i in unnumbered:
            fits = [j for j in members if j != i and same_plan(recs[i], recs[j])]
            plans = {find(j) for j in fits} & numbered
            for j in fits:
                ri, rj = find(i), find(j)
                if len(plans) > 1 and rj in numbered or ri in numbered and rj in numbered:
                    continue
                union(i, j)
    grouped: dict[int, list[ExtractedDocument]] = {}
    for i, rec in enumerate(recs):
        grouped.setdefault(find(i), []).append(rec)
    groups = list(grouped.values())  # roots are each group's smallest index: already in file order
    for g in groups:
        g.sort(key=lambda r: (r.kind != "plan", r.file))
    return groups


def _numbered_links(recs: list[ExtractedDocument], same_number: list[int]) -> list[tuple[int, int]]:
    """Pairs to join among records with one number in one block: records printing the same issue date and
    year covered go together; then, most precisely dated first, each such bundle joins the one cluster it fits
    (``same_plan``). A vaguer bundle that fits several (an undated mention of a number that the issuer used in
    two years) joins none of them: single linkage through it would merge two plans."""
    bundles: dict[tuple[str, int], list[int]] = {}
    for i in same_number:
        p = recs[i].plan
        bundles.setdefault((_date_key(p), p.year_covered or 0), []).append(i)
    links = [(b[0], j) for b in bundles.values() for j in b[1:]]
    clusters: list[int] = []  # one record per cluster: its most precisely dated
    for _, b in sorted(bundles.items(), key=lambda kv: (-len(kv[0][0]), not kv[0][1], kv[1][0])):
        fits = [c for c in clusters if same_plan(recs[c], recs[b[0]])]
        if len(fits) == 1:
            links.append((fits[0], b[0]))
        else:
            clusters.append(b[0])
    return links


# --- what a decision issues -------------------------------------------------------------------------------
_ISSUED_TYPES = ("Kế hoạch", "Quy chế", "Quy định", "Chương trình", "Đề án", "Phương án", "Chiến lược")
_ISSUES = re.compile(r"ban\s+hành\s+(?P<what>.+)", re.I | re.S)
def issued_instrument(subject: str | None) -> tuple[str, str] | None:
    """(doc type, title) of what a decision issues, from its subject; None when it issues nothing.

    >>> issued_instrument("ban hành Kế hoạch công tác thông tin đối ngoại tỉnh Trà Vinh năm 2024")
    ('Kế hoạch', 'công tác thông tin đối ngoại tỉnh Trà Vinh năm 2024')
    """
    m = _ISSUES.search(" ".join((subject or "").split()))
    if not m:
        return None
    what = m.group("what").strip().rstrip(".;,")
    key = match_key(what)
    for t in _ISSUED_TYPES:
        if key.startswith(match_key(t) + " "):
            return t, what[len(t):].strip()
    return None


# --- agencies of one document ---------------------------------------------------------------------------
class AgencyIndex:
    """Resolve agency names used in one record (task leads, coordinators, issuers) to its agency entries.

    A name matches an entry's name or one of its aliases (``match_key``); when a name occurs with two
    jurisdictions, the one the task's record gives (``lookup(name, jurisdiction)``), else the issuer's. Names
    with no entry belong to the issuer's jurisdiction.

    >>> rec = ExtractedDocument(file="d.txt", agencies=[Agency("Ủy ban nhân dân", "huyện Cầu Ngang"),
    ...                                                  Agency("Ủy ban nhân dân", "xã Long Sơn")])
    >>> rec.plan.district = "Cầu Ngang"
    >>> index = AgencyIndex(rec)
    >>> index.lookup("Ủy ban nhân dân").jurisdiction, index.lookup("Ủy ban nhân dân", "xã Long Sơn").jurisdiction
    ('huyện Cầu Ngang', 'xã Long Sơn')
    """

    def __init__(self, rec: ExtractedDocument):
        self.default_jurisdiction = doc_jurisdiction(rec)
        self._by_key: dict[str, list[Agency]] = {}
        self._looked_up: dict[str, Agency] = {}
        for a in rec.agencies:
            for n in [a.name, *a.aliases]:
                self._by_key.setdefault(match_key(n), []).append(a)

    def jurisdiction_of(self, a: Agency) -> str:
        return a.jurisdiction or self.default_jurisdiction

    def lookup(self, name: str, jurisdiction: str | None = None) -> Agency:
        """The agency entry for ``name`` (a new entry in the issuer's jurisdiction when the record lacks it);
        the same name gives the same entry object. ``jurisdiction`` (a task's ``roles`` give one where the name
        alone is ambiguous): the entry of the name in that jurisdiction, when the record has one."""
        if jurisdiction is not None:
            want, key = match_key(jurisdiction), match_key(name)
            there = [a for a in self._by_key.get(key, ()) if match_key(self.jurisdiction_of(a)) == want]
            if there:
                return next((a for a in there if match_key(a.name) == key), there[0])
        hit = self._looked_up.get(name)
        if hit is None:
            hit = self._looked_up[name] = self._lookup(name)
        return hit

    def _lookup(self, name: str) -> Agency:
        cands = self._by_key.get(match_key(name), [])
        if not cands:
            return Agency(name=" ".join(name.split()), jurisdiction=None)
        own = [a for a in cands if match_key(self.jurisdiction_of(a)) == match_key(self.default_jurisdiction)]
        exact = [a for a in (own or cands) if match_key(a.name) == match_key(name)]
        return (exact or own or cands)[0]
