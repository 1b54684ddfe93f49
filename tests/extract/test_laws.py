"""Laws: titles, canonical names, and inspections this year or next."""
import pytest

from kg.extract.laws import canonical_title
from tests.extract.helpers import names, relations, report


@pytest.mark.parametrize("title, county_code, expected", [
    ("就业促进法", "330822", "中华人民共和国就业促进法"),
    ("宪法", "330822", "中华人民共和国宪法"),
    ("监督法", "330822", "中华人民共和国各级人民代表大会常务委员会监督法"),
    ("全民健身条例", "330822", "浙江省全民健身条例"),
    ("浙江省乡镇人大工作条例", "330802", "浙江省乡镇人民代表大会工作条例"),
    ("医疗保障基金使用监督管理条例", "140826", "医疗保障基金使用监督管理条例"),
    ("区人大代表联络站“快来议事”规则", "330802", "柯城区人大代表联络站“快来议事”规则"),
    ("重庆市养犬管理条例", "500233", "重庆市养犬管理条例"),
])
def test_canonical_titles(title, county_code, expected):
    assert canonical_title(title, county_code) == expected


def test_enumerated_inspection(process):
    text = report("开展环境保护法、法官法、乡村振兴促进法、职业教育法、医师法、医疗保障基金使用监督管理条例等6部法律法规的执法检查。", "绛县")
    inspected = {o for s, o in relations(process(text), "inspectedLaw")}
    assert inspected == {"中华人民共和国环境保护法", "中华人民共和国法官法", "中华人民共和国乡村振兴促进法",
                         "中华人民共和国职业教育法", "中华人民共和国医师法", "医疗保障基金使用监督管理条例"}


def test_coordinated_titles_share_their_jurisdiction(process):
    text = report("深入贯彻落实浙江省乡镇人大工作条例和街道人大工作条例，出台一系列制度。", "柯城区")
    assert {"浙江省乡镇人民代表大会工作条例", "浙江省街道人大工作条例"} <= names(process(text), "Law")


@pytest.mark.parametrize("sentence", [
    "开展就业促进法执法检查审议意见落实情况跟踪监督，推动政府出台全省首个企业高质量稳岗就业奖。",
    "积极协助市人大常委会开展《中华人民共和国治安管理处罚法》《重庆市消防条例》等5部法律法规实施情况“回头看”。",
    "认真贯彻落实预算法及中办《关于加强人大对政府债务审查监督的意见》要求。",
    "大力弘扬宪法精神，组织宪法宣誓133人次。",
])
def test_not_an_inspection(process, sentence):
    assert relations(process(report(sentence)), "inspectedLaw") == set()


def test_plan_section_gives_planned_inspections(process):
    text = report("一、过去一年主要工作\n\n开展《浙江省禁毒条例》执法检查。" + "全年工作扎实推进。" * 30
                  + "\n\n二、2024年主要任务\n\n开展《妇女权益保障法》执法检查。", "柯城区").replace("常山县", "柯城区")
    result = process(text)
    assert relations(result, "inspectedLaw") == {("柯城区", "浙江省禁毒条例")}
    assert relations(result, "plansInspection") == {("柯城区", "中华人民共和国妇女权益保障法")}


def test_grouped_references_are_not_laws(process):
    text = report("配合省、市人大常委会开展乡村振兴促进“一法一条例”、农民专业合作社“一法一办法”等执法检查。", "江陵县")
    assert names(process(text), "Law") == set()
