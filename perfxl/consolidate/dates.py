"""The date a form says it was filled in (填报日期, 填表日期): which copy of a re-sent form counts (PX501).

Read from the grids the linter already loaded (nothing is read twice), so the reader is unchanged."""

from __future__ import annotations

import re
from datetime import date, datetime

LABELS = ("填报日期", "填表日期", "报送日期", "自评日期")
# 2023年3月15日, 2024.5.17, 2023-03-20, 2023/3/20, 2021年4月 (a month: its first day)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年./\-]\s*(\d{1,2})(?:\s*[月./\-]\s*(\d{1,2}))?")


def parse(value) -> date | None:
    """A date from a cell: a date cell, or text such as 2023年3月15日 / 2024.5.17; None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DATE.search(value) if isinstance(value, str) else None
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def _in_row(grid, row: int) -> date | None:
    """The date after a 填报日期 label in this row: in the label's own cell, or in a cell right of it."""
    cells = grid.row_texts(row)
    for i, (col, text) in enumerate(cells):
        if not text.startswith(LABELS):
            continue
        found = parse(grid.raw(row, col))
        for later, _ in cells[i + 1:i + 3]:   # 填报日期 | 2023年3月15日, or | 2023-03-15 as a date cell
            found = found or parse(grid.raw(row, later))
        if found:
            return found
    return None


def filed_dates(forms, book) -> list[date | None]:
    """Each form's 填报日期 (by its index), where it states one. A date below one form's table and
    above the next form's fields on the same sheet is the first one's (a footer, not a header)."""
    out: list[date | None] = [None] * len(forms)
    grids = {g.name: g for g in getattr(book, "grids", ())}
    for k, form in enumerate(forms):
        grid = grids.get(form.sheet)
        if grid is None or not form.rows[1]:
            continue
        first, last = form.rows
        starts = min((v.row for v in form.fields.values() if v is not None), default=first)
        top = max(first, 1)
        for row, line in enumerate(grid.joined_rows()[top - 1:last], start=top):
            if "日期" not in line:  # one C substring test a row: most rows hold no date
                continue
            found = _in_row(grid, row)
            if found is None:
                continue
            footer = row < starts and k and forms[k - 1].sheet == form.sheet and out[k - 1] is None
            owner = k - 1 if footer else k
            if out[owner] is None:
                out[owner] = found
    return out
