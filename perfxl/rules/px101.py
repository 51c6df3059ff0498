"""PX101: the stated 执行率 must equal 全年执行数 ÷ 全年预算数."""

from ..scoring import rates_match
from . import Rule, percent_text, register
from .common import fund_rate


@register
class PX101(Rule):
    """执行率{actual}与全年执行数÷全年预算数={expected}不符

    Anti-pattern: 全年预算数 176.77, 全年执行数 186.816, 执行率 written as 100% (or computed
    from 年初预算数). Rounding or truncating to two decimals of a percent is accepted.
    Fix: 执行率 = 全年执行数 ÷ 全年预算数 (the adjusted budget): 186.816 ÷ 176.77 = 105.68%.
    """

    code, severity = "PX101", "error"
    fix_zh = "执行率 = 全年执行数 ÷ 全年预算数（调整后预算），保留两位小数的百分数。"
    kinds = ("project", "transfer", "department")
    message_en = "execution rate {actual} differs from 全年执行数 ÷ 全年预算数 = {expected}"

    def check(self, form, ctx):
        for row in form.fund.values():  # every row that states a rate: 其中 rows too
            if row is None or "rate" not in row.cells:
                continue
            stated = row.cells["rate"]
            if stated.empty or stated.number is None:
                continue
            computed = fund_rate(row)
            if computed is None:
                continue  # an amount missing, or a budget of 0: a rate of nothing is PX120's
            if not rates_match(stated.raw, computed):
                shown = percent_text(stated.number, 2) if isinstance(stated.raw, (int, float)) else stated.text
                yield self.at(form, stated, percent_text(computed, 2), shown)
