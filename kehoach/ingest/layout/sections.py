"""Section boundaries of a plan: chrome, header, title, preamble, Roman-numeral sections, recipients, signature,
appendix; a text with no plan structure (a news article) is one ``body`` after any leading banner.

>>> text = "Số: 5/KH-UBND\\nKẾ HOẠCH\\nThông tin đối ngoại năm 2024\\nCăn cứ Luật Báo chí;\\n" \\
...        "I. MỤC ĐÍCH\\n- Nâng cao\\nNơi nhận:\\n- Lưu: VT.\\nKT. CHỦ TỊCH\\nNguyễn Văn A\\n"
>>> [s.kind for s in segment(text).sections]
['header', 'title', 'preamble', 'purpose', 'recipients', 'signature']
"""

from __future__ import annotations

import re

from kehoach.ingest.document import Layout, Section
from kehoach.ingest.layout.blocks import Line, lines, make_blocks, parse_marker
from kehoach.ingest.layout.vocab import is_person_name, section_kind, vocab

_PLAIN_KIND = {"header": "line", "title": "line", "signature": "line", "chrome": "line", "appendix": "line"}


def _is_upper(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _title_index(ls: list[Line], limit: int) -> int | None:
    v = vocab()
    for i, ln in enumerate(ls[:limit]):
        if v.doc_type_line.match(ln.stripped) and _is_upper(ln.stripped):
            return i
    return None


def _roman_headings(ls: list[Line], start: int, stop: int) -> list[int]:
    out = []
    for i in range(start, stop):
        kind, _, size = parse_marker(ls[i].stripped)
        if kind == "heading" and len(ls[i].stripped) < 200 and not _INITIALS.match(ls[i].stripped):
            out.append(i)
    return out


_INITIALS = re.compile(r"[IVXLC]\.[A-ZĐ]\.?$")  # an article's byline "V.L" (initials), no "V." heading


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_DIGITS = [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral.

    >>> roman_value("IV"), roman_value("XII")
    (4, 12)
    """
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def roman(value: int) -> str:
    """``value`` as a Roman numeral.

    >>> roman(3), roman(14)
    ('III', 'XIV')
    """
    out = ""
    for v, digits in _ROMAN_DIGITS:
        while value >= v:
            out += digits
            value -= v
    return out


def in_sequence(numerals: list[str]) -> list[str]:
    """The sections' Roman numerals, one that repeats or goes back taking the next number: a scan read "III."
    as "II." (or a typist repeated one), and the sections' tasks must not share references.

    >>> in_sequence(["I", "II", "II", "IV"]), in_sequence(["I", "II", "IV"])
    (['I', 'II', 'III', 'IV'], ['I', 'II', 'IV'])
    """
    out: list[str] = []
    last = 0
    for n in numerals:
        value = roman_value(n)
        if value <= last:
            value = last + 1
            n = roman(value)
        out.append(n)
        last = value
    return out


def _trailing_chrome(ls: list[Line], start: int, after_text: bool = False) -> int:
    """The first line of the page's chrome after ``start`` (``len(ls)`` if none); with ``after_text``, only one
    after a paragraph of text: a view counter under an article's headline ("Lượt xem: 2952") ends nothing."""
    v = vocab()
    seen_text = not after_text
    for i in range(start, len(ls)):
        if seen_text and v.chrome_line.match(ls[i].stripped) and not _counter_above_text(ls, i):
            return i
        seen_text = seen_text or len(ls[i].stripped) >= 80
    return len(ls)


def _counter_above_text(ls: list[Line], i: int) -> bool:
    """A view counter with the article's text right under it ("Ngày đăng 06/07/2022 | 09:03 | Lượt xem: 114"
    under a long headline): the article's metadata, not the page's end."""
    if not _COUNTER.match(ls[i].stripped):
        return False
    below = [x.stripped for x in ls[i + 1:i + 6] if x.stripped]
    return any(len(x) >= 200 for x in below[:3])


_COUNTER = re.compile(r"(?i)(?:số\s+)?lượt\s+xem\b")


def _header_start(ls: list[Line], title: int) -> int:
    """First line of the header block: the run of header-like lines just above the title."""
    v = vocab()
    i = title
    while i > 0 and (v.header_line.match(ls[i - 1].stripped) or _is_upper(ls[i - 1].stripped)
                     or ls[i - 1].stripped.strip("*-_=~") == ""  # a rule ("***" is read as "*": markup)
                     or _place_date_part(ls[i - 1].stripped)
                     or i < len(ls) and _place_date_part(ls[i].stripped) and _PLACE_START.match(ls[i - 1].stripped)
                     ) and not v.chrome_line.match(ls[i - 1].stripped):
        i -= 1
    return i


# the rest of a place/date line a narrow header cell wrapped: "tháng 01 năm 2021", "27 tháng 9 năm 2022";
# and the first words of a wrapped place name ("Tiền" / "Giang, ngày …")
_DATE_END = re.compile(r"(?:(?:\d{1,2}\s*)?tháng\s*\d{0,2}\s*)?năm\s*\d{4}\W*$")
# … or its head, the year wrapped onto the next line ("La, ngày 11 tháng 3" / "năm 2020")
_PLACE_DATE_HEAD = re.compile(r"[^\W\d_][^,\n]{0,40},\s*[Nn]gày\s*\d{0,2}(?:\s*tháng\s*\d{0,2})?\W*$")


def _place_date_part(line: str) -> bool:
    """A place/date line or a part a narrow cell wrapped it into.

    >>> [_place_date_part(s) for s in ("Sơn La, ngày 11 tháng 3 năm 2020", "La, ngày 11 tháng 3", "năm 2020", "Căn cứ")]
    [True, True, True, False]
    """
    return bool(_is_place_date(line) or _DATE_END.match(line) or _PLACE_DATE_HEAD.match(line))


_PLACE_START = re.compile(r"[A-ZĐ][^\W\d_]*(?:(?: | - )[A-ZĐ][^\W\d_]*){0,3}$")


_NUMBER_LINE = re.compile(r"\W*Số(?:\s*:\s*|[ \t]+)\d+[ \t]*[-/]")


def _bare_header_end(ls: list[Line], limit: int) -> int | None:
    """Index after the header of a plan printed without its type word ("KẾ HOẠCH") under it — a web page
    shows its title apart: a "Số: 44/KH-UBND" line with the place/date line next to it (wrapped or not).
    None when there is no such header.

    >>> _bare_header_end(lines("Số: 44/KH-UBND\\nHà Tĩnh, ngày 08\\ntháng 02 năm 2018\\nThực hiện …"), 40)
    3
    >>> _bare_header_end(lines("Tin tức\\nNgày 1/2/2024, UBND tỉnh ban hành Kế hoạch số 5/KH-UBND"), 40) is None
    True
    """
    for i, ln in enumerate(ls[:limit]):
        if not _NUMBER_LINE.match(ln.stripped):
            continue
        for j in range(max(0, i - 2), min(len(ls), i + 3)):
            if j != i and _is_place_date(ls[j].stripped):
                k = max(i, j) + 1
                while k < len(ls) and _DATE_END.match(ls[k].stripped) and k <= j + 1:
                    k += 1
                return k
        return None
    return None


def _is_place_date(s: str) -> bool:
    # "Lào cai, Ngày 30": a typist's capital
    return (", ngày" in s or ", Ngày" in s) and len(s) < 80 and (any(c.isdigit() for c in s)
                                                                 or s.endswith(("ngày", "Ngày")))


_DOCUMENT_ITEM = re.compile(r"(?:Căn cứ|Thực hiện|Luật|Bộ luật|Nghị định|Nghị quyết|Quyết định|Thông tư|Chỉ thị"
                            r"|Kết luận|Kế hoạch|Công văn|Văn bản|Chương trình|Hướng dẫn|Thông báo)\b")


def _unheaded_items(ls: list[Line], start: int, stop: int) -> int:
    """Index of the first line of ``ls[start:stop]`` that opens an item numbered "1." — not a document of a list
    of bases ("1. Luật Báo chí …") — or ``stop``.

    >>> _unheaded_items(lines("Thực hiện Công văn số 5/BTTTT.\\n1. Phát huy sức mạnh.\\n2. Tăng cường."), 0, 3)
    1
    >>> _unheaded_items(lines("Căn cứ:\\n1. Luật Báo chí;\\n2. Nghị định số 72/2015/NĐ-CP."), 0, 3)
    3
    """
    for i in range(start + 1, stop):
        kind, marker, size = parse_marker(ls[i].stripped)
        if kind == "item" and marker == "1" and not _DOCUMENT_ITEM.match(ls[i].stripped[size:]):
            return i
    return stop


# "PHẦN I. KẾT QUẢ …", "A. HIỆN TRẠNG …": a part's heading, not the title; "Kính gửi: …" (its addressees)
_PART = re.compile(r"(?i:PHẦN\s+(?:[IVXLC]+|THỨ)\b)|[A-E]\.\s+(?P<word>[^\W\d_]{2,})\b|Kính gửi\b")


def _part_heading(s: str) -> bool:
    m = _PART.match(s)
    return m is not None and (m.group("word") is None or m.group("word").isupper())


def _has_small(s: str) -> bool:
    return any(c.islower() for c in s)


def _title_end(ls: list[Line], title: int, stop: int) -> int:
    """Index after the last title line (the type word line plus up to four name lines)."""
    v = vocab()
    j = title + 1
    while j < stop and j <= title + 4:
        s = ls[j].stripped
        # the first line under the type word is the title even when it opens like a preamble line
        # ("KẾ HOẠCH / Thực hiện Kết luận số 57-KL/TW …"), unless it reads as one ("Căn cứ …;")
        preamble = v.preamble_start.match(s) and (j > title + 1 or s.startswith("Căn cứ") or s.endswith(";"))
        if (preamble or parse_marker(s)[0] == "heading" or s.startswith(("---", "___", "***"))
                or s.endswith(":") or _part_heading(s)):
            break
        if j > title + 1 and (len(s) > 250 or ls[j - 1].stripped.endswith((".", ";", ":"))):
            break
        # a title printed in capitals does not go on in small letters: "… NĂM 2016" / "Theo thông báo của Bộ Y tế"
        if (j > title + 1 and _has_small(s) and s[:1] != "("
                and not any(_has_small(ls[k].stripped) for k in range(title + 1, j))):
            break
        j += 1
    while j < stop and ls[j].stripped.strip("-_*= ") == "":  # rule lines under the title
        j += 1
    return j


_GROUNDS = re.compile(r"(?:Căn cứ|CĂN CỨ|Xét đề nghị|Theo đề nghị)\b")


def _authority_line(ls: list[Line], i: int, stop: int) -> bool:
    """Whether a signature-like line is a decision's authority line ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH" /
    "Căn cứ …"): the next line that is not blank gives its grounds."""
    j = next((k for k in range(i + 1, stop) if ls[k].stripped), None)
    return j is not None and _GROUNDS.match(ls[j].stripped) is not None


def _closing(ls: list[Line], start: int, stop: int) -> tuple[int | None, int | None, int | None]:
    """(recipients, signature, appendix) line indices after ``start`` (None when absent)."""
    v = vocab()
    rec = next((i for i in range(start, stop) if v.recipients.match(ls[i].stripped)), None)
    search_from = rec + 1 if rec is not None else start
    sig = None
    for i in range(search_from, stop):
        s = ls[i].stripped
        if v.signature_line.match(s) and _is_upper(s) and len(s) < 60 and not _authority_line(ls, i, stop):
            sig = i
            break
    app = None
    after = sig if sig is not None else rec
    if after is not None:
        for i in range(after + 1, stop):
            s = ls[i].stripped
            if v.appendix.match(s) and (_is_upper(s) or s.startswith("Phụ lục")):
                app = i
                break
    return rec, sig, app


def _section(kind: str, text: str, ls: list[Line], a: int, b: int, heading: str | None = None,
             number: str | None = None) -> Section:
    chunk = ls[a:b]
    return Section(kind=kind, start=chunk[0].start, end=chunk[-1].end, heading=heading, number=number,
                   blocks=make_blocks(text, chunk, _PLAIN_KIND.get(kind, "paragraph")))


def segment(text: str) -> Layout:
    """Split normalized plan text into sections of ``SECTION_KINDS`` with their blocks.

    >>> lay = segment("Tin tức\\nNgày 01/11/2023, UBND tỉnh ban hành kế hoạch.\\n")
    >>> [s.kind for s in lay.sections]
    ['body']
    """
    ls = lines(text)
    if not ls:
        return Layout(sections=[])
    out: list[tuple[str, int, int, str | None, str | None]] = []
    title = _title_index(ls, 80)
    bare = _bare_header_end(ls, 40) if title is None else None
    if bare is not None:  # a header with no type word under it: its all-capital lines are the title
        title = bare
        while (title < min(bare + 3, len(ls)) and _is_upper(ls[title].stripped) and len(ls[title].stripped) < 200
               and parse_marker(ls[title].stripped)[0] != "heading"):
            title += 1
    end = _trailing_chrome(ls, title + 1 if title is not None else 0)
    romans = _roman_headings(ls, title if bare is not None else (title or 0) + 1, end)
    if title is None and not romans:
        return _news(text, ls)
    if title is None:
        title = 0
        head = 0
        title_end = 0
    elif bare is not None:
        head, title, title_end = _header_start(ls, bare), bare, title
    else:
        head = _header_start(ls, title)
        title_end = _title_end(ls, title, romans[0] if romans else end)
    first_body = romans[0] if romans else title_end
    rec, sig, app = _closing(ls, first_body, end)
    if not romans:  # no numbered sections: the text up to the closing parts is preamble-like prose
        first_body = min((x for x in (rec, sig, app) if x is not None), default=end)
    tail = _trailing_chrome(ls, max(x for x in (first_body, rec, sig, app) if x is not None) + 1)
    end = tail
    if head > 0:
        out.append(("chrome", 0, head, None, None))
    if title > head:
        out.append(("header", head, title, None, None))
    if title_end > title:
        out.append(("title", title, title_end, None, None))
    if first_body > title_end:
        # items numbered from 1 under no heading (a web page left "I. MỤC ĐÍCH" out) are not the preamble
        items = _unheaded_items(ls, title_end, first_body)
        out.append(("preamble", title_end, items, None, None))
        if items < first_body:  # "1. Mục đích" opens the section its heading would have: purpose
            out.append((section_kind(ls[items].stripped), items, first_body, None, None))
    closing = [x for x in (rec, sig, app) if x is not None]
    body_end = min(closing) if closing else end
    romans = [r for r in romans if r < body_end]
    for k, (r, number) in enumerate(zip(romans, in_sequence([parse_marker(ls[r].stripped)[1] for r in romans]))):
        stop = romans[k + 1] if k + 1 < len(romans) else body_end
        heading = ls[r].stripped
        out.append((section_kind(heading), r, stop, heading, number))
    if rec is not None:
        rec_end = next((x for x in (sig, app) if x is not None), end)
        last = next((i for i in range(rec, rec_end) if vocab().recipients_last.match(ls[i].stripped)), None)
        if sig is not None and last is not None and last + 1 < sig:
            rec_end = last + 1  # stray lines between "Lưu:" and the signature go with the signature
            sig = rec_end
        out.append(("recipients", rec, rec_end, None, None))
    if sig is not None:
        out.append(("signature", sig, app if app is not None else end, None, None))
    if app is not None:
        out.append(("appendix", app, end, None, None))
    if end < len(ls):
        out.append(("chrome", end, len(ls), None, None))
    sections = [_section(kind, text, ls, a, b, h, n) for kind, a, b, h, n in out if b > a]
    return Layout(sections=sorted(sections, key=lambda s: s.start))


def _news(text: str, ls: list[Line]) -> Layout:
    """An article: leading all-capital banner lines (and a site's navigation links and slogan) are chrome, the rest one body (trailing chrome cut), its last
    lines a byline when they are the author's name, alone or above one short line (the author's unit, the
    source).

    >>> lay = segment("Kế hoạch năm 2024\\nNgày 01/11/2023, UBND tỉnh ban hành kế hoạch.\\nThu Hà - Minh Anh\\nBáo X\\n")
    >>> [s.kind for s in lay.sections]
    ['body', 'byline']
    """
    i = 0
    banner = vocab().banner_line
    while i < len(ls) - 1 and (_is_upper(ls[i].stripped) and len(ls[i].stripped) > 20
                               or banner.match(ls[i].stripped) or not ls[i].stripped):
        i += 1
    end = _trailing_chrome(ls, i, after_text=True)
    byline = _byline(ls, i, end)
    out = []
    if i:
        out.append(_section("chrome", text, ls, 0, i))
    if byline > i:
        out.append(_section("body", text, ls, i, byline))
    if end > byline:
        out.append(_section("byline", text, ls, byline, end))
    if end < len(ls):
        out.append(_section("chrome", text, ls, end, len(ls)))
    return Layout(sections=out)


def _authors(line: str) -> bool:
    """A line of author names ("Dương Thị Thủy", "Thu Hà - Minh Anh")."""
    parts = [p.strip() for p in line.replace("–", "-").split(" - ")]
    return all(is_person_name(p) for p in parts)


def _byline(ls: list[Line], start: int, end: int) -> int:
    """Where the byline of an article body ``ls[start:end]`` starts (``end``: none). The body keeps a line. A last
    line of capitalized words alone ("Báo Nghệ An") is a byline too: the article's source."""
    last = ls[end - 1].stripped if end > start else ""
    if end - start >= 3 and _authors(ls[end - 2].stripped) and len(last) <= 80 and not last.endswith(tuple(".,;:!?")):
        return end - 2
    if end - start >= 2 and _authors(last):
        return end - 1
    return end
