"""`kg build`: the command end to end, the cache, workers, failures, publishing."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg import build as kg_build
from kg.build import _pool_size, build
from kg.cache import CACHE_DIR, cache_key
from kg.cli import _Progress, cli
from kg.outdir import MANIFEST
from kg.rdf.namespace import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
OUTPUTS = ("graph.ttl", "graph.trig", "extractions.jsonl", "graph.html")


def files_of(out: Path) -> dict[str, bytes]:
    """Every published file of a build folder and its manifest (not the cache or the lock),
    by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and (p.relative_to(out).as_posix() == MANIFEST
                                or not any(part.startswith(".") for part in p.relative_to(out).parts))}


def with_cache_of(built: Path, out: Path) -> Path:
    """A fresh output folder that starts with the cache of `built`."""
    shutil.copytree(built / CACHE_DIR, out / CACHE_DIR)
    return out


@pytest.fixture(scope="module")
def cli_build(tmp_path_factory) -> tuple[Path, object]:
    """The seeds built once through the command line (`--workers 2`: one is started for five reports)."""
    out = tmp_path_factory.mktemp("cli") / "out"
    result = CliRunner().invoke(cli, ["build", str(SEEDS), "--out", str(out), "--workers", "2"])
    return out, result


def test_cli_builds_every_file_from_the_seeds(cli_build):
    out, result = cli_build
    assert result.exit_code == 0, result.output
    assert "reports read: 5" in result.output
    for name in OUTPUTS:
        assert (out / name).stat().st_size > 0, name
    assert sorted(p.name for p in (out / "reports").iterdir()) == sorted(p.stem + ".ttl" for p in SEEDS.iterdir())
    assert not list(out.glob(".kg-staging*"))


def test_extractions_are_sorted_by_report_file_name(cli_build):
    out, _ = cli_build
    docs = [json.loads(line)["doc"] for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()]
    assert docs == sorted(docs)
    assert set(docs) == {p.name for p in SEEDS.iterdir()}


def test_merged_graph_is_the_union_of_the_report_graphs(cli_build):
    out, result = cli_build
    merged = Graph().parse(out / "graph.ttl")
    union = Graph()
    for part in sorted((out / "reports").iterdir()):
        union += Graph().parse(part)
    assert isomorphic(merged, union)
    assert f"triples: {len(merged)}" in result.output


def test_view_equals_the_view_of_the_whole_graph(cli_build, tmp_path):
    from kg.view.html import write_view

    out, _ = cli_build
    write_view(Graph().parse(out / "graph.ttl"), tmp_path / "full.html")
    assert (out / "graph.html").read_bytes() == (tmp_path / "full.html").read_bytes()


def test_one_worker_and_two_give_identical_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(9):  # 45 reports: enough for two workers
        for seed in sorted(SEEDS.iterdir()):
            text = seed.read_text(encoding="utf-8") + f"\n（第{i}份）\n"
            (corpus / f"{i}_{seed.name}").write_text(text, encoding="utf-8")
    assert _pool_size(2, 45) == 2
    build([corpus], tmp_path / "two", workers=2)
    build([corpus], tmp_path / "one", workers=1)
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


def test_few_reports_start_fewer_workers():
    assert [_pool_size(2, n) for n in (1, 5, 20, 21, 1000)] == [1, 1, 1, 2, 2]
    assert [_pool_size(8, n) for n in (45, 100, 1000)] == [3, 5, 8]
    assert _pool_size(1, 1000) == 1


def test_rebuild_takes_everything_from_the_cache(cli_build, tmp_path):
    out, _ = cli_build
    again = with_cache_of(out, tmp_path / "again")
    summary = build([SEEDS], again)
    assert (summary.extracted, summary.cached) == (0, 5)
    assert files_of(again) == files_of(out)


def test_adding_a_report_extracts_only_that_one(cli_build, tmp_path):
    out, _ = cli_build
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    last = sorted(corpus.iterdir())[-1]
    kept = last.read_bytes()
    last.unlink()
    partial = with_cache_of(out, tmp_path / "out")
    assert build([corpus], partial).reports == 4
    last.write_bytes(kept)
    summary = build([corpus], partial)
    assert (summary.extracted, summary.cached) == (1, 4)
    assert files_of(partial) == files_of(out)


def test_cache_keeps_only_the_last_builds_reports(cli_build, tmp_path):
    out, _ = cli_build
    one = with_cache_of(out, tmp_path / "one")
    first = sorted(SEEDS.iterdir())[0]
    build([first], one)
    names = {p.name.split(".", 1)[0] for p in (one / CACHE_DIR).iterdir()}
    assert names == {cache_key(first, DEFAULT_BASE)}


