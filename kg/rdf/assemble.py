"""Assemble one report's linked result into an RDF graph under the kg ontology.

Every entity gets a fixed IRI (areas by division code, laws by canonical
title, people and concepts by name); every mention and every relation
assertion gets a node that names its report, sentence and character span.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Optional

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from kg.extract import gazetteer
from kg.rdf.namespace import DEFAULT_BASE, KG, STATISTIC_PROPERTIES
from kg.types import Entity, ReportResult

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
TYPE_CLASS = {"County": KG.County, "Place": KG.Place, "Official": KG.Official, "Law": KG.Law,
              "Programme": KG.Programme, "Slogan": KG.Slogan}
RELATION_PROPERTY = {"holdsPost": KG.holdsPost, "inspectedLaw": KG.inspectedLaw,
                     "plansInspection": KG.plansInspection, "partOf": KG.partOf}
_UNSAFE = re.compile(r"[^0-9A-Za-z\-._~\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff·]")


def iri_segment(text: str) -> str:
    """A path segment that any strict IRI parser accepts; CJK stays readable."""
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), text)


def bind_prefixes(g: Graph, base: str) -> None:
    g.bind("kg", KG._NS)
    g.bind("id", Namespace(base))
    g.bind("area", Namespace(base + "area/"))
    g.bind("law", Namespace(base + "law/"))
    g.bind("person", Namespace(base + "person/"))
    g.bind("concept", Namespace(base + "concept/"))
    g.bind("report", Namespace(base + "report/"))
    g.bind("schema", SCHEMA)
    g.bind("org", ORG)
    g.bind("prov", PROV)
    g.bind("skos", SKOS)


class IRIs:
    """IRIs under one base."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def key(self, key: str) -> URIRef:
        kind, _, rest = key.partition("/")
        return URIRef(f"{self.base}{kind}/{iri_segment(rest)}")

    def area(self, code: str) -> URIRef:
        return URIRef(f"{self.base}area/{'CN' if code == gazetteer.NATION_CODE else code}")

    def report(self, doc: str) -> URIRef:
        return URIRef(f"{self.base}report/{iri_segment(Path(doc).stem)}")

    def within(self, doc: str, kind: str, start: int, end: int, extra: str = "") -> URIRef:
        suffix = f"-{_digest(extra)}" if extra else ""
        return URIRef(f"{self.report(doc)}/{kind}/{start}-{end}{suffix}")

    def post(self, person: str, role: str, area: str) -> URIRef:
        return URIRef(f"{self.base}post/{iri_segment(person)}-{_digest(role + '@' + area)}")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def add_area(g: Graph, iris: IRIs, code: str) -> URIRef:
    """An area node with its label, code, level and its chain of parents."""
    gz = gazetteer.load()
    node = iris.area(code)
    if code == gazetteer.NATION_CODE:
        g.add((node, RDF.type, KG.Place))
        g.add((node, RDFS.label, Literal(gazetteer.NATION_NAME, lang="zh")))
        g.add((node, KG.level, Literal("nation")))
        return node
    d = gz.get(code)
    if d is None:
        return node
    g.add((node, RDF.type, KG.County if d.level == "county" else KG.Place))
    g.add((node, RDFS.label, Literal(d.name, lang="zh")))
    g.add((node, KG.divisionCode, Literal(d.code)))
    g.add((node, KG.level, Literal(d.level)))
    if d.parent:
        parent = add_area(g, iris, d.parent)
        g.add((node, KG.partOf, parent))
    return node


