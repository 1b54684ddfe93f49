"""`kg serve`: the SPARQL endpoint queried by real clients, the query page in a real browser.

Each server is `python -m kg serve` in a subprocess on a free port over the
seeds' build; SPARQLWrapper and rdflib's SPARQLStore query it and their
answers are compared with `kg query`'s.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import JSON, POST, POSTDIRECTLY, SPARQLWrapper

import browser_support
from kg.cli import cli
from kg.query import run_query, write_query
from rdf_support import QUERIES, ROOT, seed_build

EXAMPLES = sorted(QUERIES.glob("*.rq"))
# Every triple three times over: 8721³ rows to count, far more than a second's work.
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
KG = "https://w3id.org/kg-cn-lg/ontology#"
CONSTRUCT = f"CONSTRUCT {{ ?c a <{KG}County> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }} " \
            f"WHERE {{ ?c a <{KG}County> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }}"
SCREENSHOTS = Path(os.environ.get("KG_SCREENSHOTS") or Path("/tmp") / "kg-serve-screenshots")


class Server:
    """`kg serve` in a subprocess; `url` is its query page, `endpoint` its /sparql."""

    def __init__(self, data: Path, *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "kg", "serve", str(data), "--port", "0", *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        found = re.search(r"query page (http://\S+/), SPARQL endpoint (http://\S+/sparql)", line)
        if not found:
            self.process.kill()
            raise RuntimeError(f"kg serve did not start: {line}{self.process.stderr.read()}")
        self.url, self.endpoint = found.groups()
        self.ready_line = line

    def stop(self, sig: int = signal.SIGINT) -> tuple[int, str]:
        """Send `sig`; the exit status and what it wrote on stderr."""
        self.process.send_signal(sig)
        _, err = self.process.communicate(timeout=30)
        return self.process.returncode, err


@pytest.fixture(scope="module")
def build_dir() -> Path:
    return seed_build()


@pytest.fixture(scope="module")
def server(build_dir):
    s = Server(build_dir)
    yield s
    s.stop()


def http(url: str, data: bytes | None = None, headers: dict | None = None,
         method: str | None = None) -> tuple[int, str, bytes]:
    """(status, Content-Type, body) of a request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers["Content-Type"], exc.read()


def get(server: Server, query: str, accept: str | None = None, **params: str) -> tuple[int, str, bytes]:
    qs = urllib.parse.urlencode({"query": query, **params})
    return http(f"{server.endpoint}?{qs}", headers={"Accept": accept} if accept else {})


def kg_answer(data: Path, query: str, fmt: str) -> bytes:
    out = io.BytesIO()
    write_query(data, query, fmt, out)
    return out.getvalue()


def wrapper(server: Server, query: str) -> SPARQLWrapper:
    sparql = SPARQLWrapper(server.endpoint)
    sparql.setQuery(query)
    sparql.setReturnFormat(JSON)
    sparql.setTimeout(60)
    return sparql


# --- the example queries through real clients ----------------------------------------------------

@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_sparqlwrapper_gets_the_answers_of_kg_query(server, build_dir, path):
    text = path.read_text(encoding="utf-8")
    columns, rows = run_query(build_dir, text)
    answer = wrapper(server, text).queryAndConvert()
    assert answer["head"]["vars"] == columns
    got = [[b.get(c, {}).get("value", "") for c in columns] for b in answer["results"]["bindings"]]
    assert got == rows and rows, path.stem


