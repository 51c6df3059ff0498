"""PX305: a number stored as text, which Excel's SUM skips."""

from . import Rule, register
from .common import points


@register
class PX305(Rule):
    """“{field}”的值“{actual}”是文本而非数字，Excel求和时会被忽略

    Anti-pattern: 分值 typed as "10分", or an amount pasted as text ("176.77" with a green corner):
    SUM silently leaves it out and the total looks right while it is not.
    Fix: type the bare number (10) and let the column header carry the unit; convert pasted text
    with 分列 or VALUE().
    """

    code, severity = "PX305", "warning"
    fix_zh = "直接输入数字（如 10），单位写在表头；粘贴来的文本用“分列”或 VALUE() 转换为数字。"
    kinds = ("project", "transfer", "department", "score_table")
    message_en = "'{field}' holds '{actual}' as text, not a number: Excel's SUM ignores it"

    def check(self, form, ctx):
        # Only a text can be a number stored as text: the others are passed over as they are met.
        texts = []
        for row in form.fund.values():
            for key, name in (("budget", "全年预算数"), ("spent", "全年执行数"), ("initial", "年初预算数"),
                              ("weight", "分值"), ("score", "得分")):
                val = row.cells.get(key)
                if val is not None and isinstance(val.raw, str):
                    texts.append((val, name))
        for ind, weight, score in points(form):  # the rows' numbers, read once per form: a text is one only there
            if weight is not None and isinstance(ind.weight.raw, str):
                texts.append((ind.weight, "分值"))
            if score is not None and isinstance(ind.score.raw, str):
                texts.append((ind.score, "得分"))
        cells = []
        for row in form.table:
            cells += [(row.weight, "分值"), (row.score, "得分")]
        if form.kind != "score_table":
            cells += [(form.total_weight, "总分分值"), (form.total_score, "总分得分")]
        texts += [(val, name) for val, name in cells if val is not None and isinstance(val.raw, str)]
        for val, name in texts:
            if not val.empty and val.number is not None:
                yield self.at(form, val, None, str(val.raw), field=name)
