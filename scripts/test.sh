#!/usr/bin/env bash
# Set up everything the tests need, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# The browser tests of the network view need Chromium, chromedriver and a CJK
# font: install Debian's packages where missing (without them those tests skip).
if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for pkg in chromium chromium-driver fonts-noto-cjk; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
    if ! { $sudo apt-get update -qq &&
           $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
      echo "scripts/test.sh: could not install ${missing[*]}; the browser tests will be skipped" >&2
    fi
  fi
else
  echo "scripts/test.sh: no apt-get; install Chromium, chromedriver and a CJK font for the browser tests" >&2
fi
.venv/bin/python -m pytest -q "$@"
