"""Officials with their posts, in the common orders of name and title."""
import pytest

from tests.extract.helpers import names, relations, report


@pytest.mark.parametrize("sentence, county, expected", [
    ("“八个有”人大大队建设工作获得省人大常委会党组书记、副主任陈金彪，市人大常委会主任吴国升的批示肯定。", "常山县",
     {("陈金彪", "浙江省", "人大常委会党组书记、副主任"), ("吴国升", "衢州市", "人大常委会主任")}),
    ("去年11月，县委书记解芳到县人大调研时，对县人大常委会工作给予充分肯定。", "绛县", {("解芳", "绛县", "县委书记")}),
    ("深入学习贯彻习近平总书记考察浙江重要讲话精神。", "常山县", {("习近平", "中华人民共和国", "总书记")}),
    ("邀请连任全国人大代表李霞和有关专家学者进行指导授课。", "江陵县", {("李霞", "中华人民共和国", "全国人大代表")}),
])
def test_finds_officials_with_posts(process, sentence, county, expected):
    result = process(report(sentence, county))
    assert expected <= relations(result, "holdsPost")
    assert {e[0] for e in expected} <= names(result, "Official")


@pytest.mark.parametrize("sentence", [
    "弘扬“早上好”奋斗精神，共召开常委会会议8次、主任会议13次。",
    "上海奉贤、广东韶关等30余批次省内外人大代表来常考察学习。",
    "项目进展情况通过人大代表向当地群众进行通报。",
    "组建农业、财经两个行业代表小组和人大代表和人大工作者共同努力。",
    "以“书记县长走进基层单元”系列活动为抓手。",
    "建立“年计划、月安排、周落实”工作机制。",
    "深入开展“宪法宣传周”活动，切实增强任命干部的宪法观念和公民宪法意识。",
    # two characters before 同志 that end a longer word are no name (各位老同志)
    "春节前夕，县人大常委会领导走访慰问各位老同志。",
])
def test_no_names_from_ordinary_words(process, sentence):
    assert names(process(report(sentence)), "Official") == set()


def test_speaker_from_title_block(process):
    text = "江陵县人民代表大会常务委员会\n\n工 作 报 告\n\n——2024年1月4日在江陵县第七届人民代表大会第三次会议上\n\n县人大常委会主任  汪新华\n\n各位代表：\n我受县人大常委会委托，向大会报告工作。\n"
    facts = process(text).facts
    assert (facts.speaker, facts.speaker_role) == ("汪新华", "人大常委会主任")


def test_name_with_inner_space_and_role_on_its_own_line(process):
    text = "龙游县人民代表大会常务委员会工作报告\n县人大常委会主任\n王  强\n\n各位代表：\n我受县人大常委会委托，向大会报告工作。\n"
    result = process(text)
    assert result.facts.speaker == "王强"
    assert ("王强", "龙游县", "人大常委会主任") in relations(result, "holdsPost")


def test_listed_roles_each_give_a_post(process):
    result = process(report("全国人大代表、溪口村党支部书记周建华带头参与。", "龙游县"))
    assert ("周建华", "中华人民共和国", "全国人大代表") in relations(result, "holdsPost")


def test_names_with_a_middle_dot(process):
    text = report("自治区人大常委会副主任阿不都热合曼·买买提到新源县调研，县委书记艾尼瓦尔·吐尔逊陪同。", "新源县")
    assert {("阿不都热合曼·买买提", "新疆维吾尔自治区", "人大常委会副主任"),
            ("艾尼瓦尔·吐尔逊", "新源县", "县委书记")} <= relations(process(text), "holdsPost")


def test_traditional_characters_find_the_same_entities(process, seed_results):
    import opencc

    original = seed_results["000_bcff957e004d4ffb.txt"]
    traditional = process(opencc.OpenCC("s2t").convert(original.text))
    assert {(e.type, e.name) for e in traditional.entities} == {(e.type, e.name) for e in original.entities}


@pytest.mark.parametrize("sentence, county, expected", [
    # a post shared by a list of names
    ("县人大常委会副主任刘建国、孙晓梅、黄志远出席会议。", "常山县",
     {("刘建国", "常山县", "人大常委会副主任"), ("孙晓梅", "常山县", "人大常委会副主任"),
      ("黄志远", "常山县", "人大常委会副主任")}),
    # names before 等 and the post they share
    ("周国华、马丽萍、郑少峰等大会主席团成员在主席台就座。", "绛县",
     {("周国华", "绛县", "主席团成员"), ("马丽萍", "绛县", "主席团成员"), ("郑少峰", "绛县", "主席团成员")}),
    # an appointment
    ("会议决定任命何文斌为县人民法院副院长。", "江陵县", {("何文斌", "江陵县", "人民法院副院长")}),
])
def test_posts_shared_by_lists_and_appointments(process, sentence, county, expected):
    result = process(report(sentence, county))
    assert expected <= relations(result, "holdsPost")


