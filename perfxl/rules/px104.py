"""PX104: more spent than the adjusted budget (over-execution)."""

from . import Rule, register
from .common import differs, fund_total, num


@register
class PX104(Rule):
    """全年执行数{actual}超过全年预算数{expected}（超预算执行）

    Anti-pattern: 全年预算数 176.77 and 全年执行数 186.816: money spent beyond the adjusted budget.
    Fix: check the amounts against the 决算; if the overspend is real, explain it in 偏差原因 and
    expect the funding score to stay at its 分值.
    """

    code, severity = "PX104", "warning"
    fix_zh = "对照决算核实金额；确属超预算执行的，在偏差原因中说明，资金得分仍不超过分值。"
    kinds = ("project", "transfer", "department")
    message_en = "全年执行数 {actual} exceeds 全年预算数 {expected} (over-execution)"

    def check(self, form, ctx):
        row = fund_total(form)
        if row is None:
            return
        budget, spent = num(row.cells.get("budget")), num(row.cells.get("spent"))
        if budget is not None and spent is not None and spent > budget and differs(spent, budget):
            yield self.at(form, row.cells["spent"], budget, spent)
