"""Statistics: the counts a report gives for its year, however they are phrased."""
import pytest

from tests.extract.helpers import report


@pytest.mark.parametrize("sentence, key, value", [
    ("对7部法律法规贯彻实施情况开展检查", "law_inspections", 7),
    ("就6部法律法规的执行情况进行检查", "law_inspections", 6),
    ("检查了5部法律法规的实施情况", "law_inspections", 5),
    ("开展执法检查4次", "law_inspections", 4),
    ("对食品安全法等3部法律开展执法检查", "law_inspections", 3),
    ("开展执(zhí)法检查5次", "law_inspections", 5),
    ("配合省人大常委会完成2部法律法规的执法检查", "law_inspections", 2),
    ("召开常委会会(huì)议12次", "standing_committee_meetings", 12),
    ("听取和审议专项工作报告 12 个", "work_reports_reviewed", 12),
])
def test_statistic_phrasings(process, sentence, key, value):
    assert process(report(sentence + "。")).facts.statistics.get(key) == value


def test_planned_inspections_are_not_counted(process):
    text = report("一、过去一年主要工作\n\n召开常委会会议8次。" + "全年工作扎实推进。" * 30
                  + "\n\n二、2024年主要任务\n\n对5部法律法规开展执法检查。")
    assert "law_inspections" not in process(text).facts.statistics


def _texts() -> list[str]:
    from pathlib import Path

    from kg.extract.layout import without_spaces
    from kg.io.normalise import normalise

    root = Path(__file__).resolve().parents[2]
    files = sorted((root / "seeds").glob("*.txt")) + sorted((root / "tests/fixtures/dev/reports").glob("*.txt"))
    made = ["召开12次常委会会议,12345678次常委会会议,2二次主任会议,十二次主任会议;三十五件代表建议办结,",
            "七部法律法规执法检查,12部法规,一一部条例检查,八件议案建议八件议案建议。"]
    return [without_spaces(normalise(f.read_text(encoding="utf-8")))[0] for f in files] + made


def test_patterns_led_by_a_number_match_as_a_plain_scan():
    from kg.extract.statistics import _COMPILED, NUMBER_RUN, matches

    led = [(pattern, after) for patterns in _COMPILED.values() for pattern, after in patterns if after]
    assert len(led) >= 5
    found = 0
    for text in _texts():
        runs = [m.span() for m in NUMBER_RUN.finditer(text)]
        for pattern, after in led:
            plain = [(m.span(), m.group("n")) for m in pattern.finditer(text)]
            assert [(m.span(), m.group("n")) for m in matches(pattern, after, text, runs)] == plain
            found += len(plain)
    assert found >= 10


def test_a_long_report_keeps_the_first_count_of_a_piece_and_the_largest_suggestions(monkeypatch, process):
    from kg.extract import pipeline

    filler = "全年工作扎实推进。" * 40
    text = report("召开常委会会议8次，办理代表建议120件。" + filler + "\n召开常委会会议3次，代表建议150件已全部办结。"
                  + filler + "\n交办代表建议90件。")
    monkeypatch.setattr(pipeline, "CHUNK_CHARS", 300)
    facts = process(text).facts
    assert (facts.statistics["standing_committee_meetings"], facts.statistics["deputy_suggestions"]) == (8, 150)
    assert text[slice(*facts.evidence["deputy_suggestions"])] == "代表建议150件"


def _N(tail: str) -> str:
    from kg.extract.statistics import N

    return N + tail


@pytest.mark.parametrize("pattern, after", [
    # a pattern led by the number, then a plain Han character: the character
    (_N("次主任会议"), "次"),
    (_N("件(?:代表)?(?:议案)?建议"), "件"),
    (_N("次(?:县|区|市|旗)?常委会会议"), "次"),  # alternatives inside a group
    (_N("万元"), "万"),
    # none: not led by the number, no plain character, a numeral, a quantifier, top-level alternatives
    ("常委会会议" + _N("次"), None),
    (_N("[次项]执法检查"), None),
    (_N("(?:次|项)执法检查"), None),
    (_N("十次"), None),
    (_N("次?会议"), None),
    (_N("次+"), None),
    (_N("次{1,2}"), None),
    (_N("次主任会议|主任会议" + _N("次")), None),
    (_N("次(?:常委会)?会议|会议" + _N("次")), None),
])
def test_the_character_a_pattern_needs_after_its_number(pattern, after):
    from kg.extract.statistics import _after_number

    assert _after_number(pattern) == after
