"""Assemble one report's linked result into an RDF graph under the kg ontology.

Every entity gets a fixed IRI (areas by division code, laws by canonical
title, people and concepts by name), the same in every report; every mention
and every relation assertion gets a node that names its report, sentence and
character span. The graph is named by the report's IRI, so that it can be a
named graph of `graph.trig`.
"""
from __future__ import annotations

import bisect
import hashlib
import unicodedata
from pathlib import Path
from typing import Optional

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from kg.errors import KGError
from kg.extract import gazetteer
from kg.extract.officials import role_pattern
from kg.rdf.namespace import DEFAULT_BASE, KG, STATISTIC_PROPERTIES
from kg.types import Entity, Relation, ReportResult

SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
TYPE_CLASS = {"County": KG.County, "Place": KG.Place, "Official": KG.Official, "Law": KG.Law,
              "Programme": KG.Programme, "Slogan": KG.Slogan}
RELATION_PROPERTY = {"holdsPost": KG.holdsPost, "inspectedLaw": KG.inspectedLaw,
                     "plansInspection": KG.plansInspection, "partOf": KG.partOf}
BODY_NAMES = {"人民代表大会常务委员会": "人大常委会", "人常委会": "人大常委会", "常委会": "人大常委会",
              "人民政府": "政府", "人民法院": "法院", "人民检察院": "检察院"}
_ASCII_KEPT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@")


def _kept(ch: str) -> bool:
    """Whether an IRI path segment may hold `ch` as it is (RFC 3987 ipchar), spaces
    and invisible characters aside."""
    if ch.isascii():
        return ch in _ASCII_KEPT
    cp = ord(ch)
    ucschar = (0xA0 <= cp <= 0xD7FF or 0xF900 <= cp <= 0xFDCF or 0xFDF0 <= cp <= 0xFFEF
               or 0x10000 <= cp <= 0xEFFFD and (cp & 0xFFFF) <= 0xFFFD and not 0xE0000 <= cp < 0xE1000)
    return ucschar and unicodedata.category(ch)[0] not in "ZC"


def iri_segment(text: str) -> str:
    """`text` as one IRI path segment: NFKC-normalised; characters an IRI path
    segment cannot hold (/ ? # % space …) percent-encoded, all others kept."""
    return "".join(ch if _kept(ch) else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
                   for ch in unicodedata.normalize("NFKC", text))


def bind_prefixes(g: Graph, base: str) -> None:
    """Bind the prefixes kg's files use, with the instance prefixes under `base`."""
    g.bind("kg", KG._NS)
    g.bind("id", Namespace(base))
    g.bind("area", Namespace(base + "area/"))
    g.bind("law", Namespace(base + "law/"))
    g.bind("person", Namespace(base + "person/"))
    g.bind("concept", Namespace(base + "concept/"))
    g.bind("report", Namespace(base + "report/"))
    g.bind("post", Namespace(base + "post/"))
    g.bind("schema", SCHEMA)
    g.bind("org", ORG)
    g.bind("prov", PROV)
    g.bind("skos", SKOS)


class IRIs:
    """The IRIs of a graph's nodes under one base; only the base varies between builds."""

    def __init__(self, base: str = DEFAULT_BASE) -> None:
        import pyoxigraph as ox

        if not base.endswith(("/", "#", ":")):
            base += "/"
        try:
            ox.NamedNode(base)
        except ValueError as exc:
            raise KGError(f"base IRI {base!r} is not a valid absolute IRI: {exc}") from None
        self.base = base

    def local(self, iri: str) -> str:
        """The part of `iri` after the base."""
        return iri[len(self.base):] if iri.startswith(self.base) else iri

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

    def post(self, person: str, role: str, area: URIRef) -> URIRef:
        return URIRef(f"{self.base}post/{iri_segment(person)}-{_digest(role + '@' + self.local(area))}")

    def body(self, area: URIRef, body: str) -> URIRef:
        return URIRef(f"{self.base}body/{self.local(area).removeprefix('area/')}/{iri_segment(body)}")

    @property
    def concepts(self) -> URIRef:
        return URIRef(f"{self.base}concepts")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def body_of_role(role: str) -> Optional[str]:
    """The body a role as written names (人大常委会主任 → 人大常委会, 县委书记 → 县委), or None."""
    m = role_pattern().fullmatch(role)
    if m is None or not m.group("body"):
        return None
    body = m.group("body")
    if body == "委":
        return f"{m.group('level')}委" if m.group("level") else None
    return BODY_NAMES.get(body, body)


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
    """The RDF graph of one report, named by the report's IRI."""
    iris = IRIs(base)
    doc = result.doc
    text = result.text
    report = iris.report(doc)
    g = Graph(store="SimpleMemory", identifier=report)
    bind_prefixes(g, iris.base)
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
        g.add((report, KG.speaker, _person(g, iris, facts.speaker)))
    if facts.speaker_role:
        g.add((report, KG.speakerRole, Literal(facts.speaker_role, lang="zh")))
    for key, value in sorted(facts.statistics.items()):
        g.add((report, STATISTIC_PROPERTIES[key], Literal(value, datatype=XSD.integer)))

    def span(node: URIRef, start: int, end: int) -> None:
        g.add((node, KG.inReport, report))
        g.add((node, KG.startOffset, Literal(start, datatype=XSD.integer)))
        g.add((node, KG.endOffset, Literal(end, datatype=XSD.integer)))
        sent = _sentence_for(result.sentences, start, end)
        if sent is not None:
            snode = iris.within(doc, "sentence", *sent)
            g.add((snode, RDF.type, KG.Sentence))
            g.add((snode, KG.inReport, report))
            g.add((snode, KG.startOffset, Literal(sent[0], datatype=XSD.integer)))
            g.add((snode, KG.endOffset, Literal(sent[1], datatype=XSD.integer)))
            g.add((snode, KG.sentence, Literal(text[sent[0]:sent[1]])))
            g.add((node, PROV.wasDerivedFrom, snode))

    for ent in result.entities:
        node = _entity_node(g, iris, ent)
        g.add((report, KG.mentions, node))
        for m in ent.mentions:
            mnode = iris.within(doc, "mention", m["start"], m["end"], ent.iri_key)
            g.add((mnode, RDF.type, KG.Mention))
            g.add((mnode, KG.denotes, node))
            g.add((mnode, KG.surface, Literal(m["text"])))
            span(mnode, m["start"], m["end"])

    for rel in result.relations:
        s, o = _relation_ends(g, iris, rel)
        p = RELATION_PROPERTY[rel.p]
        g.add((s, p, o))
        if rel.p == "holdsPost":
            _post(g, iris, rel, s, o)
        for start, end in rel.evidence:
            a = iris.within(doc, "assertion", start, end,
                            f"{iris.local(s)}|{p}|{iris.local(o)}|{rel.role or ''}")
            g.add((a, RDF.type, KG.Assertion))
            g.add((a, RDF.subject, s))
            g.add((a, RDF.predicate, p))
            g.add((a, RDF.object, o))
            if rel.role:
                g.add((a, KG.role, Literal(rel.role, lang="zh")))
            span(a, start, end)
    return g


