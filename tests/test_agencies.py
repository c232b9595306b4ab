"""Agency recognition and canonicalization: the seeds against the gold, and hand-written snippets."""

from __future__ import annotations

import pytest

from kehoach.ingest.agencies import extract_agencies
from kehoach.ingest.document import Document
from kehoach.ingest.evaluate import prf, score_agencies
from kehoach.ingest.keys import match_key
from kehoach.ingest.models import Issuer, PlanMeta


def province_plan(name: str) -> PlanMeta:
    return PlanMeta(issuer=Issuer("Ủy ban nhân dân", f"tỉnh {name}"), level="province", province=name)


def district_plan(district: str, province: str) -> PlanMeta:
    return PlanMeta(issuer=Issuer("Ủy ban nhân dân", f"huyện {district}"), level="district", province=province,
                    district=district)


def agencies(text: str, plan: PlanMeta) -> dict[tuple[str, str | None], object]:
    found = extract_agencies(Document.from_text(text, file="t.txt"), plan)
    return {(a.name, a.jurisdiction): a for a in found}


# --- the seeds against the gold ---------------------------------------------------------------------

def test_agencies_per_document_f1(seed_records, gold):
    by_file = {r["file"]: r for r in seed_records}
    tp = pred = total = 0
    for g in gold["documents"]:
        s = score_agencies(by_file[g["file"]]["agencies"], g["agencies"])["strict"]
        tp, pred, total = tp + s["tp"], pred + s["predicted"], total + s["gold"]
        assert s["f1"] >= 0.85, (g["file"], s)
    assert prf(tp, pred, total)["f1"] >= 0.90


def test_aliases_are_printed_substrings(seed_records, seeds_dir):
    for rec in seed_records:
        raw = " ".join((seeds_dir / rec["file"]).read_text(encoding="utf-8").split())
        for a in rec["agencies"]:
            for alias in a["aliases"]:
                assert alias in raw, (rec["file"], alias)
            for m in a["mentions"]:
                assert m["text"], a


def test_catch_alls_are_merged_per_document(seed_records):
    for rec in seed_records:
        names = [match_key(a["name"]) for a in rec["agencies"]]
        assert names.count(match_key("các cơ quan, đơn vị liên quan")) <= 1


# --- snippets (not from the seeds) ------------------------------------------------------------------

def test_department_without_place_belongs_to_the_issuing_province():
    found = agencies("Giao Sở Ngoại vụ chủ trì, phối hợp với Công an tỉnh và Sở VHTTDL.", province_plan("Hà Giang"))
    assert ("Sở Ngoại vụ", "tỉnh Hà Giang") in found
    assert ("Công an", "tỉnh Hà Giang") in found
    assert ("Sở Văn hóa, Thể thao và Du lịch", "tỉnh Hà Giang") in found


def test_district_plan_offices_are_the_districts_and_departments_the_provinces():
    text = ("Thực hiện Kế hoạch của UBND tỉnh Quảng Trị.\nPhòng Tư pháp huyện chủ trì, phối hợp với "
            "Ban Tuyên giáo Huyện ủy, Sở Tài chính và Ủy ban nhân dân các xã, thị trấn.")
    found = agencies(text, district_plan("Gio Linh", "Quảng Trị"))
    assert ("Phòng Tư pháp", "huyện Gio Linh") in found
    assert ("Ban Tuyên giáo Huyện ủy", "huyện Gio Linh") in found
    assert ("Sở Tài chính", "tỉnh Quảng Trị") in found
    assert ("Ủy ban nhân dân", "tỉnh Quảng Trị") in found
    assert found[("Ủy ban nhân dân các xã, thị trấn", "huyện Gio Linh")].collective


def test_abbreviations_and_old_tone_marks():
    text = ("Nơi nhận:\n- Thường trực HĐND tỉnh;\n- Uỷ ban MTTQ tỉnh;\n- BCH BĐBP tỉnh;\n"
            "- Đài PT-TH tỉnh, Báo QB;\n- Sở TT&TT;\n- Lưu: VT, VX.\n")
    found = agencies(text, province_plan("Quảng Bình"))
    assert ("Hội đồng nhân dân", "tỉnh Quảng Bình") in found
    assert "Thường trực HĐND tỉnh" in found[("Hội đồng nhân dân", "tỉnh Quảng Bình")].aliases
    mttq = found[("Ủy ban Mặt trận Tổ quốc Việt Nam", "tỉnh Quảng Bình")]
    assert "Uỷ ban MTTQ tỉnh" in mttq.aliases  # the alias is printed as in the file (old tone mark)
    assert ("Bộ Chỉ huy Bộ đội Biên phòng", "tỉnh Quảng Bình") in found
    assert ("Đài Phát thanh và Truyền hình", "tỉnh Quảng Bình") in found
    assert ("Báo Quảng Bình", "tỉnh Quảng Bình") in found
    assert ("Sở Thông tin và Truyền thông", "tỉnh Quảng Bình") in found
    assert not any(name in ("VT", "VX") for name, _ in found)  # routing codes are not agencies


