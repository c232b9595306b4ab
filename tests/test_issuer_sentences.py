"""What a news article says of the plan it reports, and who issued a plan, as texts of our own word it: one table
of articles (issuers of every shape: a district with its province in brackets, a province spelled with a dash,
steering committees, Party boards, ministries, the Front; the reported plan's number, date and title), then plan
texts (decisions' titles and authority lines, the Front's header, a numbered urban district) and cited issuers
that a dash or a title's place phrase would run on."""

from __future__ import annotations

import pytest

from kehoach import extract_text


def _news(sentence: str) -> dict:
    text = ("Tin địa phương\n\nCập nhật: 12/03/2021\n\n" + sentence
            + "\n\nTheo đó, các cơ quan, đơn vị tổ chức tuyên truyền sâu rộng đến Nhân dân.\n\nPV\n")
    return extract_text(text, file="news.txt").to_dict()


def _fields(plan: dict, keys) -> dict:
    """The record's plan fields named ``keys`` ("issuer.name" reads a nested field)."""
    out = {}
    for key in keys:
        value = plan
        for part in key.split("."):
            value = value[part]
        out[key] = value
    return out


def _issuer(name: str, jurisdiction: str | None, level: str | None) -> dict:
    return {"issuer.name": name, "issuer.jurisdiction": jurisdiction, "level": level}


