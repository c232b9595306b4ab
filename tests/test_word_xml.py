"""The fast .docx reading (lxml on the main part) gives what python-docx gives, element by element."""

from __future__ import annotations

import docx
import pytest
from docx.oxml import parse_xml

from kehoach.ingest.readers import ReadError, read_document
from kehoach.ingest.readers.render import render_docx
from kehoach.ingest.readers.word import _blocks
from kehoach.ingest.readers.word_xml import blocks, main_part

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def both(path) -> tuple[list[str], list[str]]:
    d = docx.Document(str(path))
    return list(_blocks(d.element.body, d)), list(blocks(main_part(str(path))))


def test_every_seed_as_word_reads_the_same_both_ways(seeds_dir, tmp_path):
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        rows = [ln.split("\t") for ln in text.splitlines()[:12] if ln.strip()]
        path = render_docx(text, tmp_path / f"{seed.stem}.docx", table_rows=rows)
        slow, fast = both(path)
        assert fast == slow and len(fast) > 10, seed.name


def test_runs_breaks_links_controls_and_merged_cells_read_the_same_both_ways(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Số:\t12/KH-UBND")
    p.add_run("dòng một").add_break()  # a line break
    p.add_run("dòng hai")
    body = d.element.body
    # a page break (nothing), a carriage return, a non-breaking hyphen, a hyperlink, an absolute tab
    body.append(parse_xml(
        f'<w:p {W}><w:r><w:t>Trang</w:t><w:br w:type="page"/><w:t>mới</w:t><w:cr/><w:t>Tài chính</w:t>'
        f'<w:noBreakHyphen/><w:t>Kế hoạch</w:t><w:ptab w:relativeTo="margin" w:alignment="right" w:leader="none"/>'
        f'</w:r><w:hyperlink><w:r><w:t xml:space="preserve"> cổng </w:t></w:r></w:hyperlink>'
        f'<w:ins><w:r><w:t>(chèn)</w:t></w:r></w:ins></w:p>'))
    body.append(parse_xml(f'<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>Trong ô nội dung</w:t></w:r></w:p>'
                          f'</w:sdtContent></w:sdt>'))
    t = d.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            t.cell(r, c).text = f"ô {r}{c}"
    t.cell(0, 0).merge(t.cell(0, 1))  # across
    t.cell(1, 2).merge(t.cell(2, 2))  # down
    inner = t.cell(2, 0).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "lồng", "nhau"
    d.save(str(tmp_path / "x.docx"))
    slow, fast = both(tmp_path / "x.docx")
    assert fast == slow
    assert "Trangmới\nTài chính-Kế hoạch\t cổng (chèn)" in fast and "Trong ô nội dung" in fast


def test_a_docx_whose_main_part_is_cut_is_a_read_error(tmp_path):
    import io
    import zipfile

    buf = io.BytesIO()
    docx.Document().save(buf)
    whole = zipfile.ZipFile(buf)
    cut = io.BytesIO()
    with zipfile.ZipFile(cut, "w") as z:  # word/document.xml cut after 300 bytes, the rest of the package whole
        for info in whole.infolist():
            data = whole.read(info)
            z.writestr(info, data[:300] if info.filename == "word/document.xml" else data)
    (tmp_path / "x.docx").write_bytes(cut.getvalue())
    with pytest.raises(ReadError, match=r"^damaged Word \.docx \(XMLSyntaxError: "):
        read_document(tmp_path / "x.docx")


def test_a_docx_with_damaged_deflate_data_is_a_read_error(seeds_dir, tmp_path):
    """Bad compressed data in the main part raised zlib.error out of the legacy-font check (a traceback)."""
    import zipfile

    path = render_docx((seeds_dir / "000_3391a5570458726a.txt").read_text(encoding="utf-8"), tmp_path / "x.docx")
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 20:start + 60] = bytes(40)  # zeros in the middle of the deflate stream
    path.write_bytes(bytes(data))
    with pytest.raises(ReadError, match=r"^damaged Word \.docx \("):
        read_document(path)


@pytest.mark.parametrize("font", [None, ".VnTime"])
def test_tracked_insertions_fields_and_inline_controls_are_read_and_deletions_are_not(tmp_path, font):
    """A draft plan circulated with tracked changes: what it now says is its runs in w:ins (and moves), simple
    fields and inline content controls; w:del and w:moveFrom are what it no longer says. Both readings (the
    legacy-font one through python-docx) agree."""
    from kehoach.ingest.readers.legacy import encode_legacy

    def t(text: str) -> str:
        if font is None:
            return f"<w:r><w:t xml:space='preserve'>{text}</w:t></w:r>"
        glyphs = encode_legacy(text, "tcvn3").decode("cp1252")
        return (f"<w:r><w:rPr><w:rFonts w:ascii='{font}' w:hAnsi='{font}'/></w:rPr>"
                f"<w:t xml:space='preserve'>{glyphs}</w:t></w:r>")

    d = docx.Document()
    d.element.body.insert(0, parse_xml(
        f"<w:p {W}>{t('Sở ')}<w:ins w:id='1' w:author='a'>{t('Ngoại vụ')}</w:ins>"
        f"<w:del w:id='2' w:author='a'><w:r><w:delText>Nội vụ</w:delText></w:r></w:del>"
        f"<w:moveFrom w:id='3' w:author='a'>{t('cũ')}</w:moveFrom><w:moveTo w:id='4' w:author='a'>{t(' chủ trì')}"
        f"</w:moveTo><w:fldSimple w:instr='DATE'>{t(', năm 2024')}</w:fldSimple>"
        f"<w:sdt><w:sdtContent>{t(' (đã sửa)')}</w:sdtContent></w:sdt></w:p>"))
    path = tmp_path / "draft.docx"
    d.save(str(path))
    slow, fast = both(path)
    assert read_document(path).text.startswith("Sở Ngoại vụ chủ trì, năm 2024 (đã sửa)")
    if font is None:  # (the lxml reading does not convert legacy fonts: read_docx reads such files the slow way)
        assert slow == fast and fast[0] == "Sở Ngoại vụ chủ trì, năm 2024 (đã sửa)"


@pytest.mark.parametrize("font", [None, ".VnTime"])
def test_a_bullet_put_in_with_insert_symbol_is_read_as_a_bullet(tmp_path, font):
    """Typed bullets are often a Symbol or Wingdings character (``w:sym``), not text: read as the bullet it
    draws, so the layout sees the item."""
    rpr = f"<w:rPr><w:rFonts w:ascii='{font}' w:hAnsi='{font}'/></w:rPr>" if font else ""
    text = "Sở Ngoại vụ chủ trì" if font is None else "Së Ngo¹i vô chñ tr×"
    d = docx.Document()
    for char in ("F0B7", "F02D", "F0D8"):
        d.element.body.insert(0, parse_xml(
            f"<w:p {W}><w:r>{rpr}<w:sym w:font='Symbol' w:char='{char}'/><w:tab/></w:r><w:r>{rpr}<w:t>{text}</w:t>"
            f"</w:r></w:p>"))
    path = tmp_path / "sym.docx"
    d.save(str(path))
    assert read_document(path).text.split("\n\n") == [f"{b}\tSở Ngoại vụ chủ trì" for b in ("•", "-", "•")]
