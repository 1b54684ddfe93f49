"""`kg view`: the HTML network view of any graph file kg wrote."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import click

from kg.errors import KGError


@click.command()
@click.argument("graph_file", default="output/graph.ttl", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
              help="HTML file to write  [default: GRAPH_FILE with .html]")
@click.option("--title", help="Title of the page.")
def view(graph_file: Path, out: Optional[Path], title: Optional[str]) -> None:
    """Draw the network view of a graph (Turtle, TriG, N-Triples; default: output/graph.ttl)."""
    from kg.rdf.files import graph_file as find_graph
    from kg.rdf.files import load_graph
    from kg.view.html import write_view

    try:
        source = find_graph(graph_file)
        g = load_graph(source)
    except KGError as exc:
        raise click.ClickException(str(exc)) from None
    target = out or source.with_suffix(".html")
    try:
        write_view(g, target, title=title)
    except OSError as exc:
        raise click.ClickException(f"{target}: cannot be written: {exc.strerror}") from None
    click.echo(f"wrote {target}")
