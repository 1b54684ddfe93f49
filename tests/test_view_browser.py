"""The network view in a real browser: headless Chromium, network blocked.

Chromium is driven by selenium (a test dependency) through Debian's
chromedriver. `scripts/test.sh` installs Debian's chromium, chromium-driver
and fonts-noto-cjk. Without them, or without selenium, these tests fail in CI
and elsewhere skip with a warning at the end of the run (tests/browser_support.py).
"""
from __future__ import annotations

import os
import random
import shutil
import tempfile
import time
from pathlib import Path

import networkx as nx
import pytest
from rdflib import RDF, RDFS, SKOS, Literal, URIRef

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By
except ImportError:  # the tests fail in CI or skip loudly (browser_support)
    webdriver = None

import browser_support
from browser_support import CHROMEDRIVER, CHROMIUM

from kg.build import build
from kg.rdf.files import load_graph
from kg.rdf.namespace import KG
from kg.view.html import render, write_view
from kg.registry import registry
from kg.view.network import Evidence
from test_view import NEXT_YEAR, SEED, build_two_years

ROOT = Path(__file__).resolve().parents[1]
# Where the screenshots go; KG_SCREENSHOTS=docs makes the README's docs/graph.png.
SCREENSHOTS = Path(os.environ.get("KG_SCREENSHOTS") or Path(tempfile.gettempdir()) / "kg-view-screenshots")
ENTER = "\ue007"  # the Enter key, selenium's Keys.ENTER
# Markup and scripts in a report's sentences and quoted terms; none may run.
PAYLOAD_REPORT = """衢州市柯城区人民代表大会常务委员会工作报告

2024年1月29日在衢州市柯城区第十届人民代表大会第三次会议上

衢州市柯城区人大常委会主任 徐登富

一、过去一年主要工作

一年来,共召开常委会会议9次、主任会议11次,听取审议专项工作报告23个。

常委会认真落实“第一议题</script><script>window.pwned='term'</script>”学习制度,深入开展“<img src=x onerror=window.pwned='img'>清廉工程”活动,推进“<b>粗体</b>行动”。

开展《中华人民共和国食品安全法》执法检查</script><script>window.pwned='sentence'</script>,<b>加粗</b>部署“八八战略”。
"""
PAYLOAD_LABEL = "<img src=x onerror=\"window.pwned='label'\"></script><script>window.pwned='label2'</script><b>粗</b>"


@pytest.fixture(autouse=True, scope="module")
def _needs_a_browser():
    """Fail in CI, or skip with a warning at the end of the run, when the browser is missing."""
    absent = browser_support.missing()
    if absent and browser_support.required():
        pytest.fail(browser_support.message(absent), pytrace=False)
    if absent:
        browser_support.SKIPPED[:] = absent
        pytest.skip(browser_support.message(absent))


