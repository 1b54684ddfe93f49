"""The Doc extensions (kg.extract.doc): `doc._.kg`, the report's context, and the
read-only views of it that components declare as what they require and assign."""
from __future__ import annotations

import pytest

from kg.extract.context import Piece, ReportContext, Structure, analyse
from kg.extract.doc import (
    _KG_VALUE, SpanSet, add_mention, add_relation, context, in_plan, init_doc, is_duplicate, role_matches,
    sentence_of, word_boundaries,
)
from kg.types import EntityRef, RelationMention, ReportFacts
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


def test_a_doc_made_from_a_plain_text_is_one_whole_report(nlp):
    text = report("县人大常委会主任翁旭东出席会议。")
    doc = nlp.make_doc(text)
    ctx = context(doc)
    assert (ctx.name, ctx.raw, ctx.text, ctx.structure) == ("", text, text, analyse(text))
    assert (ctx.facts, ctx.piece, ctx.mentions) == (ReportFacts(), Piece(), [])
    assert context(doc) is ctx and doc._.kg is ctx
    # read where spaCy keeps doc._.kg
    assert doc.user_data[_KG_VALUE] is ctx


def test_init_doc_gives_the_report_its_context(nlp):
    raw = report("召开常委会会议(huì yì)8次。")
    normalised = raw.replace("(huì yì)", " " * 8)
    ctx = context(init_doc(nlp.make_doc(normalised), "a.txt", raw))
    assert (ctx.name, ctx.raw, ctx.text, ctx.structure) == ("a.txt", raw, normalised, analyse(normalised))
    assert (ctx.facts, ctx.piece) == (ReportFacts(), Piece())
    structure, facts, piece = Structure(((0, 5),), (), 0, 2023, 4), ReportFacts(county="常山县"), Piece(2, 300)
    doc = init_doc(nlp.make_doc(normalised), "b.txt", raw, normalised[:20], structure, facts, piece)
    ctx = context(doc)
    assert (ctx.text, ctx.structure, ctx.facts, ctx.piece) == (normalised[:20], structure, facts, piece)
    assert ctx.facts is facts


def test_a_mention_and_a_relation_are_added_to_the_context(nlp):
    raw = report("县人大常委会主任翁(wēng)旭东出席会议。")
    doc = init_doc(nlp.make_doc(raw.replace("(wēng)", " " * 6)), "t.txt", raw)
    start = raw.index("翁")
    m = add_mention(doc, "Official", "翁旭东", start, start + 9, "X1", "title")
    assert (m.type, m.key, m.start, m.end, m.text, m.code, m.source) == \
        ("Official", "翁旭东", start, start + 9, "翁(wēng)旭东", "X1", "title")
    rel = RelationMention(EntityRef("Official", "翁旭东"), "holdsPost", EntityRef("Area", "330822"), 0, 9, role="主任")
    add_relation(doc, rel)
    assert context(doc).mentions == [m] and context(doc).relations == [rel]
    plain = add_mention(doc, "Place", "330822", 0, 3)
    assert (plain.text, plain.code, plain.source) == ("常山县", None, "")


def _doc(nlp, text: str, sentences=(), duplicates=(), plan_start=None):
    return init_doc(nlp.make_doc(text), "t.txt", text, text, Structure(tuple(sentences), tuple(duplicates), 0, None,
                                                                      plan_start))


def test_the_sentence_of_a_position(nlp):
    text = "前言。" + "第一句话。第二句话很长。" + "  " + "第三句。"
    doc = _doc(nlp, text, [(3, 8), (8, 14), (16, 20)])
    assert [sentence_of(doc, p) for p in (3, 7, 8, 13, 14, 15, 16, 19, 30)] == \
        [(3, 8), (3, 8), (8, 14), (8, 14), (8, 14), (8, 14), (16, 20), (16, 20), (16, 20)]
    # before the first sentence: from the text's start to just past the position, within the text
    assert [sentence_of(doc, p) for p in (0, 2)] == [(0, 1), (0, 3)]
    assert sentence_of(_doc(nlp, "标题", [(5, 9)]), 3) == (0, 2)


