"""Normalising report text: one character for one, so offsets never move."""
from __future__ import annotations

from pathlib import Path

import opencc
import pytest

from kg.io.normalise import is_traditional, normalise, to_simplified

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@pytest.mark.parametrize("text, expected", [
    ("ＡＢＣ１２３（一）", "ABC123(一)"),
    ("「八八战略」『千万工程』", "“八八战略”“千万工程”"),
    ('坚持"两个确立",落实"两个维护"\n"四个意识"', "坚持“两个确立”,落实“两个维护”\n“四个意识”"),
    ("一\u3000二\u00a0三\ufeff四", "一 二 三 四"),
    ("常委会，主任：会议；好！吗？", "常委会,主任:会议;好!吗?"),
    ("《宪法》、“双减”。", "《宪法》、“双减”。"),
])
def test_widths_quotes_and_spaces_fold(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("主任 孙晓\r\n各位代表", "主任 孙晓 \n各位代表"),
    ("主任 孙晓\r各位代表\r", "主任 孙晓\n各位代表\n"),
    ("甲\r\r\n乙", "甲\n \n乙"),
    ("甲\u2028乙\u2029丙\x85丁\x0b戊\x0c己", "甲\n乙\n丙\n丁\n戊\n己"),
    ("甲\x00乙\x1b丙\x7f丁\x9f戊\t己", "甲 乙 丙 丁 戊\t己"),
])
def test_line_breaks_and_control_characters(text, expected):
    assert normalise(text) == expected


def test_a_crlf_text_breaks_lines_where_its_lf_original_does():
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        crlf = normalise(text.replace("\n", "\r\n"))
        assert crlf.replace(" \n", "\n") == normalise(text)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_a_traditional_copy_normalises_to_the_simplified_original(path, config):
    text = path.read_text(encoding="utf-8")
    traditional = opencc.OpenCC(config).convert(text)
    assert len(traditional) == len(text)
    assert is_traditional(traditional) and not is_traditional(text)
    differing = sum(a != b for a, b in zip(normalise(traditional), normalise(text)))
    # OpenCC writes 复 as 覆 in a few words and 了 as 瞭; Taiwan writes 着 as 著
    assert differing <= (50 if config == "s2tw" else 20)


@pytest.mark.parametrize("text, expected", [
    ("關於乾安縣的決定", "关于干安县的决定"),
    ("衞生 爲 綫 峯 裏 啓", "卫生 为 线 峰 里 启"),
    ("顯著成效", "显著成效"),
])
def test_traditional_characters_fold_in_traditional_text(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("text", ["吉林省乾安县", "杭州市临安区於潜镇", "成效显著", "后来", "皇后"])
def test_characters_that_simplified_text_uses_stay_in_simplified_text(text):
    assert normalise(text) == text


@pytest.mark.parametrize("text, expected", [
    ("常山縣", "常山县"),
    ("浙江省民營企業發展促進條例", "浙江省民营企业发展促进条例"),
    ("乾安县", "乾安县"),
    ("", ""),
])
def test_to_simplified(text, expected):
    assert to_simplified(text) == expected


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_normalising_keeps_every_offset(path):
    text = path.read_text(encoding="utf-8")
    for variant in (text, text.replace("\n", "\r\n"), opencc.OpenCC("s2t").convert(text)):
        out = normalise(variant)
        assert len(out) == len(variant)
        assert [i for i, c in enumerate(variant) if c == "\n"] == [i for i, c in enumerate(out) if c == "\n"]


def test_a_long_text_is_judged_on_samples():
    traditional = opencc.OpenCC("s2t").convert(SEEDS[0].read_text(encoding="utf-8"))
    assert is_traditional(traditional * 20)
    assert not is_traditional("abc" * 100_000)


@pytest.mark.parametrize("text, expected", [
    ("三個(gè)代表", "三个    代表"),
    ("人民代表大會(huì)制度", "人民代表大会     制度"),
    ("科學(xué)發(fā)展觀", "科学     发    展观"),
    ("全（huì）会", "全     会"),
])
def test_pinyin_readings_after_characters_become_blanks(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("text", [
    "报告(草案)", "第(一)项", "人民(a)代表", "A(huì)", "表(2024年)", "会议(hui)", "(huì)开头",
])
def test_real_parentheses_stay(text):
    assert normalise(text) == text.replace("（", "(").replace("）", ")")


@pytest.mark.parametrize("text, expected", [
    ("陜西省人大常委会", "陕西省人大常委会"),
    ("靑年 淸理 吿知 値班", "青年 清理 告知 值班"),
    ("⼈⺠代表⼤会", "人民代表大会"),
    ("⻓江 ⻔户 ⻢路", "长江 门户 马路"),
    ("\uf9d0別", "类别"),
    ("戸籍 汚染", "户籍 污染"),
])
def test_variant_characters_fold_in_any_text(text, expected):
    assert normalise(text) == expected


def test_variant_characters_fold_in_canonical_names_and_traditional_text():
    assert to_simplified("陜西省") == "陕西省"
    assert normalise("陜西省長") == "陕西省长"


def test_variant_table_folds_only_non_standard_characters():
    from kg.io.normalise import _simplified_standard, _variant_table

    standard = _simplified_standard()
    for src, dst in _variant_table().items():
        assert len(src) == len(dst) == 1
        assert src not in standard
    for line in Path(__file__).resolve().parents[1].joinpath(
            "kg/resources/variant_chars.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            assert line.split()[1] in standard


@pytest.mark.parametrize("traditional", [False, True])
def test_every_entry_of_the_character_table_folds_as_str_translate_folds_it(traditional):
    from kg.io.normalise import _char_table, _translate

    table = _char_table(traditional)
    text = "".join(map(chr, table)) + "中文\U00020000\udc80\uffff" + "".join(map(chr, range(0x3000, 0x3100)))
    assert _translate(text, traditional) == text.translate(table)


def test_two_traditional_characters_in_a_hundred_make_a_traditional_text():
    from kg.io.normalise import _traditional_tables

    old = next(ch for ch in sorted(_traditional_tables()[0]) if "\u3400" <= ch <= "\u9fff")
    assert is_traditional(old * 2 + "中" * 98 + "ABC，")
    assert not is_traditional(old + "中" * 99 + "ABC，")
    assert not is_traditional("ABC，ＡＢ")
