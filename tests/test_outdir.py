"""The output folder (kg/outdir): what kg owns there, publishing, the lock.

Real builds of one or two seeds in temporary folders; the second report's
cache entry is put in place first, so that builds switch without extracting
(and a build can run in a forked child).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cache import CACHE_DIR
from kg.cli import cli
from kg.errors import KGError, UsageError
from kg.outdir import MANIFEST, Busy, Manifest, OwnershipError, locked, publishing, recover
from kg.outdir.lock import LOCK
from kg.outdir.publishing import JOURNAL, SET_ASIDE, STAGING

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
A, B = SEEDS[0], SEEDS[1]


def published(out: Path) -> dict[str, bytes]:
    """The files a build published in `out` (with its manifest), by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and (p.relative_to(out).as_posix() == MANIFEST
                                or not any(part.startswith(".") for part in p.relative_to(out).parts))}


def kg_state(out: Path) -> set[str]:
    """kg's own working files left in `out` besides the lock, the manifest and the cache."""
    return {p.name for p in out.iterdir() if p.name.startswith(".kg")} - {LOCK, MANIFEST, CACHE_DIR}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """'a': a build of seed A whose cache also holds seed B; 'b': a clean build of B."""
    root = tmp_path_factory.mktemp("outdir")
    build([A], root / "a")
    build([B], root / "b")
    for f in (root / "b" / CACHE_DIR).iterdir():
        shutil.copy(f, root / "a" / CACHE_DIR / f.name)
    return {"a": root / "a", "b": root / "b"}


def copy_of(folder: Path, where: Path) -> Path:
    shutil.copytree(folder, where)
    return where


# --- the manifest: what kg owns ---

def test_a_build_writes_a_manifest_of_every_file_with_its_digest(builds):
    out = builds["b"]
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    files = {p.relative_to(out).as_posix() for p in out.rglob("*")
             if p.is_file() and not p.relative_to(out).as_posix().startswith(".")}
    assert set(manifest["files"]) == files == {"extractions.jsonl", "graph.html", "graph.trig", "graph.ttl",
                                               f"reports/{B.stem}.ttl"}
    for rel, digest in manifest["files"].items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest


