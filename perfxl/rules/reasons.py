"""Where a form gives a reason (PX105, PX106), and the template's instructions that are none (PX306)."""

from __future__ import annotations

import re

from ..forms.cells import norm

INSTRUCTION = re.compile(r"[(（]\s*\d+\s*字(?:以内|左右)\s*[)）]")  # 说明…（100字以内）: the template speaking
NOTHING = frozenset({"", "/", "／", "\\", "-", "--", "—", "——", "–", "无", "无。", "无偏差", "N/A", "n/a"})


def grid_of(ctx, form):
    """The grid (sheet) a form was read from, or None (a context without a book)."""
    book = getattr(ctx, "book", None)
    return next((g for g in getattr(book, "grids", ()) if g.name == form.sheet), None)


def zone(form, ctx):
    """(grid, text) of a form: the sheet it was read from and its rows' texts as one string (rows by
    newlines), once per form: PX119 and PX306 search the text before reading cells. (None, None)
    without a book."""
    done = form.__dict__.get("_zone")
    if done is None:
        grid = grid_of(ctx, form)
        if grid is None:
            return None, None
        first, last = form.rows
        done = form.__dict__["_zone"] = (grid, "\n".join(grid.joined_rows()[first - 1:last]))
    return done


def is_reason(value) -> bool:
    """Text a clerk wrote as an explanation: not empty, not a dash or 无, not the template's instruction."""
    if not isinstance(value, str):
        return False
    text = norm(value)
    return text not in NOTHING and not INSTRUCTION.search(text)


def money_reason(form, ctx) -> bool:
    """A reason in the money block: a text cell right of its amount columns, on one of its rows
    (四川's 原因 column, 偏差 notes written beside the amounts)."""
    cells = [v for row in form.fund.values() for v in row.cells.values()]
    grid = grid_of(ctx, form)
    if not cells or grid is None:
        return False
    last = max(v.col for v in cells)
    for r in sorted({v.row for v in cells}):
        for col, _ in grid.row_texts(r):
            if col > last and is_reason(grid.raw(r, col)):
                return True
    return False


def form_has_reason(form, ctx) -> bool:
    """Anywhere the form explains itself: the money block's 原因, the form's one 偏差原因 cell, or a
    偏差原因 on any indicator row."""
    if form.reason is not None and is_reason(form.reason.raw):
        return True
    if any(ind.reason is not None and is_reason(ind.reason.raw) for ind in form.indicators):
        return True
    return money_reason(form, ctx)
