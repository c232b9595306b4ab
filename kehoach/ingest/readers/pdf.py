"""PDF files: pages -> paragraphs that look like the .txt copies of plans.

The text layer is read with PDFium (pypdfium2): each character with its box, grouped into words as pdfplumber
groups them (a space, or a gap over 1.5 pt, ends a word), 10-15 times faster than pdfplumber's own layout
analysis on the seeds (seed 003 as a 9-page PDF: 1.43 s -> 0.10 s). The page geometry then rebuilds the
paragraphs: words on one baseline form a line; a
wide horizontal gap splits a line into column cells (a two-column header, a table row), each its own line; a
line is a *wrapped* line, joined to the next with a space, when the next line's first word would not have fit
before the right margin (and the next line is not a list item, not indented, not after a gap) and, on a page of
justified text (long lines ending flush with the margin), when it ends flush itself; a vertical gap
larger than the line pitch is a paragraph break (blank line); a bare page number at the top or bottom of a page
is dropped; a paragraph running over a page break is joined. Without pypdfium2, pypdf's plain text is used
(lines as printed; ``normalize`` then joins hard-wrapped lines). A page with no text layer but an image (a scan)
gets its word boxes from OCR (``ocr.py``, where Tesseract is installed); no text at all -> ``ReadError``.

>>> w = lambda t, x0, x1, top: {"text": t, "x0": x0, "x1": x1, "top": top, "bottom": top + 11}
>>> words = [w("Thực", 60, 85, 60), w("hiện", 88, 110, 60), w("Quyết", 113, 500, 60), w("định.", 60, 90, 73),
...          w("-", 60, 64, 95), w("Sở", 67, 80, 95)]
>>> reflow([words])
'Thực hiện Quyết định.\\n\\n- Sở'
"""

from __future__ import annotations

import logging
import re
import unicodedata
from pathlib import Path

from kehoach.ingest.readers.base import ReadError
from kehoach.ingest.readers.ocr import (
    FEW_WORDS,
    INSTALL_HINT,
    LANGUAGE,
    LOW_CONFIDENCE,
    NOT_READ,
    confidence,
    is_scan,
    ocr_available,
    ocr_words,
)
from kehoach.ingest.unwrap import DANGLING, HEADING_START, closing_start, sentence_start

_ITEM = re.compile(r"^(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)]|[-+•*–])(?:\s|$)|^(?:Nơi nhận|TM\.|KT\.|Căn cứ)")
_STOPS = tuple(".;:!?")
_PAGE_NUMBER = re.compile(r"^[-–\s]*\d{1,4}[-–\s]*$")
# "ngày      tháng 12 năm 2016": a day (or month) left blank to be written by hand is a gap, not a column
_BLANK_DATE = {("ngày", "tháng"), ("tháng", "năm")}


def _blank_date(before: str, after: str) -> bool:
    """Whether a gap between two words is a day or month left blank ("ngày      tháng"), in any normalization.

    >>> _blank_date("ngày", unicodedata.normalize("NFD", "Tháng"))
    True
    """
    return (unicodedata.normalize("NFC", before).lower(), unicodedata.normalize("NFC", after).lower()) in _BLANK_DATE


class _Line:
    __slots__ = ("words", "text", "x0", "x1", "top", "size", "cell")

    def __init__(self, words: list[dict], cell: bool):
        self.words = words
        self.text = " ".join(w["text"] for w in words)
        self.x0 = words[0]["x0"]
        self.x1 = words[-1]["x1"]
        self.top = min(w["top"] for w in words)
        self.size = max(w["bottom"] - w["top"] for w in words) or 10.0
        self.cell = cell


def _lines(words: list[dict]) -> list[_Line]:
    """Group word boxes into lines (by baseline) and split each line at wide gaps into column cells."""
    rows: list[list[dict]] = []
    for wd in sorted(words, key=lambda d: (round(d["top"]), d["x0"])):
        if rows and abs(rows[-1][0]["top"] - wd["top"]) <= 0.4 * (wd["bottom"] - wd["top"] or 10):
            rows[-1].append(wd)
        else:
            rows.append([wd])
    out: list[_Line] = []
    for row in rows:
        row.sort(key=lambda d: d["x0"])
        size = max(d["bottom"] - d["top"] for d in row) or 10.0
        cells: list[list[dict]] = [[row[0]]]
        for prev, cur in zip(row, row[1:], strict=False):
            if cur["x0"] - prev["x1"] > 1.5 * size and not _blank_date(prev["text"], cur["text"]):
                cells.append([cur])
            else:
                cells[-1].append(cur)
        out.extend(_Line(c, len(cells) > 1) for c in cells)
    return out


