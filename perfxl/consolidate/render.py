"""Rows of the summary's sheets as SpreadsheetML text, rendered beside the linter in the workers.

Rows and cells carry no r= address: they are written in order (the attribute is optional in
OOXML), so a worker can render a form's rows before anyone knows where they will land."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .. import xlsxio


@dataclass(frozen=True)
class Styles:
    """cellXfs indexes of the styles rows use: the order in which workbook.start registers them on a
    fresh workbook (it checks). Known here, the workers render rows before openpyxl is loaded."""

    money: int = 1
    percent: int = 2
    score: int = 3
    link: int = 4
    bold: int = 5
    bold_money: int = 6
    bold_percent: int = 7
    bold_score: int = 8
    wrap: int = 9          # long text (项目名称, 来源文件) wrapped in a column of bounded width
    plain: int = 10        # other text and counts, at the top of a row that wrapped text makes tall


CELL_MAX = 32_767  # characters Excel takes in one cell: a longer text makes it refuse the file


def escape(value: str) -> str:
    """Text as XML element content (xml.sax.saxutils would bring urllib, ssl and email: ~50 ms)."""
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


def text(value: str) -> str:
    """A form's text as a cell holds it: characters a workbook cannot hold dropped, cut to Excel's
    limit, escaped."""
    return escape(xlsxio.clean_text(value)[:CELL_MAX])


def as_is(value: str) -> bool:
    """Text a cell holds as it is (most): no character to escape or drop, no _xHHHH_ look-alike, no
    space at an end (xml:space), within Excel's limit. One call in place of text()'s four."""
    return (value.isprintable() and "_x" not in value and "&" not in value and "<" not in value
            and ">" not in value and value[:1] != " " and value[-1:] != " " and len(value) <= CELL_MAX)


def cell(value, style: int = 0) -> str:
    cls = value.__class__
    if cls is float:
        return _number(value, style)
    s = f' s="{style}"' if style else ""
    if value is None:
        return f"<c{s}/>"
    if cls is str:
        # An inline string is text whatever it starts with: "=…" from a form never becomes a formula.
        if as_is(value):
            return f'<c{s} t="inlineStr"><is><t>{value}</t></is></c>'
        keep = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
        return f'<c{s} t="inlineStr"><is><t{keep}>{text(value)}</t></is></c>'
    if cls is bool:
        return f'<c{s} t="b"><v>{int(value)}</v></c>'
    if cls is int:
        return f"<c{s}><v>{value!r}</v></c>"
    return cell(str(value), style)


_NUMBER_CELLS: dict[tuple[float, int], str] = {}   # (number, style) -> its cell: scores, rates recur


def _number(value: float, style: int) -> str:
    """A number's cell, kept: writing a float's shortest digits is most of a cell's cost."""
    key = (value, style)
    c = _NUMBER_CELLS.get(key)
    if c is None:
        c = _number_cell(value, style)
        if _kept(value):
            if len(_NUMBER_CELLS) > 10_000:  # bounded: a worker sees a whole city
                _NUMBER_CELLS.clear()
            _NUMBER_CELLS[key] = c
    return c


def _kept(value: float) -> bool:
    """Whether a number's cell is kept: not 0.0 (-0.0 equals it, and reads otherwise), nor one
    beyond a double (its cell is empty)."""
    return value != 0 and math.isfinite(value)


def _number_cell(value: float, style: int) -> str:
    """A number's cell: empty where the number is beyond a double (NaN, ±inf)."""
    s = f' s="{style}"' if style else ""
    if not math.isfinite(value):
        return f"<c{s}/>"
    return f"<c{s}><v>{value!r}</v></c>"


def formula(expr: str, style: int = 0, shown: str | float | None = None) -> str:
    """A formula cell (expr without its "="), with the value it shows where known, text or number (a
    viewer that does not recalculate shows that; a spreadsheet computes it anyway)."""
    s = f' s="{style}"' if style else ""
    if shown.__class__ is float:
        if math.isfinite(shown):
            return f"<c{s}><f>{text(expr)}</f><v>{shown!r}</v></c>"
        shown = None  # beyond a double: the spreadsheet works it out
    if shown is None:
        return f"<c{s}><f>{text(expr)}</f></c>"
    return f'<c{s} t="str"><f>{text(expr)}</f><v>{text(str(shown))}</v></c>'


