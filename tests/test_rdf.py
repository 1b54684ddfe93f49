"""The graph: IRIs, provenance, named graphs per report, determinism."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import ORG, PROV

from kg.errors import KGError
from kg.io.read import read_report
from kg.rdf.assemble import IRIs, iri_segment, report_graph
from kg.rdf.namespace import DEFAULT_BASE, KG
from kg.rdf.serialise import trig, turtle, write_trig
from rdf_support import ROOT, SEEDS, seed_build, small_result

KG_NS = "https://w3id.org/kg-cn-lg/ontology#"


def quads(path) -> list:
    fmt = ox.RdfFormat.TRIG if str(path).endswith(".trig") else ox.RdfFormat.TURTLE
    return list(ox.parse(path=str(path), format=fmt))


def kg(local: str) -> ox.NamedNode:
    return ox.NamedNode(KG_NS + local)


# ---------------------------------------------------------------- IRIs

@pytest.mark.parametrize("text, segment", [
    ("常山县", "常山县"),
    ("学思想、强党性", "学思想、强党性"),
    ("1+N", "1+N"),
    ("忠县国土空间总体规划（2021-2035）", "忠县国土空间总体规划(2021-2035)"),
    ("一切为了Ｕ", "一切为了U"),
    ("“双减”", "“双减”"),
    ("a b", "a%20b"),
    ("提升20%", "提升20%25"),
    ("x/y?z#w", "x%2Fy%3Fz%23w"),
    ("a<b>{c}", "a%3Cb%3E%7Bc%7D"),
    ("\ue000", "%EE%80%80"),
])
def test_iri_segment_is_normalised_and_encoded(text, segment):
    iri_segment.cache_clear()  # computed here, not remembered from an earlier test
    assert iri_segment(text) == segment
    ox.NamedNode(DEFAULT_BASE + "concept/" + iri_segment(text))


@pytest.mark.parametrize("base, expected", [
    ("https://example.org/kg", "https://example.org/kg/"),
    ("https://example.org/kg/", "https://example.org/kg/"),
    ("https://example.org/kg#", "https://example.org/kg#"),
    ("urn:example:kg:", "urn:example:kg:"),
])
def test_base_gets_a_separator(base, expected):
    assert IRIs(base).base == expected


@pytest.mark.parametrize("base", ["example.org/kg", "https://example.org/my kg/", "http://exa mple/"])
def test_invalid_base_is_an_error(base):
    with pytest.raises(KGError, match="not a valid absolute IRI"):
        IRIs(base)


def test_local_parts_do_not_depend_on_the_base():
    a = report_graph(small_result(), "https://a.example/kg/")
    b = report_graph(small_result(), "urn:b:")
    local = {str(t).removeprefix("https://a.example/kg/") for triple in a for t in triple if isinstance(t, URIRef)}
    other = {str(t).removeprefix("urn:b:") for triple in b for t in triple if isinstance(t, URIRef)}
    assert local == other


# ---------------------------------------------------------------- one report's graph

def test_report_graph_is_named_by_the_report():
    g = report_graph(small_result())
    assert g.identifier == URIRef(DEFAULT_BASE + "report/330822-2023-work-report")
    assert (g.identifier, RDF.type, KG.Report) in g


def test_every_mention_names_report_sentence_and_span():
    result = small_result()
    g = report_graph(result)
    mentions = list(g.subjects(RDF.type, KG.Mention))
    assert len(mentions) == 4
    for m in mentions:
        start, end = int(g.value(m, KG.startOffset)), int(g.value(m, KG.endOffset))
        assert str(g.value(m, KG.surface)) == result.text[start:end]
        assert g.value(m, KG.inReport) == g.identifier
        sentence = g.value(m, PROV.wasDerivedFrom)
        assert (sentence, RDF.type, KG.Sentence) in g
        s0 = int(g.value(sentence, KG.startOffset))
        assert str(g.value(sentence, KG.sentence))[start - s0:end - s0] == result.text[start:end]


def test_every_relation_has_an_assertion_with_its_span():
    g = report_graph(small_result())
    for p in (KG.holdsPost, KG.inspectedLaw):
        (s, o), = g.subject_objects(p)
        a, = g.subjects(RDF.predicate, p)
        assert (a, RDF.type, KG.Assertion) in g
        assert (a, RDF.subject, s) in g and (a, RDF.object, o) in g
        assert g.value(a, PROV.wasDerivedFrom) is not None
        assert g.value(a, KG.startOffset) is not None


def test_a_post_is_a_membership_with_role_body_year_and_its_sentence():
    result = small_result()
    g = report_graph(result)
    m, = g.subjects(RDF.type, KG.Membership)
    person = URIRef(DEFAULT_BASE + "person/330822/翁旭东")
    county = URIRef(DEFAULT_BASE + "area/330822")
    assert g.value(m, ORG.member) == person
    role, body, year = g.value(m, ORG.role), g.value(m, ORG.organization), g.value(m, ORG.memberDuring)
    assert str(g.value(role, SKOS.prefLabel)) == "人大常委会主任" and (role, RDF.type, ORG.Role) in g
    assert (body, RDF.type, KG.Body) in g and g.value(body, KG.bodyOf) == g.value(m, KG.postIn) == county
    assert str(g.value(body, RDFS.label)) == "常山县人大常委会"
    assert year == URIRef(DEFAULT_BASE + "year/2023") and str(g.value(year, KG.year)) == "2023"
    sentence = g.value(m, PROV.wasDerivedFrom)
    assert "翁旭东" in str(g.value(sentence, KG.sentence)) and g.value(m, KG.inReport) == g.identifier
    assert (person, KG.holdsPost, county) in g


def test_an_inspection_is_a_node_with_county_law_and_year():
    g = report_graph(small_result())
    node, = g.subjects(RDF.type, KG.LawInspection)
    assert g.value(node, KG.inspectingCounty) == URIRef(DEFAULT_BASE + "area/330822")
    assert g.value(node, KG.lawInspected) == URIRef(DEFAULT_BASE + "law/浙江省全民健身条例")
    assert str(g.value(node, KG.year)) == "2023"
    assert "全民健身" in str(g.value(g.value(node, PROV.wasDerivedFrom), KG.sentence))


def test_a_planned_inspection_is_for_the_year_after_the_one_covered():
    result = small_result()
    result.relations[1].p = "plansInspection"
    g = report_graph(result)
    node, = g.subjects(RDF.type, KG.PlannedInspection)
    assert str(g.value(node, KG.year)) == "2024"
    assert not list(g.subjects(RDF.type, KG.LawInspection))


def test_the_report_carries_title_year_kind_and_speaker():
    g = report_graph(small_result())
    r = g.identifier
    assert str(g.value(r, RDFS.label)) == str(g.value(r, KG.title)) == "常山县人大常委会工作报告"
    assert str(g.value(r, KG.year)) == "2023" and str(g.value(r, KG.reportKind)) == "work-report"
    assert g.value(r, KG.covers) == URIRef(DEFAULT_BASE + "year/2023")
    assert g.value(r, KG.speaker) == URIRef(DEFAULT_BASE + "person/330822/翁旭东")


# ---------------------------------------------------------------- TriG

def test_trig_sorts_named_graphs_and_merges_prefixes():
    g1 = report_graph(small_result(), "https://example.org/kg/")
    empty = Graph(identifier=URIRef("https://example.org/kg/report/000"))
    empty.add((empty.identifier, RDF.type, KG.Report))
    text = trig([(g1.identifier, turtle(g1)), (empty.identifier, turtle(empty))])
    assert text.index("report/000>") < text.index("report/330822-2023-work-report>")
    assert text.count("@prefix kg:") == 1
    names = {q.graph_name.value for q in ox.parse(text, format=ox.RdfFormat.TRIG)}
    assert names == {str(g1.identifier), str(empty.identifier)}


def test_trig_refuses_conflicting_prefixes():
    with pytest.raises(ValueError, match="prefix x:"):
        trig([("http://a/1", "@prefix x: <http://one/> .\n\n<http://a> <http://b> x:c .\n"),
              ("http://a/2", "@prefix x: <http://two/> .\n\n<http://a> <http://b> x:c .\n")])


def test_write_trig_keeps_literals_with_line_breaks(tmp_path):
    g = report_graph(small_result())
    g.add((g.identifier, KG.session, Literal("第一行\n  第二行", lang="zh")))
    write_trig(tmp_path / "g.trig", [g])
    back = {q.triple for q in quads(tmp_path / "g.trig")}
    assert ox.Literal("第一行\n  第二行", language="zh") in {t.object for t in back}
    assert len(back) == len(g)


# ---------------------------------------------------------------- the seeds' build

@pytest.mark.parametrize("name", ["graph.ttl", "graph.trig"])
def test_oxigraph_strict_parser_accepts_the_build(name):
    assert quads(seed_build() / name)


def test_trig_has_one_named_graph_per_report_and_merges_to_graph_ttl():
    out = seed_build()
    trig_quads = quads(out / "graph.trig")
    ttl = {q.triple for q in quads(out / "graph.ttl")}
    by_graph = defaultdict(set)
    for q in trig_quads:
        by_graph[q.graph_name.value].add(q.triple)
    files = {q.triple.subject.value: q.triple.object.value for q in trig_quads
             if q.triple.predicate == kg("fileName")}
    assert set(by_graph) == set(files) and sorted(files.values()) == sorted(p.name for p in SEEDS.iterdir())
    assert set().union(*by_graph.values()) == ttl
    for name, triples in by_graph.items():
        assert ox.Triple(ox.NamedNode(name), ox.NamedNode(str(RDF.type)), kg("Report")) in triples


def test_dropping_one_report_graph_keeps_the_others_whole():
    out = seed_build()
    store = ox.Store()
    store.bulk_load(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG)
    dropped, = (q.graph_name for q in store.quads_for_pattern(None, kg("fileName"), ox.Literal("000_bcff957e004d4ffb.txt")))
    store.remove_graph(dropped)
    rows = list(store.query("SELECT DISTINCT ?r WHERE { GRAPH ?g { ?r a <%sReport> } }" % KG_NS))
    assert len(rows) == len(list(SEEDS.iterdir())) - 1
    ask = "ASK { GRAPH ?g { ?m a <%sMention> ; <%sinReport> <%s> } }" % (KG_NS, KG_NS, dropped.value)
    assert not store.query(ask)
    assert store.query("ASK { GRAPH ?g { <%sperson/CN/习近平> a <%sOfficial> } }" % (DEFAULT_BASE, KG_NS))


def test_one_node_per_entity_across_reports():
    g = Graph().parse(seed_build() / "graph.ttl")
    xi = URIRef(DEFAULT_BASE + "person/CN/习近平")
    assert len(set(g.subjects(KG.mentions, xi))) >= 2
    law = URIRef(DEFAULT_BASE + "law/浙江省全民健身条例")
    counties = {str(g.value(c, URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
                for c in g.subjects(KG.inspectedLaw, law)}
    assert {"常山县", "柯城区"} <= counties
    labels = defaultdict(set)
    for node, label in g.subject_objects(SKOS.prefLabel):
        labels[str(label)].add(node)
    assert all(len(nodes) == 1 for nodes in labels.values())


def test_every_span_matches_the_report_text():
    g = Graph().parse(seed_build() / "graph.ttl")
    texts = {p.name: read_report(p).text for p in SEEDS.iterdir()}
    file_of = {r: str(f) for r, f in g.subject_objects(KG.fileName)}
    checked = 0
    for cls, text_prop in ((KG.Mention, KG.surface), (KG.Sentence, KG.sentence)):
        for node in g.subjects(RDF.type, cls):
            text = texts[file_of[g.value(node, KG.inReport)]]
            start, end = int(g.value(node, KG.startOffset)), int(g.value(node, KG.endOffset))
            assert str(g.value(node, text_prop)) == text[start:end]
            entity = g.value(node, KG.denotes)
            if entity is not None and (entity, RDF.type, KG.Official) in g:  # the whole name stands at an official's mention
                assert "".join(text[start:end].split()) == str(g.value(entity, RDFS.label)), (start, end)
            checked += 1
    for node in g.subjects(RDF.type, KG.Assertion):
        assert g.value(node, KG.inReport) in file_of
        assert (g.value(node, PROV.wasDerivedFrom), RDF.type, KG.Sentence) in g
        checked += 1
    assert checked > 1000


def test_non_default_base_gives_valid_iris_everywhere(tmp_path):
    from kg.build import build

    base = "http://example.org/county-kg"
    build([SEEDS / "000_bcff957e004d4ffb.txt"], tmp_path, base=base)
    for name in ("graph.ttl", "graph.trig"):
        nodes = {t.value for q in quads(tmp_path / name) for t in (q.subject, q.object, q.graph_name)
                 if isinstance(t, ox.NamedNode)}
        ours = {n for n in nodes if not n.startswith(("http://www.w3.org/", KG_NS))}
        assert ours and all(n.startswith(base + "/") for n in ours)
    iris = [json.loads(line).get("iri") for line in open(tmp_path / "extractions.jsonl", encoding="utf-8")]
    assert {i for i in iris if i} <= nodes


def test_extractions_name_entities_by_their_graph_iris():
    out = seed_build()
    subjects = {q.subject.value for q in quads(out / "graph.ttl")}
    lines = [json.loads(line) for line in open(out / "extractions.jsonl", encoding="utf-8")]
    iris = {o["iri"] for o in lines if o["kind"] == "entity"}
    assert iris and iris <= subjects


def test_two_builds_are_byte_identical(tmp_path):
    env = dict(os.environ, PYTHONHASHSEED="12345")
    kg_cmd = [sys.executable, "-m", "kg", "build", str(SEEDS), "--out", str(tmp_path / "again")]
    done = subprocess.run(kg_cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for name in ("graph.ttl", "graph.trig", "extractions.jsonl"):
        assert (tmp_path / "again" / name).read_bytes() == (seed_build() / name).read_bytes(), name


def test_statistics_are_integers_and_the_concept_scheme_is_labelled_in_both_languages():
    from kg.types import Entity

    result = small_result()
    result.entities.append(Entity("Slogan", "八八战略", "concept/八八战略",
                                  mentions=[{"start": 0, "end": 3, "text": result.text[:3]}]))
    g = report_graph(result)
    report = g.identifier
    assert g.value(report, KG.lawInspections) == Literal(1, datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))
    scheme = URIRef(IRIs().concepts)
    assert set(g.objects(scheme, RDFS.label)) == {Literal("Programmes and slogans of the reports", lang="en"),
                                                  Literal("报告中的工作举措与口号", lang="zh")}


def test_trig_text_is_exact_blocks_sorted_by_name():
    a = "@prefix kg: <https://example.org/kg#> .\n\n<https://example.org/s> kg:p <https://example.org/o> .\n\n\n"
    b = "@prefix id: <https://example.org/id/> .\n@prefix kg: <https://example.org/kg#> .\n\nid:x kg:p id:y .\n"
    empty = "@prefix kg: <https://example.org/kg#> .\n"
    text = trig([(URIRef("https://example.org/g/b"), b), (URIRef("https://example.org/g/a"), a),
                 (URIRef("https://example.org/g/c"), empty)])
    assert text == ("@prefix id: <https://example.org/id/> .\n@prefix kg: <https://example.org/kg#> .\n\n"
                    "<https://example.org/g/a> {\n<https://example.org/s> kg:p <https://example.org/o> .\n}\n\n"
                    "<https://example.org/g/b> {\nid:x kg:p id:y .\n}\n\n"
                    "<https://example.org/g/c> {\n\n}\n")


def test_trig_refuses_a_prefix_line_it_cannot_read():
    with pytest.raises(ValueError, match="unexpected Turtle directive: @prefix kg <https://example.org/> ."):
        trig([(URIRef("https://example.org/g"), "@prefix kg <https://example.org/> .\n<s> <p> <o> .\n")])


def test_trig_reads_prefixes_with_blank_lines_between_them():
    text = "@prefix id: <https://example.org/id/> .\n\n@prefix kg: <https://example.org/kg#> .\n\nid:x kg:p id:y .\n"
    assert trig([(URIRef("https://example.org/g"), text)]) == (
        "@prefix id: <https://example.org/id/> .\n@prefix kg: <https://example.org/kg#> .\n\n"
        "<https://example.org/g> {\nid:x kg:p id:y .\n}\n")



def test_one_type_and_one_name_per_concept_across_the_build():
    """A programme or slogan is typed and named once, on all its mentions in all reports
    (八有 is a programme in one seed and a slogan in another when each report decides)."""
    out = seed_build()
    g = Graph().parse(out / "graph.ttl")
    concepts = set(g.subjects(SKOS.inScheme, URIRef(DEFAULT_BASE + "concepts")))
    assert concepts
    for c in concepts:
        assert len({t for t in g.objects(c, RDF.type) if t in (KG.Programme, KG.Slogan)}) == 1, c
        assert len(list(g.objects(c, SKOS.prefLabel))) == 1, c
    types = defaultdict(set)
    for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj["kind"] == "entity" and obj["type"] in ("Programme", "Slogan"):
            types[obj["iri"]].add(obj["type"])
    assert all(len(t) == 1 for t in types.values())
    baye = DEFAULT_BASE + "concept/" + iri_segment("八有")
    assert len(set(g.subjects(KG.mentions, URIRef(baye)))) >= 2
