"""PX116: a stated 得分率 must equal 得分 ÷ 分值."""

from ..scoring import rates_match
from . import Rule, percent_text, register
from .common import num


@register
class PX116(Rule):
    """得分率{actual}与得分÷分值={expected}不符

    Anti-pattern: 过程 scored 14.99 of 20 with 得分率 written 72.45% (seed 004; 14.99 ÷ 20 = 74.95%).
    Fix: 得分率 = 得分 ÷ 分值, shown as a percentage with two decimals.
    """

    code, severity = "PX116", "error"
    fix_zh = "得分率 = 得分 ÷ 分值，以两位小数的百分数表示。"
    kinds = ("score_table",)
    message_en = "score rate {actual} differs from score ÷ weight = {expected}"

    def check(self, form, ctx):
        for row in form.table:
            rate, weight, score = row.rate, num(row.weight), num(row.score)
            if rate is None or rate.empty or rate.number is None or not weight or score is None:
                continue
            if not rates_match(rate.raw, score / weight):
                shown = percent_text(rate.number, 2) if isinstance(rate.raw, (int, float)) else rate.text
                yield self.at(form, rate, percent_text(score / weight, 2), shown)