def test_the_users_files_in_the_output_folder_survive_a_build(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    (out / "reports" / "my_draft.docx").write_bytes(b"draft")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    build([B], out)
    assert (out / "reports" / "my_draft.docx").read_bytes() == b"draft"
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not (out / "reports" / f"{A.stem}.ttl").exists(), "the previous build's own report graph stays"
    assert published(out) == published(builds["b"]) | {"reports/my_draft.docx": b"draft", "notes.txt": b"mine"}


def test_a_folder_with_files_where_kg_writes_and_no_manifest_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("my own graph", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(A), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output == (f"kg: error: {out / 'graph.ttl'}: was not written by kg (no {MANIFEST} here); kg will "
                             "not replace it: move it, choose another --out, or build with --force to replace it\n")
    assert (out / "graph.ttl").read_text(encoding="utf-8") == "my own graph"
    assert sorted(p.name for p in out.iterdir()) == [LOCK, "graph.ttl"]


def test_force_lets_a_build_replace_files_kg_did_not_write(builds, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.ttl").write_text("my own graph", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(B), "--out", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert published(out) == published(builds["b"])


def test_a_file_changed_since_kg_wrote_it_is_not_replaced(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    (out / "graph.trig").write_text("edited", encoding="utf-8")
    with pytest.raises(OwnershipError, match="graph.trig: was changed since kg wrote it"):
        build([B], out)
    assert (out / "graph.trig").read_text(encoding="utf-8") == "edited"
    assert (out / "graph.ttl").read_bytes() == (builds["a"] / "graph.ttl").read_bytes()


def test_a_changed_file_the_new_build_does_not_write_is_left_and_disowned(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    mine = out / "reports" / f"{A.stem}.ttl"
    mine.write_text("edited", encoding="utf-8")
    warnings = []
    build([B], out, on_warning=lambda path, warning: warnings.append((path, warning)))
    assert mine.read_text(encoding="utf-8") == "edited"
    assert (mine, "was changed since kg wrote it: left in place, no longer kg's") in warnings
    assert f"reports/{A.stem}.ttl" not in Manifest.read(out).files


def test_an_input_inside_the_output_folder_is_an_error_not_a_deletion(tmp_path, monkeypatch):
    (tmp_path / "reports").mkdir()
    for seed in (A, B):
        shutil.copy(seed, tmp_path / "reports" / seed.name)
    (tmp_path / "reports" / "my_draft.docx").write_bytes(b"draft")
    before = published(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["build", f"reports/{A.name}", f"reports/{B.name}", "--out", "."])
    assert result.exit_code == 2
    assert result.output == (f"kg: error: reports/{A.name}: is inside the output folder ., where kg writes; "
                             "choose another --out\n")
    assert published(tmp_path) == before
    with pytest.raises(UsageError):
        build([tmp_path], tmp_path / "reports" / "..")


def test_a_folder_an_older_kg_built_is_taken_as_kgs(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    (out / MANIFEST).unlink()
    build([B], out)
    assert published(out) == published(builds["b"])


def test_a_manifest_naming_files_kg_does_not_write_is_refused(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (out / MANIFEST).write_text(json.dumps({"format": 1, "files": {"../victim.txt": "0" * 64}}), encoding="utf-8")
    with pytest.raises(OwnershipError, match="not a manifest kg can read"):
        build([B], out)
    assert victim.read_text(encoding="utf-8") == "keep me"


# --- a build that reads no report ---

def test_a_build_that_reads_no_report_publishes_nothing_and_keeps_the_cache(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    before, cache = published(out), sorted(p.name for p in (out / CACHE_DIR).iterdir())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    (tmp_path / "in" / "blank.txt").write_text("   \n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "in"), "--out", str(out)])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (f"kg: error: no report could be read: nothing was published, and {out} "
                                              "is left as it was")
    assert published(out) == before
    assert sorted(p.name for p in (out / CACHE_DIR).iterdir()) == cache
    assert kg_state(out) == set()


# --- publishing: a fault at every step ---

def _steps(builds: dict[str, Path], tmp_path: Path) -> list[str]:
    """The steps of switching from build 'a' to a build of B."""
    seen: list[str] = []
    publishing.fault = seen.append
    try:
        build([B], copy_of(builds["a"], tmp_path / "steps"))
    finally:
        publishing.fault = None
    assert len(seen) > 10 and seen[0] == "journal"
    return seen


def _fail_at(step: str, action):
    def fault(name: str) -> None:
        if name == step:
            action()
    return fault


def test_an_error_at_any_step_of_publishing_leaves_the_previous_build_whole(builds, tmp_path):
    old, new = published(builds["a"]), published(builds["b"])
    for k, step in enumerate(_steps(builds, tmp_path)):
        out = copy_of(builds["a"], tmp_path / f"out{k}")

        def fail() -> None:
            raise OSError(f"injected fault at {step}")

        publishing.fault = _fail_at(step, fail)
        try:
            with pytest.raises(OSError, match="injected fault"):
                build([B], out)
        finally:
            publishing.fault = None
        after = published(out)
        if step in ("remove the journal", "clean up"):  # the new build was in place
            assert after == new, step
        else:
            assert after == old, step
        build([B], out)
        assert published(out) == new, step
        assert kg_state(out) == set(), step


def test_a_kill_at_any_step_of_publishing_is_finished_by_the_next_build(builds, tmp_path):
    old, new = published(builds["a"]), published(builds["b"])
    for k, step in enumerate(_steps(builds, tmp_path)):
        out = copy_of(builds["a"], tmp_path / f"out{k}")
        pid = os.fork()
        if pid == 0:  # the child builds and is killed at the step
            try:
                publishing.fault = _fail_at(step, lambda: os.kill(os.getpid(), signal.SIGKILL))
                build([B], out)
            finally:
                os._exit(3)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, step
        committed = (out / JOURNAL).exists()
        assert committed == (step != "journal" and step != "clean up"), step
        if not committed:
            assert published(out) in (old, new), step
        recover(out)
        assert published(out) == (new if step != "journal" else old), step
        build([B], out)
        assert published(out) == new, step
        assert kg_state(out) == set(), step


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def test_sigint_and_sigterm_during_the_switch_wait_until_it_is_over(builds, tmp_path):
    new = published(builds["b"])
    steps = _steps(builds, tmp_path)
    done = threading.Event()
    other = threading.Thread(target=done.wait, daemon=True)  # the system may hand the signal to any thread
    other.start()
    for signum in (signal.SIGINT, signal.SIGTERM):
        for step in (steps[1], steps[len(steps) // 2], steps[-3]):
            out = copy_of(builds["a"], tmp_path / f"out-{signum}-{step.replace('/', '_')}")
            previous = signal.signal(signal.SIGTERM, _interrupt)
            publishing.fault = _fail_at(step, lambda: os.kill(os.getpid(), signum))
            try:
                with pytest.raises(KeyboardInterrupt):
                    build([B], out)
            finally:
                publishing.fault = None
                signal.signal(signal.SIGTERM, previous)
            assert published(out) == new, (signum, step)
            assert kg_state(out) == set()
    done.set()
    other.join()


def test_a_journal_naming_files_kg_does_not_write_is_refused(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    (out / JOURNAL).write_text(json.dumps({"files": ["../../victim"], "remove": []}), encoding="utf-8")
    with pytest.raises(KGError, match="a journal kg cannot finish"):
        build([B], out)


def test_what_a_build_stopped_before_the_switch_left_is_removed(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    for name in (STAGING, SET_ASIDE, ".kg-staging-x1y2", ".kg-old-x1y2"):
        (out / name / "reports").mkdir(parents=True)
        (out / name / "graph.ttl").write_text("half", encoding="utf-8")
    build([B], out)
    assert kg_state(out) == set()
    assert published(out) == published(builds["b"])


# --- the lock ---

def test_a_second_build_waits_for_the_first_and_says_so(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    held = threading.Event()

    def first() -> None:
        with locked(out):
            held.set()
            time.sleep(1.5)

    thread = threading.Thread(target=first)
    thread.start()
    held.wait()
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["build", str(B), "--out", str(out)])
    thread.join()
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started > 1
    assert f"kg: waiting for the other kg build (process {os.getpid()}) writing to {out} (it holds " \
           f"{out / LOCK})" in result.output
    assert published(out) == published(builds["b"])


def test_no_wait_stops_when_another_build_holds_the_folder(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    before = published(out)
    with locked(out):
        result = CliRunner().invoke(cli, ["build", str(B), "--out", str(out), "--no-wait"])
        with pytest.raises(Busy):
            build([B], out, wait=False)
    assert result.exit_code == 1
    assert result.output == (f"kg: error: {out}: another kg build (process {os.getpid()}) is writing here (it holds "
                             f"{out / LOCK}); try again when it has finished, or build without --no-wait to wait "
                             "for it\n")
    assert published(out) == before


def test_the_lock_of_a_killed_build_is_free(tmp_path):
    pid = os.fork()
    if pid == 0:
        try:
            with locked(tmp_path):
                os.kill(os.getpid(), signal.SIGKILL)
        finally:
            os._exit(3)
    os.waitpid(pid, 0)
    assert (tmp_path / LOCK).read_text() == f"{pid}\n"
    deadline = time.monotonic() + 10  # the system may release a dead process's lock a moment later
    while True:
        try:
            with locked(tmp_path, wait=False):
                assert (tmp_path / LOCK).read_text() == f"{os.getpid()}\n"
            break
        except Busy:
            assert time.monotonic() < deadline, "the killed build's lock is still held"
            time.sleep(0.05)


def test_a_manifest_of_an_unknown_format_says_so(builds, tmp_path):
    out = copy_of(builds["a"], tmp_path / "out")
    manifest = out / MANIFEST
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "format": 999}), encoding="utf-8")
    with pytest.raises(OwnershipError, match=r"not a manifest kg can read \(unknown format\)"):
        Manifest.read(out)


def test_a_forked_worker_lets_go_of_the_locks_it_inherited(tmp_path, monkeypatch):
    """forget_in_child closes the descriptors of the locks the parent held (in the
    test's own process, on descriptors of its own)."""
    from kg.outdir import lock

    fds = {os.open(tmp_path / name, os.O_RDWR | os.O_CREAT) for name in ("a", "b")}
    monkeypatch.setattr(lock, "_held", set(fds))
    lock.forget_in_child()
    assert lock._held == set()
    for fd in fds:
        with pytest.raises(OSError):
            os.fstat(fd)



def test_a_lock_file_without_a_process_id_names_no_process(tmp_path):
    from kg.outdir.lock import _holder

    path = tmp_path / "lock"
    for content, said in ((b"4242\n", " (process 4242)"), (b"", ""), (b"not a pid\n", "")):
        path.write_bytes(content)
        fd = os.open(path, os.O_RDONLY)
        try:
            assert _holder(fd) == said
        finally:
            os.close(fd)
