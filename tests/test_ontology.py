"""The ontology (ontology/kg.ttl) and its Python mirror kg.rdf.namespace.KG."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.rdf.files import ONTOLOGY, SHAPES
from kg.rdf.namespace import KG, ONTOLOGY_IRI

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def defined_terms(g: Graph) -> set[URIRef]:
    return {s for t in TERM_TYPES for s in g.subjects(RDF.type, t)
            if isinstance(s, URIRef) and s.startswith(str(KG._NS))}


def test_namespace_class_and_turtle_define_the_same_terms(onto):
    in_class = {KG[name] for name in KG.__annotations__}
    assert in_class == defined_terms(onto)


def test_unknown_term_is_an_error():
    with pytest.raises(AttributeError):
        KG.inspectedLaws  # noqa: B018


def test_ontology_has_a_version(onto):
    o = URIRef(ONTOLOGY_IRI)
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, OWL.versionInfo) is not None
    assert str(onto.value(o, OWL.versionIRI)).endswith(str(onto.value(o, OWL.versionInfo)))


@pytest.mark.parametrize("prop", [RDFS.label, RDFS.comment])
def test_every_term_has_chinese_and_english_text(onto, prop):
    missing = [(str(t), lang) for t in sorted(defined_terms(onto)) for lang in ("zh", "en")
               if not any(getattr(v, "language", None) == lang for v in onto.objects(t, prop))]
    assert missing == []


def test_every_property_has_a_domain_and_a_range(onto):
    props = [p for t in (OWL.ObjectProperty, OWL.DatatypeProperty) for p in onto.subjects(RDF.type, t)]
    assert props
    missing = [str(p) for p in props if onto.value(p, RDFS.domain) is None or onto.value(p, RDFS.range) is None]
    assert missing == []


@pytest.mark.parametrize("term, superclass", [
    (KG.Official, SCHEMA.Person),
    (KG.AdministrativeArea, SCHEMA.AdministrativeArea),
    (KG.County, SCHEMA.AdministrativeArea),
    (KG.Law, SCHEMA.Legislation),
    (KG.Membership, ORG.Membership),
    (KG.Body, ORG.Organization),
    (KG.LawInspection, PROV.Activity),
    (KG.PlannedInspection, PROV.Activity),
    (KG.Programme, SKOS.Concept),
    (KG.Slogan, SKOS.Concept),
    (KG.Report, PROV.Entity),
    (KG.Mention, PROV.Entity),
    (KG.Assertion, PROV.Entity),
    (KG.Assertion, RDF.Statement),
])
def test_classes_are_aligned_with_standard_vocabularies(onto, term, superclass):
    assert superclass in set(onto.transitive_objects(term, RDFS.subClassOf))


@pytest.mark.parametrize("term, superproperty", [
    (KG.covers, DCTERMS.temporal),
    (KG.title, DCTERMS.title),
    (KG.inReport, PROV.wasDerivedFrom),
    (KG.partOf, SCHEMA.containedInPlace),
    (KG.mentions, SCHEMA.mentions),
])
def test_properties_are_aligned_with_standard_vocabularies(onto, term, superproperty):
    assert superproperty in set(onto.transitive_objects(term, RDFS.subPropertyOf))


def test_shapes_use_only_terms_the_ontology_defines(onto):
    shapes = Graph().parse(SHAPES, format="turtle")
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and t.startswith(str(KG._NS))}
    assert used - defined_terms(onto) == set()
