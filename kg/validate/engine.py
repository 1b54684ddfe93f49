"""A SHACL engine for kg's shapes: each constraint becomes one SPARQL query over Oxigraph.

pyshacl checks every focus node in Python, one SPARQL query per node for the
SHACL-SPARQL constraints, which took minutes on 1,000 reports. Here each
constraint of a shape is one query that joins the shape's targets with the
pattern of a violation and returns only the violations. The store holds the
union of the file's graphs and the ontology (the graph pyshacl validates when
the ontology is mixed in). Where SPARQL and pyshacl could judge a value
differently (a literal's datatype, a regular expression, an order between
literals), SPARQL only preselects and Python decides as pyshacl does.
tests/test_validate_engine.py checks the findings against pyshacl's.
"""
from __future__ import annotations

import operator
import os
import re
from concurrent.futures import ThreadPoolExecutor
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Callable, Optional

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from kg.validate.shapes import SH, Shape, SparqlConstraint, Unsupported, read_shapes, sparql_path


@dataclass
class Result:
    """One violation as pyshacl would report it (rdflib terms; `path` a node of the shapes graph)."""

    shape: Shape
    focus: object
    path: Optional[object]
    value: Optional[object]
    message: str


@dataclass
class _Check:
    """The pattern of one constraint's violations at a focus variable."""

    shape: Shape
    where: str
    value: Optional[str] = None
    post: Optional[Callable[[dict], bool]] = None


def run(store: ox.Store, shapes: Graph) -> list[Result]:
    """Every violation of `shapes` in `store`'s default graph.

    The queries run in one thread per CPU (Oxigraph lets go of the GIL while
    it evaluates); each is compiled first, so an unsupported shape is found
    before any query runs.
    """
    compiler = _Compiler(shapes, _subclasses(store))
    jobs: list = []
    for shape in read_shapes(shapes):
        target = compiler.target(shape, "?this")
        if target is None:
            continue
        jobs.extend((_run_check, shape, target, check) for check in compiler.checks(shape, "?this"))
        jobs.extend((_run_sparql, shape, target, _sparql_query(target, c), c) for c in shape.sparql)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        done = [pool.submit(job[0], store, *job[1:]) for job in jobs]
        return [r for future in done for r in future.result()]


def _select(store: ox.Store, query: str) -> tuple[list[str], list[list]]:
    """The variables of a SELECT and its rows of Oxigraph terms, read to the end here.

    Oxigraph's result iterator must be dropped by the thread that made it;
    a traceback that outlived this call (rdflib logs one for an ill-typed
    literal) would otherwise carry it to another thread.
    """
    solutions = store.query(query)
    names = [v.value for v in solutions.variables]
    return names, [[sol[n] for n in names] for sol in solutions]


def _subclasses(store: ox.Store) -> dict:
    """Each class and the classes below it (itself included), by rdfs:subClassOf."""
    below = defaultdict(set)
    for s, o in _select(store, f"SELECT ?s ?o WHERE {{ ?s <{RDFS.subClassOf}> ?o }}")[1]:
        below[to_rdflib(o)].add(to_rdflib(s))
    closure: dict = {}

    def down(c: object) -> set:
        if c not in closure:
            seen, todo = {c}, [c]
            while todo:
                for s in below.get(todo.pop(), ()):
                    if s not in seen:
                        seen.add(s)
                        todo.append(s)
            closure[c] = seen
        return closure[c]
    return down


