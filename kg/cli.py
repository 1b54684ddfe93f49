"""The `kg` command line: a thin edge over build, query, evaluate, validate, export, view, tables and serve."""
from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from typing import Optional

import click

from kg import __version__
from kg.errors import KGError, ReadError, UsageError
from kg.terminal import shown

DEFAULT_BASE = "https://w3id.org/kg-cn-lg/id/"
# The graph files that query, validate, export and view read (kg.rdf.files.FORMATS;
# tests/test_help.py keeps the two and the README equal).
INPUT_FORMATS = "Turtle .ttl, TriG .trig, N-Triples .nt, N-Quads .nq or JSON-LD .jsonld"
# kg.query.FORMATS, here so that `kg --help` does not import the query code.
QUERY_FORMATS = ("table", "csv", "tsv", "json", "xml", "ttl", "nt")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Build knowledge graphs from Chinese county people's congress work reports."""


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for graph.ttl, graph.trig, reports/, graph.html, extractions.jsonl.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the graph's entities.")
@click.option("--strict", is_flag=True,
              help="Stop at the first report that cannot be read (without it the others still build).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Reports extracted at once, each in its own process (one process per 20 reports "
                   "to extract at most)  [default: the number of CPUs]")
@click.option("--force", is_flag=True,
              help="Replace files at the paths kg writes in --out that kg did not write (or that were changed).")