def _sentence_for(sentences: list, start: int, end: int) -> Optional[tuple[int, int]]:
    """The first sentence the span starts in, or that lies inside the span (sentences are sorted)."""
    i = bisect.bisect_right(sentences, (start, float("inf"))) - 1
    if i >= 0 and sentences[i][0] <= start < sentences[i][1]:
        return sentences[i]
    j = i + 1
    if j < len(sentences) and start <= sentences[j][0] and sentences[j][1] <= end:
        return sentences[j]
    return None


def _person(g: Graph, iris: IRIs, name: str) -> URIRef:
    node = iris.key(f"person/{name}")
    g.add((node, RDF.type, KG.Official))
    g.add((node, RDFS.label, Literal(name, lang="zh")))
    return node


def _post(g: Graph, iris: IRIs, rel: Relation, holder: URIRef, area: URIRef) -> None:
    role = rel.role or ""
    post = iris.post(rel.s, role, area)
    g.add((post, RDF.type, KG.Post))
    g.add((post, KG.postHolder, holder))
    g.add((post, KG.postIn, area))
    g.add((post, KG.role, Literal(role, lang="zh")))
    g.add((post, RDFS.label, Literal(f"{rel.o}{role}", lang="zh")))
    body_name = body_of_role(role)
    if body_name:
        body = iris.body(area, body_name)
        g.add((body, RDF.type, KG.Body))
        g.add((body, RDFS.label, Literal(f"{rel.o}{body_name}", lang="zh")))
        g.add((body, KG.bodyOf, area))
        g.add((post, KG.inBody, body))


def _entity_node(g: Graph, iris: IRIs, ent: Entity) -> URIRef:
    if ent.type in ("County", "Place"):
        node = add_area(g, iris, ent.code)
    else:
        node = iris.key(ent.iri_key)
        g.add((node, RDF.type, TYPE_CLASS[ent.type]))
        g.add((node, RDFS.label, Literal(ent.name, lang="zh")))
        if ent.type in ("Programme", "Slogan"):
            g.add((node, SKOS.prefLabel, Literal(ent.name, lang="zh")))
            g.add((node, SKOS.inScheme, iris.concepts))
            g.add((iris.concepts, RDF.type, SKOS.ConceptScheme))
            g.add((iris.concepts, RDFS.label, Literal("Programmes and slogans of the reports", lang="en")))
            g.add((iris.concepts, RDFS.label, Literal("报告中的工作举措与口号", lang="zh")))
    for alias in ent.aliases:
        g.add((node, SKOS.altLabel, Literal(alias, lang="zh")))
    return node


def _relation_ends(g: Graph, iris: IRIs, rel: Relation) -> tuple[URIRef, URIRef]:
    def end(type_: str, name: str) -> URIRef:
        if type_.startswith(("Area:", "County:")):
            return add_area(g, iris, type_.split(":", 1)[1])
        if type_ == "Official":
            return _person(g, iris, name)
        if type_ == "Law":
            node = iris.key(f"law/{name}")
            g.add((node, RDF.type, KG.Law))
            g.add((node, RDFS.label, Literal(name, lang="zh")))
            return node
        return iris.key(f"concept/{name}")

    return end(rel.s_type, rel.s), end(rel.o_type, rel.o)
