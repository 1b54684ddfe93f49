"""People, posts and years over many counties and years (issue 15).

A multi-year, multi-county corpus made in the test from a seed: the seed
(常山县, covering 2023), the same report a year later with a provincial
vice-chair changed, and the same report of another county of the same
prefecture (开化县). Two texts of one county from two years of the dev set
(h12, h24: 五峰土家族自治县) join them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, SKOS

from kg.build import build
from kg.errors import KGError
from kg.link.people import jurisdiction, parse_mapping, person_scope
from kg.query import run_query
from kg.rdf.namespace import DEFAULT_BASE, KG
from rdf_support import ROOT, SEEDS

SEED = SEEDS / "000_bcff957e004d4ffb.txt"
DEV = ROOT / "tests" / "fixtures" / "dev" / "reports"
ID = Namespace(DEFAULT_BASE)


def later_year(text: str) -> str:
    """The seed a year later (delivered 2025, covering 2024), with another provincial vice-chair."""
    return text.replace("2024年", "2025年").replace("2023年", "2024年").replace("高兴夫", "李志强")


def other_county(text: str) -> str:
    return text.replace("常山", "开化")


def corpus(folder: Path) -> Path:
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for year, content in (("2023", text), ("2024", later_year(text))):
        (folder / year).mkdir()
        (folder / year / "changshan.txt").write_text(content, encoding="utf-8")
    (folder / "2023" / "kaihua.txt").write_text(other_county(text), encoding="utf-8")
    for name in ("h12.txt", "h24.txt"):
        shutil.copy(DEV / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("years")
    out = root / "out"
    summary = build([corpus(root / "in")], out, workers=1)
    assert not summary.failed and summary.reports == 5
    return out


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph().parse(built / "graph.ttl")


def officials(g: Graph, name: str) -> set[URIRef]:
    return {s for s in g.subjects(RDFS.label, Literal(name, lang="zh")) if (s, RDF.type, KG.Official) in g}


def test_year_folders_with_one_file_name_build_side_by_side(built, graph):
    files = {str(o) for o in graph.objects(None, KG.fileName)}
    assert files == {"2023/changshan.txt", "2024/changshan.txt", "kaihua.txt", "h12.txt", "h24.txt"}
    assert (built / "reports" / "2023%2Fchangshan.ttl").is_file() and (built / "reports" / "2024%2Fchangshan.ttl").is_file()


def test_reports_are_named_by_county_year_and_kind(graph):
    reports = {str(graph.value(r, KG.fileName)): r for r in graph.subjects(RDF.type, KG.Report)}
    assert reports["2023/changshan.txt"] == ID["report/330822-2023-work-report"]
    assert reports["2024/changshan.txt"] == ID["report/330822-2024-work-report"]
    assert reports["kaihua.txt"] == ID["report/330824-2023-work-report"]
    for r in reports.values():
        assert graph.value(r, KG.year) is not None and graph.value(r, RDFS.label) is not None
    assert str(graph.value(reports["2024/changshan.txt"], KG.year)) == "2024"
    assert str(graph.value(reports["2024/changshan.txt"], RDFS.label)) == "常山县人民代表大会常务委员会工作报告"
    wufeng = [r for f, r in reports.items() if f.startswith("h")]
    assert {str(graph.value(r, KG.reportCounty)) for r in wufeng} == {DEFAULT_BASE + "area/420529"}
    assert len({str(graph.value(r, KG.year)) for r in wufeng}) == 2


def test_one_person_per_name_and_jurisdiction(graph):
    # the same chair in two years of one county: one node; the same name in another county: another
    assert officials(graph, "翁旭东") == {ID["person/330822/翁旭东"], ID["person/330824/翁旭东"]}
    # national, provincial and prefecture posts: one node for every county below them
    assert officials(graph, "习近平") == {ID["person/CN/习近平"]}
    assert officials(graph, "陈金彪") == {ID["person/330000/陈金彪"]}
    assert officials(graph, "吴国升") == {ID["person/330800/吴国升"]}
    # a name changed in the later year is a person of that year only
    new, = officials(graph, "李志强")
    assert {str(graph.value(r, KG.fileName)) for r in graph.subjects(KG.mentions, new)} == {"2024/changshan.txt"}
    # the dev set's two years of 五峰: one 龙泰星
    assert len(officials(graph, "龙泰星")) == 1


def test_posts_are_memberships_per_year(graph):
    chair = ID["person/330822/翁旭东"]
    found = set()
    for m in graph.subjects(ORG.member, chair):
        found.add((str(graph.value(graph.value(m, ORG.role), SKOS.prefLabel)),
                   str(graph.value(graph.value(m, ORG.organization), RDFS.label)),
                   str(graph.value(graph.value(m, ORG.memberDuring), KG.year))))
    assert found == {("人大常委会主任", "常山县人大常委会", "2023"), ("人大常委会主任", "常山县人大常委会", "2024")}
    body, = {graph.value(m, ORG.organization) for m in graph.subjects(ORG.member, chair)}
    assert body == ID["body/330822/人大常委会"] and graph.value(body, KG.bodyOf) == ID["area/330822"]


def rows(built: Path, query: str) -> list[dict]:
    columns, found = run_query(built / "graph.trig", query)
    return [dict(zip(columns, r)) for r in found]


def test_a_countys_officials_by_year_and_role(built):
    chairs = {(r["year"], r["official"]) for r in rows(built, "officials_by_year")
              if r["county"] == "常山县" and r["role"] == "人大常委会主任"}
    assert chairs == {("2023", "翁旭东"), ("2024", "翁旭东")}


def test_laws_inspected_per_county_per_year(built):
    found = rows(built, "laws_inspected_by_year")
    changshan = {(r["year"], r["law"]) for r in found if r["county"] == "常山县" and r["status"] == "carried out"}
    kaihua = {(r["year"], r["law"]) for r in found if r["county"] == "开化县" and r["status"] == "carried out"}
    laws = {law for _, law in changshan}
    assert "浙江省全民健身条例" in laws
    assert changshan == {(y, law) for y in ("2023", "2024") for law in laws}
    assert kaihua == {("2023", law) for law in laws}


def test_statistics_of_a_county_over_the_years(built):
    found = [r for r in rows(built, "statistics_by_year") if r["county"] == "常山县"]
    assert [(r["year"], r["meetings"], r["directorMeetings"]) for r in found] == [("2023", "8", "13"), ("2024", "8", "13")]


def test_people_in_more_than_one_report(built):
    found = {r["person"]: int(r["count"]) for r in rows(built, "people_in_several_reports")}
    assert found[DEFAULT_BASE + "person/330822/翁旭东"] == 2
    assert found[DEFAULT_BASE + "person/330800/吴国升"] == 3
    assert DEFAULT_BASE + "person/330824/翁旭东" not in found


def test_a_people_file_merges_and_splits(tmp_path):
    source = corpus(tmp_path / "in")
    people = tmp_path / "people.csv"
    people.write_text("name,in,person\n"
                      "# 开化's 翁旭东 is 常山's\n"
                      "翁旭东,330824,330822/翁旭东\n"
                      "吴国升,2024/changshan.txt,330800/吴国升-2\n", encoding="utf-8")
    out = tmp_path / "out"
    build([source], out, workers=1, people=people)
    g = Graph().parse(out / "graph.ttl")
    assert officials(g, "翁旭东") == {ID["person/330822/翁旭东"]}
    assert officials(g, "吴国升") == {ID["person/330800/吴国升"], ID["person/330800/吴国升-2"]}
    # without the file the next build is as before (the cache follows the file)
    build([source], out, workers=1)
    g = Graph().parse(out / "graph.ttl")
    assert len(officials(g, "翁旭东")) == 2 and len(officials(g, "吴国升")) == 1


@pytest.mark.parametrize("text, problem", [
    ("name,place,person\n张伟,330822,330803/张伟\n", "starts with the line name,in,person"),
    ("name,in,person\n张伟,330822\n", "row 2: needs a name"),
    ("name,in,person\n张伟,330822,张伟\n", "row 2: the person key '张伟' is JURISDICTION/NAME"),
])
def test_a_bad_people_file_is_one_clear_error(text, problem):
    with pytest.raises(KGError, match=problem):
        parse_mapping(text, "people.csv")


@pytest.mark.parametrize("areas, county, expected", [
    (["000000"], "330822", "CN"),
    (["330000", "330822"], "330822", "330000"),
    (["330800"], "330822", "330800"),
    (["330822"], None, "330822"),
    (["330822104"], "330822", "330822"),  # a township's post is its county's
    ([], "330822", "330822"),
])
def test_the_jurisdiction_is_the_highest_post(areas, county, expected):
    assert person_scope(areas, county, "x.txt") == expected


def test_without_post_or_county_a_person_is_the_reports_alone():
    assert person_scope([], None, "a.txt") != person_scope([], None, "b.txt")
    assert jurisdiction("999999") is None
