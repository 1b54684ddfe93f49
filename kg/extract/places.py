"""Counties and other administrative areas, resolved to division codes.

Full names anywhere; short forms (浙江, 衢州) only where the segmenter agrees
they are words and, outside the report's own chain of areas, where the text
treats them as places (a list of places, a parent just before, 赴/前往…).
A township is accepted only inside the report's county or a county named
just before it; a one-character typo of a township of the report's county is
corrected when it stands in a list of townships, and an older or shortened
form of one (辛寨镇 for 辛寨街道, 广外街道 for 广安门外街道) is read as it.

The report's own area is a county, or a prefecture whose standing committee
reports; see `find_report_county`.
"""
from __future__ import annotations

import functools
import re
from collections import Counter
from typing import Callable, Iterator, NamedTuple, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg import resources
from kg.reference import gazetteer, words
from kg.reference.words import frequency as word_freq
from kg.extract.component import Component
from kg.extract.scan import matches_before
from kg.extract.context import ReportContext
from kg.extract.doc import SpanSet, is_duplicate, word_boundaries
from kg.reference.matcher import leftmost_longest
from kg.extract.names import surnames
from kg.reference.gazetteer import Division, Gazetteer, short_forms
from kg.extract.segmenter import Words

LIST_SEP = set("、,，和及与暨")
PLACE_VERBS = ("赴", "到", "前往", "来自", "去", "至", "从")
PLACE_AFTER = ("等地", "一带", "地区")
DEIXIS = re.compile(r"(我|本|全)(县|区|旗|市|州)")
LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2, "township": 3}
TYPO_WINDOW = 20
TOWNSHIP_SUFFIX = re.compile(r"[\u4e00-\u9fff]{2,3}(镇|乡|街道)")
SUFFIX = re.compile(r"镇|乡|街道")
TOWN_NAME = re.compile(r"(.{2,})(镇|乡|街道)$")
CN_NUM = "[0-9零〇一二三四五六七八九十百两]+"
GAP = r"[ \t\u3000]*\n?[ \t\u3000]*"
# what follows an area's name when it names its own congress or standing committee
REPORTING_BODY = re.compile(rf"{GAP}(?:第?{CN_NUM}届{GAP})?(?:人民代表大会|人大)")
# a session of a congress (十五届人大五次会议, 第十六届人民代表大会第一次会议)
CONGRESS_SESSION = re.compile(rf"{CN_NUM}{GAP}届{GAP}(?:人民代表大会|人大){GAP}第?{CN_NUM}{GAP}次{GAP}(?:全体)?会议")
OWN_AREA = re.compile(r"(?:我|本|全)(?P<suffix>县|区|市|旗|州)|(?P<suffix2>县|区|市|旗|州)人大常委会")
OPENING = 400
HAN = re.compile(r"[\u4e00-\u9fff]")
CLAUSE_START = set("，,。；;：:！!？? \u3000\t")
# a short form used at least this often in jieba's dictionary, and not as a place name, is an ordinary word
ORDINARY_FREQ = 500


def entity_type(division: Division) -> str:
    return "County" if division.level == "county" else "Place"


def is_statistical_unit(division: Division) -> bool:
    """NBS development zones and the like: county rows that are no county."""
    c = division.code
    return division.level == "county" and (c[4] == "7" or c in {"232761", "232762", "232763", "232764", "632857"})


def find_report_county(gz: Gazetteer, text: str, header_end: int, bounds: Optional[Words] = None,
                       names: Optional[list[tuple]] = None) -> Optional[str]:
    """The area whose standing committee reports (a county, or a prefecture that reports itself).

    First the body or session the opening names (受绍兴市人民代表大会常务委员会委托,
    在…自治州第十五届人民代表大会…会议上, 武宁县第十七届人民代表大会…), then the
    first county named in the title, then the county the text names most, by
    full name or, where no full name is written, by short form (南澳, 海淀).
    Names must stand on word boundaries (开县 in 召开县十七届… is no name).
    `names`: `gz.iter_matches(text)` as a list, if the caller has it (one scan
    of the text serves every step and the places of the text).
    """
    names = list(gz.iter_matches(text)) if names is None else names
    opening = text[: max(header_end, OPENING)]
    head = text[: max(header_end, 200)]
    on_words = _on_words(bounds)
    return (_reporting_body(gz, opening, _ending_by(names, len(opening)), text, on_words)
            or _title_county(gz, head, _ending_by(names, len(head)), text, on_words)
            or _most_named(gz, text, names, header_end, on_words))


