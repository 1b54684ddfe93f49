"""A report's title, kind and the year it covers (kg/extract/report_kind.py)."""
import csv
from pathlib import Path

import pytest

from kg.extract.report_kind import KINDS, find_title, normalise_title
from kg.jsonl import result_lines

DEV = Path(__file__).resolve().parents[1] / "fixtures" / "dev"
# measured on the 35 dev texts (report_kinds.tsv): kind 35/35, year 34/35
DEV_KIND_ACCURACY = 0.99
DEV_YEAR_ACCURACY = 0.97


@pytest.mark.parametrize("text, title", [
    # a title over two lines, its characters spaced out
    ("\n\n龙游县人民代表大会常务委员会\n\n工 作 报 告\n\n——2024年1月4日在龙游县第七届人民代表大会第三次会议上\n\n"
     "县人大常委会主任  王五\n\n各位代表：\n", "龙游县人民代表大会常务委员会工作报告"),
    # the date after a dash on the title's own line
    ("某某市人民代表大会常务委员会工作报告——2020年5月15日在某某市第十四届人民代表大会第五次会议上\n\n各位代表\n",
     "某某市人民代表大会常务委员会工作报告"),
    ("# 开化县人大常委会工作报告(摘要)\n\n(上接第一版)目前，各项工作稳步推进。\n", "开化县人大常委会工作报告(摘要)"),
    # a news headline between the page's breadcrumbs and its date line
    ("首页 > 新闻 > 正文\n县十八届人大三次会议 举行第二次全体会议\n发布时间：2024-01-20 来源：本站\n1月19日上午，会议举行。\n",
     "县十八届人大三次会议举行第二次全体会议"),
    # a site's name that speaks of nothing of the congress is no title; white space between Chinese characters goes
    ("新闻中心\n\n当前所在：首页 > 代表工作 > 正文\n“代表之家”里听民声 开化县人大代表走访选区\n\n发布时间：2022-08-12\n",
     "“代表之家”里听民声开化县人大代表走访选区"),
    ("龙游县第十八届人民代表大会第三次会议\n关于龙游县人民代表大会常务委员会\n工作报告的决议\n"
     "(2024年1月7日龙游县第十八届人民代表大会第三次会议第四次全体会议通过)\n",
     "龙游县第十八届人民代表大会第三次会议关于龙游县人民代表大会常务委员会工作报告的决议"),
    ("最新信息 | |\n——龙游县人大常委会助推民生工作掠影\n“民生无小事。”近年来，县人大常委会督促办理。\n",
     "龙游县人大常委会助推民生工作掠影"),
    # a title of four characters; the date after a dash ends the title
    ("人大动态\n县人大常委会召开会议。\n", "人大动态"),
    ("某某市人民代表大会常务委员会工作报告——2020年5月15日在某某市第十四届人民代表大会第五次会议上\n一、过去一年工作回顾\n"
     "常委会依法履职。\n", "某某市人民代表大会常务委员会工作报告"),
    # an anonymised county's name; white space and markup around a line, a line of spaces inside the title
    ("XX县人民代表大会常务委员会工作报告\n\n各位代表：\n", "XX县人民代表大会常务委员会工作报告"),
    (" 龙游县人民代表大会常务委员会工作报告\n\n各位代表：\n", "龙游县人民代表大会常务委员会工作报告"),
    ("龙游县人民代表大会常务委员会工作报告 \n\n各位代表：\n", "龙游县人民代表大会常务委员会工作报告"),
    ("首页 > 新闻\n龙游县人民代表大会常务委员会工作报告\t \n各位代表：\n", "龙游县人民代表大会常务委员会工作报告"),
    ("龙游县人民代表大会常务委员会\n  \n工 作 报 告\n\n各位代表：\n", "龙游县人民代表大会常务委员会工作报告"),
    # a field line before the title (栏目：…), a speaker's line with no space before the name
    ("栏目：人大工作\n龙游县人大常委会召开会议\n1月6日，会议召开。\n", "龙游县人大常委会召开会议"),
    ("龙游县人民代表大会常务委员会工作报告\n县人大常委会主任王五\n各位代表：\n", "龙游县人民代表大会常务委员会工作报告"),
    # spaces between a digit and a Chinese character stay, one space
    ("2021 年某某市人民代表大会常务委员会工作报告\n各位代表：\n", "2021 年某某市人民代表大会常务委员会工作报告"),
    # a title of four lines at most, of a line of 80 characters at most
    ("龙游县人民代表大会\n常务委员会\n关于2023年\n执法检查工作\n情况的报告\n各位代表：\n", "龙游县人民代表大会常务委员会关于2023年执法检查工作"),
    ("龙游县人大常委会" + "执法检查" * 18 + "\n1月6日，会议召开。\n", "龙游县人大常委会" + "执法检查" * 18),
    ("龙游县人大常委会" + "执法检查" * 18 + "工作\n1月6日，会议召开。\n", None),
    # a title in the opening only: after five lines of 68 characters, one at its 345th character is, one at its 414th is not
    (("栏目：" + "人大工作、" * 13 + "\n") * 5 + "龙游县人大常委会召开会议\n1月6日，会议召开。\n", "龙游县人大常委会召开会议"),
    (("栏目：" + "人大工作、" * 13 + "\n") * 6 + "龙游县人大常委会召开会议\n1月6日，会议召开。\n", None),
    # no title: the body first, a title block of date and speaker only, a photo caption, a speaker's line
    ("1月6日，龙游县第十八届人民代表大会第三次会议开幕。\n", None),
    ("——2021年1月12日在某区第八届人民代表大会\n第七次会议上\n区人大常委会主任 王 五\n各位代表：\n", None),
    ("王五作工作报告。 记者 李四 摄\n各位代表：\n", None),
    ("县人大常委会副主任 郭建华\n主任、各位副主任、各位委员：\n我受主任会议委托，作如下说明。\n", None),
    ("2024\n主要工作\n2024年是全区奋力推进的一年。\n", None),
    # the speaker's line ends the title, also without white space before the name
    ("常山县人民代表大会常务委员会工作报告\n县人大常委会主任翁旭东\n各位代表：\n", "常山县人民代表大会常务委员会工作报告"),
])
def test_title(process, text, title):
    facts = process(text).facts
    assert facts.title == title
    if title:
        start, end = facts.evidence["title"]
        assert normalise_title(text[start:end].replace("\n", "").lstrip("—#* ")) == title


