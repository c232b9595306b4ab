"""RTF documents: read as their .txt and .docx copies are.

The fixtures (tests/fixtures/*.rtf) are our own examples/ saved by LibreOffice as RTF, one typed in TCVN3 fonts
(``make_doc_fixtures.py`` rebuilds them). Where LibreOffice is installed, every real seed is saved as RTF too and
must give the record of the .docx it was saved from.
"""

from __future__ import annotations

import shutil
import unicodedata

import pytest
from office import (
    FIXTURES,
    TCVN3_CONVERTED,
    TCVN3_SPELLING,
    assert_gives_the_example,
    assert_gives_the_record_of_its_docx,
    saved_by_libreoffice,
    words,
)

from kehoach.ingest.readers import ReadError, read_document
from kehoach.ingest.readers.text import to_cp1258


def test_an_rtf_gives_the_record_of_its_text():
    assert_gives_the_example("quang-tri-2024.rtf", "quang-tri-2024.txt", "rtf")


def test_an_rtf_typed_in_tcvn3_fonts_is_converted_by_its_fonts_even_its_optional_hyphens():
    """TCVN3's "ư" is byte 0xAD, the optional hyphen, which LibreOffice saves as the control symbol "\\-"."""
    assert_gives_the_example("gio-linh-2024.tcvn3.rtf", "gio-linh-2024.txt", "rtf", [TCVN3_CONVERTED],
                             spell=TCVN3_SPELLING)


def _hex(text: str) -> str:
    """``text`` as \\'hh escapes of its Windows-1258 bytes (as Word writes a \\fcharset163 font's text)."""
    return "".join(chr(c) if c < 128 else f"\\'{c:02x}" for c in to_cp1258(text))


def _u(text: str) -> str:
    """``text`` as \\uN? escapes (as LibreOffice and Word write what the code page lacks), "?" the fallback."""
    return "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in text)


def test_what_an_rtf_body_holds_and_what_it_leaves_out(tmp_path):
    """\\uN with its fallback (\\uc1, \\uc2, \\uc0), bytes in a Vietnamese (\\fcharset163) font, tables, line
    breaks and tabs are text; the tables of fonts, colours and styles, document information, headers, footnotes,
    comments, field instructions and unknown {\\*\\...} groups are not."""
    rtf = ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0\\fnil Times New Roman;}{\\f1\\fcharset163 Times;}}"
           "{\\colortbl;\\red0\\green0\\blue0;}{\\stylesheet{\\s0 Normal;}}{\\info{\\title " + _u("Tiêu đề") + "}}"
           "{\\header trang \\chpgn}{\\*\\generator Word;}{\\*\\unknowndest " + _u("bỏ qua") + "}\n"
           "\\pard\\plain\\f0 K\\u7870?{\\uc2  HO\\u7840\\'3f\\'3fCH{\\uc0\\u32}}\\line {\\f1 " + _hex("Số: 12/KH-UBND") + "}"
           "\\tab x\\par\n\\pard\\intbl {\\f1 " + _hex("Sở Ngoại vụ") + "}\\par " + _u("dòng") + "\\cell 2024\\cell\\row\n"
           "\\pard " + _u("Căn cứ ") + "{\\field{\\*\\fldinst HYPERLINK \"x\"}{\\fldrslt " + _u("Nghị định 72/2015/NĐ-CP") + "}}"
           "{\\footnote\\pard " + _u("chú thích") + "}{\\*\\annotation " + _u("góp ý") + "} \\endash  xong\\par}")
    (tmp_path / "a.rtf").write_bytes(rtf.encode("ascii"))
    src = read_document(tmp_path / "a.rtf")
    # (Windows-1258 writes "ố" as "ô" and a combining acute: the text is composed later, by normalization)
    assert unicodedata.normalize("NFC", src.text) == ("KẾ HOẠCH\nSố: 12/KH-UBND\tx\n\nSở Ngoại vụ\ndòng\n\n2024\n\n"
                        "Căn cứ Nghị định 72/2015/NĐ-CP – xong"), src.text
    assert src.warnings == []


def test_rtf_files_it_cannot_read_say_why_and_a_cut_one_is_read_as_far_as_it_goes(tmp_path):
    (tmp_path / "deep.rtf").write_bytes(b"{\\rtf1 " + b"{" * 500 + b"x" + b"}" * 500 + b"}")
    with pytest.raises(ReadError, match=r"damaged RTF \(groups nested too deep\)"):
        read_document(tmp_path / "deep.rtf")
    whole = (FIXTURES / "quang-tri-2024.rtf").read_bytes()
    (tmp_path / "cut.rtf").write_bytes(whole[: len(whole) * 2 // 3])
    assert words(read_document(tmp_path / "cut.rtf").text)[:20] == words(read_document(FIXTURES /
                                                                                        "quang-tri-2024.rtf").text)[:20]


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice (soffice) is not installed: the seeds are "
                                                        "not saved as RTF here (the fixtures still are read)")
@pytest.mark.parametrize("legacy", [None, "tcvn3"])
def test_every_seed_saved_as_rtf_gives_the_record_of_its_docx(seeds_dir, tmp_path, legacy):
    for docx, rtf in saved_by_libreoffice(seeds_dir, tmp_path, "rtf", legacy):
        assert_gives_the_record_of_its_docx(docx, rtf)
