"""The generic baseline of scripts/: the scorer's format, exact offsets, scored beside kg."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kg.evaluate import score

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import baseline  # noqa: E402
import compare  # noqa: E402


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
    result, _ = score(ROOT / "tests" / "fixtures" / "gold", out)
    assert 0.2 < result["entities_all"]["f1"] < 0.5
    assert result["relations_all"]["tp"] == 0


def test_comparison_table_has_a_row_per_type_and_relation():
    cell = {"precision": 0.5, "recall": 1.0, "f1": 0.6667}
    scores = {"entities": {t: cell for t in compare.ENTITY_TYPES}, "entities_all": cell,
              "relations": {"holdsPost": cell}, "relations_all": cell}
    lines = compare.table({"baseline": scores, "kg": scores}).splitlines()
    assert lines[0] == "| | baseline P | baseline R | baseline F1 | kg P | kg R | kg F1 |"
    assert "| County | 0.50 | 1.00 | 0.67 | 0.50 | 1.00 | 0.67 |" in lines
    assert "| partOf | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 | 0.00 |" in lines
    assert len(lines) == 2 + len(compare.ENTITY_TYPES) + 1 + len(compare.RELATIONS) + 1
