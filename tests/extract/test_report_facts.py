"""Report facts and statistics."""
import json
import re
from pathlib import Path

import pytest

from tests.extract.helpers import relations

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


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
    result = process(text)
    facts = result.facts
    assert (facts.session, facts.speaker, facts.speaker_role) == ("龙游县第十八届人民代表大会第三次会议", "王五", "人大常委会主任")
    assert facts.statistics == {"standing_committee_meetings": 8}
    # the speaker's evidence is the name; the post the opening gives is theirs
    assert text[slice(*facts.evidence["speaker"])] == "王五"
    assert ("王五", "龙游县", "人大常委会主任") in relations(result, "holdsPost")
    assert {r.s_ref for r in result.relations if r.p == "holdsPost"} == {result.speaker}


def test_the_speakers_post_is_evidenced_by_their_line():
    from kg.process import process_text

    text = ("常山县人民代表大会常务委员会工作报告\n——2024年1月30日在常山县第十七届人民代表大会第三次会议上\n"
            "县人大常委会主任 翁旭东 \n各位代表：\n一年来，常委会依法履职。\n")
    result = process_text(text, "t.txt")
    start, end = result.facts.evidence["speaker"]
    assert text[start:end] == "翁旭东"
    (post,) = [r for r in result.relations if r.p == "holdsPost"]
    # the line of the post, its trailing white space left out
    assert [text[s:e] for s, e in post.evidence] == ["县人大常委会主任 翁旭东"]


def test_a_caption_above_the_title_block_gives_way_to_its_speakers_line():
    from kg.process import process_text

    text = ("县人大常委会主任翁旭东作工作报告。\n常山县人民代表大会常务委员会工作报告\n"
            "——2024年1月30日在常山县第十七届人民代表大会第三次会议上\n县人大常委会主任 翁旭东\n各位代表：\n")
    facts = process_text(text, "t.txt").facts
    assert facts.speaker == "翁旭东"
    assert facts.evidence["speaker"][0] == text.rindex("翁旭东")


