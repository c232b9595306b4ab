"""A news article about a plan: the plan it reports ("Ngày 01/11/2023, UBND tỉnh đã ban hành kế hoạch số
210/KH-UBND …") and the headline ("Kế hoạch hoạt động …") or, without one, what the reporting sentence says the
plan is about ("Kế hoạch số 1789/KH-UBND ngày 11/9/2023 về công tác thông tin đối ngoại năm 2024").

>>> text = "Kế hoạch tuyên truyền năm 2024\\nNgày 01/11/2023, UBND tỉnh đã ban hành kế hoạchsố 210/KH-UBND về việc.\\n"
>>> r = reported_plan(text, 0, len(text))
>>> r["number"], r["date"], r["title"]
('210/KH-UBND', '2023-11-01', 'tuyên truyền năm 2024')
>>> text = ("Thực hiện Quyết định số 930/QĐ-TTg ngày 28/7/2018 của Thủ tướng, UBND tỉnh ban hành Kế hoạch số "
...         "2141/KH-UBND ngày 3/9/2018 về tuyên truyền biển, đảo năm 2019, nhằm nâng cao nhận thức.")
>>> r = reported_plan(text, 0, len(text))
>>> r["number"], r["date"], r["title"]
('2141/KH-UBND', '2018-09-03', 'tuyên truyền biển, đảo năm 2019')
>>> text = "Căn cứ Kế hoạch số 01/KH-BTC ngày 5/7/2021 của Ban Tổ chức. Ngày 2/11/2021, Huyện ủy có Kế hoạch số 67-KH/HU."
>>> r = reported_plan(text, 0, len(text))
>>> r["number"], r["date"]
('67-KH/HU', '2021-11-02')
>>> text = "Hải Phòng - UBND thành phố vừa ban hành Kế hoạch thông tin đối ngoại năm 2020 nhằm góp phần thực hiện."
>>> reported_plan(text, 0, len(text))["title"]
'thông tin đối ngoại năm 2020'
>>> text = "Ngày 6/11/2018, Thủ tướng ban hành Quyết định số 1486/QĐ-TTg ban hành Kế hoạch thông tin đối ngoại 2019."
>>> r = reported_plan(text, 0, len(text))
>>> r["number"], r["date"], r["title"]
('1486/QĐ-TTg', '2018-11-06', 'thông tin đối ngoại 2019')
"""

from __future__ import annotations

import re

from kehoach.ingest.metadata.dates import DATE, date_of
from kehoach.ingest.metadata.header import clean_number

# 210/KH-UBND, 45/KH-BCĐ799 (a steering committee's code ends in digits); a Party committee's 242-KH/HU,
# "89 –KH/ĐU", a joint one's 1573-KH/BDVTW-BCSĐCP
_REPORTED = re.compile(
    r"(?i)kế\s*hoạch?\s*(?:liên\s+tịch\s+)?(?:số\s*)?(?P<num>\d+\s*/{1,2}\s*(?:\d{4}\s*/\s*)?[^\W\d_]+\d*(?:\s*[-–]\s*[^\W\d_]+\d*)*"
    r"|\d+\s*[-–]\s*KH\s*/\s*[^\W\d_]\w*(?:\.\w+)*(?:[-–][^\W\d_]\w*)*)"
    # a plan's number after "văn bản": "vừa ký văn bản 176/KH-BCĐ389 ban hành Kế hoạch …"
    r"|(?i:văn\s+bản)\s*(?:số\s*)?(?P<doc>\d+\s*/\s*KH[-–][^\W\d_]+\d*(?:[-–][^\W\d_]+\d*)*)")
# a plan an article numbers without its type code: "Thành phố Cam Ranh vừa ban hành Kế hoạch 472 về …"
# ("Ban Thường vụ Tỉnh ủy vừa ban hành Kế hoạch số 37 tiếp tục thực hiện …": after "số", a lower-case word)
_BARE = re.compile(r"(?<=ban hành |xây dựng )[Kk]ế\s*hoạch\s+(?:số\s*(?P<num>\d{1,5})(?=\s+[a-zà-ỹđ])"
                   r"|(?P<bare>\d{1,5})(?=\s+(?:về|ngày)\b))")
# the plan the article reports is the one issued ("đã ban hành Kế hoạch số …"), not one it cites ("Căn cứ Kế
# hoạch số …")
_ISSUED = re.compile(r"(?i)(?:ban\s+hành|có|xây\s+dựng|ký(?:\s+kết)?|(?:vừa|đã)\s+triển\s+khai)\s*$")
_DEPLOYED = re.compile(r"(?<!thực hiện )(?<!nhằm )(?<!để )(?<!việc )(?<!và )(?<!, )(?<=\w )triển\s+khai\s*$",
                       re.I)
