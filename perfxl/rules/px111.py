"""PX111: a 得分 above its 分值, or below zero."""

from . import Rule, register
from .common import differs, fund_rate, fund_total, num, points


@register
class PX111(Rule):
    """得分{actual}超出范围：应在0到分值{expected}之间

    Anti-pattern: 质量指标 with 分值 10 scored 15 (seed 001, 人员经费), or a negative 得分.
    Fix: a row's 得分 lies between 0 and its 分值; give points lost for a missed target, never more
    than the 分值 for one exceeded.
    """

    code, severity = "PX111", "error"
    fix_zh = "每行得分应在 0 到该行分值之间：未完成的扣分，超额完成的也不能超过分值。"
    kinds = ("project", "department")
    message_en = "score {actual} out of range: it must lie between 0 and the weight {expected}"

    def check(self, form, ctx):
        cells = []  # (得分 cell, 分值, 得分)
        row = fund_total(form)
        # An over-scored funding line is PX102's finding; PX111 covers it only where PX102 cannot
        # recompute the score (an amount or the 分值 missing, or a budget of 0).
        if row is not None and (fund_rate(row) is None or num(row.cells.get("weight")) is None):
            score = row.cells.get("score")
            cells.append((score, num(row.cells.get("weight")), num(score)))
        cells += [(ind.score, w, s) for ind, w, s in points(form)]  # the numbers read once per form
        for score, w, s in cells:
            if s is None:
                continue
            if s < 0 or (w is not None and s > w and differs(s, w)):
                yield self.at(form, score, w, s)
