"""The shared spaCy pipeline: a blank multi-language vocabulary with a rule tokenizer (no model, no pyvi).

Vietnamese is written with spaces between syllables, so a regex tokenizer (words, numbers with their
slashes/dots kept whole, single punctuation marks) is enough for PhraseMatcher / Matcher / EntityRuler
patterns, and much faster than the default tokenizer. Regex hits become spans with ``Doc.char_span``.

>>> doc = make_doc("Nghị định số 72/2015/NĐ-CP ngày 07/9/2015.")
>>> [t.text for t in doc][:4]
['Nghị', 'định', 'số', '72/2015/NĐ-CP']
>>> doc.char_span(0, 9).text
'Nghị định'
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.tokens import Doc
from spacy.vocab import Vocab

# a document number or date stays one token; otherwise words and single punctuation marks
_TOKEN = re.compile(r"[\w.]*\d[\w.]*(?:[/\-][\w.&]+)+|\w+(?:&\w+)?|[^\w\s]")


class RuleTokenizer:
    """Callable tokenizer for ``nlp.tokenizer``: text -> Doc via one regex pass."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        for m in _TOKEN.finditer(text):
            words.append(m.group())
            end = m.end()
            spaces.append(end < len(text) and text[end] == " ")
        # Doc needs the exact text back: rebuild from the gaps between tokens
        doc = Doc(self.vocab, words=words, spaces=spaces) if _lossless(text, words, spaces) else \
            _doc_with_gaps(self.vocab, text)
        return doc

    def to_disk(self, *a, **k):  # spaCy serialization hooks (nothing to save)
        pass

    def from_disk(self, *a, **k):
        return self


def _lossless(text: str, words: list[str], spaces: list[bool]) -> bool:
    return sum(map(len, words)) + sum(spaces) == len(text)


def _doc_with_gaps(vocab: Vocab, text: str) -> Doc:
    """Exact-text Doc: whitespace runs other than one space (newlines, leading spaces) become tokens."""
    words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        gap = text[pos:m.start()]
        if gap:
            if gap == " " and words and not spaces[-1]:
                spaces[-1] = True
            else:
                if words and not spaces[-1] and gap.startswith(" "):
                    spaces[-1] = True
                    gap = gap[1:]
                if gap:
                    words.append(gap)
                    spaces.append(False)
        words.append(m.group())
        spaces.append(False)
        pos = m.end()
    tail = text[pos:]
    if tail:
        words.append(tail)
        spaces.append(False)
    return Doc(vocab, words=words, spaces=spaces)


@lru_cache(maxsize=1)
def get_nlp() -> spacy.language.Language:
    """The process-wide blank pipeline (components are added by the extractors that own them)."""
    nlp = spacy.blank("xx")
    nlp.tokenizer = RuleTokenizer(nlp.vocab)
    return nlp


def make_doc(text: str) -> Doc:
    """Tokenize ``text`` (no pipeline components run); ``doc.text == text`` always."""
    return get_nlp().make_doc(text)
