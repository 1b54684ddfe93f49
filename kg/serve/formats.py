"""Which format an answer is written in: content negotiation for SPARQL answers.

SELECT and ASK answer in the W3C SPARQL results formats, CONSTRUCT and
DESCRIBE in an RDF format. A `format` (or `output`) parameter naming a format
wins; otherwise the Accept header decides, and without one the first format
of each kind (SPARQL JSON, Turtle) is used. Since the kind of a query is known
only once it is parsed, a format is chosen for each kind before it runs.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Optional

if TYPE_CHECKING:  # the worker processes import this module without werkzeug
    from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Format:
    """An answer format: its name (as `kg query --format` and the worker know it),
    the media type sent, and what else names it in a request."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()

    def names(self) -> tuple[str, ...]:
        return (self.name, self.media_type, *self.aliases)


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", ("application/json", "srj")),
    Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml", "srx")),
    Format("csv", "text/csv"),
    Format("tsv", "text/tab-separated-values"),
)
GRAPH_FORMATS = (
    Format("ttl", "text/turtle", ("turtle", "application/turtle", "application/x-turtle", "n3", "text/n3")),
    Format("nt", "application/n-triples", ("ntriples", "n-triples", "text/plain")),
    Format("rdfxml", "application/rdf+xml", ("rdf+xml", "xml", "application/xml", "text/xml")),
    Format("jsonld", "application/ld+json", ("json-ld", "json", "application/json")),
)
# The Content-Type of error messages.
TEXT = "text/plain; charset=utf-8"
BY_NAME = {f.name: f for f in RESULT_FORMATS + GRAPH_FORMATS}


def choose(formats: tuple[Format, ...], params: Iterable[str], accept: MIMEAccept) -> Optional[Format]:
    """The format of `formats` that the request asks for, or None if it accepts none of them.

    `params` are the values of the request's format parameters, in order; the
    first that names one of `formats` decides (a value may be a short name or
    a media type, as SPARQLWrapper sends both).
    """
    by_name = {n: f for f in formats for n in f.names()}
    for value in params:
        found = by_name.get(value.strip().lower())
        if found is not None:
            return found
    if not accept:
        return formats[0]
    media_types = [n for f in formats for n in (f.media_type, *f.aliases) if "/" in n]
    best = accept.best_match(media_types)
    return by_name[best] if best else None


def content_type(fmt: Format) -> str:
    """The Content-Type header of an answer: text types say they are UTF-8."""
    return f"{fmt.media_type}; charset=utf-8" if fmt.media_type.startswith("text/") else fmt.media_type


def listed(formats: tuple[Format, ...]) -> str:
    return ", ".join(f.media_type for f in formats)
