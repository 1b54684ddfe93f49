"""Shared by the RDF, query, validation and export tests: one build of the
seeds per test session, the gold annotations, and a small hand-made report."""
from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from pathlib import Path

from kg.types import AREA, Entity, EntityRef, Relation, ReportFacts, ReportResult

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLD = ROOT / "tests" / "fixtures" / "gold"
QUERIES = ROOT / "ontology" / "queries"


def _tempdir() -> Path:
    path = Path(tempfile.mkdtemp(prefix="kg-test-rdf-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@functools.lru_cache(maxsize=None)
def seed_build(base: str = "") -> Path:
    """The build folder of the seeds (built once per session and base)."""
    from kg.build import build

    out = _tempdir() / "out"
    build([SEEDS], out, **({"base": base} if base else {}))
    return out


@functools.lru_cache(maxsize=None)
def gold() -> dict[str, dict]:
    """Gold annotations by report file name."""
    return {d["doc"]: d for d in (json.loads(p.read_text(encoding="utf-8")) for p in sorted(GOLD.glob("*.json")))}


TEXT = "常山县人大常委会主任翁旭东作报告。常山县开展浙江省全民健身条例执法检查。"


def small_result() -> ReportResult:
    """A two-sentence report with a county, an official, a law and two relations."""
    def at(s: str, nth: int = 0) -> dict:
        start = TEXT.index(s) if nth == 0 else TEXT.index(s, TEXT.index(s) + 1)
        return {"start": start, "end": start + len(s), "text": s}

    first_end = TEXT.index("。") + 1
    return ReportResult(
        doc="999_small.txt",
        text=TEXT,
        facts=ReportFacts(county="常山县", county_code="330822", speaker="翁旭东", speaker_role="人大常委会主任",
                          date="2024-01-30", year=2023, kind="work-report", title="常山县人大常委会工作报告",
                          statistics={"law_inspections": 1}),
        entities=[
            Entity("County", "常山县", "area/330822", code="330822", mentions=[at("常山县"), at("常山县", 1)],
                   parent_code="330800", level="county"),
            Entity("Official", "翁旭东", "person/330822/翁旭东", mentions=[at("翁旭东")]),
            Entity("Law", "浙江省全民健身条例", "law/浙江省全民健身条例", mentions=[at("浙江省全民健身条例")]),
        ],
        relations=[
            Relation("翁旭东", "holdsPost", "常山县", EntityRef("Official", "翁旭东", "330822/翁旭东"),
                     EntityRef(AREA, "330822"),
                     role="人大常委会主任",
                     evidence=[[0, first_end]]),
            Relation("常山县", "inspectedLaw", "浙江省全民健身条例", EntityRef(AREA, "330822"),
                     EntityRef("Law", "浙江省全民健身条例"),
                     evidence=[[first_end, len(TEXT)]]),
        ],
        sentences=[(0, first_end), (first_end, len(TEXT))],
        speaker=EntityRef("Official", "翁旭东", "330822/翁旭东"),
    )
