"""Tables kg derives from its reference data, kept on disk between runs.

Parsing jieba's dictionary and the division list cost every extraction worker
well over a second at its start, longer than extracting a few reports. The
tables derived from them are therefore written once per machine, into a
folder of the user's own, under a name made of a digest of their sources and
of the code that makes them: an upgrade of jieba, of the division list or of
that code makes a new file, and a file that cannot be read is made again.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")


@functools.lru_cache(maxsize=1)
def folder() -> Path:
    """The folder of derived tables: `kg-cn-lg/tables` under $XDG_CACHE_HOME or ~/.cache.

    It must be the user's own and closed to others (mode 700): a table someone
    else could write would change extraction, and pickled data runs code when
    read. Where no such folder can be had, a new private temporary one.
    """
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kg-cn-lg" / "tables"
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = base.stat()
        if info.st_uid == os.getuid() and not info.st_mode & 0o077:
            return base
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="kg-tables-"))


def path_for(kind: str, sources: Iterable[Path]) -> Path:
    """Where the table `kind` made from `sources` is kept. The sources are the data
    and the code that makes the table, so a change to either makes a new file."""
    h = hashlib.sha256(kind.encode("utf-8"))
    for source in sources:
        h.update(Path(source).read_bytes())
    return folder() / f"{kind}-{h.hexdigest()[:20]}.bin"


def write_whole(path: Path, data: bytes) -> None:
    """Write `path` whole or not at all (two workers may make the same table at once),
    and remove the tables of the same kind made from older sources."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    kind = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{kind}-*.bin"):
        if old != path:
            old.unlink(missing_ok=True)


def pickled(kind: str, sources: Iterable[Path], make: Callable[[], T]) -> T:
    """`make()`, or what an earlier run made from the same sources and kept."""
    path = path_for(kind, sources)
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        pass
    value = make()
    try:
        write_whole(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass
    return value
