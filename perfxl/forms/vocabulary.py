"""The domain's vocabulary: form kinds, their names and skeletons, and the labels of 一级/二级 indicators."""

from __future__ import annotations

import re
from dataclasses import dataclass

PROJECT = "project"
TRANSFER = "transfer"
DEPARTMENT = "department"
KINDS = (PROJECT, TRANSFER, DEPARTMENT)

# Level-2 names under each level-1 category (national indicator framework, 财预〔2021〕101号).
OUTPUT_L2 = ("数量指标", "质量指标", "时效指标", "成本指标")
BENEFIT_L2 = ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")
SATISFACTION_L2 = ("服务对象满意度指标",)
COST_L2 = ("经济成本指标", "社会成本指标", "生态环境成本指标")

LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标")
LEVEL2_NAMES = OUTPUT_L2 + BENEFIT_L2 + SATISFACTION_L2 + COST_L2


@dataclass(frozen=True)
class KindSpec:
    """What distinguishes one form kind from another."""

    kind: str
    title: str            # the form's printed title
    roster_names: tuple[str, ...]  # how a roster may spell the kind
    scored: bool          # has 分值/得分 columns
    skeleton: tuple[tuple[str, tuple[str, ...]], ...]  # default (一级, (二级, ...)) of a blank form


SPECS: dict[str, KindSpec] = {
    PROJECT: KindSpec(
        PROJECT, "项目支出绩效自评表", ("项目支出", "项目", "project"), True,
        (("产出指标", OUTPUT_L2), ("效益指标", BENEFIT_L2), ("满意度指标", SATISFACTION_L2)),
    ),
    TRANSFER: KindSpec(
        TRANSFER, "转移支付区域（项目）绩效目标自评表", ("转移支付", "transfer"), False,
        (("产出指标", OUTPUT_L2), ("效益指标", BENEFIT_L2), ("满意度指标", SATISFACTION_L2)),
    ),
    DEPARTMENT: KindSpec(
        DEPARTMENT, "部门整体支出绩效自评表", ("部门整体", "部门整体支出", "department"), True,
        (("产出指标", OUTPUT_L2[:3]), ("效益指标", BENEFIT_L2), ("满意度指标", SATISFACTION_L2),
         ("成本指标", COST_L2)),
    ),
}

_POINTS_RE = re.compile(r"[（(]\s*\d+(?:\.\d+)?\s*分\s*[)）]")


def kind_from_text(text: str) -> str | None:
    """Map a roster's spelling of a form kind to its key, or None."""
    norm = re.sub(r"\s+", "", str(text)).lower()
    for spec in SPECS.values():
        if norm in spec.roster_names or norm == spec.kind:
            return spec.kind
    return None


def level1_name(text: str) -> str | None:
    """Normalise a 一级 label ("产出指标（50分）", "产出") to its canonical name, or None."""
    norm = _POINTS_RE.sub("", re.sub(r"\s+", "", str(text)))
    for name in LEVEL1_NAMES:
        if norm == name or norm == name[:-2] or norm == name.replace("指标", ""):
            return name
    return None

# How the summary and messages name each kind to a clerk.
KIND_NAMES = {PROJECT: "项目支出", TRANSFER: "转移支付", DEPARTMENT: "部门整体"}
