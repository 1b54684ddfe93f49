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
    # a full name that begins a word with a body (湖南省人民政府)
    ("8项工作获得湖南省人民政府真抓实干表彰激励。", "衡南县", {"湖南省"}),
    # a word of jieba's made of two names of different lengths (湖南 and 长沙市)
    ("组织代表赴湖南长沙市考察学习。", "常山县", {"湖南省", "长沙市"}),
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


@pytest.mark.parametrize("text, county", [
    # a name inside a word (开县 in 召开县…) is no name; the county named in the body is
    ("县十七届人大常委会第二十九次主任会议召开\n\n4月3日，会议研究了《望江县乡镇人大工作任务清单》和《望江县人大代表履职办法》。\n",
     "望江县"),
    # an acting county head (代县长) is no 代县
    ("县委副书记、代县长王红到会场看望代表，认真听取意见。县人大常委会工作报告目标定位准。推进岱山实践，建设美丽岱山。\n", "岱山县"),
    # short forms only, with the text's own suffix (区人大常委会, 全区)
    ("2024\n主要工作\n一年来，区人大常委会推进高品质丰台建设，为丰台发展贡献力量，全区上下共同奋斗。\n", "丰台区"),
    # a prefecture that reports itself
    ("刘志强作工作报告。\n各位代表：\n我受衢州市人民代表大会常务委员会的委托，向大会报告工作，请予审议。过去的一年，是市八届人大常委会的开局之年。\n",
     "衢州市"),
    ("——2025年1月8日在恩施土家族苗族自治州第八届人民代表大会第四次会议上\n州人大常委会主任 张明\n各位代表：\n",
     "恩施土家族苗族自治州"),
    # the innermost area before the congress
    ("——2023年12月26日在杭州市上城区第二届人民代表大会\n第三次会议上\n上城区人大常委会主任 张明\n各位代表：\n", "上城区"),
    # a two-character name right after other text needs the context of delivery
    ("8月26日，县第十七届人大常委会举行第二十次会议。会议听取了县人民政府《关于财政预算执行情况的报告》和县人大常委会农环委的报告。\n",
     None),
    # a news item on its own session that names its district once, by short form
    ("1月18日上午，区九届人大四次会议在萧山剧院举行第二次全体会议。区人大常委会主任张明作工作报告。全区上下共同奋斗。\n",
     "萧山区"),
    ("1月18日上午，区九届人大四次會議在蕭山劇院舉行第二次全體會議。區人大常委會主任張明作工作報告。\n", "萧山区"),
    # … but not where the short form ends a person's name, nor in a text on no session
    ("8月26日，县第十七届人大常委会举行第二十次会议，县人大常委会主任张明主持会议，县人大常委会副主任朱永昌、张鹉及县人大常委会组成人员出席会议。\n",
     None),
    ("1月18日上午，区九届人大四次会议举行第二次全体会议，区人大常委会主任张明作工作报告，区人大常委会副主任王萧山、李明及区人大常委会组成人员出席。\n",
     None),
    ("1月18日上午，区九届人大四次会议举行第二次全体会议，区人大常委会主任张明作工作报告，报告指出，区人大常委会去年组织代表赴萧山考察学习。\n",
     None),
    ("8月26日，区人大常委会组织代表在萧山剧院观看演出，区人大常委会主任张明、副主任李明及区人大常委会组成人员参加了本次活动并交流体会。\n", None),
])
def test_report_county(process, text, county):
    assert process(text).facts.county == county


@pytest.mark.parametrize("sentence, county, expected", [
    # a former suffix: a town that became a street
    ("县人大常委会于2018年在天马镇进行探索试点，2019年各镇都实行了票决。", "常山县", "天马街道"),
    # an abbreviation by characters in order
    ("区人大常委会主任回到原选区——崇外街道的代表联络站，参加活动。", "东城区", "崇文门外街道"),
    ("永外街道代表小组开展活动。", "东城区", "永定门外街道"),
])
def test_township_variants(process, sentence, county, expected):
    result = process(report(sentence, county))
    assert expected in names(result, "Place")
    assert (expected, county) in relations(result, "partOf")


@pytest.mark.parametrize("sentence, county, unwanted", [
    ("各镇街道都实行了票决，全县乡镇人大积极参与。", "常山县", "镇街道"),
    ("县委副书记、代县长王红出席会议。", "常山县", "代县"),
    # 朝阳 begins 朝阳门 but does not end it: no abbreviation
    ("区人大代表与朝阳街道的居民开展交流。", "东城区", "朝阳门街道"),
    # 大门 takes 大红门 in order, but is an ordinary word
    ("整治学校大门街道两侧乱停乱放现象。", "丰台区", "大红门街道"),
    # a short form one character after a county (的) is no list
    ("学习借鉴宣恩县的平安建设经验。", "常山县", "平安区"),
    # a word that is one name (a development zone, no county) holds no other name
    ("组织代表视察唐山高新技术产业开发区的科技创新工作。", "路北区", "唐山市"),
])
def test_no_false_townships_or_titles(process, sentence, county, unwanted):
    result = process(report(sentence, county))
    assert not any(unwanted in n for n in names(result, "County") | names(result, "Place") if n != county)


@pytest.mark.parametrize("text, county", [
    ("本报讯 1月5日，沛县第十八届人民代表大会第三次会议举行第二次全体会议。\n", "沛县"),
    ("会议指出，沛县人大常委会一年来依法履职。全县上下共同努力，沛县经济社会发展取得新成效。\n", "沛县"),
])
def test_two_character_county_at_the_start_of_a_clause(process, text, county):
    assert process(text).facts.county == county


@pytest.mark.parametrize("text, expected", [
    # a list of short names that opens the text: each is the other's context
    ("深圳、昆明两地人大代表先后来常山县考察交流。\n", {"深圳市", "昆明市"}),
    ("义乌和温岭两地的人大代表来我县交流学习。\n常山县人大常委会\n", {"义乌市", "温岭市"}),
])
def test_list_at_the_start_of_a_text(process, text, expected):
    result = process(text)
    assert expected <= names(result, "County") | names(result, "Place")


@pytest.mark.parametrize("text, expected", [
    # a short form after a place verb, at the very start of a text and inside it
    ("赴深圳考察学习城市更新工作。\n", "深圳市"),
    (report("组织代表赴深圳考察学习城市更新工作。"), "深圳市"),
    # … or before 等地
    (report("学习借鉴深圳等地的先进经验。"), "深圳市"),
])
def test_short_forms_in_the_context_of_a_place(process, text, expected):
    assert expected in names(process(text), "Place")


@pytest.mark.parametrize("county, stem, suffix, expected", [
    # 常山县, 东城区, 通州区 and 丰台区 (Beijing)
    # a former suffix (天马镇 is now 天马街道)
    ("330822", "天马", "镇", "天马街道"),
    # an abbreviation by characters in order, of a stem of four and of three characters
    ("110101", "崇外", "街道", "崇文门外街道"),
    ("110112", "张湾", "镇", "张家湾镇"),
    # not a township's own name, nor a stem that ends otherwise, nor an ordinary word
    ("110101", "崇文门外", "街道", None),
    ("110101", "朝阳", "街道", None),
    ("110106", "大门", "街道", None),
])
def test_township_index(county, stem, suffix, expected):
    """The index built afresh (the pipeline keeps one per county)."""
    from kg.extract.places import _TownshipIndex
    from kg.reference import gazetteer

    gz = gazetteer.load()
    found = _TownshipIndex(gz.townships_by_county[county]).variant(stem, suffix)
    assert (gz.divisions[found].name if found else None) == expected
