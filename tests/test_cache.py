"""The cache of report results (kg/cache.py): keys, entries and their digests, pruning,
and how a build uses it: damaged entries extracted again, published files apart
from the cache, keys from the bytes extracted."""
from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg import build as kg_build
from kg import cache as kg_cache
from kg.build import build
from kg.cache import CACHE_DIR, Cache, CacheError, cache_key, entry_key, extractor_version
from kg.rdf.namespace import DEFAULT_BASE

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _entry(cache: Cache, key: str, text: str = "x") -> None:
    cache.write(key, ".ttl", text)
    cache.write(key, ".jsonl", text)
    cache.write_summary(key, {"doc": "a.txt", "warnings": ["w"]})


def test_cache_key_follows_content_name_base_and_extractor(tmp_path, monkeypatch):
    a = tmp_path / "a.txt"
    a.write_text("常山县", encoding="utf-8")
    b = tmp_path / "sub" / "a.txt"
    b.parent.mkdir()
    b.write_text("常山县", encoding="utf-8")
    key = cache_key(a, DEFAULT_BASE)
    assert cache_key(b, DEFAULT_BASE) == key
    assert cache_key(a, "http://example.org/") != key
    a.write_text("常山县。", encoding="utf-8")
    assert cache_key(a, DEFAULT_BASE) != key
    a.write_text("常山县", encoding="utf-8")
    monkeypatch.setattr(kg_cache, "extractor_version", lambda: "another extractor")
    assert cache_key(a, DEFAULT_BASE) != key


def _version_of(package: Path) -> str:
    """`kg.cache.extractor_version()` of the kg package at `package`, computed in a fresh process."""
    code = "from kg.cache import extractor_version; print(extractor_version())"
    env = {**os.environ, "PYTHONPATH": str(package.parent)}
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=package.parent,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def _edit_one_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(b"\n")
    data[at:at] = b" "
    path.write_bytes(bytes(data))


