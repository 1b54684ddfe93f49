"""Counts for the year reported on: meetings, reports heard, inspections, ….

Each statistic is a list of patterns with the number in a named group; the
first match outside a repeated passage and outside the plan wins, except for
deputies' suggestions, where the largest count is the year's total (smaller
ones are subsets: 重点建议, 闭会期间建议). Patterns read the text without layout
spaces (召开常委会会议 12 次, blanked pinyin readings: 会(huì)议).
"""
from __future__ import annotations

import re
from typing import Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.component import Component
from kg.extract.context import ReportContext
from kg.extract.doc import in_plan, is_duplicate
from kg.extract.layout import original_position, without_spaces
from kg.extract.numbers import cn_to_int

N = r"(?=[\d零一二三四五六七八九十两百])(?<![\d零一二三四五六七八九十两百])(?P<n>\d{1,7}|[零一二三四五六七八九十两百]{1,8})"
G = r"[^,;:。，；：、]{0,12}?"
LAWS = r"(?:法律法规|法律、法规|法律和法规|法规|法律|地方性法规|条例)"

PATTERNS = {
    "standing_committee_meetings": [
        rf"(?:召开|举行)了?(?:县|区|市|旗)?(?:人大)?常委会(?:会议|全体会议){N}次",
        rf"{N}次(?:县|区|市|旗)?(?:人大)?常委会(?:会议|全体会议)",
        rf"常委会会议{N}次",
        rf"常委会(?:会议)?共?(?:召开|举行)了?{N}次",
    ],
    "director_meetings": [rf"主任会议(?:会议)?{N}次", rf"{N}次主任会议"],
    "work_reports_reviewed": [
        rf"听取(?:和|并)?审议了?{G}(?:工作报告|专项工作报告|报告){N}[个项件篇]",
        rf"听取(?:和|并)?审议了?{N}[个项件篇]{G}(?:工作报告|专项工作报告|报告)",
        rf"审议(?<!听取审议)(?<!和审议)了?{G}(?:工作报告|专项工作报告){N}[个项件篇]",
    ],
    "law_inspections": [
        rf"执法检查{N}[次项]",
        rf"(?:对|就){N}部{LAWS}{G}(?:执法)?检查",
        rf"检查(?:了)?{N}部{LAWS}",
        rf"等{N}部{LAWS}{G}(?:执法)?检查",
        rf"(?:开展|组织|进行)了?{N}[次项部](?:法律法规)?执法检查",
        rf"{N}部{LAWS}(?:的)?(?:贯彻)?(?:实施|执行)?(?:情况)?(?:的)?执法检查",
    ],
    "resolutions": [
        rf"作出了?(?:各类)?决议[、和]?决定{N}[项件个]",
        rf"作出了?{N}[项件个](?:决议[、和]?决定|决议、决定)",
    ],
    "appointments": [
        rf"任免{G}(?:工作人员|干部|人员){N}人次",
        rf"任免了?{N}人次",
    ],
    "deputy_suggestions": [
        rf"(?:办理|交办|督办)(?:了)?(?:人大)?代表(?:议案)?建议{N}件",
        rf"代表(?<!闭会期间代表)(?:议案)?建议{N}件",
        rf"{N}件(?:代表)?(?:议案)?建议(?:[^,;。]{{0,6}}(?:办结|办理|答复))",
        rf"代表(?:提出|所提)的?{N}件(?:议案)?建议",
        rf"代表[^,;。，；]{{0,4}}提出(?:的)?(?:议案)?建议{N}件",
        rf"{N}件议案建议",
    ],
}
LARGEST = {"deputy_suggestions"}
# where N can begin: the start of a run of digits and numerals
NUMBER_RUN = re.compile(r"[\d零一二三四五六七八九十两百]+")
HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
_QUANTIFIERS = ("?", "*", "+", "{")


def _after_number(pattern: str) -> Optional[str]:
    """The character a pattern that begins with N needs right after the number, if
    that is a plain Han character and no numeral: then N must take a whole run
    of numerals, and the pattern can only match at a run that this character
    ends (a pattern led by a look-around is tried at every position of the text;
    five such patterns were most of this component's time)."""
    if not pattern.startswith(N):
        return None
    rest = pattern[len(N):]
    after = rest[:1]
    if not HAN_CHAR.fullmatch(after) or NUMBER_RUN.match(after) or rest[1:2] in _QUANTIFIERS or _branches(rest):
        return None
    return after


def _branches(pattern: str) -> bool:
    """Whether `pattern` has alternatives outside its groups (then N leads only the first)."""
    depth = 0
    for ch in pattern:
        depth += (ch == "(") - (ch == ")")
        if ch == "|" and depth == 0:
            return True
    return False


_COMPILED = {k: [(re.compile(p), _after_number(p)) for p in v] for k, v in PATTERNS.items()}


def matches(pattern: re.Pattern, after: Optional[str], text: str, runs: list[tuple[int, int]]) -> Iterator[re.Match]:
    """`pattern.finditer(text)`; a pattern that needs `after` after its number is
    tried only where a run of numerals (`runs`) is followed by it."""
    if after is None:
        yield from pattern.finditer(text)
        return
    last = 0
    for start, end in runs:
        if start >= last and text.startswith(after, end):
            m = pattern.match(text, start)
            if m:
                yield m
                last = m.end()


def find_statistics(doc: Doc) -> dict[str, tuple[int, int, int]]:
    """{key: (value, start, end)} for the year reported on."""
    text, steps = without_spaces(doc._.kg.text)
    out: dict[str, tuple[int, int, int]] = {}
    runs = [m.span() for m in NUMBER_RUN.finditer(text)]
    for key, patterns in _COMPILED.items():
        hits = []
        for pat, after in patterns:
            for m in matches(pat, after, text, runs):
                start, end = original_position(m.start(), steps), original_position(m.end(), steps)
                if is_duplicate(doc, start) or in_plan(doc, start):
                    continue
                if key == "deputy_suggestions" and re.search(r"(闭会期间|重点)[^,。]{0,4}$", text[max(0, m.start() - 8):m.start("n")]):
                    continue
                value = cn_to_int(m.group("n"))
                if value is not None:
                    hits.append((value, start, end))
        if not hits:
            continue
        out[key] = max(hits) if key in LARGEST else min(hits, key=lambda h: h[1])
    return out


@Language.factory("kg_statistics", default_config={"largest": sorted(LARGEST)}, assigns=["doc._.kg_statistics"])
def make_statistics(nlp: Language, name: str, largest: list[str]) -> Statistics:
    return Statistics(nlp, name, largest)


class Statistics(Component):
    """The report's counts of its year's work. A count a piece of a long report
    already gave stays, except for the `largest` ones (a sum after its parts)."""

    def __init__(self, nlp: Language, name: str, largest: list[str]) -> None:
        super().__init__(nlp, name)
        self.largest = frozenset(largest)

    def run(self, ctx: ReportContext, doc: Doc) -> None:
        facts = ctx.facts
        offset = ctx.piece.offset
        for key, (value, start, end) in find_statistics(doc).items():
            if key in facts.statistics and not (key in self.largest and value > facts.statistics[key]):
                continue
            facts.statistics[key] = value
            facts.evidence[key] = (start + offset, end + offset)