def test_collectives_and_distributed_units():
    text = ("Thành phần: Thường trực huyện ủy, thị ủy, thành ủy, HĐND, UBND các huyện, thị xã, thành phố; "
            "các sở, ban, ngành tỉnh; các tổ chức CT-XH tỉnh.")
    found = agencies(text, province_plan("Thanh Hóa"))
    assert found[("Ủy ban nhân dân các huyện, thị xã, thành phố", "tỉnh Thanh Hóa")].collective
    assert ("Hội đồng nhân dân các huyện, thị xã, thành phố", "tỉnh Thanh Hóa") in found
    assert ("các sở, ban, ngành", "tỉnh Thanh Hóa") in found
    assert ("các tổ chức chính trị - xã hội", "tỉnh Thanh Hóa") in found


def test_catch_all_only_in_a_role_slot():
    plan = province_plan("Bắc Kạn")
    assert not any(a[0] == "các cơ quan, đơn vị liên quan"
                   for a in agencies("Các cơ quan liên quan cần quan tâm.", plan))
    found = agencies("Sở Y tế chủ trì, phối hợp với các cơ quan, đơn vị có liên quan triển khai.", plan)
    assert ("các cơ quan, đơn vị liên quan", None) in found


def test_a_role_list_wrapped_onto_the_next_line_keeps_its_catch_all():
    """A coordinator list that goes on after ";" on the next line: its catch-all is still in the role slot (the
    task extractor reads it as a coordinator, so the plan must name it)."""
    plan = district_plan("Bảo Lâm", "Cao Bằng")
    text = ("1. Tuyên truyền trên hệ thống truyền thanh\n"
            "- Cơ quan chủ trì: Phòng Văn hóa và Thông tin huyện.\n"
            "- Đơn vị phối hợp: Trung tâm Văn hóa, Thông tin và Thể thao huyện;\n"
            "Công an huyện; các cơ quan, đơn vị có liên quan.\n")
    found = agencies(text, plan)
    assert ("các cơ quan, đơn vị liên quan", None) in found
    unwrapped = agencies(text.replace("huyện;\nCông", "huyện; Công"), plan)
    assert set(found) == set(unwrapped)
    assert not any(a[0] == "các cơ quan, đơn vị liên quan"
                   for a in agencies(text.replace("Đơn vị phối hợp: ", "Nội dung: "), plan))


@pytest.mark.parametrize("text, absent", [
    ("Làm việc với các tổ chức phi chính phủ nước ngoài.", "Chính phủ"),
    ("Đăng tin trên Cổng Thông tin điện tử tỉnh.", "Cổng Thông tin điện tử"),
    ("Tuyên truyền Luật Biên phòng Việt Nam.", "Phòng Việt"),
])
def test_not_agencies(text, absent):
    assert not any(name == absent for name, _ in agencies(text, province_plan("Cà Mau")))


def test_central_bodies_and_leadership_forms():
    text = "Báo cáo Bộ Ngoại giao; Chủ tịch, các PCT UBND tỉnh; Ban Thường vụ Tỉnh ủy."
    found = agencies(text, province_plan("Điện Biên"))
    assert ("Bộ Ngoại giao", "trung ương") in found
    assert "Chủ tịch, các PCT UBND tỉnh" in found[("Ủy ban nhân dân", "tỉnh Điện Biên")].aliases
    assert "Ban Thường vụ Tỉnh ủy" in found[("Tỉnh ủy", "tỉnh Điện Biên")].aliases


