"""Programmes and slogans: classification by context, names, and what is left out."""
import json

import pytest

from kg.extract.concepts import classify, programme_title, strip_head
from tests.extract.helpers import names, report


@pytest.mark.parametrize("term, before, after, expected", [
    ("十四五", "高质量完成", "规划纲要中期评估工作", ("Programme", "十四五规划纲要")),
    ("八五", "专题听取", "普法中期执行情况报告", ("Programme", "八五普法")),
    ("两官", "迭代升级", "履职评议模式，将往届", ("Programme", "两官履职评议")),
    ("早上好", "弘扬", "奋斗精神，以", ("Slogan", "早上好")),
    ("一切为了U", "秉持", "核心理念，弘扬", ("Slogan", "一切为了U")),
    ("学思想、强党性、重实践、建新功", "牢牢把握", "总要求，一体推进", ("Slogan", "学思想、强党性、重实践、建新功")),
    ("两个确立", "深刻领悟", "的决定性意义", ("Slogan", "两个确立")),
    ("五到位", "严格落实", "信访机制，全年共", ("Programme", "五到位信访机制")),
    ("主任接待代表日", "", "活动开展以来", ("Programme", "主任接待代表日")),
    ("四个创建", "聚焦中心任务，推进", "，认真履行法定职责", ("Programme", "四个创建")),
    ("八八战略", "以", "为总纲，全面落实", ("Programme", "八八战略")),
    ("两个毫不动摇", "始终坚持", "，支持民营经济", ("Slogan", "两个毫不动摇")),
    ("五个一", "精心组织", "纪念活动，全面回顾", ("Programme", "五个一")),
    ("代表五进", "", "、普法宣传等工作成效明显", ("Programme", "代表五进")),
    ("民意直通车", "持续打造", "，畅通群众诉求", ("Programme", "民意直通车")),
    ("十五五", "高质量编制", "时期发展蓝图", ("Programme", "十五五规划")),
    ("十五五", "聚焦", "战略部署，找准", ("Programme", "十五五规划")),
    ("十四五", "高质量完成", "规划纲要中期评估", ("Programme", "十四五规划纲要")),
    ("受、立、办、督", "健全代表建议", "闭环办理机制，提高", ("Programme", "受、立、办、督")),
    ("守初心、担使命", "在全县深入开展", "主题教育，推动", ("Programme", "守初心、担使命主题教育")),
    ("两学一做", "认真开展", "学习教育，", ("Programme", "两学一做学习教育")),
    ("周四讲堂", "建立健全常委会学法、", "等制度。围绕", ("Programme", "周四讲堂")),
    ("宜居宜业", "奋力谱写", "新山城现代化建设新篇章", ("Slogan", "宜居宜业")),
    ("产业兴县·人才强县", "全力推进", "的决策部署，", ("Programme", "产业兴县·人才强县")),
    ("护理员", "深入推进", "一件事改革，让群众", ("Programme", "护理员一件事改革")),
])
def test_classifies_quoted_terms(term, before, after, expected):
    assert classify(term, before, after) == expected


@pytest.mark.parametrize("term, before, after, counted, chain_after, expected", [
    # counted before the quote, an ordinary word names a programme
    ("示范区", "打造三个", "建设，带动", True, None, ("Programme", "示范区")),
    ("示范区", "打造", "建设，带动", False, None, None),
    # a chain of quotes takes the cue after its last quote
    ("生态立县", "始终坚持", "“工业强县”“旅游活", False, "发展战略。", ("Programme", "生态立县")),
    ("生态立县", "始终坚持", "“工业强县”“旅游活", False, None, ("Slogan", "生态立县")),
])
def test_a_count_or_a_chain_of_quotes_changes_the_class(term, before, after, counted, chain_after, expected):
    assert classify(term, before, after, counted, chain_after) == expected


