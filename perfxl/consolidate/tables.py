"""The summary's tables as pandas DataFrames, sorted so the same input gives the same output."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..scoring import national_grade

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
    """The summary and per-unit tables (pandas), and where the long tables' rows lie in the spool."""

    summary: pd.DataFrame
    units: pd.DataFrame
    rows: list[tuple]            # forms in summary order: (their file's Parts, index in that file)
    files: list                  # every file's Parts, in 问题清单 order
    widths: dict[str, list[int]]
    roster: pd.DataFrame | None = None

    @property
    def indicator_count(self) -> int:
        return sum(sum(p.counts) for p in self.files)

    @property
    def issue_count(self) -> int:
        return sum(p.issue_count for p in self.files)


def build(results) -> Tables:
    """The 汇总 and 按县区 tables from the workers' records, and the order of the spooled rows."""
    records, owners, files = [], [], []
    for r in results:
        if r.parts is None:
            continue
        files.append(r.parts)
        records += r.records
        owners += [(r.parts, i) for i in range(len(r.records))]
    summary = pd.DataFrame.from_records(records, columns=list(SUMMARY))
    summary = summary.sort_values(["unit", "project", "file", "sheet"], kind="stable")
    rows = [owners[i] for i in summary.index]
    files.sort(key=lambda p: p.file)   # stable: a file's issues keep their order
    widths: dict[str, list[int]] = {}
    for p in files:
        for sheet, ws in p.widths.items():
            have = widths.setdefault(sheet, [])
            widths[sheet] = [max(a, b) for a, b in zip(have, ws)] + have[len(ws):] + ws[len(have):]
    return Tables(summary.reset_index(drop=True), per_unit(summary), rows, files, widths)


def warm() -> None:
    """Build the tables of one made-up form: pandas loads much of itself on first use (~50 ms),
    and this lets it do so while the workers are busy rather than after them."""
    from types import SimpleNamespace

    record = ("单位", "项目", "项目支出", 1.0, 1.0, 1.0, 10.0, 50.0, 30.0, 10.0, 100.0, "优", 1.0, 0, 0, "a", "表")
    build([SimpleNamespace(parts=SimpleNamespace(file="a", widths={}), records=[record])])


def per_unit(summary: pd.DataFrame) -> pd.DataFrame:
    """按县区: forms, money, rate, budget-weighted 总分, grades, errors and warnings per unit."""
    cols = ["unit", "forms", "budget", "spent", "rate", "weighted", *GRADES, "errors", "warnings"]
    if summary.empty:
        return pd.DataFrame(columns=cols)
    scored = summary["total"].notna() & summary["budget"].notna()
    bands = summary["grade"].map(national_grade)  # a form written on the five-level scale counts too
    parts = pd.DataFrame({
        "unit": summary["unit"], "budget": summary["budget"], "spent": summary["spent"],
        "weight": summary["budget"].where(scored), "points": (summary["total"] * summary["budget"]).where(scored),
        "errors": summary["errors"], "warnings": summary["warnings"],
        **{g: (bands == g).astype(int) for g in GRADES}})
    # One grouped sum for all columns; min_count=1 keeps "no amounts at all" empty rather than 0.
    out = parts.groupby("unit", sort=True).sum(min_count=1)
    out.insert(0, "forms", summary.groupby("unit", sort=True).size())
    budget, spent, weight = out["budget"], out["spent"], out["weight"]
    out["rate"] = (spent / budget).where(budget.notna() & (budget != 0) & spent.notna())
    out["weighted"] = (out["points"] / weight).where(weight.notna() & (weight != 0))
    for key in (*GRADES, "errors", "warnings"):
        out[key] = out[key].fillna(0).astype(int)
    return out.reset_index()[cols]


UNIT_HEADERS = {"unit": "县区/单位", "forms": "表数", "budget": "全年预算数", "spent": "全年执行数",
                "rate": "执行率", "weighted": "加权总分", "优": "优", "良": "良", "中": "中", "差": "差",
                "errors": "错误数", "warnings": "警告数"}