def _ending_by(names: list[tuple], end: int) -> list[tuple]:
    """The names found in a text that lie in its first `end` characters (those a scan of them finds)."""
    return [m for m in names if m[1] <= end]


def _on_words(bounds: Optional[Words]) -> Callable[[int, int], bool]:
    if bounds is None:
        return lambda start, end: True
    return lambda start, end: start in bounds and end in bounds


def _county_codes(gz: Gazetteer, entries: tuple, forms: tuple = ("full", "former"), prefectures: bool = False) -> list[str]:
    levels = ("county", "prefecture") if prefectures else ("county",)
    return [e.code for e in entries if e.form in forms and gz.divisions[e.code].level in levels
            and not is_statistical_unit(gz.divisions[e.code])]


def _reporting_body(gz: Gazetteer, opening: str, names: list[tuple], text: str,
                    on_words: Callable[[int, int], bool]) -> Optional[str]:
    """The area named right before its congress in the opening: 武宁县第十七届人民代表大会,
    松滋市人民代表大会常务委员会. A prefecture counts only where it delivers the report
    (受…委托, 在…会议上, or at the start of a line of the title)."""
    for start, end, _, entries in names:
        codes = _county_codes(gz, entries, prefectures=True)
        if not codes or not REPORTING_BODY.match(opening, end) or not on_words(start, end):
            continue
        # a prefecture needs the context of delivery, a name of two characters the start of a clause
        # (not 和县 in 报告》和县人大常委会)
        strong = _delivers(opening, start)
        short_ok = end - start > 2 or _starts_clause(opening, start)
        codes = [c for c in codes if strong or gz.divisions[c].level == "county" and short_ok]
        if codes:
            return codes[0] if len(codes) == 1 else _disambiguate(gz, codes, opening[:start], text)
    return None


def _delivers(opening: str, start: int) -> bool:
    return opening[max(0, start - 1):start] in ("受", "在") or _starts_line(opening, start)


def _starts_clause(text: str, start: int) -> bool:
    """Whether a clause begins at `start` (after ，。 or a line start, not after 》 or ”,
    where a conjunction may follow: 《…》和县人大常委会)."""
    return _starts_line(text, start) or text[start - 1] in CLAUSE_START


def _starts_line(text: str, start: int) -> bool:
    """Whether no Han character stands before `start` on its line (a title: # 忠县…)."""
    return not HAN.search(text, text.rfind("\n", 0, start) + 1, start)


def _title_county(gz: Gazetteer, head: str, names: list[tuple], text: str,
                   on_words: Callable[[int, int], bool]) -> Optional[str]:
    for start, end, _, entries in names:
        counties = _county_codes(gz, entries)
        if end - start <= 2 and not _starts_clause(head, start):
            continue
        if counties and on_words(start, end):
            return counties[0] if len(counties) == 1 else _disambiguate(gz, counties, head[:start], text)
    return None


