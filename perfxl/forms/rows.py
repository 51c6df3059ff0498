"""A scored row's target and actual, parsed, and whether the actual meets the target: once per row,
and once per recurring row (the same rows come back across a county's forms)."""

from __future__ import annotations

from functools import lru_cache

from ..scoring import is_met
from ..targets import Expression, is_percent_format, parse_actual, parse_target
from .cells import is_blank, norm
from .model import Indicator


@lru_cache(maxsize=4096, typed=True)  # TRUE is no 1
def _target(raw, reverse: bool, fmt: str | None) -> Expression:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # A typed number: shown as a percentage when its cell is %-formatted (1 → "100%").
        raw = f"{raw * 100:.10g}%" if fmt and is_percent_format(fmt) else f"{raw:.10g}"
    return parse_target(raw, reverse_hint=reverse)


def target_of(ind: Indicator) -> Expression | None:
    return target_actual(ind)[0]


def actual_of(ind: Indicator) -> Expression | None:
    """The actual, reading a bare fraction beside a % target as a %-formatted cell's value."""
    return target_actual(ind)[1]


def target_actual(ind: Indicator) -> tuple[Expression | None, Expression | None]:
    """A row's (target, actual), parsed once: asked by several rules per row, kept with the row (only
    the reader writes its cells, before any rule)."""
    done = ind.__dict__.get("_parsed")
    if done is None:
        done = ind.__dict__["_parsed"] = _parse_row(*_row_key(ind))
    return done


def _row_key(ind: Indicator) -> tuple:
    """What a row's target and actual are read from: the two cells' values and formats and the names
    above them (a missing cell: None); the same rows recur across a county's forms. Kept with the row
    (target_actual and met both ask it)."""
    key = ind.__dict__.get("_key")
    if key is None:
        t, a, l1, l2, l3 = ind.target, ind.actual, ind.level1, ind.level2, ind.level3
        key = ind.__dict__["_key"] = (
            None if t is None else t.raw, None if t is None else t.fmt,
            None if a is None else a.raw, None if a is None else a.fmt,
            None if l1 is None else l1.raw, None if l2 is None else l2.raw, None if l3 is None else l3.raw)
    return key


@lru_cache(maxsize=2048, typed=True)  # TRUE is no 1
def _parse_row(t_raw, t_fmt: str | None, a_raw, a_fmt: str | None, level1, level2, level3):
    """(target, actual) of a row from its _row_key: the names say whether it is a 成本 row (a bare
    target is a ceiling) and a rate (…率, 满意度, 占比: two bare fractions are two % cells)."""
    cost = "成本" in norm(level1) or "成本" in norm(level2)  # is_cost, from the names' values
    name = norm(level3)
    both_shares = ("率" in name or "满意度" in name or "占比" in name) and _fraction(t_raw) and _fraction(a_raw)
    target = None
    if not is_blank(t_raw):
        fmt = t_fmt
        if fmt is None and _fraction(t_raw) and (_percent_actual(a_raw, a_fmt) or both_shares):
            fmt = "0.00%"  # formats unknown (.xls, Excel add-in): a fraction beside a % actual is a %
        target = _target(t_raw, cost, fmt)
    actual = None
    if not is_blank(a_raw):
        fmt = a_fmt
        if fmt is None and _fraction(a_raw) and target is not None and (_percent_target(target) or both_shares):
            fmt = "0.00%"  # a bare fraction under a % target is a %-formatted cell read without format
        actual = _actual(a_raw, fmt)
    return target, actual


@lru_cache(maxsize=2048, typed=True)
def _actual(raw, fmt: str | None) -> Expression:
    return parse_actual(raw, fmt)


def _fraction(raw) -> bool:
    """A number that reads as a share of 1 (a %-formatted cell read without its format)."""
    return isinstance(raw, (int, float)) and not isinstance(raw, bool) and 0 < raw <= 1.5


def _percent_actual(raw, fmt: str | None) -> bool:
    return (isinstance(raw, str) and "%" in raw) or is_percent_format(fmt)


def _percent_target(target: Expression) -> bool:
    return any(c.unit == "%" for c in target.conditions)


def filled(ind: Indicator) -> bool:
    """Whether a row's target and actual cells are there and not blank."""
    target, actual = ind.target, ind.actual
    return target is not None and actual is not None and not is_blank(target.raw) and not is_blank(actual.raw)


def met(ind: Indicator) -> bool | None:
    if "_met" not in ind.__dict__:
        ind.__dict__["_met"] = _met_row(*_row_key(ind))
    return ind.__dict__["_met"]


@lru_cache(maxsize=2048, typed=True)
def _met_row(*key) -> bool | None:
    """Whether a row's actual meets its target, from its _row_key: one look-up for a recurring row."""
    target, actual = _parse_row(*key)
    return None if target is None or actual is None else is_met(target, actual)
