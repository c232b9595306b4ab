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


_terms: dict[str, str] = {}


def term(t: str) -> str:
    """An IRI term as a prefixed name when a namespace of :data:`PREFIXES` and a plain local name allow it.

    >>> term("<https://kehoach.dev/ontology#Plan>"), term("<https://kehoach.dev/id/plan/x>")
    ('kh:Plan', '<https://kehoach.dev/id/plan/x>')
    """
    got = _terms.get(t)
    if got is None:
        got = t
        if t.startswith("<") and t.endswith(">"):
            iri = t[1:-1]
            for ns, p in _NAMESPACES:
                if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
                    got = f"{p}:{iri[len(ns):]}"
                    break
        if len(_terms) < 10_000:  # vocabulary terms repeat; node IRIs are not cached (see _object)
            _terms[t] = got
    return got


_NODES = "<https://kehoach.dev/id/"


_INT, _BOOL, _DATE = (f'"^^<{_XSD}{t}>' for t in ("integer", "boolean", "date"))


def _object(o: str) -> str:
    first = o[0]
    if first == "<":
        return o if o.startswith(_NODES) else term(o)
    if first == '"' and o[-1] == ">":
        if o.endswith(_INT):
            value = o[1:-len(_INT)]
            if value.lstrip("-").isdigit() and value.isascii():
                return value
        elif o.endswith(_BOOL):
            value = o[1:-len(_BOOL)]
            if value in ("true", "false"):
                return value
        elif o.endswith(_DATE):
            return o[:-len(_DATE)] + '"^^xsd:date'
    return o


def trig_block(name: str, lines: list[str]) -> str:
    """The TriG block of the named graph ``name`` (an IRI) holding ``lines`` (N-Triples without the final
    `` .``, sorted: one subject's lines are consecutive; a line repeated is written once).

    >>> line = "<https://kehoach.dev/id/p> <https://kehoach.dev/ontology#title> \\"T\\""
    >>> trig_block("https://kehoach.dev/graph/resolution", [line, line]) == \\
    ...     trig_block("https://kehoach.dev/graph/resolution", [line])
    True
    """
    out = [term(f"<{name}>"), " {\n"]
    subject = prev = None
    for line in lines:
        if line == prev:
            continue
        prev = line
        s, p, o = line.split(" ", 2)
        p = "a" if p == _RDF_TYPE else term(p)
        if s == subject:
            out.append(f" ;\n\t\t{p} {_object(o)}")
        else:
            out.append(f"\t{s} {p} {_object(o)}" if subject is None else f" .\n\t{s} {p} {_object(o)}")
            subject = s
    out.append(" .\n}\n" if subject is not None else "}\n")
    return "".join(out)
