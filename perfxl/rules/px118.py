"""PX118: the 总分 得分 cannot exceed the 总分 分值."""

from . import Rule, register
from .common import differs, num


@register
class PX118(Rule):
    """总分得分{actual}超过总分分值{expected}

    Anti-pattern: 总分 100.37 of 100 (seed 001, 医疗保障专项经费: the funding line scored 10.57 of 10).
    Fix: correct the rows whose 得分 exceed their 分值; the total follows.
    """

    code, severity = "PX118", "error"
    fix_zh = "改正得分超过分值的各行，总分随之改正，不超过总分分值。"
    message_en = "total score {actual} exceeds the total weight {expected}"

    def check(self, form, ctx):
        score = num(form.total_score)
        weight = num(form.total_weight) or 100.0
        if score is not None and score > weight and differs(score, weight):
            yield self.at(form, form.total_score, weight, score)
