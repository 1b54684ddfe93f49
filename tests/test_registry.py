"""The registry of types, and a toy type added the way a newcomer would add one:
a spaCy component, a registry entry and its ontology terms, nothing else.

The toy type is the deputies' liaison station (代表联络站) that reports name;
the test sees it in the graph, the view, validation and evaluation.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace
from spacy.language import Language
from spacy.tokens import Doc

from kg import registry as types
from kg.extract.component import Component
from kg.extract.context import ReportContext
from kg.extract.pipeline import COMPONENTS, make_nlp
from kg.rdf.namespace import KG
from kg.view.html import view_data
from kg.view.network import entity_network

from tests.conftest import SEEDS

TOY = Namespace("https://example.org/toy#")
SEED = SEEDS / "001_5fcb393c102b8273.txt"

TOY_REGISTRY = """
[prefixes]
toy = "https://example.org/toy#"
toysh = "https://example.org/toy-shapes#"

[ontology]
terms = ["toy.ttl"]
shapes = ["toy-shapes.ttl"]

[[entity]]
name = "Station"
class = "toy:Station"
shape = "toysh:Station"
en = "Liaison station"
zh = "代表联络站"
colour = "#17becf"
shape_in_view = "box"
importance = 7
component = "toy_stations"
attribute = "toy_stations"
after = "kg_concepts"
iri = "station"
evaluation = "Station"
"""

TOY_TERMS = """
@prefix toy: <https://example.org/toy#> .
@prefix kg: <https://w3id.org/kg-cn-lg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
toy:Station a owl:Class ; rdfs:subClassOf kg:NamedEntity ; rdfs:label "liaison station"@en .
"""

TOY_SHAPES = """
@prefix toy: <https://example.org/toy#> .
@prefix toysh: <https://example.org/toy-shapes#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
toysh:Station a sh:NodeShape ;
    sh:targetClass toy:Station ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:languageIn ( "zh" ) ;
                  sh:message "a liaison station needs a Chinese label" ] .
