"""Automatic list numbers of a Word 97–2003 .doc ([MS-DOC] lists): the "1.", "a)", "II." and bullets its
paragraphs print but do not contain, as ``word_numbering`` reads them in a .docx.

Stages: the lists (``PlfLst``: an ``LSTF`` per list, then each list's levels, ``LVL``: start, number format,
the number text with its level placeholders, what follows it) and the list instances (``PlfLfo``: an ``LFO``
per instance naming its list, with its start overrides) -> each paragraph's instance and level
(``sprmPIlfo`` / ``sprmPIlvl`` in its properties, else in its paragraph style's, through the styles it is
based on) -> the labels, counted in document order by ``word_numbering.Counters`` (a list's instances share
its counters, as in Word). ``labelled`` puts each label before its paragraph's text, as a piece of its own.

>>> level = parse_lvl(struct.pack("<iBB9sBiIBBBB", 1, 4, 0, bytes(9), 1, 0, 0, 0, 0, 0, 0)
...                   + struct.pack("<H", 2) + "\\x05)".encode("utf-16-le"), 0)[0]
>>> (level.fmt, level.text, level.suffix)
('lowerLetter', '%6)', ' ')
"""

from __future__ import annotations

import struct

from kehoach.ingest.readers.list_labels import LEVELS, Counters, Level
from kehoach.ingest.readers.msword_fonts import paragraph_style_sheet, sprms

FIB_PLF_LST, FIB_PLF_LFO = 73, 74  # pairs of FibRgFcLcb97
_ILVL, _ILFO = 0x260A, 0x460B  # sprmPIlvl, sprmPIlfo
# nfc -> the .docx number format (others print decimal)
NFC = {0: "decimal", 1: "upperRoman", 2: "lowerRoman", 3: "upperLetter", 4: "lowerLetter", 22: "decimalZero",
       23: "bullet", 255: "none"}
_LVLF = struct.Struct("<iBB9sBiIBBBB")  # 28 bytes


def _reference(grpprl: bytes) -> tuple[int | None, int | None]:
    """(ilfo, ilvl) a list of property modifiers sets (None where it sets none)."""
    ops = sprms(grpprl)
    ilfo = struct.unpack_from("<h", ops[_ILFO])[0] if len(ops.get(_ILFO, b"")) == 2 else None
    ilvl = ops[_ILVL][0] if len(ops.get(_ILVL, b"")) == 1 else None
    return ilfo, ilvl


def parse_lvl(data: bytes, at: int) -> tuple[Level, int]:
    """The ``LVL`` at ``at``: the level and the offset after it."""
    start, nfc, flags, _, follow, _, _, cb_chpx, cb_papx, restart_lim, _ = _LVLF.unpack_from(data, at)
    at += _LVLF.size + cb_papx + cb_chpx
    (cch,) = struct.unpack_from("<H", data, at)
    xst = data[at + 2:at + 2 + 2 * cch].decode("utf-16-le", errors="replace")
    at += 2 + 2 * cch
    fmt = NFC.get(nfc, "decimal")
    text = xst if fmt == "bullet" else "".join(f"%{ord(c) + 1}" if ord(c) < LEVELS else c for c in xst)
    return Level(start=start, fmt=fmt, text=text, restart=restart_lim if flags & 0x08 else None,
                 legal=bool(flags & 0x04), suffix="" if follow == 2 else " "), at


def lists(table: bytes, fc_lst: int, lcb_lst: int) -> dict[int, tuple[list[Level], int]]:
    """The lists by ``lsid``: their levels (one for a simple list, else nine)."""
    if lcb_lst < 2:
        return {}
    (count,) = struct.unpack_from("<h", table, fc_lst)
    heads = []
    for k in range(max(count, 0)):
        lsid = struct.unpack_from("<i", table, fc_lst + 2 + 28 * k)[0]
        simple = table[fc_lst + 2 + 28 * k + 26] & 0x01
        heads.append((lsid, 1 if simple else LEVELS))
    out, at = {}, fc_lst + lcb_lst  # the levels follow the PlfLst
    for lsid, n in heads:
        levels = []
        for _ in range(n):
            level, at = parse_lvl(table, at)
            levels.append(level)
        out[lsid] = (levels, lsid)
    return out