def test_a_speakers_name_on_a_line_of_its_own_is_no_part_of_the_title(process):
    facts = process("龙游县人民代表大会常务委员会工作报告\n县人大常委会主任\n王五\n各位代表：\n").facts
    assert facts.speaker == "王五"
    assert facts.title.startswith("龙游县人民代表大会常务委员会工作报告") and "王五" not in facts.title


def test_title_is_cut_at_its_limit():
    line = "龙游县" + "人大常委会工作" * 7
    found = find_title(f"{line}\n{line}\n各位代表：\n", 400)
    assert found is not None and len(found.text) == 80


def test_a_title_before_a_last_line_of_spaces():
    assert find_title("龙游县人大常委会工作报告\n  ", 400) == (0, 12, "龙游县人大常委会工作报告")
    assert find_title("龙游县人大常委会工作报告\n  \n", 400) == (0, 12, "龙游县人大常委会工作报告")


@pytest.mark.parametrize("text, kind", [
    ("龙游县人民代表大会常务委员会工作报告\n\n——2024年1月30日在龙游县第十七届人民代表大会第三次会议上\n"
     "县人大常委会主任 王五\n各位代表：\n我受县十七届人大常委会委托，向大会报告工作，请予审议。\n", "work-report"),
    ("王五作工作报告。 记者 李四 摄\n各位代表：\n我受龙游县人民代表大会常务委员会的委托，向大会报告工作，请予审议。\n",
     "work-report"),
    # a report's body without its title block
    ("2023\n主要工作\n2023年是开局之年。一年来，区人大常委会坚持依法履职。\n", "work-report"),
    ("1月6日，龙游县第十八届人民代表大会第三次会议举行第二次全体会议，县人大常委会主任王五作县人大常委会工作报告。"
     "王五在报告中指出，过去一年，常委会依法履职。\n", "news"),
    ("大会主席团常务主席王五主持会议。大会分别听取了县人大常委会工作报告。\n", "news"),
    ("2月25日下午，参加县十六届人大五次会议的人大代表们开展分组讨论，审议县人大常委会工作报告。\n", "news"),
    ("龙游县第十八届人民代表大会第三次会议\n关于龙游县人民代表大会常务委员会\n工作报告的决议\n"
     "(2024年1月7日龙游县第十八届人民代表大会第三次会议第四次全体会议通过)\n", "resolution"),
    ("龙游县第十九届人民代表大会第三次会议听取和审查了县人大常委会主任王五所作的工作报告。"
     "会议同意报告提出的2023年主要任务，决定批准这个报告。\n", "resolution"),
    ("8月26日，县第十七届人大常委会举行第二十次会议。县人大常委会主任王五主持会议。\n", "meeting"),
    ("县十七届人大常委会第二十九次主任会议召开\n\n4月3日上午，县人大常委会主任王五主持召开会议。\n", "meeting"),
    # the standing committee's meeting comes before the session it prepares
    ("4月23日，县人大常委会主任王五主持召开县九届人大常委会第三十七次会议。会议审议通过了关于召开县九届人大七次会议的决定。\n",
     "meeting"),
    # a speech to the standing committee, though it names the congress's plenary sitting
    ("县人大常委会副主任 郭建华\n主任、各位副主任、各位委员：\n我受主任会议委托，现就有关情况作如下说明。"
     "民生实事项目在县人民代表大会全体会议上票决。\n", "meeting"),
    ("近年来，龙游县人大常委会对《食品安全法》贯彻实施情况进行了执法检查。\n", "meeting"),
    ("龙游县人民代表大会常务委员会公告\n〔2024〕第2号\n龙游县第十八届人民代表大会第四次会议于2024年1月20日举行。\n",
     "announcement"),
    ("关于召开县十八届人大常委会第五次会议的通知\n各位委员：\n会议定于3月5日召开。\n", "announcement"),
    # the county's own session named before the standing committee's meeting
    ("龙游县第十八届人民代表大会第三次会议于1月6日召开，会前龙游县人大常委会举行第十五次会议作准备。\n", "news"),
    # not a session looked back on, another county's or another level's
    ("龙游县十八届人大三次会议以来，龙游县人大常委会举行第十五次会议。\n", "meeting"),
    ("龙游县人大常委会组织学习江山市第十届人民代表大会第三次会议经验。县人大常委会举行第十五次会议。\n", "meeting"),
    ("市第九届人民代表大会第三次会议召开，龙游县人大常委会举行第十五次会议传达精神。\n", "meeting"),
    # no cue at all: kg reads work reports
    ("这是一段没有线索的文字。\n", "work-report"),
    # only the opening counts: a meeting named far into a text without cues does not make it one
    ("这是一段没有线索的文字。" * 40 + "8月26日，县第十七届人大常委会举行第二十次会议。\n", "work-report"),
])
def test_kind(process, text, kind):
    assert process(text).facts.kind == kind


