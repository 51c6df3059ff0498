#!/usr/bin/env bash
# Install perfxl with its test dependencies (LibreOffice with its UNO bridge, and Chromium, included), run `ruff check` and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q -e ".[test]"
if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftoppm >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    libreoffice-calc-nogui poppler-utils fonts-noto-cjk >/dev/null
fi
# The row-height tests type into forms through LibreOffice's UNO bridge, run by Debian's python3 (python3-uno).
if ! /usr/bin/python3 -c "import uno" >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends python3-uno >/dev/null
fi
# The browser tests of `perfxl serve` drive Debian's Chromium through Playwright (no browser download).
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
# Lint the code first (the same check CI runs): a style slip fails here, not in review.
.venv/bin/python -m ruff check --quiet .
# Build the wheel CI ships (dist/perfxl-*.whl); tests/test_excel_winkit.py builds its own and installs it offline.
bash scripts/build_wheel.sh
exec .venv/bin/python -m pytest "$@"
