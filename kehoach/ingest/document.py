"""The document as the extractors see it: normalized text, the way back to the file, and its layout.

Extractors are pure functions of a ``Document``; they report spans of ``doc.text`` (normalized) and turn them
into ``Evidence`` (offsets and exact text of the file as read) with ``doc.evidence(start, end)``.

>>> doc = Document.from_text("Số: 99 /KH-UBND\\n", file="x.txt")
>>> doc.evidence(0, 3).text
'Số:'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kehoach.ingest.models import Evidence
from kehoach.ingest.normalize import NormalizedText, normalize

# Section kinds produced by layout segmentation (kehoach.ingest.layout.segment)
SECTION_KINDS = (
    "chrome",          # web-site text around the document (menus, login prompts, metadata panels)
    "header",          # issuer block, national motto, "Số:", place/date line
    "title",           # "KẾ HOẠCH" and the title lines
    "preamble",        # "Căn cứ …", "Thực hiện …" up to the first Roman-numeral section
    "purpose",         # I. MỤC ĐÍCH, YÊU CẦU / MỤC TIÊU
    "content",         # II. NỘI DUNG / NHIỆM VỤ / CÁC NHIỆM VỤ TRỌNG TÂM / PHƯƠNG HƯỚNG NHIỆM VỤ
    "funding",         # KINH PHÍ
    "implementation",  # TỔ CHỨC THỰC HIỆN
    "other",           # any other Roman-numeral section
    "recipients",      # Nơi nhận
    "signature",       # TM./KT./title lines and the signer's name
    "appendix",        # Phụ lục / DANH MỤC … with its task table
    "body",            # unsectioned prose (news articles)
    "byline",          # the author's name (and unit or source) closing a news article
)

BLOCK_KINDS = ("heading", "item", "bullet", "paragraph", "line")


@dataclass
class Block:
    """One paragraph or list item of the normalized text: ``text[start:end]``.

    ``marker`` is the list marker as printed without punctuation ("II", "2.1", "a", "-", "+"), None for plain
    paragraphs; ``body_start`` is where the text after the marker begins.
    """

    start: int
    end: int
    kind: str = "paragraph"
    marker: str | None = None
    level: int = 0
    body_start: int | None = None

    def body(self, text: str) -> str:
        return text[self.body_start if self.body_start is not None else self.start:self.end]


@dataclass
class Section:
    kind: str
    start: int
    end: int
    heading: str | None = None   # the heading line as printed ("IV. TỔ CHỨC THỰC HIỆN")
    number: str | None = None    # the Roman numeral ("IV") when there is one
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Layout:
    sections: list[Section] = field(default_factory=list)

    def first(self, kind: str) -> Section | None:
        return next((s for s in self.sections if s.kind == kind), None)

    def of_kind(self, *kinds: str) -> list[Section]:
        return [s for s in self.sections if s.kind in kinds]

    def section_at(self, pos: int) -> Section | None:
        return next((s for s in self.sections if s.start <= pos < s.end), None)

    def document_span(self) -> tuple[int, int]:
        """Start and end of the document proper (without site chrome)."""
        inner = [s for s in self.sections if s.kind != "chrome"]
        if not inner:
            return 0, 0
        return inner[0].start, inner[-1].end


@dataclass
class Document:
    file: str
    norm: NormalizedText
    path: str | None = None
    layout: Layout | None = None

    @property
    def text(self) -> str:
        return self.norm.text

    @classmethod
    def from_text(cls, text: str, file: str = "<text>", path: str | None = None) -> Document:
        return cls(file=file, norm=normalize(text), path=path)

    def evidence(self, start: int, end: int) -> Evidence:
        """Evidence for the normalized span ``[start, end)``: original offsets and exact original text."""
        s, e = self.norm.original_span(start, end)
        return Evidence(file=self.file, start=s, end=e, text=self.norm.original[s:e])
