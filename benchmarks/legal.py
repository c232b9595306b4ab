"""Cited documents of the synthetic plans (benchmarks/corpus.py) and the printed shapes of a citation."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta

CP = {"name": "Chính phủ", "forms": ["Chính phủ"], "scope": "central"}
TTG = {"name": "Thủ tướng Chính phủ", "forms": ["Thủ tướng Chính phủ"], "scope": "central"}
BTTTT = {"name": "Bộ Thông tin và Truyền thông", "forms": ["Bộ Thông tin và Truyền thông"], "scope": "central"}
BCT = {"name": "Bộ Chính trị", "forms": ["Bộ Chính trị"], "scope": "central"}
BBT = {"name": "Ban Bí thư", "forms": ["Ban Bí thư"], "scope": "central"}


def _doc(type_, number, day, issuer, agency, subject, basis=False):
    return {"type": type_, "number": number, "date": day, "issuer": issuer, "agency": agency, "subject": subject,
            "basis": basis}


CENTRAL = [
    _doc("Nghị định", "72/2015/NĐ-CP", "2015-09-07", "Chính phủ", CP, "về quản lý hoạt động thông tin đối ngoại", True),
    _doc("Thông tư", "22/2016/TT-BTTTT", "2016-10-19", "Bộ Thông tin và Truyền thông", BTTTT,
         "hướng dẫn quản lý hoạt động thông tin đối ngoại của các tỉnh, thành phố trực thuộc Trung ương", True),
    _doc("Nghị định", "09/2017/NĐ-CP", "2017-02-09", "Chính phủ", CP,
         "quy định chi tiết việc phát ngôn và cung cấp thông tin cho báo chí của các cơ quan hành chính nhà nước", True),
    _doc("Quyết định", "1191/QĐ-TTg", "2020-08-05", "Thủ tướng Chính phủ", TTG,
         "phê duyệt Chiến lược thông tin đối ngoại giai đoạn 2021 - 2030"),
    _doc("Quyết định", "135/QĐ-TTg", "2020-01-20", "Thủ tướng Chính phủ", TTG,
         "phê duyệt Đề án nâng cao hiệu quả hoạt động thông tin cơ sở dựa trên ứng dụng công nghệ thông tin"),
    _doc("Chỉ thị", "25-CT/TW", "2018-08-08", "Ban Bí thư", BBT,
         "về đẩy mạnh và nâng tầm đối ngoại đa phương đến năm 2030"),
    _doc("Chỉ thị", "12-CT/TW", "2022-01-05", "Ban Bí thư", BBT,
         "về tăng cường sự lãnh đạo của Đảng đối với công tác người Việt Nam ở nước ngoài trong tình hình mới"),
    _doc("Nghị quyết", "76/NQ-CP", "2021-07-15", "Chính phủ", CP,
         "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030"),
    _doc("Quyết định", "749/QĐ-TTg", "2020-06-03", "Thủ tướng Chính phủ", TTG,
         "phê duyệt Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030"),
]
KL57 = _doc("Kết luận", "57-KL/TW", "2023-06-15", "Bộ Chính trị", BCT,
            "về tiếp tục nâng cao chất lượng, hiệu quả công tác thông tin đối ngoại trong tình hình mới")
UNNUMBERED = [{"type": "Luật", "name": n} for n in
              ("Luật Báo chí", "Luật Tiếp cận thông tin", "Luật An ninh mạng", "Luật Biên giới quốc gia")] + \
             [{"type": "Chiến lược", "name": "Chiến lược bảo vệ biên giới quốc gia"}]

_YEAR_IN_NUMBER = re.compile(r"^(\d+)/(\d{4})/(.+)$")


def guide_for(topic: dict, year: int, province_unit, seed: int) -> dict | None:
    """The document a province's plan on ``topic`` implements ("Thực hiện …"), if any."""
    rng = random.Random(f"{seed}|guide|{topic['key']}|{year}|{province_unit.name}")
    if topic.get("guide") == "ttdn" and year >= 2017:
        r = random.Random(f"{seed}|cv|{year}")
        d = date(year - 1, 7, 15) + timedelta(days=r.randrange(60))
        return {"type": "Công văn", "number": f"{r.randrange(2000, 4600)}/BTTTT-TTĐN", "date": d.isoformat(),
                "issuer": "Bộ Thông tin và Truyền thông", "agency": BTTTT,
                "subject": f"về việc hướng dẫn xây dựng Kế hoạch thông tin đối ngoại năm {year}"}
    if topic.get("guide") == "cds":
        return next(d for d in CENTRAL if d["number"] == "749/QĐ-TTg")
    if topic.get("guide") == "kl57":
        if rng.random() < 0.5:
            return KL57
        pu = "Tỉnh ủy" if province_unit.lvl == "tỉnh" else "Thành ủy"
        d = date(2023, 8, 1) + timedelta(days=rng.randrange(90))
        return {"type": "Kế hoạch", "number": f"{rng.randrange(150, 260)}-KH/TU", "date": d.isoformat(),
                "issuer": f"Ban Thường vụ {pu} {province_unit.name}",
                "agency": {"name": "{PU}", "forms": ["Ban Thường vụ {PU}"]}, "agency_unit": province_unit,
                "subject": "thực hiện {nested}", "nested": KL57}
    return None


def cite_text(doc: dict, shape: str, rng: random.Random) -> tuple[str, str, str | None]:
    """(printed head "Type số NUMBER", as_written, ground-truth number) for one of the printed shapes:
    so, noso (no "số"), space ("99 /KH-UBND"), break (line break after "số"), noyear (year dropped)."""
    if not doc.get("number"):
        return doc["name"], doc["name"], None
    number = doc["number"]
    if shape == "noyear":
        m = _YEAR_IN_NUMBER.match(number)
        number = f"{m.group(1)}/{m.group(3)}" if m else number
    if shape == "space" and "/" in number and "-" not in number.split("/")[0]:
        number = number.replace("/", " /", 1)
    if shape == "noso" or (doc["type"] in ("Chỉ thị", "Kết luận") and rng.random() < 0.3):
        head = f"{doc['type']} {number}"
    elif shape == "break":
        head = f"{doc['type']} số\n{number}"
    else:
        head = f"{doc['type']} số {number}"
    return head, head, "".join(number.split())
