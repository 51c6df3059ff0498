"""汇总's columns are defined once: one added line in columns.py reaches every part of the roll-up."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from lintkit import CLEAN, write_book
from openpyxl import load_workbook

from perfxl.consolidate.columns import SUMMARY_COLUMNS

PACKAGE = Path(__file__).resolve().parents[1] / "perfxl"
ANCHOR = '    Column("file", "来源文件", value=lambda r: r.file, width=12),\n'
ADDED = '    Column("total_source", "总分来源", value=lambda r: r.facts.total_source),\n'


def test_adding_a_summary_column_is_one_line(tmp_path):
    copy = tmp_path / "src" / "perfxl"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    columns = copy / "consolidate" / "columns.py"
    text = columns.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    columns.write_text(text.replace(ANCHOR, ADDED + ANCHOR), encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(2):
        write_book(folder / f"金寨县{i}.xlsx", {**CLEAN, "project": f"医疗保障专项经费{i}"})  # two forms, not one sent twice
    out = tmp_path / "汇总.xlsx"
    for fmt in ("xlsx", "csv"):
        run = subprocess.run([sys.executable, "-m", "perfxl", "consolidate", str(folder), "-o", str(out),
                              "--format", fmt, "--force"], cwd=tmp_path / "src", capture_output=True, text=True,
                             timeout=300, env={"PYTHONPATH": str(tmp_path / "src"), "PATH": "/usr/bin:/bin"})
        assert run.returncode == 0, run.stderr
    ws = load_workbook(out)["汇总"]
    head = [c.value for c in ws[1]]
    assert head[-3:] == ["总分来源", "来源文件", "工作表"] and len(head) == len(SUMMARY_COLUMNS) + 1
    assert [r[head.index("总分来源")] for r in ws.iter_rows(min_row=2, max_row=3, values_only=True)] == [
        "printed", "printed"]
    assert str(ws.cell(2, len(head)).value).startswith("=HYPERLINK(")      # the link still in its column
    totals = [c.value for c in ws[4]]
    assert totals[0] == "合计 / 平均" and totals[head.index("错误数")].startswith("=SUM(")
    csv = (tmp_path / "汇总_汇总.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "总分来源" in csv[0].split(",") and csv[1].split(",")[head.index("总分来源")] == "printed"
