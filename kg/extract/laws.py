"""Laws and regulations, their canonical titles, and the inspections of them.

Titles come from 《》 (and the 〈〉 or <> titles nested in them: a decision to
amend a regulation names both), from bare names the law list knows
(就业促进法, 全民健身条例), from bare regulations of the report's own areas
(自治县自治条例), from congress decisions (作出关于…的决定) and from an
inspection's list of laws. A national short form becomes 中华人民共和国…法; a
local regulation without its jurisdiction takes the report's province when the
list, or the lack of a national title, says so; a draft stands for the law it
drafts. An inspection is `inspectedLaw` in the year reported on and
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
from kg.reference.matcher import WordMatcher, leftmost_longest
from kg.reference import gazetteer
from kg.extract.component import Component
from kg.extract.context import ReportContext
from kg.extract.layout import SPACES
from kg.extract.doc import SpanSet, in_plan, is_duplicate, sentence_of, word_boundaries
from kg.reference.words import frequency as word_freq
from kg.extract.rules import Decision, cached, decide, table
from kg.types import EntityRef, RelationMention

PRC = "中华人民共和国"
LAW_SUFFIX = re.compile(r"(法典|法|条例|规定|办法|细则|规则|决定|规程)$")
DRAFT = r"草案(?:修改稿|修订稿|建议稿|征求意见稿)?|修改稿|修订稿|征求意见稿|送审稿|建议稿"
TRAILER = re.compile(
    rf"(?:\((?:(?:修订|修正)?(?:{DRAFT})|试行|暂行|修订|修正|\d{{4}}[-—–]\d{{4}}年?|\d{{4}}年?(?:修订|修正)?)\)"
    rf"|(?:修订|修正)?(?:{DRAFT}))+$")
BOOK = re.compile(r"《\s*([^《》\n]{2,80}?)\s*》")
INNER = re.compile(r"[<〈⟨\u2329]\s*([^<>〈〉⟨⟩\u2329\u232a《》\n]{2,80}?)\s*[>〉⟩\u232a]")
INNER_BRACKETS = str.maketrans({"<": "〈", ">": "〉", "⟨": "〈", "⟩": "〉", "\u2329": "〈", "\u232a": "〉"})
GENERIC = {"决定", "办法", "规定", "条例", "实施办法", "实施细则", "规程", "规则", "细则", "法律", "法规"}
NOT_LAW_END = ("方法", "做法", "想法", "说法", "看法", "手法", "用法", "办法")
CONGRESS = re.compile(r"人大|人民代表大会|常委会|常务委员会")
AMENDMENT = re.compile(r"(修改|修订|修正|废止|批准|停止施行)[^的]{0,60}(法|条例|规定|办法|细则|规则)")
AFTER_INSPECTION_NOT = re.compile(r"^(审议意见|整改|跟踪|落实情况|回头看|反馈)")
ENUM_WINDOW = 300
ENUM_SEP = re.compile(r"[、和及与]|以及")
ENUM_TRIGGER = re.compile(r"执 *法 *检 *查|实 *施 *情 *况|贯 *彻 *情 *况")
# Characters after 法 that make it the start of another word (法律, 法治, 法规 but not 法 规定).
WORD_AFTER_FA = re.compile(r"[律治定院官人学制理务庭警]|规(?!定)")
COMMON_WORD_FREQ = 10
AUTONOMOUS = ("自治县", "自治旗", "自治州", "自治区")
# A decision's issuer in the words before it, and who else may have made it.
ISSUER = re.compile(r"人大常委会|人民代表大会常务委员会|常委会|本次会议|本次大会|人民代表大会|代表大会")
NOT_ISSUER = re.compile(r"党委|党组|县委|市委|省委|区委|旗委|州委|中共|党中央|国务院|政府|办公室|办公厅|全会")
PARTY_BEFORE = re.compile(r"(党|县|市|省|区|旗|州)委$")
WRITTEN_ISSUER = re.compile(r"(?:人大常委会|人民代表大会常务委员会)$")
ISSUING_VERB = re.compile(r"(作出|做出|通过|审议通过|表决通过|出台|制定|颁布)了?[《<〈“]?$")
PARTY_DECISION = re.compile(r"^(中共|中国共产党|中央|党中央)|(党|县|市|省|区|旗|州)委关于")
BARE_DECISION = re.compile(r"关于[^,;:。!?\n“”《》〈〉<>]{2,60}?的决定(?!性)")
# Layout spaces inside words, such as the blanked pinyin readings of 执(zhí)法检查.
INSPECTION = re.compile(r"执法检查|(实施|贯彻|落实|执行)?情况(开展|进行)?(了)?(全面|专项)?(执法)?检查|检查")
IMPLEMENTATION = re.compile(r"(实施|执行|贯彻|落实)(的)?情况")


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
            words.setdefault(abbreviate_congress(t[len(PRC):]), t)
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


def _own_areas(county_code: Optional[str]) -> list[gazetteer.Division]:
    """The report's county, prefecture and province, those that exist."""
    gz = gazetteer.load()
    out: list[gazetteer.Division] = []
    for d in (gz.get(county_code), gz.prefecture_of(county_code), gz.province_of(county_code)):
        if d and all(d.code != o.code for o in out):
            out.append(d)
    return out


