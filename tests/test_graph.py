"""Graph building and resolution on gold records: the graph logic, apart from extraction."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from graphs import agency_nodes, gold_records, lead_counts, plans_numbered

from kehoach.graph.build import build_graph
from kehoach.ingest.models import Citation, ExtractedDocument
from kehoach.ontology.terms import NODE_LABELS, REL_TYPES


@pytest.fixture(scope="module")
def gold_graph(gold, seeds_dir):
    return build_graph(gold_records(gold, seeds_dir))


def test_every_node_and_edge_carries_its_schema(gold_graph):
    for n, a in gold_graph.nodes(data=True):
        spec = NODE_LABELS[a["kind"]]
        for prop, _ in spec.all_props:
            assert prop in a and a[prop] is not None, (n, prop)
        assert a["id"] == n and a["label"]
    for u, v, k, a in gold_graph.edges(keys=True, data=True):
        assert a["rel"] == k and (gold_graph.nodes[u]["kind"], gold_graph.nodes[v]["kind"]) in REL_TYPES[k].pairs
        assert a["sources"], (u, v, k)
        assert all(p in a for p, _ in REL_TYPES[k].all_props)


def test_news_article_and_plan_text_are_one_plan(gold_graph, gold):
    [pid] = plans_numbered(gold_graph, "210/KH-UBND")
    node = gold_graph.nodes[pid]
    assert node["sources"] == sorted(gold["same_plan"][0]["files"])
    assert node["date"] == "2023-11-01" and node["ingested"] is True
    assert pid == "plan/ubnd-tinh-lang-son/2023/210-kh-ubnd"
    assert gold_graph.graph["resolution"]["same_as"][pid]


def test_same_plan_is_decided_by_content_not_by_file_name(gold):
    recs = gold_records(gold)
    for r in recs:  # rename: the news article and the plan text no longer share anything but content
        r.file = {"000_3391a5570458726a.txt": "zz_news.txt", "002_b85c26701672cfe5.txt": "aa_plan.txt"}.get(r.file, r.file)
    g = build_graph(recs)
    [pid] = plans_numbered(g, "210/KH-UBND")
    assert g.nodes[pid]["sources"] == ["aa_plan.txt", "zz_news.txt"]
    # a plan of another province with the same title words is not merged
    other = ExtractedDocument.from_dict(next(d for d in gold["documents"] if d["file"].startswith("000")))
    other.file, other.plan.issuer.jurisdiction, other.plan.number = "x.txt", "tỉnh Cao Bằng", None
    g2 = build_graph(gold_records(gold) + [other])
    assert len(plans_numbered(g2, "210/KH-UBND")) == 1
    assert any("x.txt" in a["sources"] and n != plans_numbered(g2, "210/KH-UBND")[0]
               for n, a in g2.nodes(data=True) if a["kind"] == "Plan")


def test_a_plan_number_reused_in_another_year_is_another_plan(gold):
    """Numbers restart every year: the Cầu Ngang plan 99/KH-UBND of 2023 and a 99/KH-UBND of November 2019 are
    two plans; a copy dated "10/2023" is the 2023 plan; an undated copy that fits both joins neither."""
    def copy_of_cau_ngang(file: str, **plan: Any) -> ExtractedDocument:
        d = copy.deepcopy(next(d for d in gold["documents"] if d["file"].startswith("001")))
        d["file"], d["plan"] = file, {**d["plan"], **plan}
        return ExtractedDocument.from_dict(d)

    def sources(g) -> list[list[str]]:
        return sorted(g.nodes[p]["sources"] for p in plans_numbered(g, "99/KH-UBND"))

    other_year = copy_of_cau_ngang("y2019.txt", date=None, date_partial="2019-11", year_covered=2020)
    same_month = copy_of_cau_ngang("m2023.txt", date=None, date_partial="2023-10")
    g = build_graph(gold_records(gold) + [other_year, same_month])
    assert sources(g) == [["001_96e476ef786eba14.txt", "m2023.txt"], ["y2019.txt"]]
    assert {g.nodes[p]["year"] for p in plans_numbered(g, "99/KH-UBND")} == {2023, 2019}
    undated = copy_of_cau_ngang("undated.txt", date=None, date_partial=None, year_covered=None)
    g = build_graph(gold_records(gold) + [other_year, undated])
    assert sources(g) == [["001_96e476ef786eba14.txt"], ["undated.txt"], ["y2019.txt"]]
    g = build_graph(gold_records(gold) + [undated])  # only one plan it can be
    assert sources(g) == [["001_96e476ef786eba14.txt", "undated.txt"]]
    # undated with another year covered: not the 2023 plan for 2024
    g = build_graph(gold_records(gold) + [copy_of_cau_ngang("u2.txt", date=None, year_covered=2019)])
    assert sources(g) == [["001_96e476ef786eba14.txt"], ["u2.txt"]]
    # without a number, the same title: it fits both years, joins neither, and does not join them together
    titled = copy_of_cau_ngang("titled.txt", number=None, date=None, year_covered=None)
    g = build_graph(gold_records(gold) + [other_year, titled])
    assert sorted(g.nodes[p]["sources"] for p in plans_numbered(g, "99/KH-UBND")) == \
        [["001_96e476ef786eba14.txt"], ["y2019.txt"]]
    assert any(a["sources"] == ["titled.txt"] for _, a in g.nodes(data=True) if a["kind"] == "Plan")
    g = build_graph(gold_records(gold) + [titled])
    assert sources(g) == [["001_96e476ef786eba14.txt", "titled.txt"]]


def test_building_is_independent_of_record_order(gold):
    a = build_graph(gold_records(gold))
    b = build_graph(list(reversed(gold_records(gold))))
    assert sorted(a.nodes) == sorted(b.nodes)
    assert sorted(a.edges(keys=True)) == sorted(b.edges(keys=True))


def test_lead_counts_per_plan_match_gold(gold_graph, gold):
    for file, expected in gold["counts"].items():
        [pid] = [n for n, a in gold_graph.nodes(data=True) if a["kind"] == "Plan" and a["ingested"] and file in a["sources"]]
        assert lead_counts(gold_graph, pid) == expected["by_lead"], file
        tasks = [v for _, v, k in gold_graph.out_edges(pid, keys=True) if k == "HAS_TASK"]
        assert len(tasks) == expected["tasks"], file


def test_same_agency_name_in_two_provinces_is_two_nodes(gold_graph):
    nodes = agency_nodes(gold_graph, "Sở Thông tin và Truyền thông")
    juris = {gold_graph.nodes[n]["jurisdiction"] for n in nodes}
    assert juris == {"tỉnh Lạng Sơn", "tỉnh Trà Vinh", "tỉnh Nghệ An", "tỉnh Lai Châu"}
    assert len(nodes) == 4
    lang_son = next(n for n in nodes if gold_graph.nodes[n]["jurisdiction"] == "tỉnh Lạng Sơn")
    assert {"000_3391a5570458726a.txt", "002_b85c26701672cfe5.txt"} <= set(gold_graph.nodes[lang_son]["sources"])


def test_task_leads_resolve_to_the_document_agency(gold_graph):
    # Cầu Ngang's plan: Sở TT&TT is Trà Vinh's department, Phòng Văn hóa và Thông tin the district's office
    leads = {(gold_graph.nodes[a]["name"], gold_graph.nodes[a]["jurisdiction"])
             for a, t, k in gold_graph.edges(keys=True) if k == "LEADS" and "/99-kh-ubnd/" in t}
    assert ("Sở Thông tin và Truyền thông", "tỉnh Trà Vinh") in leads
    assert ("Phòng Văn hóa và Thông tin", "huyện Cầu Ngang") in leads


def test_districts_are_part_of_their_province(gold_graph):
    district = next(n for n, a in gold_graph.nodes(data=True)
                    if a["kind"] == "AdministrativeUnit" and a["level"] == "district")
    [parent] = [v for _, v, k in gold_graph.out_edges(district, keys=True) if k == "PART_OF"]
    assert gold_graph.nodes[parent]["name"] == "Trà Vinh" and gold_graph.nodes[parent]["level"] == "province"


def test_decision_issues_the_provincial_plan_the_district_plan_derives_from(gold_graph):
    [cau_ngang] = plans_numbered(gold_graph, "99/KH-UBND")
    [decision] = [v for _, v, k in gold_graph.out_edges(cau_ngang, keys=True) if k == "DERIVES_FROM"]
    assert gold_graph.nodes[decision]["number"] == "1466/QĐ-UBND"
    [issued] = [v for _, v, k in gold_graph.out_edges(decision, keys=True) if k == "ISSUES"]
    plan = gold_graph.nodes[issued]
    assert plan["kind"] == "Plan" and plan["province"] == "Trà Vinh" and plan["year_covered"] == 2024
    assert plan["issuer"] == "UBND tỉnh Trà Vinh" and "thông tin đối ngoại" in plan["title"]


def test_citation_of_an_ingested_plan_points_at_it(gold):
    recs = gold_records(gold)
    citing = ExtractedDocument.from_dict({"file": "zz.txt", "plan": {
        "number": "5/KH-UBND", "date": "2024-02-01", "issuer": {"name": "Ủy ban nhân dân", "jurisdiction": "xã Mỹ Long"},
        "province": "Trà Vinh", "district": "Cầu Ngang", "level": "commune"}})
    citing.cites = [Citation(number="99/KH-UBND", type="Kế hoạch", issuer="UBND huyện Cầu Ngang",
                             date="2023-10-12", role="basis"),
                    Citation(number="978/KH-UBND", type="Kế hoạch", issuer="UBND tỉnh Nghệ An")]  # no date
    g = build_graph(recs + [citing])
    [cau_ngang] = plans_numbered(g, "99/KH-UBND")
    [nghe_an] = plans_numbered(g, "978/KH-UBND")
    cited = {v for u, v, k in g.edges(keys=True) if k == "CITES" and "zz.txt" in g.edges[u, v, k]["sources"]}
    assert cited == {cau_ngang, nghe_an}
    assert g.nodes[cau_ngang]["ingested"] and "zz.txt" in g.nodes[cau_ngang]["sources"]


def test_district_plans_of_two_provinces_sharing_a_district_name_stay_apart():
    """Two provinces have a huyện Bảo Lâm (Cao Bằng, Lâm Đồng); their plans 342/KH-UBND of 2010 are two plans, a
    news article joins the one of its own province, and a commune's citation reaches the plan of its province."""
    def plan(file, province, date, kind="plan", number="342/KH-UBND"):
        return ExtractedDocument.from_dict({"file": file, "kind": kind, "plan": {
            "number": number, "date": date, "title": "Kế hoạch thông tin đối ngoại năm 2010", "province": province,
            "district": "Bảo Lâm", "level": "district",
            "issuer": {"name": "Ủy ban nhân dân", "jurisdiction": "huyện Bảo Lâm"}}})

    cao_bang, lam_dong = plan("a.txt", "Cao Bằng", "2010-03-01"), plan("b.txt", "Lâm Đồng", "2010-04-02")
    news = plan("c.txt", "Lâm Đồng", "2010-04-02", kind="news")
    commune = ExtractedDocument.from_dict({"file": "d.txt", "plan": {
        "number": "7/KH-UBND", "date": "2010-05-01", "province": "Lâm Đồng", "district": "Bảo Lâm",
        "level": "commune", "issuer": {"name": "Ủy ban nhân dân", "jurisdiction": "xã Lộc An"}}})
    commune.cites = [Citation(number="342/KH-UBND", type="Kế hoạch", issuer="UBND huyện Bảo Lâm", role="basis")]
    g = build_graph([cao_bang, lam_dong, news, commune])
    plans = {g.nodes[n]["province"]: n for n in plans_numbered(g, "342/KH-UBND")}
    assert set(plans) == {"Cao Bằng", "Lâm Đồng"} and plans["Cao Bằng"] != plans["Lâm Đồng"]
    assert set(g.nodes[plans["Lâm Đồng"]]["sources"]) >= {"b.txt", "c.txt"}
    assert "c.txt" not in g.nodes[plans["Cao Bằng"]]["sources"]
    cited = {v for u, v, k in g.edges(keys=True) if k == "CITES" and "d.txt" in g.edges[u, v, k]["sources"]}
    assert cited == {plans["Lâm Đồng"]}


