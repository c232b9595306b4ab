"""Whose body is it: the jurisdiction context of a plan, and the place/level words printed after a name.

``Context`` holds the issuing unit ("tỉnh Lạng Sơn", "huyện Cầu Ngang") and its province; ``jurisdiction``
turns a gazetteer scope into a jurisdiction string; ``read_suffix`` reads "tỉnh", "tỉnh Trà Vinh",
"của tỉnh, của huyện", "Nghệ An" or "các huyện, thành phố" printed right after an agency name.

>>> ctx = Context(province="Trà Vinh", district="Cầu Ngang", level="district", issuer="huyện Cầu Ngang")
>>> ctx.jurisdiction("province"), ctx.jurisdiction("district"), ctx.jurisdiction("central")
('tỉnh Trà Vinh', 'huyện Cầu Ngang', 'trung ương')
>>> s = read_suffix(" tỉnh Trà Vinh về việc", 0)
>>> s.end, s.places
(14, ['tỉnh Trà Vinh'])
>>> read_suffix(" các huyện, thành, thị:", 0, units=True).units
'các huyện, thành phố, thị xã'
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from kehoach.ingest.agencies.gazetteer import GAZETTEERS, clean, gazetteer
from kehoach.ingest.chars import UPPER

# upper-case letters of Vietnamese (Latin-1 and Latin Extended Additional interleave upper and lower case)
from kehoach.ingest.models import PlanMeta

# a place's name: capitalized words — not a capitalized verb after a level word ("UBND huyện Xây dựng Kế hoạch")
PLACE = (rf"(?!(?:Xây dựng|Ban hành|Phê duyệt|Triển khai|Thực hiện|Tổ chức|Chỉ đạo|Yêu cầu|Chủ trì|Phối hợp)\b)"
         rf"[{UPPER}]\w*(?:(?: | [-–] )[{UPPER}]\w*){{0,3}}")
# wards and urban districts may be numbered: "phường 3", "quận 1"
# unit words that alone after a name, in a plan of a higher level, name every unit of their kind ("UBND xã" in
# a district's plan); "thành phố", "thị xã" and "thị trấn" alone are usually one unit (the province's city,
# the district's town)
GENERIC_UNITS = ("huyện", "quận", "xã", "phường")
NUMBERED_PLACE = r"(?<=phường )\d{1,2}|(?<=quận )\d{1,2}"


@lru_cache(maxsize=1)
def province_units() -> dict[str, str]:
    """Province name -> the level word printed before it ("tỉnh" / "thành phố")."""
    path = GAZETTEERS / "provinces.tsv"
    if not path.is_file():
        return {}
    out = {}
    for ln in path.read_text(encoding="utf-8").splitlines():
        if ln.strip() and not ln.startswith("#"):
            parts = ln.split("\t")
            out[clean(parts[0])] = clean(parts[1]) if len(parts) > 1 else "tỉnh"
    return out


@dataclass
class Context:
    """The plan's place in the administration, used for agencies whose text names no place."""

    province: str | None = None
    district: str | None = None
    level: str | None = None      # "province" | "district" | …
    issuer: str | None = None     # the issuing unit, e.g. "tỉnh Lạng Sơn"
    district_units: str | None = None  # how the text names all districts of the province ("các huyện, thành phố")
    commune_units: str | None = None   # how the text names all communes ("các xã, thị trấn")

    @property
    def levels_below(self) -> tuple[str, ...]:
        """The levels under the plan's issuer, whose units a plan may name all at once ("UBND cấp xã").

        >>> Context(level="province").levels_below, Context(level="commune").levels_below
        (('district', 'commune'), ())
        """
        return {"province": ("district", "commune"), "district": ("commune",)}.get(self.level or "", ())

    def all_units(self, level: str, printed: str | None = None) -> str:
        """How the text names every unit of ``level`` ("các huyện, thành phố", "các xã, thị trấn"); where it
        names no such list, ``printed`` ("các phường" for "UBND phường") or every kind of unit of the level."""
        named = self.district_units if level == "district" else self.commune_units
        return named or printed or ("các huyện, thành phố" if level == "district" else "các xã, phường, thị trấn")

    @property
    def province_j(self) -> str | None:
        if self.province:
            return f"{province_units().get(self.province, 'tỉnh')} {self.province}"
        # a province's plan that does not name its province: its issuer; a district's or a commune's: unknown
        # (a "Sở" of the province is not the commune's)
        return self.issuer if self.level not in ("district", "commune") else None

    @property
    def district_j(self) -> str | None:
        """The district of the plan: the issuer of a district's plan, the district of a commune's plan.

        >>> Context(province="Trà Vinh", district="Cầu Ngang", level="commune", issuer="xã Mỹ Long").district_j
        'huyện Cầu Ngang'
        """
        if self.level == "district":
            return self.issuer or (f"huyện {self.district}" if self.district else None)
        if self.level == "commune" and self.district:
            return f"huyện {self.district}"
        return None

    def jurisdiction(self, scope: str) -> str | None:
        """Jurisdiction of a body of gazetteer ``scope`` in this plan."""
        if scope == "central":
            return "trung ương"
        if scope == "international":
            return "quốc tế"
        if scope == "province":
            return self.province_j
        if scope == "district":
            return self.district_j or self.issuer
        if scope == "issuer":
            return self.issuer or self.province_j
        if scope == "press":
            return self.province_j if self.level != "district" else None
        return None

    def level_word(self, word: str) -> str | None:
        """Jurisdiction meant by a bare level word after a name ("tỉnh" -> the plan's province; "xã" -> the
        issuing commune, in a commune's plan).

        >>> ctx = Context(province="Tuyên Quang", level="commune", issuer="xã Minh Xuân")
        >>> ctx.level_word("tỉnh"), ctx.level_word("xã")
        ('tỉnh Tuyên Quang', 'xã Minh Xuân')
        """
        level = gazetteer().level_words.get(word.lower())
        if level == "province":
            return self.province_j
        if level == "district":
            return self.district_j
        if level == "commune" and self.level == "commune":
            return self.issuer
        return None

    @classmethod
    def from_plan(cls, plan: PlanMeta | None, text: str = "") -> Context:
        """Context from extracted metadata; what metadata leaves empty is guessed from the text."""
        ctx = cls()
        if plan is not None:
            ctx.province, ctx.district, ctx.level = plan.province, plan.district, plan.level
            ctx.issuer = plan.issuer.jurisdiction if plan.issuer else None
        if not ctx.province:
            ctx.province = guess_province(text)
        if not ctx.level:
            ctx.level = "district" if ctx.district else "province"
        if not ctx.issuer:
            ctx.issuer = (f"huyện {ctx.district}" if ctx.level == "district" and ctx.district
                          else ctx.province_j)
        return ctx


