"""Places: the provinces gazetteer and administrative level words (``kehoach/ontology/gazetteers``).

>>> find_unit("trên địa bàn tỉnh Lạng Sơn năm 2024")
('tỉnh', 'Lạng Sơn')
>>> find_unit("Ủy ban nhân dân huyện Cầu Ngang xây dựng"), find_unit("trên địa bàn TPHCM")
(('huyện', 'Cầu Ngang'), ('thành phố', 'Hồ Chí Minh'))
>>> level_of("huyện"), is_province("Nghệ An")
('district', True)
"""

from __future__ import annotations

import re
from functools import lru_cache

from kehoach.ingest.chars import UPPER
from kehoach.ingest.keys import match_key
from kehoach.ontology import ONTOLOGY_DIR

GAZETTEERS = ONTOLOGY_DIR / "gazetteers"
# upper-case letters of Vietnamese (Latin-1 and Latin Extended Additional interleave upper and lower case)


def _rows(name: str) -> list[list[str]]:
    text = (GAZETTEERS / name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def provinces() -> dict[str, str]:
    """Province name -> its level word ("tỉnh" / "thành phố")."""
    return {r[0]: r[1] for r in _rows("provinces.tsv")}


@lru_cache(maxsize=1)
def units() -> dict[str, str]:
    """Level word -> level of government ("province", "district", "commune")."""
    return {r[0]: r[1] for r in _rows("units.tsv")}


@lru_cache(maxsize=1)
def _unit_re() -> re.Pattern[str]:
    words = sorted(units(), key=len, reverse=True)
    alts = "|".join(re.escape(w) for w in words)
    # a level word then a proper name: capitalized syllables (hyphenated names like "Bà Rịa - Vũng Tàu"), on its
    # line or the next, not a word that opens a sentence ("… trên địa bàn huyện" / "Theo đó, …")
    # (or Hồ Chí Minh City as news write it: "TPHCM", "TP.HCM", "TP Hồ Chí Minh")
    return re.compile(rf"\b(?P<unit>{alts})(?:[ \t]+\n?|\n)[ \t]*(?!(?:Theo|Trong|Tại|Để|Với|Đồng thời|Ngoài|Nếu|Khi)\b)"
                      rf"(?P<name>[{UPPER}]\w*(?:(?:[ \t]+|[ \t]*-[ \t]*)[{UPPER}]\w*)*)"
                      r"|\b(?P<hcm>TP\.?\s?(?:HCM|Hồ Chí Minh)|TPHCM)\b")


def _unit_name(m: re.Match[str]) -> tuple[str, str]:
    if m.group("hcm"):
        return "thành phố", "Hồ Chí Minh"
    return m.group("unit").lower(), _trim(m.group("name"))


def is_province(name: str | None) -> bool:
    return bool(name) and name in provinces()


def level_of(unit: str | None) -> str | None:
    """Level of government of a level word (None when unknown)."""
    return units().get((unit or "").lower())


def find_unit(text: str, unit: str | None = None) -> tuple[str, str] | None:
    """First (level word, name) in ``text``, optionally only of one level word; None when there is none."""
    for m in _unit_re().finditer(text):
        u, name = _unit_name(m)
        if unit is None or u == unit:
            return u, name
    return None


def iter_units(text: str):
    """All (level word, name, start, end) in ``text``."""
    for m in _unit_re().finditer(text):
        yield *_unit_name(m), m.start(), m.end()


def _trim(name: str) -> str:
    """A province name that runs into following capitalized words keeps only the known name."""
    for p in provinces():
        if name.startswith(p) and (len(name) == len(p) or not name[len(p)].isalnum()):
            return p
    return name


def place_name(name: str | None) -> str | None:
    """A place's name as a sentence prints it, a dash kept only where the name has one.

    >>> place_name("Thừa Thiên - Huế"), place_name("Bà Rịa - Vũng Tàu"), place_name("Cầu  Ngang")
    ('Thừa Thiên Huế', 'Bà Rịa - Vũng Tàu', 'Cầu Ngang')
    """
    if not name:
        return name
    name = " ".join(name.split())
    if "-" in name and not is_province(name):
        name = re.sub(r"\s*-\s*", " ", name)
    return name


@lru_cache(maxsize=1)
def district_provinces() -> dict[str, str]:
    """District name -> its province, for the names only one province has (gazetteer ``districts.tsv``).

    >>> district_provinces()["Núi Thành"], "Châu Thành" in district_provinces()
    ('Quảng Nam', False)
    """
    rows = (GAZETTEERS / "districts.tsv").read_text(encoding="utf-8").splitlines()
    return {r.split("\t")[0]: r.split("\t")[2] for r in rows if r.strip() and not r.startswith("#")}


@lru_cache(maxsize=1)
def _district_keys() -> dict[str, str]:
    return {_district_key(name): province for name, province in district_provinces().items()}


def _district_key(name: str) -> str:
    # "Đăk" and "Đắk" are both printed ("Đăk R'lấp", "Đắk R'Lấp")
    return match_key(name).replace("đăk", "đắk")


def province_of_district(name: str | None) -> str | None:
    """The province of a district whose name only one province has, however its case and tone marks are printed.

    >>> province_of_district("Thường Tín"), province_of_district("Đăk R'lấp"), province_of_district("Châu Thành")
    ('Hà Nội', 'Đắk Nông', None)
    """
    return _district_keys().get(_district_key(name)) if name else None


@lru_cache(maxsize=1)
def _district_names() -> re.Pattern[str]:
    names = sorted(district_provinces(), key=len, reverse=True)
    return re.compile(rf"(?<![\w])(?:{'|'.join(map(re.escape, names))})(?![\w])")


def find_district_name(text: str, start: int = 0, end: int | None = None, other: str | None = None) -> str | None:
    """The first district named in ``text`` without a level word ("Thanh Chương: UBND xã Thanh Hương …"), of the
    names only one province has; not ``other`` (a commune's own name, which a district may share: "Đông Sơn").

    >>> find_district_name("Thanh Chương: UBND xã Thanh Hương triển khai"), find_district_name("xã Châu Thành")
    ('Thanh Chương', None)
    >>> find_district_name("Phường Đông Sơn triển khai; Đảng ủy phường Đông Sơn", other="Đông Sơn") is None
    True
    """
    for m in _district_names().finditer(text, start, len(text) if end is None else end):
        before = text[max(0, m.start() - 12):m.start()].lower().split()[-2:]
        if m.group() != other and not (before and before[-1] in ("xã", "phường", "trấn", "phố", "quận")):
            return m.group()
    return None
