"""Property tests (hypothesis): random and mutated text through every stage; nothing raises, evidence holds.

For every input: ``normalize``, ``layout.segment``, the four extractors and ``extract_text`` return without an
exception, and every piece of evidence points into the text as given: ``0 <= start <= end <= len(original)``
and ``original[start:end] == evidence.text``.
"""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kehoach.ingest.agencies import extract_agencies
from kehoach.ingest.citations import extract_citations
from kehoach.ingest.document import Document
from kehoach.ingest.layout import segment
from kehoach.ingest.metadata import extract_metadata
from kehoach.ingest.models import Evidence, ExtractedDocument
from kehoach.ingest.nlp import TOKEN, make_doc
from kehoach.ingest.normalize import normalize
from kehoach.ingest.pipeline import extract_text
from kehoach.ingest.tasks import extract_tasks

FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.data_too_large])
# characters of the documents' world: Vietnamese letters, digits, the punctuation of numbers and lists
ALPHABET = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ0123456789 \n\n./-–:;,()“”\t")
                           + ["Kế hoạch", "KẾ HOẠCH", "Số: ", "/KH-UBND", "I. ", "II. ", "1. ", "- ", "Căn cứ ",
                              "Nghị định số ", "/2015/NĐ-CP", "ngày 07/9/2015", "Sở Ngoại vụ", "chủ trì",
                              "phối hợp", "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "Phụ lục", "STT", "\u0301", "\u0323",
                              "Uỷ ban", "\u00a0", "\r\n", "\ufeff"])
VIETNAMESE_ISH = st.lists(ALPHABET, max_size=300).map("".join)


def evidence_of(rec: ExtractedDocument) -> list[Evidence]:
    out = [e for e in rec.plan.evidence.values() if e]
    for c in rec.cites:
        out += [c.evidence] if c.evidence else []
        out += list(c.mentions)
    out += [r.evidence for r in rec.derives_from if r.evidence]
    out += [t.evidence for t in rec.tasks if t.evidence]
    for a in rec.agencies:
        out += list(a.mentions)
    return out


def check_text(text: str) -> None:
    norm = normalize(text)
    assert unicodedata.is_normalized("NFC", norm.text)
    for start in range(0, len(norm.text) + 1, max(1, len(norm.text) // 7)):
        s, e = norm.original_span(start, min(len(norm.text), start + 5))
        assert 0 <= s <= e <= len(text)
    layout = segment(norm.text)
    for sec in layout.sections:
        assert 0 <= sec.start <= sec.end <= len(norm.text), sec
    doc = Document(file="p.txt", norm=norm, layout=layout)
    kind, plan = extract_metadata(doc)
    assert kind in ("plan", "news")
    cites, derives = extract_citations(doc, plan)
    agencies = extract_agencies(doc, plan)
    extract_tasks(doc, plan, agencies)
    rec = extract_text(text, file="p.txt")
    rec.to_dict()
    for ev in evidence_of(rec):
        assert 0 <= ev.start <= ev.end <= len(text), ev
        assert text[ev.start:ev.end] == ev.text, ev


@pytest.fixture(scope="module")
def seed_texts(seeds_dir):
    return [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.glob("*.txt"))]


@FAST
@given(st.text(max_size=400))
def test_random_unicode(text):
    check_text(text)


TRIGGER_WORDS = st.sampled_from(["thực hiện", "Thực hiện", "THỰC HIỆN", "triển khai", "Triển khai", "TRIỂN KHAI",
                                  "triển", "khai", "hiện", "t", "x", "_", "1", " ", "  ", "\n", "\t", ",", ".",
                                  "İ", "K", "\u212a", "Luật", "Luật Ngân sách", "Chiến lược", "Đề án", "Quy chế",
                                  "Chương trình", "Dự án", "Bộ luật", "Pháp lệnh", "Hiến pháp", "các ", "bảo vệ"])


@FAST
@given(st.lists(TRIGGER_WORDS, max_size=40).map("".join), st.integers(0, 30), st.integers(0, 30))
@example("xtriển khai thực hiện Kế hoạch; Triển khai Luật Ngân sách nhà nước; _triển khai Kế hoạch", 0, 0)
@example("Thực hiện Chương trình hành động; xLuật Biên giới quốc gia và Đề án bảo vệ", 1, 0)
def test_fast_trigger_and_named_scans_find_what_their_reference_regexes_find(text, start, cut):
    """The implementation trigger of ``derives_from`` scans the lower-cased text and the named-document finder
    checks its word boundary itself: both find exactly what their reference regexes find, in any range."""
    from kehoach.ingest.citations.derive import _TRIGGER_LOW, TRIGGER
    from kehoach.ingest.citations.find import _named, _named_fast
    from kehoach.ingest.scan import lowered, word_matches

    start, end = min(start, len(text)), max(min(start, len(text)), len(text) - cut)
    low = lowered(text)
    if low is not None:
        assert [m.span() for m in _TRIGGER_LOW.finditer(low, start, end)] == \
            [m.span() for m in TRIGGER.finditer(text, start, end)]
    assert [(m.span(), m.group("type")) for m in word_matches(_named_fast(), text, pos=start, end=end)] == \
        [(m.span(), m.group("type")) for m in _named().finditer(text, start, end)]


@FAST
@given(VIETNAMESE_ISH)
def test_random_document_like_text(text):
    check_text(text)


def _mutate(lines: list[str], data) -> list[str]:
    ops = data.draw(st.lists(st.sampled_from(["delete", "duplicate", "swap", "garbage", "decompose", "join"]),
                             min_size=1, max_size=6))
    for op in ops:
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "garbage":
            junk = data.draw(st.text(max_size=30) | VIETNAMESE_ISH)
            k = data.draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:k] + junk + lines[i][k:]
        elif op == "decompose":
            lines[i] = unicodedata.normalize("NFD", lines[i])
        elif op == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + " " + lines[i + 1]]
    return lines


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_mutated_seeds(seed_texts, data):
    text = data.draw(st.sampled_from(seed_texts))
    lines = _mutate(text.split("\n"), data)
    mutated = "\n".join(lines)
    cut = data.draw(st.integers(0, len(mutated)))
    check_text(mutated[:cut] if data.draw(st.booleans()) else mutated)