@lru_cache(maxsize=1)
def _province_re() -> re.Pattern[str]:
    names = sorted(province_units(), key=len, reverse=True)
    return re.compile(r"\b(?:tỉnh|thành phố) (" + "|".join(map(re.escape, names)) + r")\b") if names else \
        re.compile(r"(?!x)x")


def guess_province(text: str) -> str | None:
    """The province most often named "tỉnh X" in ``text`` (a fallback when metadata has none).

    >>> guess_province("UBND tỉnh Lạng Sơn ... tỉnh Lạng Sơn ... tỉnh Cao Bằng")
    'Lạng Sơn'
    """
    counts = Counter(m.group(1) for m in _province_re().finditer(text))
    return counts.most_common(1)[0][0] if counts else None


@dataclass
class Suffix:
    """What follows a name: ``end`` offset, jurisdictions (places), level words, or a units list."""

    end: int
    places: list[str] = field(default_factory=list)   # "tỉnh Trà Vinh", "huyện Cầu Ngang"
    levels: list[str] = field(default_factory=list)   # bare level words: "tỉnh", "huyện"
    bare_place: str | None = None                     # "Nghệ An" printed right after the name
    units: str | None = None                          # "các huyện, thành phố"
    all_level: str | None = None                      # "huyện, thị xã", "cấp xã": every unit of that level
    printed: str | None = None                        # "các phường" for "phường": when the text has no list


@lru_cache(maxsize=1)
def _suffix_res() -> tuple[re.Pattern[str], ...]:
    g = gazetteer()
    levels = "|".join(map(re.escape, sorted(g.level_words, key=len, reverse=True)))
    units = "|".join(map(re.escape, sorted(g.units, key=len, reverse=True)))
    names = sorted(province_units(), key=len, reverse=True)
    provinces = "|".join(map(re.escape, names)) or r"(?!x)x"
    level = re.compile(rf"(,? của|,| và)? ({levels})(?: ({PLACE}|{NUMBERED_PLACE}))?(?![\w&])")
    unit_list = re.compile(rf" các ((?:{units})(?:(?:, ?| và )(?:{units}))*)(?![\w&])( biên giới)?")
    bare = re.compile(rf" ({provinces})(?![\w&])")
    # a list of unit words without "các" ("UBND huyện, thị xã, thành phố"); atomic, so that "thành phố Trà
    # Vinh" is not read as "thành"
    bare_list = re.compile(rf" ((?>{units})(?:(?:, ?| và )(?>{units}))*)(?![\w&])(?! (?:{PLACE}|\d))")
    every = re.compile(r" cấp (huyện|xã)(?![\w&])")
    return level, unit_list, bare, bare_list, every


