"""Citations and derives_from: the gold acceptance on the seeds, and hand-written snippets in every shape of
domain.md that the seeds do not contain."""

from __future__ import annotations

import pytest

from kehoach.ingest.citations import extract_citations
from kehoach.ingest.document import Document
from kehoach.ingest.evaluate import score_cites, score_derives
from kehoach.ingest.layout import segment
from kehoach.ingest.models import PlanMeta


def _record_cites(text: str) -> list[dict]:
    """The cites of the record ``kehoach.extract_text`` makes of ``text`` (the whole pipeline, as a user runs it)."""
    from kehoach import extract_text

    return extract_text(text, file="t.txt").to_dict()["cites"]


def _cites(text: str, plan: PlanMeta | None = None):
    doc = Document.from_text(text, file="t.txt")
    doc.layout = segment(doc.text)
    return extract_citations(doc, plan or PlanMeta(province="Hà Giang"))


def _by_number(cites):
    return {c.number or c.name: c for c in cites}


def test_gold_citations_strict_precision_recall(seed_records, gold):
    by_file = {r["file"]: r for r in seed_records}
    tp = pred = gold_n = 0
    for g in gold["documents"]:
        s = score_cites(by_file[g["file"]]["cites"], g["cites"])["strict"]
        tp, pred, gold_n = tp + s["tp"], pred + s["predicted"], gold_n + s["gold"]
    assert tp / pred >= 0.97 and tp / gold_n >= 0.97, (tp, pred, gold_n)


def test_gold_derives_from_exact(seed_records, gold):
    by_file = {r["file"]: r for r in seed_records}
    for g in gold["documents"]:
        assert score_derives(by_file[g["file"]]["derives_from"], g["derives_from"])["exact"], g["file"]


def test_as_written_is_original_span_with_line_breaks(seeds_dir, seed_records):
    for rec in seed_records:
        original = (seeds_dir / rec["file"]).read_text(encoding="utf-8")
        for c in rec["cites"]:
            ev = c["evidence"]
            assert original[ev["start"]:ev["end"]] == c["as_written"]
    broken = [c for r in seed_records for c in r["cites"] if "\n" in c["as_written"]]
    assert broken, "a citation split over lines keeps its line break"


PLAN = """ỦY BAN NHÂN DÂN
TỈNH HÀ GIANG
Số: 45/KH-UBND
Hà Giang, ngày 02 tháng 3 năm 2024
KẾ HOẠCH
Thông tin đối ngoại năm 2024
Căn cứ Nghị định số 72/NĐ-CP ngày 07/9/2015 của Chính phủ về quản lý hoạt động thông tin đối ngoại;
Thực hiện Chỉ thị 25-CT/TW ngày 08/8/2018 của Ban Bí thư; Công văn số 399/STTTT-BC ngày 10 tháng 01 năm 2024
của Sở Thông tin và Truyền thông về việc hướng dẫn; Kế hoạch số 01-KH/BCĐ.TTĐN của Ban Chỉ đạo;
I. MỤC ĐÍCH
- Quán triệt Chỉ thị số 25-CT/TW và Nghị định 72/NĐ-CP.
II. NỘI DUNG
- Thực hiện Quyết định số 15/QĐ-UBND ngày 05/01/2024 của UBND tỉnh về việc ban hành Quy chế phối hợp
cung cấp thông tin; tuyên truyền Luật Biên giới quốc gia và các văn bản hướng dẫn.
- Triển khai Đề án tuyên truyền biển đảo giai đoạn 2021 - 2025; xây dựng Chương trình, Đề án thông tin.
- Báo cáo kết quả thực hiện Kế hoạch số 45/KH-UBND (Kế hoạch này).
"""


def test_snippet_shapes():
    cites, derives = _cites(PLAN)
    got = _by_number(cites)
    nd = got["72/NĐ-CP"]  # missing year in the number
    assert (nd.type, nd.date, nd.issuer, nd.role) == ("Nghị định", "2015-09-07", "Chính phủ", "basis")
    assert len(nd.mentions) == 1  # "Nghị định 72/NĐ-CP" later is the same document
    ct = got["25-CT/TW"]  # no "số"
    assert (ct.type, ct.issuer, ct.as_written, ct.role) == ("Chỉ thị", "Ban Bí thư", "Chỉ thị 25-CT/TW", "basis")
    cv = got["399/STTTT-BC"]  # công văn, long date form, issuer after a line break
    # the department of the plan's province, completed as "UBND tỉnh" is
    assert (cv.type, cv.date, cv.issuer) == ("Công văn", "2024-01-10", "Sở Thông tin và Truyền thông tỉnh Hà Giang")
    party = got["01-KH/BCĐ.TTĐN"]
    assert party.type == "Kế hoạch"
    qd = got["15/QĐ-UBND"]  # issuer completed with the province, 'UBND' form
    assert (qd.issuer, qd.role) == ("UBND tỉnh Hà Giang", "body")
    assert got["Luật Biên giới quốc gia"].type == "Luật"
    assert got["Đề án tuyên truyền biển đảo giai đoạn 2021 - 2025"].type == "Đề án"
    # not cites: the plan's own number, an instrument issued by a cited decision, generic lists
    plan_number = PlanMeta(number="45/KH-UBND", province="Hà Giang")
    own = _by_number(_cites(PLAN, plan_number)[0])
    assert "45/KH-UBND" not in own
    assert not [k for k in own if k.startswith(("Quy chế", "Chương trình", "Đề án thông tin"))]
    # "Căn cứ" is ground, "Thực hiện" governs the list after it
    assert [d.number for d in derives] == ["25-CT/TW", "399/STTTT-BC", "01-KH/BCĐ.TTĐN"]