# "Thủ tướng Chính phủ ban hành Quyết định số 1486/QĐ-TTg ban hành Kế hoạch …", "… vừa ký Quyết định số
# 184/QĐ-BTTTT về Kế hoạch hành động năm 2024 …"
_DECISION_ISSUING = re.compile(
    r"(?:ban\s+hành|ký(?:\s+ban\s+hành)?|phê\s+duyệt)\s+Quyết\s+định\s*(?:số\s*)?(?P<num>\d+\s*/\s*(?:\d{4}\s*/\s*)?QĐ[-–]\s?[^\W\d_]\w*"
    r"(?:[-–][^\W\d_]\w*)*)(?:\s*,?\s*ngày\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})?\s+(?:về\s+(?:việc\s+)?)?"
    r"(?:(?:ban\s+hành|phê\s+duyệt)\s+(?:kèm\s+theo\s+)?)?(?:[Kk]ế\s+hoạch|[Cc]hương\s+trình)\b")
# a headline ("KẾ HOẠCH Tổ chức …" too), not a sentence about the plan ("Kế hoạch đề ra 11 nhiệm vụ …", a photo's caption "… Ảnh: …")
_HEADLINE = re.compile(r"(?m)^(?:Kế hoạch|KẾ HOẠCH(?=\s+[^\W\d_][a-zà-ỹđ]))\s+(?!(?:đề ra|yêu cầu|nêu rõ|nhằm|được|có|gồm|xác định|đặt ra|cũng|này|nêu)\b)"
                       r"(?P<title>[^\n]+?)\s*(?:\(\d[\d/: ]*(?:SA|CH|AM|PM)?\))?$")
# where what the plan is about ends: the clause's end, its purpose ("nhằm …"), who issued it ("… vừa được UBND
# tỉnh ban hành")
_ABOUT_END = (r"\s*(?=(?<!TP)(?:(?<!\d)\.|\.(?!\d))|[;:\n]|\s\((?:[Kk]ế hoạch\s+)?số\b|\s(?:(?:vừa|đã|mới)\s+)?(?:được|do)\s+(?:UBND|Ủy ban|Sở|Ban)\b"
              r"|,\s*(?:nhằm|theo|với|trong đó|qua đó|đồng thời|sẽ|bắt đầu|diễn ra)\b|\s+với\s+nhiều\s|\s+(?:nhằm|để|với (?:(?:những|các)\s+)?(?:mục tiêu|mục đích"
              r"|phương châm|chủ đề|nội dung|yêu cầu))(?=[\s:,])|\s+từ\s+ngày\s+\d|$)")
_TITLE_TEXT = r"(?P<title>(?:[^.;:\n]|(?<=TP)\.|(?<=\d)\.(?=\d))+?)"  # "TP. Hồ Chí Minh", "(10.10)"
# after the number (its date, its issuer): "về (việc) …", or the plan's own words ("tổ chức phong trào …",
# "nhằm triển khai …"), not a verb of the sentence ("… đã được", "… của UBND")
_DATED = (r"\s*(?:,\s*)?(?:ngày\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}|ngày\s+\d{1,2}\s+tháng\s+\d{1,2}"
          r"\s+năm\s+\d{4})?\s*")
_ABOUT = (re.compile(_DATED + r"(?:của\s+[^,.;\n]{2,60}?\s+)?(?:về\s+(?:việc\s+)?|nhằm\s+|(?=(?:thực hiện|triển khai)\s))"
                     + _TITLE_TEXT + _ABOUT_END),
          re.compile(_DATED + r"(?=[a-zđà-ỹ])(?!(?:của|ngày|đã|vừa|mới|được|và|với|do|này|gồm|có|là|cũng|sẽ|đề ra"
                     r"|yêu cầu|nêu)\b)" + _TITLE_TEXT + _ABOUT_END))
# a plan reported without its number: "UBND thành phố vừa ban hành Kế hoạch thông tin đối ngoại … năm 2020 nhằm …",
# "UBND xã Tân Hải triển khai Kế hoạch phòng, chống thiên tai … năm 2024, với mục đích …",
# "Kế hoạch công tác thông tin đối ngoại … năm 2023 vừa được UBND thành phố ban hành"
_UNNUMBERED = re.compile(
    r"(?:ban hành|xây dựng|đề ra|triển khai|thông qua)\s+[Kk]ế hoạch\s+(?!số\b|này\b|của\b)(?=[^.;:\n]{10})" + _TITLE_TEXT
    + _ABOUT_END
    + r"|Kế hoạch\s+(?!số\b)(?P<passive>(?:[^.;:\n]|(?<=TP)\.){10,}?)\s+(?:(?:vừa|đã|mới)\s+)?được\s+"
    r"(?:UBND|Ủy ban|Ban\s+[Tt]hường\s+trực|Ban\s+[Cc]hỉ\s+đạo|Thủ tướng|Chính phủ|Bộ\s)")


_ABOUT_WORD = re.compile(r"(?:về\s+(?:việc\s+)?)?")
_PLAN_AGAIN = re.compile(r"(?:ban hành\s+(?=Kế hoạch))?(?:Kế hoạch\s+)?")


