"""Agency mentions: matcher hits -> non-overlapping, canonicalized ``Mention``s with their jurisdiction.

Stages: find (gazetteer PhraseMatcher, open-class Matcher, catch-all and list regexes) -> pick (longest
first, gazetteer before open class) -> canonicalize (expand, read the place/level/units printed after the
name, leadership prefixes before it) -> distribute ("HĐND, UBND, UB.MTTQ các huyện, thành phố") -> mark role
slots (the agencies that follow "phối hợp với", "Đơn vị chủ trì:", "Đề nghị").

>>> ctx = Context(province="Lạng Sơn", level="province", issuer="tỉnh Lạng Sơn")
>>> [(m.name, m.jurisdiction) for m in recognize("Đơn vị phối hợp: Sở TT&TT, Công an tỉnh.", ctx)]
[('Sở Thông tin và Truyền thông', 'tỉnh Lạng Sơn'), ('Công an', 'tỉnh Lạng Sơn')]
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache, partial

from kehoach.ingest.agencies.context import Context, normalize_units, read_suffix
from kehoach.ingest.agencies.gazetteer import Entry, gazetteer, lookup
from kehoach.ingest.agencies.matchers import candidates
from kehoach.ingest.scan import leftmost, lowered, word_matches, word_search


@dataclass
class Mention:
    """One printed agency name: normalized span ``[start, end)`` and what it canonically names."""

    start: int
    end: int
    name: str
    jurisdiction: str | None
    collective: bool = False
    catch_all: bool = False
    weak: bool = False        # generic form ("các cơ quan"): an agency only in a role slot
    channel: bool = False     # a portal named as a channel ("trên Cổng …"): not an agency
    units_capable: bool = False
    bare: bool = True         # nothing printed after the name (no place, level or units)
    slot: str | None = None   # "lead" | "coord" | "request" when the mention fills a role slot

    @property
    def listed(self) -> bool:
        """Whether the mention makes its agency part of the document's agency list."""
        if self.channel:
            return False
        if self.catch_all or self.weak:
            return self.slot is not None
        return True


SEPARATOR = re.compile(r"(?:[ \t]*[,;][ \t]*(?:và[ \t]+)?|[ \t]+(?:và|cùng)[ \t]+|[ \t]+)?")
LIST_SEPARATOR = re.compile(r"(?:[ \t]*[,;][ \t]*(?:\n[ \t]*)?(?:và[ \t]+)?|[ \t]+(?:và|cùng)[ \t]+|[ \t]+)?")
"""Between two items of a role list: also a line break after "," or ";" (a list wrapped onto the next line)."""


@lru_cache(maxsize=1)
def _regexes() -> dict[str, re.Pattern[str]]:
    g = gazetteer()
    heads = "|".join(map(re.escape, g.catch_all_heads))
    tails = "|".join(map(re.escape, sorted(g.catch_all_tails, key=len, reverse=True)))
    units = "|".join(map(re.escape, sorted(g.units, key=len, reverse=True)))
    communes = "|".join(map(re.escape, g.commune_units))
    # the prefixes are matched backwards from the name, on the reversed text: one anchored match, not a search
    lead = "|".join(re.escape(p[::-1]) for p in sorted(g.leadership_prefixes, key=len, reverse=True))
    office = "|".join(re.escape(p[::-1]) for p in sorted(g.office_prefixes, key=len, reverse=True))
    return {
        "catch_all": re.compile(rf"(?i)\b(?:các )?(?:{heads})(?:,? (?:{heads}))*,? (?:{tails})\b"),
        "weak": re.compile(r"(?i)\bcác cơ quan(?:, đơn vị)?\b"),
        "communes": re.compile(rf"(?i)(?<!dân )\bcác ((?:{communes})(?:, ?(?:{units}))+)(?![\w&])( biên giới)?"),
        "distributive": re.compile(r"(?i)\bcác sở ?: *((?:[^;\n.]|\n(?=[ \t]*[-–][ \t]|[ \t]*và\b))+)"),
        "leader": re.compile(rf"(?i) :?(?:{lead})"),  # reversed: "Thường trực: " before the name
        "office": re.compile(rf"(?i) (?:{office})"),  # reversed: "Văn phòng " before the name
        "portal_of": re.compile(r" của (?!tỉnh\b|huyện\b)"),
        "owner": re.compile(r"(?i)\b(?:trang|cổng)\b[^,;:.()\n]{0,40}\bthông tin điện tử của $"),
        "channel": re.compile(r"(?i)\b(?:trên|qua)\b[^,;:.()\n]*$"),
        "slot": re.compile(r"(?im)(?P<label>^[-+•]?[ \t]*(?:đơn vị|cơ quan) (?P<role>chủ trì|phối hợp|thực hiện)"
                           r"[^:\n]{0,30}:[ \t]*)|(?P<coord>\bphối hợp(?: chặt chẽ)?(?: với| cùng)?[ \t]+)"
                           r"|(?P<request>\bđề nghị[ \t]+)"),
    }