def test_uppercase_title_citation_and_role():
    text = ("KẾ HOẠCH\nTHỰC HIỆN NGHỊ QUYẾT SỐ 12-NQ/TU NGÀY 01/02/2023 CỦA TỈNH ỦY VỀ CHUYỂN ĐỔI SỐ\n"
            "Căn cứ Nghị quyết số 12-NQ/TU ngày 01/02/2023 của Tỉnh ủy Hà Giang;\nI. MỤC TIÊU\n")
    cites, derives = _cites(text)
    (c,) = cites
    assert (c.number, c.type, c.date, c.role) == ("12-NQ/TU", "Nghị quyết", "2023-02-01", "basis")
    assert c.as_written == "NGHỊ QUYẾT SỐ 12-NQ/TU"
    assert c.issuer.casefold() == "tỉnh ủy hà giang"
    assert [d.number for d in derives] == ["12-NQ/TU"]


def test_citation_split_by_hard_wrap_and_spaces():
    text = ("KẾ HOẠCH\nNăm 2024\nThực hiện Thông tư số 22 / 2016 / TT-BTTTT ngày 19/10/2016 của Bộ Thông tin "
            "và Truyền thông hướng dẫn quản lý hoạt động thông tin đối ngoại của các tỉnh, thành phố; Quyết định số\n"
            "\n1191/QĐ-TTg ngày 05/8/2020 của Thủ tướng Chính phủ phê duyệt nhiệm vụ, giải pháp đổi mới công tác\n"
            "\nthông tin tuyên truyền.\nI. MỤC ĐÍCH\n")
    cites, _ = _cites(text)
    got = _by_number(cites)
    assert got["22/2016/TT-BTTTT"].issuer == "Bộ Thông tin và Truyền thông"
    qd = got["1191/QĐ-TTg"]
    assert qd.issuer == "Thủ tướng Chính phủ" and qd.date == "2020-08-05"
    assert "\n" in qd.as_written or qd.as_written == "Quyết định số 1191/QĐ-TTg"


def test_a_document_named_in_a_wrapped_description_is_not_a_citation_of_its_own():
    """"Quyết định số 135/QĐ-TTg ngày 20 tháng 1 năm / 2020 … phê duyệt Đề án …": the line break inside the
    date does not end the decision's description, so the Đề án it approves is no citation of the plan's. On a
    new item line it is one."""
    text = ("KẾ HOẠCH\nThông tin đối ngoại năm 2022\n\nII. NHIỆM VỤ TRỌNG TÂM\n- Quán triệt Quyết định số "
            "135/QĐ-TTg ngày 20 tháng 1 năm\n2020 của Thủ tướng Chính phủ phê duyệt Đề án nâng cao hiệu quả hoạt "
            "động thông tin cơ sở.\n- Lồng ghép nội dung.\n")
    assert [(c.number, c.type) for c in _cites(text)[0]] == [("135/QĐ-TTg", "Quyết định")]
    text = ("KẾ HOẠCH\nThông tin đối ngoại năm 2022\n\nII. NHIỆM VỤ\n1. Thực hiện Quyết định số 135/QĐ-TTg\n"
            "2. Triển khai Đề án nâng cao hiệu quả hoạt động thông tin cơ sở.\n")
    assert [(c.number, c.type) for c in _cites(text)[0]] == [("135/QĐ-TTg", "Quyết định"), (None, "Đề án")]


def test_garbage_and_empty_text():
    assert _cites("") == ([], [])
    cites, derives = _cites("số 12/ / - Luật . Thực hiện ; và ; Kế hoạch số")
    assert derives == [] and all(c.number or c.name for c in cites)


def test_cited_issuers_with_lower_case_words_or_followed_by_another_document():
    """An issuer the gazetteer knows is read whole, lower-case words and commas included; "và" followed by a type
    word begins the next document, not more of the name."""
    from kehoach import extract_text

    text = ("Số: 3/KH-UBND\nSơn La, ngày 2 tháng 3 năm 2023\nKẾ HOẠCH\nThông tin đối ngoại năm 2023\n"
            "Căn cứ Thông tư số 05/2022/TT-BNNPTNT ngày 25/7/2022 của Bộ Nông nghiệp và Phát triển nông thôn "
            "hướng dẫn; Thông tư số 07/2021/TT-BLĐTBXH ngày 18/7/2021 của Bộ Lao động - Thương binh và Xã hội; "
            "Công văn số 398/SVHTTDL-QLVH ngày 8/4/2022 của Sở Văn hóa, Thể thao và Du lịch; Kết luận số 12-KL/TW "
            "ngày 12/8/2021 của Bộ Chính trị và Nghị quyết số 169/NQ-CP ngày 31/12/2021 của Chính phủ;\n"
            "I. MỤC ĐÍCH\n- Nâng cao nhận thức.\n")
    issuers = {c["number"]: c["issuer"] for c in extract_text(text, file="t.txt").to_dict()["cites"]}
    assert issuers == {"05/2022/TT-BNNPTNT": "Bộ Nông nghiệp và Phát triển nông thôn",
                       "07/2021/TT-BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội",
                       "398/SVHTTDL-QLVH": "Sở Văn hóa, Thể thao và Du lịch tỉnh Sơn La",
                       "12-KL/TW": "Bộ Chính trị", "169/NQ-CP": "Chính phủ"}


def test_a_document_cited_as_van_ban_takes_its_numbers_type():
    """"Văn bản số …" (a document) is cited like "Công văn số …": a letter's number has no type code."""
    from kehoach import extract_text

    text = ("Số: 3/KH-UBND\nSơn La, ngày 2 tháng 3 năm 2023\nKẾ HOẠCH\nThông tin đối ngoại năm 2023\n"
            "Thực hiện Văn bản số 3616/BTTTT-TTĐN ngày 06/10/2017 của Bộ Thông tin và Truyền thông và Văn bản số "
            "12/QĐ-UBND ngày 3/1/2023 của UBND tỉnh, UBND tỉnh ban hành Kế hoạch:\nI. MỤC ĐÍCH\n- Nâng cao.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [(c["number"], c["type"], c["date"], c["role"]) for c in rec["cites"]] == [
        ("3616/BTTTT-TTĐN", "Công văn", "2017-10-06", "basis"), ("12/QĐ-UBND", "Quyết định", "2023-01-03", "basis")]
    assert [d["number"] for d in rec["derives_from"]] == ["3616/BTTTT-TTĐN", "12/QĐ-UBND"]


