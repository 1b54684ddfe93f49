"""What the components of the pipeline share about the report they read.

One typed `ReportContext` travels on `doc._.kg`: the text (as read and
normalised), where this piece lies in its report, the report's structure
(found on the whole text before any component runs, so a long report read
in pieces and a short one read whole take the same path), the report's facts
(shared by all pieces), and the findings so far. Components add findings
through its methods; the attributes they declare to spaCy (`requires`,
`assigns`: `doc._.kg_places`, `doc._.kg_county`, …) are read-only views of it,
so that `nlp.analyze_pipes()` checks the order of the pipeline.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from kg.extract import structure as layout
from kg.types import Mention, RelationMention, ReportFacts

Span = tuple[int, int]


@dataclass(frozen=True)
class Structure:
    """Sentences, repeated passages, title block, year and plan section of a piece,
    as offsets into the piece."""

    sentences: tuple[Span, ...] = ()
    duplicates: tuple[Span, ...] = ()
    header_end: int = 0
    year: Optional[int] = None
    plan_start: Optional[int] = None


@dataclass(frozen=True)
class Piece:
    """Where a piece lies in its report: its index and the offset of its first character."""

    index: int = 0
    offset: int = 0

    @property
    def first(self) -> bool:
        return self.index == 0


@dataclass
class ReportContext:
    """One piece of a report, its structure, and what the components found in it."""

    name: str
    raw: str
    text: str
    structure: Structure
    facts: ReportFacts = field(default_factory=ReportFacts)
    piece: Piece = Piece()
    mentions: list[Mention] = field(default_factory=list)
    relations: list[RelationMention] = field(default_factory=list)
    person_spans: list[Span] = field(default_factory=list)

    def add_mention(self, type_: str, key: str, start: int, end: int,
                    code: Optional[str] = None, source: str = "") -> Mention:
        m = Mention(type=type_, key=key, start=start, end=end, text=self.raw[start:end], code=code, source=source)
        self.mentions.append(m)
        return m

    def add_relation(self, rel: RelationMention) -> None:
        self.relations.append(rel)


def analyse(text: str) -> Structure:
    """The structure of a whole report's normalised text."""
    sentences = layout.split_sentences(text)
    head = layout.header_end(text)
    year = layout.report_year(text, text[:head])
    return Structure(tuple(sentences), tuple(layout.find_duplicates(text, sentences)), head, year,
                     layout.find_plan_start(text, year))
