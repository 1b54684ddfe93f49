"""Counties and places: full and short names, codes, former names, townships."""
import pytest

from tests.extract.helpers import names, relations, report


@pytest.mark.parametrize("sentence, county, expected", [
    ("上海奉贤、广东韶关、湖南岳阳等30余批次省内外人大代表来常考察学习。", "常山县",
     {"奉贤区", "上海市", "广东省", "韶关市", "湖南省", "岳阳市"}),
    ("赴宣恩县、来凤县、长阳县、京山县、沙市区等地交流学习。", "江陵县",
     {"宣恩县", "来凤县", "长阳土家族自治县", "京山市", "沙市区"}),
    ("组织区人大代表分2期赴深圳和昆明开展全区人大代表履职业能提升培训。", "柯城区", {"深圳市", "昆明市"}),
    ("如天马街道“天天联系、马上监督”、芳村镇“U督芳村、U你未来”等品牌。", "常山县", {"天马街道", "芳村镇"}),
    ("深入学习贯彻党的二十大和习近平总书记考察浙江重要讲话精神。", "常山县", {"浙江省"}),
])
def test_finds_areas(process, sentence, county, expected):
    result = process(report(sentence, county))
    assert expected <= names(result, "County") | names(result, "Place")


@pytest.mark.parametrize("sentence, county, unwanted", [
    ("经验做法在全省人大环境与资源保护工作座谈会上作书面交流。", "常山县", "资源县"),
    ("组织视察农民集聚工程推进和城区地下空间利用情况。", "常山县", "城区"),
    ("引领代表在平安绛县、法治绛县建设中担当作为。", "绛县", "平安区"),
    ("推进城乡融合发展和乡村振兴等建议。", "江陵县", "振兴区"),
    ("市委和县委提高县域治理水平。", "绛县", "和县"),
    ("深入开展长江忠县支流流域水污染防治、白石水库水资源保护目标完成情况专题调研。", "忠县", "白石镇"),
])
def test_ignores_ordinary_words(process, sentence, county, unwanted):
    result = process(report(sentence, county))
    assert unwanted not in names(result, "County") | names(result, "Place")


def test_codes_and_parents(process):
    result = process(report("赴宣恩县、长阳县学习。", "江陵县"))
    codes = {e.name: e.code for e in result.entities}
    assert codes["长阳土家族自治县"] == "420528"
    assert codes["江陵县"] == "421024"
    assert ("宣恩县", "恩施土家族苗族自治州") in relations(result, "partOf")
    assert ("江陵县", "荆州市") in relations(result, "partOf")


def test_municipality_counties_are_part_of_the_municipality(process):
    result = process("# 忠县人常委会工作报告\n\n忠县人大常委会深入推进工作。\n")
    assert ("忠县", "重庆市") in relations(result, "partOf")


def test_township_typo_is_resolved_within_the_county(process):
    text = report("如天马街道“天天联系、马上监督”、东案乡“东风化雨、三榜定案”、芳村镇“U督芳村”等品牌。")
    assert "东案乡" in names(process(text), "Place")


def test_deixis_mentions_the_reports_county(process):
    result = process(report("推动我县深入实施“八八战略”，全县14个乡镇人大积极组织。"))
    county = next(e for e in result.entities if e.name == "常山县")
    assert {"我县", "全县"} <= {m["text"] for m in county.mentions}
