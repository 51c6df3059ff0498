"""Copy a master's form sheet into a new sheet with as many indicator rows as a form needs."""

from __future__ import annotations

from copy import copy

from openpyxl.cell.cell import MergedCell
from openpyxl.formula.translate import Translator, TranslatorError
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange

from .markers import Box, Markers, col  # noqa: F401 - col is part of the layout helpers


class StyleCopier:
    """Copies cell styles between workbooks, caching by source style so each is built once."""

    def __init__(self, src_wb, dst_wb):
        self.same = src_wb is dst_wb
        self._cache: dict[tuple, object] = {}

    def __call__(self, src, dst) -> None:
        if not src.has_style:
            return
        if self.same:
            dst._style = copy(src._style)
            return
        key = tuple(src._style)
        cached = self._cache.get(key)
        if cached is None:
            dst.font = copy(src.font)
            dst.border = copy(src.border)
            dst.fill = copy(src.fill)
            dst.number_format = src.number_format
            dst.protection = copy(src.protection)
            dst.alignment = copy(src.alignment)
            self._cache[key] = copy(dst._style)
        else:
            dst._style = copy(cached)


def merge(ws, coord: str) -> None:
    """Merge a range, keeping each member cell's own style.

    openpyxl's merge_cells re-derives borders for every member (most of generation's time);
    perfxl's cells already carry their borders, copied from the master.
    """
    mcr = MergedCellRange(ws, coord)
    ws.merged_cells.add(mcr)
    members = mcr.cells
    next(members)  # the top-left cell stays a real cell holding the value
    for row, column in members:
        old = ws._cells.get((row, column))
        cell = MergedCell(ws, row, column)
        if old is not None and old.has_style:
            cell._style = copy(old._style)
        ws._cells[(row, column)] = cell


def _copy_cell(src, dst, styles: StyleCopier, row_delta: int) -> None:
    value = src.value
    if isinstance(value, str) and value.startswith("=") and row_delta:
        try:
            value = Translator(value, origin=src.coordinate).translate_formula(dst.coordinate)
        except TranslatorError:
            pass  # perfxl rewrites its own formulas afterwards; a user's odd one is kept as written
    dst.value = value
    styles(src, dst)


def render_rows(src_ws, markers: Markers, dst_ws, n_rows: int, styles: StyleCopier) -> Markers:
    """Lay out src_ws into dst_ws with n_rows indicator rows; return dst's markers.

    Rows above PX_IND are copied as they are, rows below it move by the difference, and the
    indicator rows take the styles of PX_IND's first row. Merged ranges inside PX_IND are dropped
    (the caller merges 一级/二级 anew); ranges reaching into it stretch as Excel would stretch them.
    """
    if n_rows < 1:
        raise ValueError("a form needs at least one indicator row")
    ind = markers["PX_IND"]
    first, last = ind.min_row, ind.max_row
    delta = n_rows - (last - first + 1)

    def dst_row(r: int) -> int:
        return r + delta if r > last else r

    max_row, max_col = src_ws.max_row, src_ws.max_column
    for r in range(1, max_row + 1):
        if first <= r <= last:
            continue
        for c in range(1, max_col + 1):
            src = src_ws.cell(r, c)
            if src.value is None and not src.has_style:
                continue
            _copy_cell(src, dst_ws.cell(dst_row(r), c), styles, dst_row(r) - r)
        dim = src_ws.row_dimensions.get(r)
        if dim is not None and dim.height is not None:
            dst_ws.row_dimensions[dst_row(r)].height = dim.height
    proto_height = src_ws.row_dimensions[first].height
    for i in range(n_rows):
        r = first + i
        for c in range(1, max_col + 1):
            styles(src_ws.cell(first, c), dst_ws.cell(r, c))
        if proto_height is not None:
            dst_ws.row_dimensions[r].height = proto_height

    for rng in src_ws.merged_cells.ranges:
        if first <= rng.min_row <= last:
            continue
        b = Box(rng.min_col, rng.min_row, rng.max_col, rng.max_row).stretched(first, last, delta)
        merge(dst_ws, b.coord)

    for key, dim in src_ws.column_dimensions.items():
        dd = dst_ws.column_dimensions[key]
        dd.width, dd.hidden = dim.width, dim.hidden
    dst_ws.sheet_format = copy(src_ws.sheet_format)
    dst_ws.page_margins = copy(src_ws.page_margins)
    dst_ws.page_setup = copy(src_ws.page_setup)
    dst_ws.print_options = copy(src_ws.print_options)
    dst_ws.sheet_properties.pageSetUpPr = copy(src_ws.sheet_properties.pageSetUpPr)
    dst_ws.sheet_view.showGridLines = src_ws.sheet_view.showGridLines
    dst_ws.sheet_view.zoomScale = src_ws.sheet_view.zoomScale
    if src_ws.print_title_rows:
        a, b = (int(x.replace("$", "")) for x in src_ws.print_title_rows.split(":"))
        dst_ws.print_title_rows = f"{dst_row(a)}:{dst_row(b)}"
    return markers.stretched(first, last, delta)


def runs(values: list) -> list[tuple[int, int]]:
    """(first, last) index pairs of consecutive equal values: the cells a 一级/二级 column merges."""
    out, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            out.append((start, i - 1))
            start = i
    return out


def _text_units(text: str) -> float:
    # A CJK glyph is about twice as wide as the digit "0" that column widths are measured in.
    return sum(1.9 if ord(ch) > 0x2E7F else 1.0 for ch in text)


def fit_heights(ws, line_height: float = 13.5) -> None:
    """Grow row heights so wrapped text shows whole (openpyxl cannot autofit; Excel won't on open)."""
    widths = {}
    for i in range(1, ws.max_column + 1):
        dim = ws.column_dimensions.get(get_column_letter(i))
        widths[i] = dim.width if dim is not None and dim.width else 8.43
    spans = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_row == rng.max_row:
            spans[(rng.min_row, rng.min_col)] = rng.max_col
        else:
            spans[(rng.min_row, rng.min_col)] = None  # tall merges share height; leave them be
    need: dict[int, float] = {}
    for row in ws.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str) or cell.value.startswith("="):
                continue
            last = spans.get((cell.row, cell.column), cell.column)
            if last is None:
                continue
            width = sum(widths[c] for c in range(cell.column, last + 1)) - 1.5
            lines = sum(max(1, -(-_text_units(part) // max(width, 1))) for part in cell.value.split("\n"))
            need[cell.row] = max(need.get(cell.row, 0), lines * line_height + 3)
    for r, h in need.items():
        dim = ws.row_dimensions[r]
        if h > (dim.height or 15):
            dim.height = h
