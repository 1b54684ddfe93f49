"""`kg CMD --help` and the README say the same thing: options, formats, defaults.

Each command is checked against the README section that documents it.
"""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from kg import query as kg_query
from kg.cli import INPUT_FORMATS, QUERY_FORMATS, cli
from kg.rdf.files import FORMATS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SECTIONS = {"query": "Querying", "validate": "Validation", "export": "Formats", "view": "The network view"}
# Commands that read reports or extractions, not graph files.
OTHER_SECTIONS = {"build": "What `kg build` writes", "evaluate": "Scoring"}
# The graph files kg reads, by suffix, as help and README name them.
FORMAT_NAMES = {".ttl": "Turtle", ".trig": "TriG", ".nt": "N-Triples", ".nq": "N-Quads", ".jsonld": "JSON-LD"}


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return " ".join(README[start:end if end > 0 else None].split())


def help_of(name: str) -> str:
    command = cli.commands[name]
    ctx = click.Context(command, info_name=name, terminal_width=10_000, max_content_width=10_000)
    return " ".join(command.get_help(ctx).split())


def options(name: str) -> list[click.Option]:
    return [p for p in cli.commands[name].params if isinstance(p, click.Option) and p.name != "help"]


def says_default(text: str, value: str) -> bool:
    """`text` gives `value` as a default ("[default: x]", "default x", "default `x/`")."""
    return re.search(rf"default:? `?{re.escape(value.rstrip('/'))}/?`?(?![\w/]|\.\w)", text) is not None


def test_the_formats_named_are_the_formats_kg_reads_and_writes():
    assert set(FORMAT_NAMES) == set(FORMATS)
    assert INPUT_FORMATS == ", ".join(f"{FORMAT_NAMES[s]} {s}" for s in FORMATS).replace(", JSON-LD", " or JSON-LD")
    assert QUERY_FORMATS == kg_query.FORMATS


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_help_and_readme_name_the_same_graph_formats(name):
    for fmt in FORMAT_NAMES.values():
        assert fmt in help_of(name), (name, fmt)
        assert fmt in section(SECTIONS[name]), (name, fmt)


@pytest.mark.parametrize("name", sorted(SECTIONS | OTHER_SECTIONS))
def test_every_option_is_in_the_readme(name):
    text = section((SECTIONS | OTHER_SECTIONS)[name])
    assert f"kg {name} [" in text
    for option in options(name):
        assert any(opt in text for opt in option.opts), (name, option.opts)


@pytest.mark.parametrize("name", sorted(SECTIONS))
def test_every_choice_is_in_the_readme(name):
    text = section(SECTIONS[name])
    for option in options(name):
        if isinstance(option.type, click.Choice):
            for choice in option.type.choices:
                assert f"`{choice}`" in text or f"|{choice}" in text or f"{choice}|" in text, (name, choice)


@pytest.mark.parametrize("name", sorted(SECTIONS | OTHER_SECTIONS))
def test_help_and_readme_give_the_same_defaults(name):
    text, help_text = section((SECTIONS | OTHER_SECTIONS)[name]), help_of(name)
    for param in cli.commands[name].params:
        if not isinstance(param.default, (str, int)) or getattr(param, "is_flag", False):
            continue  # no default, or a flag
        value = str(param.default)
        assert says_default(help_text, value), (name, param.name, value)
        assert says_default(text, value), (name, param.name, value)


def test_query_help_and_readme_describe_each_format():
    text, help_text = section("Querying"), help_of("query")
    for fmt in ("csv", "tsv", "json", "xml", "ttl", "nt"):
        assert f"`{fmt}`" in text and fmt in help_text
    assert "--bom" in help_text and "byte-order mark" in text
    assert "SPARQL 1.1 Query Results JSON" in text and "SPARQL results formats" in help_text


def test_validate_says_where_its_shapes_come_from():
    assert "the shapes that ship with kg" in help_of("validate")
    assert "the shapes kg ships with" in section("Validation")