def _jurisdictions(county_code: Optional[str]) -> list[str]:
    gz = gazetteer.load()
    out = []
    for getter in (gz.province_of, gz.prefecture_of):
        d = getter(county_code)
        if d and d.name not in out:
            out.append(d.name)
    return out


def _level_names(county_code: Optional[str]) -> dict[str, str]:
    """What a bare level character stands for in the report: 省 → its province, 县 → itself."""
    gz = gazetteer.load()
    county = gz.get(county_code)
    if not county:
        return {}
    prov, pref = gz.province_of(county_code), gz.prefecture_of(county_code)
    names = {"省": prov.name if prov else None, "市": pref.name if pref else None,
             "县": county.name, "区": county.name, "旗": county.name}
    if pref and pref.name.endswith("州"):
        names["州"] = pref.name
    names[county.name[-1]] = county.name
    return {k: v for k, v in names.items() if v}


def clean_title(title: str) -> str:
    """`title` without white space, its nested titles in 〈〉."""
    return re.sub(r"\s+", "", title).translate(INNER_BRACKETS)


def core_title(title: str) -> str:
    """`title` cleaned and without draft or edition marks: …条例(草案) → …条例."""
    return TRAILER.sub("", clean_title(title))


def own_jurisdiction(core: str, county_code: Optional[str]) -> str:
    """`core` with its leading area written as the report's own area's full name.

    A variant character (陜西省 for 陕西省), a short form (陕西) or the bare
    自治县 of an autonomous county's own report become the full name, so no
    jurisdiction is prefixed twice.
    """
    areas = _own_areas(county_code)
    if any(core.startswith(d.name) for d in areas):
        return core
    for d in areas:
        head = core[:len(d.name)]
        if (len(d.name) >= 3 and len(core) > len(d.name) + 1 and head[-1] == d.name[-1] and not is_area_name(head)
                and sum(a != b for a, b in zip(head, d.name)) == 1):
            return d.name + core[len(d.name):]
        suffix = next((s for s in AUTONOMOUS if d.name.endswith(s) and core.startswith(s)), None)
        if suffix:
            return d.name + core[len(suffix):]
    by_name = gazetteer.load().by_name
    for n in range(min(8, len(core) - 2), 1, -1):
        for e in by_name.get(core[:n], ()):
            own = next((d for d in areas if d.code == e.code), None)
            if own and e.form != "full":
                return own.name + core[n:]
    return core


@dataclass(frozen=True)
class NamedLaw:
    """A law as a report names it: its title, the report's county, the jurisdiction
    of a title it is coordinated with (`inherited`) and the congress that the
    context says made a decision titled 关于… (`issuer`)."""

    title: str
    county_code: Optional[str]
    inherited: Optional[str] = None
    issuer: Optional[str] = None

    @cached
    def written(self) -> str:
        """The title without draft marks, as written."""
        return core_title(self.title)

    @cached
    def core(self) -> str:
        """The title with its leading own area written in full."""
        return own_jurisdiction(self.written, self.county_code)

    @cached
    def starts_with_area(self) -> bool:
        return _starts_with_area(self.core)

    @property
    def national_form(self) -> bool:
        """Ends in 法, and not in an ordinary word like 办法."""
        return self.core.endswith("法") and not self.core.endswith(NOT_LAW_END)


def _full_national_title(law: NamedLaw) -> Optional[str]:
    """A title that starts with 中华人民共和国 is canonical already."""
    return law.written if law.written.startswith(PRC) else None


def _alias(law: NamedLaw) -> Optional[str]:
    """The law list's aliases name their titles (监督法)."""
    return law_index().aliases.get(law.written)


