"""The registry of entity and relation types: one place that says what a type is.

The types live in a data file (`kg/resources/registry.toml`); the linker,
the RDF assembler, validation, the network view, the pipeline and
evaluation all read them from here. A new type is a spaCy component, an
entry in the registry and its ontology terms; a file of further entries (with
its own ontology and shapes) joins with `extend`.
"""
from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from rdflib import URIRef

from kg.errors import KGError
from kg.resources import path as resource_path

CORE = "registry.toml"
_extensions: list[Path] = []


@dataclass(frozen=True)
class EntityType:
    """A kind of named entity: how it is found, named, typed, checked, drawn and scored."""

    name: str
    cls: URIRef
    shape: URIRef
    en: str
    zh: str
    colour: str
    shape_in_view: str
    importance: int
    component: str
    attribute: str
    iri: str
    evaluation: str
    concept: bool = False
    after: Optional[str] = None

    @property
    def is_area(self) -> bool:
        return self.iri == "area"


@dataclass(frozen=True)
class RelationType:
    """A relation between entities: its property, its ends, how it is drawn and scored."""

    name: str
    property: URIRef
    en: str
    zh: str
    colour: str
    width: float
    dashes: bool
    subject: str
    object: str
    shape: Optional[URIRef] = None
    attribute: Optional[str] = None
    evaluation: Optional[str] = None
    graph: bool = True


@dataclass(frozen=True)
class Registry:
    entity_types: tuple[EntityType, ...]
    relation_types: tuple[RelationType, ...]
    ontology: tuple[Path, ...] = ()
    shapes: tuple[Path, ...] = ()

    def entity(self, name: str) -> EntityType:
        for t in self.entity_types:
            if t.name == name:
                return t
        raise KeyError(f"no entity type {name!r} in the registry")

    def relation(self, name: str) -> RelationType:
        for r in self.relation_types:
            if r.name == name:
                return r
        raise KeyError(f"no relation type {name!r} in the registry")

    @property
    def entity_names(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.entity_types)

    @property
    def graph_relations(self) -> tuple[RelationType, ...]:
        """The relations that are triples of the graph (not drawn by the view only)."""
        return tuple(r for r in self.relation_types if r.graph)

    def concept_types(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.entity_types if t.concept)

    def area_types(self) -> tuple[str, ...]:
        return tuple(t.name for t in self.entity_types if t.is_area)

    def components(self, core: tuple[str, ...]) -> tuple[str, ...]:
        """The pipeline: `core` in order, then each other type's component after the one it names."""
        order = list(core)
        for t in self.entity_types:
            if t.component not in order:
                at = order.index(t.after) + 1 if t.after in order else len(order)
                order.insert(at, t.component)
        return tuple(order)


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    """The core registry and the files `extend` added, in that order."""
    parts = [_read(resource_path(CORE))] + [_read(p) for p in _extensions]
    return Registry(
        entity_types=tuple(t for part in parts for t in part.entity_types),
        relation_types=tuple(r for part in parts for r in part.relation_types),
        ontology=tuple(p for part in parts for p in part.ontology),
        shapes=tuple(p for part in parts for p in part.shapes),
    )


def extend(path: str | Path) -> Registry:
    """Add the types of another registry file (with its ontology and shapes files)."""
    path = Path(path).resolve()
    _read(path)
    if path not in _extensions:
        _extensions.append(path)
    _forget()
    return registry()


def reset() -> None:
    """Forget every file `extend` added."""
    _extensions.clear()
    _forget()


def _forget() -> None:
    registry.cache_clear()
    for forget in _on_change:
        forget()


_on_change: list[Callable[[], None]] = []


def on_change(forget: Callable[[], None]) -> Callable[[], None]:
    """Have `forget()` called when the registry changes (for caches derived from it)."""
    _on_change.append(forget)
    return forget


def extension_files() -> tuple[Path, ...]:
    """The files `extend` added and the ontology and shapes files they name: what
    a build's cache must follow besides kg's own code."""
    reg = registry()
    return (*_extensions, *(p for p in (*reg.ontology, *reg.shapes)))


def _read(path: Path) -> Registry:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise KGError(f"{path}: not a readable registry file ({exc})") from None
    prefixes = data.get("prefixes", {})

    def iri(curie: str) -> URIRef:
        prefix, sep, local = curie.partition(":")
        if sep and prefix in prefixes:
            return URIRef(prefixes[prefix] + local)
        if curie.startswith(("http://", "https://", "urn:")):
            return URIRef(curie)
        raise KGError(f"{path}: {curie!r} is neither a full IRI nor a CURIE with a known prefix")

    try:
        entities = tuple(EntityType(**{k: v for k, v in e.items() if k not in ("class", "shape")},
                                    cls=iri(e.get("class", "")), shape=iri(e.get("shape", "")))
                         for e in data.get("entity", []))
        relations = tuple(RelationType(**{k: v for k, v in r.items() if k not in ("property", "shape")},
                                       property=iri(r.get("property", "")),
                                       shape=iri(r["shape"]) if r.get("shape") else None)
                          for r in data.get("relation", []))
    except TypeError as exc:
        raise KGError(f"{path}: an entry does not fit the registry ({exc})") from None
    here = Path(path).parent
    ontology = data.get("ontology", {})
    return Registry(entities, relations, tuple(here / f for f in ontology.get("terms", [])),
                    tuple(here / f for f in ontology.get("shapes", [])))