def test_a_bad_report_is_named_and_the_others_still_build(cli_build, tmp_path):
    out, _ = cli_build
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "zzz_empty.txt").write_bytes(b"")
    target = with_cache_of(out, tmp_path / "out")
    result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(target)])
    assert result.exit_code == 1
    assert f"kg: error: {corpus / 'zzz_empty.txt'}: empty file" in result.output
    assert "reports read: 5 (1 failed, 5 from the cache)" in result.output
    assert files_of(target) == files_of(out)


def test_two_reports_with_one_name_are_named_and_year_folders_build_side_by_side(cli_build, tmp_path):
    out, _ = cli_build
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus / "2023")
    first = sorted(SEEDS.iterdir())[0]
    (corpus / "2024").mkdir()
    shutil.copy(first, corpus / "2024" / first.name)
    shutil.copy(first, corpus / "2023" / (first.stem + ".md"))
    target = with_cache_of(out, tmp_path / "out")
    result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(target)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("kg: error:")]
    assert errors == [
        f"kg: error: {corpus / '2023' / first.name}: has the same report name as {corpus / '2023' / (first.stem + '.md')}"
        " (a report is named by its file name without the suffix): rename one",
    ]
    assert "reports read: 6 (1 failed, 4 from the cache)" in result.output
    # the copy in 2024/ is told apart by its folder, and (same county, year and kind) by its IRI
    warning, = [line for line in result.output.splitlines() if "both kept" in line]
    assert warning.startswith(f"kg: warning: {corpus / '2024' / first.name}: has the county, year and kind of "
                              f"{corpus / '2023' / (first.stem + '.md')}")
    assert (target / "reports" / f"2024%2F{first.stem}.ttl").is_file()
    docs = [json.loads(line)["doc"] for line in (target / "extractions.jsonl").read_text().splitlines()
            if '"kind": "report"' in line]
    assert f"2024/{first.name}" in docs and f"2023/{first.stem}.md" in docs


def test_strict_stops_at_the_first_bad_report_and_keeps_the_previous_output(cli_build, tmp_path):
    out, _ = cli_build
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "000_aaa_empty.txt").write_bytes(b"")
    target = with_cache_of(out, tmp_path / "out")
    build([SEEDS], target)
    before = files_of(target)
    result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(target), "--strict"])
    assert result.exit_code == 1
    assert "000_aaa_empty.txt: empty file" in result.output
    assert "reports read" not in result.output
    assert files_of(target) == before


def test_an_interrupted_build_leaves_the_previous_output(cli_build, tmp_path, monkeypatch):
    out, _ = cli_build
    target = with_cache_of(out, tmp_path / "out")
    build([SEEDS], target)
    before = files_of(target)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kg_build, "_write_view", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build([sorted(SEEDS.iterdir())[0]], target)
    assert files_of(target) == before
    assert not list(target.glob(".kg-staging*"))


def test_progress_is_silent_for_a_few_reports(capsys):
    progress = _Progress()
    for n in range(1, 6):
        progress(n, 5, f"{n}.txt")
    progress.close()
    assert capsys.readouterr().err == ""


def test_progress_without_a_terminal_prints_a_line_per_tenth(capsys):
    progress = _Progress()
    for n in range(1, 21):
        progress(n, 20, f"{n}.txt")
    progress.close()
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "kg: 2/20 reports done"
    assert lines[-1] == "kg: 20/20 reports done"
    assert len(lines) == 10


def test_the_rows_written_for_a_report_are_its_report_graph(seed_results, tmp_path):
    from kg.build import _write_entry
    from kg.cache import Cache
    from kg.rdf.assemble import report_graph

    for name, result in seed_results.items():
        _write_entry(Cache(tmp_path), "entry", result, DEFAULT_BASE, [])
        written = Graph().parse(tmp_path / "entry.ttl", format="turtle")
        graph = report_graph(result, DEFAULT_BASE)
        assert isomorphic(written, graph), name
        assert len(written) == len(graph) > 0


def test_the_command_forks_its_workers_from_a_preloaded_server_and_builds_the_same(cli_build, tmp_path):
    """`kg build` as a command starts kg.forkserver's server first, and its workers come
    from it (two for five reports: they start ready); the files equal those of a build
    whose workers were forked from the building process itself."""
    import subprocess
    import sys

    out = tmp_path / "out"
    probe = ("import sys, kg.build as b, kg.forkserver as f; from kg.cli import main; "
             "orig = b._pool_size; b._pool_size = lambda w, t: print('pool', orig(w, t), f.context() is not None, "
             "file=sys.stderr) or orig(w, t); sys.argv = ['kg'] + sys.argv[1:]; main()")
    done = subprocess.run([sys.executable, "-c", probe, "build", str(SEEDS), "--out", str(out), "--workers", "2"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "pool 2 True" in done.stderr
    for name in ("graph.ttl", "graph.trig", "extractions.jsonl", "graph.html"):
        assert (out / name).read_bytes() == (cli_build[0] / name).read_bytes(), name
