"""Normalise report text without moving any character.

Every transformation maps one character to one character, so an offset into
the normalised text is the same offset into the text as read. Extractors work
on the normalised text; mentions quote the original.
"""
from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

_QUOTE_MAP = {
    "「": "“", "」": "”", "『": "“", "』": "”", "〝": "“", "〞": "”", "„": "“",
    "‟": "“", "﹁": "“", "﹂": "”", "﹃": "“", "﹄": "”",
    "•": "·", "‧": "·", "∙": "·", "・": "·", "･": "·", "●": "·",
    "﹐": ",", "﹑": "、", "﹒": ".", "﹔": ";", "﹕": ":",
    "\u3000": " ", "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
    "\ufeff": " ", "\u200b": " ",
    "—": "—", "―": "—",
}


@functools.lru_cache(maxsize=1)
def _traditional_map() -> dict[str, str]:
    """One-to-one traditional → simplified characters, from OpenCC's table."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 2 or len(parts[0]) != 1:
                continue
            target = parts[1].split(" ")[0]
            if len(target) == 1 and target != parts[0]:
                table[parts[0]] = target
    return table


@functools.lru_cache(maxsize=1)
def _char_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFF5F):
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1:
            table[cp] = folded
    table[ord("（")] = "("
    table[ord("）")] = ")"
    for src, dst in _QUOTE_MAP.items():
        table[ord(src)] = dst
    for src, dst in _traditional_map().items():
        table.setdefault(ord(src), dst)
    # full-width and CJK punctuation that carries meaning for the extractors stays
    for keep in "“”‘’《》〈〉【】、。：；！？，":
        table.pop(ord(keep), None)
    table[ord("，")] = ","
    table[ord("：")] = ":"
    table[ord("；")] = ";"
    table[ord("！")] = "!"
    table[ord("？")] = "?"
    return table


def normalise(text: str) -> str:
    """Fold widths, quote styles and traditional characters; same length as `text`."""
    out = text.translate(_char_table())
    if '"' in out:
        out = _pair_straight_quotes(out)
    assert len(out) == len(text)
    return out


def _pair_straight_quotes(text: str) -> str:
    """Turn straight double quotes into curly ones, pairing within each line."""
    chars = list(text)
    opening = True
    for i, ch in enumerate(chars):
        if ch == "\n":
            opening = True
        elif ch == '"':
            chars[i] = "“" if opening else "”"
            opening = not opening
    return "".join(chars)


def to_simplified(text: str) -> str:
    """Simplified form of a name (same length); used for canonical names."""
    return text.translate({ord(k): v for k, v in _traditional_map().items()}) if text else text
