"""Money blocks not laid out as a header over rows: label-and-amount pairs along a row (湖南's older
自评报告), and sources as columns over one row of amounts (湖北 county forms)."""

from __future__ import annotations

from .. import vocabulary as V
from ..forms.model import FundRow, Val
from .grid import Grid, any_of


def find_other_money(grid: Grid, first: int, last: int) -> tuple[int, dict[str, FundRow]] | None:
    """(row, money rows) of a money block in either layout between first and last, else None."""
    for r in range(max(first, 1), min(last, grid.n_rows) + 1):
        found = _pairs(grid, r, last) or _sources_across(grid, r)
        if found:
            return r, found
    return None


def _column_role(text: str) -> str | None:
    return next((role for key, role in V.FUND_COLUMNS if key in text), None)


def _amount(grid: Grid, row: int, col: int) -> Val | None:
    """The amount right of a label (past the label's merge, and past empty cells up to the next text:
    a form converted from a PDF has an empty column between every two), if it holds a number or
    nothing."""
    c = _amount_col(grid, row, col)
    if c > grid.n_cols:
        return None
    v = grid.val(row, c)
    return v if v.raw is None or v.number is not None else None


def _amount_col(grid: Grid, row: int, col: int) -> int:
    """The column of a label's amount: the first cell after it that is not empty, unless a text comes
    first (the next label: this one's amount is left blank), else the cell just after it."""
    after = grid.span(row, col)[3] + 1
    for c in range(after, grid.n_cols + 1):
        if grid.is_merged_member(row, c):
            continue
        v = grid.raw(row, c)
        if v is None:
            continue
        return c if not isinstance(v, str) or grid.val(row, c).number is not None else after
    return after


def _pairs(grid: Grid, row: int, last: int) -> dict[str, FundRow] | None:
    """计划安排资金(万元) | 170 | 实际到位资金(万元) | 170 | 实际支出(万元) | 179.6 …, then 其中:中央财政 |
    … | 省财政 | 170 … rows under it: each label's amount is its column, each row below a source."""
    found: dict[str, tuple[int, Val]] = {}   # role -> (its label's column, its amount)
    for c, t in grid.row_texts(row):
        role = _column_role(t) if len(t) <= 20 else None
        if role in ("budget", "received", "spent") and (v := _amount(grid, row, c)) is not None and v.raw is not None:
            found[role] = c, v
    if not {"budget", "spent"} <= found.keys():
        return None
    columns = {role: c for role, (c, _) in found.items()}
    label_col = min(columns.values())
    money = {"total": FundRow("total", grid.val(row, label_col), {role: v for role, (_, v) in found.items()})}
    r = row
    for _ in range(8):
        r = grid.beside(r, 1)   # past an empty row between two lines (a form converted from a PDF)
        if r > min(last, grid.n_rows):
            break
        role = _source_role(grid.text(r, label_col))
        if role is None:
            break
        cells = {k: _amount(grid, r, c) for k, c in columns.items()}
        _add(money, role, FundRow(role, grid.val(r, label_col), {k: v for k, v in cells.items() if v is not None}))
    return money


def _sources_across(grid: Grid, row: int) -> dict[str, FundRow] | None:
    """项目资金来源 | 中央(万元) | 省、地(万元) | 本级(万元) | 其他(万元) | 合计(万元) | 执行数 | 执行率 over
    one row of amounts: 合计 is the budget, each source column a source row of its own."""
    texts = grid.row_texts(row)
    if not texts or "资金来源" not in texts[0][1] or row >= grid.n_rows:
        return None
    total = spent = rate = None
    sources = []
    for c, t in texts[1:]:
        if any_of(V.TOTAL_WORDS).match(t):
            total = c
        elif any_of(V.SPENT_WORDS).search(t):
            spent = c
        elif "执行率" in t:
            rate = c
        elif _source_role(t):
            sources.append((c, _source_role(t)))
    if total is None or spent is None:
        return None
    below = grid.beside(row, 1)
    cells = {"budget": grid.val(below, total), "spent": grid.val(below, spent)}
    if rate is not None:
        cells["rate"] = grid.val(below, rate)
    money = {"total": FundRow("total", grid.val(row, total), cells)}
    for c, role in sources:
        _add(money, role, FundRow(role, grid.val(row, c), {"budget": grid.val(below, c)}))
    return money


def _source_role(text: str) -> str | None:
    """The source a label names (其中:中央财政 → central, 省、地(万元) → province), else None."""
    text = text.removeprefix("其中")
    return next((role for key, role in V.FUND_ROWS + V.FUND_SOURCE_HEADS if text.startswith(key) or key in text
                 and len(key) > 2), None)


def _add(money: dict[str, FundRow], role: str, row: FundRow) -> None:
    key = role if role not in money else f"{role}#{sum(k.split('#')[0] == role for k in money) + 1}"
    money[key] = row
