"""PX102: the funding line's 得分 must be 分值 × min(执行率, 1)."""

from ..scoring import fund_score
from . import Rule, register
from .common import differs, fund_rate, fund_total, num


@register
class PX102(Rule):
    """资金得分{actual}应为分值×min(执行率,100%)={expected}

    Anti-pattern: 执行率 105.68% scored 10.57 on a 10-point line — over-execution earns no more
    than the 分值 (seed 001, 医疗保障专项经费).
    Fix: 资金得分 = ROUND(分值 × MIN(全年执行数 ÷ 全年预算数, 1), 2): here 10.00.
    """

    code, severity = "PX102", "error"
    fix_zh = "资金得分 = 分值 × 执行率，执行率超过100%按100%计，即不超过分值，保留两位小数。"
    kinds = ("project", "department")
    message_en = "funding score {actual} should be 分值 × min(rate, 100%) = {expected}"

    def check(self, form, ctx):
        row = fund_total(form)
        if row is None or "score" not in row.cells:
            return
        stated, weight = num(row.cells["score"]), num(row.cells.get("weight"))
        rate = fund_rate(row)
        if stated is None or weight is None or rate is None:
            return
        expected = fund_score(weight, rate)
        if differs(stated, expected):
            yield self.at(form, row.cells["score"], expected, stated)
