"""PX205: a target exceeded by far with no explanation (it was set too low)."""

from ..scoring import attainment
from . import Rule, percent_text, register
from .common import profile_of, single_quantitative, target_actual, unexplained


@register
class PX205(Rule):
    """实际完成值{actual}达到目标{target}的{ratio}，超出{far}却未说明原因（目标可能定得过低）

    Anti-pattern: 资助参保 ≥9977人 against 100690人, 住院救助 ≥5.26万人次 against 11.09万人次, with
    the deviation column empty (seed 001): a target ten times below the result says nothing.
    Fix: explain the gap in 偏差原因, and set next year's target from this year's result.
    The share (130%) is the profile's (--profile, docs/profiles.md).
    """

    code, severity = "PX205", "warning"
    fix_zh = "在偏差原因中说明超额完成的原因，并按今年的实际完成情况设定下一年度的目标值。"
    kinds = ("project", "transfer", "department")
    message_en = "actual {actual} is {ratio} of the target {target}: over {far} with no explanation"

    def check(self, form, ctx):
        far = profile_of(ctx).far
        for ind, _, _, _ in unexplained(form):  # explained, or nowhere to explain: not asked
            target, actual = target_actual(ind)
            cond = single_quantitative(target)
            if cond is None or cond.op not in (">=", ">") or single_quantitative(actual) is None:
                continue
            ratio = attainment(target, actual)
            if ratio is not None and ratio >= far:
                yield self.at(form, ind.actual, ind.target.text, ind.actual.text,
                              target=ind.target.text, ratio=percent_text(ratio), far=percent_text(far))
