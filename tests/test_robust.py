"""Bad and unusual input through the real `kg build`: every encoding, traditional
characters, HTML, broken files, and labels that are hard to write as Turtle.

The encoded copies are made here from the seeds, in temporary folders. Each
corpus is built once, so one version of the extractors scores every copy.
"""
from __future__ import annotations

import codecs
import html
import json
import os
import re
import shutil
import unicodedata
from collections import defaultdict
from pathlib import Path

import opencc
import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, SKOS, Graph, Literal

from kg.cli import cli
from kg.io.normalise import to_simplified
from kg.io.read import read_report
from kg.rdf.namespace import KG

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
# 002 names its speaker at the end of a line; 000 breaks a term over lines
ENCODED_SEED = "002_73afdd1df5b9533d.txt"
CRLF_SEED = "000_bcff957e004d4ffb.txt"


def _html(text: str) -> bytes:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n"))
    return (f"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>人大常委会工作报告</title>"
            f"<style>p {{ margin: 0 }}</style></head>\n<body>\n{body}</body></html>\n").encode("utf-8")


ENCODINGS = {
    "utf-8-bom": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "utf-16-bom": lambda t: t.encode("utf-16"),
    "utf-16-le": lambda t: t.encode("utf-16-le"),
    "gb18030": lambda t: t.encode("gb18030"),
    "gbk": lambda t: t.encode("gbk"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "crlf-utf-16": lambda t: t.replace("\n", "\r\n").encode("utf-16"),
    "html": _html,
}
TRADITIONAL = {
    "s2t": lambda t: opencc.OpenCC("s2t").convert(t).encode("utf-8"),
    "s2tw-big5": lambda t: opencc.OpenCC("s2tw").convert(t).encode("big5hkscs"),
}


def _copy_name(variant: str, seed: str) -> str:
    return f"{variant}__{Path(seed).stem}{'.html' if variant == 'html' else '.txt'}"


def _by_doc(out: Path) -> dict[str, dict]:
    """Entities, relations and report facts of each document of a build."""
    docs: dict[str, dict] = defaultdict(lambda: {"entities": set(), "relations": set(), "report": None, "lines": []})
    with open(out / "extractions.jsonl", encoding="utf-8") as fh:
        for line in fh:
            obj = json.loads(line)
            doc = docs[obj["doc"]]
            doc["lines"].append(obj)
            if obj["kind"] == "entity":
                doc["entities"].add((obj["type"], obj["name"], obj.get("code")))
            elif obj["kind"] == "relation":
                doc["relations"].add((obj["s"], obj["p"], obj["o"], obj.get("role")))
            elif obj["kind"] == "report":
                doc["report"] = {k: v for k, v in obj.items() if k not in ("doc", "evidence")}
    return dict(docs)


@pytest.fixture(scope="module")
def corpus_build(tmp_path_factory) -> tuple[Path, Path, dict[str, dict], object]:
    """The seeds, their encoded copies and their traditional copies, built together."""
    corpus = tmp_path_factory.mktemp("corpus")
    for path in SEED_FILES:
        shutil.copy(path, corpus / path.name)
        text = path.read_text(encoding="utf-8")
        (corpus / _copy_name("s2t", path.name)).write_bytes(TRADITIONAL["s2t"](text))
    text = (SEEDS / ENCODED_SEED).read_text(encoding="utf-8")
    for variant, encode in ENCODINGS.items():
        (corpus / _copy_name(variant, ENCODED_SEED)).write_bytes(encode(text))
    (corpus / _copy_name("crlf", CRLF_SEED)).write_bytes(ENCODINGS["crlf"]((SEEDS / CRLF_SEED).read_text("utf-8")))
    (corpus / _copy_name("s2tw-big5", ENCODED_SEED)).write_bytes(TRADITIONAL["s2tw-big5"](text))
    out = tmp_path_factory.mktemp("corpus-out")
    result = CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out)])
    return corpus, out, _by_doc(out), result


def test_the_corpus_builds_without_errors(corpus_build):
    corpus, _, docs, result = corpus_build
    assert result.exit_code == 0, result.output
    assert "kg: error" not in result.output and "Traceback" not in result.output
    assert set(docs) == {p.name for p in corpus.iterdir()}


