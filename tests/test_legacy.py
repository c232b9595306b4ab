"""Legacy font encodings (TCVN3 ".VnTime", VNI "VNI-Times"): every seed typed in them reads as the seed.

The TCVN3 table is checked against the C library's own TCVN 5712:1993 converter (iconv), and both decoders
against strings as old documents print them, written here byte by byte. The seeds are then encoded as a TCVN3
or VNI typist would have typed them (``encode_legacy``; Word files with the fonts set run by run, as
``render_docx(legacy=…)`` writes them) and must give the seed's words and the gold's scores.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from kehoach.ingest.evaluate import score
from kehoach.ingest.normalize import normalize
from kehoach.ingest.pipeline import extract_file
from kehoach.ingest.readers import ReadError, read_document
from kehoach.ingest.readers.legacy import LEGACY_NAMES, TCVN3_HIGH, encode_legacy, from_tcvn3, repair_text
from kehoach.ingest.readers.render import render_docx, render_html, render_pdf

ENCODINGS = ("tcvn3", "vni")


def words(text: str) -> list[str]:
    return normalize(text).text.split()


def test_the_tcvn3_table_is_the_c_librarys():
    if not shutil.which("iconv") or "TCVN5712-1" not in subprocess.run(["iconv", "-l"], capture_output=True,
                                                                        text=True).stdout:
        pytest.skip("iconv with TCVN5712-1 is not installed here")
    for i, want in enumerate(TCVN3_HIGH):
        got = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=bytes([0xA0 + i]),
                             capture_output=True, check=True).stdout.decode()
        assert got == want, hex(0xA0 + i)


# the national motto and a title as TCVN3 and VNI files print them, byte by byte
PRINTED = {
    "tcvn3": (b"C\xe9ng ho\xb5 x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam\n\xa7\xe9c l\xcbp - T\xf9 do - "
              b"H\xb9nh ph\xf3c\nK\xd5 HO\xb9CH\nTh\xabng tin \xae\xe8i ngo\xb9i n\xa8m 2015 c\xf1a t\xd8nh "
              b"B\xb8t X\xb8t"),
    "vni": (b"Co\xe4ng ho\xf8a xa\xf5 ho\xe4i chu\xfb ngh\xf3a Vie\xe4t Nam\n\xd1o\xe4c la\xe4p - T\xf6\xef do - "
            b"Ha\xefnh phu\xf9c\nKE\xc1 HOA\xcfCH\nTho\xe2ng tin \xf1o\xe1i ngoa\xefi na\xeam 2015 cu\xfba "
            b"t\xe6nh Ba\xf9t Xa\xf9t"),
}
MEANT = ("Cộng hoà xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\nKẾ HOẠCH\n"
         "Thông tin đối ngoại năm 2015 của tỉnh Bát Xát")


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_printed_legacy_text_reads_as_meant(encoding, tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(PRINTED[encoding])
    src = read_document(path)
    assert src.encoding == encoding
    assert normalize(src.text).text == normalize(MEANT).text
    assert "legacy" in src.warnings[0]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_seeds_typed_in_a_legacy_encoding_score_as_the_seeds(encoding, seeds_dir, gold, seed_records, tmp_path):
    records = []
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = read_document(seed).text
        path = tmp_path / seed.name  # the gold's file names
        path.write_bytes(encode_legacy(text, encoding))
        got = read_document(path)
        assert got.encoding == encoding
        if encoding == "vni":  # VNI has every capital: the very text
            assert words(got.text) == words(text), seed.name
        else:  # TCVN3 lacks a capital with a tone mark where a word is not in capitals ("(Ổn định")
            assert [w.lower() for w in words(got.text)] == [w.lower() for w in words(text)], seed.name
        records.append(extract_file(path).to_dict())
    want = score(seed_records, gold)["summary"]
    got = score(records, gold)["summary"]
    assert want["tasks"]["f1"] == 1.0 and want["leads"]["f1"] == 1.0, "the comparison must compare something"
    for key in ("kind_correct", "plan_fields_correct", "derives_from_exact", "cites", "cites_identity", "tasks",
                "leads", "coordinators", "agencies"):
        assert got[key] == want[key], key


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_word_files_in_legacy_fonts_read_as_the_seeds(encoding, seeds_dir, tmp_path):
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        src = read_document(render_docx(text, tmp_path / f"{seed.stem}.docx", legacy=encoding))
        assert words(src.text) == words(text), seed.name  # the fonts tell every capital
        assert src.warnings == [f"text in the legacy {LEGACY_NAMES[encoding]} encoding converted to Unicode "
                                "(by its fonts)"]


def test_a_word_file_mixing_unicode_and_tcvn3_reads_both(seeds_dir, tmp_path):
    import docx

    text = (seeds_dir / "001_96e476ef786eba14.txt").read_text(encoding="utf-8")
    head, body = text[:400], text[400:]
    path = render_docx(body, tmp_path / "mixed.docx", legacy="tcvn3")
    d = docx.Document(str(path))
    d.paragraphs[0].insert_paragraph_before(head)  # a Unicode template header (Times New Roman)
    d.save(str(path))
    assert words(read_document(path).text) == words(head) + words(body)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_web_pages_of_legacy_text_are_detected(encoding, seeds_dir, tmp_path):
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        glyphs = encode_legacy(text, encoding).decode("cp1252")  # what a page in a .VnTime / VNI font shows
        src = read_document(render_html(glyphs, tmp_path / f"{seed.stem}.html"))
        if encoding == "vni":
            assert words(src.text) == words(text), seed.name
        else:
            assert [w.lower() for w in words(src.text)] == [w.lower() for w in words(text)], seed.name
        assert "(detected)" in src.warnings[-1]


def test_a_pdf_of_vni_text_is_detected(seeds_dir, tmp_path):
    # (TCVN3's "ư" is byte 0xAD, the soft hyphen of Latin-1, which the PDF writer used here drops)
    text = (seeds_dir / "000_3391a5570458726a.txt").read_text(encoding="utf-8")
    src = read_document(render_pdf(encode_legacy(text, "vni").decode("cp1252"), tmp_path / "vni.pdf"))
    assert words(src.text) == words(text)


def test_unicode_text_is_never_converted(seeds_dir, tmp_path):
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        assert repair_text(text) == (text, None)
        more = text + "\n§ 3. Nhiệt độ 30°C; «trích»; ±5; ×2"  # Latin-1 signs a Unicode plan may print
        assert repair_text(more) == (more, None)
        src = read_document(render_docx(text, tmp_path / f"{seed.stem}.docx"))
        assert not any("legacy" in w for w in src.warnings)


def test_capitals_font_and_guessing():
    assert from_tcvn3("k\xd5 ho\xb9ch", capitals=True) == "KẾ HOẠCH"
    assert from_tcvn3("K\xd5 HO\xb9CH") == "KẾ HOẠCH"  # a heading: the line is in capitals
    assert from_tcvn3("S\xe8: 12/KH-UBND") == "Số: 12/KH-UBND"  # not a heading: keyboard capitals only


def test_text_in_no_encoding_is_still_refused(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes(bytes(range(0xA0, 0x100)) * 20)
    with pytest.raises(ReadError, match="not UTF-8, UTF-16, Windows-1258, TCVN3 or VNI Vietnamese"):
        read_document(path)


def test_a_legacy_font_set_on_the_style_is_followed(tmp_path):
    import docx

    d = docx.Document()
    d.styles["Normal"].font.name = ".VnTime"  # the whole document typed in the Normal style's font
    heading = d.styles.add_style("Old heading", d.styles["Normal"].type)
    heading.base_style = d.styles["Normal"]
    heading.font.name = ".VnTimeH"
    d.add_paragraph("k\xd5 ho\xb9ch", style=heading)
    d.add_paragraph("Th\xabng tin \xae\xe8i ngo\xb9i n\xa8m 2015")
    d.save(str(tmp_path / "old.docx"))
    assert read_document(tmp_path / "old.docx").text == "KẾ HOẠCH\n\nThông tin đối ngoại năm 2015"


def test_a_unit_name_without_its_capital_in_tcvn3_is_the_same_unit(seeds_dir, tmp_path):
    """The TCVN3 fonts have no "Ả": "huyện Mường Ảng" is typed "huyện Mường ảng", which read as "huyện Mường"
    (a name ends at a lower-case word), and every agency of the district's plan went to a unit of that name.
    Seed 001 (huyện Cầu Ngang) with the district renamed, typed in TCVN3, gives the Unicode copy's agencies."""
    text = (seeds_dir / "001_96e476ef786eba14.txt").read_text(encoding="utf-8")
    assert text.count("Cầu Ngang") >= 3
    renamed = text.replace("Cầu Ngang", "Mường Ảng").replace("CẦU NGANG", "MƯỜNG ẢNG")
    (tmp_path / "u").mkdir()
    (tmp_path / "t").mkdir()
    (tmp_path / "u" / "plan.txt").write_text(renamed, encoding="utf-8")
    (tmp_path / "t" / "plan.txt").write_bytes(encode_legacy(renamed, "tcvn3"))
    typed = encode_legacy(renamed, "tcvn3").decode("latin-1")
    assert "Mường ảng" in from_tcvn3(typed, capitals=False) and "Mường Ảng" in from_tcvn3(typed)
    want = extract_file(tmp_path / "u" / "plan.txt")
    got = extract_file(tmp_path / "t" / "plan.txt")
    assert want.plan.district == "Mường Ảng"
    assert got.plan.district == want.plan.district
    assert sorted((a.name, a.jurisdiction) for a in got.agencies) == sorted((a.name, a.jurisdiction)
                                                                          for a in want.agencies)
    assert [(t.ref, t.leads, t.coordinators) for t in got.tasks] == [(t.ref, t.leads, t.coordinators)
                                                                     for t in want.tasks]


def test_a_header_typed_in_capitals_but_for_the_letters_tcvn3_has_none_of_is_capitals():
    """"UỶ BAN NHÂN DÂN" typed in the base font is "Uỷ BAN NHÂN DÂN" (no "Ỷ"): the header was not read as the
    issuer's. A name typed "Lý Bá Hà" (no two capitals in a row) keeps its case."""
    typed = encode_legacy("UỶ BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nLý Bá Hà\n", "tcvn3").decode("latin-1")
    assert from_tcvn3(typed, capitals=False).split("\n")[0] == "Uỷ BAN NHÂN DÂN"
    assert from_tcvn3(typed).split("\n")[:3] == ["UỶ BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH", "Lý Bá Hà"]
