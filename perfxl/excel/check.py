"""检查本工作簿 / 清除标记: lint an open workbook, list findings on a 检查结果 sheet, colour the cells."""

from __future__ import annotations

from ..lint.report import FileResult
from ..lint.results import CLEAN, HEADER, SEVERITY, WIDTHS, link, result_rows, summary_line  # noqa: F401
from ..lint.run import lint_grids
from .adapter import MARKS_SHEET, RESULTS_SHEET, grids_plan, run, run_async

MARKS_HEADER = ["工作表", "单元格", "原底色"]
FILL = {"error": (255, 199, 206), "warning": (255, 235, 156)}   # Excel's light red and light yellow
HEADER_FILL = (221, 235, 247)
# The name the linter gets for an open workbook: its file name for PX304, under a folder that cannot
# exist, so the engine never reads a same-named saved copy from the working folder in its place.
OPEN = "<open workbook>/"


def marked_cells(result: FileResult) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> severity to colour; an error outranks a warning on the same cell."""
    out: dict[tuple[str, str], str] = {}
    for f in result.findings:
        if f.sheet and f.cell and out.get((f.sheet, f.cell)) != "error":
            out[(f.sheet, f.cell)] = f.severity
    return out


def _sheet(book, name):
    return next((s for s in book.sheets if s.name == name), None)


def _hex(color) -> str:
    if isinstance(color, (tuple, list)) and len(color) == 3:
        return "#{:02X}{:02X}{:02X}".format(*(int(x) for x in color))
    return color if isinstance(color, str) and color.startswith("#") else ""


def _rgb(text):
    text = str(text or "")
    return tuple(int(text[i:i + 2], 16) for i in (1, 3, 5)) if len(text) == 7 and text[0] == "#" else None


def _restore(book) -> tuple[object, int]:
    """Put back the fills remembered on the marks sheet; the sheet (or None) and cells restored."""
    marks = _sheet(book, MARKS_SHEET)
    if marks is None:
        return None, 0
    restored = 0
    for row in marks.used_range.options(ndim=2).value[1:]:
        sheet = _sheet(book, row[0]) if row and row[0] else None
        if sheet is not None and len(row) > 1 and row[1]:
            sheet.range(str(row[1])).color = _rgb(row[2] if len(row) > 2 else None)
            restored += 1
    return marks, restored


def _styled(fn) -> None:
    try:
        fn()
    except Exception:
        pass


def _write_results(book, rows: list[list]) -> object:
    sheet = _sheet(book, RESULTS_SHEET)
    if sheet is None:
        sheet = book.sheets.add(name=RESULTS_SHEET, before=list(book.sheets)[0])
    else:
        sheet.clear()
    sheet.range((1, 1)).value = rows
    header = sheet.range((2, 1), (2, len(WIDTHS)))
    _styled(lambda: setattr(header.font, "bold", True))
    _styled(lambda: setattr(header, "color", HEADER_FILL))
    _styled(lambda: setattr(sheet.range((1, 1)).font, "bold", True))
    for col, width in enumerate(WIDTHS, 1):
        _styled(lambda c=col, w=width: setattr(sheet.range((2, c)), "column_width", w))
    _styled(sheet.activate)
    return sheet


def _write_marks(book, marks, cells: list[tuple[str, str]], colors: list) -> None:
    if marks is None:
        marks = book.sheets.add(name=MARKS_SHEET, after=list(book.sheets)[-1])
    else:
        marks.clear()
    marks.range((1, 1)).value = [MARKS_HEADER] + [[s, c, _hex(color)] for (s, c), color in zip(cells, colors)]
    marks.visible = False


def check_plan(book, lang: str = "zh", select=None, ignore=None, method: str = "national"):
    """The whole 检查本工作簿 as a reading plan (see adapter): returns the lint result."""
    marks, _ = _restore(book)
    grids = yield from grids_plan(book)
    result = lint_grids(grids, OPEN + book.name, select=select, ignore=ignore, method=method)
    severities = marked_cells(result)
    cells = [key for key in severities if _sheet(book, key[0]) is not None]
    ranges = [_sheet(book, s).range(c) for s, c in cells]
    colors = yield [("color", rng) for rng in ranges]
    _write_marks(book, marks, cells, colors)
    for key, rng in zip(cells, ranges):
        rng.color = FILL[severities[key]]
    _write_results(book, result_rows(result, book.name, lang))
    return result


def check_workbook(book, lang: str = "zh", select=None, ignore=None, method: str = "national") -> FileResult:
    """检查本工作簿 on a classic xlwings Book (or anything with its surface)."""
    return run(check_plan(book, lang, select, ignore, method))


async def check_workbook_async(book, lang: str = "zh", select=None, ignore=None,
                               method: str = "national") -> FileResult:
    """检查本工作簿 on an xlwings Lite Book."""
    return await run_async(check_plan(book, lang, select, ignore, method))


def clear_marks(book) -> int:
    """清除标记: restore the cells' own fills and remove the 检查结果 and marks sheets.

    Returns the number of cells restored. Needs no reads from Excel, so it serves Lite as well."""
    marks, restored = _restore(book)
    for sheet in (marks, _sheet(book, RESULTS_SHEET)):
        if sheet is not None:
            sheet.delete()
    return restored
