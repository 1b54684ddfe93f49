"""`kg export`: a graph in other formats — N-Triples, JSON-LD and GraphML.

N-Triples and JSON-LD hold every triple (the union of a TriG file's
graphs), sorted, so that the same graph always gives the same bytes.
GraphML holds the entity network (kg.view.network) for Gephi and networkx,
with list attributes joined into strings, as GraphML allows only scalars.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Optional

import pyoxigraph as ox

from kg.rdf.files import graph_file, load_graph, parse

FORMATS = {"nt": ".nt", "jsonld": ".jsonld", "graphml": ".graphml"}
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
LIST_SEPARATOR = "; "


def export(data: str | Path, formats: Iterable[str] = tuple(FORMATS), out_dir: Optional[Path] = None) -> list[Path]:
    """Write the graph of `data` (a file or build folder) in `formats` next to it or into `out_dir`."""
    source = graph_file(data)
    out = Path(out_dir) if out_dir else source.parent
    out.mkdir(parents=True, exist_ok=True)
    formats = [f for f in FORMATS if f in set(formats)]
    written = []
    if {"nt", "jsonld"} & set(formats):
        parsed = parse(source)
        triples = sorted({q.triple for q in parsed.quads}, key=str)
        if "nt" in formats:
            written.append(write_ntriples(triples, out / (source.stem + ".nt")))
        if "jsonld" in formats:
            written.append(write_jsonld(triples, parsed.prefixes, out / (source.stem + ".jsonld")))
    if "graphml" in formats:
        written.append(write_graphml(source, out / (source.stem + ".graphml")))
    return written


def write_ntriples(triples: list, path: Path) -> Path:
    """Triples as N-Triples, one per line, in the order given."""
    ox.serialize(triples, str(path), format=ox.RdfFormat.N_TRIPLES)
    return path


def write_jsonld(triples: list, prefixes: dict, path: Path) -> Path:
    """Triples as compacted JSON-LD: `prefixes` as the context, one node object per subject and line."""
    ordered = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def compact(iri: str) -> str:
        for prefix, ns in ordered:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

    def value(term: object) -> dict:
        if isinstance(term, ox.NamedNode):
            return {"@id": compact(term.value)}
        if isinstance(term, ox.BlankNode):
            return {"@id": f"_:{term.value}"}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        if term.datatype.value == XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": compact(term.datatype.value)}

    nodes: dict = defaultdict(dict)
    for t in triples:
        s = value(t.subject)["@id"]
        node = nodes[s]
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(t.object.value))
        else:
            node.setdefault(compact(t.predicate.value), []).append(value(t.object))
    context = json.dumps(dict(sorted(prefixes.items())), ensure_ascii=False, indent=2).replace("\n", "\n ")
    graph = ",\n".join(json.dumps({"@id": s, **props}, ensure_ascii=False) for s, props in nodes.items())
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(f'{{\n "@context": {context},\n "@graph": [\n{graph}\n ]\n}}\n')
    return path


def write_graphml(source: Path, path: Path) -> Path:
    """The entity network of a graph file as GraphML, edges numbered e0, e1, … in order."""
    import networkx as nx

    from kg.view.network import entity_network
    from kg.view.triples import Triples

    net = entity_network(Triples.load(source))
    flat = nx.MultiDiGraph()
    for node, attrs in net.nodes(data=True):
        flat.add_node(_xml_text(node), **{k: _scalar(v) for k, v in attrs.items()})
    # The key becomes the edge's XML id, which must be unique in the file (Gephi drops
    # edges whose id repeats); the relation is the edge's `relation` attribute.
    for i, (s, o, attrs) in enumerate(net.edges(data=True)):
        flat.add_edge(_xml_text(s), _xml_text(o), key=f"e{i}", **{k: _scalar(v) for k, v in attrs.items()})
    nx.write_graphml(flat, path, encoding="utf-8")
    return path


def _scalar(value: object) -> object:
    """GraphML takes strings, numbers and booleans: lists become joined strings, and
    characters XML cannot hold (controls such as BEL and ESC) become U+FFFD."""
    if isinstance(value, (list, tuple, set)):
        return _xml_text(LIST_SEPARATOR.join(_text(v) for v in value))
    if value is None:
        return ""
    if isinstance(value, (int, float, bool)):
        return value
    return _xml_text(str(value))


# Characters XML 1.0 does not allow, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _text(value: object) -> str:
    return str(getattr(value, "text", value))
