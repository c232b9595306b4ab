"""Citation vocabulary from ``kehoach/ontology/gazetteers``: document types, their abbreviations, issuer codes.

>>> canonical_type("KẾT LUẬN"), type_of_code("KH"), issuer_of_code("TTg")
('Kết luận', 'Kế hoạch', 'Thủ tướng Chính phủ')
"""

from __future__ import annotations

import re
from functools import lru_cache

from kehoach.ingest.metadata.places import GAZETTEERS, _rows

# Types cited by name, without a number ("Luật Ngân sách", "Chiến lược bảo vệ biên giới quốc gia")
NAMED_TYPES = ("Bộ luật", "Luật", "Pháp lệnh", "Hiến pháp", "Chiến lược", "Đề án", "Dự án", "Chương trình", "Quy chế")


@lru_cache(maxsize=1)
def doc_types() -> list[tuple[str, str, str]]:
    """(name, abbreviation, family) rows of ``doc_types.tsv``."""
    return [(r[0], r[1] if len(r) > 1 else "", r[2] if len(r) > 2 else "") for r in _rows("doc_types.tsv")]


@lru_cache(maxsize=1)
def _by_key() -> dict[str, str]:
    return {name.casefold(): name for name, _, _ in doc_types()}


def canonical_type(word: str) -> str | None:
    """The gazetteer spelling of a type word in any case ("QUYẾT ĐỊNH" -> "Quyết định")."""
    return _by_key().get(" ".join(word.split()).casefold())


@lru_cache(maxsize=1)
def _codes() -> dict[str, str]:
    out: dict[str, str] = {}
    for name, abbr, family in doc_types():
        if abbr and family in ("administrative", "normative", "party") and abbr not in out:
            out[abbr] = name
    return out


def type_of_code(code: str) -> str | None:
    """Document type of a number's type code ("QĐ" -> "Quyết định"); None for an unknown code."""
    return _codes().get(code)


@lru_cache(maxsize=1)
def generic_types() -> frozenset[str]:
    """Type words that say "a document" ("Văn bản"): the number tells the type."""
    return frozenset(name for name, _, family in doc_types() if family == "generic")


@lru_cache(maxsize=1)
def letter_type() -> str:
    """The type of an official letter ("Công văn"), whose number has no type code."""
    return next(name for name, _, family in doc_types() if family == "letter")


@lru_cache(maxsize=1)
def _issuers() -> dict[str, str]:
    return {r[0]: r[1] for r in _rows("issuers.tsv")}


def issuer_of_code(code: str) -> str | None:
    return _issuers().get(code)


@lru_cache(maxsize=1)
def type_words_re() -> str:
    """Alternation of every type name (longest first) for case-insensitive matching."""
    names = sorted({n for n, _, _ in doc_types()}, key=len, reverse=True)
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)


__all__ = ["GAZETTEERS", "NAMED_TYPES", "canonical_type", "doc_types", "generic_types", "issuer_of_code",
           "letter_type", "type_of_code", "type_words_re"]
