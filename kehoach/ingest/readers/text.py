"""Plain-text files in any common encoding: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM or detected),
Windows-1258 (detected, never assumed).

Detection: a BOM decides; NUL bytes in a UTF-16 pattern mean UTF-16; strict UTF-8 is tried next (almost never
valid by accident); otherwise single-byte candidates (cp1258, TCVN3, VNI, then charset-normalizer's guesses) are
scored by ``vietnamese_score`` and the first plausible one wins. Windows-1258 decodes to *decomposed* tone marks
("e" + U+0301): the text is returned as decoded (evidence offsets point into it) and ``normalize`` composes it.
A legacy font encoding (TCVN3, VNI: ``legacy``) gets a warning that says so; charset-normalizer, the slow
step, is asked only when none of those reads as Vietnamese.

>>> decode_text("Kế hoạch".encode("utf-16"))[:2]
('Kế hoạch', 'utf-16-le')
>>> text, enc, _ = decode_text("Kế hoạch số 12".encode("utf-8"))
>>> enc
'utf-8'
"""

from __future__ import annotations

import re
import unicodedata

from kehoach.ingest.readers.base import ReadError

_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_BASES = "aăâeêioôơuưy"
_VOWEL = {unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES}
_TONED = {v for v in _VOWEL if len(unicodedata.normalize("NFD", v)) > 1
          and unicodedata.normalize("NFD", v)[-1] in _TONES[1:]}
_SYLLABLE = re.compile(
    "^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    f"[{''.join(sorted(_VOWEL))}]{{1,3}}"
    "(?:ch|ng|nh|[cmnpt])?$"
)
_WORD = re.compile(r"[^\W\d_]+")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
PLAUSIBLE = 0.85  # share of non-ASCII words that must be Vietnamese syllables


def vietnamese_score(text: str) -> float | None:
    """Share of the words with non-ASCII letters that are well-formed Vietnamese syllables (None: no such word).

    >>> vietnamese_score("Ủy ban nhân dân tỉnh Trà Vinh")
    1.0
    >>> vietnamese_score(to_cp1258("Kế hoạch thông tin đối ngoại").decode("cp1252")) < PLAUSIBLE
    True
    >>> vietnamese_score("plain ASCII") is None
    True
    """
    words = [w for w in _WORD.findall(unicodedata.normalize("NFC", text).lower()) if not w.isascii()]
    if not words:
        return None
    good = sum(1 for w in words if _SYLLABLE.match(w) and sum(c in _TONED for c in w) <= 1)
    return good / len(words)


def to_cp1258(text: str) -> bytes:
    """Encode text as Windows-1258 the way Vietnamese Windows software writes it: precomposed letters where the
    code page has them, otherwise base letter + combining tone mark.

    >>> unicodedata.normalize("NFC", to_cp1258("Kế hoạch đối ngoại").decode("cp1258"))
    'Kế hoạch đối ngoại'
    """
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        tone = "".join(m for m in marks if m in _TONES[1:])
        rest = unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in _TONES[1:]))
        out += (rest + tone).encode("cp1258")
    return bytes(out)


def _utf16_order(data: bytes) -> str | None:
    """'le' / 'be' when NUL bytes fall in the UTF-16 pattern of mostly-Latin text, else None."""
    sample = data[:65536]
    half = len(sample) // 2
    if half < 2:
        return None
    even = sum(1 for b in sample[0::2] if b == 0) / half
    odd = sum(1 for b in sample[1::2] if b == 0) / half
    if odd > 0.2 and even < 0.02:
        return "le"
    if even > 0.2 and odd < 0.02:
        return "be"
    return None


def _check_text(text: str) -> None:
    if len(_CONTROL.findall(text[:200000])) > max(2, len(text[:200000]) // 200):
        raise ReadError("binary data, not a text document")


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str, list[str]]:
    """Decode a text file's bytes; return (text, encoding, warnings) or raise ``ReadError``.

    ``declared`` is an encoding the container names (an HTML meta charset), tried after BOMs and UTF-16.
    """
    warnings: list[str] = []
    for bom, enc in ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
                     (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(enc)
            except UnicodeDecodeError as err:
                raise ReadError(f"undecodable text: the {enc.upper()} byte-order mark is followed by invalid "
                                f"{enc.upper()} at byte {err.start + len(bom)}") from None
            _check_text(text)
            return text, enc, warnings
    if b"\x00" in data:
        order = _utf16_order(data)
        if order is None:
            raise ReadError("binary data, not a text document")
        try:
            text = data.decode(f"utf-16-{order}")
        except UnicodeDecodeError:
            raise ReadError("binary data, not a text document") from None
        _check_text(text)
        return text, f"utf-16-{order}", warnings
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _check_text(text)
        return text, "utf-8", warnings
    if declared:
        try:
            text = data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            warnings.append(f"the declared charset {declared!r} does not decode the file; detected instead")
        else:
            _check_text(text)
            return text, declared.lower(), warnings
    return _single_byte(data, warnings)


def _detected(data: bytes) -> list[str]:
    """The encodings charset-normalizer guesses for ``data`` (best first; a hint only)."""
    try:
        from charset_normalizer import from_bytes

        return [m.encoding for m in from_bytes(data[:200000], steps=5, threshold=0.5)]
    except Exception:  # detection is only a hint
        return []


def _single_byte(data: bytes, warnings: list[str]) -> tuple[str, str, list[str]]:
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    if bad <= max(2, len(data) // 2000) and sum(1 for c in lenient if ord(c) > 0x7F) > 10 * bad:
        _check_text(lenient)
        warnings.append(f"{bad} invalid UTF-8 byte sequence(s) replaced with U+FFFD")
        return lenient, "utf-8", warnings
    from kehoach.ingest.readers.legacy import LEGACY, LEGACY_NAMES, decode_legacy

    tried: list[str] = []
    # Windows-1258, then the legacy font encodings (exact tables, cheap), then what charset-normalizer guesses
    # (its detection is the slow step: asked only when none of ours reads as Vietnamese)
    for enc in ("cp1258", *LEGACY, None):
        candidates = [enc] if enc else _detected(data)
        for name in candidates:
            if name in tried:
                continue
            try:
                text = decode_legacy(data, name) if name in LEGACY else data.decode(name)
            except (UnicodeDecodeError, LookupError):
                continue
            tried.append(name)
            score = vietnamese_score(text)
            if score is not None and score >= PLAUSIBLE:
                _check_text(text)
                if name in LEGACY:
                    warnings.append(f"decoded from the legacy {LEGACY_NAMES[name]} encoding")
                elif name != "cp1258":
                    warnings.append(f"decoded as {name} (detected)")
                return text, name, warnings
    _check_text(data.decode("latin-1"))
    raise ReadError("undecodable text: not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI Vietnamese "
                    f"(tried {', '.join(tried)}: no Vietnamese words)")