@pytest.mark.parametrize("variant, seed", [(v, ENCODED_SEED) for v in ENCODINGS] + [("crlf", CRLF_SEED)])
def test_an_encoded_copy_gives_exactly_the_entities_of_its_original(corpus_build, variant, seed):
    _, _, docs, _ = corpus_build
    original, copy = docs[seed], docs[_copy_name(variant, seed)]
    assert copy["entities"] == original["entities"]
    assert copy["relations"] == original["relations"]
    assert copy["report"] == original["report"]


@pytest.mark.parametrize("variant, seed", [("s2t", p.name) for p in SEED_FILES] + [("s2tw-big5", ENCODED_SEED)])
def test_a_traditional_copy_finds_at_least_nine_tenths_of_the_entities(corpus_build, variant, seed):
    _, _, docs, _ = corpus_build
    original, copy = docs[seed]["entities"], docs[_copy_name(variant, seed)]["entities"]
    assert len(original & copy) >= 0.9 * len(original), sorted(original - copy)


def test_canonical_names_from_traditional_copies_are_simplified(corpus_build):
    _, _, docs, _ = corpus_build
    for name, doc in docs.items():
        if name.startswith(tuple(f"{v}__" for v in TRADITIONAL)):
            for obj in doc["lines"]:
                if obj["kind"] == "entity":
                    assert obj["name"] == to_simplified(obj["name"]), obj["name"]


def _compared(name: str) -> str:
    """A name as the annotation guide compares names: NFKC, no quotes, brackets or spaces."""
    return re.sub(r"[“”\"'‘’《》〈〉「」『』\s]", "", unicodedata.normalize("NFKC", name))


def test_traditional_surface_forms_are_aliases(corpus_build):
    _, _, docs, _ = corpus_build
    for seed in SEED_FILES:
        names = {(o["type"], o["name"]): {_compared(o["name"]), *map(_compared, o.get("aliases", []))}
                 for o in docs[seed.name]["lines"] if o["kind"] == "entity"}
        for obj in docs[_copy_name("s2t", seed.name)]["lines"]:
            if obj["kind"] != "entity" or (obj["type"], obj["name"]) not in names:
                continue
            simplified = names[obj["type"], obj["name"]]
            surfaces = {_compared(m["text"]) for m in obj["mentions"]}
            traditional = {s for s in surfaces if to_simplified(s) != s and to_simplified(s) in simplified}
            assert traditional <= {_compared(a) for a in obj.get("aliases", [])}, (obj["name"], traditional)


def test_offsets_index_the_text_as_read(corpus_build):
    """Every span quotes the text kg reads (for the HTML copy: its visible text), and
    an official's mention holds the whole name."""
    corpus, _, docs, _ = corpus_build
    for name, doc in docs.items():
        text = read_report(corpus / name).text
        for obj in doc["lines"]:
            spans = obj.get("mentions", [])
            if obj["kind"] == "report":
                spans = list(obj["evidence"].values())
            for span in spans:
                assert text[span["start"]:span["end"]] == span["text"], (name, span)
                if obj.get("type") == "Official":
                    assert to_simplified(_compared(span["text"])) == obj["name"], (name, span)
            if obj["kind"] == "relation":
                for span in obj["evidence"]:
                    assert 0 <= span["start"] <= span["end"] <= len(text), (name, span)


def _spans(doc: dict) -> dict[tuple, list[tuple[int, int]]]:
    """Every span of a report's lines, by the entity, relation or statistic it belongs to."""
    out: dict[tuple, list[tuple[int, int]]] = {}
    for o in doc["lines"]:
        if o["kind"] == "entity":
            out["entity", o["type"], o["name"]] = sorted((m["start"], m["end"]) for m in o["mentions"])
        elif o["kind"] == "relation":
            out["relation", o["s"], o["p"], o["o"], o.get("role")] = sorted((e["start"], e["end"]) for e in o["evidence"])
        else:
            out.update({("statistic", k): [(v["start"], v["end"])] for k, v in o["evidence"].items()})
    return out


