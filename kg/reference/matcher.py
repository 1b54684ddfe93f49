"""Every occurrence of many words in a text at once (Aho-Corasick).

The automaton is `ahocorasick_rs` (Rust): about thirty times faster than
pyahocorasick on Chinese text with the division list's 37,000 names, where a
scan of a report had become the largest single cost of extracting it.
"""
from __future__ import annotations

from typing import Callable, Generic, Iterable, Iterator, Mapping, TypeVar

import ahocorasick_rs

V = TypeVar("V")


class WordMatcher(Generic[V]):
    """Finds the words of `words` (word → value) wherever they occur, overlapping."""

    def __init__(self, words: Mapping[str, V]) -> None:
        self.words = [w for w in words if w]
        self.values = [words[w] for w in self.words]
        self._automaton = ahocorasick_rs.AhoCorasick(self.words) if self.words else None

    def iter(self, text: str) -> Iterator[tuple[int, int, str, V]]:
        """(start, end, word, value) of every occurrence, by start, the longest first at one start:
        the order in which a scan keeps the leftmost longest of overlapping words."""
        if self._automaton is None:
            return iter(())
        found = self._automaton.find_matches_as_indexes(text, overlapping=True)
        found.sort(key=lambda m: (m[1], m[1] - m[2]))
        words, values = self.words, self.values
        return ((start, end, words[i], values[i]) for i, start, end in found)


M = TypeVar("M", bound=tuple)


def leftmost_longest(matches: Iterable[M], accept: Callable[[M], bool]) -> Iterator[M]:
    """The accepted matches that overlap no match taken before, from matches in `WordMatcher.iter`
    order ((start, end, …) by start, the longest first): the leftmost longest acceptable ones."""
    last = -1
    for m in matches:
        if m[0] >= last and accept(m):
            yield m
            last = m[1]
