"""Shared types: what extractors hand to the linker, and what the linker hands to RDF.

Extractors know nothing of RDF; they produce `Mention`s and `RelationMention`s
with exact character offsets into the report's text as read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

# The entity and relation types are in the registry (kg/registry.py).
STATISTICS = (
    "standing_committee_meetings",
    "director_meetings",
    "work_reports_reviewed",
    "law_inspections",
    "resolutions",
    "appointments",
    "deputy_suggestions",
)


@dataclass(frozen=True)
class Mention:
    """One surface form of an entity at `text[start:end]`.

    `key` is the canonical name (or division code for areas) that the linker
    uses to merge mentions of one entity.
    """

    type: str
    key: str
    start: int
    end: int
    text: str
    code: Optional[str] = None
    source: str = ""


@dataclass(frozen=True, order=True)
class EntityRef:
    """An end of a relation: an entity type of the registry (or `Area`, a County
    or Place as the division list says) and its key: the division code of an
    area, the canonical name of anything else. `id`, where the linker set it, is
    the node's key when the name alone does not identify it (a person:
    `330822/翁旭东`, see kg.link.people)."""

    type: str
    key: str
    id: str = ""


AREA = "Area"


@dataclass(frozen=True)
class RelationMention:
    """A relation asserted by the sentence at `start:end` (the evidence span)."""

    s: EntityRef
    p: str
    o: EntityRef
    start: int
    end: int
    role: Optional[str] = None


@dataclass
class ReportFacts:
    """What a report says of itself. `year`: the calendar year whose work the text is
    about (the year reviewed at a session; a meeting's own year); `kind`: work-report,
    news, resolution, meeting or announcement (kg/extract/report_kind.py); `title`: its
    title as it stands, white space dropped between Chinese characters."""

    county: Optional[str] = None
    county_code: Optional[str] = None
    date: Optional[str] = None
    session: Optional[str] = None
    speaker: Optional[str] = None
    speaker_role: Optional[str] = None
    year: Optional[int] = None
    kind: Optional[str] = None
    title: Optional[str] = None
    statistics: dict = field(default_factory=dict)
    evidence: dict = field(default_factory=dict)


@dataclass
class Extraction:
    """What the pipeline found in one report, before linking; offsets into `raw`."""

    name: str
    raw: str
    sentences: list
    mentions: list
    relations: list
    facts: ReportFacts


@dataclass
class Entity:
    """A linked entity of one report: all its mentions, one canonical name."""

    type: str
    name: str
    iri_key: str
    code: Optional[str] = None
    aliases: list = field(default_factory=list)
    mentions: list = field(default_factory=list)
    parent_code: Optional[str] = None
    level: Optional[str] = None
    # a programme or slogan: its mentions per concept type, from which its type was decided
    type_counts: dict = field(default_factory=dict)


@dataclass
class Relation:
    """A linked relation of one report: its ends (names `s`, `o` to show, `s_ref`,
    `o_ref` to identify them), its role (for posts) and its evidence spans."""

    s: str
    p: str
    o: str
    s_ref: EntityRef
    o_ref: EntityRef
    role: Optional[str] = None
    evidence: list = field(default_factory=list)


@dataclass
class ReportResult:
    """Everything the builder knows about one report, ready for RDF and JSONL."""

    doc: str
    text: str
    facts: ReportFacts
    entities: list
    relations: list
    sentences: list = field(default_factory=list)
    # the speaker as the linker identified them (facts.speaker is the name)
    speaker: Optional[EntityRef] = None
