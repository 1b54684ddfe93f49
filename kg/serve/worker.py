"""Queries run in worker processes that can be killed: the only sound way to stop
a pyoxigraph query, which no other thread can interrupt.

Each worker opens the graph's store read-only once and then answers one
request at a time over a socket pair. `Pool` hands a request to an idle worker and
waits at most the timeout for the answer; a worker that has not answered by
then is killed and a new one started in its place.
"""
from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Optional

import pyoxigraph as ox

from kg.errors import KGError
from kg.query import _prefixes
from kg.serve.formats import BY_NAME, GRAPH_FORMATS, RESULT_FORMATS, TEXT, content_type, listed

_READY = "ready"


@dataclass(frozen=True)
class Request:
    """A query and the format to answer it in for each kind (None: that kind is not acceptable)."""

    query: str
    results_format: Optional[str]
    graph_format: Optional[str]
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Answer:
    """An HTTP status, the Content-Type and the body."""

    status: int
    content_type: str
    body: bytes

    @classmethod
    def text(cls, status: int, message: str) -> "Answer":
        return cls(status, TEXT, (message.rstrip("\n") + "\n").encode("utf-8"))


class Pool:
    """`size` worker processes over the graph file `graph`, with a timeout per query."""

    def __init__(self, graph: Path, size: int, timeout: float) -> None:
        self.graph, self.size, self.timeout = graph, size, timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        for _ in range(size):
            worker = _Worker(graph)
            self._all.add(worker)
            self._idle.put(worker)

    def wait_ready(self) -> None:
        """Wait until every worker has opened the store (KGError if one could not)."""
        for worker in list(self._all):
            try:
                worker.wait_ready(None)
            except (EOFError, OSError) as exc:
                raise KGError(f"a query process ended as it started: {exc or 'no reason given'}") from None
            except RuntimeError as exc:
                raise KGError(str(exc)) from None

    def run(self, request: Request) -> Answer:
        """The answer to `request`, or a 503 answer when it runs past the timeout."""
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            return Answer.text(503, f"kg serve: all {self.size} query processes stayed busy for "
                                    f"{_seconds(self.timeout)}; try again later")
        try:
            answer = worker.ask(request, deadline)
        except (EOFError, OSError, RuntimeError):
            self._replace(worker)
            if self._closed:
                return Answer.text(503, "kg serve stopped before the query was answered")
            return Answer.text(500, "kg serve: the query process ended before it answered "
                                    "(out of memory?); a new one was started")
        if answer is None:
            self._replace(worker)
            return Answer.text(503, f"kg serve: the query ran longer than the timeout of "
                                    f"{_seconds(self.timeout)} and was stopped (kg serve --timeout)")
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        """Stop the idle workers and kill the busy ones; the thread waiting for a killed
        worker's answer then sees it end, and stops it. (A pipe is closed only by the
        thread that uses it: a descriptor closed twice could be another's by then.)"""
        with self._lock:
            self._closed = True
            busy = set(self._all)
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            busy.discard(worker)
            worker.stop()
        for worker in busy:
            worker.kill()

    def _replace(self, worker: "_Worker") -> None:
        worker.stop()
        with self._lock:
            self._all.discard(worker)
            if self._closed:
                return
            replacement = _Worker(self.graph)
            self._all.add(replacement)
        self._idle.put(replacement)


class _Worker:
    """One worker process and the main process's end of its pipe."""

    def __init__(self, graph: Path) -> None:
        """Start `python -m kg.serve.worker` with one end of a socket pair: a fresh interpreter
        (not a fork of a process whose server threads may hold locks, nor multiprocessing's
        spawn, which runs the caller's main module again)."""
        ours, theirs = socket.socketpair()
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "kg.serve.worker", str(theirs.fileno()), str(graph), str(os.getpid())],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        self.conn = Connection(ours.detach())
        self.ready = False
        self._lock = threading.Lock()

    def wait_ready(self, deadline: Optional[float]) -> bool:
        """Whether the worker said it is ready by `deadline` (None: no limit)."""
        if not self.ready:
            if not self.conn.poll(None if deadline is None else max(0.0, deadline - time.monotonic())):
                return False
            message = self.conn.recv()
            if message != _READY:
                raise RuntimeError(message)
            self.ready = True
        return True

    def ask(self, request: Request, deadline: float) -> Optional[Answer]:
        """The worker's answer, or None if it has none by `deadline`."""
        if not self.wait_ready(deadline):
            return None
        self.conn.send(request)
        if not self.conn.poll(max(0.0, deadline - time.monotonic())):
            return None
        return self.conn.recv()

    def kill(self) -> None:
        """End the process (safe from any thread; the pipe stays open)."""
        with self._lock:
            if self.process.poll() is None:
                self.process.kill()

    def stop(self) -> None:
        """End the process, reap it and close the pipe (by the one thread that uses the worker)."""
        self.kill()
        with self._lock:
            self.process.wait()
            if not self.conn.closed:
                self.conn.close()


def work(conn: Connection, graph: str, parent: int) -> None:
    """The worker's loop: open the store, say so, then answer requests until the pipe closes."""
    _die_with(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    try:
        from kg.rdf.files import load_store

        store = load_store(graph)
    except Exception as exc:  # the main process reports it
        conn.send(f"{graph}: the query process cannot open the store: {exc}")
        return
    conn.send(_READY)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(store, request))


def answer(store, request: Request) -> Answer:
    """Run `request` on `store` and write the answer in the format chosen for its kind."""
    try:
        graphs = {"default_graph": [ox.NamedNode(g) for g in request.default_graphs] or None,
                  "named_graphs": [ox.NamedNode(g) for g in request.named_graphs] or None}
    except ValueError as exc:
        return Answer.text(400, f"default-graph-uri or named-graph-uri is not an IRI: {exc}")
    try:
        result = store.query(request.query, **graphs)
        if isinstance(result, ox.QueryTriples):
            if request.graph_format is None:
                return _not_acceptable("CONSTRUCT and DESCRIBE", "graph")
            fmt = getattr(ox.RdfFormat, _RDF[request.graph_format])
            body = ox.serialize(result, format=fmt, prefixes=_prefixes(request.query))
            return Answer(200, content_type(BY_NAME[request.graph_format]), body)
        if request.results_format is None:
            return _not_acceptable("SELECT and ASK", "results")
        body = result.serialize(format=getattr(ox.QueryResultsFormat, request.results_format.upper()))
        return Answer(200, content_type(BY_NAME[request.results_format]), body)
    except SyntaxError as exc:
        return Answer.text(400, f"SPARQL syntax error: {exc}")
    except (OSError, ValueError, RuntimeError) as exc:
        return Answer.text(500, f"the query failed: {exc}")


_RDF = {"ttl": "TURTLE", "nt": "N_TRIPLES", "rdfxml": "RDF_XML", "jsonld": "JSON_LD"}


def _not_acceptable(forms: str, kind: str) -> Answer:
    formats = GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS
    return Answer.text(406, f"{forms} answer in {listed(formats)}: the request's Accept header "
                            f"and format parameter name none of them")


def _seconds(value: float) -> str:
    return f"{value:g} s"


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """Have the system kill this process when `parent` ends (Linux's PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


if __name__ == "__main__":
    from kg.serve import worker  # answers pickled as kg.serve.worker.Answer, not __main__.Answer

    worker.work(Connection(int(sys.argv[1])), sys.argv[2], int(sys.argv[3]))
