"""Extraction quality on the seeds, the written reports and the 35 real development texts.

Regression guards for the extraction, scored with the same matching as the
annotation guide's scorer: each score must stay within MARGIN of the one
measured (MEASURED), so that a change that loses a few findings of a set fails.
"""
import warnings
from pathlib import Path

import pytest

from kg.evaluate import score
from kg.jsonl import dumps, result_lines
from kg.process import process_file

# The scores measured on each set (F1 of entities over all types and of each type
# the gold has, F1 of relations, shares of report fields, statistics and division
# codes right), scored as /work/shared/tools/score.py scores a build's
# extractions.jsonl (figures cut to three decimals). Each test requires the
# measured score less MARGIN: a few more misses in a set fail it. When a score
# rises, raise its figure here (a test warns when a score is more than MARGIN
# above it); never lower one without saying in the commit why the loss is right.
MARGIN = 0.005
MEASURED = {
    "seeds": {"entities": 0.975, "relations": 0.993, "report_fields": 1.0, "statistics": 1.0, "division_codes": 1.0,
              "types": {"County": 1.0, "Place": 0.981, "Official": 1.0, "Law": 1.0, "Programme": 0.972,
                        "Slogan": 0.947}},
    "written": {"entities": 1.0, "relations": 1.0, "report_fields": 1.0, "statistics": 1.0, "division_codes": 1.0,
                "types": {"County": 1.0, "Place": 1.0, "Official": 1.0, "Law": 1.0, "Programme": 1.0, "Slogan": 1.0}},
    # the 35 real development texts (tests/fixtures/dev)
    "dev": {"entities": 0.997, "relations": 0.995, "report_fields": 1.0, "statistics": 1.0, "division_codes": 1.0,
            "types": {"County": 1.0, "Place": 1.0, "Official": 0.994, "Law": 1.0, "Programme": 1.0, "Slogan": 1.0}},
}

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SETS = {
    "seeds": (HERE.parent / "seeds", FIXTURES / "gold"),
    "written": (FIXTURES / "written" / "reports", FIXTURES / "written" / "gold"),
    "dev": (FIXTURES / "dev" / "reports", FIXTURES / "dev" / "gold"),
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
    return request.param, result, errors, MEASURED[request.param]


def _holds(name: str, what: str, found: float, measured: float, errors: list) -> None:
    """`found` is at most MARGIN below `measured`; a rise of more than MARGIN is a warning to raise it."""
    assert found >= measured - MARGIN, (name, what, found, measured, errors)
    if found > measured + MARGIN:
        warnings.warn(f"{name} {what}: scored {found}, MEASURED says {measured}: raise it in tests/test_quality.py")


def test_dev_set_is_complete():
    reports, gold = SETS["dev"]
    assert len(list(reports.glob("h*.txt"))) == len(list(gold.glob("h*.json"))) == 35
    assert len((reports.parent / "SOURCES.tsv").read_text(encoding="utf-8").splitlines()) == 36


def test_entities(scores):
    name, result, errors, measured = scores
    _holds(name, "entities", result["entities_all"]["f1"], measured["entities"], errors)
    judged = {type_: s for type_, s in result["entities"].items() if s["tp"] + s["fn"]}
    assert set(judged) == set(measured["types"]), (name, "types the gold has", sorted(judged))
    for type_, s in judged.items():
        _holds(name, type_, s["f1"], measured["types"][type_], errors)


def test_relations(scores):
    name, result, errors, measured = scores
    _holds(name, "relations", result["relations_all"]["f1"], measured["relations"], errors)


def test_report_fields_statistics_and_codes(scores):
    name, result, errors, measured = scores
    for key in ("report_fields", "statistics", "division_codes"):
        _holds(name, key, result[key], measured[key], errors)
