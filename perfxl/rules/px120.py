"""PX120: a rate shown where its base is 0 (0 of 0 given as 100% or 0.00%)."""

from . import Rule, percent_text, register
from .common import num


@register
class PX120(Rule):
    """{what}的基数为0，却填写了{what}{actual}（0除以0没有比率）

    Anti-pattern: a 其他资金 row of 0.00 budgeted and 0.00 spent with 执行率 written 100% or 0.00%
    (四川 forms), or a score table's row of 分值 0 with a 得分率: a share of nothing is no number,
    and a reader who adds up the rates counts it as one.
    Fix: leave the rate empty (or write "—") where 全年预算数 (or 分值) is 0.
    """

    code, severity = "PX120", "error"
    fix_zh = "全年预算数（或分值）为0时没有比率，执行率（或得分率）应留空或填“—”，不要填100%或0.00%。"
    kinds = ("project", "transfer", "department", "score_table")
    message_en = "{what_en} {actual} shown where its base is 0 (0 of 0 is no rate)"

    def check(self, form, ctx):
        if form.kind == "score_table":
            for row in form.table:
                if _shown(row.rate) and num(row.weight) == 0:
                    yield self._at(form, row.rate, "得分率", "score rate")
            return
        for row in form.fund.values():  # every row that states a rate: 其中 rows too
            if row is not None and _shown(row.cells.get("rate")) and num(row.cells.get("budget")) == 0:
                yield self._at(form, row.cells["rate"], "执行率", "execution rate")

    def _at(self, form, cell, what, what_en):
        shown = percent_text(cell.number, 2) if isinstance(cell.raw, (int, float)) else cell.text
        return self.at(form, cell, None, shown, what=what, what_en=what_en)


def _shown(cell) -> bool:
    """A rate cell that shows a number (100%, 0.00%, "0%"); empty or "—" is no rate."""
    return cell is not None and not cell.empty and cell.number is not None
