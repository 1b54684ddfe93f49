"""The Doc extensions (kg.extract.doc): `doc._.kg`, the report's context, and the
read-only views of it that components declare as what they require and assign."""
from __future__ import annotations

import pytest

from kg.extract.doc import context
from tests.extract.helpers import report

TEXT = report("县人大常委会主任翁旭东出席会议。深入宣传“十四五”规划纲要，组织代表到球川镇视察。"
              "开展《浙江省禁毒条例》执法检查，全年开展执法检查4次。" + "全年工作扎实推进。" * 30
              + "\n\n二、2024年主要任务\n\n开展《妇女权益保障法》执法检查。")


@pytest.fixture(scope="module")
def doc(nlp):
    return nlp(TEXT)


@pytest.mark.parametrize("view, found", [
    # an entity type's view lists the mentions of the types the registry gives that attribute
    ("kg_places", [("County", "330822"), ("Place", "330822111"), ("Place", "330000")]),
    ("kg_officials", [("Official", "翁旭东")]),
    ("kg_laws", [("Law", "浙江省禁毒条例"), ("Law", "中华人民共和国妇女权益保障法")]),
    ("kg_concepts", [("Programme", "十四五规划纲要")]),
])
def test_a_view_lists_the_mentions_of_its_types(doc, view, found):
    assert [(m.type, m.key) for m in getattr(doc._, view)] == found


@pytest.mark.parametrize("view, found", [
    # a relation's view lists the relations the registry gives that attribute
    ("kg_posts", [("holdsPost", "翁旭东", "330822")]),
    ("kg_inspections", [("inspectedLaw", "330822", "浙江省禁毒条例"),
                        ("plansInspection", "330822", "中华人民共和国妇女权益保障法")]),
])
def test_a_view_lists_the_relations_of_its_names(doc, view, found):
    assert [(r.p, r.s.key, r.o.key) for r in getattr(doc._, view)] == found


def test_the_views_together_hold_each_finding_once(doc):
    ctx = context(doc)
    views = [doc._.kg_places, doc._.kg_officials, doc._.kg_laws, doc._.kg_concepts]
    assert sorted((m.start, m.type) for v in views for m in v) == sorted((m.start, m.type) for m in ctx.mentions)
    graph = [r for r in ctx.relations if r.p in ("holdsPost", "inspectedLaw", "plansInspection")]
    assert doc._.kg_posts + doc._.kg_inspections == graph


def test_the_report_views(doc):
    ctx = context(doc)
    assert doc._.kg is ctx
    assert doc._.kg_county == "330822"
    assert doc._.kg_report is ctx.facts and doc._.kg_report.title == "常山县人民代表大会常务委员会工作报告"
    assert doc._.kg_statistics == {"law_inspections": 4}
    assert [TEXT[s:e] for s, e in doc._.kg_person_spans] == ["翁旭东"]
