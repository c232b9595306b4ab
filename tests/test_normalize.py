"""Normalization: NFC, tone placement, whitespace, hard-wrap joining, and the map back to original offsets."""

import re
import unicodedata

import pytest

from kehoach.ingest.keys import match_key
from kehoach.ingest.normalize import new_style_tones, normalize


@pytest.mark.parametrize("old,new", [
    ("Uỷ ban", "Ủy ban"), ("UỶ BAN", "ỦY BAN"), ("hoà bình", "hòa bình"), ("thoả thuận", "thỏa thuận"),
    ("khoẻ", "khỏe"), ("thuỷ", "thủy"),
    # traps: "qu…" keeps its tone, a final consonant keeps the tone where it is
    ("quý", "quý"), ("quả", "quả"), ("hoàn thành", "hoàn thành"), ("quyết", "quyết"), ("Quỳnh", "Quỳnh"),
])
def test_new_style_tones(old, new):
    assert new_style_tones(old) == new


def test_nfd_input_becomes_nfc_and_maps_back():
    original = unicodedata.normalize("NFD", "KẾ HOẠCH  Uỷ ban\r\n")
    n = normalize(original)
    assert n.text == "KẾ HOẠCH Ủy ban\n"
    s, e = n.original_span(n.text.index("Ủy"), n.text.index("ban") + 3)
    assert unicodedata.normalize("NFC", original[s:e]) == "Uỷ ban"


def test_marks_without_a_base_at_the_start_are_reordered_too():
    """A text that opens with combining marks (a fragment cut mid-letter) still comes out NFC (hypothesis found
    acute + dot below, which NFC puts in the other order)."""
    n = normalize("\u0301\u0323 quả")
    assert unicodedata.is_normalized("NFC", n.text) and n.text.startswith("\u0323\u0301")
    assert n.original_span(0, 2) == (0, 2)


def test_every_word_maps_back_to_the_seed_text(seeds_dir):
    for path in sorted(seeds_dir.glob("*.txt")):
        original = path.read_text(encoding="utf-8")
        n = normalize(original)
        assert unicodedata.is_normalized("NFC", n.text)
        for m in re.finditer(r"\S+(?: \S+){0,3}", n.text):
            back = n.original_text(*m.span())
            # spaces may differ where a copy lost one inside a word ("hoạchsố": kehoach.ingest.respace)
            assert "".join(match_key(back.translate({0x201C: '"', 0x201D: '"'})).split()) == "".join(
                match_key(m.group()).split()), (path.name, m.group())


def test_hard_wrapped_pdf_text_is_joined(seeds_dir):
    text = (seeds_dir / "002_b85c26701672cfe5.txt").read_text(encoding="utf-8")
    n = normalize(text)
    assert "về tiếp tục nâng cao" in n.text          # "về tiếp \n\ntục" in the PDF copy
    assert "\n- Đơn vị chủ trì: Sở Thông tin và Truyền thông." in n.text  # bullets stay on their own line
    # a paragraph-per-line text is left alone
    t1 = (seeds_dir / "001_96e476ef786eba14.txt").read_text(encoding="utf-8")
    assert "2. Trung tâm Văn hóa – Thông tin và Thể thao huyện\n" in normalize(t1).text


# a hard-wrapped plan of our own: paragraphs wrapped at about 72 characters
_WRAPPED = """III. TỔ CHỨC THỰC HIỆN
1. Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh Quảng Trị
Tăng cường đăng tải tin, bài trên trang thông tin điện tử của đơn vị, lồng
ghép nội dung tuyên truyền vào các chương trình, đề án đang triển khai tại
các huyện biên giới và các xã ven biển của tỉnh.
2. Sở Văn hóa, Thể thao và Du lịch phối hợp với Ban Chỉ huy Bộ đội Biên
phòng tỉnh tổ chức tuyên truyền về chủ quyền biên giới quốc gia cho người
dân sinh sống tại các xã biên giới của tỉnh trong năm.
PHỤ LỤC
STT
Tên nhiệm vụ
Cơ quan chủ trì
1
Tổ chức hội nghị tập huấn nghiệp vụ thông tin đối ngoại cho cán bộ
Trung tâm Văn hóa, Thông tin và Thể thao huyện; Phòng Văn hóa và
Thông tin huyện
"""


