"""The extraction pipeline: spaCy's blank Chinese model, jieba, our components."""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import replace

import spacy
from spacy.language import Language

from kg.extract import doc as kgdoc
from kg.extract import structure
from kg.extract.context import Piece, Structure, analyse
from kg.extract.layout import kept_positions
from kg.reference.words import words
from kg.registry import on_change
from kg.types import Extraction, ReportFacts

# The core pipeline, in order; `nlp.analyze_pipes()` checks that each component
# comes after those that assign what it requires. Types added to the registry
# bring their own component (`kg.registry.Registry.components`).
COMPONENTS = (
    "kg_places",
    "kg_report",
    "kg_name_model",
    "kg_officials",
    "kg_laws",
    "kg_concepts",
    "kg_statistics",
)


def _register() -> None:
    # importing the modules registers their factories with spaCy
    from kg.extract import (  # noqa: F401
        concepts, laws, name_model, officials, places, report_facts, statistics,
    )


@functools.lru_cache(maxsize=1)
def make_nlp() -> Language:
    """`spacy.blank("zh")` with jieba's blocks as tokens (words cut on demand) and
    the kg components, their data loaded, built once."""
    from kg.registry import registry

    words()
    kgdoc.register_extensions()
    _register()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "kg.BlockTokenizer.v1"}}})
    nlp.max_length = 2 * CHUNK_CHARS
    # no component reads a token's lexical attributes (shape, like_num, ...): computing
    # them for every new block cost a tenth of extraction
    nlp.vocab.lex_attr_getters = {}
    for name in registry().components(COMPONENTS):
        nlp.add_pipe(name)
    for _, proc in nlp.pipeline:
        proc.initialize(lambda: [], nlp=nlp)
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
    """The pipeline over one text, in pieces of about CHUNK_CHARS characters so
    that memory stays bounded (a short report is one piece); the structure
    (sentences, repeated passages, plan section) comes from the whole text, the
    report's facts are shared by its pieces."""
    nlp = make_nlp()
    whole = analyse(normalised)
    out = Extraction(name, text, list(whole.sentences), [], [], ReportFacts())
    sentence_ends = [e for _, e in whole.sentences]
    duplicate_ends = [e for _, e in whole.duplicates]
    for index, (cs, ce) in enumerate(structure.chunk_bounds(normalised, CHUNK_CHARS)):
        part = Structure(_clip(whole.sentences, sentence_ends, cs, ce), _clip(whole.duplicates, duplicate_ends, cs, ce),
                         whole.header_end if index == 0 else 0, whole.year,
                         None if whole.plan_start is None else whole.plan_start - cs)
        doc = nlp.make_doc(normalised[cs:ce])
        kgdoc.init_doc(doc, name, text[cs:ce], normalised[cs:ce], part, out.facts, Piece(index, cs))
        for _, proc in nlp.pipeline:
            doc = proc(doc)
        found = doc._.kg
        out.mentions += [replace(m, start=m.start + cs, end=m.end + cs) for m in found.mentions] if cs else found.mentions
        out.relations += ([replace(r, start=r.start + cs, end=r.end + cs) for r in found.relations] if cs
                          else found.relations)
    return out


def _clip(spans: tuple, ends: list, cs: int, ce: int) -> tuple:
    """The sorted, non-overlapping `spans` that meet [cs, ce), clipped and shifted to the piece."""
    out = []
    for s, e in spans[bisect.bisect_right(ends, cs):]:
        if s >= ce:
            break
        out.append((max(s, cs) - cs, min(e, ce) - cs))
    return tuple(out)


on_change(make_nlp.cache_clear)
