"""spaCy matchers for agency names, built once per process.

* a ``PhraseMatcher`` (on lower-case text) over every printed form of the gazetteer;
* a ``Matcher`` with token patterns for the open classes: "Sở …", "Phòng …", "Trung tâm …", "Chi cục …",
  "Ban Quản lý …", "Đồn Biên phòng …", "Báo …", "Tạp chí …", "Đội …" (a unit named before its parent).

``candidates(text)`` returns every hit as ``(start, end, label)`` character spans, overlapping; the
recognizer picks among them. An open class is not tried where a gazetteer name starts ("Sở Tài chính"), nor
where the word after its head lacks the capital it needs ("báo cáo").

>>> sorted({lab for _, _, lab in candidates("Sở Tài chính thẩm định; Báo Nghệ An đưa tin; báo cáo")})
['E:Sở Tài chính', 'OPEN:báo']
>>> sorted({lab for _, _, lab in candidates("Sở Năng lượng Nguyên tử tỉnh")})
['OPEN:sở']
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.matcher import Matcher, PhraseMatcher

from kehoach.ingest.agencies.gazetteer import gazetteer
from kehoach.ingest.nlp import get_nlp, make_doc
from kehoach.ingest.scan import word_matches

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
_HEADS_LOW = re.compile(r"(?:" + "|".join(OPEN_CLASSES) + r")\b")  # on lower-cased text (kehoach.ingest.scan)


@lru_cache(maxsize=1)
def phrase_matcher() -> PhraseMatcher:
    """The gazetteer PhraseMatcher, on lower-case text (one per process)."""
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
    return phrases


@lru_cache(maxsize=1)
def class_matchers() -> dict[str, tuple[Matcher, int, bool]]:
    """One open-class Matcher per class, by its head ("sở", "trung tâm"), with the head's token count and
    whether every pattern of the class needs a capital on the first word after the head.

    The Matcher's cost is per token and per pattern; a window after a printed head only needs its class.

    >>> sorted((head, n, upper) for head, (_, n, upper) in class_matchers().items())[:3]
    [('ban quản lý', 3, True), ('báo', 1, True), ('chi cục', 2, True)]
    """
    vocab = get_nlp().vocab
    out: dict[str, tuple[Matcher, int, bool]] = {}
    for head, patterns in OPEN_CLASSES.items():
        n = len(_words(head))
        assert all(p[:n] == _words(head) for p in patterns), head
        m = Matcher(vocab)
        m.add(f"OPEN:{head}", patterns, greedy="LONGEST")
        out[head] = (m, n, all(p[n].get("IS_TITLE") or p[n].get("IS_UPPER") for p in patterns))
    return out


def candidates(text: str, low: str | None = None) -> list[tuple[int, int, str]]:
    """Every gazetteer and open-class hit in ``text`` as (start, end, label) character spans (``low``: ``text``
    lower-cased by ``kehoach.ingest.scan.lowered``, for a faster scan of the head words)."""
    phrases = phrase_matcher()
    classes = class_matchers()
    doc = make_doc(text)
    vocab = doc.vocab.strings
    out = []
    entry_starts = set()
    for match_id, s, e in phrases(doc):
        out.append((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), vocab[match_id]))
        entry_starts.add(s)
    # the open classes only where a head word is printed: its class's Matcher on a window of tokens from it.
    # Skipped: a head where a gazetteer name starts (the recognizer prefers the entry), and a head whose next
    # word lacks the capital every pattern of its class needs ("báo cáo", "phòng chống").
    idx = doc.to_array("IDX").tolist()
    for m in (word_matches(_HEADS_LOW, low) if low is not None else _HEADS.finditer(text)):
        i = bisect_left(idx, m.start())
        if i == len(idx) or idx[i] != m.start() or i in entry_starts:
            continue
        matcher, n, upper = classes[" ".join(m.group().lower().split())]
        if upper and (i + n >= len(doc) or not doc[i + n].text[:1].isupper()):
            continue
        window = doc[i:i + WINDOW]
        for match_id, s, e in matcher(window):
            if s == 0:
                out.append((window[s].idx, window[e - 1].idx + len(window[e - 1]), vocab[match_id]))
    return out