# who issued the plan an article reports
_ISSUERS = [
    ("UBND huyện Khánh Vĩnh (Khánh Hòa) vừa ban hành kế hoạch tuyên truyền Ngày Di sản năm 2021 trên địa bàn huyện.",
     _issuer("Ủy ban nhân dân", "huyện Khánh Vĩnh", "district")),
    ("UBND tỉnh Thừa Thiên - Huế đã ban hành Kế hoạch số 208/KH-UBND phát triển du lịch năm 2021.",
     _issuer("Ủy ban nhân dân", "tỉnh Thừa Thiên Huế", "province")),
    ("UBND tỉnh Bà Rịa - Vũng Tàu vừa ban hành Kế hoạch số 12/KH-UBND về du lịch năm 2021.",
     {**_issuer("Ủy ban nhân dân", "tỉnh Bà Rịa - Vũng Tàu", "province"), "province": "Bà Rịa - Vũng Tàu"}),
    ("Ban Chỉ đạo Công tác dân số - Kế hoạch hóa gia đình huyện Cam Lâm vừa ban hành kế hoạch công tác dân số năm 2021.",
     _issuer("Ban Chỉ đạo Công tác dân số - Kế hoạch hóa gia đình", "huyện Cam Lâm", "district")),
    ("Ban chỉ đạo du lịch tỉnh Hòa Bình đã ban hành Kế hoạch số 24/KH-BCĐDL về phát triển du lịch năm 2021.",
     _issuer("Ban Chỉ đạo du lịch", "tỉnh Hòa Bình", "province")),  # its name as the gazetteer spells it
    ("Ban Chỉ đạo các Chương trình mục tiêu quốc gia (MTQG) tỉnh Quảng Trị giai đoạn 2021-2025 vừa ban hành Kế hoạch "
     "số 71/KH-BCĐCTMTQG về kiểm tra năm 2024.",
     _issuer("Ban Chỉ đạo các Chương trình mục tiêu quốc gia (MTQG) giai đoạn 2021-2025", "tỉnh Quảng Trị", "province")),
    ("Ngày 1/6/2021, Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào Toàn dân bảo vệ an ninh "
     "Tổ quốc của tỉnh Đắk Nông đã ban hành Kế hoạch số 389/KH-BCĐ về cao điểm tấn công tội phạm.",
     {**_issuer("Ban Chỉ đạo phòng, chống tội phạm, tệ nạn xã hội và xây dựng phong trào Toàn dân bảo vệ an ninh Tổ "
                "quốc", "tỉnh Đắk Nông", "province"), "date": "2021-06-01"}),
    # a topic of dashes once let two alternatives match the same "-": each one more doubled the pattern's work
    ("Ban Chỉ đạo " + "- " * 30 + "tỉnh Hòa Bình vừa ban hành Kế hoạch số 5/KH-BCĐ về du lịch năm 2021.",
     {"number": "5/KH-BCĐ"}),
    ("Đảng ủy xã Đào Hữu Cảnh tổ chức hội nghị triển khai kế hoạch tổ chức Đại hội Đảng bộ xã nhiệm kỳ 2020 - 2025.",
     _issuer("Đảng ủy", "xã Đào Hữu Cảnh", "commune")),
    ("Ngày 12/9/2021, Ban Dân vận Tỉnh ủy Bắc Giang đã ban hành Kế hoạch số 62-KH/BDVTU về Tháng Dân vận năm 2021.",
     _issuer("Ban Dân vận Tỉnh ủy", "tỉnh Bắc Giang", "province")),
    ("Ban Thường vụ Huyện ủy Hiệp Đức đã ban hành Chỉ thị số 25/CT-HU và Kế hoạch số 62/KH-HU về đại hội.",
     _issuer("Huyện ủy", "huyện Hiệp Đức", "district")),
    ("Thành ủy vừa ban hành kế hoạch nghiên cứu, quán triệt Chỉ thị số 20-CT/TW của Ban Bí thư.",
     _issuer("Thành ủy", None, None)),  # a centrally governed city's or a provincial city's: no level
    ("Hội Cựu chiến binh tỉnh Gia Lai mới đây vừa ban hành Kế hoạch tổ chức Đại hội Câu lạc bộ năm 2021.",
     _issuer("Hội Cựu chiến binh", "tỉnh Gia Lai", "province")),
    ("Ban Thường trực Ủy ban MTTQVN tỉnh Quảng Bình vừa ban hành Kế hoạch số 267/KH-MTTQ-BTT về tuyên truyền.",
     _issuer("Ủy ban Mặt trận Tổ quốc Việt Nam", "tỉnh Quảng Bình", "province")),
    ("Ban An toàn giao thông tỉnh Bà Rịa - Vũng Tàu vừa ban hành Kế hoạch bảo đảm trật tự an toàn giao thông năm 2022.",
     _issuer("Ban An toàn giao thông", "tỉnh Bà Rịa - Vũng Tàu", "province")),
    ("Ngày 30/3/2021, Bộ Văn hóa, Thể thao và Du lịch đã ban hành Kế hoạch số 125/KH-BVHTTDL về Ngày Văn hóa năm 2021.",
     _issuer("Bộ Văn hóa, Thể thao và Du lịch", None, "central")),
    ("Ngày 3/9/2021, Bộ Nông nghiệp và PTNT đã ban hành Kế hoạch 719/KH-BNN-PC thực hiện Ngày Pháp luật năm 2021.",
     _issuer("Bộ Nông nghiệp và Phát triển nông thôn", None, "central")),
    ("Ngày 28/4/2020, Thanh tra Chính phủ ban hành Kế hoạch số 616/KH-TTCP về đánh giá công tác phòng, chống tham "
     "nhũng của tỉnh Thái Nguyên.", {**_issuer("Thanh tra Chính phủ", None, "central"), "province": None}),
    ("Ban Chỉ đạo 138 của Chính phủ ban hành Kế hoạch số 02/KH-BCĐ về phòng, chống mua bán người tại tỉnh Lạng Sơn.",
     {**_issuer("Ban Chỉ đạo 138 của Chính phủ", None, "central"), "province": None}),
    ("Thanh Chương: UBND xã Thanh Hương triển khai Kế hoạch chuyển đổi số năm 2025 trên địa bàn xã.",
     {"level": "commune", "district": "Thanh Chương", "province": "Nghệ An"}),  # a dateline names the district
    ("Đảng ủy phường Đông Sơn tổ chức Hội nghị triển khai kế hoạch học tập nghị quyết năm 2025.",
     {"level": "commune", "district": None}),  # a district's name the ward shares is not its district
    ("UBND huyện Quảng Trạch vừa tổ chức hội nghị triển khai kế hoạch phát động phong trào bảo vệ an ninh Tổ quốc.",
     {"level": "district", "district": "Quảng Trạch", "province": "Quảng Bình"}),  # deployed at a meeting
    ("(GLO)- Ngày 2-11, UBND huyện Chư Păh (tỉnh Gia Lai) ban hành Kế hoạch số 94/KH-UBND về tổ chức Tuần lễ hoa dã "
     "quỳ năm 2020.", _issuer("Ủy ban nhân dân", "huyện Chư Păh", "district")),  # "(tỉnh …)" after the district
    ("(QNO) - UBND TP.Hội An vừa ban hành kế hoạch tổ chức sự kiện “Hội An chào đón năm mới 2020” với nhiều hoạt "
     "động văn hóa.", {"issuer.jurisdiction": "thành phố Hội An", "level": "district", "province": "Quảng Nam",
                       "title": 'tổ chức sự kiện "Hội An chào đón năm mới 2020"', "year_covered": None}),
    ("Ban Thường vụ Huyện ủy Châu Phú vừa tổ chức hội nghị triển khai kế hoạch chuẩn bị Đại hội Đảng các cấp.",
     _issuer("Huyện ủy", "huyện Châu Phú", "district")),
    ("Ngày 3/2, ông Lâm Văn Hồng, Chủ tịch UBND huyện Long Điền chủ trì hội nghị triển khai kế hoạch tổ chức lễ hội "
     "Dinh Cô.", _issuer("Ủy ban nhân dân", "huyện Long Điền", "district")),
    ("Sáng ngày 09-5, Thành phố Thuận An tổ chức hội nghị thông qua Kế hoạch tổ chức lễ hội “Lái Thiêu mùa trái "
     "chín” năm 2022.", {"issuer.jurisdiction": "thành phố Thuận An", "level": "district",
                         "title": 'tổ chức lễ hội "Lái Thiêu mùa trái chín" năm 2022'}),
    ("Ủy ban Nhân dân thành phố Hà Nội vừa ban hành Kế hoạch số 332/KH-UBND ngày 10/12/2025 về trật tự đô thị.",
     _issuer("Ủy ban nhân dân", "thành phố Hà Nội", "province")),
    ("Ngày 02/01/2020, Bộ Lao động – Thương binh và Xã hội (LĐ-TBXH) đã ban hành Quyết định số 01/QĐ-LĐTBXH về ban "
     "hành Kế hoạch hành động năm 2020.", {"issuer.name": "Bộ Lao động - Thương binh và Xã hội", "level": "central",
                                         "number": "01/QĐ-LĐTBXH"}),
    ("Ban Chỉ đạo Trung ương về phòng, chống tham nhũng vừa ban hành kế hoạch kiểm tra, giám sát năm 2023.",
     {"issuer.name": "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng", "level": "central"}),
    ("(VOV5) - Kế hoạch hành động quốc gia thực hiện Chương trình nghị sự 2030 vừa được Thủ tướng Chính phủ ban hành.",
     {"issuer.name": "Thủ tướng Chính phủ", "level": "central",
      "title": "hành động quốc gia thực hiện Chương trình nghị sự 2030"}),
    # a commune's district that is a town ("thị xã"), its province's name holding a city's ("Thừa Thiên Huế")
    ("UBND phường Thủy Lương xây dựng Kế hoạch tổ chức Ngày Chủ nhật xanh năm 2019 trên địa bàn phường Thủy Lương, "
     "thị xã Hương Thủy, tỉnh Thừa Thiên Huế.", {"level": "commune", "district": "Hương Thủy",
                                                  "province": "Thừa Thiên Huế"}),
    # a joint plan of a department and a district: the first named
    ("Ngày 29/9/2022, Sở Tài nguyên và Môi trường tỉnh Tuyên Quang và UBND huyện Hàm Yên đã ban hành Kế hoạch số "
     "223/KH-STNMT-UBND tổ chức Lễ phát động Chiến dịch làm cho thế giới sạch hơn năm 2022.",
     _issuer("Sở Tài nguyên và Môi trường", "tỉnh Tuyên Quang", "province")),
    ("(HCM CityWeb) - UBND TP vừa ban hành Kế hoạch về công tác phòng, chống thiên tai năm 2021 trên địa bàn TPHCM "
     "nhằm nâng cao nhận thức.", {"level": "province", "province": "Hồ Chí Minh"}),  # the city as news write it
    ("Kế hoạch thực hiện Chiến lược quốc gia về bình đẳng giới tỉnh Đồng Nai năm 2020 vừa được Ban thường trực Ban "
     "Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa tỉnh ban hành.",
     _issuer("Ban Chỉ đạo phong trào Toàn dân đoàn kết xây dựng đời sống văn hóa", "tỉnh Đồng Nai", "province")),
]

