"""Report facts: who delivered the report, at which session, on which day.

A report's title block gives them in fixed places (——2024年1月30日在常山县第十七届
人民代表大会第三次会议上 / 县人大常委会主任 翁旭东). A news write-up or a
resolution gives them in its opening sentences (1月19日上午，县十八届人大四次会议举行
第二次全体会议……县人大常委会主任邵伟民向大会作工作报告), often without the year,
which then comes from the page's publication date or from how the text speaks
of its years. A session named later in the text, or one the text looks back on
(县十七届人大一次会议以来, 县十八届人大三次会议确定的任务), is not the one
reported to.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg import resources
from kg.reference import gazetteer
from kg.extract import report_kind
from kg.extract.component import Component
from kg.extract.context import ReportContext
from kg.extract.doc import add_mention, add_relation
from kg.extract.names import NOT_GIVEN, is_common_word, name_after, surnames
from kg.extract.numbers import cn_to_int
from kg.extract.officials import post_place, written_role
from kg.reference.roles import role_pattern
from kg.types import AREA, EntityRef, Mention, RelationMention, ReportFacts

NUM = r"[0-9零〇一二三四五六七八九十两]+"
GAP = r"[ \t\u3000]*\n?[ \t\u3000]*"
DATE = re.compile(rf"({NUM})\s*年\s*({NUM})\s*月\s*({NUM})\s*日")
ISO_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
DAY = re.compile(rf"(?<![0-9])(?:(?P<y>{NUM})\s*年\s*)?(?P<m>{NUM})\s*月\s*(?P<d>{NUM})\s*日")
SESSION = re.compile(
    rf"第?(?P<term>{NUM}){GAP}届{GAP}(?:人民代表大会|人大){GAP}第?(?P<meeting>{NUM}){GAP}次{GAP}(?:全体)?会议"
)
# a date line of a web page (时间：2026-01-29，发布时间：2024年04月07日)
DATE_LINE = re.compile(r"时间|日期|发布|来源|稿")
SENTENCE_START = re.compile(r"[。!?！？\n]")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2}")
ADOPTED = re.compile(r"[^()（）。]{0,60}通过")
LEVEL = "县|区|市|州|旗|盟"
SPEAKER_ROLE = re.compile(
    rf"(?P<level>{LEVEL})?(?:第?{NUM}届)?(?P<body>人民代表大会常务委员会|人大常委会|常委会)"
    r"(?P<titles>(?:党组书记、)?(?:常务)?副?主任(?:、党组副?书记)?)[ \u3000]*"
)
# what links the speaker's name to the delivery: 向大会作…工作报告, 受…委托所作的…工作报告, 在作…报告
DELIVERS = re.compile(
    r"(?:同志)?(?:[,，]?(?:受[^。;；]{0,30}?委托|代表[^。;；]{0,30}?(?=向|作|所作)|向(?:大会|会议|全体会议|全体代表)"
    r"|在[^。;；,，]{0,30}?(?:会议|大会|会)上|在))*"
    r"(?:(?:所作|作了?)的?[^。;；]{0,40}?(?:工作报告|报告工作)|报告(?:了)?工作)"
)
# a name without a role that delivers: a photo caption (谭志桂作工作报告), 听取了杨戊所作的…工作报告,
# 受县第十七届人大常委会委托，唐某向大会作…工作报告
BARE_SPEAKER = re.compile(r"(?:^|\n)[ \u3000]*|(?:听取|审议)(?:和审议)?了?|受[^。;；,，]{0,30}?委托[,，]?[ \u3000]*")
NAME_CHARS = re.compile(r"[\u4e00-\u9fff]{2,4}")
SPEAKER_END = re.compile(r"[ \u3000]*(\n|$|[(（]|作)")
OPENING = 400
NEWS_OPENING = 800
# how far into its sentence the day of a news opening may stand (本网讯 1月19日上午，…)
DAY_LEAD = 12
SENTENCE_REACH = 200


def _cues() -> dict[str, re.Pattern]:
    """The cue words of `lexicons/report_cues.txt`, one alternation per section."""
    sections: dict[str, list[str]] = {}
    current = ""
    for line in resources.read_lines("lexicons/report_cues.txt"):
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    return {k: re.compile("|".join(sorted(v, key=len, reverse=True))) for k, v in sections.items()}


CUES = _cues()


def _iso(y: Optional[int], mo: Optional[int], d: Optional[int]) -> Optional[str]:
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    if y < 100:
        y += 2000
    return f"{y:04d}-{mo:02d}-{d:02d}"


def cn_ordinal(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return digits[tens] + "十" + (digits[ones] if ones else "")


def session_name(m: re.Match, county: Optional[str]) -> Optional[str]:
    """The canonical name of the session `m` matched: 常山县第十七届人民代表大会第三次会议."""
    term, meeting = cn_to_int(m.group("term")), cn_to_int(m.group("meeting"))
    if term is None or meeting is None or not county:
        return None
    return f"{county}第{cn_ordinal(term)}届人民代表大会第{cn_ordinal(meeting)}次会议"


def parse_session(text: str, county: Optional[str]) -> Optional[tuple[int, int, str]]:
    """The first session of `county` named in `text`."""
    for m in SESSION.finditer(text):
        if own_session(text, m.start(), county):
            name = session_name(m, county)
            return (m.start(), m.end(), name) if name else None
    return None


def own_session(text: str, start: int, county: Optional[str]) -> bool:
    """Whether the session beginning at `start` is the county's own: named after it, after
    its own level (县 in a county's report, 市 in a city's), or after no area at all.
    With the county unknown, any session not named after another area or a province."""
    gz = gazetteer.load()
    before = text[max(0, start - 12):start].rstrip()
    for length in range(min(len(before), 12), 1, -1):
        entries = gz.by_name.get(before[-length:])
        if entries:
            return any(gz.divisions[e.code].name == county for e in entries)
    if before.endswith("省"):
        return False
    return not county or not re.search(f"(?:{LEVEL})$", before) or before[-1] == county[-1]


def opening_session(text: str, limit: int, county: Optional[str]) -> Optional[re.Match]:
    """The session a news opening reports on: its own, in a sentence about the meeting
    (举行, 开幕, 分组讨论…), and not one looked back on (以来, 确定的)."""
    for m in SESSION.finditer(text, 0, limit):
        if not own_session(text, m.start(), county):
            continue
        if CUES["earlier"].match(text, m.end()):
            continue
        if CUES["meeting"].search(_sentence(text, m.start(), m.end())):
            return m
    return None


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around text[start:end]."""
    return text[_sentence_start(text, start):_sentence_end(text, end)]


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding `pos` starts (looking back at most SENTENCE_REACH characters)."""
    floor = max(0, pos - SENTENCE_REACH)
    return max((m.end() for m in SENTENCE_START.finditer(text, floor, pos)), default=floor)


def _sentence_end(text: str, pos: int) -> int:
    m = SENTENCE_START.search(text, pos)
    return m.start() if m else len(text)


def title_date(header: str, county: Optional[str]) -> Optional[tuple[int, int, str]]:
    """The date of a title block that goes with its session (2024年1月30日 在常山县第十七届…,
    or a date of its own line under the session), not a page's publication date nor the
    day a resolution on the report was adopted ((2021年1月7日…第四次全体会议通过)),
    which need not be the day the report was delivered."""
    session = any(own_session(header, m.start(), county) for m in SESSION.finditer(header))
    for m in DATE.finditer(header):
        if ADOPTED.match(header, m.end()):
            continue
        line = header[header.rfind("\n", 0, m.start()) + 1:m.start()]
        follows = re.match(rf"{GAP}[在于]?{GAP}[\u4e00-\u9fff]{{0,20}}?第?{NUM}{GAP}届", header[m.end():m.end() + 40])
        if follows or session and not DATE_LINE.search(line) and not HAN_RUN.search(line):
            value = _iso(*(cn_to_int(g) for g in m.groups()))
            if value:
                return m.start(), m.end(), value
    return None


def meeting_day(text: str, limit: int, county: Optional[str]) -> Optional[re.Match]:
    """The day (1月19日) that opens a sentence of the opening about the plenary sitting
    of the county's session (1月19日上午，县十八届人大四次会议举行第二次全体会议)."""
    named = False
    for m in SESSION.finditer(text, 0, limit):
        if not own_session(text, m.start(), county) or CUES["earlier"].match(text, m.end()):
            continue
        named = True
        sentence = _sentence(text, m.start(), m.end())
        if not CUES["plenary"].search(sentence) or CUES["not_plenary"].search(sentence):
            continue
        sentence_start = _sentence_start(text, m.start())
        day = DAY.search(text, sentence_start, m.start())
        if day and day.start() - sentence_start <= DAY_LEAD:
            return day
    return _plenary_day(text, limit) if named else None


