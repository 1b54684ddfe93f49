"""The entity network of a kg graph as a networkx graph.

Nodes are entities (areas, officials, laws, programmes, slogans); edges are
the four relations. Used by the HTML view and the GraphML export.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, URIRef

from kg.rdf.namespace import KG

ENTITY_CLASSES = {KG.County: "County", KG.Place: "Place", KG.Official: "Official", KG.Law: "Law",
                  KG.Programme: "Programme", KG.Slogan: "Slogan"}
EDGE_PROPERTIES = {KG.holdsPost: "holdsPost", KG.inspectedLaw: "inspectedLaw",
                   KG.plansInspection: "plansInspection", KG.partOf: "partOf"}


def entity_network(g: Graph) -> nx.MultiDiGraph:
    """Entities mentioned by some report, and the relations between them."""
    mentioned = set(g.objects(None, KG.mentions))
    reports_of: dict = defaultdict(set)
    for report, ent in g.subject_objects(KG.mentions):
        reports_of[ent].add(str(g.value(report, KG.fileName) or report))
    net = nx.MultiDiGraph()
    for node in sorted(mentioned, key=str):
        types = sorted(ENTITY_CLASSES[t] for t in g.objects(node, RDF.type) if t in ENTITY_CLASSES)
        if not types:
            continue
        net.add_node(
            str(node),
            type=types[0],
            label=str(g.value(node, RDFS.label) or node),
            code=str(g.value(node, KG.divisionCode) or ""),
            aliases=sorted({str(a) for a in g.objects(node, SKOS.altLabel)}),
            reports=sorted(reports_of[node]),
        )
    for prop, name in EDGE_PROPERTIES.items():
        for s, o in sorted(g.subject_objects(prop), key=lambda so: (str(so[0]), str(so[1]))):
            if str(s) in net and str(o) in net:
                net.add_edge(str(s), str(o), key=name, relation=name)
    return net