def test_laws_cited_by_name_with_their_date():
    """A law cited by name and date: the date is the law's, not part of its name; a name a narrow cell wrapped
    is read whole; an amending law's name keeps its "sửa đổi, bổ sung" and the law it amends has no cite of its
    own; a document after "và" ends the name before it."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 3/QĐ-UBND\nSơn La, ngày 2 tháng 3 năm 2023\nQUYẾT ĐỊNH\nBan hành Kế hoạch thông tin đối ngoại\n"
            "Căn cứ Luật Tổ chức chính\nquyền địa phương ngày 19 tháng 6 năm 2015;\nCăn cứ Luật sửa đổi, bổ sung "
            "một số điều của Luật Tổ chức Chính phủ ngày 22/11/2019;\nCăn cứ Chiến lược Ngoại giao Văn hóa đến năm "
            "2020 của Chính phủ và Kế hoạch số 8/KH-UBND ngày 3/1/2021 của UBND tỉnh;\nQUYẾT ĐỊNH:\n"
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n")
    cites = [(c["name"] or c["number"], c["date"], c["issuer"]) for c in extract_text(text, file="t.txt").to_dict()["cites"]]
    assert cites == [("Luật Tổ chức chính quyền địa phương", "2015-06-19", None),
                     ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ", "2019-11-22", None),
                     ("Chiến lược Ngoại giao Văn hóa đến năm 2020 của Chính phủ", None, "Chính phủ"),
                     ("8/KH-UBND", "2021-01-03", "UBND tỉnh Sơn La")]


def test_numbered_documents_with_a_qualifier_and_no_second_named_copy():
    """"Chương trình hành động số 16-CTr/TU" is a numbered cite; "Quy chế số 07-QC/TU" is cited once (not again
    as a document named "Quy chế số …"), and one "Thực hiện" governs every document it lists."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 3/KH-UBND\nLào Cai, ngày 2 tháng 3 năm 2023\nKẾ HOẠCH\nThông tin "
            "đối ngoại năm 2023\nThực hiện Chương trình hành động số 16-CTr/TU ngày 25/3/2021 của Ban Thường vụ "
            "Tỉnh ủy; Quy chế số 07-QC/TU ngày 30/8/2018 của Tỉnh ủy Lào Cai về quản lý thống nhất các hoạt động "
            "đối ngoại; Quyết định số 09/2017/QĐ-UBND ngày 3/3/2017 của UBND tỉnh, UBND tỉnh ban hành Kế hoạch:\n"
            "I. MỤC ĐÍCH\n- Nâng cao.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [(c["number"], c["type"], c["date"]) for c in rec["cites"]] == [
        ("16-CTr/TU", "Chương trình", "2021-03-25"), ("07-QC/TU", "Quy chế", "2018-08-30"),
        ("09/2017/QĐ-UBND", "Quyết định", "2017-03-03")]
    assert [d["number"] for d in rec["derives_from"]] == ["16-CTr/TU", "07-QC/TU", "09/2017/QĐ-UBND"]


def test_a_named_document_issued_with_a_decision_is_that_decision():
    """"Chiến lược X ban hành kèm theo Quyết định số 208/QĐ-TTg": the strategy and the decision are one cite (the
    gold's convention), also where the plan names the strategy again."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ\nSố: 3/KH-UBND\nPhú Thọ, ngày 2 tháng 3 năm 2015\nKẾ HOẠCH\nTriển khai "
            "Chiến lược ngoại giao văn hóa\nThực hiện Chiến lược Ngoại giao Văn hóa đến năm 2020 ban hành kèm theo "
            "Quyết định số 208/QĐ-TTg ngày 14/2/2011 của Thủ tướng Chính phủ; UBND tỉnh ban hành Kế hoạch triển "
            "khai Chiến lược Ngoại giao Văn hóa đến năm 2020 như sau:\nI. MỤC ĐÍCH\n- Nâng cao.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [(c["name"] or c["number"], c["date"], len(c["mentions"])) for c in rec["cites"]] == [
        ("208/QĐ-TTg", "2011-02-14", 2)]
    assert [d["number"] for d in rec["derives_from"]] == ["208/QĐ-TTg"]


def test_basis_section_official_titles_and_amending_laws():
    """Bases listed under "I. CĂN CỨ PHÁP LÝ" are bases; an issuer with its official's title ("Bộ trưởng Bộ Y
    tế", "Chủ tịch UBND tỉnh" — completed with the province, and not run on into "chỉ đạo"); an amending law
    names both laws it amends, and its date is its own."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 35/KH-UBND\nSơn La, ngày 27 tháng 01 năm 2022\nKẾ HOẠCH\nPhòng, "
            "chống dịch bệnh năm 2022\nI. CĂN CỨ PHÁP LÝ\nLuật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính "
            "phủ và Luật Tổ chức chính quyền địa phương ngày 22/11/2019; Quyết định số 165/QĐ-BYT ngày 21/01/2022 "
            "của Bộ trưởng Bộ Y tế về việc ban hành Kế hoạch; Chỉ thị số 31/CT-UBND ngày 05/11/2021 của Chủ tịch "
            "UBND tỉnh chỉ đạo tăng cường phòng, chống dịch.\nII. MỤC ĐÍCH, YÊU CẦU\n- Chủ động phòng, chống dịch.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [(c["name"] or c["number"], c["date"], c["issuer"], c["role"]) for c in rec["cites"]] == [
        ("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương",
         "2019-11-22", None, "basis"),
        ("165/QĐ-BYT", "2022-01-21", "Bộ trưởng Bộ Y tế", "basis"),
        ("31/CT-UBND", "2021-11-05", "Chủ tịch UBND tỉnh Sơn La", "basis")]
    assert "Chính phủ" not in {a["name"] for a in rec["agencies"]}


