"""spaCy matchers for agency names, built once per process.

* a ``PhraseMatcher`` (on lower-case text) over every printed form of the gazetteer;
* a ``Matcher`` with token patterns for the open classes: "Sở …", "Phòng …", "Trung tâm …", "Chi cục …",
  "Ban Quản lý …", "Đồn Biên phòng …", "Báo …", "Tạp chí …", "Đội …" (a unit named before its parent).

``candidates(text)`` returns every hit as ``(start, end, label)`` character spans, overlapping; the
recognizer picks among them (here the open class overruns: "Sở Tài chính thẩm", the gazetteer wins).

>>> sorted({lab for _, _, lab in candidates("Sở Tài chính thẩm định; Báo Nghệ An đưa tin")})
['E:Sở Tài chính', 'OPEN:báo', 'OPEN:sở']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.matcher import Matcher, PhraseMatcher

from kehoach.ingest.agencies.gazetteer import gazetteer
from kehoach.ingest.nlp import get_nlp, make_doc

DASHES = ("-", "–", "—")
# lower-case words that end an open-class name (level words, prepositions, frequent verbs)
STOP = [
    "tỉnh", "huyện", "xã", "thành", "thị", "quận", "phường", "của", "các", "với", "trên", "tại", "để", "cho",
    "về", "theo", "trong", "có", "là", "được", "thực", "chủ", "phối", "tham", "tổ", "triển", "hướng", "xây",
    "thẩm", "đã", "sẽ", "cùng", "gửi", "qua", "tổng", "bố", "căn", "nghiên", "tăng", "đẩy", "cung", "kịp",
    "phát", "đăng", "định", "đề", "nắm", "biên", "làm", "đôn", "kiểm", "giám", "báo", "đảm", "và", "hoặc",
    "nhằm", "từ", "đến", "khi", "này", "đó", "ban", "trình", "ký", "thông", "cấp",
]
CAP = {"IS_TITLE": True}
LOW = {"IS_LOWER": True, "LOWER": {"NOT_IN": STOP}, "OP": "?"}
LOW1 = {"IS_LOWER": True, "LOWER": {"NOT_IN": STOP}}
SEP = {"LOWER": {"IN": ["và", *DASHES]}}
# any token inside a longer name but punctuation or a lower-case stop word (capitalized "Đăng" is fine)
NAME_TOKEN = {"TEXT": {"REGEX": r"^(?!(?:" + "|".join(STOP) + r")$)[^,;.:()/\s]+$"}, "OP": "?"}


def _words(text: str) -> list[dict]:
    return [{"LOWER": t.lower_} for t in make_doc(text)]


def _named(head: str, groups: int = 3, lows: int = 3) -> list[list[dict]]:
    """Patterns: head, then 1..groups capitalized words each followed by up to ``lows`` lower-case words."""
    group = [CAP] + [LOW] * lows
    out = []
    for n in range(groups):
        pat = _words(head) + group
        for _ in range(n):
            pat = pat + [SEP] + group
        out.append(pat)
    return out


OPEN_CLASSES: dict[str, list[list[dict]]] = {
    "sở": _named("sở", groups=3, lows=2),
    "phòng": _named("phòng", groups=3, lows=2),
    "trung tâm": _named("trung tâm", groups=3, lows=3),
    "chi cục": _named("chi cục", groups=2, lows=2),
    "ban quản lý": [_words("ban quản lý") + [CAP] + [NAME_TOKEN] * 8 + [{"IS_TITLE": True}],
                    _words("ban quản lý") + [CAP, LOW, LOW, LOW]],
    "đồn biên phòng": [_words("đồn biên phòng") + [CAP, {"IS_TITLE": True, "OP": "*"}]],
    "báo": [[{"LOWER": "báo"}, CAP, {"IS_TITLE": True, "OP": "*"}],
            [{"LOWER": "báo"}, CAP, {"IS_TITLE": True, "OP": "*"}, {"TEXT": {"IN": list(DASHES)}}, CAP,
             {"IS_TITLE": True, "OP": "*"}],  # "Báo Bà Rịa - Vũng Tàu"
            [{"LOWER": "báo"}, {"IS_UPPER": True, "LENGTH": {">=": 2, "<=": 4}}]],
    "tạp chí": [_words("tạp chí") + [CAP, LOW, {"IS_TITLE": True, "OP": "*"}]],
    "đội": [[{"LOWER": "đội"}, LOW1, LOW1, LOW, LOW, LOW]],
}


WINDOW = 16  # tokens an open-class name can span
_HEADS = re.compile(r"(?i)\b(?:" + "|".join(OPEN_CLASSES) + r")\b")


@lru_cache(maxsize=1)
def matchers() -> tuple[PhraseMatcher, Matcher]:
    """The gazetteer PhraseMatcher and the open-class Matcher (one of each per process)."""
    nlp = get_nlp()
    g = gazetteer()
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_label: dict[str, list] = {}
    for form, idx, scope in g.forms:
        label = f"E:{g.entries[idx].name}" + (f"|{scope}" if scope else "")
        variants = {form}
        if " - " in form:
            variants |= {form.replace(" - ", f" {d} ") for d in DASHES}
        by_label.setdefault(label, []).extend(make_doc(v) for v in variants)
    for label, docs in by_label.items():
        phrases.add(label, docs)
    open_matcher = Matcher(nlp.vocab)
    for head, patterns in OPEN_CLASSES.items():
        open_matcher.add(f"OPEN:{head}", patterns, greedy="LONGEST")
    return phrases, open_matcher


@lru_cache(maxsize=1)
def class_matchers() -> dict[int, Matcher]:
    """One open-class Matcher per class, by the LOWER hash of the word every pattern of the class starts with.

    The Matcher's cost is per token and per pattern; a window only needs the classes whose first word it
    contains (a pattern can match nowhere else), usually one.

    >>> sorted(len(m) for m in class_matchers().values())
    [1, 1, 1, 1, 1, 1, 1, 1, 1]
    """
    vocab = get_nlp().vocab
    out: dict[int, Matcher] = {}
    for head, patterns in OPEN_CLASSES.items():
        first = {p[0]["LOWER"] for p in patterns}
        assert len(first) == 1 and all(set(p[0]) == {"LOWER"} for p in patterns), head
        m = out[vocab.strings.add(first.pop())] = Matcher(vocab)
        m.add(f"OPEN:{head}", patterns, greedy="LONGEST")
    return out


def candidates(text: str) -> list[tuple[int, int, str]]:
    """Every gazetteer and open-class hit in ``text`` as (start, end, label) character spans."""
    phrases, _ = matchers()
    by_first = class_matchers()
    doc = make_doc(text)
    vocab = doc.vocab.strings
    out = []
    for match_id, s, e in phrases(doc):
        out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), vocab[match_id]))
    # the open classes only where a head word is printed (a window of tokens after it): much faster. In each
    # window, the matchers of the classes whose first word is in it (the same hits as the one open Matcher).
    idx = doc.to_array("IDX").tolist()
    lower = doc.to_array("LOWER").tolist()
    for m in _HEADS.finditer(text):
        i = bisect_left(idx, m.start())
        if i == len(idx) or idx[i] != m.start():
            continue
        window = doc[i:i + WINDOW]
        firsts = dict.fromkeys(h for h in lower[i:i + WINDOW] if h in by_first)
        for first in firsts:
            for match_id, s, e in by_first[first](window):
                out.append((window[s].idx, window[e - 1].idx + len(window[e - 1]), vocab[match_id]))
    return out
