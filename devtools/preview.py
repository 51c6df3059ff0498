"""Pictures for docs/excel.md: the 检查结果 sheet and the .xlsm panel, printed through LibreOffice."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from perfxl.excel.check import FILL, HEADER_FILL, WIDTHS, result_rows

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"


def _hex(rgb) -> str:
    return "FF{:02X}{:02X}{:02X}".format(*rgb)


def results_xlsx(rows: list[list], path: Path) -> Path:
    """The rows check_workbook writes, styled as it styles them, in an .xlsx that prints one page wide."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "检查结果"
    for row in rows:
        ws.append(row)
    ws["A1"].font = Font(bold=True)
    for cell in ws[2]:
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor=_hex(HEADER_FILL))
    for col, width in zip("ABCDEF", WIDTHS):
        ws.column_dimensions[col].width = width
    for line in ws.iter_rows(min_row=3):
        line[0].alignment = Alignment(horizontal="center", vertical="top")
        line[5].alignment = Alignment(wrap_text=True, vertical="top")
        if line[4].value in ("错误", "error"):
            line[4].fill = PatternFill("solid", fgColor=_hex(FILL["error"]))
        elif line[4].value in ("警告", "warning"):
            line[4].fill = PatternFill("solid", fgColor=_hex(FILL["warning"]))
        if isinstance(line[2].value, str) and line[2].value.startswith("="):
            line[2].font = Font(color="FF0563C1", underline="single")
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.save(path)
    return path


def seed_rows(seed: Path = SEED, lang: str = "zh") -> list[list]:
    """The 检查结果 rows for a seed workbook (tests prove check_workbook writes exactly these)."""
    from perfxl.lint import lint_paths

    return result_rows(lint_paths([seed]).files[0], seed.name, lang)


def render_results(png: Path, seed: Path = SEED) -> Path:
    from .render import to_png

    with tempfile.TemporaryDirectory() as tmp:
        return to_png(results_xlsx(seed_rows(seed), Path(tmp) / "检查结果.xlsx"), png, dpi=90)


def render_panel(png: Path) -> Path:
    """The perfxl sheet of perfxl_check.xlsm with its buttons (made printable for the picture only)."""
    from perfxl.excel.addin import write_addin

    from .render import to_png

    with tempfile.TemporaryDirectory() as tmp:
        xlsm = write_addin(Path(tmp))
        with zipfile.ZipFile(xlsm) as src:
            files = {n: src.read(n) for n in src.namelist()}
        name = next(n for n in files if n.endswith(".vml"))
        files[name] = files[name].replace(b"<x:PrintObject>False</x:PrintObject>", b"")
        shown = Path(tmp) / "panel.xlsm"
        with zipfile.ZipFile(shown, "w") as dst:
            for n, data in files.items():
                dst.writestr(n, data)
        return to_png(shown, png, dpi=80)


if __name__ == "__main__":  # python -m perfxl.excel.preview  (regenerates docs/images/excel-*.png)
    images = ROOT / "docs" / "images"
    print(render_results(images / "excel-results.png"))
    print(render_panel(images / "excel-addin.png"))