def test_a_commune_is_part_of_the_documents_district_even_without_its_province():
    from kehoach.graph.resolve import parse_unit

    commune = parse_unit("xã Long Sơn", None, "Cầu Ngang")
    assert commune.level == "commune" and commune.parent.id == parse_unit("huyện Cầu Ngang", None, "Cầu Ngang").id
    assert parse_unit("xã Long Sơn", "Trà Vinh", "Cầu Ngang").id == "unit/vn/tinh-tra-vinh/huyen-cau-ngang/xa-long-son"


def test_a_commune_named_in_a_district_plan_is_part_of_the_district():
    from kehoach.ingest.pipeline import extract_text

    text = ("ỦY BAN NHÂN DÂN\nHUYỆN CẦU NGANG\nSố: 15/KH-UBND\nCầu Ngang, ngày 10 tháng 01 năm 2024\n\nKẾ HOẠCH\n"
            "Thông tin đối ngoại năm 2024\n\nII. NHIỆM VỤ\n1. Tuyên truyền về biển, đảo\n"
            "- Đơn vị chủ trì: UBND xã Long Sơn.\n- Đơn vị phối hợp: Công an xã Mỹ Long.\n")
    g = build_graph([extract_text(text, file="x.txt")])
    [lead] = [a for a, _, k in g.edges(keys=True) if k == "LEADS"]
    assert (g.nodes[lead]["name"], g.nodes[lead]["jurisdiction"]) == ("Ủy ban nhân dân", "xã Long Sơn")
    [unit] = [v for _, v, k in g.out_edges(lead, keys=True) if k == "JURISDICTION"]
    assert g.nodes[unit]["level"] == "commune"
    [parent] = [v for _, v, k in g.out_edges(unit, keys=True) if k == "PART_OF"]
    assert g.nodes[parent]["label"] == "huyện Cầu Ngang" and g.nodes[parent]["level"] == "district"


