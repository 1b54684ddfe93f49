"""The entity network of a kg graph as a networkx graph.

Nodes are the graph's entities (areas, officials, laws, programmes, slogans)
with the reports that name them and a few evidence sentences; edges are the
four relations. `report_links` adds what the view draws besides: which
county's report names which entity. Posts (org:Membership), a county's own
reports and its law inspections are not drawn: they are fields of the nodes
they belong to, for the side panel.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import zip_longest
from typing import NamedTuple, Optional

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, Namespace
from rdflib.namespace import PROV

from kg.rdf.namespace import KG
from kg.registry import registry
from kg.view.triples import Triples

ORG = Namespace("http://www.w3.org/ns/org#")


class Evidence(NamedTuple):
    """A sentence that names an entity; `start:end` is the mention within `text`."""

    report: str
    text: str
    start: int
    end: int


class Post(NamedTuple):
    """A post an official holds (a kg:Membership): the role, the body, the year (None if unknown)."""

    role: str
    body: str
    year: Optional[int]


class ReportInfo(NamedTuple):
    """A report as the panel lists it: year covered, kind, title and file name."""

    year: Optional[int]
    kind: str
    title: str
    file: str


class Inspection(NamedTuple):
    """A county's law inspection, done or planned, in a year; `law` is the law's IRI."""

    year: Optional[int]
    law: str
    label: str
    planned: bool


def entity_network(g: Graph | Triples, max_evidence: int = 3) -> nx.MultiDiGraph:
    """Every entity of `g` (an rdflib graph, or the faster `Triples`), what the
    reports say of it, and the relations between them.

    Node attributes: type (the first of `types`), types, label, code, aliases,
    reports (file names), evidence (up to `max_evidence` `Evidence`, from
    as many reports as possible), posts (an official's `Post`s), own_reports
    (a county's `ReportInfo`s) and inspections (a county's `Inspection`s), the
    last three sorted by year. `net.graph["reports"]` maps each report's file
    name to the IRI of its county (or ""), `net.graph["report_info"]` to its
    `ReportInfo`.
    """
    file_of = {r: str(f) for r, f in g.subject_objects(KG.fileName)}
    reports_of: dict = defaultdict(set)
    for report, ent in g.subject_objects(KG.mentions):
        reports_of[ent].add(file_of.get(report, str(report)))
    types_of: dict = defaultdict(set)
    for kind in registry().entity_types:
        for node in g.subjects(RDF.type, kind.cls):
            types_of[node].add(kind.name)
    evidence = _evidence(g, file_of, set(types_of), max_evidence)
    net = nx.MultiDiGraph()
    net.graph["reports"] = {file_of.get(r, str(r)): "" for r in g.subjects(RDF.type, KG.Report)}
    for report, county in g.subject_objects(KG.reportCounty):
        net.graph["reports"][file_of.get(report, str(report))] = str(county)
    info = _report_info(g, file_of)
    net.graph["report_info"] = {r.file: r for r in sorted(info.values(), key=lambda r: r.file)}
    own_reports: dict = defaultdict(list)
    for report, county in g.subject_objects(KG.reportCounty):
        if report in info:
            own_reports[county].append(info[report])
    posts, inspections = _posts(g), _inspections(g)
    for node in sorted(types_of, key=str):
        types = sorted(types_of[node])
        net.add_node(
            str(node),
            type=types[0],
            types=types,
            label=str(g.value(node, RDFS.label) or node),
            code=str(g.value(node, KG.divisionCode) or ""),
            aliases=sorted({str(a) for a in g.objects(node, SKOS.altLabel)}),
            reports=sorted(reports_of[node]),
            evidence=evidence.get(node, []),
            posts=posts.get(node, []),
            own_reports=sorted(own_reports.get(node, []), key=_by_year),
            inspections=inspections.get(node, []),
        )
    for rel in registry().graph_relations:
        for s, o in sorted(g.subject_objects(rel.property), key=lambda so: (str(so[0]), str(so[1]))):
            if str(s) in net and str(o) in net and s != o:
                net.add_edge(str(s), str(o), key=rel.name, relation=rel.name)
    return net


def report_links(net: nx.MultiDiGraph) -> Counter:
    """(county, entity): how many of the county's reports name the entity."""
    links: Counter = Counter()
    for node, reports in net.nodes(data="reports"):
        for report in reports:
            county = net.graph["reports"].get(report, "")
            if county and county != node and county in net:
                links[county, node] += 1
    return links


def _by_year(item: Post | ReportInfo | Inspection) -> tuple:
    """Sort key: the year first (unknown years last), then the other fields in order."""
    return (item.year is None, item.year or 0, *(str(v) for v in item))


def _text(g: Graph | Triples, node: object, *props: object) -> str:
    """The least value of the first of `props` that `node` has (the same whatever the store's order), or ""."""
    for prop in props:
        values = sorted(str(v) for v in g.objects(node, prop))
        if values:
            return values[0]
    return ""


def _year(g: Graph | Triples, node: object) -> Optional[int]:
    """The year of `node` (kg:year, an xsd:gYear), or None."""
    year = _int(_text(g, node, KG.year)[:4]) if node is not None else -1
    return year if year > 0 else None


def _label(g: Graph | Triples, node: object, prop: object = RDFS.label) -> str:
    return _text(g, node, prop, RDFS.label) or str(node)


def _report_info(g: Graph | Triples, file_of: dict) -> dict:
    """Each report node's `ReportInfo`."""
    return {r: ReportInfo(_year(g, r), _text(g, r, KG.reportKind), _text(g, r, RDFS.label, KG.title),
                          file_of.get(r, str(r)))
            for r in g.subjects(RDF.type, KG.Report)}


def _posts(g: Graph) -> dict:
    """Each official's distinct posts, from the kg:Membership nodes, sorted by year."""
    found: dict = defaultdict(set)
    for m in g.subjects(RDF.type, KG.Membership):
        person, role, body = (g.value(m, p) for p in (ORG.member, ORG.role, ORG.organization))
        if person is None or role is None or body is None:
            continue
        year = _year(g, g.value(m, ORG.memberDuring))
        found[person].add(Post(_label(g, role, SKOS.prefLabel), _label(g, body), year))
    return {person: sorted(p, key=_by_year) for person, p in found.items()}


def _inspections(g: Graph) -> dict:
    """Each county's law inspections, done and planned, sorted by year."""
    found: dict = defaultdict(set)
    for cls, planned in ((KG.LawInspection, False), (KG.PlannedInspection, True)):
        for node in g.subjects(RDF.type, cls):
            county, law = g.value(node, KG.inspectingCounty), g.value(node, KG.lawInspected)
            if county is not None and law is not None:
                found[county].add(Inspection(_year(g, node), str(law), _label(g, law), planned))
    return {county: sorted(i, key=_by_year) for county, i in found.items()}


def _evidence(g: Graph | Triples, file_of: dict, entities: set, limit: int) -> dict:
    """Up to `limit` distinct sentences per entity, one report after another."""
    report_of = dict(g.subject_objects(KG.inReport))
    source = dict(g.subject_objects(PROV.wasDerivedFrom))
    text_of = dict(g.subject_objects(KG.sentence))
    start_of = dict(g.subject_objects(KG.startOffset))
    end_of = dict(g.subject_objects(KG.endOffset))
    found: dict = defaultdict(list)
    for mention, ent in g.subject_objects(KG.denotes):
        sentence = source.get(mention)
        if ent not in entities or sentence not in text_of:
            continue
        report = file_of.get(report_of.get(mention), str(report_of.get(mention, "")))
        found[ent].append((report, _int(start_of.get(mention)), _int(end_of.get(mention)), sentence))
    out = {}
    for ent, mentions in found.items():
        by_report: dict = defaultdict(list)
        for m in sorted(mentions, key=lambda m: m[:3]):
            by_report[m[0]].append(m)
        ordered = [m for batch in zip_longest(*by_report.values()) for m in batch if m is not None]
        chosen: list[Evidence] = []
        seen = set()
        for report, start, end, sentence in ordered:
            text = str(text_of[sentence])
            if text in seen:
                continue
            seen.add(text)
            offset = _int(start_of.get(sentence))
            a, b = start - offset, end - offset
            chosen.append(Evidence(report, text, a, b) if 0 <= a < b <= len(text) else Evidence(report, text, 0, 0))
            if len(chosen) == limit:
                break
        out[ent] = chosen
    return out


def _int(value: object) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return -1