class _Compiler:
    """Writes the SPARQL of shapes, with fresh variable names."""

    def __init__(self, g: Graph, subclasses: Callable[[object], set]) -> None:
        self.g = g
        self.subclasses = subclasses
        self.n = 0

    def var(self) -> str:
        self.n += 1
        return f"?_kg{self.n}"

    def target(self, shape: Shape, focus: str) -> Optional[str]:
        """The focus nodes of a shape as a sub-select of `focus`, each once."""
        parts = []
        for kind, o in shape.targets:
            x = self.var()
            if kind == SH.targetClass:
                parts.append(f"{{ {focus} <{RDF.type}> {x} VALUES {x} {{ {_terms(self.subclasses(o))} }} }}")
            elif kind == SH.targetSubjectsOf:
                parts.append(f"{{ {focus} {o.n3()} {x} }}")
            elif kind == SH.targetObjectsOf:
                parts.append(f"{{ {x} {o.n3()} {focus} }}")
            else:
                parts.append(f"{{ VALUES {focus} {{ {o.n3()} }} }}")
        if not parts:
            return None
        return f"{{ {' UNION '.join(parts)} }}"

    def checks(self, shape: Shape, focus: str, nested: bool = False) -> list[_Check]:
        """The checks of a shape's own constraints and of its property shapes."""
        out = []
        path = sparql_path(self.g, shape.path) if shape.path is not None else None
        for p, o in shape.constraints:
            if p in (SH.minCount, SH.maxCount, SH.hasValue, SH.equals, SH.lessThan):
                if path is None:
                    raise Unsupported(f"{p} on a node shape")
                check = self.focus_check(shape, p, o, focus, path, nested)
            elif path is None:
                check = self.value_check(shape, p, o, focus, "")
            else:
                x = self.var()
                check = self.value_check(shape, p, o, x, f"{focus} {path} {x} .")
            if check is not None:
                if nested and check.post is not None:
                    raise Unsupported(f"{p} inside sh:not or sh:or")
                out.append(check)
        for prop in shape.properties:
            out.extend(self.checks(prop, focus, nested))
        return out

    def violated(self, shape: Shape, x: str) -> Optional[str]:
        """A pattern with a solution where `x` breaks `shape` (None: it cannot)."""
        found = self.checks(shape, x, nested=True)
        return " UNION ".join(f"{{ {c.where} }}" for c in found) or None

    def value_check(self, shape: Shape, p: object, o: object, x: str, bind: str) -> Optional[_Check]:
        post = None
        if p == SH["class"]:
            t = self.var()
            cond = f"NOT EXISTS {{ {x} <{RDF.type}> {t} VALUES {t} {{ {_terms(self.subclasses(o))} }} }}"
        elif p == SH.datatype:
            cond, post = _datatype(o, x)
        elif p == SH.nodeKind:
            cond = _NODE_KINDS.get(o, "").format(x=x)
            if not cond:
                raise Unsupported(f"sh:nodeKind {o}")
        elif p in _RANGES:
            sparql_op, test = _RANGES[p]
            cond = f"!COALESCE({x} {sparql_op} {o.n3()}, false)"
            post = _range_post(x, o, test)
        elif p == SH.pattern:
            cond, post = "true", _pattern_post(x, str(o), shape.flags)
        elif p == SH.languageIn:
            cond = _language_in(x, o)
        elif p == SH["in"]:
            cond = "!(" + (" || ".join(f"sameTerm({x}, {t.n3()})" for t in o) or "false") + ")"
        elif p == SH["not"]:
            inner = self.violated(o, x)
            cond = f"NOT EXISTS {{ {inner} }}" if inner else "true"
        elif p == SH["or"]:
            inner = [self.violated(s, x) for s in o]
            if any(i is None for i in inner):
                return None
            cond = " && ".join(f"EXISTS {{ {i} }}" for i in inner) or "true"
        else:
            raise Unsupported(f"{p}")
        return _Check(shape, f"{bind} FILTER ({cond})", x, post)

    def focus_check(self, shape: Shape, p: object, o: object, f: str, path: str,
                    nested: bool) -> Optional[_Check]:
        if p == SH.minCount:
            if o == 0:
                return None
            xs = [self.var() for _ in range(o)]
            return _Check(shape, f"FILTER NOT EXISTS {{ {_distinct_values(f, path, xs)} }}")
        if p == SH.maxCount:
            if o < 2:  # faster than counting, and allowed inside sh:not and sh:or
                return _Check(shape, _distinct_values(f, path, [self.var() for _ in range(o + 1)]))
            if nested:
                raise Unsupported("sh:maxCount above 1 inside sh:not or sh:or")
            x, n = self.var(), self.var()
            return _Check(shape, f"{{ SELECT {f} (COUNT(DISTINCT {x}) AS {n}) WHERE {{ {f} {path} {x} }} "
                                 f"GROUP BY {f} }} FILTER ({n} > {o})")
        if p == SH.hasValue:
            return _Check(shape, f"FILTER NOT EXISTS {{ {f} {path} {o.n3()} }}")
        x = self.var()
        if p == SH.equals:
            # MINUS, where allowed, is a hash anti-join; Oxigraph runs NOT EXISTS once per row.
            without = "FILTER NOT EXISTS" if nested else "MINUS"
            return _Check(shape, f"{{ {f} {path} {x} {without} {{ {f} {o.n3()} {x} }} }} UNION "
                                 f"{{ {f} {o.n3()} {x} {without} {{ {f} {path} {x} }} }}", x)
        other = self.var()
        return _Check(shape, f"{f} {path} {x} . {f} {o.n3()} {other} . "
                             f"FILTER (!COALESCE(IF(isIRI({x}) && isIRI({other}), STR({x}) < STR({other}), "
                             f"{x} < {other}), false))",
                      x, None if nested else _less_than_post(x, other))


