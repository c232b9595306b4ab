"""The vocabulary in Python: node labels, relationship types and their properties, and their ontology IRIs.

This module is the single whitelist of labels and relationship types: the Cypher DDL (ladybug), the Neo4j
loader, the RDF writer and the HTML view all take their names from here, never from document text.

Property types are Cypher types (STRING, INT64, BOOLEAN, STRING[]). Every node has ``id`` (primary key,
stable across builds), ``label`` (display text) and ``sources`` (basenames of the files that assert it).
Every relationship has ``sources`` and ``evidence`` (a JSON list of {file, start, end, text}).

>>> "LEADS" in REL_TYPES and REL_TYPES["LEADS"].pairs == (("Agency", "Task"),)
True
>>> sorted(NODE_LABELS)[:3]
['AdministrativeUnit', 'Agency', 'LegalDocument']
"""

from __future__ import annotations

from dataclasses import dataclass

KH = "https://kehoach.dev/ontology#"          # our vocabulary
KHR = "https://kehoach.dev/id/"               # our resources (nodes)
KHG = "https://kehoach.dev/graph/"            # named graphs (one per source document, one for resolution)
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"

COMMON_NODE_PROPS = (("id", "STRING"), ("label", "STRING"), ("sources", "STRING[]"))
COMMON_REL_PROPS = (("sources", "STRING[]"), ("evidence", "STRING"))


@dataclass(frozen=True)
class NodeLabel:
    name: str
    iri: str
    props: tuple[tuple[str, str], ...]
    doc: str

    @property
    def all_props(self) -> tuple[tuple[str, str], ...]:
        return COMMON_NODE_PROPS + self.props


@dataclass(frozen=True)
class RelType:
    name: str
    iri: str
    pairs: tuple[tuple[str, str], ...]
    props: tuple[tuple[str, str], ...] = ()
    doc: str = ""

    @property
    def all_props(self) -> tuple[tuple[str, str], ...]:
        return COMMON_REL_PROPS + self.props


_DOC_PROPS = (
    ("number", "STRING"),        # as normalized: "72/2015/NĐ-CP"; empty string when unknown
    ("doc_type", "STRING"),      # "Kế hoạch", "Nghị định", "Quyết định", …
    ("title", "STRING"),
    ("date", "STRING"),          # ISO date or ""
    ("year", "INT64"),           # year of issue when known (date, number or date_partial), else 0
    ("issuer", "STRING"),        # issuer as printed/completed ("UBND tỉnh Trà Vinh")
)

NODE_LABELS: dict[str, NodeLabel] = {n.name: n for n in (
    NodeLabel("Plan", KH + "Plan", _DOC_PROPS + (
        ("ingested", "BOOLEAN"),     # its text is in the corpus (vs. only cited)
        ("date_partial", "STRING"),
        ("place", "STRING"),
        ("year_covered", "INT64"),   # 0 when not stated
        ("level", "STRING"),         # province | district | commune | central
        ("province", "STRING"),
        ("district", "STRING"),
        ("commune", "STRING"),       # a commune's plan: the commune as printed ("xã Minh Xuân"), else ""
    ), "A plan (Kế hoạch), ingested or cited."),
    NodeLabel("LegalDocument", KH + "LegalDocument", _DOC_PROPS + (
        ("name", "STRING"),          # for documents cited by name only ("Luật Ngân sách")
    ), "Any other cited document: law, decree, circular, decision, conclusion, official letter, programme…"),
    NodeLabel("Task", KH + "Task", (
        ("ref", "STRING"), ("title", "STRING"), ("section", "STRING"), ("timeframe", "STRING"),
        ("requested", "BOOLEAN"), ("plan", "STRING"),   # plan = id of the plan node
    ), "An assignable unit of a plan."),
    NodeLabel("Agency", KH + "Agency", (
        ("name", "STRING"), ("jurisdiction", "STRING"), ("collective", "BOOLEAN"), ("aliases", "STRING[]"),
    ), "A public body, or a collective group of bodies (collective = true)."),
    NodeLabel("AdministrativeUnit", KH + "AdministrativeUnit", (
        ("name", "STRING"), ("level", "STRING"),   # level: country | province | district | commune
    ), "Country, province, district or commune, as it was when the plan was issued."),
    NodeLabel("Person", KH + "Person", (
        ("name", "STRING"), ("title", "STRING"),
    ), "A signer."),
)}

