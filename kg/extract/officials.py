"""Officials and their posts: 县委书记解芳, 省人大常委会党组书记、副主任陈金彪,
习近平总书记, 全国人大代表李霞, and the speaker line of the title block.

The body a post belongs to is resolved from the level written before it
(省 → the report's province, 市 → its prefecture, 县 → its county,
全国 → the nation) or from a place named just before the title.
"""
from __future__ import annotations

import re
from typing import NamedTuple, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.reference import gazetteer
from kg.reference.words import frequency as word_freq
from kg.reference.words import words
from kg.extract.component import Component
from kg.extract.context import ReportContext
from kg.extract.doc import add_mention, add_relation, context, is_duplicate, role_matches, sentence_of, word_boundaries
from kg.extract.names import common_surnames, name_after, name_before, surnames
from kg.extract.persons import alone_in_doubt, list_gaps, model_names, reconcile
from kg.types import AREA, EntityRef, RelationMention

NATION_TITLES = ("总书记", "国家主席", "总理", "委员长")
STANDALONE = ("总书记", "人大代表", "执行主席", "常务主席", "主席团成员", "省长", "副省长", "市长", "副市长", "县长", "副县长", "区长", "副区长",
              "州长", "旗长", "镇长", "乡长", "检察长", "委员长", "总理", "副总理")
POST_NAME = re.compile(r"(总书记|同志|主席|总理|委员长)")
# between two names of a list; a stray comma beside 、 is a conversion fault (李上清,、曾迎玲)
LIST_SEPARATOR = re.compile(r"[,，]?[、和][,，]?")
LIST_SEPARATOR_BEFORE = re.compile(r"[,，]?[、和][,，]?$")
LISTED_BEFORE = re.compile(r"等(?:大会|会议)?$")
APPOINTED = re.compile(r"(?:任命|任免|选举|补选|当选|推选)[^。;]*$")


def _ordinary_word(text: str, end: int, titles: str) -> bool:
    """A title that runs on into an ordinary word (主席 in 主席台) is no title."""
    return any(word_freq(titles[-k:] + text[end:end + j]) >= 50 for k in (1, 2) for j in (1, 2))


def post_place(level: Optional[str], titles: str, explicit: Optional[str], facts) -> Optional[str]:
    """Division code (or the nation's) of the body a post belongs to."""
    if explicit:
        return explicit
    if level in ("全国", "中央", "国家") or titles.endswith(NATION_TITLES) and not level:
        return gazetteer.NATION_CODE
    county = facts.county_code
    if not county:
        return None
    gz = gazetteer.load()
    if level and level == gz.divisions[county].name[-1]:
        return county
    if level in ("省", "自治区"):
        p = gz.province_of(county)
        return p.code if p else None
    if level in ("市", "州", "盟"):
        p = gz.prefecture_of(county)
        return p.code if p else None
    if level in ("乡", "镇", "村", "社区"):
        return None
    return county


def written_role(level: Optional[str], body: Optional[str], titles: str) -> str:
    """The role as written, without the place: 人大常委会主任, 县委书记, 全国人大代表."""
    if body and body != "委" and level not in ("全国", "中央", "国家"):
        return body + titles
    if level and not body and titles.startswith(level):
        return titles
    return (level or "") + (body or "") + titles


class Finding(NamedTuple):
    """A person at `start:end`, with the post (`role` in `area`, a division code)
    the text gives them, if any; the post's evidence starts at `evidence_start`."""

    start: int
    end: int
    name: str
    role: Optional[str]
    area: Optional[str]
    evidence_start: int


