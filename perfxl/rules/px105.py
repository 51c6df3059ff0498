"""PX105: 执行率 below the profile's threshold (90%) with no reason given anywhere on the form."""

from . import Rule, percent_text, register
from .common import fund_rate, fund_total, num, profile_of
from .reasons import form_has_reason


@register
class PX105(Rule):
    """执行率{actual}低于{threshold}，表中却没有说明原因

    Anti-pattern: 隆阳's form spent 10.77% of its budget and says nothing about why — no 原因 in
    the money block, no 偏差原因 on any row. A reviewer's first question goes unanswered.
    Fix: say why the money was not spent (the money block's 原因 column, or 偏差原因分析及改进措施)
    and what will be done. The threshold (90%) is the profile's (--profile, docs/profiles.md).
    """

    code, severity = "PX105", "warning"
    fix_zh = "在资金部分的“原因”栏或偏差原因分析及改进措施中说明预算执行率偏低的原因和改进措施。"
    kinds = ("project", "transfer", "department")
    message_en = "execution rate {actual} is below {threshold} and the form gives no reason"

    def check(self, form, ctx):
        row = fund_total(form)
        if row is None:
            return
        rate = fund_rate(row)
        stated = row.cells.get("rate")
        if rate is None and num(row.cells.get("budget")) is None:  # no amounts: the rate the form states
            rate = num(stated) if stated is not None and not stated.empty else None
        threshold = profile_of(ctx).execution
        if rate is None or rate >= threshold - 1e-9 or form_has_reason(form, ctx):
            return
        cell = stated if stated is not None else row.cells.get("spent")
        if cell is not None:
            bound = percent_text(threshold)
            yield self.at(form, cell, "≥" + bound, percent_text(rate, 2), threshold=bound)
