"""The Doc extensions of the kg components and the helpers they share.

`doc._.kg` holds the report's context (`kg.extract.context.ReportContext`);
the other extensions are read-only views of it that components name in
`requires`/`assigns`. Components record findings as exact character spans
(`Mention`) because entity boundaries need not coincide with jieba's word
boundaries.
"""
from __future__ import annotations

import bisect
from typing import Callable, Optional

from spacy.tokens import Doc

from kg.extract.segmenter import Words
from kg.extract.context import Piece, ReportContext, Structure, analyse
from kg.types import Mention, RelationMention, ReportFacts


def register_extensions() -> None:
    """`doc._.kg`, the report's context, and the read-only views of it that
    components declare as what they require and assign (see `kg.extract.context`)."""
    if not Doc.has_extension("kg"):
        Doc.set_extension("kg", default=None)
    for name, view in _views().items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, getter=view)


def _views() -> dict[str, Callable[[Doc], object]]:
    from kg.registry import registry

    views = {
        "kg_county": lambda doc: context(doc).facts.county_code,
        "kg_report": lambda doc: context(doc).facts,
        "kg_person_spans": lambda doc: context(doc).person_spans,
        "kg_statistics": lambda doc: context(doc).facts.statistics,
    }
    for t in registry().entity_types:
        views.setdefault(t.attribute, _mentions_of(t.attribute))
    for r in registry().relation_types:
        if r.attribute:
            views.setdefault(r.attribute, _relations_of(r.attribute))
    return views


def _mentions_of(attribute: str) -> Callable[[Doc], list[Mention]]:
    from kg.registry import registry

    types = {t.name for t in registry().entity_types if t.attribute == attribute}
    return lambda doc: [m for m in context(doc).mentions if m.type in types]


def _relations_of(attribute: str) -> Callable[[Doc], list[RelationMention]]:
    from kg.registry import registry

    names = {r.name for r in registry().relation_types if r.attribute == attribute}
    return lambda doc: [r for r in context(doc).relations if r.p in names]


def context(doc: Doc) -> ReportContext:
    """The report context of `doc`; a Doc made by `nlp(text)` is one whole report.

    Read where spaCy keeps `doc._.kg`, in `doc.user_data`: each read of `doc._`
    makes an object, and components ask for the context tens of thousands of
    times a report (should spaCy keep it elsewhere, `doc._.kg` is read).
    """
    ctx = doc.user_data.get(_KG_VALUE)
    if ctx is None:
        ctx = doc._.kg
        if ctx is None:
            ctx = doc._.kg = ReportContext("", doc.text, doc.text, analyse(doc.text))
    return ctx


# the key under which spaCy's Underscore stores the value of `doc._.kg`
_KG_VALUE = ("._.", "kg", None, None)


def init_doc(doc: Doc, name: str, raw: str, text: Optional[str] = None,
             structure: Optional[Structure] = None, facts: Optional[ReportFacts] = None,
             piece: Piece = Piece()) -> Doc:
    """Give `doc` (made from the normalised text) its report context."""
    text = doc.text if text is None else text
    doc._.kg = ReportContext(name, raw, text, analyse(text) if structure is None else structure,
                             ReportFacts() if facts is None else facts, piece)
    return doc


def add_mention(doc: Doc, type_: str, key: str, start: int, end: int,
                code: Optional[str] = None, source: str = "") -> Mention:
    return context(doc).add_mention(type_, key, start, end, code, source)


def add_relation(doc: Doc, rel: RelationMention) -> None:
    context(doc).add_relation(rel)


def word_boundaries(doc: Doc) -> Words:
    """jieba's word boundaries in `doc`, cut where first asked (see `kg.extract.segmenter`)."""
    words = doc.user_data.get("kg_words")
    if words is None:
        words = doc.user_data["kg_words"] = Words(doc, context(doc).text)
    return words


def role_matches(doc: Doc) -> list:
    """Every written post in `doc` (`kg.reference.roles.role_pattern`), found once
    for the name model and the officials component."""
    found = doc.user_data.get("kg_roles")
    if found is None:
        from kg.reference.roles import role_pattern

        found = doc.user_data["kg_roles"] = list(role_pattern().finditer(context(doc).text))
    return found


def sentence_of(doc: Doc, pos: int) -> tuple[int, int]:
    """The (start, end) of the sentence containing character `pos`."""
    sents = context(doc).structure.sentences
    starts = doc.user_data.get("kg_sent_starts")
    if starts is None or len(starts) != len(sents):
        starts = [s for s, _ in sents]
        doc.user_data["kg_sent_starts"] = starts
    i = bisect.bisect_right(starts, pos) - 1
    if i < 0:
        return (0, min(len(context(doc).text), pos + 1))
    return sents[i]


def is_duplicate(doc: Doc, pos: int) -> bool:
    """Whether `pos` lies in a passage that repeats earlier text."""
    dups = context(doc).structure.duplicates
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
    start = context(doc).structure.plan_start
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
