"""The SHACL shapes of a shapes graph, read into plain objects for the SPARQL engine.

Only what kg's shapes use is read: targets by class, subject, object or
node; property shapes with predicate, inverse and sequence paths; the core
constraints on counts, types, datatypes, node kinds, ranges, patterns,
languages, lists of values, pairs of properties, `sh:not` and `sh:or`; and
SHACL-SPARQL SELECT constraints on node shapes. Anything else raises
`Unsupported`, and validation falls back to pyshacl, so that a finding never
depends on which engine found it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

SH = Namespace("http://www.w3.org/ns/shacl#")

TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
VALUE_CONSTRAINTS = (SH["class"], SH.datatype, SH.nodeKind, SH.minInclusive, SH.maxInclusive,
                     SH.minExclusive, SH.maxExclusive, SH.pattern, SH.languageIn, SH["in"],
                     SH["not"], SH["or"])
FOCUS_CONSTRAINTS = (SH.minCount, SH.maxCount, SH.hasValue, SH.equals, SH.lessThan)
# sh: terms on a shape that are read, or that do not change what it finds.
KNOWN = frozenset((*TARGETS, *VALUE_CONSTRAINTS, *FOCUS_CONSTRAINTS, SH.path, SH.property,
                   SH.message, SH.severity, SH.sparql, SH.flags, SH.name, SH.description,
                   SH.order, SH.group, SH.defaultValue))


class Unsupported(Exception):
    """The shapes use a SHACL feature the SPARQL engine does not implement."""


@dataclass
class SparqlConstraint:
    """A SHACL-SPARQL SELECT constraint, its prefixes written out."""

    select: str
    messages: tuple[Literal, ...]


@dataclass
class Shape:
    """A node or property shape: its targets, constraints and the shapes inside it."""

    node: object
    path: Optional[object] = None
    severity: URIRef = SH.Violation
    messages: tuple[Literal, ...] = ()
    targets: list[tuple[URIRef, object]] = field(default_factory=list)
    constraints: list[tuple[URIRef, object]] = field(default_factory=list)
    properties: list["Shape"] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    flags: Optional[str] = None


def read_shapes(g: Graph) -> list[Shape]:
    """The shapes of `g` that have targets (the others are read where they are used)."""
    for s in g.subjects(RDF.type, SH.NodeShape):
        if (s, RDF.type, RDFS.Class) in g or (s, RDF.type, OWL.Class) in g:
            raise Unsupported(f"{s} is a shape and a class (implicit class target)")
    if any(g.triples((None, SH.deactivated, None))) or any(g.triples((None, SH.node, None))):
        raise Unsupported("sh:deactivated or sh:node")
    roots = sorted({s for t in TARGETS for s in g.subjects(t, None)}, key=str)
    return [_shape(g, s) for s in roots]


def _shape(g: Graph, node: object) -> Shape:
    for p in set(g.predicates(node, None)):
        if str(p).startswith(str(SH)) and p not in KNOWN:
            raise Unsupported(f"{p} is not implemented")
    severities = list(g.objects(node, SH.severity))
    if len(severities) > 1:
        raise Unsupported(f"{node} has several severities")
    paths = list(g.objects(node, SH.path))
    if len(paths) > 1:
        raise Unsupported(f"{node} has several paths")
    flags = list(g.objects(node, SH.flags))
    shape = Shape(node, paths[0] if paths else None, severities[0] if severities else SH.Violation,
                  tuple(sorted(set(g.objects(node, SH.message)))), flags=str(flags[0]) if flags else None)
    if shape.path is not None:
        sparql_path(g, shape.path)
    shape.targets = sorted(((t, o) for t in TARGETS for o in g.objects(node, t)), key=str)
    for p in (*VALUE_CONSTRAINTS, *FOCUS_CONSTRAINTS):
        for o in sorted(g.objects(node, p), key=str):
            shape.constraints.append((p, _parameter(g, p, o)))
    shape.properties = [_shape(g, o) for o in sorted(g.objects(node, SH.property), key=str)]
    shape.sparql = [_sparql(g, o) for o in sorted(g.objects(node, SH.sparql), key=str)]
    if shape.sparql and shape.path is not None:
        raise Unsupported("SPARQL constraints on property shapes")
    return shape


def _parameter(g: Graph, p: URIRef, o: object) -> object:
    if p in (SH.languageIn, SH["in"]):
        return tuple(Collection(g, o))
    if p == SH["not"]:
        return _shape(g, o)
    if p == SH["or"]:
        return tuple(_shape(g, s) for s in Collection(g, o))
    if p in (SH.minCount, SH.maxCount):
        return int(o)
    return o


def sparql_path(g: Graph, path: object) -> str:
    """A SHACL path as a SPARQL property path (predicates, inverses and sequences only)."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    if isinstance(path, BNode) and (path, RDF.first, None) in g:
        return "(" + "/".join(sparql_path(g, p) for p in Collection(g, path)) + ")"
    inverse = g.value(path, SH.inversePath)
    if inverse is not None:
        return f"^({sparql_path(g, inverse)})"
    raise Unsupported(f"the path {path} is not a predicate, an inverse or a sequence")


# Pre-bound variables other than $this, failure reports, and what joining $this with
# the focus nodes instead of pre-binding it could change.
_FORBIDDEN = re.compile(r"\$(shapesGraph|currentShape|PATH|value)\b|[?$]failure\b|\b(MINUS|VALUES|SERVICE)\b",
                        re.IGNORECASE)


def _sparql(g: Graph, node: object) -> SparqlConstraint:
    if (node, SH.ask, None) in g or (node, SH.deactivated, None) in g:
        raise Unsupported("SPARQL ASK or deactivated SPARQL constraints")
    select = str(g.value(node, SH.select) or "")
    if not select or len(re.findall(r"\bSELECT\b", select, re.IGNORECASE)) != 1 or _FORBIDDEN.search(select):
        raise Unsupported("a SPARQL constraint that is not one plain SELECT")
    if not re.search(r"\bSELECT\s+(DISTINCT\s+|REDUCED\s+)?[^{]*?[?$]this\b", select, re.IGNORECASE):
        raise Unsupported("a SPARQL constraint that does not select $this")
    prefixes = []
    for ont in g.objects(node, SH.prefixes):
        for decl in g.objects(ont, SH.declare):
            prefixes.append(f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>")
    return SparqlConstraint("\n".join(sorted(set(prefixes))) + "\n" + select,
                            tuple(sorted(set(g.objects(node, SH.message)))))