def test_government_departments_and_mass_organizations_are_two_collectives():
    """"các sở, ban, ngành, đoàn thể tỉnh" names the province's departments and its mass organizations (as the
    gold splits it); the second is named for the province's, however it is printed."""
    found = agencies("Giao các sở, ban, ngành, đoàn thể tỉnh triển khai; các đoàn thể phối hợp.", province_plan("Lai Châu"))
    assert set(found) == {("các sở, ban, ngành", "tỉnh Lai Châu"), ("các đoàn thể tỉnh", "tỉnh Lai Châu")}
    assert found[("các đoàn thể tỉnh", "tỉnh Lai Châu")].aliases == ["đoàn thể tỉnh", "các đoàn thể"]


def test_aliases_of_a_nfd_file_are_nfc_and_evidence_stays_as_read():
    """A decomposed (NFD) file names the same agencies with the same labels as a composed one; only the
    evidence keeps the bytes as read."""
    import unicodedata

    text = "Giao Công an tỉnh chủ trì, phối hợp với Sở VHTTDL và Uỷ ban MTTQ tỉnh."
    composed = agencies(text, province_plan("Hà Giang"))
    decomposed = agencies(unicodedata.normalize("NFD", text), province_plan("Hà Giang"))
    assert set(composed) == set(decomposed) and len(composed) == 3
    for k, a in decomposed.items():
        assert a.aliases == composed[k].aliases and a.aliases
        assert all(unicodedata.is_normalized("NFC", x) for x in a.aliases)
        assert all(not unicodedata.is_normalized("NFC", m.text) for m in a.mentions)
    assert "Uỷ ban MTTQ tỉnh" in [x for a in decomposed.values() for x in a.aliases]  # the printed tone placement


def test_a_named_commune_or_town_is_the_jurisdiction_of_its_bodies():
    # a district plan naming one commune's bodies: they are the commune's, not the district's or the province's
    text = ("Đơn vị phối hợp: UBND xã Long Sơn, Công an xã Mỹ Long, UBND thị trấn Cầu Ngang, "
            "UBND phường 3 và Công an huyện.")
    found = agencies(text, district_plan("Cầu Ngang", "Trà Vinh"))
    assert set(found) == {("Ủy ban nhân dân", "xã Long Sơn"), ("Công an", "xã Mỹ Long"),
                          ("Ủy ban nhân dân", "thị trấn Cầu Ngang"), ("Ủy ban nhân dân", "phường 3"),
                          ("Công an", "huyện Cầu Ngang")}


def test_a_list_of_named_communes_is_one_body_each_and_an_address_is_not_a_second_one():
    found = agencies("Đơn vị phối hợp: UBND xã Long Sơn, xã Mỹ Long và xã Hiệp Mỹ Tây; Công an huyện.",
                     district_plan("Cầu Ngang", "Trà Vinh"))
    assert {j for name, j in found if name == "Ủy ban nhân dân"} == {"xã Long Sơn", "xã Mỹ Long", "xã Hiệp Mỹ Tây"}
    # "xã Long Sơn, huyện Cầu Ngang": the commune's address in a province's plan, not the district's UBND
    found = agencies("Phối hợp với UBND xã Long Sơn, huyện Cầu Ngang tổ chức hội nghị.", province_plan("Trà Vinh"))
    assert set(found) == {("Ủy ban nhân dân", "xã Long Sơn")}


def test_a_bare_commune_word_is_the_issuing_commune_only_in_its_own_plan():
    commune = PlanMeta(issuer=Issuer("Ủy ban nhân dân", "xã Minh Xuân"), level="commune", province="Tuyên Quang")
    found = agencies("Đơn vị phối hợp: Công an xã, Sở Văn hóa, Thể thao và Du lịch.", commune)
    assert ("Công an", "xã Minh Xuân") in found
    assert ("Sở Văn hóa, Thể thao và Du lịch", "tỉnh Tuyên Quang") in found
    # elsewhere a bare "xã" names no one commune, nor is "xã hội" a commune
    found = agencies("Phối hợp với Công an xã và các tổ chức chính trị - xã hội.", province_plan("Tuyên Quang"))
    assert not any((j or "").startswith("xã") for _, j in found)
    assert ("các tổ chức chính trị - xã hội", "tỉnh Tuyên Quang") in found


