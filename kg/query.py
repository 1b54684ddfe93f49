"""SPARQL over a graph file kg wrote: read it, run the query, format the rows."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from kg.errors import QueryError

FORMATS = {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".nq": "nquads", ".jsonld": "json-ld"}


def load_query(query: str) -> str:
    """The query text: `query` itself, or the contents of a .rq file."""
    if query.endswith((".rq", ".sparql")):
        p = Path(query)
        if not p.exists():
            raise QueryError(f"{query}: no such query file")
        return p.read_text(encoding="utf-8")
    return query


def run_query(data: Path, query: str) -> tuple[list[str], list[list[str]]]:
    """(column names, rows as strings) of a SELECT or ASK query over `data`."""
    import pyoxigraph as ox

    if not data.exists():
        raise QueryError(f"{data}: no such file (run `kg build` first, or pass --data)")
    fmt = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG, ".nt": ox.RdfFormat.N_TRIPLES,
           ".nq": ox.RdfFormat.N_QUADS}.get(data.suffix.lower())
    if fmt is None:
        raise QueryError(f"{data}: unknown RDF format (use .ttl, .trig, .nt or .nq)")
    store = ox.Store()
    try:
        store.bulk_load(path=str(data), format=fmt)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{data}: cannot be read as {fmt}: {exc}") from None
    text = load_query(query)
    try:
        result = store.query(text, use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    if isinstance(result, bool) or hasattr(result, "__bool__") and type(result).__name__ == "QueryBoolean":
        return ["ask"], [[str(bool(result)).lower()]]
    if not hasattr(result, "variables"):
        raise QueryError("only SELECT and ASK queries print a table")
    columns = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append([_term(solution[v]) for v in result.variables])
    return columns, rows


def _term(term: object) -> str:
    if term is None:
        return ""
    return getattr(term, "value", str(term))


def format_rows(columns: list[str], rows: list[list[str]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows(rows)
        return buf.getvalue()
    widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(columns)]
    lines = [" | ".join(_pad(c, w) for c, w in zip(columns, widths)), "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(_pad(v, w) for v, w in zip(r, widths)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _width(s: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))
