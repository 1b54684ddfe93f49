"""`kg validate`: SHACL shapes over a built graph."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Literal, URIRef

from kg.cli import cli
from kg.rdf.assemble import report_graph
from kg.rdf.namespace import DEFAULT_BASE, KG
from kg.validate import validate
from rdf_support import seed_build, small_result

LAW = URIRef(DEFAULT_BASE + "law/浙江省全民健身条例")
COUNTY = URIRef(DEFAULT_BASE + "area/330822")
PERSON = URIRef(DEFAULT_BASE + "person/330822/翁旭东")


def first_mention(g):
    return sorted(g.subjects(RDF.type, KG.Mention))[0]


def write(g, tmp_path):
    path = tmp_path / "g.ttl"
    g.serialize(path, format="turtle")
    return path


def test_seed_graph_conforms():
    result = CliRunner().invoke(cli, ["validate", str(seed_build())])
    assert result.exit_code == 0, result.output
    assert "conforms to the shapes" in result.output


def test_small_graph_conforms(tmp_path):
    v = validate(write(report_graph(small_result()), tmp_path))
    assert v.conforms, [str(f) for f in v.findings]
    assert v.findings == []


def drop_report_link(g):
    g.remove((first_mention(g), KG.inReport, None))


def wrong_surface(g):
    g.set((first_mention(g), KG.surface, Literal("柯城区")))


def law_points_to_person(g):
    g.add((COUNTY, KG.inspectedLaw, PERSON))


def bad_division_code(g):
    g.set((COUNTY, KG.divisionCode, Literal("33082")))


def assertion_without_triple(g):
    g.remove((COUNTY, KG.inspectedLaw, LAW))


def triple_without_assertion(g):
    g.add((COUNTY, KG.plansInspection, LAW))


def offsets_reversed(g):
    m = first_mention(g)
    g.set((m, KG.startOffset, Literal(99)))


def unlisted_entity(g):
    g.remove((None, KG.mentions, LAW))


def two_law_titles(g):
    g.add((LAW, RDFS.label, Literal("全民健身条例", lang="zh")))


@pytest.mark.parametrize("breakage, message", [
    (drop_report_link, "a span is kg:inReport exactly one kg:Report"),
    (wrong_surface, "the mention's surface is not the text at its offsets"),
    (law_points_to_person, "kg:inspectedLaw points to a kg:Law"),
    (bad_division_code, "a kg:divisionCode has 6 digits"),
    (assertion_without_triple, "the graph does not hold the triple the assertion states"),
    (triple_without_assertion, "is stated by no kg:Assertion"),
    (offsets_reversed, "below its kg:endOffset"),
    (two_law_titles, "a law needs exactly one rdfs:label"),
    (unlisted_entity, "a report kg:mentions exactly the entities its mentions kg:denotes"),
])
def test_broken_graph_fails_with_a_readable_violation(tmp_path, breakage, message):
    g = report_graph(small_result())
    breakage(g)
    v = validate(write(g, tmp_path))
    assert not v.conforms
    assert any(message in str(f) and str(f).startswith("Violation: ") for f in v.violations), \
        [str(f) for f in v.findings]


def test_cli_exits_non_zero_and_prints_violations(tmp_path):
    g = report_graph(small_result())
    law_points_to_person(g)
    result = CliRunner().invoke(cli, ["validate", str(write(g, tmp_path))])
    assert result.exit_code == 1
    assert ("Violation: area:330822 kg:inspectedLaw: kg:inspectedLaw points to a kg:Law "
            f"(value: <{PERSON}>)") in result.output
    assert "does not conform to the shapes" in result.output.splitlines()[-1]


def test_warnings_do_not_fail(tmp_path):
    g = report_graph(small_result())
    g.remove((None, KG.reportCounty, None))
    v = validate(write(g, tmp_path))
    assert v.conforms
    assert [f.message for f in v.findings] == ["the report's county was not found"]


def test_limit_caps_the_printed_findings(tmp_path):
    g = report_graph(small_result())
    for m in list(g.subjects(RDF.type, KG.Mention)):
        g.remove((m, KG.inReport, None))
    result = CliRunner().invoke(cli, ["validate", "--limit", "1", str(write(g, tmp_path))])
    assert result.exit_code == 1
    assert len(result.output.splitlines()) == 3
    assert re.search(r"^\.\.\. and \d+ more", result.output, re.M)


@pytest.mark.parametrize("content, name, error", [
    (None, "missing.ttl", "no such file or folder"),
    ("x", "graph.xml", "unknown RDF format"),
    ("<http://a b> <http://p> <http://o> .", "bad.ttl", "cannot be read"),
])
def test_unusable_input_is_a_one_line_error(tmp_path, content, name, error):
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert error in result.output and "Traceback" not in result.output
