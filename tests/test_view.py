"""The network view's data and page, without a browser (see test_view_browser.py)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.namespace import PROV

from kg.build import build
from kg.cli import cli
from kg.rdf.files import load_graph
from kg.rdf.namespace import KG
from kg.view.html import render, view_data, write_view
from kg.view.layout import ROOT, groups, layout
from kg.registry import registry
from kg.view.network import Evidence, Inspection, Post, ReportInfo, entity_network, report_links

ID = "https://w3id.org/kg-cn-lg/id/"
COUNTY, PARENT, LAW, SLOGAN = (URIRef(ID + k) for k in ("area/330822", "area/330800", "law/食品安全法", "concept/八八战略"))
R1, R2 = URIRef(ID + "report/a"), URIRef(ID + "report/b")
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# The seed of 常山县 covering 2023, and its variant one year on: a name that sorts first,
# so that only a sort by year puts the seed first.
SEED, NEXT_YEAR = "000_bcff957e004d4ffb.txt", "000_a_next_year.txt"
PAYLOAD = "执法检查</script><script>window.pwned=1</script><img src=x onerror=window.pwned=2><b>粗</b>。"


def mention(g: Graph, report: URIRef, entity: URIRef, sentence: str, surface: str, at: int) -> None:
    """A mention of `entity` as `surface` in a sentence starting at offset `at` of `report`."""
    start = at + sentence.index(surface)
    s = URIRef(f"{report}/sentence/{at}-{at + len(sentence)}")
    m = URIRef(f"{report}/mention/{start}-{start + len(surface)}")
    g.add((s, KG.sentence, Literal(sentence)))
    g.add((s, KG.startOffset, Literal(at)))
    g.add((s, KG.endOffset, Literal(at + len(sentence))))
    g.add((m, RDF.type, KG.Mention))
    g.add((m, KG.denotes, entity))
    g.add((m, KG.inReport, report))
    g.add((m, KG.startOffset, Literal(start)))
    g.add((m, KG.endOffset, Literal(start + len(surface))))
    g.add((m, PROV.wasDerivedFrom, s))
    g.add((report, KG.mentions, entity))


@pytest.fixture
def graph() -> Graph:
    """Two reports, one of 常山县; a law both name, a slogan, and a parent area no report names."""
    g = Graph()
    for report, name in ((R1, "a.txt"), (R2, "b.txt")):
        g.add((report, RDF.type, KG.Report))
        g.add((report, KG.fileName, Literal(name)))
    g.add((R1, KG.reportCounty, COUNTY))
    for node, cls, label in ((COUNTY, KG.County, "常山县"), (PARENT, KG.Place, "衢州市"),
                             (LAW, KG.Law, "中华人民共和国食品安全法"), (SLOGAN, KG.Slogan, "八八战略")):
        g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, Literal(label, lang="zh")))
    g.add((COUNTY, KG.divisionCode, Literal("330822")))
    g.add((COUNTY, KG.partOf, PARENT))
    g.add((COUNTY, KG.inspectedLaw, LAW))
    g.add((LAW, SKOS.altLabel, Literal("食品安全法", lang="zh")))
    mention(g, R1, COUNTY, "常山县人大常委会工作报告。", "常山县", 0)
    mention(g, R1, LAW, "开展《中华人民共和国食品安全法》执法检查。", "中华人民共和国食品安全法", 20)
    mention(g, R1, LAW, "学习食品安全法。", "食品安全法", 50)
    mention(g, R1, LAW, "再学食品安全法。", "食品安全法", 60)
    mention(g, R2, LAW, "宣传食品安全法" + PAYLOAD, "食品安全法", 0)
    mention(g, R2, SLOGAN, "深入实施“八八战略”。", "八八战略", 100)
    g.add((URIRef(ID + "concept/untyped"), RDFS.label, Literal("无类型")))
    g.add((R2, KG.mentions, URIRef(ID + "concept/untyped")))
    return g


class Tags(HTMLParser):
    """How many of each start tag a page has, as a browser would parse it."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.count: Counter = Counter()
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.count[tag] += 1