def row(cells: list[str], lines: int = 1) -> str:
    """A row of rendered cells; lines > 1: as tall as that many lines of text (wrapped cells show
    whole: LibreOffice and Excel do not grow a row read from a file to fit its text)."""
    while cells and cells[-1] == "<c/>":
        cells.pop()
    head = "<row>" if lines <= 1 else f'<row ht="{LINE_HEIGHT * lines:g}" customHeight="1">'
    return head + "".join(cells) + "</row>"


LINE_HEIGHT = 14.5  # points a line of 11-point text takes (Excel's default row is 15 for one line)


def lines_needed(values, widths) -> int:
    """Lines the tallest of these texts takes wrapped in columns of these widths (characters)."""
    most = 1
    for value, width in zip(values, widths):
        if width and value:
            lines = -(-text_width(value) // (width - 1 if width > 2 else 1))
            if lines > most:
                most = lines
    return most


# Rendered cells, as UTF-8: text (一级/二级 names, targets, units recur across a city) and None; apart
# from them, numbers (scores and rates recur): True equals 1.0 and 1, and reads otherwise.
_SEEN: dict[str | None, bytes] = {None: b"<c/>"}
_NUMBERS: dict[float, bytes] = {}
_WORDS: dict[tuple[str, str], dict[bool, bytes]] = {}   # (yes, no) -> the cells of True and False


def plain_rows(rows, yes: str = "是", no: str = "否") -> bytes:
    """Rows of plain values (text, numbers, True/False, None), no styles, as UTF-8: the long tables,
    most of the summary's cells; True and False are written as the words yes and no, as a clerk reads them."""
    seen, numbers = _SEEN, _NUMBERS
    if len(seen) > 10_000:  # bounded: a worker sees a whole city
        seen.clear()
        seen[None] = b"<c/>"
    if len(numbers) > 10_000:
        numbers.clear()
    words = _WORDS.get((yes, no))
    if words is None:
        words = _WORDS[yes, no] = {True: cell(yes).encode(), False: cell(no).encode()}
    out = []
    append = out.append
    for values in rows:
        append(b"<row>")
        for v in values:  # by class first: a number or a bool looked up among the texts only misses
            cls = type(v)
            if cls is float:
                append(numbers.get(v) or _number_bytes(v))
            elif cls is bool:
                append(words[v])
            else:
                append(seen.get(v) or _plain(v))
        while out[-1] == b"<c/>":  # trailing empty cells left out, as row() does
            out.pop()
        append(b"</row>")
    return b"".join(out)


def _number_bytes(value: float) -> bytes:
    """A plain number's cell as UTF-8, kept where _number keeps it (finite, not 0.0)."""
    c = _number_cell(value, 0).encode()
    if _kept(value):
        _NUMBERS[value] = c
    return c


def _plain(value) -> bytes:
    """A plain cell not in _SEEN: kept there where it is text."""
    c = cell(value).encode()
    if type(value) is str:
        _SEEN[value] = c
    return c


def hyperlink(file: str, sheet: str, style: int, ref: str = "") -> str:
    """A link to a sheet (showing its name) or to a cell of it (showing the cell) in a source
    workbook, relative to the summary's folder."""
    return formula(xlsxio.hyperlink(sheet, ref or "A1", ref or sheet, file), style, ref or sheet)


def text_width(value) -> int:
    """Width in Latin characters: a CJK character takes two."""
    s = "" if value is None else str(value)
    return (len(s.encode()) + len(s)) // 2  # UTF-8 gives CJK three bytes, Latin one: C speed


def widest(values) -> int:
    """text_width of the widest of the values, in one loop (a column of a sample: no call a value);
    a value that is the very one above it is not measured again (a form's unit, project, file)."""
    most = 0
    last = None
    for value in values:
        if value is not None and value is not last:
            last = value
            s = str(value)
            size = len(s.encode()) + len(s)
            if size > most:
                most = size
    return most // 2
