"""Counties and other administrative areas, resolved to division codes.

Full names anywhere; short forms (浙江, 衢州) only where the segmenter agrees
they are words and, outside the report's own chain of areas, where the text
treats them as places (a list of places, a parent just before, 赴/前往…).
A township is accepted only inside the report's county or a county named
just before it; a one-character typo of a township of the report's county is
corrected when it stands in a list of townships.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import gazetteer
from kg.extract.doc import add_mention, is_duplicate, later_chunk, word_boundaries
from kg.extract.matcher import leftmost_longest
from kg.extract.gazetteer import Division, Gazetteer, short_forms

LIST_SEP = set("、,，和及与暨")
PLACE_VERBS = ("赴", "到", "前往", "来自", "去", "至", "从")
PLACE_AFTER = ("等地", "一带", "地区")
DEIXIS = re.compile(r"(我|本|全)(县|区|旗|市)")
LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "township": 3}
TYPO_WINDOW = 20
TOWNSHIP_SUFFIX = re.compile(r"[\u4e00-\u9fff]{2,3}(镇|乡|街道)")


def entity_type(division: Division) -> str:
    return "County" if division.level == "county" else "Place"


def is_statistical_unit(division: Division) -> bool:
    """NBS development zones and the like: county rows that are no county."""
    c = division.code
    return division.level == "county" and (c[4] == "7" or c in {"232761", "232762", "232763", "232764", "632857"})


def find_report_county(gz: Gazetteer, text: str, header_end: int) -> Optional[str]:
    """The county whose standing committee reports: named in the title, else most named.

    A title name shared by several counties (朝阳区) is resolved by the areas
    named before it or elsewhere in the text.
    """
    head = text[: max(header_end, 200)]
    for start, end, surface, entries in gz.iter_matches(head):
        counties = [e.code for e in entries if e.form in ("full", "former")
                    and gz.divisions[e.code].level == "county" and not is_statistical_unit(gz.divisions[e.code])]
        if not counties:
            continue
        if len(counties) == 1:
            return counties[0]
        return _disambiguate(gz, counties, head[:start], text)
    counts: Counter = Counter()
    # by where names end: of equally frequent counties, the one whose name ends first wins
    for start, end, surface, entries in sorted(gz.iter_matches(text), key=lambda m: (m[1], m[0])):
        full = [e for e in entries if e.form == "full" and gz.divisions[e.code].level == "county"]
        if len(full) == 1 and len(surface) >= 3:
            counts[full[0].code] += 1
    return counts.most_common(1)[0][0] if counts else None


def _disambiguate(gz: Gazetteer, codes: list[str], before: str, text: str) -> str:
    """The county among `codes` whose parents are named just before it, else most often in the text."""
    def support(code: str, where: str) -> int:
        return sum(where.count(a.name) + sum(where.count(s) for s in short_forms(a.name, a.level))
                   for a in gz.ancestors(code))

    return max(codes, key=lambda c: (support(c, before), support(c, text), c))


class PlaceFinder:
    """Find and resolve division names in one document."""

    def __init__(self, gz: Gazetteer, doc: Doc, county: Optional[str]) -> None:
        self.gz = gz
        self.doc = doc
        self.text = doc._.kg_text
        self.county = county
        self.prefecture = gz.prefecture_of(county).code if county and gz.prefecture_of(county) else None
        self.province = gz.province_of(county).code if county and gz.province_of(county) else None
        self.bounds = word_boundaries(doc)

    def own_chain(self, code: str) -> bool:
        return code in (self.county, self.prefecture, self.province)

    def candidates(self) -> list[tuple[int, int, str, tuple]]:
        """(start, end, surface, entries) of the leftmost longest division names on word boundaries,
        statistical units left out, outside repeated passages."""
        divisions = self.gz.divisions
        matches = ((start, end, surface, tuple(e for e in entries if not is_statistical_unit(divisions[e.code])))
                   for start, end, surface, entries in self.gz.iter_matches(self.text))

        def accept(m: tuple) -> bool:
            start, end, _, entries = m
            return bool(entries) and not is_duplicate(self.doc, start) and self.aligned(start, end, entries)

        return list(leftmost_longest(matches, accept))

    def aligned(self, start: int, end: int, entries: tuple) -> bool:
        """Both ends on token boundaries; a township of the report's county needs only its end;
        inside a word made only of area names (上海浦东新区) any name boundary will do."""
        if start in self.bounds and end in self.bounds:
            return True
        own_town = any(self.gz.divisions[e.code].parent == self.county for e in entries)
        if own_town and (end in self.bounds or not self.text[end:end + 1].strip()):
            return True
        word = self.bounds.word_at(start)
        return word is not None and word[1] >= end and self.only_names(self.text[word[0]:word[1]])

    def only_names(self, token: str) -> bool:
        """Whether `token` is a run of two or more area names (上海浦东新区, 衢州柯城)."""
        i, parts = 0, 0
        while i < len(token):
            step = next((n for n in range(min(len(token) - i, 12), 1, -1) if token[i:i + n] in self.gz.by_name), 0)
            if not step:
                return False
            i += step
            parts += 1
        return parts >= 2

    def resolve(self, entries: tuple, before: Optional[str], mentioned: set) -> Optional[str]:
        gz = self.gz
        codes = [e.code for e in entries]
        towns = [c for c in codes if gz.divisions[c].level == "township"]
        others = [c for c in codes if gz.divisions[c].level != "township"]
        if towns and not others:
            anchors = [a for a in (before, self.county) if a]
            for anchor in anchors:
                inside = [c for c in towns if gz.divisions[c].parent == anchor]
                if len(inside) == 1:
                    return inside[0]
            return None
        codes = others
        if len(codes) == 1:
            return codes[0]
        for anchor in (before, self.county, self.prefecture, self.province):
            if not anchor:
                continue
            inside = [c for c in codes if gz.is_within(c, anchor) or c == anchor]
            if len(inside) == 1:
                return inside[0]
        already = [c for c in codes if c in mentioned]
        if len(already) == 1:
            return already[0]
        inside = [c for c in codes if any(a.code in mentioned for a in gz.ancestors(c))]
        if len(inside) == 1:
            return inside[0]
        ranks = sorted(codes, key=lambda c: LEVEL_RANK[gz.divisions[c].level])
        if LEVEL_RANK[gz.divisions[ranks[0]].level] < LEVEL_RANK[gz.divisions[ranks[1]].level]:
            top = ranks[0]
            if all(gz.is_within(c, top) for c in ranks[1:]):
                return top
        return None

    def needs_context(self, code: str, form: str, surface: str) -> bool:
        d = self.gz.divisions[code]
        if self.own_chain(code) or d.level == "province":
            return False
        if form == "short":
            return True
        return len(surface) <= 2

    def has_context(self, idx: int, found: list) -> bool:
        start, end = found[idx][0], found[idx][1]
        before = self.text[max(0, start - 2):start]
        if any(before.endswith(v) for v in PLACE_VERBS):
            return True
        for j in (idx - 1, idx + 1):
            if 0 <= j < len(found):
                o_start, o_end = found[j][0], found[j][1]
                gap = self.text[o_end:start] if j < idx else self.text[end:o_start]
                if len(gap) == 1 and gap in LIST_SEP:
                    return True
        after = self.text[end:end + 2]
        return any(after.startswith(a) for a in PLACE_AFTER)

    def run(self) -> list[tuple[int, int, str, str]]:
        """(start, end, code, form) of every accepted mention."""
        found = self.candidates()
        mentioned: set = set()
        for _, _, _, entries in found:
            if len(entries) == 1:
                mentioned.add(entries[0].code)
        result = []
        prev_code: Optional[str] = None
        prev_end = -10
        for idx, (start, end, surface, entries) in enumerate(found):
            before = prev_code if start - prev_end <= 0 else None
            code = self.resolve(entries, before, mentioned)
            if code is None:
                continue
            form = next(e.form for e in entries if e.code == code)
            if self.needs_context(code, form, surface):
                chained = before is not None and self.gz.is_within(code, before)
                if not chained and not self.has_context(idx, found):
                    continue
            result.append((start, end, code, form))
            mentioned.add(code)
            prev_code, prev_end = code, end
        result.extend(self.township_typos(result))
        result.extend(self.deixis())
        return sorted(result)

    def township_typos(self, accepted: list) -> list:
        """A township of the report's county misspelt by one character, in a list of townships."""
        if not self.county:
            return []
        towns = self.gz.townships_by_county.get(self.county, [])
        taken = {(s, e) for s, e, _, _ in accepted}
        town_spans = [(s, e) for s, e, c, _ in accepted if self.gz.divisions[c].level == "township"]
        out = []
        for m in TOWNSHIP_SUFFIX.finditer(self.text):
            for start in range(m.start(), m.end() - 2):
                surface = self.text[start:m.end()]
                if (start, m.end()) in taken or surface in self.gz.by_name:
                    continue
                near = [t for t in towns if len(t.name) == len(surface) and t.name[-1] == surface[-1]
                        and sum(a != b for a, b in zip(t.name, surface)) == 1]
                if len(near) != 1:
                    continue
                listed = any(0 <= ts - m.end() <= TYPO_WINDOW or 0 <= start - te <= TYPO_WINDOW for ts, te in town_spans)
                if listed and (start in self.bounds or self.text[start - 1:start] in LIST_SEP):
                    out.append((start, m.end(), near[0].code, "typo"))
                    break
        return out

    def deixis(self) -> list:
        """我县, 本县, 全县 (or 区, 市, 旗 to suit the county's own suffix)."""
        if not self.county:
            return []
        suffix = self.gz.divisions[self.county].name[-1]
        out = []
        for m in DEIXIS.finditer(self.text):
            if m.group(2) == suffix and not is_duplicate(self.doc, m.start()):
                out.append((m.start(), m.end(), self.county, "deixis"))
        return out


@Language.component("kg_places")
def places_component(doc: Doc) -> Doc:
    gz = gazetteer.load()
    facts = doc._.kg_facts
    county = facts.county_code if later_chunk(doc) else find_report_county(gz, doc._.kg_text, doc._.kg_header_end)
    if county:
        facts.county_code = county
        facts.county = gz.divisions[county].name
    for start, end, code, form in PlaceFinder(gz, doc, county).run():
        d = gz.divisions[code]
        add_mention(doc, entity_type(d), code, start, end, code=code, source=form)
    return doc
