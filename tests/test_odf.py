"""OpenDocument .odt files: what the reader must do beyond test_office_formats.py (a fixture and every seed give
the record of their text): TCVN3 by paragraph styles alone, what a paragraph holds and leaves out, white space,
files it cannot read.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from office import EXAMPLES, FIXTURES, words

from kehoach.ingest.readers import ReadError, iter_input_files, read_document
from kehoach.ingest.readers.legacy import encode_legacy


def test_tcvn3_set_by_paragraph_styles_alone_is_converted_capitals_included():
    """Normal in ".VnTime", a heading style in ".VnTimeH" (capitals typed as lower-case codes); no span names a
    font: the paragraph's style chain does."""
    lines = [ln for ln in (EXAMPLES / "gio-linh-2024.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    src = read_document(FIXTURES / "gio-linh-2024.styles.odt")
    assert words(src.text) == words("\n".join(lines[:12]))
    assert "ỦY BAN NHÂN DÂN" in src.text and "KẾ HOẠCH" in src.text


_DECLS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/"')


def _odt(path: Path, body: str, styles: str = "", mimetype: str = "application/vnd.oasis.opendocument.text",
         kind: str = "text") -> Path:
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_DECLS}>'
               f'<office:font-face-decls><style:font-face style:name="VNI" svg:font-family="\'VNI-Times\'"/>'
               f'</office:font-face-decls><office:automatic-styles>{styles}</office:automatic-styles>'
               f'<office:body><office:{kind}>{body}</office:{kind}></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_what_an_odt_paragraph_holds_and_what_it_leaves_out(tmp_path):
    """Spaces (``text:s``), tabs, line breaks, spans, links and fields are text; footnotes, comments and tracked
    deletions are not; a text box is read before the paragraph it is anchored in; lists and sections are
    opened; a merged cell is read once; a span in a VNI font is converted."""
    vni = encode_legacy("Sở Ngoại vụ", "vni").decode("cp1252")
    body = (
        '<text:h text:outline-level="1">KẾ HOẠCH</text:h>'
        '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>đã xóa</text:p>'
        '</text:deletion></text:changed-region></text:tracked-changes>'
        '<text:p>Số:<text:s text:c="3"/>12/KH-UBND<text:tab/>ngày 15/01/2024<text:note text:note-class="footnote">'
        '<text:note-citation>1</text:note-citation><text:note-body><text:p>chú thích</text:p></text:note-body>'
        '</text:note><office:annotation><dc:creator>A</dc:creator><text:p>góp ý</text:p></office:annotation></text:p>'
        '<text:section text:name="S"><text:list><text:list-item><text:p>- Căn cứ <text:a xlink:href="x" '
        'xmlns:xlink="http://www.w3.org/1999/xlink">Nghị định số 72/2015/NĐ-CP</text:a>;</text:p><text:list>'
        '<text:list-item><text:p>a) dòng một<text:line-break/>dòng hai</text:p></text:list-item></text:list>'
        '</text:list-item></text:list></text:section>'
        '<text:p><draw:frame><draw:text-box><text:p>hộp chữ</text:p></draw:text-box></draw:frame>'
        '<text:span text:style-name="T1">' + vni.replace("&", "&amp;").replace("<", "&lt;") + '</text:span> chủ trì'
        '<text:change-start text:change-id="c1"/></text:p>'
        '<table:table><table:table-header-rows><table:table-row><table:table-cell table:number-columns-spanned="2">'
        '<text:p>Nhiệm vụ</text:p></table:table-cell><table:covered-table-cell/></table:table-row>'
        '</table:table-header-rows><table:table-row><table:table-cell><text:p>1</text:p></table:table-cell>'
        '<table:table-cell><text:p>Tuyên truyền</text:p><text:p>biển đảo</text:p></table:table-cell>'
        '</table:table-row></table:table>')
    styles = '<style:style style:name="T1" style:family="text"><style:text-properties style:font-name="VNI"/></style:style>'
    src = read_document(_odt(tmp_path / "a.odt", body, styles))
    assert src.text == ("KẾ HOẠCH\n\nSố:   12/KH-UBND\tngày 15/01/2024\n\n- Căn cứ Nghị định số 72/2015/NĐ-CP;\n\n"
                        "a) dòng một\ndòng hai\n\nhộp chữ\n\nSở Ngoại vụ chủ trì\n\nNhiệm vụ\n\n1\n\nTuyên truyền\nbiển đảo")
    assert src.warnings == ["text in the legacy VNI (VNI-Times fonts) encoding converted to Unicode (by its fonts)"]


def test_odt_files_it_cannot_read_say_why(tmp_path, monkeypatch):
    with pytest.raises(ReadError, match=r"not an OpenDocument text \(no office:text body"):
        read_document(_odt(tmp_path / "sheet.odt", "", mimetype="application/vnd.oasis.opendocument.spreadsheet",
                           kind="spreadsheet"))
    good = _odt(tmp_path / "good.odt", "<text:p>KẾ HOẠCH</text:p>").read_bytes()
    (tmp_path / "cut.odt").write_bytes(good[: len(good) // 2])
    with pytest.raises(ReadError, match=r"OpenDocument|zip|not"):
        read_document(tmp_path / "cut.odt")
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        content = z.read("content.xml")
    with zipfile.ZipFile(tmp_path / "broken.odt", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", content[:-40])
    with pytest.raises(ReadError, match=r"damaged or invalid OpenDocument \.odt \(XMLSyntaxError"):
        read_document(tmp_path / "broken.odt")
    monkeypatch.setenv("KEHOACH_MAX_MB", "0.00001")  # ten bytes: content.xml inflates past ten times the limit
    with pytest.raises(ReadError, match=r"too large"):
        read_document(tmp_path / "good.odt")


def test_a_folder_of_odt_files_is_walked(tmp_path):
    _odt(tmp_path / "a.odt", "<text:p>KẾ HOẠCH</text:p>")
    (tmp_path / "b.rtf").write_text("{\\rtf1 x}")
    files, missing = iter_input_files([tmp_path])
    assert sorted(p.name for p in files) == ["a.odt", "b.rtf"] and not missing


def test_white_space_in_the_xml_is_one_space_and_text_s_counts(tmp_path):
    """A pretty-printed content.xml breaks lines inside paragraphs: those are spaces, not line breaks; the spaces
    the author typed are ``text:s`` and stay."""
    body = '<text:p>Sở Ngoại\n      vụ\tchủ trì<text:s text:c="2"/>;</text:p>\n  <text:p>\n KẾ HOẠCH\n</text:p>'
    assert read_document(_odt(tmp_path / "p.odt", body)).text == "Sở Ngoại vụ chủ trì  ;\n\nKẾ HOẠCH"
