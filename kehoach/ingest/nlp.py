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

# one pass: a token with its single trailing space, or a run of other whitespace (a token of its own). The first
# branch is a fast path for the common case, a run of letters that ends the token (it cannot start a number
# and is what ``\w+`` would match), so the regex does not scan each word twice looking for a digit.
_PAIR = re.compile(r"([^\W\d_]++(?![\w.&/\-])|" + _TOKEN.pattern + r")( ?)|(\s+)")


class RuleTokenizer:
    """Callable tokenizer for ``nlp.tokenizer``: text -> Doc in one regex pass.

    A single space after a token is that token's trailing whitespace; any other whitespace run (newlines,
    leading spaces) becomes a whitespace token, so ``doc.text == text`` always.

    >>> [(t.text, t.whitespace_) for t in get_nlp()("a  b\\n")]
    [('a', ' '), (' ', ''), ('b', ''), ('\\n', '')]
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        found = _PAIR.findall(text)
        words = [tok or ws for tok, _, ws in found]
        spaces = [bool(sp) for _, sp, _ in found]
        return Doc(self.vocab, words=words, spaces=spaces)

    def to_disk(self, *a, **k):  # spaCy serialization hooks (nothing to save)
        pass

    def from_disk(self, *a, **k):
        return self


@lru_cache(maxsize=1)
def get_nlp() -> spacy.language.Language:
    """The process-wide blank pipeline (components are added by the extractors that own them)."""
    nlp = spacy.blank("xx")
    nlp.tokenizer = RuleTokenizer(nlp.vocab)
    return nlp


def make_doc(text: str) -> Doc:
    """Tokenize ``text`` (no pipeline components run); ``doc.text == text`` always."""
    return get_nlp().make_doc(text)