def known_province(printed: str) -> str | None:
    """The province a name printed after "tỉnh" begins with (any dash between its parts), or None.

    >>> known_province("Bà Rịa – Vũng Tàu"), known_province("Lào Cai Phê"), known_province("Phê")
    ('Bà Rịa - Vũng Tàu', 'Lào Cai', None)
    """
    name = printed.replace(" – ", " - ")
    for p in sorted(province_units(), key=len, reverse=True):
        if name == p or name.startswith(p + " "):
            return p
    return None


def normalize_units(printed: str) -> str:
    """"huyện, thành, thị" -> "huyện, thành phố, thị xã" (the gazetteer's unit words).

    >>> normalize_units("xã, thị trấn")
    'xã, thị trấn'
    """
    g = gazetteer()
    parts = re.split(r",\s*|\s+và\s+", printed)
    return ", ".join(g.units.get(p.strip(), p.strip()) for p in parts if p.strip())


def read_suffix(text: str, end: int, units: bool = False, places: bool = True, commune: bool = False,
                below: tuple[str, ...] = ()) -> Suffix:
    """Read the place, level words or (with ``units``) the units list printed at ``text[end:]``.

    With ``units``, a list of one level's unit words without "các" ("huyện, thị xã, thành phố") or "cấp xã"
    names every unit of that level where the level is in ``below`` (under the plan's issuer).

    A commune's level word ("xã", "phường", "thị trấn") is read with the commune's name ("xã Long Sơn",
    "phường 3"); alone, only in a commune's own plan (``commune``): elsewhere "Công an xã" names no one commune.

    >>> read_suffix(" xã Long Sơn, Công an", 0).places, read_suffix(" xã, thị trấn", 0).end
    (['xã Long Sơn'], 0)
    >>> read_suffix(" xã.", 0, commune=True).levels
    ['xã']
    >>> read_suffix(" xã Long Sơn, xã Mỹ Long và xã Hiệp Mỹ, huyện Cầu Ngang", 0).places
    ['xã Long Sơn', 'xã Mỹ Long', 'xã Hiệp Mỹ']
    >>> s = read_suffix(" huyện, thị xã, thành phố chủ trì", 0, units=True, below=("district", "commune"))
    >>> s.units, s.all_level, read_suffix(" cấp xã", 0, units=True, below=("commune",)).all_level
    ('các huyện, thị xã, thành phố', 'district', 'commune')
    """
    level_re, unit_re, bare_re, list_re, every_re = _suffix_res()
    out = Suffix(end=end)
    window = text[end:end + 80]
    if units:
        m = unit_re.match(window)
        if m:
            out.units = "các " + normalize_units(m.group(1)) + (m.group(2) or "")
            out.end = end + m.end()
            return out
        if below:
            m = list_re.match(window)
            if m:
                printed = normalize_units(m.group(1))
                levels = {gazetteer().level_words.get(u) for u in printed.split(", ")}
                if len(levels) == 1 and levels <= set(below) and (", " in printed or printed in GENERIC_UNITS):
                    out.all_level, out.end = levels.pop(), end + m.end()
                    out.units = "các " + printed if ", " in printed else None
                    out.printed = "các " + printed
                    return out
            m = every_re.match(window)
            if m and gazetteer().level_words[m.group(1)] in below:
                out.all_level, out.end = gazetteer().level_words[m.group(1)], end + m.end()
                return out
    if not places:
        return out
    pos = 0
    while True:
        m = level_re.match(window, pos)
        if not m or (pos and not m.group(1)):
            break
        word, place = m.group(2), m.group(3)
        if m.group(1) in (",", " và") and not (pos and place and out.places and out.places[-1].startswith(word + " ")):
            break  # "xã Long Sơn, xã Mỹ Long": a list of named units of one level ("xã A, huyện B" is A's address)
        if not place and not commune and gazetteer().level_words.get(word) == "commune":
            break
        stop = m.end()
        if place and word == "tỉnh":
            # a province's name is one of the provinces' ("tỉnh Bà Rịa – Vũng Tàu"); "tỉnh Phê duyệt …" is the
            # level word before a capitalized verb
            place = known_province(place)
            stop = m.start(3) + len(place) if place else m.end(2)  # " – " is as long as " - "
        if place:
            out.places.append(f"{word} {place}")
        else:
            out.levels.append(word)
        pos = stop
    if pos:
        out.end = end + pos
        return out
    m = bare_re.match(window)
    if m:
        out.bare_place = m.group(1)
        out.end = end + m.end()
    return out
