"""The graph files kg reads and writes: where they are, their formats, loading them.

Files are parsed with Oxigraph, whose parsers are strict (an invalid IRI is
an error) and fast; `load_graph` hands the triples on as an rdflib graph for
pyshacl and networkx.
"""
from __future__ import annotations

import hashlib
import importlib.resources
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import KGError
from kg.rdf.store import STORE_DIR, purge, store_name

# The top-level ontology/ folder, installed as the package kg.ontology.
ONTOLOGY_DIR = Path(str(importlib.resources.files("kg.ontology")))
ONTOLOGY = ONTOLOGY_DIR / "kg.ttl"
SHAPES = ONTOLOGY_DIR / "shapes.ttl"
QUERIES = ONTOLOGY_DIR / "queries"
FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
           ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD}
BUILD_FILES = ("graph.trig", "graph.ttl")
# The formats with named graphs.
DATASETS = (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)


@dataclass
class Parsed:
    """The quads of a file and the prefixes it declares."""

    quads: list
    prefixes: dict = field(default_factory=dict)


def graph_file(path: str | Path) -> Path:
    """`path` if it is a file; in a build folder, its graph.trig (else graph.ttl)."""
    p = Path(path)
    if p.is_dir():
        for name in BUILD_FILES:
            if (p / name).is_file():
                return p / name
        raise KGError(f"{p}: no graph.trig or graph.ttl in this folder (run `kg build` first)")
    if not p.exists():
        raise KGError(f"{p}: no such file or folder (run `kg build` first)")
    rdf_format(p)
    return p


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its suffix."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise KGError(f"{path}: unknown RDF format (use {', '.join(FORMATS)})")
    return fmt


def parse(path: str | Path) -> Parsed:
    """Every quad of a graph file (or a build folder's graph), parsed strictly."""
    p = graph_file(path)
    fmt = rdf_format(p)
    try:
        parser = ox.parse(path=str(p), format=fmt)
        quads = list(parser)
    except (SyntaxError, ValueError, OSError) as exc:
        raise KGError(f"{p}: cannot be read as {fmt}: {exc}") from None
    return Parsed(quads, dict(parser.prefixes))


def load_store(path: str | Path, persist: bool = True,
               on_load: Optional[Callable[[Path], None]] = None, named: bool = True) -> ox.Store:
    """An Oxigraph store of a graph file, parsed strictly.

    The named graphs of a TriG or N-Quads file stay as they are and their
    merge (each triple once) becomes the default graph, as in graph.ttl;
    without `named`, the store may hold the default graph alone (what a
    query that names no graph reads: a third of the loading).
    With `persist`, the store is kept on disk in a `.kg-store` folder beside
    the file, named by the digest of its content (`kg.rdf.store`), so that
    only the first query of a graph pays for parsing it (and a changed file
    is parsed again), or none when the build prepared it; where that folder
    cannot be written, the store is built in memory. `on_load(file)` is
    called before a file is parsed (it may take seconds).
    """
    p = graph_file(path)
    asked_named = named
    named = named and rdf_format(p) in DATASETS
    if not persist:
        return _fill(ox.Store(), p, on_load, named=named)
    digest = _digest(p)
    root = p.parent / STORE_DIR
    mine = {store_name(p.name, digest, n) for n in (True, False)}
    found_stores = [root / store_name(p.name, digest, n) for n in (False, True)][named:]
    if not asked_named:
        found_stores += _paired_stores(p, digest)
    for found in found_stores:
        if found.is_dir():  # without `named`, either store answers
            try:
                return ox.Store.read_only(str(found))
            except OSError:
                shutil.rmtree(found, ignore_errors=True)
    target = root / store_name(p.name, digest, named)
    try:
        root.mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{p.name}-", dir=root))
    except OSError:
        return _fill(ox.Store(), p, on_load, digest, named)
    try:
        store = _fill(ox.Store(str(staging)), p, on_load, digest, named)
        store.flush()
        store.optimize()  # compacted once, every later query reads fewer files
        del store
        purge(root, p.name, keep=mine)
        try:
            os.replace(staging, target)
        except OSError:
            if not target.is_dir():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ox.Store.read_only(str(target))


