"""Task extraction: the seeds against the gold, and hand-written plans in the three layouts."""

from __future__ import annotations

from kehoach.ingest.document import Document
from kehoach.ingest.evaluate import key, lead_counts, prf, score_tasks
from kehoach.ingest.models import Issuer, PlanMeta
from kehoach.ingest.tasks import extract_tasks


def plan_of(unit: str, name: str, province: str | None = None) -> PlanMeta:
    level = "district" if unit == "huyện" else "province"
    return PlanMeta(issuer=Issuer("Ủy ban nhân dân", f"{unit} {name}"), level=level,
                    province=province or name, district=name if level == "district" else None)


HEAD = """ỦY BAN NHÂN DÂN

KẾ HOẠCH
Hoạt động thông tin đối ngoại năm 2025

Căn cứ Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ;

I. MỤC ĐÍCH, YÊU CẦU

Nâng cao hiệu quả công tác thông tin đối ngoại.

"""


def tasks_of(text: str, plan: PlanMeta):
    """Tasks of a small hand-written plan (a header, a purpose section, then ``text``)."""
    return extract_tasks(Document.from_text(HEAD + text, file="t.txt"), plan, [])


# --- the seeds against the gold ---------------------------------------------------------------------

def _totals(seed_records, gold):
    by_file = {r["file"]: r for r in seed_records}
    sums = {part: [0, 0, 0] for part in ("tasks", "leads", "coordinators")}
    for g in gold["documents"]:
        s = score_tasks(by_file[g["file"]]["tasks"], g["tasks"])
        for part, acc in sums.items():
            acc[0] += s[part]["tp"]
            acc[1] += s[part]["predicted"]
            acc[2] += s[part]["gold"]
    return {part: prf(*acc) for part, acc in sums.items()}


def test_tasks_precision_recall_and_roles(seed_records, gold):
    t = _totals(seed_records, gold)
    assert t["tasks"]["precision"] >= 0.95 and t["tasks"]["recall"] >= 0.95, t["tasks"]
    assert t["leads"]["f1"] >= 0.95, t["leads"]
    assert t["coordinators"]["f1"] >= 0.90, t["coordinators"]


def test_lead_counts_match_gold(seed_records, gold):
    by_file = {r["file"]: r for r in seed_records}
    for f in ("002_b85c26701672cfe5.txt", "003_7ee35a000a85f826.txt"):
        counts = gold["counts"][f]
        tasks = by_file[f]["tasks"]
        assert len(tasks) == counts["tasks"]
        assert {key(k): v for k, v in lead_counts(tasks).items()} == \
            {key(k): v for k, v in counts["by_lead"].items()}


def test_task_leads_are_listed_agencies(seed_records):
    for rec in seed_records:
        names = {key(a["name"]) for a in rec["agencies"]}
        for t in rec["tasks"]:
            for name in t["leads"] + t["coordinators"]:
                assert key(name) in names, (rec["file"], t["ref"], name)
            assert t["evidence"]["text"]


# --- content items ----------------------------------------------------------------------------------

CONTENT = """II. NỘI DUNG

1. Quảng bá hình ảnh tỉnh

1.1. Sản xuất phóng sự về du lịch biển

- Cơ quan chủ trì: Sở Văn hóa, Thể thao và Du lịch.

- Cơ quan phối hợp: Sở TT&TT; các cơ quan, đơn vị có liên quan.

- Thời gian thực hiện: Quý III/2025.

2. Tổng kết công tác năm

- Đơn vị thực hiện: các sở, ban, ngành; UBND các huyện, thị xã, thành phố.

III. TỔ CHỨC THỰC HIỆN
"""


def test_content_items_with_assignment_lines():
    tasks = tasks_of(CONTENT, plan_of("tỉnh", "Khánh Hòa"))
    assert [t.ref for t in tasks] == ["1.1", "2"]  # item 1 is a parent heading
    first, second = tasks
    assert first.title == "Sản xuất phóng sự về du lịch biển"
    assert first.leads == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert first.coordinators == ["Sở Thông tin và Truyền thông", "các cơ quan, đơn vị liên quan"]
    assert first.timeframe == "Quý III/2025" and first.section == "content"
    assert second.leads == ["các sở, ban, ngành", "Ủy ban nhân dân các huyện, thị xã, thành phố"]


