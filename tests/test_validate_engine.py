"""The Oxigraph engine of `kg validate` finds what pyshacl finds, finding by finding."""
from __future__ import annotations

import functools
import re
import shutil
from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef

from kg.rdf.files import SHAPES, load_graph
from kg.outdir.manifest import MANIFEST
from kg.rdf.namespace import KG
from kg.validate import validate
from kg.validate.shapes import SH, Unsupported, read_shapes
from rdf_support import seed_build

ORG = Namespace("http://www.w3.org/ns/org#")
DEV = Path(__file__).parent / "fixtures" / "dev" / "reports"


def same_findings(path: Path) -> list:
    ours, reference = validate(path, engine="oxigraph"), validate(path, engine="pyshacl")
    assert ours.triples == reference.triples
    assert [str(f) for f in ours.findings] == [str(f) for f in reference.findings]
    assert ours.findings == reference.findings
    return ours.findings


def test_seeds_build_same_findings():
    same_findings(seed_build())


def test_seeds_and_dev_build_same_findings(tmp_path):
    from kg.build import build

    build([_seeds(), DEV], tmp_path / "out")
    findings = same_findings(tmp_path / "out")
    assert findings and all(f.severity == "Warning" for f in findings)


def _seeds() -> Path:
    from rdf_support import SEEDS
    return SEEDS


def _first(g: Graph, cls: URIRef, n: int = 0) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[n]


def _bad_values(g: Graph, node: URIRef, keep: tuple = ()) -> None:
    """A second, wrong value for every property of `node` (but `keep`): a string in English."""
    for p in sorted(set(g.predicates(node, None))):
        if p != RDF.type and p not in keep:
            g.add((node, p, Literal("bad value", lang="en")))


def _stripped(g: Graph, node: URIRef) -> None:
    g.remove((node, None, None))
    g.add((node, RDF.type, URIRef("https://w3id.org/kg-cn-lg/ontology#Thing")))


def broken_seeds(tmp_path: Path) -> Path:
    """The seeds' graph broken so that every shape of shapes.ttl fires."""
    g = load_graph(seed_build() / "graph.ttl")
    classes = [KG.Report, KG.County, KG.Place, KG.Official, KG.Law, KG.Programme, KG.Slogan, KG.Membership,
               ORG.Role, KG.LawInspection, KG.PlannedInspection, KG.Body, KG.Mention, KG.Sentence, KG.Assertion]
    present = [c for c in classes if any(g.subjects(RDF.type, c))]
    # A string offset of a mention or an assertion is left out: their SPARQL constraints compare
    # offsets, and rdflib's SPARQL treats an error inside && and || unlike the standard (and Oxigraph).
    for cls in present:
        _bad_values(g, _first(g, cls), (KG.startOffset, KG.endOffset) if cls in (KG.Mention, KG.Assertion) else ())
    for cls in present:
        node = sorted(g.subjects(RDF.type, cls))[-1]
        types = list(g.objects(node, RDF.type))
        g.remove((node, None, None))
        for t in types:
            g.add((node, RDF.type, t))
    county, law, person = _first(g, KG.County, 1), _first(g, KG.Law, 1), _first(g, KG.Official, 1)
    g.add((county, RDF.type, KG.Place))
    g.add((law, KG.holdsPost, law))
    g.add((law, KG.inspectedLaw, person))
    g.add((law, KG.plansInspection, person))
    g.add((law, KG.partOf, county))
    if any(g.subjects(RDF.type, KG.Programme)):
        g.add((_first(g, KG.Programme), RDF.type, KG.Slogan))
    member = sorted(g.subjects(RDF.type, KG.Membership))[1]
    holder, area = g.value(member, ORG.member), g.value(member, KG.postIn)
    g.remove((holder, KG.holdsPost, area))
    assertion = _first(g, KG.Assertion, 1)
    g.set((assertion, KG.startOffset, Literal(10 ** 6)))
    g.set((assertion, KG.endOffset, Literal(10 ** 6 + 1)))
    path = tmp_path / "broken.ttl"
    g.serialize(path, format="turtle")
    return path


@functools.lru_cache(maxsize=None)
def shape_messages() -> dict:
    """Each constraint with a message, named by its shape and message, and a pattern its findings match."""
    g = Graph().parse(SHAPES)
    out = {}
    for s, m in g.subject_objects(SH.message):
        parts = re.split(r"\{[?$]\w+\}", str(m))
        out[f"{_named_shape(g, s)}: {m}"] = re.compile(".*".join(map(re.escape, parts)) + "$", re.S)
    return out


def _named_shape(g: Graph, node: object) -> str:
    """The named shape that holds `node` (a property shape or SPARQL constraint is a blank node)."""
    while isinstance(node, BNode):
        node = next(g.subjects(None, node))
    return node.n3(g.namespace_manager)


def test_every_shape_fires_and_the_findings_are_the_same(tmp_path):
    findings = same_findings(broken_seeds(tmp_path))
    silent = sorted(name for name, pattern in shape_messages().items()
                    if not any(pattern.match(f.message) for f in findings))
    assert not silent, silent
    assert {f.severity for f in findings} == {"Violation", "Warning"}


def test_literals_pyshacl_judges_are_judged_alike(tmp_path):
    from rdflib import XSD

    g = load_graph(seed_build() / "graph.ttl")
    report, span = _first(g, KG.Report), _first(g, KG.Mention)
    g.set((report, KG.date, Literal("2020-13-01", datatype=XSD.date)))
    g.set((report, KG.year, Literal("20x0", datatype=XSD.gYear)))
    g.set((report, KG.resolutions, Literal("-3", datatype=XSD.integer)))
    g.set((span, KG.endOffset, Literal("abc", datatype=XSD.integer)))
    g.set((_first(g, KG.County), KG.divisionCode, Literal("330822\n")))
    path = tmp_path / "literals.ttl"
    g.serialize(path, format="turtle")
    assert same_findings(path)


def test_a_build_is_read_from_its_graph_ttl_only_while_the_manifest_vouches_for_it(tmp_path):
    g = load_graph(seed_build() / "graph.ttl")
    wrong = f"<{_first(g, KG.County)}> <{KG.inspectedLaw}> <{_first(g, KG.Official)}> .\n"
    for edited, conforms in (("graph.ttl", True), ("graph.trig", False)):
        out = tmp_path / edited
        out.mkdir()
        for name in ("graph.trig", "graph.ttl", MANIFEST):
            shutil.copy(seed_build() / name, out / name)
        with open(out / edited, "a", encoding="utf-8") as fh:
            fh.write(wrong)
        v = validate(out, engine="oxigraph")
        assert v.conforms == conforms
        assert any(f.message == "kg:inspectedLaw points to a kg:Law" for f in v.findings) != conforms
    assert same_findings(out)


def test_unsupported_shapes_fall_back_to_pyshacl(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      "@prefix kg: <https://w3id.org/kg-cn-lg/ontology#> .\n"
                      "<urn:s> sh:targetClass kg:Report ; sh:property [ sh:path kg:fileName ; "
                      "sh:uniqueLang true ; sh:message \"m\" ] .\n", encoding="utf-8")
    with pytest.raises(Unsupported):
        read_shapes(Graph().parse(shapes))
    assert validate(seed_build(), shapes).conforms
