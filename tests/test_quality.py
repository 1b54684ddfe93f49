"""Extraction quality on the seeds' gold and on out-of-sample development texts.

These are regression guards for the targets of the extraction work, scored
with the same matching as the annotation guide's scorer.
"""
import json
from pathlib import Path

import pytest

from kg.evaluate import score
from kg.jsonl import dumps, result_lines
from kg.process import process_file

HERE = Path(__file__).resolve().parent
SETS = {
    "seeds": (HERE.parent / "seeds", HERE / "fixtures" / "gold"),
    "dev": (HERE / "fixtures" / "dev" / "reports", HERE / "fixtures" / "dev" / "gold"),
}


def build_predictions(reports: Path, out: Path) -> Path:
    path = out / "extractions.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for f in sorted(reports.glob("*.txt")):
            for obj in result_lines(process_file(f), "https://example.org/"):
                fh.write(dumps(obj) + "\n")
    return path


@pytest.fixture(scope="module", params=sorted(SETS))
def scores(request, tmp_path_factory):
    reports, gold = SETS[request.param]
    predictions = build_predictions(reports, tmp_path_factory.mktemp(request.param))
    result, errors = score(gold, predictions)
    return request.param, result, errors


def test_entities(scores):
    name, result, errors = scores
    assert result["entities_all"]["f1"] >= 0.9, (name, json.dumps(result["entities"], ensure_ascii=False), errors)
    for type_, s in result["entities"].items():
        if s["tp"] + s["fn"]:
            assert s["f1"] >= 0.85, (name, type_, s, errors)


def test_relations(scores):
    name, result, errors = scores
    assert result["relations_all"]["f1"] >= 0.85, (name, result["relations"], errors)


def test_report_fields_statistics_and_codes(scores):
    name, result, errors = scores
    assert result["report_fields"] >= 0.95, (name, errors)
    assert result["statistics"] >= 0.9, (name, errors)
    assert result["division_codes"] >= 0.98, (name, errors)
