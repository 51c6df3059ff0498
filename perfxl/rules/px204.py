"""PX204: a target and its actual in different units."""

from ..scoring import units_conflict
from . import Rule, register
from .common import parsed_rows


@register
class PX204(Rule):
    """年度指标值“{expected}”与实际完成值“{actual}”单位不一致（{why}）

    Anti-pattern: 年度指标值 ≤20万元 with 实际完成值 99540 (元) or 9.954 (no unit); ≥98% against 100.
    Fix: write the actual in the target's unit: 9.954万元, 100%.
    A bare number against a count in 个 (≥50个, 50) is no conflict: 个 names no unit of its own.
    """

    code, severity = "PX204", "warning"
    fix_zh = "实际完成值用与年度指标值相同的单位填写，如 9.954万元、100%。"
    kinds = ("project", "transfer", "department")
    message_en = "target '{expected}' and actual '{actual}' are in different units ({why})"

    def check(self, form, ctx):
        for ind, target, actual in parsed_rows(form):
            if target is None or actual is None or actual.kind != "quantitative":
                continue
            why = units_conflict(target, actual)
            if why:
                yield self.at(form, ind.actual, ind.target.text, ind.actual.text, why=why)