def _drop_page_number(lines: list[_Line], page_no: int) -> list[_Line]:
    """The page's lines without its page number: the first or last line, the page's number alone, set apart
    from the text (off the left margin, or further from the next line than a line pitch and a half). A table's
    row number that happens to end a page stays ("2" under the last row, at the margin, one pitch down)."""
    if len(lines) < 2:
        return lines
    left = min(ln.x0 for ln in lines)
    last = len(lines) - 1
    out = []
    for i, ln in enumerate(lines):
        if i in (0, last) and _PAGE_NUMBER.match(ln.text) and re.sub(r"\D", "", ln.text) == str(page_no):
            neighbour = lines[1] if i == 0 else lines[i - 1]
            if ln.x0 - left > 2 * ln.size or abs(ln.top - neighbour.top) > 2.5 * ln.size:
                continue
        out.append(ln)
    return out


def _pitches(lines: list[_Line]) -> list[float]:
    return [b.top - a.top for a, b in zip(lines, lines[1:], strict=False) if b.top - a.top > 0.5 * a.size]


def _pitch(pitches: list[float]) -> float:
    """The line pitch: the 20th percentile of the distances between lines (0 when there are none)."""
    return sorted(pitches)[len(pitches) // 5] if pitches else 0.0


def _ink_margin(body: list[_Line]) -> float:
    """The right margin of OCR'd lines, whose ends are ink (a comma ends short of the margin, a speck of dirt
    beyond it): the median end of the long lines that end within two letter heights of the furthest one.

    >>> _ink_margin([_Line([{"text": "một dòng chữ dài đến lề", "x0": 60, "x1": x1, "top": 0, "bottom": 12}], False)
    ...              for x1 in (535, 534, 536, 543, 300, 535)])
    535
    """
    long = [ln for ln in body if len(ln.text) > 20] or body
    widest = max(ln.x1 for ln in long)
    near = sorted(ln.x1 for ln in long if widest - ln.x1 < 2 * ln.size)
    return near[len(near) // 2]


def _margin(body: list[_Line], ink: bool) -> tuple[float, bool]:
    """The right margin of pages' body lines, and whether their text is justified: three lines or more (of more
    than three words) end at it; ragged text has no three lines ending within half a point of each other at its
    widest (OCR's ink: within a fifth of a letter height more)."""
    right = _ink_margin(body) if ink and body else max((ln.x1 for ln in body), default=0.0)
    within = 0.2 if ink else 0.0
    return right, sum(1 for ln in body if len(ln.words) > 3 and abs(right - ln.x1) < 0.5 + within * ln.size) >= 3


def _heading_then_sentence(line: str, nxt: str) -> bool:
    """A numbered heading as long as the line, then a paragraph that begins a sentence ("3.1. Cung cấp thông tin
    … theo quy định" / "Tăng thời lượng …"): two lines, though the next line's first word would not have fit.

    >>> _heading_then_sentence("3.1. Cung cấp thông tin cho phóng viên", "Tăng thời lượng tin, bài")
    True
    """
    return bool(HEADING_START.match(line) and sentence_start().match(unicodedata.normalize("NFC", nxt[:40])))


# a date or a document's number cut before its end: "ngày 05 tháng 8 năm", "Kế hoạch số"
_OPEN_END = re.compile(r"(?:(?:ngày|tháng) \d{1,2} (?:tháng|năm)|(?:Kế hoạch|Quyết định|Nghị định|Thông tư|Chỉ thị"
                       r"|Công văn|Nghị quyết|Kết luận|Hướng dẫn|Chương trình|Thông báo) số)$")


def _cannot_end(line: str) -> bool:
    """A line that cannot end a paragraph: it ends with "và", "của", a comma (``unwrap.DANGLING``), or inside a
    date or a document's number.

    >>> _cannot_end("Quyết định số 1191/QĐ-TTg ngày 05 tháng 8 năm"), _cannot_end("Hằng năm")
    (True, False)
    """
    tail = unicodedata.normalize("NFC", line[-60:])
    return bool(DANGLING.search(tail) or _OPEN_END.search(tail))


def _closing_after_stop(line: str, nxt: str) -> bool:
    """A sentence's end, then the closing paragraph of the implementation section ("… đang triển khai." /
    "Trong quá trình tổ chức thực hiện, nếu có khó khăn …"): two paragraphs, though set with no gap and the next
    line's first word would not have fit.

    >>> _closing_after_stop("Lồng ghép nội dung vào các chương trình.", "Trong quá trình thực hiện, nếu có")
    True
    >>> _closing_after_stop("Lồng ghép nội dung vào các chương trình", "trong quá trình thực hiện")
    False
    """
    return line.endswith(".") and bool(closing_start().match(unicodedata.normalize("NFC", nxt[:40])))


def reflow(pages: list[list[dict]], ink: bool = False, widths: list[float] | None = None) -> str:
    """Paragraph text from the word boxes of each page (see the module docstring); ``ink``: the boxes are OCR's,
    of the ink on a scan, whose lines end a point or two either side of the margin; ``widths``: each page's
    width, pages of one width sharing their margins (a landscape appendix has its own)."""
    per_page = [_drop_page_number(_lines(words), no) for no, words in enumerate(pages, 1)]
    # pages of one size share their margins: a page of short lines (an appendix, one cell per line) has the
    # others' right margin. Justified text: a wrapped line ends flush with that margin, a line ended by its author
    # need not
    sizes = [round(w) for w in widths] if widths and len(widths) == len(pages) else [0] * len(pages)
    margins = {size: _margin([ln for lines, s in zip(per_page, sizes) if s == size for ln in lines if not ln.cell],
                             ink) for size in set(sizes)}
    flush_within = 0.2 if ink else 0.0  # (in letter heights, beyond the half point)
    # and their line pitch: on a page where every line is a paragraph (an appendix table, one cell per line)
    # the page's own pitch is the paragraph gap, and no gap would be seen
    doc_pitch = _pitch([p for lines in per_page for p in _pitches(lines)])
    out: list[str] = []
    prev: _Line | None = None
    prev_right = left = 0.0
    table = False  # after "STT": a task table printed one cell per line
    for lines, size in zip(per_page, sizes):
        if not lines:
            continue
        doc_right, justified = margins[size]
        single = [ln for ln in lines if not ln.cell]
        right = doc_right if ink else max(max((ln.x1 for ln in single), default=max(ln.x1 for ln in lines)),
                                          doc_right)
        left = min(ln.x0 for ln in lines)
        pitch = min(filter(None, (_pitch(_pitches(lines)), doc_pitch)), default=0.0)
        for i, ln in enumerate(lines):
            if prev is None:
                out.append(ln.text)
            else:
                new_page = i == 0
                gap = not new_page and pitch and ln.top - prev.top > 1.3 * pitch
                first = ln.words[0]["x1"] - ln.words[0]["x0"]
                room = (prev_right if new_page else right) - prev.x1
                flush = justified and room < (0.2 + flush_within) * prev.size
                # a flush line without a full stop, then "- Kế hoạch": "Tài chính - Kế hoạch" wrapped at its dash
                item = _ITEM.match(ln.text) and not (flush and ln.text[:1] in "-–" and not prev.text.endswith(_STOPS))
                # a table's cells are set apart by gaps, which a page break hides: a cell goes on over it only in
                # lower case or after a line that cannot end ("… quốc tế" / "Phòng Văn hóa …" are two cells)
                next_cell = table and new_page and not (ln.text[:1].islower() or _cannot_end(prev.text))
                wrapped = (not prev.cell and not ln.cell and room < first + 0.6 * prev.size
                           and not item and ln.x0 - left < 1.5 * ln.size and not gap
                           and (not justified or flush) and not _heading_then_sentence(prev.text, ln.text)
                           and not _closing_after_stop(prev.text, ln.text) and ln.text != "STT" and not next_cell)
                # a page break after a line that cannot end is no paragraph's end ("… ngày 05 tháng 8 năm" / "2020 …")
                apart = gap or (new_page and not _cannot_end("".join(out[-3:])))
                out.append(" " + ln.text if wrapped else ("\n\n" if apart else "\n") + ln.text)
            prev = ln
            table = table or ln.text == "STT"
        prev_right = right
    return "".join(out)


def pdf_text(path: Path) -> tuple[str, list[str]]:
    """The text of a PDF's text layer and warnings; raises ``ReadError`` for scans, encrypted or damaged files."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        import pypdfium2 as pdfium
    except ImportError:
        return _pypdf_text(path)
    warnings: list[str] = []
    pages: list[list[dict]] = []
    try:
        pdf = pdfium.PdfDocument(str(path), password="")
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise ReadError("PDF is password-protected") from None
        raise ReadError(f"damaged PDF ({err})") from None
    scans: list[int] = []
    failed: list[str] = []
    widths: list[float] = []
    try:
        for number in range(len(pdf)):
            width = 0.0
            try:
                page = pdf[number]
                width = page.get_width()
                words = page_words(page)  # (closes the page)
                if len(words) < FEW_WORDS:
                    page = pdf[number]
                    try:
                        if is_scan(page, words):
                            scans.append(number)
                            if ocr_available():  # (a stamp's words: the text layer's, OCR's for the rest)
                                words = words + [w for w in ocr_words(page) if not _overlaps(w, words)]
                    except ReadError as err:  # (the file's other pages are still read)
                        failed.append(err.reason)
                        warnings.append(f"PDF page {number + 1}: {err.reason}")
                    finally:
                        page.close()
            except pdfium.PdfiumError:
                words = []
                warnings.append(f"PDF page {number + 1} could not be read")
            pages.append(words)
            widths.append(width)
    finally:
        pdf.close()
    text = reflow(pages, ink=bool(scans) and ocr_available(), widths=widths)
    if scans and not ocr_available():
        if not text.strip():
            raise ReadError(f"PDF has no text layer: a scan, and OCR needs Tesseract with its Vietnamese data "
                            f"({INSTALL_HINT})")
        warnings.append(f"PDF {_pages(scans)} {NOT_READ}: OCR needs Tesseract ({INSTALL_HINT})")
    elif scans:
        read = [w for n in scans for w in pages[n] if "conf" in w]
        warnings.append(f"PDF {_pages(scans)} read by OCR (Tesseract, {LANGUAGE}; word confidence "
                        f"{confidence(read):.0f}%): check names and numbers")
        poor = [n for n in scans if pages[n] and confidence(pages[n]) < LOW_CONFIDENCE]
        if poor:
            warnings.append(f"PDF {_pages(poor)} read poorly by OCR (word confidence "
                            f"{', '.join(f'{confidence(pages[n]):.0f}%' for n in poor)}): a faint, skewed or "
                            f"rotated scan?")
    if not text.strip() and failed:
        raise ReadError(failed[0])
    if not text.strip():
        raise ReadError("PDF has no text layer (scanned image?)")
    return text, warnings


def _overlaps(word: dict, words: list[dict]) -> bool:
    """Whether a word's box meets any of ``words``' boxes.

    >>> a = {"x0": 10, "x1": 50, "top": 100, "bottom": 112}
    >>> _overlaps(a, [{"x0": 45, "x1": 90, "top": 104, "bottom": 115}]), _overlaps(a, [dict(a, top=200, bottom=212)])
    (True, False)
    """
    return any(word["x0"] < w["x1"] and w["x0"] < word["x1"] and word["top"] < w["bottom"] and w["top"] < word["bottom"]
               for w in words)


def _pages(numbers: list[int]) -> str:
    """``"page 3"`` or ``"pages 1-4"`` (or ``"pages 1, 3"``) for 0-based page numbers.

    >>> _pages([0, 1, 2, 3]), _pages([2]), _pages([0, 2])
    ('pages 1-4', 'page 3', 'pages 1, 3')
    """
    if len(numbers) == 1:
        return f"page {numbers[0] + 1}"
    if numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"pages {numbers[0] + 1}-{numbers[-1] + 1}"
    return "pages " + ", ".join(str(n + 1) for n in numbers)


def page_words(page, x_tolerance: float = 1.5, y_tolerance: float = 3.0) -> list[dict]:
    """The words of a pypdfium2 page as pdfplumber's ``extract_words`` gives them (``text``, ``x0``, ``x1``,
    ``top``, ``bottom``; ``top`` measured from the top of the page): runs of characters without a space, a gap
    wider than ``x_tolerance`` or a shift over ``y_tolerance``; each character's box is its font's (PDFium's
    loose box), so every letter of a line has one top and bottom."""
    import pypdfium2.raw as raw

    height = page.get_height()
    text_page = page.get_textpage()
    try:
        count = text_page.count_chars()
        text = text_page.get_text_range(0, count) if count else ""
        if len(text) != count:  # (characters beyond the BMP): one call per character instead
            text = "".join(chr(raw.FPDFText_GetUnicode(text_page.raw, k)) for k in range(count))
        box = raw.FS_RECTF()
        words: list[dict] = []
        word: dict | None = None
        for k, ch in enumerate(text):
            if ch.isspace():
                word = None
                continue
            raw.FPDFText_GetLooseCharBox(text_page.raw, k, box)
            x0, x1, top, bottom = box.left, box.right, height - box.top, height - box.bottom
            if word is not None and (x0 - word["x1"] > x_tolerance or abs(top - word["top"]) > y_tolerance):
                word = None
            if word is None:
                word = {"text": ch, "x0": x0, "x1": x1, "top": top, "bottom": bottom}
                words.append(word)
            else:
                word["text"] += ch
                word["x1"] = max(word["x1"], x1)
                word["top"] = min(word["top"], top)
                word["bottom"] = max(word["bottom"], bottom)
        return words
    finally:
        text_page.close()
        page.close()


def _pypdf_text(path: Path) -> tuple[str, list[str]]:
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError("PDF is password-protected")
        texts = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except Exception as err:  # pypdf raises many kinds of errors on broken files
        raise ReadError(f"damaged PDF ({type(err).__name__}: {err})") from None
    text = "\n\n".join(t.strip() for t in texts if t.strip())
    if not text:
        raise ReadError("PDF has no text layer (scanned image?)")
    return text, []
