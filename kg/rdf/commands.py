"""The `kg validate` and `kg export` commands; kg.cli registers them."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import click

from kg.errors import KGError


@click.command()
@click.argument("data", default="output", type=click.Path(path_type=Path))
@click.option("--shapes", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="SHACL shapes in Turtle  [default: ontology/shapes.ttl]")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Print at most this many findings.")
def validate(data: Path, shapes: Optional[Path], limit: int) -> None:
    """Check a graph against the SHACL shapes; exit 1 if it breaks them.

    DATA is a build folder (its graph.trig, else graph.ttl) or an RDF file;
    default output/.
    """
    from kg.validate import format_validation, validate as run_validate

    try:
        result = run_validate(data, shapes)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(format_validation(result, limit), nl=False)
    if not result.conforms:
        sys.exit(1)


@click.command()
@click.argument("data", default="output", type=click.Path(path_type=Path))
@click.option("--to", "formats", multiple=True, type=click.Choice(["nt", "jsonld", "graphml"]),
              help="Format to write; repeat for several  [default: all three]")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write into  [default: the graph's folder]")
def export(data: Path, formats: tuple[str, ...], out_dir: Optional[Path]) -> None:
    """Write a graph as N-Triples, JSON-LD and GraphML.

    DATA is a build folder (its graph.trig, else graph.ttl) or an RDF file;
    default output/. N-Triples and JSON-LD hold every triple; GraphML holds
    the network of entities and their relations, for Gephi and networkx.
    """
    from kg.export import FORMATS, export as run_export

    try:
        written = run_export(data, formats or tuple(FORMATS), out_dir)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"wrote {path}")