@pytest.mark.parametrize("term, before, after", [
    ("钱袋子", "为全县人民打好", "、守好“家底子”"),
    ("问题清单", "努力将", "变为“履职清单”。"),
    ("履职清单", "努力将“问题清单”变为", "。努力将"),
    ("一府两院", "听取和审议", "工作报告25个"),
    ("一法两条例", "与省市联动开展科技创新", "《浙江省河道管理条例》"),
    ("物业费难收、业主会难开", "着眼", "等治理难事，开展"),
    ("能用、管用、好用", "画出一份", "的空间规划图。"),
    ("检联驿站", "探索设立", "，并全覆盖入驻"),
    ("三八妇女节", "创新开展", "“五四青年节”"),
    ("一流业绩", "在服务中心上争创", "；强化"),
    ("小快灵", "", "作用有效发挥；坚持"),
    ("一年集中评", "将往届", "改为本届“年年常态评"),
    ("一张网", "全县城乡供水", "，上下贯通"),
    ("关于加快城乡融合,促进农民增收,推动乡村全面振兴", "督办", "议案办理"),
    ("优化营商环境", "督办代表提出的", "建议,推动"),
    ("散乱污", "持续整治", "企业，改善"),
    ("四风", "驰而不息反", "、转作风"),
    ("三农", "持续聚焦", "领域短板，"),
    ("危旧房", "关于全县", "改造情况的调研报告"),
])
def test_leaves_out_metaphors_and_descriptions(term, before, after):
    assert classify(term, before, after) is None


def test_lexicon_terms_without_quotes(process):
    result = process(report("深入践行全过程人民民主，扎实开展主题教育。"))
    assert "全过程人民民主" in names(result, "Slogan")
    assert "主题教育" in names(result, "Programme")


def test_short_form_joins_the_full_name(process):
    result = process(report("积极融入“新通道”建设。紧扣西部陆海新通道建设五年行动。", "忠县"))
    concepts = names(result, "Programme") | names(result, "Slogan")
    assert "新通道" not in concepts


def test_programme_titles_in_book_brackets(process):
    text = report("推动县政府制定《忠县柑橘产业高质量发展三年行动计划》《忠县柑橘产业监督管理机制》。", "忠县")
    result = process(text)
    assert {"忠县柑橘产业高质量发展三年行动计划", "忠县柑橘产业监督管理机制"} <= names(result, "Programme")
    for e in result.entities:
        if e.type == "Programme":
            assert [text[m["start"]:m["end"]] for m in e.mentions] == [e.name]


@pytest.mark.parametrize("title, name", [
    ("常山县柑橘产业发展三年行动计划(草案)", "常山县柑橘产业发展三年行动计划"),  # a draft is the programme
    ("常山县乡村振兴规划(2021—2025年)", "常山县乡村振兴规划(2021—2025年)"),  # its years stay in the name
    ("乡村振兴规划", "乡村振兴规划"),  # six characters, the fewest
    ("常山县人民代表大会常务委员会工作报告", None),
])
def test_programme_titles(title, name):
    assert programme_title(title) == name


@pytest.mark.parametrize("name, core", [
    ("好故事大赛", "好故事"),
    ("两官履职评议", "两官"),  # a core of two characters, the fewest
    ("十四五规划纲要", "十四五"),
    ("大赛", "大赛"),  # a head alone keeps its name
])
def test_the_quoted_core_of_a_name_without_its_head(name, core):
    assert strip_head(name) == core


