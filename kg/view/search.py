"""What the page's search matches besides names: pinyin, and traditional characters.

Computed at build time into the page data, so the page needs no dictionary
of its own and stays offline: each name's pinyin with and without tone
marks, and a traditional → simplified map of just the characters the
page's names use (the page turns a query into simplified with it).
"""
from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Iterable

from kg.io.normalise import _OPENCC_TABLES, _read_table

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@cache
def _to_simplified() -> dict[str, str]:
    """Traditional and variant characters → simplified, from OpenCC's tables (the first table wins)."""
    table: dict[str, str] = {}
    for name in reversed(_OPENCC_TABLES):
        table.update(_read_table(name))
    return {t: s for t, s in table.items() if t != s}


def simplified(text: str) -> str:
    """`text` with every traditional character the tables know written simplified."""
    table = _to_simplified()
    return "".join(table.get(c, c) for c in text)


def traditional_map(names: Iterable[str]) -> dict[str, str]:
    """Traditional character → simplified, for the simplified characters that occur in `names`."""
    used = {c for name in names for c in simplified(name)}
    return {t: s for t, s in sorted(_to_simplified().items()) if s in used}


def pinyin(text: str) -> tuple[str, str]:
    """(without tones, ü as u; with tone marks) of `text`, lower case, syllables run together; ("", "") without Han."""
    if not _HAN.search(text):
        return ("", "")
    from pypinyin import Style, lazy_pinyin

    toned = "".join(lazy_pinyin(text, style=Style.TONE, errors=_keep)).lower()
    return (_compact(_toneless(toned)), _compact(toned))


def _toneless(toned: str) -> str:
    """Pinyin without its tone marks and with ü as u (nǚ → nu): what Style.NORMAL with
    ü → u gives, read off the toned syllables rather than looked up a second time."""
    return "".join(c for c in unicodedata.normalize("NFD", toned) if not unicodedata.combining(c))


def _keep(chars: str) -> list[str]:
    return [chars]


def _compact(text: str) -> str:
    """What the page compares pinyin by: NFC, no spaces, apostrophes or middle dots."""
    return re.sub(r"[\s'’·・\-]", "", unicodedata.normalize("NFC", text))
