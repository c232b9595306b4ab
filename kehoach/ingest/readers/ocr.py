"""Scanned PDF pages -> word boxes, by OCR with Tesseract (its Vietnamese data), for ``pdf.reflow``.

A page without a text layer but with an image on it (a scan, a photographed or faxed plan) is rendered with
PDFium as a grey image at ``DPI`` and read by the ``tesseract`` program (Debian's ``tesseract-ocr`` and
``tesseract-ocr-vie``; no model is fetched at run time). Tesseract's words come back with their pixel boxes (hOCR);
a page scanned askew is turned level, each word takes its line's top and bottom (as PDFium's loose character
boxes do for a text layer), in points, so the same reflow rebuilds the paragraphs as for a PDF with a text layer.
A page fed upside down or sideways is turned as Tesseract's orientation detection ("osd") says and read again;
each word keeps Tesseract's confidence (``conf``), which the PDF reader reports.

>>> clean_word("TTĐÐN"), page_dpi(595, 842)  # a slip of Tesseract's mended; an A4 page read at 300 dpi
('TTĐN', 300)
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess

from kehoach.ingest.readers.base import ReadError

DPI = 300  # Tesseract reads body text best at 300 dpi; 200 loses the tone marks of 11 pt text more often
LANGUAGE = "vie"
PAGE_TIMEOUT_S = 300
MAX_PIXELS = 36_000_000  # an A3 page at 300 dpi is 17 million; the median filter holds nine copies of a page
INSTALL_HINT = "apt-get install tesseract-ocr tesseract-ocr-vie"


@functools.cache
def ocr_languages() -> frozenset[str]:
    """The languages the installed ``tesseract`` reads, as ``tesseract --list-langs`` names them ("eng", "osd",
    "vie"); empty when it is not installed or does not answer. Asked once per process."""
    exe = shutil.which("tesseract")
    if not exe:
        return frozenset()
    try:
        done = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    return frozenset(ln.strip() for ln in lines[1:] if ln.strip())  # (the first line names the folder)


def ocr_available() -> bool:
    """Whether scans can be read: ``tesseract`` is installed with its Vietnamese data (``LANGUAGE``)."""
    return LANGUAGE in ocr_languages()


FEW_WORDS = 40  # a scan signed digitally carries a few words of text (the signer, the time) over its image
NOT_READ = "scanned (no text layer), not read"


def is_scan(page, words: list[dict]) -> bool:
    """Whether a pypdfium2 page is a scan to read by OCR: no text layer but an image, or a few words of text
    (a digital signature's stamp) over an image that covers half the page or more."""
    import pypdfium2.raw as raw

    if len(words) >= FEW_WORDS:
        return False
    page_area = page.get_width() * page.get_height()
    for obj in page.get_objects(max_depth=4):
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            left, bottom, right, top = (obj.get_bounds if hasattr(obj, "get_bounds") else obj.get_pos)()  # (v5, v4)
            if not words or (right - left) * (top - bottom) >= 0.5 * page_area:
                return True
    return False


# Paeth's network of 19 exchanges that leaves the median of nine values in the middle one
_MEDIAN9 = ((1, 2), (4, 5), (7, 8), (0, 1), (3, 4), (6, 7), (1, 2), (4, 5), (7, 8), (0, 3), (5, 8), (4, 7),
            (3, 6), (1, 4), (2, 5), (4, 7), (4, 2), (6, 4), (4, 2))


def despeckle(pixels):
    """A grey image (a 2-D numpy array) through a 3×3 median filter: the specks of dust and toner a scanner
    leaves, which Tesseract reads as stray dashes, colons and commas ("=3:" for "3."), are gone; strokes two
    pixels wide or more stay.

    >>> import numpy as np
    >>> page = np.full((6, 6), 255, np.uint8); page[1, 1] = 0; page[3:6, 3] = page[3:6, 4] = 0
    >>> int(despeckle(page)[1, 1]), int(despeckle(page)[4, 3])
    (255, 0)
    """
    import numpy as np

    height, width = pixels.shape
    padded = np.pad(pixels, 1, mode="edge")
    p = [padded[dy:dy + height, dx:dx + width] for dy in range(3) for dx in range(3)]
    for a, b in _MEDIAN9:
        p[a], p[b] = np.minimum(p[a], p[b]), np.maximum(p[a], p[b])
    return p[4]


def page_pixels(page, dpi: int = DPI):
    """A pypdfium2 page rendered as a grey image (a 2-D numpy array), despeckled."""
    import numpy as np

    bitmap = page.render(scale=dpi / 72, grayscale=True)
    try:
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        pixels = np.frombuffer(bytes(bitmap.buffer), np.uint8).reshape(height, stride)[:, :width]
    finally:
        bitmap.close()
    return despeckle(pixels)


def pgm(pixels) -> bytes:
    """A grey image as the bytes of a binary PGM file (Tesseract reads it on stdin).

    >>> import numpy as np
    >>> pgm(np.zeros((2, 3), np.uint8))
    b'P5 3 2 255\\n\\x00\\x00\\x00\\x00\\x00\\x00'
    """
    height, width = pixels.shape
    return b"P5 %d %d 255\n" % (width, height) + pixels.tobytes()


def page_image(page, dpi: int = DPI) -> bytes:
    """A pypdfium2 page rendered as a grey image, despeckled, as the bytes of a binary PGM file."""
    return pgm(page_pixels(page, dpi))


# Tesseract's Vietnamese model sometimes reads the crossed D as the Icelandic eth ("QÐ"), or doubles it with one
# ("TTĐÐN"), and the I of a Roman numeral heading as l, | or 1 ("lII.")
_DOUBLED_D = re.compile("([ĐđÐð])[Ðð]")
_ROMAN = re.compile(r"([IVXl|1]*[IVX][IVXl|1]*)([.;,:)]?)")


def clean_word(text: str) -> str:
    """A word as Tesseract read it, without its known Vietnamese confusions.

    >>> clean_word("TTĐÐN"), clean_word("QÐ/TU"), clean_word("lII."), clean_word("llI;"), clean_word("1."), clean_word("Il")
    ('TTĐN', 'QĐ/TU', 'III.', 'III;', '1.', 'II')
    """
    if "Ð" in text or "ð" in text:  # (the page printed "Đ": the eth is Tesseract's label, not the print)
        text = _DOUBLED_D.sub(r"\1", text).replace("Ð", "Đ").replace("ð", "đ")
    roman = _ROMAN.fullmatch(text)
    if roman:
        text = roman[1].replace("l", "I").replace("|", "I").replace("1", "I") + roman[2]
    return text


_DASHES = frozenset("-_~=—–")
_NUMBER_COMMA = re.compile(r"\d{1,2}(?:\.\d{1,2})*,")


def _punctuation(text: str, box, confidence: float, size: float, first: bool) -> str:
    """A word of punctuation only as the scan shows it: "" for a speck of dirt (a box under an eighth of the
    line's letter height either way, or read with a confidence under 30), "-" for a smudged dash that starts a
    line (an item mark: "_~", "-_-"); any other word unchanged.

    >>> _punctuation(":", (0, 0, 2, 2), 90.0, 48, first=False), _punctuation("_~", (0, 0, 34, 31), 66.0, 48, first=True)
    ('', '-')
    >>> _punctuation("-", (0, 0, 12, 4), 92.0, 48, first=True), _punctuation("Sở", (0, 0, 2, 2), 10.0, 48, first=False)
    ('-', 'Sở')
    """
    if not text or any(c.isalnum() for c in text) or len(box) != 4:
        return text
    if (box[2] - box[0] < size / 8 and box[3] - box[1] < size / 8) or confidence < 30:
        return ""
    if first and set(text) <= _DASHES:
        return "-"
    return text


_TITLE_FIELD = re.compile(r"(\w+) ([^;]*)")
_LINE_CLASSES = frozenset({"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"})


def _title(element) -> dict[str, list[float]]:
    """The properties of an hOCR element's title ("bbox 1 2 3 4; x_wconf 96") as numbers."""
    out: dict[str, list[float]] = {}
    for name, values in _TITLE_FIELD.findall(element.get("title", "")):
        try:
            out[name] = [float(v) for v in values.split()]
        except ValueError:
            continue
    return out


def hocr_words(hocr: bytes, dpi: int = DPI) -> list[dict]:
    """Word boxes (``text``, ``x0``, ``x1``, ``top``, ``bottom``, in points; ``conf``, Tesseract's confidence in
    the word, 0-100) from Tesseract's hOCR, straightened:
    a page scanned askew has its lines' slope (the median of Tesseract's baselines) turned back, so that lines
    lie level and the margins stand upright, and every word of a line takes that line's top and bottom.

    >>> page = ("<html><body><div class='ocr_page'><span class='ocr_line' title='bbox 300 600 800 650; "
    ...         "baseline 0 -10; x_size 40; x_descenders 10; x_ascenders 10'>"
    ...         "<span class='ocrx_word' title='bbox 300 610 400 650; x_wconf 96'>KẾ</span> "
    ...         "<span class='ocrx_word' title='bbox 420 605 800 650; x_wconf 95'>HOẠCH</span>"
    ...         "</span></div></body></html>").encode()
    >>> [(w["text"], w["x0"], w["top"], w["bottom"]) for w in hocr_words(page, dpi=300)]
    [('KẾ', 72.0, 144.0, 156.0), ('HOẠCH', 100.8, 144.0, 156.0)]
    """
    from lxml import etree

    root = etree.fromstring(hocr, etree.XMLParser(recover=True, resolve_entities=False, no_network=True))
    if root is None:
        return []
    lines = []
    for element in root.iter():
        if not isinstance(element.tag, str) or element.get("class") not in _LINE_CLASSES:
            continue
        props = _title(element)
        if len(props.get("bbox", ())) != 4:
            continue
        size = props.get("x_size", [props["bbox"][3] - props["bbox"][1]])[0]
        words = []
        for span in element.iter():
            if isinstance(span.tag, str) and span.get("class") == "ocrx_word":
                word = _title(span)
                box = word.get("bbox", ())
                confidence = word.get("x_wconf", [100.0])[0]
                text = _punctuation(clean_word("".join(span.itertext()).strip()), box, confidence, size, first=not words)
                if len(box) == 4 and text:
                    words.append((text, box, confidence))
        if len(words) > 1 and _NUMBER_COMMA.fullmatch(words[0][0]) and words[1][0][:1].isupper():
            words[0] = (words[0][0][:-1] + ".", *words[0][1:])  # "5, Đài Truyền thanh huyện": an item's "5."
        if words:
            lines.append((props, words))
    slopes = sorted(props["baseline"][0] for props, _ in lines
                    if len(props.get("baseline", ())) == 2 and props["bbox"][2] - props["bbox"][0] > 300)
    slope = slopes[len(slopes) // 2] if slopes else 0.0
    scale = 72 / dpi
    out: list[dict] = []
    for props, words in lines:
        x0, _, _, y1 = props["bbox"]
        p0 = props["baseline"][1] if len(props.get("baseline", ())) == 2 else 0.0
        baseline = y1 + p0 - slope * x0  # the line's baseline at its left end, turned level
        size = props.get("x_size", [y1 - props["bbox"][1]])[0]
        descent = props.get("x_descenders", [0.0])[0]
        top, bottom = (baseline - size) * scale, (baseline + descent) * scale
        for text, (wx0, _, wx1, _), confidence in words:
            shift = slope * (baseline + slope * wx0)  # x turns by the slope times the height on the page
            out.append({"text": text, "x0": (wx0 + shift) * scale, "x1": (wx1 + shift) * scale,
                        "top": top, "bottom": bottom, "conf": confidence})
    return out


LOW_CONFIDENCE = 75  # a page read with a lower mean word confidence is named in a warning


def confidence(words: list[dict]) -> float:
    """The mean confidence of OCR'd words (100 for none).

    >>> confidence([{"conf": 90.0}, {"conf": 70.0}, {"text": "a text layer's word"}])
    80.0
    """
    scores = [w["conf"] for w in words if "conf" in w]
    return sum(scores) / len(scores) if scores else 100.0


def page_dpi(width_pt: float, height_pt: float, dpi: int = DPI) -> int:
    """The resolution to render a page at: ``dpi``, less for a page so large (a map, a poster) that it would
    pass ``MAX_PIXELS``.

    >>> page_dpi(595, 842), page_dpi(2384, 3370)  # A4, A0
    (300, 152)
    """
    pixels = width_pt * height_pt * (dpi / 72) ** 2
    return dpi if pixels <= MAX_PIXELS else max(72, int(dpi * (MAX_PIXELS / pixels) ** 0.5))


def _tesseract(exe: str, image: bytes, args: list[str]) -> bytes:
    """What ``tesseract`` prints reading ``image`` (PGM bytes) with ``args``; ``ReadError`` when it fails."""
    env = dict(os.environ, OMP_THREAD_LIMIT="1")  # one thread: the build already runs a worker per core
    try:
        done = subprocess.run([exe, "stdin", "stdout", *args], input=image, capture_output=True,
                              timeout=PAGE_TIMEOUT_S, env=env, check=False)
    except subprocess.TimeoutExpired:
        raise ReadError(f"OCR of a page took over {PAGE_TIMEOUT_S} s") from None
    except OSError as err:
        raise ReadError(f"OCR could not run ({err})") from None
    if done.returncode:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise ReadError(f"OCR failed ({message[0]})")
    return done.stdout


_ROTATE = re.compile(rb"Rotate: (\d+)")


def _turn(exe: str, image: bytes) -> int:
    """How many degrees clockwise Tesseract's orientation detection (its "osd" data) would turn the page to
    read it: 0, 90, 180 or 270 (0 when it cannot tell)."""
    if "osd" not in ocr_languages():
        return 0
    try:
        found = _ROTATE.search(_tesseract(exe, image, ["--psm", "0", "-l", "osd"]))
    except ReadError:  # (too little text to tell)
        return 0
    return int(found.group(1)) % 360 if found else 0


_LINE_BOX = re.compile(rb"class=.ocr_(?:line|header|caption|textfloat). [^>]*?bbox (\d+) (\d+) (\d+) (\d+)")


def _sideways(hocr: bytes) -> bool:
    """Whether most of the lines Tesseract found stand upright (taller than wide): a page fed sideways, which
    it reads line by line, well, but whose words then lie across the page.

    >>> line = lambda box: b"<span class='ocr_line' id='l' title='bbox %d %d %d %d; x_size 40'>" % box
    >>> _sideways(line((300, 200, 2100, 250)) + line((300, 260, 2000, 310))), _sideways(line((200, 300, 250, 2100)))
    (False, True)
    """
    boxes = [tuple(map(int, m.groups())) for m in _LINE_BOX.finditer(hocr)]
    upright = sum(1 for x0, y0, x1, y1 in boxes if y1 - y0 > x1 - x0)
    return bool(boxes) and upright > len(boxes) / 2


def ocr_words(page, dpi: int = DPI) -> list[dict]:
    """The words of a scanned pypdfium2 page, read by Tesseract (``ReadError`` when Tesseract fails). A page
    read with a low confidence (a sheet fed upside down) or whose lines stand upright (fed sideways) is turned as
    Tesseract's orientation detection says and read again; the better reading is kept."""
    import numpy as np

    exe = shutil.which("tesseract")
    if not exe or not ocr_available():
        raise ReadError(f"OCR needs Tesseract with its Vietnamese data ({INSTALL_HINT})")
    dpi = page_dpi(page.get_width(), page.get_height(), dpi)
    pixels = page_pixels(page, dpi)
    args = ["-l", LANGUAGE, "--dpi", str(dpi), "hocr"]
    hocr = _tesseract(exe, pgm(pixels), args)
    words = hocr_words(hocr, dpi)
    if confidence(words) < LOW_CONFIDENCE or _sideways(hocr):
        turn = _turn(exe, pgm(pixels))
        if turn:
            turned = np.ascontiguousarray(np.rot90(pixels, k=-turn // 90))  # (rot90 turns anticlockwise)
            again = _tesseract(exe, pgm(turned), args)
            if _sideways(hocr) and not _sideways(again) or confidence(hocr_words(again, dpi)) > confidence(words):
                return hocr_words(again, dpi)
    return words
