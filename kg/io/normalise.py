"""Normalise report text without moving any character.

Every transformation maps one character to one character, so an offset into
the normalised text is the same offset into the text as read. Extractors work
on the normalised text; mentions quote the original.

Traditional characters become simplified through OpenCC's character tables.
A few traditional characters are also standard simplified ones (乾 in 乾安县,
於 in 於潜镇, 著 in 显著); they are folded only in a text written in
traditional characters, where they stand for 干, 于, 着.

Variant forms that OpenCC leaves alone (陜 for 陕, old printed forms such
as 靑, CJK radicals that PDF extraction puts for whole characters, Kangxi
radicals and compatibility ideographs) fold to the standard character in every
text; the variants are listed in kg/resources/variant_chars.txt.

Machine conversion sometimes leaves a pinyin reading after a character
(會(huì)議, 三個(gè)代表). Such a reading becomes spaces, which the extractors
treat as layout, so 三个(gè)代表 reads as 三个代表 and no offset moves.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

from kg import resources

_QUOTE_MAP = {
    "「": "“", "」": "”", "『": "“", "』": "”", "〝": "“", "〞": "”", "„": "“",
    "‟": "“", "﹁": "“", "﹂": "”", "﹃": "“", "﹄": "”",
    "•": "·", "‧": "·", "∙": "·", "・": "·", "･": "·", "●": "·",
    "﹐": ",", "﹑": "、", "﹒": ".", "﹔": ";", "﹕": ":",
    "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
    "\ufeff": " ", "\u200b": " ",
    "—": "—", "―": "—",
}
_LINE_BREAKS = "\x0b\x0c\x85\u2028\u2029"
_LONE_CR = re.compile("\r(?!\n)")
_QUOTE_OR_BREAK = re.compile('["\n]')
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
# A toned pinyin syllable in parentheses right after a Han character.
_PINYIN_READING = re.compile(
    rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\((?=[a-zü]*[{_TONED}])[a-zü{_TONED}]{{1,6}}\)")
# Share of CJK characters that must be unambiguously traditional for a text
# to count as written in traditional characters (about a quarter are in one).
_TRADITIONAL_SHARE = 0.02
_SAMPLE_WINDOWS, _SAMPLE_WINDOW = 8, 20_000
_OPENCC_TABLES = ("TSCharacters.txt", "TWVariantsRev.txt", "HKVariantsRev.txt")
# Kangxi radicals and CJK compatibility ideographs: NFKC gives the unified character.
_NFKC_IDEOGRAPHS = (range(0x2F00, 0x2FD6), range(0xF900, 0xFADA))


def _opencc_dictionary() -> Path:
    import opencc

    return Path(opencc.__file__).parent / "dictionary"


def _read_table(name: str) -> dict[str, str]:
    """Single characters → their first single-character target in an OpenCC table."""
    table: dict[str, str] = {}
    with open(_opencc_dictionary() / name, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2 or len(parts[0]) != 1:
                continue
            target = parts[1].split(" ")[0]
            if len(target) == 1:
                table[parts[0]] = target
    return table


@functools.lru_cache(maxsize=1)
def _simplified_standard() -> frozenset[str]:
    """The characters of GB 2312: each is written in simplified text as it is."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return frozenset(chars)


