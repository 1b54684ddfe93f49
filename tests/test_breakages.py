"""Behaviour that small breakages of the extractors used to get past the suite
unnoticed (issue 13): the body an official's post belongs to, the jurisdiction
a bare local regulation takes, planned inspections, passages printed twice and
which of several counts is the year's.

Every report here is built once with `kg build` (`kg.build.build`) and the
tests read what a user reads: extractions.jsonl and graph.ttl. Each test names
the breakage it catches; each was checked to fail with that breakage applied.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS

from kg.build import build

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_bcff957e004d4ffb.txt"
KG = Namespace("https://w3id.org/kg-cn-lg/ontology#")

HEADER = "{county}人民代表大会常务委员会工作报告\n\n各位代表：\n"

# One report per case: {file stem: (county the report is of, body)}.
REPORTS = {
    # 江山市 is a county-level city (县级市) of the prefecture 衢州市.
    "county_city": ("江山市", "市委书记张国强到市人大常委会调研，市长李明华出席。\n"
                              "市人大常委会主任王建军主持会议。"),
    "county": ("常山县", "市委书记张国强到县人大常委会调研，县长李明华出席。"),
    # 城市市容和环境卫生管理条例 is a regulation of both 浙江省 and 衢州市;
    # 电梯安全条例 is in the law list for neither.
    "jurisdiction": ("常山县", "开展《城市市容和环境卫生管理条例》执法检查。\n组织《电梯安全条例》宣传。"),
    # the second title takes the jurisdiction of the first it is listed with
    "inherited": ("常山县", "开展衢州市城市绿化条例和电梯安全条例执法检查。"),
    # a news write-up: no plan heading, the coming year said in the sentence
    "future": ("常山县", "县人大常委会召开主任会议。会议明确，明年将对《中华人民共和国食品安全法》开展执法检查。\n"
                        "今年以来，对《中华人民共和国畜牧法》开展执法检查。"),
    # two counts of reports reviewed: the first is the year's, the second a part of it
    "statistics": ("常山县", "听取和审议专项工作报告12项，书面审议专项工作报告5项。\n"
                            "共召开常委会会议8次，其中临时会议召开常委会会议2次。"),
}


def _doubled(text: str) -> tuple[str, int, int]:
    """`text` with the passage of its lines starting with ——这一年 printed twice
    (as web pages do); returns the text, where the copy starts and its length."""
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("——这一年"))
    last = max(i for i, line in enumerate(lines) if line.startswith("——这一年"))
    passage = "".join(lines[first:last + 1])
    at = sum(len(line) for line in lines[:last + 1])
    return text[:at] + passage + text[at:], at, len(passage)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("breakages")
    reports = folder / "in"
    reports.mkdir()
    for stem, (county, body) in REPORTS.items():
        (reports / f"{stem}.txt").write_text(HEADER.format(county=county) + body + "\n", encoding="utf-8")
    shutil.copy(SEED, reports / "seed.txt")
    doubled, _, _ = _doubled(SEED.read_text(encoding="utf-8"))
    (reports / "seed_doubled.txt").write_text(doubled, encoding="utf-8")
    out = folder / "out"
    summary = build([reports], out, workers=1)
    assert not summary.failed
    return out


@pytest.fixture(scope="module")
def lines(built) -> dict[str, list[dict]]:
    """extractions.jsonl by report file name."""
    out: dict[str, list[dict]] = {}
    with open(built / "extractions.jsonl", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            out.setdefault(obj["doc"], []).append(obj)
    return out


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph().parse(built / "graph.ttl", format="turtle")


def _relations(lines: list[dict], p: str) -> set[tuple]:
    return {(o["s"], o["o"]) + ((o["role"],) if "role" in o else ()) for o in lines
            if o["kind"] == "relation" and o["p"] == p}


def _laws(lines: list[dict]) -> set[str]:
    return {o["name"] for o in lines if o["kind"] == "entity" and o["type"] == "Law"}


def _report(lines: list[dict]) -> dict:
    return next(o for o in lines if o["kind"] == "report")


def _post_codes(graph: Graph, person: str) -> set[str]:
    """Division codes of the areas the officials labelled `person` (one node per jurisdiction)
    hold posts in (graph.ttl)."""
    found = [s for s in graph.subjects(RDFS.label, Literal(person, lang="zh")) if (s, RDF.type, KG.Official) in graph]
    assert found, person
    return {str(code) for node in found for area in graph.objects(node, KG.holdsPost)
            for code in graph.objects(area, KG.divisionCode)}


# Breakage: a post of a county-level city resolved to the prefecture.
def test_posts_of_a_county_level_city_are_the_citys(lines, graph):
    assert _relations(lines["county_city.txt"], "holdsPost") == {
        ("张国强", "江山市", "市委书记"), ("李明华", "江山市", "市长"), ("王建军", "江山市", "人大常委会主任")}
    for person in ("张国强", "李明华", "王建军"):
        assert "330881" in _post_codes(graph, person), person
    # in a county's report 市 is its prefecture
    assert ("张国强", "衢州市", "市委书记") in _relations(lines["county.txt"], "holdsPost")
    assert "330800" in _post_codes(graph, "张国强")


# Breakage: a bare local regulation's jurisdiction taken from the prefecture before the province.
def test_a_bare_local_regulation_is_the_provinces(lines):
    laws = _laws(lines["jurisdiction.txt"])
    assert laws == {"浙江省城市市容和环境卫生管理条例", "浙江省电梯安全条例"}
    assert _relations(lines["jurisdiction.txt"], "inspectedLaw") == {("常山县", "浙江省城市市容和环境卫生管理条例")}


# Breakage: the jurisdiction a title inherits from the title before it dropped.
def test_a_listed_title_inherits_the_jurisdiction_before_it(lines):
    doc = lines["inherited.txt"]
    assert _laws(doc) == {"衢州市城市绿化条例", "衢州市电梯安全条例"}
    assert _relations(doc, "inspectedLaw") == {("常山县", "衢州市城市绿化条例"), ("常山县", "衢州市电梯安全条例")}


# Breakage: the future-tense check of inspections outside a plan section disabled.
def test_an_inspection_said_for_next_year_is_planned(lines, graph):
    doc = lines["future.txt"]
    assert _relations(doc, "plansInspection") == {("常山县", "中华人民共和国食品安全法")}
    assert _relations(doc, "inspectedLaw") == {("常山县", "中华人民共和国畜牧法")}
    county = next(graph.subjects(KG.divisionCode, Literal("330822")))
    planned = {str(o) for law in graph.objects(county, KG.plansInspection) for o in graph.objects(law, RDFS.label)}
    assert "中华人民共和国食品安全法" in planned


# Breakage: the last of several counts taken instead of the first.
def test_the_first_count_is_the_years(lines):
    report = _report(lines["statistics.txt"])
    assert report["statistics"]["work_reports_reviewed"] == 12
    assert report["statistics"]["standing_committee_meetings"] == 8
    assert report["evidence"]["work_reports_reviewed"]["text"].endswith("报告12项")
    assert report["evidence"]["standing_committee_meetings"]["text"].endswith("会议8次")


# Breakage: repeated passages not detected.
def test_a_passage_printed_twice_is_read_once(lines):
    """The seed with a passage printed twice gives the seed's findings, none from the copy."""
    _, at, size = _doubled(SEED.read_text(encoding="utf-8"))

    def moved(start: int, end: int) -> tuple[int, int]:
        return (start + size, end + size) if start >= at else (start, end)

    def entities(doc: list[dict], shift: bool) -> dict:
        return {(o["type"], o["name"]): sorted(moved(m["start"], m["end"]) if shift else (m["start"], m["end"])
                                              for m in o["mentions"])
                for o in doc if o["kind"] == "entity"}

    def relations(doc: list[dict], shift: bool) -> dict:
        return {(o["s"], o["p"], o["o"], o.get("role")): sorted(moved(e["start"], e["end"]) if shift else (e["start"], e["end"])
                                                for e in o["evidence"])
                for o in doc if o["kind"] == "relation"}

    seed, doubled = lines["seed.txt"], lines["seed_doubled.txt"]
    assert entities(doubled, False) == entities(seed, True)
    assert relations(doubled, False) == relations(seed, True)
    assert _report(doubled)["statistics"] == _report(seed)["statistics"]
    evidence = {k: moved(v["start"], v["end"]) for k, v in _report(seed)["evidence"].items()}
    assert {k: (v["start"], v["end"]) for k, v in _report(doubled)["evidence"].items()} == evidence