def report_graph(result: ReportResult, base: str = DEFAULT_BASE) -> Graph:
    """The RDF graph of one report."""
    g = Graph()
    iris = IRIs(base)
    bind_prefixes(g, iris.base)
    doc = result.doc
    text = result.text
    report = iris.report(doc)
    facts = result.facts
    g.add((report, RDF.type, KG.Report))
    g.add((report, KG.fileName, Literal(doc)))
    g.add((report, RDFS.label, Literal(Path(doc).stem)))
    if facts.county_code:
        g.add((report, KG.reportCounty, add_area(g, iris, facts.county_code)))
    if facts.date:
        g.add((report, KG.date, Literal(facts.date, datatype=XSD.date)))
    if facts.session:
        g.add((report, KG.session, Literal(facts.session, lang="zh")))
    if facts.speaker:
        g.add((report, KG.speaker, iris.key(f"person/{facts.speaker}")))
    if facts.speaker_role:
        g.add((report, KG.speakerRole, Literal(facts.speaker_role, lang="zh")))
    for key, value in sorted(facts.statistics.items()):
        g.add((report, STATISTIC_PROPERTIES[key], Literal(value, datatype=XSD.integer)))

    sentences = result.sentences

    def sentence_node(start: int, end: int) -> Optional[URIRef]:
        span = _sentence_for(sentences, start, end)
        if span is None:
            return None
        node = iris.within(doc, "sentence", *span)
        g.add((node, RDF.type, PROV.Entity))
        g.add((node, KG.inReport, report))
        g.add((node, KG.startOffset, Literal(span[0], datatype=XSD.integer)))
        g.add((node, KG.endOffset, Literal(span[1], datatype=XSD.integer)))
        g.add((node, KG.sentence, Literal(text[span[0]:span[1]])))
        return node

    for ent in result.entities:
        node = _entity_node(g, iris, ent)
        g.add((report, KG.mentions, node))
        for m in ent.mentions:
            mnode = iris.within(doc, "mention", m["start"], m["end"], ent.iri_key)
            g.add((mnode, RDF.type, KG.Mention))
            g.add((mnode, KG.denotes, node))
            g.add((mnode, KG.inReport, report))
            g.add((mnode, KG.startOffset, Literal(m["start"], datatype=XSD.integer)))
            g.add((mnode, KG.endOffset, Literal(m["end"], datatype=XSD.integer)))
            g.add((mnode, KG.surface, Literal(m["text"])))
            sent = sentence_node(m["start"], m["end"])
            if sent is not None:
                g.add((mnode, PROV.wasDerivedFrom, sent))

    for rel in result.relations:
        s, o = _relation_ends(g, iris, rel)
        p = RELATION_PROPERTY[rel.p]
        g.add((s, p, o))
        if rel.p == "holdsPost":
            post = iris.post(rel.s, rel.role or "", str(o))
            g.add((post, RDF.type, KG.Post))
            g.add((post, KG.postHolder, s))
            g.add((post, KG.postIn, o))
            g.add((post, KG.role, Literal(rel.role or "", lang="zh")))
            g.add((post, RDFS.label, Literal(f"{rel.o}{rel.role}", lang="zh")))
        for start, end in rel.evidence:
            a = iris.within(doc, "assertion", start, end, f"{s}|{p}|{o}|{rel.role or ''}")
            g.add((a, RDF.type, KG.Assertion))
            g.add((a, RDF.subject, s))
            g.add((a, RDF.predicate, p))
            g.add((a, RDF.object, o))
            g.add((a, KG.inReport, report))
            g.add((a, KG.startOffset, Literal(start, datatype=XSD.integer)))
            g.add((a, KG.endOffset, Literal(end, datatype=XSD.integer)))
            if rel.role:
                g.add((a, KG.role, Literal(rel.role, lang="zh")))
            sent = sentence_node(start, end)
            if sent is not None:
                g.add((a, PROV.wasDerivedFrom, sent))
    return g


def _sentence_for(sentences: list, start: int, end: int) -> Optional[tuple[int, int]]:
    for s, e in sentences:
        if s <= start < e or (start <= s and e <= end):
            return (s, e) if e >= min(end, e) else (s, e)
    return None


def _entity_node(g: Graph, iris: IRIs, ent: Entity) -> URIRef:
    if ent.type in ("County", "Place"):
        node = add_area(g, iris, ent.code)
    else:
        node = iris.key(ent.iri_key)
        g.add((node, RDF.type, TYPE_CLASS[ent.type]))
        g.add((node, RDFS.label, Literal(ent.name, lang="zh")))
        if ent.type in ("Programme", "Slogan"):
            g.add((node, SKOS.prefLabel, Literal(ent.name, lang="zh")))
    for alias in ent.aliases:
        g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
    return node


def _relation_ends(g: Graph, iris: IRIs, rel) -> tuple[URIRef, URIRef]:
    def end(type_: str, name: str) -> URIRef:
        if type_.startswith(("Area:", "County:")):
            return add_area(g, iris, type_.split(":", 1)[1])
        if type_ == "Official":
            node = iris.key(f"person/{name}")
            g.add((node, RDF.type, KG.Official))
            g.add((node, RDFS.label, Literal(name, lang="zh")))
            return node
        if type_ == "Law":
            node = iris.key(f"law/{name}")
            g.add((node, RDF.type, KG.Law))
            g.add((node, RDFS.label, Literal(name, lang="zh")))
            return node
        return iris.key(f"concept/{name}")

    return end(rel.s_type, rel.s), end(rel.o_type, rel.o)
