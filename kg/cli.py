"""The `kg` command line: a thin edge over build, query and evaluate."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from kg import __version__
from kg.errors import KGError, ReadError

DEFAULT_BASE = "https://w3id.org/kg-cn-lg/id/"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """Build knowledge graphs from Chinese county people's congress work reports."""


@cli.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for graph.ttl, graph.trig, reports/, graph.html, extractions.jsonl.")
@click.option("--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of the graph's entities.")
@click.option("--strict", is_flag=True, help="Stop at the first report that cannot be read.")
@click.option("--keep-going/--no-keep-going", default=True, show_default=True,
              help="Build the other reports when one fails (the default).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Reports extracted at once, each in its own process (one process per 20 reports "
                   "to extract at most)  [default: the number of CPUs]")
def build(inputs: tuple[Path, ...], out_dir: Path, base: str, strict: bool, keep_going: bool,
          workers: Optional[int]) -> None:
    """Build the graph from report files or folders (default: seeds/)."""
    from kg.build import build as run_build

    strict = strict or not keep_going
    inputs = inputs or (Path("seeds"),)

    def on_warning(path: Path, warning: str) -> None:
        progress.clear()
        click.echo(f"kg: warning: {path}: {warning}", err=True)

    def on_error(exc: KGError) -> None:
        progress.clear()
        click.echo(f"kg: error: {exc}", err=True)

    progress = _Progress()
    try:
        summary = run_build(inputs, out_dir, base=base, strict=strict, on_error=on_error, on_warning=on_warning,
                            progress=progress, workers=workers)
    except ReadError:
        sys.exit(1)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        progress.close()
    ents = ", ".join(f"{t} {n}" for t, n in sorted(summary.entities.items()))
    rels = ", ".join(f"{p} {n}" for p, n in sorted(summary.relations.items()))
    notes = [f"{len(summary.failed)} failed"] if summary.failed else []
    if summary.cached:
        notes.append(f"{summary.cached} from the cache")
    click.echo(f"reports read: {summary.reports}" + (f" ({', '.join(notes)})" if notes else ""))
    click.echo(f"entities: {sum(summary.entities.values())} ({ents})")
    click.echo(f"relations: {sum(summary.relations.values())} ({rels})")
    click.echo(f"triples: {summary.triples}")
    click.echo(f"written to {summary.out_dir}/ in {summary.seconds:.1f} s")
    if summary.failed:
        sys.exit(1)


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
            self._bar.update(1, name)
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
@click.argument("query")
@click.option("--data", default="output/graph.ttl", show_default=True, type=click.Path(dir_okay=False, path_type=Path),
              help="RDF file to query (Turtle, TriG or N-Triples).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def query(query: str, data: Path, fmt: str) -> None:
    """Run a SPARQL query (a string or a .rq file) and print the answer."""
    from kg.query import format_rows, run_query

    def loading(path: Path) -> None:
        click.echo(f"kg: loading {path} into the query store (once per version of the file)", err=True)

    try:
        columns, rows = run_query(data, query, on_load=loading)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_rows(columns, rows, fmt), nl=False)


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


from kg.rdf.commands import export, validate  # noqa: E402

cli.add_command(validate)
cli.add_command(export)

from kg.view.command import view  # noqa: E402
cli.add_command(view)


def main() -> None:
    cli()