# which plan, of when, about what
_REPORTED = [
    ("UBND tỉnh Quảng Nam ban hành Kế hoạch số 5798/KH-UBND về truyền thông Ngày chuyển đổi số quốc gia (10.10) trên "
     "địa bàn tỉnh. Chủ đề năm nay là chuyển đổi số.",
     {"title": "truyền thông Ngày chuyển đổi số quốc gia (10.10) trên địa bàn tỉnh"}),
    ("UBND huyện Thạch Hà (Hà Tĩnh) vừa ban hành Kế hoạch số 88/KH-UBND về thực hiện dân chủ ở cơ sở đến hết năm "
     "2023.", {"number": "88/KH-UBND", "year_covered": None}),
    ("UBND tỉnh An Giang vừa ban hành kế hoạch triển khai thực hiện Tháng hành động vì trẻ em năm 2021 với chủ đề: "
     "\"Chung tay bảo vệ trẻ em\".", {"title": "triển khai thực hiện Tháng hành động vì trẻ em năm 2021"}),
    ("Ngày 13/2, UBND tỉnh ban hành Kế hoạch 1351/KH-UBND về việc ban hành Kế hoạch Ngoại giao văn hóa năm 2021 của "
     "tỉnh Đắk Lắk.", {"number": "1351/KH-UBND", "title": "Ngoại giao văn hóa năm 2021 của tỉnh Đắk Lắk"}),
    ("UBND tỉnh Hòa Bình ban hành Kế hoạch số 5/KH-UBND về ban hành quy chế phối hợp năm 2020.",
     {"title": "ban hành quy chế phối hợp năm 2020"}),
    ("UBND tỉnh Bình Dương vừa ban hành Kế hoạch về công tác phổ biến giáo dục pháp luật năm 2020.",
     {"title": "công tác phổ biến giáo dục pháp luật năm 2020"}),
    ("Ngày 29/3/2021, UBND tỉnh Kon Tum ban hành Kế hoạch số 1014//KH-UBND về công tác trẻ em năm 2021.",
     {"number": "1014/KH-UBND", "date": "2021-03-29"}),
    ("Ngày 5/5/2023, UBND tỉnh Quảng Trị đã ban hành Kế hoạch tổ chức Tuần lễ phòng, chống thiên tai năm 2023.",
     {"number": None, "date": "2023-05-05"}),
    ("Ngày 06/9/2019, Đảng ủy xã Khánh Hòa tổ chức triển khai kế hoạch Đại hội Đảng bộ xã năm 2020.",
     {"date": None}),  # the day it was deployed, not issued
    ("UBND tỉnh vừa ban hành Kế hoạch số 64/KH-UBND về triển khai Tháng hành động vì trẻ em năm 2022 từ ngày 1 đến "
     "ngày 30-6-2022 với chủ đề “Chung tay bảo vệ trẻ em”.",
     {"title": "triển khai Tháng hành động vì trẻ em năm 2022"}),  # its dates are no part of its title
    ("UBND tỉnh vừa ban hành Kế hoạch triển khai Tháng hành động vì sự nghiệp giáo dục năm 2019, sẽ bắt đầu từ ngày "
     "1-8.", {"title": "triển khai Tháng hành động vì sự nghiệp giáo dục năm 2019"}),
    ("Tỉnh đoàn Hà Nam vừa ban hành Kế hoạch Tháng Thanh niên 2022 với chủ đề “Tuổi trẻ tiên phong”.",
     {"title": "Tháng Thanh niên 2022", "year_covered": 2022}),  # a year printed without "năm"
    ("Ngày 21/01/2021, UBND xã Xuân Thành ban hành kế hoạc số 19/KH-UBND về tổ chức Tết trồng cây năm 2021.",
     {"number": "19/KH-UBND", "date": "2021-01-21"}),  # "kế hoạc": a letter lost
    ("Ngày 14/3/2023, Bộ trưởng Bộ Tài nguyên và Môi trường đã phê duyệt Quyết định số 569/QĐ-BTNMT ban hành Kế "
     "hoạch giảm phát thải khí mê-tan đến năm 2030.", {"number": "569/QĐ-BTNMT", "date": "2023-03-14"}),
    ("Phó Thủ tướng Bùi Văn An vừa ký văn bản 17/KH-BCĐ389 ban hành Kế hoạch cao điểm chống buôn lậu dịp Tết.",
     {"number": "17/KH-BCĐ389"}),  # the plan's number after "văn bản"
    # a steering committee's code ending in digits; a joint plan's number and its first-named issuer
    ("UBND tỉnh vừa ban hành Kế hoạch 17/KH-BCĐ138 về việc tổ chức Ngày hội phòng cháy năm 2023.",
     {"number": "17/KH-BCĐ138", "title": "tổ chức Ngày hội phòng cháy năm 2023"}),
    ("Ngày 02/3/2019, Ban Tuyên giáo Trung ương và Bộ Văn hóa, Thể thao và Du lịch đã ký kết Kế hoạch số "
     "21-KH/BTGTW-BVHTTDL về tuyên truyền văn hóa đọc năm 2019.",
     {"number": "21-KH/BTGTW-BVHTTDL", "issuer.name": "Ban Tuyên giáo Trung ương", "level": "central"}),
    # a body deploying its own plan after the plan it carries out ("89 –KH/ĐU": an en dash, a space)
    ("Thực hiện Kế hoạch số 140-KH/QU, ngày 02/8/2019 của Quận ủy, Đảng ủy phường Yên Hòa triển khai kế hoạch số "
     "31 –KH/ĐU ngày 5/8/2019 về việc tổ chức Đại hội Chi bộ nhiệm kỳ 2020-2025.",
     {"number": "31-KH/ĐU", "date": "2019-08-05", "title": "tổ chức Đại hội Chi bộ nhiệm kỳ 2020-2025"}),
    # an unnumbered plan issued, then a plan it follows: no number of its own
    ("UBND tỉnh vừa ban hành Kế hoạch tổ chức Tuần lễ áo dài năm 2024. Nội dung chủ yếu của Kế hoạch là tuyên "
     "truyền theo Kế hoạch số 33-KH/TU ngày 04/01/2024 của Ban Thường vụ Tỉnh ủy.",
     {"number": None, "date": None, "title": "tổ chức Tuần lễ áo dài năm 2024"}),
    # the number after the title, in brackets; the issuer with its abbreviation in brackets
    ("Hội đồng phối hợp phổ biến, giáo dục pháp luật tỉnh Điện Biên (Hội đồng PHPBGDPL tỉnh) ban hành Kế hoạch kiểm "
     "tra công tác hòa giải ở cơ sở năm 2021 (Kế hoạch số 12/KH-HĐPH, ngày 3/9/2021).",
     {"number": "12/KH-HĐPH", "date": "2021-09-03", "title": "kiểm tra công tác hòa giải ở cơ sở năm 2021",
      "issuer.name": "Hội đồng phối hợp phổ biến, giáo dục pháp luật", "issuer.jurisdiction": "tỉnh Điện Biên"}),
]