def test_a_named_document_a_cited_decision_approved_is_that_decisions_cite():
    """"Quyết định số 1662/QĐ-TTg … phê duyệt “Đề án X”", then "ban hành Kế hoạch thực hiện Đề án X trên địa bàn
    tỉnh": one cite (the decision), and the plan derives from it."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẾN TRE\nSố: 3/KH-UBND\nBến Tre, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nBảo vệ rừng "
            "ven biển\nCăn cứ Quyết định số 1662/QĐ-TTg ngày 04/10/2021 của Thủ tướng Chính phủ phê duyệt “Đề án bảo "
            "vệ và phát triển rừng vùng ven biển giai đoạn 2021-2030”;\nỦy ban nhân dân tỉnh ban hành Kế hoạch thực "
            "hiện Đề án bảo vệ và phát triển rừng vùng ven biển giai đoạn 2021-2030 trên địa bàn tỉnh Bến Tre như "
            "sau:\nI. MỤC ĐÍCH\n- Bảo vệ rừng.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [(c["number"], c["name"]) for c in rec["cites"]] == [("1662/QĐ-TTg", None)]
    assert [d["number"] for d in rec["derives_from"]] == ["1662/QĐ-TTg"]


@pytest.mark.parametrize("printed, number, date", [
    ("Nghị quyết số 36a/NQ-CP ngày 21/10/2015 của Chính phủ", "36a/NQ-CP", "2015-10-21"),
    ("Nghị quyết 06/TU - ngày 26/3/2021 của Tỉnh ủy", "06/TU", "2021-03-26"),
])
def test_number_shapes_of_real_plans(printed, number, date):
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH HẢI DƯƠNG\nSố: 3/KH-UBND\nHải Dương, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nChuyển "
            f"đổi số năm 2022\nCăn cứ {printed};\nI. MỤC ĐÍCH\n- Chuyển đổi số.\n")
    assert [(c["number"], c["date"]) for c in extract_text(text, file="t.txt").to_dict()["cites"]] == [(number, date)]


def test_news_article_derives_from_what_its_reporting_sentence_implements():
    """In a news article the plan implements what the sentence reporting it says ("Thực hiện Quyết định số
    930/QĐ-TTg …, UBND tỉnh ban hành Kế hoạch số …"), not what the article says its tasks carry out."""
    from kehoach import extract_text

    text = ("Tin tức\nThực hiện Quyết định số 930/QĐ-TTg ngày 28/7/2018 của Thủ tướng Chính phủ, vừa qua, UBND tỉnh "
            "Hà Nam ban hành Kế hoạch số 2141/KH-UBND về tuyên truyền biển, đảo năm 2019.\nKế hoạch yêu cầu các "
            "sở thực hiện Luật Biển Việt Nam và Chỉ thị số 05-CT/TW của Bộ Chính trị.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert rec["kind"] == "news"
    assert [d["number"] for d in rec["derives_from"]] == ["930/QĐ-TTg"]


def test_news_article_derives_from_the_purpose_it_gives_the_plan():
    """"Kế hoạch được ban hành nhằm thực hiện Kế hoạch số 12/KH-UBND …": a sentence whose subject is the plan says
    what it implements; what it asks others to do after a ";" does not."""
    from kehoach import extract_text

    text = ("Huyện Krông Pắc triển khai kế hoạch thông tin đối ngoại năm 2023\nNgày 20/02/2023, UBND huyện Krông Pắc "
            "ban hành Kế hoạch số 35/KH-UBND về công tác thông tin đối ngoại năm 2023.\nTheo đó, UBND huyện giao "
            "Phòng Văn hóa và Thông tin chủ trì thực hiện.\nKế hoạch được ban hành nhằm triển khai thực hiện Kế "
            "hoạch số 12/KH-UBND ngày 10/01/2023 của UBND tỉnh Đắk Lắk về thông tin đối ngoại năm 2023.\nMục đích "
            "của kế hoạch nhằm nâng cao nhận thức; các xã thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert rec["kind"] == "news"
    assert [(d["number"], d["issuer"]) for d in rec["derives_from"]] == [("12/KH-UBND", "UBND tỉnh Đắk Lắk")]


def test_a_trigger_governs_a_list_wrapped_after_a_verb():
    """"… phê duyệt" / "Chương trình … và Quyết định số 1233/QĐ-UBND …": a line cannot end with "phê duyệt", so
    the "Thực hiện" of the line above governs the decision after the break."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH THỪA THIÊN HUẾ\nSố: 192/KH-UBND\nThừa Thiên Huế, ngày 20 tháng 12 năm 2016\n"
            "KẾ HOẠCH\nHOẠT ĐỘNG THÔNG TIN ĐỐI NGOẠI NĂM 2017\nThực hiện Quyết định số 368/QĐ-TTg phê duyệt\n"
            "Chương trình hành động của Chính phủ về Thông tin đối "
            "ngoại giai đoạn 2013-2020\nvà Quyết định số 1233/QĐ-UBND ngày 19 tháng 6 năm 2014 của Ủy ban nhân\n"
            "dân tỉnh ban hành Kế hoạch trung hạn, Ủy ban nhân dân tỉnh ban hành Kế hoạch năm 2017\nnhư sau:\n"
            "I. MỤC ĐÍCH, YÊU CẦU\n1. Công tác thông tin đối ngoại phải đặt dưới sự lãnh đạo của Tỉnh ủy, sự quản\n"
            "lý và điều hành thống nhất của Ủy ban nhân dân tỉnh; sự phối hợp giữa tỉnh và các cơ quan Trung\n"
            "ương về công tác thông tin đối ngoại nhằm góp phần thực hiện có hiệu quả đường lối đối ngoại.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [d["number"] for d in rec["derives_from"]] == ["368/QĐ-TTg", "1233/QĐ-UBND"]


def test_a_resolution_of_a_conference_of_the_central_committee():
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\nSố: 8/KH-UBND\nNam Định, ngày 2 tháng 3 năm 2018\nKẾ HOẠCH\nY tế năm 2018\n"
            "Thực hiện Nghị quyết số 20-NQ/TW ngày 25/10/2017 của Hội nghị lần thứ sáu Ban Chấp hành Trung ương khóa "
            "XII về tăng cường công tác bảo vệ sức khỏe nhân dân;\nI. MỤC ĐÍCH\n- Nâng cao.\n")
    assert [(c["number"], c["issuer"]) for c in extract_text(text, file="t.txt").to_dict()["cites"]] == [
        ("20-NQ/TW", "Ban Chấp hành Trung ương")]


def test_a_number_first_printed_in_capitals_keeps_the_texts_case():
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH KHÁNH HÒA\nSố: 8/KH-UBND\nKhánh Hòa, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nTHỰC HIỆN "
            "CHƯƠNG TRÌNH HÀNH ĐỘNG SỐ 95-CTR/TU CỦA TỈNH ỦY\nThực hiện Chương trình hành động số 95-CTr/TU ngày "
            "3/1/2022 của Tỉnh ủy, UBND tỉnh ban hành Kế hoạch:\nI. MỤC ĐÍCH\n- Nâng cao.\n")
    assert [c["number"] for c in extract_text(text, file="t.txt").to_dict()["cites"]] == ["95-CTr/TU"]


@pytest.mark.parametrize("printed, issuer", [
    ("của Đại hội đại biểu Đảng bộ tỉnh Cà Mau lần thứ I", "Đại hội đại biểu Đảng bộ tỉnh Cà Mau lần thứ I"),
    ("của Hội nghị Tỉnh ủy lần thứ 5 khóa XX", "Tỉnh ủy Cà Mau"),
    # a department head's document is completed with the province, as the department's is
    ("của Giám đốc Sở\nNông nghiệp và Phát triển nông thôn tại Tờ trình",
     "Giám đốc Sở Nông nghiệp và Phát triển nông thôn tỉnh Cà Mau"),
])
def test_party_congress_and_conference_issuers_and_a_title_broken_over_a_line(printed, issuer):
    """A congress keeps its ordinal (which congress); a conference is its committee's."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 8/KH-UBND\nCà Mau, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nNăm 2022\n"
            f"Căn cứ Nghị quyết số 01-NQ/TU ngày 5/9/2020 {printed};\nI. MỤC ĐÍCH\n- Nâng cao.\n")
    cites = _record_cites(text)
    assert [" ".join(c["issuer"].split()) for c in cites] == [issuer]


def test_law_names_with_a_comma_or_a_year_and_a_law_named_before_its_number():
    """"Luật Phổ biến, giáo dục pháp luật" is one name; "Luật Hộ tịch năm 2014" is "Luật Hộ tịch"; "Luật Thủ đô
    (Luật số 39/2024/QH15)" is that numbered law wherever "Luật Thủ đô" is printed again, however the sentence
    runs on after it ("thi hành Luật Thủ đô kịp thời, …")."""
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\nSố: 225/KH-UBND\nHà Nội, ngày 22 tháng 7 năm 2024\nKẾ HOẠCH\nTriển khai "
            "thi hành Luật Thủ đô\nCăn cứ Luật Phổ biến, giáo dục pháp luật ngày 20/6/2012;\nCăn cứ Luật Hộ tịch năm "
            "2014;\nNgày 28 tháng 6 năm 2024, Quốc hội đã thông qua Luật Thủ đô (Luật số 39/2024/QH15). Để thi hành Luật "
            "Thủ đô kịp thời, đồng bộ, Ủy ban nhân dân thành phố ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n1. Tổ chức "
            "thi hành Luật Thủ đô\nbảo đảm kịp thời, hiệu quả.\n2. Nâng cao nhận thức về Luật Thủ đô với các nội dung "
            "sau.\n")
    cites = _record_cites(text)
    assert [(c["number"], c["name"], c["date"]) for c in cites] == [
        (None, "Luật Phổ biến, giáo dục pháp luật", "2012-06-20"), (None, "Luật Hộ tịch", None),
        ("39/2024/QH15", None, None)]


def test_decisions_authority_line_over_its_grounds_opens_the_preamble_not_the_signature():
    """"ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH" under a decision's title, then "Căn cứ …": the cites are its bases
    (the line was read as the signature block, and they as the body's); "Ủy ban nhân dân Thành phố" in the city's
    own decision is the city's."""
    text = ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 12/QĐ-UBND\nThành phố Hồ Chí Minh, ngày 07 tháng 05 năm 2014\n"
            "QUYẾT ĐỊNH\nBAN HÀNH KẾ HOẠCH HOẠT ĐỘNG THÔNG TIN ĐỐI NGOẠI NĂM 2014\n---------------------------\nỦY "
            "BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH\nCăn cứ Quyết định số 79/2010/QĐ-TTg ngày 30 tháng 11 năm 2010 của Thủ "
            "tướng Chính phủ;\nCăn cứ Quyết định số 21/2012/QĐ-UBND ngày 26 tháng 5 năm 2012 của Ủy ban nhân dân Thành "
            "phố;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n")
    cites = _record_cites(text)
    assert [(c["number"], c["issuer"], c["role"]) for c in cites] == [
        ("79/2010/QĐ-TTg", "Thủ tướng Chính phủ", "basis"), ("21/2012/QĐ-UBND", "UBND Thành phố Hồ Chí Minh", "basis")]


