"""The summary's columns, defined once: key, header, number format, 合计 treatment and value.

Extraction, spooling, the tables, the exports and the workbook all read these tuples, so
adding a column to 汇总 is one line here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

MONEY, PERCENT, SCORE = "#,##0.00", "0.00%", "0.00"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    fmt: str | None = None            # number format (MONEY, PERCENT, SCORE) or None
    total: str | None = None          # 合计 row: "sum", "rate" (Σ执行数 ÷ Σ预算数), "average" (and weighted)
    value: Callable | None = None     # the value of a form's row, from its FormRow (extract.py)
    link: bool = False                # shown as a link to the form's sheet in its workbook
    width: int | None = None          # widest the column gets (characters); longer text wraps
    data: str | None = None           # "int", "float" or "bool": its values' type where not text or fmt's number

    @property
    def type(self) -> str:
        """Its values' type as a data file (Parquet) stores it: text, unless numbers or true/false."""
        return self.data or ("float" if self.fmt else "text")


def _scored(key: str) -> Callable:
    return lambda r: r.scores[key] if r.facts.scored else None


SUMMARY_COLUMNS = (
    Column("unit", "县区/单位", value=lambda r: r.unit, width=10),   # the unit it counts under
    Column("project", "项目名称", value=lambda r: r.form.project, width=14),
    Column("kind", "表类型", value=lambda r: r.kind_name),
    Column("year", "年度", value=lambda r: r.year, data="int"),
    Column("budget", "全年预算数", MONEY, "sum", lambda r: r.facts.budget),
    Column("spent", "全年执行数", MONEY, "sum", lambda r: r.facts.spent),
    Column("rate", "执行率", PERCENT, "rate", lambda r: r.facts.rate),
    Column("fund_score", "资金得分", SCORE, value=lambda r: r.facts.fund_score),
    Column("output", "产出得分", SCORE, value=_scored("output")),
    Column("benefit", "效益得分", SCORE, value=_scored("benefit")),
    Column("satisfaction", "满意度得分", SCORE, value=_scored("satisfaction")),
    Column("total", "总分", SCORE, "average", lambda r: r.facts.total if r.facts.scored else None),
    Column("grade", "等级", value=lambda r: r.facts.grade),
    Column("attained", "指标完成率", PERCENT, value=lambda r: r.attained),
    Column("errors", "错误数", None, "sum", lambda r: r.errors, data="int"),
    Column("warnings", "警告数", None, "sum", lambda r: r.warnings, data="int"),
    Column("file", "来源文件", value=lambda r: r.file, width=12),
    Column("sheet", "工作表", value=lambda r: r.form.sheet, link=True, width=10),
)
UNIT_COLUMNS = (
    Column("unit", "县区/单位"), Column("year", "年度", data="int"), Column("forms", "表数", data="int"),
    Column("budget", "全年预算数", MONEY), Column("spent", "全年执行数", MONEY), Column("rate", "执行率", PERCENT),
    Column("weighted", "加权总分", SCORE), Column("rank", "名次", data="int"),
    Column("优", "优", data="int"), Column("良", "良", data="int"), Column("中", "中", data="int"),
    Column("差", "差", data="int"), Column("errors", "错误数", data="int"), Column("warnings", "警告数", data="int"),
)
INDICATOR_COLUMNS = (
    Column("unit", "县区/单位"), Column("project", "项目名称"), Column("level1", "一级指标"),
    Column("level2", "二级指标"), Column("level3", "三级指标"), Column("target", "年度指标值"),
    Column("actual", "实际完成值"), Column("target_value", "指标值（数）", data="float"),
    Column("target_unit", "指标值单位"), Column("actual_value", "完成值（数）", data="float"),
    Column("actual_unit", "完成值单位"), Column("weight", "分值", SCORE), Column("score", "得分", SCORE),
    Column("met", "是否完成", data="bool"), Column("file", "来源文件"), Column("sheet", "工作表"),
)
ISSUE_COLUMNS = (
    Column("file", "文件"), Column("unit", "县区/单位"), Column("project", "项目名称"), Column("sheet", "工作表"),
    Column("cell", "单元格", link=True), Column("rule", "规则"), Column("severity", "级别"),
    Column("message", "问题说明"),
)


def headers(columns: tuple[Column, ...]) -> dict[str, str]:
    return {c.key: c.header for c in columns}


SUMMARY, UNIT_HEADERS = headers(SUMMARY_COLUMNS), headers(UNIT_COLUMNS)
INDICATORS, ISSUES = headers(INDICATOR_COLUMNS), headers(ISSUE_COLUMNS)
FORMATS = {c.key: c.fmt for cols in (SUMMARY_COLUMNS, UNIT_COLUMNS) for c in cols if c.fmt}
WIDTHS = {c.key: c.width for c in SUMMARY_COLUMNS if c.width}
