"""Report facts from the title block: date, session, speaker and role.

Only the title block is read: a session named later in the text (县十八届人大
三次会议代表提出的建议) is an earlier meeting, not the one reported to.
"""
from __future__ import annotations

import re
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import gazetteer
from kg.extract.numbers import cn_to_int
from kg.extract.officials import post_place, role_pattern, written_role
from kg.extract.names import name_after
from kg.extract.doc import add_mention, add_relation
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


@Language.component("kg_report")
def report_component(doc: Doc) -> Doc:
    facts = doc._.kg_facts
    header = doc.text[: max(doc._.kg_header_end, 0)]
    date = parse_date(header)
    if date:
        facts.date = date[2]
        facts.evidence["date"] = date[:2]
    session = parse_session(header, facts.county)
    if session:
        facts.session = session[2]
        facts.evidence["session"] = session[:2]
    places_at_end = {m.end: m for m in doc._.kg_mentions if m.type in ("County", "Place") and m.end <= len(header)}
    for line_match in re.finditer(r"[^\n]+", header):
        line = line_match.group()
        if "会议" in line or len(line.strip()) > 40:
            continue
        for m in role_pattern().finditer(line):
            person = name_after(line, m.end(), allow_space=True)
            if not person or line[person[1]:].strip():
                continue
            base = line_match.start()
            level, body, titles = m.group("level"), m.group("body"), m.group("titles")
            place = places_at_end.get(base + m.start() + len(level or ""))
            if place is not None and level:
                level = None
            role = written_role(level, body, titles)
            facts.speaker = person[2]
            facts.speaker_role = role
            facts.evidence["speaker"] = (base + person[0], base + person[1])
            add_mention(doc, "Official", person[2], base + person[0], base + person[1], source="speaker")
            o = post_place(level, titles, place.key if place else None, facts)
            if o:
                add_relation(doc, RelationMention("Official", person[2], "holdsPost", "Area", o,
                                                  base, base + len(line), role=role))
            break
        if facts.speaker:
            break
    return doc
