"""Helpers the rules share: numbers of cells, tolerances, and parsed targets of indicator rows."""

from __future__ import annotations

from functools import lru_cache

from ..lint.model import Form, Indicator, Val
from ..scoring import execution_rate, is_met
from ..targets import Expression, is_percent_format, parse_actual, parse_target

TOL = 0.005  # amounts and scores are written to two decimals


def num(v: Val | None) -> float | None:
    return None if v is None else v.number


def differs(a: float, b: float, tol: float = TOL) -> bool:
    return abs(a - b) > tol + 1e-9


def fund_total(form: Form):
    return form.fund.get("total")


def fund_rate(row) -> float | None:
    """The 执行率 of a funding row recomputed from its amounts; None when it cannot be (an amount
    missing, or a budget of 0): PX102 then cannot check the score, and PX111 does."""
    return None if row is None else execution_rate(num(row.cells.get("budget")), num(row.cells.get("spent")))


def column_sum(rows, key: str) -> float | None:
    """Sum of a column (weight, score) over rows; None when none of them holds a number."""
    values = [num(getattr(r, key)) for r in rows]
    present = [v for v in values if v is not None]
    return round(sum(present), 6) if present else None


def form_sum(form: Form, key: str) -> float | None:
    """The funding line's plus every indicator's 分值 (key "weight") or 得分 (key "score")."""
    row = fund_total(form)
    values = [column_sum(scored_rows(form), key), num(row.cells.get(key)) if row is not None else None]
    present = [v for v in values if v is not None]
    return round(sum(present), 6) if present else None


def is_cost(ind: Indicator) -> bool:
    return "成本" in ind.level1_name or "成本" in ind.level2_name


def scored_rows(form: Form) -> list[Indicator]:
    """Indicator rows that carry points: not 本指标不适用, not an empty placeholder."""
    rows = form.__dict__.get("_scored")  # asked by most rules: computed once per form
    if rows is None:
        rows = form.__dict__["_scored"] = [i for i in form.indicators
                                           if not i.not_applicable and not is_placeholder(i)]
    return rows


def is_placeholder(ind: Indicator) -> bool:
    """A 二级 row with no 三级 and nothing else (seed 003 lists unused 二级 that way)."""
    cells = (ind.level3, ind.target, ind.actual, ind.weight, ind.score)
    return all(v is None or v.empty for v in cells)


@lru_cache(maxsize=4096)
def _target(raw, reverse: bool, fmt: str | None) -> Expression:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # A typed number: shown as a percentage when its cell is %-formatted (1 → "100%").
        raw = f"{raw * 100:.10g}%" if fmt and is_percent_format(fmt) else f"{raw:.10g}"
    return parse_target(raw, reverse_hint=reverse)


def target_of(ind: Indicator) -> Expression | None:
    cache = ind.__dict__
    if "_target" not in cache:  # asked by several rules per row: parsed once
        t = ind.target
        fmt = t.fmt if t is not None else None
        if t is not None and fmt is None and _fraction(t.raw) and (_percent_actual(ind) or _both_shares(ind)):
            fmt = "0.00%"  # formats unknown (.xls, Excel add-in): a fraction beside a % actual is a %
        cache["_target"] = None if t is None or t.empty else _target(t.raw, is_cost(ind), fmt)
    return cache["_target"]


def actual_of(ind: Indicator) -> Expression | None:
    """The actual, reading a bare fraction beside a % target as a %-formatted cell's value."""
    cache = ind.__dict__
    if "_actual" not in cache:
        cache["_actual"] = _actual_of(ind)
    return cache["_actual"]


def _actual_of(ind: Indicator) -> Expression | None:
    if ind.actual is None or ind.actual.empty:
        return None
    raw = ind.actual.raw
    fmt = ind.actual.fmt
    target = target_of(ind)
    if fmt is None and _fraction(raw) and target is not None \
            and (_percent_target(target) or _both_shares(ind)):
        fmt = "0.00%"  # a bare fraction under a % target is a %-formatted cell read without format
    return _actual(raw, fmt)


@lru_cache(maxsize=8192)
def _actual(raw, fmt: str | None) -> Expression:
    return parse_actual(raw, fmt)


def _fraction(raw) -> bool:
    """A number that reads as a share of 1 (a %-formatted cell read without its format)."""
    return isinstance(raw, (int, float)) and not isinstance(raw, bool) and 0 < raw <= 1.5


def _both_shares(ind: Indicator) -> bool:
    """A rate indicator (…率) whose target and actual are both bare fractions: two % cells."""
    name = ind.level3.text if ind.level3 is not None else ""
    return ("率" in name or "满意度" in name or "占比" in name) and _fraction(ind.target.raw) \
        and ind.actual is not None and _fraction(ind.actual.raw)


def _percent_actual(ind: Indicator) -> bool:
    a = ind.actual
    return a is not None and ((isinstance(a.raw, str) and "%" in a.raw) or is_percent_format(a.fmt))


def _percent_target(target: Expression) -> bool:
    return any(c.unit == "%" for c in target.conditions)


def met(ind: Indicator) -> bool | None:
    if "_met" not in ind.__dict__:
        target, actual = target_of(ind), actual_of(ind)
        ind.__dict__["_met"] = None if target is None or actual is None else is_met(target, actual)
    return ind.__dict__["_met"]


def single_quantitative(expr: Expression | None):
    if expr is None or expr.kind != "quantitative" or len(expr.conditions) != 1:
        return None
    return expr.conditions[0]


__all__ = ["TOL", "num", "differs", "fund_total", "fund_rate", "is_cost", "scored_rows", "target_of",
           "actual_of", "met", "single_quantitative", "is_percent_format"]