def test_resolutions_of_a_party_congress_or_plenum_are_cited_by_name():
    """"Nghị quyết Đại hội Đảng bộ tỉnh … lần thứ XVI", "Nghị quyết Trung ương 4": a resolution with no number (was no
    cite), also joined to a directive's description by "và" (was taken for a document the directive issued)."""
    text = ("ỦY BAN NHÂN DÂN\nTỈNH TUYÊN QUANG\nSố: 5/KH-UBND\nTuyên Quang, ngày 2 tháng 3 năm 2019\nKẾ HOẠCH\nĐối ngoại "
            "năm 2019\nI. MỤC ĐÍCH\n1. Đẩy mạnh hội nhập theo tinh thần Nghị quyết Trung ương 4 (khóa XII) về xây dựng "
            "Đảng; Chỉ thị số 25-CT/TW ngày 08/8/2018 của Ban Bí thư về đẩy mạnh đối ngoại đa phương và Nghị quyết Đại "
            "hội Đảng bộ tỉnh Tuyên Quang lần thứ XVI.\n2. Quyết tâm thực hiện thắng lợi nghị quyết đại hội các cấp.\n")
    cites = _record_cites(text)
    assert [(c["number"], c["name"]) for c in cites] == [
        (None, "Nghị quyết Trung ương 4"), ("25-CT/TW", None),
        (None, "Nghị quyết Đại hội Đảng bộ tỉnh Tuyên Quang lần thứ XVI")]


