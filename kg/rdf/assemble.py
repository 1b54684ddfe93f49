"""Assemble one report's linked result into an RDF graph under the kg ontology.

Every entity gets a fixed IRI (areas by division code, laws by canonical
title, people by jurisdiction and name, concepts by their stable key), the
same in every report; every mention and every relation assertion gets a node
that names its report, sentence and character span. Posts become W3C ORG
memberships (role, body, year) and law inspections nodes with their year.
The graph is named by the report's IRI (county, year covered, kind), so that
it can be a named graph of `graph.trig`.

The triples are plain data, IRIs as strings and literals as `kg.turtle.Lit`:
making, hashing and comparing rdflib's terms took longer than writing the
report's Turtle from them. `report_graph` makes rdflib's terms of them.
"""
from __future__ import annotations

import bisect
import functools
import hashlib
import unicodedata
from typing import Callable, Generator, Iterator, Optional

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdflib_namespace

from kg.errors import KGError
from kg.reference import gazetteer
from kg.rdf import namespace as kg_namespace
from kg.rdf.namespace import DEFAULT_BASE
from kg.registry import on_change, registry
from kg.link.posts import body_label, posts
from kg.turtle import Lit, Term
from kg.types import AREA, EntityRef, Relation, ReportFacts, ReportResult

Triple = tuple[str, str, Term]
_SCHEMA = Namespace("https://schema.org/")
_ORG = Namespace("http://www.w3.org/ns/org#")
_TIME = Namespace("http://www.w3.org/2006/time#")


class _Terms:
    """The terms of an rdflib namespace as plain IRIs, each made (and checked) once."""

    def __init__(self, namespace: object) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        iri = str(getattr(self._namespace, name))
        setattr(self, name, iri)
        return iri


KG, RDF, RDFS, SKOS, XSD, PROV, ORG, TIME = map(_Terms, (
    kg_namespace.KG, rdflib_namespace.RDF, rdflib_namespace.RDFS, rdflib_namespace.SKOS, rdflib_namespace.XSD,
    rdflib_namespace.PROV, _ORG, _TIME))
_STATISTICS = {key: str(p) for key, p in kg_namespace.STATISTIC_PROPERTIES.items()}
# The terms of every mention and span, looked up once.
_TYPE, _MENTION, _DENOTES, _SURFACE, _MENTIONS = RDF.type, KG.Mention, KG.denotes, KG.surface, KG.mentions
_IN_REPORT, _START, _END, _SENTENCE_CLASS, _SENTENCE = KG.inReport, KG.startOffset, KG.endOffset, KG.Sentence, KG.sentence
_DERIVED, _LABEL = PROV.wasDerivedFrom, RDFS.label
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


@functools.lru_cache(maxsize=1 << 14)
def iri_segment(text: str) -> str:
    """`text` as one IRI path segment: NFKC-normalised; characters an IRI path
    segment cannot hold (/ ? # % space …) percent-encoded, all others kept."""
    return "".join(ch if _kept(ch) else "".join(f"%{b:02X}" for b in ch.encode("utf-8"))
                   for ch in unicodedata.normalize("NFKC", text))


def bind_prefixes(g: Graph, base: str) -> None:
    """Bind the prefixes kg's files use, with the instance prefixes under `base`."""
    g.bind("kg", kg_namespace.KG._NS)
    g.bind("id", Namespace(base))
    g.bind("area", Namespace(base + "area/"))
    g.bind("law", Namespace(base + "law/"))
    g.bind("person", Namespace(base + "person/"))
    g.bind("concept", Namespace(base + "concept/"))
    g.bind("report", Namespace(base + "report/"))
    g.bind("membership", Namespace(base + "membership/"))
    g.bind("role", Namespace(base + "role/"))
    g.bind("body", Namespace(base + "body/"))
    g.bind("year", Namespace(base + "year/"))
    g.bind("inspection", Namespace(base + "inspection/"))
    g.bind("schema", _SCHEMA)
    g.bind("org", _ORG)
    g.bind("prov", rdflib_namespace.PROV)
    g.bind("skos", rdflib_namespace.SKOS)
    g.bind("time", _TIME)


