"""The on-disk query store of a graph file, and the build's way of preparing it.

A store lives in a `.kg-store/` folder beside its graph file, named by the
file's name and a key drawn from the SHA-256 of the file's bytes, what it
holds (the named graphs too, or the default graph alone), the store's
layout and Oxigraph's version: it answers only for the file as it is, so an
edited file (whatever its size and modification time) gets a new store, and
a store is found again when its folder is moved. `kg.rdf.files.load_store`
opens it, or makes it from the file.

Loading the 1,000-report bench graph takes tens of seconds, so a build
whose graph is large prepares the store of its default graph (what a query
that names no graph reads) itself: a separate process loads
graph.trig report by report as the merge writes it, on the core the merge
and the view leave idle, and the store is put in the output folder's
`.kg-store/` as the build is published; the first query then only opens it.
This module runs as that process (`python -m kg.rdf.store TRIG STORE`).
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Callable, Iterable, Optional

import pyoxigraph as ox

STORE_DIR = ".kg-store"
# Bump when what a store holds, or how, changes: older stores are then made again.
LAYOUT = 2
# The size of a build's Turtle from which the build prepares the store: below
# it the first query loads the graph in about two seconds, and preparing it
# would make a small build measurably slower.
PREPARE_FROM_BYTES = 24 << 20
# TriG loaded at once: bounds the loading process's memory (a whole 100 MB
# graph.trig at once takes 1.4 GB) at a tenth more time.
CHUNK_BYTES = 16 << 20
_BLOCK_END = b"\n}\n\n"
_KEY = re.compile(r"[0-9a-f]{16}")


def store_name(file_name: str, digest: str, named: bool = True) -> str:
    """The name of the store of a file named `file_name` whose bytes have the SHA-256 `digest`:
    with its named graphs, or (not `named`) the default graph alone."""
    kind = "named" if named else "default"
    key = hashlib.sha256(f"{LAYOUT}|{kind}|{ox.__version__}|{digest}".encode("utf-8")).hexdigest()[:16]
    return f"{file_name}-{key}"


def purge(root: Path, file_name: str, keep: Iterable[str] = ()) -> None:
    """Remove the stores of the file named `file_name` in the store folder `root`, but those in `keep`.

    Only folders named as kg names stores are removed (not links, nor
    anything else a user put there).
    """
    prefix = f"{file_name}-"
    try:
        entries = list(root.iterdir()) if root.is_dir() and not root.is_symlink() else []
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if (name not in keep and name.startswith(prefix) and _KEY.fullmatch(name[len(prefix):])
                and entry.is_dir() and not entry.is_symlink()):
            shutil.rmtree(entry, ignore_errors=True)


class BuildStore:
    """The store of the graph.trig a build writes into its staging folder, prepared alongside.

    `follow` starts the loading process when the build's Turtle is large
    enough; `written` tells it the file is complete; `place` waits for it
    and puts the store in `out`'s store folder; leaving the `with` block
    without an error removes the stores of the previous build's graph
    files, and with one stops the process (what it wrote goes with the
    staging folder).
    """

    def __init__(self, out: Path, on_note: Optional[Callable[[str], None]] = None) -> None:
        self.out, self.on_note = out, on_note
        self.process: Optional[subprocess.Popen] = None
        self.target: Optional[Path] = None
        self.keep: dict[str, set[str]] = {}

    def __enter__(self) -> "BuildStore":
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        if exc_type is None and self.keep:
            for name, keep in self.keep.items():
                purge(self.out / STORE_DIR, name, keep)

    def follow(self, trig: Path, size: int) -> None:
        """Start loading `trig` (being written) into a store beside it, if `size` (the
        bytes of Turtle the build expects) is large enough to pay for it."""
        if size < PREPARE_FROM_BYTES:
            return
        self.target = trig.parent / STORE_DIR
        self.process = subprocess.Popen([sys.executable, "-m", "kg.rdf.store", str(trig), str(self.target)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def written(self, trig: IO[str]) -> None:
        """The graph.trig being loaded is complete: flush it and say so."""
        if self.process is None:
            return
        trig.flush()
        try:
            self.process.stdin.write(b"done\n")
            self.process.stdin.flush()
        except OSError:
            pass  # the process ended: `place` says why

    def place(self, digests: dict[str, str]) -> None:
        """Wait for the store and put it in the output folder as that of the graph.trig
        whose digest `digests` (the build's manifest) gives."""
        self.keep = {name: {store_name(name, digests[name], named) for named in (True, False)}
                     for name in ("graph.trig", "graph.ttl") if name in digests}
        if self.process is None:
            return
        digest, problem = self.process.communicate()
        digest = digest.decode("ascii", "replace").strip()
        if self.process.returncode != 0 or digest != digests.get("graph.trig"):
            why = problem.decode("utf-8", "replace").strip().splitlines()[-1:] or ["it read another graph.trig"]
            self._note(f"the query store was not prepared ({why[0]}): the first query will load the graph")
            return
        root = self.out / STORE_DIR
        try:
            root.mkdir(exist_ok=True)
            dest = root / store_name("graph.trig", digests["graph.trig"], named=False)
            if not dest.exists():
                os.replace(self.target, dest)
        except OSError as exc:
            self._note(f"{root}: the query store cannot be put there ({exc.strerror or exc}): "
                       "the first query will load the graph")

    def _note(self, text: str) -> None:
        if self.on_note is not None:
            self.on_note(text)


def follow(trig: Path, target: Path, told: threading.Event, gone: threading.Event) -> str:
    """Load the growing kg-written TriG file `trig` into a new store at `target`,
    a chunk of whole report graphs at a time, until `told` that it is complete;
    the SHA-256 of what was read."""
    store = ox.Store(str(target))
    digest = hashlib.sha256()
    pending = bytearray()
    header: Optional[bytes] = None
    done = False
    with open(trig, "rb") as fh:
        while True:
            data = fh.read(1 << 22)
            if data:
                digest.update(data)
                pending += data
            elif done:
                break
            else:
                done = told.wait(0.05)
                if gone.is_set():
                    raise SystemExit("the build stopped")
                continue
            if header is None:
                start = pending.find(b"\n\n")
                if start < 0:
                    continue
                header = bytes(pending[:start + 2])
                del pending[:start + 2]
            cut = pending.rfind(_BLOCK_END)
            if cut + len(_BLOCK_END) >= CHUNK_BYTES:
                _load(store, header, bytes(pending[:cut + len(_BLOCK_END)]))
                del pending[:cut + len(_BLOCK_END)]
    if pending.strip():
        _load(store, header or b"", bytes(pending))
    store.flush()
    store.optimize()  # compacted once, every later query reads fewer files
    return digest.hexdigest()


def _load(store: ox.Store, header: bytes, blocks: bytes) -> None:
    """Load whole report graphs (`GRAPH {…}` blocks) into the default graph, where
    a triple two reports share is stored once."""
    bodies = [block[block.index(b"{\n") + 2:] for block in blocks.split(_BLOCK_END) if block.strip()]
    store.bulk_load(input=header + b"\n".join(bodies), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())


def _main(argv: list[str]) -> None:
    """Run as the build's loading process: load argv[0] into a store at argv[1]; print the digest."""
    try:
        os.nice(10)  # the build's own work comes first
    except (AttributeError, OSError):
        pass
    told, gone = threading.Event(), threading.Event()

    def listen() -> None:
        (told if sys.stdin.buffer.readline().strip() == b"done" else gone).set()

    threading.Thread(target=listen, daemon=True).start()
    print(follow(Path(argv[0]), Path(argv[1]), told, gone))


if __name__ == "__main__":
    from kg.rdf import store  # the package's module, not a second copy of it named __main__

    store._main(sys.argv[1:])