def page_data_block(page: str) -> str:
    return re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.S).group(1)


def page_data(page: str) -> dict:
    return json.loads(page_data_block(page))


def test_legend_has_every_type_and_relation_of_the_registry(graph):
    data = view_data(entity_network(graph))
    assert [t["name"] for t in data["types"]] == [t.name for t in registry().entity_types]
    assert [r["name"] for r in data["relations"]] == [r.name for r in registry().relation_types]
    assert {t["name"]: t["colour"] for t in data["types"]}["County"] == registry().entity("County").colour


def test_every_typed_entity_is_a_node(graph):
    net = entity_network(graph)
    assert set(net) == {str(COUNTY), str(PARENT), str(LAW), str(SLOGAN)}
    assert net.nodes[str(LAW)]["reports"] == ["a.txt", "b.txt"]
    assert net.nodes[str(LAW)]["aliases"] == ["食品安全法"]
    assert net.nodes[str(COUNTY)]["code"] == "330822"
    assert net.nodes[str(PARENT)]["reports"] == []
    assert sorted(net.edges(keys=True)) == [(str(COUNTY), str(PARENT), "partOf"), (str(COUNTY), str(LAW), "inspectedLaw")]
    assert net.graph["reports"] == {"a.txt": str(COUNTY), "b.txt": ""}


def test_evidence_comes_from_as_many_reports_as_possible(graph):
    evidence = entity_network(graph).nodes[str(LAW)]["evidence"]
    assert [e.report for e in evidence] == ["a.txt", "b.txt", "a.txt"]
    assert evidence[0] == Evidence("a.txt", "开展《中华人民共和国食品安全法》执法检查。", 3, 15)
    assert evidence[1].text[evidence[1].start:evidence[1].end] == "食品安全法"
    assert evidence[2].text == "学习食品安全法。"


def test_report_links_join_a_county_to_what_its_reports_name(graph):
    assert report_links(entity_network(graph)) == {(str(COUNTY), str(LAW)): 1}


def test_nodes_with_more_links_are_bigger(graph):
    nodes = {n["id"]: n for n in view_data(entity_network(graph))["nodes"]}
    assert nodes[str(COUNTY)]["size"] > nodes[str(LAW)]["size"] > nodes[str(SLOGAN)]["size"]


def test_page_loads_nothing_from_the_network(graph, tmp_path):
    write_view(graph, tmp_path / "graph.html")
    page = (tmp_path / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.I)
    assert not re.search(r"<link\b|@import|url\(\s*['\"]?(https?:)?//", page, re.I)
    assert "default-src 'none'" in page


def test_report_text_stays_inside_the_data(graph):
    page = render(entity_network(graph))
    tags = Tags(page).count
    assert tags["script"] == 3 and tags["img"] == 0 and tags["b"] == 0
    assert "pwned" not in page.replace(page_data_block(page), "")
    law = next(n for n in page_data(page)["nodes"] if n["id"] == str(LAW))
    assert law["evidence"][1][1] == "宣传食品安全法" + PAYLOAD


def test_only_the_pages_own_scripts_may_run(graph):
    page = render(entity_network(graph))
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    allowed = set(re.search(r"script-src ([^;]*)", csp).group(1).split())
    inline = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert allowed == {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in inline}


def test_title_is_escaped(graph):
    assert "<title>&lt;b&gt;kg&lt;/b&gt;</title>" in render(entity_network(graph), "<b>kg</b>")


def test_an_empty_graph_has_an_empty_page():
    data = page_data(render(entity_network(Graph())))
    assert data["nodes"] == [] and data["edges"] == [] and data["groups"] == [{"parent": -1, "count": 0, "open": True}]