class IRIs:
    """The IRIs of a graph's nodes under one base, as strings; only the base varies
    between builds."""

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

    def key(self, key: str) -> str:
        """The node of an entity's IRI key: its folder and name (a person's: folder,
        jurisdiction and name, each a segment)."""
        kind, _, rest = key.partition("/")
        if kind == "person":
            return f"{self.base}person/{'/'.join(map(iri_segment, rest.split('/', 1)))}"
        return f"{self.base}{kind}/{iri_segment(rest)}"

    def area(self, code: str) -> str:
        return f"{self.base}area/{'CN' if code == gazetteer.NATION_CODE else code}"

    def report(self, doc: str, facts: ReportFacts) -> str:
        """A report by its county's code, the year it covers and its kind
        (report/330822-2023-work-report); by its name where the county is unknown."""
        if facts.county_code:
            local = f"{facts.county_code}-{facts.year or 'undated'}-{facts.kind or 'report'}"
        else:
            local = "file-" + iri_segment(doc.rsplit(".", 1)[0] if "." in doc.rsplit("/", 1)[-1] else doc)
        return f"{self.base}report/{local}"

    def membership(self, person: str, role: str, body: str, year: Optional[int]) -> str:
        return f"{self.base}membership/{_digest(f'{self.local(person)}|{role}|{self.local(body)}|{year}')}"

    def role(self, role: str) -> str:
        return f"{self.base}role/{iri_segment(role)}"

    def body(self, area: str, body: str) -> str:
        return f"{self.base}body/{self.local(area).removeprefix('area/')}/{iri_segment(body)}"

    def year(self, year: int) -> str:
        return f"{self.base}year/{year}"

    def inspection(self, county: str, law: str, year: Optional[int], planned: bool) -> str:
        area = self.local(county).removeprefix("area/")
        what = _digest(self.local(law))
        return f"{self.base}inspection/{area}-{year or 'undated'}-{what}{'-planned' if planned else ''}"

    @property
    def roles(self) -> str:
        return f"{self.base}roles"

    @property
    def concepts(self) -> str:
        return f"{self.base}concepts"


@functools.lru_cache(maxsize=16)
def _iris(base: str) -> IRIs:
    return IRIs(base)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


@functools.lru_cache(maxsize=1 << 14)
def _key(iris: IRIs, key: str) -> str:
    return iris.key(key)


@functools.lru_cache(maxsize=1 << 14)
def _integer(n: int) -> Lit:
    """An offset as an xsd:integer (as rdflib writes an int)."""
    return Lit(str(n), None, XSD.integer)


@functools.lru_cache(maxsize=1 << 14)
def _plain(text: str) -> Lit:
    return Lit(text)


@functools.lru_cache(maxsize=1 << 14)
def _zh(text: str) -> Lit:
    return Lit(text, "zh")


@functools.lru_cache(maxsize=1 << 10, typed=True)
def _typed(value: object, datatype: str) -> Lit:
    """A typed literal as rdflib makes it of `value` (it writes some values in a canonical form)."""
    lit = Literal(value, datatype=URIRef(datatype))
    return Lit(str(lit), None, str(lit.datatype))


@functools.lru_cache(maxsize=256)
def _class(type_: str) -> str:
    return str(registry().entity(type_).cls)


@functools.lru_cache(maxsize=256)
def _property(relation: str) -> str:
    return str(registry().relation(relation).property)


