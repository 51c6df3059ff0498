"""PX103: the 资金来源 rows must add up to 年度资金总额 in every amount column."""

from . import Rule, register
from .common import differs, num


@register
class PX103(Rule):
    """资金来源合计{actual}与年度资金总额{expected}不符

    Anti-pattern: 年度资金总额 30, 其中 本年财政拨款 20, 上年结转资金 5, 其他资金 0 (the parts add to 25).
    Fix: make 本年财政拨款 + 上年结转资金 + 其他资金 (transfers: 中央补助 + 地方资金 + 其他资金; other
    provinces' own rows: 财政资金, 财政专户管理资金, 单位资金 …) equal 年度资金总额 in the 年初预算数,
    全年预算数 and 全年执行数 columns.
    """

    code, severity = "PX103", "error"
    kinds = ("project", "transfer")
    message_en = "funding sources add up to {actual}, not the 年度资金总额 {expected}"

    def check(self, form, ctx):
        total = form.fund.get("total")
        parts = [row for key, row in form.fund.items() if key != "total"]  # every source row under the total
        if total is None or not parts:
            return
        for column in ("initial", "budget", "spent"):
            cell = total.cells.get(column)
            values = [num(p.cells.get(column)) for p in parts]
            if cell is None or num(cell) is None or all(v is None for v in values):
                continue
            added = round(sum(v or 0 for v in values), 6)
            if differs(added, num(cell)):
                yield self.at(form, cell, num(cell), added)
