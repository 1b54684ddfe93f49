"""Person names: a surname from the list, one or two given characters.

A candidate is rejected when it is an ordinary word of jieba's dictionary
(弘扬, 会议), so titles followed by common words never yield a person.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from kg import resources
from kg.reference.words import frequency as word_freq
from kg.reference.words import is_person as is_person_word

# Han characters: the basic block and Extension A (䘵 in a name)
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
CJK = re.compile(f"[{HAN}]")
# characters that end a name when they follow it: function words, verbs of reporting
NAME_FOLLOWERS = set("的等在到对为和与及同是说讲指表带参出主率陪任批作向赴来去于从被把将已曾也都就还并又所、,，。;；:：!！?？)）”’》 \n\t") | {""}
NOT_GIVEN = set("的了是在和与及或等之其这那有个们们为于以对把被将从向到给让比更最很都也就还又才并而但县市省区镇乡村委会局厅部院处科室组团队")
COMMON_WORD_FREQ = 50
GIVEN_WORD_FREQ = 4000
COMMON_SURNAMES = 200
DOTS = "·•‧・"


@functools.lru_cache(maxsize=1)
def surnames() -> tuple[frozenset, frozenset]:
    """(single-character, two-character) surnames."""
    names = resources.read_lines("surnames.txt")
    return frozenset(n for n in names if len(n) == 1), frozenset(n for n in names if len(n) == 2)


@functools.lru_cache(maxsize=1)
def common_surnames() -> frozenset:
    """The most frequent surnames (the list is in frequency order at its head)."""
    return frozenset(resources.read_lines("surnames.txt")[:COMMON_SURNAMES])


def is_common_word(word: str) -> bool:
    """An ordinary word of jieba's dictionary; a word it tags as a person's name
    with a common surname (王明, 李强) is still a name."""
    if word_freq(word) < COMMON_WORD_FREQ:
        return False
    return not (is_person_word(word) and word[:1] in common_surnames())


def name_after(text: str, pos: int, allow_space: bool = False,
               bounds: Optional[set] = None) -> Optional[tuple[int, int, str]]:
    """A person's name starting at `pos`: (start, end, canonical name) or None.

    Two given characters unless a word that cannot continue a name follows
    the first; a three-character name must end on a token boundary and not
    be, or begin with, an ordinary word (unless a follower closes it).
    """
    single, double = surnames()
    if allow_space:
        while pos < len(text) and text[pos] in " \u3000":
            pos += 1
    dotted = dotted_name(text, pos)
    if dotted:
        return dotted
    if text[pos:pos + 2] in double:
        slen = 2
    elif text[pos:pos + 1] in single:
        slen = 1
    else:
        return None
    given: list[tuple[int, str]] = []
    i = pos + slen
    while len(given) < 2 and i < len(text):
        ch = text[i]
        if ch in " \u3000" and not given and i - (pos + slen) < 2:
            i += 1
            continue
        if not CJK.match(ch) or ch in NOT_GIVEN:
            break
        given.append((i, ch))
        i += 1
    if not given:
        return None
    surname = text[pos:pos + slen]
    if given[0][1] == surname[-1]:
        return None
    first_end = given[0][0] + 1
    if len(given) == 1 or text[first_end:first_end + 1] in NAME_FOLLOWERS:
        if text[first_end:first_end + 1] not in NAME_FOLLOWERS:
            return None
        name = surname + given[0][1]
        return None if is_common_word(name) else (pos, first_end, name)
    end = given[1][0] + 1
    name = surname + given[0][1] + given[1][1]
    closed = text[end:end + 1] in NAME_FOLLOWERS
    if bounds is not None and end not in bounds and not closed:
        if (surname in common_surnames() and word_freq(text[first_end:first_end + 2]) >= 100
                and not is_common_word(surname + given[0][1])):
            return pos, first_end, surname + given[0][1]
        return None
    if word_freq(given[0][1] + given[1][1]) >= GIVEN_WORD_FREQ:
        return None
    if is_common_word(name) or (not closed and is_common_word(name[:2])):
        return None
    return pos, end, name


def dotted_name(text: str, pos: int) -> Optional[tuple[int, int, str]]:
    """A transliterated name with middle dots (阿不都热合曼·买买提); its last part
    ends where a word that cannot continue a name begins."""
    m = re.compile(f"[{HAN}]{{1,6}}(?:[{DOTS}][{HAN}]{{1,8}})+").match(text, pos)
    if not m:
        return None
    last_dot = max(m.group().rfind(d) for d in DOTS) + m.start()
    for end in range(last_dot + 3, m.end() + 1):
        if text[end:end + 1] in NAME_FOLLOWERS:
            name = re.sub("[" + DOTS + "]", "·", text[m.start():end])
            return m.start(), end, name
    return None


def name_before(text: str, end: int) -> Optional[tuple[int, int, str]]:
    """A person's name ending at `end` (for 习近平总书记): the longest that reads as one."""
    for length in (3, 2, 4):
        start = end - length
        if start < 0:
            continue
        found = name_after(text, start)
        if found and found[1] == end:
            prev = text[start - 1:start] if start else ""
            if prev and CJK.match(prev) and prev not in NAME_FOLLOWERS and length == 2:
                continue
            return found
    return None
