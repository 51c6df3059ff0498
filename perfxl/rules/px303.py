"""PX303: a required 一级指标 category missing."""

from functools import lru_cache

from ..forms.cells import norm
from ..vocabulary import EVALUATION_LEVEL1, level1_of_level2, points_only
from . import Rule, register

REQUIRED = ("产出", "效益", "满意度")


@register
class PX303(Rule):
    """缺少一级指标“{name}指标”

    Anti-pattern: an indicator table with 产出 and 效益 rows but no 满意度指标 anywhere.
    Fix: a scored form has 产出指标, 效益指标 and 满意度指标 (满意度 may sit as a 二级 under 效益,
    which then carries 40 points); 成本指标 may stand on its own. A 一级 cell that shows only its
    points ("(50分)") is taken for the category of its 二级 rows (数量指标 → 产出指标). A form
    scored on the evaluation framework (一级 决策, 管理 or 过程, then 产出 and 效益, or 绩效 over 项目产出
    and 项目效益) needs 产出 and 效益 at either level; 满意度 is not required there.
    """

    code, severity = "PX303", "error"
    fix_zh = "补齐产出指标、效益指标和满意度指标（满意度可作为效益指标下的二级指标，此时效益40分）；成本指标可以单列。"
    # Transfer forms (no scores) follow the central ministry's own indicator lists, which may
    # omit a category; the catalog's requirement is about how points are distributed.
    kinds = ("project", "department")
    message_en = "required first-level indicator '{name}指标' is missing"

    def check(self, form, ctx):
        if not form.indicators or form.header is None or "level1" not in form.columns:
            return  # no 一级 column (重庆's 三级-only tables): nothing says which category is missing
        names = [(None if i.level1 is None else i.level1.raw, None if i.level2 is None else i.level2.raw)
                 for i in form.indicators]
        framework = any(w in norm(l1) for l1, _ in names for w in EVALUATION_LEVEL1)
        present = set()
        for l1, l2 in names:
            if len(present) == len(REQUIRED):
                break  # every category found: the other rows cannot add one
            present |= _framework_named(l1, l2) if framework else _named(l1, l2)
        for name in REQUIRED if not framework else REQUIRED[:2]:
            if name not in present:
                yield self.at(form, form.header, name=name)


@lru_cache(maxsize=4096, typed=True)
def _framework_named(level1, level2) -> frozenset[str]:
    """产出 and 效益 named at either level of the evaluation framework (项目绩效 → 项目产出, 项目效益)."""
    text = norm(level1) + "\t" + norm(level2)
    return frozenset(n for n in REQUIRED[:2] if n in text)


@lru_cache(maxsize=4096, typed=True)  # the same names recur on every row of a block and on every form
def _named(level1, level2) -> frozenset[str]:
    """The required categories a row's 一级 and 二级 cells (their values) say it belongs to."""
    level1, level2 = norm(level1), norm(level2)  # as Indicator.level1_name, level2_name read them
    named = {n for n in REQUIRED if n in level1}
    if not named and points_only(level1):
        # a 一级 cell of only its points ("(50分)") is named by its 二级 (数量指标: 产出)
        named = {n for n in REQUIRED if n in (level1_of_level2(level2) or "")}
    if "满意度" in level2:
        named.add("满意度")  # 满意度 as a 二级 under 效益 (seed 000) counts
    return frozenset(named)