def test_the_seeds_themselves_have_sound_evidence(seed_texts):
    total = 0
    for text in seed_texts:
        check_text(text)
        total += len(evidence_of(extract_text(text, file="s.txt")))
    assert total > 0, "no evidence at all: the check above would be empty"


# the words the agency recognizer's whole-text scans look for, in any case, glued to others or not
SCAN_WORDS = st.sampled_from(["các ", "Các ", "CÁC ", "cơ quan", "Cơ quan", "đơn vị", "Đơn vị", "địa phương", ", ",
                              " liên quan", "có liên quan", "chức năng", "dân ", "xã", "phường", "thị trấn",
                              "thành phố", "huyện", "biên giới", "sở", "Sở", ":", " ", "\n", "- ", "chủ trì",
                              "phối hợp", "Phối hợp", "PHỐI HỢP", " với ", "chặt chẽ", "đề nghị", "Đề nghị",
                              "thực hiện", "Phòng", "báo", "Báo", "Trung tâm", "x", "a", "_", "İ", "&", "\t", ".",
                              "các cơ quan, đơn vị liên quan", "Các cơ quan có liên quan", "dân các xã, phường",
                              "các xã, thị trấn", "các sở: Tư pháp, Tài chính", "Đơn vị phối hợp: ",
                              "Cơ quan chủ trì: ", "phối hợp với ", "đề nghị "])


@FAST
@given(st.lists(SCAN_WORDS, max_size=60).map("".join))
@example("Nhân dân các xã, phường; UBND các xã, thị trấn biên giới.")
@example("xcác cơ quan liên quan; Các cơ quan, đơn vị có liên quan, các sở: Tư pháp, Tài chính.")
@example("Đơn vị Phối hợp: Sở Tư pháp; - Cơ quan chủ trì: Sở Tài chính; phối hợp chặt chẽ với Báo Nghệ An")
def test_fast_scans_find_what_the_case_insensitive_regexes_find(text):
    """The recognizer scans the lower-cased text with literal-led patterns (kehoach.ingest.scan): every scan
    finds exactly the matches of its reference ``(?i)`` regex, and the same role triggers."""
    from kehoach.ingest.agencies.matchers import candidates
    from kehoach.ingest.agencies.recognize import _scan, _triggers
    from kehoach.ingest.scan import lowered

    low = lowered(text)
    for name in ("catch_all", "weak", "communes", "distributive"):
        assert [(s, e, m.span(1) if m.re.groups else None) for s, e, m in _scan(name, text, low)] == \
            [(s, e, m.span(1) if m.re.groups else None) for s, e, m in _scan(name, text, None)], name
    assert list(_triggers(text, low)) == list(_triggers(text, None))
    assert sorted(candidates(text, low)) == sorted(candidates(text))


CITE_WORDS = st.sampled_from(["Nghị định", "NGHỊ ĐỊNH", "nghị  định", "Kết luận", "KẾT LUẬN SỐ", "Chỉ thị", "số ",
                              "sô", ":", " ", "72/2015/NĐ-CP", "57-KL/TW", "25-CT/TW", "3089/BTTTT-TTĐN", "/", "-",
                              "x", "1", "Luật", "Thông tư liên tịch", "\n", "İ", "và ", ", "])


