"""Render the README's pictures from real runs (LibreOffice + pdftoppm): python scripts/readme_images.py"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import JZ_FORM, JZ_INDICATORS, write_roster  # noqa: E402
from formkit import ind_cell, top  # noqa: E402

from devtools.libreoffice import recalculated  # noqa: E402
from devtools.render import to_png  # noqa: E402
from perfxl.generate import generate  # noqa: E402

# 金寨 医疗保障专项经费 as the clerk typed it in seed 001, less the 10.57 perfxl no longer allows.
SCORES = [5, 5, 5, 5, 5, 5, 10, 9.8, 10, 10, 10, 10]
ACTUALS = ["100%", "12 次", "12 次", "106.32%", "显著提升", "100%", "及时", "186.816 万元", "成效显著",
           "显著提高", "显著提高", "98%"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        path = generate(write_roster(tmp / "r.xlsx", [JZ_FORM], JZ_INDICATORS), tmp / "out").files[0]
        wb = load_workbook(path)
        ws = wb.worksheets[0]
        from formkit import cells

        amounts = [(176.77, 186.816), (176.77, 186.816), (0, 0), (0, 0)]
        for b_cell, s_cell, (b, s) in zip(cells(ws, "PX_F_BUDGET"), cells(ws, "PX_F_SPENT"), amounts):
            ws[b_cell], ws[s_cell] = b, s
        ws[top(ws, "PX_GOAL_PLAN")] = "申请财政资金 176.77 万元，用于保障 2022 年医疗保障经办业务的开展"
        ws[top(ws, "PX_GOAL_ACTUAL")] = "保障局机关及中心机构顺利完成县委、县政府及上级医疗保障部门安排的年度工作"
        for i, (s, a) in enumerate(zip(SCORES, ACTUALS)):
            ws[ind_cell(ws, "score", i)] = s
            ws[ind_cell(ws, "actual", i)] = a
        wb.save(tmp / "filled.xlsx")
        done = recalculated([tmp / "filled.xlsx"], tmp / "calc")[0]
        out = to_png(done, ROOT / "docs" / "images" / "project-form.png", dpi=90)
        print(out)


if __name__ == "__main__":
    main()
