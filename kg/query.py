"""SPARQL over a graph file kg wrote: read it, run the query, write the answer.

Oxigraph answers: the file is bulk-loaded into an Oxigraph store (kept on
disk beside the file, see `kg.rdf.files.load_store`) whose default graph is
the merge of all the file's graphs, so a query sees every report of
`graph.trig` (each triple once) and can still name one report's graph with
GRAPH. A query that names no graph is answered from a store of the default
graph alone, which a large build prepares (`kg.rdf.store`).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO, Callable, Optional

from kg.errors import KGError, QueryError, UsageError
from kg.terminal import shown
from kg.rdf.files import QUERIES, load_store

# Formats of SELECT and ASK answers: W3C SPARQL 1.1 Query Results JSON, XML, CSV and TSV.
RESULT_FORMATS = ("csv", "tsv", "json", "xml")
# Formats of CONSTRUCT and DESCRIBE answers.
GRAPH_FORMATS = ("ttl", "nt")
FORMATS = ("table",) + RESULT_FORMATS + GRAPH_FORMATS
BOM = b"\xef\xbb\xbf"


def example_queries() -> dict[str, Path]:
    """The example queries that ship with kg (ontology/queries/*.rq), by name."""
    return {p.stem: p for p in sorted(QUERIES.glob("*.rq"))}


def describe(path: Path) -> str:
    """The first sentence of a query file's leading comment."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# ").strip())
    return re.split(r"(?<=\.)\s", " ".join(lines), maxsplit=1)[0].rstrip(".")


def load_query(query: str) -> str:
    """The query text: an example query's name, a .rq or .sparql file, or `query` itself."""
    examples = example_queries()
    if query in examples:
        return examples[query].read_text(encoding="utf-8")
    if query.endswith((".rq", ".sparql")):
        p = Path(query)
        if p.is_file():
            return p.read_text(encoding="utf-8")
        if p.name == query and p.stem in examples:
            return examples[p.stem].read_text(encoding="utf-8")
        raise QueryError(f"{query}: no such query file")
    if re.fullmatch(r"[\w-]+", query):
        raise QueryError(f"{query}: no example query of that name (kg query --list shows them)")
    return query


def run_query(data: Path, query: str, on_load: Optional[Callable[[Path], None]] = None,
              allow_service: bool = False) -> tuple[list[str], list[list[str]]]:
    """(column names, rows as strings) of a query over a graph file or build folder.

    SELECT gives its variables (an unbound value is ""), ASK one `ask`
    column, CONSTRUCT and DESCRIBE the columns subject, predicate, object.
    `on_load(file)` is called when the file has to be parsed into the store
    first. A query with a SERVICE clause (which would fetch from another
    address) is refused unless `allow_service`.
    """
    import pyoxigraph as ox

    result = _execute(data, load_query(query), on_load, allow_service)
    if isinstance(result, ox.QueryBoolean):
        return ["ask"], [[str(bool(result)).lower()]]
    if isinstance(result, ox.QueryTriples):
        return ["subject", "predicate", "object"], [[_term(t.subject), _term(t.predicate), _term(t.object)]
                                                    for t in result]
    variables = result.variables
    return [v.value for v in variables], [[_term(solution[v]) for v in variables] for solution in result]


def write_query(data: Path, query: str, fmt: str, out: BinaryIO, bom: bool = False,
                on_load: Optional[Callable[[Path], None]] = None, allow_service: bool = False) -> None:
    """Run a query and write its answer to `out` (bytes) in `fmt`, one of FORMATS.

    SELECT and ASK answer in the W3C results formats (`RESULT_FORMATS`),
    CONSTRUCT and DESCRIBE in Turtle (with the query's prefixes) or
    N-Triples; `table` is for people. With `bom`, csv and tsv start with a
    UTF-8 byte-order mark, for Excel.
    """
    import pyoxigraph as ox

    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if bom and fmt not in ("csv", "tsv"):
        raise QueryError("a byte-order mark goes with csv and tsv only")
    if fmt == "table":
        out.write(format_table(*run_query(data, query, on_load, allow_service)).encode("utf-8"))
        return
    text = load_query(query)
    result = _execute(data, text, on_load, allow_service)
    if isinstance(result, ox.QueryTriples):
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"CONSTRUCT and DESCRIBE give triples: use --format {', '.join(GRAPH_FORMATS)} or table")
        rdf_format = ox.RdfFormat.TURTLE if fmt == "ttl" else ox.RdfFormat.N_TRIPLES
        out.write(ox.serialize(result, format=rdf_format, prefixes=_prefixes(text)))
        return
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"SELECT and ASK give results: use --format {', '.join(RESULT_FORMATS)} or table")
    if bom:
        out.write(BOM)
    out.write(result.serialize(format=getattr(ox.QueryResultsFormat, fmt.upper())))
    if fmt in ("json", "xml") or isinstance(result, ox.QueryBoolean):
        out.write(b"\n")


class ServiceRefused(QueryError, UsageError):
    """A query with a SERVICE clause, run without `allow_service`."""


# What in a query is not a keyword: IRIs, strings (long ones first) and comments.
_NOT_KEYWORDS = re.compile("|".join((
    r"'''.*?'''", r'""".*?"""', r"'(?:[^'\\\n]|\\.)*'", r'"(?:[^"\\\n]|\\.)*"',
    r"<[^<>\"{}|^`\\\s]*>", r"#[^\n]*")), re.DOTALL)
# SERVICE as a keyword, not part of a name (ex:service, ?service).
_SERVICE = re.compile(r"(?<![\w:?$-])SERVICE(?![\w:-])", re.IGNORECASE)


# GRAPH, FROM and FROM NAMED as keywords: what makes a query read the named graphs.
_GRAPHS = re.compile(r"(?<![\w:?$-])(?:GRAPH|FROM)(?![\w:-])", re.IGNORECASE)


def uses_service(text: str) -> bool:
    """Whether a query has a SERVICE clause (the word outside IRIs, strings and comments)."""
    return bool(_SERVICE.search(_NOT_KEYWORDS.sub(" ", text)))


def names_graphs(text: str) -> bool:
    """Whether a query may read a named graph (GRAPH or FROM outside IRIs, strings and
    comments): one that does not reads the default graph alone."""
    return bool(_GRAPHS.search(_NOT_KEYWORDS.sub(" ", text)))


def _execute(data: Path, text: str, on_load: Optional[Callable[[Path], None]], allow_service: bool = False) -> object:
    if not allow_service and uses_service(text):
        raise ServiceRefused("the query has a SERVICE clause, which fetches data from another address: "
                             "kg query runs it only with --allow-service")
    try:
        store = load_store(data, on_load=on_load, named=names_graphs(text))
    except KGError as exc:
        raise QueryError(str(exc)) from None
    try:
        return store.query(text)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"the query failed: {exc}") from None


_PREFIX = re.compile(r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)


def _prefixes(text: str) -> dict[str, str]:
    """The prefixes a query declares (for the Turtle of a CONSTRUCT)."""
    return {m.group(1) or "": m.group(2) for m in _PREFIX.finditer(text)}


def _term(term: object) -> str:
    if term is None:
        return ""
    return getattr(term, "value", str(term))


def format_table(columns: list[str], rows: list[list[str]]) -> str:
    """Rows as a table aligned for a terminal, and their count (control
    characters of a report's text shown as escapes)."""
    columns, rows = [shown(c) for c in columns], [[shown(v) for v in r] for r in rows]
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
