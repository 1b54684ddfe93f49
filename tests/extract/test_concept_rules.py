"""The rules that classify a quoted term, one row (or more) per rule: the sentence,
what the quote in it is, and which rule of QUOTE_RULES decides so."""
import json

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.extract.concepts import CHAIN, COUNTED, QUOTE, QUOTE_RULES, TRAILING_MARKS, quote_decision
from kg.extract.rules import Decision
from tests.extract.helpers import report

P, S = "Programme", "Slogan"

# (sentence, decision, rule): the first quote of the sentence in its context.
ROWS = [
    ("全体机关干部认真参加“两学一做”学习教育，筑牢思想根基。", (P, "两学一做学习教育"), "lexicon_term_with_head"),
    ("常委会组成人员进一步增强“四个意识”，坚定拥护“两个确立”。", (S, "四个意识"), "lexicon_term"),
    ("把“实”字贯穿监督工作全过程。", None, "single_character"),
    ("依法监督“一府一委两院”工作，全年听取专项报告12个。", None, "organisation"),
    ("推动代表建议办理满意率保持“100%”，办结率逐年提高。", None, "figure_or_markup"),
    ("重点督办代表提出的“关于加快农村公路建设”议案，推动落实。", None, "document"),
    ("深入学习“关于加强人大代表工作的意见”精神，提升履职能力。", None, "document"),
    ("配合开展食品安全“一法一条例”执法检查。", None, "grouped_laws"),
    ("结合“六一儿童节”开展未成年人保护法宣传。", None, "holiday"),
    ("建立“问题清单”，逐项跟踪销号。", None, "list_or_study"),
    ("在各乡镇设立“代表议事驿站”，方便群众反映诉求。", None, "place"),
    ("加快打通“断头路”，方便群众出行。", None, "site_word"),
    ("全面清理“空心房”，盘活闲置土地。", None, "site_word"),
    ("加快推进“尾矿坝”综合治理，消除安全隐患。", None, "site_word"),  # 尾矿: frequency 30
    ("坚决整治“庸懒散”作风，提升机关效能。", None, "fault_to_remove"),
    ("努力让“纸面条款”变为“群众实惠”。", None, "transformation"),
    ("一季度全县经济运行实现“开门红”，增速居全市前列。", None, "outcome"),
    ("用“小切口”推动“大变化”，提升监督实效。", None, "pair"),
    ("着力破解“停车难”问题，回应群众关切。", None, "description"),
    ("科学编制“十五五”时期发展蓝图。", (P, "十五五规划"), "five_year_plan"),
    ("审议“十四五”规划纲要实施中期评估报告。", (P, "十四五规划纲要"), "five_year_plan"),
    ("高质量完成“十四五”纲要中期评估。", (P, "十四五纲要"), "five_year_plan"),
    ("全面开展“学党史、悟思想”专题教育。", (P, "学党史、悟思想专题教育"), "enumeration_with_head"),
    ("健全“提、办、督、评”全链条机制，提高建议办理质量。", (P, "提、办、督、评"), "listed_characters"),
    ("健全“提、办、督”闭环机制，提高建议办理质量。", (P, "提、办、督"), "listed_characters"),
    ("始终做到“快、准、实”，不断提升服务水平。", None, "characters_without_head"),
    ("推进“清廉机关建设、数字乡村工程”两项重点工作。", None, "listed_names"),
    ("持续擦亮“民情直通车、代表连心桥”品牌。", (P, "民情直通车、代表连心桥"), "enumeration"),  # one name only
    ("全体代表牢记“讲政治、守规矩、重实干”，勇于担当。", (S, "讲政治、守规矩、重实干"), "parallel_clauses"),
    ("健全“党委领导、人大主导、政府依托、各方参与”立法工作体系。", (S, "党委领导、人大主导、政府依托、各方参与"),
     "parallel_clauses"),
    ("针对“看病难、上学远”等民生难题开展专题调研。", None, "enumeration_of_examples"),
    ("打造“可感、可知”的监督成果。", None, "enumeration_before_de"),
    ("坚持“小切口、大纵深”的“短平快”立法模式。", (S, "小切口、大纵深"), "enumeration"),
    ("将“听民声、解民忧”贯穿履职全过程。", None, "enumeration_moved"),
    ("深入推进“小区通、网格通”建设，夯实基层基础。", (P, "小区通、网格通"), "enumeration"),
    ("始终坚持“人民至上、生命至上”，守护群众安全。", (S, "人民至上、生命至上"), "enumeration"),
    ("深入开展“送法下乡、送法进村”等活动，增强法治意识。", (P, "送法下乡、送法进村"), "enumeration"),
    ("开通“12345”热线，畅通群众诉求渠道。", None, "symbols"),
    ("开通“ETC”专用通道，方便群众出行。", None, "symbols"),
    ("打造“VIP”代表服务窗口，提升服务水平。", None, "symbols"),
    ("各部门下好“一盘棋”，形成工作合力。", None, "metaphor"),
    ("持续深化“三服务”活动，助力企业发展。", (P, "三服务活动"), "absorbed_head"),
    # one to three characters, then a head that a short name absorbs with them
    ("实施“领头雁”培育工程，壮大村级集体经济。", (P, "领头雁培育工程"), "absorbed_head"),
    ("开展“清源”专项行动，净化网络环境。", (P, "清源专项行动"), "absorbed_head"),
    ("深入实施“强省会”发展战略，提升城市能级。", (P, "强省会发展战略"), "absorbed_head"),
    ("倾力打造“连心”品牌，服务群众零距离。", None, "common_word_before_head"),
    ("建立“代表说事”机制，推动问题就地解决。", (P, "代表说事"), "programme_head"),
    ("全面落实“双碳”战略部署，推动绿色发展。", (P, "双碳"), "programme_head"),  # 战略部署: no head absorbed
    ("深入开展“代表接待日”“民情恳谈会”活动，倾听民声。", (P, "代表接待日"), "programme_head"),
    ("当好人民群众的“贴心人”，履职尽责。", None, "common_word"),
    ("形成“闭环机制”，确保问题整改到位。", None, "ordinary_compound"),
    ("严格落实“打卡制度”，规范机关管理。", None, "ordinary_compound"),  # 打卡: frequency 30
    ("践行“事不过夜”理念，提高办事效率。", (S, "事不过夜"), "slogan_head"),
    # a programme's head, or a kind after 等, that a longer slogan's head follows
    ("锚定“生态立县”等战略目标，奋力争先。", (S, "生态立县"), "slogan_head"),
    ("严格执行“首问负责”等制度要求，提升服务水平。", (S, "首问负责"), "slogan_head"),
    ("坚持“生态立县·绿色发展”，守护绿水青山。", (S, "生态立县·绿色发展"), "dotted_slogan"),
    ("全力打响“山水名城·幸福家园”，提升城市品位。", (P, "山水名城·幸福家园"), "dotted_brand"),
    ("展现“最美基层”的风采，凝聚奋进力量。", None, "modifier_before_de"),
    ("践行“马上就办”的“店小二”精神，优化营商环境。", (S, "马上就办"), "slogan_verb"),  # 的 and another quote
    ("提出“群众的事情再小也是大事情必须用心办好”，引起共鸣。", None, "long_plain"),
    ("始终秉持“让人民群众感受到公平正义”，依法履职。", (S, "让人民群众感受到公平正义"), "slogan_verb"),  # 12, not too long
    ("打造“和美”乡风，助力乡村振兴。", None, "two_characters"),
    ("以“强县工程”为抓手，推动产业升级。", (P, "强县工程"), "guide_named_programme"),
    ("以“有解思维”为引领，破解发展难题。", (S, "有解思维"), "guide"),
    ("常委会组成人员始终做到“三个确保”，守牢底线。", (S, "三个确保"), "counted_formula_upheld"),
    ("全体代表努力做到“四个始终走在前列”，勇于担当。", (S, "四个始终走在前列"), "counted_formula_upheld"),
    # a counted formula that a verb carries out, and one too long for a formula
    ("常委会扎实开展“四个走遍”，深入基层听取民意。", (P, "四个走遍"), "formula"),
    ("全体代表心怀“三个不能让人民失望”，勇于担当。", None, "no_cue"),
    ("全面落实“三级联动”，上下协同推进。", (P, "三级联动"), "formula"),
    # a numbered formula of eight characters, the longest, with no verb; one of nine is none
    ("全县“一村一品一镇一业”格局初步形成。", (P, "一村一品一镇一业"), "formula"),
    ("全县“一乡一品一村一特色”格局初步形成。", None, "no_cue"),
    ("确定三个“一号工程”，集中力量推进。", (P, "一号工程"), "formula"),
    ("常委会认真开展“双联系”“三走访”，密切联系群众。", (P, "双联系"), "formula"),
    ("始终秉持“事事有回音”，回应代表关切。", (S, "事事有回音"), "slogan_verb"),
    ("持续深化“街乡吹哨”，提高基层治理效能。", (P, "街乡吹哨"), "programme_verb"),
    ("推行“马上办”等便民举措，提升服务效能。", (P, "马上办"), "programme_verb"),  # 等 and no kind
    ("持续深化“街乡吹哨”为基层减负，提高治理效能。", (P, "街乡吹哨"), "programme_verb"),  # 为 without 以
    ("全县“民情直通车”深入人心，群众好评如潮。", (P, "民情直通车"), "programme_name"),
    ("群众亲切地称代表们为“红马甲”，点赞履职。", None, "no_cue"),
]


