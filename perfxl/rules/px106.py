"""PX106: 全年预算数 differs from 年初预算数 by more than the profile's share (20%) with no reason."""

from . import Rule, number_text, percent_text, register
from .common import TOL, num, profile_of
from .reasons import form_has_reason


@register
class PX106(Rule):
    """全年预算数{actual}与年初预算数{initial}相差{change}，超过{share}，表中却没有说明调整原因

    Anti-pattern: 年初预算数 202.64 cut to a 全年预算数 of 132.912 (−34%) in mid-year, or a project
    added with 年初 0 and 全年 3.36, with no word on why (贵池, 大英): the adjustment is the first
    thing a reviewer asks about.
    Fix: say why the budget was added to or cut in the money block's 原因 column or in 偏差原因
    (四川's template: 年中发生预算调整的，应单独说明理由). The share is the profile's (--profile).
    """

    code, severity = "PX106", "warning"
    fix_zh = "在资金部分的“原因”栏或偏差原因分析及改进措施中说明年中追加或调减预算的理由。"
    kinds = ("project", "transfer", "department")
    message_en = "全年预算数 {actual} differs from 年初预算数 {initial} by {change}, over {share}, with no reason"

    def check(self, form, ctx):
        share = profile_of(ctx).budget_change
        total = form.fund.get("total")
        money = _amounts(total) if total is not None else None
        if money is not None and money != (0, 0):
            amounts = [(total, money)]  # the total says it: its sources' changes are the same adjustment
        else:
            amounts = [(r, _amounts(r)) for r in form.fund.values()]
        changed = [(r, *m) for r, m in amounts if m is not None and _over(*m, share)]
        if not changed or form_has_reason(form, ctx):
            return
        for row, initial, budget in changed:
            change = "全部（年初为0）" if initial == 0 else percent_text((budget - initial) / initial, sign="+")
            yield self.at(form, row.cells["budget"], None, number_text(budget), initial=number_text(initial),
                          change=change, share=percent_text(share))


def _amounts(row):
    initial, budget = num(row.cells.get("initial")), num(row.cells.get("budget"))
    return None if initial is None or budget is None else (initial, budget)


def _over(initial: float, budget: float, share: float) -> bool:
    if abs(budget - initial) <= TOL:
        return False
    return initial == 0 or abs(budget - initial) / abs(initial) > share + 1e-9
