#!/usr/bin/env bash
# Build perfxl's wheel into dist/ (pure Python: one file for Windows, macOS and Linux); prints its path.
# `perfxl excel-addin --wheel dist/perfxl-*.whl` puts it in the Excel kit when perfxl runs installed.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
"$PY" -c 'from pathlib import Path; from perfxl.excel.wheels import SOURCE, build_wheel; print(build_wheel(SOURCE, Path("dist")))'
