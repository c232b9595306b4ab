"""Rich Text Format (.rtf, as Word and WordPad save it) -> paragraphs, as the .docx reader gives them.

A small tokenizer and a group stack, after the RTF 1.9.1 specification: control words (``\\par``, ``\\line``,
``\\tab``, ``\\cell``, ``\\uN``), control symbols, ``\\'hh`` bytes and text. Each group keeps its font and its
``\\ucN`` (how many fallback characters follow a ``\\uN``). Bytes are decoded by their font's character set
(``\\fcharset163`` Vietnamese: Windows-1258) or the document's ``\\ansicpgN``; text in a TCVN3 or VNI font
(".VnTime", "VNI-Times", named in the font table) is converted by its font. Destinations that are not body text
are left out: the font, colour and style tables, document information, pictures and objects, headers,
footers, footnotes, comments, field instructions (a field's result is kept), tracked deletions (``\\deleted``)
and every ``{\\*\\...}`` group but a shape's text box (``{\\*\\shpinst ...{\\shptxt ...}}``, read as paragraphs of
its own; the shape's copy for old readers, ``\\shprslt``, is not). A list paragraph's number, as the writer
rendered it (``\\listtext``), is kept.
A paragraph inside a table (``\\intbl``) ends a line of its cell; a cell is a paragraph of its own, as in the
.docx reader.

>>> read_rtf(rb"{\\rtf1\\ansi\\ansicpg1258{\\fonttbl{\\f0 Times New Roman;}{\\f1\\fcharset0 .VnTime;}}"
...          rb"\\f0 K\\u7870?\\uc1  HO\\u7840?CH\\par {\\f1 Ph\\'dfng V\\'a8n ho\\'b8}\\par"
...          rb"{\\footnote chu thich}{\\field{\\*\\fldinst PAGE}{\\fldrslt 12}}/KH\\par}")
('KẾ HOẠCH\\n\\nPhòng Văn hoá\\n\\n12/KH', ['tcvn3'])
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from kehoach.ingest.readers.base import ReadError

_TOKEN = re.compile(rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\([^a-zA-Z'])|([{}])|[\r\n]+|([^\\{}\r\n]+)")
# destinations whose text is not the document's body
_SKIP = frozenset({b"fonttbl", b"colortbl", b"stylesheet", b"info", b"pict", b"object", b"header", b"headerl",
                   b"headerr", b"headerf", b"footer", b"footerl", b"footerr", b"footerf", b"footnote",
                   b"annotation", b"fldinst", b"xe", b"tc", b"themedata", b"colorschememapping", b"latentstyles",
                   b"datastore", b"xmlnstbl", b"listtable", b"listoverridetable", b"rsidtbl", b"generator",
                   b"pgdsctbl", b"revtbl", b"bkmkstart", b"bkmkend", b"shppict", b"nonshppict", b"pntxta", b"shprslt", b"pntxtb", b"atnid", b"atnauthor", b"txe", b"userprops", b"mmathPr"})
_SYMBOLS = {b"emdash": "—", b"endash": "–", b"lquote": "‘", b"rquote": "’", b"ldblquote": "“", b"rdblquote": "”",
            b"bullet": "•", b"emspace": " ", b"enspace": " ", b"qmspace": " "}
_CONTROL_SYMBOLS = {b"~": "\u00a0", b"_": "-", b"-": "", b"\\": "\\", b"{": "{", b"}": "}", b"\n": None,
                    b"\r": None, b"|": "", b":": ""}
# \fcharsetN -> code page (0 and 1: the document's \ansicpgN)
_CHARSETS = {2: "latin-1", 77: "mac-roman", 161: "cp1253", 162: "cp1254", 163: "cp1258", 177: "cp1255",
             178: "cp1256", 186: "cp1257", 204: "cp1251", 222: "cp874", 238: "cp1250"}
_MAX_DEPTH = 200  # a deeper nest is a damaged (or hostile) file


# the number or bullet a list paragraph prints, as the writer rendered it (Word's \listtext, Word 6's \pntext)
_LABELS = frozenset({b"listtext", b"pntext"})


class _Group:
    __slots__ = ("font", "uc", "skip", "in_table", "label", "deleted", "opened_skipped", "shape", "box")

    def __init__(self, font=None, uc=1, skip=False, in_table=False, label=False, deleted=False):
        self.font, self.uc, self.skip, self.in_table, self.label = font, uc, skip, in_table, label
        self.deleted = deleted  # text of a tracked deletion (\deleted): what the document no longer says
        self.opened_skipped = skip  # (inside a destination left out: nothing in it is read)
        self.shape = False  # a shape's instructions ({\*\shpinst}) in body text: only its text box is read
        self.box = False  # a text box's text ({\shptxt}): its own paragraphs

    def copy(self) -> _Group:
        return _Group(self.font, self.uc, self.skip, self.in_table, self.label, self.deleted)


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "cp1252"


def _fonts(data: bytes) -> tuple[dict[int, tuple[str, str | None]], str]:
    """The font table (number -> (name, code page or None for the document's)) and the document's code page."""
    ansi = re.search(rb"\\ansicpg(\d+)", data[:4096])
    codepage = _codec(f"cp{int(ansi.group(1))}") if ansi else "cp1252"
    start = data.find(rb"{\fonttbl")
    fonts: dict[int, tuple[str, str | None]] = {}
    if start < 0:
        return fonts, codepage
    depth, end = 0, start
    for end in range(start, min(len(data), start + 1_000_000)):
        depth += {123: 1, 125: -1}.get(data[end], 0)
        if depth == 0:
            break
    for entry in re.finditer(rb"\\f(\d+)((?:\\[a-zA-Z]+-?\d* ?|\{[^{}]*\}|[^;{}\\])*)", data[start:end]):
        body = entry.group(2)
        charset = re.search(rb"\\fcharset(\d+)", body)
        name = re.sub(rb"\{[^{}]*\}|\\[a-zA-Z]+-?\d* ?", b"", body).strip()
        cp = _CHARSETS.get(int(charset.group(1))) if charset else None
        fonts[int(entry.group(1))] = (name.decode("latin-1"), cp)
    return fonts, codepage


def _labelled(runs: Iterator[tuple[str, str | None, bool]]) -> Iterator[tuple[str, str | None]]:
    """``runs`` with each list label (the runs of one ``\\listtext`` group) as one run: its text, a tab as
    the space after it, and a bullet drawn by a Symbol or Wingdings code as "•" (``word_numbering.bullet``)."""
    from kehoach.ingest.readers.list_labels import bullet

    label: list[str] = []
    for text, font, in_label in runs:
        if in_label:
            label.append(text)
            continue
        if label:
            printed = "".join(label).replace("\t", " ").strip()
            label.clear()
            if printed and not any(c.isalnum() for c in printed):
                printed = bullet(printed)
            if printed:
                yield printed + " ", None
        yield text, font


def _runs(data: bytes, fonts: dict[int, tuple[str, str | None]], codepage: str
          ) -> Iterator[tuple[str, str | None, bool]]:
    """``(text, font name, in a list label)`` runs of the body; bytes in a legacy font come as their
    Windows-1252 characters."""
    from kehoach.ingest.readers.word import legacy_font

    stack = [_Group()]
    skip_chars = 0  # fallback characters after \uN still to drop
    pending: list[int] = []  # \'hh bytes of the run being read, decoded together (a double-byte code page)

    def flush() -> Iterator[tuple[str, str | None]]:
        if pending:
            name, cp = fonts.get(stack[-1].font, ("", None))
            enc = "cp1252" if legacy_font(name) else (cp or codepage)
            yield bytes(pending).decode(enc, "replace"), name, stack[-1].label
            pending.clear()

    for m in _TOKEN.finditer(data):
        word, param, hexbyte, symbol, brace, text = m.groups()
        group = stack[-1]
        if hexbyte is None:
            yield from flush()
        if brace == b"{":
            if len(stack) > _MAX_DEPTH:
                raise ReadError("damaged RTF (groups nested too deep)")
            stack.append(group.copy())
            skip_chars = 0
        elif brace == b"}":
            if len(stack) > 1:
                closed = stack.pop()
                if closed.box:
                    yield "\n\n", None, False
            skip_chars = 0
        elif group.skip:
            if word == b"shpinst" and not group.opened_skipped:
                group.shape = True
            elif word == b"shptxt" and len(stack) > 1 and stack[-2].shape:  # a text box in a shape: its text
                group.skip, group.box = False, True
                yield "\n\n", None, False
            elif symbol == b"*" or (word in _SKIP if word else False):
                group.skip = True
            continue
        elif hexbyte is not None:
            if skip_chars:
                skip_chars -= 1
            elif not group.deleted:
                pending.append(int(hexbyte, 16))
        elif symbol is not None:
            if skip_chars:
                skip_chars -= 1
            elif symbol == b"*":
                group.skip = True
            elif symbol in (b"\n", b"\r"):
                yield "\n" if group.in_table else "\n\n", None, False
            elif group.deleted:
                pass
            elif symbol == b"-" and legacy_font(fonts.get(group.font, ("", None))[0]):
                yield "\xad", fonts[group.font][0], group.label  # TCVN3's "ư" is the optional hyphen's byte, saved as "\-"
            else:
                yield _CONTROL_SYMBOLS.get(symbol, ""), None, group.label
        elif word is not None:
            if skip_chars:
                skip_chars -= 1
                continue
            n = int(param) if param else None
            if word in _SKIP:
                group.skip = True
            elif word in _LABELS:
                group.label = True
            elif word == b"deleted":
                group.deleted = n != 0
            elif word == b"plain":
                group.deleted = False
            elif word == b"f" and n is not None:
                group.font = n
            elif word == b"uc" and n is not None:
                group.uc = max(0, n)
            elif word == b"u" and n is not None:
                if not group.deleted:
                    yield chr((n + 65536 if n < 0 else n) & 0xFFFF), fonts.get(group.font, ("", None))[0], group.label
                skip_chars = group.uc
            elif word in (b"par", b"sect", b"page"):
                yield "\n" if group.in_table and word == b"par" else "\n\n", None, False
            elif word == b"line":
                yield "\n", None, group.label
            elif word == b"tab" and not group.deleted:
                yield "\t", None, group.label
            elif word in (b"cell", b"row", b"nestcell"):
                yield "\n\n", None, False
            elif word == b"intbl":
                group.in_table = True
            elif word == b"pard":
                group.in_table = False
            elif word in _SYMBOLS and not group.deleted:
                yield _SYMBOLS[word], None, group.label
        elif text is not None:
            if skip_chars:
                drop = min(skip_chars, len(text))
                skip_chars -= drop
                text = text[drop:]
            if text and not group.deleted:
                name, cp = fonts.get(group.font, ("", None))
                # (a legacy font's bytes stay its Windows-1252 characters, converted by the caller)
                yield text.decode("cp1252" if legacy_font(name) else cp or codepage, "replace"), name, group.label
    yield from flush()


_BIN = re.compile(rb"\\bin(\d{1,10}) ?")


def _without_binary(data: bytes) -> bytes:
    """``data`` without its ``\\binN`` runs (N raw bytes, a picture's or an object's, which may hold braces and
    backslashes that are not RTF).

    >>> _without_binary(rb"{\\pict\\bin3 {\\}}text")
    b'{\\\\pict}text'
    """
    out, at = [], 0
    for m in _BIN.finditer(data):
        if m.start() < at:  # (inside the raw bytes of the one before)
            continue
        out.append(data[at:m.start()])
        at = m.end() + int(m.group(1))
    out.append(data[at:])
    return b"".join(out)


def read_rtf(data: bytes) -> tuple[str, list[str]]:
    """The text of an RTF document (paragraphs separated by a blank line) and the legacy encodings its fonts
    were converted from; ``ReadError`` when it is not RTF."""
    from kehoach.ingest.readers.legacy import from_tcvn3, from_vni
    from kehoach.ingest.readers.word import legacy_font

    if not data.lstrip().startswith(b"{\\rtf"):
        raise ReadError("not an RTF document (no {\\rtf header)")
    data = _without_binary(data) if b"\\bin" in data else data
    fonts, codepage = _fonts(data)
    used: set[str] = set()
    out: list[str] = []
    for text, font in _labelled(_runs(data, fonts, codepage)):
        legacy = legacy_font(font) if font else None
        if legacy is None:
            out.append(text)
            continue
        used.add(legacy[0])
        out.append(from_tcvn3(text, capitals=legacy[1]) if legacy[0] == "tcvn3" else from_vni(text))
    paragraphs = []
    for block in re.split(r"\n\n", "".join(out)):
        lines = [ln.strip() for ln in block.split("\n")]
        if any(lines):
            paragraphs.append("\n".join(ln for ln in lines if ln))
    return "\n\n".join(paragraphs), sorted(used)
