"""Linking: mentions into entities, relation ends as EntityRefs, names and aliases."""
from __future__ import annotations

from kg.link.canonical import area_name, link
from kg.reference import gazetteer
from kg.types import AREA, EntityRef, Extraction, Mention, RelationMention, ReportFacts

TEXT = "我县翁旭东主任与翁旭東同志、常山县代表。民生实事项目票决制和民生实事项目人大代表票决制"


def mention(type_: str, key: str, text: str, start: int = None, source: str = "", code: str = None) -> Mention:
    start = TEXT.index(text) if start is None else start
    return Mention(type_, key, start, start + len(text), text, code=code, source=source)


def linked(mentions, relations=()):
    return link(Extraction("t.txt", TEXT, [(0, len(TEXT))], list(mentions), list(relations), ReportFacts()))


def test_an_official_written_in_traditional_characters_is_one_person():
    result = linked([mention("Official", "翁旭东", "翁旭东"), mention("Official", "翁旭東", "翁旭東")])
    assert [(e.type, e.name, e.aliases) for e in result.entities] == [("Official", "翁旭东", ["翁旭東"])]


def test_a_concept_is_named_by_its_longest_form():
    result = linked([mention("Programme", "民生实事项目票决制", "民生实事项目票决制"),
                     mention("Programme", "民生实事项目人大代表票决制", "民生实事项目人大代表票决制")])
    assert [e.name for e in result.entities] == ["民生实事项目人大代表票决制"]


def test_我县_is_a_mention_of_the_county_and_no_alias():
    result = linked([mention("County", "330822", "我县", source="deixis", code="330822"),
                     mention("County", "330822", "常山县", code="330822")])
    county = next(e for e in result.entities if e.type == "County")
    assert [m["text"] for m in county.mentions] == ["我县", "常山县"]
    assert county.aliases == []


def test_relation_ends_are_typed_references():
    start = TEXT.index("翁旭东")
    result = linked([mention("Official", "翁旭東", "翁旭東"), mention("County", "330822", "常山县", code="330822")],
                    [RelationMention(EntityRef("Official", "翁旭東"), "holdsPost", EntityRef(AREA, "330822"),
                                     start, start + 6, role="人大常委会主任")])
    post = next(r for r in result.relations if r.p == "holdsPost")
    assert (post.s, post.o) == ("翁旭东", "常山县")
    # the person is keyed by name and the jurisdiction of the post (kg.link.people)
    assert (post.s_ref, post.o_ref) == (EntityRef("Official", "翁旭东", "330822/翁旭东"), EntityRef(AREA, "330822"))
    part = next(r for r in result.relations if r.p == "partOf")
    assert (part.s_ref, part.o_ref) == (EntityRef(AREA, "330822"), EntityRef(AREA, "330800"))


def test_area_names():
    assert area_name("330822") == "常山县"
    assert area_name(gazetteer.NATION_CODE) == gazetteer.NATION_NAME
    assert area_name("999999") == "999999"
