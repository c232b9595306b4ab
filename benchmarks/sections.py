"""The sections of a synthetic plan (purpose, content, funding, implementation, recipients, signature, appendix).

Three task layouts (chosen per plan): "content" (numbered content items with assignment lines), "implementation"
(agency paragraphs in TỔ CHỨC THỰC HIỆN) and "appendix" (a task table, one cell per line, after the signature).
"""

from __future__ import annotations

import random

from legal import CENTRAL, KL57, UNNUMBERED
from plangen import ROMAN, Unit, agency_vocab, cap, communes, fmt_date, jurisdiction

GROUPS = ["Công tác chỉ đạo, điều hành", "Công tác thông tin, tuyên truyền", "Công tác quảng bá, giới thiệu",
          "Công tác bồi dưỡng, tập huấn", "Công tác kiểm tra, đánh giá"]
LEAD_LABELS = ["Đơn vị chủ trì", "Đơn vị chủ trì", "Cơ quan chủ trì", "Cơ quan chủ trì thực hiện", "Đơn vị thực hiện"]
COORD_LABELS = ["Đơn vị phối hợp", "Đơn vị phối hợp", "Cơ quan phối hợp", "Cơ quan phối hợp thực hiện",
                "Đơn vị phối hợp, hướng dẫn"]


NAMED_UBND = {"name": "Ủy ban nhân dân", "forms": ["UBND {lvl} {P}", "Ủy ban nhân dân {lvl} {P}"]}
NAMED_POLICE = {"name": "Công an", "forms": ["Công an {lvl} {P}"]}
COMMUNE_WORDS = {"huyện": ["xã", "xã", "xã", "thị trấn"], "quận": ["phường"]}


class Pool:
    """The agencies a plan can name: (vocab entry, unit whose jurisdiction it has)."""

    def __init__(self, u: Unit, named_rng: random.Random | None = None):
        self.u = u
        # a body of one named unit below the issuer: a district of a province's plan, a commune of a district's
        # ("phối hợp với UBND huyện Cầu Ngang", "Công an xã Tân Lập"); drawn from a stream of its own, so the rest
        # of a plan reads as it did before these were named
        self.named_rng = named_rng or random.Random(0)
        v = agency_vocab()
        prov = Unit.of_province(u.province)
        ok = [e for e in v[u.level] if (not e.get("border") or u.province.border) and
              (not e.get("only") or e["only"] == u.lvl)]
        self.entries = [(e, u) for e in ok] + ([(e, prov) for e in v["upper"]] if u.level == "district" else [])
        self.leads = [x for x in self.entries if x[0].get("lead")]
        self.weights = [x[0]["lead"] for x in self.leads]
        self.requests = [x for x in self.entries if x[0].get("request")]
        self.specific = [x for x in self.leads if not x[0].get("collective")]
        self.catchall = (v["catchall"], u)

    def lead(self, rng: random.Random, k: int = 1) -> list:
        out: list = []
        while len(out) < k:
            x = rng.choices(self.leads, self.weights)[0]
            if x not in out:
                out.append(x)
        return out

    def others(self, rng: random.Random, k: int, exclude: list) -> list:
        cands = [x for x in self.leads if x not in exclude]
        return rng.sample(cands, min(k, len(cands)))

    def named(self, share: float) -> list:
        """With probability ``share``, one body of a named unit below the issuer."""
        rng = self.named_rng
        if rng.random() >= share:
            return []
        u = self.u
        if u.level == "province":
            return [(NAMED_UBND, Unit.of_district(u.province, rng.choice(u.province.districts)))]
        word = rng.choice(COMMUNE_WORDS.get(u.lvl, ["phường", "xã"]))
        return [(rng.choice([NAMED_UBND, NAMED_POLICE]), Unit("commune", word, rng.choice(communes()), u.province))]


def say(w, entries: list) -> tuple[list[str], list[tuple[str, str | None]]]:
    """Print entries; returns (printed forms, (canonical name, jurisdiction) of each)."""
    printed = [w.agency(e, u) for e, u in entries]
    return printed, _who(entries)


def action(w, rng: random.Random, ph: dict) -> str:
    return _fill_ub(w, rng.choice(ph["actions"]))