def test_no_kind_without_text(process):
    assert process("").facts.kind is None


@pytest.mark.parametrize("text, year, evidence", [
    # a session reviews the year before it…
    ("龙游县人民代表大会常务委员会工作报告\n\n——2024年1月30日在龙游县第十七届人民代表大会第三次会议上\n"
     "县人大常委会主任 王五\n各位代表：\n", 2023, "2024年1月30日"),
    # …or, held from November on, the year then ending
    ("——2023年12月25日在某区第十六届人民代表大会第三次会议上\n区人大常委会主任 王五\n各位代表：\n"
     "我受区人大常委会委托，向大会报告工作，请予审议。\n", 2023, "2023年12月25日"),
    ("——2023年11月28日在某区第十六届人民代表大会第三次会议上\n区人大常委会主任 王五\n各位代表：\n"
     "我受区人大常委会委托，向大会报告工作，请予审议。\n", 2023, "2023年11月28日"),
    ("——2023年10月28日在某区第十六届人民代表大会第三次会议上\n区人大常委会主任 王五\n各位代表：\n"
     "我受区人大常委会委托，向大会报告工作，请予审议。\n", 2022, "2023年10月28日"),
    # a date in the title block with no session: its year, from November on
    ("龙游县人民代表大会常务委员会工作报告\n2023年12月5日\n各位代表：\n我受县人大常委会委托，向大会报告工作。\n", 2023,
     "2023年12月5日"),
    ("龙游县人民代表大会常务委员会工作报告\n（2023年10月5日）\n各位代表：\n我受县人大常委会委托，向大会报告工作。\n", 2022,
     "2023年10月5日"),
    ("龙游县人民代表大会常务委员会工作报告\n（23年12月5日）\n各位代表：\n我受县人大常委会委托，向大会报告工作。\n", 2023,
     "23年12月5日"),
    # news of a session with nothing but its page's publication date
    ("发布时间：2024-01-20\n县人大代表开展分组讨论。\n", 2023, "2024-01-20"),
    # a title that opens with its year, after a dash
    ("—— 2021年某某市人民代表大会常务委员会工作报告\n各位代表：\n我受市人大常委会委托，向大会报告工作。\n", 2021, "2021"),
    # a heading of the year reviewed comes first
    ("——2021年1月12日在某区第八届人民代表大会第七次会议上\n区人大常委会主任 王五\n各位代表：\n"
     "我受区人大常委会委托，向大会报告工作，请予审议。\n二〇二〇年的工作\n2019年主要工作\n2019年是特殊的一年。\n", 2019, "2019"),
    ("2021年某某市人民代表大会常务委员会工作报告\n发布日期：2022-02-16\n各位代表：\n我受市人大常委会委托，向大会报告工作。\n",
     2021, "2021"),
    ("发布时间：2022-02-12\n2月11日上午，龙游县第十七届人民代表大会第二次会议举行第二次全体会议。\n", 2021, "2月11日"),
    ("龙游县第六届人民代表大会第五次会议\n关于龙游县人民代表大会常务委员会\n工作报告的决议\n"
     "(2021年1月7日龙游县第六届人民代表大会第五次会议第四次全体会议通过)\n会议充分肯定了县人大常委会的工作。\n",
     2020, "2021年1月7日"),
    ("龙游县第十九届人民代表大会第三次会议听取和审查了县人大常委会主任王五所作的工作报告。"
     "会议同意报告提出的2023年主要任务，决定批准这个报告。\n", 2022, None),
    ("2月25日下午，参加县十六届人大五次会议的人大代表们开展分组讨论，讨论2025年民生实事项目。\n", 2024, "2025"),
    ("12月21日上午，某县第十八届人民代表大会第一次会议举行第二次全体会议。\n", None, None),
    # a meeting's own year: its day's, the publication's, or the latest it names
    ("县十六届人大常委会举行第四次会议\n刊发日期:2022-08-02\n7月28日上午，县十六届人大常委会第四次会议举行。\n", 2022, "7月28日"),
    ("发布时间：2024-01-05\n12月28日，县人大常委会举行第十五次会议。\n", 2023, "12月28日"),
    ("2021年4月23日，县人大常委会举行第三十七次会议。\n", 2021, "2021年4月23日"),
    # the day of a date line is the publication's, not the meeting's
    ("发布时间：2024年1月5日\n12月28日，县人大常委会举行第十五次会议。\n", 2023, "12月28日"),
    ("县人大常委会举行第十五次会议\n发布 2024年1月5日\n12月28日，县人大常委会举行第十五次会议。\n", 2023, "12月28日"),
    # a day after the publication's is of the year before, the publication's own day of its year
    ("发布时间：2024-01-05\n1月19日，县人大常委会举行第十五次会议。\n", 2023, "1月19日"),
    ("发布时间：2024-01-05\n1月5日，县人大常委会举行第十五次会议。\n", 2024, "1月5日"),
    # a year of two digits is of this century
    ("24年3月5日，县人大常委会举行第十五次会议。\n", 2024, "24年3月5日"),
    # the publication date: its own span, at the text's very start too; a date line past the opening is none
    ("2024-01-05 来源：本站\n县人大常委会举行第十五次会议。\n", 2024, "2024-01-05"),
    ("县人大常委会举行第十五次会议。\n" + "会议听取了有关报告。" * 100 + "\n发布时间：2022-08-02\n", None, None),
    # a day past the opening is not the meeting's
    ("发布时间：2024-01-05\n县人大常委会举行第十五次会议。\n" + "会议听取了有关报告。" * 100 + "\n12月28日，会议闭幕。\n", 2024,
     "2024-01-05"),
    ("8月26日，县第十七届人大常委会举行第二十次会议。会议听取了《关于2019年上半年财政预算执行情况的报告》"
     "和《关于2018年度决算的报告》。\n", 2019, "2019"),
    ("近年来，龙游县人大常委会对《食品安全法》贯彻实施情况进行了执法检查。\n", None, None),
])
def test_year(process, text, year, evidence):
    facts = process(text).facts
    assert facts.year == year
    span = facts.evidence.get("year")
    assert (text[span[0]:span[1]] if span else None) == evidence