@functools.lru_cache(maxsize=1)
def _traditional_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(unambiguous, ambiguous) one-to-one traditional → simplified maps.

    Taiwan and Hong Kong variants (爲, 衞) go through OpenCC's standard form
    first. Ambiguous sources are also standard simplified characters (GB 2312).
    """
    ts = _read_table("TSCharacters.txt")
    table = {src: dst for src, dst in ts.items() if dst != src}
    standard = _simplified_standard()
    for name in _OPENCC_TABLES[1:]:
        for src, std in _read_table(name).items():
            dst = ts.get(std, std)
            if dst != src and src not in standard:
                table.setdefault(src, dst)
    unambiguous = {s: d for s, d in table.items() if s not in standard}
    ambiguous = {s: d for s, d in table.items() if s in standard}
    return unambiguous, ambiguous


@functools.lru_cache(maxsize=1)
def _variant_table() -> dict[str, str]:
    """Variant → standard simplified character, for variants OpenCC leaves alone.

    None of the variants is a standard simplified character, so they fold in
    every text.
    """
    unambiguous, _ = _traditional_tables()
    table: dict[str, str] = {}
    for block in _NFKC_IDEOGRAPHS:
        for cp in block:
            folded = unicodedata.normalize("NFKC", chr(cp))
            if len(folded) == 1 and folded != chr(cp):
                table[chr(cp)] = unambiguous.get(folded, folded)
    for line in resources.read_lines("variant_chars.txt"):
        src, dst = line.split()
        table[src] = dst
    return table


@functools.lru_cache(maxsize=2)
def _char_table(traditional: bool) -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1:
            table[cp] = folded
    table[ord("（")] = "("
    table[ord("）")] = ")"
    for src, dst in _QUOTE_MAP.items():
        table[ord(src)] = dst
    unambiguous, ambiguous = _traditional_tables()
    for src, dst in (*unambiguous.items(), *_variant_table().items()):
        table.setdefault(ord(src), dst)
    if traditional:
        for src, dst in ambiguous.items():
            table.setdefault(ord(src), dst)
    # full-width and CJK punctuation that carries meaning for the extractors stays
    for keep in "“”‘’《》〈〉【】、。：；！？，":
        table.pop(ord(keep), None)
    table[ord("，")] = ","
    table[ord("：")] = ":"
    table[ord("；")] = ";"
    table[ord("！")] = "!"
    table[ord("？")] = "?"
    for cp in (*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)):
        table.setdefault(cp, " ")
    for ch in _LINE_BREAKS:
        table[ord(ch)] = "\n"
    table[ord("\r")] = " "
    table.pop(ord("\n"), None)
    table.pop(ord("\t"), None)
    return table


def is_traditional(text: str) -> bool:
    """Whether `text` is written in traditional characters (judged on its CJK).

    A long text is judged on evenly spaced samples. Characters are counted as
    code points in an array: a loop over a report's characters in Python cost
    more than the rest of normalising it.
    """
    if len(text) > _SAMPLE_WINDOWS * _SAMPLE_WINDOW:
        step = len(text) // _SAMPLE_WINDOWS
        text = "".join(text[i * step:i * step + _SAMPLE_WINDOW] for i in range(_SAMPLE_WINDOWS))
    points = _code_points(text)
    cjk_kind = _cjk_kinds()[points.clip(max=_BMP - 1)]  # U+FFFF, where others land, is no CJK
    cjk = int((cjk_kind > 0).sum())
    return cjk > 0 and int((cjk_kind == 2).sum()) >= _TRADITIONAL_SHARE * cjk


_BMP = 0x10000


def _code_points(text: str):
    """`text`'s code points as a numpy array (UTF-32 has one unit per character)."""
    import numpy as np

    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


@functools.lru_cache(maxsize=1)
def _cjk_kinds():
    """For each BMP code point: 0 no CJK, 1 CJK, 2 CJK and unambiguously traditional."""
    import numpy as np

    unambiguous, _ = _traditional_tables()
    kinds = np.zeros(_BMP, dtype=np.uint8)
    kinds[0x3400:0xA000] = 1
    kinds[0xF900:0xFB00] = 1
    for ch in unambiguous:
        if ord(ch) < _BMP and kinds[ord(ch)]:
            kinds[ord(ch)] = 2
    return kinds


def normalise(text: str) -> str:
    """Fold widths, quote styles, line breaks, controls and traditional characters.

    The result has the same length as `text`: offsets carry over unchanged.
    CRLF becomes a space and LF, so lines break as in the LF original.
    """
    if "\r" in text:
        text = _LONE_CR.sub("\n", text)
    out = _translate(text, is_traditional(text))
    if '"' in out:
        out = _pair_straight_quotes(out)
    if "(" in out:
        out = _PINYIN_READING.sub(_blank, out)
    return out


def _translate(text: str, traditional: bool) -> str:
    """`text.translate(_char_table(traditional))`, through an array of code points:
    every entry maps one character to one, and str.translate looks each
    character up in a dict, the largest cost of normalising a report."""
    import numpy as np

    points = _code_points(text)
    lookup = _point_table(traditional)
    inside = points < len(lookup)
    folded = np.where(inside, lookup[np.where(inside, points, 0)], points)
    return folded.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


@functools.lru_cache(maxsize=2)
def _point_table(traditional: bool):
    """`_char_table(traditional)` as an array: code point → the code point it becomes."""
    import numpy as np

    table = _char_table(traditional)
    lookup = np.arange(max(_BMP, max(table) + 1), dtype=np.uint32)
    for src, dst in table.items():
        lookup[src] = ord(dst)
    return lookup


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


def _pair_straight_quotes(text: str) -> str:
    """Turn straight double quotes into curly ones, pairing within each line."""
    inside = False

    def swap(m: re.Match) -> str:
        nonlocal inside
        if m.group() == "\n":
            inside = False
            return "\n"
        inside = not inside
        return "“" if inside else "”"

    return _QUOTE_OR_BREAK.sub(swap, text)


@functools.lru_cache(maxsize=1)
def _simplify_table() -> dict[int, str]:
    unambiguous, _ = _traditional_tables()
    return {ord(src): dst for src, dst in (*unambiguous.items(), *_variant_table().items())}


def to_simplified(text: str) -> str:
    """Simplified form of a name (same length); used for canonical names.

    Characters that simplified text also uses (乾, 於) stay as they are.
    """
    return text.translate(_simplify_table()) if text else text