def test_a_long_agency_heading_stays_apart_from_its_paragraph_and_a_cell_ending_with_va_is_joined():
    text = normalize(_WRAPPED).text
    # the heading is as long as the lines, but the next line begins a sentence ("Tăng cường …")
    assert "\n1. Trung tâm Xúc tiến đầu tư, thương mại và du lịch tỉnh Quảng Trị\nTăng cường đăng tải" in text
    assert "tin, bài trên trang thông tin điện tử của đơn vị, lồng ghép nội dung" in text
    # a heading wrapped before a name is still joined ("Biên / phòng" is lower case; "Ban Chỉ huy" on one line)
    assert "Ban Chỉ huy Bộ đội Biên phòng tỉnh tổ chức" in text
    # a table cell printed on two lines, the first ending with "và", is one cell; the other cells stay apart
    assert "\nTrung tâm Văn hóa, Thông tin và Thể thao huyện; Phòng Văn hóa và Thông tin huyện\n" in text
    assert "\nTên nhiệm vụ\nCơ quan chủ trì\n1\n" in text


def test_a_wrapped_plan_is_known_as_wrapped_despite_its_list_items_and_task_table():
    # few of its long lines are continued (its items start lines, its table is one cell per line), yet the
    # citation's issuer wrapped before "Thuận" must be joined: the province of the plan depends on it
    cells = "\n".join(f"{i}\nTổ chức hội nghị tập huấn nghiệp vụ thông tin đối ngoại cho cán bộ cấp xã\n"
                      "Phòng Văn hóa và Thông tin thị xã\nQuý IV/2021" for i in range(1, 9))
    text = ("Căn cứ Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016 của Bộ Thông tin và Truyền thông hướng dẫn quản\n"
            "lý hoạt động thông tin đối ngoại;\n"
            "Thực hiện Kế hoạch số 672/KH-UBND ngày 11/1/2021 của UBND tỉnh Bình\n"
            "Thuận về thông tin, tuyên truyền về hội nhập quốc tế năm 2021;\n"
            "- Góp phần giữ vững ổn định chính trị, bảo đảm quốc phòng, an ninh và trật tự an\n"
            "toàn xã hội.\n"
            "- Triển khai thực hiện nghiêm túc, hiệu quả, tránh hình thức, lãng phí trong\n"
            "- Đổi mới nội dung, hình thức tuyên truyền theo hướng chuyên nghiệp, hiện đại.\n"
            "- Quán triệt và triển khai có hiệu quả Luật Tiếp cận thông tin trên địa bàn.\n"
            "III. TỔ CHỨC THỰC HIỆN\n"
            "1. Phòng Văn hóa và Thông tin chủ trì, phối hợp với các cơ quan, đơn vị\n"
            "tham mưu Ủy ban nhân dân thị xã triển khai Kế hoạch.\n"
            "PHỤ LỤC\nSTT\nTên nhiệm vụ\nCơ quan chủ trì\nThời gian\n" + cells + "\n")
    assert "của UBND tỉnh Bình Thuận về thông tin" in normalize(text).text


def test_an_agency_name_broken_before_its_dash_is_joined_though_the_next_line_looks_like_a_bullet():
    text = ("2. Trung tâm Văn hóa, Thông tin và Thể thao: Phối hợp với Phòng Tài chính\n"
            "- Kế hoạch bố trí kinh phí thực hiện các nhiệm vụ.\n- Phòng Tài chính\n- Rà soát kinh phí.\n")
    out = normalize(text)
    assert "Phối hợp với Phòng Tài chính - Kế hoạch bố trí kinh phí" in out.text
    assert "\n- Phòng Tài chính\n- Rà soát kinh phí." in out.text  # a bullet that does not continue a name
    i = out.text.index("Phòng Tài chính - Kế hoạch")
    assert out.original_span(i, i + len("Phòng Tài chính - Kế hoạch")) == (text.index("Phòng Tài chính"),
                                                                          text.index(" bố trí"))


