"""Lay transcribed forms out on openpyxl worksheets and remember where each value landed.

Every writer returns an ``anchors`` dict mapping a logical position (see ``locate``) to an
A1 address, so the answer key (expected_findings.json) is derived from the layout instead of
being typed by hand.

Cell text in the data modules is written as the seed shows it; ``cell_value`` turns what a
clerk would have typed as a number ("176.77", "105.68%", "10.00") into a number with a
matching number format, and keeps everything else ("10分", "≥95%", "186.816 万元") as text.
"""

from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from perfxl.template.layout import runs

_NUM = re.compile(r"^-?\d+(?:\.(\d+))?$")
_PCT = re.compile(r"^(-?\d+(?:\.(\d+))?)%$")
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


class Text(str):
    """A seed string to keep as text even though it looks like a number."""


def cell_value(raw):
    """Seed text -> (cell value, number format or None)."""
    if raw is None or raw == "":
        return None, None
    if isinstance(raw, Text):
        return str(raw), None
    if isinstance(raw, (int, float)):
        return raw, None
    m = _NUM.match(raw)
    if m:
        decimals = m.group(1)
        if decimals is None:
            return int(raw), None
        return float(Decimal(raw)), "0." + "0" * len(decimals)
    m = _PCT.match(raw)
    if m:
        decimals = m.group(2)
        value = float(Decimal(m.group(1)) / 100)
        return value, ("0." + "0" * len(decimals) + "%") if decimals else "0%"
    return raw, None


def display(value, number_format: str | None = "General") -> str:
    """How a cell reads on screen; used in the answer key's notes and by the tests."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    fmt = number_format or "General"
    if fmt.endswith("%"):
        decimals = len(fmt[:-1].split(".")[1]) if "." in fmt else 0
        return f"{value * 100:.{decimals}f}%"
    if fmt.startswith("0."):
        return f"{value:.{len(fmt) - 2}f}"
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def rc(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


def put(ws, ref: str, raw, *, bold: bool = False, center: bool = False) -> str:
    """Write seed text at ``ref`` ("C4" or "C4:E4", merged); returns the top-left address."""
    first = ref.split(":")[0]
    value, fmt = cell_value(raw)
    cell = ws[first]
    cell.value = value
    if fmt:
        cell.number_format = fmt
    cell.alignment = CENTER if center else WRAP
    if bold:
        cell.font = Font(bold=True)
    if ":" in ref:
        ws.merge_cells(ref)
    return first


def span(row: int, col1: int, col2: int, row2: int | None = None) -> str:
    """A1 range text for (row, col1)..(row2 or row, col2); a single cell when it is one."""
    a, b = rc(row, col1), rc(row2 or row, col2)
    return a if a == b else f"{a}:{b}"


def frame(ws, top: int, bottom: int, ncols: int) -> None:
    """Thin borders round every cell of the table rows top..bottom."""
    for row in ws.iter_rows(min_row=top, max_row=bottom, max_col=ncols):
        for cell in row:
            cell.border = BORDER


def widths(ws, values: list[float]) -> None:
    for i, w in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(i)].width = w


def title(ws, row: int, ncols: int, text: str) -> None:
    put(ws, span(row, 1, ncols), text, bold=True, center=True)


def merged_column(ws, first_row: int, col: int, values: list, anchors: dict | None = None,
                  key: str | None = None) -> None:
    """Write a 一级/二级-style column: each run of equal values becomes one merged cell."""
    for a, b in runs(values):
        if values[a] is None:
            continue
        ref = put(ws, span(first_row + a, col, col, first_row + b), values[a], center=True)
        if anchors is not None and key:
            anchors.setdefault((key, values[a]), ref)


def locate(anchors: dict, at: tuple, rows: list | None = None, text_col: int = 2) -> str:
    """Resolve a finding position to an address.

    ``("ind", key, column)``: key is a substring of the 三级 text (``rows[i][text_col]``),
    or ``(substring, n)`` for its n-th occurrence; any other tuple is looked up as is.
    """
    if at[0] == "ind" and not isinstance(at[1], int):
        key, nth = (at[1], 1) if isinstance(at[1], str) else at[1]
        hits = [i for i, r in enumerate(rows) if r[text_col] and key in r[text_col]]
        if len(hits) < nth or (nth == 1 and isinstance(at[1], str) and len(hits) != 1):
            raise KeyError(f"{key!r}: {len(hits)} matching rows")
        at = ("ind", hits[nth - 1], at[2])
    return anchors[at]
