"""`kg validate`: check a graph against the SHACL shapes of `ontology/shapes.ttl`.

pyshacl validates the union of the file's graphs with the ontology mixed in
(so that sh:class follows rdfs:subClassOf) and without inference.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.plugins.sparql import prepareQuery

from kg.errors import KGError
from kg.rdf.files import ONTOLOGY, SHAPES, graph_file, load_graph
from kg.registry import registry

SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True, order=True)
class Finding:
    """One result of validation, as text ready to print."""

    severity: str
    focus: str
    path: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.focus} {self.path}".strip()
        value = f" (value: {self.value})" if self.value and self.value != self.focus else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass
class Validation:
    """What `validate` found in one graph file."""

    data: Path
    triples: int
    findings: list = field(default_factory=list)
    seconds: float = 0.0

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def validate(data: str | Path, shapes: Optional[Path] = None) -> Validation:
    """Validate a graph file, or a build folder's graph, against the shapes."""
    import pyshacl

    started = time.perf_counter()
    path = graph_file(data)
    shapes_path = Path(shapes) if shapes else SHAPES
    data_graph = load_graph(path, into=_PreparedQueries())
    triples = len(data_graph)
    reg = registry()
    shapes_graph = _read_turtle(shapes_path, *([] if shapes else reg.shapes))
    ont_graph = _read_turtle(ONTOLOGY, *reg.ontology)
    _, results, text = pyshacl.validate(data_graph, shacl_graph=shapes_graph, ont_graph=ont_graph,
                                        inference="none", allow_warnings=True, inplace=True)
    if not isinstance(results, Graph):
        raise KGError(f"{shapes_path}: the shapes cannot be used: {text.strip()}")
    findings = sorted(_findings(results, data_graph))
    return Validation(path, triples, findings, time.perf_counter() - started)


class _PreparedQueries(Graph):
    """A graph that parses each SPARQL query text once.

    pyshacl runs a SHACL-SPARQL constraint once per focus node and rdflib
    parses the query text on every call, which makes that parse most of the
    time validation takes; here the parsed query is kept and reused.
    """

    def __init__(self) -> None:
        super().__init__()
        self._prepared: dict = {}

    def query(self, query_object, *args, **kwargs):  # type: ignore[override]
        if isinstance(query_object, str):
            prepared = self._prepared.get(query_object)
            if prepared is None:
                prepared = self._prepared[query_object] = prepareQuery(query_object)
            query_object = prepared
        return super().query(query_object, *args, **kwargs)


def _read_turtle(*paths: Path) -> Graph:
    """One graph of the Turtle files `paths` (kg's own, then those of types added to the registry)."""
    g = Graph()
    for path in paths:
        if not path.is_file():
            raise KGError(f"{path}: no such file")
        try:
            g.parse(path, format="turtle")
        except Exception as exc:
            raise KGError(f"{path}: cannot be read as Turtle: {exc}") from None
    return g


def _findings(results: Graph, data_graph: Graph) -> set[Finding]:
    nm = data_graph.namespace_manager

    def show(node: object) -> str:
        if node is None:
            return ""
        if isinstance(node, URIRef):
            try:
                return nm.normalizeUri(node)
            except (KeyError, ValueError):
                return f"<{node}>"
        if isinstance(node, Literal):
            return node.n3(nm)
        if isinstance(node, BNode) and (node, RDF.first, None) in results:
            return "/".join(show(n) for n in Collection(results, node))
        if isinstance(node, BNode) and results.value(node, SH.inversePath) is not None:
            return "^" + show(results.value(node, SH.inversePath))
        return str(node)

    out = set()
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        message = results.value(r, SH.resultMessage)
        out.add(Finding(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            focus=show(results.value(r, SH.focusNode)),
            path=show(results.value(r, SH.resultPath)),
            value=show(results.value(r, SH.value)),
            message=str(message) if message is not None else "constraint not met",
        ))
    return out


def format_validation(v: Validation, limit: int = 50) -> str:
    """Findings, one per line (at most `limit`), then a summary line."""
    lines = [str(f) for f in v.findings[:limit]]
    if len(v.findings) > limit:
        lines.append(f"... and {len(v.findings) - limit} more (--limit to show more)")
    counts = Counter(f.severity for f in v.findings)
    verdict = "conforms" if v.conforms else "does not conform"
    tally = ", ".join(f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in sorted(counts.items()))
    lines.append(f"{v.data}: {verdict} to the shapes ({v.triples} triples; {tally or 'no findings'}; "
                 f"{v.seconds:.1f} s)")
    return "\n".join(lines) + "\n"
