"""What a text is (its kind), what it is called (its title) and which year's work it is about.

A report is known by its county, the year it covers and its kind (issue 15).
The kind tells how to read the year: a work report, a write-up of the session
it was delivered at and the resolution on it cover the year before the session
(a session of January 2024 reviews 2023; one held in November or December
reviews the year then ending); a standing-committee or directors' meeting, a
feature or a notice is about the year it happened in. Cue words are in
`lexicons/report_cues.txt` (the sections after "The kind of text").
"""
from __future__ import annotations

import functools
import re
from typing import NamedTuple, Optional

from kg.extract import report_facts as rf
from kg.extract.numbers import cn_to_int
from kg.reference.roles import role_pattern
from kg.types import ReportFacts

WORK_REPORT, NEWS, RESOLUTION, MEETING, ANNOUNCEMENT = "work-report", "news", "resolution", "meeting", "announcement"
KINDS = (WORK_REPORT, NEWS, RESOLUTION, MEETING, ANNOUNCEMENT)
# kinds whose year is the one reviewed at a people's congress session
SESSION_KINDS = (WORK_REPORT, NEWS, RESOLUTION)
# a session held from this month on reviews the year then ending, not the one before
LATE_MONTH = 11
TITLE_MAX = 80
TITLE_LINES = 4
Span = tuple[int, int]

BODY_START = re.compile(r"[。！？!?；;]|各位")
FIELD = re.compile(r"[:：]")
DASHES = re.compile(r"[—─]+")
HAN2 = re.compile(r"[\u4e00-\u9fff].*[\u4e00-\u9fff]")
DELIVERED_AT = re.compile(r"会议上[)）]?$")
SPACE = re.compile(r"\s+")
HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
YEAR_WORD = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?=\s*年|〕|\])")
TITLE_YEAR = re.compile(r"^((?:19|20)\d\d)年")


@functools.lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    """Patterns built on the cue words: the end of an announcement's title (…公告〔2021〕第2号)
    a year of the coming year's business (2025年民生实事项目) and a heading of the year reviewed
    (2023年主要工作, 2024 / 主要工作)."""
    cues = rf.CUES
    return {
        "announcement_end": re.compile(rf"(?:{cues['announcement'].pattern})(?:[^\u4e00-\u9fff]|[第号])*$"),
        "coming": re.compile(rf"(?<![\d.])((?:19|20)\d\d)\s*年(?:{cues['coming'].pattern})"),
        "review_heading": re.compile(
            r"(?:^|\n)[ \t\u3000#*]*(?:[一二三四五六七八九十]+[、.．])?[ \t\u3000]*((?:19|20)\d\d)[ \t\u3000]*年?"
            rf"[ \t\u3000]*\n?[ \t\u3000]*(?:{cues['review'].pattern})[ \t\u3000]*(?=\n|$)"),
    }


class Title(NamedTuple):
    start: int
    end: int
    text: str


def normalise_title(raw: str) -> str:
    """White space dropped between Chinese characters (工 作 报 告), other runs one space, at most
    TITLE_MAX characters."""
    return SPACE.sub(" ", HAN_GAP.sub("", raw)).strip()[:TITLE_MAX]


def find_title(text: str, limit: int, speaker: Optional[Span] = None) -> Optional[Title]:
    """The title: the first run of title lines, before the body begins, that speaks of the
    congress (`title_topic`). Page chrome, field lines (发布时间：…), the date and session line
    and the speaker's line end a run; a title line may carry its date after a dash
    (…工作报告——2020年5月15日在…会议上)."""
    run: list[Span] = []
    for start, end in _lines(text, limit):
        line = text[start:end]
        if BODY_START.search(line) or len(line.strip()) > TITLE_MAX:
            break
        part, closes = _title_part(text, start, end, speaker)
        if part:
            run.append(part)
        if (closes or not part) and run:
            title = _title_of(text, run)
            if title:
                return title
            run = []
        if len(run) >= TITLE_LINES:
            break
    return _title_of(text, run) if run else None


