"""PX201: a missed target given full marks."""

from . import Rule, register
from .common import differs, met, points


@register
class PX201(Rule):
    """指标未完成（目标{target}，实际{actual_text}），却给了满分{actual}

    Anti-pattern: 年度指标值 ≥95%, 实际完成值 90%, 得分 10 of 10; or 及时支付 against 待支付 with
    full marks.
    Fix: score the row by the province's method (national: actual ÷ target × 分值 for a positive
    target) and explain the gap in 偏差原因分析及改进措施.
    """

    code, severity = "PX201", "error"
    fix_zh = "按计分方法给分（正向指标：实际值 ÷ 目标值 × 分值），并在偏差原因分析及改进措施中说明差距。"
    kinds = ("project", "department")
    message_en = "target not met (target {target}, actual {actual_text}) yet full marks {actual} given"

    def check(self, form, ctx):
        for ind, w, s in points(form):
            if w is None or s is None or w == 0 or s < w and differs(s, w):  # full marks (most) spared the test
                continue
            if met(ind) is False:
                yield self.at(form, ind.score, None, s, target=ind.target.text,
                              actual_text=ind.actual.text)
