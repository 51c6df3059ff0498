#!/usr/bin/env bash
# Install perfxl into .venv and run the main job on the bundled example data:
# generate forms from the example roster -> lint the transcribed seed forms -> consolidate them.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q -e .
out="${1:-out/demo}"
mkdir -p "$out"
echo "== 1. perfxl new: forms from examples/roster.xlsx -> $out/forms"
.venv/bin/perfxl new examples/roster.xlsx -o "$out/forms" --force
echo
echo "== 2. perfxl lint: the seeds' forms in examples/ (findings expected: they are real errors)"
# exit status 1 means "error findings", as expected here; anything else (2: unreadable, misuse) stops the demo
.venv/bin/perfxl lint examples/ --format json > "$out/lint.json" || [ $? -eq 1 ]
.venv/bin/perfxl lint examples/ || [ $? -eq 1 ]
echo
echo "== 3. perfxl consolidate: examples/ -> $out/汇总.xlsx (with the roster check), feedback per unit -> $out/反馈"
.venv/bin/perfxl consolidate examples/ -o "$out/汇总.xlsx" --roster examples/roster.xlsx --feedback "$out/反馈" --force \
  || [ $? -eq 1 ]
echo
echo "Done. Open $out/forms/*.xlsx, $out/汇总.xlsx and $out/反馈/*/; the JSON report is $out/lint.json."
