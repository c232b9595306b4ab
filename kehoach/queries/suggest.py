"""Which named questions a question asked in words is closest to ("which agencies lead the most tasks?").

``kehoach ask`` takes a question's name; an analyst often types the question itself. The words of the text are
compared with each question's name and description, after a crude stemming (English plurals and verb forms:
"agencies" ~ "agency", "led" ~ "leads", "cite" ~ "citing", "most" ~ "ranked"), each shared word weighted by how few
questions use it (twice when the question's name has it). The best matches are suggested, never run: a question answered by another is worse than none.

>>> [q.name for q in closest_questions("Which agencies lead the most tasks?")][:1]
['agencies-by-tasks-led']
>>> [q.name for q in closest_questions("how do district plans derive from provincial ones")][:1]
['district-plans-from']
>>> closest_questions("weather tomorrow")
[]
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from kehoach.queries.runner import Question, list_questions

_SAME = {"led": "lead", "most": "rank", "top": "rank", "ranked": "rank", "ranking": "rank", "without": "missing",
         "lacking": "missing", "lack": "missing", "ones": "", "one": ""}
_STOP = set("""a an and any are as at be by can do does each every for from give how i in is it list me of on or
    show that the their them these this to what when where which who whose with""".split())


@lru_cache(maxsize=1)
def _vietnamese() -> re.Pattern[str]:
    """Vietnamese words of a question (``ask_words.tsv``), longest first; ``_WORDS`` maps them to English."""
    for line in (Path(__file__).parent / "ask_words.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrase, english = line.split("\t")
            _WORDS[phrase.strip()] = english.strip()
    alternatives = "|".join(map(re.escape, sorted(_WORDS, key=len, reverse=True)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


_WORDS: dict[str, str] = {}


def stems(text: str) -> set[str]:
    """The stems of the English words of ``text`` (Vietnamese ones first put in English, the rest dropped).

    >>> sorted(stems("Agencies led; the agency leads, leading"))
    ['agenc', 'lead']
    >>> sorted(stems("Sở nào chủ trì nhiều nhiệm vụ nhất?"))
    ['agenc', 'lead', 'rank', 'task']
    """
    text = unicodedata.normalize("NFC", text.lower())
    text = _vietnamese().sub(lambda m: f" {_WORDS[m.group()]} ", text)
    out = set()
    for word in re.findall(r"(?<![^\W\d_])[a-z]+(?![^\W\d_])", text):
        word = _SAME.get(word, word)
        if not word or word in _STOP:
            continue
        for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", "")):
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: len(word) - len(suffix)] + repl
                break
        out.add(word[:5])
    return out


def closest_questions(text: str, questions: Iterable[Question] | None = None, n: int = 3) -> list[Question]:
    """Up to ``n`` questions sharing words with ``text``, best first (shared words weighted by rarity)."""
    qs = list(list_questions() if questions is None else questions)
    named = {q.name: stems(q.name.replace("-", " ")) for q in qs}
    words = {q.name: named[q.name] | stems(q.description) for q in qs}
    df = Counter(w for ws in words.values() for w in ws)
    asked = stems(text)
    scored = []
    for q in qs:
        shared = asked & words[q.name]
        if shared:  # a word of the question's name counts twice
            score = sum(math.log((1 + len(qs)) / df[w]) * (2 if w in named[q.name] else 1) for w in shared)
            scored.append((-score, len(words[q.name]), q.name, q))
    return [q for *_, q in sorted(scored)[:n]]
