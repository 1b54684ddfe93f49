"""The extraction pipeline: spaCy's blank Chinese model, jieba, our components."""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from typing import Optional

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import doc as kgdoc
from kg.extract import structure
from kg.extract.layout import kept_positions
from kg.extract.segmenter import prepare_jieba
from kg.types import Extraction, ReportFacts

COMPONENTS = (
    "kg_structure",
    "kg_places",
    "kg_report",
    "kg_name_model",
    "kg_officials",
    "kg_laws",
    "kg_concepts",
    "kg_statistics",
)


def _register() -> None:
    # importing the modules registers their components with spaCy
    from kg.extract import (  # noqa: F401
        concepts, laws, name_model, officials, places, report_facts, statistics, structure,
    )


@functools.lru_cache(maxsize=1)
def make_nlp() -> Language:
    """`spacy.blank("zh")` with jieba's blocks as tokens (words cut on demand) and the kg components, built once."""
    prepare_jieba()
    kgdoc.register_extensions()
    _register()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.BlockTokenizer.v1"}}})
    nlp.max_length = 2 * CHUNK_CHARS
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


CHUNK_CHARS = 100_000
_SPACE_RUN = re.compile(r" +")


def extract(text: str, name: str, normalised: str) -> Extraction:
    """Run the pipeline over a report's normalised text; `text` is the original.

    What normalisation blanked inside the text (pinyin readings a machine
    conversion left: 會(huì)議) is taken out of both texts before the
    components read them, so that words, titles and names read whole
    (会议, 人大常委会主任); every offset found is mapped back to `text`.
    """
    gaps = blanked_runs(text, normalised)
    if not gaps:
        return _extract(text, name, normalised)
    kept = kept_positions(len(text), gaps)
    found = _extract("".join(text[i] for i in kept), name, "".join(normalised[i] for i in kept))
    return _restore(found, text, kept)


def blanked_runs(text: str, normalised: str) -> list[tuple[int, int]]:
    """Runs that normalisation turned into spaces although `text` has more than
    white space there."""
    if "(" not in text and "（" not in text:
        return []
    return [m.span() for m in _SPACE_RUN.finditer(normalised) if text[m.start():m.end()].strip()]


def _restore(found: Extraction, text: str, kept: list[int]) -> Extraction:
    """`found`, read on the text without its blanked runs, with offsets into `text`."""
    def span(start: int, end: int) -> tuple[int, int]:
        return (kept[start], kept[end - 1] + 1) if end > start else (kept[start], kept[start])

    def mention(m):
        s, e = span(m.start, m.end)
        return replace(m, start=s, end=e, text=text[s:e])

    facts = found.facts
    facts.evidence = {k: span(*v) for k, v in facts.evidence.items()}
    return Extraction(found.name, text, [span(s, e) for s, e in found.sentences],
                      [mention(m) for m in found.mentions],
                      [replace(r, start=span(r.start, r.end)[0], end=span(r.start, r.end)[1]) for r in found.relations],
                      facts)


def _extract(text: str, name: str, normalised: str) -> Extraction:
    """The pipeline over one text; a long report is processed in pieces of
    about CHUNK_CHARS characters so that memory stays bounded; its structure
    (sentences, repeated passages, plan section) and its county come from the
    whole text."""
    nlp = make_nlp()
    if len(normalised) <= CHUNK_CHARS:
        doc = _run(nlp, name, text, normalised, None)
        return Extraction(name, text, list(doc._.kg_sentences), list(doc._.kg_mentions),
                          list(doc._.kg_relations), doc._.kg_facts)
    sentences = structure.split_sentences(normalised)
    duplicates = structure.find_duplicates(normalised, sentences)
    header_end = structure.header_end(normalised)
    year = structure.report_year(normalised, normalised[:header_end])
    plan_start = structure.find_plan_start(normalised, year)
    out = Extraction(name, text, sentences, [], [], ReportFacts())
    sentence_ends = [e for _, e in sentences]
    duplicate_ends = [e for _, e in duplicates]
    for index, (cs, ce) in enumerate(structure.chunk_bounds(normalised, CHUNK_CHARS)):
        chunk = _Chunk(index, cs, _clip(sentences, sentence_ends, cs, ce), _clip(duplicates, duplicate_ends, cs, ce),
                       header_end if index == 0 else 0, year, None if plan_start is None else plan_start - cs)
        doc = _run(nlp, name, text[cs:ce], normalised[cs:ce], chunk, out.facts)
        out.mentions += [replace(m, start=m.start + cs, end=m.end + cs) for m in doc._.kg_mentions]
        out.relations += [replace(r, start=r.start + cs, end=r.end + cs) for r in doc._.kg_relations]
    return out


def _clip(spans: list, ends: list, cs: int, ce: int) -> list:
    """The sorted, non-overlapping `spans` that meet [cs, ce), clipped and shifted to the chunk."""
    out = []
    for s, e in spans[bisect.bisect_right(ends, cs):]:
        if s >= ce:
            break
        out.append((max(s, cs) - cs, min(e, ce) - cs))
    return out


@dataclass(frozen=True)
class _Chunk:
    index: int
    offset: int
    sentences: list
    duplicates: list
    header_end: int
    year: Optional[int]
    plan_start: Optional[int]


def _run(nlp: Language, name: str, raw: str, normalised: str, chunk: Optional[_Chunk],
         facts: Optional[ReportFacts] = None) -> Doc:
    doc = nlp.make_doc(normalised)
    kgdoc.init_doc(doc, name, raw, normalised)
    if chunk is not None:
        doc._.kg_chunk = chunk
        doc._.kg_sentences = chunk.sentences
        doc._.kg_duplicates = chunk.duplicates
        doc._.kg_header_end = chunk.header_end
        doc._.kg_year = chunk.year
        doc._.kg_plan_start = chunk.plan_start
        doc._.kg_facts = facts
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
