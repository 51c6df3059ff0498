"""PX206: a quantitative target scored off the scoring method (a missed one, or a met one below full)."""

from ..scoring import standard_score
from . import Rule, register
from .common import differs, points, single_quantitative, target_actual


@register
class PX206(Rule):
    """目标{target}{state}（实际{actual_text}），按计分方法应得{expected}分，表中为{actual}分

    Anti-pattern: 成本 ≤176.77万元 with 186.816万元 scored 9.8; the national method gives
    10 × (1 − 10.046 ÷ 176.77) = 9.43. Or a target met (≥95%, 实际 95%) scored 9 of 10.
    Fix: positive target: 实际 ÷ 目标 × 分值; reverse (≤) target: full below the target, then
    分值 × (1 − (实际 − 目标) ÷ 目标), 0 at twice the target; a met target earns the full 分值.
    Provinces may differ (--scoring).
    """

    code, severity = "PX206", "warning"
    fix_zh = ("按计分方法重算得分：正向指标 实际 ÷ 目标 × 分值；"
              "反向（≤）指标未超目标得满分，"
              "超出时 分值 × (1 − (实际 − 目标) ÷ 目标)，"
              "达到目标两倍得0分；已完成的指标得满分。")
    kinds = ("project", "department")
    message_en = ("target {target} {state_en} (actual {actual_text}); the scoring method gives {expected}, "
                  "the form {actual}")

    def check(self, form, ctx):
        for ind, w, s in points(form):
            if w is None or s is None or not s < w or not differs(s, w, 0.01):
                continue
            target, actual = target_actual(ind)
            if single_quantitative(target) is None or single_quantitative(actual) is None:
                continue
            expected = standard_score(target, actual, w, ctx.method)
            if expected is not None and differs(s, expected, 0.01):
                met = not differs(expected, w, 0.01)
                yield self.at(form, ind.score, expected, s, target=ind.target.text, actual_text=ind.actual.text,
                              state="已完成" if met else "未完成", state_en="met" if met else "missed")
