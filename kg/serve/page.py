"""The query page: the example queries, a text area, a results table and a link to
the network view, with its script and style served from kg/serve/assets (nothing
from the network)."""
from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources

# The page loads its own script and style and talks only to its own server.
CSP = "; ".join([
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self' data:",
    "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
])
ASSETS = {"query.js": "text/javascript; charset=utf-8", "query.css": "text/css; charset=utf-8"}


@cache
def asset(name: str) -> bytes:
    """A file of kg/serve/assets (only those in ASSETS are served)."""
    return (resources.files("kg.serve") / "assets" / name).read_bytes()


def examples() -> list[dict]:
    """The example queries that ship with kg: name, the leading comment and the text."""
    from kg.query import example_queries

    out = []
    for name, path in example_queries().items():
        text = path.read_text(encoding="utf-8")
        comment = []
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            comment.append(line.lstrip("#").strip())
        out.append({"name": name, "comment": " ".join(comment), "query": text})
    return out


def render(graph_name: str, has_view: bool, timeout: float) -> str:
    """The query page for the graph file `graph_name`."""
    data = json.dumps({"examples": examples(), "view": has_view, "timeout": timeout},
                      ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    parts = {"graph": html.escape(graph_name), "data": data}
    template = asset("query.html").decode("utf-8")
    for key, value in parts.items():
        template = template.replace("{{ " + key + " }}", value)
    return template
