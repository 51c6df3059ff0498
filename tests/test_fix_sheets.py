"""The 修改记录 and 需人工处理 sheets `perfxl fix` adds to its copy are styled and printable as the
feedback workbook's sheets are (the same table and print set-up: consolidate/feedback_book.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from perfxl.consolidate.feedback_book import HEAD_FILL
from perfxl.fix.run import fix_file
from perfxl.fix.sheets import CHANGES_SHEET, PEOPLE_SHEET

JINZHAI = Path(__file__).resolve().parents[1] / "examples" / "金寨县医疗保障局2022年度项目支出绩效自评表.xlsx"


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    out = tmp_path_factory.mktemp("fixed") / "金寨-修正.xlsx"
    done = fix_file(JINZHAI, out)
    assert done.changes and done.people
    return load_workbook(out)


@pytest.mark.parametrize("sheet, widest, title", [(CHANGES_SHEET, "G", "原值"), (PEOPLE_SHEET, "F", "规则")])
def test_header_widths_frozen_wrapped_and_printable(copy, sheet, widest, title):
    ws = copy[sheet]
    assert ws["A1"].font.bold and ws["A1"].font.size == 14                 # what the sheet is
    head = [c for c in ws[2] if c.value]
    assert title in [c.value for c in head]
    assert all(c.font.bold and c.fill.fgColor.rgb == HEAD_FILL.fgColor.rgb for c in head)
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$2:$2"      # the header on every page
    assert ws.column_dimensions["A"].width <= 6 < ws.column_dimensions[widest].width <= 80
    assert ws.cell(3, 7).alignment.wrap_text and ws.row_dimensions[3].height
    setup = ws.page_setup
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == ("landscape", 9, 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert sheet in ws.oddHeader.center.text and "&P" in ws.oddFooter.center.text


def test_rows_stay_where_they_were(copy):
    rows = list(copy[CHANGES_SHEET].iter_rows(min_row=3, values_only=True))
    assert rows[0][0] == 1 and rows[0][2].startswith("=HYPERLINK(")       # a row per change, its cell a link
    assert copy[CHANGES_SHEET].cell(3, 3).font.underline == "single"
