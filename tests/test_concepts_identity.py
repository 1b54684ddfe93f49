"""Concept identity: stable keys, short and long forms across reports,
enumerations of several formulas, one type decided on mention counts."""
from __future__ import annotations

import pytest

from kg.link import canonical, concepts
from kg.link.canonical import concept_groups, link
from kg.link.concepts import concept_key, concept_label, concept_type, split_enumeration
from kg.types import Extraction, Mention, ReportFacts

KEYS = [
    ("十四五规划", "十四五规划"),
    ("“十四五”规划", "十四五规划"),
    ("十四五规划纲要", "十四五规划"),
    ("“十四五”规划纲要", "十四五规划"),
    ("“十四五”規劃綱要", "十四五规划"),
    ("十四五規劃", "十四五规划"),
    ("十三五规划纲要", "十三五规划"),
    ("十四五规划纲要实施", "十四五规划纲要实施"),
    ("乡村振兴", "乡村振兴战略"),
    ("鄉村振興", "乡村振兴战略"),
    ("第一议题", "第一议题制度"),
    ("民生实事票决制", "民生实事项目人大代表票决制"),
    ("两学一做学习教育", "两学一做"),
    ("“两学一做”学习教育", "两学一做"),
    ("乡村振兴示范工程", "乡村振兴示范工程"),
    ("不忘初心、牢记使命", "不忘初心、牢记使命"),
    ("三個(gè)代表", "三个代表"),
    ("‘五个一’产业", "五个一产业"),
    ("“ 早上好 ”", "早上好"),
    ("《乡村振兴规划》", "乡村振兴规划"),
    ("ＡＢＣ工程", "ABC工程"),
]


@pytest.mark.parametrize("name, key", KEYS)
def test_concept_key(name, key):
    assert concept_key(name) == key


def test_keys_do_not_read_the_extraction_rules(monkeypatch):
    """A key comes from the name and the lexicon alone: with the concept rules,
    their cues and the linker's merge rules all gone, every key is the same."""
    import kg.extract.concepts as rules

    def gone(*args, **kwargs):
        raise AssertionError("concept_key read an extraction rule")

    concepts._lexicon.cache_clear()
    for name in ("classify", "quote_decision", "cues", "lexicon", "absorbed_head", "strip_head"):
        monkeypatch.setattr(rules, name, gone)
    monkeypatch.setattr(rules, "QUOTE_RULES", ())
    monkeypatch.setattr(canonical, "merge_concepts", gone)
    assert [concept_key(n) for n, _ in KEYS] == [k for _, k in KEYS]


@pytest.mark.parametrize("texts", [
    ["会议审议了“十四五”规划纲要实施中期评估报告。",
     "高质量编制“十四五”规划，谋划发展。",
     "圆满完成第十四个五年规划确定的目标任务。",
     "會議審議了“十四五”規劃綱要實施中期評估報告，聽取了關於財政預算執行情況的報告。"],
    ["全面推进乡村振兴，促进农民增收。", "深入实施乡村振兴战略，建设和美乡村。"],
])
def test_short_and_long_forms_are_one_node_across_reports(process, texts):
    iris = set()
    for i, text in enumerate(texts):
        found = [e for e in process(text, f"r{i}.txt").entities if e.type in ("Programme", "Slogan")]
        assert len(found) == 1, (text, [e.name for e in found])
        iris.add(found[0].iri_key)
    assert len(iris) == 1, iris


def test_the_written_names_stay_labels(process):
    ent = next(e for e in process("会议审议了“十四五”规划纲要实施中期评估报告。").entities if e.type == "Programme")
    assert (ent.name, ent.iri_key) == ("十四五规划纲要", "concept/十四五规划")


ENUMERATION = "扎实有效地把“县委有安排、人大有行动，县委有部署、人大有落实”的政治要求刻在心上、落到脚下。"


def test_an_enumeration_of_formulas_is_one_concept_per_formula(process):
    result = process(ENUMERATION)
    found = sorted((m["start"], m["end"], m["text"], e.name, e.iri_key)
                   for e in result.entities if e.type in ("Programme", "Slogan") for m in e.mentions)
    first, second = "县委有安排、人大有行动", "县委有部署、人大有落实"
    a, b = ENUMERATION.index(first), ENUMERATION.index(second)
    assert found == [(a, a + len(first), first, first, f"concept/{first}"),
                     (b, b + len(second), second, second, f"concept/{second}")]
    assert all(ENUMERATION[s:e] == t for s, e, t, _, _ in found)


def mention(text: str, part: str, type_: str = "Slogan", key: str | None = None) -> Mention:
    start = text.index(part)
    return Mention(type_, key or part, start, start + len(part), part, source="quote:test")