@pytest.mark.parametrize("sentence, want", _ISSUERS + _REPORTED)
def test_what_a_news_article_says_of_the_plan_it_reports(sentence, want):
    r = _news(sentence)
    assert r["kind"] == "news"
    assert _fields(r["plan"], want) == want


_PLAN = ("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
         "---------------\nSố: 86/KH-UBND\nLai Châu, ngày 10 tháng 3 năm 2021\n\nKẾ HOẠCH\n{title}\n\n"
         "Căn cứ Kế hoạch số 61/KH-NHT ngày 01/3/2021 của Ủy ban nhân dân tỉnh Hà Giang - Trưởng nhóm hợp tác "
         "phát triển du lịch các tỉnh Tây Bắc;\nỦy ban nhân dân tỉnh Lai Châu ban hành Kế hoạch như sau:\n"
         "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Nâng cao.\n")


def test_a_cited_issuer_ends_before_an_office_after_a_dash_and_before_a_place_phrase():
    title = "THỰC HIỆN QUYẾT ĐỊNH SỐ 957/QĐ-TTG NGÀY 06 THÁNG 7 NĂM 2020\nCỦA THỦ TƯỚNG CHÍNH PHỦ TRÊN ĐỊA BÀN TỈNH"
    r = extract_text(_PLAN.format(title=title), file="p.txt").to_dict()
    issuers = {c["number"]: c["issuer"] for c in r["cites"]}
    assert issuers["61/KH-NHT"] == "UBND tỉnh Hà Giang"
    assert issuers["957/QĐ-TTG"].casefold() == "thủ tướng chính phủ"


