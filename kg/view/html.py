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
from kg.view.layout import ROOT, Group, groups, layout
from kg.view.network import ReportInfo, entity_network, report_links
from kg.view.search import pinyin, traditional_map
from kg.view.triples import Triples

# The page opens with groups closed until about this many nodes are shown;
# above REPORT_LINKS_MAX nodes it starts without its report links.
OPEN_BUDGET = 250
REPORT_LINKS_MAX = 1500


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
    """What the page needs: nodes with sizes, positions, groups and search keys, links, reports, legend."""
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
    tree = groups(net, {name: county for name, county in reports})
    pos = layout(tree, centrality)
    order, index, opened = _group_order(tree)
    importance = {t.name: t.importance for t in registry().entity_types}
    member_of = {m: index[k] for k in order for m in tree[k].members}
    member_of.update({tree[k].node: index[tree[k].parent] for k in order if tree[k].node})
    nodes = []
    for node, d in net.nodes(data=True):
        plain, toned = pinyin(d["label"])
        nodes.append({
            "id": node, "label": d["label"], "type": d["type"], "types": d["types"], "code": d["code"],
            "aliases": d["aliases"],
            "reports": [report_index[r] for r in d["reports"]],
            "evidence": [[report_index[e.report], e.text, e.start, e.end] for e in d["evidence"]],
            "size": round(1 + 99 * math.sqrt(centrality[node] / top), 2),
            "x": round(pos[node][0]), "y": round(pos[node][1]),
            "in": member_of[node], "importance": importance.get(d["type"], 9),
            **({"py": [plain, toned]} if plain else {}),
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
        "groups": [_group(tree[k], k, index, opened, pos) for k in order],
        "years": sorted({r.year for r in info.values() if r.year is not None}),
        "t2s": traditional_map(name for n in nodes for name in [n["label"], *n["aliases"]]),
        "report_links": len(nodes) <= REPORT_LINKS_MAX,
    }


def _group_order(tree: dict[str, Group]) -> tuple[list[str], dict[str, int], set[str]]:
    """The groups top down (breadth first) with their indexes, and those that start open.

    Groups open top down, smaller first within a level, while the nodes shown stay within OPEN_BUDGET.
    """
    order, level = [], [ROOT]
    while level:
        order.extend(level)
        level = [c for k in level for c in sorted(tree[k].children, key=lambda c: (tree[c].size, c))]
    shown = len(tree[ROOT].members) + len(tree[ROOT].children)
    opened = {ROOT}
    for k in order[1:]:
        more = len(tree[k].members) + len(tree[k].children)
        if tree[k].parent in opened and shown + more <= OPEN_BUDGET:
            opened.add(k)
            shown += more
    return order, {k: i for i, k in enumerate(order)}, opened


def _group(g: Group, key: str, index: dict, opened: set, pos: dict) -> dict:
    """A group of the page: the group above it, its entity (an area) or its type, how many it holds, open or not."""
    out = {"parent": index[g.parent] if g.parent is not None else -1, "count": g.size, "open": key in opened}
    if g.node is not None:
        out["node"] = g.node
    elif key != ROOT:
        out.update(type=g.type, x=round(pos[key][0]), y=round(pos[key][1]))
    return out


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


def write_view(g: Graph | Triples, path: str | Path, title: Optional[str] = None) -> None:
    """Write the network view of `g` to `path` (UTF-8)."""
    net = entity_network(g)
    if title is None:
        entities = _count(net.number_of_nodes(), "entity", "entities")
        title = f"kg · {entities} from {_count(len(net.graph['reports']), 'report', 'reports')}"
    Path(path).write_text(render(net, title), encoding="utf-8", newline="\n")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"