@lru_cache(maxsize=1)
def _not_agency_re() -> re.Pattern[str]:
    words = "|".join(map(re.escape, sorted(gazetteer().not_agencies, key=len, reverse=True)))
    return re.compile(rf"(?:{words})(?!\w)")  # on lower-cased text; the word start is checked by word_matches


def _not_agency_spans(low: str) -> list[tuple[int, int]]:
    """Spans of the lower-cased text that hold no agency (the gazetteer's ``not_agencies``; a text whose lower
    case changes its length is not looked at).

    >>> low = "xây dựng chính phủ điện tử; về thông báo kết luận"
    >>> [low[s:e] for s, e in _not_agency_spans(low)]
    ['chính phủ điện tử', 'thông báo']
    """
    if not gazetteer().not_agencies:
        return []
    return [m.span() for m in word_matches(_not_agency_re(), low)]


@lru_cache(maxsize=1)
def _fast() -> dict[str, re.Pattern[str]]:
    """The whole-text scans of ``_regexes`` for :mod:`kehoach.ingest.scan`: lower case, no ``(?i)``, no leading
    ``\\b`` (checked by ``word_search``), so each begins with a literal the engine searches for fast."""
    g = gazetteer()
    heads = "|".join(map(re.escape, g.catch_all_heads))
    tails = "|".join(map(re.escape, sorted(g.catch_all_tails, key=len, reverse=True)))
    units = "|".join(map(re.escape, sorted(g.units, key=len, reverse=True)))
    communes = "|".join(map(re.escape, g.commune_units))
    return {
        "catch_all": re.compile(rf"(?:{heads})(?:,? (?:{heads}))*,? (?:{tails})\b"),  # "các " before: see _scan
        "weak": re.compile(r"các cơ quan(?:, đơn vị)?\b"),
        "communes": re.compile(rf"các ((?:{communes})(?:, ?(?:{units}))+)(?![\w&])( biên giới)?"),
        "distributive": re.compile(r"các sở ?: *((?:[^;\n.]|\n(?=[ \t]*[-–][ \t]|[ \t]*và\b))+)"),
        "label": re.compile(r"(?m)^[-+•]?[ \t]*(?:đơn vị|cơ quan) (?P<role>chủ trì|phối hợp|thực hiện)"
                            r"[^:\n]{0,30}:[ \t]*"),
        "coord": re.compile(r"phối hợp(?: chặt chẽ)?(?: với| cùng)?[ \t]+"),
        "request": re.compile(r"đề nghị[ \t]+"),
    }


def _scan(name: str, text: str, low: str | None) -> list[tuple[int, int, re.Match[str]]]:
    """``(start, end, match)`` of every match of the ``_regexes()[name]`` scan in ``text``: the same as its
    ``finditer``, found with the fast pattern on the lower-cased text ``low`` (None: the ``(?i)`` pattern)."""
    if low is None:
        return [(m.start(), m.end(), m) for m in _regexes()[name].finditer(text)]
    if name != "catch_all":
        return [(m.start(), m.end(), m) for m in word_matches(_fast()[name], low, "dân " if name == "communes" else "")]
    out: list[tuple[int, int, re.Match[str]]] = []
    for m in word_matches(_fast()[name], low):
        s = m.start()  # "\b(?:các )?": the optional "các " before, when it starts a word after the last match
        if s >= 4 and low.startswith("các ", s - 4) and (not out or out[-1][1] <= s - 4) and \
                not (s > 4 and (low[s - 5].isalnum() or low[s - 5] == "_")):
            s -= 4
        out.append((s, m.end(), m))
    return out


