"""The builder's Turtle writer: valid for strict parsers, same bytes every time."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.turtle import Lit, TurtleWriter, blocks

EX = Namespace("http://example.org/id/")
INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
WRITER = TurtleWriter([("ex", str(EX)), ("area", str(EX) + "area/")])


def turtle(g: Graph) -> str:
    return WRITER.header() + blocks(row for _, row in WRITER.rows(g))


@pytest.mark.parametrize("node, text", [
    (EX["常山县"], "ex:常山县"),
    (EX["area/330822"], "area:330822"),
    (EX["report/000/mention/3-6"], "<http://example.org/id/report/000/mention/3-6>"),
    (EX["1%2BN"], "<http://example.org/id/1%2BN>"),
    (EX["x."], "<http://example.org/id/x.>"),
    (URIRef("http://other.org/a b"), "<http://other.org/a\\u0020b>"),
    (Literal(8, datatype=INTEGER), "8"),
    (Literal("2024-01-30", datatype=DATE), '"2024-01-30"^^xsd:date'),
    (Literal("主任", lang="zh"), '"主任"@zh'),
    (Literal('他说"好"\n\\'), '"他说\\"好\\"\\n\\\\"'),
])
def test_terms(node, text):
    assert WRITER.term(node) == text


def test_round_trip_through_rdflib_and_oxigraph():
    g = Graph()
    s = EX["report/000"]
    g.add((s, RDF.type, EX.Report))
    g.add((s, EX.sentence, Literal("第一行\r\n第二行\t“引号”")))
    g.add((s, EX.number, Literal(13, datatype=INTEGER)))
    g.add((s, EX.number, Literal(-2, datatype=INTEGER)))
    g.add((s, EX.mentions, EX["area/330822"]))
    g.add((EX["area/330822"], EX.label, Literal("常山县", lang="zh")))
    g.add((EX["a·b"], EX.label, Literal("")))
    text = turtle(g)
    assert isomorphic(Graph().parse(data=text, format="turtle"), g)
    assert len(list(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.TURTLE))) == len(g)


def test_output_is_sorted_and_stable():
    g = Graph()
    for i in (3, 1, 2):
        g.add((EX[f"n{i}"], EX.p, Literal(i, datatype=INTEGER)))
        g.add((EX[f"n{i}"], RDF.type, EX.T))
    text = turtle(g)
    assert text.index("ex:n1 a ex:T ;\n    ex:p 1 .") < text.index("ex:n2") < text.index("ex:n3")
    assert turtle(g) == text


def test_a_subject_block_lists_its_type_first_and_each_predicate_once():
    rows = [("ex:s", "<http://other.org/p>", "1"), ("ex:s", "a", "ex:T"), ("ex:s", "a", "ex:U"),
            ("ex:s", "ex:p", '"x"'), ("ex:s", "ex:p", '"y"'), ("ex:t", "ex:p", "2")]
    spans = {}
    text = blocks(reversed(rows), spans)
    assert text == ('ex:s a ex:T, ex:U ;\n    <http://other.org/p> 1 ;\n    ex:p "x", "y" .\n\n'
                    "ex:t ex:p 2 .\n\n")
    assert text[slice(*spans["ex:t"])] == "ex:t ex:p 2 .\n\n"


def test_plain_terms_render_as_their_rdflib_terms(seed_results):
    """The assembly's plain terms (str, Lit) and rdflib's terms of them are written alike."""
    from kg.build import _writer
    from kg.rdf.assemble import rdflib_term, report_triples
    from kg.rdf.namespace import DEFAULT_BASE

    writer = _writer(DEFAULT_BASE)
    terms = {t for result in seed_results.values() for triple in report_triples(result) for t in triple}
    assert any(isinstance(t, Lit) and t.datatype for t in terms) and any(isinstance(t, Lit) and t.lang for t in terms)
    for t in terms:
        assert writer.term(t) == writer.term(rdflib_term(t)), t
