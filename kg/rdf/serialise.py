"""Deterministic writers: TriG with one named graph per report.

rdflib's own TriG writer orders graphs by hash, which changes from run to
run; here each report graph is written as sorted Turtle (rdflib sorts
subjects, predicates and objects) inside a block named by the graph's
identifier, and the blocks are sorted by that name.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from rdflib import Graph, URIRef

_PREFIX = re.compile(r"@prefix (\S*): <([^>]*)> \.")


def turtle(g: Graph) -> str:
    """`g` as Turtle text."""
    return g.serialize(format="turtle")


def trig(named: Iterable[tuple[URIRef, str]]) -> str:
    """TriG text of named graphs given as (name, Turtle text) pairs, sorted by name."""
    prefixes: dict[str, str] = {}
    blocks = []
    for name, text in sorted(named, key=lambda item: str(item[0])):
        lines = text.splitlines(keepends=True)
        i = 0
        while i < len(lines) and (not lines[i].strip() or lines[i].startswith("@prefix ")):
            line = lines[i].strip()
            i += 1
            if not line:
                continue
            m = _PREFIX.fullmatch(line)
            if m is None:
                raise ValueError(f"unexpected Turtle directive: {line}")
            prefix, ns = m.groups()
            if prefixes.setdefault(prefix, ns) != ns:
                raise ValueError(f"prefix {prefix}: means both <{prefixes[prefix]}> and <{ns}>")
        blocks.append(f"{URIRef(name).n3()} {{\n{''.join(lines[i:]).rstrip()}\n}}\n")
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items()))
    return head + "\n" + "\n".join(blocks)


def write_trig(path: str | Path, graphs: Iterable[Graph]) -> None:
    """Write `graphs` to `path` as TriG, each a named graph named by its identifier."""
    text = trig((g.identifier, turtle(g)) for g in graphs)
    Path(path).write_text(text, encoding="utf-8", newline="\n")
