"""Layout segmentation on the real seeds and on hand-written snippets in the shapes of domain.md."""

from __future__ import annotations

import pytest

from kehoach.ingest.document import SECTION_KINDS, Document
from kehoach.ingest.layout import parse_marker, segment


def _doc(seeds_dir, prefix: str) -> Document:
    path = next(seeds_dir.glob(prefix + "_*.txt"))
    doc = Document.from_text(path.read_text(encoding="utf-8"), file=path.name)
    doc.layout = segment(doc.text)
    return doc


def _kinds(doc: Document) -> list[str]:
    return [s.kind for s in doc.layout.sections]


def test_sections_cover_plan_parts_in_order(seeds_dir):
    for prefix in ("001", "002", "004"):
        kinds = _kinds(_doc(seeds_dir, prefix))
        assert kinds[:3] == ["header", "title", "preamble"], (prefix, kinds)
        assert kinds[-2:] == ["recipients", "signature"], (prefix, kinds)
        assert "implementation" in kinds and "purpose" in kinds
        assert set(kinds) <= set(SECTION_KINDS)


def test_site_chrome_of_web_copy(seeds_dir):
    doc = _doc(seeds_dir, "003")
    kinds = _kinds(doc)
    assert kinds[0] == "chrome" and kinds[-1] == "chrome"
    assert kinds[1:-1] == ["header", "title", "preamble", "purpose", "content", "implementation",
                           "recipients", "signature", "appendix"]
    lead, trail = doc.layout.sections[0], doc.layout.sections[-1]
    assert "Đăng nhập" in doc.text[lead.start:lead.end]
    assert "IP:" in doc.text[trail.start:trail.end]
    header = doc.layout.first("header")
    assert doc.text[header.start:header.end].startswith("ỦY BAN NHÂN DÂN")
    start, end = doc.layout.document_span()
    assert "Đăng nhập" not in doc.text[start:end]


def test_news_article_is_body_after_banner_then_byline(seeds_dir):
    doc = _doc(seeds_dir, "000")
    assert _kinds(doc) == ["chrome", "body", "byline"]
    body = doc.layout.first("body")
    assert doc.text[body.start:body.end].startswith("Kế hoạch")
    byline = doc.layout.first("byline")
    assert doc.text[byline.start:byline.end].split("\n")[0] == "Dương Thị Thủy"  # the author, then her unit
    assert doc.text[byline.end:].strip() == ""


@pytest.mark.parametrize("ending, byline", [
    ("Nguyễn Văn An", "Nguyễn Văn An"),
    ("Thu Hà - Minh Anh\nBáo Nghệ An", "Thu Hà - Minh Anh\nBáo Nghệ An"),
    ("Nguyễn Văn An\nSở Ngoại vụ tổ chức hội nghị vào tháng 12.", None),   # a sentence, not a unit
    ("Các sở triển khai kế hoạch", None),                                   # not a name
    ("Sở Ngoại vụ tổ chức\nBáo Nghệ An", "Báo Nghệ An"),                    # the source alone
])
def test_a_news_byline_is_the_authors_name_and_at_most_one_short_line(ending, byline):
    text = "Kế hoạch thông tin đối ngoại năm 2024\nNgày 01/11/2023, UBND tỉnh đã ban hành kế hoạch số 1/KH-UBND.\n"
    lay = segment(text + ending + "\n")
    got = lay.first("byline")
    assert (text + ending)[got.start:got.end] == byline if byline else got is None
    assert lay.first("body").start == 0


def test_an_agency_named_only_in_a_byline_is_not_listed(seeds_dir):
    from kehoach.ingest.pipeline import extract_file

    names = [a.name for a in extract_file(seeds_dir / next(p.name for p in seeds_dir.glob("000*"))).agencies]
    assert "Sở Thông tin và Truyền thông" in names and "Trung tâm Công nghệ số" not in names


def test_blocks_markers_and_levels(seeds_dir):
    doc = _doc(seeds_dir, "002")
    content = doc.layout.first("content")
    markers = [(b.marker, b.level) for b in content.blocks if b.kind == "item"]
    assert ("2.1", 2) in markers and ("1", 1) in markers
    bullets = [b for b in content.blocks if b.marker == "+"]
    assert bullets and all(b.level == 4 for b in bullets)  # 2.1 > "- Nội dung:" > "+"
    # wrapped lines are joined into the block they continue
    for b in content.blocks:
        assert not doc.text[b.start:b.end][:1].islower()
    appendix = _doc(seeds_dir, "003").layout.first("appendix")
    assert [b.marker for b in appendix.blocks if b.kind == "item"][:3] == ["1", "1.1", "1.2"]


def test_signature_excludes_stray_lines_before_it(seeds_dir):
    doc = _doc(seeds_dir, "001")
    rec = doc.layout.first("recipients")
    assert doc.text[rec.start:rec.end].rstrip().endswith("Lưu: VT.")


