"""Plan metadata: every gold field of every seed, and hand-written headers in the shapes of domain.md."""

from __future__ import annotations

import pytest

from kehoach.ingest.document import Document
from kehoach.ingest.evaluate import score_plan
from kehoach.ingest.layout import segment
from kehoach.ingest.metadata import extract_metadata
from kehoach.ingest.metadata.dates import parse_date
from kehoach.ingest.metadata.header import clean_number


def _meta(text: str):
    doc = Document.from_text(text, file="t.txt")
    doc.layout = segment(doc.text)
    return extract_metadata(doc)


def test_gold_plan_metadata_all_fields(seed_records, gold):
    by_file = {r["file"]: r for r in seed_records}
    wrong = {}
    total = 0
    for g in gold["documents"]:
        rec = by_file[g["file"]]
        assert rec["kind"] == g["kind"], g["file"]
        s = score_plan(rec["plan"], g["plan"])
        total += s["correct"]
        if s["wrong"]:
            wrong[g["file"]] = s["wrong"]
    assert not wrong
    assert total == 14 * len(gold["documents"])


def test_evidence_points_into_original_file(seeds_dir, seed_records):
    for rec in seed_records:
        original = (seeds_dir / rec["file"]).read_text(encoding="utf-8")
        ev = rec["plan"]["evidence"]
        assert ev, rec["file"]
        for field, e in ev.items():
            assert original[e["start"]:e["end"]] == e["text"], (rec["file"], field)
    number = next(r for r in seed_records if r["file"].startswith("001"))["plan"]["evidence"]["number"]
    assert number["text"] == "99 /KH-UBND"


def test_news_reports_plan_with_typo(seed_records):
    rec = next(r for r in seed_records if r["file"].startswith("000"))
    assert rec["kind"] == "news"
    assert rec["plan"]["number"] == "210/KH-UBND" and rec["plan"]["date"] == "2023-11-01"
    assert rec["plan"]["signer"] is None  # the byline is not a signer


HEADER = """ỦY BAN NHÂN DÂN
HUYỆN TRÙNG KHÁNH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: /KH-UBND
Trùng Khánh, ngày tháng 01 năm 2022
KẾ HOẠCH
TUYÊN TRUYỀN BIÊN GIỚI
NĂM 2022
Thực hiện Kế hoạch số 12/KH-UBND ngày 05/01/2022 của UBND tỉnh Cao Bằng;
I. MỤC ĐÍCH
1. Mục đích
Nơi nhận:
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Nguyễn Văn An
"""


def test_district_header_blank_number_and_day():
    kind, plan = _meta(HEADER)
    assert kind == "plan"
    assert plan.number is None
    assert (plan.date, plan.date_partial, plan.place) == (None, "2022-01", "Trùng Khánh")
    assert plan.title == "TUYÊN TRUYỀN BIÊN GIỚI NĂM 2022" and plan.year_covered == 2022
    assert (plan.issuer.name, plan.issuer.jurisdiction) == ("Ủy ban nhân dân", "huyện Trùng Khánh")
    assert (plan.level, plan.province, plan.district) == ("district", "Cao Bằng", "Trùng Khánh")
    assert (plan.signer.name, plan.signer.title) == ("Nguyễn Văn An", "Chủ tịch")