def _issued_decision(law: NamedLaw) -> Optional[str]:
    """A decision 关于… takes the congress that the context says made it."""
    return law.issuer + law.core if law.issuer and law.core.startswith("关于") else None


def _listed_in_jurisdiction(law: NamedLaw) -> Optional[str]:
    """A regulation (a 办法 too, but no law …法) without area that the law list has under the
    report's province or prefecture."""
    if law.starts_with_area or law.national_form:
        return None
    titles = law_index().all_titles
    candidates = (c for j in _jurisdictions(law.county_code) for c in (j + law.core, expand_congress(j + law.core)))
    return next((c for c in candidates if c in titles), None)


def _listed(law: NamedLaw) -> Optional[str]:
    """A title the law list has as written."""
    return law.core if law.core in law_index().all_titles else None


def _listed_national_short(law: NamedLaw) -> Optional[str]:
    """A national title written without 中华人民共和国."""
    return PRC + law.core if PRC + law.core in law_index().national else None


def _listed_congress_abbreviated(law: NamedLaw) -> Optional[str]:
    """A listed title with 人大 written for 人民代表大会."""
    expanded = expand_congress(law.core)
    return expanded if expanded in law_index().all_titles else None


def _level_character(law: NamedLaw) -> Optional[str]:
    """A bare level character (市物业管理条例, 县人大…规则) stands for the report's own area."""
    core = law.core
    level = _level_names(law.county_code).get(core[:1])
    if not level or _level_word(core) or law.starts_with_area:
        return None
    if re.match(r"^.(人大|人民|人民代表大会|政府|委)", core) or not law.national_form:
        return level + core[1:]
    return None


def _listed_national_expanded(law: NamedLaw) -> Optional[str]:
    """A law (…法) listed under 中华人民共和国 with 人大 written out."""
    if not law.national_form:
        return None
    titles = law_index().all_titles
    return next((c for c in (PRC + law.core, PRC + expand_congress(law.core)) if c in titles), None)


def _national_by_ending(law: NamedLaw) -> Optional[str]:
    """A law (…法) that only one national title ends in is that title (地方组织法)."""
    if not law.national_form:
        return None
    ends = [t for t in law_index().national if t.startswith(PRC) and t.endswith(law.core)]
    return ends[0] if len(ends) == 1 else None


def _local_law(law: NamedLaw) -> Optional[str]:
    """A law (…法) that names its area is that area's."""
    return law.core if law.national_form and law.starts_with_area else None


def _national_law(law: NamedLaw) -> Optional[str]:
    """Any other law (…法) is national."""
    return PRC + law.core if law.national_form else None


def _named_jurisdiction(law: NamedLaw) -> Optional[str]:
    """A title that names its area or a national body keeps it."""
    national = law.core.startswith(("全国人民代表大会", "全国人大", "国务院", "中共中央", "中央"))
    return law.core if law.starts_with_area or national else None


def _inherited_jurisdiction(law: NamedLaw) -> Optional[str]:
    """A title coordinated with another (…条例和…条例) shares its jurisdiction."""
    return law.inherited + law.core if law.inherited else None


def _decision_without_issuer(law: NamedLaw) -> Optional[str]:
    """A decision 关于… whose maker the context does not say stays as written."""
    return law.core if law.core.startswith("关于") else None


def _report_jurisdiction(law: NamedLaw) -> Optional[str]:
    """Any other regulation is the report's province's (its prefecture's where there is none)."""
    juris = _jurisdictions(law.county_code)
    return juris[0] + law.core if juris else None


def _as_written(law: NamedLaw) -> Optional[str]:
    """A report of no known area leaves the title as written."""
    return law.core


# Order matters: the first rule that decides wins (kg.extract.rules).
TITLE_RULES = table(
    _full_national_title, _alias, _issued_decision, _listed_in_jurisdiction, _listed, _listed_national_short,
    _listed_congress_abbreviated, _level_character, _listed_national_expanded, _national_by_ending, _local_law,
    _national_law, _named_jurisdiction, _inherited_jurisdiction, _decision_without_issuer, _report_jurisdiction,
    _as_written,
)


def title_decision(title: str, county_code: Optional[str], inherited: Optional[str] = None,
                   issuer: Optional[str] = None) -> Decision[str]:
    """The canonical title of a law named as `title` in a report of `county_code`,
    and the rule that decided it; see `NamedLaw` for `inherited` and `issuer`."""
    return decide(TITLE_RULES, NamedLaw(title, county_code, inherited, issuer))


