"""The generic baselines of scripts/ (jieba, LAC alone): the scorer's format, exact offsets, scored beside kg."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kg.evaluate import score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import baseline  # noqa: E402
import compare  # noqa: E402

SEEDS_GOLD = ROOT / "tests" / "fixtures" / "gold"


@pytest.mark.parametrize("text, found", [
    ("常山县开展《中华人民共和国宪法》宣传。", {("County", "常山县"), ("Law", "中华人民共和国宪法")}),
    ("深入践行“八八战略”。", {("Programme", "八八战略")}),
    ("京山市召开会议。", {("County", "京山市")}),
])
def test_baseline_finds_by_tags_and_brackets(text, found):
    lines = baseline.extract(text, "t.txt")
    assert lines[0]["kind"] == "report"
    got = {(line["type"], line["name"]) for line in lines[1:]}
    assert found <= got
    for line in lines[1:]:
        assert all(text[m["start"]:m["end"]] == m["text"] for m in line["mentions"])


def test_baseline_scores_on_the_seeds_without_relations(tmp_path):
    out = tmp_path / "baseline.jsonl"
    reports, chars = baseline.run([ROOT / "seeds"], out)
    assert reports == 5 and chars > 30_000
    result, _ = score(SEEDS_GOLD, out)
    assert 0.2 < result["entities_all"]["f1"] < 0.5
    assert result["relations_all"]["tp"] == 0


@pytest.mark.parametrize("text, found", [
    ("县人大常委会主任王建国作常务委员会工作报告。", {("Official", "王建国")}),
    ("副主任李明华带队赴青田县开展执法检查。\n会议由张伟主持", {("Official", "李明华"), ("County", "青田县"), ("Official", "张伟")}),
    ("常委会组织代表视察了罗店镇。", {("Place", "罗店镇")}),
])
def test_lac_finds_people_and_places_sentence_by_sentence(text, found):
    lines = baseline.extract(text, "t.txt", "lac")
    assert {(line["type"], line["name"]) for line in lines[1:]} == found
    for line in lines[1:]:
        assert all(text[m["start"]:m["end"]] == m["text"] == line["name"] for m in line["mentions"])


def test_lac_alone_on_the_seeds_finds_people_and_places_only(tmp_path):
    out = tmp_path / "lac.jsonl"
    baseline.run([ROOT / "seeds"], out, "lac")
    texts = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "seeds").glob("*.txt")}
    for line in map(json.loads, out.read_text(encoding="utf-8").splitlines()):
        for m in line.get("mentions", []):
            assert texts[line["doc"]][m["start"]:m["end"]] == m["text"]
    result, _ = score(SEEDS_GOLD, out)
    assert result["entities"]["Official"]["recall"] >= 0.9
    assert result["entities"]["Place"]["recall"] >= 0.8
    assert all(result["entities"][t]["tp"] + result["entities"][t]["fp"] == 0 for t in ("Law", "Programme", "Slogan"))
    assert result["relations_all"]["tp"] + result["relations_all"]["fp"] == 0


def test_comparison_table_has_a_row_per_type_and_relation():
    cell = {"tp": 2, "fp": 2, "fn": 0, "precision": 0.5, "recall": 1.0, "f1": 0.6667}
    blind = {"tp": 0, "fp": 0, "fn": 2, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    scores = {"entities": {t: cell for t in compare.entity_types()}, "entities_all": cell,
              "relations": {"holdsPost": cell}, "relations_all": cell}
    generic = dict(scores, relations={"holdsPost": blind}, relations_all=blind)
    lines = compare.table({"jieba": generic, "lac": generic, "kg": scores}).splitlines()
    assert lines[0] == ("| | gold | jieba P | jieba R | jieba F1 | lac P | lac R | lac F1"
                        " | kg P | kg R | kg F1 |")
    assert "| County | 2 | 0.50 | 1.00 | 0.67 | 0.50 | 1.00 | 0.67 | 0.50 | 1.00 | 0.67 |" in lines
    assert "| holdsPost | 2 | – | 0.00 | 0.00 | – | 0.00 | 0.00 | 0.50 | 1.00 | 0.67 |" in lines
    assert "| partOf | 0 | – | – | – | – | – | – | – | – | – |" in lines
    assert len(lines) == 2 + len(compare.entity_types()) + 1 + len(compare.relation_names()) + 1
