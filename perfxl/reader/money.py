"""The money block (项目资金): its header, columns, rows and unit, found by the vocabulary's words."""

from __future__ import annotations

import re
from functools import lru_cache

from .. import vocabulary as V
from ..forms.model import FundRow, Val
from .fields import cells_in, span_cols, value_right_of
from .grid import Grid, any_of, canon


def find_fund_header(grid: Grid, first: int, last: int) -> int | None:
    """The money block's header row: a budget column and a spent column side by side."""
    budget_words, spent_words = any_of(V.BUDGET_WORDS).search, any_of(V.SPENT_WORDS).search
    joined = grid.joined_rows()
    for r in range(first, min(last, grid.n_rows) + 1):
        if not (budget_words(joined[r - 1]) and spent_words(joined[r - 1])):
            continue
        # column heads, each in a short cell of its own: not a sentence that mentions both
        heads = [(c, t) for c, t in grid.row_texts(r) if len(t) <= 20]
        budget = {c for c, t in heads if budget_words(t)}
        spent = {c for c, t in heads if spent_words(t)}
        if budget and spent and budget | spent != budget & spent:
            return r
    return None


def _fund_role(text: str) -> str | None:
    """The funding row a label names (资金总额 → total), by the first key it contains."""
    return _fund_role_in(text, V.VERSION[0])


@lru_cache(maxsize=4096)
def _fund_role_in(text: str, version: int) -> str | None:
    return next((role for key, role in V.FUND_ROWS if key in text), None)


@lru_cache(maxsize=1024)
def _column_roles(text: str, version: int) -> tuple[str, ...]:
    """The money columns a header label may name, in the vocabulary's order (the first one not yet
    taken is the label's): a template's header labels recur in every form."""
    return tuple(role for key, role in V.FUND_COLUMNS if key in text)


def money_scale(grid: Grid, first: int, header: int) -> float:
    """1 for amounts in 万元 (the norm); 0.0001 where the form says its amounts are in 元."""
    joined = grid.joined_rows()
    for r in range(max(first, 1), min(header, grid.n_rows) + 1):
        if "元" not in joined[r - 1]:
            continue  # one substring test spares most rows the per-cell ones
        for _, t in grid.row_texts(r):
            if "元" in t and not any(w in t for w in ("万元", "亿元")) and any(h in t for h in V.YUAN_HEADS):
                return 0.0001
    return 1.0


def checklist_money(grid: Grid, first: int, last: int) -> dict[str, FundRow]:
    """The national checklist keeps its money inside the table (预算资金安排: 年度预算资金总额, 其中
    中央补助, 市级资金 … for the whole and again for each part): the first 年度预算资金总额 is the
    form's budget; every block is kept, its total keyed total, total#2 …, each followed by its sources."""
    money: dict[str, FundRow] = {}
    block = False
    for r in range(first, last + 1):
        for c, t in grid.row_texts(r):
            role = "total" if "预算资金总额" in t else _fund_role(t.removeprefix("其中")) if block else None
            if role is None:
                continue
            value = value_right_of(grid, r, c)
            if role == "total":
                block = True
            elif value.raw is None and t == "其中":
                continue
            n = sum(k.split("#")[0] == role for k in money)
            money[role if not n else f"{role}#{n + 1}"] = FundRow(role, Val(r, c, grid.raw(r, c)), {"budget": value})
            break
    return money


def _fund_label_col(grid: Grid, header: int, last: int) -> int:
    """The column of the money block's row labels (年度资金总额 …): a header over it is no amount."""
    for r in range(header + 1, min(last, header + 10) + 1):
        for c, t in grid.row_texts(r):
            if _fund_role(t):
                return grid.span(r, c)[3]
    return 1


def read_fund(grid: Grid, header: int, last: int) -> tuple[dict[str, range], dict[str, FundRow]]:
    columns: dict[str, range] = {}
    labels_end = _fund_label_col(grid, header, last)
    for c, text in grid.row_texts(header):
        if c <= labels_end:
            continue  # "项目资金（万元）" or "年度预算数（万元）" heads the labels, not an amount
        for role in _column_roles(text, V.VERSION[0]):
            if role not in columns:
                columns[role] = span_cols(grid, header, c)
                break
    if "budget" not in columns and "initial" in columns and "spent" in columns and (
            "rate" in columns or "(A)" in canon(grid.text(header, columns["initial"][0]))):
        columns["budget"] = columns.pop("initial")  # the only budget, the base of 执行率 (B/A)
    first_amount = min((cols[0] for cols in columns.values()), default=grid.n_cols + 1)
    rows: dict[str, FundRow] = {}
    specs = [(cols, False) for cols in columns.values()]
    seen = 0   # rows that hold anything: an empty row between two (from a PDF) is not one of the ten
    for r in range(header + 1, min(last, grid.n_rows) + 1):
        texts = grid.row_texts(r)
        if not texts:
            continue
        seen += 1
        if seen > 10:
            break
        labels = [(c, t) for c, t in texts if c < first_amount]
        label_col = role = None
        for c, t in labels:
            role = _fund_role(t)
            if role:
                label_col = c
                break
        if role is None:
            if any(t.startswith(("年度总体目标", "总体目标", "资金管理", "绩效指标", "按收入", "按支出"))
                   for _, t in labels):
                break
            continue
        if role == "total" and "total" in rows:
            continue
        # a second row of a role (自治区/盟市/旗县财政资金 all read as 财政资金) is kept under its own key
        key = role if role not in rows else f"{role}#{sum(k.split('#')[0] == role for k in rows) + 1}"
        rows[key] = FundRow(role, Val(r, label_col, grid.raw(r, label_col)),
                            dict(zip(columns, cells_in(grid, r, specs))))
    total = rows.get("total")
    if total is not None and "score" in columns and "weight" not in columns:
        stated = _points_in_header(grid, header)  # "得分（20分*执行率）", "预算执行情况（10分）"
        if stated is not None:
            total.cells["weight"] = stated
    return columns, rows


_HEADER_POINTS = re.compile(r"\((\d+(?:\.\d+)?)分")


def _points_in_header(grid: Grid, header: int) -> Val | None:
    """The funding line's points written in the money block's header, where it has no 分值 column."""
    for c, t in grid.row_texts(header):
        m = _HEADER_POINTS.search(t)
        if m:
            return Val(header, c, float(m.group(1)))
    return None
