"""PX103: the 资金来源 rows must add up to 年度资金总额 in every amount column."""

from . import Rule, register
from .common import differs, money_blocks, num


@register
class PX103(Rule):
    """资金来源合计{actual}与年度资金总额{expected}不符

    Anti-pattern: 年度资金总额 30, 其中 本年财政拨款 20, 上年结转资金 5, 其他资金 0 (the parts add to 25).
    Fix: make 本年财政拨款 + 上年结转资金 + 其他资金 (transfers: 中央补助 + 地方资金 + 其他资金; other
    provinces' own rows: 财政资金, 财政专户管理资金, 单位资金 …) equal 年度资金总额 in the 年初预算数,
    全年预算数, 全年执行数 (and 实际到位资金, where a form has it) columns.
    """

    code, severity = "PX103", "error"
    fix_zh = ("本年财政拨款 + 上年结转资金 + 其他资金（转移支付：中央补助 + 地方资金 + 其他资金）应等于年度资金总额，"
              "年初预算数、全年预算数、全年执行数（及实际到位资金）各列都要相等。")
    kinds = ("project", "transfer")
    message_en = "funding sources add up to {actual}, not the 年度资金总额 {expected}"

    def check(self, form, ctx):
        for total, parts in money_blocks(form.fund):
            for column in ("initial", "budget", "received", "spent"):
                cell = total.cells.get(column)
                values = [num(p.cells.get(column)) for p in parts]
                if cell is None or num(cell) is None or all(v is None for v in values):
                    continue
                added = round(sum(v or 0 for v in values), 6)
                if differs(added, num(cell)):
                    yield self.at(form, cell, num(cell), added)
