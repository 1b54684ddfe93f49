"""`kg validate`: check a graph against the SHACL shapes of `ontology/shapes.ttl`.

Both engines validate the union of the file's graphs with the ontology mixed
in (so that sh:class follows rdfs:subClassOf) and without inference, and
report the same findings. The default, `oxigraph` (kg.validate.engine), turns
each constraint into one SPARQL query over an Oxigraph store; `pyshacl`
(kg.validate.reference) is the reference it is tested against, and `auto`
falls back to it for shapes that use SHACL features the first does not
implement.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from kg.errors import KGError
from kg.rdf.files import ONTOLOGY, SHAPES, graph_file, merged_beside, rdf_format
from kg.registry import registry

SH = Namespace("http://www.w3.org/ns/shacl#")
ENGINES = ("auto", "oxigraph", "pyshacl")


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


def validate(data: str | Path, shapes: Optional[Path] = None, engine: str = "auto") -> Validation:
    """Validate a graph file, or a build folder's graph, against the shapes."""
    from kg.validate.shapes import Unsupported

    if engine not in ENGINES:
        raise KGError(f"unknown validation engine {engine!r} (use {', '.join(ENGINES)})")
    started = time.perf_counter()
    path = graph_file(data)
    reg = registry()
    shapes_path = Path(shapes) if shapes else SHAPES
    shapes_graph = _read_turtle(shapes_path, *([] if shapes else reg.shapes))
    ontology = (ONTOLOGY, *reg.ontology)
    ont_graph = _read_turtle(*ontology)
    if engine != "pyshacl":
        try:
            triples, findings = _with_oxigraph(path, shapes_graph, ontology, ont_graph)
            return Validation(path, triples, findings, time.perf_counter() - started)
        except Unsupported as exc:
            if engine == "oxigraph":
                raise KGError(f"{shapes_path}: the oxigraph engine cannot check these shapes ({exc}); "
                              "use --engine pyshacl") from None
    from kg.validate.reference import run_pyshacl

    triples, results, nm = run_pyshacl(path, shapes_graph, ont_graph, shapes_path)
    findings = sorted({_finding(nm, results, r.severity, r.focus, r.path, r.value, r.message)
                       for r in results_of(results)})
    return Validation(path, triples, findings, time.perf_counter() - started)


def _with_oxigraph(path: Path, shapes_graph: Graph, ontology: Iterable[Path],
                   ont_graph: Graph) -> tuple[int, list[Finding]]:
    from kg.validate import engine

    store, prefixes = _load(path)
    triples = len(store)
    for p in ontology:
        store.load(path=str(p), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
    nm = display_names(prefixes, ont_graph)
    findings = {_finding(nm, shapes_graph, r.shape.severity, r.focus, r.path, r.value, r.message)
                for r in engine.run(store, shapes_graph)}
    return triples, sorted(findings)


def _load(path: Path) -> tuple[ox.Store, dict]:
    """The union of a file's graphs as the default graph of a new in-memory store, and the file's prefixes.

    A build's graph.trig is read as the graph.ttl beside it where the build's
    manifest vouches for both: graph.ttl is that union, and Oxigraph loads it
    without the Python pass over each quad that merging the named graphs takes
    (11 s of CPU on 1,000 reports, 5 s this way).
    """
    fmt = rdf_format(path)
    store = ox.Store()
    default = ox.DefaultGraph()
    try:
        merged = merged_beside(path)
        if merged is not None:
            store.bulk_load(path=str(merged), format=ox.RdfFormat.TURTLE, to_graph=default)
            return store, _leading_prefixes(path, fmt)
        parser = ox.parse(path=str(path), format=fmt)
        store.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in parser)
    except (SyntaxError, ValueError, OSError) as exc:
        raise KGError(f"{path}: cannot be read as {fmt}: {exc}") from None
    return store, dict(parser.prefixes)


def _leading_prefixes(path: Path, fmt: ox.RdfFormat) -> dict:
    """The prefixes a file declares before its first statement (kg's writers declare them all there)."""
    parser = ox.parse(path=str(path), format=fmt)
    next(parser, None)
    return dict(parser.prefixes)


def display_names(prefixes: dict, ont_graph: Graph) -> Graph:
    """An empty graph whose prefixes are those pyshacl's mixed data graph has, for showing nodes."""
    g = Graph()
    for prefix, ns in sorted(prefixes.items()):
        g.bind(prefix, ns, override=True, replace=True)
    for prefix, ns in ont_graph.namespace_manager.namespaces():
        g.namespace_manager.bind(prefix, ns, override=False, replace=False)
    return g


@dataclass
class _Raw:
    severity: object
    focus: object
    path: object
    value: object
    message: object


def results_of(results: Graph) -> Iterable[_Raw]:
    """The validation results of a SHACL report graph."""
    for r in results.subjects(RDF.type, SH.ValidationResult):
        yield _Raw(results.value(r, SH.resultSeverity), results.value(r, SH.focusNode),
                   results.value(r, SH.resultPath), results.value(r, SH.value),
                   results.value(r, SH.resultMessage))


def _finding(names: Graph, paths: Graph, severity: object, focus: object, path: object,
             value: object, message: object) -> Finding:
    """A result as text; `paths` holds the structure of a path that is a list or an inverse."""
    nm = names.namespace_manager

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
        if isinstance(node, BNode) and (node, RDF.first, None) in paths:
            return "/".join(show(n) for n in Collection(paths, node))
        if isinstance(node, BNode) and paths.value(node, SH.inversePath) is not None:
            return "^" + show(paths.value(node, SH.inversePath))
        return str(node)

    return Finding(
        severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
        focus=show(focus), path=show(path), value=show(value),
        message=str(message) if message is not None else "constraint not met")


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
