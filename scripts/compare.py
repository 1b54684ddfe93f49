"""Score the generic baseline and `kg build` side by side on the gold reports.

Prints a Markdown table of precision, recall and F1 per entity type and
relation for both systems (the README's "Baseline comparison").

    .venv/bin/python scripts/compare.py [--gold tests/fixtures/gold] [--reports seeds]
"""
from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import baseline  # noqa: E402
from kg.evaluate import ENTITY_TYPES, RELATIONS, score  # noqa: E402

SYSTEMS = ("baseline", "kg")


def compare(gold: Path, reports: Path) -> dict[str, dict]:
    """{system: scores} of the baseline and of `kg build` on `reports` against `gold`."""
    from kg.build import build

    with tempfile.TemporaryDirectory(prefix="kg-compare-") as tmp:
        base_out = Path(tmp) / "baseline.jsonl"
        baseline.run([reports], base_out)
        build([reports], Path(tmp) / "kg", workers=1)
        return {"baseline": score(gold, base_out)[0], "kg": score(gold, Path(tmp) / "kg" / "extractions.jsonl")[0]}


def table(scores: dict[str, dict]) -> str:
    """The scores as a Markdown table, one row per type or relation."""
    head = "| | " + " | ".join(f"{s} P | {s} R | {s} F1" for s in SYSTEMS) + " |"
    lines = [head, "|---" * (1 + 3 * len(SYSTEMS)) + "|"]

    def row(name: str, cells: list[dict]) -> str:
        return f"| {name} | " + " | ".join(f"{c['precision']:.2f} | {c['recall']:.2f} | {c['f1']:.2f}" for c in cells) + " |"

    empty = {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    for t in ENTITY_TYPES:
        lines.append(row(t, [scores[s]["entities"][t] for s in SYSTEMS]))
    lines.append(row("**entities**", [scores[s]["entities_all"] for s in SYSTEMS]))
    for p in RELATIONS:
        lines.append(row(p, [scores[s]["relations"].get(p, empty) for s in SYSTEMS]))
    lines.append(row("**relations**", [scores[s]["relations_all"] for s in SYSTEMS]))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "fixtures" / "gold")
    parser.add_argument("--reports", type=Path, default=ROOT / "seeds")
    args = parser.parse_args(argv)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    print(table(compare(args.gold, args.reports)))


if __name__ == "__main__":
    main()
