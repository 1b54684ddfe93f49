"""A report's structure: sentences, pieces, repeated passages, the title block, the year and the plan."""
import pytest

from kg.extract.structure import chunk_bounds, find_duplicates, find_plan_start, header_end, report_year, split_sentences


@pytest.mark.parametrize("text, sentences", [
    ("第一句。第二句！\n第三句", ["第一句。", "第二句！", "第三句"]),
    # a closing quote stays with its mark; white space around a sentence and empty lines are left out
    ("  他说：“好。”然后走了。\n\n\n  下一段；结尾", ["他说：“好。”", "然后走了。", "下一段；", "结尾"]),
    ("问？！答。。\n", ["问？！", "答。。"]),
    ("没有标点", ["没有标点"]),
    ("会议\t\n", ["会议"]),
    ("", []),
    ("\n\n 。\n", ["。"]),
])
def test_sentences(text, sentences):
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == sentences
    assert all(s < e for s, e in spans) and spans == sorted(spans)


@pytest.mark.parametrize("text, size, pieces", [
    ("甲" * 12, 12, ["甲" * 12]),
    ("甲" * 13, 12, ["甲" * 12, "甲"]),
    # cut after the last sentence end or line break of the window, if it lies past the window's middle
    ("甲" * 8 + "。" + "乙" * 10, 12, ["甲" * 8 + "。", "乙" * 10]),
    ("甲" * 7 + "\n" + "乙" * 4 + "！" + "丙" * 6, 14, ["甲" * 7 + "\n" + "乙" * 4 + "！", "丙" * 6]),
    # one in the first half is no cut: the window is cut at its size
    ("甲。" + "乙" * 20, 10, ["甲。" + "乙" * 8, "乙" * 10, "乙" * 2]),
    ("甲" * 6 + "；" + "乙" * 10, 12, ["甲" * 6 + "；" + "乙" * 5, "乙" * 5]),
    ("甲" * 7 + "；" + "乙" * 10, 12, ["甲" * 7 + "；", "乙" * 10]),
    ("甲" * 7 + "\n" + "乙" * 10, 12, ["甲" * 7 + "\n", "乙" * 10]),
    # the last of several
    ("甲\n" + "乙" * 6 + "\n" + "丙" * 10, 12, ["甲\n" + "乙" * 6 + "\n", "丙" * 10]),
    ("甲。" + "乙" * 6 + "。" + "丙" * 10, 12, ["甲。" + "乙" * 6 + "。", "丙" * 10]),
    # a letter is no sentence end
    ("购置" + "甲" * 6 + "X光机" + "乙" * 8, 12, ["购置" + "甲" * 6 + "X光机" + "乙", "乙" * 7]),
])
def test_pieces_of_a_long_text(text, size, pieces):
    bounds = chunk_bounds(text, size)
    assert [text[s:e] for s, e in bounds] == pieces
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:]))


def test_a_sentence_printed_again_is_a_repeated_passage():
    long = "县人大常委会组织开展了食品安全法执法检查。"  # 21 characters
    fourteen = "听取审议县政府专项工作报告。"  # 14 characters, the shortest that counts
    text = "\n".join([long, fourteen, "召开常委会会议八次。", long.replace("食品", "食 品"), fourteen,
                      "召开常委会会议八次。", "听取审议县政府专项工作报。", "听取审议县政府专项工作报。", "听 取 审 议 县 政 府 专 项",
                      "听 取 审 议 县 政 府 专 项", long])
    found = [text[s:e] for s, e in find_duplicates(text, split_sentences(text))]
    assert found == [long.replace("食品", "食 品"), fourteen, long]


PAST = "一、过去一年的主要工作\n" + "常委会依法履职，扎实推进各项工作。\n" * 6
HEADING_40 = "二、2024年主要任务：" + "坚持依法履职" * 4 + "扎实推进"


