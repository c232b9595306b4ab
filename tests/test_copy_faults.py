"""What a web page's or an OCR's copy does to a plan's words, on texts of our own: spaces lost inside words
("PHÁPLUẬT"), gained inside syllables ("c ủa"), lost after a comma ("PHÒNG,CHỐNG"), and the type word printed on
the title's line ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kehoach import extract_text
from kehoach.ingest import respace
from kehoach.ingest.normalize import normalize
from kehoach.ingest.respace import apply_edits, find_respacing

_HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\n---------------\nSố: 41/KH-UBND\nThái Nguyên, ngày 12 tháng 3 năm 2024\n")

# a law library's copy: the spaces where two inline elements met are gone
_GLUED = _HEADER + (
    "KẾ HOẠCH\nTRIỂN KHAI LUẬT PHỔ BIẾN, GIÁO DỤC PHÁPLUẬT TRÊN ĐỊA BÀN TỈNH THÁINGUYÊN NĂM 2024\n"
    "Căn cứ Luật Phổbiến, giáo dục pháp luật ngày 20 tháng 6 năm 2012;\n"
    "Căn cứ Luật Tổ chứcHĐND và UBND ngày 26 tháng 11 năm 2003;\n"
    "Căn cứ Quyết địnhsố 12/2023/QĐ-UBND ngày 02/3/2023 củaUBND tỉnh về công tác phổ biến pháp luật;\n"
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n"
    "- Nâng cao ý thức chấp hành pháp luật của cán bộ và Nhân dân; quảng bá trên Facebook, Zalo và Internet.\n"
)


def test_glued_words_are_split_and_facts_read_through_them():
    r = extract_text(_GLUED, file="glued.txt").to_dict()
    assert r["plan"]["title"] == ("TRIỂN KHAI LUẬT PHỔ BIẾN, GIÁO DỤC PHÁP LUẬT TRÊN ĐỊA BÀN TỈNH THÁI NGUYÊN "
                                  "NĂM 2024")
    cites = {c["number"] or c["name"]: c for c in r["cites"]}
    assert "Luật Phổ biến, giáo dục pháp luật" in cites
    assert "Luật Tổ chức HĐND và UBND" in cites
    decision = cites["12/2023/QĐ-UBND"]
    assert (decision["type"], decision["date"], decision["issuer"]) == ("Quyết định", "2023-03-02",
                                                                        "UBND tỉnh Thái Nguyên")
    # the evidence is the file's own text, glued as printed
    assert "Quyết địnhsố 12/2023/QĐ-UBND" in decision["as_written"] or decision["as_written"].startswith(
        "Quyết địnhsố")


def test_foreign_words_abbreviations_and_urls_stay():
    text = _GLUED + "Trang tinthachkim.hatinh.gov.vn; ASEAN, UNESCO, COVID, QĐ-TTg, TP.HCM, eGov, Zalo.\n"
    n = normalize(text).text
    for word in ("Facebook", "Zalo", "Internet", "ASEAN", "UNESCO", "COVID", "QĐ-TTg", "TP.HCM", "eGov",
                 "tinthachkim.hatinh.gov.vn"):
        assert word in n
    assert "PHÁP LUẬT" in n and "THÁI NGUYÊN" in n and "Tổ chức HĐND" in n and "của UBND" in n


def test_a_glued_word_splits_only_where_its_parts_are_words():
    # "BANHÀNH": both parts are words of the text; "CHÍNHPHỦX": "PHỦX" is no word; "nhanh" is one syllable
    text = "ban hành; BANHÀNH; CHÍNHPHỦX; nhanh chóng"
    assert apply_edits(text, find_respacing(text)) == "ban hành; BAN HÀNH; CHÍNHPHỦX; nhanh chóng"


@pytest.mark.parametrize("broken, fixed", [
    ("Chỉ thị c ủa Thủ tướng Chính ph ủ về việc của Chính phủ", "Chỉ thị của Thủ tướng Chính phủ về việc của Chính phủ"),
    ("thông m inh, thành phố thông minh", "thông minh, thành phố thông minh"),
])
def test_a_syllable_an_ocr_split_is_joined_where_the_whole_is_a_word_of_the_text(broken, fixed):
    assert normalize(broken).text == fixed


def test_a_split_that_makes_no_word_of_the_text_stays():
    # "c ủa" with no "của" elsewhere, and "m ở" ("mở" nowhere): left as printed
    assert normalize("Chỉ thị c ủa Thủ tướng; m ở").text == "Chỉ thị c ủa Thủ tướng; m ở"


def test_a_comma_between_two_words_gets_its_space_and_numbers_keep_theirs():
    assert normalize("PHÒNG,CHỐNG TAI NẠN; tỷ lệ 1,5%; Lưu: VT,KGVX").text == (
        "PHÒNG, CHỐNG TAI NẠN; tỷ lệ 1,5%; Lưu: VT, KGVX")


def test_respaced_text_maps_back_to_the_file():
    n = normalize(_GLUED)
    for word in ("PHÁP LUẬT", "THÁI NGUYÊN", "Quyết định số 12", "của UBND", "Tổ chức HĐND"):
        s = n.text.index(word)
        back = n.original_text(s, s + len(word))
        assert back.replace(" ", "") == word.replace(" ", ""), (word, back)


@pytest.mark.parametrize("title_line, title, doc_type", [
    ("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025", "CẢI CÁCH HÀNH CHÍNH NĂM 2025", "Kế hoạch"),
    ("KẾ HOẠCH HÀNH ĐỘNG THỰC HIỆN CHUYỂN ĐỔI SỐ NĂM 2025", "HÀNH ĐỘNG THỰC HIỆN CHUYỂN ĐỔI SỐ NĂM 2025", "Kế hoạch"),
    ("CHƯƠNG TRÌNH CÔNG TÁC THÔNG TIN ĐỐI NGOẠI NĂM 2025", "CÔNG TÁC THÔNG TIN ĐỐI NGOẠI NĂM 2025", "Chương trình"),
])
def test_type_word_and_title_on_one_line(title_line, title, doc_type):
    text = (_HEADER + "\n" + title_line + "\n\nCăn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ;\n"
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao.\n")
    r = extract_text(text, file="oneline.txt").to_dict()
    plan = r["plan"]
    assert (r["kind"], plan["title"], plan["doc_type"], plan["year_covered"]) == ("plan", title, doc_type, 2025)
    assert plan["evidence"]["title"]["text"] == title
    assert [c["number"] for c in r["cites"]] == ["76/NQ-CP"]


def test_capital_fragments_join_and_short_loanwords_stay():
    text = "KẾ HOẠCH THỰC HIỆN CHỈ THỊ C ỦA THỦ TƯỚNG; của Thủ tướng; treo panô, khẩu hiệu; pa nô"
    assert normalize(text).text == "KẾ HOẠCH THỰC HIỆN CHỈ THỊ CỦA THỦ TƯỚNG; của Thủ tướng; treo panô, khẩu hiệu; pa nô"


_PIECES = ["PHÁP", "LUẬT", "pháp", "luật", "c", "ủa", "của", "UBND", "HĐND", "chức", "Tổ", "video", "panô", "C",
           "ỦA", "ngh", "ph", "ủ", "Ý", "y", "QĐ-TTg", "Kế hoạch", "KẾ HOẠCH", "giáo", "dục", "CT", "PCT", "ban",
           "hành", "Ban", "và", " ", " ", " ", "\n", ",", ".", "/", "-", "1", "(", "nhanh", "thông", "tin", "ứng"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40))
def test_the_byte_test_misses_no_edit_the_patterns_would_make(pieces):
    """``_shapes`` (bit operations) only spares the pattern scans where they would find nothing: with it and with
    the scans always run, the same edits (texts without "đ", the one shape it does not see)."""
    text = "".join(pieces)
    with_test = respace.find_respacing(text)
    original = respace._shapes
    try:
        respace._shapes = lambda t: (True, True)
        always = respace.find_respacing(text)
    finally:
        respace._shapes = original
    assert with_test == always


def test_glued_syllables_with_marks_split_even_when_the_text_prints_them_nowhere_else():
    # "PHÊDUYỆT": "phê" and "duyệt" are nowhere else in this text, but both bear marks and split one way only;
    # "BANHÀNH" splits where the text's own words decide ("ban", not "ba" + "nhành")
    n = normalize("QUYẾT ĐỊNH\nPHÊDUYỆT KẾ HOẠCH; ban ngành; BANHÀNH; THÁINGUYÊN; Thái Nguyên").text
    assert n == "QUYẾT ĐỊNH\nPHÊ DUYỆT KẾ HOẠCH; ban ngành; BAN HÀNH; THÁI NGUYÊN; Thái Nguyên"


def test_an_abbreviation_glued_to_the_next_word_splits_and_a_party_number_keeps_its_suffix():
    text = _HEADER + ("KẾ HOẠCH\nDU LỊCH NĂM 2024\nCăn cứ Thông báo số 70-TB/TWngày 12/3/2012 của Bộ Chính trị; Kế hoạch "
                      "số 183-KH/TWĐTN-TNNT ngày 28/2/2024 của Ban Bí thư Trung ương Đoàn; Nghị quyết số 36-NQ/TW ngày "
                      "26/3/2004 của BỘ CHÍNH TRỊ KHÓA IX về công tác người Việt Nam ở nước ngoài;\n"
                      "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao.\n")
    cites = {c["number"]: c for c in extract_text(text, file="p.txt").to_dict()["cites"]}
    assert set(cites) == {"70-TB/TW", "183-KH/TWĐTN-TNNT", "36-NQ/TW"}
    assert (cites["70-TB/TW"]["date"], cites["70-TB/TW"]["issuer"]) == ("2012-03-12", "Bộ Chính trị")
    assert cites["36-NQ/TW"]["issuer"] == "BỘ CHÍNH TRỊ"


def test_a_place_and_date_wrapped_in_a_narrow_cell_and_a_title_that_does_not_run_into_the_text():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "---------------\n|\nSố: 68/KH-UBND\n|\nSơn\nLa, ngày 11 tháng 3\nnăm 2021\n|\nKẾ HOẠCH\n"
            "PHÒNG, CHỐNG DỊCH BỆNH TRUYỀN NHIỄM TỈNH SƠN LA,\nNĂM 2021\nTheo thông báo của Bộ Y tế, trong năm\n"
            "2020 tình hình dịch bệnh diễn biến phức tạp.\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao.\n")
    plan = extract_text(text, file="p.txt").to_dict()["plan"]
    assert (plan["number"], plan["place"], plan["date"], plan["level"]) == ("68/KH-UBND", "Sơn La", "2021-03-11",
                                                                          "province")
    assert plan["title"] == "PHÒNG, CHỐNG DỊCH BỆNH TRUYỀN NHIỄM TỈNH SƠN LA, NĂM 2021"


def test_a_long_title_in_capitals_is_not_joined_to_the_text_and_a_document_inside_its_parents_description_is_no_derive():
    body = " ".join(["Đây là đoạn văn bản dài được in cắt dòng theo độ rộng cố định của trang giấy PDF này"] * 3)
    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH PHƯỚC\nSố: 17/KH-UBND\nBình Phước, ngày 07 tháng 03 năm 2022\nKẾ HOẠCH\n"
            "TRIỂN KHAI THỰC HIỆN KẾ HOẠCH SỐ 164-KH/TU NGÀY 24/8/2022 CỦA TỈNH ỦY VỀ VIỆC TRIỂN\n"
            "KHAI THỰC HIỆN CHỈ THỊ SỐ 12-CT/TW NGÀY 05/01/2022 CỦA BAN BÍ THƯ VỀ ĐỐI NGOẠI NHÂN DÂN NĂM 2022\n"
            "Theo đánh giá của ngành, trong năm\n2021 tình hình " + "\n".join(body[i:i + 80] for i in range(0, len(body), 80))
            + ".\nI. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao.\n")
    r = extract_text(text, file="p.txt").to_dict()
    assert r["plan"]["title"].endswith("VỀ ĐỐI NGOẠI NHÂN DÂN NĂM 2022")
    assert [d["number"] for d in r["derives_from"]] == ["164-KH/TU"]


def test_a_copy_is_mended_throughout_when_its_opening_shows_lost_spaces_and_left_alone_when_it_does_not():
    clean = "Nội dung văn bản được sao chép đầy đủ. " * 80
    assert normalize("KẾ HOẠCH PHÁPLUẬT\n" + clean + "\ncủaUBND tỉnh").text.endswith("của UBND tỉnh")
    assert normalize("KẾ HOẠCH PHÁP LUẬT\n" + clean + "\ncủaUBND tỉnh").text.endswith("củaUBND tỉnh")
