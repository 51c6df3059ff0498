"""PX401: a formula cell of the perfxl template overwritten with a typed value."""

from ..reader.ours import form_cells, is_formula
from . import Rule, register


@register
class PX401(Rule):
    """公式单元格被改写为固定值“{actual}”（原公式：{expected}）

    Anti-pattern: typing 10.57 over the template's 资金得分 formula, or 100 over 总分 — the form
    stops checking itself and the typed number goes stale when inputs change.
    Fix: restore the formula (copy it from a fresh form made by `perfxl new --blank`); correct the
    inputs instead of the result.
    """

    code, severity = "PX401", "error"
    fix_zh = "恢复原公式（可从 perfxl new --blank 生成的新表中复制），修改输入数据而不是结果。"
    kinds = ("project", "transfer", "department")
    message_en = "formula cell overwritten with the constant '{actual}' (formula: {expected})"

    def check(self, form, ctx):
        for owned in form_cells(ctx.book, form):
            if not is_formula(owned.written):
                yield self.at(form, owned.cell, owned.expected, owned.written)
