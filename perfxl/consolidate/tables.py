"""The summary's tables as pandas DataFrames, sorted so the same input gives the same output."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..scoring import grade as grade_of

SUMMARY = {"unit": "县区/单位", "project": "项目名称", "kind": "表类型", "budget": "全年预算数",
           "spent": "全年执行数", "rate": "执行率", "fund_score": "资金得分", "output": "产出得分",
           "benefit": "效益得分", "satisfaction": "满意度得分", "total": "总分", "grade": "等级",
           "attained": "指标完成率", "errors": "错误数", "warnings": "警告数", "file": "来源文件",
           "sheet": "工作表"}
INDICATORS = {"unit": "县区/单位", "project": "项目名称", "level1": "一级指标", "level2": "二级指标",
              "level3": "三级指标", "target": "年度指标值", "actual": "实际完成值", "target_value": "指标值（数）",
              "target_unit": "指标值单位", "actual_value": "完成值（数）", "actual_unit": "完成值单位",
              "weight": "分值", "score": "得分", "met": "是否完成", "file": "来源文件", "sheet": "工作表"}
ISSUES = {"file": "文件", "sheet": "工作表", "cell": "单元格", "rule": "规则", "severity": "级别",
          "message": "问题说明"}
GRADES = ("优", "良", "中", "差")


@dataclass
class Tables:
    summary: pd.DataFrame
    units: pd.DataFrame
    indicators: pd.DataFrame
    issues: pd.DataFrame
    roster: pd.DataFrame | None = None


@lru_cache(maxsize=None)
def _relative(path: str, base: Path) -> str:
    """The path as a link from the summary's folder (cached: asked once per row of a file)."""
    try:
        return str(Path(path).resolve().relative_to(base.resolve()))
    except ValueError:
        return str(path)


def build(results, base: Path, lang: str = "zh") -> Tables:
    records, indicators, issues = [], [], []
    for r in results:
        rel = _relative(r.path, base)
        for x in r.records:
            x["file"] = rel
        for x in r.indicators:
            x["file"] = rel
        records += r.records
        indicators += r.indicators
        findings = ([r.error] if r.error else []) + r.findings
        issues += [{"file": _relative(r.path, base), "sheet": x.sheet or "", "cell": x.cell or "",
                    "rule": x.rule, "severity": "错误" if x.severity == "error" else "警告",
                    "message": x.message(lang)} for x in findings]
    summary = pd.DataFrame(records, columns=list(SUMMARY))
    if len(summary):
        missing = summary["grade"].isna() & summary["total"].notna()
        summary.loc[missing, "grade"] = summary.loc[missing, "total"].map(grade_of)
    summary = summary.sort_values(["unit", "project", "file", "sheet"], kind="stable").reset_index(drop=True)
    ind = pd.DataFrame(indicators, columns=list(INDICATORS))
    ind = ind.sort_values(["unit", "project", "file", "sheet"], kind="stable").reset_index(drop=True)
    iss = pd.DataFrame(issues, columns=list(ISSUES)).sort_values(["file", "sheet"], kind="stable")
    return Tables(summary, per_unit(summary), ind, iss.reset_index(drop=True))


def per_unit(summary: pd.DataFrame) -> pd.DataFrame:
    """按县区: forms, money, rate, budget-weighted 总分, grades, errors and warnings per unit."""
    rows = []
    for unit, g in summary.groupby("unit", sort=True):
        scored = g[g["total"].notna() & g["budget"].notna()]
        weight = scored["budget"].sum()
        budget, spent = g["budget"].sum(min_count=1), g["spent"].sum(min_count=1)
        row = {"unit": unit, "forms": len(g), "budget": budget, "spent": spent,
               "rate": (spent / budget) if budget and pd.notna(budget) and pd.notna(spent) else None,
               "weighted": (scored["total"] * scored["budget"]).sum() / weight if weight else None}
        for grade in GRADES:
            row[grade] = int((g["grade"] == grade).sum())
        row["errors"], row["warnings"] = int(g["errors"].sum()), int(g["warnings"].sum())
        rows.append(row)
    cols = ["unit", "forms", "budget", "spent", "rate", "weighted", *GRADES, "errors", "warnings"]
    return pd.DataFrame(rows, columns=cols)


UNIT_HEADERS = {"unit": "县区/单位", "forms": "表数", "budget": "全年预算数", "spent": "全年执行数",
                "rate": "执行率", "weighted": "加权总分", "优": "优", "良": "良", "中": "中", "差": "差",
                "errors": "错误数", "warnings": "警告数"}