def test_the_year_of_a_title_is_its_first(process):
    facts = process("2021年某某市人大常委会关于2021年工作情况的报告\n各位代表：\n我受市人大常委会委托，向大会报告工作。\n").facts
    assert (facts.year, facts.evidence["year"]) == (2021, (0, 4))


def test_report_line_has_year_kind_and_title(process):
    text = "龙游县人民代表大会常务委员会工作报告\n——2024年1月30日在龙游县第十七届人民代表大会第三次会议上\n各位代表：\n"
    line = result_lines(process(text), "https://example.org/kg/")[0]
    assert line["kind"] == "report"
    assert (line["year"], line["report_kind"], line["title"]) == (2023, "work-report", "龙游县人民代表大会常务委员会工作报告")
    assert line["evidence"]["title"]["text"] == "龙游县人民代表大会常务委员会工作报告"


@pytest.mark.parametrize("doc, title", [
    ("000_bcff957e004d4ffb.txt", "常山县人民代表大会常务委员会工作报告"),
    ("001_5fcb393c102b8273.txt", "衢州市柯城区人民代表大会常务委员会工作报告(摘要)"),
    ("002_73afdd1df5b9533d.txt", "绛县人民代表大会常务委员会工作报告"),
    ("003_53787feeb1223fd5.txt", "忠县人常委会工作报告"),
    ("004_3ac5a5c451188a47.txt", "江陵县人民代表大会常务委员会工作报告"),
])
def test_seeds(seed_results, doc, title):
    facts = seed_results[doc].facts
    assert (facts.year, facts.kind, facts.title) == (2023, "work-report", title)