def canonical_title(title: str, county_code: Optional[str], inherited: Optional[str] = None,
                    issuer: Optional[str] = None) -> str:
    """The canonical title of a law named as `title` in a report of `county_code`."""
    return title_decision(title, county_code, inherited, issuer).value


def _level_word(core: str) -> bool:
    """Whether the level character `core` starts begins a word (市场, 县级, 省直), not an area (市 物业管理条例)."""
    return core[1:2] in ("级", "域", "直", "属") or word_freq(core[:2]) >= COMMON_WORD_FREQ


def _starts_with_area(title: str) -> bool:
    """Whether `title` goes on after the full name of an area, of any length (双江拉祜族佤族布朗族傣族自治县…)."""
    gz = gazetteer.load()
    for n in range(2, len(title)):
        entries = gz.by_name.get(title[:n])
        if entries and any(e.form == "full" for e in entries):
            return True
    return False


def is_area_name(name: str) -> bool:
    """Whether `name` is the full name of a county-level or higher area."""
    return name in _area_names()


@functools.lru_cache(maxsize=1)
def _area_names() -> frozenset:
    """The full names of county-level and higher areas (asked of every tail of the
    text before each law's title, so a set rather than a look through the entries)."""
    gz = gazetteer.load()
    return frozenset(name for name, entries in gz.by_name.items()
                     if any(e.form == "full" and gz.divisions[e.code].level != "township" for e in entries))


@functools.lru_cache(maxsize=1)
def area_window() -> int:
    """How many characters before a title its area's name may take: the longest full area name."""
    return max(len(name) for name in _area_names())


def area_prefix(title: str) -> Optional[str]:
    """The longest area name that `title` starts with (浙江省 of 浙江省全民健身条例)."""
    return next((title[:n] for n in range(len(title) - 1, 1, -1) if is_area_name(title[:n])), None)


def is_law_title(title: str, congress_issued: bool = False) -> bool:
    """Whether `title` names a law; a 决定 must come from a congress (its title, an amendment, or the context)
    and a 规程 must be a congress's."""
    core = core_title(title)
    if core in GENERIC or not LAW_SUFFIX.search(core) or core.endswith(NOT_LAW_END[:-1]):
        return False
    if core.endswith("决定"):
        by_congress = congress_issued or CONGRESS.search(core) or AMENDMENT.search(core)
        return bool(by_congress) and not PARTY_DECISION.search(core)
    if core.endswith("规程"):
        return bool(CONGRESS.search(core))
    return True


@dataclass
class LawMention:
    start: int
    end: int
    surface: str
    bracketed: bool
    issuer: Optional[str] = None