OFFSET_COPIES = [(v, ENCODED_SEED) for v in ENCODINGS if v != "html"] + [("crlf", CRLF_SEED)]


def _moved_spans(docs: dict, variant: str, seed: str) -> tuple[dict, dict]:
    """(the copy's spans, the original's moved as the copy's line ends move them)."""
    original = (SEEDS / seed).read_text(encoding="utf-8")
    per_line_end = 1 if variant.startswith("crlf") else 0

    def moved(p: int) -> int:
        return p + per_line_end * original.count("\n", 0, p)

    want = {k: [(moved(s), moved(e)) for s, e in v] for k, v in _spans(docs[seed]).items()}
    return _spans(docs[_copy_name(variant, seed)]), want


@pytest.mark.parametrize("variant, seed", OFFSET_COPIES)
def test_an_encoded_copys_offsets_are_its_originals_moved_by_its_line_ends(corpus_build, variant, seed):
    """Offsets count characters of the decoded text with its line ends as they are:
    a copy in another encoding has the original's, a CRLF copy one more per line end before."""
    found, want = _moved_spans(corpus_build[2], variant, seed)
    assert set(found) == set(want)
    for key, spans in want.items():
        if key[0] == "relation":
            assert set(spans) <= set(found[key]), key
        else:
            assert found[key] == spans, key


@pytest.mark.parametrize("variant, seed", [("crlf", CRLF_SEED)])
def test_a_crlf_copys_relation_evidence_is_its_originals(corpus_build, variant, seed):
    found, want = _moved_spans(corpus_build[2], variant, seed)
    assert found == want


BROKEN = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"\r\n  \t\n", "no text (file is blank)"),
    "binary.txt": (b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8, "binary data (NUL byte at offset 7)"),
    "nul-inside.txt": (None, "binary data (NUL byte at offset 600)"),
    "undecodable.txt": (bytes(range(0x80, 0x100)) * 40,
                        "not text in a known encoding (tried UTF-8, UTF-16, GB18030, Big5)"),
    "control-characters.txt": (bytes(range(1, 9)) * 500, "binary data (control characters in the utf-8 text)"),
    "empty-page.html": (b"<html><body><script>1</script></body></html>", "no text (HTML page without visible text)"),
}


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory) -> tuple[Path, object]:
    """A folder of broken files, files with fixable problems and one good seed."""
    corpus = tmp_path_factory.mktemp("broken")
    seed = (SEEDS / ENCODED_SEED).read_text(encoding="utf-8")
    for name, (data, _) in BROKEN.items():
        if data is None:
            data = seed.encode("utf-8")[:600] + b"\x00" + seed.encode("utf-8")[600:]
        (corpus / name).write_bytes(data)
    (corpus / "broken-link.txt").symlink_to(corpus / "gone.txt")
    (corpus / "good.txt").write_text(seed, encoding="utf-8")
    (corpus / "nul-padded.txt").write_bytes(seed.encode("utf-8") + b"\x00" * 512)
    (corpus / "unbalanced-book.txt").write_text(seed.replace("》", "", 3), encoding="utf-8")
    (corpus / "unbalanced-quote.txt").write_text(seed.replace("”", "", 5), encoding="utf-8")
    (corpus / "only-openings.txt").write_text("《" * 100_000 + "“" * 100_000 + "\n" + seed, encoding="utf-8")
    out = tmp_path_factory.mktemp("broken-out")
    return corpus, CliRunner().invoke(cli, ["build", str(corpus), "--out", str(out)])


def test_each_broken_file_is_one_error_line_naming_it(broken_build):
    corpus, result = broken_build
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("kg: error:")]
    expected = {f"kg: error: {corpus / name}: {problem}" for name, (_, problem) in BROKEN.items()}
    expected.add(f"kg: error: {corpus / 'broken-link.txt'}: No such file or directory")
    assert sorted(errors) == sorted(expected)


def test_the_other_files_still_build_and_the_exit_code_says_some_failed(broken_build):
    _, result = broken_build
    assert result.exit_code == 1
    assert f"reports read: 5 ({len(BROKEN) + 1} failed" in result.output