@click.option("--no-wait", is_flag=True, help="Stop, rather than wait, when another build is writing to --out.")
@click.option("--people", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A CSV file (name,in,person) that merges or splits people: see the README.")
def build(inputs: tuple[Path, ...], out_dir: Path, base: str, strict: bool,
          workers: Optional[int], force: bool, no_wait: bool, people: Optional[Path]) -> None:
    """Build the graph from report files or folders (default: seeds/)."""
    from kg.build import build as run_build

    inputs = inputs or (Path("seeds"),)

    def on_warning(path: Path, warning: str) -> None:
        progress.clear()
        click.echo(shown(f"kg: warning: {path}: {warning}"), err=True)

    def on_error(exc: KGError) -> None:
        progress.clear()
        click.echo(shown(f"kg: error: {exc}"), err=True)

    def on_note(note: str) -> None:
        progress.clear()
        click.echo(shown(f"kg: {note}"), err=True)

    def fail(message: str, status: int) -> None:
        progress.clear()
        click.echo(shown(f"kg: error: {message}"), err=True)
        sys.exit(status)

    progress = _Progress()
    terminate = signal.signal(signal.SIGTERM, _terminated) if _main_thread() else None
    try:
        summary = run_build(inputs, out_dir, base=base, strict=strict, on_error=on_error, on_warning=on_warning,
                            progress=progress, workers=workers, force=force, wait=not no_wait, on_note=on_note,
                            people=people)
    except ReadError:
        sys.exit(1)
    except UsageError as exc:
        fail(str(exc), 2)
    except KGError as exc:
        fail(str(exc), 1)
    except OSError as exc:
        where = exc.filename or out_dir
        fail(f"{where}: cannot be written ({exc.strerror or exc}); the previous build is left as it was", 1)
    except KeyboardInterrupt:
        progress.clear()
        click.echo("kg: interrupted", err=True)
        sys.exit(130)
    finally:
        progress.close()
        if terminate is not None:
            signal.signal(signal.SIGTERM, terminate)
    ents = ", ".join(f"{t} {n}" for t, n in sorted(summary.entities.items()))
    rels = ", ".join(f"{p} {n}" for p, n in sorted(summary.relations.items()))
    notes = [f"{len(summary.failed)} failed"] if summary.failed else []
    if summary.cached:
        notes.append(f"{summary.cached} from the cache")
    click.echo(f"reports read: {summary.reports}" + (f" ({', '.join(notes)})" if notes else ""))
    click.echo(f"entities: {sum(summary.entities.values())} ({ents})")
    click.echo(f"relations: {sum(summary.relations.values())} ({rels})")
    if summary.reports > 1 and (summary.entities_per_report != summary.entities
                                or summary.relations_per_report != summary.relations):
        click.echo(f"summed over the reports (one entity counted in each report naming it): "
                   f"entities {sum(summary.entities_per_report.values())}, "
                   f"relations {sum(summary.relations_per_report.values())}")
    click.echo(f"triples: {summary.triples}")
    click.echo(f"written to {shown(summary.out_dir)}/ in {summary.seconds:.1f} s")
    if summary.failed:
        sys.exit(1)


def _loading(path: Path) -> None:
    """Say that a graph file is being loaded into the query store: it may take seconds."""
    click.echo(f"kg: loading {shown(str(path))} into the query store (once per version of the file)", err=True)


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM ends a build as Ctrl-C does, cleaning up (exit status 143)."""
    raise SystemExit(128 + signum)


class _Progress:
    """Progress of a build on stderr: a bar on a terminal, a line per tenth otherwise.

    Builds of a few reports show nothing.
    """

    QUIET_UP_TO = 5

    def __init__(self) -> None:
        self._bar = None

    def __call__(self, done: int, total: int, name: str) -> None:
        if total <= self.QUIET_UP_TO:
            return
        if sys.stderr.isatty():
            if self._bar is None:
                self._bar = click.progressbar(length=total, label="building", file=sys.stderr,
                                              show_pos=True, item_show_func=lambda n: n)
                self._bar.__enter__()
            self._bar.update(1, shown(name))
        elif done == total or done % max(1, total // 10) == 0:
            click.echo(f"kg: {done}/{total} reports done", err=True)

    def clear(self) -> None:
        """End the bar's line so that a message can follow."""
        if self._bar is not None:
            click.echo("", err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@cli.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def mentions(reports: tuple[Path, ...]) -> None:
    """Print what extraction finds in REPORTS, for debugging its rules.

    One JSON line per mention, before linking, with its source: how it was
    found and, for quoted programmes and slogans and for laws, the rule that
    decided (quote:programme_head, book:national_law).
    """
    from kg.extract.pipeline import extract
    from kg.io.normalise import normalise
    from kg.io.read import read_report
    from kg.jsonl import dumps

    for path in reports:
        try:
            report = read_report(path)
        except KGError as exc:
            raise click.ClickException(str(exc)) from None
        found = extract(report.text, report.name, normalise(report.text))
        for m in found.mentions:
            click.echo(dumps({"doc": found.name, "type": m.type, "key": m.key, "start": m.start, "end": m.end,
                              "text": m.text, "source": m.source}))


@cli.command()
@click.argument("query", required=False)
@click.option("--data", default="output/graph.ttl", show_default=True, type=click.Path(path_type=Path),
              help=f"Graph to query: a build folder (its graph.trig, else graph.ttl) or a file ({INPUT_FORMATS}).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True,
              help="table for people; for SELECT and ASK the W3C SPARQL results formats csv, tsv, json "
                   "or xml; for CONSTRUCT and DESCRIBE ttl (Turtle) or nt (N-Triples).")
@click.option("--bom", is_flag=True, help="Start csv and tsv with a UTF-8 byte-order mark (for Excel).")
@click.option("--list", "list_examples", is_flag=True, help="List the example queries and exit.")
@click.option("--allow-service", is_flag=True,
              help="Run a query with a SERVICE clause, which fetches data from another address (refused without it).")
def query(query: Optional[str], data: Path, fmt: str, bom: bool, list_examples: bool, allow_service: bool) -> None:
    """Run a SPARQL query and print the answer.

    QUERY is the name of an example query (see --list), a .rq file or the
    query text.
    """
    from kg.query import describe, example_queries, write_query

    if list_examples:
        for name, path in example_queries().items():
            click.echo(f"{name}: {describe(path)}")
        return
    if query is None:
        raise click.UsageError("give a query: an example's name (kg query --list), a .rq file or SPARQL text")
    if bom and fmt not in ("csv", "tsv"):
        raise click.UsageError("--bom goes with --format csv or tsv")

    try:
        with click.open_file("-", "wb") as out:
            write_query(data, query, fmt, out, bom=bom, on_load=_loading, allow_service=allow_service)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    except KGError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--predictions", default="output/extractions.jsonl", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="extractions.jsonl of a build.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--show-errors", is_flag=True, help="List every miss and false hit.")
def evaluate(gold_dir: Path, predictions: Path, as_json: bool, show_errors: bool) -> None:
    """Score a build's extractions against gold annotations (precision, recall, F1)."""
    from kg.evaluate import format_scores, score

    try:
        result, errors = score(gold_dir, predictions)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_scores(result, as_json))
    if show_errors:
        for line in errors:
            click.echo(line)


@cli.command()
@click.argument("data", default="output", type=click.Path(path_type=Path))
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="SHACL shapes in Turtle  [default: the shapes that ship with kg, ontology/shapes.ttl]")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Print at most this many findings.")
@click.option("--engine", type=click.Choice(["auto", "oxigraph", "pyshacl"]), default="auto", show_default=True,
              help="SPARQL over Oxigraph (auto: unless the shapes need pyshacl), or pyshacl.")
def validate(data: Path, shapes: Optional[Path], limit: int, engine: str) -> None:
    """Check a graph against the SHACL shapes; exit 1 if it breaks them.

    DATA is a build folder (its graph.trig, else graph.ttl) or a graph file
    (Turtle, TriG, N-Triples, N-Quads or JSON-LD); default output/.
    """
    from kg.validate import format_validation, validate as run_validate

    try:
        result = run_validate(data, shapes, engine)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_validation(result, limit), nl=False)
    if not result.conforms:
        sys.exit(1)


