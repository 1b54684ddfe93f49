"""The store a build prepares for the first query: the same answers as loading the
files, kept only while graph.trig is as built, and only kg's own stores removed."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

import kg.rdf.store as store_module
from kg.build import build
from kg.query import example_queries, load_query, names_graphs, run_query
from kg.rdf.files import load_store
from kg.rdf.store import STORE_DIR, BuildStore, follow, store_name
from kg.tables import TABLE_QUERIES, TABLES, _table, read_tables

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
DEV = ROOT / "tests" / "fixtures" / "dev" / "reports"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _build(inputs: list[Path], out: Path, notes: list[str] | None = None) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(store_module, "PREPARE_FROM_BYTES", 0)
        build(inputs, out, on_note=(notes.append if notes is not None else None))


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> Path:
    """Seeds and dev reports built with the store prepared by the build."""
    out = tmp_path_factory.mktemp("prepared") / "out"
    _build([SEEDS, DEV], out)
    return out


def _rows(result: object) -> list[tuple[str, ...]]:
    if isinstance(result, ox.QueryBoolean):
        return [(str(bool(result)).lower(),)]
    if isinstance(result, ox.QueryTriples):
        return sorted((t.subject.value, t.predicate.value, t.object.value) for t in result)
    variables = result.variables
    return sorted(tuple("" if s[v] is None else s[v].value for v in variables) for s in result)


def _stores(out: Path) -> list[str]:
    return sorted(p.name for p in (out / STORE_DIR).iterdir()) if (out / STORE_DIR).is_dir() else []


def test_the_build_leaves_the_default_graph_store_of_its_graph_trig(prepared):
    digest = store_module.hashlib.sha256((prepared / "graph.trig").read_bytes()).hexdigest()
    assert _stores(prepared) == [store_name("graph.trig", digest, named=False)]
    assert not list(prepared.glob(".kg-staging*"))


def test_example_queries_and_tables_answer_as_from_the_loaded_files(prepared, tmp_path):
    loaded: list[Path] = []
    shutil.copytree(prepared, tmp_path / "out", ignore=shutil.ignore_patterns(STORE_DIR))
    reference = load_store(tmp_path / "out")  # named graphs and graph.ttl, on disk, as before the build made one
    for name in example_queries():
        text = load_query(name)
        columns, rows = run_query(prepared, name, on_load=loaded.append)
        assert sorted(map(tuple, rows)) == _rows(reference.query(text)), name
    tables = {t.name: t for t in read_tables(prepared, on_load=loaded.append)}
    for name in TABLES:
        assert tables[name] == _table(reference, name), name
    assert loaded == []  # every answer came from the store the build prepared
    assert run_query(prepared, COUNT)[1] == [[str(sum(1 for _ in ox.parse(
        path=str(prepared / "graph.ttl"), format=ox.RdfFormat.TURTLE)))]]


def test_a_query_that_names_graphs_gets_the_named_graphs(prepared, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(prepared, out)
    loaded: list[Path] = []
    text = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    _, rows = run_query(out, text, on_load=loaded.append)
    assert loaded == [out / "graph.trig"] and len(rows) == 40
    assert sorted(map(tuple, rows)) == _rows(load_store(out / "graph.trig", persist=False).query(text))
    assert len(_stores(out)) == 2  # the named graphs' store beside the prepared one
    run_query(out, COUNT, on_load=loaded.append)
    assert len(loaded) == 1


def test_an_edited_graph_trig_is_loaded_again(prepared, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(prepared, out)
    before = int(run_query(out, COUNT)[1][0][0])
    with open(out / "graph.trig", "a", encoding="utf-8") as fh:
        fh.write("<http://example.org/g> {\n<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n}\n")
    loaded: list[Path] = []
    assert int(run_query(out, COUNT, on_load=loaded.append)[1][0][0]) == before + 1
    assert loaded == [out / "graph.trig"]
    digest = store_module.hashlib.sha256((out / "graph.trig").read_bytes()).hexdigest()
    assert _stores(out) == [store_name("graph.trig", digest, named=False)]  # the stale one is gone


def test_a_new_build_removes_only_kgs_own_stores(prepared, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(prepared, out)
    old = _stores(out)
    root = out / STORE_DIR
    (root / "notes.txt").write_text("mine", encoding="utf-8")
    (root / "graph.trig-not-a-store-key").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("mine", encoding="utf-8")
    (root / "graph.trig-0123456789abcdef").symlink_to(elsewhere, target_is_directory=True)
    _build([SEEDS], out)  # another graph.trig
    new = _stores(out)
    assert not set(old) & set(new)
    assert {"notes.txt", "graph.trig-not-a-store-key", "graph.trig-0123456789abcdef"} <= set(new)
    assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert int(run_query(out, COUNT, on_load=lambda p: pytest.fail("loaded"))[1][0][0]) > 0


def test_a_build_whose_store_cannot_be_put_in_place_still_publishes(prepared, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(prepared, out)
    shutil.rmtree(out / STORE_DIR)
    (out / STORE_DIR).write_text("a user's file", encoding="utf-8")
    notes: list[str] = []
    _build([SEEDS], out, notes)
    assert (out / STORE_DIR).read_text(encoding="utf-8") == "a user's file"
    assert any("query store cannot be put there" in n for n in notes)
    assert int(run_query(out, COUNT)[1][0][0]) > 0  # loaded in memory instead


def test_a_build_that_fails_stops_the_loading_process(tmp_path):
    trig = tmp_path / "graph.trig"
    trig.write_text("@prefix ex: <http://example.org/> .\n\n", encoding="utf-8")
    with pytest.raises(RuntimeError), pytest.MonkeyPatch.context() as mp:
        mp.setattr(store_module, "PREPARE_FROM_BYTES", 0)
        with BuildStore(tmp_path / "out") as store:
            store.follow(trig, 1)
            process = store.process
            raise RuntimeError("the build failed")
    assert process.poll() is not None


def test_a_growing_graph_trig_is_loaded_in_chunks_of_whole_reports(prepared, tmp_path, monkeypatch):
    monkeypatch.setattr(store_module, "CHUNK_BYTES", 20_000)
    source = (prepared / "graph.trig").read_bytes()
    trig = tmp_path / "graph.trig"
    trig.write_bytes(b"")
    told, gone = threading.Event(), threading.Event()

    def write() -> None:
        with open(trig, "ab") as fh:
            for start in range(0, len(source), 50_000):  # cuts through prefixes, blocks and characters
                fh.write(source[start:start + 50_000])
                fh.flush()
                gone.wait(0.01)
        told.set()

    writer = threading.Thread(target=write)
    writer.start()
    digest = follow(trig, tmp_path / "store", told, gone)
    writer.join()
    assert digest == store_module.hashlib.sha256(source).hexdigest()
    store = ox.Store.read_only(str(tmp_path / "store"))
    assert _rows(store.query(COUNT)) == _rows(load_store(prepared / "graph.trig", persist=False).query(COUNT))
    assert _rows(store.query("ASK { GRAPH ?g { ?s ?p ?o } }")) == [("false",)]


@pytest.mark.parametrize("text, names", [
    ("SELECT * WHERE { ?s ?p ?o }", False),
    ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", True),
    ("select * where { graph <http://example.org/g> { ?s ?p ?o } }", True),
    ("SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }", True),
    ("SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }", True),
    ("SELECT ?graph WHERE { ?graph ex:graph ?from } # GRAPH in a comment", False),
    ('SELECT * WHERE { ?s ?p "GRAPH ?g FROM" . ?s ?p <http://example.org/GRAPH> }', False),
])
def test_a_query_names_graphs_when_graph_or_from_is_a_keyword(text, names):
    assert names_graphs(text) is names


def test_the_tables_name_no_graph():
    for name in TABLES:
        assert not names_graphs((TABLE_QUERIES / f"{name}.rq").read_text(encoding="utf-8")), name


def test_a_query_of_the_builds_graph_ttl_reads_the_store_of_its_graph_trig(prepared, tmp_path):
    """`kg query --data output/graph.ttl` (the default) finds the store the build prepared:
    its default graph is graph.ttl, as the manifest pairs the two files; once graph.ttl
    no longer has the bytes the manifest names, it is loaded itself."""
    loaded: list[Path] = []
    for name in example_queries():
        assert run_query(prepared / "graph.ttl", name, on_load=loaded.append) == run_query(prepared, name), name
    assert loaded == [] and not [s for s in _stores(prepared) if s.startswith("graph.ttl")]
    out = tmp_path / "out"
    shutil.copytree(prepared, out)
    with open(out / "graph.ttl", "a", encoding="utf-8") as fh:
        fh.write('<https://example.org/s> <https://example.org/p> "added" .\n')
    found = run_query(out / "graph.ttl", 'SELECT ?o WHERE { <https://example.org/s> ?p ?o }', on_load=loaded.append)
    assert found[1] == [["added"]] and loaded == [out / "graph.ttl"]
    names = run_query(out / "graph.ttl", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert names[1] == [["0"]]  # graph.ttl has no named graphs, whatever store answers



def _loading_process(trig: Path, target: Path):
    import subprocess
    import sys

    return subprocess.Popen([sys.executable, "-m", "kg.rdf.store", str(trig), str(target)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _niceness(pid: int) -> int:
    """The nice value of process `pid` (field 19 of /proc/PID/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[16])


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads nice values from /proc")
def test_the_loading_process_yields_to_the_build_and_prints_the_digest_of_what_it_read(tmp_path):
    """As the build runs it: ten steps nicer than the build, loading graph.trig as it
    grows into the default graph, then, told `done`, the SHA-256 of the bytes it read
    on stdout."""
    import hashlib
    import os
    import time

    trig = tmp_path / "graph.trig"
    trig.write_bytes(b"")
    process = _loading_process(trig, tmp_path / STORE_DIR)
    try:
        deadline = time.monotonic() + 30
        while _niceness(process.pid) == os.nice(0) and time.monotonic() < deadline:
            time.sleep(0.05)  # it sets its nice value first thing
        assert _niceness(process.pid) == min(19, os.nice(0) + 10)
        text = (b"@prefix kg: <urn:kg:> .\n\n"  # a header, then report graphs as kg writes them
                b"kg:r1 {\nkg:a kg:b kg:c .\n}\n\nkg:r2 {\nkg:a kg:b kg:c .\nkg:a kg:b kg:d .\n}\n\n")
        with trig.open("ab") as fh:
            fh.write(text)
        out, err = process.communicate(b"done\n", timeout=60)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert out.decode("ascii").strip() == hashlib.sha256(text).hexdigest()
    assert len(ox.Store(str(tmp_path / STORE_DIR))) == 2  # both reports' triples, in the default graph


def test_the_loading_process_stops_when_the_build_goes_without_saying_done(tmp_path):
    trig = tmp_path / "graph.trig"
    trig.write_bytes(b"")
    process = _loading_process(trig, tmp_path / STORE_DIR)
    try:
        out, err = process.communicate(b"", timeout=60)  # stdin closed: the build is gone
    finally:
        process.kill()
    assert process.returncode != 0 and b"the build stopped" in err and not out.strip()


def test_the_loading_process_ends_when_loading_fails_while_the_build_holds_its_input(tmp_path):
    """A loading process that cannot read its graph.trig ends at once with its reason,
    even while the build still holds its stdin open (its listening thread must not
    keep it alive)."""
    process = _loading_process(tmp_path / "missing.trig", tmp_path / STORE_DIR)
    try:
        code = process.wait(timeout=20)
        problem = process.stderr.read().decode("utf-8")
    finally:
        process.kill()
        process.stdin.close()
        process.wait()
    assert code != 0 and "missing.trig" in problem