def _pick(cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping hits: longest first; on ties gazetteer entries before open classes."""
    prio = {"D": 0, "E": 1, "C": 2, "U": 2, "O": 3, "W": 4}
    chosen: list[tuple[int, int, str]] = []
    spans: list[tuple[int, int]] = []  # the chosen spans, sorted: disjoint, so their ends are sorted too
    for c in sorted(cands, key=lambda c: (-(c[1] - c[0]), prio.get(c[2][0], 5), c[0])):
        i = bisect_left(spans, (c[1],))  # spans[:i] start before c ends; the last of them ends last
        if i and spans[i - 1][1] > c[0]:
            continue
        insort(spans, (c[0], c[1]))
        chosen.append(c)
    return sorted(chosen)


def _initials(name: str | None) -> str:
    return "".join(w[0] for w in (name or "").split()).upper()


def _open_mention(text: str, start: int, end: int, head: str, ctx: Context) -> Mention | None:
    printed = text[start:end]
    if text[max(0, start - 6):start].lower().split()[-1:] in (["biên"], ["quốc"], ["dự"], ["cơ"]):
        return None  # "Biên phòng", "quốc phòng", "cơ sở": not the head word "Phòng" / "Sở"
    entry = lookup(printed)
    if entry is not None:
        return _entry_mention(text, start, end, entry, None, ctx)
    name = printed[0].upper() + printed[1:]
    if head == "báo":
        word = printed.split(None, 1)[1]
        if word.isupper():  # "Báo LS": the province's initials
            if word != _initials(ctx.province):
                return None
            name = f"Báo {ctx.province}"
    scope = "province" if head in ("sở", "báo", "tạp chí") else "issuer"
    m = Mention(start, end, name, ctx.jurisdiction(scope))
    suffix = read_suffix(text, end, commune=ctx.level == "commune")
    if suffix.places or suffix.levels:
        m.end, m.bare = suffix.end, False
        m.jurisdiction = suffix.places[0] if suffix.places else ctx.level_word(suffix.levels[0]) or m.jurisdiction
    return m


def _entry_mention(text: str, start: int, end: int, entry: Entry, scope: str | None,
                   ctx: Context) -> list[Mention] | Mention:
    scope = scope or entry.scope
    base = Mention(start, end, entry.name, ctx.jurisdiction(scope), collective=entry.collective,
                   catch_all=entry.catch_all, units_capable=entry.units)
    printed = text[start:end]
    if " - " in entry.name:  # keep the printed dash ("Văn hóa – Thông tin")
        dash = next((d for d in "–—" if f" {d} " in printed), None)
        if dash:
            base.name = entry.name.replace(" - ", f" {dash} ")
    if scope in ("central", "international"):
        return base
    suffix = read_suffix(text, end, units=entry.units, commune=ctx.level == "commune",
                         below=ctx.levels_below if entry.units else ())
    if suffix.units or suffix.all_level:
        units = suffix.units or ctx.all_units(suffix.all_level, suffix.printed)
        base.name, base.collective = f"{base.name} {units}", True
        base.jurisdiction = ctx.issuer or ctx.province_j
        base.end, base.bare = suffix.end, False
        return base
    if suffix.places or suffix.levels:
        out = []
        for place in suffix.places:
            out.append(Mention(**{**base.__dict__, "jurisdiction": place, "end": suffix.end, "bare": False}))
        for word in suffix.levels:
            j = ctx.level_word(word) or base.jurisdiction
            out.append(Mention(**{**base.__dict__, "jurisdiction": j, "end": suffix.end, "bare": False}))
        return out
    if suffix.bare_place and not entry.collective or suffix.bare_place and scope == "press":
        base.end, base.bare = suffix.end, False
        base.jurisdiction = ctx.province_j if suffix.bare_place == ctx.province else f"tỉnh {suffix.bare_place}"
        return base
    if entry.units and scope == "district" and ctx.district_j is None and not entry.collective:
        # a district office named in a provincial plan: the offices of all its districts (a district's or a
        # commune's plan: its district's office)
        base.name, base.collective = f"{base.name} {ctx.all_units('district')}", True
        base.jurisdiction = ctx.province_j
    return base


def recognize(text: str, ctx: Context, skip: list[tuple[int, int]] | None = None) -> list[Mention]:
    """All agency mentions of ``text`` (normalized document text), in order, canonicalized for ``ctx``."""
    g = gazetteer()
    rx = _regexes()
    low = lowered(text)
    cands = candidates(text, low)
    cands += [(s, e, "Catch") for s, e, _ in _scan("catch_all", text, low)]
    cands += [(s, e, "Weak") for s, e, _ in _scan("weak", text, low)]
    cands += [(s, e, "Units") for s, e, _ in _scan("communes", text, low)]
    cands += [(s, e, "Distributive") for s, e, m in _scan("distributive", text, low)
              if all(lookup("Sở " + " ".join(p.split())) for p in text[m.start(1):m.end(1)].split(","))]
    inside = _not_agency_spans(low) if low is not None else []
    if inside:  # "Chính phủ điện tử", "thông báo Kết luận": no body there (a few short spans)
        within = {i for s, e in inside for i in range(s, e)}
        cands = [c for c in cands if c[0] not in within]
    if skip:
        cands = [c for c in cands if not any(s <= c[0] < e for s, e in skip)]
    entry_starts = {s for s, _, lab in cands if lab.startswith("E:")}
    cands = [c for c in cands if not (c[2].startswith("OPEN:") and c[0] in entry_starts)]
    ctx.district_units = _units_named(text, "district")
    ctx.commune_units = _units_named(text, "commune")
    mentions: list[Mention] = []
    for start, end, label in _pick(cands):
        if start and text[start - 1] in "-/" and label.startswith("E:"):
            continue  # part of a document number ("/KH-UBND")
        made: list[Mention] | Mention | None
        if label.startswith("E:"):
            entry, scope = _entry_of_label(label)
            if not entry.collective and text[start:end].islower():
                continue  # "phi chính phủ", "đài phát thanh": a proper name is printed with capitals
            made = _entry_mention(text, start, end, entry, scope, ctx)
        elif label.startswith("OPEN:"):
            made = _open_mention(text, start, end, label[5:], ctx)
        elif label in ("Catch", "Weak"):
            e = g.entries[g.catch_all]
            made = Mention(start, end, e.name, None, collective=True, catch_all=True, weak=label == "Weak")
        elif label == "Units":
            m = rx["communes"].match(text, start)
            units = "các " + normalize_units(m.group(1)) + (m.group(2) or "")
            made = Mention(start, end, f"Ủy ban nhân dân {units}", ctx.issuer, collective=True)
        else:
            made = _distributive(text, start, end, ctx)
        if made is None:
            continue
        mentions.extend(made if isinstance(made, list) else [made])
    mentions.sort(key=lambda m: (m.start, m.end))
    mentions = _outside_suffixes(mentions)
    _merge_units_and_parents(text, mentions, ctx)
    for m in mentions:
        _prefixes(text, m, rx)
        if lookup(m.name) and lookup(m.name).portal:
            before = text[max(0, text.rfind("\n", 0, m.start)):m.start]
            m.channel = bool(rx["channel"].search(before) or rx["portal_of"].match(text, m.end))
        elif rx["owner"].search(text, max(0, m.start - 60), m.start):
            m.channel = True  # "trên Trang thông tin điện tử của các sở, ngành": the owner of a channel
    mark_slots(text, mentions, low)
    return mentions


@lru_cache(maxsize=4096)
def _entry_of_label(label: str) -> tuple[Entry, str | None]:
    """The gazetteer entry of a PhraseMatcher label ("E:name" or "E:name|scope") and the scope it gives."""
    name, _, scope = label[2:].partition("|")
    g = gazetteer()
    return g.entries[g.by_key[_key(name)][0]], scope or None


def _key(name: str) -> str:
    from kehoach.ingest.keys import match_key

    return match_key(name)


def _outside_suffixes(mentions: list[Mention]) -> list[Mention]:
    """Drop a mention that starts inside the place or units read after an earlier name: in "Đài Truyền thanh
    các xã, thị trấn" the units are the station's, not also "UBND các xã, thị trấn". (Mentions sorted by start.)"""
    out: list[Mention] = []
    start = reach = -1  # the last kept name (and the places of a list of them, which share its start)
    for m in mentions:
        if start < m.start < reach:
            continue
        if m.start == start:
            reach = max(reach, m.end)
        else:
            start, reach = m.start, m.end
        out.append(m)
    return out


def _units_named(text: str, level: str) -> str | None:
    """How this text names all its districts ("các huyện, thành phố") or communes ("các xã, thị trấn"): its most
    frequent units list of ``level``.

    >>> _units_named("UBND các xã, thị trấn; UBND các xã, thị trấn và UBND các phường", "commune")
    'các xã, thị trấn'
    """
    words = "huyện|quận|thành phố|thị xã|thành|thị" if level == "district" else "xã|phường|thị trấn"
    found = re.findall(rf"\b(các (?:{words})(?:, (?:{words}))*)(?![\w&])", text)
    if not found:
        return None
    best = max(set(found), key=found.count)
    return "các " + normalize_units(best[4:])


def _distributive(text: str, start: int, end: int, ctx: Context) -> list[Mention]:
    """"Các Sở: Du lịch, Công Thương, Văn hóa và thể thao" -> one mention per department."""
    out = []
    body_start = text.index(":", start) + 1
    pos = body_start
    for part in text[body_start:end].split(","):
        s = pos + len(part) - len(part.lstrip())
        e = pos + len(part.rstrip())
        entry = lookup("Sở " + " ".join(part.split()))  # "Lao động\n- Thương binh và Xã hội": a wrapped name
        if entry is not None:  # the first one starts at "Các Sở:" (so a table cell starts with a name)
            out.append(Mention(s if out else start, e, entry.name, ctx.jurisdiction(entry.scope)))
        pos += len(part) + 1
    return out


def _merge_units_and_parents(text: str, mentions: list[Mention], ctx: Context) -> None:
    """Distribute a units list to the bodies listed before it; join "Đội …" to its parent body."""
    communes = tuple(f"các {u}" for u in gazetteer().commune_units)
    for i, m in enumerate(mentions):
        if m.collective and m.units_capable and not m.bare and " các " in m.name:
            units = m.name[m.name.index(" các "):]
            j = i - 1
            while j >= 0:
                p = mentions[j]
                gap = text[p.end:mentions[j + 1].start]
                if not SEPARATOR.fullmatch(gap) or ";" in gap:  # "Phòng X; UBND các xã": two list items
                    break
                scope = (lookup(p.name) or _NO_ENTRY).scope
                if units.strip().startswith(communes) and scope == "district":
                    break  # communes have no district office ("Phòng Văn hóa và Thông tin, UBND các xã")
                if scope == "province":
                    break  # "Công an, UBND các xã": the police printed bare is not the communes' police
                if p.units_capable and p.bare and not p.collective:
                    p.name, p.collective, p.jurisdiction = p.name + units, True, m.jurisdiction
                elif not p.collective:
                    break
                j -= 1
    drop, merged = set(), set()
    for i, m in enumerate(mentions):
        if i in merged or not m.name.startswith("Đội "):
            continue
        drop.add(i)
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and text[m.end:nxt.start] == " ":
            nxt.name, nxt.start = f"{m.name} {nxt.name}", m.start
            merged.add(i + 1)
    mentions[:] = [m for i, m in enumerate(mentions) if i not in drop]


_NO_ENTRY = Entry(name="", scope="none")


def _prefixes(text: str, m: Mention, rx: dict[str, re.Pattern[str]]) -> None:
    """Attach a leadership form printed before the name ("Thường trực Tỉnh ủy"); offices become the body."""
    before = text[max(0, m.start - 45):m.start][::-1]
    hit = rx["office"].match(before)
    if hit:
        m.name = "Văn phòng " + m.name
        m.start -= hit.end()
        return
    hit = rx["leader"].match(before)
    if hit:
        m.start -= hit.end()


def mark_slots(text: str, mentions: list[Mention], low: str | None = None) -> None:
    """Set ``slot`` on the mentions that follow a role trigger, each run of listed agencies in turn
    (``low``: ``text`` lower-cased by ``kehoach.ingest.scan.lowered``, for a faster scan)."""
    starts = {}
    for i, m in enumerate(mentions):
        starts.setdefault(m.start, []).append(i)
    for kind, end in _triggers(text, low):
        for i in run_at(text, mentions, end, starts):
            mentions[i].slot = mentions[i].slot or kind


def _triggers(text: str, low: str | None) -> Iterator[tuple[str, int]]:
    """(slot kind, end) of every role trigger of ``text``: what ``_regexes()["slot"].finditer`` finds."""
    if low is None:
        for t in _regexes()["slot"].finditer(text):
            yield (("coord" if t.group("role") == "phối hợp" else "lead") if t.group("label") else
                   "coord" if t.group("coord") else "request"), t.end()
        return
    fast = _fast()
    finders = [fast["label"].search, partial(word_search, fast["coord"]), partial(word_search, fast["request"])]
    for i, t in leftmost(finders, low):
        # the role as printed: "Phối hợp" (capitalized) is not the coordinating label (as with the (?i) regex)
        yield ("coord" if text[t.start("role"):t.end("role")] == "phối hợp" else "lead") if i == 0 else \
            "coord" if i == 1 else "request", t.end()


def run_at(text: str, mentions: list[Mention], pos: int, starts: dict[int, list[int]] | None = None) -> list[int]:
    """Indices of the mentions listed one after another from ``pos`` (separated by ",", ";", "và")."""
    if starts is None:
        starts = {}
        for i, m in enumerate(mentions):
            starts.setdefault(m.start, []).append(i)
    out: list[int] = []
    sep = SEPARATOR.match(text, pos)
    pos = sep.end() if sep else pos
    while pos in starts:
        idx = starts[pos]
        out.extend(idx)
        end = max(mentions[i].end for i in idx)
        pos = LIST_SEPARATOR.match(text, end).end()
    return out
