"""Sorted Turtle under a fixed set of prefixes, fast enough for big corpora.

rdflib's Turtle serialiser took about a fifth of the time of building a report.
The builder writes many small graphs and then one merged graph, so it
renders each term once, sorts the rendered triples, and joins text: the same
input always gives the same bytes, and pieces rendered in different
processes concatenate into one valid file.

Terms are rdflib's or plain data (`Term`: an IRI as a `str`, a literal as a
`Lit`), which the builder's assembly makes because it is cheaper; both
render alike.
"""
from __future__ import annotations

import io
import re
from itertools import groupby
from operator import itemgetter
from typing import Iterable, Iterator, NamedTuple, Optional, TextIO, Union

from rdflib import RDF, XSD, BNode, Literal, URIRef
from rdflib.term import Node


class Lit(NamedTuple):
    """A literal as plain data: its lexical form, language tag and datatype IRI."""

    lex: str
    lang: Optional[str] = None
    datatype: Optional[str] = None


Term = Union[str, Lit]
Row = tuple[str, str, str]
Triple = tuple[Node, Node, Node]

_CORE = (("rdf", str(RDF)), ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"), ("xsd", str(XSD)))
_NAME_START = (r"A-Za-z0-9_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
               r"\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\U00010000-\U000EFFFF")
_LOCAL = re.compile(rf"[{_NAME_START}][{_NAME_START}\-\u00B7\u0300-\u036F]*")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_STRING_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
_STRING_UNSAFE = re.compile(r'[\\"\n\r]')
_INTEGER = re.compile(r"[+-]?[0-9]+")
_XSD_INTEGER, _RDF_TYPE = str(XSD.integer), str(RDF.type)
_SUBJECT = itemgetter(0)
# Rendered terms kept for reuse; a report has a few thousand.
_CACHE_SIZE = 20_000


class TurtleWriter:
    """Render triples as Turtle using `prefixes` (name → namespace IRI)."""

    def __init__(self, prefixes: Iterable[tuple[str, str]]) -> None:
        self.prefixes = dict(sorted(dict(_CORE + tuple((p, str(ns)) for p, ns in prefixes)).items()))
        self._by_length = sorted(((ns, p) for p, ns in self.prefixes.items()), key=lambda x: -len(x[0]))
        self._cache: dict[Node, str] = {}
        # Plain terms apart from rdflib's: a str and a URIRef of one IRI are not equal.
        self._plain: dict[Term, str] = {}
        self._predicates: dict[str, str] = {_RDF_TYPE: "a"}

    def header(self) -> str:
        """The `@prefix` lines and a blank line."""
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in self.prefixes.items()) + "\n"

    def term(self, t: Node | Term) -> str:
        """One term as Turtle text."""
        kind = type(t)
        cache = self._plain if kind is str or kind is Lit else self._cache
        text = cache.get(t)
        if text is None:
            if len(cache) >= _CACHE_SIZE:
                cache.clear()
            text = cache[t] = self._iri(t) if kind is str else self._literal(*t) if kind is Lit else self._render(t)
        return text

    def rows(self, triples: Iterable[Triple]) -> Iterator[tuple[Triple, Row]]:
        """Each triple with its three rendered terms."""
        cache, term, rdf_type = self._cache, self.term, self._render(RDF.type)
        for t in triples:
            s, p, o = t
            p_text = cache.get(p) or term(p)
            yield t, (cache.get(s) or term(s), "a" if p_text == rdf_type else p_text, cache.get(o) or term(o))

    def plain_rows(self, triples: Iterable[tuple[str, str, Term]]) -> Iterator[tuple[str, Row]]:
        """The subject of each triple of plain terms with its three rendered terms."""
        cache, predicates, term = self._plain, self._predicates, self.term
        for s, p, o in triples:
            yield s, (cache.get(s) or term(s), predicates.get(p) or self._predicate(p), cache.get(o) or term(o))

    def _predicate(self, p: str) -> str:
        text = self._predicates[p] = self.term(p)
        return text

    def _render(self, t: Node) -> str:
        if isinstance(t, URIRef):
            return self._iri(str(t))
        if isinstance(t, Literal):
            return self._literal(str(t), t.language, t.datatype and str(t.datatype))
        if isinstance(t, BNode):
            return t.n3()
        raise TypeError(f"cannot write {t!r} as Turtle")

    def _iri(self, iri: str) -> str:
        """A prefixed name under the longest namespace `iri` starts with, if the rest is a
        local name; else the IRI in brackets."""
        for ns, prefix in self._by_length:
            if iri.startswith(ns):
                if _LOCAL.fullmatch(iri, len(ns)):
                    return f"{prefix}:{iri[len(ns):]}"
                break
        return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", iri) + ">"

    def _literal(self, lex: str, lang: Optional[str], datatype: Optional[str]) -> str:
        if datatype == _XSD_INTEGER and _INTEGER.fullmatch(lex):
            return lex
        quoted = '"' + _STRING_UNSAFE.sub(lambda m: _STRING_ESCAPES[m.group()], lex) + '"'
        if lang:
            return f"{quoted}@{lang}"
        if datatype:
            return f"{quoted}^^{self.term(datatype)}"
        return quoted


def blocks(rows: Iterable[Row], spans: Optional[dict[str, tuple[int, int]]] = None, start: int = 0,
           presorted: bool = False) -> str:
    """Turtle statements for rendered rows: one block per subject, all sorted.

    `a` comes first among a subject's predicates, as in rdflib's output. If
    `spans` is given, it gets each subject's (start, end) in the text (see
    `write_blocks` for `start` and `presorted`).
    """
    out = io.StringIO()
    write_blocks(out, rows, spans, start, presorted)
    return out.getvalue()


def write_blocks(out: TextIO, rows: Iterable[Row], spans: Optional[dict[str, tuple[int, int]]] = None,
                 start: int = 0, presorted: bool = False) -> int:
    """Write the statements of `blocks` to `out` as they are made; returns the characters written.

    Spans count from `start`, the characters already in `out`. With
    `presorted`, `rows` is a sorted list without duplicates (the caller can
    free the set it came from before writing).
    """
    if presorted:
        ordered = rows
    else:
        ordered = sorted(rows if isinstance(rows, (set, frozenset)) else set(rows))
    pos = start
    for s, subject_rows in groupby(ordered, _SUBJECT):
        block = s + " " + " ;\n    ".join(_predicate_lines(subject_rows)) + " .\n\n"
        out.write(block)
        if spans is not None:
            spans[s] = (pos, pos + len(block))
        pos += len(block)
    return pos - start


def _predicate_lines(rows: Iterable[Row]) -> list[str]:
    """The `p o, o` lines of one subject's sorted rows, the `a` line first."""
    lines: list[str] = []
    line = last = None
    typed = 0
    for _, p, o in rows:
        if p == last:
            line += ", " + o  # the only reference: extended in place
            continue
        if line is not None:
            lines.append(line)
        if p == "a":
            typed = len(lines)
        line, last = p + " " + o, p
    lines.append(line)
    if typed:
        lines.insert(0, lines.pop(typed))
    return lines
