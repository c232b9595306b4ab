"""The layout vocabulary (``kehoach/ontology/gazetteers/layout.json``) compiled into line patterns.

>>> bool(vocab().recipients.match("Nơi nhận:"))
True
>>> section_kind("IV. TỔ CHỨC THỰC HIỆN")
'implementation'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache

from kehoach.ingest.chars import UPPER
from kehoach.ontology import ONTOLOGY_DIR

GAZETTEER = ONTOLOGY_DIR / "gazetteers" / "layout.json"


@dataclass(frozen=True)
class LayoutVocab:
    section_keywords: tuple[tuple[str, re.Pattern[str]], ...]
    doc_type_line: re.Pattern[str]
    doc_type_prefix: re.Pattern[str]
    header_line: re.Pattern[str]
    preamble_start: re.Pattern[str]
    recipients: re.Pattern[str]
    recipients_last: re.Pattern[str]
    signature_line: re.Pattern[str]
    appendix: re.Pattern[str]
    chrome_line: re.Pattern[str]
    banner_line: re.Pattern[str]


def _start(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(rf"(?:{pattern})", flags)


@lru_cache(maxsize=1)
def vocab() -> LayoutVocab:
    """The compiled layout vocabulary (loaded once)."""
    data = json.loads(GAZETTEER.read_text(encoding="utf-8"))
    return LayoutVocab(
        section_keywords=tuple((kind, re.compile(rf"\b(?:{p})\b", re.IGNORECASE))
                               for kind, p in data["section_keywords"]),
        # a doc-type line is the type word alone on its line, in capitals
        doc_type_line=re.compile(rf"(?:{data['doc_type_lines']})\s*$"),
        # … or the type word opening the title's line: "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"
        doc_type_prefix=re.compile(rf"(?P<type>{data['doc_type_lines']})[ \t]+(?=[{UPPER}])"),
        header_line=_start(data["header_lines"]),
        preamble_start=re.compile(rf"(?:{data['preamble_starts']})"),
        recipients=_start(data["recipients"]),
        recipients_last=_start(data["recipients_last"]),
        signature_line=re.compile(rf"\**\s*(?:{data['signature_lines']})"),
        appendix=re.compile(rf"(?:{data['appendix']})"),
        chrome_line=_start(data["chrome_lines"]),
        banner_line=_start(data["banner_lines"]),
    )


def section_kind(heading: str) -> str:
    """Section kind of a Roman-numeral heading ("purpose", "content", …; "other" when no keyword matches).

    >>> section_kind("III. KINH PHÍ THỰC HIỆN"), section_kind("II. CÁC NHIỆM VỤ TRỌNG TÂM")
    ('funding', 'content')
    """
    for kind, pattern in vocab().section_keywords:
        if pattern.search(heading):
            return kind
    return "other"


_PERSON_NAME = re.compile(r"^[^\W\d_][^\W\d_']*(?: [^\W\d_]+){1,5}$")


def is_person_name(s: str) -> bool:
    """A line that is a person's name as printed under a signature or an article: two to six words of letters,
    each capitalized, not all in capitals.

    >>> is_person_name("Hồng Thanh Vũ"), is_person_name("Trung tâm Công nghệ số"), is_person_name("PHÓ CHỦ TỊCH")
    (True, False, False)
    """
    return bool(_PERSON_NAME.match(s)) and all(w[0].isupper() for w in s.split()) and not s.isupper()