@pytest.mark.parametrize("text, whole, parts", [
    ("要做到“有规范、能落地；可评估、能问责”。", "有规范、能落地；可评估、能问责", ["有规范、能落地", "可评估、能问责"]),
    ("坚持“讲政治、强定力, 谋全局、促发展,重民生、优共享”不动摇", "讲政治、强定力, 谋全局、促发展,重民生、优共享",
     ["讲政治、强定力", "谋全局、促发展", "重民生、优共享"]),
    ("践行“民生无小事，枝叶总关情”的理念", "民生无小事，枝叶总关情", ["民生无小事，枝叶总关情"]),
    ("围绕“打赢脱贫攻坚战,建设中国最美乡村”目标", "打赢脱贫攻坚战,建设中国最美乡村", ["打赢脱贫攻坚战,建设中国最美乡村"]),
    ("坚持“围绕中心、服务大局，依法履职”", "围绕中心、服务大局，依法履职", ["围绕中心、服务大局，依法履职"]),
    ("坚持“学思想、强党性、重实践、建新功”", "学思想、强党性、重实践、建新功", ["学思想、强党性、重实践、建新功"]),
])
def test_enumerations_split_and_couplets_stay_whole(text, whole, parts):
    split = split_enumeration(mention(text, whole, key=whole.replace("，", ",").replace("；", ";").replace(" ", "")))
    assert [m.text for m in split] == parts
    assert [text[m.start:m.end] for m in split] == parts
    assert [m.key for m in split] == [p.replace("，", ",").replace(" ", "") for p in parts]
    assert {(m.type, m.source) for m in split} == {("Slogan", "quote:test")}


def test_an_enumeration_with_a_head_after_its_quote_stays_whole():
    text = "开展“守初心、担使命，找差距、抓落实”主题教育"
    span = "守初心、担使命，找差距、抓落实”主题教育"
    m = mention(text, span, "Programme", key="守初心、担使命,找差距、抓落实主题教育")
    assert split_enumeration(m) == [m]


def linked(text: str, mentions: list[Mention]):
    return link(Extraction("t.txt", text, [(0, len(text))], mentions, [], ReportFacts()))


def test_the_linker_splits_enumerations_at_their_offsets():
    text = "要求“县委有安排、人大有行动；县委有部署、人大有落实”。"
    whole = "县委有安排、人大有行动；县委有部署、人大有落实"
    ents = linked(text, [mention(text, whole, key=whole.replace("；", ";"))]).entities
    assert [(e.name, [(m["start"], m["end"]) for m in e.mentions]) for e in ents] == [
        ("县委有安排、人大有行动", [(3, 14)]), ("县委有部署、人大有落实", [(15, 26)])]
    assert [text[3:14], text[15:26]] == ["县委有安排、人大有行动", "县委有部署、人大有落实"]


@pytest.mark.parametrize("counts, expected", [
    ({"Slogan": 2, "Programme": 1}, "Slogan"),
    ({"Programme": 3, "Slogan": 2}, "Programme"),
    ({"Programme": 2, "Slogan": 2}, "Programme"),
    ({"Slogan": 1}, "Slogan"),
    ({"Slogan": 1, "Official": 5}, "Slogan"),
    ({}, "Programme"),
])
def test_concept_type(counts, expected):
    assert concept_type(counts) == expected


def test_an_entity_carries_its_mentions_per_type():
    text = "弘扬“早上好”精神，开展“早上好”活动，践行“早上好”理念"
    starts = [i + 1 for i, ch in enumerate(text) if ch == "“"]
    types = ["Slogan", "Programme", "Slogan"]
    ms = [Mention(t, "早上好", s, s + 3, "早上好") for t, s in zip(types, starts)]
    (ent,) = linked(text, ms).entities
    assert (ent.type, ent.type_counts, ent.iri_key) == ("Slogan", {"Programme": 1, "Slogan": 2}, "concept/早上好")


def test_a_report_writing_a_short_and_a_long_form_keys_the_lexicon_entry():
    """A name the lexicon does not know, joined in the report with one it knows,
    keys that entry; alone it keys itself."""
    text = "坚持“不忘初心、牢记使命”，深入开展“不忘初心、牢记使命”主题教育。落实第一议题，健全第一议题制度。"
    slogan = text.index("不忘初心")
    campaign = text.index("不忘初心", slogan + 1)
    ms = [Mention("Slogan", "不忘初心、牢记使命", slogan, slogan + 9, text[slogan:slogan + 9]),
          Mention("Programme", "不忘初心、牢记使命主题教育", campaign, campaign + 14, text[campaign:campaign + 14]),
          mention(text, "第一议题", "Programme"), mention(text, "第一议题制度", "Programme")]
    ents = sorted((e.name, e.iri_key) for e in linked(text, ms).entities)
    assert ents == [("不忘初心、牢记使命主题教育", "concept/不忘初心、牢记使命"), ("第一议题制度", "concept/第一议题制度")]
    (alone,) = linked(text, ms[1:2]).entities
    assert alone.iri_key == "concept/不忘初心、牢记使命主题教育"


def test_one_entity_per_key_even_when_the_merge_rules_join_nothing(monkeypatch):
    monkeypatch.setattr(canonical, "merge_concepts", lambda keys: {k: k for k in keys})
    groups = concept_groups({"十四五规划", "十四五规划纲要", "乡村振兴", "乡村振兴战略", "乡村振兴示范工程"})
    assert groups["十四五规划"] == groups["十四五规划纲要"]
    assert groups["乡村振兴"] == groups["乡村振兴战略"] != groups["乡村振兴示范工程"]


def test_concept_label():
    assert concept_label({"十四五规划": 3, "十四五规划纲要": 3, "十四五規劃": 1}) == "十四五规划纲要"
    assert concept_label({"十四五规划": 4, "十四五规划纲要": 3}) == "十四五规划"
    assert concept_label({"乙": 1, "甲": 1}) == "乙"
