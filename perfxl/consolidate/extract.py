"""Per-form and per-indicator records for the summary, taken from the linter's reading of a form."""

from __future__ import annotations

import re

from ..lint.model import Form
from ..scoring import grade as grade_of
from ..rules.common import actual_of, form_sum, fund_rate, fund_total, is_percent_format, met, num, scored_rows, target_of

KIND_NAMES = {"project": "项目支出", "transfer": "转移支付", "department": "部门整体"}
_CODE = re.compile(r"^\s*[0-9A-Za-z]+\s*[-－—_]\s*")  # "054001-金寨县医疗保障局" → "金寨县医疗保障局"


def unit_name(form: Form) -> str:
    val = form.fields.get("unit") or form.fields.get("dept")
    text = "" if val is None or val.raw is None else str(val.raw).strip()
    return _CODE.sub("", text)


def _category(ind) -> str:
    if "满意度" in ind.level1_name or "满意度" in ind.level2_name:
        return "satisfaction"
    if "效益" in ind.level1_name:
        return "benefit"
    return "output"  # 产出, and 成本 when it stands as its own 一级


def _shown(val) -> str:
    """A cell as the clerk sees it (a %-formatted 0.998 reads 99.8%)."""
    if val is None or val.raw is None:
        return ""
    if isinstance(val.raw, float) and is_percent_format(val.fmt):
        return f"{val.raw * 100:.10g}%"
    return str(val.raw).strip()


def _quantity(expr):
    cond = expr.conditions[0] if expr is not None and expr.conditions and expr.kind == "quantitative" else None
    if cond is None or cond.low is None:
        return None, None
    return cond.low, cond.unit


def extract(forms: list[Form], result, file: str) -> tuple[list[tuple], list[list[tuple]]]:
    """Summary records (SUMMARY order) and each form's indicator rows (INDICATORS order), as
    tuples: they cross process boundaries and are kept for every form of the city."""
    counts: dict[str, list[int]] = {}
    for x in result.findings:
        counts.setdefault(x.sheet, [0, 0])[0 if x.severity == "error" else 1] += 1
    records, indicators = [], []
    for form in forms:
        if form.kind == "score_table":
            continue
        rows = scored_rows(form)
        fund = fund_total(form)
        budget = num(fund.cells.get("budget")) if fund else None
        spent = num(fund.cells.get("spent")) if fund else None
        scores = {"output": 0.0, "benefit": 0.0, "satisfaction": 0.0}
        for ind in rows:
            scores[_category(ind)] += num(ind.score) or 0
        judged = [m for m in (met(i) for i in rows) if m is not None]
        scored = form.kind != "transfer"
        total = num(form.total_score) if scored else None
        if total is None and scored:
            total = form_sum(form, "score")
        grade = form.grade.text if form.grade is not None and not form.grade.empty else None
        if grade is None and total is not None:
            grade = grade_of(total)
        errors, warnings = counts.get(form.sheet, [0, 0])
        unit = unit_name(form)
        records.append((
            unit, form.project, KIND_NAMES[form.kind], budget, spent,
            fund_rate(fund),
            num(fund.cells.get("score")) if fund and scored else None,
            *((round(scores[k], 6) for k in ("output", "benefit", "satisfaction")) if scored else (None,) * 3),
            total, grade, (sum(judged) / len(judged)) if judged else None,
            errors, warnings, file, form.sheet))
        detail = []
        for ind in rows:
            tv, tu = _quantity(target_of(ind))
            av, au = _quantity(actual_of(ind))
            detail.append((unit, form.project, ind.level1_name, ind.level2_name, _shown(ind.level3),
                           _shown(ind.target), _shown(ind.actual), tv, tu, av, au,
                           num(ind.weight), num(ind.score), met(ind), file, form.sheet))
        indicators.append(detail)
    return records, indicators