def test_an_agency_name_broken_after_its_dash_is_joined_in_a_table_cell_too():
    """"Phòng Tài chính -" / "Kế hoạch thành phố": the dash ends the line. In a task table printed one cell per
    line the cell was two, and the coordinator "Phòng Tài chính"; in running text, likewise."""
    table = ("Số: 12/KH-UBND\nKẾ HOẠCH\nPHỤ LỤC\nSTT\n\nTên nhiệm vụ\n\nCơ quan chủ trì\n\nCơ quan phối hợp\n\n"
             "1\n\nPhát hành tài liệu hỏi - đáp phục vụ tuyên truyền ở cơ sở\n\nPhòng Giáo dục và Đào tạo\n\n"
             "Trung tâm Văn hóa, Thông tin và Thể thao thành phố, Phòng Tài chính -\nKế hoạch thành phố\n")
    assert "Phòng Tài chính - Kế hoạch thành phố" in normalize(table).text
    prose = "2. Phòng Văn hóa và Thông tin: Phối hợp với Phòng Tài chính -\nKế hoạch bố trí kinh phí.\n"
    assert "Phối hợp với Phòng Tài chính - Kế hoạch bố trí kinh phí." in normalize(prose).text
    # a dash that ends a line without ending a name is left alone where the text is not hard-wrapped
    assert "Hỏi -\nĐáp" in normalize("Chuyên mục Hỏi -\nĐáp pháp luật.\n").text


def test_the_eth_look_alike_is_read_as_d_with_stroke_and_its_evidence_keeps_the_print(seeds_dir):
    """A Latin-1 decoding of Windows-1258, some keyboards and Tesseract give "Ð" (U+00D0, Icelandic) for "Đ":
    every citation and agency of a seed written so is found as in the seed, the evidence as printed."""
    from kehoach.ingest.pipeline import extract_text

    seed = (seeds_dir / "002_b85c26701672cfe5.txt").read_text(encoding="utf-8")
    eth = seed.replace("Đ", "Ð").replace("đ", "ð")
    assert eth != seed
    want, got = extract_text(seed).to_dict(), extract_text(eth).to_dict()
    assert [c["number"] for c in got["cites"]] == [c["number"] for c in want["cites"]]
    assert [a["name"] for a in got["agencies"]] == [a["name"] for a in want["agencies"]]
    assert [t["leads"] for t in got["tasks"]] == [t["leads"] for t in want["tasks"]]
    printed = [c["evidence"]["text"].replace("Đ", "Ð").replace("đ", "ð") for c in want["cites"]]
    assert [c["evidence"]["text"] for c in got["cites"]] == printed
    assert any("Ð" in text for text in printed)


def test_a_document_flattened_onto_one_line_is_read_as_its_layout():
    """A PDF's text layer or a page that lost its line breaks: the header, the number, the place and date, the type
    word, the title and each "Căn cứ" begin their lines again (was read as a news article: no number, no date, the
    bases the body's), and every evidence offset still points at the file's text."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN TỈNH AN GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Số: 190/KH-UBND "
            "An Giang, ngày 18 tháng 4 năm 2019 KẾ HOẠCH Hoạt động thông tin đối ngoại tỉnh An Giang năm 2019 Căn cứ "
            "Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ về quản lý hoạt động thông tin đối ngoại; Căn cứ "
            "Quyết định số 59/2017/QĐ-UBND ngày 19/9/2017 của Ủy ban nhân dân tỉnh An Giang ban hành Quy chế quản lý nhà "
            "nước về thông tin đối ngoại; I. MỤC ĐÍCH, YÊU CẦU - Nâng cao nhận thức; - Quảng bá hình ảnh của tỉnh.")
    rec = extract_text(text, file="t.txt").to_dict()
    p = rec["plan"]
    assert (rec["kind"], p["number"], p["date"], p["place"]) == ("plan", "190/KH-UBND", "2019-04-18", "An Giang")
    assert p["title"] == "Hoạt động thông tin đối ngoại tỉnh An Giang năm 2019"
    assert [(c["number"], c["role"]) for c in rec["cites"]] == [("72/2015/NĐ-CP", "basis"), ("59/2017/QĐ-UBND", "basis")]
    for c in rec["cites"]:
        ev = c["evidence"]
        assert text[ev["start"]:ev["end"]] == ev["text"]
