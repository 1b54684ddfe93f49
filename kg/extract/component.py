"""The base of kg's pipeline components."""
from __future__ import annotations

from typing import Callable, Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.context import ReportContext
from kg.extract.doc import context


class Component:
    """A component reads the Doc's report context and adds its findings to it.

    `initialize` loads the reference data the component reads (`loaders`),
    so that the first report does not pay for it and a missing file shows
    when the pipeline is built; a Doc made by `nlp(text)` gets a context of
    its own whole text.
    """

    loaders: tuple[Callable[[], object], ...] = ()

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def initialize(self, get_examples: Optional[Callable[[], Iterable]] = None, *,
                   nlp: Optional[Language] = None) -> None:
        for load in self.loaders:
            load()

    def __call__(self, doc: Doc) -> Doc:
        self.run(context(doc), doc)
        return doc

    def run(self, ctx: ReportContext, doc: Doc) -> None:
        raise NotImplementedError