def test_a_body_of_a_named_district_in_a_provincial_plan_is_the_districts():
    """"phối hợp với UBND huyện Cầu Ngang" in a province's plan: the task's coordinator is the district's UBND,
    not the province's (the issuer's) though both are "Ủy ban nhân dân" in the task's record."""
    from kehoach.ingest.pipeline import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH TRÀ VINH\nSố: 15/KH-UBND\nTrà Vinh, ngày 10 tháng 01 năm 2024\n\nKẾ HOẠCH\n"
            "Thông tin đối ngoại năm 2024\n\nIII. TỔ CHỨC THỰC HIỆN\n1. Sở Ngoại vụ\n"
            "Chủ trì, phối hợp với UBND huyện Cầu Ngang tổ chức hội nghị.\n")
    rec = extract_text(text, file="x.txt")
    assert [(t.leads, t.coordinators) for t in rec.tasks] == [(["Sở Ngoại vụ"], ["Ủy ban nhân dân"])]
    g = build_graph([rec])
    [coord] = [a for a, _, k in g.edges(keys=True) if k == "COORDINATES"]
    assert g.nodes[coord]["jurisdiction"] == "huyện Cầu Ngang"
    [issuer] = [v for _, v, k in g.edges(keys=True) if k == "ISSUED_BY"]
    assert g.nodes[issuer]["jurisdiction"] == "tỉnh Trà Vinh" and issuer != coord


