"""PX402: a formula of the perfxl template changed."""

from ..reader.ours import form_cells, is_formula, same_formula
from ..template.logic import earlier_spellings
from . import Rule, register


@register
class PX402(Rule):
    """模板公式被修改：现为{actual}，应为{expected}

    Anti-pattern: editing 执行率 to divide by 年初预算数, or shortening a SUM so that it misses rows.
    Fix: restore the template's formula; if the bureau's method differs, change the master template
    and regenerate, so every county computes the same way.
    """

    code, severity = "PX402", "warning"
    fix_zh = "恢复模板原公式；如本地计分办法不同，应修改母版后重新生成，使各县区计算方法一致。"
    kinds = ("project", "transfer", "department")
    message_en = "template formula changed: now {actual}, should be {expected}"

    def check(self, form, ctx):
        for owned in form_cells(ctx.book, form):
            accepted = (owned.expected, *earlier_spellings(owned.expected))
            if is_formula(owned.written) and not any(same_formula(owned.written, f) for f in accepted):
                yield self.at(form, owned.cell, owned.expected, owned.written)
