"""Programmes (carried out) and slogans (upheld), quoted or from the lexicon.

A quoted term is classified by what surrounds it: the head noun after it
(“十四五”规划, “五到位”信访机制, “早上好”奋斗精神), the verb before it
(弘扬“…”, 深入开展“…”), its shape (numbered formulas, parallel clauses).
Quotes that are metaphors or descriptions are left out: ordinary words
(“钱袋子”), transformations (将“问题清单”变为“履职清单”), descriptive
phrases before 的 + noun, organisations (“一府两院”), grouped laws
(“一法两条例”), holidays, and quotes with no cue at all.
Sites (“危旧房”), faults to remove (纠“四风”) and fields (“三农”领域) are
left out too; a formula keeps the campaign named after it (“不忘初心、牢记
使命”主题教育), and trailing punctuation stays outside the name.
Titles in 《》 that end in 规划, 计划, 方案, 纲要 or 机制 are programmes.
Without quotes, a programme is named by a head noun after a verb or a list
mark (深入开展…三年行动, …学习教育, …工程, but no construction project such
as …大道延伸工程), as an item of a list of central tasks that quotes a
programme, as a listed working formula (接诉即办), or as a five-year plan
written out (第十四个五年规划 → 十四五规划).
The head nouns and verbs are data in kg/resources/lexicons/.
"""
from __future__ import annotations

import functools
import itertools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg import resources
from kg.reference.matcher import WordMatcher, leftmost_longest
from kg.extract.component import Component
from kg.extract.context import ReportContext
from kg.extract.doc import SpanSet, add_mention, is_duplicate, word_boundaries
from kg.extract.names import _jieba_freq

QUOTE = re.compile(r"“([^“”]{1,60}?)”")
CHAIN = re.compile(r"(?:“[^“”]{1,60}?”)+")
BOOK = re.compile(r"《([^《》\n]{2,80})》")
NUMERAL = "一二三四五六七八九十两双百千万"
NUMBERED = re.compile(rf"^[{NUMERAL}\d]")
COUNTED = re.compile(rf"([{NUMERAL}\d]+个)$")
COUNTED_FORMULA = re.compile(rf"^[{NUMERAL}]个")
INNER_COUNT = re.compile(r"[\u4e00-\u9fff]{1,4}[一二三四五六七八九十两双][\u4e00-\u9fff]")
ENUMERATION_HEAD = re.compile(r"^[\u4e00-\u9fff]{0,6}?(机制|工作法|模式|制度|体系)")
FIVE_YEAR = re.compile(r"十[一二三四五六七八九]?五")
# the written-out number of a five-year plan or law campaign (第十四个五年规划 → 十四五规划)
FIVE_YEAR_LONG = re.compile(r"第(十[一二三四五六七八九]?|[一二三四五六七八九])个五年(规划|计划|法治宣传教育)")
FIVE_YEAR_HEADS = {"规划": "规划", "计划": "计划", "法治宣传教育": "普法"}
TRAILING_MARKS = re.compile(r"[。.!！?？,，;；、:：…]+$")
# a goal written as a new chapter (谱写“…”新时代建设新篇章): upheld, not carried out
GOAL_AFTER = re.compile(r"^新[\u4e00-\u9fff]{0,8}?(篇章|征程|画卷)")
# two named parts joined by a middle dot (“产业兴县·人才强县”): a campaign's brand name
DOTTED = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,}·[\u4e00-\u9fffA-Za-z]{2,}")
CHANGE = r"(变为|变成|转化为|转变为|转为|改为|到|向|变)"
TRANSFORM_AFTER = re.compile(rf"^{CHANGE}[\u4e00-\u9fff]{{0,3}}“|^和“[^“”]{{1,12}}”相结合")
TRANSFORM_BEFORE = re.compile(rf"”{CHANGE}[\u4e00-\u9fff]{{0,3}}$|”和$")
PAIR_FIRST = re.compile(r"(用|将|把|从|由|让)$")
PAIR_SECOND = re.compile(r"(用|将|把|从|由|让)“[^“”]{1,20}”[\u4e00-\u9fff]{1,6}$")
DESCRIPTIVE_AFTER = re.compile(r"^(起来|下来|出来|上来|进去|一样|似的|般|相结合|问题|现象|难题|短板|瓶颈|难点|痛点|领域|职责|职能|效应|优势)")
OUTCOME_BEFORE = re.compile(r"(达到|实现|获得|取得|荣获|赢得|均达到)$")
PLACE_LIKE = re.compile(r"(驿站|联络站|中心站|站|中心|室|之家|基地|服务团|团队|队|工作室|公众号|网站|平台)$")
SLOGAN_AFTER = re.compile(r"^的?[\u4e00-\u9fff]{0,4}?(精神|理念|总要求|要求|目标|定位|使命|导向|原则|标准|决心|意识|领导作用|政治功能|追求)")
GROUPED_LAWS = re.compile(r"(法|条例|办法|规定|细则)$")
PROGRAMME_TITLE = re.compile(r"(规划|计划|方案|纲要|机制)$")
TITLE_TRAILER = re.compile(r"[(（](草案|试行|征求意见稿)[)）]$")
NOT_NAME_END = re.compile(r"(清单|思考|探索|研究|调研|体会|之道|之法)$")
COMMON_FREQ = 6
MAX_HEAD = 6
SITE_WORD_FREQ = 30
NUMBERED_COMMON_FREQ = 500
LONG_PLAIN = 12
UNQUOTED_REACH = 24
COUNTED_LIST = re.compile(rf"[^,。;\n]{{0,40}}?等[\d{NUMERAL}]+[件项个批]")
COUNT_PREFIX = re.compile(rf"[{NUMERAL}\d]+[项大个件批类条座所]")
CENTRAL_TASKS = re.compile(r"等(中心|重点)(工作|任务)")
CLAUSE_START = re.compile(r".*[,;。:!?\n]", re.S)
LIST_ITEM = re.compile(r"[^、]+")
LEADING_PREPOSITION = re.compile(r"[对在把将就为从以向和及与]?")
LISTED_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fffA-Za-z0-9]+")
LIST_REACH = 120
# a four-character formula between list marks, its third character a link (接诉即办)
FORMULA_ITEM = r"(?<=[、,:;。\n])[\u4e00-\u9fff]{{2}}[{links}][\u4e00-\u9fff](?=[、,;。等])"
NAME_START_MARKS = frozenset("、,;:。!?()（） \n\t")


