"""Spaces a copy lost or gained inside a document's words, judged by the document's own words (and the space
lost after a comma between two words).

A web page's copy of a plan may lose the space where two inline elements met ("PHÁPLUẬT", "Quyết địnhnày",
"củaGiám", "chứcHĐND") or, from an OCR, gain one inside a syllable ("c ủa", "Chính ph ủ"). A Vietnamese
syllable has one run of vowels, so a word with two ("PHÁPLUẬT": Á, UẬ) is two syllables or a foreign word,
and a word with none ("c", "ph") is a fragment or an abbreviation. A glued word is split only in one way, into
parts each with a syllable's onset and coda that bear a tone or a vowel's mark ("PHÊ|DUYỆT") or are printed
elsewhere in the document as words of their own or are words of the gazetteers ("BAN|HÀNH", not "BA|NHÀNH");
a fragment is joined to the next word only where the whole is printed elsewhere.
Foreign words ("Facebook", "Internet"; a run of ASCII letters alone is not tried) and abbreviations ("UBND",
"TTg") stay.

>>> t = "Phổ biến pháp luật. KẾ HOẠCH PHỔ BIẾN PHÁPLUẬT c ủa tỉnh,của Facebook"
>>> apply_edits(t, find_respacing(t))
'Phổ biến pháp luật. KẾ HOẠCH PHỔ BIẾN PHÁP LUẬT của tỉnh, của Facebook'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from kehoach.ingest.chars import LOWER, UPPER
from kehoach.ontology import ONTOLOGY_DIR

__all__ = ["apply_edits", "find_respacing"]

Edit = tuple[int, int, str]  # replace text[start:end] with the string


@lru_cache(maxsize=1)
def _letters() -> tuple[str, str]:
    """(vowels, consonants): every letter of both cases whose base is a vowel, and the other letters."""
    letters = LOWER + UPPER
    vowels = "".join(c for c in letters if unicodedata.normalize("NFD", c)[0].lower() in "aeiouy")
    return vowels, "".join(c for c in letters if c not in vowels)


_VOWELS, _CONSONANTS = _letters()
_VOWEL_SET = frozenset(_VOWELS)
_WORD = re.compile(r"[^\W\d_]+")
# a vowel, consonants, a vowel in one word ("PHÁPLUẬT"; scanned for only where ``_shapes`` finds one: 0.05 ms for a
# plan); a capital after a small letter ("vàUBND", "chứcHĐND"; always: 0.03 ms)
_VCV = re.compile(rf"[{_VOWELS}][{_CONSONANTS}]+[{_VOWELS}]")
_CAPITAL_AFTER_SMALL = re.compile(rf"[{UPPER}](?<=[{LOWER}].)")
_CAPITALS_THEN_SMALL = re.compile(rf"[{UPPER}]{{2}}[a-z][{LOWER}]")  # "70-TB/TWngày", "HĐNDtỉnh"
_LOWER_CONSONANTS = "".join(c for c in _CONSONANTS if c in LOWER)
_LOWER_VOWELS = "".join(c for c in _VOWELS if c in LOWER)
# a fragment of consonants alone, a space, the rest of its syllable: "c ủa", "ph ủ", "C ỦA"
_SPLIT = re.compile(rf" (?:([{_LOWER_CONSONANTS}]{{1,3}}) ([{_LOWER_VOWELS}][{LOWER}]*)"
                    rf"|([{_CONSONANTS.upper()}]{{1,2}}) ([{_VOWELS.upper()}][{UPPER}]*))\b")
# a comma between two letters: "PHÒNG,CHỐNG" (numbers keep theirs: "1,5")
_COMMA = re.compile(r",(?=[^\W\d_])")  # the letter before it is tested apart (a pattern opening with it is slow)
_URL_BEFORE, _URL_AFTER = ".@_:", ".@_"  # a run beside these is part of an address ("hatinh.gov.vn", "a@b")
GAZETTEERS = ONTOLOGY_DIR / "gazetteers"
_MAX_WORD = 40


def _vowel_runs(word: str) -> int:
    runs, inside = 0, False
    for c in word:
        v = c in _VOWEL_SET
        runs += v and not inside
        inside = v
    return runs


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Every word (case-folded) of the gazetteers: agencies, places, layout and type words, officials.

    >>> {"chức", "hđnd", "giang"} <= common_words(), "facebook" in common_words()
    (True, False)
    """
    return frozenset(w.casefold() for p in sorted(GAZETTEERS.iterdir()) if p.is_file()
                     for w in _WORD.findall(p.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """The gazetteers' words in capitals ("UBND", "HĐND", "TTĐN").

    >>> {"UBND", "HĐND"} <= abbreviations(), "Facebook" in abbreviations()
    (True, False)
    """
    return frozenset(w for p in sorted(GAZETTEERS.iterdir()) if p.is_file()
                     for w in _WORD.findall(p.read_text(encoding="utf-8")) if len(w) > 1 and w.isupper())


def _is_part(word: str, seen: set[str], marked: bool) -> bool:
    """Whether ``word`` can be one part of a glued word: of one syllable of two letters or more (or an
    abbreviation in capitals), cased as a word is, and a word of the document (``seen``, case-folded) or of the
    gazetteers; with ``marked``, a syllable bearing a tone or a vowel's mark ("DUYỆT") need not be one."""
    if len(word) < 2:
        return False
    if not (marked and not word.isascii()) and word.casefold() not in seen and word.casefold() not in common_words():
        return False
    if not (word.islower() or word.isupper() or word[:1].isupper() and word[1:].islower()):
        return False
    runs = _vowel_runs(word)
    if runs == 0 or word in abbreviations():
        return word.isupper()
    return runs == 1 and _syllable_shape(word)


_ONSETS = frozenset("b c ch d đ g gh h k kh l m n ng ngh nh p ph q r s t th tr v x".split()) | {""}
_CODAS = frozenset("c ch m n ng nh p t".split()) | {""}
_GLIDES = frozenset("iyou")


def _syllable_shape(word: str) -> bool:
    """Whether the consonants around ``word``'s one run of vowels are a Vietnamese onset and coda ("AS" is not),
    and a rhyme ending in a glide takes no coda ("THÁIN" is no syllable; "qu", "gi" open the syllable).

    >>> _syllable_shape("Nguyễn"), _syllable_shape("quốc"), _syllable_shape("AS"), _syllable_shape("book")
    (True, True, False, False)
    >>> _syllable_shape("THÁIN"), _syllable_shape("quýt"), _syllable_shape("giữa"), _syllable_shape("nguyên")
    (False, True, True, True)
    """
    low = word.lower()
    i = next(k for k, c in enumerate(low) if c in _VOWEL_SET)
    if low[i - 1:i + 1] in ("qu", "gi") and i + 1 < len(low) and low[i + 1] in _VOWEL_SET:
        i += 1  # the "u" of "qu", the "i" of "gi" belong to the onset
    j = len(low)
    while low[j - 1] not in _VOWEL_SET:
        j -= 1
    if low[:i] not in _ONSETS and low[:i] not in ("qu", "gi") or low[j:] not in _CODAS:
        return False
    last = unicodedata.normalize("NFD", low[j - 1])[0]
    return not (low[j:] and j - i > 1 and last in _GLIDES)


def _segment(word: str, seen: set[str], marked: bool) -> list[str] | None:
    """The fewest parts ``word`` splits into (see ``_is_part``), when that split is the only one."""
    n = len(word)
    # best[i]: (fewest parts for word[:i], how many splits reach it, the last cut)
    best: list[tuple[int, int, int] | None] = [None] * (n + 1)
    best[0] = (0, 1, 0)
    for j in range(1, n + 1):
        for i in range(j):
            if best[i] is None or not _is_part(word[i:j], seen, marked):
                continue
            parts, ways, _ = best[i]
            cur = best[j]
            if cur is None or parts + 1 < cur[0]:
                best[j] = (parts + 1, ways, i)
            elif parts + 1 == cur[0]:
                best[j] = (cur[0], cur[1] + ways, cur[2])
    if best[n] is None or best[n][0] < 2 or best[n][1] != 1:
        return None
    out, j = [], n
    while j:
        i = best[j][2]
        out.append(word[i:j])
        j = i
    # two short parts are more likely one loanword ("panô") than two syllables glued
    return out[::-1] if max(map(len, out)) > 2 else None


def _split_glued(word: str, seen: set[str]) -> list[str] | None:
    """The parts of a glued ``word``: into words the document prints (or the gazetteers hold), else into
    syllables that bear a tone or a vowel's mark; None unless one split only is found.

    >>> _split_glued("PHÁPLUẬT", {"pháp", "luật"}), _split_glued("Facebook", {"book"})
    (['PHÁP', 'LUẬT'], None)
    >>> _split_glued("PHÊDUYỆT", set()), _split_glued("BANHÀNH", {"ban", "ba"}), _split_glued("video", {"vi"})
    (['PHÊ', 'DUYỆT'], ['BAN', 'HÀNH'], None)
    """
    return _segment(word, seen, marked=False) or _segment(word, seen, marked=True)


def _runs(text: str, vowels_apart: bool) -> dict[str, list[tuple[int, int]]]:
    """Every letter run holding a glued shape (a capital after a small letter; with ``vowels_apart``, vowels
    apart too), with where it is printed (not beside a URL's punctuation)."""
    out: dict[str, list[tuple[int, int]]] = {}
    last = -1
    scans = (_VCV, _CAPITALS_THEN_SMALL, _CAPITAL_AFTER_SMALL) if vowels_apart else (_CAPITAL_AFTER_SMALL,)
    for g in (m for scan in scans for m in scan.finditer(text)):
        s, e = g.start(), g.end()
        while s and text[s - 1].isalpha():
            s -= 1
        while e < len(text) and text[e].isalpha():
            e += 1
        if s == last or e - s > _MAX_WORD or (s and text[s - 1] in _URL_BEFORE) or (
                e < len(text) and text[e] in _URL_AFTER):
            continue
        last = s
        spans = out.setdefault(text[s:e], [])
        if (s, e) not in spans:
            spans.append((s, e))
    return out


def _flags(members: bytes) -> bytes:
    """A ``bytes.translate`` table giving 1 for the bytes of ``members``, 0 for the others."""
    table = bytearray(256)
    for b in members:
        table[b] = 1
    return bytes(table)


_ASCII_VOWELS = b"aeiouyAEIOUY"
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
# a byte of a vowel: an ASCII vowel or any byte of a character beyond ASCII (almost all are toned vowels; "đ"
# counts as one, so a glued word whose only consonant between its vowels is "đ" is not seen by this test)
_VOWEL_BYTE = _flags(_ASCII_VOWELS + bytes(range(128, 256)))
_CONSONANT_BYTE = _flags(bytes(b for b in _ASCII_LETTERS if b not in _ASCII_VOWELS))
_SMALL_BYTE = _flags(bytes(range(97, 123)))
_CAPITAL_BYTE = _flags(bytes(range(65, 91)))
_SPACE_BYTE = _flags(b" ")


def _bits(raw: bytes, table: bytes) -> int:
    """One bit (8 × i) for every byte i of ``raw`` in the class of ``table``."""
    return int.from_bytes(raw.translate(table), "little")


def _shapes(text: str) -> tuple[bool, bool]:
    """Whether ``text`` may hold two syllables glued with a consonant between their vowels or an abbreviation
    glued to a word (outside words of ASCII letters alone: "video") and a split syllable, told by bit operations on its UTF-8 bytes (about 0.08 ms
    for a plan, where the two pattern scans it spares cost 0.08 and ran for every plan printing "video"). A
    capital glued after a small letter ("vàUBND": the small letter's case is not in its last byte) is left to
    a pattern scan.

    >>> _shapes("Kế hoạch thông tin đối ngoại; video"), _shapes("PHÁPLUẬT"), _shapes("vàUBND")
    ((False, False), (True, False), (False, False))
    >>> _shapes("Chỉ thị c ủa"), _shapes("CHỈ THỊ C ỦA"), _shapes("các PCT UBND")
    ((False, True), (False, True), (False, False))
    """
    raw = text.encode("utf-8", "surrogatepass")
    vowel, consonant, small = _bits(raw, _VOWEL_BYTE), _bits(raw, _CONSONANT_BYTE), _bits(raw, _SMALL_BYTE)
    capital = _bits(raw, _CAPITAL_BYTE)
    glued, between = 0, vowel & (consonant >> 8)  # a vowel, then k consonants, then a vowel
    for k in range(1, 6):
        glued |= between & (vowel >> 8 * (k + 1))
        between &= consonant >> 8 * (k + 1)
        if not between:
            break
    # two capitals, then two small letters ("TWngày": the first in ASCII, the second may be beyond it)
    glued |= capital & (capital >> 8) & (small >> 16) & ((small | vowel) >> 24)
    # a space, k small consonants (or one or two capitals before a vowel beyond ASCII: "C ỦA"), a space, a vowel
    space, split = _bits(raw, _SPACE_BYTE), 0
    for letters, wide, most in ((small & consonant, vowel, 3), (capital & consonant, vowel & ~(small | capital), 2)):
        between = space & (letters >> 8)
        for k in range(1, most + 1):
            split |= between & (space >> 8 * (k + 1)) & (wide >> 8 * (k + 2))
            between &= letters >> 8 * (k + 1)
    while glued:  # a hit inside a word of ASCII letters alone ("video") needs no more
        i = ((glued & -glued).bit_length() - 1) // 8
        start = max(raw.rfind(b" ", 0, i), raw.rfind(b"\n", 0, i)) + 1
        end = min(x for x in (raw.find(b" ", i), raw.find(b"\n", i), len(raw)) if x >= 0)
        if not raw[start:end].isascii():
            return True, bool(split)
        glued &= ~(((1 << 8 * (end - start)) - 1) << 8 * start)
    return False, bool(split)


def _word_edits(text: str) -> list[Edit]:
    """The edits that split glued words and join split syllables."""
    may_glue, may_split = _shapes(text)
    runs = _runs(text, may_glue)
    fragments = [m for m in _SPLIT.finditer(text) if m.group(3) not in abbreviations()] if may_split else []
    if not runs and not fragments:
        return []
    edits: list[Edit] = []
    candidates = [run for run in runs if not run.isascii()]  # "video", "COVID": no Vietnamese syllable
    seen = set(_WORD.findall(text.casefold())) if candidates or fragments else set()
    for run in candidates:
        parts = _split_glued(run, seen)
        if parts:
            edits.extend((s, e, " ".join(parts)) for s, e in runs[run])
    for m in fragments:
        first, rest = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        joined = first + rest
        if (joined.casefold() in seen and _vowel_runs(joined) == 1
                and (joined.islower() or joined.isupper() or joined[1:].islower())):
            edits.append((m.start() + 1, m.end(), joined))
    return edits


# a copy that lost or gained spaces did so throughout: a text whose opening (header, title, grounds) has none is
# not looked at further (the tests cost about 0.04 ms per 1,000 characters)
_PROBE = 2000


def find_respacing(text: str) -> list[Edit]:
    """The edits that split glued words, join split syllables and space a comma between words, in text order
    (none for a clean text).

    >>> find_respacing("các ngành; CÁCNGÀNH")
    [(11, 19, 'CÁC NGÀNH')]
    """
    edits: list[Edit] = [(m.start(), m.end(), ", ") for m in _COMMA.finditer(text)
                         if m.start() and text[m.start() - 1].isalpha()]
    clean_opening = len(text) > _PROBE and not _word_edits(text[:_PROBE])
    edits += [] if clean_opening else _word_edits(text)
    out: list[Edit] = []
    for edit in sorted(edits):
        if not out or edit[0] >= out[-1][1]:
            out.append(edit)
    return out


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with ``edits`` (in text order, not overlapping) applied.

    >>> apply_edits("ab cd", [(0, 2, "x"), (3, 5, "yz")])
    'x yz'
    """
    out, last = [], 0
    for s, e, new in edits:
        out.append(text[last:s])
        out.append(new)
        last = e
    out.append(text[last:])
    return "".join(out)
