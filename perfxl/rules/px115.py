"""PX115: a 小计 row (or a numbered parent row) must equal the sum of the rows it stands for."""

from . import Rule, register
from .common import column_sum, differs, num


@register
class PX115(Rule):
    """小计{actual}与其上各行之和{expected}不符

    Anti-pattern: 过程 rows scored 4 + 4 + 4 + 4 + 2 with the 小计 still reading 20; a numbered
    parent row "二、田间试验 15" over "1、… 5", "2、… 5", "3、… 3", "4、… 1" (14).
    Fix: 小计 = the sum of the rows since the previous 小计 (for 分值 and 得分 alike); a parent
    row = the sum of its numbered rows.
    """

    code, severity = "PX115", "error"
    fix_zh = "小计 = 上一个小计之后各行之和，分值和得分都按此相加；带“一、二、”编号的上级指标行 = 其下各编号行之和。"
    kinds = ("score_table", "project", "transfer", "department")
    message_en = "subtotal {actual} differs from the sum of its rows {expected}"

    def check(self, form, ctx):
        if form.kind != "score_table":
            yield from self._parents(form)
            return
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

    def _parents(self, form):
        """A numbered parent row (一、示范区建立 15) against the children under it (1、… 2、… 3、…)."""
        parent, children = None, []
        for ind in form.indicators + [None]:
            if ind is not None and ind.role == "child":
                children.append(ind)
                continue
            if parent is not None and children:
                for key in ("weight", "score"):
                    cell, added = getattr(parent, key), column_sum(children, key)
                    if num(cell) is not None and added is not None and differs(num(cell), added):
                        yield self.at(form, cell, added, num(cell))
            parent, children = (ind if ind is not None and ind.role == "parent" else None), []
