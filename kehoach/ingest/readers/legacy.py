"""Vietnamese legacy font encodings: TCVN3 (TCVN 5712:1993, the ".VnTime" fonts of the ABC keyboard) and VNI
(the "VNI-Times" fonts), turned into Unicode.

Before Unicode (TCVN 6909:2001) Vietnamese was typed in fonts that draw Vietnamese letters at the places of
Western ones: a file or a Word run in such a font holds "Kª ho¹ch" (TCVN3) or "Keá hoaïch" (VNI) for "Kế hoạch".
Both still circulate in copies of older plans.

- TCVN3 is one byte per letter: ``0xA1``–``0xFE`` hold the Vietnamese letters (``TCVN3_HIGH``, the table of
  TCVN 5712:1993; ``0xB0``–``0xB4`` are combining tone marks). The base fonts have no capital letter with a tone
  mark: a heading is typed in lower-case codes in the capitals font (".VnTimeH"). Without the font (a .txt)
  ``restore_capitals`` gives such words back their capitals where the line or word is otherwise in capitals.
- VNI writes a toned vowel as the base letter plus one or two mark bytes ("e" + "ä" = "ệ"); ``ô`` is "ơ",
  ``ö`` "ư", ``ñ`` "đ", and the toned forms of "i" and "ỵ" are single bytes.

A file's bytes are decoded by ``decode_legacy``; text a container (Word, PDF, HTML) already gives as Unicode
is converted by ``from_tcvn3``/``from_vni`` (what a byte is under Windows-1252 is the character Word stores).

>>> decode_legacy(b"K\\xd5 ho\\xb9ch \\xa7\\xe9c l\\xcbp", "tcvn3")
'Kế hoạch Độc lập'
>>> from_vni("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
'Cộng hòa xã hội chủ nghĩa Việt Nam'
"""

from __future__ import annotations

import re
import unicodedata

# bytes 0xA0..0xFF of TCVN 5712:1993 (VN1; TCVN3 "ABC" is VN3, its letters at the same places). The capitals
# with tone marks at 0xAF, 0xBA, 0xBF-0xC5, 0xCD, 0xD9-0xDB, 0xE0, 0xF0, 0xFF are VN1's (VN3 leaves them unused)
TCVN3_HIGH = (
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ"
    "\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽ"
    "éẹềểễếệìỉỄẾỒĩíịò"
    "Ổỏõóọồổỗốộờởỡớợù"
    "ỖủũúụừửữứựỳỷỹýỵỐ"
)
assert len(TCVN3_HIGH) == 96

