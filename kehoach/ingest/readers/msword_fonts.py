"""The fonts of a Word 97–2003 .doc's text ([MS-DOC] character properties), to read TCVN3 and VNI by font.

Stages: the font table (``SttbfFfn``: names by index) -> the paragraph styles' fonts (the style sheet, each
style's character properties, its based-on styles followed) and the default font -> the paragraphs' styles
(``PlcBtePapx``) -> the character runs (``PlcBteChpx``: 512-byte pages of runs of stream offsets with their
property modifiers, of which the fonts ``sprmCRgFtc2``, for letters beyond ASCII, else ``sprmCRgFtc0``). A
character's font is its run's, else its paragraph style's, else the default. Character styles are not followed.

>>> fonts_of(bytes.fromhex("4f4a0300" "514a0500"))
5
"""

from __future__ import annotations

import struct
from bisect import bisect_right
from collections.abc import Iterator

_FTC0, _FTC2 = 0x4A4F, 0x4A51  # sprmCRgFtc0 (ASCII letters), sprmCRgFtc2 (other letters: TCVN3's, VNI's)
_OPERAND = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # operand size by spra (6: a size byte first)
FIB_STSHF, FIB_PLCF_BTE_CHPX, FIB_PLCF_BTE_PAPX, FIB_STTBF_FFN = 1, 12, 13, 15  # pairs of FibRgFcLcb97
_TDEF_TABLE = 0xD608  # sprmTDefTable: its operand's size is two bytes
_MARK_DEL = 0x0800  # sprmCFRMarkDel: a tracked deletion


def fonts_of(grpprl: bytes) -> int | None:
    """The font index a list of property modifiers sets (``sprmCRgFtc2``, else ``sprmCRgFtc0``), or None."""
    i, ftc0, ftc2 = 0, None, None
    while i + 2 <= len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, i)
        i += 2
        spra = sprm >> 13
        size = grpprl[i] + 1 if spra == 6 and i < len(grpprl) else _OPERAND.get(spra, 1)
        if sprm in (_FTC0, _FTC2) and i + 2 <= len(grpprl):
            (ftc,) = struct.unpack_from("<H", grpprl, i)
            ftc0, ftc2 = (ftc, ftc2) if sprm == _FTC0 else (ftc0, ftc)
        i += size
    return ftc2 if ftc2 is not None else ftc0


def sprms(grpprl: bytes) -> dict[int, bytes]:
    """The operands of a list of property modifiers, by sprm (the last one of each).

    >>> sprms(bytes.fromhex("0a2601" "0b460300"))
    {9738: b'\\x01', 17931: b'\\x03\\x00'}
    """
    out, i = {}, 0
    while i + 2 <= len(grpprl):
        (sprm,) = struct.unpack_from("<H", grpprl, i)
        i += 2
        spra = sprm >> 13
        if sprm == _TDEF_TABLE and i + 2 <= len(grpprl):
            size = struct.unpack_from("<H", grpprl, i)[0] + 1
        elif spra == 6:
            size = grpprl[i] + 1 if i < len(grpprl) else 1
        else:
            size = _OPERAND.get(spra, 1)
        out[sprm] = grpprl[i:i + size]
        i += size
    return out


def deleted_runs(word: bytes, table: bytes, fc: int, lcb: int) -> list[tuple[int, int]]:
    """``(start, end)`` stream offsets of the character runs marked as tracked deletions (``sprmCFRMarkDel``):
    text the document no longer says, which Word keeps in the piece table until the change is accepted."""
    return sorted((start, end) for start, end, grpprl in _character_runs(word, table, fc, lcb)
                  if sprms(grpprl).get(_MARK_DEL, b"\0")[:1] not in (b"\0", b""))


def font_names(table: bytes, fc: int, lcb: int) -> list[str]:
    """The font table's names, by index (``SttbfFfn``: FFN records, the name after 39 bytes, UTF-16, ended by 0)."""
    data = table[fc:fc + lcb]
    if len(data) < 4:
        return []
    (count,) = struct.unpack_from("<H", data, 0)
    names, pos = [], 4
    for _ in range(count):
        if pos >= len(data):
            break
        size = data[pos]
        ffn = data[pos + 1:pos + 1 + size]
        raw = ffn[39:]
        end = next((k for k in range(0, len(raw) - 1, 2) if raw[k:k + 2] == b"\0\0"), len(raw) - len(raw) % 2)
        names.append(raw[:end].decode("utf-16-le", errors="replace"))
        pos += 1 + size
    return names


def paragraph_style_sheet(st: bytes) -> Iterator[tuple[int, int, bytes, bytes]]:
    """Each paragraph style of a style sheet (``STSH``): ``(index, based-on index, paragraph modifiers,
    character modifiers)`` (0x0FFF: based on none)."""
    if len(st) < 6:
        return
    (cb_stshi,) = struct.unpack_from("<H", st, 0)
    cstd, cb_base = struct.unpack_from("<HH", st, 2)
    pos = 2 + cb_stshi
    for istd in range(cstd):
        if pos + 2 > len(st):
            break
        (cb_std,) = struct.unpack_from("<H", st, pos)
        std = st[pos + 2:pos + 2 + cb_std]
        pos += 2 + cb_std
        if cb_std < cb_base + 2 or (std[2] & 0x0F) != 1:  # empty, or not a paragraph style
            continue
        (cch,) = struct.unpack_from("<H", std, cb_base)
        at = cb_base + 2 + 2 * cch + 2
        upx = []
        for _ in range(2):  # a paragraph style's UPXs: PAPX (after the style index), then CHPX
            at += at % 2
            if at + 2 > len(std):
                break
            (cb,) = struct.unpack_from("<H", std, at)
            upx.append(std[at + 2:at + 2 + cb])
            at += 2 + cb
        papx, chpx = (upx + [b"", b""])[:2]
        yield istd, struct.unpack_from("<H", std, 2)[0] >> 4, papx[2:], chpx


