"""The extraction pipeline: spaCy's blank Chinese model, jieba, our components."""
from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kg.extract import doc as kgdoc
from kg.extract.segmenter import prepare_jieba

COMPONENTS = (
    "kg_structure",
    "kg_places",
    "kg_report",
    "kg_officials",
    "kg_laws",
    "kg_concepts",
    "kg_statistics",
)


def _register() -> None:
    # importing the modules registers their components with spaCy
    from kg.extract import (  # noqa: F401
        concepts, laws, officials, places, report_facts, statistics, structure,
    )


@functools.lru_cache(maxsize=1)
def make_nlp() -> Language:
    """`spacy.blank("zh")` with jieba segmentation and the kg components, built once."""
    prepare_jieba()
    kgdoc.register_extensions()
    _register()
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def extract(text: str, name: str, normalised: str) -> Doc:
    """Run the pipeline over a report's normalised text; `text` is the original."""
    nlp = make_nlp()
    doc = nlp.make_doc(normalised)
    kgdoc.init_doc(doc, name, text, normalised)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc
