"""Doc extensions every component reads or writes, registered once.

Components record findings as exact character spans (`Mention`) because
entity boundaries need not coincide with jieba's word boundaries.
"""
from __future__ import annotations

import bisect
from typing import Optional

from spacy.tokens import Doc

from kg.extract.segmenter import Words
from kg.types import Mention, RelationMention, ReportFacts

_EXTENSIONS = {
    "kg_name": "",
    "kg_raw": "",
    "kg_text": "",
    "kg_sentences": None,
    "kg_duplicates": None,
    "kg_plan_start": None,
    "kg_header_end": 0,
    "kg_year": None,
    "kg_facts": None,
    "kg_mentions": None,
    "kg_relations": None,
    "kg_chunk": None,
    "kg_person_spans": None,
}


def register_extensions() -> None:
    for name, default in _EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def init_doc(doc: Doc, name: str, raw: str, text: Optional[str] = None) -> Doc:
    """Prepare a Doc for the kg components; `text` is the normalised text (doc.text)."""
    doc._.kg_name = name
    doc._.kg_raw = raw
    doc._.kg_text = doc.text if text is None else text
    doc._.kg_sentences = []
    doc._.kg_duplicates = []
    doc._.kg_facts = ReportFacts()
    doc._.kg_mentions = []
    doc._.kg_relations = []
    doc._.kg_person_spans = []
    return doc


def add_mention(doc: Doc, type_: str, key: str, start: int, end: int,
                code: Optional[str] = None, source: str = "") -> Mention:
    m = Mention(type=type_, key=key, start=start, end=end, text=doc._.kg_raw[start:end], code=code, source=source)
    doc._.kg_mentions.append(m)
    return m


def chunk_offset(doc: Doc) -> int:
    """Where this Doc starts in its report (long reports are processed in pieces)."""
    return doc._.kg_chunk.offset if doc._.kg_chunk is not None else 0


def later_chunk(doc: Doc) -> bool:
    """Whether this Doc is a piece of a long report after its first."""
    return doc._.kg_chunk is not None and doc._.kg_chunk.index > 0


def add_relation(doc: Doc, rel: RelationMention) -> None:
    doc._.kg_relations.append(rel)


def word_boundaries(doc: Doc) -> Words:
    """jieba's word boundaries in `doc`, cut where first asked (see `kg.extract.segmenter`)."""
    words = doc.user_data.get("kg_words")
    if words is None:
        words = doc.user_data["kg_words"] = Words(doc, doc._.kg_text)
    return words


def role_matches(doc: Doc) -> list:
    """Every written post in `doc` (`kg.reference.roles.role_pattern`), found once
    for the name model and the officials component."""
    found = doc.user_data.get("kg_roles")
    if found is None:
        from kg.reference.roles import role_pattern

        found = doc.user_data["kg_roles"] = list(role_pattern().finditer(doc._.kg_text))
    return found


def sentence_of(doc: Doc, pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence containing character `pos`."""
    sents = doc._.kg_sentences
    starts = doc.user_data.get("kg_sent_starts")
    if starts is None or len(starts) != len(sents):
        starts = [s for s, _ in sents]
        doc.user_data["kg_sent_starts"] = starts
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return (0, min(len(doc._.kg_text), pos + 1))
    return sents[i]


def is_duplicate(doc: Doc, pos: int) -> bool:
    """Whether `pos` lies in a passage that repeats earlier text."""
    dups = doc._.kg_duplicates
    if not dups:
        return False
    starts = doc.user_data.get("kg_dup_starts")
    if starts is None or len(starts) != len(dups):
        starts = [s for s, _ in dups]
        doc.user_data["kg_dup_starts"] = starts
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < dups[i][1]


def in_plan(doc: Doc, pos: int) -> bool:
    """Whether `pos` lies in the coming year's plan."""
    start = doc._.kg_plan_start
    return start is not None and pos >= start


class SpanSet:
    """Character spans already claimed by a finding, with a fast membership test."""

    def __init__(self, spans: object = ()) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_right(self._starts, start)
        if i and self._ends[i - 1] >= start:
            i -= 1
            start = self._starts[i]
            end = max(end, self._ends[i])
            del self._starts[i], self._ends[i]
        while i < len(self._starts) and self._starts[i] <= end:
            end = max(end, self._ends[i])
            del self._starts[i], self._ends[i]
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def __contains__(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]
