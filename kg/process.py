"""One report from file to linked result: read → normalise → extract → link."""
from __future__ import annotations

from pathlib import Path

from kg.extract.pipeline import extract
from kg.io.normalise import normalise
from kg.io.read import Report, read_report
from kg.link.canonical import link
from kg.types import ReportResult


def process_text(text: str, name: str) -> ReportResult:
    """Extract and link the findings of a report's text (as read)."""
    doc = extract(text, name, normalise(text))
    return link(doc)


def process_report(report: Report) -> ReportResult:
    return process_text(report.text, report.name)


def process_file(path: str | Path) -> ReportResult:
    """Read and process one report file; raises ReadError for unreadable files."""
    return process_report(read_report(path))