class OfficialFinder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc._.kg.text
        self.facts = doc._.kg.facts
        self.place_at_end = {m.end: m for m in doc._.kg.mentions if m.type in ("County", "Place")}
        self.bounds = word_boundaries(doc)
        self.found: list[Finding] = []
        self.listed_before: list[tuple[int, str, Optional[str]]] = []
        self.role_at: dict[int, tuple[str, Optional[str]]] = {}
        proposals = model_names(self.text, doc._.kg.person_spans or ())
        self.proposals = sorted(p for p in proposals + list_gaps(self.text, proposals) if not is_duplicate(doc, p[0]))
        self.model_at = {p[0]: p for p in self.proposals}

    def in_header(self, pos: int) -> bool:
        return pos < context(self.doc).structure.header_end

    def role_then_name(self) -> None:
        roles = [m for m in role_matches(self.doc) if not is_duplicate(self.doc, m.start())]
        for i, m in enumerate(roles):
            role = self.read_role(m)
            if role is None:
                continue
            level, body, titles, explicit, start = role
            if body or titles.endswith(STANDALONE):
                self.role_at[start] = (written_role(level, body, titles), post_place(level, titles, explicit, self.facts))
            if m.end() not in self.model_at and _ordinary_word(self.text, m.end(), titles):
                continue
            listed = LISTED_BEFORE.search(self.text, max(0, start - 3), start)
            if listed and (body or titles.endswith(STANDALONE)):
                self.listed_before.append((listed.start(), written_role(level, body, titles),
                                           post_place(level, titles, explicit, self.facts)))
            header = self.in_header(m.start())
            if not body and not header and not titles.endswith(STANDALONE):
                continue
            if level and not body and titles in ("主任", "副主任", "书记", "副书记"):
                continue
            readings = [r for r in (self.model_at.get(m.end()),
                                    name_after(self.text, m.end(), allow_space=header, bounds=self.bounds)) if r]
            person = max(readings, key=lambda r: r[1]) if readings else None
            if person is None:
                continue
            p_start, p_end, name = person
            if p_start > m.end() and not header:
                continue
            self.found.append(Finding(p_start, p_end, name, written_role(level, body, titles),
                                      post_place(level, titles, explicit, self.facts), start))
            self.earlier_roles(roles, i, start, person)

    def read_role(self, m: re.Match) -> Optional[tuple]:
        """(level, body, titles, explicit place code, start) of a role match."""
        level, body, titles = m.group("level"), m.group("body"), m.group("titles")
        start = m.start()
        place = None
        if level and start + len(level) in self.place_at_end:
            place = self.place_at_end[start + len(level)]
            level = None
        elif start in self.place_at_end:
            place = self.place_at_end[start]
        if place is not None:
            start = place.start
        return level, body, titles, place.key if place else None, start

    def earlier_roles(self, roles: list, i: int, start: int, person: tuple) -> None:
        """Roles listed before this one for the same person (全国人大代表、某村党支部书记张三)."""
        while i > 0:
            prev = roles[i - 1]
            between = self.text[prev.end():start]
            if not re.fullmatch(r"[、,，][\u4e00-\u9fff]{0,4}", between):
                return
            level, body, titles, explicit, prev_start = self.read_role(prev)
            if not body and not titles.endswith(STANDALONE):
                return
            self.found.append(Finding(person[0], person[1], person[2], written_role(level, body, titles),
                                      post_place(level, titles, explicit, self.facts), prev_start))
            i, start = i - 1, prev_start

    def name_then_title(self) -> None:
        for m in POST_NAME.finditer(self.text):
            if is_duplicate(self.doc, m.start()):
                continue
            person = name_before(self.text, m.start())
            if person is None:
                continue
            p_start, p_end, name = person
            title = m.group(1)
            if title == "同志":
                self.found.append(Finding(p_start, p_end, name, None, None, p_start))
            elif title == "主席" and self.text[p_start - 2:p_start] != "国家":
                continue
            else:
                self.found.append(Finding(p_start, p_end, name, title, gazetteer.NATION_CODE, p_start))

    def model_proposals(self) -> None:
        """People the name model found, read to the extent rules and model agree on,
        then the posts that lists share."""
        extended, others = reconcile([(f.start, f.end) for f in self.found], self.proposals)
        found = []
        for f in self.found:
            longer = extended.get((f.start, f.end))
            found.append(f._replace(start=longer[0], end=longer[1], name=longer[2]) if longer else f)
        found += [Finding(s, e, name, None, None, s) for s, e, name in others
                  if not alone_in_doubt(self.text, name, s, e, self.proposals)]
        self.found = self.consistent(found)
        self.shared_posts()

    def consistent(self, found: list[Finding]) -> list[Finding]:
        """One reading of a name throughout the report: a name read short (梁吉 in
        梁吉效强调) takes the longer name it begins that the report names elsewhere."""
        names = {f.name for f in found}
        out = []
        for f in found:
            longer = [n for n in names if len(n) > len(f.name) and n.startswith(f.name)
                      and self.text.startswith(n, f.start)]
            if longer and f.end - f.start == len(f.name):
                n = max(longer, key=len)
                f = f._replace(end=f.start + len(n), name=n)
            out.append(f)
        return out

    def shared_posts(self) -> None:
        """Posts the title rules do not give name by name: one post shared by a
        list (副主任A、B、C, A、B、C等主席团成员) and an appointment (任命A为…)."""
        people = {}
        for f in self.found:
            people.setdefault(f.start, f)
        ends = {f.end: f for f in self.found}
        added = []
        for f in self.found:
            if not f.role:
                continue
            end = f.end
            while (sep := LIST_SEPARATOR.match(self.text, end)) and sep.end() in people:
                nxt = people[sep.end()]
                added.append(nxt._replace(role=f.role, area=f.area, evidence_start=f.evidence_start))
                end = nxt.end
        for f in self.found:
            if (self.text[f.end:f.end + 1] == "为" and f.end + 1 in self.role_at
                    and APPOINTED.search(self.text, max(0, f.start - 8), f.start)):
                role, place = self.role_at[f.end + 1]
                added.append(f._replace(role=role, area=place, evidence_start=f.start))
        for pos, role, place in self.listed_before:
            end = pos
            while end in ends:
                prev = ends[end]
                added.append(prev._replace(role=role, area=place, evidence_start=prev.start))
                sep = LIST_SEPARATOR_BEFORE.search(self.text, max(0, prev.start - 4), prev.start)
                if not sep:
                    break
                end = sep.start()
        self.found += added

    def run(self) -> list[Finding]:
        self.role_then_name()
        self.name_then_title()
        self.model_proposals()
        return self.found


@Language.factory("kg_officials", requires=["doc._.kg_county", "doc._.kg_places", "doc._.kg_person_spans"],
                  assigns=["doc._.kg_officials", "doc._.kg_posts"])
def make_officials(nlp: Language, name: str) -> Officials:
    return Officials(nlp, name)


class Officials(Component):
    """People with their posts: those the name model proposed and the rules
    accept, and those written next to a title."""

    loaders = (surnames, common_surnames, words)

    def run(self, ctx: ReportContext, doc: Doc) -> None:
        officials_in(doc)


def officials_in(doc: Doc) -> None:
    taken = set()
    for f in OfficialFinder(doc).run():
        if (f.start, f.end) not in taken:
            add_mention(doc, "Official", f.name, f.start, f.end, source="title")
            taken.add((f.start, f.end))
        if f.role and f.area:
            s, e = sentence_of(doc, f.start)
            add_relation(doc, RelationMention(EntityRef("Official", f.name), "holdsPost", EntityRef(AREA, f.area),
                                              min(s, f.evidence_start), max(e, f.end), role=f.role))