def _plenary_day(text: str, limit: int) -> Optional[re.Match]:
    """The day opening a sentence of the opening about the plenary sitting that names no
    session (1月19日上午，大会举行第二次全体会议), once the opening has named the session."""
    for day in DAY.finditer(text, 0, limit):
        if day.start() - _sentence_start(text, day.start()) > DAY_LEAD:
            continue
        sentence = _sentence(text, day.start(), day.end())
        if CUES["sitting"].search(sentence) and not CUES["not_plenary"].search(sentence):
            return day
    return None


def publication_date(text: str, limit: int) -> Optional[tuple[int, int, int]]:
    """(year, month, day) of the page's date line in the opening."""
    for line_match in re.finditer(r"[^\n]*", text[:limit]):
        line = line_match.group()
        if not line.strip():
            continue
        iso = ISO_DATE.search(line)
        full = DATE.search(line) if DATE_LINE.search(line) else None
        for m in (iso, full):
            if m:
                y, mo, d = (cn_to_int(g) for g in m.groups())
                if y and mo and d and _iso(y, mo, d):
                    return y, mo, d
    return None


def year_of_text(text: str) -> Optional[int]:
    """The year a text is written in, from how it speaks of years: 2024年是…，新的一年 →
    2024; 2023年…圆满完成了… → 2024. None where the cues disagree evenly or are absent."""
    votes: Counter = Counter()
    for m in re.finditer(r"(?<![\d-])((?:19|20)\d\d)\s*年(?![\d零〇一二三四五六七八九十]+\s*月)", text):
        year = int(m.group(1))
        window = _sentence(text, m.start(), m.end()) + _next_sentence(text, m.end())
        window = window[window.find(m.group()):]
        if CUES["plan"].search(window):
            votes[year] += 1
        elif CUES["past"].search(window):
            votes[year + 1] += 1
    if not votes:
        return None
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return max(y for y, n in ranked if n == ranked[0][1])
    return ranked[0][0]