def _fill_ub(w, a: str) -> str:
    if "{UB}" in a:
        a = a.replace("{UB}", w.agency({"name": "Ủy ban nhân dân", "forms": ["UBND {lvl}", "Ủy ban nhân dân {lvl}"]}))
    return a


def body(w, rng: random.Random, ph: dict, number: str, issued) -> None:
    u = w.u
    pool = Pool(u, random.Random(f"{w.plan.seed}|named|{w.plan.index}"))
    layout = rng.choice(["content", "implementation", "appendix"])
    w.add("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích")
    w.add(*(f"- {u.fill(p)}." for p in rng.sample(ph["purpose"], 3)))
    w.add("2. Yêu cầu", *(f"- {u.fill(p)}." for p in rng.sample(ph["purpose"], 2)), "")
    w.add("II. NỘI DUNG" if layout == "content" else rng.choice(["II. NHIỆM VỤ TRỌNG TÂM", "II. NỘI DUNG"]))
    if layout == "content":
        content_items(w, rng, ph, pool)
    else:
        guidance(w, rng, ph, issued)
        if layout == "appendix":
            w.add("(Phân công nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này)")
    n = 1
    if rng.random() < 0.6:
        n += 1
        w.add("", f"{ROMAN[n]}. KINH PHÍ THỰC HIỆN", *rng.sample(ph["funding"], 2))
    n += 1
    w.add("", f"{ROMAN[n]}. TỔ CHỨC THỰC HIỆN")
    implementation(w, rng, ph, pool, ROMAN[n], 5 if layout == "implementation" else 3)
    w.add(rng.choice(ph["closing"]), "")
    recipients(w, rng, ROMAN[n])
    signature(w, rng, ph)
    if layout == "appendix":
        appendix(w, rng, ph, pool, number, issued)


def guidance(w, rng, ph, issued) -> None:
    lines = [f"- {g}." for g in rng.sample(ph["guidance"], 3)]
    if rng.random() < 0.6:  # only documents issued before the plan
        doc = rng.choice([d for d in CENTRAL + [KL57] if d["date"] <= issued.isoformat()] + UNNUMBERED)
        shape = "noso" if rng.random() < 0.3 else "so"
        lines.insert(1, f"- Quán triệt và triển khai có hiệu quả {w.cite(doc, 'body', shape=shape)}.")
    w.add(*lines)


def _assign(w, rng, leads: list, coords: list) -> list[str]:
    sep = "; " if rng.random() < 0.6 else ", "
    lp, _ = say(w, leads)
    out = [f"- {rng.choice(LEAD_LABELS)}: {sep.join(lp)}."]
    if coords:
        cp, _ = say(w, coords)
        out.append(f"- {rng.choice(COORD_LABELS)}: {sep.join(cp)}.")
    return out


def content_items(w, rng, ph, pool: Pool) -> None:
    heads = rng.sample(ph["task_heads"], 7)
    k = 0
    for _i in range(rng.randint(3, 5)):
        k += 1
        grouped = rng.random() < 0.35
        items = [(f"{k}.{j + 1}", heads.pop()) for j in range(2)] if grouped and len(heads) >= 2 else \
            [(str(k), heads.pop() if heads else rng.choice(ph["task_heads"]))]
        if grouped and len(items) == 2:
            w.add(f"{k}. {rng.choice(GROUPS)}")
        for ref, head in items:
            drawn = pool.lead(rng, 2 if rng.random() < 0.15 else 1)
            leads = pool.named(0.04) or drawn  # "Đơn vị chủ trì: UBND xã Tân Lập"
            coords = pool.others(rng, rng.randint(0, 3), drawn) + pool.named(0.15)
            if rng.random() < 0.4:
                coords.append(pool.catchall)
            w.add(f"{ref}. {head}", cap(rng.choice(ph["task_details"])) + "; " + rng.choice(ph["task_details"]) + ".")
            w.add(*_assign(w, rng, leads, coords))
            tf = None
            if rng.random() < 0.4:
                tf = rng.choice(ph["timeframes"]).replace("{Y2}", str(w.plan.year + 1)).replace("{Y}", str(w.plan.year))
                w.add(f"- Thời gian thực hiện: {tf}.")
            w.task(ref, head, _who(leads), _who(coords), "content", tf)


