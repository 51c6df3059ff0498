"""PX302: the same 三级指标 listed twice in one form."""

from . import Rule, register
from .common import scored_rows


@register
class PX302(Rule):
    """三级指标“{name}”在本表中重复出现（首次在{first}）

    Anti-pattern: 监督检查覆盖率 listed under 数量指标 and again under 质量指标 (seed 001), so its
    points count twice.
    Fix: keep one row per indicator; give the freed 分值 to another indicator.
    """

    code, severity = "PX302", "warning"
    fix_zh = "每个指标只保留一行，把腾出的分值分配给其他指标。"
    kinds = ("project", "transfer", "department")
    message_en = "third-level indicator '{name}' appears twice in this form (first at {first})"

    def check(self, form, ctx):
        seen: dict[str, object] = {}  # name -> its first cell (its A1 name worked out only when repeated)
        for ind in scored_rows(form):
            if ind.level3 is None or ind.level3.empty:
                continue
            key = ind.level3.text
            if key in seen:
                yield self.at(form, ind.level3, name=str(ind.level3.raw).strip(), first=seen[key].cell)
            else:
                seen[key] = ind.level3