def _plan_date(text: str, m: re.Match[str], sent_start: int, sent_end: int) -> re.Match[str] | None:
    """The date of the reported plan: right after its number ("… số 210/KH-UBND ngày 11/9/2023"), else one
    shortly before it ("…, ngày 13/5/2011, UBND huyện ban hành Kế hoạch số 42/KH-UBND"); a date of another
    document cited in the sentence ("Thực hiện Quyết định số 930/QĐ-TTg ngày 28/7/2018 của …") is not it."""
    after = DATE.search(text, m.end(), min(sent_end, m.end() + 24))  # "(Kế hoạch số 239/KH-UBND, ngày 24/11/2022)"
    if after:
        return after
    before = list(DATE.finditer(text, sent_start, m.start()))
    d = before[-1] if before else None
    if d and not re.match(r"\s*của\b", text[d.end():m.start()]) and not re.search(r"\d/", text[d.end():m.start()]) \
            and m.start() - d.end() < 160:
        return d
    return None


def reported_plan(text: str, start: int, end: int) -> dict:
    """Fields of the plan a news text reports, each with its span under ``spans``."""
    out: dict = {"spans": {}}
    found = list(_REPORTED.finditer(text, start, end))
    m = next((x for x in found if _ISSUED.search(text, max(start, x.start() - 20), x.start())), None)
    if m is None:  # "Đảng ủy phường Phúc La triển khai kế hoạch số 89-KH/ĐU": a body deploying its own plan
        m = next((x for x in found if _DEPLOYED.search(text, max(start, x.start() - 40), x.start())), None)
    if m is None:  # a decision that issues the plan: its number is the plan's, as in the plan's own text
        m = _DECISION_ISSUING.search(text, start, end)
    if m is None:
        m = found[0] if found else _BARE.search(text, start, end)
        u = _UNNUMBERED.search(text, start, m.start()) if m is not None else None
        if u is not None and u.group(0).startswith(("ban hành", "xây dựng")) and m.start() > u.end() + 20:
            m = None  # "UBND tỉnh vừa ban hành Kế hoạch triển khai …" then "… theo Kế hoạch số 58-KH/TU": a cite
    if m:
        group = "bare" if m.re is _BARE and m.group("bare") else "doc" if m.groupdict().get("doc") else "num"
        out["number"] = clean_number(m.group(group))
        out["spans"]["number"] = m.span(group)
        sent_start = max(text.rfind(".", start, m.start()), text.rfind("\n", start, m.start())) + 1
        sent_end = text.find("\n", m.end())
        sent_end = end if sent_end < 0 else sent_end
        d = _plan_date(text, m, sent_start, sent_end)
        if d:
            out["date"], out["date_partial"] = date_of(d)
            out["spans"]["date"] = d.span()
    # (the article's first line may end in a full stop: "Kế hoạch triển khai thực hiện Quy định … gia đình.")
    h = next((x for x in _HEADLINE.finditer(text, start, end) if "Ảnh" not in x.group("title") and (
        not x.group("title").endswith(".") or x.start() == start and len(x.group("title")) < 200)), None)
    if h and (m is None or h.start() < m.start()):
        t0, t1 = h.span("title")
        t1 -= text[t0:t1].endswith(".")
        out["title"] = text[t0:t1]
        out["spans"]["title"] = (t0, t1)
    elif m:
        a = _ABOUT[0].match(text, m.end(), end) or _ABOUT[1].match(text, m.end(), end)
        if a and len(a.group("title")) > 10:
            t0, t1 = a.span("title")
            # "… về Kế hoạch Ngoại giao Văn hóa năm 2020 của tỉnh", "… về việc ban hành Kế hoạch Ngoại giao …"
            t0 = _PLAN_AGAIN.match(text, t0).end()
            out["title"] = text[t0:t1]
            out["spans"]["title"] = (t0, t1)
    u = _UNNUMBERED.search(text, start, end) if "title" not in out else None
    # with a number, only the title printed just before it: "… ban hành Kế hoạch kiểm tra … năm 2020 (Kế hoạch số
    # 43/KH-HĐPH, ngày 10/9/2020)"
    if u is not None and (m is None or u.end() <= m.start() <= u.end() + 20):
        group = "title" if u.group("title") else "passive"
        t0, t1 = u.span(group)
        sent_start = max(text.rfind(".", start, u.start()), text.rfind("\n", start, u.start())) + 1
        # the date of the sentence that issues it, not of one that deploys it ("Ngày 6/9, … triển khai kế hoạch")
        issues = u.group(0).startswith(("ban hành", "xây dựng"))
        d = _plan_date(text, u, sent_start, u.start()) if "date" not in out and issues else None
        if d:  # "Ngày 5/5/2023, UBND tỉnh Quảng Trị đã ban hành Kế hoạch tổ chức …"
            out["date"], out["date_partial"] = date_of(d)
            out["spans"]["date"] = d.span()
        t0 = _ABOUT_WORD.match(text, t0).end()  # "… ban hành Kế hoạch về công tác phổ biến …"
        out["title"] = text[t0:t1]
        out["spans"]["title"] = (t0, t1)
    return out
