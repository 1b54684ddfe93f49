"""The reference engine: pyshacl over an rdflib graph of the file (slow on large graphs)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from rdflib import Graph
from rdflib.plugins.sparql import operators, prepareQuery
from rdflib.plugins.sparql.sparql import SPARQLTypeError

from kg.errors import KGError
from kg.rdf.files import load_graph


def run_pyshacl(path: Path, shapes_graph: Graph, ont_graph: Graph, shapes_path: Path) -> tuple[int, Graph, Graph]:
    """The triple count, pyshacl's results graph and the data graph (whose prefixes show nodes)."""
    import pyshacl

    data_graph = load_graph(path, into=_PreparedQueries())
    triples = len(data_graph)
    with _ill_typed_numbers_are_errors():
        _, results, text = pyshacl.validate(data_graph, shacl_graph=shapes_graph, ont_graph=ont_graph,
                                            inference="none", allow_warnings=True, inplace=True)
    if not isinstance(results, Graph):
        raise KGError(f"{shapes_path}: the shapes cannot be used: {text.strip()}")
    return triples, results, data_graph


@contextmanager
def _ill_typed_numbers_are_errors() -> Iterator[None]:
    """rdflib's SPARQL with an ill-typed number ("abc"^^xsd:integer) in arithmetic as a type error.

    rdflib's `numeric` hands such a literal back as its own value, and
    subtracting from it then recurses until RecursionError (rdflib issue 737
    is the wider problem); SPARQL makes it a type error, as Oxigraph does.
    """
    original = operators.numeric

    def numeric(expr: object) -> object:
        value = original(expr)
        if value is expr:
            raise SPARQLTypeError(f"{expr!r} is not a valid number")
        return value

    operators.numeric = numeric
    try:
        yield
    finally:
        operators.numeric = original


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