@pytest.mark.parametrize("sentence, expected", [
    # names in a list with no title next to them: the model finds them
    ("大会执行主席徐卫东、蒋红英、钱伟明、曹雪芬在主席台前排就座。", {"徐卫东", "蒋红英", "钱伟明", "曹雪芬"}),
    ("由许志刚、沈玉兰、韩德胜任带队领导，分组开展检查。", {"许志刚", "沈玉兰", "韩德胜"}),
    # a name before a verb, read whole although its window is short
    ("县人大常委会主任吕建华主持会议。\n吕建华强调，要抓好落实。", {"吕建华"}),
    # traditional characters: read on the simplified copy, named in simplified form
    ("縣人大常委會副主任鄭國強、張淑華出席會議。", {"郑国强", "张淑华"}),
])
def test_people_wherever_named(process, sentence, expected):
    assert expected <= names(process(report(sentence)), "Official")


@pytest.mark.parametrize("sentence, author", [
    ("县人大常委会主任吕建华出席会议。(记者 方晓云)", "方晓云"),
    ("县人大常委会主任吕建华出席会议。 首席记者 罗 斌 摄", "罗斌"),
    ("(梁文静 文/图)县人大常委会主任吕建华出席会议。", "梁文静"),
    ("来源:县人大办公室 作者:赵丽君 编辑:孙明\n县人大常委会主任吕建华出席会议。", "赵丽君"),
])
def test_bylines_are_not_officials(process, sentence, author):
    found = names(process(report(sentence)), "Official")
    assert "吕建华" in found
    assert author not in found


def test_pinyin_debris_of_machine_conversion_does_not_hide_posts(process):
    """會(huì) is read as 會: the post reads whole and the mention's offsets index the text as read."""
    text = report("會(huì)上,縣十六屆人大常委會(huì)主任鄭俊生代表縣人大常委會(huì)作工作報(bào)告。", "云霄县")
    result = process(text)
    assert ("郑俊生", "云霄县", "人大常委会主任") in relations(result, "holdsPost")
    person = next(e for e in result.entities if e.name == "郑俊生")
    assert {text[m["start"]:m["end"]] for m in person.mentions} == {"鄭俊生"}


@pytest.mark.parametrize("sentence, expected", [
    # Tibetan, Yi and Uyghur names have no surname; a dot may join the parts
    ("县委常委、常务副县长扎西次仁出席会议。", "扎西次仁"),
    ("县委副书记、县长吉克曲布讲话。", "吉克曲布"),
    ("州人大常委会主任阿不都热合曼·买买提主持会议。", "阿不都热合曼·买买提"),
    ("州人大常委会主任阿不都热合曼•买买提主持会议。", "阿不都热合曼·买买提"),
])
def test_transliterated_names(process, sentence, expected):
    assert expected in names(process(report(sentence)), "Official")


@pytest.mark.parametrize("sentence, county, expected", [
    # a stray comma beside 、 (a conversion fault) does not end the list
    ("县人大常委会副主任邱建平、金晓东,、严海鹰出席会议。", "苍南县",
     {("邱建平", "苍南县", "人大常委会副主任"), ("严海鹰", "苍南县", "人大常委会副主任")}),
    # a rare character of CJK Extension A in a name, and the level inside the title (区长, not 区区长)
    ("该区区长高文䘵作政府工作报告。", "绿园区", {("高文䘵", "绿园区", "区长")}),
    # a title and the name's first character that also make a word (院长 + 绳 → 长绳)
    ("该区人民法院院长绳继萍作法院工作报告。", "绿园区", {("绳继萍", "绿园区", "人民法院院长")}),
])
def test_posts_in_faulty_and_rare_writing(process, sentence, county, expected):
    assert expected <= relations(process(report(sentence, county)), "holdsPost")


def test_a_list_item_the_model_passes_over_is_read_from_its_neighbours(process):
    sentence = "大会执行主席姜卫平、汤建华、徐松林、祝一民、郎卫国、陈鸿生、华立江、赵平、任平、俞兴国在主席台前排就座。"
    found = names(process(report(sentence)), "Official")
    assert {"姜卫平", "汤建华", "祝一民", "华立江", "赵平", "俞兴国"} <= found
