"""jieba's dictionary as kg reads it, loaded one first character at a time.

A worker used to spend 1.5 s of its start parsing jieba's dict.txt (349,046
words) three times over: for jieba's prefix dictionary, for the frequencies of
ordinary words, and for the words jieba tags as names or places; a report reads
only the words that start with its own few hundred characters. So the three
tables are computed once per machine (`build_table`) from dict.txt and the
division list (whose names kg adds to jieba's dictionary), kept as one file
(`kg.reference.derived`) and read one first character at a time: a process loads the file's
index (a few milliseconds) and a character's words when a word starting with
it is first asked about. Segmentation and lookups give exactly what the
dictionary would give loaded whole.
"""
from __future__ import annotations

import functools
import logging
import marshal
import mmap
from math import log
from pathlib import Path
from typing import Optional

import jieba

from kg.reference import derived, gazetteer

# The table file's first bytes.
FORMAT = b"kg-words 2\n"
# Frequency given to a division's full name, and to a short name jieba does not know.
FULL_NAME_FREQ = 800
SHORT_NAME_FREQ = 300


class Words:
    """One table file, read by first character on demand.

    Each character's group holds jieba's prefix dictionary for the words that
    start with it (every word with its frequency, every proper prefix of a word
    with 0, the division names added), the words whose frequency in dict.txt
    differs from that (the division names jieba knew less well or not at all),
    and the words dict.txt tags as person names (nr) and as places (ns).
    """

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as fh:
            self._data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        start = len(FORMAT) + 8
        end = start + int.from_bytes(self._data[len(FORMAT):start], "little")
        try:
            if self._data[:len(FORMAT)] != FORMAT:
                raise ValueError("another format")
            self.total, self._index = marshal.loads(self._data[start:end])
        except (ValueError, EOFError, TypeError) as exc:
            raise ValueError(f"{path}: not a word table of this version ({exc})") from None
        self._base = end
        if len(self._data) != end + max((e for _, e in self._index.values()), default=0):
            raise ValueError(f"{path}: a word table cut short")
        self.groups: dict[str, tuple[dict, dict, frozenset, frozenset]] = {}
        self.prefixes = Prefixes(self)

    def group(self, first: str) -> tuple[dict, dict, frozenset, frozenset]:
        """The group of words starting with the character `first`, read at the first ask."""
        found = self.groups.get(first)
        if found is None:
            where = self._index.get(first)
            found = _EMPTY if where is None else marshal.loads(self._data[self._base + where[0]:self._base + where[1]])
            self.groups[first] = found
        return found

    def frequency(self, word: str) -> int:
        """dict.txt's frequency of `word` if it has two to four characters, else 0."""
        if not 2 <= len(word) <= 4:
            return 0
        prefixes, differing, _, _ = self.groups.get(word[0]) or self.group(word[0])
        found = differing.get(word)
        return prefixes.get(word, 0) if found is None else found

    def is_person(self, word: str) -> bool:
        """Whether dict.txt tags `word`, of two or three characters, as a person's name."""
        return len(word) >= 2 and word in (self.groups.get(word[0]) or self.group(word[0]))[2]

    def is_place(self, word: str) -> bool:
        """Whether dict.txt tags `word`, of two to four characters, as a place."""
        return len(word) >= 2 and word in (self.groups.get(word[0]) or self.group(word[0]))[3]


_EMPTY: tuple[dict, dict, frozenset, frozenset] = ({}, {}, frozenset(), frozenset())


class Prefixes:
    """jieba's prefix dictionary (its `FREQ`) over a table's groups: the lookups jieba makes."""

    def __init__(self, table: Words) -> None:
        self._table = table

    def _of(self, frag: str) -> dict:
        return (self._table.groups.get(frag[:1]) or self._table.group(frag[:1]))[0]

    def __contains__(self, frag: str) -> bool:
        return frag in self._of(frag)

    def __getitem__(self, frag: str) -> int:
        return self._of(frag)[frag]

    def get(self, frag: str, default: Optional[int] = None) -> Optional[int]:
        return self._of(frag).get(frag, default)


@functools.lru_cache(maxsize=1)
def words() -> Words:
    """This machine's word table, made first if it is missing or out of date."""
    path = derived.path_for("words", (_dictionary(), *gazetteer.SOURCES, Path(__file__)))
    try:
        return Words(path)
    except (OSError, ValueError):
        pass
    derived.write_whole(path, build_table())
    return Words(path)