# --- implementation paragraphs ----------------------------------------------------------------------

IMPLEMENTATION = """IV. TỔ CHỨC THỰC HIỆN

1. Phòng Văn hóa và Thông tin huyện

- Chủ trì, phối hợp với Công an huyện tham mưu UBND huyện tổ chức tuyên truyền.

- Phối hợp với Ban Tuyên giáo Huyện ủy định hướng thông tin.

2. Trung tâm Văn hóa, Thể thao và Truyền thông huyện

Tổ chức phát sóng các chương trình tuyên truyền.

Phối hợp với Đài Truyền thanh huyện thực hiện chuyên mục; báo cáo trước ngày 15 tháng 12.

3. Đề nghị Ủy ban MTTQ huyện, các tổ chức chính trị - xã hội: tuyên truyền đến đoàn viên, hội viên.

4. Ủy ban nhân dân các xã, thị trấn:

a) Xây dựng kế hoạch thực hiện tại địa phương.

b) Phối hợp với Phòng Văn hóa và Thông tin huyện tổ chức các hoạt động.

Trong quá trình thực hiện, nếu có vướng mắc, các cơ quan báo cáo về UBND huyện./.
"""


def test_implementation_paragraphs_bullets_and_requests():
    tasks = tasks_of(IMPLEMENTATION, plan_of("huyện", "Bình Liêu", "Quảng Ninh"))
    by_ref = {t.ref: t for t in tasks}
    assert list(by_ref) == ["IV.1-b1", "IV.1-b2", "IV.2", "IV.3", "IV.4-a", "IV.4-b"]
    assert by_ref["IV.1-b1"].leads == ["Phòng Văn hóa và Thông tin"]
    assert by_ref["IV.1-b1"].coordinators == ["Công an"]
    # a bullet opening "Phối hợp với Y" makes Y the lead
    assert by_ref["IV.1-b2"].leads == ["Ban Tuyên giáo Huyện ủy"]
    assert by_ref["IV.1-b2"].coordinators == ["Phòng Văn hóa và Thông tin"]
    # unmarked paragraphs stay one task; a later "Phối hợp với Y" paragraph only adds a coordinator
    assert by_ref["IV.2"].leads == ["Trung tâm Văn hóa, Thể thao và Truyền thông"]
    assert by_ref["IV.2"].coordinators == ["Đài Truyền thanh"]
    assert by_ref["IV.2"].timeframe == "trước ngày 15 tháng 12"
    assert by_ref["IV.3"].requested and by_ref["IV.3"].title.startswith("tuyên truyền đến đoàn viên")
    assert by_ref["IV.3"].leads == ["Ủy ban Mặt trận Tổ quốc Việt Nam", "các tổ chức chính trị - xã hội"]
    assert by_ref["IV.4-b"].leads == ["Phòng Văn hóa và Thông tin"]
    assert by_ref["IV.4-b"].coordinators == ["Ủy ban nhân dân các xã, thị trấn"]
    assert all(t.section == "implementation" for t in tasks)


# --- appendix table ---------------------------------------------------------------------------------

APPENDIX = """II. TỔ CHỨC THỰC HIỆN

Các sở, ngành triển khai theo Phụ lục kèm theo.

Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Nguyễn Văn A

PHỤ LỤC

DANH MỤC NHIỆM VỤ

STT

Tên nhiệm vụ

Cơ quan chủ trì

Cơ quan phối hợp

Thời gian thực hiện

1

Tuyên truyền về biên giới

1.1

Tổ chức hội nghị tập huấn cho cán bộ cơ sở

Sở Tư pháp

Bộ Chỉ huy Bộ đội Biên phòng tỉnh, các sở, ngành liên quan

2025 - 2027

1.2

Biên soạn tài liệu hỏi đáp

Sở Tư pháp, Sở Nội vụ

Hằng năm

1.3

Xây dựng chuyên mục trên sóng phát thanh

Đài Phát thanh và Truyền hình tỉnh

Sở Thông tin và Truyền thông
"""