def test_a_communes_plan_names_its_district_and_the_districts_offices():
    commune = PlanMeta(issuer=Issuer("Ủy ban nhân dân", "xã Mỹ Long"), level="commune", province="Trà Vinh",
                       district="Cầu Ngang")
    found = agencies("Đơn vị phối hợp: UBND huyện, Phòng Văn hóa và Thông tin, Công an xã.", commune)
    assert ("Ủy ban nhân dân", "huyện Cầu Ngang") in found
    assert ("Phòng Văn hóa và Thông tin", "huyện Cầu Ngang") in found
    assert ("Công an", "xã Mỹ Long") in found
    assert ("Ủy ban nhân dân", "xã Mỹ Long") not in found  # (the issuer is not printed here)


def test_a_list_of_unit_words_without_cac_or_a_cap_word_is_every_unit_of_that_level():
    # "UBND huyện, thị xã, thành phố" in a province's plan is every district's UBND (as "UBND các huyện, …"),
    # "UBND xã, phường, thị trấn" and "UBND cấp xã" every commune's: not the province's own UBND
    text = ("Đơn vị phối hợp: UBND huyện, thị xã, thành phố; HĐND, UBND xã, phường, thị trấn; UBND cấp xã; "
            "Phòng Văn hóa và Thông tin huyện, thành phố; UBND các huyện, thị xã, thành phố.")
    found = agencies(text, province_plan("Trà Vinh"))
    assert set(found) == {
        ("Ủy ban nhân dân các huyện, thị xã, thành phố", "tỉnh Trà Vinh"),
        ("Hội đồng nhân dân các xã, phường, thị trấn", "tỉnh Trà Vinh"),
        ("Ủy ban nhân dân các xã, phường, thị trấn", "tỉnh Trà Vinh"),
        ("Phòng Văn hóa và Thông tin các huyện, thành phố", "tỉnh Trà Vinh")}
    assert found[("Ủy ban nhân dân các huyện, thị xã, thành phố", "tỉnh Trà Vinh")].collective
    # in a district's plan: its communes ("cấp xã" as the text names them all); "UBND huyện" stays the issuer's
    found = agencies("Đơn vị phối hợp: UBND huyện, UBND xã, thị trấn, UBND cấp xã; UBND các xã, thị trấn.",
                     district_plan("Cầu Ngang", "Trà Vinh"))
    assert set(found) == {("Ủy ban nhân dân", "huyện Cầu Ngang"),
                          ("Ủy ban nhân dân các xã, thị trấn", "huyện Cầu Ngang")}
    # a named unit after the list, or units of two levels, stay as they were read
    # one generic unit word: every unit of its kind, named as the text names them all, else as printed
    found = agencies("Đơn vị chủ trì: UBND xã. Đơn vị phối hợp: UBND các xã, thị trấn.",
                     district_plan("Cầu Ngang", "Trà Vinh"))
    assert set(found) == {("Ủy ban nhân dân các xã, thị trấn", "huyện Cầu Ngang")}
    ward = PlanMeta(issuer=Issuer("Ủy ban nhân dân", "quận Ninh Kiều"), level="district", province="Cần Thơ",
                    district="Ninh Kiều")
    assert set(agencies("Đơn vị chủ trì: UBND phường.", ward)) == {("Ủy ban nhân dân các phường", "quận Ninh Kiều")}
    # a named unit stays itself; units of two levels are not one list
    found = agencies("Phối hợp với UBND huyện Cầu Ngang, UBND xã, huyện.", province_plan("Trà Vinh"))
    assert ("Ủy ban nhân dân", "huyện Cầu Ngang") in found
    assert not any(name.endswith(("xã, huyện", "huyện, xã")) for name, _ in found)


def test_bodies_of_every_commune_are_one_collective_and_units_after_a_name_are_that_bodys():
    plan = district_plan("Cầu Ngang", "Trà Vinh")
    # "Công an xã" / "Công an các xã, thị trấn" in a district's plan: every commune's police, not the province's
    found = agencies("Đơn vị phối hợp: Công an huyện, Công an các xã, thị trấn; Hội Nông dân xã.", plan)
    assert set(found) == {("Công an", "huyện Cầu Ngang"), ("Công an các xã, thị trấn", "huyện Cầu Ngang"),
                          ("Hội Nông dân các xã, thị trấn", "huyện Cầu Ngang")}
    # the units after a station are the station's, not also "UBND các xã, thị trấn"
    found = agencies("Đơn vị phối hợp: Đài Truyền thanh các xã, thị trấn.", plan)
    assert set(found) == {("Đài Truyền thanh các xã, thị trấn", "huyện Cầu Ngang")}
    # a list shares its units ("HĐND, UBND các xã"), but not with the police printed bare before it
    found = agencies("Phối hợp với Công an, HĐND, UBND các xã, thị trấn.", plan)
    assert ("Hội đồng nhân dân các xã, thị trấn", "huyện Cầu Ngang") in found
    assert not any(name.startswith("Công an các") for name, _ in found)


