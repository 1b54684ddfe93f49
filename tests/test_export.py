"""`kg export`: N-Triples, JSON-LD and GraphML."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.export import export
from kg.rdf.assemble import report_graph
from kg.rdf.files import load_graph
from kg.view.network import entity_network
from rdf_support import seed_build, small_result


def triples(path, fmt) -> set:
    return {q.triple for q in ox.parse(path=str(path), format=fmt)}


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export")
    return {p.suffix: p for p in export(seed_build(), out_dir=out)}


def test_writes_the_three_formats(exported):
    assert set(exported) == {".nt", ".jsonld", ".graphml"}
    assert all(p.stem == "graph" for p in exported.values())


@pytest.mark.parametrize("suffix, fmt", [(".nt", ox.RdfFormat.N_TRIPLES), (".jsonld", ox.RdfFormat.JSON_LD)])
def test_rdf_exports_hold_every_triple_once(exported, suffix, fmt):
    whole = triples(seed_build() / "graph.trig", ox.RdfFormat.TRIG)
    assert triples(exported[suffix], fmt) == whole
    if suffix == ".nt":
        lines = exported[suffix].read_text(encoding="utf-8").splitlines()
        assert len(lines) == len(whole) and lines == sorted(lines)


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_jsonld_is_compact_and_rdflib_reads_it_as_the_same_graph(tmp_path):
    g = report_graph(small_result())
    path = tmp_path / "small.ttl"
    g.serialize(path, format="turtle")
    jsonld, = export(path, ["jsonld"])
    doc = json.loads(jsonld.read_text(encoding="utf-8"))
    assert doc["@context"]["kg"] == "https://w3id.org/kg-cn-lg/ontology#"
    assert any(node["@id"] == "area:330822" and "kg:County" in node["@type"] for node in doc["@graph"])
    assert isomorphic(Graph().parse(jsonld, format="json-ld"), g)


def test_exports_are_deterministic(exported, tmp_path):
    again = {p.suffix: p for p in export(seed_build(), out_dir=tmp_path)}
    for suffix, path in exported.items():
        assert again[suffix].read_bytes() == path.read_bytes(), suffix


def test_graphml_is_the_entity_network_with_scalar_attributes(exported):
    net = nx.read_graphml(exported[".graphml"])
    lines = [json.loads(line) for line in open(seed_build() / "extractions.jsonl", encoding="utf-8")]
    entity_iris = {o["iri"] for o in lines if o["kind"] == "entity"}
    assert entity_iris <= set(net.nodes)
    xi = net.nodes["https://w3id.org/kg-cn-lg/id/person/CN/习近平"]
    assert xi["type"] == "Official" and xi["label"] == "习近平"
    assert len(xi["reports"].split("; ")) == 5
    relations = {d["relation"] for _, _, d in net.edges(data=True)}
    assert {"holdsPost", "inspectedLaw", "partOf"} <= relations
    assert all(isinstance(v, (str, int, float, bool)) for _, d in net.nodes(data=True) for v in d.values())


def test_graphml_edge_ids_are_unique_and_networkx_reads_every_edge(exported):
    net = nx.read_graphml(exported[".graphml"], force_multigraph=True)
    keys = [k for _, _, k in net.edges(keys=True)]
    assert len(keys) == len(set(keys)) == net.number_of_edges()
    partof = [k for _, _, k, d in net.edges(keys=True, data=True) if d["relation"] == "partOf"]
    assert len(partof) > 1
    assert net.number_of_edges() == entity_network(load_graph(seed_build() / "graph.trig")).number_of_edges()


def test_graphml_read_as_plain_xml_is_the_same_network(exported):
    """A second reader: the GraphML read with xml.etree alone, checked against networkx's reading."""
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    root = ET.parse(exported[".graphml"]).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.name")) for k in root.findall("g:key", ns)}
    graph, = root.findall("g:graph", ns)
    assert graph.get("edgedefault") == "directed"
    nodes = {n.get("id"): {keys[d.get("key")][1]: d.text for d in n.findall("g:data", ns)}
             for n in graph.findall("g:node", ns)}
    edges = graph.findall("g:edge", ns)
    ids = [e.get("id") for e in edges]
    assert None not in ids and len(ids) == len(set(ids))
    assert all(e.get("source") in nodes and e.get("target") in nodes for e in edges)
    assert all(keys[d.get("key")][0] == "edge" for e in edges for d in e.findall("g:data", ns))
    by_xml = sorted((e.get("source"), e.get("target"), e.find("g:data", ns).text) for e in edges)
    net = nx.read_graphml(exported[".graphml"])
    assert by_xml == sorted((s, o, d["relation"]) for s, o, d in net.edges(data=True))
    assert nodes.keys() == set(net.nodes)
    assert nodes["https://w3id.org/kg-cn-lg/id/person/CN/习近平"]["label"] == "习近平"


def test_cli_writes_one_format_into_a_folder(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(seed_build()), "--to", "nt", "--out", str(tmp_path / "x")])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {tmp_path / 'x' / 'graph.nt'}"


def test_cli_reports_a_missing_graph(tmp_path):
    result = CliRunner().invoke(cli, ["export", str(tmp_path)])
    assert result.exit_code == 1
    assert "no graph.trig or graph.ttl" in result.output
