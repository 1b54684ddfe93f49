"""Scans written for speed find what the plain patterns they replace find.

A pattern led by a look-around or a repeated group is tried at every position
of a report; the components' scans are led by a literal or a class instead,
or are tried only where a match can begin. Each must find the same matches
as the plain pattern, on the seeds, the dev texts and texts made of the
characters that matter.
"""
import random
import re
from pathlib import Path

import pytest

from kg.extract import concepts, places, structure
from kg.io.normalise import normalise

ROOT = Path(__file__).resolve().parents[2]


def _reports() -> list[str]:
    return [normalise(p.read_text(encoding="utf-8")) for folder in ("seeds", "tests/fixtures/dev/reports")
            for p in sorted((ROOT / folder).glob("*.txt"))]


def _made(pieces: list[str], seed: int) -> list[str]:
    """Texts of pieces drawn at random, where matches crowd and overlap."""
    rnd = random.Random(seed)
    return ["".join(rnd.choice(pieces) for _ in range(120)) for _ in range(500)]


@pytest.mark.parametrize("plain, scan, pieces", [
    (re.compile(r"(?:“[^“”]{1,60}?”)+"), concepts.CHAIN.finditer, ["“", "”", "中", "中" * 30, "\n"]),
    (re.compile(r"[。!?;！？；]+[”’」』]?|\n+"), structure.SENT_END.finditer, list("。!?;！？；”’」』\n中 ")),
    (places.TOWNSHIP_SUFFIX, places.township_suffixes, ["镇", "乡", "街道", "街", "道", "中", "中", "、"]),
])
def test_a_scan_finds_what_the_plain_pattern_finds(plain, scan, pieces):
    found = 0
    for text in _reports() + _made(pieces, 1):
        expected = [m.span() for m in plain.finditer(text)]
        assert [m.span() for m in scan(text)] == expected
        found += len(expected)
    assert found > 100
