"""Word .docx files (python-docx): paragraphs and tables in the order of the document body.

Output looks like the .txt copies of plans: one paragraph per line, a blank line between paragraphs, and each
table cell's text as a paragraph of its own (the one-cell-per-line form of seed 003); line breaks inside a
paragraph or cell stay line breaks. Empty paragraphs and cells are skipped; page headers/footers are not read.

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


def _blocks(parent, container) -> Iterator[str]:
    """Paragraph texts of a body or cell element, tables expanded cell by cell, in document order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            yield Paragraph(child, container).text
        elif tag == f"{_W}tbl":
            table = Table(child, container)
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a horizontally merged cell repeats
                        continue
                    seen.add(id(cell._tc))
                    lines = [t.strip() for t in _blocks(cell._tc, cell) if t.strip()]
                    yield "\n".join(lines)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag"):
            yield from _blocks(child, container)


def docx_text(source: str | Path | IO[bytes]) -> str:
    """The text of a .docx file (path or binary file object); raises ``ReadError`` when it cannot be read."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(source)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise ReadError(f"damaged or invalid Word .docx ({type(err).__name__}: {err})") from None
    except Exception as err:  # lxml and zip errors on a corrupt package
        raise ReadError(f"damaged Word .docx ({type(err).__name__}: {err})") from None
    paragraphs = []
    for text in _blocks(document.element.body, document):
        lines = [ln.strip() for ln in text.replace("\r", "\n").split("\n")]
        if any(lines):
            paragraphs.append("\n".join(ln for ln in lines if ln))
    return "\n\n".join(paragraphs)


def check_docx_size(path: Path, limit: int) -> None:
    """Refuse a .docx whose main part inflates past ``limit`` × 10 bytes (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as z:
            size = z.getinfo("word/document.xml").file_size
    except (KeyError, zipfile.BadZipFile, OSError) as err:
        raise ReadError(f"damaged or invalid Word .docx ({type(err).__name__}: {err})") from None
    if size > 10 * limit:
        raise ReadError(f"Word .docx content too large when unpacked ({size // 2**20} MB)")