def instances(table: bytes, fc_lfo: int, lcb_lfo: int) -> list[tuple[int, dict[int, int], dict[int, Level]]]:
    """The list instances (``LFO``), 1-based as paragraphs name them: ``(lsid, start overrides, level
    overrides)``."""
    if lcb_lfo < 4:
        return []
    (count,) = struct.unpack_from("<i", table, fc_lfo)
    heads = [struct.unpack_from("<i8xB", table, fc_lfo + 4 + 16 * k) for k in range(max(count, 0))]
    at = fc_lfo + 4 + 16 * len(heads)
    out = []
    for lsid, n_overrides in heads:
        starts: dict[int, int] = {}
        levels: dict[int, Level] = {}
        at += 4  # LFOData's cp
        for _ in range(n_overrides):
            start, flags = struct.unpack_from("<iI", table, at)
            at += 8
            ilvl = flags & 0x0F
            if flags & 0x10:
                starts[ilvl] = start
            if flags & 0x20:
                levels[ilvl], at = parse_lvl(table, at)
        out.append((lsid, starts, levels))
    return out


def style_references(st: bytes) -> dict[int, tuple[int | None, int | None]]:
    """(ilfo, ilvl) of each paragraph style that sets one, its based-on styles followed (the style sheet
    ``STSH``)."""
    own: dict[int, tuple[int | None, int | None]] = {}
    base: dict[int, int] = {}
    for istd, based_on, papx, _ in paragraph_style_sheet(st):
        base[istd] = based_on
        ref = _reference(papx)
        if ref != (None, None):
            own[istd] = ref
    out = {}
    for istd in base:
        ilfo = ilvl = None
        at, seen = istd, 0
        while at is not None and seen < 20 and (ilfo is None or ilvl is None):
            o_ilfo, o_ilvl = own.get(at, (None, None))
            ilfo = o_ilfo if ilfo is None else ilfo
            ilvl = o_ilvl if ilvl is None else ilvl
            at, seen = (base.get(at) if base.get(at) != 0x0FFF else None), seen + 1
        if ilfo is not None:
            out[istd] = (ilfo, ilvl)
    return out


def paragraph_runs(pages: list[bytes]) -> list[tuple[int, int, int, bytes]]:
    """``(start, end, style index, property modifiers)`` of every paragraph, by stream offset (FKP pages of
    ``PlcBtePapx``)."""
    out = []
    for page in pages:
        crun = page[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for k in range(crun):
            off = page[4 * (crun + 1) + 13 * k] * 2
            if not off:
                out.append((fcs[k], fcs[k + 1], 0, b""))
                continue
            size = 2 * page[off] - 1 if page[off] else 2 * page[off + 1]
            start = off + 1 if page[off] else off + 2
            if size >= 2:
                grp = page[start:start + size]
                out.append((fcs[k], fcs[k + 1], struct.unpack_from("<H", grp, 0)[0], grp[2:]))
    return sorted(out)


def labelled(word: bytes, table: bytes, fib: dict, pieces: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """``pieces`` with each numbered paragraph's label before it, as a piece of its own (stream offset -1, width
    0); the pieces as they are where the document has no lists."""
    from kehoach.ingest.readers.msword_fonts import FIB_PLCF_BTE_PAPX, FIB_STSHF, _pages

    pairs = fib["pairs"]
    if len(pairs) <= FIB_PLF_LFO or not pairs[FIB_PLF_LFO][1] or not pairs[FIB_PLF_LST][1]:
        return pieces
    defs = lists(table, *pairs[FIB_PLF_LST])
    lfos = instances(table, *pairs[FIB_PLF_LFO])
    fc_st, lcb_st = pairs[FIB_STSHF]
    by_style = style_references(table[fc_st:fc_st + lcb_st])
    runs = paragraph_runs(_pages(word, table, *pairs[FIB_PLCF_BTE_PAPX]))
    counters = Counters()
    out: list[tuple[str, int, int]] = []
    for text, fc, width in pieces:
        end = fc + len(text) * width
        cut = 0
        for start, _, istd, grpprl in runs:
            if not fc <= start < end:
                continue
            ilfo, ilvl = _reference(grpprl)
            s_ilfo, s_ilvl = by_style.get(istd, (None, None))
            ilfo = s_ilfo if ilfo is None else ilfo
            ilvl = (s_ilvl if s_ilvl is not None else 0) if ilvl is None else ilvl
            if not ilfo or not 0 < ilfo <= len(lfos) or not 0 <= ilvl < LEVELS:
                continue
            lsid, starts, overrides = lfos[ilfo - 1]
            if lsid not in defs:
                continue
            base = defs[lsid][0]
            levels = {i: overrides.get(i) or (base[i] if i < len(base) else None) for i in range(LEVELS)}
            label = counters.label(ilfo, lsid, levels, starts, ilvl)
            at = (start - fc) // width
            if label and text[at:at + 1] not in ("\r", "\x07", ""):  # (an empty paragraph prints no item)
                out.append((text[cut:at], fc + cut * width, width))
                out.append((label, -1, 0))
                cut = at
        out.append((text[cut:], fc + cut * width, width))
    return [p for p in out if p[0]]
