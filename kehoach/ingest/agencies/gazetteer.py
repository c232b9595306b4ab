"""The agency gazetteer (``kehoach/ontology/gazetteers/agencies.json``) loaded into plain records.

Printed forms are normalized like document text (NFC, new-style tone marks), so "Uỷ ban nhân dân" in the data
or in a file both match "Ủy ban nhân dân". Party boards ("Ban Tuyên giáo") are combined with their parent
committees ("Tỉnh ủy", "Huyện ủy", …) into whole names ("Ban Tuyên giáo Tỉnh ủy").

>>> g = gazetteer()
>>> e = g.entries[g.by_key["sở tt&tt"][0]]
>>> e.name, e.scope, e.collective
('Sở Thông tin và Truyền thông', 'province', False)
>>> g.entries[g.by_key["ban tuyên giáo huyện ủy"][0]].scope
'district'
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from kehoach.ingest.keys import match_key
from kehoach.ingest.normalize import new_style_tones
from kehoach.ontology import ONTOLOGY_DIR

GAZETTEERS = ONTOLOGY_DIR / "gazetteers"
AGENCIES = GAZETTEERS / "agencies.json"
SCOPES = ("central", "international", "province", "district", "issuer", "press", "none")


@dataclass(frozen=True)
class Entry:
    """One public body (or class of bodies) of the gazetteer."""

    name: str
    scope: str
    collective: bool = False
    units: bool = False       # may be followed by "các huyện, thành phố" (then a collective)
    portal: bool = False      # a website: an agency only when it acts
    catch_all: bool = False   # "các cơ quan, đơn vị liên quan" and variants


@dataclass
class Gazetteer:
    entries: list[Entry] = field(default_factory=list)
    forms: list[tuple[str, int, str | None]] = field(default_factory=list)  # (printed form, entry, scope override)
    by_key: dict[str, list[int]] = field(default_factory=dict)  # match_key(form) -> entries
    units: dict[str, str] = field(default_factory=dict)
    commune_units: tuple[str, ...] = ()
    level_words: dict[str, str] = field(default_factory=dict)
    leadership_prefixes: tuple[str, ...] = ()
    office_prefixes: tuple[str, ...] = ()
    catch_all_heads: tuple[str, ...] = ()
    catch_all_tails: tuple[str, ...] = ()
    not_agencies: tuple[str, ...] = ()  # lower case: "chính phủ điện tử", "thông báo" (no body inside them)
    provinces: tuple[str, ...] = ()
    catch_all: int = -1  # index of the catch-all entry


def clean(s: str) -> str:
    """A printed form as document text is normalized (NFC, new-style tones, single spaces).

    >>> clean("Uỷ  ban MTTQ")
    'Ủy ban MTTQ'
    """
    return " ".join(new_style_tones(unicodedata.normalize("NFC", s)).split())


def _provinces() -> tuple[str, ...]:
    path = GAZETTEERS / "provinces.tsv"
    if not path.is_file():
        return ()
    rows = [ln.split("\t")[0] for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    return tuple(clean(r) for r in rows)


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once per process."""
    data = json.loads(AGENCIES.read_text(encoding="utf-8"))
    g = Gazetteer()

    def add(entry: Entry, forms: list) -> None:
        idx = len(g.entries)
        g.entries.append(entry)
        if entry.catch_all:
            g.catch_all = idx
        for f in [entry.name, *forms]:
            form, scope = (f["form"], f.get("scope")) if isinstance(f, dict) else (f, None)
            form = clean(form)
            if scope and scope not in SCOPES:
                raise ValueError(f"{AGENCIES.name}: unknown scope {scope!r} for {form!r}")
            g.forms.append((form, idx, scope))
            g.by_key.setdefault(match_key(form), []).append(idx)

    for e in data["entries"]:
        if e["scope"] not in SCOPES:
            raise ValueError(f"{AGENCIES.name}: unknown scope {e['scope']!r} for {e['name']!r}")
        entry = Entry(name=clean(e["name"]), scope=e["scope"], collective=bool(e.get("collective")),
                      units=bool(e.get("units")), portal=bool(e.get("portal")), catch_all=bool(e.get("catch_all")))
        add(entry, e.get("forms", []))
    boards = data.get("party_boards", {})
    for board in boards.get("boards", []):
        for parent, scope in boards.get("parents", {}).items():
            name = clean(f"{board} {parent}")
            if match_key(name) not in g.by_key:
                add(Entry(name=name, scope=scope), [])
    g.units = {clean(k): clean(v) for k, v in data["units"].items()}
    g.commune_units = tuple(clean(u) for u in data["commune_units"])
    g.level_words = {clean(k): v for k, v in data["level_words"].items()}
    g.leadership_prefixes = tuple(clean(p) for p in data["leadership_prefixes"])
    g.office_prefixes = tuple(clean(p) for p in data["office_prefixes"])
    g.catch_all_heads = tuple(clean(p) for p in data["catch_all_heads"])
    g.catch_all_tails = tuple(clean(p) for p in data["catch_all_tails"])
    g.not_agencies = tuple(clean(p).lower() for p in data.get("not_agencies", ()))
    g.provinces = _provinces()
    return g


def lookup(name: str) -> Entry | None:
    """The gazetteer entry printed as ``name`` (any known form, any case), or None.

    >>> lookup("Sở Văn hóa và thể thao").name
    'Sở Văn hóa và Thể thao'
    >>> lookup("Sở Không có") is None
    True
    """
    g = gazetteer()
    hits = g.by_key.get(match_key(name))
    return g.entries[hits[0]] if hits else None