# the same letters reached from text a container decoded as Windows-1252 / Latin-1 (U+00A0..U+00FF)
_TCVN3_TEXT = {0xA0 + i: ch for i, ch in enumerate(TCVN3_HIGH)}
# bytes 0x80..0x9F: what Word writes there in any font (quotes, dashes), Windows-1252's characters
_TCVN3_BYTES = {**{b: bytes([b]).decode("cp1252", "replace") for b in range(0x80, 0xA0)}, **_TCVN3_TEXT}

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
# VNI: the mark bytes after a vowel (lower-case forms; the capital forms mean the same)
_VNI_TONES = {"ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT}
_VNI_CIRC = {"â": "", "á": _ACUTE, "à": _GRAVE, "å": _HOOK, "ã": _TILDE, "ä": _DOT}
_VNI_BREVE = {"ê": "", "é": _ACUTE, "è": _GRAVE, "ú": _HOOK, "ü": _TILDE, "ë": _DOT}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _either(chars) -> str:
    return "".join(sorted({c for ch in chars for c in (ch, ch.upper())}))


_VNI_PAIR = re.compile(
    f"([aA])([{_either(_VNI_BREVE)}])"
    f"|([aAeEoO])([{_either(_VNI_CIRC)}])"
    f"|([aAeEiIoOuUyYôÔöÖ])([{_either(_VNI_TONES)}])"
    f"|([{_either(_VNI_SINGLE)}])"  # one pass: a letter a pair makes ("ò") is not read again as a single
)


def _vni_letter(m: re.Match[str]) -> str:
    if m.group(7):
        out = _VNI_SINGLE[m.group(7).lower()]
        return out.upper() if m.group(7).isupper() else out
    if m.group(1):
        base, marks = m.group(1), _BREVE + _VNI_BREVE[m.group(2).lower()]
    elif m.group(3):
        base, marks = m.group(3), _CIRC + _VNI_CIRC[m.group(4).lower()]
    else:
        base, marks = m.group(5), _VNI_TONES[m.group(6).lower()]
        if base in "ôÔöÖ":
            base = _VNI_SINGLE[base.lower()]
            base = base.upper() if m.group(5).isupper() else base
    return unicodedata.normalize("NFC", base + marks)


def from_vni(text: str) -> str:
    """Text typed in a VNI font (as Windows-1252 characters) -> Unicode (NFC).

    >>> from_vni("ÑOÄC LAÄP - Töï do - Haïnh phuùc")
    'ĐỘC LẬP - Tự do - Hạnh phúc'
    """
    return _VNI_PAIR.sub(_vni_letter, text)


_WORD = re.compile(r"[^\W\d_]+")
_ASCII_UPPER = re.compile(r"[A-Z]")
_ASCII_LOWER = re.compile(r"[a-z]")
_TWO_CAPITALS = re.compile(r"[A-Z]{2}")


def _in_capitals_font(word: str) -> bool:
    """A word only the capitals font makes: no ASCII lower-case letter, a lower-case Vietnamese letter, and
    two ASCII capitals or a capital after a lower-case letter ("HOạCH", "ủY"; not "Số", "HĐND")."""
    if _ASCII_LOWER.search(word) or word == word.upper():
        return False
    return len(_ASCII_UPPER.findall(word)) >= 2 or any(a.islower() and b.isupper() for a, b in zip(word, word[1:]))


def restore_capitals(text: str) -> str:
    """Capitals for TCVN3 text read without its fonts. A word typed in the capitals font (see
    ``_in_capitals_font``) becomes capitals, and where its line has no ASCII lower-case letter, so does the
    whole line ("Kế HOạCH"). Other words keep their case ("Số: 12/KH-UBND"), but for a unit's name that lost
    its capital (``restore_name_capitals``).

    >>> restore_capitals("Kế HOạCH\\nSố: 12/KH-UBND\\nUỷ ban nhân dân TỉNH\\nủY BAN NHÂN DÂN")
    'KẾ HOẠCH\\nSố: 12/KH-UBND\\nUỷ ban nhân dân TỈNH\\nỦY BAN NHÂN DÂN'
    >>> restore_capitals("Uỷ BAN NHÂN DÂN\\nTHÀNH PHỐ HỒ CHÍ MINH")
    'UỶ BAN NHÂN DÂN\\nTHÀNH PHỐ HỒ CHÍ MINH'
    """
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if any(c in _NO_CAPITAL for c in line):
            line = lines[i] = restore_name_capitals(line)
        if not _ASCII_UPPER.search(line):
            continue
        if not _capitals_but_missing(line) and not any(map(_in_capitals_font, _WORD.findall(line))):
            continue
        if not _ASCII_LOWER.search(line):
            lines[i] = line.upper()
        else:
            lines[i] = _WORD.sub(lambda m: m.group().upper() if _in_capitals_font(m.group()) else m.group(), line)
    return "\n".join(lines)


def _capitals_but_missing(line: str) -> bool:
    """A line typed in capitals in the base font, the letters it has no capital of left small ("Uỷ BAN NHÂN
    DÂN"): no ASCII lower-case letter, two ASCII capitals in a row, every lower-case letter one of those (a name
    typed "Lý Bá Hà" has no two capitals in a row).

    >>> _capitals_but_missing("Uỷ BAN NHÂN DÂN"), _capitals_but_missing("Lý Bá Hà")
    (True, False)
    """
    return (not _ASCII_LOWER.search(line) and bool(_TWO_CAPITALS.search(line))
            and all(c in _NO_CAPITAL for c in line if c.islower()))


# the letters the TCVN3 base fonts have no capital of: a place name's "Ảng" is typed "ảng"
_NO_CAPITAL = frozenset("àáãèéìíòóõùúýĩũạảậặẹẻẽệỉịọỏộớờởỡợụủứừửữựỳỵỷỹ")
# "thành phố", "thị trấn" …; "Huyện ủy", "Tỉnh ủy" before a name too
_LEVEL_END = frozenset({"tỉnh", "huyện", "quận", "xã", "phố", "phường", "trấn", "ủy", "uỷ"})
_NOT_NAMES = frozenset({"ở", "ủy", "uỷ"})  # "tỉnh Lạng Sơn ở …", "Huyện ủy Mường Ảng"
# words that go on a sentence after a name ("tỉnh Lạng Sơn ứng phó", "huyện X ủng hộ"); "huyện ứng Hòa" is still
# a name (a capitalized word after it)
_AFTER_NAMES = _NOT_NAMES | {"ứng", "ủng", "ảnh", "ý", "ít"}
_NAME_WORD = re.compile(r"\S+")


def _is_capitalized(word: str) -> bool:
    return word[:1].isupper()


def restore_name_capitals(line: str) -> str:
    """A unit's name read without its capital: in a TCVN3 text, "huyện Mường ảng", "huyện ứng Hòa" (the fonts
    have no "Ả", "Ứ"). A word that begins with such a letter takes its capital after a level word and its
    capitalized name words, or between a level word and a capitalized word.

    >>> restore_name_capitals("UBND huyện Mường ảng, huyện ứng Hòa; tỉnh Lạng Sơn ở biên giới; Huyện ủy Điện Biên")
    'UBND huyện Mường Ảng, huyện Ứng Hòa; tỉnh Lạng Sơn ở biên giới; Huyện ủy Điện Biên'
    >>> restore_name_capitals("xã Tân Lập ứng dụng công nghệ; huyện Điện Biên ảnh hưởng; Sở Y tế ứng phó")
    'xã Tân Lập ứng dụng công nghệ; huyện Điện Biên ảnh hưởng; Sở Y tế ứng phó'
    >>> restore_name_capitals("Ban Thường vụ Huyện ủy Mường ảng; Huyện ủy ủy quyền")
    'Ban Thường vụ Huyện ủy Mường Ảng; Huyện ủy ủy quyền'
    """
    words = list(_NAME_WORD.finditer(line))
    bare = [m.group().strip(",.;:()\"") for m in words]
    fixes = []
    for i, w in enumerate(bare):
        if not w or w[0] not in _NO_CAPITAL or w.lower() in _NOT_NAMES or i == 0:
            continue
        if w.lower() in _AFTER_NAMES and not (i + 1 < len(bare) and _is_capitalized(bare[i + 1])):
            continue
        j = i - 1
        while j >= 0 and _is_capitalized(bare[j]) and bare[j].lower() not in _LEVEL_END and words[j].group() == bare[j]:
            j -= 1
        after_name = j < i - 1 and j >= 0 and bare[j].lower() in _LEVEL_END and words[j].group() == bare[j]
        before_name = (bare[i - 1].lower() in _LEVEL_END and words[i - 1].group() == bare[i - 1]
                       and i + 1 < len(bare) and _is_capitalized(bare[i + 1]))
        if after_name or before_name:
            start = words[i].start() + words[i].group().index(w)
            fixes.append(start)
    for start in fixes:
        line = line[:start] + line[start].upper() + line[start + 1:]
    return line


def from_tcvn3(text: str, capitals: bool | None = None) -> str:
    """Text typed in a TCVN3 font (as Windows-1252 / Latin-1 characters) -> Unicode (NFC). ``capitals``: the
    text was in a capitals font (".VnTimeH"): all of it becomes capitals; None: ``restore_capitals`` guesses.

    >>> from_tcvn3("C\\u00e9ng ho\\u00b5 x\\u00b7 h\\u00e9i ch\\u00f1 ngh\\u00dca Vi\\u00d6t Nam")
    'Cộng hoà xã hội chủ nghĩa Việt Nam'
    >>> from_tcvn3("k\\u00d5 ho\\u00b9ch", capitals=True)
    'KẾ HOẠCH'
    """
    out = unicodedata.normalize("NFC", text.translate(_TCVN3_TEXT))
    if capitals:
        return out.upper()
    return out if capitals is False else restore_capitals(out)


LEGACY = ("tcvn3", "vni")
LEGACY_NAMES = {"tcvn3": "TCVN3 (.VnTime fonts)", "vni": "VNI (VNI-Times fonts)"}


def decode_legacy(data: bytes, encoding: str) -> str:
    """Decode a whole file's bytes as ``"tcvn3"`` or ``"vni"`` (see the module's docstring).

    >>> decode_legacy("Ngöôøi".encode("cp1252"), "vni")
    'Người'
    """
    if encoding == "tcvn3":
        text = data.decode("latin-1").translate(_TCVN3_BYTES)
        return restore_capitals(unicodedata.normalize("NFC", text))
    if encoding == "vni":
        return from_vni(data.decode("cp1252", errors="replace"))
    raise LookupError(encoding)


_VN3_CAPITALS = set("ĂÂÊÔƠƯĐ")
_TO_TCVN3 = {ch: 0xA0 + i for i, ch in enumerate(TCVN3_HIGH) if i and (not ch.isupper() or ch in _VN3_CAPITALS)}
_VNI_MARK = {_ACUTE: "ù", _GRAVE: "ø", _HOOK: "û", _TILDE: "õ", _DOT: "ï", "": ""}
_VNI_I = {_ACUTE: "í", _GRAVE: "ì", _HOOK: "æ", _TILDE: "ó", _DOT: "ò"}


def _to_vni(ch: str) -> str:
    base, *marks = unicodedata.normalize("NFD", ch)
    up = base.isupper()
    if not base.isascii() and ch not in "đĐ" or any(m not in (*_VNI_MARK, _CIRC, _BREVE, _HORN) for m in marks):
        return ch  # not a Vietnamese letter: Windows-1252 has it or it becomes "?"
    tone = next((m for m in marks if m in _VNI_MARK), "")
    shape = next((m for m in marks if m in (_CIRC, _BREVE, _HORN)), "")
    if ch in "đĐ":
        out = "ñ"
    elif base in "iI" and tone:
        out = _VNI_I[tone]
    elif base in "yY" and tone == _DOT:
        out = "î"
    elif shape == _CIRC:
        out = base + {v: k for k, v in _VNI_CIRC.items()}[tone]
    elif shape == _BREVE:
        out = base + {v: k for k, v in _VNI_BREVE.items()}[tone]
    elif shape == _HORN:
        out = {"o": "ô", "u": "ö"}[base.lower()] + _VNI_MARK[tone]
    else:
        out = base + _VNI_MARK[tone]
    return out.upper() if up else out


def encode_legacy(text: str, encoding: str) -> bytes:
    """Text -> the bytes a TCVN3 or VNI keyboard driver writes (for tests and generated corpora). TCVN3 has no
    capital with a tone mark: "Ủy" is written "Uỷ" as TCVN3 typists did (the old tone place, which
    ``normalize`` maps back), any other such letter as its lower-case code, as the capitals font shows it.
    A character neither encoding has becomes "?".

    >>> encode_legacy("Kế hoạch Ủy", "tcvn3")
    b'K\\xd5 ho\\xb9ch U\\xfb'
    >>> encode_legacy("Kế hoạch Ủy", "vni")
    b'Ke\\xe1 hoa\\xefch U\\xdby'
    """
    out = bytearray()
    text = unicodedata.normalize("NFC", text)
    if encoding == "tcvn3":
        text = text.replace("Ủy", "Uỷ")
    for ch in text:
        if ch.isascii():
            out.append(ord(ch))
        elif encoding == "tcvn3":
            code = _TO_TCVN3.get(ch) or _TO_TCVN3.get(ch.lower())
            out += bytes([code]) if code else ch.encode("cp1252", "replace")
        elif encoding == "vni":
            try:
                out += _to_vni(ch).encode("cp1252")
            except (UnicodeEncodeError, KeyError):
                out += b"?"
        else:
            raise LookupError(encoding)
    return bytes(out)


# characters of U+00A1..U+00FF that Vietnamese Unicode text has no use for, and TCVN3 / VNI text is full of
_FOREIGN = re.compile("[\u00a1-\u00bf\u00c4-\u00c7\u00cb\u00ce-\u00d1\u00d6-\u00d8\u00db\u00dc\u00de\u00df"
                      "\u00e4-\u00e7\u00eb\u00ee-\u00f1\u00f6-\u00f8\u00fb\u00fc\u00fe\u00ff]")
_BEYOND_LATIN1 = re.compile("[^\x00-\xff\u2000-\u206f\u20ac\u2122]")  # but punctuation Word puts anywhere
_CONVERT = {"tcvn3": from_tcvn3, "vni": from_vni}


def repair_text(text: str) -> tuple[str, str | None]:
    """Text a container gave as Unicode (Word without font names, a PDF, a web page), with the lines typed in
    a TCVN3 or VNI font converted. Such lines hold no letter beyond Latin-1 (Unicode Vietnamese nearly always
    has one: "ư", "đ", "ạ"…); the text is looked at only when characters Vietnamese has no use for ("¸",
    "ï"…) are frequent in it, and converted with the encoding under which those lines read best as Vietnamese
    (``vietnamese_score``), when that is better than as they are. Returns the text and the encoding converted
    from (None: nothing converted).

    >>> repair_text("Kế hoạch số 12\\nC\\u00b8c S\\u00eb, ban, ng\\u00b5nh c\\u00f1a t\\u00d8nh")
    ('Kế hoạch số 12\\nCác Sở, ban, ngành của tỉnh', 'tcvn3')
    >>> repair_text("Kế hoạch số 12; nhiệt độ 30°")
    ('Kế hoạch số 12; nhiệt độ 30°', None)
    """
    from kehoach.ingest.readers.text import PLAUSIBLE, vietnamese_score

    foreign = len(_FOREIGN.findall(text))
    if foreign < 3 or foreign < 0.02 * sum(1 for c in text if ord(c) > 0x7F):
        return text, None
    lines = text.split("\n")
    legacy = [i for i, ln in enumerate(lines) if not ln.isascii() and not _BEYOND_LATIN1.search(ln)]
    sample = "\n".join(lines[i] for i in legacy)
    best, best_score = None, vietnamese_score(sample) or 0.0
    for enc in LEGACY:
        got = vietnamese_score(_CONVERT[enc](sample))
        if got is not None and got >= PLAUSIBLE and got > best_score:
            best, best_score = enc, got
    if best is None:
        return text, None
    for i in legacy:
        lines[i] = _CONVERT[best](lines[i])
    return "\n".join(lines), best