def test_a_paragraph_of_a_named_district_links_each_ubnd_to_its_own_node():
    """"2. UBND huyện Cầu Ngang — Chủ trì, phối hợp với UBND xã Long Sơn …" in a province's plan: three bodies
    called "Ủy ban nhân dân" (the issuing province's, the district's, the commune's); the district's leads and
    the commune's coordinates."""
    from kehoach.ingest.pipeline import extract_text

    text = ("ỦY BAN NHÂN DÂN\nTỈNH TRÀ VINH\nSố: 15/KH-UBND\nTrà Vinh, ngày 10 tháng 01 năm 2024\n\nKẾ HOẠCH\n"
            "Thông tin đối ngoại năm 2024\n\nIII. TỔ CHỨC THỰC HIỆN\n1. Sở Ngoại vụ\n"
            "Chủ trì, phối hợp với các sở, ngành tổ chức hội nghị.\n2. Ủy ban nhân dân huyện Cầu Ngang\n"
            "Chủ trì, phối hợp với UBND xã Long Sơn tổ chức tuyên truyền biển đảo.\n")
    g = build_graph([extract_text(text, file="x.txt")])
    roles = {(k, g.nodes[a]["jurisdiction"]) for a, t, k in g.edges(keys=True)
             if k in ("LEADS", "COORDINATES") and t.endswith("iii-2")}
    assert roles == {("LEADS", "huyện Cầu Ngang"), ("COORDINATES", "xã Long Sơn")}