@functools.lru_cache(maxsize=1 << 13)
def _area(iris: IRIs, code: str) -> tuple[str, tuple[Triple, ...]]:
    """An area node and its triples: label, code, level and its chain of parents."""
    node = iris.area(code)
    if code == gazetteer.NATION_CODE:
        return node, ((node, RDF.type, KG.Place), (node, RDFS.label, _zh(gazetteer.NATION_NAME)),
                      (node, KG.level, Lit("nation")))
    d = gazetteer.load().get(code)
    if d is None:
        return node, ()
    triples = [(node, RDF.type, KG.County if d.level == "county" else KG.Place), (node, RDFS.label, _zh(d.name)),
               (node, KG.divisionCode, Lit(d.code)), (node, KG.level, Lit(d.level))]
    if d.parent:
        parent, above = _area(iris, d.parent)
        triples += above
        triples.append((node, KG.partOf, parent))
    return node, tuple(triples)


@functools.lru_cache(maxsize=1 << 13)
def _end(iris: IRIs, ref: EntityRef) -> tuple[str, tuple[Triple, ...]]:
    """The node a relation's end names, and its triples (a concept's come with its mentions)."""
    if ref.type == AREA:
        return _area(iris, ref.key)
    kind = registry().entity(ref.type)
    node = iris.key(f"{kind.iri}/{ref.id or ref.key}")
    return node, () if kind.concept else ((node, RDF.type, _class(ref.type)), (node, RDFS.label, _zh(ref.key)))


for _cached in (_end, _class, _property):
    on_change(_cached.cache_clear)


def report_graph(result: ReportResult, base: str = DEFAULT_BASE) -> Graph:
    """The RDF graph of one report, named by the report's IRI."""
    iris = _iris(base)
    g = Graph(store="SimpleMemory", identifier=URIRef(iris.report(result.doc, result.facts)))
    bind_prefixes(g, iris.base)
    for triple in report_triples(result, base):
        g.add(tuple(map(rdflib_term, triple)))
    return g


def rdflib_term(term: Term) -> URIRef | Literal:
    """rdflib's term of a plain one."""
    if isinstance(term, Lit):
        return Literal(term.lex, lang=term.lang, datatype=term.datatype and URIRef(term.datatype))
    return URIRef(term)


