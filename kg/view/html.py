"""The HTML network view: one self-contained page, vis-network inlined.

The page loads nothing from the network and works from `file://`. The graph
travels as JSON in a `<script type="application/json">` block with `<`, `>`
and `&` escaped, and the page script puts every text into the DOM as text; a
Content-Security-Policy lets only the page's own two scripts run.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Optional

import networkx as nx
from rdflib import Graph

from kg.registry import registry
from kg.view.layout import seed_layout
from kg.view.network import ReportInfo, entity_network, report_links

# Up to this many nodes the page polishes the first layout with physics, for
# at most LAYOUT_ITERATIONS steps or LAYOUT_BUDGET_MS; larger graphs open
# with the first layout as it is, and start without their report links.
PHYSICS_MAX_NODES = 1500
LAYOUT_ITERATIONS = 1000
LAYOUT_BUDGET_MS = 2500


@cache
def _asset(name: str) -> str:
    return (resources.files("kg.view") / "assets" / name).read_text(encoding="utf-8")


def _legend() -> dict:
    """The legend of the page, from the registry: how each type and relation is drawn."""
    reg = registry()
    return {
        "types": [{"name": t.name, "en": t.en, "zh": t.zh, "colour": t.colour, "shape": t.shape_in_view}
                  for t in reg.entity_types],
        "relations": [{"name": r.name, "en": r.en, "zh": r.zh, "colour": r.colour, "width": r.width,
                       "dashes": r.dashes} for r in reg.relation_types],
    }


def view_data(net: nx.MultiDiGraph) -> dict:
    """What the page needs: nodes with sizes, links, reports, legend and layout settings."""
    county_of = dict(net.graph.get("reports", {}))
    for _, d in net.nodes(data=True):
        for report in [*d["reports"], *(e.report for e in d["evidence"])]:
            county_of.setdefault(report, "")
    reports = sorted(county_of.items())
    report_index = {name: i for i, (name, _) in enumerate(reports)}
    info = net.graph.get("report_info", {})
    links = report_links(net)
    simple = nx.Graph()
    simple.add_nodes_from(net)
    simple.add_edges_from((s, o) for s, o, _ in net.edges(keys=True))
    simple.add_edges_from(links)
    centrality = nx.degree_centrality(simple) if len(simple) > 1 else {n: 0.0 for n in simple}
    top = max(centrality.values(), default=0.0) or 1.0
    pos = _layout(net, simple)
    nodes = []
    for node, d in net.nodes(data=True):
        nodes.append({
            "id": node, "label": d["label"], "type": d["type"], "types": d["types"], "code": d["code"],
            "aliases": d["aliases"],
            "reports": [report_index[r] for r in d["reports"]],
            "evidence": [[report_index[e.report], e.text, e.start, e.end] for e in d["evidence"]],
            "size": round(1 + 99 * math.sqrt(centrality[node] / top), 2),
            "x": round(pos[node][0]), "y": round(pos[node][1]),
            **_panel_fields(d, report_index),
        })
    edges = [{"from": s, "to": o, "relation": rel} for s, o, rel in net.edges(keys=True)]
    edges += [{"from": county, "to": ent, "relation": "mentions"} for county, ent in sorted(links)]
    legend = _legend()
    type_counts = {t: 0 for t in (t["name"] for t in legend["types"])}
    for n in nodes:
        type_counts[n["type"]] += 1
    relation_counts = {r["name"]: 0 for r in legend["relations"]}
    for e in edges:
        relation_counts[e["relation"]] += 1
    return {
        "types": [dict(t, count=type_counts[t["name"]]) for t in legend["types"]],
        "relations": [dict(r, count=relation_counts[r["name"]]) for r in legend["relations"]],
        "reports": [_report(name, county if county in net else "", info.get(name)) for name, county in reports],
        "nodes": nodes,
        "edges": edges,
        "layout": {"physics": 0 < len(nodes) <= PHYSICS_MAX_NODES, "iterations": LAYOUT_ITERATIONS,
                   "budget_ms": LAYOUT_BUDGET_MS},
    }


def _report(name: str, county: str, info: Optional[ReportInfo]) -> dict:
    """A report of the page: its file and county, and the year, kind and title the panel lists."""
    if info is None:
        return {"file": name, "county": county}
    return {"file": name, "county": county, "year": info.year, "kind": info.kind, "title": info.title}


def _panel_fields(d: dict, report_index: dict) -> dict:
    """What the side panel shows of a node besides the drawing (only the fields it has, to keep
    the page small): an official's posts, a county's own reports and its law inspections."""
    fields = {
        "posts": [list(p) for p in d.get("posts", [])],
        "own_reports": [report_index[r.file] for r in d.get("own_reports", []) if r.file in report_index],
        "inspections": [[i.year, i.law, i.label, i.planned] for i in d.get("inspections", [])],
    }
    return {k: v for k, v in fields.items() if v}


def render(net: nx.MultiDiGraph, title: str = "kg network view") -> str:
    """The page for an entity network (see `entity_network`)."""
    data = json.dumps(view_data(net), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    scripts = {"vis": _asset("vis-network.min.js"), "script": _asset("page.js")}
    for name, text in scripts.items():
        if re.search(r"</script|<!--", text, re.IGNORECASE):
            raise ValueError(f"view asset {name!r} contains '</script' or '<!--' and cannot be inlined")
    style = _asset("page.css")
    csp = "; ".join([
        "default-src 'none'",
        "script-src " + " ".join(_hash(t) for t in scripts.values()),
        "style-src " + _hash(style),
        "img-src data:",
        "base-uri 'none'",
        "form-action 'none'",
    ])
    parts = {"title": html.escape(title), "csp": csp, "style": style, "data": data, **scripts}
    return re.sub(r"\{\{ (\w+) \}\}", lambda m: parts[m.group(1)], _asset("page.html"))


def write_view(g: Graph, path: str | Path, title: Optional[str] = None) -> None:
    """Write the network view of `g` to `path` (UTF-8)."""
    net = entity_network(g)
    if title is None:
        entities = _count(net.number_of_nodes(), "entity", "entities")
        title = f"kg · {entities} from {_count(len(net.graph['reports']), 'report', 'reports')}"
    Path(path).write_text(render(net, title), encoding="utf-8", newline="\n")


def _layout(net: nx.MultiDiGraph, simple: nx.Graph) -> dict:
    """Seed positions with each report's county as a hub (the report itself when its county is unknown)."""
    county_of = net.graph.get("reports", {})
    hubs = sorted({c for c in county_of.values() if c in net}, key=lambda c: (net.nodes[c]["code"], c))
    g = simple.copy()
    for node, reports in net.nodes(data="reports"):
        for report in reports:
            if county_of.get(report, "") not in net:
                g.add_edge(("report", report), node)
    extra = sorted((n for n in g if isinstance(n, tuple)), key=str)
    return seed_layout(g, hubs + extra)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"