def test_appendix_rows_by_cell_content():
    tasks = tasks_of(APPENDIX, plan_of("tỉnh", "Lào Cai"))
    assert [t.ref for t in tasks] == ["A.1.1", "A.1.2", "A.1.3"]  # row 1 is a group row
    a, b, c = tasks
    assert a.leads == ["Sở Tư pháp"] and a.timeframe == "2025 - 2027"
    assert a.coordinators == ["Bộ Chỉ huy Bộ đội Biên phòng", "các sở, ban, ngành"]
    assert b.leads == ["Sở Tư pháp", "Sở Nội vụ"] and b.coordinators == [] and b.timeframe == "Hằng năm"
    assert c.leads == ["Đài Phát thanh và Truyền hình"] and c.coordinators == ["Sở Thông tin và Truyền thông"]
    assert c.timeframe is None and c.section == "appendix"


def test_an_appendix_task_name_wrapped_into_two_cells_keeps_both():
    """A PDF's table printed one cell per line wraps a long name over a page break, which reads as two text
    cells ("… cán bộ làm" / "công tác thông tin"): the name is both, up to the first agency or time cell (the
    second used to be dropped, and the title cut)."""
    text = APPENDIX.replace("Biên soạn tài liệu hỏi đáp\n", "Biên soạn tài liệu hỏi đáp cho cán bộ làm\n\ncông tác "
                            "thông tin đối ngoại\n")
    tasks = tasks_of(text, plan_of("tỉnh", "Lào Cai"))
    b = next(t for t in tasks if t.ref == "A.1.2")
    assert b.title == "Biên soạn tài liệu hỏi đáp cho cán bộ làm công tác thông tin đối ngoại"
    assert b.leads == ["Sở Tư pháp", "Sở Nội vụ"] and b.timeframe == "Hằng năm"
    # a text cell after the agency cells is no part of the name
    text = APPENDIX.replace("Sở Tư pháp, Sở Nội vụ\n", "Sở Tư pháp, Sở Nội vụ\n\nghi chú\n")
    b = next(t for t in tasks_of(text, plan_of("tỉnh", "Lào Cai")) if t.ref == "A.1.2")
    assert b.title == "Biên soạn tài liệu hỏi đáp"


def test_two_agencies_of_one_name_in_a_task_keep_their_jurisdictions():
    """The record gives a task's agencies by name (the gold format): "Công an" leads, and the commune's police,
    also "Công an", is not listed again as coordinating. ``roles`` keeps both apart; a task whose names are
    not ambiguous in the document has none."""
    from kehoach.ingest.models import Task

    text = ("II. NHIỆM VỤ\n\n1. Bảo đảm an ninh thông tin tại khu vực biên giới\n\n"
            "- Đơn vị chủ trì: Công an huyện.\n\n- Đơn vị phối hợp: Công an xã Long Sơn, Phòng Tư pháp.\n\n"
            "2. Tuyên truyền về biển, đảo\n\n- Đơn vị chủ trì: Phòng Tư pháp.\n\n"
            "- Đơn vị phối hợp: Trung tâm Văn hóa, Thông tin và Thể thao.\n")
    first, second = tasks_of(text, plan_of("huyện", "Cầu Ngang", "Trà Vinh"))
    assert (first.leads, first.coordinators) == (["Công an"], ["Phòng Tư pháp"])
    assert first.roles == [("lead", "Công an", "huyện Cầu Ngang"), ("coord", "Công an", "xã Long Sơn"),
                           ("coord", "Phòng Tư pháp", "huyện Cầu Ngang")]
    assert second.roles == [] and "roles" not in second.to_dict()
    assert Task.from_dict(first.to_dict()).roles == first.roles
