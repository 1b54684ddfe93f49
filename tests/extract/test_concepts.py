"""Programmes and slogans: classification by context, names, and what is left out."""
import pytest

from kg.extract.concepts import classify
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
])
def test_classifies_quoted_terms(term, before, after, expected):
    assert classify(term, before, after) == expected


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
    result = process(report("推动县政府制定《忠县柑橘产业高质量发展三年行动计划》《忠县柑橘产业监督管理机制》。", "忠县"))
    assert {"忠县柑橘产业高质量发展三年行动计划", "忠县柑橘产业监督管理机制"} <= names(result, "Programme")