def test_a_departments_document_is_completed_with_the_plans_province():
    """"Công văn số 197/STTTT … của Sở Thông tin và Truyền thông": the department of the plan's province (as "UBND
    tỉnh" is completed), printed as "Sở Thông tin và Truyền thông tỉnh Thanh Hóa"."""
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN TRIỆU SƠN\nSố: 5/KH-UBND\nTriệu Sơn, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nChuyển đổi số "
            "năm 2022\nCăn cứ Kế hoạch số 21/KH-UBND ngày 20/01/2022 của UBND tỉnh Thanh Hóa;\nCăn cứ Công văn số "
            "197/STTTT ngày 15/02/2022 của Sở Thông tin và Truyền thông;\nI. MỤC ĐÍCH\n- Chuyển đổi số.\n")
    cites = _record_cites(text)
    assert [c["issuer"] for c in cites] == ["UBND tỉnh Thanh Hóa", "Sở Thông tin và Truyền thông tỉnh Thanh Hóa"]


def test_a_decree_that_details_a_law_does_not_issue_it_and_an_amending_law_has_no_issuer_from_its_of():
    """"Luật Phòng, chống thiên tai …; … Nghị định số 160/2018/NĐ-CP … quy định chi tiết thi hành một số điều của
    Luật Phòng, chống thiên tai": the law stays a cite of its own (it was merged into the decree as a document the
    decree issued); "Luật sửa đổi, bổ sung một số điều của Phòng, chống thiên tai" names the law it amends after
    "của", no issuer."""
    text = ("ỦY BAN NHÂN DÂN\nXÃ XUÂN TÍN\nSố: 36/KH-UBND\nXuân Tín, ngày 07 tháng 5 năm 2025\nKẾ HOẠCH\nPhòng, chống "
            "thiên tai năm 2025\nCăn cứ Luật Phòng, chống thiên tai ngày 19/6/2013; Luật sửa đổi, bổ sung một số điều "
            "của Phòng, chống thiên tai và Luật Đê điều ngày 17/6/2020;\nCăn cứ Nghị định số 160/2018/NĐ-CP ngày "
            "29/11/2018 của Chính phủ quy định chi tiết thi hành một số điều của Luật Phòng, chống thiên tai;\n"
            "I. MỤC ĐÍCH\n- Chủ động phòng, chống.\n")
    cites = _record_cites(text)
    assert [(c["number"] or c["name"], c["issuer"]) for c in cites] == [
        ("Luật Phòng, chống thiên tai", None),
        ("Luật sửa đổi, bổ sung một số điều của Phòng, chống thiên tai và Luật Đê điều", None),
        ("160/2018/NĐ-CP", "Chính phủ")]


