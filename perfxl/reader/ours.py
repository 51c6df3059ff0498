"""perfxl's own forms: the formulas the template owns, as written, cached and computed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..forms.cells import column_index, column_letter, split_cell
from ..template.logic import Group, form_formulas
from ..template.markers import columns_of, markers_from_names

_LABEL = re.compile(r'^="(.+?)（"&SUM\(')


@dataclass
class OwnedCell:
    """One formula cell of the template: what it should hold and what it holds."""

    cell: str
    expected: str
    written: object      # the formula or constant in the file
    cached: object       # the value saved with it (None when never calculated)
    computed: object     # the value the inputs give now (None when not computed: results trusted)
    row: int = 0


def _groups(grid, markers, formulas: dict) -> list[Group]:
    """一级 blocks of the indicator table, from the merged 一级 cells and their labels."""
    if markers.kind == "transfer":
        return []
    ind = markers["PX_IND"]
    col = ind.min_col + columns_of(markers.kind).index("level1")
    spans = {r1: r2 for r1, c1, r2, _ in grid.merged if c1 == col and ind.min_row <= r1 <= ind.max_row}
    groups = []
    r = ind.min_row
    while r <= ind.max_row:
        last = spans.get(r, r)
        text = formulas.get(f"{column_letter(col)}{r}") or grid.raw(r, col)
        if text is not None:
            m = _LABEL.match(str(text))
            name = m.group(1) if m else re.sub(r"[（(].*$", "", str(text)).strip()
            groups.append(Group(name, r, last))
        elif groups:
            groups[-1] = Group(groups[-1].name, groups[-1].first, last)
        r = last + 1
    return groups


def same_formula(formula: str, expected: str) -> bool:
    """Equal but for spaces, $ and letter case (Excel writes formulas back as it likes)."""
    def canon(f: str) -> str:
        return re.sub(r"\s+", "", f).replace("$", "").upper()

    return canon(formula) == canon(expected)


def owned_cells(book, sheet: str) -> list[OwnedCell]:
    """The template-owned cells of a sheet of our own workbook ([] for other sheets); worked out once
    per sheet, for PX401, PX402 and PX403 alike."""
    key = (sheet, book._computed)  # worked out again once another sheet made the book compute
    if key not in book.owned:
        book.owned[key] = _owned_cells(book, sheet)
    return book.owned[key]


def form_cells(book, form) -> list[OwnedCell]:
    """The template-owned cells within a form's rows: a sheet of two forms reports each cell once."""
    first, last = form.rows
    cells = owned_cells(book, form.sheet)
    return cells if not last else [c for c in cells if first <= c.row <= last]


def _owned_cells(book, sheet: str) -> list[OwnedCell]:
    package = book.package()
    if package is None or sheet not in package.names:
        return []
    markers = markers_from_names(package.names[sheet])
    grid = next((g for g in book.grids if g.name == sheet), None)
    if markers is None or "PX_IND" not in markers.boxes or grid is None:
        return []
    formulas = package.formulas.get(sheet)
    text, cached = (formulas.text, formulas.cached) if formulas else ({}, {})
    expected = form_formulas(markers, _groups(grid, markers, text))
    if package.manual_calc or any(not cached.get(c, True) for c in expected if c in text):
        book.compute()  # results missing, or possibly stale: work them out from the inputs
    out = []
    for cell, formula in expected.items():
        letters, row = split_cell(cell)
        value = grid.raw(row, column_index(letters))
        written = text.get(cell, formula) if cell in text else value
        saved = value if cached.get(cell, True) else None
        out.append(OwnedCell(cell, formula, written, saved, book.computed.get((sheet.upper(), cell)), row))
    return out


def is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=")
