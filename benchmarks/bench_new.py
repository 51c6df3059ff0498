"""Benchmark `perfxl new`: time to generate N forms, against a baseline of plain openpyxl writes.

Prints figures; asserts nothing. Baseline: the same number of sheets with the same cell values
written by openpyxl without perfxl's layout, formulas, validation and styles — the floor any
openpyxl-based generator stands on.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from perfxl.generate import generate

INDICATORS = [("产出指标", "数量指标", "覆盖率", "≥95%", 10), ("产出指标", "质量指标", "合格率", "100%", 10),
              ("产出指标", "时效指标", "及时性", "及时", 10), ("产出指标", "成本指标", "成本", "≤30 万元", 20),
              ("效益指标", "社会效益指标", "社会效益", "显著提升", 15),
              ("效益指标", "可持续影响指标", "可持续", "持续", 15),
              ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", 10)]


def make_roster(path: Path, n_forms: int, per_unit: int) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "表单"
    ws.append(["县区/单位", "表类型", "年度", "项目名称", "主管部门", "实施单位", "中央主管部门",
               "年初预算数", "全年预算数"])
    wi = wb.create_sheet("指标")
    wi.append(["县区/单位", "项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "分值"])
    for i in range(n_forms):
        unit = f"第{i // per_unit + 1:03d}县医疗保障局"
        ws.append([unit, "项目支出", 2024, f"项目{i:04d}", unit, unit, None, 100, 100])
        for row in INDICATORS:
            wi.append([unit, f"项目{i:04d}", *row])
    wb.save(path)


def baseline(outdir: Path, n_forms: int, per_unit: int) -> None:
    outdir.mkdir()
    for u in range(0, n_forms, per_unit):
        wb = Workbook()
        wb.remove(wb.active)
        for i in range(u, min(u + per_unit, n_forms)):
            ws = wb.create_sheet(f"{i}")
            for r in range(30):
                ws.append([f"cell{r}-{c}" for c in range(9)])
        wb.save(outdir / f"{u}.xlsx")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--forms", type=int, default=1000)
    ap.add_argument("--per-unit", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_roster(tmp / "roster.xlsx", args.forms, args.per_unit)
        t0 = time.perf_counter()
        baseline(tmp / "base", args.forms, args.per_unit)
        t1 = time.perf_counter()
        result = generate(tmp / "roster.xlsx", tmp / "out")
        t2 = time.perf_counter()
    base, ours = t1 - t0, t2 - t1
    print(f"forms: {result.forms} in {len(result.files)} workbooks ({args.per_unit} per unit)")
    print(f"baseline (plain openpyxl, 30x9 values per sheet): {base:.2f} s")
    print(f"perfxl new:                                        {ours:.2f} s  "
          f"({ours / result.forms * 1000:.1f} ms/form, {ours / base:.2f}x baseline)")


if __name__ == "__main__":
    main()
