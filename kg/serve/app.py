"""The WSGI app: the SPARQL 1.1 Protocol's query operation (read-only), the query
page at /, the network view at /view.

Protocol: GET with `query=`, POST with a form (`query=`) or with the query as
an `application/sparql-query` body; `default-graph-uri` and `named-graph-uri`
pick the dataset. Updates (`update=`, `application/sparql-update`) are
refused with 403, as is SERVICE without --allow-service.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Optional

from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from kg.query import _NOT_KEYWORDS, uses_service
from kg.serve import page
from kg.serve.formats import GRAPH_FORMATS, RESULT_FORMATS, TEXT, choose, listed
from kg.serve.worker import Answer, Pool, Request as Query

# Parameters that name the answer's format (SPARQLWrapper sends all three).
FORMAT_PARAMS = ("format", "output", "results")
QUERY_BODY = "application/sparql-query"
FORM = "application/x-www-form-urlencoded"
UPDATE_BODY = "application/sparql-update"
UPDATE_REFUSED = ("kg serve is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, ...) is refused; "
                  "change the reports and run kg build instead")


class App:
    """The endpoint over a pool of query workers."""

    def __init__(self, pool: Pool, graph: Path, view: Optional[Path], allow_service: bool = False) -> None:
        self.pool, self.graph, self.view, self.allow_service = pool, graph, view, allow_service
        self.urls = Map([
            Rule("/", endpoint="page", methods=["GET"]),
            Rule("/sparql", endpoint="sparql", methods=["GET", "POST"]),
            Rule("/view", endpoint="view", methods=["GET"]),
            Rule("/assets/<name>", endpoint="asset", methods=["GET"]),
        ])

    def __call__(self, environ: dict, start_response) -> Iterable[bytes]:
        request = Request(environ)
        try:
            endpoint, args = self.urls.bind_to_environ(environ).match()
            response = getattr(self, f"on_{endpoint}")(request, **args)
        except HTTPException as exc:
            response = _text(exc.code or 500, f"{exc.name}: {exc.description}")
            allow = dict(exc.get_headers(environ)).get("Allow")
            if allow:
                response.headers["Allow"] = allow
        return response(environ, start_response)

    def on_page(self, request: Request) -> Response:
        text = page.render(self.graph.name, self.view is not None and self.view.is_file(), self.pool.timeout)
        response = Response(text, content_type="text/html; charset=utf-8")
        response.headers["Content-Security-Policy"] = page.CSP
        return response

    def on_asset(self, request: Request, name: str) -> Response:
        if name not in page.ASSETS:
            return _text(404, f"no asset {name}")
        return Response(page.asset(name), content_type=page.ASSETS[name])

    def on_view(self, request: Request) -> Response:
        if self.view is None or not self.view.is_file():
            return _text(404, f"no network view beside {self.graph}: kg view {self.graph} writes it")
        return Response(self.view.read_bytes(), content_type="text/html; charset=utf-8")

    def on_sparql(self, request: Request) -> Response:
        query, refused = _protocol_query(request)
        if refused is not None:
            return refused
        if is_update(query):
            return _text(403, UPDATE_REFUSED)
        if not self.allow_service and uses_service(query):
            return _text(403, "the query has a SERVICE clause, which fetches data from another address: "
                              "kg serve runs it only with --allow-service")
        params = request.values.getlist if request.method == "POST" else request.args.getlist
        wanted = [v for p in FORMAT_PARAMS for v in params(p)]
        results = choose(RESULT_FORMATS, wanted, request.accept_mimetypes)
        graph = choose(GRAPH_FORMATS, wanted, request.accept_mimetypes)
        if results is None and graph is None:
            return _text(406, f"the Accept header names no format kg serve writes: SELECT and ASK answer in "
                              f"{listed(RESULT_FORMATS)}; CONSTRUCT and DESCRIBE in {listed(GRAPH_FORMATS)}")
        answer = self.pool.run(Query(query, results and results.name, graph and graph.name,
                                     tuple(params("default-graph-uri")), tuple(params("named-graph-uri"))))
        return _response(answer)


def _protocol_query(request: Request) -> tuple[str, Optional[Response]]:
    """The query of a protocol request, or a response refusing it (an update, no query, a bad body)."""
    if request.method == "GET":
        values = request.args
    elif request.mimetype == FORM:
        values = request.form
    elif request.mimetype == QUERY_BODY:
        if "update" in request.args:
            return "", _text(403, UPDATE_REFUSED)
        return request.get_data(as_text=True), None
    elif request.mimetype == UPDATE_BODY:
        return "", _text(403, UPDATE_REFUSED)
    else:
        return "", _text(415, f"POST a form ({FORM}) with query=, or the query itself as {QUERY_BODY}")
    if "update" in values or "update" in request.args:
        return "", _text(403, UPDATE_REFUSED)
    queries = values.getlist("query")
    if len(queries) != 1 or not queries[0].strip():
        return "", _text(400, "give one query= parameter with the SPARQL query "
                              "(the query page is at /)")
    return queries[0], None


# The prologue of a request (BASE and PREFIX declarations), and the word that follows it.
_PROLOGUE = re.compile(r"\s*(?:(?:BASE\s*|PREFIX\s+[\w.-]*:\s*)\s*)*(\w*)", re.IGNORECASE)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}


def is_update(text: str) -> bool:
    """Whether `text` is a SPARQL Update request (sent as a query): its first keyword after the prologue."""
    return _PROLOGUE.match(_NOT_KEYWORDS.sub(" ", text)).group(1).upper() in _UPDATE_WORDS


def _response(answer: Answer) -> Response:
    response = Response(answer.body, status=answer.status, content_type=answer.content_type)
    response.headers["Vary"] = "Accept"
    response.headers["Cache-Control"] = "no-store"
    return response


def _text(status: int, message: str) -> Response:
    return Response(message.rstrip("\n") + "\n", status=status, content_type=TEXT)