def style_fonts(table: bytes, fc: int, lcb: int) -> tuple[dict[int, int], int | None]:
    """The font of each paragraph style that sets one (by style index, its based-on styles followed), and the
    style sheet's default font (``ftcOther``, else ``ftcAsci``)."""
    st = table[fc:fc + lcb]
    if len(st) < 22:
        return {}, None
    ftc_ascii, ftc_other = struct.unpack_from("<H", st, 14)[0], struct.unpack_from("<H", st, 18)[0]
    own: dict[int, int] = {}
    base: dict[int, int] = {}
    for istd, based_on, _, chpx in paragraph_style_sheet(st):
        base[istd] = based_on
        ftc = fonts_of(chpx)
        if ftc is not None:
            own[istd] = ftc
    fonts = {}
    for istd in base:
        at, seen = istd, 0
        while at not in own and at in base and base[at] != 0x0FFF and seen < 20:
            at, seen = base[at], seen + 1
        if at in own:
            fonts[istd] = own[at]
    return fonts, ftc_other if ftc_other is not None else ftc_ascii


def paragraph_styles(word: bytes, table: bytes, fc: int, lcb: int) -> list[tuple[int, int, int]]:
    """``(start, end, style index)`` of every paragraph, by offset in the WordDocument stream (``PlcBtePapx``:
    512-byte pages of paragraph runs, each with its properties, which begin with the style index)."""
    out = []
    for page in _pages(word, table, fc, lcb):
        crun = page[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for k in range(crun):
            off = page[4 * (crun + 1) + 13 * k] * 2  # BxPap: the offset, then 12 bytes of layout hints
            if not off:  # no properties: the Normal style
                out.append((fcs[k], fcs[k + 1], 0))
                continue
            size = 2 * page[off] - 1 if page[off] else 2 * page[off + 1]
            start = off + 1 if page[off] else off + 2
            if size >= 2:
                out.append((fcs[k], fcs[k + 1], struct.unpack_from("<H", page, start)[0]))
    return sorted(out)


def _pages(word: bytes, table: bytes, fc: int, lcb: int) -> list[bytes]:
    """The 512-byte pages (FKPs) a bin table (``PlcBteChpx`` / ``PlcBtePapx``) points to."""
    plc = table[fc:fc + lcb]
    n = (len(plc) - 4) // 8
    if n <= 0:
        return []
    pages = []
    for pn in struct.unpack_from(f"<{n}I", plc, 4 * (n + 1)):
        page = word[(pn & 0x3FFFFF) * 512:(pn & 0x3FFFFF) * 512 + 512]
        if len(page) == 512:
            pages.append(page)
    return pages


def _character_runs(word: bytes, table: bytes, fc: int, lcb: int) -> Iterator[tuple[int, int, bytes]]:
    """``(start, end, property modifiers)`` of every character run (``PlcBteChpx`` pages)."""
    for page in _pages(word, table, fc, lcb):
        crun = page[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for k in range(crun):
            off = page[4 * (crun + 1) + k] * 2
            yield fcs[k], fcs[k + 1], page[off + 1:off + 1 + page[off]] if off else b""


def char_runs(word: bytes, table: bytes, fc: int, lcb: int) -> list[tuple[int, int, int | None]]:
    """``(start, end, font index or None)`` of every character run, by offset in the WordDocument stream."""
    return sorted((start, end, fonts_of(grpprl) if grpprl else None)
                  for start, end, grpprl in _character_runs(word, table, fc, lcb))


def split_by_runs(text: str, fc: int, width: int, runs: list[tuple[int, int, int | None]],
                  paragraphs: list[tuple[int, int, int]], styles: dict[int, int],
                  default: int | None) -> list[tuple[str, int | None]]:
    """``text`` (a piece whose first character is at stream offset ``fc``, ``width`` bytes each) cut where its
    font changes: ``(part, font index)``. A character's font is its run's, else its paragraph style's
    (``styles``), else ``default``.

    >>> split_by_runs("abcdef", 100, 2, [(100, 104, 3), (104, 112, None)], [(100, 108, 0), (108, 112, 1)],
    ...               {1: 7}, 0)
    [('ab', 3), ('cd', 0), ('ef', 7)]
    """
    run_starts = [r[0] for r in runs]
    para_starts = [p[0] for p in paragraphs]
    end = fc + len(text) * width
    cuts = sorted({fc, end} | {x for r in runs for x in r[:2] if fc < x < end}
                  | {x for p in paragraphs for x in p[:2] if fc < x < end})
    out: list[tuple[str, int | None]] = []
    for at, nxt in zip(cuts, cuts[1:]):  # one font from a cut to the next
        k = bisect_right(run_starts, at) - 1
        font = runs[k][2] if k >= 0 and at < runs[k][1] else None
        if font is None:
            k = bisect_right(para_starts, at) - 1
            font = styles.get(paragraphs[k][2]) if k >= 0 and at < paragraphs[k][1] else None
        font = default if font is None else font
        part = text[(at - fc + width - 1) // width:(nxt - fc + width - 1) // width]
        if not part:
            continue
        if out and out[-1][1] == font:
            out[-1] = (out[-1][0] + part, font)
        else:
            out.append((part, font))
    return out
