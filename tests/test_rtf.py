"""RTF documents: what the reader must do beyond test_office_formats.py (a fixture and every seed give the record
of their text): \\uN and its fallback, code pages by font, destinations left out, damaged files.
"""

from __future__ import annotations

import unicodedata

import pytest
from office import FIXTURES, words

from kehoach.ingest.readers import ReadError, read_document
from kehoach.ingest.readers.text import to_cp1258


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


def test_raw_binary_data_in_a_picture_does_not_break_the_groups(tmp_path):
    """``\\binN`` is followed by N raw bytes (a picture Word wrote in binary): braces among them are not groups."""
    (tmp_path / "b.rtf").write_bytes(b"{\\rtf1\\ansi {\\pict\\bin6 }}{\\{\\}KE HOACH\\par}")
    assert read_document(tmp_path / "b.rtf").text == "KE HOACH"


def test_a_tracked_deletion_is_left_out_and_an_insertion_kept(tmp_path):
    """A draft saved with tracked changes: deleted text (\\deleted, until \\deleted0 or \\plain) is what the
    document no longer says; inserted text (\\revised) is what it says now."""
    rtf = ("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Times New Roman;}}\\pard " + _u("Sở ")
           + "{\\deleted\\revauthdel1 " + _u("Nội vụ") + "}{\\revised\\revauth1 " + _u("Ngoại vụ") + "} "
           + _u("chủ trì") + "\\deleted " + _u(" cũ") + "\\deleted0 , " + _u("năm") + " 2024\\par "
           + "\\deleted x\\plain  " + _u("Phối hợp") + "\\par}")
    (tmp_path / "a.rtf").write_bytes(rtf.encode("ascii"))
    assert read_document(tmp_path / "a.rtf").text == "Sở Ngoại vụ chủ trì, năm 2024\n\nPhối hợp"


def test_a_text_box_in_a_shape_is_read_as_paragraphs_of_its_own_and_once(tmp_path):
    """Word writes a text box as a shape ({\\shp{\\*\\shpinst ...{\\shptxt ...}}}) and again, for old readers, as its
    result ({\\shprslt ...}): the box's text is read once, apart from the paragraph it is anchored in; a shape in
    a header stays out with the header."""
    rtf = ("{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Times New Roman;}}{\\header {\\shp{\\*\\shpinst{\\shptxt "
           "trang}}}}\\pard {\\shp{\\*\\shpinst\\shpleft0\\shptop0{\\sp{\\sn shapeType}{\\sv 202}}{\\sp{\\sn wzName}"
           "{\\sv Text Box 1}}{\\shptxt \\pard\\plain " + _u("ỦY BAN NHÂN DÂN") + "\\par " + _u("Số: 12/KH-UBND")
           + "\\par}}{\\shprslt{\\*\\do\\dobxcolumn}\\pard " + _u("Số: 12/KH-UBND") + "\\par}}"
           + _u("Thực hiện kế hoạch") + "\\par}")
    (tmp_path / "a.rtf").write_bytes(rtf.encode("ascii"))
    assert read_document(tmp_path / "a.rtf").text.split("\n\n") == ["ỦY BAN NHÂN DÂN", "Số: 12/KH-UBND",
                                                                     "Thực hiện kế hoạch"]
