"""TriG text of sorted N-Triples lines, written directly (no parse and re-serialize of every quad).

Each named graph is one block; its lines, sorted, are grouped by subject (``;``); vocabulary IRIs (predicates,
classes, roles, the resolution graph) are written as prefixed names of :data:`PREFIXES` and ``rdf:type`` as ``a``;
integers and booleans as bare literals, other datatypes as ``^^xsd:``. Node IRIs stay whole (their paths hold
``/``). What this writes parses to exactly the quads of its input.

>>> print(trig_block("https://kehoach.dev/graph/resolution", [
...     '<https://kehoach.dev/id/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://kehoach.dev/ontology#Plan>',
...     '<https://kehoach.dev/id/p> <https://kehoach.dev/ontology#year> "2024"^^<http://www.w3.org/2001/XMLSchema#integer>',
... ]), end="")  # doctest: +NORMALIZE_WHITESPACE
khg:resolution {
	<https://kehoach.dev/id/p> a kh:Plan ;
		kh:year 2024 .
}
"""

from __future__ import annotations

import re

from kehoach.graph.rdf_lines import PREFIXES

_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_LOCAL = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_NAMESPACES = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda x: -len(x[0]))


def header() -> str:
    """The ``@prefix`` lines, sorted by prefix.

    >>> header().splitlines()[0]
    '@prefix dct: <http://purl.org/dc/terms/> .'
    """
    return "".join(f"@prefix {p}: <{ns}> ." + "\n" for p, ns in sorted(PREFIXES.items()))


_terms: dict[bytes, bytes] = {}
_LOCAL_B = re.compile(rb"[A-Za-z][A-Za-z0-9_]*")
_NAMESPACES_B = [(ns.encode(), p.encode()) for ns, p in _NAMESPACES]


def term(t: str) -> str:
    """An IRI term as a prefixed name when a namespace of :data:`PREFIXES` and a plain local name allow it.

    >>> term("<https://kehoach.dev/ontology#Plan>"), term("<https://kehoach.dev/id/plan/x>")
    ('kh:Plan', '<https://kehoach.dev/id/plan/x>')
    """
    return _term(t.encode()).decode()


def _term(t: bytes) -> bytes:
    got = _terms.get(t)
    if got is None:
        got = t
        if t.startswith(b"<") and t.endswith(b">"):
            iri = t[1:-1]
            for ns, p in _NAMESPACES_B:
                if iri.startswith(ns) and _LOCAL_B.fullmatch(iri, len(ns)):
                    got = p + b":" + iri[len(ns):]
                    break
        if len(_terms) < 10_000:  # vocabulary terms repeat; node IRIs are not cached (see _object)
            _terms[t] = got
    return got


_NODES = b"<https://kehoach.dev/id/"
_TYPE = _RDF_TYPE.encode()
_INT, _BOOL, _DATE = (f'"^^<{_XSD}{t}>'.encode() for t in ("integer", "boolean", "date"))
_LT, _QUOTE, _GT = ord("<"), ord('"'), ord(">")


def _object(o: bytes) -> bytes:
    first = o[0]
    if first == _LT:
        return o if o.startswith(_NODES) else _term(o)
    if first == _QUOTE and o[-1] == _GT:
        if o.endswith(_INT):
            value = o[1:-len(_INT)]
            if value.lstrip(b"-").isdigit():  # (bytes: ASCII digits only)
                return value
        elif o.endswith(_BOOL):
            value = o[1:-len(_BOOL)]
            if value in (b"true", b"false"):
                return value
        elif o.endswith(_DATE):
            return o[:-len(_DATE)] + b'"^^xsd:date'
    return o


def trig_block(name: str, lines: list[str]) -> str:
    """The TriG block of the named graph ``name`` (an IRI) holding ``lines`` (N-Triples without the final
    `` .``, sorted: one subject's lines are consecutive; a line repeated is written once): the text of
    :func:`trig_block_bytes` of them in UTF-8.

    >>> line = "<https://kehoach.dev/id/p> <https://kehoach.dev/ontology#title> \\"T\\""
    >>> trig_block("https://kehoach.dev/graph/resolution", [line, line]) == \\
    ...     trig_block("https://kehoach.dev/graph/resolution", [line])
    True
    """
    return trig_block_bytes(name.encode(), [line.encode() for line in lines]).decode()


def trig_block_bytes(name: bytes, lines: list[bytes]) -> bytes:
    """:func:`trig_block` of UTF-8 ``name`` and ``lines`` (sorted as bytes: UTF-8 keeps the order of the
    characters), in UTF-8: what the streamed TriG writer spools and writes, never decoded.

    >>> trig_block_bytes(b"https://kehoach.dev/graph/resolution",
    ...                  [b'<https://kehoach.dev/id/p> <https://kehoach.dev/ontology#title> "\\xe1\\xbb\\x87"'])
    b'khg:resolution {\\n\\t<https://kehoach.dev/id/p> kh:title "\\xe1\\xbb\\x87" .\\n}\\n'
    """
    out = [_term(b"<" + name + b">"), b" {\n"]
    append = out.append
    subject = prev = None
    for line in lines:
        if line == prev:
            continue
        prev = line
        s, p, o = line.split(b" ", 2)
        p = b"a" if p == _TYPE else _term(p)
        if s == subject:
            append(b" ;\n\t\t" + p + b" " + _object(o))
        else:
            append((b"\t" if subject is None else b" .\n\t") + s + b" " + p + b" " + _object(o))
            subject = s
    append(b" .\n}\n" if subject is not None else b"}\n")
    return b"".join(out)