@FAST
@given(st.lists(CITE_WORDS, max_size=40).map("".join), st.integers(0, 30), st.integers(0, 30))
@example("xNghị định 72/2015/NĐ-CP; KẾT LUẬN SỐ 57-KL/TW và Chỉ thị số: 25-CT/TW", 0, 0)
def test_fast_citation_scan_finds_what_the_case_insensitive_regex_finds(text, start, cut):
    """``find_numbered`` scans the lower-cased text (kehoach.ingest.scan): the same mentions as its ``(?i)``
    reference regex, over any range of the text."""
    from kehoach.ingest.citations.find import _numbered, clean, find_numbered

    start, end = min(start, len(text)), max(min(start, len(text)), len(text) - cut)
    want = [(m.start(), m.end(), m.group("type"), clean(m.group("num"))) for m in _numbered().finditer(text, start, end)]
    got = [(m.start, m.end, m.type_word, m.number) for m in find_numbered(text, start, end)] \
        if "/" in text[start:end] else want
    assert got == want


@FAST
@given(VIETNAMESE_ISH)
def test_normalized_offsets_invert_original_offsets(text):
    """Every offset ``original_offset`` gives maps back to a normalized offset that gives it again."""
    n = normalize(text)
    for pos in range(len(n.text) + 1):
        o = n.original_offset(pos)
        assert n.original_offset(n.normalized_offset(o)) == o


# the tokenizer's reference: one left-to-right scan of the whole text, a token with the single space after it
# (its trailing whitespace) or a run of other whitespace
_REFERENCE_TOKENS = re.compile(r"(" + TOKEN.pattern + r")( ?)|(\s+)")
TOKEN_WORDS = st.sampled_from(list("aAđĐ1 2.,/-–&()_:;\n\t") + ["  ", " \n", "\n ", "\u00a0", "\r", "\x0b", "Sở",
                                                                "72", "NĐ-CP", "TT&TT", "07/9/2015", "KH-UBND"])


@FAST
@given(st.lists(TOKEN_WORDS, max_size=40).map("".join))
@example("Sở TT&TT)/:TT&TTA( 1&NĐ-CP\n(72-_\n_&TT&TT_  x")
@example(" \n a  b\t\n")
def test_tokenizer_cuts_the_text_as_one_scan_of_the_token_regex(text):
    expected = [(tok or ws, sp) for tok, sp, ws in _REFERENCE_TOKENS.findall(text)]
    for _ in range(2):  # the second time from spaCy's chunk cache
        assert [(t.text, t.whitespace_) for t in make_doc(text)] == expected


_FORMER_TOKEN = re.compile(r"[\w.]*\d[\w.]*(?:[/\-][\w.&]+)+|\w+(?:&\w+)?|[^\w\s]")
"""``TOKEN`` before it took runs whole (quadratic on long runs of dots, see ``kehoach.ingest.nlp``)."""


@FAST
@given(st.lists(TOKEN_WORDS.filter(lambda w: "&" not in w), max_size=40).map("".join))
@example("1.1.1.1/2 v.v... 07/9/2015. ..72/2015/NĐ-CP")
def test_the_token_regex_cuts_as_its_former_pattern_did(text):
    """The same tokens, but after "&" ("a&b.1/2": a number is no longer tried inside the run "b.1" that the
    word "a&b" ends in)."""
    assert [m.span() for m in TOKEN.finditer(text)] == [m.span() for m in _FORMER_TOKEN.finditer(text)]


def test_long_runs_of_dots_tokenize_in_linear_time():
    """A guard, not a speed target: 200,000 dots took the former pattern about half an hour (each dot tried as
    the start of a number, the whole run scanned again); now a few milliseconds. 60 s is far from either."""
    import subprocess
    import sys

    code = ("from kehoach.ingest.nlp import make_doc\n"
            "for s in ('.' * 200_000, '1.' * 100_000, 'a.' * 100_000 + '/x'):\n"
            "    assert len(make_doc(s)) >= 1\n")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


_NAMED = ["UBND", "Công an", "xã Long Sơn", "xã Mỹ Long", "phường 3", "thị trấn", "huyện", "tỉnh", ",", "và",
          "Đơn vị chủ trì:", "Đơn vị phối hợp:", "Chủ trì, phối hợp với", "\n", "\n1. Tuyên truyền", "\n- ", "."]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_NAMED), min_size=3, max_size=80))
@example(["\n1. Tuyên truyền", "\n- ", "Đơn vị chủ trì:", "Công an", "huyện", "\n- ", "Đơn vị phối hợp:", "Công an",
          "xã Long Sơn"])  # a task with roles
def test_a_tasks_roles_name_each_of_its_agencies_and_none_else(parts):
    """Where a task gives ``roles`` (a name two agencies of the document share), they name exactly its leads and
    coordinators, each role as the names lists give it; a lead's name is never among the coordinators."""
    from kehoach.ingest.pipeline import extract_text

    rec = extract_text("ỦY BAN NHÂN DÂN\nHUYỆN CẦU NGANG\nKẾ HOẠCH\nX\nII. NHIỆM VỤ\n" + " ".join(parts))
    for t in rec.tasks:
        assert not set(t.leads) & set(t.coordinators)
        if t.roles:
            assert {n for r, n, _ in t.roles if r == "lead"} == set(t.leads)
            assert set(t.coordinators) <= {n for r, n, _ in t.roles if r == "coord"} <= set(t.coordinators) | set(t.leads)
