"""bench_reader times the reader on what perfxl reads: the same sheets, merged ranges and forms."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_lint import make_corpus  # noqa: E402
from bench_reader import PASSES, load, read  # noqa: E402

from perfxl.lint.run import lint_paths  # noqa: E402


def test_the_reader_pass_reads_the_forms_lint_reads(tmp_path):
    paths = make_corpus(tmp_path, 3)
    sheets = load(paths)
    assert any(merged for _, _, merged, _ in sheets)           # the merged ranges come with the values
    report = lint_paths([tmp_path], workers=0)
    assert read(sheets) == sum(len(f.forms) for f in report.files) >= 12
    assert all(run(sheets) > 0 for run in PASSES.values())
