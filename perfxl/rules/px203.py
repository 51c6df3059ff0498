"""PX203: a rate above 100%."""

import re

from ..forms.cells import norm
from . import Rule, register
from .common import RowValues, by_row, scored_rows

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


@register
class PX203(Rule):
    """{name}实际完成值{actual}超过100%

    Anti-pattern: 城乡居民参保率 106.32% (seed 001) or 以常住人口数为基数计算的参保率 110% (seed 002):
    a share of a population cannot pass 100%.
    Fix: check the numerator and the base (户籍 vs 常住人口, duplicates across regions); if the figure
    is right, say why in 偏差原因.
    """

    code, severity = "PX203", "warning"
    fix_zh = "核对分子和分母（户籍人口还是常住人口、是否跨地区重复计算）；数字无误的，在偏差原因中说明。"
    kinds = ("project", "transfer", "department")
    message_en = "{name}: actual {actual} is above 100%"

    def check(self, form, ctx):
        for ind in scored_rows(form):
            over = _over(ind)  # judged once per recurring row
            if over is not None:
                name, highest = over
                yield self.at(form, ind.actual, 100, f"{highest:g}%", name=name)


@by_row
def _over(row: RowValues, target, actual) -> tuple[str, float] | None:
    """(the row's name, its highest share above 100%) where a rate's actual passes 100%, else None."""
    if actual is None:
        return None
    name = str(row.level3).strip() if row.level3 is not None else ""
    is_rate = "率" in name or (target is not None and any(c.unit == "%" for c in target.conditions))
    if not is_rate:
        return None
    if actual.kind == "quantitative":
        values = [c.low for c in actual.conditions
                  if c.is_quantitative and c.unit == "%" and c.op in ("=", ">=", ">") and c.low is not None]
    else:
        values = [float(m) for m in _PERCENT.findall(norm(row.actual))]  # the actual cell's text
    over = [v for v in values if v > 100 + 1e-9]
    return (name, max(over)) if over else None
