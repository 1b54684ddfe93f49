"""Extraction workers forked from a server that has the pipeline loaded.

A worker that loads the pipeline itself needs about a second before its
first report (importing spaCy, the tables, the name model), longer than
extracting a few reports. So `kg build` starts multiprocessing's fork server
first thing, told to import `kg.extract.preload` (which loads the pipeline),
and goes on with its own start-up meanwhile; the build's workers are then
forked from the server, ready at once and sharing its memory, however many
there are. Only the command line does this: a program calling
`kg.build.build` gets workers forked from itself, which see what it changed.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.context import BaseContext
from typing import Optional

PRELOAD = "kg.extract.preload"
_context: Optional[BaseContext] = None


def start() -> None:
    """Start the fork server in the background (where the system has one)."""
    global _context
    if _context is not None or "forkserver" not in multiprocessing.get_all_start_methods() or not _can_watch():
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])
    threading.Thread(target=_ensure_running, name="kg-forkserver", daemon=True).start()
    _context = context


def _can_watch() -> bool:
    """Whether a worker can watch the main process end (Linux 5.3's pidfd): a worker
    of the server keeps the server alive, so it must end by itself with the main process."""
    try:
        os.close(os.pidfd_open(os.getpid()))
        return True
    except (AttributeError, OSError):
        return False


def _ensure_running() -> None:
    from multiprocessing import forkserver

    try:
        forkserver.ensure_running()
    except OSError:
        pass  # the pool tries again, and says what fails


def context() -> Optional[BaseContext]:
    """The fork server's context once `start` was called, else None (workers are forked from this process)."""
    return _context


def stop() -> None:
    """Stop the server once the build needs no more workers: it holds the loaded pipeline,
    which would stay in the process tree's memory, beside the merge and the view, until
    the command ends. (CPython's own `_stop`, which its tests use; without it, nothing.)"""
    if _context is None:
        return
    from multiprocessing import forkserver

    end = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if end is not None:
        try:
            end()
        except OSError:
            pass
