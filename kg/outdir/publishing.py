"""Publishing: a build is written whole into a staging folder, then switched in.

The switch is rolled forward from a journal, as SQLite rolls a database
forward from its own:

1. The new build is complete in `OUT/.kg-staging/`, its manifest included.
2. `OUT/.kg-journal.json` is written (atomically): the files to move in and
   the previous build's files to take out. From here on the new build is
   the one that counts.
3. Each file of the previous build that is replaced is moved to
   `OUT/.kg-old/` and the new file from the staging folder into its place,
   the manifest last; then the previous build's files the new one does not
   have are moved to `OUT/.kg-old/` too.
4. The journal is removed, then `.kg-old/` and `.kg-staging/`.

Every step is a `rename` and can be done again: a build killed during
steps 3–4 leaves the journal, and the next build (`recover`) finishes the
switch before anything else. A build stopped before step 2 leaves the
previous one untouched; its staging folder is removed by the next build.
An error inside step 3 (a move that fails) puts the previous build back.
SIGINT and SIGTERM wait until the switch is over.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Optional

from kg.errors import KGError
from kg.outdir.manifest import MANIFEST, Manifest, is_output_path

STAGING = ".kg-staging"
JOURNAL = ".kg-journal.json"
SET_ASIDE = ".kg-old"
# Folders older versions of kg staged builds in.
_LEGACY_TEMP = (".kg-staging-*", ".kg-old-*")

# A test's hook, called with the name of each step of the switch before it is taken:
# raising there (or killing the process) is a fault at that step.
fault: Optional[Callable[[str], None]] = None


class JournalError(KGError):
    """A journal that cannot be rolled forward."""


def staging_folder(out: Path) -> Path:
    """A new, empty staging folder in `out`, after what a build that did not
    finish left there is removed. Call `recover` first."""
    _remove_leftovers(out)
    staging = out / STAGING
    staging.mkdir()
    return staging


def discard(out: Path) -> None:
    """Remove what a build that stopped before its switch left; after a switch that
    was cut (the journal is there), nothing: the next build finishes it."""
    if not (out / JOURNAL).exists():
        _remove_leftovers(out)


def _remove_leftovers(out: Path) -> None:
    for name in (STAGING, SET_ASIDE):
        shutil.rmtree(out / name, ignore_errors=True)
    (out / f"{JOURNAL}.tmp").unlink(missing_ok=True)
    for pattern in _LEGACY_TEMP:
        for stale in out.glob(pattern):
            shutil.rmtree(stale, ignore_errors=True)


def publish(out: Path, staging: Path, manifest: Manifest, remove: list[str]) -> None:
    """Switch the build in `staging` (the files `manifest` names) into `out`, deleting the
    previous build's files `remove`.

    `out` holds the whole previous build or the whole new one when this
    returns or raises; if the process is killed meanwhile, `recover` ends
    the switch.
    """
    (staging / MANIFEST).write_text(manifest.dumps(), encoding="utf-8")
    journal = {"files": sorted(manifest.files) + [MANIFEST], "remove": sorted(remove)}
    with _signals_held():
        _write_journal(out, journal)
        try:
            _roll_forward(out, journal)
        except BaseException:
            try:
                _roll_back(out, journal)
            except OSError:
                pass  # the journal stays: the next build rolls forward
            raise
        _finish(out)


def recover(out: Path) -> bool:
    """Finish the switch a killed build began in `out`, if any; True if there was one."""
    path = out / JOURNAL
    if not path.exists():
        return False
    journal = _read_journal(path)
    with _signals_held():
        _roll_forward(out, journal, step=lambda name: None)
        _finish(out)
    return True


def _write_journal(out: Path, journal: dict) -> None:
    tmp = out / f"{JOURNAL}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(journal, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())
    _step("journal")
    os.replace(tmp, out / JOURNAL)


def _read_journal(path: Path) -> dict:
    try:
        journal = json.loads(path.read_text(encoding="utf-8"))
        rels = [*journal["files"], *journal["remove"]]
        if not all(isinstance(r, str) and (r == MANIFEST or is_output_path(r)) for r in rels):
            raise ValueError("it names files kg does not write")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise JournalError(f"{path}: a journal kg cannot finish ({exc}); a build was cut while it "
                           f"published: remove {path.name} and build again") from None
    return journal


def _step(name: str) -> None:
    if fault is not None:
        fault(name)


def _roll_forward(out: Path, journal: dict, step: Callable[[str], None] = _step) -> None:
    """Steps 3 of the switch, each skipped when it was done already."""
    staging, old = out / STAGING, out / SET_ASIDE
    for rel in journal["files"]:
        src, dst, saved = staging / rel, out / rel, old / rel
        if not os.path.lexists(src):
            continue
        if os.path.lexists(dst) and not os.path.lexists(saved):
            saved.parent.mkdir(parents=True, exist_ok=True)
            step(f"set aside {rel}")
            os.replace(dst, saved)
        dst.parent.mkdir(parents=True, exist_ok=True)
        step(f"move in {rel}")
        os.replace(src, dst)
    for rel in journal["remove"]:
        dst, saved = out / rel, old / rel
        if os.path.lexists(dst) and not os.path.lexists(saved):
            saved.parent.mkdir(parents=True, exist_ok=True)
            step(f"take out {rel}")
            os.replace(dst, saved)


def _roll_back(out: Path, journal: dict) -> None:
    """Undo step 3 (after an error in this process): new files back to the staging folder,
    the previous ones back into place, then the journal removed. If that fails too,
    the journal stays and the next build rolls forward."""
    staging, old = out / STAGING, out / SET_ASIDE
    for rel in reversed(journal["files"]):
        src, dst, saved = staging / rel, out / rel, old / rel
        if not os.path.lexists(src) and os.path.lexists(dst):
            os.replace(dst, src)
        if os.path.lexists(saved):
            os.replace(saved, dst)
    for rel in journal["remove"]:
        if os.path.lexists(old / rel):
            os.replace(old / rel, out / rel)
    (out / JOURNAL).unlink()


def _finish(out: Path) -> None:
    """Step 4: the switch is over."""
    _step("remove the journal")
    (out / JOURNAL).unlink()
    _step("clean up")
    _remove_leftovers(out)


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs, then act on them.

    Python runs signal handlers in the main thread whichever thread the
    system hands a signal to, so the handlers are swapped for ones that
    note the signal; elsewhere than in the main thread no handler interrupts
    the block anyway.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        handler = signal.getsignal(signum)
        if handler not in (signal.SIG_IGN, None):
            previous[signum] = signal.signal(signum, lambda n, frame: caught.append(n))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        for signum in dict.fromkeys(caught):
            signal.raise_signal(signum)
