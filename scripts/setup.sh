#!/usr/bin/env bash
# Create .venv and install kg with pinned dependencies (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# The distribution was called kg before it became kg-cn-lg: drop the old one.
.venv/bin/python -m pip uninstall --quiet --disable-pip-version-check -y kg 2>/dev/null || true
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
