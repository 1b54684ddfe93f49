"""`kg query` and the example queries of ontology/queries/, checked against the gold."""
from __future__ import annotations

import csv
import io
import json
from collections import defaultdict

import pytest
from click.testing import CliRunner
from rdflib import SKOS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.query import Result

from kg.cli import cli
from kg.errors import QueryError
from kg.evaluate import norm
from kg.export import export
from kg.query import BOM, example_queries, format_table, run_query, write_query
from rdf_support import QUERIES, gold, seed_build

EXAMPLES = sorted(QUERIES.glob("*.rq"))


def rows_of(query: str, data=None) -> list[dict]:
    columns, rows = run_query(data or seed_build() / "graph.trig", str(QUERIES / query))
    return [dict(zip(columns, r)) for r in rows]


def gold_relations(p: str) -> list[tuple[str, dict]]:
    return [(doc["report"]["county"], r) for doc in gold().values() for r in doc["relations"]
            if r["p"] == p and not r.get("optional")]


def test_there_are_the_example_queries_the_readme_describes():
    names = {p.name for p in EXAMPLES}
    assert {"laws_inspected.rq", "officials_posts.rq", "shared_concepts.rq", "report_mentions.rq"} <= names


@pytest.mark.parametrize("query", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_query_returns_rows_on_the_seeds(query):
    _, rows = run_query(seed_build() / "graph.trig", str(query))
    assert rows


def test_laws_each_county_inspected_are_the_gold():
    got = defaultdict(set)
    for row in rows_of("laws_inspected.rq"):
        got[row["county"]].add(norm(row["law"]))
    want = defaultdict(set)
    for county, r in gold_relations("inspectedLaw"):
        want[county].add(norm(r["o"]))
    assert got == want
    assert "浙江省饮用水水源保护条例" in got["柯城区"]


def test_officials_with_their_posts_include_every_gold_post():
    rows = rows_of("officials_posts.rq")
    for _, r in gold_relations("holdsPost"):
        assert any(norm(row["official"]) == norm(r["s"]) and norm(row["area"]) == norm(r["o"])
                   and (norm(r["role"]) in norm(row["role"]) or norm(row["role"]) in norm(r["role"]))
                   for row in rows), r


def test_officials_with_their_posts_are_all_in_the_gold():
    posts = {(norm(r["s"]), norm(r["o"])) for _, r in gold_relations("holdsPost")}
    assert {(norm(row["official"]), norm(row["area"])) for row in rows_of("officials_posts.rq")} <= posts


def test_posts_name_their_roles_bodies_years_and_reports():
    rows = rows_of("officials_posts.rq")

    def of(name: str) -> list[dict]:
        return [row for row in rows if row["official"] == name]

    assert {(r["role"], r["body"], r["year"]) for r in of("翁旭东")} == {("人大常委会主任", "常山县人大常委会", "2023")}
    assert ("县委书记", "中共绛县委员会") in {(r["role"], r["body"]) for r in of("解芳")}
    assert len({f for r in of("习近平") for f in r["reports"].split()}) == len(gold())


def test_shared_concepts_are_named_by_several_reports():
    rows = {row["concept"]: row for row in rows_of("shared_concepts.rq")}
    lines = [json.loads(line) for line in open(seed_build() / "extractions.jsonl", encoding="utf-8")]
    by_iri = defaultdict(set)
    for o in lines:
        if o["kind"] == "entity" and o["type"] in ("Programme", "Slogan"):
            by_iri[o["iri"]].add(o["doc"])
    g = Graph().parse(seed_build() / "graph.ttl")
    # one name per concept across the build: its skos:prefLabel
    docs = {str(g.value(URIRef(iri), SKOS.prefLabel)): d for iri, d in by_iri.items()}
    assert len(docs) == len(by_iri)
    assert {name for name, d in docs.items() if len(d) > 1} == set(rows)
    assert all(int(row["reports"]) == len(docs[name]) for name, row in rows.items())
    in_every_gold = [n for n in ("全过程人民民主", "两个确立", "两个维护", "四个机关")
                     if all(any(norm(e["name"]) == norm(n) for e in d["entities"]) for d in gold().values())]
    assert in_every_gold
    for name in in_every_gold:
        assert rows[name]["reports"] == str(len(gold()))
        assert len(rows[name]["counties"].split()) == len(gold())


def test_report_mentions_are_the_report_entities():
    doc = "000_bcff957e004d4ffb.txt"
    rows = rows_of("report_mentions.rq")
    got = {(row["type"], row["name"]) for row in rows}
    lines = [json.loads(line) for line in open(seed_build() / "extractions.jsonl", encoding="utf-8")]
    assert got == {(o["type"], o["name"]) for o in lines if o["kind"] == "entity" and o["doc"] == doc}
    names = {norm(name) for _, name in got}
    must = [e for e in gold()[doc]["entities"]
            if e.get("type") in ("County", "Official", "Law") and not e.get("optional")]
    assert [e["name"] for e in must if norm(e["name"]) not in names] == []
    assert all(int(row["mentions"]) >= 1 for row in rows)


def test_evidence_gives_the_sentence_of_every_inspection():
    rows = [row for row in rows_of("evidence.rq") if row["relation"] == "inspectedLaw"]
    pairs = {(row["subject"], norm(row["object"])) for row in rows}
    assert pairs == {(county, norm(r["o"])) for county, r in gold_relations("inspectedLaw")}
    assert all(int(row["start"]) < int(row["end"]) and row["sentence"] for row in rows)


def test_report_facts_are_the_gold():
    rows = {row["file"]: row for row in rows_of("report_facts.rq")}
    assert set(rows) == set(gold())
    for doc, g in gold().items():
        stats = g["statistics"]
        assert rows[doc]["county"] == (g["report"]["county"] or "")
        assert rows[doc]["date"] == (g["report"]["date"] or "")
        assert rows[doc]["speaker"] == (g["report"]["speaker"] or "")
        assert rows[doc]["meetings"] == str(stats.get("standing_committee_meetings", ""))
        assert rows[doc]["inspections"] == str(stats.get("law_inspections", ""))


def test_turtle_trig_and_ntriples_give_the_same_answers(tmp_path):
    out = seed_build()
    nt, = export(out, ["nt"], tmp_path)
    answers = [sorted(run_query(path, str(QUERIES / "report_mentions.rq"))[1])
               for path in (out / "graph.ttl", out / "graph.trig", nt, out)]
    assert answers[0] and all(a == answers[0] for a in answers)


def test_named_graphs_can_be_queried():
    columns, rows = run_query(seed_build() / "graph.trig",
                              "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert len(rows) == len(gold())


def test_ask_and_construct():
    data = seed_build() / "graph.ttl"
    assert run_query(data, "ASK { ?s a <https://w3id.org/kg-cn-lg/ontology#Report> }") == (["ask"], [["true"]])
    columns, rows = run_query(data, "CONSTRUCT { ?r a ?t } WHERE { ?r a ?t } LIMIT 3")
    assert columns == ["subject", "predicate", "object"] and len(rows) == 3


@pytest.mark.parametrize("query, error", [
    ("SELECT WHERE {", "SPARQL syntax error"),
    ("missing.rq", "no such query file"),
])
def test_bad_query_is_a_query_error(query, error):
    with pytest.raises(QueryError, match=error):
        run_query(seed_build() / "graph.ttl", query)


def test_cli_prints_a_table():
    result = CliRunner().invoke(cli, ["query", "--data", str(seed_build() / "graph.trig"),
                                      str(QUERIES / "laws_inspected.rq")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split() == ["county", "|", "law", "|", "reports"]


def test_cli_says_when_it_loads_a_graph_file_and_only_then(tmp_path):
    data = tmp_path / "graph.ttl"
    data.write_bytes((seed_build() / "graph.ttl").read_bytes())
    first = CliRunner().invoke(cli, ["query", "--data", str(data), "ASK { ?s ?p ?o }"])
    again = CliRunner().invoke(cli, ["query", "--data", str(data), "ASK { ?s ?p ?o }"])
    assert first.exit_code == again.exit_code == 0, first.output
    assert first.stderr == f"kg: loading {data} into the query store (once per version of the file)\n"
    assert again.stderr == ""
    assert first.stdout == again.stdout and "true" in first.stdout


def test_format_table_aligns_wide_characters():
    text = format_table(["a", "b"], [["常山县", "x"]])
    assert text.splitlines()[2] == "常山县 | x"


XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")


def answer(query: str, fmt: str, data=None, bom: bool = False) -> bytes:
    out = io.BytesIO()
    write_query(data or seed_build() / "graph.trig", query, fmt, out, bom=bom)
    return out.getvalue()


def test_example_queries_run_by_name_and_are_listed():
    assert set(example_queries()) == {p.stem for p in EXAMPLES}
    by_name = run_query(seed_build() / "graph.trig", "officials_posts")
    assert by_name == run_query(seed_build() / "graph.trig", str(QUERIES / "officials_posts.rq"))
    assert by_name == run_query(seed_build() / "graph.trig", "officials_posts.rq")
    listed = CliRunner().invoke(cli, ["query", "--list"])
    assert listed.exit_code == 0, listed.output
    assert [line.split(":")[0] for line in listed.output.splitlines()] == [p.stem for p in EXAMPLES]


def test_an_unknown_query_name_is_a_query_error():
    with pytest.raises(QueryError, match="no example query of that name"):
        run_query(seed_build() / "graph.trig", "officials")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_json_and_xml_are_the_w3c_results_formats(fmt):
    result = Result.parse(io.BytesIO(answer("report_facts", fmt)), format=fmt)
    assert [str(v) for v in result.vars] == ["file", "county", "date", "speaker", "meetings", "inspections",
                                             "suggestions"]
    rows = {str(row["file"]): row for row in result}
    seed = rows["000_bcff957e004d4ffb.txt"]
    assert seed["county"] == Literal("常山县", lang="zh")
    assert seed["date"] == Literal("2024-01-30", datatype=XSD_DATE)
    assert seed["meetings"].datatype == XSD_INTEGER and seed["meetings"].toPython() == 8
    assert seed["suggestions"] is None  # unbound


def test_json_leaves_unbound_values_out():
    doc = json.loads(answer("statistics_by_year", "json"))
    row = next(b for b in doc["results"]["bindings"] if b["county"]["value"] == "常山县")
    assert "directorMeetings" in row and "suggestions" not in row
    assert row["county"] == {"type": "literal", "value": "常山县", "xml:lang": "zh"}


def test_json_and_xml_give_the_same_answers():
    def rows(fmt):
        return sorted(tuple(row) for row in Result.parse(io.BytesIO(answer("laws_inspected", fmt)), format=fmt))

    assert rows("json") == rows("xml") and rows("json")


def test_ask_is_a_boolean_result():
    assert json.loads(answer("ASK { ?s ?p ?o }", "json")) == {"head": {}, "boolean": True}
    assert Result.parse(io.BytesIO(answer("ASK { ?s ?p ?o }", "xml")), format="xml").askAnswer is True


def test_csv_and_tsv_are_the_w3c_formats():
    text = answer("report_facts", "csv").decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["file", "county", "date", "speaker", "meetings", "inspections", "suggestions"]
    assert ["000_bcff957e004d4ffb.txt", "常山县", "2024-01-30", "翁旭东", "8", "4", ""] in rows
    assert "\r\n" in text
    tsv = answer("report_facts", "tsv").decode("utf-8").splitlines()
    assert tsv[0].split("\t")[:2] == ["?file", "?county"]
    assert '"常山县"@zh\t"2024-01-30"^^<http://www.w3.org/2001/XMLSchema#date>' in "\n".join(tsv)


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_a_byte_order_mark_for_excel_and_chinese_survives_the_round_trip(fmt, delimiter):
    raw = answer("officials_posts", fmt, bom=True)
    assert raw.startswith(BOM) and not raw[3:].startswith(BOM)
    assert raw[3:] == answer("officials_posts", fmt)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter,
                           quoting=csv.QUOTE_NONE if fmt == "tsv" else csv.QUOTE_MINIMAL))
    _, table = run_query(seed_build() / "graph.trig", "officials_posts")
    names = {r[0].split('"')[1] if fmt == "tsv" else r[0] for r in rows[1:]}
    assert names == {r[0] for r in table} and "翁旭东" in names


def test_a_byte_order_mark_only_with_csv_and_tsv():
    with pytest.raises(QueryError, match="byte-order mark"):
        answer("officials_posts", "json", bom=True)
    result = CliRunner().invoke(cli, ["query", "--data", str(seed_build()), "--format", "xml", "--bom",
                                      "officials_posts"])
    assert result.exit_code == 2 and "--bom goes with --format csv or tsv" in result.output


@pytest.mark.parametrize("fmt, rdf_format", [("ttl", "turtle"), ("nt", "nt")])
def test_construct_and_describe_write_rdf(fmt, rdf_format):
    q = ("PREFIX kg: <https://w3id.org/kg-cn-lg/ontology#>\n"
         "CONSTRUCT { ?a kg:inspectedLaw ?l } WHERE { ?a kg:inspectedLaw ?l }")
    g = Graph().parse(data=answer(q, fmt).decode("utf-8"), format=rdf_format)
    pairs = {(s, o) for s, _, o in g}
    assert len(pairs) == len({(c, norm(r["o"])) for c, r in gold_relations("inspectedLaw")})
    if fmt == "ttl":
        assert answer(q, fmt).decode("utf-8").startswith("@prefix kg: <https://w3id.org/kg-cn-lg/ontology#> .")
        assert isomorphic(g, Graph().parse(data=answer(q, "nt").decode("utf-8"), format="nt"))
    person = "<https://w3id.org/kg-cn-lg/id/person/330822/翁旭东>"
    described = Graph().parse(data=answer(f"DESCRIBE {person}", fmt).decode("utf-8"), format=rdf_format)
    assert (URIRef(person[1:-1]), None, None) in described


@pytest.mark.parametrize("query, fmt, error", [
    ("officials_posts", "ttl", "SELECT and ASK give results"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "json", "CONSTRUCT and DESCRIBE give triples"),
])
def test_a_format_that_does_not_fit_the_query_is_an_error(query, fmt, error):
    with pytest.raises(QueryError, match=error):
        answer(query, fmt)


def test_data_may_be_a_build_folder():
    result = CliRunner().invoke(cli, ["query", "--data", str(seed_build()), "--format", "csv", "laws_inspected"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "county,law,reports"


def test_cli_writes_csv_with_a_byte_order_mark_that_excel_reads_as_utf8():
    result = CliRunner().invoke(cli, ["query", "--data", str(seed_build()), "--format", "csv", "--bom",
                                      "report_facts"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8-sig"), newline="")))
    assert {row["county"] for row in rows} >= {"常山县", "柯城区"}