@pytest.mark.parametrize("method", ["GET", "POST", "POST_FORM"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_rdflib_sparqlstore_gets_the_answers_of_kg_query(server, build_dir, path, method):
    text = path.read_text(encoding="utf-8")
    columns, rows = run_query(build_dir, text)
    store = Graph(store=SPARQLStore(server.endpoint, method=method, returnFormat="xml"))
    result = store.query(text)
    assert [str(v) for v in result.vars] == columns
    got = [["" if row[c] is None else str(row[c]) for c in columns] for row in result]
    assert got == rows, path.stem


def test_a_construct_through_sparqlstore_is_the_graph_kg_query_writes(server, build_dir):
    store = Graph(store=SPARQLStore(server.endpoint, returnFormat="xml"))
    got = store.query(CONSTRUCT).graph
    expected = Graph().parse(data=kg_answer(build_dir, CONSTRUCT, "ttl"), format="turtle")
    assert len(expected) > 10 and isomorphic(got, expected)


def test_get_post_form_and_post_body_give_the_same_answer(server, build_dir):
    query = (QUERIES / "laws_inspected.rq").read_text(encoding="utf-8")
    expected = kg_answer(build_dir, query, "csv")
    answers = [
        get(server, query, "text/csv"),
        http(server.endpoint, urllib.parse.urlencode({"query": query}).encode(),
             {"Accept": "text/csv", "Content-Type": "application/x-www-form-urlencoded"}),
        http(server.endpoint, query.encode("utf-8"),
             {"Accept": "text/csv", "Content-Type": "application/sparql-query"}),
    ]
    for status, ctype, body in answers:
        assert (status, ctype, body) == (200, "text/csv; charset=utf-8", expected)


def test_default_graph_uri_and_named_graph_uri_pick_the_dataset(server, build_dir):
    graphs = [r[0] for r in run_query(build_dir, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g")[1]]
    assert len(graphs) == 5
    one = run_query(build_dir, f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graphs[0]}> {{ ?s ?p ?o }} }}")[1][0][0]
    count = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    _, _, body = get(server, count, "text/csv", **{"default-graph-uri": graphs[0]})
    assert body.decode().split() == ["n", one] and int(one) < count_triples(server)
    _, _, body = get(server, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }", "text/csv",
                     **{"named-graph-uri": graphs[1]})
    assert body.decode().split() == ["g", graphs[1]]
    assert get(server, count, None, **{"default-graph-uri": "not an iri"})[0] == 400


# --- content negotiation -------------------------------------------------------------------------

@pytest.mark.parametrize("accept, fmt, ctype", [
    (None, "json", "application/sparql-results+json"),
    ("application/sparql-results+json", "json", "application/sparql-results+json"),
    ("application/json", "json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "xml", "application/sparql-results+xml"),
    ("text/csv", "csv", "text/csv; charset=utf-8"),
    ("text/tab-separated-values", "tsv", "text/tab-separated-values; charset=utf-8"),
    ("text/csv;q=0.5, text/tab-separated-values", "tsv", "text/tab-separated-values; charset=utf-8"),
])
def test_select_answers_in_the_format_the_accept_header_asks_for(server, build_dir, accept, fmt, ctype):
    query = (QUERIES / "report_facts.rq").read_text(encoding="utf-8")
    status, got_type, body = get(server, query, accept)
    assert (status, got_type) == (200, ctype)
    expected = kg_answer(build_dir, query, fmt)
    assert body == (expected[:-1] if fmt in ("json", "xml") else expected)  # kg query ends with a newline


@pytest.mark.parametrize("accept, fmt, ctype, rdflib_format", [
    (None, "ttl", "text/turtle; charset=utf-8", "turtle"),
    ("text/turtle", "ttl", "text/turtle; charset=utf-8", "turtle"),
    ("application/n-triples", "nt", "application/n-triples", "nt"),
    ("application/rdf+xml", None, "application/rdf+xml", "xml"),
    ("application/ld+json", None, "application/ld+json", "json-ld"),
])
def test_construct_answers_in_the_rdf_format_the_accept_header_asks_for(server, build_dir, accept, fmt, ctype,
                                                                         rdflib_format):
    status, got_type, body = get(server, CONSTRUCT, accept)
    assert (status, got_type) == (200, ctype)
    if fmt is not None:
        assert body == kg_answer(build_dir, CONSTRUCT, fmt)
    expected = Graph().parse(data=kg_answer(build_dir, CONSTRUCT, "nt"), format="nt")
    assert isomorphic(Graph().parse(data=body, format=rdflib_format), expected)


@pytest.mark.parametrize("fmt, ctype", [("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
                                        ("xml", "application/sparql-results+xml"),
                                        ("text/csv", "text/csv")])
def test_the_format_parameter_wins_over_the_accept_header(server, fmt, ctype):
    status, got_type, _ = get(server, "ASK { ?s ?p ?o }", "application/sparql-results+json", format=fmt)
    assert status == 200 and got_type.split(";")[0] == ctype


def test_csv_answers_read_back_with_the_chinese_intact(server, build_dir):
    query = (QUERIES / "laws_inspected.rq").read_text(encoding="utf-8")
    _, _, body = get(server, query, "text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert rows and any(r["law"].startswith("中华人民共和国") for r in rows)


def test_an_accept_header_naming_no_format_we_write_is_406(server):
    status, ctype, body = get(server, "ASK { ?s ?p ?o }", "image/png")
    assert status == 406 and ctype.startswith("text/plain")
    assert b"application/sparql-results+json" in body and b"text/turtle" in body


def test_a_select_with_only_rdf_formats_acceptable_is_406(server):
    status, _, body = get(server, "SELECT * { ?s ?p ?o } LIMIT 1", "text/turtle")
    assert status == 406 and b"SELECT and ASK answer in" in body


# --- what is refused ------------------------------------------------------------------------------

def count_triples(server: Server) -> int:
    return int(wrapper(server, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }").queryAndConvert()
               ["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("how", ["form", "body", "as a query", "sparqlwrapper", "sparqlwrapper body",
                                 "rdflib"])
def test_updates_are_refused_and_change_nothing(server, how):
    before = count_triples(server)
    update = "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"
    if how.startswith("sparqlwrapper"):
        sparql = SPARQLWrapper(server.endpoint, updateEndpoint=server.endpoint)
        sparql.setMethod(POST)
        if how.endswith("body"):
            sparql.setRequestMethod(POSTDIRECTLY)
        sparql.setQuery(update)
        with pytest.raises(urllib.error.HTTPError) as err:
            sparql.query()
        status, body = err.value.code, err.value.read()
    elif how == "rdflib":
        store = SPARQLUpdateStore(server.endpoint, server.endpoint)
        with pytest.raises(urllib.error.HTTPError) as err:
            store.update(update)
        status, body = err.value.code, err.value.read()
    else:
        data, ctype = {
            "form": (urllib.parse.urlencode({"update": update}).encode(), "application/x-www-form-urlencoded"),
            "body": (update.encode(), "application/sparql-update"),
            "as a query": (urllib.parse.urlencode({"query": update}).encode(), "application/x-www-form-urlencoded"),
        }[how]
        status, _, body = http(server.endpoint, data, {"Content-Type": ctype})
    assert status == 403
    assert b"read-only" in body and b"SPARQL Update" in body
    assert count_triples(server) == before


def test_a_service_clause_is_refused(server):
    status, _, body = get(server, "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert status == 403 and b"SERVICE" in body and b"--allow-service" in body


def test_a_syntax_error_is_400_with_oxigraphs_message(server):
    status, _, body = get(server, "SELECT WHERE {")
    assert status == 400 and body.startswith(b"SPARQL syntax error:")


@pytest.mark.parametrize("request_args, status", [
    ((None, None, "PUT"), 405),
    ((b"query=ASK{}", {"Content-Type": "text/plain"}, None), 415),
    ((b"", {"Content-Type": "application/x-www-form-urlencoded"}, None), 400),
])
def test_bad_protocol_requests_get_their_status(server, request_args, status):
    data, headers, method = request_args
    assert http(server.endpoint, data, headers, method)[0] == status


def test_a_query_past_the_timeout_is_stopped_and_the_server_goes_on(build_dir):
    s = Server(build_dir, "--timeout", "1", "--workers", "1")
    try:
        started = time.monotonic()
        with pytest.raises(urllib.error.HTTPError) as err:
            wrapper(s, CROSS_PRODUCT).query()
        took = time.monotonic() - started
        message = err.value.read().decode("utf-8")
        assert err.value.code == 503
        assert "ran longer than the timeout of 1 s and was stopped" in message
        assert took < 10
        # The killed worker was replaced: the one worker answers the next query, once the
        # new one has loaded the graph (under load, loading it or even this query can take
        # longer than the 1 s timeout, and the server says so meanwhile).
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = wrapper(s, "ASK { ?s ?p ?o }").queryAndConvert()
                break
            except urllib.error.HTTPError as busy:
                text = busy.read().decode("utf-8")
                assert busy.code == 503 and ("stayed busy" in text or "longer than the timeout" in text), text
                assert time.monotonic() < deadline, text
        assert answer["boolean"] is True
    finally:
        status, err_text = s.stop()
    assert status == 130 and "kg: stopped" in err_text


# --- the server process -----------------------------------------------------------------------------

def workers_of(pid: int) -> list[int]:
    """The worker processes of the server `pid` (its children, less multiprocessing's resource tracker)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children
            if "resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes().decode(errors="replace")]


@pytest.mark.parametrize("sig, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_and_sigterm_stop_the_server_and_its_workers(build_dir, sig, status):
    s = Server(build_dir, "--workers", "2")
    workers = workers_of(s.process.pid)
    assert len(workers) == 2
    assert s.ready_line.startswith("kg: serving ") and "http://127.0.0.1:" in s.ready_line
    code, err = s.stop(sig)
    assert code == status and "kg: stopped" in err and "Traceback" not in err
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{w}").exists() and "zombie" not in _state(w) for w in workers):
        assert time.monotonic() < deadline, "the workers outlived the server"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split("\n")[0].lower()
    except (OSError, IndexError):
        return "zombie"


def test_it_binds_to_localhost_by_default(server):
    port = int(server.url.rsplit(":", 1)[1].strip("/"))
    assert server.url == f"http://127.0.0.1:{port}/"
    assert listening_on(port) == ["127.0.0.1"]


def listening_on(port: int) -> list[str]:
    """The IPv4 addresses with a socket listening on `port` (from /proc/net/tcp, which sends nothing)."""
    found = []
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            found.append(socket.inet_ntoa(bytes.fromhex(address)[::-1]))
    return found


def test_host_names_the_address_it_listens_on(build_dir):
    s = Server(build_dir, "--host", "127.0.0.2", "--workers", "1")
    try:
        port = int(s.url.rsplit(":", 1)[1].strip("/"))
        assert s.url == f"http://127.0.0.2:{port}/" and listening_on(port) == ["127.0.0.2"]
        assert http(s.endpoint + "?query=ASK%7B%7D")[0] == 200
    finally:
        s.stop()


def test_a_port_in_use_is_one_error_line(build_dir, server):
    port = server.url.rsplit(":", 1)[1].strip("/")
    result = CliRunner().invoke(cli, ["serve", str(build_dir), "--port", port])
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.output and "Traceback" not in result.output


def test_a_missing_graph_is_one_error_line(tmp_path):
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and "no such file or folder" in result.output


def test_the_view_is_served_at_view(server, build_dir):
    status, ctype, body = http(server.url + "view")
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    assert body == (build_dir / "graph.html").read_bytes()


def test_a_graph_file_without_a_view_says_how_to_make_one(tmp_path, build_dir):
    graph = tmp_path / "graph.ttl"
    graph.write_bytes((build_dir / "graph.ttl").read_bytes())
    s = Server(graph, "--workers", "1")
    try:
        status, _, body = http(s.url + "view")
        assert status == 404 and b"kg view" in body
        page = http(s.url)[2].decode("utf-8")
        assert '"view":false' in page
    finally:
        s.stop()


def test_the_page_and_its_assets_load_nothing_from_elsewhere(server):
    status, ctype, body = http(server.url)
    page = body.decode("utf-8")
    assert (status, ctype) == (200, "text/html; charset=utf-8")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") or s == "data:," for s in sources), sources
    for asset in ("/assets/query.js", "/assets/query.css"):
        status, _, text = http(server.url.rstrip("/") + asset)
        assert status == 200 and b"http://" not in text and b"https://" not in text
    data = json.loads(re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page).group(1))
    assert [e["name"] for e in data["examples"]] == [p.stem for p in EXAMPLES]


# --- help and README ------------------------------------------------------------------------------

def test_help_and_readme_give_every_option_and_default():
    start = (readme := (ROOT / "README.md").read_text(encoding="utf-8")).index("\n## Serving SPARQL\n")
    section = " ".join(readme[start:readme.index("\n## ", start + 1)].split())
    assert "kg serve [" in section and "SPARQLWrapper" in section and "curl" in section
    command = cli.commands["serve"]
    for option in (p for p in command.params if p.name != "help"):
        if option.param_type_name == "option":
            assert any(o in section for o in option.opts), option.opts
        if isinstance(option.default, (str, int, float)) and not getattr(option, "is_flag", False):
            assert re.search(rf"default:? `?{re.escape(str(option.default))}", section), (option.name, option.default)


# --- the query page in a real browser ---------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    browser_support.need(browser_support.missing())
    b = _browser()
    yield b
    b.close()


def _browser():
    """Headless Chromium as the view's tests start it, except that the loopback address is
    reached directly: every other address goes to a dead proxy and no name resolves, so the
    page works only if it needs nothing from elsewhere."""
    import shutil
    import tempfile

    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from test_view_browser import Browser

    class ServerBrowser(Browser):
        def __init__(self) -> None:
            self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
            options = webdriver.ChromeOptions()
            options.binary_location = browser_support.CHROMIUM
            for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                        "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage",
                        f"--user-data-dir={self.profile}", "--window-size=1400,900",
                        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                        "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=127.0.0.1"):
                options.add_argument(arg)
            options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
            try:
                self.driver = webdriver.Chrome(service=Service(executable_path=browser_support.CHROMEDRIVER),
                                               options=options)
            except BaseException:
                shutil.rmtree(self.profile, ignore_errors=True)
                raise

    return ServerBrowser()


def test_the_query_page_runs_an_example_and_shows_its_table(browser, server, build_dir):
    from selenium.webdriver.support.ui import Select

    browser.console()
    browser.driver.get(server.url)
    browser.wait_until("return document.body.dataset.ready === 'true'")
    names = browser.js("return [...document.querySelectorAll('#examples option')].map(o => o.value)")
    assert names[1:] == [p.stem for p in EXAMPLES]
    Select(browser.element("#examples")).select_by_value("laws_inspected")
    assert browser.element("#comment").text.startswith("The laws each county's standing committee inspected")
    assert "GROUP BY ?county ?law" in browser.js("return document.getElementById('query').value")
    browser.click("#run")
    browser.wait_until("return document.body.dataset.state === 'done'")
    columns, rows = run_query(build_dir, "laws_inspected")
    header = browser.js("return [...document.querySelectorAll('#results th')].map(th => th.textContent)")
    cells = browser.js("return [...document.querySelectorAll('#results tbody tr')]"
                       ".map(tr => [...tr.cells].map(td => td.textContent))")
    assert header == columns and len(cells) == len(rows) > 0
    assert [r[1] for r in cells] == [r[1] for r in rows]  # the laws, in order, as kg query gives them
    assert browser.element("#status").text.startswith(f"{len(rows)} rows")
    link = browser.element("#view-link")
    assert link.get_attribute("href") == server.url + "view" and "not built" not in link.text
    browser.screenshot(SCREENSHOTS / "query-page.png")
    assert not [e for e in browser.console() if e["level"] in ("SEVERE", "ERROR")]
    link.click()
    browser.wait_until("return document.body.dataset.ready === 'true'")
    assert browser.js("return location.pathname") == "/view"


def test_the_query_page_shows_an_error_and_a_construct(browser, server):
    browser.driver.get(server.url)
    browser.wait_until("return document.body.dataset.ready === 'true'")
    browser.js("document.getElementById('query').value = arguments[0]", "SELECT WHERE {")
    browser.click("#run")
    browser.wait_until("return document.body.dataset.state === 'error'")
    assert "HTTP 400: SPARQL syntax error" in browser.element("#error").text
    browser.js("document.getElementById('query').value = arguments[0]", CONSTRUCT)
    browser.click("#run")
    browser.wait_until("return document.body.dataset.state === 'done'")
    assert f"<{KG}County>" in browser.element("#triples").text or "County" in browser.element("#triples").text
