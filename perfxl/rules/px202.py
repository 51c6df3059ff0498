"""PX202: a missed target or lost points need a 偏差原因."""

from . import Rule, register
from .common import differs, met, unexplained


@register
class PX202(Rule):
    """{why}，但偏差原因分析及改进措施为空

    Anti-pattern: 成本 ≤176.77万元 missed with 186.816万元 and scored 9.8 of 10, the deviation column
    left empty (seed 001); 可持续影响 9.62 of 10 with no word why.
    Fix: write why the target was missed or points were lost, and what will be done about it.
    """

    code, severity = "PX202", "error"
    fix_zh = "在该行（或全表唯一的偏差原因栏）写明未完成目标或扣分的原因，以及下一步的改进措施。"
    kinds = ("project", "transfer", "department")
    message_en = "{why_en}, but the deviation reason (偏差原因) is empty"

    def check(self, form, ctx):
        said = set()  # a form's one reason cell is reported once, for its first row
        for ind, w, s, reason in unexplained(form):
            if (reason.row, reason.col) in said:
                continue
            if w is not None and s is not None and s < w and differs(s, w):
                said.add((reason.row, reason.col))
                yield self.at(form, reason, w, s, why=f"得分{s:g}低于分值{w:g}",
                              why_en=f"score {s:g} below the weight {w:g}")
            elif met(ind) is False:
                said.add((reason.row, reason.col))
                yield self.at(form, reason, ind.target.text, ind.actual.text,
                              why=f"指标未完成（目标{ind.target.text}，实际{ind.actual.text}）",
                              why_en=f"target not met (target {ind.target.text}, actual {ind.actual.text})")
