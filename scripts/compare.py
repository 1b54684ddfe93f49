"""Score the generic baselines and `kg build` side by side on gold reports.

Prints, for each set of reports, a Markdown table of precision, recall and
F1 per entity type and relation for three systems: jieba (the generic
baseline), lac (the LAC model alone) and kg (the README's quality tables).
By default the seeds and the 35 development texts, one table each:

    .venv/bin/python scripts/compare.py [--sets seeds dev written] [--gold DIR --reports DIR]
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
from kg.evaluate import entity_types, relation_names, score  # noqa: E402

SYSTEMS = ("jieba", "lac", "kg")
FIXTURES = ROOT / "tests" / "fixtures"
SETS = {
    "seeds": (ROOT / "seeds", FIXTURES / "gold"),
    "written": (FIXTURES / "written" / "reports", FIXTURES / "written" / "gold"),
    "dev": (FIXTURES / "dev" / "reports", FIXTURES / "dev" / "gold"),
}
NOTHING = "–"


def compare(gold: Path, reports: Path) -> dict[str, dict]:
    """{system: scores} of the two baselines and of `kg build` on `reports` against `gold`."""
    from kg.build import build

    with tempfile.TemporaryDirectory(prefix="kg-compare-") as tmp:
        results = {}
        for system in SYSTEMS[:-1]:
            out = Path(tmp) / f"{system}.jsonl"
            baseline.run([reports], out, system)
            results[system] = score(gold, out)[0]
        build([reports], Path(tmp) / "kg", workers=1)
        results["kg"] = score(gold, Path(tmp) / "kg" / "extractions.jsonl")[0]
        return results


def cells(s: dict | None) -> str:
    """P | R | F1 of one score; a dash where it is undefined (nothing found, nothing to find)."""
    if s is None:
        s = {"tp": 0, "fp": 0, "fn": 0}
    if not s["tp"] + s["fp"] + s["fn"]:
        return " | ".join([NOTHING] * 3)
    p = f"{s['precision']:.2f}" if s["tp"] + s["fp"] else NOTHING
    return f"{p} | {s['recall']:.2f} | {s['f1']:.2f}"


def table(scores: dict[str, dict]) -> str:
    """The scores as a Markdown table, one row per type or relation, with its gold count (tp + fn)."""
    systems = [s for s in SYSTEMS if s in scores]
    head = "| | gold | " + " | ".join(f"{s} P | {s} R | {s} F1" for s in systems) + " |"
    lines = [head, "|---" * (2 + 3 * len(systems)) + "|"]

    def row(name: str, found: list[dict | None]) -> str:
        gold = max((s["tp"] + s["fn"] for s in found if s), default=0)
        return f"| {name} | {gold} | " + " | ".join(cells(s) for s in found) + " |"

    for t in entity_types():
        lines.append(row(t, [scores[s]["entities"][t] for s in systems]))
    lines.append(row("**entities**", [scores[s]["entities_all"] for s in systems]))
    for p in relation_names():
        lines.append(row(p, [scores[s]["relations"].get(p) for s in systems]))
    lines.append(row("**relations**", [scores[s]["relations_all"] for s in systems]))
    return "\n".join(lines)


def facts(scores: dict) -> str:
    """kg's report-field, statistics and division-code accuracy as one line."""
    def fmt(x: float | None) -> str:
        return NOTHING if x is None else f"{x:.2f}"

    return (f"kg also: report fields right {fmt(scores['report_fields'])}, statistics right "
            f"{fmt(scores['statistics'])}, division codes right {fmt(scores['division_codes'])} "
            "(the baselines find none of these).")


def section(name: str, reports: Path, gold: Path) -> str:
    """A heading, the table and kg's report facts for one set of reports."""
    scores = compare(gold, reports)
    return f"### {name} ({scores['kg']['docs']} reports)\n\n{table(scores)}\n\n{facts(scores['kg'])}\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", choices=sorted(SETS),
                        help="named sets to score, one table each [seeds dev, or none with --gold]")
    parser.add_argument("--gold", type=Path, help="gold folder of one more set (with --reports)")
    parser.add_argument("--reports", type=Path, help="reports of that set")
    args = parser.parse_args(argv)
    if (args.gold is None) != (args.reports is None):
        parser.error("--gold and --reports go together")
    import jieba

    jieba.setLogLevel(logging.WARNING)
    names = args.sets if args.sets is not None else [] if args.gold else ["seeds", "dev"]
    runs = [(name, *SETS[name]) for name in names]
    if args.gold:
        runs.append((str(args.reports), args.reports, args.gold))
    print("\n".join(section(name, reports, gold) for name, reports, gold in runs))


if __name__ == "__main__":
    main()
