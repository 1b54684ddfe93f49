"""`kg tables`: the tables a researcher opens in a spreadsheet, from real builds.

Two builds: the seeds (rows checked against the gold annotations), and the
seeds with a copy of 000 a year later (changshan-2024.txt: covering 2024,
delivered 2025), which gives 常山县 two years.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, Graph
from rdflib.namespace import SKOS

from kg.build import build
from kg.cli import cli
from kg.link.posts import posts
from kg.rdf.namespace import KG
from kg.tables import (MANIFEST, TABLE_QUERIES, TABLES, WORKBOOK, XLSX_CELL_LIMIT, Table, read_tables,
                       write_tables, xlsx_bytes)
from rdf_support import GOLD, ROOT, SEEDS, gold, seed_build

SEED = "000_bcff957e004d4ffb.txt"
LATER = "changshan-2024.txt"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def later_year(text: str) -> str:
    """The seed a year later: delivered in 2025, covering 2024."""
    return text.replace("2024年", "2025年").replace("2023年", "2024年")


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    """A build of the seeds and of 000 a year later."""
    root = tmp_path_factory.mktemp("tables")
    reports = root / "in"
    reports.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        (reports / p.name).write_bytes(p.read_bytes())
    (reports / LATER).write_text(later_year((SEEDS / SEED).read_text(encoding="utf-8")), encoding="utf-8")
    summary = build([reports], root / "out", workers=1)
    assert not summary.failed and summary.reports == 6
    return root / "out"


def csv_rows(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


@pytest.fixture(scope="module")
def seed_tables(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-tables")
    write_tables(seed_build(), out, "csv")
    write_tables(seed_build(), out, "xlsx")
    return out


@pytest.fixture(scope="module")
def year_tables(two_years) -> dict[str, list[dict]]:
    write_tables(two_years)  # the default: csv into the build's tables/
    return {name: csv_rows(two_years / "tables" / f"{name}.csv") for name in TABLES}


def gold_roles(role: str) -> set[str]:
    """The posts a gold role names (人大常委会党组书记、副主任 is two)."""
    return {p.role for p in posts(role) if p.body}


# --- rows against known answers -------------------------------------------------------------------

def test_officials_are_the_gold_posts_with_a_sentence_naming_them(seed_tables):
    rows = csv_rows(seed_tables / "officials.csv")
    for doc, g in gold().items():
        want = {(r["s"], role) for r in g["relations"] if r["p"] == "holdsPost" for role in gold_roles(r["role"])}
        assert {(r["name"], r["role"]) for r in rows if r["file"] == doc} == want, doc
    assert all(r["name"] in r["sentence"] for r in rows)
    chair = [r for r in rows if r["name"] == "翁旭东"]
    assert [(r["county"], r["year"], r["role"], r["body"], r["area"], r["file"], r["title"]) for r in chair] == [
        ("常山县", "2023", "人大常委会主任", "常山县人大常委会", "常山县", SEED, "常山县人民代表大会常务委员会工作报告")]


def test_a_countys_officials_over_two_years(year_tables):
    chairs = [(r["year"], r["file"]) for r in year_tables["officials"]
              if r["county"] == "常山县" and r["name"] == "翁旭东" and r["role"] == "人大常委会主任"]
    assert chairs == [("2023", SEED), ("2024", LATER)]
    assert all("翁旭东" in r["sentence"] for r in year_tables["officials"] if r["name"] == "翁旭东")


def test_report_facts_and_statistics_are_the_golds(seed_tables):
    rows = {r["file"]: r for r in csv_rows(seed_tables / "reports.csv")}
    assert set(rows) == set(gold())
    for doc, g in gold().items():
        row = rows[doc]
        assert {k: row[k] for k in g["report"]} == {k: v or "" for k, v in g["report"].items()}, doc
        assert {k: row[k] for k in g["statistics"]} == {k: str(v) for k, v in g["statistics"].items()}, doc
    assert rows[SEED] == {
        "county": "常山县", "code": "330822", "year": "2023", "kind": "work-report",
        "title": "常山县人民代表大会常务委员会工作报告", "date": "2024-01-30",
        "session": "常山县第十七届人民代表大会第三次会议", "speaker": "翁旭东", "speaker_role": "人大常委会主任",
        "file": SEED, "standing_committee_meetings": "8", "director_meetings": "13", "work_reports_reviewed": "25",
        "law_inspections": "4", "resolutions": "20", "appointments": "40", "deputy_suggestions": ""}


def test_a_countys_reports_over_two_years(year_tables):
    rows = [r for r in year_tables["reports"] if r["county"] == "常山县"]
    assert [(r["year"], r["date"], r["file"], r["standing_committee_meetings"]) for r in rows] == [
        ("2023", "2024-01-30", SEED, "8"), ("2024", "2025-01-30", LATER, "8")]


def test_inspections_are_the_gold_laws(seed_tables):
    rows = csv_rows(seed_tables / "inspections.csv")
    status = {"inspectedLaw": "carried out", "plansInspection": "planned"}
    for doc, g in gold().items():
        want = {(r["o"], status[r["p"]]) for r in g["relations"] if r["p"] in status}
        assert {(r["law"], r["status"]) for r in rows if r["file"] == doc} == want, doc
    for r in rows:
        assert r["year"] == ("2024" if r["status"] == "planned" else "2023")
        assert r["sentence"] and r["sentence"] in (SEEDS / r["file"]).read_text(encoding="utf-8")
    assert ("常山县", "浙江省全民健身条例") in {(r["county"], r["law"]) for r in rows}


def test_laws_inspected_per_county_per_year(year_tables):
    rows = [r for r in year_tables["inspections"] if r["county"] == "常山县"]
    laws = {r["law"] for r in rows}
    assert laws == {r["o"] for r in gold()[SEED]["relations"] if r["p"] == "inspectedLaw"}
    assert [(r["year"], r["file"]) for r in rows] == [("2023", SEED)] * 4 + [("2024", LATER)] * 4


def concepts_by_rdflib(build_dir: Path) -> dict[tuple[str, str], dict]:
    """The concepts table worked out again with rdflib (not Oxigraph) from graph.ttl."""
    g = Graph().parse(build_dir / "graph.ttl")
    found: dict = defaultdict(lambda: {"files": set(), "counties": set(), "years": set()})
    for cls, kind in ((KG.Programme, "Programme"), (KG.Slogan, "Slogan")):
        for c in g.subjects(RDF.type, cls):
            entry = found[(str(g.value(c, SKOS.prefLabel)), kind)]
            for r in g.subjects(KG.mentions, c):
                entry["files"].add(str(g.value(r, KG.fileName)))
                county = g.value(r, KG.reportCounty)
                if county is not None:
                    entry["counties"].add(str(g.value(county, RDFS.label)))
                if g.value(r, KG.year) is not None:
                    entry["years"].add(str(g.value(r, KG.year)))
    return found


def test_concepts_name_their_reports_counties_and_years(two_years, year_tables):
    rows = year_tables["concepts"]
    want = concepts_by_rdflib(two_years)
    assert len(rows) == len(want)
    for r in rows:
        w = want[(r["name"], r["type"])]
        assert r["files"] == "; ".join(sorted(w["files"])) and int(r["reports"]) == len(w["files"])
        assert r["counties"] == "; ".join(sorted(w["counties"])) and r["years"] == "; ".join(sorted(w["years"]))
    both = {r["name"]: r for r in rows}["两个确立"]
    assert (both["type"], both["reports"], both["years"]) == ("Slogan", "6", "2023; 2024")
    assert both["counties"] == "常山县; 忠县; 柯城区; 江陵县; 绛县"
    assert [int(r["reports"]) for r in rows] == sorted((int(r["reports"]) for r in rows), reverse=True)


# --- files: CSV, XLSX, determinism -----------------------------------------------------------------

def test_csv_is_utf8_with_a_byte_order_mark_for_excel(seed_tables):
    for name in TABLES:
        data = (seed_tables / f"{name}.csv").read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf\xef\xbb\xbf")
        assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert "翁旭东" in (seed_tables / "officials.csv").read_text(encoding="utf-8-sig")


def test_the_workbook_holds_the_csv_rows_one_sheet_per_table(seed_tables):
    book = openpyxl.load_workbook(seed_tables / WORKBOOK)
    assert book.sheetnames == list(TABLES)
    for name in TABLES:
        sheet = book[name]
        cells = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        with open(seed_tables / f"{name}.csv", encoding="utf-8-sig", newline="") as fh:
            assert cells == list(csv.reader(fh)), name
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.b for cell in sheet[1])
        assert sheet.auto_filter.ref is not None
    reports = book["reports"]
    assert reports["C2"].value == 2023 and reports["B2"].value == "330822" and reports["K2"].value == 8


def test_a_workbook_holds_text_as_text(tmp_path):
    long = "长" * (XLSX_CELL_LIMIT + 10)
    table = Table("officials", ["name", "n"], [["=1+1", 3], ["+86 123", ""], ["https://example.org/x", 0], [long, 7]])
    (tmp_path / "t.xlsx").write_bytes(xlsx_bytes([table]))
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["officials"]
    assert [(c.value, c.data_type) for c in sheet["A"][1:3]] == [("=1+1", "s"), ("+86 123", "s")]
    assert sheet["A5"].value == long[:XLSX_CELL_LIMIT - 1] + "…" and sheet["B5"].value == 7
    assert sheet["B3"].value is None and sheet["A4"].hyperlink is None


def test_the_same_graph_gives_the_same_bytes(two_years, year_tables, tmp_path):
    """Twice, and from graph.ttl as from graph.trig (whose merge is the same graph),
    and as the build's tables/ (written by `year_tables`)."""
    for i, data in enumerate((two_years, two_years / "graph.ttl")):
        write_tables(data, tmp_path / f"csv{i}")
        write_tables(data, tmp_path / f"xlsx{i}", "xlsx")
    for name in [f"{t}.csv" for t in TABLES]:
        assert (tmp_path / "csv0" / name).read_bytes() == (tmp_path / "csv1" / name).read_bytes()
        assert (tmp_path / "csv0" / name).read_bytes() == (two_years / "tables" / name).read_bytes()
    assert (tmp_path / "xlsx0" / WORKBOOK).read_bytes() == (tmp_path / "xlsx1" / WORKBOOK).read_bytes()
    with zipfile.ZipFile(tmp_path / "xlsx0" / WORKBOOK) as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"1980-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_rows_are_sorted_by_county_and_year(year_tables):
    for name in ("officials", "reports", "inspections"):
        keys = [(r["county"], r["year"]) for r in year_tables[name]]
        assert keys == sorted(keys), name


