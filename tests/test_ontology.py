"""The ontology (kehoach.ttl) and the SHACL shapes (shapes.ttl): they parse, reuse ELI/ORG/PROV/SKOS/DC, and
declare every class and property the data uses."""

from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from kehoach.graph.shacl import ONTOLOGY_FILE, SHAPES_FILE, load_ontology
from kehoach.ontology.terms import ELI, KH, NODE_LABELS, ORG, PROV, REL_TYPES

SH = Namespace("http://www.w3.org/ns/shacl#")
KHN, ELIN, ORGN, PROVN = Namespace(KH), Namespace(ELI), Namespace(ORG), Namespace(PROV)
DECLARED_TYPES = {OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                  RDF.Property, PROVN.Role}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return load_ontology()


def declared(onto: Graph) -> set[URIRef]:
    return {s for t in DECLARED_TYPES for s in onto.subjects(RDF.type, t)}


def ancestors(onto: Graph, term: URIRef, rel: URIRef) -> set[URIRef]:
    return set(onto.transitive_objects(term, rel)) - {term}


def test_ontology_parses_and_is_an_owl_ontology(onto):
    assert (URIRef("https://kehoach.dev/ontology"), RDF.type, OWL.Ontology) in onto
    assert len(onto) > 200


def test_every_label_and_relationship_type_of_terms_is_declared(onto):
    names = declared(onto)
    for label in NODE_LABELS.values():
        assert (URIRef(label.iri), RDF.type, OWL.Class) in onto, label.name
    for rel in REL_TYPES.values():
        assert (URIRef(rel.iri), RDF.type, OWL.ObjectProperty) in onto, rel.name
        assert URIRef(rel.iri) in names


def test_own_classes_specialize_reused_vocabularies(onto):
    own = [c for c in onto.subjects(RDF.type, OWL.Class) if str(c).startswith(KH)]
    assert len(own) >= 20
    for c in own:
        ups = ancestors(onto, c, RDFS.subClassOf)
        assert any(not str(u).startswith(KH) for u in ups), f"{c} reuses no vocabulary"
    assert ELIN.LegalResource in ancestors(onto, KHN.Plan, RDFS.subClassOf)
    assert ORGN.Organization in ancestors(onto, KHN.Agency, RDFS.subClassOf)
    assert KHN.Agency in ancestors(onto, KHN.CollectiveAgency, RDFS.subClassOf)
    assert PROVN.Activity in ancestors(onto, KHN.Task, RDFS.subClassOf)
    for unit in ("Province", "District", "Commune"):
        assert KHN.AdministrativeUnit in ancestors(onto, KHN[unit], RDFS.subClassOf)


@pytest.mark.parametrize("own, reused", [
    ("cites", ELI + "cites"), ("basedOn", ELI + "based_on"), ("derivesFrom", PROV + "wasDerivedFrom"),
    ("issuedBy", ELI + "passed_by"), ("number", ELI + "id_local"), ("date", ELI + "date_document"),
    ("derivesFrom", ELI + "applies"),
])
def test_own_properties_specialize_reused_ones(onto, own, reused):
    assert URIRef(reused) in ancestors(onto, KHN[own], RDFS.subPropertyOf)


def test_prov_roles_for_lead_and_coordinator(onto):
    for role in ("Lead", "Coordinator"):
        assert (KHN[role], RDF.type, PROVN.Role) in onto


def test_shapes_parse_and_target_declared_classes(onto):
    shapes = Graph().parse(SHAPES_FILE, format="turtle")
    targets = set(shapes.objects(None, SH.targetClass))
    assert {KHN.Plan, KHN.Task, KHN.Agency, KHN.AdministrativeUnit, KHN.District} <= targets
    names = declared(onto)
    for t in targets:
        assert t in names, f"shape targets undeclared class {t}"
    for path in shapes.objects(None, SH.path):
        if isinstance(path, URIRef):
            assert path in names, f"shape uses undeclared property {path}"


def test_ontology_file_is_packaged_next_to_terms():
    assert ONTOLOGY_FILE.name == "kehoach.ttl" and ONTOLOGY_FILE.is_file()
