"""PX403: a formula's saved value missing or stale."""

from ..reader.ours import form_cells, is_formula
from . import Rule, register


def _equal(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-6
    return ("" if a is None else str(a)) == ("" if b is None else str(b))


@register
class PX403(Rule):
    """公式结果{why}：保存的值为“{actual}”，按当前数据应为“{expected}”

    Anti-pattern: a workbook filled by a script and never opened in Excel (no saved results), or
    saved with calculation set to manual, so printed totals lag behind the inputs.
    Fix: open the workbook in Excel or WPS, press F9 (or set 公式 → 计算选项 → 自动), and save.
    """

    code, severity = "PX403", "warning"
    fix_zh = "在 Excel 或 WPS 中打开工作簿，按 F9 重新计算（或设置 公式 → 计算选项 → 自动）后保存。"
    kinds = ("project", "transfer", "department")
    message_en = "formula result {why_en}: saved '{actual}', the data gives '{expected}'"

    def check(self, form, ctx):
        for owned in form_cells(ctx.book, form):
            if not is_formula(owned.written) or owned.computed in (None, ""):
                continue
            if owned.cached is None:
                yield self.at(form, owned.cell, owned.computed, "", why="未计算", why_en="never calculated")
            elif not _equal(owned.cached, owned.computed):
                yield self.at(form, owned.cell, owned.computed, owned.cached, why="已过期",
                              why_en="is stale")
