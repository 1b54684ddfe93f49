"""The identity of programmes and slogans: stable keys, enumerations, one type.

A concept's IRI comes from `concept_key` of its name, which reads only the
name and the lexicon (kg/resources/lexicons/political_terms.jsonl), never the
extraction rules, so a change to those rules that leaves a name as written
leaves its IRI as it was. The lexicon says which names are one concept: an
entry's `name`, its `aliases` (which the extractor also looks for in the
text) and its `heads`, words that after the entry's name or an alias still
name the entry (十四五规划 with 纲要), which only keys read.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import replace
from typing import Iterable, Mapping

from kg import resources
from kg.io.normalise import to_simplified
from kg.registry import registry
from kg.types import Mention

# Quotes, brackets and spaces are no part of a name (as in canonical.surface_key).
_STRIP = re.compile(r"[“”\"'‘’《》〈〉「」『』\s\u3000]")
# A pinyin reading left after a character by machine conversion (三個(gè)代表).
_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\)")
# What separates the formulas of an enumeration of several (A、B，C、D), after NFKC.
_FORMULA_MARKS = ",;"
_ITEM_MARK = "、"


@functools.lru_cache(maxsize=1 << 16)
def _plain(name: str) -> str:
    """NFKC, simplified, without pinyin readings, quotes, brackets or spaces."""
    text = unicodedata.normalize("NFKC", name)
    return _STRIP.sub("", _PINYIN.sub("", to_simplified(text)))


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Every written form of an entry → its name; each form → the heads that may follow it."""
    names: dict[str, str] = {}
    heads: dict[str, tuple[str, ...]] = {}
    with open(resources.path("lexicons/political_terms.jsonl"), encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            entry = _plain(row["name"])
            for form in (row["name"], *row.get("aliases", [])):
                names.setdefault(_plain(form), entry)
                heads.setdefault(_plain(form), tuple(_plain(h) for h in row.get("heads", [])))
    return names, heads


def lexicon_entry(name: str) -> str | None:
    """The lexicon entry `name` names, as its name, its alias or either with one of its heads."""
    plain = _plain(name)
    names, heads = _lexicon()
    if plain in names:
        return names[plain]
    for i in range(len(plain) - 1, 0, -1):
        if plain[i:] in heads.get(plain[:i], ()):
            return names[plain[:i]]
    return None


def concept_key(name: str) -> str:
    """The stable key of a programme or slogan: its lexicon entry, else its plain form.

    The plain form is NFKC, simplified, without quotes, brackets, spaces or
    pinyin readings: “十四五”規劃綱要, 十四五规划纲要 and 十四五规划 all key 十四五规划.
    """
    return lexicon_entry(name) or _plain(name)


def group_key(members: Iterable[str], name: str) -> str:
    """The key of the concept that a report's linker made of several written forms.

    The entry of its name (the longest form, see `kg.link.canonical.link`) if
    the lexicon knows it; else the entry of the longest other form the lexicon
    knows (the alphabetically first of equally long ones), so a report that
    writes 八五 and 八五普法 keys the entry as a report writing 八五普法 alone;
    else the key of its name.
    """
    entry = lexicon_entry(name)
    if entry:
        return entry
    known = sorted((m for m in members if lexicon_entry(m)), key=lambda m: (-len(_plain(m)), _plain(m)))
    return lexicon_entry(known[0]) if known else concept_key(name)


def concept_type(counts: Mapping[str, int]) -> str:
    """The one type of a concept: the concept type with most mentions, the first
    in the registry (Programme before Slogan) on a tie."""
    types = registry().concept_types()
    return max(types, key=lambda t: (counts.get(t, 0), -types.index(t)))


def concept_label(counts: Mapping[str, int]) -> str:
    """The one display name of a concept written several ways (十四五规划,
    十四五规划纲要): the name with most mentions, then the longest, then the
    alphabetically first; SHACL allows one skos:prefLabel per concept."""
    return min(counts, key=lambda n: (-counts[n], -len(n), n))


def split_enumeration(m: Mention) -> list[Mention]:
    """A mention of several enumerated formulas (县委有安排、人大有行动，县委有部署、
    人大有落实) as one mention per formula, each at its own span; any other
    mention (民生无小事，枝叶总关情: no part enumerates) as it is.

    Only a span of plain text is split: one with a quote inside (a head after
    the closing quote) is left whole.
    """
    parts = _formula_spans(m.text)
    keys = [k for k in re.split(f"[{_FORMULA_MARKS}]", unicodedata.normalize("NFKC", m.key)) if k]
    if len(parts) < 2 or len(keys) != len(parts) or any(_ITEM_MARK not in k for k in keys):
        return [m]
    return [replace(m, key=k, start=m.start + s, end=m.start + e, text=m.text[s:e])
            for k, (s, e) in zip(keys, parts)]


def _formula_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) in `text` of each formula between marks, spaces trimmed;
    none unless there are several and each enumerates (holds 、)."""
    if _STRIP.sub("", text) != re.sub(r"\s", "", text):
        return []
    marks = [i for i, ch in enumerate(text) if unicodedata.normalize("NFKC", ch) in _FORMULA_MARKS]
    spans = []
    for s, e in zip([0] + [i + 1 for i in marks], marks + [len(text)]):
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        spans.append((s, e))
    if len(spans) < 2 or any(unicodedata.normalize("NFKC", text[s:e]).count(_ITEM_MARK) == 0 for s, e in spans):
        return []
    return spans
