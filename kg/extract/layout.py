"""Text with runs taken out, and the way back to the offsets of the text as read.

Extractors read some texts without what only lays them out: the blanks
normalisation leaves for pinyin readings (the pipeline), spaces inside a
name (the name model), layout spaces inside counts and titles (laws,
statistics). Every offset they find is mapped back here.
"""
from __future__ import annotations

import bisect
import re
from typing import Optional

SPACES = re.compile(r"[ \t]+")


def kept_positions(length: int, gaps: list[tuple[int, int]]) -> list[int]:
    """Positions of a text of `length` characters outside the sorted, disjoint `gaps`."""
    kept: list[int] = []
    last = 0
    for start, end in gaps:
        kept.extend(range(last, start))
        last = end
    kept.extend(range(last, length))
    return kept


def without(text: str, gaps: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """`text` without the `gaps`, and where each kept character stands in `text`."""
    parts, last = [], 0
    for start, end in gaps:
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    return "".join(parts), kept_positions(len(text), gaps)


def without_spaces(text: str) -> tuple[str, Optional[list[tuple[int, int]]]]:
    """`text` without layout spaces, and (clean position, characters removed before it) steps to map back."""
    if " " not in text and "\t" not in text:
        return text, None
    steps: list[tuple[int, int]] = []
    parts, last, removed = [], 0, 0
    for m in SPACES.finditer(text):
        parts.append(text[last:m.start()])
        steps.append((m.start() - removed, removed + m.end() - m.start()))
        removed, last = steps[-1][1], m.end()
    parts.append(text[last:])
    return "".join(parts), steps


def original_position(pos: int, steps: Optional[list[tuple[int, int]]]) -> int:
    """Where position `pos` of the text without spaces lies in the text with them."""
    if not steps:
        return pos
    i = bisect.bisect_right(steps, (pos, float("inf"))) - 1
    return pos + (steps[i][1] if i >= 0 else 0)