def _paired_stores(p: Path, digest: str) -> list[Path]:
    """For a build's graph.ttl (whose bytes have `digest`), the stores of the graph.trig
    the build wrote with it, as its manifest says: their default graph is graph.ttl
    (the build prepares the default-graph store of graph.trig), so a query that names
    no graph gets the same answers from them."""
    from kg.outdir.manifest import MANIFEST

    if p.name != "graph.ttl":
        return []
    try:
        files = json.loads((p.parent / MANIFEST).read_bytes())["files"]
        trig = files["graph.trig"] if files.get("graph.ttl") == digest else None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return []
    if not isinstance(trig, str):
        return []
    return [p.parent / STORE_DIR / store_name("graph.trig", trig, n) for n in (False, True)]


def _digest(p: Path) -> str:
    """The SHA-256 digest of a file's content."""
    h = hashlib.sha256()
    with open(p, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fill(store: ox.Store, p: Path, on_load: Optional[Callable[[Path], None]] = None,
          digest: Optional[str] = None, named: bool = True) -> ox.Store:
    """Load `p` into `store`: a dataset's named graphs (if `named`) and their merge as the default graph.

    The merge is the build's graph.ttl where the build's manifest vouches that
    it and graph.trig are the files one build wrote (a bulk load, three
    times faster than computing it); otherwise every quad is also added to the
    default graph as it is parsed (faster than a SPARQL INSERT, which took a
    minute and 2 GB on 1,000 reports). `digest` is `p`'s SHA-256 where the caller
    has it already.
    """
    fmt = rdf_format(p)
    if on_load is not None:
        on_load(p)
    try:
        if fmt not in DATASETS:
            store.bulk_load(path=str(p), format=fmt)
        elif (merged := merged_beside(p, digest)) is not None:
            if named:
                store.bulk_load(path=str(p), format=fmt)
            store.bulk_load(path=str(merged), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
        else:
            store.bulk_extend(_with_default_graph(ox.parse(path=str(p), format=fmt), named))
    except (SyntaxError, ValueError, OSError) as exc:
        raise KGError(f"{p}: cannot be read as {fmt}: {exc}") from None
    return store


def _with_default_graph(quads: Iterable[ox.Quad], named: bool = True) -> Iterator[ox.Quad]:
    default = ox.DefaultGraph()
    for q in quads:
        if named or q.graph_name == default:
            yield q
        if q.graph_name != default:
            yield ox.Quad(q.subject, q.predicate, q.object, default)


def merged_beside(p: Path, digest: Optional[str] = None) -> Optional[Path]:
    """The graph.ttl a build wrote with the graph.trig `p`, both as the build's manifest says."""
    from kg.outdir.manifest import MANIFEST

    ttl = p.with_name("graph.ttl")
    if p.name != "graph.trig" or not ttl.is_file():
        return None
    try:
        files = json.loads((p.parent / MANIFEST).read_bytes())["files"]
        if files.get("graph.trig") == (digest or _digest(p)) and files.get("graph.ttl") == _digest(ttl):
            return ttl
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    return None


def load_graph(path: str | Path, into: Optional[Graph] = None) -> Graph:
    """The union of a graph file's graphs as one rdflib graph (`into`, or a new one), with the file's prefixes."""
    parsed = parse(path)
    g = Graph() if into is None else into
    for prefix, ns in sorted(parsed.prefixes.items()):
        g.bind(prefix, ns, override=True, replace=True)
    cache: dict = {}
    for q in parsed.quads:
        g.add((_term(q.subject, cache), _term(q.predicate, cache), _term(q.object, cache)))
    return g


def _term(term: object, cache: dict) -> object:
    found = cache.get(term)
    if found is None:
        if isinstance(term, ox.NamedNode):
            found = URIRef(term.value)
        elif isinstance(term, ox.BlankNode):
            found = BNode(term.value)
        elif isinstance(term, ox.Literal):
            if term.language:
                found = Literal(term.value, lang=term.language)
            elif term.datatype.value == str(XSD.string):
                found = Literal(term.value)
            else:
                found = Literal(term.value, datatype=URIRef(term.datatype.value))
        else:
            raise KGError(f"RDF-star triple terms are not supported: {term}")
        cache[term] = found
    return found
