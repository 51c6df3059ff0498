"""Read an open workbook (a classic xlwings or an xlwings Lite Book) into the grids the linter reads."""

from __future__ import annotations

import asyncio

from ..lint.results import RESULTS_SHEET
from ..reader.grid import Grid
from ..targets import is_percent_format

MARKS_SHEET = "_perfxl_marks"
OWN_SHEETS = (RESULTS_SHEET, MARKS_SHEET)
FORMAT_PROBE = 10.0     # a number shown as a percent is stored as a fraction: only these need a format
BATCH = 50              # xlwings Lite reads sent to Excel at once
UNKNOWN = object()      # a property this engine could not read

# A reading plan is a generator that yields lists of requests (property, range) and receives their
# answers in order; it returns its result. One plan serves both engines: classic xlwings answers
# synchronously (COM), xlwings Lite answers merge areas, formats, formulas and colours only through
# `await range.get_...()` (Office.js round trips), so it is driven by run_async.
_ASYNC = {"formula": "get_formula", "merge_area": "get_merge_area",
          "number_format": "get_number_format", "color": "get_color"}


def _read(rng, prop):
    try:
        return getattr(rng, prop)
    except Exception:
        return UNKNOWN


async def _read_async(rng, prop):
    method = getattr(rng, _ASYNC[prop], None)
    if method is None:
        return _read(rng, prop)
    try:
        return await method()
    except Exception:
        return UNKNOWN


def run(plan):
    """Drive a reading plan with synchronous reads (classic xlwings, test doubles)."""
    try:
        requests = next(plan)
        while True:
            requests = plan.send([_read(rng, prop) for prop, rng in requests])
    except StopIteration as done:
        return done.value


async def run_async(plan):
    """Drive a reading plan with xlwings Lite's async reads, a batch at a time."""
    try:
        requests = next(plan)
        while True:
            answers = []
            for i in range(0, len(requests), BATCH):
                chunk = requests[i:i + BATCH]
                answers += await asyncio.gather(*(_read_async(rng, prop) for prop, rng in chunk))
            requests = plan.send(answers)
    except StopIteration as done:
        return done.value


def _cell(value):
    # COM hands every number over as float (python-calamine too); Pyodide turns integral ones into
    # int. The reader compares as the file path does, so ints become floats.
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _matrix(value) -> list[list]:
    """A range's value or formula as rows of cells, whatever shape the engine returned."""
    if not isinstance(value, (list, tuple)):
        return [[value]]
    if value and not isinstance(value[0], (list, tuple)):
        return [list(value)]
    return [list(row) for row in value]


def _filled(value) -> bool:
    return value is not None and value != ""


def sheet_plan(sheet):
    """Plan reading one sheet: its used range's values, formulas, merged areas and percent formats."""
    rng = sheet.used_range
    r0, c0 = rng.row, rng.column
    values = _matrix(rng.options(ndim=2).value)
    rows = [[] for _ in range(r0 - 1)] + [[None] * (c0 - 1) + [_cell(v) for v in row] for row in values]
    r_last, c_last = len(rows), c0 + max((len(v) for v in values), default=1) - 1

    (formula,) = yield [("formula", rng)]
    formulas = {}
    if formula is not UNKNOWN:
        for i, line in enumerate(_matrix(formula)):
            for j, f in enumerate(line):
                if isinstance(f, str) and f.startswith("="):
                    formulas[(r0 + i, c0 + j)] = f

    # Merged areas: Excel lists no areas in one call (COM) or lists them in one address string that
    # xlwings cannot take apart (Office.js), so each candidate cell is asked for its area. A member of
    # an area reads empty, so a top-left cell has an empty cell to its right or below; empty areas
    # show nothing and are not asked for.
    row_nos = list(range(r0, r_last + 1))

    def at(r, c):
        return rows[r - 1][c - 1] if r <= r_last and c <= len(rows[r - 1]) else None

    cells = [(r, c) for r in row_nos for c in range(c0, c_last + 1)
             if _filled(at(r, c)) and ((c < c_last and not _filled(at(r, c + 1)))
                                       or (r < r_last and not _filled(at(r + 1, c))))]
    areas = yield [("merge_area", sheet.range(rc)) for rc in cells]
    merged = []
    for (r, c), area in zip(cells, areas):
        if area is UNKNOWN:
            continue
        n_rows, n_cols = area.shape
        if (n_rows, n_cols) != (1, 1) and (area.row, area.column) == (r, c):
            merged.append((r, c, r + n_rows - 1, c + n_cols - 1))

    # A percent cell stores a fraction: 1.0568 shows 105.68%, 1 shows 100%. Whole numbers other than
    # 0 and 1 (分值 10, 得分 8) would show 200%, 800%: no form writes those, so they are not asked.
    probes = [(r, c) for r in row_nos for c, v in enumerate(rows[r - 1], 1)
              if isinstance(v, float) and abs(v) <= FORMAT_PROBE and (not v.is_integer() or v in (0.0, 1.0))]
    fmts = yield [("number_format", sheet.range(rc)) for rc in probes]
    formats = {rc: f for rc, f in zip(probes, fmts) if isinstance(f, str) and is_percent_format(f)}
    try:
        hidden = not sheet.visible
    except Exception:
        hidden = False
    return Grid(sheet.name, rows, merged, formulas, formats, hidden=hidden)


def grids_plan(book):
    """Plan reading every sheet of a book but perfxl's own result and marks sheets."""
    grids = []
    for sheet in list(book.sheets):
        if sheet.name not in OWN_SHEETS:
            grids.append((yield from sheet_plan(sheet)))
    return grids


def grids_from_book(book) -> list[Grid]:
    """The grids of an open xlwings Book, read synchronously (classic xlwings).

    On an xlwings Lite Book this still reads every value; merged areas, formulas and number formats,
    which Lite only answers asynchronously, are left out (use grids_from_book_async there)."""
    return run(grids_plan(book))


async def grids_from_book_async(book) -> list[Grid]:
    """The grids of an xlwings Lite Book, with merged areas, formulas and percent formats."""
    return await run_async(grids_plan(book))

