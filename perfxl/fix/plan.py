"""Which findings arithmetic decides, and the value each one's cell gets (the rest is for a person)."""

from __future__ import annotations

from dataclasses import dataclass

from ..findings import Finding
from ..forms.facts import (
    form_sum,
    money_blocks,  # the money blocks exactly as PX103 adds them up
    num,
    scored_rows,
)
from ..forms.model import SCORE_TABLE, Form
from ..targets import parse_plain_number

# The order fixes are applied in, one phase per round (the copy is linted again between rounds):
# text to numbers and source totals first (the budget feeds 执行率), then 执行率, 资金得分, 小计,
# 总分, and last what is read off totals (得分率, 等级). PX403 writes nothing (see Change.written).
PHASES = {"PX305": 0, "PX103": 0, "PX403": 0, "PX101": 1, "PX102": 2, "PX115": 3, "PX114": 4,
          "PX116": 5, "PX117": 5}
FIXABLE = frozenset(PHASES)
TOTAL_WEIGHT = 100.0
TOL = 0.005


@dataclass
class Change:
    """One corrected cell: where, the value before and after, and the finding that decided it."""

    sheet: str
    cell: str
    old: object
    new: object
    rule: str
    finding: Finding
    written: bool = True     # False: a formula kept as it is; `new` is what it computes (PX403)
    percent: bool = False    # shown as a percentage

    @property
    def key(self) -> tuple[str, str]:
        return (self.sheet, self.cell)


def shown(value, percent: bool = False) -> str:
    """A value as the listing shows it: 105.68%, 10, 99.8, “良”, (空)."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if percent:
        return f"{value:.2%}"
    return f"{value:.6f}".rstrip("0").rstrip(".")


def target_cell(ws, ref: str):
    """The cell a value is written to: a merged range's top-left cell holds its value."""
    for rng in ws.merged_cells.ranges:
        if ref in rng:
            return ws.cell(rng.min_row, rng.min_col)
    return ws[ref]


def is_formula(value) -> bool:
    return isinstance(value, str) and value.startswith("=")


def decide(f: Finding, form: Form | None, cell) -> Change | None:
    """The change a finding of a fixable rule makes to its cell, or None when a person decides."""
    old = cell.value
    if f.rule == "PX403":
        return Change(f.sheet, f.cell, f.actual, f.expected, f.rule, f, written=False)
    if is_formula(old):
        return None  # a formula is never overwritten with a constant: its inputs are what is wrong
    new = _value(f, form, old)
    if new is None:
        return None
    if isinstance(new, float):
        new = round(new, 6)
        new = int(new) if new.is_integer() and not isinstance(old, float) else new
    percent = isinstance(new, float) and "%" in (cell.number_format or "")
    return Change(f.sheet, f.cell, old, new, f.rule, f, percent=percent)


def _value(f: Finding, form: Form | None, old):
    rule = f.rule
    if rule == "PX305":
        return parse_plain_number(old) if isinstance(old, str) else None
    if rule in ("PX101", "PX116"):
        return _rate(f.expected, old)
    if rule in ("PX102", "PX115"):
        return _number(f.expected)
    if rule == "PX103":
        return _sources_total(f, form)
    if rule == "PX114":
        return _total(f, form)
    if rule == "PX117":
        return _grade(f, old)
    return None


def _number(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _rate(expected, old):
    """A rate written as the cell held it: "85.75%" text stays text, a fraction stays a fraction
    (a %-formatted cell), percent points stay points (86 meaning 86%)."""
    fraction = parse_plain_number(expected) if isinstance(expected, str) else None
    if fraction is None:
        return None  # no rate can be computed (a budget of 0): for a person
    if isinstance(old, str):
        return expected
    if isinstance(old, (int, float)) and abs(old) > 2:
        return round(fraction * 100, 2)
    return round(fraction, 4)


def _sources_total(f: Finding, form: Form | None) -> float | None:
    """年度资金总额 set to the sum of its sources — only where every source of that column is filled
    and they do not all read 0 (sources left at 0 under a real total are sources not filled in)."""
    if form is None or not isinstance(f.actual, (int, float)) or f.params.get("split"):
        return None  # a department split or 其中 lines that do not add up: which part is wrong is a person's call
    for total, parts in money_blocks(form.fund):
        for column, val in total.cells.items():
            if val.cell != f.cell:
                continue
            values = [num(p.cells.get(column)) for p in parts]
            if any(v is None for v in values) or not any(values):
                return None
            return float(f.actual)
    return None


def _total(f: Finding, form: Form | None) -> float | None:
    """总分 set to the sum of its parts. The 分值 total only where the parts add to 100 (else a row's
    weight is wrong, PX112: a person's call); the 得分 total only where the rows' 分值 add up to the
    total 分值, every weighted row has a 得分, and the sum stays within the total 分值 (else rows are
    missing, unscored or score above their weight, PX112/PX301/PX111/PX118: a person's call)."""
    added = _number(f.expected)
    if form is None or added is None:
        return None
    if form.kind == SCORE_TABLE:
        return added  # an evaluator's table: 合计 is the sum of its rows
    weight_cell = form.total_weight.cell if form.total_weight is not None else None
    if f.cell == weight_cell:
        return added if abs(added - TOTAL_WEIGHT) <= TOL else None
    limit = num(form.total_weight) or TOTAL_WEIGHT
    weights = form_sum(form, "weight")
    unscored = any(num(i.weight) is not None and num(i.score) is None for i in scored_rows(form))
    # the rows read must be the whole form: their 分值 add to the total's, every weighted row scored
    if weights is None or abs(weights - limit) > TOL or unscored:
        return None
    return added if added <= limit + TOL else None


def _grade(f: Finding, old) -> str | None:
    """The grade word the total earns, in the text where the old word stood (评价等级：良 → 评价等级：优)."""
    if not isinstance(f.expected, str) or not f.expected:
        return None
    if not isinstance(old, str) or not isinstance(f.actual, str) or f.actual not in old:
        return f.expected
    return old.replace(f.actual, f.expected, 1)
