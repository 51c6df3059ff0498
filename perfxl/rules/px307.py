"""PX307: an 实际完成值 written as a bound or a range (≥99%, 95%-100%) instead of the measured value."""

from . import Rule, register
from .common import parsed_rows

BOUNDS = frozenset({">=", "<=", ">", "<", "range"})


@register
class PX307(Rule):
    """实际完成值“{actual}”是范围或界限，不是实际测得的数值

    Anti-pattern: 实际完成值 ≥99% (or 95%-100%, 85%以上, ≥266米) copied from the target: it says
    the target was met without saying by how much, so neither the score nor a far exceeded
    target (PX205) can be judged (四川 中江, seed 001).
    Fix: write the measured value (99.3%, 271米); a value written as "=230亩" is a value, not a bound.
    """

    code, severity = "PX307", "warning"
    fix_zh = "实际完成值应填写实际达到的数值（如99.3%、271米），不要照抄目标的“≥”“以上”或区间。"
    kinds = ("project", "transfer", "department")
    message_en = "actual '{actual}' is a bound or a range, not the measured value"

    def check(self, form, ctx):
        for ind, _, actual in parsed_rows(form):
            if actual is None or actual.kind != "quantitative":
                continue
            if any(c.op in BOUNDS and c.explicit for c in actual.conditions):
                yield self.at(form, ind.actual, None, ind.actual.text)