def test_the_sentence_of_a_position_after_the_doc_is_given_new_sentences(nlp):
    text = "第一句话。第二句话。第三句话。"
    doc = _doc(nlp, text, [(0, 5), (5, 10), (10, 15)])
    assert sentence_of(doc, 7) == (5, 10)
    init_doc(doc, "t.txt", text, text, Structure(((0, 10), (10, 15))))
    assert sentence_of(doc, 7) == (0, 10)


def test_a_position_in_a_repeated_passage(nlp):
    text = "第一段文字。" * 8
    doc = _doc(nlp, text, duplicates=[(12, 18), (30, 36)])
    assert [p for p in range(len(text)) if is_duplicate(doc, p)] == [*range(12, 18), *range(30, 36)]
    assert not any(is_duplicate(_doc(nlp, text), p) for p in range(len(text)))
    init_doc(doc, "t.txt", text, text, Structure((), ((0, 6),)))
    assert [p for p in range(len(text)) if is_duplicate(doc, p)] == [*range(0, 6)]


def test_a_position_in_the_plan(nlp):
    text = "一、过去一年\n\n二、今年主要任务\n开展执法检查。"
    doc = _doc(nlp, text, plan_start=8)
    assert [p for p in range(len(text)) if in_plan(doc, p)] == list(range(8, len(text)))
    assert not any(in_plan(_doc(nlp, text, plan_start=None), p) for p in range(len(text)))
    assert [p for p in range(len(text)) if in_plan(_doc(nlp, text, plan_start=0), p)] == list(range(len(text)))


def test_words_and_posts_are_found_once_per_doc(nlp):
    text = report("县人大常委会主任翁旭东、副主任王建华出席会议。")
    doc = init_doc(nlp.make_doc(text), "t.txt", text)
    words = word_boundaries(doc)
    assert words is word_boundaries(doc) and words.text == text
    assert text.index("翁旭东") in words
    found = role_matches(doc)
    assert found is role_matches(doc)
    assert {"县人大常委会主任", "副主任"} <= {m.group() for m in found}


SPANS = [
    [],
    [(2, 5)],
    [(2, 5), (5, 7)],
    [(2, 5), (6, 7)],
    [(2, 20), (5, 6)],
    [(5, 6), (2, 20)],
    [(2, 5), (10, 12), (4, 11)],
    [(10, 12), (2, 5), (14, 16), (3, 15)],
    [(8, 9), (1, 3), (2, 4), (6, 8), (12, 14), (0, 1)],
    [(3, 4), (3, 9), (3, 6), (7, 7), (15, 18), (9, 15)],
]


@pytest.mark.parametrize("spans", SPANS)
def test_a_span_set_holds_every_position_of_its_spans(spans):
    inside = {p for s, e in spans for p in range(s, e)}
    made = SpanSet(spans)
    grown = SpanSet()
    for s, e in spans:
        grown.add(s, e)
    for p in range(-1, 25):
        assert (p in made, p in grown) == (p in inside, p in inside), p


def test_the_structure_of_a_whole_report():
    repeated = "县人大常委会组织开展了食品安全法执法检查。"
    text = ("常山县人民代表大会常务委员会工作报告\n2023年12月28日\n\n各位代表：\n" + repeated + "全年工作扎实推进。" * 10
            + "\n" + repeated + "\n二、2022年主要任务\n" + "\n三、2024年主要任务\n开展执法检查。")
    found = analyse(text)
    assert [text[s:e] for s, e in found.sentences][:3] == ["常山县人民代表大会常务委员会工作报告", "2023年12月28日", "各位代表："]
    assert found.sentences == tuple(found.sentences) and len(found.sentences) == 18
    assert [text[s:e] for s, e in found.duplicates] == [repeated] and isinstance(found.duplicates, tuple)
    assert text[:found.header_end] == "常山县人民代表大会常务委员会工作报告\n2023年12月28日\n\n"
    # the header's date gives the year (a session of late December reviews the year then ending)
    assert found.year == 2023
    # so a plan for 2024 is the coming year's, one for 2022 is not
    assert text[found.plan_start:].startswith("三、2024年主要任务")


def test_a_component_adds_a_mention_of_no_source_or_code():
    ctx = ReportContext("t.txt", "常山县人大常委会", "常山县人大常委会", analyse("常山县人大常委会"))
    m = ctx.add_mention("Place", "330822", 0, 3)
    assert (m.text, m.code, m.source) == ("常山县", None, "") and ctx.mentions == [m]
