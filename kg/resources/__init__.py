"""Reference data shipped with the package (see SOURCES.md beside this file)."""
from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def path(name: str) -> Path:
    """Path of a data file shipped in kg/resources."""
    return HERE / name


def read_lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of a text data file."""
    out = []
    with open(path(name), encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    return out
