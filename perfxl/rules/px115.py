"""PX115: a 小计 row of a score table must equal the sum of its rows."""

from . import Rule, register
from .common import column_sum, differs, num


@register
class PX115(Rule):
    """小计{actual}与其上各行之和{expected}不符

    Anti-pattern: 过程 rows scored 4 + 4 + 4 + 4 + 2 with the 小计 still reading 20.
    Fix: 小计 = the sum of the rows since the previous 小计 (for 分值 and 得分 alike).
    """

    code, severity = "PX115", "error"
    fix_zh = "小计 = 上一个小计之后各行之和，分值和得分都按此相加。"
    kinds = ("score_table",)
    message_en = "subtotal {actual} differs from the sum of its rows {expected}"

    def check(self, form, ctx):
        block = []
        for row in form.table:
            if row.kind == "item":
                block.append(row)
                continue
            if row.kind == "subtotal" and block:
                for key in ("weight", "score"):
                    cell, added = getattr(row, key), column_sum(block, key)
                    if num(cell) is not None and added is not None and differs(num(cell), added):
                        yield self.at(form, cell, added, num(cell))
            block = []
