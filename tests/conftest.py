"""Shared fixtures: the pipeline is built once per session (jieba's dictionary
loads once), and seeds are read from the project's own seeds/ folder."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = Path(__file__).resolve().parent / "fixtures" / "gold"


@pytest.fixture(scope="session")
def nlp():
    from kg.extract.pipeline import make_nlp

    return make_nlp()


@pytest.fixture(scope="session")
def process():
    """process(text, name='t.txt') -> ReportResult, with the session's pipeline."""
    from kg.process import process_text

    def run(text: str, name: str = "t.txt"):
        return process_text(text, name)

    return run


@pytest.fixture(scope="session")
def seed_results():
    """Every seed processed once: {file name: ReportResult}."""
    from kg.process import process_file

    return {p.name: process_file(p) for p in sorted(SEEDS.glob("*.txt"))}


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say loudly, at the end of the run, that the browser tests skipped and what they need."""
    import browser_support

    if not browser_support.SKIPPED:
        return
    tr = terminalreporter
    tr.section("THE BROWSER TESTS DID NOT RUN", sep="!", red=True, bold=True)
    tr.write_line(f"tests/test_view_browser.py skipped: missing {', '.join(browser_support.SKIPPED)}.",
                  red=True, bold=True)
    tr.write_line(browser_support.INSTALL, red=True, bold=True)
    tr.write_line("In CI (CI or KG_REQUIRE_BROWSER set) these tests fail instead.", red=True, bold=True)
    if browser_support.cjk_font_missing():
        tr.write_line("No Chinese font either (Debian package fonts-noto-cjk): screenshots show boxes.", red=True)
