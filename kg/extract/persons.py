"""Which spans are people: the name model's proposals checked by rules, and
reconciled with the names the title rules read.

The model finds names anywhere but also tags authors of a page's byline,
words that look like names (惠企) and cuts some names short or long; the
rules know names' shape (a surname, one or two given characters, or a
transliterated name), ordinary words (jieba's dictionary) and bylines.
Where the two read different extents of one name, the longer reading wins
when it is still a name: measured on the development texts, the model is
right in 李立为 (rules: 李立, stopped by 为) and the rules in 周运开 (model:
周运).
"""
from __future__ import annotations

import functools
import re
from typing import Iterable

from kg import resources
from kg.extract.names import DOTS, HAN, dotted_name, is_common_word, surnames
from kg.reference.words import frequency as word_freq

_NAME = re.compile(rf"[{HAN}]{{2,4}}")
# transliterated Tibetan, Uyghur, Mongolian and Yi names written without a dot
_LONG_NAME = re.compile(rf"[{HAN}]{{5,8}}")
_DOTTED = re.compile(rf"[{HAN}]{{1,8}}(?:[{DOTS}][{HAN}]{{1,8}})+")
_SPACE = re.compile(r"[ \u3000]")
_GAP = re.compile(rf"[、,，]+\s*([{HAN}]{{2,4}})\s*[、,，]+")
BYLINE_BEFORE = 14
PREFIX_WORD_FREQ = 1000
WORD_DOUBT = 1000
BYLINE_AFTER = re.compile(rf"[ \u3000]*(?:[{HAN}]{{2,3}}[ \u3000]+){{0,3}}(?:摄|文/图|文 图|文图|报道|/文|/摄|整理)")


@functools.lru_cache(maxsize=1)
def _byline_before() -> re.Pattern:
    words = "|".join(map(re.escape, sorted(resources.read_lines("bylines.txt"), key=len, reverse=True)))
    return re.compile(rf"(?:{words})[^\n。;,，]{{0,{BYLINE_BEFORE}}}$")


def canonical(surface: str) -> str:
    """A name as the graph keys it: inner spaces dropped, middle dots unified."""
    return re.sub("[" + DOTS + "]", "·", _SPACE.sub("", surface))


def looks_like_name(name: str) -> bool:
    """A surname with one to three given characters, or a transliterated name
    (with middle dots, or three to eight characters without a surname), that
    is not an ordinary word."""
    if _DOTTED.fullmatch(name):
        return True
    if not _NAME.fullmatch(name) and not _LONG_NAME.fullmatch(name):
        return False
    single, double = surnames()
    has_surname = name[:2] in double or name[0] in single
    if not has_surname and len(name) < 3:
        return False
    if has_surname and len(name) > 4:
        return False
    if len(name) == 3 and is_common_word(name[:2]) and word_freq(name[:2]) >= PREFIX_WORD_FREQ:
        return False
    return not is_common_word(name)


def is_byline(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] signs the page (记者 张三, 张三 文/图)."""
    return bool(_byline_before().search(text, max(0, start - BYLINE_BEFORE - 4), start)
                or BYLINE_AFTER.match(text, end))


def model_names(text: str, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """The model's proposals that pass the rules: (start, end, canonical name)."""
    out = []
    for start, end in spans:
        while end > start and text[end - 1] in " \u3000\n\t":
            end -= 1
        while start < end and text[start] in " \u3000\n\t":
            start += 1
        if text[end:end + 1] in DOTS:
            dotted = dotted_name(text, start)
            if dotted:
                end = dotted[1]
        name = canonical(text[start:end])
        if looks_like_name(name) and not is_byline(text, start, end):
            out.append((start, end, name))
    return out


def list_gaps(text: str, names: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Items of a list of names that the model passed over: a name's shape
    standing alone between two names (A、B、C with A and C found)."""
    out = []
    ordered = sorted(names)
    for (_, prev_end, _), (next_start, _, _) in zip(ordered, ordered[1:]):
        m = _GAP.fullmatch(text, prev_end, next_start)
        if m:
            name = canonical(m.group(1))
            if looks_like_name(name) and not is_byline(text, m.start(1), m.end(1)):
                out.append((m.start(1), m.end(1), name))
    return out


def alone_in_doubt(text: str, name: str, start: int, end: int, others: list[tuple[int, int, str]]) -> bool:
    """A proposal whose given name is a frequent word, or that ends inside one
    (周落实 and 周落 in 年计划、月安排、周落实), is kept only beside another name,
    as in a list of names."""
    doubt = (len(name) == 3 and word_freq(name[1:]) >= WORD_DOUBT
             or word_freq(text[end - 1:end + 1]) >= WORD_DOUBT)
    return doubt and not any(0 <= s - end <= 2 or 0 <= start - e <= 2 for s, e, _ in others)


def reconcile(rule_spans: Iterable[tuple[int, int]], model: list[tuple[int, int, str]]
              ) -> tuple[dict[tuple[int, int], tuple[int, int, str]], list[tuple[int, int, str]]]:
    """(each rule span mapped to its final reading, the model's other names).

    A model reading that starts where a rule's does and is longer replaces it;
    any other model reading that overlaps a rule's is dropped."""
    rules = sorted(set(rule_spans))
    starts = {s: (s, e, n) for s, e, n in model}
    extended = {}
    for rs, re_ in rules:
        m = starts.get(rs)
        extended[(rs, re_)] = m if m and m[1] > re_ else None
    covered = [(s, e) for (s, e), m in extended.items()] + [(m[0], m[1]) for m in extended.values() if m]
    others = [(s, e, n) for s, e, n in model if not any(s < ce and cs < e for cs, ce in covered)]
    return extended, others