def _lines(text: str, limit: int):
    """(start, end) of the non-blank lines of text[:limit], trimmed of white space and markup (#, *)."""
    for m in re.finditer(r"[^\n]+", text[:limit]):
        start, end = m.start(), m.end()
        while start < end and (text[start].isspace() or text[start] in "#*"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def _title_part(text: str, start: int, end: int, speaker: Optional[Span]) -> tuple[Optional[Span], bool]:
    """The part of a line that may belong to a title, and whether the title ends with this line."""
    dash = DASHES.search(text, start, end)
    closes = False
    if dash and dash.start() > start:
        closes, end = True, dash.start()
    elif dash:
        start = dash.end()
    line = text[start:end]
    if (rf.CUES["chrome"].search(line) or FIELD.search(line) or not HAN2.search(line) or _is_date_line(line)
            or _is_speaker_line(line) or speaker and start <= speaker[0] < end):
        return None, True
    return (start, end), closes


def _is_date_line(line: str) -> bool:
    return bool(rf.DATE.search(line) or rf.ISO_DATE.search(line) or DELIVERED_AT.search(line))


def _is_speaker_line(line: str) -> bool:
    """A post and, after white space, a short name (县人大常委会主任 翁旭东)."""
    for m in role_pattern().finditer(line):
        rest = line[m.end():]
        if rest[:1].isspace() and 0 < len("".join(rest.split())) <= 6:
            return True
    return False


def _title_of(text: str, run: list[Span]) -> Optional[Title]:
    joined = normalise_title("".join(text[s:e] for s, e in run))
    if len(joined) < 4 or not rf.CUES["title_topic"].search(joined):
        return None
    return Title(run[0][0], run[-1][1], joined)


def text_kind(text: str, opening_end: int, title: Optional[str], county: Optional[str]) -> str:
    """The kind of text, the first that holds of:
    announcement (its title ends in 公告/通知), resolution (its title names a 决议, or its
    opening approves the report), work-report (its title is the standing committee's
    work report, or its opening is the report's salutation or first-person delivery),
    news (its opening names the county's people's congress session or its sittings before
    any standing-committee meeting), meeting (a standing-committee or directors' meeting),
    work-report (a report's body reviewing its year without a title block), meeting (any
    other text on the standing committee's or deputies' work), and work-report otherwise:
    kg reads work reports, and an untitled passage of one carries no cue."""
    opening = text[:opening_end]
    heading = title or ""
    if _patterns()["announcement_end"].search(heading):
        return ANNOUNCEMENT
    if rf.CUES["resolution_title"].search(heading) or rf.CUES["resolution"].search(opening):
        return RESOLUTION
    if rf.CUES["report_title"].search(heading) or rf.CUES["report_text"].search(opening):
        return WORK_REPORT
    session = _first_session(opening, county)
    committee = rf.CUES["committee_meeting"].search(opening)
    if session is not None and (committee is None or session < committee.start()):
        return NEWS
    if committee:
        return MEETING
    if rf.CUES["report_voice"].search(opening):
        return WORK_REPORT
    if rf.CUES["committee_work"].search(opening):
        return MEETING
    return WORK_REPORT


def _first_session(opening: str, county: Optional[str]) -> Optional[int]:
    """Where the opening first names the county's session (not one it looks back on) or its sittings."""
    found = [m.start() for m in rf.SESSION.finditer(opening)
             if rf.own_session(opening, m.start(), county) and not rf.CUES["earlier"].match(opening, m.end())]
    cue = rf.CUES["session_news"].search(opening)
    if cue:
        found.append(cue.start())
    return min(found, default=None)


class Year(NamedTuple):
    year: int
    span: Optional[Span]


def covered_year(kind: str, facts: ReportFacts, text: str, header: str, opening_end: int,
                 title: Optional[Title]) -> Optional[Year]:
    """The year whose work the text is about (see `session_year` and `event_year`)."""
    if kind in SESSION_KINDS:
        return session_year(facts, text, header, opening_end, title)
    return event_year(text, opening_end)


def session_year(facts: ReportFacts, text: str, header: str, opening_end: int,
                 title: Optional[Title]) -> Optional[Year]:
    """The year reviewed at the session, the first of: a heading of the year reviewed
    (2023年主要工作) or a title that opens with it (2021年…工作报告); the session's date;
    a date in the title block (a resolution's day of adoption); the year the text is
    written in (`year_of_text`) less one; a year named for what the session decides for the
    coming year (2025年民生实事项目) less one; the page's publication date. A date counts
    for its year less one, or its own year from LATE_MONTH on."""
    heading = _patterns()["review_heading"].search(text)
    if heading:
        return Year(int(heading.group(1)), heading.span(1))
    if title and TITLE_YEAR.match(title.text):
        start = title.start + text[title.start:title.end].find(title.text[:4])
        return Year(int(title.text[:4]), (start, start + 4))
    if facts.date:
        y, m, _ = (int(p) for p in facts.date.split("-"))
        return Year(_reviewed(y, m), facts.evidence.get("date"))
    dated = rf.DATE.search(header)
    if dated:
        y, m = cn_to_int(dated.group(1)), cn_to_int(dated.group(2))
        if y and m:
            return Year(_reviewed(y if y > 100 else y + 2000, m), dated.span())
    written = rf.year_of_text(text)
    if written:
        return Year(written - 1, None)
    coming = _patterns()["coming"].search(text)
    if coming:
        return Year(int(coming.group(1)) - 1, coming.span(1))
    published = _publication(text, opening_end)
    if published:
        (y, m, _), span = published
        return Year(_reviewed(y, m), span)
    return None


def _reviewed(year: int, month: int) -> int:
    return year if month >= LATE_MONTH else year - 1


def event_year(text: str, opening_end: int) -> Optional[Year]:
    """The year a meeting or event happened, the first of: the year of the opening's first
    day (1月19日, its year given or taken from the publication date: the year before if the
    day falls after it); the publication date's year; the latest year the text names."""
    published = _publication(text, opening_end)
    day = _first_day(text, opening_end)
    if day:
        y = cn_to_int(day.group("y")) if day.group("y") else None
        if y:
            return Year(y if y > 100 else y + 2000, day.span())
        if published:
            (py, pm, pd), span = published
            m, d = cn_to_int(day.group("m")) or 0, cn_to_int(day.group("d")) or 0
            return Year(py if (m, d) <= (pm, pd) else py - 1, day.span())
    if published:
        return Year(published[0][0], published[1])
    years = [(int(m.group(1)), m.span(1)) for m in YEAR_WORD.finditer(text)]
    if years:
        latest = max(y for y, _ in years)
        return Year(latest, next(s for y, s in years if y == latest))
    return None


def _first_day(text: str, opening_end: int) -> Optional[re.Match]:
    """The first day of the opening outside the page's date and field lines."""
    for day in rf.DAY.finditer(text, 0, opening_end):
        line = text[text.rfind("\n", 0, day.start()) + 1:day.start()]
        if not rf.DATE_LINE.search(line) and not FIELD.search(line):
            return day
    return None


def _publication(text: str, limit: int) -> Optional[tuple[tuple[int, int, int], Span]]:
    """The page's publication date and its span."""
    date = rf.publication_date(text, limit)
    if not date:
        return None
    for pattern in (rf.ISO_DATE, rf.DATE):
        for m in pattern.finditer(text, 0, limit):
            if tuple(cn_to_int(g) for g in m.groups()) == date:
                return date, m.span()
    return date, None