def _expected() -> list[dict]:
    lines = (DEV / "report_kinds.tsv").read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader((line for line in lines if not line.startswith("#")), delimiter="\t"))


@pytest.fixture(scope="module")
def dev_facts():
    from kg.process import process_file

    return {row["file"]: process_file(DEV / "reports" / row["file"]).facts for row in _expected()}


def test_dev_table_is_complete():
    rows = _expected()
    assert sorted(r["file"] for r in rows) == sorted(p.name for p in (DEV / "reports").glob("h*.txt"))
    assert all(r["kind"] in KINDS and r["reason"] for r in rows)


def test_dev_accuracy(dev_facts):
    rows = _expected()
    kinds = [(r["file"], r["kind"], dev_facts[r["file"]].kind) for r in rows]
    years = [(r["file"], None if r["year"] == "-" else int(r["year"]), dev_facts[r["file"]].year) for r in rows]
    kind_misses = [k for k in kinds if k[1] != k[2]]
    year_misses = [y for y in years if y[1] != y[2]]
    assert 1 - len(kind_misses) / len(rows) >= DEV_KIND_ACCURACY, kind_misses
    assert 1 - len(year_misses) / len(rows) >= DEV_YEAR_ACCURACY, year_misses


@pytest.mark.parametrize("line, speaker", [
    ("县人大常委会主任 翁旭东", True),
    ("县人大常委会主任  王 五", True),
    # a surname alone, a name of six characters
    ("县人大常委会主任 王", True),
    ("县人大常委会主任 买买提·艾力", True),
    # seven characters are more than a name; a post with no name after it
    ("县人大常委会主任 王五出席了会议", False),
    ("县人大常委会主任 ", False),
    ("县人大常委会主任翁旭东", False),
])
def test_a_speakers_line_is_a_post_and_a_short_name(line, speaker):
    from kg.extract.report_kind import _is_speaker_line

    assert _is_speaker_line(line) == speaker
