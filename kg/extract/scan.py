"""Regular expressions tried only where a match can begin.

Some patterns can begin anywhere but only ever match a few characters before
a short anchor (a junction of list items, a township's 镇 or 乡). Letting the
regex engine try every position of a report cost more than the rest of the
search, so such a pattern is tried only in the reach before each anchor.
"""
from __future__ import annotations

import re
from typing import Iterator


def matches_before(pattern: re.Pattern, anchors: re.Pattern, text: str, reach: int) -> Iterator[re.Match]:
    """`pattern.finditer(text)` for a pattern whose every match begins two to `reach`
    characters before a match of `anchors`: the same matches, tried only there."""
    last = tried = 0
    for anchor in anchors.finditer(text):
        for start in range(max(last, tried, anchor.start() - reach), anchor.start() - 1):
            m = pattern.match(text, start)
            if m:
                yield m
                last = m.end()
                break
        tried = anchor.start() - 1
