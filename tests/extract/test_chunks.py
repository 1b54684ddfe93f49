"""Long reports are processed in pieces; the result must not depend on the cut."""
import pytest

from kg.extract import pipeline, structure
from tests.extract.helpers import report


@pytest.mark.parametrize("doc", ["000_bcff957e004d4ffb.txt", "003_53787feeb1223fd5.txt", "004_3ac5a5c451188a47.txt"])
def test_pieces_give_the_whole_reports_findings(monkeypatch, seed_results, process, doc):
    whole = seed_results[doc]
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 2500)
    pieces = process(whole.text, doc)

    def entities(r):
        return {(e.type, e.name, tuple((m["start"], m["end"]) for m in e.mentions)) for e in r.entities}

    assert entities(pieces) == entities(whole)
    assert {(r.s, r.p, r.o, r.role) for r in pieces.relations} == {(r.s, r.p, r.o, r.role) for r in whole.relations}
    assert (pieces.facts.statistics, pieces.facts.speaker, pieces.facts.date) == \
        (whole.facts.statistics, whole.facts.speaker, whole.facts.date)
    assert pieces.facts.evidence == whole.facts.evidence


def test_a_report_longer_than_spacys_limit(process):
    line = "县人大常委会召开常委会会议8次，开展《中华人民共和国就业促进法》执法检查，弘扬“早上好”奋斗精神。"
    text = "常山县人民代表大会常务委员会工作报告\n\n" + line * 30000
    result = process(text)
    assert len(text) > 1_000_000
    assert "中华人民共和国就业促进法" in {e.name for e in result.entities}
    assert result.facts.statistics["standing_committee_meetings"] == 8


def test_a_piece_that_begins_with_a_post_reads_it_as_the_body_does(monkeypatch, process):
    # a bare post before a spaced name: in the title block a post held, in the body none
    text = report("全年工作扎实推进。" * 6 + "\n主任 郑俊生出席会议。\n" + "全年工作扎实推进。" * 6)
    whole = process(text)
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 85)
    assert [text[s:s + 6] for s, _ in structure.chunk_bounds(text, 85)] == [text[:6], "主任 郑俊生"]
    pieces = process(text)
    assert {(e.type, e.name) for e in pieces.entities} == {(e.type, e.name) for e in whole.entities}
    assert {(r.s, r.p, r.o, r.role) for r in pieces.relations} == {(r.s, r.p, r.o, r.role) for r in whole.relations}


def test_the_plan_of_a_later_piece_starts_where_it_does_in_the_whole(monkeypatch, process):
    text = report("一、过去一年主要工作\n\n开展《浙江省禁毒条例》执法检查。" + "全年工作扎实推进。" * 30
                  + "\n\n二、2024年主要任务\n\n开展《妇女权益保障法》执法检查。" + "持续推进各项工作。" * 10)
    whole = process(text)
    assert {r.o for r in whole.relations if r.p == "plansInspection"} == {"中华人民共和国妇女权益保障法"}
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 200)
    bounds = structure.chunk_bounds(text, 200)
    plan = text.index("二、2024年主要任务")
    assert len(bounds) >= 3 and bounds[1][0] < plan < bounds[1][1]
    pieces = process(text)
    assert {(r.s, r.p, r.o) for r in pieces.relations} == {(r.s, r.p, r.o) for r in whole.relations}