def _next_sentence(text: str, pos: int) -> str:
    first = SENTENCE_START.search(text, pos)
    if not first:
        return ""
    second = SENTENCE_START.search(text, first.end())
    return text[first.start():second.start() if second else len(text)]


class Speaker(NamedTuple):
    """Who delivers the report, at `start:end`, with the post as written (level,
    body, titles; `place` the area mention the post names, if any) and the
    evidence of the post (`line`: the line, or the sentence, that says it)."""

    start: int
    end: int
    name: str
    level: Optional[str]
    body: Optional[str]
    titles: Optional[str]
    place: Optional[Mention]
    line: tuple[int, int]


def find_speaker(text: str, limit: int, places_at_end: dict) -> Optional[Speaker]:
    """Whoever delivers the report, from the title block: the name ends its line
    or follows the role on the next line."""
    region = text[:limit]
    for m in role_pattern().finditer(region):
        gap = re.compile(r"[ \u3000]*\n?[ \u3000]*").match(region, m.end())
        person = name_after(region, gap.end(), allow_space=True)
        if not person:
            continue
        after = SPEAKER_END.match(region, person[1])
        if not after or after.group(1) == "作":
            continue
        line_start = region.rfind("\n", 0, m.start()) + 1
        line_end = region.find("\n", person[1])
        line_end = len(region) if line_end < 0 else line_end
        while line_end > person[1] and region[line_end - 1].isspace():
            line_end -= 1
        level = m.group("level")
        place = places_at_end.get(m.start() + len(level or ""))
        if place is not None and level:
            level = None
        return Speaker(*person, level, m.group("body"), m.group("titles"), place, (line_start, line_end))
    return None


def delivering_name(text: str, pos: int) -> Optional[tuple[int, int, str]]:
    """A name at `pos` followed by the delivery of the report (李立为向大会作工作报告):
    the reading, of two to four characters, after which the delivery follows."""
    m = NAME_CHARS.match(text, pos)
    # no name where the delivery itself begins (受…委托，向大会报告工作)
    if not m or DELIVERS.match(text, pos):
        return None
    single, double = surnames()
    if text[pos] not in single and text[pos:pos + 2] not in double:
        return None
    for end in range(pos + 2, m.end() + 1):
        name = text[pos:end]
        # a name may end in 为 or 在 (李立为向大会作…), which the delivery that follows settles
        if any(ch in NOT_GIVEN for ch in name[1:-1]) or is_common_word(name):
            continue
        delivery = DELIVERS.match(text, end)
        if delivery and not CUES["other_report"].search(delivery.group()):
            return pos, end, name
    return None


