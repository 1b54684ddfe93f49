"""Run the endpoint: the store loaded once, the query workers started, waitress serving."""
from __future__ import annotations

import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from kg.errors import KGError
from kg.rdf.files import graph_file, load_store

# Threads that serve requests besides those waiting for a query worker (pages, the view).
EXTRA_THREADS = 2


@dataclass(frozen=True)
class Settings:
    """What `kg serve` was asked for."""

    data: Path
    host: str = "127.0.0.1"
    port: int = 7878
    timeout: float = 30.0
    workers: int = 2
    allow_service: bool = False


def view_of(data: Path, graph: Path) -> Path:
    """Where the network view of the graph is: a build folder's graph.html, or the graph file with .html."""
    return data / "graph.html" if data.is_dir() else graph.with_suffix(".html")


def url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serve(settings: Settings, on_ready: Callable[[Path, str], None],
          on_load: Optional[Callable[[Path], None]] = None) -> int:
    """Serve until SIGINT (Ctrl-C) or SIGTERM, then stop everything; return that signal's number.

    `on_ready(graph file, URL)` is called once the server listens and the
    workers have opened the store. Raises KGError when the graph cannot be
    read or the address cannot be listened on.
    """
    from waitress import create_server

    from kg.serve.app import App
    from kg.serve.worker import Pool

    graph = graph_file(settings.data)
    load_store(graph, on_load=on_load)  # parsed here once; each worker opens it read-only
    pool = Pool(graph, settings.workers, settings.timeout)
    received: list[int] = []

    def stop(signum: int, frame: object) -> None:
        """Kill the workers first, so that no request thread waits for a query, then let
        waitress stop (its loop ends on KeyboardInterrupt)."""
        received.append(signum)
        pool.close()
        raise KeyboardInterrupt

    server, previous = None, {}
    try:
        pool.wait_ready()
        app = App(pool, graph, view_of(settings.data, graph), settings.allow_service)
        try:
            server = create_server(app, host=settings.host, port=settings.port, ident="kg serve",
                                   threads=settings.workers + EXTRA_THREADS, clear_untrusted_proxy_headers=True)
        except OSError as exc:
            raise KGError(f"cannot listen on {settings.host}:{settings.port}: {exc.strerror or exc}") from None
        port = getattr(server, "effective_port", None) or server.effective_listen[0][1]  # one socket, or several
        if threading.current_thread() is threading.main_thread():
            previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            on_ready(graph, url(settings.host, port))
            server.run()  # returns when `stop` raised KeyboardInterrupt into it
        except KeyboardInterrupt:  # `stop` ran before waitress's loop began
            pass
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        pool.close()
        if server is not None:
            server.close()
    return received[0] if received else signal.SIGINT
