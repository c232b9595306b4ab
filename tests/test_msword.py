"""Word 97-2003 .doc files: what the piece-table reader must do beyond test_office_formats.py (a fixture and
every seed give the record of their text): TCVN3 found without font names, fonts by paragraph styles, 8-bit and
UTF-16 pieces, Word's control characters, and files it cannot read.

The fixtures (tests/fixtures/*.doc) are our own examples/ saved by LibreOffice as "MS Word 97"; one is typed in
TCVN3 fonts and stored in an 8-bit piece, as Word stores such text (``make_doc_fixtures.py`` rebuilds them).
"""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest
from office import EXAMPLES, FIXTURES, comparable, words

from kehoach.ingest.normalize import normalize
from kehoach.ingest.pipeline import extract_file
from kehoach.ingest.readers import ReadError, read_document
from kehoach.ingest.readers.msword import _piece_text, paragraphs_of


def test_a_tcvn3_doc_without_its_font_names_is_detected():
    src = read_document(FIXTURES / "gio-linh-2024.tcvn3-no-fonts.doc")
    text = (EXAMPLES / "gio-linh-2024.txt").read_text(encoding="utf-8")
    # without the fonts, a capital with a tone mark inside a lower-case line is not known
    assert [w.lower() for w in words(src.text)] == [w.lower() for w in words(text)]
    assert src.warnings == ["text in the legacy TCVN3 (.VnTime fonts) encoding converted to Unicode (detected)"]
    got = extract_file(FIXTURES / "gio-linh-2024.tcvn3-no-fonts.doc").to_dict()
    want = extract_file(EXAMPLES / "gio-linh-2024.txt").to_dict()
    assert got["plan"]["number"] == want["plan"]["number"] == "12/KH-UBND"
    assert [t["leads"] for t in got["tasks"]] == [t["leads"] for t in want["tasks"]] and want["tasks"]
    assert comparable(got["derives_from"]) == comparable(want["derives_from"]) and want["derives_from"]


def test_fonts_given_by_paragraph_styles_are_followed():
    # Normal in ".VnTime"; lines in capitals in a heading style in ".VnTimeH", typed in lower-case codes
    src = read_document(FIXTURES / "gio-linh-2024.styles.doc")
    lines = [ln.strip() for ln in (EXAMPLES / "gio-linh-2024.txt").read_text(encoding="utf-8").splitlines()
             if ln.strip()][:12]
    assert [ln for ln in normalize(src.text).text.split("\n") if ln] == [normalize(ln).text for ln in lines]
    assert any(ln.isupper() for ln in lines) and any(not ln.isupper() for ln in lines)


def test_pieces_8_bit_and_utf16_after_property_modifiers():
    # WordDocument bytes: "Kế " in UTF-16 at 0, then "“ho" as 8-bit at 100 (fc 200 with the compressed bit)
    word = bytearray(200)
    word[0:6] = "Kế ".encode("utf-16-le")
    word[100:103] = "“ho".encode("cp1252")
    pieces = struct.pack("<4I", 0, 3, 6, 9) + b"\0\0" + struct.pack("<I", 0) + b"\0\0" + \
        b"\0\0" + struct.pack("<I", 200 | 0x40000000) + b"\0\0" + b"\0\0" + struct.pack("<I", 0) + b"\0\0"
    clx = b"\x01" + struct.pack("<h", 2) + b"\x00\x00" + b"\x02" + struct.pack("<I", len(pieces)) + pieces
    assert _piece_text(bytes(word), clx, 6) == "Kế “ho"
    assert _piece_text(bytes(word), clx, 4) == "Kế “"  # the main document ends inside a piece


def test_word_control_characters():
    assert paragraphs_of("A\x13 HYPERLINK \"x\" \x13 SEQ \x14(1)\x15\x14B\x15C\rD\x0bE\x07F\x07\x07G\x1eH\x01") == \
        "ABC\n\nD\nE\n\nF\n\nG-H"  # a field in a field's instruction is instruction too
    assert paragraphs_of("\x13 PAGE \x15trang\r\r\r") == "trang"  # a field without a separator shows nothing


def _patched(tmp_path: Path, offset: int, value: int) -> Path:
    import olefile

    path = tmp_path / "x.doc"
    shutil.copy(FIXTURES / "quang-tri-2024.doc", path)
    ole = olefile.OleFileIO(str(path), write_mode=True)
    word = bytearray(ole.openstream("WordDocument").read())
    struct.pack_into("<H", word, offset, value)
    ole.write_stream("WordDocument", bytes(word))
    ole.close()
    return path


@pytest.mark.parametrize("offset,value,reason", [
    (2, 0x0065, "Word 6.0/95 .doc is not supported; save it as .docx"),
    (0x0A, 0x0300, "the Word .doc is password-protected"),
    (0, 0x1234, "damaged Word .doc (no Word 97-2003 file information block)"),
])
def test_docs_it_cannot_read_say_why(tmp_path, offset, value, reason):
    with pytest.raises(ReadError) as err:
        read_document(_patched(tmp_path, offset, value))
    assert err.value.reason == reason


def encrypted(path: Path, out: Path) -> Path:
    """A copy of the .doc at ``path`` whose "WordDocument" stream is named "EncryptedPackage": the shape of a
    password-protected Word 2007+ file (an OLE container holding the encrypted package instead of a zip)."""
    data = bytearray(path.read_bytes())
    at = data.find("WordDocument\0".encode("utf-16-le"))
    assert at > 0
    name = "EncryptedPackage\0".encode("utf-16-le")
    data[at:at + 64] = name + bytes(64 - len(name))
    data[at + 64:at + 66] = len(name).to_bytes(2, "little")
    out.write_bytes(bytes(data))
    return out


@pytest.mark.parametrize("suffix", [".docx", ".doc"])
def test_a_password_protected_word_file_is_refused_as_such(tmp_path, suffix):
    path = encrypted(FIXTURES / "quang-tri-2024.doc", tmp_path / f"protected{suffix}")
    with pytest.raises(ReadError, match="password-protected"):
        read_document(path)


def test_damaged_list_tables_read_the_text_without_its_numbers_and_say_so(tmp_path):
    """A .doc whose list table claims more lists than it holds: the text is read, the numbers are not, and the
    record says so (the former reader dropped them silently)."""
    import olefile

    from kehoach.ingest.readers.msword import _read_fib

    path = tmp_path / "lists.doc"
    shutil.copy(FIXTURES / "quang-tri-2024.numbered.doc", path)
    ole = olefile.OleFileIO(str(path), write_mode=True)
    fib = _read_fib(ole.openstream("WordDocument").read())
    name = "1Table" if fib["table1"] else "0Table"
    table = bytearray(ole.openstream(name).read())
    struct.pack_into("<h", table, fib["pairs"][73][0], 30000)  # cLst: far more lists than the table holds
    ole.write_stream(name, bytes(table))
    ole.close()
    src = read_document(path)
    good = read_document(FIXTURES / "quang-tri-2024.numbered.doc")
    assert "\nII. " in good.text and "\nII. " not in src.text  # the numbers, and only they, are gone
    assert len(words(src.text)) > 0.9 * len(words(good.text))
    assert good.warnings == [] and any(w.startswith("list numbers not read") for w in src.warnings), src.warnings