def test_issuer_from_issuing_sentence_when_header_has_none():
    text = ("Số: 15 /KH-UBND\nSơn La, ngày 03/02/2023\nKẾ HOẠCH\nThông tin đối ngoại năm 2023\n"
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\nI. MỤC TIÊU\n")
    kind, plan = _meta(text)
    assert (plan.number, plan.date, plan.place) == ("15/KH-UBND", "2023-02-03", "Sơn La")
    assert plan.title == "Thông tin đối ngoại năm 2023"
    assert plan.issuer.jurisdiction == "tỉnh Sơn La" and plan.level == "province" and plan.district is None


def test_issuer_from_a_date_line_that_prints_the_level_word():
    """"Thành phố Hồ Chí Minh, ngày …" and "Ủy ban nhân dân thành phố ban hành …" (a header not read: a TCVN3
    copy's "Uỷ BAN NHÂN DÂN"): the city was "thành phố Thành phố Hồ Chí Minh", a district-level city, and every
    agency of the plan went to it."""
    text = ("Số: 930/KH-UBND\nThành phố Hồ Chí Minh, ngày 06 tháng 12 năm 2023\nKẾ HOẠCH\nThông tin đối ngoại "
            "năm 2024\nỦy ban nhân dân thành phố ban hành Kế hoạch như sau:\nI. MỤC TIÊU\n")
    kind, plan = _meta(text)
    assert plan.issuer.jurisdiction == "thành phố Hồ Chí Minh"
    assert (plan.level, plan.province, plan.district) == ("province", "Hồ Chí Minh", None)


@pytest.mark.parametrize("raw,expected", [("99 /KH-UBND", "99/KH-UBND"), ("/KH-UBND", None), ("", None),
                                          ("01-KH/BCĐ.TTĐN", "01-KH/BCĐ.TTĐN")])
def test_clean_number(raw, expected):
    assert clean_number(raw) == expected


@pytest.mark.parametrize("text,expected", [
    ("ngày 07/9/2015", ("2015-09-07", None)),
    ("ngày 07 tháng 9 năm 2015", ("2015-09-07", None)),
    ("ngày tháng 01 năm 2022", (None, "2022-01")),
    ("ngày 13 /12/2023", ("2023-12-13", None)),
    ("ngày 31/02/2023 sai", ("2023-02-31", None)),
    ("không có ngày", (None, None)),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_no_plan_structure_does_not_crash():
    kind, plan = _meta("")
    assert plan.number is None and plan.signer is None
    kind, plan = _meta("Một đoạn văn bất kỳ.\n")
    assert kind == "news" and plan.issuer is None


# a header printed as a table: the web page's cells copied with "|" between them, a narrow date cell that wraps
# (examples of our own, in the shapes real pages show)
_TABLE_HEADER = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC KẠN\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n"
                 "Độc lập - Tự do - Hạnh phúc\n---------------\n|\nSố: 71/KH-UBND\n|\n{place}, ngày 14\n"
                 "tháng 02 năm 2022\n|\nKẾ HOẠCH\nThông tin đối ngoại năm 2022\n"
                 "Thực hiện Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ, UBND tỉnh ban hành Kế hoạch:\n"
                 "I. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao nhận thức.\n")


@pytest.mark.parametrize("place, printed", [("Bắc Kạn", "Bắc Kạn"), ("Bà Rịa - Vũng\nTàu", "Bà Rịa - Vũng Tàu"),
                                            ("Tiền\nGiang", "Tiền Giang")])
def test_header_printed_as_a_table_with_a_wrapped_date_cell(place, printed):
    kind, plan = _meta(_TABLE_HEADER.format(place=place))
    assert (kind, plan.number, plan.place, plan.date) == ("plan", "71/KH-UBND", printed, "2022-02-14")
    assert plan.issuer.jurisdiction == "tỉnh Bắc Kạn"
    text = _TABLE_HEADER.format(place=place)
    for field, value in (("number", "71/KH-UBND"), ("place", place)):  # evidence: the span as printed
        ev = plan.evidence[field]
        assert text[ev.start:ev.end] == ev.text == value


def test_cells_on_one_line_with_bars_between():
    kind, plan = _meta("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nTỈNH YÊN BÁI |\n"
                       "Số: 9/KH-UBND | Yên Bái, ngày 3 tháng 1 năm 2020 |\nKẾ HOẠCH\nThông tin đối ngoại năm 2020\n"
                       "I. MỤC ĐÍCH\n- Nâng cao.\n")
    assert (plan.number, plan.place, plan.date, plan.year_covered) == ("9/KH-UBND", "Yên Bái", "2020-01-03", 2020)


@pytest.mark.parametrize("title", ["", "HOẠT ĐỘNG THÔNG TIN ĐỐI NGOẠI TỈNH YÊN BÁI NĂM 2021\n"])
def test_plan_whose_page_prints_no_type_word_under_the_header(title):
    """A web page shows the plan's title apart and leaves "KẾ HOẠCH" out: the header still makes it a plan,
    its preamble a preamble (cites role basis) and its all-capital line, when there is one, the title."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 12/KH-UBND |\nYên Bái, ngày 20\n"
            f"tháng 01 năm 2021 |\n{title}Thực hiện Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ, "
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao nhận thức.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    plan = rec["plan"]
    assert (rec["kind"], plan["number"], plan["place"], plan["date"]) == ("plan", "12/KH-UBND", "Yên Bái", "2021-01-20")
    assert plan["issuer"]["jurisdiction"] == "tỉnh Yên Bái"
    assert plan["title"] == (title.strip() or None) and plan["year_covered"] == (2021 if title else None)
    assert [(c["number"], c["role"]) for c in rec["cites"]] == [("72/2015/NĐ-CP", "basis")]
    assert [d["number"] for d in rec["derives_from"]] == ["72/2015/NĐ-CP"]


def test_decision_title_stops_before_its_authority_line_and_dash_headings_end_a_title():
    _, plan = _meta("Số: 7/QĐ-UBND\nHà Giang, ngày 2 tháng 3 năm 2024\nQUYẾT ĐỊNH\nBAN HÀNH KẾ HOẠCH THÔNG TIN ĐỐI "
                    "NGOẠI NĂM 2024\nỦY BAN NHÂN DÂN TỈNH HÀ GIANG\nCăn cứ Luật Tổ chức chính quyền địa phương;\n"
                    "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n")
    # the plan's title, without the decision's "BAN HÀNH KẾ HOẠCH"
    assert plan.title == "THÔNG TIN ĐỐI NGOẠI NĂM 2024" and plan.year_covered == 2024
    _, plan = _meta("Số: 8/KH-UBND\nAn Giang, ngày 6 tháng 7 năm 2016\nKẾ HOẠCH\nTHỰC HIỆN NGHỊ QUYẾT SỐ 27/NQ-CP "
                    "NGÀY 05 THÁNG 4 NĂM 2016 GIAI ĐOẠN 2016 - 2020\nI- MỤC TIÊU\n1- Nâng cao nhận thức.\n"
                    "II- NHIỆM VỤ\n1- Tuyên truyền.\n")
    assert plan.title == "THỰC HIỆN NGHỊ QUYẾT SỐ 27/NQ-CP NGÀY 05 THÁNG 4 NĂM 2016 GIAI ĐOẠN 2016 - 2020"
    assert plan.year_covered is None


@pytest.mark.parametrize("sentence, issuer, date, title", [
    ("UBND tỉnh Hòa Bình vừa ban hành Kế hoạch số 88/KH-UBND ngày 12/3/2023 về công tác thông tin đối ngoại "
     "năm 2023.", "tỉnh Hòa Bình", "2023-03-12", "công tác thông tin đối ngoại năm 2023"),
    ("Mới đây, UBND TP. Hà Nội đã có Kế hoạch số 88/KH-UBND về việc tổ chức hoạt động thông tin đối ngoại "
     "TP. Hà Nội năm 2023, nhằm quảng bá hình ảnh.", "thành phố Hà Nội", None,
     "tổ chức hoạt động thông tin đối ngoại TP. Hà Nội năm 2023"),
    ("Thực hiện Quyết định số 930/QĐ-TTg ngày 28/7/2018 của Thủ tướng Chính phủ, ngày 5/9/2023, Kế hoạch số "
     "88/KH-UBND thực hiện tuyên truyền biển, đảo năm 2023 vừa được UBND tỉnh Hòa Bình ban hành.",
     "tỉnh Hòa Bình", "2023-09-05", "thực hiện tuyên truyền biển, đảo năm 2023"),
    ("Thực hiện Quyết định số 930/QĐ-TTg ngày 28 tháng 7 năm 2018 của Thủ tướng Chính phủ, vừa qua, UBND tỉnh "
     "Hòa Bình ban hành Kế hoạch số 88/KH-UBND.", "tỉnh Hòa Bình", None, None),
])
def test_news_article_reports_the_plan(sentence, issuer, date, title):
    """A news article's sentence gives the plan's issuer (active, passive, "TP."), its date (not the date of a
    document the sentence cites) and what the plan is about when no headline names it."""
    kind, plan = _meta("Tin tức – Sự kiện\n" + sentence + "\nKế hoạch đề ra nhiều nhiệm vụ cụ thể.\n")
    assert kind == "news" and plan.number == "88/KH-UBND"
    assert (plan.issuer.jurisdiction if plan.issuer else None, plan.level) == (issuer, "province")
    assert (plan.date, plan.title) == (date, title)
    assert plan.year_covered == (2023 if title else None)


def test_party_committee_action_plan_with_number_and_place_on_one_line():
    """A Party committee's header ("HUYỆN ỦY …"), the number and the place/date printed on one line, a "***" rule,
    the type "KẾ HOẠCH HÀNH ĐỘNG" and a lower-case title line under it: the title is the words after "Kế hoạch"
    (the gold's convention), "Hành động thực hiện …"."""
    kind, plan = _meta("ĐẢNG BỘ TỈNH THANH HÓA ĐẢNG CỘNG SẢN VIỆT NAM\nHUYỆN ỦY NÔNG CỐNG\n***\n"
                       "Số: 31-KH/HU Nông Cống, ngày 3 tháng 3 năm 2022\nKẾ HOẠCH HÀNH ĐỘNG\n"
                       "thực hiện Chỉ thị số 12-CT/TW về đối ngoại nhân dân\nThực hiện Chỉ thị số 12-CT/TW ngày "
                       "05/01/2022 của Ban Bí thư, Ban Thường vụ Huyện ủy ban hành Kế hoạch:\nI. MỤC ĐÍCH\n- Nâng cao.\n")
    assert (kind, plan.number, plan.place, plan.date, plan.doc_type) == (
        "plan", "31-KH/HU", "Nông Cống", "2022-03-03", "Kế hoạch")
    assert (plan.issuer.name, plan.issuer.jurisdiction, plan.level) == ("Huyện ủy", "huyện Nông Cống", "district")
    assert plan.title == "Hành động thực hiện Chỉ thị số 12-CT/TW về đối ngoại nhân dân"


@pytest.mark.parametrize("sentence", [
    "UBND tỉnh Hòa Bình vừa ban hành Kế hoạch thông tin đối ngoại tỉnh Hòa Bình năm 2023 nhằm quảng bá hình ảnh.",
    "Kế hoạch thông tin đối ngoại tỉnh Hòa Bình năm 2023 vừa được UBND tỉnh Hòa Bình ban hành.",
])
def test_news_article_about_a_plan_without_its_number(sentence):
    kind, plan = _meta("Tin tức\n" + sentence + "\nKế hoạch đề ra 11 nhiệm vụ trọng tâm.\n")
    assert (kind, plan.number, plan.title) == ("news", None, "thông tin đối ngoại tỉnh Hòa Bình năm 2023")
    assert (plan.issuer.jurisdiction, plan.year_covered) == ("tỉnh Hòa Bình", 2023)


@pytest.mark.parametrize("sentence, title", [
    ("Ngày 18/3/2021, UBND tỉnh Hòa Bình đã ban hành Kế hoạch số 42/KH-UBND tổ chức phong trào thi đua năm 2021.",
     "tổ chức phong trào thi đua năm 2021"),
    ("UBND tỉnh Hòa Bình ban hành Kế hoạch số 42/KH-UBND nhằm triển khai công tác bảo vệ rừng, phòng cháy rừng "
     "năm 2021.", "triển khai công tác bảo vệ rừng, phòng cháy rừng năm 2021"),
    ("UBND tỉnh Hòa Bình vừa ban hành Kế hoạch triển khai công tác tuyển chọn, gọi công dân nhập ngũ năm 2021.",
     "triển khai công tác tuyển chọn, gọi công dân nhập ngũ năm 2021"),
])
def test_news_title_is_what_the_plan_does(sentence, title):
    kind, plan = _meta("Tin tức\n" + sentence + "\nKế hoạch đề ra nhiều nhiệm vụ.\n")
    assert (kind, plan.title, plan.year_covered) == ("news", title, 2021)


def test_misprinted_header_unit_and_a_title_only_the_preamble_gives():
    """A header unit misprinted ("THÀNH PHHỒ CHÍ MINH") is read from the decision's authority line; a plan printed
    without its title (a web page shows it apart) takes the one its issuing sentence gives."""
    _, plan = _meta("ỦY BAN NHÂN DÂN\nTHÀNH PHHỒ CHÍ MINH\nSố: 1369/QĐ-UBND\nThành phố Hồ Chí Minh, ngày 09 tháng "
                    "04 năm 2018\nQUYẾT ĐỊNH\nBAN HÀNH KẾ HOẠCH THÔNG TIN ĐỐI NGOẠI NĂM 2018\nỦY BAN NHÂN DÂN THÀNH "
                    "PHỐ HỒ CHÍ MINH\nCăn cứ Luật Tổ chức chính quyền địa phương;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành.\n")
    assert (plan.issuer.jurisdiction, plan.level, plan.province) == ("thành phố Hồ Chí Minh", "province", "Hồ Chí Minh")
    _, plan = _meta("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 952/KH-UBND |\nKon Tum, ngày 05 tháng "
                    "4 năm 2022 |\nCăn cứ Văn bản số 225/VPCP-QHQT ngày 26/01/2022 của Văn phòng Chính phủ; Ủy ban "
                    "nhân dân tỉnh ban hành Kế hoạch công tác đối ngoại năm 2022 như sau:\nI. MỤC ĐÍCH\n- Nâng cao.\n")
    assert (plan.number, plan.title, plan.year_covered) == ("952/KH-UBND", "công tác đối ngoại năm 2022", 2022)


def test_district_plan_that_never_names_its_province():
    """The province of a district whose name only one province has (gazetteer districts.tsv); a shared name
    ("Châu Thành") tells none."""
    for district, province in (("Núi Thành", "Quảng Nam"), ("Châu Thành", None)):
        _, plan = _meta(f"Tin tức\nUBND huyện {district} vừa ban hành Kế hoạch số 12/KH-UBND về tuyển quân năm 2020.\n")
        assert (plan.level, plan.district, plan.province) == ("district", district, province)


def test_news_article_that_says_ke_hoach_in_lower_case_is_read_not_refused():
    from kehoach import extract_text
    from kehoach.ingest.pipeline import plan_signals

    text = ("Nhằm phát huy thành tựu năm 2024, Ban Tuyên giáo Huyện ủy đề ra kế hoạch triển khai công tác thông tin "
            "đối ngoại năm 2025 với phương châm chủ động, kịp thời. Năm 2025, công tác tập trung tuyên truyền.\n")
    rec = extract_text(text, file="t.txt")
    assert "plan word" in plan_signals(rec, Document.from_text(text))  # not refused as "not a plan document"
    assert (rec.kind, rec.plan.title, rec.plan.year_covered) == (
        "news", "triển khai công tác thông tin đối ngoại năm 2025", 2025)


@pytest.mark.parametrize("text, name, jurisdiction, level", [
    ("THÀNH ỦY\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 88-KH/TU\nThành phố Hồ Chí Minh, ngày 5 tháng 3 năm 2020\nKẾ HOẠCH\n"
     "Thông tin đối ngoại năm 2020\nI. MỤC ĐÍCH\n- Nâng cao.\n", "Thành ủy", "thành phố Hồ Chí Minh", "province"),
    ("Tin tức\nNgày 23/8/2017, Tỉnh Ủy Thừa Thiên Huế đã ban hành Chương trình số 27-CTr/TU về đối ngoại.\n",
     "Tỉnh ủy", "tỉnh Thừa Thiên Huế", "province"),
    ("Tin tức\nỦy ban nhân dân huyện U Minh Thượng Xây dựng Kế hoạch số 5/KH-UBND về chuyển đổi số năm 2022.\n",
     "Ủy ban nhân dân", "huyện U Minh Thượng", "district"),
])
def test_issuer_of_a_party_committee_or_before_a_capitalized_verb(text, name, jurisdiction, level):
    _, plan = _meta(text)
    assert (plan.issuer.name, plan.issuer.jurisdiction, plan.level) == (name, jurisdiction, level)


def test_header_province_misprinted_and_a_title_with_parentheses_and_a_rule():
    """"TỈNH LÂM ĐNG" in the header, "Lâm Đồng" on the date line: the province is the date line's; a title keeps its
    parentheses ("(Chương trình)") and loses the rule printed under it."""
    _, plan = _meta("ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐNG\nSố: 31/KH-UBND\nLâm Đồng, ngày 5 tháng 3 năm 2022\nKẾ HOẠCH\n"
                    "PHÁT TRIỂN HUYỆN ĐỨC TRỌNG (KHÓA XI) NĂM 2022 -----\nI. MỤC ĐÍCH\n- Nâng cao.\n")
    assert (plan.issuer.jurisdiction, plan.province) == ("tỉnh Lâm Đồng", "Lâm Đồng")
    assert plan.title == "PHÁT TRIỂN HUYỆN ĐỨC TRỌNG (KHÓA XI) NĂM 2022"


def test_news_article_whose_plan_a_department_issued():
    _, plan = _meta("Tin tức\nNgày 02/11/2021, Sở Văn hóa, Thể thao và Du lịch đã ban hành Kế hoạch số 67/KH-SVHTTDL "
                    "tổ chức Hội thi tuyên truyền lưu động chào mừng 190 năm thành lập tỉnh Hưng Yên.\n")
    assert (plan.issuer.name, plan.issuer.jurisdiction, plan.level) == (
        "Sở Văn hóa, Thể thao và Du lịch", "tỉnh Hưng Yên", "province")
    assert (plan.number, plan.date) == ("67/KH-SVHTTDL", "2021-11-02")


def test_news_item_of_a_plan_by_its_bare_number_and_a_capitalized_level_word():
    """"Ủy ban nhân dân Thị xã Cửa Lò vừa triển khai kế hoạch số 17": news about a plan (not refused), its issuer."""
    from kehoach import extract_text

    rec = extract_text("Tin tức\nỦy ban nhân dân Thị xã Cửa Lò vừa triển khai kế hoạch số 17, ngày 23/1/2015 về "
                       "phòng chống dịch.\n", file="t.txt")
    assert (rec.kind, rec.plan.issuer.jurisdiction, rec.plan.level) == ("news", "thị xã Cửa Lò", "district")


_BODY_TAIL = ("\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 12/KH-BCĐ\n{place}, ngày 3 tháng 4 "
              "năm 2023\nKẾ HOẠCH\nHoạt động năm 2023\nI. MỤC ĐÍCH\n- Phòng Văn hóa và Thông tin tham mưu.\n")


@pytest.mark.parametrize("header,place,name,jurisdiction,level", [
    ("UBND TỈNH NGHỆ AN\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Nghệ An", "Sở Thông tin và Truyền thông", "tỉnh Nghệ An",
     "province"),
    ("UBND TỈNH NGHỆ AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ NỘI VỤ | Độc lập - Tự do - Hạnh phúc", "Nghệ An",
     "Sở Nội vụ", "tỉnh Nghệ An", "province"),
    ("SỞ Y TẾ TỈNH NGHỆ AN", "Nghệ An", "Sở Y tế", "tỉnh Nghệ An", "province"),
    ("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ\nHUYỆN NGHI LỘC", "Nghi Lộc", "Ban Chỉ đạo chuyển đổi số", "huyện Nghi Lộc",
     "district"),
    ("UBND HUYỆN NGHI LỘC\nBAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "Nghi Lộc", "Ban Chỉ đạo chuyển đổi số", "huyện Nghi Lộc",
     "district"),
    ("BAN CHỈ ĐẠO CÔNG TÁC\nTHÔNG TIN ĐỐI NGOẠI TỈNH", "Nghệ An", "Ban Chỉ đạo Công tác thông tin đối ngoại",
     "tỉnh Nghệ An", "province"),
    ("TỈNH ỦY NGHỆ AN\nBAN CHỈ ĐẠO 35", "Nghệ An", "Ban Chỉ đạo 35", "tỉnh Nghệ An", "province"),
    ("TỈNH ỦY NGHỆ AN\nBAN TUYÊN GIÁO", "Nghệ An", "Ban Tuyên giáo Tỉnh ủy", "tỉnh Nghệ An", "province"),
    ("ĐẢNG BỘ TỈNH NGHỆ AN\nBAN THƯỜNG VỤ TỈNH ỦY", "Nghệ An", "Tỉnh ủy", "tỉnh Nghệ An", "province"),
    ("BỘ THÔNG TIN VÀ TRUYỀN THÔNG", "Hà Nội", "Bộ Thông tin và Truyền thông", None, "central"),
    # a bare header: the date line's province (a centrally governed city with its own level word)
    ("ỦY BAN NHÂN DÂN", "Ninh Thuận", "Ủy ban nhân dân", "tỉnh Ninh Thuận", "province"),
    ("ỦY BAN NHÂN DÂN", "Hải Phòng", "Ủy ban nhân dân", "thành phố Hải Phòng", "province"),
])
def test_issuer_a_header_names_under_its_parent_or_alone(header, place, name, jurisdiction, level):
    """A department, a steering committee or a Party board issues a plan in its own name under its parent's line
    (was the parent's, or nothing); a ministry's plan is central; a bare "ỦY BAN NHÂN DÂN" takes the date line's
    province."""
    _, plan = _meta(header + _BODY_TAIL.format(place=place))
    assert (plan.issuer.name, plan.issuer.jurisdiction, plan.level) == (name, jurisdiction, level)


@pytest.mark.parametrize("sentence,jurisdiction", [
    ("UBND tỉnh vừa ký ban hành Kế hoạch công tác thông tin đối ngoại năm 2023 trên địa bàn tỉnh Bình Thuận.",
     "tỉnh Bình Thuận"),
    ("UBND TPHCM đã ban hành Kế hoạch phát động phong trào thi đua chuyển đổi số.", "thành phố Hồ Chí Minh"),
])
def test_news_issuer_who_signed_the_plan_or_a_city_abbreviated(sentence, jurisdiction):
    """"vừa ký ban hành", "UBND TPHCM"; a view counter under the headline ("Lượt xem") does not end the article."""
    kind, plan = _meta(f"Kế hoạch năm 2023\nLượt xem: 2952\n\n(Cổng thông tin) {sentence}\n\nKế hoạch với mục đích "
                       "tăng cường hiệu lực, hiệu quả công tác quản lý nhà nước về thông tin đối ngoại trên địa bàn.\n")
    assert kind == "news"
    assert (plan.issuer.name, plan.issuer.jurisdiction) == ("Ủy ban nhân dân", jurisdiction)


def test_decision_without_its_title_takes_the_plan_it_issues_not_its_authority_line():
    """A page that lost a decision's "QUYẾT ĐỊNH" and title: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" is no title; the plan's
    is the one "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch …" names."""
    text = ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 4314/QĐ-UBND | Bình Định, ngày 20 tháng 11 năm "
            "2019 |\nCHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nCăn cứ Luật Thủy sản ngày 21/11/2017;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm "
            "theo Quyết định này Kế hoạch chuyển đổi nghề cho ngư dân trên địa bàn tỉnh Bình Định.\nĐiều 2. Quyết định "
            "này có hiệu lực kể từ ngày ký.\n")
    _, plan = _meta(text)
    assert plan.title == "chuyển đổi nghề cho ngư dân trên địa bàn tỉnh Bình Định"
    assert (plan.issuer.jurisdiction, plan.level) == ("tỉnh Bình Định", "province")


def test_steering_committee_that_issues_the_plan_in_its_preamble_and_its_districts_province():
    """"Ban Chỉ đạo chuyển đổi số huyện Đăk R'lấp (sau đây gọi tắt là Ban Chỉ đạo) ban hành Kế hoạch …": the issuer,
    its district, and the district's province from the gazetteer however "Đăk"/"Đắk" is printed."""
    text = ("KẾ HOẠCH\nHoạt động của Ban Chỉ đạo chuyển đổi số năm 2023\nTriển khai thực hiện Quyết định số 47/QĐ-UBND "
            "ngày 12/01/2023 về chuyển đổi số, Ban Chỉ đạo chuyển đổi số huyện Đăk R’lấp (sau đây gọi tắt là Ban Chỉ "
            "đạo) ban hành Kế hoạch hoạt động năm 2023 như sau:\nI. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao chất lượng.\n")
    _, plan = _meta(text)
    assert (plan.issuer.name, plan.issuer.jurisdiction) == ("Ban Chỉ đạo chuyển đổi số", "huyện Đăk R'lấp")
    assert (plan.level, plan.district, plan.province) == ("district", "Đăk R'lấp", "Đắk Nông")


def test_news_of_a_district_party_committee_takes_the_province_of_its_district():
    kind, plan = _meta("Thường Tín tổ chức các hoạt động thông tin đối ngoại năm 2020\n\nHNP - Ngày 22-11, Huyện ủy "
                       "Thường Tín có Kế hoạch số 242-KH/HU về việc tổ chức các hoạt động thông tin đối ngoại năm 2020.\n")
    assert kind == "news"
    assert (plan.issuer.name, plan.issuer.jurisdiction, plan.province) == ("Huyện ủy", "huyện Thường Tín", "Hà Nội")


def test_a_level_word_ending_a_paragraph_takes_no_name_from_the_next_and_a_title_ends_before_its_contents():
    """"… trên địa bàn huyện" / "" / "Theo đó, …": no "huyện Theo"; "… năm 2024 với những nội dung cụ thể sau" ends
    the title."""
    kind, plan = _meta("Ngày 22/10, UBND huyện Thạch Hà đã ban hành Kế hoạch số 112/KH-UBND tổ chức Ngày hội văn hóa "
                       "năm 2024 với những nội dung cụ thể sau: tổ chức trên địa bàn huyện\n\nTheo đó, UBND huyện yêu "
                       "cầu các xã tổ chức sâu rộng.\n")
    assert kind == "news"
    assert (plan.title, plan.district) == ("tổ chức Ngày hội văn hóa năm 2024", "Thạch Hà")
    _, plan = _meta("Ngày 22/10, UBND huyện đã ban hành Kế hoạch số 112/KH-UBND tổ chức Ngày pháp luật năm 2020 trên "
                    "địa bàn huyện\n\nTheo đó, UBND huyện yêu cầu các xã tổ chức sâu rộng.\n")
    assert plan.district is None


def test_decision_that_issues_a_plan_gives_the_plans_title_and_a_range_of_years_covers_none():
    """"QUYẾT ĐỊNH" / "VỀ VIỆC BAN HÀNH KẾ HOẠCH X": the plan's title is X; "từ năm 2007 đến năm 2010" is no year."""
    _, plan = _meta("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 3600/QĐ-UBND\nThành phố Hồ Chí Minh, ngày 5 tháng 8 năm "
                    "2007\nQUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH KẾ HOẠCH THỰC HIỆN ĐỀ ÁN PHỔ BIẾN PHÁP LUẬT GIAI ĐOẠN TỪ NĂM "
                    "2007 ĐẾN NĂM 2010\n------------\nỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\nCăn cứ Luật Tổ chức Hội "
                    "đồng nhân dân và Ủy ban nhân dân ngày 26 tháng 11 năm 2003;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo.\n")
    assert plan.title == "THỰC HIỆN ĐỀ ÁN PHỔ BIẾN PHÁP LUẬT GIAI ĐOẠN TỪ NĂM 2007 ĐẾN NĂM 2010"
    assert plan.year_covered is None
    assert (plan.number, plan.level, plan.province) == ("3600/QĐ-UBND", "province", "Hồ Chí Minh")


def test_party_plans_number_without_its_colon_and_a_committee_named_in_an_articles_lead():
    """"Số 94 - KH/HU" (no colon); a page that prints an article's lead above the programme: "Tỉnh Ủy Thừa Thiên
    Huế đã ban hành Chương trình số 27-CTr/TU …" names its issuer; "Ban Thường vụ Tỉnh ủy vừa ban hành …" with
    no place takes the date line's."""
    _, plan = _meta("ĐẢNG BỘ TỈNH THANH HÓA                ĐẢNG CỘNG SẢN VIỆT NAM\n   HUYỆN ỦY TRIỆU SƠN\n        *"
                    "               Triệu Sơn, ngày 02 tháng 01 năm 2020\n           Số 94 - KH/HU\n        KẾ HOẠCH\n"
                    "Tổ chức các ngày kỷ niệm trong năm 2020\nThực hiện kế hoạch số 179-KH/TU của Ban Thường vụ Tỉnh ủy.\n")
    assert (plan.number, plan.issuer.jurisdiction, plan.date) == ("94-KH/HU", "huyện Triệu Sơn", "2020-01-02")
    text = ("Chương trình thực hiện Chỉ thị 13-CT/TW của Ban Bí thư\nNgày cập nhật 30/10/2017\n\nNgày 23/8/2017, Tỉnh Ủy "
            "Thừa Thiên Huế đã ban hành Chương trình số 27-CTr/TU về thực hiện Chỉ thị 13-CT/TW.\n\nBan quản trị website "
            "xin đăng toàn văn Chương trình quan trọng này:\n\nCHƯƠNG TRÌNH\n\nThực hiện Chỉ thị 13-CT/TW của Ban Bí "
            "thư\n\nThực hiện Chỉ thị 13-CT/TW, ngày 12/01/2017 của Ban Bí thư, Tỉnh ủy xây dựng Chương trình như sau:\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao trách nhiệm.\n")
    kind, plan = _meta(text)
    assert kind == "plan"
    assert (plan.issuer.name, plan.issuer.jurisdiction, plan.level) == ("Tỉnh ủy", "tỉnh Thừa Thiên Huế", "province")


def test_news_of_a_plan_a_party_committee_put_into_effect():
    """"Thực hiện Kế hoạch số 183-KH/TU …, Ban Thường vụ Huyện ủy Mỏ Cày Nam vừa triển khai Kế hoạch số 171-KH/HU":
    the plan reported is 171-KH/HU (was the one it implements), its issuer the Huyện ủy."""
    from kehoach import extract_text

    rec = extract_text("Mỏ Cày Nam triển khai kế hoạch tổ chức Đại hội\n\n10/10/2019 - 21:07\n\nBDK - Thực hiện Kế hoạch "
                       "số 183-KH/TU ngày 19-7-2019 của Tỉnh ủy về Đại hội Đảng bộ, Ban Thường vụ Huyện ủy Mỏ Cày Nam vừa "
                       "triển khai Kế hoạch số 171-KH/HU về tổ chức Đại hội Đảng bộ các cấp.\n", file="t.txt").to_dict()
    p = rec["plan"]
    assert (rec["kind"], p["number"], p["title"]) == ("news", "171-KH/HU", "tổ chức Đại hội Đảng bộ các cấp")
    assert (p["issuer"]["name"], p["issuer"]["jurisdiction"], p["province"]) == ("Huyện ủy", "huyện Mỏ Cày Nam", "Bến Tre")
    assert [d["number"] for d in rec["derives_from"]] == ["183-KH/TU"]


def test_year_after_a_place_named_tu_is_the_year_covered():
    """"ĐẠI TỪ NĂM 2024" (the district Đại Từ): only "từ năm X đến năm Y" is a range (found by a generated corpus)."""
    _, plan = _meta("ỦY BAN NHÂN DÂN\nHUYỆN ĐẠI TỪ\nSố: 5/KH-UBND\nĐại Từ, ngày 2 tháng 1 năm 2024\nKẾ HOẠCH\nCHUYỂN ĐỔI SỐ "
                    "ĐẠI TỪ NĂM 2024\nI. MỤC ĐÍCH\n- Chuyển đổi số.\n")
    assert plan.year_covered == 2024


def test_news_title_of_a_plan_a_commune_put_into_effect_without_its_number():
    kind, plan = _meta("Tin địa phương\n\nNgày 15/10/2024, Ủy ban nhân dân "
                       "xã Tân Hải triển khai Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2024, với mục đích "
                       "nhằm chủ động ứng phó kịp thời với các loại hình thiên tai.\n")
    assert kind == "news"
    assert (plan.title, plan.year_covered) == ("phòng, chống thiên tai và tìm kiếm cứu nạn năm 2024", 2024)


def test_header_in_space_laid_columns_with_a_capital_ngay_and_a_title_before_its_addressees():
    """Columns laid out with runs of spaces ("ỦY BAN NHÂN DÂN      CỘNG HÒA …" / "XÃ BÌNH SƠN      Độc lập …") are
    two cells (were one line: no unit); the unit's line below the other column's is the issuer's; "Bình Sơn, Ngày 9"
    is the date line; "Kính gửi:" and a part's heading "A. HIỆN TRẠNG" end the title."""
    _, plan = _meta(" ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n    XÃ BÌNH SƠN                      "
                    "                Độc lập – Tự do – Hạnh phúc\n\nBình Sơn, Ngày 9 tháng 3 năm 2021\n\nKẾ HOẠCH\n\nTuyên "
                    "truyền bầu cử năm 2021\n\nKính gửi:- BTV Đảng ủy xã Bình Sơn\n\n- Chủ tịch UBND xã\n\nĐể ngày bầu cử "
                    "thực sự là ngày hội lớn, Ban văn hóa lên kế hoạch như sau:\n\nI. Tuyên truyền trực quan\n")
    assert (plan.issuer.name, plan.issuer.jurisdiction, plan.level) == ("Ủy ban nhân dân", "xã Bình Sơn", "commune")
    assert (plan.date, plan.place, plan.title) == ("2021-03-09", "Bình Sơn", "Tuyên truyền bầu cử năm 2021")
    _, plan = _meta("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 391/KH-UBND\nLào cai, Ngày 30\ntháng 12 năm 2016\nKẾ HOẠCH\n"
                    "TRIỂN KHAI ĐỀ ÁN CÔNG NGHỆ THÔNG TIN NĂM 2017\nA. HIỆN TRẠNG\nPHÁT TRIỂN CNTT 2016\nI. Kết quả\n"
                    "1. Cơ chế, chính sách\nNăm 2016, tỉnh Lào Cai ban hành các chính sách.\n")
    assert (plan.number, plan.date, plan.title) == ("391/KH-UBND", "2016-12-30",
                                                    "TRIỂN KHAI ĐỀ ÁN CÔNG NGHỆ THÔNG TIN NĂM 2017")


@pytest.mark.parametrize("text,number,issuer,title", [
    ("Cam Ranh: Tuyên truyền biển đảo\n\nThứ Sáu, 21/02/2020, 21:24\n\nThành phố Cam Ranh vừa ban hành Kế hoạch 472 về "
     "tuyên truyền bảo vệ chủ quyền biển đảo năm 2020.\n\nNội dung kế hoạch tập trung vào 7 vấn đề lớn: chủ trương của "
     "Đảng về biển, đảo; chứng cứ lịch sử, pháp lý khẳng định chủ quyền; phát triển kinh tế biển gắn với bảo vệ môi "
     "trường.\n\nV.L\n", "472", ("Ủy ban nhân dân", "thành phố Cam Ranh"),
     "tuyên truyền bảo vệ chủ quyền biển đảo năm 2020"),
    ("Học tập và làm theo gương Bác\n\nBan Thường vụ Tỉnh ủy Quảng Nam vừa ban hành Kế hoạch số 37 tiếp tục thực hiện "
     "Chỉ thị số 05 năm 2021. Trong đó quyết định tổ chức biên soạn tập sách.\n", "37", ("Tỉnh ủy", "tỉnh Quảng Nam"),
     "tiếp tục thực hiện Chỉ thị số 05 năm 2021"),
])
def test_news_of_a_plan_by_its_bare_number_and_a_unit_that_issues_it(text, number, issuer, title):
    """"Thành phố Cam Ranh vừa ban hành Kế hoạch 472 về …" (a unit for its People's Committee, a number without its
    code), "Kế hoạch số 37 tiếp tục …"; an article's byline "V.L" is no Roman heading (it made the article a plan)."""
    kind, plan = _meta(text)
    assert (kind, plan.number, (plan.issuer.name, plan.issuer.jurisdiction), plan.title) == (
        "news", number, issuer, title)
