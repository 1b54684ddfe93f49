"""Programmes (carried out) and slogans (upheld), quoted or from the lexicon.

A quoted term is classified by what surrounds it: the head noun after it
(“十四五”规划, “五到位”信访机制, “早上好”奋斗精神), the verb before it
(弘扬“…”, 深入开展“…”), its shape (numbered formulas, parallel clauses).
Quotes that are metaphors or descriptions are left out: ordinary words
(“钱袋子”), transformations (将“问题清单”变为“履职清单”), descriptive
phrases before 的 + noun, organisations (“一府两院”), grouped laws
(“一法两条例”), holidays, and quotes with no cue at all.
Titles in 《》 that end in 规划, 计划, 方案, 纲要 or 机制 are programmes.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg import resources
from kg.extract.matcher import WordMatcher, leftmost_longest
from kg.extract.doc import SpanSet, add_mention, is_duplicate, word_boundaries
from kg.extract.names import _jieba_freq

QUOTE = re.compile(r"“([^“”]{1,60}?)”")
BOOK = re.compile(r"《([^《》\n]{2,80})》")
NUMERAL = "一二三四五六七八九十两双百千万"
NUMBERED = re.compile(rf"^[{NUMERAL}\d]")
COUNTED = re.compile(rf"([{NUMERAL}\d]+个)$")
CHANGE = r"(变为|变成|转化为|转变为|转为|改为|到|向|变)"
TRANSFORM_AFTER = re.compile(rf"^{CHANGE}[\u4e00-\u9fff]{{0,3}}“|^和“[^“”]{{1,12}}”相结合")
TRANSFORM_BEFORE = re.compile(rf"”{CHANGE}[\u4e00-\u9fff]{{0,3}}$|”和$")
PAIR_FIRST = re.compile(r"(用|将|把|从|由|让)$")
PAIR_SECOND = re.compile(r"(用|将|把|从|由|让)“[^“”]{1,20}”[\u4e00-\u9fff]{1,6}$")
DESCRIPTIVE_AFTER = re.compile(r"^(起来|下来|出来|上来|进去|一样|似的|般|相结合|问题|现象|难题|短板|瓶颈|难点|痛点|职责|职能|效应|优势)")
OUTCOME_BEFORE = re.compile(r"(达到|实现|获得|取得|荣获|赢得|均达到)$")
PLACE_LIKE = re.compile(r"(驿站|联络站|中心站|站|中心|室|之家|基地|服务团|团队|队|工作室|公众号|网站|平台)$")
SLOGAN_AFTER = re.compile(r"^的?[\u4e00-\u9fff]{0,4}?(精神|理念|总要求|要求|目标|定位|使命|导向|原则|标准|决心|意识|领导作用|政治功能|追求)")
GROUPED_LAWS = re.compile(r"(法|条例|办法|规定|细则)$")
PROGRAMME_END = re.compile(r"(工程|行动|战略|计划|活动|制度|机制|改革|建设|创建|大赛|月|日|周|制|试点|项目|模式|品牌|规划|工作法)$")
PROGRAMME_TITLE = re.compile(r"(规划|计划|方案|纲要|机制)$")
TITLE_TRAILER = re.compile(r"[(（](草案|试行|征求意见稿)[)）]$")
NOT_NAME_END = re.compile(r"(清单|思考|探索|研究|调研|体会|之道|之法)$")
COMMON_FREQ = 6
NUMBERED_COMMON_FREQ = 500
LONG_PLAIN = 12


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


@functools.lru_cache(maxsize=1)
def cues() -> Cues:
    heads = json.loads(resources.path("lexicons/heads.json").read_text(encoding="utf-8"))
    verbs = json.loads(resources.path("lexicons/verbs.json").read_text(encoding="utf-8"))

    def longest_first(words: list[str]) -> tuple:
        return tuple(sorted(set(words), key=len, reverse=True))

    return Cues(longest_first(heads["absorb"]), frozenset(heads["always"]), longest_first(heads["programme"]),
                longest_first(heads["slogan"]), longest_first(verbs["slogan"]), longest_first(verbs["programme"]))


def _starts(text: str, words: tuple) -> Optional[str]:
    for w in words:
        if text.startswith(w):
            return w
    return None


def _ends(text: str, words: tuple) -> Optional[str]:
    for w in words:
        if text.endswith(w):
            return w
    return None


def absorbed_head(term: str, after: str) -> str:
    """The part of `after` that belongs to the name: “两官”履职评议, “护理员”一件事改革."""
    c = cues()
    head = _starts(after, c.absorb)
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
    m = PROGRAMME_END.search(term)
    return bool(m and len(term) <= 4 and not NUMBERED.match(term) and _jieba_freq().get(term[: m.start()], 0) >= 30)


def classify(term: str, before: str, after: str, counted: bool = False) -> Optional[tuple[str, str]]:
    """(type, name) of a quoted term in context, or None when it is no programme or slogan.

    `before` holds the 20 characters before the opening quote, `after` the
    12 after the closing one.
    """
    c = cues()
    term = re.sub(r"\s+", "", term)
    lex = lexicon().get(term)
    if lex:
        return lex.type, term
    if len(term) < 2 or term in organisations() or re.search(r"\d+%|[<>{}《》]", term):
        return None
    if GROUPED_LAWS.search(term) or term.endswith("节") or NOT_NAME_END.search(term) or PLACE_LIKE.search(term):
        return None
    if TRANSFORM_AFTER.match(after) or TRANSFORM_BEFORE.search(before) or OUTCOME_BEFORE.search(before):
        return None
    if PAIR_FIRST.search(before) and re.match(r"^[\u4e00-\u9fff]{1,6}“", after) or PAIR_SECOND.search(before):
        return None
    if DESCRIPTIVE_AFTER.match(after):
        return None
    clauses = [p for p in re.split(r"[、,，;；]", term) if p]
    multi = len(clauses) > 1
    if multi and all(len(p) == 1 for p in clauses):
        return None
    head = absorbed_head(term, after)
    prog_head = head or _starts(after, c.programme_heads)
    slog_head = _starts(after, c.slogan_heads) or (SLOGAN_AFTER.match(after) and SLOGAN_AFTER.match(after).group())
    numbered = bool(NUMBERED.match(term))
    if re.fullmatch(r"[\W\d_A-Za-z]+", term) and not prog_head:
        return None
    if multi:
        if sum(1 for p in clauses if PROGRAMME_END.search(p) or p.endswith(("建设", "创建"))) >= 2:
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
    common = is_common(term) and not counted
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
    if after.startswith("的") and not after.startswith("的“"):
        return None
    if len(term) > LONG_PLAIN or len(term) == 2 and not numbered:
        return None
    verb_s = _ends(before, c.slogan_verbs)
    verb_p = _ends(before, c.programme_verbs)
    if re.search(r"以$", before) and re.match(r"^为", after):
        return "Slogan", term
    if numbered and len(term) <= 8:
        return ("Slogan" if re.match(rf"^[{NUMERAL}]个", term) else "Programme"), term
    if verb_s and (not verb_p or len(verb_s) >= len(verb_p)):
        return "Slogan", term
    if verb_p or PROGRAMME_END.search(term):
        return "Programme", term
    return None


def programme_title(title: str) -> Optional[str]:
    """The name of a programme given as a title in 《》, or None."""
    core = TITLE_TRAILER.sub("", re.sub(r"\s+", "", title))
    bare = re.sub(r"[(（][^()（）]*[)）]$", "", core)
    if PROGRAMME_TITLE.search(bare) and not bare.endswith("意见") and len(bare) >= 6:
        return core
    return None


@Language.component("kg_concepts")
def concepts_component(doc: Doc) -> Doc:
    text = doc._.kg_text
    taken = SpanSet((m.start, m.end) for m in doc._.kg_mentions if m.type == "Law")
    for m in BOOK.finditer(text):
        if is_duplicate(doc, m.start()):
            continue
        name = programme_title(m.group(1))
        if name:
            add_mention(doc, "Programme", name, m.start(1), m.end(1), source="book")
            taken.add(m.start(), m.end())
    for m in QUOTE.finditer(text):
        if is_duplicate(doc, m.start()) or m.start() in taken:
            continue
        term = m.group(1).strip()
        if "\n\n\n" in term:
            continue
        before = text[max(0, m.start() - 20):m.start()]
        after = text[m.end():m.end() + 12]
        counted = COUNTED.search(before)
        found = classify(term, before, after, counted=bool(counted))
        if not found:
            continue
        type_, name = found
        start, end = m.start(1), m.end(1)
        if name != re.sub(r"\s+", "", term):
            end = m.end() + len(name) - len(re.sub(r"\s+", "", term))
        if counted and type_ == "Programme":
            name = counted.group(1) + name
            start = m.start() - len(counted.group(1))
        add_mention(doc, type_, name, start, end, source="quote")
        taken.add(m.start(), m.end())
    bounds = word_boundaries(doc)
    def accept(m: tuple) -> bool:
        start = m[0]
        return (start not in taken and not is_duplicate(doc, start)
                and (start in bounds or text[start - 1:start] in "“\""))

    for start, end, surface, term in leftmost_longest(lexicon_automaton().iter(text), accept):
        add_mention(doc, term.type, surface, start, end, source="lexicon")
    return doc