@pytest.mark.parametrize("text, year, heading", [
    (PAST + "二、2024年主要任务\n开展执法检查。", 2024, "二、2024年主要任务"),
    (PAST + "二、今年的主要任务\n开展执法检查。", 2024, "二、今年的主要任务"),
    (PAST + "二、2024年工作安排\n开展执法检查。", None, "二、2024年工作安排"),
    (PAST + "二、下一步工作\n开展执法检查。", 2024, "二、下一步工作"),
    # the year must be the coming one
    (PAST + "二、2023年主要任务\n开展执法检查。", 2024, None),
    (PAST + "二、2023年主要任务\n开展执法检查。", 2023, "二、2023年主要任务"),
    # a heading of the year past is none
    (PAST + "二、一年来的主要工作任务\n开展执法检查。", 2024, None),
    # a long line is no heading: 40 characters at most
    (PAST + HEADING_40 + "\n开展执法检查。", 2024, HEADING_40),
    (PAST + HEADING_40 + "。\n开展执法检查。", 2024, None),
    (PAST + "二、2024年主要任务是" + "依法履职" * 8 + "\n开展执法检查。", 2024, None),
    # a heading in the first quarter of the text is none; a later one is
    ("今年主要任务\n" + PAST + "二、今年主要任务\n开展执法检查。", 2024, "二、今年主要任务"),
    ("今年主要任务\n" + PAST, 2024, None),
])
def test_the_plan_starts_at_its_heading(text, year, heading):
    start = find_plan_start(text, year)
    assert (None if start is None else text[start:].splitlines()[0]) == heading


def test_the_plan_heading_must_lie_past_a_quarter_of_the_text():
    body = "二、今年主要任务\n"
    text = "甲" * 8 + "\n" + body + "乙" * 17 + "\n"
    # the heading starts exactly a quarter into the text
    assert (len(text), text.index(body)) == (36, 9)
    assert find_plan_start(text, None) is None
    assert find_plan_start("甲" + text, None) == 10


@pytest.mark.parametrize("text, end", [
    ("常山县人民代表大会常务委员会工作报告\n\n各位代表：\n过去一年", "常山县人民代表大会常务委员会工作报告\n\n"),
    ("工作报告\n" + "一" * 61 + "\n", "工作报告\n"),
    ("工作报告\n" + "一" * 60 + "\n各位代表：", "工作报告\n" + "一" * 60 + "\n"),
    ("  各位代表：", ""),
    ("标题\n副标题", "标题\n副标题"),
    # the title block ends 600 characters in at the latest, at a line's end
    (("短行" * 20 + "\n") * 20, ("短行" * 20 + "\n") * 15),
    # exactly 600 characters is not yet past it; 601 is
    (("甲" * 29 + "\n") * 20 + "乙乙\n" + "丙" * 20, ("甲" * 29 + "\n") * 20 + "乙乙\n"),
    (("甲" * 29 + "\n") * 19 + "甲" * 30 + "\n" + "乙乙\n", ("甲" * 29 + "\n") * 19 + "甲" * 30 + "\n"),
])
def test_the_title_block_ends_at_the_salutation_or_the_first_long_line(text, end):
    assert text[:header_end(text)] == end


@pytest.mark.parametrize("text, header, year", [
    ("2024年1月10日\n一、2023年工作回顾", "2024年1月10日", 2024),
    ("二〇二四年\n一、2023年工作回顾", "二〇二四年", 2024),
    # a session of late December reviews the year then ending: the header's year wins
    ("2023年12月28日\n一、2023年工作回顾", "2023年12月28日", 2023),
    ("一、2023年工作回顾", "", 2024),
    ("一、2023 年主要工作", "", 2024),
    ("回顾2022年的工作，2021年和2023年……", "", 2023),
    ("没有年份", "", None),
])
def test_the_year_a_report_is_delivered_in(text, header, year):
    assert report_year(text, header) == year
