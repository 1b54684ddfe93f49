"""Report facts and statistics."""
import pytest


@pytest.mark.parametrize("doc, county, date, session", [
    ("000_bcff957e004d4ffb.txt", "常山县", "2024-01-30", "常山县第十七届人民代表大会第三次会议"),
    ("001_5fcb393c102b8273.txt", "柯城区", "2024-01-29", "柯城区第十届人民代表大会第三次会议"),
    ("003_53787feeb1223fd5.txt", "忠县", None, None),
])
def test_header_facts_of_seeds(seed_results, doc, county, date, session):
    facts = seed_results[doc].facts
    assert (facts.county, facts.date, facts.session) == (county, date, session)


def test_news_opening(process):
    text = "1月6日，龙游县第十八届人民代表大会第三次会议举行第二次全体会议，县人大常委会主任王五作县人大常委会工作报告。报告指出，一年来共召开常委会会议8次。\n"
    facts = process(text).facts
    assert (facts.session, facts.speaker, facts.speaker_role) == ("龙游县第十八届人民代表大会第三次会议", "王五", "人大常委会主任")
    assert facts.statistics == {"standing_committee_meetings": 8}


@pytest.mark.parametrize("sentence, key, value", [
    ("共召开常委会会议8次、主任会议13次，听取和审议“一府两院”工作报告25个", "work_reports_reviewed", 25),
    ("对4部法律法规实施情况开展执法检查", "law_inspections", 4),
    ("检查6部法律法规实施情况，发出审议意见15期", "law_inspections", 6),
    ("统筹推进了6次人大常委会会议、12次主任会议，听取和审议了29项“一府一委两院”工作报告", "standing_committee_meetings", 6),
    ("依法作出了22项决议、决定", "resolutions", 22),
    ("依法任免国家机关工作人员40人次", "appointments", 40),
    ("共办理代表建议154件，满意率达97.5%", "deputy_suggestions", 154),
    ("召开常委会会议十二次", "standing_committee_meetings", 12),
])
def test_statistics(process, sentence, key, value):
    from tests.extract.helpers import report

    assert process(report(sentence + "。")).facts.statistics.get(key) == value


def test_repeated_passage_counts_once(seed_results):
    result = seed_results["003_53787feeb1223fd5.txt"]
    assert result.facts.statistics["standing_committee_meetings"] == 6
    names = [e.name for e in result.entities]
    assert len(names) == len(set(names))


def test_mentions_quote_the_text_as_read(seed_results):
    for result in seed_results.values():
        for e in result.entities:
            for m in e.mentions:
                assert result.text[m["start"]:m["end"]] == m["text"]
