"""One build at a time per output folder: an exclusive lock on `OUT/.kg-lock`.

The lock is `flock(2)` on the file, which the system releases when the
process that holds it ends, however it ends: a killed build leaves no lock
behind. The file holds the process id of the last build that held it, to
name it to a build that waits.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

from kg.errors import KGError

LOCK = ".kg-lock"
# The descriptors of the locks this process holds, for `forget_in_child`.
_held: set[int] = set()


class Busy(KGError):
    """Another build holds the output folder's lock."""


@contextmanager
def locked(out: Path, wait: bool = True, on_wait: Optional[Callable[[str], None]] = None) -> Iterator[None]:
    """Hold the lock of the output folder `out` (which must exist) while the block runs.

    When another build holds it: wait for it, calling `on_wait(message)`
    first, or raise Busy if not `wait`.
    """
    path = out / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            if not wait:
                raise Busy(f"{out}: another kg build{holder} is writing here (it holds {path}); "
                           "try again when it has finished, or build without --no-wait to wait for it") from None
            if on_wait:
                on_wait(f"waiting for the other kg build{holder} writing to {out} (it holds {path})")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _held.add(fd)
        yield
    finally:
        _held.discard(fd)
        os.close(fd)


def _holder(fd: int) -> str:
    """' (process N)' naming the build that wrote its id into the lock file, or ''."""
    try:
        pid = int(os.pread(fd, 32, 0).decode("ascii").strip())
    except (OSError, ValueError):
        return ""
    return f" (process {pid})"


def forget_in_child() -> None:
    """In a forked child: close the inherited descriptors of the parent's locks, so that
    the lock ends with the parent even while the child still runs."""
    for fd in list(_held):
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()
