"""Names as keys and labels: how two printed names are compared (``match_key``, the matching of the gold
README) and how a printed span becomes a label (``printed_form``).

>>> match_key("Uỷ ban  nhân dân") == match_key("ỦY BAN NHÂN DÂN"), printed_form("Uỷ ban\\n nhân dân")
(True, 'Uỷ ban nhân dân')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kehoach.ingest.normalize import new_style_tones

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def printed_form(original: str) -> str:
    """A span of the original text as a label: NFC, invisible characters dropped, whitespace collapsed; the
    printed tone placement, case and quotes kept (an alias "Tỉnh uỷ" stays as printed). Evidence keeps the
    exact original; a label of a NFD file (a PDF copy) is otherwise a different string from the same name
    typed in NFC.

    >>> printed_form("Tỉnh uy\\u0309\\u00a0\\n  Lạng Sơn\\u200b") == "Tỉnh uỷ Lạng Sơn"
    True
    """
    if _INVISIBLE.search(original) is not None:  # (a search, then a rare sub: faster than str.translate)
        original = _INVISIBLE.sub("", original)
    return " ".join(unicodedata.normalize("NFC", original).split())


@lru_cache(maxsize=1 << 16)
def match_key(s: str) -> str:
    """The comparison key of the gold README: NFC, new-style tones, case folding, whitespace collapsed.

    Cached: extractors compare the same few hundred names thousands of times per document.

    >>> match_key("  UỶ BAN\\nnhân  dân ") == match_key("Ủy ban nhân dân")
    True
    """
    s = unicodedata.normalize("NFC", s)
    s = new_style_tones(s)
    s = s.casefold()
    s = unicodedata.normalize("NFC", s)
    return " ".join(s.split())