def _most_named(gz: Gazetteer, text: str, names: list[tuple], header_end: int,
                on_words: Callable[[int, int], bool]) -> Optional[str]:
    """The county named most often by its full name; failing that, by a short form that
    is no ordinary word and whose suffix the text uses of itself (县人大常委会, 全区),
    named twice or in the title, or named once where no other county is (a news item
    that speaks of 区十五届人大五次会议 and names its county only in 富阳影剧院)."""
    full: Counter = Counter()
    short: Counter = Counter()
    alone: set = set()
    suffix = own_suffix(text)
    # by where names end: of equally frequent counties, the one whose name ends first wins
    for start, end, surface, entries in sorted(names, key=lambda m: (m[1], m[0])):
        if not on_words(start, end):
            continue
        named = _county_codes(gz, entries, forms=("full",))
        if len(named) == 1 and (len(surface) >= 3 or _starts_clause(text, start)):
            full[named[0]] += 1
        elif all(e.form == "short" for e in entries) and not ordinary_word(surface):
            codes = [c for c in _county_codes(gz, entries, forms=("short",)) if gz.divisions[c].name[-1] == suffix]
            if len(codes) > 1:
                codes = _supported(gz, codes, text)
            if len(codes) == 1:
                short[codes[0]] += 2 if start < header_end else 1
                if _own_place_once(text, start):
                    alone.add(codes[0])
    if full:
        return full.most_common(1)[0][0]
    named = [c for c, n in short.most_common() if n >= 2]
    if named:
        return named[0]
    return _named_once(short, alone, text)


def _named_once(short: Counter, alone: set, text: str) -> Optional[str]:
    """The one county a text about its own congress session names, once, by a short form
    (富阳 in 富阳影剧院, not 永昌 in 副主任朱永昌; see `_own_place_once`)."""
    if len(short) != 1 or not CONGRESS_SESSION.search(text):
        return None
    code = next(iter(short))
    return code if code in alone else None


def _own_place_once(text: str, start: int) -> bool:
    """Whether a short form at `start` may name the text's own county: not the end of a
    person's name (朱永昌) nor a place visited (赴萧山考察)."""
    before = text[max(0, start - 2):start]
    return before[-1:] not in surnames()[0] and not before.endswith(PLACE_VERBS)


def _disambiguate(gz: Gazetteer, codes: list[str], before: str, text: str) -> str:
    """The county among `codes` whose parents are named just before it, else most often in the text."""
    def support(code: str, where: str) -> int:
        return sum(where.count(a.name) + sum(where.count(s) for s in short_forms(a.name, a.level))
                   for a in gz.ancestors(code))

    return max(codes, key=lambda c: (support(c, before), support(c, text), c))


def _supported(gz: Gazetteer, codes: list[str], text: str) -> list[str]:
    """Of several counties, the one whose province or prefecture the text names, if only one."""
    def support(code: str) -> bool:
        return any(a.name in text or any(s in text for s in short_forms(a.name, a.level)) for a in gz.ancestors(code))

    return [c for c in codes if support(c)]


def own_suffix(text: str) -> Optional[str]:
    """The suffix a text uses of its own area (我县, 全区, 县人大常委会), the most frequent."""
    counts = Counter(m.group("suffix") or m.group("suffix2") for m in OWN_AREA.finditer(text))
    return counts.most_common(1)[0][0] if counts else None


def ordinary_word(word: str) -> bool:
    """A frequent word of jieba's dictionary that it does not tag as a place (平安, 和平, 东风)."""
    return word_freq(word) >= ORDINARY_FREQ and not words.is_place(word)


@functools.lru_cache(maxsize=1)
def _bodies() -> frozenset:
    """Bodies of two or more characters that follow an area's name (人民政府, 人大常委会)."""
    return frozenset(b for b in resources.read_lines("bodies.txt") if len(b) >= 2)


class _TownshipIndex:
    """The townships of one county by stem (the name without 镇, 乡 or 街道)."""

    def __init__(self, towns: list[Division]) -> None:
        self.by_stem: dict[str, dict[str, str]] = {}
        for t in towns:
            m = TOWN_NAME.match(t.name)
            if m:
                self.by_stem.setdefault(m.group(1), {})[m.group(2)] = t.code
        self.by_first: dict[str, list[str]] = {}
        for stem in self.by_stem:
            if len(stem) > 2:
                self.by_first.setdefault(stem[0], []).append(stem)

    def variant(self, stem: str, suffix: str) -> Optional[str]:
        """The code of the township `stem + suffix` stands for, if it names none itself."""
        own = self.by_stem.get(stem, {})
        if suffix in own:
            return None
        if len(own) == 1:
            return next(iter(own.values()))
        if len(stem) != 2 or stem[0] not in self.by_first or ordinary_word(stem):
            return None
        longer = [self.by_stem[full][suffix] for full in self.by_first[stem[0]]
                  if suffix in self.by_stem[full] and _abbreviates(stem, full)]
        return longer[0] if len(longer) == 1 else None


