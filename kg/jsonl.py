"""Findings of one report as JSON Lines objects, in the scorer's format."""
from __future__ import annotations

import json

from kg.rdf.assemble import IRIs
from kg.registry import registry
from kg.types import ReportResult, STATISTICS


def result_lines(result: ReportResult, iri_base: str) -> list[dict]:
    """The report line, then entity lines, then relation lines of one report."""
    facts = result.facts
    iris = IRIs(iri_base)
    lines: list[dict] = [{
        "doc": result.doc, "kind": "report", "county": facts.county, "county_code": facts.county_code,
        "date": facts.date, "session": facts.session, "speaker": facts.speaker,
        "speaker_role": facts.speaker_role, "year": facts.year, "report_kind": facts.kind, "title": facts.title,
        "statistics": {k: facts.statistics[k] for k in STATISTICS if k in facts.statistics},
        "evidence": {k: {"start": v[0], "end": v[1], "text": result.text[v[0]:v[1]]}
                     for k, v in sorted(facts.evidence.items())},
    }]
    reg = registry()
    for e in result.entities:
        obj = {"doc": result.doc, "kind": "entity", "type": reg.entity(e.type).evaluation, "name": e.name}
        if e.code:
            obj["code"] = e.code
        obj["iri"] = str(iris.area(e.code) if e.code else iris.key(e.iri_key))
        if e.aliases:
            obj["aliases"] = e.aliases
        obj["mentions"] = e.mentions
        lines.append(obj)
    for r in result.relations:
        obj = {"doc": result.doc, "kind": "relation", "s": r.s, "p": r.p, "o": r.o}
        if r.role:
            obj["role"] = r.role
        obj["evidence"] = [{"start": s, "end": e} for s, e in r.evidence]
        lines.append(obj)
    return lines


def dumps(obj: dict) -> str:
    return _encode(obj)


# One encoder for every line: json.dumps with options makes a new one per call.
_encode = json.JSONEncoder(ensure_ascii=False, sort_keys=False).encode
