"""`kg build`: every report in, graph files out, written atomically.

Each report is processed on its own; a report that fails is named with its
problem and the others still build. Files are written to a staging folder
inside the output folder and moved into place only when all are complete.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from rdflib import Graph

from kg.errors import KGError, ReadError
from kg.io.read import find_reports
from kg.jsonl import dumps, result_lines
from kg.process import process_file
from kg.rdf.assemble import IRIs, bind_prefixes, report_graph
from kg.rdf.namespace import DEFAULT_BASE
from kg.types import ReportResult


@dataclass
class BuildSummary:
    reports: int = 0
    failed: list = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    out_dir: str = ""


def build(inputs: Iterable[str | Path], out_dir: str | Path, base: str = DEFAULT_BASE,
          strict: bool = False, on_error: Optional[Callable[[ReadError], None]] = None,
          progress: Optional[Callable[[Iterable], Iterable]] = None) -> BuildSummary:
    """Build the graph of `inputs` into `out_dir`; returns what was built."""
    started = time.perf_counter()
    out = Path(out_dir)
    paths = find_reports(list(inputs))
    if not paths:
        raise KGError(f"no report files (.txt, .md, .html) found in {', '.join(map(str, inputs))}")
    summary = BuildSummary(out_dir=str(out))
    results: list[ReportResult] = []
    items = progress(paths) if progress else paths
    for path in items:
        try:
            results.append(process_file(path))
        except ReadError as exc:
            summary.failed.append(exc)
            if on_error:
                on_error(exc)
            if strict:
                raise
    iri_base = IRIs(base).base
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kg-staging-", dir=out))
    try:
        merged = Graph()
        bind_prefixes(merged, iri_base)
        (staging / "reports").mkdir()
        with open(staging / "extractions.jsonl", "w", encoding="utf-8", newline="\n") as fh:
            for result in sorted(results, key=lambda r: r.doc):
                for obj in result_lines(result, iri_base):
                    fh.write(dumps(obj) + "\n")
                g = report_graph(result, iri_base)
                g.serialize(staging / "reports" / f"{Path(result.doc).stem}.ttl", format="turtle", encoding="utf-8")
                merged += g
                summary.reports += 1
                for e in result.entities:
                    summary.entities[e.type] += 1
                for r in result.relations:
                    summary.relations[r.p] += 1
        merged.serialize(staging / "graph.ttl", format="turtle", encoding="utf-8")
        summary.triples = len(merged)
        from kg.view.html import write_view

        write_view(merged, staging / "graph.html")
        _publish(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _publish(staging: Path, out: Path) -> None:
    """Move the finished files into `out`, replacing the previous build's."""
    old_reports = out / "reports"
    if old_reports.exists():
        trash = Path(tempfile.mkdtemp(prefix=".kg-old-", dir=out))
        os.replace(old_reports, trash / "reports")
        os.replace(staging / "reports", old_reports)
        shutil.rmtree(trash, ignore_errors=True)
    else:
        os.replace(staging / "reports", old_reports)
    for f in sorted(staging.iterdir()):
        if f.is_file():
            os.replace(f, out / f.name)
