"""Sentences, repeated passages, the header and the plan section of a report."""
from __future__ import annotations

import re


# sentence-final marks (and a closing quote after them), or line breaks; led by one
# class of both, so that the scan jumps from mark to mark instead of trying each position
SENT_END = re.compile(r"[。!?;！？；\n](?:(?<=[。!?;！？；])[。!?;！？；]*[”’」』]?|(?<=\n)\n*)")
PAST_HEADING = re.compile(r"(过去|上)一年|回顾|一年来|20\d\d年(主要)?工作(回顾|情况)")
_ENUM = r"^[#\s]*(?:[一二三四五六七八九十]+[、.．]|\d+[、.．]|第[一二三四五六七八九十]+部分)?\W{0,3}"
PLAN_HEADING = re.compile(
    _ENUM + r"((今|明|新的一)年|20\d\d年)(的|度)?(主要|重点)?(工作)?(任务|安排|打算|目标|思路|工作务|主要工作|工作建议)|"
    + _ENUM + r"((今|明)年|20\d\d年)(的)?(工作)?(主要|重点)(任务|工作)|"
    + _ENUM + r"(今后|下一步)(一年)?的?(主要)?(工作|任务)"
)
YEAR = re.compile(r"(20\d\d|19\d\d)\s*年")
MIN_REPEAT = 14
_SPACE = re.compile(r"\s+")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, trimmed of surrounding white space."""
    spans = []
    start = 0
    for m in SENT_END.finditer(text):
        end = m.end()
        if "\n" in m.group():
            end = m.start()
        _append(spans, text, start, end)
        start = m.end()
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def chunk_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """Split `text` into pieces of at most about `size` characters at line or sentence ends."""
    bounds = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind("\n"), *(window.rfind(p) for p in "。!?;！？；"))
        end = start + (cut + 1 if cut > size // 2 else size)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def find_duplicates(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences that repeat an earlier sentence word for word (a passage printed twice)."""
    seen: set[str] = set()
    dups = []
    for s, e in sentences:
        if e - s < MIN_REPEAT:  # shorter still without its spaces
            continue
        body = _SPACE.sub("", text[s:e])
        if len(body) < MIN_REPEAT:
            continue
        if body in seen:
            dups.append((s, e))
        else:
            seen.add(body)
    return dups


def find_plan_start(text: str, report_year: int | None) -> int | None:
    """Offset of the heading that opens the coming year's plan, if any."""
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if 0 < len(stripped) <= 40 and PLAN_HEADING.search(stripped) and not PAST_HEADING.search(stripped):
            years = [int(y) for y in YEAR.findall(stripped)]
            if not years or report_year is None or max(years) >= report_year:
                if pos > len(text) * 0.25:
                    return pos
        pos += len(line)
    return None


def header_end(text: str) -> int:
    """End of the title block: the first long line or the salutation."""
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if len(stripped) > 60 or stripped.startswith("各位代表"):
            return pos
        pos += len(line)
        if pos > 600:
            break
    return min(pos, len(text))


def report_year(text: str, header: str) -> int | None:
    """The year the report is delivered in: the header date, or the heading's year + 1."""
    m = YEAR.search(header)
    if m:
        return int(m.group(1))
    m = re.search(r"(20\d\d)\s*年[^\n。]{0,6}(工作回顾|主要工作|工作情况)", text)
    if m:
        return int(m.group(1)) + 1
    years = [int(y) for y in YEAR.findall(text)]
    return max(years) if years else None