def _who(entries: list) -> list[tuple[str, str | None]]:
    """(canonical name, jurisdiction) of each entry, as ``Writer.agency`` records them."""
    return [(u.fill(e["name"]) if e.get("scope") != "none" else e["name"], jurisdiction(e, u)) for e, u in entries]


def _bullet(w, rng, ph, pool: Pool, agency) -> tuple[str, list, list]:
    """One implementation statement of ``agency``: (text, leads, coordinators)."""
    r = rng.random()
    if r < 0.3:
        partners = pool.others(rng, rng.randint(1, 2), [agency])
        if rng.random() < 0.4:
            partners = [pool.catchall]
        partners += pool.named(0.1)
        p, _ = say(w, partners)
        return f"Chủ trì, phối hợp với {', '.join(p)} {action(w, rng, ph)}.", [agency], partners
    if r < 0.45:
        partner = [x for x in pool.specific if x[0] is not agency[0]]
        y = rng.choice(partner)
        p, _ = say(w, [y])
        return f"Phối hợp với {p[0]} {action(w, rng, ph)}.", [y], [agency]
    if r < 0.55:
        y = pool.others(rng, 1, [agency])
        p, _ = say(w, y)
        return f"{cap(action(w, rng, ph))}; phối hợp với {p[0]} {action(w, rng, ph)}.", [agency], y
    a, b = rng.sample(ph["actions"], 2)
    return f"{cap(_fill_ub(w, a))}; {_fill_ub(w, b)}.", [agency], []


def _deadline(w, rng) -> str | None:
    if rng.random() < 0.15:
        return f"trước ngày {rng.randint(10, 28)}/{rng.choice([6, 11, 12])}/{w.plan.year}"
    return None


def implementation(w, rng, ph, pool: Pool, roman: str, n: int) -> None:
    chosen = pool.lead(rng, min(n, len(pool.leads)))
    k = 0
    for agency in chosen:
        k += 1
        style = rng.choice(["bullets", "bullets", "single", "label"])
        if style == "label":
            text, leads, coords = _bullet(w, rng, ph, pool, agency)
            p, _ = say(w, [agency])
            body_ = text[:1].lower() + text[1:] if leads == [agency] and not coords else text
            w.add(f"{k}. {p[0]}: {body_}")
            w.task(f"{roman}.{k}", body_, _who(leads), _who(coords), "implementation")
        elif style == "single":
            p, _ = say(w, [agency])
            text, leads, coords = _bullet(w, rng, ph, pool, agency)
            w.add(f"{k}. {p[0]}", text)
            w.task(f"{roman}.{k}", text, _who(leads), _who(coords), "implementation")
        else:
            p, _ = say(w, [agency])
            w.add(f"{k}. {p[0]}" + (":" if rng.random() < 0.3 else ""))
            for b in range(rng.randint(2, 3)):
                text, leads, coords = _bullet(w, rng, ph, pool, agency)
                dl = _deadline(w, rng)
                if dl:
                    text = text[:-1] + f", hoàn thành {dl}."
                w.add(f"- {text}")
                w.task(f"{roman}.{k}-b{b + 1}", text, _who(leads), _who(coords), "implementation", dl)
    # a collective pair with lettered items, then requests to Party bodies / the Front
    collectives = [x for x in pool.leads if x[0].get("collective")]
    if len(collectives) >= 2 and rng.random() < 0.6:
        k += 1
        pair = collectives[:2]
        p, names = say(w, pair)
        w.add(f"{k}. {cap(p[0])}; {p[1]}:")
        for _j, letter in enumerate("abc"[:rng.randint(2, 3)]):
            text = f"{cap(action(w, rng, ph))}."
            w.add(f"{letter}) {text}")
            w.task(f"{roman}.{k}-{letter}", text, names, [], "implementation")
    for x in rng.sample(pool.requests, min(len(pool.requests), rng.randint(0, 2))):
        k += 1
        targets = [x] + ([y for y in pool.requests if y[0].get("collective") and y is not x][:1]
                         if x[0]["key"] == "mttq" else [])
        p, names = say(w, targets)
        text = f"Đề nghị {', '.join(p)} {action(w, rng, ph)}."
        w.add(f"{k}. {text}")
        w.task(f"{roman}.{k}", text, names, [], "implementation", requested=True)