def _distinct_values(f: str, path: str, xs: list[str]) -> str:
    """`f` has the values `xs` through `path`, all different."""
    pattern = " ".join(f"{f} {path} {x} ." for x in xs)
    different = [f"!sameTerm({a}, {b})" for i, a in enumerate(xs) for b in xs[i + 1:]]
    return pattern + (f" FILTER ({' && '.join(different)})" if different else "")


def _terms(nodes: set) -> str:
    return " ".join(sorted(n.n3() for n in nodes))


_NODE_KINDS = {SH.IRI: "!isIRI({x})", SH.BlankNode: "!isBlank({x})", SH.Literal: "!isLiteral({x})",
               SH.BlankNodeOrIRI: "isLiteral({x})", SH.BlankNodeOrLiteral: "isIRI({x})",
               SH.IRIOrLiteral: "isBlank({x})"}
# SPARQL operator that holds for a conforming value, and pyshacl's test of compare_literal(value, bound).
_RANGES = {SH.minInclusive: (">=", lambda c: c >= 0), SH.minExclusive: (">", lambda c: c > 0),
           SH.maxInclusive: ("<=", lambda c: c <= 0), SH.maxExclusive: ("<", lambda c: c < 0)}
# What pyshacl accepts as the Python value of a literal of these datatypes (others: any).
_PYTHON_TYPES = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
                 XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date,
                 XSD.time: time, XSD.dateTime: datetime}


def _datatype(dt: object, x: str) -> tuple[str, Optional[Callable[[dict], bool]]]:
    """The SPARQL condition of a wrong datatype, and the Python check of those it cannot settle."""
    if dt == RDFS.Literal:
        return f"!isLiteral({x})", None
    if dt == RDFS.Datatype:
        raise Unsupported("sh:datatype rdfs:Datatype")
    wrong = f"!isLiteral({x}) || datatype({x}) != {dt.n3()}"
    if dt in (XSD.string, RDF.langString):
        return wrong, None
    if dt == XSD.integer:  # Oxigraph's valid integers are all valid to rdflib too
        return f"{wrong} || !isNumeric({x})", lambda row: not _datatype_ok(row[x], dt)
    return "true", lambda row: not _datatype_ok(row[x], dt)


def _datatype_ok(v: object, dt: object) -> bool:
    """pyshacl's sh:datatype test."""
    if not isinstance(v, Literal):
        return False
    if v.datatype == dt:
        if getattr(v, "ill_typed", None) is True:
            return False
    elif not ((v.datatype is None and v.language is None and dt == XSD.string)
              or (dt == RDF.langString and v.language)):
        return False
    wanted = _PYTHON_TYPES.get(dt)
    return wanted is None or isinstance(v.value, wanted)


def _range_post(x: str, bound: Literal, test: Callable[[int], bool]) -> Callable[[dict], bool]:
    from pyshacl.rdfutil.compare import compare_literal

    def violates(row: dict) -> bool:
        v = row[x]
        if not isinstance(v, Literal) or isinstance(v.value, str) != isinstance(bound.value, str):
            return True
        try:
            return not test(compare_literal(v, bound))
        except (TypeError, NotImplementedError):
            return True
    return violates


def _pattern_post(x: str, pattern: str, flags: Optional[str]) -> Callable[[dict], bool]:
    re_flags = 0
    if flags:
        re_flags |= re.I if "i" in flags.lower() else 0
        re_flags |= re.M if "m" in flags.lower() else 0
    matcher = re.compile(pattern, re_flags)

    def violates(row: dict) -> bool:
        v = row[x]
        if isinstance(v, BNode):
            return True
        if isinstance(v, Literal) and v.value is not None and v.datatype in (None, RDF.langString, XSD.string):
            text = str(v.value)
        else:
            text = str(v)
        return not (matcher.match(text) or matcher.search(text))
    return violates


def _less_than_post(x: str, other: str) -> Callable[[dict], bool]:
    def plain(t: object) -> tuple[object, bool]:
        if isinstance(t, URIRef):
            return str(t), True
        if isinstance(t, Literal) and isinstance(t.value, str):
            return t.value, True
        return t, False

    def violates(row: dict) -> bool:
        (v, v_str), (o, o_str) = plain(row[x]), plain(row[other])
        if v_str != o_str:
            return True
        try:
            return not operator.lt(v, o)
        except TypeError:
            return True
    return violates


def _language_in(x: str, tags: tuple) -> str:
    wanted = [str(t).lower() for t in tags]
    if "*" in wanted:
        return f"!(isLiteral({x}) && LANG({x}) != \"\")"
    listed = ", ".join(Literal(t).n3() for t in wanted)
    tag = f"LCASE(LANG({x}))"
    return (f"!(isLiteral({x}) && LANG({x}) != \"\" && ({tag} IN ({listed}) "
            f"|| STRBEFORE(CONCAT({tag}, \"-\"), \"-\") IN ({listed})))")