@pytest.mark.parametrize("title, want", [
    ("DU LỊCH NĂM 2021 TRÊN ĐỊA BÀN TỈNH.", "DU LỊCH NĂM 2021 TRÊN ĐỊA BÀN TỈNH"),
    ("DU LỊCH NĂM 2021 TRÊN ĐỊA BÀN TỈNH\n—————–", "DU LỊCH NĂM 2021 TRÊN ĐỊA BÀN TỈNH"),
])
def test_a_title_loses_its_final_stop_and_the_rule_under_it(title, want):
    assert extract_text(_PLAN.format(title=title), file="p.txt").plan.title == want


def test_a_decision_approving_a_plan_gives_the_plan_title():
    text = _PLAN.replace("KẾ HOẠCH\n{title}", "QUYẾT ĐỊNH\nPHÊ DUYỆT KẾ HOẠCH PHÁT TRIỂN DU LỊCH NĂM 2021").replace(
        "86/KH-UBND", "86/QĐ-UBND")
    plan = extract_text(text, file="d.txt").plan
    assert (plan.title, plan.year_covered) == ("PHÁT TRIỂN DU LỊCH NĂM 2021", 2021)


def test_a_department_heads_document_is_completed_with_the_province():
    text = _PLAN.format(title="DU LỊCH NĂM 2021").replace(
        "Căn cứ Kế hoạch số 61/KH-NHT", "Xét đề nghị của Giám đốc Sở Văn hóa, Thể thao và Du lịch tại Tờ trình số "
        "87/TTr-SVHTTDL ngày 02/3/2021;\nCăn cứ Kế hoạch số 61/KH-NHT")
    issuers = {c["number"]: c["issuer"] for c in extract_text(text, file="p.txt").to_dict()["cites"]}
    assert issuers["87/TTr-SVHTTDL"] == "Giám đốc Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu"


def test_a_prime_ministers_decision_issuing_an_action_plan():
    text = ("THỦ TƯỚNG CHÍNH PHỦ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "---------------\nSố: 44/QĐ-TTg\nHà Nội, ngày 23 tháng 5 năm 2021\nQUYẾT ĐỊNH\n"
            "BAN HÀNH KẾ HOẠCH HÀNH ĐỘNG THỰC HIỆN CHIẾN LƯỢC PHÁT TRIỂN DU LỊCH NĂM 2021\nTHỦ TƯỚNG CHÍNH PHỦ\n"
            "Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết "
            "định này Kế hoạch hành động thực hiện Chiến lược phát triển du lịch năm 2021.\n")
    plan = extract_text(text, file="q.txt").plan
    assert (plan.title, plan.level, plan.issuer.name) == (
        "HÀNH ĐỘNG THỰC HIỆN CHIẾN LƯỢC PHÁT TRIỂN DU LỊCH NĂM 2021", "central", "Thủ tướng Chính phủ")


def test_a_decision_about_an_action_programme_and_a_title_with_its_alias():
    """"QUYẾT ĐỊNH VỀ CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA BỘ …": the programme's title; a title's alias in brackets ("…
    (Chương trình hành động)") is the name the text calls it by, not part of the title."""
    text = ("BỘ Y TẾ\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
            "Số: 12/QĐ-BYT\nHà Nội, ngày 3 tháng 8 năm 2021\nQUYẾT ĐỊNH\n{title}\nBỘ TRƯỞNG BỘ Y TẾ\nCăn cứ Luật Tổ chức "
            "Chính phủ ngày 19 tháng 6 năm 2015;\nQUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Chương trình.\n")
    plan = extract_text(text.format(title="VỀ CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA BỘ Y TẾ THỰC HIỆN NGHỊ QUYẾT SỐ 5/NQ-CP"),
                        file="q.txt").plan
    assert plan.title == "HÀNH ĐỘNG CỦA BỘ Y TẾ THỰC HIỆN NGHỊ QUYẾT SỐ 5/NQ-CP"
    plan = extract_text(text.format(title="Ban hành Chương trình hành động của Bộ Y tế thực hiện Nghị quyết số "
                                          "5/NQ-CP (Chương trình hành động)"), file="q.txt").plan
    assert plan.title == "hành động của Bộ Y tế thực hiện Nghị quyết số 5/NQ-CP"


