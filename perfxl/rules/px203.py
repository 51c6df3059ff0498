"""PX203: a rate above 100%."""

import re

from . import Rule, register
from .common import parsed_rows

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
        # the percentages above 100 first: most rows have none, and are not asked whether they are rates
        for ind, target, actual in parsed_rows(form):
            if actual is None:
                continue
            if actual.kind == "quantitative":
                values = [c.low for c in actual.conditions
                          if c.unit == "%" and c.op in ("=", ">=", ">") and c.low is not None]
            else:
                text = ind.actual.text
                values = [float(m) for m in _PERCENT.findall(text)] if "%" in text or "％" in text else []
            over = [v for v in values if v > 100 + 1e-9]
            if not over:
                continue
            name = str(ind.level3.raw).strip() if ind.level3 and ind.level3.raw is not None else ""
            if "率" in name or (target is not None and any(c.unit == "%" for c in target.conditions)):
                yield self.at(form, ind.actual, 100, f"{max(over):g}%", name=name)