def report_triples(result: ReportResult, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """The triples of `report_graph(result, base)` as plain terms, a few of them more than once."""
    iris = _iris(base)
    doc, text, facts, sentences = result.doc, result.text, result.facts, result.sentences
    report = iris.report(doc, facts)
    own = f"{report}/"
    sentence_nodes: dict[tuple[int, int], str] = {}
    described: set[tuple] = set()

    def shared(make: Callable, *args: object) -> Generator[Triple, None, str]:
        node, triples = make(iris, *args)
        if args not in described:
            described.add(args)
            yield from triples
        return node

    def sentence(start: int, end: int) -> Generator[Triple, None, Optional[str]]:
        """The node of the sentence a span lies in (its triples the first time)."""
        sent = _sentence_for(sentences, start, end)
        if sent is None:
            return None
        bounds = (sent[0], sent[1])
        snode = sentence_nodes.get(bounds)
        if snode is None:
            snode = sentence_nodes[bounds] = f"{own}sentence/{bounds[0]}-{bounds[1]}"
            yield snode, _TYPE, _SENTENCE_CLASS
            yield snode, _IN_REPORT, report
            yield snode, _START, _integer(bounds[0])
            yield snode, _END, _integer(bounds[1])
            yield snode, _SENTENCE, Lit(text[bounds[0]:bounds[1]])
        return snode

    def span(node: str, start: int, end: int) -> Iterator[Triple]:
        yield node, _IN_REPORT, report
        yield node, _START, _integer(start)
        yield node, _END, _integer(end)
        snode = yield from sentence(start, end)
        if snode is not None:
            yield node, _DERIVED, snode

    def derived(node: str, evidence: list) -> Iterator[Triple]:
        """`node` was derived from the sentences of `evidence`, in this report."""
        yield node, _IN_REPORT, report
        for start, end in evidence:
            snode = yield from sentence(start, end)
            if snode is not None:
                yield node, _DERIVED, snode

    yield from _report_node(iris, result, report)
    if facts.county_code:
        yield from shared(_area, facts.county_code)
    if result.speaker is not None:
        yield from shared(_end, result.speaker)

    areas = registry().area_types()
    for ent in result.entities:
        if ent.type in areas:
            node = yield from shared(_area, ent.code)
        else:
            node = _key(iris, ent.iri_key)
            yield from _named(iris, node, ent.type, ent.name)
        for alias in ent.aliases:
            yield node, SKOS.altLabel, _zh(alias)
        yield report, _MENTIONS, node
        suffix = f"-{_digest(ent.iri_key)}" if ent.iri_key else ""
        for m in ent.mentions:
            start, end = m["start"], m["end"]
            mnode = f"{own}mention/{start}-{end}{suffix}"
            yield mnode, _TYPE, _MENTION
            yield mnode, _DENOTES, node
            yield mnode, _SURFACE, _plain(m["text"])
            yield from span(mnode, start, end)

    for rel in result.relations:
        s = yield from shared(_end, rel.s_ref)
        o = yield from shared(_end, rel.o_ref)
        p = _property(rel.p)
        yield s, p, o
        if rel.p == "holdsPost":
            for node, triples in _memberships(iris, rel, s, o, facts.year):
                yield from triples
                yield from derived(node, rel.evidence)
        elif rel.p in _INSPECTIONS:
            node, triples = _inspection(iris, rel, s, o, facts.year)
            yield from triples
            yield from derived(node, rel.evidence)
        suffix = _digest(f"{iris.local(s)}|{p}|{iris.local(o)}|{rel.role or ''}")
        for start, end in rel.evidence:
            node = f"{own}assertion/{start}-{end}-{suffix}"
            yield node, _TYPE, KG.Assertion
            yield node, RDF.subject, s
            yield node, RDF.predicate, p
            yield node, RDF.object, o
            if rel.role:
                yield node, KG.role, _zh(rel.role)
            yield from span(node, start, end)


_INSPECTIONS = {"inspectedLaw": False, "plansInspection": True}


def _report_node(iris: IRIs, result: ReportResult, report: str) -> Iterator[Triple]:
    """The report: its file, title, county, year covered, kind, meeting, speaker, statistics."""
    facts = result.facts
    yield report, _TYPE, KG.Report
    yield report, KG.fileName, Lit(result.doc)
    yield report, RDFS.label, Lit(report_label(result.doc, facts))
    if facts.title:
        yield report, KG.title, _zh(facts.title)
    if facts.county_code:
        yield report, KG.reportCounty, iris.area(facts.county_code)
    if facts.year:
        yield report, KG.year, _year_literal(facts.year)
        yield report, KG.covers, iris.year(facts.year)
        yield from _year(iris, facts.year)
    if facts.kind:
        yield report, KG.reportKind, Lit(facts.kind)
    if facts.date:
        yield report, KG.date, _typed(facts.date, XSD.date)
    if facts.session:
        yield report, KG.session, _zh(facts.session)
    if result.speaker is not None:
        yield report, KG.speaker, _end(iris, result.speaker)[0]
    if facts.speaker_role:
        yield report, KG.speakerRole, _zh(facts.speaker_role)
    for key, value in sorted(facts.statistics.items()):
        yield report, _STATISTICS[key], _typed(value, XSD.integer)


def report_label(doc: str, facts: ReportFacts) -> str:
    """A report's label: its title; else its county, year and kind; else its name."""
    if facts.title:
        return facts.title
    if facts.county:
        return " ".join(filter(None, (facts.county, str(facts.year) if facts.year else None, facts.kind)))
    return doc


def _year_literal(year: int) -> Lit:
    return _typed(f"{year:04d}", XSD.gYear)


def _year(iris: IRIs, year: int) -> Iterator[Triple]:
    """A calendar year as an OWL-Time interval."""
    node = iris.year(year)
    yield node, _TYPE, TIME.ProperInterval
    yield node, _LABEL, Lit(str(year))
    yield node, KG.year, _year_literal(year)


def _memberships(iris: IRIs, rel: Relation, holder: str, area: str,
                 year: Optional[int]) -> Iterator[tuple[str, list[Triple]]]:
    """Each post of a holdsPost as an org:Membership: the person, the role, the body of
    the area, the year the report covers. A title whose body the role does not say
    (主任 alone) gives none."""
    nation = area == iris.area(gazetteer.NATION_CODE)
    for post in posts(rel.role or ""):
        if post.body is None:
            continue
        body = iris.body(area, post.body)
        role = iris.role(post.role)
        node = iris.membership(holder, post.role, body, year)
        triples = [(node, _TYPE, KG.Membership), (node, ORG.member, holder), (node, ORG.organization, body),
                   (node, ORG.role, role), (node, KG.postIn, area),
                   (node, _LABEL, _zh(f"{rel.s} {_post_label(rel.o, post.role)}" + (f" {year}" if year else ""))),
                   (role, _TYPE, ORG.Role), (role, _TYPE, SKOS.Concept), (role, SKOS.prefLabel, _zh(post.role)),
                   (role, SKOS.inScheme, iris.roles), (iris.roles, _TYPE, SKOS.ConceptScheme),
                   (iris.roles, _LABEL, Lit("Roles of officials", "en")),
                   (iris.roles, _LABEL, Lit("职务", "zh")),
                   (body, _TYPE, KG.Body), (body, _LABEL, _zh(body_label(post.body, rel.o, nation))),
                   (body, KG.bodyOf, area), (body, KG.bodyKind, _zh(post.body))]
        if rel.role:
            triples.append((node, KG.role, _zh(rel.role)))
        if year:
            triples.append((node, ORG.memberDuring, iris.year(year)))
            triples += _year(iris, year)
        yield node, triples


def _post_label(area_name: str, role: str) -> str:
    """A post as a reader writes it: 常山县 + 人大常委会主任, 常山县 + 县委书记 → 常山县委书记."""
    return area_name + (role[1:] if role[:1] and area_name.endswith(role[0]) and role[1:2] in "委长" else role)


def _inspection(iris: IRIs, rel: Relation, county: str, law: str,
                year: Optional[int]) -> tuple[str, list[Triple]]:
    """A law inspection done in the year the report covers, or planned for the next."""
    planned = _INSPECTIONS[rel.p]
    when = (year + 1 if planned else year) if year else None
    node = iris.inspection(county, law, when, planned)
    label = f"{rel.s}{' ' + str(when) if when else ''}{'计划' if planned else ''}执法检查：{rel.o}"
    triples = [(node, _TYPE, KG.PlannedInspection if planned else KG.LawInspection),
               (node, KG.inspectingCounty, county), (node, KG.lawInspected, law), (node, _LABEL, _zh(label))]
    if when:
        triples += [(node, KG.year, _year_literal(when)), (node, KG.during, iris.year(when))]
        triples += _year(iris, when)
    return node, triples


def _sentence_for(sentences: list, start: int, end: int) -> Optional[tuple[int, int]]:
    """The sentence the span starts in, or else the first that starts inside the span (a
    span that starts on the blank line before its sentence); sentences are sorted."""
    i = bisect.bisect_right(sentences, (start, float("inf"))) - 1
    if i >= 0 and sentences[i][0] <= start < sentences[i][1]:
        return sentences[i]
    j = i + 1
    if j < len(sentences) and start <= sentences[j][0] < end:
        return sentences[j]
    return None


def _named(iris: IRIs, node: str, type_: str, name: str) -> Iterator[Triple]:
    """The type and labels of a person, law or concept; concepts join the scheme."""
    kind = registry().entity(type_)
    yield node, _TYPE, _class(type_)
    yield node, _LABEL, _zh(name)
    if kind.concept:
        yield node, SKOS.prefLabel, _zh(name)
        yield node, SKOS.inScheme, iris.concepts
        yield iris.concepts, RDF.type, SKOS.ConceptScheme
        yield iris.concepts, RDFS.label, Lit("Programmes and slogans of the reports", "en")
        yield iris.concepts, RDFS.label, Lit("报告中的工作举措与口号", "zh")