def test_a_department_heads_authority_line_under_a_decisions_title_is_no_title():
    text = ("UBND TỈNH THANH HÓA\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Số: 1745/QĐ-SGDĐT\nThanh Hóa, ngày 30 tháng 8 năm 2021\nQUYẾT ĐỊNH\nBAN HÀNH KẾ HOẠCH CÔNG TÁC NĂM HỌC "
            "2021-2022\nGIÁM ĐỐC SỞ GIÁO DỤC VÀ ĐÀO TẠO\nCăn cứ Quyết định số 1100/QĐ-UBND ngày 2/4/2021 của UBND tỉnh;\n"
            "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch công tác năm học 2021-2022.\n")
    plan = extract_text(text, file="q.txt").plan
    assert (plan.title, plan.issuer.name, plan.issuer.jurisdiction) == (
        "CÔNG TÁC NĂM HỌC 2021-2022", "Sở Giáo dục và Đào tạo", "tỉnh Thanh Hóa")


def test_the_fronts_plan_under_its_own_header():
    text = ("ỦY BAN MTTQ VIỆT NAM\nTỈNH QUẢNG TRỊ\nBAN THƯỜNG TRỰC\nSố: 06 /KH-MTTQ-BTT\n"
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nQuảng Trị, ngày 03 tháng 10 năm 2021\n"
            "KẾ HOẠCH\nHợp tác với Mặt trận Lào giai đoạn 2022 – 2024\nCăn cứ Chương trình phối hợp năm 2021;\n"
            "I. Mục đích, yêu cầu\n- Nhằm nâng cao nhận thức.\n")
    plan = extract_text(text, file="m.txt").plan
    assert (plan.number, plan.issuer.name, plan.issuer.jurisdiction, plan.level) == (
        "06/KH-MTTQ-BTT", "Ủy ban Mặt trận Tổ quốc Việt Nam", "tỉnh Quảng Trị", "province")


def test_a_decision_that_issues_the_reported_plan_numbers_it_and_is_no_cite():
    r = _news("Ngày 6/11/2018, Thủ tướng Chính phủ ban hành Quyết định số 1486/QĐ-TTg ban hành Kế hoạch thông tin "
              "đối ngoại của Chính phủ giai đoạn 2018-2020. Thực hiện Nghị định số 72/2015/NĐ-CP của Chính phủ.")
    plan = r["plan"]
    assert (plan["number"], plan["date"], plan["title"], plan["level"]) == (
        "1486/QĐ-TTg", "2018-11-06", "thông tin đối ngoại của Chính phủ giai đoạn 2018-2020", "central")
    assert [c["number"] for c in r["cites"]] == ["72/2015/NĐ-CP"]


def test_a_decision_title_without_its_type_word_and_a_numbered_urban_district():
    text = ("ỦY BAN NHÂN DÂN\nQUẬN 11\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 59/QĐ-UBND\n"
            "Quận 11, ngày 3 tháng 3 năm 2021\nBAN HÀNH KẾ HOẠCH PHÁT TRIỂN VĂN HÓA ĐỌC NĂM 2021\n"
            "ỦY BAN NHÂN DÂN QUẬN 11\nCăn cứ Luật Thư viện ngày 21 tháng 11 năm 2019;\nQUYẾT ĐỊNH:\n"
            "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch phát triển văn hóa đọc năm 2021.\n")
    plan = extract_text(text, file="q.txt").plan
    assert (plan.title, plan.level, plan.district, plan.province, plan.issuer.jurisdiction) == (
        "PHÁT TRIỂN VĂN HÓA ĐỌC NĂM 2021", "district", "Quận 11", "Hồ Chí Minh", "quận 11")


def test_an_article_under_a_banner_and_a_view_counter():
    """A portal's navigation link and slogan above an article are the site's (no cite of the congress's resolution;
    the province it names is the site's, when the article names none); a view counter under the headline ends
    nothing; a ward's plan of its own number ("… của Đảng ủy phường") is no cite; what the plan carries out is
    read where the article gives its number."""
    text = ("Nhảy đến nội dung\nQuyết tâm thực hiện thắng lợi Nghị quyết Đại hội đại biểu Đảng bộ tỉnh Yên Bái lần thứ "
            "XIX, nhiệm kỳ 2020 - 2025\n\nUBND tỉnh triển khai kế hoạch hè cho thiếu nhi năm 2022 trên địa bàn các "
            "huyện miền núi\nNgày đăng 06/06/2022 | 08:15 | Lượt xem: 311\n\nThực hiện Chỉ thị số 09/CT-TTg ngày "
            "2/5/2022 của Thủ tướng Chính phủ, UBND tỉnh đã ban hành Kế hoạch số 77/KH-UBND, ngày 01/6/2022 của UBND "
            "tỉnh về tổ chức các hoạt động hè cho thiếu nhi năm 2022, bảo đảm an toàn, thiết thực và bổ ích cho các "
            "em ở mọi thôn, bản của tỉnh.\n\nTheo đó, các cơ quan tổ chức tuyên truyền sâu rộng đến Nhân dân.\n")
    r = extract_text(text, file="news.txt").to_dict()
    assert r["kind"] == "news"
    assert _fields(r["plan"], ["number", "date", "province", "issuer.jurisdiction"]) == {
        "number": "77/KH-UBND", "date": "2022-06-01", "province": "Yên Bái", "issuer.jurisdiction": "tỉnh Yên Bái"}
    assert [c["number"] or c["name"] for c in r["cites"]] == ["09/CT-TTg"]
    assert [d["number"] for d in r["derives_from"]] == ["09/CT-TTg"]