def _abbreviates(short: str, full: str) -> bool:
    """Whether `short` takes characters of `full` in order, its first and its last (广外, 广安门外)."""
    if short[0] != full[0] or short[-1] != full[-1]:
        return False
    it = iter(full)
    return all(ch in it for ch in short)


@functools.lru_cache(maxsize=64)
def _township_index(county: str) -> _TownshipIndex:
    return _TownshipIndex(gazetteer.load().townships_by_county.get(county, []))


def township_suffixes(text: str) -> Iterator[re.Match]:
    """`TOWNSHIP_SUFFIX.finditer(text)`, tried only two or three characters before
    a 镇, 乡 or 街道, where a match must begin (trying every position of a report
    cost more than the rest of finding its townships)."""
    return matches_before(TOWNSHIP_SUFFIX, SUFFIX, text, 3)


class PlaceFinding(NamedTuple):
    """An area named at `start:end`: its division code and the form it was
    written in (full, short, former, typo, variant, deixis, …)."""

    start: int
    end: int
    code: str
    form: str


class PlaceFinder:
    """Find and resolve division names in one document."""

    def __init__(self, gz: Gazetteer, doc: Doc, county: Optional[str], names: Optional[list[tuple]] = None) -> None:
        self.gz = gz
        self.names = names
        self.doc = doc
        self.text = doc._.kg.text
        self.county = county
        self.prefecture = gz.prefecture_of(county).code if county and gz.prefecture_of(county) else None
        self.province = gz.province_of(county).code if county and gz.province_of(county) else None
        self.bounds = word_boundaries(doc)
        self._township_suffixes: Optional[list[re.Match]] = None

    def township_suffixes(self) -> list[re.Match]:
        """Two or three characters before 镇, 乡 or 街道, found once for typos and variants."""
        if self._township_suffixes is None:
            self._township_suffixes = list(township_suffixes(self.text))
        return self._township_suffixes

    def own_chain(self, code: str) -> bool:
        return code in (self.county, self.prefecture, self.province)

    def candidates(self) -> list[tuple[int, int, str, tuple]]:
        """(start, end, surface, entries) of the leftmost longest division names on word boundaries,
        statistical units left out, outside repeated passages."""
        divisions = self.gz.divisions
        matches = ((start, end, surface, tuple(e for e in entries if not is_statistical_unit(divisions[e.code])))
                   for start, end, surface, entries in (self.gz.iter_matches(self.text) if self.names is None else self.names))

        def accept(m: tuple) -> bool:
            start, end, _, entries = m
            return bool(entries) and not is_duplicate(self.doc, start) and self.aligned(start, end, entries)

        return list(leftmost_longest(matches, accept))

    def aligned(self, start: int, end: int, entries: tuple) -> bool:
        """Both ends on token boundaries; a township of the report's county needs only its end;
        inside a word made only of area names (上海浦东新区) any name boundary will do, and a
        full name may begin a word that a body ends (湖南省人民政府)."""
        if start in self.bounds and end in self.bounds:
            return True
        own_town = any(self.gz.divisions[e.code].parent == self.county for e in entries)
        if own_town and (end in self.bounds or not self.text[end:end + 1].strip()):
            return True
        word = self.bounds.word_at(start)
        if word is None or word[1] < end:
            return False
        return self.only_names(self.text[word[0]:word[1]]) or (
            word[0] == start and end - start >= 3 and self.text[end:word[1]] in _bodies())

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

    def run(self) -> list[PlaceFinding]:
        """Every accepted mention, in text order."""
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
            result.append(PlaceFinding(start, end, code, form))
            mentioned.add(code)
            prev_code, prev_end = code, end
        result.extend(self.township_typos(result))
        result.extend(self.township_variants(result))
        result.extend(self.deixis())
        return sorted(result)

    def township_typos(self, accepted: list[PlaceFinding]) -> list[PlaceFinding]:
        """A township of the report's county misspelt by one character, in a list of townships."""
        if not self.county:
            return []
        towns = self.gz.townships_by_county.get(self.county, [])
        taken = {(f.start, f.end) for f in accepted}
        town_spans = [(f.start, f.end) for f in accepted if self.gz.divisions[f.code].level == "township"]
        out = []
        for m in self.township_suffixes():
            for start in range(m.start(), m.end() - 2):
                surface = self.text[start:m.end()]
                if (start, m.end()) in taken or surface in self.gz.by_name:
                    continue
                # in a list of townships first: few are, and comparing with every township costs more
                listed = any(0 <= ts - m.end() <= TYPO_WINDOW or 0 <= start - te <= TYPO_WINDOW for ts, te in town_spans)
                if not listed:
                    continue
                near = [t for t in towns if len(t.name) == len(surface) and t.name[-1] == surface[-1]
                        and sum(a != b for a, b in zip(t.name, surface)) == 1]
                if len(near) == 1 and (start in self.bounds or self.text[start - 1:start] in LIST_SEP):
                    out.append(PlaceFinding(start, m.end(), near[0].code, "typo"))
                    break
        return out

    def township_variants(self, accepted: list[PlaceFinding]) -> list[PlaceFinding]:
        """A township of the report's county written in another customary form: with its
        former suffix (辛寨镇 for 辛寨街道, X乡 for X镇) or abbreviated by characters of its
        name in order (广外街道 for 广安门外街道). The form must begin a word and must not
        name a township of the county itself."""
        if not self.county:
            return []
        index = _township_index(self.county)
        claimed = SpanSet((f.start, f.end) for f in accepted)
        out = []
        for m in self.township_suffixes():
            suffix = m.group(1)
            for start in range(m.start(), m.end() - len(suffix) - 1):
                if start in claimed or (m.end() - 1) in claimed:
                    continue
                code = index.variant(self.text[start:m.end() - len(suffix)], suffix)
                if code and start in self.bounds and not is_duplicate(self.doc, start):
                    out.append(PlaceFinding(start, m.end(), code, "variant"))
                    claimed.add(start, m.end())
                    break
        return out

    def deixis(self) -> list[PlaceFinding]:
        """我县, 本县, 全县 (or 区, 市, 旗 to suit the county's own suffix)."""
        if not self.county:
            return []
        suffix = self.gz.divisions[self.county].name[-1]
        out = []
        for m in DEIXIS.finditer(self.text):
            if m.group(2) == suffix and not is_duplicate(self.doc, m.start()):
                out.append(PlaceFinding(m.start(), m.end(), self.county, "deixis"))
        return out


@Language.factory("kg_places", assigns=["doc._.kg_county", "doc._.kg_places"])
def make_places(nlp: Language, name: str) -> Places:
    return Places(nlp, name)


class Places(Component):
    """The report's county (from its first piece), and every county and other
    area it names."""

    loaders = (gazetteer.load, words.words, _bodies, surnames)

    def run(self, ctx: ReportContext, doc: Doc) -> None:
        gz = gazetteer.load()
        facts = ctx.facts
        names = list(gz.iter_matches(ctx.text))
        county = (facts.county_code if not ctx.piece.first
                  else find_report_county(gz, ctx.text, ctx.structure.header_end, word_boundaries(doc), names))
        if county:
            facts.county_code = county
            facts.county = gz.divisions[county].name
        for f in PlaceFinder(gz, doc, county, names).run():
            ctx.add_mention(entity_type(gz.divisions[f.code]), f.code, f.start, f.end, code=f.code, source=f.form)