class Browser:
    """Headless Chromium through selenium and Debian's chromedriver, with the network blocked."""

    def __init__(self, width: int = 1400, height: int = 900) -> None:
        self.profile = tempfile.mkdtemp(prefix="kg-chromium-")
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
                    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9",
                    "--proxy-bypass-list=<-loopback>"):
            options.add_argument(arg)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        try:
            # The driver's path is given, so selenium runs it and fetches nothing (no Selenium Manager).
            self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        except BaseException:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise

    def open(self, page: Path) -> None:
        self.driver.get(page.resolve().as_uri())

    def js(self, script: str, *args: object) -> object:
        return self.driver.execute_script(script, *args)

    def js_async(self, script: str, *args: object) -> object:
        return self.driver.execute_async_script(script, *args)

    def wait_until(self, script: str, timeout: float = 30.0, *args: object) -> object:
        deadline = time.monotonic() + timeout
        while not (value := self.js(script, *args)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"still false after {timeout} s: {script}")
            time.sleep(0.05)
        return value

    def element(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def click(self, css: str) -> None:
        self.element(css).click()

    def type(self, css: str, text: str) -> None:
        self.element(css).send_keys(text)

    def hover(self, x: float, y: float, css: str) -> None:
        """Move the mouse to (x, y) of the element `css`, from its top left corner."""
        left, top = self.js("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                            "return [r.left, r.top];", css)
        actions = ActionBuilder(self.driver, duration=0)
        for dx in (-3, 0):
            actions.pointer_action.move_to_location(round(left + x + dx), round(top + y))
        actions.perform()

    def click_at(self, x: float, y: float, css: str) -> None:
        """Click at (x, y) of the element `css`, from its top left corner."""
        left, top = self.js("const r = document.querySelector(arguments[0]).getBoundingClientRect();"
                            "return [r.left, r.top];", css)
        actions = ActionBuilder(self.driver, duration=0)
        actions.pointer_action.move_to_location(round(left + x), round(top + y))
        actions.pointer_action.click()
        actions.perform()

    def console(self) -> list[dict]:
        """The browser's log entries since the last call."""
        return self.driver.get_log("browser")

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.driver.get_screenshot_as_png())
        return path

    def close(self) -> None:
        try:
            self.driver.quit()
        finally:
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    b = Browser()
    yield b
    b.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The seeds, built by `kg build`."""
    out = tmp_path_factory.mktemp("seeds")
    build([ROOT / "seeds"], out)
    return out


@pytest.fixture(scope="module")
def payload_graph(tmp_path_factory):
    """The graph `kg build` makes of a report with markup in its text."""
    tmp = tmp_path_factory.mktemp("payload")
    report = tmp / "999_payload.txt"
    report.write_text(PAYLOAD_REPORT, encoding="utf-8")
    build([report], tmp / "out")
    return load_graph(tmp / "out" / "graph.ttl")


@pytest.fixture(scope="module")
def graph(built):
    return load_graph(built / "graph.ttl")


@pytest.fixture
def seeds_page(browser, built):
    """The seeds' page: opened once, and reset for each test that follows."""
    page = built / "graph.html"
    if browser.js("return location.href") == page.as_uri():
        browser.js("document.getElementById('reset').click(); document.getElementById('search').value = '';"
                   "window.network.unselectAll(); window.kgFocused = null;")
        browser.console()
    else:
        open_page(browser, page)
    return page


def entity_count(g) -> int:
    return len({s for t in registry().entity_types for s in g.subjects(RDF.type, t.cls)})


def open_page(browser: Browser, page: Path, timeout: float = 30.0) -> dict:
    browser.console()
    browser.open(page)
    browser.wait_until("return document.body.dataset.ready === 'true'", timeout)
    return browser.js("return window.kgTimes")


def errors(browser: Browser) -> list[dict]:
    return [e for e in browser.console() if e["level"] in ("SEVERE", "ERROR")]


def test_page_opens_offline_with_every_entity(browser, seeds_page, graph):
    assert errors(browser) == []
    assert browser.js("return window.nodes.length") == entity_count(graph)
    assert browser.js("return performance.getEntriesByType('resource').length") == 0
    assert browser.js("return [...document.querySelectorAll('[src],[href]')]"
                      ".filter(e => /^https?:/i.test(e.getAttribute('src') || e.getAttribute('href'))).length") == 0
    blocked = browser.js_async("const done = arguments[0];"
                               "fetch('https://example.com/').then(() => done('loaded'), () => done('blocked'));")
    assert blocked == "blocked"
    browser.console()


def test_chinese_labels_have_a_font(browser, seeds_page):
    assert browser.js("return document.fonts.check('14px \"Noto Sans CJK SC\"', '常山县人大常委会')")
    assert "常山县" in browser.js("return window.nodes.get().map(n => n.label).join(' ')")


def test_physics_settles_and_stops(browser, seeds_page):
    positions = "return window.network.getPositions()"
    for _ in range(2):
        assert 0 < browser.js("return window.kgLayout.iterations") <= 1000
        before = browser.js(positions)
        time.sleep(0.3)
        assert browser.js(positions) == before
        browser.click("#relayout")
        browser.wait_until("return document.body.dataset.ready === 'true'")
    assert errors(browser) == []


def test_type_filter_hides_that_type(browser, seeds_page):
    hidden = "return window.nodes.get({filter: n => n.hidden}).map(n => n.group)"
    assert browser.js(hidden) == []
    browser.click('#type-filter input[data-type="Programme"]')
    groups = browser.js(hidden)
    assert groups and set(groups) == {"Programme"}
    assert len(groups) == browser.js("return window.nodes.get({filter: n => n.group === 'Programme'}).length")
    browser.click('#type-filter input[data-type="Programme"]')
    assert browser.js(hidden) == []
    assert errors(browser) == []


def test_report_filter_keeps_what_the_report_names(browser, seeds_page, graph):
    report, name = min(graph.subject_objects(KG.fileName), key=lambda rf: str(rf[1]))
    browser.js("const s = document.getElementById('report-filter');"
               "s.value = [...s.options].find(o => o.textContent === arguments[0]).value;"
               "s.dispatchEvent(new Event('change'));", str(name))
    shown = set(browser.js("return window.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
    named = {str(e) for e in graph.objects(report, KG.mentions)}
    assert shown == named


def test_search_finds_by_alias_and_focuses_the_node(browser, seeds_page, graph):
    labels = {str(label) for label in graph.objects(None, RDFS.label)}
    owners: dict = {}
    for s, a in graph.subject_objects(SKOS.altLabel):
        owners.setdefault(str(a), set()).add(s)
    alias, node = next((a, next(iter(s))) for a, s in sorted(owners.items()) if len(s) == 1 and a not in labels)
    label = str(graph.value(node, RDFS.label))
    browser.type("#search", alias)
    assert browser.js("return document.querySelector('#search-results li').textContent").startswith(label)
    browser.type("#search", ENTER)
    assert browser.js("return window.network.getSelectedNodes()") == [str(node)]
    assert browser.js("return document.querySelector('#panel h2').textContent") == label
    browser.wait_until("return window.kgFocused")
    centre, at = browser.js("const id = network.getSelectedNodes()[0];"
                            "return [network.getViewPosition(), network.getPositions([id])[id]];")
    assert abs(centre["x"] - at["x"]) < 5 and abs(centre["y"] - at["y"]) < 5
    assert errors(browser) == []


def test_search_reveals_a_node_hidden_by_a_filter(browser, seeds_page, graph):
    law = min(graph.subjects(RDF.type, KG.Law))
    browser.click('#type-filter input[data-type="Law"]')
    assert browser.js("return window.nodes.get(arguments[0]).hidden", str(law)) is True
    browser.type("#search", str(graph.value(law, RDFS.label)) + ENTER)
    assert browser.js("return window.network.getSelectedNodes()") == [str(law)]
    assert browser.js("return window.nodes.get(arguments[0]).hidden", str(law)) is False


def test_screenshot(browser, seeds_page):
    browser.type("#search", "常山县" + ENTER)
    browser.wait_until("return window.kgFocused")
    browser.js("document.getElementById('search').blur(); window.network.fit();"
               "return new Promise(done => { network.once('afterDrawing', done); network.redraw(); });")
    shot = browser.screenshot(SCREENSHOTS / "graph.png")
    assert shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")


@pytest.fixture(scope="module")
def two_years_page(tmp_path_factory):
    """The page of the seeds and a next-year variant of 常山县's: one county, reports of two years."""
    out = build_two_years(tmp_path_factory.mktemp("two-years"))
    return out / "graph.html", load_graph(out / "graph.ttl")


def click_node(browser: Browser, node: str) -> None:
    """Zoom in on `node` (so that no other node lies under it) and click it with the mouse."""
    browser.js("const p = network.getPosition(arguments[0]); network.moveTo({position: p, scale: 4});"
               "return new Promise(done => { network.once('afterDrawing', done); network.redraw(); });", node)
    x, y = browser.js("const p = network.canvasToDOM(network.getPosition(arguments[0])); return [p.x, p.y];", node)
    browser.click_at(x, y, "#network")
    browser.wait_until("return network.getSelectedNodes()[0] === arguments[0]", 10, node)


def panel_table(browser: Browser, css: str) -> list[list[str]]:
    return browser.js("return [...document.querySelectorAll(arguments[0] + ' tbody tr')]"
                      ".map(tr => [...tr.cells].map(td => td.innerText.trim()))", css)


def test_panel_shows_an_officials_posts_and_a_countys_reports_by_year(browser, two_years_page):
    page, graph = two_years_page
    open_page(browser, page)
    report = graph.value(None, KG.fileName, Literal(SEED))
    speaker, county = str(graph.value(report, KG.speaker)), str(graph.value(report, KG.reportCounty))

    click_node(browser, speaker)
    assert browser.js("return document.querySelector('#panel h2').textContent") == str(
        graph.value(URIRef(speaker), RDFS.label))
    assert panel_table(browser, "#panel table.posts") == [["2023", "人大常委会主任", "常山县人大常委会"],
                                                          ["2024", "人大常委会主任", "常山县人大常委会"]]

    click_node(browser, county)
    assert browser.js("return document.querySelector('#panel h2').textContent") == "常山县"
    rows = panel_table(browser, "#panel table.reports")
    assert [row[0] for row in rows] == ["2023", "2024"]
    assert [row[2].splitlines()[-1] for row in rows] == [SEED, NEXT_YEAR]
    assert all(row[2].startswith("常山县人民代表大会常务委员会工作报告") for row in rows)
    inspected = [row[0] for row in panel_table(browser, "#panel table.inspections")]
    assert inspected == sorted(inspected) and {"2023", "2024"} <= set(inspected)
    browser.screenshot(SCREENSHOTS / "panel-county.png")

    browser.js("document.querySelectorAll('#panel table.reports button')[1].click()")
    shown = set(browser.js("return window.nodes.get({filter: n => !n.hidden}).map(n => n.id)"))
    named = graph.value(None, KG.fileName, Literal(NEXT_YEAR))
    assert shown == {str(e) for e in graph.objects(named, KG.mentions)}
    assert errors(browser) == []


def test_markup_in_reports_is_shown_as_text_and_runs_nothing(browser, payload_graph, tmp_path):
    graph = payload_graph
    law = next(s for s, label in graph.subject_objects(RDFS.label) if str(label) == "中华人民共和国食品安全法")
    graph.add((law, SKOS.altLabel, Literal(PAYLOAD_LABEL, lang="zh")))
    concept = URIRef("https://w3id.org/kg-cn-lg/id/concept/payload")
    graph.add((concept, RDF.type, KG.Slogan))
    graph.add((concept, RDFS.label, Literal(PAYLOAD_LABEL, lang="zh")))
    page = tmp_path / "payload.html"
    write_view(graph, page, title=PAYLOAD_LABEL)
    open_page(browser, page)
    assert browser.js("return document.title") == PAYLOAD_LABEL

    browser.type("#search", "<img")
    results = browser.wait_until("const r = document.getElementById('search-results').textContent;"
                                 "return r.includes(arguments[0]) && r", 10, PAYLOAD_LABEL)
    assert PAYLOAD_LABEL in results
    browser.type("#search", ENTER)
    panel = browser.wait_until("const p = document.getElementById('panel').textContent;"
                               "return p.includes(arguments[0]) && p", 10, PAYLOAD_LABEL)
    assert PAYLOAD_LABEL in panel

    browser.js("window.kg.focusNode(arguments[0])", str(law))
    panel = browser.js("return document.getElementById('panel').textContent")
    assert "执法检查</script><script>window.pwned='sentence'</script>,<b>加粗</b>" in panel
    assert PAYLOAD_LABEL in panel

    browser.js("network.setOptions({physics: false}); network.moveNode(arguments[0], 5000, 5000);"
               "network.moveTo({position: {x: 5000, y: 5000}, scale: 1});", str(law))
    tooltip, deadline = None, time.monotonic() + 30
    while not (tooltip and PAYLOAD_LABEL in tooltip) and time.monotonic() < deadline:
        # hover again until the view has settled under the pointer (a tooltip
        # shown before the node moved names the node that was there)
        x, y = browser.js("const p = network.canvasToDOM(network.getPosition(arguments[0])); return [p.x, p.y];",
                          str(law))
        browser.hover(x, y, "#network")
        time.sleep(0.5)
        tooltip = browser.js("const t = document.getElementById('tooltip'); return !t.hidden && t.textContent")
    assert tooltip and PAYLOAD_LABEL in tooltip

    term = next(s for s, label in graph.subject_objects(RDFS.label) if str(label) == "第一议题")
    browser.js("window.kg.focusNode(arguments[0])", str(term))
    assert "第一议题</script><script>window.pwned='term'</script>" in browser.js(
        "return document.getElementById('panel').textContent")

    assert browser.js("return window.pwned === undefined")
    assert browser.js("return document.querySelectorAll('img, b, #panel script, #tooltip script').length") == 0
    assert browser.js("return document.scripts.length") == 3
    assert errors(browser) == []
    browser.screenshot(SCREENSHOTS / "payload.png")


def synthetic_network(reports: int = 1000, seed: int = 0) -> nx.MultiDiGraph:
    """An entity network shaped like that of `reports` county reports: several thousand entities."""
    rng = random.Random(seed)
    net = nx.MultiDiGraph()
    net.graph["reports"] = {}

    def node(iri: str, type_: str, label: str, code: str = "") -> str:
        if iri not in net:
            net.add_node(iri, type=type_, types=[type_], label=label, code=code, aliases=[], reports=[], evidence=[])
        return iri

    def named(iri: str, report: str) -> None:
        d = net.nodes[iri]
        if report not in d["reports"]:
            d["reports"].append(report)
            if len(d["evidence"]) < 3:
                text = f"常委会围绕“{d['label']}”开展专题调研。"
                d["evidence"].append(Evidence(report, text, 6, 6 + len(d["label"])))

    provinces = [node(f"area/{p:02d}0000", "Place", f"第{p}省", f"{p:02d}0000") for p in range(11, 42)]
    prefectures = [node(f"area/{p[5:7]}{i:02d}00", "Place", f"第{p[5:7]}{i}市", "") for p in provinces
                   for i in range(1, 11)]
    for p in prefectures:
        net.add_edge(p, f"area/{p[5:7]}0000", key="partOf", relation="partOf")
    counties = []
    for i in range(reports * 2 // 3):
        prefecture = prefectures[i * len(prefectures) // (reports * 2 // 3)]
        code = f"{prefecture[5:9]}{i % 99 + 1:02d}"
        counties.append(node(f"area/{code}", "County", f"第{i}县", code))
        net.add_edge(counties[-1], prefecture, key="partOf", relation="partOf")
    laws = [f"第{i}法" for i in range(300)]
    programmes = [f"第{i}工程" for i in range(2000)]
    slogans = [f"第{i}精神" for i in range(800)]
    for r in range(reports):
        report = f"{r:04d}.txt"
        county = counties[r % len(counties)]
        net.graph["reports"][report] = county
        named(county, report)
        for t in range(2):
            township = node(f"{county}{t:03d}", "Place", f"{net.nodes[county]['label']}{t}镇")
            net.add_edge(township, county, key="partOf", relation="partOf")
            named(township, report)
        for k in range(2):
            official = node(f"person/{county}-{k}", "Official", f"{net.nodes[county]['label']}官员{k}")
            net.add_edge(official, county, key="holdsPost", relation="holdsPost")
            named(official, report)
        for k in range(8):
            title = laws[min(int(rng.paretovariate(1.0)), len(laws)) - 1]
            law = node(f"law/{title}", "Law", title)
            named(law, report)
            if k < 3:
                net.add_edge(county, law, key="inspectedLaw", relation="inspectedLaw")
        for pool, type_, n in ((programmes, "Programme", 30), (slogans, "Slogan", 20)):
            for _ in range(n):
                label = pool[min(int(rng.paretovariate(0.5)), len(pool)) - 1]
                named(node(f"concept/{label}", type_, label), report)
    return net


def test_a_thousand_reports_open_in_seconds(browser, tmp_path):
    net = synthetic_network(1000)
    assert net.number_of_nodes() > 3000
    page = tmp_path / "large.html"
    page.write_text(render(net), encoding="utf-8")
    started = time.monotonic()
    times = open_page(browser, page, timeout=60)
    opened = time.monotonic() - started
    browser.type("#search", "第1县" + ENTER)
    usable = time.monotonic() - started
    county = next(n for n, label in net.nodes(data="label") if label == "第1县")
    assert browser.js("return window.network.getSelectedNodes()") == [county]
    assert browser.js("return window.nodes.length") == net.number_of_nodes()
    assert errors(browser) == []
    print(f"{net.number_of_nodes()} nodes, {net.number_of_edges()} relations: drawn {times['ready']:.0f} ms "
          f"after navigation, {opened:.1f} s to open, {usable:.1f} s to a search result")
    assert usable < 15