def first_quote(sentence: str) -> tuple:
    """The first quote of `sentence` with the context the pipeline gives it: 20
    characters before, 12 after, the count before it, the cue after its chain."""
    chain = CHAIN.search(sentence)
    quotes = list(QUOTE.finditer(sentence, chain.start(), chain.end()))
    m = quotes[0]
    before = sentence[max(0, m.start() - 20):m.start()]
    chain_after = sentence[chain.end():chain.end() + 12] if len(quotes) > 1 else None
    term = TRAILING_MARKS.sub("", m.group(1).strip())
    return term, before, sentence[m.end():m.end() + 12], bool(COUNTED.search(before)), chain_after


@pytest.mark.parametrize("sentence, decision, rule", ROWS)
def test_rule_decides_the_quote(sentence, decision, rule):
    assert quote_decision(*first_quote(sentence)) == Decision(decision, rule)


@pytest.mark.parametrize("sentence", [
    "深入开展“学党史、强信念”等主题教育，筑牢思想根基。",
    "组织开展“进企业、进社区”等系列宣讲，普及法律知识。",
])
def test_a_list_before_a_campaign_or_series_gives_no_examples(sentence):
    assert quote_decision(*first_quote(sentence)).rule != "enumeration_of_examples"


def test_every_rule_has_a_row():
    assert [r.name for r in QUOTE_RULES if r.name not in {row[2] for row in ROWS}] == []


def test_the_rule_reaches_the_debug_output(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(report("建立“代表说事”机制，推动问题就地解决。"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["mentions", str(path)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    quoted = [(m["key"], m["source"]) for m in lines if m["type"] == P]
    assert quoted == [("代表说事", "quote:programme_head")]
    assert all(path.read_text(encoding="utf-8")[m["start"]:m["end"]] == m["text"] for m in lines)


@pytest.mark.parametrize("term, common", [
    ("不骄不躁", True),  # an ordinary word: frequency 6, the least
    ("常态化", True),   # a word in 化 of up to three characters ...
    ("去行政化", False),  # ... not four
    ("全覆盖", True),   # 全 and one or two characters
    ("一公里", True),   # a count and an ordinary word (公里) ...
    ("一间书吧", True),  # ... or a count, a measure word and an ordinary word (书吧: frequency 20, the least)
    ("一张时间表", False),  # ... in up to four characters
    ("八八战略", False),
])
def test_ordinary_words(term, common):
    from kg.extract.concepts import is_common

    assert is_common(term) is common
