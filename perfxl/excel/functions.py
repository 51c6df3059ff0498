"""perfxl's scoring rules (docs/scoring.md) as worksheet functions, in plain Python for Lite and classic xlwings."""

from __future__ import annotations

from ..scoring import (
    METHODS,
    NATIONAL,
    execution_rate,
    fund_score,
    grade,
    qualitative_band,
    standard_score,
)
from ..targets import parse_actual, parse_plain_number, parse_target

# What a cell shows when a function cannot answer: a reason in words beats #VALUE!.
NEED_WEIGHT = "请填写分值"
QUALITATIVE = "定性指标：请用 PX_BAND 查分数段"
UNCLEAR = "无法判断是否完成"
BAD_BAND = "等级应为 达成、部分达成 或 未达成"
BAD_SCALE = "等级标准应为 四级 或 五级"

_YES = {"1", "是", "成本", "成本指标", "反向", "反向指标", "TRUE", "Y", "YES"}
_SCALES = {"": "national", "national": "national", "全国": "national", "四级": "national",
           "five": "five", "五级": "five"}
_KIND_WORDS = {"qualitative": "定性", "deadline": "时限"}


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _truthy(value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    return str(value or "").strip().upper() in _YES


def px_score(target, actual, weight, reverse=False, method="national"):
    """按国家通行计分规则，算定量指标的标准得分。

    正向指标（≥X）：完成得满分，未完成按 实际÷X×分值；超额完成不加分。
    反向指标（≤X，如成本）：完成得满分，X<实际<2X 按比例扣分，≥2X 得 0 分。
    目标为纯数字的成本指标，第 4 个参数填 “成本”（或 TRUE），视为上限。"""
    if parse_plain_number(weight) is None:
        return NEED_WEIGHT
    t = parse_target(target, reverse_hint=_truthy(reverse))
    if t.kind != "quantitative":
        return QUALITATIVE if t.kind in ("qualitative", "deadline") else UNCLEAR
    score = standard_score(t, parse_actual(actual), weight, METHODS.get(str(method or ""), NATIONAL))
    return UNCLEAR if score is None else score


def px_grade(total, scale="national"):
    """由总分得出评价等级。四级（默认）：优 ≥90，良 80–90，中 60–80，差 <60；
    五级：优秀 ≥90，良好 ≥80，合格 ≥70，基本合格 ≥60，不合格。"""
    key = _SCALES.get(str(scale or "").strip().lower())
    if key is None:
        return BAD_SCALE
    word = grade(total, key)
    return "" if word is None else word


def px_parse(text):
    """拆出指标值里的数字和单位，返回一行两格 [数字, 单位]，单位已换算到基本单位：
    “≥5.26万人次” → [52600, “人次”]，“≤176.77万元” → [1767700, “元”]，“≥95%” → [95, “%”]。"""
    expr = parse_target(text)
    if expr.kind == "quantitative":
        c = next(c for c in expr.conditions if c.is_quantitative)
        return [[c.low, c.unit or ""]]
    return [["", _KIND_WORDS.get(expr.kind, "")]]


def px_rate(budget, spent):
    """执行率 = 全年执行数 ÷ 全年预算数（返回小数，请设为百分比格式）。"""
    rate = execution_rate(budget, spent)
    return "" if rate is None else rate


def px_fundscore(budget, spent, weight=10):
    """资金得分 = 分值 × min(执行率, 100%)，保留两位小数；超支不加分（分值默认 10）。"""
    rate = execution_rate(budget, spent)
    if rate is None:
        return ""
    if _blank(weight):
        weight = 10
    if parse_plain_number(weight) is None:
        return NEED_WEIGHT
    return fund_score(weight, rate)


def px_band(level, weight):
    """定性指标的分数段，返回一行两格 [最低分, 最高分]：
    达成 80%–100% 分值，部分达成 60%–80%，未达成 0–60%。"""
    if parse_plain_number(weight) is None:
        return [[NEED_WEIGHT, ""]]
    try:
        low, high = qualitative_band(str(level or ""), weight)
    except ValueError:
        return [[BAD_BAND, ""]]
    return [[low, high]]


# Excel name -> (function, Chinese help for each argument): shared by the Lite main.py and classic UDFs.
FUNCTIONS = {
    "PX_SCORE": (px_score, {"target": "年度指标值，如 ≥95%、≤176.77万元", "actual": "实际完成值",
                            "weight": "分值", "reverse": "可选：纯数字目标为成本上限时填 成本",
                            "method": "可选：计分方法 national（默认）或 all_or_nothing"}),
    "PX_GRADE": (px_grade, {"total": "总分", "scale": "可选：四级（默认）或 五级"}),
    "PX_PARSE": (px_parse, {"text": "指标值文字，如 ≥5.26万人次"}),
    "PX_RATE": (px_rate, {"budget": "全年预算数", "spent": "全年执行数"}),
    "PX_FUNDSCORE": (px_fundscore, {"budget": "全年预算数", "spent": "全年执行数",
                                    "weight": "可选：分值，默认 10"}),
    "PX_BAND": (px_band, {"level": "达成 / 部分达成 / 未达成", "weight": "分值"}),
}