SNIPPET = """ỦY BAN NHÂN DÂN
HUYỆN ĐÔNG ANH
Số: /KH-UBND
Đông Anh, ngày tháng 01 năm 2022
KẾ HOẠCH
Tuyên truyền biển đảo
năm 2022
Căn cứ Chỉ thị 25-CT/TW ngày 08/8/2018 của Ban Bí thư;
I. MỤC TIÊU
a) Nâng cao nhận thức
- Cán bộ
+ Đảng viên
II. NHIỆM VỤ CỤ THỂ
1. Tuyên truyền
III. KINH PHÍ
IV. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin: chủ trì.
Nơi nhận:
- Như trên;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn B
PHỤ LỤC
STT
"""


def test_snippet_sections_and_title_over_two_lines():
    lay = segment(SNIPPET)
    assert [s.kind for s in lay.sections] == ["header", "title", "preamble", "purpose", "content", "funding",
                                              "implementation", "recipients", "signature", "appendix"]
    title = lay.first("title")
    assert SNIPPET[title.start:title.end].endswith("năm 2022")
    purpose = lay.first("purpose")
    assert [(b.marker, b.level) for b in purpose.blocks] == [("I", 0), ("a", 1), ("-", 2), ("+", 3)]
    assert lay.first("implementation").number == "IV"


@pytest.mark.parametrize("line,expected", [
    ("II. NỘI DUNG", ("heading", "II")),
    ("2.2.1. Nội dung", ("item", "2.2.1")),
    ("a. Tại điểm cầu tỉnh:", ("item", "a")),
    ("– Đơn vị phối hợp", ("bullet", "-")),
    ("Nghệ An, ngày 13 tháng 12 năm 2023", (None, "")),
    ("2024 - 2030", (None, "")),
])
def test_parse_marker(line, expected):
    assert parse_marker(line)[:2] == expected


def test_empty_and_garbage_text():
    assert segment("").sections == []
    lay = segment("\n\n@@@\n")
    assert [s.kind for s in lay.sections] == ["body"]


def _tasks(text: str, name: str) -> list[tuple]:
    from kehoach.ingest.pipeline import extract_text

    return [(t.ref, t.title, t.leads, t.coordinators) for t in extract_text(text, file=name).tasks]


def test_a_section_numeral_read_again_takes_the_next_number(seeds_dir):
    """A scan read "III. TỔ CHỨC THỰC HIỆN" as "II."; the section's tasks were "II.1" …, and a second "II."
    section's tasks would have shared their references. A numeral that repeats or goes back takes the next one."""
    path = next(seeds_dir.glob("003_*.txt"))
    text = path.read_text(encoding="utf-8")
    assert "\nIII. TỔ CHỨC THỰC HIỆN" in text
    want = _tasks(text, path.name)
    assert any(ref.startswith("III.") for ref, *_ in want)
    assert _tasks(text.replace("\nIII. TỔ CHỨC THỰC HIỆN", "\nII. TỔ CHỨC THỰC HIỆN"), path.name) == want
    # a skipped number is left as printed
    assert [s.number for s in segment("KẾ HOẠCH\nI. MỤC ĐÍCH\n- Một\nIV. TỔ CHỨC THỰC HIỆN\n- Hai\n").sections
            if s.number] == ["I", "IV"]


def test_a_sub_item_number_with_a_comma_is_still_the_item(seeds_dir):
    """"2,3. Phối hợp …" (a scan's comma for the point): the item was read into the one before it."""
    path = next(seeds_dir.glob("002_*.txt"))
    text = path.read_text(encoding="utf-8")
    assert "\n2.3. Phối hợp" in text
    want = _tasks(text, path.name)
    assert "2.3" in [ref for ref, *_ in want]
    assert _tasks(text.replace("\n2.3. Phối hợp", "\n2,3. Phối hợp"), path.name) == want


def test_items_under_no_heading_and_a_part_heading_under_the_title():
    """A web page that left out "I. MỤC ĐÍCH, YÊU CẦU": its "1. Mục đích" item opens the purpose, and the
    preamble ends before it; "PHẦN I. …" under the title is a part's heading, not more title."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH LẠNG SƠN\nSố: 34/KH-UBND\nLạng Sơn, ngày 16 tháng 02 năm 2022\nKẾ HOẠCH\n"
            "HOẠT ĐỘNG THÔNG TIN ĐỐI NGOẠI NĂM 2022\nPHẦN I. KẾT QUẢ NĂM 2021\nThực hiện Công văn số "
            "5406/BTTTT-TTĐN ngày 31/12/2021 của Bộ Thông tin và Truyền thông, UBND tỉnh ban hành Kế hoạch:\n"
            "1. Mục đích\nThực hiện tốt Quyết định số 60/2017/QĐ-UBND ngày 10/11/2017 của UBND tỉnh.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert rec["plan"]["title"] == "HOẠT ĐỘNG THÔNG TIN ĐỐI NGOẠI NĂM 2022"
    assert [(c["number"], c["role"]) for c in rec["cites"]] == [("5406/BTTTT-TTĐN", "basis"),
                                                               ("60/2017/QĐ-UBND", "body")]
