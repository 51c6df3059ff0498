"""PX114: a stated 总分 (分值 or 得分) must equal the sum of its parts."""

from . import Rule, register
from .common import differs, fund_total, num, scored_rows
from .px112 import weight_sum


def score_sum(form) -> float | None:
    values = [num(i.score) for i in scored_rows(form)]
    row = fund_total(form)
    if row is not None:
        values.append(num(row.cells.get("score")))
    present = [v for v in values if v is not None]
    return round(sum(present), 6) if present else None


@register
class PX114(Rule):
    """总分写{actual}，但各部分之和为{expected}

    Anti-pattern: 总分 分值 written 100 while 资金 10 and the indicators' 分值 add up to 90, or a
    总分 得分 typed by hand that no longer matches the rows above it.
    Fix: 总分 = 资金 row + every indicator row, for 分值 and for 得分 alike (or let the perfxl
    template's SUM do it).
    """

    code, severity = "PX114", "error"
    message_en = "total stated as {actual}, but its parts add up to {expected}"

    def check(self, form, ctx):
        if form.kind == "score_table":
            yield from self._table(form)
            return
        for cell, added in ((form.total_weight, weight_sum(form)), (form.total_score, score_sum(form))):
            stated = num(cell)
            if stated is not None and added is not None and differs(stated, added):
                yield self.at(form.sheet, cell, added, stated)

    def _table(self, form):
        rows = [r for r in form.table if r.kind != "total"]
        subtotals = [r for r in rows if r.kind == "subtotal"]
        parts = subtotals or rows
        total = next((r for r in form.table if r.kind == "total"), None)
        if total is None or not parts:
            return
        for key in ("weight", "score"):
            cell = getattr(total, key)
            values = [num(getattr(r, key)) for r in parts]
            if num(cell) is None or all(v is None for v in values):
                continue
            added = round(sum(v or 0 for v in values), 6)
            if differs(num(cell), added):
                yield self.at(form.sheet, cell, added, num(cell))
