"""Per-form and per-indicator records for the summary, from the reader's forms and their facts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..forms.facts import Facts, facts, is_percent_format, met, points, target_actual, year_in
from ..forms.model import SCORE_TABLE, Form
from ..vocabulary import EVALUATION_LEVEL1, KIND_NAMES
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


def _category(level1: str, level2: str) -> str | None:
    """The 汇总 column a row's points add to: 满意度, 效益 (a 一级, or a 二级 such as 项目效益 under
    项目绩效), else 产出 (and 成本 standing as its own 一级); None for 决策, 管理, 过程."""
    if "满意度" in level1 or "满意度" in level2:
        return "satisfaction"
    if "效益" in level1 or "效益" in level2 and "产出" not in level1:
        return "benefit"
    if any(w in level1 for w in EVALUATION_LEVEL1):   # no column of 汇总 holds them
        return None
    return "output"


def _shown(val) -> str:
    """A cell as the clerk sees it (a %-formatted 0.998 reads 99.8%)."""
    if val is None:
        return ""
    raw = val.raw
    if raw.__class__ is str:  # most cells: text
        return raw.strip()
    if raw is None:
        return ""
    if isinstance(raw, float) and is_percent_format(val.fmt):
        return f"{raw * 100:.10g}%"
    return str(raw).strip()


def _quantity(expr):
    cond = expr.conditions[0] if expr is not None and expr.conditions and expr.kind == "quantitative" else None
    if cond is None or cond.low is None:
        return None, None
    return cond.low, cond.unit


_VALUES = [c.value for c in SUMMARY_COLUMNS]


def extract(forms: list[Form], result, file: str,
            units: list[str] | None = None) -> tuple[list[tuple], list[list[tuple]]]:
    """Summary records (SUMMARY_COLUMNS order) and each form's indicator rows (INDICATOR_COLUMNS
    order), as tuples: they cross process boundaries and are kept for every form of the city.

    units: the unit each form (by its index) counts under, else the unit it names."""
    counts = result.counts()
    records, indicators = [], []
    named_year = ...  # the year the file's name states: looked for once, if a form states none
    for form in forms:
        if form.kind == SCORE_TABLE:
            continue
        f = facts(form)
        unit = units[form.index] if units and form.index is not None else f.unit
        project, sheet = form.project, form.sheet
        scores = {"output": 0.0, "benefit": 0.0, "satisfaction": 0.0}
        judged = hits = 0
        detail = []
        # one pass over the scored rows: their points, whether each is met, and its 指标明细 row
        for ind, weight, score in points(form):
            level1, level2 = ind.level1_name, ind.level2_name
            category = _category(level1, level2)
            if category is not None:
                scores[category] += score or 0
            done = met(ind)
            if done is not None:
                judged += 1
                hits += done
            target, actual = target_actual(ind)
            tv, tu = _quantity(target)
            av, au = _quantity(actual)
            detail.append((unit, project, level1, level2, _shown(ind.level3), _shown(ind.target),
                           _shown(ind.actual), tv, tu, av, au, weight, score, done, file, sheet))
        errors, warnings = counts[form.index] if form.index is not None else (0, 0)
        year = f.year
        if not year:
            if named_year is ...:
                named_year = year_in(Path(file).name)
            year = named_year
        row = FormRow(form, f, KIND_NAMES[form.kind], {k: round(v, 6) for k, v in scores.items()},
                      hits / judged if judged else None, errors, warnings, file, year, unit)
        records.append(tuple([value(row) for value in _VALUES]))
        indicators.append(detail)
    return records, indicators