"""

class Stations(Component):
    """The toy component: every 代表联络站 named, keyed by its name."""

    def run(self, ctx: ReportContext, doc: Doc) -> None:
        for m in re.finditer("代表联络站", ctx.text):
            ctx.add_mention("Station", "代表联络站", m.start(), m.end(), source="toy")


@Language.factory("toy_stations", assigns=["doc._.toy_stations"])
def make_stations(nlp: Language, name: str) -> Stations:
    return Stations(nlp, name)


def test_the_core_registry_names_every_type_once_with_its_terms():
    reg = types.registry()
    assert reg.entity_names == ("County", "Place", "Official", "Law", "Programme", "Slogan")
    assert [r.name for r in reg.graph_relations] == ["holdsPost", "inspectedLaw", "plansInspection", "partOf"]
    ontology = Graph().parse(Path(__file__).parent.parent / "ontology" / "kg.ttl")
    shapes = Graph().parse(Path(__file__).parent.parent / "ontology" / "shapes.ttl")
    for t in reg.entity_types:
        assert (t.cls, None, None) in ontology, t.name
        assert (t.shape, None, None) in shapes, t.name
    for r in reg.graph_relations:
        assert (r.property, None, None) in ontology, r.name
        assert r.shape is None or (r.shape, None, None) in shapes, r.name


def test_the_pipeline_declares_what_each_component_needs():
    nlp = make_nlp()
    assert nlp.pipe_names == list(COMPONENTS)
    analysis = nlp.analyze_pipes()
    assert not any(analysis["problems"].values()), analysis["problems"]
    assert nlp.get_pipe_meta("kg_officials").requires == ["doc._.kg_county", "doc._.kg_places", "doc._.kg_person_spans"]


def test_a_component_out_of_order_is_reported():
    nlp = Language()
    make_nlp()
    nlp.add_pipe("kg_officials")
    nlp.add_pipe("kg_places")
    problems = nlp.analyze_pipes()["problems"]
    assert "doc._.kg_county" in problems["kg_officials"]


def test_nlp_of_a_plain_text_reads_it_as_one_report():
    doc = make_nlp()("常山县人民代表大会常务委员会工作报告\n\n各位代表：\n县人大常委会主任翁旭东出席会议。\n")
    assert doc._.kg_county == "330822"
    assert [m.text for m in doc._.kg_officials] == ["翁旭东"]
    assert [(r.s.key, r.o.key, r.role) for r in doc._.kg_posts] == [("翁旭东", "330822", "人大常委会主任")]


def test_a_broken_registry_entry_is_one_clear_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entity]]\nname = "X"\nclass = "nope:X"\nshape = "nope:S"\n', encoding="utf-8")
    with pytest.raises(types.KGError, match="bad.toml.*nope:X"):
        types.extend(bad)
    assert types.registry().entity_names[-1] == "Slogan"


@pytest.fixture
def toy(tmp_path):
    folder = tmp_path / "toy"
    folder.mkdir()
    (folder / "registry.toml").write_text(TOY_REGISTRY, encoding="utf-8")
    (folder / "toy.ttl").write_text(TOY_TERMS, encoding="utf-8")
    (folder / "toy-shapes.ttl").write_text(TOY_SHAPES, encoding="utf-8")
    types.extend(folder / "registry.toml")
    yield folder
    types.reset()


@pytest.fixture
def toy_build(toy, tmp_path):
    from kg.build import build

    out = tmp_path / "out"
    summary = build([SEED], out, workers=1)
    assert not summary.failed
    assert summary.entities["Station"] == 1
    assert summary.entities_per_report["Station"] == 1
    return out


def test_a_toy_type_joins_the_pipeline_after_the_component_it_names(toy):
    assert make_nlp().pipe_names == [*COMPONENTS[:6], "toy_stations", "kg_statistics"]
    assert not any(make_nlp().analyze_pipes()["problems"].values())


def test_a_toy_type_reaches_the_graph(toy_build):
    g = Graph().parse(toy_build / "graph.ttl")
    stations = set(g.subjects(RDF.type, TOY.Station))
    assert len(stations) == 1
    station = stations.pop()
    assert str(station).endswith("/station/代表联络站")
    assert g.value(station, RDFS.label) == Literal("代表联络站", lang="zh")
    text = SEED.read_text(encoding="utf-8")
    spans = [(int(g.value(m, KG.startOffset)), int(g.value(m, KG.endOffset))) for m in g.subjects(KG.denotes, station)]
    assert len(spans) == text.count("代表联络站")
    assert all(text[s:e] == "代表联络站" for s, e in spans)


def test_a_toy_type_reaches_the_view(toy_build):
    g = Graph().parse(toy_build / "graph.ttl")
    data = view_data(entity_network(g))
    legend = {t["name"]: t for t in data["types"]}
    assert legend["Station"]["count"] == 1
    assert legend["Station"]["colour"] == "#17becf" and legend["Station"]["zh"] == "代表联络站"
    assert [n["label"] for n in data["nodes"] if n["type"] == "Station"] == ["代表联络站"]
    assert "代表联络站" in (toy_build / "graph.html").read_text(encoding="utf-8")


def test_a_toy_type_is_validated_by_its_own_shape(toy_build, tmp_path):
    from kg.validate import validate

    assert validate(toy_build).conforms
    g = Graph().parse(toy_build / "graph.ttl")
    station = next(g.subjects(RDF.type, TOY.Station))
    g.remove((station, RDFS.label, None))
    broken = tmp_path / "broken.ttl"
    g.serialize(broken, format="turtle")
    found = validate(broken)
    assert [f.message for f in found.violations] == ["a liaison station needs a Chinese label"]


def test_a_toy_type_is_scored_by_evaluation(toy_build, tmp_path):
    from kg.evaluate import score

    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "toy.json").write_text(json.dumps({
        "doc": SEED.name, "report": {},
        "entities": [{"name": "代表联络站", "type": "Station"}, {"name": "代表之家", "type": "Station"}],
        "relations": []}, ensure_ascii=False), encoding="utf-8")
    scores, _ = score(gold, toy_build / "extractions.jsonl")
    assert scores["entities"]["Station"]["tp"] == 1
    assert scores["entities"]["Station"]["fn"] == 1


def test_the_cache_follows_the_registry(tmp_path):
    from kg.cache import extractor_version

    core = extractor_version()
    (tmp_path / "toy.ttl").write_text(TOY_TERMS, encoding="utf-8")
    (tmp_path / "toy-shapes.ttl").write_text(TOY_SHAPES, encoding="utf-8")
    entry = tmp_path / "registry.toml"
    entry.write_text(TOY_REGISTRY, encoding="utf-8")
    try:
        types.extend(entry)
        with_toy = extractor_version()
        entry.write_text(TOY_REGISTRY.replace("#17becf", "#000000"), encoding="utf-8")
        types.extend(entry)
        recoloured = extractor_version()
    finally:
        types.reset()
    assert len({core, with_toy, recoloured}) == 3
    assert extractor_version() == core
