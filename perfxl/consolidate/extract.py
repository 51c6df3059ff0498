"""Per-form and per-indicator records for the summary, taken from the linter's reading of a form."""

from __future__ import annotations

import re

from ..lint.model import Form
from ..rules.common import actual_of, form_sum, met, num, scored_rows, target_of

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
    if isinstance(val.raw, float) and val.fmt and "%" in val.fmt:
        return f"{val.raw * 100:.10g}%"
    return str(val.raw).strip()


def _quantity(expr):
    cond = expr.conditions[0] if expr is not None and expr.conditions and expr.kind == "quantitative" else None
    if cond is None or cond.low is None:
        return None, None
    return cond.low, cond.unit


def extract(forms: list[Form], result) -> None:
    """Fill result.records and result.indicators (plain dicts: they cross process boundaries)."""
    counts: dict[str, list[int]] = {}
    for x in result.findings:
        counts.setdefault(x.sheet, [0, 0])[0 if x.severity == "error" else 1] += 1
    for form in forms:
        if form.kind == "score_table":
            continue
        rows = scored_rows(form)
        fund = form.fund.get("total")
        budget = num(fund.cells.get("budget")) if fund else None
        spent = num(fund.cells.get("spent")) if fund else None
        scores = {"output": 0.0, "benefit": 0.0, "satisfaction": 0.0}
        for ind in rows:
            scores[_category(ind)] += num(ind.score) or 0
        judged = [m for m in (met(i) for i in rows) if m is not None]
        total = num(form.total_score)
        if total is None and form.kind != "transfer":
            total = form_sum(form, "score")
        errors, warnings = counts.get(form.sheet, [0, 0])
        scored = form.kind != "transfer"
        result.records.append({
            "unit": unit_name(form), "project": form.project, "kind": KIND_NAMES[form.kind],
            "budget": budget, "spent": spent,
            "rate": spent / budget if budget and spent is not None else None,
            "fund_score": num(fund.cells.get("score")) if fund and scored else None,
            "output": round(scores["output"], 6) if scored else None,
            "benefit": round(scores["benefit"], 6) if scored else None,
            "satisfaction": round(scores["satisfaction"], 6) if scored else None,
            "total": total if scored else None,
            "grade": (form.grade.text if form.grade is not None and not form.grade.empty else None),
            "attained": (sum(judged) / len(judged)) if judged else None,
            "errors": errors, "warnings": warnings, "file": result.path, "sheet": form.sheet,
        })
        for ind in rows:
            tv, tu = _quantity(target_of(ind))
            av, au = _quantity(actual_of(ind))
            result.indicators.append({
                "unit": unit_name(form), "project": form.project, "sheet": form.sheet,
                "level1": ind.level1_name, "level2": ind.level2_name,
                "level3": _shown(ind.level3), "target": _shown(ind.target), "actual": _shown(ind.actual),
                "target_value": tv, "target_unit": tu, "actual_value": av, "actual_unit": au,
                "weight": num(ind.weight), "score": num(ind.score), "met": met(ind),
                "file": result.path,
            })
