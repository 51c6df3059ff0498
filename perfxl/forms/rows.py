"""A scored row's target and actual, parsed, and whether the actual meets the target: once per row."""

from __future__ import annotations

from functools import lru_cache

from ..scoring import is_met
from ..targets import Expression, is_percent_format, parse_actual, parse_target
from .cells import is_blank
from .model import Indicator

# Each row is parsed once and its results kept with the row (only the reader writes its cells,
# before any rule). Rows as a whole rarely come back across a city's varied forms, but their
# texts do (100%, ≥95%, 是, 按时完成: over half the cells of 100 varied workbooks), so a text's
# parse is looked up by its value.


def target_of(ind: Indicator) -> Expression | None:
    return target_actual(ind)[0]


def actual_of(ind: Indicator) -> Expression | None:
    """The actual, reading a bare fraction beside a % target as a %-formatted cell's value."""
    return target_actual(ind)[1]


def target_actual(ind: Indicator) -> tuple[Expression | None, Expression | None]:
    """A row's (target, actual), parsed once: asked by several rules per row, kept with the row."""
    done = ind.__dict__.get("_parsed")
    if done is None:
        done = ind.__dict__["_parsed"] = _parse_row(ind)
    return done


def met(ind: Indicator) -> bool | None:
    """Whether a row's actual meets its target (None: cannot be told), judged once per row."""
    done = ind.__dict__.get("_met", ind)  # the row itself: not judged yet (None is a verdict)
    if done is ind:
        target, actual = target_actual(ind)
        done = ind.__dict__["_met"] = None if target is None or actual is None else is_met(target, actual)
    return done


def is_cost(ind: Indicator) -> bool:
    """A 成本 row (by its 一级 or 二级 name): a bare target there is a ceiling."""
    return "成本" in ind.level1_name or "成本" in ind.level2_name


def _parse_row(ind: Indicator) -> tuple[Expression | None, Expression | None]:
    """(target, actual) of a row: the names say whether it is a 成本 row (a bare target is a ceiling)
    and a rate (…率, 满意度, 占比: two bare fractions are two % cells)."""
    t, a = ind.target, ind.actual
    t_raw, t_fmt = (None, None) if t is None else (t.raw, t.fmt)
    a_raw, a_fmt = (None, None) if a is None else (a.raw, a.fmt)
    target = actual = None
    t_blank, a_blank = is_blank(t_raw), is_blank(a_raw)
    if t_blank and a_blank:
        return target, actual
    # a share is a number: a text (most cells) is spared the test
    t_share = t_raw.__class__ is not str and _fraction(t_raw)
    a_share = a_raw.__class__ is not str and _fraction(a_raw)
    both_shares = t_share and a_share and _rate_name(ind)
    if not t_blank:
        fmt = t_fmt
        if fmt is None and t_share and (_percent_actual(a_raw, a_fmt) or both_shares):
            fmt = "0.00%"  # formats unknown (.xls, Excel add-in): a fraction beside a % actual is a %
        target = _target(t_raw, is_cost(ind), fmt)
    if not a_blank:
        fmt = a_fmt
        if fmt is None and a_share and target is not None and (_percent_target(target) or both_shares):
            fmt = "0.00%"  # a bare fraction under a % target is a %-formatted cell read without format
        actual = _actual(a_raw, fmt)
    return target, actual


@lru_cache(maxsize=2048, typed=True)
def _actual(raw, fmt: str | None) -> Expression:
    return parse_actual(raw, fmt)


@lru_cache(maxsize=4096, typed=True)  # TRUE is no 1
def _target(raw, reverse: bool, fmt: str | None) -> Expression:
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        # A typed number: shown as a percentage when its cell is %-formatted (1 → "100%").
        raw = f"{raw * 100:.10g}%" if fmt and is_percent_format(fmt) else f"{raw:.10g}"
    return parse_target(raw, reverse_hint=reverse)


def _rate_name(ind: Indicator) -> bool:
    name = "" if ind.level3 is None else ind.level3.text
    return "率" in name or "满意度" in name or "占比" in name


def _fraction(raw) -> bool:
    """A number that reads as a share of 1 (a %-formatted cell read without its format)."""
    if raw.__class__ is str or raw is None:  # most cells: spared the isinstance tests
        return False
    return isinstance(raw, (int, float)) and not isinstance(raw, bool) and 0 < raw <= 1.5


def _percent_actual(raw, fmt: str | None) -> bool:
    # ％: a Chinese input method's full-width percent sign (１００％)
    return (isinstance(raw, str) and ("%" in raw or "％" in raw)) or is_percent_format(fmt)


def _percent_target(target: Expression) -> bool:
    return any(c.unit == "%" for c in target.conditions)


def filled(ind: Indicator) -> bool:
    """Whether a row's target and actual cells are there and not blank: exactly when both are parsed
    (a missing or blank cell parses to None), which the rules have asked of every scored row."""
    target, actual = target_actual(ind)
    return target is not None and actual is not None