def test_the_speaker_mention_says_where_it_comes_from(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    path = tmp_path / "r.txt"
    path.write_text("江山市人民代表大会常务委员会工作报告\n——2024年1月10日在江山市第九届人民代表大会第三次会议上\n"
                    "市人大常委会主任 周大平\n各位代表：\n一年来，常委会依法履职。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["mentions", str(path)])
    assert result.exit_code == 0, result.output
    officials = [(m["key"], m["source"]) for m in map(json.loads, result.output.splitlines()) if m["type"] == "Official"]
    assert ("周大平", "speaker") in officials


@pytest.mark.parametrize("text, speaker, role", [
    ("1月6日，龙游县第十八届人民代表大会第三次会议举行第二次全体会议。受县人大常委会委托，县人大常委会副主任周海涛作县人大常委会工作报告。\n",
     "周海涛", "人大常委会副主任"),
    ("2月3日上午，开化县第十八届人民代表大会第四次会议举行第二次全体会议。县人大常委会主任李立为向大会作工作报告。\n",
     "李立为", "人大常委会主任"),
    ("1月9日上午，区九届人大五次会议举行第二次全体会议。区人大常委会主任陈志华在作区人大常委会工作报告时表示，将依法履职。\n",
     "陈志华", "人大常委会主任"),
    ("昨天上午，泰顺縣第十八屆人民代表大會第一次會議舉行第二次全體會議。縣十七屆人大常委會主任鄭國生代表縣十七屆人大常委會向大會作"
     "《泰順縣第十七屆人民代表大會常務委員會工作報告》。\n", "郑国生", "人大常委会主任"),
    ("江山市第九届人民代表大会第三次会议关于江山市人民代表大会常务委员会工作报告的决议\n"
     "江山市第九届人民代表大会第三次会议听取和审议了市人大常委会党组书记、主任周建平受市人大常委会委托所作的工作报告。\n",
     "周建平", "人大常委会党组书记、主任"),
    ("刘志强作工作报告。 记者 王明 摄\n各位代表：\n我受衢州市人民代表大会常务委员会的委托，向大会报告工作，请予审议。\n",
     "刘志强", None),
    ("会议听取了县人民法院院长王建所作的县人民法院工作报告。会议由县人大常委会副主任丁立松主持。\n", None, None),
    ("县人大常委会副主任 郭建华\n主任、各位副主任、各位委员：\n我受主任会议委托，现就有关情况作如下说明。\n", None, None),
    ("1月6日，龙游县第十八届人民代表大会第三次会议开幕，县人大常委会主任、党组书记王大明作县人大常委会工作报告。\n",
     "王大明", "人大常委会主任、党组书记"),
    ("1月5日，县人大常委会主任张小平在县十八届人大三次会议上作工作报告。\n", "张小平", "人大常委会主任"),
    ("受县人大常委会委托，常委会副主任张三丰作工作报告。\n", "张三丰", "人大常委会副主任"),
    # a name without a role after the commission
    ("12月20日上午，某县第十八届人民代表大会第一次会议举行第二次全体会议。受县第十七届人大常委会委托，王立新向大会作县人大常委会工作报告。\n",
     "王立新", None),
    ("我受县第十七届人民代表大会常务委员会委托，向大会报告工作，请予审议。\n", None, None),
    ("受县人民政府委托，李明向大会作政府工作报告。\n", None, None),
    # a surname of two characters; the standing committee is no speaker
    ("1月6日，常山县第十七届人民代表大会第三次会议举行第二次全体会议。县人大常委会主任上官明作工作报告。\n",
     "上官明", "人大常委会主任"),
    ("1月6日，常山县第十七届人民代表大会第三次会议举行第二次全体会议。大会听取和审议了常委会所作的工作报告。\n", None, None),
    # a caption under a line that ends in 作 (人大工作)
    ("首页 > 人大工作\n刘志强作工作报告。 记者 王明 摄\n", "刘志强", None),
    # a speaker past the news opening, with or without a post
    ("1月6日，常山县第十七届人民代表大会第三次会议举行第二次全体会议。" + "会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。" * 28
     + "县人大常委会主任王五作工作报告。\n", None, None),
    ("1月6日，常山县第十七届人民代表大会第三次会议举行第二次全体会议。" + "会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。" * 28
     + "\n王五作工作报告。\n", None, None),
])
def test_speaker_of_news_and_other_texts(process, text, speaker, role):
    facts = process(text).facts
    assert (facts.speaker, facts.speaker_role) == (speaker, role)


@pytest.mark.parametrize("text, session", [
    ("参加县十六届人大五次会议的代表们开展分组讨论，审议县人大常委会工作报告。推进庆元县域经济发展。庆元县人大常委会。\n",
     "庆元县第十六届人民代表大会第五次会议"),
    ("——2023年12月26日在杭州市上城区第二届人民代表大会\n第三次会议上\n上城区人大常委会主任 张明\n各位代表：\n",
     "上城区第二届人民代表大会第三次会议"),
    ("缙云县人大常委会工作报告\n各位代表：\n县十七届人大一次会议以来，县人大常委会依法履职。\n", None),
    ("缙云县人大常委会工作报告\n各位代表：\n县人大常委会主任出席市五届人大三次会议。\n", None),
    ("——2025年1月8日在恩施土家族苗族自治州第八届人民代表大会第四次会议上\n州人大常委会主任 张明\n各位代表：\n",
     "恩施土家族苗族自治州第八届人民代表大会第四次会议"),
    # the session looked back on, or of another area, is not the one reported to
    ("龙游县第十七届人民代表大会第一次会议以来，县人大常委会召开会议30次。1月6日，龙游县第十八届人民代表大会第三次会议举行第二次全体会议。\n",
     "龙游县第十八届人民代表大会第三次会议"),
    ("1月5日，龙游县人大常委会主任出席衢州市第八届人民代表大会第三次会议。1月6日，龙游县第十八届人民代表大会第三次会议举行第二次全体会议。\n",
     "龙游县第十八届人民代表大会第三次会议"),
    # the session that opens the text, without its county
    ("十八届人大四次会议举行第二次全体会议\n本报讯 1月6日上午，大会听取了龙游县人大常委会工作报告。\n",
     "龙游县第十八届人民代表大会第四次会议"),
    # no session in the opening
    ("会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。1月6日，龙游县第十八届人民代表大会第三次会议举行第二次全体会议。\n", None),
    # a session of no known county has no name
    ("1月19日上午，县十八届人大四次会议举行第二次全体会议。\n", None),
])
def test_session(process, text, session):
    assert process(text).facts.session == session


@pytest.mark.parametrize("text, date", [
    ("时间：2026-01-29 来源：某某报\n1月28日上午，龙湾区八届人大六次会议举行第二次全体会议。\n", "2026-01-28"),
    ("发布时间：2024-01-03\n12月28日上午，龙湾区八届人大三次会议举行第二次全体会议。\n", "2023-12-28"),
    ("1月19日上午，县十八届人大四次会议举行第二次全体会议。报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n",
     "2024-01-19"),
    ("1月22日下午，桐庐县第十八届人民代表大会第六次会议举行第三次全体会议。2025年，县人大常委会紧扣中心，圆满完成了各项任务。\n",
     "2026-01-22"),
    ("1月8日，龙游县第十八届人民代表大会第三次会议举行第二次全体会议。报告指出，2023年，县人大常委会共召开常委会会议8次。\n",
     "2024-01-08"),
    ("1月8日，龙游县第十八届人民代表大会第三次会议举行第二次全体会议。报告提出，2024年，县人大常委会拟听取专项工作报告5项。\n",
     "2024-01-08"),
    ("2月25日下午，参加县十六届人大五次会议的代表们开展分组讨论，审议县人大常委会工作报告。\n", None),
    ("1月10日，泰顺县第十八届人民代表大会第四次会议举行第二次全体会议。\n", None),
    ("一版：要闻 >2021-01-16编印\n\n县第十八届人大二次会议 举行第二次全体会议\n\n本报讯  1月14日，县第十八届人大二次会议举行第二次全体代表会议。\n",
     "2021-01-14"),
    ("4月3日上午，县人大常委会主任叶大生主持召开县十七届人大常委会第二十九次主任会议。发布时间：2024年04月07日\n", None),
    # a resolution is dated by its adoption, not by the delivery of the report
    ("江山市第九届人民代表大会第三次会议\n关于江山市人民代表大会常务委员会\n工作报告的决议\n"
     "(2024年1月12日江山市第九届人民代表大会第三次会议\n第四次全体会议通过)\n", None),
    ("常山县人民代表大会常务委员会工作报告\n——在常山县第十八届人民代表大会第三次会议上\n（2024年1月10日）\n"
     "县人大常委会主任 翁大东\n各位代表：\n", "2024-01-10"),
    # a plenary sitting that names no session, after a sentence that names it (with a day of its own
    # too far into it); the day may stand at the text's start or twelve characters into its sentence
    ("县第十八届人民代表大会第四次会议于1月18日召开预备会议。1月19日上午，大会举行第二次全体会议。"
     "报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", "2024-01-19"),
    ("县第十八届人大四次会议召开预备会议\n本报讯（通讯员 王小明）1月19日上午，大会举行第二次全体会议。"
     "报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", "2024-01-19"),
    ("1月19日上午，大会举行第二次全体会议。出席县第十八届人大四次会议的代表应到210名，实到203名。"
     "报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", "2024-01-19"),
    # published before the day named: the day is of the year before; on the day itself, of that year
    ("发布时间：2026-01-03\n1月28日上午，龙湾区八届人大六次会议举行第二次全体会议。\n", "2025-01-28"),
    ("发布时间：2026-01-28\n1月28日上午，龙湾区八届人大六次会议举行第二次全体会议。\n", "2026-01-28"),
    # a date line past the opening is not the page's
    ("1月28日上午，龙湾区八届人大六次会议举行第二次全体会议。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。\n发布时间：2026-01-29\n", None),
    # the session that opens the text, of one-digit term, named the sitting's session
    ("八届人大六次会议召开预备会议\n1月28日上午，大会举行第二次全体会议。报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", "2024-01-28"),
    # no session named at all; a session only looked back on
    ("1月19日上午，大会举行第二次全体会议。报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", None),
    ("县十七届人大一次会议以来，县人大常委会依法履职。1月19日上午，大会举行第二次全体会议。报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", None),
    # the session looked back on first, then the one reported to
    ("县十七届人大一次会议以来，县人大常委会依法履职。1月19日上午，县十八届人大四次会议举行第二次全体会议。报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n",
     "2024-01-19"),
    # a session named in passing, then the plenary sitting that hears the report (no sitting word)
    ("县十八届人大四次会议召开预备会议。1月19日上午，县十八届人大四次会议听取了县人大常委会工作报告。报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n",
     "2024-01-19"),
    # the day twelve characters into the sentence of the session
    ("本报讯（通讯员 王小明）1月19日上午，县十八届人大四次会议听取了县人大常委会工作报告。报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", "2024-01-19"),
    # a day after the session does not open its sentence (nor is the sentence about a sitting)
    ("县十八届人大四次会议于1月19日听取了县人大常委会工作报告。报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", None),
    # the session and its sitting past the opening
    ("会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。1月19日上午，县十八届人大四次会议举行第二次全体会议。报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", None),
    # not a plenary sitting: group discussion; nor a day past the opening
    ("县第十八届人民代表大会第四次会议于1月18日召开预备会议。1月19日上午，各代表团分组讨论第二次全体会议听取的报告。"
     "报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", None),
    ("县第十八届人大四次会议召开预备会议。" + "会前，代表们深入基层走访群众，收集意见建议，为依法履职做好准备。" * 14
     + "1月19日上午，大会举行第二次全体会议。报告指出，2024年是关键之年。新的一年，县人大常委会将依法履职。\n", None),
])
def test_date(process, text, date):
    assert process(text).facts.date == date


@pytest.mark.parametrize("header, date", [
    ("——2024年1月31日在常山县第十七届人民代表大会第三次会议上", "2024-01-31"),
    # a year written with two digits is of this century
    ("——24年1月30日在常山县第十七届人民代表大会第三次会议上", "2024-01-30"),
    ("——2024年13月30日在常山县第十七届人民代表大会第三次会议上", None),
    ("——2024年2月1日在常山县第十七届人民代表大会第三次会议上", "2024-02-01"),
    # the day of adoption is passed over for the day of delivery after it
    ("关于常山县人民代表大会常务委员会工作报告的决议\n（2024年1月12日常山县第十七届人民代表大会第三次会议通过）\n"
     "——2024年1月10日在常山县第十七届人民代表大会第三次会议上", "2024-01-10"),
    # a page's date line under the session is no date of the report
    ("常山县人民代表大会常务委员会工作报告\n——在常山县第十七届人民代表大会第三次会议上\n日期：2024年1月10日", None),
    # title and date on one line: the session that follows the date makes it the report's
    ("常山县第十七届人民代表大会第三次会议文件 常山县人民代表大会常务委员会工作报告 2024年1月30日在常山县第十七届人民代表大会"
     "第三次会议上", "2024-01-30"),
    # only a year of two digits is taken for one of this century
    ("——100年1月30日在常山县第十七届人民代表大会第三次会议上", "0100-01-30"),
])
def test_title_date(header, date):
    from kg.extract.report_facts import title_date

    found = title_date(header, "常山县")
    assert (found[2] if found else None) == date


@pytest.mark.parametrize("text, county, own", [
    ("——2024年1月30日在常山县第十七届人民代表大会第三次会议上", "常山县", True),
    ("县人大常委会主任列席县十七届人大三次会议。", "常山县", True),
    # another county of the same suffix, by its full name, also one of two characters
    ("——2024年1月30日在开化县第十七届人民代表大会第三次会议上", "常山县", False),
    ("——2024年1月30日在和县第十七届人民代表大会第三次会议上", "常山县", False),
    # the name before white space, or at the end of its line
    ("——2024年1月30日在开化县 第十七届人民代表大会第三次会议上", "常山县", False),
    ("——2024年1月30日在开化县\n第十七届人民代表大会第三次会议上", "常山县", False),
    # the province's congress
    ("县人大常委会主任列席省十四届人大二次会议。", "常山县", False),
])
def test_own_session(text, county, own):
    from kg.extract.report_facts import SESSION, own_session

    assert own_session(text, SESSION.search(text).start(), county) == own


@pytest.mark.parametrize("opening, date", [
    ("发布时间：2024-01-31\n", (2024, 1, 31)),
    ("发布时间：2024年12月31日\n", (2024, 12, 31)),
    # no month 13, no day 32: not a date
    ("发布时间：2024-13-05\n", None),
    ("发布时间：2024-01-32\n", None),
])
def test_publication_date(opening, date):
    from kg.extract.report_facts import publication_date

    assert publication_date(opening, len(opening)) == date


@pytest.mark.parametrize("n, written", [(3, "三"), (10, "十"), (11, "十一"), (17, "十七"), (20, "二十"), (23, "二十三")])
def test_cn_ordinal(n, written):
    from kg.extract.report_facts import cn_ordinal

    assert cn_ordinal(n) == written


@pytest.mark.parametrize("text, year", [
    ("2024年是关键之年。新的一年，常委会将依法履职。", 2024),
    ("2023年，常委会圆满完成了各项任务。", 2024),
    # a plan and a look back count alike: two looks back at 2023 outvote one plan for 2025
    ("2025年，常委会将依法履职。\n2023年，常委会圆满完成了各项任务。\n2023年，全年共召开常委会会议7次。", 2024),
    ("常委会依法履职。", None),
    # a tie goes to the later year
    ("2022年，常委会圆满完成了各项任务。2024年是关键之年。新的一年，常委会将依法履职。", 2024),
    # two plans for 2024 outvote one look back at it (a vote for 2025)
    ("2024年是关键之年，常委会将依法履职。2024年，常委会拟听取专项工作报告5项。2024年，常委会圆满完成了各项任务。", 2024),
    # a year written twice in a sentence votes by the cue after its first mention, each time
    ("2024年，常委会将聚焦中心工作，确保2024年各项任务落实。", 2024),
])
def test_year_of_text(text, year):
    from kg.extract.report_facts import year_of_text

    assert year_of_text(text) == year


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


def _repeats(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of `text` that repeat an earlier one word for word (20+ characters)."""
    seen, out = set(), []
    for m in re.finditer(r"[^。！？；!?;\n]+", text):
        body = re.sub(r"\s+", "", m.group())
        if len(body) >= 20 and body in seen:
            out.append(m.span())
        seen.add(body)
    return out


def test_repeated_passage_counts_once(seed_results):
    """Seed 003 prints a passage twice: nothing is found in the copy, and its count is the first's."""
    result = seed_results["003_53787feeb1223fd5.txt"]
    assert result.facts.statistics["standing_committee_meetings"] == 6
    copies = _repeats((SEEDS / "003_53787feeb1223fd5.txt").read_text(encoding="utf-8"))
    named = [e.name for e in result.entities if any(e.name in result.text[s:t] for s, t in copies)]
    assert len(copies) > 10 and len(named) > 5  # the copy names what the original does
    spans = [(e.name, m["start"]) for e in result.entities for m in e.mentions]
    spans += [(r.s, start) for r in result.relations for start, _ in r.evidence]
    assert [(name, at) for name, at in spans if any(s <= at < t for s, t in copies)] == []
