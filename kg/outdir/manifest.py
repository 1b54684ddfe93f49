"""The manifest of a build: every file kg wrote into the output folder, with its digest.

kg replaces or deletes a file in the output folder only when the manifest
names it and the file still has the digest kg wrote it with. A file at a
path kg would write that the manifest does not name (or that was changed
since) is the user's: the build stops unless `force` allows replacing it.
A file the previous build wrote and the new one does not is deleted, unless
it was changed; then it is left where it is and no longer kg's.

A folder built by a kg older than the manifest (it has a `.kg-cache/`
folder but no manifest) is taken as kg's: its files at kg's paths are
treated as written by kg.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from kg import __version__
from kg.errors import KGError

MANIFEST = ".kg-manifest.json"
# The files of a build at the top of the output folder, and the folder of the reports' graphs.
OUTPUTS = ("extractions.jsonl", "graph.html", "graph.trig", "graph.ttl")
REPORTS = "reports"
_LEGACY_MARK = ".kg-cache"
_REPORT_FILE = re.compile(r"reports/[^/\\.\x00][^/\\\x00]*\.ttl")
_FORMAT = 1


class OwnershipError(KGError):
    """The output folder holds files kg did not write where it would write."""


def report_file(name: str) -> str:
    """The path (relative to the output folder) of the graph of the report named `name`
    (kg.io.read.report_names): its name without the suffix, a folder's slash written %2F."""
    head, _, last = name.rpartition("/")
    stem = f"{head}/{Path(last).stem}" if head else Path(last).stem
    return f"{REPORTS}/{stem.replace('%', '%25').replace('/', '%2F')}.ttl"


def is_output_path(rel: str) -> bool:
    """Whether `rel` is a path a build writes: the manifest may name nothing else."""
    return rel in OUTPUTS or bool(_REPORT_FILE.fullmatch(rel))


def file_digest(path: Path) -> Optional[str]:
    """The SHA-256 of a regular file's bytes; None for anything else (a link, a folder, nothing)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        with open(path, "rb") as fh:
            return hashlib.file_digest(fh, "sha256").hexdigest()
    except OSError:
        return None


@dataclass
class Manifest:
    """{path relative to the output folder: SHA-256 of the file kg wrote there}."""

    files: dict[str, str] = field(default_factory=dict)

    def dumps(self) -> str:
        return json.dumps({"format": _FORMAT, "kg": __version__, "files": dict(sorted(self.files.items()))},
                          ensure_ascii=False, indent=1) + "\n"

    @classmethod
    def of_folder(cls, folder: Path, rels: Iterable[str]) -> "Manifest":
        """The manifest of the files `rels` as they are in `folder`."""
        return cls({rel: file_digest(folder / rel) or "" for rel in rels})

    @classmethod
    def read(cls, out: Path) -> Optional["Manifest"]:
        """The manifest in `out`, None when there is none; OwnershipError if it is not one kg wrote."""
        path = out / MANIFEST
        try:
            data = json.loads(path.read_bytes())
            files = data["files"]
            if data.get("format") != _FORMAT or not isinstance(files, dict):
                raise ValueError("unknown format")
            if not all(isinstance(k, str) and is_output_path(k) and isinstance(v, str) for k, v in files.items()):
                raise ValueError("names files kg does not write")
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OwnershipError(f"{path}: not a manifest kg can read ({exc}); "
                                 "remove it or build with --force") from None
        return cls(dict(files))


@dataclass
class Claim:
    """What a build may do in the output folder.

    `owned`: the previous build's files that are as kg wrote them (these it
    may replace or delete); `changed`: the previous build's files changed
    since, which it leaves alone unless they are replaced with `force`.
    """

    owned: dict[str, str]
    changed: set[str]

    def stale(self, written: Iterable[str]) -> tuple[list[str], list[str]]:
        """Of the previous build's files the new build does not write: (those to delete,
        those to leave because they were changed)."""
        written = set(written)
        return (sorted(set(self.owned) - written), sorted(self.changed - written))


def claim(out: Path, candidates: Iterable[str], force: bool = False) -> Claim:
    """Check that a build may write the files `candidates` (paths relative to `out`).

    Raises OwnershipError naming the first file kg did not write (and how many
    more there are) unless `force`.
    """
    try:
        previous = Manifest.read(out)
    except OwnershipError:
        if not force:
            raise
        previous = None
    if previous is None and (out / _LEGACY_MARK).is_dir():
        previous = Manifest.of_folder(out, _legacy_files(out))
    owned: dict[str, str] = {}
    changed: set[str] = set()
    for rel, digest in (previous.files if previous else {}).items():
        if digest and file_digest(out / rel) == digest:
            owned[rel] = digest
        elif os.path.lexists(out / rel):
            changed.add(rel)
    reports = out / REPORTS
    if (reports.exists() or reports.is_symlink()) and not (reports.is_dir() and not reports.is_symlink()):
        raise OwnershipError(f"{reports}: kg writes the reports' graphs here, but it is not a folder; "
                             "move it or choose another --out")
    foreign = [rel for rel in sorted(set(candidates)) if rel not in owned and os.path.lexists(out / rel)]
    folders = [rel for rel in foreign if (out / rel).is_dir() and not (out / rel).is_symlink()]
    if folders:
        raise OwnershipError(f"{out / folders[0]}: kg writes a file here, but it is a folder; "
                             "move it or choose another --out")
    if foreign and not force:
        first = foreign[0]
        why = "was changed since kg wrote it" if first in changed else \
            "was not written by kg" + ("" if previous else f" (no {MANIFEST} here)")
        more = f" (and {len(foreign) - 1} more file{'s' if len(foreign) > 2 else ''})" if len(foreign) > 1 else ""
        raise OwnershipError(f"{out / first}: {why}{more}; kg will not replace it: move it, "
                             "choose another --out, or build with --force to replace it")
    return Claim(owned, changed)


def _legacy_files(out: Path) -> list[str]:
    """The files at kg's paths in a folder an older kg built."""
    found = [name for name in OUTPUTS if (out / name).is_file()]
    if (out / REPORTS).is_dir():
        found += [f"{REPORTS}/{p.name}" for p in (out / REPORTS).iterdir() if is_output_path(f"{REPORTS}/{p.name}")]
    return found