@cli.command()
@click.argument("data", default="output", type=click.Path(path_type=Path))
@click.option("--to", "formats", multiple=True, type=click.Choice(["nt", "jsonld", "graphml"]),
              help="Format to write; repeat for several  [default: all three]")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into  [default: the graph's folder]")
def export(data: Path, formats: tuple[str, ...], out_dir: Optional[Path]) -> None:
    """Write a graph as N-Triples, JSON-LD and GraphML.

    DATA is a build folder (its graph.trig, else graph.ttl) or a graph file
    (Turtle, TriG, N-Triples, N-Quads or JSON-LD); default output/. The files
    are named after the graph's file (graph.nt, graph.jsonld, graph.graphml).
    N-Triples and JSON-LD hold every triple; GraphML holds the network of
    entities and their relations, for Gephi and networkx.
    """
    from kg.export import FORMATS, export as run_export

    try:
        written = run_export(data, formats or tuple(FORMATS), out_dir)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"wrote {path}")


@cli.command()
@click.argument("graph_file", default="output/graph.ttl", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write  [default: GRAPH_FILE with .html]")
@click.option("--title", help="Title of the page.")
def view(graph_file: Path, out: Optional[Path], title: Optional[str]) -> None:
    """Draw the network view of a graph as one HTML page.

    GRAPH_FILE is a graph file (Turtle, TriG, N-Triples, N-Quads or JSON-LD)
    or a build folder (its graph.trig, else graph.ttl); default
    output/graph.ttl.
    """
    from kg.rdf.files import graph_file as find_graph
    from kg.view.html import write_view
    from kg.view.triples import Triples

    try:
        source = find_graph(graph_file)
        g = Triples.load(source)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    target = out or source.with_suffix(".html")
    try:
        write_view(g, target, title=title)
    except OSError as exc:
        raise click.ClickException(f"{target}: cannot be written: {exc.strerror}") from None
    click.echo(f"wrote {target}")


@cli.command()
@click.argument("data", default="output", type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(path_type=Path),
              help="Folder to write the tables into  [default: the build folder's tables/]")
@click.option("--format", "fmt", type=click.Choice(("csv", "xlsx")), default="csv", show_default=True,
              help="csv: one file per table, UTF-8 with a byte-order mark (for Excel); "
                   "xlsx: one workbook, one sheet per table.")
def tables(data: Path, out_dir: Optional[Path], fmt: str) -> None:
    """Write the tables a spreadsheet opens: officials, reports, inspections, concepts.

    DATA is a build folder (its graph.trig, else graph.ttl) or a graph file
    (Turtle, TriG, N-Triples, N-Quads or JSON-LD); default output. kg
    replaces only files it wrote there (listed in .kg-tables.json).
    """
    from kg.tables import write_tables

    try:
        written = write_tables(data, out_dir, fmt, on_load=_loading)
    except KGError as exc:
        click.echo(shown(f"kg: error: {exc}"), err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(shown(f"kg: error: {exc.filename or out_dir}: cannot be written ({exc.strerror or exc})"), err=True)
        sys.exit(1)
    for path, held in written:
        counts = ", ".join(f"{t.name} {len(t.rows)}" for t in held) if len(held) > 1 else str(len(held[0].rows))
        click.echo(shown(f"wrote {path} ({counts} rows)"))


@cli.command()
@click.argument("data", default="output", type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; another than 127.0.0.1 or localhost lets other machines query the graph.")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30, show_default=True,
              help="Seconds a query may run; a longer one is stopped (HTTP 503).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Queries run at once, each in its own process.")
@click.option("--allow-service", is_flag=True,
              help="Run queries with a SERVICE clause, which fetches data from another address (refused without it).")
def serve(data: Path, host: str, port: int, timeout: float, workers: int, allow_service: bool) -> None:
    """Serve a graph as a read-only SPARQL endpoint, with a query page.

    DATA is a build folder (its graph.trig, else graph.ttl; its graph.html is
    the network view at /view) or a graph file (Turtle, TriG, N-Triples,
    N-Quads or JSON-LD); default output/. The SPARQL 1.1 Protocol endpoint is
    /sparql; updates are refused. Ctrl-C stops it.
    """
    from kg.serve.server import Settings, serve as run_serve

    def ready(graph: Path, url: str) -> None:
        click.echo(f"kg: serving {shown(str(graph))}: query page {url}, SPARQL endpoint {url}sparql "
                   f"(Ctrl-C stops)")
        sys.stdout.flush()

    terminate = signal.signal(signal.SIGTERM, _terminated) if _main_thread() else None
    try:
        signum = run_serve(Settings(data, host, port, timeout, workers, allow_service), ready, on_load=_loading)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        signum = signal.SIGINT
    finally:
        if terminate is not None:
            signal.signal(signal.SIGTERM, terminate)
    click.echo("kg: stopped", err=True)
    sys.exit(128 + signum)


def main() -> None:
    if sys.argv[1:2] == ["build"] and not {"-h", "--help"} & set(sys.argv[2:]):
        from kg import forkserver

        forkserver.start()  # the workers' pipeline loads while this process starts
    cli()
