"""PX114: a stated 总分 (分值 or 得分) must equal the sum of its parts."""

from . import Rule, register
from .common import column_sum, differs, form_sum, num


@register
class PX114(Rule):
    """总分写{actual}，但各部分之和为{expected}

    Anti-pattern: 总分 分值 written 100 while 资金 10 and the indicators' 分值 add up to 90, or a
    总分 得分 typed by hand that no longer matches the rows above it.
    Fix: 总分 = 资金 row + every indicator row, for 分值 and for 得分 alike (or let the perfxl
    template's SUM do it).
    """

    code, severity = "PX114", "error"
    fix_zh = "总分 = 资金得分行 + 各指标行，分值和得分都按此相加（或使用模板中的求和公式）。"
    message_en = "total stated as {actual}, but its parts add up to {expected}"

    def check(self, form, ctx):
        if form.kind == "score_table":
            yield from self._table(form)
            return
        for cell, added in ((form.total_weight, form_sum(form, "weight")),
                            (form.total_score, form_sum(form, "score"))):
            stated = num(cell)
            if stated is not None and added is not None and differs(stated, added):
                yield self.at(form, cell, added, stated)

    def _table(self, form):
        # The total is checked against the rows themselves: a wrong 小计 is PX115's finding and
        # must not make a right 合计 look wrong too.
        items = [r for r in form.table if r.kind == "item"]
        parts = items or [r for r in form.table if r.kind == "subtotal"]
        total = next((r for r in form.table if r.kind == "total"), None)
        if total is None or not parts:
            return
        for key in ("weight", "score"):
            cell, added = getattr(total, key), column_sum(parts, key)
            if num(cell) is not None and added is not None and differs(num(cell), added):
                yield self.at(form, cell, added, num(cell))
