"""Report facts from the title block: date, session, speaker and role.

Only the title block is read: a session named later in the text (县十八届人大
三次会议代表提出的建议) is an earlier meeting, not the one reported to.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.numbers import cn_to_int
from kg.extract.officials import post_place, written_role
from kg.extract.roles import role_pattern
from kg.extract.names import name_after
from kg.extract.doc import add_mention, add_relation, later_chunk
from kg.types import RelationMention

NUM = r"[0-9零〇一二三四五六七八九十两]+"
DATE = re.compile(rf"({NUM})\s*年\s*({NUM})\s*月\s*({NUM})\s*日")
SESSION = re.compile(
    rf"(?P<place>[\u4e00-\u9fff]{{0,20}}?)第?(?P<term>{NUM})届(?:人民代表大会|人大)第?(?P<meeting>{NUM})次(?:全体)?会议"
)


def parse_date(text: str) -> Optional[tuple[int, int, str]]:
    m = DATE.search(text)
    if not m:
        return None
    y, mo, d = (cn_to_int(g) for g in m.groups())
    if y is None or mo is None or d is None or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    if y < 100:
        y += 2000
    return m.start(), m.end(), f"{y:04d}-{mo:02d}-{d:02d}"


def cn_ordinal(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n - 10] if n > 10 else "")
    tens, ones = divmod(n, 10)
    return digits[tens] + "十" + (digits[ones] if ones else "")


def parse_session(text: str, county: Optional[str]) -> Optional[tuple[int, int, str]]:
    m = SESSION.search(text)
    if not m:
        return None
    term, meeting = cn_to_int(m.group("term")), cn_to_int(m.group("meeting"))
    if term is None or meeting is None or not county:
        return None
    return m.start(), m.end(), f"{county}第{cn_ordinal(term)}届人民代表大会第{cn_ordinal(meeting)}次会议"


SPEAKER_END = re.compile(r"[ \u3000]*(\n|$|[(（]|作)")
OPENING = 400


def find_speaker(text: str, limit: int, places_at_end: dict, news: bool) -> Optional[tuple]:
    """(start, end, name, level, body, titles, place, line_start, line_end) of whoever delivers the report.

    In a title block the name ends its line (or follows the role on the next
    line); in a news write-up it is followed by 作…报告.
    """
    region = text[:limit]
    for m in role_pattern().finditer(region):
        gap = re.compile(r"[ \u3000]*\n?[ \u3000]*").match(region, m.end())
        person = name_after(region, gap.end(), allow_space=True)
        if not person:
            continue
        after = SPEAKER_END.match(region, person[1])
        if not after:
            continue
        if news and not (after.group(1) == "作" and "报告" in region[person[1]:person[1] + 30]):
            continue
        if not news and after.group(1) == "作":
            continue
        line_start = region.rfind("\n", 0, m.start()) + 1
        line_end = region.find("\n", person[1])
        line_end = len(region) if line_end < 0 else line_end
        level = m.group("level")
        place = places_at_end.get(m.start() + len(level or ""))
        if place is not None and level:
            level = None
        return person[0], person[1], person[2], level, m.group("body"), m.group("titles"), place, line_start, line_end
    return None


@Language.component("kg_report")
def report_component(doc: Doc) -> Doc:
    if later_chunk(doc):
        return doc
    facts = doc._.kg_facts
    text = doc._.kg_text
    header_end = max(doc._.kg_header_end, 0)
    opening = text[: max(header_end, OPENING)]
    date = parse_date(text[:header_end]) or parse_date(opening)
    if date:
        facts.date = date[2]
        facts.evidence["date"] = date[:2]
    session = parse_session(text[:header_end], facts.county) or _news_session(opening, facts.county)
    if session:
        facts.session = session[2]
        facts.evidence["session"] = session[:2]
    places_at_end = {m.end: m for m in doc._.kg_mentions if m.type in ("County", "Place") and m.end <= len(opening)}
    found = find_speaker(text, header_end, places_at_end, news=False) or find_speaker(text, len(opening), places_at_end, news=True)
    if found:
        start, end, name, level, body, titles, place, line_start, line_end = found
        role = written_role(level, body, titles)
        facts.speaker = name
        facts.speaker_role = role
        facts.evidence["speaker"] = (start, end)
        add_mention(doc, "Official", name, start, end, source="speaker")
        o = post_place(level, titles, place.key if place else None, facts)
        if o:
            add_relation(doc, RelationMention("Official", name, "holdsPost", "Area", o, line_start, line_end, role=role))
    return doc


def _news_session(opening: str, county: Optional[str]) -> Optional[tuple[int, int, str]]:
    """The session named in a news write-up's opening sentence that reports the speech."""
    found = parse_session(opening, county)
    if found and re.search(r"(全体会议|会议上|开幕|举行)", opening[found[1]:found[1] + 20]):
        return found
    return None
