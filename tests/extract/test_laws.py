"""Laws: titles, canonical names, and inspections this year or next."""
import pytest

from kg.extract.laws import _level_names, abbreviate_congress, canonical_title
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


@pytest.mark.parametrize("sentence, expected", [
    ("常委会听取专利条例实施情况报告，提出审议意见。", {"浙江省专利条例"}),
    ("审议了河道管理条例贯彻情况的报告。", {"浙江省河道管理条例"}),
])
def test_a_verb_before_a_listed_title_is_no_part_of_it(process, sentence, expected):
    assert names(process(report(sentence)), "Law") == expected


def test_coordinated_titles_share_their_jurisdiction(process):
    text = report("深入贯彻落实浙江省乡镇人大工作条例和街道人大工作条例，出台一系列制度。", "柯城区")
    assert {"浙江省乡镇人民代表大会工作条例", "浙江省街道人大工作条例"} <= names(process(text), "Law")


@pytest.mark.parametrize("sentence", [
    "开展就业促进法执法检查审议意见落实情况跟踪监督，推动政府出台全省首个企业高质量稳岗就业奖。",
    "积极协助市人大常委会开展《中华人民共和国治安管理处罚法》《重庆市消防条例》等5部法律法规实施情况“回头看”。",
    "认真贯彻落实预算法及中办《关于加强人大对政府债务审查监督的意见》要求。",
    "大力弘扬宪法精神，组织宪法宣誓133人次。",
    # an inspection verb in an earlier clause of the sentence is another inspection
    "安全生产检查结束后，常委会听取了就业促进法实施情况的报告。",
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


@pytest.mark.parametrize("title, county_code, expected", [
    ("陜西省秦岭生态环境保护条例", "610921", "陕西省秦岭生态环境保护条例"),
    ("陕西秦岭生态环境保护条例", "610921", "陕西省秦岭生态环境保护条例"),
    ("自治县自治条例", "511133", "马边彝族自治县自治条例"),
    ("市物业管理条例", "610921", "安康市物业管理条例"),
    ("常山县乡村振兴促进条例(草案)", "330822", "常山县乡村振兴促进条例"),
    ("浙江省河道管理条例修订草案", "330822", "浙江省河道管理条例"),
    ("关于修改<浙江省河道管理条例>的决定", "330822", "关于修改〈浙江省河道管理条例〉的决定"),
    (" 中华人民共和国大气污染防治法", "330822", "中华人民共和国大气污染防治法"),
    ("市场主体登记管理条例", "330822", "中华人民共和国市场主体登记管理条例"),
    ("地方各级人大和地方各级人民政府组织法", "330822", "中华人民共和国地方各级人民代表大会和地方各级人民政府组织法"),
    # a bare level character stands for the report's own area at that level ...
    ("省物业管理条例", "330822", "浙江省物业管理条例"),
    ("州人大常委会讨论决定重大事项规定", "422802", "恩施土家族苗族自治州人大常委会讨论决定重大事项规定"),
    # ... 市 in a county-level city's report for the city itself, also before a 办法
    ("市人大常委会讨论决定重大事项办法", "330881", "江山市人大常委会讨论决定重大事项办法"),
    # ... a 办法 as a 条例 (not a national law …法)
    ("市物业管理办法", "330822", "衢州市物业管理办法"),
    # ... but not where it begins a word (市场, 区际) or a word of level (县直, 市域, 旗级, 州属)
    ("市场监管条例", "330822", "浙江省市场监管条例"),
    ("区际生态补偿条例", "330822", "浙江省区际生态补偿条例"),
    ("县直单位管理条例", "330822", "浙江省县直单位管理条例"),
    ("市域社会治理条例", "330822", "浙江省市域社会治理条例"),
    ("旗级机关管理条例", "150102", "内蒙古自治区旗级机关管理条例"),
    ("州属国有企业管理条例", "422802", "湖北省州属国有企业管理条例"),
    # another county's name that differs from the report's own by one character is no variant of it
    ("象山县海洋渔业条例", "330822", "象山县海洋渔业条例"),
    # a 办法 the law list has under the report's prefecture is the prefecture's
    ("餐饮业油烟管理办法", "330424", "嘉兴市餐饮业油烟管理办法"),
    # the report's own prefecture by its short name (恩施州, not 恩施)
    ("恩施州城乡规划管理条例", "422802", "恩施土家族苗族自治州城乡规划管理条例"),
    # the shortest titles: the area with a variant character, or by its short name, and the kind
    ("陜西省条例", "610921", "陕西省条例"),
    ("陕西条例", "610921", "陕西省条例"),
    # titles of national bodies keep them
    ("全国人民代表大会常务委员会关于加强基层治理的决定", "330822", "全国人民代表大会常务委员会关于加强基层治理的决定"),
    ("中共中央关于加强基层治理的决定", "330822", "中共中央关于加强基层治理的决定"),
    ("中央军委关于加强基层治理的决定", "330822", "中央军委关于加强基层治理的决定"),
])
def test_canonical_titles_across_provinces(title, county_code, expected):
    assert canonical_title(title, county_code) == expected


@pytest.mark.parametrize("sentence, county, expected", [
    ("审议通过《关于修改〈浙江省河道管理条例〉的决定》。", "常山县",
     {"浙江省人大常委会关于修改〈浙江省河道管理条例〉的决定", "浙江省河道管理条例"}),
    ("学习《关于修改<浙江省禁毒条例>的决定》。", "常山县",
     {"浙江省人大常委会关于修改〈浙江省禁毒条例〉的决定", "浙江省禁毒条例"}),
    ("开展《 中华人民共和国大气污染防治法》宣传。", "常山县", {"中华人民共和国大气污染防治法"}),
    ("开展<中华人民共和国食品安全法>宣传。", "常山县", {"中华人民共和国食品安全法"}),
    ("依照地方组织法、代表法和监督法的规定，完善立法法配套制度。", "常山县",
     {"中华人民共和国地方各级人民代表大会和地方各级人民政府组织法", "中华人民共和国全国人民代表大会和地方各级人民代表大会代表法",
      "中华人民共和国各级人民代表大会常务委员会监督法", "中华人民共和国立法法"}),
    ("审议《自治县草原管理条例（草案）》。", "马边彝族自治县", {"马边彝族自治县草原管理条例"}),
    ("修订马边彝族自治县自治条例，制定自治县森林防火条例。", "马边彝族自治县",
     {"马边彝族自治县自治条例", "马边彝族自治县森林防火条例"}),
    ("县人大常委会作出《关于加强县级预算审查监督的决定》。", "常山县", {"常山县人大常委会关于加强县级预算审查监督的决定"}),
    ("建议本次会议作出关于实行民生实事项目代表票决制的决定。", "常山县", {"常山县人民代表大会关于实行民生实事项目代表票决制的决定"}),
    ("研究制定《县人大常委会议事规程》。", "常山县", {"常山县人大常委会议事规程"}),
    # a bare title the law list has with 人民代表大会, written with 人大 and without its area
    ("认真贯彻乡镇人大工作条例，加强乡镇人大建设。", "常山县", {"浙江省乡镇人民代表大会工作条例"}),
    # a bare decision keeps the body written before it, with that body's area
    ("学习借鉴江苏省人大常委会关于加强县乡人大工作和建设的决定，提升履职水平。", "常山县",
     {"江苏省人大常委会关于加强县乡人大工作和建设的决定"}),
    ("认真落实县人大常委会关于加强县级预算审查监督的决定，推动预算公开。", "常山县",
     {"常山县人大常委会关于加强县级预算审查监督的决定"}),
    # only a decision takes its maker from the words before it
    ("县人大常委会主任会议通过《关于加强代表联络站建设的办法》。", "常山县", {"关于加强代表联络站建设的办法"}),
    # a decision whose title names its congress, or whose maker the words before it say, where
    # no bare decision could be read (quotation marks inside the title)
    ("学习《县人大常委会关于深入推进“三改一拆”工作的决定》。", "常山县", {"常山县人大常委会关于深入推进“三改一拆”工作的决定"}),
    ("县人大常委会作出《关于深入推进“三改一拆”工作的决定》。", "常山县", {"常山县人大常委会关于深入推进“三改一拆”工作的决定"}),
    # a word that is also an area's short name (比如县) or a township's name before a bare title is no part of it
    ("部分法规落实不到位，比如全民健身条例规定的配建要求未落实。", "常山县", {"浙江省全民健身条例"}),
    ("组织代表视察招贤镇全民健身条例贯彻落实情况。", "常山县", {"浙江省全民健身条例"}),
    # an area's name of any length begins a title (15 characters, not the report's province before it)
    ("学习借鉴《双江拉祜族佤族布朗族傣族自治县自治条例》的立法经验。", "临翔区", {"双江拉祜族佤族布朗族傣族自治县自治条例"}),
    ("认真学习双江拉祜族佤族布朗族傣族自治县人大常委会关于加强生态文明建设的决定。", "临翔区",
     {"双江拉祜族佤族布朗族傣族自治县人大常委会关于加强生态文明建设的决定"}),
])
def test_titles_in_every_form(process, sentence, county, expected):
    assert names(process(report(sentence, county)), "Law") == expected


@pytest.mark.parametrize("sentence, county", [
    ("组织人大代表法律知识培训，提升代表法治素养。", "常山县"),
    ("县委常委会作出关于加强基层党建工作的决定。", "常山县"),
    ("深刻领悟“两个确立”的决定性意义。", "常山县"),
    ("制定自治县单行条例2部，推进民族团结进步。", "马边彝族自治县"),
    ("四川省人大常委会审议通过的条例数量逐年增加。", "马边彝族自治县"),
    ("制定《茶叶种植技术规程》，指导农户科学种植。", "常山县"),
    # a decision that neither its title nor the context says a congress made
    ("学习《县政府关于加强安全生产工作的决定》。", "常山县"),
    ("学习《关于加强作风建设的决定》。", "常山县"),
    ("听取县政府关于加强安全生产工作的决定实施情况的报告。", "常山县"),
    # titles that end in 法 as an ordinary word (做法, 用法)
    ("总结推广《乡村治理的十种做法》。", "常山县"),
    ("印发《常用农药的科学用法》。", "常山县"),
])
def test_not_laws(process, sentence, county):
    assert names(process(report(sentence, county)), "Law") == set()


@pytest.mark.parametrize("sentence, county, law", [
    ("对《陜西省秦嶺生態環境保護條例》實施情況開展執法檢查。", "汉阴县", "陕西省秦岭生态环境保护条例"),
    ("开展食品安全法执(zhí)法检查。", "常山县", "中华人民共和国食品安全法"),
    ("组成检查组，检查了《中华人民共和国畜牧法》的实施情况。", "常山县", "中华人民共和国畜牧法"),
    ("对《自治县自治条例》贯彻实施情况开展执法检查。", "马边彝族自治县", "马边彝族自治县自治条例"),
    # layout spaces inside the words of the inspection, after the title or before it
    ("开展《食品安全法》执 法 检 查。", "常山县", "中华人民共和国食品安全法"),
    ("常委会检 查了《中华人民共和国畜牧法》的实施情况。", "常山县", "中华人民共和国畜牧法"),
])
def test_inspections_in_every_form(process, sentence, county, law):
    assert relations(process(report(sentence, county)), "inspectedLaw") == {(county, law)}


# a report delivered in 2024, the year its header dates
DATED = "常山县人民代表大会常务委员会工作报告\n（2024年1月10日在常山县第十七届人民代表大会第四次会议上）\n\n各位代表：\n"
FOOD_SAFETY = {("常山县", "中华人民共和国食品安全法")}


@pytest.mark.parametrize("sentence, inspected, planned", [
    # a plan word alone, in a report of known year, is this year's plan carried out ...
    ("按照年度计划开展《食品安全法》执法检查。", FOOD_SAFETY, set()),
    # ... with the report's year, 今年 or 明年 it is the coming year's
    ("今年计划开展《食品安全法》执法检查。", set(), FOOD_SAFETY),
    ("明年计划开展《食品安全法》执法检查。", set(), FOOD_SAFETY),
    ("2024年计划开展《食品安全法》执法检查。", set(), FOOD_SAFETY),
])
def test_a_plan_word_and_the_year_make_an_inspection_planned(process, sentence, inspected, planned):
    result = process(DATED + sentence + "\n")
    assert (relations(result, "inspectedLaw"), relations(result, "plansInspection")) == (inspected, planned)


def test_decision_of_a_standing_committee_meeting(process):
    text = "关于实行民生实事项目代表票决制的说明\n\n常山县人大常委会副主任 张某\n\n主任、各位副主任、各位委员:\n" \
           "建议本次会议作出关于实行民生实事项目代表票决制的决定。\n"
    assert names(process(text), "Law") == {"常山县人大常委会关于实行民生实事项目代表票决制的决定"}


@pytest.mark.parametrize("sentence, law", [
    ("本次大会审议通过了《关于设立代表联络日的决定》。", "常山县人民代表大会关于设立代表联络日的决定"),
    ("县人大常委会审议通过了《关于设立代表联络日的决定》。", "常山县人大常委会关于设立代表联络日的决定"),
])
def test_a_decision_takes_the_body_that_made_it(process, sentence, law):
    assert names(process(report(sentence)), "Law") == {law}



@pytest.mark.parametrize("county_code, expected", [
    ("330822", {"省": "浙江省", "市": "衢州市", "县": "常山县", "区": "常山县", "旗": "常山县"}),
    # a county-level city is 市 itself; an autonomous prefecture is 州
    ("422802", {"省": "湖北省", "市": "利川市", "县": "利川市", "区": "利川市", "旗": "利川市",
                "州": "恩施土家族苗族自治州"}),
    (None, {}),
])
def test_what_a_bare_level_character_stands_for(county_code, expected):
    assert _level_names(county_code) == expected


@pytest.mark.parametrize("title, expected", [
    ("浙江省人民代表大会常务委员会议事规则", "浙江省人大常委会议事规则"),
    ("全国人民代表大会和地方各级人民代表大会代表法", "全国人大和地方各级人大代表法"),
])
def test_congress_names_abbreviated(title, expected):
    assert abbreviate_congress(title) == expected


# 人大常委会 and the words up to the title are 40 characters; 省 is the 41st before the title
FAR = "省人大常委会在全省范围内部署开展了一系列立法调研工作并于当年年中再审议并表决通过了"


@pytest.mark.parametrize("sentence, county, law", [
    # the body and its area in the words before the title ...
    ("县人民代表大会审议通过了《关于加强生态文明建设的决定》。", "常山县", "常山县人民代表大会关于加强生态文明建设的决定"),
    ("本届代表大会审议通过了《关于加强生态文明建设的决定》。", "常山县", "常山县人民代表大会关于加强生态文明建设的决定"),
    ("全国人大常委会作出《关于加强生态文明建设的决定》。", "常山县", "全国人大常委会关于加强生态文明建设的决定"),
    ("江苏省人大常委会作出《关于加强生态文明建设的决定》。", "常山县", "江苏省人大常委会关于加强生态文明建设的决定"),
    ("沛县人大常委会作出《关于加强生态文明建设的决定》。", "常山县", "沛县人大常委会关于加强生态文明建设的决定"),
    ("双江拉祜族佤族布朗族傣族自治县人大常委会作出《关于加强生态文明建设的决定》。", "临翔区",
     "双江拉祜族佤族布朗族傣族自治县人大常委会关于加强生态文明建设的决定"),
    # an area's name of two characters, after other words in the sentence
    ("去年，沛县人大常委会作出《关于加强生态文明建设的决定》。", "常山县", "沛县人大常委会关于加强生态文明建设的决定"),
    ("学习《关于修改〈沛县城市管理条例〉的决定》。", "常山县", "沛县人大常委会关于修改〈沛县城市管理条例〉的决定"),
    ("市人大常委会作出《关于加强生态文明建设的决定》。", "常山县", "衢州市人大常委会关于加强生态文明建设的决定"),
    ("今年市人大常委会作出《关于加强生态文明建设的决定》。", "常山县", "衢州市人大常委会关于加强生态文明建设的决定"),
    # ... read 40 characters back, no further (the body without area is the report's county's)
    (FAR + "《关于加强生态文明建设的决定》。", "常山县", "常山县人大常委会关于加强生态文明建设的决定"),
    # a decision amending a regulation without area is made by the report's province
    ("学习《关于修改〈河道管理条例〉的决定》。", "常山县", "浙江省人大常委会关于修改〈河道管理条例〉的决定"),
    # a bare decision with its body written before it, without area
    ("认真学习全国人大常委会关于加强生态文明建设的决定。", "常山县", "全国人大常委会关于加强生态文明建设的决定"),
    ("认真学习人大常委会关于加强生态文明建设的决定。", "常山县", "浙江省人大常委会关于加强生态文明建设的决定"),
    # a letter before the body (a name left out, XX人大常委会) is no level character of an area
    ("认真学习XX人大常委会关于加强生态文明建设的决定。", "常山县", "浙江省人大常委会关于加强生态文明建设的决定"),
])
def test_the_maker_of_a_decision(process, sentence, county, law):
    assert law in names(process(report(sentence, county)), "Law")


@pytest.mark.parametrize("text, expected", [
    # a standing committee's meeting (本次会议) unless the text is addressed to the congress's deputies alone
    ("常山县人民代表大会常务委员会工作报告\n\n本次会议审议通过了《关于设立代表联络日的决定》。\n",
     {"常山县人大常委会关于设立代表联络日的决定"}),
    ("常山县人民代表大会常务委员会工作报告\n\n各位代表、各位委员：\n本次会议审议通过了《关于设立代表联络日的决定》。\n",
     {"常山县人大常委会关于设立代表联络日的决定"}),
    # in a text of no known area, the congress of 本次大会 is unknown: no law
    ("本次大会审议通过了《关于设立代表联络日的决定》。", set()),
    # a body written at the very start of the text
    ("全国人大常委会关于加强生态文明建设的决定明确要求。\n", {"全国人大常委会关于加强生态文明建设的决定"}),
    ("县人大常委会关于加强生态文明建设的决定明确要求。\n", {"县人大常委会关于加强生态文明建设的决定"}),
])
def test_the_maker_of_a_decision_in_whole_texts(process, text, expected):
    assert names(process(text), "Law") == expected


OPENING = "常山县人民代表大会常务委员会工作报告\n\n各位代表：\n" + "全年工作扎实推进。" * 63
MEETING = "本次会议审议通过了《关于设立代表联络日的决定》。\n"


@pytest.mark.parametrize("text, body", [
    # 各位委员 within the first 600 characters: the text is addressed to the standing committee ...
    (OPENING + "感谢各位委员的支持。" + MEETING, "常山县人大常委会"),
    # ... but not when it ends past them (its 各 is the 598th character): the text is the congress's
    (OPENING + "衷心感谢各位委员的支持。" + MEETING, "常山县人民代表大会"),
])
def test_whom_a_text_addresses_is_read_in_its_first_600_characters(process, text, body):
    assert 595 <= text.index("各位委员") <= 597
    assert names(process(text), "Law") == {body + "关于设立代表联络日的决定"}


@pytest.mark.parametrize("sentence, county, own", [
    # 自治州 inside another prefecture's name, and 自治县 after 民族, are not the report's own area
    ("学习湘西自治州自治条例。", "利川市", "恩施土家族苗族自治州自治条例"),
    ("借鉴其他民族自治县自治条例的修订经验。", "马边彝族自治县", "马边彝族自治县自治条例"),
])
def test_an_own_area_inside_another_word_names_no_own_regulation(process, sentence, county, own):
    assert own not in names(process(report(sentence, county)), "Law")

