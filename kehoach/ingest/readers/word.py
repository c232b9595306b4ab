"""Word .docx files (python-docx): paragraphs and tables in the order of the document body.

Output looks like the .txt copies of plans: one paragraph per line, a blank line between paragraphs, and each
table cell's text as a paragraph of its own (the one-cell-per-line form of seed 003); line breaks inside a
paragraph or cell stay line breaks. Empty paragraphs and cells are skipped; page headers/footers are not read.
Text in a legacy font (TCVN3 ".VnTime…", its capitals font ".VnTimeH…", VNI "VNI-…") is converted to
Unicode run by run, by the font the run is in (``kehoach.ingest.readers.legacy``).

>>> import io, docx
>>> d = docx.Document(); _ = d.add_paragraph("KẾ HOẠCH"); t = d.add_table(rows=1, cols=2)
>>> t.cell(0, 0).text, t.cell(0, 1).text = "Sở Ngoại vụ", "2024"
>>> buf = io.BytesIO(); d.save(buf)
>>> docx_text(buf)
'KẾ HOẠCH\\n\\nSở Ngoại vụ\\n\\n2024'
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kehoach.ingest.readers.base import ReadError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def legacy_font(name: str | None) -> tuple[str, bool] | None:
    """The legacy encoding a font draws ("tcvn3" | "vni") and whether it is a capitals font; None for others.

    >>> legacy_font(".VnTimeH"), legacy_font("VNI-Times"), legacy_font("Times New Roman")
    (('tcvn3', True), ('vni', False), None)
    """
    if not name:
        return None
    if name.startswith(".Vn"):
        return "tcvn3", name.rstrip().endswith("H")
    if name.upper().startswith("VNI-"):
        return "vni", False
    return None


def _font_name(rpr) -> str | None:
    """The font a ``w:rPr`` gives Latin text: ``w:hAnsi`` (letters beyond ASCII, where TCVN3 and VNI put the
    Vietnamese ones), else ``w:ascii``; None when it names none."""
    fonts = rpr.find(f"{_W}rFonts") if rpr is not None else None
    if fonts is None:
        return None
    return fonts.get(f"{_W}hAnsi") or fonts.get(f"{_W}ascii")


class _Fonts:
    """The font of a run: its own, else its character style's, its paragraph style's (each with the styles they
    are based on), else the document's default."""

    def __init__(self, document):
        self.default = _font_name(document.styles.element.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"))
        self.cache: dict[str, str | None] = {}
        self.used: set[str] = set()  # the legacy encodings converted

    def _style(self, style) -> str | None:
        if style is None:
            return None
        key = style.style_id
        if key not in self.cache:
            name, seen, at = None, 0, style
            while at is not None and name is None and seen < 20:  # a loop of based-on styles ends
                name, at, seen = _font_name(at.element.find(f"{_W}rPr")), at.base_style, seen + 1
            self.cache[key] = name
        return self.cache[key]

    def of(self, run, paragraph) -> str | None:
        return (_font_name(run._r.find(f"{_W}rPr")) or self._style(run.style) or self._style(paragraph.style)
                or self.default)


def _paragraph_text(p, container, fonts: _Fonts | None) -> str:
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    from kehoach.ingest.readers.legacy import from_tcvn3, from_vni
    from kehoach.ingest.readers.word_xml import paragraph as paragraph_text
    from kehoach.ingest.readers.word_xml import run_text, runs, symbol

    if fonts is None:
        return paragraph_text(p)
    paragraph = Paragraph(p, container)
    out = []
    for r in runs(p):
        run = Run(r, paragraph)
        legacy = legacy_font(fonts.of(run, paragraph))
        text = _legacy_run_text(r) if legacy else run_text(r)
        if legacy is None:
            out.append(text)
            continue
        fonts.used.add(legacy[0])
        out.append("".join(symbol(e) for e in r.iterchildren(f"{_W}sym")))  # (in a font of its own)
        if legacy[0] == "tcvn3":
            out.append(from_tcvn3(text, capitals=legacy[1]))
        else:
            out.append(from_vni(text))
    return "".join(out)


def _legacy_run_text(r) -> str:
    """A run's text as ``Run.text`` gives it, but a ``w:softHyphen`` is kept as U+00AD: TCVN3's "ư" is that
    byte, and Word stores the character typed as an optional hyphen (which ``Run.text`` leaves out)."""
    return "".join("\xad" if e.tag == f"{_W}softHyphen" else str(e)
                   for e in r.xpath("w:br | w:cr | w:noBreakHyphen | w:ptab | w:t | w:tab | w:softHyphen"))


def _blocks(parent, container, fonts: _Fonts | None = None, numbering=None) -> Iterator[str]:
    """Paragraph texts of a body or cell element, tables expanded cell by cell, in document order; a numbered
    paragraph's text after its number (``word_numbering``)."""
    from docx.table import Table

    from kehoach.ingest.readers.word_xml import numbered, text_boxes

    for child in parent.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            for box in text_boxes(child):
                yield from _blocks(box, container, fonts, numbering)
            yield numbered(_paragraph_text(child, container, fonts), child, numbering)
        elif tag == f"{_W}tbl":
            table = Table(child, container)
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a horizontally merged cell repeats
                        continue
                    seen.add(id(cell._tc))
                    lines = [t.strip() for t in _blocks(cell._tc, cell, fonts, numbering) if t.strip()]
                    yield "\n".join(lines)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"):
            yield from _blocks(child, container, fonts, numbering)


def docx_text(source: str | Path | IO[bytes]) -> str:
    """The text of a .docx file (path or binary file object); raises ``ReadError`` when it cannot be read."""
    return read_docx(source)[0]


def read_docx(source: str | Path | IO[bytes]) -> tuple[str, list[str], list[str]]:
    """The text of a .docx file, the legacy encodings its fonts were converted from and what could not be read
    of it (warnings: a damaged numbering part) (``docx_text``).

    Without a legacy font in the package, the main part is read straight with lxml (``word_xml``: the same
    text, 10-20 times faster); with one, through python-docx, run by run with its font."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    from kehoach.ingest.readers.word_numbering import LOST

    legacy = _uses_legacy_fonts(source)
    try:
        from kehoach.ingest.readers.word_xml import blocks, package

        if hasattr(source, "seek"):
            source.seek(0)
        body, numbering = package(source)
        if legacy:
            if hasattr(source, "seek"):
                source.seek(0)
            document = docx.Document(source)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise ReadError(f"damaged or invalid Word .docx ({type(err).__name__}: {err})") from None
    except Exception as err:  # lxml and zip errors on a corrupt package
        raise ReadError(f"damaged Word .docx ({type(err).__name__}: {err})") from None
    paragraphs = []
    fonts = _Fonts(document) if legacy else None
    texts = _blocks(document.element.body, document, fonts, numbering) if legacy else blocks(body, numbering)
    for text in texts:
        lines = [ln.strip() for ln in text.replace("\r", "\n").split("\n")]
        if any(lines):
            paragraphs.append("\n".join(ln for ln in lines if ln))
    notes = [LOST] if numbering is not None and numbering.damaged else []
    return "\n\n".join(paragraphs), sorted(fonts.used) if fonts else [], notes


def _uses_legacy_fonts(source) -> bool:
    """Whether the package names a TCVN3 or VNI font anywhere (only then are runs read one by one)."""
    try:
        if hasattr(source, "seek"):
            source.seek(0)
        with zipfile.ZipFile(source) as z:
            names = set(z.namelist())
            parts = [z.read(n) for n in ("word/fontTable.xml", "word/styles.xml", "word/document.xml") if n in names]
    except Exception:  # a damaged package (bad zip, bad deflate data): the reading proper says so
        return False
    return any(mark in data for data in parts for mark in (b'".Vn', b'"VNI-', b'"Vni-', b'"vni-'))


def check_docx_size(path: Path, limit: int) -> None:
    """Refuse a .docx whose main part inflates past ``limit`` × 10 bytes (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as z:
            size = z.getinfo("word/document.xml").file_size
    except (KeyError, zipfile.BadZipFile, OSError) as err:
        raise ReadError(f"damaged or invalid Word .docx ({type(err).__name__}: {err})") from None
    if size > 10 * limit:
        raise ReadError(f"Word .docx content too large when unpacked ({size // 2**20} MB)")