def area_network() -> "nx.MultiDiGraph":
    """A province with two prefectures and three counties; what their reports name; a crowd of laws."""
    import networkx as nx

    net = nx.MultiDiGraph()
    net.graph["reports"] = {}

    def node(iri, type_, reports=()):
        net.add_node(iri, type=type_, types=[type_], label=iri, code="", aliases=[], reports=list(reports), evidence=[])

    node("P", "Place")
    for pref, counties in (("P1", ["C1", "C2"]), ("P2", ["C3"])):
        node(pref, "Place")
        net.add_edge(pref, "P", key="partOf")
        for c in counties:
            node(c, "County", [c + ".txt"])
            net.graph["reports"][c + ".txt"] = c
            net.add_edge(c, pref, key="partOf")
    node("town", "Place", ["C1.txt"])
    net.add_edge("town", "C1", key="partOf")
    node("own", "Programme", ["C1.txt"])
    node("pref-wide", "Programme", ["C1.txt", "C2.txt"])
    node("province-wide", "Law", ["C1.txt", "C3.txt"])
    node("official", "Official")
    net.add_edge("official", "C2", key="holdsPost")
    node("nowhere", "Slogan", ["x.txt"])
    node("other", "Place")
    for i in range(30):
        node(f"law{i:02d}", "Law", ["C1.txt", "C3.txt", "unknown.txt"])
    net.graph["reports"]["unknown.txt"] = ""
    return net


def test_an_entity_sits_in_the_lowest_area_that_holds_every_county_naming_it():
    net = area_network()
    tree = groups(net, net.graph["reports"])
    assert tree["C1"].parent == "P1" and tree["P1"].parent == "P" and tree["P"].parent == ROOT
    home = {m: k for k, g in tree.items() for m in g.members}
    assert home["town"] == "C1" and home["own"] == "C1" and home["official"] == "C2"
    assert home["pref-wide"] == "P1" and home["province-wide"] == "P#Law" and tree["P#Law"].parent == "P"
    assert home["nowhere"] == ROOT and home["other"] == ROOT
    assert "other" not in tree  # an area that holds no county is no group


def test_a_crowd_of_one_type_gets_a_group_of_its_own():
    net = area_network()
    tree = groups(net, net.graph["reports"])
    laws = tree["P#Law"]
    assert laws.parent == "P" and laws.node is None and len(laws.members) == 31
    assert "province-wide" in laws.members and "own" not in laws.members
    assert "C1#Programme" not in tree  # two programmes are no crowd


def test_layout_keeps_groups_apart_and_is_the_same_for_the_same_input():
    net = area_network()
    tree = groups(net, net.graph["reports"])
    pos = layout(tree, {})
    assert pos == layout(groups(net, net.graph["reports"]), {})
    assert set(net) <= set(pos)
    assert len({(round(x), round(y)) for x, y in pos.values()}) == len(pos)

    def dist(p, q):
        return ((pos[p][0] - pos[q][0]) ** 2 + (pos[p][1] - pos[q][1]) ** 2) ** 0.5

    assert dist("own", "C1") < dist("own", "C2") and dist("official", "C2") < dist("official", "C1")
    # every entity of a county's disc is nearer its county than any other county is
    assert dist("town", "C1") < min(dist("C1", "C2"), dist("C1", "C3"))


def test_groups_open_top_down_within_the_budget(monkeypatch):
    import kg.view.html as view_html

    net = area_network()
    data = view_data(net)
    assert all(g["open"] for g in data["groups"])
    monkeypatch.setattr(view_html, "OPEN_BUDGET", 8)
    data = view_data(net)
    opened = [g for g in data["groups"] if g["open"]]
    assert data["groups"][0]["open"] and len(opened) < len(data["groups"])
    for g in data["groups"]:
        if g["open"] and g["parent"] >= 0:
            assert data["groups"][g["parent"]]["open"]
    by_node = {g.get("node"): g for g in data["groups"]}
    assert by_node["P"]["count"] == 40  # 2 prefectures, 3 counties, a town, 3 programmes and laws, an official, 30 laws