def test_fixable_problems_are_one_warning_line_naming_the_file(broken_build):
    corpus, result = broken_build
    assert f"kg: warning: {corpus / 'nul-padded.txt'}: 512 NUL bytes at the end of the file ignored" in result.output
    assert f"kg: warning: {corpus / 'unbalanced-book.txt'}: unbalanced 《》" in result.output
    assert f"kg: warning: {corpus / 'unbalanced-quote.txt'}: unbalanced “”" in result.output
    assert f"kg: warning: {corpus / 'only-openings.txt'}: unbalanced 《》" in result.output


def test_a_single_line_of_megabytes_builds(tmp_path):
    seed = (SEEDS / ENCODED_SEED).read_text(encoding="utf-8").replace("\n", "")
    line = seed + "Annex 2024, table 3, row 17; " * (1_050_000 // 29)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "line.txt").write_text(line, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert "Traceback" not in result.output
    assert result.exit_code == 0, result.output[-2000:]


def test_a_crash_inside_extraction_is_one_error_line_and_the_others_build(tmp_path, monkeypatch):
    import kg.process

    def crash(report):
        if report.name == "b.txt":
            raise RuntimeError("extractor bug")
        return original(report)

    original = kg.process.process_report
    monkeypatch.setattr(kg.process, "process_report", crash)
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(SEEDS / ENCODED_SEED, tmp_path / "in" / name)
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert "Traceback" not in result.output
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1 and str(tmp_path / "in" / "b.txt") in errors[0] and "extractor bug" in errors[0]
    assert "reports read: 1 (1 failed" in result.output


LABELS = (
    "测试县人民代表大会常务委员会工作报告\n"
    "一年来，我们推进《关于\"双减\"<试点>的实施方案》，坚持“四个\\意识”。\n"
    "全面落实“千万'''工程”和“八八\"\"\"战略”，推动《测试县{规划}\\n纲要》落地。\n"
    "开展《中华人民共和国就业促进法》执法检查。\n"
    "常委会组织“两个\n确立”学习活动。\n"
)


def test_labels_with_quotes_backslashes_newlines_and_angle_brackets_survive_turtle(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "labels.txt").write_text(LABELS, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    entities = [o for o in _by_doc(out)["labels.txt"]["lines"] if o["kind"] == "entity"]
    names = {o["name"] for o in entities}
    aliases = {a for o in entities for a in o.get("aliases", [])}
    surfaces = {m["text"] for o in entities for m in o["mentions"]}
    tricky = "\\<>\"'\n"
    assert {c for s in names | surfaces for c in s} >= set(tricky), "the extractors no longer yield tricky labels"
    for path in (out / "graph.ttl", out / "reports" / "labels.ttl"):
        data = path.read_bytes()
        g = Graph().parse(data=data.decode("utf-8"), format="turtle")
        assert len(list(ox.parse(data, format=ox.RdfFormat.TURTLE))) == len(g)
        labels = {str(o) for o in g.objects(None, RDFS.label)}
        assert names <= labels
        assert aliases <= {str(o) for o in g.objects(None, SKOS.altLabel)}
        assert surfaces <= {str(o) for o in g.objects(None, KG.surface)}
        assert all(isinstance(o, Literal) for o in g.objects(None, RDFS.label))


def _published(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def test_a_build_interrupted_while_publishing_leaves_one_whole_build(tmp_path, monkeypatch):
    out = tmp_path / "out"
    first, second = SEED_FILES[0], SEED_FILES[1]
    assert CliRunner().invoke(cli, ["build", str(first), "--out", str(out)]).exit_code == 0
    before = _published(out)
    moves = []
    real_replace = os.replace

    def replace(src, dst, *args, **kwargs):
        dst_path = Path(dst)
        if dst_path.parent == out or dst_path.parent == out / "reports":
            moves.append(dst_path.name)
            if len(moves) == 2:
                raise KeyboardInterrupt
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    CliRunner().invoke(cli, ["build", str(second), "--out", str(out)])
    monkeypatch.setattr(os, "replace", real_replace)
    assert len(moves) >= 2, "the build publishes with fewer than two moves: nothing to interrupt"
    after = _published(out)
    assert CliRunner().invoke(cli, ["build", str(second), "--out", str(tmp_path / "clean")]).exit_code == 0
    assert after in (before, _published(tmp_path / "clean"))


def test_ctrl_c_exits_130_and_leaves_the_previous_build(tmp_path, monkeypatch):
    import kg.build

    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["build", str(SEED_FILES[0]), "--out", str(out)]).exit_code == 0
    before = _published(out)

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kg.build, "_write_view", interrupted)
    result = CliRunner().invoke(cli, ["build", str(SEED_FILES[1]), "--out", str(out)])
    assert result.exit_code == 130
    assert result.output == "kg: interrupted\n"
    assert _published(out) == before


def test_a_missing_input_is_one_line_naming_it(tmp_path):
    missing = tmp_path / "no" / "such.txt"
    result = CliRunner().invoke(cli, ["build", str(SEED_FILES[0]), str(missing), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert result.output == f"kg: error: {missing}: No such file or directory\n"
    assert not (tmp_path / "out").exists()


def test_a_fifo_or_a_device_named_on_the_command_line_is_refused_unopened(tmp_path):
    import subprocess
    import sys

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    cmd = [sys.executable, "-m", "kg", "build", str(fifo), "/dev/zero", str(SEED_FILES[0]),
           "--out", str(tmp_path / "out"), "--workers", "1"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert sorted(done.stderr.splitlines()) == ["kg: error: /dev/zero: not a regular file (a character device)",
                                                f"kg: error: {fifo}: not a regular file (a FIFO)"]
    assert "reports read: 1 (2 failed)" in done.stdout


def _descendants(pid: int) -> list[int]:
    """Every process below `pid`: its workers, or the fork server and the workers forked from it."""
    found, todo = [], _children(pid)
    while todo:
        child = todo.pop()
        found.append(child)
        todo += _children(child)
    return found


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc (Linux)")
def test_workers_end_when_the_main_process_is_killed(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    from kg.outdir import locked

    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(3):
        shutil.copy(SEED_FILES[i], corpus / SEED_FILES[i].name)
    out = tmp_path / "out"
    main = subprocess.Popen([sys.executable, "-m", "kg", "build", str(corpus), "--out", str(out), "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and main.poll() is None and not (
            (out / ".kg-lock").exists() and any(_children(c) for c in _children(main.pid))
            or (out / ".kg-lock").exists() and len(_children(main.pid)) == 1):
        time.sleep(0.05)
    time.sleep(0.5)  # a worker ties itself to the main process (or the fork server) first thing
    workers = _descendants(main.pid)
    assert workers, "the build started no worker"
    main.send_signal(signal.SIGKILL)
    main.wait()
    deadline = time.monotonic() + 20
    while any(map(_alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_alive, workers))
    from kg.outdir import Busy

    deadline = time.monotonic() + 10  # the system may release a dead process's lock a moment later
    while True:
        try:
            with locked(out, wait=False):
                break
        except Busy:
            assert time.monotonic() < deadline, "the killed build's lock is still held"
            time.sleep(0.05)


def test_the_query_store_follows_the_content_not_the_size_and_time(tmp_path):
    graph = tmp_path / "graph.ttl"
    graph.write_text('<http://e/s> <http://e/p> "aaa" .\n', encoding="utf-8")
    stamp = graph.stat()
    query = ["query", "SELECT ?o WHERE { ?s ?p ?o }", "--data", str(graph), "--format", "csv"]
    assert CliRunner().invoke(cli, query).output.splitlines()[-1] == "aaa"
    graph.write_text('<http://e/s> <http://e/p> "bbb" .\n', encoding="utf-8")  # same size
    os.utime(graph, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # and time, as `cp -p` leaves them
    assert graph.stat().st_size == stamp.st_size and graph.stat().st_mtime_ns == stamp.st_mtime_ns
    assert CliRunner().invoke(cli, query).output.splitlines()[-1] == "bbb"


@pytest.mark.parametrize("text", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://127.0.0.1:9/> { ?s ?p ?o } }",
])
def test_a_service_clause_is_refused_without_allow_service(tmp_path, text):
    graph = tmp_path / "graph.ttl"
    graph.write_text('<http://e/s> <http://e/p> "a" .\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["query", text, "--data", str(graph)])
    assert result.exit_code == 2
    assert "SERVICE" in result.output and "--allow-service" in result.output and "Traceback" not in result.output
    allowed = CliRunner().invoke(cli, ["query", text, "--data", str(graph), "--allow-service"])
    assert "--allow-service" not in allowed.output  # it was run (and the address did not answer)


def test_service_as_part_of_a_name_or_a_string_is_not_a_clause(tmp_path):
    graph = tmp_path / "graph.ttl"
    graph.write_text('<http://e/s> <http://e/service> "SERVICE" .\n', encoding="utf-8")
    text = 'SELECT ?service WHERE { ?s <http://e/service> ?service FILTER(?service = "SERVICE") } # SERVICE'
    result = CliRunner().invoke(cli, ["query", text, "--data", str(graph), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == "SERVICE"


def _deep(top: Path, levels: int, name: str, report: Path) -> Path:
    """A report `levels` folders named `name` below `top`, made relative to each folder
    (the whole path may be longer than the system takes); the top folder made."""
    os.mkdir(top / name)
    fd = os.open(top / name, os.O_RDONLY)
    try:
        for _ in range(levels - 1):
            os.mkdir(name, dir_fd=fd)
            below = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = below
        out = os.open("deep.txt", os.O_WRONLY | os.O_CREAT, dir_fd=fd)
        os.write(out, report.read_bytes())
        os.close(out)
    finally:
        os.close(fd)
    return top / name


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> tuple[Path, Path, object, Path, Path]:
    """One build of a tree with every kind of name and folder that is hard to read:
    (input folder, output folder, the CLI's result, a deep folder, a folder too deep)."""
    tmp = tmp_path_factory.mktemp("hostile")
    src = tmp / "in"
    src.mkdir()
    shutil.copy(SEED_FILES[0], src / "report1.txt")
    shutil.copy(SEED_FILES[1], src / "report\uff11.txt")  # full-width 1: the same report name
    text = SEED_FILES[2].read_text(encoding="utf-8")
    text = text.replace("《", "《\x07", 3).replace("》", "\x1b[31m》", 3)
    (src / "controls.txt").write_text(text, encoding="utf-8")
    (src / "bad\x1b[31m.txt").write_bytes(b"")  # an empty file whose name holds an escape sequence
    for folder in (src, tmp):  # a name that is not UTF-8, in the folder and named itself
        with open(os.fsencode(folder) + b"/caf\xe9.txt", "wb") as fh:
            fh.write(SEED_FILES[3].read_bytes())
    named = os.fsdecode(os.fsencode(tmp) + b"/caf\xe9.txt")
    os.symlink("loop.txt", src / "loop.txt")
    (src / "locked").mkdir()
    shutil.copy(SEED_FILES[3], src / "locked" / "hidden_by_permissions.txt")
    old = src / "old_build"
    (old / ".kg-cache").mkdir(parents=True)
    (old / "graph.html").write_text("<html><body>an old view</body></html>", encoding="utf-8")
    shutil.copy(SEED_FILES[3], old / "copied.txt")
    (src / "older_build").mkdir()
    (src / "older_build" / ".kg-manifest.json").write_text("{}", encoding="utf-8")
    shutil.copy(SEED_FILES[3], src / "older_build" / "copied_too.txt")
    (src / "d").mkdir()
    deep_ok = _deep(src / "d", 300, "d", SEED_FILES[3])  # 300 levels, a path the system takes
    too_long = _deep(src, 300, "f" * 15, SEED_FILES[4])  # 300 levels, a path longer than it takes
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):  # tests run as root, where chmod 000 does not stop reading
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(os, "scandir", scandir)
        result = CliRunner().invoke(cli, ["build", str(src), named, "--out", str(tmp / "out"), "--workers", "2"])
    return src, tmp / "out", result, deep_ok, too_long


def _lines(result, kind: str) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith(f"kg: {kind}")]


def test_report_names_are_compared_after_nfkc_like_iris(hostile_build):
    src, out, result, *_ = hostile_build
    line = f"kg: error: {src / 'report１.txt'}: has the same report name as {src / 'report1.txt'}"
    assert any(e.startswith(line) for e in _lines(result, "error:")), result.output
    assert sorted(p.name for p in (out / "reports").iterdir()) == ["controls.ttl", "deep.ttl", "report1.ttl"]


def test_a_kg_output_folder_inside_the_input_is_not_read_with_a_note(hostile_build):
    src, out, result, *_ = hostile_build
    assert f"kg: {src / 'old_build'}: not read as input: it is a kg output folder (it holds .kg-cache)" \
        in result.output.splitlines()
    assert f"kg: {src / 'older_build'}: not read as input: it is a kg output folder (it holds .kg-manifest.json)" \
        in result.output.splitlines()
    assert "copied" not in (out / "extractions.jsonl").read_text(encoding="utf-8")


def test_folders_and_names_that_cannot_be_read_are_one_error_line_each_and_the_others_build(hostile_build):
    src, out, result, _, too_long = hostile_build
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1
    errors = _lines(result, "error:")
    expected = {
        "locked": f"kg: error: {src / 'locked'}: folder cannot be read (Permission denied)",
        "name": f"kg: error: {src}/caf\\xe9.txt: its name is not valid UTF-8: rename it",
        "named": f"kg: error: {src.parent}/caf\\xe9.txt: its name is not valid UTF-8: rename it",
        "loop": f"kg: error: {src / 'loop.txt'}: Too many levels of symbolic links",
        "empty": f"kg: error: {src}/bad\\x1b[31m.txt: empty file",
    }
    for what, line in expected.items():
        assert line in errors, (what, errors)
    deep = [e for e in errors if "File name too long" in e]
    assert len(deep) == 1 and deep[0].startswith(f"kg: error: {too_long}/"), deep
    assert len(errors) == 7, errors  # and the same report name
    assert "reports read: 3 (7 failed)" in result.output
    assert "deep.txt" in (out / "extractions.jsonl").read_text(encoding="utf-8")


def test_terminal_output_escapes_control_characters(hostile_build):
    _, _, result, *_ = hostile_build
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", result.output)
    assert "bad\\x1b[31m.txt" in result.output


def test_graphml_and_the_other_outputs_are_valid_whatever_characters_a_report_holds(hostile_build):
    import xml.etree.ElementTree as ET

    _, out, _, *_ = hostile_build
    assert "\x07" in (out / "graph.ttl").read_text(encoding="utf-8")  # the report's text reached the graph
    result = CliRunner().invoke(cli, ["export", str(out)])
    assert result.exit_code == 0, result.output
    root = ET.parse(out / "graph.graphml").getroot()
    assert any("\ufffd" in (e.text or "") for e in root.iter())
    json.loads((out / "graph.jsonld").read_text(encoding="utf-8"))
    assert len(list(ox.parse(path=str(out / "graph.nt")))) > 0
    for line in (out / "extractions.jsonl").read_text(encoding="utf-8").splitlines():
        json.loads(line)


def test_the_summary_counts_distinct_entities_and_says_per_report_sums_apart(tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):  # one report three times: the same entities
        shutil.copy(SEED_FILES[0], tmp_path / "in" / name)
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    entities = next(line for line in lines if line.startswith("entities: "))
    g = Graph().parse(tmp_path / "out" / "graph.ttl")
    for part in entities.split("(", 1)[1].rstrip(")").split(", "):
        kind, n = part.split(" ")
        assert int(n) == len(set(g.subjects(RDF.type, KG[kind]))), part
    assert "County 2," in entities  # the seed names two counties; summed over the reports, 6
    total = int(entities.split(" ")[1])
    summed = next(line for line in lines if line.startswith("summed over the reports"))
    per_report = int(summed.split("entities ")[1].split(",")[0])
    assert per_report % 3 == 0 and per_report >= 3 * total - 3, (summed, total)


def test_jieba_cache_is_private_and_a_planted_shared_cache_is_not_loaded(tmp_path):
    """jieba's default cache in the shared temporary folder is loaded with marshal
    from whoever wrote it; kg's segmenter reads its own table from a private
    folder (kg.reference.derived) and never the shared cache."""
    import marshal
    import subprocess
    import sys

    shared_tmp = tmp_path / "tmp"
    shared_tmp.mkdir()
    with open(shared_tmp / "jieba.cache", "wb") as fh:
        marshal.dump(({"县": 1}, 1), fh)  # a planted, poisoned prefix dictionary
    env = dict(os.environ, TMPDIR=str(shared_tmp), XDG_CACHE_HOME=str(tmp_path / "cache"))
    code = ("from kg.extract.segmenter import _tokenizer; from kg.reference.derived import folder; "
            "print(folder()); print(_tokenizer().total); print(list(_tokenizer().cut('县人大常委会主任主持会议')))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    private = tmp_path / "cache" / "kg-cn-lg" / "tables"
    assert out[0] == str(private)
    assert int(out[1]) > 60_000_000
    assert "主持" in out[2] and "会议" in out[2]
    assert (private.stat().st_mode & 0o777) == 0o700
    assert sorted(p.name.split("-")[0] for p in private.iterdir()) == ["gazetteer", "words"]
    assert [p.name for p in shared_tmp.iterdir()] == ["jieba.cache"]


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs, for a full disk (needs root and mount, as in CI here)."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    import subprocess

    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a small tmpfs for a full disk: {done.stderr.strip()}")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=False)


def test_a_full_disk_is_one_line_and_leaves_the_previous_build(small_disk):
    from click.testing import CliRunner

    from kg.cli import cli

    out = small_disk / "out"
    seeds = SEED_FILES
    first = CliRunner().invoke(cli, ["build", str(seeds[0]), "--out", str(out), "--workers", "1"])
    assert first.exit_code == 0, first.output
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".kg-" not in str(p)}
    second = CliRunner().invoke(cli, ["build", *map(str, seeds), "--out", str(out), "--workers", "1"])
    assert second.exit_code == 1
    errors = [line for line in second.output.splitlines() if line.startswith("kg: error:")]
    assert errors == [f"kg: error: {out}: cannot be written (No space left on device); the previous build is left as it was"]
    assert "Traceback" not in second.output
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and ".kg-" not in str(p)}
    assert after == before


@pytest.mark.parametrize("make_out, why", [
    (lambda tmp: tmp / "a_file" / "out", "Not a directory"),
    (lambda tmp: tmp / "dangling", "a link to a missing folder"),
])
def test_an_output_folder_that_cannot_be_is_one_line(tmp_path, make_out, why):
    from click.testing import CliRunner

    from kg.cli import cli

    (tmp_path / "a_file").write_text("x")
    (tmp_path / "dangling").symlink_to(tmp_path / "missing")
    out = make_out(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(SEED_FILES[0]), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == f"kg: error: {out}: cannot be the output folder ({why})"


def test_a_read_only_output_folder_is_one_line_and_leaves_the_previous_build(small_disk):
    import subprocess

    from click.testing import CliRunner

    from kg.cli import cli

    out = small_disk / "out"
    first = CliRunner().invoke(cli, ["build", str(SEED_FILES[0]), "--out", str(out), "--workers", "1"])
    assert first.exit_code == 0, first.output
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    if subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], capture_output=True).returncode:
        pytest.skip("cannot remount the tmpfs read-only")
    second = CliRunner().invoke(cli, ["build", str(SEED_FILES[1]), "--out", str(out), "--workers", "1"])
    assert second.exit_code == 1
    errors = [line for line in second.output.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1 and "(Read-only file system)" in errors[0] and "Traceback" not in second.output
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_query_table_shows_control_characters_of_a_report_as_escapes(hostile_build):
    _, out, _, *_ = hostile_build
    result = CliRunner().invoke(cli, ["query", "--data", str(out), "evidence"])
    assert result.exit_code == 0, result.output
    assert "\\x07" in result.output
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", result.output)