def frequency(word: str) -> int:
    """dict.txt's frequency of a word of two to four characters, else 0."""
    return words().frequency(word)


def is_person(word: str) -> bool:
    """Whether jieba's dictionary tags a word of two or three characters as a person's name."""
    return words().is_person(word)


def is_place(word: str) -> bool:
    """Whether jieba's dictionary tags a word of two to four characters as a place."""
    return words().is_place(word)


def tokenizer() -> jieba.Tokenizer:
    """A jieba tokenizer whose dictionary is this machine's table."""
    jieba.setLogLevel(logging.WARNING)
    return GroupedTokenizer(words())


class GroupedTokenizer(jieba.Tokenizer):
    """jieba's tokenizer over a word table, its two hot loops reading the table by group.

    Every fragment that `get_DAG` and `calc` look up at a position starts with
    that position's character, so the character's group of the prefix
    dictionary is fetched once per position and searched as a plain dict; each
    lookup through `Prefixes` cost a method call (a quarter of segmentation).
    The loops are jieba's own otherwise, so the words are the same.
    """

    def __init__(self, table: Words) -> None:
        super().__init__()
        self.FREQ, self.total, self.initialized = table.prefixes, table.total, True
        self._table = table

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:
        dag = {}
        n = len(sentence)
        for k in range(n):
            prefixes = self._table.group(sentence[k])[0]
            ends = []
            i = k
            frag = sentence[k]
            while i < n and frag in prefixes:
                if prefixes[frag]:
                    ends.append(i)
                i += 1
                frag = sentence[k:i + 1]
            dag[k] = ends or [k]
        return dag

    def calc(self, sentence: str, DAG: dict, route: dict) -> None:  # noqa: N803 -- jieba's signature
        n = len(sentence)
        route[n] = (0, 0)
        logtotal = log(self.total)
        for idx in range(n - 1, -1, -1):
            prefixes = self._table.group(sentence[idx])[0]
            route[idx] = max((log(prefixes.get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x)
                             for x in DAG[idx])


def build_table() -> bytes:
    """The table file's bytes: jieba's prefix dictionary with the division names added
    (as jieba's own `gen_pfdict` and `add_word` make it), and dict.txt's frequencies
    and tags of two- to four-character words, grouped by first character."""
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    with open(_dictionary(), "rb") as fh:
        tk.FREQ, tk.total = tk.gen_pfdict(fh)
    tk.initialized = True
    known = tk.FREQ
    gz = gazetteer.load()
    for name, entries in gz.by_name.items():
        if any(gz.divisions[e.code].level == "township" for e in entries):
            continue
        full = any(e.form == "full" for e in entries)
        if full and len(name) >= 3:
            tk.add_word(name, freq=max(known.get(name, 0) or 0, FULL_NAME_FREQ))
        elif not known.get(name) and len(name) >= 2:
            tk.add_word(name, freq=SHORT_NAME_FREQ)
    raw: dict[str, tuple[int, str]] = {}
    with open(_dictionary(), encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()
            if 2 <= len(word) <= 4:
                raw[word] = int(freq), tag
    groups: dict[str, tuple[dict, dict, set, set]] = {}
    for word, freq in tk.FREQ.items():
        prefixes, differing, persons, places = groups.setdefault(word[0], ({}, {}, set(), set()))
        prefixes[word] = freq
        if 2 <= len(word) <= 4:
            own, tag = raw.get(word, (0, ""))
            if own != freq:
                differing[word] = own
            if tag.startswith("nr") and len(word) <= 3:
                persons.add(word)
            if tag == "ns":
                places.add(word)
    blobs, index, offset = [], {}, 0
    for c in sorted(groups):
        prefixes, differing, persons, places = groups[c]
        blob = marshal.dumps((prefixes, differing, frozenset(persons), frozenset(places)))
        index[c] = offset, offset + len(blob)
        blobs.append(blob)
        offset += len(blob)
    head = marshal.dumps((tk.total, index))
    return FORMAT + len(head).to_bytes(8, "little") + head + b"".join(blobs)


def _dictionary() -> Path:
    return Path(jieba.__file__).parent / "dict.txt"