def test_search_keys_pinyin_and_traditional_characters():
    from kg.view.search import pinyin, simplified, traditional_map

    assert pinyin("常山县") == ("changshanxian", "chángshānxiàn")
    assert pinyin("绿园区")[0] == "luyuanqu"
    assert pinyin("ABC") == ("", "")
    assert simplified("常山縣") == "常山县"
    table = traditional_map(["常山县"])
    assert table["縣"] == "县" and "東" not in table
    node = next(n for n in view_data(area_network())["nodes"] if n["id"] == "C1")
    assert "py" not in node and node["importance"] == registry().entity("County").importance


def test_kg_view_draws_a_graph_file(graph, tmp_path):
    graph.serialize(tmp_path / "graph.ttl", format="turtle", encoding="utf-8")
    result = CliRunner().invoke(cli, ["view", str(tmp_path / "graph.ttl"), "-o", str(tmp_path / "v.html")])
    assert result.exit_code == 0, result.output
    assert len(page_data((tmp_path / "v.html").read_text(encoding="utf-8"))["nodes"]) == 4
    result = CliRunner().invoke(cli, ["view", str(tmp_path / "graph.ttl")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "graph.html").exists()


def test_kg_view_reads_trig(graph, tmp_path):
    triples = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    (tmp_path / "graph.trig").write_text(f"<{R1}> {{\n{triples}}}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["view", str(tmp_path / "graph.trig")])
    assert result.exit_code == 0, result.output
    assert len(page_data((tmp_path / "graph.html").read_text(encoding="utf-8"))["nodes"]) == 4


def test_kg_view_names_a_missing_file(tmp_path):
    result = CliRunner().invoke(cli, ["view", str(tmp_path / "nothing.ttl")])
    assert result.exit_code == 1
    assert "nothing.ttl" in result.output


def test_vendored_vis_network_is_the_one_named_in_its_notice():
    from importlib import resources

    assets = resources.files("kg.view") / "assets"
    digest = hashlib.sha256((assets / "vis-network.min.js").read_bytes()).hexdigest()
    assert digest in (assets / "VENDORED.md").read_text(encoding="utf-8")


def next_year_variant(folder: Path) -> Path:
    """The seed of 常山县 one year on (2024 → 2025, then 2023 → 2024), written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (SEEDS / SEED).read_text(encoding="utf-8")
    path = folder / NEXT_YEAR
    path.write_text(text.replace("2024", "\0").replace("2023", "2024").replace("\0", "2025"), encoding="utf-8")
    return path


def build_two_years(tmp: Path) -> Path:
    """The seeds and the next-year variant of 常山县's, built by `kg build` into `tmp/out`."""
    next_year_variant(tmp / "more")
    build([SEEDS, tmp / "more"], tmp / "out")
    return tmp / "out"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    return build_two_years(tmp_path_factory.mktemp("two-years"))


@pytest.fixture(scope="module")
def two_years_net(two_years):
    return entity_network(load_graph(two_years / "graph.ttl"))


def speaker_of(g: Graph, file: str) -> URIRef:
    return g.value(g.value(None, KG.fileName, Literal(file)), KG.speaker)


def test_an_officials_posts_are_fields_of_role_body_and_year(two_years, two_years_net):
    speaker = str(speaker_of(load_graph(two_years / "graph.ttl"), SEED))
    expected = [Post("人大常委会主任", "常山县人大常委会", 2023), Post("人大常委会主任", "常山县人大常委会", 2024)]
    assert two_years_net.nodes[speaker]["posts"] == expected
    page = {n["id"]: n for n in page_data((two_years / "graph.html").read_text(encoding="utf-8"))["nodes"]}
    assert page[speaker]["posts"] == [list(p) for p in expected]


def test_a_countys_reports_are_listed_by_year(two_years, two_years_net):
    county = str(COUNTY)
    title = "常山县人民代表大会常务委员会工作报告"
    assert two_years_net.nodes[county]["own_reports"] == [ReportInfo(2023, "work-report", title, SEED),
                                                          ReportInfo(2024, "work-report", title, NEXT_YEAR)]
    data = page_data((two_years / "graph.html").read_text(encoding="utf-8"))
    node = next(n for n in data["nodes"] if n["id"] == county)
    listed = [data["reports"][i] for i in node["own_reports"]]
    assert [(r["year"], r["kind"], r["title"], r["file"]) for r in listed] == [
        (2023, "work-report", title, SEED), (2024, "work-report", title, NEXT_YEAR)]


def test_a_countys_law_inspections_are_listed_by_year(two_years_net):
    inspections = two_years_net.nodes[str(COUNTY)]["inspections"]
    assert [i.year for i in inspections] == sorted(i.year for i in inspections)
    by_year = {y: {i.label for i in inspections if i.year == y} for y in (2023, 2024)}
    assert by_year[2023] == by_year[2024] and "浙江省全民健身条例" in by_year[2023]
    assert not any(i.planned for i in inspections)
    planned = [i for n, d in two_years_net.nodes(data=True) for i in d["inspections"] if i.planned]
    assert planned and all(isinstance(i, Inspection) and i.year == 2024 for i in planned)


def test_posts_reports_and_inspections_are_not_drawn(two_years, two_years_net):
    g = load_graph(two_years / "graph.ttl")
    hidden = {s for cls in (KG.Membership, KG.Body, KG.LawInspection, KG.PlannedInspection, KG.Report)
              for s in g.subjects(RDF.type, cls)}
    hidden |= {s for s in g.subjects(RDF.type, URIRef("http://www.w3.org/ns/org#Role"))}
    hidden |= {s for s in g.subjects(RDF.type, URIRef("http://www.w3.org/2006/time#ProperInterval"))}
    assert len(hidden) > 50 and not {str(h) for h in hidden} & set(two_years_net)
    entities = {str(s) for t in registry().entity_types for s in g.subjects(RDF.type, t.cls)}
    assert set(two_years_net) == entities


def test_the_page_is_the_same_for_the_same_input(two_years, tmp_path):
    again = build_two_years(tmp_path)
    assert (again / "graph.html").read_bytes() == (two_years / "graph.html").read_bytes()


@pytest.mark.parametrize("text, plain, toned", [
    ("常山县", "changshanxian", "chángshānxiàn"),
    ("吕梁市", "luliangshi", "lǚliángshì"),
    ("女", "nu", "nǚ"),
    # a machine conversion's reading kept in the text loses its marks in the plain form too
    ("習(xí)近平", "xi(xi)jinping", "xí(xí)jìnpíng"),
])
def test_pinyin_without_tones_is_the_toned_one_without_marks(text, plain, toned):
    from kg.view.search import pinyin

    assert pinyin(text) == (plain, toned)


def test_the_builds_index_of_triples_gives_the_view_of_an_rdflib_graph(two_years, graph, tmp_path):
    """The build reads the view's graph into `Triples` (plain strings, rdflib's order), not
    rdflib: the network, the page's data and the page equal those made from rdflib."""
    from kg.view.triples import Triples

    source = two_years / "graph.ttl"
    fast, slow = Triples.parse(source), load_graph(source)
    assert len(fast) == len(slow) > 1000
    assert view_data(entity_network(fast)) == view_data(entity_network(slow))
    small = tmp_path / "small.ttl"
    graph.serialize(small, format="turtle")
    assert render(entity_network(Triples.parse(small))) == render(entity_network(load_graph(small)))
    assert Triples.parse(small.read_text(encoding="utf-8")).value(str(COUNTY), RDFS.label) == "常山县"
