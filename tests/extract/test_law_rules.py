"""The rules that give a law its canonical title, one row (or more) per rule: the
title as a report writes it, the report's county, the jurisdiction inherited
from a coordinated title and the issuer the context names, then the title and
which rule of TITLE_RULES decides it."""
import json

import pytest

from kg.extract.laws import TITLE_RULES, canonical_title, title_decision
from kg.extract.rules import Decision

CS = "330822"  # 常山县, 衢州市, 浙江省

# (title, county code, inherited, issuer, canonical title, rule)
ROWS = [
    ("中华人民共和国水法", CS, None, None, "中华人民共和国水法", "full_national_title"),
    ("选举法", CS, None, None, "中华人民共和国全国人民代表大会和地方各级人民代表大会选举法", "alias"),
    ("关于加强县级预算审查监督的决定", CS, None, "常山县人大常委会",
     "常山县人大常委会关于加强县级预算审查监督的决定", "issued_decision"),
    ("专利条例", CS, None, None, "浙江省专利条例", "listed_in_jurisdiction"),
    ("全民健身条例(草案)", CS, None, None, "浙江省全民健身条例", "listed_in_jurisdiction"),
    ("优化营商环境条例", CS, None, None, "优化营商环境条例", "listed"),
    ("市场主体登记管理条例", CS, None, None, "中华人民共和国市场主体登记管理条例", "listed_national_short"),
    ("浙江省人大常委会议事规则", CS, None, None, "浙江省人民代表大会常务委员会议事规则", "listed_congress_abbreviated"),
    ("县人大常委会议事规则", CS, None, None, "常山县人大常委会议事规则", "level_character"),
    ("全国人大和地方各级人大代表法", CS, None, None,
     "中华人民共和国全国人民代表大会和地方各级人民代表大会代表法", "listed_national_expanded"),
    ("人民代表大会常务委员会监督法", CS, None, None,
     "中华人民共和国各级人民代表大会常务委员会监督法", "national_by_ending"),
    ("常山县生态保护法", CS, None, None, "常山县生态保护法", "local_law"),
    ("数字乡村促进法", CS, None, None, "中华人民共和国数字乡村促进法", "national_law"),
    ("衢州市乡村旅游促进条例", CS, None, None, "衢州市乡村旅游促进条例", "named_jurisdiction"),
    ("国务院关于加强基层治理的决定", CS, None, None, "国务院关于加强基层治理的决定", "named_jurisdiction"),
    ("全国人大常委会关于加强经济工作监督的决定", CS, None, None,
     "全国人大常委会关于加强经济工作监督的决定", "named_jurisdiction"),
    ("自治县自治条例", "511133", None, None, "马边彝族自治县自治条例", "named_jurisdiction"),
    # an area's name of any length (15 characters; 临翔区 is in 临沧市, 云南省)
    ("双江拉祜族佤族布朗族傣族自治县自治条例", "530902", None, None, "双江拉祜族佤族布朗族傣族自治县自治条例",
     "named_jurisdiction"),
    ("沛县城市管理条例", CS, None, None, "沛县城市管理条例", "named_jurisdiction"),
    ("乡村旅游促进条例", CS, "江苏省", None, "江苏省乡村旅游促进条例", "inherited_jurisdiction"),
    ("关于加强县级人大工作的决定", CS, None, None, "关于加强县级人大工作的决定", "decision_without_issuer"),
    ("乡村旅游促进条例", CS, None, None, "浙江省乡村旅游促进条例", "report_jurisdiction"),
    ("乡村旅游促进条例", None, None, None, "乡村旅游促进条例", "as_written"),
]


@pytest.mark.parametrize("title, county_code, inherited, issuer, expected, rule", ROWS)
def test_rule_decides_the_title(title, county_code, inherited, issuer, expected, rule):
    assert title_decision(title, county_code, inherited, issuer) == Decision(expected, rule)


@pytest.mark.parametrize("title, county_code, inherited, issuer, expected, rule", ROWS)
def test_canonical_title_is_the_decided_title(title, county_code, inherited, issuer, expected, rule):
    assert canonical_title(title, county_code, inherited, issuer) == expected


def test_every_rule_has_a_row():
    assert [r.name for r in TITLE_RULES if r.name not in {row[-1] for row in ROWS}] == []


def test_the_rule_reaches_the_debug_output(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli
    from tests.extract.helpers import report

    path = tmp_path / "r.txt"
    path.write_text(report("开展《数字乡村促进法》执法检查，对专利条例实施情况开展检查。"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["mentions", str(path)])
    assert result.exit_code == 0, result.output
    laws = [(m["key"], m["source"]) for m in map(json.loads, result.output.splitlines()) if m["type"] == "Law"]
    assert laws == [("中华人民共和国数字乡村促进法", "book:national_law"), ("浙江省专利条例", "bare:listed_in_jurisdiction")]