class LawFinder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc._.kg.text
        self.facts = doc._.kg.facts
        self.bounds = word_boundaries(doc)

    def bracketed(self) -> list[LawMention]:
        """Titles in 《》, the titles nested in them, and titles in 〈〉 or <> standing alone."""
        out = []
        books = SpanSet()
        for m in BOOK.finditer(self.text):
            books.add(m.start(), m.end())
            inner = [i for i in INNER.finditer(self.text, m.start(1), m.end(1)) if is_law_title(i.group(1))]
            out += self._titled(m, inner)
            out += [LawMention(i.start(1), i.end(1), i.group(1), True) for i in inner]
        for m in INNER.finditer(self.text):
            if m.start() not in books:
                out += self._titled(m, [])
        return out

    def _titled(self, m: re.Match, inner: list[re.Match]) -> list[LawMention]:
        """The law that bracketed title `m` names, if it is one."""
        title, core = m.group(1), core_title(m.group(1))
        issuer = None
        if core.startswith("关于") and core.endswith("决定"):
            issuer = self.issuer(m.start()) or self.amending_body([i.group(1) for i in inner])
        if not is_law_title(title, issuer is not None):
            return []
        return [LawMention(m.start(1), m.end(1), title, True, issuer)]

    def amending_body(self, amended: list[str]) -> Optional[str]:
        """The standing committee of the area whose regulation a decision amends (关于修改〈浙江省…条例〉的决定)."""
        for title in amended:
            prefix = area_prefix(canonical_title(title, self.facts.county_code))
            if prefix:
                return prefix + "人大常委会"
        return None

    def issuer(self, start: int) -> Optional[str]:
        """The congress body (临朐县人大常委会) that the words before `start` say made the decision there."""
        s, _ = sentence_of(self.doc, start)
        before = self.text[max(s, start - 40):start]
        if not ISSUING_VERB.search(before):
            return None
        found = list(ISSUER.finditer(before))
        if not found or NOT_ISSUER.search(before[found[-1].end():]):
            return None
        m = found[-1]
        if PARTY_BEFORE.search(before[:m.start()]):
            return None
        body = "人民代表大会" if m.group() in ("本次大会", "人民代表大会", "代表大会") else "人大常委会"
        if m.group() == "本次会议" and self._to_congress():
            body = "人民代表大会"
        head = before[:m.start()]
        if head.endswith("全国"):
            return "全国" + body
        n = self._prefix_len(head[-area_window():])
        if n:
            return head[-n:] + body
        names = _level_names(self.facts.county_code)
        area = names.get(head[-1:]) or names.get("县")
        return area + body if area else None

    def _to_congress(self) -> bool:
        """Whether the text is addressed to a congress session (各位代表), not to its standing committee (各位委员)."""
        opening = self.text[:600]
        return "各位代表" in opening and "各位委员" not in opening

    def listed(self, taken: SpanSet) -> list[LawMention]:
        """Bare titles the law list knows, on segment boundaries."""
        out = []
        idx = law_index()

        def accept(m: tuple) -> bool:
            return (m[0] not in taken and (self._left_ok(m[0]) or m[0] in self.bounds)
                    and not (m[2].endswith("法") and WORD_AFTER_FA.match(self.text, m[1])))

        for start, end, word, _ in leftmost_longest(idx.automaton.iter(self.text), accept):
            start -= self._prefix_len(self.text[max(0, start - area_window()):start])
            out.append(LawMention(start, end, self.text[start:end], False))
        return out

    @staticmethod
    def _prefix_len(before: str) -> int:
        """Length of the longest full area name at the end of `before` (浙江省 in 浙江省乡镇人大工作条例)."""
        return next((n for n in range(len(before), 1, -1) if is_area_name(before[-n:])), 0)

    def _left_ok(self, start: int) -> bool:
        return start == 0 or not re.match(r"[\u4e00-\u9fff]", self.text[start - 1]) or self.text[start - 1] in "对和及与"

    def regional(self, taken: SpanSet) -> list[LawMention]:
        """Bare regulations of the report's own legislating areas: 浙江省…条例, 某某自治县自治条例, 自治县…条例."""
        areas = [d for d in _own_areas(self.facts.county_code) if d.level != "county" or d.name.endswith(AUTONOMOUS)]
        heads = [d.name for d in areas] + [s for d in areas for s in AUTONOMOUS if d.name.endswith(s)]
        if not heads:
            return []
        pattern = re.compile("(?:" + "|".join(map(re.escape, sorted(heads, key=len, reverse=True)))
                             + r")(?P<rest>[^\W\d_的了是在将对为、]{1,24}?)条例")
        out = []
        for m in pattern.finditer(self.text):
            rest = m.group("rest")
            if m.start() in taken or not self._left_ok_area(m.start()) or not regional_rest_ok(rest):
                continue
            out.append(LawMention(m.start(), m.end(), m.group(), False))
        return out

    def _left_ok_area(self, start: int) -> bool:
        """An own-area title starts a word, not inside a longer area name (…彝族自治县)."""
        return self.text[start - 1:start] != "族" and (start in self.bounds or self._left_ok(start))

    def decisions(self, taken: SpanSet) -> list[LawMention]:
        """Bare decisions a congress makes: 县人大常委会关于…的决定, 会议作出关于…的决定."""
        out = []
        for m in BARE_DECISION.finditer(self.text):
            if m.start() in taken:
                continue
            written = WRITTEN_ISSUER.search(self.text, max(0, m.start() - 12), m.start())
            if written:
                start = self._issuer_start(written.start())
                out.append(LawMention(start, m.end(), self.text[start:m.end()], False))
                continue
            issuer = self.issuer(m.start())
            if issuer:
                out.append(LawMention(m.start(), m.end(), m.group(), False, issuer))
        return out

    def _issuer_start(self, start: int) -> int:
        """Where the issuer written at `start` begins with its area (浙江省, 全国, 县 人大常委会)."""
        before = self.text[max(0, start - area_window()):start]
        if before.endswith("全国"):
            return start - 2
        n = self._prefix_len(before)
        return start - (n or (1 if before[-1:] and before[-1] in "省市县区旗州" else 0))

    def enumerated(self, taken: SpanSet) -> list[LawMention]:
        """Bare titles listed before 执法检查 / 实施情况 that the law list lacks."""
        out = []
        for m in ENUM_TRIGGER.finditer(self.text):
            s, _ = sentence_of(self.doc, m.start())
            s = max(s, m.start() - ENUM_WINDOW)
            head = self.text[s:m.start()]
            clause_start = max(head.rfind(","), head.rfind(","), head.rfind(":"))
            clause = head[clause_start + 1:]
            base = s + clause_start + 1
            clause = re.sub(r"等\d*[部件项]?(法律法规|法规|法律)?(的)?$", "", clause)
            verb = re.search(r"^(.*?)(开展了?|组织|对|检查|联动开展|进行|听取了?|审议了?|视察|调研)", clause)
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
        for finder in (self.regional, self.listed, self.decisions, self.enumerated):
            found += finder(SpanSet((m.start, m.end) for m in found))
        return sorted((m for m in found if not is_duplicate(self.doc, m.start)), key=lambda m: m.start)