# --- the command and what it may write ------------------------------------------------------------

def kg(*args: str) -> object:
    return CliRunner().invoke(cli, list(args))


def test_the_command_writes_csv_by_default_and_xlsx_on_request(tmp_path):
    result = kg("tables", str(seed_build()), "--out", str(tmp_path / "t"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == sorted([MANIFEST] + [f"{t}.csv" for t in TABLES])
    assert f"wrote {tmp_path / 't' / 'officials.csv'} (16 rows)" in result.output
    result = kg("tables", str(seed_build()), "--out", str(tmp_path / "t"), "--format", "xlsx")
    assert result.exit_code == 0 and "(officials 16, reports 5, inspections 33, concepts" in result.output
    assert (tmp_path / "t" / WORKBOOK).is_file() and (tmp_path / "t" / "officials.csv").is_file()


@pytest.mark.parametrize("where, message", [
    ("missing", "missing: no such file or folder (run `kg build` first)"),
    ("empty", "empty: no graph.trig or graph.ttl in this folder (run `kg build` first)"),
])
def test_without_a_build_it_says_so(tmp_path, where, message):
    (tmp_path / "empty").mkdir()
    result = kg("tables", str(tmp_path / where), "--out", str(tmp_path / "t"))
    assert result.exit_code == 1 and f"kg: error: {tmp_path}/{message}" in result.output
    assert not (tmp_path / "t").exists()


@pytest.mark.parametrize("out, message", [
    ("t", "t: is a file, not a folder: choose another --out"),
    ("t/sub", "t/sub: cannot be made a folder (a file is in its way): choose another --out"),
])
def test_an_out_that_is_a_file_is_refused(tmp_path, out, message):
    (tmp_path / "t").write_text("mine", encoding="utf-8")
    result = kg("tables", str(seed_build()), "--out", str(tmp_path / out))
    assert result.exit_code == 1 and f"kg: error: {tmp_path}/{message}" in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["t"] and (tmp_path / "t").read_text(encoding="utf-8") == "mine"


def test_files_kg_did_not_write_are_never_replaced(tmp_path):
    out = tmp_path / "t"
    out.mkdir()
    (out / "notes.txt").write_text("notes", encoding="utf-8")
    (out / "reports.csv").write_text("my own table", encoding="utf-8")
    result = kg("tables", str(seed_build()), "--out", str(out))
    assert result.exit_code == 1
    assert f"kg: error: {out / 'reports.csv'}: was not written by kg tables" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "reports.csv"]
    assert (out / "reports.csv").read_text(encoding="utf-8") == "my own table"
    (out / "reports.csv").unlink()
    assert kg("tables", str(seed_build()), "--out", str(out)).exit_code == 0
    assert kg("tables", str(seed_build()), "--out", str(out)).exit_code == 0  # its own files: replaced
    (out / "concepts.csv").write_text("edited by hand", encoding="utf-8")
    result = kg("tables", str(seed_build()), "--out", str(out))
    assert result.exit_code == 1 and f"{out / 'concepts.csv'}: was not written by kg tables" in result.output
    assert (out / "concepts.csv").read_text(encoding="utf-8") == "edited by hand"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "notes"
    assert kg("tables", str(seed_build()), "--out", str(out), "--format", "xlsx").exit_code == 0
    assert (out / "concepts.csv").read_text(encoding="utf-8") == "edited by hand"


def test_a_manifest_kg_did_not_write_is_refused(tmp_path):
    out = tmp_path / "t"
    out.mkdir()
    (out / MANIFEST).write_text('{"files": {"../../etc/passwd": "x"}}', encoding="utf-8")
    result = kg("tables", str(seed_build()), "--out", str(out))
    assert result.exit_code == 1 and "not a list of files kg tables can read" in result.output
    assert [p.name for p in out.iterdir()] == [MANIFEST]


# --- queries, packaging, README ---------------------------------------------------------------------

def test_each_table_is_one_query_that_ships_with_kg():
    assert sorted(p.stem for p in TABLE_QUERIES.glob("*.rq")) == sorted(TABLES)
    assert [t.name for t in read_tables(seed_build())] == list(TABLES)


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    return README[start:README.find("\n## ", start + 1)]


def test_the_readme_shows_each_table_after_querying():
    headings = re.findall(r"^## (.+)$", README, re.MULTILINE)
    assert headings.index("Tables") > headings.index("Querying")
    text = section("Tables")
    assert "kg tables [BUILD_DIR] [--out DIR] [--format csv|xlsx]" in text
    for table in read_tables(seed_build()):
        header = "| " + " | ".join(table.columns) + " |"
        assert header in text, table.name
        first = "| " + " | ".join(str(v) for v in table.rows[0][:4])
        assert first in text, table.name


def test_help_and_readme_give_the_same_options_and_defaults():
    command = cli.commands["tables"]
    help_text = " ".join(command.get_help(click.Context(command, info_name="tables", terminal_width=10_000)).split())
    text = " ".join(section("Tables").split())
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert all(opt in text for opt in param.opts), param.opts
        if isinstance(param.default, str):
            assert f"default: `{param.default}`" in text or f"default `{param.default}`" in text, param.name
            assert re.search(rf"default:? {param.default}\b", help_text), param.name
        if isinstance(param.type, click.Choice):
            assert all(f"--format {c}" in text for c in param.type.choices)
