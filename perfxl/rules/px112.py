"""PX112: the 分值 of a form must add up to 100."""

from . import Rule, register
from .common import differs, form_sum


@register
class PX112(Rule):
    """分值合计为{actual}，应为100

    Anti-pattern: 资金 10 + 产出 40 + 效益 30 + 满意度 10 = 90 (seed 001, 人员经费).
    Fix: distribute 100 points: 预算执行率 10, 产出 50, 效益 30, 满意度 10 by default (效益 40 when
    满意度 is a 二级 under it).
    """

    code, severity = "PX112", "error"
    fix_zh = ("各项分值合计应为100：默认预算执行率10分、产出50分、效益30分、满意度10分"
              "（满意度作为效益的二级时效益40分）。")
    kinds = ("project", "department")
    message_en = "the weights add up to {actual}, not 100"

    def check(self, form, ctx):
        if "weight" not in form.columns:
            return  # no 分值 column: the weights stand in the 一级 labels (湖北, 云南 保山), not summed here
        total = form_sum(form, "weight")
        if total is not None and differs(total, 100):
            yield self.at(form, form.total_weight or form.header, 100, total)
