"""A graph file's triples as the view reads them: four lookups over plain strings.

`entity_network` asks a graph for the subjects and objects of a property,
the subjects of a type, and the values of a node's property. Filling an
rdflib graph to answer that cost the build of 1,000 reports 4.8 s of its
10.5 s view; these indexes, filled straight from Oxigraph's parser, cost a
fifth of it. Terms are their lexical values (an IRI's string, a literal's
lexical form, which the view only reads as text) and the lookups return
them in the order rdflib's SimpleMemory store would, so the page is the same.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator, Optional

import pyoxigraph as ox


class Triples:
    """The triples of a graph, indexed by predicate then object, and by subject then predicate."""

    def __init__(self, triples: Iterable[tuple[str, str, str]] = ()) -> None:
        self._pos: dict[str, dict[str, dict[str, None]]] = {}
        self._spo: dict[str, dict[str, dict[str, None]]] = {}
        for s, p, o in triples:
            self.add(s, p, o)

    @classmethod
    def parse(cls, data: bytes | str | Path, fmt: ox.RdfFormat = ox.RdfFormat.TURTLE) -> "Triples":
        """The triples (of every graph) of Turtle or TriG text, or of a file."""
        if isinstance(data, Path):
            quads = ox.parse(path=str(data), format=fmt)
        else:
            quads = ox.parse(data.encode("utf-8") if isinstance(data, str) else data, format=fmt)
        seen: dict[str, str] = {}  # one string object per term, however often the parser repeats it
        one = seen.setdefault
        return cls((one(q.subject.value, q.subject.value), one(q.predicate.value, q.predicate.value),
                    one(q.object.value, q.object.value)) for q in quads)

    @classmethod
    def load(cls, path: str | Path) -> "Triples":
        """The triples of a graph file (or a build folder's graph), parsed strictly; KGError if it cannot be read."""
        from kg.errors import KGError
        from kg.rdf.files import graph_file, rdf_format

        p = graph_file(path)
        fmt = rdf_format(p)
        try:
            return cls.parse(p, fmt)
        except (SyntaxError, ValueError, OSError) as exc:
            raise KGError(f"{p}: cannot be read as {fmt}: {exc}") from None

    def add(self, s: str, p: str, o: str) -> None:
        self._pos.setdefault(p, {}).setdefault(o, {})[s] = None
        self._spo.setdefault(s, {}).setdefault(p, {})[o] = None

    def __len__(self) -> int:
        return sum(len(subjects) for objects in self._pos.values() for subjects in objects.values())

    def subject_objects(self, p: str) -> Iterator[tuple[str, str]]:
        for o, subjects in self._pos.get(str(p), {}).items():
            for s in subjects:
                yield s, o

    def subjects(self, p: str, o: str) -> Iterator[str]:
        return iter(self._pos.get(str(p), {}).get(str(o), {}))

    def objects(self, s: Optional[str], p: str) -> Iterator[str]:
        if s is None:
            return iter(())
        return iter(self._spo.get(str(s), {}).get(str(p), {}))

    def value(self, s: Optional[str], p: str) -> Optional[str]:
        return next(self.objects(s, p), None)
