"""The pipeline reads a text without the pinyin readings normalisation blanked, and gives
every offset in the text as read (kg.extract.pipeline.extract)."""
import pytest

from kg.extract.pipeline import extract
from kg.io.normalise import normalise
from tests.extract.helpers import report


def test_offsets_after_blanked_readings_are_those_of_the_text_as_read():
    raw = report("全年召开常委会会(huì)议8次。县人大常委会主任翁(wēng)旭东出席会议。开展《浙江省禁毒条例》执法检查。")
    found = extract(raw, "t.txt", normalise(raw))
    assert [raw[s:e] for s, e in found.sentences][2:] == \
        ["全年召开常委会会(huì)议8次。", "县人大常委会主任翁(wēng)旭东出席会议。", "开展《浙江省禁毒条例》执法检查。"]
    assert [(m.type, m.text, raw[m.start:m.end]) for m in found.mentions if m.type in ("Official", "Law")] == \
        [("Official", "翁(wēng)旭东", "翁(wēng)旭东"), ("Law", "浙江省禁毒条例", "浙江省禁毒条例")]
    assert [(r.p, raw[r.start:r.end]) for r in found.relations] == \
        [("holdsPost", "县人大常委会主任翁(wēng)旭东出席会议。"), ("inspectedLaw", "开展《浙江省禁毒条例》执法检查。")]
    assert raw[slice(*found.facts.evidence["standing_committee_meetings"])] == "召开常委会会(huì)议8次"


@pytest.mark.parametrize("reading", ["(zhǔ)", "（zhǔ）"])
def test_a_word_cut_by_a_reading_reads_whole(reading):
    raw = report(f"县人大常委会主{reading}任翁旭东出席会议。")
    found = extract(raw, "t.txt", normalise(raw))
    assert [(r.p, r.s.key, r.o.key, r.role) for r in found.relations] == [("holdsPost", "翁旭东", "330822", "人大常委会主任")]
    assert [raw[r.start:r.end] for r in found.relations] == [f"县人大常委会主{reading}任翁旭东出席会议。"]


def test_names_a_space_separates_stay_apart_in_a_text_with_readings():
    raw = report("召开常委会会(huì)议8次。出席会议的有 王五 李四 张三。")
    found = extract(raw, "t.txt", normalise(raw))
    assert sorted(m.text for m in found.mentions if m.type == "Official") == ["张三", "李四", "王五"]