def _rows(store: ox.Store, query: str, prefix: str = "") -> list[dict]:
    """The solutions of a SELECT as dicts of rdflib terms by variable name (unbound ones left out)."""
    names, rows = _select(store, query)
    return [{prefix + n: to_rdflib(t) for n, t in zip(names, row) if t is not None} for row in rows]


def _run_check(store: ox.Store, shape: Shape, target: str, check: _Check) -> list[Result]:
    message = _message(check.shape.messages)
    return [Result(check.shape, row["?this"], check.shape.path, row.get(check.value) if check.value else None,
                   message)
            for row in _rows(store, f"SELECT DISTINCT * WHERE {{ {target} {check.where} }}", "?")
            if check.post is None or check.post(row)]


def _sparql_query(target: str, c: SparqlConstraint) -> str:
    """A SELECT constraint with its $this joined with the shape's focus nodes instead of pre-bound one by one."""
    opening = c.select.index("{")
    return _minus(c.select[:opening + 1] + f" {target} " + c.select[opening + 1:], opening + 1)


def _run_sparql(store: ox.Store, shape: Shape, target: str, query: str, c: SparqlConstraint) -> list[Result]:
    messages = tuple(dict.fromkeys((*shape.messages, *c.messages)))
    return [_sparql_result(shape, bound, messages) for bound in _rows(store, query)]


def _sparql_result(shape: Shape, bound: dict, messages: tuple) -> Result:
    """pyshacl's result of one solution of a SPARQL constraint."""
    focus = bound.pop("this")
    path = bound.pop("path", None)
    value = bound.pop("value", None)
    if value is None:
        value = focus
    fdict = {**bound, "this": focus, **({"path": path} if path is not None else {}), "value": value}
    return Result(shape, focus, path, value, _format(_message(messages), fdict))


_SKIP = re.compile(r'"""(?:[^\\]|\\.)*?"""|\'\'\'(?:[^\\]|\\.)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                   r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*")
_NOT_EXISTS = re.compile(r"FILTER\s+NOT\s+EXISTS\s*\{", re.IGNORECASE)
_TRIPLES_ONLY = re.compile(r"[\s\w:$?;,.\-@]*")
_KEYWORDS = re.compile(r"\b(FILTER|OPTIONAL|BIND|GRAPH|SERVICE|VALUES|UNION|MINUS|EXISTS|NOT)\b", re.IGNORECASE)


def _minus(query: str, start: int) -> str:
    """`query` with each `FILTER NOT EXISTS { triples }` of its outer group written as a MINUS at its end.

    The two remove the same solutions where the triples are a basic graph
    pattern that shares $this (bound in every solution) with the group, and
    Oxigraph runs MINUS as one anti-join instead of one lookup per solution,
    which took most of a minute on 1,000 reports.
    """
    blanked = _SKIP.sub(lambda m: " " * len(m.group()), query)
    depth, cut, moved, i = 1, [], [], start
    while i < len(blanked) and depth:
        m = _NOT_EXISTS.match(blanked, i) if depth == 1 else None
        if m:
            end = blanked.find("}", m.end())
            body = blanked[m.end():end].replace("^^", "")
            if end > 0 and "{" not in body and _TRIPLES_ONLY.fullmatch(body) and not _KEYWORDS.search(body) \
                    and re.search(r"[?$]this\b", body):
                cut.append((m.start(), end + 1))
                moved.append(query[m.end():end])
                i = end + 1
                continue
        depth += {"{": 1, "}": -1}.get(blanked[i], 0)
        i += 1
    if not moved:
        return query
    close = i - 1
    out, last = [], 0
    for a, b in cut:
        out.append(query[last:a])
        last = b
    out.append(query[last:close])
    out.extend(f" MINUS {{{body}}}" for body in moved)
    out.append(query[close:])
    return "".join(out)


def _message(messages: tuple) -> str:
    if len(messages) != 1:
        raise Unsupported("a shape without exactly one sh:message")
    return str(messages[0].value if isinstance(messages[0], Literal) else messages[0])


def _format(msg: str, fdict: dict) -> str:
    """pyshacl's substitution of {?var} and {$var} in a SPARQL constraint's message."""
    for var, val in fdict.items():
        msg = re.sub("{{[?$]{}}}".format(var), str(val), msg)
    return msg


def to_rdflib(term: object) -> object:
    """An Oxigraph term as the rdflib term kg.rdf.files.load_graph makes of it."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise Unsupported(f"RDF-star triple terms: {term}")