def test_a_commune_party_plan_without_a_header_and_an_articles_grounds_above_it():
    """A commune Party committee's plan printed without its header ("Đảng ủy xã X ban hành kế hoạch …" in its
    preamble); a title ending in brackets loses its final stop; an article's paragraph of grounds ending in ";" goes
    on into the sentence that reports the plan: what the plan carries out, its basis."""
    text = ("KẾ HOẠCH\nTổ chức Ngày hội văn hóa các dân tộc (19/4/2008 - 19/4/2023).\n\nCăn cứ Kế hoạch số 12/KH-UBND "
            "ngày 3/3/2023 của UBND huyện. Đảng ủy xã Tân Lập ban hành kế hoạch tổ chức Ngày hội, cụ thể như sau:\n"
            "1. MỤC ĐÍCH, YÊU CẦU\n- Tăng cường sự lãnh đạo của Đảng.\n")
    plan = extract_text(text, file="p.txt").to_dict()["plan"]
    assert _fields(plan, ["issuer.name", "issuer.jurisdiction", "level", "title"]) == {
        "issuer.name": "Đảng ủy", "issuer.jurisdiction": "xã Tân Lập", "level": "commune",
        "title": "Tổ chức Ngày hội văn hóa các dân tộc (19/4/2008 - 19/4/2023)"}
    r = _news("Thực hiện Kế hoạch số 21-KH/HU ngày 5/1/2020 của Huyện ủy về tuyên truyền Đại hội Đảng; Kế hoạch số "
              "8-KH/ĐU ngày 3/9/2019 của Đảng ủy xã về Đại hội chi bộ;\n\nNgày 04/3/2020, Đảng ủy xã Tân Lập ban hành "
              "kế hoạch số 11-KH/ĐU về tuyên truyền Đại hội Đảng bộ xã.")
    assert r["plan"]["number"] == "11-KH/ĐU"
    assert [(c["number"], c["role"]) for c in r["cites"]] == [("21-KH/HU", "basis"), ("8-KH/ĐU", "basis")]
    assert [d["number"] for d in r["derives_from"]] == ["21-KH/HU", "8-KH/ĐU"]


def test_an_articles_first_line_ending_in_a_stop_is_its_headline_and_a_central_party_bloc():
    text = ("Kế hoạch triển khai thực hiện Quy chế dân chủ ở cơ sở năm 2019.\n\nNgày 06/4/2019, UBND tỉnh đã ban hành "
            "Kế hoạch số 87/KH-UBND về việc triển khai thực Quy chế dân chủ ở cơ sở năm 2019, theo Hướng dẫn số "
            "23-HD/ĐUK ngày 2/3/2019 của Đảng ủy Khối Doanh nghiệp Trung ương.\n\nTheo đó, các cơ quan tuyên truyền.\n")
    r = extract_text(text, file="news.txt").to_dict()
    assert r["plan"]["title"] == "triển khai thực hiện Quy chế dân chủ ở cơ sở năm 2019"
    assert [(c["number"], c["issuer"]) for c in r["cites"] if c["number"]] == [
        ("23-HD/ĐUK", "Đảng ủy Khối Doanh nghiệp Trung ương")]


def test_a_sentence_of_grounds_above_the_report_and_a_ministry_named_with_an_en_dash():
    r = _news("Thực hiện Công văn số 1191/LĐTBXH-TE ngày 19/4/2022 của Bộ Lao động – Thương binh và Xã hội về việc "
              "hướng dẫn triển khai Tháng hành động vì trẻ em năm 2022.\n\nNgày 11/5/2022, Uỷ ban nhân dân tỉnh Ninh "
              "Thuận ban hành Kế hoạch số 1960/KH-UBND về triển khai Tháng hành động vì trẻ em năm 2022.")
    assert [(c["number"], c["issuer"], c["role"]) for c in r["cites"]] == [
        ("1191/LĐTBXH-TE", "Bộ Lao động – Thương binh và Xã hội", "basis")]
    assert [d["number"] for d in r["derives_from"]] == ["1191/LĐTBXH-TE"]


def test_a_standing_board_that_issued_a_cited_document():
    r = _news("Ban Thường vụ Huyện ủy Hiệp Đức đã ban hành Chỉ thị số 25/CT-HU về đại hội chi bộ và UBND huyện Hiệp "
              "Đức đã ban hành Kế hoạch số 62/KH-UBND về tuyên truyền đại hội năm 2020.")
    assert [(c["number"], c["issuer"]) for c in r["cites"]] == [("25/CT-HU", "Ban Thường vụ Huyện ủy Hiệp Đức")]


_CENTRAL = ("{body}\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------\n"
            "Số: {number}\nHà Nội, ngày 19 tháng 6 năm 2017\n{type}\n{title}\n{authority}\nCăn cứ Nghị định số "
            "01/2016/NĐ-CP ngày 05/01/2016 của Chính phủ;\n{verb}\nĐiều 1. Ban hành kèm theo {self} {named}.\n")