def news_speaker(text: str, limit: int) -> Optional[Speaker]:
    """The speaker a news opening names (the evidence: the sentence):
    县人大常委会主任李立为向大会作工作报告, 县十六届人大常委会主任郑俊生代表…向大会作《…工作报告》."""
    for m in SPEAKER_ROLE.finditer(text, 0, limit):
        person = delivering_name(text, m.end())
        if person:
            return Speaker(*person, m.group("level"), "人大常委会", m.group("titles"), None,
                           (_sentence_start(text, person[0]), _sentence_end(text, person[1])))
    for m in BARE_SPEAKER.finditer(text, 0, limit):
        person = delivering_name(text, m.end())
        if person:
            return Speaker(*person, None, None, None, None,
                           (_sentence_start(text, person[0]), _sentence_end(text, person[1])))
    return None


def is_work_report(opening: str) -> bool:
    """Whether the text delivers a work report (not, say, an explanation to the standing committee)."""
    return bool(CUES["work_report"].search(opening))


@Language.factory("kg_report", default_config={"opening": OPENING, "news_opening": NEWS_OPENING},
                  requires=["doc._.kg_county", "doc._.kg_places"],
                  assigns=["doc._.kg_report", "doc._.kg_officials", "doc._.kg_posts"])
def make_report(nlp: Language, name: str, opening: int, news_opening: int) -> ReportHeader:
    return ReportHeader(nlp, name, opening, news_opening)


class ReportHeader(Component):
    """The report's session, date and speaker (with the speaker's post), from the
    title block or, in news, from the `opening` / `news_opening` characters; then
    its title, kind and the year it covers (kg/extract/report_kind.py)."""

    loaders = (surnames,)

    def __init__(self, nlp: Language, name: str, opening: int, news_opening: int) -> None:
        super().__init__(nlp, name)
        self.opening, self.news_opening = opening, news_opening

    def run(self, ctx: ReportContext, doc: Doc) -> None:
        if not ctx.piece.first:
            return
        facts, text = ctx.facts, ctx.text
        header_end = max(ctx.structure.header_end, 0)
        header = text[:header_end]
        opening = text[: max(header_end, self.opening)]
        session = parse_session(header, facts.county)
        reported = None if session else opening_session(text, max(header_end, self.opening), facts.county)
        if reported:
            session = (reported.start(), reported.end(), session_name(reported, facts.county))
        if session and session[2]:
            facts.session = session[2]
            facts.evidence["session"] = session[:2]
        _set_date(doc, header, self.opening)
        places_at_end = {m.end: m for m in ctx.mentions if m.type in ("County", "Place") and m.end <= len(opening)}
        found = find_speaker(text, header_end, places_at_end) if is_work_report(opening) else None
        found = found or news_speaker(text, min(len(text), self.news_opening))
        if found:
            _set_speaker(doc, found)
        _set_kind(facts, text, header, len(opening))


def _set_kind(facts: ReportFacts, text: str, header: str, opening: int) -> None:
    """The title, the kind and the year covered (kg/extract/report_kind.py), after the date."""
    title = report_kind.find_title(text, opening, facts.evidence.get("speaker"))
    if title:
        facts.title = title.text
        facts.evidence["title"] = title[:2]
    if not text.strip():
        return
    facts.kind = report_kind.text_kind(text, opening, title.text if title else None, facts.county)
    covered = report_kind.covered_year(facts.kind, facts, text, header, opening, title)
    if covered:
        facts.year = covered.year
        if covered.span:
            facts.evidence["year"] = covered.span


def _set_date(doc: Doc, header: str, opening: int) -> None:
    facts = doc._.kg.facts
    text = doc._.kg.text
    dated = title_date(header, facts.county)
    if dated:
        facts.date = dated[2]
        facts.evidence["date"] = dated[:2]
        return
    day = meeting_day(text, max(len(header), opening), facts.county)
    if not day:
        return
    month, date = cn_to_int(day.group("m")), cn_to_int(day.group("d"))
    year = cn_to_int(day.group("y")) if day.group("y") else None
    published = publication_date(text, max(len(header), opening))
    if year is None and published and month:
        year = published[0] if (month, date or 0) <= published[1:] else published[0] - 1
    if year is None:
        year = year_of_text(text)
    value = _iso(year, month, date)
    if value:
        facts.date = value
        facts.evidence["date"] = (day.start(), day.end())


def _set_speaker(doc: Doc, found: Speaker) -> None:
    facts = doc._.kg.facts
    facts.speaker = found.name
    facts.evidence["speaker"] = (found.start, found.end)
    add_mention(doc, "Official", found.name, found.start, found.end, source="speaker")
    if not found.titles:
        return
    role = written_role(found.level, found.body, found.titles)
    facts.speaker_role = role
    o = post_place(found.level, found.titles, found.place.key if found.place else None, facts)
    if o:
        add_relation(doc, RelationMention(EntityRef("Official", found.name), "holdsPost", EntityRef(AREA, o),
                                          *found.line, role=role))
