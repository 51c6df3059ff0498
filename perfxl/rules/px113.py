"""PX113: the points written in a 一级指标 label must match its rows."""

from . import Rule, register
from .common import block_weights, differs, rounded


@register
class PX113(Rule):
    """一级指标“{name}”标明{expected}分，其下各行分值合计{actual}

    Anti-pattern: 产出指标（50分） whose four rows carry 10 + 10 + 10 + 10 = 40 (seed 001, 人员经费).
    Fix: make the rows' 分值 add up to the points in the label, or correct the label.
    """

    code, severity = "PX113", "error"
    fix_zh = "使一级指标下各行分值之和等于标题中写明的分数，或改正标题中的分数。"
    kinds = ("project", "department")
    message_en = "first-level indicator '{name}' declares {expected} points; its rows add up to {actual}"

    def check(self, form, ctx):
        for block in form.level1s:
            if block.declared is None:
                continue
            rows = [weight for _, weight in block_weights(block)]
            if rows.count(None) == len(rows):
                continue  # no row's points known
            if "weight" not in form.columns and None in rows:
                continue  # no 分值 column: only some rows' points known (from their 二级 labels)
            added = rounded(sum([v or 0 for v in rows]))
            if differs(added, block.declared):
                yield self.at(form, block.label, block.declared, added, name=block.name)
