"""docs/images/excel-*.png come from a real run: the rows check_workbook writes, printed by LibreOffice."""

from __future__ import annotations

from openpyxl import load_workbook
from test_excel_fakebook import JINZHAI, load_fake

from devtools.preview import render_results, results_xlsx, seed_rows
from perfxl.excel.adapter import RESULTS_SHEET
from perfxl.excel.check import check_workbook


def test_picture_rows_are_what_check_workbook_writes():
    book = load_fake(JINZHAI)
    check_workbook(book)
    assert seed_rows(JINZHAI) == book.sheets[RESULTS_SHEET].used_range.options(ndim=2).value


def test_results_sheet_is_written_and_printed(tmp_path):
    rows = seed_rows(JINZHAI)
    ws = load_workbook(results_xlsx(rows, tmp_path / "r.xlsx"))["检查结果"]
    assert [[c.value for c in line] for line in ws.iter_rows()] == rows
    assert ws["E3"].fill.fgColor.rgb == "FFFFC7CE" and ws["E19"].fill.fgColor.rgb == "FFFFEB9C"
    png = render_results(tmp_path / "excel-results.png")
    head = png.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(head[16:20], "big") > 600