REST_NOT_START = re.compile(r"人大|人民代表大会|常委会|政府|人民政府|修订|修改|实施|贯彻|执行|落实|第|首|各|有关|相关|现行|地方性|单行|这|该|全面|认真|深入|严格|依法")
REST_NOT_IN = re.compile(r"制定|出台|通过|审议|颁布|施行|批准")


def regional_rest_ok(rest: str) -> bool:
    """Whether the words between an area and 条例 name a regulation, not a kind of them (单行条例)."""
    return not (REST_NOT_START.match(rest) or REST_NOT_IN.search(rest))


def inspection_kind(doc: Doc, start: int, end: int) -> Optional[str]:
    """'inspectedLaw', 'plansInspection' or None for the law mention at start:end."""
    text = doc._.kg.text
    s, e = sentence_of(doc, start)
    rest = SPACES.sub("", text[end:e])
    cut = re.search(r"[,;:，；]", rest)
    clause = rest[: cut.start()] if cut else rest
    m = INSPECTION.search(clause)
    if m and AFTER_INSPECTION_NOT.match(clause[m.end():]):
        return None
    if not m and not _inspected_before(SPACES.sub("", text[s:start]), clause):
        return None
    if in_plan(doc, start) or _future(doc, text[s:e]):
        return "plansInspection"
    return "inspectedLaw"


def _inspected_before(before: str, after: str) -> bool:
    """检查…实施情况: an inspection verb before the title and its implementation after it."""
    clause = re.split(r"[,;:，；]", before)[-1]
    return bool(re.search(r"检查(?!组)", clause)) and bool(IMPLEMENTATION.search(after))


FUTURE = re.compile(r"(计划|拟|将要|将于|将对|将开展|将组织|将继续|明年|今年将|下一年)")


def _future(doc: Doc, sentence: str) -> bool:
    """A sentence about the coming year outside any plan heading (news write-ups)."""
    year = doc._.kg.structure.year
    return bool(FUTURE.search(sentence)) and (year is None or str(year) in sentence or "今年" in sentence or "明年" in sentence)


@Language.factory("kg_laws", requires=["doc._.kg_county"], assigns=["doc._.kg_laws", "doc._.kg_inspections"])
def make_laws(nlp: Language, name: str) -> Laws:
    return Laws(nlp, name)


class Laws(Component):
    """Laws and regulations by canonical title, and the county's inspections of
    them, done or planned."""

    loaders = (law_index,)

    def run(self, ctx: ReportContext, doc: Doc) -> None:
        facts = ctx.facts
        previous: Optional[tuple[int, str]] = None
        for lm in LawFinder(doc).run():
            inherited = None
            if previous and 0 < lm.start - previous[0] <= 2 and ctx.text[previous[0]:lm.start].strip("》") in LINKS:
                inherited = previous[1]
            decision = title_decision(lm.surface, facts.county_code, inherited, lm.issuer)
            title = decision.value
            ctx.add_mention("Law", title, lm.start, lm.end, source=("book:" if lm.bracketed else "bare:") + decision.rule)
            prefix = area_prefix(title)
            previous = (lm.end + (1 if lm.bracketed else 0), prefix) if prefix else None
            kind = inspection_kind(doc, lm.start, lm.end)
            if kind and facts.county_code:
                s, e = sentence_of(doc, lm.start)
                ctx.add_relation(RelationMention(EntityRef("County", facts.county_code), kind,
                                                 EntityRef("Law", title), s, e))


# What may stand between two titles of one enumeration (《甲省A条例》和《B条例》):
# the second inherits the first one's area.
LINKS = ("和", "及", "与", "、", "")
