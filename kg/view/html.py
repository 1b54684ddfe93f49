"""A self-contained HTML network view of a kg graph (vis-network inlined)."""
from __future__ import annotations

import json
from pathlib import Path

import pyvis
from rdflib import Graph

from kg.view.network import entity_network

COLOURS = {"County": "#d62728", "Place": "#ff7f0e", "Official": "#1f77b4", "Law": "#2ca02c",
           "Programme": "#9467bd", "Slogan": "#8c564b"}


def _script(data: object) -> str:
    return json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def write_view(g: Graph, path: str | Path) -> None:
    net = entity_network(g)
    nodes = [{"id": n, "label": d["label"], "group": d["type"], "color": COLOURS[d["type"]]} for n, d in net.nodes(data=True)]
    edges = [{"from": s, "to": o, "label": d["relation"]} for s, o, d in net.edges(data=True)]
    vis = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(encoding="utf-8")
    page = f"""<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>kg</title></head>
<body><div id="net" style="width:100%;height:95vh"></div>
<script>{vis}</script>
<script>
window.nodes = new vis.DataSet({_script(nodes)});
window.edges = new vis.DataSet({_script(edges)});
new vis.Network(document.getElementById("net"), {{nodes: window.nodes, edges: window.edges}}, {{}});
</script></body></html>
"""
    Path(path).write_text(page, encoding="utf-8")
