"""The shared spaCy pipeline: a blank multi-language vocabulary with a rule tokenizer (no model, no pyvi).

Vietnamese is written with spaces between syllables, so one regex (``TOKEN``: words, numbers with their
slashes/dots kept whole, single punctuation marks) is enough for PhraseMatcher / Matcher / EntityRuler
patterns. It runs inside spaCy's own ``Tokenizer``: that splits the text at whitespace, in Cython, and caches
each chunk's tokens, so ``TOKEN`` only runs on a chunk it has not seen (a chunk of several tokens, "(Sở", is cut
at the starts of ``TOKEN``'s matches after the first). Regex hits become spans with ``Doc.char_span``.

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
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.vocab import Vocab

# a document number or date stays one token; otherwise words and single punctuation marks. A number is tried
# only where a run of letters, digits and dots starts, and its run is taken whole (possessive): tried at every
# dot of a long run ("……" leaders, a PDF's dotted lines) the former pattern took time quadratic in its length.
# The tokens are the former ones but after "&": in "a&b.1/2" no number starts inside the run "b.1"
TOKEN = re.compile(r"(?<![\w.])(?=[\w.]*?\d)[\w.]++(?:[/\-][\w.&]+)+|\w+(?:&\w+)?|[^\w\s]")


def _cuts(chunk: str, _finditer=TOKEN.finditer) -> list[re.Match[str]]:
    """spaCy's ``infix_finditer``: the tokens of a whitespace-free chunk after its first one. spaCy makes a
    token of the text before the first "infix" and of each infix, so the chunk splits exactly into ``TOKEN``'s
    matches.

    >>> [m.group() for m in _cuts("(72/2015/NĐ-CP);")]
    ['72/2015/NĐ-CP', ')', ';']
    """
    return list(_finditer(chunk))[1:]


def rule_tokenizer(vocab: Vocab) -> Tokenizer:
    """The tokenizer for ``nlp.tokenizer``: whitespace as spaCy splits it (a single space after a token is that
    token's trailing whitespace; any other whitespace run is a token of its own, so ``doc.text == text``),
    each chunk between cut into ``TOKEN``'s matches. No prefix, suffix or special-case rules.

    >>> [(t.text, t.whitespace_) for t in rule_tokenizer(Vocab())("a  (b)\\n")]
    [('a', ' '), (' ', ''), ('(', ''), ('b', ''), (')', ''), ('\\n', '')]
    """
    return Tokenizer(vocab, infix_finditer=_cuts)


@lru_cache(maxsize=1)
def get_nlp() -> spacy.language.Language:
    """The process-wide blank pipeline (components are added by the extractors that own them)."""
    nlp = spacy.blank("xx")
    nlp.tokenizer = rule_tokenizer(nlp.vocab)
    # spaCy refuses texts over a million characters for the memory its parser and NER would need; this
    # pipeline has neither (a 20 MB plan tokenizes in a few seconds), and the readers cap a file's size
    nlp.max_length = 2**31 - 1
    return nlp


def make_doc(text: str) -> Doc:
    """Tokenize ``text`` (no pipeline components run); ``doc.text == text`` always."""
    return get_nlp().make_doc(text)