def test_a_plan_titled_after_a_programme_derives_from_the_decision_that_approved_it():
    """"KẾ HOẠCH / THỰC HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ TRONG XÂY DỰNG NÔNG THÔN MỚI … TRÊN ĐỊA BÀN TỈNH" with "Quyết
    định số 924/QĐ-TTg … phê duyệt Chương trình chuyển đổi số trong xây dựng nông thôn mới …" among its bases: the
    plan implements that decision (the title names the programme, not the decision's number)."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH TIỀN GIANG\nSố: 383/KH-UBND\nTiền Giang, ngày 07 tháng 12 năm 2022\nKẾ HOẠCH\nTHỰC "
            "HIỆN CHƯƠNG TRÌNH CHUYỂN ĐỔI SỐ TRONG XÂY DỰNG NÔNG THÔN MỚI, HƯỚNG TỚI NÔNG THÔN MỚI THÔNG MINH TRÊN ĐỊA "
            "BÀN TỈNH TIỀN GIANG GIAI ĐOẠN 2022-2025\nI. CĂN CỨ XÂY DỰNG KẾ HOẠCH\n1. Quyết định số 924/QĐ-TTg ngày 22 "
            "tháng 8 năm 2022 của Thủ tướng Chính phủ phê duyệt Chương trình chuyển đổi số trong xây dựng nông thôn mới, "
            "hướng tới nông thôn mới thông minh giai đoạn 2021-2025;\n2. Quyết định số 605/QĐ-UBND ngày 16 tháng 3 năm "
            "2022 của Ủy ban nhân dân tỉnh phê duyệt Đề án Chính quyền số tỉnh Tiền Giang;\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [d["number"] for d in rec["derives_from"]] == ["924/QĐ-TTg"]


def test_what_a_news_article_says_the_plan_rests_on_is_its_basis_and_a_capital_headline_gives_its_title():
    """"Thực hiện Chỉ thị số 19-CT/ThU …, UBND thị xã xây dựng kế hoạch số 657/KH-UBND …" and "Căn cứ Kế hoạch số
    01/KH-BTCKN …": the documents the reported plan rests on are its bases, as in a plan's preamble (they were the
    body's); a headline "KẾ HOẠCH Tổ chức …" is the plan's title."""
    from kehoach import extract_text

    text = ("KẾ HOẠCH Tổ chức các hoạt động kỷ niệm 5 năm thành lập thị xã Ba Đồn (20/12/2013 - 20/12/2018)\n\nThứ hai - "
            "06/08/2018 16:14\nThực hiện Chỉ thị số 19-CT/ThU ngày 27/6/2018 của Ban Thường vụ Thị ủy về tổ chức các "
            "hoạt động kỷ niệm, UBND thị xã xây dựng kế hoạch số 657/KH-UBND ngày 31/7/2018 về việc tổ chức các hoạt "
            "động kỷ niệm với những nội dung cơ bản sau:\nCăn cứ Kế hoạch số 01/KH-BTCKN ngày 05/7/2018 của Ban Tổ "
            "chức. Các hoạt động tuyên truyền thực hiện Nghị quyết số 22-NQ/TW của Bộ Chính trị.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert rec["plan"]["title"] == ("Tổ chức các hoạt động kỷ niệm 5 năm thành lập thị xã Ba Đồn (20/12/2013 - "
                                    "20/12/2018)")
    assert [(c["number"], c["role"]) for c in rec["cites"]] == [
        ("19-CT/ThU", "basis"), ("01/KH-BTCKN", "basis"), ("22-NQ/TW", "body")]


def test_generic_type_words_and_names_that_run_on_are_no_named_cites():
    text = ("ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 8/KH-UBND\nCà Mau, ngày 2 tháng 3 năm 2022\nKẾ HOẠCH\nNăm 2022\n"
            "Căn cứ Luật An ninh mạng để người dân nâng cao ý thức; Nghị quyết Đại hội XIII và mục tiêu phát triển;\n"
            "I. MỤC ĐÍCH\n- Triển khai Chương trình ở các cấp địa phương, Chương trình kèm theo Kế hoạch này và "
            "Chiến lược theo năm; các Chương trình hành động đều bám sát Chương trình mục tiêu quốc gia xây dựng "
            "nông thôn mới.\n")
    names = sorted(c["name"] for c in _record_cites(text))
    assert names == ["Chương trình mục tiêu quốc gia xây dựng nông thôn mới", "Luật An ninh mạng",
                     "Nghị quyết Đại hội XIII"]


def test_a_programme_named_loosely_is_the_decision_that_approved_it():
    """A scheme a cited decision approved is that decision wherever the plan names it, however loosely ("của
    Chính phủ", "trên địa bàn tỉnh", a "về" more or less, its period a part of the decision's); a programme of
    another period is another programme; "triển khai các mô hình tại Đề án …" in a title carries the scheme out."""
    from kehoach import extract_text

    head = "ỦY BAN NHÂN DÂN\nTỈNH CAO BẰNG\nSố: 41/KH-UBND\nCao Bằng, ngày 3 tháng 4 năm 2024\nKẾ HOẠCH\n"
    decision = ("Căn cứ Quyết định số 77/QĐ-TTg ngày 12/01/2023 của Thủ tướng Chính phủ phê duyệt Đề án “Phát "
                "triển du lịch cộng đồng về vùng biên giới giai đoạn 2023-2027”;\n")
    text = (head + "THỰC HIỆN ĐỀ ÁN PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG VÙNG BIÊN GIỚI CỦA CHÍNH PHỦ TRÊN ĐỊA BÀN TỈNH "
            "GIAI ĐOẠN 2024 - 2027\n" + decision + "UBND tỉnh ban hành Kế hoạch thực hiện Đề án phát triển du lịch "
            "cộng đồng vùng biên giới của Chính phủ trên địa bàn tỉnh như sau:\nI. MỤC ĐÍCH\n- Nâng cao.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [c["number"] or c["name"] for c in rec["cites"]] == ["77/QĐ-TTg"]
    assert [d["number"] for d in rec["derives_from"]] == ["77/QĐ-TTg"]

    text = (head + "TRIỂN KHAI CÁC MÔ HÌNH TẠI ĐỀ ÁN PHÁT TRIỂN DU LỊCH CỘNG ĐỒNG VÙNG BIÊN GIỚI\n" + decision +
            "I. MỤC ĐÍCH\n- Nâng cao.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [d["number"] for d in rec["derives_from"]] == ["77/QĐ-TTg"]

    text = (head + "Xây dựng làng văn hóa\nCăn cứ Quyết định số 5/QĐ-UBND ngày 2/1/2016 của UBND tỉnh phê duyệt "
            "Chương trình mục tiêu xây dựng làng văn hóa kiểu mẫu giai đoạn 2016-2020;\nUBND tỉnh ban hành Kế hoạch "
            "thực hiện Chương trình mục tiêu xây dựng làng văn hóa kiểu mẫu giai đoạn 2021-2025 như sau:\n"
            "I. MỤC ĐÍCH\n- Nâng cao.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [c["number"] or c["name"] for c in rec["cites"]] == [
        "5/QĐ-UBND", "Chương trình mục tiêu xây dựng làng văn hóa kiểu mẫu giai đoạn 2021-2025"]


def test_issuers_printed_before_a_proposal_and_a_province_left_implicit():
    """"Theo đề nghị của X tại Tờ trình số …" with X wrapped over lines, followed by its role in parentheses or
    written "(tại Tờ trình …"; a province's board ("Ban Dân tộc") and "Ủy ban nhân dân Tỉnh" completed with the
    province; the Party delegation of the People's Committee ("Ban Cán sự Đảng UBND tỉnh") read whole."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\nSố: 12/QĐ-UBND\nBắc Giang, ngày 5 tháng 5 năm 2021\nQUYẾT ĐỊNH\n"
            "Ban hành Kế hoạch phòng, chống dịch bệnh gia cầm\nCăn cứ Kế hoạch số 31/KH-UBND ngày 2/2/2021 của Ủy "
            "ban nhân dân Tỉnh về chăn nuôi;\nCăn cứ Kế hoạch số 44-KH/BCS ngày 3/3/2021 của Ban Cán sự Đảng UBND "
            "tỉnh thực hiện Nghị quyết của Tỉnh ủy;\nXét đề nghị của Giám đốc Sở\nNông nghiệp và Phát triển nông "
            "thôn (Cơ quan Thường trực Ban Chỉ đạo phòng, chống dịch bệnh\ntỉnh) tại Tờ trình số 57/TTr-SNN ngày "
            "20/4/2021; của Sở Y tế (tại Tờ trình số 58/TTr-SYT ngày 21/4/2021) và của Ban Dân tộc tại Tờ trình số "
            "\n59/TTr-BDT ngày 22/4/2021.\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành Kế hoạch.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [(c["number"], c["issuer"]) for c in rec["cites"]] == [
        ("31/KH-UBND", "UBND tỉnh Bắc Giang"), ("44-KH/BCS", "Ban Cán sự Đảng UBND tỉnh Bắc Giang"),
        ("57/TTr-SNN", "Giám đốc Sở Nông nghiệp và Phát triển nông thôn tỉnh Bắc Giang"),
        ("58/TTr-SYT", "Sở Y tế tỉnh Bắc Giang"), ("59/TTr-BDT", "Ban Dân tộc tỉnh Bắc Giang")]


