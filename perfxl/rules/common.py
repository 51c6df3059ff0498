"""Helpers the rules share: tolerances, and the form facts they read (re-exported from forms.facts)."""

from __future__ import annotations

from ..forms.facts import (
    actual_of,
    block_weights,
    column_sum,
    form_sum,
    fund_rate,
    fund_total,
    is_cost,
    is_percent_format,
    is_placeholder,
    met,
    money_blocks,
    num,
    parsed_rows,
    points,
    reason_cell,
    rounded,
    scored_rows,
    target_actual,
    target_of,
    unexplained,
)
from ..forms.rows import filled
from ..profiles import Profile, national
from ..targets import Expression

TOL = 0.005  # amounts and scores are written to two decimals


def differs(a: float, b: float, tol: float = TOL) -> bool:
    return abs(a - b) > tol + 1e-9


def profile_of(ctx) -> Profile:
    """The run's profile (thresholds, weight schemes): the national one where the context names none."""
    return getattr(ctx, "profile", None) or national()


def single_quantitative(expr: Expression | None):
    if expr is None or expr.kind != "quantitative" or len(expr.conditions) != 1:
        return None
    return expr.conditions[0]


__all__ = ["TOL", "actual_of", "block_weights", "column_sum", "differs", "filled",
           "form_sum", "fund_rate", "fund_total", "is_cost", "is_percent_format", "is_placeholder", "met",
           "money_blocks", "num", "parsed_rows", "points", "profile_of", "reason_cell", "rounded", "scored_rows",
           "single_quantitative", "target_actual", "target_of", "unexplained"]