@dataclass(frozen=True)
class Term:
    name: str
    type: str
    aliases: tuple = ()


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Term]:
    out: dict[str, Term] = {}
    with open(resources.path("lexicons/political_terms.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                term = Term(row["name"], row["type"], tuple(row.get("aliases", [])))
                out[term.name] = term
                for a in term.aliases:
                    out.setdefault(a, term)
    return out


@functools.lru_cache(maxsize=1)
def organisations() -> frozenset:
    return frozenset(resources.read_lines("lexicons/organisations.txt"))


@functools.lru_cache(maxsize=1)
def lexicon_automaton() -> WordMatcher:
    return WordMatcher(lexicon())


@dataclass(frozen=True)
class Cues:
    absorb: tuple
    always: frozenset
    programme_heads: tuple
    slogan_heads: tuple
    slogan_verbs: tuple
    programme_verbs: tuple
    name_end: re.Pattern
    programme_after: re.Pattern
    absorb_blockers: tuple
    document_after: tuple
    organisation_after: tuple
    not_organisation: tuple
    metaphor: re.Pattern
    unquoted: re.Pattern
    unquoted_tails: tuple
    unquoted_stops: tuple
    generic_modifiers: frozenset
    name_starts_after: re.Pattern
    formula_item: re.Pattern
    listed_kinds: tuple
    campaign_heads: tuple
    against_verbs: tuple
    site: re.Pattern
    site_ends: tuple


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    heads = json.loads(resources.path("lexicons/heads.json").read_text(encoding="utf-8"))
    verbs = json.loads(resources.path("lexicons/verbs.json").read_text(encoding="utf-8"))

    def longest_first(words: list[str]) -> tuple:
        return tuple(sorted(set(words), key=len, reverse=True))

    return Cues(
        absorb=longest_first(heads["absorb"]), always=frozenset(heads["always"]),
        programme_heads=longest_first(heads["programme"]), slogan_heads=longest_first(heads["slogan"]),
        slogan_verbs=longest_first(verbs["slogan"]), programme_verbs=longest_first(verbs["programme"]),
        name_end=re.compile(f"({_alternation(heads['name_ends'])})$"),
        programme_after=re.compile(f"^[\u4e00-\u9fff]{{0,4}}?({_alternation(heads['strong_after'])})"),
        absorb_blockers=longest_first(heads["absorb_blockers"]),
        document_after=longest_first(heads["documents"]),
        organisation_after=longest_first(heads["organisation_suffixes"]),
        not_organisation=longest_first(heads["not_organisation"]),
        metaphor=re.compile(f"^一[{''.join(heads['measure_words'])}][\u4e00-\u9fff]$"),
        unquoted=re.compile(_alternation(heads["unquoted"])),
        unquoted_tails=longest_first(heads["unquoted_tails"]),
        unquoted_stops=longest_first(heads["unquoted_stops"]),
        generic_modifiers=frozenset(heads["generic_modifiers"]),
        name_starts_after=re.compile(_alternation(verbs["before_name"])),
        formula_item=re.compile(FORMULA_ITEM.format(links="".join(heads["formula_links"]))),
        listed_kinds=longest_first(heads["listed_kinds"]),
        campaign_heads=longest_first(heads["campaigns"]),
        against_verbs=longest_first(verbs["against"]),
        site=re.compile(f"{_alternation(heads['site_nouns'])}|({_alternation(heads['construction_verbs'])})$"),
        site_ends=tuple(heads["site_ends"]),
    )


def _starts(text: str, words: tuple) -> Optional[str]:
    """The first of `words` that `text` starts with (only those that share its first character are tried)."""
    for w in _by_char(words, 0).get(text[:1], ()):
        if text.startswith(w):
            return w
    return None


def _ends(text: str, words: tuple) -> Optional[str]:
    """The first of `words` that `text` ends with (only those that share its last character are tried)."""
    for w in _by_char(words, -1).get(text[-1:], ()):
        if text.endswith(w):
            return w
    return None


_INDEXES: dict[tuple[int, int], tuple[tuple, dict[str, tuple]]] = {}


def _by_char(words: tuple, at: int) -> dict[str, tuple]:
    """`words` grouped by their first (at=0) or last (at=-1) character, in their
    order; kept per tuple object, which the entry holds so its id stays its own."""
    entry = _INDEXES.get((id(words), at))
    if entry is None or entry[0] is not words:
        if len(_INDEXES) > 512:
            _INDEXES.clear()
        groups: dict[str, list] = defaultdict(list)
        for w in words:
            groups[w[at]].append(w)
        entry = _INDEXES[(id(words), at)] = (words, {k: tuple(v) for k, v in groups.items()})
    return entry[1]


def absorbed_head(term: str, after: str) -> str:
    """The part of `after` that belongs to the name: “两官”履职评议, “护理员”一件事改革.

    A head that begins a longer ordinary noun (“十五五”战略部署) stays outside.
    """
    c = cues()
    head = _starts(after, c.absorb)
    if head and _starts(after[len(head):], c.absorb_blockers):
        return ""
    if head and (len(term) <= 3 or head in c.always):
        return head
    if len(term) <= 3:
        m = re.match(r"^([\u4e00-\u9fff]{1,3}?)(" + "|".join(c.absorb) + ")", after)
        if m and m.group(2) in ("改革", "工程", "行动", "战略"):
            return m.group(0)
    return ""


def is_common(term: str) -> bool:
    """An ordinary word or an ordinary word counted once (“一流业绩”, “一套机制”)."""
    freq = _jieba_freq()
    limit = NUMBERED_COMMON_FREQ if NUMBERED.match(term) else COMMON_FREQ
    if freq.get(term, 0) >= limit:
        return True
    if len(term) <= 3 and term.endswith("化") or re.fullmatch(r"全[\u4e00-\u9fff]{1,2}", term):
        return True
    if term.startswith("一") and len(term) <= 4 and not re.match(r"^一.一", term):
        return any(freq.get(rest, 0) >= 20 for rest in (term[1:], term[2:]) if len(rest) >= 2)
    return False


def strip_head(name: str) -> str:
    """The quoted core of a name that absorbed its head (好故事大赛 → 好故事)."""
    head = _ends(name, cues().absorb)
    return name[: -len(head)] if head and len(name) - len(head) >= 2 else name


def _generic_compound(term: str) -> bool:
    """An ordinary word plus a generic head (“闭环机制”): a description, not a name."""
    m = cues().name_end.search(term)
    return bool(m and len(term) <= 4 and not NUMBERED.match(term) and _jieba_freq().get(term[: m.start()], 0) >= 30)


def is_formula(term: str) -> bool:
    """A numbered formula: a count first (“六个一”, “八八战略”) or inside (“代表三进”)."""
    return bool(NUMBERED.match(term) or INNER_COUNT.fullmatch(term))


def _five_year_plan(term: str, after: str) -> Optional[tuple[str, str]]:
    """A five-year plan named by its number (“十五五”时期, “十四五”规划纲要) is the plan."""
    if not FIVE_YEAR.fullmatch(term):
        return None
    head = absorbed_head(term, after)
    return "Programme", term + (head if head.startswith(("规划", "纲要")) else "规划")


def _left_out(term: str, before: str, after: str) -> bool:
    """Quotes that are no name: titles of documents, organisations, laws, places,
    sites (“危旧房”), faults to remove (纠“四风”), transformations
    (将“问题清单”变为“履职清单”) and descriptions (“三农”领域)."""
    c = cues()
    if len(term) < 2 or term in organisations() or re.search(r"\d+%|[<>{}《》]", term):
        return True
    if term.startswith("关于") or _starts(after, c.document_after):
        return True
    if GROUPED_LAWS.search(term) or term.endswith("节") or NOT_NAME_END.search(term) or PLACE_LIKE.search(term):
        return True
    if _site(term) or _ends(before, c.against_verbs):
        return True
    if TRANSFORM_AFTER.match(after) or TRANSFORM_BEFORE.search(before) or OUTCOME_BEFORE.search(before):
        return True
    if PAIR_FIRST.search(before) and re.match(r"^[\u4e00-\u9fff]{1,6}“", after) or PAIR_SECOND.search(before):
        return True
    return bool(DESCRIPTIVE_AFTER.match(after))


def _enumeration(term: str, clauses: list[str], before: str, after: str,
                 prog_head: Optional[str], slog_head: Optional[str]) -> Optional[tuple[str, str]]:
    """A quoted list of clauses (“学思想、强党性、重实践、建新功”, “提、立、督、评”)."""
    c = cues()
    if all(len(p) == 1 for p in clauses):
        cue = c.programme_after.match(after) or ENUMERATION_HEAD.match(after)
        if len(clauses) >= 3 and cue:
            return "Programme", term
        return None
    if sum(1 for p in clauses if c.name_end.search(p)) >= 2:
        return None
    if len(clauses) >= 3 and all(len(p) >= 3 for p in clauses):
        return "Slogan", term
    if after.startswith("等") and not _starts(after[1:], c.programme_heads) and not _starts(after[1:3], ("主题", "系列", "品牌")):
        return None
    if after.startswith("的") and not slog_head and not after.startswith("的“"):
        return None
    if re.search(r"(把|将)$", before) and not slog_head:
        return None
    return ("Programme" if prog_head and not slog_head else "Slogan"), term


def classify(term: str, before: str, after: str, counted: bool = False,
             chain_after: Optional[str] = None) -> Optional[tuple[str, str]]:
    """(type, name) of a quoted term in context, or None when it is no programme or slogan.

    `before` holds the 20 characters before the opening quote, `after` the
    12 after the closing one. A term followed by more quotes (“立法直通车”“代表
    直通车”经验) takes its cues from `chain_after`, the text after the last of
    them, unless it is a numbered formula, which its shape classifies.
    """
    c = cues()
    term = re.sub(r"\s+", "", term)
    chained = chain_after is not None
    if chained and not is_formula(term):
        after = chain_after
    lex = lexicon().get(term)
    if lex:
        head = "" if chained else absorbed_head(term, after)
        return ("Programme", term + head) if head in c.always else (lex.type, term)
    if _left_out(term, before, after):
        return None
    plan = _five_year_plan(term, after)
    if plan:
        return plan
    head = "" if chained else absorbed_head(term, after)
    later = c.programme_after.match(after)
    prog_head = head or _starts(after, c.programme_heads) or (later and later.group())
    slog_head = (_starts(after, c.slogan_heads) or (SLOGAN_AFTER.match(after) and SLOGAN_AFTER.match(after).group())
                 or (GOAL_AFTER.match(after) and GOAL_AFTER.match(after).group()))
    clauses = [p for p in re.split(r"[、,，;；]", term) if p]
    if len(clauses) > 1 and head in c.always:
        return "Programme", term + head
    if len(clauses) > 1:
        return _enumeration(term, clauses, before, after, prog_head, slog_head)
    prog_head = prog_head or _listed_kind(after)
    numbered = bool(NUMBERED.match(term))
    if re.fullmatch(r"[\W\d_A-Za-z]+", term) and not prog_head:
        return None
    if c.metaphor.match(term) and not head and not prog_head:
        return None
    common = is_common(term) and not counted and not (chained and numbered)
    if head:
        return "Programme", term + head
    if prog_head and (not slog_head or len(prog_head) >= len(slog_head)):
        if common or len(term) == 2 and not numbered:
            return None
        return "Programme", term
    if common or _generic_compound(term):
        return None
    if slog_head:
        return "Slogan", term
    if DOTTED.fullmatch(term):
        return ("Slogan" if _ends(before, c.slogan_verbs) else "Programme"), term
    if after.startswith("的") and not after.startswith("的“"):
        return None
    if len(term) > LONG_PLAIN or len(term) == 2 and not numbered:
        return None
    return _by_verb_and_shape(term, before, after)


def _listed_kind(after: str) -> Optional[str]:
    """The kind of programme that a list of quoted items ends in (“…”等制度)."""
    if not after.startswith("等"):
        return None
    kind = _starts(after[1:], cues().listed_kinds)
    return "等" + kind if kind else None


def _site(term: str) -> bool:
    """A short ordinary word for a thing or site (“危旧房”), no initiative."""
    return (len(term) == 3 and term.endswith(cues().site_ends) and not NUMBERED.match(term)
            and _jieba_freq().get(term[:2], 0) >= SITE_WORD_FREQ)


def _by_verb_and_shape(term: str, before: str, after: str) -> Optional[tuple[str, str]]:
    """Classify a quoted term with no head: by the verb before it and its shape.

    A name ending in a programme head is carried out even where it is upheld
    (以“八八战略”为总纲); a counted formula (“四个意识”) is upheld unless it is
    carried out (推进“四个创建”).
    """
    c = cues()
    verb_s = _ends(before, c.slogan_verbs)
    verb_p = _ends(before, c.programme_verbs)
    carried = verb_p and (not verb_s or len(verb_p) > len(verb_s))
    named_programme = bool(c.name_end.search(term))
    if re.search(r"以$", before) and re.match(r"^为", after):
        return ("Programme" if named_programme else "Slogan"), term
    if is_formula(term) and len(term) <= 8:
        if COUNTED_FORMULA.match(term) and not named_programme and not carried:
            return "Slogan", term
        return "Programme", term
    if verb_s and (not verb_p or len(verb_s) >= len(verb_p)):
        return "Slogan", term
    if verb_p or named_programme:
        return "Programme", term
    return None


def programme_title(title: str) -> Optional[str]:
    """The name of a programme given as a title in 《》, or None."""
    core = TITLE_TRAILER.sub("", re.sub(r"\s+", "", title))
    bare = re.sub(r"[(（][^()（）]*[)）]$", "", core)
    if PROGRAMME_TITLE.search(bare) and not bare.endswith("意见") and len(bare) >= 6:
        return core
    return None


def _quoted(doc: Doc, taken: SpanSet) -> None:
    """Classify every quoted term; a chain of quotes (“A”“B”要求) shares the cue after it."""
    text = doc._.kg.text
    for chain in CHAIN.finditer(text):
        quotes = list(QUOTE.finditer(text, chain.start(), chain.end()))
        chain_after = text[chain.end():chain.end() + 12]
        for i, m in enumerate(quotes):
            if is_duplicate(doc, m.start()) or m.start() in taken:
                continue
            term = TRAILING_MARKS.sub("", m.group(1).strip())
            if "\n\n\n" in term:
                continue
            before = text[max(0, m.start() - 20):m.start()]
            after = text[m.end():m.end() + 12]
            counted = COUNTED.search(before)
            found = classify(term, before, after, counted=bool(counted),
                             chain_after=chain_after if i < len(quotes) - 1 else None)
            if found:
                end = _add_quoted(doc, found, m, counted)
                taken.add(m.start(), max(m.end(), end))


def _add_quoted(doc: Doc, found: tuple[str, str], m: re.Match, counted: Optional[re.Match]) -> int:
    """Add the mention of a quoted name, with the head it absorbed and the count
    before it; return where the mention ends."""
    text = doc._.kg.text
    type_, name = found
    inner = TRAILING_MARKS.sub("", m.group(1).rstrip()).rstrip()
    core = re.sub(r"\s+", "", inner)
    start, end = m.start(1), m.start(1) + len(inner)
    head = name[len(core):] if name.startswith(core) else ""
    if head and text.startswith(head, m.end()):
        end = m.end() + len(head)
    if counted and type_ == "Programme":
        name = counted.group(1) + name
        start = m.start() - len(counted.group(1))
    add_mention(doc, type_, name, start, end, source="quote")
    return end


def unquoted_names(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of programmes named without quotes by their head noun.

    The name begins after a verb (深入开展…三年行动) or a mark (、…工程); a
    name that only counts or qualifies its head (重点工程, 10项民生工程) is none,
    nor is a construction project (…大道延伸工程, …水库加固工程), and so are the items of a counted list (…提升工程等10件民生实事), instances
    of a kind rather than names.
    """
    c = cues()
    for m in c.unquoted.finditer(text):
        end = m.end()
        if _starts(text[end:end + 2], c.unquoted_stops):
            continue
        tail = _starts(text[end:end + 2], c.unquoted_tails)
        if tail:
            end += len(tail)
        window = text[max(0, m.start() - UNQUOTED_REACH):m.start()]
        run = re.search(r"[\u4e00-\u9fff]*$", window).group()
        cut = None
        for v in c.name_starts_after.finditer(run):
            cut = v.end()
        if cut is None:
            mark = text[m.start() - len(run) - 1:m.start() - len(run)]
            if len(run) == len(window) or mark not in NAME_START_MARKS:
                continue
            cut = 0
        cut += len(LEADING_PREPOSITION.match(run, cut).group())
        modifier = run[cut:]
        if len(modifier) < 2 or "的" in modifier or _generic(modifier) or COUNT_PREFIX.match(modifier):
            continue
        if m.group() == "工程" and c.site.search(modifier):
            continue
        if COUNTED_LIST.match(text, end):
            continue
        name = modifier + text[m.start():end]
        if _jieba_freq().get(name, 0) >= COMMON_FREQ or _jieba_freq().get(modifier + m.group(), 0) >= COMMON_FREQ:
            continue
        yield m.start() - len(modifier), end, name


def five_year_names(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of five-year plans and law campaigns written out
    (第十四个五年规划 → 十四五规划, 第八个五年法治宣传教育 → 八五普法)."""
    for m in FIVE_YEAR_LONG.finditer(text):
        yield m.start(), m.end(), m.group(1) + "五" + FIVE_YEAR_HEADS[m.group(2)]


def _generic(modifier: str) -> bool:
    """A modifier that only qualifies its head (重点, 全县重点, 各类民生)."""
    generic = cues().generic_modifiers
    return any(modifier.endswith(g) and len(modifier) - len(g) <= 2 for g in generic)


def listed_programmes(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, name) of programmes named without quotes in a list.

    The items of a list of central tasks that quotes a programme (“最多跑一次”
    改革、城中村改造等中心工作) are programmes; so is a four-character working
    formula among listed items (…、接诉即办、…), an ordinary idiom excepted.
    """
    c = cues()
    for m in CENTRAL_TASKS.finditer(text):
        clause = CLAUSE_START.search(text, max(0, m.start() - LIST_REACH), m.start())
        start = clause.end() if clause else max(0, m.start() - LIST_REACH)
        items = [(i.start(), i.group()) for i in LIST_ITEM.finditer(text, start, m.start())]
        if len(items) < 3 or not any("“" in item for _, item in items):
            continue
        for pos, item in items:
            if "“" in item or "”" in item:
                continue
            cut = 0
            for v in c.name_starts_after.finditer(item, 0, len(item) - 1):
                cut = v.end()
            cut += len(LEADING_PREPOSITION.match(item, cut).group())
            name = item[cut:]
            if (3 <= len(name) <= 16 and "的" not in name and LISTED_NAME.fullmatch(name)
                    and _jieba_freq().get(name, 0) < COMMON_FREQ):
                yield pos + cut, pos + len(item), name
    for m in c.formula_item.finditer(text):
        listed = text[m.start() - 1:m.start()] == "、" or text[m.end():m.end() + 1] == "、"
        if listed and _jieba_freq().get(m.group(), 0) < COMMON_FREQ:
            yield m.start(), m.end(), m.group()


def _lexicon_accept(doc: Doc, taken: SpanSet) -> Callable[[tuple], bool]:
    """Lexicon matches on word boundaries, outside other findings and bodies (乡村振兴局)."""
    text = doc._.kg.text
    bounds = word_boundaries(doc)
    c = cues()

    def accept(m: tuple) -> bool:
        start, end = m[0], m[1]
        if start in taken or is_duplicate(doc, start):
            return False
        after = text[end:end + 4]
        if _starts(after, c.organisation_after) and not _starts(after, c.not_organisation):
            return False
        return start in bounds or text[start - 1:start] in "“\""

    return accept


@Language.factory("kg_concepts", requires=["doc._.kg_laws"], assigns=["doc._.kg_concepts"])
def make_concepts(nlp: Language, name: str) -> Concepts:
    return Concepts(nlp, name)


class Concepts(Component):
    """Programmes and slogans: book titles, quoted names, names with a head noun,
    lists, and the lexicon's terms; not inside a law's title."""

    loaders = (lexicon, lexicon_automaton, cues, organisations)

    def run(self, ctx: ReportContext, doc: Doc) -> None:
        concepts_in(doc)


def concepts_in(doc: Doc) -> Doc:
    text = doc._.kg.text
    taken = SpanSet((m.start, m.end) for m in doc._.kg.mentions if m.type == "Law")
    titles = SpanSet()
    for m in BOOK.finditer(text):
        titles.add(m.start(), m.end())
        if is_duplicate(doc, m.start()):
            continue
        name = programme_title(m.group(1))
        if name:
            add_mention(doc, "Programme", name, m.start(1), m.end(1), source="book")
            taken.add(m.start(), m.end())
    _quoted(doc, taken)
    for start, end, name in itertools.chain(five_year_names(text), unquoted_names(text), listed_programmes(text)):
        if start not in taken and end - 1 not in taken and start not in titles and not is_duplicate(doc, start):
            add_mention(doc, "Programme", name, start, end, source="head")
            taken.add(start, end)
    _lexicon_terms(doc, taken)
    return doc


def _lexicon_terms(doc: Doc, taken: SpanSet) -> None:
    """Lexicon terms; a formula with the campaign named after it (两学一做学习教育)
    is that campaign."""
    text = doc._.kg.text
    campaigns = cues().campaign_heads
    last = -1
    for start, end, surface, term in leftmost_longest(lexicon_automaton().iter(text), _lexicon_accept(doc, taken)):
        if start < last:
            continue
        head = None if term.name in campaigns else _starts(text[end:end + MAX_HEAD], campaigns)
        if head:
            surface, end = surface + head, end + len(head)
        add_mention(doc, "Programme" if head else term.type, surface, start, end, source="lexicon")
        last = end