def test_extractor_version_follows_the_bytes_of_the_extraction_code(tmp_path):
    """A copy of kg has kg's version; one byte more in its extraction code or its
    data gives another; a change outside what decides the results (the view) does not."""
    package = tmp_path / "src" / "kg"
    shutil.copytree(Path(kg_cache.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    version = _version_of(package)
    assert len(version) == 64 and version == extractor_version()
    for part in ("extract/laws.py", "resources/laws.csv", "link/canonical.py", "rdf/assemble.py", "io/read.py"):
        original = (package / part).read_bytes()
        _edit_one_byte(package / part)
        assert _version_of(package) != version, part
        (package / part).write_bytes(original)
    _edit_one_byte(package / "view" / "network.py")
    assert _version_of(package) == version


def test_a_changed_byte_is_a_new_key_and_a_new_result(tmp_path):
    """One byte of a report changed (8 meetings become 9): the rebuild into the same
    folder extracts it again under a new key and publishes the new count."""
    report = tmp_path / "in" / SEEDS[0].name
    report.parent.mkdir()
    data = SEEDS[0].read_bytes()
    report.write_bytes(data)
    out = tmp_path / "out"

    def built() -> tuple[set[str], int, str]:
        keys = {p.name.split(".")[0] for p in (out / CACHE_DIR).iterdir()}
        line = json.loads((out / "extractions.jsonl").read_text(encoding="utf-8").splitlines()[0])
        return keys, line["statistics"]["standing_committee_meetings"], (out / "graph.ttl").read_text(encoding="utf-8")

    assert build([report], out, workers=1).extracted == 1
    keys, meetings, turtle = built()
    assert meetings == 8 and len(keys) == 1
    at = data.index("召开常委会会议8次".encode()) + len("召开常委会会议".encode())
    report.write_bytes(data[:at] + b"9" + data[at + 1:])
    summary = build([report], out, workers=1)
    assert (summary.extracted, summary.cached) == (1, 0)
    new_keys, meetings, new_turtle = built()
    assert meetings == 9 and len(new_keys) == 1 and new_keys != keys
    assert new_turtle != turtle


def test_an_entry_is_complete_once_its_summary_is_written(tmp_path):
    cache = Cache(tmp_path / "cache")
    cache.write("k", ".ttl", "t")
    cache.write("k", ".jsonl", "j")
    assert not cache.has("k")
    cache.write_summary("k", {"warnings": ["w"]})
    assert cache.has("k") and not cache.has(None) and not cache.has("other")
    assert cache.damage("k") is None
    assert cache.warnings("k") == ["w"]
    files = cache.summary("k")["files"]
    assert files == {".ttl": hashlib.sha256(b"t").hexdigest(), ".jsonl": hashlib.sha256(b"j").hexdigest()}
    assert cache.text("k", ".ttl", files[".ttl"]) == "t"
    with pytest.raises(CacheError) as raised:
        cache.text("k", ".ttl", files[".jsonl"])
    assert str(raised.value) == f"{cache.path('k', '.ttl')}: changed while the build used it; build again"
    copied = io.StringIO()
    cache.copy_into("k", ".jsonl", files[".jsonl"], copied)
    assert copied.getvalue() == "j"
    with pytest.raises(CacheError) as raised:
        cache.copy_into("k", ".jsonl", files[".ttl"], io.StringIO())
    assert str(raised.value) == f"{cache.path('k', '.jsonl')}: changed while the build used it; build again"
    summary = cache.path("k", ".json")
    summary.write_text(summary.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(CacheError) as raised:
        cache.summary("k")
    assert str(raised.value) == f"{summary}: the summary does not match its digest"


def test_prune_keeps_only_the_entries_asked_for(tmp_path):
    cache = Cache(tmp_path)
    _entry(cache, "a")
    _entry(cache, "b")
    (tmp_path / ".b.ttl.123.tmp").write_text("left by a killed worker")
    cache.prune({"a"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "a.jsonl", "a.ttl"]


def _damage_ttl(cache: Cache, key: str) -> None:
    cache.path(key, ".ttl").write_bytes(b"")


def _damage_jsonl(cache: Cache, key: str) -> None:
    path = cache.path(key, ".jsonl")
    text = path.read_text(encoding="utf-8")
    at = text.index('"start": ') + len('"start": ')
    path.write_text(text[:at] + str((int(text[at]) + 1) % 10) + text[at + 1:], encoding="utf-8")


def _damage_summary(cache: Cache, key: str) -> None:
    path = cache.path(key, ".json")
    digest, _, body = path.read_text(encoding="utf-8").partition("\n")
    summary = json.loads(body)
    summary["own_from"] += 1
    path.write_text(digest + "\n" + json.dumps(summary, ensure_ascii=False), encoding="utf-8")


def _lose_jsonl(cache: Cache, key: str) -> None:
    cache.path(key, ".jsonl").unlink()


DAMAGE = {
    _damage_ttl: "its .ttl file does not match its digest",
    _damage_jsonl: "its .jsonl file does not match its digest",
    _damage_summary: "the summary does not match its digest",
    _lose_jsonl: ".jsonl is missing",
}


def published(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


@pytest.fixture(scope="module")
def seeds_built(tmp_path_factory) -> Path:
    """The first four seeds, built once."""
    out = tmp_path_factory.mktemp("cache") / "out"
    build(SEEDS[:4], out, workers=1)
    return out


def test_every_kind_of_damage_is_found(seeds_built, tmp_path):
    shutil.copytree(seeds_built / CACHE_DIR, tmp_path / "cache")
    cache = Cache(tmp_path / "cache")
    keys = [cache_key(seed, DEFAULT_BASE) for seed in SEEDS[:4]]
    assert all(cache.damage(key) is None for key in keys)
    for (damage, problem), key in zip(DAMAGE.items(), keys):
        damage(cache, key)
        assert problem in cache.damage(key), damage.__name__


def test_a_damaged_entry_is_extracted_again_with_a_warning(seeds_built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_built, out)
    cache = Cache(out / CACHE_DIR)
    for damage, seed in zip(DAMAGE, SEEDS):
        damage(cache, cache_key(seed, DEFAULT_BASE))
    warnings = []
    summary = build(SEEDS[:4], out, workers=1, on_warning=lambda path, w: warnings.append((path, w)))
    assert (summary.extracted, summary.cached) == (4, 0)
    for (damage, problem), seed in zip(DAMAGE.items(), SEEDS):
        key = cache_key(seed, DEFAULT_BASE)
        assert any(path == seed and w.startswith(f"its cache entry {cache.path(key, '.*')} is damaged (")
                   and problem in w and w.endswith("): extracting it again") for path, w in warnings), damage.__name__
        assert cache.damage(key) is None
    assert published(out) == published(seeds_built)


def test_published_files_are_not_links_into_the_cache(seeds_built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_built, out)
    for f in out.rglob("*"):
        if f.is_file():
            assert f.stat().st_nlink == 1, f
    report = out / "reports" / f"{SEEDS[0].stem}.ttl"
    report.write_text("edited", encoding="utf-8")
    cache = Cache(out / CACHE_DIR)
    assert all(cache.damage(cache_key(seed, DEFAULT_BASE)) is None for seed in SEEDS[:4])
    summary = build(SEEDS[:4], out, force=True)
    assert summary.cached == 4
    assert published(out) == published(seeds_built)


def test_the_key_is_the_digest_of_the_bytes_extracted(seeds_built, tmp_path, monkeypatch):
    report = tmp_path / "in" / SEEDS[0].name
    report.parent.mkdir()
    first, second = SEEDS[0].read_bytes(), SEEDS[1].read_bytes()
    report.write_bytes(first)
    real_key = kg_build.cache_key

    def key_then_edit(path: Path, base: str, name: str):
        key = real_key(path, base, name)
        path.write_bytes(second)  # edited after kg read it, before the worker does
        return key

    monkeypatch.setattr(kg_build, "cache_key", key_then_edit)
    out = tmp_path / "out"
    warnings = []
    build([report], out, on_warning=lambda path, w: warnings.append(w))
    assert "changed while the build read it: built as read last" in warnings
    cache = Cache(out / CACHE_DIR)
    assert not cache.has(entry_key(report.name, first, DEFAULT_BASE))
    assert cache.damage(entry_key(report.name, second, DEFAULT_BASE)) is None
    monkeypatch.setattr(kg_build, "cache_key", real_key)
    report.write_bytes(first)  # the edit undone: extracted again, not served the edit's results
    assert build([report], out).extracted == 1
    assert (out / "graph.ttl").read_bytes() == _only(seeds_built, tmp_path, SEEDS[0])


def _only(seeds_built: Path, tmp_path: Path, seed: Path) -> bytes:
    """graph.ttl of `seed` alone, built from the cache of `seeds_built`."""
    out = tmp_path / "only"
    shutil.copytree(seeds_built / CACHE_DIR, out / CACHE_DIR)
    assert build([seed], out).cached == 1
    return (out / "graph.ttl").read_bytes()
