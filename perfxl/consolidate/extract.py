"""Per-form and per-indicator records for the summary, from the reader's forms and their facts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..forms.facts import Facts, actual_of, facts, is_percent_format, met, num, scored_rows, target_of, year_in
from ..forms.model import SCORE_TABLE, Form
from ..vocabulary import KIND_NAMES
from .columns import SUMMARY_COLUMNS


@dataclass
class FormRow:
    """What a 汇总 column may read of one form (columns.py gives each column its value)."""

    form: Form
    facts: Facts
    kind_name: str
    scores: dict[str, float]
    attained: float | None
    errors: int
    warnings: int
    file: str
    year: int | None             # as the form states it, else as its file name does
    unit: str = ""               # the unit it counts under (units.assign), else the one it names


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


def extract(forms: list[Form], result, file: str,
            units: list[str] | None = None) -> tuple[list[tuple], list[list[tuple]]]:
    """Summary records (SUMMARY_COLUMNS order) and each form's indicator rows (INDICATOR_COLUMNS
    order), as tuples: they cross process boundaries and are kept for every form of the city.

    units: the unit each form (by its index) counts under, else the unit it names."""
    counts = result.counts()
    records, indicators = [], []
    for form in forms:
        if form.kind == SCORE_TABLE:
            continue
        f = facts(form)
        rows = scored_rows(form)
        scores = {"output": 0.0, "benefit": 0.0, "satisfaction": 0.0}
        for ind in rows:
            scores[_category(ind)] += num(ind.score) or 0
        judged = [m for m in (met(i) for i in rows) if m is not None]
        errors, warnings = counts[form.index] if form.index is not None else (0, 0)
        row = FormRow(form, f, KIND_NAMES[form.kind], {k: round(v, 6) for k, v in scores.items()},
                      (sum(judged) / len(judged)) if judged else None, errors, warnings, file,
                      f.year or year_in(Path(file).name),
                      units[form.index] if units and form.index is not None else f.unit)
        records.append(tuple(c.value(row) for c in SUMMARY_COLUMNS))
        detail = []
        for ind in rows:
            tv, tu = _quantity(target_of(ind))
            av, au = _quantity(actual_of(ind))
            detail.append((row.unit, form.project, ind.level1_name, ind.level2_name, _shown(ind.level3),
                           _shown(ind.target), _shown(ind.actual), tv, tu, av, au,
                           num(ind.weight), num(ind.score), met(ind), file, form.sheet))
        indicators.append(detail)
    return records, indicators
