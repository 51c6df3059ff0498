"""perfxl's own forms: the formulas the template owns, as written, cached and computed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..template.logic import Group, form_formulas
from ..template.markers import columns_of, read_markers

_LABEL = re.compile(r'^="(.+?)（"&SUM\(')


@dataclass
class OwnedCell:
    """One formula cell of the template: what it should hold and what it holds."""

    cell: str
    expected: str
    written: object      # the formula or constant in the file
    cached: object       # the value Excel saved with it (None when never calculated)
    computed: object     # the value perfxl computes from the inputs now


def _groups(ws, markers) -> list[Group]:
    if markers.kind == "transfer":
        return []
    ind = markers["PX_IND"]
    col = ind.min_col + columns_of(markers.kind).index("level1")
    spans = {r.min_row: r.max_row for r in ws.merged_cells.ranges
             if r.min_col == col and ind.min_row <= r.min_row <= ind.max_row}
    groups = []
    r = ind.min_row
    while r <= ind.max_row:
        last = spans.get(r, r)
        value = ws.cell(r, col).value
        if value is not None:
            m = _LABEL.match(str(value))
            name = m.group(1) if m else re.sub(r"[（(].*$", "", str(value)).strip()
            groups.append(Group(name, r, last))
        elif groups:
            groups[-1] = Group(groups[-1].name, groups[-1].first, last)
        r = last + 1
    return groups


def _same(formula: str, expected: str) -> bool:
    def canon(f: str) -> str:
        return re.sub(r"\s+", "", f).replace("$", "").upper()

    return canon(formula) == canon(expected)


def owned_cells(book, sheet: str) -> list[OwnedCell]:
    """The template-owned cells of a sheet of our own workbook ([] for other sheets)."""
    if book.openpyxl_wb is None or sheet not in book.openpyxl_wb.sheetnames:
        return []
    ws = book.openpyxl_wb[sheet]
    markers = read_markers(ws)
    if markers is None or "PX_IND" not in markers.boxes:
        return []
    cached = book.cached_wb[sheet]
    expected = form_formulas(markers, _groups(ws, markers))
    return [OwnedCell(cell, formula, ws[cell].value, cached[cell].value,
                      book.computed.get((sheet.upper(), cell)))
            for cell, formula in expected.items()]


def is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


__all__ = ["OwnedCell", "owned_cells", "is_formula", "_same"]
