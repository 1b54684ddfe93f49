"""The query store of a dataset: named graphs kept, their merge as the default graph."""
from __future__ import annotations

import shutil

import pyoxigraph as ox

from kg.rdf.files import load_store
from rdf_support import seed_build

COUNT_DEFAULT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def count(store: ox.Store, query: str) -> int:
    return int(next(iter(store.query(query)))[0].value)


def triples(path) -> int:
    return sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))


def test_a_builds_trig_and_ttl_together_give_named_graphs_and_their_merge(tmp_path):
    build = tmp_path / "out"
    shutil.copytree(seed_build(), build)
    store = load_store(build / "graph.trig", persist=False)
    assert count(store, COUNT_DEFAULT) == triples(build / "graph.ttl")
    assert count(store, GRAPHS) == 5
    assert count(store, COUNT_NAMED) >= count(store, COUNT_DEFAULT)


def test_a_trig_alone_or_beside_an_edited_ttl_is_merged_from_its_own_quads(tmp_path):
    build = tmp_path / "out"
    shutil.copytree(seed_build(), build)
    expected = triples(build / "graph.ttl")
    # graph.ttl edited after the build: the manifest no longer vouches for it, so it is not read
    with open(build / "graph.ttl", "a", encoding="utf-8") as fh:
        fh.write("\n<http://example.org/x> <http://example.org/y> <http://example.org/z> .\n")
    assert count(load_store(build / "graph.trig", persist=False), COUNT_DEFAULT) == expected
    alone = tmp_path / "alone.trig"
    shutil.copy(build / "graph.trig", alone)
    store = load_store(alone, persist=False)
    assert count(store, COUNT_DEFAULT) == expected and count(store, GRAPHS) == 5