_DOCS = ("Plan", "LegalDocument")


def _pairs(froms: tuple[str, ...], tos: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((f, t) for f in froms for t in tos)


REL_TYPES: dict[str, RelType] = {r.name: r for r in (
    RelType("CITES", KH + "cites", _pairs(_DOCS, _DOCS), (("role", "STRING"), ("as_written", "STRING")),
            "Any citation; role = basis (preamble) | body. Sub-property of eli:cites."),
    RelType("BASED_ON", KH + "basedOn", _pairs(_DOCS, _DOCS), (),
            "A legal basis named in the preamble. Sub-property of eli:based_on."),
    RelType("DERIVES_FROM", KH + "derivesFrom", _pairs(("Plan",), _DOCS), (),
            "The plan implements this document or higher-level plan. Sub-property of prov:wasDerivedFrom and eli:applies."),
    RelType("ISSUES", KH + "issues", (("LegalDocument", "Plan"), ("LegalDocument", "LegalDocument")), (),
            "A decision that issues (ban hành) a plan or another instrument."),
    RelType("ISSUED_BY", KH + "issuedBy", _pairs(_DOCS, ("Agency",)), (),
            "The issuing body. Sub-property of eli:passed_by."),
    RelType("HAS_TASK", KH + "hasTask", (("Plan", "Task"),), (), "A task of the plan."),
    RelType("LEADS", KH + "leads", (("Agency", "Task"),), (("requested", "BOOLEAN"),),
            "The agency leads (chủ trì) the task."),
    RelType("COORDINATES", KH + "coordinates", (("Agency", "Task"),), (),
            "The agency coordinates (phối hợp) on the task."),
    RelType("MENTIONS", KH + "mentions", (("Plan", "Agency"),), (("tasks_led", "INT64"), ("tasks_coordinated", "INT64")),
            "The plan's text names the agency; tasks_led / tasks_coordinated = how many of the plan's tasks it "
            "leads / coordinates (counted from the tasks after resolution)."),
    RelType("SIGNED_BY", KH + "signedBy", (("Plan", "Person"),), (), "The plan's signer."),
    RelType("JURISDICTION", KH + "jurisdiction", (("Agency", "AdministrativeUnit"),), (),
            "The administrative unit whose body the agency is. Sub-property of dct:spatial."),
    RelType("APPLIES_TO", KH + "appliesTo", _pairs(("Plan",), ("AdministrativeUnit",)), (),
            "The territory the plan governs. Sub-property of dct:spatial."),
    RelType("PART_OF", KH + "partOf", (("AdministrativeUnit", "AdministrativeUnit"),), (),
            "A district is part of its province, a province of the country."),
)}

# Display/semantic groups used by writers (colours in HTML, classes in RDF)
NODE_GROUPS = {"Plan": "plan", "LegalDocument": "legal", "Task": "task", "Agency": "agency",
               "AdministrativeUnit": "unit", "Person": "person"}


def check_label(label: str) -> str:
    """Return ``label`` if it is a whitelisted node label, else raise ValueError.

    >>> check_label("Agency")
    'Agency'
    """
    if label not in NODE_LABELS:
        raise ValueError(f"unknown node label: {label!r}")
    return label


def check_rel(rel: str) -> str:
    """Return ``rel`` if it is a whitelisted relationship type, else raise ValueError."""
    if rel not in REL_TYPES:
        raise ValueError(f"unknown relationship type: {rel!r}")
    return rel
