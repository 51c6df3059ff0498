#!/usr/bin/env bash
# Install perfxl into .venv and run the main job on the bundled example data.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q -e .
out="${1:-out/demo}"
echo "== perfxl new: forms from examples/roster.xlsx -> $out/forms"
.venv/bin/perfxl new examples/roster.xlsx -o "$out/forms" --force
