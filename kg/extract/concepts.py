"""Programmes (carried out) and slogans (upheld), quoted or from the lexicon.

A quoted term is classified by what surrounds it: the head noun after it
(“十四五”规划, “五到位”信访机制, “早上好”奋斗精神), the verb before it
(弘扬“…”, 深入开展“…”), its shape (numbered formulas, parallel clauses).
Quotes that are metaphors or descriptions (“钱袋子”, 从“有”到“优”) are
left out: common words, transformations, quotes with no cue at all.
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from typing import Optional

import ahocorasick
from spacy.language import Language
from spacy.tokens import Doc

from kg import resources
from kg.extract.doc import add_mention, is_duplicate, token_boundaries
from kg.extract.names import _jieba_freq

QUOTE = re.compile(r"“([^“”\n]{1,40})”")
NUMERAL = "一二三四五六七八九十两双百千万"
NUMBERED = re.compile(rf"^[{NUMERAL}\d][{NUMERAL}\d个张大项件条有到位好联下老小减创官长院化新心]*")
COUNTED = re.compile(rf"([{NUMERAL}\d]+个)$")
TRANSFORM_BEFORE = re.compile(r"(将|把|从|由|变|让|使)$")
TRANSFORM_AFTER = re.compile(r"^(变为|变成|变|转化为|转变为|到“|向“|转为|落到|为“)")
DESCRIPTIVE_AFTER = re.compile(r"^(起来|下来|出来|上来|进去|起来|的行为|的思想|之|等(难事|问题|现象|烦心|治理))")
PROGRAMME_END = re.compile(r"(工程|行动|战略|计划|活动|制度|机制|改革|建设|创建|大赛|月|日|周|制|试点|项目|模式|品牌|规划|工作法|清单)$")
SLOGAN_AFTER = re.compile(r"^(的)?(决心|要求|总要求|目标|理念|核心理念|精神|奋斗精神|原则|导向|使命|重点|定位|标准|为使命|为重点|为目标|为定位|为导向|为原则|为标尺)")
COMMON_FREQ = 6


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
def lexicon_automaton():
    auto = ahocorasick.Automaton()
    for surface, term in lexicon().items():
        auto.add_word(surface, (surface, term))
    auto.make_automaton()
    return auto


@functools.lru_cache(maxsize=1)
def cue_words() -> tuple[list, list, list, list, list, dict]:
    heads = json.loads(resources.path("lexicons/heads.json").read_text(encoding="utf-8"))
    verbs = json.loads(resources.path("lexicons/verbs.json").read_text(encoding="utf-8"))

    def longest_first(words: list[str]) -> list[str]:
        return sorted(set(words), key=len, reverse=True)

    return (longest_first(heads["keep"]), longest_first(heads["programme"]), longest_first(heads["slogan"]),
            longest_first(verbs["slogan"]), longest_first(verbs["programme"]), heads)


def _starts(text: str, words: list[str]) -> Optional[str]:
    for w in words:
        if text.startswith(w):
            return w
    return None


def _ends(text: str, words: list[str]) -> Optional[str]:
    for w in words:
        if text.endswith(w):
            return w
    return None


def classify(term: str, before: str, after: str) -> Optional[tuple[str, str]]:
    """(type, name) of a quoted term in context, or None when it is no programme or slogan."""
    keep, prog_heads, slog_heads, slog_verbs, prog_verbs, _ = cue_words()
    lex = lexicon().get(term)
    if len(term) < 2 or re.search(r"\d+%|[<>{}]", term) or re.fullmatch(r"[\W\d]+", term):
        return None
    if TRANSFORM_BEFORE.search(before) and not lex or TRANSFORM_AFTER.match(after):
        return None
    if DESCRIPTIVE_AFTER.match(after) and not lex:
        return None
    if lex:
        return lex.type, lex.name
    head_keep = _starts(after, keep)
    head_prog = _starts(after, prog_heads)
    head_slog = _starts(after, slog_heads)
    clauses = len(re.findall(r"[、,，]", term)) >= 1
    if re.match(r"^等", after) and clauses:
        return None
    common = _jieba_freq().get(term, 0) >= COMMON_FREQ or (len(term) <= 3 and term.endswith("化"))
    if head_keep and (len(head_keep) >= (len(head_prog) if head_prog else 0)):
        if common:
            return None
        name = term + head_keep if head_keep in ("规划", "规划纲要", "纲要", "普法", "保卫战", "攻坚战") else term
        return "Programme", name
    if head_prog and (not head_slog or len(head_prog) >= len(head_slog)):
        return (None if common else ("Programme", term))
    if head_slog or SLOGAN_AFTER.match(after):
        return None if common else ("Slogan", term)
    if common:
        return None
    verb_s = _ends(before, slog_verbs)
    verb_p = _ends(before, prog_verbs)
    if re.search(r"以$", before) and re.match(r"^为", after):
        return "Slogan", term
    if clauses:
        return "Slogan", term
    if NUMBERED.match(term) and len(term) <= 8:
        return ("Slogan" if re.match(rf"^[{NUMERAL}]个", term) else "Programme"), term
    if verb_s and (not verb_p or len(verb_s) >= len(verb_p)):
        return "Slogan", term
    if verb_p or PROGRAMME_END.search(term):
        return "Programme", term
    return None


@Language.component("kg_concepts")
def concepts_component(doc: Doc) -> Doc:
    text = doc.text
    taken: list[tuple[int, int]] = []
    for m in QUOTE.finditer(text):
        if is_duplicate(doc, m.start()):
            continue
        term = m.group(1).strip()
        start, end = m.start(1), m.end(1)
        before = text[max(0, m.start() - 6):m.start()]
        after = text[m.end():m.end() + 12]
        counted = COUNTED.search(before)
        found = classify(term, before, after)
        if not found:
            continue
        type_, name = found
        if counted and type_ == "Programme":
            name = counted.group(1) + name
            start = m.start() - len(counted.group(1))
        add_mention(doc, type_, name, start, end, source="quote")
        taken.append((m.start(), m.end()))
    bounds = token_boundaries(doc)
    spans = []
    for end_idx, (surface, term) in lexicon_automaton().iter(text):
        start = end_idx - len(surface) + 1
        spans.append((start, end_idx + 1, term))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    last = -1
    for start, end, term in spans:
        if start < last or any(a <= start < b for a, b in taken) or is_duplicate(doc, start):
            continue
        if start not in bounds and text[start - 1:start] not in "“\"":
            continue
        add_mention(doc, term.type, term.name, start, end, source="lexicon")
        last = end
    return doc
