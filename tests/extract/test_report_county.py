"""The report's own area (`find_report_county`) where the opening names no county:
by the county the text names most, and by short forms."""
import pytest

# an opening of well over 200 characters that names no area: the title rule does not decide
OPENING = (
    "常务委员会工作报告\n\n各位代表：\n"
    "现在，我受常务委员会委托，向大会报告工作，请予审议。过去的一年，常委会在党委的坚强领导下，"
    "坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，依法行使监督权、决定权"
    "和任免权，紧扣中心大局，聚焦民生关切，认真履行宪法和法律赋予的各项职责，为推动经济社会高质量"
    "发展作出了积极贡献。一年来，共召开常委会会议八次，听取和审议专项工作报告十二个，开展执法检查"
    "三次，作出决议决定五项，任免国家机关工作人员四十六人次，办理代表建议六十件。\n"
)


def test_the_opening_names_no_area():
    from kg.reference import gazetteer

    assert len(OPENING) > 200
    assert not list(gazetteer.load().iter_matches(OPENING))


@pytest.mark.parametrize("body, code", [
    # the county named most often by its full name
    ("组织代表赴宣恩县学习，推动江陵县经济社会发展，江陵县各项事业取得新成效。", "421024"),
    # of counties named equally often, the one named first
    ("组织代表赴来凤县、宣恩县学习考察。", "422827"),
    # a former name (萧山市) is no full name
    ("组织代表赴萧山市学习，萧山市的经验值得借鉴，推动常山县高质量发展。", "330822"),
    # a short form shared by two districts (普陀): the one whose prefecture the text names
    ("区人大常委会助力舟山海洋经济发展，为普陀高质量发展贡献力量，普陀人大将继续努力。", "330903"),
    # a short form that is an ordinary word (平安) names no county
    ("区人大常委会围绕平安建设开展调研，推动平安创建工作深入开展，全区上下共同努力。", None),
])
def test_county_named_in_the_body(process, body, code):
    assert process(OPENING + body + "\n").facts.county_code == code


@pytest.mark.parametrize("text, code", [
    # a short form in the title counts twice (丰台, with 区 as the text's own suffix)
    ("丰台人大常委会工作报告\n\n各位代表：\n一年来，区人大常委会依法履职，全区上下共同奋斗。\n", "110106"),
    # … not three times: a short form named three times in the body outweighs it
    ("丰台人大常委会工作报告\n\n各位代表：\n一年来，区人大常委会学习海淀经验，海淀的做法、海淀的成效值得借鉴。\n",
     "110108"),
    # a first line of over 60 characters is no title: a name at its start counts once
    ("丰台、海淀两区人大常委会联合开展生态环境保护执法检查，检查组先后察看了两区交界处的河道治理和垃圾分类工作，"
     "听取了有关部门的情况汇报。\n全区上下共同努力，海淀人大将继续深化合作。\n", "110108"),
])
def test_short_forms_in_the_title(process, text, code):
    assert process(text).facts.county_code == code


@pytest.mark.parametrize("text, code", [
    # a county of an ambiguous name in the title, resolved by the city named before it
    ("关于长春市朝阳区城市更新工作情况的调研报告\n\n各位代表：\n区人大常委会组织开展调研。\n", "220104"),
    # … before the reporting body, by a short form (北京) named anywhere
    ("朝阳区人大常委会工作报告\n\n各位代表：\n一年来，区人大常委会服务首都北京发展大局。\n", "110105"),
    # … by the province written before it, though the text names the other's more
    ("北京市朝阳区人大常委会工作报告\n\n各位代表：\n一年来，区人大常委会组织代表赴吉林省长春市考察学习。\n", "110105"),
])
def test_ambiguous_county_names(process, text, code):
    assert process(text).facts.county_code == code


def test_a_name_that_opens_the_text_after_a_surname_is_a_person(process):
    """王萧山 at the very start of a news item on its session is a person, not 萧山区."""
    text = ("王萧山代表在区九届人大四次会议上发言，建议加强基层治理，推动城乡融合发展，"
            "区人大常委会主任张明等出席会议并听取了代表们的意见建议。\n")
    assert process(text).facts.county_code is None