def test_a_congress_resolution_by_name_is_its_numbered_cite():
    """A congress is named with its ordinal ("… Đảng bộ tỉnh lần thứ XII"); its resolution named later ("Nghị quyết
    Đại hội Đảng bộ tỉnh lần thứ XII", "… nhiệm kỳ 2020 - 2025") is the numbered one; another level's is not."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\nSố: 9/KH-UBND\nHà Nam, ngày 5 tháng 2 năm 2021\nKẾ HOẠCH\nPhát triển "
            "kinh tế năm 2021\nThực hiện Nghị quyết 07-NQ/ĐH ngày 10/10/2020 của Đại hội đại biểu Đảng bộ tỉnh lần "
            "thứ XX, nhiệm kỳ 2020 - 2025, UBND tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n- Triển khai Nghị quyết "
            "Đại hội Đảng bộ tỉnh lần thứ XX và Nghị quyết Đại hội Đảng bộ huyện Kim Bảng lần thứ XXIV.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [(c["number"] or c["name"], c["issuer"], len(c["mentions"])) for c in rec["cites"]] == [
        ("07-NQ/ĐH", "Đại hội đại biểu Đảng bộ tỉnh Hà Nam lần thứ XX", 1),
        ("Nghị quyết Đại hội Đảng bộ huyện Kim Bảng lần thứ XXIV", None, 0)]


def test_a_laws_number_after_its_name_a_list_under_one_type_word_and_a_schemes_revision():
    """"Luật Dược số 105/2016/QH13" is that number; bases listed with blank lines between them; "các Quyết định
    của Thủ tướng Chính phủ: số …; số …" are decisions of the Prime Minister; of a scheme's decision and its
    revision, the plan carries out the one whose period is its own."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH HÀ NAM\nSố: 77/KH-UBND\nHà Nam, ngày 2 tháng 3 năm 2019\nKẾ HOẠCH\nTRIỂN KHAI "
            "THỰC HIỆN ĐỀ ÁN “NÂNG CAO NĂNG LỰC Y TẾ CƠ SỞ GIAI ĐOẠN 2019 - 2025” TRÊN ĐỊA BÀN TỈNH\n"
            "I. CĂN CỨ PHÁP LÝ\n- Luật Khám bệnh, chữa bệnh năm 2009;\n\n- Luật Dược số 105/2016/QH13;\n\n"
            "- Căn cứ các Quyết định của Thủ tướng Chính phủ: số 140/QĐ-TTg ngày 3/9/2010 về việc phê duyệt Đề án "
            "“Nâng cao năng lực y tế cơ sở giai đoạn 2010 - 2020”; số 208/QĐ-TTg ngày 2/12/2018 phê duyệt điều "
            "chỉnh, bổ sung Đề án nâng cao năng lực y tế cơ sở giai đoạn 2018 - 2025;\nII. MỤC ĐÍCH\n- Nâng cao.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [(c["number"] or c["name"], c["type"], c["issuer"]) for c in rec["cites"]] == [
        ("Luật Khám bệnh, chữa bệnh", "Luật", None), ("105/2016/QH13", "Luật", None),
        ("140/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ"), ("208/QĐ-TTg", "Quyết định", "Thủ tướng Chính phủ")]
    assert [d["number"] for d in rec["derives_from"]] == ["208/QĐ-TTg"]


def test_what_a_plan_carries_out_through_short_names_and_nested_descriptions():
    """One "Thực hiện" governs a list whose items give their short names in brackets ("(gọi tắt là Kết luận số
    48-KL/TW)") and describe what they carry out ("Kế hoạch số 178-KH/TU … thực hiện Chỉ thị số 21-CT/TW …"): the
    list goes on past both; a document in an item's description is not carried out by the plan."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU\nSố: 8/KH-UBND\nCà Mau, ngày 2 tháng 3 năm 2024\nKẾ HOẠCH\nSắp xếp đơn vị "
            "hành chính\nThực hiện Kết luận số 48-KL/TW ngày 30/01/2023 của Bộ Chính trị về sắp xếp đơn vị hành chính "
            "(gọi tắt là Kết luận số 48-KL/TW), Nghị quyết số 35/2023/UBTVQH15 ngày 12/7/2023 của Ủy ban Thường vụ "
            "Quốc hội; Kế hoạch số 178-KH/TU ngày 26/6/2023 của Ban Thường vụ Tỉnh ủy thực hiện Chỉ thị số 21-CT/TW "
            "ngày 04/5/2023 của Ban Bí thư về giáo dục nghề nghiệp; Quyết định số 73/QĐ-TTg ngày 10/02/2023 của Thủ "
            "tướng Chính phủ, UBND tỉnh ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n- Nâng cao.\n")
    rec = extract_text(text, file="t.txt").to_dict()
    assert [d["number"] for d in rec["derives_from"]] == [
        "48-KL/TW", "35/2023/UBTVQH15", "178-KH/TU", "73/QĐ-TTg"]