def test_agencies_of_a_copy_wrapped_at_short_lines_and_a_province_with_an_en_dash():
    """A web copy wraps lines anywhere: a line ending with a comma before a lower-case word, or one before "và …",
    goes on ("các sở, ban," / "ngành"; "Sở Thông tin" / "và Truyền thông"). "tỉnh Bà Rịa – Vũng Tàu" is the
    province printed with an en dash; "tỉnh Phê duyệt" is the level word before a verb, not a province."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÀ RỊA - VŨNG TÀU\nSố: 8/KH-UBND\nBà Rịa - Vũng Tàu, ngày 8 tháng 1 năm 2023\n"
            "KẾ HOẠCH\nTruyền thông chính sách năm 2023\nTheo đề nghị của Sở Thông tin\nvà Truyền thông; Ủy ban nhân "
            "dân tỉnh Bà Rịa – Vũng Tàu ban hành Kế hoạch như sau:\nI. MỤC ĐÍCH\n- Định hướng các sở, ban,\n"
            "ngành, đoàn thể triển khai thực hiện. Ủy ban nhân dân tỉnh Phê duyệt danh mục.\n")
    found = {(a["name"], a["jurisdiction"]) for a in extract_text(text, file="t.txt").to_dict()["agencies"]}
    assert {("Sở Thông tin và Truyền thông", "tỉnh Bà Rịa - Vũng Tàu"), ("các sở, ban, ngành", "tỉnh Bà Rịa - Vũng Tàu"),
            ("Ủy ban nhân dân", "tỉnh Bà Rịa - Vũng Tàu")} <= found
    assert not [n for n, j in found if n == "Sở Thông tin" or j in ("tỉnh Bà Rịa", "tỉnh Phê")]


def test_phrases_that_hold_an_agency_name_but_name_no_body():
    """"Chính phủ điện tử" (e-government) and "thông báo Kết luận" (announcing a conclusion) name no body; a
    commune's plan that does not name its province gives a province's department no jurisdiction, not the
    commune's."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nXÃ TÙNG LỘC\nSố: 5/KH-UBND\nTùng Lộc, ngày 4 tháng 4 năm 2022\nKẾ HOẠCH\nTuyên truyền "
            "năm 2022\nThực hiện Thông báo số 171/TB-UBND về thông báo Kết luận phiên họp và hướng dẫn của Sở Văn "
            "hóa, Thể thao và Du lịch, UBND xã ban hành Kế hoạch:\nI. MỤC ĐÍCH\n- Xây dựng Chính phủ điện tử.\n")
    found = {(a["name"], a["jurisdiction"]) for a in extract_text(text, file="t.txt").to_dict()["agencies"]}
    assert ("Sở Văn hóa, Thể thao và Du lịch", None) in found
    assert not [n for n, _ in found if n in ("Chính phủ", "Báo Kết")]


def test_departments_listed_after_cac_so_over_wrapped_lines():
    """"Giám đốc các Sở: Lao động" / "- Thương binh và Xã hội, Nội vụ, …, Giáo dục" / "và Đào tạo": one department each."""
    from kehoach import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH BÌNH ĐỊNH\nSố: 3/QĐ-UBND\nBình Định, ngày 2 tháng 3 năm 2021\nQUYẾT ĐỊNH\nBan hành "
            "Kế hoạch\nĐiều 1. Ban hành Kế hoạch.\nĐiều 2. Chánh Văn phòng UBND tỉnh; Giám đốc các Sở: Lao động\n"
            "- Thương binh và Xã hội, Nội vụ, Tài chính, Y tế, Giáo dục\nvà Đào tạo, Tư pháp; Thủ trưởng các cơ quan "
            "liên quan chịu trách nhiệm thi hành.\n")
    found = {a["name"] for a in extract_text(text, file="t.txt").to_dict()["agencies"]}
    assert {"Sở Lao động - Thương binh và Xã hội", "Sở Nội vụ", "Sở Tài chính", "Sở Y tế", "Sở Giáo dục và Đào tạo",
            "Sở Tư pháp"} <= found
