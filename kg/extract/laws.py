"""Laws and regulations, their canonical titles, and the inspections of them.

Titles come from 《》 and from bare names the law list knows (就业促进法,
全民健身条例) or that stand in an inspection's list of laws. A national short
form becomes 中华人民共和国…法; a local regulation without its jurisdiction
takes the report's province when the list, or the lack of a national title,
says so. An inspection is `inspectedLaw` in the year reported on and
`plansInspection` in the plan for the coming year.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg import resources
from kg.extract.matcher import WordMatcher, leftmost_longest
from kg.extract import gazetteer
from kg.extract.doc import SpanSet, add_mention, add_relation, in_plan, is_duplicate, sentence_of, word_boundaries
from kg.types import RelationMention

PRC = "中华人民共和国"
LAW_SUFFIX = re.compile(r"(法典|法|条例|规定|办法|细则|规则|决定)$")
TRAILER = re.compile(r"(\((草案|试行|修订|修正|\d{4}[-—–]\d{4}年?)\))+$")
BOOK = re.compile(r"《([^《》\n]{2,80})》")
NOT_LAW_END = ("方法", "做法", "想法", "说法", "看法", "手法", "用法", "办法")
AFTER_INSPECTION_NOT = re.compile(r"^(审议意见|整改|跟踪|落实情况|回头看|反馈)")
ENUM_WINDOW = 300
ENUM_SEP = re.compile(r"[、和及与]|以及")


@dataclass
class LawIndex:
    national: set = field(default_factory=set)
    local: set = field(default_factory=set)
    all_titles: set = field(default_factory=set)
    aliases: dict = field(default_factory=dict)
    automaton: Optional[WordMatcher] = None


def abbreviate_congress(title: str) -> str:
    return title.replace("人民代表大会常务委员会", "人大常委会").replace("人民代表大会", "人大")


def expand_congress(title: str) -> str:
    return title.replace("人大常委会", "人民代表大会常务委员会").replace("人大", "人民代表大会")


@functools.lru_cache(maxsize=1)
def law_index() -> LawIndex:
    idx = LawIndex()
    with open(resources.path("laws.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            t = row["title"]
            idx.all_titles.add(t)
            (idx.local if row["category"] == "local_regulation" else idx.national).add(t)
    with open(resources.path("law_aliases.csv"), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            idx.aliases[row["alias"]] = row["title"]
    words: dict[str, str] = {}
    for t in idx.national:
        words[t] = t
        if t.startswith(PRC) and len(t) - len(PRC) >= 3:
            words.setdefault(t[len(PRC):], t)
    for alias, t in idx.aliases.items():
        words[alias] = t
    for t in idx.local:
        for form in {t, abbreviate_congress(t)}:
            words[form] = t
            prefix = area_prefix(form)
            if prefix and len(form) - len(prefix) >= 4:
                words.setdefault(form[len(prefix):], t)
    idx.automaton = WordMatcher({w: t for w, t in words.items() if LAW_SUFFIX.search(w)})
    return idx


def _jurisdictions(county_code: Optional[str]) -> list[str]:
    gz = gazetteer.load()
    out = []
    for getter in (gz.province_of, gz.prefecture_of):
        d = getter(county_code)
        if d and d.name not in out:
            out.append(d.name)
    return out


def canonical_title(title: str, county_code: Optional[str], inherited: Optional[str] = None) -> str:
    """The canonical title of a law named as `title` in a report of `county_code`."""
    idx = law_index()
    gz = gazetteer.load()
    title = re.sub(r"\s+", "", title)
    core = TRAILER.sub("", title)
    if core.startswith(PRC):
        return core
    if core in idx.aliases:
        return idx.aliases[core]
    if not _starts_with_area(core) and not core.endswith("法"):
        for j in _jurisdictions(county_code):
            for cand in (j + core, expand_congress(j + core)):
                if cand in idx.all_titles:
                    return cand
    if core in idx.all_titles:
        return core
    if expand_congress(core) in idx.all_titles:
        return expand_congress(core)
    county = gz.get(county_code)
    level_names = {}
    if county:
        prov, pref = gz.province_of(county_code), gz.prefecture_of(county_code)
        level_names = {"省": prov.name if prov else None, "市": pref.name if pref else None,
                       "县": county.name, "区": county.name, "旗": county.name}
        level_names[county.name[-1]] = county.name
    if core[:1] in level_names and level_names[core[:1]] and re.match(r"^.(人大|人民|人民代表大会|政府|委)", core):
        return level_names[core[:1]] + core[1:]
    if core.endswith("法") and not core.endswith(NOT_LAW_END):
        if PRC + core in idx.all_titles:
            return PRC + core
        ends = [t for t in idx.national if t.startswith(PRC) and t.endswith(core)]
        if len(ends) == 1:
            return ends[0]
        if _starts_with_area(core):
            return core
        return PRC + core
    if _starts_with_area(core) or core.startswith(("全国人民代表大会", "全国人大", "国务院", "中共中央", "中央")):
        return core
    for j in _jurisdictions(county_code):
        for cand in (j + core, expand_congress(j + core)):
            if cand in idx.all_titles:
                return cand
    if core in idx.national or expand_congress(core) in idx.national:
        return core if core in idx.national else expand_congress(core)
    if inherited:
        return inherited + core
    if core.startswith("关于"):
        return core
    juris = _jurisdictions(county_code)
    return juris[0] + core if juris else core


def _starts_with_area(title: str) -> bool:
    gz = gazetteer.load()
    for n in range(2, min(12, len(title))):
        entries = gz.by_name.get(title[:n])
        if entries and any(e.form == "full" for e in entries):
            return True
    return False


def is_area_name(name: str) -> bool:
    """Whether `name` is the full name of a county-level or higher area."""
    gz = gazetteer.load()
    entries = gz.by_name.get(name)
    return bool(entries) and any(e.form == "full" and gz.divisions[e.code].level != "township" for e in entries)


def area_prefix(title: str) -> Optional[str]:
    """The longest area name that `title` starts with (浙江省 of 浙江省全民健身条例)."""
    return next((title[:n] for n in range(min(12, len(title) - 1), 1, -1) if is_area_name(title[:n])), None)


def is_law_title(title: str) -> bool:
    core = TRAILER.sub("", re.sub(r"\s+", "", title))
    if core in ("决定", "办法", "规定", "条例", "实施办法", "实施细则"):
        return False
    if not LAW_SUFFIX.search(core) or core.endswith(NOT_LAW_END[:-1]):
        return False
    if core.endswith("决定") and not re.search(r"人大|人民代表大会|常委会|常务委员会", core):
        return False
    return True


@dataclass
class LawMention:
    start: int
    end: int
    surface: str
    bracketed: bool


class LawFinder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc._.kg_text
        self.facts = doc._.kg_facts
        self.bounds = word_boundaries(doc)

    def bracketed(self) -> list[LawMention]:
        out = []
        for m in BOOK.finditer(self.text):
            if is_law_title(m.group(1)):
                out.append(LawMention(m.start(1), m.end(1), m.group(1), True))
        return out

    def listed(self, taken: SpanSet) -> list[LawMention]:
        """Bare titles the law list knows, on segment boundaries."""
        out = []
        idx = law_index()

        def accept(m: tuple) -> bool:
            return m[0] not in taken and (m[0] in self.bounds or self._left_ok(m[0]))

        for start, end, word, _ in leftmost_longest(idx.automaton.iter(self.text), accept):
            start -= self._prefix_len(self.text[max(0, start - 12):start])
            out.append(LawMention(start, end, self.text[start:end], False))
        return out

    @staticmethod
    def _prefix_len(before: str) -> int:
        """Length of a full area name at the end of `before` (浙江省 in 浙江省乡镇人大工作条例)."""
        return next((n for n in range(min(len(before), 12), 1, -1) if is_area_name(before[-n:])), 0)

    def _left_ok(self, start: int) -> bool:
        return start == 0 or not re.match(r"[\u4e00-\u9fff]", self.text[start - 1]) or self.text[start - 1] in "对和及与"

    def enumerated(self, taken: SpanSet) -> list[LawMention]:
        """Bare titles listed before 执法检查 / 实施情况 that the law list lacks."""
        out = []
        for m in re.finditer(r"(执法检查|实施情况|贯彻实施情况|贯彻情况)", self.text):
            s, _ = sentence_of(self.doc, m.start())
            s = max(s, m.start() - ENUM_WINDOW)
            head = self.text[s:m.start()]
            clause_start = max(head.rfind(","), head.rfind(","), head.rfind(":"))
            clause = head[clause_start + 1:]
            base = s + clause_start + 1
            clause = re.sub(r"等\d*[部件项]?(法律法规|法规|法律)?(的)?$", "", clause)
            verb = re.search(r"^(.*?)(开展了?|组织|对|检查|联动开展|进行)", clause)
            offset = verb.end() if verb else 0
            pos = base + offset
            for part in ENUM_SEP.split(clause[offset:]):
                start = self.text.find(part, pos)
                pos = start + len(part)
                if not part or "《" in part or "》" in part or start in taken:
                    continue
                if 3 <= len(part) <= 30 and re.fullmatch(r"[\u4e00-\u9fff“”]+", part) and is_law_title(part):
                    out.append(LawMention(start, start + len(part), part, False))
        return out

    def run(self) -> list[LawMention]:
        found = self.bracketed()
        found += self.listed(SpanSet((m.start, m.end) for m in found))
        found += self.enumerated(SpanSet((m.start, m.end) for m in found))
        return sorted((m for m in found if not is_duplicate(self.doc, m.start)), key=lambda m: m.start)


def inspection_kind(doc: Doc, start: int, end: int) -> Optional[str]:
    """'inspectedLaw', 'plansInspection' or None for the law mention at start:end."""
    text = doc._.kg_text
    s, e = sentence_of(doc, start)
    rest = text[end:e]
    cut = re.search(r"[,;:，；]", rest)
    clause = rest[: cut.start()] if cut else rest
    m = re.search(r"执法检查|(实施|贯彻|落实|执行)?情况(开展|进行)?(了)?(全面|专项)?(执法)?检查|检查", clause)
    if not m:
        return None
    if AFTER_INSPECTION_NOT.match(clause[m.end():]):
        return None
    if in_plan(doc, start) or _future(doc, text[s:e]):
        return "plansInspection"
    return "inspectedLaw"


FUTURE = re.compile(r"(计划|拟|将要|将于|将对|将开展|将组织|将继续|明年|今年将|下一年)")


def _future(doc: Doc, sentence: str) -> bool:
    """A sentence about the coming year outside any plan heading (news write-ups)."""
    year = doc._.kg_year
    return bool(FUTURE.search(sentence)) and (year is None or str(year) in sentence or "今年" in sentence or "明年" in sentence)


@Language.component("kg_laws")
def laws_component(doc: Doc) -> Doc:
    facts = doc._.kg_facts
    previous: Optional[tuple[int, str]] = None
    for lm in LawFinder(doc).run():
        inherited = None
        if previous and 0 < lm.start - previous[0] <= 2 and doc._.kg_text[previous[0]:lm.start].strip("》") in ("和", "及", "与", "、", ""):
            inherited = previous[1]
        title = canonical_title(lm.surface, facts.county_code, inherited)
        add_mention(doc, "Law", title, lm.start, lm.end, source="book" if lm.bracketed else "bare")
        prefix = area_prefix(title)
        previous = (lm.end + (1 if lm.bracketed else 0), prefix) if prefix else None
        kind = inspection_kind(doc, lm.start, lm.end)
        if kind and facts.county_code:
            s, e = sentence_of(doc, lm.start)
            add_relation(doc, RelationMention("County", facts.county_code, kind, "Law", title, s, e))
    return doc
