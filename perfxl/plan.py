"""What to generate: forms and their indicator rows, as read from a roster."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class IndicatorSpec:
    """One planned indicator row of a form."""

    level1: str
    level2: str = ""
    level3: str = ""
    target: str | float | None = None
    weight: float | None = None


@dataclass
class FormRequest:
    """One form to generate: a project of a unit, or a blank form."""

    kind: str
    group: str = ""              # the 县区/单位 whose workbook holds the form
    year: int | None = None
    project: str = ""
    dept: str = ""               # 主管部门 (地方主管部门 for transfers)
    unit: str = ""               # 实施单位 / 资金使用单位 / 预算部门名称
    central_dept: str = ""       # 中央主管部门 (transfers)
    budget_initial: float | None = None
    budget: float | None = None
    indicators: list[IndicatorSpec] = field(default_factory=list)
