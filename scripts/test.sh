#!/usr/bin/env bash
# Set up everything the tests need, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

loud() {
  printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
  printf 'scripts/test.sh: %s\n' "$@" >&2
  printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

# The browser tests of the network view need selenium (kg's test extras, which
# scripts/setup.sh installs), Chromium, chromedriver and a CJK font: install
# Debian's packages where missing. Without them those tests fail in CI (CI set)
# and elsewhere skip with a warning at the end of the run.
if ! .venv/bin/python -c "import selenium" 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]" ||
    loud "could not install selenium (pip install -e '.[test]'): the browser tests cannot run"
fi
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
      loud "could not install ${missing[*]} with apt-get (needs root or passwordless sudo)." \
           "The browser tests cannot run: they fail in CI and skip elsewhere."
    fi
  fi
else
  loud "no apt-get here: install Chromium, chromedriver and a CJK font yourself" \
       "(or point KG_CHROMIUM and KG_CHROMEDRIVER at them); the browser tests cannot run without them."
fi
.venv/bin/python -m pytest -q "$@"