@pytest.mark.parametrize("body, number, type_, title, authority, verb, own, named, want", [
    ("ỦY BAN DÂN TỘC", "439/QĐ-UBDT", "QUYẾT ĐỊNH", "BAN HÀNH KẾ HOẠCH THỰC HIỆN ĐỀ ÁN GIẢM THIỂU TẢO HÔN",
     "BỘ TRƯỞNG, CHỦ NHIỆM ỦY BAN DÂN TỘC", "QUYẾT ĐỊNH:", "Quyết định này", "Kế hoạch",
     ("Ủy ban Dân tộc", "central", "THỰC HIỆN ĐỀ ÁN GIẢM THIỂU TẢO HÔN")),
    ("BẢO HIỂM XÃ HỘI VIỆT NAM", "946/QĐ-BHXH", "QUYẾT ĐỊNH",
     "VỀ VIỆC BAN HÀNH CHƯƠNG TRÌNH THỰC HÀNH TIẾT KIỆM NĂM 2017", "TỔNG GIÁM ĐỐC BẢO HIỂM XÃ HỘI VIỆT NAM",
     "QUYẾT ĐỊNH:", "Quyết định này", "Chương trình",
     ("Bảo hiểm xã hội Việt Nam", "central", "THỰC HÀNH TIẾT KIỆM NĂM 2017")),
    # the Government's resolution issuing its programme; a number a line break cut after its dash
    ("CHÍNH PHỦ", "01/NQ-CP", "NGHỊ QUYẾT", "BAN HÀNH CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ THỰC HIỆN NGHỊ QUYẾT SỐ 68-\n"
     "NQ/TW VỀ KINH TẾ TƯ NHÂN", "CHÍNH PHỦ", "QUYẾT NGHỊ:", "Nghị quyết này",
     "Chương trình hành động của Chính phủ thực hiện Nghị quyết số 68-NQ/TW",
     ("Chính phủ", "central", "HÀNH ĐỘNG CỦA CHÍNH PHỦ THỰC HIỆN NGHỊ QUYẾT SỐ 68-NQ/TW VỀ KINH TẾ TƯ NHÂN")),
])
def test_a_central_bodys_decision_and_the_plan_it_issues_by_name(body, number, type_, title, authority, verb, own,
                                                                named, want):
    """Central bodies' headers (Ủy ban Dân tộc, Bảo hiểm xã hội Việt Nam, the Government), their authority lines
    under the title ("TỔNG GIÁM ĐỐC …", "CHÍNH PHỦ"), and the plan the decision attaches, named in its article 1:
    the plan itself, no cite."""
    text = _CENTRAL.format(body=body, number=number, type=type_, title=title, authority=authority, verb=verb,
                           self=own, named=named)
    r = extract_text(text, file="q.txt").to_dict()
    assert (r["plan"]["issuer"]["name"], r["plan"]["level"], r["plan"]["title"]) == want
    assert "01/2016/NĐ-CP" in [c["number"] for c in r["cites"]]
    assert [c["name"] for c in r["cites"] if not c["number"]] == []


def test_a_plan_for_carrying_out_a_law():
    r = _news("Ngày 5/3/2024, Thủ tướng Chính phủ ban hành Kế hoạch số 12/KH-TTg. Việc ban hành Kế hoạch nhằm tổ chức "
              "thi hành Luật Đất đai bảo đảm kịp thời, đồng bộ; nâng cao nhận thức về Luật Đất đai. Luật có hiệu lực "
              "thi hành từ ngày 1/8/2024.")
    assert [d["name"] for d in r["derives_from"]] == ["Luật Đất đai"]
    assert [c["name"] for c in r["cites"]] == ["Luật Đất đai"]


def test_a_councils_resolution_on_a_plan_and_a_decision_approving_a_project_in_quotes():
    """A council's resolution "VỀ KẾ HOẠCH …" under which the council and its session are printed ("HỘI ĐỒNG NHÂN
    DÂN TỈNH …" / "KHÓA V KỲ HỌP THỨ 3"): the plan's title without them; a decision approving a project named in
    quotes: the project's name."""
    head = ("{body}\nTỈNH AN GIANG\n----------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: {number}\nAn Giang, ngày 8 tháng 12 năm 2016\n{type}\n{title}\n{authority}\nCăn cứ Luật Tổ chức "
            "chính quyền địa phương ngày 19 tháng 6 năm 2015;\n")
    text = head.format(body="HỘI ĐỒNG NHÂN DÂN", number="37/2016/NQ-HĐND", type="NGHỊ QUYẾT",
                       title="VỀ KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI 5 NĂM 2016 - 2020",
                       authority="HỘI ĐỒNG NHÂN DÂN TỈNH AN GIANG\nKHÓA IX KỲ HỌP THỨ 3")
    assert extract_text(text, file="q.txt").plan.title == "PHÁT TRIỂN KINH TẾ - XÃ HỘI 5 NĂM 2016 - 2020"
    text = head.format(body="ỦY BAN NHÂN DÂN", number="186/QĐ-UBND", type="QUYẾT ĐỊNH",
                       title='PHÊ DUYỆT "DỰ ÁN HỖ TRỢ CƠ GIỚI HÓA SẢN XUẤT THỦY SẢN GIAI ĐOẠN 2018-2020"',
                       authority="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG")
    assert extract_text(text, file="q.txt").plan.title == "HỖ TRỢ CƠ GIỚI HÓA SẢN XUẤT THỦY SẢN GIAI ĐOẠN 2018-2020"
