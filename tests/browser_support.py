"""What the browser tests of the network view need, and what of it is missing.

Without selenium, Chromium or chromedriver the browser tests cannot run. In
CI (the environment variable CI set, or KG_REQUIRE_BROWSER) that fails them;
elsewhere they skip and the end of the pytest run says so in red (the
`pytest_terminal_summary` hook of conftest.py), naming what to install.
"""
from __future__ import annotations

import os
import shutil
import subprocess

CHROMIUM = os.environ.get("KG_CHROMIUM") or next(
    filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER") or shutil.which("chromedriver")
INSTALL = ("bash scripts/test.sh installs them; by hand: sudo apt-get install chromium chromium-driver "
           "fonts-noto-cjk, and .venv/bin/pip install -e '.[test]' (selenium)")
# Filled when the browser tests skip: what was missing.
SKIPPED: list[str] = []


def _selenium() -> bool:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return True


def missing() -> list[str]:
    """What the browser tests need and this machine lacks, each with the package that gives it."""
    out = []
    if not _selenium():
        out.append("selenium (the Python package, in kg's test extras)")
    if CHROMIUM is None:
        out.append("Chromium (Debian package chromium; or set KG_CHROMIUM)")
    if CHROMEDRIVER is None:
        out.append("chromedriver (Debian package chromium-driver; or set KG_CHROMEDRIVER)")
    return out


def cjk_font_missing() -> bool:
    """Whether fontconfig knows no Chinese font (the screenshots then show boxes; the tests still run)."""
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True)
    return found.returncode == 0 and not found.stdout.strip()


def required() -> bool:
    """Whether a missing browser fails the tests instead of skipping them (in CI)."""
    return bool(os.environ.get("CI") or os.environ.get("KG_REQUIRE_BROWSER"))


def need(absent: list[str]) -> None:
    """Fail (in CI) or skip the calling test when `absent` names what it lacks; a skip is
    said again at the end of the run."""
    if not absent:
        return
    import pytest

    if required():
        pytest.fail(message(absent), pytrace=False)
    SKIPPED[:] = absent
    pytest.skip(message(absent))


def message(absent: list[str]) -> str:
    return f"the browser tests cannot run: missing {', '.join(absent)}. {INSTALL}"
