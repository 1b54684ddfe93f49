"""Where the name model and the title rules disagree about people, and who is right.

Builds the officials of a gold set three ways — the title rules alone (the
model switched off), the model's proposals alone (after the rules' checks of
name shape, ordinary words and bylines, with no posts), and kg as it runs
(both) — scores each against the gold, and lists every name that one source
reads and the other does not, or reads to a different extent, marked by
whether the gold has it:

    .venv/bin/python scripts/people_sources.py [--gold tests/fixtures/dev/gold] [--reports tests/fixtures/dev/reports]
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kg.extract import name_model, persons  # noqa: E402
from kg.io.normalise import normalise  # noqa: E402
from kg.io.read import read_report  # noqa: E402
from kg.process import process_file  # noqa: E402


def _norm(name: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", name) if not ch.isspace())


def gold_people(gold: Path) -> dict[str, tuple[list[set[str]], set[str]]]:
    """Per report: (the names of each gold official, the names of optional ones)."""
    out = {}
    for f in sorted(gold.glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        people = [e for e in g["entities"] if "Official" in (e.get("types") or [e.get("type")])]
        names = [{_norm(n) for n in [e["name"], *e.get("aliases", [])]} for e in people if not e.get("optional")]
        optional = {_norm(n) for e in people if e.get("optional") for n in [e["name"], *e.get("aliases", [])]}
        out[g["doc"]] = (names, optional)
    return out


def kg_people(path: Path, model: bool) -> set[str]:
    if model:
        result = process_file(path)
    else:
        with mock.patch.object(name_model, "person_spans", lambda *a, **k: []):
            result = process_file(path)
    return {_norm(e.name) for e in result.entities if e.type == "Official"}


def model_people(path: Path) -> set[str]:
    text = normalise(read_report(path).text)
    return {_norm(n) for _, _, n in persons.model_names(text, name_model.person_spans(text))}


def score(found: dict[str, set[str]], gold: dict) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for d, (people, optional) in gold.items():
        hit = sum(1 for names in people if names & found[d])
        tp += hit
        fn += len(people) - hit
        known = set().union(optional, *people)
        fp += len(found[d] - known)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "tests" / "fixtures" / "dev" / "gold")
    parser.add_argument("--reports", type=Path, default=ROOT / "tests" / "fixtures" / "dev" / "reports")
    args = parser.parse_args(argv)
    gold = gold_people(args.gold)
    paths = {d: args.reports / d for d in gold}
    systems = {
        "title rules alone": {d: kg_people(p, model=False) for d, p in paths.items()},
        "model alone (checked)": {d: model_people(p) for d, p in paths.items()},
        "kg (both)": {d: kg_people(p, model=True) for d, p in paths.items()},
    }
    print("| officials from | P | R | F1 |\n|---|---|---|---|")
    for name, found in systems.items():
        print("| {} | {:.2f} | {:.2f} | {:.2f} |".format(name, *score(found, gold)))
    rules, model = systems["title rules alone"], systems["model alone (checked)"]
    right = {"rules": 0, "model": 0, "neither": 0}
    print("\nNames one source reads and the other does not (✓ = in the gold):")
    for d in sorted(gold):
        for name in sorted(rules[d] ^ model[d]):
            source = "rules" if name in rules[d] else "model"
            ok = any(name in names for names in gold[d][0]) or name in gold[d][1]
            right[source if ok else "neither"] += 1
            print(f"  {d}\t{source}\t{name}\t{'✓' if ok else '✗'}")
    print(f"\nright only by the rules: {right['rules']}, only by the model: {right['model']}, "
          f"read by one source and wrong: {right['neither']}")


if __name__ == "__main__":
    main()
