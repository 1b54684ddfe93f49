"""Text of laid-out pages as a report's text: page furniture dropped, lines joined.

A PDF's text layer gives the lines as they were laid out on each page: a
running header and footer and the page number repeat on every page, and a
sentence runs over several lines. What is left is what every offset of the
report indexes, so it must be the same text whatever the page size was.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

from kg.resources import read_lines

# How many lines at the top and at the bottom of a page may be page furniture.
_EDGE = 4
# A shape seen at the edge of at least this share of the pages (and of two) is furniture.
_REPEATED = 0.5
# A line this many character widths short of the full line width still fills it
# (a paragraph's first line is indented by two).
_SLACK = 2.5
# A line may fall this much shorter still when the next one starts with a few
# characters and a closing mark: a closing mark cannot start a line, so the
# characters before it went down with it (`以“一切为了` / `U”代表`).
_PUSHED = 2
_NO_LINE_START = "”’）》」』】〉，。、；：？！…"
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"[-—–－―~·\s]*(第?#页?([/，,]?共#页)?|#/#|#|page#(of#)?)[-—–－―~·\s]*", re.I)
_SENTENCE_END = "。！？!?"
# White space after a full-width sentence end: a paragraph break that a reader put on one line.
_GAP_AFTER_SENTENCE = re.compile(r"(?<=[。！？])[ \u3000]+(?=\S)")


@functools.lru_cache(maxsize=1)
def _char_map() -> dict[int, str]:
    """Code points of PDF text layers and the characters the text has (kg/resources/pdf_chars.txt)."""
    table: dict[int, str] = {}
    for line in read_lines("pdf_chars.txt"):
        given, text = line.split("\t")[:2]
        table[int(given, 16)] = "".join(chr(int(cp, 16)) for cp in text.split())
    return table


def fix_chars(text: str) -> str:
    """Radicals (⼈ U+2F08, ⺠ U+2EA0) as the ideographs they stand for, and the like."""
    return text.translate(_char_map())


def pages_to_text(pages: list[str]) -> str:
    """One text from the pages' texts (lines as laid out): characters fixed, running
    headers, footers and page numbers dropped, lines broken inside a sentence joined."""
    lines = [[piece.strip() for line in fix_chars(page).splitlines() for piece in _GAP_AFTER_SENTENCE.split(line)]
             for page in pages]
    lines = [[line for line in page if line] for page in lines]
    furniture = _furniture(lines)
    body = [line for page in lines for line in _without_furniture(page, furniture)]
    return join_lines(body)


def _shape(line: str) -> str:
    """A line as page furniture repeats it: numbers and spaces ignored."""
    return _DIGITS.sub("#", _SPACE.sub("", line)).casefold()


def _edges(page: list[str]) -> set[str]:
    return {_shape(line) for line in page[:_EDGE] + page[-_EDGE:]}


def _furniture(pages: list[list[str]]) -> set[str]:
    """Shapes of the lines at the top or bottom of most pages."""
    counts = Counter(shape for page in pages for shape in _edges(page))
    least = max(2, _REPEATED * len(pages))
    return {shape for shape, n in counts.items() if n >= least}


def _is_furniture(line: str, furniture: set[str], used: set[str]) -> bool:
    shape = _shape(line)
    if shape in used:
        return False
    if shape in furniture or _PAGE_NUMBER.fullmatch(shape):
        used.add(shape)
        return True
    return False


def _without_furniture(page: list[str], furniture: set[str]) -> list[str]:
    """The page without the furniture lines at its top and bottom, each shape once:
    the first page's title stays where the running header repeats it."""
    used: set[str] = set()
    start = 0
    while start < min(_EDGE, len(page)) and _is_furniture(page[start], furniture, used):
        start += 1
    end = len(page)
    while end > max(start, len(page) - _EDGE) and _is_furniture(page[end - 1], furniture, used):
        end -= 1
    return page[start:end]


def _width(line: str) -> float:
    """Width of a line in ideograph widths (a Latin letter or digit is half of one; quotes and
    dashes, of ambiguous width, are full width in Chinese fonts)."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in line)


def join_lines(lines: list[str]) -> str:
    """Lines as paragraphs: a line that fills the line width and does not end a
    sentence runs on into the next; the others end their paragraph."""
    if not lines:
        return ""
    widths = [_width(line) for line in lines]
    full = Counter(round(w) for w in widths if w >= 8).most_common(1)
    limit = full[0][0] - _SLACK if full else float("inf")
    out = [lines[0]]
    for line, prev_width in zip(lines[1:], widths):
        prev = out[-1]
        if _runs_on(prev, prev_width, line, limit):
            out[-1] = prev + (" " if prev[-1].isascii() and line[0].isascii() and prev[-1].isalnum() else "") + line
        else:
            out.append(line)
    return "\n".join(out) + "\n"


def _runs_on(prev: str, width: float, line: str, limit: float) -> bool:
    """Whether the line `prev` (of `width`) breaks inside a sentence that `line` goes on with."""
    if prev[-1] in _SENTENCE_END:
        return False
    pushed = any(c in _NO_LINE_START for c in line[:3])
    return width >= limit or (pushed and width >= limit - _PUSHED)