def recipients(w, rng, roman: str) -> None:
    u = w.u
    lines = ["Nơi nhận:"]
    if u.level == "province":
        lines.append(f"- {w.agency({'name': 'Bộ Thông tin và Truyền thông', 'forms': ['Bộ Thông tin và Truyền thông'], 'scope': 'central'})} (b/c);")
    else:
        prov = Unit.of_province(u.province)
        lines.append(f"- {w.agency({'name': 'Ủy ban nhân dân', 'forms': ['UBND {lvl}']}, prov)} (b/c);")
        lines.append(f"- {w.agency({'name': 'Sở Thông tin và Truyền thông', 'forms': ['Sở Thông tin và TT', 'Sở TT&TT']}, prov)} (b/c);")
    pu = w.agency({"name": "{PU}", "forms": ["TT. {PU}", "Thường trực {PU}"]})
    hd = w.agency({"name": "Hội đồng nhân dân", "forms": ["HĐND {lvl}"]})
    lines.append(f"- {pu}, {hd} (b/c);" if rng.random() < 0.5 else f"- {pu} (b/c);\n- {hd} (b/c);")
    lines.append(f"- {w.agency({'name': 'Ủy ban nhân dân', 'forms': ['CT, các PCT UBND {lvl}']})};")
    lines += [f"- Như Mục {roman};", rng.choice(["- Lưu: VT, KGVX.", "- Lưu: VT.", "- Lưu: VT, VX."]), ""]
    w.add(*"\n".join(lines).split("\n"))


def signature(w, rng, ph) -> None:
    name = f"{rng.choice(ph['family'])} {rng.choice(ph['middle'])} {rng.choice(ph['given'])}"
    chair = rng.random() < 0.25
    w.add("TM. ỦY BAN NHÂN DÂN", *(["CHỦ TỊCH"] if chair else ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]), "", "", name, "")
    w.signer = {"name": name, "title": "Chủ tịch" if chair else "Phó Chủ tịch"}


def appendix(w, rng, ph, pool: Pool, number: str, issued) -> None:
    u = w.u
    issuer = w.agency({"name": "Ủy ban nhân dân", "forms": ["UBND {lvl} {P}", "UBND {lvl}"]})
    w.add("PHỤ LỤC", "DANH MỤC CÁC NHIỆM VỤ", f"(Kèm theo Kế hoạch số {number} {fmt_date(issued, rng)} của {issuer})", "")
    w.add(*"STT|Tên nhiệm vụ|Cơ quan chủ trì|Cơ quan phối hợp|Thời gian thực hiện".replace("|", "\n\n").split("\n"), "")
    heads = rng.sample(ph["task_heads"], 8)
    grouped = rng.random() < 0.5
    g = 0
    for _i in range(rng.randint(2, 3) if grouped else 1):
        g += 1
        if grouped:
            w.add(str(g), "", rng.choice(GROUPS), "")
        for j in range(rng.randint(2, 4) if grouped else rng.randint(4, 7)):
            head = heads.pop() if heads else rng.choice(ph["task_heads"])
            stt = f"{g}.{j + 1}" if grouped else str(j + 1)
            drawn = pool.lead(rng, 2 if rng.random() < 0.15 else 1)
            leads = pool.named(0.03) or drawn
            coords = pool.others(rng, rng.randint(0, 2), drawn) if rng.random() < 0.75 else []
            tf = rng.choice(ph["timeframes"]).replace("{Y2}", str(w.plan.year + 2)).replace("{Y}", str(w.plan.year)) \
                if rng.random() < 0.8 else None
            lp, _ = say(w, leads)
            cells = [stt, head, "; ".join(lp)]
            if coords:
                cells.append(", ".join(say(w, coords)[0]))
            if tf:
                cells.append(tf)
            for c in cells:
                w.add(c, "")
            w.task(f"A.{stt}", head, _who(leads), _who(coords), "appendix", tf)
    del u