def test_a_programme_title_is_read_without_its_spaces(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    path = tmp_path / "r.txt"
    path.write_text(report("制定《常山县 柑橘产业发展三年行动计划》。"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["mentions", str(path)])
    assert result.exit_code == 0, result.output
    found = [m["key"] for m in map(json.loads, result.output.splitlines()) if m["type"] == "Programme"]
    assert found == ["常山县柑橘产业发展三年行动计划"]


@pytest.mark.parametrize("chain, after, expected", [
    ("“一个定位”“三个着力”“五个提升”", "要求", {("Slogan", "一个定位"), ("Slogan", "三个着力"), ("Slogan", "五个提升")}),
    ("“法律顾问团”“代表直通车”", "经验被推广", {("Programme", "代表直通车")}),
])
def test_a_chain_of_quotes_shares_the_cue_after_it(process, chain, after, expected):
    result = process(report(f"全面落实县委{chain}{after}。"))
    found = {(e.type, e.name) for e in result.entities if e.type in ("Programme", "Slogan")}
    assert found == expected


def test_quotes_in_a_list_stay_apart(process):
    result = process(report("始终坚持“生态立县”“工业强县”“旅游活县”发展战略。"))
    concepts = names(result, "Programme") | names(result, "Slogan")
    assert {"生态立县", "工业强县", "旅游活县"} <= concepts
    assert not any("”" in n or len(n) > 4 for n in concepts)


def test_straight_quotes_read_as_curly_ones(process):
    result = process(report('深入实施"强省会"战略，增强"四个意识"。'))
    assert "强省会战略" in names(result, "Programme")
    assert "四个意识" in names(result, "Slogan")


@pytest.mark.parametrize("sentence, expected", [
    ("深入开展法治护航营商环境三年行动、机关作风提升三年行动。", {"法治护航营商环境三年行动", "机关作风提升三年行动"}),
    ("扎实开展党纪学习教育，推动全面从严治党。", {"党纪学习教育"}),
    ("组织代表视察高标准农田提质工程推进情况。", {"高标准农田提质工程"}),
    ("县委把城乡供水一体化工程作为民生大事。", {"城乡供水一体化工程"}),
    ("对“一网通办”改革、背街小巷整治、老旧厂房更新等中心工作开展监督。", {"一网通办", "背街小巷整治", "老旧厂房更新"}),
    ("就托育服务、即查即改、停车难治理等工作开展调研。", {"即查即改"}),
    # a working formula listed on one side only
    ("推行首问负责、即查即改等制度。", {"即查即改"}),
    ("坚持马上就办，即查即改、立行立改等做法。", {"即查即改"}),
    ("全面推进红石榴惠民工程。", {"红石榴惠民工程"}),
    ("年内实施了农村饮水安全提升工程。", {"农村饮水安全提升工程"}),
    # a head that begins another word (工程师) before a name; a tail kept after the head (工程项目)
    ("县住建局工程师参加了调研，深入开展法治护航营商环境三年行动。", {"法治护航营商环境三年行动"}),
    ("加快推进城乡供水一体化工程项目建设。", {"城乡供水一体化工程项目"}),
    # a preposition after the verb
    ("加强对城乡供水提升工程的监督。", {"城乡供水提升工程"}),
    # a name right before a quoted one
    ("持续推进城乡供水一体化工程、“三服务”活动。", {"城乡供水一体化工程", "三服务活动"}),
])
def test_unquoted_programmes_by_head_or_list(process, sentence, expected):
    assert expected <= names(result := process(report(sentence)), "Programme"), result.entities


@pytest.mark.parametrize("text", [
    # the list is read from the start of its clause, not from items of the clause before ...
    report("推进城乡融合、乡村振兴示范建设、数字乡村建设，对“一网通办”改革、背街小巷整治、老旧厂房更新等中心工作开展监督。"),
    # ... or from the start of a text that opens with a line break, or with the list
    "\n背街小巷整治、“一网通办”改革、老旧厂房更新等中心工作全面推进。\n",
    "背街小巷整治、“一网通办”改革、老旧厂房更新等中心工作全面推进。\n",
    # a list of central tasks that quotes no programme, before one that does
    report("聚焦安全生产、项目建设、优化营商环境等重点工作。对“一网通办”改革、背街小巷整治、老旧厂房更新等中心工作开展监督。"),
    # an item quoted in part is none, a verb before an item is no part of it
    report("围绕“推进数字乡村试点、深化国企改革”、背街小巷整治、推进老旧厂房更新等中心工作开展监督。"),
    # an item with 的 is none; one of three characters is
    report("围绕“一网通办”改革、背街小巷整治、群众关心的停车难题、老旧厂房更新、护河行等中心工作开展监督。"),
])
def test_a_list_of_central_tasks_within_its_clause(process, text):
    found = {e.name: e.mentions for e in process(text).entities if e.type == "Programme"}
    assert {"背街小巷整治", "老旧厂房更新"} <= set(found)
    assert not set(found) & {"乡村振兴示范建设", "数字乡村试点", "群众关心的停车难题"}
    assert ("护河行" in found) == ("护河行" in text)
    assert all(text[m["start"]:m["end"]] == name for name in ("背街小巷整治", "老旧厂房更新") for m in found[name])


@pytest.mark.parametrize("sentence", [
    "全力推进重点工程建设，督促10项民生工程按期完工。",
    "推动城区供水提升工程、雨污分流改造工程等8件民生实事全部完成。",
    "县住建局工程师参加了调研。",
    "县委把全县重点工程作为头等大事，县水利工程管理站负责实施。",
    "举办廉政专题学习教育暨警示教育大会。",
    "聚焦安全生产、项目建设、优化营商环境等重点工作。",
    "县民政局、乡村振兴局等部门负责人列席会议。",
    "坚持有法必依、执法必严、违法必究、有错必纠、示范先行。",
    "多次督查建言，加快滨湖南路延伸工程实现贯通。",
    "视察城南水库除险加固工程推进情况。",
    # a working formula not listed
    "发现问题，即知即改。",
    # a name inside a title in 《》 that is no programme
    "印发《关于开展营商环境提升三年行动的通知》。",
])
def test_no_unquoted_programme(process, sentence):
    assert not names(process(report(sentence)), "Programme")


@pytest.mark.parametrize("sentence", [
    "2024年城乡供水提升工程全面完工，",  # no verb and no mark before it
    "加快推进群众关心的饮水工程，",  # 的 in the name
    "全力推进重点工程建设，",  # a generic modifier
    "加快滨湖南路延伸工程，",  # a construction project
    "推动城区供水提升工程等8件民生实事全部完成，",  # an item of a counted list
    "支持希望工程项目建设，",  # an ordinary word (希望工程)
])
def test_a_name_left_out_leaves_the_next_one(process, sentence):
    found = names(process(report(sentence + "深入开展法治护航营商环境三年行动。")), "Programme")
    assert found == {"法治护航营商环境三年行动"}


def test_pinyin_debris_is_read_without_it(process):
    text = report("堅持以鄧小平理論、“三個(gè)代表”重要思想為指導。")
    result = process(text)
    slogans = {e.name: e for e in result.entities if e.type == "Slogan"}
    assert "三个代表" in slogans
    mention = slogans["三个代表"].mentions[0]
    assert text[mention["start"]:mention["end"]] == mention["text"] == "三個(gè)代表"


def test_a_lexicon_term_keeps_apart_from_a_longer_name(process):
    result = process(report("全面推进乡村振兴，组织视察乡村振兴示范工程推进情况。"))
    assert {"乡村振兴", "乡村振兴示范工程"} <= names(result, "Programme")


def test_trailing_marks_stay_out_of_a_quoted_name(process):
    text = report("“为民办实事，办好民生事。”近年来，县人大常委会坚持问需于民。")
    slogans = {e.name: e for e in process(text).entities if e.type == "Slogan"}
    mention = slogans["为民办实事,办好民生事"].mentions[0]
    assert text[mention["start"]:mention["end"]] == mention["text"] == "为民办实事，办好民生事"


@pytest.mark.parametrize("sentence, name, written", [
    # a head the name absorbed, after the closing quote
    ("持续深化“三服务”活动，助力企业发展。", "三服务活动", "三服务”活动"),
    # spaces inside the quote stay in the written text, out of the name
    ("持续深化“三 服务”活动，助力企业发展。", "三服务活动", "三 服务”活动"),
    ("践行“ 事不过夜”理念，提高办事效率。", "事不过夜", " 事不过夜"),
    # trailing marks and the spaces before them stay out
    ("践行“事不过夜 。”理念，提高办事效率。", "事不过夜", "事不过夜"),
    # the count before the quote of a programme
    ("确定三个“一号工程”，集中力量推进。", "三个一号工程", "三个“一号工程"),
])
def test_a_quoted_mention_spans_what_its_name_is_written_with(process, sentence, name, written):
    text = report(sentence)
    mentions = [m for e in process(text).entities if e.name == name for m in e.mentions]
    assert [(text[m["start"]:m["end"]], m["text"]) for m in mentions] == [(written, written)]


REPEATED = "县人大常委会全体组成人员始终牢记“为民办实事，办好民生事。”"


@pytest.mark.parametrize("text, found", [
    # a quote in a repeated passage is skipped, the next quote of its chain is read
    (report(REPEATED + REPEATED + "“代表说事”机制全面推开。"),
     {("Slogan", "为民办实事,办好民生事"), ("Programme", "代表说事")}),
    # a quote across paragraphs (a quotation mark left open) is none, the next quote of its chain is read
    (report("开展“代表\n\n\n说事”“民情恳谈”机制建设。"), {("Programme", "民情恳谈")}),
    # the verb before a quote at the very start of a text
    ("践行“马上就办”，提高办事效率。\n", {("Slogan", "马上就办")}),
    # ... and before a name with a head
    ("推进城乡供水提升工程，保障群众饮水安全。\n", {("Programme", "城乡供水提升工程")}),
])
def test_quotes_skipped_or_at_the_start_of_a_text(process, text, found):
    assert {(e.type, e.name) for e in process(text).entities if e.type in ("Programme", "Slogan")} == found


def test_written_out_five_year_plans(process):
    result = process(report("审查批准县国民经济和社会发展第十五个五年规划纲要，作出开展第九个五年法治宣传教育的决议。"))
    assert {"十五五规划", "九五普法"} <= names(result, "Programme")


def test_a_formula_and_the_campaign_named_after_it_are_one(process):
    result = process(report("扎实开展“守初心、担使命”主题教育。守初心、担使命，主题教育取得实效。"))
    concepts = {(e.type, e.name) for e in result.entities if e.type in ("Programme", "Slogan")}
    assert concepts == {("Programme", "守初心、担使命主题教育")}


def test_a_formula_of_the_lexicon_takes_its_campaign_without_quotes(process):
    result = process(report("认真开展两学一做学习教育。"))
    assert names(result, "Programme") == {"两学一做学习教育"}


@pytest.mark.parametrize("sentence, found", [
    # a term of the lexicon with the campaign named after it, after no verb
    ("2016年两学一做学习教育全面启动。", {("Programme", "两学一做学习教育")}),
    ("2019年不忘初心、牢记使命主题教育全面启动。", {("Programme", "不忘初心、牢记使命主题教育")}),
    # a campaign that is itself a term of the lexicon goes on to the term after it
    ("常委会听取两学一做主题教育开展情况报告，增强四个意识。",
     {("Programme", "两学一做主题教育"), ("Slogan", "四个意识")}),
    # terms written one right after the other
    ("全面推行河长制湖长制，守护绿水青山。", {("Programme", "河长制"), ("Programme", "湖长制")}),
    # a term inside a longer word (意识形态), or inside a name found before, is none
    ("加强第四个意识形态阵地建设。", set()),
    ("组织视察乡村振兴示范工程推进情况。", {("Programme", "乡村振兴示范工程")}),
])
def test_lexicon_terms_in_running_text(process, sentence, found):
    text = report(sentence)
    mentions = [(e.type, e.name, m) for e in process(text).entities if e.type in ("Programme", "Slogan")
                for m in e.mentions]
    assert {(t, n) for t, n, _ in mentions} == found
    assert [text[m["start"]:m["end"]] for _, _, m in mentions] == [n for _, n, _ in mentions]


def test_a_lexicon_term_at_the_very_start_of_a_text(process):
    assert names(process("乡村振兴取得新成效。\n"), "Programme") == {"乡村振兴"}


def test_a_repeated_passage_names_its_terms_once(process):
    sentence = "常委会坚持以全过程人民民主为引领，审议《常山县柑橘产业发展三年行动计划》，扎实开展“代表说事”活动，" \
               "推进党纪学习教育。"
    text = report(sentence + sentence + "审议《常山县城乡供水一体化实施方案》。")
    mentions = [(e.name, m) for e in process(text).entities if e.type in ("Programme", "Slogan") for m in e.mentions]
    assert sorted(n for n, _ in mentions) == sorted(["全过程人民民主", "常山县柑橘产业发展三年行动计划", "代表说事",
                                                     "党纪学习教育", "常山县城乡供水一体化实施方案"])
    assert all(text[m["start"]:m["end"]] == m["text"] for _, m in mentions)
    assert next(m for n, m in mentions if n == "党纪学习教育")["text"] == "党纪学习教育"


def test_no_programme_inside_a_law_title(process):
    text = report("学习《中华人民共和国乡村振兴促进法》，推进乡村振兴。")
    mentions = [m for e in process(text).entities if e.type == "Programme" for m in e.mentions]
    assert [(m["start"], m["text"]) for m in mentions] == [(text.rindex("乡村振兴"), "乡村振兴")]


def test_every_way_of_finding_a_programme_names_itself_in_the_debug_output(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    path = tmp_path / "r.txt"
    path.write_text(report("制定《常山县柑橘产业发展三年行动计划》，建立“代表说事”机制，扎实开展党纪学习教育，"
                           "践行全过程人民民主。"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["mentions", str(path)])
    assert result.exit_code == 0, result.output
    found = [(m["key"], m["source"]) for m in map(json.loads, result.output.splitlines())
             if m["type"] in ("Programme", "Slogan")]
    assert found == [("常山县柑橘产业发展三年行动计划", "book"), ("代表说事", "quote:programme_head"),
                     ("党纪学习教育", "head"), ("全过程人民民主", "lexicon")]


def test_a_two_character_core_joins_no_other_name(process):
    result = process(report("结合县委实施“强村行动”，开展“强村有我·岗位建功”主题活动。"))
    assert {"强村行动", "强村有我·岗位建功"} <= names(result, "Programme")
