"""SPARQL over a graph file kg wrote: read it, run the query, format the rows.

Oxigraph answers: the file is bulk-loaded into an Oxigraph store (kept on
disk beside the file, see `kg.rdf.files.load_store`) whose default graph is
the merge of all the file's graphs, so a query sees every report of
`graph.trig` (each triple once) and can still name one report's graph with
GRAPH.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Callable, Optional

from kg.errors import KGError, QueryError
from kg.rdf.files import load_store


def load_query(query: str) -> str:
    """The query text: `query` itself, or the contents of a .rq file."""
    if query.endswith((".rq", ".sparql")):
        p = Path(query)
        if not p.exists():
            raise QueryError(f"{query}: no such query file")
        return p.read_text(encoding="utf-8")
    return query


def run_query(data: Path, query: str,
              on_load: Optional[Callable[[Path], None]] = None) -> tuple[list[str], list[list[str]]]:
    """(column names, rows as strings) of a query over a graph file or build folder.

    SELECT gives its variables, ASK one `ask` column, CONSTRUCT and DESCRIBE
    the columns subject, predicate, object. `on_load(file)` is called when
    the file has to be parsed into the store first.
    """
    import pyoxigraph as ox

    text = load_query(query)
    try:
        store = load_store(data, on_load=on_load)
    except KGError as exc:
        raise QueryError(str(exc)) from None
    try:
        result = store.query(text)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[str(bool(result)).lower()]]
    if isinstance(result, ox.QueryTriples):
        return ["subject", "predicate", "object"], [[_term(t.subject), _term(t.predicate), _term(t.object)]
                                                    for t in result]
    variables = result.variables
    return [v.value for v in variables], [[_term(solution[v]) for v in variables] for solution in result]


def _term(term: object) -> str:
    if term is None:
        return ""
    return getattr(term, "value", str(term))


def format_rows(columns: list[str], rows: list[list[str]], fmt: str) -> str:
    """Rows as an aligned table, CSV or JSON."""
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


_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")


def _width(s: str) -> int:
    """Display width in a terminal: East Asian wide characters take two columns."""
    return len(s) + len(_WIDE.findall(s))


def _pad(s: str, width: int) -> str:
    return s + " " * (width - _width(s))
